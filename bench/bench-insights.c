/* The Insights over 10,000 and 100,000 synthetic orders: every rule at once
 * (bmd_insights_new ()) and the six reports' tables made from it, as the app
 * and `bakemyday-sync report` run them on an existing plan. Prints the times
 * and their ratio (linear growth gives about 10). Goal: 100k under 100 ms.
 *
 * The orders are paired (a deposit and a remaining half of one customer on
 * one pickup), about 3 cakes a customer over three years, light as the app
 * holds them. */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "bmd-customer-history.h"
#include "bmd-insights.h"
#include "bmd-test-util.h"

/* @texts (may be NULL): each order's JSON too, for a store. */
static GPtrArray *
make_orders (guint      count,
             GDateTime *now,
             GPtrArray *texts)
{
  static const char *statuses[] = { "PAID", "PAID", "PENDING", "PARTIALLY_REFUNDED", "PAID", "REFUNDED" };
  static const char *flavors[] = { "lemon", "black forest", "", "Vanilla", "forgot", "carrot", "chocolate" };
  static const char *prices[] = { "40.00", "65.00", "45.50", "120.00", "12.34" };
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);
  GRand *rand = g_rand_new_with_seed (42);
  guint customers = MAX (count / 7, 1);
  guint i;

  for (i = 0; i < count; i += 2)
    {
      guint customer = (guint) g_rand_int_range (rand, 0, (gint32) customers);
      g_autoptr(GDateTime) pickup = g_date_time_add_minutes (now, g_rand_int_range (rand, -60 * 24 * 1000, 60 * 24 * 60));
      g_autoptr(GDateTime) created = g_date_time_add_days (pickup, -g_rand_int_range (rand, 0, 60));
      g_autofree char *pickup_text = g_date_time_format_iso8601 (pickup);
      g_autofree char *created_text = g_date_time_format_iso8601 (created);
      g_autofree char *customer_id = g_strdup_printf ("gid://shopify/Customer/%u", customer);
      g_autofree char *last_name = g_strdup_printf ("Baker %u", customer);
      const char *flavor = flavors[g_rand_int_range (rand, 0, G_N_ELEMENTS (flavors))];
      guint half;

      for (half = 0; half < 2 && i + half < count; half++)
        {
          g_autoptr(JsonObject) node = json_object_new ();
          g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%u", i + half + 1);
          g_autofree char *name = g_strdup_printf ("#%u", 1000 + i + half);
          JsonObject *customer_node = json_object_new ();
          JsonObject *money = json_object_new ();
          JsonObject *price = json_object_new ();
          JsonObject *draft = json_object_new ();
          JsonObject *pickup_field = json_object_new ();
          JsonObject *flavor_field = json_object_new ();

          json_object_set_string_member (node, "id", id);
          json_object_set_string_member (node, "name", name);
          json_object_set_string_member (node, "createdAt", created_text);
          json_object_set_string_member (node, "displayFinancialStatus",
                                         statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))]);
          json_object_set_string_member (money, "amount", prices[g_rand_int_range (rand, 0, G_N_ELEMENTS (prices))]);
          json_object_set_object_member (price, "shopMoney", money);
          json_object_set_object_member (node, "totalPriceSet", price);
          json_object_set_string_member (customer_node, "id", customer_id);
          json_object_set_string_member (customer_node, "firstName", "Pat");
          json_object_set_string_member (customer_node, "lastName", last_name);
          json_object_set_object_member (node, "customer", customer_node);
          json_object_set_string_member (draft, "value", half == 0 ? "deposit" : "remaining");
          json_object_set_object_member (node, "draftType", draft);
          json_object_set_string_member (pickup_field, "value", pickup_text);
          json_object_set_object_member (node, "pickupDate", pickup_field);
          json_object_set_string_member (flavor_field, "value", flavor);
          json_object_set_object_member (node, "flavor", flavor_field);

          if (texts != NULL)
            {
              g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), node);

              g_ptr_array_add (texts, json_to_string (root, FALSE));
            }
          g_ptr_array_add (orders, bmd_order_new_light (node, NULL));
        }
    }
  g_rand_free (rand);
  return orders;
}

/* This thread's CPU time: on a shared machine the wall clock also counts the
 * time other processes hold the CPU. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

/* Every rule and every report's rows; returns the rows made, so that the
 * work cannot be left out, and in @rules_ms the CPU time of the rules
 * alone (the rest is the tables' text). */
static guint
run_reports (BmdPlan *plan,
             double  *rules_ms)
{
  double start = cpu_ms ();
  g_autoptr(BmdInsights) insights = bmd_insights_new (plan);
  guint rows = 0;
  int view;

  *rules_ms = cpu_ms () - start;
  for (view = BMD_INSIGHTS_VIEW_MONTHS; view <= BMD_INSIGHTS_VIEW_SUMMARY; view++)
    {
      g_autoptr(BmdPlanTable) table = bmd_insights_table_new (insights, view);

      rows += table->rows->len;
    }
  return rows;
}

