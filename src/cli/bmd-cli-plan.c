/* bakemyday-sync plan queue|upcoming|problems|calendar */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-cli-source.h"
#include "bmd-act-settings.h"
#include "bmd-plan-table.h"

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

int
bmd_cli_plan (int    argc,
              char **argv)
{
  g_auto(BmdCliSource) source = { 0 };
  g_autofree GOptionEntry *source_entries = bmd_cli_source_new_entries (&source);
  g_autofree char *format = NULL;
  g_autofree char *month_text = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The calendar’s month (default: the month of now)"), "YYYY-MM" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Problems of the whole history"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdPlanTable) table = NULL;
  BmdActSettings act;
  BmdPlanView view;
  BmdPlanFlags flags = BMD_PLAN_FLAGS_NONE;
  int year = 0, month = 0;
  int status;

  context = g_option_context_new ("queue|upcoming|problems|calendar");
  g_option_context_set_summary (context, _("Print a plan of the orders as TSV, JSON or CSV."));
  g_option_context_add_main_entries (context, source_entries, GETTEXT_PACKAGE);
  bmd_cli_table_add_format_entry (&format, context);
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
  if ((status = bmd_cli_table_check_format (format, "plan")) != BMD_EXIT_OK)
    return status;
  if (month_text != NULL && !parse_month (month_text, &year, &month))
    {
      bmd_cli_error (_("plan: --month must be YYYY-MM, not “%s”"), month_text);
      return BMD_EXIT_USAGE;
    }

  /* Capacity marks the calendar: a stored setting, like the source's. */
  if (!bmd_act_settings_load_stored (&act, &error))
    {
      bmd_cli_error ("plan: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (all)
    flags |= BMD_PLAN_FLAGS_ALL_PROBLEMS;
  if ((status = bmd_cli_source_load (&source, "plan", flags)) != BMD_EXIT_OK)
    return status;
  if (source.snapshot != NULL && bmd_snapshot_get_zone_warning (source.snapshot) != NULL)
    bmd_cli_error (_("plan: warning: %s"), bmd_snapshot_get_zone_warning (source.snapshot));

  if (month_text == NULL)
    {
      year = g_date_time_get_year (bmd_plan_get_now (source.plan));
      month = g_date_time_get_month (bmd_plan_get_now (source.plan));
    }

  table = bmd_plan_table_new_with_capacity (source.plan, view, year, month, &act.capacity);
  return bmd_cli_table_write (table, format, "plan");
}
