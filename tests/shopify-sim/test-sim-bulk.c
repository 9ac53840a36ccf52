/* Bulk operations: the mutation, polling, the JSON Lines file on the second
 * listener, cancel, the concurrency limit, the faults and ordersCount. */
#include "sim-test-util.h"

#include <string.h>

#define DEADLINE_US (30 * G_USEC_PER_SEC)

/* The fields of the project's orders query, both connections included. */
#define ORDER_FIELDS \
  "id name updatedAt displayFinancialStatus" \
  " totalPriceSet { shopMoney { amount currencyCode } }" \
  " customer { id email }" \
  " pickupDate: metafield(namespace: \"custom\", key: \"pickup_date\") { value }"
#define CHILDREN(PAGE) \
  " lineItems" PAGE " { edges { node { id name quantity } } }" \
  " metafields" PAGE " { edges { node { id namespace key value } } }"

/* bulk.graphql: Run, Poll, Cancel, Count and Current, checked against
 * Shopify's schema. */
static char *documents;

static SimReply *
send (SoupSession   *session,
      BmdShopifySim *sim,
      const char    *operation,
      const char    *variables_json)
{
  return sim_graphql_full (session, sim, "2026-10", "test-token", documents, variables_json, operation);
}

static BmdShopifySim *
start_sim (double          rate,
           guint           concurrency,
           BmdSimBulkFault fault,
           double          fault_rate)
{
  BmdShopifySimOptions options;
  GDate around;

  bmd_shopify_sim_options_init (&options);
  g_date_set_dmy (&around, 25, 11, 2026);
  options.around = &around;
  options.requests = 25;
  options.seed = 7;
  options.bucket = 100000;
  options.restore_rate = 10000;
  options.bulk_rate = rate;
  options.bulk_concurrency = concurrency;
  options.bulk_fault = fault;
  options.fault_rate = fault_rate;
  return sim_start (&options);
}

static char *
bulk_inner_query (const char *filter)
{
  return g_strdup_printf ("{ orders(query: \"%s\", sortKey: UPDATED_AT) { edges { node { "
                          ORDER_FIELDS CHILDREN ("") " } } } }", filter);
}

static char *
variables (const char *name,
           const char *value)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static SimReply *
run_query (SoupSession   *session,
           BmdShopifySim *sim,
           const char    *inner)
{
  g_autofree char *vars = variables ("q", inner);
  SimReply *reply = send (session, sim, "Run", vars);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (sim_get (reply, "errors"));
  return reply;
}

/* Starts an operation that must be accepted; returns its gid. */
static char *
start_operation (SoupSession   *session,
                 BmdShopifySim *sim,
                 const char    *inner)
{
  g_autoptr(SimReply) reply = run_query (session, sim, inner);

  g_assert_cmpuint (json_array_get_length (json_node_get_array (
                      sim_get (reply, "data.bulkOperationRunQuery.userErrors"))), ==, 0);
  g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.bulkOperation.status"), ==, "CREATED");
  g_assert_true (g_str_has_prefix (sim_get_string (reply, "data.bulkOperationRunQuery.bulkOperation.id"),
                                   "gid://shopify/BulkOperation/"));
  return g_strdup (sim_get_string (reply, "data.bulkOperationRunQuery.bulkOperation.id"));
}

static SimReply *
poll (SoupSession   *session,
      BmdShopifySim *sim,
      const char    *gid)
{
  g_autofree char *vars = variables ("id", gid);
  SimReply *reply = send (session, sim, "Poll", vars);

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_null (sim_get (reply, "errors"));
  return reply;
}

/* An UnsignedInt64 field: a JSON string of digits. */
static guint64
get_u64 (SimReply   *reply,
         const char *path)
{
  const char *text = sim_get_string (reply, path);
  char *end = NULL;
  guint64 value;

  g_assert_nonnull (text);
  value = g_ascii_strtoull (text, &end, 10);
  g_assert_true (end != text && *end == '\0');
  return value;
}

static int
status_rank (const char *status)
{
  const char *order[] = { "CREATED", "RUNNING", "CANCELING", "COMPLETED", "FAILED", "CANCELED", "EXPIRED" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_strcmp0 (order[i], status) == 0)
      return i;
  g_assert_not_reached ();
}

static gboolean
is_final (const char *status)
{
  return status_rank (status) >= status_rank ("COMPLETED");
}

/* Polls until the operation ends, checking every answer on the way: the
 * status never goes back and objectCount never shrinks. */
static SimReply *
wait_done (SoupSession   *session,
           BmdShopifySim *sim,
           const char    *gid)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
  int last_rank = -1;
  guint64 last_count = 0;

  for (;;)
    {
      SimReply *reply = poll (session, sim, gid);
      const char *status = sim_get_string (reply, "data.node.status");
      guint64 count = get_u64 (reply, "data.node.objectCount");

      g_assert_cmpint (status_rank (status), >=, last_rank);
      g_assert_cmpuint (count, >=, last_count);
      last_rank = status_rank (status);
      last_count = count;
      if (is_final (status))
        return reply;
      sim_reply_free (reply);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
}

