#define G_LOG_DOMAIN "bmd-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bmd-pickup.h"
#include "bmd-store-private.h"

/* How long a statement waits for another connection's lock. */
#define BUSY_TIMEOUT_MS 10000

/* The page cache limit in KiB (negative), for PRAGMA cache_size. */
#define STORE_CACHE_SIZE "-16384"

/* Every statement the store runs, prepared once and kept on the object.
 * Values are always bound, never pasted into the SQL. */
typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_GET_ORDER,
  STMT_INSERT_ORDER,
  STMT_UPDATE_ORDER,
  STMT_TOUCH_ORDER,
  STMT_MARK_DELETED,
  STMT_COUNT_ORDERS,
  STMT_LIST_IDS,
  STMT_LIST_IDS_PICKUP,
  STMT_LIST_JSON,
  STMT_GET_STATE,
  STMT_SET_STATE,
  STMT_DELETE_STATE,
  STMT_RUN_BEGIN,
  STMT_RUN_FINISH,
  STMT_LAST_RUN,
  STMT_LAST_OK_RUN,
  STMT_ADD_DAY_OFF,
  STMT_REMOVE_DAY_OFF,
  STMT_LIST_DAYS_OFF,
  STMT_DATA_VERSION,
  N_STMTS
} StmtId;

typedef struct
{
  const char *sql;
  const char *purpose;  /* completes "Could not …" in error messages */
} StmtInfo;

