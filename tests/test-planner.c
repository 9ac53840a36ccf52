/* The planner's business rules, one or more cases per rule of the design. */

#include "config.h"

#include <string.h>

#include "bmd-key-sort-private.h"
#include "bmd-pickup.h"
#include "bmd-plan-table.h"
#include "bmd-test-orders.h"

#define CHICAGO "America/Chicago"

typedef struct
{
  const char *path;
  const char *now;
  BmdPlanFlags flags;
  BmdTestOrder orders[12];
  /* Expected rows as TSV without the header; NULL: not checked. */
  const char *queue;
  const char *upcoming;
  const char *problems;
} PlanCase;

static BmdPlan *
plan_order_array (GPtrArray    *orders,
                  const char   *now_text,
                  BmdPlanFlags  flags)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (CHICAGO);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_text, NULL);

  g_assert_nonnull (zone);
  g_assert_nonnull (now);
  return bmd_planner_plan (orders, now, zone, flags);
}

static BmdPlan *
plan_orders (const BmdTestOrder *specs,
             const char         *now_text,
             BmdPlanFlags        flags)
{
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);

  return plan_order_array (orders, now_text, flags);
}

static char *
rows_of (BmdPlan     *plan,
         BmdPlanView  view)
{
  g_autoptr(BmdPlanTable) table = bmd_plan_table_new (plan, view, 2026, 6);
  g_autofree char *tsv = bmd_plan_table_to_tsv (table);
  const char *body = strchr (tsv, '\n') + 1;

  return g_strdup (body);
}

/* Plans @orders as @test says (its now and flags) and compares the rows with
 * its hand-written expectations. */
static void
check_rows (const PlanCase *test,
            GPtrArray      *orders)
{
  g_autoptr(BmdPlan) plan = plan_order_array (orders, test->now, test->flags);

  if (test->queue != NULL)
    {
      g_autofree char *rows = rows_of (plan, BMD_PLAN_VIEW_QUEUE);
      g_assert_cmpstr (rows, ==, test->queue);
    }
  if (test->upcoming != NULL)
    {
      g_autofree char *rows = rows_of (plan, BMD_PLAN_VIEW_UPCOMING);
      g_assert_cmpstr (rows, ==, test->upcoming);
    }
  if (test->problems != NULL)
    {
      g_autofree char *rows = rows_of (plan, BMD_PLAN_VIEW_PROBLEMS);
      g_assert_cmpstr (rows, ==, test->problems);
    }
}

static void
check_case (gconstpointer data)
{
  const PlanCase *test = data;
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (test->orders);

  check_rows (test, orders);
}

/* now: Monday 2026-06-29 10:00 CDT */
#define NOW "2026-06-29T10:00:00-05:00"

