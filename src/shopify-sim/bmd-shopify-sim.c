#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-shopify-sim.h"
#include "bmd-sim-bulk-files.h"
#include "bmd-sim-data.h"
#include "bmd-sim-exec.h"

#include <libsoup/soup.h>
#include <string.h>

#define INVALID_TOKEN_BODY \
  "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}"
#define MISSING_SCOPE_BODY \
  "{\"errors\":\"This action requires merchant approval for read_orders scope.\"}"
#define GRANTED_SCOPES \
  "read_orders,read_all_orders,read_customers,write_orders"

/* Quarterly releases, each supported for a year; an older one is answered by
 * the oldest supported, as Shopify does. */
static const char *supported_versions[] = {
  "2025-10", "2026-01", "2026-04", "2026-07", "2026-10",
};

typedef struct
{
  double available;
  gint64 updated;  /* monotonic microseconds */
} Bucket;

struct _BmdShopifySim
{
  GObject parent_instance;

  BmdShopifySimOptions options;
  GDate                around;

  GMutex       lock;          /* everything below that the handlers touch */
  BmdSimStore *store;
  BmdSimDrafts *drafts;
  BmdSimBulk  *bulk;
  BmdSimBulkFiles files;      /* the second listener's view of the above */
  GRand       *fault_rand;
  GQueue       faults;        /* GINT_TO_POINTER (BmdSimFault) */
  double       slow_delay;
  GHashTable  *buckets;       /* token -> Bucket* */
  GHashTable  *granted;       /* token -> gint64* expiry, monotonic */
  GQueue       create_times;
  guint        request_count;
  guint        throttled_count;
  double       points_spent;
  guint64      token_serial;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        start_lock;
  GCond         start_cond;
  gboolean      start_done;
  GError       *start_error;
  guint         port;
  char         *url;
};

G_DEFINE_FINAL_TYPE (BmdShopifySim, bmd_shopify_sim, G_TYPE_OBJECT)

/* The order fields the project's orders query reads, for dup_order. */
static const char order_document[] =
  "query Dup($ids: [ID!]!) { nodes(ids: $ids) { ... on Order {"
  " id legacyResourceId name createdAt updatedAt processedAt cancelledAt"
  " cancelReason closed test displayFinancialStatus displayFulfillmentStatus"
  " totalPriceSet { shopMoney { amount currencyCode } }"
  " totalOutstandingSet { shopMoney { amount currencyCode } }"
  " note tags customer { id firstName lastName displayName email phone }"
  " lineItems(first: 10) { nodes { name quantity variantTitle } }"
  " draftType: metafield(namespace: \"custom\", key: \"draft_type\") { value }"
  " pickupDate: metafield(namespace: \"custom\", key: \"pickup_date\") { value }"
  " flavor: metafield(namespace: \"custom\", key: \"flavor\") { value }"
  " theme: metafield(namespace: \"custom\", key: \"theme\") { value }"
  " allergies: metafield(namespace: \"custom\", key: \"allergies\") { value }"
  " } } }";

void
bmd_shopify_sim_options_init (BmdShopifySimOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->requests = 40;
  options->seed = 1;
  options->around = NULL;
  options->bucket = 2000;
  options->restore_rate = 100;
  options->fault_rate = 0;
  options->create_rate = 5;
  options->token_lifetime = 86400;
  options->bulk_rate = 1000;
  options->bulk_concurrency = 5;
}

static gint64
wall_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
bmd_shopify_sim_finalize (GObject *object)
{
  BmdShopifySim *self = BMD_SHOPIFY_SIM (object);

  bmd_shopify_sim_stop (self);
  g_clear_pointer (&self->store, bmd_sim_store_free);
  g_clear_pointer (&self->drafts, bmd_sim_drafts_free);
  g_clear_pointer (&self->bulk, bmd_sim_bulk_free);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_queue_clear (&self->faults);
  g_queue_clear_full (&self->create_times, g_free);
  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_clear_pointer (&self->granted, g_hash_table_unref);
  g_clear_error (&self->start_error);
  g_clear_pointer (&self->url, g_free);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->start_lock);
  g_cond_clear (&self->start_cond);

  G_OBJECT_CLASS (bmd_shopify_sim_parent_class)->finalize (object);
}

static void
bmd_shopify_sim_class_init (BmdShopifySimClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bmd_shopify_sim_finalize;
}

static void
bmd_shopify_sim_init (BmdShopifySim *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->start_lock);
  g_cond_init (&self->start_cond);
  g_queue_init (&self->faults);
  g_queue_init (&self->create_times);
  self->drafts = bmd_sim_drafts_new ();
  self->slow_delay = 1.0;
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->granted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

