/* The refresh against the Shopify simulator: incremental, never losing or
 * duplicating an order, and all-or-nothing on every fault. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bmd-order-list.h"
#include "bmd-pipeline.h"
#include "bmd-test-sim.h"
#include "bmd-store.h"
#include "bmd-store-scd.h"
#include "bmd-sync.h"
#include "bmd-test-proxy.h"
#include "bmd-test-util.h"

typedef struct
{
  BmdShopifySim *sim;
  char *data_dir;
  BmdConfig *config;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  bmd_shopify_sim_options_init (&options);
  /* @data: a number of requests other than 30. */
  options.requests = data != NULL ? GPOINTER_TO_UINT (data) : 30;
  options.seed = 7;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  fixture->sim = bmd_test_sim_start (&options);

  fixture->data_dir = g_dir_make_tmp ("bmd-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config = bmd_config_new ();
  bmd_config_set (&fixture->config->shop, bmd_shopify_sim_get_url (fixture->sim));
  bmd_config_set (&fixture->config->token, "test-token");
  bmd_config_set (&fixture->config->data_dir, fixture->data_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  bmd_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  bmd_config_free (fixture->config);
}

static void
set_store_state (Fixture    *fixture,
                 const char *key,
                 const char *value)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_set_state (store, key, value, &error));
  g_assert_no_error (error);
}

static BmdRefreshResult *
refresh (Fixture  *fixture,
         gboolean  full)
{
  g_autoptr(GError) error = NULL;
  BmdRefreshResult *result = bmd_pipeline_run (fixture->config, full, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* The store's orders, as sorted "id\tjson" lines: equal strings, equal stores. */
static char *
dump_store (Fixture *fixture)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) json = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  guint i;

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  json = bmd_store_list_order_json (store, &error);
  g_assert_no_error (error);
  for (i = 0; i < json->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (json, i));
  return g_string_free (out, FALSE);
}

/* Compares the store with @expected and frees the dump. */
static void
assert_store_is (Fixture    *fixture,
                 const char *expected)
{
  g_autofree char *dump = dump_store (fixture);

  g_assert_cmpstr (dump, ==, expected);
}

static void
test_first_and_second_refresh (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autofree char *line = NULL;
  guint orders = bmd_shopify_sim_get_order_count (fixture->sim);

  g_assert_cmpuint (orders, >, 40);
  g_assert_cmpuint (first->total, ==, orders);
  g_assert_cmpuint (first->added, ==, orders);
  g_assert_cmpuint (first->updated, ==, 0);
  g_assert_cmpuint (first->deleted, ==, 0);

  second = refresh (fixture, FALSE);
  line = bmd_refresh_result_format (second);
  g_assert_cmpstr (strchr (line, '('), ==, "(0 added, 0 updated, 0 deleted)");
  g_assert_cmpuint (second->total, ==, orders);
}

static void
test_incremental_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (fixture->sim);
  g_autoptr(BmdRefreshResult) after_add = NULL;
  g_autoptr(BmdRefreshResult) after_cancel = NULL;
  g_autoptr(BmdRefreshResult) after_delete = NULL;
  g_autoptr(BmdRefreshResult) again = NULL;
  const char *delete_id = g_ptr_array_index (ids, 0);
  guint i;

  bmd_shopify_sim_add_requests (fixture->sim, 2);
  after_add = refresh (fixture, FALSE);
  g_assert_cmpuint (after_add->added, ==, 4);
  g_assert_cmpuint (after_add->updated, ==, 0);
  g_assert_cmpuint (after_add->total, ==, first->total + 4);

  /* The first order that is not cancelled already. */
  for (i = 1; i < ids->len; i++)
    {
      if (bmd_shopify_sim_cancel_order (fixture->sim, g_ptr_array_index (ids, i)))
        break;
    }
  g_assert_cmpuint (i, <, ids->len);
  after_cancel = refresh (fixture, FALSE);
  g_assert_cmpuint (after_cancel->added, ==, 0);
  g_assert_cmpuint (after_cancel->updated, ==, 1);

  g_assert_true (bmd_shopify_sim_delete_order (fixture->sim, delete_id));
  /* A plain refresh within the sweep interval does not look for deletions. */
  g_clear_pointer (&again, bmd_refresh_result_free);
  again = refresh (fixture, FALSE);
  g_assert_cmpuint (again->deleted, ==, 0);
  g_assert_cmpuint (again->total, ==, after_add->total);
  g_clear_pointer (&again, bmd_refresh_result_free);
  fixture->config->sweep = TRUE;
  after_delete = refresh (fixture, FALSE);
  fixture->config->sweep = FALSE;
  g_assert_cmpuint (after_delete->deleted, ==, 1);
  g_assert_cmpuint (after_delete->total, ==, after_add->total - 1);

  again = refresh (fixture, FALSE);
  g_assert_cmpuint (again->added + again->updated + again->deleted, ==, 0);
  g_assert_cmpuint (again->total, ==, bmd_shopify_sim_get_order_count (fixture->sim));
}

