#define G_LOG_DOMAIN "bmd-delta"

#include "config.h"

#include <string.h>

#include "bmd-delta-log-checkpoint.h"
#include "bmd-delta-table.h"

/* How many times a commit follows other writers' versions before giving up. */
#define MAX_ATTEMPTS 16
#define MS_PER_DAY (24 * 60 * 60 * (gint64) 1000)

struct _BmdDeltaTable
{
  GObject parent_instance;

  BmdS3Client *client;
  char *bucket;
  char *root;
  gint64 clock_ms;

  BmdDeltaCommitHook hook;
  gpointer hook_data;
};

G_DEFINE_FINAL_TYPE (BmdDeltaTable, bmd_delta_table, G_TYPE_OBJECT)

static void
bmd_delta_table_finalize (GObject *object)
{
  BmdDeltaTable *self = BMD_DELTA_TABLE (object);

  g_clear_object (&self->client);
  g_free (self->bucket);
  g_free (self->root);
  G_OBJECT_CLASS (bmd_delta_table_parent_class)->finalize (object);
}

static void
bmd_delta_table_class_init (BmdDeltaTableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_delta_table_finalize;
}

static void
bmd_delta_table_init (BmdDeltaTable *self)
{
}

BmdDeltaTable *
bmd_delta_table_new (BmdS3Client *client,
                     const char  *bucket,
                     const char  *root)
{
  BmdDeltaTable *self;

  g_return_val_if_fail (BMD_IS_S3_CLIENT (client), NULL);
  g_return_val_if_fail (bucket != NULL, NULL);
  g_return_val_if_fail (root != NULL && *root != '\0', NULL);

  self = g_object_new (BMD_TYPE_DELTA_TABLE, NULL);
  self->client = g_object_ref (client);
  self->bucket = g_strdup (bucket);
  self->root = g_strdup (root);
  return self;
}

const char *
bmd_delta_table_get_root (BmdDeltaTable *self)
{
  return self->root;
}

const char *
bmd_delta_table_get_bucket (BmdDeltaTable *self)
{
  return self->bucket;
}

char *
bmd_delta_table_dup_manifest_folder (BmdDeltaTable *self)
{
  return g_strdup_printf ("s3://%s/%s/_symlink_format_manifest/", self->bucket, self->root);
}

void
bmd_delta_table_set_commit_hook (BmdDeltaTable      *self,
                                 BmdDeltaCommitHook  hook,
                                 gpointer            user_data)
{
  self->hook = hook;
  self->hook_data = user_data;
}

void
bmd_delta_table_set_clock (BmdDeltaTable *self,
                           gint64         now_ms)
{
  self->clock_ms = now_ms;
}

static gint64
now_ms (BmdDeltaTable *self)
{
  return self->clock_ms != 0 ? self->clock_ms : g_get_real_time () / 1000;
}

static char *
commit_key (BmdDeltaTable *self,
            gint64         version)
{
  return g_strdup_printf ("%s/_delta_log/%020" G_GINT64_FORMAT ".json", self->root, version);
}

/* Applies the versions after the log's newest, GETting each until one is
 * not there: no listing, so a commit another writer just made is seen. */
static gboolean
read_newer (BmdDeltaTable  *self,
            BmdDeltaLog    *log,
            GCancellable   *cancellable,
            GError        **error)
{
  for (;;)
    {
      gint64 version = bmd_delta_log_get_version (log) + 1;
      g_autofree char *key = commit_key (self, version);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) body = bmd_s3_client_get (self->client, self->bucket, key, cancellable, &local_error);
      gsize length;
      const char *data;

      if (body == NULL)
        {
          if (g_error_matches (local_error, BMD_S3_ERROR, BMD_S3_ERROR_NO_SUCH_KEY))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      data = g_bytes_get_data (body, &length);
      if (!bmd_delta_log_apply (log, version, data, length, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "s3://%s/%s: ", self->bucket, key);
          return FALSE;
        }
    }
}

