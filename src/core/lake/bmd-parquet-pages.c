#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <string.h>

#include "bmd-parquet-pages.h"
#include "bmd-parquet-rle.h"
#include "bmd-thrift-compact.h"

/* parquet.thrift's enums. */
enum { TYPE_BOOLEAN = 0, TYPE_INT32 = 1, TYPE_INT64 = 2, TYPE_BYTE_ARRAY = 6, TYPE_FIXED = 7 };
enum { ENC_PLAIN = 0, ENC_RLE = 3, ENC_RLE_DICTIONARY = 8 };
enum { PAGE_DATA = 0, PAGE_DICTIONARY = 2 };
enum { CODEC_ZSTD = 6 };
enum { REP_REQUIRED = 0, REP_OPTIONAL = 1, REP_REPEATED = 2 };
enum { CT_UTF8 = 0, CT_MAP = 1, CT_LIST = 3, CT_DECIMAL = 5, CT_DATE = 6,
       CT_TIMESTAMP_MICROS = 10, CT_INT_32 = 17, CT_INT_64 = 18 };

/* Pages end at the first record boundary past this many value bytes, so a
 * reader never holds a whole large chunk for one page. */
#define PAGE_TARGET_BYTES (1024 * 1024)
/* Longer strings get no min/max in the footer (it would carry whole notes). */
#define MAX_STAT_BYTES 1024
#define DECIMAL_BYTES 6

static int
physical_type (BmdParquetType type)
{
  switch (type)
    {
    case BMD_PARQUET_TYPE_STRING: return TYPE_BYTE_ARRAY;
    case BMD_PARQUET_TYPE_LONG:
    case BMD_PARQUET_TYPE_TIMESTAMP: return TYPE_INT64;
    case BMD_PARQUET_TYPE_INTEGER:
    case BMD_PARQUET_TYPE_DATE: return TYPE_INT32;
    case BMD_PARQUET_TYPE_DECIMAL_12_2: return TYPE_FIXED;
    case BMD_PARQUET_TYPE_BOOLEAN: return TYPE_BOOLEAN;
    case BMD_PARQUET_TYPE_STRUCT:
    case BMD_PARQUET_TYPE_MAP:
    case BMD_PARQUET_TYPE_LIST:
    default:
      g_assert_not_reached ();
    }
}

static inline const guint8 *
string_at (BmdParquetLeaf *leaf,
           gsize           i,
           gsize          *size)
{
  guint64 start = g_array_index (leaf->offsets, guint64, i);
  guint64 end = i + 1 < leaf->offsets->len ? g_array_index (leaf->offsets, guint64, i + 1)
                                           : leaf->bytes->len;

  *size = end - start;
  return leaf->bytes->data + start;
}

static int
compare_bytes (const guint8 *a,
               gsize         a_size,
               const guint8 *b,
               gsize         b_size)
{
  int c = memcmp (a, b, MIN (a_size, b_size));

  if (c != 0)
    return c;
  return a_size < b_size ? -1 : a_size > b_size ? 1 : 0;
}