BmdShopifySim *
bmd_shopify_sim_new (const BmdShopifySimOptions *options)
{
  BmdShopifySim *self = g_object_new (BMD_TYPE_SHOPIFY_SIM, NULL);
  guint32 words[3];

  if (options != NULL)
    self->options = *options;
  else
    bmd_shopify_sim_options_init (&self->options);
  g_date_clear (&self->around, 1);
  if (self->options.around != NULL && g_date_valid (self->options.around))
    self->around = *self->options.around;
  self->options.around = NULL;
  if (self->options.bucket <= 0)
    self->options.bucket = 2000;
  if (self->options.restore_rate <= 0)
    self->options.restore_rate = 100;
  if (self->options.token_lifetime <= 0)
    self->options.token_lifetime = 86400;

  /* Faults draw from their own stream, so the data do not depend on them. */
  words[0] = (guint32) self->options.seed;
  words[1] = (guint32) (self->options.seed >> 32);
  words[2] = 0x5eedfa17;
  self->fault_rand = g_rand_new_with_seed_array (words, 3);
  self->bulk = bmd_sim_bulk_new (self->options.seed, self->options.bulk_rate,
                                 self->options.bulk_concurrency, self->options.bulk_fault);
  self->files.lock = &self->lock;
  self->files.bulk = self->bulk;
  self->files.fault_rand = self->fault_rand;
  self->files.fault_rate = self->options.fault_rate;

  self->store = bmd_sim_store_new (self->options.seed,
                                   g_date_valid (&self->around) ? &self->around : NULL,
                                   wall_now ());
  bmd_sim_store_generate (self->store, self->options.requests, wall_now ());
  return self;
}

/* ---- responses ---- */

static void
set_json_response (SoupServerMessage *msg,
                   guint              status,
                   const char        *body,
                   gsize              len)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Type", "application/json; charset=utf-8");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_COPY, body, len);
}

static char *
to_json (JsonNode *root,
         gsize    *len)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, len);
}

static void
set_number (JsonBuilder *builder,
            double       value)
{
  if (value == (double) (gint64) value)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

static Bucket *
get_bucket (BmdShopifySim *self,
            const char    *token)
{
  Bucket *bucket = g_hash_table_lookup (self->buckets, token);
  gint64 now = g_get_monotonic_time ();

  if (bucket == NULL)
    {
      bucket = g_new0 (Bucket, 1);
      bucket->available = self->options.bucket;
      bucket->updated = now;
      g_hash_table_insert (self->buckets, g_strdup (token), bucket);
    }
  bucket->available = MIN (self->options.bucket,
                           bucket->available +
                           self->options.restore_rate * (now - bucket->updated) / G_USEC_PER_SEC);
  bucket->updated = now;
  return bucket;
}

/* extensions.cost; a negative cost is written as null. */
static void
add_cost (BmdShopifySim *self,
          JsonBuilder   *builder,
          Bucket        *bucket,
          double         requested,
          double         actual)
{
  json_builder_set_member_name (builder, "extensions");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cost");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requestedQueryCost");
  json_builder_add_int_value (builder, (gint64) requested);
  json_builder_set_member_name (builder, "actualQueryCost");
  if (actual < 0)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, (gint64) actual);
  json_builder_set_member_name (builder, "throttleStatus");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "maximumAvailable");
  set_number (builder, self->options.bucket);
  json_builder_set_member_name (builder, "currentlyAvailable");
  json_builder_add_int_value (builder, (gint64) bucket->available);
  json_builder_set_member_name (builder, "restoreRate");
  set_number (builder, self->options.restore_rate);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* A GraphQL answer: optional data, optional errors, and the cost. */
static char *
build_answer (BmdShopifySim *self,
              JsonNode      *data,
              JsonArray     *errors,
              Bucket        *bucket,
              double         requested,
              double         actual,
              gsize         *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  if (errors != NULL && json_array_get_length (errors) > 0)
    {
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, errors);
      json_builder_set_member_name (builder, "errors");
      json_builder_add_value (builder, node);
    }
  if (data != NULL)
    {
      json_builder_set_member_name (builder, "data");
      json_builder_add_value (builder, json_node_ref (data));
    }
  add_cost (self, builder, bucket, requested, actual);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return to_json (root, len);
}

static char *
build_throttled (BmdShopifySim *self,
                 Bucket        *bucket,
                 double         requested,
                 gsize         *len)
{
  g_autoptr(JsonArray) errors = json_array_new ();
  JsonObject *extensions;

  bmd_sim_add_error (errors, 0, 0, "THROTTLED", "Throttled");
  extensions = json_object_get_object_member (json_array_get_object_element (errors, 0), "extensions");
  json_object_set_string_member (extensions, "documentation", "https://shopify.dev/api/usage/rate-limits");
  return build_answer (self, NULL, errors, bucket, requested, -1, len);
}

/* ---- faults ---- */

static BmdSimFault
next_fault (BmdShopifySim *self)
{
  static const BmdSimFault random_faults[] = {
    BMD_SIM_FAULT_HTTP_429, BMD_SIM_FAULT_HTTP_500,
    BMD_SIM_FAULT_THROTTLED, BMD_SIM_FAULT_TRUNCATED,
  };

  if (!g_queue_is_empty (&self->faults))
    return GPOINTER_TO_INT (g_queue_pop_head (&self->faults));
  if (self->options.fault_rate > 0 &&
      g_rand_double (self->fault_rand) < self->options.fault_rate)
    return random_faults[g_rand_int_range (self->fault_rand, 0, G_N_ELEMENTS (random_faults))];
  return BMD_SIM_FAULT_NONE;
}

