/* The simulator's draft orders: draftOrderCreate keeps a draft,
 * draftOrderInvoiceSend marks its invoice sent, and paying it (the test
 * endpoint POST /admin/sim/draft_orders/pay?id=GID, standing in for the
 * customer paying the invoice) completes it into a PAID order that the next
 * refresh reads, with the draft's customer, line items, note and metafields. */
#pragma once

#include <json-glib/json-glib.h>

#include "bmd-sim-data.h"

G_BEGIN_DECLS

/* A token that is accepted but lacks write_draft_orders: draft mutations get
 * ACCESS_DENIED, everything else works. */
#define BMD_SIM_NO_DRAFTS_TOKEN "no-drafts-token"
/* A token that is accepted but lacks write_orders: orderCreate and
 * metafieldsSet get ACCESS_DENIED, everything else works. */
#define BMD_SIM_NO_WRITE_ORDERS_TOKEN "no-write-orders-token"

typedef struct _BmdSimDrafts BmdSimDrafts;

BmdSimDrafts *bmd_sim_drafts_new      (void);
void          bmd_sim_drafts_free     (BmdSimDrafts *drafts);
/* draftOrderCreate's payload object {draftOrder, userErrors}. */
JsonObject   *bmd_sim_drafts_create   (BmdSimDrafts *drafts,
                                       JsonObject   *input,
                                       gint64        now);
/* draftOrderInvoiceSend's payload object. */
JsonObject   *bmd_sim_drafts_send_invoice (BmdSimDrafts *drafts,
                                           const char   *id,
                                           gint64        now);
/* Completes the draft @id as a paid order in @store, with the draft's
 * metafields only when @copy_metafields. Returns the order's
 * node, or NULL with @message. */
JsonObject   *bmd_sim_drafts_pay      (BmdSimDrafts  *drafts,
                                       BmdSimStore   *store,
                                       const char    *id,
                                       gboolean       copy_metafields,
                                       gint64         now,
                                       char         **message);
/* The drafts draftOrders(query: @query) finds, oldest first: "tag:NAME"
 * (quoted or not) matches a tag case-insensitively, as Shopify's search
 * does; NULL or "" finds all; any other term finds none (the simulator
 * knows no other). */
/* The draft with the gid @id, or NULL. */
JsonObject   *bmd_sim_drafts_lookup   (BmdSimDrafts *drafts,
                                       const char   *id);
JsonArray    *bmd_sim_drafts_search   (BmdSimDrafts *drafts,
                                       const char   *query);
guint         bmd_sim_drafts_get_n_drafts (BmdSimDrafts *drafts);
guint         bmd_sim_drafts_get_n_invoices_sent (BmdSimDrafts *drafts);

G_END_DECLS
