#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <curl/curl.h>

#include "bmd-json-text.h"
#include "bmd-loopback.h"
#include "bmd-shopify-private.h"

/* Shop settings */

static gboolean
is_dns_label (const char *s,
              gsize       len)
{
  if (len == 0 || len > 63)
    return FALSE;
  if (s[0] == '-' || s[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (s[i]) && s[i] != '-')
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_hostname (const char *host)
{
  const char *p = host;

  if (host == NULL || *host == '\0' || strlen (host) > 253)
    return FALSE;

  while (TRUE)
    {
      const char *dot = strchr (p, '.');
      gsize len = dot ? (gsize) (dot - p) : strlen (p);

      if (!is_dns_label (p, len))
        return FALSE;
      if (dot == NULL)
        return TRUE;
      p = dot + 1;
    }
}

static char *
parse_shop_url (const char  *shop,
                char       **host_out,
                GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  g_autofree char *authority = NULL;
  const char *scheme;
  const char *path;
  gboolean is_ipv6;
  int port;

  uri = g_uri_parse (shop, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                   "The shop “%s” is not a valid URL", shop);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  path = g_uri_get_path (uri);
  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || (*path != '\0' && strcmp (path, "/") != 0))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                   "The shop “%s” must be a bare http(s)://host[:port] URL, "
                   "without a path, a query or credentials", shop);
      return NULL;
    }

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  is_ipv6 = strchr (host, ':') != NULL;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (!bmd_host_is_loopback (host))
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                       "The shop “%s” is refused: plain http:// is only allowed on a "
                       "loopback address (127.0.0.1, localhost, [::1]); use the shop’s "
                       "domain, which is reached over verified HTTPS", shop);
          return NULL;
        }
    }
  else if (g_ascii_strcasecmp (scheme, "https") == 0)
    {
      if (!is_ipv6 && !is_hostname (host) && !bmd_host_is_loopback (host))
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                       "The shop “%s” does not name a valid host", shop);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                   "The shop “%s” is neither an https:// nor a loopback http:// URL", shop);
      return NULL;
    }

  port = g_uri_get_port (uri);
  if (port > 0)
    authority = g_strdup_printf (is_ipv6 ? "[%s]:%d" : "%s:%d", host, port);
  else
    authority = g_strdup_printf (is_ipv6 ? "[%s]" : "%s", host);

  if (host_out != NULL)
    *host_out = g_strdup (authority);
  return g_strdup_printf ("%s://%s", g_ascii_strcasecmp (scheme, "http") == 0 ? "http" : "https",
                          authority);
}

char *
_bmd_shopify_parse_shop (const char  *shop,
                         char       **host_out,
                         GError     **error)
{
  static const char suffix[] = ".myshopify.com";
  g_autofree char *value = NULL;
  g_autofree char *host = NULL;
  gsize len;

  if (host_out != NULL)
    *host_out = NULL;

  if (shop != NULL)
    value = g_strstrip (g_strdup (shop));
  if (value == NULL || *value == '\0')
    {
      g_set_error_literal (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                           "No shop is set: give the shop name (bakery) or its domain "
                           "(bakery.myshopify.com)");
      return NULL;
    }

  if (strstr (value, "://") != NULL)
    return parse_shop_url (value, host_out, error);

  len = strlen (value);
  while (len > 0 && value[len - 1] == '/')
    value[--len] = '\0';
  host = g_ascii_strdown (value, -1);

  if (is_dns_label (host, len))
    {
      char *domain = g_strconcat (host, suffix, NULL);

      g_free (host);
      host = domain;
    }
  else if (!(len > strlen (suffix) && g_str_has_suffix (host, suffix) &&
             is_dns_label (host, len - strlen (suffix))))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                   "The shop “%s” is not a shop name (bakery), a shop domain "
                   "(bakery.myshopify.com) or a loopback http:// URL", shop);
      return NULL;
    }

  if (host_out != NULL)
    *host_out = g_strdup (host);
  return g_strdup_printf ("https://%s", host);
}

