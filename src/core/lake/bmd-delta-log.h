#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A Delta table's log, replayed: the state after its newest commit and one
 * line of history per commit. Commits are S3 objects, outside data: anything
 * that is not the protocol's JSON is an error, never a crash. */

#define BMD_DELTA_LOG_ERROR (bmd_delta_log_error_quark ())

typedef enum
{
  BMD_DELTA_LOG_ERROR_CORRUPT,     /* a commit that is not JSON actions, or a gap in the versions */
  BMD_DELTA_LOG_ERROR_UNSUPPORTED, /* a protocol newer than reader 1 / writer 2 */
} BmdDeltaLogError;

/* A live data file (an "add" not yet removed). */
typedef struct
{
  char   *path;               /* relative to the table's folder */
  gint64  size;
  gint64  modification_time;  /* ms since the epoch */
  gint64  num_records;        /* from stats; -1 when unknown */
} BmdDeltaFile;

/* A "remove": the file stays on S3 until vacuumed. */
typedef struct
{
  char   *path;
  gint64  deletion_timestamp; /* ms since the epoch */
  gint64  size;
} BmdDeltaTombstone;

/* One commit, for `lake history`. */
typedef struct
{
  gint64  version;
  gint64  timestamp;          /* commitInfo's, ms; -1 when absent */
  char   *operation;          /* commitInfo's, "" when absent */
  gint64  rows_added;         /* sum of the adds' numRecords */
  gint64  rows_removed;       /* sum of the removed files' numRecords */
  guint   files_added;
  guint   files_removed;
  char   *content_hash;       /* our commitInfo's "bakemyday" hash, NULL from other writers */
} BmdDeltaCommitInfo;

typedef struct _BmdDeltaLog BmdDeltaLog;

GQuark        bmd_delta_log_error_quark        (void);

BmdDeltaLog  *bmd_delta_log_new                (void);
void          bmd_delta_log_free               (BmdDeltaLog *log);

/* Applies commit @version (the text of _delta_log/%020d.json). It must be
 * the next version (0 first). On error the log is unchanged. */
gboolean      bmd_delta_log_apply              (BmdDeltaLog  *log,
                                                gint64        version,
                                                const char   *data,
                                                gsize         length,
                                                GError      **error);

/* -1 before any commit. */
gint64        bmd_delta_log_get_version        (BmdDeltaLog *log);
const char   *bmd_delta_log_get_table_id       (BmdDeltaLog *log);
const char   *bmd_delta_log_get_schema_string  (BmdDeltaLog *log);
gint64        bmd_delta_log_get_created_time   (BmdDeltaLog *log);
/* The metaData action in force, as the log holds it (NULL before version 0). */
JsonObject   *bmd_delta_log_get_metadata       (BmdDeltaLog *log);
/* Element type BmdDeltaFile, sorted by path. */
GPtrArray    *bmd_delta_log_dup_live_files     (BmdDeltaLog *log);
guint         bmd_delta_log_get_n_live_files   (BmdDeltaLog *log);
/* The live add actions as the log wrote them, sorted by path (for checkpoints). */
GPtrArray    *bmd_delta_log_dup_live_adds      (BmdDeltaLog *log);
/* Element type BmdDeltaTombstone, sorted by path: files removed and not re-added. */
GPtrArray    *bmd_delta_log_dup_tombstones     (BmdDeltaLog *log);
gboolean      bmd_delta_log_is_known_path      (BmdDeltaLog *log,
                                                const char  *path);
/* Element type BmdDeltaCommitInfo, oldest first. */
GPtrArray    *bmd_delta_log_get_history        (BmdDeltaLog *log);
/* The newest commit's content hash, NULL when none. */
const char   *bmd_delta_log_get_content_hash   (BmdDeltaLog *log);

void          bmd_delta_file_free              (BmdDeltaFile      *file);
void          bmd_delta_tombstone_free         (BmdDeltaTombstone *tombstone);

/* "_delta_log/00000000000000000007.json" → 7; -1 for any other name. */
gint64        bmd_delta_log_parse_commit_name  (const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdDeltaLog, bmd_delta_log_free)

G_END_DECLS