BmdDeltaLog *
bmd_delta_table_read_log (BmdDeltaTable  *self,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(BmdDeltaLog) log = bmd_delta_log_new ();

  g_return_val_if_fail (BMD_IS_DELTA_TABLE (self), NULL);

  if (!read_newer (self, log, cancellable, error))
    return NULL;
  return g_steal_pointer (&log);
}

static void
add_member_object (JsonObject *parent,
                   const char *name,
                   JsonObject *child)
{
  json_object_set_object_member (parent, name, child);
}

static char *
action_line (const char *name,
             JsonObject *body)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *action = json_object_new ();

  add_member_object (action, name, json_object_ref (body));
  json_node_take_object (node, action);
  return json_to_string (node, FALSE);
}

static JsonObject *
new_metadata (BmdDeltaLog *log,
              const char  *schema_string,
              gint64       now)
{
  JsonObject *metadata = json_object_new ();
  JsonObject *format = json_object_new ();
  JsonObject *previous = bmd_delta_log_get_metadata (log);
  g_autofree char *uuid = NULL;

  /* A schema change keeps the table's id and creation time. */
  if (previous != NULL)
    json_object_set_string_member (metadata, "id", bmd_delta_log_get_table_id (log));
  else
    {
      uuid = g_uuid_string_random ();
      json_object_set_string_member (metadata, "id", uuid);
    }
  json_object_set_string_member (format, "provider", "parquet");
  json_object_set_object_member (format, "options", json_object_new ());
  json_object_set_object_member (metadata, "format", format);
  json_object_set_string_member (metadata, "schemaString", schema_string);
  json_object_set_array_member (metadata, "partitionColumns", json_array_new ());
  json_object_set_object_member (metadata, "configuration", json_object_new ());
  json_object_set_int_member (metadata, "createdTime",
                              previous != NULL && bmd_delta_log_get_created_time (log) >= 0
                                ? bmd_delta_log_get_created_time (log) : now);
  return metadata;
}

typedef struct
{
  char *path;          /* relative to the root; NULL when the table is empty */
  gint64 size;
  char *stats;
  gint64 rows;
} DataFile;

