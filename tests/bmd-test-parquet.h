#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parquet files read back by independent readers: node runs
 * tests/lake/read.mjs (DuckDB or hyparquet, installed by npm ci). A missing
 * node or reader package fails the test. */

/* Where bmd_test_parquet_save () writes; the test makes and removes it. */
extern char *bmd_test_parquet_dir;

JsonObject *bmd_test_parse_object           (const char         *json);
/* Writes @bytes as bmd_test_parquet_dir/@name; returns the path. */
char       *bmd_test_parquet_save           (GBytes             *bytes,
                                             const char         *name);
/* @mode: duckdb, hyparquet or duckdb-metadata (see read.mjs). */
JsonObject *bmd_test_parquet_read           (const char         *mode,
                                             const char         *path);
/* @expected NULL: a null. */
void        bmd_test_parquet_assert_cell    (JsonArray          *row,
                                             guint               column,
                                             const char         *expected,
                                             const char         *reader,
                                             guint               row_index);
void        bmd_test_parquet_assert_columns (JsonObject         *result,
                                             const char * const *names);

G_END_DECLS
