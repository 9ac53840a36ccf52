#pragma once

#include "bmd-shopify-client.h"

G_BEGIN_DECLS

/* Checks a shop setting. Returns the base URL ("https://bakery.myshopify.com",
 * "http://127.0.0.1:8080") and sets @host to the name used in messages. */
char *_bmd_shopify_parse_shop (const char  *shop,
                               char       **host,
                               GError     **error);

typedef enum
{
  BMD_SHOPIFY_VERDICT_OK,
  BMD_SHOPIFY_VERDICT_RETRY,      /* transient: retry after a backoff */
  BMD_SHOPIFY_VERDICT_THROTTLED,  /* transient, and counts as a throttled answer */
  BMD_SHOPIFY_VERDICT_REAUTH,     /* 401: renew a granted token once, else fail */
  BMD_SHOPIFY_VERDICT_FATAL,
} BmdShopifyVerdict;

typedef struct
{
  BmdShopifyVerdict verdict;
  /* FATAL and REAUTH: the error to report; RETRY and THROTTLED: what to
   * report when the retries run out. */
  GError     *error;
  /* Seconds from Retry-After, or a negative number when absent. */
  double      retry_after;
  /* RETRY: the request never left (no connection was made), so Shopify
   * cannot have run it. */
  gboolean    unsent;
  /* OK: the whole answer and its "data" member (borrowed from @root). */
  JsonNode   *root;
  JsonObject *data;
  /* extensions.cost, when present. */
  gboolean    has_cost;
  double      requested_cost;
  double      actual_cost;
  gboolean    has_throttle_status;
  double      maximum_available;
  double      currently_available;
  double      restore_rate;
  /* A GraphQL error code seen (the first one), e.g. MAX_COST_EXCEEDED. */
  char       *error_code;
} BmdShopifyResponse;

void _bmd_shopify_response_init  (BmdShopifyResponse *response);
void _bmd_shopify_response_clear (BmdShopifyResponse *response);

/* Classifies one HTTP answer from the GraphQL endpoint. @shop names the
 * shop in messages. */
void _bmd_shopify_response_classify (BmdShopifyResponse *response,
                                     const char         *shop,
                                     guint               http_status,
                                     const char         *retry_after,
                                     const char         *body,
                                     gsize               body_len);

/* The scopes a 403 body names ("read_orders"), comma-separated, or NULL. */
char *_bmd_shopify_find_scopes (const char *body,
                                gsize       body_len);

/* Seconds from a Retry-After value (delta-seconds or an HTTP date compared
 * with @now_unix); negative when unusable. */
double _bmd_shopify_parse_retry_after (const char *value,
                                       gint64      now_unix);

/* userErrors messages that mean the store's creation limit was hit. */
gboolean _bmd_shopify_is_rate_limit_message (const char *message);

/* @object's member @name if it is an object (or array), else NULL; @object
 * may be NULL. */
JsonObject *_bmd_shopify_get_object (JsonObject *object,
                                     const char *name);
JsonArray  *_bmd_shopify_get_array  (JsonObject *object,
                                     const char *name);

G_END_DECLS
