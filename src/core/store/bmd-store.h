#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* BmdStore: the local warehouse, one SQLite file DATA_DIR/bakemyday.sqlite3.
 *
 * Threads: a BmdStore (and its SQLite connection) is used from one thread at a
 * time. It may move between threads, but is never shared by two at once: the
 * refresh worker opens its own store on the same data dir, and the UI learns
 * about its commits through bmd_store_get_data_version().
 *
 * Durability: the file is in WAL mode with synchronous=NORMAL. A refresh is one
 * transaction; if the process fails, is cancelled or is killed (even kill -9)
 * the store keeps the previous data. On power loss the last committed refresh
 * may be lost, but the file is never corrupt.
 *
 * Functions that return a BmdUpsertResult, a count or a version cannot say
 * "failed" in their return value: on failure they set @error (when they take
 * one) or log a debug message and return UNCHANGED / 0. */

#define BMD_STORE_ERROR (bmd_store_error_quark ())

typedef enum
{
  BMD_STORE_ERROR_OPEN,     /* the data dir or file cannot be opened or created */
  BMD_STORE_ERROR_BUSY,     /* another refresh holds the lock */
  BMD_STORE_ERROR_CORRUPT,  /* not a Bake My Day store, or damaged */
  BMD_STORE_ERROR_VERSION,  /* made by a newer version of the app */
  BMD_STORE_ERROR_FAILED,   /* any other SQLite failure; the message names the statement's purpose */
  BMD_STORE_ERROR_BAD_PATH, /* the data dir cannot be a folder (a part of it is a file): a bad argument */
} BmdStoreError;

typedef enum
{
  BMD_UPSERT_UNCHANGED,
  BMD_UPSERT_ADDED,
  BMD_UPSERT_UPDATED,
} BmdUpsertResult;

typedef struct
{
  gint64  id;
  char   *started_at;    /* ISO 8601 UTC */
  char   *finished_at;   /* NULL while running */
  char   *outcome;       /* "running", "ok", "failed", "cancelled" */
  char   *error;
  guint   orders_total;
  guint   added;
  guint   updated;
  guint   deleted;
} BmdStoreRun;

void bmd_store_run_free (BmdStoreRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdStoreRun, bmd_store_run_free)

#define BMD_TYPE_STORE (bmd_store_get_type ())
G_DECLARE_FINAL_TYPE (BmdStore, bmd_store, BMD, STORE, GObject)

GQuark           bmd_store_error_quark         (void);

/* Opens (creating the directory and file, migrating the schema) DATA_DIR/bakemyday.sqlite3. */
BmdStore        *bmd_store_open                (const char  *data_dir,
                                                GError     **error);
const char      *bmd_store_get_data_dir        (BmdStore *self);
/* The database file: DATA_DIR/bakemyday.sqlite3. */
const char      *bmd_store_get_path            (BmdStore *self);
int              bmd_store_get_schema_version  (BmdStore *self);

/* One refresh at a time per data dir: an flock on DATA_DIR/refresh.lock.
 * With @wait FALSE a held lock gives BMD_STORE_ERROR_BUSY at once. */
gboolean         bmd_store_lock_refresh        (BmdStore  *self,
                                                gboolean   wait,
                                                GError   **error);
void             bmd_store_unlock_refresh      (BmdStore  *self);

/* A refresh writes inside one transaction: all or nothing, even on kill -9. */
gboolean         bmd_store_begin               (BmdStore  *self,
                                                GError   **error);
gboolean         bmd_store_commit              (BmdStore  *self,
                                                GError   **error);
void             bmd_store_rollback            (BmdStore  *self);

/* @raw_json is the order node. The row counts as UPDATED only when the JSON
 * differs from what is stored (a real content change), or the order was
 * marked deleted. @pickup_utc may be NULL (no usable pickup date). */
BmdUpsertResult  bmd_store_upsert_order        (BmdStore    *self,
                                                const char  *id,
                                                const char  *updated_at,
                                                const char  *pickup_utc,
                                                const char  *raw_json,
                                                GError     **error);
/* Returns FALSE with no error when the order was unknown or already deleted. */
gboolean         bmd_store_mark_deleted        (BmdStore    *self,
                                                const char  *id,
                                                const char  *deleted_at,
                                                GError     **error);
/* Orders not marked deleted. */
guint            bmd_store_count_orders        (BmdStore  *self);
/* Element type char*: ids of the orders not marked deleted. */
GPtrArray       *bmd_store_list_ids            (BmdStore  *self,
                                                GError   **error);