/* json-glib parses recursively: a body nested deep enough overflows the
 * stack. Real bodies nest a dozen levels. */
#define MAX_JSON_NESTING 256

static gboolean
json_nesting_ok (const char *text,
                 int         max)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '[' || *p == '{')
        {
          if (++depth > max)
            return FALSE;
        }
      else if (*p == ']' || *p == '}')
        depth--;
    }
  return TRUE;
}

/* Empties data.orders, if there is one. */
static gboolean
empty_orders (JsonNode *data)
{
  JsonObject *orders;
  JsonObject *page_info;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data)
      || !json_object_has_member (json_node_get_object (data), "orders")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (data), "orders")))
    return FALSE;
  orders = json_object_get_object_member (json_node_get_object (data), "orders");
  if (json_object_has_member (orders, "nodes"))
    json_object_set_array_member (orders, "nodes", json_array_new ());
  if (json_object_has_member (orders, "edges"))
    json_object_set_array_member (orders, "edges", json_array_new ());
  if (json_object_has_member (orders, "pageInfo"))
    {
      page_info = json_object_get_object_member (orders, "pageInfo");
      json_object_set_boolean_member (page_info, "hasNextPage", FALSE);
      json_object_set_null_member (page_info, "endCursor");
    }
  return TRUE;
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);

  if (io != NULL)
    g_io_stream_close (io, NULL, NULL);
}

/* Sends the headers and half of @body with a Content-Length that promises
 * all of it, then closes. */
static void
send_truncated (SoupServerMessage *msg,
                const char        *version,
                const char        *body,
                gsize              len)
{
  g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);
  g_autofree char *head = NULL;
  GOutputStream *out;

  if (io == NULL)
    return;
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                          "Content-Type: application/json; charset=utf-8\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                          "X-Shopify-API-Version: %s\r\n"
                          "\r\n", len, version);
  out = g_io_stream_get_output_stream (io);
  if (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL))
    g_output_stream_write_all (out, body, len / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (io, NULL, NULL);
}

/* ---- GraphQL ---- */

static const char *
resolve_version (const char *version)
{
  int year, month;

  if (g_str_equal (version, "unstable"))
    return "unstable";
  if (strlen (version) != 7 || version[4] != '-' ||
      !g_ascii_isdigit (version[0]) || !g_ascii_isdigit (version[1]) ||
      !g_ascii_isdigit (version[2]) || !g_ascii_isdigit (version[3]) ||
      !g_ascii_isdigit (version[5]) || !g_ascii_isdigit (version[6]))
    return NULL;
  year = atoi (version);
  month = atoi (version + 5);
  if (year < 2000 || (month != 1 && month != 4 && month != 7 && month != 10))
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (supported_versions); i++)
    if (g_str_equal (version, supported_versions[i]))
      return supported_versions[i];
  if (strcmp (version, supported_versions[0]) < 0)
    return supported_versions[0];
  return NULL;  /* not released yet */
}

static gboolean
token_ok (BmdShopifySim *self,
          const char    *token)
{
  gint64 *expiry;

  if (token == NULL || *token == '\0' || g_str_equal (token, "bad-token"))
    return FALSE;
  expiry = g_hash_table_lookup (self->granted, token);
  if (expiry != NULL && g_get_monotonic_time () >= *expiry)
    return FALSE;
  return TRUE;
}

typedef struct
{
  BmdShopifySim     *self;
  SoupServerMessage *msg;
  char              *version;
  BmdSimFault        fault;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->msg);
  g_free (pending->version);
  g_free (pending);
}

