#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <math.h>
#include <string.h>
#include "bmd-wipe.h"
#include "bmd-resources.h"
#include "bmd-shopify-client-private.h"

#define DEFAULT_API_VERSION "2026-10"
#define DEFAULT_RETRY_LIMIT 120.0
#define DEFAULT_REQUEST_TIMEOUT 60.0
#define DEFAULT_CREATE_RETRY_INTERVAL 12.0
#define BACKOFF_BASE 0.5
#define BACKOFF_CAP 30.0
/* Slack on top of the modelled wait, for clock and rounding differences. */
#define WAIT_SLACK 0.05


G_DEFINE_FINAL_TYPE (BmdShopifyClient, bmd_shopify_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (bmd-shopify-error-quark, bmd_shopify_error)

double
_bmd_shopify_now (void)
{
  return g_get_monotonic_time () / (double) G_USEC_PER_SEC;
}

/* Waiting */

static void
wake_cb (GCancellable *cancellable,
         gpointer      user_data)
{
  BmdShopifyClient *self = user_data;

  g_mutex_lock (&self->wait_lock);
  g_cond_broadcast (&self->wait_cond);
  g_mutex_unlock (&self->wait_lock);
}

/* Sleeps @seconds, returning early (FALSE, G_IO_ERROR_CANCELLED) as soon as
 * @cancellable fires. */
gboolean
_bmd_shopify_client_wait (BmdShopifyClient  *self,
                          double             seconds,
                          GCancellable      *cancellable,
                          GError           **error)
{
  gint64 end;
  gulong handler = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (seconds <= 0)
    return TRUE;

  end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (wake_cb), self, NULL);

  g_mutex_lock (&self->wait_lock);
  while (!g_cancellable_is_cancelled (cancellable) && g_get_monotonic_time () < end)
    g_cond_wait_until (&self->wait_cond, &self->wait_lock, end);
  g_mutex_unlock (&self->wait_lock);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* HTTP */

static void
note_api_version (BmdShopifyClient *self,
                  const char       *version)
{
  if (version == NULL)
    return;

  g_debug ("Shopify answered with API version %s", version);

  g_mutex_lock (&self->stats_lock);
  if (g_strcmp0 (self->reported_version, version) != 0)
    {
      char *copy = g_strdup (version);

      g_ptr_array_add (self->reported_versions, copy);
      self->reported_version = copy;
    }
  g_mutex_unlock (&self->stats_lock);

  if (!self->version_reported_once && strcmp (version, self->api_version) != 0)
    {
      self->version_reported_once = TRUE;
      g_message ("Shopify answered with API version %s instead of the configured %s: "
                 "the configured version is retired or unknown, so update the API version setting",
                 version, self->api_version);
    }
}

/* Tokens */

static gboolean
send_graphql (BmdShopifyClient    *self,
              const char          *body,
              double               timeout,
              BmdShopifyResponse  *response,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autofree char *token_header = NULL;
  struct curl_slist *headers = NULL;
  BmdShopifyTransfer transfer = { 0 };
  gboolean ok = TRUE;

  token_header = g_strdup_printf ("X-Shopify-Access-Token: %s", self->access_token);
  headers = curl_slist_append (headers, token_header);
  headers = curl_slist_append (headers, "Content-Type: application/json");
  headers = curl_slist_append (headers, "Accept: application/json");

  _bmd_shopify_client_perform (self, self->endpoint, headers, body, strlen (body), timeout, cancellable, &transfer);
  curl_slist_free_all (headers);
  bmd_wipe (token_header);
  g_atomic_int_inc (&self->request_count);

  if (transfer.code != CURLE_OK)
    {
      ok = _bmd_shopify_client_classify_transfer (self, &transfer, response, error);
    }
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      ok = FALSE;
    }
  else
    {
      note_api_version (self, transfer.api_version);
      _bmd_shopify_response_classify (response, self->host, (guint) transfer.status,
                                      transfer.retry_after,
                                      (const char *) transfer.body->data, transfer.body->len);
    }

  _bmd_shopify_transfer_clear (&transfer);
  return ok;
}

static void
account_response (BmdShopifyClient   *self,
                  BmdShopifyResponse *response)
{
  if (response->has_throttle_status)
    bmd_throttle_observe (self->throttle, _bmd_shopify_now (),
                          response->maximum_available,
                          response->currently_available,
                          response->restore_rate);

  if (response->has_cost && response->actual_cost > 0)
    {
      g_mutex_lock (&self->stats_lock);
      self->points_spent += response->actual_cost;
      g_mutex_unlock (&self->stats_lock);
    }
}