typedef struct
{
  double plan_ms;
  double reports_ms;
  double reports_cpu_ms;
  double rules_cpu_ms;
  guint  requests;
  guint  customers;
  guint  rows;
} Figures;

/* The best of five: the figure is the rules', not the machine's noise. */
static Figures
measure (guint      count,
         GDateTime *now,
         GTimeZone *zone)
{
  g_autoptr(GPtrArray) orders = make_orders (count, now, NULL);
  Figures figures = { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE, 0, 0, 0 };
  int round;

  for (round = 0; round < 5; round++)
    {
      g_autoptr(BmdPlan) plan = NULL;
      g_autoptr(BmdInsights) insights = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms, cpu, rules;

      plan = bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
      figures.plan_ms = MIN (figures.plan_ms, (g_get_monotonic_time () - start) / 1000.0);

      start = g_get_monotonic_time ();
      cpu = cpu_ms ();
      figures.rows = run_reports (plan, &rules);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      figures.reports_cpu_ms = MIN (figures.reports_cpu_ms, cpu_ms () - cpu);
      figures.reports_ms = MIN (figures.reports_ms, ms);
      figures.rules_cpu_ms = MIN (figures.rules_cpu_ms, rules);

      insights = bmd_insights_new (plan);
      figures.customers = bmd_insights_get_customers (insights)->len;
      figures.requests = bmd_plan_get_requests (plan)->len;
    }
  return figures;
}

/* The refresh's history step (bmd_customer_history_update ()) over @count
 * stored orders: read and plan them all, compare each customer's current
 * row. First into an empty history, then again with nothing changed. */
static void
measure_history (guint      count,
                 GDateTime *now,
                 GTimeZone *zone)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) orders = make_orders (count, now, texts);
  g_autofree char *dir = g_dir_make_tmp ("bench-insights-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (dir, &error);
  double seconds[2];
  double cpu_seconds[2];
  guint changed[2];
  guint i;

  g_assert_no_error (error);
  g_assert_true (bmd_store_begin (store, &error));
  for (i = 0; i < orders->len; i++)
    bmd_store_upsert_order (store, bmd_order_get_id (g_ptr_array_index (orders, i)), NULL, NULL,
                            g_ptr_array_index (texts, i), &error);
  g_assert_true (bmd_store_commit (store, &error));
  g_assert_no_error (error);

  for (i = 0; i < 2; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu = cpu_ms ();

      g_assert_true (bmd_store_begin (store, &error));
      g_assert_true (bmd_customer_history_update (store, zone, now, &changed[i], &error));
      g_assert_true (bmd_store_commit (store, &error));
      g_assert_no_error (error);
      seconds[i] = (g_get_monotonic_time () - start) / 1e6;
      cpu_seconds[i] = (cpu_ms () - cpu) / 1e3;
    }
  printf ("history: a refresh's step over %u stored orders: %.2f s (%.2f s of CPU; %u rows added), "
          "%.2f s (%.2f s of CPU) with nothing changed (%u)\n",
          count, seconds[0], cpu_seconds[0], changed[0], seconds[1], cpu_seconds[1], changed[1]);
  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-06-29T10:00:00-05:00", NULL);
  Figures small, large;

  /* One part alone, for a profiler. */
  if (argc > 1 && g_strcmp0 (argv[1], "--reports-only") != 0 && g_strcmp0 (argv[1], "--history-only") != 0)
    {
      fprintf (stderr, "usage: %s [--reports-only|--history-only]\n", argv[0]);
      return 2;
    }
  if (argc > 1 && g_str_equal (argv[1], "--history-only"))
    {
      measure_history (100000, now, zone);
      return 0;
    }
  small = measure (10000, now, zone);
  large = measure (100000, now, zone);

  printf ("insights: 10000 orders (%u cakes, %u customers): every report in %.1f ms, %.1f ms of CPU (planning %.1f ms)\n",
          small.requests, small.customers, small.reports_ms, small.reports_cpu_ms, small.plan_ms);
  printf ("insights: 100000 orders (%u cakes, %u customers): every report in %.1f ms, %.1f ms of CPU (goal < 100 ms; planning %.1f ms)\n",
          large.requests, large.customers, large.reports_ms, large.reports_cpu_ms, large.plan_ms);
  printf ("insights: ratio 100k/10k = %.1f (linear = 10), of CPU time %.1f; %u and %u report rows\n",
          large.reports_ms / small.reports_ms, large.reports_cpu_ms / small.reports_cpu_ms, small.rows, large.rows);
  printf ("insights: of that CPU time, the rules (bmd_insights_new) %.1f and %.1f ms, ratio %.1f; "
          "the tables' text %.1f and %.1f ms, ratio %.1f\n",
          small.rules_cpu_ms, large.rules_cpu_ms, large.rules_cpu_ms / small.rules_cpu_ms,
          small.reports_cpu_ms - small.rules_cpu_ms, large.reports_cpu_ms - large.rules_cpu_ms,
          (large.reports_cpu_ms - large.rules_cpu_ms) / (small.reports_cpu_ms - small.rules_cpu_ms));
  if (argc == 1)
    measure_history (100000, now, zone);
  return 0;
}
