#include "config.h"

#include <string.h>

#include "bmd-shopify-client.h"
#include "bmd-test-sim.h"
#include "bmd-shopify-private.h"
#include "bmd-throttle.h"

/* The leaky-bucket model */

static void
test_throttle_model (void)
{
  g_autoptr(BmdThrottle) throttle = bmd_throttle_new ();

  /* Nothing observed yet: never wait. */
  g_assert_false (bmd_throttle_is_known (throttle));
  g_assert_cmpfloat (bmd_throttle_compute_wait (throttle, 991, 0), ==, 0);
  g_assert_cmpfloat (bmd_throttle_get_maximum (throttle), ==, 0);

  bmd_throttle_observe (throttle, 10.0, 2000, 100, 100);
  g_assert_true (bmd_throttle_is_known (throttle));
  g_assert_cmpfloat (bmd_throttle_get_maximum (throttle), ==, 2000);
  g_assert_cmpfloat (bmd_throttle_get_restore_rate (throttle), ==, 100);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_get_available (throttle, 10.0), 100, 1e-9);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_get_available (throttle, 15.0), 600, 1e-9);
  /* Restores up to the maximum, never past it. */
  g_assert_cmpfloat_with_epsilon (bmd_throttle_get_available (throttle, 1000.0), 2000, 1e-9);

  /* (C − available) / restoreRate */
  g_assert_cmpfloat_with_epsilon (bmd_throttle_compute_wait (throttle, 991, 10.0), 8.91, 1e-9);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_compute_wait (throttle, 991, 14.0), 4.91, 1e-9);
  g_assert_cmpfloat (bmd_throttle_compute_wait (throttle, 991, 18.91), ==, 0);
  g_assert_cmpfloat (bmd_throttle_compute_wait (throttle, 100, 10.0), ==, 0);
  g_assert_cmpfloat (bmd_throttle_compute_wait (throttle, 50, 10.0), ==, 0);

  /* Spending takes the points out at once. */
  bmd_throttle_spend (throttle, 600, 15.0);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_get_available (throttle, 15.0), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_compute_wait (throttle, 50, 15.0), 0.5, 1e-9);

  /* A bucket smaller than the query: wait for a full bucket, not forever. */
  bmd_throttle_observe (throttle, 0, 200, 0, 50);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_compute_wait (throttle, 991, 0), 4.0, 1e-9);

  /* Fractional figures (currentlyAvailable may be a float). */
  bmd_throttle_observe (throttle, 0, 1000, 999.5, 50);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_compute_wait (throttle, 1000, 0), 0.01, 1e-9);

  /* Nonsense is ignored rather than trusted. */
  bmd_throttle_observe (throttle, 0, 0, 0, 0);
  g_assert_cmpfloat (bmd_throttle_get_maximum (throttle), ==, 1000);
}

typedef struct
{
  double per_node;
  double bucket;
  guint  first;
} FirstCase;

static void
test_throttle_first (void)
{
  static const FirstCase cases[] = {
    { 23, 2000, 43 },   /* the conservative start: 2 + 43 × 23 = 991 ≤ 1000 */
    { 23, 0, 43 },      /* bucket not known yet */
    { 23, 1000, 43 },
    { 23, 200, 8 },     /* a small bucket: (200 − 2) / 23 */
    { 20, 5000, 49 },   /* never over 1000 points, whatever the bucket */
    { 1, 2000, 250 },   /* ids: at most 250 */
    { 3.9, 2000, 250 },
    { 2000, 2000, 1 },  /* at least one */
    { 0, 2000, 250 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint first = bmd_throttle_pick_first (cases[i].per_node, cases[i].bucket);

      g_test_message ("per node %g, bucket %g", cases[i].per_node, cases[i].bucket);
      g_assert_cmpuint (first, ==, cases[i].first);
      if (cases[i].per_node >= 1)
        g_assert_cmpfloat (bmd_throttle_estimate_cost (cases[i].per_node, first), <=,
                           MAX (BMD_THROTTLE_MAX_QUERY_COST, 2 + cases[i].per_node));
    }

  /* requestedQueryCost ≈ 2 + first × per_node, and back. */
  g_assert_cmpfloat_with_epsilon (bmd_throttle_cost_per_node (991, 43), 23, 1e-9);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_cost_per_node (252, 250), 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_cost_per_node (12, 50), 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_estimate_cost (23, 43), 991, 1e-9);
  /* After observing a cheaper page, pages grow. */
  g_assert_cmpuint (bmd_throttle_pick_first (bmd_throttle_cost_per_node (2 + 43 * 12.5, 43), 2000),
                    ==, 79);
}

static void
test_throttle_backoff (void)
{
  double previous_max = 0;

  for (guint attempt = 0; attempt < 12; attempt++)
    {
      double low = bmd_throttle_backoff (attempt, 0.5, 30, 0);
      double high = bmd_throttle_backoff (attempt, 0.5, 30, 0.999999);
      double mid = bmd_throttle_backoff (attempt, 0.5, 30, 0.5);

      g_assert_cmpfloat (low, >, 0);
      g_assert_cmpfloat (low, <=, mid);
      g_assert_cmpfloat (mid, <=, high);
      g_assert_cmpfloat (high, <=, 30);
      g_assert_cmpfloat_with_epsilon (low * 2, MIN (30, 0.5 * (1 << attempt)), 1e-9);
      g_assert_cmpfloat (high, >=, previous_max);
      previous_max = high;
    }
  g_assert_cmpfloat_with_epsilon (bmd_throttle_backoff (0, 0.5, 30, 0), 0.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (bmd_throttle_backoff (100, 0.5, 30, 0), 15, 1e-9);
}

/* Shop settings */

typedef struct
{
  const char *shop;
  const char *base;   /* NULL: refused */
  const char *host;
} ShopCase;

static void
test_shop_parse (void)
{
  static const ShopCase cases[] = {
    { "bakery", "https://bakery.myshopify.com", "bakery.myshopify.com" },
    { "  Bakery-2 ", "https://bakery-2.myshopify.com", "bakery-2.myshopify.com" },
    { "bakery.myshopify.com", "https://bakery.myshopify.com", "bakery.myshopify.com" },
    { "bakery.myshopify.com/", "https://bakery.myshopify.com", "bakery.myshopify.com" },
    { "https://bakery.myshopify.com", "https://bakery.myshopify.com", "bakery.myshopify.com" },
    { "https://bakery.myshopify.com/", "https://bakery.myshopify.com", "bakery.myshopify.com" },
    { "http://127.0.0.1:8080", "http://127.0.0.1:8080", "127.0.0.1:8080" },
    { "http://127.0.0.1:8080/", "http://127.0.0.1:8080", "127.0.0.1:8080" },
    { "http://127.1.2.3:9", "http://127.1.2.3:9", "127.1.2.3:9" },
    { "http://localhost:3000", "http://localhost:3000", "localhost:3000" },
    { "http://LOCALHOST", "http://localhost", "localhost" },
    { "http://[::1]:8080", "http://[::1]:8080", "[::1]:8080" },
    { "http://bakery.myshopify.com", NULL, NULL },
    { "http://10.0.0.1:8080", NULL, NULL },
    { "http://128.0.0.1", NULL, NULL },
    { "http://[::2]:80", NULL, NULL },
    { "http://localhost.example.com", NULL, NULL },
    { "http://127.0.0.1:8080/admin", NULL, NULL },
    { "http://user:pw@127.0.0.1:8080", NULL, NULL },
    { "ftp://127.0.0.1", NULL, NULL },
    { "bakery.example.com", NULL, NULL },
    { "127.0.0.1:8080", NULL, NULL },
    { "-bakery", NULL, NULL },
    { "bak ery", NULL, NULL },
    { "", NULL, NULL },
    { "   ", NULL, NULL },
    { "https://", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      g_autofree char *base = NULL;
      g_autofree char *trimmed = g_strstrip (g_strdup (cases[i].shop));

      g_test_message ("shop “%s”", cases[i].shop);
      base = _bmd_shopify_parse_shop (cases[i].shop, &host, &error);
      if (cases[i].base != NULL)
        {
          g_assert_no_error (error);
          g_assert_cmpstr (base, ==, cases[i].base);
          g_assert_cmpstr (host, ==, cases[i].host);
        }
      else
        {
          g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP);
          g_assert_null (base);
          g_assert_null (host);
          /* The message names the value. */
          if (*trimmed != '\0')
            g_assert_nonnull (strstr (error->message, trimmed));
        }
    }
}

static void
test_client_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(BmdShopifyClient) loopback = NULL;
  g_autoptr(BmdShopifyClient) refused = NULL;
  g_autoptr(BmdShopifyClient) bad_version = NULL;

  client = bmd_shopify_client_new ("bakery", "2026-10", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_shopify_client_get_endpoint (client), ==,
                   "https://bakery.myshopify.com/admin/api/2026-10/graphql.json");
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 0);
  g_assert_cmpuint (bmd_shopify_client_get_throttled_count (client), ==, 0);
  g_assert_cmpfloat (bmd_shopify_client_get_points_spent (client), ==, 0);
  g_assert_null (bmd_shopify_client_get_reported_api_version (client));

  loopback = bmd_shopify_client_new ("http://127.0.0.1:4567", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_shopify_client_get_endpoint (loopback), ==,
                   "http://127.0.0.1:4567/admin/api/2026-10/graphql.json");

  refused = bmd_shopify_client_new ("http://shop.example.com", "2026-10", &error);
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP);
  g_assert_nonnull (strstr (error->message, "http://shop.example.com"));
  g_assert_null (refused);
  g_clear_error (&error);

  bad_version = bmd_shopify_client_new ("bakery", "2026/10", &error);
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP);
  g_assert_null (bad_version);
}

