#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <string.h>
#include <zstd.h>

#include "bmd-parquet-pages.h"
#include "bmd-parquet-schema-private.h"
#include "bmd-parquet-values.h"
#include "bmd-parquet-writer-private.h"

struct _BmdParquetWriter
{
  GObject             parent_instance;
  BmdParquetSchema   *schema;
  GPtrArray          *leaves;       /* BmdParquetLeaf, schema order */
  GByteArray         *out;          /* the file so far */
  GArray             *row_groups;   /* BmdParquetRowGroup */
  GArray             *marks;        /* BmdParquetLeafMark, one per leaf: undo of a bad row */
  GPtrArray          *metadata;     /* key, value, key, value … */
  GHashTable         *encodings;    /* top-level name → BmdParquetEncoding */
  BmdParquetEncoding  encoding;
  ZSTD_CCtx          *zstd;
  int                 level;
  guint               row_group_size;
  guint               group_rows;
  gint64              n_records;
  gboolean            started;
  gboolean            finished;
};

G_DEFINE_FINAL_TYPE (BmdParquetWriter, bmd_parquet_writer, G_TYPE_OBJECT)

G_DEFINE_QUARK (bmd-parquet-error-quark, bmd_parquet_error)

static void
leaf_free (BmdParquetLeaf *leaf)
{
  g_free (leaf->path);
  g_ptr_array_unref (leaf->parts);
  g_byte_array_unref (leaf->def);
  g_byte_array_unref (leaf->rep);
  g_array_unref (leaf->ints);
  g_byte_array_unref (leaf->bytes);
  g_array_unref (leaf->offsets);
  for (guint i = 0; i < leaf->chunks->len; i++)
    {
      BmdParquetChunk *chunk = &g_array_index (leaf->chunks, BmdParquetChunk, i);

      g_clear_pointer (&chunk->min, g_bytes_unref);
      g_clear_pointer (&chunk->max, g_bytes_unref);
    }
  g_array_unref (leaf->chunks);
  g_clear_pointer (&leaf->stats.min_string, g_bytes_unref);
  g_clear_pointer (&leaf->stats.max_string, g_bytes_unref);
  g_free (leaf);
}

static void
add_leaf (BmdParquetWriter *self,
          GPtrArray        *parts,
          BmdParquetType    type,
          guint             max_def,
          guint             max_rep,
          guint             top_index)
{
  BmdParquetLeaf *leaf = g_new0 (BmdParquetLeaf, 1);

  g_assert (max_def < 256 && max_rep < 256);
  leaf->parts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < parts->len; i++)
    g_ptr_array_add (leaf->parts, g_strdup (g_ptr_array_index (parts, i)));
  g_ptr_array_add (parts, NULL);
  leaf->path = g_strjoinv (".", (char **) parts->pdata);
  g_ptr_array_remove_index (parts, parts->len - 1);
  leaf->type = type;
  leaf->max_def = (guint8) max_def;
  leaf->max_rep = (guint8) max_rep;
  leaf->top_index = top_index;
  leaf->def = g_byte_array_new ();
  leaf->rep = g_byte_array_new ();
  leaf->ints = g_array_new (FALSE, FALSE, sizeof (gint64));
  leaf->bytes = g_byte_array_new ();
  leaf->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  leaf->chunks = g_array_new (FALSE, TRUE, sizeof (BmdParquetChunk));
  leaf->stats.path = leaf->path;
  leaf->stats.type = type;
  g_ptr_array_add (self->leaves, leaf);
}

/* One leaf per primitive, two per map (key, value), one per list
 * (element), in depth-first order: the order of the file's columns. */
