#define G_LOG_DOMAIN "bmd-pipeline"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-delta-table.h"
#include "bmd-glue.h"
#include "bmd-lake.h"
#include "bmd-lake-tables.h"
#include "bmd-pipeline-delta.h"

static void
progress (const BmdDeltaStage *stage,
          const char          *message)
{
  if (stage->progress != NULL)
    stage->progress (message, stage->progress_data);
}

static BmdDeltaTable *
open_table (const BmdDeltaStage *stage,
            const char          *name)
{
  g_autofree char *root = bmd_lake_delta_root (stage->config->s3_prefix, name);

  return bmd_delta_table_new (stage->client, stage->config->s3_bucket, root);
}

static gboolean
commit_table (const BmdDeltaStage  *stage,
              BmdLakeTableFile     *file,
              gboolean             *out_committed,
              GError              **error)
{
  g_autoptr(BmdDeltaTable) table = open_table (stage, file->table);
  g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (file->table);
  g_autofree char *schema_string = NULL;
  BmdDeltaContent content = { 0 };
  BmdDeltaWriteResult result = { 0 };
  guint deleted = 0;

  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "%s is not a lake table", file->table);
      return FALSE;
    }
  schema_string = bmd_parquet_schema_to_delta_json (schema);
  content.schema_string = schema_string;
  content.data = file->n_records > 0 ? file->parquet : NULL;
  content.stats = file->stats;
  content.n_records = file->n_records;
  content.content_digest = file->content_digest;
  if (!bmd_delta_table_write (table, &content, stage->run_id, &result, stage->cancellable, error))
    {
      g_prefix_error (error, "%s: ", file->table);
      return FALSE;
    }
  *out_committed = result.version >= 0;
  if (!bmd_delta_table_vacuum (table, stage->config->lake_retention_days, &deleted,
                               stage->cancellable, error))
    {
      g_prefix_error (error, "%s: vacuum: ", file->table);
      return FALSE;
    }
  g_debug ("%s: version %" G_GINT64_FORMAT ", %u files vacuumed", file->table, result.version, deleted);
  return TRUE;
}

static gboolean
register_tables (const BmdDeltaStage  *stage,
                 guint                 n_tables,
                 GError              **error)
{
  const BmdConfig *config = stage->config;
  g_autoptr(BmdGlueClient) glue = NULL;
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("Registering the lake’s tables in Glue database %s"), config->glue_database);
  progress (stage, message);
  glue = bmd_glue_client_new (config->glue_endpoint, stage->credentials, error);
  if (glue == NULL)
    return FALSE;
  if (!bmd_glue_client_ensure_database (glue, config->glue_database, stage->cancellable, error))
    return FALSE;
  for (guint i = 0; i < n_tables; i++)
    {
      BmdLakeTableFile *file = g_ptr_array_index (stage->files, i);
      g_autoptr(BmdDeltaTable) table = open_table (stage, file->table);
      g_autoptr(BmdParquetSchema) schema = bmd_lake_table_schema (file->table);
      g_autofree char *location = bmd_delta_table_dup_manifest_folder (table);

      if (!bmd_glue_client_put_table (glue, config->glue_database, file->table, schema, location,
                                      stage->cancellable, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_bmd_pipeline_run_delta (const BmdDeltaStage  *stage,
                         guint                *out_commits,
                         GError              **lake_error,
                         GError              **catalog_error)
{
  guint commits = 0;
  guint done = 0;

  g_return_val_if_fail (stage != NULL && stage->files != NULL, FALSE);

  for (; done < stage->files->len; done++)
    {
      BmdLakeTableFile *file = g_ptr_array_index (stage->files, done);
      g_autofree char *message = NULL;
      gboolean committed = FALSE;

      if (g_cancellable_set_error_if_cancelled (stage->cancellable, lake_error))
        break;
      message = g_strdup_printf (_("Committing Delta table %s (%u of %u)"), file->table, done + 1,
                                 stage->files->len);
      progress (stage, message);
      if (!commit_table (stage, file, &committed, lake_error))
        break;
      if (committed)
        commits++;
    }
  if (out_commits != NULL)
    *out_commits = commits;

  /* The catalog describes the tables committed so far, also after a lake failure. */
  if (stage->config->glue_database != NULL && done > 0
      && !g_cancellable_is_cancelled (stage->cancellable))
    {
      if (!register_tables (stage, done, catalog_error))
        return FALSE;
    }
  return done == stage->files->len;
}
