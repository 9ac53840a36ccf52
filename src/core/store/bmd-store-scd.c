#define G_LOG_DOMAIN "bmd-store"

#include "config.h"

#include <string.h>

#include "bmd-store-private.h"
#include "bmd-store-scd.h"

/* dim_customers_scd: the customers' history, kept across refreshes. The
 * statements run once per refresh, so they are prepared per call rather
 * than kept with the store's own. */

#define SELECT_COLUMNS \
  "customer_id, first_name, last_name, email, phone, cakes, state, vip, valid_from, valid_to, is_current"

void
bmd_customer_history_row_free (BmdCustomerHistoryRow *row)
{
  if (row == NULL)
    return;
  g_free (row->customer_id);
  g_free (row->first_name);
  g_free (row->last_name);
  g_free (row->email);
  g_free (row->phone);
  g_free (row->state);
  g_free (row->valid_from);
  g_free (row->valid_to);
  g_free (row);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup (text) : NULL;
}

static BmdCustomerHistoryRow *
read_row (sqlite3_stmt *stmt)
{
  BmdCustomerHistoryRow *row = g_new0 (BmdCustomerHistoryRow, 1);

  row->customer_id = dup_column (stmt, 0);
  row->first_name = dup_column (stmt, 1);
  row->last_name = dup_column (stmt, 2);
  row->email = dup_column (stmt, 3);
  row->phone = dup_column (stmt, 4);
  row->cakes = sqlite3_column_int64 (stmt, 5);
  row->state = dup_column (stmt, 6);
  row->vip = sqlite3_column_int (stmt, 7) != 0;
  row->valid_from = dup_column (stmt, 8);
  row->valid_to = dup_column (stmt, 9);
  row->is_current = sqlite3_column_int (stmt, 10) != 0;
  return row;
}

static sqlite3_stmt *
prepare (BmdStore    *self,
         const char  *sql,
         const char  *purpose,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _bmd_store_set_sqlite_error (self, error, rc, purpose);
      sqlite3_finalize (stmt);
      return NULL;
    }
  return stmt;
}

/* Rows of @sql (no parameters) as BmdCustomerHistoryRow. */
static GPtrArray *
select_rows (BmdStore    *self,
             const char  *sql,
             const char  *purpose,
             GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_customer_history_row_free);
  sqlite3_stmt *stmt = prepare (self, sql, purpose, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _bmd_store_set_sqlite_error (self, error, rc, purpose);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
bmd_store_list_customer_history (BmdStore  *self,
                                 GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);

  return select_rows (self,
                      "SELECT " SELECT_COLUMNS " FROM dim_customers_scd"
                      " ORDER BY customer_id, valid_from, id",
                      "read the customers' history", error);
}

/* NULLs compare equal: the design's rule for every tracked value. */
static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

static gboolean
same_values (const BmdCustomerHistoryRow *row,
             const BmdCustomerVersion    *version)
{
  return same_text (row->first_name, version->first_name)
         && same_text (row->last_name, version->last_name)
         && same_text (row->email, version->email)
         && same_text (row->phone, version->phone)
         && row->cakes == version->cakes
         && same_text (row->state, version->state)
         && row->vip == version->vip;
}

static gboolean
step_done (BmdStore      *self,
           sqlite3_stmt  *stmt,
           const char    *purpose,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _bmd_store_set_sqlite_error (self, error, rc, purpose);
      return FALSE;
    }
  return TRUE;
}

static gboolean
close_row (BmdStore      *self,
           sqlite3_stmt  *stmt,
           const char    *customer_id,
           const char    *run_time,
           GError       **error)
{
  _bmd_store_bind_text (stmt, 1, run_time);
  _bmd_store_bind_text (stmt, 2, customer_id);
  return step_done (self, stmt, "close a customer's history row", error);
}

static gboolean
insert_row (BmdStore                 *self,
            sqlite3_stmt             *stmt,
            const BmdCustomerVersion *version,
            const char               *run_time,
            GError                  **error)
{
  _bmd_store_bind_text (stmt, 1, version->customer_id);
  _bmd_store_bind_text (stmt, 2, version->first_name);
  _bmd_store_bind_text (stmt, 3, version->last_name);
  _bmd_store_bind_text (stmt, 4, version->email);
  _bmd_store_bind_text (stmt, 5, version->phone);
  sqlite3_bind_int64 (stmt, 6, version->cakes);
  _bmd_store_bind_text (stmt, 7, version->state);
  sqlite3_bind_int (stmt, 8, version->vip ? 1 : 0);
  _bmd_store_bind_text (stmt, 9, run_time);
  return step_done (self, stmt, "add a customer's history row", error);
}

gboolean
bmd_store_update_customer_history (BmdStore                 *self,
                                   const BmdCustomerVersion *customers,
                                   guint                     n_customers,
                                   const char               *run_time,
                                   guint                    *out_changed,
                                   GError                  **error)
{
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) seen = NULL;
  sqlite3_stmt *close_stmt = NULL;
  sqlite3_stmt *insert_stmt = NULL;
  gboolean ok = FALSE;
  guint changed = 0;
  guint i;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (customers != NULL || n_customers == 0, FALSE);
  g_return_val_if_fail (run_time != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Outside a transaction a failure halfway would leave half a history. */
  if (sqlite3_get_autocommit (self->db))
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
                   "Could not update the customers' history in %s: no refresh transaction is open",
                   self->path);
      return FALSE;
    }

  current = select_rows (self, "SELECT " SELECT_COLUMNS " FROM dim_customers_scd WHERE is_current",
                         "read the customers' current rows", error);
  if (current == NULL)
    return FALSE;
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (i = 0; i < current->len; i++)
    {
      BmdCustomerHistoryRow *row = g_ptr_array_index (current, i);

      g_hash_table_insert (by_id, row->customer_id, row);
    }

  close_stmt = prepare (self,
                        "UPDATE dim_customers_scd SET valid_to = ?1, is_current = 0"
                        " WHERE customer_id = ?2 AND is_current",
                        "close a customer's history row", error);
  insert_stmt = close_stmt == NULL ? NULL
    : prepare (self,
               "INSERT INTO dim_customers_scd (customer_id, first_name, last_name, email, phone,"
               " cakes, state, vip, valid_from, valid_to, is_current)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, 1)",
               "add a customer's history row", error);
  if (insert_stmt == NULL)
    goto out;

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (i = 0; i < n_customers; i++)
    {
      const BmdCustomerVersion *version = &customers[i];
      BmdCustomerHistoryRow *row = g_hash_table_lookup (by_id, version->customer_id);

      g_hash_table_add (seen, (gpointer) version->customer_id);
      if (row != NULL && same_values (row, version))
        continue;
      if (row != NULL)
        {
          if (!close_row (self, close_stmt, version->customer_id, run_time, error))
            goto out;
          changed++;
        }
      if (!insert_row (self, insert_stmt, version, run_time, error))
        goto out;
      changed++;
    }

  /* Customers whose every order is gone: their history ends here. */
  for (i = 0; i < current->len; i++)
    {
      BmdCustomerHistoryRow *row = g_ptr_array_index (current, i);

      if (g_hash_table_contains (seen, row->customer_id))
        continue;
      if (!close_row (self, close_stmt, row->customer_id, run_time, error))
        goto out;
      changed++;
    }
  ok = TRUE;
  if (out_changed != NULL)
    *out_changed = changed;

out:
  sqlite3_finalize (close_stmt);
  sqlite3_finalize (insert_stmt);
  return ok;
}
