/* The whole refresh end to end: the Shopify simulator -> the local warehouse
 * -> the S3 lake (a real radosgw) -> the warehouse (a real PostgreSQL 15),
 * through bmd_pipeline_run and through `bakemyday-sync refresh`. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "bmd-test-servers.h"

#include "bmd-jsonl.h"
#include "bmd-lake.h"
#include "bmd-pipeline.h"
#include "bmd-plan-table.h"
#include "bmd-s3.h"
#include "bmd-test-sim.h"
#include "bmd-snapshot.h"
#include "bmd-store.h"
#include "bmd-warehouse-rows.h"
#include "bmd-test-util.h"

#define WRONG_PASSWORD "not-the-password-4711"

typedef struct
{
  BmdShopifySim *sim;
  char *data_dir;
  char *prefix;
  BmdConfig *config;
  PGconn *conn;          /* the test's own connection, for checks */
  BmdS3Client *s3;
} Fixture;

/* Both servers; the S3 one first, as the lake stage runs first. */
static gboolean
require_servers (void)
{
  return bmd_test_require_s3 () && bmd_test_require_warehouse ();
}

static gint64
query_count (Fixture    *f,
             const char *sql)
{
  g_autofree char *value = bmd_test_pg_value (f->conn, sql);

  return g_ascii_strtoll (value, NULL, 10);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  if (!require_servers ())
    return;

  bmd_shopify_sim_options_init (&options);
  options.requests = 30;
  options.seed = 11;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  f->sim = bmd_test_sim_start (&options);

  f->data_dir = g_dir_make_tmp ("bmd-refresh-lake-XXXXXX", &error);
  g_assert_no_error (error);
  f->prefix = g_strdup_printf ("test-refresh/%08x", g_random_int ());

  f->config = bmd_config_new ();
  bmd_config_set (&f->config->shop, bmd_shopify_sim_get_url (f->sim));
  bmd_config_set (&f->config->token, "test-token");
  bmd_config_set (&f->config->data_dir, f->data_dir);
  bmd_config_set (&f->config->s3_endpoint, g_getenv ("BAKEMYDAY_S3_ENDPOINT"));
  bmd_config_set (&f->config->s3_bucket, g_getenv ("BAKEMYDAY_S3_BUCKET"));
  bmd_config_set (&f->config->s3_prefix, f->prefix);
  bmd_config_set (&f->config->warehouse, g_getenv ("BAKEMYDAY_WAREHOUSE"));

  f->conn = PQconnectdb (g_getenv ("BAKEMYDAY_WAREHOUSE"));
  g_assert_cmpint (PQstatus (f->conn), ==, CONNECTION_OK);
  PQclear (bmd_test_pg_query (f->conn, "SET client_min_messages = warning"));
  PQclear (bmd_test_pg_query (f->conn, "SET TIME ZONE 'UTC'"));
  PQclear (bmd_test_pg_query (f->conn, "DROP SCHEMA IF EXISTS bmd CASCADE"));

  credentials = bmd_aws_credentials_resolve (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->s3 = bmd_s3_client_new (g_getenv ("BAKEMYDAY_S3_ENDPOINT"), credentials, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->s3 != NULL)
    {
      g_autofree char *folder = g_strconcat (f->prefix, "/", NULL);
      g_autoptr(GPtrArray) left = bmd_s3_client_list (f->s3, g_getenv ("BAKEMYDAY_S3_BUCKET"), folder, NULL, NULL);

      for (guint i = 0; left != NULL && i < left->len; i++)
        bmd_s3_client_delete (f->s3, g_getenv ("BAKEMYDAY_S3_BUCKET"),
                              ((BmdS3Object *) g_ptr_array_index (left, i))->key, NULL, NULL);
    }
  g_clear_object (&f->s3);
  g_clear_pointer (&f->conn, PQfinish);
  if (f->sim != NULL)
    bmd_shopify_sim_stop (f->sim);
  g_clear_object (&f->sim);
  if (f->data_dir != NULL)
    bmd_test_remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->prefix, g_free);
  g_clear_pointer (&f->config, bmd_config_free);
}