static void
add_leaves (BmdParquetWriter *self,
            BmdParquetField  *field,
            GPtrArray        *parts,
            guint             def,
            guint             rep,
            guint             top_index)
{
  guint d = def + (field->nullable ? 1 : 0);

  g_ptr_array_add (parts, field->name);
  switch (field->type)
    {
    case BMD_PARQUET_TYPE_STRUCT:
      for (guint i = 0; i < field->fields->len; i++)
        add_leaves (self, g_ptr_array_index (field->fields, i), parts, d, rep, top_index);
      break;
    case BMD_PARQUET_TYPE_MAP:
      g_ptr_array_add (parts, (char *) "key_value");
      g_ptr_array_add (parts, (char *) "key");
      add_leaf (self, parts, BMD_PARQUET_TYPE_STRING, d + 1, rep + 1, top_index);
      parts->pdata[parts->len - 1] = (char *) "value";
      add_leaf (self, parts, BMD_PARQUET_TYPE_STRING, d + 2, rep + 1, top_index);
      g_ptr_array_set_size (parts, parts->len - 2);
      break;
    case BMD_PARQUET_TYPE_LIST:
      g_ptr_array_add (parts, (char *) "list");
      g_ptr_array_add (parts, (char *) "element");
      add_leaf (self, parts, BMD_PARQUET_TYPE_STRING, d + 2, rep + 1, top_index);
      g_ptr_array_set_size (parts, parts->len - 2);
      break;
    default:
      add_leaf (self, parts, field->type, d, rep, top_index);
      break;
    }
  g_ptr_array_set_size (parts, parts->len - 1);
}

static void
bmd_parquet_writer_finalize (GObject *object)
{
  BmdParquetWriter *self = BMD_PARQUET_WRITER (object);

  g_clear_object (&self->schema);
  g_clear_pointer (&self->leaves, g_ptr_array_unref);
  g_clear_pointer (&self->out, g_byte_array_unref);
  g_clear_pointer (&self->row_groups, g_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->metadata, g_ptr_array_unref);
  g_clear_pointer (&self->encodings, g_hash_table_unref);
  g_clear_pointer (&self->zstd, ZSTD_freeCCtx);
  G_OBJECT_CLASS (bmd_parquet_writer_parent_class)->finalize (object);
}

static void
bmd_parquet_writer_class_init (BmdParquetWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_parquet_writer_finalize;
}

static void
bmd_parquet_writer_init (BmdParquetWriter *self)
{
  self->leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) leaf_free);
  self->out = g_byte_array_new ();
  g_byte_array_append (self->out, (const guint8 *) "PAR1", 4);
  self->row_groups = g_array_new (FALSE, TRUE, sizeof (BmdParquetRowGroup));
  self->marks = g_array_new (FALSE, TRUE, sizeof (BmdParquetLeafMark));
  self->metadata = g_ptr_array_new_with_free_func (g_free);
  self->encodings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->encoding = BMD_PARQUET_ENCODING_DICTIONARY;
  self->zstd = ZSTD_createCCtx ();
  self->level = 3;
  self->row_group_size = 1000000;
}

/* The schema must be complete: its fields are read once, here. */
BmdParquetWriter *
bmd_parquet_writer_new (BmdParquetSchema *schema)
{
  BmdParquetWriter *self;
  BmdParquetField *root;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_return_val_if_fail (BMD_IS_PARQUET_SCHEMA (schema), NULL);

  self = g_object_new (BMD_TYPE_PARQUET_WRITER, NULL);
  self->schema = g_object_ref (schema);
  root = _bmd_parquet_schema_get_root (schema);
  for (guint i = 0; i < root->fields->len; i++)
    add_leaves (self, g_ptr_array_index (root->fields, i), parts, 0, 0, i);
  g_array_set_size (self->marks, self->leaves->len);
  return self;
}

BmdParquetSchema *
bmd_parquet_writer_get_schema (BmdParquetWriter *self)
{
  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), NULL);

  return self->schema;
}

void
bmd_parquet_writer_set_encoding (BmdParquetWriter   *self,
                                 BmdParquetEncoding  encoding)
{
  g_return_if_fail (BMD_IS_PARQUET_WRITER (self));
  g_return_if_fail (!self->started);

  self->encoding = encoding;
}

