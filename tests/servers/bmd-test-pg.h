#pragma once

/* Reading PostgreSQL behind the loader's back, for the warehouse tests. */

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

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
