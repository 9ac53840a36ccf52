/* Stand-in for the core's refresh until its implementation lands: every
 * refresh fails with a message that says so. */
#define G_LOG_DOMAIN "bmd-pipeline"

#include "config.h"

#include "bmd-pipeline.h"

G_DEFINE_QUARK (bmd-pipeline-error-quark, bmd_pipeline_error)

void
bmd_refresh_result_free (BmdRefreshResult *result)
{
  if (result == NULL)
    return;
  g_free (result->lake_uri);
  g_free (result->later_stage_error);
  g_free (result);
}

BmdRefreshResult *
bmd_pipeline_run (const BmdConfig  *config,
                  gboolean          full,
                  BmdPipelineJob   *job,
                  GError          **error)
{
  if (job != NULL)
    bmd_pipeline_job_set_stage (job, "extract", 0, "connecting to Shopify");
  g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG,
               "extract: refresh is not available in this build");
  return NULL;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  BmdRefreshResult *result = bmd_pipeline_run (NULL, FALSE, task_data, &error);

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
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);

  g_task_set_source_tag (task, bmd_pipeline_run_async);
  if (job != NULL)
    g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  g_task_run_in_thread (task, run_in_thread);
}

BmdRefreshResult *
bmd_pipeline_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
bmd_refresh_result_format (const BmdRefreshResult *result)
{
  return g_strdup_printf ("refreshed: %u orders (%u added, %u updated, %u deleted)",
                          result->total, result->added, result->updated, result->deleted);
}
