/* The bulk first refresh against the Shopify simulator: the same store as
 * paging, order for order; every way a bulk operation can end; a kept
 * operation resumed, never started twice. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bmd-pipeline.h"
#include "bmd-settings-file.h"
#include "bmd-shopify-bulk.h"
#include "bmd-store-bulk.h"
#include "bmd-sync.h"
#include "bmd-test-proxy.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

#define REQUESTS 60

typedef struct
{
  BmdShopifySim *sim;
  char *data_dir;
  BmdConfig *config;
} Fixture;

static BmdShopifySim *
start_sim (double          bulk_rate,
           BmdSimBulkFault fault,
           double          fault_rate)
{
  BmdShopifySimOptions options;

  bmd_shopify_sim_options_init (&options);
  options.requests = REQUESTS;
  options.seed = 11;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  options.bulk_rate = bulk_rate;
  options.bulk_fault = fault;
  options.fault_rate = fault_rate;
  return bmd_test_sim_start (&options);
}

static BmdConfig *
config_for (BmdShopifySim *sim,
            const char    *data_dir,
            guint          bulk_threshold)
{
  BmdConfig *config = bmd_config_new ();

  bmd_config_set (&config->shop, bmd_shopify_sim_get_url (sim));
  bmd_config_set (&config->token, "test-token");
  bmd_config_set (&config->data_dir, data_dir);
  config->bulk_threshold = bulk_threshold;
  config->retry_limit = 60;
  return config;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A fast job (these tests are about the client), unless @data gives
   * another rate. The rate is set here, not by restarting the simulator:
   * stopping one right after it started can lose the stop. */
  fixture->sim = start_sim (data != NULL ? GPOINTER_TO_UINT (data) : 50000, BMD_SIM_BULK_FAULT_NONE, 0);
  fixture->data_dir = g_dir_make_tmp ("bmd-bulk-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config = config_for (fixture->sim, fixture->data_dir, 2000);
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
sync_ok (BmdConfig     *config,
         gboolean       full,
         BmdSyncCounts *counts)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = bmd_store_open (config->data_dir, &error);
  g_assert_no_error (error);
  if (!bmd_sync_run (config, store, full, NULL, counts, &error))
    g_error ("refresh: %s", error->message);
}

/* One JSON value with its objects' members sorted, so that two stores
 * compare by what they hold, not by the order a reader built members in. */
static void
append_canonical (GString  *out,
                  JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = g_list_sort (json_object_get_members (object),
                                              (GCompareFunc) g_strcmp0);

      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_string_append_printf (out, "%s\"%s\":", l != members ? "," : "", (char *) l->data);
          append_canonical (out, json_object_get_member (object, l->data));
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_canonical (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else
    {
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append (out, text);
    }
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The live orders as sorted canonical JSON lines: equal dumps, equal stores. */
static char *
dump_store (const char *data_dir)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) json = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  json = bmd_store_list_order_json (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (json, i), &error);
      GString *line = g_string_new (NULL);

      g_assert_no_error (error);
      append_canonical (line, node);
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

/* The store a paged first refresh makes of @sim. */
static char *
paged_dump (BmdShopifySim *sim)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-paged-XXXXXX", &error);
  g_autoptr(BmdConfig) config = config_for (sim, dir, 0);
  g_auto(BmdSyncCounts) counts = { 0 };
  char *dump;

  g_assert_no_error (error);
  sync_ok (config, FALSE, &counts);
  g_assert_false (counts.bulk_used);
  dump = dump_store (dir);
  bmd_test_remove_tree (dir);
  return dump;
}

static void
assert_bulk_counts (BmdShopifySim *sim,
                    guint          created,
                    guint          downloads,
                    guint          cancelled)
{
  guint c = 0, d = 0, k = 0;

  bmd_shopify_sim_get_bulk_counts (sim, &c, &d, &k);
  g_assert_cmpuint (c, ==, created);
  g_assert_cmpuint (d, ==, downloads);
  g_assert_cmpuint (k, ==, cancelled);
}

