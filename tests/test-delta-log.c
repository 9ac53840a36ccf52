/* The Delta log reader: replaying commits, and refusing what is not the
 * protocol's JSON without changing the table (commits are outside data).
 * Also the Glue error-body parser, which reads answers off the network. */
#include "config.h"

#include <string.h>

#include "bmd-delta-log.h"
#include "bmd-glue.h"

#define V0 \
  "{\"commitInfo\":{\"timestamp\":1700000000000,\"operation\":\"WRITE\",\"bakemyday\":{\"contentHash\":\"h0\"}}}\n" \
  "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}\n" \
  "{\"metaData\":{\"id\":\"6d3a1f0e-1111-4222-8333-944455556666\",\"format\":{\"provider\":\"parquet\",\"options\":{}}," \
  "\"schemaString\":\"{\\\"type\\\":\\\"struct\\\",\\\"fields\\\":[]}\",\"partitionColumns\":[],\"configuration\":{},\"createdTime\":1700000000000}}\n" \
  "{\"add\":{\"path\":\"part-a.parquet\",\"partitionValues\":{},\"size\":100,\"modificationTime\":1700000000000," \
  "\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":3}\"}}\n"

#define V1 \
  "{\"remove\":{\"path\":\"part-a.parquet\",\"deletionTimestamp\":1700000100000,\"dataChange\":true,\"size\":100}}\r\n" \
  "\n" \
  "{\"add\":{\"path\":\"part-b.parquet\",\"partitionValues\":{},\"size\":80,\"modificationTime\":1700000100000," \
  "\"dataChange\":true,\"stats\":\"{\\\"numRecords\\\":5}\"}}\r\n" \
  "{\"commitInfo\":{\"timestamp\":1700000100000,\"operation\":\"WRITE\",\"bakemyday\":{\"contentHash\":\"h1\"}}}\r\n"

static BmdDeltaLog *
log_at_v1 (void)
{
  g_autoptr(GError) error = NULL;
  BmdDeltaLog *log = bmd_delta_log_new ();

  g_assert_true (bmd_delta_log_apply (log, 0, V0, strlen (V0), &error));
  g_assert_no_error (error);
  g_assert_true (bmd_delta_log_apply (log, 1, V1, strlen (V1), &error));
  g_assert_no_error (error);
  return log;
}

static void
test_replay (void)
{
  g_autoptr(BmdDeltaLog) log = bmd_delta_log_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) tombstones = NULL;
  GPtrArray *history;
  BmdDeltaCommitInfo *info;
  BmdDeltaFile *file;

  g_assert_cmpint (bmd_delta_log_get_version (log), ==, -1);
  g_assert_null (bmd_delta_log_get_content_hash (log));

  g_assert_true (bmd_delta_log_apply (log, 0, V0, strlen (V0), &error));
  g_assert_no_error (error);
  g_assert_cmpint (bmd_delta_log_get_version (log), ==, 0);
  g_assert_cmpstr (bmd_delta_log_get_table_id (log), ==, "6d3a1f0e-1111-4222-8333-944455556666");
  g_assert_cmpstr (bmd_delta_log_get_schema_string (log), ==, "{\"type\":\"struct\",\"fields\":[]}");
  g_assert_cmpint (bmd_delta_log_get_created_time (log), ==, 1700000000000);
  g_assert_cmpstr (bmd_delta_log_get_content_hash (log), ==, "h0");

  g_assert_true (bmd_delta_log_apply (log, 1, V1, strlen (V1), &error));
  g_assert_no_error (error);
  live = bmd_delta_log_dup_live_files (log);
  g_assert_cmpuint (live->len, ==, 1);
  file = g_ptr_array_index (live, 0);
  g_assert_cmpstr (file->path, ==, "part-b.parquet");
  g_assert_cmpint (file->size, ==, 80);
  g_assert_cmpint (file->num_records, ==, 5);
  tombstones = bmd_delta_log_dup_tombstones (log);
  g_assert_cmpuint (tombstones->len, ==, 1);
  g_assert_cmpstr (((BmdDeltaTombstone *) tombstones->pdata[0])->path, ==, "part-a.parquet");
  g_assert_cmpint (((BmdDeltaTombstone *) tombstones->pdata[0])->deletion_timestamp, ==, 1700000100000);
  g_assert_true (bmd_delta_log_is_known_path (log, "part-a.parquet"));
  g_assert_false (bmd_delta_log_is_known_path (log, "part-c.parquet"));

  history = bmd_delta_log_get_history (log);
  g_assert_cmpuint (history->len, ==, 2);
  info = g_ptr_array_index (history, 0);
  g_assert_cmpint (info->rows_added, ==, 3);
  g_assert_cmpint (info->rows_removed, ==, 0);
  info = g_ptr_array_index (history, 1);
  g_assert_cmpint (info->version, ==, 1);
  g_assert_cmpint (info->timestamp, ==, 1700000100000);
  g_assert_cmpstr (info->operation, ==, "WRITE");
  g_assert_cmpint (info->rows_added, ==, 5);
  /* The removed file's rows, from the add that put it there. */
  g_assert_cmpint (info->rows_removed, ==, 3);
  g_assert_cmpstr (bmd_delta_log_get_content_hash (log), ==, "h1");
}