static const StmtInfo stmt_info[N_STMTS] = {
  [STMT_BEGIN] = { "BEGIN IMMEDIATE", "start a transaction" },
  [STMT_COMMIT] = { "COMMIT", "commit the transaction" },
  [STMT_ROLLBACK] = { "ROLLBACK", "roll back the transaction" },
  [STMT_GET_ORDER] = {
    "SELECT raw, deleted_at, updated_at, pickup_utc FROM orders WHERE id = ?1",
    "read an order" },
  [STMT_INSERT_ORDER] = {
    "INSERT INTO orders (id, updated_at, pickup_utc, raw, deleted_at, first_seen_at, stored_at) "
    "VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?5)",
    "add an order" },
  [STMT_UPDATE_ORDER] = {
    "UPDATE orders SET updated_at = ?2, pickup_utc = ?3, raw = ?4, deleted_at = NULL, stored_at = ?5 "
    "WHERE id = ?1",
    "update an order" },
  [STMT_TOUCH_ORDER] = {
    "UPDATE orders SET updated_at = ?2, pickup_utc = ?3 WHERE id = ?1",
    "update an order's timestamps" },
  [STMT_MARK_DELETED] = {
    "UPDATE orders SET deleted_at = ?2, stored_at = ?3 WHERE id = ?1 AND deleted_at IS NULL",
    "mark an order deleted" },
  [STMT_COUNT_ORDERS] = {
    "SELECT count(*) FROM orders WHERE deleted_at IS NULL",
    "count the orders" },
  [STMT_LIST_IDS] = {
    "SELECT id FROM orders WHERE deleted_at IS NULL ORDER BY id",
    "list the orders" },
  [STMT_LIST_IDS_PICKUP] = {
    "SELECT id FROM orders WHERE deleted_at IS NULL AND pickup_utc >= ?1 ORDER BY id",
    "list the orders by pickup" },
  [STMT_LIST_JSON] = {
    "SELECT raw FROM orders WHERE deleted_at IS NULL ORDER BY id",
    "read the orders" },
  [STMT_GET_STATE] = {
    "SELECT value FROM sync_state WHERE key = ?1",
    "read the sync state" },
  [STMT_SET_STATE] = {
    "INSERT INTO sync_state (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    "save the sync state" },
  [STMT_DELETE_STATE] = {
    "DELETE FROM sync_state WHERE key = ?1",
    "clear the sync state" },
  [STMT_RUN_BEGIN] = {
    "INSERT INTO runs (started_at, outcome) VALUES (?1, 'running')",
    "record the start of a run" },
  [STMT_RUN_FINISH] = {
    "UPDATE runs SET finished_at = ?2, outcome = ?3, error = ?4, orders_total = ?5, "
    "added = ?6, updated = ?7, deleted = ?8 WHERE id = ?1",
    "record the end of a run" },
  [STMT_LAST_RUN] = {
    "SELECT id, started_at, finished_at, outcome, error, orders_total, added, updated, deleted "
    "FROM runs ORDER BY id DESC LIMIT 1",
    "read the last run" },
  [STMT_LAST_OK_RUN] = {
    "SELECT id, started_at, finished_at, outcome, error, orders_total, added, updated, deleted "
    "FROM runs WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1",
    "read the last successful run" },
  [STMT_ADD_DAY_OFF] = {
    "INSERT OR IGNORE INTO days_off (date) VALUES (?1)",
    "mark a day off" },
  [STMT_REMOVE_DAY_OFF] = {
    "DELETE FROM days_off WHERE date = ?1",
    "unmark a day off" },
  [STMT_LIST_DAYS_OFF] = {
    "SELECT date FROM days_off ORDER BY date",
    "list the days off" },
  [STMT_DATA_VERSION] = { "PRAGMA data_version", "read the data version" },
};

/* The schema, one entry per version: migrations[N - 1] takes a version N - 1
 * file to version N. Adding version 2 is adding one entry (and bumping
 * _BMD_STORE_SCHEMA_VERSION); each runs inside the migration transaction. */
static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE orders ("
  "  id            TEXT PRIMARY KEY NOT NULL,"
  "  updated_at    TEXT,"
  "  pickup_utc    TEXT,"
  "  raw           TEXT NOT NULL,"
  "  deleted_at    TEXT,"
  "  first_seen_at TEXT NOT NULL,"
  "  stored_at     TEXT NOT NULL"
  ");"
  "CREATE INDEX orders_pickup ON orders (pickup_utc) WHERE deleted_at IS NULL;"
  "CREATE TABLE sync_state ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT"
  ");"
  "CREATE TABLE runs ("
  "  id           INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  started_at   TEXT NOT NULL,"
  "  finished_at  TEXT,"
  "  outcome      TEXT NOT NULL DEFAULT 'running',"
  "  error        TEXT,"
  "  orders_total INTEGER NOT NULL DEFAULT 0,"
  "  added        INTEGER NOT NULL DEFAULT 0,"
  "  updated      INTEGER NOT NULL DEFAULT 0,"
  "  deleted      INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE TABLE days_off ("
  "  date TEXT PRIMARY KEY NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == _BMD_STORE_SCHEMA_VERSION);

struct _BmdStore
{
  GObject parent_instance;

  char *data_dir;
  char *path;
  sqlite3 *db;
  sqlite3_stmt *stmts[N_STMTS];
  int lock_fd;
};

G_DEFINE_FINAL_TYPE (BmdStore, bmd_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (bmd-store-error-quark, bmd_store_error)

static int
map_sqlite_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return BMD_STORE_ERROR_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return BMD_STORE_ERROR_BUSY;
    default:
      return BMD_STORE_ERROR_FAILED;
    }
}

static void
set_sqlite_error (BmdStore    *self,
                  GError     **error,
                  int          rc,
                  const char  *purpose)
{
  g_assert (purpose != NULL);

  g_set_error (error, BMD_STORE_ERROR, map_sqlite_code (rc),
               "Could not %s in %s: %s",
               purpose, self->path,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
}

/* Returns the cached statement, reset and with no bindings. */
static sqlite3_stmt *
get_stmt (BmdStore  *self,
          StmtId     id,
          GError   **error)
{
  g_assert (id < N_STMTS);
  g_assert (self->db != NULL);

  if (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_info[id].sql, -1,
                                   SQLITE_PREPARE_PERSISTENT, &self->stmts[id], NULL);

      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, error, rc, stmt_info[id].purpose);
          g_clear_pointer (&self->stmts[id], sqlite3_finalize);
          return NULL;
        }
    }

  return self->stmts[id];
}

/* Ends the statement's read (or write) so it holds no snapshot open, and drops
 * the bindings, which point at the caller's strings. */
static void
release_stmt (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *value)
{
  /* SQLITE_STATIC: every statement is released before the caller's strings go. */
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* Runs a statement that returns no rows. */
static gboolean
run_stmt (BmdStore      *self,
          sqlite3_stmt  *stmt,
          StmtId         id,
          GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, rc, stmt_info[id].purpose);
      release_stmt (stmt);
      return FALSE;
    }

  release_stmt (stmt);
  return TRUE;
}

