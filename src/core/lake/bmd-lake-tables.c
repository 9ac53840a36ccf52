#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <string.h>

#include "bmd-lake-tables.h"
#include "bmd-parquet-values.h"
#include "bmd-parquet-writer.h"
#include "bmd-warehouse-rows.h"

static const char * const lake_tables[] = {
  "orders", "customer_requests", "weekly_streamline_orders", "future_orders",
  "monthly_metrics", "customer_state", "dim_customers_scd", NULL
};

/* The Insights' tables say their types column by column: their names
 * (cakes, revenue, first_pickup, valid_from) follow no rule the order
 * tables' do. Counts long, money decimal(12,2), dates date, instants
 * timestamp, flags boolean; month ("2026-03") and the rest text. */
typedef struct
{
  const char *table;
  const char *column;
  BmdParquetType type;
} ColumnType;

static const ColumnType column_types[] = {
  { "monthly_metrics", "cakes", BMD_PARQUET_TYPE_LONG },
  { "monthly_metrics", "revenue", BMD_PARQUET_TYPE_DECIMAL_12_2 },
  { "monthly_metrics", "average_cake_value", BMD_PARQUET_TYPE_DECIMAL_12_2 },
  { "monthly_metrics", "unpaid", BMD_PARQUET_TYPE_LONG },
  { "monthly_metrics", "new_customers", BMD_PARQUET_TYPE_LONG },
  { "monthly_metrics", "returning_customers", BMD_PARQUET_TYPE_LONG },
  { "monthly_metrics", "median_lead_days", BMD_PARQUET_TYPE_LONG },
  { "customer_state", "cakes", BMD_PARQUET_TYPE_LONG },
  { "customer_state", "revenue", BMD_PARQUET_TYPE_DECIMAL_12_2 },
  { "customer_state", "first_pickup", BMD_PARQUET_TYPE_DATE },
  { "customer_state", "last_pickup", BMD_PARQUET_TYPE_DATE },
  { "customer_state", "next_pickup", BMD_PARQUET_TYPE_DATE },
  { "customer_state", "vip", BMD_PARQUET_TYPE_BOOLEAN },
  { "dim_customers_scd", "cakes", BMD_PARQUET_TYPE_LONG },
  { "dim_customers_scd", "vip", BMD_PARQUET_TYPE_BOOLEAN },
  { "dim_customers_scd", "valid_from", BMD_PARQUET_TYPE_TIMESTAMP },
  { "dim_customers_scd", "valid_to", BMD_PARQUET_TYPE_TIMESTAMP },
  { "dim_customers_scd", "is_current", BMD_PARQUET_TYPE_BOOLEAN },
};

/* Columns that stay out of the digest: they change on every refresh. */
static const char * const volatile_columns[] = { "as_of", "run_id", NULL };

/* Columns whose values are (nearly) all different: a dictionary only adds
 * indexes to them. */
static const char * const plain_columns[] = {
  "order_id", "order_name", "email", "phone", "note", "request_id", "deposit_order_id",
  "remaining_order_id", "created_at", "updated_at", "processed_at", NULL
};

const char * const *
bmd_lake_tables (void)
{
  return lake_tables;
}

static BmdParquetType
column_type (const char *table,
             const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (column_types); i++)
    {
      if (strcmp (column_types[i].table, table) == 0 && strcmp (column_types[i].column, column) == 0)
        return column_types[i].type;
    }
  if (g_str_has_suffix (column, "_at") || strcmp (column, "pickup_date") == 0 ||
      strcmp (column, "as_of") == 0)
    return BMD_PARQUET_TYPE_TIMESTAMP;
  if (strcmp (column, "total_price") == 0)
    return BMD_PARQUET_TYPE_DECIMAL_12_2;
  return BMD_PARQUET_TYPE_STRING;
}

/* The warehouse table's key columns are NOT NULL there, so here. */
static gboolean
column_nullable (const char *table,
                 const char *column)
{
  return !((strcmp (table, "orders") == 0 && strcmp (column, "order_id") == 0) ||
           (strcmp (table, "customer_requests") == 0 && strcmp (column, "request_id") == 0));
}

static gboolean
is_lake_table (const char *table)
{
  return g_strv_contains ((const char * const *) lake_tables, table);
}

BmdParquetSchema *
bmd_lake_table_schema (const char *table)
{
  const char * const *columns;
  BmdParquetSchema *schema;
  gboolean has_as_of = FALSE;

  g_return_val_if_fail (table != NULL, NULL);

  if (!is_lake_table (table))
    return NULL;
  columns = bmd_warehouse_columns (table);
  g_assert (columns != NULL);
  has_as_of = g_strv_contains (columns, "as_of");

  schema = bmd_parquet_schema_new ();
  for (guint i = 0; columns[i] != NULL; i++)
    {
      if (strcmp (columns[i], "raw") == 0)
        continue;
      /* Silver orders: as_of joins the warehouse columns, before run_id. */
      if (!has_as_of && strcmp (columns[i], "run_id") == 0)
        bmd_parquet_schema_add (schema, "as_of", BMD_PARQUET_TYPE_TIMESTAMP, TRUE);
      bmd_parquet_schema_add (schema, columns[i], column_type (table, columns[i]),
                              column_nullable (table, columns[i]));
    }
  return schema;
}