typedef struct
{
  guint   status;
  GBytes *body;
  GError *error;
  char   *content_range;
} Download;

static void
download_clear (Download *d)
{
  g_clear_pointer (&d->body, g_bytes_unref);
  g_clear_error (&d->error);
  g_clear_pointer (&d->content_range, g_free);
}

/* GET @url with one optional header; a fresh request, as a client should. */
static Download
fetch (SoupSession *session,
       const char  *url,
       const char  *header,
       const char  *value)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  Download d = { 0 };

  g_assert_nonnull (msg);
  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  d.body = soup_session_send_and_read (session, msg, NULL, &d.error);
  d.status = soup_message_get_status (msg);
  d.content_range = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Content-Range"));
  return d;
}

static GBytes *
fetch_ok (SoupSession *session,
          const char  *url)
{
  Download d = fetch (session, url, NULL, NULL);
  GBytes *body;

  g_assert_no_error (d.error);
  g_assert_cmpuint (d.status, ==, 200);
  body = g_steal_pointer (&d.body);
  download_clear (&d);
  return body;
}

static char *
to_json (JsonObject *object)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The file as a sorted set of "R order" and "C parent child" strings. Also
 * says whether a child line came before its parent's line. */
static GPtrArray *
file_set (GBytes   *file,
          gboolean *child_first,
          guint    *roots)
{
  GPtrArray *set = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_strv_length (lines);

  *child_first = FALSE;
  *roots = 0;
  /* Every line ends with a newline: the last piece is empty. */
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpstr (lines[n - 1], ==, "");
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      object = json_node_get_object (json_parser_get_root (parser));
      if (json_object_has_member (object, "__parentId"))
        {
          g_autofree char *parent = g_strdup (json_object_get_string_member (object, "__parentId"));
          g_autofree char *child = NULL;

          json_object_remove_member (object, "__parentId");
          child = to_json (object);
          *child_first |= !g_hash_table_contains (seen, parent);
          g_ptr_array_add (set, g_strdup_printf ("C %s %s", parent, child));
        }
      else
        {
          g_hash_table_add (seen, g_strdup (json_object_get_string_member (object, "id")));
          g_ptr_array_add (set, g_strdup_printf ("R %s", lines[i]));
          (*roots)++;
        }
    }
  g_ptr_array_sort (set, compare_strings);
  return set;
}

/* The same fields read by paging (5 orders a page), in the same form. */
static GPtrArray *
paged_set (SoupSession   *session,
           BmdShopifySim *sim,
           const char    *filter)
{
  g_autofree char *query = g_strdup_printf ("query Page($after: String) { orders(first: 5, after: $after,"
                                            " query: \"%s\", sortKey: UPDATED_AT) { pageInfo { hasNextPage endCursor }"
                                            " edges { node { " ORDER_FIELDS CHILDREN ("(first: 50)")
                                            " } } } }", filter);
  GPtrArray *set = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;

  for (;;)
    {
      g_autofree char *vars = after != NULL ? variables ("after", after) : NULL;
      g_autoptr(SimReply) reply = sim_graphql (session, sim, query, vars);
      JsonArray *edges;

      g_assert_null (sim_get (reply, "errors"));
      edges = json_node_get_array (sim_get (reply, "data.orders.edges"));
      for (guint i = 0; i < json_array_get_length (edges); i++)
        {
          JsonObject *node = json_object_get_object_member (json_array_get_object_element (edges, i), "node");
          g_autoptr(JsonObject) copy = json_object_new ();
          g_autoptr(GList) members = json_object_get_members (node);
          const char *id = json_object_get_string_member (node, "id");
          g_autofree char *order = NULL;

          for (GList *l = members; l != NULL; l = l->next)
            {
              const char *member = l->data;

              if (g_str_equal (member, "lineItems") || g_str_equal (member, "metafields"))
                {
                  JsonArray *children = json_object_get_array_member (json_object_get_object_member (node, member),
                                                                      "edges");

                  for (guint j = 0; j < json_array_get_length (children); j++)
                    {
                      g_autofree char *child = to_json (json_object_get_object_member (
                                                          json_array_get_object_element (children, j), "node"));

                      g_ptr_array_add (set, g_strdup_printf ("C %s %s", id, child));
                    }
                }
              else
                json_object_set_member (copy, member, json_node_copy (json_object_get_member (node, member)));
            }
          order = to_json (copy);
          g_ptr_array_add (set, g_strdup_printf ("R %s", order));
        }
      if (!json_node_get_boolean (sim_get (reply, "data.orders.pageInfo.hasNextPage")))
        break;
      g_free (after);
      after = g_strdup (sim_get_string (reply, "data.orders.pageInfo.endCursor"));
    }
  g_ptr_array_sort (set, compare_strings);
  return set;
}

static guint
count_roots (GPtrArray *set)
{
  guint n = 0;

  for (guint i = 0; i < set->len; i++)
    n += g_str_has_prefix (g_ptr_array_index (set, i), "R ") ? 1 : 0;
  return n;
}

