#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Faults of bulk operations (--bulk-fault KIND, POST /admin/sim/bulk/fault?kind=KIND). */
typedef enum
{
  BMD_SIM_BULK_FAULT_NONE,          /* "none" */
  BMD_SIM_BULK_FAULT_FAILED,        /* "failed": FAILED half way, INTERNAL_SERVER_ERROR, partialDataUrl */
  BMD_SIM_BULK_FAULT_EXPIRED,       /* "expired": EXPIRED instead of COMPLETED, no url */
  BMD_SIM_BULK_FAULT_CUT_DOWNLOAD,  /* "cut-download": the file's first download stops half way */
  BMD_SIM_BULK_FAULT_IN_PROGRESS,   /* "in-progress": another app's operation fills the slots for a while */
} BmdSimBulkFault;

gboolean bmd_sim_bulk_fault_from_name (const char      *name,
                                       BmdSimBulkFault *fault);

typedef struct
{
  guint   requests;       /* customer requests (about two orders each); default 40 */
  guint64 seed;           /* default 1 */
  GDate  *around;         /* data centred on this day; NULL = today (UTC) */
  double  bucket;         /* points; default 2000 */
  double  restore_rate;   /* points per second; default 100 */
  double  fault_rate;     /* 0..1; default 0 */
  guint   create_rate;    /* orderCreate per minute; default 5 */
  double  token_lifetime; /* seconds, client-credentials tokens; default 86400 */
  /* metafieldsSet does not bump the order's updatedAt; default FALSE (it does,
   * as on Shopify) */
  gboolean metafield_edits_keep_updated_at;
  /* TRUE models the Shopify that has historically not copied a draft's
   * metafields to the order it becomes; default FALSE (they are copied). */
  gboolean drafts_drop_metafields;
  double   bulk_rate;        /* objects a second a bulk job writes; default 1000 */
  guint    bulk_concurrency; /* unfinished bulk operations allowed; default 5 */
  BmdSimBulkFault bulk_fault; /* of every bulk operation; default none */
} BmdShopifySimOptions;

void bmd_shopify_sim_options_init (BmdShopifySimOptions *options);

typedef enum
{
  BMD_SIM_FAULT_NONE,
  BMD_SIM_FAULT_HTTP_429,       /* with Retry-After */
  BMD_SIM_FAULT_HTTP_500,
  BMD_SIM_FAULT_HTTP_502,
  BMD_SIM_FAULT_THROTTLED,      /* HTTP 200, errors[].extensions.code THROTTLED */
  BMD_SIM_FAULT_SLOW,           /* answers after a delay (bmd_shopify_sim_set_slow_delay) */
  BMD_SIM_FAULT_TRUNCATED,      /* a body cut in the middle */
  BMD_SIM_FAULT_DROP,           /* connection closed without an answer */
  BMD_SIM_FAULT_HTTP_401,
  BMD_SIM_FAULT_HTTP_403,       /* missing read_orders scope */
  BMD_SIM_FAULT_BAD_JSON,       /* HTTP 200 with a body that is not JSON */
  /* The next answer that has an orders connection lists no orders and no
   * next page (answers without one let the fault wait): a wrong answer a
   * client must not take for a shop without orders. */
  BMD_SIM_FAULT_EMPTY_ORDERS,
  BMD_SIM_FAULT_DROP_AFTER,     /* runs the request, then closes the connection
                                 * without an answer: done, but the answer is lost */
} BmdSimFault;

#define BMD_TYPE_SHOPIFY_SIM (bmd_shopify_sim_get_type ())
G_DECLARE_FINAL_TYPE (BmdShopifySim, bmd_shopify_sim, BMD, SHOPIFY_SIM, GObject)

BmdShopifySim *bmd_shopify_sim_new            (const BmdShopifySimOptions *options);

/* Listens on 127.0.0.1:@port (0 = any) in its own thread with its own main
 * context, so that a test can make blocking calls from the main thread. */
