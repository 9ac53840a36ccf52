#pragma once

#include <gio/gio.h>

#include "bmd-act-settings.h"
#include "bmd-context.h"

G_BEGIN_DECLS

/* Sends the app's reminders: a few seconds after every load of the local
 * warehouse (a refresh, the CLI's daily one included, changes it) and every few minutes
 * (tomorrow's cakes are due from an hour on), claimed in a thread and sent
 * through the application as notifications. */
#define BMD_TYPE_REMINDER_WATCH (bmd_reminder_watch_get_type ())
G_DECLARE_FINAL_TYPE (BmdReminderWatch, bmd_reminder_watch, BMD, REMINDER_WATCH, GObject)

/* @settings NULL: the stored settings file. */
BmdReminderWatch *bmd_reminder_watch_new (GApplication *application,
                                          BmdContext   *context,
                                          GSettings    *settings);
/* Checks now (coalesced with a check that is running). */
void              bmd_reminder_watch_check (BmdReminderWatch *self);
/* The number of checks that finished (tests wait for it). */
guint             bmd_reminder_watch_get_n_checks (BmdReminderWatch *self);

/* Reminders and capacity from GSettings (the same keys as settings.ini). */
void              bmd_act_settings_from_gsettings (BmdActSettings *out,
                                                   GSettings      *settings);

G_END_DECLS
