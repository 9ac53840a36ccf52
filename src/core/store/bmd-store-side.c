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

sqlite3 *
_bmd_store_side_open (const char  *data_dir,
                      const char  *ddl,
                      GError     **error)
{
  g_autofree char *path = NULL;
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (ddl != NULL, NULL);

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
  if (!_bmd_store_side_exec (db, ddl, "create its tables", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

void
_bmd_store_side_close (sqlite3 *db)
{
  sqlite3_close (db);
}
