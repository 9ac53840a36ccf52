#define G_LOG_DOMAIN "bmd-pickup"

#include "config.h"

#include <string.h>

#include "bmd-pickup.h"

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

static gint32
offset_at (GTimeZone *zone,
           gint64     instant)
{
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, instant);

  return g_time_zone_get_offset (zone, interval);
}

/* A wall time in @zone: in an overlap the first (earlier) instant, in a gap
 * the wall time moved forward by the gap's length. */
static GDateTime *
resolve_wall_time (GTimeZone *zone,
                   GDateTime *wall_as_utc)
{
  gint64 wall = g_date_time_to_unix (wall_as_utc);
  gint32 before = offset_at (zone, wall - 86400);
  gint32 after = offset_at (zone, wall + 86400);
  gint32 candidates[2] = { before, after };
  gint64 best = G_MAXINT64;
  g_autoptr(GDateTime) utc = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      gint64 instant = wall - candidates[i];

      if (offset_at (zone, instant) == candidates[i] && instant < best)
        best = instant;
    }
  if (best == G_MAXINT64)
    best = wall - before;

  utc = g_date_time_add_seconds (wall_as_utc, (double) (best - wall));
  return g_date_time_to_timezone (utc, zone);
}

/* Looking UTC up by name takes a global lock each time: do it once. */
static GTimeZone *
get_utc (void)
{
  static GTimeZone *utc;

  if (g_once_init_enter (&utc))
    g_once_init_leave (&utc, g_time_zone_new_utc ());
  return utc;
}

gboolean
bmd_pickup_parse (const char *value,
                  GTimeZone  *zone,
                  BmdPickup  *out)
{
  GTimeZone *utc = get_utc ();
  g_autoptr(GDateTime) wall = NULL;
  Parts parts;

  g_return_val_if_fail (zone != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  if (value == NULL || !split_value (value, &parts))
    return FALSE;

  /* g_date_time_new() refuses impossible dates such as 2026-02-30 or 25:00. */
  wall = g_date_time_new (utc, parts.year, parts.month, parts.day,
                          parts.hour, parts.minute, parts.seconds);
  if (wall == NULL || parts.seconds >= 60)
    return FALSE;

  if (!parts.has_time)
    {
      g_autoptr(GDateTime) start = resolve_wall_time (zone, wall);
      g_autoptr(GDateTime) next_wall = g_date_time_add_days (wall, 1);

      out->date_only = TRUE;
      out->at = g_steal_pointer (&start);
      out->counts_until = resolve_wall_time (zone, next_wall);
    }
  else if (parts.has_offset)
    {
      g_autoptr(GDateTime) instant = g_date_time_add_seconds (wall, -parts.offset_seconds);

      out->at = g_date_time_to_timezone (instant, zone);
      out->counts_until = g_date_time_ref (out->at);
    }
  else
    {
      out->at = resolve_wall_time (zone, wall);
      out->counts_until = g_date_time_ref (out->at);
    }
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
  g_return_val_if_fail (dt != NULL, NULL);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%S%:z");
}

char *
bmd_format_utc_iso8601 (GDateTime *dt)
{
  g_autoptr(GDateTime) utc = NULL;

  if (dt == NULL)
    return NULL;
  utc = g_date_time_to_utc (dt);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

char *
bmd_format_now_utc_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return bmd_format_utc_iso8601 (now);
}
