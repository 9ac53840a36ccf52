#pragma once

#include "bmd-store.h"

G_BEGIN_DECLS

/* The bulk operation a refresh started (store schema 3). It is written and
 * cleared outside the refresh's transaction, on purpose: it must survive the
 * refresh being killed, so that the next refresh resumes it. */
typedef struct
{
  char     *id;          /* gid://shopify/BulkOperation/N */
  char     *search;      /* the orders query it runs; NULL: every order */
  char     *until;       /* ISO 8601 UTC: the read's end, the watermark once stored */
  gboolean  full;        /* started by a full read (no watermark, or --full) */
  char     *started_at;  /* ISO 8601 UTC */
} BmdStoreBulk;

void     bmd_store_bulk_clear (BmdStoreBulk *bulk);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdStoreBulk, bmd_store_bulk_clear)

/* Fills @bulk with the kept operation: FALSE (no error) when none is kept. */
gboolean bmd_store_get_bulk   (BmdStore      *self,
                               BmdStoreBulk  *bulk,
                               GError       **error);
/* Keeps @bulk, replacing any kept one; committed at once unless a
 * transaction is open. */
gboolean bmd_store_set_bulk   (BmdStore            *self,
                               const BmdStoreBulk  *bulk,
                               GError             **error);
/* Forgets the kept operation, if any. */
gboolean bmd_store_clear_bulk (BmdStore  *self,
                               GError   **error);

G_END_DECLS