static BmdRefreshResult *
refresh (Fixture  *f,
         gboolean  full)
{
  g_autoptr(GError) error = NULL;
  BmdRefreshResult *result = bmd_pipeline_run (f->config, full, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
assert_refreshed_ok (BmdRefreshResult *result)
{
  g_assert_cmpstr (result->later_stage_error, ==, NULL);
  g_assert_true (result->lake_ran);
  g_assert_true (result->warehouse_ran);
}

/* The run id inside "s3://BUCKET/PREFIX/raw/orders/run=ID/orders.jsonl.gz",
 * checking the whole location against the design's layout. */
static char *
lake_run_id (Fixture    *f,
             const char *uri)
{
  g_autofree char *pattern = g_strdup_printf ("^s3://%s/%s/raw/orders/run=([0-9]{8}T[0-9]{6}Z-[0-9a-f]{6})/orders\\.jsonl\\.gz$",
                                              g_getenv ("BAKEMYDAY_S3_BUCKET"), f->prefix);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  char *run_id;

  g_assert_nonnull (uri);
  if (!g_regex_match (regex, uri, 0, &match))
    g_error ("“%s” is not the design's lake key under %s", uri, f->prefix);
  run_id = g_match_info_fetch (match, 1);
  g_assert_true (bmd_run_id_is_valid (run_id));
  return run_id;
}

static GPtrArray *
read_lake_rows (Fixture    *f,
                const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bmd_s3_client_get (f->s3, g_getenv ("BAKEMYDAY_S3_BUCKET"), key, NULL, &error);
  GPtrArray *rows;

  g_assert_no_error (error);
  rows = bmd_jsonl_read (data, &error);
  g_assert_no_error (error);
  return rows;
}

/* Sorted order ids, one per line. */
static char *
join_sorted (GPtrArray *ids)
{
  g_autoptr(GPtrArray) copy = g_ptr_array_new ();

  for (guint i = 0; i < ids->len; i++)
    g_ptr_array_add (copy, g_ptr_array_index (ids, i));
  return bmd_test_join_sorted (copy);
}

static char *
store_ids (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (f->data_dir, &error);
  g_autoptr(GPtrArray) ids = NULL;

  g_assert_no_error (error);
  ids = bmd_store_list_ids (store, &error);
  g_assert_no_error (error);
  return join_sorted (ids);
}

static char *
rows_ids (GPtrArray *rows)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (ids, (gpointer) json_object_get_string_member (g_ptr_array_index (rows, i), "order_id"));
  return join_sorted (ids);
}

static char *
utc_of_local (const char *local_iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (local_iso, NULL);
  g_autoptr(GDateTime) utc = NULL;

  g_assert_nonnull (dt);
  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* A plan table's rows as query_sorted_rows() prints them, pickup in UTC. */
static char *
plan_table_sorted_rows (BmdPlan     *plan,
                        BmdPlanView  view)
{
  g_autoptr(BmdPlanTable) table = bmd_plan_table_new (plan, view, 0, 0);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      GString *line = g_string_new (NULL);

      for (guint c = 0; c < table->n_columns; c++)
        {
          g_autofree char *utc = c == 0 ? utc_of_local (row[c]) : NULL;

          g_string_append_printf (line, "%s%s", c > 0 ? "\t" : "",
                                  utc != NULL ? utc : row[c] != NULL ? row[c] : "");
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return bmd_test_join_sorted (lines);
}

#define UTC_TEXT(col) "to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* The ready tables hold what `bakemyday-sync plan` prints for the same
 * stored orders at the same moment. */
static void
assert_ready_tables_match_plan (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *as_of = bmd_test_pg_value (f->conn, "SELECT " UTC_TEXT ("MAX(as_of)") " FROM bmd.customer_requests");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(BmdSnapshot) snapshot = NULL;
  BmdPlan *plan;
  g_autofree char *queue_planned = NULL;
  g_autofree char *queue_loaded = NULL;
  g_autofree char *upcoming_planned = NULL;
  g_autofree char *upcoming_loaded = NULL;
  g_autofree char *requests_planned = NULL;
  g_autofree char *requests_loaded = NULL;
  g_autoptr(GPtrArray) request_ids = g_ptr_array_new ();

  g_assert_nonnull (as_of);
  now = g_date_time_new_from_iso8601 (as_of, NULL);
  snapshot = bmd_snapshot_load (f->data_dir, now, NULL, BMD_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  plan = bmd_snapshot_get_plan (snapshot);

  queue_planned = plan_table_sorted_rows (plan, BMD_PLAN_VIEW_QUEUE);
  queue_loaded = bmd_test_pg_sorted_rows (f->conn,
    "SELECT " UTC_TEXT ("d.pickup_date") ", COALESCE(d.customer_name, ''), COALESCE(d.flavor, ''), "
    "COALESCE(d.theme, ''), COALESCE(d.allergies, ''), d.financial_status, r.financial_status, "
    "d.order_name, r.order_name "
    "FROM bmd.weekly_streamline_orders d JOIN bmd.weekly_streamline_orders r "
    "ON d.request_id = r.request_id AND d.draft_type = 'deposit' AND r.draft_type = 'remaining'");
  g_assert_cmpuint (bmd_plan_get_queue (plan)->len, >, 0);
  g_assert_cmpstr (queue_loaded, ==, queue_planned);
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.weekly_streamline_orders"), ==,
                   2 * bmd_plan_get_queue (plan)->len);

  upcoming_planned = plan_table_sorted_rows (plan, BMD_PLAN_VIEW_UPCOMING);
  upcoming_loaded = bmd_test_pg_sorted_rows (f->conn,
    "SELECT " UTC_TEXT ("pickup_date") ", COALESCE(customer_name, ''), draft_type, order_name, "
    "financial_status, COALESCE(flavor, ''), COALESCE(theme, ''), COALESCE(allergies, '') "
    "FROM bmd.future_orders");
  g_assert_cmpuint (g_list_model_get_n_items (bmd_plan_get_upcoming (plan)), >, 0);
  g_assert_cmpstr (upcoming_loaded, ==, upcoming_planned);

  for (guint i = 0; i < bmd_plan_get_requests (plan)->len; i++)
    g_ptr_array_add (request_ids, (gpointer) bmd_request_get_id (g_ptr_array_index (bmd_plan_get_requests (plan), i)));
  requests_planned = join_sorted (request_ids);
  requests_loaded = bmd_test_pg_sorted_rows (f->conn, "SELECT request_id FROM bmd.customer_requests");
  g_assert_cmpstr (requests_loaded, ==, requests_planned);
}

static void
test_end_to_end (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) result = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *expected_uri = NULL;
  g_autoptr(GPtrArray) lake_rows = NULL;
  g_autofree char *ids = NULL;
  g_autofree char *lake_ids = NULL;
  g_autofree char *warehouse_ids = NULL;
  g_autofree char *etl = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected_line = NULL;
  const char * const *tables = bmd_warehouse_ready_tables ();

  if (f->sim == NULL)
    return;

  result = refresh (f, FALSE);
  assert_refreshed_ok (result);
  g_assert_cmpuint (result->total, ==, bmd_shopify_sim_get_order_count (f->sim));
  g_assert_cmpuint (result->total, >, 40);

  /* The snapshot is at the design's key, and holds exactly the store's orders. */
  run_id = lake_run_id (f, result->lake_uri);
  key = bmd_lake_orders_key (f->prefix, run_id);
  expected_uri = g_strdup_printf ("s3://%s/%s", g_getenv ("BAKEMYDAY_S3_BUCKET"), key);
  g_assert_cmpstr (result->lake_uri, ==, expected_uri);
  lake_rows = read_lake_rows (f, key);
  ids = store_ids (f);
  lake_ids = rows_ids (lake_rows);
  g_assert_cmpstr (lake_ids, ==, ids);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *ready_key = bmd_lake_ready_key (f->prefix, tables[i], run_id);
      g_autoptr(GError) error = NULL;

      g_assert_true (bmd_s3_client_head (f->s3, g_getenv ("BAKEMYDAY_S3_BUCKET"), ready_key,
                                         NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  /* bmd.orders has the store's orders, from this run. */
  g_assert_cmpint (result->warehouse_rows, ==, result->total);
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.orders"), ==, result->total);
  warehouse_ids = bmd_test_pg_sorted_rows (f->conn, "SELECT order_id FROM bmd.orders WHERE deleted_at IS NULL");
  g_assert_cmpstr (warehouse_ids, ==, ids);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM bmd.orders WHERE run_id = '%s'", run_id);

    g_assert_cmpint (query_count (f, sql), ==, result->total);
  }
  etl = bmd_test_pg_sorted_rows (f->conn, "SELECT run_id, status, orders_total, added, updated, deleted, lake_key FROM bmd.etl_runs");
  expected_line = g_strdup_printf ("%s\tok\t%u\t%u\t0\t0\t%s\n", run_id, result->total, result->added, result->lake_uri);
  g_assert_cmpstr (etl, ==, expected_line);

  assert_ready_tables_match_plan (f);

  line = bmd_refresh_result_format (result);
  g_free (expected_line);
  expected_line = g_strdup_printf ("refreshed: %u orders (%u added, 0 updated, 0 deleted); lake: %s; warehouse: %u rows",
                                   result->total, result->total, result->lake_uri, result->total);
  g_assert_cmpstr (line, ==, expected_line);
}

static void
test_identical_refreshes (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = NULL;
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *first_run = NULL;
  g_autofree char *second_run = NULL;

  if (f->sim == NULL)
    return;

  first = refresh (f, FALSE);
  assert_refreshed_ok (first);
  before = bmd_test_pg_dump_warehouse (f->conn);
  second = refresh (f, FALSE);
  assert_refreshed_ok (second);
  after = bmd_test_pg_dump_warehouse (f->conn);

  g_assert_cmpuint (second->added + second->updated + second->deleted, ==, 0);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (second->warehouse_rows, ==, first->warehouse_rows);
  /* Each refresh has its own lake folder and etl_runs row. */
  first_run = lake_run_id (f, first->lake_uri);
  second_run = lake_run_id (f, second->lake_uri);
  g_assert_cmpstr (first_run, !=, second_run);
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.etl_runs WHERE status = 'ok'"), ==, 2);
}

static void
test_deleted_orders (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = NULL;
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autoptr(BmdRefreshResult) third = NULL;
  g_autoptr(GPtrArray) sim_ids = NULL;
  g_autoptr(GPtrArray) lake_rows = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *deleted_at = NULL;
  g_autofree char *again = NULL;
  const char *victim;

  if (f->sim == NULL)
    return;

  first = refresh (f, FALSE);
  assert_refreshed_ok (first);
  sim_ids = bmd_shopify_sim_dup_order_ids (f->sim);
  victim = g_ptr_array_index (sim_ids, 3);
  g_assert_true (bmd_shopify_sim_delete_order (f->sim, victim));

  /* A full refresh notices the deletion; the order leaves the snapshot and
   * the warehouse keeps it, marked. */
  second = refresh (f, TRUE);
  assert_refreshed_ok (second);
  g_assert_cmpuint (second->deleted, ==, 1);
  g_assert_cmpuint (second->total, ==, first->total - 1);
  g_assert_cmpint (second->warehouse_rows, ==, first->total);

  run_id = lake_run_id (f, second->lake_uri);
  key = bmd_lake_orders_key (f->prefix, run_id);
  lake_rows = read_lake_rows (f, key);
  g_assert_cmpuint (lake_rows->len, ==, second->total);
  for (guint i = 0; i < lake_rows->len; i++)
    g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (lake_rows, i), "order_id"), !=, victim);

  sql = g_strdup_printf ("SELECT " UTC_TEXT ("deleted_at") " FROM bmd.orders WHERE order_id = '%s'", victim);
  deleted_at = bmd_test_pg_value (f->conn, sql);
  g_assert_nonnull (deleted_at);
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.orders WHERE deleted_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.orders WHERE deleted_at IS NULL"), ==, second->total);

  /* The mark is not moved by later refreshes. */
  third = refresh (f, FALSE);
  assert_refreshed_ok (third);
  again = bmd_test_pg_value (f->conn, sql);
  g_assert_cmpstr (again, ==, deleted_at);
  assert_ready_tables_match_plan (f);
}

static void
test_warehouse_failure_catches_up (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) failed = NULL;
  g_autoptr(BmdRefreshResult) caught_up = NULL;
  g_autofree char *good = g_strdup (f->config != NULL ? f->config->warehouse : NULL);
  g_autofree char *ids = NULL;
  g_autofree char *warehouse_ids = NULL;
  g_autofree char *line = NULL;

  if (f->sim == NULL)
    return;

  /* Later keywords win in a libpq connection string. */
  g_free (f->config->warehouse);
  f->config->warehouse = g_strconcat (good, " password=" WRONG_PASSWORD, NULL);
  failed = refresh (f, FALSE);

  /* The store is refreshed and the lake written; the warehouse stage is named. */
  g_assert_cmpuint (failed->total, ==, bmd_shopify_sim_get_order_count (f->sim));
  g_assert_cmpuint (failed->added, ==, failed->total);
  g_assert_true (failed->lake_ran);
  g_assert_false (failed->warehouse_ran);
  g_assert_nonnull (failed->later_stage_error);
  g_assert_true (g_str_has_prefix (failed->later_stage_error, "warehouse: "));
  g_assert_nonnull (strstr (failed->later_stage_error, "password authentication failed"));
  g_assert_null (strstr (failed->later_stage_error, WRONG_PASSWORD));
  line = bmd_refresh_result_format (failed);
  g_assert_null (strstr (line, "warehouse"));
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'bmd'"), ==, 0);
  {
    g_autoptr(BmdStore) store = bmd_store_open (f->data_dir, NULL);

    g_assert_cmpuint (bmd_store_count_orders (store), ==, failed->total);
  }

  /* New orders meanwhile; the next refresh loads everything. */
  bmd_shopify_sim_add_requests (f->sim, 2);
  g_free (f->config->warehouse);
  f->config->warehouse = g_steal_pointer (&good);
  caught_up = refresh (f, FALSE);
  assert_refreshed_ok (caught_up);
  g_assert_cmpuint (caught_up->added, ==, 4);
  g_assert_cmpint (caught_up->warehouse_rows, ==, caught_up->total);
  ids = store_ids (f);
  warehouse_ids = bmd_test_pg_sorted_rows (f->conn, "SELECT order_id FROM bmd.orders WHERE deleted_at IS NULL");
  g_assert_cmpstr (warehouse_ids, ==, ids);
  assert_ready_tables_match_plan (f);
}

