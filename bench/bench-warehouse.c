/* Loads synthetic orders into the warehouse (PostgreSQL standing in for
 * Redshift) two ways in one run: the loader's COPY + MERGE path, and one
 * parameterised INSERT per row (plain, then prepared). Prints the times and
 * the ratios. The ready tables are not part of it: it times loading orders.
 *
 *   BAKEMYDAY_WAREHOUSE='host=127.0.0.1 …' bench-warehouse [ORDERS] [--force]
 *
 * BENCH_STEPS=1 prints when each of the loader's steps starts.
 *
 * It drops and recreates schema bmd, so it refuses a server that is not on
 * loopback unless --force is given. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "bmd-redshift-loader.h"
#include "bmd-bench-orders.h"
#include "bmd-warehouse-rows.h"

#define DEFAULT_ORDERS 100000

static gboolean
is_loopback_conninfo (const char *conninfo)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  gboolean loopback = TRUE;

  if (options == NULL)
    return FALSE;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if ((strcmp (o->keyword, "host") == 0 || strcmp (o->keyword, "hostaddr") == 0) && o->val != NULL)
      loopback &= (o->val[0] == '/' || strcmp (o->val, "127.0.0.1") == 0
                   || strcmp (o->val, "localhost") == 0 || strcmp (o->val, "::1") == 0);
  PQconninfoFree (options);
  return loopback;
}

static void
exec_or_die (PGconn     *conn,
             const char *sql)
{
  PGresult *r = PQexec (conn, sql);

  if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
    {
      fprintf (stderr, "bench-warehouse: %s: %s", sql, PQresultErrorMessage (r));
      exit (1);
    }
  PQclear (r);
}

static gint64
count (PGconn     *conn,
       const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM %s", table);
  PGresult *r = PQexec (conn, sql);
  gint64 n = g_ascii_strtoll (PQgetvalue (r, 0, 0), NULL, 10);

  PQclear (r);
  return n;
}

/* One INSERT per row with its values bound as parameters, each committing on
 * its own (autocommit): what a loader without COPY does. @prepared: parse and
 * plan the statement once (PQprepare) instead of with every row
 * (PQexecParams, the plainest libpq code). Every row is checked. */
static double
load_row_by_row (PGconn    *conn,
                 GPtrArray *rows,
                 gboolean   prepared)
{
  const char * const *columns = bmd_warehouse_columns ("orders");
  guint n_columns = g_strv_length ((char **) columns);
  g_autoptr(GString) sql = g_string_new ("INSERT INTO bmd.orders_rowwise (");
  g_autofree const char **values = g_new0 (const char *, n_columns);
  gint64 start;
  PGresult *r;

  exec_or_die (conn, "DROP TABLE IF EXISTS bmd.orders_rowwise");
  exec_or_die (conn, "CREATE TABLE bmd.orders_rowwise (LIKE bmd.orders INCLUDING ALL)");
  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (sql, "%s%s", c > 0 ? ", " : "", columns[c]);
  g_string_append (sql, ") VALUES (");
  for (guint c = 0; c < n_columns; c++)
    g_string_append_printf (sql, "%s$%u", c > 0 ? ", " : "", c + 1);
  g_string_append (sql, ")");
  if (prepared)
    {
      r = PQprepare (conn, "insert_row", sql->str, (int) n_columns, NULL);
      if (PQresultStatus (r) != PGRES_COMMAND_OK)
        {
          fprintf (stderr, "bench-warehouse: prepare: %s", PQresultErrorMessage (r));
          exit (1);
        }
      PQclear (r);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < n_columns; c++)
        {
          JsonNode *node = json_object_get_member (row, columns[c]);

          values[c] = (node == NULL || JSON_NODE_HOLDS_NULL (node)) ? NULL : json_node_get_string (node);
        }
      if (prepared)
        r = PQexecPrepared (conn, "insert_row", (int) n_columns, values, NULL, NULL, 0);
      else
        r = PQexecParams (conn, sql->str, (int) n_columns, NULL, values, NULL, NULL, 0);
      if (PQresultStatus (r) != PGRES_COMMAND_OK)
        {
          fprintf (stderr, "bench-warehouse: insert of row %u: %s", i, PQresultErrorMessage (r));
          exit (1);
        }
      PQclear (r);
    }
  if (prepared)
    exec_or_die (conn, "DEALLOCATE insert_row");
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
step_cb (const char *step,
         gpointer    user_data)
{
  gint64 *t = user_data;

  if (g_getenv ("BENCH_STEPS") != NULL)
    fprintf (stderr, "  %-8s at %.3f s\n", step, (g_get_monotonic_time () - *t) / 1e6);
}