/* A commit another writer made, without our hash: the newest hash is gone,
 * so the next refresh commits. A remove of a file never added counts no rows. */
static void
test_foreign_commit (void)
{
  g_autoptr(BmdDeltaLog) log = log_at_v1 ();
  g_autoptr(GError) error = NULL;
  const char *v2 = "{\"remove\":{\"path\":\"part-zzz.parquet\",\"deletionTimestamp\":1}}\n"
                   "{\"commitInfo\":{\"operation\":\"DELETE\"}}";
  BmdDeltaCommitInfo *info;

  g_assert_true (bmd_delta_log_apply (log, 2, v2, strlen (v2), &error));
  g_assert_no_error (error);
  g_assert_null (bmd_delta_log_get_content_hash (log));
  info = g_ptr_array_index (bmd_delta_log_get_history (log), 2);
  g_assert_cmpint (info->rows_removed, ==, 0);
  g_assert_cmpint (info->timestamp, ==, -1);
  g_assert_cmpuint (bmd_delta_log_get_n_live_files (log), ==, 1);
}

static void
test_gap (void)
{
  g_autoptr(BmdDeltaLog) log = log_at_v1 ();
  g_autoptr(GError) error = NULL;

  /* Version 3 after 1, and 1 again: both refused. */
  g_assert_false (bmd_delta_log_apply (log, 3, V1, strlen (V1), &error));
  g_assert_error (error, BMD_DELTA_LOG_ERROR, BMD_DELTA_LOG_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (bmd_delta_log_apply (log, 1, V1, strlen (V1), &error));
  g_assert_error (error, BMD_DELTA_LOG_ERROR, BMD_DELTA_LOG_ERROR_CORRUPT);
  g_assert_cmpint (bmd_delta_log_get_version (log), ==, 1);
}

static void
assert_refused (const char *commit,
                gsize       length,
                int         code)
{
  g_autoptr(BmdDeltaLog) log = log_at_v1 ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) live = NULL;

  g_assert_false (bmd_delta_log_apply (log, 2, commit, length, &error));
  g_assert_error (error, BMD_DELTA_LOG_ERROR, code);
  /* Nothing of a refused commit is applied, not even its valid lines. */
  g_assert_cmpint (bmd_delta_log_get_version (log), ==, 1);
  live = bmd_delta_log_dup_live_files (log);
  g_assert_cmpuint (live->len, ==, 1);
  g_assert_cmpstr (((BmdDeltaFile *) live->pdata[0])->path, ==, "part-b.parquet");
  g_assert_cmpuint (bmd_delta_log_get_history (log)->len, ==, 2);
}