/* An updatedAt between the oldest and the newest order's. */
static char *
middle_updated_at (SoupSession   *session,
                   BmdShopifySim *sim)
{
  g_autoptr(SimReply) reply = sim_graphql (session, sim,
                                           "{ orders(first: 250, sortKey: UPDATED_AT) { nodes { updatedAt } } }",
                                           NULL);
  JsonArray *nodes = json_node_get_array (sim_get (reply, "data.orders.nodes"));
  guint n = json_array_get_length (nodes);

  g_assert_cmpuint (n, >, 4);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (nodes, n / 2), "updatedAt"));
}

/* ---- tests ---- */

static void
test_lifecycle (void)
{
  /* 150 objects a second: the job takes a couple of seconds, long enough to
   * see it RUNNING. */
  double rate = 150;
  g_autoptr(BmdShopifySim) sim = start_sim (rate, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  g_autoptr(GPtrArray) paged = paged_set (session, sim, "");
  g_autoptr(SimReply) done = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *gid = NULL;
  gint64 sent, answered;
  gboolean saw_running = FALSE;
  guint64 objects = paged->len;

  /* The mutation costs 10 points, whatever the inner query reads. */
  {
    g_autofree char *vars = variables ("q", inner);
    g_autoptr(SimReply) reply = NULL;

    sent = g_get_monotonic_time ();
    reply = send (session, sim, "Run", vars);
    answered = g_get_monotonic_time ();
    g_assert_cmpint (sim_get_int (reply, "extensions.cost.requestedQueryCost"), ==, 10);
    g_assert_cmpint (sim_get_int (reply, "extensions.cost.actualQueryCost"), ==, 10);
    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.bulkOperation.status"), ==, "CREATED");
    gid = g_strdup (sim_get_string (reply, "data.bulkOperationRunQuery.bulkOperation.id"));
  }

  /* Every poll's objectCount is what the rate allows in the time that can
   * have passed on the simulator's clock since the mutation, less the 1 s
   * start: bounds from the test's own clock on both sides of each call. */
  for (;;)
    {
      gint64 before = g_get_monotonic_time ();
      g_autoptr(SimReply) reply = poll (session, sim, gid);
      gint64 after = g_get_monotonic_time ();
      const char *status = sim_get_string (reply, "data.node.status");
      guint64 count = get_u64 (reply, "data.node.objectCount");
      double most = MAX (0, (after - sent - G_USEC_PER_SEC) * rate / G_USEC_PER_SEC);
      double least = MAX (0, (before - answered - G_USEC_PER_SEC) * rate / G_USEC_PER_SEC);

      g_assert_cmpint (sim_get_int (reply, "extensions.cost.actualQueryCost"), <=, 2);
      g_assert_cmpfloat (count, <=, most + 1);
      g_assert_cmpfloat (count, >=, MIN (least - 1, objects));
      if (after - sent < G_USEC_PER_SEC)
        g_assert_cmpstr (status, ==, "CREATED");
      if (g_str_equal (status, "CREATED"))
        g_assert_cmpint (before - answered, <, G_USEC_PER_SEC);
      if (g_str_equal (status, "RUNNING"))
        {
          saw_running = TRUE;
          g_assert_true (sim_get (reply, "data.node.url") != NULL &&
                         JSON_NODE_HOLDS_NULL (sim_get (reply, "data.node.url")));
          g_assert_cmpuint (count, <, objects);
        }
      if (g_str_equal (status, "COMPLETED"))
        {
          /* It cannot finish before the rate lets it write everything. */
          g_assert_cmpint (after - sent, >=, G_USEC_PER_SEC + (gint64) (objects * G_USEC_PER_SEC / rate));
          break;
        }
      g_assert_cmpstr (status, !=, "FAILED");
      g_assert_cmpint (after - sent, <, DEADLINE_US);
      g_usleep (50000);
    }
  g_assert_true (saw_running);

  done = poll (session, sim, gid);
  g_assert_cmpuint (get_u64 (done, "data.node.objectCount"), ==, objects);
  g_assert_cmpuint (get_u64 (done, "data.node.rootObjectCount"), ==, count_roots (paged));
  g_assert_cmpuint (count_roots (paged), ==, bmd_shopify_sim_get_order_count (sim));
  g_assert_nonnull (sim_get_string (done, "data.node.completedAt"));
  g_assert_nonnull (sim_get_string (done, "data.node.createdAt"));
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.errorCode")));
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.partialDataUrl")));
  /* The file lives on another host (port) than the shop. */
  g_assert_false (g_str_has_prefix (sim_get_string (done, "data.node.url"), bmd_shopify_sim_get_url (sim)));
  file = fetch_ok (session, sim_get_string (done, "data.node.url"));
  g_assert_cmpuint (g_bytes_get_size (file), ==, get_u64 (done, "data.node.fileSize"));
}

static void
test_file_matches_paging (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *middle = middle_updated_at (session, sim);
  g_autofree char *filter = g_strdup_printf ("updated_at:>='%s'", middle);
  const char *filters[] = { "", filter };

  for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
    {
      g_autofree char *inner = bulk_inner_query (filters[f]);
      g_autofree char *gid = start_operation (session, sim, inner);
      g_autoptr(SimReply) done = wait_done (session, sim, gid);
      g_autoptr(GBytes) file = NULL;
      g_autoptr(GPtrArray) bulk = NULL;
      g_autoptr(GPtrArray) paged = paged_set (session, sim, filters[f]);
      gboolean child_first;
      guint roots;

      g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "COMPLETED");
      file = fetch_ok (session, sim_get_string (done, "data.node.url"));
      bulk = file_set (file, &child_first, &roots);
      /* Children are not grouped after their parents. */
      g_assert_true (child_first);
      g_assert_cmpuint (bulk->len, ==, paged->len);
      for (guint i = 0; i < bulk->len; i++)
        g_assert_cmpstr (g_ptr_array_index (bulk, i), ==, g_ptr_array_index (paged, i));
      g_assert_cmpuint (roots, ==, get_u64 (done, "data.node.rootObjectCount"));
      g_assert_cmpuint (bulk->len, ==, get_u64 (done, "data.node.objectCount"));
      /* The filter matters: about half the orders. */
      if (f == 1)
        {
          g_assert_cmpuint (roots, >, 0);
          g_assert_cmpuint (roots, <, bmd_shopify_sim_get_order_count (sim));
        }
      else
        g_assert_cmpuint (roots, ==, bmd_shopify_sim_get_order_count (sim));
    }
}

