/* Capacity: days and ISO weeks with more requests than cakes-per-day and
 * cakes-per-week, and the over_capacity column of the calendar table. */

#include "config.h"

#include <string.h>

#include "bmd-capacity.h"
#include "bmd-plan-table.h"
#include "bmd-test-orders.h"

#define NOW "2026-12-01T10:00:00-06:00"

/* One request each (distinct customers, deposits only). The ISO week of
 * Monday 2026-12-28 ends on Sunday 2027-01-03: it holds 2 + 3 + 1 + 1 = 7. */
static const BmdTestOrder year_end[] = {
  { "#1", "Ann One", "deposit", "2026-12-27T12:00:00-06:00", "PAID" },    /* Sunday: the week before */
  { "#2", "Bo Two", "deposit", "2026-12-28T09:00:00-06:00", "PAID" },     /* Monday */
  { "#3", "Cy Three", "deposit", "2026-12-28T00:00:00-06:00", "PENDING" },
  { "#4", "Di Four", "deposit", "2026-12-31T10:00:00-06:00", "PAID" },
  { "#5", "Ed Five", "deposit", "2026-12-31T11:00:00-06:00", "PAID" },
  { "#6", "Flo Six", "deposit", "2026-12-31", "PAID" },                   /* date-only */
  { "#7", "Gus Seven", "deposit", "2027-01-02T10:00:00-06:00", "PAID" },
  /* 23:30 local on Sunday is Monday in UTC: still this week, locally. */
  { "#8", "Hal Eight", "deposit", "2027-01-03T23:30:00-06:00", "PAID" },
  { "#9", "Ida Nine", "deposit", "2027-01-04T08:00:00-06:00", "PAID" },   /* the next week */
  { NULL }
};

static BmdPlan *
plan_specs (const BmdTestOrder *specs)
{
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);

  return bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
}

static void
check_day (BmdPlan           *plan,
           const BmdCapacity *capacity,
           int                year,
           int                month,
           int                day,
           guint              day_requests,
           guint              week_requests,
           gboolean           day_over,
           gboolean           week_over)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);
  BmdCapacityCheck check;
  gboolean over;

  over = bmd_capacity_check (plan, capacity, date, &check);
  g_assert_cmpuint (check.day_requests, ==, day_requests);
  g_assert_cmpuint (check.week_requests, ==, week_requests);
  g_assert_cmpint (check.day_over, ==, day_over);
  g_assert_cmpint (check.week_over, ==, week_over);
  g_assert_cmpint (over, ==, day_over || week_over);
}

static void
test_week_start (void)
{
  g_autoptr(GDate) friday = g_date_new_dmy (1, 1, 2027);
  g_autoptr(GDate) sunday = g_date_new_dmy (3, 1, 2027);
  g_autoptr(GDate) monday = g_date_new_dmy (28, 12, 2026);
  GDate start;

  bmd_capacity_week_start (friday, &start);
  g_assert_cmpint (g_date_compare (&start, monday), ==, 0);
  bmd_capacity_week_start (sunday, &start);
  g_assert_cmpint (g_date_compare (&start, monday), ==, 0);
  bmd_capacity_week_start (monday, &start);
  g_assert_cmpint (g_date_compare (&start, monday), ==, 0);
}

static void
test_day_limit (void)
{
  g_autoptr(BmdPlan) plan = plan_specs (year_end);
  BmdCapacity full = { 3, 0 };
  BmdCapacity tight = { 2, 0 };
  BmdCapacity none = { 0, 0 };

  /* Exactly at the limit is not over; one more is. */
  check_day (plan, &full, 2026, 12, 31, 3, 7, FALSE, FALSE);
  check_day (plan, &tight, 2026, 12, 31, 3, 7, TRUE, FALSE);
  check_day (plan, &tight, 2026, 12, 28, 2, 7, FALSE, FALSE);
  /* 0 is no limit, not a limit of nothing. */
  check_day (plan, &none, 2026, 12, 31, 3, 7, FALSE, FALSE);
  check_day (plan, &none, 2026, 12, 30, 0, 7, FALSE, FALSE);
}