static void
test_lake_failure (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) postgres = NULL;
  g_autoptr(BmdRefreshResult) redshift = NULL;
  g_autoptr(BmdRefreshResult) caught_up = NULL;
  g_autofree char *good = g_strdup (f->config != NULL ? f->config->s3_bucket : NULL);
  g_autofree char *missing = g_strdup_printf ("bmd-missing-%08x", g_random_int ());
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;

  if (f->sim == NULL)
    return;

  bmd_config_set (&f->config->s3_bucket, missing);
  postgres = refresh (f, FALSE);
  g_assert_false (postgres->lake_ran);
  g_assert_null (postgres->lake_uri);
  g_assert_nonnull (postgres->later_stage_error);
  g_assert_true (g_str_has_prefix (postgres->later_stage_error, "lake: "));
  g_assert_nonnull (strstr (postgres->later_stage_error, missing));
  g_assert_nonnull (strstr (postgres->later_stage_error, "bucket"));
  /* PostgreSQL loads through COPY FROM STDIN: it does not need the lake. */
  g_assert_null (strstr (postgres->later_stage_error, "warehouse"));
  g_assert_true (postgres->warehouse_ran);
  g_assert_cmpint (postgres->warehouse_rows, ==, postgres->total);
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.etl_runs WHERE lake_key IS NULL"), ==, 1);
  line = bmd_refresh_result_format (postgres);
  expected = g_strdup_printf ("refreshed: %u orders (%u added, 0 updated, 0 deleted); warehouse: %u rows",
                              postgres->total, postgres->total, postgres->total);
  g_assert_cmpstr (line, ==, expected);

  /* Redshift only COPYs from the lake: without it the warehouse is not touched. */
  bmd_config_set (&f->config->warehouse_dialect, "redshift");
  bmd_config_set (&f->config->redshift_iam_role, "arn:aws:iam::123456789012:role/RedshiftCopy");
  bmd_shopify_sim_add_requests (f->sim, 1);
  redshift = refresh (f, FALSE);
  g_assert_cmpuint (redshift->added, ==, 2);
  g_assert_false (redshift->lake_ran);
  g_assert_false (redshift->warehouse_ran);
  g_assert_true (g_str_has_prefix (redshift->later_stage_error, "lake: "));
  g_assert_nonnull (strstr (redshift->later_stage_error, "; warehouse: not loaded"));
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.orders"), ==, postgres->total);

  /* Back to a bucket that exists, and PostgreSQL: everything catches up. */
  g_clear_pointer (&f->config->warehouse_dialect, g_free);
  g_clear_pointer (&f->config->redshift_iam_role, g_free);
  bmd_config_set (&f->config->s3_bucket, good);
  caught_up = refresh (f, FALSE);
  assert_refreshed_ok (caught_up);
  g_assert_cmpint (caught_up->warehouse_rows, ==, redshift->total);
  g_free (lake_run_id (f, caught_up->lake_uri));
}

