#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bmd-delta-log.h"
#include "bmd-s3.h"

G_BEGIN_DECLS

/* One Delta table in an S3 folder: reads its log, commits a table's full
 * rows (remove the live files, add the new one), writes the Spectrum
 * manifest, checkpoints every 10 versions and vacuums old files.
 *
 * A commit's data file goes first and its log entry last, as a PUT with
 * If-None-Match: *. When another writer took the version (412), the log is
 * read again and the commit is made at the next version, removing the files
 * live then: both commits stay in the log, the later one's rows win.
 * Blocking: use from a worker thread. */

#define BMD_TYPE_DELTA_TABLE (bmd_delta_table_get_type ())
G_DECLARE_FINAL_TYPE (BmdDeltaTable, bmd_delta_table, BMD, DELTA_TABLE, GObject)

#define BMD_DELTA_CHECKPOINT_INTERVAL 10

/* A table's whole content, as one data file (bmd_lake_table_write ()). */
typedef struct
{
  const char *schema_string;   /* metaData's schemaString */
  GBytes     *data;            /* the Parquet file; NULL when the table has no rows */
  const char *stats;           /* the add action's stats JSON */
  gint64      n_records;
  const char *content_digest;  /* equal digests: the same rows, no commit */
} BmdDeltaContent;

/* Called after the log was read and before the commit's PUT of @version:
 * tests use it to let another writer commit in between. */
typedef void (*BmdDeltaCommitHook) (BmdDeltaTable *table,
                                    gint64         version,
                                    gpointer       user_data);

/* What one bmd_delta_table_write() did. */
typedef struct
{
  gint64   version;        /* the version committed; -1 when nothing was */
  gboolean checkpointed;
  guint    attempts;       /* 1, plus one per version another writer took */
} BmdDeltaWriteResult;

/* @root: the table's folder key without the trailing "/"
 * ("bakemyday/delta/orders"). */
BmdDeltaTable *bmd_delta_table_new               (BmdS3Client            *client,
                                                  const char             *bucket,
                                                  const char             *root);
const char    *bmd_delta_table_get_root          (BmdDeltaTable          *self);
const char    *bmd_delta_table_get_bucket        (BmdDeltaTable          *self);
/* "s3://BUCKET/ROOT/_symlink_format_manifest/": Glue's location. */
char          *bmd_delta_table_dup_manifest_folder (BmdDeltaTable        *self);
void           bmd_delta_table_set_commit_hook   (BmdDeltaTable          *self,
                                                  BmdDeltaCommitHook      hook,
                                                  gpointer                user_data);
/* The clock commits and vacuum read, ms since the epoch; 0: the real clock. */
void           bmd_delta_table_set_clock         (BmdDeltaTable          *self,
                                                  gint64                  now_ms);

/* Every commit from version 0, in order. */
BmdDeltaLog   *bmd_delta_table_read_log          (BmdDeltaTable          *self,
                                                  GCancellable           *cancellable,
                                                  GError                **error);
/* Commits @content as the table's whole content, unless the newest commit
 * holds the same content digest. An empty table's commit removes the live
 * files and adds none. */
gboolean       bmd_delta_table_write             (BmdDeltaTable          *self,
                                                  const BmdDeltaContent  *content,
                                                  const char             *run_id,
                                                  BmdDeltaWriteResult    *out_result,
                                                  GCancellable           *cancellable,
                                                  GError                **error);
/* Deletes data files removed more than @retention_days ago, and files no
 * commit names (a killed refresh's) last modified that long ago. */
gboolean       bmd_delta_table_vacuum            (BmdDeltaTable          *self,
                                                  guint                   retention_days,
                                                  guint                  *out_deleted,
                                                  GCancellable           *cancellable,
                                                  GError                **error);

G_END_DECLS
