/* bakemyday-sync remind, and the reminders every refresh sends */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "bmd-act-settings.h"
#include "bmd-cli.h"
#include "bmd-notifier.h"
#include "bmd-settings-file.h"
#include "bmd-snapshot.h"

gboolean
bmd_cli_send_reminders (const BmdConfig  *config,
                        GDateTime        *now,
                        guint            *n_sent,
                        GError          **error)
{
  g_autoptr(GApplication) application = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) owner = NULL;
  g_autoptr(GPtrArray) reminders = NULL;
  gboolean app_running = FALSE;
  BmdActSettings settings;
  BmdPlanFlags flags = BMD_PLAN_FLAGS_NONE;

  *n_sent = 0;
  if (!bmd_notifier_has_session_bus ())
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("no session bus to send notifications through"));
      return FALSE;
    }
  if (!bmd_act_settings_load_stored (&settings, error))
    return FALSE;

  /* The app is running: it notices the refreshed store and sends them
   * itself, as the sender a click on them comes back to. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (bus == NULL)
    return FALSE;
  owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, error);
  if (owner == NULL)
    return FALSE;
  g_variant_get (owner, "(b)", &app_running);
  if (app_running)
    return TRUE;

  /* The app's own id, so the notifications are the app's (and GNOME Shell
   * opens the app on a click), without taking the app's bus name: the app
   * starting meanwhile stays the one instance. */
  application = g_application_new (APP_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (application, NULL, error))
    return FALSE;

  if (config->queue_calendar_week)
    flags |= BMD_PLAN_FLAGS_CALENDAR_WEEK;
  reminders = bmd_reminders_claim_stored (config->data_dir, now, config->zone, flags, &settings, error);
  if (reminders == NULL)
    return FALSE;
  bmd_notifier_send (application, reminders);
  *n_sent = reminders->len;
  return TRUE;
}

int
bmd_cli_remind (int    argc,
                char **argv)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *zone_name = NULL;
  GOptionEntry entries[] = {
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The local warehouse’s folder"), N_("DIR") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Remind as of this time (ISO 8601)"), "ISO8601" },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &zone_name, N_("The shop’s IANA time zone"), N_("ZONE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint n_sent = 0;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Send the reminders that are due as desktop notifications."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("remind: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (argc > 1)
    {
      bmd_cli_error (_("remind: unexpected argument “%s”"), argv[1]);
      return BMD_EXIT_USAGE;
    }

  config = bmd_config_new ();
  if (!bmd_config_apply_stored_settings (config, &error))
    {
      bmd_cli_error ("remind: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  bmd_config_apply_environment (config);
  bmd_config_set (&config->data_dir, data_dir);
  bmd_config_set (&config->zone, zone_name);
  if (config->zone != NULL)
    {
      g_autoptr(GTimeZone) zone = bmd_time_zone_new (config->zone, &error);

      if (zone == NULL)
        {
          bmd_cli_error ("remind: --tz: %s", error->message);
          return BMD_EXIT_USAGE;
        }
    }
  if (now_text != NULL)
    {
      g_autoptr(GTimeZone) zone = bmd_time_zone_new_for_shop (config->zone, NULL, NULL);

      now = bmd_parse_now (now_text, zone, &error);
      if (now == NULL)
        {
          bmd_cli_error ("remind: --now: %s", error->message);
          return BMD_EXIT_USAGE;
        }
    }

  if (!bmd_cli_send_reminders (config, now, &n_sent, &error))
    {
      bmd_cli_error ("remind: %s", error->message);
      return BMD_EXIT_FAILED;
    }
  printf ("reminders: %u sent\n", n_sent);
  fflush (stdout);
  return BMD_EXIT_OK;
}
