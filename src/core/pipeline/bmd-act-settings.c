#define G_LOG_DOMAIN "bmd-act-settings"

#include "config.h"

#include "bmd-act-settings.h"
#include "bmd-settings-file.h"

void
bmd_act_settings_init_defaults (BmdActSettings *settings)
{
  g_return_if_fail (settings != NULL);

  settings->remind_tomorrow = TRUE;
  settings->remind_missing_half = TRUE;
  settings->remind_balance_due = TRUE;
  settings->remind_queue_changes = TRUE;
  settings->reminder_hour = BMD_DEFAULT_REMINDER_HOUR;
  settings->missing_half_days = BMD_DEFAULT_MISSING_HALF_DAYS;
  settings->balance_due_days = BMD_DEFAULT_BALANCE_DUE_DAYS;
  settings->capacity.per_day = 0;
  settings->capacity.per_week = 0;
}

/* The schema's `u` keys, written by GSettings as "8" (or "uint32 8"). */
static void
apply_uint (GKeyFile   *file,
            const char *key,
            guint       max,
            guint      *field)
{
  g_autofree char *text = g_key_file_get_value (file, BMD_SETTINGS_GROUP, key, NULL);
  g_autoptr(GVariant) value = NULL;

  if (text == NULL)
    return;
  value = g_variant_parse (G_VARIANT_TYPE_UINT32, text, NULL, NULL, NULL);
  if (value == NULL || g_variant_get_uint32 (value) > max)
    {
      g_debug ("settings: ignoring %s", key);
      return;
    }
  *field = g_variant_get_uint32 (value);
}

void
bmd_act_settings_apply_file (BmdActSettings *settings,
                             GKeyFile       *file)
{
  g_return_if_fail (settings != NULL);
  g_return_if_fail (file != NULL);

  settings->remind_tomorrow = bmd_settings_file_get_boolean (file, "remind-tomorrow", settings->remind_tomorrow);
  settings->remind_missing_half = bmd_settings_file_get_boolean (file, "remind-missing-half", settings->remind_missing_half);
  settings->remind_balance_due = bmd_settings_file_get_boolean (file, "remind-balance-due", settings->remind_balance_due);
  settings->remind_queue_changes = bmd_settings_file_get_boolean (file, "remind-queue-changes", settings->remind_queue_changes);
  /* The ranges are the schema's. */
  apply_uint (file, "reminder-hour", 23, &settings->reminder_hour);
  apply_uint (file, "missing-half-days", 365, &settings->missing_half_days);
  apply_uint (file, "balance-due-days", 365, &settings->balance_due_days);
  apply_uint (file, "cakes-per-day", 10000, &settings->capacity.per_day);
  apply_uint (file, "cakes-per-week", 10000, &settings->capacity.per_week);
}

gboolean
bmd_act_settings_load_stored (BmdActSettings  *settings,
                              GError         **error)
{
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autoptr(GKeyFile) file = NULL;

  g_return_val_if_fail (settings != NULL, FALSE);

  bmd_act_settings_init_defaults (settings);
  file = bmd_settings_file_load (path, error);
  if (file == NULL)
    return FALSE;
  bmd_act_settings_apply_file (settings, file);
  return TRUE;
}
