#define G_LOG_DOMAIN "bmd-resources"

#include "config.h"

#include "bmd-resources.h"
#include "bmd-core-resources.h"

#define CORE_PREFIX "/com/organicbakeryaustin/BakeMyDay/core/"

static GBytes *
lookup_resource (const char  *path,
                 GError     **error)
{
  g_autofree char *full = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* Asking for the resource by its symbol keeps the linker from dropping the
   * object file out of the static library. */
  full = g_strconcat (CORE_PREFIX, path, NULL);
  return g_resource_lookup_data (bmd_core_get_resource (), full,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

char *
bmd_core_dup_resource_text (const char  *path,
                            GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  bytes = lookup_resource (path, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}
