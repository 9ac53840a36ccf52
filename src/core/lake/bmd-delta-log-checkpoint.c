#define G_LOG_DOMAIN "bmd-delta"

#include "config.h"

#include "bmd-delta-checkpoint.h"
#include "bmd-delta-log-checkpoint.h"

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
object_int (JsonObject *object,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

/* A JSON object of strings as a string map; other values are left out. */
static GHashTable *
string_map (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GHashTable *map = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return map;
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      g_hash_table_insert (map, (gpointer) key, (gpointer) json_node_get_string (value));
  return map;
}

GBytes *
bmd_delta_log_write_checkpoint (BmdDeltaLog  *log,
                                guint        *out_n_actions,
                                GError      **error)
{
  JsonObject *meta = bmd_delta_log_get_metadata (log);
  g_autoptr(GPtrArray) adds = bmd_delta_log_dup_live_adds (log);
  g_autoptr(GPtrArray) tombstones = bmd_delta_log_dup_tombstones (log);
  g_autofree BmdDeltaAddAction *add_actions = g_new0 (BmdDeltaAddAction, MAX (adds->len, 1));
  g_autofree BmdDeltaRemoveAction *remove_actions = g_new0 (BmdDeltaRemoveAction, MAX (tombstones->len, 1));
  g_autoptr(GHashTable) format_options = NULL;
  g_autoptr(GHashTable) configuration = NULL;
  g_autoptr(GPtrArray) partition_columns = g_ptr_array_new ();
  BmdDeltaProtocol protocol = { 1, 2 };
  BmdDeltaMetadata metadata = { 0 };
  JsonNode *node;
  GBytes *bytes;

  g_return_val_if_fail (meta != NULL, NULL);

  node = json_object_get_member (meta, "format");
  format_options = string_map (node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL,
                               "options");
  configuration = string_map (meta, "configuration");
  node = json_object_get_member (meta, "partitionColumns");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *column = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (column) && json_node_get_value_type (column) == G_TYPE_STRING)
          g_ptr_array_add (partition_columns, (gpointer) json_node_get_string (column));
      }
  g_ptr_array_add (partition_columns, NULL);

  metadata.id = object_string (meta, "id");
  metadata.name = object_string (meta, "name");
  metadata.description = object_string (meta, "description");
  metadata.format_provider = "parquet";
  metadata.format_options = format_options;
  metadata.schema_string = object_string (meta, "schemaString");
  metadata.partition_columns = (const char * const *) partition_columns->pdata;
  metadata.configuration = configuration;
  metadata.created_time = object_int (meta, "createdTime", -1);

  for (guint i = 0; i < adds->len; i++)
    {
      JsonObject *add = g_ptr_array_index (adds, i);

      add_actions[i].path = object_string (add, "path");
      add_actions[i].partition_values = NULL;
      add_actions[i].size = object_int (add, "size", 0);
      add_actions[i].modification_time = object_int (add, "modificationTime", 0);
      /* A checkpoint restates the table: no data changes in it. */
      add_actions[i].data_change = FALSE;
      add_actions[i].stats = object_string (add, "stats");
    }
  for (guint i = 0; i < tombstones->len; i++)
    {
      BmdDeltaTombstone *tombstone = g_ptr_array_index (tombstones, i);

      remove_actions[i].path = tombstone->path;
      remove_actions[i].deletion_timestamp = tombstone->deletion_timestamp;
      remove_actions[i].data_change = FALSE;
      remove_actions[i].size = tombstone->size;
    }

  bytes = bmd_delta_checkpoint_write (&protocol, &metadata, add_actions, adds->len,
                                      remove_actions, tombstones->len, error);
  if (bytes != NULL && out_n_actions != NULL)
    *out_n_actions = 2 + adds->len + tombstones->len;
  return bytes;
}
