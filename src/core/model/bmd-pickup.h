#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A parsed pickup_date metafield.
 *
 * "2026-06-29T15:00:00Z" and "…-05:00" are exact instants; "2026-06-29T15:00:00"
 * is a wall time in the shop's zone (in a DST gap it moves forward, in an
 * overlap it takes the first); "2026-06-29" is date-only: shown and sorted as
 * local 00:00, but still to come until that local day ends. */
typedef struct
{
  GDateTime *at;         /* in the shop's zone */
  GDateTime *counts_until; /* when it stops being "to come": at, or the end of the day for date-only */
  gboolean   date_only;
} BmdPickup;

gboolean bmd_pickup_parse (const char *value,
                           GTimeZone  *zone,
                           BmdPickup  *out);
void     bmd_pickup_clear (BmdPickup  *pickup);

/* Local ISO 8601 with offset: 2026-06-29T00:00:00-05:00 */
char    *bmd_format_local_iso8601 (GDateTime *dt);
/* UTC with whole seconds, as Shopify and the stores write it:
 * 2026-06-29T05:00:00Z. NULL for a NULL @dt. */
char    *bmd_format_utc_iso8601   (GDateTime *dt);
char    *bmd_format_now_utc_iso8601 (void);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdPickup, bmd_pickup_clear)

G_END_DECLS
