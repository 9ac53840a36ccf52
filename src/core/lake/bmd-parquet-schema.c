#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "bmd-parquet-schema-private.h"

struct _BmdParquetSchema
{
  GObject          parent_instance;
  BmdParquetField *root;
};

G_DEFINE_FINAL_TYPE (BmdParquetSchema, bmd_parquet_schema, G_TYPE_OBJECT)

static void
field_free (BmdParquetField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_clear_pointer (&field->fields, g_ptr_array_unref);
  g_free (field);
}

static BmdParquetField *
field_new (BmdParquetField *parent,
           const char      *name,
           BmdParquetType   type,
           gboolean         nullable)
{
  BmdParquetField *field = g_new0 (BmdParquetField, 1);

  field->name = g_strdup (name);
  field->type = type;
  field->nullable = nullable;
  field->parent = parent;
  if (type == BMD_PARQUET_TYPE_STRUCT)
    field->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  return field;
}

static void
bmd_parquet_schema_finalize (GObject *object)
{
  BmdParquetSchema *self = BMD_PARQUET_SCHEMA (object);

  g_clear_pointer (&self->root, field_free);
  G_OBJECT_CLASS (bmd_parquet_schema_parent_class)->finalize (object);
}

static void
bmd_parquet_schema_class_init (BmdParquetSchemaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_parquet_schema_finalize;
}

static void
bmd_parquet_schema_init (BmdParquetSchema *self)
{
  self->root = field_new (NULL, "schema", BMD_PARQUET_TYPE_STRUCT, FALSE);
}

BmdParquetSchema *
bmd_parquet_schema_new (void)
{
  return g_object_new (BMD_TYPE_PARQUET_SCHEMA, NULL);
}

BmdParquetField *
_bmd_parquet_schema_get_root (BmdParquetSchema *self)
{
  return self->root;
}

gboolean
_bmd_parquet_type_is_primitive (BmdParquetType type)
{
  return type != BMD_PARQUET_TYPE_STRUCT && type != BMD_PARQUET_TYPE_MAP &&
         type != BMD_PARQUET_TYPE_LIST;
}

BmdParquetField *
bmd_parquet_schema_add (BmdParquetSchema *self,
                        const char       *name,
                        BmdParquetType    type,
                        gboolean          nullable)
{
  g_return_val_if_fail (BMD_IS_PARQUET_SCHEMA (self), NULL);

  return bmd_parquet_field_add (self->root, name, type, nullable);
}

guint
bmd_parquet_schema_get_n_fields (BmdParquetSchema *self)
{
  g_return_val_if_fail (BMD_IS_PARQUET_SCHEMA (self), 0);

  return self->root->fields->len;
}

BmdParquetField *
bmd_parquet_schema_get_field (BmdParquetSchema *self,
                              guint             index)
{
  g_return_val_if_fail (BMD_IS_PARQUET_SCHEMA (self), NULL);

  return bmd_parquet_field_get_field (self->root, index);
}