/* Runs one GraphQL request after any fault that ends it early. */
static void
answer_graphql (BmdShopifySim     *self,
                SoupServerMessage *msg,
                const char        *version,
                BmdSimFault        fault)
{
  SoupMessageHeaders *req_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *req_body = soup_server_message_get_request_body (msg);
  const char *token = soup_message_headers_get_one (req_headers, "X-Shopify-Access-Token");
  const char *content_type = soup_message_headers_get_content_type (req_headers, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(BmdSimQuery) query = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GBytes) bytes = soup_message_body_flatten (req_body);
  g_autofree char *text = NULL;
  g_autofree char *answer = NULL;
  const char *query_text = NULL, *operation = NULL;
  JsonNode *variables = NULL;
  Bucket *bucket;
  double requested, actual = 0;
  gsize len = 0;

  if (!token_ok (self, token))
    {
      set_json_response (msg, SOUP_STATUS_UNAUTHORIZED, INVALID_TOKEN_BODY, strlen (INVALID_TOKEN_BODY));
      return;
    }

  /* An empty body has no data: g_strndup () of it is NULL. */
  text = g_bytes_get_size (bytes) > 0
         ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)) : g_strdup ("");
  if (g_strcmp0 (content_type, "application/graphql") == 0)
    query_text = text;
  else if (json_nesting_ok (text, MAX_JSON_NESTING) &&
           json_parser_load_from_data (parser, text, -1, NULL) &&
           /* "" parses, to no root at all. */
           json_parser_get_root (parser) != NULL &&
           JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *body = json_node_get_object (json_parser_get_root (parser));
      JsonNode *q = json_object_get_member (body, "query");
      JsonNode *op = json_object_get_member (body, "operationName");

      if (q != NULL && JSON_NODE_HOLDS_VALUE (q) && json_node_get_value_type (q) == G_TYPE_STRING)
        query_text = json_node_get_string (q);
      if (op != NULL && JSON_NODE_HOLDS_VALUE (op) && json_node_get_value_type (op) == G_TYPE_STRING)
        operation = json_node_get_string (op);
      variables = json_object_get_member (body, "variables");
    }
  if (query_text == NULL)
    {
      static const char missing[] = "{\"errors\":{\"query\":\"Required parameter missing or invalid\"}}";

      set_json_response (msg, SOUP_STATUS_BAD_REQUEST, missing, strlen (missing));
      return;
    }
  if (variables != NULL && JSON_NODE_HOLDS_VALUE (variables) &&
      json_node_get_value_type (variables) == G_TYPE_STRING)
    {
      /* Some clients send the variables as a JSON string. */
      g_autoptr(JsonParser) vparser = json_parser_new ();

      if (json_parser_load_from_data (vparser, json_node_get_string (variables), -1, NULL))
        variables = json_node_copy (json_parser_get_root (vparser));
      else
        variables = NULL;
      g_object_set_data_full (G_OBJECT (parser), "variables", variables,
                              (GDestroyNotify) json_node_unref);
    }

  query = bmd_sim_query_prepare (query_text, operation, variables, errors);

  g_mutex_lock (&self->lock);
  bucket = get_bucket (self, token);
  if (query == NULL)
    answer = build_answer (self, NULL, errors, bucket, 0, 0, &len);
  else if ((requested = bmd_sim_query_get_requested_cost (query)) > BMD_SIM_MAX_QUERY_COST)
    {
      JsonObject *extensions;

      bmd_sim_add_error (errors, 0, 0, "MAX_COST_EXCEEDED",
                         "Query cost is %d, which exceeds the single query max cost limit (%d).\n\n"
                         "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
                         "cost of a query is calculated.\n\n"
                         "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n"
                         "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n",
                         (int) requested, BMD_SIM_MAX_QUERY_COST);
      extensions = json_object_get_object_member (json_array_get_object_element (errors, 0), "extensions");
      json_object_set_int_member (extensions, "cost", (gint64) requested);
      json_object_set_int_member (extensions, "maxCost", BMD_SIM_MAX_QUERY_COST);
      answer = build_answer (self, NULL, errors, bucket, requested, -1, &len);
    }
  else if (g_str_equal (token, BMD_SIM_NO_DRAFTS_TOKEN) && bmd_sim_query_has_root_field (query, "draftOrder"))
    {
      /* A token without write_draft_orders: Shopify names the field and the scope. */
      bmd_sim_add_error (errors, 0, 0, "ACCESS_DENIED",
                         "Access denied for draftOrder field. Required access: `write_draft_orders` access scope. "
                         "Also: The user must have a permission to create draft orders.");
      answer = build_answer (self, NULL, errors, bucket, requested, 0, &len);
    }
  else if (g_str_equal (token, BMD_SIM_NO_WRITE_ORDERS_TOKEN)
           && (bmd_sim_query_has_root_field (query, "metafieldsSet")
               || bmd_sim_query_has_root_field (query, "orderCreate")))
    {
      const char *field = bmd_sim_query_has_root_field (query, "metafieldsSet") ? "metafieldsSet" : "orderCreate";

      bmd_sim_add_error (errors, 0, 0, "ACCESS_DENIED",
                         "Access denied for %s field. Required access: `write_orders` access scope.", field);
      answer = build_answer (self, NULL, errors, bucket, requested, 0, &len);
    }
  else if (fault == BMD_SIM_FAULT_THROTTLED || requested > bucket->available)
    {
      self->throttled_count++;
      answer = build_throttled (self, bucket, requested, &len);
    }
  else
    {
      BmdSimExecEnv env = { 0 };

      env.now = wall_now ();
      env.mono_now = g_get_monotonic_time ();
      env.create_rate = self->options.create_rate;
      env.metafield_edits_keep_updated_at = self->options.metafield_edits_keep_updated_at;
      env.create_times = &self->create_times;
      env.drafts = self->drafts;
      env.bulk = self->bulk;
      bucket->available -= requested;
      data = bmd_sim_query_execute (query, self->store, &env, &actual);
      if (fault == BMD_SIM_FAULT_EMPTY_ORDERS && !empty_orders (data))
        g_queue_push_head (&self->faults, GINT_TO_POINTER (fault));
      actual = MIN (actual, requested);
      bucket->available = MIN (self->options.bucket, bucket->available + requested - actual);
      self->points_spent += actual;
      answer = build_answer (self, data, NULL, bucket, requested, actual, &len);
    }
  g_mutex_unlock (&self->lock);

  if (fault == BMD_SIM_FAULT_TRUNCATED)
    send_truncated (msg, version, answer, len);
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                        SOUP_MEMORY_TAKE, g_steal_pointer (&answer), len);
    }
}

