#define G_LOG_DOMAIN "bmd-reminder-preferences"

#include "config.h"

#include "bmd-reminder-preferences.h"

struct _BmdReminderPreferences
{
  AdwPreferencesPage parent_instance;

  GtkSwitch *remind_tomorrow_switch;
  GtkSpinButton *reminder_hour_spin;
  GtkSwitch *remind_missing_half_switch;
  GtkSpinButton *missing_half_days_spin;
  GtkSwitch *remind_balance_due_switch;
  GtkSpinButton *balance_due_days_spin;
  GtkSwitch *remind_queue_changes_switch;
  GtkSpinButton *cakes_per_day_spin;
  GtkSpinButton *cakes_per_week_spin;
};

G_DEFINE_FINAL_TYPE (BmdReminderPreferences, bmd_reminder_preferences, ADW_TYPE_PREFERENCES_PAGE)

static void
bmd_reminder_preferences_class_init (BmdReminderPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/organicbakeryaustin/BakeMyDay/bmd-reminder-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, remind_tomorrow_switch);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, reminder_hour_spin);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, remind_missing_half_switch);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, missing_half_days_spin);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, remind_balance_due_switch);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, balance_due_days_spin);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, remind_queue_changes_switch);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, cakes_per_day_spin);
  gtk_widget_class_bind_template_child (widget_class, BmdReminderPreferences, cakes_per_week_spin);
}

static void
bmd_reminder_preferences_init (BmdReminderPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

BmdReminderPreferences *
bmd_reminder_preferences_new (GSettings *settings)
{
  BmdReminderPreferences *self;
  const struct { const char *key; gsize offset; const char *property; } bindings[] = {
    { "remind-tomorrow", G_STRUCT_OFFSET (BmdReminderPreferences, remind_tomorrow_switch), "active" },
    { "reminder-hour", G_STRUCT_OFFSET (BmdReminderPreferences, reminder_hour_spin), "value" },
    { "remind-missing-half", G_STRUCT_OFFSET (BmdReminderPreferences, remind_missing_half_switch), "active" },
    { "missing-half-days", G_STRUCT_OFFSET (BmdReminderPreferences, missing_half_days_spin), "value" },
    { "remind-balance-due", G_STRUCT_OFFSET (BmdReminderPreferences, remind_balance_due_switch), "active" },
    { "balance-due-days", G_STRUCT_OFFSET (BmdReminderPreferences, balance_due_days_spin), "value" },
    { "remind-queue-changes", G_STRUCT_OFFSET (BmdReminderPreferences, remind_queue_changes_switch), "active" },
    { "cakes-per-day", G_STRUCT_OFFSET (BmdReminderPreferences, cakes_per_day_spin), "value" },
    { "cakes-per-week", G_STRUCT_OFFSET (BmdReminderPreferences, cakes_per_week_spin), "value" },
  };
  guint i;

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BMD_TYPE_REMINDER_PREFERENCES, NULL);
  for (i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      GtkWidget *widget = G_STRUCT_MEMBER (GtkWidget *, self, bindings[i].offset);

      if (settings != NULL)
        g_settings_bind (settings, bindings[i].key, widget, bindings[i].property, G_SETTINGS_BIND_DEFAULT);
      else
        gtk_widget_set_sensitive (widget, FALSE);
    }
  return self;
}
