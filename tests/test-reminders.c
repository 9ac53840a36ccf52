/* The reminder rules at their boundaries, and "sent once" through the log. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bmd-reminder-log.h"
#include "bmd-reminders.h"
#include "bmd-snapshot.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"

static BmdPlan *
plan_at (const BmdTestOrder *specs,
         const char         *now_text)
{
  g_autoptr(GPtrArray) orders = bmd_test_orders_new (specs);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (now_text, NULL);

  g_assert_nonnull (now);
  return bmd_planner_plan (orders, now, zone, BMD_PLAN_FLAGS_NONE);
}

static void
settings_only (BmdActSettings  *settings,
               BmdReminderKind  kind)
{
  bmd_act_settings_init_defaults (settings);
  settings->remind_tomorrow = kind == BMD_REMINDER_TOMORROW;
  settings->remind_missing_half = kind == BMD_REMINDER_MISSING_HALF;
  settings->remind_balance_due = kind == BMD_REMINDER_BALANCE_DUE;
  settings->remind_queue_changes = kind == BMD_REMINDER_QUEUE_CHANGE;
}

static GHashTable *
empty_sent (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static BmdReminderResult *
compute (const BmdTestOrder   *specs,
         const char           *now,
         const BmdActSettings *settings,
         GHashTable           *sent)
{
  g_autoptr(BmdPlan) plan = plan_at (specs, now);

  return bmd_reminders_compute (plan, settings, sent);
}

static BmdReminder *
only_reminder (BmdReminderResult *result)
{
  g_assert_cmpuint (result->reminders->len, ==, 1);
  return g_ptr_array_index (result->reminders, 0);
}

/* Spring forward in Chicago: 2026-03-08 02:00 CST becomes 03:00 CDT, so that
 * day has 23 hours; fall back on 2026-11-01 gives a day of 25 hours. */
static const BmdTestOrder spring[] = {
  { "#11", "Ann Early", "deposit", "2026-03-08T03:30:00-05:00", "PAID", "lemon", NULL, "treenut" },
  { "#12", "Bo Late", "deposit", "2026-03-08T23:30:00-05:00", "PAID", "vanilla", NULL, "n/a" },
  { "#13", "Bo Late", "remaining", "2026-03-08T23:30:00-05:00", "PENDING" },
  /* Neither half paid: not a cake to bake yet. */
  { "#14", "Cy Unpaid", "deposit", "2026-03-08T12:00:00-05:00", "PENDING" },
  /* Half an hour into the day after. */
  { "#15", "Di Next", "deposit", "2026-03-09T00:30:00-05:00", "PAID" },
  { NULL }
};

static void
test_tomorrow_hour (void)
{
  g_autoptr(GHashTable) sent = empty_sent ();
  g_autoptr(BmdReminderResult) before = NULL;
  g_autoptr(BmdReminderResult) at = NULL;
  BmdActSettings settings;
  BmdReminder *reminder;

  settings_only (&settings, BMD_REMINDER_TOMORROW);
  before = compute (spring, "2026-03-07T16:59:59-06:00", &settings, sent);
  g_assert_cmpuint (before->reminders->len, ==, 0);
  g_assert_false (g_hash_table_contains (before->marks, "tomorrow:2026-03-08"));

  at = compute (spring, "2026-03-07T17:00:00-06:00", &settings, sent);
  reminder = only_reminder (at);
  g_assert_cmpint (reminder->kind, ==, BMD_REMINDER_TOMORROW);
  g_assert_cmpstr (reminder->id, ==, "tomorrow:2026-03-08");
  g_assert_cmpstr (reminder->title, ==, "2 cakes tomorrow");
  g_assert_cmpuint (reminder->n_requests, ==, 2);
  g_assert_cmpstr (reminder->request_id, ==, "gid://shopify/Order/11");
  g_assert_cmpstr (reminder->body, ==,
                   "First pickup at 03:30. Allergies: Ann Early: treenut.\n"
                   "03:30 Ann Early — lemon (allergies: treenut)\n"
                   "23:30 Bo Late — vanilla");
  g_assert_true (g_hash_table_contains (at->marks, "tomorrow:2026-03-08"));

  /* Once sent, not again that evening. */
  g_hash_table_insert (sent, g_strdup ("tomorrow:2026-03-08"), g_strdup (""));
  g_clear_pointer (&at, bmd_reminder_result_free);
  at = compute (spring, "2026-03-07T23:59:00-06:00", &settings, sent);
  g_assert_cmpuint (at->reminders->len, ==, 0);
}