int
main (int   argc,
      char *argv[])
{
  const char *conninfo = g_getenv ("BAKEMYDAY_WAREHOUSE");
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) started = g_date_time_new_now_utc ();
  g_autoptr(BmdRedshiftLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *run_id = NULL;
  g_autofree char *run_id2 = NULL;
  BmdWarehouseBatch batch = { 0 };
  gboolean force = FALSE;
  guint n = DEFAULT_ORDERS;
  gint64 t0, loaded = 0;
  double t_prepare, t_copy, t_copy_again, t_rows, t_prepared;
  PGconn *conn;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--force") == 0)
        force = TRUE;
      else
        n = (guint) g_ascii_strtoull (argv[i], NULL, 10);
    }
  if (conninfo == NULL || n == 0)
    {
      fprintf (stderr, "bench-warehouse: set BAKEMYDAY_WAREHOUSE (tests/servers/postgres.sh start DIR prints it)\n");
      return 2;
    }
  if (!force && !is_loopback_conninfo (conninfo))
    {
      fprintf (stderr, "bench-warehouse: BAKEMYDAY_WAREHOUSE is not on loopback; this drops schema bmd, "
                       "pass --force if that is really what you want\n");
      return 2;
    }

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (orders, bmd_bench_synthetic_order (i, rand));
  run_id = bmd_run_id_new (started);
  rows = bmd_warehouse_order_rows (orders, zone, run_id);
  t_prepare = (g_get_monotonic_time () - t0) / 1e6;

  conn = PQconnectdb (conninfo);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      fprintf (stderr, "bench-warehouse: cannot connect: %s", PQerrorMessage (conn));
      return 1;
    }
  exec_or_die (conn, "SET client_min_messages = warning");
  exec_or_die (conn, "DROP SCHEMA IF EXISTS bmd CASCADE");

  /* COPY + MERGE into an empty table: every row inserted. */
  loader = bmd_redshift_loader_new (conninfo, BMD_WAREHOUSE_DIALECT_POSTGRES);
  batch.run_id = run_id;
  batch.started_at = started;
  batch.order_rows = rows;
  batch.added = n;
  if (!bmd_redshift_loader_ensure_schema (loader, NULL, &error))
    {
      fprintf (stderr, "bench-warehouse: %s\n", error->message);
      return 1;
    }
  bmd_redshift_loader_set_progress_func (loader, step_cb, &t0);
  t0 = g_get_monotonic_time ();
  if (!bmd_redshift_loader_load (loader, &batch, &loaded, NULL, &error))
    {
      fprintf (stderr, "bench-warehouse: %s\n", error->message);
      return 1;
    }
  t_copy = (g_get_monotonic_time () - t0) / 1e6;
  if (loaded != n)
    {
      fprintf (stderr, "bench-warehouse: expected %u rows in bmd.orders, found %" G_GINT64_FORMAT "\n", n, loaded);
      return 1;
    }

  /* The daily case: the same snapshot again, every row matched and updated. */
  run_id2 = bmd_run_id_new (started);
  batch.run_id = run_id2;
  t0 = g_get_monotonic_time ();
  if (!bmd_redshift_loader_load (loader, &batch, &loaded, NULL, &error))
    {
      fprintf (stderr, "bench-warehouse: %s\n", error->message);
      return 1;
    }
  t_copy_again = (g_get_monotonic_time () - t0) / 1e6;

  t_rows = load_row_by_row (conn, rows, FALSE);
  if (count (conn, "bmd.orders_rowwise") != n)
    {
      fprintf (stderr, "bench-warehouse: row-by-row load lost rows\n");
      return 1;
    }
  t_prepared = load_row_by_row (conn, rows, TRUE);
  if (count (conn, "bmd.orders_rowwise") != n)
    {
      fprintf (stderr, "bench-warehouse: prepared row-by-row load lost rows\n");
      return 1;
    }
  exec_or_die (conn, "DROP TABLE bmd.orders_rowwise");
  PQfinish (conn);

  printf ("orders: %u (built and flattened in %.2f s)\n", n, t_prepare);
  printf ("copy+merge, empty table:     %.3f s  (%.0f rows/s)\n", t_copy, n / t_copy);
  printf ("copy+merge, same snapshot:   %.3f s  (%.0f rows/s)\n", t_copy_again, n / t_copy_again);
  printf ("row-by-row INSERT:           %.3f s  (%.0f rows/s)\n", t_rows, n / t_rows);
  printf ("row-by-row prepared INSERT:  %.3f s  (%.0f rows/s)\n", t_prepared, n / t_prepared);
  printf ("ratio row-by-row / copy+merge: %.1fx (prepared: %.1fx; goal >= 20x); copy+merge under 5 s: %s\n",
          t_rows / t_copy, t_prepared / t_copy, t_copy < 5.0 ? "yes" : "no");
  /* The empty table takes a plain INSERT from the stage; a loaded one the MERGE. */
  printf ("ratio row-by-row / copy+merge of the same snapshot again: %.1fx (prepared: %.1fx)\n",
          t_rows / t_copy_again, t_prepared / t_copy_again);
  return 0;
}
