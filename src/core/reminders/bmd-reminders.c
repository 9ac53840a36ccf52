#define G_LOG_DOMAIN "bmd-reminders"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-pickup.h"
#include "bmd-reminders.h"

/* A notification names at most this many requests; the rest are counted. */
#define MAX_NAMED 5

void
bmd_reminder_free (BmdReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_free (reminder->id);
  g_free (reminder->title);
  g_free (reminder->body);
  g_free (reminder->request_id);
  g_free (reminder);
}

void
bmd_reminder_result_free (BmdReminderResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->reminders, g_ptr_array_unref);
  g_clear_pointer (&result->marks, g_hash_table_unref);
  g_clear_pointer (&result->seen, g_hash_table_unref);
  g_free (result);
}

static void
local_date (GDateTime *dt,
            GDate     *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
}

/* Still to come: a timed pickup after now; a date-only one until its local
 * day ends. */
static gboolean
is_to_come (BmdRequest *request,
            GDateTime  *now_local,
            const GDate *today)
{
  GDate day;

  if (bmd_request_get_pickup_date_only (request))
    {
      local_date (bmd_request_get_pickup (request), &day);
      return g_date_compare (&day, today) >= 0;
    }
  return g_date_time_compare (bmd_request_get_pickup (request), now_local) > 0;
}

/* Local calendar days from today to the pickup's day. */
static int
days_ahead (BmdRequest  *request,
            const GDate *today)
{
  GDate day;

  local_date (bmd_request_get_pickup (request), &day);
  return g_date_days_between (today, &day);
}

static char *
format_pickup (BmdRequest *request,
               gboolean    with_day)
{
  GDateTime *pickup = bmd_request_get_pickup (request);

  if (bmd_request_get_pickup_date_only (request))
    return with_day ? g_date_time_format (pickup, "%a %-d %b") : g_strdup (_("all day"));
  return g_date_time_format (pickup, with_day ? "%a %-d %b %H:%M" : "%H:%M");
}

/* "Thu  2 Jul 11:00 Billy Jones — black forest (allergies: treenut)" */
static void
append_request_line (GString    *body,
                     BmdRequest *request,
                     gboolean    with_day,
                     const char *extra)
{
  g_autofree char *when = format_pickup (request, with_day);
  const char *flavor = bmd_request_get_flavor (request);

  if (body->len > 0)
    g_string_append_c (body, '\n');
  g_string_append_printf (body, "%s %s", when, bmd_request_get_customer_name (request));
  if (*flavor != '\0')
    g_string_append_printf (body, " — %s", flavor);
  if (bmd_request_has_allergies (request))
    g_string_append_printf (body, _(" (allergies: %s)"), bmd_request_get_allergies (request));
  if (extra != NULL)
    g_string_append_printf (body, " %s", extra);
}

static void
append_more (GString *body,
             guint    n_requests)
{
  if (n_requests > MAX_NAMED)
    {
      guint more = n_requests - MAX_NAMED;

      g_string_append_c (body, '\n');
      g_string_append_printf (body, ngettext ("and %u more", "and %u more", more), more);
    }
}

static BmdReminder *
reminder_new (BmdReminderKind  kind,
              char            *id,
              char            *title,
              GString         *body,
              GPtrArray       *requests)
{
  BmdReminder *reminder = g_new0 (BmdReminder, 1);

  reminder->kind = kind;
  reminder->id = id;
  reminder->title = title;
  reminder->body = g_string_free (body, FALSE);
  reminder->request_id = g_strdup (bmd_request_get_id (g_ptr_array_index (requests, 0)));
  reminder->n_requests = requests->len;
  return reminder;
}

