/* The Insights rules of the design, each at its boundaries. Every expected
 * value is worked out by hand from the orders above it. */

#include "config.h"

#include <string.h>

#include "bmd-insights.h"
#include "bmd-insights-private.h"
#include "bmd-order-private.h"
#include "bmd-plan-private.h"
#include "bmd-request-table-private.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"

#define CHICAGO "America/Chicago"
/* Monday 2026-06-29 10:00 CDT: today is 2026-06-29. */
#define NOW "2026-06-29T10:00:00-05:00"

/* One cake: both halves PAID at 45.00 each. @n makes the order numbers. */
#define PAIR(n, who, at, flavor) \
  { "#" n "1", who, "deposit", at, "PAID", flavor }, \
  { "#" n "2", who, "remaining", at, "PAID", flavor }

static BmdInsights *
insights_of (const BmdTestOrder *specs,
             const char         *now_text)
{
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (CHICAGO);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_text, NULL);
  g_autoptr(BmdPlan) plan = NULL;

  g_assert_nonnull (zone);
  g_assert_nonnull (now);
  plan = bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
  return bmd_insights_new (plan);
}

/* The table as TSV, header included. */
static char *
tsv_of (BmdInsights     *insights,
        BmdInsightsView  view)
{
  g_autoptr(BmdPlanTable) table = bmd_insights_table_new (insights, view);

  return bmd_plan_table_to_tsv (table);
}

static void
test_money_parse (void)
{
  gint64 cents = 42;

  g_assert_true (_bmd_money_parse_cents ("45", &cents));
  g_assert_cmpint (cents, ==, 4500);
  g_assert_true (_bmd_money_parse_cents ("45.5", &cents));
  g_assert_cmpint (cents, ==, 4550);
  g_assert_true (_bmd_money_parse_cents ("-3.10", &cents));
  g_assert_cmpint (cents, ==, -310);
  g_assert_true (_bmd_money_parse_cents ("10.005", &cents));
  g_assert_cmpint (cents, ==, 1001);
  g_assert_true (_bmd_money_parse_cents ("10.0049", &cents));
  g_assert_cmpint (cents, ==, 1000);
  g_assert_true (_bmd_money_parse_cents ("-10.005", &cents));
  g_assert_cmpint (cents, ==, -1001);
  g_assert_true (_bmd_money_parse_cents ("0.01", &cents));
  g_assert_cmpint (cents, ==, 1);
  /* A missing or unreadable price is 0. */
  g_assert_false (_bmd_money_parse_cents (NULL, &cents));
  g_assert_cmpint (cents, ==, 0);
  cents = 42;
  g_assert_false (_bmd_money_parse_cents ("", &cents));
  g_assert_cmpint (cents, ==, 0);
  g_assert_false (_bmd_money_parse_cents ("12,50", &cents));
  g_assert_false (_bmd_money_parse_cents ("abc", &cents));
}