static gboolean
slow_answer_cb (gpointer data)
{
  Pending *pending = data;

  answer_graphql (pending->self, pending->msg, pending->version, BMD_SIM_FAULT_NONE);
  soup_server_message_unpause (pending->msg);
  return G_SOURCE_REMOVE;
}

static void
handle_graphql (BmdShopifySim     *self,
                SoupServerMessage *msg,
                const char        *version)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  BmdSimFault fault;
  double delay;

  g_mutex_lock (&self->lock);
  self->request_count++;
  fault = next_fault (self);
  delay = self->slow_delay;
  if (fault == BMD_SIM_FAULT_HTTP_429)
    self->throttled_count++;
  g_mutex_unlock (&self->lock);

  soup_message_headers_replace (headers, "X-Shopify-API-Version", version);
  g_debug ("request with fault %d", fault);

  switch (fault)
    {
    case BMD_SIM_FAULT_HTTP_429:
      {
        static const char body[] =
          "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}";

        soup_message_headers_replace (headers, "Retry-After", "1.0");
        set_json_response (msg, 429, body, strlen (body));
        return;
      }
    case BMD_SIM_FAULT_HTTP_500:
      {
        static const char body[] = "{\"errors\":\"Internal Server Error\"}";

        set_json_response (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, body, strlen (body));
        return;
      }
    case BMD_SIM_FAULT_HTTP_502:
      {
        static const char body[] =
          "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

        soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
        soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, body, strlen (body));
        return;
      }
    case BMD_SIM_FAULT_HTTP_401:
      set_json_response (msg, SOUP_STATUS_UNAUTHORIZED, INVALID_TOKEN_BODY, strlen (INVALID_TOKEN_BODY));
      return;
    case BMD_SIM_FAULT_HTTP_403:
      set_json_response (msg, SOUP_STATUS_FORBIDDEN, MISSING_SCOPE_BODY, strlen (MISSING_SCOPE_BODY));
      return;
    case BMD_SIM_FAULT_BAD_JSON:
      {
        static const char body[] = "<!DOCTYPE html><html><body>Service temporarily unavailable{\"data\":";

        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                          SOUP_MEMORY_STATIC, body, strlen (body));
        return;
      }
    case BMD_SIM_FAULT_DROP:
      drop_connection (msg);
      return;
    case BMD_SIM_FAULT_DROP_AFTER:
      answer_graphql (self, msg, version, BMD_SIM_FAULT_NONE);
      drop_connection (msg);
      return;
    case BMD_SIM_FAULT_SLOW:
      {
        Pending *pending = g_new0 (Pending, 1);
        GSource *source = g_timeout_source_new ((guint) (MAX (delay, 0) * 1000));

        pending->self = self;
        pending->msg = g_object_ref (msg);
        pending->version = g_strdup (version);
        soup_server_message_pause (msg);
        g_source_set_callback (source, slow_answer_cb, pending, pending_free);
        g_source_attach (source, self->context);
        g_source_unref (source);
        return;
      }
    case BMD_SIM_FAULT_NONE:
    case BMD_SIM_FAULT_THROTTLED:
    case BMD_SIM_FAULT_TRUNCATED:
    default:
      answer_graphql (self, msg, version, fault);
      return;
    }
}

/* ---- OAuth client credentials ---- */

static void
oauth_error (SoupServerMessage *msg,
             guint              status,
             const char        *error,
             const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  gsize len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = to_json (root, &len);
  set_json_response (msg, status, body, len);
}

static void
handle_oauth (BmdShopifySim     *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *req_headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *content_type = soup_message_headers_get_content_type (req_headers, NULL);
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = NULL;
  g_autofree char *body = NULL;
  const char *grant, *client_id, *secret;
  gint64 *expiry;
  gsize len;

  if (g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      form = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (json_parser_load_from_data (parser, text, -1, NULL) &&
          JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          JsonObject *obj = json_node_get_object (json_parser_get_root (parser));
          const char *keys[] = { "grant_type", "client_id", "client_secret" };

          for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
            {
              JsonNode *v = json_object_get_member (obj, keys[i]);

              if (v != NULL && JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING)
                g_hash_table_insert (form, g_strdup (keys[i]), g_strdup (json_node_get_string (v)));
            }
        }
    }
  else
    form = soup_form_decode (text);

  grant = g_hash_table_lookup (form, "grant_type");
  client_id = g_hash_table_lookup (form, "client_id");
  secret = g_hash_table_lookup (form, "client_secret");
  if (g_strcmp0 (grant, "client_credentials") != 0)
    {
      oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                   "The authorization grant type is not supported by the authorization server.");
      return;
    }
  if (client_id == NULL || *client_id == '\0' || secret == NULL || *secret == '\0')
    {
      oauth_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                   "The request is missing a required parameter: client_id and client_secret.");
      return;
    }
  if (g_str_equal (secret, "bad-secret") || g_str_equal (client_id, "bad-client"))
    {
      oauth_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                   "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
      return;
    }

  g_mutex_lock (&self->lock);
  token = g_strdup_printf ("shpat_sim_%04" G_GINT64_MODIFIER "x%08x%08x",
                           ++self->token_serial, g_random_int (), g_random_int ());
  expiry = g_new (gint64, 1);
  *expiry = g_get_monotonic_time () + (gint64) (self->options.token_lifetime * G_USEC_PER_SEC);
  g_hash_table_insert (self->granted, g_strdup (token), expiry);
  g_mutex_unlock (&self->lock);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, GRANTED_SCOPES);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, (gint64) (self->options.token_lifetime + 0.999));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = to_json (root, &len);
  set_json_response (msg, SOUP_STATUS_OK, body, len);
}

