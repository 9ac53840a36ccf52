#define G_LOG_DOMAIN "bmd-pipeline"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-redact.h"
#include "bmd-pickup.h"
#include "bmd-pipeline.h"
#include "bmd-pipeline-stages.h"
#include "bmd-store.h"
#include "bmd-sync.h"

G_DEFINE_QUARK (bmd-pipeline-error-quark, bmd_pipeline_error)

void
bmd_refresh_result_free (BmdRefreshResult *result)
{
  if (result == NULL)
    return;
  g_free (result->lake_uri);
  g_free (result->later_stage_error);
  g_free (result->zone_warning);
  g_free (result->draft_warning);
  g_free (result->switched_from);
  g_free (result);
}

char *
bmd_refresh_result_format (const BmdRefreshResult *result)
{
  GString *line;

  g_return_val_if_fail (result != NULL, NULL);

  line = g_string_new (NULL);
  g_string_append_printf (line, "refreshed: %u orders (%u added, %u updated, %u deleted)",
                          result->total, result->added, result->updated, result->deleted);
  if (result->lake_ran && result->lake_uri != NULL)
    g_string_append_printf (line, "; lake: %s", result->lake_uri);
  if (result->warehouse_ran)
    g_string_append_printf (line, "; warehouse: %" G_GINT64_FORMAT " rows", result->warehouse_rows);
  return g_string_free (line, FALSE);
}

static void
finish_run (BmdStore            *store,
            gint64               run_id,
            const BmdSyncCounts *counts,
            const GError        *error)
{
  g_autofree char *finished = bmd_format_now_utc_iso8601 ();
  g_autoptr(GError) local_error = NULL;
  BmdStoreRun run = { 0 };

  if (run_id <= 0)
    return;
  run.id = run_id;
  run.started_at = counts->run_started_at;
  run.finished_at = finished;
  run.outcome = error == NULL ? "ok"
                : g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? "cancelled"
                : "failed";
  run.error = error != NULL ? error->message : NULL;
  run.orders_total = counts->total;
  run.added = counts->added;
  run.updated = counts->updated;
  run.deleted = counts->deleted;
  if (!bmd_store_run_finish (store, &run, &local_error))
    g_message ("Could not record the refresh's outcome: %s", local_error->message);
}

/* --switch-shop: asks the shop its name first, and sets the store's orders
 * aside when they are another shop's. *out_switched_from names that shop. */
