/* The settings file (bmd-settings-file.c) as a person or another version of
 * the app may have left it, and the warehouse connection string in it. A
 * string written with the app's writer reads back unchanged. */
#include <glib/gstdio.h>
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-settings-file.h"

static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autofree char *home = bmd_fuzz_make_tmp_dir ("settings");

  bmd_fuzz_init_glib ();
  path = g_build_filename (home, "settings.ini", NULL);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = bmd_fuzz_dup_string (data, size);
  g_autofree char *joined = NULL;
  BmdConfig *config;

  if (!g_file_set_contents (path, (const char *) data, size, NULL))
    abort ();
  file = bmd_settings_file_load (path, &error);
  bmd_fuzz_check ((file == NULL) == (error != NULL), "a file and an error disagree");
  if (file != NULL)
    {
      config = bmd_config_new ();
      bmd_config_apply_settings_file (config, file);
      bmd_config_free (config);

      if (g_utf8_validate (text, -1, NULL) && *text != '\0')
        {
          g_autofree char *back = NULL;

          bmd_settings_file_set_string (file, "shop", text);
          back = bmd_settings_file_dup_string (file, "shop");
          bmd_fuzz_check (g_strcmp0 (back, text) == 0, "a string does not read back as written");
        }
    }

  joined = bmd_conninfo_with_password (text, "pa'ss wo\\rd");
  (void) joined;
  return 0;
}
