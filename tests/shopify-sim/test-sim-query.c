/* Queries against the simulator: paging, filters, fields, errors. */
#include "sim-test-util.h"

#include <string.h>

typedef struct
{
  BmdShopifySim *sim;
  SoupSession   *session;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  BmdShopifySimOptions options;
  GDate around;

  bmd_shopify_sim_options_init (&options);
  g_date_set_dmy (&around, 25, 11, 2026);
  options.around = &around;
  options.requests = GPOINTER_TO_UINT (data) ? GPOINTER_TO_UINT (data) : 120;
  options.bucket = 1e9;
  options.restore_rate = 1e9;
  f->sim = sim_start (&options);
  f->session = sim_session_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->sim);
}

/* Walks every page; returns the gids in the order seen. */
static GPtrArray *
walk (Fixture    *f,
      const char *sort_key,
      gboolean    reverse,
      gboolean    edges,
      const char *search,
      guint       page_size)
{
  GPtrArray *seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;
  g_autofree char *query = g_strdup_printf (
      "query Page($first: Int!, $after: String, $query: String) {"
      " orders(first: $first, after: $after, query: $query, sortKey: %s, reverse: %s) {"
      " pageInfo { hasNextPage endCursor hasPreviousPage startCursor }"
      " %s } }", sort_key, reverse ? "true" : "false",
      edges ? "edges { cursor node { id } }" : "nodes { id }");
  gboolean first_page = TRUE;

  for (guint pages = 0; pages < 10000; pages++)
    {
      g_autoptr(SimReply) reply = NULL;
      g_autofree char *vars = NULL;
      g_autofree char *quoted = NULL;
      JsonArray *list;

      quoted = search ? g_strescape (search, NULL) : NULL;
      vars = g_strdup_printf ("{\"first\": %u, \"after\": %s%s%s, \"query\": %s%s%s}", page_size,
                              after ? "\"" : "", after ? after : "null", after ? "\"" : "",
                              quoted ? "\"" : "", quoted ? quoted : "null", quoted ? "\"" : "");
      reply = sim_graphql (f->session, f->sim, query, vars);
      g_assert_no_error (reply->error);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_null (sim_get (reply, "errors"));
      list = json_node_get_array (sim_get (reply, edges ? "data.orders.edges" : "data.orders.nodes"));
      g_assert_cmpuint (json_array_get_length (list), <=, page_size);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *item = json_array_get_object_element (list, i);
          JsonObject *node = edges ? json_object_get_object_member (item, "node") : item;

          g_ptr_array_add (seen, g_strdup (json_object_get_string_member (node, "id")));
          if (edges && i == json_array_get_length (list) - 1)
            g_assert_cmpstr (json_object_get_string_member (item, "cursor"), ==,
                             sim_get_string (reply, "data.orders.pageInfo.endCursor"));
        }
      g_assert_cmpint (json_node_get_boolean (sim_get (reply, "data.orders.pageInfo.hasPreviousPage")),
                       ==, !first_page && json_array_get_length (list) > 0 ? TRUE : !first_page);
      first_page = FALSE;
      if (!json_node_get_boolean (sim_get (reply, "data.orders.pageInfo.hasNextPage")))
        break;
      g_free (after);
      after = g_strdup (sim_get_string (reply, "data.orders.pageInfo.endCursor"));
      g_assert_nonnull (after);
    }
  return seen;
}

static void
assert_same_set (GPtrArray *seen,
                 GPtrArray *expected)
{
  g_autoptr(GHashTable) set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < seen->len; i++)
    g_assert_true (g_hash_table_add (set, g_ptr_array_index (seen, i)));  /* no duplicate */
  g_assert_cmpuint (seen->len, ==, expected->len);                      /* no gap */
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (g_hash_table_contains (set, g_ptr_array_index (expected, i)));
}

static void
test_paging_all (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all = bmd_shopify_sim_dup_order_ids (f->sim);
  const char *keys[] = { "ID", "UPDATED_AT", "CREATED_AT", "PROCESSED_AT" };

  g_assert_cmpuint (all->len, >, 200);
  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    for (int reverse = 0; reverse < 2; reverse++)
      for (int edges = 0; edges < 2; edges++)
        {
          g_autoptr(GPtrArray) seen = walk (f, keys[k], reverse, edges, NULL, 7 + k * 13);

          assert_same_set (seen, all);
        }
}

