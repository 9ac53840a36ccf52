#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parquet's RLE/bit-packed hybrid: runs of 8 or more equal values as RLE
 * runs, the rest bit-packed in groups of 8 (LSB first). */
void  bmd_parquet_rle_encode       (GByteArray    *out,
                                    const guint32 *values,
                                    gsize          n_values,
                                    guint          bit_width);
/* The same from 8-bit levels. */
void  bmd_parquet_rle_encode_levels (GByteArray  *out,
                                     const guint8 *levels,
                                     gsize         n_levels,
                                     guint         bit_width);
/* Bits needed for values 0 … @max_value. */
guint bmd_parquet_bit_width        (guint32        max_value);

G_END_DECLS
