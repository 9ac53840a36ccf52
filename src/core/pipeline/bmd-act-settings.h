#pragma once

#include <glib.h>

#include "bmd-capacity.h"

G_BEGIN_DECLS

/* The stored settings of reminders and capacity (schema keys in brackets).
 * The CLI reads them from settings.ini like the other stored settings; the app
 * reads the same keys through GSettings. */
typedef struct
{
  gboolean    remind_tomorrow;        /* [remind-tomorrow] */
  gboolean    remind_missing_half;    /* [remind-missing-half] */
  gboolean    remind_balance_due;     /* [remind-balance-due] */
  gboolean    remind_queue_changes;   /* [remind-queue-changes] */
  guint       reminder_hour;          /* [reminder-hour] 0-23: tomorrow's cakes from this local hour */
  guint       missing_half_days;      /* [missing-half-days] */
  guint       balance_due_days;       /* [balance-due-days] */
  BmdCapacity capacity;               /* [cakes-per-day], [cakes-per-week] */
} BmdActSettings;

#define BMD_DEFAULT_REMINDER_HOUR     17
#define BMD_DEFAULT_MISSING_HALF_DAYS 14
#define BMD_DEFAULT_BALANCE_DUE_DAYS  7

/* The schema's defaults: every reminder on, 17:00, 14 and 7 days, no limits. */
void     bmd_act_settings_init_defaults (BmdActSettings *settings);
/* The settings of @file over @settings; values that do not parse as the
 * key's type are ignored, as GSettings' keyfile backend does. */
void     bmd_act_settings_apply_file    (BmdActSettings *settings,
                                         GKeyFile       *file);
/* The defaults, then the stored settings file. FALSE only when the file
 * exists and cannot be read. */
gboolean bmd_act_settings_load_stored   (BmdActSettings  *settings,
                                         GError         **error);

G_END_DECLS
