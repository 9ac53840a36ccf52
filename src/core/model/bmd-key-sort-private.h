#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An item to sort by an integer key, remembering where it came from. */
typedef struct
{
  guint64 key;
  guint   index;
} BmdKeyed;

/* Sorts @items by key, stably (equal keys keep their order), in linear time:
 * a radix sort that skips the digits every key shares. Comparison sorts of
 * pointers to records spend most of their time on cache misses once the
 * records no longer fit in the cache. */
void _bmd_key_sort (BmdKeyed *items,
                    guint     n);

/* The key of a signed value, in the same order. */
static inline guint64
_bmd_key_of_signed (gint64 value)
{
  return (guint64) value ^ G_GUINT64_CONSTANT (0x8000000000000000);
}

G_END_DECLS
