#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include "bmd-parquet-rle.h"
#include "bmd-thrift-compact.h"

/* Bit-packed groups per run header: readers are only required to take
 * headers that fit one byte's worth of groups. */
#define MAX_GROUPS 63

guint
bmd_parquet_bit_width (guint32 max_value)
{
  guint width = 0;

  while (max_value != 0)
    {
      width++;
      max_value >>= 1;
    }
  return width;
}

typedef guint32 (*ValueAt) (const void *values, gsize i);

static guint32
u32_at (const void *values,
        gsize       i)
{
  return ((const guint32 *) values)[i];
}

static guint32
u8_at (const void *values,
       gsize       i)
{
  return ((const guint8 *) values)[i];
}

static gsize
run_length (const void *values,
            ValueAt     at,
            gsize       start,
            gsize       n)
{
  guint32 v = at (values, start);
  gsize end = start + 1;

  while (end < n && at (values, end) == v)
    end++;
  return end - start;
}

static void
encode (GByteArray *out,
        const void *values,
        ValueAt     at,
        gsize       n,
        guint       bit_width)
{
  guint value_bytes = (bit_width + 7) / 8;
  gsize i = 0;

  g_assert (bit_width <= 32);
  while (i < n)
    {
      gsize run = run_length (values, at, i, n);

      if (run >= 8)
        {
          guint32 v = at (values, i);
          guint8 buf[4];

          bmd_thrift_append_varint (out, (guint64) run << 1);
          for (guint b = 0; b < value_bytes; b++)
            buf[b] = (guint8) (v >> (8 * b));
          g_byte_array_append (out, buf, value_bytes);
          i += run;
          continue;
        }

      /* Groups of 8 until a long run starts; the last group is padded with
       * zeros (the page's value count tells readers where values end). */
      {
        gsize header_at = out->len;
        guint groups = 0;

        bmd_thrift_append_varint (out, 0);
        while (i < n && groups < MAX_GROUPS)
          {
            guint64 acc = 0;
            guint acc_bits = 0;

            for (guint k = 0; k < 8; k++)
              {
                guint32 v = i + k < n ? at (values, i + k) : 0;

                acc |= (guint64) v << acc_bits;
                acc_bits += bit_width;
                while (acc_bits >= 8)
                  {
                    guint8 b = (guint8) acc;

                    g_byte_array_append (out, &b, 1);
                    acc >>= 8;
                    acc_bits -= 8;
                  }
              }
            g_assert (acc_bits == 0);
            groups++;
            i = MIN (i + 8, n);
            if (i < n && run_length (values, at, i, n) >= 8)
              break;
          }
        /* groups < 64, so the header is one byte. */
        out->data[header_at] = (guint8) ((groups << 1) | 1);
      }
    }
}

void
bmd_parquet_rle_encode (GByteArray    *out,
                        const guint32 *values,
                        gsize          n_values,
                        guint          bit_width)
{
  encode (out, values, u32_at, n_values, bit_width);
}

void
bmd_parquet_rle_encode_levels (GByteArray   *out,
                               const guint8 *levels,
                               gsize         n_levels,
                               guint         bit_width)
{
  encode (out, levels, u8_at, n_levels, bit_width);
}