gboolean       bmd_shopify_sim_start          (BmdShopifySim  *self,
                                               guint           port,
                                               GError        **error);
void           bmd_shopify_sim_stop           (BmdShopifySim  *self);
/* http://127.0.0.1:PORT */
const char    *bmd_shopify_sim_get_url        (BmdShopifySim  *self);

/* Test control; all thread-safe. */
void           bmd_shopify_sim_queue_fault    (BmdShopifySim  *self,
                                               BmdSimFault     fault,
                                               guint           count);
void           bmd_shopify_sim_set_slow_delay (BmdShopifySim  *self,
                                               double          seconds);
guint          bmd_shopify_sim_get_order_count (BmdShopifySim *self);
/* Element type char*: every order gid, sorted. */
GPtrArray     *bmd_shopify_sim_dup_order_ids  (BmdShopifySim  *self);
/* The node as the orders query returns it with the default keys. */
JsonObject    *bmd_shopify_sim_dup_order      (BmdShopifySim  *self,
                                               const char     *gid);
gboolean       bmd_shopify_sim_delete_order   (BmdShopifySim  *self,
                                               const char     *gid);
gboolean       bmd_shopify_sim_cancel_order   (BmdShopifySim  *self,
                                               const char     *gid);
/* @touch_updated_at FALSE models Shopify not bumping updatedAt on a metafield edit. */
gboolean       bmd_shopify_sim_set_metafield  (BmdShopifySim  *self,
                                               const char     *gid,
                                               const char     *ns,
                                               const char     *key,
                                               const char     *value,
                                               gboolean        touch_updated_at);
gboolean       bmd_shopify_sim_set_financial_status (BmdShopifySim *self,
                                                     const char    *gid,
                                                     const char    *status);
/* Makes the simulator another shop: its myshopifyDomain (and shop id, derived
 * from it) and its ianaTimezone ("" and unknown names are served as they
 * are). NULL leaves a value as it is. */
void           bmd_shopify_sim_set_shop       (BmdShopifySim  *self,
                                               const char     *domain,
                                               const char     *time_zone);
/* Adds a generated request (two orders) now, updatedAt = now. */
void           bmd_shopify_sim_add_requests   (BmdShopifySim  *self,
                                               guint           count);
/* JSON Lines of order nodes (the shape the orders query returns). */
gboolean       bmd_shopify_sim_load_jsonl     (BmdShopifySim  *self,
                                               const char     *path,
                                               GError        **error);

guint          bmd_shopify_sim_get_request_count   (BmdShopifySim *self);
guint          bmd_shopify_sim_get_throttled_count (BmdShopifySim *self);
double         bmd_shopify_sim_get_points_spent    (BmdShopifySim *self);

/* Pays draft order @draft_id's invoice: the draft becomes a PAID order (its
 * customer, line items, note and metafields). Returns the order's gid. Also
 * POST /admin/sim/draft_orders/pay?id=GID. */
char          *bmd_shopify_sim_pay_draft      (BmdShopifySim  *self,
                                               const char     *draft_id,
                                               GError        **error);
/* The fault of the next bulk operation only; NONE clears. */
void           bmd_shopify_sim_set_bulk_fault (BmdShopifySim   *self,
                                               BmdSimBulkFault  fault);
/* Bulk operations created, file downloads started, operations cancelled
 * (also GET /admin/sim/bulk). */
void           bmd_shopify_sim_get_bulk_counts (BmdShopifySim *self,
                                                guint         *created,
                                                guint         *downloads,
                                                guint         *cancelled);

/* How many draft orders draftOrderCreate made. */
guint          bmd_shopify_sim_get_draft_count (BmdShopifySim *self);
/* How many draftOrderInvoiceSend calls succeeded. */
guint          bmd_shopify_sim_get_invoices_sent (BmdShopifySim *self);

G_END_DECLS