/* Answers */

void
_bmd_shopify_response_init (BmdShopifyResponse *response)
{
  memset (response, 0, sizeof *response);
  response->retry_after = -1;
}

void
_bmd_shopify_response_clear (BmdShopifyResponse *response)
{
  g_clear_error (&response->error);
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->error_code, g_free);
  _bmd_shopify_response_init (response);
}

double
_bmd_shopify_parse_retry_after (const char *value,
                                gint64      now_unix)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double seconds;
  time_t when;

  if (value == NULL)
    return -1;
  copy = g_strstrip (g_strdup (value));
  if (*copy == '\0')
    return -1;

  seconds = g_ascii_strtod (copy, &end);
  if (end != copy && *end == '\0')
    return seconds >= 0 ? seconds : -1;

  when = curl_getdate (copy, NULL);
  if (when == (time_t) -1)
    return -1;
  return MAX (0, (double) ((gint64) when - now_unix));
}

char *
_bmd_shopify_find_scopes (const char *body,
                          gsize       body_len)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GPtrArray) scopes = NULL;
  g_autofree char *text = NULL;

  if (body == NULL || body_len == 0)
    return NULL;

  text = g_strndup (body, body_len);
  regex = g_regex_new ("\\b(?:unauthenticated_)?(?:read|write)_[a-z_]*[a-z]",
                       0, 0, NULL);
  g_assert (regex != NULL);

  scopes = g_ptr_array_new_with_free_func (g_free);
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *scope = g_match_info_fetch (match, 0);
      gboolean seen = FALSE;

      for (guint i = 0; i < scopes->len; i++)
        seen = seen || strcmp (g_ptr_array_index (scopes, i), scope) == 0;
      if (!seen)
        g_ptr_array_add (scopes, g_steal_pointer (&scope));
      g_match_info_next (match, NULL);
    }

  if (scopes->len == 0)
    return NULL;
  g_ptr_array_add (scopes, NULL);
  return g_strjoinv (", ", (char **) scopes->pdata);
}

gboolean
_bmd_shopify_is_rate_limit_message (const char *message)
{
  g_autofree char *lower = NULL;

  if (message == NULL)
    return FALSE;

  lower = g_ascii_strdown (message, -1);
  return strstr (lower, "too many") != NULL ||
         strstr (lower, "throttl") != NULL ||
         strstr (lower, "rate limit") != NULL ||
         strstr (lower, "try again later") != NULL;
}

static double
member_number (JsonObject *object,
               const char *name,
               gboolean   *found)
{
  JsonNode *node;

  node = object ? json_object_get_member (object, name) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    {
      *found = FALSE;
      return 0;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      *found = FALSE;
      return 0;
    }
}

static void
read_cost (BmdShopifyResponse *response,
           JsonObject         *root)
{
  JsonObject *cost;
  JsonObject *status;
  gboolean found = TRUE;
  double value;

  cost = _bmd_shopify_get_object (_bmd_shopify_get_object (root, "extensions"), "cost");
  if (cost == NULL)
    return;

  value = member_number (cost, "requestedQueryCost", &found);
  if (found)
    {
      response->has_cost = TRUE;
      response->requested_cost = value;
      /* actualQueryCost is null when the query did not run. */
      found = TRUE;
      response->actual_cost = member_number (cost, "actualQueryCost", &found);
    }

  status = _bmd_shopify_get_object (cost, "throttleStatus");
  if (status != NULL)
    {
      double maximum, available, rate;

      found = TRUE;
      maximum = member_number (status, "maximumAvailable", &found);
      available = member_number (status, "currentlyAvailable", &found);
      rate = member_number (status, "restoreRate", &found);
      if (found)
        {
          response->has_throttle_status = TRUE;
          response->maximum_available = maximum;
          response->currently_available = available;
          response->restore_rate = rate;
        }
    }
}

