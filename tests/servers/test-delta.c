/* Delta tables on a real radosgw: the commit protocol, the manifest, the
 * race between two writers, checkpoints and vacuum, each read back by an
 * independent reader (read-delta.mjs: its own log replay, DuckDB); and the
 * Glue catalog on moto_server. */
#include "config.h"

#include <string.h>

#include "bmd-test-servers.h"
#include "bmd-test-delta.h"

#include "bmd-delta-table.h"
#include "bmd-glue.h"
#include "bmd-lake.h"
#include "bmd-lake-tables.h"

#define TABLE "future_orders"
#define DAY_MS (24 * 60 * 60 * (gint64) 1000)

typedef struct
{
  BmdS3Client *s3;
  const char *bucket;
  char *prefix;
  char *root;
  BmdDeltaTable *table;
  GDateTime *as_of;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;

  if (!bmd_test_require_s3 ())
    return;
  credentials = bmd_aws_credentials_resolve (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->s3 = bmd_s3_client_new (g_getenv ("BAKEMYDAY_S3_ENDPOINT"), credentials, &error);
  g_assert_no_error (error);
  f->bucket = g_getenv ("BAKEMYDAY_S3_BUCKET");
  f->prefix = g_strdup_printf ("test-delta/%08x", g_random_int ());
  f->root = bmd_lake_delta_root (f->prefix, TABLE);
  f->table = bmd_delta_table_new (f->s3, f->bucket, f->root);
  f->as_of = g_date_time_new_from_iso8601 ("2026-12-04T12:00:00Z", NULL);
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
  g_clear_object (&f->table);
  g_clear_object (&f->s3);
  g_clear_pointer (&f->as_of, g_date_time_unref);
  g_free (f->prefix);
  g_free (f->root);
}

/* future_orders rows; @flavor tells two contents apart. */
static GPtrArray *
make_rows (guint       n,
           const char *flavor,
           const char *run_id)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = json_object_new ();
      g_autofree char *name = g_strdup_printf ("#%u", 1001 + i);
      g_autofree char *request = g_strdup_printf ("req-%u", i);
      g_autofree char *pickup = g_strdup_printf ("2026-12-%02uT16:00:00Z", 10 + i);

      json_object_set_string_member (row, "order_name", name);
      json_object_set_string_member (row, "first_name", "Ana");
      json_object_set_string_member (row, "customer_name", "Ana Núñez");
      json_object_set_string_member (row, "financial_status", "PAID");
      json_object_set_string_member (row, "draft_type", "deposit");
      json_object_set_string_member (row, "theme", "Dinosaurs");
      json_object_set_string_member (row, "flavor", flavor);
      json_object_set_null_member (row, "allergies");
      json_object_set_string_member (row, "pickup_date", pickup);
      json_object_set_string_member (row, "request_id", request);
      json_object_set_string_member (row, "run_id", run_id);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static BmdLakeTableFile *
make_file (Fixture    *f,
           guint       n,
           const char *flavor,
           const char *run_id)
{
  g_autoptr(GPtrArray) rows = make_rows (n, flavor, run_id);
  g_autoptr(GError) error = NULL;
  BmdLakeTableFile *file = bmd_lake_table_write (TABLE, rows, f->as_of, &error);

  g_assert_no_error (error);
  return file;
}

static char *
schema_string (void)
{
  g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (TABLE);

  return bmd_parquet_schema_to_delta_json (schema);
}

/* Commits @n rows of @flavor through @table; returns the version (-1: none). */
static gint64
commit_rows (Fixture       *f,
             BmdDeltaTable *table,
             guint          n,
             const char    *flavor,
             const char    *run_id,
             guint         *out_attempts)
{
  g_autoptr(BmdLakeTableFile) file = make_file (f, n, flavor, run_id);
  g_autofree char *schema = schema_string ();
  g_autoptr(GError) error = NULL;
  BmdDeltaContent content = { schema, file->parquet, file->stats, file->n_records, file->content_digest };
  BmdDeltaWriteResult result = { 0 };

  g_assert_true (bmd_delta_table_write (table, &content, run_id, &result, NULL, &error));
  g_assert_no_error (error);
  if (out_attempts != NULL)
    *out_attempts = result.attempts;
  return result.version;
}

static JsonObject *
action (GPtrArray  *actions,
        const char *name,
        guint       nth)
{
  for (guint i = 0; i < actions->len; i++)
    {
      JsonObject *line = g_ptr_array_index (actions, i);

      if (json_object_has_member (line, name) && nth-- == 0)
        return json_object_get_object_member (line, name);
    }
  return NULL;
}

static guint
count_actions (GPtrArray  *actions,
               const char *name)
{
  guint n = 0;

  for (guint i = 0; i < actions->len; i++)
    if (json_object_has_member (g_ptr_array_index (actions, i), name))
      n++;
  return n;
}

static char *
manifest (Fixture *f)
{
  g_autofree char *key = g_strdup_printf ("%s/_symlink_format_manifest/manifest", f->root);

  return bmd_test_s3_text (f->s3, f->bucket, key);
}

/* The manifest must name exactly the live files the independent replay found. */
static void
assert_manifest_is_live (Fixture    *f,
                         JsonObject *read)
{
  JsonArray *live = json_object_get_array_member (read, "live");
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *text = manifest (f);

  for (guint i = 0; i < json_array_get_length (live); i++)
    g_string_append_printf (expected, "s3://%s/%s/%s\n", f->bucket, f->root,
                            json_array_get_string_element (live, i));
  g_assert_cmpstr (text, ==, expected->str);
}

/* The flavor column of every row read back, and the row count. */
static void
assert_rows (JsonObject *read,
             guint       n,
             const char *flavor)
{
  JsonArray *columns = json_object_get_array_member (read, "columns");
  JsonArray *rows = json_object_get_array_member (read, "rows");
  guint flavor_column = G_MAXUINT, name_column = G_MAXUINT;

  g_assert_cmpuint (json_array_get_length (rows), ==, n);
  for (guint c = 0; c < json_array_get_length (columns); c++)
    {
      if (g_strcmp0 (json_array_get_string_element (columns, c), "flavor") == 0)
        flavor_column = c;
      if (g_strcmp0 (json_array_get_string_element (columns, c), "order_name") == 0)
        name_column = c;
    }
  g_assert_cmpuint (flavor_column, !=, G_MAXUINT);
  for (guint r = 0; r < n; r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      g_autofree char *name = g_strdup_printf ("#%u", 1001 + r);

      g_assert_cmpstr (json_array_get_string_element (row, flavor_column), ==, flavor);
      g_assert_cmpstr (json_array_get_string_element (row, name_column), ==, name);
    }
}

static void
test_first_commit (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BmdLakeTableFile) file = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *schema = schema_string ();
  g_autofree char *data_key = NULL;
  JsonObject *protocol, *metadata, *add, *info, *stats;
  gint64 size = -1;

  if (f->s3 == NULL)
    return;
  g_assert_cmpint (commit_rows (f, f->table, 3, "Vanilla", "20261204T120000Z-aaaaaa", NULL), ==, 0);

  actions = bmd_test_delta_commit (f->s3, f->bucket, f->root, 0);
  g_assert_cmpuint (actions->len, ==, 4);
  protocol = action (actions, "protocol", 0);
  g_assert_cmpint (json_object_get_int_member (protocol, "minReaderVersion"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (protocol, "minWriterVersion"), ==, 2);
  metadata = action (actions, "metaData", 0);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (metadata, "id")));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (metadata, "format"), "provider"),
                   ==, "parquet");
  g_assert_cmpstr (json_object_get_string_member (metadata, "schemaString"), ==, schema);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (metadata, "partitionColumns")), ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (metadata, "configuration")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (metadata, "createdTime"), >, 1700000000000);

  file = make_file (f, 3, "Vanilla", "20261204T120000Z-aaaaaa");
  add = action (actions, "add", 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (add, "path"), ".parquet"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (add, "partitionValues")), ==, 0);
  g_assert_cmpint (json_object_get_int_member (add, "size"), ==, g_bytes_get_size (file->parquet));
  data_key = g_strdup_printf ("%s/%s", f->root, json_object_get_string_member (add, "path"));
  g_assert_true (bmd_s3_client_head (f->s3, f->bucket, data_key, &size, NULL, NULL, NULL));
  g_assert_cmpint (size, ==, json_object_get_int_member (add, "size"));
  g_assert_cmpint (json_object_get_int_member (add, "modificationTime"), ==,
                   json_object_get_int_member (metadata, "createdTime"));
  g_assert_true (json_object_get_boolean_member (add, "dataChange"));
  json_parser_load_from_data (parser, json_object_get_string_member (add, "stats"), -1, NULL);
  stats = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (stats, "numRecords"), ==, 3);
  g_assert_true (json_object_has_member (stats, "minValues"));
  g_assert_true (json_object_has_member (stats, "maxValues"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (stats, "nullCount"), "allergies"), ==, 3);
  info = action (actions, "commitInfo", 0);
  g_assert_cmpstr (json_object_get_string_member (info, "operation"), ==, "WRITE");
  g_assert_cmpint (json_object_get_int_member (info, "timestamp"), ==, json_object_get_int_member (add, "modificationTime"));

  read = bmd_test_delta_read (f->s3, f->bucket, f->root);
  g_assert_nonnull (read);
  g_assert_cmpint (json_object_get_int_member (read, "version"), ==, 0);
  assert_rows (read, 3, "Vanilla");
  assert_manifest_is_live (f, read);
}