static gboolean
exec_simple (BmdStore    *self,
             StmtId       id,
             GError     **error)
{
  sqlite3_stmt *stmt = get_stmt (self, id, error);

  if (stmt == NULL)
    return FALSE;
  return run_stmt (self, stmt, id, error);
}

/* A one-column text list. @bind_value, if not NULL, is bound to ?1. */
static GPtrArray *
list_strings (BmdStore    *self,
              StmtId       id,
              const char  *bind_value,
              GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = get_stmt (self, id, error)))
    return NULL;
  if (bind_value != NULL)
    bind_text (stmt, 1, bind_value);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 0);
      int len = sqlite3_column_bytes (stmt, 0);

      g_ptr_array_add (list, g_strndup (text != NULL ? text : "", len));
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, rc, stmt_info[id].purpose);
      release_stmt (stmt);
      return NULL;
    }

  release_stmt (stmt);
  return g_steal_pointer (&list);
}

/* Runs a one-off statement (pragmas at open, migrations). */
static gboolean
exec_sql (BmdStore    *self,
          const char  *sql,
          const char  *purpose,
          GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, error, rc, purpose);
      return FALSE;
    }
  return TRUE;
}

/* Runs @sql, which must give a row; the caller reads its first column and
 * finalizes the statement. NULL with @error set otherwise. */