/* One value, PLAIN (strings without their length prefix when @bare). */
static void
append_plain (GByteArray     *out,
              BmdParquetLeaf *leaf,
              gsize           i,
              gboolean        bare)
{
  gint64 v;

  if (leaf->type == BMD_PARQUET_TYPE_STRING)
    {
      gsize size;
      const guint8 *data = string_at (leaf, i, &size);

      if (!bare)
        {
          guint32 le = GUINT32_TO_LE ((guint32) size);

          g_byte_array_append (out, (const guint8 *) &le, 4);
        }
      g_byte_array_append (out, data, size);
      return;
    }

  v = g_array_index (leaf->ints, gint64, i);
  switch (leaf->type)
    {
    case BMD_PARQUET_TYPE_LONG:
    case BMD_PARQUET_TYPE_TIMESTAMP:
      {
        guint64 le = GUINT64_TO_LE ((guint64) v);

        g_byte_array_append (out, (const guint8 *) &le, 8);
        break;
      }
    case BMD_PARQUET_TYPE_INTEGER:
    case BMD_PARQUET_TYPE_DATE:
      {
        guint32 le = GUINT32_TO_LE ((guint32) (gint32) v);

        g_byte_array_append (out, (const guint8 *) &le, 4);
        break;
      }
    case BMD_PARQUET_TYPE_DECIMAL_12_2:
      {
        /* Big-endian two's complement, as wide as precision 12 needs. */
        guint8 buf[DECIMAL_BYTES];

        for (int b = DECIMAL_BYTES - 1; b >= 0; b--)
          {
            buf[b] = (guint8) (v & 0xff);
            v >>= 8;
          }
        g_byte_array_append (out, buf, DECIMAL_BYTES);
        break;
      }
    case BMD_PARQUET_TYPE_BOOLEAN:
      {
        guint8 b = v ? 1 : 0;

        g_byte_array_append (out, &b, 1);
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
append_plain_range (GByteArray     *out,
                    BmdParquetLeaf *leaf,
                    gsize           first,
                    gsize           end)
{
  if (leaf->type == BMD_PARQUET_TYPE_BOOLEAN)
    {
      /* Bit-packed, LSB first. */
      guint8 acc = 0;
      guint bits = 0;

      for (gsize i = first; i < end; i++)
        {
          if (g_array_index (leaf->ints, gint64, i))
            acc |= (guint8) (1u << bits);
          if (++bits == 8)
            {
              g_byte_array_append (out, &acc, 1);
              acc = 0;
              bits = 0;
            }
        }
      if (bits > 0)
        g_byte_array_append (out, &acc, 1);
      return;
    }
  for (gsize i = first; i < end; i++)
    append_plain (out, leaf, i, FALSE);
}

/* Dictionary: open addressing over value indexes. */
typedef struct
{
  GArray *values;   /* guint32 value index of each dictionary entry */
  GArray *indexes;  /* guint32 dictionary entry of each value */
} Dictionary;

static guint64
hash_value (BmdParquetLeaf *leaf,
            gsize           i)
{
  if (leaf->type == BMD_PARQUET_TYPE_STRING)
    {
      gsize size;
      const guint8 *data = string_at (leaf, i, &size);
      guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

      for (gsize k = 0; k < size; k++)
        h = (h ^ data[k]) * G_GUINT64_CONSTANT (1099511628211);
      return h ^ (h >> 29);
    }
  return ((guint64) g_array_index (leaf->ints, gint64, i)) * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
}

static gboolean
equal_values (BmdParquetLeaf *leaf,
              gsize           a,
              gsize           b)
{
  if (leaf->type == BMD_PARQUET_TYPE_STRING)
    {
      gsize a_size, b_size;
      const guint8 *a_data = string_at (leaf, a, &a_size);
      const guint8 *b_data = string_at (leaf, b, &b_size);

      return a_size == b_size && memcmp (a_data, b_data, a_size) == 0;
    }
  return g_array_index (leaf->ints, gint64, a) == g_array_index (leaf->ints, gint64, b);
}

static void
build_dictionary (BmdParquetLeaf *leaf,
                  gsize           n_values,
                  Dictionary     *dict)
{
  gsize capacity = 16;
  g_autofree guint32 *table = NULL;

  while (capacity < n_values * 2)
    capacity <<= 1;
  table = g_new0 (guint32, capacity);
  dict->values = g_array_new (FALSE, FALSE, sizeof (guint32));
  dict->indexes = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_values);

  for (gsize i = 0; i < n_values; i++)
    {
      gsize slot = hash_value (leaf, i) & (capacity - 1);
      guint32 entry;

      while (table[slot] != 0 &&
             !equal_values (leaf, g_array_index (dict->values, guint32, table[slot] - 1), i))
        slot = (slot + 1) & (capacity - 1);
      if (table[slot] == 0)
        {
          guint32 index = (guint32) i;

          g_array_append_val (dict->values, index);
          table[slot] = dict->values->len;
        }
      entry = table[slot] - 1;
      g_array_append_val (dict->indexes, entry);
    }
}

static gboolean
compress (ZSTD_CCtx   *zstd,
          int          level,
          GByteArray  *body,
          GByteArray  *compressed,
          GError     **error)
{
  size_t bound = ZSTD_compressBound (body->len);
  size_t n;

  g_byte_array_set_size (compressed, bound);
  n = ZSTD_compressCCtx (zstd, compressed->data, bound, body->data, body->len, level);
  if (ZSTD_isError (n))
    {
      g_set_error (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_COMPRESS,
                   "zstd: %s", ZSTD_getErrorName (n));
      return FALSE;
    }
  g_byte_array_set_size (compressed, n);
  return TRUE;
}

/* A page: its header, then its compressed body. */
static gboolean
write_page (GByteArray      *out,
            BmdParquetChunk *chunk,
            int              page_type,
            guint            n_values,
            int              encoding,
            GByteArray      *body,
            ZSTD_CCtx       *zstd,
            int              level,
            GError         **error)
{
  g_autoptr(GByteArray) compressed = g_byte_array_new ();
  g_autoptr(GByteArray) header = g_byte_array_new ();
  BmdThriftWriter w;

  if (!compress (zstd, level, body, compressed, error))
    return FALSE;
  if (body->len > G_MAXINT32 || compressed->len > G_MAXINT32)
    {
      g_set_error_literal (error, BMD_PARQUET_ERROR, BMD_PARQUET_ERROR_VALUE,
                           "a page of more than 2 GiB");
      return FALSE;
    }

  bmd_thrift_writer_init (&w, header);
  bmd_thrift_struct_begin (&w);
  bmd_thrift_write_i32_field (&w, 1, page_type);
  bmd_thrift_write_i32_field (&w, 2, (gint32) body->len);
  bmd_thrift_write_i32_field (&w, 3, (gint32) compressed->len);
  if (page_type == PAGE_DATA)
    {
      bmd_thrift_struct_field_begin (&w, 5);
      bmd_thrift_write_i32_field (&w, 1, (gint32) n_values);
      bmd_thrift_write_i32_field (&w, 2, encoding);
      bmd_thrift_write_i32_field (&w, 3, ENC_RLE);
      bmd_thrift_write_i32_field (&w, 4, ENC_RLE);
      bmd_thrift_struct_end (&w);
    }
  else
    {
      bmd_thrift_struct_field_begin (&w, 7);
      bmd_thrift_write_i32_field (&w, 1, (gint32) n_values);
      bmd_thrift_write_i32_field (&w, 2, ENC_PLAIN);
      bmd_thrift_struct_end (&w);
    }
  bmd_thrift_struct_end (&w);

  g_byte_array_append (out, header->data, header->len);
  g_byte_array_append (out, compressed->data, compressed->len);
  chunk->uncompressed += header->len + body->len;
  chunk->compressed += header->len + compressed->len;
  return TRUE;
}

/* Levels in a v1 data page: a 4-byte little-endian length, then the hybrid. */
static void
append_levels (GByteArray *body,
               GByteArray *levels,
               gsize       first,
               gsize       end,
               guint       max_level)
{
  gsize at = body->len;
  guint32 le;

  g_byte_array_set_size (body, at + 4);
  bmd_parquet_rle_encode_levels (body, levels->data + first, end - first,
                                 bmd_parquet_bit_width (max_level));
  le = GUINT32_TO_LE ((guint32) (body->len - at - 4));
  memcpy (body->data + at, &le, 4);
}

static gsize
value_size (BmdParquetLeaf *leaf,
            gsize           i,
            gboolean        dictionary)
{
  if (dictionary)
    return 4;
  if (leaf->type == BMD_PARQUET_TYPE_STRING)
    {
      gsize size;

      string_at (leaf, i, &size);
      return size + 4;
    }
  return 8;
}

static GBytes *
stat_bytes (BmdParquetLeaf *leaf,
            gsize           i)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  append_plain (out, leaf, i, TRUE);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The chunk's min and max value indexes; FALSE when it has no values. */
static gboolean
find_min_max (BmdParquetLeaf *leaf,
              gsize           n_values,
              gsize          *min,
              gsize          *max)
{
  if (n_values == 0)
    return FALSE;
  *min = *max = 0;
  for (gsize i = 1; i < n_values; i++)
    {
      if (leaf->type == BMD_PARQUET_TYPE_STRING)
        {
          gsize size, min_size, max_size;
          const guint8 *data = string_at (leaf, i, &size);
          const guint8 *min_data = string_at (leaf, *min, &min_size);
          const guint8 *max_data = string_at (leaf, *max, &max_size);

          if (compare_bytes (data, size, min_data, min_size) < 0)
            *min = i;
          if (compare_bytes (data, size, max_data, max_size) > 0)
            *max = i;
        }
      else
        {
          gint64 v = g_array_index (leaf->ints, gint64, i);

          if (v < g_array_index (leaf->ints, gint64, *min))
            *min = i;
          if (v > g_array_index (leaf->ints, gint64, *max))
            *max = i;
        }
    }
  return TRUE;
}

static void
fold_stats (BmdParquetLeaf  *leaf,
            BmdParquetChunk *chunk,
            gsize            n_values)
{
  BmdParquetColumnStats *stats = &leaf->stats;
  gsize min, max;

  stats->n_values += chunk->n_values;
  stats->null_count += chunk->null_count;
  if (!find_min_max (leaf, n_values, &min, &max))
    return;

  if (leaf->type == BMD_PARQUET_TYPE_STRING)
    {
      gsize min_size, max_size;
      const guint8 *min_data = string_at (leaf, min, &min_size);
      const guint8 *max_data = string_at (leaf, max, &max_size);

      if (!stats->has_min_max ||
          compare_bytes (min_data, min_size, g_bytes_get_data (stats->min_string, NULL),
                         g_bytes_get_size (stats->min_string)) < 0)
        {
          g_clear_pointer (&stats->min_string, g_bytes_unref);
          stats->min_string = g_bytes_new (min_data, min_size);
        }
      if (!stats->has_min_max ||
          compare_bytes (max_data, max_size, g_bytes_get_data (stats->max_string, NULL),
                         g_bytes_get_size (stats->max_string)) > 0)
        {
          g_clear_pointer (&stats->max_string, g_bytes_unref);
          stats->max_string = g_bytes_new (max_data, max_size);
        }
      if (min_size <= MAX_STAT_BYTES && max_size <= MAX_STAT_BYTES)
        {
          chunk->min = stat_bytes (leaf, min);
          chunk->max = stat_bytes (leaf, max);
        }
    }
  else
    {
      gint64 lo = g_array_index (leaf->ints, gint64, min);
      gint64 hi = g_array_index (leaf->ints, gint64, max);

      if (!stats->has_min_max || lo < stats->min_int)
        stats->min_int = lo;
      if (!stats->has_min_max || hi > stats->max_int)
        stats->max_int = hi;
      chunk->min = stat_bytes (leaf, min);
      chunk->max = stat_bytes (leaf, max);
    }
  stats->has_min_max = TRUE;
}

gboolean
_bmd_parquet_write_chunk (BmdParquetLeaf  *leaf,
                          GByteArray      *out,
                          ZSTD_CCtx       *zstd,
                          int              level,
                          GError         **error)
{
  BmdParquetChunk chunk = { 0 };
  gsize n_values = leaf->type == BMD_PARQUET_TYPE_STRING ? leaf->offsets->len : leaf->ints->len;
  Dictionary dict = { NULL, NULL };
  g_autoptr(GByteArray) body = g_byte_array_new ();
  guint bit_width = 0;
  gsize slot = 0, value = 0;

  chunk.dictionary_page_offset = -1;
  chunk.n_values = leaf->n_slots;
  chunk.null_count = leaf->n_slots - n_values;
  chunk.dictionary = leaf->encoding == BMD_PARQUET_ENCODING_DICTIONARY &&
                     leaf->type != BMD_PARQUET_TYPE_BOOLEAN;

  if (chunk.dictionary)
    {
      build_dictionary (leaf, n_values, &dict);
      for (guint i = 0; i < dict.values->len; i++)
        append_plain (body, leaf, g_array_index (dict.values, guint32, i), FALSE);
      chunk.dictionary_page_offset = out->len;
      if (!write_page (out, &chunk, PAGE_DICTIONARY, dict.values->len, ENC_PLAIN, body,
                       zstd, level, error))
        goto fail;
      bit_width = MAX (1, bmd_parquet_bit_width (dict.values->len > 0 ? dict.values->len - 1 : 0));
    }
  chunk.data_page_offset = out->len;

  /* Data pages; an empty chunk still gets one (empty) page. */
  do
    {
      gsize first_slot = slot, first_value = value, bytes = 0;

      while (slot < leaf->n_slots)
        {
          gboolean defined = leaf->max_def == 0 || leaf->def->data[slot] == leaf->max_def;

          if (bytes >= PAGE_TARGET_BYTES && (leaf->max_rep == 0 || leaf->rep->data[slot] == 0))
            break;
          if (defined)
            bytes += value_size (leaf, value++, chunk.dictionary);
          else
            bytes += 1;
          slot++;
        }

      g_byte_array_set_size (body, 0);
      if (leaf->max_rep > 0)
        append_levels (body, leaf->rep, first_slot, slot, leaf->max_rep);
      if (leaf->max_def > 0)
        append_levels (body, leaf->def, first_slot, slot, leaf->max_def);
      if (chunk.dictionary)
        {
          guint8 width = (guint8) bit_width;

          g_byte_array_append (body, &width, 1);
          bmd_parquet_rle_encode (body, &g_array_index (dict.indexes, guint32, first_value),
                                  value - first_value, bit_width);
        }
      else
        append_plain_range (body, leaf, first_value, value);

      if (!write_page (out, &chunk, PAGE_DATA, (guint) (slot - first_slot),
                       chunk.dictionary ? ENC_RLE_DICTIONARY : ENC_PLAIN, body, zstd, level, error))
        goto fail;
    }
  while (slot < leaf->n_slots);

  fold_stats (leaf, &chunk, n_values);
  g_array_append_val (leaf->chunks, chunk);
  g_clear_pointer (&dict.values, g_array_unref);
  g_clear_pointer (&dict.indexes, g_array_unref);
  return TRUE;

fail:
  g_clear_pointer (&dict.values, g_array_unref);
  g_clear_pointer (&dict.indexes, g_array_unref);
  return FALSE;
}

/* Footer */

static void
write_logical_int (BmdThriftWriter *w,
                   gint8            bits)
{
  bmd_thrift_struct_field_begin (w, 10);
  bmd_thrift_write_byte_field (w, 1, bits);
  bmd_thrift_write_bool_field (w, 2, TRUE);
  bmd_thrift_struct_end (w);
}

static void
write_empty_struct_field (BmdThriftWriter *w,
                          int              id)
{
  bmd_thrift_struct_field_begin (w, id);
  bmd_thrift_struct_end (w);
}

static void
write_primitive_element (BmdThriftWriter *w,
                         const char      *name,
                         BmdParquetType   type,
                         int              repetition)
{
  bmd_thrift_struct_begin (w);
  bmd_thrift_write_i32_field (w, 1, physical_type (type));
  if (type == BMD_PARQUET_TYPE_DECIMAL_12_2)
    bmd_thrift_write_i32_field (w, 2, DECIMAL_BYTES);
  bmd_thrift_write_i32_field (w, 3, repetition);
  bmd_thrift_write_string_field (w, 4, name);
  switch (type)
    {
    case BMD_PARQUET_TYPE_STRING:
      bmd_thrift_write_i32_field (w, 6, CT_UTF8);
      bmd_thrift_struct_field_begin (w, 10);
      write_empty_struct_field (w, 1);
      bmd_thrift_struct_end (w);
      break;
    case BMD_PARQUET_TYPE_LONG:
      bmd_thrift_write_i32_field (w, 6, CT_INT_64);
      bmd_thrift_struct_field_begin (w, 10);
      write_logical_int (w, 64);
      bmd_thrift_struct_end (w);
      break;
    case BMD_PARQUET_TYPE_INTEGER:
      bmd_thrift_write_i32_field (w, 6, CT_INT_32);
      bmd_thrift_struct_field_begin (w, 10);
      write_logical_int (w, 32);
      bmd_thrift_struct_end (w);
      break;
    case BMD_PARQUET_TYPE_DECIMAL_12_2:
      bmd_thrift_write_i32_field (w, 6, CT_DECIMAL);
      bmd_thrift_write_i32_field (w, 7, 2);
      bmd_thrift_write_i32_field (w, 8, 12);
      bmd_thrift_struct_field_begin (w, 10);
      bmd_thrift_struct_field_begin (w, 5);
      bmd_thrift_write_i32_field (w, 1, 2);
      bmd_thrift_write_i32_field (w, 2, 12);
      bmd_thrift_struct_end (w);
      bmd_thrift_struct_end (w);
      break;
    case BMD_PARQUET_TYPE_DATE:
      bmd_thrift_write_i32_field (w, 6, CT_DATE);
      bmd_thrift_struct_field_begin (w, 10);
      write_empty_struct_field (w, 6);
      bmd_thrift_struct_end (w);
      break;
    case BMD_PARQUET_TYPE_TIMESTAMP:
      bmd_thrift_write_i32_field (w, 6, CT_TIMESTAMP_MICROS);
      bmd_thrift_struct_field_begin (w, 10);
      bmd_thrift_struct_field_begin (w, 8);
      bmd_thrift_write_bool_field (w, 1, TRUE);
      bmd_thrift_struct_field_begin (w, 2);
      write_empty_struct_field (w, 2);
      bmd_thrift_struct_end (w);
      bmd_thrift_struct_end (w);
      bmd_thrift_struct_end (w);
      break;
    case BMD_PARQUET_TYPE_BOOLEAN:
    default:
      break;
    }
  bmd_thrift_struct_end (w);
}

static void
write_group_element (BmdThriftWriter *w,
                     const char      *name,
                     int              repetition,
                     guint            n_children,
                     int              converted,
                     int              logical)
{
  bmd_thrift_struct_begin (w);
  if (repetition >= 0)
    bmd_thrift_write_i32_field (w, 3, repetition);
  bmd_thrift_write_string_field (w, 4, name);
  bmd_thrift_write_i32_field (w, 5, (gint32) n_children);
  if (converted >= 0)
    {
      bmd_thrift_write_i32_field (w, 6, converted);
      bmd_thrift_struct_field_begin (w, 10);
      write_empty_struct_field (w, logical);
      bmd_thrift_struct_end (w);
    }
  bmd_thrift_struct_end (w);
}

static guint
count_elements (BmdParquetField *field)
{
  guint n = 1;

  switch (field->type)
    {
    case BMD_PARQUET_TYPE_STRUCT:
      for (guint i = 0; i < field->fields->len; i++)
        n += count_elements (g_ptr_array_index (field->fields, i));
      return n;
    case BMD_PARQUET_TYPE_MAP:
      return 4;
    case BMD_PARQUET_TYPE_LIST:
      return 3;
    default:
      return 1;
    }
}

static void
write_elements (BmdThriftWriter *w,
                BmdParquetField *field)
{
  int repetition = field->nullable ? REP_OPTIONAL : REP_REQUIRED;

  switch (field->type)
    {
    case BMD_PARQUET_TYPE_STRUCT:
      write_group_element (w, field->name, field->parent != NULL ? repetition : -1,
                           field->fields->len, -1, 0);
      for (guint i = 0; i < field->fields->len; i++)
        write_elements (w, g_ptr_array_index (field->fields, i));
      break;
    case BMD_PARQUET_TYPE_MAP:
      write_group_element (w, field->name, repetition, 1, CT_MAP, 2);
      write_group_element (w, "key_value", REP_REPEATED, 2, -1, 0);
      write_primitive_element (w, "key", BMD_PARQUET_TYPE_STRING, REP_REQUIRED);
      write_primitive_element (w, "value", BMD_PARQUET_TYPE_STRING, REP_OPTIONAL);
      break;
    case BMD_PARQUET_TYPE_LIST:
      write_group_element (w, field->name, repetition, 1, CT_LIST, 3);
      write_group_element (w, "list", REP_REPEATED, 1, -1, 0);
      write_primitive_element (w, "element", BMD_PARQUET_TYPE_STRING, REP_OPTIONAL);
      break;
    default:
      write_primitive_element (w, field->name, field->type, repetition);
      break;
    }
}

static void
write_column_chunk (BmdThriftWriter *w,
                    BmdParquetLeaf  *leaf,
                    BmdParquetChunk *chunk)
{
  bmd_thrift_struct_begin (w);
  bmd_thrift_write_i64_field (w, 2, chunk->dictionary ? chunk->dictionary_page_offset
                                                      : chunk->data_page_offset);
  bmd_thrift_struct_field_begin (w, 3);
  bmd_thrift_write_i32_field (w, 1, physical_type (leaf->type));
  if (chunk->dictionary)
    {
      bmd_thrift_list_field_begin (w, 2, BMD_THRIFT_I32, 3);
      bmd_thrift_write_i32 (w, ENC_PLAIN);
      bmd_thrift_write_i32 (w, ENC_RLE);
      bmd_thrift_write_i32 (w, ENC_RLE_DICTIONARY);
    }
  else
    {
      bmd_thrift_list_field_begin (w, 2, BMD_THRIFT_I32, 2);
      bmd_thrift_write_i32 (w, ENC_PLAIN);
      bmd_thrift_write_i32 (w, ENC_RLE);
    }
  bmd_thrift_list_field_begin (w, 3, BMD_THRIFT_BINARY, leaf->parts->len);
  for (guint i = 0; i < leaf->parts->len; i++)
    {
      const char *part = g_ptr_array_index (leaf->parts, i);

      bmd_thrift_write_binary (w, part, strlen (part));
    }
  bmd_thrift_write_i32_field (w, 4, CODEC_ZSTD);
  bmd_thrift_write_i64_field (w, 5, chunk->n_values);
  bmd_thrift_write_i64_field (w, 6, chunk->uncompressed);
  bmd_thrift_write_i64_field (w, 7, chunk->compressed);
  bmd_thrift_write_i64_field (w, 9, chunk->data_page_offset);
  if (chunk->dictionary)
    bmd_thrift_write_i64_field (w, 11, chunk->dictionary_page_offset);
  bmd_thrift_struct_field_begin (w, 12);
  bmd_thrift_write_i64_field (w, 3, chunk->null_count);
  if (chunk->min != NULL)
    {
      gsize size;
      const void *data = g_bytes_get_data (chunk->max, &size);

      bmd_thrift_write_binary_field (w, 5, data, size);
      data = g_bytes_get_data (chunk->min, &size);
      bmd_thrift_write_binary_field (w, 6, data, size);
    }
  bmd_thrift_struct_end (w);
  bmd_thrift_struct_end (w);
  bmd_thrift_struct_end (w);
}

void
_bmd_parquet_write_footer (GByteArray      *out,
                           BmdParquetField *root,
                           GPtrArray       *leaves,
                           GArray          *row_groups,
                           gint64           n_rows,
                           GPtrArray       *metadata)
{
  g_autoptr(GByteArray) footer = g_byte_array_new ();
  BmdThriftWriter w;
  guint32 le;

  bmd_thrift_writer_init (&w, footer);
  bmd_thrift_struct_begin (&w);
  bmd_thrift_write_i32_field (&w, 1, 1);

  bmd_thrift_list_field_begin (&w, 2, BMD_THRIFT_STRUCT, count_elements (root));
  write_elements (&w, root);

  bmd_thrift_write_i64_field (&w, 3, n_rows);

  bmd_thrift_list_field_begin (&w, 4, BMD_THRIFT_STRUCT, row_groups->len);
  for (guint g = 0; g < row_groups->len; g++)
    {
      BmdParquetRowGroup *group = &g_array_index (row_groups, BmdParquetRowGroup, g);

      bmd_thrift_struct_begin (&w);
      bmd_thrift_list_field_begin (&w, 1, BMD_THRIFT_STRUCT, leaves->len);
      for (guint c = 0; c < leaves->len; c++)
        {
          BmdParquetLeaf *leaf = g_ptr_array_index (leaves, c);

          write_column_chunk (&w, leaf, &g_array_index (leaf->chunks, BmdParquetChunk, g));
        }
      bmd_thrift_write_i64_field (&w, 2, group->uncompressed);
      bmd_thrift_write_i64_field (&w, 3, group->n_rows);
      bmd_thrift_write_i64_field (&w, 5, group->file_offset);
      bmd_thrift_write_i64_field (&w, 6, group->compressed);
      bmd_thrift_struct_end (&w);
    }

  if (metadata->len > 0)
    {
      bmd_thrift_list_field_begin (&w, 5, BMD_THRIFT_STRUCT, metadata->len / 2);
      for (guint i = 0; i + 1 < metadata->len; i += 2)
        {
          const char *value = g_ptr_array_index (metadata, i + 1);

          bmd_thrift_struct_begin (&w);
          bmd_thrift_write_string_field (&w, 1, g_ptr_array_index (metadata, i));
          if (value != NULL)
            bmd_thrift_write_string_field (&w, 2, value);
          bmd_thrift_struct_end (&w);
        }
    }
  bmd_thrift_write_string_field (&w, 6, "bakemyday version " PACKAGE_VERSION);

  /* TypeDefinedOrder for every column: min/max follow the logical type. */
  bmd_thrift_list_field_begin (&w, 7, BMD_THRIFT_STRUCT, leaves->len);
  for (guint c = 0; c < leaves->len; c++)
    {
      bmd_thrift_struct_begin (&w);
      write_empty_struct_field (&w, 1);
      bmd_thrift_struct_end (&w);
    }
  bmd_thrift_struct_end (&w);

  g_byte_array_append (out, footer->data, footer->len);
  le = GUINT32_TO_LE (footer->len);
  g_byte_array_append (out, (const guint8 *) &le, 4);
  g_byte_array_append (out, (const guint8 *) "PAR1", 4);
}
