#pragma once

#include <gio/gio.h>

#include "bmd-config.h"
#include "bmd-draft-log.h"
#include "bmd-missing-half.h"

G_BEGIN_DECLS

/* Creating a request's missing half in Shopify, in a worker thread: one
 * draftOrderCreate (cost 10), then the draft remembered in the local
 * warehouse. Either the draft exists and is remembered, or the error says
 * that nothing was created and what to do (a token without
 * write_draft_orders, Shopify's userErrors, no connection). */
void            bmd_missing_half_create_async  (const BmdConfig      *config,
                                                const BmdMissingHalf *half,
                                                const char           *amount,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
BmdDraftRecord *bmd_missing_half_create_finish (GAsyncResult  *result,
                                                GError       **error);

/* draftOrderInvoiceSend: Shopify emails the draft's invoice to the customer. */
void            bmd_draft_invoice_send_async   (const BmdConfig      *config,
                                                const char           *draft_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean        bmd_draft_invoice_send_finish  (GAsyncResult  *result,
                                                GError       **error);

G_END_DECLS
