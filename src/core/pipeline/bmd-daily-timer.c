#define G_LOG_DOMAIN "bmd-daily-timer"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bmd-daily-timer.h"

gboolean
bmd_daily_time_parse (const char *text,
                      int        *hour,
                      int        *minute)
{
  if (text == NULL || strlen (text) != 5 || text[2] != ':'
      || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1])
      || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  if ((text[0] - '0') * 10 + (text[1] - '0') > 23 || (text[3] - '0') * 10 + (text[4] - '0') > 59)
    return FALSE;
  if (hour != NULL)
    *hour = (text[0] - '0') * 10 + (text[1] - '0');
  if (minute != NULL)
    *minute = (text[3] - '0') * 10 + (text[4] - '0');
  return TRUE;
}

/* One word of a systemd command line or assignment: "%" is a specifier,
 * and spaces, quotes and backslashes need quoting. */
static void
append_systemd_word (GString    *out,
                     const char *word)
{
  gboolean quote = strpbrk (word, " \t\"'\\") != NULL;
  const char *p;

  if (quote)
    g_string_append_c (out, '"');
  for (p = word; *p != '\0'; p++)
    {
      if (*p == '%')
        g_string_append (out, "%%");
      else if (quote && (*p == '"' || *p == '\\'))
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
        }
      else
        g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

char *
bmd_daily_timer_service_text (const char *sync_program,
                              const char *data_dir)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (sync_program != NULL, NULL);

  g_string_append (out,
                   "# Written by Bake My Day (Preferences, \"Refresh every day\"); turning\n"
                   "# the setting off removes it.\n"
                   "[Unit]\n"
                   "Description=Bake My Day: refresh the orders from Shopify\n"
                   "After=network-online.target\n"
                   "Wants=network-online.target\n"
                   "\n"
                   "[Service]\n"
                   "Type=oneshot\n");
  if (data_dir != NULL)
    {
      g_autofree char *assignment = g_strconcat ("BAKEMYDAY_DATA_DIR=", data_dir, NULL);

      g_string_append (out, "Environment=");
      append_systemd_word (out, assignment);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "ExecStart=");
  append_systemd_word (out, sync_program);
  /* The daily run is the one that sweeps: re-reads upcoming orders'
   * metafields and looks for deleted orders. */
  g_string_append (out, " refresh --sweep\n");
  return g_string_free (out, FALSE);
}

char *
bmd_daily_timer_timer_text (int hour,
                            int minute)
{
  g_return_val_if_fail (hour >= 0 && hour <= 23, NULL);
  g_return_val_if_fail (minute >= 0 && minute <= 59, NULL);

  /* Persistent: a day missed while the computer was off runs at the next start. */
  return g_strdup_printf ("# Written by Bake My Day (Preferences, \"Refresh every day\").\n"
                          "[Unit]\n"
                          "Description=Bake My Day: daily refresh at %02d:%02d\n"
                          "\n"
                          "[Timer]\n"
                          "OnCalendar=*-*-* %02d:%02d:00\n"
                          "Persistent=true\n"
                          "RandomizedDelaySec=60\n"
                          "\n"
                          "[Install]\n"
                          "WantedBy=timers.target\n",
                          hour, minute, hour, minute);
}

char *
bmd_daily_timer_launchd_text (const char *sync_program,
                              const char *data_dir,
                              int         hour,
                              int         minute)
{
  g_autofree char *program = NULL;
  GString *out;

  g_return_val_if_fail (sync_program != NULL, NULL);
  g_return_val_if_fail (hour >= 0 && hour <= 23, NULL);
  g_return_val_if_fail (minute >= 0 && minute <= 59, NULL);

  program = g_markup_escape_text (sync_program, -1);
  out = g_string_new (NULL);
  g_string_append_printf (out,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                          "<plist version=\"1.0\">\n"
                          "<dict>\n"
                          "  <key>Label</key>\n"
                          "  <string>%s</string>\n"
                          "  <key>ProgramArguments</key>\n"
                          "  <array>\n"
                          "    <string>%s</string>\n"
                          "    <string>refresh</string>\n"
                          "    <string>--sweep</string>\n"
                          "  </array>\n",
                          BMD_LAUNCHD_LABEL, program);
  if (data_dir != NULL)
    {
      g_autofree char *dir = g_markup_escape_text (data_dir, -1);

      g_string_append_printf (out,
                              "  <key>EnvironmentVariables</key>\n"
                              "  <dict>\n"
                              "    <key>BAKEMYDAY_DATA_DIR</key>\n"
                              "    <string>%s</string>\n"
                              "  </dict>\n", dir);
    }
  g_string_append_printf (out,
                          "  <key>StartCalendarInterval</key>\n"
                          "  <dict>\n"
                          "    <key>Hour</key>\n"
                          "    <integer>%d</integer>\n"
                          "    <key>Minute</key>\n"
                          "    <integer>%d</integer>\n"
                          "  </dict>\n"
                          "</dict>\n"
                          "</plist>\n", hour, minute);
  return g_string_free (out, FALSE);
}

