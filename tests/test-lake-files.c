/* The lake's Parquet files: the Delta checkpoint (nested structs, maps,
 * lists) and the lake tables' data files, read back by DuckDB and
 * hyparquet. Every expected value is a literal here. */
#include "config.h"

#include <string.h>

#include "bmd-delta-checkpoint.h"
#include "bmd-lake-tables.h"
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

  status = g_test_run ();
  bmd_test_remove_tree (bmd_test_parquet_dir);
  g_free (bmd_test_parquet_dir);
  return status;
}
