/* Query cost and the leaky bucket, by Shopify's documented rules. */
#include "sim-test-util.h"

static BmdShopifySim *
start_sim (double bucket,
           double restore)
{
  BmdShopifySimOptions options;
  GDate around;

  bmd_shopify_sim_options_init (&options);
  g_date_set_dmy (&around, 25, 11, 2026);
  options.around = &around;
  options.requests = 120;
  options.bucket = bucket;
  options.restore_rate = restore;
  return sim_start (&options);
}

typedef struct
{
  const char *query;
  gint64      requested;
  gint64      actual;   /* -1: not checked */
} CostCase;

static void
test_requested_cost (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (1e9, 1e9);
  g_autoptr(SoupSession) session = sim_session_new ();
  const CostCase cases[] = {
    /* A connection is 2 + first x one node; scalars are free. */
    { "{ orders(first: 10) { nodes { id } } }", 12, 12 },
    { "{ orders(first: 10) { edges { node { id name } cursor } pageInfo { hasNextPage } } }", 12, 12 },
    { "{ orders(first: 1) { nodes { id } } }", 3, 3 },
    { "{ shop { name ianaTimezone } }", 1, 1 },
    /* Objects count one each. */
    { "{ orders(first: 10) { nodes { customer { id } totalPriceSet { shopMoney { amount } } } } }", 2 + 10 * 4, -1 },
    /* A nested connection: 2 + 10 x (1 + 2 + 5). */
    { "{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { name } } } } }", 82, -1 },
    /* Aliased metafields: one point each. */
    { "{ orders(first: 10) { nodes { a: metafield(namespace: \"custom\", key: \"flavor\") { value }"
      " b: metafield(namespace: \"custom\", key: \"theme\") { value } } } }", 2 + 10 * 3, -1 },
    { "{ orders(first: 4) { nodes { metafields(first: 5) { nodes { key } } } } }", 2 + 4 * (1 + 2 + 5), 2 + 4 * (1 + 2 + 5) },
    /* Nothing matches: the actual cost is the connection alone. */
    { "{ orders(first: 10, query: \"id:1\") { nodes { id } } }", 12, 2 },
    { "{ __typename }", 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SimReply) reply = sim_graphql (session, sim, cases[i].query, NULL);

      g_test_message ("%s", cases[i].query);
      g_assert_null (sim_get (reply, "errors"));
      g_assert_cmpint (sim_get_int (reply, "extensions.cost.requestedQueryCost"), ==, cases[i].requested);
      if (cases[i].actual >= 0)
        g_assert_cmpint (sim_get_int (reply, "extensions.cost.actualQueryCost"), ==, cases[i].actual);
      g_assert_cmpint (sim_get_int (reply, "extensions.cost.actualQueryCost"), <=, cases[i].requested);
    }
}

static void
test_actual_cost_line_items (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (1e9, 1e9);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autoptr(SimReply) reply = sim_graphql (session, sim,
      "{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { name } } } } }", NULL);
  JsonArray *nodes = json_node_get_array (sim_get (reply, "data.orders.nodes"));
  gint64 expected = 2;

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *o = json_array_get_object_element (nodes, i);

      expected += 1 + 2 + json_array_get_length (json_object_get_array_member (
                                                   json_object_get_object_member (o, "lineItems"), "nodes"));
    }
  g_assert_cmpint (sim_get_int (reply, "extensions.cost.actualQueryCost"), ==, expected);
  g_assert_cmpint (expected, <, 82);
}

static void
test_max_cost (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (2000, 100);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autoptr(SimReply) reply = sim_graphql (session, sim,
      "{ orders(first: 250) { nodes { id lineItems(first: 5) { nodes { name } } } } }", NULL);
  g_autoptr(SimReply) after = NULL;

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (sim_error_code (reply), ==, "MAX_COST_EXCEEDED");
  g_assert_cmpint (sim_get_int (reply, "errors.0.extensions.cost"), ==, 2 + 250 * 8);
  g_assert_cmpint (sim_get_int (reply, "errors.0.extensions.maxCost"), ==, 1000);
  g_assert_false (sim_has (reply, "data"));
  /* Nothing was charged. */
  g_assert_cmpint (sim_get_int (reply, "extensions.cost.throttleStatus.currentlyAvailable"), ==, 2000);
  after = sim_graphql (session, sim, "{ orders(first: 250) { nodes { id } } }", NULL);
  g_assert_null (sim_get (after, "errors"));
  g_assert_cmpint (sim_get_int (after, "extensions.cost.requestedQueryCost"), ==, 252);
  g_assert_cmpfloat (bmd_shopify_sim_get_points_spent (sim), ==,
                    sim_get_int (after, "extensions.cost.actualQueryCost"));
  g_assert_cmpint (sim_get_int (after, "extensions.cost.actualQueryCost"), ==,
                   2 + bmd_shopify_sim_get_order_count (sim));
}