/* Classifying answers */

typedef struct
{
  guint              status;
  const char        *retry_after;
  const char        *body;
  BmdShopifyVerdict  verdict;
  int                code;         /* error code when not OK */
  const char        *message_part; /* in the error message */
} AnswerCase;

#define COST_OK "\"extensions\":{\"cost\":{\"requestedQueryCost\":991,\"actualQueryCost\":412," \
  "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":1588.5,\"restoreRate\":100.0}}}"

static void
test_classify (void)
{
  static const AnswerCase cases[] = {
    { 200, NULL, "{\"data\":{\"shop\":{\"name\":\"x\"}}," COST_OK "}",
      BMD_SHOPIFY_VERDICT_OK, 0, NULL },
    { 200, NULL, "{\"data\":null,\"errors\":[{\"message\":\"Throttled\",\"extensions\":"
      "{\"code\":\"THROTTLED\"}}],\"extensions\":{\"cost\":{\"requestedQueryCost\":991,"
      "\"actualQueryCost\":null,\"throttleStatus\":{\"maximumAvailable\":2000,"
      "\"currentlyAvailable\":10,\"restoreRate\":100}}}}",
      BMD_SHOPIFY_VERDICT_THROTTLED, BMD_SHOPIFY_ERROR_THROTTLED, "THROTTLED" },
    { 429, "2", "{\"errors\":\"Exceeded 2 calls per second for api client.\"}",
      BMD_SHOPIFY_VERDICT_THROTTLED, BMD_SHOPIFY_ERROR_THROTTLED, "429" },
    { 500, NULL, "oops", BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_NETWORK, "500" },
    { 502, NULL, "<html>bad gateway</html>", BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_NETWORK, "502" },
    { 503, NULL, "", BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_NETWORK, "503" },
    { 401, NULL, "{\"errors\":\"[API] Invalid API key or access token\"}",
      BMD_SHOPIFY_VERDICT_REAUTH, BMD_SHOPIFY_ERROR_AUTH,
      "Shopify refused the access token (401): check the token for bakery.myshopify.com" },
    { 402, NULL, "{\"errors\":\"Unavailable Shop\"}",
      BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_PAYMENT, "frozen" },
    { 403, NULL, "{\"errors\":\"[API] This action requires merchant approval for read_orders scope.\"}",
      BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_FORBIDDEN, "read_orders" },
    { 403, NULL, "Forbidden",
      BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_FORBIDDEN, "read_orders, read_all_orders and read_customers" },
    { 423, NULL, "{\"errors\":\"Locked\"}",
      BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_LOCKED, "locked" },
    { 404, NULL, "Not Found", BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_BAD_RESPONSE, "404" },
    { 200, NULL, "<html>not json</html>",
      BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_BAD_RESPONSE, "JSON" },
    { 200, NULL, "{\"data\":{\"orders\":{\"nodes\":[{\"id\":\"gid://shopify/Order/1\"},",
      BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_BAD_RESPONSE, "JSON" },
    { 200, NULL, "", BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_BAD_RESPONSE, "JSON" },
    { 200, NULL, "[1,2]", BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_BAD_RESPONSE, "object" },
    { 200, NULL, "{\"errors\":[{\"message\":\"Query cost is 1502, which exceeds the single query "
      "max cost limit (1000).\",\"extensions\":{\"code\":\"MAX_COST_EXCEEDED\",\"cost\":1502,"
      "\"maxCost\":1000}}]}",
      BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_GRAPHQL, "exceeds the single query max cost" },
    { 200, NULL, "{\"errors\":[{\"message\":\"syntax error, unexpected invalid token (\\\"%\\\") at [1, 5]\","
      "\"locations\":[{\"line\":1,\"column\":5}]}]}",
      BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_GRAPHQL, "syntax error" },
    { 200, NULL, "{\"data\":null,\"errors\":[{\"message\":\"Access denied for orders field.\","
      "\"extensions\":{\"code\":\"ACCESS_DENIED\"}}]}",
      BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_FORBIDDEN, "Access denied" },
    { 200, NULL, "{\"data\":{\"shop\":{\"name\":\"x\"},\"orders\":null},\"errors\":[{\"message\":"
      "\"Access denied for orders field.\",\"extensions\":{\"code\":\"ACCESS_DENIED\"}}]}",
      BMD_SHOPIFY_VERDICT_OK, 0, NULL },
    { 200, NULL, "{\"extensions\":{}}", BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_BAD_RESPONSE, "no data" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BmdShopifyResponse response;

      g_test_message ("answer %u: HTTP %u %s", i, cases[i].status, cases[i].body);
      _bmd_shopify_response_init (&response);
      _bmd_shopify_response_classify (&response, "bakery.myshopify.com", cases[i].status,
                                      cases[i].retry_after, cases[i].body, strlen (cases[i].body));
      g_assert_cmpint (response.verdict, ==, cases[i].verdict);
      if (cases[i].verdict == BMD_SHOPIFY_VERDICT_OK)
        {
          g_assert_no_error (response.error);
          g_assert_nonnull (response.data);
          g_assert_true (json_object_has_member (response.data, "shop"));
        }
      else
        {
          g_assert_error (response.error, BMD_SHOPIFY_ERROR, cases[i].code);
          g_assert_null (response.data);
          if (strstr (response.error->message, cases[i].message_part) == NULL)
            g_error ("“%s” not in “%s”", cases[i].message_part, response.error->message);
        }
      _bmd_shopify_response_clear (&response);
    }
}

static void
test_classify_cost (void)
{
  static const char body[] = "{\"data\":{\"shop\":null}," COST_OK "}";
  static const char throttled[] =
    "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
    "\"extensions\":{\"cost\":{\"requestedQueryCost\":300,\"actualQueryCost\":null,"
    "\"throttleStatus\":{\"maximumAvailable\":1000,\"currentlyAvailable\":45,\"restoreRate\":50}}}}";
  BmdShopifyResponse response;

  _bmd_shopify_response_init (&response);
  _bmd_shopify_response_classify (&response, "shop", 200, NULL, body, strlen (body));
  g_assert_cmpint (response.verdict, ==, BMD_SHOPIFY_VERDICT_OK);
  g_assert_true (response.has_cost);
  g_assert_cmpfloat (response.requested_cost, ==, 991);
  g_assert_cmpfloat (response.actual_cost, ==, 412);
  g_assert_true (response.has_throttle_status);
  g_assert_cmpfloat (response.maximum_available, ==, 2000);
  g_assert_cmpfloat (response.currently_available, ==, 1588.5);
  g_assert_cmpfloat (response.restore_rate, ==, 100);
  g_assert_cmpfloat (response.retry_after, <, 0);

  _bmd_shopify_response_classify (&response, "shop", 200, NULL, throttled, strlen (throttled));
  g_assert_cmpint (response.verdict, ==, BMD_SHOPIFY_VERDICT_THROTTLED);
  g_assert_cmpstr (response.error_code, ==, "THROTTLED");
  g_assert_true (response.has_throttle_status);
  g_assert_cmpfloat (response.currently_available, ==, 45);
  g_assert_cmpfloat (response.actual_cost, ==, 0);

  _bmd_shopify_response_classify (&response, "shop", 429, " 3 ", "", 0);
  g_assert_cmpint (response.verdict, ==, BMD_SHOPIFY_VERDICT_THROTTLED);
  g_assert_cmpfloat (response.retry_after, ==, 3);
  g_assert_false (response.has_cost);
  _bmd_shopify_response_clear (&response);
}

static void
test_retry_after (void)
{
  /* Sun, 06 Nov 1994 08:49:37 GMT */
  const gint64 then = 784111777;

  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("2", 0), ==, 2);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("1.5", 0), ==, 1.5);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("0", 0), ==, 0);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after (NULL, 0), <, 0);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("", 0), <, 0);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("-4", 0), <, 0);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("soon", 0), <, 0);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("Sun, 06 Nov 1994 08:49:37 GMT", then - 7), ==, 7);
  g_assert_cmpfloat (_bmd_shopify_parse_retry_after ("Sun, 06 Nov 1994 08:49:37 GMT", then + 60), ==, 0);
}

