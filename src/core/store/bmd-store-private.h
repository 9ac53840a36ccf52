#pragma once

#include "bmd-store.h"

G_BEGIN_DECLS

#include <sqlite3.h>

/* What the store's files share (bmd-store.c: statements and orders;
 * bmd-store-schema.c: checks and migrations; bmd-store-runs.c,
 * bmd-store-days-off.c). Only store files include this header. */

/* Every statement the store runs, prepared once and kept on the object.
 * Values are always bound, never pasted into the SQL. */
typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_GET_ORDER,
  STMT_INSERT_ORDER,
  STMT_UPDATE_ORDER,
  STMT_TOUCH_ORDER,
  STMT_MARK_DELETED,
  STMT_COUNT_ORDERS,
  STMT_LIST_IDS,
  STMT_LIST_IDS_PICKUP,
  STMT_LIST_JSON,
  STMT_GET_STATE,
  STMT_SET_STATE,
  STMT_DELETE_STATE,
  STMT_RUN_BEGIN,
  STMT_RUN_FINISH,
  STMT_LAST_RUN,
  STMT_LAST_OK_RUN,
  STMT_ADD_DAY_OFF,
  STMT_REMOVE_DAY_OFF,
  STMT_LIST_DAYS_OFF,
  STMT_DATA_VERSION,
  N_STMTS
} BmdStoreStmt;

struct _BmdStore
{
  GObject parent_instance;

  char *data_dir;
  char *path;
  sqlite3 *db;
  sqlite3_stmt *stmts[N_STMTS];
  int lock_fd;
};

const char *   _bmd_store_stmt_purpose     (BmdStoreStmt   id);
int            _bmd_store_map_sqlite_code  (int            rc);
void           _bmd_store_set_sqlite_error (BmdStore      *self,
                                            GError       **error,
                                            int            rc,
                                            const char    *purpose);
sqlite3_stmt * _bmd_store_get_stmt         (BmdStore      *self,
                                            BmdStoreStmt   id,
                                            GError       **error);
void           _bmd_store_release_stmt     (sqlite3_stmt  *stmt);
void           _bmd_store_bind_text        (sqlite3_stmt  *stmt,
                                            int            index,
                                            const char    *value);
gboolean       _bmd_store_run_stmt         (BmdStore      *self,
                                            sqlite3_stmt  *stmt,
                                            BmdStoreStmt   id,
                                            GError       **error);
gboolean       _bmd_store_exec_simple      (BmdStore      *self,
                                            BmdStoreStmt   id,
                                            GError       **error);
GPtrArray *    _bmd_store_list_strings     (BmdStore      *self,
                                            BmdStoreStmt   id,
                                            const char    *bind_value,
                                            GError       **error);
gboolean       _bmd_store_exec_sql         (BmdStore      *self,
                                            const char    *sql,
                                            const char    *purpose,
                                            GError       **error);
sqlite3_stmt * _bmd_store_query_row        (BmdStore      *self,
                                            const char    *sql,
                                            const char    *purpose,
                                            GError       **error);
gboolean       _bmd_store_query_int        (BmdStore      *self,
                                            const char    *sql,
                                            const char    *purpose,
                                            gint64        *out,
                                            GError       **error);
gboolean       _bmd_store_query_text       (BmdStore      *self,
                                            const char    *sql,
                                            const char    *purpose,
                                            char         **out,
                                            GError       **error);
gboolean       _bmd_store_check_file       (BmdStore      *self,
                                            gint64        *out_version,
                                            gint64        *out_app_id,
                                            GError       **error);
gboolean       _bmd_store_migrate          (BmdStore      *self,
                                            gint64         found_version,
                                            gint64         found_app_id,
                                            GError       **error);


/* "BmdD": marks a SQLite file as a Bake My Day store (PRAGMA application_id). */
#define _BMD_STORE_APPLICATION_ID 0x426d6444
/* The newest schema this code knows; the length of the migration list. */
#define _BMD_STORE_SCHEMA_VERSION 4
#define _BMD_STORE_FILE_NAME      "bakemyday.sqlite3"
#define _BMD_STORE_LOCK_NAME      "refresh.lock"

/* Opening and closing the file, for what replaces it (bmd-store-shops.c). */
gboolean _bmd_store_open_database  (BmdStore  *self,
                                    GError   **error);
void     _bmd_store_close_database (BmdStore  *self);

G_END_DECLS