static void
test_bad_dialect_and_nothing_configured (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) bad = NULL;
  g_autoptr(BmdRefreshResult) plain = NULL;
  g_autofree char *line = NULL;
  g_autofree char *expected = NULL;

  if (f->sim == NULL)
    return;

  bmd_config_set (&f->config->warehouse_dialect, "oracle");
  bad = refresh (f, FALSE);
  g_assert_true (bad->lake_ran);
  g_assert_false (bad->warehouse_ran);
  g_assert_true (g_str_has_prefix (bad->later_stage_error, "warehouse: "));
  g_assert_nonnull (strstr (bad->later_stage_error, "BAKEMYDAY_WAREHOUSE_DIALECT"));

  /* Neither stage configured: the summary line is the store's alone. */
  g_clear_pointer (&f->config->s3_bucket, g_free);
  g_clear_pointer (&f->config->warehouse, g_free);
  plain = refresh (f, FALSE);
  g_assert_null (plain->later_stage_error);
  g_assert_false (plain->lake_ran);
  g_assert_false (plain->warehouse_ran);
  line = bmd_refresh_result_format (plain);
  expected = g_strdup_printf ("refreshed: %u orders (0 added, 0 updated, 0 deleted)", plain->total);
  g_assert_cmpstr (line, ==, expected);
}