static void
test_paging_sorted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = walk (f, "UPDATED_AT", FALSE, FALSE, NULL, 50);
  g_autoptr(GPtrArray) back = walk (f, "UPDATED_AT", TRUE, FALSE, NULL, 50);
  const char *prev = NULL;

  for (guint i = 0; i < seen->len; i++)
    {
      g_autoptr(JsonObject) order = bmd_shopify_sim_dup_order (f->sim, g_ptr_array_index (seen, i));
      const char *updated = json_object_get_string_member (order, "updatedAt");

      g_assert_nonnull (updated);
      if (prev != NULL)
        g_assert_cmpstr (prev, <=, updated);
      prev = g_intern_string (updated);
    }
  g_assert_cmpuint (seen->len, ==, back->len);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpstr (g_ptr_array_index (seen, i), ==, g_ptr_array_index (back, back->len - 1 - i));
}

static gint64
parse_utc (const char *text)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* The orders whose updatedAt lies in [lo, hi). */
static GPtrArray *
expected_window (Fixture *f,
                 gint64   lo,
                 gint64   hi)
{
  g_autoptr(GPtrArray) all = bmd_shopify_sim_dup_order_ids (f->sim);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < all->len; i++)
    {
      g_autoptr(JsonObject) order = bmd_shopify_sim_dup_order (f->sim, g_ptr_array_index (all, i));
      gint64 t = parse_utc (json_object_get_string_member (order, "updatedAt"));

      if (t >= lo && t < hi)
        g_ptr_array_add (out, g_strdup (g_ptr_array_index (all, i)));
    }
  return out;
}

static void
test_filter_updated_at (Fixture       *f,
                        gconstpointer  data)
{
  gint64 lo = parse_utc ("2026-10-20T10:00:00Z");
  gint64 hi = parse_utc ("2026-11-05T10:00:00Z");
  g_autoptr(GPtrArray) expected = expected_window (f, lo, hi);
  const char *searches[] = {
    "updated_at:>='2026-10-20T10:00:00Z' AND updated_at:<'2026-11-05T10:00:00Z'",
    "updated_at:>=\"2026-10-20T05:00:00-05:00\" AND updated_at:<\"2026-11-05T04:00:00-06:00\"",
    "updated_at:>=2026-10-20T10:00:00Z updated_at:<2026-11-05T10:00:00Z",
  };

  g_assert_cmpuint (expected->len, >, 5);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(GPtrArray) seen = walk (f, "UPDATED_AT", FALSE, FALSE, searches[i], 10);
      g_autoptr(GPtrArray) by_id = walk (f, "ID", TRUE, TRUE, searches[i], 10);

      assert_same_set (seen, expected);
      assert_same_set (by_id, expected);
    }
}

static void
test_filter_ops (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) all = bmd_shopify_sim_dup_order_ids (f->sim);
  g_autoptr(JsonObject) order = bmd_shopify_sim_dup_order (f->sim, g_ptr_array_index (all, 10));
  const char *updated = json_object_get_string_member (order, "updatedAt");
  const char *legacy = json_object_get_string_member (order, "legacyResourceId");
  gint64 t = parse_utc (updated);
  g_autofree char *eq = g_strdup_printf ("updated_at:'%s'", updated);
  g_autofree char *le = g_strdup_printf ("updated_at:<=%s", updated);
  g_autofree char *gt = g_strdup_printf ("updated_at:>%s", updated);
  g_autofree char *by_id = g_strdup_printf ("id:%s", legacy);
  g_autofree char *id_gt = g_strdup_printf ("id:>%s", legacy);
  g_autoptr(GPtrArray) seen_eq = walk (f, "ID", FALSE, FALSE, eq, 250);
  g_autoptr(GPtrArray) seen_le = walk (f, "ID", FALSE, FALSE, le, 250);
  g_autoptr(GPtrArray) seen_gt = walk (f, "UPDATED_AT", FALSE, FALSE, gt, 250);
  g_autoptr(GPtrArray) seen_id = walk (f, "ID", FALSE, FALSE, by_id, 250);
  g_autoptr(GPtrArray) seen_id_gt = walk (f, "ID", FALSE, FALSE, id_gt, 250);
  g_autoptr(GPtrArray) exp_eq = expected_window (f, t, t + 1);
  g_autoptr(GPtrArray) exp_le = expected_window (f, G_MININT64, t + 1);
  g_autoptr(GPtrArray) exp_gt = expected_window (f, t + 1, G_MAXINT64);

  assert_same_set (seen_eq, exp_eq);
  assert_same_set (seen_le, exp_le);
  assert_same_set (seen_gt, exp_gt);
  g_assert_cmpuint (seen_id->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen_id, 0), ==, g_ptr_array_index (all, 10));
  g_test_message ("id_gt %s: %u first %s", id_gt, seen_id_gt->len, (char *) g_ptr_array_index (seen_id_gt, 0));
  g_assert_cmpuint (seen_id_gt->len, ==, all->len - 11);
}