/* Only as_of and run_id differ: no commit. One letter's case differs: a commit
 * that removes the old file and adds the new. */
static void
test_unchanged_rows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GPtrArray) log_keys = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autofree char *log_folder = NULL;
  g_autofree char *first_path = NULL;

  if (f->s3 == NULL)
    return;
  g_assert_cmpint (commit_rows (f, f->table, 2, "Vanilla", "20261204T120000Z-aaaaaa", NULL), ==, 0);
  actions = bmd_test_delta_commit (f->s3, f->bucket, f->root, 0);
  first_path = g_strdup (json_object_get_string_member (action (actions, "add", 0), "path"));
  g_clear_pointer (&actions, g_ptr_array_unref);

  later = g_date_time_add_hours (f->as_of, 24);
  g_date_time_unref (f->as_of);
  f->as_of = g_steal_pointer (&later);
  g_assert_cmpint (commit_rows (f, f->table, 2, "Vanilla", "20261205T120000Z-bbbbbb", NULL), ==, -1);
  log_folder = g_strdup_printf ("%s/_delta_log/", f->root);
  log_keys = bmd_test_s3_keys (f->s3, f->bucket, log_folder);
  g_assert_cmpuint (log_keys->len, ==, 1);

  g_assert_cmpint (commit_rows (f, f->table, 2, "vanilla", "20261205T120000Z-cccccc", NULL), ==, 1);
  actions = bmd_test_delta_commit (f->s3, f->bucket, f->root, 1);
  g_assert_cmpuint (count_actions (actions, "protocol"), ==, 0);
  g_assert_cmpuint (count_actions (actions, "metaData"), ==, 0);
  g_assert_cmpuint (count_actions (actions, "remove"), ==, 1);
  g_assert_cmpuint (count_actions (actions, "add"), ==, 1);
  g_assert_cmpuint (count_actions (actions, "commitInfo"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (action (actions, "remove", 0), "path"), ==, first_path);
  g_assert_true (json_object_get_boolean_member (action (actions, "remove", 0), "dataChange"));
  g_assert_true (json_object_has_member (action (actions, "remove", 0), "deletionTimestamp"));
  g_assert_cmpint (json_object_get_int_member (action (actions, "remove", 0), "size"), >, 0);

  read = bmd_test_delta_read (f->s3, f->bucket, f->root);
  g_assert_nonnull (read);
  g_assert_cmpint (json_object_get_int_member (read, "version"), ==, 1);
  assert_rows (read, 2, "vanilla");
  assert_manifest_is_live (f, read);
}