static void
test_scopes_and_limits (void)
{
  static const char body[] =
    "{\"errors\":\"[API] This action requires merchant approval for read_orders, read_all_orders "
    "and read_orders scopes.\"}";
  g_autofree char *scopes = _bmd_shopify_find_scopes (body, strlen (body));
  g_autofree char *none = _bmd_shopify_find_scopes ("Forbidden", 9);

  g_assert_cmpstr (scopes, ==, "read_orders, read_all_orders");
  g_assert_null (none);

  g_assert_true (_bmd_shopify_is_rate_limit_message ("Too many attempts. Please try again later."));
  g_assert_true (_bmd_shopify_is_rate_limit_message ("Request was throttled"));
  g_assert_false (_bmd_shopify_is_rate_limit_message ("Line items must have a price"));
  g_assert_false (_bmd_shopify_is_rate_limit_message (NULL));
}

/* Talking to sockets that misbehave, without the simulator */

static GSocket *
listen_silently (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* The kernel completes the handshake; nobody ever answers. */
  return g_steal_pointer (&socket);
}

typedef struct
{
  GCancellable *cancellable;
  gint64        delay_us;
  gint64        cancelled_at;
} CancelLater;

static gpointer
cancel_later_thread (gpointer data)
{
  CancelLater *later = data;

  g_usleep (later->delay_us);
  later->cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (later->cancellable);
  return NULL;
}

static GThread *
cancel_later (CancelLater  *later,
              GCancellable *cancellable,
              double        seconds)
{
  later->cancellable = cancellable;
  later->delay_us = (gint64) (seconds * G_USEC_PER_SEC);
  later->cancelled_at = 0;
  return g_thread_new ("cancel", cancel_later_thread, later);
}

static void
test_cancel_during_transfer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = NULL;
  g_autoptr(JsonObject) data = NULL;
  CancelLater later;
  GThread *thread;
  gint64 returned_at;
  guint16 port;

  socket = listen_silently (&port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_never_shown");

  thread = cancel_later (&later, cancellable, 0.3);
  data = bmd_shopify_client_query (client, "shop", NULL, cancellable, &error);
  returned_at = g_get_monotonic_time ();
  g_thread_join (thread);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data);
  g_assert_cmpint (later.cancelled_at, >, 0);
  g_assert_cmpint (returned_at - later.cancelled_at, <, G_USEC_PER_SEC);
}

static void
test_timeout_gives_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *url = NULL;
  gint64 start;
  double elapsed;
  guint16 port;

  socket = listen_silently (&port);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_never_shown");
  bmd_shopify_client_set_request_timeout (client, 1);
  bmd_shopify_client_set_retry_limit (client, 2);

  start = g_get_monotonic_time ();
  data = bmd_shopify_client_query (client, "shop", NULL, NULL, &error);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK);
  g_assert_null (data);
  g_assert_nonnull (strstr (error->message, "timing out"));
  g_assert_null (strstr (error->message, "shpat_never_shown"));
  /* Retried, and stopped near the limit. */
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), >=, 2);
  g_assert_cmpfloat (elapsed, <, 5);
}

static void
test_connection_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autofree char *url = NULL;
  guint16 port;

  /* A port that was free a moment ago: nothing listens there. */
  socket = listen_silently (&port);
  g_socket_close (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", port);

  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_never_shown");
  bmd_shopify_client_set_retry_limit (client, 1);

  data = bmd_shopify_client_query (client, "shop", NULL, NULL, &error);
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_null (strstr (error->message, "shpat_never_shown"));
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), >=, 2);
}

/* A server that answers each connection with the next canned answer, for
 * cases the simulator does not produce. */

typedef struct
{
  GSocket   *socket;
  GPtrArray *answers;   /* char*: whole HTTP answers */
  GPtrArray *requests;  /* char*: what the client sent */
  GThread   *thread;
  GMutex     lock;
  guint16    port;
  gboolean   stopping;
} Canned;

static gboolean
read_request (GSocket  *client,
              GString  *request)
{
  char buffer[4096];
  const char *end;
  gsize wanted = 0;

  while (TRUE)
    {
      gssize n = g_socket_receive (client, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (request, buffer, n);
      end = strstr (request->str, "\r\n\r\n");
      if (end != NULL)
        {
          const char *length = strstr (request->str, "Content-Length: ");

          if (wanted == 0 && length != NULL && length < end)
            wanted = (end - request->str) + 4 + g_ascii_strtoull (length + 16, NULL, 10);
          if (request->len >= wanted)
            return TRUE;
        }
    }
}

static gpointer
canned_thread (gpointer data)
{
  Canned *canned = data;

  for (guint i = 0; i < canned->answers->len; i++)
    {
      g_autoptr(GSocket) client = g_socket_accept (canned->socket, NULL, NULL);
      g_autoptr(GString) request = g_string_new (NULL);
      const char *answer = g_ptr_array_index (canned->answers, i);

      if (client == NULL || g_atomic_int_get (&canned->stopping))
        break;
      if (!read_request (client, request))
        continue;
      g_mutex_lock (&canned->lock);
      g_ptr_array_add (canned->requests, g_strdup (request->str));
      g_mutex_unlock (&canned->lock);
      g_socket_send_with_blocking (client, answer, strlen (answer), TRUE, NULL, NULL);
      g_socket_shutdown (client, FALSE, TRUE, NULL);
      g_socket_close (client, NULL);
    }
  return NULL;
}

static char *
canned_answer (guint       status,
               const char *extra_headers,
               const char *body)
{
  return g_strdup_printf ("HTTP/1.1 %u X\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n%s\r\n%s",
                          status, strlen (body), extra_headers ? extra_headers : "", body);
}

static char *
canned_start (Canned *canned,
              ...)
{
  guint16 port;
  va_list args;
  char *answer;

  g_mutex_init (&canned->lock);
  canned->answers = g_ptr_array_new_with_free_func (g_free);
  canned->requests = g_ptr_array_new_with_free_func (g_free);
  va_start (args, canned);
  while ((answer = va_arg (args, char *)) != NULL)
    g_ptr_array_add (canned->answers, answer);
  va_end (args);

  canned->stopping = FALSE;
  canned->socket = listen_silently (&port);
  canned->port = port;
  canned->thread = g_thread_new ("canned", canned_thread, canned);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

static void
canned_stop (Canned *canned)
{
  if (canned->thread != NULL)
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, canned->port);
      g_autoptr(GSocket) wake = NULL;

      /* Unblocks an accept() waiting for answers the client never asked for. */
      g_atomic_int_set (&canned->stopping, TRUE);
      wake = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      g_assert_nonnull (wake);
      g_socket_connect (wake, address, NULL, NULL);
      g_clear_pointer (&canned->thread, g_thread_join);
    }
  g_clear_object (&canned->socket);
  g_clear_pointer (&canned->answers, g_ptr_array_unref);
  g_clear_pointer (&canned->requests, g_ptr_array_unref);
  g_mutex_clear (&canned->lock);
}