char *
bmd_daily_timer_dup_unit_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "systemd", "user", NULL);
}

char *
bmd_daily_timer_find_sync_program (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, "bakemyday-sync", NULL);
      /* In the build tree the app is in src/gui and the CLI in src/cli. */
      g_autofree char *build_tree = g_build_filename (dir, "..", "cli", "bakemyday-sync", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
      if (g_file_test (build_tree, G_FILE_TEST_IS_EXECUTABLE))
        return g_canonicalize_filename (build_tree, NULL);
    }
  return g_find_program_in_path ("bakemyday-sync");
}

/* Runs a service-manager command; FALSE with its stderr when it failed. */
static gboolean
run_manager (const char * const  *argv,
             char               **out_error)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err_text, &error))
    {
      *out_error = g_strdup (error->message);
      return FALSE;
    }
  if (!g_subprocess_get_successful (process))
    {
      *out_error = g_strdup (err_text != NULL && *g_strstrip (err_text) != '\0'
                               ? err_text : "it failed");
      return FALSE;
    }
  return TRUE;
}

static char *
dup_systemctl (void)
{
  const char *override = g_getenv ("BAKEMYDAY_SYSTEMCTL");

  if (override != NULL && *override != '\0')
    return g_strdup (override);
  return g_find_program_in_path ("systemctl");
}

static gboolean
write_file (const char  *path,
            const char  *text,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

static gboolean
remove_file (const char  *path,
             GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot remove %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

#ifdef __APPLE__

static char *
dup_plist_path (void)
{
  return g_build_filename (g_get_home_dir (), "Library", "LaunchAgents", BMD_LAUNCHD_LABEL ".plist", NULL);
}

gboolean
bmd_daily_timer_install (const char    *sync_program,
                         const char    *data_dir,
                         const char    *time,
                         char         **out_message,
                         GError       **error)
{
  g_autofree char *path = dup_plist_path ();
  g_autofree char *text = NULL;
  g_autofree char *failure = NULL;
  int hour, minute;

  g_return_val_if_fail (sync_program != NULL, FALSE);

  *out_message = NULL;
  if (!bmd_daily_time_parse (time, &hour, &minute))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the time must be HH:MM, not “%s”", time);
      return FALSE;
    }
  text = bmd_daily_timer_launchd_text (sync_program, data_dir, hour, minute);
  if (!write_file (path, text, error))
    return FALSE;
  {
    const char *unload[] = { "launchctl", "unload", path, NULL };
    const char *load[] = { "launchctl", "load", "-w", path, NULL };
    g_autofree char *ignored = NULL;

    run_manager (unload, &ignored);
    if (!run_manager (load, &failure))
      *out_message = g_strdup_printf ("%s is written, but launchctl could not load it (%s).", path, failure);
  }
  return TRUE;
}

gboolean
bmd_daily_timer_remove (char   **out_message,
                        GError **error)
{
  g_autofree char *path = dup_plist_path ();
  const char *unload[] = { "launchctl", "unload", "-w", path, NULL };
  g_autofree char *ignored = NULL;

  *out_message = NULL;
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    run_manager (unload, &ignored);
  return remove_file (path, error);
}

#else

gboolean
bmd_daily_timer_install (const char    *sync_program,
                         const char    *data_dir,
                         const char    *time,
                         char         **out_message,
                         GError       **error)
{
  g_autofree char *dir = bmd_daily_timer_dup_unit_dir ();
  g_autofree char *service_path = g_build_filename (dir, BMD_DAILY_TIMER_NAME ".service", NULL);
  g_autofree char *timer_path = g_build_filename (dir, BMD_DAILY_TIMER_NAME ".timer", NULL);
  g_autofree char *service = NULL;
  g_autofree char *timer = NULL;
  g_autofree char *systemctl = dup_systemctl ();
  g_autofree char *failure = NULL;
  int hour, minute;

  g_return_val_if_fail (sync_program != NULL, FALSE);
  g_return_val_if_fail (out_message != NULL, FALSE);

  *out_message = NULL;
  if (!bmd_daily_time_parse (time, &hour, &minute))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "the time must be HH:MM, not “%s”", time);
      return FALSE;
    }
  service = bmd_daily_timer_service_text (sync_program, data_dir);
  timer = bmd_daily_timer_timer_text (hour, minute);
  if (!write_file (service_path, service, error) || !write_file (timer_path, timer, error))
    return FALSE;

  if (systemctl == NULL)
    {
      *out_message = g_strdup_printf ("The timer is written to %s, but systemctl was not found: "
                                      "start it with “systemctl --user enable --now " BMD_DAILY_TIMER_NAME ".timer”.",
                                      dir);
      return TRUE;
    }
  {
    const char *reload[] = { systemctl, "--user", "daemon-reload", NULL };
    const char *enable[] = { systemctl, "--user", "enable", "--now", BMD_DAILY_TIMER_NAME ".timer", NULL };

    if (!run_manager (reload, &failure) || !run_manager (enable, &failure))
      *out_message = g_strdup_printf ("The timer is written to %s, but the systemd user manager could not "
                                      "start it (%s). In a session with one, run “systemctl --user enable "
                                      "--now " BMD_DAILY_TIMER_NAME ".timer”.", dir, failure);
  }
  return TRUE;
}

