/* The Parquet writer, checked by two readers it shares no code with: DuckDB
 * and hyparquet (tests/lake/read.mjs, installed by npm ci). Every expected
 * value is a literal here. A reader that is missing fails the test. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bmd-parquet-writer.h"
#include "bmd-test-parquet.h"
#include "bmd-test-util.h"

#define N_TYPE_COLUMNS 8

/* Rows of the type test: every primitive type, with its extremes, nulls,
 * an empty and a non-ASCII string, a note longer than 64 KiB. */
static const char * const type_columns[] = { "s", "l", "i", "d", "b", "dt", "ts", "req", NULL };

static const char * const type_rows[] = {
  "{\"s\":\"\",\"l\":9223372036854775807,\"i\":2147483647,\"d\":\"9999999999.99\",\"b\":true,"
  "\"dt\":\"9999-12-31\",\"ts\":\"9999-12-31T23:59:59.999999Z\",\"req\":\"a\"}",
  "{\"s\":null,\"l\":-9223372036854775808,\"i\":-2147483648,\"d\":\"-9999999999.99\",\"b\":false,"
  "\"dt\":\"0001-01-01\",\"ts\":\"0001-01-01T00:00:00Z\",\"req\":\"b\"}",
  "{\"s\":\"Crème brûlée 🎂 ñandú\",\"l\":0,\"i\":0,\"d\":\"0.00\",\"b\":null,"
  "\"dt\":\"1970-01-01\",\"ts\":\"1969-12-31T23:59:59.999999Z\",\"req\":\"c\"}",
  NULL, /* the long note, made by long_note_row () */
  "{\"s\":\"Crème brûlée 🎂 ñandú\",\"l\":42,\"i\":-1,\"d\":null,\"b\":false,"
  "\"dt\":\"2024-02-29\",\"ts\":\"2026-06-29T20:00:00+02:00\",\"req\":\"\"}",
  "{\"s\":\"x\",\"l\":1,\"i\":1,\"d\":12,\"b\":true,\"dt\":-1,\"ts\":1782763200000000,\"req\":\"f\"}",
  "{\"req\":\"g\"}",
};

/* 70,000 bytes: "é" is two. */
static char *
long_note (void)
{
  GString *note = g_string_new (NULL);

  for (guint i = 0; i < 35000; i++)
    g_string_append (note, "é");
  return g_string_free (note, FALSE);
}

static const char *type_expected[G_N_ELEMENTS (type_rows)][N_TYPE_COLUMNS] = {
  { "", "9223372036854775807", "2147483647", "9999999999.99", "true", "9999-12-31",
    "253402300799999999", "a" },
  { NULL, "-9223372036854775808", "-2147483648", "-9999999999.99", "false", "0001-01-01",
    "-62135596800000000", "b" },
  { "Crème brûlée 🎂 ñandú", "0", "0", "0.00", NULL, "1970-01-01", "-1", "c" },
  { "(long note)", NULL, NULL, "0.01", "true", NULL, NULL, "d" },
  { "Crème brûlée 🎂 ñandú", "42", "-1", NULL, "false", "2024-02-29", "1782756000000000", "" },
  { "x", "1", "1", "12.00", "true", "1969-12-31", "1782763200000000", "f" },
  { NULL, NULL, NULL, NULL, NULL, NULL, NULL, "g" },
};

