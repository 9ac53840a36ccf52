#include "config.h"

#include <string.h>

#include "bmd-test-servers.h"
#include "bmd-warehouse-rows.h"

PGresult *
bmd_test_pg_query (PGconn     *conn,
                   const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  return result;
}

char *
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

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

char *
bmd_test_join_sorted (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

char *
bmd_test_report_rows (const char *data_dir,
                      const char *view,
                      const char *now)
{
  g_autofree char *program = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  g_autofree char *now_arg = g_strdup_printf ("--now=%s", now);
  const char *argv[] = { program, "report", view, "--data-dir", data_dir, now_arg, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = NULL;
  int status = 0;

  envp = g_environ_unsetenv (envp, "BAKEMYDAY_TZ");
  g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (status, ==, 0);
  split = g_strsplit (out, "\n", -1);
  for (guint i = 1; split[i] != NULL; i++)
    {
      if (*split[i] != '\0')
        g_ptr_array_add (lines, g_strdup (split[i]));
    }
  return bmd_test_join_sorted (lines);
}

char *
bmd_test_pg_sorted_rows (PGconn     *conn,
                         const char *sql)
{
  PGresult *result = bmd_test_pg_query (conn, sql);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (int r = 0; r < PQntuples (result); r++)
    {
      GString *line = g_string_new (NULL);

      for (int c = 0; c < PQnfields (result); c++)
        g_string_append_printf (line, "%s%s", c > 0 ? "\t" : "", PQgetvalue (result, r, c));
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  PQclear (result);
  return bmd_test_join_sorted (lines);
}

char *
bmd_test_pg_dump_warehouse (PGconn *conn)
{
  const char * const tables[] = { "orders", "customer_requests", "weekly_streamline_orders", "future_orders",
                                  "monthly_metrics", "customer_state", "dim_customers_scd" };
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      const char * const *columns = bmd_warehouse_columns (tables[t]);
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      g_autofree char *rows = NULL;
      gboolean first = TRUE;

      for (guint c = 0; columns[c] != NULL; c++)
        {
          if (strcmp (columns[c], "as_of") == 0 || strcmp (columns[c], "run_id") == 0)
            continue;
          g_string_append_printf (sql, "%sCOALESCE(%s::text, 'NULL')", first ? "" : ", ", columns[c]);
          first = FALSE;
        }
      g_string_append_printf (sql, " FROM bmd.%s", tables[t]);
      rows = bmd_test_pg_sorted_rows (conn, sql->str);
      g_string_append_printf (out, "-- %s\n%s", tables[t], rows);
    }
  return g_string_free (out, FALSE);
}
