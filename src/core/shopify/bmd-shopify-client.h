#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define BMD_SHOPIFY_ERROR (bmd_shopify_error_quark ())

typedef enum
{
  BMD_SHOPIFY_ERROR_INVALID_SHOP,  /* the shop setting is not a shop domain or a loopback URL */
  BMD_SHOPIFY_ERROR_AUTH,          /* 401: bad or expired token, or the grant was refused */
  BMD_SHOPIFY_ERROR_PAYMENT,       /* 402: the shop is frozen */
  BMD_SHOPIFY_ERROR_FORBIDDEN,     /* 403: a missing scope, named in the message */
  BMD_SHOPIFY_ERROR_LOCKED,        /* 423: the shop is locked */
  BMD_SHOPIFY_ERROR_THROTTLED,     /* still throttled when the retry time ran out */
  BMD_SHOPIFY_ERROR_GRAPHQL,       /* the API refused the query (errors[] without data) */
  BMD_SHOPIFY_ERROR_USER,          /* a mutation's userErrors */
  BMD_SHOPIFY_ERROR_NETWORK,       /* connection, TLS, 5xx or timeout, after the retries ran out */
  BMD_SHOPIFY_ERROR_BAD_RESPONSE,  /* not JSON, truncated, or not the shape asked for */
  BMD_SHOPIFY_ERROR_BULK_BUSY,     /* as many bulk operations run as Shopify allows */
  BMD_SHOPIFY_ERROR_BULK_GONE,     /* a bulk operation or its file Shopify no longer has */
} BmdShopifyError;

/* One page of nodes. Returning FALSE (with @error set) stops the walk. */
typedef gboolean (*BmdShopifyPageFunc) (JsonArray  *nodes,
                                        gpointer    user_data,
                                        GError    **error);

/* What the shop query tells about the shop; any member may be NULL. */
typedef struct
{
  char *domain;     /* myshopifyDomain: names the shop whatever its URL */
  char *time_zone;  /* ianaTimezone, as the shop sends it */
  char *currency;
  char *name;
} BmdShopInfo;

void bmd_shop_info_clear (BmdShopInfo *info);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdShopInfo, bmd_shop_info_clear)

#define BMD_TYPE_SHOPIFY_CLIENT (bmd_shopify_client_get_type ())
G_DECLARE_FINAL_TYPE (BmdShopifyClient, bmd_shopify_client, BMD, SHOPIFY_CLIENT, GObject)

GQuark            bmd_shopify_error_quark               (void);

/* @shop: "bakery" or "bakery.myshopify.com" (HTTPS, verified), or an http://
 * URL on a loopback address (the simulator). Anything else is INVALID_SHOP. */
BmdShopifyClient *bmd_shopify_client_new                (const char  *shop,
                                                         const char  *api_version,
                                                         GError     **error);
const char       *bmd_shopify_client_get_endpoint       (BmdShopifyClient *self);

void              bmd_shopify_client_set_access_token   (BmdShopifyClient *self,
                                                         const char       *token);
/* The client-credentials grant: the token is fetched on first use, renewed
 * before it expires and once on a 401. */
void              bmd_shopify_client_set_client_credentials (BmdShopifyClient *self,
                                                             const char       *client_id,
                                                             const char       *client_secret);
/* Defaults: "custom", draft_type, pickup_date, flavor, theme, allergies. */
void              bmd_shopify_client_set_metafield_keys (BmdShopifyClient *self,
                                                         const char       *ns,
                                                         const char       *draft_type_key,
                                                         const char       *pickup_key,
                                                         const char       *flavor_key,
                                                         const char       *theme_key,
                                                         const char       *allergies_key);
/* How long retries of one request may go on (default 120 s). */
void              bmd_shopify_client_set_retry_limit    (BmdShopifyClient *self,
                                                         double            seconds);

/* Blocking calls, for worker threads. Each honours @cancellable within a second. */

/* Sends a document from resources/graphql/ by name ("orders", "shop", …) and
 * returns its "data" object. */
JsonObject       *bmd_shopify_client_query              (BmdShopifyClient  *self,
                                                         const char        *document,
                                                         JsonObject        *variables,
                                                         GCancellable      *cancellable,
                                                         GError           **error);
gboolean          bmd_shopify_client_fetch_shop_info    (BmdShopifyClient  *self,
                                                         BmdShopInfo       *info,
                                                         GCancellable      *cancellable,
                                                         GError           **error);
gboolean          bmd_shopify_client_fetch_shop         (BmdShopifyClient  *self,
                                                         char             **iana_timezone,
                                                         char             **currency,
                                                         char             **name,
                                                         GCancellable      *cancellable,
                                                         GError           **error);