typedef struct
{
  Fixture *f;
  BmdDeltaTable *other;
  guint calls;
  gint64 other_version;
} Race;

/* Runs between writer A's reading of the log and its PUT: writer B commits
 * the very version A is about to write. */
static void
race_hook (BmdDeltaTable *table,
           gint64         version,
           gpointer       user_data)
{
  Race *race = user_data;

  if (race->calls++ > 0)
    return;
  race->other_version = commit_rows (race->f, race->other, 4, "Lemon", "20261204T120000Z-bbbbbb", NULL);
  g_assert_cmpint (race->other_version, ==, version);
}

static void
test_race (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(BmdDeltaTable) other = NULL;
  g_autoptr(GPtrArray) v1 = NULL;
  g_autoptr(GPtrArray) v2 = NULL;
  g_autoptr(JsonObject) read = NULL;
  Race race = { 0 };
  guint attempts = 0;

  if (f->s3 == NULL)
    return;
  g_assert_cmpint (commit_rows (f, f->table, 2, "Vanilla", "20261204T110000Z-000000", NULL), ==, 0);

  other = bmd_delta_table_new (f->s3, f->bucket, f->root);
  race.f = f;
  race.other = other;
  bmd_delta_table_set_commit_hook (f->table, race_hook, &race);
  g_assert_cmpint (commit_rows (f, f->table, 3, "Chocolate", "20261204T120000Z-aaaaaa", &attempts), ==, 2);
  g_assert_cmpuint (race.calls, ==, 2);
  g_assert_cmpint (race.other_version, ==, 1);
  g_assert_cmpuint (attempts, ==, 2);

  /* Both commits are in the log, in order; A's removes B's file, live then. */
  v1 = bmd_test_delta_commit (f->s3, f->bucket, f->root, 1);
  v2 = bmd_test_delta_commit (f->s3, f->bucket, f->root, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (action (v1, "commitInfo", 0), "bakemyday"), "runId"),
                   ==, "20261204T120000Z-bbbbbb");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (action (v2, "commitInfo", 0), "bakemyday"), "runId"),
                   ==, "20261204T120000Z-aaaaaa");
  g_assert_cmpuint (count_actions (v2, "remove"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (action (v2, "remove", 0), "path"), ==,
                   json_object_get_string_member (action (v1, "add", 0), "path"));
  g_assert_cmpint (json_object_get_int_member (action (v2, "commitInfo", 0), "readVersion"), ==, 1);

  read = bmd_test_delta_read (f->s3, f->bucket, f->root);
  g_assert_nonnull (read);
  g_assert_cmpint (json_object_get_int_member (read, "version"), ==, 2);
  assert_rows (read, 3, "Chocolate");
  assert_manifest_is_live (f, read);
}

