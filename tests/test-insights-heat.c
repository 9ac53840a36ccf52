/* The Insights heat map: sold cakes by pickup weekday and ISO week, the last
 * weeks ending with now's week, in the shop's zone. */

#include "config.h"

#include "bmd-insights-heat.h"
#include "bmd-test-orders.h"

#define CHICAGO "America/Chicago"

static BmdInsightsHeat *
heat_for (const BmdTestOrder *specs,
          const char         *now_text,
          guint               weeks)
{
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (CHICAGO);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_text, NULL);
  g_autoptr(BmdPlan) plan = NULL;

  g_assert_nonnull (zone);
  g_assert_nonnull (now);
  plan = bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
  return bmd_insights_heat_new (plan, weeks);
}

static void
test_cells (void)
{
  static const BmdTestOrder specs[] = {
    /* Saturday 2026-03-14 (this week: now is Wednesday 2026-03-11), paid. */
    { "#1", "Ana Flores", "deposit", "2026-03-14T10:00:00", "PAID" },
    { "#2", "Ana Flores", "remaining", "2026-03-14T10:00:00", "PENDING" },
    /* Monday 2026-03-09, the first day of this week: a paid balance counts. */
    { "#3", "Bo Diaz", "deposit", "2026-03-09T09:00:00", "PENDING" },
    { "#4", "Bo Diaz", "remaining", "2026-03-09T09:00:00", "PARTIALLY_REFUNDED" },
    /* 04:30 UTC on Monday is 23:30 on Sunday 2026-03-08 local, the day summer
     * time began (UTC-5 from 2 am): last week's Sunday. */
    { "#5", "Cy Lee", "deposit", "2026-03-09T04:30:00Z", "PAID" },
    /* Nothing paid: no cake to bake. */
    { "#6", "Di Wu", "deposit", "2026-03-12T12:00:00", "PENDING" },
    /* Monday 2026-02-23: the first day of the three weeks shown. */
    { "#7", "Ed Ng", "deposit", "2026-02-23T12:00:00", "PAID" },
    /* Sunday 2026-02-22: before the first week, left out. */
    { "#8", "Fay Oz", "deposit", "2026-02-22T12:00:00", "PAID" },
    /* Sunday 2026-03-15: the last day of this week, in. */
    { "#9", "Gus Po", "deposit", "2026-03-15T08:00:00", "PAID" },
    { "#10", "Hal Qu", "deposit", "2026-03-15T16:00:00", "PAID" },
    /* Monday 2026-03-16: next week, out. */
    { "#11", "Ivy Ro", "deposit", "2026-03-16T08:00:00", "PAID" },
    { NULL }
  };
  g_autoptr(BmdInsightsHeat) heat = heat_for (specs, "2026-03-11T15:00:00Z", 3);
  GDate first;

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 23, G_DATE_FEBRUARY, 2026);
  g_assert_cmpint (g_date_compare (&heat->first_monday, &first), ==, 0);
  g_assert_cmpuint (heat->n_weeks, ==, 3);

  g_assert_cmpuint (bmd_insights_heat_get (heat, 0, 0), ==, 1);  /* Mon 02-23 */
  g_assert_cmpuint (bmd_insights_heat_get (heat, 1, 6), ==, 1);  /* Sun 03-08 */
  g_assert_cmpuint (bmd_insights_heat_get (heat, 2, 0), ==, 1);  /* Mon 03-09 */
  g_assert_cmpuint (bmd_insights_heat_get (heat, 2, 3), ==, 0);  /* Thu 03-12, unpaid */
  g_assert_cmpuint (bmd_insights_heat_get (heat, 2, 5), ==, 1);  /* Sat 03-14 */
  g_assert_cmpuint (bmd_insights_heat_get (heat, 2, 6), ==, 2);  /* Sun 03-15 */
  g_assert_cmpuint (heat->max, ==, 2);
  g_assert_cmpuint (heat->weekday_totals[0], ==, 2);
  g_assert_cmpuint (heat->weekday_totals[6], ==, 3);
  g_assert_cmpint (bmd_insights_heat_busiest_weekday (heat), ==, 6);
}

static void
test_busiest_tie_and_empty (void)
{
  static const BmdTestOrder tie[] = {
    { "#1", "Ana Flores", "deposit", "2026-03-13T10:00:00", "PAID" },  /* Friday */
    { "#2", "Bo Diaz", "deposit", "2026-03-10T10:00:00", "PAID" },     /* Tuesday */
    { NULL }
  };
  static const BmdTestOrder none[] = {
    { "#1", "Ana Flores", "deposit", "2026-03-13T10:00:00", "PENDING" },
    { NULL }
  };
  g_autoptr(BmdInsightsHeat) heat = heat_for (tie, "2026-03-11T15:00:00Z", 1);
  g_autoptr(BmdInsightsHeat) empty = heat_for (none, "2026-03-11T15:00:00Z", 26);

  g_assert_cmpint (bmd_insights_heat_busiest_weekday (heat), ==, 1);
  g_assert_cmpuint (empty->max, ==, 0);
  g_assert_cmpint (bmd_insights_heat_busiest_weekday (empty), ==, -1);
}

/* Now on a Monday and on a Sunday, just before midnight local time: the week
 * is the local one, whatever the UTC date. */
static void
test_week_edges (void)
{
  static const BmdTestOrder specs[] = {
    { "#1", "Ana Flores", "deposit", "2026-03-09T10:00:00", "PAID" },
    { NULL }
  };
  g_autoptr(BmdInsightsHeat) monday = heat_for (specs, "2026-03-09T06:00:00Z", 1);
  g_autoptr(BmdInsightsHeat) sunday_late = heat_for (specs, "2026-03-16T04:59:00Z", 1);

  g_assert_cmpint (g_date_get_day (&monday->first_monday), ==, 9);
  g_assert_cmpuint (bmd_insights_heat_get (monday, 0, 0), ==, 1);
  /* 23:59 on Sunday 03-15 local: still the week of 03-09. */
  g_assert_cmpint (g_date_get_day (&sunday_late->first_monday), ==, 9);
  g_assert_cmpuint (bmd_insights_heat_get (sunday_late, 0, 0), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/insights/heat/cells", test_cells);
  g_test_add_func ("/bmd/insights/heat/busiest-tie-and-empty", test_busiest_tie_and_empty);
  g_test_add_func ("/bmd/insights/heat/week-edges", test_week_edges);
  return g_test_run ();
}