void
bmd_parquet_writer_set_column_encoding (BmdParquetWriter   *self,
                                        const char         *name,
                                        BmdParquetEncoding  encoding)
{
  g_return_if_fail (BMD_IS_PARQUET_WRITER (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!self->started);

  g_hash_table_insert (self->encodings, g_strdup (name), GINT_TO_POINTER (encoding));
}

void
bmd_parquet_writer_set_row_group_size (BmdParquetWriter *self,
                                       guint             rows)
{
  g_return_if_fail (BMD_IS_PARQUET_WRITER (self));
  g_return_if_fail (rows > 0);

  self->row_group_size = rows;
}

void
bmd_parquet_writer_set_compression_level (BmdParquetWriter *self,
                                          int               level)
{
  g_return_if_fail (BMD_IS_PARQUET_WRITER (self));

  self->level = level;
}

void
bmd_parquet_writer_set_metadata (BmdParquetWriter *self,
                                 const char       *key,
                                 const char       *value)
{
  g_return_if_fail (BMD_IS_PARQUET_WRITER (self));
  g_return_if_fail (key != NULL);

  g_ptr_array_add (self->metadata, g_strdup (key));
  g_ptr_array_add (self->metadata, g_strdup (value));
}

/* Fixes each leaf's encoding at the first row. */
static void
start (BmdParquetWriter *self)
{
  BmdParquetField *root = _bmd_parquet_schema_get_root (self->schema);

  self->started = TRUE;
  for (guint i = 0; i < self->leaves->len; i++)
    {
      BmdParquetLeaf *leaf = g_ptr_array_index (self->leaves, i);
      BmdParquetField *top = g_ptr_array_index (root->fields, leaf->top_index);
      gpointer encoding;

      leaf->encoding = self->encoding;
      if (g_hash_table_lookup_extended (self->encodings, top->name, NULL, &encoding))
        leaf->encoding = GPOINTER_TO_INT (encoding);
    }
}

/* Shredding: one slot per leaf value or null, with its repetition level
 * (where the record or list it starts repeats) and its definition level
 * (how many optional or repeated ancestors, itself included, are there). */

static void
push_levels (BmdParquetLeaf *leaf,
             guint8          rep,
             guint8          def)
{
  if (leaf->max_def > 0)
    g_byte_array_append (leaf->def, &def, 1);
  if (leaf->max_rep > 0)
    g_byte_array_append (leaf->rep, &rep, 1);
  leaf->n_slots++;
}

static void
push_string (BmdParquetLeaf *leaf,
             const char     *text,
             gsize           size)
{
  guint64 start = leaf->bytes->len;

  g_array_append_val (leaf->offsets, start);
  g_byte_array_append (leaf->bytes, (const guint8 *) text, size);
}

static gboolean
value_error (BmdParquetLeaf  *leaf,
             const char      *what,
             GError         **error)
{
  g_set_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_VALUE,
               "column %s: not %s", leaf->path, what);
  return FALSE;
}

