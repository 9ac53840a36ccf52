/* dim_customers_scd in the local warehouse: SCD type 2 across refreshes. */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "bmd-customer-history.h"
#include "bmd-store-scd.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"

#define ANN "gid://shopify/Customer/ann"
#define BOB "gid://shopify/Customer/bob"

/* Ann: one paid cake on 20 May. Bob: an unpaid request for 1 July, no
 * phone and no email (NULLs, which must compare equal). */
static const BmdTestOrder first_orders[] = {
  { "#1", "Ann Baker", "deposit", "2026-05-20T12:00:00", "PAID", "lemon", .customer_id = ANN,
    .email = "ann@example.com", .phone = "+15125550100" },
  { "#2", "Ann Baker", "remaining", "2026-05-20T12:00:00", "PAID", "lemon", .customer_id = ANN,
    .email = "ann@example.com", .phone = "+15125550100" },
  { "#3", "Bob Stone", "deposit", "2026-07-01T12:00:00", "PENDING", "plum", .customer_id = BOB },
  { NULL }
};

/* Ann marries: same customer, a new last name on both orders. */
static const BmdTestOrder renamed_orders[] = {
  { "#1", "Ann Cook", "deposit", "2026-05-20T12:00:00", "PAID", "lemon", .customer_id = ANN,
    .email = "ann@example.com", .phone = "+15125550100" },
  { "#2", "Ann Cook", "remaining", "2026-05-20T12:00:00", "PAID", "lemon", .customer_id = ANN,
    .email = "ann@example.com", .phone = "+15125550100" },
  { NULL }
};

/* One refresh's history step, in its own transaction, as the refresh runs it. */
static guint
refresh_history (const char *data_dir,
                 const char *run_time,
                 gboolean    commit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (data_dir, &error);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (run_time, NULL);
  guint changed = 0;

  g_assert_no_error (error);
  g_assert_true (bmd_store_begin (store, &error));
  g_assert_true (bmd_customer_history_update (store, zone, at, &changed, &error));
  g_assert_no_error (error);
  if (commit)
    g_assert_true (bmd_store_commit (store, &error));
  else
    bmd_store_rollback (store);
  g_assert_no_error (error);
  return changed;
}

/* The history as lines: id, names, email, phone, cakes, state, vip, from, to, current. */
static char *
dump_history (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (data_dir, &error);
  g_autoptr(GPtrArray) rows = NULL;
  GString *out = g_string_new (NULL);
  guint i;

  g_assert_no_error (error);
  rows = bmd_store_list_customer_history (store, &error);
  g_assert_no_error (error);
  for (i = 0; i < rows->len; i++)
    {
      BmdCustomerHistoryRow *row = g_ptr_array_index (rows, i);

      g_string_append_printf (out, "%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%s|%d|%s|%s|%d\n",
                              row->customer_id,
                              row->first_name ? row->first_name : "NULL",
                              row->last_name ? row->last_name : "NULL",
                              row->email ? row->email : "NULL",
                              row->phone ? row->phone : "NULL",
                              row->cakes, row->state, row->vip,
                              row->valid_from, row->valid_to ? row->valid_to : "NULL",
                              row->is_current);
    }
  return g_string_free (out, FALSE);
}

static void
test_three_refreshes (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-history-XXXXXX", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *fourth = NULL;

  /* 1 June: Ann's cake was 12 days ago (new); Bob has nothing paid. */
  bmd_test_store_orders (data_dir, first_orders, NULL);
  g_assert_cmpuint (refresh_history (data_dir, "2026-06-01T12:00:00Z", TRUE), ==, 2);
  first = dump_history (data_dir);
  g_assert_cmpstr (first, ==,
    ANN "|Ann|Baker|ann@example.com|+15125550100|1|new|0|2026-06-01T12:00:00Z|NULL|1\n"
    BOB "|Bob|Stone|NULL|NULL|0|prospect|0|2026-06-01T12:00:00Z|NULL|1\n");

  /* 2 June: a rename closes Ann's row and adds one; Bob (NULLs and all) unchanged. */
  bmd_test_store_orders (data_dir, renamed_orders, NULL);
  g_assert_cmpuint (refresh_history (data_dir, "2026-06-02T12:00:00Z", TRUE), ==, 2);
  second = dump_history (data_dir);
  g_assert_cmpstr (second, ==,
    ANN "|Ann|Baker|ann@example.com|+15125550100|1|new|0|2026-06-01T12:00:00Z|2026-06-02T12:00:00Z|0\n"
    ANN "|Ann|Cook|ann@example.com|+15125550100|1|new|0|2026-06-02T12:00:00Z|NULL|1\n"
    BOB "|Bob|Stone|NULL|NULL|0|prospect|0|2026-06-01T12:00:00Z|NULL|1\n");

  /* 15 September, no order changed: Ann's cake is 118 days past, so she is
   * active now; Bob's request is past but he is still a prospect. */
  g_assert_cmpuint (refresh_history (data_dir, "2026-09-15T12:00:00Z", TRUE), ==, 2);
  third = dump_history (data_dir);
  g_assert_cmpstr (third, ==,
    ANN "|Ann|Baker|ann@example.com|+15125550100|1|new|0|2026-06-01T12:00:00Z|2026-06-02T12:00:00Z|0\n"
    ANN "|Ann|Cook|ann@example.com|+15125550100|1|new|0|2026-06-02T12:00:00Z|2026-09-15T12:00:00Z|0\n"
    ANN "|Ann|Cook|ann@example.com|+15125550100|1|active|0|2026-09-15T12:00:00Z|NULL|1\n"
    BOB "|Bob|Stone|NULL|NULL|0|prospect|0|2026-06-01T12:00:00Z|NULL|1\n");

  /* The next day nothing changed: no row. */
  g_assert_cmpuint (refresh_history (data_dir, "2026-09-16T12:00:00Z", TRUE), ==, 0);
  fourth = dump_history (data_dir);
  g_assert_cmpstr (fourth, ==, third);

  bmd_test_remove_tree (data_dir);
}

