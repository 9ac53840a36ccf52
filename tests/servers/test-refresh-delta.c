/* The refresh's Delta stage end to end: the Shopify simulator -> the store ->
 * Delta tables on radosgw -> Glue on moto_server, in process and through
 * `bakemyday-sync refresh`, each table replayed by an independent reader. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "bmd-test-servers.h"
#include "bmd-test-delta.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

#include "bmd-delta-table.h"
#include "bmd-glue.h"
#include "bmd-jsonl.h"
#include "bmd-lake.h"
#include "bmd-lake-tables.h"
#include "bmd-parquet-writer.h"
#include "bmd-pipeline.h"
#include "bmd-store.h"
#include "bmd-store-scd.h"

typedef struct
{
  BmdShopifySim *sim;
  char *data_dir;
  char *prefix;
  char *database;
  BmdConfig *config;
  BmdS3Client *s3;
  const char *bucket;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  if (!bmd_test_require_s3 () || !bmd_test_require_glue ())
    return;
  bmd_shopify_sim_options_init (&options);
  options.requests = 20;
  options.seed = 12;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  f->sim = bmd_test_sim_start (&options);

  f->data_dir = g_dir_make_tmp ("bmd-refresh-delta-XXXXXX", &error);
  g_assert_no_error (error);
  f->prefix = g_strdup_printf ("test-refresh-delta/%08x", g_random_int ());
  f->database = g_strdup_printf ("bmd_refresh_%08x", g_random_int ());
  f->bucket = g_getenv ("BAKEMYDAY_S3_BUCKET");

  f->config = bmd_config_new ();
  bmd_config_set (&f->config->shop, bmd_shopify_sim_get_url (f->sim));
  bmd_config_set (&f->config->token, "test-token");
  bmd_config_set (&f->config->data_dir, f->data_dir);
  bmd_config_set (&f->config->s3_endpoint, g_getenv ("BAKEMYDAY_S3_ENDPOINT"));
  bmd_config_set (&f->config->s3_bucket, f->bucket);
  bmd_config_set (&f->config->s3_prefix, f->prefix);
  bmd_config_set (&f->config->glue_database, f->database);
  bmd_config_set (&f->config->glue_endpoint, g_getenv ("BMD_TEST_GLUE_ENDPOINT"));

  credentials = bmd_aws_credentials_resolve (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->s3 = bmd_s3_client_new (g_getenv ("BAKEMYDAY_S3_ENDPOINT"), credentials, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->s3 != NULL)
    {
      g_autofree char *folder = g_strconcat (f->prefix, "/", NULL);

      bmd_test_s3_clear (f->s3, f->bucket, folder);
    }
  g_clear_object (&f->s3);
  if (f->sim != NULL)
    bmd_shopify_sim_stop (f->sim);
  g_clear_object (&f->sim);
  if (f->data_dir != NULL)
    bmd_test_remove_tree (f->data_dir);
  g_clear_pointer (&f->data_dir, g_free);
  g_clear_pointer (&f->prefix, g_free);
  g_clear_pointer (&f->database, g_free);
  g_clear_pointer (&f->config, bmd_config_free);
}

static BmdRefreshResult *
refresh (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  BmdRefreshResult *result = bmd_pipeline_run (f->config, FALSE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

/* A value of the bronze JSON Lines as read-delta.mjs prints the Delta
 * table's: instants in µs since the epoch, money with two decimals. */
static char *
expected_text (JsonNode       *node,
               BmdParquetType  type)
{
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("NULL");
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return json_to_string (node, FALSE);
  text = json_node_get_string (node);
  if (type == BMD_PARQUET_TYPE_TIMESTAMP)
    {
      g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (text, NULL);

      g_assert_nonnull (t);
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (t) * G_USEC_PER_SEC
                                                   + g_date_time_get_microsecond (t));
    }
  if (type == BMD_PARQUET_TYPE_DECIMAL_12_2)
    return g_strdup_printf ("%.2f", g_ascii_strtod (text, NULL));
  return g_strdup (text);
}

