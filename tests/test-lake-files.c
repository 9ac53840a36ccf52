/* The lake's Parquet files: the Delta checkpoint (nested structs, maps,
 * lists) and the lake tables' data files, read back by DuckDB and
 * hyparquet. Every expected value is a literal here. */
#include "config.h"

#include <string.h>

#include "bmd-delta-checkpoint.h"
#include "bmd-lake-tables.h"
#include "bmd-warehouse-rows.h"
#include "bmd-parquet-writer.h"
#include "bmd-test-parquet.h"
#include "bmd-test-util.h"

static GBytes *
write_checkpoint (void)
{
  g_autoptr(GHashTable) partition = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) configuration = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  const char * const partition_columns[] = { "region", NULL };
  const BmdDeltaProtocol protocol = { 1, 2 };
  BmdDeltaMetadata metadata = {
    .id = "5f1c0e7a-0000-4000-8000-000000000001",
    .name = "orders",
    .description = NULL,
    .format_provider = "parquet",
    .format_options = NULL,
    .schema_string = "{\"type\":\"struct\",\"fields\":[]}",
    .partition_columns = partition_columns,
    .configuration = configuration,
    .created_time = G_GINT64_CONSTANT (1782763200000),
  };
  BmdDeltaAddAction adds[2] = {
    { "part-0001.parquet", partition, 1234, G_GINT64_CONSTANT (1782763200001), TRUE,
      "{\"numRecords\":3}" },
    { "région=é/part 2.parquet", NULL, 0, 0, FALSE, NULL },
  };
  const BmdDeltaRemoveAction removes[] = {
    { "part-0000.parquet", G_GINT64_CONSTANT (1782763100000), TRUE, 999 },
  };
  GBytes *bytes;

  g_hash_table_insert (partition, "region", "EU");
  g_hash_table_insert (partition, "absent", NULL);
  g_hash_table_insert (configuration, "delta.checkpointInterval", "10");
  bytes = bmd_delta_checkpoint_write (&protocol, &metadata, adds, G_N_ELEMENTS (adds), removes,
                                      G_N_ELEMENTS (removes), &error);
  g_assert_no_error (error);
  return bytes;
}

static const char * const checkpoint_columns[] = {
  "txn", "add", "remove", "metaData", "protocol", NULL
};

/* One action per row, as DuckDB's to_json () prints it: the map's keys
 * sorted, its null value kept, the empty map and the missing ones apart. */
static const char *checkpoint_expected[][5] = {
  { NULL, NULL, NULL, NULL, "{\"minReaderVersion\":1,\"minWriterVersion\":2}" },
  { NULL, NULL, NULL,
    "{\"id\":\"5f1c0e7a-0000-4000-8000-000000000001\",\"name\":\"orders\",\"description\":null,"
    "\"format\":{\"provider\":\"parquet\",\"options\":{}},"
    "\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[]}\","
    "\"partitionColumns\":[\"region\"],\"configuration\":{\"delta.checkpointInterval\":\"10\"},"
    "\"createdTime\":1782763200000}",
    NULL },
  { NULL,
    "{\"path\":\"part-0001.parquet\",\"partitionValues\":{\"absent\":null,\"region\":\"EU\"},"
    "\"size\":1234,\"modificationTime\":1782763200001,\"dataChange\":true,"
    "\"stats\":\"{\\\"numRecords\\\":3}\",\"tags\":null}",
    NULL, NULL, NULL },
  { NULL,
    "{\"path\":\"région=é/part 2.parquet\",\"partitionValues\":{},\"size\":0,"
    "\"modificationTime\":0,\"dataChange\":false,\"stats\":null,\"tags\":null}",
    NULL, NULL, NULL },
  { NULL, NULL,
    "{\"path\":\"part-0000.parquet\",\"deletionTimestamp\":1782763100000,\"dataChange\":true,"
    "\"extendedFileMetadata\":true,\"partitionValues\":{},\"size\":999}",
    NULL, NULL },
};