static void
test_garbage (void)
{
  static const char *commits[] = {
    "",
    "\n\n",
    "not json",
    "[]",
    "{}",
    "{\"add\":{}}",
    "{\"add\":[1]}",
    "{\"add\":{\"path\":\"\",\"size\":1,\"modificationTime\":1}}",
    "{\"add\":{\"path\":\"x\",\"size\":\"12\",\"modificationTime\":1}}",
    "{\"add\":{\"path\":\"x\",\"size\":-1,\"modificationTime\":1}}",
    "{\"add\":{\"path\":\"x\",\"size\":1}}",
    "{\"add\":{\"path\":7,\"size\":1,\"modificationTime\":1}}",
    "{\"remove\":{}}",
    "{\"remove\":{\"path\":\"part-b.parquet\"},\"add\":{\"path\":\"y\",\"size\":1,\"modificationTime\":1}}",
    "{\"metaData\":{\"id\":\"x\"}}",
    "{\"protocol\":{\"minReaderVersion\":\"1\",\"minWriterVersion\":2}}",
    "{\"commitInfo\":5}",
    /* A valid line, then garbage: the whole commit is refused. */
    "{\"remove\":{\"path\":\"part-b.parquet\",\"deletionTimestamp\":5}}\n{\"add\":",
    "{\"add\":{\"path\":\"x\",\"size\":1,\"modificationTime\":1,\"stats\":\"{\\\"numRecords\\\":1}\"}} trailing",
  };

  for (guint i = 0; i < G_N_ELEMENTS (commits); i++)
    {
      g_test_message ("commit: %s", commits[i]);
      assert_refused (commits[i], strlen (commits[i]), BMD_DELTA_LOG_ERROR_CORRUPT);
    }
}

static void
test_hostile_bytes (void)
{
  const char with_nul[] = "{\"remove\":{\"path\":\"part-b.parquet\"}}\n\0{}";
  const char bad_utf8[] = "{\"remove\":{\"path\":\"part-\xff.parquet\"}}";
  g_autoptr(GString) deep = g_string_new ("{\"commitInfo\":");

  assert_refused (with_nul, sizeof with_nul - 1, BMD_DELTA_LOG_ERROR_CORRUPT);
  assert_refused (bad_utf8, sizeof bad_utf8 - 1, BMD_DELTA_LOG_ERROR_CORRUPT);
  /* Deep enough to exhaust a recursive parser's stack. */
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  assert_refused (deep->str, deep->len, BMD_DELTA_LOG_ERROR_CORRUPT);
}

/* A table a newer Delta writer upgraded: this writer must not touch it. */
static void
test_newer_protocol (void)
{
  const char *commit = "{\"protocol\":{\"minReaderVersion\":3,\"minWriterVersion\":7}}";
  const char *writer3 = "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":3}}";

  assert_refused (commit, strlen (commit), BMD_DELTA_LOG_ERROR_UNSUPPORTED);
  assert_refused (writer3, strlen (writer3), BMD_DELTA_LOG_ERROR_UNSUPPORTED);
}

static void
test_version_zero_needs_metadata (void)
{
  g_autoptr(BmdDeltaLog) log = bmd_delta_log_new ();
  g_autoptr(GError) error = NULL;
  const char *commit = "{\"protocol\":{\"minReaderVersion\":1,\"minWriterVersion\":2}}";

  g_assert_false (bmd_delta_log_apply (log, 0, commit, strlen (commit), &error));
  g_assert_error (error, BMD_DELTA_LOG_ERROR, BMD_DELTA_LOG_ERROR_CORRUPT);
  g_assert_cmpint (bmd_delta_log_get_version (log), ==, -1);
}

