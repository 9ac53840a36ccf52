#pragma once

#include <gio/gio.h>

#include "bmd-settings.h"

G_BEGIN_DECLS

/* Keeps the calendar file (BAKEMYDAY_CALENDAR_FILE, else the setting
 * "calendar-file"; empty: none) current: it is written again whenever the
 * app loads new data — after each refresh, a day off, or the daily
 * refresh's change — and when the setting changes, so that a calendar app
 * subscribed to it follows. Emits "written" (the GFile, and a GError or
 * NULL) after each attempt; a write that a newer one replaced before it
 * finished ends with G_IO_ERROR_CANCELLED. */
#define BMD_TYPE_CALENDAR_FILE_WRITER (bmd_calendar_file_writer_get_type ())
G_DECLARE_FINAL_TYPE (BmdCalendarFileWriter, bmd_calendar_file_writer, BMD, CALENDAR_FILE_WRITER, GObject)

BmdCalendarFileWriter *bmd_calendar_file_writer_new (BmdSettings *settings);

G_END_DECLS
