#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <string.h>
#include "bmd-redact.h"
#include "bmd-json-text.h"
#include "bmd-wipe.h"
#include "bmd-shopify-client-private.h"

/* The client-credentials grant: a token that lasts about a day, renewed
 * before it runs out. */

/* A granted token is renewed when less than this much of its life is left
 * (or half its life, for short-lived ones). */
#define TOKEN_RENEW_MARGIN 300.0

gboolean
_bmd_shopify_client_token_is_fresh (BmdShopifyClient *self)
{
  double left;
  double margin;

  if (self->access_token == NULL)
    return FALSE;
  if (self->client_id == NULL || self->token_expires_at == 0)
    return TRUE;

  left = (self->token_expires_at - g_get_monotonic_time ()) / (double) G_USEC_PER_SEC;
  margin = MIN (TOKEN_RENEW_MARGIN, self->token_lifetime / 2);
  return left > margin;
}

static void
classify_grant (BmdShopifyClient   *self,
                BmdShopifyTransfer           *transfer,
                BmdShopifyResponse *response)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *object = NULL;
  const char *token = NULL;

  _bmd_shopify_response_clear (response);
  response->verdict = BMD_SHOPIFY_VERDICT_FATAL;

  if (bmd_json_parser_load (parser, (const char *) transfer->body->data,
                            transfer->body->len, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);

  if (transfer->status == 200)
    {
      if (object != NULL)
        token = json_object_get_string_member_with_default (object, "access_token", NULL);
      bmd_redact_remember (token);
      if (token == NULL || *token == '\0')
        {
          response->verdict = BMD_SHOPIFY_VERDICT_RETRY;
          response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                                         "Shopify’s answer to the access-token grant at %s "
                                         "has no access_token", self->host);
          return;
        }
      /* It goes into every request's headers: a line break would add some. */
      for (const char *p = token; *p != '\0'; p++)
        {
          if ((guchar) *p < 0x20 || *p == 0x7f)
            {
              response->verdict = BMD_SHOPIFY_VERDICT_FATAL;
              response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                                             "Shopify’s answer to the access-token grant at %s "
                                             "has an access_token that is not one line", self->host);
              return;
            }
        }

      g_free (self->access_token);
      self->access_token = g_strdup (token);
      self->token_lifetime = 0;
      self->token_expires_at = 0;
      if (json_object_has_member (object, "expires_in"))
        {
          JsonNode *node = json_object_get_member (object, "expires_in");

          if (JSON_NODE_HOLDS_VALUE (node))
            self->token_lifetime = json_node_get_double (node);
          if (self->token_lifetime > 0)
            self->token_expires_at = g_get_monotonic_time () +
                                     (gint64) (self->token_lifetime * G_USEC_PER_SEC);
        }
      g_atomic_int_inc (&self->grant_count);
      g_debug ("Granted an access token for %s, valid for %.0f s", self->host,
               self->token_lifetime);
      response->verdict = BMD_SHOPIFY_VERDICT_OK;
      return;
    }

  if (transfer->status == 429 || transfer->status >= 500)
    {
      response->verdict = BMD_SHOPIFY_VERDICT_RETRY;
      response->retry_after = _bmd_shopify_parse_retry_after (transfer->retry_after,
                                                              g_get_real_time () / G_USEC_PER_SEC);
      response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                                     "The access-token grant at %s kept failing (HTTP %ld)",
                                     self->host, transfer->status);
      return;
    }

  {
    const char *reason = NULL;

    /* error_description is Shopify's own text; it never echoes the secret. */
    if (object != NULL)
      reason = json_object_get_string_member_with_default (object, "error_description",
                 json_object_get_string_member_with_default (object, "error", NULL));
    response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH,
                                   "Shopify refused the client credentials for %s (HTTP %ld)%s%s: "
                                   "check the client id and secret",
                                   self->host, transfer->status,
                                   reason ? ": " : "", reason ? reason : "");
  }
}

gboolean
_bmd_shopify_client_grant_token (BmdShopifyClient    *self,
                                 double               timeout,
                                 BmdShopifyResponse  *response,
                                 GCancellable        *cancellable,
                                 GError             **error)
{
  g_autofree char *url = NULL;
  g_autofree char *form = NULL;
  struct curl_slist *headers = NULL;
  char *id;
  char *secret;
  BmdShopifyTransfer transfer = { 0 };
  gboolean ok;

  id = curl_easy_escape (self->curl, self->client_id, 0);
  secret = curl_easy_escape (self->curl, self->client_secret, 0);
  form = g_strdup_printf ("grant_type=client_credentials&client_id=%s&client_secret=%s",
                          id, secret);
  curl_free (id);
  curl_free (secret);

  url = g_strdup_printf ("%s/admin/oauth/access_token", self->base_url);
  headers = curl_slist_append (headers, "Content-Type: application/x-www-form-urlencoded");
  headers = curl_slist_append (headers, "Accept: application/json");

  g_debug ("Asking %s for an access token (client credentials)", self->host);
  _bmd_shopify_client_perform (self, url, headers, form, strlen (form), timeout, cancellable, &transfer);
  curl_slist_free_all (headers);
  bmd_wipe (form);

  if (transfer.code != CURLE_OK)
    ok = _bmd_shopify_client_classify_transfer (self, &transfer, response, error);
  else if (g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  else
    {
      classify_grant (self, &transfer, response);
      ok = TRUE;
    }

  _bmd_shopify_transfer_clear (&transfer);
  return ok;
}

/* Requests */