static char *
build_commit (BmdDeltaLog    *log,
              const char     *schema_string,
              const DataFile *data,
              const char     *content_hash,
              const char     *run_id,
              gint64          now)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) live = bmd_delta_log_dup_live_files (log);
  gint64 version = bmd_delta_log_get_version (log) + 1;
  g_autoptr(JsonObject) info = json_object_new ();
  JsonObject *parameters = json_object_new ();
  JsonObject *metrics = json_object_new ();
  JsonObject *ours = json_object_new ();
  gint64 removed_bytes = 0;

  if (version == 0)
    {
      g_autoptr(JsonObject) protocol = json_object_new ();
      g_autofree char *line = NULL;

      json_object_set_int_member (protocol, "minReaderVersion", 1);
      json_object_set_int_member (protocol, "minWriterVersion", 2);
      line = action_line ("protocol", protocol);
      g_string_append_printf (text, "%s\n", line);
    }
  if (version == 0 || g_strcmp0 (bmd_delta_log_get_schema_string (log), schema_string) != 0)
    {
      g_autoptr(JsonObject) metadata = new_metadata (log, schema_string, now);
      g_autofree char *line = action_line ("metaData", metadata);

      g_string_append_printf (text, "%s\n", line);
    }
  for (guint i = 0; i < live->len; i++)
    {
      BmdDeltaFile *file = g_ptr_array_index (live, i);
      g_autoptr(JsonObject) remove = json_object_new ();
      g_autofree char *line = NULL;

      json_object_set_string_member (remove, "path", file->path);
      json_object_set_int_member (remove, "deletionTimestamp", now);
      json_object_set_boolean_member (remove, "dataChange", TRUE);
      json_object_set_boolean_member (remove, "extendedFileMetadata", TRUE);
      json_object_set_object_member (remove, "partitionValues", json_object_new ());
      json_object_set_int_member (remove, "size", file->size);
      removed_bytes += file->size;
      line = action_line ("remove", remove);
      g_string_append_printf (text, "%s\n", line);
    }
  if (data->path != NULL)
    {
      g_autoptr(JsonObject) add = json_object_new ();
      g_autofree char *line = NULL;

      json_object_set_string_member (add, "path", data->path);
      json_object_set_object_member (add, "partitionValues", json_object_new ());
      json_object_set_int_member (add, "size", data->size);
      json_object_set_int_member (add, "modificationTime", now);
      json_object_set_boolean_member (add, "dataChange", TRUE);
      json_object_set_string_member (add, "stats", data->stats);
      line = action_line ("add", add);
      g_string_append_printf (text, "%s\n", line);
    }

  json_object_set_int_member (info, "timestamp", now);
  json_object_set_string_member (info, "operation", "WRITE");
  json_object_set_string_member (parameters, "mode", "Overwrite");
  json_object_set_string_member (parameters, "partitionBy", "[]");
  json_object_set_object_member (info, "operationParameters", parameters);
  if (version > 0)
    json_object_set_int_member (info, "readVersion", version - 1);
  json_object_set_string_member (info, "isolationLevel", "Serializable");
  json_object_set_boolean_member (info, "isBlindAppend", FALSE);
  /* Spark writes the metrics as strings; readers expect that. */
  json_object_set_string_member (metrics, "numFiles", data->path != NULL ? "1" : "0");
  {
    g_autofree char *rows = g_strdup_printf ("%" G_GINT64_FORMAT, data->rows);
    g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT, data->path != NULL ? data->size : 0);
    g_autofree char *removed = g_strdup_printf ("%u", live->len);
    g_autofree char *removed_size = g_strdup_printf ("%" G_GINT64_FORMAT, removed_bytes);

    json_object_set_string_member (metrics, "numOutputRows", rows);
    json_object_set_string_member (metrics, "numOutputBytes", bytes);
    json_object_set_string_member (metrics, "numRemovedFiles", removed);
    json_object_set_string_member (metrics, "numRemovedBytes", removed_size);
  }
  json_object_set_object_member (info, "operationMetrics", metrics);
  json_object_set_string_member (info, "engineInfo", "bakemyday/" PACKAGE_VERSION);
  json_object_set_string_member (ours, "contentHash", content_hash);
  if (run_id != NULL)
    json_object_set_string_member (ours, "runId", run_id);
  json_object_set_object_member (info, "bakemyday", ours);
  {
    g_autofree char *line = action_line ("commitInfo", info);

    g_string_append_printf (text, "%s\n", line);
  }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
put_text (BmdDeltaTable  *self,
          const char     *key,
          const char     *text,
          const char     *content_type,
          BmdS3PutFlags   flags,
          GCancellable   *cancellable,
          GError        **error)
{
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));

  return bmd_s3_client_put (self->client, self->bucket, key, body, content_type, flags, cancellable, error);
}

/* Spectrum reads the live files through this list, rewritten after each commit. */
static gboolean
write_manifest (BmdDeltaTable  *self,
                BmdDeltaLog    *log,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(GPtrArray) live = bmd_delta_log_dup_live_files (log);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *key = g_strdup_printf ("%s/_symlink_format_manifest/manifest", self->root);

  for (guint i = 0; i < live->len; i++)
    g_string_append_printf (text, "s3://%s/%s/%s\n", self->bucket, self->root,
                            ((BmdDeltaFile *) g_ptr_array_index (live, i))->path);
  return put_text (self, key, text->str, "text/plain", BMD_S3_PUT_NONE, cancellable, error);
}