static gboolean
push_value (BmdParquetLeaf  *leaf,
            JsonNode        *node,
            GError         **error)
{
  GType vt = json_node_get_value_type (node);
  gint64 v;

  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return value_error (leaf, "a plain value", error);

  switch (leaf->type)
    {
    case BMD_PARQUET_TYPE_STRING:
      {
        const char *text;

        if (vt != G_TYPE_STRING)
          return value_error (leaf, "a string", error);
        text = json_node_get_string (node);
        push_string (leaf, text, strlen (text));
        return TRUE;
      }
    case BMD_PARQUET_TYPE_LONG:
      if (vt != G_TYPE_INT64)
        return value_error (leaf, "an integer", error);
      v = json_node_get_int (node);
      break;
    case BMD_PARQUET_TYPE_INTEGER:
      if (vt != G_TYPE_INT64)
        return value_error (leaf, "an integer", error);
      v = json_node_get_int (node);
      if (v < G_MININT32 || v > G_MAXINT32)
        return value_error (leaf, "a 32-bit integer", error);
      break;
    case BMD_PARQUET_TYPE_DECIMAL_12_2:
      if (vt == G_TYPE_STRING)
        {
          if (!bmd_parquet_parse_decimal (json_node_get_string (node), &v))
            return value_error (leaf, "a decimal(12,2)", error);
        }
      else if (vt == G_TYPE_INT64)
        {
          v = json_node_get_int (node);
          if (v > BMD_PARQUET_DECIMAL_MAX_CENTS / 100 || v < -BMD_PARQUET_DECIMAL_MAX_CENTS / 100)
            return value_error (leaf, "a decimal(12,2)", error);
          v *= 100;
        }
      else
        return value_error (leaf, "a decimal(12,2)", error);
      break;
    case BMD_PARQUET_TYPE_BOOLEAN:
      if (vt != G_TYPE_BOOLEAN)
        return value_error (leaf, "a boolean", error);
      v = json_node_get_boolean (node) ? 1 : 0;
      break;
    case BMD_PARQUET_TYPE_DATE:
      if (vt == G_TYPE_STRING)
        {
          gint32 days;

          if (!bmd_parquet_parse_date (json_node_get_string (node), &days))
            return value_error (leaf, "a date", error);
          v = days;
        }
      else if (vt == G_TYPE_INT64)
        {
          v = json_node_get_int (node);
          if (v < G_MININT32 || v > G_MAXINT32)
            return value_error (leaf, "a date", error);
        }
      else
        return value_error (leaf, "a date", error);
      break;
    case BMD_PARQUET_TYPE_TIMESTAMP:
      if (vt == G_TYPE_STRING)
        {
          if (!bmd_parquet_parse_timestamp (json_node_get_string (node), &v))
            return value_error (leaf, "a timestamp", error);
        }
      else if (vt == G_TYPE_INT64)
        v = json_node_get_int (node);
      else
        return value_error (leaf, "a timestamp", error);
      break;
    case BMD_PARQUET_TYPE_STRUCT:
    case BMD_PARQUET_TYPE_MAP:
    case BMD_PARQUET_TYPE_LIST:
    default:
      g_assert_not_reached ();
    }
  g_array_append_val (leaf->ints, v);
  return TRUE;
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
required_error (BmdParquetField  *field,
                GError          **error)
{
  g_set_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_REQUIRED,
               "field %s is required", field->name);
  return FALSE;
}

static void
push_nulls (BmdParquetWriter *self,
            BmdParquetField  *field,
            guint8            rep,
            guint8            def,
            guint            *leaf)
{
  switch (field->type)
    {
    case BMD_PARQUET_TYPE_STRUCT:
      for (guint i = 0; i < field->fields->len; i++)
        push_nulls (self, g_ptr_array_index (field->fields, i), rep, def, leaf);
      break;
    case BMD_PARQUET_TYPE_MAP:
      push_levels (g_ptr_array_index (self->leaves, (*leaf)++), rep, def);
      push_levels (g_ptr_array_index (self->leaves, (*leaf)++), rep, def);
      break;
    default:
      push_levels (g_ptr_array_index (self->leaves, (*leaf)++), rep, def);
      break;
    }
}

/* A map's entries or a list's elements: the first at the enclosing
 * repetition level, the others at this one. */
static gboolean
shred_repeated (BmdParquetWriter  *self,
                BmdParquetField   *field,
                JsonNode          *node,
                guint8             rep,
                guint8             def,
                guint8             rep_depth,
                guint             *leaf,
                GError           **error)
{
  guint8 d = def + (field->nullable ? 1 : 0);
  guint8 r = rep_depth + 1;

  if (field->type == BMD_PARQUET_TYPE_MAP)
    {
      BmdParquetLeaf *keys = g_ptr_array_index (self->leaves, *leaf);
      BmdParquetLeaf *values = g_ptr_array_index (self->leaves, *leaf + 1);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;
      guint n = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return value_error (keys, "an object (a map)", error);
      *leaf += 2;
      /* In the order the members were added: the map's order in the file. */
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          guint8 at = n++ == 0 ? rep : r;

          push_string (keys, name, strlen (name));
          push_levels (keys, at, d + 1);
          if (is_null (member))
            push_levels (values, at, d + 1);
          else
            {
              if (!push_value (values, member, error))
                return FALSE;
              push_levels (values, at, d + 2);
            }
        }
      if (n == 0)
        {
          push_levels (keys, rep, d);
          push_levels (values, rep, d);
        }
    }
  else
    {
      BmdParquetLeaf *elements = g_ptr_array_index (self->leaves, *leaf);
      JsonArray *array;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return value_error (elements, "an array (a list)", error);
      (*leaf)++;
      array = json_node_get_array (node);
      n = json_array_get_length (array);
      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          guint8 at = i == 0 ? rep : r;

          if (is_null (element))
            push_levels (elements, at, d + 1);
          else
            {
              if (!push_value (elements, element, error))
                return FALSE;
              push_levels (elements, at, d + 2);
            }
        }
      if (n == 0)
        push_levels (elements, rep, d);
    }
  return TRUE;
}