gboolean
bmd_daily_timer_remove (char   **out_message,
                        GError **error)
{
  g_autofree char *dir = bmd_daily_timer_dup_unit_dir ();
  g_autofree char *service_path = g_build_filename (dir, BMD_DAILY_TIMER_NAME ".service", NULL);
  g_autofree char *timer_path = g_build_filename (dir, BMD_DAILY_TIMER_NAME ".timer", NULL);
  g_autofree char *systemctl = dup_systemctl ();
  g_autofree char *failure = NULL;
  gboolean existed = g_file_test (timer_path, G_FILE_TEST_EXISTS);

  g_return_val_if_fail (out_message != NULL, FALSE);

  *out_message = NULL;
  if (existed && systemctl != NULL)
    {
      const char *disable[] = { systemctl, "--user", "disable", "--now", BMD_DAILY_TIMER_NAME ".timer", NULL };

      if (!run_manager (disable, &failure))
        g_debug ("disabling the timer: %s", failure);
    }
  if (!remove_file (timer_path, error) || !remove_file (service_path, error))
    return FALSE;
  if (existed && systemctl != NULL)
    {
      const char *reload[] = { systemctl, "--user", "daemon-reload", NULL };

      g_clear_pointer (&failure, g_free);
      if (!run_manager (reload, &failure))
        *out_message = g_strdup_printf ("The timer files are removed, but the systemd user manager could not "
                                        "be told (%s); it forgets the timer at the next login.", failure);
    }
  return TRUE;
}

#endif

typedef struct
{
  gboolean enabled;
  char *time;
  char *data_dir;
  char *message;
} ApplyData;

static void
apply_data_free (gpointer data)
{
  ApplyData *apply = data;

  g_free (apply->time);
  g_free (apply->data_dir);
  g_free (apply->message);
  g_free (apply);
}

static void
apply_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ApplyData *apply = task_data;
  GError *error = NULL;
  gboolean ok;

  if (apply->enabled)
    {
      g_autofree char *program = bmd_daily_timer_find_sync_program ();

      if (program == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                   "bakemyday-sync was not found beside the app or on PATH");
          return;
        }
      ok = bmd_daily_timer_install (program, apply->data_dir, apply->time, &apply->message, &error);
    }
  else
    ok = bmd_daily_timer_remove (&apply->message, &error);

  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
bmd_daily_timer_apply_async (gboolean             enabled,
                             const char          *time,
                             const char          *data_dir,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ApplyData *apply = g_new0 (ApplyData, 1);

  apply->enabled = enabled;
  apply->time = g_strdup (time);
  apply->data_dir = g_strdup (data_dir);
  g_task_set_source_tag (task, bmd_daily_timer_apply_async);
  g_task_set_task_data (task, apply, apply_data_free);
  g_task_run_in_thread (task, apply_in_thread);
}

gboolean
bmd_daily_timer_apply_finish (GAsyncResult  *result,
                              char         **out_message,
                              GError       **error)
{
  ApplyData *apply;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  apply = g_task_get_task_data (G_TASK (result));
  if (out_message != NULL)
    *out_message = g_steal_pointer (&apply->message);
  return g_task_propagate_boolean (G_TASK (result), error);
}