#define SHOP_DATA "{\"data\":{\"shop\":{\"name\":\"Bakery\",\"ianaTimezone\":\"America/Chicago\"," \
  "\"currencyCode\":\"USD\"}},\"extensions\":{\"cost\":{\"requestedQueryCost\":1,\"actualQueryCost\":1," \
  "\"throttleStatus\":{\"maximumAvailable\":1000.0,\"currentlyAvailable\":999,\"restoreRate\":50.0}}}}"

static void
test_canned_request_shape (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autofree char *url = NULL;
  g_autofree char *tz = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *name = NULL;
  const char *request;
  const char *body;
  Canned canned;

  url = canned_start (&canned,
                      canned_answer (200, "X-Shopify-API-Version: 2025-10\r\n", SHOP_DATA),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");

  g_assert_true (bmd_shopify_client_fetch_shop (client, &tz, &currency, &name, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&canned.thread, g_thread_join);

  g_assert_cmpstr (tz, ==, "America/Chicago");
  g_assert_cmpstr (currency, ==, "USD");
  g_assert_cmpstr (name, ==, "Bakery");
  /* The version Shopify answered with, which differs from the one asked for. */
  g_assert_cmpstr (bmd_shopify_client_get_reported_api_version (client), ==, "2025-10");
  g_assert_cmpfloat (bmd_shopify_client_get_points_spent (client), ==, 1);

  g_assert_cmpuint (canned.requests->len, ==, 1);
  request = g_ptr_array_index (canned.requests, 0);
  g_assert_true (g_str_has_prefix (request, "POST /admin/api/2026-10/graphql.json HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (request, "\r\nX-Shopify-Access-Token: shpat_abc\r\n"));
  g_assert_nonnull (strstr (request, "\r\nContent-Type: application/json\r\n"));
  body = strstr (request, "\r\n\r\n") + 4;
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *root;

    g_assert_true (json_parser_load_from_data (parser, body, -1, NULL));
    root = json_node_get_object (json_parser_get_root (parser));
    g_assert_nonnull (strstr (json_object_get_string_member (root, "query"), "ianaTimezone"));
    g_assert_true (json_object_has_member (root, "variables"));
  }

  canned_stop (&canned);
}

static JsonObject *
request_variables (Canned *canned,
                   guint   index)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *request = g_ptr_array_index (canned->requests, index);
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (parser, strstr (request, "\r\n\r\n") + 4, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  return json_object_ref (json_object_get_object_member (root, "variables"));
}

#define THROTTLED_BODY "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}]," \
  "\"extensions\":{\"cost\":{\"requestedQueryCost\":10,\"actualQueryCost\":null," \
  "\"throttleStatus\":{\"maximumAvailable\":1000.0,\"currentlyAvailable\":0,\"restoreRate\":20.0}}}}"

static void
test_canned_throttled (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autofree char *url = NULL;
  Canned canned;
  gint64 start;
  double elapsed;

  url = canned_start (&canned,
                      canned_answer (429, "Retry-After: 1\r\n", "{\"errors\":\"Too many requests\"}"),
                      canned_answer (200, NULL, THROTTLED_BODY),
                      canned_answer (200, NULL, SHOP_DATA),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");

  start = g_get_monotonic_time ();
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_clear_pointer (&canned.thread, g_thread_join);

  /* Retry-After: 1, then (10 − 0) / 20 = 0.5 s from the bucket's figures. */
  g_assert_cmpuint (bmd_shopify_client_get_throttled_count (client), ==, 2);
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 3);
  g_assert_cmpfloat (elapsed, >=, 1.5);
  g_assert_cmpfloat (elapsed, <, 5);
  canned_stop (&canned);
}

#define PAGE(next, cursor, requested) \
  "{\"data\":{\"orders\":{\"pageInfo\":{\"hasNextPage\":" next ",\"endCursor\":\"" cursor "\"}," \
  "\"nodes\":[{\"id\":\"gid://shopify/Order/" cursor "\"}]}},\"extensions\":{\"cost\":{" \
  "\"requestedQueryCost\":" requested ",\"actualQueryCost\":5,\"throttleStatus\":" \
  "{\"maximumAvailable\":2000,\"currentlyAvailable\":1990,\"restoreRate\":100}}}}"

static gboolean
count_pages_cb (JsonArray  *nodes,
                gpointer    user_data,
                GError    **error)
{
  guint *pages = user_data;

  g_assert_cmpuint (json_array_get_length (nodes), ==, 1);
  (*pages)++;
  return TRUE;
}

static void
test_canned_page_sizing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(JsonObject) first_vars = NULL;
  g_autoptr(JsonObject) second_vars = NULL;
  g_autoptr(JsonObject) third_vars = NULL;
  g_autoptr(JsonObject) fourth_vars = NULL;
  g_autofree char *url = NULL;
  Canned canned;
  guint pages = 0;

  url = canned_start (&canned,
                      /* 43 orders at 11 points each: pages grow to 90. */
                      canned_answer (200, NULL, PAGE ("true", "1", "475")),
                      /* Refused as too costly: pages shrink. */
                      canned_answer (200, NULL, "{\"errors\":[{\"message\":\"Query cost is 1200, which "
                                     "exceeds the single query max cost limit (1000).\",\"extensions\":"
                                     "{\"code\":\"MAX_COST_EXCEEDED\"}}]}"),
                      canned_answer (200, NULL, PAGE ("true", "2", "500")),
                      canned_answer (200, NULL, PAGE ("false", "3", "500")),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");
  bmd_shopify_client_set_metafield_keys (client, "bakery", "kind", NULL, NULL, NULL, NULL);

  g_assert_true (bmd_shopify_client_fetch_orders (client, "updated_at:>='2026-01-01T00:00:00Z'",
                                                  count_pages_cb, &pages, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&canned.thread, g_thread_join);
  g_assert_cmpuint (pages, ==, 3);

  first_vars = request_variables (&canned, 0);
  second_vars = request_variables (&canned, 1);
  third_vars = request_variables (&canned, 2);
  fourth_vars = request_variables (&canned, 3);
  g_assert_cmpint (json_object_get_int_member (first_vars, "first"), ==, 43);
  g_assert_true (json_object_get_null_member (first_vars, "after"));
  g_assert_cmpstr (json_object_get_string_member (first_vars, "query"), ==,
                   "updated_at:>='2026-01-01T00:00:00Z'");
  g_assert_cmpstr (json_object_get_string_member (first_vars, "ns"), ==, "bakery");
  g_assert_cmpstr (json_object_get_string_member (first_vars, "draftTypeKey"), ==, "kind");
  g_assert_cmpstr (json_object_get_string_member (first_vars, "pickupKey"), ==, "pickup_date");
  g_assert_cmpstr (json_object_get_string_member (first_vars, "allergiesKey"), ==, "allergies");

  g_assert_cmpint (json_object_get_int_member (second_vars, "first"), ==, 90);
  g_assert_cmpstr (json_object_get_string_member (second_vars, "after"), ==, "1");
  /* Halved after MAX_COST_EXCEEDED, same cursor. */
  g_assert_cmpint (json_object_get_int_member (third_vars, "first"), ==, 45);
  g_assert_cmpstr (json_object_get_string_member (third_vars, "after"), ==, "1");
  /* 500 = 2 + 45 × 11.07: about 90 again. */
  g_assert_cmpint (json_object_get_int_member (fourth_vars, "first"), ==, 90);
  g_assert_cmpstr (json_object_get_string_member (fourth_vars, "after"), ==, "2");
  canned_stop (&canned);
}

#define EMPTY_PAGE(cursor) \
  "{\"data\":{\"orders\":{\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"" cursor "\"}," \
  "\"nodes\":[]}},\"extensions\":{\"cost\":{\"requestedQueryCost\":5,\"actualQueryCost\":2," \
  "\"throttleStatus\":{\"maximumAvailable\":2000,\"currentlyAvailable\":1990,\"restoreRate\":100}}}}"

static gboolean
count_nodes_cb (JsonArray  *nodes,
                gpointer    user_data,
                GError    **error)
{
  guint *count = user_data;

  *count += json_array_get_length (nodes);
  return TRUE;
}

/* A page of @nodes orders; the bucket then holds @available points of 2,000
 * and restores 10 a second (slow: the figures do not move while the test
 * runs). 23 points an order, as the simulator and Shopify request them. */
static char *
changed_page (guint        nodes,
              gboolean     has_next,
              const char  *cursor,
              guint        first,
              double       available)
{
  g_autoptr(GString) body = g_string_new ("{\"data\":{\"orders\":{\"pageInfo\":{");

  g_string_append_printf (body, "\"hasNextPage\":%s,\"endCursor\":\"%s\"},\"nodes\":[",
                          has_next ? "true" : "false", cursor);
  for (guint i = 0; i < nodes; i++)
    g_string_append_printf (body, "%s{\"id\":\"gid://shopify/Order/%s%u\"}", i > 0 ? "," : "", cursor, i);
  g_string_append_printf (body, "]}},\"extensions\":{\"cost\":{\"requestedQueryCost\":%u,"
                          "\"actualQueryCost\":%u,\"throttleStatus\":{\"maximumAvailable\":2000,"
                          "\"currentlyAvailable\":%g,\"restoreRate\":10}}}}",
                          2 + 23 * first, 2 + 9 * nodes, available);
  return canned_answer (200, NULL, body->str);
}

/* A read of changed orders: a first page of 10 (nothing known of the bucket
 * yet), four times as many after a full page, no growth after a page that
 * is not full; a later read's first page asks for no more than the bucket
 * holds ((100 − 2) / 23 = 4 orders), and an almost empty bucket for one
 * order, which it waits for. */
static void
test_canned_changed_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autofree char *url = NULL;
  Canned canned;
  guint nodes = 0;
  static const gint64 expected[] = { 10, 40, 40, 4, 1 };

  url = canned_start (&canned,
                      changed_page (10, TRUE, "a", 10, 1990),
                      changed_page (39, TRUE, "b", 40, 1990),
                      changed_page (40, FALSE, "c", 40, 100),
                      changed_page (0, FALSE, "d", 4, 24),
                      changed_page (0, FALSE, "e", 1, 1990),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");

  g_assert_true (bmd_shopify_client_fetch_changed_orders (client, "updated_at:>='2026-01-01T00:00:00Z'",
                                                          count_nodes_cb, &nodes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (nodes, ==, 89);
  g_assert_cmpfloat (bmd_shopify_client_get_bucket_wait (client), ==, 0);
  g_assert_true (bmd_shopify_client_fetch_changed_orders (client, NULL, count_nodes_cb, &nodes, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (bmd_shopify_client_get_bucket_wait (client), ==, 0);
  g_assert_true (bmd_shopify_client_fetch_changed_orders (client, NULL, count_nodes_cb, &nodes, NULL, &error));
  g_assert_no_error (error);
  /* 25 points for one order, 24 in the bucket: a tenth of a second. */
  g_assert_cmpfloat (bmd_shopify_client_get_bucket_wait (client), >, 0);
  g_assert_cmpfloat (bmd_shopify_client_get_bucket_wait (client), <, 0.2);
  g_clear_pointer (&canned.thread, g_thread_join);

  g_assert_cmpuint (canned.requests->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(JsonObject) variables = request_variables (&canned, i);

      g_assert_cmpint (json_object_get_int_member (variables, "first"), ==, expected[i]);
    }
  canned_stop (&canned);
}

/* A cursor that does not move (or comes back) would walk for ever, holding
 * the refresh lock: the walk fails at the first repeat, for the orders and
 * for the id listing alike. The server has one answer more than the client
 * may use, so a client that does not stop leaves it unused. */
static void
test_canned_stuck_cursor (void)
{
  static const char *const walks[] = { "orders", "order-ids", "cycle" };

  for (guint w = 0; w < G_N_ELEMENTS (walks); w++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdShopifyClient) client = NULL;
      g_autofree char *url = NULL;
      gboolean cycle = g_str_equal (walks[w], "cycle");
      Canned canned;
      guint count = 0;
      gboolean ok;

      if (cycle)
        url = canned_start (&canned,
                            canned_answer (200, NULL, EMPTY_PAGE ("A")),
                            canned_answer (200, NULL, EMPTY_PAGE ("B")),
                            canned_answer (200, NULL, EMPTY_PAGE ("A")),
                            canned_answer (200, NULL, EMPTY_PAGE ("B")),
                            NULL);
      else
        url = canned_start (&canned,
                            canned_answer (200, NULL, EMPTY_PAGE ("same")),
                            canned_answer (200, NULL, EMPTY_PAGE ("same")),
                            canned_answer (200, NULL, EMPTY_PAGE ("same")),
                            NULL);
      client = bmd_shopify_client_new (url, "2026-10", &error);
      g_assert_no_error (error);
      bmd_shopify_client_set_access_token (client, "shpat_abc");

      if (g_str_equal (walks[w], "order-ids"))
        ok = bmd_shopify_client_fetch_order_ids (client, NULL, count_nodes_cb, &count, NULL, &error);
      else
        ok = bmd_shopify_client_fetch_orders (client, NULL, count_nodes_cb, &count, NULL, &error);
      g_assert_false (ok);
      g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE);
      g_assert_nonnull (strstr (error->message, "cursor did not move"));
      g_assert_cmpuint (count, ==, 0);
      g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, cycle ? 3 : 2);
      canned_stop (&canned);
    }
}

#define CREATE_ERRORS(errors) \
  "{\"data\":{\"orderCreate\":{\"order\":null,\"userErrors\":" errors "}}}"

static void
test_canned_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) vars = NULL;
  g_autofree char *url = NULL;
  g_autofree char *id = NULL;
  g_autofree char *refused = NULL;
  Canned canned;
  gint64 start;
  double elapsed;

  url = canned_start (&canned,
                      canned_answer (200, NULL, CREATE_ERRORS ("[{\"field\":null,\"message\":"
                                                              "\"Too many attempts. Please try again later.\"}]")),
                      canned_answer (200, NULL, "{\"data\":{\"orderCreate\":{\"order\":{\"id\":"
                                     "\"gid://shopify/Order/77\",\"name\":\"#1077\"},\"userErrors\":[]}}}"),
                      canned_answer (200, NULL, CREATE_ERRORS ("[{\"field\":[\"order\",\"lineItems\",0],"
                                                              "\"message\":\"Price must be positive\"}]")),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");
  bmd_shopify_client_set_create_retry_interval (client, 0.4);
  json_object_set_string_member (input, "email", "a@example.com");

  start = g_get_monotonic_time ();
  id = bmd_shopify_client_create_order (client, input, NULL, &error);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, "gid://shopify/Order/77");
  g_assert_cmpfloat (elapsed, >=, 0.4);

  /* Paced from now on, and a real refusal names the field. */
  start = g_get_monotonic_time ();
  refused = bmd_shopify_client_create_order (client, input, NULL, &error);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER);
  g_assert_null (refused);
  g_assert_nonnull (strstr (error->message, "order.lineItems.0: Price must be positive"));
  g_assert_cmpfloat (elapsed, >=, 0.3);

  g_clear_pointer (&canned.thread, g_thread_join);
  vars = request_variables (&canned, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (vars, "order"),
                                                  "email"), ==, "a@example.com");
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (vars, "options"),
                                                  "sendReceipt"));
  canned_stop (&canned);
}