/* An order whose pickup is still to come, or NULL. */
static const char *
find_future_order (Fixture   *fixture,
                   GPtrArray *ids)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint i;

  for (i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) node = bmd_shopify_sim_dup_order (fixture->sim, g_ptr_array_index (ids, i));
      g_autoptr(GDateTime) pickup = NULL;
      JsonObject *field;

      if (!json_object_has_member (node, "pickupDate")
          || json_node_is_null (json_object_get_member (node, "pickupDate")))
        continue;
      field = json_object_get_object_member (node, "pickupDate");
      pickup = g_date_time_new_from_iso8601 (json_object_get_string_member (field, "value"), NULL);
      if (pickup != NULL && g_date_time_compare (pickup, now) > 0)
        return g_ptr_array_index (ids, i);
    }
  return NULL;
}

/* The id of an order whose pickup is still to come. */
static char *
dup_future_order_id (Fixture *fixture)
{
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (fixture->sim);
  const char *id = find_future_order (fixture, ids);

  g_assert_nonnull (id);
  return g_strdup (id);
}

/* As on Shopify, a metafield edit updates its order: the next refresh reads
 * it by updatedAt alone, without a sweep. */
static void
test_metafield_edit_updates_order (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autofree char *target = dup_future_order_id (fixture);
  g_autofree char *after = NULL;

  g_assert_true (bmd_shopify_sim_set_metafield (fixture->sim, target, "custom", "flavor",
                                                "saffron-test-flavor", TRUE));
  second = refresh (fixture, FALSE);
  after = dump_store (fixture);
  g_assert_cmpuint (second->updated, ==, 1);
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_nonnull (strstr (after, "saffron-test-flavor"));
  (void) first;
}

/* In the other world, where an edit leaves updatedAt alone, a plain refresh
 * cannot see it; the sweep (refresh --sweep, the daily run) does. */
static void
test_metafield_edit_without_updated_at (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) plain = NULL;
  g_autoptr(BmdRefreshResult) swept = NULL;
  g_autofree char *target = dup_future_order_id (fixture);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  before = dump_store (fixture);
  g_assert_true (bmd_shopify_sim_set_metafield (fixture->sim, target, "custom", "flavor",
                                                "saffron-test-flavor", FALSE));
  plain = refresh (fixture, FALSE);
  g_assert_cmpuint (plain->updated, ==, 0);
  assert_store_is (fixture, before);

  fixture->config->sweep = TRUE;
  swept = refresh (fixture, FALSE);
  after = dump_store (fixture);
  g_assert_cmpuint (swept->updated, ==, 1);
  g_assert_cmpuint (swept->added, ==, 0);
  g_assert_nonnull (strstr (after, "saffron-test-flavor"));
  g_assert_null (strstr (before, "saffron-test-flavor"));
  (void) first;
}

/* Only the pickup date changes, and updatedAt does not (the world the sweep
 * is for): the sweep's comparison with the stored order must look at the
 * pickup too. */
