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
    "SELECT raw, id FROM orders WHERE deleted_at IS NULL ORDER BY id",
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


G_DEFINE_FINAL_TYPE (BmdStore, bmd_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (bmd-store-error-quark, bmd_store_error)

const char *
_bmd_store_stmt_purpose (BmdStoreStmt id)
{
  g_assert (id < N_STMTS);
  return stmt_info[id].purpose;
}

int
_bmd_store_map_sqlite_code (int rc)
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

void
_bmd_store_set_sqlite_error (BmdStore    *self,
                             GError     **error,
                             int          rc,
                             const char  *purpose)
{
  g_assert (purpose != NULL);

  g_set_error (error, BMD_STORE_ERROR, _bmd_store_map_sqlite_code (rc),
               "Could not %s in %s: %s",
               purpose, self->path,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
}

/* Returns the cached statement, reset and with no bindings. */
sqlite3_stmt *
_bmd_store_get_stmt (BmdStore      *self,
                     BmdStoreStmt   id,
                     GError       **error)
{
  g_assert (id < N_STMTS);
  g_assert (self->db != NULL);

  if (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_info[id].sql, -1,
                                   SQLITE_PREPARE_PERSISTENT, &self->stmts[id], NULL);

      if (rc != SQLITE_OK)
        {
          _bmd_store_set_sqlite_error (self, error, rc, _bmd_store_stmt_purpose (id));
          g_clear_pointer (&self->stmts[id], sqlite3_finalize);
          return NULL;
        }
    }

  return self->stmts[id];
}

/* Ends the statement's read (or write) so it holds no snapshot open, and drops
 * the bindings, which point at the caller's strings. */
void
_bmd_store_release_stmt (sqlite3_stmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

void
_bmd_store_bind_text (sqlite3_stmt *stmt,
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
gboolean
_bmd_store_run_stmt (BmdStore      *self,
                     sqlite3_stmt  *stmt,
                     BmdStoreStmt   id,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _bmd_store_set_sqlite_error (self, error, rc, _bmd_store_stmt_purpose (id));
      _bmd_store_release_stmt (stmt);
      return FALSE;
    }

  _bmd_store_release_stmt (stmt);
  return TRUE;
}

gboolean
_bmd_store_exec_simple (BmdStore      *self,
                        BmdStoreStmt   id,
                        GError       **error)
{
  sqlite3_stmt *stmt = _bmd_store_get_stmt (self, id, error);

  if (stmt == NULL)
    return FALSE;
  return _bmd_store_run_stmt (self, stmt, id, error);
}

/* A one-column text list. @bind_value, if not NULL, is bound to ?1. */
GPtrArray *
_bmd_store_list_strings (BmdStore      *self,
                         BmdStoreStmt   id,
                         const char    *bind_value,
                         GError       **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _bmd_store_get_stmt (self, id, error)))
    return NULL;
  if (bind_value != NULL)
    _bmd_store_bind_text (stmt, 1, bind_value);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, 0);
      int len = sqlite3_column_bytes (stmt, 0);

      g_ptr_array_add (list, g_strndup (text != NULL ? text : "", len));
    }

  if (rc != SQLITE_DONE)
    {
      _bmd_store_set_sqlite_error (self, error, rc, _bmd_store_stmt_purpose (id));
      _bmd_store_release_stmt (stmt);
      return NULL;
    }

  _bmd_store_release_stmt (stmt);
  return g_steal_pointer (&list);
}

/* Runs a one-off statement (pragmas at open, migrations). */
gboolean
_bmd_store_exec_sql (BmdStore    *self,
                     const char  *sql,
                     const char  *purpose,
                     GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _bmd_store_set_sqlite_error (self, error, rc, purpose);
      return FALSE;
    }
  return TRUE;
}

/* Runs @sql, which must give a row; the caller reads its first column and
 * finalizes the statement. NULL with @error set otherwise. */