/* Compares and frees what a format function returned. */
static void
assert_formatted (char       *text,
                  const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static void
test_rounding (void)
{
  /* Half away from zero, both signs; not half to even. */
  g_assert_cmpint (_bmd_insights_div_round (5, 2), ==, 3);
  g_assert_cmpint (_bmd_insights_div_round (-5, 2), ==, -3);
  g_assert_cmpint (_bmd_insights_div_round (7, 2), ==, 4);
  g_assert_cmpint (_bmd_insights_div_round (1, 3), ==, 0);
  g_assert_cmpint (_bmd_insights_div_round (2, 3), ==, 1);
  g_assert_cmpint (_bmd_insights_div_round (-1, 2), ==, -1);
  g_assert_cmpint (_bmd_insights_div_round (-1, 3), ==, 0);
  /* 49 of 400 is 12.25 %: 12.3, not 12.2. */
  g_assert_cmpint (_bmd_insights_div_round (49 * 1000, 400), ==, 123);
  /* 10001 cents over 2 cakes is 50.005: 50.01. */
  g_assert_cmpint (_bmd_insights_div_round (10001, 2), ==, 5001);

  assert_formatted (bmd_insights_format_money (0), "0.00");
  assert_formatted (bmd_insights_format_money (5), "0.05");
  assert_formatted (bmd_insights_format_money (-5), "-0.05");
  assert_formatted (bmd_insights_format_money (123456), "1234.56");
  assert_formatted (bmd_insights_format_money (BMD_INSIGHTS_UNDEFINED), "");
  assert_formatted (bmd_insights_format_tenths (123), "12.3");
  assert_formatted (bmd_insights_format_tenths (1000), "100.0");
  assert_formatted (bmd_insights_format_tenths (0), "0.0");
  assert_formatted (bmd_insights_format_tenths (BMD_INSIGHTS_UNDEFINED), "");

  g_assert_cmpint (_bmd_insights_day_number (1970, 1, 1), ==, 0);
  g_assert_cmpint (_bmd_insights_day_number (2026, 6, 29) - _bmd_insights_day_number (2026, 3, 31), ==, 90);
  g_assert_cmpint (_bmd_insights_day_number (2024, 3, 1) - _bmd_insights_day_number (2024, 2, 28), ==, 2);
  g_assert_cmpint (_bmd_insights_day_number (1969, 12, 31), ==, -1);
}

static void
test_customer_states (void)
{
  static const BmdTestOrder specs[] = {
    /* One past sold cake 90 days ago: new; 91: active. */
    PAIR ("10", "Ada New", "2026-03-31T12:00:00", "lemon"),
    PAIR ("11", "Ben Active", "2026-03-30T12:00:00", "lemon"),
    /* Two past sold cakes, the latest 9 days ago: active, not new. */
    PAIR ("12", "Cy Twice", "2026-06-19T12:00:00", "lemon"),
    PAIR ("13", "Cy Twice", "2026-06-20T12:00:00", "lemon"),
    /* 365 days: active; 366 and 425: due; 426: lapsed. */
    PAIR ("14", "Di Year", "2025-06-29T12:00:00", "lemon"),
    PAIR ("15", "Ed Due", "2025-06-28T12:00:00", "lemon"),
    PAIR ("16", "Flo Due", "2025-04-30T12:00:00", "lemon"),
    PAIR ("17", "Gus Lapsed", "2025-04-29T12:00:00", "lemon"),
    /* A paid deposit, the remaining half missing: sold, to come. */
    { "#181", "Hal Booked", "deposit", "2026-07-10T12:00:00", "PAID", "lemon" },
    /* Nothing paid: a prospect with a next pickup. */
    { "#191", "Ivy Prospect", "deposit", "2026-07-11T12:00:00", "PENDING", "lemon" },
    { "#192", "Ivy Prospect", "remaining", "2026-07-11T12:00:00", "PENDING", "lemon" },
    /* Three sold cakes, one still to come: VIP; the latest past one 139 days ago. */
    PAIR ("20", "Jo Vip", "2026-01-10T12:00:00", "lemon"),
    PAIR ("21", "Jo Vip", "2026-02-10T12:00:00", "lemon"),
    PAIR ("22", "Jo Vip", "2026-07-01T12:00:00", "lemon"),
    /* At now exactly: past. */
    PAIR ("23", "Kim Today", "2026-06-29T10:00:00", "lemon"),
    /* Date-only today: still to come until the day ends. */
    PAIR ("24", "Lu Dateonly", "2026-06-29", "lemon"),
    /* A minute after now: to come. */
    PAIR ("25", "Max Later", "2026-06-29T10:01:00", "lemon"),
    /* The paid deposit is cancelled: it is no half of the request. */
    { "#261", "Ned Cancel", "deposit", "2026-05-01T12:00:00", "PAID", "lemon", NULL, NULL, "2026-04-20T12:00:00Z" },
    { "#262", "Ned Cancel", "remaining", "2026-05-01T12:00:00", "PENDING", "lemon" },
    /* PARTIALLY_REFUNDED is paid; the pending half is worth nothing yet. */
    { "#271", "Oz Partial", "deposit", "2026-06-01T12:00:00", "PARTIALLY_REFUNDED", "lemon" },
    { "#272", "Oz Partial", "remaining", "2026-06-01T12:00:00", "PENDING", "lemon" },
    { NULL }
  };
  g_autoptr(BmdInsights) insights = insights_of (specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_CUSTOMERS);
  const BmdInsightsCustomer *jo;

  g_assert_cmpstr (tsv, ==,
    "customer_id\tcustomer\tcakes\trevenue\tfirst_pickup\tlast_pickup\tnext_pickup\tstate\tvip\n"
    "gid://shopify/Customer/ada-new\tAda New\t1\t90.00\t2026-03-31\t2026-03-31\t\tnew\tno\n"
    "gid://shopify/Customer/ben-active\tBen Active\t1\t90.00\t2026-03-30\t2026-03-30\t\tactive\tno\n"
    "gid://shopify/Customer/cy-twice\tCy Twice\t2\t180.00\t2026-06-19\t2026-06-20\t\tactive\tno\n"
    "gid://shopify/Customer/di-year\tDi Year\t1\t90.00\t2025-06-29\t2025-06-29\t\tactive\tno\n"
    "gid://shopify/Customer/ed-due\tEd Due\t1\t90.00\t2025-06-28\t2025-06-28\t\tdue\tno\n"
    "gid://shopify/Customer/flo-due\tFlo Due\t1\t90.00\t2025-04-30\t2025-04-30\t\tdue\tno\n"
    "gid://shopify/Customer/gus-lapsed\tGus Lapsed\t1\t90.00\t2025-04-29\t2025-04-29\t\tlapsed\tno\n"
    "gid://shopify/Customer/hal-booked\tHal Booked\t1\t45.00\t2026-07-10\t2026-07-10\t2026-07-10\tbooked\tno\n"
    "gid://shopify/Customer/ivy-prospect\tIvy Prospect\t0\t0.00\t\t\t2026-07-11\tprospect\tno\n"
    "gid://shopify/Customer/jo-vip\tJo Vip\t3\t270.00\t2026-01-10\t2026-07-01\t2026-07-01\tactive\tyes\n"
    "gid://shopify/Customer/kim-today\tKim Today\t1\t90.00\t2026-06-29\t2026-06-29\t\tnew\tno\n"
    "gid://shopify/Customer/lu-dateonly\tLu Dateonly\t1\t90.00\t2026-06-29\t2026-06-29\t2026-06-29\tbooked\tno\n"
    "gid://shopify/Customer/max-later\tMax Later\t1\t90.00\t2026-06-29\t2026-06-29\t2026-06-29\tbooked\tno\n"
    "gid://shopify/Customer/ned-cancel\tNed Cancel\t0\t0.00\t\t\t\tprospect\tno\n"
    "gid://shopify/Customer/oz-partial\tOz Partial\t1\t45.00\t2026-06-01\t2026-06-01\t\tnew\tno\n");

  /* The typed rows the view reads. */
  jo = bmd_insights_find_customer (insights, "gid://shopify/Customer/jo-vip");
  g_assert_nonnull (jo);
  g_assert_cmpint (jo->cakes, ==, 3);
  g_assert_cmpint (jo->revenue_cents, ==, 27000);
  g_assert_cmpint (jo->state, ==, BMD_CUSTOMER_STATE_ACTIVE);
  g_assert_true (jo->vip);
  g_assert_cmpstr (jo->first_name, ==, "Jo");
  g_assert_cmpstr (jo->last_name, ==, "Vip");
  g_assert_cmpuint (g_date_get_day (&jo->next_pickup), ==, 1);
  g_assert_null (bmd_insights_find_customer (insights, "gid://shopify/Customer/nobody"));
  g_assert_cmpuint (g_date_get_year (bmd_insights_get_today (insights)), ==, 2026);
  g_assert_cmpuint (g_date_get_month (bmd_insights_get_today (insights)), ==, 6);
  g_assert_cmpuint (g_date_get_day (bmd_insights_get_today (insights)), ==, 29);
}

static void
test_customer_sorting_and_name (void)
{
  static const BmdTestOrder specs[] = {
    /* Same name but for case: exact byte order after the case-insensitive tie. */
    { "#11", "anna Lee", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/1" },
    { "#12", "Anna Lee", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/2" },
    /* The same name: by customer id as text ("10" before "9"). */
    { "#13", "Bob Stone", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/9" },
    { "#14", "Bob Stone", "deposit", "2026-05-02T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/10" },
    /* Renamed: the name of the request with the latest pickup (a future,
     * unpaid one) wins, and it sorts by it. */
    { "#15", "Carl Old", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/3" },
    { "#16", "Aaron New", "deposit", "2026-08-01T12:00:00", "PENDING", .customer_id = "gid://shopify/Customer/3" },
    /* No customer: no row; nor for an empty customer id. */
    { "#17", NULL, "deposit", "2026-05-01T12:00:00", "PAID" },
    { "#18", "Ida Blank", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "" },
    /* Two requests at one pickup: the later in the design's row order
     * (by name: Amy, then Zoe) names the customer, although the planner
     * paired Zoe's first (the lower order number). */
    { "#41", "Zoe Z", "deposit", "2026-05-03T10:00:00", "PAID", .customer_id = "gid://shopify/Customer/60" },
    { "#42", "Amy A", "deposit", "2026-05-03T10:00:00", "PAID", .customer_id = "gid://shopify/Customer/60" },
    /* Names alike in their first 16 bytes but for case, apart after them;
     * and alike in their first 8, apart in the next 8. */
    { "#51", "Maximiliana Rossi-Baker", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/70" },
    { "#52", "maximiliana rossi-Abbott", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/71" },
    { "#53", "Pat Baker Zed", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/80" },
    { "#54", "PAT BAKER ADAM", "deposit", "2026-05-01T12:00:00", "PAID", .customer_id = "gid://shopify/Customer/81" },
    { NULL }
  };
  g_autoptr(BmdInsights) insights = insights_of (specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_CUSTOMERS);

  g_assert_cmpstr (tsv, ==,
    "customer_id\tcustomer\tcakes\trevenue\tfirst_pickup\tlast_pickup\tnext_pickup\tstate\tvip\n"
    "gid://shopify/Customer/3\tAaron New\t1\t45.00\t2026-05-01\t2026-05-01\t2026-08-01\tnew\tno\n"
    "gid://shopify/Customer/2\tAnna Lee\t1\t45.00\t2026-05-01\t2026-05-01\t\tnew\tno\n"
    "gid://shopify/Customer/1\tanna Lee\t1\t45.00\t2026-05-01\t2026-05-01\t\tnew\tno\n"
    "gid://shopify/Customer/10\tBob Stone\t1\t45.00\t2026-05-02\t2026-05-02\t\tnew\tno\n"
    "gid://shopify/Customer/9\tBob Stone\t1\t45.00\t2026-05-01\t2026-05-01\t\tnew\tno\n"
    "gid://shopify/Customer/71\tmaximiliana rossi-Abbott\t1\t45.00\t2026-05-01\t2026-05-01\t\tnew\tno\n"
    "gid://shopify/Customer/70\tMaximiliana Rossi-Baker\t1\t45.00\t2026-05-01\t2026-05-01\t\tnew\tno\n"
    "gid://shopify/Customer/81\tPAT BAKER ADAM\t1\t45.00\t2026-05-01\t2026-05-01\t\tnew\tno\n"
    "gid://shopify/Customer/80\tPat Baker Zed\t1\t45.00\t2026-05-01\t2026-05-01\t\tnew\tno\n"
    "gid://shopify/Customer/60\tZoe Z\t2\t90.00\t2026-05-03\t2026-05-03\t\tactive\tno\n");
}

static void
test_anniversaries (void)
{
  static const BmdTestOrder specs[] = {
    /* D = tomorrow (in), D = today + 30 (in), today + 31 (out), today (out). */
    PAIR ("10", "Amy One", "2025-06-30T12:00:00", "lemon"),
    PAIR ("11", "Bo Edge", "2024-07-29T12:00:00", "chocolate"),
    PAIR ("12", "Cal Out", "2025-07-30T12:00:00", "lemon"),
    PAIR ("13", "Dee Today", "2025-06-29T12:00:00", "lemon"),
    /* A request still to come (even unpaid) rules the customer out. */
    PAIR ("14", "Eve Future", "2025-07-01T12:00:00", "lemon"),
    { "#151", "Eve Future", "deposit", "2026-08-15T12:00:00", "PENDING", "lemon" },
    /* Not sold: no anniversary. */
    { "#161", "Fay Unsold", "deposit", "2025-07-02T12:00:00", "PENDING", "lemon" },
    /* Two cakes: the earliest D. */
    PAIR ("17", "Gil Two", "2024-07-05T12:00:00", "vanilla"),
    PAIR ("18", "Gil Two", "2025-07-03T12:00:00", "carrot"),
    /* Two cakes on the same D: the latest cake. */
    PAIR ("19", "Hana Same", "2023-07-10T12:00:00", "mocha"),
    PAIR ("20", "Hana Same", "2025-07-10T12:00:00", "lemon"),
    /* The same D: by name as the customers sort. */
    { "#211", "ann Tie", "deposit", "2025-07-29T12:00:00", "PAID", "plum", .customer_id = "gid://shopify/Customer/902" },
    { "#221", "Ann Tie", "deposit", "2024-07-29T12:00:00", "PAID", "vanilla", .customer_id = "gid://shopify/Customer/901" },
    { NULL }
  };
  g_autoptr(BmdInsights) insights = insights_of (specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_ANNIVERSARIES);

  g_assert_cmpstr (tsv, ==,
    "customer_id\tcustomer\tanniversary\tflavor\tyears\n"
    "gid://shopify/Customer/amy-one\tAmy One\t2026-06-30\tlemon\t1\n"
    "gid://shopify/Customer/gil-two\tGil Two\t2026-07-03\tcarrot\t1\n"
    "gid://shopify/Customer/hana-same\tHana Same\t2026-07-10\tlemon\t1\n"
    "gid://shopify/Customer/901\tAnn Tie\t2026-07-29\tvanilla\t2\n"
    "gid://shopify/Customer/902\tann Tie\t2026-07-29\tplum\t1\n"
    "gid://shopify/Customer/bo-edge\tBo Edge\t2026-07-29\tchocolate\t2\n");
}

static void
test_anniversary_leap_day (void)
{
  static const BmdTestOrder specs[] = {
    PAIR ("10", "Leap Lou", "2024-02-29T12:00:00", "lemon"),
    /* 29 February and 28 February fall on one D in a common year: the latest cake. */
    PAIR ("11", "Leap Liz", "2024-02-29T12:00:00", "lemon"),
    PAIR ("12", "Leap Liz", "2025-02-28T12:00:00", "plum"),
    /* 1 March stays 1 March. */
    PAIR ("13", "Mar Mo", "2025-03-01T12:00:00", "mocha"),
    /* Across the new year. */
    PAIR ("14", "Jan Wrap", "2025-01-05T12:00:00", "vanilla"),
    { NULL }
  };
  g_autoptr(BmdInsights) common = insights_of (specs, "2027-02-10T12:00:00-06:00");
  g_autoptr(BmdInsights) leap = insights_of (specs, "2028-02-10T12:00:00-06:00");
  g_autoptr(BmdInsights) december = insights_of (specs, "2026-12-20T12:00:00-06:00");
  g_autofree char *common_tsv = tsv_of (common, BMD_INSIGHTS_VIEW_ANNIVERSARIES);
  g_autofree char *leap_tsv = tsv_of (leap, BMD_INSIGHTS_VIEW_ANNIVERSARIES);
  g_autofree char *december_tsv = tsv_of (december, BMD_INSIGHTS_VIEW_ANNIVERSARIES);

  g_assert_cmpstr (common_tsv, ==,
    "customer_id\tcustomer\tanniversary\tflavor\tyears\n"
    "gid://shopify/Customer/leap-liz\tLeap Liz\t2027-02-28\tplum\t2\n"
    "gid://shopify/Customer/leap-lou\tLeap Lou\t2027-02-28\tlemon\t3\n"
    "gid://shopify/Customer/mar-mo\tMar Mo\t2027-03-01\tmocha\t2\n");
  /* In a leap year 29 February is itself; Liz's 28 February comes first. */
  g_assert_cmpstr (leap_tsv, ==,
    "customer_id\tcustomer\tanniversary\tflavor\tyears\n"
    "gid://shopify/Customer/leap-liz\tLeap Liz\t2028-02-28\tplum\t3\n"
    "gid://shopify/Customer/leap-lou\tLeap Lou\t2028-02-29\tlemon\t4\n"
    "gid://shopify/Customer/mar-mo\tMar Mo\t2028-03-01\tmocha\t3\n");
  g_assert_cmpstr (december_tsv, ==,
    "customer_id\tcustomer\tanniversary\tflavor\tyears\n"
    "gid://shopify/Customer/jan-wrap\tJan Wrap\t2027-01-05\tvanilla\t2\n");
}

static void
test_flavors (void)
{
  static const BmdTestOrder specs[] = {
    /* 365 days ago: out; 364: in; later today: in; tomorrow: out. No
     * customer: every order is a cake of its own. */
    { "#1", NULL, "deposit", "2025-06-29T12:00:00", "PAID", "lemon" },
    { "#2", NULL, "deposit", "2025-06-30T12:00:00", "PAID", "Vanilla " },
    { "#3", NULL, "deposit", "2026-06-29T20:00:00", "PAID", "  LEMON" },
    { "#4", NULL, "deposit", "2026-06-30T12:00:00", "PAID", "lemon" },
    /* Not sold: not counted. */
    { "#5", NULL, "deposit", "2026-06-01T12:00:00", "PENDING", "vanilla" },
    /* "forgot" merges to nothing. */
    { "#6", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "forgot" },
    { "#11", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#12", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#13", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#14", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#15", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#16", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#17", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#18", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#19", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#20", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#21", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#22", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { "#23", NULL, "deposit", "2026-06-01T12:00:00", "PAID", "lemon" },
    { NULL }
  };
  g_autoptr(BmdInsights) insights = insights_of (specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_FLAVORS);

  /* 16 cakes: 14 lemon (87.5), 1 of each other: 6.25 → 6.3; ties by name. */
  g_assert_cmpstr (tsv, ==,
    "flavor\tcakes\tshare\n"
    "lemon\t14\t87.5\n"
    "(none)\t1\t6.3\n"
    "vanilla\t1\t6.3\n");
}

/* Months, summary and their money, with the time rules across DST. */
static const BmdTestOrder month_specs[] = {
  /* In the spring-forward gap: 03:30 CDT on 8 March; booked 7 March (06:00
   * CST): 1 day, though only 20.5 hours. 50.00 + 0.01. */
  { "#101", "Ann Baker", "deposit", "2026-03-08T02:30:00", "PAID", "lemon", .created_at = "2026-03-07T12:00:00Z", .price = "50.00" },
  { "#102", "Ann Baker", "remaining", "2026-03-08T02:30:00", "PAID", "lemon", .created_at = "2026-03-07T12:00:00Z", .price = "0.01" },
  /* No customer: counts in the months, lead 19 days. */
  { "#103", NULL, "deposit", "2026-03-20T12:00:00", "PAID", "lemon", .created_at = "2026-03-01T12:00:00Z", .price = "50.00" },
  /* Booked at 22:00 CDT on 1 May (03:00 UTC on the 2nd): 9 lead days. */
  { "#111", "Ann Baker", "deposit", "2026-05-10T10:00:00", "PAID", "lemon", .created_at = "2026-05-02T03:00:00Z" },
  { "#112", "Ann Baker", "remaining", "2026-05-10T10:00:00", "PAID", "lemon", .created_at = "2026-05-02T03:00:00Z" },
  /* Booked after the pickup: -21 lead days. */
  PAIR ("12", "Dan Late", "2026-05-11T12:00:00", "lemon"),
  /* Unpaid: a request, no cake. */
  { "#131", "Ben Owes", "deposit", "2026-05-15T12:00:00", "PENDING", "lemon" },
  { "#132", "Ben Owes", "remaining", "2026-05-15T12:00:00", "PENDING", "lemon" },
  /* The paid half is cancelled: unpaid. */
  { "#141", "Cat Cancel", "deposit", "2026-05-20T12:00:00", "PAID", "lemon", NULL, NULL, "2026-05-01T12:00:00Z" },
  { "#142", "Cat Cancel", "remaining", "2026-05-20T12:00:00", "PENDING", "lemon" },
  { "#151", NULL, "deposit", "2026-05-21T12:00:00", "PENDING", "lemon" },
  /* June: Ann twice (returning once), Eve new and still to come. */
  PAIR ("16", "Ann Baker", "2026-06-10T12:00:00", "lemon"),
  { "#171", "Ann Baker", "deposit", "2026-06-12T12:00:00", "PAID", "lemon", .created_at = "2026-06-01T12:00:00Z" },
  { "#172", "Ann Baker", "remaining", "2026-06-12T12:00:00", "PAID", "lemon", .created_at = "2026-05-29T12:00:00Z" },
  { "#181", "Eve Later", "deposit", "2026-06-30T12:00:00", "PARTIALLY_REFUNDED", "lemon", .price = "30.00" },
  { "#182", "Eve Later", "remaining", "2026-06-30T12:00:00", "PENDING", "lemon", .price = "60.00" },
  /* Fall-back day: 01:30 is the first (CDT) one. A deposit with no
   * remaining half still to come: an open balance of nothing. */
  { "#191", NULL, "deposit", "2026-11-01T01:30:00", "PAID", "lemon" },
  { NULL }
};

static void
test_months (void)
{
  g_autoptr(BmdInsights) insights = insights_of (month_specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_MONTHS);
  GArray *months = bmd_insights_get_months (insights);
  const BmdInsightsMonth *march;

  /* March: 50.01 + 50.00 over 2 = 50.005 → 50.01; leads 1 and 19: the lower
   * middle. May: Ann 90 + Dan 90; leads 9 and -21; unpaid Ben, Cat and the
   * order with no customer. June: 90 + 90 + 30 (Eve's paid half only);
   * leads 9, 14 (the earlier createdAt, 29 May) and 29: 14. November: 153
   * days after 1 June. */
  g_assert_cmpstr (tsv, ==,
    "month\tcakes\trevenue\taverage_cake_value\tunpaid\tnew_customers\treturning_customers\tmedian_lead_days\n"
    "2026-03\t2\t100.01\t50.01\t0\t1\t0\t1\n"
    "2026-04\t0\t0.00\t\t0\t0\t0\t\n"
    "2026-05\t2\t180.00\t90.00\t3\t1\t1\t-21\n"
    "2026-06\t3\t210.00\t70.00\t0\t1\t1\t14\n"
    "2026-07\t0\t0.00\t\t0\t0\t0\t\n"
    "2026-08\t0\t0.00\t\t0\t0\t0\t\n"
    "2026-09\t0\t0.00\t\t0\t0\t0\t\n"
    "2026-10\t0\t0.00\t\t0\t0\t0\t\n"
    "2026-11\t1\t45.00\t45.00\t0\t0\t0\t153\n");

  g_assert_cmpuint (months->len, ==, 9);
  march = &g_array_index (months, BmdInsightsMonth, 0);
  g_assert_cmpint (march->year, ==, 2026);
  g_assert_cmpint (march->month, ==, 3);
  g_assert_cmpint (march->cakes, ==, 2);
  g_assert_cmpint (march->revenue_cents, ==, 10001);
  g_assert_cmpint (march->average_cents, ==, 5001);
  g_assert_cmpint (g_array_index (months, BmdInsightsMonth, 1).average_cents, ==, BMD_INSIGHTS_UNDEFINED);
  g_assert_cmpint (g_array_index (months, BmdInsightsMonth, 1).median_lead_days, ==, BMD_INSIGHTS_UNDEFINED);
}

static void
test_summary (void)
{
  g_autoptr(BmdInsights) insights = insights_of (month_specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_SUMMARY);

  /* Open: Eve (the paid deposit, 60.00 still to pay) and November's deposit
   * (no remaining half: counted, nothing to add). Repeat: Ann of Ann, Dan,
   * Eve (Ben and Cat bought nothing). */
  g_assert_cmpstr (tsv, ==,
    "key\tvalue\n"
    "month\t2026-06\n"
    "cakes\t3\n"
    "revenue\t210.00\n"
    "last_year_month\t2025-06\n"
    "last_year_cakes\t0\n"
    "last_year_revenue\t0.00\n"
    "open_balances\t2\n"
    "open_balance_amount\t60.00\n"
    "repeat_rate\t33.3\n");
}

static void
test_summary_last_year_and_balances (void)
{
  static const BmdTestOrder specs[] = {
    /* Last June, both ends of the month; not May or July. */
    PAIR ("10", "Ann Baker", "2025-06-01T00:00:00", "lemon"),
    PAIR ("11", "Ann Baker", "2025-06-30T23:59:00", "lemon"),
    PAIR ("12", "Ann Baker", "2025-05-31T23:59:00", "lemon"),
    PAIR ("13", "Ann Baker", "2025-07-01T00:00:00", "lemon"),
    /* This June: a past cake and one still to come both count. */
    PAIR ("14", "Bea Cole", "2026-06-01T12:00:00", "lemon"),
    PAIR ("15", "Bea Cole", "2026-06-30T12:00:00", "lemon"),
    /* Balances: date-only today is not past (counts); at now is past (not). */
    { "#161", NULL, "deposit", "2026-06-29", "PAID", .price = "10.00" },
    { "#162", NULL, "remaining", "2026-06-29", "PENDING", .price = "12.34" },
    { "#171", "Cy Dale", "deposit", "2026-06-29T10:00:00", "PAID" },
    { "#172", "Cy Dale", "remaining", "2026-06-29T10:00:00", "PENDING", .price = "99.00" },
    /* Deposit unpaid, remaining paid: not an open balance. */
    { "#181", "Di Eve", "deposit", "2026-07-05T12:00:00", "PENDING" },
    { "#182", "Di Eve", "remaining", "2026-07-05T12:00:00", "PAID" },
    /* Both paid: none. PARTIALLY_REFUNDED remaining is paid. */
    { "#191", "Ed Fox", "deposit", "2026-07-06T12:00:00", "PAID" },
    { "#192", "Ed Fox", "remaining", "2026-07-06T12:00:00", "PARTIALLY_REFUNDED" },
    { NULL }
  };
  g_autoptr(BmdInsights) insights = insights_of (specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_SUMMARY);
  const BmdInsightsSummary *summary = bmd_insights_get_summary (insights);

  /* This June: Bea's two (90 each), the paid deposit with no customer
   * (10.00) and Cy's paid deposit (45.00): 4, 235.00. Orders with no
   * customer are each a request of their own: only the deposit's is open,
   * with no remaining half present (0.00 to add); Cy's is past.
   * Repeat: Ann (4) and Bea (2) of Ann, Bea, Cy, Di, Ed: 2 of 5. */
  g_assert_cmpstr (tsv, ==,
    "key\tvalue\n"
    "month\t2026-06\n"
    "cakes\t4\n"
    "revenue\t235.00\n"
    "last_year_month\t2025-06\n"
    "last_year_cakes\t2\n"
    "last_year_revenue\t180.00\n"
    "open_balances\t1\n"
    "open_balance_amount\t0.00\n"
    "repeat_rate\t40.0\n");
  g_assert_cmpint (summary->last_year_revenue_cents, ==, 18000);
  g_assert_cmpint (summary->repeat_rate_tenths, ==, 400);
}

static void
test_cohorts (void)
{
  static const BmdTestOrder specs[] = {
    /* Returned 365 days after the first: yes; 366: no. */
    PAIR ("10", "Al", "2025-03-01T12:00:00", "lemon"),
    PAIR ("11", "Al", "2026-03-01T12:00:00", "lemon"),
    PAIR ("12", "Bea", "2025-05-01T12:00:00", "lemon"),
    PAIR ("13", "Bea", "2026-05-02T12:00:00", "lemon"),
    /* Two cakes on the first day: 0 days, not a return. */
    PAIR ("14", "Cid", "2025-07-01T10:00:00", "lemon"),
    PAIR ("15", "Cid", "2025-07-01T15:00:00", "lemon"),
    /* The next day: a return. */
    PAIR ("16", "Dot", "2025-08-01T12:00:00", "lemon"),
    PAIR ("17", "Dot", "2025-08-02T12:00:00", "lemon"),
    /* An unpaid request first: the first sold cake decides. */
    { "#181", "Eli", "deposit", "2024-08-15T12:00:00", "PENDING" },
    PAIR ("19", "Eli", "2025-09-01T12:00:00", "lemon"),
    /* A paid cake still to come is sold: Fox returned. */
    PAIR ("20", "Fox", "2026-01-05T12:00:00", "lemon"),
    PAIR ("21", "Fox", "2026-12-31T12:00:00", "lemon"),
    PAIR ("22", "Gia", "2026-02-01T12:00:00", "lemon"),
    PAIR ("23", "Hub", "2026-03-01T12:00:00", "lemon"),
    /* No customer: no cohort. */
    { "#241", NULL, "deposit", "2024-05-01T12:00:00", "PAID" },
    { NULL }
  };
  g_autoptr(BmdInsights) insights = insights_of (specs, NOW);
  g_autofree char *tsv = tsv_of (insights, BMD_INSIGHTS_VIEW_COHORTS);

  /* 2025: Al, Bea, Cid, Dot, Eli; Al and Dot returned (2/5 = 40.0); 9 cakes
   * (Al's 2026 one included) / 5 = 1.80. 2026: Fox, Gia, Hub; 1/3 = 33.3;
   * 4 / 3 = 1.33. */
  g_assert_cmpstr (tsv, ==,
    "year\tcustomers\treturned\trate\tcakes_per_customer\n"
    "2025\t5\t2\t40.0\t1.80\n"
    "2026\t3\t1\t33.3\t1.33\n");
}

/* A date-only pickup on the fall-back day (25 hours long in Chicago) is past
 * once that local day has ended: at 06:00 UTC, not 24 hours after its
 * 00:00 CDT (05:00 UTC). */
static void
test_date_only_on_dst_day (void)
{
  static const BmdTestOrder specs[] = {
    PAIR ("10", "Ann Baker", "2026-11-01", "lemon"),
    { NULL }
  };
  g_autoptr(BmdInsights) before = insights_of (specs, "2026-11-02T05:30:00Z");
  g_autoptr(BmdInsights) after = insights_of (specs, "2026-11-02T06:00:00Z");
  const BmdInsightsCustomer *ann_before = &g_array_index (bmd_insights_get_customers (before), BmdInsightsCustomer, 0);
  const BmdInsightsCustomer *ann_after = &g_array_index (bmd_insights_get_customers (after), BmdInsightsCustomer, 0);
  g_autofree char *summary = tsv_of (before, BMD_INSIGHTS_VIEW_SUMMARY);

  /* 23:30 CST on 1 November: still to come. */
  g_assert_cmpint (ann_before->state, ==, BMD_CUSTOMER_STATE_BOOKED);
  g_assert_true (g_date_valid (&ann_before->next_pickup));
  /* Midnight: past, one day ago (2 November is today). */
  g_assert_cmpint (ann_after->state, ==, BMD_CUSTOMER_STATE_NEW);
  g_assert_false (g_date_valid (&ann_after->next_pickup));
  g_assert_cmpuint (g_date_get_day (bmd_insights_get_today (after)), ==, 2);
  g_assert_nonnull (strstr (summary, "month\t2026-11\ncakes\t1\nrevenue\t90.00\n"));
}

static void
new_async_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  BmdInsights **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = bmd_insights_new_finish (result, &error);
  g_assert_no_error (error);
}

/* The app computes them in a worker: the same rows as at once. */
static void
test_async (void)
{
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (month_specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (CHICAGO);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(BmdPlan) plan = bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
  g_autoptr(BmdInsights) insights = NULL;
  g_autoptr(BmdInsights) at_once = bmd_insights_new (plan);
  g_autofree char *async_months = NULL;
  g_autofree char *months = NULL;

  bmd_insights_new_async (plan, NULL, new_async_cb, &insights);
  while (insights == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (bmd_insights_get_plan (insights) == plan);
  async_months = tsv_of (insights, BMD_INSIGHTS_VIEW_MONTHS);
  months = tsv_of (at_once, BMD_INSIGHTS_VIEW_MONTHS);
  g_assert_cmpstr (async_months, ==, months);
}

static void
test_empty (void)
{
  static const BmdTestOrder specs[] = { { NULL } };
  g_autoptr(BmdInsights) insights = insights_of (specs, NOW);
  g_autofree char *months = tsv_of (insights, BMD_INSIGHTS_VIEW_MONTHS);
  g_autofree char *customers = tsv_of (insights, BMD_INSIGHTS_VIEW_CUSTOMERS);
  g_autofree char *flavors = tsv_of (insights, BMD_INSIGHTS_VIEW_FLAVORS);
  g_autofree char *cohorts = tsv_of (insights, BMD_INSIGHTS_VIEW_COHORTS);
  g_autofree char *summary = tsv_of (insights, BMD_INSIGHTS_VIEW_SUMMARY);

  g_assert_cmpstr (months, ==, "month\tcakes\trevenue\taverage_cake_value\tunpaid\tnew_customers\treturning_customers\tmedian_lead_days\n");
  g_assert_cmpstr (customers, ==, "customer_id\tcustomer\tcakes\trevenue\tfirst_pickup\tlast_pickup\tnext_pickup\tstate\tvip\n");
  g_assert_cmpstr (flavors, ==, "flavor\tcakes\tshare\n");
  g_assert_cmpstr (cohorts, ==, "year\tcustomers\treturned\trate\tcakes_per_customer\n");
  /* A rate over zero customers is undefined: an empty cell. */
  g_assert_cmpstr (summary, ==,
    "key\tvalue\n"
    "month\t2026-06\n"
    "cakes\t0\n"
    "revenue\t0.00\n"
    "last_year_month\t2025-06\n"
    "last_year_cakes\t0\n"
    "last_year_revenue\t0.00\n"
    "open_balances\t0\n"
    "open_balance_amount\t0.00\n"
    "repeat_rate\t\n");
}

static void
test_json_types (void)
{
  g_autoptr(BmdInsights) insights = insights_of (month_specs, NOW);
  g_autoptr(BmdPlanTable) table = bmd_insights_table_new (insights, BMD_INSIGHTS_VIEW_MONTHS);
  g_autofree char *json = bmd_plan_table_to_json (table);

  /* Counts are numbers, money stays exact text; undefined values are null. */
  g_assert_nonnull (strstr (json,
    "    \"month\" : \"2026-04\",\n"
    "    \"cakes\" : 0,\n"
    "    \"revenue\" : \"0.00\",\n"
    "    \"average_cake_value\" : null,\n"
    "    \"unpaid\" : 0,\n"
    "    \"new_customers\" : 0,\n"
    "    \"returning_customers\" : 0,\n"
    "    \"median_lead_days\" : null\n"));
}

/* @text, kept in @strings until the test ends. */
static const char *
keep (GPtrArray *strings,
      char      *text)
{
  g_ptr_array_add (strings, text);
  return text;
}

/* The orders of a generated shop: 60 customers (some sharing a name, two
 * names apart only in case, one with an empty id), orders with no customer,
 * both halves or one, paid, pending, refunded, partly refunded, cancelled,
 * date-only pickups and pickups at the same minute, over two years around
 * now. @strings keeps the texts. */
static GArray *
generated_specs (GPtrArray *strings)
{
  static const char *statuses[] = { "PAID", "PAID", "PAID", "PENDING", "PARTIALLY_REFUNDED", "REFUNDED" };
  static const char *flavors[] = { "lemon", "Lemon ", "carrot", "", "forgot", "black forest" };
  static const char *names[] = { "Ann Lee", "ann lee", "Bo Stone", "Maximiliana Rossi-Baker" };
  GArray *specs = g_array_new (TRUE, TRUE, sizeof (BmdTestOrder));
  GRand *rand = g_rand_new_with_seed (7);
  guint number = 1000;
  guint i;

#define KEEP(text) keep (strings, (text))
  for (i = 0; i < 200; i++)
    {
      guint customer = (guint) g_rand_int_range (rand, 0, 62);
      /* A third a year ago, for anniversaries. */
      int days = g_rand_int_range (rand, 0, 3) == 0 ? g_rand_int_range (rand, -370, -330)
                                                     : g_rand_int_range (rand, -400, 60);
      /* A few times of day, so that pickups share their minute. */
      int hour = 9 + 3 * g_rand_int_range (rand, 0, 3);
      gboolean date_only = g_rand_int_range (rand, 0, 8) == 0;
      g_autoptr(GDateTime) base = g_date_time_new_from_iso8601 ("2026-06-29T00:00:00-05:00", NULL);
      g_autoptr(GDateTime) day = g_date_time_add_days (base, days);
      g_autoptr(GDateTime) booked = g_date_time_add_days (day, -g_rand_int_range (rand, 3, 90));
      g_autoptr(GDateTime) later = g_date_time_add_days (booked, g_rand_int_range (rand, 1, 3));
      const char *date = KEEP (g_date_time_format (day, "%Y-%m-%d"));
      const char *pickup = date_only ? date : KEEP (g_strdup_printf ("%sT%02d:00:00", date, hour));
      /* Customers 4 to 11 were renamed: the latest request's name is theirs. */
      const char *who = customer < 4 ? names[customer]
                        : customer < 12 && g_rand_int_range (rand, 0, 2) == 0 ? KEEP (g_strdup_printf ("Renamed %u", customer))
                        : customer < 60 ? KEEP (g_strdup_printf ("Customer %u", customer)) : NULL;
      const char *id = customer == 60 ? "" : customer < 60 ? KEEP (g_strdup_printf ("gid://shopify/Customer/%u", customer)) : NULL;
      const char *flavor = flavors[g_rand_int_range (rand, 0, G_N_ELEMENTS (flavors))];
      int halves = g_rand_int_range (rand, 0, 4);   /* 0, 1: one half; 2, 3: both */
      int half;

      if (customer == 60)
        who = "Ida Blank";
      for (half = 0; half < 2; half++)
        {
          BmdTestOrder spec = { 0 };

          if (halves < 2 && half != halves)
            continue;
          spec.name = KEEP (g_strdup_printf ("#%u", number++));
          spec.customer = who;
          spec.customer_id = id;
          spec.draft_type = half == 0 ? "deposit" : "remaining";
          spec.pickup = pickup;
          spec.status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
          spec.flavor = flavor;
          /* The remaining half is booked a few days after the deposit. */
          spec.created_at = half == 0 ? KEEP (g_date_time_format_iso8601 (booked))
                                      : KEEP (g_date_time_format_iso8601 (later));
          spec.price = g_rand_int_range (rand, 0, 2) == 0 ? "45.00" : "60.50";
          if (g_rand_int_range (rand, 0, 12) == 0)
            spec.cancelled_at = "2026-01-02T00:00:00Z";
          g_array_append_val (specs, spec);
        }
    }
#undef KEEP
  g_rand_free (rand);
  return specs;
}

/* Every report of @specs (a terminated array of @n) given to the planner in
 * the order @permutation says, as TSV; in @layout, each item's request
 * index, which tells how the plan's items lay. The orders are made anew in
 * that order, so that their customers' interned ids (the planner's grouping
 * key) are allocated in it too. */
static char *
reports_in_order (const BmdTestOrder *specs,
                  const guint        *permutation,
                  guint               n,
                  GString            *layout)
{
  g_autoptr(GArray) permuted = g_array_new (TRUE, TRUE, sizeof (BmdTestOrder));
  g_autoptr(BmdInsights) insights = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  const guint *order = NULL;
  BmdRequestTable *table;
  guint n_items;
  int view;
  guint i;

  for (i = 0; i < n; i++)
    g_array_append_val (permuted, specs[permutation[i]]);
  insights = insights_of ((const BmdTestOrder *) (gpointer) permuted->data, NOW);
  table = _bmd_plan_get_request_table (bmd_insights_get_plan (insights));
  n_items = _bmd_request_table_get_len (table);
  _bmd_request_table_get_items (table, &order);
  g_string_truncate (layout, 0);
  for (i = 0; i < n_items; i++)
    g_string_append_printf (layout, "%u ", order[i]);
  for (view = BMD_INSIGHTS_VIEW_MONTHS; view <= BMD_INSIGHTS_VIEW_SUMMARY; view++)
    {
      g_autofree char *tsv = tsv_of (insights, view);

      g_string_append (all, tsv);
    }
  return g_string_free (g_steal_pointer (&all), FALSE);
}

/* The rules read the plan's items in the order they lie in memory and the
 * orders in the order they were given: the reports must not depend on
 * either. The same shop in its order, reversed and shuffled gives the same
 * reports, byte for byte, although the items lie differently. */
static void
test_input_order (void)
{
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) specs = generated_specs (strings);
  const BmdTestOrder *spec = (const BmdTestOrder *) (gpointer) specs->data;
  guint n = specs->len;
  g_autofree guint *permutation = g_new (guint, n);
  g_autoptr(GString) first_layout = g_string_new (NULL);
  g_autoptr(GString) layout = g_string_new (NULL);
  g_autofree char *first = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gboolean laid_out_otherwise = FALSE;
  guint round, i;

  for (i = 0; i < n; i++)
    permutation[i] = i;
  first = reports_in_order (spec, permutation, n, first_layout);
  /* Enough of every table that a difference would show. */
  g_assert_cmpuint (bmd_test_count (first, "gid://shopify/Customer/"), >=, 70);
  g_assert_cmpuint (bmd_test_count (first, "\tRenamed "), >=, 2);

  for (round = 0; round < 4; round++)
    {
      g_autofree char *again = NULL;

      for (i = 0; i < n; i++)
        permutation[i] = round == 0 ? n - 1 - i : i;
      if (round > 0)
        for (i = n - 1; i > 0; i--)
          {
            guint j = (guint) g_rand_int_range (rand, 0, (gint32) i + 1);
            guint swap = permutation[i];

            permutation[i] = permutation[j];
            permutation[j] = swap;
          }
      again = reports_in_order (spec, permutation, n, layout);
      g_assert_cmpstr (again, ==, first);
      laid_out_otherwise |= !g_string_equal (layout, first_layout);
    }
  /* Else the test would prove nothing about the items' order. */
  g_assert_true (laid_out_otherwise);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/insights/money-parse", test_money_parse);
  g_test_add_func ("/insights/rounding", test_rounding);
  g_test_add_func ("/insights/customer-states", test_customer_states);
  g_test_add_func ("/insights/customer-sorting", test_customer_sorting_and_name);
  g_test_add_func ("/insights/anniversaries", test_anniversaries);
  g_test_add_func ("/insights/anniversary-leap-day", test_anniversary_leap_day);
  g_test_add_func ("/insights/flavors", test_flavors);
  g_test_add_func ("/insights/months", test_months);
  g_test_add_func ("/insights/summary", test_summary);
  g_test_add_func ("/insights/summary-last-year", test_summary_last_year_and_balances);
  g_test_add_func ("/insights/cohorts", test_cohorts);
  g_test_add_func ("/insights/date-only-on-dst-day", test_date_only_on_dst_day);
  g_test_add_func ("/insights/empty", test_empty);
  g_test_add_func ("/insights/async", test_async);
  g_test_add_func ("/insights/json-types", test_json_types);
  g_test_add_func ("/insights/input-order", test_input_order);

  return g_test_run ();
}