static void
add_tomorrow (BmdReminderResult    *result,
              BmdPlan              *plan,
              const BmdActSettings *settings,
              GHashTable           *sent,
              GDateTime            *now_local,
              const GDate          *today)
{
  g_autoptr(GPtrArray) on_day = NULL;
  g_autoptr(GPtrArray) cakes = g_ptr_array_new ();
  g_autoptr(GString) allergies = g_string_new (NULL);
  g_autofree char *first = NULL;
  GString *body;
  char key[32];
  GDate tomorrow;
  guint i;

  if ((guint) g_date_time_get_hour (now_local) < settings->reminder_hour)
    return;
  /* The next calendar day, not now + 24 h: days are 23 or 25 hours long
   * when the clocks change. */
  tomorrow = *today;
  g_date_add_days (&tomorrow, 1);
  g_snprintf (key, sizeof key, "tomorrow:%04d-%02d-%02d", g_date_get_year (&tomorrow),
              g_date_get_month (&tomorrow), g_date_get_day (&tomorrow));
  if (g_hash_table_contains (sent, key))
    return;

  on_day = bmd_plan_dup_requests_on_day (plan, &tomorrow);
  for (i = 0; i < on_day->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (on_day, i);

      if (bmd_request_is_either_paid (request))
        g_ptr_array_add (cakes, request);
    }
  /* Nothing to announce is not announced: a cake booked later today still is. */
  if (cakes->len == 0)
    return;

  body = g_string_new (NULL);
  first = format_pickup (g_ptr_array_index (cakes, 0), FALSE);
  g_string_append_printf (body, _("First pickup at %s."), first);
  for (i = 0; i < cakes->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (cakes, i);

      if (bmd_request_has_allergies (request))
        g_string_append_printf (allergies, "%s%s: %s", allergies->len > 0 ? "; " : "",
                                bmd_request_get_customer_name (request),
                                bmd_request_get_allergies (request));
    }
  g_string_append_c (body, ' ');
  if (allergies->len > 0)
    g_string_append_printf (body, _("Allergies: %s."), allergies->str);
  else
    g_string_append (body, _("No allergies."));
  for (i = 0; i < cakes->len && i < MAX_NAMED; i++)
    append_request_line (body, g_ptr_array_index (cakes, i), FALSE, NULL);
  append_more (body, cakes->len);

  g_ptr_array_add (result->reminders,
                   reminder_new (BMD_REMINDER_TOMORROW, g_strdup (key),
                                 g_strdup_printf (ngettext ("%u cake tomorrow", "%u cakes tomorrow", cakes->len), cakes->len),
                                 body, cakes));
  g_hash_table_insert (result->marks, g_strdup (key), g_strdup (""));
}

static gboolean
wants_missing_half (BmdRequest           *request,
                    const BmdActSettings *settings,
                    int                   ahead)
{
  return bmd_request_get_state (request) == BMD_REQUEST_STATE_MISSING
         && ahead <= (int) settings->missing_half_days;
}

static gboolean
wants_balance (BmdRequest           *request,
               const BmdActSettings *settings,
               int                   ahead)
{
  BmdOrder *remaining = bmd_request_get_remaining (request);
  const char *status;

  /* A request with a half missing is the missing-half reminder's. */
  if (remaining == NULL || bmd_request_get_deposit (request) == NULL
      || ahead > (int) settings->balance_due_days)
    return FALSE;
  status = bmd_request_get_half_status (request, BMD_DRAFT_TYPE_REMAINING);
  return g_strcmp0 (status, "PAID") != 0 && g_strcmp0 (status, "PARTIALLY_REFUNDED") != 0;
}

/* One notification for the requests of one rule that were not reminded of yet. */
static void
add_per_request (BmdReminderResult    *result,
                 GPtrArray            *upcoming,
                 const BmdActSettings *settings,
                 GHashTable           *sent,
                 GDateTime            *now_local,
                 const GDate          *today,
                 BmdReminderKind       kind)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new ();
  const char *prefix = kind == BMD_REMINDER_MISSING_HALF ? "missing:" : "balance:";
  GString *body;
  guint i;

  for (i = 0; i < upcoming->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (upcoming, i);
      g_autofree char *key = NULL;
      int ahead;

      if (!is_to_come (request, now_local, today))
        continue;
      ahead = days_ahead (request, today);
      if (kind == BMD_REMINDER_MISSING_HALF ? !wants_missing_half (request, settings, ahead)
                                            : !wants_balance (request, settings, ahead))
        continue;
      key = g_strconcat (prefix, bmd_request_get_id (request), NULL);
      if (g_hash_table_contains (sent, key))
        continue;
      g_ptr_array_add (due, request);
      g_hash_table_insert (result->marks, g_steal_pointer (&key), g_strdup (""));
    }
  if (due->len == 0)
    return;

  body = g_string_new (NULL);
  for (i = 0; i < due->len && i < MAX_NAMED; i++)
    {
      BmdRequest *request = g_ptr_array_index (due, i);
      const char *extra = NULL;

      if (kind == BMD_REMINDER_MISSING_HALF)
        extra = bmd_request_get_deposit (request) == NULL ? _("(deposit missing)") : _("(remaining missing)");
      append_request_line (body, request, TRUE, extra);
    }
  append_more (body, due->len);

  g_ptr_array_add (result->reminders,
                   reminder_new (kind,
                                 g_strconcat (prefix, bmd_request_get_id (g_ptr_array_index (due, 0)), NULL),
                                 kind == BMD_REMINDER_MISSING_HALF
                                   ? g_strdup_printf (ngettext ("%u request is missing a half", "%u requests are missing a half", due->len), due->len)
                                   : g_strdup_printf (ngettext ("%u balance still to pay", "%u balances still to pay", due->len), due->len),
                                 body, due));
}

