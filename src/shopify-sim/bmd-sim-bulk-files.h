/* The storage host of bulk operation files: a second listener of the
 * simulator, on its own port, as Shopify's files live on another host than
 * the shop. Also the shop's test endpoints for bulk operations. */
#pragma once

#include <libsoup/soup.h>

#include "bmd-sim-bulk.h"

G_BEGIN_DECLS

typedef struct
{
  GMutex     *lock;        /* the simulator's, held around every use of bulk and fault_rand */
  BmdSimBulk *bulk;
  GRand      *fault_rand;
  double      fault_rate;  /* --fault-rate: a download fails with 500 or a dropped connection */
} BmdSimBulkFiles;

/* Listens on a free loopback port in the thread-default main context and
 * tells bulk its base url. */
SoupServer *bmd_sim_bulk_files_listen       (BmdSimBulkFiles    *files,
                                             GError            **error);

/* POST /admin/sim/bulk/fault?kind=KIND and GET /admin/sim/bulk on the
 * shop's listener; FALSE when @path is neither. */
gboolean    bmd_sim_bulk_files_handle_admin (BmdSimBulkFiles    *files,
                                             SoupServerMessage  *msg,
                                             const char         *path,
                                             GHashTable         *query);

G_END_DECLS