static void
test_canned_grant (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autofree char *url = NULL;
  const char *grant;
  const char *query;
  Canned canned;

  url = canned_start (&canned,
                      canned_answer (200, NULL, "{\"access_token\":\"granted-1\",\"scope\":\"read_orders\","
                                     "\"expires_in\":86399}"),
                      canned_answer (200, NULL, SHOP_DATA),
                      canned_answer (400, NULL, "{\"error\":\"invalid_client\",\"error_description\":"
                                     "\"Client authentication failed\"}"),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_client_credentials (client, "my id", "se&cret=");

  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_client_get_grant_count (client), ==, 1);

  /* Credentials refused: AUTH at once, and the secret is not in the message. */
  bmd_shopify_client_set_client_credentials (client, "my id", "se&cret=");
  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Client authentication failed"));
  g_assert_null (strstr (error->message, "se&cret"));

  g_clear_pointer (&canned.thread, g_thread_join);
  grant = g_ptr_array_index (canned.requests, 0);
  g_assert_true (g_str_has_prefix (grant, "POST /admin/oauth/access_token HTTP/1.1\r\n"));
  g_assert_true (g_str_has_suffix (grant, "\r\n\r\ngrant_type=client_credentials&client_id=my%20id"
                                   "&client_secret=se%26cret%3D"));
  query = g_ptr_array_index (canned.requests, 1);
  g_assert_nonnull (strstr (query, "\r\nX-Shopify-Access-Token: granted-1\r\n"));
  canned_stop (&canned);
}