/* ---- bakemyday-sync refresh ------------------------------------------------ */

static int
run_cli (Fixture     *f,
         const char  *warehouse,
         char       **out_stdout,
         char       **out_stderr)
{
  g_autofree char *program = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  const char *argv[] = { program, "refresh", "--shop", bmd_shopify_sim_get_url (f->sim),
                         "--data-dir", f->data_dir, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  envp = g_environ_setenv (envp, "BAKEMYDAY_TOKEN", "test-token", TRUE);
  envp = g_environ_setenv (envp, "BAKEMYDAY_S3_PREFIX", f->prefix, TRUE);
  envp = g_environ_setenv (envp, "BAKEMYDAY_WAREHOUSE", warehouse, TRUE);
  envp = g_environ_unsetenv (envp, "BAKEMYDAY_WAREHOUSE_DIALECT");
  envp = g_environ_unsetenv (envp, "BAKEMYDAY_TZ");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli_summary_and_exit_codes (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out_failed = NULL;
  g_autofree char *err_failed = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *wrong = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *uri = NULL;
  guint orders;
  int status;

  if (f->sim == NULL)
    return;
  g_assert_nonnull (g_getenv ("BMD_BUILD_DIR"));
  orders = bmd_shopify_sim_get_order_count (f->sim);

  status = run_cli (f, g_getenv ("BAKEMYDAY_WAREHOUSE"), &out, &err);
  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);
  /* Exactly one line on stdout, the design's summary. */
  pattern = g_strdup_printf ("^refreshed: %u orders \\(%u added, 0 updated, 0 deleted\\); "
                             "lake: (s3://%s/%s/raw/orders/run=[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}/orders\\.jsonl\\.gz); "
                             "warehouse: %u rows\n$",
                             orders, orders, g_getenv ("BAKEMYDAY_S3_BUCKET"), f->prefix, orders);
  regex = g_regex_new (pattern, 0, 0, NULL);
  if (!g_regex_match (regex, out, 0, &match))
    g_error ("unexpected summary: “%s”", out);
  uri = g_match_info_fetch (match, 1);
  g_assert_cmpint (query_count (f, "SELECT COUNT(*) FROM bmd.orders"), ==, orders);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM bmd.etl_runs WHERE lake_key = '%s'", uri);

    g_assert_cmpint (query_count (f, sql), ==, 1);
  }
  /* Progress goes to stderr and names the later stages. */
  g_assert_nonnull (strstr (err, "lake: "));
  g_assert_nonnull (strstr (err, "warehouse: "));

  /* A warehouse that refuses the login: exit 3, the store refreshed, the stage named. */
  wrong = g_strconcat (g_getenv ("BAKEMYDAY_WAREHOUSE"), " password=" WRONG_PASSWORD, NULL);
  status = run_cli (f, wrong, &out_failed, &err_failed);
  g_assert_cmpint (status, ==, 3);
  g_assert_true (g_str_has_prefix (out_failed, "refreshed: "));
  g_assert_nonnull (strstr (out_failed, "; lake: s3://"));
  g_assert_null (strstr (out_failed, "warehouse"));
  g_assert_true (g_str_has_suffix (out_failed, ".jsonl.gz\n"));
  g_assert_nonnull (strstr (err_failed, "refreshed, but warehouse: "));
  g_assert_null (strstr (err_failed, WRONG_PASSWORD));
  g_assert_null (strstr (out_failed, WRONG_PASSWORD));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_home = g_dir_make_tmp ("bmd-refresh-lake-config-XXXXXX", NULL);
  int status;

  /* Stored settings of the user running the tests stay out of it, for the
   * CLI as well: an empty config dir. */
  g_assert_nonnull (config_home);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/refresh-lake/end-to-end", test_end_to_end);
  ADD ("/bmd/refresh-lake/identical-refreshes", test_identical_refreshes);
  ADD ("/bmd/refresh-lake/deleted-orders", test_deleted_orders);
  ADD ("/bmd/refresh-lake/warehouse-failure-catches-up", test_warehouse_failure_catches_up);
  ADD ("/bmd/refresh-lake/lake-failure", test_lake_failure);
  ADD ("/bmd/refresh-lake/bad-dialect-and-nothing-configured", test_bad_dialect_and_nothing_configured);
  ADD ("/bmd/refresh-lake/cli", test_cli_summary_and_exit_codes);
#undef ADD

  status = g_test_run ();
  bmd_test_remove_tree (config_home);
  return status;
}