static const PlanCase cases[] = {
  {
    /* The bakery's own example: Frank both paid, Billy deposit pending and
     * remaining paid, Carol the other way round — all three in the queue;
     * Benjamin paid nothing: upcoming only. */
    "/bmd/planner/bakery-example", NOW, 0,
    {
      { "#1001", "Frank Miller", "deposit", "2026-07-01T14:00:00-05:00", "PAID", "lemon", "birthday", "n/a" },
      { "#1002", "Frank Miller", "remaining", "2026-07-01T14:00:00-05:00", "PAID", "lemon", "birthday", "n/a" },
      { "#1003", "Billy Jones", "deposit", "2026-07-02T11:00:00-05:00", "PENDING", "black forest", "graduation", "treenut" },
      { "#1004", "Billy Jones", "remaining", "2026-07-02T11:00:00-05:00", "PAID", "black forest", "", "n/a" },
      { "#1005", "Carol White", "deposit", "2026-07-03T09:30:00-05:00", "PAID", "vanilla", "wedding", "" },
      { "#1006", "Carol White", "remaining", "2026-07-03T09:30:00-05:00", "PENDING", "", "forgot", "none" },
      { "#1007", "Benjamin Lee", "deposit", "2026-07-04T16:00:00-05:00", "PENDING", "chocolate", "baby shower", "dairy" },
      { "#1008", "Benjamin Lee", "remaining", "2026-07-04T16:00:00-05:00", "PENDING", "chocolate", "baby shower", "dairy" },
      { NULL }
    },
    "2026-07-01T14:00:00-05:00\tFrank Miller\tlemon\tbirthday\tn/a\tPAID\tPAID\t#1001\t#1002\n"
    "2026-07-02T11:00:00-05:00\tBilly Jones\tblack forest\tgraduation\ttreenut\tPENDING\tPAID\t#1003\t#1004\n"
    "2026-07-03T09:30:00-05:00\tCarol White\tvanilla\twedding\tn/a\tPAID\tPENDING\t#1005\t#1006\n",
    "2026-07-01T14:00:00-05:00\tFrank Miller\tdeposit\t#1001\tPAID\tlemon\tbirthday\tn/a\n"
    "2026-07-01T14:00:00-05:00\tFrank Miller\tremaining\t#1002\tPAID\tlemon\tbirthday\tn/a\n"
    "2026-07-02T11:00:00-05:00\tBilly Jones\tdeposit\t#1003\tPENDING\tblack forest\tgraduation\ttreenut\n"
    "2026-07-02T11:00:00-05:00\tBilly Jones\tremaining\t#1004\tPAID\tblack forest\tgraduation\ttreenut\n"
    "2026-07-03T09:30:00-05:00\tCarol White\tdeposit\t#1005\tPAID\tvanilla\twedding\tn/a\n"
    "2026-07-03T09:30:00-05:00\tCarol White\tremaining\t#1006\tPENDING\tvanilla\twedding\tn/a\n"
    "2026-07-04T16:00:00-05:00\tBenjamin Lee\tdeposit\t#1007\tPENDING\tchocolate\tbaby shower\tdairy\n"
    "2026-07-04T16:00:00-05:00\tBenjamin Lee\tremaining\t#1008\tPENDING\tchocolate\tbaby shower\tdairy\n",
    "",
  },
  {
    /* A half paid only as PARTIALLY_REFUNDED still counts as paid; AUTHORIZED does not. */
    "/bmd/planner/paid-statuses", NOW, 0,
    {
      { "#1101", "Ann Smith", "deposit", "2026-07-01T14:00:00Z", "PARTIALLY_REFUNDED" },
      { "#1102", "Ann Smith", "remaining", "2026-07-01T14:00:00Z", "PENDING" },
      { "#1103", "Bob Stone", "deposit", "2026-07-01T15:00:00Z", "AUTHORIZED" },
      { "#1104", "Bob Stone", "remaining", "2026-07-01T15:00:00Z", "PARTIALLY_PAID" },
      { NULL }
    },
    "2026-07-01T09:00:00-05:00\tAnn Smith\t\t\tn/a\tPARTIALLY_REFUNDED\tPENDING\t#1101\t#1102\n",
    NULL, "",
  },
  {
    /* 23:30 local is the next day in UTC: both halves still pair, in June. */
    "/bmd/planner/late-evening-next-day-utc", NOW, 0,
    {
      { "#1201", "Dana Cruz", "deposit", "2026-06-30T23:30:00-05:00", "PAID", "lemon" },
      { "#1202", "Dana Cruz", "remaining", "2026-07-01T04:30:00Z", "PENDING", "lemon" },
      { NULL }
    },
    "2026-06-30T23:30:00-05:00\tDana Cruz\tlemon\t\tn/a\tPAID\tPENDING\t#1201\t#1202\n",
    NULL, "",
  },
  {
    /* A date-only pickup today is still to come until the day ends, shown as 00:00;
     * yesterday's is gone from the queue and from upcoming. */
    "/bmd/planner/date-only-today", NOW, 0,
    {
      { "#1301", "Eve Park", "deposit", "2026-06-29", "PAID" },
      { "#1302", "Eve Park", "remaining", "2026-06-29", "PAID" },
      { "#1303", "Finn Ray", "deposit", "2026-06-28", "PAID" },
      { "#1304", "Finn Ray", "remaining", "2026-06-28", "PAID" },
      { NULL }
    },
    "2026-06-29T00:00:00-05:00\tEve Park\t\t\tn/a\tPAID\tPAID\t#1301\t#1302\n",
    "2026-06-29T00:00:00-05:00\tEve Park\tdeposit\t#1301\tPAID\t\t\tn/a\n"
    "2026-06-29T00:00:00-05:00\tEve Park\tremaining\t#1302\tPAID\t\t\tn/a\n",
    "",
  },
  {
    /* now < pickup <= now + 168 h: exactly now is out, exactly 168 h later is in,
     * a second later is out. Earlier today stays in upcoming. */
    "/bmd/planner/queue-window-edges", NOW, 0,
    {
      { "#1401", "Gus Hill", "deposit", "2026-06-29T15:00:00Z", "PAID" },
      { "#1402", "Gus Hill", "remaining", "2026-06-29T15:00:00Z", "PAID" },
      { "#1403", "Hana Ito", "deposit", "2026-07-06T10:00:00-05:00", "PAID" },
      { "#1404", "Hana Ito", "remaining", "2026-07-06T10:00:00-05:00", "PAID" },
      { "#1405", "Ivan Roe", "deposit", "2026-07-06T10:00:01-05:00", "PAID" },
      { "#1406", "Ivan Roe", "remaining", "2026-07-06T10:00:01-05:00", "PAID" },
      { "#1407", "Jill Fox", "deposit", "2026-06-29T08:00:00-05:00", "PAID" },
      { "#1408", "Jill Fox", "remaining", "2026-06-29T08:00:00-05:00", "PAID" },
      { NULL }
    },
    "2026-07-06T10:00:00-05:00\tHana Ito\t\t\tn/a\tPAID\tPAID\t#1403\t#1404\n",
    "2026-06-29T08:00:00-05:00\tJill Fox\tdeposit\t#1407\tPAID\t\t\tn/a\n"
    "2026-06-29T08:00:00-05:00\tJill Fox\tremaining\t#1408\tPAID\t\t\tn/a\n"
    "2026-06-29T10:00:00-05:00\tGus Hill\tdeposit\t#1401\tPAID\t\t\tn/a\n"
    "2026-06-29T10:00:00-05:00\tGus Hill\tremaining\t#1402\tPAID\t\t\tn/a\n"
    "2026-07-06T10:00:00-05:00\tHana Ito\tdeposit\t#1403\tPAID\t\t\tn/a\n"
    "2026-07-06T10:00:00-05:00\tHana Ito\tremaining\t#1404\tPAID\t\t\tn/a\n"
    "2026-07-06T10:00:01-05:00\tIvan Roe\tdeposit\t#1405\tPAID\t\t\tn/a\n"
    "2026-07-06T10:00:01-05:00\tIvan Roe\tremaining\t#1406\tPAID\t\t\tn/a\n",
    NULL,
  },
  {
    /* Spring forward (2026-03-08): 168 h from Thursday noon CST ends at
     * 13:00 CDT the next Thursday, not at noon. A wall time in the gap
     * (02:30) moves forward to 03:30 CDT. */
    "/bmd/planner/dst-spring-forward", "2026-03-05T12:00:00-06:00", 0,
    {
      { "#1501", "Kim Lowe", "deposit", "2026-03-12T13:00:00", "PAID" },
      { "#1502", "Kim Lowe", "remaining", "2026-03-12T13:00:00", "PENDING" },
      { "#1503", "Leo Marsh", "deposit", "2026-03-12T13:00:01", "PAID" },
      { "#1504", "Leo Marsh", "remaining", "2026-03-12T13:00:01", "PAID" },
      { "#1505", "Mia North", "deposit", "2026-03-08T02:30:00", "PAID" },
      { "#1506", "Mia North", "remaining", "2026-03-08T02:30:00", "PAID" },
      { NULL }
    },
    "2026-03-08T03:30:00-05:00\tMia North\t\t\tn/a\tPAID\tPAID\t#1505\t#1506\n"
    "2026-03-12T13:00:00-05:00\tKim Lowe\t\t\tn/a\tPAID\tPENDING\t#1501\t#1502\n",
    NULL, "",
  },
  {
    /* Fall back (2026-11-01): 01:30 happens twice; a wall time takes the first
     * (CDT). 168 h from Thursday noon CDT ends at 11:00 CST. */
    "/bmd/planner/dst-fall-back", "2026-10-29T12:00:00-05:00", 0,
    {
      { "#1601", "Ned Oak", "deposit", "2026-11-01T01:30:00", "PAID" },
      { "#1602", "Ned Oak", "remaining", "2026-11-01T01:30:00", "PAID" },
      { "#1603", "Olga Pine", "deposit", "2026-11-05T11:00:00", "PAID" },
      { "#1604", "Olga Pine", "remaining", "2026-11-05T11:00:00", "PAID" },
      { "#1605", "Pat Quinn", "deposit", "2026-11-05T11:30:00-06:00", "PAID" },
      { "#1606", "Pat Quinn", "remaining", "2026-11-05T11:30:00-06:00", "PAID" },
      { NULL }
    },
    "2026-11-01T01:30:00-05:00\tNed Oak\t\t\tn/a\tPAID\tPAID\t#1601\t#1602\n"
    "2026-11-05T11:00:00-06:00\tOlga Pine\t\t\tn/a\tPAID\tPAID\t#1603\t#1604\n",
    NULL, "",
  },
  {
    /* A missing half: a paid deposit alone is in the queue; upcoming shows a
     * placeholder for the remaining order. */
    "/bmd/planner/missing-half", NOW, 0,
    {
      { "#1701", "Quinn Reed", "deposit", "2026-07-01T12:00:00-05:00", "PAID", "lemon", "unicorn", "n/a" },
      { "#1702", "Rita Sousa", "remaining", "2026-07-02T12:00:00-05:00", "PENDING", "carrot" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\tQuinn Reed\tlemon\tunicorn\tn/a\tPAID\tMISSING\t#1701\t-\n",
    "2026-07-01T12:00:00-05:00\tQuinn Reed\tdeposit\t#1701\tPAID\tlemon\tunicorn\tn/a\n"
    "2026-07-01T12:00:00-05:00\tQuinn Reed\tremaining\t-\tMISSING\tlemon\tunicorn\tn/a\n"
    "2026-07-02T12:00:00-05:00\tRita Sousa\tdeposit\t-\tMISSING\tcarrot\t\tn/a\n"
    "2026-07-02T12:00:00-05:00\tRita Sousa\tremaining\t#1702\tPENDING\tcarrot\t\tn/a\n",
    "",
  },
  {
    /* Two deposits in one group: the later one is the extra, named as a problem,
     * and stands as a request with a missing remaining. */
    "/bmd/planner/two-deposits", NOW, 0,
    {
      { "#1801", "Sam Tate", "deposit", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#1802", "Sam Tate", "deposit", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#1803", "Sam Tate", "remaining", "2026-07-01T12:00:00-05:00", "PENDING" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\tSam Tate\t\t\tn/a\tPAID\tPENDING\t#1801\t#1803\n"
    "2026-07-01T12:00:00-05:00\tSam Tate\t\t\tn/a\tPAID\tMISSING\t#1802\t-\n",
    NULL,
    "#1802\tduplicate_half\n",
  },
  {
    /* A cancelled deposit and a refunded remaining leave the group; each is a
     * cancelled_half while the group still has an active order. */
    "/bmd/planner/cancelled-and-refunded", NOW, 0,
    {
      { "#1901", "Uma Vale", "deposit", "2026-07-01T12:00:00-05:00", "PAID", NULL, NULL, NULL, "2026-06-20T10:00:00Z" },
      { "#1902", "Uma Vale", "deposit", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#1903", "Uma Vale", "remaining", "2026-07-01T12:00:00-05:00", "PENDING" },
      { "#1904", "Vic Wolf", "deposit", "2026-07-02T12:00:00-05:00", "PAID" },
      { "#1905", "Vic Wolf", "remaining", "2026-07-02T12:00:00-05:00", "REFUNDED" },
      { "#1906", "Walt Xu", "deposit", "2026-07-03T12:00:00-05:00", "VOIDED" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\tUma Vale\t\t\tn/a\tPAID\tPENDING\t#1902\t#1903\n"
    "2026-07-02T12:00:00-05:00\tVic Wolf\t\t\tn/a\tPAID\tMISSING\t#1904\t-\n",
    NULL,
    "#1901\tcancelled_half\n"
    "#1905\tcancelled_half\n",
  },
  {
    /* No customer: a request on its own, and a problem. */
    "/bmd/planner/no-customer", NOW, 0,
    {
      { "#2001", NULL, "deposit", "2026-07-01T12:00:00-05:00", "PAID", "lemon" },
      { "#2002", NULL, "remaining", "2026-07-01T12:00:00-05:00", "PAID", "lemon" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\t(no customer)\tlemon\t\tn/a\tPAID\tMISSING\t#2001\t-\n"
    "2026-07-01T12:00:00-05:00\t(no customer)\tlemon\t\tn/a\tMISSING\tPAID\t-\t#2002\n",
    NULL,
    "#2001\tno_customer\n"
    "#2002\tno_customer\n",
  },
  {
    /* Garbage metafield values become problems and never vanish. */
    "/bmd/planner/garbage-values", NOW, 0,
    {
      { "#2101", "Xena Young", "deposit", NULL, "PAID" },
      { "#2102", "Xena Young", "remaining", "next tuesday", "PAID" },
      { "#2103", "Yuri Zane", "depsit", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#2104", "Yuri Zane", NULL, "2026-07-01T12:00:00-05:00", "PAID" },
      { "#2105", "Zoe Abel", "deposit", "2026-02-30T12:00:00", "PAID" },
      { "#2106", "Zoe Abel", "remaining", "2026-07-01T25:00:00", "PAID" },
      { "#2107", "Zoe Abel", "remaining", "", "PAID" },
      /* created long ago: out of the default problem scope */
      { "#2108", "Old Timer", "deposit", "garbage", "PAID", NULL, NULL, NULL, NULL, "2025-01-01T00:00:00Z" },
      { NULL }
    },
    "", NULL,
    "#2101\tno_pickup_date\n"
    "#2102\tbad_pickup_date\n"
    "#2103\tunknown_draft_type\n"
    "#2104\tunknown_draft_type\n"
    "#2105\tbad_pickup_date\n"
    "#2106\tbad_pickup_date\n"
    "#2107\tno_pickup_date\n",
  },
  {
    /* --all shows the whole history, including old problems. */
    "/bmd/planner/all-problems", NOW, BMD_PLAN_FLAGS_ALL_PROBLEMS,
    {
      { "#2201", "Old Timer", "deposit", "garbage", "PAID", NULL, NULL, NULL, NULL, "2025-01-01T00:00:00Z" },
      { "#2202", "Past Cake", "deposit", "2026-05-01T12:00:00-05:00", "PAID" },
      { "#2203", "Past Cake", "deposit", "2026-05-01T12:00:00-05:00", "PAID" },
      { NULL }
    },
    "", NULL,
    "#2201\tbad_pickup_date\n"
    "#2203\tduplicate_half\n",
  },
  {
    /* Past requests' problems are out of the default scope. */
    "/bmd/planner/past-problems-out-of-scope", NOW, 0,
    {
      { "#2301", "Past Cake", "deposit", "2026-05-01T12:00:00-05:00", "PAID" },
      { "#2302", "Past Cake", "deposit", "2026-05-01T12:00:00-05:00", "PAID" },
      { NULL }
    },
    "", "", "",
  },
  {
    /* Details merge: the non-empty, non-"forgot" value wins; allergies are the
     * union; halves that disagree keep the deposit's value and are a problem. */
    "/bmd/planner/details-merge", NOW, 0,
    {
      { "#2401", "Amy Brook", "deposit", "2026-07-01T12:00:00-05:00", "PAID", "", "Forgot", "treenut" },
      { "#2402", "Amy Brook", "remaining", "2026-07-01T12:00:00-05:00", "PAID", "Lemon", "Dinosaurs", "dairy, Treenut" },
      { "#2403", "Ben Cole", "deposit", "2026-07-02T12:00:00-05:00", "PAID", "lemon", "cars", "none" },
      { "#2404", "Ben Cole", "remaining", "2026-07-02T13:00:00-05:00", "PAID", "chocolate", "CARS", "forgot" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\tAmy Brook\tLemon\tDinosaurs\ttreenut, dairy\tPAID\tPAID\t#2401\t#2402\n"
    "2026-07-02T12:00:00-05:00\tBen Cole\tlemon\tcars\tn/a\tPAID\tPAID\t#2403\t#2404\n",
    NULL,
    "#2404\tdetails_mismatch\n",
  },
  {
    /* Two cakes of one customer: on different days two groups; on the same day
     * paired in pickup-time order. */
    "/bmd/planner/two-cakes-one-customer", NOW, 0,
    {
      { "#2501", "Cara Dunn", "remaining", "2026-07-01T16:00:00-05:00", "PENDING", "carrot" },
      { "#2502", "Cara Dunn", "deposit", "2026-07-01T09:00:00-05:00", "PAID", "lemon" },
      { "#2503", "Cara Dunn", "deposit", "2026-07-01T16:00:00-05:00", "PAID", "carrot" },
      { "#2504", "Cara Dunn", "remaining", "2026-07-01T09:00:00-05:00", "PAID", "lemon" },
      { "#2505", "Cara Dunn", "deposit", "2026-07-03T09:00:00-05:00", "PAID", "mocha" },
      { "#2506", "Cara Dunn", "remaining", "2026-07-03T09:00:00-05:00", "PAID", "mocha" },
      { NULL }
    },
    "2026-07-01T09:00:00-05:00\tCara Dunn\tlemon\t\tn/a\tPAID\tPAID\t#2502\t#2504\n"
    "2026-07-01T16:00:00-05:00\tCara Dunn\tcarrot\t\tn/a\tPAID\tPENDING\t#2503\t#2501\n"
    "2026-07-03T09:00:00-05:00\tCara Dunn\tmocha\t\tn/a\tPAID\tPAID\t#2505\t#2506\n",
    NULL, "",
  },
  {
    /* Row order: pickup, then customer name, then customer id, then lowest number. */
    "/bmd/planner/row-order", NOW, 0,
    {
      { "#2609", "Zed Able", "deposit", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#2601", "Zed Able", "remaining", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#2602", "Abe Zulu", "deposit", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#2603", "Abe Zulu", "remaining", "2026-07-01T12:00:00-05:00", "PAID" },
      { "#2604", "Early Bird", "deposit", "2026-07-01T08:00:00-05:00", "PAID" },
      { NULL }
    },
    "2026-07-01T08:00:00-05:00\tEarly Bird\t\t\tn/a\tPAID\tMISSING\t#2604\t-\n"
    "2026-07-01T12:00:00-05:00\tAbe Zulu\t\t\tn/a\tPAID\tPAID\t#2602\t#2603\n"
    "2026-07-01T12:00:00-05:00\tZed Able\t\t\tn/a\tPAID\tPAID\t#2609\t#2601\n",
    NULL, NULL,
  },
  {
    /* A VOIDED half beside an active one leaves the pair like a cancelled
     * one: the active half stands alone and the voided one is a problem. */
    "/bmd/planner/voided-beside-active", NOW, 0,
    {
      { "#2801", "Vera Void", "deposit", "2026-07-01T12:00:00-05:00", "VOIDED" },
      { "#2802", "Vera Void", "remaining", "2026-07-01T12:00:00-05:00", "PAID" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\tVera Void\t\t\tn/a\tMISSING\tPAID\t-\t#2802\n",
    "2026-07-01T12:00:00-05:00\tVera Void\tdeposit\t-\tMISSING\t\t\tn/a\n"
    "2026-07-01T12:00:00-05:00\tVera Void\tremaining\t#2802\tPAID\t\t\tn/a\n",
    "#2801\tcancelled_half\n",
  },
  {
    /* Two customers of one name and one pickup: the customer id (as text)
     * orders them, before the order numbers do. */
    "/bmd/planner/same-name-by-customer-id", NOW, 0,
    {
      { "#2901", "Sam Lee", "deposit", "2026-07-01T12:00:00-05:00", "PAID", NULL, NULL, NULL, NULL, NULL, .customer_id = "gid://shopify/Customer/200" },
      { "#2902", "Sam Lee", "remaining", "2026-07-01T12:00:00-05:00", "PAID", NULL, NULL, NULL, NULL, NULL, .customer_id = "gid://shopify/Customer/200" },
      { "#2903", "Sam Lee", "deposit", "2026-07-01T12:00:00-05:00", "PAID", NULL, NULL, NULL, NULL, NULL, .customer_id = "gid://shopify/Customer/100" },
      { "#2904", "Sam Lee", "remaining", "2026-07-01T12:00:00-05:00", "PENDING", NULL, NULL, NULL, NULL, NULL, .customer_id = "gid://shopify/Customer/100" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\tSam Lee\t\t\tn/a\tPAID\tPENDING\t#2903\t#2904\n"
    "2026-07-01T12:00:00-05:00\tSam Lee\t\t\tn/a\tPAID\tPAID\t#2901\t#2902\n",
    "2026-07-01T12:00:00-05:00\tSam Lee\tdeposit\t#2903\tPAID\t\t\tn/a\n"
    "2026-07-01T12:00:00-05:00\tSam Lee\tremaining\t#2904\tPENDING\t\t\tn/a\n"
    "2026-07-01T12:00:00-05:00\tSam Lee\tdeposit\t#2901\tPAID\t\t\tn/a\n"
    "2026-07-01T12:00:00-05:00\tSam Lee\tremaining\t#2902\tPAID\t\t\tn/a\n",
    "",
  },
  {
    /* Fall back: 2026-11-01 lasts 25 h, so a date-only pickup that day is
     * still to come at 23:30 CST (start + 24 h would be 23:00 CST). */
    "/bmd/planner/date-only-25-hour-day", "2026-11-01T23:30:00-06:00", 0,
    {
      { "#3201", "Dot Fall", "deposit", "2026-11-01", "PAID" },
      { "#3202", "Dot Fall", "remaining", "2026-11-01", "PAID" },
      { NULL }
    },
    "2026-11-01T00:00:00-05:00\tDot Fall\t\t\tn/a\tPAID\tPAID\t#3201\t#3202\n",
    NULL, "",
  },
  {
    /* Spring forward: 2026-03-08 lasts 23 h, so at 00:30 CDT the next day
     * it is over (start + 24 h would be 01:00 CDT); the next day's is not. */
    "/bmd/planner/date-only-23-hour-day", "2026-03-09T00:30:00-05:00", 0,
    {
      { "#3203", "Sol Spring", "deposit", "2026-03-08", "PAID" },
      { "#3204", "Sol Spring", "remaining", "2026-03-08", "PAID" },
      { "#3205", "Tia Next", "deposit", "2026-03-09", "PAID" },
      { "#3206", "Tia Next", "remaining", "2026-03-09", "PAID" },
      { NULL }
    },
    "2026-03-09T00:00:00-05:00\tTia Next\t\t\tn/a\tPAID\tPAID\t#3205\t#3206\n",
    NULL, "",
  },
  {
    /* An order without a usable pickup is a problem when created in the 90
     * days before now (2026-03-31T10:00-05:00 on): exactly then is in, a
     * second earlier is out. */
    "/bmd/planner/problem-creation-90-days", NOW, 0,
    {
      { "#3301", "Al Edge", "deposit", "garbage", "PAID", NULL, NULL, NULL, NULL, "2026-03-31T15:00:00Z" },
      { "#3302", "Bea Edge", "deposit", "garbage", "PAID", NULL, NULL, NULL, NULL, "2026-03-31T14:59:59Z" },
      { NULL }
    },
    "", NULL,
    "#3301\tbad_pickup_date\n",
  },
  {
    /* Problems of requests count from the start of today, not from now: a
     * duplicate this morning is shown, one a second before midnight is not. */
    "/bmd/planner/problems-from-start-of-today", NOW, 0,
    {
      { "#3401", "Cy Early", "deposit", "2026-06-29T00:00:00-05:00", "PAID" },
      { "#3402", "Cy Early", "deposit", "2026-06-29T00:00:00-05:00", "PAID" },
      { "#3403", "Di Late", "deposit", "2026-06-28T23:59:59-05:00", "PAID" },
      { "#3404", "Di Late", "deposit", "2026-06-28T23:59:59-05:00", "PAID" },
      { NULL }
    },
    "", NULL,
    "#3402\tduplicate_half\n",
  },
  {
    /* Values that differ only in case agree: no details_mismatch, and the
     * deposit's spelling is shown. */
    "/bmd/planner/details-case-only", NOW, 0,
    {
      { "#3501", "Eli Case", "deposit", "2026-07-01T12:00:00-05:00", "PAID", "lemon", "Cars", "Treenut" },
      { "#3502", "Eli Case", "remaining", "2026-07-01T12:00:00-05:00", "PAID", "LEMON", "cars", "treenut" },
      { NULL }
    },
    "2026-07-01T12:00:00-05:00\tEli Case\tlemon\tCars\tTreenut\tPAID\tPAID\t#3501\t#3502\n",
    NULL,
    "",
  },
  {
    /* The calendar-week setting: Monday to Sunday instead of 168 h. */
    "/bmd/planner/calendar-week", "2026-07-01T10:00:00-05:00", BMD_PLAN_FLAGS_CALENDAR_WEEK,
    {
      { "#2701", "Ida Ford", "deposit", "2026-07-05T20:00:00-05:00", "PAID" },
      { "#2702", "Jon Gray", "deposit", "2026-07-06T00:00:00-05:00", "PAID" },
      { NULL }
    },
    "2026-07-05T20:00:00-05:00\tIda Ford\t\t\tn/a\tPAID\tMISSING\t#2701\t-\n",
    NULL, NULL,
  },
};

/* Output never depends on storage order: every rotation of each case's
 * orders, forwards and backwards, gives the case's expected rows (at the
 * case's own now). */
static void
test_storage_order (void)
{
  guint i, k;

  for (k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr(GPtrArray) specs_orders = bmd_test_orders_new (cases[k].orders);
      guint n = specs_orders->len;

      g_test_message ("%s", cases[k].path);
      for (i = 0; i < 2 * n; i++)
        {
          g_autoptr(GPtrArray) shuffled = g_ptr_array_new ();
          guint j;

          /* i < n: rotated by i; then the reverse, rotated by i - n. */
          for (j = 0; j < n; j++)
            g_ptr_array_add (shuffled, g_ptr_array_index (specs_orders,
                                                          i < n ? (i + j) % n : n - 1 - (i - n + j) % n));
          check_rows (&cases[k], shuffled);
        }
    }
}

static void
test_calendar_counts (void)
{
  static const BmdTestOrder specs[] = {
    { "#3001", "Ann One", "deposit", "2026-06-10T12:00:00-05:00", "PAID" },
    { "#3002", "Ann One", "remaining", "2026-06-10T12:00:00-05:00", "PAID" },
    { "#3003", "Bo Two", "deposit", "2026-06-10T15:00:00-05:00", "PAID" },
    { "#3004", "Bo Two", "remaining", "2026-06-10T15:00:00-05:00", "PENDING" },
    { "#3005", "Cy Three", "deposit", "2026-06-10T23:30:00-05:00", "PAID" },
    { "#3006", "Di Four", "deposit", "2026-06-30T23:59:59-05:00", "PENDING" },
    { "#3007", "Di Four", "remaining", "2026-06-30T23:59:59-05:00", "PENDING" },
    { "#3008", "Ed Five", "deposit", "2026-07-01T00:00:00-05:00", "PAID" },
    { NULL }
  };
  g_autoptr(BmdPlan) plan = plan_orders (specs, NOW, 0);
  g_autoptr(BmdPlanTable) table = bmd_plan_table_new (plan, BMD_PLAN_VIEW_CALENDAR, 2026, 6);
  g_autoptr(GDate) day = g_date_new_dmy (10, 6, 2026);
  g_autoptr(GPtrArray) on_day = bmd_plan_dup_requests_on_day (plan, day);
  g_autoptr(GDate) other = g_date_new ();
  BmdDayCounts counts;
  guint total = 0;
  guint i;

  g_assert_cmpuint (table->rows->len, ==, 30);
  g_assert_cmpstr (((char **) g_ptr_array_index (table->rows, 0))[0], ==, "2026-06-01");
  g_assert_cmpstrv (((char **) g_ptr_array_index (table->rows, 9)),
                    ((const char *[]) { "2026-06-10", "3", "1", "1", "1", "0", NULL }));
  g_assert_cmpstrv (((char **) g_ptr_array_index (table->rows, 29)),
                    ((const char *[]) { "2026-06-30", "1", "0", "1", "0", "0", NULL }));
  /* June's requests: three on the 10th, one on the 30th at 23:59:59; Ed
   * Five's at 00:00 on July 1st is July's. */
  for (i = 0; i < table->rows->len; i++)
    total += g_ascii_strtoull (((char **) g_ptr_array_index (table->rows, i))[1], NULL, 10);
  g_assert_cmpuint (total, ==, 4);

  bmd_plan_count_day (plan, day, &counts);
  g_assert_cmpuint (counts.requests, ==, 3);
  g_assert_cmpuint (counts.paid, ==, 1);
  g_assert_cmpuint (counts.unpaid, ==, 1);
  g_assert_cmpuint (counts.missing, ==, 1);
  g_assert_cmpint (bmd_day_counts_get_worst_state (&counts), ==, BMD_REQUEST_STATE_MISSING);

  g_date_set_dmy (other, 30, 6, 2026);
  bmd_plan_count_day (plan, other, &counts);
  g_assert_cmpuint (counts.requests, ==, 1);
  g_assert_cmpuint (counts.paid, ==, 0);
  g_assert_cmpuint (counts.unpaid, ==, 1);
  g_assert_cmpuint (counts.missing, ==, 0);
  g_assert_cmpint (bmd_day_counts_get_worst_state (&counts), ==, BMD_REQUEST_STATE_UNPAID);

  g_date_set_dmy (other, 1, 7, 2026);
  bmd_plan_count_day (plan, other, &counts);
  g_assert_cmpuint (counts.requests, ==, 1);
  g_assert_cmpuint (counts.missing, ==, 1);

  g_date_set_dmy (other, 11, 6, 2026);
  bmd_plan_count_day (plan, other, &counts);
  g_assert_cmpuint (counts.requests, ==, 0);
  g_assert_cmpuint (counts.paid + counts.unpaid + counts.missing, ==, 0);
  g_assert_cmpuint (on_day->len, ==, 3);
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (on_day, 0)), ==, "Ann One");
  g_assert_cmpint (bmd_request_get_state (g_ptr_array_index (on_day, 2)), ==, BMD_REQUEST_STATE_MISSING);
}

/* No orders at all (a new store): every view is empty. Under the sanitizers
 * this also checks that no view hands NULL arrays to memcpy () or bsearch (). */
static void
test_empty_plan (void)
{
  static const BmdTestOrder none[] = { { NULL } };
  g_autoptr(BmdPlan) plan = plan_orders (none, NOW, 0);
  g_autoptr(BmdPlanTable) calendar = bmd_plan_table_new (plan, BMD_PLAN_VIEW_CALENDAR, 2026, 6);
  g_autoptr(GDate) day = g_date_new_dmy (29, 6, 2026);
  g_autoptr(GPtrArray) on_day = bmd_plan_dup_requests_on_day (plan, day);
  g_autofree char *queue = rows_of (plan, BMD_PLAN_VIEW_QUEUE);
  g_autofree char *upcoming = rows_of (plan, BMD_PLAN_VIEW_UPCOMING);
  g_autofree char *problems = rows_of (plan, BMD_PLAN_VIEW_PROBLEMS);
  BmdDayCounts counts = { 1, 1, 1, 1 };

  g_assert_cmpstr (queue, ==, "");
  g_assert_cmpstr (upcoming, ==, "");
  g_assert_cmpstr (problems, ==, "");
  g_assert_cmpuint (bmd_plan_get_requests (plan)->len, ==, 0);
  g_assert_cmpuint (on_day->len, ==, 0);
  bmd_plan_count_day (plan, day, &counts);
  g_assert_cmpuint (counts.requests + counts.paid + counts.unpaid + counts.missing, ==, 0);
  g_assert_cmpuint (calendar->rows->len, ==, 30);
}

/* A day's colour is its worst request's state: a missing half beats any
 * number of unpaid ones, unpaid beats paid. */
static void
test_day_worst_state (void)
{
  static const struct
  {
    BmdDayCounts counts;
    BmdRequestState worst;
  } days[] = {
    { { 0, 0, 0, 0 }, BMD_REQUEST_STATE_PAID },
    { { 3, 3, 0, 0 }, BMD_REQUEST_STATE_PAID },
    { { 2, 1, 1, 0 }, BMD_REQUEST_STATE_UNPAID },
    { { 3, 0, 2, 1 }, BMD_REQUEST_STATE_MISSING },
    { { 1, 0, 0, 1 }, BMD_REQUEST_STATE_MISSING },
    { { 4, 2, 0, 2 }, BMD_REQUEST_STATE_MISSING },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (days); i++)
    g_assert_cmpint (bmd_day_counts_get_worst_state (&days[i].counts), ==, days[i].worst);
}

/* A zone whose clocks go back two hours at 00:30, into the day before: the
 * requests, sorted by instant, then have days that go down and up again, and
 * each day must still show exactly its own requests. */
static void
test_calendar_days_backwards (void)
{
  static const BmdTestOrder specs[] = {
    { "#3101", "Ann One", "deposit", "2026-10-24T12:00:00+03:00", "PAID" },
    { "#3102", "Bo Two", "deposit", "2026-10-25T00:10:00+03:00", "PAID" },
    { "#3103", "Cy Three", "deposit", "2026-10-24T22:50:00+01:00", "PENDING" },
    { NULL }
  };
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("XST-1XDT-3,M3.5.0/2,M10.5.0/0:30");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-10-01T00:00:00Z", NULL);
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(GDate) saturday = g_date_new_dmy (24, 10, 2026);
  g_autoptr(GDate) sunday = g_date_new_dmy (25, 10, 2026);
  g_autoptr(GPtrArray) on_saturday = NULL;
  g_autoptr(GPtrArray) on_sunday = NULL;
  BmdDayCounts counts;

  g_assert_nonnull (zone);
  plan = bmd_planner_plan (orders, now, zone, 0);
  on_saturday = bmd_plan_dup_requests_on_day (plan, saturday);
  on_sunday = bmd_plan_dup_requests_on_day (plan, sunday);

  g_assert_cmpuint (on_saturday->len, ==, 2);
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (on_saturday, 0)), ==, "Ann One");
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (on_saturday, 1)), ==, "Cy Three");
  g_assert_cmpuint (on_sunday->len, ==, 1);
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (on_sunday, 0)), ==, "Bo Two");
  bmd_plan_count_day (plan, saturday, &counts);
  g_assert_cmpuint (counts.requests, ==, 2);
  g_assert_cmpuint (counts.missing, ==, 2);
  bmd_plan_count_day (plan, sunday, &counts);
  g_assert_cmpuint (counts.requests, ==, 1);
}

static int
compare_keyed (gconstpointer a,
               gconstpointer b)
{
  const BmdKeyed *ka = a;
  const BmdKeyed *kb = b;

  if (ka->key != kb->key)
    return ka->key < kb->key ? -1 : 1;
  return ka->index < kb->index ? -1 : (ka->index > kb->index);
}

/* The radix sort that orders requests by pickup: signed keys, duplicates kept
 * in their order, keys that share their high bits, and the empty case. */
static void
test_key_sort (void)
{
  static const gint64 spreads[] = { 10, 1000000, G_GINT64_CONSTANT (86400000000) * 400, G_MAXINT64 / 2 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint s, i;

  _bmd_key_sort (NULL, 0);
  for (s = 0; s < G_N_ELEMENTS (spreads); s++)
    {
      guint n = 5000;
      g_autofree BmdKeyed *items = g_new (BmdKeyed, n);
      g_autofree BmdKeyed *expected = NULL;

      for (i = 0; i < n; i++)
        {
          gint64 value = (gint64) (g_rand_double (rand) * 2 * (double) spreads[s]) - spreads[s];

          items[i].key = _bmd_key_of_signed (value);
          items[i].index = i;
        }
      expected = g_memdup2 (items, n * sizeof (BmdKeyed));
      qsort (expected, n, sizeof (BmdKeyed), compare_keyed);
      _bmd_key_sort (items, n);
      for (i = 0; i < n; i++)
        {
          g_assert_cmpuint (items[i].key, ==, expected[i].key);
          g_assert_cmpuint (items[i].index, ==, expected[i].index);
        }
    }
  g_assert_cmpuint (_bmd_key_of_signed (-1), <, _bmd_key_of_signed (0));
  g_assert_cmpuint (_bmd_key_of_signed (G_MININT64), <, _bmd_key_of_signed (-1));
}

/* The ends of time: a pickup is bad when its local time, or the end of its
 * day for a date-only one, is outside the years 1 to 9999 GDateTime holds;
 * one it accepts always has both instants. Found by fuzzing: a date-only
 * "9999-12-31" was accepted with no end. */
static void
test_pickup_out_of_range (void)
{
  static const struct
  {
    const char *zone;
    const char *value;
    gboolean ok;
  } ranges[] = {
    { "Pacific/Kiritimati", "0001-01-01", TRUE },
    { "UTC", "0001-01-01T00:00:00+01:00", FALSE },
    { CHICAGO, "9999-12-31", FALSE },
    { CHICAGO, "9999-12-30", TRUE },
    { CHICAGO, "9999-12-31T23:59:59", TRUE },
    { "UTC", "9999-12-31T23:59:59Z", TRUE },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (ranges[i].zone);
      g_auto(BmdPickup) pickup = { 0 };

      g_test_message ("pickup %s in %s", ranges[i].value, ranges[i].zone);
      g_assert_nonnull (zone);
      g_assert_cmpint (bmd_pickup_parse (ranges[i].value, zone, &pickup), ==, ranges[i].ok);
      g_assert_true ((pickup.at != NULL) == ranges[i].ok);
      g_assert_true ((pickup.counts_until != NULL) == ranges[i].ok);
    }
}

static void
test_pickup_forms (void)
{
  static const struct
  {
    const char *value;
    const char *expected;   /* NULL: refused */
    gboolean date_only;
  } forms[] = {
    { "2026-06-29T15:00:00Z", "2026-06-29T10:00:00-05:00", FALSE },
    { "2026-06-29T15:00:00.250Z", "2026-06-29T10:00:00-05:00", FALSE },
    { "2026-06-29T15:00:00+02:00", "2026-06-29T08:00:00-05:00", FALSE },
    { "2026-06-29T15:00:00-0500", "2026-06-29T15:00:00-05:00", FALSE },
    { "2026-06-29 15:00", "2026-06-29T15:00:00-05:00", FALSE },
    { "2026-06-29T15:00:00", "2026-06-29T15:00:00-05:00", FALSE },
    { "2026-01-15T15:00:00", "2026-01-15T15:00:00-06:00", FALSE },
    { "2026-06-29", "2026-06-29T00:00:00-05:00", TRUE },
    { "2026-03-08", "2026-03-08T00:00:00-06:00", TRUE },
    { "2026-03-08T02:00:00", "2026-03-08T03:00:00-05:00", FALSE },
    { "2026-11-01T01:00:00", "2026-11-01T01:00:00-05:00", FALSE },
    { "2026-11-01T02:00:00", "2026-11-01T02:00:00-06:00", FALSE },
    { "", NULL, FALSE },
    { "tomorrow", NULL, FALSE },
    { "2026-13-01", NULL, FALSE },
    { "2026-02-29", NULL, FALSE },
    { "2026-06-29T24:00:00", NULL, FALSE },
    { "2026-06-29T15:00:00+25:00", NULL, FALSE },
    { "2026-06-29T15:00:00Zjunk", NULL, FALSE },
    { "26-06-29", NULL, FALSE },
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (CHICAGO);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_auto(BmdPickup) pickup = { 0 };
      gboolean ok = bmd_pickup_parse (forms[i].value, zone, &pickup);

      g_test_message ("pickup %s", forms[i].value);
      if (forms[i].expected == NULL)
        {
          g_assert_false (ok);
          continue;
        }
      g_assert_true (ok);
      {
        g_autofree char *text = bmd_format_local_iso8601 (pickup.at);
        g_assert_cmpstr (text, ==, forms[i].expected);
      }
      g_assert_cmpint (pickup.date_only, ==, forms[i].date_only);
      if (forms[i].date_only)
        g_assert_cmpint (g_date_time_difference (pickup.counts_until, pickup.at), >=, 23 * G_TIME_SPAN_HOUR);
    }
}

static void
test_request_details (void)
{
  static const BmdTestOrder specs[] = {
    { "#4001", "Fay Green", "deposit", "2026-07-01T12:00:00-05:00", "PAID", "lemon", NULL, "peanut" },
    { "#4002", "Fay Green", "remaining", "2026-07-01T11:00:00-05:00", "PENDING", NULL, "space", NULL },
    { NULL }
  };
  g_autoptr(BmdPlan) plan = plan_orders (specs, NOW, 0);
  BmdRequest *request;

  g_assert_cmpuint (bmd_plan_get_requests (plan)->len, ==, 1);
  request = g_ptr_array_index (bmd_plan_get_requests (plan), 0);
  /* The request's pickup is the earlier half's. */
  {
    g_autofree char *pickup = bmd_format_local_iso8601 (bmd_request_get_pickup (request));
    g_assert_cmpstr (pickup, ==, "2026-07-01T11:00:00-05:00");
  }
  g_assert_cmpstr (bmd_request_get_id (request), ==, "gid://shopify/Order/4001");
  g_assert_cmpstr (bmd_request_get_flavor (request), ==, "lemon");
  g_assert_cmpstr (bmd_request_get_theme (request), ==, "space");
  g_assert_true (bmd_request_has_allergies (request));
  g_assert_cmpint (bmd_request_get_state (request), ==, BMD_REQUEST_STATE_UNPAID);
  g_assert_cmpint (bmd_request_get_lowest_number (request), ==, 4001);
  g_assert_true (bmd_request_is_either_paid (request));
  /* Pickup times differ by an hour: the request shows, and the mismatch is named. */
  g_assert_cmpuint (bmd_plan_get_problems (plan)->len, ==, 1);
  g_assert_nonnull (strstr (bmd_problem_get_reason (g_ptr_array_index (bmd_plan_get_problems (plan), 0)), "pickup time"));
}

/* The planner makes a BmdRequest only when one is asked for: each request is
 * made once, whichever way it is reached, and the upcoming rows still work
 * after the plan is gone. */
static void
test_requests_made_when_asked (void)
{
  static const BmdTestOrder specs[] = {
    { "#4101", "Gus Hill", "deposit", "2026-07-01T12:00:00-05:00", "PAID", "lemon", NULL, "peanut" },
    { "#4102", "Gus Hill", "remaining", "2026-07-01T12:00:00-05:00", "PENDING", NULL, NULL, "dairy" },
    { "#4103", "Ida Jay", "deposit", "2026-07-01T15:00:00-05:00", "PENDING" },
    { "#4104", "Kim Lo", "deposit", "2026-06-20T09:00:00-05:00", "PAID" },
    { "#4105", "Kim Lo", "remaining", "2026-06-20T09:00:00-05:00", "PAID" },
    { NULL }
  };
  BmdPlan *plan = plan_orders (specs, NOW, 0);
  g_autoptr(GDate) day = g_date_new_dmy (1, 7, 2026);
  g_autoptr(GDate) past_day = g_date_new_dmy (20, 6, 2026);
  g_autoptr(GListModel) upcoming = g_object_ref (bmd_plan_get_upcoming (plan));
  g_autoptr(GPtrArray) on_day = NULL;
  g_autoptr(BmdUpcomingRow) row = NULL;
  GPtrArray *requests;
  BmdDayCounts counts;

  /* Counted before any request of that day was made. */
  bmd_plan_count_day (plan, day, &counts);
  g_assert_cmpuint (counts.requests, ==, 2);
  g_assert_cmpuint (counts.unpaid, ==, 1);
  g_assert_cmpuint (counts.missing, ==, 1);
  bmd_plan_count_day (plan, past_day, &counts);
  g_assert_cmpuint (counts.paid, ==, 1);

  /* One object per request, whichever way it is reached. */
  on_day = bmd_plan_dup_requests_on_day (plan, day);
  g_assert_cmpuint (on_day->len, ==, 2);
  g_assert_cmpuint (bmd_plan_get_queue (plan)->len, ==, 1);
  g_assert_true (g_ptr_array_index (bmd_plan_get_queue (plan), 0) == g_ptr_array_index (on_day, 0));
  requests = bmd_plan_get_requests (plan);
  g_assert_cmpuint (requests->len, ==, 3);
  g_assert_true (g_ptr_array_index (requests, 1) == g_ptr_array_index (on_day, 0));
  g_assert_true (g_ptr_array_index (requests, 2) == g_ptr_array_index (on_day, 1));
  g_assert_cmpuint (g_list_model_get_n_items (upcoming), ==, 4);

  /* The rows outlive the plan, and so does a union of allergies. */
  g_object_unref (plan);
  row = g_list_model_get_item (upcoming, 1);
  g_assert_cmpstr (bmd_order_get_name (bmd_upcoming_row_get_order (row)), ==, "#4102");
  g_assert_cmpstr (bmd_request_get_allergies (bmd_upcoming_row_get_request (row)), ==, "peanut, dairy");
  g_assert_cmpstr (bmd_request_get_flavor (bmd_upcoming_row_get_request (row)), ==, "lemon");
  g_clear_object (&row);
  row = g_list_model_get_item (upcoming, 2);
  g_assert_cmpstr (bmd_order_get_name (bmd_upcoming_row_get_order (row)), ==, "#4103");
  g_assert_cmpstr (bmd_upcoming_row_get_status (row), ==, "PENDING");
}

/* A regular: one customer with many cakes, her orders in reverse, with an
 * extra deposit on one day. Each day pairs its own deposit and remaining,
 * whether a customer's orders are few (sorted by insertion) or many. */
static void
test_regular_customer (void)
{
  static const guint counts[] = { 6, 40 };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (CHICAGO);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  guint c;

  for (c = 0; c < G_N_ELEMENTS (counts); c++)
    {
      g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(BmdPlan) plan = NULL;
      GPtrArray *requests;
      guint n_orders = counts[c];
      guint i;

      /* Newest first, as a shop lists them; the last is an extra deposit. */
      for (i = n_orders + 1; i-- > 0;)
        {
          guint day = i < n_orders ? i / 2 : 0;
          BmdTestOrder spec = { 0 };
          char *name = g_strdup_printf ("#%u", 5000 + i);
          char *pickup = g_strdup_printf ("2026-07-%02uT10:00:00-05:00", day + 1);

          g_ptr_array_add (strings, name);
          g_ptr_array_add (strings, pickup);
          spec.name = name;
          spec.customer = "Lou Regular";
          spec.draft_type = i % 2 == 0 || i == n_orders ? "deposit" : "remaining";
          spec.pickup = pickup;
          spec.status = "PAID";
          g_ptr_array_add (orders, bmd_test_order_new (&spec));
        }

      plan = bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
      requests = bmd_plan_get_requests (plan);
      /* One request a day, and the extra deposit as one more on day one. */
      g_assert_cmpuint (requests->len, ==, n_orders / 2 + 1);
      for (i = 0; i < requests->len; i++)
        {
          BmdRequest *request = g_ptr_array_index (requests, i);
          BmdOrder *deposit = bmd_request_get_deposit (request);
          BmdOrder *remaining = bmd_request_get_remaining (request);

          g_assert_nonnull (deposit);
          if (remaining == NULL)
            {
              g_assert_cmpint (bmd_order_get_number (deposit), ==, 5000 + n_orders);
              continue;
            }
          /* #5000+2k and #5001+2k are one day's halves. */
          g_assert_cmpint (bmd_order_get_number (remaining), ==, bmd_order_get_number (deposit) + 1);
        }
      g_assert_cmpuint (bmd_plan_get_problems (plan)->len, ==, 1);
    }
}

static int
compare_requests (gconstpointer a,
                  gconstpointer b)
{
  return bmd_request_compare (*(BmdRequest **) a, *(BmdRequest **) b);
}

/* Requests of one pickup time are in bmd_request_compare() order, names
 * alike in their first 8 bytes, in case, or past ASCII included. */
static void
test_same_time_order (void)
{
  static const char *names[] = {
    "anna", "Anna", "ANNABEL", "Ann", "annabel lee", "Christopher Bell",
    "Christopher Abel", "christopher", "Émile Zola", "Zoe", "zoe", "Zoë", "Bo", "",
  };
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (CHICAGO);
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  GPtrArray *requests;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      BmdTestOrder spec = { 0 };
      char *name = g_strdup_printf ("#%u", 6000 + i);

      g_ptr_array_add (strings, name);
      spec.name = name;
      spec.customer = names[i];
      spec.draft_type = "deposit";
      spec.pickup = "2026-07-01T10:00:00-05:00";
      spec.status = "PAID";
      g_ptr_array_add (orders, bmd_test_order_new (&spec));
    }
  plan = bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
  requests = bmd_plan_get_requests (plan);
  g_assert_cmpuint (requests->len, ==, G_N_ELEMENTS (names));
  sorted = g_ptr_array_copy (requests, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_ptr_array_sort (sorted, compare_requests);
  for (i = 0; i < requests->len; i++)
    g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (requests, i)), ==,
                     bmd_request_get_customer_name (g_ptr_array_index (sorted, i)));
  /* And that order is the one DESIGN.md asks for: case-blind bytes, then
   * bytes, so "Anna" before "anna" and "Émile" after "Zoë". */
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (requests, 1)), ==, "Ann");
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (requests, 2)), ==, "Anna");
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (requests, 3)), ==, "anna");
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (requests, 8)), ==, "Christopher Abel");
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (requests, 12)), ==, "Zoë");
  g_assert_cmpstr (bmd_request_get_customer_name (g_ptr_array_index (requests, 13)), ==, "Émile Zola");
}

