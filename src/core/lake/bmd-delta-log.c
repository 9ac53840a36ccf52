#define G_LOG_DOMAIN "bmd-delta"

#include "config.h"

#include <string.h>

#include "bmd-delta-log.h"

/* Deeper JSON than any action needs is refused before json-glib recurses
 * into it: a hostile commit must not exhaust the stack. */
#define MAX_DEPTH 32

struct _BmdDeltaLog
{
  gint64 version;
  JsonObject *metadata;
  GHashTable *live;        /* path → JsonObject (the add action) */
  GHashTable *tombstones;  /* path → JsonObject (the remove action) */
  GHashTable *known;       /* every path any add or remove named (a set) */
  GPtrArray *history;      /* BmdDeltaCommitInfo */
};

G_DEFINE_QUARK (bmd-delta-log-error-quark, bmd_delta_log_error)

static void
commit_info_free (BmdDeltaCommitInfo *info)
{
  g_free (info->operation);
  g_free (info->content_hash);
  g_free (info);
}

void
bmd_delta_file_free (BmdDeltaFile *file)
{
  if (file == NULL)
    return;
  g_free (file->path);
  g_free (file);
}

void
bmd_delta_tombstone_free (BmdDeltaTombstone *tombstone)
{
  if (tombstone == NULL)
    return;
  g_free (tombstone->path);
  g_free (tombstone);
}

BmdDeltaLog *
bmd_delta_log_new (void)
{
  BmdDeltaLog *log = g_new0 (BmdDeltaLog, 1);

  log->version = -1;
  log->live = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  log->tombstones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  log->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  log->history = g_ptr_array_new_with_free_func ((GDestroyNotify) commit_info_free);
  return log;
}

void
bmd_delta_log_free (BmdDeltaLog *log)
{
  if (log == NULL)
    return;
  g_clear_pointer (&log->metadata, json_object_unref);
  g_hash_table_unref (log->live);
  g_hash_table_unref (log->tombstones);
  g_hash_table_unref (log->known);
  g_ptr_array_unref (log->history);
  g_free (log);
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An integer member; FALSE when absent or not a whole number. */
static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
too_deep (const char *line,
          gsize       length)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = line[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return TRUE;
        }
      else if (c == '}' || c == ']')
        depth--;
    }
  return FALSE;
}

/* numRecords from an add's stats (a JSON text inside the JSON); -1 when absent. */
static gint64
stats_num_records (JsonObject *add)
{
  const char *stats = get_string (add, "stats");
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  gint64 n = -1;

  if (stats == NULL || too_deep (stats, strlen (stats)))
    return -1;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, stats, -1, NULL))
    return -1;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || !get_int (json_node_get_object (root), "numRecords", &n) || n < 0)
    return -1;
  return n;
}

static gboolean
corrupt (GError     **error,
         gint64       version,
         guint        line,
         const char  *why)
{
  g_set_error (error, BMD_DELTA_LOG_ERROR, BMD_DELTA_LOG_ERROR_CORRUPT,
               "commit %" G_GINT64_FORMAT ", line %u: %s", version, line, why);
  return FALSE;
}

/* Checks one action; the actions this writer does not use are accepted as
 * they are (readers ignore what they do not need). */
static gboolean
check_action (JsonObject  *action,
              gint64       version,
              guint        line,
              GError     **error)
{
  JsonObject *body;
  gint64 n;

  if (json_object_get_size (action) != 1)
    return corrupt (error, version, line, "an action has exactly one member");

  if ((body = get_object (action, "add")) != NULL)
    {
      const char *path = get_string (body, "path");

      if (path == NULL || *path == '\0')
        return corrupt (error, version, line, "add without a path");
      if (!get_int (body, "size", &n) || n < 0)
        return corrupt (error, version, line, "add without a size");
      if (!get_int (body, "modificationTime", &n))
        return corrupt (error, version, line, "add without a modificationTime");
    }
  else if ((body = get_object (action, "remove")) != NULL)
    {
      const char *path = get_string (body, "path");

      if (path == NULL || *path == '\0')
        return corrupt (error, version, line, "remove without a path");
    }
  else if ((body = get_object (action, "metaData")) != NULL)
    {
      if (get_string (body, "id") == NULL || get_string (body, "schemaString") == NULL)
        return corrupt (error, version, line, "metaData without an id or a schemaString");
    }
  else if ((body = get_object (action, "protocol")) != NULL)
    {
      gint64 reader = 0, writer = 0;

      if (!get_int (body, "minReaderVersion", &reader) || !get_int (body, "minWriterVersion", &writer))
        return corrupt (error, version, line, "protocol without its versions");
      if (reader > 1 || writer > 2)
        {
          g_set_error (error, BMD_DELTA_LOG_ERROR, BMD_DELTA_LOG_ERROR_UNSUPPORTED,
                       "commit %" G_GINT64_FORMAT " needs Delta reader %" G_GINT64_FORMAT
                       " / writer %" G_GINT64_FORMAT "; this writer speaks reader 1 / writer 2",
                       version, reader, writer);
          return FALSE;
        }
    }
  else if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (action, json_object_get_members (action)->data)))
    return corrupt (error, version, line, "an action is not an object");
  return TRUE;
}

