#define G_LOG_DOMAIN "bmd-pickup"

#include "config.h"

#include <string.h>

#include "bmd-pickup-private.h"

typedef struct
{
  int year, month, day;
  int hour, minute;
  double seconds;
  gboolean has_time;
  gboolean has_offset;
  int offset_seconds;
} Parts;

static gboolean
read_digits (const char **p,
             int          count,
             int         *out)
{
  int value = 0;
  int i;

  for (i = 0; i < count; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }
  *p += count;
  *out = value;
  return TRUE;
}

/* YYYY-MM-DD[(T|space)hh:mm[:ss[.fff]][Z|±hh[:mm]]]; nothing else. */
static gboolean
split_value (const char *value,
             Parts      *parts)
{
  const char *p = value;

  memset (parts, 0, sizeof *parts);
  if (!read_digits (&p, 4, &parts->year) || *p++ != '-'
      || !read_digits (&p, 2, &parts->month) || *p++ != '-'
      || !read_digits (&p, 2, &parts->day))
    return FALSE;
  if (*p == '\0')
    return TRUE;

  if (*p != 'T' && *p != 't' && *p != ' ')
    return FALSE;
  p++;
  parts->has_time = TRUE;
  if (!read_digits (&p, 2, &parts->hour) || *p++ != ':'
      || !read_digits (&p, 2, &parts->minute))
    return FALSE;
  if (*p == ':')
    {
      int whole;

      p++;
      if (!read_digits (&p, 2, &whole))
        return FALSE;
      parts->seconds = whole;
      if (*p == '.' || *p == ',')
        {
          double scale = 0.1;

          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          while (g_ascii_isdigit (*p))
            {
              parts->seconds += (*p - '0') * scale;
              scale /= 10;
              p++;
            }
        }
    }

  if (*p == 'Z' || *p == 'z')
    {
      parts->has_offset = TRUE;
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int hours, minutes = 0;

      p++;
      if (!read_digits (&p, 2, &hours))
        return FALSE;
      if (*p == ':')
        p++;
      if (*p != '\0' && !read_digits (&p, 2, &minutes))
        return FALSE;
      if (hours > 23 || minutes > 59)
        return FALSE;
      parts->has_offset = TRUE;
      parts->offset_seconds = sign * (hours * 3600 + minutes * 60);
    }
  return *p == '\0';
}

#define CACHE_SLOTS 512
#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

struct _BmdZoneCache
{
  GTimeZone *zone;
  gint64 day[CACHE_SLOTS];     /* UTC day number + 1; 0 = empty */
  gint32 offset[CACHE_SLOTS];
};

static gint32
lookup_offset (GTimeZone *zone,
               gint64     instant)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, instant);

  return g_time_zone_get_offset (zone, interval);
}

BmdZoneCache *
_bmd_zone_cache_new (GTimeZone *zone)
{
  BmdZoneCache *cache = g_new0 (BmdZoneCache, 1);

  cache->zone = g_time_zone_ref (zone);
  return cache;
}

void
_bmd_zone_cache_free (BmdZoneCache *cache)
{
  if (cache == NULL)
    return;
  g_time_zone_unref (cache->zone);
  g_free (cache);
}