static gboolean
store_has_kept_bulk (const char *data_dir)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(BmdStoreBulk) kept = { 0 };
  gboolean found;

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  found = bmd_store_get_bulk (store, &kept, &error);
  g_assert_no_error (error);
  return found;
}

/* The first refresh reads through one bulk operation and stores what a
 * paged first refresh stores, order for order; the sweep it makes takes the
 * operation's ids instead of listing them; the next refresh pages. */
static void
test_bulk_equals_paged (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *expected = paged_dump (fixture->sim);
  g_autofree char *got = NULL;
  g_auto(BmdSyncCounts) counts = { 0 };
  g_auto(BmdSyncCounts) second = { 0 };
  guint orders = bmd_shopify_sim_get_order_count (fixture->sim);

  sync_ok (fixture->config, FALSE, &counts);
  g_assert_true (counts.bulk_used);
  g_assert_true (counts.bulk_created);
  g_assert_cmpuint (counts.added, ==, orders);
  g_assert_cmpuint (counts.total, ==, orders);
  g_assert_cmpuint (counts.bulk_bytes, >, 0);
  assert_bulk_counts (fixture->sim, 1, 1, 0);
  /* ordersCount, the mutation, the polls, the shop: no page of orders or ids. */
  g_assert_cmpuint (counts.requests, ==, 3 + counts.bulk_polls);
  g_assert_false (store_has_kept_bulk (fixture->data_dir));

  got = dump_store (fixture->data_dir);
  g_assert_cmpuint (strlen (got), >, 1000);
  g_assert_cmpstr (got, ==, expected);

  /* Few orders changed: the next refresh pages and starts no operation. */
  sync_ok (fixture->config, FALSE, &second);
  g_assert_false (second.bulk_used);
  assert_bulk_counts (fixture->sim, 1, 1, 0);
}

/* --full reads through a bulk operation, also when a watermark exists; an
 * incremental refresh with more orders to read than the threshold does too,
 * and one with exactly the threshold pages. */
static void
test_full_and_threshold (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(BmdSyncCounts) first = { 0 };
  g_auto(BmdSyncCounts) full = { 0 };
  g_auto(BmdSyncCounts) at = { 0 };
  g_auto(BmdSyncCounts) above = { 0 };
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint orders = bmd_shopify_sim_get_order_count (fixture->sim);

  sync_ok (fixture->config, FALSE, &first);
  g_assert_true (first.bulk_used);
  sync_ok (fixture->config, TRUE, &full);
  g_assert_true (full.bulk_used);
  g_assert_cmpuint (full.total, ==, orders);
  assert_bulk_counts (fixture->sim, 2, 2, 0);

  /* Every order changed "since" a watermark from before the shop's history. */
  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_set_state (store, BMD_STATE_WATERMARK, "2000-01-01T00:00:00Z", &error));
  g_clear_object (&store);
  fixture->config->bulk_threshold = orders;
  sync_ok (fixture->config, FALSE, &at);
  g_assert_false (at.bulk_used);

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_true (bmd_store_set_state (store, BMD_STATE_WATERMARK, "2000-01-01T00:00:00Z", &error));
  g_clear_object (&store);
  fixture->config->bulk_threshold = orders - 1;
  sync_ok (fixture->config, FALSE, &above);
  g_assert_true (above.bulk_used);
  g_assert_cmpuint (above.total, ==, orders);
  assert_bulk_counts (fixture->sim, 3, 3, 0);
}

/* A --full bulk refresh finds an order deleted in Shopify from the
 * operation's own list of orders, without listing the ids again; and keeps
 * an order it has just read. */