/* A row is copied whole (its cells may be a caller's buffers), a NULL cell
 * is the empty string, and the row ends in NULL like a strv. */
static void
test_table_add_row (void)
{
  static const char * const columns[] = { "a", "b", "c", "d" };
  g_autoptr(BmdPlanTable) table = bmd_plan_table_new_for_columns (columns, G_N_ELEMENTS (columns), 0);
  g_autofree char *long_text = g_strnfill (70000, 'x');
  char buffer[] = "caf\xc3\xa9\ttab";
  const char *cells[] = { buffer, NULL, "", long_text };
  g_autofree char *tsv = NULL;
  g_autofree char *expected = NULL;
  char **row;

  bmd_plan_table_add_row (table, cells);
  memset (buffer, 'z', sizeof buffer - 1);
  cells[0] = "second";
  bmd_plan_table_add_row (table, cells);

  g_assert_cmpuint (table->rows->len, ==, 2);
  row = g_ptr_array_index (table->rows, 0);
  g_assert_cmpstr (row[0], ==, "caf\xc3\xa9\ttab");
  g_assert_cmpstr (row[1], ==, "");
  g_assert_cmpstr (row[2], ==, "");
  g_assert_cmpuint (strlen (row[3]), ==, 70000);
  g_assert_null (row[4]);
  g_assert_cmpuint (g_strv_length (row), ==, 4);
  row = g_ptr_array_index (table->rows, 1);
  g_assert_cmpstr (row[0], ==, "second");

  tsv = bmd_plan_table_to_tsv (table);
  expected = g_strdup_printf ("a\tb\tc\td\ncaf\xc3\xa9 tab\t\t\t%s\nsecond\t\t\t%s\n", long_text, long_text);
  g_assert_cmpstr (tsv, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  guint i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], check_case);
  g_test_add_func ("/bmd/planner/table-add-row", test_table_add_row);
  g_test_add_func ("/bmd/planner/storage-order", test_storage_order);
  g_test_add_func ("/bmd/planner/calendar-counts", test_calendar_counts);
  g_test_add_func ("/bmd/planner/calendar-days-backwards", test_calendar_days_backwards);
  g_test_add_func ("/bmd/planner/day-worst-state", test_day_worst_state);
  g_test_add_func ("/bmd/planner/empty-plan", test_empty_plan);
  g_test_add_func ("/bmd/planner/key-sort", test_key_sort);
  g_test_add_func ("/bmd/planner/pickup-forms", test_pickup_forms);
  g_test_add_func ("/bmd/planner/pickup-out-of-range", test_pickup_out_of_range);
  g_test_add_func ("/bmd/planner/request-details", test_request_details);
  g_test_add_func ("/bmd/planner/requests-made-when-asked", test_requests_made_when_asked);
  g_test_add_func ("/bmd/planner/regular-customer", test_regular_customer);
  g_test_add_func ("/bmd/planner/same-time-order", test_same_time_order);

  return g_test_run ();
}
