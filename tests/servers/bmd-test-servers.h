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
static inline PGresult *
bmd_test_pg_query (PGconn     *conn,
                   const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  return result;
}

/* The one value @sql returns, NULL for SQL NULL. */
static inline char *
bmd_test_pg_value (PGconn     *conn,
                   const char *sql)
{
  PGresult *result = bmd_test_pg_query (conn, sql);
  char *value;

  g_assert_cmpint (PQntuples (result), ==, 1);
  value = PQgetisnull (result, 0, 0) ? NULL : g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return value;
}

G_END_DECLS