/* POST /admin/sim/draft_orders/pay?id=GID: the customer pays the draft's
 * invoice; the draft becomes a PAID order. A test endpoint, not Shopify's. */
static void
handle_pay_draft (BmdShopifySim     *self,
                  SoupServerMessage *msg,
                  GHashTable        *query)
{
  const char *id = query != NULL ? g_hash_table_lookup (query, "id") : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *body = NULL;

  if (!g_str_equal (soup_server_message_get_method (msg), "POST") || id == NULL)
    {
      static const char bad[] = "{\"errors\":\"POST with ?id=DRAFT_GID\"}";

      set_json_response (msg, SOUP_STATUS_BAD_REQUEST, bad, strlen (bad));
      return;
    }
  order_id = bmd_shopify_sim_pay_draft (self, id, &error);
  if (order_id == NULL)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();
      gsize len;

      json_object_set_string_member (object, "errors", error->message);
      json_node_take_object (root, object);
      body = to_json (root, &len);
      set_json_response (msg, SOUP_STATUS_UNPROCESSABLE_ENTITY, body, len);
      return;
    }
  body = g_strdup_printf ("{\"order\":{\"id\":\"%s\"}}", order_id);
  set_json_response (msg, SOUP_STATUS_OK, body, strlen (body));
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  BmdShopifySim *self = user_data;
  static const char not_found[] = "{\"errors\":\"Not Found\"}";
  static const char prefix[] = "/admin/api/";
  const char *method = soup_server_message_get_method (msg);

  if (g_str_equal (path, "/admin/oauth/access_token"))
    {
      if (!g_str_equal (method, "POST"))
        set_json_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, not_found, strlen (not_found));
      else
        handle_oauth (self, msg);
      return;
    }
  if (g_str_equal (path, "/admin/sim/draft_orders/pay"))
    {
      handle_pay_draft (self, msg, query);
      return;
    }
  if (bmd_sim_bulk_files_handle_admin (&self->files, msg, path, query))
    return;
  if (g_str_has_prefix (path, prefix) && g_str_has_suffix (path, "/graphql.json"))
    {
      gsize vlen = strlen (path) - strlen (prefix) - strlen ("/graphql.json");
      g_autofree char *version = g_strndup (path + strlen (prefix), vlen);
      const char *answered = strchr (version, '/') == NULL ? resolve_version (version) : NULL;

      if (answered == NULL)
        {
          set_json_response (msg, SOUP_STATUS_NOT_FOUND, not_found, strlen (not_found));
          return;
        }
      if (!g_str_equal (method, "POST"))
        {
          static const char body[] = "{\"errors\":\"Method Not Allowed\"}";

          set_json_response (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, body, strlen (body));
          return;
        }
      handle_graphql (self, msg, answered);
      return;
    }
  set_json_response (msg, SOUP_STATUS_NOT_FOUND, not_found, strlen (not_found));
}

/* ---- the server thread ---- */