static sqlite3_stmt *
query_row (BmdStore    *self,
           const char  *sql,
           const char  *purpose,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (self, error, rc, purpose);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

static gboolean
query_int (BmdStore    *self,
           const char  *sql,
           const char  *purpose,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = query_row (self, sql, purpose, error);

  if (stmt == NULL)
    return FALSE;
  *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static gboolean
query_text (BmdStore    *self,
            const char  *sql,
            const char  *purpose,
            char       **out,
            GError     **error)
{
  sqlite3_stmt *stmt = query_row (self, sql, purpose, error);

  if (stmt == NULL)
    return FALSE;
  *out = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return TRUE;
}

static void
set_newer_version_error (BmdStore  *self,
                         gint64     version,
                         GError   **error)
{
  g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_VERSION,
               "%s was made by a newer version of Bake My Day (schema %" G_GINT64_FORMAT
               ", this version reads up to %d)",
               self->path, version, _BMD_STORE_SCHEMA_VERSION);
}

/* Refuses files that are not SQLite, belong to someone else, or come from a
 * newer app, before anything is written to them. Returns the file's schema
 * version and application id as it found them. */
static gboolean
check_file (BmdStore  *self,
            gint64    *out_version,
            gint64    *out_app_id,
            GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 n_objects = 0;
  int rc;

  /* One statement, so one snapshot: another process may be creating the
   * store right now, and its schema and marks must be seen together. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT (SELECT application_id FROM pragma_application_id ()),"
                           "       (SELECT user_version FROM pragma_user_version ()),"
                           "       (SELECT count(*) FROM sqlite_schema)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      if (map_sqlite_code (rc) == BMD_STORE_ERROR_CORRUPT)
        g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_CORRUPT,
                     "%s is not a Bake My Day store: %s",
                     self->path, sqlite3_errmsg (self->db));
      else
        g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                     "Could not open %s: %s", self->path, sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return FALSE;
    }

  app_id = sqlite3_column_int64 (stmt, 0);
  version = sqlite3_column_int64 (stmt, 1);
  n_objects = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);

  if (app_id != _BMD_STORE_APPLICATION_ID &&
      (app_id != 0 || version != 0 || n_objects != 0))
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_CORRUPT,
                   "%s is not a Bake My Day store: it is a SQLite database of another program",
                   self->path);
      return FALSE;
    }

  if (version > _BMD_STORE_SCHEMA_VERSION)
    {
      set_newer_version_error (self, version, error);
      return FALSE;
    }

  *out_version = version;
  *out_app_id = app_id;
  return TRUE;
}

/* @found_version and @found_app_id: what check_file() read. */
static gboolean
migrate (BmdStore  *self,
         gint64     found_version,
         gint64     found_app_id,
         GError   **error)
{
  gint64 version = 0;
  gint64 app_id = 0;

  /* A store that is current needs no write lock: readers (the app's loads,
   * its details pane) must not wait behind a refresh's write transaction. */
  if (found_version == _BMD_STORE_SCHEMA_VERSION && found_app_id == _BMD_STORE_APPLICATION_ID)
    return TRUE;

  /* IMMEDIATE: two processes opening a new store at once migrate one after
   * the other, and the second finds nothing left to do (so the marks are
   * read again under the lock). */
  if (!exec_sql (self, "BEGIN IMMEDIATE", "start the schema migration", error))
    return FALSE;

  if (!query_int (self, "PRAGMA user_version", "read the schema version", &version, error))
    goto fail;

  if (version > _BMD_STORE_SCHEMA_VERSION)
    {
      set_newer_version_error (self, version, error);
      goto fail;
    }

  for (; version < _BMD_STORE_SCHEMA_VERSION; version++)
    {
      /* Pragmas take no parameters; the version is our own integer. */
      g_autofree char *set_version = NULL;
      g_autofree char *purpose = NULL;

      set_version = g_strdup_printf ("PRAGMA user_version = %d", (int)version + 1);
      purpose = g_strdup_printf ("migrate the schema to version %d", (int)version + 1);

      if (!exec_sql (self, migrations[version], purpose, error) ||
          !exec_sql (self, set_version, purpose, error))
        goto fail;
    }

  /* Setting the id rewrites the file's first page even when the value is the
   * same: only when it differs. */
  if (!query_int (self, "PRAGMA application_id", "read the application id", &app_id, error))
    goto fail;
  if (app_id != _BMD_STORE_APPLICATION_ID)
    {
      g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                     _BMD_STORE_APPLICATION_ID);

      if (!exec_sql (self, set_app_id, "mark the file as a Bake My Day store", error))
        goto fail;
    }

  if (!exec_sql (self, "COMMIT", "commit the schema migration", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Leaving rollback-journal mode needs an exclusive lock, and SQLite does not
 * call the busy handler for it (it may hold a shared lock, and waiting could
 * deadlock), so a store created by two processes at once retries here. Only
 * a new file takes this path: an existing store is already in WAL mode. */
static gboolean
set_wal_mode (BmdStore  *self,
              char     **journal_mode,
              GError   **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * 1000;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      if (query_text (self, "PRAGMA journal_mode = WAL", "switch to WAL mode",
                      journal_mode, &local_error))
        return TRUE;

      if (!g_error_matches (local_error, BMD_STORE_ERROR, BMD_STORE_ERROR_BUSY) ||
          g_get_monotonic_time () > deadline)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      sqlite3_sleep (5);
    }
}

/* Whatever goes wrong while opening is BMD_STORE_ERROR_OPEN, except what the
 * caller must tell apart: a damaged or foreign file, a newer schema. */
static void
make_open_error (GError **error)
{
  if (error == NULL || *error == NULL)
    return;

  if (!g_error_matches (*error, BMD_STORE_ERROR, BMD_STORE_ERROR_CORRUPT) &&
      !g_error_matches (*error, BMD_STORE_ERROR, BMD_STORE_ERROR_VERSION))
    (*error)->code = BMD_STORE_ERROR_OPEN;
}

static gboolean
open_database (BmdStore  *self,
               GError   **error)
{
  g_autofree char *journal_mode = NULL;
  gint64 found_version = 0;
  gint64 found_app_id = 0;
  int rc;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                   "Could not create the data directory %s: %s",
                   self->data_dir, g_strerror (errsv));
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                   "Could not open %s: %s", self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  /* The worker and the UI each have a connection; short waits are normal. */
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);

  if (!check_file (self, &found_version, &found_app_id, error))
    return FALSE;

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                   "Could not open %s: the file is read-only", self->path);
      return FALSE;
    }

  if (!set_wal_mode (self, &journal_mode, error))
    {
      make_open_error (error);
      return FALSE;
    }
  if (g_ascii_strcasecmp (journal_mode, "wal") != 0)
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                   "Could not open %s: WAL mode is not available (journal mode %s)",
                   self->path, journal_mode);
      return FALSE;
    }

  /* A bigger page cache than SQLite's 2 MB default keeps a full refresh's
   * pages in memory instead of spilling them to the WAL mid-transaction. It is
   * a limit, not an allocation.
   *
   * In WAL mode, NORMAL syncs at checkpoints rather than at every commit: a
   * power cut may lose the last committed refresh, but it never corrupts the
   * file, and a crash or kill of the process loses nothing committed. */
  if (!exec_sql (self,
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA cache_size = " STORE_CACHE_SIZE ";",
                 "configure the connection", error) ||
      !migrate (self, found_version, found_app_id, error))
    {
      make_open_error (error);
      return FALSE;
    }

  return TRUE;
}