static void
test_tomorrow_across_midnight (void)
{
  g_autoptr(GHashTable) sent = empty_sent ();
  g_autoptr(BmdReminderResult) after_midnight = NULL;
  g_autoptr(BmdReminderResult) next_evening = NULL;
  BmdActSettings settings;
  BmdReminder *reminder;

  settings_only (&settings, BMD_REMINDER_TOMORROW);
  /* Past midnight "tomorrow" is the 9th, and 17:00 has not come yet. */
  after_midnight = compute (spring, "2026-03-08T00:30:00-06:00", &settings, sent);
  g_assert_cmpuint (after_midnight->reminders->len, ==, 0);

  /* 17:00 CDT on the 8th, 22 hours later by the clock. */
  next_evening = compute (spring, "2026-03-08T17:00:00-05:00", &settings, sent);
  reminder = only_reminder (next_evening);
  g_assert_cmpstr (reminder->id, ==, "tomorrow:2026-03-09");
  g_assert_cmpstr (reminder->title, ==, "1 cake tomorrow");
  g_assert_true (g_str_has_prefix (reminder->body, "First pickup at 00:30. No allergies.\n00:30 Di Next"));
}

static void
test_tomorrow_fall_back (void)
{
  static const BmdTestOrder fall[] = {
    /* 23:30 CST on the 25-hour day is 29.5 hours after 18:00 CDT the day before. */
    { "#21", "Eve Long", "deposit", "2026-11-01T23:30:00-06:00", "PAID" },
    { "#22", "Flo After", "deposit", "2026-11-02T00:00:00-06:00", "PAID" },
    { NULL }
  };
  g_autoptr(GHashTable) sent = empty_sent ();
  g_autoptr(BmdReminderResult) result = NULL;
  g_autoptr(BmdReminderResult) midnight = NULL;
  BmdActSettings settings;
  BmdReminder *reminder;

  settings_only (&settings, BMD_REMINDER_TOMORROW);
  result = compute (fall, "2026-10-31T18:00:00-05:00", &settings, sent);
  reminder = only_reminder (result);
  g_assert_cmpstr (reminder->id, ==, "tomorrow:2026-11-01");
  g_assert_cmpuint (reminder->n_requests, ==, 1);
  g_assert_nonnull (strstr (reminder->body, "Eve Long"));
  g_assert_null (strstr (reminder->body, "Flo After"));

  /* Hour 0: from local midnight on. */
  settings.reminder_hour = 0;
  midnight = compute (fall, "2026-11-01T00:00:00-05:00", &settings, sent);
  reminder = only_reminder (midnight);
  g_assert_cmpstr (reminder->id, ==, "tomorrow:2026-11-02");
  g_assert_nonnull (strstr (reminder->body, "Flo After"));
}

#define NOW "2026-06-29T10:00:00-05:00"

static const BmdTestOrder soon[] = {
  /* Missing halves. */
  { "#31", "Al Fourteen", "deposit", "2026-07-13T23:00:00-05:00", "PAID" },       /* 14 days: in */
  { "#32", "Bea Fifteen", "deposit", "2026-07-14T00:30:00-05:00", "PAID" },       /* 15 days: out */
  { "#33", "Cal Past", "deposit", "2026-06-29T09:00:00-05:00", "PAID" },          /* an hour ago: out */
  { "#34", "Dot Today", "remaining", "2026-06-29", "PENDING" },                    /* date-only today: in */
  /* Whole requests: balances. */
  { "#41", "Ed Seven", "deposit", "2026-07-06T20:00:00-05:00", "PAID" },
  { "#42", "Ed Seven", "remaining", "2026-07-06T20:00:00-05:00", "PENDING" },     /* 7 days: in */
  { "#43", "Fay Eight", "deposit", "2026-07-07T08:00:00-05:00", "PAID" },
  { "#44", "Fay Eight", "remaining", "2026-07-07T08:00:00-05:00", "PENDING" },    /* 8 days: out */
  { "#45", "Gil Paid", "deposit", "2026-07-01T08:00:00-05:00", "PAID" },
  { "#46", "Gil Paid", "remaining", "2026-07-01T08:00:00-05:00", "PAID" },
  { "#47", "Hal Refund", "deposit", "2026-07-01T09:00:00-05:00", "PAID" },
  { "#48", "Hal Refund", "remaining", "2026-07-01T09:00:00-05:00", "PARTIALLY_REFUNDED" },
  { NULL }
};

