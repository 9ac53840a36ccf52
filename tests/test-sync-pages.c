/* How big a refresh's pages of changed orders are. Shopify takes a query's
 * requested cost (2 + first × the cost of one order) out of the bucket before
 * running it and refunds the unused part after, so a client must wait until
 * the bucket holds the requested cost: a refresh that finds nothing must not
 * ask for a full page it will not use. Every figure here is read from the
 * requests the client sent and the simulator's answers (through a recording
 * proxy) and from the client's own wait accounting, never from the clock. */

#include "config.h"

#include <string.h>

#include "bmd-store.h"
#include "bmd-sync.h"
#include "bmd-test-proxy.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

/* The first page of a read of changed orders (bmd-shopify-client-private.h). */
#define FEW_ORDERS 10

typedef struct
{
  char   *operation;   /* "Orders", "Shop", … */
  gint64  first;       /* variables.first, or -1 */
  double  requested;   /* extensions.cost.requestedQueryCost, or -1 */
  double  available;   /* …throttleStatus.currentlyAvailable after it, or -1 */
  guint   nodes;       /* data.orders.nodes in the answer */
  gboolean has_next;
} Exchange;

typedef struct
{
  GMutex     lock;
  GPtrArray *exchanges;  /* Exchange* */
} Recorder;

static void
exchange_free (Exchange *exchange)
{
  g_free (exchange->operation);
  g_free (exchange);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
find_path (JsonNode   *node,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node;
}

static double
double_at (JsonNode   *root,
           const char *path)
{
  JsonNode *node = find_path (root, path);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_double (node) : -1;
}

/* The operation's name: the word after "query " or "mutation " at the start
 * of a line (the documents begin with #import lines and fragments). */
static char *
dup_operation (const char *query)
{
  g_autoptr(GRegex) regex = g_regex_new ("^(?:query|mutation)\\s+(\\w+)", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (query != NULL && g_regex_match (regex, query, 0, &match))
    return g_match_info_fetch (match, 1);
  return g_strdup ("");
}

static char *
record_cb (const char *request,
           const char *answer,
           guint      *status,
           gpointer    user_data)
{
  Recorder *recorder = user_data;
  g_autoptr(JsonNode) sent = parse (request);
  g_autoptr(JsonNode) got = parse (answer);
  Exchange *exchange = g_new0 (Exchange, 1);
  JsonNode *query = find_path (sent, "query");
  JsonNode *first = find_path (sent, "variables.first");
  JsonNode *nodes = find_path (got, "data.orders.nodes");
  JsonNode *has_next = find_path (got, "data.orders.pageInfo.hasNextPage");

  exchange->operation = dup_operation (query != NULL && JSON_NODE_HOLDS_VALUE (query)
                                       ? json_node_get_string (query) : NULL);
  exchange->first = first != NULL && JSON_NODE_HOLDS_VALUE (first) ? json_node_get_int (first) : -1;
  exchange->requested = double_at (got, "extensions.cost.requestedQueryCost");
  exchange->available = double_at (got, "extensions.cost.throttleStatus.currentlyAvailable");
  exchange->nodes = nodes != NULL && JSON_NODE_HOLDS_ARRAY (nodes)
                    ? json_array_get_length (json_node_get_array (nodes)) : 0;
  exchange->has_next = has_next != NULL && JSON_NODE_HOLDS_VALUE (has_next)
                       && json_node_get_boolean (has_next);

  g_mutex_lock (&recorder->lock);
  g_ptr_array_add (recorder->exchanges, exchange);
  g_mutex_unlock (&recorder->lock);
  return NULL;
}

typedef struct
{
  BmdShopifySim *sim;
  BmdTestProxy *proxy;
  Recorder recorder;
  char *data_dir;
  BmdConfig *config;
} Fixture;

static void
fixture_start (Fixture *fixture,
               guint    requests,
               double   bucket,
               double   restore_rate)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  bmd_shopify_sim_options_init (&options);
  options.requests = requests;
  options.seed = 11;
  options.bucket = bucket;
  options.restore_rate = restore_rate;
  fixture->sim = bmd_test_sim_start (&options);
  g_mutex_init (&fixture->recorder.lock);
  fixture->recorder.exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) exchange_free);
  fixture->proxy = bmd_test_proxy_start (bmd_shopify_sim_get_url (fixture->sim), record_cb,
                                         &fixture->recorder);

  fixture->data_dir = g_dir_make_tmp ("bmd-sync-pages-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config = bmd_config_new ();
  bmd_config_set (&fixture->config->shop, bmd_test_proxy_get_url (fixture->proxy));
  bmd_config_set (&fixture->config->token, "test-token");
  bmd_config_set (&fixture->config->data_dir, fixture->data_dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bmd_test_proxy_stop (fixture->proxy);
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_ptr_array_unref (fixture->recorder.exchanges);
  g_mutex_clear (&fixture->recorder.lock);
  bmd_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  bmd_config_free (fixture->config);
}

/* One refresh of the store (bmd_sync_run); returns how many exchanges came
 * before it, so that the caller can look at its own. */
static guint
sync_once (Fixture       *fixture,
           BmdSyncCounts *counts)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint before = fixture->recorder.exchanges->len;

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_sync_run (fixture->config, store, FALSE, NULL, counts, &error));
  g_assert_no_error (error);
  return before;
}

static Exchange *
exchange_at (Fixture *fixture,
             guint    i)
{
  g_assert_cmpuint (i, <, fixture->recorder.exchanges->len);
  return g_ptr_array_index (fixture->recorder.exchanges, i);
}

