/* bakemyday-sync report months|customers|anniversaries|flavors|cohorts|summary */

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-cli-source.h"
#include "bmd-insights.h"

int
bmd_cli_report (int    argc,
                char **argv)
{
  g_auto(BmdCliSource) source = { 0 };
  g_autofree GOptionEntry *source_entries = bmd_cli_source_new_entries (&source);
  g_autofree char *format = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdInsights) insights = NULL;
  g_autoptr(BmdPlanTable) table = NULL;
  BmdInsightsView view;
  int status;

  context = g_option_context_new ("months|customers|anniversaries|flavors|cohorts|summary");
  g_option_context_set_summary (context, _("Print the insights (cakes, customers, trends) as TSV, JSON or CSV."));
  g_option_context_add_main_entries (context, source_entries, GETTEXT_PACKAGE);
  bmd_cli_table_add_format_entry (&format, context);
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
  if ((status = bmd_cli_table_check_format (format, "report")) != BMD_EXIT_OK)
    return status;
  /* The whole history: the rules do not depend on the plan's flags. */
  if ((status = bmd_cli_source_load (&source, "report", BMD_PLAN_FLAGS_NONE)) != BMD_EXIT_OK)
    return status;
  if (source.snapshot != NULL && bmd_snapshot_get_zone_warning (source.snapshot) != NULL)
    bmd_cli_error (_("report: warning: %s"), bmd_snapshot_get_zone_warning (source.snapshot));

  insights = bmd_insights_new (source.plan);
  table = bmd_insights_table_new (insights, view);
  return bmd_cli_table_write (table, format, "report");
}