/* Sends one GraphQL request of estimated requested cost @cost, waiting for
 * the bucket first and retrying transient failures until the retry limit.
 * On success @response holds the answer (verdict OK). On failure, FALSE with
 * @error; @response->error_code tells a caller that can shrink the request
 * why (MAX_COST_EXCEEDED, or BUCKET_TOO_SMALL when the bucket can never hold
 * @cost). */
static gboolean
execute (BmdShopifyClient    *self,
         const char          *label,
         const char          *body,
         double               cost,
         BmdShopifyResponse  *response,
         GCancellable        *cancellable,
         GError             **error)
{
  double started = _bmd_shopify_now ();
  double deadline = started + self->retry_limit;
  gboolean renewed = FALSE;
  guint attempt = 0;

  self->answer_lost = FALSE;

  while (TRUE)
    {
      gboolean granting = FALSE;
      double delay;
      double wait;
      double sent;
      double timeout;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      timeout = MIN (self->request_timeout, MAX (1, deadline - _bmd_shopify_now ()));

      if (self->client_id != NULL && !_bmd_shopify_client_token_is_fresh (self))
        {
          granting = TRUE;
          if (!_bmd_shopify_client_grant_token (self, timeout, response, cancellable, error))
            return FALSE;
        }
      else if (self->access_token == NULL)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH,
                       "No access token or client credentials are set for %s", self->host);
          return FALSE;
        }

      if (!granting)
        {
          wait = bmd_throttle_compute_wait (self->throttle, cost, _bmd_shopify_now ());
          /* A shop that restores its bucket very slowly would make this one
           * wait for hours: the retry limit bounds waits as it bounds retries. */
          if (wait > 0 && _bmd_shopify_now () + wait > deadline)
            {
              g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_THROTTLED,
                           "Shopify’s rate limit for %s would hold this request back %.0f s "
                           "(%.0f points needed, %.0f available, %g restored per second), "
                           "longer than the %.0f s a request may wait",
                           self->host, wait, cost,
                           bmd_throttle_get_available (self->throttle, _bmd_shopify_now ()),
                           bmd_throttle_get_restore_rate (self->throttle), self->retry_limit);
              return FALSE;
            }
          if (wait > 0)
            {
              wait += WAIT_SLACK;
              g_debug ("%s: waiting %.2f s for %.0f points (bucket %.0f of %.0f, +%.0f/s)",
                       label, wait, cost,
                       bmd_throttle_get_available (self->throttle, _bmd_shopify_now ()),
                       bmd_throttle_get_maximum (self->throttle),
                       bmd_throttle_get_restore_rate (self->throttle));
              g_mutex_lock (&self->stats_lock);
              self->bucket_wait += wait;
              g_mutex_unlock (&self->stats_lock);
              if (!_bmd_shopify_client_wait (self, wait, cancellable, error))
                return FALSE;
            }

          sent = _bmd_shopify_now ();
          bmd_throttle_spend (self->throttle, cost, sent);
          if (!send_graphql (self, body, timeout, response, cancellable, error))
            return FALSE;
          account_response (self, response);

          if (response->has_cost)
            g_debug ("%s: %s in %.2f s, requested %.0f, actual %.0f, bucket %.0f of %.0f",
                     label, response->verdict == BMD_SHOPIFY_VERDICT_OK ? "ok" : "failed",
                     _bmd_shopify_now () - sent, response->requested_cost, response->actual_cost,
                     response->currently_available, response->maximum_available);
          else
            g_debug ("%s: %s in %.2f s", label,
                     response->verdict == BMD_SHOPIFY_VERDICT_OK ? "ok" : response->error->message,
                     _bmd_shopify_now () - sent);
        }

      switch (response->verdict)
        {
        case BMD_SHOPIFY_VERDICT_OK:
          if (granting)
            continue;
          return TRUE;

        case BMD_SHOPIFY_VERDICT_FATAL:
          g_propagate_error (error, g_steal_pointer (&response->error));
          return FALSE;

        case BMD_SHOPIFY_VERDICT_REAUTH:
          if (self->client_id != NULL && !renewed)
            {
              /* A granted token may have been revoked early: renew it once. */
              g_debug ("%s: the access token was refused, renewing it", label);
              renewed = TRUE;
              self->token_expires_at = 1;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&response->error));
          return FALSE;

        case BMD_SHOPIFY_VERDICT_THROTTLED:
          g_atomic_int_inc (&self->throttled_count);
          if (response->has_throttle_status &&
              MAX (cost, response->requested_cost) > response->maximum_available)
            {
              g_free (response->error_code);
              response->error_code = g_strdup ("BUCKET_TOO_SMALL");
              g_propagate_error (error, g_steal_pointer (&response->error));
              return FALSE;
            }
          if (response->retry_after >= 0)
            delay = response->retry_after;
          else if (response->has_throttle_status)
            delay = bmd_throttle_compute_wait (self->throttle, MAX (cost, response->requested_cost),
                                               _bmd_shopify_now ()) + WAIT_SLACK;
          else
            delay = bmd_throttle_backoff (attempt, BACKOFF_BASE, BACKOFF_CAP,
                                          g_rand_double (self->rand));
          break;

        case BMD_SHOPIFY_VERDICT_RETRY:
        default:
          if (!granting && !response->unsent)
            self->answer_lost = TRUE;
          if (!self->resend_unanswered && !granting && !response->unsent)
            {
              g_propagate_error (error, g_steal_pointer (&response->error));
              return FALSE;
            }
          delay = bmd_throttle_backoff (attempt, BACKOFF_BASE, BACKOFF_CAP,
                                        g_rand_double (self->rand));
          if (response->retry_after > delay)
            delay = response->retry_after;
          break;
        }

      if (_bmd_shopify_now () + delay > deadline)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, response->error->code,
                       "%s (gave up after %u attempts in %.0f s)",
                       response->error->message, attempt + 1, _bmd_shopify_now () - started);
          return FALSE;
        }

      g_debug ("%s: %s; retrying in %.2f s", label, response->error->message, delay);
      if (!_bmd_shopify_client_wait (self, delay, cancellable, error))
        return FALSE;
      attempt++;
    }
}