sqlite3_stmt *
_bmd_store_query_row (BmdStore    *self,
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
      _bmd_store_set_sqlite_error (self, error, rc, purpose);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

gboolean
_bmd_store_query_int (BmdStore    *self,
                      const char  *sql,
                      const char  *purpose,
                      gint64      *out,
                      GError     **error)
{
  sqlite3_stmt *stmt = _bmd_store_query_row (self, sql, purpose, error);

  if (stmt == NULL)
    return FALSE;
  *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

gboolean
_bmd_store_query_text (BmdStore    *self,
                       const char  *sql,
                       const char  *purpose,
                       char       **out,
                       GError     **error)
{
  sqlite3_stmt *stmt = _bmd_store_query_row (self, sql, purpose, error);

  if (stmt == NULL)
    return FALSE;
  *out = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return TRUE;
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

      if (_bmd_store_query_text (self, "PRAGMA journal_mode = WAL", "switch to WAL mode",
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
      !g_error_matches (*error, BMD_STORE_ERROR, BMD_STORE_ERROR_VERSION) &&
      !g_error_matches (*error, BMD_STORE_ERROR, BMD_STORE_ERROR_BAD_PATH))
    (*error)->code = BMD_STORE_ERROR_OPEN;
}

/* Takes group and other access away from @path when it exists. */
static void
make_private (const char *path,
              mode_t      mode)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (st.st_mode & 077) != 0 && g_chmod (path, mode) != 0)
    g_debug ("could not make %s private: %s", path, g_strerror (errno));
}

/* The warehouse holds customers' names, emails and phones: the folder is
 * the user's alone, and so is the database, made here before SQLite would
 * make it under the umask. SQLite gives the WAL and its index the
 * database's mode; those an older version left are tightened too. */
static void
make_files_private (BmdStore *self)
{
  const char *suffixes[] = { "-wal", "-shm", "-journal" };
  int fd;
  guint i;

  make_private (self->data_dir, 0700);
  fd = g_open (self->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0)
    close (fd);
  make_private (self->path, 0600);
  for (i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (self->path, suffixes[i], NULL);

      make_private (path, 0600);
    }
}

gboolean
_bmd_store_open_database (BmdStore  *self,
                          GError   **error)
{
  g_autofree char *journal_mode = NULL;
  gint64 found_version = 0;
  gint64 found_app_id = 0;
  int rc;

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int errsv = errno;

      /* A path through a file is the caller's mistake; a folder that
       * cannot be written (read-only, full, failing) is the machine's. */
      g_set_error (error, BMD_STORE_ERROR,
                   errsv == ENOTDIR || errsv == ENAMETOOLONG || errsv == EEXIST
                     ? BMD_STORE_ERROR_BAD_PATH : BMD_STORE_ERROR_OPEN,
                   "Could not create the data directory %s: %s",
                   self->data_dir, g_strerror (errsv));
      return FALSE;
    }

  make_files_private (self);
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

  if (!_bmd_store_check_file (self, &found_version, &found_app_id, error))
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
  if (!_bmd_store_exec_sql (self,
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA cache_size = " STORE_CACHE_SIZE ";",
                 "configure the connection", error) ||
      !_bmd_store_migrate (self, found_version, found_app_id, error))
    {
      make_open_error (error);
      return FALSE;
    }

  return TRUE;
}

void
_bmd_store_close_database (BmdStore *self)
{
  if (self->db != NULL && !sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
}

static void
bmd_store_finalize (GObject *object)
{
  BmdStore *self = (BmdStore *)object;

  _bmd_store_close_database (self);

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

  if (!_bmd_store_open_database (self, error))
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
  return _bmd_store_exec_simple (self, STMT_BEGIN, error);
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
  return _bmd_store_exec_simple (self, STMT_COMMIT, error);
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

  if (!_bmd_store_exec_simple (self, STMT_ROLLBACK, &error))
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
  BmdStoreStmt write_id;
  BmdUpsertResult result;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), BMD_UPSERT_UNCHANGED);
  g_return_val_if_fail (id != NULL, BMD_UPSERT_UNCHANGED);
  g_return_val_if_fail (raw_json != NULL, BMD_UPSERT_UNCHANGED);
  g_return_val_if_fail (error == NULL || *error == NULL, BMD_UPSERT_UNCHANGED);

  if (!(stmt = _bmd_store_get_stmt (self, STMT_GET_ORDER, error)))
    return BMD_UPSERT_UNCHANGED;
  _bmd_store_bind_text (stmt, 1, id);

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
      _bmd_store_set_sqlite_error (self, error, rc, _bmd_store_stmt_purpose (STMT_GET_ORDER));
      _bmd_store_release_stmt (stmt);
      return BMD_UPSERT_UNCHANGED;
    }
  _bmd_store_release_stmt (stmt);

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

  if (!(stmt = _bmd_store_get_stmt (self, write_id, error)))
    return BMD_UPSERT_UNCHANGED;

  _bmd_store_bind_text (stmt, 1, id);
  _bmd_store_bind_text (stmt, 2, updated_at);
  _bmd_store_bind_text (stmt, 3, pickup_utc);
  if (write_id != STMT_TOUCH_ORDER)
    {
      now = bmd_format_now_utc_iso8601 ();
      _bmd_store_bind_text (stmt, 4, raw_json);
      _bmd_store_bind_text (stmt, 5, now);
    }

  if (!_bmd_store_run_stmt (self, stmt, write_id, error))
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

  if (!(stmt = _bmd_store_get_stmt (self, STMT_MARK_DELETED, error)))
    return FALSE;
  _bmd_store_bind_text (stmt, 1, id);
  _bmd_store_bind_text (stmt, 2, deleted_at);
  _bmd_store_bind_text (stmt, 3, now);

  if (!_bmd_store_run_stmt (self, stmt, STMT_MARK_DELETED, error))
    return FALSE;

  return sqlite3_changes (self->db) > 0;
}