static void
test_missing_half_days (void)
{
  g_autoptr(GHashTable) sent = empty_sent ();
  g_autoptr(BmdReminderResult) result = NULL;
  g_autoptr(BmdReminderResult) again = NULL;
  BmdActSettings settings;
  BmdReminder *reminder;

  settings_only (&settings, BMD_REMINDER_MISSING_HALF);
  result = compute (soon, NOW, &settings, sent);
  reminder = only_reminder (result);
  g_assert_cmpint (reminder->kind, ==, BMD_REMINDER_MISSING_HALF);
  g_assert_cmpstr (reminder->title, ==, "2 requests are missing a half");
  g_assert_cmpstr (reminder->request_id, ==, "gid://shopify/Order/34");
  g_assert_cmpstr (reminder->body, ==,
                   "Mon 29 Jun Dot Today (deposit missing)\n"
                   "Mon 13 Jul 23:00 Al Fourteen (remaining missing)");
  g_assert_cmpuint (g_hash_table_size (result->marks), ==, 2 + 1);
  g_assert_true (g_hash_table_contains (result->marks, "missing:gid://shopify/Order/31"));
  g_assert_true (g_hash_table_contains (result->marks, "missing:gid://shopify/Order/34"));

  /* A day later the 15-day one is 14 days ahead: only it is new. */
  g_hash_table_insert (sent, g_strdup ("missing:gid://shopify/Order/31"), g_strdup (""));
  g_hash_table_insert (sent, g_strdup ("missing:gid://shopify/Order/34"), g_strdup (""));
  again = compute (soon, "2026-06-30T10:00:00-05:00", &settings, sent);
  reminder = only_reminder (again);
  g_assert_cmpstr (reminder->title, ==, "1 request is missing a half");
  g_assert_cmpstr (reminder->request_id, ==, "gid://shopify/Order/32");
}

static void
test_balance_days (void)
{
  g_autoptr(GHashTable) sent = empty_sent ();
  g_autoptr(BmdReminderResult) result = NULL;
  g_autoptr(BmdReminderResult) shorter = NULL;
  BmdActSettings settings;
  BmdReminder *reminder;

  settings_only (&settings, BMD_REMINDER_BALANCE_DUE);
  result = compute (soon, NOW, &settings, sent);
  reminder = only_reminder (result);
  g_assert_cmpint (reminder->kind, ==, BMD_REMINDER_BALANCE_DUE);
  g_assert_cmpstr (reminder->title, ==, "1 balance still to pay");
  g_assert_cmpstr (reminder->request_id, ==, "gid://shopify/Order/41");
  g_assert_cmpstr (reminder->body, ==, "Mon 6 Jul 20:00 Ed Seven");

  /* The setting moves the boundary. */
  settings.balance_due_days = 6;
  shorter = compute (soon, NOW, &settings, sent);
  g_assert_cmpuint (shorter->reminders->len, ==, 0);
}

static void
test_disabled (void)
{
  g_autoptr(GHashTable) sent = empty_sent ();
  g_autoptr(BmdReminderResult) result = NULL;
  BmdActSettings settings;

  settings_only (&settings, -1);
  result = compute (soon, "2026-06-30T20:00:00-05:00", &settings, sent);
  g_assert_cmpuint (result->reminders->len, ==, 0);
}

static void
add_seen (GHashTable        *sent,
          BmdReminderResult *result)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, result->seen);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (sent, g_strdup (key), g_strdup (value));
  g_hash_table_iter_init (&iter, result->marks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (sent, g_strdup (key), g_strdup (value));
}