static void
test_no_objects_no_url (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("updated_at:>='2030-01-01T00:00:00Z'");
  g_autofree char *gid = start_operation (session, sim, inner);
  g_autoptr(SimReply) done = wait_done (session, sim, gid);

  g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "COMPLETED");
  g_assert_cmpstr (sim_get_string (done, "data.node.objectCount"), ==, "0");
  {
    g_autoptr(SimReply) current = send (session, sim, "Current", NULL);

    g_assert_cmpstr (sim_get_string (current, "data.currentBulkOperation.id"), ==, gid);
    g_assert_cmpstr (sim_get_string (current, "data.currentBulkOperation.status"), ==, "COMPLETED");
  }
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.url")));
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.fileSize")));
}

static void
test_download_headers (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  g_autofree char *gid = start_operation (session, sim, inner);
  g_autoptr(SimReply) done = wait_done (session, sim, gid);
  const char *url = sim_get_string (done, "data.node.url");
  g_autoptr(GBytes) file = fetch_ok (session, url);
  gsize size = g_bytes_get_size (file);
  const char *data = g_bytes_get_data (file, NULL);
  guint created, downloads, cancelled;

  /* A client that sends the shop's token to the storage host is refused. */
  {
    Download d = fetch (session, url, "X-Shopify-Access-Token", "test-token");

    g_assert_no_error (d.error);
    g_assert_cmpuint (d.status, ==, 403);
    download_clear (&d);
  }
  {
    Download d = fetch (session, url, "Authorization", "Bearer test-token");

    g_assert_no_error (d.error);
    g_assert_cmpuint (d.status, ==, 403);
    download_clear (&d);
  }
  /* Resuming: the rest from byte N, the last byte alone, and past the end. */
  {
    gsize from[] = { 1, size / 2, size - 1 };

    for (guint i = 0; i < G_N_ELEMENTS (from); i++)
      {
        g_autofree char *range = g_strdup_printf ("bytes=%" G_GSIZE_FORMAT "-", from[i]);
        g_autofree char *expected = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT,
                                                     from[i], size - 1, size);
        Download d = fetch (session, url, "Range", range);

        g_assert_no_error (d.error);
        g_assert_cmpuint (d.status, ==, 206);
        g_assert_cmpstr (d.content_range, ==, expected);
        g_assert_cmpuint (g_bytes_get_size (d.body), ==, size - from[i]);
        g_assert_cmpmem (g_bytes_get_data (d.body, NULL), size - from[i], data + from[i], size - from[i]);
        download_clear (&d);
      }
  }
  {
    g_autofree char *range = g_strdup_printf ("bytes=%" G_GSIZE_FORMAT "-", size);
    Download d = fetch (session, url, "Range", range);

    g_assert_cmpuint (d.status, ==, 416);
    download_clear (&d);
  }
  /* An unknown name is not there. */
  {
    g_autofree char *wrong = g_strconcat (url, "x", NULL);
    Download d = fetch (session, wrong, NULL, NULL);

    g_assert_cmpuint (d.status, ==, 404);
    download_clear (&d);
  }

  /* The counters, also over HTTP: 1 + 3 ranges + 1 past the end were
   * downloads of the file; refusals and the wrong name are not. */
  bmd_shopify_sim_get_bulk_counts (sim, &created, &downloads, &cancelled);
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (downloads, ==, 5);
  g_assert_cmpuint (cancelled, ==, 0);
  {
    g_autofree char *full = g_strconcat (bmd_shopify_sim_get_url (sim), "/admin/sim/bulk", NULL);
    Download d = fetch (session, full, NULL, NULL);

    const char *expected = "{\"created\":1,\"downloads\":5,\"cancelled\":0}";

    g_assert_cmpuint (d.status, ==, 200);
    g_assert_cmpmem (g_bytes_get_data (d.body, NULL), g_bytes_get_size (d.body), expected, strlen (expected));
    download_clear (&d);
  }
}