/* Appends to @out the document in resource @file and, once each, the files
 * its leading `#import "FILE"` lines name (the fragments it spreads: GraphQL
 * wants a fragment's definition in the document that uses it). */
static gboolean
append_document (GString     *out,
                 const char  *file,
                 GHashTable  *seen,
                 GError     **error)
{
  g_autofree char *path = g_strdup_printf ("graphql/%s", file);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_hash_table_add (seen, g_strdup (file)))
    return TRUE;
  text = bmd_core_dup_resource_text (path, NULL);
  if (text == NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_GRAPHQL,
                   "There is no GraphQL document “%s”", file);
      return FALSE;
    }
  g_string_append (out, text);
  g_string_append_c (out, '\n');

  for (line = text; g_str_has_prefix (line, "#import \""); line = strchr (line, '\n') + 1)
    {
      const char *name = line + strlen ("#import \"");
      const char *quote = strchr (name, '"');
      g_autofree char *imported = NULL;

      if (quote == NULL || strchr (line, '\n') == NULL || quote > strchr (line, '\n'))
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_GRAPHQL,
                       "A bad #import line in the GraphQL document “%s”", file);
          return FALSE;
        }
      imported = g_strndup (name, quote - name);
      if (!append_document (out, imported, seen, error))
        return FALSE;
    }
  return TRUE;
}

static const char *
lookup_document (BmdShopifyClient  *self,
                 const char        *name,
                 GError           **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *file = NULL;
  char *found;

  found = g_hash_table_lookup (self->documents, name);
  if (found != NULL)
    return found;

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  text = g_string_new (NULL);
  file = g_strdup_printf ("%s.graphql", name);
  if (!append_document (text, file, seen, error))
    return NULL;

  found = g_string_free (g_steal_pointer (&text), FALSE);
  g_hash_table_insert (self->documents, g_strdup (name), found);
  return found;
}

static char *
build_body (const char *query,
            JsonObject *variables)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  json_builder_set_member_name (builder, "variables");
  if (variables != NULL)
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, variables);
      json_builder_add_value (builder, node);
    }
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Sends document @name with @variables; fills @response on success. */
gboolean
_bmd_shopify_client_request (BmdShopifyClient    *self,
                             const char          *name,
                             JsonObject          *variables,
                             double               cost,
                             const char          *detail,
                             BmdShopifyResponse  *response,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autofree char *body = NULL;
  g_autofree char *label = NULL;
  const char *query;

  query = lookup_document (self, name, error);
  if (query == NULL)
    return FALSE;

  body = build_body (query, variables);
  label = detail ? g_strdup_printf ("%s (%s)", name, detail) : g_strdup (name);
  g_debug ("%s: sending, estimated cost %.0f", label, cost);

  return execute (self, label, body, cost, response, cancellable, error);
}