/* Right after a first refresh has left the bucket short of a full page, a
 * refresh that finds nothing asks for a page the bucket holds and does not
 * wait. The restore rate is slow (10 points/s) so that waiting for a full
 * page would show as seconds of bucket wait. */
static void
test_drained_bucket (Fixture       *fixture,
                     gconstpointer  data)
{
  BmdSyncCounts first = { 0 };
  BmdSyncCounts second = { 0 };
  Exchange *last_of_first;
  Exchange *shop = NULL;
  Exchange *orders = NULL;
  double full_page = 0;
  guint start;
  guint i;

  fixture_start (fixture, 40, 2000, 10);
  start = sync_once (fixture, &first);
  g_assert_cmpuint (first.added, >, 60);
  /* The first refresh fits in the initial bucket: it waited for nothing. */
  g_assert_cmpfloat (first.bucket_wait, ==, 0);
  for (i = start; i < fixture->recorder.exchanges->len; i++)
    {
      Exchange *e = exchange_at (fixture, i);

      if (g_str_equal (e->operation, "Orders") && e->first > 0)
        full_page = MAX (full_page, e->requested);
    }
  /* The first read asked for full pages from the start (it expects many). */
  g_assert_cmpfloat (full_page, >, 900);
  g_assert_cmpfloat (full_page, <=, 1000);
  last_of_first = exchange_at (fixture, fixture->recorder.exchanges->len - 1);
  /* The case at hand: the bucket cannot hold a full page any more. */
  g_assert_cmpfloat (last_of_first->available, <, full_page);
  g_assert_cmpfloat (last_of_first->available, >, 2 + FEW_ORDERS * 40.0);

  start = sync_once (fixture, &second);
  g_assert_cmpuint (second.added + second.updated + second.deleted, ==, 0);
  for (i = start; i < fixture->recorder.exchanges->len; i++)
    {
      Exchange *e = exchange_at (fixture, i);

      if (shop == NULL && g_str_equal (e->operation, "Shop"))
        shop = e;
      else if (orders == NULL && g_str_equal (e->operation, "Orders"))
        orders = e;
    }
  g_assert_nonnull (shop);
  g_assert_nonnull (orders);
  /* A small page whose requested cost the bucket held when it was sent. */
  g_assert_cmpint (orders->first, ==, FEW_ORDERS);
  g_assert_cmpfloat (orders->requested, >, 0);
  g_assert_cmpfloat (orders->requested, <, full_page / 2);
  g_assert_cmpfloat (orders->requested, <=, shop->available);
  g_assert_cmpuint (orders->nodes, ==, 0);
  /* Nothing was waited for, and nothing was refused. */
  g_assert_cmpfloat (second.bucket_wait, ==, 0);
  g_assert_cmpuint (bmd_shopify_sim_get_throttled_count (fixture->sim), ==, 0);
  bmd_sync_counts_clear (&first);
  bmd_sync_counts_clear (&second);
}

/* A refresh with many changed orders starts with a small page and asks for
 * four times as many while pages come back full, up to the largest page the
 * single-query limit allows; the last page is not over it either. */
static void
test_pages_grow (Fixture       *fixture,
                 gconstpointer  data)
{
  BmdSyncCounts first = { 0 };
  BmdSyncCounts second = { 0 };
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint start;
  guint read = 0;
  guint added;
  guint i;

  fixture_start (fixture, 10, 1000000, 1000000);
  sync_once (fixture, &first);
  added = bmd_shopify_sim_get_order_count (fixture->sim);
  bmd_shopify_sim_add_requests (fixture->sim, 100);
  added = bmd_shopify_sim_get_order_count (fixture->sim) - added;
  g_assert_cmpuint (added, >, 160);
  start = sync_once (fixture, &second);
  g_assert_cmpuint (second.added, ==, added);
  g_assert_cmpfloat (second.bucket_wait, ==, 0);

  for (i = start; i < fixture->recorder.exchanges->len; i++)
    {
      Exchange *e = exchange_at (fixture, i);

      if (!g_str_equal (e->operation, "Orders"))
        continue;
      g_array_append_val (firsts, e->first);
      read += e->nodes;
      g_assert_cmpfloat (e->requested, <=, 1000);
      /* Every page but the last came back full. */
      if (e->has_next)
        g_assert_cmpuint (e->nodes, ==, e->first);
    }
  g_assert_cmpuint (read, ==, added);
  g_assert_cmpuint (firsts->len, >=, 4);
  g_assert_cmpint (g_array_index (firsts, gint64, 0), ==, FEW_ORDERS);
  g_assert_cmpint (g_array_index (firsts, gint64, 1), ==, 4 * FEW_ORDERS);
  /* 160 orders would pass 1,000 points: the page stops at the limit's size,
   * which a full page of the first read had too. */
  g_assert_cmpint (g_array_index (firsts, gint64, 2), <, 4 * 4 * FEW_ORDERS);
  g_assert_cmpint (g_array_index (firsts, gint64, 2), >, 4 * FEW_ORDERS);
  for (i = 3; i < firsts->len; i++)
    g_assert_cmpint (g_array_index (firsts, gint64, i), ==, g_array_index (firsts, gint64, 2));
  bmd_sync_counts_clear (&first);
  bmd_sync_counts_clear (&second);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bmd/sync/pages/drained-bucket", Fixture, NULL, NULL, test_drained_bucket, fixture_tear_down);
  g_test_add ("/bmd/sync/pages/grow-when-full", Fixture, NULL, NULL, test_pages_grow, fixture_tear_down);
  return g_test_run ();
}
