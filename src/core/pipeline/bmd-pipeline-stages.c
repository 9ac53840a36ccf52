#define G_LOG_DOMAIN "bmd-pipeline"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bmd-wipe.h"
#include "bmd-aws-credentials.h"
#include "bmd-glue.h"
#include "bmd-lake.h"
#include "bmd-lake-tables.h"
#include "bmd-order.h"
#include "bmd-pipeline-delta.h"
#include "bmd-pipeline-stages.h"
#include "bmd-redshift-loader.h"
#include "bmd-redshift-serverless.h"
#include "bmd-s3.h"
#include "bmd-settings-file.h"
#include "bmd-snapshot.h"
#include "bmd-warehouse-rows.h"

/* The share of the whole refresh the later stages report in. */
#define LAKE_FRACTION      0.90
#define WAREHOUSE_FRACTION 0.95
#define END_FRACTION       0.99

typedef struct
{
  const BmdConfig *config;
  BmdPipelineJob *job;
  GCancellable *cancellable;
  BmdRefreshResult *result;

  GDateTime *now;
  GTimeZone *zone;
  char *run_id;
  GPtrArray *orders;          /* BmdOrder: the store's live orders */
  GPtrArray *rows;            /* JsonObject: bmd.orders rows of the snapshot */
  BmdPlan *plan;
  GPtrArray *ready_rows;      /* the ready tables, for the lake and the warehouse */
  BmdAwsCredentials *credentials;
  char *lake_key;             /* set when the lake stage wrote the snapshot */
} Stages;

static void
stages_clear (Stages *stages)
{
  g_clear_pointer (&stages->now, g_date_time_unref);
  g_clear_pointer (&stages->zone, g_time_zone_unref);
  g_clear_pointer (&stages->run_id, g_free);
  g_clear_pointer (&stages->orders, g_ptr_array_unref);
  g_clear_pointer (&stages->rows, g_ptr_array_unref);
  g_clear_pointer (&stages->ready_rows, g_ptr_array_unref);
  g_clear_object (&stages->plan);
  g_clear_object (&stages->credentials);
  g_clear_pointer (&stages->lake_key, g_free);
}

static void
report (Stages     *stages,
        const char *stage,
        double      fraction,
        const char *message)
{
  if (stages->job != NULL)
    bmd_pipeline_job_set_stage (stages->job, stage, fraction, message);
}

/* Appends "STAGE: MESSAGE" to the result's error; the first stage named is
 * the one that failed first, which is what the CLI's stderr line leads with. */
static void
add_stage_error (Stages     *stages,
                 const char *stage,
                 const char *message)
{
  char *joined;

  if (stages->result->later_stage_error == NULL)
    joined = g_strdup_printf ("%s: %s", stage, message);
  else
    joined = g_strdup_printf ("%s; %s: %s", stages->result->later_stage_error, stage, message);
  g_free (stages->result->later_stage_error);
  stages->result->later_stage_error = joined;
}

/* The shop's zone as the sync resolved it: the override, else the zone the
 * sync stored, else the default (the sync has already warned about an
 * unknown one). The planner and pickup_date need it. */
static GTimeZone *
resolve_zone (const BmdConfig *config,
              BmdStore        *store)
{
  g_autofree char *stored = bmd_store_dup_state (store, BMD_STATE_SHOP_ZONE);

  return bmd_time_zone_new_for_shop (config->zone, stored, NULL);
}

static gboolean
add_stored_order_cb (const char  *id,
                     const char  *json,
                     gsize        length,
                     gpointer     user_data,
                     GError     **error)
{
  GPtrArray *orders = user_data;
  g_autoptr(GError) local_error = NULL;
  BmdOrder *order = bmd_order_new_from_data (json, length, &local_error);

  if (order == NULL)
    {
      g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_CORRUPT,
                   _("a stored order cannot be read (%s); run a full refresh (--full)"),
                   local_error->message);
      return FALSE;
    }
  g_ptr_array_add (orders, order);
  return TRUE;
}

/* The full snapshot both stages write: every live order of the store,
 * flattened, and the plan the ready tables come from. The orders are read
 * one row at a time: each keeps its own text, and a list of every row's
 * text besides would hold the whole store twice. */
