#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A view whose table can be saved as CSV. The window's "Export…" (Ctrl+E,
 * win.export) asks the page shown for its CSV through this interface, so a
 * new table view gets "Export…" by implementing it:
 *
 *   static char *
 *   my_view_dup_csv (BmdExportable *exportable, char **suggested_name)
 *   {
 *     *suggested_name = g_strdup ("my-table.csv");
 *     return bmd_plan_table_to_csv (table);   // or bmd_csv_format_table ()
 *   }
 *
 *   static void
 *   my_view_exportable_init (BmdExportableInterface *iface)
 *   {
 *     iface->dup_csv = my_view_dup_csv;
 *   }
 *
 *   G_DEFINE_FINAL_TYPE_WITH_CODE (MyView, my_view, GTK_TYPE_WIDGET,
 *     G_IMPLEMENT_INTERFACE (BMD_TYPE_EXPORTABLE, my_view_exportable_init))
 */
#define BMD_TYPE_EXPORTABLE (bmd_exportable_get_type ())
G_DECLARE_INTERFACE (BmdExportable, bmd_exportable, BMD, EXPORTABLE, GtkWidget)

struct _BmdExportableInterface
{
  GTypeInterface parent_iface;

  /* The table as RFC 4180 CSV (the columns of the CLI's TSV), or NULL when
   * there is nothing to export yet; @suggested_name: a file name. */
  char * (*dup_csv) (BmdExportable  *self,
                     char          **suggested_name);
};

char *bmd_exportable_dup_csv (BmdExportable  *self,
                              char          **suggested_name);

G_END_DECLS
