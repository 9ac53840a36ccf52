#pragma once

#include <glib.h>

#include "bmd-config.h"

G_BEGIN_DECLS

/* Exit codes of the design's Interfaces section. */
enum
{
  BMD_EXIT_OK = 0,
  BMD_EXIT_FAILED = 1,
  BMD_EXIT_USAGE = 2,
  BMD_EXIT_PARTIAL = 3,
};

int  bmd_cli_plan     (int    argc,
                       char **argv);
int  bmd_cli_refresh  (int    argc,
                       char **argv);
int  bmd_cli_generate (int    argc,
                       char **argv);
int  bmd_cli_remind   (int    argc,
                       char **argv);

/* Sends the reminders due for @config's local warehouse as the app's
 * notifications, when there is a session bus; none when the app is running
 * (it sends them). @now NULL: the clock. */
gboolean bmd_cli_send_reminders (const BmdConfig  *config,
                                 GDateTime        *now,
                                 guint            *n_sent,
                                 GError          **error);

int  bmd_cli_lake     (int    argc,
                       char **argv);
int  bmd_cli_print    (int    argc,
                       char **argv);
int  bmd_cli_calendar_file (int    argc,
                            char **argv);

/* After a refresh: rewrites the calendar file when one is set
 * (bmd_calendar_file_dup_path()); FALSE, with "calendar-file: …" on
 * stderr, when it cannot be written. */
gboolean bmd_cli_refresh_calendar_file (const BmdConfig *config);

/* The access token in @path, trimmed; an empty file is an error. */
char *bmd_cli_read_token_file (const char  *path,
                               GError     **error);

/* @text as it may reach a terminal: known secrets redacted, control
 * characters shown as escapes (\n, \x1b, \u0085), not obeyed; UTF-8. */
char *bmd_cli_safe_text (const char *text);

/* One line on stderr, prefixed with the program name, through
 * bmd_cli_safe_text(): messages quote servers and files. */
void bmd_cli_error    (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