/* Random mutations of a valid commit: every outcome is an answer, never a crash. */
static void
test_mutations (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  gsize length = strlen (V1);

  for (int round = 0; round < 3000; round++)
    {
      g_autoptr(BmdDeltaLog) log = log_at_v1 ();
      g_autofree char *copy = g_memdup2 (V1, length);
      int flips = g_rand_int_range (rand, 1, 6);

      for (int i = 0; i < flips; i++)
        copy[g_rand_int_range (rand, 0, length)] = (char) g_rand_int_range (rand, 0, 256);
      if (bmd_delta_log_apply (log, 2, copy, g_rand_int_range (rand, 0, length + 1), NULL))
        g_assert_cmpint (bmd_delta_log_get_version (log), ==, 2);
      else
        g_assert_cmpint (bmd_delta_log_get_version (log), ==, 1);
    }
}

static void
test_commit_names (void)
{
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("00000000000000000007.json"), ==, 7);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("p/delta/orders/_delta_log/00000000000000000010.json"), ==, 10);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("0000000000000000007.json"), ==, -1);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("000000000000000000007.json"), ==, -1);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("00000000000000000010.checkpoint.parquet"), ==, -1);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("0000000000000000000a.json"), ==, -1);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("00000000000000000007.JSON"), ==, -1);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("99999999999999999999.json"), ==, -1);
  g_assert_cmpint (bmd_delta_log_parse_commit_name ("_last_checkpoint"), ==, -1);
}

static void
test_glue_error_bodies (void)
{
  static const struct { const char *body; const char *type; const char *message; } good[] = {
    { "{\"__type\":\"EntityNotFoundException\",\"message\":\"Table t not found\"}", "EntityNotFoundException", "Table t not found" },
    { "{\"__type\":\"com.amazonaws.glue#AlreadyExistsException\",\"Message\":\"exists\"}", "AlreadyExistsException", "exists" },
    { "{\"__type\":\"AccessDeniedException:http://internal.amazon.com/\"}", "AccessDeniedException", NULL },
    { "{\"message\":\"only a message\"}", NULL, "only a message" },
  };
  static const char *bad[] = {
    "", "null", "[]", "{}", "{\"__type\":5}", "{\"message\":[\"x\"]}", "<html>502</html>", "{\"__type\":\"x\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *type = NULL;
      g_autofree char *message = NULL;

      g_assert_true (bmd_glue_parse_error (good[i].body, strlen (good[i].body), &type, &message));
      g_assert_cmpstr (type, ==, good[i].type);
      g_assert_cmpstr (message, ==, good[i].message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (bmd_glue_parse_error (bad[i], strlen (bad[i]), NULL, NULL));
}

/* A commit as S3 hands it over is bytes with no NUL after them: a line of
 * blanks at the very end must be read within its length (the fuzzer found
 * strspn() reading past it; AddressSanitizer catches a regression). */
static void
test_blank_line_at_the_end (void)
{
  g_autoptr(BmdDeltaLog) log = bmd_delta_log_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *blank = g_memdup2 (" \t", 2);

  g_assert_false (bmd_delta_log_apply (log, 0, blank, 2, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (bmd_delta_log_get_version (log), ==, -1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/delta-log/replay", test_replay);
  g_test_add_func ("/delta-log/foreign-commit", test_foreign_commit);
  g_test_add_func ("/delta-log/gap", test_gap);
  g_test_add_func ("/delta-log/blank-line-at-the-end", test_blank_line_at_the_end);
  g_test_add_func ("/delta-log/garbage", test_garbage);
  g_test_add_func ("/delta-log/hostile-bytes", test_hostile_bytes);
  g_test_add_func ("/delta-log/newer-protocol", test_newer_protocol);
  g_test_add_func ("/delta-log/version-zero-needs-metadata", test_version_zero_needs_metadata);
  g_test_add_func ("/delta-log/mutations", test_mutations);
  g_test_add_func ("/delta-log/commit-names", test_commit_names);
  g_test_add_func ("/glue/error-bodies", test_glue_error_bodies);
  return g_test_run ();
}
