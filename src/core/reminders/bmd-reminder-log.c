#define G_LOG_DOMAIN "bmd-reminder-log"

#include "config.h"

#include "bmd-pickup.h"
#include "bmd-reminder-log.h"
#include "bmd-store-side-private.h"

struct _BmdReminderLog
{
  sqlite3 *db;
};

BmdReminderLog *
bmd_reminder_log_open (const char  *data_dir,
                       GError     **error)
{
  sqlite3 *db = _bmd_store_side_open (data_dir, error);
  BmdReminderLog *log;

  if (db == NULL)
    return NULL;
  log = g_new0 (BmdReminderLog, 1);
  log->db = db;
  return log;
}

void
bmd_reminder_log_free (BmdReminderLog *log)
{
  if (log == NULL)
    return;
  _bmd_store_side_close (log->db);
  g_free (log);
}

static gboolean
fail (BmdReminderLog  *log,
      const char      *what,
      GError         **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "local warehouse: cannot %s: %s",
               what, sqlite3_errmsg (log->db));
  return FALSE;
}

GHashTable *
bmd_reminder_log_dup_sent (BmdReminderLog  *log,
                           GError         **error)
{
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *statement = NULL;
  int rc;

  g_return_val_if_fail (log != NULL, NULL);

  if (sqlite3_prepare_v2 (log->db, "SELECT key, value FROM reminders_sent", -1, &statement, NULL) != SQLITE_OK)
    {
      fail (log, "read the reminders sent", error);
      return NULL;
    }
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    g_hash_table_insert (sent, g_strdup ((const char *) sqlite3_column_text (statement, 0)),
                         g_strdup ((const char *) sqlite3_column_text (statement, 1)));
  sqlite3_finalize (statement);
  if (rc != SQLITE_DONE)
    {
      fail (log, "read the reminders sent", error);
      return NULL;
    }
  return g_steal_pointer (&sent);
}

static gboolean
insert_all (BmdReminderLog  *log,
            sqlite3_stmt    *statement,
            GHashTable      *values,
            const char      *sent_at,
            GError         **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_reset (statement);
      sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (statement, 2, value, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (statement, 3, sent_at, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (statement) != SQLITE_DONE)
        return fail (log, "record a reminder", error);
    }
  return TRUE;
}

static gboolean
write_result (BmdReminderLog     *log,
              BmdReminderResult  *result,
              GDateTime          *now,
              GError            **error)
{
  g_autofree char *sent_at = bmd_format_utc_iso8601 (now);
  sqlite3_stmt *statement = NULL;
  gboolean ok;

  if (!_bmd_store_side_exec (log->db, "DELETE FROM reminders_sent WHERE key LIKE 'seen:%'",
                             "forget old fingerprints", error))
    return FALSE;
  if (sqlite3_prepare_v2 (log->db,
                          "INSERT INTO reminders_sent (key, value, sent_at) VALUES (?1, ?2, ?3)"
                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          -1, &statement, NULL) != SQLITE_OK)
    return fail (log, "record a reminder", error);
  ok = insert_all (log, statement, result->marks, sent_at, error)
       && insert_all (log, statement, result->seen, sent_at, error);
  sqlite3_finalize (statement);
  return ok;
}

static gboolean
changes_anything (BmdReminderResult *result,
                  GHashTable        *sent)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n_seen = 0;

  if (g_hash_table_size (result->marks) > 0)
    return TRUE;
  g_hash_table_iter_init (&iter, sent);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_str_has_prefix (key, "seen:"))
        continue;
      if (g_strcmp0 (g_hash_table_lookup (result->seen, key), value) != 0)
        return TRUE;
      n_seen++;
    }
  return n_seen != g_hash_table_size (result->seen);
}

BmdReminderResult *
bmd_reminder_log_claim (BmdReminderLog        *log,
                        BmdPlan               *plan,
                        const BmdActSettings  *settings,
                        GError               **error)
{
  g_autoptr(BmdReminderResult) result = NULL;
  g_autoptr(GHashTable) sent = NULL;

  g_return_val_if_fail (log != NULL, NULL);
  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  /* IMMEDIATE: the app and the CLI's refresh checking at the same moment take
   * turns here; the second one sees the first one's marks and sends nothing
   * twice. */
  if (!_bmd_store_side_exec (log->db, "BEGIN IMMEDIATE", "begin a transaction", error))
    return NULL;
  sent = bmd_reminder_log_dup_sent (log, error);
  if (sent == NULL)
    goto rollback;
  result = bmd_reminders_compute (plan, settings, sent);
  /* Unchanged, the file is not touched: the app reloads when the store's
   * files change, and then checks again. */
  if (changes_anything (result, sent)
      && !write_result (log, result, bmd_plan_get_now (plan), error))
    goto rollback;
  if (!_bmd_store_side_exec (log->db, "COMMIT", "commit the reminders", error))
    goto rollback;
  return g_steal_pointer (&result);

rollback:
  _bmd_store_side_exec (log->db, "ROLLBACK", "roll back", NULL);
  return NULL;
}
