#pragma once

#include <curl/curl.h>

#include "bmd-shopify-client.h"
#include "bmd-shopify-private.h"
#include "bmd-throttle.h"

G_BEGIN_DECLS

/* Conservative first guesses of the requested cost per node, until a page
 * has shown the real figure: lineItems(first: 10) and five aliased
 * metafields make about 23 points an order. */
#define BMD_SHOPIFY_ORDERS_COST_PER_NODE 23.0
#define BMD_SHOPIFY_IDS_COST_PER_NODE 1.0
/* The order object and five metafield aliases. */
#define BMD_SHOPIFY_METAFIELDS_COST_PER_NODE 6.0
/* A draft order and its order, each with five metafield aliases. */
#define BMD_SHOPIFY_DRAFTS_COST_PER_NODE 12.0
#define BMD_SHOPIFY_DEFAULT_QUERY_COST 10.0
/* The first page of a read of changed orders: a refresh usually finds a few. */
#define BMD_SHOPIFY_FEW_ORDERS 10

struct _BmdShopifyClient
{
  GObject       parent_instance;

  char         *base_url;
  char         *host;
  char         *endpoint;
  char         *api_version;

  char         *access_token;
  char         *client_id;
  char         *client_secret;
  /* Monotonic µs when a granted token expires; 0 when it does not. */
  gint64        token_expires_at;
  double        token_lifetime;

  char         *ns;
  char         *draft_type_key;
  char         *pickup_key;
  char         *flavor_key;
  char         *theme_key;
  char         *allergies_key;

  double        retry_limit;
  double        request_timeout;
  double        create_retry_interval;
  /* FALSE: a request that may have reached Shopify is not sent again. */
  gboolean      resend_unanswered;
  /* The last request had an attempt whose answer was lost after it may have
   * reached Shopify. */
  gboolean      answer_lost;
  /* Once the store's creation limit has been hit, creations are spaced by
   * create_retry_interval from the last one that went through. */
  gboolean      create_paced;
  double        last_create;

  /* Used by one worker thread at a time. */
  CURL         *curl;
  CURLM        *multi;
  BmdThrottle  *throttle;
  GHashTable   *documents;     /* name → text */
  GHashTable   *node_costs;    /* document name → double* cost per node */
  GHashTable   *query_costs;   /* document name → double* last requested cost */
  GRand        *rand;
  gboolean      version_reported_once;

  GMutex        wait_lock;
  GCond         wait_cond;

  /* Read from other threads. */
  guint         request_count;
  guint         throttled_count;
  guint         grant_count;
  GMutex        stats_lock;
  double        points_spent;
  double        bucket_wait;      /* seconds waited for the modelled bucket */
  const char   *reported_version;
  GPtrArray    *reported_versions;  /* keeps every string handed out alive */
};

double      _bmd_shopify_now                       (void);
gboolean    _bmd_shopify_client_wait               (BmdShopifyClient    *self,
                                                    double               seconds,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
/* Sends document @name with @variables, estimated at @cost points, waiting
 * for the bucket and retrying within the retry limit. @detail goes into the
 * debug log. On success @response holds the answer. */
gboolean    _bmd_shopify_client_request            (BmdShopifyClient    *self,
                                                    const char          *name,
                                                    JsonObject          *variables,
                                                    double               cost,
                                                    const char          *detail,
                                                    BmdShopifyResponse  *response,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
double      _bmd_shopify_client_lookup_cost        (GHashTable          *table,
                                                    const char          *name,
                                                    double               fallback);
void        _bmd_shopify_client_store_cost         (GHashTable          *table,
                                                    const char          *name,
                                                    double               value);
void        _bmd_shopify_client_add_metafield_keys (BmdShopifyClient    *self,
                                                    JsonObject          *variables);

/* One HTTP exchange with the shop (bmd-shopify-transport.c). */
typedef struct
{
  GByteArray   *body;
  char         *retry_after;
  char         *api_version;
  GCancellable *cancellable;
  long          status;
  CURLcode      code;
  char          errbuf[CURL_ERROR_SIZE];
} BmdShopifyTransfer;

void        _bmd_shopify_transfer_clear            (BmdShopifyTransfer  *transfer);
void        _bmd_shopify_client_perform            (BmdShopifyClient    *self,
                                                    const char          *url,
                                                    struct curl_slist   *headers,
                                                    const char          *post,
                                                    gsize                post_len,
                                                    double               timeout,
                                                    GCancellable        *cancellable,
                                                    BmdShopifyTransfer  *transfer);
gboolean    _bmd_shopify_client_classify_transfer  (BmdShopifyClient    *self,
                                                    BmdShopifyTransfer  *transfer,
                                                    BmdShopifyResponse  *response,
                                                    GError             **error);

/* The client-credentials grant (bmd-shopify-grant.c). */
gboolean    _bmd_shopify_client_token_is_fresh     (BmdShopifyClient    *self);
gboolean    _bmd_shopify_client_grant_token        (BmdShopifyClient    *self,
                                                    double               timeout,
                                                    BmdShopifyResponse  *response,
                                                    GCancellable        *cancellable,
                                                    GError             **error);

G_END_DECLS
