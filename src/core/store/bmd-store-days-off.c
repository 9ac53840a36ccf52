#define G_LOG_DOMAIN "bmd-store"

#include "config.h"

#include <string.h>

#include "bmd-store-private.h"

/* Days off, marked by the baker in the calendar and kept locally. */

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
  BmdStoreStmt id = off ? STMT_ADD_DAY_OFF : STMT_REMOVE_DAY_OFF;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (BMD_IS_STORE (self), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_valid_date (date))
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_FAILED,
                   "Could not %s: “%s” is not a date (YYYY-MM-DD)",
                   _bmd_store_stmt_purpose (id), date);
      return FALSE;
    }

  if (!(stmt = _bmd_store_get_stmt (self, id, error)))
    return FALSE;
  _bmd_store_bind_text (stmt, 1, date);

  return _bmd_store_run_stmt (self, stmt, id, error);
}

GPtrArray *
bmd_store_list_days_off (BmdStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (BMD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _bmd_store_list_strings (self, STMT_LIST_DAYS_OFF, NULL, error);
}