void
bmd_lake_table_file_free (BmdLakeTableFile *file)
{
  if (file == NULL)
    return;
  g_free (file->table);
  g_clear_pointer (&file->parquet, g_bytes_unref);
  g_free (file->stats);
  g_free (file->content_digest);
  g_free (file);
}

static void
digest_row (GChecksum        *checksum,
            BmdParquetSchema *schema,
            JsonObject       *row)
{
  guint n = bmd_parquet_schema_get_n_fields (schema);

  for (guint i = 0; i < n; i++)
    {
      const char *name = bmd_parquet_field_get_name (bmd_parquet_schema_get_field (schema, i));
      JsonNode *node;

      if (g_strv_contains (volatile_columns, name))
        continue;
      node = json_object_get_member (row, name);
      /* A tag byte keeps null, "" and a value that looks like a tag apart. */
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        g_checksum_update (checksum, (const guchar *) "N", 2);
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          g_checksum_update (checksum, (const guchar *) "S", 1);
          g_checksum_update (checksum, (const guchar *) text, strlen (text) + 1);
        }
      else
        {
          g_autofree char *text = json_to_string (node, FALSE);

          g_checksum_update (checksum, (const guchar *) "J", 1);
          g_checksum_update (checksum, (const guchar *) text, strlen (text) + 1);
        }
    }
  g_checksum_update (checksum, (const guchar *) "\n", 1);
}

BmdLakeTableFile *
bmd_lake_table_write (const char  *table,
                      GPtrArray   *rows,
                      GDateTime   *as_of,
                      GError     **error)
{
  g_autoptr(BmdParquetSchema) schema = NULL;
  g_autoptr(BmdParquetWriter) writer = NULL;
  g_autoptr(JsonObject) defaults = json_object_new ();
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GBytes) parquet = NULL;
  BmdLakeTableFile *file;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (rows != NULL, NULL);
  g_return_val_if_fail (as_of != NULL, NULL);

  schema = bmd_lake_table_schema (table);
  if (schema == NULL)
    {
      g_set_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_VALUE,
                   "%s is not a lake table", table);
      return NULL;
    }
  writer = bmd_parquet_writer_new (schema);
  for (guint i = 0; plain_columns[i] != NULL; i++)
    bmd_parquet_writer_set_column_encoding (writer, plain_columns[i], BMD_PARQUET_ENCODING_PLAIN);
  bmd_parquet_writer_set_metadata (writer, "bakemyday.table", table);

  utc = g_date_time_to_utc (as_of);
  json_object_set_int_member (defaults, "as_of", g_date_time_to_unix (utc) * G_USEC_PER_SEC + g_date_time_get_microsecond (utc));

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);

      if (!bmd_parquet_writer_add_row_with_defaults (writer, row, defaults, error))
        {
          g_prefix_error (error, "%s row %u: ", table, i + 1);
          return NULL;
        }
      digest_row (checksum, schema, row);
    }
  parquet = bmd_parquet_writer_finish (writer, error);
  if (parquet == NULL)
    return NULL;

  file = g_new0 (BmdLakeTableFile, 1);
  file->table = g_strdup (table);
  file->parquet = g_steal_pointer (&parquet);
  file->stats = bmd_parquet_writer_dup_delta_stats (writer);
  file->n_records = bmd_parquet_writer_get_n_records (writer);
  file->content_digest = g_strdup (g_checksum_get_string (checksum));
  return file;
}

GPtrArray *
bmd_lake_tables_write (GPtrArray   *order_rows,
                       GPtrArray   *ready_rows_all,
                       GDateTime   *as_of,
                       GError     **error)
{
  const char * const *ready = bmd_warehouse_ready_tables ();
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_lake_table_file_free);
  BmdLakeTableFile *file;

  g_return_val_if_fail (order_rows != NULL, NULL);
  g_return_val_if_fail (ready_rows_all != NULL, NULL);
  g_return_val_if_fail (as_of != NULL, NULL);

  file = bmd_lake_table_write ("orders", order_rows, as_of, error);
  if (file == NULL)
    return NULL;
  g_ptr_array_add (files, file);
  /* ready_rows_all follows the warehouse's ready tables, each of which is a
   * lake table: one without a schema here fails the refresh by name rather
   * than leave the lake silently behind the warehouse. */
  for (guint i = 0; ready[i] != NULL && i < ready_rows_all->len; i++)
    {
      file = bmd_lake_table_write (ready[i], g_ptr_array_index (ready_rows_all, i), as_of, error);
      if (file == NULL)
        return NULL;
      g_ptr_array_add (files, file);
    }
  return g_steal_pointer (&files);
}
