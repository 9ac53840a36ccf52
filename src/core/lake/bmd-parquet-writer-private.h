#pragma once

#include "bmd-parquet-writer.h"

G_BEGIN_DECLS

/* A column chunk already written: what the footer says of it. */
typedef struct
{
  gint64   data_page_offset;
  gint64   dictionary_page_offset;  /* -1: none */
  gint64   uncompressed;            /* page headers included */
  gint64   compressed;
  gint64   n_values;                /* slots, nulls included */
  gint64   null_count;
  gboolean dictionary;
  GBytes  *min;                     /* statistics, PLAIN without length; NULL: none */
  GBytes  *max;
} BmdParquetChunk;

typedef struct
{
  gint64 n_rows;
  gint64 file_offset;
  gint64 uncompressed;
  gint64 compressed;
} BmdParquetRowGroup;

/* One leaf column: the row group being filled and the chunks written. */
typedef struct
{
  char                  *path;
  GPtrArray             *parts;      /* path_in_schema */
  BmdParquetType         type;
  guint8                 max_def;
  guint8                 max_rep;
  guint                  top_index;
  BmdParquetEncoding     encoding;

  GByteArray            *def;        /* one level per slot, when max_def > 0 */
  GByteArray            *rep;        /* when max_rep > 0 */
  gsize                  n_slots;
  GArray                *ints;       /* gint64 per value, all but strings */
  GByteArray            *bytes;      /* strings, end to end */
  GArray                *offsets;    /* guint64 start of each string in bytes */

  GArray                *chunks;     /* BmdParquetChunk per row group */
  BmdParquetColumnStats  stats;
} BmdParquetLeaf;

typedef struct
{
  guint def, rep, ints, bytes, offsets;
  gsize slots;
} BmdParquetLeafMark;

G_END_DECLS
