/* Injected faults, queued one by one or drawn at --fault-rate. */
#include "sim-test-util.h"

static const char query[] = "{ orders(first: 3) { nodes { id } } }";

static BmdShopifySim *
start_sim (double fault_rate)
{
  BmdShopifySimOptions options;
  GDate around;

  bmd_shopify_sim_options_init (&options);
  g_date_set_dmy (&around, 25, 11, 2026);
  options.around = &around;
  options.requests = 20;
  options.fault_rate = fault_rate;
  options.seed = 3;
  return sim_start (&options);
}

static void
assert_healthy (SoupSession   *session,
                BmdShopifySim *sim)
{
  g_autoptr(SimReply) reply = sim_graphql (session, sim, query, NULL);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (sim_get (reply, "errors"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sim_get (reply, "data.orders.nodes"))), ==, 3);
}

static SimReply *
faulted (SoupSession   *session,
         BmdShopifySim *sim,
         BmdSimFault    fault)
{
  bmd_shopify_sim_queue_fault (sim, fault, 1);
  return sim_graphql (session, sim, query, NULL);
}

static void
test_http_statuses (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (0);
  g_autoptr(SoupSession) session = sim_session_new ();

  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_HTTP_429);

    g_assert_cmpuint (r->status, ==, 429);
    g_assert_nonnull (r->retry_after);
    g_assert_cmpfloat (g_ascii_strtod (r->retry_after, NULL), >, 0);
    g_assert_cmpstr (r->api_version, ==, "2026-10");
  }
  assert_healthy (session, sim);
  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_HTTP_500);

    g_assert_cmpuint (r->status, ==, 500);
  }
  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_HTTP_502);

    g_assert_cmpuint (r->status, ==, 502);
    g_assert_null (r->root);
  }
  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_HTTP_401);

    g_assert_cmpuint (r->status, ==, 401);
    g_assert_true (g_str_has_prefix (sim_get_string (r, "errors"), "[API] Invalid API key or access token"));
  }
  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_HTTP_403);

    g_assert_cmpuint (r->status, ==, 403);
    g_assert_nonnull (g_strstr_len (sim_get_string (r, "errors"), -1, "read_orders"));
  }
  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_BAD_JSON);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_null (r->root);
    g_assert_cmpuint (r->len, >, 0);
  }
  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_THROTTLED);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (sim_error_code (r), ==, "THROTTLED");
    g_assert_false (sim_has (r, "data"));
    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (r, "extensions.cost.actualQueryCost")));
  }
  assert_healthy (session, sim);
  g_assert_cmpuint (bmd_shopify_sim_get_request_count (sim), ==, 9);
  g_assert_cmpuint (bmd_shopify_sim_get_throttled_count (sim), ==, 2);

  /* Queued faults come in order, then the sim is healthy again. */
  bmd_shopify_sim_queue_fault (sim, BMD_SIM_FAULT_HTTP_500, 2);
  bmd_shopify_sim_queue_fault (sim, BMD_SIM_FAULT_HTTP_429, 1);
  {
    g_autoptr(SimReply) a = sim_graphql (session, sim, query, NULL);
    g_autoptr(SimReply) b = sim_graphql (session, sim, query, NULL);
    g_autoptr(SimReply) c = sim_graphql (session, sim, query, NULL);

    g_assert_cmpuint (a->status, ==, 500);
    g_assert_cmpuint (b->status, ==, 500);
    g_assert_cmpuint (c->status, ==, 429);
  }
  assert_healthy (session, sim);
}

static void
test_broken_connections (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (0);
  g_autoptr(SoupSession) session = sim_session_new ();

  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_TRUNCATED);

    /* Content-Length promised more than came: a transport error. */
    g_assert_nonnull (r->error);
    g_test_message ("truncated: %s", r->error->message);
  }
  assert_healthy (session, sim);
  {
    g_autoptr(SimReply) r = faulted (session, sim, BMD_SIM_FAULT_DROP);

    g_assert_nonnull (r->error);
    g_test_message ("dropped: %s", r->error->message);
  }
  assert_healthy (session, sim);
}

static void
test_slow (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (0);
  g_autoptr(SoupSession) session = sim_session_new ();
  gint64 start = g_get_monotonic_time ();
  g_autoptr(SimReply) r = NULL;
  double took;

  bmd_shopify_sim_set_slow_delay (sim, 0.4);
  r = faulted (session, sim, BMD_SIM_FAULT_SLOW);
  took = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (r->error);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_null (sim_get (r, "errors"));
  g_assert_cmpfloat (took, >=, 0.4);
  g_assert_cmpfloat (took, <, 5);
}