/* Parses every line first; only a whole valid commit changes the log. */
/* Spaces and tabs only, within @len bytes: a commit read from S3 need not
 * end in a NUL, so strspn() would read past it. */
static gboolean
is_blank (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (text[i] != ' ' && text[i] != '\t')
      return FALSE;
  return TRUE;
}

static GPtrArray *
parse_actions (gint64       version,
               const char  *data,
               gsize        length,
               GError     **error)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gsize start = 0;
  guint line = 0;

  while (start < length)
    {
      const char *nl = memchr (data + start, '\n', length - start);
      gsize end = nl != NULL ? (gsize) (nl - data) : length;
      gsize len = end - start;
      g_autoptr(JsonParser) parser = NULL;
      JsonNode *root;

      line++;
      if (len > 0 && data[start + len - 1] == '\r')
        len--;
      if (is_blank (data + start, len))
        {
          start = end + 1;
          continue;
        }
      if (memchr (data + start, '\0', len) != NULL || !g_utf8_validate_len (data + start, len, NULL))
        {
          corrupt (error, version, line, "not UTF-8 text");
          return NULL;
        }
      if (too_deep (data + start, len))
        {
          corrupt (error, version, line, "nested too deeply");
          return NULL;
        }
      parser = json_parser_new_immutable ();
      if (!json_parser_load_from_data (parser, data + start, len, NULL)
          || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          corrupt (error, version, line, "not a JSON object");
          return NULL;
        }
      if (!check_action (json_node_get_object (root), version, line, error))
        return NULL;
      g_ptr_array_add (actions, json_object_ref (json_node_get_object (root)));
      start = end + 1;
    }
  if (actions->len == 0)
    {
      corrupt (error, version, line, "no actions");
      return NULL;
    }
  return g_steal_pointer (&actions);
}

gboolean
bmd_delta_log_apply (BmdDeltaLog  *log,
                     gint64        version,
                     const char   *data,
                     gsize         length,
                     GError      **error)
{
  g_autoptr(GPtrArray) actions = NULL;
  BmdDeltaCommitInfo *info;
  gboolean has_metadata = FALSE;

  g_return_val_if_fail (log != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (version != log->version + 1)
    {
      g_set_error (error, BMD_DELTA_LOG_ERROR, BMD_DELTA_LOG_ERROR_CORRUPT,
                   "commit %" G_GINT64_FORMAT " follows version %" G_GINT64_FORMAT ": the log has a gap",
                   version, log->version);
      return FALSE;
    }
  actions = parse_actions (version, data, length, error);
  if (actions == NULL)
    return FALSE;
  for (guint i = 0; i < actions->len; i++)
    if (get_object (g_ptr_array_index (actions, i), "metaData") != NULL)
      has_metadata = TRUE;
  if (version == 0 && !has_metadata)
    return corrupt (error, version, 1, "version 0 has no metaData");

  info = g_new0 (BmdDeltaCommitInfo, 1);
  info->version = version;
  info->timestamp = -1;
  info->operation = g_strdup ("");
  for (guint i = 0; i < actions->len; i++)
    {
      JsonObject *action = g_ptr_array_index (actions, i);
      JsonObject *body;

      if ((body = get_object (action, "add")) != NULL)
        {
          const char *path = get_string (body, "path");
          gint64 n = stats_num_records (body);

          g_hash_table_replace (log->live, g_strdup (path), json_object_ref (body));
          g_hash_table_remove (log->tombstones, path);
          g_hash_table_add (log->known, g_strdup (path));
          info->files_added++;
          if (n > 0)
            info->rows_added += n;
        }
      else if ((body = get_object (action, "remove")) != NULL)
        {
          const char *path = get_string (body, "path");
          JsonObject *add = g_hash_table_lookup (log->live, path);

          if (add != NULL)
            {
              gint64 n = stats_num_records (add);

              if (n > 0)
                info->rows_removed += n;
              info->files_removed++;
              g_hash_table_remove (log->live, path);
            }
          g_hash_table_replace (log->tombstones, g_strdup (path), json_object_ref (body));
          g_hash_table_add (log->known, g_strdup (path));
        }
      else if ((body = get_object (action, "metaData")) != NULL)
        {
          g_clear_pointer (&log->metadata, json_object_unref);
          log->metadata = json_object_ref (body);
        }
      else if ((body = get_object (action, "commitInfo")) != NULL)
        {
          JsonObject *ours = get_object (body, "bakemyday");
          const char *operation = get_string (body, "operation");
          gint64 timestamp;

          if (get_int (body, "timestamp", &timestamp))
            info->timestamp = timestamp;
          if (operation != NULL)
            {
              g_free (info->operation);
              info->operation = g_strdup (operation);
            }
          if (ours != NULL && get_string (ours, "contentHash") != NULL)
            {
              g_free (info->content_hash);
              info->content_hash = g_strdup (get_string (ours, "contentHash"));
            }
        }
    }
  g_ptr_array_add (log->history, info);
  log->version = version;
  return TRUE;
}

gint64
bmd_delta_log_get_version (BmdDeltaLog *log)
{
  return log->version;
}

JsonObject *
bmd_delta_log_get_metadata (BmdDeltaLog *log)
{
  return log->metadata;
}

const char *
bmd_delta_log_get_table_id (BmdDeltaLog *log)
{
  return log->metadata != NULL ? get_string (log->metadata, "id") : NULL;
}

const char *
bmd_delta_log_get_schema_string (BmdDeltaLog *log)
{
  return log->metadata != NULL ? get_string (log->metadata, "schemaString") : NULL;
}

gint64
bmd_delta_log_get_created_time (BmdDeltaLog *log)
{
  gint64 t = -1;

  if (log->metadata != NULL)
    get_int (log->metadata, "createdTime", &t);
  return t;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_paths);
  return keys;
}

