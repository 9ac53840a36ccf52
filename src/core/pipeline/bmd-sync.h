#pragma once

#include "bmd-config.h"
#include "bmd-pipeline-job.h"
#include "bmd-shopify-client.h"
#include "bmd-store.h"

G_BEGIN_DECLS

/* Sync state keys kept in the store, each written in the same transaction as
 * the orders it describes. */
#define BMD_STATE_WATERMARK     "watermark_updated_at"
/* When the last sweep read Shopify (the key predates the sweep: stores keep
 * their schedule). */
#define BMD_STATE_LAST_SWEEP    "last_full_id_check"

typedef struct
{
  guint added;
  guint updated;
  guint deleted;
  guint total;
  char *run_started_at;   /* ISO 8601 UTC */
  char *shop_domain;      /* myshopifyDomain, as the shop said */
  char *zone_warning;     /* the shop's zone is unknown here; NULL if not */
  /* Settling the app's paid drafts failed (bmd-draft-settle.h); the orders
   * were refreshed all the same. NULL if not. */
  char *draft_warning;
  double bucket_wait;     /* seconds the client waited for Shopify's bucket */
  /* How the orders were read, for progress and benchmarks. */
  gboolean bulk_used;     /* through a bulk operation's file */
  gboolean bulk_created;  /* this refresh started that operation (not resumed it) */
  guint    bulk_polls;
  double   bulk_start_seconds;  /* bulkOperationRunQuery's answer took */
  guint64  bulk_objects;  /* the operation's objectCount */
  guint64  bulk_bytes;    /* of its file, downloaded */
  guint    requests;      /* GraphQL requests sent */
  double   points;        /* Shopify rate-limit points spent */
} BmdSyncCounts;

void     bmd_sync_counts_clear (BmdSyncCounts *counts);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdSyncCounts, bmd_sync_counts_clear)

/* A Shopify client for @config's shop, credentials, retry limit and
 * metafield keys; NULL with a BMD_PIPELINE_ERROR_CONFIG that names what is
 * missing. */
BmdShopifyClient *bmd_sync_create_client (const BmdConfig  *config,
                                          GError          **error);

/* Extract and store, in one store transaction: on any failure (or
 * cancellation) the store is left exactly as it was. The caller holds the
 * refresh lock. Errors are BMD_PIPELINE_ERROR_EXTRACT / _STORE / _CONFIG
 * (or G_IO_ERROR_CANCELLED), with the stage named in the message. */
gboolean bmd_sync_run (const BmdConfig  *config,
                       BmdStore         *store,
                       gboolean          full,
                       BmdPipelineJob   *job,
                       BmdSyncCounts    *counts,
                       GError          **error);

G_END_DECLS
