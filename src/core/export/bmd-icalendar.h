#pragma once

#include <gio/gio.h>

#include "bmd-plan.h"

G_BEGIN_DECLS

/* An RFC 5545 calendar of the upcoming pickups, for a calendar app that
 * subscribes to the file: one event per request from the start of today
 * (local) on, with a UID made from the request's id so that importing the
 * file again updates the events instead of adding copies; times are local
 * wall times with the shop's zone (TZID and a VTIMEZONE covering the
 * events); each day off from today on is an all-day event. CRLF line ends,
 * lines folded at 75 octets. @days_off: element type char* "YYYY-MM-DD",
 * or NULL. */
char     *bmd_icalendar_from_plan   (BmdPlan     *plan,
                                     GPtrArray   *days_off);
/* Writes bmd_icalendar_from_plan() to @path atomically (a reader never
 * sees half a file). */
gboolean  bmd_icalendar_write_file  (BmdPlan     *plan,
                                     GPtrArray   *days_off,
                                     const char  *path,
                                     GError     **error);

/* The pieces, for the tests. */

/* TEXT escaping: backslash, semicolon, comma and newlines (CRLF, CR or LF
 * become "\n"). */
void      bmd_icalendar_append_escaped (GString    *out,
                                        const char *text);
/* Appends @line folded at 75 octets (a continuation starts with a space),
 * never inside a UTF-8 sequence, then CRLF. */
void      bmd_icalendar_append_line    (GString    *out,
                                        const char *line);
/* The UID of a request with id @request_id. */
char     *bmd_icalendar_dup_uid        (const char *request_id);

G_END_DECLS