double
_bmd_shopify_client_lookup_cost (GHashTable *table,
                                 const char *name,
                                 double      fallback)
{
  double *value = g_hash_table_lookup (table, name);

  return value ? *value : fallback;
}

void
_bmd_shopify_client_store_cost (GHashTable *table,
                                const char *name,
                                double      value)
{
  double *copy = g_new (double, 1);

  *copy = value;
  g_hash_table_insert (table, g_strdup (name), copy);
}

void
_bmd_shopify_client_add_metafield_keys (BmdShopifyClient *self,
                                        JsonObject       *variables)
{
  json_object_set_string_member (variables, "ns", self->ns);
  json_object_set_string_member (variables, "draftTypeKey", self->draft_type_key);
  json_object_set_string_member (variables, "pickupKey", self->pickup_key);
  json_object_set_string_member (variables, "flavorKey", self->flavor_key);
  json_object_set_string_member (variables, "themeKey", self->theme_key);
  json_object_set_string_member (variables, "allergiesKey", self->allergies_key);
}

JsonObject *
_bmd_shopify_get_object (JsonObject *object,
                         const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_bmd_shopify_get_array (JsonObject *object,
                        const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* GObject */

static void
bmd_shopify_client_finalize (GObject *object)
{
  BmdShopifyClient *self = (BmdShopifyClient *) object;

  g_clear_pointer (&self->multi, curl_multi_cleanup);
  g_clear_pointer (&self->curl, curl_easy_cleanup);
  g_clear_pointer (&self->throttle, bmd_throttle_free);
  g_clear_pointer (&self->documents, g_hash_table_unref);
  g_clear_pointer (&self->node_costs, g_hash_table_unref);
  g_clear_pointer (&self->query_costs, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->reported_versions, g_ptr_array_unref);

  g_free (self->base_url);
  g_free (self->host);
  g_free (self->endpoint);
  g_free (self->api_version);
  g_free (self->access_token);
  g_free (self->client_id);
  g_free (self->client_secret);
  g_free (self->ns);
  g_free (self->draft_type_key);
  g_free (self->pickup_key);
  g_free (self->flavor_key);
  g_free (self->theme_key);
  g_free (self->allergies_key);

  g_mutex_clear (&self->wait_lock);
  g_cond_clear (&self->wait_cond);
  g_mutex_clear (&self->stats_lock);

  G_OBJECT_CLASS (bmd_shopify_client_parent_class)->finalize (object);
}

static void
bmd_shopify_client_class_init (BmdShopifyClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bmd_shopify_client_finalize;

  /* Not thread-safe in every libcurl build; class_init runs exactly once. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

static void
bmd_shopify_client_init (BmdShopifyClient *self)
{
  g_mutex_init (&self->wait_lock);
  g_cond_init (&self->wait_cond);
  g_mutex_init (&self->stats_lock);

  self->retry_limit = DEFAULT_RETRY_LIMIT;
  self->request_timeout = DEFAULT_REQUEST_TIMEOUT;
  self->create_retry_interval = DEFAULT_CREATE_RETRY_INTERVAL;
  self->resend_unanswered = TRUE;
  self->ns = g_strdup ("custom");
  self->draft_type_key = g_strdup ("draft_type");
  self->pickup_key = g_strdup ("pickup_date");
  self->flavor_key = g_strdup ("flavor");
  self->theme_key = g_strdup ("theme");
  self->allergies_key = g_strdup ("allergies");

  self->throttle = bmd_throttle_new ();
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->node_costs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->query_costs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rand = g_rand_new ();
  self->reported_versions = g_ptr_array_new_with_free_func (g_free);
}

/* Public API */

BmdShopifyClient *
bmd_shopify_client_new (const char  *shop,
                        const char  *api_version,
                        GError     **error)
{
  g_autoptr(BmdShopifyClient) self = NULL;
  g_autofree char *host = NULL;
  g_autofree char *base_url = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  base_url = _bmd_shopify_parse_shop (shop, &host, error);
  if (base_url == NULL)
    return NULL;

  if (api_version == NULL || *api_version == '\0')
    api_version = DEFAULT_API_VERSION;
  if (!g_regex_match_simple ("^([0-9]{4}-[0-9]{2}|unstable)$", api_version, 0, 0))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                   "The API version “%s” is not of the form YYYY-MM", api_version);
      return NULL;
    }

  self = g_object_new (BMD_TYPE_SHOPIFY_CLIENT, NULL);
  self->curl = curl_easy_init ();
  self->multi = curl_multi_init ();
  if (self->curl == NULL || self->multi == NULL)
    {
      g_set_error_literal (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                           "Could not set up an HTTP client");
      return NULL;
    }

  self->base_url = g_steal_pointer (&base_url);
  self->host = g_steal_pointer (&host);
  self->api_version = g_strdup (api_version);
  self->endpoint = g_strdup_printf ("%s/admin/api/%s/graphql.json", self->base_url,
                                    self->api_version);

  return g_steal_pointer (&self);
}

const char *
bmd_shopify_client_get_endpoint (BmdShopifyClient *self)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), NULL);

  return self->endpoint;
}