static void
test_pickup_only_edit (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (fixture->sim);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) moved = g_date_time_add_days (now, 40);
  g_autofree char *value = g_date_time_format (moved, "%Y-%m-%dT%H:%M:07Z");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *target = find_future_order (fixture, ids);

  g_assert_nonnull (target);
  before = dump_store (fixture);
  g_assert_null (strstr (before, value));
  g_assert_true (bmd_shopify_sim_set_metafield (fixture->sim, target, "custom", "pickup_date",
                                                value, FALSE));
  fixture->config->sweep = TRUE;
  second = refresh (fixture, FALSE);
  fixture->config->sweep = FALSE;
  after = dump_store (fixture);
  g_assert_cmpuint (second->updated, ==, 1);
  g_assert_cmpuint (second->added, ==, 0);
  g_assert_nonnull (strstr (after, value));
  (void) first;
}

/* The incremental read starts a lookback before the watermark: an order
 * Shopify shows with an updatedAt a minute before the newest one already
 * seen (it updates an order before its children) is still read. */
static void
test_incremental_lookback (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (fixture->sim);
  g_autoptr(JsonObject) node = NULL;
  g_autoptr(GDateTime) mark = NULL;
  g_autoptr(GDateTime) late = NULL;
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *watermark = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *line = NULL;
  g_autofree char *path = g_build_filename (fixture->data_dir, "late.jsonl", NULL);
  g_autofree char *after = NULL;

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  watermark = bmd_store_dup_state (store, BMD_STATE_WATERMARK);
  g_clear_object (&store);
  g_assert_nonnull (watermark);
  mark = g_date_time_new_from_iso8601 (watermark, NULL);
  g_assert_nonnull (mark);
  late = g_date_time_add_seconds (mark, -60);
  updated = g_date_time_format (late, "%Y-%m-%dT%H:%M:%SZ");

  node = bmd_shopify_sim_dup_order (fixture->sim, g_ptr_array_index (ids, 0));
  json_object_set_string_member (node, "id", "gid://shopify/Order/987654321");
  json_object_set_string_member (node, "legacyResourceId", "987654321");
  json_object_set_string_member (node, "name", "#987654");
  json_object_set_string_member (node, "updatedAt", updated);
  json_node_set_object (root, node);
  line = json_to_string (root, FALSE);
  g_file_set_contents (path, line, -1, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_shopify_sim_load_jsonl (fixture->sim, path, &error));
  g_assert_no_error (error);

  second = refresh (fixture, FALSE);
  g_assert_cmpuint (second->added, ==, 1);
  after = dump_store (fixture);
  g_assert_nonnull (strstr (after, "gid://shopify/Order/987654321"));
  (void) first;
}

/* An interval of one hour: a refresh an hour after the last sweep sweeps
 * again, one a minute before it does not. The last sweep's time is moved
 * back in the store to stand for the hour. */
static void
test_sweep_interval (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) early = NULL;
  g_autoptr(BmdRefreshResult) due = NULL;
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (fixture->sim);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) almost = g_date_time_add_seconds (now, -59 * 60);
  g_autoptr(GDateTime) hour = g_date_time_add_seconds (now, -60 * 60 - 1);
  g_autofree char *almost_text = g_date_time_format_iso8601 (almost);
  g_autofree char *hour_text = g_date_time_format_iso8601 (hour);

  fixture->config->sweep_interval_hours = 1;
  g_assert_true (bmd_shopify_sim_delete_order (fixture->sim, g_ptr_array_index (ids, 0)));
  set_store_state (fixture, BMD_STATE_LAST_SWEEP, almost_text);
  early = refresh (fixture, FALSE);
  g_assert_cmpuint (early->deleted, ==, 0);

  set_store_state (fixture, BMD_STATE_LAST_SWEEP, hour_text);
  due = refresh (fixture, FALSE);
  g_assert_cmpuint (due->deleted, ==, 1);
  (void) first;
}

/* An empty or cut-short list of ids is a wrong answer, not a shop that lost
 * its orders: the refresh fails and the store is left as it was. */
static void
test_empty_id_listing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dump_store (fixture);

  g_assert_cmpuint (first->total, >=, 20);
  /* The first empty answer is the incremental read (nothing changed: empty
   * anyway), the second the sweep's id listing. */
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_EMPTY_ORDERS, 2);
  fixture->config->sweep = TRUE;
  result = bmd_pipeline_run (fixture->config, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT);
  g_assert_nonnull (strstr (error->message, "nothing was deleted"));
  assert_store_is (fixture, before);
}

