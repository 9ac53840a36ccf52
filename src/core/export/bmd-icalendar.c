#define G_LOG_DOMAIN "bmd-icalendar"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bmd-icalendar.h"

#define UID_DOMAIN "bakemyday.organicbakeryaustin.com"
#define ORDER_GID_PREFIX "gid://shopify/Order/"
#define MAX_OCTETS 75
/* A pickup is an instant; calendars draw a zero-length event badly. */
#define PICKUP_MINUTES 30

void
bmd_icalendar_append_escaped (GString    *out,
                              const char *text)
{
  const char *p;

  g_return_if_fail (out != NULL);

  for (p = text; p != NULL && *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case ';':
          g_string_append (out, "\\;");
          break;
        case ',':
          g_string_append (out, "\\,");
          break;
        case '\r':
          if (p[1] == '\n')
            p++;
          g_string_append (out, "\\n");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          /* TEXT allows no control character but the tab. */
          g_string_append_c (out, ((guchar) *p < 0x20 && *p != '\t') || *p == 0x7f ? ' ' : *p);
          break;
        }
    }
}

void
bmd_icalendar_append_line (GString    *out,
                           const char *line)
{
  g_autofree char *valid = NULL;
  const char *p;
  gsize used = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (line != NULL);

  /* Folding counts whole UTF-8 sequences: make sure they are whole. */
  if (!g_utf8_validate (line, -1, NULL))
    line = valid = g_utf8_make_valid (line, -1);

  for (p = line; *p != '\0'; )
    {
      gsize n = g_utf8_skip[*(const guchar *) p];

      if (used + n > MAX_OCTETS)
        {
          g_string_append (out, "\r\n ");
          used = 1;
        }
      g_string_append_len (out, p, n);
      used += n;
      p += n;
    }
  g_string_append (out, "\r\n");
}

char *
bmd_icalendar_dup_uid (const char *request_id)
{
  GString *uid = g_string_new (NULL);
  const char *p;

  g_return_val_if_fail (request_id != NULL, NULL);

  if (g_str_has_prefix (request_id, ORDER_GID_PREFIX))
    {
      g_string_append (uid, "order-");
      request_id += strlen (ORDER_GID_PREFIX);
    }
  /* Only characters that need no escaping in any property. */
  for (p = request_id; *p != '\0'; p++)
    g_string_append_c (uid, g_ascii_isalnum (*p) || *p == '-' || *p == '.' ? *p : '-');
  g_string_append (uid, "@" UID_DOMAIN);
  return g_string_free (uid, FALSE);
}

/* Appends "NAME:" + escaped TEXT @value, folded. */
static void
append_text_property (GString    *out,
                      const char *name,
                      const char *value)
{
  g_autoptr(GString) line = g_string_new (name);

  g_string_append_c (line, ':');
  bmd_icalendar_append_escaped (line, value);
  bmd_icalendar_append_line (out, line->str);
}

static void
append_property (GString    *out,
                 const char *name,
                 const char *value)
{
  g_autofree char *line = g_strconcat (name, ":", value, NULL);

  bmd_icalendar_append_line (out, line);
}

static char *
format_offset (gint32 seconds)
{
  char sign = seconds < 0 ? '-' : '+';
  guint32 magnitude = ABS (seconds);

  if (magnitude % 60 != 0)
    return g_strdup_printf ("%c%02u%02u%02u", sign, magnitude / 3600, magnitude / 60 % 60, magnitude % 60);
  return g_strdup_printf ("%c%02u%02u", sign, magnitude / 3600, magnitude / 60 % 60);
}

/* One observance starting at @utc, when the offset moved from @offset_from. */
static void
append_observance (GString   *out,
                   GTimeZone *zone,
                   int        interval,
                   gint32     offset_from,
                   gint64     utc)
{
  const char *kind = g_time_zone_is_dst (zone, interval) ? "DAYLIGHT" : "STANDARD";
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_utc (utc + offset_from);
  g_autofree char *start = g_date_time_format (local, "%Y%m%dT%H%M%S");
  g_autofree char *from = format_offset (offset_from);
  g_autofree char *to = format_offset (g_time_zone_get_offset (zone, interval));

  append_property (out, "BEGIN", kind);
  append_property (out, "DTSTART", start);
  append_property (out, "TZOFFSETFROM", from);
  append_property (out, "TZOFFSETTO", to);
  append_text_property (out, "TZNAME", g_time_zone_get_abbreviation (zone, interval));
  append_property (out, "END", kind);
}

