#define G_LOG_DOMAIN "bmd-store"

#include "config.h"

#include "bmd-pickup.h"
#include "bmd-store-private.h"

/* The runs table: when each refresh started and how it ended. */

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

  if (!check_outside_transaction (self, _bmd_store_stmt_purpose (STMT_RUN_BEGIN), error))
    return 0;

  if (started_at == NULL)
    started_at = now = bmd_format_now_utc_iso8601 ();

  if (!(stmt = _bmd_store_get_stmt (self, STMT_RUN_BEGIN, error)))
    return 0;
  _bmd_store_bind_text (stmt, 1, started_at);

  if (!_bmd_store_run_stmt (self, stmt, STMT_RUN_BEGIN, error))
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

  if (!check_outside_transaction (self, _bmd_store_stmt_purpose (STMT_RUN_FINISH), error))
    return FALSE;

  finished_at = run->finished_at;
  if (finished_at == NULL)
    finished_at = now = bmd_format_now_utc_iso8601 ();

  if (!(stmt = _bmd_store_get_stmt (self, STMT_RUN_FINISH, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->id);
  _bmd_store_bind_text (stmt, 2, finished_at);
  _bmd_store_bind_text (stmt, 3, run->outcome != NULL ? run->outcome : "ok");
  _bmd_store_bind_text (stmt, 4, run->error);
  sqlite3_bind_int64 (stmt, 5, run->orders_total);
  sqlite3_bind_int64 (stmt, 6, run->added);
  sqlite3_bind_int64 (stmt, 7, run->updated);
  sqlite3_bind_int64 (stmt, 8, run->deleted);

  if (!_bmd_store_run_stmt (self, stmt, STMT_RUN_FINISH, error))
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
  BmdStoreStmt id = successful_only ? STMT_LAST_OK_RUN : STMT_LAST_RUN;
  g_autoptr(GError) error = NULL;
  BmdStoreRun *run = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (BMD_IS_STORE (self), NULL);

  if (!(stmt = _bmd_store_get_stmt (self, id, &error)))
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

  _bmd_store_release_stmt (stmt);
  return run;
}

gint64
bmd_store_mark_runs_interrupted (BmdStore  *self,
                                 GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  if (!check_outside_transaction (self, "mark interrupted runs", error))
    return -1;
  if (!_bmd_store_exec_sql (self,
                            "UPDATE runs SET outcome = 'interrupted', "
                            "error = 'stopped before it ended (the program was killed or the computer went down)' "
                            "WHERE outcome = 'running'",
                            "mark interrupted runs", error))
    return -1;
  return sqlite3_changes (self->db);
}

gint64
bmd_store_count_runs (BmdStore   *self,
                      const char *outcome)
{
  sqlite3_stmt *stmt = NULL;
  gint64 count = -1;

  g_return_val_if_fail (BMD_IS_STORE (self), -1);
  g_return_val_if_fail (outcome != NULL, -1);

  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM runs WHERE outcome = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      _bmd_store_bind_text (stmt, 1, outcome);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return count;
}