static gboolean
write_checkpoint (BmdDeltaTable  *self,
                  BmdDeltaLog    *log,
                  GCancellable   *cancellable,
                  GError        **error)
{
  gint64 version = bmd_delta_log_get_version (log);
  g_autofree char *key = g_strdup_printf ("%s/_delta_log/%020" G_GINT64_FORMAT ".checkpoint.parquet",
                                          self->root, version);
  g_autofree char *last_key = g_strdup_printf ("%s/_delta_log/_last_checkpoint", self->root);
  g_autofree char *last = NULL;
  g_autoptr(GBytes) body = NULL;
  guint n_actions = 0;

  body = bmd_delta_log_write_checkpoint (log, &n_actions, error);
  if (body == NULL)
    return FALSE;
  if (!bmd_s3_client_put (self->client, self->bucket, key, body, "application/octet-stream",
                          BMD_S3_PUT_NONE, cancellable, error))
    return FALSE;
  /* _last_checkpoint only after the checkpoint itself is whole. */
  last = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"size\":%u}", version, n_actions);
  return put_text (self, last_key, last, "application/json", BMD_S3_PUT_NONE, cancellable, error);
}

static void
data_file_clear (DataFile *data)
{
  g_clear_pointer (&data->path, g_free);
  g_clear_pointer (&data->stats, g_free);
}

/* The data file goes up before any log entry names it: a refresh killed
 * here leaves an orphan file (vacuumed later) and the table as it was. */
static gboolean
upload_data (BmdDeltaTable          *self,
             const BmdDeltaContent  *content,
             DataFile               *data,
             GCancellable           *cancellable,
             GError                **error)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *key = NULL;

  data->rows = content->n_records;
  if (content->data == NULL || content->n_records == 0)
    return TRUE;
  data->path = g_strdup_printf ("part-00000-%s-c000.zstd.parquet", uuid);
  data->size = g_bytes_get_size (content->data);
  data->stats = g_strdup (content->stats);
  key = g_strdup_printf ("%s/%s", self->root, data->path);
  return bmd_s3_client_put (self->client, self->bucket, key, content->data, "application/vnd.apache.parquet",
                            BMD_S3_PUT_NONE, cancellable, error);
}

static void
delete_data (BmdDeltaTable *self,
             DataFile      *data)
{
  g_autofree char *key = NULL;

  if (data->path == NULL)
    return;
  key = g_strdup_printf ("%s/%s", self->root, data->path);
  /* Best effort: vacuum removes it later otherwise. */
  bmd_s3_client_delete (self->client, self->bucket, key, NULL, NULL);
}

gboolean
bmd_delta_table_write (BmdDeltaTable          *self,
                       const BmdDeltaContent  *content,
                       const char             *run_id,
                       BmdDeltaWriteResult   *out_result,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autoptr(BmdDeltaLog) log = NULL;
  DataFile data = { 0 };
  BmdDeltaWriteResult result = { -1, FALSE, 0 };
  gboolean uploaded = FALSE;
  gboolean ok = FALSE;

  g_return_val_if_fail (BMD_IS_DELTA_TABLE (self), FALSE);
  g_return_val_if_fail (content != NULL && content->schema_string != NULL, FALSE);
  g_return_val_if_fail (content->content_digest != NULL, FALSE);

  log = bmd_delta_table_read_log (self, cancellable, error);
  if (log == NULL)
    return FALSE;

  while (result.attempts < MAX_ATTEMPTS)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *commit = NULL;
      g_autofree char *key = NULL;
      gint64 version;
      gint64 now;

      result.attempts++;
      /* Also after a lost race: the winner may have written these rows. A
       * new column with the same rows still needs its metaData. */
      if (g_strcmp0 (bmd_delta_log_get_content_hash (log), content->content_digest) == 0
          && g_strcmp0 (bmd_delta_log_get_schema_string (log), content->schema_string) == 0)
        {
          if (uploaded)
            delete_data (self, &data);
          ok = TRUE;
          break;
        }
      if (!uploaded)
        {
          if (!upload_data (self, content, &data, cancellable, error))
            break;
          uploaded = TRUE;
        }

      version = bmd_delta_log_get_version (log) + 1;
      if (self->hook != NULL)
        self->hook (self, version, self->hook_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;

      now = now_ms (self);
      commit = build_commit (log, content->schema_string, &data, content->content_digest, run_id, now);
      key = commit_key (self, version);
      if (put_text (self, key, commit, "application/json", BMD_S3_PUT_IF_NONE_MATCH,
                    cancellable, &local_error))
        {
          /* Our own commit, applied as any reader would read it. */
          if (!bmd_delta_log_apply (log, version, commit, strlen (commit), error))
            break;
          result.version = version;
          ok = TRUE;
          break;
        }
      if (!g_error_matches (local_error, BMD_S3_ERROR, BMD_S3_ERROR_PRECONDITION_FAILED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          break;
        }
      g_debug ("s3://%s/%s: version %" G_GINT64_FORMAT " was taken; reading the log again",
               self->bucket, self->root, version);
      if (!read_newer (self, log, cancellable, error))
        break;
    }
  if (!ok && result.attempts >= MAX_ATTEMPTS && (error == NULL || *error == NULL))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                 "s3://%s/%s: other writers took %u versions in a row; try again",
                 self->bucket, self->root, result.attempts);

  if (ok && result.version >= 0)
    {
      /* The commit stands; what follows is derived from the log and is
       * written again by the next commit if it fails now. */
      if (!write_manifest (self, log, cancellable, error))
        ok = FALSE;
      else if (result.version > 0
               && result.version % BMD_DELTA_CHECKPOINT_INTERVAL == 0)
        {
          if (!write_checkpoint (self, log, cancellable, error))
            ok = FALSE;
          else
            result.checkpointed = TRUE;
        }
    }
  data_file_clear (&data);
  if (out_result != NULL)
    *out_result = result;
  return ok;
}