static BmdParquetSchema *
type_schema (void)
{
  BmdParquetSchema *schema = bmd_parquet_schema_new ();

  bmd_parquet_schema_add (schema, "s", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_schema_add (schema, "l", BMD_PARQUET_TYPE_LONG, TRUE);
  bmd_parquet_schema_add (schema, "i", BMD_PARQUET_TYPE_INTEGER, TRUE);
  bmd_parquet_schema_add (schema, "d", BMD_PARQUET_TYPE_DECIMAL_12_2, TRUE);
  bmd_parquet_schema_add (schema, "b", BMD_PARQUET_TYPE_BOOLEAN, TRUE);
  bmd_parquet_schema_add (schema, "dt", BMD_PARQUET_TYPE_DATE, TRUE);
  bmd_parquet_schema_add (schema, "ts", BMD_PARQUET_TYPE_TIMESTAMP, TRUE);
  bmd_parquet_schema_add (schema, "req", BMD_PARQUET_TYPE_STRING, FALSE);
  return schema;
}

/* Three rows per group: three row groups, the last one short. */
static char *
write_type_file (BmdParquetEncoding   encoding,
                 const char          *name,
                 BmdParquetWriter   **writer_out)
{
  g_autoptr(BmdParquetSchema) schema = type_schema ();
  g_autoptr(BmdParquetWriter) writer = bmd_parquet_writer_new (schema);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = long_note ();

  bmd_parquet_writer_set_encoding (writer, encoding);
  bmd_parquet_writer_set_row_group_size (writer, 3);
  for (guint r = 0; r < G_N_ELEMENTS (type_rows); r++)
    {
      g_autoptr(JsonObject) row = NULL;

      if (type_rows[r] != NULL)
        row = bmd_test_parse_object (type_rows[r]);
      else
        {
          row = bmd_test_parse_object ("{\"l\":null,\"d\":\"0.01\",\"b\":true,\"req\":\"d\"}");
          json_object_set_string_member (row, "s", note);
        }
      g_assert_true (bmd_parquet_writer_add_row (writer, row, &error));
      g_assert_no_error (error);
    }
  bytes = bmd_parquet_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_parquet_writer_get_n_row_groups (writer), ==, 3);
  g_assert_cmpint (bmd_parquet_writer_get_n_records (writer), ==, 7);
  if (writer_out != NULL)
    *writer_out = g_steal_pointer (&writer);
  return bmd_test_parquet_save (bytes, name);
}

static void
assert_type_rows (JsonObject *result,
                  const char *reader)
{
  JsonArray *rows = json_object_get_array_member (result, "rows");
  g_autofree char *note = long_note ();

  bmd_test_parquet_assert_columns (result, type_columns);
  g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (type_rows));
  for (guint r = 0; r < G_N_ELEMENTS (type_rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      for (guint c = 0; c < N_TYPE_COLUMNS; c++)
        {
          const char *expected = type_expected[r][c];

          if (g_strcmp0 (expected, "(long note)") == 0)
            expected = note;
          bmd_test_parquet_assert_cell (row, c, expected, reader, r);
        }
    }
}

static void
test_types (gconstpointer data)
{
  BmdParquetEncoding encoding = GPOINTER_TO_INT (data);
  g_autofree char *path = write_type_file (encoding, encoding == BMD_PARQUET_ENCODING_PLAIN
                                                       ? "types-plain.parquet"
                                                       : "types-dictionary.parquet", NULL);
  g_autoptr(JsonObject) duck = bmd_test_parquet_read ("duckdb", path);
  g_autoptr(JsonObject) hyp = bmd_test_parquet_read ("hyparquet", path);

  assert_type_rows (duck, "duckdb");
  assert_type_rows (hyp, "hyparquet");
}

/* parquet_metadata (): per row group and column, the physical type, codec,
 * encodings, min, max and null count; as DuckDB prints them. */