static void
test_full_finds_deleted (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(BmdSyncCounts) first = { 0 };
  g_auto(BmdSyncCounts) full = { 0 };
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (fixture->sim);
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GError) error = NULL;
  const char *gone = g_ptr_array_index (ids, 3);
  guint orders = bmd_shopify_sim_get_order_count (fixture->sim);

  sync_ok (fixture->config, FALSE, &first);
  g_assert_true (first.bulk_used);
  g_assert_cmpuint (first.deleted, ==, 0);
  g_assert_true (bmd_shopify_sim_delete_order (fixture->sim, gone));

  sync_ok (fixture->config, TRUE, &full);
  g_assert_true (full.bulk_used);
  g_assert_cmpuint (full.deleted, ==, 1);
  g_assert_cmpuint (full.total, ==, orders - 1);
  /* The shop twice (before the operation starts, it must be this store's
   * shop), ordersCount, the mutation and the polls: no page of ids. */
  g_assert_cmpuint (full.requests, ==, 4 + full.bulk_polls);

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  live = bmd_store_list_ids (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (live->len, ==, orders - 1);
  for (guint i = 0; i < live->len; i++)
    g_assert_cmpstr (g_ptr_array_index (live, i), !=, gone);
}

/* FAILED and EXPIRED operations are forgotten and the refresh pages: the
 * same store, and nothing kept. */
static void
test_failed_and_expired (Fixture       *fixture,
                         gconstpointer  data)
{
  const BmdSimBulkFault faults[] = { BMD_SIM_BULK_FAULT_FAILED, BMD_SIM_BULK_FAULT_EXPIRED };
  g_autofree char *expected = paged_dump (fixture->sim);

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_auto(BmdSyncCounts) counts = { 0 };
      g_autofree char *got = NULL;

      bmd_test_remove_tree (fixture->data_dir);
      g_assert_cmpint (g_mkdir (fixture->data_dir, 0700), ==, 0);
      bmd_shopify_sim_set_bulk_fault (fixture->sim, faults[i]);
      sync_ok (fixture->config, FALSE, &counts);
      g_assert_false (counts.bulk_used);
      g_assert_true (counts.bulk_created);
      g_assert_false (store_has_kept_bulk (fixture->data_dir));
      got = dump_store (fixture->data_dir);
      g_assert_cmpstr (got, ==, expected);
    }
  /* Neither file was downloaded: FAILED's partial file is not used. */
  assert_bulk_counts (fixture->sim, 2, 0, 0);
}

/* A download cut half way resumes where it stopped (one more request, a
 * Range), and reads the same orders. */
static void
test_cut_download (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *expected = paged_dump (fixture->sim);
  g_autofree char *got = NULL;
  g_auto(BmdSyncCounts) counts = { 0 };

  bmd_shopify_sim_set_bulk_fault (fixture->sim, BMD_SIM_BULK_FAULT_CUT_DOWNLOAD);
  sync_ok (fixture->config, FALSE, &counts);
  g_assert_true (counts.bulk_used);
  assert_bulk_counts (fixture->sim, 1, 2, 0);
  got = dump_store (fixture->data_dir);
  g_assert_cmpstr (got, ==, expected);
}

/* Another operation fills Shopify's slots for a while: the refresh waits,
 * then starts its own. */
static void
test_in_progress (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(BmdSyncCounts) counts = { 0 };

  bmd_shopify_sim_set_bulk_fault (fixture->sim, BMD_SIM_BULK_FAULT_IN_PROGRESS);
  sync_ok (fixture->config, FALSE, &counts);
  g_assert_true (counts.bulk_used);
  g_assert_cmpuint (counts.total, ==, bmd_shopify_sim_get_order_count (fixture->sim));
  g_assert_false (store_has_kept_bulk (fixture->data_dir));
}

/* Starts an operation as a refresh would, and keeps it in the store as a
 * refresh killed right after would have left it. */
static char *
keep_started_operation (Fixture    *fixture,
                        const char *until)
{
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *search = g_strdup_printf ("updated_at:<'%s'", until);
  g_auto(BmdStoreBulk) kept = { 0 };
  char *id;

  client = bmd_sync_create_client (fixture->config, &error);
  g_assert_no_error (error);
  id = bmd_shopify_client_bulk_run_orders (client, search, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (id, "gid://shopify/BulkOperation/"));
  kept.id = g_strdup (id);
  kept.search = g_strdup (search);
  kept.until = g_strdup (until);
  kept.full = TRUE;
  kept.started_at = g_strdup (until);
  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_set_bulk (store, &kept, &error));
  g_assert_no_error (error);
  return id;
}