/* "2026-06-29T20:00:00.000Z" → ms; -1 when unreadable. */
static gint64
parse_last_modified (const char *text)
{
  g_autoptr(GDateTime) t = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return t != NULL ? g_date_time_to_unix (t) * 1000 + g_date_time_get_microsecond (t) / 1000 : -1;
}

gboolean
bmd_delta_table_vacuum (BmdDeltaTable  *self,
                        guint           retention_days,
                        guint          *out_deleted,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(BmdDeltaLog) log = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GPtrArray) tombstones = NULL;
  g_autoptr(GHashTable) removed_at = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *folder = g_strconcat (self->root, "/", NULL);
  gint64 cutoff = now_ms (self) - (gint64) retention_days * MS_PER_DAY;
  guint deleted = 0;

  g_return_val_if_fail (BMD_IS_DELTA_TABLE (self), FALSE);

  log = bmd_delta_table_read_log (self, cancellable, error);
  if (log == NULL)
    return FALSE;
  tombstones = bmd_delta_log_dup_tombstones (log);
  for (guint i = 0; i < tombstones->len; i++)
    {
      BmdDeltaTombstone *t = g_ptr_array_index (tombstones, i);

      g_hash_table_insert (removed_at, t->path, t);
    }
  objects = bmd_s3_client_list (self->client, self->bucket, folder, cancellable, error);
  if (objects == NULL)
    return FALSE;

  for (guint i = 0; i < objects->len; i++)
    {
      BmdS3Object *object = g_ptr_array_index (objects, i);
      const char *path = object->key + strlen (folder);
      BmdDeltaTombstone *tombstone;
      gint64 when;

      /* Only data files: the log, the checkpoints and the manifest stay. */
      if (strchr (path, '/') != NULL || !g_str_has_suffix (path, ".parquet"))
        continue;
      tombstone = g_hash_table_lookup (removed_at, path);
      if (tombstone != NULL)
        when = tombstone->deletion_timestamp;
      else if (!bmd_delta_log_is_known_path (log, path))
        when = parse_last_modified (object->last_modified);   /* an orphan */
      else
        continue;                                              /* live */
      /* Strictly older than the retention: a file removed exactly N days ago stays. */
      if (when < 0 || when >= cutoff)
        continue;
      if (!bmd_s3_client_delete (self->client, self->bucket, object->key, cancellable, error))
        return FALSE;
      deleted++;
    }
  if (out_deleted != NULL)
    *out_deleted = deleted;
  return TRUE;
}