static const char *stats_expected[][10] = {
  { "0", "s", "BYTE_ARRAY", "3", "ZSTD", NULL, "", "Crème brûlée 🎂 ñandú", "1", NULL },
  { "0", "l", "INT64", "3", "ZSTD", NULL, "-9223372036854775808", "9223372036854775807", "0", NULL },
  { "0", "i", "INT32", "3", "ZSTD", NULL, "-2147483648", "2147483647", "0", NULL },
  { "0", "d", "FIXED_LEN_BYTE_ARRAY", "3", "ZSTD", NULL, "-9999999999.99", "9999999999.99", "0", NULL },
  { "0", "b", "BOOLEAN", "3", "ZSTD", NULL, "false", "true", "1", NULL },
  { "0", "dt", "INT32", "3", "ZSTD", NULL, "0001-01-01", "9999-12-31", "0", NULL },
  { "0", "ts", "INT64", "3", "ZSTD", NULL, "0001-01-01 00:00:00+00", "9999-12-31 23:59:59.999999+00", "0", NULL },
  { "0", "req", "BYTE_ARRAY", "3", "ZSTD", NULL, "a", "c", "0", NULL },
  /* The long note keeps min and max of s out of the footer. */
  { "1", "s", "BYTE_ARRAY", "3", "ZSTD", NULL, NULL, NULL, "0", NULL },
  { "1", "l", "INT64", "3", "ZSTD", NULL, "1", "42", "1", NULL },
  { "1", "i", "INT32", "3", "ZSTD", NULL, "-1", "1", "1", NULL },
  { "1", "d", "FIXED_LEN_BYTE_ARRAY", "3", "ZSTD", NULL, "0.01", "12.00", "1", NULL },
  { "1", "b", "BOOLEAN", "3", "ZSTD", NULL, "false", "true", "0", NULL },
  { "1", "dt", "INT32", "3", "ZSTD", NULL, "1969-12-31", "2024-02-29", "1", NULL },
  { "1", "ts", "INT64", "3", "ZSTD", NULL, "2026-06-29 18:00:00+00", "2026-06-29 20:00:00+00", "1", NULL },
  { "1", "req", "BYTE_ARRAY", "3", "ZSTD", NULL, "", "f", "0", NULL },
  { "2", "s", "BYTE_ARRAY", "1", "ZSTD", NULL, NULL, NULL, "1", NULL },
  { "2", "l", "INT64", "1", "ZSTD", NULL, NULL, NULL, "1", NULL },
  { "2", "i", "INT32", "1", "ZSTD", NULL, NULL, NULL, "1", NULL },
  { "2", "d", "FIXED_LEN_BYTE_ARRAY", "1", "ZSTD", NULL, NULL, NULL, "1", NULL },
  { "2", "b", "BOOLEAN", "1", "ZSTD", NULL, NULL, NULL, "1", NULL },
  { "2", "dt", "INT32", "1", "ZSTD", NULL, NULL, NULL, "1", NULL },
  { "2", "ts", "INT64", "1", "ZSTD", NULL, NULL, NULL, "1", NULL },
  { "2", "req", "BYTE_ARRAY", "1", "ZSTD", NULL, "g", "g", "0", NULL },
};

/* parquet_schema (): name, physical type, repetition, converted type,
 * scale, precision, type length, logical type. */
static const char *schema_expected[][8] = {
  { "schema", NULL, NULL, NULL, NULL, NULL, NULL, NULL },
  { "s", "BYTE_ARRAY", "OPTIONAL", "UTF8", NULL, NULL, NULL, "StringType()" },
  { "l", "INT64", "OPTIONAL", "INT_64", NULL, NULL, NULL, NULL },
  { "i", "INT32", "OPTIONAL", "INT_32", NULL, NULL, NULL, NULL },
  { "d", "FIXED_LEN_BYTE_ARRAY", "OPTIONAL", "DECIMAL", "2", "12", "6", "DecimalType(scale=2, precision=12)" },
  { "b", "BOOLEAN", "OPTIONAL", NULL, NULL, NULL, NULL, NULL },
  { "dt", "INT32", "OPTIONAL", "DATE", NULL, NULL, NULL, "DateType()" },
  { "ts", "INT64", "OPTIONAL", "TIMESTAMP_MICROS", NULL, NULL, NULL,
    "TimestampType(isAdjustedToUTC=1, unit=TimeUnit(MILLIS=<null>, MICROS=MicroSeconds(), NANOS=<null>))" },
  { "req", "BYTE_ARRAY", "REQUIRED", "UTF8", NULL, NULL, NULL, "StringType()" },
};