BmdParquetField *
bmd_parquet_schema_lookup (BmdParquetSchema *self,
                           const char       *name)
{
  g_return_val_if_fail (BMD_IS_PARQUET_SCHEMA (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->root->fields->len; i++)
    {
      BmdParquetField *field = g_ptr_array_index (self->root->fields, i);

      if (strcmp (field->name, name) == 0)
        return field;
    }
  return NULL;
}

BmdParquetField *
bmd_parquet_field_add (BmdParquetField *parent,
                       const char      *name,
                       BmdParquetType   type,
                       gboolean         nullable)
{
  BmdParquetField *field;

  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (parent->type == BMD_PARQUET_TYPE_STRUCT, NULL);
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  field = field_new (parent, name, type, nullable);
  g_ptr_array_add (parent->fields, field);
  return field;
}

const char *
bmd_parquet_field_get_name (BmdParquetField *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

BmdParquetType
bmd_parquet_field_get_field_type (BmdParquetField *self)
{
  g_return_val_if_fail (self != NULL, BMD_PARQUET_TYPE_STRING);

  return self->type;
}

gboolean
bmd_parquet_field_get_nullable (BmdParquetField *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->nullable;
}

guint
bmd_parquet_field_get_n_fields (BmdParquetField *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fields != NULL ? self->fields->len : 0;
}

BmdParquetField *
bmd_parquet_field_get_field (BmdParquetField *self,
                             guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->fields != NULL && index < self->fields->len, NULL);

  return g_ptr_array_index (self->fields, index);
}

const char *
bmd_parquet_type_delta_name (BmdParquetType type)
{
  switch (type)
    {
    case BMD_PARQUET_TYPE_STRING: return "string";
    case BMD_PARQUET_TYPE_LONG: return "long";
    case BMD_PARQUET_TYPE_INTEGER: return "integer";
    case BMD_PARQUET_TYPE_DECIMAL_12_2: return "decimal(12,2)";
    case BMD_PARQUET_TYPE_BOOLEAN: return "boolean";
    case BMD_PARQUET_TYPE_DATE: return "date";
    case BMD_PARQUET_TYPE_TIMESTAMP: return "timestamp";
    case BMD_PARQUET_TYPE_STRUCT:
    case BMD_PARQUET_TYPE_MAP:
    case BMD_PARQUET_TYPE_LIST:
    default:
      return NULL;
    }
}

const char *
bmd_parquet_type_hive_name (BmdParquetType type)
{
  switch (type)
    {
    case BMD_PARQUET_TYPE_STRING: return "string";
    case BMD_PARQUET_TYPE_LONG: return "bigint";
    case BMD_PARQUET_TYPE_INTEGER: return "int";
    case BMD_PARQUET_TYPE_DECIMAL_12_2: return "decimal(12,2)";
    case BMD_PARQUET_TYPE_BOOLEAN: return "boolean";
    case BMD_PARQUET_TYPE_DATE: return "date";
    case BMD_PARQUET_TYPE_TIMESTAMP: return "timestamp";
    case BMD_PARQUET_TYPE_MAP: return "map<string,string>";
    case BMD_PARQUET_TYPE_LIST: return "array<string>";
    case BMD_PARQUET_TYPE_STRUCT:
    default:
      return NULL;
    }
}

static void add_delta_fields (JsonBuilder *builder, BmdParquetField *parent);

static void
add_delta_type (JsonBuilder     *builder,
                BmdParquetField *field)
{
  switch (field->type)
    {
    case BMD_PARQUET_TYPE_STRUCT:
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "struct");
      add_delta_fields (builder, field);
      json_builder_end_object (builder);
      break;
    case BMD_PARQUET_TYPE_MAP:
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "map");
      json_builder_set_member_name (builder, "keyType");
      json_builder_add_string_value (builder, "string");
      json_builder_set_member_name (builder, "valueType");
      json_builder_add_string_value (builder, "string");
      json_builder_set_member_name (builder, "valueContainsNull");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      break;
    case BMD_PARQUET_TYPE_LIST:
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, "array");
      json_builder_set_member_name (builder, "elementType");
      json_builder_add_string_value (builder, "string");
      json_builder_set_member_name (builder, "containsNull");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      break;
    default:
      json_builder_add_string_value (builder, bmd_parquet_type_delta_name (field->type));
      break;
    }
}

static void
add_delta_fields (JsonBuilder     *builder,
                  BmdParquetField *parent)
{
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < parent->fields->len; i++)
    {
      BmdParquetField *field = g_ptr_array_index (parent->fields, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, field->name);
      json_builder_set_member_name (builder, "type");
      add_delta_type (builder, field);
      json_builder_set_member_name (builder, "nullable");
      json_builder_add_boolean_value (builder, field->nullable);
      json_builder_set_member_name (builder, "metadata");
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

char *
bmd_parquet_schema_to_delta_json (BmdParquetSchema *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (BMD_IS_PARQUET_SCHEMA (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "struct");
  add_delta_fields (builder, self->root);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}
