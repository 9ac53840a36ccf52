#define G_LOG_DOMAIN "bmd-store-side"

#include "config.h"

#include <gio/gio.h>

#include "bmd-store-private.h"
#include "bmd-store-side-private.h"

#define BUSY_TIMEOUT_MS 10000

gboolean
_bmd_store_side_exec (sqlite3     *db,
                      const char  *sql,
                      const char  *what,
                      GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "local warehouse: cannot %s: %s", what,
                   message != NULL ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* The file's schema version, or -1 with @error. */
static int
schema_version (sqlite3  *db,
                GError  **error)
{
  sqlite3_stmt *statement = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &statement, NULL) == SQLITE_OK
      && sqlite3_step (statement) == SQLITE_ROW)
    version = sqlite3_column_int (statement, 0);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                 "local warehouse: cannot read its schema version: %s", sqlite3_errmsg (db));
  sqlite3_finalize (statement);
  return version;
}

sqlite3 *
_bmd_store_side_open (const char  *data_dir,
                      GError     **error)
{
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;
  int version;
  int rc;

  g_return_val_if_fail (data_dir != NULL, NULL);

  path = g_build_filename (data_dir, _BMD_STORE_FILE_NAME, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no local warehouse in %s yet: refresh first", data_dir);
      return NULL;
    }
  /* Not SQLITE_OPEN_CREATE: the store makes the file, with its schema. */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open %s: %s", path,
                   db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  version = schema_version (db, error);
  if (version < 0)
    {
      sqlite3_close (db);
      return NULL;
    }
  if (version < _BMD_STORE_SCHEMA_VERSION)
    {
      /* The store's own open migrates, in its transaction, and refuses a
       * file it does not know. */
      g_autoptr(BmdStore) store = bmd_store_open (data_dir, error);

      if (store == NULL)
        {
          sqlite3_close (db);
          return NULL;
        }
    }
  return db;
}

void
_bmd_store_side_close (sqlite3 *db)
{
  sqlite3_close (db);
}
