#define G_LOG_DOMAIN "bmd-store"

#include "config.h"

#include "bmd-store-private.h"

/* The store's schema: the migrations that bring a file to the newest
 * version, and the checks made before anything is written. */

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
  /* 2: the customers' history (SCD type 2), kept across refreshes. */
  "CREATE TABLE dim_customers_scd ("
  "  id          INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  customer_id TEXT NOT NULL,"
  "  first_name  TEXT,"
  "  last_name   TEXT,"
  "  email       TEXT,"
  "  phone       TEXT,"
  "  cakes       INTEGER NOT NULL,"
  "  state       TEXT NOT NULL,"
  "  vip         INTEGER NOT NULL,"
  "  valid_from  TEXT NOT NULL,"
  "  valid_to    TEXT,"
  "  is_current  INTEGER NOT NULL"
  ");"
  "CREATE UNIQUE INDEX dim_customers_scd_current ON dim_customers_scd (customer_id) WHERE is_current;",
  /* 3: the bulk operation a refresh started, kept outside the refresh's
   * transaction the moment Shopify answers, so a killed refresh resumes it
   * instead of starting another. One row at most. */
  "CREATE TABLE bulk_operation ("
  "  slot        INTEGER PRIMARY KEY CHECK (slot = 1),"
  "  id          TEXT NOT NULL,"
  "  search      TEXT,"
  "  until       TEXT NOT NULL,"
  "  full        INTEGER NOT NULL,"
  "  started_at  TEXT NOT NULL"
  ");",
  /* 4: the tables of the features that reach the store through a second
   * connection (bmd-store-side-private.h). Earlier builds made them
   * themselves, hence IF NOT EXISTS: their rows stay. */
  "CREATE TABLE IF NOT EXISTS reminders_sent ("
  "  key     TEXT PRIMARY KEY,"
  "  value   TEXT NOT NULL DEFAULT '',"
  "  sent_at TEXT NOT NULL"
  ");"
  "CREATE TABLE IF NOT EXISTS drafts_created ("
  "  request_id      TEXT PRIMARY KEY,"
  "  draft_type      TEXT NOT NULL,"
  "  draft_id        TEXT NOT NULL,"
  "  name            TEXT NOT NULL,"
  "  invoice_url     TEXT,"
  "  amount          TEXT NOT NULL,"
  "  created_at      TEXT NOT NULL,"
  "  invoice_sent_at TEXT"
  ");"
  /* A draft whose order has its metafields (bmd-draft-settle.h), or that
   * is gone (order_id NULL): asked about no more. */
  "CREATE TABLE IF NOT EXISTS drafts_settled ("
  "  draft_id   TEXT PRIMARY KEY,"
  "  order_id   TEXT,"
  "  settled_at TEXT NOT NULL"
  ");",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == _BMD_STORE_SCHEMA_VERSION);

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == _BMD_STORE_SCHEMA_VERSION);

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
gboolean
_bmd_store_check_file (BmdStore  *self,
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
      if (_bmd_store_map_sqlite_code (rc) == BMD_STORE_ERROR_CORRUPT)
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
gboolean
_bmd_store_migrate (BmdStore  *self,
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
  if (!_bmd_store_exec_sql (self, "BEGIN IMMEDIATE", "start the schema migration", error))
    return FALSE;

  if (!_bmd_store_query_int (self, "PRAGMA user_version", "read the schema version", &version, error))
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

      if (!_bmd_store_exec_sql (self, migrations[version], purpose, error) ||
          !_bmd_store_exec_sql (self, set_version, purpose, error))
        goto fail;
    }

  /* Setting the id rewrites the file's first page even when the value is the
   * same: only when it differs. */
  if (!_bmd_store_query_int (self, "PRAGMA application_id", "read the application id", &app_id, error))
    goto fail;
  if (app_id != _BMD_STORE_APPLICATION_ID)
    {
      g_autofree char *set_app_id = g_strdup_printf ("PRAGMA application_id = %d",
                                                     _BMD_STORE_APPLICATION_ID);

      if (!_bmd_store_exec_sql (self, set_app_id, "mark the file as a Bake My Day store", error))
        goto fail;
    }

  if (!_bmd_store_exec_sql (self, "COMMIT", "commit the schema migration", error))
    goto fail;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}
