#define G_LOG_DOMAIN "bmd-store"

#include "config.h"

#include "bmd-store-bulk.h"
#include "bmd-store-private.h"

/* The kept bulk operation: one row of table bulk_operation. Rare statements:
 * prepared when run, not kept with the store's others. */

void
bmd_store_bulk_clear (BmdStoreBulk *bulk)
{
  g_clear_pointer (&bulk->id, g_free);
  g_clear_pointer (&bulk->search, g_free);
  g_clear_pointer (&bulk->until, g_free);
  g_clear_pointer (&bulk->started_at, g_free);
  bulk->full = FALSE;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
bmd_store_get_bulk (BmdStore      *self,
                    BmdStoreBulk  *bulk,
                    GError       **error)
{
  static const char sql[] =
    "SELECT id, search, until, full, started_at FROM bulk_operation WHERE slot = 1";
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (bulk != NULL, FALSE);

  bmd_store_bulk_clear (bulk);
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      bulk->id = dup_column (stmt, 0);
      bulk->search = dup_column (stmt, 1);
      bulk->until = dup_column (stmt, 2);
      bulk->full = sqlite3_column_int (stmt, 3) != 0;
      bulk->started_at = dup_column (stmt, 4);
    }
  else if (rc != SQLITE_DONE)
    _bmd_store_set_sqlite_error (self, error, rc, "read the kept bulk operation");
  sqlite3_finalize (stmt);
  return rc == SQLITE_ROW;
}

gboolean
bmd_store_set_bulk (BmdStore            *self,
                    const BmdStoreBulk  *bulk,
                    GError             **error)
{
  static const char sql[] =
    "INSERT OR REPLACE INTO bulk_operation (slot, id, search, until, full, started_at) "
    "VALUES (1, ?1, ?2, ?3, ?4, ?5)";
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (bulk != NULL && bulk->id != NULL && bulk->until != NULL
                        && bulk->started_at != NULL, FALSE);

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _bmd_store_bind_text (stmt, 1, bulk->id);
      _bmd_store_bind_text (stmt, 2, bulk->search);
      _bmd_store_bind_text (stmt, 3, bulk->until);
      sqlite3_bind_int (stmt, 4, bulk->full ? 1 : 0);
      _bmd_store_bind_text (stmt, 5, bulk->started_at);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _bmd_store_set_sqlite_error (self, error, rc, "keep the bulk operation");
      return FALSE;
    }
  return TRUE;
}

gboolean
bmd_store_clear_bulk (BmdStore  *self,
                      GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);

  return _bmd_store_exec_sql (self, "DELETE FROM bulk_operation", "forget the bulk operation", error);
}