static void
assert_in_progress (SimReply   *reply,
                    const char *busy_gid)
{
  g_autofree char *message = g_strdup_printf ("A bulk query operation for this app and shop is already in "
                                              "progress: %s.", busy_gid);

  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.bulkOperationRunQuery.bulkOperation")));
  g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.code"), ==,
                   "OPERATION_IN_PROGRESS");
  g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.message"), ==, message);
  g_assert_null (sim_get (reply, "data.bulkOperationRunQuery.userErrors.1"));
}

static void
test_concurrency (void)
{
  guint limits[] = { 5, 1 };

  for (guint l = 0; l < G_N_ELEMENTS (limits); l++)
    {
      /* Slow enough that none finishes while the test fills the slots. */
      g_autoptr(BmdShopifySim) sim = start_sim (100, limits[l], BMD_SIM_BULK_FAULT_NONE, 0);
      g_autoptr(SoupSession) session = sim_session_new ();
      g_autofree char *inner = bulk_inner_query ("");
      g_autoptr(GPtrArray) gids = g_ptr_array_new_with_free_func (g_free);
      guint created, downloads, cancelled;

      for (guint i = 0; i < limits[l]; i++)
        g_ptr_array_add (gids, start_operation (session, sim, inner));
      {
        g_autoptr(SimReply) reply = run_query (session, sim, inner);

        assert_in_progress (reply, g_ptr_array_index (gids, 0));
      }
      bmd_shopify_sim_get_bulk_counts (sim, &created, &downloads, &cancelled);
      g_assert_cmpuint (created, ==, limits[l]);

      /* A cancelled operation frees its slot once it is CANCELED. */
      {
        g_autofree char *vars = variables ("id", g_ptr_array_index (gids, 0));
        gint64 sent = g_get_monotonic_time ();
        g_autoptr(SimReply) reply = send (session, sim, "Cancel", vars);
        g_autoptr(SimReply) done = NULL;

        g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationCancel.bulkOperation.status"), ==, "CANCELING");
        {
          /* CANCELING (half a second) still holds it. */
          g_autoptr(SimReply) again = run_query (session, sim, inner);

          if (g_get_monotonic_time () - sent < G_USEC_PER_SEC / 2)
            assert_in_progress (again, g_ptr_array_index (gids, 0));
        }
        done = wait_done (session, sim, g_ptr_array_index (gids, 0));
        g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "CANCELED");
      }
      g_free (start_operation (session, sim, inner));
    }
}

static void
assert_invalid (SoupSession   *session,
                BmdShopifySim *sim,
                const char    *inner,
                const char    *message_part)
{
  g_autoptr(SimReply) reply = run_query (session, sim, inner);
  const char *message = sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.message");

  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.bulkOperationRunQuery.bulkOperation")));
  g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.code"), ==, "INVALID");
  g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.field.0"), ==, "query");
  g_assert_nonnull (message);
  if (strstr (message, message_part) == NULL)
    g_error ("'%s' does not say '%s'", message, message_part);
}

#define EDGES(X) " { edges { node { id " X " } } }"

static void
test_invalid_queries (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  guint created, downloads, cancelled;

  assert_invalid (session, sim, "{ shop { name } }", "at least one connection");
  assert_invalid (session, sim, "{ a: orders" EDGES ("lineItems" EDGES ("") " metafields" EDGES (""))
                  " b: orders" EDGES ("lineItems" EDGES ("") " metafields" EDGES ("")) " }",
                  "more than 5 connections");
  assert_invalid (session, sim, "{ orders" EDGES ("customer { orders" EDGES ("lineItems" EDGES ("")) " }") " }",
                  "nesting depth greater than 2");
  assert_invalid (session, sim, "{ node(id: \"gid://shopify/Order/1\") { id } orders" EDGES ("") " }",
                  "top level `node`");
  assert_invalid (session, sim, "{ nodes(ids: [\"gid://shopify/Order/1\"]) { id } orders" EDGES ("") " }",
                  "top level `node`");
  assert_invalid (session, sim, "{ orders { edges { node { name lineItems" EDGES ("") " } } } }",
                  "must select the 'id' field");
  assert_invalid (session, sim, "{ orders { edges { node { id nope } } } }", "Invalid bulk query: Field 'nope'");
  assert_invalid (session, sim, "{ orders { edges { node { id } }", "Invalid bulk query: syntax error");
  assert_invalid (session, sim, "mutation { metafieldsSet(metafields: []) { userErrors { message } } }",
                  "not mutations");

  /* The limits themselves are allowed: 5 connections, 2 levels, and first/
   * after/pageInfo, which are ignored. */
  {
    g_autofree char *gid = start_operation (session, sim,
                                            "{ a: orders" EDGES ("lineItems" EDGES ("") " metafields" EDGES (""))
                                            " b: orders" EDGES ("lineItems" EDGES ("")) " }");
    g_autoptr(SimReply) done = wait_done (session, sim, gid);

    g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "COMPLETED");
  }
  {
    g_autofree char *gid = start_operation (session, sim,
                                            "{ orders(first: 2, after: \"bm90IGEgY3Vyc29y\") { pageInfo { hasNextPage }"
                                            " edges { cursor node { id metafields(first: 1) { nodes { id } } } } } }");
    g_autoptr(SimReply) done = wait_done (session, sim, gid);

    g_assert_cmpuint (get_u64 (done, "data.node.rootObjectCount"), ==, bmd_shopify_sim_get_order_count (sim));
    /* Every metafield, not the first of each order. */
    g_assert_cmpuint (get_u64 (done, "data.node.objectCount"), >, 2 * bmd_shopify_sim_get_order_count (sim));
  }
  bmd_shopify_sim_get_bulk_counts (sim, &created, &downloads, &cancelled);
  g_assert_cmpuint (created, ==, 2);
}