/* An order this refresh has just read cannot be deleted: the id listing is
 * wrong even in a store too small for the share rule (5 requests: about 10
 * orders, fewer than 20). */
static void
test_deleting_what_was_read (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  g_assert_cmpuint (first->total, <, 20);
  bmd_shopify_sim_add_requests (fixture->sim, 1);
  before = dump_store (fixture);
  /* The shop and the incremental read (which gets the two new orders) are
   * answered as they are; the next answer with orders, the id listing, is
   * empty. */
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_NONE, 2);
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_EMPTY_ORDERS, 1);
  fixture->config->sweep = TRUE;
  result = bmd_pipeline_run (fixture->config, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT);
  g_assert_nonnull (strstr (error->message, "has just read"));
  assert_store_is (fixture, before);
}

/* Each fault either leaves exactly the fault-free result, or fails with the
 * store unchanged. */
static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  static const BmdSimFault retried[] = {
    BMD_SIM_FAULT_HTTP_429, BMD_SIM_FAULT_HTTP_500, BMD_SIM_FAULT_HTTP_502,
    BMD_SIM_FAULT_THROTTLED, BMD_SIM_FAULT_TRUNCATED, BMD_SIM_FAULT_DROP,
    BMD_SIM_FAULT_BAD_JSON,
  };
  static const BmdSimFault fatal[] = { BMD_SIM_FAULT_HTTP_401, BMD_SIM_FAULT_HTTP_403 };
  g_autoptr(BmdRefreshResult) clean = refresh (fixture, FALSE);
  g_autofree char *expected = dump_store (fixture);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (retried); i++)
    {
      g_autoptr(BmdRefreshResult) result = NULL;
      g_autofree char *got = NULL;

      bmd_shopify_sim_add_requests (fixture->sim, 1);
      bmd_shopify_sim_queue_fault (fixture->sim, retried[i], 2);
      result = refresh (fixture, FALSE);
      g_assert_cmpuint (result->added, ==, 2);
      g_assert_cmpuint (result->total, ==, bmd_shopify_sim_get_order_count (fixture->sim));
      got = dump_store (fixture);
      g_assert_cmpuint (strlen (got), >, strlen (expected));
    }

  g_free (expected);
  expected = dump_store (fixture);
  for (i = 0; i < G_N_ELEMENTS (fatal); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdRefreshResult) result = NULL;
      g_autofree char *got = NULL;

      bmd_shopify_sim_add_requests (fixture->sim, 1);
      bmd_shopify_sim_queue_fault (fixture->sim, fatal[i], 1);
      result = bmd_pipeline_run (fixture->config, FALSE, NULL, &error);
      g_assert_null (result);
      g_assert_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT);
      g_assert_null (strstr (error->message, "test-token"));
      got = dump_store (fixture);
      g_assert_cmpstr (got, ==, expected);
    }
  (void) clean;
}

static void
test_bad_token_and_shop (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autofree char *before = dump_store (fixture);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) shop_error = NULL;
  g_autoptr(BmdRefreshResult) result = NULL;

  bmd_config_set (&fixture->config->token, "bad-token");
  bmd_shopify_sim_add_requests (fixture->sim, 1);
  result = bmd_pipeline_run (fixture->config, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT);
  g_assert_null (strstr (error->message, "bad-token"));
  after = dump_store (fixture);
  g_assert_cmpstr (after, ==, before);

  bmd_config_set (&fixture->config->shop, "http://example.com");
  result = bmd_pipeline_run (fixture->config, FALSE, NULL, &shop_error);
  g_assert_null (result);
  g_assert_error (shop_error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG);
  (void) first;
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(BmdStore) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdRefreshResult) result = NULL;

  holder = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_lock_refresh (holder, FALSE, &error));
  result = bmd_pipeline_run (fixture->config, FALSE, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_BUSY);
  bmd_store_unlock_refresh (holder);
}