/* Rows as sorted lines of tab-separated text, every column but as_of. */
static char *
bronze_lines (const char *table,
              GPtrArray  *rows)
{
  g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (table);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < rows->len; r++)
    {
      GString *line = g_string_new (NULL);

      for (guint c = 0; c < bmd_parquet_schema_get_n_fields (schema); c++)
        {
          BmdParquetField *field = bmd_parquet_schema_get_field (schema, c);
          g_autofree char *text = NULL;

          if (strcmp (bmd_parquet_field_get_name (field), "as_of") == 0)
            continue;
          text = expected_text (json_object_get_member (g_ptr_array_index (rows, r), bmd_parquet_field_get_name (field)),
                                bmd_parquet_field_get_field_type (field));
          g_string_append_printf (line, "%s\t", text);
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return bmd_test_join_sorted (lines);
}

static char *
delta_lines (JsonObject *read)
{
  JsonArray *columns = json_object_get_array_member (read, "columns");
  JsonArray *rows = json_object_get_array_member (read, "rows");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      GString *line = g_string_new (NULL);

      for (guint c = 0; c < json_array_get_length (columns); c++)
        {
          JsonNode *cell = json_array_get_element (row, c);

          if (strcmp (json_array_get_string_element (columns, c), "as_of") == 0)
            continue;
          g_string_append_printf (line, "%s\t", JSON_NODE_HOLDS_NULL (cell) ? "NULL" : json_node_get_string (cell));
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return bmd_test_join_sorted (lines);
}

static GPtrArray *
bronze_rows (Fixture    *f,
             const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bmd_s3_client_get (f->s3, f->bucket, key, NULL, &error);
  GPtrArray *rows;

  g_assert_no_error (error);
  rows = bmd_jsonl_read (data, &error);
  g_assert_no_error (error);
  return rows;
}

static char *
run_id_of (const char *lake_uri)
{
  const char *start = strstr (lake_uri, "/run=");

  g_assert_nonnull (start);
  return g_strndup (start + 5, strlen ("20261204T120000Z-aaaaaa"));
}

static gint64
table_version (Fixture    *f,
               const char *table)
{
  g_autofree char *root = bmd_lake_delta_root (f->prefix, table);
  g_autoptr(BmdDeltaTable) delta = bmd_delta_table_new (f->s3, f->bucket, root);
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdDeltaLog) log = bmd_delta_table_read_log (delta, NULL, &error);

  g_assert_no_error (error);
  return bmd_delta_log_get_version (log);
}

static guint
store_count (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (f->data_dir, &error);

  g_assert_no_error (error);
  return bmd_store_count_orders (store);
}

static void
assert_glue_table (BmdGlueClient *glue,
                   Fixture       *f,
                   const char    *table)
{
  g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (table);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = bmd_glue_client_get_table (glue, f->database, table, NULL, &error);
  g_autofree char *location = g_strdup_printf ("s3://%s/%s/delta/%s/_symlink_format_manifest/", f->bucket, f->prefix, table);
  JsonObject *storage;
  JsonArray *columns;

  g_assert_no_error (error);
  storage = json_object_get_object_member (entry, "StorageDescriptor");
  g_assert_cmpstr (json_object_get_string_member (entry, "TableType"), ==, "EXTERNAL_TABLE");
  g_assert_cmpstr (json_object_get_string_member (storage, "Location"), ==, location);
  g_assert_cmpstr (json_object_get_string_member (storage, "InputFormat"), ==, BMD_GLUE_INPUT_FORMAT);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (storage, "SerdeInfo"),
                                                  "SerializationLibrary"), ==, BMD_GLUE_SERDE);
  columns = json_object_get_array_member (storage, "Columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, bmd_parquet_schema_get_n_fields (schema));
  for (guint i = 0; i < json_array_get_length (columns); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (columns, i), "Name"), ==,
                     bmd_parquet_field_get_name (bmd_parquet_schema_get_field (schema, i)));
}

