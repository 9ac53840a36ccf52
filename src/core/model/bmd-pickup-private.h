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

/* What a pickup text says before a zone is known, so that an order reads
 * its text once and every plan only resolves it. */
typedef enum
{
  BMD_PICKUP_FORM_MISSING,   /* NULL or empty */
  BMD_PICKUP_FORM_BAD,       /* not a date */
  BMD_PICKUP_FORM_DATE,      /* us: local midnight, as if it were UTC */
  BMD_PICKUP_FORM_WALL,      /* us: local wall time, as if it were UTC */
  BMD_PICKUP_FORM_INSTANT,   /* us: the instant (the text had an offset) */
} BmdPickupForm;

typedef struct
{
  gint64        us;
  BmdPickupForm form;
} BmdPickupText;

void          _bmd_pickup_scan          (const char          *value,
                                         BmdPickupText       *out);
/* FALSE for a missing or bad text. */
gboolean      _bmd_pickup_resolve       (const BmdPickupText *text,
                                         BmdZoneCache        *cache,
                                         BmdPickupInstant    *out);

/* a / b rounded towards minus infinity (C's / rounds towards zero), for
 * instants before 1970. */
static inline gint64
_bmd_floor_div (gint64 a,
                gint64 b)
{
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* @dt as microseconds since the epoch (g_date_time_to_unix_usec() is
 * GLib 2.80). */
static inline gint64
_bmd_date_time_to_us (GDateTime *dt)
{
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

/* The instant @us in @zone. */
GDateTime    *_bmd_pickup_date_time  (gint64        us,
                                      GTimeZone    *zone);

/* The local calendar day of an instant as YYYYMMDD. */
int           _bmd_local_day_key     (gint64        at_us,
                                      gint32        offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdZoneCache, _bmd_zone_cache_free)

G_END_DECLS