static void
test_metadata (gconstpointer data)
{
  BmdParquetEncoding encoding = GPOINTER_TO_INT (data);
  gboolean dictionary = encoding == BMD_PARQUET_ENCODING_DICTIONARY;
  g_autofree char *path = write_type_file (encoding, dictionary ? "meta-dictionary.parquet"
                                                                : "meta-plain.parquet", NULL);
  g_autoptr(JsonObject) meta = bmd_test_parquet_read ("duckdb-metadata", path);
  JsonArray *columns = json_object_get_array_member (meta, "columns");
  JsonArray *schema = json_object_get_array_member (meta, "schema");

  g_assert_cmpuint (json_array_get_length (columns), ==, G_N_ELEMENTS (stats_expected));
  for (guint r = 0; r < G_N_ELEMENTS (stats_expected); r++)
    {
      JsonArray *row = json_array_get_array_element (columns, r);
      /* Booleans are always PLAIN: a dictionary of two values saves nothing. */
      gboolean dictionary_column = dictionary && strcmp (stats_expected[r][2], "BOOLEAN") != 0;

      for (guint c = 0; c < 9; c++)
        if (c != 5)
          bmd_test_parquet_assert_cell (row, c, stats_expected[r][c], "parquet_metadata", r);
      bmd_test_parquet_assert_cell (row, 5, dictionary_column ? "PLAIN, RLE, RLE_DICTIONARY" : "PLAIN, RLE",
                   "parquet_metadata", r);
      bmd_test_parquet_assert_cell (row, 9, dictionary_column ? "true" : "false", "parquet_metadata", r);
    }

  g_assert_cmpuint (json_array_get_length (schema), ==, G_N_ELEMENTS (schema_expected));
  for (guint r = 0; r < G_N_ELEMENTS (schema_expected); r++)
    {
      JsonArray *row = json_array_get_array_element (schema, r);

      for (guint c = 0; c < 8; c++)
        {
          /* DuckDB prints IntType's bit width as a raw byte: check the rest. */
          if (c == 7 && (strcmp (schema_expected[r][0], "l") == 0 ||
                         strcmp (schema_expected[r][0], "i") == 0))
            {
              const char *logical = json_array_get_string_element (row, c);

              g_assert_true (g_str_has_prefix (logical, "IntType(bitWidth="));
              g_assert_true (g_str_has_suffix (logical, ", isSigned=1)"));
              continue;
            }
          bmd_test_parquet_assert_cell (row, c, schema_expected[r][c], "parquet_schema", r);
        }
    }
}

/* The writer's own statistics and the Delta stats made from them. */
static void
test_delta_stats (void)
{
  g_autoptr(BmdParquetWriter) writer = NULL;
  g_autofree char *path = write_type_file (BMD_PARQUET_ENCODING_DICTIONARY, "stats.parquet", &writer);
  g_autofree char *stats = bmd_parquet_writer_dup_delta_stats (writer);
  const BmdParquetColumnStats *ts, *s;

  g_assert_cmpstr (stats, ==,
                   "{\"numRecords\":7,"
                   "\"minValues\":{\"s\":\"\",\"l\":-9223372036854775808,\"i\":-2147483648,"
                   "\"d\":-9999999999.99,\"dt\":\"0001-01-01\",\"ts\":\"0001-01-01T00:00:00.000Z\","
                   "\"req\":\"\"},"
                   "\"maxValues\":{\"l\":9223372036854775807,\"i\":2147483647,\"d\":9999999999.99,"
                   "\"dt\":\"9999-12-31\",\"ts\":\"9999-12-31T23:59:59.999Z\",\"req\":\"g\"},"
                   "\"nullCount\":{\"s\":2,\"l\":2,\"i\":2,\"d\":2,\"b\":2,\"dt\":2,\"ts\":2,\"req\":0}}");

  g_assert_cmpuint (bmd_parquet_writer_get_n_columns (writer), ==, 8);
  ts = bmd_parquet_writer_get_column_stats (writer, 6);
  g_assert_cmpstr (ts->path, ==, "ts");
  g_assert_true (ts->has_min_max);
  g_assert_cmpint (ts->min_int, ==, G_GINT64_CONSTANT (-62135596800000000));
  g_assert_cmpint (ts->max_int, ==, G_GINT64_CONSTANT (253402300799999999));
  g_assert_cmpint (ts->null_count, ==, 2);
  g_assert_cmpint (ts->n_values, ==, 7);
  s = bmd_parquet_writer_get_column_stats (writer, 0);
  g_assert_cmpuint (g_bytes_get_size (s->min_string), ==, 0);
  g_assert_cmpuint (g_bytes_get_size (s->max_string), ==, 70000);
}

