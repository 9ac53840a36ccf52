/* The pickup_date metafield (bmd-pickup.c) in zones with DST, half-hour and
 * odd offsets: a value it accepts has an instant, a day key that matches
 * GLib's calendar, and formats back to the same instant. */
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-pickup-private.h"

static const char *zone_names[] = {
  "UTC", "America/Chicago", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Kiritimati",
};
static GTimeZone *zones[G_N_ELEMENTS (zone_names)];

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  guint i;

  bmd_fuzz_init_glib ();
  for (i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      zones[i] = g_time_zone_new_identifier (zone_names[i]);
      if (zones[i] == NULL)
        g_error ("no zone %s (install tzdata)", zone_names[i]);
    }
  return 0;
}

static void
check_in_zone (const char *value,
               GTimeZone  *zone)
{
  g_auto(BmdPickup) pickup = { NULL, NULL, FALSE };
  g_auto(BmdPickup) again = { NULL, NULL, FALSE };
  g_autofree char *local = NULL;
  g_autoptr(BmdZoneCache) cache = _bmd_zone_cache_new (zone);
  BmdPickupText text;
  BmdPickupInstant instant;
  int y, m, d;

  _bmd_pickup_scan (value, &text);
  if (!bmd_pickup_parse (value, zone, &pickup))
    {
      bmd_fuzz_check (!_bmd_pickup_resolve (&text, cache, &instant), "scan and parse disagree");
      return;
    }
  bmd_fuzz_check (pickup.at != NULL && pickup.counts_until != NULL, "accepted without an instant");
  bmd_fuzz_check (g_date_time_compare (pickup.at, pickup.counts_until) <= 0, "counts until before it is");
  bmd_fuzz_check (pickup.date_only || g_date_time_equal (pickup.at, pickup.counts_until),
                  "a timed pickup counts past its time");
  bmd_fuzz_check (_bmd_pickup_resolve (&text, cache, &instant), "scan and parse disagree");
  bmd_fuzz_check (instant.at_us == _bmd_date_time_to_us (pickup.at), "the instants differ");

  g_date_time_get_ymd (pickup.at, &y, &m, &d);
  bmd_fuzz_check (_bmd_local_day_key (instant.at_us, instant.offset) == y * 10000 + m * 100 + d,
                  "the day key is not GLib's local day");

  /* What the app writes back (the local time with its offset) reads as the
   * same instant, to the second; but ISO 8601 offsets are whole minutes, and
   * before standard time (1883 in Chicago) a zone's local mean time is not. */
  if (g_date_time_get_utc_offset (pickup.at) % (60 * G_TIME_SPAN_SECOND) != 0)
    return;
  local = bmd_format_local_iso8601 (pickup.at);
  bmd_fuzz_check (bmd_pickup_parse (local, zone, &again), "its own format does not parse");
  bmd_fuzz_check (g_date_time_to_unix (again.at) == g_date_time_to_unix (pickup.at),
                  "its own format reads as another instant");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *value = bmd_fuzz_dup_string (data, size);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (zones); i++)
    check_in_zone (value, zones[i]);
  return 0;
}
