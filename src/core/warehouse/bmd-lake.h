#pragma once

#include <gio/gio.h>

#include "bmd-plan.h"
#include "bmd-s3.h"

G_BEGIN_DECLS

/* The lake's layout under PREFIX (may be empty):
 *   PREFIX/raw/orders/run=RUN_ID/orders.jsonl.gz
 *   PREFIX/ready/TABLE/run=RUN_ID/TABLE.jsonl.gz
 *   PREFIX/delta/TABLE/                      (Delta tables, see bmd-delta-table.h) */
char     *bmd_lake_orders_key      (const char *prefix,
                                    const char *run_id);
char     *bmd_lake_ready_key       (const char *prefix,
                                    const char *table,
                                    const char *run_id);
/* A Delta table's folder, without the trailing "/": PREFIX/delta/TABLE. */
char     *bmd_lake_delta_root      (const char *prefix,
                                    const char *table);
/* The folder of one run's snapshot, what Redshift's COPY loads ("…/run=ID/"). */
char     *bmd_lake_orders_run_prefix (const char *prefix,
                                      const char *run_id);

/* Writes the full snapshot (@order_rows, element type JsonObject, from
 * bmd_warehouse_order_rows()) and, when @ready_rows is not NULL, the ready
 * tables (bmd_warehouse_ready_rows_all()).
 * The orders file goes first, then the ready tables; S3 stores each object
 * whole or not at all, so a failed upload leaves no partial file behind.
 * Rewriting the same run id replaces its files. @out_key: the orders file's key. */
gboolean  bmd_lake_upload          (BmdS3Client   *client,
                                    const char    *bucket,
                                    const char    *prefix,
                                    const char    *run_id,
                                    GPtrArray     *order_rows,
                                    GPtrArray     *ready_rows,
                                    char         **out_key,
                                    GCancellable  *cancellable,
                                    GError       **error);

G_END_DECLS
