#define G_LOG_DOMAIN "bmd-reminder-watch"

#include "config.h"

#include "bmd-notifier.h"
#include "bmd-reminder-watch.h"

/* Tomorrow's cakes are announced within this long after the reminder hour. */
#define CHECK_INTERVAL_S (10 * 60)
/* A check after a load waits this long: the check reads the store again in a
 * thread, which should not compete with the first frame or a burst of loads. */
#define AFTER_LOAD_DELAY_S 5

struct _BmdReminderWatch
{
  GObject parent_instance;

  GApplication *application;  /* weak: the application owns the watch */
  BmdContext *context;
  GSettings *settings;
  GCancellable *cancellable;
  gboolean running;
  gboolean again;
  guint n_checks;
  guint timer_id;
  guint delay_id;
};

G_DEFINE_FINAL_TYPE (BmdReminderWatch, bmd_reminder_watch, G_TYPE_OBJECT)

void
bmd_act_settings_from_gsettings (BmdActSettings *out,
                                 GSettings      *settings)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (G_IS_SETTINGS (settings));

  bmd_act_settings_init_defaults (out);
  out->remind_tomorrow = g_settings_get_boolean (settings, "remind-tomorrow");
  out->remind_missing_half = g_settings_get_boolean (settings, "remind-missing-half");
  out->remind_balance_due = g_settings_get_boolean (settings, "remind-balance-due");
  out->remind_queue_changes = g_settings_get_boolean (settings, "remind-queue-changes");
  out->reminder_hour = g_settings_get_uint (settings, "reminder-hour");
  out->missing_half_days = g_settings_get_uint (settings, "missing-half-days");
  out->balance_due_days = g_settings_get_uint (settings, "balance-due-days");
  out->capacity.per_day = g_settings_get_uint (settings, "cakes-per-day");
  out->capacity.per_week = g_settings_get_uint (settings, "cakes-per-week");
}

static void start_check (BmdReminderWatch *self);

static void
claimed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BmdReminderWatch) self = user_data;
  g_autoptr(GPtrArray) reminders = NULL;
  g_autoptr(GError) error = NULL;

  reminders = bmd_reminders_claim_stored_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->running = FALSE;
  self->n_checks++;
  if (reminders == NULL)
    {
      /* No warehouse yet is the normal first start. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_message ("reminders: %s", error->message);
    }
  else if (reminders->len > 0 && self->application != NULL
           && g_application_get_is_registered (self->application)
           && !g_application_get_is_remote (self->application))
    bmd_notifier_send (self->application, reminders);

  if (self->again)
    {
      self->again = FALSE;
      start_check (self);
    }
}

static void
start_check (BmdReminderWatch *self)
{
  const BmdConfig *config = bmd_context_get_config (self->context);
  BmdActSettings settings;
  BmdPlanFlags flags = BMD_PLAN_FLAGS_NONE;

  if (self->settings != NULL)
    bmd_act_settings_from_gsettings (&settings, self->settings);
  else if (!bmd_act_settings_load_stored (&settings, NULL))
    bmd_act_settings_init_defaults (&settings);
  if (config->queue_calendar_week)
    flags |= BMD_PLAN_FLAGS_CALENDAR_WEEK;

  self->running = TRUE;
  bmd_reminders_claim_stored_async (config->data_dir, config->zone, flags, &settings,
                                    self->cancellable, claimed_cb, g_object_ref (self));
}

void
bmd_reminder_watch_check (BmdReminderWatch *self)
{
  g_return_if_fail (BMD_IS_REMINDER_WATCH (self));

  if (self->running)
    {
      self->again = TRUE;
      return;
    }
  start_check (self);
}

guint
bmd_reminder_watch_get_n_checks (BmdReminderWatch *self)
{
  g_return_val_if_fail (BMD_IS_REMINDER_WATCH (self), 0);
  return self->n_checks;
}

static gboolean
delayed_check_cb (gpointer user_data)
{
  BmdReminderWatch *self = user_data;

  self->delay_id = 0;
  bmd_reminder_watch_check (self);
  return G_SOURCE_REMOVE;
}

static void
snapshot_changed_cb (BmdReminderWatch *self)
{
  if (bmd_context_get_snapshot (self->context) == NULL)
    return;
  g_clear_handle_id (&self->delay_id, g_source_remove);
  self->delay_id = g_timeout_add_seconds (AFTER_LOAD_DELAY_S, delayed_check_cb, self);
}

static gboolean
timer_cb (gpointer user_data)
{
  bmd_reminder_watch_check (user_data);
  return G_SOURCE_CONTINUE;
}

static void
bmd_reminder_watch_dispose (GObject *object)
{
  BmdReminderWatch *self = BMD_REMINDER_WATCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->delay_id, g_source_remove);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->application);
  G_OBJECT_CLASS (bmd_reminder_watch_parent_class)->dispose (object);
}

static void
bmd_reminder_watch_class_init (BmdReminderWatchClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bmd_reminder_watch_dispose;
}

static void
bmd_reminder_watch_init (BmdReminderWatch *self)
{
  self->cancellable = g_cancellable_new ();
}

BmdReminderWatch *
bmd_reminder_watch_new (GApplication *application,
                        BmdContext   *context,
                        GSettings    *settings)
{
  BmdReminderWatch *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BMD_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BMD_TYPE_REMINDER_WATCH, NULL);
  g_set_weak_pointer (&self->application, application);
  self->context = g_object_ref (context);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  g_signal_connect_swapped (context, "notify::snapshot", G_CALLBACK (snapshot_changed_cb), self);
  self->timer_id = g_timeout_add_seconds (CHECK_INTERVAL_S, timer_cb, self);
  return self;
}