/* GTimeZone does not list its transitions, so they are found by looking at
 * the zone every 12 hours between @from and @to (seconds since the epoch)
 * and bisecting each change to the second. The first observance holds the
 * offset in force at @from. */
static void
append_vtimezone (GString   *out,
                  GTimeZone *zone,
                  gint64     from,
                  gint64     to)
{
  const gint64 step = 12 * 3600;
  int interval = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, from);
  gint32 offset = g_time_zone_get_offset (zone, interval);
  gint64 t;

  append_property (out, "BEGIN", "VTIMEZONE");
  append_text_property (out, "TZID", g_time_zone_get_identifier (zone));
  /* Starting at 1970-01-01 00:00 local: before any event. */
  append_observance (out, zone, interval, offset, -(gint64) offset);

  for (t = from; t < to; t += step)
    {
      int next = g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, t + step);
      gint64 before = t, after = t + step;

      if (next == interval)
        continue;
      /* The interval at @before is the old one, at @after the new one. */
      while (after - before > 1)
        {
          gint64 middle = before + (after - before) / 2;

          if (g_time_zone_find_interval (zone, G_TIME_TYPE_UNIVERSAL, middle) == interval)
            before = middle;
          else
            after = middle;
        }
      append_observance (out, zone, next, offset, after);
      interval = next;
      offset = g_time_zone_get_offset (zone, interval);
    }
  append_property (out, "END", "VTIMEZONE");
}

static char *
format_local (GDateTime *dt)
{
  return g_date_time_format (dt, "%Y%m%dT%H%M%S");
}

static char *
describe_half (BmdRequest   *request,
               BmdDraftType  type)
{
  BmdOrder *order = bmd_request_get_half (request, type);
  const char *label = type == BMD_DRAFT_TYPE_DEPOSIT ? "Deposit" : "Remaining";

  if (order == NULL)
    return g_strdup_printf ("%s: MISSING", label);
  return g_strdup_printf ("%s %s: %s", label, bmd_order_get_name (order),
                          bmd_request_get_half_status (request, type));
}

static void
append_request_event (GString    *out,
                      BmdRequest *request,
                      const char *stamp,
                      const char *tzid)
{
  GDateTime *pickup = bmd_request_get_pickup (request);
  g_autofree char *uid = bmd_icalendar_dup_uid (bmd_request_get_id (request));
  g_autofree char *deposit = describe_half (request, BMD_DRAFT_TYPE_DEPOSIT);
  g_autofree char *remaining = describe_half (request, BMD_DRAFT_TYPE_REMAINING);
  const char *flavor = bmd_request_get_flavor (request);
  const char *theme = bmd_request_get_theme (request);
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;

  append_property (out, "BEGIN", "VEVENT");
  append_property (out, "UID", uid);
  append_property (out, "DTSTAMP", stamp);
  if (bmd_request_get_pickup_date_only (request))
    {
      g_autoptr(GDateTime) next_day = g_date_time_add_days (pickup, 1);
      g_autofree char *start = g_date_time_format (pickup, "%Y%m%d");
      g_autofree char *end = g_date_time_format (next_day, "%Y%m%d");

      append_property (out, "DTSTART;VALUE=DATE", start);
      append_property (out, "DTEND;VALUE=DATE", end);
    }
  else
    {
      g_autoptr(GDateTime) until = g_date_time_add_minutes (pickup, PICKUP_MINUTES);
      g_autofree char *start = format_local (pickup);
      g_autofree char *end = format_local (until);
      g_autofree char *dtstart = g_strdup_printf ("DTSTART;TZID=%s", tzid);
      g_autofree char *dtend = g_strdup_printf ("DTEND;TZID=%s", tzid);

      append_property (out, dtstart, start);
      append_property (out, dtend, end);
    }

  summary = *flavor != '\0'
            ? g_strdup_printf ("%s — %s", bmd_request_get_customer_name (request), flavor)
            : g_strdup (bmd_request_get_customer_name (request));
  append_text_property (out, "SUMMARY", summary);
  description = g_strdup_printf ("Allergies: %s\nTheme: %s\n%s\n%s",
                                 bmd_request_has_allergies (request)
                                 ? bmd_request_get_allergies (request) : "none",
                                 *theme != '\0' ? theme : "-",
                                 deposit, remaining);
  append_text_property (out, "DESCRIPTION", description);
  append_property (out, "STATUS",
                   bmd_request_get_state (request) == BMD_REQUEST_STATE_PAID ? "CONFIRMED" : "TENTATIVE");
  append_property (out, "END", "VEVENT");
}