static void
bmd_store_finalize (GObject *object)
{
  BmdStore *self = (BmdStore *)object;

  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);

  bmd_store_unlock_refresh (self);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (bmd_store_parent_class)->finalize (object);
}

static void
bmd_store_class_init (BmdStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_store_finalize;
}

static void
bmd_store_init (BmdStore *self)
{
  self->lock_fd = -1;
}

void
bmd_store_run_free (BmdStoreRun *run)
{
  if (run == NULL)
    return;

  g_free (run->started_at);
  g_free (run->finished_at);
  g_free (run->outcome);
  g_free (run->error);
  g_free (run);
}

BmdStore *
bmd_store_open (const char  *data_dir,
                GError     **error)
{
  g_autoptr(BmdStore) self = NULL;

  g_return_val_if_fail (data_dir != NULL && *data_dir != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (BMD_TYPE_STORE, NULL);
  self->data_dir = g_strdup (data_dir);
  self->path = g_build_filename (data_dir, _BMD_STORE_FILE_NAME, NULL);

  if (!open_database (self, error))
    return NULL;

  g_debug ("Opened %s", self->path);
  return g_steal_pointer (&self);
}

const char *
bmd_store_get_data_dir (BmdStore *self)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);

  return self->data_dir;
}

const char *
bmd_store_get_path (BmdStore *self)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);

  return self->path;
}

int
bmd_store_get_schema_version (BmdStore *self)
{
  g_return_val_if_fail (BMD_IS_STORE (self), 0);

  /* A store that opens has been brought to this version. */
  return _BMD_STORE_SCHEMA_VERSION;
}

/* flock (not fcntl) locks belong to the open file description, so two stores
 * in one process exclude each other too; the kernel drops the lock when the
 * process dies, however it dies. */
gboolean
bmd_store_lock_refresh (BmdStore  *self,
                        gboolean   wait,
                        GError   **error)
{
  g_autofree char *lock_path = NULL;
  int fd;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->lock_fd >= 0)
    return TRUE;

  lock_path = g_build_filename (self->data_dir, _BMD_STORE_LOCK_NAME, NULL);
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_OPEN,
                   "Could not open the refresh lock %s: %s", lock_path, g_strerror (errsv));
      return FALSE;
    }

  do
    rc = flock (fd, LOCK_EX | (wait ? 0 : LOCK_NB));
  while (rc != 0 && errno == EINTR);

  if (rc != 0)
    {
      int errsv = errno;

      close (fd);
      if (errsv == EWOULDBLOCK)
        g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_BUSY,
                     "Another refresh is running on %s", self->data_dir);
      else
        g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
                     "Could not lock %s: %s", lock_path, g_strerror (errsv));
      return FALSE;
    }

  self->lock_fd = fd;
  return TRUE;
}

void
bmd_store_unlock_refresh (BmdStore *self)
{
  g_return_if_fail (BMD_IS_STORE (self));

  if (self->lock_fd < 0)
    return;

  flock (self->lock_fd, LOCK_UN);
  close (self->lock_fd);
  self->lock_fd = -1;
}

gboolean
bmd_store_begin (BmdStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
                   "Could not start a transaction in %s: one is already open", self->path);
      return FALSE;
    }

  /* IMMEDIATE takes the write lock now, so a refresh cannot fail half-way
   * because another connection started writing first. */
  return exec_simple (self, STMT_BEGIN, error);
}

gboolean
bmd_store_commit (BmdStore  *self,
                  GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
                   "Could not commit in %s: no transaction is open", self->path);
      return FALSE;
    }

  /* On failure the transaction stays open; the caller rolls back. */
  return exec_simple (self, STMT_COMMIT, error);
}

void
bmd_store_rollback (BmdStore *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (BMD_IS_STORE (self));

  /* SQLite may already have rolled back by itself (after an I/O error or a
   * full disk); then there is nothing left to do. */
  if (sqlite3_get_autocommit (self->db))
    return;

  if (!exec_simple (self, STMT_ROLLBACK, &error))
    g_debug ("%s", error->message);
}