static gboolean
shred (BmdParquetWriter  *self,
       BmdParquetField   *field,
       JsonNode          *node,
       guint8             rep,
       guint8             def,
       guint8             rep_depth,
       guint             *leaf,
       GError           **error)
{
  guint8 d = def + (field->nullable ? 1 : 0);

  if (is_null (node))
    {
      if (!field->nullable)
        return required_error (field, error);
      push_nulls (self, field, rep, def, leaf);
      return TRUE;
    }

  switch (field->type)
    {
    case BMD_PARQUET_TYPE_STRUCT:
      {
        JsonObject *object;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          {
            g_set_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_VALUE,
                         "field %s: not an object", field->name);
            return FALSE;
          }
        object = json_node_get_object (node);
        for (guint i = 0; i < field->fields->len; i++)
          {
            BmdParquetField *child = g_ptr_array_index (field->fields, i);

            if (!shred (self, child, json_object_get_member (object, child->name), rep, d,
                        rep_depth, leaf, error))
              return FALSE;
          }
        return TRUE;
      }
    case BMD_PARQUET_TYPE_MAP:
    case BMD_PARQUET_TYPE_LIST:
      return shred_repeated (self, field, node, rep, def, rep_depth, leaf, error);
    default:
      {
        BmdParquetLeaf *target = g_ptr_array_index (self->leaves, (*leaf)++);

        if (!push_value (target, node, error))
          return FALSE;
        push_levels (target, rep, d);
        return TRUE;
      }
    }
}

static void
mark_leaves (BmdParquetWriter *self)
{
  for (guint i = 0; i < self->leaves->len; i++)
    {
      BmdParquetLeaf *leaf = g_ptr_array_index (self->leaves, i);
      BmdParquetLeafMark *mark = &g_array_index (self->marks, BmdParquetLeafMark, i);

      mark->def = leaf->def->len;
      mark->rep = leaf->rep->len;
      mark->ints = leaf->ints->len;
      mark->bytes = leaf->bytes->len;
      mark->offsets = leaf->offsets->len;
      mark->slots = leaf->n_slots;
    }
}

static void
undo_to_marks (BmdParquetWriter *self)
{
  for (guint i = 0; i < self->leaves->len; i++)
    {
      BmdParquetLeaf *leaf = g_ptr_array_index (self->leaves, i);
      BmdParquetLeafMark *mark = &g_array_index (self->marks, BmdParquetLeafMark, i);

      g_byte_array_set_size (leaf->def, mark->def);
      g_byte_array_set_size (leaf->rep, mark->rep);
      g_array_set_size (leaf->ints, mark->ints);
      g_byte_array_set_size (leaf->bytes, mark->bytes);
      g_array_set_size (leaf->offsets, mark->offsets);
      leaf->n_slots = mark->slots;
    }
}

gboolean
bmd_parquet_writer_add_row (BmdParquetWriter  *self,
                            JsonObject        *row,
                            GError           **error)
{
  return bmd_parquet_writer_add_row_with_defaults (self, row, NULL, error);
}