static void
append_day_off_event (GString    *out,
                      const GDate *day,
                      const char *stamp)
{
  GDate next = *day;
  char start[16], end[16];
  g_autofree char *uid = NULL;

  g_date_add_days (&next, 1);
  g_date_strftime (start, sizeof start, "%Y%m%d", day);
  g_date_strftime (end, sizeof end, "%Y%m%d", &next);
  uid = g_strdup_printf ("day-off-%s@" UID_DOMAIN, start);

  append_property (out, "BEGIN", "VEVENT");
  append_property (out, "UID", uid);
  append_property (out, "DTSTAMP", stamp);
  append_property (out, "DTSTART;VALUE=DATE", start);
  append_property (out, "DTEND;VALUE=DATE", end);
  append_text_property (out, "SUMMARY", "Day off");
  append_property (out, "TRANSP", "TRANSPARENT");
  append_property (out, "END", "VEVENT");
}

static gboolean
parse_day (const char *text,
           GDate      *out)
{
  int y, m, d;

  if (text == NULL || strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d", &y, &m, &d) != 3
      || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
bmd_icalendar_from_plan (BmdPlan   *plan,
                         GPtrArray *days_off)
{
  GTimeZone *zone;
  GDateTime *now;
  GListModel *upcoming;
  g_autoptr(GDateTime) now_utc = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(GDateTime) today_start = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (GDate));
  GString *out = g_string_new (NULL);
  const char *tzid;
  GDate today;
  gint64 last;
  guint i, n;

  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);

  zone = bmd_plan_get_zone (plan);
  now = bmd_plan_get_now (plan);
  tzid = g_time_zone_get_identifier (zone);
  now_utc = g_date_time_to_utc (now);
  stamp = g_date_time_format (now_utc, "%Y%m%dT%H%M%SZ");
  local_now = g_date_time_to_timezone (now, zone);
  today_start = g_date_time_new (zone, g_date_time_get_year (local_now),
                                 g_date_time_get_month (local_now),
                                 g_date_time_get_day_of_month (local_now), 0, 0, 0);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));
  last = g_date_time_to_unix (today_start);

  /* Upcoming has two rows per request, one after the other. */
  upcoming = bmd_plan_get_upcoming (plan);
  n = g_list_model_get_n_items (upcoming);
  for (i = 0; i < n; i++)
    {
      g_autoptr(BmdUpcomingRow) row = g_list_model_get_item (upcoming, i);
      BmdRequest *request = bmd_upcoming_row_get_request (row);

      if (requests->len > 0 && g_ptr_array_index (requests, requests->len - 1) == request)
        continue;
      g_ptr_array_add (requests, request);
      last = MAX (last, g_date_time_to_unix (bmd_request_get_pickup (request)));
    }
  for (i = 0; days_off != NULL && i < days_off->len; i++)
    {
      GDate day;

      if (!parse_day (g_ptr_array_index (days_off, i), &day) || g_date_compare (&day, &today) < 0)
        continue;
      g_array_append_val (days, day);
      last = MAX (last, g_date_time_to_unix (today_start)
                        + (gint64) (g_date_get_julian (&day) - g_date_get_julian (&today)) * 86400);
    }

  bmd_icalendar_append_line (out, "BEGIN:VCALENDAR");
  bmd_icalendar_append_line (out, "VERSION:2.0");
  bmd_icalendar_append_line (out, "PRODID:-//Organic Bakery Austin//Bake My Day " PACKAGE_VERSION "//EN");
  bmd_icalendar_append_line (out, "CALSCALE:GREGORIAN");
  bmd_icalendar_append_line (out, "METHOD:PUBLISH");
  append_text_property (out, "X-WR-CALNAME", "Bake My Day pickups");
  append_text_property (out, "X-WR-TIMEZONE", tzid);
  /* A day either side: an event's end and a zone's change near midnight. */
  append_vtimezone (out, zone, g_date_time_to_unix (today_start) - 86400, last + 2 * 86400);

  for (i = 0; i < requests->len; i++)
    append_request_event (out, g_ptr_array_index (requests, i), stamp, tzid);
  for (i = 0; i < days->len; i++)
    append_day_off_event (out, &g_array_index (days, GDate, i), stamp);

  bmd_icalendar_append_line (out, "END:VCALENDAR");
  return g_string_free (out, FALSE);
}

gboolean
bmd_icalendar_write_file (BmdPlan     *plan,
                          GPtrArray   *days_off,
                          const char  *path,
                          GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (BMD_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = bmd_icalendar_from_plan (plan, days_off);
  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