static gboolean
read_snapshot (Stages    *stages,
               BmdStore  *store,
               GError   **error)
{
  BmdPlanFlags flags = BMD_PLAN_FLAGS_NONE;

  stages->orders = g_ptr_array_new_full (bmd_store_count_orders (store), g_object_unref);
  if (!bmd_store_foreach_order_json (store, add_stored_order_cb, stages->orders, error))
    return FALSE;

  stages->zone = resolve_zone (stages->config, store);
  stages->now = g_date_time_new_now_utc ();
  if (stages->config->queue_calendar_week)
    flags |= BMD_PLAN_FLAGS_CALENDAR_WEEK;
  stages->plan = bmd_planner_plan (stages->orders, stages->now, stages->zone, flags);
  stages->run_id = bmd_run_id_new (stages->now);
  stages->rows = bmd_warehouse_order_rows (stages->orders, stages->zone, stages->run_id);
  stages->ready_rows = bmd_warehouse_ready_rows_all (stages->plan, stages->run_id);
  return TRUE;
}

/* Environment, then AWS profiles, then the app's stored key and secret.
 * Resolved once for S3 and Redshift Serverless. */
static BmdAwsCredentials *
get_credentials (Stages  *stages,
                 GError **error)
{
  if (stages->credentials == NULL)
    {
      g_autoptr(BmdAwsCredentials) resolved = bmd_stored_aws_credentials_resolve (error);

      if (resolved == NULL)
        return NULL;
      if (stages->config->s3_region != NULL
          && g_strcmp0 (stages->config->s3_region, bmd_aws_credentials_get_region (resolved)) != 0)
        stages->credentials = bmd_aws_credentials_with_region (resolved, stages->config->s3_region);
      else
        stages->credentials = g_steal_pointer (&resolved);
    }
  return stages->credentials;
}

static const char *
s3_hint (const GError *error)
{
  if (error->domain == BMD_AWS_ERROR)
    return NULL;
  if (error->domain != BMD_S3_ERROR)
    return NULL;
  switch ((BmdS3Error) error->code)
    {
    case BMD_S3_ERROR_NO_SUCH_BUCKET:
      return _("create the bucket, or set BAKEMYDAY_S3_BUCKET to one that exists");
    case BMD_S3_ERROR_INVALID_ACCESS_KEY:
    case BMD_S3_ERROR_SIGNATURE:
      return _("check the AWS access key id and secret access key");
    case BMD_S3_ERROR_ACCESS_DENIED:
      return _("give the access key s3:PutObject on the bucket");
    case BMD_S3_ERROR_INVALID_ENDPOINT:
    case BMD_S3_ERROR_NETWORK:
      return _("check BAKEMYDAY_S3_ENDPOINT and the network");
    case BMD_S3_ERROR_CLOCK_SKEW:
      return _("set this computer’s clock");
    case BMD_S3_ERROR_SERVER:
      return _("S3 had a problem; the next refresh writes the snapshot again");
    case BMD_S3_ERROR_FAILED:
    case BMD_S3_ERROR_NO_SUCH_KEY:
    case BMD_S3_ERROR_PRECONDITION_FAILED:
    default:
      return NULL;
    }
}

static const char *
glue_hint (const GError *error)
{
  if (error->domain != BMD_GLUE_ERROR)
    return NULL;
  switch ((BmdGlueError) error->code)
    {
    case BMD_GLUE_ERROR_INVALID_ENDPOINT:
    case BMD_GLUE_ERROR_NETWORK:
      return _("check BAKEMYDAY_GLUE_ENDPOINT and the network");
    case BMD_GLUE_ERROR_ACCESS_DENIED:
      return _("give the access key glue:GetDatabase, glue:CreateDatabase, glue:GetTable, glue:CreateTable and glue:UpdateTable");
    case BMD_GLUE_ERROR_SERVER:
      return _("Glue had a problem; the next refresh registers the tables again");
    case BMD_GLUE_ERROR_FAILED:
    case BMD_GLUE_ERROR_NOT_FOUND:
    case BMD_GLUE_ERROR_ALREADY_EXISTS:
    default:
      return NULL;
    }
}

static void
delta_progress_cb (const char *message,
                   gpointer    user_data)
{
  report (user_data, "lake", LAKE_FRACTION, message);
}

/* Bronze first (the run's JSON Lines, which Redshift's COPY reads), then the
 * Delta tables and their catalog entries. A catalog failure is its own
 * stage's error; the lake's work stands. */
