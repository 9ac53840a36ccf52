/* bakemyday-sync plan queue|upcoming|problems|calendar */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-act-settings.h"
#include "bmd-config.h"
#include "bmd-settings-file.h"
#include "bmd-order-list.h"
#include "bmd-plan-table.h"
#include "bmd-snapshot.h"

static gboolean
parse_month (const char *text,
             int        *year,
             int        *month)
{
  int y, m;
  char tail;

  if (text == NULL || sscanf (text, "%4d-%2d%c", &y, &m, &tail) != 2
      || strlen (text) != 7 || m < 1 || m > 12 || y < 1)
    return FALSE;
  *year = y;
  *month = m;
  return TRUE;
}

static gboolean
write_all (const char *text)
{
  gsize length = strlen (text);

  return fwrite (text, 1, length, stdout) == length && fflush (stdout) == 0;
}

int
bmd_cli_plan (int    argc,
              char **argv)
{
  g_autofree char *orders_file = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *zone_name = NULL;
  g_autofree char *format = NULL;
  g_autofree char *month_text = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_FILENAME, &orders_file, N_("Plan these orders (a GraphQL response or JSON Lines) instead of the local warehouse"), N_("FILE") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The local warehouse’s folder"), N_("DIR") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text, N_("Plan as of this time (ISO 8601)"), "ISO8601" },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &zone_name, N_("The shop’s IANA time zone"), N_("ZONE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("tsv (default), json or csv"), N_("FORMAT") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The calendar’s month (default: the month of now)"), "YYYY-MM" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Problems of the whole history"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(BmdSnapshot) snapshot = NULL;
  g_autoptr(BmdPlanTable) table = NULL;
  g_autofree char *text = NULL;
  BmdActSettings act;
  BmdPlanView view;
  BmdPlanFlags flags = BMD_PLAN_FLAGS_NONE;
  int year = 0, month = 0;
  gboolean json;

  context = g_option_context_new ("queue|upcoming|problems|calendar");
  g_option_context_set_summary (context, _("Print a plan of the orders as TSV, JSON or CSV."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("plan: %s", error->message);
      return BMD_EXIT_USAGE;
    }

  if (argc != 2 || !bmd_plan_view_from_string (argv[1], &view))
    {
      if (argc >= 2)
        bmd_cli_error (_("plan: expected one of queue, upcoming, problems, calendar, not %s"), argv[1]);
      else
        bmd_cli_error (_("plan: expected one of queue, upcoming, problems, calendar"));
      return BMD_EXIT_USAGE;
    }
  if (format != NULL && g_strcmp0 (format, "tsv") != 0 && g_strcmp0 (format, "json") != 0
      && g_strcmp0 (format, "csv") != 0)
    {
      bmd_cli_error (_("plan: --format must be tsv, json or csv, not “%s”"), format);
      return BMD_EXIT_USAGE;
    }
  json = g_strcmp0 (format, "json") == 0;
  if (month_text != NULL && !parse_month (month_text, &year, &month))
    {
      bmd_cli_error (_("plan: --month must be YYYY-MM, not “%s”"), month_text);
      return BMD_EXIT_USAGE;
    }

  config = bmd_config_new ();
  /* Plans need no credentials: the settings, not the secrets. */
  if (!bmd_config_apply_stored_settings (config, &error))
    {
      bmd_cli_error ("plan: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (!bmd_act_settings_load_stored (&act, &error))
    {
      bmd_cli_error ("plan: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  bmd_config_apply_environment (config);
  bmd_config_set (&config->data_dir, data_dir);
  bmd_config_set (&config->zone, zone_name);
  if (config->queue_calendar_week)
    flags |= BMD_PLAN_FLAGS_CALENDAR_WEEK;
  if (all)
    flags |= BMD_PLAN_FLAGS_ALL_PROBLEMS;

  if (config->zone != NULL)
    {
      zone = bmd_time_zone_new (config->zone, &error);
      if (zone == NULL)
        {
          bmd_cli_error ("plan: --tz: %s", error->message);
          return BMD_EXIT_USAGE;
        }
    }

  if (now_text != NULL)
    {
      g_autoptr(GTimeZone) chicago = zone == NULL ? bmd_time_zone_new (BMD_DEFAULT_ZONE, NULL) : NULL;

      now = bmd_parse_now (now_text, zone != NULL ? zone : chicago, &error);
      if (now == NULL)
        {
          bmd_cli_error ("plan: --now: %s", error->message);
          return BMD_EXIT_USAGE;
        }
    }

  if (orders_file != NULL)
    {
      g_autoptr(GPtrArray) orders = bmd_order_list_load_file_light (orders_file, &error);

      if (orders == NULL)
        {
          bmd_cli_error ("plan: --orders: %s", error->message);
          return BMD_EXIT_USAGE;
        }
      if (zone == NULL)
        zone = bmd_time_zone_new (BMD_DEFAULT_ZONE, NULL);
      if (now == NULL)
        now = g_date_time_new_now_utc ();
      plan = bmd_planner_plan (orders, now, zone, flags);
    }
  else
    {
      snapshot = bmd_snapshot_load (config->data_dir, now, config->zone, flags, &error);
      if (snapshot == NULL)
        {
          bmd_cli_error ("plan: %s", error->message);
          /* No warehouse there yet, or an unknown zone: the arguments. A
           * warehouse that cannot be opened or read: the machine (1). */
          return error->domain == G_IO_ERROR ? BMD_EXIT_USAGE : BMD_EXIT_FAILED;
        }
      plan = g_object_ref (bmd_snapshot_get_plan (snapshot));
      if (bmd_snapshot_get_zone_warning (snapshot) != NULL)
        bmd_cli_error (_("plan: warning: %s"), bmd_snapshot_get_zone_warning (snapshot));
    }

  if (month_text == NULL)
    {
      year = g_date_time_get_year (bmd_plan_get_now (plan));
      month = g_date_time_get_month (bmd_plan_get_now (plan));
    }

  table = bmd_plan_table_new_with_capacity (plan, view, year, month, &act.capacity);
  if (g_strcmp0 (format, "csv") == 0)
    text = bmd_plan_table_to_csv (table);
  else
    text = json ? bmd_plan_table_to_json (table) : bmd_plan_table_to_tsv (table);
  if (json)
    {
      char *with_newline = g_strconcat (text, "\n", NULL);
      g_free (text);
      text = with_newline;
    }
  if (!write_all (text))
    {
      bmd_cli_error (_("plan: cannot write to standard output"));
      return BMD_EXIT_FAILED;
    }
  return BMD_EXIT_OK;
}