/* Bodies no client sends: the simulator answers 400 and keeps serving,
 * without a crash (a body nested 100,000 deep) or a critical (an empty body;
 * criticals are fatal in tests). */
static void
test_hostile_bodies (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (0);
  g_autoptr(SoupSession) session = sim_session_new ();
  const char *path = "/admin/api/2026-10/graphql.json";
  g_autoptr(GString) deep = g_string_new ("{\"query\":\"{ shop { name } }\",\"variables\":{\"a\":");
  g_autoptr(GString) query_deep = g_string_new (NULL);
  g_autoptr(SimReply) empty = NULL;
  g_autoptr(SimReply) nested = NULL;
  g_autoptr(SimReply) nested_query = NULL;
  g_autoptr(SimReply) after = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, "}}");
  g_string_append (query_deep, "{\"query\":\"");
  for (guint i = 0; i < 100000; i++)
    g_string_append (query_deep, "{");
  g_string_append (query_deep, "\"}");

  empty = sim_post (session, bmd_shopify_sim_get_url (sim), path, "test-token", "application/json", "");
  g_assert_no_error (empty->error);
  g_assert_cmpuint (empty->status, ==, 400);

  nested = sim_post (session, bmd_shopify_sim_get_url (sim), path, "test-token", "application/json", deep->str);
  g_assert_no_error (nested->error);
  g_assert_cmpuint (nested->status, ==, 400);

  nested_query = sim_post (session, bmd_shopify_sim_get_url (sim), path, "test-token", "application/json",
                           query_deep->str);
  g_assert_no_error (nested_query->error);
  g_assert_nonnull (sim_get (nested_query, "errors"));

  after = sim_graphql (session, sim, query, NULL);
  g_assert_no_error (after->error);
  g_assert_cmpuint (after->status, ==, 200);
  g_assert_null (sim_get (after, "errors"));
}

/* What a request at the given fault rate got: a short label. */
static char *
outcome (SoupSession   *session,
         BmdShopifySim *sim)
{
  g_autoptr(SimReply) r = sim_graphql (session, sim, query, NULL);

  if (r->error != NULL)
    return g_strdup ("truncated");
  if (r->status != 200)
    return g_strdup_printf ("%u", r->status);
  if (sim_error_code (r) != NULL)
    return g_strdup (sim_error_code (r));
  return g_strdup ("ok");
}

static void
test_fault_rate (void)
{
  g_autoptr(BmdShopifySim) a = start_sim (0.4);
  g_autoptr(BmdShopifySim) b = start_sim (0.4);
  g_autoptr(BmdShopifySim) clean = start_sim (0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) ids_a = bmd_shopify_sim_dup_order_ids (a);
  g_autoptr(GPtrArray) ids_clean = bmd_shopify_sim_dup_order_ids (clean);
  guint faults = 0;

  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *oa = outcome (session, a);
      g_autofree char *ob = outcome (session, b);

      /* The fault stream depends on the seed only. */
      g_assert_cmpstr (oa, ==, ob);
      g_assert_true (g_str_equal (oa, "ok") || g_str_equal (oa, "429") || g_str_equal (oa, "500") ||
                     g_str_equal (oa, "THROTTLED") || g_str_equal (oa, "truncated"));
      if (!g_str_equal (oa, "ok"))
        faults++;
      g_hash_table_add (kinds, g_steal_pointer (&oa));
    }
  g_assert_cmpuint (faults, >, 20);
  g_assert_cmpuint (faults, <, 80);
  g_assert_cmpuint (g_hash_table_size (kinds), ==, 5);

  /* Faults do not change the data. */
  g_assert_cmpuint (ids_a->len, ==, ids_clean->len);
  for (guint i = 0; i < ids_a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (ids_a, i), ==, g_ptr_array_index (ids_clean, i));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/faults/http-statuses", test_http_statuses);
  g_test_add_func ("/sim/faults/broken-connections", test_broken_connections);
  g_test_add_func ("/sim/faults/slow", test_slow);
  g_test_add_func ("/sim/faults/hostile-bodies", test_hostile_bodies);
  g_test_add_func ("/sim/faults/fault-rate", test_fault_rate);
  return g_test_run ();
}