static void
test_bucket_drains_and_restores (void)
{
  /* 100 points, 20 back a second; each query asks for 52. */
  g_autoptr(BmdShopifySim) sim = start_sim (100, 20);
  g_autoptr(SoupSession) session = sim_session_new ();
  const char *query = "{ orders(first: 50) { nodes { id } } }";
  g_autoptr(SimReply) first = sim_graphql (session, sim, query, NULL);
  g_autoptr(SimReply) second = sim_graphql (session, sim, query, NULL);
  g_autoptr(SimReply) other = sim_graphql_full (session, sim, "2026-10", "another-token", query, NULL, NULL);
  gint64 available, start;
  double waited;
  guint throttled = 1;

  g_assert_null (sim_get (first, "errors"));
  g_assert_cmpint (sim_get_int (first, "extensions.cost.throttleStatus.maximumAvailable"), ==, 100);
  g_assert_cmpint (sim_get_int (first, "extensions.cost.throttleStatus.restoreRate"), ==, 20);
  g_assert_cmpint (sim_get_int (first, "extensions.cost.throttleStatus.currentlyAvailable"), >=, 48);
  g_assert_cmpint (sim_get_int (first, "extensions.cost.throttleStatus.currentlyAvailable"), <, 52);

  g_assert_cmpuint (second->status, ==, 200);
  g_assert_cmpstr (sim_error_code (second), ==, "THROTTLED");
  g_assert_false (sim_has (second, "data"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (second, "extensions.cost.actualQueryCost")));
  g_assert_cmpint (sim_get_int (second, "extensions.cost.requestedQueryCost"), ==, 52);
  available = sim_get_int (second, "extensions.cost.throttleStatus.currentlyAvailable");
  g_assert_cmpint (available, <, 52);

  /* Another token has its own bucket. */
  g_assert_null (sim_get (other, "errors"));

  /* The bucket refills at the restore rate: the query goes through again
   * once (52 - available) / 20 seconds have passed, not before. */
  start = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(SimReply) again = sim_graphql (session, sim, query, NULL);

      if (sim_error_code (again) == NULL)
        break;
      g_assert_cmpstr (sim_error_code (again), ==, "THROTTLED");
      throttled++;
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
      g_usleep (20000);
    }
  waited = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_cmpfloat (waited, >=, (52.0 - available - 1) / 20.0 - 0.05);
  g_assert_cmpfloat (waited, <, (52.0 - available + 1) / 20.0 + 1.0);
  g_assert_cmpuint (bmd_shopify_sim_get_throttled_count (sim), ==, throttled);
}

static void
test_mutation_cost (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (2000, 100);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (sim);
  g_autofree char *vars = g_strdup_printf (
      "{\"m\": [{\"ownerId\": \"%s\", \"namespace\": \"custom\", \"key\": \"flavor\","
      " \"type\": \"single_line_text_field\", \"value\": \"lemon\"}]}",
      (char *) g_ptr_array_index (ids, 0));
  g_autoptr(SimReply) reply = sim_graphql (session, sim,
      "mutation M($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) {"
      " metafields { id key } userErrors { field message } } }", vars);

  g_assert_null (sim_get (reply, "errors"));
  g_assert_cmpint (sim_get_int (reply, "extensions.cost.requestedQueryCost"), ==, 10);
  g_assert_cmpint (sim_get_int (reply, "extensions.cost.actualQueryCost"), ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/cost/requested", test_requested_cost);
  g_test_add_func ("/sim/cost/actual-line-items", test_actual_cost_line_items);
  g_test_add_func ("/sim/cost/max-cost", test_max_cost);
  g_test_add_func ("/sim/cost/mutation", test_mutation_cost);
  g_test_add_func ("/sim/throttle/drain-restore", test_bucket_drains_and_restores);
  return g_test_run ();
}
