#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* "Refresh every day at HH:MM": a systemd user timer and service running
 * `bakemyday-sync refresh` (a launchd agent on macOS). The unit texts are
 * pure functions; installing writes them and asks the user's service
 * manager to load them, best-effort. */
#define BMD_DAILY_TIMER_NAME  "bakemyday-refresh"
#define BMD_LAUNCHD_LABEL     "com.organicbakeryaustin.BakeMyDay.refresh"

/* "HH:MM" (00:00 to 23:59). */
gboolean  bmd_daily_time_parse              (const char *text,
                                             int        *hour,
                                             int        *minute);

/* @sync_program: the absolute path of bakemyday-sync; @data_dir NULL for the
 * default one. */
char     *bmd_daily_timer_service_text      (const char *sync_program,
                                             const char *data_dir);
char     *bmd_daily_timer_timer_text        (int         hour,
                                             int         minute);
char     *bmd_daily_timer_launchd_text      (const char *sync_program,
                                             const char *data_dir,
                                             int         hour,
                                             int         minute);

/* $XDG_CONFIG_HOME/systemd/user */
char     *bmd_daily_timer_dup_unit_dir      (void);
/* bakemyday-sync beside the running program, else on PATH, else NULL. */
char     *bmd_daily_timer_find_sync_program (void);

/* Blocking (runs systemctl or launchctl): worker threads. The unit files are
 * written (or removed) or it fails; loading them is best-effort, and
 * @out_message says what the user still has to do, or NULL when nothing.
 * BAKEMYDAY_SYSTEMCTL names another systemctl (tests). */
gboolean  bmd_daily_timer_install           (const char    *sync_program,
                                             const char    *data_dir,
                                             const char    *time,
                                             char         **out_message,
                                             GError       **error);
gboolean  bmd_daily_timer_remove            (char         **out_message,
                                             GError       **error);

/* Install (@enabled) or remove in a thread; the result is the message or NULL. */
void      bmd_daily_timer_apply_async       (gboolean             enabled,
                                             const char          *time,
                                             const char          *data_dir,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  bmd_daily_timer_apply_finish      (GAsyncResult  *result,
                                             char         **out_message,
                                             GError       **error);

G_END_DECLS