static void
assert_checkpoint_rows (JsonObject *result,
                        const char *reader)
{
  JsonArray *rows = json_object_get_array_member (result, "rows");


  bmd_test_parquet_assert_columns (result, checkpoint_columns);
  g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (checkpoint_expected));
  for (guint r = 0; r < G_N_ELEMENTS (checkpoint_expected); r++)
    for (guint c = 0; c < 5; c++)
      bmd_test_parquet_assert_cell (json_array_get_array_element (rows, r), c,
                                    checkpoint_expected[r][c], reader, r);
}

static void
test_checkpoint (gconstpointer data)
{
  const char *reader = data;
  g_autoptr(GBytes) bytes = write_checkpoint ();
  g_autofree char *name = g_strdup_printf ("%s.checkpoint.parquet", reader);
  g_autofree char *path = bmd_test_parquet_save (bytes, name);
  g_autoptr(JsonObject) result = bmd_test_parquet_read (reader, path);

  assert_checkpoint_rows (result, reader);
}

/* name:type:nullable of each lake table's columns, in order. */
static const char * const orders_schema[] = {
  "order_id:string:no", "order_name:string:yes", "customer_id:string:yes",
  "first_name:string:yes", "last_name:string:yes", "email:string:yes", "phone:string:yes",
  "created_at:timestamp:yes", "updated_at:timestamp:yes", "processed_at:timestamp:yes",
  "cancelled_at:timestamp:yes", "deleted_at:timestamp:yes", "financial_status:string:yes",
  "fulfillment_status:string:yes", "total_price:decimal(12,2):yes", "currency:string:yes",
  "draft_type:string:yes", "pickup_date:timestamp:yes", "flavor:string:yes", "theme:string:yes",
  "allergies:string:yes", "note:string:yes", "as_of:timestamp:yes", "run_id:string:yes", NULL
};

static const char * const customer_requests_schema[] = {
  "request_id:string:no", "customer_id:string:yes", "customer_name:string:yes",
  "pickup_date:timestamp:yes", "deposit_order_id:string:yes", "remaining_order_id:string:yes",
  "deposit_status:string:yes", "remaining_status:string:yes", "flavor:string:yes",
  "theme:string:yes", "allergies:string:yes", "state:string:yes", "as_of:timestamp:yes",
  "run_id:string:yes", NULL
};

static const char * const ready_order_schema[] = {
  "order_name:string:yes", "first_name:string:yes", "customer_name:string:yes",
  "financial_status:string:yes", "draft_type:string:yes", "theme:string:yes",
  "flavor:string:yes", "allergies:string:yes", "pickup_date:timestamp:yes",
  "request_id:string:yes", "as_of:timestamp:yes", "run_id:string:yes", NULL
};

/* The Insights' tables: their names follow no suffix rule ("cakes" is a
 * count, "first_pickup" a date, "valid_from" an instant). */
static const char * const monthly_metrics_schema[] = {
  "month:string:yes", "cakes:long:yes", "revenue:decimal(12,2):yes",
  "average_cake_value:decimal(12,2):yes", "unpaid:long:yes", "new_customers:long:yes",
  "returning_customers:long:yes", "median_lead_days:long:yes", "as_of:timestamp:yes",
  "run_id:string:yes", NULL
};

static const char * const customer_state_schema[] = {
  "customer_id:string:yes", "customer:string:yes", "cakes:long:yes", "revenue:decimal(12,2):yes",
  "first_pickup:date:yes", "last_pickup:date:yes", "next_pickup:date:yes", "state:string:yes",
  "vip:boolean:yes", "as_of:timestamp:yes", "run_id:string:yes", NULL
};

static const char * const dim_customers_scd_schema[] = {
  "customer_id:string:yes", "first_name:string:yes", "last_name:string:yes", "email:string:yes",
  "phone:string:yes", "cakes:long:yes", "state:string:yes", "vip:boolean:yes",
  "valid_from:timestamp:yes", "valid_to:timestamp:yes", "is_current:boolean:yes",
  "as_of:timestamp:yes", "run_id:string:yes", NULL
};

