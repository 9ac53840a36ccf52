#pragma once

#include <gio/gio.h>

#include "bmd-config.h"
#include "bmd-shopify-client.h"

G_BEGIN_DECLS

/* Settling the drafts the app made for missing halves. Shopify has at
 * times not copied a draft order's metafields to the order it becomes once
 * paid, and an order without its draft type and pickup never pairs with its
 * request. Each refresh, before it reads the changed orders, asks Shopify
 * about the drafts not settled yet, and on each paid draft's order sets the
 * metafields the draft carries and the order lacks (metafieldsSet, which
 * moves the order's updatedAt: the same refresh then reads it whole). A
 * draft is settled once its order has them all, or once Shopify no longer
 * has it; an open draft is asked about again next time. */
typedef struct
{
  guint drafts_asked;    /* drafts not settled before */
  guint orders_set;      /* orders that were given metafields */
  guint metafields_set;
  guint settled;         /* drafts settled now */
} BmdDraftSettleCounts;

/* Blocking: a refresh's thread. @config names the metafields; @data_dir
 * holds the store that remembers the drafts. With no unsettled draft,
 * sends nothing. */
gboolean bmd_draft_settle (BmdShopifyClient      *client,
                           const BmdConfig       *config,
                           const char            *data_dir,
                           BmdDraftSettleCounts  *counts,
                           GCancellable          *cancellable,
                           GError               **error);

G_END_DECLS