static void
test_order_fields (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_getenv ("BMD_SOURCE_DIR"), "resources", "graphql",
                                            "orders.graphql", NULL);
  g_autofree char *fragment_path = g_build_filename (g_getenv ("BMD_SOURCE_DIR"), "resources", "graphql",
                                                     "order-fields.graphql", NULL);
  g_autofree char *document = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SimReply) reply = NULL;
  JsonArray *nodes;
  guint with_pickup = 0, with_customer = 0;

  /* The document as the client sends it: with the fragment it imports. */
  g_assert_true (g_file_get_contents (path, &document, NULL, NULL));
  g_assert_true (g_file_get_contents (fragment_path, &fragment, NULL, NULL));
  g_assert_true (g_str_has_prefix (document, "#import \"order-fields.graphql\""));
  text = g_strconcat (document, "\n", fragment, NULL);
  reply = sim_graphql (f->session, f->sim, text,
                       "{\"first\": 40, \"ns\": \"custom\", \"draftTypeKey\": \"draft_type\","
                       " \"pickupKey\": \"pickup_date\", \"flavorKey\": \"flavor\","
                       " \"themeKey\": \"theme\", \"allergiesKey\": \"allergies\"}");
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (sim_get (reply, "errors"));
  nodes = json_node_get_array (sim_get (reply, "data.orders.nodes"));
  g_assert_cmpuint (json_array_get_length (nodes), ==, 40);
  /* 2 + 40 x (order 1, two money bags 2 each, customer 1, line items 2 + 10, five metafields) */
  g_assert_cmpint (sim_get_int (reply, "extensions.cost.requestedQueryCost"), ==, 2 + 40 * 23);
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *o = json_array_get_object_element (nodes, i);
      const char *keys[] = {
        "id", "legacyResourceId", "name", "createdAt", "updatedAt", "processedAt",
        "cancelledAt", "cancelReason", "closed", "test", "displayFinancialStatus",
        "displayFulfillmentStatus", "totalPriceSet", "totalOutstandingSet", "note", "tags",
        "customer", "lineItems", "draftType", "pickupDate", "flavor", "theme", "allergies",
      };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        g_assert_true (json_object_has_member (o, keys[k]));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "id"), "gid://shopify/Order/"));
      g_assert_true (g_str_has_prefix (json_object_get_string_member (o, "name"), "#"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (o, "updatedAt"), "Z"));
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                         json_object_get_object_member (o, "totalPriceSet"), "shopMoney"), "currencyCode"),
                       ==, "USD");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          json_object_get_object_member (o, "lineItems"), "nodes")), >=, 1);
      if (!json_object_get_null_member (o, "pickupDate"))
        with_pickup++;
      if (!json_object_get_null_member (o, "customer"))
        {
          JsonObject *c = json_object_get_object_member (o, "customer");

          g_assert_true (g_str_has_prefix (json_object_get_string_member (c, "id"), "gid://shopify/Customer/"));
          g_assert_true (json_object_has_member (c, "displayName"));
          with_customer++;
        }
    }
  g_assert_cmpuint (with_pickup, >, 35);
  g_assert_cmpuint (with_customer, >, 35);
}

