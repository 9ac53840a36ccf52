#pragma once

#include <gio/gio.h>

#include "bmd-reminders.h"

G_BEGIN_DECLS

/* The reminders sent, kept in the local warehouse (table reminders_sent) so
 * that each is sent once, by the app or by the CLI's refresh, whichever
 * comes first. Blocking: worker threads and the CLI. */
typedef struct _BmdReminderLog BmdReminderLog;

BmdReminderLog *bmd_reminder_log_open     (const char      *data_dir,
                                           GError         **error);
void            bmd_reminder_log_free     (BmdReminderLog  *log);
/* key -> value, as bmd_reminders_compute() reads it. */
GHashTable     *bmd_reminder_log_dup_sent (BmdReminderLog  *log,
                                           GError         **error);
/* In one transaction: reads what was sent, computes the reminders due
 * (bmd_reminders_compute()) and records them as sent. The caller sends what
 * it returns: a reminder is claimed once, even by two processes at a time. */
BmdReminderResult *bmd_reminder_log_claim (BmdReminderLog        *log,
                                           BmdPlan               *plan,
                                           const BmdActSettings  *settings,
                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdReminderLog, bmd_reminder_log_free)

G_END_DECLS