static void
test_refresh_tables (Fixture       *f,
                     gconstpointer  data)
{
  const char * const *tables = bmd_lake_tables ();
  g_autoptr(BmdRefreshResult) first = NULL;
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(BmdGlueClient) glue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *run_id = NULL;
  gint64 versions[8];

  if (f->sim == NULL)
    return;
  first = refresh (f);
  g_assert_cmpstr (first->later_stage_error, ==, NULL);
  g_assert_true (first->lake_ran);
  g_assert_cmpuint (first->total, >, 20);
  run_id = run_id_of (first->lake_uri);

  for (guint t = 0; tables[t] != NULL; t++)
    {
      g_autofree char *root = bmd_lake_delta_root (f->prefix, tables[t]);
      g_autofree char *bronze_key = g_strcmp0 (tables[t], "orders") == 0
                                      ? bmd_lake_orders_key (f->prefix, run_id)
                                      : bmd_lake_ready_key (f->prefix, tables[t], run_id);
      g_autoptr(GPtrArray) rows = bronze_rows (f, bronze_key);
      g_autoptr(JsonObject) read = bmd_test_delta_read (f->s3, f->bucket, root);
      g_autofree char *expected = bronze_lines (tables[t], rows);
      g_autofree char *actual = NULL;
      g_autofree char *manifest_key = g_strdup_printf ("%s/_symlink_format_manifest/manifest", root);
      g_autofree char *manifest = bmd_test_s3_text (f->s3, f->bucket, manifest_key);
      JsonArray *live;

      g_test_message ("table %s: %u rows", tables[t], rows->len);
      g_assert_nonnull (read);
      g_assert_cmpint (json_object_get_int_member (read, "version"), ==, 0);
      actual = delta_lines (read);
      g_assert_cmpstr (actual, ==, expected);
      if (g_strcmp0 (tables[t], "orders") == 0)
        g_assert_cmpuint (rows->len, ==, first->total);
      live = json_object_get_array_member (read, "live");
      g_assert_cmpuint (json_array_get_length (live), ==, rows->len > 0 ? 1 : 0);
      if (json_array_get_length (live) == 1)
        {
          g_autofree char *line = g_strdup_printf ("s3://%s/%s/%s\n", f->bucket, root,
                                                   json_array_get_string_element (live, 0));

          g_assert_cmpstr (manifest, ==, line);
        }
      versions[t] = 0;
    }

  credentials = bmd_aws_credentials_resolve (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  glue = bmd_glue_client_new (g_getenv ("BMD_TEST_GLUE_ENDPOINT"), credentials, &error);
  g_assert_no_error (error);
  for (guint t = 0; tables[t] != NULL; t++)
    assert_glue_table (glue, f, tables[t]);

  /* Nothing changed in Shopify: no table gets a version. */
  second = refresh (f);
  g_assert_cmpstr (second->later_stage_error, ==, NULL);
  g_assert_cmpstr (second->lake_uri, !=, first->lake_uri);
  for (guint t = 0; tables[t] != NULL; t++)
    g_assert_cmpint (table_version (f, tables[t]), ==, versions[t]);
}

/* ---- the Insights' tables ------------------------------------------------- */

/* A Delta table's rows as DuckDB read them, as the report prints them: every
 * column but as_of and run_id, null as an empty cell, vip yes or no. */
static char *
delta_report_lines (JsonObject *read)
{
  JsonArray *columns = json_object_get_array_member (read, "columns");
  JsonArray *rows = json_object_get_array_member (read, "rows");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      GString *line = g_string_new (NULL);

      for (guint c = 0; c < json_array_get_length (columns); c++)
        {
          const char *column = json_array_get_string_element (columns, c);
          JsonNode *cell = json_array_get_element (row, c);
          const char *text = JSON_NODE_HOLDS_NULL (cell) ? "" : json_node_get_string (cell);

          if (strcmp (column, "as_of") == 0 || strcmp (column, "run_id") == 0)
            continue;
          if (strcmp (column, "vip") == 0)
            text = strcmp (text, "true") == 0 ? "yes" : strcmp (text, "false") == 0 ? "no" : text;
          g_string_append_printf (line, "%s%s", line->len > 0 ? "\t" : "", text);
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  return bmd_test_join_sorted (lines);
}

/* Every value of @column in the table, as DuckDB read it. */
static GHashTable *
delta_values (JsonObject *read,
              const char *column)
{
  JsonArray *columns = json_object_get_array_member (read, "columns");
  JsonArray *rows = json_object_get_array_member (read, "rows");
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint c;

  for (c = 0; c < json_array_get_length (columns); c++)
    if (strcmp (json_array_get_string_element (columns, c), column) == 0)
      break;
  g_assert_cmpuint (c, <, json_array_get_length (columns));
  for (guint r = 0; r < json_array_get_length (rows); r++)
    g_hash_table_add (values, g_strdup (json_array_get_string_element (json_array_get_array_element (rows, r), c)));
  return values;
}

static char *
micros_text (const char *iso)
{
  g_autoptr(GDateTime) t = NULL;

  if (iso == NULL)
    return g_strdup ("NULL");
  t = g_date_time_new_from_iso8601 (iso, NULL);
  g_assert_nonnull (t);
  return g_strdup_printf ("%" G_GINT64_FORMAT, g_date_time_to_unix (t) * G_USEC_PER_SEC
                                               + g_date_time_get_microsecond (t));
}

/* The store's customer history, as read-delta.mjs prints the Delta table. */
static char *
history_lines (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (f->data_dir, &error);
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  history = bmd_store_list_customer_history (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      BmdCustomerHistoryRow *row = g_ptr_array_index (history, i);
      g_autofree char *from = micros_text (row->valid_from);
      g_autofree char *to = micros_text (row->valid_to);

      g_ptr_array_add (lines, g_strdup_printf ("%s\t%s\t%s\t%s\t%s\t%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\t%s",
                                               row->customer_id,
                                               row->first_name ? row->first_name : "",
                                               row->last_name ? row->last_name : "",
                                               row->email ? row->email : "",
                                               row->phone ? row->phone : "",
                                               row->cakes, row->state, row->vip ? "yes" : "no",
                                               from, strcmp (to, "NULL") == 0 ? "" : to,
                                               row->is_current ? "true" : "false"));
    }
  g_assert_cmpuint (lines->len, >, 0);
  return bmd_test_join_sorted (lines);
}

/* The Glue columns' Hive types, written out here rather than taken from
 * the schema under test. */
static void
assert_glue_types (BmdGlueClient *glue,
                   Fixture       *f,
                   const char    *table,
                   const char    *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) entry = bmd_glue_client_get_table (glue, f->database, table, NULL, &error);
  JsonArray *columns;
  GString *types = g_string_new (NULL);
  g_autofree char *actual = NULL;

  g_assert_no_error (error);
  columns = json_object_get_array_member (json_object_get_object_member (entry, "StorageDescriptor"), "Columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_string_append_printf (types, "%s%s %s", i > 0 ? ", " : "", json_object_get_string_member (column, "Name"),
                              json_object_get_string_member (column, "Type"));
    }
  actual = g_string_free (types, FALSE);
  g_assert_cmpstr (actual, ==, expected);
}