static void
test_nodes_and_fragments (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) all = bmd_shopify_sim_dup_order_ids (f->sim);
  g_autofree char *vars = g_strdup_printf ("{\"ids\": [\"%s\", \"gid://shopify/Order/1\", \"%s\", \"junk\"]}",
                                           (char *) g_ptr_array_index (all, 0),
                                           (char *) g_ptr_array_index (all, 1));
  g_autoptr(SimReply) reply = sim_graphql (
      f->session, f->sim,
      "fragment Money on MoneyBag { shopMoney { amount } }\n"
      "fragment Basics on Order { id n: name total: totalPriceSet { ...Money } }\n"
      "query ById($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Order { ...Basics"
      " m: metafields(first: 10, namespace: \"custom\") { nodes { namespace key value type } } } } }",
      vars);

  g_assert_null (sim_get (reply, "errors"));
  g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.__typename"), ==, "Order");
  g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.id"), ==, g_ptr_array_index (all, 0));
  g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.n"), ==, "#1001");
  g_assert_nonnull (sim_get_string (reply, "data.nodes.0.total.shopMoney.amount"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.nodes.1")));
  g_assert_cmpstr (sim_get_string (reply, "data.nodes.2.id"), ==, g_ptr_array_index (all, 1));
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.nodes.3")));
  g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.m.nodes.0.namespace"), ==, "custom");
  /* Three objects were asked for but two came back: 4 requested, 2 + metafields actual. */
  g_assert_cmpint (sim_get_int (reply, "extensions.cost.requestedQueryCost"), ==, 4 * (1 + 1 + 1 + 2 + 10));
}

static void
test_shop_and_operations (Fixture       *f,
                          gconstpointer  data)
{
  const char *doc =
    "query A { shop { name ianaTimezone currencyCode } }\n"
    "query B($n: Int = 2) { orders(first: $n) { nodes { id } } }";
  g_autoptr(SimReply) a = sim_graphql_full (f->session, f->sim, "2026-10", "t", doc, NULL, "A");
  g_autoptr(SimReply) b = sim_graphql_full (f->session, f->sim, "2026-10", "t", doc, NULL, "B");
  g_autoptr(SimReply) none = sim_graphql_full (f->session, f->sim, "2026-10", "t", doc, NULL, NULL);
  g_autoptr(SimReply) wrong = sim_graphql_full (f->session, f->sim, "2026-10", "t", doc, NULL, "C");

  g_assert_cmpstr (sim_get_string (a, "data.shop.ianaTimezone"), ==, "America/Chicago");
  g_assert_cmpstr (sim_get_string (a, "data.shop.currencyCode"), ==, "USD");
  g_assert_false (sim_has (a, "data.orders"));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (sim_get (b, "data.orders.nodes"))), ==, 2);
  g_assert_cmpuint (none->status, ==, 200);
  g_assert_nonnull (sim_error_code (none));
  g_assert_false (sim_has (none, "data"));
  g_assert_nonnull (sim_error_code (wrong));
}

typedef struct
{
  const char *query;
  const char *vars;
  const char *code;
} BadCase;

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  const BadCase cases[] = {
    { "{ orders(first: 2) { nodes { idd } } }", NULL, "undefinedField" },
    { "{ orders(first: 2, bogus: 1) { nodes { id } } }", NULL, "argumentNotAccepted" },
    { "{ orders(first: 251) { nodes { id } } }", NULL, "BAD_REQUEST" },
    { "{ orders { nodes { id } } }", NULL, "BAD_REQUEST" },
    { "{ orders(first: 2 { nodes { id } } }", NULL, "syntaxError" },
    { "{ orders(first: 2) { nodes { id } }", NULL, "syntaxError" },
    { "query ($n: Int!) { orders(first: $n) { nodes { id } } }", NULL, "INVALID_VARIABLE" },
    { "query ($n: Int!) { orders(first: $n) { nodes { id } } }", "{\"n\": \"x\"}", "INVALID_VARIABLE" },
    { "{ orders(first: $n) { nodes { id } } }", NULL, "variableNotDefined" },
    { "{ orders(first: 2) { nodes { id customer } } }", NULL, "selectionMismatch" },
    { "{ orders(first: 2) { nodes { id { x } } } }", NULL, "selectionMismatch" },
    { "{ orders(first: 2) { nodes { ...Nope } } }", NULL, "useAndDefineFragment" },
    { "fragment F on Order { ...F } { orders(first: 2) { nodes { ...F } } }", NULL, "infiniteLoop" },
    { "{ orders(first: 2, sortKey: SIDEWAYS) { nodes { id } } }", NULL, "argumentLiteralsIncompatible" },
    { "{ orders(first: 2, after: \"garbage\") { nodes { id } } }", NULL, "BAD_REQUEST" },
    { "{ products(first: 2) { nodes { id } } }", NULL, "undefinedField" },
    { "subscription { x }", NULL, "syntaxError" },
    { "\"unterminated", NULL, "syntaxError" },
    { "", NULL, "syntaxError" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SimReply) reply = sim_graphql (f->session, f->sim, cases[i].query, cases[i].vars);

      g_test_message ("case %u: %s", i, cases[i].query);
      g_assert_no_error (reply->error);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpstr (sim_error_code (reply), ==, cases[i].code);
      g_assert_nonnull (sim_get_string (reply, "errors.0.message"));
      g_assert_false (sim_has (reply, "data"));
      g_assert_true (sim_has (reply, "extensions.cost.throttleStatus.currentlyAvailable"));
    }
  {
    g_autoptr(SimReply) reply = sim_graphql (f->session, f->sim, "{ orders(first: 2) {\n  nodes { idd } } }", NULL);

    g_assert_cmpint (sim_get_int (reply, "errors.0.locations.0.line"), ==, 2);
    g_assert_cmpint (sim_get_int (reply, "errors.0.locations.0.column"), ==, 11);
  }
}