/* The winner wrote the same rows: the loser commits nothing and takes its
 * data file back. */
static void
race_same_hook (BmdDeltaTable *table,
                gint64         version,
                gpointer       user_data)
{
  Race *race = user_data;

  if (race->calls++ == 0)
    race->other_version = commit_rows (race->f, race->other, 3, "Chocolate", "20261204T120000Z-bbbbbb", NULL);
}

static void
test_race_same_rows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(BmdDeltaTable) other = bmd_delta_table_new (f->s3, f->bucket, f->root);
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *folder = g_strconcat (f->root, "/", NULL);
  Race race = { f, other, 0, -1 };
  guint parquet = 0;

  if (f->s3 == NULL)
    return;
  bmd_delta_table_set_commit_hook (f->table, race_same_hook, &race);
  g_assert_cmpint (commit_rows (f, f->table, 3, "Chocolate", "20261204T120000Z-aaaaaa", NULL), ==, -1);
  g_assert_cmpint (race.other_version, ==, 0);
  files = bmd_test_s3_keys (f->s3, f->bucket, folder);
  for (guint i = 0; i < files->len; i++)
    if (g_str_has_suffix (files->pdata[i], ".parquet"))
      parquet++;
  g_assert_cmpuint (parquet, ==, 1);
}

static void
test_checkpoint (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *checkpoint9 = g_strdup_printf ("%s/_delta_log/%020d.checkpoint.parquet", f->root, 9);
  g_autofree char *checkpoint10 = g_strdup_printf ("%s/_delta_log/%020d.checkpoint.parquet", f->root, 10);
  g_autofree char *last_key = g_strdup_printf ("%s/_delta_log/_last_checkpoint", f->root);
  g_autofree char *last = NULL;
  g_autoptr(JsonObject) checkpoint = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(BmdDeltaLog) log = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *adds, *removes, *metadata, *protocol;

  if (f->s3 == NULL)
    return;
  for (int v = 0; v <= 9; v++)
    {
      g_autofree char *flavor = g_strdup_printf ("Flavor %d", v);

      g_assert_cmpint (commit_rows (f, f->table, 2, flavor, "20261204T120000Z-aaaaaa", NULL), ==, v);
    }
  /* Version 9 is not a multiple of 10: no checkpoint yet. */
  g_assert_false (bmd_s3_client_head (f->s3, f->bucket, checkpoint9, NULL, NULL, NULL, NULL));
  g_assert_false (bmd_s3_client_head (f->s3, f->bucket, last_key, NULL, NULL, NULL, NULL));
  g_assert_cmpint (commit_rows (f, f->table, 2, "Flavor 10", "20261204T120000Z-aaaaaa", NULL), ==, 10);

  last = bmd_test_s3_text (f->s3, f->bucket, last_key);
  /* protocol + metaData + 1 live file + 10 removed files */
  g_assert_cmpstr (last, ==, "{\"version\":10,\"size\":13}");

  checkpoint = bmd_test_delta_read_checkpoint (f->s3, f->bucket, checkpoint10);
  g_assert_nonnull (checkpoint);
  read = bmd_test_delta_read (f->s3, f->bucket, f->root);
  g_assert_nonnull (read);
  log = bmd_delta_table_read_log (f->table, NULL, &error);
  g_assert_no_error (error);
  adds = json_object_get_array_member (checkpoint, "adds");
  removes = json_object_get_array_member (checkpoint, "removes");
  g_assert_cmpuint (json_array_get_length (adds), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (adds, 0), ==,
                   json_array_get_string_element (json_object_get_array_member (read, "live"), 0));
  g_assert_cmpuint (json_array_get_length (removes), ==, 10);
  metadata = json_object_get_array_member (checkpoint, "metadata");
  g_assert_cmpstr (json_array_get_string_element (metadata, 0), ==, bmd_delta_log_get_table_id (log));
  g_assert_cmpstr (json_array_get_string_element (metadata, 1), ==, bmd_delta_log_get_schema_string (log));
  protocol = json_object_get_array_member (checkpoint, "protocol");
  g_assert_cmpstr (json_array_get_string_element (protocol, 0), ==, "1");
  g_assert_cmpstr (json_array_get_string_element (protocol, 1), ==, "2");
}