static void
test_canned_cancel_wait (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *url = NULL;
  CancelLater later;
  GThread *thread;
  gint64 returned_at;
  Canned canned;

  /* The bucket is empty and restores one point a second: the retry would
   * wait ten seconds. */
  url = canned_start (&canned,
                      canned_answer (200, NULL, "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":"
                                     "{\"code\":\"THROTTLED\"}}],\"extensions\":{\"cost\":{"
                                     "\"requestedQueryCost\":10,\"actualQueryCost\":null,\"throttleStatus\":"
                                     "{\"maximumAvailable\":1000,\"currentlyAvailable\":0,\"restoreRate\":1}}}}"),
                      canned_answer (200, NULL, SHOP_DATA),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");

  thread = cancel_later (&later, cancellable, 0.5);
  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, cancellable, &error));
  returned_at = g_get_monotonic_time ();
  g_thread_join (thread);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 1);
  g_assert_cmpuint (bmd_shopify_client_get_throttled_count (client), ==, 1);
  g_assert_cmpint (returned_at - later.cancelled_at, <, G_USEC_PER_SEC);
  canned_stop (&canned);
}

static void
test_canned_retry_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(BmdShopifyClient) locked = NULL;
  g_autofree char *url = NULL;
  Canned canned;
  gint64 start;
  double elapsed;

  url = canned_start (&canned,
                      canned_answer (500, NULL, "oops"),
                      canned_answer (502, NULL, "oops"),
                      canned_answer (503, NULL, "oops"),
                      canned_answer (500, NULL, "oops"),
                      canned_answer (423, NULL, "{\"errors\":\"Locked\"}"),
                      NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");
  bmd_shopify_client_set_retry_limit (client, 1.2);

  start = g_get_monotonic_time ();
  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "gave up after"));
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), >=, 2);
  /* Backoff 0.25–0.5 s, then 0.5–1 s, then past the limit. */
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), <=, 3);
  g_assert_cmpfloat (elapsed, <=, 1.5);
  g_clear_error (&error);

  /* 423 stops at once. */
  locked = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (locked, "shpat_abc");
  while (TRUE)
    {
      g_autoptr(GError) attempt_error = NULL;

      if (bmd_shopify_client_fetch_shop (locked, NULL, NULL, NULL, NULL, &attempt_error))
        g_assert_not_reached ();
      if (g_error_matches (attempt_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_LOCKED))
        {
          g_assert_nonnull (strstr (attempt_error->message, "locked"));
          break;
        }
      /* Still the leftover 500s: those are retried within the limit. */
      g_assert_error (attempt_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK);
    }
  canned_stop (&canned);
}

/* An answer nested 80,000 deep overflows json-glib's recursion (a crash);
 * it is a bad answer, and retrying it would not help. */
static void
test_canned_deep_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autofree char *url = NULL;
  g_autofree char *open = g_strnfill (80000, '[');
  g_autofree char *close = g_strnfill (80000, ']');
  g_autofree char *body = g_strdup_printf ("{\"data\":{\"shop\":%s%s}}", open, close);
  Canned canned;

  url = canned_start (&canned, canned_answer (200, NULL, body), canned_answer (200, NULL, body), NULL);
  client = bmd_shopify_client_new (url, "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_abc");
  bmd_shopify_client_set_retry_limit (client, 5);

  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "nested"));
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 1);
  canned_stop (&canned);
}

/* Against the simulator */

#define TEST_AROUND_YEAR 2026

typedef struct
{
  BmdShopifySim    *sim;
  BmdShopifyClient *client;
} SimFixture;

static BmdShopifyClient *
new_client (BmdShopifySim *sim,
            const char    *token)
{
  g_autoptr(GError) error = NULL;
  BmdShopifyClient *client;

  client = bmd_shopify_client_new (bmd_shopify_sim_get_url (sim), "2026-10", &error);
  g_assert_no_error (error);
  if (token != NULL)
    bmd_shopify_client_set_access_token (client, token);
  /* Keep a broken test from hanging for two minutes. */
  bmd_shopify_client_set_retry_limit (client, 30);
  return client;
}

static void
init_options (BmdShopifySimOptions *options,
              GDate                *around,
              guint                 requests)
{
  bmd_shopify_sim_options_init (options);
  g_date_clear (around, 1);
  g_date_set_dmy (around, 15, G_DATE_JUNE, TEST_AROUND_YEAR);
  options->around = around;
  options->requests = requests;
  options->seed = 7;
  /* Fast restores keep the suite short; small-bucket tests set their own. */
  options->restore_rate = 2000;
}

typedef struct
{
  GPtrArray *nodes;   /* JsonNode* */
  guint      pages;
} Collected;

static gboolean
collect_cb (JsonArray  *nodes,
            gpointer    user_data,
            GError    **error)
{
  Collected *collected = user_data;

  collected->pages++;
  for (guint i = 0; i < json_array_get_length (nodes); i++)
    g_ptr_array_add (collected->nodes, json_node_copy (json_array_get_element (nodes, i)));
  return TRUE;
}

static void
collected_init (Collected *collected)
{
  collected->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  collected->pages = 0;
}

static void
collected_clear (Collected *collected)
{
  g_clear_pointer (&collected->nodes, g_ptr_array_unref);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The ids, sorted; fails on a duplicate. */
static GPtrArray *
collected_ids (Collected *collected)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < collected->nodes->len; i++)
    {
      JsonObject *node = json_node_get_object (g_ptr_array_index (collected->nodes, i));

      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (node, "id")));
    }
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpstr (g_ptr_array_index (ids, i - 1), !=, g_ptr_array_index (ids, i));
  return ids;
}

