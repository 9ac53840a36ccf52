/* The secrets file (bmd-secrets.c) as it may be found on disk: reading each
 * secret never fails badly, and storing one keeps the others as they read. */
#include <glib/gstdio.h>
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-secrets.h"

static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *home = bmd_fuzz_make_tmp_dir ("secrets");

  bmd_fuzz_init_glib ();
  /* Before GLib reads it for the first time. */
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  path = bmd_secrets_file_dup_path ();
  if (!g_str_has_prefix (path, home))
    g_error ("the secrets file is not under XDG_CONFIG_HOME");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *dir = g_path_get_dirname (path);
  char *before[BMD_N_SECRETS];
  gboolean readable = TRUE;
  g_autoptr(GError) store_error = NULL;
  guint i;

  g_mkdir_with_parents (dir, 0700);
  if (!g_file_set_contents (path, (const char *) data, size, NULL) || g_chmod (path, 0600) != 0)
    abort ();
  for (i = 0; i < BMD_N_SECRETS; i++)
    {
      g_autoptr(GError) error = NULL;

      before[i] = bmd_secrets_file_lookup (i, &error);
      bmd_fuzz_check (before[i] == NULL || error == NULL, "a secret and an error");
      if (error != NULL)
        readable = FALSE;
    }

  if (readable && bmd_secrets_file_store (BMD_SECRET_SHOPIFY_TOKEN, "shpat_new", &store_error))
    for (i = 0; i < BMD_N_SECRETS; i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *after = bmd_secrets_file_lookup (i, &error);

        bmd_fuzz_check (error == NULL, "the file it wrote does not read");
        if (i == BMD_SECRET_SHOPIFY_TOKEN)
          bmd_fuzz_check (g_strcmp0 (after, "shpat_new") == 0, "the stored secret");
        else
          bmd_fuzz_check (g_strcmp0 (after, before[i]) == 0, "storing one secret changed another");
      }
  for (i = 0; i < BMD_N_SECRETS; i++)
    g_free (before[i]);
  return 0;
}
