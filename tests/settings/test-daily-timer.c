/* The daily refresh: unit texts, and installing/removing them with a
 * stand-in systemctl that records what it was asked. */
#include "config.h"

#include <glib/gstdio.h>

#include "bmd-daily-timer.h"

static char *config_home;

static void
test_parse_time (void)
{
  static const struct
  {
    const char *text;
    gboolean ok;
    int hour, minute;
  } cases[] = {
    { "06:00", TRUE, 6, 0 },
    { "00:00", TRUE, 0, 0 },
    { "23:59", TRUE, 23, 59 },
    { "24:00", FALSE, 0, 0 },
    { "12:60", FALSE, 0, 0 },
    { "6:00", FALSE, 0, 0 },
    { "06:00:00", FALSE, 0, 0 },
    { "ab:cd", FALSE, 0, 0 },
    { "", FALSE, 0, 0 },
    { NULL, FALSE, 0, 0 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int hour = -1, minute = -1;

      g_assert_cmpint (bmd_daily_time_parse (cases[i].text, &hour, &minute), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpint (hour, ==, cases[i].hour);
          g_assert_cmpint (minute, ==, cases[i].minute);
        }
    }
}

static void
test_unit_texts (void)
{
  g_autofree char *service = bmd_daily_timer_service_text ("/usr/bin/bakemyday-sync", NULL);
  g_autofree char *quoted = bmd_daily_timer_service_text ("/opt/Bake My Day/bakemyday-sync", "/data/100%");
  g_autofree char *timer = bmd_daily_timer_timer_text (6, 5);
  g_autofree char *plist = bmd_daily_timer_launchd_text ("/Apps/B&B/bakemyday-sync", "/tmp/d", 21, 30);

  g_assert_nonnull (strstr (service, "\n[Service]\nType=oneshot\nExecStart=/usr/bin/bakemyday-sync refresh --sweep\n"));
  g_assert_null (strstr (service, "Environment="));
  g_assert_nonnull (strstr (quoted, "\nEnvironment=BAKEMYDAY_DATA_DIR=/data/100%%\n"));
  g_assert_nonnull (strstr (quoted, "\nExecStart=\"/opt/Bake My Day/bakemyday-sync\" refresh --sweep\n"));

  g_assert_nonnull (strstr (timer, "\n[Timer]\nOnCalendar=*-*-* 06:05:00\nPersistent=true\n"));
  g_assert_nonnull (strstr (timer, "\n[Install]\nWantedBy=timers.target\n"));

  g_assert_nonnull (strstr (plist, "<string>" BMD_LAUNCHD_LABEL "</string>"));
  g_assert_nonnull (strstr (plist, "<string>/Apps/B&amp;B/bakemyday-sync</string>\n    <string>refresh</string>\n    <string>--sweep</string>\n  </array>"));
  g_assert_nonnull (strstr (plist, "<key>Hour</key>\n    <integer>21</integer>\n    <key>Minute</key>\n    <integer>30</integer>"));
  g_assert_nonnull (strstr (plist, "<key>BAKEMYDAY_DATA_DIR</key>\n    <string>/tmp/d</string>"));
}

static char *
write_fake_systemctl (const char *log,
                      int         status)
{
  g_autofree char *path = g_build_filename (config_home, "fake-systemctl", NULL);
  g_autofree char *script = g_strdup_printf ("#!/bin/sh\necho \"$*\" >> '%s'\n%s\n", log,
                                             status == 0 ? "exit 0" : "echo 'Failed to connect to bus: No medium found' >&2; exit 1");
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, script, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return g_steal_pointer (&path);
}

static void
test_install_remove (void)
{
  g_autofree char *dir = bmd_daily_timer_dup_unit_dir ();
  g_autofree char *timer_path = g_build_filename (dir, BMD_DAILY_TIMER_NAME ".timer", NULL);
  g_autofree char *service_path = g_build_filename (dir, BMD_DAILY_TIMER_NAME ".service", NULL);
  g_autofree char *log = g_build_filename (config_home, "systemctl.log", NULL);
  g_autofree char *fake = write_fake_systemctl (log, 0);
  g_autofree char *message = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *timer = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (dir, config_home));
  g_setenv ("BAKEMYDAY_SYSTEMCTL", fake, TRUE);

  g_assert_false (bmd_daily_timer_install ("/usr/bin/bakemyday-sync", NULL, "25:00", &message, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (timer_path, G_FILE_TEST_EXISTS));

  g_assert_true (bmd_daily_timer_install ("/usr/bin/bakemyday-sync", NULL, "05:30", &message, &error));
  g_assert_no_error (error);
  g_assert_null (message);
  g_assert_true (g_file_get_contents (timer_path, &timer, NULL, NULL));
  g_assert_nonnull (strstr (timer, "OnCalendar=*-*-* 05:30:00"));
  g_assert_true (g_file_test (service_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (log, &calls, NULL, NULL));
  g_assert_cmpstr (calls, ==, "--user daemon-reload\n--user enable --now " BMD_DAILY_TIMER_NAME ".timer\n");
  g_unlink (log);

  g_assert_true (bmd_daily_timer_remove (&message, &error));
  g_assert_no_error (error);
  g_assert_null (message);
  g_assert_false (g_file_test (timer_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (service_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&calls, g_free);
  g_assert_true (g_file_get_contents (log, &calls, NULL, NULL));
  g_assert_cmpstr (calls, ==, "--user disable --now " BMD_DAILY_TIMER_NAME ".timer\n--user daemon-reload\n");
  g_unlink (log);

  /* Removing what is not there is fine and asks nothing. */
  g_assert_true (bmd_daily_timer_remove (&message, &error));
  g_assert_false (g_file_test (log, G_FILE_TEST_EXISTS));
  g_unsetenv ("BAKEMYDAY_SYSTEMCTL");
}

static void
test_no_user_manager (void)
{
  g_autofree char *dir = bmd_daily_timer_dup_unit_dir ();
  g_autofree char *timer_path = g_build_filename (dir, BMD_DAILY_TIMER_NAME ".timer", NULL);
  g_autofree char *log = g_build_filename (config_home, "systemctl.log", NULL);
  g_autofree char *fake = write_fake_systemctl (log, 1);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("BAKEMYDAY_SYSTEMCTL", fake, TRUE);
  g_assert_true (bmd_daily_timer_install ("/usr/bin/bakemyday-sync", NULL, "06:00", &message, &error));
  g_assert_no_error (error);
  /* The files are there; the message says what is left to do and why. */
  g_assert_true (g_file_test (timer_path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Failed to connect to bus"));
  g_assert_nonnull (strstr (message, "systemctl --user enable --now " BMD_DAILY_TIMER_NAME ".timer"));
  g_clear_pointer (&message, g_free);

  g_assert_true (bmd_daily_timer_remove (&message, &error));
  g_assert_false (g_file_test (timer_path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (message);
  g_unsetenv ("BAKEMYDAY_SYSTEMCTL");
}

int
main (int    argc,
      char **argv)
{
  int status;

  config_home = g_dir_make_tmp ("bmd-timer-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bmd/daily-timer/parse-time", test_parse_time);
  g_test_add_func ("/bmd/daily-timer/unit-texts", test_unit_texts);
  g_test_add_func ("/bmd/daily-timer/install-remove", test_install_remove);
  g_test_add_func ("/bmd/daily-timer/no-user-manager", test_no_user_manager);
  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", config_home, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (config_home);
  return status;
}