static void
test_queue_changes (void)
{
  static const BmdTestOrder before[] = {
    { "#51", "Ida Same", "deposit", "2026-07-01T10:00:00-05:00", "PAID", "lemon" },
    { "#52", "Jo Edit", "deposit", "2026-07-02T10:00:00-05:00", "PAID", "lemon" },
    /* Eight days ahead: not in the queue yet. */
    { "#53", "Kit Later", "deposit", "2026-07-07T12:00:00-05:00", "PAID", "plum" },
    { NULL }
  };
  static const BmdTestOrder after[] = {
    { "#51", "Ida Same", "deposit", "2026-07-01T10:00:00-05:00", "PAID", "lemon" },
    { "#52", "Jo Edit", "deposit", "2026-07-02T10:00:00-05:00", "PAID", "Lemon and lime" },
    { "#53", "Kit Later", "deposit", "2026-07-07T12:00:00-05:00", "PAID", "plum" },
    { "#54", "Lu New", "deposit", "2026-07-03T10:00:00-05:00", "PAID", "mango" },
    { NULL }
  };
  g_autoptr(GHashTable) sent = empty_sent ();
  g_autoptr(BmdReminderResult) first = NULL;
  g_autoptr(BmdReminderResult) second = NULL;
  g_autoptr(BmdReminderResult) third = NULL;
  BmdActSettings settings;
  BmdReminder *reminder;

  settings_only (&settings, BMD_REMINDER_QUEUE_CHANGE);
  /* The first look is the baseline. */
  first = compute (before, NOW, &settings, sent);
  g_assert_cmpuint (first->reminders->len, ==, 0);
  g_assert_true (g_hash_table_contains (first->marks, "seen-baseline"));
  g_assert_cmpuint (g_hash_table_size (first->seen), ==, 3);
  add_seen (sent, first);

  /* A refresh later: #52 changed its flavor, #54 is new; #53 slid into the
   * queue unchanged (a day later) and is not news. */
  second = compute (after, "2026-06-30T13:00:00-05:00", &settings, sent);
  reminder = only_reminder (second);
  g_assert_cmpint (reminder->kind, ==, BMD_REMINDER_QUEUE_CHANGE);
  g_assert_cmpstr (reminder->title, ==, "2 new or changed cakes this week");
  g_assert_cmpstr (reminder->request_id, ==, "gid://shopify/Order/52");
  g_assert_cmpstr (reminder->body, ==,
                   "Thu 2 Jul 10:00 Jo Edit — Lemon and lime (changed)\n"
                   "Fri 3 Jul 10:00 Lu New — mango (new)");
  add_seen (sent, second);

  third = compute (after, "2026-06-30T14:00:00-05:00", &settings, sent);
  g_assert_cmpuint (third->reminders->len, ==, 0);
}

/* The log in a real local warehouse: a reminder is claimed once. */
static void
test_log_sends_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-reminders-XXXXXX", &error);
  g_autoptr(BmdReminderLog) log = NULL;
  g_autoptr(BmdReminderLog) other = NULL;
  g_autoptr(BmdPlan) plan = plan_at (soon, "2026-06-30T20:00:00-05:00");
  g_autoptr(BmdReminderResult) first = NULL;
  g_autoptr(BmdReminderResult) second = NULL;
  g_autoptr(GHashTable) sent = NULL;
  g_autofree char *wal = NULL;
  GStatBuf before, after;
  BmdActSettings settings;

  g_assert_no_error (error);
  /* No warehouse yet: nothing to remember into. */
  g_assert_null (bmd_reminder_log_open (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  bmd_test_store_orders (dir, soon, "2026-06-30T20:00:00Z");
  bmd_act_settings_init_defaults (&settings);
  log = bmd_reminder_log_open (dir, &error);
  g_assert_no_error (error);
  first = bmd_reminder_log_claim (log, plan, &settings, &error);
  g_assert_no_error (error);
  /* Tomorrow (1 July: Gil and Hal), missing halves, balances. */
  g_assert_cmpuint (first->reminders->len, ==, 3);

  /* Another connection (the CLI's, say) finds them sent, and writes nothing:
   * the app reloads when the store's files change. */
  wal = g_build_filename (dir, "bakemyday.sqlite3-wal", NULL);
  g_assert_cmpint (g_stat (wal, &before), ==, 0);
  other = bmd_reminder_log_open (dir, &error);
  g_assert_no_error (error);
  second = bmd_reminder_log_claim (other, plan, &settings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->reminders->len, ==, 0);
  g_assert_cmpint (g_stat (wal, &after), ==, 0);
  g_assert_cmpint (before.st_size, ==, after.st_size);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
  g_assert_cmpint (before.st_mtim.tv_nsec, ==, after.st_mtim.tv_nsec);
  sent = bmd_reminder_log_dup_sent (other, &error);
  g_assert_no_error (error);
  g_assert_true (g_hash_table_contains (sent, "tomorrow:2026-07-01"));
  g_assert_true (g_hash_table_contains (sent, "balance:gid://shopify/Order/41"));
  g_assert_true (g_hash_table_contains (sent, "seen-baseline"));

  bmd_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bmd/reminders/tomorrow-hour", test_tomorrow_hour);
  g_test_add_func ("/bmd/reminders/tomorrow-across-midnight", test_tomorrow_across_midnight);
  g_test_add_func ("/bmd/reminders/tomorrow-fall-back", test_tomorrow_fall_back);
  g_test_add_func ("/bmd/reminders/missing-half-days", test_missing_half_days);
  g_test_add_func ("/bmd/reminders/balance-days", test_balance_days);
  g_test_add_func ("/bmd/reminders/disabled", test_disabled);
  g_test_add_func ("/bmd/reminders/queue-changes", test_queue_changes);
  g_test_add_func ("/bmd/reminders/log-sends-once", test_log_sends_once);
  return g_test_run ();
}
