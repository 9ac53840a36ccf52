#define G_LOG_DOMAIN "bmd-calendar-file"

#include "config.h"

#include "bmd-calendar-file.h"
#include "bmd-icalendar.h"
#include "bmd-settings-file.h"
#include "bmd-snapshot.h"

char *
bmd_calendar_file_dup_path (void)
{
  g_autofree char *settings_path = bmd_settings_file_dup_path ();
  g_autoptr(GKeyFile) file = bmd_settings_file_load (settings_path, NULL);
  g_autofree char *stored = file != NULL ? bmd_settings_file_dup_string (file, "calendar-file") : NULL;
  const char *env = g_getenv ("BAKEMYDAY_CALENDAR_FILE");

  /* The environment is above the stored settings, as everywhere. */
  if (env != NULL && *env != '\0')
    return bmd_calendar_file_expand (env);
  return bmd_calendar_file_expand (stored);
}

char *
bmd_calendar_file_expand (const char *path)
{
  if (path == NULL || *path == '\0')
    return NULL;
  if (g_path_is_absolute (path))
    return g_strdup (path);
  if (g_str_has_prefix (path, "~/"))
    path += 2;
  return g_build_filename (g_get_home_dir (), path, NULL);
}

gboolean
bmd_calendar_file_write (const char  *data_dir,
                         const char  *zone,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(BmdSnapshot) snapshot = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  snapshot = bmd_snapshot_load (data_dir, NULL, zone, BMD_PLAN_FLAGS_NONE, error);
  if (snapshot == NULL)
    return FALSE;
  return bmd_icalendar_write_file (bmd_snapshot_get_plan (snapshot),
                                   bmd_snapshot_get_days_off (snapshot), path, error);
}