gboolean
bmd_parquet_writer_add_row_with_defaults (BmdParquetWriter  *self,
                                          JsonObject        *row,
                                          JsonObject        *defaults,
                                          GError           **error)
{
  BmdParquetField *root;
  JsonObjectIter iter;
  const char *member_name = NULL;
  JsonNode *next_member = NULL;
  gboolean have_member;
  guint leaf = 0;

  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (self->finished)
    {
      g_set_error_literal (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_STATE,
                           "the file is already finished");
      return FALSE;
    }
  if (!self->started)
    start (self);

  root = _bmd_parquet_schema_get_root (self->schema);
  mark_leaves (self);
  /* Rows usually hold the fields in schema order: walking the members in
   * order finds each with one comparison instead of a hash lookup. */
  json_object_iter_init_ordered (&iter, row);
  have_member = json_object_iter_next_ordered (&iter, &member_name, &next_member);
  for (guint i = 0; i < root->fields->len; i++)
    {
      BmdParquetField *field = g_ptr_array_index (root->fields, i);
      JsonNode *member;

      if (have_member && strcmp (member_name, field->name) == 0)
        {
          member = next_member;
          have_member = json_object_iter_next_ordered (&iter, &member_name, &next_member);
        }
      else
        member = json_object_get_member (row, field->name);

      if (member == NULL && defaults != NULL)
        member = json_object_get_member (defaults, field->name);
      if (!shred (self, field, member, 0, 0, 0, &leaf, error))
        {
          undo_to_marks (self);
          return FALSE;
        }
    }
  g_assert (leaf == self->leaves->len);
  self->group_rows++;
  self->n_records++;
  if (self->group_rows >= self->row_group_size)
    return bmd_parquet_writer_end_row_group (self, error);
  return TRUE;
}

gboolean
bmd_parquet_writer_end_row_group (BmdParquetWriter  *self,
                                  GError           **error)
{
  BmdParquetRowGroup group = { 0 };

  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), FALSE);

  if (self->group_rows == 0)
    return TRUE;

  group.n_rows = self->group_rows;
  group.file_offset = self->out->len;
  for (guint i = 0; i < self->leaves->len; i++)
    {
      BmdParquetLeaf *leaf = g_ptr_array_index (self->leaves, i);
      BmdParquetChunk *chunk;

      if (!_bmd_parquet_write_chunk (leaf, self->out, self->zstd, self->level, error))
        return FALSE;
      chunk = &g_array_index (leaf->chunks, BmdParquetChunk, leaf->chunks->len - 1);
      group.uncompressed += chunk->uncompressed;
      group.compressed += chunk->compressed;

      g_byte_array_set_size (leaf->def, 0);
      g_byte_array_set_size (leaf->rep, 0);
      g_array_set_size (leaf->ints, 0);
      g_byte_array_set_size (leaf->bytes, 0);
      g_array_set_size (leaf->offsets, 0);
      leaf->n_slots = 0;
    }
  g_array_append_val (self->row_groups, group);
  self->group_rows = 0;
  return TRUE;
}

GBytes *
bmd_parquet_writer_finish (BmdParquetWriter  *self,
                           GError           **error)
{
  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), NULL);

  if (self->finished)
    {
      g_set_error_literal (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_STATE,
                           "the file is already finished");
      return NULL;
    }
  if (!self->started)
    start (self);
  if (!bmd_parquet_writer_end_row_group (self, error))
    return NULL;
  self->finished = TRUE;
  _bmd_parquet_write_footer (self->out, _bmd_parquet_schema_get_root (self->schema),
                             self->leaves, self->row_groups, self->n_records, self->metadata);
  return g_byte_array_free_to_bytes (g_steal_pointer (&self->out));
}

gint64
bmd_parquet_writer_get_n_records (BmdParquetWriter *self)
{
  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), 0);

  return self->n_records;
}

guint
bmd_parquet_writer_get_n_row_groups (BmdParquetWriter *self)
{
  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), 0);

  return self->row_groups->len;
}

guint
bmd_parquet_writer_get_n_columns (BmdParquetWriter *self)
{
  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), 0);

  return self->leaves->len;
}

const BmdParquetColumnStats *
bmd_parquet_writer_get_column_stats (BmdParquetWriter *self,
                                     guint             column)
{
  BmdParquetLeaf *leaf;

  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), NULL);
  g_return_val_if_fail (column < self->leaves->len, NULL);

  leaf = g_ptr_array_index (self->leaves, column);
  return &leaf->stats;
}
