#pragma once

#include <gio/gio.h>

#include "bmd-parquet-schema.h"

G_BEGIN_DECLS

/* The lake's Delta tables (DESIGN.md "The lakehouse"): the silver orders
 * (bmd.orders without raw) and the gold ready tables (the warehouse's
 * columns), each with as_of and run_id. Counts are long, money
 * decimal(12,2), dates date, instants timestamp. */

/* orders, customer_requests, weekly_streamline_orders, future_orders. */
const char * const *bmd_lake_tables             (void);
/* A new schema; NULL for a table that is not a lake table. */
BmdParquetSchema   *bmd_lake_table_schema       (const char *table);

typedef struct
{
  char   *table;
  GBytes *parquet;         /* the data file */
  char   *stats;           /* the add action's stats JSON */
  gint64  n_records;
  /* SHA-256 (hex) of the rows without as_of and run_id: equal digests mean
   * the table's rows did not change, so it needs no commit. */
  char   *content_digest;
} BmdLakeTableFile;

void                bmd_lake_table_file_free    (BmdLakeTableFile *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdLakeTableFile, bmd_lake_table_file_free)

/* @rows: the warehouse's rows of @table (JsonObject, as made by
 * bmd-warehouse-rows: ISO 8601 UTC instants, money as text); members that
 * are not the table's columns (raw) are left out. A row without as_of gets
 * @as_of. */
BmdLakeTableFile   *bmd_lake_table_write        (const char  *table,
                                                 GPtrArray   *rows,
                                                 GDateTime   *as_of,
                                                 GError     **error);
/* Every lake table, in bmd_lake_tables () order: @order_rows from
 * bmd_warehouse_order_rows (), @ready_rows_all from
 * bmd_warehouse_ready_rows_all (). Element type BmdLakeTableFile. */
GPtrArray          *bmd_lake_tables_write       (GPtrArray   *order_rows,
                                                 GPtrArray   *ready_rows_all,
                                                 GDateTime   *as_of,
                                                 GError     **error);

G_END_DECLS