gboolean
bmd_store_in_transaction (BmdStore *self)
{
  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);

  return !sqlite3_get_autocommit (self->db);
}

BmdUpsertResult
bmd_store_upsert_order (BmdStore    *self,
                        const char  *id,
                        const char  *updated_at,
                        const char  *pickup_utc,
                        const char  *raw_json,
                        GError     **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;
  gboolean content_changed = FALSE;
  gboolean times_changed = FALSE;
  StmtId write_id;
  BmdUpsertResult result;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), BMD_UPSERT_UNCHANGED);
  g_return_val_if_fail (id != NULL, BMD_UPSERT_UNCHANGED);
  g_return_val_if_fail (raw_json != NULL, BMD_UPSERT_UNCHANGED);
  g_return_val_if_fail (error == NULL || *error == NULL, BMD_UPSERT_UNCHANGED);

  if (!(stmt = get_stmt (self, STMT_GET_ORDER, error)))
    return BMD_UPSERT_UNCHANGED;
  bind_text (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const void *stored = sqlite3_column_blob (stmt, 0);
      size_t stored_len = (size_t)sqlite3_column_bytes (stmt, 0);
      size_t raw_len = strlen (raw_json);

      found = TRUE;
      content_changed = sqlite3_column_type (stmt, 1) != SQLITE_NULL ||
                        stored_len != raw_len ||
                        (raw_len > 0 && memcmp (stored, raw_json, raw_len) != 0);
      times_changed = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 2), updated_at) != 0 ||
                      g_strcmp0 ((const char *)sqlite3_column_text (stmt, 3), pickup_utc) != 0;
    }
  else if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error, rc, stmt_info[STMT_GET_ORDER].purpose);
      release_stmt (stmt);
      return BMD_UPSERT_UNCHANGED;
    }
  release_stmt (stmt);

  if (!found)
    {
      write_id = STMT_INSERT_ORDER;
      result = BMD_UPSERT_ADDED;
    }
  else if (content_changed)
    {
      write_id = STMT_UPDATE_ORDER;
      result = BMD_UPSERT_UPDATED;
    }
  else if (times_changed)
    {
      /* Same JSON: not an update, but keep the derived columns current
       * (the pickup is re-derived when the shop's zone changes). */
      write_id = STMT_TOUCH_ORDER;
      result = BMD_UPSERT_UNCHANGED;
    }
  else
    return BMD_UPSERT_UNCHANGED;

  if (!(stmt = get_stmt (self, write_id, error)))
    return BMD_UPSERT_UNCHANGED;

  bind_text (stmt, 1, id);
  bind_text (stmt, 2, updated_at);
  bind_text (stmt, 3, pickup_utc);
  if (write_id != STMT_TOUCH_ORDER)
    {
      now = bmd_format_now_utc_iso8601 ();
      bind_text (stmt, 4, raw_json);
      bind_text (stmt, 5, now);
    }

  if (!run_stmt (self, stmt, write_id, error))
    return BMD_UPSERT_UNCHANGED;

  return result;
}

gboolean
bmd_store_mark_deleted (BmdStore    *self,
                        const char  *id,
                        const char  *deleted_at,
                        GError     **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  now = bmd_format_now_utc_iso8601 ();
  if (deleted_at == NULL)
    deleted_at = now;

  if (!(stmt = get_stmt (self, STMT_MARK_DELETED, error)))
    return FALSE;
  bind_text (stmt, 1, id);
  bind_text (stmt, 2, deleted_at);
  bind_text (stmt, 3, now);

  if (!run_stmt (self, stmt, STMT_MARK_DELETED, error))
    return FALSE;

  return sqlite3_changes (self->db) > 0;
}

/* The one integer a statement returns, or 0 (logged) when it fails: for
 * figures a caller can do without. */