static void
assert_schema (const char         *table,
               const char * const *expected)
{
  g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (table);
  guint n;

  g_assert_nonnull (schema);
  n = bmd_parquet_schema_get_n_fields (schema);
  g_assert_cmpuint (n, ==, g_strv_length ((char **) expected));
  for (guint i = 0; i < n; i++)
    {
      BmdParquetField *field = bmd_parquet_schema_get_field (schema, i);
      g_autofree char *text = g_strdup_printf ("%s:%s:%s", bmd_parquet_field_get_name (field),
                                               bmd_parquet_type_delta_name (bmd_parquet_field_get_field_type (field)),
                                               bmd_parquet_field_get_nullable (field) ? "yes" : "no");

      g_assert_cmpstr (text, ==, expected[i]);
    }
}

static void
test_table_schemas (void)
{
  const char * const *tables = bmd_lake_tables ();

  g_assert_cmpuint (g_strv_length ((char **) tables), ==, 7);
  g_assert_cmpstr (tables[0], ==, "orders");
  g_assert_cmpstr (tables[1], ==, "customer_requests");
  g_assert_cmpstr (tables[2], ==, "weekly_streamline_orders");
  g_assert_cmpstr (tables[3], ==, "future_orders");
  assert_schema ("orders", orders_schema);
  assert_schema ("customer_requests", customer_requests_schema);
  assert_schema ("weekly_streamline_orders", ready_order_schema);
  assert_schema ("future_orders", ready_order_schema);
  g_assert_cmpstr (tables[4], ==, "monthly_metrics");
  g_assert_cmpstr (tables[5], ==, "customer_state");
  g_assert_cmpstr (tables[6], ==, "dim_customers_scd");
  assert_schema ("monthly_metrics", monthly_metrics_schema);
  assert_schema ("customer_state", customer_state_schema);
  assert_schema ("dim_customers_scd", dim_customers_scd_schema);
  g_assert_null (bmd_lake_table_schema ("etl_runs"));
  g_assert_null (bmd_lake_table_schema ("Orders"));
}

/* Every table the warehouse loads beside orders is in the lake too: a new
 * one without a lake schema fails here, not at a bakery's refresh. */
static void
test_ready_tables_are_lake_tables (void)
{
  const char * const *ready = bmd_warehouse_ready_tables ();

  g_assert_cmpuint (g_strv_length ((char **) ready), >, 0);
  for (guint i = 0; ready[i] != NULL; i++)
    {
      g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (ready[i]);

      g_test_message ("%s", ready[i]);
      g_assert_nonnull (schema);
      g_assert_true (g_strv_contains (bmd_lake_tables (), ready[i]));
    }
}