static gboolean
switch_shop (const BmdConfig  *config,
             BmdStore         *store,
             char            **out_switched_from,
             GError          **error)
{
  g_autoptr(BmdShopifyClient) client = NULL;
  g_auto(BmdShopInfo) shop = { 0 };
  g_autofree char *before = NULL;
  GError *local_error = NULL;

  client = bmd_sync_create_client (config, error);
  if (client == NULL)
    return FALSE;
  if (!bmd_shopify_client_fetch_shop_info (client, &shop, NULL, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                   "extract: %s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  if (shop.domain == NULL || *shop.domain == '\0')
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                   _("extract: Shopify’s answer about the shop does not name it (no myshopifyDomain)"));
      return FALSE;
    }

  before = bmd_store_dup_state (store, BMD_STORE_STATE_SHOP_DOMAIN);
  if (!bmd_store_switch_shop (store, shop.domain, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  if (before != NULL && g_ascii_strcasecmp (before, shop.domain) != 0)
    *out_switched_from = g_steal_pointer (&before);
  return TRUE;
}

BmdRefreshResult *
bmd_pipeline_run (const BmdConfig  *config,
                  gboolean          full,
                  BmdPipelineJob   *job,
                  GError          **error)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BmdRefreshResult) result = NULL;
  g_autofree char *started = bmd_format_now_utc_iso8601 ();
  BmdSyncCounts counts = { 0 };
  g_autofree char *switched_from = NULL;
  gint64 run_id;
  gboolean ok;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (job == NULL || BMD_IS_PIPELINE_JOB (job), NULL);

  bmd_config_remember_secrets (config);

  if (job != NULL)
    bmd_pipeline_job_set_stage (job, "extract", 0.0, _("Opening the local warehouse"));

  store = bmd_store_open (config->data_dir, &local_error);
  if (store == NULL)
    {
      g_set_error (error, BMD_PIPELINE_ERROR,
                   /* Only a data dir that cannot be a folder is a bad
                    * setting (exit 2); one that cannot be opened or read is
                    * the machine's trouble (exit 1). */
                   g_error_matches (local_error, BMD_STORE_ERROR, BMD_STORE_ERROR_BAD_PATH)
                     ? BMD_PIPELINE_ERROR_CONFIG : BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      return NULL;
    }
  if (!bmd_store_lock_refresh (store, FALSE, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_BUSY,
                   _("another refresh is running on %s; try again when it ends"), config->data_dir);
      return NULL;
    }

  /* Holding the lock, no other refresh runs: a run still "running" died. */
  if (bmd_store_mark_runs_interrupted (store, &local_error) < 0)
    {
      g_message ("Could not mark interrupted runs: %s", local_error->message);
      g_clear_error (&local_error);
    }

  /* Before the run is recorded: the record belongs in the store it is about. */
  if (config->switch_shop && !switch_shop (config, store, &switched_from, error))
    {
      bmd_store_unlock_refresh (store);
      return NULL;
    }

  run_id = bmd_store_run_begin (store, started, &local_error);
  if (run_id <= 0)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      bmd_store_unlock_refresh (store);
      return NULL;
    }

  ok = bmd_sync_run (config, store, full, job, &counts, &local_error);
  /* A server may echo what it was sent: no secret is stored or shown. */
  bmd_redact_error (local_error);
  finish_run (store, run_id, &counts, ok ? NULL : local_error);
  if (!ok)
    {
      bmd_store_unlock_refresh (store);
      bmd_sync_counts_clear (&counts);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  result = g_new0 (BmdRefreshResult, 1);
  result->total = counts.total;
  result->added = counts.added;
  result->updated = counts.updated;
  result->deleted = counts.deleted;
  result->warehouse_rows = -1;
  result->zone_warning = g_steal_pointer (&counts.zone_warning);
  result->draft_warning = g_steal_pointer (&counts.draft_warning);
  result->switched_from = g_steal_pointer (&switched_from);

  /* The store is refreshed: the lake and warehouse only add to it, and a
   * failure there keeps it (exit 3 in the CLI). */
  _bmd_pipeline_run_later_stages (config, store, job, result);
  if (result->later_stage_error != NULL)
    {
      char *redacted = bmd_redact (result->later_stage_error);

      g_free (result->later_stage_error);
      result->later_stage_error = redacted;
    }

  bmd_store_unlock_refresh (store);
  bmd_sync_counts_clear (&counts);
  if (job != NULL)
    bmd_pipeline_job_set_stage (job, "done", 1.0, _("Done"));
  return g_steal_pointer (&result);
}

typedef struct
{
  BmdConfig *config;
  gboolean full;
  BmdPipelineJob *job;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  bmd_config_free (run->config);
  g_clear_object (&run->job);
  g_free (run);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RunData *run = task_data;
  GError *error = NULL;
  BmdRefreshResult *result;

  result = bmd_pipeline_run (run->config, run->full, run->job, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) bmd_refresh_result_free);
}

void
bmd_pipeline_run_async (const BmdConfig     *config,
                        gboolean             full,
                        BmdPipelineJob      *job,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (config != NULL);
  g_return_if_fail (BMD_IS_PIPELINE_JOB (job));

  run = g_new0 (RunData, 1);
  run->config = bmd_config_copy (config);
  run->full = full;
  run->job = g_object_ref (job);

  task = g_task_new (NULL, bmd_pipeline_job_get_cancellable (job), callback, user_data);
  g_task_set_source_tag (task, bmd_pipeline_run_async);
  g_task_set_task_data (task, run, run_data_free);
  /* The worker reports cancellation itself, after rolling back. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

BmdRefreshResult *
bmd_pipeline_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