static void
test_week_limit_across_new_year (void)
{
  g_autoptr(BmdPlan) plan = plan_specs (year_end);
  BmdCapacity seven = { 0, 7 };
  BmdCapacity six = { 0, 6 };

  check_day (plan, &seven, 2027, 1, 3, 1, 7, FALSE, FALSE);
  check_day (plan, &six, 2027, 1, 3, 1, 7, FALSE, TRUE);
  /* Every day of the week is marked, the empty ones too, in both years. */
  check_day (plan, &six, 2026, 12, 29, 0, 7, FALSE, TRUE);
  check_day (plan, &six, 2027, 1, 1, 0, 7, FALSE, TRUE);
  /* The neighbouring weeks hold one each. */
  check_day (plan, &six, 2026, 12, 27, 1, 1, FALSE, FALSE);
  check_day (plan, &six, 2027, 1, 4, 1, 1, FALSE, FALSE);
}

static const char *
over_column (BmdPlanTable *table,
             guint         day)
{
  char **row = g_ptr_array_index (table->rows, day - 1);

  return row[5];
}

static void
test_calendar_column (void)
{
  g_autoptr(BmdPlan) plan = plan_specs (year_end);
  BmdCapacity capacity = { 2, 6 };
  g_autoptr(BmdPlanTable) december = bmd_plan_table_new_with_capacity (plan, BMD_PLAN_VIEW_CALENDAR, 2026, 12, &capacity);
  g_autoptr(BmdPlanTable) january = bmd_plan_table_new_with_capacity (plan, BMD_PLAN_VIEW_CALENDAR, 2027, 1, &capacity);
  g_autoptr(BmdPlanTable) unlimited = bmd_plan_table_new (plan, BMD_PLAN_VIEW_CALENDAR, 2026, 12);
  guint day;

  g_assert_cmpuint (december->n_columns, ==, 6);
  g_assert_cmpstr (december->columns[5], ==, "over_capacity");
  g_assert_cmpstr (over_column (december, 27), ==, "0");
  for (day = 28; day <= 31; day++)
    g_assert_cmpstr (over_column (december, day), ==, "1");
  for (day = 1; day <= 3; day++)
    g_assert_cmpstr (over_column (january, day), ==, "1");
  g_assert_cmpstr (over_column (january, 4), ==, "0");
  for (day = 1; day <= 31; day++)
    g_assert_cmpstr (over_column (unlimited, day), ==, "0");
}

static void
test_calendar_column_day_only (void)
{
  g_autoptr(BmdPlan) plan = plan_specs (year_end);
  BmdCapacity capacity = { 2, 0 };
  g_autoptr(BmdPlanTable) december = bmd_plan_table_new_with_capacity (plan, BMD_PLAN_VIEW_CALENDAR, 2026, 12, &capacity);
  g_autofree char *tsv = bmd_plan_table_to_tsv (december);

  g_assert_true (g_str_has_prefix (tsv, "date\trequests\tpaid\tunpaid\tmissing\tover_capacity\n"));
  g_assert_nonnull (strstr (tsv, "\n2026-12-28\t2\t0\t0\t2\t0\n"));
  g_assert_nonnull (strstr (tsv, "\n2026-12-31\t3\t0\t0\t3\t1\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bmd/capacity/week-start", test_week_start);
  g_test_add_func ("/bmd/capacity/day-limit", test_day_limit);
  g_test_add_func ("/bmd/capacity/week-across-new-year", test_week_limit_across_new_year);
  g_test_add_func ("/bmd/capacity/calendar-column", test_calendar_column);
  g_test_add_func ("/bmd/capacity/calendar-column-day-only", test_calendar_column_day_only);
  return g_test_run ();
}
