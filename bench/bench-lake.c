/* Writes synthetic orders as the Delta orders table's Parquet data file (no
 * upload) and compares it with the gzipped JSON Lines of the same rows and
 * columns. Then DuckDB loads the file (node, tests/lake/read.mjs; run
 * `npm ci --prefix tests/lake` first). Prints the figures.
 *
 *   bench-lake [ORDERS]
 *
 * Goals: the write under 1 s for 100,000 orders, the file at most 40 % of
 * the JSON Lines. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <time.h>

#include "bmd-jsonl.h"
#include "bmd-lake-tables.h"
#include "bmd-bench-orders.h"
#include "bmd-warehouse-rows.h"

#define DEFAULT_ORDERS 100000

/* DuckDB's own load time, and the wall time with node's start. */
static void
duckdb_read_back (GBytes *parquet)
{
  g_autofree char *script = g_build_filename (BMD_SOURCE_DIR, "tests", "lake", "read.mjs", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  const char *argv[] = { "node", script, "duckdb-scan", NULL, NULL };
  gint64 start;
  int status = 0;

  dir = g_dir_make_tmp ("bench-lake-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "orders.parquet", NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (parquet, NULL), g_bytes_get_size (parquet), &error))
    g_error ("%s", error->message);
  argv[3] = path;
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                     &status, &error) || !g_spawn_check_wait_status (status, NULL))
    g_error ("DuckDB read-back (npm ci --prefix tests/lake?): %s",
             error != NULL ? error->message : err);
  printf ("DuckDB read-back:   %.3f s in DuckDB, %.3f s with node's start\n",
          json_object_get_double_member (json_node_get_object (result = json_from_string (out, NULL)),
                                         "ms") / 1000.0,
          (g_get_monotonic_time () - start) / 1e6);
  printf ("DuckDB rows:        %" G_GINT64_FORMAT "\n",
          json_object_get_int_member (json_node_get_object (result), "rows"));
  g_unlink (path);
  g_rmdir (dir);
}

/* CPU seconds of this process: on a shared machine wall time also counts
 * the time others had the cores. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : DEFAULT_ORDERS;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) as_of = g_date_time_new_utc (2026, 6, 30, 4, 0, 0);
  g_autoptr(BmdLakeTableFile) file = NULL;
  g_autoptr(GBytes) jsonl = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double write_s, jsonl_s, write_cpu, jsonl_cpu;
  gsize parquet_size, jsonl_size;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (orders, bmd_bench_synthetic_order (i, rand));
  rows = bmd_warehouse_order_rows (orders, zone, "20260630T040000Z-abcdef");
  /* The lake table's columns in both files: no raw, as_of added. */
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);

      json_object_remove_member (row, "raw");
      json_object_set_string_member (row, "as_of", "2026-06-30T04:00:00Z");
    }

  start = g_get_monotonic_time ();
  write_cpu = cpu_seconds ();
  file = bmd_lake_table_write ("orders", rows, as_of, &error);
  write_cpu = cpu_seconds () - write_cpu;
  write_s = (g_get_monotonic_time () - start) / 1e6;
  if (file == NULL)
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  jsonl_cpu = cpu_seconds ();
  jsonl = bmd_jsonl_gzip_objects (rows, &error);
  jsonl_cpu = cpu_seconds () - jsonl_cpu;
  jsonl_s = (g_get_monotonic_time () - start) / 1e6;
  if (jsonl == NULL)
    g_error ("%s", error->message);

  parquet_size = g_bytes_get_size (file->parquet);
  jsonl_size = g_bytes_get_size (jsonl);
  printf ("orders:             %u\n", n);
  printf ("Parquet write:      %.3f s wall, %.3f s CPU (goal < 1 s)\n", write_s, write_cpu);
  printf ("Parquet bytes:      %zu\n", parquet_size);
  printf ("JSON Lines (gzip):  %zu bytes, written in %.3f s wall, %.3f s CPU\n", jsonl_size,
          jsonl_s, jsonl_cpu);
  printf ("Parquet / JSONL:    %.1f %% (goal <= 40 %%)\n", 100.0 * parquet_size / jsonl_size);
  duckdb_read_back (file->parquet);
  return 0;
}
