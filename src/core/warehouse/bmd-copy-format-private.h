#pragma once

/* The rows of a snapshot as PostgreSQL's COPY data, in the text or the
 * binary format (bmd-copy-format.c): no libpq here, only bytes. */

#include <json-glib/json-glib.h>
#include <string.h>

G_BEGIN_DECLS

/* How a stage column crosses in COPY's binary format. */
typedef enum
{
  BMD_COPY_TEXT,        /* varchar, text: the bytes */
  BMD_COPY_TIMESTAMPTZ, /* int64 microseconds since 2000-01-01 UTC */
  BMD_COPY_NUMERIC,     /* base-10000 digits, weight, sign, scale */
} BmdCopyKind;

/* The COPY data being built: the binary format is mostly 2- and 4-byte
 * fields, so an append is a capacity check and a store, inlined. */
typedef struct
{
  char *data;
  gsize len;
  gsize size;
} BmdCopyBuffer;

static inline char *
_bmd_copy_buffer_room (BmdCopyBuffer *buffer,
                       gsize          n)
{
  if (buffer->size - buffer->len < n)
    {
      buffer->size = MAX (buffer->size * 2, buffer->len + n);
      buffer->data = g_realloc (buffer->data, buffer->size);
    }
  return buffer->data + buffer->len;
}

static inline void
_bmd_copy_buffer_append (BmdCopyBuffer *buffer,
                         const char    *bytes,
                         gsize          n)
{
  memcpy (_bmd_copy_buffer_room (buffer, n), bytes, n);
  buffer->len += n;
}

/* COPY's binary format is big-endian throughout. */
static inline void
_bmd_copy_buffer_be16 (BmdCopyBuffer *buffer,
                       guint16        value)
{
  value = GUINT16_TO_BE (value);
  _bmd_copy_buffer_append (buffer, (const char *) &value, sizeof value);
}

static inline void
_bmd_copy_buffer_be32 (BmdCopyBuffer *buffer,
                       guint32        value)
{
  value = GUINT32_TO_BE (value);
  _bmd_copy_buffer_append (buffer, (const char *) &value, sizeof value);
}

static inline void
_bmd_copy_buffer_be64 (BmdCopyBuffer *buffer,
                       guint64        value)
{
  value = GUINT64_TO_BE (value);
  _bmd_copy_buffer_append (buffer, (const char *) &value, sizeof value);
}

/* COPY's text format: backslash, tab, newline and carriage return escaped. */
void        _bmd_copy_append_text         (BmdCopyBuffer *out,
                                           const char    *value);
/* One non-NULL field of a binary COPY row; FALSE when @value has no binary
 * form this file is sure the server would read the same way as the text. */
gboolean    _bmd_copy_append_binary_value (BmdCopyBuffer *out,
                                           BmdCopyKind    kind,
                                           const char    *value);
/* A row value as the text the server parses (NULL for SQL NULL). Strings
 * are returned as they are; other values are written into *scratch. */
const char *_bmd_copy_row_value           (JsonObject    *row,
                                           const char    *column,
                                           char         **scratch);

G_END_DECLS
