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
  /* A full bulk read's order ids: the sweep takes them (with seen) for
   * Shopify's list of ids instead of walking it. NULL otherwise. */
  GHashTable *listed_ids;
} SyncContext;

/* Orders a bulk operation read (bmd-sync-bulk.c). */
typedef struct
{
  GPtrArray  *orders;   /* JsonObject*, as a paged answer has them */
  GHashTable *ids;      /* a full read: every order id; else NULL */
  char       *until;    /* the read's end */
  char       *search;
} BmdSyncBulk;

void     _bmd_sync_bulk_free   (BmdSyncBulk *bulk);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdSyncBulk, _bmd_sync_bulk_free)

/* The orders query of a read from @since (NULL: the beginning) to @until. */
char    *_bmd_sync_dup_search  (const char *since,
                                const char *until);

/* Before the refresh's transaction: when this refresh is to read through a
 * bulk operation (one is kept from a refresh that was stopped; none and
 * @since is NULL; or more than bulk-threshold orders match), runs it to its
 * end and reads its file into *@out. *@out NULL without an error: the
 * refresh pages (bulk off, few orders, or the operation failed, expired or
 * was cancelled, which it logs). FALSE on a failure the refresh cannot go
 * around (the operation then stays kept, to be resumed) or a cancel (the
 * operation is cancelled too). */
gboolean _bmd_sync_bulk_read   (const BmdConfig   *config,
                                BmdShopifyClient  *client,
                                BmdStore          *store,
                                const char        *since,
                                const char        *until,
                                gboolean           full,
                                BmdPipelineJob    *job,
                                BmdSyncCounts     *counts,
                                BmdSyncBulk      **out,
                                GCancellable      *cancellable,
                                GError           **error);

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
