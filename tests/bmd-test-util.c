#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bmd-test-util.h"

guint
bmd_test_count (const char *text,
                const char *what)
{
  guint n = 0;

  for (const char *p = strstr (text, what); p != NULL; p = strstr (p + 1, what))
    n++;
  return n;
}

void
bmd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* Tests make folders read-only on purpose: undo that first. */
      g_chmod (child, 0700);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bmd_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
bmd_test_run_clear (BmdTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

void
bmd_test_run_cli (BmdTestRun         *run,
                  const char * const *extra_env,
                  const char         *first,
                  ...)
{
  static const char * const unset[] = {
    "BAKEMYDAY_SHOP", "BAKEMYDAY_TOKEN", "BAKEMYDAY_CLIENT_ID", "BAKEMYDAY_CLIENT_SECRET",
    "BAKEMYDAY_DATA_DIR", "BAKEMYDAY_TZ", "BAKEMYDAY_S3_ENDPOINT", "BAKEMYDAY_S3_BUCKET",
    "BAKEMYDAY_S3_PREFIX", "BAKEMYDAY_WAREHOUSE", "BAKEMYDAY_WAREHOUSE_DIALECT",
    "BAKEMYDAY_REDSHIFT_IAM_ROLE", "BAKEMYDAY_REDSHIFT_WORKGROUP",
  };
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  const char *build = g_getenv ("BMD_BUILD_DIR");
  const char *arg;
  va_list args;

  g_assert_nonnull (build);
  g_ptr_array_add (argv, g_build_filename (build, "src", "cli", "bakemyday-sync", NULL));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", "/nonexistent/bakemyday-test-config", TRUE);
  for (guint i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (extra_env[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1] != NULL ? pair[1] : "", TRUE);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* Bytes, not UTF-8: what is printed may be exactly what is under test. */
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  run->out = g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "", g_bytes_get_size (out));
  run->err = g_strndup (g_bytes_get_size (err) > 0 ? g_bytes_get_data (err, NULL) : "", g_bytes_get_size (err));
  /* A crash is a status a test can see, not a pass. */
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                     : 128 + g_subprocess_get_term_sig (process);
}

char *
bmd_test_write_temp_file (const char *name,
                          const char *contents,
                          gssize      length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-test-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}