static void
cancel_when_reading_cb (BmdPipelineJob *job,
                        GParamSpec     *pspec,
                        gpointer        user_data)
{
  if (bmd_pipeline_job_get_orders_read (job) > 0)
    bmd_pipeline_job_cancel (job);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;
  BmdRefreshResult *refresh_result = bmd_pipeline_run_finish (result, error);

  g_assert_null (refresh_result);
  g_assert_nonnull (*error);
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BmdPipelineJob) job = bmd_pipeline_job_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) store_error = NULL;

  /* A slow page gives the main thread time to cancel while the walk runs. */
  bmd_shopify_sim_set_slow_delay (fixture->sim, 0.2);
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_SLOW, 1000);
  g_signal_connect (job, "notify::orders-read", G_CALLBACK (cancel_when_reading_cb), NULL);
  bmd_pipeline_run_async (fixture->config, FALSE, job, done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  store = bmd_store_open (fixture->data_dir, &store_error);
  g_assert_no_error (store_error);
  g_assert_cmpuint (bmd_store_count_orders (store), ==, 0);
}

/* The customers' history as "id|state|valid_from|valid_to|current" lines. */
static char *
dump_history (Fixture *fixture)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  guint i;

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  rows = bmd_store_list_customer_history (store, &error);
  g_assert_no_error (error);
  for (i = 0; i < rows->len; i++)
    {
      BmdCustomerHistoryRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (out, "%s|%s|%s|%s|%d\n", row->customer_id, row->state, row->valid_from,
                              row->valid_to ? row->valid_to : "", row->is_current);
    }
  return g_string_free (out, FALSE);
}

/* Each refresh brings dim_customers_scd up to date in its own transaction. */
static void
test_customer_history (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autoptr(GHashTable) customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (fixture->sim);
  g_autofree char *after_first = dump_history (fixture);
  g_autofree char *after_second = NULL;
  g_autofree char *after_failure = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdRefreshResult) failed = NULL;
  g_auto(GStrv) lines = NULL;
  guint i;

  /* One current row per customer with an order. */
  for (i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) node = bmd_shopify_sim_dup_order (fixture->sim, g_ptr_array_index (ids, i));
      JsonObject *customer = json_object_get_object_member (node, "customer");

      if (customer != NULL)
        g_hash_table_add (customers, g_strdup (json_object_get_string_member (customer, "id")));
    }
  lines = g_strsplit (after_first, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines) - 1, ==, g_hash_table_size (customers));
  for (i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    g_assert_true (g_str_has_suffix (lines[i], "||1"));

  /* Nothing changed (a second later no state moves): no new row. */
  second = refresh (fixture, FALSE);
  after_second = dump_history (fixture);
  g_assert_cmpstr (after_second, ==, after_first);

  /* A refresh that fails leaves the history as it was. */
  bmd_shopify_sim_add_requests (fixture->sim, 1);
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_HTTP_401, 1);
  failed = bmd_pipeline_run (fixture->config, FALSE, NULL, &error);
  g_assert_null (failed);
  after_failure = dump_history (fixture);
  g_assert_cmpstr (after_failure, ==, after_first);
  (void) first;
}

/* More orders than one cursor walk may pass (Shopify stops at 25,000
 * objects): the sync reads them in updated_at windows, none lost or doubled. */
/* The list of ids a full refresh checks for deletions, with one id made
 * null (or a number): the refresh crashed on it. */
static char *
break_one_id_cb (const char *request,
                 const char *answer,
                 guint      *status,
                 gpointer    user_data)
{
  g_autoptr(GRegex) id = NULL;

  if (strstr (request, "query OrderIds") == NULL)
    return NULL;
  id = g_regex_new ("\"id\" *: *\"gid://shopify/Order/[0-9]+\"", 0, 0, NULL);
  return g_regex_replace_literal (id, answer, -1, 0, user_data, G_REGEX_MATCH_DEFAULT, NULL);
}