static void
test_cancel (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (30, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  gint64 sent = g_get_monotonic_time ();
  g_autofree char *gid = start_operation (session, sim, inner);
  g_autofree char *vars = variables ("id", gid);
  g_autoptr(SimReply) done = NULL;
  guint created, downloads, cancelled;
  guint64 total = 0;
  gint64 cancelled_by;

  {
    g_autoptr(SimReply) reply = send (session, sim, "Cancel", vars);

    cancelled_by = g_get_monotonic_time ();
    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationCancel.bulkOperation.id"), ==, gid);
    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationCancel.bulkOperation.status"), ==, "CANCELING");
    g_assert_cmpuint (json_array_get_length (json_node_get_array (
                        sim_get (reply, "data.bulkOperationCancel.userErrors"))), ==, 0);
  }
  done = wait_done (session, sim, gid);
  g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "CANCELED");
  g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.url")));
  g_assert_nonnull (sim_get_string (done, "data.node.completedAt"));
  /* Cancelled (most likely) before it started: at most what the rate
   * allows after the 1 s start. */
  g_assert_cmpfloat (get_u64 (done, "data.node.objectCount"), <=,
                     MAX (0, (cancelled_by - sent - G_USEC_PER_SEC) * 30.0 / G_USEC_PER_SEC) + 1);

  /* Cancelling what has ended is a userError. */
  {
    g_autoptr(SimReply) reply = send (session, sim, "Cancel", vars);

    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationCancel.bulkOperation.status"), ==, "CANCELED");
    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationCancel.userErrors.0.message"), ==,
                     "A bulk operation cannot be canceled when it is canceled");
  }
  {
    g_autofree char *unknown = variables ("id", "gid://shopify/BulkOperation/1");
    g_autoptr(SimReply) reply = send (session, sim, "Cancel", unknown);

    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.bulkOperationCancel.bulkOperation")));
    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationCancel.userErrors.0.field.0"), ==, "id");
  }

  /* Cancelled while RUNNING: objectCount stops where it was. */
  {
    g_autofree char *gid2 = start_operation (session, sim, inner);
    g_autofree char *vars2 = variables ("id", gid2);
    g_autoptr(SimReply) reply = NULL;
    g_autoptr(SimReply) end = NULL;
    gint64 deadline = g_get_monotonic_time () + DEADLINE_US;

    for (;;)
      {
        g_autoptr(SimReply) p = poll (session, sim, gid2);

        if (g_str_equal (sim_get_string (p, "data.node.status"), "RUNNING") &&
            get_u64 (p, "data.node.objectCount") > 0)
          break;
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (20000);
      }
    reply = send (session, sim, "Cancel", vars2);
    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationCancel.bulkOperation.status"), ==, "CANCELING");
    end = wait_done (session, sim, gid2);
    g_assert_cmpstr (sim_get_string (end, "data.node.status"), ==, "CANCELED");
    total = get_u64 (end, "data.node.objectCount");
    g_assert_cmpuint (total, >, 0);
    g_usleep (200000);
    {
      g_autoptr(SimReply) later = poll (session, sim, gid2);

      g_assert_cmpuint (get_u64 (later, "data.node.objectCount"), ==, total);
    }
  }
  bmd_shopify_sim_get_bulk_counts (sim, &created, &downloads, &cancelled);
  g_assert_cmpuint (created, ==, 2);
  g_assert_cmpuint (cancelled, ==, 2);
}

static void
set_fault (SoupSession   *session,
           BmdShopifySim *sim,
           const char    *kind,
           guint          expected_status)
{
  g_autofree char *path = g_strdup_printf ("/admin/sim/bulk/fault?kind=%s", kind);
  g_autoptr(SimReply) reply = sim_post (session, bmd_shopify_sim_get_url (sim), path, NULL,
                                        "application/json", "");

  g_assert_no_error (reply->error);
  g_assert_cmpuint (reply->status, ==, expected_status);
}

