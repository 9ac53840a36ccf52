/* The input flags `plan` and `report` share: --orders, --data-dir, --now,
 * --tz and --format, read the same way with the same exit codes. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-config.h"
#include "bmd-settings-file.h"
#include "bmd-order-list.h"
#include "bmd-snapshot.h"

void
bmd_cli_input_clear (BmdCliInput *input)
{
  g_clear_pointer (&input->orders_file, g_free);
  g_clear_pointer (&input->data_dir, g_free);
  g_clear_pointer (&input->now_text, g_free);
  g_clear_pointer (&input->zone_name, g_free);
  g_clear_pointer (&input->format, g_free);
}

void
bmd_cli_input_add_entries (BmdCliInput    *input,
                           GOptionContext *context)
{
  const GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_FILENAME, &input->orders_file, N_("Read these orders (a GraphQL response or JSON Lines) instead of the local warehouse"), N_("FILE") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &input->data_dir, N_("The local warehouse’s folder"), N_("DIR") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &input->now_text, N_("As of this time (ISO 8601)"), "ISO8601" },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &input->zone_name, N_("The shop’s IANA time zone"), N_("ZONE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &input->format, N_("tsv (default) or json"), N_("FORMAT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

int
bmd_cli_input_check_format (BmdCliInput *input,
                            const char  *command)
{
  if (input->format != NULL && g_strcmp0 (input->format, "tsv") != 0 && g_strcmp0 (input->format, "json") != 0)
    {
      bmd_cli_error (_("%s: --format must be tsv or json, not “%s”"), command, input->format);
      return BMD_EXIT_USAGE;
    }
  return BMD_EXIT_OK;
}

int
bmd_cli_input_plan (BmdCliInput   *input,
                    const char    *command,
                    BmdPlanFlags   flags,
                    BmdPlan      **out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(BmdSnapshot) snapshot = NULL;

  config = bmd_config_new ();
  /* Plans need no credentials: the settings, not the secrets. */
  if (!bmd_config_apply_stored_settings (config, &error))
    {
      bmd_cli_error ("%s: %s", command, error->message);
      return BMD_EXIT_USAGE;
    }
  bmd_config_apply_environment (config);
  bmd_config_set (&config->data_dir, input->data_dir);
  bmd_config_set (&config->zone, input->zone_name);
  if (config->queue_calendar_week)
    flags |= BMD_PLAN_FLAGS_CALENDAR_WEEK;

  if (config->zone != NULL)
    {
      zone = bmd_time_zone_new (config->zone, &error);
      if (zone == NULL)
        {
          bmd_cli_error ("%s: --tz: %s", command, error->message);
          return BMD_EXIT_USAGE;
        }
    }

  if (input->now_text != NULL)
    {
      g_autoptr(GTimeZone) chicago = zone == NULL ? bmd_time_zone_new (BMD_DEFAULT_ZONE, NULL) : NULL;

      now = bmd_parse_now (input->now_text, zone != NULL ? zone : chicago, &error);
      if (now == NULL)
        {
          bmd_cli_error ("%s: --now: %s", command, error->message);
          return BMD_EXIT_USAGE;
        }
    }

  if (input->orders_file != NULL)
    {
      g_autoptr(GPtrArray) orders = bmd_order_list_load_file (input->orders_file, &error);

      if (orders == NULL)
        {
          bmd_cli_error ("%s: --orders: %s", command, error->message);
          return BMD_EXIT_USAGE;
        }
      if (zone == NULL)
        zone = bmd_time_zone_new (BMD_DEFAULT_ZONE, NULL);
      if (now == NULL)
        now = g_date_time_new_now_utc ();
      *out = bmd_planner_plan (orders, now, zone, flags);
      return BMD_EXIT_OK;
    }

  snapshot = bmd_snapshot_load (config->data_dir, now, config->zone, flags, &error);
  if (snapshot == NULL)
    {
      bmd_cli_error ("%s: %s", command, error->message);
      return BMD_EXIT_USAGE;
    }
  *out = g_object_ref (bmd_snapshot_get_plan (snapshot));
  if (bmd_snapshot_get_zone_warning (snapshot) != NULL)
    bmd_cli_error (_("%s: warning: %s"), command, bmd_snapshot_get_zone_warning (snapshot));
  return BMD_EXIT_OK;
}

static gboolean
write_all (const char *text)
{
  gsize length = strlen (text);

  return fwrite (text, 1, length, stdout) == length && fflush (stdout) == 0;
}

int
bmd_cli_input_write_table (BmdCliInput  *input,
                           const char   *command,
                           BmdPlanTable *table)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (input->format, "json") == 0)
    {
      g_autofree char *json = bmd_plan_table_to_json (table);

      text = g_strconcat (json, "\n", NULL);
    }
  else
    text = bmd_plan_table_to_tsv (table);

  if (!write_all (text))
    {
      bmd_cli_error (_("%s: cannot write to standard output"), command);
      return BMD_EXIT_FAILED;
    }
  return BMD_EXIT_OK;
}