static gboolean
run_lake (Stages  *stages,
          GError **catalog_error,
          GError **error)
{
  const BmdConfig *config = stages->config;
  BmdAwsCredentials *credentials;
  g_autoptr(BmdS3Client) client = NULL;
  g_autoptr(GPtrArray) files = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *message = NULL;
  g_autofree char *key = NULL;
  BmdDeltaStage delta = { 0 };

  folder = bmd_lake_orders_run_prefix (config->s3_prefix, stages->run_id);
  message = g_strdup_printf (_("Writing %u orders to s3://%s/%s"), stages->rows->len, config->s3_bucket, folder);
  report (stages, "lake", LAKE_FRACTION, message);

  credentials = get_credentials (stages, error);
  if (credentials == NULL)
    return FALSE;
  client = bmd_s3_client_new (config->s3_endpoint, credentials, error);
  if (client == NULL)
    return FALSE;
  if (!bmd_lake_upload (client, config->s3_bucket, config->s3_prefix, stages->run_id,
                        stages->rows, stages->ready_rows, &key, stages->cancellable, error))
    return FALSE;
  stages->lake_key = g_steal_pointer (&key);

  report (stages, "lake", LAKE_FRACTION, _("Writing the Delta tables’ Parquet files"));
  files = bmd_lake_tables_write (stages->rows, stages->ready_rows, stages->now, error);
  if (files == NULL)
    return FALSE;
  delta.config = config;
  delta.client = client;
  delta.credentials = credentials;
  delta.run_id = stages->run_id;
  delta.files = files;
  delta.cancellable = stages->cancellable;
  delta.progress = delta_progress_cb;
  delta.progress_data = stages;
  if (!_bmd_pipeline_run_delta (&delta, NULL, error, catalog_error))
    {
      /* Only the catalog failed: the lake itself is written. */
      if (error == NULL || *error == NULL)
        goto written;
      return FALSE;
    }

written:
  stages->result->lake_uri = g_strdup_printf ("s3://%s/%s", config->s3_bucket, stages->lake_key);
  stages->result->lake_ran = TRUE;
  return TRUE;
}

static void
warehouse_progress_cb (const char *step,
                       gpointer    user_data)
{
  static const struct { const char *step; double fraction; const char *message; } steps[] = {
    { "connect", 0.955, N_("Connecting to the warehouse") },
    { "schema", 0.96, N_("Checking schema bmd") },
    { "stage", 0.965, N_("Staging the snapshot") },
    { "merge", 0.975, N_("Merging bmd.orders") },
    { "ready", 0.98, N_("Writing the ready tables") },
    { "commit", 0.985, N_("Committing") },
  };
  Stages *stages = user_data;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (step, steps[i].step) == 0)
      report (stages, "warehouse", steps[i].fraction, _(steps[i].message));
}

static gboolean
log_in_serverless (Stages             *stages,
                   BmdRedshiftLoader  *loader,
                   GError            **error)
{
  BmdAwsCredentials *credentials = get_credentials (stages, error);
  g_autofree char *dbname = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autoptr(GDateTime) expiration = NULL;

  if (credentials == NULL)
    return FALSE;
  report (stages, "warehouse", WAREHOUSE_FRACTION, _("Asking Redshift Serverless for temporary credentials"));
  dbname = bmd_warehouse_conninfo_dup_value (stages->config->warehouse, "dbname");
  if (!bmd_redshift_serverless_get_credentials (credentials, NULL, stages->config->redshift_workgroup,
                                                dbname, 0, &user, &password, &expiration,
                                                stages->cancellable, error))
    return FALSE;
  bmd_redshift_loader_set_login (loader, user, password);
  bmd_wipe (password);
  return TRUE;
}

