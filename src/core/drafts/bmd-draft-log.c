#define G_LOG_DOMAIN "bmd-draft-log"

#include "config.h"

#include "bmd-draft-log.h"
#include "bmd-store-side-private.h"

void
bmd_draft_record_free (BmdDraftRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->request_id);
  g_free (record->draft_type);
  g_free (record->draft_id);
  g_free (record->name);
  g_free (record->invoice_url);
  g_free (record->amount);
  g_free (record->created_at);
  g_free (record->invoice_sent_at);
  g_free (record);
}

BmdDraftRecord *
bmd_draft_record_copy (const BmdDraftRecord *record)
{
  BmdDraftRecord *copy = g_new0 (BmdDraftRecord, 1);

  copy->request_id = g_strdup (record->request_id);
  copy->draft_type = g_strdup (record->draft_type);
  copy->draft_id = g_strdup (record->draft_id);
  copy->name = g_strdup (record->name);
  copy->invoice_url = g_strdup (record->invoice_url);
  copy->amount = g_strdup (record->amount);
  copy->created_at = g_strdup (record->created_at);
  copy->invoice_sent_at = g_strdup (record->invoice_sent_at);
  return copy;
}

static gboolean
fail (sqlite3     *db,
      const char  *what,
      GError     **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "local warehouse: cannot %s: %s",
               what, sqlite3_errmsg (db));
  return FALSE;
}

gboolean
bmd_draft_log_save (const char            *data_dir,
                    const BmdDraftRecord  *record,
                    GError               **error)
{
  sqlite3 *db = _bmd_store_side_open (data_dir, error);
  sqlite3_stmt *statement = NULL;
  gboolean ok;

  if (db == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db,
                          "INSERT OR REPLACE INTO drafts_created (request_id, draft_type, draft_id, name,"
                          " invoice_url, amount, created_at, invoice_sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                          -1, &statement, NULL) != SQLITE_OK)
    {
      fail (db, "remember the draft order", error);
      _bmd_store_side_close (db);
      return FALSE;
    }
  sqlite3_bind_text (statement, 1, record->request_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, record->draft_type, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, record->draft_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 4, record->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 5, record->invoice_url, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 6, record->amount, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 7, record->created_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 8, record->invoice_sent_at, -1, SQLITE_STATIC);
  ok = sqlite3_step (statement) == SQLITE_DONE || fail (db, "remember the draft order", error);
  sqlite3_finalize (statement);
  _bmd_store_side_close (db);
  return ok;
}

gboolean
bmd_draft_log_mark_invoice_sent (const char  *data_dir,
                                 const char  *draft_id,
                                 GError     **error)
{
  sqlite3 *db = _bmd_store_side_open (data_dir, error);
  sqlite3_stmt *statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *sent_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gboolean ok;

  if (db == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db, "UPDATE drafts_created SET invoice_sent_at = ?1 WHERE draft_id = ?2",
                          -1, &statement, NULL) != SQLITE_OK)
    {
      fail (db, "remember the invoice", error);
      _bmd_store_side_close (db);
      return FALSE;
    }
  sqlite3_bind_text (statement, 1, sent_at, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, draft_id, -1, SQLITE_STATIC);
  ok = sqlite3_step (statement) == SQLITE_DONE || fail (db, "remember the invoice", error);
  sqlite3_finalize (statement);
  _bmd_store_side_close (db);
  return ok;
}

static char *
column_text (sqlite3_stmt *statement,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (statement, column));
}

#define RECORD_COLUMNS \
  "request_id, draft_type, draft_id, name, invoice_url, amount, created_at, invoice_sent_at"

static BmdDraftRecord *
record_from_row (sqlite3_stmt *statement)
{
  BmdDraftRecord *record = g_new0 (BmdDraftRecord, 1);

  record->request_id = column_text (statement, 0);
  record->draft_type = column_text (statement, 1);
  record->draft_id = column_text (statement, 2);
  record->name = column_text (statement, 3);
  record->invoice_url = column_text (statement, 4);
  record->amount = column_text (statement, 5);
  record->created_at = column_text (statement, 6);
  record->invoice_sent_at = column_text (statement, 7);
  return record;
}

/* The records @sql selects (RECORD_COLUMNS), with @text bound to ?1 when
 * not NULL. */
static GPtrArray *
select_records (const char  *data_dir,
                const char  *sql,
                const char  *text,
                GError     **error)
{
  sqlite3 *db = _bmd_store_side_open (data_dir, error);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_draft_record_free);
  sqlite3_stmt *statement = NULL;
  int rc;

  if (db == NULL)
    return NULL;
  if (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL) != SQLITE_OK)
    {
      fail (db, "read the draft orders", error);
      _bmd_store_side_close (db);
      return NULL;
    }
  if (text != NULL)
    sqlite3_bind_text (statement, 1, text, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (records, record_from_row (statement));
  if (rc != SQLITE_DONE)
    {
      fail (db, "read the draft orders", error);
      g_clear_pointer (&records, g_ptr_array_unref);
    }
  sqlite3_finalize (statement);
  _bmd_store_side_close (db);
  return g_steal_pointer (&records);
}

BmdDraftRecord *
bmd_draft_log_lookup (const char  *data_dir,
                      const char  *request_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) records = select_records (data_dir,
                                                 "SELECT " RECORD_COLUMNS " FROM drafts_created WHERE request_id = ?1",
                                                 request_id, error);

  if (records == NULL || records->len == 0)
    return NULL;
  return g_ptr_array_steal_index (records, 0);
}

GPtrArray *
bmd_draft_log_list_unsettled (const char  *data_dir,
                              GError     **error)
{
  return select_records (data_dir,
                         "SELECT " RECORD_COLUMNS " FROM drafts_created"
                         " WHERE draft_id NOT IN (SELECT draft_id FROM drafts_settled)"
                         " ORDER BY created_at, draft_id",
                         NULL, error);
}

gboolean
bmd_draft_log_mark_settled (const char  *data_dir,
                            const char  *draft_id,
                            const char  *order_id,
                            GError     **error)
{
  sqlite3 *db = _bmd_store_side_open (data_dir, error);
  sqlite3_stmt *statement = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *settled_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  gboolean ok;

  if (db == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO drafts_settled (draft_id, order_id, settled_at)"
                          " VALUES (?1, ?2, ?3)", -1, &statement, NULL) != SQLITE_OK)
    {
      fail (db, "remember the draft's order", error);
      _bmd_store_side_close (db);
      return FALSE;
    }
  sqlite3_bind_text (statement, 1, draft_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 2, order_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (statement, 3, settled_at, -1, SQLITE_STATIC);
  ok = sqlite3_step (statement) == SQLITE_DONE || fail (db, "remember the draft's order", error);
  sqlite3_finalize (statement);
  _bmd_store_side_close (db);
  return ok;
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  char **args = task_data;
  GError *error = NULL;
  BmdDraftRecord *record = bmd_draft_log_lookup (args[0], args[1], &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, (GDestroyNotify) bmd_draft_record_free);
}

void
bmd_draft_log_lookup_async (const char          *data_dir,
                            const char          *request_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char **args = g_new0 (char *, 3);

  args[0] = g_strdup (data_dir);
  args[1] = g_strdup (request_id);
  g_task_set_source_tag (task, bmd_draft_log_lookup_async);
  g_task_set_task_data (task, args, (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, lookup_thread);
}

BmdDraftRecord *
bmd_draft_log_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
