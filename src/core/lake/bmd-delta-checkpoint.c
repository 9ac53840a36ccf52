#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bmd-delta-checkpoint.h"
#include "bmd-parquet-writer.h"

/* The checkpoint schema of the Delta protocol (reader 1, writer 2): every
 * action a top-level nullable struct, as Delta's own writers make them. */
BmdParquetSchema *
bmd_delta_checkpoint_schema (void)
{
  BmdParquetSchema *schema = bmd_parquet_schema_new ();
  BmdParquetField *txn, *add, *remove, *meta, *format, *protocol;

  txn = bmd_parquet_schema_add (schema, "txn", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (txn, "appId", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (txn, "version", BMD_PARQUET_TYPE_LONG, TRUE);
  bmd_parquet_field_add (txn, "lastUpdated", BMD_PARQUET_TYPE_LONG, TRUE);

  add = bmd_parquet_schema_add (schema, "add", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (add, "path", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (add, "partitionValues", BMD_PARQUET_TYPE_MAP, TRUE);
  bmd_parquet_field_add (add, "size", BMD_PARQUET_TYPE_LONG, TRUE);
  bmd_parquet_field_add (add, "modificationTime", BMD_PARQUET_TYPE_LONG, TRUE);
  bmd_parquet_field_add (add, "dataChange", BMD_PARQUET_TYPE_BOOLEAN, TRUE);
  bmd_parquet_field_add (add, "stats", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (add, "tags", BMD_PARQUET_TYPE_MAP, TRUE);

  remove = bmd_parquet_schema_add (schema, "remove", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (remove, "path", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (remove, "deletionTimestamp", BMD_PARQUET_TYPE_LONG, TRUE);
  bmd_parquet_field_add (remove, "dataChange", BMD_PARQUET_TYPE_BOOLEAN, TRUE);
  bmd_parquet_field_add (remove, "extendedFileMetadata", BMD_PARQUET_TYPE_BOOLEAN, TRUE);
  bmd_parquet_field_add (remove, "partitionValues", BMD_PARQUET_TYPE_MAP, TRUE);
  bmd_parquet_field_add (remove, "size", BMD_PARQUET_TYPE_LONG, TRUE);

  meta = bmd_parquet_schema_add (schema, "metaData", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (meta, "id", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (meta, "name", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (meta, "description", BMD_PARQUET_TYPE_STRING, TRUE);
  format = bmd_parquet_field_add (meta, "format", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (format, "provider", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (format, "options", BMD_PARQUET_TYPE_MAP, TRUE);
  bmd_parquet_field_add (meta, "schemaString", BMD_PARQUET_TYPE_STRING, TRUE);
  bmd_parquet_field_add (meta, "partitionColumns", BMD_PARQUET_TYPE_LIST, TRUE);
  bmd_parquet_field_add (meta, "configuration", BMD_PARQUET_TYPE_MAP, TRUE);
  bmd_parquet_field_add (meta, "createdTime", BMD_PARQUET_TYPE_LONG, TRUE);

  protocol = bmd_parquet_schema_add (schema, "protocol", BMD_PARQUET_TYPE_STRUCT, TRUE);
  bmd_parquet_field_add (protocol, "minReaderVersion", BMD_PARQUET_TYPE_INTEGER, TRUE);
  bmd_parquet_field_add (protocol, "minWriterVersion", BMD_PARQUET_TYPE_INTEGER, TRUE);
  return schema;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keys sorted, so the same state makes the same file. */
static JsonObject *
map_object (GHashTable *map)
{
  JsonObject *object = json_object_new ();
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  if (map == NULL)
    return object;
  keys = g_hash_table_get_keys_as_array (map, &n);
  qsort (keys, n, sizeof (gpointer), compare_keys);
  for (guint i = 0; i < n; i++)
    {
      const char *value = g_hash_table_lookup (map, keys[i]);

      if (value != NULL)
        json_object_set_string_member (object, keys[i], value);
      else
        json_object_set_null_member (object, keys[i]);
    }
  return object;
}

static void
set_optional_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

static gboolean
add_action (BmdParquetWriter  *writer,
            const char        *name,
            JsonObject        *action,
            GError           **error)
{
  g_autoptr(JsonObject) row = json_object_new ();

  json_object_set_object_member (row, name, action);
  return bmd_parquet_writer_add_row (writer, row, error);
}

GBytes *
bmd_delta_checkpoint_write (const BmdDeltaProtocol     *protocol,
                            const BmdDeltaMetadata     *metadata,
                            const BmdDeltaAddAction    *adds,
                            gsize                       n_adds,
                            const BmdDeltaRemoveAction *removes,
                            gsize                       n_removes,
                            GError                    **error)
{
  g_autoptr(BmdParquetSchema) schema = bmd_delta_checkpoint_schema ();
  g_autoptr(BmdParquetWriter) writer = bmd_parquet_writer_new (schema);
  JsonObject *object, *format;
  JsonArray *columns;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (metadata != NULL, NULL);
  g_return_val_if_fail (metadata->id != NULL && metadata->schema_string != NULL, NULL);
  g_return_val_if_fail (adds != NULL || n_adds == 0, NULL);
  g_return_val_if_fail (removes != NULL || n_removes == 0, NULL);

  /* Paths and stats are unique per file: a dictionary would only add to them. */
  bmd_parquet_writer_set_column_encoding (writer, "add", BMD_PARQUET_ENCODING_PLAIN);
  bmd_parquet_writer_set_column_encoding (writer, "remove", BMD_PARQUET_ENCODING_PLAIN);

  object = json_object_new ();
  json_object_set_int_member (object, "minReaderVersion", protocol->min_reader_version);
  json_object_set_int_member (object, "minWriterVersion", protocol->min_writer_version);
  if (!add_action (writer, "protocol", object, error))
    return NULL;

  object = json_object_new ();
  json_object_set_string_member (object, "id", metadata->id);
  set_optional_string (object, "name", metadata->name);
  set_optional_string (object, "description", metadata->description);
  format = json_object_new ();
  json_object_set_string_member (format, "provider",
                                 metadata->format_provider != NULL ? metadata->format_provider
                                                                   : "parquet");
  json_object_set_object_member (format, "options", map_object (metadata->format_options));
  json_object_set_object_member (object, "format", format);
  json_object_set_string_member (object, "schemaString", metadata->schema_string);
  columns = json_array_new ();
  for (guint i = 0; metadata->partition_columns != NULL && metadata->partition_columns[i] != NULL; i++)
    json_array_add_string_element (columns, metadata->partition_columns[i]);
  json_object_set_array_member (object, "partitionColumns", columns);
  json_object_set_object_member (object, "configuration", map_object (metadata->configuration));
  if (metadata->created_time >= 0)
    json_object_set_int_member (object, "createdTime", metadata->created_time);
  if (!add_action (writer, "metaData", object, error))
    return NULL;

  for (gsize i = 0; i < n_adds; i++)
    {
      object = json_object_new ();
      json_object_set_string_member (object, "path", adds[i].path);
      json_object_set_object_member (object, "partitionValues", map_object (adds[i].partition_values));
      json_object_set_int_member (object, "size", adds[i].size);
      json_object_set_int_member (object, "modificationTime", adds[i].modification_time);
      json_object_set_boolean_member (object, "dataChange", adds[i].data_change);
      set_optional_string (object, "stats", adds[i].stats);
      if (!add_action (writer, "add", object, error))
        return NULL;
    }

  for (gsize i = 0; i < n_removes; i++)
    {
      object = json_object_new ();
      json_object_set_string_member (object, "path", removes[i].path);
      json_object_set_int_member (object, "deletionTimestamp", removes[i].deletion_timestamp);
      json_object_set_boolean_member (object, "dataChange", removes[i].data_change);
      if (removes[i].size >= 0)
        {
          json_object_set_boolean_member (object, "extendedFileMetadata", TRUE);
          json_object_set_object_member (object, "partitionValues", json_object_new ());
          json_object_set_int_member (object, "size", removes[i].size);
        }
      if (!add_action (writer, "remove", object, error))
        return NULL;
    }

  return bmd_parquet_writer_finish (writer, error);
}
