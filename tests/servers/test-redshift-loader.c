/* The warehouse loader against a real PostgreSQL 15 with TLS (tests/servers/postgres.sh). */
#include "config.h"

#include <string.h>
#include <libpq-fe.h>

#include "bmd-redshift-loader.h"
#include "bmd-test-orders.h"
#include "bmd-test-servers.h"
#include "bmd-warehouse-rows.h"

#define NOW "2026-06-29T12:00:00Z"
#define ZONE "America/Chicago"

typedef struct
{
  PGconn *conn;          /* the test's own connection, for checks */
  GTimeZone *zone;
  GDateTime *now;
  GPtrArray *orders;     /* BmdOrder */
  BmdPlan *plan;
} Fixture;

/* Two weeks of a bakery: pairs, a missing half, an unpaid pair, a bad date,
 * a note full of characters that break naive loaders. */
static const BmdTestOrder base_orders[] = {
  { "#1001", "Frank Baker", "deposit", "2026-07-01T15:00:00-05:00", "PAID", "lemon", "birthday", "treenut", NULL, NULL },
  { "#1002", "Frank Baker", "remaining", "2026-07-01T15:00:00-05:00", "PENDING", "lemon", "forgot", "n/a", NULL, NULL },
  { "#1003", "Ada Lovelace", "deposit", "2026-07-02", "PAID", "black forest", "wedding", "", NULL, NULL },
  { "#1004", "Grace Hopper", "remaining", "2026-07-03T10:00:00", "PAID", "carrot", "retirement", "dairy", NULL, NULL },
  { "#1005", "Alan Turing", "deposit", "2026-07-20T12:00:00Z", "PENDING", "chocolate", "graduation", NULL, NULL, NULL },
  { "#1006", "Alan Turing", "remaining", "2026-07-20T12:00:00Z", "PENDING", "chocolate", "graduation", NULL, NULL, NULL },
  { "#1007", "Edsger Dijkstra", "deposit", "not a date", "PAID", "vanilla", "", NULL, NULL, NULL },
  { "#1008", "Barbara Liskov", "deposit", "2026-06-01T12:00:00Z", "PAID", "plain", "", NULL, NULL, NULL },
  { NULL }
};


static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM bmd.%s", table);
  g_autofree char *value = bmd_test_pg_value (f->conn, sql);

  return g_ascii_strtoll (value, NULL, 10);
}

static void
add_note (GPtrArray  *orders,
          guint       index,
          const char *note)
{
  BmdOrder *order = g_ptr_array_index (orders, index);
  g_autoptr(JsonObject) node = json_object_ref (bmd_order_get_json (order));
  g_autoptr(GError) error = NULL;
  BmdOrder *noted;

  json_object_set_string_member (node, "note", note);
  noted = bmd_order_new_from_json (node, &error);
  g_assert_no_error (error);
  g_ptr_array_index (orders, index) = noted;
  g_object_unref (order);
}

static const char tricky_note[] = "Write \"Happy 40th\" on top\\ and a tab\there,\nnew line; emoji 🎂, quote ' and \x01\x02 bytes";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  if (!bmd_test_require_warehouse ())
    return;
  f->conn = PQconnectdb (g_getenv ("BAKEMYDAY_WAREHOUSE"));
  g_assert_cmpint (PQstatus (f->conn), ==, CONNECTION_OK);
  PQclear (bmd_test_pg_query (f->conn, "SET client_min_messages = warning"));
  PQclear (bmd_test_pg_query (f->conn, "SET TIME ZONE 'UTC'"));
  PQclear (bmd_test_pg_query (f->conn, "DROP SCHEMA IF EXISTS bmd CASCADE"));

  f->zone = g_time_zone_new_identifier (ZONE);
  g_assert_nonnull (f->zone);
  f->now = g_date_time_new_from_iso8601 (NOW, NULL);
  f->orders = bmd_test_orders_new (base_orders);
  add_note (f->orders, 0, tricky_note);
  f->plan = bmd_planner_plan (f->orders, f->now, f->zone, BMD_PLAN_FLAGS_NONE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->conn, PQfinish);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  g_clear_pointer (&f->now, g_date_time_unref);
  g_clear_pointer (&f->orders, g_ptr_array_unref);
  g_clear_object (&f->plan);
}

