#define G_LOG_DOMAIN "bmd-exportable"

#include "config.h"

#include "bmd-exportable.h"

G_DEFINE_INTERFACE (BmdExportable, bmd_exportable, GTK_TYPE_WIDGET)

static void
bmd_exportable_default_init (BmdExportableInterface *iface)
{
}

char *
bmd_exportable_dup_csv (BmdExportable  *self,
                        char          **suggested_name)
{
  BmdExportableInterface *iface;
  g_autofree char *name = NULL;
  char *csv;

  g_return_val_if_fail (BMD_IS_EXPORTABLE (self), NULL);

  iface = BMD_EXPORTABLE_GET_IFACE (self);
  g_return_val_if_fail (iface->dup_csv != NULL, NULL);
  csv = iface->dup_csv (self, &name);
  if (suggested_name != NULL)
    *suggested_name = name != NULL ? g_steal_pointer (&name) : g_strdup ("table.csv");
  return csv;
}
