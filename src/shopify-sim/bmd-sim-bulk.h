/* The simulator's bulk operations: bulkOperationRunQuery validates its inner
 * query as Shopify does, runs it unpaged through the query executor and
 * writes the answer as JSON Lines; the operation then moves through CREATED,
 * RUNNING and COMPLETED by the clock (no timers: every look computes the
 * state from the time elapsed). Not thread-safe; the server holds its lock
 * around every call. */
#pragma once

#include "bmd-shopify-sim.h"
#include "bmd-sim-exec.h"

G_BEGIN_DECLS

#define BMD_SIM_BULK_GID_PREFIX "gid://shopify/BulkOperation/"

/* The job starts this long after the mutation. */
#define BMD_SIM_BULK_START_DELAY_US   (1 * G_USEC_PER_SEC)
/* A cancelled job is CANCELING this long before it is CANCELED. */
#define BMD_SIM_BULK_CANCEL_DELAY_US  (G_USEC_PER_SEC / 2)
/* How long the other app's operation of the in-progress fault runs. */
#define BMD_SIM_BULK_BLOCKER_US       (3 * G_USEC_PER_SEC)

BmdSimBulk  *bmd_sim_bulk_new               (guint64          seed,
                                             double           rate,
                                             guint            concurrency,
                                             BmdSimBulkFault  every);
void         bmd_sim_bulk_free              (BmdSimBulk      *bulk);

/* Where the files listener is, "http://127.0.0.1:PORT"; urls are built on it. */
void         bmd_sim_bulk_set_file_base     (BmdSimBulk      *bulk,
                                             const char      *base);
/* The fault of the next operation only (NONE clears). */
void         bmd_sim_bulk_set_next_fault    (BmdSimBulk      *bulk,
                                             BmdSimBulkFault  fault);

/* The payloads of the mutations: {bulkOperation, userErrors}. */
JsonObject  *bmd_sim_bulk_run_query         (BmdSimBulk      *bulk,
                                             BmdSimStore     *store,
                                             const char      *query,
                                             gint64           now,
                                             gint64           mono_now);
JsonObject  *bmd_sim_bulk_cancel            (BmdSimBulk      *bulk,
                                             const char      *gid,
                                             gint64           mono_now);
/* The BulkOperation object as it is at @mono_now; NULL when unknown. */
JsonObject  *bmd_sim_bulk_describe          (BmdSimBulk      *bulk,
                                             const char      *gid,
                                             gint64           mono_now);
JsonObject  *bmd_sim_bulk_describe_current  (BmdSimBulk      *bulk,
                                             gint64           mono_now);

/* The file named @name (the last part of a url or partialDataUrl), when it
 * can be downloaded at @mono_now: a new reference. @cut is set when this
 * download is to stop half way (the cut-download fault, once per file).
 * Counts the download. */
GBytes      *bmd_sim_bulk_open_file         (BmdSimBulk      *bulk,
                                             const char      *name,
                                             gint64           mono_now,
                                             gboolean        *cut);

void         bmd_sim_bulk_get_counts        (BmdSimBulk      *bulk,
                                             guint           *created,
                                             guint           *downloads,
                                             guint           *cancelled);

G_END_DECLS
