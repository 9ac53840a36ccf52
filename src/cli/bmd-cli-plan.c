/* bakemyday-sync plan queue|upcoming|problems|calendar */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-cli.h"
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
  g_auto(BmdCliInput) input = { 0 };
  g_autofree char *month_text = NULL;
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_STRING, &month_text, N_("The calendar’s month (default: the month of now)"), "YYYY-MM" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Problems of the whole history"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(BmdPlanTable) table = NULL;
  BmdPlanView view;
  BmdPlanFlags flags = BMD_PLAN_FLAGS_NONE;
  int year = 0, month = 0;
  int status;

  context = g_option_context_new ("queue|upcoming|problems|calendar");
  g_option_context_set_summary (context, _("Print a plan of the orders as TSV or JSON."));
  bmd_cli_input_add_entries (&input, context);
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
  if ((status = bmd_cli_input_check_format (&input, "plan")) != BMD_EXIT_OK)
    return status;
  if (month_text != NULL && !parse_month (month_text, &year, &month))
    {
      bmd_cli_error (_("plan: --month must be YYYY-MM, not “%s”"), month_text);
      return BMD_EXIT_USAGE;
    }

  if (all)
    flags |= BMD_PLAN_FLAGS_ALL_PROBLEMS;
  if ((status = bmd_cli_input_plan (&input, "plan", flags, &plan)) != BMD_EXIT_OK)
    return status;

  if (month_text == NULL)
    {
      year = g_date_time_get_year (bmd_plan_get_now (plan));
      month = g_date_time_get_month (bmd_plan_get_now (plan));
    }

  table = bmd_plan_table_new (plan, view, year, month);
  return bmd_cli_input_write_table (&input, "plan", table);
}