static gboolean
has_key (GPtrArray  *keys,
         const char *key)
{
  for (guint i = 0; i < keys->len; i++)
    if (g_strcmp0 (keys->pdata[i], key) == 0)
      return TRUE;
  return FALSE;
}

/* file0 removed at T+1d, file1 at T+2d, file2 live; an orphan (no commit
 * names it) uploaded now. */
static void
test_vacuum (Fixture       *f,
             gconstpointer  data)
{
  gint64 t0 = g_get_real_time () / 1000;
  g_autofree char *folder = g_strconcat (f->root, "/", NULL);
  g_autofree char *orphan_key = g_strconcat (folder, "part-00000-orphan-c000.zstd.parquet", NULL);
  g_autoptr(GBytes) orphan = g_bytes_new_static ("PAR1", 4);
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  char *paths[3];
  guint deleted = 99;

  if (f->s3 == NULL)
    return;
  for (int v = 0; v < 3; v++)
    {
      g_autofree char *flavor = g_strdup_printf ("Flavor %d", v);
      g_autoptr(GPtrArray) actions = NULL;

      bmd_delta_table_set_clock (f->table, t0 + v * DAY_MS);
      g_assert_cmpint (commit_rows (f, f->table, 1, flavor, "20261204T120000Z-aaaaaa", NULL), ==, v);
      actions = bmd_test_delta_commit (f->s3, f->bucket, f->root, v);
      paths[v] = g_strdup (json_object_get_string_member (action (actions, "add", 0), "path"));
    }
  g_assert_true (bmd_s3_client_put (f->s3, f->bucket, orphan_key, orphan, NULL, BMD_S3_PUT_NONE, NULL, &error));
  g_assert_no_error (error);

  /* Today: nothing is old enough, the fresh orphan included. */
  bmd_delta_table_set_clock (f->table, 0);
  g_assert_true (bmd_delta_table_vacuum (f->table, 7, &deleted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted, ==, 0);

  /* Exactly 7 days after file0's removal: it stays; the orphan, a day older
   * than that, goes. */
  bmd_delta_table_set_clock (f->table, t0 + DAY_MS + 7 * DAY_MS);
  g_assert_true (bmd_delta_table_vacuum (f->table, 7, &deleted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted, ==, 1);
  keys = bmd_test_s3_keys (f->s3, f->bucket, folder);
  g_assert_true (has_key (keys, paths[0]));
  g_assert_false (has_key (keys, "part-00000-orphan-c000.zstd.parquet"));
  g_clear_pointer (&keys, g_ptr_array_unref);

  /* One millisecond later file0 goes; file1 (removed a day later) stays. */
  bmd_delta_table_set_clock (f->table, t0 + DAY_MS + 7 * DAY_MS + 1);
  g_assert_true (bmd_delta_table_vacuum (f->table, 7, &deleted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted, ==, 1);
  keys = bmd_test_s3_keys (f->s3, f->bucket, folder);
  g_assert_false (has_key (keys, paths[0]));
  g_assert_true (has_key (keys, paths[1]));
  g_assert_true (has_key (keys, paths[2]));
  g_assert_true (has_key (keys, "_delta_log/00000000000000000000.json"));
  g_assert_true (has_key (keys, "_symlink_format_manifest/manifest"));
  g_clear_pointer (&keys, g_ptr_array_unref);

  /* Much later file1 goes too; the live file never does. */
  bmd_delta_table_set_clock (f->table, t0 + 20 * DAY_MS);
  g_assert_true (bmd_delta_table_vacuum (f->table, 7, &deleted, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (deleted, ==, 1);
  keys = bmd_test_s3_keys (f->s3, f->bucket, folder);
  g_assert_false (has_key (keys, paths[1]));
  g_assert_true (has_key (keys, paths[2]));
  for (int v = 0; v < 3; v++)
    g_free (paths[v]);
}

/* A new column, same rows otherwise: a new metaData with the table's id. */
static void
test_schema_change (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(BmdLakeTableFile) file = NULL;
  g_autoptr(GPtrArray) v0 = NULL;
  g_autoptr(GPtrArray) v1 = NULL;
  g_autofree char *schema = schema_string ();
  g_autofree char *wider = NULL;
  g_autoptr(GError) error = NULL;
  BmdDeltaWriteResult result = { 0 };
  BmdDeltaContent content = { 0 };
  JsonObject *m0, *m1;

  if (f->s3 == NULL)
    return;
  g_assert_cmpint (commit_rows (f, f->table, 2, "Vanilla", "20261204T120000Z-aaaaaa", NULL), ==, 0);
  file = make_file (f, 2, "Vanilla", "20261204T120000Z-aaaaaa");
  g_assert_true (g_str_has_suffix (schema, "]}"));
  wider = g_strdup_printf ("%.*s,{\"name\":\"servings\",\"type\":\"long\",\"nullable\":true,\"metadata\":{}}]}",
                           (int) strlen (schema) - 2, schema);
  content = (BmdDeltaContent) { wider, file->parquet, file->stats, file->n_records, file->content_digest };
  g_assert_true (bmd_delta_table_write (f->table, &content, "20261204T120000Z-bbbbbb", &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.version, ==, 1);

  v0 = bmd_test_delta_commit (f->s3, f->bucket, f->root, 0);
  v1 = bmd_test_delta_commit (f->s3, f->bucket, f->root, 1);
  m0 = action (v0, "metaData", 0);
  m1 = action (v1, "metaData", 0);
  g_assert_nonnull (m1);
  g_assert_cmpstr (json_object_get_string_member (m1, "schemaString"), ==, wider);
  g_assert_cmpstr (json_object_get_string_member (m1, "id"), ==, json_object_get_string_member (m0, "id"));
  g_assert_cmpint (json_object_get_int_member (m1, "createdTime"), ==, json_object_get_int_member (m0, "createdTime"));
  g_assert_cmpuint (count_actions (v1, "protocol"), ==, 0);
}

static void
cancel_hook (BmdDeltaTable *table,
             gint64         version,
             gpointer       user_data)
{
  g_cancellable_cancel (user_data);
}

/* Stopped between its data file and its log entry (a killed or cancelled
 * refresh): the table stays at its last commit; the file is an orphan. */
static void
test_stopped_commit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(BmdLakeTableFile) file = NULL;
  g_autoptr(JsonObject) read = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = schema_string ();
  g_autofree char *folder = g_strconcat (f->root, "/", NULL);
  BmdDeltaContent content = { 0 };
  BmdDeltaWriteResult result = { 0 };
  guint parquet = 0;

  if (f->s3 == NULL)
    return;
  g_assert_cmpint (commit_rows (f, f->table, 2, "Vanilla", "20261204T120000Z-aaaaaa", NULL), ==, 0);
  file = make_file (f, 5, "Carrot", "20261204T130000Z-bbbbbb");
  content = (BmdDeltaContent) { schema, file->parquet, file->stats, file->n_records, file->content_digest };
  bmd_delta_table_set_commit_hook (f->table, cancel_hook, cancellable);
  g_assert_false (bmd_delta_table_write (f->table, &content, "20261204T130000Z-bbbbbb", &result, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (result.version, ==, -1);

  read = bmd_test_delta_read (f->s3, f->bucket, f->root);
  g_assert_nonnull (read);
  g_assert_cmpint (json_object_get_int_member (read, "version"), ==, 0);
  assert_rows (read, 2, "Vanilla");
  assert_manifest_is_live (f, read);
  keys = bmd_test_s3_keys (f->s3, f->bucket, folder);
  for (guint i = 0; i < keys->len; i++)
    if (g_str_has_suffix (keys->pdata[i], ".parquet"))
      parquet++;
  g_assert_cmpuint (parquet, ==, 2);
}

/* A table with no rows: the commit removes the live file and adds none. */
static void
test_empty_table (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) read = NULL;
  g_autofree char *text = NULL;

  if (f->s3 == NULL)
    return;
  g_assert_cmpint (commit_rows (f, f->table, 2, "Vanilla", "20261204T120000Z-aaaaaa", NULL), ==, 0);
  g_assert_cmpint (commit_rows (f, f->table, 0, "Vanilla", "20261204T120000Z-bbbbbb", NULL), ==, 1);
  read = bmd_test_delta_read (f->s3, f->bucket, f->root);
  g_assert_nonnull (read);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (read, "live")), ==, 0);
  text = manifest (f);
  g_assert_cmpstr (text, ==, "");
}

static BmdGlueClient *
glue_client (const char *endpoint)
{
  g_autoptr(BmdAwsCredentials) credentials = bmd_aws_credentials_new ("AKIDEXAMPLE", "secret", NULL, "us-east-1");
  g_autoptr(GError) error = NULL;
  BmdGlueClient *glue = bmd_glue_client_new (endpoint, credentials, &error);

  g_assert_no_error (error);
  return glue;
}

static void
test_glue_tables (void)
{
  static const char * const expected[][2] = {
    { "order_name", "string" }, { "first_name", "string" }, { "customer_name", "string" },
    { "financial_status", "string" }, { "draft_type", "string" }, { "theme", "string" },
    { "flavor", "string" }, { "allergies", "string" }, { "pickup_date", "timestamp" },
    { "request_id", "string" }, { "as_of", "timestamp" }, { "run_id", "string" },
  };
  g_autoptr(BmdGlueClient) glue = NULL;
  g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (TABLE);
  g_autoptr(BmdParquetSchema) orders = bmd_lake_table_schema ("orders");
  g_autoptr(JsonObject) table = NULL;
  g_autoptr(JsonObject) order_table = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = g_strdup_printf ("bmd_test_%08x", g_random_int ());
  JsonObject *storage;
  JsonArray *columns;

  if (!bmd_test_require_glue ())
    return;
  glue = glue_client (g_getenv ("BMD_TEST_GLUE_ENDPOINT"));
  g_assert_true (bmd_glue_client_ensure_database (glue, database, NULL, &error));
  g_assert_no_error (error);
  /* Again: it exists, which is no error. */
  g_assert_true (bmd_glue_client_ensure_database (glue, database, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (bmd_glue_client_put_table (glue, database, TABLE, schema,
                                            "s3://b/p/delta/future_orders/_symlink_format_manifest/", NULL, &error));
  g_assert_no_error (error);
  table = bmd_glue_client_get_table (glue, database, TABLE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (table, "TableType"), ==, "EXTERNAL_TABLE");
  storage = json_object_get_object_member (table, "StorageDescriptor");
  g_assert_cmpstr (json_object_get_string_member (storage, "Location"), ==,
                   "s3://b/p/delta/future_orders/_symlink_format_manifest/");
  g_assert_cmpstr (json_object_get_string_member (storage, "InputFormat"), ==,
                   "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (storage, "SerdeInfo"),
                                                  "SerializationLibrary"),
                   ==, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
  columns = json_object_get_array_member (storage, "Columns");
  g_assert_cmpuint (json_array_get_length (columns), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);

      g_assert_cmpstr (json_object_get_string_member (column, "Name"), ==, expected[i][0]);
      g_assert_cmpstr (json_object_get_string_member (column, "Type"), ==, expected[i][1]);
    }
  g_clear_pointer (&table, json_object_unref);

  /* A second call with another location updates the table. */
  g_assert_true (bmd_glue_client_put_table (glue, database, TABLE, schema,
                                            "s3://b/q/delta/future_orders/_symlink_format_manifest/", NULL, &error));
  g_assert_no_error (error);
  table = bmd_glue_client_get_table (glue, database, TABLE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (table, "StorageDescriptor"), "Location"),
                   ==, "s3://b/q/delta/future_orders/_symlink_format_manifest/");

  /* Money and instants keep their Hive types in the orders table. */
  g_assert_true (bmd_glue_client_put_table (glue, database, "orders", orders, "s3://b/p/delta/orders/_symlink_format_manifest/",
                                            NULL, &error));
  g_assert_no_error (error);
  order_table = bmd_glue_client_get_table (glue, database, "orders", NULL, &error);
  g_assert_no_error (error);
  columns = json_object_get_array_member (json_object_get_object_member (order_table, "StorageDescriptor"), "Columns");
  for (guint i = 0; i < json_array_get_length (columns); i++)
    {
      JsonObject *column = json_array_get_object_element (columns, i);
      const char *name = json_object_get_string_member (column, "Name");

      if (g_strcmp0 (name, "total_price") == 0)
        g_assert_cmpstr (json_object_get_string_member (column, "Type"), ==, "decimal(12,2)");
      else if (g_strcmp0 (name, "created_at") == 0)
        g_assert_cmpstr (json_object_get_string_member (column, "Type"), ==, "timestamp");
      g_assert_cmpstr (name, !=, "raw");
    }

  /* A table that is not there is EntityNotFound. */
  g_assert_null (bmd_glue_client_get_table (glue, database, "no_such_table", NULL, &error));
  g_assert_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_NOT_FOUND);
}

static void
test_glue_endpoints (void)
{
  g_autoptr(BmdAwsCredentials) credentials = bmd_aws_credentials_new ("AKIDEXAMPLE", "secret", NULL, "eu-west-1");
  g_autoptr(BmdGlueClient) aws = NULL;
  g_autoptr(BmdGlueClient) closed = NULL;
  g_autoptr(GError) error = NULL;

  aws = bmd_glue_client_new (NULL, credentials, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_glue_client_get_endpoint (aws), ==, "https://glue.eu-west-1.amazonaws.com/");
  g_assert_null (bmd_glue_client_new ("http://glue.example.com", credentials, &error));
  g_assert_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_INVALID_ENDPOINT);
  g_clear_error (&error);
  g_assert_null (bmd_glue_client_new ("not a url", credentials, &error));
  g_assert_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_INVALID_ENDPOINT);
  g_clear_error (&error);

  /* Port 1 on loopback: nothing listens. */
  closed = bmd_glue_client_new ("http://127.0.0.1:1", credentials, &error);
  g_assert_no_error (error);
  g_assert_false (bmd_glue_client_ensure_database (closed, "bakemyday", NULL, &error));
  g_assert_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_NETWORK);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/delta/first-commit", test_first_commit);
  ADD ("/delta/unchanged-rows", test_unchanged_rows);
  ADD ("/delta/race", test_race);
  ADD ("/delta/race-same-rows", test_race_same_rows);
  ADD ("/delta/checkpoint", test_checkpoint);
  ADD ("/delta/vacuum", test_vacuum);
  ADD ("/delta/schema-change", test_schema_change);
  ADD ("/delta/empty-table", test_empty_table);
  ADD ("/delta/stopped-commit", test_stopped_commit);
#undef ADD
  g_test_add_func ("/glue/tables", test_glue_tables);
  g_test_add_func ("/glue/endpoints", test_glue_endpoints);
  return g_test_run ();
}
