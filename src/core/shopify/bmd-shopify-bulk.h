#pragma once

#include "bmd-bulk-jsonl.h"
#include "bmd-shopify-client.h"

G_BEGIN_DECLS

/* Bulk operations: one query Shopify runs on its own time, outside the rate
 * limit, whose JSON Lines file is then downloaded from a storage host. */

typedef enum
{
  BMD_BULK_STATUS_UNKNOWN,
  BMD_BULK_STATUS_CREATED,
  BMD_BULK_STATUS_RUNNING,
  BMD_BULK_STATUS_COMPLETED,
  BMD_BULK_STATUS_CANCELING,
  BMD_BULK_STATUS_CANCELED,
  BMD_BULK_STATUS_FAILED,
  BMD_BULK_STATUS_EXPIRED,
} BmdBulkStatus;

/* What a poll tells; strings may be NULL. */
typedef struct
{
  char          *id;
  BmdBulkStatus  status;
  char          *status_name;     /* as Shopify wrote it */
  char          *error_code;      /* FAILED: ACCESS_DENIED, INTERNAL_SERVER_ERROR, TIMEOUT */
  guint64        object_count;
  guint64        root_object_count;
  guint64        file_size;
  char          *url;             /* COMPLETED with objects: the file */
  char          *partial_data_url;
} BmdBulkOperation;

void     bmd_bulk_operation_clear (BmdBulkOperation *operation);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdBulkOperation, bmd_bulk_operation_clear)

/* The finished states: the operation will not change any more. */
gboolean bmd_bulk_status_is_final (BmdBulkStatus status);

/* The nested connections of bulk-orders.graphql, for bmd_bulk_jsonl_new (). */
extern const BmdBulkConnection bmd_bulk_orders_connections[];
extern const guint             bmd_bulk_orders_n_connections;

/* The text of the bulk query over orders matching @search (NULL: all):
 * bulk-orders.graphql, with the client's metafield keys and @search
 * written in, as bulkOperationRunQuery takes it. */
char    *bmd_shopify_client_dup_bulk_orders_query (BmdShopifyClient  *self,
                                                   const char        *search,
                                                   GError           **error);

/* Starts a bulk operation over orders matching @search and returns its id.
 * When Shopify already runs as many as it allows for this app:
 * BMD_SHOPIFY_ERROR_BULK_BUSY, with Shopify's message. Other userErrors:
 * BMD_SHOPIFY_ERROR_USER. */
char    *bmd_shopify_client_bulk_run_orders       (BmdShopifyClient  *self,
                                                   const char        *search,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
/* Reads the state of operation @id. An id Shopify does not know (node is
 * null): BMD_SHOPIFY_ERROR_BULK_GONE. */
gboolean bmd_shopify_client_bulk_poll             (BmdShopifyClient  *self,
                                                   const char        *id,
                                                   BmdBulkOperation  *operation,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
/* bulkOperationCancel: Shopify stops the operation (CANCELING, then
 * CANCELED). An operation that has already finished is not an error. */
gboolean bmd_shopify_client_bulk_cancel           (BmdShopifyClient  *self,
                                                   const char        *id,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
/* ordersCount over @search: sets @count and whether Shopify only says "at
 * least" (@at_least, may be NULL; Shopify counts up to 10,000). */
gboolean bmd_shopify_client_count_orders          (BmdShopifyClient  *self,
                                                   const char        *search,
                                                   guint64           *count,
                                                   gboolean          *at_least,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

/* Called as bytes of the file arrive: @received so far of @total (0 when
 * unknown). */
typedef void (*BmdBulkDownloadFunc) (guint64  received,
                                     guint64  total,
                                     gpointer user_data);

/* Downloads @url (https://, or http:// to this machine) into @reader with a
 * request of its own that carries no Shopify token: the file lives on a
 * storage host, not the shop. A transfer cut short resumes where it ended
 * (Range) for up to @retry_limit seconds; a server that ignores the range
 * starts the reader over. Errors never quote @url (its name is what grants
 * access): BMD_SHOPIFY_ERROR_NETWORK when the retries ran out,
 * BMD_SHOPIFY_ERROR_BULK_GONE on 403/404/410 (expired or refused), the
 * reader's G_IO_ERROR_INVALID_DATA on a bad line, G_IO_ERROR_CANCELLED. */
gboolean bmd_bulk_download                        (const char           *url,
                                                   guint64               total,
                                                   BmdBulkJsonl         *reader,
                                                   double                retry_limit,
                                                   BmdBulkDownloadFunc   progress,
                                                   gpointer              user_data,
                                                   GCancellable         *cancellable,
                                                   GError              **error);

G_END_DECLS