static void
test_delta_schema_json (void)
{
  g_autoptr(BmdParquetSchema) schema = bmd_parquet_schema_new ();
  g_autofree char *json = NULL;
  BmdParquetField *inner;

  bmd_parquet_schema_add (schema, "id", BMD_PARQUET_TYPE_STRING, FALSE);
  bmd_parquet_schema_add (schema, "price", BMD_PARQUET_TYPE_DECIMAL_12_2, TRUE);
  inner = bmd_parquet_schema_add (schema, "in", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (inner, "day", BMD_PARQUET_TYPE_DATE, TRUE);
  bmd_parquet_schema_add (schema, "tags", BMD_PARQUET_TYPE_MAP, TRUE);
  bmd_parquet_schema_add (schema, "names", BMD_PARQUET_TYPE_LIST, FALSE);
  json = bmd_parquet_schema_to_delta_json (schema);
  g_assert_cmpstr (json, ==,
                   "{\"type\":\"struct\",\"fields\":["
                   "{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,\"metadata\":{}},"
                   "{\"name\":\"price\",\"type\":\"decimal(12,2)\",\"nullable\":true,\"metadata\":{}},"
                   "{\"name\":\"in\",\"type\":{\"type\":\"struct\",\"fields\":["
                   "{\"name\":\"day\",\"type\":\"date\",\"nullable\":true,\"metadata\":{}}]},"
                   "\"nullable\":true,\"metadata\":{}},"
                   "{\"name\":\"tags\",\"type\":{\"type\":\"map\",\"keyType\":\"string\","
                   "\"valueType\":\"string\",\"valueContainsNull\":true},\"nullable\":true,\"metadata\":{}},"
                   "{\"name\":\"names\",\"type\":{\"type\":\"array\",\"elementType\":\"string\","
                   "\"containsNull\":true},\"nullable\":false,\"metadata\":{}}]}");
  g_assert_cmpstr (bmd_parquet_type_hive_name (BMD_PARQUET_TYPE_LONG), ==, "bigint");
  g_assert_cmpstr (bmd_parquet_type_hive_name (BMD_PARQUET_TYPE_INTEGER), ==, "int");
  g_assert_cmpstr (bmd_parquet_type_hive_name (BMD_PARQUET_TYPE_TIMESTAMP), ==, "timestamp");
}

/* Two bmd.orders rows as bmd-warehouse-rows makes them (raw included, no as_of). */
static const char * const order_rows[] = {
  "{\"order_id\":\"gid://shopify/Order/1\",\"order_name\":\"#1001\",\"customer_id\":null,"
  "\"first_name\":\"Zoë\",\"last_name\":\"\",\"email\":null,\"phone\":null,"
  "\"created_at\":\"2026-06-01T10:00:00Z\",\"updated_at\":null,\"processed_at\":null,"
  "\"cancelled_at\":null,\"deleted_at\":null,\"financial_status\":\"PAID\","
  "\"fulfillment_status\":null,\"total_price\":\"45.5\",\"currency\":\"USD\","
  "\"draft_type\":\"deposit\",\"pickup_date\":\"2026-06-29T20:00:00Z\",\"flavor\":\"lemon\","
  "\"theme\":null,\"allergies\":null,\"note\":\"no nuts\",\"raw\":\"{}\",\"run_id\":\"R1\"}",
  "{\"order_id\":\"gid://shopify/Order/2\",\"order_name\":\"#1002\",\"customer_id\":\"c2\","
  "\"first_name\":null,\"last_name\":null,\"email\":\"a@b.c\",\"phone\":null,"
  "\"created_at\":null,\"updated_at\":null,\"processed_at\":null,"
  "\"cancelled_at\":null,\"deleted_at\":\"2026-06-02T00:00:00Z\",\"financial_status\":null,"
  "\"fulfillment_status\":null,\"total_price\":null,\"currency\":null,"
  "\"draft_type\":null,\"pickup_date\":null,\"flavor\":null,"
  "\"theme\":null,\"allergies\":null,\"note\":null,\"raw\":\"{}\",\"run_id\":\"R1\"}",
};

static const char *orders_expected[][24] = {
  { "gid://shopify/Order/1", "#1001", NULL, "Zoë", "", NULL, NULL, "1780308000000000", NULL, NULL,
    NULL, NULL, "PAID", NULL, "45.50", "USD", "deposit", "1782763200000000", "lemon", NULL, NULL,
    "no nuts", "1782792000000000", "R1" },
  { "gid://shopify/Order/2", "#1002", "c2", NULL, NULL, "a@b.c", NULL, NULL, NULL, NULL,
    NULL, "1780358400000000", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, "1782792000000000", "R1" },
};

static GPtrArray *
rows_of (const char * const *json,
         guint               n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, bmd_test_parse_object (json[i]));
  return rows;
}

static GDateTime *
as_of (void)
{
  /* 2026-06-30T04:00:00Z */
  return g_date_time_new_from_unix_utc (G_GINT64_CONSTANT (1782792000));
}