typedef struct
{
  char *run_id;
  GDateTime *started;
  GPtrArray *rows;
  GPtrArray *ready_rows;
  BmdWarehouseBatch batch;
} Load;

static Load *
load_new (Fixture   *f,
          GPtrArray *orders,
          BmdPlan   *plan)
{
  Load *load = g_new0 (Load, 1);

  load->started = g_date_time_new_now_utc ();
  load->run_id = bmd_run_id_new (load->started);
  load->rows = bmd_warehouse_order_rows (orders, f->zone, load->run_id);
  load->batch.run_id = load->run_id;
  load->batch.started_at = load->started;
  load->batch.order_rows = load->rows;
  load->ready_rows = plan != NULL ? bmd_warehouse_ready_rows_all (plan, load->run_id) : NULL;
  load->batch.ready_rows = load->ready_rows;
  load->batch.added = orders->len;
  return load;
}

static void
load_free (Load *load)
{
  g_free (load->run_id);
  g_date_time_unref (load->started);
  g_ptr_array_unref (load->rows);
  g_clear_pointer (&load->ready_rows, g_ptr_array_unref);
  g_free (load);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Load, load_free)

static gint64
run_load (Fixture   *f,
          Load      *load)
{
  g_autoptr(BmdRedshiftLoader) loader = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"),
                                                                 BMD_WAREHOUSE_DIALECT_AUTO);
  g_autoptr(GError) error = NULL;
  gint64 rows = -1;

  /* The Spectrum schema is Redshift's: PostgreSQL loads as without it. */
  bmd_redshift_loader_set_lake_database (loader, "bakemyday");
  g_assert_true (bmd_redshift_loader_load (loader, &load->batch, &rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bmd_redshift_loader_get_dialect (loader), ==, BMD_WAREHOUSE_DIALECT_POSTGRES);
  return rows;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
is_time_column (const char *column)
{
  return g_str_has_suffix (column, "_at") || strcmp (column, "pickup_date") == 0
         || strcmp (column, "as_of") == 0;
}

/* A table as sorted lines of text, timestamps as the rows write them, some columns left out. */
static char *
dump_table (Fixture            *f,
            const char         *table,
            const char * const *skip)
{
  const char * const *columns = bmd_warehouse_columns (table);
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  PGresult *result;
  gboolean first = TRUE;

  for (guint c = 0; columns[c] != NULL; c++)
    {
      if (skip != NULL && g_strv_contains (skip, columns[c]))
        continue;
      if (!first)
        g_string_append (select, " || '|' || ");
      first = FALSE;
      if (is_time_column (columns[c]))
        g_string_append_printf (select, "COALESCE(to_char(%s AT TIME ZONE 'UTC', "
                                "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '<null>')", columns[c]);
      else
        g_string_append_printf (select, "COALESCE(%s::text, '<null>')", columns[c]);
    }
  g_string_append_printf (select, " FROM bmd.%s", table);
  result = bmd_test_pg_query (f->conn, select->str);
  for (int r = 0; r < PQntuples (result); r++)
    g_ptr_array_add (lines, g_strdup (PQgetvalue (result, r, 0)));
  PQclear (result);
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* The same lines from rows in memory. */
static char *
dump_rows (GPtrArray          *rows,
           const char         *table,
           const char * const *skip)
{
  const char * const *columns = bmd_warehouse_columns (table);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < rows->len; r++)
    {
      JsonObject *row = g_ptr_array_index (rows, r);
      GString *line = g_string_new (NULL);
      gboolean first = TRUE;

      for (guint c = 0; columns[c] != NULL; c++)
        {
          JsonNode *node = json_object_get_member (row, columns[c]);

          if (skip != NULL && g_strv_contains (skip, columns[c]))
            continue;
          if (!first)
            g_string_append_c (line, '|');
          first = FALSE;
          g_assert_nonnull (node);
          g_string_append (line, JSON_NODE_HOLDS_NULL (node) ? "<null>" : json_node_get_string (node));
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}


static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Load) load = NULL;
  g_autofree char *pickup = NULL;
  g_autofree char *note = NULL;
  g_autofree char *price = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *bad_pickup = NULL;
  g_autofree char *status = NULL;
  g_autofree char *run_id = NULL;
  g_autofree char *expected_raw = NULL;

  if (f->conn == NULL)
    return;

  load = load_new (f, f->orders, f->plan);
  g_assert_cmpint (run_load (f, load), ==, 8);
  g_assert_cmpint (count_rows (f, "orders"), ==, 8);
  {
    g_autofree char *spectrum = bmd_test_pg_value (f->conn, "SELECT COUNT(*) FROM pg_namespace WHERE nspname = 'bmd_lake'");

    g_assert_cmpstr (spectrum, ==, "0");
  }

  /* An offset is an exact instant; a wall time is read in the shop's zone (CDT, -05:00). */
  pickup = bmd_test_pg_value (f->conn, "SELECT to_char(pickup_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                           "FROM bmd.orders WHERE order_name = '#1001'");
  g_assert_cmpstr (pickup, ==, "2026-07-01 20:00");
  g_clear_pointer (&pickup, g_free);
  pickup = bmd_test_pg_value (f->conn, "SELECT to_char(pickup_date AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                           "FROM bmd.orders WHERE order_name = '#1004'");
  g_assert_cmpstr (pickup, ==, "2026-07-03 15:00");
  bad_pickup = bmd_test_pg_value (f->conn, "SELECT pickup_date FROM bmd.orders WHERE order_name = '#1007'");
  g_assert_null (bad_pickup);

  /* Text arrives byte for byte, whatever it holds. */
  note = bmd_test_pg_value (f->conn, "SELECT note FROM bmd.orders WHERE order_name = '#1001'");
  g_assert_cmpstr (note, ==, tricky_note);
  price = bmd_test_pg_value (f->conn, "SELECT total_price::text FROM bmd.orders WHERE order_name = '#1002'");
  g_assert_cmpstr (price, ==, "45.00");
  raw = bmd_test_pg_value (f->conn, "SELECT raw FROM bmd.orders WHERE order_name = '#1001'");
  expected_raw = bmd_order_dup_json_string (g_ptr_array_index (f->orders, 0));
  g_assert_cmpstr (raw, ==, expected_raw);

  status = bmd_test_pg_value (f->conn, "SELECT status || ' ' || orders_total || ' ' || added FROM bmd.etl_runs");
  g_assert_cmpstr (status, ==, "ok 8 8");
  run_id = bmd_test_pg_value (f->conn, "SELECT DISTINCT run_id FROM bmd.orders");
  g_assert_cmpstr (run_id, ==, load->run_id);
}

/* Replaces order @index of @orders with one whose JSON has @member = @value
 * (a dotted path of objects, created as needed). */
static void
set_member (GPtrArray  *orders,
            guint       index,
            const char *path,
            const char *value)
{
  BmdOrder *order = g_ptr_array_index (orders, index);
  g_autoptr(JsonObject) node = json_object_ref (bmd_order_get_json (order));
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  g_autoptr(GError) error = NULL;
  JsonObject *object = node;
  BmdOrder *changed;
  guint i;

  for (i = 0; parts[i + 1] != NULL; i++)
    {
      if (!json_object_has_member (object, parts[i]) || json_object_get_object_member (object, parts[i]) == NULL)
        json_object_set_object_member (object, parts[i], json_object_new ());
      object = json_object_get_object_member (object, parts[i]);
    }
  json_object_set_string_member (object, parts[i], value);
  changed = bmd_order_new_from_json (node, &error);
  g_assert_no_error (error);
  g_ptr_array_index (orders, index) = changed;
  g_object_unref (order);
}

/* What the server makes of @text as column @column of bmd.orders, as text. */
static char *
server_reading (Fixture    *f,
                const char *column,
                const char *text)
{
  g_autofree char *type_sql = g_strdup_printf ("SELECT format_type (atttypid, atttypmod) FROM pg_attribute "
                                               "WHERE attrelid = 'bmd.orders'::regclass AND attname = '%s'", column);
  g_autofree char *type = bmd_test_pg_value (f->conn, type_sql);
  const char *params[1] = { text };
  g_autofree char *sql = g_strdup_printf ("SELECT CAST ($1::text AS %s)::text", type);
  PGresult *result = PQexecParams (f->conn, sql, 1, NULL, params, NULL, NULL, 0);
  char *value;

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  return value;
}

/* The loader sends prices and timestamps in COPY's binary format, or, when
 * one value has no sure binary form, the whole snapshot as text: either way
 * the warehouse must hold what the server itself reads from the text. */
static void
test_values_as_the_server_reads_them (Fixture       *f,
                                      gconstpointer  data)
{
  static const char * const binary_prices[] = {
    "0", "0.00", "45", "45.5", "0.005", "99.995", "-0.00", "-12.345", "00012.30",
    "123456789.99", "1.0000001", "10000", "0.0001",
  };
  static const char * const times[] = {
    "0001-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
    "2026-03-08T08:30:00Z", "9999-12-31T23:59:59Z",
  };
  guint round, i;

  if (f->conn == NULL)
    return;

  /* Round 0 can go in binary; in round 1, "1e3" sends everything as text. */
  for (round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(Load) load = NULL;
      guint n = G_N_ELEMENTS (binary_prices);

      for (i = 0; i < n; i++)
        {
          BmdTestOrder spec = base_orders[0];
          g_autofree char *name = g_strdup_printf ("#%u", 2000 + i);

          spec.name = name;
          spec.created_at = times[i % G_N_ELEMENTS (times)];
          g_ptr_array_add (orders, bmd_test_order_new (&spec));
          set_member (orders, i, "totalPriceSet.shopMoney.amount",
                      round == 1 && i == 0 ? "1e3" : binary_prices[i]);
        }
      PQclear (bmd_test_pg_query (f->conn, "DROP SCHEMA IF EXISTS bmd CASCADE"));
      load = load_new (f, orders, f->plan);
      g_assert_cmpint (run_load (f, load), ==, n);

      for (i = 0; i < n; i++)
        {
          const char *price_text = round == 1 && i == 0 ? "1e3" : binary_prices[i];
          g_autofree char *price_sql = g_strdup_printf ("SELECT total_price::text FROM bmd.orders "
                                                        "WHERE order_name = '#%u'", 2000 + i);
          g_autofree char *time_sql = g_strdup_printf ("SELECT created_at::text FROM bmd.orders "
                                                       "WHERE order_name = '#%u'", 2000 + i);
          g_autofree char *price = bmd_test_pg_value (f->conn, price_sql);
          g_autofree char *expected_price = server_reading (f, "total_price", price_text);
          g_autofree char *created = bmd_test_pg_value (f->conn, time_sql);
          g_autofree char *expected_created = server_reading (f, "created_at", times[i % G_N_ELEMENTS (times)]);

          g_assert_cmpstr (price, ==, expected_price);
          g_assert_cmpstr (created, ==, expected_created);
        }
    }
}

static void
test_ready_tables_equal_plan (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(Load) load = NULL;
  const char * const *tables = bmd_warehouse_ready_tables ();

  if (f->conn == NULL)
    return;

  load = load_new (f, f->orders, f->plan);
  run_load (f, load);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) rows = bmd_warehouse_ready_rows (f->plan, tables[i], load->run_id);
      g_autofree char *in_db = dump_table (f, tables[i], NULL);
      g_autofree char *in_plan = dump_rows (rows, tables[i], NULL);

      g_test_message ("%s: %u rows", tables[i], rows->len);
      g_assert_cmpuint (rows->len, >, 0);
      g_assert_cmpint (count_rows (f, tables[i]), ==, rows->len);
      g_assert_cmpstr (in_db, ==, in_plan);
    }

  /* The queue holds the paid pair of 1 July (two rows); upcoming has a placeholder. */
  {
    g_autofree char *placeholders = bmd_test_pg_value (f->conn, "SELECT COUNT(*) FROM bmd.future_orders "
                                                    "WHERE order_name = '-' AND financial_status = 'MISSING'");
    g_autofree char *weekly = bmd_test_pg_value (f->conn, "SELECT string_agg(order_name, ',' ORDER BY order_name) "
                                              "FROM bmd.weekly_streamline_orders");

    g_assert_cmpint (g_ascii_strtoll (placeholders, NULL, 10), >=, 1);
    g_assert_nonnull (strstr (weekly, "#1001,#1002"));
  }
}

static void
test_identical_loads (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Load) first = NULL;
  g_autoptr(Load) second = NULL;
  g_autofree char *after_first = NULL;
  g_autofree char *after_second = NULL;
  g_autofree char *runs = NULL;
  g_autofree char *run_id = NULL;

  if (f->conn == NULL)
    return;

  first = load_new (f, f->orders, f->plan);
  g_assert_cmpint (run_load (f, first), ==, 8);
  after_first = bmd_test_pg_dump_warehouse (f->conn);

  second = load_new (f, f->orders, f->plan);
  g_assert_cmpstr (first->run_id, !=, second->run_id);
  g_assert_cmpint (run_load (f, second), ==, 8);
  after_second = bmd_test_pg_dump_warehouse (f->conn);

  g_assert_cmpstr (after_first, ==, after_second);
  runs = bmd_test_pg_value (f->conn, "SELECT COUNT(*) FROM bmd.etl_runs WHERE status = 'ok'");
  g_assert_cmpstr (runs, ==, "2");
  run_id = bmd_test_pg_value (f->conn, "SELECT DISTINCT run_id FROM bmd.future_orders");
  g_assert_cmpstr (run_id, ==, second->run_id);
}

