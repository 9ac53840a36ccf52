#pragma once

#include <gio/gio.h>

#include "bmd-aws-credentials.h"
#include "bmd-config.h"
#include "bmd-s3.h"

G_BEGIN_DECLS

/* The lake's Delta tables and their Glue entries, after the bronze snapshot. */

typedef void (*BmdDeltaStageProgress) (const char *message,
                                       gpointer    user_data);

typedef struct
{
  const BmdConfig       *config;
  BmdS3Client           *client;
  BmdAwsCredentials     *credentials;
  const char            *run_id;
  /* Element type BmdLakeTableFile (bmd_lake_tables_write ()): one per table.
   * A new lake table is one more file in this list. */
  GPtrArray             *files;
  GCancellable          *cancellable;
  BmdDeltaStageProgress  progress;
  gpointer               progress_data;
} BmdDeltaStage;

/* Commits each table (data file first, log entry last), rewrites its
 * manifest, vacuums it; then, when config->glue_database is set, registers
 * every table in Glue. A failed commit stops the lake (@lake_error) and
 * leaves each table at its last commit; a Glue failure is @catalog_error.
 * TRUE when both went well. @out_commits: tables that got a new version. */
gboolean _bmd_pipeline_run_delta (const BmdDeltaStage  *stage,
                                  guint                *out_commits,
                                  GError              **lake_error,
                                  GError              **catalog_error);

G_END_DECLS