static gpointer
server_thread (gpointer data)
{
  BmdShopifySim *self = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(SoupServer) files_server = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_main_context_push_thread_default (self->context);
  server = soup_server_new ("server-header", "bakemyday-shopify-sim", NULL);
  soup_server_add_handler (server, "/", handle_request_cb, self, NULL);
  ok = soup_server_listen_local (server, self->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  if (ok)
    ok = (files_server = bmd_sim_bulk_files_listen (&self->files, &error)) != NULL;

  g_mutex_lock (&self->start_lock);
  if (ok)
    {
      GSList *uris = soup_server_get_uris (server);

      self->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : 0;
      self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }
  else
    self->start_error = g_steal_pointer (&error);
  self->start_done = TRUE;
  g_cond_signal (&self->start_cond);
  g_mutex_unlock (&self->start_lock);

  if (ok)
    g_main_loop_run (self->loop);

  soup_server_disconnect (server);
  g_clear_object (&server);
  if (files_server != NULL)
    soup_server_disconnect (files_server);
  g_clear_object (&files_server);
  /* Let closing connections finish and pending slow answers go. */
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

gboolean
bmd_shopify_sim_start (BmdShopifySim  *self,
                       guint           port,
                       GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), FALSE);
  g_return_val_if_fail (self->thread == NULL, FALSE);

  self->port = port;
  self->start_done = FALSE;
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  self->thread = g_thread_new ("shopify-sim", server_thread, self);

  g_mutex_lock (&self->start_lock);
  while (!self->start_done)
    g_cond_wait (&self->start_cond, &self->start_lock);
  ok = self->start_error == NULL;
  g_mutex_unlock (&self->start_lock);

  if (!ok)
    {
      g_thread_join (g_steal_pointer (&self->thread));
      g_clear_pointer (&self->loop, g_main_loop_unref);
      g_clear_pointer (&self->context, g_main_context_unref);
      g_propagate_error (error, g_steal_pointer (&self->start_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
bmd_shopify_sim_stop (BmdShopifySim *self)
{
  g_autoptr(GSource) quit = NULL;

  g_return_if_fail (BMD_IS_SHOPIFY_SIM (self));

  if (self->thread == NULL)
    return;
  /* Quit from inside the loop: quitting it before the server thread has
   * reached g_main_loop_run () (a stop right after the start) was lost,
   * and the join waited forever. */
  quit = g_idle_source_new ();
  g_source_set_callback (quit, quit_loop_cb, self->loop, NULL);
  g_source_attach (quit, self->context);
  g_thread_join (g_steal_pointer (&self->thread));
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

const char *
bmd_shopify_sim_get_url (BmdShopifySim *self)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), NULL);

  return self->url;
}

/* ---- test control ---- */

void
bmd_shopify_sim_queue_fault (BmdShopifySim *self,
                             BmdSimFault    fault,
                             guint          count)
{
  g_return_if_fail (BMD_IS_SHOPIFY_SIM (self));

  g_mutex_lock (&self->lock);
  for (guint i = 0; i < count; i++)
    g_queue_push_tail (&self->faults, GINT_TO_POINTER (fault));
  g_mutex_unlock (&self->lock);
}

void
bmd_shopify_sim_set_slow_delay (BmdShopifySim *self,
                                double         seconds)
{
  g_return_if_fail (BMD_IS_SHOPIFY_SIM (self));

  g_mutex_lock (&self->lock);
  self->slow_delay = MAX (seconds, 0);
  g_mutex_unlock (&self->lock);
}

guint
bmd_shopify_sim_get_order_count (BmdShopifySim *self)
{
  guint count;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), 0);

  g_mutex_lock (&self->lock);
  count = bmd_sim_store_get_count (self->store);
  g_mutex_unlock (&self->lock);
  return count;
}

GPtrArray *
bmd_shopify_sim_dup_order_ids (BmdShopifySim *self)
{
  GPtrArray *ids;
  GPtrArray *sorted;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), NULL);

  ids = g_ptr_array_new_with_free_func (g_free);
  g_mutex_lock (&self->lock);
  sorted = bmd_sim_store_get_sorted (self->store, BMD_SIM_SORT_ID);
  for (guint i = 0; i < sorted->len; i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                                      ((BmdSimOrder *) g_ptr_array_index (sorted, i))->node, "id")));
  g_mutex_unlock (&self->lock);
  return ids;
}

JsonObject *
bmd_shopify_sim_dup_order (BmdShopifySim *self,
                           const char    *gid)
{
  g_autoptr(JsonArray) errors = json_array_new ();
  g_autoptr(JsonNode) variables = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) vars = json_object_new ();
  g_autoptr(BmdSimQuery) query = NULL;
  g_autoptr(JsonNode) data = NULL;
  JsonArray *ids = json_array_new ();
  BmdSimExecEnv env = { 0 };
  JsonNode *first;
  double cost;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), NULL);
  g_return_val_if_fail (gid != NULL, NULL);

  json_array_add_string_element (ids, gid);
  json_object_set_array_member (vars, "ids", ids);
  json_node_set_object (variables, vars);
  query = bmd_sim_query_prepare (order_document, NULL, variables, errors);
  g_assert (query != NULL);

  g_mutex_lock (&self->lock);
  env.now = wall_now ();
  env.mono_now = g_get_monotonic_time ();
  env.create_times = &self->create_times;
  data = bmd_sim_query_execute (query, self->store, &env, &cost);
  g_mutex_unlock (&self->lock);

  first = json_array_get_element (json_object_get_array_member (json_node_get_object (data), "nodes"), 0);
  if (JSON_NODE_HOLDS_NULL (first))
    return NULL;
  return json_object_ref (json_node_get_object (first));
}

void
bmd_shopify_sim_set_shop (BmdShopifySim *self,
                          const char    *domain,
                          const char    *time_zone)
{
  JsonObject *shop;

  g_return_if_fail (BMD_IS_SHOPIFY_SIM (self));

  g_mutex_lock (&self->lock);
  shop = bmd_sim_store_get_shop (self->store);
  if (domain != NULL)
    {
      g_autofree char *id = g_strdup_printf ("gid://shopify/Shop/%u", g_str_hash (domain));

      json_object_set_string_member (shop, "myshopifyDomain", domain);
      json_object_set_string_member (shop, "id", id);
    }
  if (time_zone != NULL)
    json_object_set_string_member (shop, "ianaTimezone", time_zone);
  g_mutex_unlock (&self->lock);
}

gboolean
bmd_shopify_sim_delete_order (BmdShopifySim *self,
                              const char    *gid)
{
  BmdSimOrder *order;
  gboolean ok = FALSE;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), FALSE);

  g_mutex_lock (&self->lock);
  order = bmd_sim_store_lookup_gid (self->store, gid);
  if (order != NULL)
    ok = bmd_sim_store_delete (self->store, order->id);
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
bmd_shopify_sim_cancel_order (BmdShopifySim *self,
                              const char    *gid)
{
  BmdSimOrder *order;
  gboolean ok = FALSE;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), FALSE);

  g_mutex_lock (&self->lock);
  order = bmd_sim_store_lookup_gid (self->store, gid);
  if (order != NULL)
    ok = bmd_sim_store_cancel (self->store, order, wall_now ());
  g_mutex_unlock (&self->lock);
  return ok;
}

