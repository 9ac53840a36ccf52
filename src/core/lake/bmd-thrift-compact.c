#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <string.h>

#include "bmd-thrift-compact.h"

void
bmd_thrift_append_varint (GByteArray *out,
                          guint64     value)
{
  guint8 buf[10];
  guint n = 0;

  do
    {
      guint8 b = value & 0x7f;

      value >>= 7;
      buf[n++] = value != 0 ? (b | 0x80) : b;
    }
  while (value != 0);
  g_byte_array_append (out, buf, n);
}

static guint64
zigzag (gint64 value)
{
  return ((guint64) value << 1) ^ (guint64) (value >> 63);
}

void
bmd_thrift_writer_init (BmdThriftWriter *self,
                        GByteArray      *out)
{
  memset (self, 0, sizeof *self);
  self->out = out;
}

static void
write_field_header (BmdThriftWriter *self,
                    int              id,
                    BmdThriftType    type)
{
  int delta = id - self->last_id[self->depth];

  g_assert (delta > 0);
  if (delta <= 15)
    {
      guint8 b = (guint8) ((delta << 4) | type);

      g_byte_array_append (self->out, &b, 1);
    }
  else
    {
      guint8 b = type;

      g_byte_array_append (self->out, &b, 1);
      bmd_thrift_append_varint (self->out, zigzag (id));
    }
  self->last_id[self->depth] = id;
}

void
bmd_thrift_write_i32_field (BmdThriftWriter *self,
                            int              id,
                            gint32           value)
{
  write_field_header (self, id, BMD_THRIFT_I32);
  bmd_thrift_append_varint (self->out, zigzag (value));
}

void
bmd_thrift_write_i64_field (BmdThriftWriter *self,
                            int              id,
                            gint64           value)
{
  write_field_header (self, id, BMD_THRIFT_I64);
  bmd_thrift_append_varint (self->out, zigzag (value));
}

void
bmd_thrift_write_byte_field (BmdThriftWriter *self,
                             int              id,
                             gint8            value)
{
  guint8 b = (guint8) value;

  write_field_header (self, id, BMD_THRIFT_BYTE);
  g_byte_array_append (self->out, &b, 1);
}

/* The compact protocol folds a bool field's value into its type. */
void
bmd_thrift_write_bool_field (BmdThriftWriter *self,
                             int              id,
                             gboolean         value)
{
  write_field_header (self, id, value ? BMD_THRIFT_BOOL_TRUE : BMD_THRIFT_BOOL_FALSE);
}

void
bmd_thrift_write_binary (BmdThriftWriter *self,
                         const void      *data,
                         gsize            size)
{
  bmd_thrift_append_varint (self->out, size);
  if (size > 0)
    g_byte_array_append (self->out, data, size);
}

void
bmd_thrift_write_binary_field (BmdThriftWriter *self,
                               int              id,
                               const void      *data,
                               gsize            size)
{
  write_field_header (self, id, BMD_THRIFT_BINARY);
  bmd_thrift_write_binary (self, data, size);
}

void
bmd_thrift_write_string_field (BmdThriftWriter *self,
                               int              id,
                               const char      *text)
{
  bmd_thrift_write_binary_field (self, id, text, strlen (text));
}

void
bmd_thrift_struct_begin (BmdThriftWriter *self)
{
  g_assert (self->depth + 1 < BMD_THRIFT_MAX_DEPTH);
  self->depth++;
  self->last_id[self->depth] = 0;
}

void
bmd_thrift_struct_field_begin (BmdThriftWriter *self,
                               int              id)
{
  write_field_header (self, id, BMD_THRIFT_STRUCT);
  bmd_thrift_struct_begin (self);
}

void
bmd_thrift_struct_end (BmdThriftWriter *self)
{
  guint8 stop = 0;

  g_assert (self->depth > 0);
  g_byte_array_append (self->out, &stop, 1);
  self->depth--;
}

void
bmd_thrift_list_field_begin (BmdThriftWriter *self,
                             int              id,
                             BmdThriftType    element_type,
                             guint            size)
{
  write_field_header (self, id, BMD_THRIFT_LIST);
  if (size < 15)
    {
      guint8 b = (guint8) ((size << 4) | element_type);

      g_byte_array_append (self->out, &b, 1);
    }
  else
    {
      guint8 b = (guint8) (0xf0 | element_type);

      g_byte_array_append (self->out, &b, 1);
      bmd_thrift_append_varint (self->out, size);
    }
}

void
bmd_thrift_write_i32 (BmdThriftWriter *self,
                      gint32           value)
{
  bmd_thrift_append_varint (self->out, zigzag (value));
}