static void
test_order_id_not_text (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *replacements[] = { "\"id\":null", "\"id\":42", "\"id\":{}" };
  /* Refreshed once, so that there is a store to keep. */
  G_GNUC_UNUSED g_autoptr(BmdRefreshResult) first = refresh (fixture, FALSE);
  g_autofree char *before = dump_store (fixture);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (replacements); i++)
    {
      BmdTestProxy *proxy = bmd_test_proxy_start (bmd_shopify_sim_get_url (fixture->sim),
                                                  break_one_id_cb, (gpointer) replacements[i]);
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      BmdRefreshResult *result;

      bmd_config_set (&fixture->config->shop, bmd_test_proxy_get_url (proxy));
      result = bmd_pipeline_run (fixture->config, TRUE, NULL, &error);
      g_assert_cmpuint (bmd_test_proxy_get_rewritten (proxy), >, 0);
      g_assert_null (result);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, "id"));
      /* All or nothing: the store is as it was. */
      after = dump_store (fixture);
      g_assert_cmpstr (after, ==, before);
      bmd_test_proxy_stop (proxy);
    }
}

static void
test_many_windows (void)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(BmdRefreshResult) result = NULL;
  g_autoptr(BmdRefreshResult) again = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-sync-XXXXXX", NULL);

  bmd_shopify_sim_options_init (&options);
  options.requests = 11000;
  options.bucket = 1e9;
  options.restore_rate = 1e9;
  sim = bmd_test_sim_start (&options);
  g_assert_cmpuint (bmd_shopify_sim_get_order_count (sim), >, 20000);

  bmd_config_set (&config->shop, bmd_shopify_sim_get_url (sim));
  bmd_config_set (&config->token, "test-token");
  bmd_config_set (&config->data_dir, dir);
  result = bmd_pipeline_run (config, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->total, ==, bmd_shopify_sim_get_order_count (sim));
  g_assert_cmpuint (result->added, ==, result->total);

  again = bmd_pipeline_run (config, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->total, ==, result->total);
  g_assert_cmpuint (again->added + again->updated + again->deleted, ==, 0);

  bmd_shopify_sim_stop (sim);
  bmd_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bmd/sync/first-and-second", Fixture, NULL, fixture_set_up, test_first_and_second_refresh, fixture_tear_down);
  g_test_add ("/bmd/sync/incremental", Fixture, NULL, fixture_set_up, test_incremental_changes, fixture_tear_down);
  g_test_add ("/bmd/sync/pickup-only-edit", Fixture, NULL, fixture_set_up, test_pickup_only_edit, fixture_tear_down);
  g_test_add ("/bmd/sync/incremental-lookback", Fixture, NULL, fixture_set_up, test_incremental_lookback, fixture_tear_down);
  g_test_add ("/bmd/sync/metafield-edit", Fixture, NULL, fixture_set_up, test_metafield_edit_updates_order, fixture_tear_down);
  g_test_add ("/bmd/sync/metafield-edit-untouched", Fixture, NULL, fixture_set_up, test_metafield_edit_without_updated_at, fixture_tear_down);
  g_test_add ("/bmd/sync/sweep-interval", Fixture, NULL, fixture_set_up, test_sweep_interval, fixture_tear_down);
  g_test_add ("/bmd/sync/deleting-what-was-read", Fixture, GUINT_TO_POINTER (5), fixture_set_up, test_deleting_what_was_read, fixture_tear_down);
  g_test_add ("/bmd/sync/empty-id-listing", Fixture, NULL, fixture_set_up, test_empty_id_listing, fixture_tear_down);
  g_test_add ("/bmd/sync/faults", Fixture, NULL, fixture_set_up, test_faults, fixture_tear_down);
  g_test_add ("/bmd/sync/bad-token-and-shop", Fixture, NULL, fixture_set_up, test_bad_token_and_shop, fixture_tear_down);
  g_test_add ("/bmd/sync/busy", Fixture, NULL, fixture_set_up, test_busy, fixture_tear_down);
  g_test_add ("/bmd/sync/customer-history", Fixture, NULL, fixture_set_up, test_customer_history, fixture_tear_down);
  g_test_add_func ("/bmd/sync/many-windows", test_many_windows);
  g_test_add ("/bmd/sync/order-id-not-text", Fixture, NULL, fixture_set_up, test_order_id_not_text, fixture_tear_down);
  g_test_add ("/bmd/sync/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);

  return g_test_run ();
}