/* Joins errors[].message and notes the first extensions.code. */
static char *
collect_graphql_errors (JsonArray  *errors,
                        char      **first_code)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = json_array_get_length (errors);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      const char *message = NULL;
      const char *code = NULL;

      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *error = json_node_get_object (node);
          JsonObject *extensions = _bmd_shopify_get_object (error, "extensions");

          message = json_object_get_string_member_with_default (error, "message", NULL);
          if (extensions != NULL)
            code = json_object_get_string_member_with_default (extensions, "code", NULL);
        }
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          message = json_node_get_string (node);
        }

      if (code != NULL && *first_code == NULL)
        *first_code = g_strdup (code);
      if (message != NULL)
        {
          if (text->len > 0)
            g_string_append (text, "; ");
          g_string_append (text, message);
          if (code != NULL)
            g_string_append_printf (text, " (%s)", code);
        }
    }

  if (text->len == 0)
    g_string_append (text, "no message");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
errors_have_code (JsonArray  *errors,
                  const char *wanted)
{
  guint n = json_array_get_length (errors);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *extensions;
      const char *code;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      extensions = _bmd_shopify_get_object (json_node_get_object (node), "extensions");
      if (extensions == NULL)
        continue;
      code = json_object_get_string_member_with_default (extensions, "code", NULL);
      if (g_strcmp0 (code, wanted) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
set_verdict (BmdShopifyResponse *response,
             BmdShopifyVerdict   verdict,
             BmdShopifyError     code,
             const char         *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
set_verdict (BmdShopifyResponse *response,
             BmdShopifyVerdict   verdict,
             BmdShopifyError     code,
             const char         *format,
             ...)
{
  va_list args;

  response->verdict = verdict;
  g_clear_error (&response->error);
  va_start (args, format);
  response->error = g_error_new_valist (BMD_SHOPIFY_ERROR, code, format, args);
  va_end (args);
}

static void
classify_status (BmdShopifyResponse *response,
                 const char         *shop,
                 guint               http_status,
                 const char         *body,
                 gsize               body_len)
{
  g_autofree char *scopes = NULL;

  switch (http_status)
    {
    case 401:
      set_verdict (response, BMD_SHOPIFY_VERDICT_REAUTH, BMD_SHOPIFY_ERROR_AUTH,
                   "Shopify refused the access token (401): check the token for %s", shop);
      return;
    case 402:
      set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_PAYMENT,
                   "Shopify answered 402 Payment Required: the shop %s is frozen "
                   "until its bill is paid", shop);
      return;
    case 403:
      scopes = _bmd_shopify_find_scopes (body, body_len);
      if (scopes != NULL)
        set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_FORBIDDEN,
                     "Shopify refused access to %s (403): the app lacks the scope %s; "
                     "grant it in the app’s settings and install the app again", shop, scopes);
      else
        set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_FORBIDDEN,
                     "Shopify refused access to %s (403): the app needs the scopes "
                     "read_orders, read_all_orders and read_customers", shop);
      return;
    case 423:
      set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_LOCKED,
                   "Shopify answered 423 Locked: the shop %s is locked", shop);
      return;
    case 429:
      set_verdict (response, BMD_SHOPIFY_VERDICT_THROTTLED, BMD_SHOPIFY_ERROR_THROTTLED,
                   "Shopify kept throttling the requests to %s (429 Too Many Requests)", shop);
      return;
    case 404:
      set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                   "Shopify answered 404 Not Found at %s: check the shop and the API version",
                   shop);
      return;
    case 408:
      set_verdict (response, BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_NETWORK,
                   "Shopify timed out the request to %s (408)", shop);
      return;
    default:
      break;
    }

  if (http_status >= 500)
    set_verdict (response, BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_NETWORK,
                 "Shopify kept failing at %s (HTTP %u)", shop, http_status);
  else
    set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                 "Shopify answered HTTP %u at %s", http_status, shop);
}

