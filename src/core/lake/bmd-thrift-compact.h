#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The writing half of Thrift's compact protocol, as much as Parquet's
 * footer and page headers use: structs of i32/i64/binary/bool/list/struct
 * fields, written in field-id order by the caller. */

typedef enum
{
  BMD_THRIFT_BOOL_TRUE = 1,
  BMD_THRIFT_BOOL_FALSE = 2,
  BMD_THRIFT_BYTE = 3,
  BMD_THRIFT_I16 = 4,
  BMD_THRIFT_I32 = 5,
  BMD_THRIFT_I64 = 6,
  BMD_THRIFT_BINARY = 8,
  BMD_THRIFT_LIST = 9,
  BMD_THRIFT_STRUCT = 12,
} BmdThriftType;

#define BMD_THRIFT_MAX_DEPTH 16

typedef struct
{
  GByteArray *out;
  int         last_id[BMD_THRIFT_MAX_DEPTH];
  guint       depth;
} BmdThriftWriter;

void bmd_thrift_writer_init         (BmdThriftWriter *self,
                                     GByteArray      *out);
/* Fields of the current struct; ids must grow. */
void bmd_thrift_write_i32_field     (BmdThriftWriter *self,
                                     int              id,
                                     gint32           value);
void bmd_thrift_write_i64_field     (BmdThriftWriter *self,
                                     int              id,
                                     gint64           value);
void bmd_thrift_write_byte_field    (BmdThriftWriter *self,
                                     int              id,
                                     gint8            value);
void bmd_thrift_write_bool_field    (BmdThriftWriter *self,
                                     int              id,
                                     gboolean         value);
void bmd_thrift_write_binary_field  (BmdThriftWriter *self,
                                     int              id,
                                     const void      *data,
                                     gsize            size);
void bmd_thrift_write_string_field  (BmdThriftWriter *self,
                                     int              id,
                                     const char      *text);
/* A struct field: its fields follow, then bmd_thrift_struct_end (). */
void bmd_thrift_struct_field_begin  (BmdThriftWriter *self,
                                     int              id);
void bmd_thrift_struct_end          (BmdThriftWriter *self);
/* A list field header; then @size elements: for structs
 * bmd_thrift_struct_begin () … bmd_thrift_struct_end (), for i32
 * bmd_thrift_write_i32 (), for binary bmd_thrift_write_binary (). */
void bmd_thrift_list_field_begin    (BmdThriftWriter *self,
                                     int              id,
                                     BmdThriftType    element_type,
                                     guint            size);
void bmd_thrift_struct_begin        (BmdThriftWriter *self);
void bmd_thrift_write_i32           (BmdThriftWriter *self,
                                     gint32           value);
void bmd_thrift_write_binary        (BmdThriftWriter *self,
                                     const void      *data,
                                     gsize            size);

/* Unsigned LEB128 varint (also the RLE hybrid's run headers). */
void bmd_thrift_append_varint       (GByteArray      *out,
                                     guint64          value);

G_END_DECLS