static void
assert_same_ids (GPtrArray *got,
                 GPtrArray *want)
{
  g_assert_cmpuint (got->len, ==, want->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_cmpstr (g_ptr_array_index (got, i), ==, g_ptr_array_index (want, i));
}

/* Every node as one JSON text, in id order, to compare whole results. */
static char *
collected_text (Collected *collected)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < collected->nodes->len; i++)
    g_ptr_array_add (lines, json_to_string (g_ptr_array_index (collected->nodes, i), FALSE));
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append_c (text, '\n');
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_sim_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *tz = NULL;
  BmdShopifySimOptions options;
  Collected collected;
  GDate around;

  init_options (&options, &around, 150);
  sim = bmd_test_sim_start (&options);
  client = new_client (sim, "shpat_test");

  g_assert_true (bmd_shopify_client_fetch_shop (client, &tz, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tz);

  collected_init (&collected);
  g_assert_true (bmd_shopify_client_fetch_orders (client, NULL, collect_cb, &collected, NULL, &error));
  g_assert_no_error (error);

  want = bmd_shopify_sim_dup_order_ids (sim);
  got = collected_ids (&collected);
  g_assert_cmpuint (want->len, >, 250);
  assert_same_ids (got, want);
  g_assert_cmpuint (collected.pages, >, 1);

  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, collected.pages + 1);
  g_assert_cmpuint (bmd_shopify_client_get_throttled_count (client), ==, 0);
  g_assert_cmpuint (bmd_shopify_sim_get_throttled_count (sim), ==, 0);
  g_assert_cmpfloat (bmd_shopify_client_get_points_spent (client), >, 0);
  g_assert_cmpfloat_with_epsilon (bmd_shopify_client_get_points_spent (client),
                                  bmd_shopify_sim_get_points_spent (sim), 0.001);
  g_assert_nonnull (bmd_shopify_client_get_reported_api_version (client));

  collected_clear (&collected);
}

static void
test_sim_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) some = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) again = NULL;
  BmdShopifySimOptions options;
  Collected collected;
  Collected by_id;
  GDate around;

  init_options (&options, &around, 150);
  sim = bmd_test_sim_start (&options);
  client = new_client (sim, "shpat_test");

  collected_init (&collected);
  g_assert_true (bmd_shopify_client_fetch_order_ids (client, NULL, collect_cb, &collected, NULL, &error));
  g_assert_no_error (error);
  want = bmd_shopify_sim_dup_order_ids (sim);
  got = collected_ids (&collected);
  assert_same_ids (got, want);
  g_assert_cmpuint (collected.pages, ==, (want->len + 249) / 250);

  /* By id, with a deleted order in between: skipped, not an error. */
  for (guint i = 0; i < want->len; i += 2)
    g_ptr_array_add (some, g_strdup (g_ptr_array_index (want, i)));
  g_assert_true (bmd_shopify_sim_delete_order (sim, g_ptr_array_index (some, 3)));
  collected_init (&by_id);
  g_assert_true (bmd_shopify_client_fetch_orders_by_id (client, some, collect_cb, &by_id, NULL, &error));
  g_assert_no_error (error);
  again = collected_ids (&by_id);
  g_assert_cmpuint (again->len, ==, some->len - 1);
  g_assert_cmpuint (by_id.pages, >, 1);  /* sized by cost: 23 points an order */
  for (guint i = 0; i < by_id.nodes->len; i++)
    {
      JsonObject *node = json_node_get_object (g_ptr_array_index (by_id.nodes, i));
      g_autoptr(JsonObject) expected = bmd_shopify_sim_dup_order (sim, json_object_get_string_member (node, "id"));

      g_assert_nonnull (expected);
      g_assert_true (json_object_has_member (node, "pickupDate"));
    }

  collected_clear (&collected);
  collected_clear (&by_id);
}

static void
test_sim_small_bucket (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GPtrArray) got = NULL;
  BmdShopifySimOptions options;
  Collected collected;
  GDate around;
  guint throttled_before;
  gint64 start;
  double elapsed;
  double points;

  init_options (&options, &around, 60);
  options.bucket = 300;
  options.restore_rate = 400;
  sim = bmd_test_sim_start (&options);
  client = new_client (sim, "shpat_test");

  /* Learns the bucket from a small query. */
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  throttled_before = bmd_shopify_sim_get_throttled_count (sim);

  collected_init (&collected);
  start = g_get_monotonic_time ();
  g_assert_true (bmd_shopify_client_fetch_orders (client, NULL, collect_cb, &collected, NULL, &error));
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);

  want = bmd_shopify_sim_dup_order_ids (sim);
  got = collected_ids (&collected);
  assert_same_ids (got, want);

  /* Pages fit the bucket, and the client waited instead of being throttled. */
  g_assert_cmpuint (collected.pages, >=, want->len / 12);
  g_assert_cmpuint (bmd_shopify_sim_get_throttled_count (sim), ==, throttled_before);
  g_assert_cmpuint (bmd_shopify_client_get_throttled_count (client), ==, throttled_before);
  points = bmd_shopify_sim_get_points_spent (sim);
  g_test_message ("%u pages, %.0f points in %.2f s", collected.pages, points, elapsed);
  g_assert_cmpfloat (elapsed, >=, (points - 300) / 400 * 0.9);

  collected_clear (&collected);
}

typedef struct
{
  BmdSimFault  fault;
  const char  *name;
} FaultCase;

static void
test_sim_faults (void)
{
  static const FaultCase cases[] = {
    { BMD_SIM_FAULT_HTTP_429, "429" },
    { BMD_SIM_FAULT_HTTP_500, "500" },
    { BMD_SIM_FAULT_HTTP_502, "502" },
    { BMD_SIM_FAULT_THROTTLED, "THROTTLED" },
    { BMD_SIM_FAULT_TRUNCATED, "truncated" },
    { BMD_SIM_FAULT_DROP, "drop" },
    { BMD_SIM_FAULT_BAD_JSON, "bad JSON" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) clean = NULL;
  g_autofree char *want = NULL;
  BmdShopifySimOptions options;
  Collected collected;
  GDate around;

  init_options (&options, &around, 60);
  sim = bmd_test_sim_start (&options);
  clean = new_client (sim, "shpat_test");
  collected_init (&collected);
  g_assert_true (bmd_shopify_client_fetch_orders (clean, NULL, collect_cb, &collected, NULL, &error));
  g_assert_no_error (error);
  want = collected_text (&collected);
  collected_clear (&collected);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BmdShopifyClient) client = new_client (sim, "shpat_test");
      g_autofree char *got = NULL;
      guint requests_before = bmd_shopify_sim_get_request_count (sim);

      guint base;

      g_test_message ("fault %s", cases[i].name);
      /* Learn the shared bucket's state first, so that only the queued
       * faults make the client retry. */
      g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      base = bmd_shopify_client_get_request_count (client);
      bmd_shopify_sim_queue_fault (sim, cases[i].fault, 2);
      collected_init (&collected);
      g_assert_true (bmd_shopify_client_fetch_orders (client, NULL, collect_cb, &collected, NULL, &error));
      g_assert_no_error (error);
      got = collected_text (&collected);
      g_assert_cmpstr (got, ==, want);
      /* Two failed answers, then the pages. (libcurl itself sends a request
       * again once when a reused connection turns out closed.) */
      if (cases[i].fault == BMD_SIM_FAULT_DROP)
        g_assert_cmpuint (bmd_shopify_client_get_request_count (client) - base, >=, collected.pages + 1);
      else
        g_assert_cmpuint (bmd_shopify_client_get_request_count (client) - base, ==, collected.pages + 2);
      if (cases[i].fault == BMD_SIM_FAULT_HTTP_429 || cases[i].fault == BMD_SIM_FAULT_THROTTLED)
        g_assert_cmpuint (bmd_shopify_client_get_throttled_count (client), ==, 2);
      else
        g_assert_cmpuint (bmd_shopify_client_get_throttled_count (client), ==, 0);
      g_assert_cmpuint (bmd_shopify_sim_get_request_count (sim), >=, requests_before + 2);
      collected_clear (&collected);
    }
}

static void
test_sim_retry_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  BmdShopifySimOptions options;
  GDate around;

  init_options (&options, &around, 5);
  sim = bmd_test_sim_start (&options);
  client = new_client (sim, "shpat_test");
  bmd_shopify_client_set_retry_limit (client, 1.5);

  bmd_shopify_sim_queue_fault (sim, BMD_SIM_FAULT_HTTP_500, 100);
  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "500"));
  g_assert_nonnull (strstr (error->message, "gave up"));
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), >=, 2);
}