/* Ids of live orders with pickup_utc >= @since_utc (ISO 8601 UTC). */
GPtrArray       *bmd_store_list_ids_with_pickup_since (BmdStore   *self,
                                                       const char *since_utc,
                                                       GError    **error);
/* The raw JSON of one live order; NULL (no error) when it is unknown or deleted. */
char            *bmd_store_dup_order_json      (BmdStore    *self,
                                                const char  *id,
                                                GError     **error);
/* Element type char*: the raw JSON of every live order, ordered by id. */
GPtrArray       *bmd_store_list_order_json     (BmdStore  *self,
                                                GError   **error);

/* Called with one live order's id and raw JSON: @json is nul-terminated,
 * @length bytes long, and only valid during the call (so is @id). Return
 * FALSE with @error set to stop. The function must not use the store it is
 * called from. */
typedef gboolean (*BmdStoreOrderJsonFunc) (const char  *id,
                                           const char  *json,
                                           gsize        length,
                                           gpointer     user_data,
                                           GError     **error);

/* Streams every live order's raw JSON, ordered by id, without holding them
 * all in memory. FALSE with @error when the read or @func fails. */
gboolean         bmd_store_foreach_order_json  (BmdStore               *self,
                                                BmdStoreOrderJsonFunc   func,
                                                gpointer                user_data,
                                                GError                **error);

/* Key/value sync state (watermarks, shop zone, last full comparison, …). */
char            *bmd_store_dup_state           (BmdStore    *self,
                                                const char  *key);
gboolean         bmd_store_set_state           (BmdStore    *self,
                                                const char  *key,
                                                const char  *value,
                                                GError     **error);

/* Runs are recorded outside the refresh transaction so that failures are kept. */
gint64           bmd_store_run_begin           (BmdStore    *self,
                                                const char  *started_at,
                                                GError     **error);
gboolean         bmd_store_run_finish          (BmdStore          *self,
                                                const BmdStoreRun *run,
                                                GError           **error);
/* Runs still marked "running" when a refresh takes the lock were stopped
 * before they ended (killed, or the machine went down): marks them
 * "interrupted". Returns how many, or -1 with @error set. */
gint64           bmd_store_mark_runs_interrupted (BmdStore  *self,
                                                  GError   **error);
/* How many runs ended with @outcome ("ok", "failed", "cancelled",
 * "interrupted", "running"); -1 on a read error. */
gint64           bmd_store_count_runs          (BmdStore   *self,
                                                const char *outcome);
/* The newest run, or NULL. */
BmdStoreRun     *bmd_store_dup_last_run        (BmdStore *self,
                                                gboolean  successful_only);

/* Days off, as "YYYY-MM-DD" local dates. */
gboolean         bmd_store_set_day_off         (BmdStore    *self,
                                                const char  *date,
                                                gboolean     off,
                                                GError     **error);
GPtrArray       *bmd_store_list_days_off       (BmdStore  *self,
                                                GError   **error);

/* Changes whenever another connection (the CLI's daily refresh) commits: compare
 * two values to know whether to reload. */
gint64           bmd_store_get_data_version    (BmdStore *self);

/* TRUE between bmd_store_begin() and bmd_store_commit()/bmd_store_rollback(). */
gboolean         bmd_store_in_transaction      (BmdStore *self);
/* PRAGMA integrity_check: FALSE with BMD_STORE_ERROR_CORRUPT and the first
 * problem SQLite reports when the file is damaged. */
gboolean         bmd_store_check_integrity     (BmdStore  *self,
                                                GError   **error);

/* The state key holding the myshopifyDomain of the shop whose orders the
 * store holds; a refresh against another shop is refused. */
#define BMD_STORE_STATE_SHOP_DOMAIN "shop_domain"

/* Where the orders of @domain are kept while another shop is current. */
char       *bmd_store_dup_set_aside_path (BmdStore    *self,
                                          const char  *domain);
/* Sets the current shop's orders aside (shops/DOMAIN.sqlite3 in the data dir)
 * and continues with @new_domain's, brought back from there when they were
 * set aside before, else an empty store. The caller holds the refresh lock;
 * no transaction may be open. Nothing moves when the store already belongs
 * to @new_domain or to no shop yet. */
gboolean    bmd_store_switch_shop        (BmdStore    *self,
                                          const char  *new_domain,
                                          GError     **error);

G_END_DECLS