/* A kept operation is resumed, not started again: the refresh polls and
 * downloads it, then reads with pages what changed after its read ended
 * (here, every order updated in the last hour: its end is an hour ago). */
static void
test_resume_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *expected = paged_dump (fixture->sim);
  g_autofree char *got = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (now, -1);
  g_autofree char *until = g_date_time_format_iso8601 (hour_ago);
  g_auto(BmdSyncCounts) counts = { 0 };

  id = keep_started_operation (fixture, until);
  sync_ok (fixture->config, FALSE, &counts);
  g_assert_true (counts.bulk_used);
  g_assert_false (counts.bulk_created);
  assert_bulk_counts (fixture->sim, 1, 1, 0);
  g_assert_false (store_has_kept_bulk (fixture->data_dir));
  got = dump_store (fixture->data_dir);
  g_assert_cmpstr (got, ==, expected);
}

/* A kept operation someone cancelled (CANCELED) is forgotten and the
 * refresh pages. */
static void
test_kept_cancelled_elsewhere (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *expected = paged_dump (fixture->sim);
  g_autofree char *got = NULL;
  g_autofree char *id = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *until = g_date_time_format_iso8601 (now);
  g_auto(BmdSyncCounts) counts = { 0 };

  /* The fixture's job is slow (50 objects/s), so it still runs when cancelled. */
  id = keep_started_operation (fixture, until);
  client = bmd_sync_create_client (fixture->config, &error);
  g_assert_true (bmd_shopify_client_bulk_cancel (client, id, NULL, &error));
  g_assert_no_error (error);

  sync_ok (fixture->config, FALSE, &counts);
  g_assert_false (counts.bulk_used);
  g_assert_false (store_has_kept_bulk (fixture->data_dir));
  assert_bulk_counts (fixture->sim, 1, 0, 1);
  got = dump_store (fixture->data_dir);
  g_assert_cmpstr (got, ==, expected);
}

/* A kept operation Shopify does not know (node: null) is forgotten and
 * the refresh pages. */
static void
test_kept_unknown (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *expected = paged_dump (fixture->sim);
  g_autofree char *got = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(BmdSyncCounts) counts = { 0 };
  BmdStoreBulk kept = { (char *) "gid://shopify/BulkOperation/987654", NULL,
                        (char *) "2026-01-01T00:00:00Z", TRUE, (char *) "2026-01-01T00:00:00Z" };

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_set_bulk (store, &kept, &error));
  g_clear_object (&store);

  sync_ok (fixture->config, FALSE, &counts);
  g_assert_false (counts.bulk_used);
  g_assert_false (store_has_kept_bulk (fixture->data_dir));
  assert_bulk_counts (fixture->sim, 0, 0, 0);
  got = dump_store (fixture->data_dir);
  g_assert_cmpstr (got, ==, expected);
}

/* Makes the COMPLETED operation's url name a file that is not there. */
static char *
break_url_cb (const char *request,
              const char *answer,
              guint      *status,
              gpointer    user_data)
{
  const char *url = strstr (answer, "\"url\":\"http");
  const char *end = url != NULL ? strchr (url + 7, '"') : NULL;

  if (end == NULL)
    return NULL;
  return g_strdup_printf ("%.*s-gone%s", (int) (end - answer), answer, end);
}

/* A file its host no longer has (404) is given up on: the operation is
 * forgotten and the refresh pages, to the same store. */