char *
bmd_reminders_fingerprint (BmdRequest *request)
{
  g_autofree char *pickup = NULL;
  g_autofree char *text = NULL;
  BmdOrder *deposit;
  BmdOrder *remaining;

  g_return_val_if_fail (BMD_IS_REQUEST (request), NULL);

  deposit = bmd_request_get_deposit (request);
  remaining = bmd_request_get_remaining (request);
  pickup = bmd_format_local_iso8601 (bmd_request_get_pickup (request));
  text = g_strjoin ("\x1f", pickup, bmd_request_get_customer_name (request),
                    bmd_request_get_flavor (request), bmd_request_get_theme (request),
                    bmd_request_get_allergies (request),
                    bmd_request_get_half_status (request, BMD_DRAFT_TYPE_DEPOSIT),
                    bmd_request_get_half_status (request, BMD_DRAFT_TYPE_REMAINING),
                    deposit != NULL ? bmd_order_get_name (deposit) : "-",
                    remaining != NULL ? bmd_order_get_name (remaining) : "-",
                    NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

static void
add_queue_changes (BmdReminderResult    *result,
                   BmdPlan              *plan,
                   GPtrArray            *upcoming,
                   const BmdActSettings *settings,
                   GHashTable           *sent)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new ();
  GPtrArray *queue = bmd_plan_get_queue (plan);
  gboolean baseline = g_hash_table_contains (sent, "seen-baseline");
  GString *body;
  guint i;

  for (i = 0; i < upcoming->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (upcoming, i);

      g_hash_table_insert (result->seen,
                           g_strconcat ("seen:", bmd_request_get_id (request), NULL),
                           bmd_reminders_fingerprint (request));
    }
  /* The first look at the orders is a baseline, not news. */
  if (!baseline)
    {
      if (upcoming->len > 0)
        g_hash_table_insert (result->marks, g_strdup ("seen-baseline"), g_strdup (""));
      return;
    }
  if (!settings->remind_queue_changes)
    return;

  for (i = 0; i < queue->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (queue, i);
      g_autofree char *key = g_strconcat ("seen:", bmd_request_get_id (request), NULL);
      const char *before = g_hash_table_lookup (sent, key);

      if (g_strcmp0 (before, g_hash_table_lookup (result->seen, key)) != 0)
        g_ptr_array_add (changed, request);
    }
  if (changed->len == 0)
    return;

  body = g_string_new (NULL);
  for (i = 0; i < changed->len && i < MAX_NAMED; i++)
    {
      BmdRequest *request = g_ptr_array_index (changed, i);
      g_autofree char *key = g_strconcat ("seen:", bmd_request_get_id (request), NULL);

      append_request_line (body, request, TRUE,
                           g_hash_table_contains (sent, key) ? _("(changed)") : _("(new)"));
    }
  append_more (body, changed->len);
  g_ptr_array_add (result->reminders,
                   reminder_new (BMD_REMINDER_QUEUE_CHANGE,
                                 g_strconcat ("queue:", bmd_request_get_id (g_ptr_array_index (changed, 0)), NULL),
                                 g_strdup_printf (ngettext ("%u new or changed cake this week", "%u new or changed cakes this week", changed->len), changed->len),
                                 body, changed));
}

/* The requests from the start of today on, sorted: one per upcoming pair. */
static GPtrArray *
dup_upcoming_requests (BmdPlan *plan)
{
  GListModel *rows = bmd_plan_get_upcoming (plan);
  GPtrArray *requests = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (rows);
  guint i;

  /* Two rows per request, deposit first. */
  for (i = 0; i < n; i += 2)
    {
      g_autoptr(BmdUpcomingRow) row = g_list_model_get_item (rows, i);

      g_ptr_array_add (requests, g_object_ref (bmd_upcoming_row_get_request (row)));
    }
  return requests;
}

BmdReminderResult *
bmd_reminders_compute (BmdPlan              *plan,
                       const BmdActSettings *settings,
                       GHashTable           *sent)
{
  BmdReminderResult *result;
  g_autoptr(GDateTime) now_local = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  GDate today;

  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (sent != NULL, NULL);

  result = g_new0 (BmdReminderResult, 1);
  result->reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_reminder_free);
  result->marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  result->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  now_local = g_date_time_to_timezone (bmd_plan_get_now (plan), bmd_plan_get_zone (plan));
  local_date (now_local, &today);
  upcoming = dup_upcoming_requests (plan);

  if (settings->remind_tomorrow)
    add_tomorrow (result, plan, settings, sent, now_local, &today);
  if (settings->remind_missing_half)
    add_per_request (result, upcoming, settings, sent, now_local, &today, BMD_REMINDER_MISSING_HALF);
  if (settings->remind_balance_due)
    add_per_request (result, upcoming, settings, sent, now_local, &today, BMD_REMINDER_BALANCE_DUE);
  add_queue_changes (result, plan, upcoming, settings, sent);
  return result;
}
