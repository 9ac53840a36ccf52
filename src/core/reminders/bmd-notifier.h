#pragma once

#include <gio/gio.h>

#include "bmd-act-settings.h"
#include "bmd-plan.h"
#include "bmd-reminders.h"

G_BEGIN_DECLS

/* The action a reminder's default action activates, with the request id as
 * its string target: the app opens on that request. */
#define BMD_SHOW_REQUEST_ACTION "show-request"

/* A reminder as a desktop notification (GIO only: the CLI sends it too). */
GNotification *bmd_reminder_to_notification (const BmdReminder *reminder);
/* Sends each reminder through @application (registered and primary), with
 * the reminder's id as the notification id. */
void           bmd_notifier_send            (GApplication *application,
                                             GPtrArray    *reminders);

/* The reminders due now for the local warehouse in @data_dir, claimed (so
 * recorded as sent): the stored orders planned as of @now (NULL: the clock)
 * in @zone (NULL: the stored shop zone). Element type BmdReminder. Blocking:
 * the CLI calls it, the app uses the async form. */
GPtrArray     *bmd_reminders_claim_stored        (const char            *data_dir,
                                                  GDateTime             *now,
                                                  const char            *zone,
                                                  BmdPlanFlags           flags,
                                                  const BmdActSettings  *settings,
                                                  GError               **error);
void           bmd_reminders_claim_stored_async  (const char            *data_dir,
                                                  const char            *zone,
                                                  BmdPlanFlags           flags,
                                                  const BmdActSettings  *settings,
                                                  GCancellable          *cancellable,
                                                  GAsyncReadyCallback    callback,
                                                  gpointer               user_data);
GPtrArray     *bmd_reminders_claim_stored_finish (GAsyncResult          *result,
                                                  GError               **error);

/* A session bus to notify through: $DBUS_SESSION_BUS_ADDRESS, or the user
 * bus $XDG_RUNTIME_DIR/bus (where a systemd timer's refresh runs). Never
 * starts one (no X11 autolaunch). */
gboolean       bmd_notifier_has_session_bus (void);

G_END_DECLS