static void
test_file_gone (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *expected = paged_dump (fixture->sim);
  g_autofree char *got = NULL;
  BmdTestProxy *proxy = bmd_test_proxy_start (bmd_shopify_sim_get_url (fixture->sim), break_url_cb, NULL);
  g_auto(BmdSyncCounts) counts = { 0 };

  bmd_config_set (&fixture->config->shop, bmd_test_proxy_get_url (proxy));
  sync_ok (fixture->config, FALSE, &counts);
  g_assert_false (counts.bulk_used);
  g_assert_true (counts.bulk_created);
  g_assert_cmpuint (bmd_test_proxy_get_rewritten (proxy), >=, 1);
  g_assert_false (store_has_kept_bulk (fixture->data_dir));
  got = dump_store (fixture->data_dir);
  g_assert_cmpstr (got, ==, expected);
  bmd_test_proxy_stop (proxy);
}

static gboolean
cancel_when_gathering_cb (gpointer user_data)
{
  BmdPipelineJob *job = user_data;
  g_autofree char *message = bmd_pipeline_job_dup_message (job);

  if (message != NULL && g_str_has_prefix (message, "Shopify is gathering the orders"))
    {
      bmd_pipeline_job_cancel (job);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(BmdRefreshResult) refreshed = bmd_pipeline_run_finish (result, error);

  g_assert_null (refreshed);
}

/* Cancelling the refresh while Shopify runs the job cancels the job too
 * (bulkOperationCancel), forgets it and leaves the store as it was; the
 * progress said how far the job had come. */
static void
test_cancel_cancels_operation (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BmdPipelineJob) job = bmd_pipeline_job_new ();
  GError *error = NULL;

  /* The fixture's job is slow (100 objects/s): it runs for seconds. */
  g_timeout_add (20, cancel_when_gathering_cb, job);
  bmd_pipeline_run_async (fixture->config, FALSE, job, done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  assert_bulk_counts (fixture->sim, 1, 0, 1);
  g_assert_false (store_has_kept_bulk (fixture->data_dir));
  {
    g_autoptr(BmdStore) store = bmd_store_open (fixture->data_dir, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (bmd_store_count_orders (store), ==, 0);
  }
}

/* Under the simulator's 20 % faults (500s, dropped connections, on the
 * mutation, the polls and the downloads), the bulk refresh stores the same
 * orders; retried polls never start a second operation. */
static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *expected = paged_dump (fixture->sim);
  g_autoptr(BmdShopifySim) faulty = start_sim (50000, BMD_SIM_BULK_FAULT_NONE, 0.2);
  g_autoptr(BmdConfig) config = config_for (faulty, fixture->data_dir, 2000);
  g_autofree char *got = NULL;
  g_auto(BmdSyncCounts) counts = { 0 };
  guint created = 0, downloads = 0, cancelled = 0;

  sync_ok (config, FALSE, &counts);
  g_assert_true (counts.bulk_used);
  got = dump_store (fixture->data_dir);
  g_assert_cmpstr (got, ==, expected);
  bmd_shopify_sim_get_bulk_counts (faulty, &created, &downloads, &cancelled);
  /* A mutation whose answer was lost may have run: at most one more. */
  g_assert_cmpuint (created, >=, 1);
  g_assert_cmpuint (created, <=, 2);
  g_assert_cmpuint (downloads, >=, 1);
  bmd_shopify_sim_stop (faulty);
}

/* The stored setting: absent, the default; present, its value; the
 * environment over it. */
static void
test_setting (void)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(BmdConfig) config = bmd_config_new ();
  const char *saved = g_getenv ("BAKEMYDAY_BULK_THRESHOLD");
  g_autofree char *keep = g_strdup (saved);

  /* A config made in code pages, unless told otherwise. */
  g_assert_cmpuint (config->bulk_threshold, ==, 0);
  bmd_config_apply_settings_file (config, file);
  g_assert_cmpuint (config->bulk_threshold, ==, BMD_DEFAULT_BULK_THRESHOLD);
  g_assert_cmpuint (BMD_DEFAULT_BULK_THRESHOLD, ==, 2000);
  g_key_file_set_value (file, BMD_SETTINGS_GROUP, "bulk-threshold", "uint32 500");
  bmd_config_apply_settings_file (config, file);
  g_assert_cmpuint (config->bulk_threshold, ==, 500);
  g_key_file_set_value (file, BMD_SETTINGS_GROUP, "bulk-threshold", "0");
  bmd_config_apply_settings_file (config, file);
  g_assert_cmpuint (config->bulk_threshold, ==, 0);

  g_setenv ("BAKEMYDAY_BULK_THRESHOLD", "7", TRUE);
  bmd_config_apply_environment (config);
  g_assert_cmpuint (config->bulk_threshold, ==, 7);
  /* Not a count: ignored. */
  g_setenv ("BAKEMYDAY_BULK_THRESHOLD", "-1", TRUE);
  bmd_config_apply_environment (config);
  g_assert_cmpuint (config->bulk_threshold, ==, 7);
  if (keep != NULL)
    g_setenv ("BAKEMYDAY_BULK_THRESHOLD", keep, TRUE);
  else
    g_unsetenv ("BAKEMYDAY_BULK_THRESHOLD");
}