void
bmd_shopify_client_set_access_token (BmdShopifyClient *self,
                                     const char       *token)
{
  g_return_if_fail (BMD_IS_SHOPIFY_CLIENT (self));

  g_free (self->access_token);
  self->access_token = g_strdup (token);
  self->token_expires_at = 0;
  g_clear_pointer (&self->client_id, g_free);
  g_clear_pointer (&self->client_secret, g_free);
}

void
bmd_shopify_client_set_client_credentials (BmdShopifyClient *self,
                                           const char       *client_id,
                                           const char       *client_secret)
{
  g_return_if_fail (BMD_IS_SHOPIFY_CLIENT (self));
  g_return_if_fail (client_id != NULL && client_secret != NULL);

  g_free (self->client_id);
  g_free (self->client_secret);
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  g_clear_pointer (&self->access_token, g_free);
  self->token_expires_at = 0;
}

static void
replace_key (char       **field,
             const char  *value,
             const char  *fallback)
{
  g_free (*field);
  *field = g_strdup (value != NULL && *value != '\0' ? value : fallback);
}

void
bmd_shopify_client_set_metafield_keys (BmdShopifyClient *self,
                                       const char       *ns,
                                       const char       *draft_type_key,
                                       const char       *pickup_key,
                                       const char       *flavor_key,
                                       const char       *theme_key,
                                       const char       *allergies_key)
{
  g_return_if_fail (BMD_IS_SHOPIFY_CLIENT (self));

  replace_key (&self->ns, ns, "custom");
  replace_key (&self->draft_type_key, draft_type_key, "draft_type");
  replace_key (&self->pickup_key, pickup_key, "pickup_date");
  replace_key (&self->flavor_key, flavor_key, "flavor");
  replace_key (&self->theme_key, theme_key, "theme");
  replace_key (&self->allergies_key, allergies_key, "allergies");
}

void
bmd_shopify_client_set_retry_limit (BmdShopifyClient *self,
                                    double            seconds)
{
  g_return_if_fail (BMD_IS_SHOPIFY_CLIENT (self));
  g_return_if_fail (seconds >= 0);

  self->retry_limit = seconds;
}

void
bmd_shopify_client_set_request_timeout (BmdShopifyClient *self,
                                        double            seconds)
{
  g_return_if_fail (BMD_IS_SHOPIFY_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->request_timeout = seconds;
}

void
bmd_shopify_client_set_create_retry_interval (BmdShopifyClient *self,
                                              double            seconds)
{
  g_return_if_fail (BMD_IS_SHOPIFY_CLIENT (self));
  g_return_if_fail (seconds > 0);

  self->create_retry_interval = seconds;
}

void
bmd_shopify_client_set_resend_unanswered (BmdShopifyClient *self,
                                          gboolean          resend)
{
  g_return_if_fail (BMD_IS_SHOPIFY_CLIENT (self));

  self->resend_unanswered = resend;
}

gboolean
bmd_shopify_client_get_answer_lost (BmdShopifyClient *self)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);

  return self->answer_lost;
}