static void
test_duplicates_and_deletions (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(Load) first = NULL;
  g_autoptr(Load) second = NULL;
  g_autoptr(GPtrArray) fewer = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *deleted = NULL;
  g_autofree char *status = NULL;
  JsonObject *newer;

  if (f->conn == NULL)
    return;

  /* The same order twice in one snapshot: the newer version wins. */
  first = load_new (f, f->orders, f->plan);
  newer = json_object_new ();
  {
    JsonObject *old = g_ptr_array_index (first->rows, 1);
    GList *members = json_object_get_members (old);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (newer, l->data, json_node_copy (json_object_get_member (old, l->data)));
    g_list_free (members);
  }
  json_object_set_string_member (newer, "updated_at", "2026-06-30T00:00:00Z");
  json_object_set_string_member (newer, "financial_status", "PAID");
  g_ptr_array_add (first->rows, newer);
  g_assert_cmpint (run_load (f, first), ==, 8);
  status = bmd_test_pg_value (f->conn, "SELECT financial_status FROM bmd.orders WHERE order_name = '#1002'");
  g_assert_cmpstr (status, ==, "PAID");

  /* An order missing from the next full snapshot was deleted in Shopify. */
  for (guint i = 1; i < f->orders->len; i++)
    g_ptr_array_add (fewer, g_object_ref (g_ptr_array_index (f->orders, i)));
  second = load_new (f, fewer, NULL);
  g_assert_cmpint (run_load (f, second), ==, 8);
  deleted = bmd_test_pg_value (f->conn, "SELECT string_agg(order_name, ',') FROM bmd.orders WHERE deleted_at IS NOT NULL");
  g_assert_cmpstr (deleted, ==, "#1001");
}