/* The query sent has every value written in and no declarations; a search
 * with quotes stays one string. */
static void
test_query_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = bmd_shopify_client_new ("http://127.0.0.1:9", NULL, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  bmd_shopify_client_set_metafield_keys (client, "my\"ns", NULL, NULL, NULL, NULL, NULL);
  text = bmd_shopify_client_dup_bulk_orders_query (client, "updated_at:<'2026-01-01T00:00:00Z'", &error);
  g_assert_no_error (error);
  g_assert_null (strchr (text, '$'));
  g_assert_null (strchr (text, '#'));
  g_assert_nonnull (strstr (text, "query BulkOrders {"));
  g_assert_nonnull (strstr (text, "orders(query: \"updated_at:<'2026-01-01T00:00:00Z'\" sortKey: UPDATED_AT)"));
  g_assert_nonnull (strstr (text, "metafield(namespace: \"my\\\"ns\" key: \"pickup_date\")"));
  g_assert_nonnull (strstr (text, "fragment OrderFields on Order {"));
  /* The line items' ids, which order them, in the fragment's selection. */
  g_assert_nonnull (strstr (text, "lineItems(first: 10) { nodes { id name quantity variantTitle } }"));
  g_clear_pointer (&text, g_free);
  text = bmd_shopify_client_dup_bulk_orders_query (client, NULL, &error);
  g_assert_nonnull (strstr (text, "orders(query: null sortKey: UPDATED_AT)"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/sync-bulk/setting", test_setting);
  g_test_add_func ("/bmd/sync-bulk/query-text", test_query_text);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/sync-bulk/equals-paged", test_bulk_equals_paged);
  ADD ("/bmd/sync-bulk/full-and-threshold", test_full_and_threshold);
  ADD ("/bmd/sync-bulk/full-finds-deleted", test_full_finds_deleted);
  ADD ("/bmd/sync-bulk/failed-and-expired", test_failed_and_expired);
  ADD ("/bmd/sync-bulk/cut-download", test_cut_download);
  ADD ("/bmd/sync-bulk/in-progress", test_in_progress);
  ADD ("/bmd/sync-bulk/resume-kept", test_resume_kept);
  ADD ("/bmd/sync-bulk/kept-unknown", test_kept_unknown);
  ADD ("/bmd/sync-bulk/file-gone", test_file_gone);
  g_test_add ("/bmd/sync-bulk/kept-cancelled-elsewhere", Fixture, GUINT_TO_POINTER (50),
              fixture_set_up, test_kept_cancelled_elsewhere, fixture_tear_down);
  g_test_add ("/bmd/sync-bulk/cancel-cancels-operation", Fixture, GUINT_TO_POINTER (100),
              fixture_set_up, test_cancel_cancels_operation, fixture_tear_down);
  ADD ("/bmd/sync-bulk/faults", test_faults);
#undef ADD

  return g_test_run ();
}