JsonObject *
bmd_shopify_client_query (BmdShopifyClient  *self,
                          const char        *document,
                          JsonObject        *variables,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_autoptr(JsonObject) merged = NULL;
  BmdShopifyResponse response;
  JsonObject *data = NULL;
  const char *query;
  double cost;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), NULL);
  g_return_val_if_fail (document != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  query = lookup_document (self, document, error);
  if (query == NULL)
    return NULL;

  /* Documents that read the metafields get the configured keys unless the
   * caller gave them. */
  if (strstr (query, "$ns:") != NULL)
    {
      g_autoptr(JsonObject) defaults = json_object_new ();
      GList *members;

      _bmd_shopify_client_add_metafield_keys (self, defaults);
      merged = json_object_new ();
      members = variables ? json_object_get_members (variables) : NULL;
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (merged, l->data,
                                json_node_copy (json_object_get_member (variables, l->data)));
      g_list_free (members);
      members = json_object_get_members (defaults);
      for (GList *l = members; l != NULL; l = l->next)
        if (!json_object_has_member (merged, l->data))
          json_object_set_member (merged, l->data,
                                  json_node_copy (json_object_get_member (defaults, l->data)));
      g_list_free (members);
      variables = merged;
    }

  cost = _bmd_shopify_client_lookup_cost (self->query_costs, document,
                                          BMD_SHOPIFY_DEFAULT_QUERY_COST);
  _bmd_shopify_response_init (&response);
  if (_bmd_shopify_client_request (self, document, variables, cost, NULL, &response,
                                   cancellable, error))
    {
      if (response.has_cost && response.requested_cost > 0)
        _bmd_shopify_client_store_cost (self->query_costs, document, response.requested_cost);
      data = json_object_ref (response.data);
    }
  _bmd_shopify_response_clear (&response);

  return data;
}

void
bmd_shop_info_clear (BmdShopInfo *info)
{
  g_clear_pointer (&info->domain, g_free);
  g_clear_pointer (&info->time_zone, g_free);
  g_clear_pointer (&info->currency, g_free);
  g_clear_pointer (&info->name, g_free);
}

static char *
dup_shop_string (JsonObject *shop,
                 const char *member)
{
  JsonNode *node = json_object_get_member (shop, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

gboolean
bmd_shopify_client_fetch_shop_info (BmdShopifyClient  *self,
                                    BmdShopInfo       *info,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autoptr(JsonObject) data = NULL;
  JsonObject *shop;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  data = bmd_shopify_client_query (self, "shop", NULL, cancellable, error);
  if (data == NULL)
    return FALSE;

  shop = _bmd_shopify_get_object (data, "shop");
  if (shop == NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                   "Shopify’s answer about the shop %s has no shop", self->host);
      return FALSE;
    }

  info->domain = dup_shop_string (shop, "myshopifyDomain");
  info->time_zone = dup_shop_string (shop, "ianaTimezone");
  info->currency = dup_shop_string (shop, "currencyCode");
  info->name = dup_shop_string (shop, "name");
  return TRUE;
}

gboolean
bmd_shopify_client_fetch_shop (BmdShopifyClient  *self,
                               char             **iana_timezone,
                               char             **currency,
                               char             **name,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_auto(BmdShopInfo) info = { 0 };

  if (!bmd_shopify_client_fetch_shop_info (self, &info, cancellable, error))
    return FALSE;
  if (iana_timezone != NULL)
    *iana_timezone = g_steal_pointer (&info.time_zone);
  if (currency != NULL)
    *currency = g_steal_pointer (&info.currency);
  if (name != NULL)
    *name = g_steal_pointer (&info.name);
  return TRUE;
}

guint
bmd_shopify_client_get_request_count (BmdShopifyClient *self)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), 0);

  return g_atomic_int_get (&self->request_count);
}

guint
bmd_shopify_client_get_throttled_count (BmdShopifyClient *self)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), 0);

  return g_atomic_int_get (&self->throttled_count);
}

guint
bmd_shopify_client_get_grant_count (BmdShopifyClient *self)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), 0);

  return g_atomic_int_get (&self->grant_count);
}

double
bmd_shopify_client_get_points_spent (BmdShopifyClient *self)
{
  double points;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), 0);

  g_mutex_lock (&self->stats_lock);
  points = self->points_spent;
  g_mutex_unlock (&self->stats_lock);

  return points;
}

double
bmd_shopify_client_get_bucket_wait (BmdShopifyClient *self)
{
  double seconds;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), 0);

  g_mutex_lock (&self->stats_lock);
  seconds = self->bucket_wait;
  g_mutex_unlock (&self->stats_lock);

  return seconds;
}

const char *
bmd_shopify_client_get_reported_api_version (BmdShopifyClient *self)
{
  const char *version;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), NULL);

  g_mutex_lock (&self->stats_lock);
  version = self->reported_version;
  g_mutex_unlock (&self->stats_lock);

  return version;
}
