#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bmd-draft-log.h"
#include "bmd-snapshot.h"
#include "bmd-store.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"

/* The test binary re-runs itself as the refresh that gets killed. */
#define CHILD_FLAG "--child-refresh"
/* More 2 KB orders than the store's 16 MB page cache holds, so uncommitted
 * pages reach the WAL file before the kill. */
#define CHILD_READY_AFTER 12000

static const char *self_exe;

/* Helpers */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bmd-store-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
db_path (const char *dir)
{
  return g_build_filename (dir, "bakemyday.sqlite3", NULL);
}

static BmdStore *
open_ok (const char *dir)
{
  g_autoptr(GError) error = NULL;
  BmdStore *store = bmd_store_open (dir, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* Raw SQLite access, to build the files the store must refuse or migrate and
 * to look behind its back. */
static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  int rc;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  rc = sqlite3_exec (db, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_close (db);
}

static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

static char *
make_order_json (const char *id,
                 guint       revision,
                 gsize       padding)
{
  g_autofree char *note = g_strnfill (padding, 'x');

  return g_strdup_printf ("{\"id\":\"%s\",\"rev\":%u,\"note\":\"%s\"}", id, revision, note);
}

static char *
join_strings (GPtrArray *array)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < array->len; i++)
    {
      g_string_append (out, g_ptr_array_index (array, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* Everything a refresh may touch, as one string to compare. */
static char *
snapshot_store (BmdStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = bmd_store_list_ids (store, &error);
  g_autoptr(GPtrArray) json = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *ids_s = NULL;
  g_autofree char *json_s = NULL;
  g_autofree char *days_s = NULL;
  g_autofree char *watermark = NULL;

  g_assert_no_error (error);
  json = bmd_store_list_order_json (store, &error);
  g_assert_no_error (error);
  days = bmd_store_list_days_off (store, &error);
  g_assert_no_error (error);

  ids_s = join_strings (ids);
  json_s = join_strings (json);
  days_s = join_strings (days);
  watermark = bmd_store_dup_state (store, "watermark");

  return g_strdup_printf ("count=%u\nids:\n%sjson:\n%sdays:\n%swatermark=%s\n",
                          bmd_store_count_orders (store), ids_s, json_s, days_s,
                          watermark != NULL ? watermark : "(null)");
}

/* A committed store with a few orders, one deleted, state and a day off. */
static void
seed_store (BmdStore *store,
            guint     n_orders)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (bmd_store_begin (store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n_orders; i++)
    {
      g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%04u", i);
      g_autofree char *json = make_order_json (id, 1, 200);
      BmdUpsertResult r;

      r = bmd_store_upsert_order (store, id, "2026-06-01T00:00:00Z",
                                  "2026-07-01T15:00:00Z", json, &error);
      g_assert_no_error (error);
      g_assert_cmpint (r, ==, BMD_UPSERT_ADDED);
    }

  g_assert_true (bmd_store_mark_deleted (store, "gid://shopify/Order/0000",
                                         "2026-06-02T00:00:00Z", &error));
  g_assert_no_error (error);
  g_assert_true (bmd_store_set_state (store, "watermark", "2026-06-01T00:00:00Z", &error));
  g_assert_true (bmd_store_set_day_off (store, "2026-07-04", TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (bmd_store_commit (store, &error));
  g_assert_no_error (error);
}

/* Open */

static void
test_open_create (void)
{
  g_autofree char *tmp = make_tmp_dir ();
  g_autofree char *dir = g_build_filename (tmp, "nested", "data", NULL);
  g_autofree char *path = db_path (dir);
  g_autofree char *journal = NULL;
  g_autofree char *tables = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  store = open_ok (dir);
  g_assert_cmpstr (bmd_store_get_data_dir (store), ==, dir);
  g_assert_cmpstr (bmd_store_get_path (store), ==, path);
  g_assert_cmpint (bmd_store_get_schema_version (store), ==, 4);

  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  bmd_store_upsert_order (store, "gid://shopify/Order/1", NULL, NULL, "{}", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  journal = sql_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  tables = sql_text (path, "SELECT group_concat(name, ',') FROM "
                           "(SELECT name FROM sqlite_schema WHERE type = 'table' "
                           " AND name NOT LIKE 'sqlite_%' ORDER BY name)");
  g_assert_cmpstr (tables, ==, "bulk_operation,days_off,dim_customers_scd,drafts_created,drafts_settled,orders,reminders_sent,runs,sync_state");

  /* Reopen: same data, no second migration. */
  store = open_ok (dir);
  g_assert_cmpint (bmd_store_get_schema_version (store), ==, 4);
  g_assert_cmpuint (bmd_store_count_orders (store), ==, 1);
  g_assert_true (bmd_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  bmd_test_remove_tree (tmp);
}

typedef enum
{
  V0_ZERO_BYTES,
  V0_EMPTY_DATABASE,
} V0Kind;

static void
test_open_migrate_v0 (void)
{
  static const struct {
    const char *name;
    V0Kind kind;
  } cases[] = {
    { "zero-byte file", V0_ZERO_BYTES },
    { "empty SQLite database at user_version 0", V0_EMPTY_DATABASE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = make_tmp_dir ();
      g_autofree char *path = db_path (dir);
      g_autofree char *version = NULL;
      g_autofree char *app_id = NULL;
      g_autoptr(BmdStore) store = NULL;
      g_autoptr(GError) error = NULL;

      g_test_message ("case: %s", cases[i].name);

      if (cases[i].kind == V0_ZERO_BYTES)
        g_assert_true (g_file_set_contents (path, "", 0, NULL));
      else
        sql_exec (path, "CREATE TABLE t (x); DROP TABLE t;");

      version = sql_text (path, "PRAGMA user_version");
      g_assert_cmpstr (version, ==, "0");
      g_clear_pointer (&version, g_free);

      store = open_ok (dir);
      g_assert_cmpint (bmd_store_get_schema_version (store), ==, 4);
      g_assert_cmpuint (bmd_store_count_orders (store), ==, 0);
      g_assert_true (bmd_store_set_state (store, "k", "v", &error));
      g_assert_no_error (error);
      g_clear_object (&store);

      version = sql_text (path, "PRAGMA user_version");
      g_assert_cmpstr (version, ==, "4");
      app_id = sql_text (path, "PRAGMA application_id");
      g_assert_cmpstr (app_id, ==, "1114465348");  /* 0x426d6444, "BmdD" */

      bmd_test_remove_tree (dir);
    }
}

/* A version 3 file, made before the side tables joined the numbered
 * migrations: it has reminders_sent (made by the reminders themselves) and
 * none of the drafts' tables. A feature that opens it through its own
 * connection first brings it to version 4, and the sent reminders stay. */
static void
test_open_migrate_v3_side_tables (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bmd-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bakemyday.sqlite3", NULL);
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(GPtrArray) unsettled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *tables = NULL;

  g_clear_object (&store);
  sql_exec (path, "DROP TABLE drafts_created; DROP TABLE drafts_settled;"
                  " INSERT INTO reminders_sent (key, value, sent_at) VALUES ('tomorrow:2026-12-05', '', '2026-12-04');"
                  " PRAGMA user_version = 3;");

  unsettled = bmd_draft_log_list_unsettled (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unsettled->len, ==, 0);
  version = sql_text (path, "PRAGMA user_version");
  g_assert_cmpstr (version, ==, "4");
  sent = sql_text (path, "SELECT key FROM reminders_sent");
  g_assert_cmpstr (sent, ==, "tomorrow:2026-12-05");
  tables = sql_text (path, "SELECT group_concat (name, ' ') FROM (SELECT name FROM sqlite_master"
                           " WHERE name LIKE 'drafts_%' ORDER BY name)");
  g_assert_cmpstr (tables, ==, "drafts_created drafts_settled");
  bmd_test_remove_tree (dir);
}

typedef enum
{
  BAD_BELOW_REGULAR_FILE,
  BAD_DIR_IS_REGULAR_FILE,
  BAD_NOT_SQLITE,
  BAD_FOREIGN_SQLITE,
  BAD_FOREIGN_APPLICATION_ID,
  BAD_FUTURE_VERSION,
} BadKind;

static void
test_open_errors (void)
{
  static const struct {
    const char *name;
    BadKind kind;
    BmdStoreError code;
  } cases[] = {
    { "data dir below a regular file", BAD_BELOW_REGULAR_FILE, BMD_STORE_ERROR_BAD_PATH },
    { "data dir is a regular file", BAD_DIR_IS_REGULAR_FILE, BMD_STORE_ERROR_BAD_PATH },
    { "text file in place of the database", BAD_NOT_SQLITE, BMD_STORE_ERROR_CORRUPT },
    { "another program's SQLite database", BAD_FOREIGN_SQLITE, BMD_STORE_ERROR_CORRUPT },
    { "another application id", BAD_FOREIGN_APPLICATION_ID, BMD_STORE_ERROR_CORRUPT },
    { "schema newer than the code", BAD_FUTURE_VERSION, BMD_STORE_ERROR_VERSION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tmp = make_tmp_dir ();
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;
      g_autofree char *plain = g_build_filename (tmp, "plain", NULL);
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autoptr(BmdStore) store = NULL;
      g_autoptr(GError) error = NULL;
      gsize before_len = 0, after_len = 0;

      g_test_message ("case: %s", cases[i].name);

      switch (cases[i].kind)
        {
        case BAD_BELOW_REGULAR_FILE:
          g_assert_true (g_file_set_contents (plain, "x", -1, NULL));
          dir = g_build_filename (plain, "data", NULL);
          break;
        case BAD_DIR_IS_REGULAR_FILE:
          g_assert_true (g_file_set_contents (plain, "x", -1, NULL));
          dir = g_strdup (plain);
          break;
        case BAD_NOT_SQLITE:
          {
            g_autoptr(GString) text = g_string_new (NULL);

            for (guint j = 0; j < 200; j++)
              g_string_append (text, "these are my cake notes, not a database\n");
            dir = g_strdup (tmp);
            path = db_path (dir);
            g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
          }
          break;
        case BAD_FOREIGN_SQLITE:
          dir = g_strdup (tmp);
          path = db_path (dir);
          sql_exec (path, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('lemon');");
          break;
        case BAD_FOREIGN_APPLICATION_ID:
          dir = g_strdup (tmp);
          path = db_path (dir);
          sql_exec (path, "PRAGMA application_id = 42; CREATE TABLE t (x);");
          break;
        case BAD_FUTURE_VERSION:
          dir = g_strdup (tmp);
          path = db_path (dir);
          store = open_ok (dir);
          g_clear_object (&store);
          sql_exec (path, "PRAGMA user_version = 99");
          break;
        default:
          g_assert_not_reached ();
        }

      if (path != NULL)
        g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

      store = bmd_store_open (dir, &error);
      g_assert_null (store);
      g_assert_error (error, BMD_STORE_ERROR, (int)cases[i].code);
      /* The message names the file or directory. */
      g_assert_nonnull (strstr (error->message, path != NULL ? path : dir));
      g_test_message ("error: %s", error->message);

      /* A refused file is left as it was. */
      if (path != NULL)
        {
          g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
          g_assert_cmpmem (before, before_len, after, after_len);
        }

      bmd_test_remove_tree (tmp);
    }
}

typedef enum
{
  DENIED_DATA_DIR,
  DENIED_PARENT_DIR,
  DENIED_DIR_OF_EXISTING_STORE,
  DENIED_READ_ONLY_FILE,
} DeniedKind;

static void
check_permission_cases (void)
{
  static const struct {
    const char *name;
    DeniedKind kind;
  } cases[] = {
    { "data dir not writable", DENIED_DATA_DIR },
    { "parent of the data dir not writable", DENIED_PARENT_DIR },
    { "existing store in a dir made read-only", DENIED_DIR_OF_EXISTING_STORE },
    { "read-only database file", DENIED_READ_ONLY_FILE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *tmp = make_tmp_dir ();
      g_autofree char *dir = g_build_filename (tmp, "data", NULL);
      g_autofree char *path = db_path (dir);
      g_autoptr(BmdStore) store = NULL;
      g_autoptr(GError) error = NULL;
      const char *locked = dir;

      g_test_message ("case: %s", cases[i].name);

      switch (cases[i].kind)
        {
        case DENIED_DATA_DIR:
          g_assert_cmpint (g_mkdir (dir, 0500), ==, 0);
          break;
        case DENIED_PARENT_DIR:
          g_assert_cmpint (g_chmod (tmp, 0500), ==, 0);
          locked = tmp;
          break;
        case DENIED_DIR_OF_EXISTING_STORE:
          store = open_ok (dir);
          g_clear_object (&store);
          g_assert_cmpint (g_chmod (dir, 0500), ==, 0);
          break;
        case DENIED_READ_ONLY_FILE:
          store = open_ok (dir);
          g_clear_object (&store);
          g_assert_cmpint (g_chmod (path, 0400), ==, 0);
          locked = NULL;
          break;
        default:
          g_assert_not_reached ();
        }

      store = bmd_store_open (dir, &error);
      g_assert_null (store);
      g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN);
      g_assert_nonnull (strstr (error->message, dir));
      g_test_message ("error: %s", error->message);

      if (locked != NULL)
        g_assert_cmpint (g_chmod (locked, 0700), ==, 0);
      bmd_test_remove_tree (tmp);
    }
}

/* Permissions do not stop root: as root, the cases run in a child that has
 * become an ordinary user (nobody). */
static void
test_open_permission_denied (void)
{
  pid_t pid;
  int status = 0;

  if (geteuid () != 0)
    {
      check_permission_cases ();
      return;
    }

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (setgid (65534) != 0 || setuid (65534) != 0 || geteuid () == 0)
        _exit (3);
      check_permission_cases ();
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

typedef struct
{
  const char *dir;
  GError *error;
  int schema_version;
} OpenerThread;

static gpointer
open_thread (gpointer data)
{
  OpenerThread *opener = data;
  g_autoptr(BmdStore) store = bmd_store_open (opener->dir, &opener->error);

  if (store != NULL)
    {
      opener->schema_version = bmd_store_get_schema_version (store);
      bmd_store_set_state (store, "opened", "yes", &opener->error);
    }
  return NULL;
}

/* The app and the daily CLI may create the store at the same moment: the
 * migration runs once, and every opener succeeds. */
static void
test_open_concurrent (void)
{
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *tmp = make_tmp_dir ();
      g_autofree char *dir = g_build_filename (tmp, "data", NULL);
      g_autofree char *path = db_path (dir);
      g_autofree char *version = NULL;
      OpenerThread openers[4] = { { 0 } };
      GThread *threads[G_N_ELEMENTS (openers)];

      for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
        {
          openers[i].dir = dir;
          threads[i] = g_thread_new ("opener", open_thread, &openers[i]);
        }
      for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
        {
          g_thread_join (threads[i]);
          g_assert_no_error (openers[i].error);
          g_assert_cmpint (openers[i].schema_version, ==, 4);
        }

      version = sql_text (path, "PRAGMA user_version");
      g_assert_cmpstr (version, ==, "4");
      bmd_test_remove_tree (tmp);
    }
}

/* Orders */

typedef enum
{
  OP_UPSERT,
  OP_DELETE,
} OpKind;

static void
test_upsert (void)
{
  static const struct {
    const char *what;
    OpKind op;
    const char *id;
    const char *updated_at;
    const char *pickup;
    const char *json;
    int expect;            /* a BmdUpsertResult, or the boolean for OP_DELETE */
    guint count_after;
  } steps[] = {
    { "new order", OP_UPSERT, "A", "t1", "2026-07-01T10:00:00Z", "{\"a\":1}", BMD_UPSERT_ADDED, 1 },
    { "same JSON", OP_UPSERT, "A", "t1", "2026-07-01T10:00:00Z", "{\"a\":1}", BMD_UPSERT_UNCHANGED, 1 },
    { "only updatedAt moved", OP_UPSERT, "A", "t2", "2026-07-02T10:00:00Z", "{\"a\":1}", BMD_UPSERT_UNCHANGED, 1 },
    { "content changed", OP_UPSERT, "A", "t3", "2026-07-02T10:00:00Z", "{\"a\":2}", BMD_UPSERT_UPDATED, 1 },
    { "longer JSON, same prefix", OP_UPSERT, "A", "t3", "2026-07-02T10:00:00Z", "{\"a\":2} ", BMD_UPSERT_UPDATED, 1 },
    { "shorter again", OP_UPSERT, "A", "t3", "2026-07-02T10:00:00Z", "{\"a\":2}", BMD_UPSERT_UPDATED, 1 },
    { "second order, no pickup", OP_UPSERT, "B", NULL, NULL, "{\"b\":1}", BMD_UPSERT_ADDED, 2 },
    { "delete B", OP_DELETE, "B", "2026-06-03T00:00:00Z", NULL, NULL, TRUE, 1 },
    { "delete B again", OP_DELETE, "B", "2026-06-04T00:00:00Z", NULL, NULL, FALSE, 1 },
    { "delete unknown", OP_DELETE, "Z", "2026-06-04T00:00:00Z", NULL, NULL, FALSE, 1 },
    { "B comes back unchanged", OP_UPSERT, "B", NULL, NULL, "{\"b\":1}", BMD_UPSERT_UPDATED, 2 },
    { "B again", OP_UPSERT, "B", NULL, NULL, "{\"b\":1}", BMD_UPSERT_UNCHANGED, 2 },
    { "quotes in the id", OP_UPSERT, "x'); DROP TABLE orders; --", NULL, NULL, "{}", BMD_UPSERT_ADDED, 3 },
    { "quotes again", OP_UPSERT, "x'); DROP TABLE orders; --", NULL, NULL, "{}", BMD_UPSERT_UNCHANGED, 3 },
  };
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_test_message ("step %u: %s", i, steps[i].what);

      if (steps[i].op == OP_UPSERT)
        {
          BmdUpsertResult r = bmd_store_upsert_order (store, steps[i].id, steps[i].updated_at,
                                                      steps[i].pickup, steps[i].json, &error);
          g_assert_no_error (error);
          g_assert_cmpint (r, ==, steps[i].expect);
        }
      else
        {
          gboolean r = bmd_store_mark_deleted (store, steps[i].id, steps[i].updated_at, &error);
          g_assert_no_error (error);
          g_assert_cmpint (r, ==, steps[i].expect);
        }
      g_assert_cmpuint (bmd_store_count_orders (store), ==, steps[i].count_after);
    }

  /* "only updatedAt moved" still refreshed the pickup, though it was no update. */
  ids = bmd_store_list_ids_with_pickup_since (store, "2026-07-02T00:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "A");

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

/* Same JSON and updatedAt, another pickup instant (the shop's zone changed,
 * so a wall-time pickup means another instant): not an update, but the
 * stored pickup must follow, or the sweep reads the wrong orders. */
static void
test_upsert_pickup_only (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GError) error = NULL;
  BmdUpsertResult r;

  r = bmd_store_upsert_order (store, "A", "t1", "2026-07-01T15:00:00Z", "{\"a\":1}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, BMD_UPSERT_ADDED);
  r = bmd_store_upsert_order (store, "A", "t1", "2026-07-03T15:00:00Z", "{\"a\":1}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (r, ==, BMD_UPSERT_UNCHANGED);

  later = bmd_store_list_ids_with_pickup_since (store, "2026-07-02T00:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (later, 0), ==, "A");

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

static void
test_list (void)
{
  static const struct {
    const char *id;
    const char *pickup;
    gboolean deleted;
  } orders[] = {
    { "gid://shopify/Order/30", "2026-07-03T00:00:00Z", FALSE },
    { "gid://shopify/Order/10", "2026-07-01T00:00:00Z", FALSE },
    { "gid://shopify/Order/20", NULL, FALSE },
    { "gid://shopify/Order/25", "2026-07-05T00:00:00Z", TRUE },
    { "gid://shopify/Order/40", "2026-06-30T23:59:59Z", FALSE },
  };
  static const struct {
    const char *since;
    const char *expect;
  } since_cases[] = {
    { "2000-01-01T00:00:00Z", "gid://shopify/Order/10\ngid://shopify/Order/30\ngid://shopify/Order/40\n" },
    { "2026-07-01T00:00:00Z", "gid://shopify/Order/10\ngid://shopify/Order/30\n" },
    { "2026-07-01T00:00:01Z", "gid://shopify/Order/30\n" },
    { "2026-07-04T00:00:00Z", "" },
  };
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) json = NULL;
  g_autofree char *ids_s = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autofree char *raw = g_strdup_printf ("{\"id\":\"%s\"}", orders[i].id);

      bmd_store_upsert_order (store, orders[i].id, NULL, orders[i].pickup, raw, &error);
      g_assert_no_error (error);
      if (orders[i].deleted)
        g_assert_true (bmd_store_mark_deleted (store, orders[i].id, NULL, &error));
    }

  ids = bmd_store_list_ids (store, &error);
  g_assert_no_error (error);
  ids_s = join_strings (ids);
  g_assert_cmpstr (ids_s, ==,
                   "gid://shopify/Order/10\ngid://shopify/Order/20\n"
                   "gid://shopify/Order/30\ngid://shopify/Order/40\n");

  json = bmd_store_list_order_json (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json->len, ==, ids->len);
  for (guint i = 0; i < json->len; i++)
    {
      g_autofree char *expect = g_strdup_printf ("{\"id\":\"%s\"}", (char *)g_ptr_array_index (ids, i));
      g_assert_cmpstr (g_ptr_array_index (json, i), ==, expect);
    }

  for (guint i = 0; i < G_N_ELEMENTS (since_cases); i++)
    {
      g_autoptr(GPtrArray) since = bmd_store_list_ids_with_pickup_since (store, since_cases[i].since, &error);
      g_autofree char *since_s = NULL;

      g_assert_no_error (error);
      since_s = join_strings (since);
      g_assert_cmpstr (since_s, ==, since_cases[i].expect);
    }

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

typedef struct
{
  GPtrArray *seen;
  guint stop_after;   /* 0: never */
} ForeachData;

static gboolean
collect_json_cb (const char  *id,
                 const char  *json,
                 gsize        length,
                 gpointer     user_data,
                 GError     **error)
{
  ForeachData *data = user_data;

  g_assert_cmpuint (strlen (json), ==, length);
  g_ptr_array_add (data->seen, g_strndup (json, length));
  if (data->stop_after != 0 && data->seen->len == data->stop_after)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stop here");
      return FALSE;
    }
  return TRUE;
}

/* The streaming read gives what the list gives, row by row, stops when asked,
 * and leaves the store usable (no read left open) either way. */
static void
test_foreach_json (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(BmdStore) other = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *listed_s = NULL;
  ForeachData data = { 0 };

  /* Empty store: no call. */
  data.seen = g_ptr_array_new_with_free_func (g_free);
  g_assert_true (bmd_store_foreach_order_json (store, collect_json_cb, &data, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (data.seen->len, ==, 0);

  seed_store (store, 7);
  listed = bmd_store_list_order_json (store, &error);
  g_assert_no_error (error);
  listed_s = join_strings (listed);
  g_assert_cmpuint (listed->len, ==, bmd_store_count_orders (store));

  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *seen_s = NULL;

      g_ptr_array_set_size (data.seen, 0);
      g_assert_true (bmd_store_foreach_order_json (store, collect_json_cb, &data, &error));
      g_assert_no_error (error);
      seen_s = join_strings (data.seen);
      g_assert_cmpstr (seen_s, ==, listed_s);
    }

  g_ptr_array_set_size (data.seen, 0);
  data.stop_after = 2;
  g_assert_false (bmd_store_foreach_order_json (store, collect_json_cb, &data, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (data.seen->len, ==, 2);
  g_clear_error (&error);

  /* A read left open would keep another connection's commit from being seen
   * and block checkpoints; a write through a second connection must land. */
  other = open_ok (dir);
  g_assert_true (bmd_store_begin (other, &error));
  bmd_store_upsert_order (other, "gid://shopify/Order/9999", NULL, NULL, "{\"id\":\"gid://shopify/Order/9999\"}", &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_commit (other, &error));
  g_assert_no_error (error);

  g_ptr_array_set_size (data.seen, 0);
  data.stop_after = 0;
  g_assert_true (bmd_store_foreach_order_json (store, collect_json_cb, &data, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (data.seen->len, ==, listed->len + 1);
  g_assert_cmpstr (g_ptr_array_index (data.seen, data.seen->len - 1), ==, "{\"id\":\"gid://shopify/Order/9999\"}");

  g_ptr_array_unref (data.seen);
  g_clear_object (&other);
  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

static char *
file_signature (const char *path)
{
  struct stat st;

  if (g_stat (path, &st) != 0 || st.st_size == 0)
    return g_strdup ("-");
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%ld.%09ld", (gint64) st.st_size,
                          (long) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
}

/* The app reloads when the store's files change, so opening and reading a
 * store must leave its files exactly as they were. */
static void
test_read_writes_nothing (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *db = db_path (dir);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *db_before = NULL;
  g_autofree char *db_after = NULL;
  g_autofree char *wal_after = NULL;
  g_autoptr(GError) error = NULL;
  ForeachData data = { 0 };

  {
    g_autoptr(BmdStore) store = open_ok (dir);

    seed_store (store, 5);
  }
  db_before = file_signature (db);
  g_assert_cmpstr (db_before, !=, "-");
  /* Not hiding a race: file times come from a coarse clock, and a write in
   * the same tick as the seeding would leave the time unchanged. */
  g_usleep (20000);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(BmdStore) store = open_ok (dir);
      g_autoptr(GPtrArray) days_off = NULL;

      data.seen = g_ptr_array_new_with_free_func (g_free);
      g_assert_true (bmd_store_foreach_order_json (store, collect_json_cb, &data, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (data.seen->len, ==, bmd_store_count_orders (store));
      g_clear_pointer (&data.seen, g_ptr_array_unref);
      days_off = bmd_store_list_days_off (store, &error);
      g_assert_no_error (error);
    }

  db_after = file_signature (db);
  wal_after = file_signature (wal);
  g_assert_cmpstr (db_after, ==, db_before);
  g_assert_cmpstr (wal_after, ==, "-");
  bmd_test_remove_tree (dir);
}

/* The app's snapshot holds light orders; their details come from the store
 * by id, and an order deleted since reads as NULL. */
static void
test_snapshot_details (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdSnapshot) snapshot = NULL;
  g_autoptr(GPtrArray) full = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note = g_strnfill (200, 'x');
  const char *ids[] = { "gid://shopify/Order/0002", "gid://shopify/Order/0000", "gid://shopify/Order/0001", NULL };
  GPtrArray *orders;
  guint i;

  {
    g_autoptr(BmdStore) store = open_ok (dir);

    seed_store (store, 3);
  }
  snapshot = bmd_snapshot_load (dir, NULL, NULL, BMD_PLAN_FLAGS_NONE, &error);
  g_assert_no_error (error);
  orders = bmd_snapshot_get_orders (snapshot);
  g_assert_cmpuint (orders->len, ==, 2);
  for (i = 0; i < orders->len; i++)
    {
      g_assert_false (bmd_order_has_details (g_ptr_array_index (orders, i)));
      g_assert_null (bmd_order_get_note (g_ptr_array_index (orders, i)));
    }

  full = bmd_snapshot_read_orders (snapshot, ids, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (full->len, ==, 3);
  g_assert_null (g_ptr_array_index (full, 1));
  for (i = 0; i < 3; i += 2)
    {
      BmdOrder *order = g_ptr_array_index (full, i);

      g_assert_true (bmd_order_has_details (order));
      g_assert_cmpstr (bmd_order_get_id (order), ==, ids[i]);
      g_assert_cmpstr (bmd_order_get_note (order), ==, note);
    }
  g_clear_object (&snapshot);
  bmd_test_remove_tree (dir);
}

static void
test_state (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_null (bmd_store_dup_state (store, "watermark"));

  g_assert_true (bmd_store_set_state (store, "watermark", "2026-06-01T00:00:00Z", &error));
  g_assert_no_error (error);
  value = bmd_store_dup_state (store, "watermark");
  g_assert_cmpstr (value, ==, "2026-06-01T00:00:00Z");
  g_clear_pointer (&value, g_free);

  g_assert_true (bmd_store_set_state (store, "watermark", "2026-06-02T00:00:00Z", &error));
  g_assert_true (bmd_store_set_state (store, "shop_zone", "America/Chicago", &error));
  g_assert_true (bmd_store_set_state (store, "empty", "", &error));
  g_assert_no_error (error);

  /* Survives a reopen. */
  g_clear_object (&store);
  store = open_ok (dir);
  value = bmd_store_dup_state (store, "watermark");
  g_assert_cmpstr (value, ==, "2026-06-02T00:00:00Z");
  g_clear_pointer (&value, g_free);
  value = bmd_store_dup_state (store, "shop_zone");
  g_assert_cmpstr (value, ==, "America/Chicago");
  g_clear_pointer (&value, g_free);
  value = bmd_store_dup_state (store, "empty");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  /* NULL clears a key. */
  g_assert_true (bmd_store_set_state (store, "watermark", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (bmd_store_dup_state (store, "watermark"));

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

static void
test_runs (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(BmdStoreRun) last = NULL;
  g_autoptr(GError) error = NULL;
  BmdStoreRun finish = { 0 };
  gint64 first, second, third;

  g_assert_null (bmd_store_dup_last_run (store, FALSE));
  g_assert_null (bmd_store_dup_last_run (store, TRUE));

  first = bmd_store_run_begin (store, "2026-06-01T06:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);

  last = bmd_store_dup_last_run (store, FALSE);
  g_assert_nonnull (last);
  g_assert_cmpint (last->id, ==, first);
  g_assert_cmpstr (last->started_at, ==, "2026-06-01T06:00:00Z");
  g_assert_null (last->finished_at);
  g_assert_cmpstr (last->outcome, ==, "running");
  g_clear_pointer (&last, bmd_store_run_free);
  g_assert_null (bmd_store_dup_last_run (store, TRUE));

  finish.id = first;
  finish.finished_at = (char *)"2026-06-01T06:01:00Z";
  finish.outcome = (char *)"ok";
  finish.orders_total = 120;
  finish.added = 100;
  finish.updated = 15;
  finish.deleted = 5;
  g_assert_true (bmd_store_run_finish (store, &finish, &error));
  g_assert_no_error (error);

  second = bmd_store_run_begin (store, "2026-06-02T06:00:00Z", &error);
  g_assert_no_error (error);
  g_assert_cmpint (second, >, first);
  finish = (BmdStoreRun) { .id = second, .outcome = (char *)"failed",
                           .error = (char *)"Shopify said 401" };
  g_assert_true (bmd_store_run_finish (store, &finish, &error));
  g_assert_no_error (error);

  last = bmd_store_dup_last_run (store, FALSE);
  g_assert_cmpint (last->id, ==, second);
  g_assert_cmpstr (last->outcome, ==, "failed");
  g_assert_cmpstr (last->error, ==, "Shopify said 401");
  g_assert_nonnull (last->finished_at);  /* now, filled in */
  g_clear_pointer (&last, bmd_store_run_free);

  last = bmd_store_dup_last_run (store, TRUE);
  g_assert_cmpint (last->id, ==, first);
  g_assert_cmpstr (last->finished_at, ==, "2026-06-01T06:01:00Z");
  g_assert_cmpstr (last->outcome, ==, "ok");
  g_assert_null (last->error);
  g_assert_cmpuint (last->orders_total, ==, 120);
  g_assert_cmpuint (last->added, ==, 100);
  g_assert_cmpuint (last->updated, ==, 15);
  g_assert_cmpuint (last->deleted, ==, 5);
  g_clear_pointer (&last, bmd_store_run_free);

  /* Runs are not written inside the refresh transaction. */
  g_assert_true (bmd_store_begin (store, &error));
  g_assert_cmpint (bmd_store_run_begin (store, NULL, &error), ==, 0);
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (bmd_store_run_finish (store, &finish, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED);
  g_clear_error (&error);
  bmd_store_rollback (store);

  /* An unknown run is an error, not silence. */
  finish = (BmdStoreRun) { .id = 999, .outcome = (char *)"ok" };
  g_assert_false (bmd_store_run_finish (store, &finish, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* Ids keep growing: AUTOINCREMENT never reuses one. */
  third = bmd_store_run_begin (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (third, >, second);

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

static void
test_days_off (void)
{
  static const struct {
    const char *date;
    gboolean off;
    gboolean valid;
    const char *list_after;
  } steps[] = {
    { "2026-07-04", TRUE, TRUE, "2026-07-04\n" },
    { "2026-01-01", TRUE, TRUE, "2026-01-01\n2026-07-04\n" },
    { "2026-07-04", TRUE, TRUE, "2026-01-01\n2026-07-04\n" },
    { "2026-12-25", FALSE, TRUE, "2026-01-01\n2026-07-04\n" },
    { "2026-07-04", FALSE, TRUE, "2026-01-01\n" },
    { "2028-02-29", TRUE, TRUE, "2026-01-01\n2028-02-29\n" },
    { "2026-02-29", TRUE, FALSE, "2026-01-01\n2028-02-29\n" },
    { "2026-13-01", TRUE, FALSE, "2026-01-01\n2028-02-29\n" },
    { "2026-7-4", TRUE, FALSE, "2026-01-01\n2028-02-29\n" },
    { "", TRUE, FALSE, "2026-01-01\n2028-02-29\n" },
    { "2026-01-01T00:00:00Z", TRUE, FALSE, "2026-01-01\n2028-02-29\n" },
  };
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) days = NULL;
      g_autofree char *days_s = NULL;
      gboolean ok;

      g_test_message ("step %u: %s %s", i, steps[i].off ? "mark" : "unmark", steps[i].date);
      ok = bmd_store_set_day_off (store, steps[i].date, steps[i].off, &error);
      if (steps[i].valid)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED);
          g_assert_false (ok);
          g_clear_error (&error);
        }

      days = bmd_store_list_days_off (store, &error);
      g_assert_no_error (error);
      days_s = join_strings (days);
      g_assert_cmpstr (days_s, ==, steps[i].list_after);
    }

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

/* Transactions */

static void
test_rollback (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(BmdStoreRun) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;
  BmdStoreRun finish = { 0 };
  gint64 run_id;

  seed_store (store, 20);
  before = snapshot_store (store);

  run_id = bmd_store_run_begin (store, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (bmd_store_in_transaction (store));
  g_assert_true (bmd_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (bmd_store_in_transaction (store));

  /* A second begin is a caller bug, reported as an error. */
  g_assert_false (bmd_store_begin (store, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpint (bmd_store_upsert_order (store, "gid://shopify/Order/new", NULL, NULL, "{}", &error),
                   ==, BMD_UPSERT_ADDED);
  g_assert_cmpint (bmd_store_upsert_order (store, "gid://shopify/Order/0003", NULL, NULL, "{\"x\":1}", &error),
                   ==, BMD_UPSERT_UPDATED);
  g_assert_cmpint (bmd_store_upsert_order (store, "gid://shopify/Order/0000", NULL, NULL, "{}", &error),
                   ==, BMD_UPSERT_UPDATED);
  g_assert_true (bmd_store_mark_deleted (store, "gid://shopify/Order/0005", NULL, &error));
  g_assert_true (bmd_store_set_state (store, "watermark", "later", &error));
  g_assert_true (bmd_store_set_day_off (store, "2026-07-04", FALSE, &error));
  g_assert_true (bmd_store_set_day_off (store, "2026-07-05", TRUE, &error));
  g_assert_no_error (error);

  during = snapshot_store (store);
  g_assert_cmpstr (during, !=, before);

  bmd_store_rollback (store);
  g_assert_false (bmd_store_in_transaction (store));
  bmd_store_rollback (store);  /* harmless when nothing is open */

  after = snapshot_store (store);
  g_assert_cmpstr (after, ==, before);

  /* Commit without begin is a caller bug too. */
  g_assert_false (bmd_store_commit (store, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED);
  g_clear_error (&error);

  /* The failed run is still on record. */
  finish = (BmdStoreRun) { .id = run_id, .outcome = (char *)"failed", .error = (char *)"rolled back" };
  g_assert_true (bmd_store_run_finish (store, &finish, &error));
  g_assert_no_error (error);
  last = bmd_store_dup_last_run (store, FALSE);
  g_assert_cmpint (last->id, ==, run_id);
  g_assert_cmpstr (last->outcome, ==, "failed");

  /* Dropping the store mid-transaction rolls back too. */
  g_assert_true (bmd_store_begin (store, &error));
  g_assert_cmpint (bmd_store_upsert_order (store, "gid://shopify/Order/other", NULL, NULL, "{}", &error),
                   ==, BMD_UPSERT_ADDED);
  g_assert_no_error (error);
  g_clear_object (&store);

  store = open_ok (dir);
  g_clear_pointer (&after, g_free);
  after = snapshot_store (store);
  g_assert_cmpstr (after, ==, before);

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
}

/* The child: a refresh that writes a lot inside one transaction, holding the
 * refresh lock, and is killed before it can commit. */
static int
child_refresh (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (dir, &error);
  guint i;

  if (store == NULL ||
      !bmd_store_lock_refresh (store, FALSE, &error) ||
      !bmd_store_begin (store, &error))
    goto fail;

  /* Changes to what is already there: an update, a deletion, state, days off. */
  bmd_store_upsert_order (store, "gid://shopify/Order/0001", NULL, NULL, "{\"changed\":true}", &error);
  if (error != NULL ||
      !bmd_store_mark_deleted (store, "gid://shopify/Order/0002", NULL, &error) ||
      !bmd_store_set_state (store, "watermark", "child", &error) ||
      !bmd_store_set_day_off (store, "2026-07-04", FALSE, &error))
    goto fail;

  /* New orders, CHILD_READY_AFTER of them before telling the parent, then
   * more until killed; the bound only stops a runaway child whose parent died. */
  for (i = 0; i < 2000000; i++)
    {
      g_autofree char *id = g_strdup_printf ("gid://shopify/Order/child-%06u", i % 50000);
      g_autofree char *json = make_order_json (id, i, 2000);

      bmd_store_upsert_order (store, id, NULL, "2026-08-01T00:00:00Z", json, &error);
      if (error != NULL)
        goto fail;

      if (i + 1 == CHILD_READY_AFTER)
        {
          if (write (STDOUT_FILENO, "ready\n", 6) != 6)
            return 3;
        }
    }

  /* Never commits. */
  return 4;

fail:
  {
    g_autofree char *line = g_strdup_printf ("error %s\n", error != NULL ? error->message : "?");
    if (write (STDOUT_FILENO, line, strlen (line)) < 0)
      return 5;
  }
  return 2;
}

static char *
read_line_fd (int fd)
{
  GString *line = g_string_new (NULL);
  char c;

  for (;;)
    {
      ssize_t n = read (fd, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0 || c == '\n')
        break;
      g_string_append_c (line, c);
    }
  return g_string_free (line, FALSE);
}

static void
test_kill_mid_transaction (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) store = open_ok (dir);
  g_autoptr(BmdStore) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *line = NULL;
  const char *argv[] = { self_exe, CHILD_FLAG, dir, NULL };
  GPid pid;
  int out_fd = -1;
  int status = 0;

  g_assert_nonnull (self_exe);
  seed_store (store, 50);
  before = snapshot_store (store);

  g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            NULL, NULL, &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  line = read_line_fd (out_fd);
  g_assert_cmpstr (line, ==, "ready");

  /* The child holds the refresh lock. */
  g_assert_false (bmd_store_lock_refresh (store, FALSE, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_BUSY);
  g_clear_error (&error);

  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_spawn_close_pid (pid);
  close (out_fd);

  {
    /* Uncommitted pages that spilled from the child's cache are in the WAL. */
    g_autofree char *wal = g_strconcat (bmd_store_get_path (store), "-wal", NULL);
    GStatBuf st;

    if (g_stat (wal, &st) == 0)
      g_test_message ("WAL after the kill: %" G_GINT64_FORMAT " bytes", (gint64)st.st_size);
  }

  /* The kernel released the dead child's lock. */
  g_assert_true (bmd_store_lock_refresh (store, FALSE, &error));
  g_assert_no_error (error);
  bmd_store_unlock_refresh (store);

  /* A connection that was open all along, and a new one, see the old data. */
  after = snapshot_store (store);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  reopened = open_ok (dir);
  after = snapshot_store (reopened);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (bmd_store_check_integrity (reopened, &error));
  g_assert_no_error (error);

  /* And the store still takes a refresh. */
  g_assert_true (bmd_store_begin (reopened, &error));
  g_assert_cmpint (bmd_store_upsert_order (reopened, "gid://shopify/Order/0001", NULL, NULL, "{}", &error),
                   ==, BMD_UPSERT_UPDATED);
  g_assert_true (bmd_store_commit (reopened, &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  g_clear_object (&reopened);
  bmd_test_remove_tree (dir);
}

/* Locking */

typedef struct
{
  BmdStore *store;
  gboolean locked;
  GError *error;
  int done;
} LockWaiter;

static gpointer
lock_waiter_thread (gpointer data)
{
  LockWaiter *waiter = data;

  waiter->locked = bmd_store_lock_refresh (waiter->store, TRUE, &waiter->error);
  g_atomic_int_set (&waiter->done, 1);
  return NULL;
}

static void
test_lock (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) first = open_ok (dir);
  g_autoptr(BmdStore) second = open_ok (dir);
  g_autoptr(GError) error = NULL;
  LockWaiter waiter = { 0 };
  GThread *thread;

  g_assert_true (bmd_store_lock_refresh (first, FALSE, &error));
  g_assert_no_error (error);
  /* Locking again while holding it is fine. */
  g_assert_true (bmd_store_lock_refresh (first, FALSE, &error));
  g_assert_no_error (error);

  g_assert_false (bmd_store_lock_refresh (second, FALSE, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* The waiter blocks in flock() until the first store lets go: while the
   * first holds the lock, the waiter cannot have finished. */
  waiter.store = second;
  thread = g_thread_new ("lock-waiter", lock_waiter_thread, &waiter);
  g_assert_cmpint (g_atomic_int_get (&waiter.done), ==, 0);
  bmd_store_unlock_refresh (first);
  g_thread_join (thread);

  g_assert_no_error (waiter.error);
  g_assert_true (waiter.locked);

  g_assert_false (bmd_store_lock_refresh (first, FALSE, &error));
  g_assert_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_BUSY);
  g_clear_error (&error);

  /* Finalizing the holder releases the lock. */
  g_clear_object (&second);
  g_assert_true (bmd_store_lock_refresh (first, FALSE, &error));
  g_assert_no_error (error);
  bmd_store_unlock_refresh (first);
  bmd_store_unlock_refresh (first);  /* harmless twice */

  g_clear_object (&first);
  bmd_test_remove_tree (dir);
}

static void
test_data_version (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autoptr(BmdStore) ui = open_ok (dir);
  g_autoptr(BmdStore) worker = open_ok (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 v0, v1, v2;

  v0 = bmd_store_get_data_version (ui);
  g_assert_cmpint (v0, ==, bmd_store_get_data_version (ui));

  /* Uncommitted work of another connection changes nothing. */
  g_assert_true (bmd_store_begin (worker, &error));
  bmd_store_upsert_order (worker, "gid://shopify/Order/1", NULL, NULL, "{}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bmd_store_get_data_version (ui), ==, v0);
  g_assert_cmpuint (bmd_store_count_orders (ui), ==, 0);

  g_assert_true (bmd_store_commit (worker, &error));
  g_assert_no_error (error);
  v1 = bmd_store_get_data_version (ui);
  g_assert_cmpint (v1, !=, v0);
  g_assert_cmpuint (bmd_store_count_orders (ui), ==, 1);

  /* An autocommit write counts as a commit too. */
  g_assert_true (bmd_store_set_state (worker, "watermark", "w", &error));
  g_assert_no_error (error);
  v2 = bmd_store_get_data_version (ui);
  g_assert_cmpint (v2, !=, v1);
  value = bmd_store_dup_state (ui, "watermark");
  g_assert_cmpstr (value, ==, "w");

  g_clear_object (&ui);
  g_clear_object (&worker);
  bmd_test_remove_tree (dir);
}

static guint
mode_of (const char *dir,
         const char *name)
{
  g_autofree char *path = name != NULL ? g_build_filename (dir, name, NULL) : g_strdup (dir);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

/* The warehouse holds customers' names, emails and phones: it was made 0644
 * in a folder others could list. Under a permissive umask too. */
static void
test_private_files (void)
{
  g_autofree char *parent = g_dir_make_tmp ("bmd-store-XXXXXX", NULL);
  g_autofree char *fresh = g_build_filename (parent, "fresh", NULL);
  g_autofree char *old = g_build_filename (parent, "old", NULL);
  g_autofree char *old_db = g_build_filename (old, "bakemyday.sqlite3", NULL);
  g_autofree char *old_wal = g_build_filename (old, "bakemyday.sqlite3-wal", NULL);
  const char *dirs[] = { fresh, old };
  const BmdTestOrder specs[] = { { "#1", "Ann Lee", "deposit", "2026-07-01", "PAID" }, { NULL } };
  mode_t mask = umask (0022);
  guint i;

  /* A folder and files an older version made. */
  g_assert_cmpint (g_mkdir (old, 0755), ==, 0);
  g_assert_true (g_file_set_contents (old_db, "", 0, NULL));
  g_assert_true (g_file_set_contents (old_wal, "", 0, NULL));
  g_assert_cmpint (g_chmod (old_db, 0644), ==, 0);
  g_assert_cmpint (g_chmod (old_wal, 0644), ==, 0);

  for (i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autoptr(BmdStore) store = NULL;
      g_autoptr(GError) error = NULL;

      bmd_test_store_orders (dirs[i], specs, "2026-06-01T12:00:00Z");
      /* Open, so that the WAL and its index exist. */
      store = bmd_store_open (dirs[i], &error);
      g_assert_no_error (error);
      g_test_message ("%s", dirs[i]);
      g_assert_cmpuint (mode_of (dirs[i], NULL), ==, 0700);
      g_assert_cmpuint (mode_of (dirs[i], "bakemyday.sqlite3"), ==, 0600);
      g_assert_cmpuint (mode_of (dirs[i], "bakemyday.sqlite3-wal"), ==, 0600);
      g_assert_cmpuint (mode_of (dirs[i], "bakemyday.sqlite3-shm"), ==, 0600);
    }
  umask (mask);
  bmd_test_remove_tree (parent);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], CHILD_FLAG))
    return child_refresh (argv[2]);

  self_exe = argv[0];
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/store/open/create", test_open_create);
  g_test_add_func ("/bmd/store/open/private-files", test_private_files);
  g_test_add_func ("/bmd/store/open/migrate-v0", test_open_migrate_v0);
  g_test_add_func ("/bmd/store/open/migrate-v3-side-tables", test_open_migrate_v3_side_tables);
  g_test_add_func ("/bmd/store/open/errors", test_open_errors);
  g_test_add_func ("/bmd/store/open/concurrent", test_open_concurrent);
  g_test_add_func ("/bmd/store/open/permission-denied", test_open_permission_denied);
  g_test_add_func ("/bmd/store/upsert", test_upsert);
  g_test_add_func ("/bmd/store/upsert-pickup-only", test_upsert_pickup_only);
  g_test_add_func ("/bmd/store/read-writes-nothing", test_read_writes_nothing);
  g_test_add_func ("/bmd/store/snapshot-details", test_snapshot_details);
  g_test_add_func ("/bmd/store/list", test_list);
  g_test_add_func ("/bmd/store/foreach-json", test_foreach_json);
  g_test_add_func ("/bmd/store/state", test_state);
  g_test_add_func ("/bmd/store/runs", test_runs);
  g_test_add_func ("/bmd/store/days-off", test_days_off);
  g_test_add_func ("/bmd/store/rollback", test_rollback);
  g_test_add_func ("/bmd/store/kill-mid-transaction", test_kill_mid_transaction);
  g_test_add_func ("/bmd/store/lock", test_lock);
  g_test_add_func ("/bmd/store/data-version", test_data_version);

  return g_test_run ();
}