/* The one integer a statement returns, or 0 (logged) when it fails: for
 * figures a caller can do without. */
static gint64
step_int64_or_zero (BmdStore *self,
                    BmdStoreStmt    id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gint64 value = 0;

  if (!(stmt = _bmd_store_get_stmt (self, id, &error)))
    {
      g_debug ("%s", error->message);
      return 0;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    g_debug ("Could not %s in %s: %s", _bmd_store_stmt_purpose (id), self->path, sqlite3_errmsg (self->db));
  _bmd_store_release_stmt (stmt);
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

  return _bmd_store_list_strings (self, STMT_LIST_IDS, NULL, error);
}

GPtrArray *
bmd_store_list_ids_with_pickup_since (BmdStore    *self,
                                      const char  *since_utc,
                                      GError     **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (since_utc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _bmd_store_list_strings (self, STMT_LIST_IDS_PICKUP, since_utc, error);
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

  if (!(stmt = _bmd_store_get_stmt (self, STMT_GET_ORDER, error)))
    return NULL;
  _bmd_store_bind_text (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 1) == SQLITE_NULL)
    raw = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _bmd_store_set_sqlite_error (self, error, rc, _bmd_store_stmt_purpose (STMT_GET_ORDER));
  _bmd_store_release_stmt (stmt);
  return raw;
}

GPtrArray *
bmd_store_list_order_json (BmdStore  *self,
                           GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _bmd_store_list_strings (self, STMT_LIST_JSON, NULL, error);
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

  if (!(stmt = _bmd_store_get_stmt (self, STMT_LIST_JSON, error)))
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
      const char *id = (const char *)sqlite3_column_text (stmt, 1);

      if (!func (id != NULL ? id : "", text != NULL ? text : "", length, user_data, error))
        break;
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _bmd_store_set_sqlite_error (self, error, rc, _bmd_store_stmt_purpose (STMT_LIST_JSON));
  _bmd_store_release_stmt (stmt);
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

  if (!(stmt = _bmd_store_get_stmt (self, STMT_GET_STATE, &error)))
    {
      g_debug ("%s", error->message);
      return NULL;
    }
  _bmd_store_bind_text (stmt, 1, key);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  else if (rc != SQLITE_DONE)
    g_debug ("Could not read the sync state %s in %s: %s",
             key, self->path, sqlite3_errmsg (self->db));

  _bmd_store_release_stmt (stmt);
  return value;
}

gboolean
bmd_store_set_state (BmdStore    *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  BmdStoreStmt id = value != NULL ? STMT_SET_STATE : STMT_DELETE_STATE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(stmt = _bmd_store_get_stmt (self, id, error)))
    return FALSE;
  _bmd_store_bind_text (stmt, 1, key);
  if (value != NULL)
    _bmd_store_bind_text (stmt, 2, value);

  return _bmd_store_run_stmt (self, stmt, id, error);
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
  if (!_bmd_store_query_text (self, "PRAGMA integrity_check", "check the file", &result, error))
    return FALSE;

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_CORRUPT,
                   "%s is damaged: %s", self->path, result != NULL ? result : "(no result)");
      return FALSE;
    }

  return TRUE;
}