static void
test_orders_file (void)
{
  g_autoptr(GPtrArray) rows = rows_of (order_rows, G_N_ELEMENTS (order_rows));
  g_autoptr(GPtrArray) ready = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GDateTime) now = as_of ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(JsonObject) duck = NULL;
  g_autoptr(JsonObject) hyp = NULL;
  g_autofree char *path = NULL;
  BmdLakeTableFile *orders;
  const char *names[G_N_ELEMENTS (orders_schema)];

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (ready, g_ptr_array_new ());
  files = bmd_lake_tables_write (rows, ready, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (files->len, ==, 4);
  orders = g_ptr_array_index (files, 0);
  g_assert_cmpstr (orders->table, ==, "orders");
  g_assert_cmpint (orders->n_records, ==, 2);
  g_assert_cmpstr (((BmdLakeTableFile *) g_ptr_array_index (files, 3))->table, ==, "future_orders");
  g_assert_cmpint (((BmdLakeTableFile *) g_ptr_array_index (files, 3))->n_records, ==, 0);
  g_assert_cmpstr (orders->stats, ==,
                   "{\"numRecords\":2,"
                   "\"minValues\":{\"order_id\":\"gid://shopify/Order/1\",\"order_name\":\"#1001\","
                   "\"customer_id\":\"c2\",\"first_name\":\"Zoë\",\"last_name\":\"\",\"email\":\"a@b.c\","
                   "\"created_at\":\"2026-06-01T10:00:00.000Z\",\"deleted_at\":\"2026-06-02T00:00:00.000Z\","
                   "\"financial_status\":\"PAID\",\"total_price\":45.50,\"currency\":\"USD\","
                   "\"draft_type\":\"deposit\",\"pickup_date\":\"2026-06-29T20:00:00.000Z\","
                   "\"flavor\":\"lemon\",\"note\":\"no nuts\",\"as_of\":\"2026-06-30T04:00:00.000Z\","
                   "\"run_id\":\"R1\"},"
                   "\"maxValues\":{\"order_id\":\"gid://shopify/Order/2\",\"order_name\":\"#1002\","
                   "\"customer_id\":\"c2\",\"first_name\":\"Zoë\",\"last_name\":\"\",\"email\":\"a@b.c\","
                   "\"created_at\":\"2026-06-01T10:00:00.000Z\",\"deleted_at\":\"2026-06-02T00:00:00.000Z\","
                   "\"financial_status\":\"PAID\",\"total_price\":45.50,\"currency\":\"USD\","
                   "\"draft_type\":\"deposit\",\"pickup_date\":\"2026-06-29T20:00:00.000Z\","
                   "\"flavor\":\"lemon\",\"note\":\"no nuts\",\"as_of\":\"2026-06-30T04:00:00.000Z\","
                   "\"run_id\":\"R1\"},"
                   "\"nullCount\":{\"order_id\":0,\"order_name\":0,\"customer_id\":1,\"first_name\":1,"
                   "\"last_name\":1,\"email\":1,\"phone\":2,\"created_at\":1,\"updated_at\":2,"
                   "\"processed_at\":2,\"cancelled_at\":2,\"deleted_at\":1,\"financial_status\":1,"
                   "\"fulfillment_status\":2,\"total_price\":1,\"currency\":1,\"draft_type\":1,"
                   "\"pickup_date\":1,\"flavor\":1,\"theme\":2,\"allergies\":2,\"note\":1,\"as_of\":0,"
                   "\"run_id\":0}}");

  path = bmd_test_parquet_save (orders->parquet, "orders.parquet");
  duck = bmd_test_parquet_read ("duckdb", path);
  hyp = bmd_test_parquet_read ("hyparquet", path);
  for (guint i = 0; orders_schema[i] != NULL; i++)
    names[i] = g_strndup (orders_schema[i], strchr (orders_schema[i], ':') - orders_schema[i]);
  names[G_N_ELEMENTS (orders_schema) - 1] = NULL;
  for (guint k = 0; k < 2; k++)
    {
      JsonObject *result = k == 0 ? duck : hyp;
      const char *reader = k == 0 ? "duckdb" : "hyparquet";
      JsonArray *read_rows = json_object_get_array_member (result, "rows");

      bmd_test_parquet_assert_columns (result, names);
      g_assert_cmpuint (json_array_get_length (read_rows), ==, 2);
      for (guint r = 0; r < 2; r++)
        for (guint c = 0; c < 24; c++)
          bmd_test_parquet_assert_cell (json_array_get_array_element (read_rows, r), c,
                                        orders_expected[r][c], reader, r);
    }
  for (guint i = 0; names[i] != NULL; i++)
    g_free ((char *) names[i]);
}