static void
test_fault_failed (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  g_autoptr(GPtrArray) paged = paged_set (session, sim, "");

  set_fault (session, sim, "bogus", 400);
  set_fault (session, sim, "failed", 200);
  {
    g_autofree char *gid = start_operation (session, sim, inner);
    g_autoptr(SimReply) done = wait_done (session, sim, gid);
    g_autoptr(GBytes) partial = NULL;
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "FAILED");
    g_assert_cmpstr (sim_get_string (done, "data.node.errorCode"), ==, "INTERNAL_SERVER_ERROR");
    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.url")));
    g_assert_cmpuint (get_u64 (done, "data.node.objectCount"), ==, paged->len / 2);
    partial = fetch_ok (session, sim_get_string (done, "data.node.partialDataUrl"));
    text = g_strndup (g_bytes_get_data (partial, NULL), g_bytes_get_size (partial));
    lines = g_strsplit (text, "\n", -1);
    /* objectCount lines, each a whole JSON object, ending in a newline. */
    g_assert_cmpuint (g_strv_length (lines), ==, paged->len / 2 + 1);
    g_assert_cmpstr (lines[paged->len / 2], ==, "");
    for (guint i = 0; i < paged->len / 2; i++)
      {
        g_autoptr(JsonParser) parser = json_parser_new ();

        g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      }
  }
  /* The endpoint's fault was for one operation only. */
  {
    g_autofree char *gid = start_operation (session, sim, inner);
    g_autoptr(SimReply) done = wait_done (session, sim, gid);

    g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "COMPLETED");
  }
}

static void
test_fault_every_operation (void)
{
  /* --bulk-fault expired: every operation, not just the next. */
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_EXPIRED, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *gid = start_operation (session, sim, inner);
      g_autoptr(SimReply) done = wait_done (session, sim, gid);

      g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "EXPIRED");
      g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.url")));
      g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (done, "data.node.partialDataUrl")));
    }
  /* none over HTTP clears only a next-operation fault; the flag stays. */
  set_fault (session, sim, "none", 200);
  {
    g_autofree char *gid = start_operation (session, sim, inner);
    g_autoptr(SimReply) done = wait_done (session, sim, gid);

    g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "EXPIRED");
  }
}

static void
test_fault_cut_download (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  g_autofree char *gid = NULL;
  g_autoptr(SimReply) done = NULL;
  g_autoptr(GBytes) whole = NULL;
  const char *url;
  gsize size;

  bmd_shopify_sim_set_bulk_fault (sim, BMD_SIM_BULK_FAULT_CUT_DOWNLOAD);
  gid = start_operation (session, sim, inner);
  done = wait_done (session, sim, gid);
  url = sim_get_string (done, "data.node.url");
  size = get_u64 (done, "data.node.fileSize");

  /* The first download stops half way... */
  {
    Download d = fetch (session, url, NULL, NULL);

    g_assert_true (d.error != NULL || g_bytes_get_size (d.body) < size);
    download_clear (&d);
  }
  /* ...and later ones are whole. */
  whole = fetch_ok (session, url);
  g_assert_cmpuint (g_bytes_get_size (whole), ==, size);
}

static void
test_fault_in_progress (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  g_autofree char *busy = NULL;
  gint64 first, deadline;
  guint created, downloads, cancelled;

  set_fault (session, sim, "in-progress", 200);
  first = g_get_monotonic_time ();
  {
    g_autoptr(SimReply) reply = run_query (session, sim, inner);

    g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.code"), ==,
                     "OPERATION_IN_PROGRESS");
    busy = g_strdup (sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.message"));
    g_assert_true (g_str_has_prefix (busy, "A bulk query operation for this app and shop is already in "
                                           "progress: gid://shopify/BulkOperation/"));
  }
  /* Waiting and retrying gets through once the other operation is done. */
  deadline = first + DEADLINE_US;
  for (;;)
    {
      g_autoptr(SimReply) reply = run_query (session, sim, inner);

      if (!JSON_NODE_HOLDS_NULL (sim_get (reply, "data.bulkOperationRunQuery.bulkOperation")))
        break;
      g_assert_cmpstr (sim_get_string (reply, "data.bulkOperationRunQuery.userErrors.0.message"), ==, busy);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100000);
    }
  /* The other app's operation ran a few seconds (3) from the first try. */
  g_assert_cmpint (g_get_monotonic_time () - first, >=, 3 * G_USEC_PER_SEC);
  bmd_shopify_sim_get_bulk_counts (sim, &created, &downloads, &cancelled);
  g_assert_cmpuint (created, ==, 1);
  /* It was for one operation: the next is accepted at once. */
  g_free (start_operation (session, sim, inner));
}

static void
test_fault_rate_downloads (void)
{
  /* Half of the requests fail; GraphQL calls are retried here, and of 30
   * downloads some fail (500 or a dropped connection) and some succeed whole. */
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0.5);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  g_autofree char *vars = variables ("q", inner);
  g_autofree char *gid = NULL;
  g_autofree char *url = NULL;
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
  guint failed = 0, whole = 0, faulted_graphql = 0;
  gsize size = 0;

  while (gid == NULL || url == NULL)
    {
      g_autoptr(SimReply) reply = NULL;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (gid == NULL)
        {
          reply = send (session, sim, "Run", vars);
          if (sim_get_string (reply, "data.bulkOperationRunQuery.bulkOperation.id") != NULL)
            gid = g_strdup (sim_get_string (reply, "data.bulkOperationRunQuery.bulkOperation.id"));
          else
            faulted_graphql++;
          continue;
        }
      {
        g_autofree char *poll_vars = variables ("id", gid);

        reply = send (session, sim, "Poll", poll_vars);
      }
      if (g_strcmp0 (sim_get_string (reply, "data.node.status"), "COMPLETED") == 0)
        {
          url = g_strdup (sim_get_string (reply, "data.node.url"));
          size = get_u64 (reply, "data.node.fileSize");
        }
      else if (sim_get_string (reply, "data.node.status") == NULL)
        faulted_graphql++;
      else
        g_usleep (20000);
    }
  for (guint i = 0; i < 30; i++)
    {
      Download d = fetch (session, url, NULL, NULL);

      if (d.error == NULL && d.status == 200 && g_bytes_get_size (d.body) == size)
        whole++;
      else
        {
          g_assert_true (d.error != NULL || d.status == 500);
          failed++;
        }
      download_clear (&d);
    }
  g_assert_cmpuint (faulted_graphql, >, 0);
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (whole, >, 0);
}