static void
test_literals_and_aliases (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SimReply) reply = sim_graphql (
      f->session, f->sim,
      "# comment\n query Q($after: String = null, $q: String = \"id:>0\") {"
      " first: orders(first: 1, after: $after, query: $q, reverse: false) { edges { node { id __typename } cursor } }"
      " second: orders(first: 1, reverse: true, sortKey: ID) { nodes { id } pageInfo { hasNextPage } }"
      " __typename }", NULL);

  g_assert_null (sim_get (reply, "errors"));
  g_assert_cmpstr (sim_get_string (reply, "data.__typename"), ==, "QueryRoot");
  g_assert_cmpstr (sim_get_string (reply, "data.first.edges.0.node.__typename"), ==, "Order");
  g_assert_nonnull (sim_get_string (reply, "data.first.edges.0.cursor"));
  g_assert_cmpstr (sim_get_string (reply, "data.first.edges.0.node.id"), !=,
                   sim_get_string (reply, "data.second.nodes.0.id"));
  g_assert_true (json_node_get_boolean (sim_get (reply, "data.second.pageInfo.hasNextPage")));
}

static void
test_garbage (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char *base = "query Q($a: [ID!]!) { orders(first: 3, query: \"x\") { nodes { id ... on Order { name } } } }";

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup (base);
      g_autoptr(SimReply) reply = NULL;
      gsize len = strlen (text);

      for (guint k = 0; k < 1 + i % 4; k++)
        text[g_rand_int_range (rand, 0, len)] = (char) g_rand_int_range (rand, 1, 128);
      reply = sim_graphql (f->session, f->sim, text, "{\"a\": 1}");
      g_assert_no_error (reply->error);
      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_nonnull (reply->root);
    }
  {
    GString *deep = g_string_new ("{ orders(first: 1, query: ");

    for (guint i = 0; i < 5000; i++)
      g_string_append_c (deep, '[');
    {
      g_autoptr(SimReply) reply = sim_graphql (f->session, f->sim, deep->str, NULL);

      g_assert_cmpstr (sim_error_code (reply), ==, "syntaxError");
    }
    g_string_free (deep, TRUE);
  }
  {
    g_autoptr(SimReply) reply = sim_post (f->session, bmd_shopify_sim_get_url (f->sim),
                                          "/admin/api/2026-10/graphql.json", "t",
                                          "application/json", "{not json");

    g_assert_cmpuint (reply->status, ==, 400);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, n) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)
  ADD ("/sim/query/paging-all", test_paging_all, 0);
  ADD ("/sim/query/paging-sorted", test_paging_sorted, 0);
  ADD ("/sim/query/filter-updated-at", test_filter_updated_at, 0);
  ADD ("/sim/query/filter-ops", test_filter_ops, 0);
  ADD ("/sim/query/order-fields", test_order_fields, 200);
  ADD ("/sim/query/nodes-fragments", test_nodes_and_fragments, 0);
  ADD ("/sim/query/shop-operations", test_shop_and_operations, 0);
  ADD ("/sim/query/errors", test_errors, 0);
  ADD ("/sim/query/literals-aliases", test_literals_and_aliases, 0);
  ADD ("/sim/query/garbage", test_garbage, 10);
  return g_test_run ();
}
