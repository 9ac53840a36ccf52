/* The CSV and iCalendar writers: quoting, escaping, folding, the zone's
 * changes and the stable UIDs, on values chosen to catch each rule's
 * likeliest mistake. The files as a whole are checked by real parsers in
 * test-cli-export. */

#include "config.h"

#include <string.h>

#include "bmd-csv.h"
#include "bmd-icalendar.h"
#include "bmd-plan-table.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"

static char *
csv_field (const char *value)
{
  g_autoptr(GString) out = g_string_new (NULL);

  bmd_csv_append_field (out, value);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_csv_field (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "\"", "\"\"\"\"" },
    { "two\nlines", "\"two\nlines\"" },
    { "cr\ronly", "\"cr\ronly\"" },
    /* Neither needs quotes in RFC 4180. */
    { "semi;colon", "semi;colon" },
    { " spaced ", " spaced " },
    { "Zoë — crème brûlée", "Zoë — crème brûlée" },
    { "tab\there", "tab\there" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = csv_field (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
  {
    g_autofree char *got = csv_field (NULL);
    g_assert_cmpstr (got, ==, "");
  }
}

static void
test_csv_table (void)
{
  static const char * const columns[] = { "order", "problem" };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *csv = NULL;

  g_ptr_array_add (rows, g_strsplit ("#1001|no_pickup_date", "|", -1));
  g_ptr_array_add (rows, g_strsplit ("#10,02|", "|", -1));
  csv = bmd_csv_format_table (columns, 2, rows);
  g_assert_cmpstr (csv, ==, "order,problem\r\n#1001,no_pickup_date\r\n\"#10,02\",\r\n");
}

static char *
escaped (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);

  bmd_icalendar_append_escaped (out, text);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_ical_escape (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "a,b;c\\d", "a\\,b\\;c\\\\d" },
    { "one\ntwo", "one\\ntwo" },
    { "one\r\ntwo", "one\\ntwo" },
    { "one\rtwo", "one\\ntwo" },
    { "colon: stays", "colon: stays" },
    { "\"quotes\" stay", "\"quotes\" stay" },
    { "bell\a", "bell " },
    { "tab\tstays", "tab\tstays" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = escaped (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static char *
folded (const char *line)
{
  g_autoptr(GString) out = g_string_new (NULL);

  bmd_icalendar_append_line (out, line);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_ical_fold (void)
{
  g_autofree char *exact = g_strnfill (75, 'x');
  g_autofree char *one_more = g_strnfill (76, 'x');
  g_autofree char *got_exact = folded (exact);
  g_autofree char *got_more = folded (one_more);
  g_autofree char *expected_more = g_strdup_printf ("%s\r\n x\r\n", exact);
  /* 74 ASCII octets then "é" (2 octets): it would end at octet 76, so it
   * moves whole to the next line. */
  g_autofree char *ascii74 = g_strnfill (74, 'a');
  g_autofree char *split = g_strconcat (ascii74, "é", NULL);
  g_autofree char *got_split = folded (split);
  g_autofree char *expected_split = g_strdup_printf ("%s\r\n é\r\n", ascii74);
  /* A long run of 3-octet characters: every physical line at most 75 octets
   * and each a whole UTF-8 string. */
  g_autoptr(GString) long_line = g_string_new ("SUMMARY:");
  g_autofree char *got_long = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) unfolded = g_string_new (NULL);
  guint i;

  g_assert_true (g_str_has_prefix (got_exact, exact));
  g_assert_cmpstr (got_exact + 75, ==, "\r\n");
  g_assert_cmpstr (got_more, ==, expected_more);
  g_assert_cmpstr (got_split, ==, expected_split);

  for (i = 0; i < 60; i++)
    g_string_append (long_line, "—");
  got_long = folded (long_line->str);
  g_assert_true (g_str_has_suffix (got_long, "\r\n"));
  lines = g_strsplit (got_long, "\r\n", -1);
  for (i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
      g_assert_null (strchr (lines[i], '\n'));
      if (i > 0)
        g_assert_cmpint (lines[i][0], ==, ' ');
      g_string_append (unfolded, lines[i] + (i > 0));
    }
  g_assert_cmpuint (i, >, 2);
  g_assert_cmpstr (unfolded->str, ==, long_line->str);
}

static void
test_ical_uid (void)
{
  g_autofree char *order = bmd_icalendar_dup_uid ("gid://shopify/Order/1001");
  g_autofree char *other = bmd_icalendar_dup_uid ("gid://shopify/Order/10011");
  g_autofree char *odd = bmd_icalendar_dup_uid ("x;y,z\\w");

  g_assert_cmpstr (order, ==, "order-1001@bakemyday.organicbakeryaustin.com");
  g_assert_cmpstr (other, !=, order);
  g_assert_cmpstr (odd, ==, "x-y-z-w@bakemyday.organicbakeryaustin.com");
}

static BmdPlan *
plan_at (const BmdTestOrder *specs,
         const char         *now_text)
{
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_text, NULL);

  return bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
}

/* RFC 5545 unfolding: a CRLF followed by a space is removed. */
static char *
unfold (const char *ics)
{
  g_auto(GStrv) parts = g_strsplit (ics, "\r\n ", -1);

  return g_strjoinv ("", parts);
}

/* The lines of @ics between "BEGIN:@what" and its END, from @from on. */
static char *
component (const char *ics,
           const char *begin,
           const char *end)
{
  const char *start = strstr (ics, begin);
  const char *stop = start != NULL ? strstr (start, end) : NULL;

  g_assert_nonnull (start);
  g_assert_nonnull (stop);
  return g_strndup (start, stop + strlen (end) - start);
}

static void
test_ical_plan (void)
{
  /* Now is Sunday 1 March 2026, 09:00 in Chicago; DST starts on 8 March at
   * 02:00 local (08:00 UTC). */
  const BmdTestOrder specs[] = {
    /* Yesterday: not in the file. */
    { "#2001", "Past Person", "deposit", "2026-02-28T12:00:00", "PAID", "old", "", "", NULL, NULL },
    /* Earlier today: from the start of today on, so it is in. */
    { "#2003", "Early Bird", "deposit", "2026-03-01T07:00:00", "PAID", "plain", "", "", NULL, NULL },
    { "#2004", "Early Bird", "remaining", "2026-03-01T07:00:00", "PAID", "plain", "", "", NULL, NULL },
    /* After the change, unpaid, with everything to escape. */
    { "#2005", "Zoë O'Brien", "deposit", "2026-03-10T15:30:00", "PENDING", "lemon, raspberry; \"tart\"",
      "back\\slash", "treenut, dairy", NULL, NULL },
    /* Date-only, remaining missing. */
    { "#2007", "Dee Only", "deposit", "2026-03-04", "PAID", "vanilla", "", "", NULL, NULL },
    { NULL }
  };
  g_autoptr(BmdPlan) plan = plan_at (specs, "2026-03-01T15:00:00Z");
  g_autoptr(GPtrArray) days_off = g_ptr_array_new ();
  g_autofree char *folded_ics = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *zoe = NULL;
  g_autofree char *dee = NULL;

  g_ptr_array_add (days_off, "2026-02-28");   /* before today: left out */
  g_ptr_array_add (days_off, "2026-03-01");   /* today: in */
  g_ptr_array_add (days_off, "2026-12-31");
  folded_ics = bmd_icalendar_from_plan (plan, days_off);
  ics = unfold (folded_ics);

  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  g_assert_true (g_str_has_suffix (ics, "END:VCALENDAR\r\n"));
  /* Every line ends with CRLF: no LF alone. */
  g_assert_cmpuint (bmd_test_count (ics, "\n"), ==, bmd_test_count (ics, "\r\n"));

  g_assert_cmpuint (bmd_test_count (ics, "BEGIN:VEVENT"), ==, 3 + 2);
  g_assert_null (strstr (ics, "order-2001@"));
  g_assert_nonnull (strstr (ics, "UID:order-2003@bakemyday.organicbakeryaustin.com\r\n"));
  g_assert_nonnull (strstr (ics, "DTSTART;TZID=America/Chicago:20260301T070000\r\n"));
  g_assert_nonnull (strstr (ics, "DTEND;TZID=America/Chicago:20260301T073000\r\n"));
  g_assert_nonnull (strstr (ics, "DTSTAMP:20260301T150000Z\r\n"));

  zoe = component (ics, "UID:order-2005@", "END:VEVENT");
  g_assert_nonnull (strstr (zoe, "DTSTART;TZID=America/Chicago:20260310T153000\r\n"));
  g_assert_nonnull (strstr (zoe, "SUMMARY:Zoë O'Brien — lemon\\, raspberry\\; \"tart\"\r\n"));
  g_assert_nonnull (strstr (zoe, "DESCRIPTION:Allergies: treenut\\, dairy\\nTheme: back\\\\slash\\n"));
  g_assert_nonnull (strstr (zoe, "STATUS:TENTATIVE"));

  dee = component (ics, "UID:order-2007@", "END:VEVENT");
  g_assert_nonnull (strstr (dee, "DTSTART;VALUE=DATE:20260304\r\n"));
  g_assert_nonnull (strstr (dee, "DTEND;VALUE=DATE:20260305\r\n"));
  g_assert_nonnull (strstr (dee, "Remaining: MISSING"));

  g_assert_null (strstr (ics, "day-off-20260228@"));
  g_assert_nonnull (strstr (ics, "UID:day-off-20260301@bakemyday.organicbakeryaustin.com\r\n"
                                 "DTSTAMP:20260301T150000Z\r\n"
                                 "DTSTART;VALUE=DATE:20260301\r\n"
                                 "DTEND;VALUE=DATE:20260302\r\n"));
  /* The last day of the year ends on the first of the next. */
  g_assert_nonnull (strstr (ics, "DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));

  /* The zone: standard time at the start, then the change to daylight time
   * at 02:00 local standard time, and (the day off on 31 December reaches
   * past it) back on 1 November at 02:00 local daylight time. */
  zone = component (ics, "BEGIN:VTIMEZONE", "END:VTIMEZONE");
  g_assert_nonnull (strstr (zone, "TZID:America/Chicago\r\n"));
  g_assert_nonnull (strstr (zone, "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
                                  "TZOFFSETFROM:-0600\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\n"));
  g_assert_nonnull (strstr (zone, "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\n"
                                  "TZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\nTZNAME:CDT\r\n"));
  g_assert_nonnull (strstr (zone, "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\n"
                                  "TZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\n"));
  g_assert_cmpuint (bmd_test_count (zone, "BEGIN:DAYLIGHT"), ==, 1);
  g_assert_cmpuint (bmd_test_count (zone, "BEGIN:STANDARD"), ==, 2);
}

/* A re-export after the data changed keeps each request's UID. */
static void
test_ical_uid_stable (void)
{
  const BmdTestOrder before[] = {
    { "#3001", "Ann Baker", "deposit", "2026-03-05T10:00:00", "PENDING", "lemon", "", "", NULL, NULL },
    { "#3002", "Ann Baker", "remaining", "2026-03-05T10:00:00", "PENDING", "lemon", "", "", NULL, NULL },
    { NULL }
  };
  const BmdTestOrder after[] = {
    { "#3002", "Ann Baker", "remaining", "2026-03-05T12:00:00", "PAID", "lemon", "", "", NULL, NULL },
    { "#3001", "Ann Baker", "deposit", "2026-03-05T12:00:00", "PAID", "chocolate", "", "gluten", NULL, NULL },
    { NULL }
  };
  g_autoptr(BmdPlan) first = plan_at (before, "2026-03-01T15:00:00Z");
  g_autoptr(BmdPlan) second = plan_at (after, "2026-03-02T15:00:00Z");
  g_autofree char *a = bmd_icalendar_from_plan (first, NULL);
  g_autofree char *b = bmd_icalendar_from_plan (second, NULL);

  g_assert_nonnull (strstr (a, "UID:order-3001@"));
  g_assert_nonnull (strstr (b, "UID:order-3001@"));
  g_assert_nonnull (strstr (b, "DTSTART;TZID=America/Chicago:20260305T120000"));
  g_assert_cmpuint (bmd_test_count (b, "BEGIN:VEVENT"), ==, 1);
}

/* A zone without changes still gets its one observance. */
static void
test_ical_fixed_zone (void)
{
  const BmdTestOrder specs[] = {
    { "#4001", "Ann Baker", "deposit", "2026-07-05T10:00:00", "PAID", "lemon", "", "", NULL, NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-07-01T00:00:00Z", NULL);
  g_autoptr(BmdPlan) plan = bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
  g_autofree char *ics = bmd_icalendar_from_plan (plan, NULL);

  g_assert_nonnull (strstr (ics, "TZID:Asia/Kolkata\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
                                 "TZOFFSETFROM:+0530\r\nTZOFFSETTO:+0530\r\n"));
  g_assert_cmpuint (bmd_test_count (ics, "TZOFFSETTO"), ==, 1);
  g_assert_nonnull (strstr (ics, "DTSTART;TZID=Asia/Kolkata:20260705T100000\r\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/export/csv/field", test_csv_field);
  g_test_add_func ("/bmd/export/csv/table", test_csv_table);
  g_test_add_func ("/bmd/export/ical/escape", test_ical_escape);
  g_test_add_func ("/bmd/export/ical/fold", test_ical_fold);
  g_test_add_func ("/bmd/export/ical/uid", test_ical_uid);
  g_test_add_func ("/bmd/export/ical/plan", test_ical_plan);
  g_test_add_func ("/bmd/export/ical/uid-stable", test_ical_uid_stable);
  g_test_add_func ("/bmd/export/ical/fixed-zone", test_ical_fixed_zone);

  return g_test_run ();
}