static void
test_orders_count (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5000, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *middle = middle_updated_at (session, sim);
  g_autofree char *filter = g_strdup_printf ("updated_at:>='%s'", middle);
  g_autoptr(GPtrArray) paged = paged_set (session, sim, filter);
  g_autofree char *escaped = g_strescape (filter, NULL);
  guint total = bmd_shopify_sim_get_order_count (sim);
  g_autofree char *vars = g_strdup_printf ("{\"q\": \"%s\", \"n\": %u, \"total\": %u}",
                                           escaped, total - 1, total);
  g_autoptr(SimReply) reply = send (session, sim, "Count", vars);

  g_assert_null (sim_get (reply, "errors"));
  g_assert_cmpint (sim_get_int (reply, "data.all.count"), ==, total);
  g_assert_cmpstr (sim_get_string (reply, "data.all.precision"), ==, "EXACT");
  g_assert_cmpint (sim_get_int (reply, "data.some.count"), ==, count_roots (paged));
  g_assert_cmpint (sim_get_int (reply, "data.some.count"), <, total);
  g_assert_cmpint (sim_get_int (reply, "data.some.count"), >, 0);
  /* One under the total is capped; the total itself is exact. */
  g_assert_cmpint (sim_get_int (reply, "data.capped.count"), ==, total - 1);
  g_assert_cmpstr (sim_get_string (reply, "data.capped.precision"), ==, "AT_LEAST");
  g_assert_cmpint (sim_get_int (reply, "data.exact.count"), ==, total);
  g_assert_cmpstr (sim_get_string (reply, "data.exact.precision"), ==, "EXACT");
}

/* Time to COMPLETED from just before the mutation. */
static gint64
time_to_complete (double rate,
                  guint64 *objects)
{
  g_autoptr(BmdShopifySim) sim = start_sim (rate, 5, BMD_SIM_BULK_FAULT_NONE, 0);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *inner = bulk_inner_query ("");
  gint64 start = g_get_monotonic_time ();
  g_autofree char *gid = start_operation (session, sim, inner);
  g_autoptr(SimReply) done = wait_done (session, sim, gid);

  g_assert_cmpstr (sim_get_string (done, "data.node.status"), ==, "COMPLETED");
  *objects = get_u64 (done, "data.node.objectCount");
  return g_get_monotonic_time () - start;
}

static void
test_rate (void)
{
  guint64 n_fast, n_slow;
  gint64 fast = time_to_complete (1000, &n_fast);
  gint64 slow = time_to_complete (100, &n_slow);

  /* Same data; the slow job cannot end before 1 s + n / 100. */
  g_assert_cmpuint (n_fast, ==, n_slow);
  g_assert_cmpuint (n_slow, >, 100);
  g_assert_cmpint (slow, >=, G_USEC_PER_SEC + (gint64) (n_slow * G_USEC_PER_SEC / 100));
  g_assert_cmpint (fast, >=, G_USEC_PER_SEC + (gint64) (n_fast * G_USEC_PER_SEC / 1000));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  path = g_test_build_filename (G_TEST_DIST, "shopify-sim", "bulk.graphql", NULL);
  if (!g_file_get_contents (path, &documents, NULL, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/sim/bulk/lifecycle", test_lifecycle);
  g_test_add_func ("/sim/bulk/file-matches-paging", test_file_matches_paging);
  g_test_add_func ("/sim/bulk/no-objects-no-url", test_no_objects_no_url);
  g_test_add_func ("/sim/bulk/download-headers", test_download_headers);
  g_test_add_func ("/sim/bulk/concurrency", test_concurrency);
  g_test_add_func ("/sim/bulk/invalid-queries", test_invalid_queries);
  g_test_add_func ("/sim/bulk/cancel", test_cancel);
  g_test_add_func ("/sim/bulk/fault-failed", test_fault_failed);
  g_test_add_func ("/sim/bulk/fault-every-operation", test_fault_every_operation);
  g_test_add_func ("/sim/bulk/fault-cut-download", test_fault_cut_download);
  g_test_add_func ("/sim/bulk/fault-in-progress", test_fault_in_progress);
  g_test_add_func ("/sim/bulk/fault-rate-downloads", test_fault_rate_downloads);
  g_test_add_func ("/sim/bulk/orders-count", test_orders_count);
  g_test_add_func ("/sim/bulk/rate", test_rate);
  return g_test_run ();
}