static void
test_sim_auth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(BmdShopifyClient) bad = NULL;
  g_autofree char *expected = NULL;
  BmdShopifySimOptions options;
  GDate around;

  init_options (&options, &around, 5);
  sim = bmd_test_sim_start (&options);

  /* bad-token is refused at once, without retries, and never echoed. */
  bad = new_client (sim, "bad-token");
  g_assert_false (bmd_shopify_client_fetch_shop (bad, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH);
  expected = g_strdup_printf ("Shopify refused the access token (401): check the token for %s",
                              bmd_shopify_sim_get_url (sim) + strlen ("http://"));
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_null (strstr (error->message, "bad-token"));
  g_assert_cmpuint (bmd_shopify_client_get_request_count (bad), ==, 1);
  g_clear_error (&error);

  /* A 401 for a static token: no retry. */
  client = new_client (sim, "shpat_test");
  bmd_shopify_sim_queue_fault (sim, BMD_SIM_FAULT_HTTP_401, 1);
  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH);
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 1);
  g_clear_error (&error);

  /* 403 names the missing scope. */
  bmd_shopify_sim_queue_fault (sim, BMD_SIM_FAULT_HTTP_403, 1);
  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "read_orders"));
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 2);
  g_clear_error (&error);

  /* And the client works again afterwards. */
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_sim_client_credentials (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  BmdShopifySimOptions options;
  GDate around;

  init_options (&options, &around, 5);
  options.token_lifetime = 2;
  sim = bmd_test_sim_start (&options);

  client = new_client (sim, NULL);
  bmd_shopify_client_set_client_credentials (client, "client-id", "s3cret&=+");
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_client_get_grant_count (client), ==, 1);
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_client_get_grant_count (client), ==, 1);
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 2);

  /* Past half its two-second life the token is renewed before use: no 401. */
  g_usleep (G_USEC_PER_SEC * 1.2);
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_client_get_grant_count (client), ==, 2);
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 3);

  /* A 401 anyway: renewed once, and the request retried once. */
  bmd_shopify_sim_queue_fault (sim, BMD_SIM_FAULT_HTTP_401, 1);
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_client_get_grant_count (client), ==, 3);
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 5);

  /* Two in a row: AUTH, not a loop. */
  bmd_shopify_sim_queue_fault (sim, BMD_SIM_FAULT_HTTP_401, 2);
  g_assert_false (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH);
  g_assert_null (strstr (error->message, "s3cret"));
  g_assert_cmpuint (bmd_shopify_client_get_request_count (client), ==, 7);
}

static void
test_sim_cancel_wait (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  BmdShopifySimOptions options;
  Collected collected;
  CancelLater later;
  GThread *thread;
  gint64 returned_at;
  GDate around;

  /* A bucket that takes a minute to fill: the second page must wait long. */
  init_options (&options, &around, 60);
  options.bucket = 600;
  options.restore_rate = 10;
  sim = bmd_test_sim_start (&options);
  client = new_client (sim, "shpat_test");
  /* The wait (about 40 s) must be within the retry limit, or the client
   * refuses it at once instead of waiting to be cancelled. */
  bmd_shopify_client_set_retry_limit (client, 120);
  g_assert_true (bmd_shopify_client_fetch_shop (client, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  collected_init (&collected);
  thread = cancel_later (&later, cancellable, 1.0);
  g_assert_false (bmd_shopify_client_fetch_orders (client, NULL, collect_cb, &collected,
                                                   cancellable, &error));
  returned_at = g_get_monotonic_time ();
  g_thread_join (thread);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (collected.pages, >=, 1);
  g_assert_cmpint (later.cancelled_at, >, 0);
  g_assert_cmpint (returned_at - later.cancelled_at, <, G_USEC_PER_SEC);
  g_assert_cmpuint (bmd_shopify_sim_get_throttled_count (sim), ==, 0);
  collected_clear (&collected);
}

static JsonObject *
order_input (guint n)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  text = g_strdup_printf (
    "{\"email\":\"test%u@example.com\",\"financialStatus\":\"PAID\","
    "\"lineItems\":[{\"title\":\"Cake\",\"quantity\":1,"
    "\"priceSet\":{\"shopMoney\":{\"amount\":\"40.00\",\"currencyCode\":\"USD\"}}}],"
    "\"metafields\":[{\"namespace\":\"custom\",\"key\":\"draft_type\","
    "\"type\":\"single_line_text_field\",\"value\":\"deposit\"}]}", n);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_sim_create (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  BmdShopifySimOptions options;
  GDate around;
  guint before;

  init_options (&options, &around, 5);
  options.create_rate = 600;
  sim = bmd_test_sim_start (&options);
  client = new_client (sim, "shpat_test");
  before = bmd_shopify_sim_get_order_count (sim);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) input = order_input (i);
      g_autofree char *id = bmd_shopify_client_create_order (client, input, NULL, &error);
      g_autoptr(JsonObject) stored = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (id);
      g_assert_true (g_str_has_prefix (id, "gid://shopify/Order/"));
      stored = bmd_shopify_sim_dup_order (sim, id);
      g_assert_nonnull (stored);
    }
  g_assert_cmpuint (bmd_shopify_sim_get_order_count (sim), ==, before + 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/shopify/throttle/model", test_throttle_model);
  g_test_add_func ("/bmd/shopify/throttle/first", test_throttle_first);
  g_test_add_func ("/bmd/shopify/throttle/backoff", test_throttle_backoff);
  g_test_add_func ("/bmd/shopify/shop/parse", test_shop_parse);
  g_test_add_func ("/bmd/shopify/canned/deep-answer", test_canned_deep_answer);
  g_test_add_func ("/bmd/shopify/shop/client-new", test_client_new);
  g_test_add_func ("/bmd/shopify/answer/classify", test_classify);
  g_test_add_func ("/bmd/shopify/answer/cost", test_classify_cost);
  g_test_add_func ("/bmd/shopify/answer/retry-after", test_retry_after);
  g_test_add_func ("/bmd/shopify/answer/scopes", test_scopes_and_limits);
  g_test_add_func ("/bmd/shopify/net/cancel-during-transfer", test_cancel_during_transfer);
  g_test_add_func ("/bmd/shopify/net/timeout", test_timeout_gives_up);
  g_test_add_func ("/bmd/shopify/net/refused", test_connection_refused);
  g_test_add_func ("/bmd/shopify/net/request-shape", test_canned_request_shape);
  g_test_add_func ("/bmd/shopify/net/throttled", test_canned_throttled);
  g_test_add_func ("/bmd/shopify/net/page-sizing", test_canned_page_sizing);
  g_test_add_func ("/bmd/shopify/net/changed-pages", test_canned_changed_pages);
  g_test_add_func ("/bmd/shopify/net/create", test_canned_create);
  g_test_add_func ("/bmd/shopify/net/grant", test_canned_grant);
  g_test_add_func ("/bmd/shopify/net/cancel-wait", test_canned_cancel_wait);
  g_test_add_func ("/bmd/shopify/net/retry-limit", test_canned_retry_limit);
  g_test_add_func ("/bmd/shopify/sim/pages", test_sim_pages);
  g_test_add_func ("/bmd/shopify/sim/ids", test_sim_ids);
  g_test_add_func ("/bmd/shopify/sim/small-bucket", test_sim_small_bucket);
  g_test_add_func ("/bmd/shopify/sim/faults", test_sim_faults);
  g_test_add_func ("/bmd/shopify/sim/retry-limit", test_sim_retry_limit);
  g_test_add_func ("/bmd/shopify/sim/auth", test_sim_auth);
  g_test_add_func ("/bmd/shopify/sim/client-credentials", test_sim_client_credentials);
  g_test_add_func ("/bmd/shopify/sim/cancel-wait", test_sim_cancel_wait);
  g_test_add_func ("/bmd/shopify/sim/create", test_sim_create);
  g_test_add_func ("/bmd/shopify/canned/stuck-cursor", test_canned_stuck_cursor);

  return g_test_run ();
}