static gint64
step_int64_or_zero (BmdStore *self,
                    StmtId    id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 value = 0;

  if (!(stmt = get_stmt (self, id, &error)))
    {
      g_debug ("%s", error->message);
      return 0;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    g_debug ("Could not %s in %s: %s", stmt_info[id].purpose, self->path, sqlite3_errmsg (self->db));
  release_stmt (stmt);
  return value;
}

guint
bmd_store_count_orders (BmdStore *self)
{
  g_return_val_if_fail (BMD_IS_STORE (self), 0);

  return (guint) step_int64_or_zero (self, STMT_COUNT_ORDERS);
}

GPtrArray *
bmd_store_list_ids (BmdStore  *self,
                    GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_strings (self, STMT_LIST_IDS, NULL, error);
}

GPtrArray *
bmd_store_list_ids_with_pickup_since (BmdStore    *self,
                                      const char  *since_utc,
                                      GError     **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (since_utc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_strings (self, STMT_LIST_IDS_PICKUP, since_utc, error);
}

char *
bmd_store_dup_order_json (BmdStore    *self,
                          const char  *id,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  char *raw = NULL;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(stmt = get_stmt (self, STMT_GET_ORDER, error)))
    return NULL;
  bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 1) == SQLITE_NULL)
    raw = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, error, rc, stmt_info[STMT_GET_ORDER].purpose);
  release_stmt (stmt);
  return raw;
}

GPtrArray *
bmd_store_list_order_json (BmdStore  *self,
                           GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_strings (self, STMT_LIST_JSON, NULL, error);
}

gboolean
bmd_store_foreach_order_json (BmdStore               *self,
                              BmdStoreOrderJsonFunc   func,
                              gpointer                user_data,
                              GError                **error)
{
  sqlite3_stmt *stmt;
  gboolean small_cache;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(stmt = get_stmt (self, STMT_LIST_JSON, error)))
    return FALSE;

  /* A scan reads each page once, so a big page cache would only fill with
   * pages nobody reads again, interleaved on the heap with what the caller
   * builds from the rows (16 MB of holes after 100,000 orders). Outside a
   * write transaction, where no dirty page can spill, scan with a small one. */
  small_cache = sqlite3_get_autocommit (self->db) != 0;
  if (small_cache)
    sqlite3_exec (self->db, "PRAGMA cache_size = -256", NULL, NULL, NULL);

  /* Each row's text is SQLite's own buffer, valid until the next step: no copy. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 0);
      gsize length = (gsize) sqlite3_column_bytes (stmt, 0);

      if (!func (text != NULL ? text : "", length, user_data, error))
        break;
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    set_sqlite_error (self, error, rc, stmt_info[STMT_LIST_JSON].purpose);
  release_stmt (stmt);
  if (small_cache)
    sqlite3_exec (self->db, "PRAGMA cache_size = " STORE_CACHE_SIZE, NULL, NULL, NULL);
  return rc == SQLITE_DONE;
}

char *
bmd_store_dup_state (BmdStore    *self,
                     const char  *key)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  char *value = NULL;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = get_stmt (self, STMT_GET_STATE, &error)))
    {
      g_debug ("%s", error->message);
      return NULL;
    }
  bind_text (stmt, 1, key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    g_debug ("Could not read the sync state %s in %s: %s",
             key, self->path, sqlite3_errmsg (self->db));

  release_stmt (stmt);
  return value;
}

gboolean
bmd_store_set_state (BmdStore    *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  StmtId id = value != NULL ? STMT_SET_STATE : STMT_DELETE_STATE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(stmt = get_stmt (self, id, error)))
    return FALSE;
  bind_text (stmt, 1, key);
  if (value != NULL)
    bind_text (stmt, 2, value);

  return run_stmt (self, stmt, id, error);
}

static gboolean
check_outside_transaction (BmdStore    *self,
                           const char  *what,
                           GError     **error)
{
  if (sqlite3_get_autocommit (self->db))
    return TRUE;

  /* Inside the refresh transaction the record would be rolled back with the
   * refresh, and a failed run would leave no trace. */
  g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
               "Could not %s in %s: a transaction is open", what, self->path);
  return FALSE;
}

gint64
bmd_store_run_begin (BmdStore    *self,
                     const char  *started_at,
                     GError     **error)
{
  g_autofree char *now = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BMD_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!check_outside_transaction (self, stmt_info[STMT_RUN_BEGIN].purpose, error))
    return 0;

  if (started_at == NULL)
    started_at = now = bmd_format_now_utc_iso8601 ();

  if (!(stmt = get_stmt (self, STMT_RUN_BEGIN, error)))
    return 0;
  bind_text (stmt, 1, started_at);

  if (!run_stmt (self, stmt, STMT_RUN_BEGIN, error))
    return 0;

  return sqlite3_last_insert_rowid (self->db);
}