GPtrArray *
bmd_delta_log_dup_live_files (BmdDeltaLog *log)
{
  g_autoptr(GPtrArray) keys = sorted_keys (log->live);
  GPtrArray *files = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_delta_file_free);

  for (guint i = 0; i < keys->len; i++)
    {
      JsonObject *add = g_hash_table_lookup (log->live, keys->pdata[i]);
      BmdDeltaFile *file = g_new0 (BmdDeltaFile, 1);

      file->path = g_strdup (keys->pdata[i]);
      get_int (add, "size", &file->size);
      get_int (add, "modificationTime", &file->modification_time);
      file->num_records = stats_num_records (add);
      g_ptr_array_add (files, file);
    }
  return files;
}

guint
bmd_delta_log_get_n_live_files (BmdDeltaLog *log)
{
  return g_hash_table_size (log->live);
}

GPtrArray *
bmd_delta_log_dup_live_adds (BmdDeltaLog *log)
{
  g_autoptr(GPtrArray) keys = sorted_keys (log->live);
  GPtrArray *adds = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (adds, json_object_ref (g_hash_table_lookup (log->live, keys->pdata[i])));
  return adds;
}

GPtrArray *
bmd_delta_log_dup_tombstones (BmdDeltaLog *log)
{
  g_autoptr(GPtrArray) keys = sorted_keys (log->tombstones);
  GPtrArray *tombstones = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_delta_tombstone_free);

  for (guint i = 0; i < keys->len; i++)
    {
      JsonObject *remove = g_hash_table_lookup (log->tombstones, keys->pdata[i]);
      BmdDeltaTombstone *tombstone = g_new0 (BmdDeltaTombstone, 1);

      tombstone->path = g_strdup (keys->pdata[i]);
      /* Without a deletionTimestamp the file counts as removed at the epoch:
       * old enough for any retention. */
      if (!get_int (remove, "deletionTimestamp", &tombstone->deletion_timestamp))
        tombstone->deletion_timestamp = 0;
      if (!get_int (remove, "size", &tombstone->size))
        tombstone->size = -1;
      g_ptr_array_add (tombstones, tombstone);
    }
  return tombstones;
}

gboolean
bmd_delta_log_is_known_path (BmdDeltaLog *log,
                             const char  *path)
{
  return g_hash_table_contains (log->known, path);
}

GPtrArray *
bmd_delta_log_get_history (BmdDeltaLog *log)
{
  return log->history;
}

const char *
bmd_delta_log_get_content_hash (BmdDeltaLog *log)
{
  BmdDeltaCommitInfo *last;

  if (log->history->len == 0)
    return NULL;
  last = g_ptr_array_index (log->history, log->history->len - 1);
  return last->content_hash;
}

gint64
bmd_delta_log_parse_commit_name (const char *name)
{
  const char *base;
  gint64 version = 0;

  if (name == NULL)
    return -1;
  base = strrchr (name, '/');
  base = base != NULL ? base + 1 : name;
  if (strlen (base) != 25 || strcmp (base + 20, ".json") != 0)
    return -1;
  for (int i = 0; i < 20; i++)
    {
      if (!g_ascii_isdigit (base[i]))
        return -1;
      if (version > (G_MAXINT64 - 9) / 10)
        return -1;
      version = version * 10 + (base[i] - '0');
    }
  return version;
}