gint32
_bmd_zone_cache_offset (BmdZoneCache *cache,
                        gint64        utc_seconds)
{
  gint64 day = _bmd_floor_div (utc_seconds, SECONDS_PER_DAY);
  guint slot = (guint) (day & (CACHE_SLOTS - 1));
  gint32 first, last;

  if (cache->day[slot] == day + 1)
    return cache->offset[slot];

  first = lookup_offset (cache->zone, day * SECONDS_PER_DAY);
  last = lookup_offset (cache->zone, day * SECONDS_PER_DAY + SECONDS_PER_DAY - 1);
  if (first != last)
    return lookup_offset (cache->zone, utc_seconds);
  cache->day[slot] = day + 1;
  cache->offset[slot] = first;
  return first;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static gint64
days_from_civil (gint64 y,
                 int    m,
                 int    d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = _bmd_floor_div (y, 400);
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int
_bmd_local_day_key (gint64 at_us,
                    gint32 offset)
{
  gint64 z = _bmd_floor_div (_bmd_floor_div (at_us, G_USEC_PER_SEC) + offset, SECONDS_PER_DAY) + 719468;
  gint64 era = _bmd_floor_div (z, 146097);
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  int d = (int) (doy - (153 * mp + 2) / 5 + 1);
  int m = (int) (mp < 10 ? mp + 3 : mp - 9);
  gint64 y = yoe + era * 400 + (m <= 2);

  return (int) (y * 10000 + m * 100 + d);
}

/* A wall time in the zone (seconds, as if it were UTC): in an overlap the
 * first (earlier) instant, in a gap the wall time moved forward by the gap's
 * length. */
static gint64
resolve_wall_time (BmdZoneCache *cache,
                   gint64        wall)
{
  gint32 before = _bmd_zone_cache_offset (cache, wall - SECONDS_PER_DAY);
  gint32 after = _bmd_zone_cache_offset (cache, wall + SECONDS_PER_DAY);
  gint32 candidates[2] = { before, after };
  gint64 best = G_MAXINT64;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      gint64 instant = wall - candidates[i];

      if (_bmd_zone_cache_offset (cache, instant) == candidates[i] && instant < best)
        best = instant;
    }
  return best != G_MAXINT64 ? best : wall - before;
}

void
_bmd_pickup_scan (const char    *value,
                  BmdPickupText *out)
{
  Parts parts;
  gint64 wall;
  gint64 fraction_us;

  memset (out, 0, sizeof *out);
  if (value == NULL || *value == '\0')
    {
      out->form = BMD_PICKUP_FORM_MISSING;
      return;
    }
  out->form = BMD_PICKUP_FORM_BAD;
  if (!split_value (value, &parts))
    return;
  /* Refuse impossible dates such as 2026-02-30 or 25:00. */
  if (parts.year < 1 || !g_date_valid_dmy (parts.day, parts.month, parts.year)
      || parts.hour > 23 || parts.minute > 59 || parts.seconds >= 60)
    return;

  wall = days_from_civil (parts.year, parts.month, parts.day) * SECONDS_PER_DAY
         + parts.hour * 3600 + parts.minute * 60 + (gint64) parts.seconds;
  fraction_us = (gint64) ((parts.seconds - (gint64) parts.seconds) * G_USEC_PER_SEC + 0.5);

  if (!parts.has_time)
    out->form = BMD_PICKUP_FORM_DATE;
  else if (!parts.has_offset)
    out->form = BMD_PICKUP_FORM_WALL;
  else
    {
      out->form = BMD_PICKUP_FORM_INSTANT;
      wall -= parts.offset_seconds;
    }
  out->us = wall * G_USEC_PER_SEC + fraction_us;
}

static gboolean
local_time_in_range (gint64 at_us,
                     gint32 offset)
{
  gint64 wall = _bmd_floor_div (at_us, G_USEC_PER_SEC) + offset;

  return wall >= days_from_civil (1, 1, 1) * SECONDS_PER_DAY
         && wall < days_from_civil (10000, 1, 1) * SECONDS_PER_DAY;
}

gboolean
_bmd_pickup_resolve (const BmdPickupText *text,
                     BmdZoneCache        *cache,
                     BmdPickupInstant    *out)
{
  gint64 seconds = _bmd_floor_div (text->us, G_USEC_PER_SEC);
  gint64 fraction_us = text->us - seconds * G_USEC_PER_SEC;

  memset (out, 0, sizeof *out);
  switch (text->form)
    {
    case BMD_PICKUP_FORM_DATE:
      out->date_only = TRUE;
      out->at_us = resolve_wall_time (cache, seconds) * G_USEC_PER_SEC;
      out->counts_until_us = resolve_wall_time (cache, seconds + SECONDS_PER_DAY) * G_USEC_PER_SEC;
      break;
    case BMD_PICKUP_FORM_WALL:
      out->at_us = resolve_wall_time (cache, seconds) * G_USEC_PER_SEC + fraction_us;
      out->counts_until_us = out->at_us;
      break;
    case BMD_PICKUP_FORM_INSTANT:
      out->at_us = text->us;
      out->counts_until_us = out->at_us;
      break;
    case BMD_PICKUP_FORM_MISSING:
    case BMD_PICKUP_FORM_BAD:
    default:
      return FALSE;
    }
  out->offset = _bmd_zone_cache_offset (cache, _bmd_floor_div (out->at_us, G_USEC_PER_SEC));
  /* GDateTime holds local times of the years 1 to 9999 only: a pickup
   * outside them could be neither shown nor sorted by day, so it is bad. */
  return local_time_in_range (out->at_us, out->offset);
}

static gboolean
parse_instant (const char       *value,
               BmdZoneCache     *cache,
               BmdPickupInstant *out)
{
  BmdPickupText text;

  _bmd_pickup_scan (value, &text);
  return _bmd_pickup_resolve (&text, cache, out);
}

/* The instant at @seconds in @zone from its local wall time, for an instant
 * whose UTC time GDateTime cannot hold (9999-12-31T23:00:00-06:00 is in the
 * year 10000 in UTC) while its local time is fine; NULL when that is not
 * either. Only at the ends of time: a wall time in a DST overlap would be
 * ambiguous here. */
static GDateTime *
date_time_from_local (gint64     seconds,
                      GTimeZone *zone)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, seconds);
  gint32 offset = interval >= 0 ? g_time_zone_get_offset (zone, interval) : 0;
  g_autoptr(GDateTime) wall = g_date_time_new_from_unix_utc (seconds + offset);

  if (wall == NULL)
    return NULL;
  return g_date_time_new (zone, g_date_time_get_year (wall), g_date_time_get_month (wall),
                          g_date_time_get_day_of_month (wall), g_date_time_get_hour (wall),
                          g_date_time_get_minute (wall), g_date_time_get_second (wall));
}