static void
assert_insights_tables (Fixture    *f,
                        const char *run_id)
{
  const char *tables[] = { "monthly_metrics", "customer_state", "dim_customers_scd" };
  JsonObject *reads[3] = { NULL };
  g_autoptr(GDateTime) as_of_time = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *lake = NULL;

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *root = bmd_lake_delta_root (f->prefix, tables[t]);
      g_autoptr(GHashTable) run_ids = NULL;

      reads[t] = bmd_test_delta_read (f->s3, f->bucket, root);
      g_assert_nonnull (reads[t]);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reads[t], "rows")), >, 0);
      /* The rows written by this very run. */
      run_ids = delta_values (reads[t], "run_id");
      g_assert_cmpuint (g_hash_table_size (run_ids), ==, 1);
      g_assert_true (g_hash_table_contains (run_ids, run_id));
    }

  /* The report as of the moment the lake's rows say. */
  {
    g_autoptr(GHashTable) stamps = delta_values (reads[0], "as_of");
    GHashTableIter iter;
    gpointer stamp;

    g_assert_cmpuint (g_hash_table_size (stamps), ==, 1);
    g_hash_table_iter_init (&iter, stamps);
    g_assert_true (g_hash_table_iter_next (&iter, &stamp, NULL));
    as_of_time = g_date_time_new_from_unix_utc (g_ascii_strtoll (stamp, NULL, 10) / G_USEC_PER_SEC);
    as_of = g_date_time_format (as_of_time, "%Y-%m-%dT%H:%M:%SZ");
  }

  printed = bmd_test_report_rows (f->data_dir, "months", as_of);
  lake = delta_report_lines (reads[0]);
  g_assert_cmpstr (lake, ==, printed);
  g_clear_pointer (&printed, g_free);
  g_clear_pointer (&lake, g_free);

  printed = bmd_test_report_rows (f->data_dir, "customers", as_of);
  lake = delta_report_lines (reads[1]);
  g_assert_cmpstr (lake, ==, printed);
  g_clear_pointer (&lake, g_free);

  stored = history_lines (f);
  lake = delta_report_lines (reads[2]);
  g_assert_cmpstr (lake, ==, stored);
  for (guint t = 0; t < G_N_ELEMENTS (reads); t++)
    json_object_unref (reads[t]);
}