static char *
digest_of (const char * const *json,
           guint               n,
           gint64              as_of_unix)
{
  g_autoptr(GPtrArray) rows = rows_of (json, n);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc (as_of_unix);
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdLakeTableFile) file = bmd_lake_table_write ("customer_requests", rows, when, &error);

  g_assert_no_error (error);
  return g_strdup (file->content_digest);
}

/* Only as_of and run_id changed: same digest; any value, even "" for
 * null, or the row order: another. */
static void
test_content_digest (void)
{
  const char * const base[] = {
    "{\"request_id\":\"r1\",\"state\":\"ready\",\"as_of\":\"2026-06-30T04:00:00Z\",\"run_id\":\"A\"}",
    "{\"request_id\":\"r2\",\"state\":null,\"as_of\":\"2026-06-30T04:00:00Z\",\"run_id\":\"A\"}",
  };
  const char * const rerun[] = {
    "{\"request_id\":\"r1\",\"state\":\"ready\",\"as_of\":\"2026-07-01T04:00:00Z\",\"run_id\":\"B\"}",
    "{\"request_id\":\"r2\",\"state\":null,\"as_of\":\"2026-07-01T04:00:00Z\",\"run_id\":\"B\"}",
  };
  const char * const emptied[] = {
    "{\"request_id\":\"r1\",\"state\":\"ready\",\"as_of\":\"2026-06-30T04:00:00Z\",\"run_id\":\"A\"}",
    "{\"request_id\":\"r2\",\"state\":\"\",\"as_of\":\"2026-06-30T04:00:00Z\",\"run_id\":\"A\"}",
  };
  const char * const swapped[] = { base[1], base[0] };
  g_autofree char *a = digest_of (base, 2, 1782792000);
  g_autofree char *b = digest_of (rerun, 2, 1782878400);
  g_autofree char *c = digest_of (emptied, 2, 1782792000);
  g_autofree char *d = digest_of (swapped, 2, 1782792000);
  g_autofree char *e = digest_of (base, 1, 1782792000);

  g_assert_cmpuint (strlen (a), ==, 64);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_cmpstr (a, !=, e);
}

static void
test_refused_table (void)
{
  const char * const rows_json[] = { "{\"request_id\":null}" };
  g_autoptr(GPtrArray) rows = rows_of (rows_json, 1);
  g_autoptr(GDateTime) now = as_of ();
  g_autoptr(GError) error = NULL;
  BmdLakeTableFile *file;

  file = bmd_lake_table_write ("customer_requests", rows, now, &error);
  g_assert_null (file);
  g_assert_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_REQUIRED);
  g_assert_true (g_str_has_prefix (error->message, "customer_requests row 1: "));
  g_clear_error (&error);
  file = bmd_lake_table_write ("etl_runs", rows, now, &error);
  g_assert_null (file);
  g_assert_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_VALUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  bmd_test_parquet_dir = g_dir_make_tmp ("bmd-lake-files-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/lake-files/checkpoint/duckdb", "duckdb", test_checkpoint);
  g_test_add_data_func ("/lake-files/checkpoint/hyparquet", "hyparquet", test_checkpoint);
  g_test_add_func ("/lake-files/table-schemas", test_table_schemas);
  g_test_add_func ("/lake-files/ready-tables-in-lake", test_ready_tables_are_lake_tables);
  g_test_add_func ("/lake-files/delta-schema-json", test_delta_schema_json);
  g_test_add_func ("/lake-files/orders", test_orders_file);
  g_test_add_func ("/lake-files/content-digest", test_content_digest);
  g_test_add_func ("/lake-files/refused", test_refused_table);

  status = g_test_run ();
  bmd_test_remove_tree (bmd_test_parquet_dir);
  g_free (bmd_test_parquet_dir);
  return status;
}
