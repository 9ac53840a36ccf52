/* The Insights' tables in the warehouse (a real PostgreSQL 15) after a
 * refresh from the Shopify simulator: monthly_metrics and customer_state
 * hold what `bakemyday-sync report months|customers` prints for the same
 * stored orders at the same moment, and dim_customers_scd the local
 * warehouse's history; all three loaded with the other tables. */

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "bmd-test-servers.h"

#include "bmd-pipeline.h"
#include "bmd-store-scd.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

typedef struct
{
  BmdShopifySim *sim;
  char *data_dir;
  BmdConfig *config;
  PGconn *conn;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  if (!bmd_test_require_warehouse ())
    return;

  bmd_shopify_sim_options_init (&options);
  options.requests = 60;
  options.seed = 23;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  f->sim = bmd_test_sim_start (&options);

  f->data_dir = g_dir_make_tmp ("bmd-insights-warehouse-XXXXXX", &error);
  g_assert_no_error (error);
  f->config = bmd_config_new ();
  bmd_config_set (&f->config->shop, bmd_shopify_sim_get_url (f->sim));
  bmd_config_set (&f->config->token, "test-token");
  bmd_config_set (&f->config->data_dir, f->data_dir);
  bmd_config_set (&f->config->warehouse, g_getenv ("BAKEMYDAY_WAREHOUSE"));

  f->conn = PQconnectdb (g_getenv ("BAKEMYDAY_WAREHOUSE"));
  g_assert_cmpint (PQstatus (f->conn), ==, CONNECTION_OK);
  PQclear (bmd_test_pg_query (f->conn, "SET client_min_messages = warning"));
  PQclear (bmd_test_pg_query (f->conn, "SET TIME ZONE 'UTC'"));
  PQclear (bmd_test_pg_query (f->conn, "DROP SCHEMA IF EXISTS bmd CASCADE"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  if (f->sim != NULL)
    bmd_shopify_sim_stop (f->sim);
  g_clear_object (&f->sim);
  if (f->data_dir != NULL)
    bmd_test_remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->config, bmd_config_free);
}

static void
refresh (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdRefreshResult) result = bmd_pipeline_run (f->config, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpstr (result->later_stage_error, ==, NULL);
  g_assert_true (result->warehouse_ran);
}

#define UTC_TEXT(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define DATE_TEXT(col) "COALESCE(to_char(" col ", 'YYYY-MM-DD'), '')"

static char *
history_lines (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (f->data_dir, &error);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  history = bmd_store_list_customer_history (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      BmdCustomerHistoryRow *row = g_ptr_array_index (history, i);

      g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s",
                                               row->customer_id,
                                               row->first_name ? row->first_name : "NULL",
                                               row->last_name ? row->last_name : "NULL",
                                               row->email ? row->email : "NULL",
                                               row->phone ? row->phone : "NULL",
                                               row->cakes, row->state, row->vip ? "t" : "f",
                                               row->valid_from, row->valid_to ? row->valid_to : "NULL",
                                               row->is_current ? "t" : "f"));
    }
  g_assert_cmpuint (lines->len, >, 0);
  return bmd_test_join_sorted (lines);
}

static void
assert_tables_match_reports (Fixture *f)
{
  g_autofree char *as_of = bmd_test_pg_value (f->conn, "SELECT " UTC_TEXT ("MAX(as_of)") " FROM bmd.monthly_metrics");
  g_autofree char *months_loaded = NULL;
  g_autofree char *months_printed = NULL;
  g_autofree char *customers_loaded = NULL;
  g_autofree char *customers_printed = NULL;
  g_autofree char *history_loaded = NULL;
  g_autofree char *history_stored = NULL;
  g_autofree char *n_runs = NULL;
  g_autofree char *same_run = NULL;

  g_assert_nonnull (as_of);
  months_loaded = bmd_test_pg_sorted_rows (f->conn,
    "SELECT month, cakes, revenue, COALESCE(average_cake_value::text, ''), unpaid, new_customers, "
    "returning_customers, COALESCE(median_lead_days::text, '') FROM bmd.monthly_metrics");
  months_printed = bmd_test_report_rows (f->data_dir, "months", as_of);
  g_assert_cmpuint (strlen (months_printed), >, 0);
  g_assert_cmpstr (months_loaded, ==, months_printed);

  customers_loaded = bmd_test_pg_sorted_rows (f->conn,
    "SELECT customer_id, customer, cakes, revenue, " DATE_TEXT ("first_pickup") ", "
    DATE_TEXT ("last_pickup") ", " DATE_TEXT ("next_pickup") ", state, "
    "CASE WHEN vip THEN 'yes' ELSE 'no' END FROM bmd.customer_state");
  customers_printed = bmd_test_report_rows (f->data_dir, "customers", as_of);
  g_assert_cmpuint (strlen (customers_printed), >, 0);
  g_assert_cmpstr (customers_loaded, ==, customers_printed);

  history_loaded = bmd_test_pg_sorted_rows (f->conn,
    "SELECT customer_id, COALESCE(first_name, 'NULL'), COALESCE(last_name, 'NULL'), "
    "COALESCE(email, 'NULL'), COALESCE(phone, 'NULL'), cakes, state, vip, "
    UTC_TEXT ("valid_from") ", COALESCE(" UTC_TEXT ("valid_to") ", 'NULL'), is_current "
    "FROM bmd.dim_customers_scd");
  history_stored = history_lines (f);
  g_assert_cmpstr (history_loaded, ==, history_stored);

  /* One load: the three carry the run id of the run etl_runs recorded. */
  n_runs = bmd_test_pg_value (f->conn,
    "SELECT COUNT(DISTINCT run_id)::text FROM (SELECT run_id FROM bmd.monthly_metrics "
    "UNION ALL SELECT run_id FROM bmd.customer_state UNION ALL SELECT run_id FROM bmd.dim_customers_scd "
    "UNION ALL SELECT run_id FROM bmd.customer_requests) AS runs");
  g_assert_cmpstr (n_runs, ==, "1");
  same_run = bmd_test_pg_value (f->conn,
    "SELECT COUNT(*)::text FROM bmd.etl_runs WHERE status = 'ok' "
    "AND run_id = (SELECT MAX(run_id) FROM bmd.monthly_metrics)");
  g_assert_cmpstr (same_run, ==, "1");
}

static void
test_tables_match_reports (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (f->conn == NULL)
    return;

  refresh (f);
  assert_tables_match_reports (f);
  first = bmd_test_pg_dump_warehouse (f->conn);

  /* Nothing changed: the same rows, the history included, but for as_of and run_id. */
  refresh (f);
  assert_tables_match_reports (f);
  second = bmd_test_pg_dump_warehouse (f->conn);
  g_assert_cmpstr (second, ==, first);

  /* New requests: new customers in the history and the states. */
  bmd_shopify_sim_add_requests (f->sim, 3);
  refresh (f);
  assert_tables_match_reports (f);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_home = g_dir_make_tmp ("bmd-insights-warehouse-config-XXXXXX", NULL);
  int status;

  /* The user's stored settings stay out of it, for the CLI as well. */
  g_assert_nonnull (config_home);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bmd/insights-warehouse/tables-match-reports", Fixture, NULL,
              fixture_set_up, test_tables_match_reports, fixture_tear_down);

  status = g_test_run ();
  bmd_test_remove_tree (config_home);
  return status;
}
