#pragma once

#include "bmd-act-settings.h"
#include "bmd-plan.h"

G_BEGIN_DECLS

typedef enum
{
  BMD_REMINDER_TOMORROW,      /* tomorrow's cakes, from the reminder hour on */
  BMD_REMINDER_MISSING_HALF,  /* requests soon with a half missing */
  BMD_REMINDER_BALANCE_DUE,   /* requests soon whose remaining half is unpaid */
  BMD_REMINDER_QUEUE_CHANGE,  /* new or changed requests in this week's queue */
} BmdReminderKind;

/* One desktop notification to send. */
typedef struct
{
  BmdReminderKind  kind;
  char            *id;          /* the notification id: stable per reminder */
  char            *title;
  char            *body;        /* names the customers and pickups */
  char            *request_id;  /* the request the notification opens */
  guint            n_requests;
} BmdReminder;

void bmd_reminder_free (BmdReminder *reminder);

/* What to send and what to remember. The log ("what was sent") holds keys:
 *   tomorrow:YYYY-MM-DD   tomorrow's cakes of that day were announced
 *   missing:REQUEST_ID    its missing half was reminded of
 *   balance:REQUEST_ID    its unpaid balance was reminded of
 *   seen:REQUEST_ID       value: a fingerprint of what the baker sees of it
 *   seen-baseline         the first fingerprints were taken (no news then)
 * @marks are the keys to add (value "" but for fingerprints); @seen is the
 * complete new set of seen:… keys (those of requests no longer upcoming are
 * dropped). */
typedef struct
{
  GPtrArray  *reminders;  /* element type BmdReminder */
  GHashTable *marks;      /* char* key -> char* value */
  GHashTable *seen;       /* char* key -> char* fingerprint */
} BmdReminderResult;

void bmd_reminder_result_free (BmdReminderResult *result);

/* Pure: a function of the plan (its now and zone), the settings and @sent
 * (key -> value, as above; never modified). A reminder is due once: its key
 * in @sent keeps it from coming again.
 *
 * - Tomorrow: when now's local hour is at least the reminder hour, the
 *   requests of the next local calendar day with a paid half (the cakes to
 *   bake), once per day.
 * - Missing half: a request with a half missing whose pickup is still to come
 *   and at most missing-half-days local calendar days after today.
 * - Balance due: the same with balance-due-days, for a request with both
 *   halves whose remaining half is not paid (PAID and PARTIALLY_REFUNDED are).
 * - Queue change: a request in the bake queue whose fingerprint (pickup,
 *   customer, flavor, theme, allergies, statuses, order names) is new or
 *   differs from the one seen last; nothing before a first baseline. */
BmdReminderResult *bmd_reminders_compute (BmdPlan              *plan,
                                          const BmdActSettings *settings,
                                          GHashTable           *sent);

/* The fingerprint of a request, as seen:… keys keep it. */
char *bmd_reminders_fingerprint (BmdRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdReminder, bmd_reminder_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdReminderResult, bmd_reminder_result_free)

G_END_DECLS