/* Prefixes of long strings, millisecond rounding on both sides of the
 * epoch, nested structs. */
static void
test_delta_stats_edges (void)
{
  g_autoptr(BmdParquetSchema) schema = bmd_parquet_schema_new ();
  g_autoptr(BmdParquetWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stats = NULL;
  BmdParquetField *inner;
  const char *rows[] = {
    "{\"name\":\"abcdefghijklmnopqrstuvwxyz0123456789\",\"ts\":-1,\"in\":{\"n\":5,\"t\":\"q\\\"\"}}",
    "{\"name\":\"abcdefghijklmnopqrstuvwxyz01234567890\",\"ts\":1,\"in\":null}",
  };

  bmd_parquet_schema_add (schema, "name", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_schema_add (schema, "ts", BMD_PARQUET_TYPE_TIMESTAMP, TRUE);
  inner = bmd_parquet_schema_add (schema, "in", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (inner, "n", BMD_PARQUET_TYPE_LONG, TRUE);
  bmd_parquet_field_add (inner, "t", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_schema_add (schema, "tags", BMD_PARQUET_TYPE_MAP, TRUE);
  writer = bmd_parquet_writer_new (schema);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(JsonObject) row = bmd_test_parse_object (rows[i]);

      g_assert_true (bmd_parquet_writer_add_row (writer, row, &error));
      g_assert_no_error (error);
    }
  bytes = bmd_parquet_writer_finish (writer, &error);
  g_assert_no_error (error);
  stats = bmd_parquet_writer_dup_delta_stats (writer);
  /* 36 and 37 characters: the min is cut to 32, the max left out. */
  g_assert_cmpstr (stats, ==,
                   "{\"numRecords\":2,"
                   "\"minValues\":{\"name\":\"abcdefghijklmnopqrstuvwxyz012345\","
                   "\"ts\":\"1969-12-31T23:59:59.999Z\",\"in\":{\"n\":5,\"t\":\"q\\\"\"}},"
                   "\"maxValues\":{\"ts\":\"1970-01-01T00:00:00.001Z\",\"in\":{\"n\":5,\"t\":\"q\\\"\"}},"
                   "\"nullCount\":{\"name\":0,\"ts\":0,\"in\":{\"n\":1,\"t\":1}}}");
}

/* Bad values are refused and leave the writer as it was. */
static void
test_refused_values (void)
{
  g_autoptr(BmdParquetSchema) schema = type_schema ();
  g_autoptr(BmdParquetWriter) writer = bmd_parquet_writer_new (schema);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonArray *rows;
  const struct { const char *row; int code; } refused[] = {
    { "{\"s\":\"kept?\"}", BMD_PARQUET_ERROR_REQUIRED },
    { "{\"req\":null}", BMD_PARQUET_ERROR_REQUIRED },
    { "{\"req\":\"r\",\"d\":\"9999999999.995\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"d\":\"1.2.3\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"d\":\"10000000000.00\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"d\":\"1.\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"i\":2147483648}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"i\":-2147483649}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"l\":\"12\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"dt\":\"2023-02-29\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"dt\":\"0000-12-31\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"ts\":\"2026-06-29T20:00:00\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"ts\":\"2026-06-29T24:00:00Z\"}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":\"r\",\"b\":1}", BMD_PARQUET_ERROR_VALUE },
    { "{\"req\":5}", BMD_PARQUET_ERROR_VALUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(JsonObject) row = bmd_test_parse_object (refused[i].row);

      g_assert_false (bmd_parquet_writer_add_row (writer, row, &error));
      g_assert_error (error, BMD_PARQUET_ERROR, refused[i].code);
      g_clear_error (&error);
    }
  {
    /* Past two decimals, money rounds half away from zero. */
    const char *kept[] = {
      "{\"s\":\"only\",\"d\":\"-0.5\",\"ts\":\"2026-06-29T20:00:00.5-05:30\",\"req\":\"ok\"}",
      "{\"d\":\"1.234\",\"req\":\"r1\"}",
      "{\"d\":\"1.235\",\"req\":\"r2\"}",
      "{\"d\":\"-1.2350\",\"req\":\"r3\"}",
      "{\"d\":\"9999999999.994\",\"req\":\"r4\"}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
      {
        g_autoptr(JsonObject) row = bmd_test_parse_object (kept[i]);

        g_assert_true (bmd_parquet_writer_add_row (writer, row, &error));
        g_assert_no_error (error);
      }
  }
  bytes = bmd_parquet_writer_finish (writer, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonObject) late = bmd_test_parse_object ("{\"req\":\"late\"}");

    g_assert_false (bmd_parquet_writer_add_row (writer, late, &error));
    g_assert_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_STATE);
  }
  path = bmd_test_parquet_save (bytes, "refused.parquet");
  result = bmd_test_parquet_read ("duckdb", path);
  rows = json_object_get_array_member (result, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 1), 3, "1.23", "duckdb", 1);
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 2), 3, "1.24", "duckdb", 2);
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 3), 3, "-1.24", "duckdb", 3);
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 4), 3, "9999999999.99", "duckdb", 4);
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 0), 0, "only", "duckdb", 0);
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 0), 3, "-0.50", "duckdb", 0);
  /* 20:00:00.5 at -05:30 is 01:30:00.5 the next day, UTC. */
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 0), 6, "1782783000500000", "duckdb", 0);
  bmd_test_parquet_assert_cell (json_array_get_array_element (rows, 0), 7, "ok", "duckdb", 0);
}

