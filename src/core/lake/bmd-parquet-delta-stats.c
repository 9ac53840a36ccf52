#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <string.h>

#include "bmd-parquet-schema-private.h"
#include "bmd-parquet-values.h"
#include "bmd-parquet-writer.h"

/* Delta compares string stats as prefixes: longer values are cut. */
#define STRING_PREFIX_CHARS 32

typedef enum { PART_MIN, PART_MAX, PART_NULLS } Part;

static void
append_json_string (GString    *out,
                    const char *text,
                    gsize       size)
{
  g_string_append_c (out, '"');
  for (gsize i = 0; i < size; i++)
    {
      guchar c = (guchar) text[i];

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* Appends "name":value for one primitive column; FALSE when it has none. */
static gboolean
append_value (GString                     *out,
              const BmdParquetColumnStats *stats,
              Part                         part)
{
  gint64 v;

  if (part == PART_NULLS)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT, stats->null_count);
      return TRUE;
    }
  if (!stats->has_min_max || stats->type == BMD_PARQUET_TYPE_BOOLEAN)
    return FALSE;

  v = part == PART_MIN ? stats->min_int : stats->max_int;
  switch (stats->type)
    {
    case BMD_PARQUET_TYPE_STRING:
      {
        GBytes *bytes = part == PART_MIN ? stats->min_string : stats->max_string;
        gsize size;
        const char *text = g_bytes_get_data (bytes, &size);
        const char *cut = text;
        guint n = 0;

        while (cut < text + size && n < STRING_PREFIX_CHARS)
          {
            cut = g_utf8_next_char (cut);
            n++;
          }
        if (cut < text + size)
          {
            /* A prefix is a lower bound, never an upper one. */
            if (part == PART_MAX)
              return FALSE;
            size = cut - text;
          }
        append_json_string (out, text, size);
        return TRUE;
      }
    case BMD_PARQUET_TYPE_LONG:
    case BMD_PARQUET_TYPE_INTEGER:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v);
      return TRUE;
    case BMD_PARQUET_TYPE_DECIMAL_12_2:
      bmd_parquet_append_decimal (out, v);
      return TRUE;
    case BMD_PARQUET_TYPE_DATE:
      g_string_append_c (out, '"');
      bmd_parquet_append_date (out, v);
      g_string_append_c (out, '"');
      return TRUE;
    case BMD_PARQUET_TYPE_TIMESTAMP:
      g_string_append_c (out, '"');
      bmd_parquet_append_timestamp_ms (out, v, part == PART_MAX);
      g_string_append_c (out, '"');
      return TRUE;
    case BMD_PARQUET_TYPE_BOOLEAN:
    case BMD_PARQUET_TYPE_STRUCT:
    case BMD_PARQUET_TYPE_MAP:
    case BMD_PARQUET_TYPE_LIST:
    default:
      return FALSE;
    }
}

/* Members of one struct's object; returns how many it wrote. */
static guint
append_fields (GString          *out,
               BmdParquetWriter *writer,
               BmdParquetField  *parent,
               guint            *leaf,
               Part              part)
{
  guint written = 0;

  for (guint i = 0; i < parent->fields->len; i++)
    {
      BmdParquetField *field = g_ptr_array_index (parent->fields, i);
      gsize mark = out->len;

      if (written > 0)
        g_string_append_c (out, ',');
      append_json_string (out, field->name, strlen (field->name));
      g_string_append_c (out, ':');

      switch (field->type)
        {
        case BMD_PARQUET_TYPE_STRUCT:
          {
            guint n;

            g_string_append_c (out, '{');
            n = append_fields (out, writer, field, leaf, part);
            g_string_append_c (out, '}');
            if (n == 0)
              {
                g_string_truncate (out, mark);
                continue;
              }
            break;
          }
        case BMD_PARQUET_TYPE_MAP:
          *leaf += 2;
          g_string_truncate (out, mark);
          continue;
        case BMD_PARQUET_TYPE_LIST:
          *leaf += 1;
          g_string_truncate (out, mark);
          continue;
        default:
          if (!append_value (out, bmd_parquet_writer_get_column_stats (writer, (*leaf)++), part))
            {
              g_string_truncate (out, mark);
              continue;
            }
          break;
        }
      written++;
    }
  return written;
}

char *
bmd_parquet_writer_dup_delta_stats (BmdParquetWriter *self)
{
  static const struct { const char *name; Part part; } parts[] = {
    { "minValues", PART_MIN }, { "maxValues", PART_MAX }, { "nullCount", PART_NULLS },
  };
  BmdParquetField *root;
  GString *out;

  g_return_val_if_fail (BMD_IS_PARQUET_WRITER (self), NULL);

  root = _bmd_parquet_schema_get_root (bmd_parquet_writer_get_schema (self));
  out = g_string_new (NULL);
  g_string_append_printf (out, "{\"numRecords\":%" G_GINT64_FORMAT,
                          bmd_parquet_writer_get_n_records (self));
  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      guint leaf = 0;

      g_string_append_printf (out, ",\"%s\":{", parts[p].name);
      append_fields (out, self, root, &leaf, parts[p].part);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
