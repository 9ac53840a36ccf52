#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The calendar file a refresh keeps current (bmd-icalendar.h):
 * BAKEMYDAY_CALENDAR_FILE, else the stored setting "calendar-file"
 * (settings.ini). NULL when neither is set: no file is written. */
char     *bmd_calendar_file_dup_path (void);
/* A setting's path made absolute: "~/x.ics" and "x.ics" are in the home
 * folder. NULL for NULL or an empty path. */
char     *bmd_calendar_file_expand  (const char *path);
/* Plans the local warehouse in @data_dir as the refresh left it (@zone NULL:
 * the stored shop zone) and writes its calendar to @path. Blocking. */
gboolean  bmd_calendar_file_write    (const char  *data_dir,
                                      const char  *zone,
                                      const char  *path,
                                      GError     **error);

G_END_DECLS