/* 3,000 rows of 1,000-byte texts (several pages per chunk, pages ending on
 * record boundaries), nulls every third row (long runs and bit-packed
 * levels), lists of 0 to 3 elements or null (repetition levels across
 * pages), a long column, in two row groups. The expected cell of each row
 * is spelled out by the rule below, written for the test. */
#define MANY_ROWS 3000

static char *
many_text (guint row)
{
  return g_strdup_printf ("%04u%0996u", row, row * 7);
}

static void
test_many_rows (gconstpointer data)
{
  BmdParquetEncoding encoding = GPOINTER_TO_INT (data);
  g_autoptr(BmdParquetSchema) schema = bmd_parquet_schema_new ();
  g_autoptr(BmdParquetWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *readers[] = { "duckdb", "hyparquet" };
  /* 3,000 bytes: the lists too need more than one page per chunk. */
  g_autofree char *long_b = g_strnfill (3000, 'b');
  g_autofree char *last_tags = g_strdup_printf ("[\"a\",null,\"%s\"]", long_b);

  bmd_parquet_schema_add (schema, "text", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_schema_add (schema, "tags", BMD_PARQUET_TYPE_LIST, TRUE);
  bmd_parquet_schema_add (schema, "n", BMD_PARQUET_TYPE_LONG, FALSE);
  writer = bmd_parquet_writer_new (schema);
  bmd_parquet_writer_set_encoding (writer, encoding);
  bmd_parquet_writer_set_row_group_size (writer, 2000);
  for (guint r = 0; r < MANY_ROWS; r++)
    {
      g_autoptr(JsonObject) row = json_object_new ();

      if (r % 3 == 0 || (r >= 1000 && r < 1100))
        json_object_set_null_member (row, "text");
      else
        {
          g_autofree char *text = many_text (r);

          json_object_set_string_member (row, "text", text);
        }
      json_object_set_int_member (row, "n", (gint64) r * 1000003);
      if (r % 5 == 4)
        json_object_set_null_member (row, "tags");
      else
        {
          JsonArray *tags = json_array_new ();

          for (guint k = 0; k < r % 5; k++)
            {
              if (k == 1)
                json_array_add_null_element (tags);
              else
                json_array_add_string_element (tags, k == 0 ? "a" : long_b);
            }
          json_object_set_array_member (row, "tags", tags);
        }
      g_assert_true (bmd_parquet_writer_add_row (writer, row, &error));
    }
  bytes = bmd_parquet_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_parquet_writer_get_n_row_groups (writer), ==, 2);
  path = bmd_test_parquet_save (bytes, encoding == BMD_PARQUET_ENCODING_PLAIN ? "many-plain.parquet"
                                                                             : "many-dict.parquet");
  for (guint k = 0; k < G_N_ELEMENTS (readers); k++)
    {
      g_autoptr(JsonObject) result = bmd_test_parquet_read (readers[k], path);
      JsonArray *rows = json_object_get_array_member (result, "rows");
      /* tags by r % 5: [], ["a"], ["a",null], ["a",null,"bbb…"], null. */
      const char *tags[] = { "[]", "[\"a\"]", "[\"a\",null]", last_tags, NULL };

      g_assert_cmpuint (json_array_get_length (rows), ==, MANY_ROWS);
      for (guint r = 0; r < MANY_ROWS; r++)
        {
          JsonArray *row = json_array_get_array_element (rows, r);
          g_autofree char *text = (r % 3 == 0 || (r >= 1000 && r < 1100)) ? NULL : many_text (r);
          g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) r * 1000003);

          bmd_test_parquet_assert_cell (row, 0, text, readers[k], r);
          bmd_test_parquet_assert_cell (row, 1, tags[r % 5], readers[k], r);
          bmd_test_parquet_assert_cell (row, 2, n, readers[k], r);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  bmd_test_parquet_dir = g_dir_make_tmp ("bmd-parquet-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_data_func ("/parquet/types/plain", GINT_TO_POINTER (BMD_PARQUET_ENCODING_PLAIN),
                        test_types);
  g_test_add_data_func ("/parquet/types/dictionary",
                        GINT_TO_POINTER (BMD_PARQUET_ENCODING_DICTIONARY), test_types);
  g_test_add_data_func ("/parquet/metadata/plain", GINT_TO_POINTER (BMD_PARQUET_ENCODING_PLAIN),
                        test_metadata);
  g_test_add_data_func ("/parquet/metadata/dictionary",
                        GINT_TO_POINTER (BMD_PARQUET_ENCODING_DICTIONARY), test_metadata);
  g_test_add_func ("/parquet/delta-stats", test_delta_stats);
  g_test_add_func ("/parquet/delta-stats/edges", test_delta_stats_edges);
  g_test_add_func ("/parquet/refused-values", test_refused_values);
  g_test_add_data_func ("/parquet/many-rows/plain", GINT_TO_POINTER (BMD_PARQUET_ENCODING_PLAIN),
                        test_many_rows);
  g_test_add_data_func ("/parquet/many-rows/dictionary",
                        GINT_TO_POINTER (BMD_PARQUET_ENCODING_DICTIONARY), test_many_rows);

  status = g_test_run ();
  bmd_test_remove_tree (bmd_test_parquet_dir);
  g_free (bmd_test_parquet_dir);
  return status;
}
