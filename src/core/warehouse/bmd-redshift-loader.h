#pragma once

#include <gio/gio.h>

#include "bmd-plan.h"

G_BEGIN_DECLS

#define BMD_WAREHOUSE_ERROR (bmd_warehouse_error_quark ())

/* Cancellation is G_IO_ERROR_CANCELLED. */
typedef enum
{
  BMD_WAREHOUSE_ERROR_CONNECT,  /* cannot connect or log in; the message names host and database */
  BMD_WAREHOUSE_ERROR_SETTINGS, /* a bad connection string, dialect, IAM role or lake location */
  BMD_WAREHOUSE_ERROR_QUERY,    /* a statement failed; the message names the step and SQLSTATE */
} BmdWarehouseError;

typedef enum
{
  BMD_WAREHOUSE_DIALECT_AUTO,     /* SELECT version() decides */
  BMD_WAREHOUSE_DIALECT_POSTGRES,
  BMD_WAREHOUSE_DIALECT_REDSHIFT,
} BmdWarehouseDialect;

/* One load: the full snapshot and the plan of one refresh. */
typedef struct
{
  const char *run_id;
  GDateTime  *started_at;
  GPtrArray  *order_rows;   /* element type JsonObject (bmd_warehouse_order_rows ()) */
  GPtrArray  *ready_rows;   /* bmd_warehouse_ready_rows_all (); NULL keeps the ready tables */
  const char *lake_bucket;  /* where the lake stage wrote the snapshot: Redshift */
  const char *lake_key;     /*   COPYs the key's folder; recorded in etl_runs */
  guint       added;        /* the refresh's counts, recorded in etl_runs */
  guint       updated;
  guint       deleted;
} BmdWarehouseBatch;

/* Called on the loading thread at each step: "connect", "schema", "stage",
 * "merge", "ready", "commit". */
typedef void (*BmdWarehouseProgressFunc) (const char *step,
                                          gpointer    user_data);

#define BMD_TYPE_REDSHIFT_LOADER (bmd_redshift_loader_get_type ())
G_DECLARE_FINAL_TYPE (BmdRedshiftLoader, bmd_redshift_loader, BMD, REDSHIFT_LOADER, GObject)

GQuark               bmd_warehouse_error_quark               (void);

gboolean             bmd_warehouse_dialect_from_string       (const char          *name,
                                                              BmdWarehouseDialect *out);

/* The value of @keyword ("dbname", "host", …) in a libpq connection string
 * or URI; NULL when absent or when the string does not parse. */
char                *bmd_warehouse_conninfo_dup_value        (const char          *conninfo,
                                                              const char          *keyword);

/* @conninfo: a libpq connection string or URI (BAKEMYDAY_WAREHOUSE). Blocking
 * calls: use from a worker thread, one loader per thread. */
BmdRedshiftLoader   *bmd_redshift_loader_new                 (const char          *conninfo,
                                                              BmdWarehouseDialect  dialect);
/* Temporary credentials (Redshift Serverless GetCredentials) replace the
 * connection string's user and password. */
void                 bmd_redshift_loader_set_login           (BmdRedshiftLoader *self,
                                                              const char        *user,
                                                              const char        *password);
/* The role Redshift's COPY assumes to read the lake (BAKEMYDAY_REDSHIFT_IAM_ROLE),
 * and the bucket's region when it differs from the cluster's (may be NULL). */
void                 bmd_redshift_loader_set_iam_role        (BmdRedshiftLoader *self,
                                                              const char        *iam_role,
                                                              const char        *region);
void                 bmd_redshift_loader_set_progress_func   (BmdRedshiftLoader        *self,
                                                              BmdWarehouseProgressFunc  func,
                                                              gpointer                  user_data);

gboolean             bmd_redshift_loader_connect             (BmdRedshiftLoader  *self,
                                                              GCancellable       *cancellable,
                                                              GError            **error);
/* After connecting: the detected or configured dialect. */
BmdWarehouseDialect  bmd_redshift_loader_get_dialect         (BmdRedshiftLoader *self);
/* Creates schema bmd and its tables when missing. */
gboolean             bmd_redshift_loader_ensure_schema       (BmdRedshiftLoader  *self,
                                                              GCancellable       *cancellable,
                                                              GError            **error);
/* The Glue database of the lake's Delta tables: on Redshift, load() first
 * creates the external schema bmd_lake over it (bmd-redshift-spectrum.h).
 * NULL (the default): no Spectrum schema. PostgreSQL ignores it. */
void                 bmd_redshift_loader_set_lake_database   (BmdRedshiftLoader *self,
                                                              const char        *glue_database);

/* Connects and creates the schema when needed, stages the snapshot, then in
 * one transaction merges bmd.orders, rewrites the ready tables and records
 * the run in bmd.etl_runs. On failure or cancel every table is as before
 * (a "failed" or "cancelled" etl_runs row is added afterwards).
 * @out_rows: the rows in bmd.orders afterwards. */
gboolean             bmd_redshift_loader_load                (BmdRedshiftLoader        *self,
                                                              const BmdWarehouseBatch  *batch,
                                                              gint64                   *out_rows,
                                                              GCancellable             *cancellable,
                                                              GError                  **error);

/* Redshift's COPY of a lake folder into @stage_table:
 * COPY "stage" FROM 's3://…/' IAM_ROLE '…' FORMAT JSON 'auto' GZIP TIMEFORMAT 'auto' [REGION '…'].
 * Literals are escaped with the connection when there is one. NULL with
 * BMD_WAREHOUSE_ERROR_SETTINGS when the role or the location is not valid. */
char                *bmd_redshift_loader_build_copy_sql      (BmdRedshiftLoader  *self,
                                                              const char         *stage_table,
                                                              const char         *s3_uri,
                                                              GError            **error);

G_END_DECLS
