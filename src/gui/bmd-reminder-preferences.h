#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Preferences' "Reminders" page: which reminders, their hour and days, and
 * the bakery's capacity, bound to GSettings. */
#define BMD_TYPE_REMINDER_PREFERENCES (bmd_reminder_preferences_get_type ())
G_DECLARE_FINAL_TYPE (BmdReminderPreferences, bmd_reminder_preferences, BMD, REMINDER_PREFERENCES, AdwPreferencesPage)

/* @settings NULL: shown, but nothing can be changed (no schema). */
BmdReminderPreferences *bmd_reminder_preferences_new (GSettings *settings);

G_END_DECLS