static void
test_failed_load_keeps_tables (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(Load) good = NULL;
  g_autoptr(Load) bad = NULL;
  g_autoptr(Load) next = NULL;
  g_autoptr(BmdRedshiftLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) more = NULL;
  g_autoptr(BmdPlan) more_plan = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *failed = NULL;
  static const BmdTestOrder extra[] = {
    { "#1009", "Katherine Johnson", "deposit", "2026-07-02T09:00:00Z", "PAID", "orbit", "launch", NULL, NULL, NULL },
    { NULL }
  };

  if (f->conn == NULL)
    return;

  good = load_new (f, f->orders, f->plan);
  run_load (f, good);
  before = bmd_test_pg_dump_warehouse (f->conn);

  /* A row the warehouse refuses, after the others were staged. */
  more = bmd_test_orders_new (extra);
  for (guint i = 0; i < f->orders->len; i++)
    g_ptr_array_add (more, g_object_ref (g_ptr_array_index (f->orders, i)));
  more_plan = bmd_planner_plan (more, f->now, f->zone, BMD_PLAN_FLAGS_NONE);
  bad = load_new (f, more, more_plan);
  json_object_set_string_member (g_ptr_array_index (bad->rows, bad->rows->len - 1),
                                 "created_at", "yesterday-ish");
  loader = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"), BMD_WAREHOUSE_DIALECT_AUTO);
  g_assert_false (bmd_redshift_loader_load (loader, &bad->batch, NULL, NULL, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_QUERY);
  g_test_message ("%s", error->message);
  after = bmd_test_pg_dump_warehouse (f->conn);
  g_assert_cmpstr (before, ==, after);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT status || ': ' || error FROM bmd.etl_runs WHERE run_id = '%s'",
                                            bad->run_id);

    failed = bmd_test_pg_value (f->conn, sql);
    g_assert_true (g_str_has_prefix (failed, "failed: "));
    g_assert_nonnull (strstr (failed, "yesterday-ish"));
  }

  /* The next load (same loader, same connection) catches up. */
  next = load_new (f, more, more_plan);
  g_clear_error (&error);
  {
    gint64 rows = 0;

    g_assert_true (bmd_redshift_loader_load (loader, &next->batch, &rows, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (rows, ==, 9);
  }
  g_assert_cmpint (count_rows (f, "future_orders"), >, 0);
}

typedef struct
{
  GCancellable *cancellable;
  const char *at;
  GPtrArray *steps;
} CancelAt;

static void
cancel_at_cb (const char *step,
              gpointer    user_data)
{
  CancelAt *c = user_data;

  g_ptr_array_add (c->steps, g_strdup (step));
  if (g_strcmp0 (step, c->at) == 0)
    g_cancellable_cancel (c->cancellable);
}

static void
test_cancelled_load_keeps_tables (Fixture       *f,
                                  gconstpointer  data)
{
  const char *points[] = { "stage", "merge", "ready", "commit" };
  g_autoptr(Load) good = NULL;
  g_autofree char *before = NULL;

  if (f->conn == NULL)
    return;

  good = load_new (f, f->orders, f->plan);
  run_load (f, good);
  before = bmd_test_pg_dump_warehouse (f->conn);

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autoptr(BmdRedshiftLoader) loader = NULL;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) fewer = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(Load) load = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;
      CancelAt c = { cancellable, points[i], steps };

      /* A different snapshot, so a leak of any part of it would show. */
      for (guint o = 2; o < f->orders->len; o++)
        g_ptr_array_add (fewer, g_object_ref (g_ptr_array_index (f->orders, o)));
      load = load_new (f, fewer, NULL);
      loader = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"), BMD_WAREHOUSE_DIALECT_AUTO);
      bmd_redshift_loader_set_progress_func (loader, cancel_at_cb, &c);
      if (strcmp (points[i], "ready") == 0)
        {
          load->ready_rows = bmd_warehouse_ready_rows_all (f->plan, load->run_id);
          load->batch.ready_rows = load->ready_rows;
        }
      g_assert_false (bmd_redshift_loader_load (loader, &load->batch, NULL, cancellable, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_true (g_ptr_array_find_with_equal_func (steps, points[i], g_str_equal, NULL));
      after = bmd_test_pg_dump_warehouse (f->conn);
      g_assert_cmpstr (before, ==, after);
    }
}

typedef struct
{
  GCancellable *cancellable;
  gboolean saw_blocked;
} Watcher;

/* Waits until the loader's statement is stuck behind the test's lock, then
 * cancels: the cancel must reach the server (PQcancel) to get it unstuck. */
static gpointer
cancel_when_blocked_thread (gpointer data)
{
  Watcher *w = data;
  PGconn *conn = PQconnectdb (g_getenv ("BAKEMYDAY_WAREHOUSE"));
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  while (g_get_monotonic_time () < deadline)
    {
      PGresult *r = PQexec (conn, "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                  "AND query LIKE '%bmd_stage%'");
      gboolean blocked = PQresultStatus (r) == PGRES_TUPLES_OK && strcmp (PQgetvalue (r, 0, 0), "0") != 0;

      PQclear (r);
      if (blocked)
        {
          w->saw_blocked = TRUE;
          break;
        }
      g_usleep (10 * 1000);
    }
  PQfinish (conn);
  g_cancellable_cancel (w->cancellable);
  return NULL;
}

static void
test_cancel_reaches_server (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(Load) good = NULL;
  g_autoptr(Load) next = NULL;
  g_autoptr(BmdRedshiftLoader) loader = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Watcher w = { cancellable, FALSE };
  GThread *thread;

  if (f->conn == NULL)
    return;

  good = load_new (f, f->orders, f->plan);
  run_load (f, good);
  before = bmd_test_pg_dump_warehouse (f->conn);

  PQclear (bmd_test_pg_query (f->conn, "BEGIN"));
  PQclear (bmd_test_pg_query (f->conn, "LOCK TABLE bmd.orders IN ACCESS EXCLUSIVE MODE"));

  next = load_new (f, f->orders, f->plan);
  loader = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"), BMD_WAREHOUSE_DIALECT_AUTO);
  /* Connect first, so the lock blocks a load statement and not the schema check. */
  g_assert_true (bmd_redshift_loader_connect (loader, NULL, &error));
  g_assert_no_error (error);
  thread = g_thread_new ("cancel-when-blocked", cancel_when_blocked_thread, &w);
  g_assert_false (bmd_redshift_loader_load (loader, &next->batch, NULL, cancellable, &error));
  g_thread_join (thread);
  g_assert_true (w.saw_blocked);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  PQclear (bmd_test_pg_query (f->conn, "ROLLBACK"));
  after = bmd_test_pg_dump_warehouse (f->conn);
  g_assert_cmpstr (before, ==, after);

  /* The same loader loads fine afterwards. */
  g_clear_error (&error);
  g_assert_true (bmd_redshift_loader_load (loader, &next->batch, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_copy_sql (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BmdRedshiftLoader) offline = bmd_redshift_loader_new ("host=redshift.invalid dbname=dev",
                                                                  BMD_WAREHOUSE_DIALECT_REDSHIFT);
  g_autoptr(BmdRedshiftLoader) online = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *sql_online = NULL;
  const char *uri = "s3://bakery-lake/bmd/raw/orders/run=20260629T120000Z-0a1b2c/";
  const char *expected =
    "COPY \"bmd_stage_orders\" FROM 's3://bakery-lake/bmd/raw/orders/run=20260629T120000Z-0a1b2c/' "
    "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftCopy' FORMAT JSON 'auto' GZIP TIMEFORMAT 'auto' "
    "REGION 'us-west-2'";

  /* No role: refused with a message saying which setting. */
  g_assert_null (bmd_redshift_loader_build_copy_sql (offline, "bmd_stage_orders", uri, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "BAKEMYDAY_REDSHIFT_IAM_ROLE"));
  g_clear_error (&error);

  /* Something that is not a role cannot smuggle SQL in. */
  bmd_redshift_loader_set_iam_role (offline, "arn:aws:iam::123456789012:role/x' CREDENTIALS 'y", NULL);
  g_assert_null (bmd_redshift_loader_build_copy_sql (offline, "bmd_stage_orders", uri, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  g_clear_error (&error);

  bmd_redshift_loader_set_iam_role (offline, "arn:aws:iam::123456789012:role/RedshiftCopy", "us-west-2");
  g_assert_null (bmd_redshift_loader_build_copy_sql (offline, "bmd_stage_orders", "s3://b/x'; DROP TABLE y; --", &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  g_clear_error (&error);

  sql = bmd_redshift_loader_build_copy_sql (offline, "bmd_stage_orders", uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sql, ==, expected);

  /* Connected, the literals go through libpq's escaping: the same text. */
  if (f->conn == NULL)
    return;
  online = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"), BMD_WAREHOUSE_DIALECT_REDSHIFT);
  bmd_redshift_loader_set_iam_role (online, "arn:aws:iam::123456789012:role/RedshiftCopy", "us-west-2");
  g_assert_true (bmd_redshift_loader_connect (online, NULL, &error));
  g_assert_no_error (error);
  /* A set dialect is kept even when the server is PostgreSQL. */
  g_assert_cmpint (bmd_redshift_loader_get_dialect (online), ==, BMD_WAREHOUSE_DIALECT_REDSHIFT);
  sql_online = bmd_redshift_loader_build_copy_sql (online, "bmd_stage_orders", uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sql_online, ==, expected);
}

static void
test_redshift_path_needs_lake (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(BmdRedshiftLoader) loader = NULL;
  g_autoptr(Load) load = NULL;
  g_autoptr(GError) error = NULL;

  if (f->conn == NULL)
    return;

  load = load_new (f, f->orders, f->plan);
  loader = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"), BMD_WAREHOUSE_DIALECT_REDSHIFT);
  g_assert_false (bmd_redshift_loader_load (loader, &load->batch, NULL, NULL, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  g_assert_cmpint (count_rows (f, "orders"), ==, 0);
}

static void
test_bad_password (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(BmdRedshiftLoader) loader = NULL;
  g_autoptr(GError) error = NULL;
  const char *password = "definitely-not-the-password";

  if (f->conn == NULL)
    return;

  loader = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"), BMD_WAREHOUSE_DIALECT_AUTO);
  bmd_redshift_loader_set_login (loader, "redshift", password);
  g_assert_false (bmd_redshift_loader_connect (loader, NULL, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_null (strstr (error->message, password));
  g_test_message ("%s", error->message);
  g_clear_object (&loader);
  g_clear_error (&error);

  /* A malformed string: the message must not quote it. */
  loader = bmd_redshift_loader_new ("host=127.0.0.1 password hunter2secret", BMD_WAREHOUSE_DIALECT_AUTO);
  g_assert_false (bmd_redshift_loader_connect (loader, NULL, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  g_assert_null (strstr (error->message, "hunter2"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/warehouse/load", test_load);
  ADD ("/bmd/warehouse/values-as-the-server-reads-them", test_values_as_the_server_reads_them);
  ADD ("/bmd/warehouse/ready-tables-equal-plan", test_ready_tables_equal_plan);
  ADD ("/bmd/warehouse/identical-loads", test_identical_loads);
  ADD ("/bmd/warehouse/duplicates-and-deletions", test_duplicates_and_deletions);
  ADD ("/bmd/warehouse/failed-load-keeps-tables", test_failed_load_keeps_tables);
  ADD ("/bmd/warehouse/cancelled-load-keeps-tables", test_cancelled_load_keeps_tables);
  ADD ("/bmd/warehouse/cancel-reaches-server", test_cancel_reaches_server);
  ADD ("/bmd/warehouse/copy-sql", test_copy_sql);
  ADD ("/bmd/warehouse/redshift-path-needs-lake", test_redshift_path_needs_lake);
  ADD ("/bmd/warehouse/bad-password", test_bad_password);
#undef ADD

  return g_test_run ();
}
