#pragma once

#include "bmd-sync.h"

G_BEGIN_DECLS

/* One refresh's state, shared by the incremental read (bmd-sync.c) and the
 * sweep (bmd-sync-sweep.c). */
typedef struct
{
  BmdStore *store;
  BmdPipelineJob *job;
  BmdSyncCounts *counts;
  GTimeZone *zone;
  GHashTable *seen;            /* ids stored in this sync */
  guint window_count;
  char *last_updated_at;       /* of the last order of the current walk */
} SyncContext;

/* A sweep may delete at most half of a store of this many live orders or
 * more at once: an id listing that leaves out more is taken for a wrong
 * answer, not for a shop that lost most of its orders overnight. */
#define BMD_SYNC_DELETE_GUARD_MIN_ORDERS 20

gboolean _bmd_sync_store_by_id_page_cb (JsonArray  *nodes,
                                        gpointer    user_data,
                                        GError    **error);
gboolean _bmd_sync_wrap_extract_error  (GError    **error,
                                        GError     *cause);
gboolean _bmd_sync_set_state           (BmdStore    *store,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);

/* Whether this refresh sweeps: --full, --sweep, or the interval passed. */
gboolean _bmd_sync_sweep_due           (const BmdConfig *config,
                                        BmdStore        *store,
                                        gboolean         full,
                                        GDateTime       *now);
/* Re-reads the metafields of every order still to come (@future_since: the
 * pickup bound) that this sync has not read, reads again those that changed,
 * and marks deleted the stored orders Shopify no longer lists, refusing an
 * answer that cannot be right. Records @until as the last sweep. */
gboolean _bmd_sync_sweep               (SyncContext       *sync,
                                        BmdShopifyClient  *client,
                                        const char        *future_since,
                                        const char        *until,
                                        GCancellable      *cancellable,
                                        GError           **error);

G_END_DECLS