static void
test_insights_tables (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(BmdRefreshResult) first = NULL;
  g_autoptr(BmdRefreshResult) second = NULL;
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(BmdGlueClient) glue = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *second_run_id = NULL;

  if (f->sim == NULL)
    return;
  g_assert_nonnull (g_getenv ("BMD_BUILD_DIR"));
  first = refresh (f);
  g_assert_cmpstr (first->later_stage_error, ==, NULL);
  run_id = run_id_of (first->lake_uri);
  assert_insights_tables (f, run_id);

  credentials = bmd_aws_credentials_resolve (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  glue = bmd_glue_client_new (g_getenv ("BMD_TEST_GLUE_ENDPOINT"), credentials, &error);
  g_assert_no_error (error);
  assert_glue_types (glue, f, "monthly_metrics",
                     "month string, cakes bigint, revenue decimal(12,2), average_cake_value decimal(12,2), "
                     "unpaid bigint, new_customers bigint, returning_customers bigint, median_lead_days bigint, "
                     "as_of timestamp, run_id string");
  assert_glue_types (glue, f, "customer_state",
                     "customer_id string, customer string, cakes bigint, revenue decimal(12,2), "
                     "first_pickup date, last_pickup date, next_pickup date, state string, vip boolean, "
                     "as_of timestamp, run_id string");
  assert_glue_types (glue, f, "dim_customers_scd",
                     "customer_id string, first_name string, last_name string, email string, phone string, "
                     "cakes bigint, state string, vip boolean, valid_from timestamp, valid_to timestamp, "
                     "is_current boolean, as_of timestamp, run_id string");

  /* New requests: new customers, a new commit of each, still the reports'. */
  bmd_shopify_sim_add_requests (f->sim, 3);
  second = refresh (f);
  g_assert_cmpstr (second->later_stage_error, ==, NULL);
  second_run_id = run_id_of (second->lake_uri);
  assert_insights_tables (f, second_run_id);
  g_assert_cmpint (table_version (f, "customer_state"), ==, 1);
  g_assert_cmpint (table_version (f, "dim_customers_scd"), ==, 1);
}

/* ---- bakemyday-sync -------------------------------------------------------- */

static int
run_cli (Fixture     *f,
         const char  *name,
         const char  *value,
         char       **out_stdout,
         char       **out_stderr)
{
  g_autofree char *program = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  const char *argv[] = { program, "refresh", "--shop", bmd_shopify_sim_get_url (f->sim),
                         "--data-dir", f->data_dir, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  envp = g_environ_setenv (envp, "BAKEMYDAY_TOKEN", "test-token", TRUE);
  envp = g_environ_setenv (envp, "BAKEMYDAY_S3_PREFIX", f->prefix, TRUE);
  envp = g_environ_setenv (envp, "BAKEMYDAY_GLUE_DATABASE", f->database, TRUE);
  envp = g_environ_setenv (envp, "BAKEMYDAY_GLUE_ENDPOINT", g_getenv ("BMD_TEST_GLUE_ENDPOINT"), TRUE);
  envp = g_environ_unsetenv (envp, "BAKEMYDAY_WAREHOUSE");
  if (name != NULL)
    envp = g_environ_setenv (envp, name, value, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Exit 3, the store refreshed (the summary's count is the store's), the
 * failed stage named on stderr. */
static void
assert_partial (Fixture    *f,
                const char *name,
                const char *value,
                const char *stage)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *named = g_strdup_printf ("refreshed, but %s: ", stage);
  int status = run_cli (f, name, value, &out, &err);

  g_test_message ("%s=%s: exit %d, %s", name, value, status, err);
  g_assert_cmpint (status, ==, 3);
  summary = g_strdup_printf ("refreshed: %u orders (", store_count (f));
  g_assert_true (g_str_has_prefix (out, summary));
  g_assert_cmpuint (store_count (f), ==, bmd_shopify_sim_get_order_count (f->sim));
  g_assert_nonnull (strstr (err, named));
}

static void
test_cli_failures (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *missing = NULL;

  if (f->sim == NULL)
    return;
  g_assert_nonnull (g_getenv ("BMD_BUILD_DIR"));

  g_assert_cmpint (run_cli (f, NULL, NULL, &out, &err), ==, 0);
  /* The progress names the lake's Delta step. */
  g_assert_nonnull (strstr (err, "lake: Committing Delta table orders"));
  g_assert_nonnull (strstr (err, "Glue database"));

  assert_partial (f, "AWS_SECRET_ACCESS_KEY", "not-the-secret-0000000000000000000000000", "lake");
  missing = g_strdup_printf ("no-such-bucket-%08x", g_random_int ());
  assert_partial (f, "BAKEMYDAY_S3_BUCKET", missing, "lake");
  /* Port 1 on loopback: nothing listens. The lake itself is written. */
  assert_partial (f, "BAKEMYDAY_GLUE_ENDPOINT", "http://127.0.0.1:1", "catalog");
}

static void
test_cli_history (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *program = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  const char *argv[] = { program, "lake", "history", "orders", NULL };
  const char *bad_argv[] = { program, "lake", "history", "Orders", NULL };
  g_autoptr(BmdRefreshResult) result = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *row = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (f->sim == NULL)
    return;
  result = refresh (f);
  g_assert_cmpstr (result->later_stage_error, ==, NULL);

  envp = g_environ_setenv (envp, "BAKEMYDAY_S3_PREFIX", f->prefix, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "version\ttime\toperation\trows_added\trows_removed");
  fields = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 5);
  g_assert_cmpstr (fields[0], ==, "0");
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", fields[1], 0, 0));
  row = g_strdup_printf ("WRITE\t%u\t0", result->total);
  g_assert_true (g_str_has_suffix (lines[1], row));
  g_assert_cmpstr (lines[2], ==, "");
  g_assert_null (lines[3]);

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_spawn_sync (NULL, (char **) bad_argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config_home = g_dir_make_tmp ("bmd-refresh-delta-config-XXXXXX", NULL);
  int status;

  g_assert_nonnull (config_home);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/refresh-delta/tables", test_refresh_tables);
  ADD ("/bmd/refresh-delta/insights", test_insights_tables);
  ADD ("/bmd/refresh-delta/cli-failures", test_cli_failures);
  ADD ("/bmd/refresh-delta/cli-history", test_cli_history);
#undef ADD

  status = g_test_run ();
  bmd_test_remove_tree (config_home);
  return status;
}
