/* bakemyday-sync report months|customers|anniversaries|flavors|cohorts|summary */

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-insights.h"

int
bmd_cli_report (int    argc,
                char **argv)
{
  g_auto(BmdCliInput) input = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(BmdInsights) insights = NULL;
  g_autoptr(BmdPlanTable) table = NULL;
  BmdInsightsView view;
  int status;

  context = g_option_context_new ("months|customers|anniversaries|flavors|cohorts|summary");
  g_option_context_set_summary (context, _("Print the insights (cakes, customers, trends) as TSV or JSON."));
  bmd_cli_input_add_entries (&input, context);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("report: %s", error->message);
      return BMD_EXIT_USAGE;
    }

  if (argc != 2 || !bmd_insights_view_from_string (argv[1], &view))
    {
      if (argc >= 2)
        bmd_cli_error (_("report: expected one of months, customers, anniversaries, flavors, cohorts, summary, not %s"), argv[1]);
      else
        bmd_cli_error (_("report: expected one of months, customers, anniversaries, flavors, cohorts, summary"));
      return BMD_EXIT_USAGE;
    }
  if ((status = bmd_cli_input_check_format (&input, "report")) != BMD_EXIT_OK)
    return status;
  /* The whole history: the rules do not depend on the plan's flags. */
  if ((status = bmd_cli_input_plan (&input, "report", BMD_PLAN_FLAGS_NONE, &plan)) != BMD_EXIT_OK)
    return status;

  insights = bmd_insights_new (plan);
  table = bmd_insights_table_new (insights, view);
  return bmd_cli_input_write_table (&input, "report", table);
}
