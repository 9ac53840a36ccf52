#pragma once

/* For the tests that need the real servers script/test starts: checks that
 * they are there (failing, never skipping, when they are not), and reading
 * PostgreSQL behind the loader's back. */

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* FALSE, with the test failed and told how to start it, without PostgreSQL. */
static inline gboolean
bmd_test_require_warehouse (void)
{
  if (g_getenv ("BAKEMYDAY_WAREHOUSE") != NULL)
    return TRUE;
  g_test_fail_printf ("BAKEMYDAY_WAREHOUSE is not set: this test needs PostgreSQL; run "
                      "eval \"$(tests/servers/postgres.sh start DIR)\" first (script/test does)");
  return FALSE;
}

/* FALSE, with the test failed and told how to start it, without the S3 server. */
static inline gboolean
bmd_test_require_s3 (void)
{
  if (g_getenv ("BAKEMYDAY_S3_ENDPOINT") != NULL && g_getenv ("BAKEMYDAY_S3_BUCKET") != NULL)
    return TRUE;
  g_test_fail_printf ("BAKEMYDAY_S3_ENDPOINT/BAKEMYDAY_S3_BUCKET are not set: this test needs the S3 "
                      "server; run eval \"$(tests/servers/ceph.sh start DIR)\" first (script/test does)");
  return FALSE;
}

/* Runs @sql; fails the test on any error. */
PGresult *bmd_test_pg_query         (PGconn     *conn,
                                     const char *sql);
/* The one value @sql returns, NULL for SQL NULL. */
char     *bmd_test_pg_value         (PGconn     *conn,
                                     const char *sql);
/* @lines (strings) sorted, each ended by a newline, as one text. */
char     *bmd_test_join_sorted      (GPtrArray  *lines);
/* `bakemyday-sync report VIEW --data-dir DATA_DIR --now NOW` (in the
 * store's zone): its rows, the header dropped, sorted as
 * bmd_test_join_sorted () gives them. Fails the test unless it exits 0
 * with nothing on stderr. */
char     *bmd_test_report_rows      (const char *data_dir,
                                     const char *view,
                                     const char *now);
/* Every row of @sql as tab-separated text, sorted, one per line. */
char     *bmd_test_pg_sorted_rows   (PGconn     *conn,
                                     const char *sql);
/* The tables of schema bmd but etl_runs as sorted text, without the columns every
 * run rewrites (as_of, run_id): equal texts, equal warehouses. */
char     *bmd_test_pg_dump_warehouse (PGconn    *conn);

G_END_DECLS
