#include "config.h"

#include <string.h>

#include "bmd-key-sort-private.h"

#define DIGIT_BITS 11
#define BUCKETS (1u << DIGIT_BITS)

void
_bmd_key_sort (BmdKeyed *items,
               guint     n)
{
  g_autofree BmdKeyed *scratch = NULL;
  g_autofree guint *counts = NULL;
  BmdKeyed *from = items;
  BmdKeyed *to;
  guint64 differing = 0;
  guint shift;
  guint i;

  if (n < 2)
    return;
  /* Digits where every key agrees (the high bits of nearby instants) need
   * no pass. */
  for (i = 1; i < n; i++)
    differing |= items[i].key ^ items[0].key;
  if (differing == 0)
    return;

  scratch = g_new (BmdKeyed, n);
  counts = g_new (guint, BUCKETS);
  to = scratch;
  for (shift = 0; shift < 64; shift += DIGIT_BITS)
    {
      guint sum = 0;
      BmdKeyed *swap;

      if (((differing >> shift) & (BUCKETS - 1)) == 0)
        continue;

      /* Least significant digit first; each pass is stable. */
      memset (counts, 0, BUCKETS * sizeof (guint));
      for (i = 0; i < n; i++)
        counts[(from[i].key >> shift) & (BUCKETS - 1)]++;
      for (i = 0; i < BUCKETS; i++)
        {
          guint count = counts[i];

          counts[i] = sum;
          sum += count;
        }
      for (i = 0; i < n; i++)
        to[counts[(from[i].key >> shift) & (BUCKETS - 1)]++] = from[i];

      swap = from;
      from = to;
      to = swap;
    }

  if (from != items)
    memcpy (items, from, n * sizeof (BmdKeyed));
}
