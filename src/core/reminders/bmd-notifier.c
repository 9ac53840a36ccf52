#define G_LOG_DOMAIN "bmd-notifier"

#include "config.h"

#include "bmd-notifier.h"
#include "bmd-reminder-log.h"
#include "bmd-snapshot.h"

GNotification *
bmd_reminder_to_notification (const BmdReminder *reminder)
{
  GNotification *notification;
  g_autofree char *action = NULL;

  g_return_val_if_fail (reminder != NULL, NULL);

  notification = g_notification_new (reminder->title);
  g_notification_set_body (notification, reminder->body);
  /* Tomorrow's cakes are today's work. */
  g_notification_set_priority (notification, reminder->kind == BMD_REMINDER_TOMORROW
                                             ? G_NOTIFICATION_PRIORITY_HIGH
                                             : G_NOTIFICATION_PRIORITY_NORMAL);
  action = g_strconcat ("app.", BMD_SHOW_REQUEST_ACTION, NULL);
  g_notification_set_default_action_and_target (notification, action, "s", reminder->request_id);
  return notification;
}

void
bmd_notifier_send (GApplication *application,
                   GPtrArray    *reminders)
{
  GDBusConnection *bus;
  guint i;

  g_return_if_fail (G_IS_APPLICATION (application));
  g_return_if_fail (reminders != NULL);

  for (i = 0; i < reminders->len; i++)
    {
      const BmdReminder *reminder = g_ptr_array_index (reminders, i);
      g_autoptr(GNotification) notification = bmd_reminder_to_notification (reminder);

      g_application_send_notification (application, reminder->id, notification);
    }
  /* A CLI exits right after: the messages must have left. */
  bus = g_application_get_dbus_connection (application);
  if (bus != NULL)
    g_dbus_connection_flush_sync (bus, NULL, NULL);
}

GPtrArray *
bmd_reminders_claim_stored (const char            *data_dir,
                            GDateTime             *now,
                            const char            *zone,
                            BmdPlanFlags           flags,
                            const BmdActSettings  *settings,
                            GError               **error)
{
  g_autoptr(BmdSnapshot) snapshot = NULL;
  g_autoptr(BmdReminderLog) log = NULL;
  g_autoptr(BmdReminderResult) result = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  snapshot = bmd_snapshot_load (data_dir, now, zone, flags, error);
  if (snapshot == NULL)
    return NULL;
  log = bmd_reminder_log_open (data_dir, error);
  if (log == NULL)
    return NULL;
  result = bmd_reminder_log_claim (log, bmd_snapshot_get_plan (snapshot), settings, error);
  if (result == NULL)
    return NULL;
  return g_steal_pointer (&result->reminders);
}

typedef struct
{
  char *data_dir;
  char *zone;
  BmdPlanFlags flags;
  BmdActSettings settings;
} ClaimData;

static void
claim_data_free (ClaimData *data)
{
  g_free (data->data_dir);
  g_free (data->zone);
  g_free (data);
}

static void
claim_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  ClaimData *data = task_data;
  GError *error = NULL;
  GPtrArray *reminders;

  reminders = bmd_reminders_claim_stored (data->data_dir, NULL, data->zone, data->flags,
                                          &data->settings, &error);
  if (reminders == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reminders, (GDestroyNotify) g_ptr_array_unref);
}

void
bmd_reminders_claim_stored_async (const char            *data_dir,
                                  const char            *zone,
                                  BmdPlanFlags           flags,
                                  const BmdActSettings  *settings,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ClaimData *data;

  g_return_if_fail (data_dir != NULL);
  g_return_if_fail (settings != NULL);

  data = g_new0 (ClaimData, 1);
  data->data_dir = g_strdup (data_dir);
  data->zone = g_strdup (zone);
  data->flags = flags;
  data->settings = *settings;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bmd_reminders_claim_stored_async);
  g_task_set_task_data (task, data, (GDestroyNotify) claim_data_free);
  g_task_run_in_thread (task, claim_thread);
}

GPtrArray *
bmd_reminders_claim_stored_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
bmd_notifier_has_session_bus (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  g_autofree char *user_bus = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;
  user_bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  return g_file_test (user_bus, G_FILE_TEST_EXISTS);
}
