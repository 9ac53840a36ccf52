#define G_LOG_DOMAIN "bmd-jsonl"

#include "config.h"

#include <string.h>

#include "bmd-json-text.h"
#include "bmd-jsonl.h"

struct _BmdJsonlWriter
{
  GObject parent_instance;

  GOutputStream *sink;        /* memory or the caller's stream */
  GOutputStream *gzip;        /* converter stream over sink */
  gboolean in_memory;
  gboolean finished;
  guint n_lines;
};

G_DEFINE_FINAL_TYPE (BmdJsonlWriter, bmd_jsonl_writer, G_TYPE_OBJECT)

static void
bmd_jsonl_writer_dispose (GObject *object)
{
  BmdJsonlWriter *self = (BmdJsonlWriter *) object;

  g_clear_object (&self->gzip);
  g_clear_object (&self->sink);

  G_OBJECT_CLASS (bmd_jsonl_writer_parent_class)->dispose (object);
}

static void
bmd_jsonl_writer_class_init (BmdJsonlWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bmd_jsonl_writer_dispose;
}

static void
bmd_jsonl_writer_init (BmdJsonlWriter *self)
{
}

static BmdJsonlWriter *
writer_new (GOutputStream *sink,
            gboolean       in_memory)
{
  BmdJsonlWriter *self = g_object_new (BMD_TYPE_JSONL_WRITER, NULL);
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);

  self->sink = sink;
  self->in_memory = in_memory;
  self->gzip = g_converter_output_stream_new (sink, G_CONVERTER (compressor));
  /* The caller owns its stream. */
  g_filter_output_stream_set_close_base_stream (G_FILTER_OUTPUT_STREAM (self->gzip), in_memory);
  return self;
}

BmdJsonlWriter *
bmd_jsonl_writer_new (void)
{
  return writer_new (g_memory_output_stream_new_resizable (), TRUE);
}

BmdJsonlWriter *
bmd_jsonl_writer_new_for_stream (GOutputStream *stream)
{
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  return writer_new (g_object_ref (stream), FALSE);
}

static void
append_json_string (GString    *out,
                    const char *s)
{
  const char *run = s;

  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

/* Rows are flat objects of strings, numbers and nulls: writing them directly
 * is several times faster than json-glib's generator, which matters when a
 * snapshot of 100,000 orders is serialised for the lake and for COPY. Every
 * control character is escaped, so a value never breaks the line. */
char *
bmd_jsonl_to_line (JsonObject *object)
{
  GString *out;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  gboolean first = TRUE;

  g_return_val_if_fail (object != NULL, NULL);

  out = g_string_sized_new (1024);
  g_string_append_c (out, '{');
  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      append_json_string (out, name);
      g_string_append_c (out, ':');
      if (JSON_NODE_HOLDS_NULL (member))
        g_string_append (out, "null");
      else if (json_node_get_value_type (member) == G_TYPE_STRING)
        append_json_string (out, json_node_get_string (member));
      else if (json_node_get_value_type (member) == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (member));
      else if (json_node_get_value_type (member) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (member) ? "true" : "false");
      else
        {
          g_autofree char *text = bmd_json_to_string (member);

          g_string_append (out, text);
        }
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gboolean
bmd_jsonl_writer_add_line (BmdJsonlWriter  *self,
                           const char      *line,
                           GError         **error)
{
  g_return_val_if_fail (BMD_IS_JSONL_WRITER (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (strchr (line, '\n') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "A JSON Lines record may not contain a newline (line %u)", self->n_lines + 1);
      return FALSE;
    }
  if (!g_output_stream_write_all (self->gzip, line, strlen (line), NULL, NULL, error)
      || !g_output_stream_write_all (self->gzip, "\n", 1, NULL, NULL, error))
    return FALSE;
  self->n_lines++;
  return TRUE;
}

gboolean
bmd_jsonl_writer_add (BmdJsonlWriter  *self,
                      JsonObject      *object,
                      GError         **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (BMD_IS_JSONL_WRITER (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  line = bmd_jsonl_to_line (object);
  return bmd_jsonl_writer_add_line (self, line, error);
}

guint
bmd_jsonl_writer_get_n_lines (BmdJsonlWriter *self)
{
  g_return_val_if_fail (BMD_IS_JSONL_WRITER (self), 0);
  return self->n_lines;
}

GBytes *
bmd_jsonl_writer_finish (BmdJsonlWriter  *self,
                         GError         **error)
{
  g_return_val_if_fail (BMD_IS_JSONL_WRITER (self), NULL);
  g_return_val_if_fail (!self->finished, NULL);

  self->finished = TRUE;
  /* Closing the converter stream flushes the compressor and writes the gzip trailer. */
  if (!g_output_stream_close (self->gzip, NULL, error))
    return NULL;
  if (self->in_memory)
    return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (self->sink));
  if (!g_output_stream_flush (self->sink, NULL, error))
    return NULL;
  return g_bytes_new (NULL, 0);
}

GBytes *
bmd_jsonl_gzip_objects (GPtrArray  *objects,
                        GError    **error)
{
  g_autoptr(BmdJsonlWriter) writer = bmd_jsonl_writer_new ();

  g_return_val_if_fail (objects != NULL, NULL);

  for (guint i = 0; i < objects->len; i++)
    if (!bmd_jsonl_writer_add (writer, g_ptr_array_index (objects, i), error))
      return NULL;
  return bmd_jsonl_writer_finish (writer, error);
}

static GBytes *
decompress (GBytes  *data,
            GError **error)
{
  gsize size;
  const guint8 *bytes = g_bytes_get_data (data, &size);
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;

  if (size < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
    return g_bytes_ref (data);

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  raw = g_memory_input_stream_new_from_bytes (data);
  in = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  out = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                       | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    {
      g_prefix_error (error, "Not a valid gzip stream: ");
      return NULL;
    }
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

GPtrArray *
bmd_jsonl_read_lines (GBytes  *data,
                      GError **error)
{
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *p;
  const char *end;
  gsize size;

  g_return_val_if_fail (data != NULL, NULL);

  plain = decompress (data, error);
  if (plain == NULL)
    return NULL;
  p = g_bytes_get_data (plain, &size);
  /* An empty file's bytes have NULL data; NULL + 0 is undefined. */
  if (p == NULL)
    return g_steal_pointer (&lines);
  end = p + size;
  while (p != NULL && p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      char *line = g_strndup (p, line_end - p);

      g_strchomp (line);
      if (*line != '\0')
        g_ptr_array_add (lines, line);
      else
        g_free (line);
      p = nl != NULL ? nl + 1 : NULL;
    }
  return g_steal_pointer (&lines);
}

GPtrArray *
bmd_jsonl_read (GBytes  *data,
                GError **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();

  lines = bmd_jsonl_read_lines (data, error);
  if (lines == NULL)
    return NULL;
  for (guint i = 0; i < lines->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      JsonNode *root;

      if (!bmd_json_parser_load (parser, g_ptr_array_index (lines, i), -1, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "JSON Lines record %u is not valid JSON: %s", i + 1, local_error->message);
          return NULL;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "JSON Lines record %u is not a JSON object", i + 1);
          return NULL;
        }
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (root)));
    }
  return g_steal_pointer (&objects);
}