static gboolean
run_warehouse (Stages  *stages,
               GError **error)
{
  const BmdConfig *config = stages->config;
  g_autoptr(BmdRedshiftLoader) loader = NULL;
  BmdWarehouseDialect dialect;
  BmdWarehouseBatch batch = { 0 };
  gint64 rows = -1;

  report (stages, "warehouse", WAREHOUSE_FRACTION, _("Loading the warehouse"));
  if (!bmd_warehouse_dialect_from_string (config->warehouse_dialect, &dialect))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   _("BAKEMYDAY_WAREHOUSE_DIALECT is “%s”; set it to redshift or postgres, or leave it unset"),
                   config->warehouse_dialect);
      return FALSE;
    }
  /* Redshift has no COPY FROM STDIN: it reads the snapshot the lake stage wrote. */
  if (dialect == BMD_WAREHOUSE_DIALECT_REDSHIFT && stages->lake_key == NULL)
    {
      g_set_error_literal (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                           config->s3_bucket == NULL
                             ? _("not loaded: Redshift COPYs the snapshot from S3; set BAKEMYDAY_S3_BUCKET")
                             : _("not loaded: Redshift COPYs the snapshot from S3, which was not written"));
      return FALSE;
    }

  loader = bmd_redshift_loader_new (config->warehouse, dialect);
  bmd_redshift_loader_set_iam_role (loader, config->redshift_iam_role, config->s3_region);
  /* Spectrum reads the lake's tables through the Glue catalog they are in. */
  if (config->s3_bucket != NULL)
    bmd_redshift_loader_set_lake_database (loader, config->glue_database);
  bmd_redshift_loader_set_progress_func (loader, warehouse_progress_cb, stages);
  if (config->redshift_workgroup != NULL && !log_in_serverless (stages, loader, error))
    return FALSE;

  batch.run_id = stages->run_id;
  batch.started_at = stages->now;
  batch.order_rows = stages->rows;
  batch.ready_rows = stages->ready_rows;
  batch.lake_bucket = stages->lake_key != NULL ? config->s3_bucket : NULL;
  batch.lake_key = stages->lake_key;
  batch.added = stages->result->added;
  batch.updated = stages->result->updated;
  batch.deleted = stages->result->deleted;
  if (!bmd_redshift_loader_load (loader, &batch, &rows, stages->cancellable, error))
    return FALSE;

  stages->result->warehouse_rows = rows;
  stages->result->warehouse_ran = TRUE;
  report (stages, "warehouse", END_FRACTION, _("Warehouse loaded"));
  return TRUE;
}

static const char *
warehouse_hint (const GError *error)
{
  if (error->domain == BMD_WAREHOUSE_ERROR && error->code == BMD_WAREHOUSE_ERROR_CONNECT)
    return _("check BAKEMYDAY_WAREHOUSE (host, port, database, user and password) and the network");
  return NULL;
}

static char *
describe_error (const GError *error,
                const char   *hint)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("cancelled; the next refresh writes it"));
  if (hint != NULL)
    return g_strdup_printf ("%s; %s", error->message, hint);
  return g_strdup (error->message);
}

void
_bmd_pipeline_run_later_stages (const BmdConfig  *config,
                                BmdStore         *store,
                                BmdPipelineJob   *job,
                                BmdRefreshResult *result)
{
  Stages stages = { 0 };
  g_autoptr(GError) error = NULL;

  g_return_if_fail (config != NULL);
  g_return_if_fail (BMD_IS_STORE (store));
  g_return_if_fail (result != NULL);

  result->lake_ran = FALSE;
  result->warehouse_ran = FALSE;
  if (config->s3_bucket == NULL && config->warehouse == NULL)
    return;

  stages.config = config;
  stages.job = job;
  stages.cancellable = job != NULL ? bmd_pipeline_job_get_cancellable (job) : NULL;
  stages.result = result;

  report (&stages, config->s3_bucket != NULL ? "lake" : "warehouse", LAKE_FRACTION,
          _("Reading the stored orders"));
  if (!read_snapshot (&stages, store, &error))
    {
      g_autofree char *message = g_strdup_printf (_("could not read the local warehouse: %s"), error->message);

      add_stage_error (&stages, config->s3_bucket != NULL ? "lake" : "warehouse", message);
      stages_clear (&stages);
      return;
    }

  if (config->s3_bucket != NULL)
    {
      g_autoptr(GError) catalog_error = NULL;

      if (g_cancellable_set_error_if_cancelled (stages.cancellable, &error)
          || !run_lake (&stages, &catalog_error, &error))
        {
          g_autofree char *message = describe_error (error, s3_hint (error));

          add_stage_error (&stages, "lake", message);
          g_clear_error (&error);
        }
      if (catalog_error != NULL)
        {
          g_autofree char *message = describe_error (catalog_error, glue_hint (catalog_error));

          add_stage_error (&stages, "catalog", message);
        }
    }

  /* After a failed lake the warehouse still runs when it can do without the
   * lake: PostgreSQL loads the snapshot through COPY FROM STDIN, while
   * Redshift can only COPY from S3 (run_warehouse refuses, naming why, and an
   * auto-detected Redshift fails the same way in the loader). A cancel stops
   * here: the store is refreshed, and the next refresh writes everything. */
  if (config->warehouse != NULL
      && !g_cancellable_is_cancelled (stages.cancellable))
    {
      if (!run_warehouse (&stages, &error))
        {
          g_autofree char *message = describe_error (error, warehouse_hint (error));

          add_stage_error (&stages, "warehouse", message);
          g_clear_error (&error);
        }
    }
  else if (config->warehouse != NULL)
    add_stage_error (&stages, "warehouse", _("cancelled; the next refresh loads it"));

  stages_clear (&stages);
}