/* Walks orders(query: @search) page by page, sized from the observed cost. */
gboolean          bmd_shopify_client_fetch_orders       (BmdShopifyClient   *self,
                                                         const char         *search,
                                                         BmdShopifyPageFunc  func,
                                                         gpointer            user_data,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* The same walk for a read expected to find few orders (a refresh's changed
 * orders): the first page asks for a few, and no more than the bucket holds
 * at the moment, so that finding nothing never waits for the bucket; pages
 * grow while they come back full, up to what the bucket and the
 * single-query limit allow. */
gboolean          bmd_shopify_client_fetch_changed_orders (BmdShopifyClient   *self,
                                                           const char         *search,
                                                           BmdShopifyPageFunc  func,
                                                           gpointer            user_data,
                                                           GCancellable       *cancellable,
                                                           GError            **error);
/* Pages of {id} nodes only. */
gboolean          bmd_shopify_client_fetch_order_ids    (BmdShopifyClient   *self,
                                                         const char         *search,
                                                         BmdShopifyPageFunc  func,
                                                         gpointer            user_data,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* nodes(ids:) in batches; ids that no longer exist come back as null and are skipped. */
gboolean          bmd_shopify_client_fetch_orders_by_id (BmdShopifyClient   *self,
                                                         GPtrArray          *ids,
                                                         BmdShopifyPageFunc  func,
                                                         gpointer            user_data,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* The same nodes(ids:) walk with only id, updatedAt and the custom
 * metafields: the cheap way to notice metafield edits. */
gboolean          bmd_shopify_client_fetch_order_metafields_by_id (BmdShopifyClient   *self,
                                                                   GPtrArray          *ids,
                                                                   BmdShopifyPageFunc  func,
                                                                   gpointer            user_data,
                                                                   GCancellable       *cancellable,
                                                                   GError            **error);
/* The draft orders @ids (draft-orders-by-id.graphql: status, the custom
 * metafields with their types, and the order a paid draft became, with
 * its), in batches; a draft Shopify no longer has is left out. */
gboolean          bmd_shopify_client_fetch_drafts_by_id (BmdShopifyClient   *self,
                                                         GPtrArray          *ids,
                                                         BmdShopifyPageFunc  func,
                                                         gpointer            user_data,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* orderCreate; waits out the store's creation limit. Returns the new order's gid. */
char             *bmd_shopify_client_create_order       (BmdShopifyClient  *self,
                                                         JsonObject        *order_input,
                                                         GCancellable      *cancellable,
                                                         GError           **error);

/* Figures for progress and benchmarks. */
guint             bmd_shopify_client_get_request_count   (BmdShopifyClient *self);
guint             bmd_shopify_client_get_throttled_count (BmdShopifyClient *self);
double            bmd_shopify_client_get_points_spent    (BmdShopifyClient *self);
/* Seconds spent waiting for the modelled bucket to hold a request's
 * requested cost (not retries after a refusal). */
double            bmd_shopify_client_get_bucket_wait     (BmdShopifyClient *self);
/* The X-Shopify-API-Version the server last answered with, or NULL. */
const char       *bmd_shopify_client_get_reported_api_version (BmdShopifyClient *self);

/* The longest one HTTP exchange may take before it counts as a timeout and
 * is retried (default 60 s). */
void              bmd_shopify_client_set_request_timeout (BmdShopifyClient *self,
                                                          double            seconds);
/* How long create_order waits before trying again when the store's order
 * creation limit was hit (default 12 s: a development store allows 5 a minute). */
void              bmd_shopify_client_set_create_retry_interval (BmdShopifyClient *self,
                                                                double            seconds);
/* Whether a request whose answer was lost (a dropped connection, a timeout,
 * a 5xx, a cut body: Shopify may have run it) is sent again (default TRUE).
 * A mutation that must not run twice turns it off and checks whether it took
 * effect before sending it again; throttled requests, which Shopify refused
 * before running them, are still retried. */
void              bmd_shopify_client_set_resend_unanswered (BmdShopifyClient *self,
                                                            gboolean          resend);
/* Whether the last request failed after an attempt whose answer was lost
 * once it may have reached Shopify (so Shopify may have run it), as opposed
 * to one refused or never sent. */
gboolean          bmd_shopify_client_get_answer_lost (BmdShopifyClient *self);
/* How many access tokens the client-credentials grant has handed out. */
guint             bmd_shopify_client_get_grant_count     (BmdShopifyClient *self);

G_END_DECLS