gboolean
bmd_store_run_finish (BmdStore          *self,
                      const BmdStoreRun *run,
                      GError           **error)
{
  g_autofree char *now = NULL;
  const char *finished_at;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (run != NULL && run->id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_outside_transaction (self, stmt_info[STMT_RUN_FINISH].purpose, error))
    return FALSE;

  finished_at = run->finished_at;
  if (finished_at == NULL)
    finished_at = now = bmd_format_now_utc_iso8601 ();

  if (!(stmt = get_stmt (self, STMT_RUN_FINISH, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->id);
  bind_text (stmt, 2, finished_at);
  bind_text (stmt, 3, run->outcome != NULL ? run->outcome : "ok");
  bind_text (stmt, 4, run->error);
  sqlite3_bind_int64 (stmt, 5, run->orders_total);
  sqlite3_bind_int64 (stmt, 6, run->added);
  sqlite3_bind_int64 (stmt, 7, run->updated);
  sqlite3_bind_int64 (stmt, 8, run->deleted);

  if (!run_stmt (self, stmt, STMT_RUN_FINISH, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
                   "Could not record the end of run %" G_GINT64_FORMAT " in %s: no such run",
                   run->id, self->path);
      return FALSE;
    }

  return TRUE;
}

BmdStoreRun *
bmd_store_dup_last_run (BmdStore *self,
                        gboolean  successful_only)
{
  StmtId id = successful_only ? STMT_LAST_OK_RUN : STMT_LAST_RUN;
  g_autoptr(GError) error = NULL;
  BmdStoreRun *run = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), NULL);

  if (!(stmt = get_stmt (self, id, &error)))
    {
      g_debug ("%s", error->message);
      return NULL;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      run = g_new0 (BmdStoreRun, 1);
      run->id = sqlite3_column_int64 (stmt, 0);
      run->started_at = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      run->finished_at = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      run->outcome = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      run->error = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      run->orders_total = (guint)sqlite3_column_int64 (stmt, 5);
      run->added = (guint)sqlite3_column_int64 (stmt, 6);
      run->updated = (guint)sqlite3_column_int64 (stmt, 7);
      run->deleted = (guint)sqlite3_column_int64 (stmt, 8);
    }
  else if (rc != SQLITE_DONE)
    g_debug ("Could not read the last run in %s: %s", self->path, sqlite3_errmsg (self->db));

  release_stmt (stmt);
  return run;
}

static gboolean
is_valid_date (const char *date)
{
  static const char pattern[] = "dddd-dd-dd";
  guint year, month, day;

  if (strlen (date) != strlen (pattern))
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (date[i]) : date[i] != pattern[i])
      return FALSE;

  year = (guint)g_ascii_strtoull (date, NULL, 10);
  month = (guint)g_ascii_strtoull (date + 5, NULL, 10);
  day = (guint)g_ascii_strtoull (date + 8, NULL, 10);

  return g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

gboolean
bmd_store_set_day_off (BmdStore    *self,
                       const char  *date,
                       gboolean     off,
                       GError     **error)
{
  StmtId id = off ? STMT_ADD_DAY_OFF : STMT_REMOVE_DAY_OFF;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_valid_date (date))
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
                   "Could not %s: “%s” is not a date (YYYY-MM-DD)",
                   stmt_info[id].purpose, date);
      return FALSE;
    }

  if (!(stmt = get_stmt (self, id, error)))
    return FALSE;
  bind_text (stmt, 1, date);

  return run_stmt (self, stmt, id, error);
}

GPtrArray *
bmd_store_list_days_off (BmdStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_strings (self, STMT_LIST_DAYS_OFF, NULL, error);
}

gint64
bmd_store_get_data_version (BmdStore *self)
{
  g_return_val_if_fail (BMD_IS_STORE (self), 0);

  return step_int64_or_zero (self, STMT_DATA_VERSION);
}

gboolean
bmd_store_check_integrity (BmdStore  *self,
                           GError   **error)
{
  g_autofree char *result = NULL;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The first row is "ok", or the first problem found. */
  if (!query_text (self, "PRAGMA integrity_check", "check the file", &result, error))
    return FALSE;

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_CORRUPT,
                   "%s is damaged: %s", self->path, result != NULL ? result : "(no result)");
      return FALSE;
    }

  return TRUE;
}