gboolean
bmd_shopify_sim_set_metafield (BmdShopifySim *self,
                               const char    *gid,
                               const char    *ns,
                               const char    *key,
                               const char    *value,
                               gboolean       touch_updated_at)
{
  BmdSimOrder *order;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), FALSE);
  g_return_val_if_fail (ns != NULL && key != NULL && value != NULL, FALSE);

  g_mutex_lock (&self->lock);
  order = bmd_sim_store_lookup_gid (self->store, gid);
  if (order != NULL)
    bmd_sim_store_set_metafield (self->store, order, ns, key, NULL, value,
                                 touch_updated_at, wall_now ());
  g_mutex_unlock (&self->lock);
  return order != NULL;
}

gboolean
bmd_shopify_sim_set_financial_status (BmdShopifySim *self,
                                      const char    *gid,
                                      const char    *status)
{
  BmdSimOrder *order;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  g_mutex_lock (&self->lock);
  order = bmd_sim_store_lookup_gid (self->store, gid);
  if (order != NULL)
    bmd_sim_store_set_financial_status (self->store, order, status, wall_now ());
  g_mutex_unlock (&self->lock);
  return order != NULL;
}

void
bmd_shopify_sim_add_requests (BmdShopifySim *self,
                              guint          count)
{
  g_return_if_fail (BMD_IS_SHOPIFY_SIM (self));

  g_mutex_lock (&self->lock);
  bmd_sim_store_add_requests (self->store, count, wall_now ());
  g_mutex_unlock (&self->lock);
}

gboolean
bmd_shopify_sim_load_jsonl (BmdShopifySim  *self,
                            const char     *path,
                            GError        **error)
{
  gboolean ok;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  g_mutex_lock (&self->lock);
  ok = bmd_sim_store_load_jsonl (self->store, path, wall_now (), error);
  g_mutex_unlock (&self->lock);
  return ok;
}

guint
bmd_shopify_sim_get_request_count (BmdShopifySim *self)
{
  guint count;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), 0);

  g_mutex_lock (&self->lock);
  count = self->request_count;
  g_mutex_unlock (&self->lock);
  return count;
}

guint
bmd_shopify_sim_get_throttled_count (BmdShopifySim *self)
{
  guint count;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), 0);

  g_mutex_lock (&self->lock);
  count = self->throttled_count;
  g_mutex_unlock (&self->lock);
  return count;
}

double
bmd_shopify_sim_get_points_spent (BmdShopifySim *self)
{
  double spent;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), 0);

  g_mutex_lock (&self->lock);
  spent = self->points_spent;
  g_mutex_unlock (&self->lock);
  return spent;
}

char *
bmd_shopify_sim_pay_draft (BmdShopifySim  *self,
                           const char     *draft_id,
                           GError        **error)
{
  g_autofree char *message = NULL;
  JsonObject *order;
  char *order_id = NULL;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), NULL);
  g_return_val_if_fail (draft_id != NULL, NULL);

  g_mutex_lock (&self->lock);
  order = bmd_sim_drafts_pay (self->drafts, self->store, draft_id, !self->options.drafts_drop_metafields,
                              wall_now (), &message);
  if (order != NULL)
    order_id = g_strdup (json_object_get_string_member (order, "id"));
  g_mutex_unlock (&self->lock);
  if (order_id == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
  return order_id;
}

guint
bmd_shopify_sim_get_invoices_sent (BmdShopifySim *self)
{
  guint n;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), 0);

  g_mutex_lock (&self->lock);
  n = bmd_sim_drafts_get_n_invoices_sent (self->drafts);
  g_mutex_unlock (&self->lock);
  return n;
}

guint
bmd_shopify_sim_get_draft_count (BmdShopifySim *self)
{
  guint n;

  g_return_val_if_fail (BMD_IS_SHOPIFY_SIM (self), 0);

  g_mutex_lock (&self->lock);
  n = bmd_sim_drafts_get_n_drafts (self->drafts);
  g_mutex_unlock (&self->lock);
  return n;
}

void
bmd_shopify_sim_set_bulk_fault (BmdShopifySim   *self,
                                BmdSimBulkFault  fault)
{
  g_return_if_fail (BMD_IS_SHOPIFY_SIM (self));

  g_mutex_lock (&self->lock);
  bmd_sim_bulk_set_next_fault (self->bulk, fault);
  g_mutex_unlock (&self->lock);
}

void
bmd_shopify_sim_get_bulk_counts (BmdShopifySim *self,
                                 guint         *created,
                                 guint         *downloads,
                                 guint         *cancelled)
{
  g_return_if_fail (BMD_IS_SHOPIFY_SIM (self));

  g_mutex_lock (&self->lock);
  bmd_sim_bulk_get_counts (self->bulk, created, downloads, cancelled);
  g_mutex_unlock (&self->lock);
}