static void
test_rollback_keeps_history (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-history-XXXXXX", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  bmd_test_store_orders (data_dir, first_orders, NULL);
  refresh_history (data_dir, "2026-06-01T12:00:00Z", TRUE);
  before = dump_history (data_dir);

  /* A refresh that fails after the history step rolls it back with the orders. */
  bmd_test_store_orders (data_dir, renamed_orders, NULL);
  g_assert_cmpuint (refresh_history (data_dir, "2026-06-02T12:00:00Z", FALSE), ==, 2);
  after = dump_history (data_dir);
  g_assert_cmpstr (after, ==, before);

  bmd_test_remove_tree (data_dir);
}

static void
test_customer_gone (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-history-XXXXXX", NULL);
  g_autofree char *history = NULL;
  g_autoptr(GError) error = NULL;

  bmd_test_store_orders (data_dir, first_orders, NULL);
  refresh_history (data_dir, "2026-06-01T12:00:00Z", TRUE);
  {
    g_autoptr(BmdStore) store = bmd_store_open (data_dir, &error);

    g_assert_no_error (error);
    g_assert_true (bmd_store_begin (store, &error));
    g_assert_true (bmd_store_mark_deleted (store, "gid://shopify/Order/3", "2026-06-02T00:00:00Z", &error));
    g_assert_true (bmd_store_commit (store, &error));
  }

  /* Bob's only order was deleted in Shopify: his row closes, none is added. */
  g_assert_cmpuint (refresh_history (data_dir, "2026-06-02T12:00:00Z", TRUE), ==, 1);
  history = dump_history (data_dir);
  g_assert_cmpstr (history, ==,
    ANN "|Ann|Baker|ann@example.com|+15125550100|1|new|0|2026-06-01T12:00:00Z|NULL|1\n"
    BOB "|Bob|Stone|NULL|NULL|0|prospect|0|2026-06-01T12:00:00Z|2026-06-02T12:00:00Z|0\n");

  bmd_test_remove_tree (data_dir);
}

static void
test_outside_transaction (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-history-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (data_dir, &error);
  BmdCustomerVersion version = { "gid://shopify/Customer/1", NULL, NULL, NULL, NULL, 0, "prospect", FALSE };

  g_assert_no_error (error);
  g_assert_false (bmd_store_update_customer_history (store, &version, 1, "2026-06-01T12:00:00Z", NULL, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED);
  g_clear_object (&store);
  bmd_test_remove_tree (data_dir);
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A store of the schema before the history (version 1, as the last release
 * made it) keeps its orders and gains the table when opened. */
static void
test_migrate_from_version_1 (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (data_dir, "bakemyday.sqlite3", NULL);
  g_autofree char *history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  sql_exec (path,
            "CREATE TABLE orders (id TEXT PRIMARY KEY NOT NULL, updated_at TEXT, pickup_utc TEXT,"
            "  raw TEXT NOT NULL, deleted_at TEXT, first_seen_at TEXT NOT NULL, stored_at TEXT NOT NULL);"
            "CREATE INDEX orders_pickup ON orders (pickup_utc) WHERE deleted_at IS NULL;"
            "CREATE TABLE sync_state (key TEXT PRIMARY KEY NOT NULL, value TEXT);"
            "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,"
            "  finished_at TEXT, outcome TEXT NOT NULL DEFAULT 'running', error TEXT,"
            "  orders_total INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0,"
            "  updated INTEGER NOT NULL DEFAULT 0, deleted INTEGER NOT NULL DEFAULT 0);"
            "CREATE TABLE days_off (date TEXT PRIMARY KEY NOT NULL);"
            "INSERT INTO orders VALUES ('gid://shopify/Order/1', NULL, NULL, '{\"id\":\"gid://shopify/Order/1\"}',"
            "  NULL, '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z');"
            "PRAGMA application_id = 1114465348;"
            "PRAGMA user_version = 1;");

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bmd_store_get_schema_version (store), ==, 4);
  g_assert_cmpuint (bmd_store_count_orders (store), ==, 1);
  rows = bmd_store_list_customer_history (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_object (&store);

  /* And a refresh's step fills it. */
  bmd_test_store_orders (data_dir, first_orders, NULL);
  g_assert_cmpuint (refresh_history (data_dir, "2026-06-01T12:00:00Z", TRUE), ==, 2);
  history = dump_history (data_dir);
  g_assert_cmpstr (history, ==,
    ANN "|Ann|Baker|ann@example.com|+15125550100|1|new|0|2026-06-01T12:00:00Z|NULL|1\n"
    BOB "|Bob|Stone|NULL|NULL|0|prospect|0|2026-06-01T12:00:00Z|NULL|1\n");

  bmd_test_remove_tree (data_dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/customer-history/three-refreshes", test_three_refreshes);
  g_test_add_func ("/customer-history/rollback", test_rollback_keeps_history);
  g_test_add_func ("/customer-history/customer-gone", test_customer_gone);
  g_test_add_func ("/customer-history/outside-transaction", test_outside_transaction);
  g_test_add_func ("/customer-history/migrate-from-version-1", test_migrate_from_version_1);

  return g_test_run ();
}