GDateTime *
_bmd_pickup_date_time (gint64     us,
                       GTimeZone *zone)
{
  gint64 seconds = _bmd_floor_div (us, G_USEC_PER_SEC);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) local = NULL;

  if (utc != NULL)
    local = g_date_time_to_timezone (utc, zone);
  if (local == NULL)
    local = date_time_from_local (seconds, zone);
  if (local == NULL || us == seconds * G_USEC_PER_SEC)
    return g_steal_pointer (&local);
  return g_date_time_add (local, us - seconds * G_USEC_PER_SEC);
}

gboolean
bmd_pickup_parse (const char *value,
                  GTimeZone  *zone,
                  BmdPickup  *out)
{
  g_autoptr(BmdZoneCache) cache = NULL;
  BmdPickupInstant instant;

  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  cache = _bmd_zone_cache_new (zone);
  if (!parse_instant (value, cache, &instant))
    return FALSE;

  out->date_only = instant.date_only;
  out->at = _bmd_pickup_date_time (instant.at_us, zone);
  out->counts_until = instant.counts_until_us == instant.at_us
                        ? g_date_time_ref (out->at)
                        : _bmd_pickup_date_time (instant.counts_until_us, zone);
  return TRUE;
}

void
bmd_pickup_clear (BmdPickup *pickup)
{
  g_clear_pointer (&pickup->at, g_date_time_unref);
  g_clear_pointer (&pickup->counts_until, g_date_time_unref);
  pickup->date_only = FALSE;
}

char *
bmd_format_local_iso8601 (GDateTime *dt)
{
  g_autofree char *rest = NULL;

  g_return_val_if_fail (dt != NULL, NULL);

  /* The year padded by hand, as in bmd_format_utc_iso8601 (). */
  rest = g_date_time_format (dt, "-%m-%dT%H:%M:%S%:z");
  return g_strdup_printf ("%04d%s", g_date_time_get_year (dt), rest);
}

char *
bmd_format_utc_iso8601 (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;

  if (dt == NULL)
    return NULL;
  utc = g_date_time_to_utc (dt);
  /* A local time at an end of the years 1-9999 whose UTC time is outside
   * them: the nearest time that is not, which sorts as it should. */
  if (utc == NULL)
    return g_strdup (g_date_time_get_year (dt) > 1 ? "9999-12-31T23:59:59Z" : "0001-01-01T00:00:00Z");
  /* Not g_date_time_format ()'s %Y, which does not pad years before 1000:
   * "1-01-01" would read back as 2001. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                          g_date_time_get_year (utc), g_date_time_get_month (utc),
                          g_date_time_get_day_of_month (utc), g_date_time_get_hour (utc),
                          g_date_time_get_minute (utc), g_date_time_get_second (utc));
}

char *
bmd_format_now_utc_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return bmd_format_utc_iso8601 (now);
}