void
_bmd_shopify_response_classify (BmdShopifyResponse *response,
                                const char         *shop,
                                guint               http_status,
                                const char         *retry_after,
                                const char         *body,
                                gsize               body_len)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *data;
  JsonNode *errors;

  g_return_if_fail (response != NULL);

  _bmd_shopify_response_clear (response);
  response->retry_after = _bmd_shopify_parse_retry_after (retry_after,
                                                          g_get_real_time () / G_USEC_PER_SEC);

  if (http_status != 200 && http_status != 400)
    {
      classify_status (response, shop, http_status, body, body_len);
      return;
    }

  parser = json_parser_new_immutable ();
  if (body == NULL || body_len == 0 ||
      !bmd_json_parser_load (parser, body, body_len, &local_error))
    {
      /* Too deep to read is no truncated answer: asking again gives it again. */
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
        set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                     "Shopify’s answer from %s cannot be read: %s", shop, local_error->message);
      else if (http_status == 400)
        set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                     "Shopify answered 400 Bad Request at %s", shop);
      else
        set_verdict (response, BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                     "Shopify’s answer from %s was not complete JSON: %s", shop,
                     local_error ? local_error->message : "empty body");
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_verdict (response, BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                   "Shopify’s answer from %s was not a JSON object", shop);
      return;
    }

  object = json_node_get_object (root);
  read_cost (response, object);
  data = json_object_get_member (object, "data");
  errors = json_object_get_member (object, "errors");

  if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors) &&
      json_array_get_length (json_node_get_array (errors)) > 0)
    {
      JsonArray *list = json_node_get_array (errors);
      g_autofree char *messages = collect_graphql_errors (list, &response->error_code);

      if (errors_have_code (list, "THROTTLED"))
        {
          g_free (response->error_code);
          response->error_code = g_strdup ("THROTTLED");
          set_verdict (response, BMD_SHOPIFY_VERDICT_THROTTLED, BMD_SHOPIFY_ERROR_THROTTLED,
                       "Shopify kept throttling the requests to %s (THROTTLED)", shop);
          return;
        }

      if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
        {
          if (errors_have_code (list, "ACCESS_DENIED"))
            set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_FORBIDDEN,
                         "Shopify denied access at %s: %s", shop, messages);
          else if (errors_have_code (list, "INTERNAL_SERVER_ERROR"))
            set_verdict (response, BMD_SHOPIFY_VERDICT_RETRY, BMD_SHOPIFY_ERROR_NETWORK,
                         "Shopify kept failing at %s: %s", shop, messages);
          else
            set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_GRAPHQL,
                         "Shopify refused the query: %s", messages);
          return;
        }

      /* Partial data: the fields that failed are null, the rest is good. */
      g_message ("Shopify answered with data and errors: %s", messages);
    }
  else if (errors != NULL && JSON_NODE_HOLDS_VALUE (errors) &&
           (data == NULL || !JSON_NODE_HOLDS_OBJECT (data)))
    {
      /* The REST-style {"errors": "…"} shape. */
      set_verdict (response, BMD_SHOPIFY_VERDICT_FATAL, BMD_SHOPIFY_ERROR_GRAPHQL,
                   "Shopify refused the query: %s",
                   json_node_get_value_type (errors) == G_TYPE_STRING
                     ? json_node_get_string (errors) : "no message");
      return;
    }

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      set_verdict (response,
                   http_status == 400 ? BMD_SHOPIFY_VERDICT_FATAL : BMD_SHOPIFY_VERDICT_RETRY,
                   BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                   "Shopify’s answer from %s has no data", shop);
      return;
    }

  response->verdict = BMD_SHOPIFY_VERDICT_OK;
  response->root = json_node_ref (root);
  response->data = json_node_get_object (data);
}
