#pragma once

#include "bmd-pickup.h"

G_BEGIN_DECLS

/* The zone's UTC offset by instant, memoised per UTC day: GLib looks an
 * instant's interval up by walking the zone's transitions, which is too slow
 * for 100,000 orders. Days that contain a transition are not memoised. Not
 * thread-safe: one per planning run. */
typedef struct _BmdZoneCache BmdZoneCache;

BmdZoneCache *_bmd_zone_cache_new    (GTimeZone    *zone);
void          _bmd_zone_cache_free   (BmdZoneCache *cache);
gint32        _bmd_zone_cache_offset (BmdZoneCache *cache,
                                      gint64        utc_seconds);

/* A pickup as microseconds since the epoch, without allocating. */
typedef struct
{
  gint64   at_us;
  gint64   counts_until_us;
  gint32   offset;      /* the zone's offset at at_us, seconds */
  gboolean date_only;
} BmdPickupInstant;

gboolean      _bmd_pickup_parse_instant (const char       *value,
                                         BmdZoneCache     *cache,
                                         BmdPickupInstant *out);

/* The instant @us in @zone. */
GDateTime    *_bmd_pickup_date_time  (gint64        us,
                                      GTimeZone    *zone);

/* The local calendar day of an instant as YYYYMMDD. */
int           _bmd_local_day_key     (gint64        at_us,
                                      gint32        offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdZoneCache, _bmd_zone_cache_free)

G_END_DECLS
