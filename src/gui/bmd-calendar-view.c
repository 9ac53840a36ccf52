#define G_LOG_DOMAIN "bmd-calendar-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bmd-calendar-view.h"
#include "bmd-format.h"
#include "bmd-month-grid.h"

struct _BmdCalendarView
{
  GtkWidget parent_instance;

  GtkLabel *month_label;
  BmdCalendar *calendar;
  GtkLabel *day_label;
  GtkLabel *summary_label;
  GtkSwitch *day_off_switch;
  GtkListBox *day_list;

  GListStore *day_store;
  BmdSnapshot *snapshot;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (BmdCalendarView, bmd_calendar_view, GTK_TYPE_WIDGET)

enum {
  DAY_OFF_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_day_row (gpointer item,
                gpointer user_data)
{
  BmdRequest *request = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  g_autofree char *time = bmd_format_pickup_time (bmd_request_get_pickup (request),
                                                  bmd_request_get_pickup_date_only (request));
  g_autoptr(GString) subtitle = g_string_new (time);
  BmdRequestState state = bmd_request_get_state (request);

  if (*bmd_request_get_flavor (request) != '\0')
    g_string_append_printf (subtitle, " · %s", bmd_request_get_flavor (request));
  if (*bmd_request_get_theme (request) != '\0')
    g_string_append_printf (subtitle, " · %s", bmd_request_get_theme (request));
  if (bmd_request_has_allergies (request))
    g_string_append_printf (subtitle, " · ⚠ %s", bmd_request_get_allergies (request));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), bmd_request_get_customer_name (request));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (badge, "badge");
  switch (state)
    {
    case BMD_REQUEST_STATE_PAID:
      gtk_label_set_text (GTK_LABEL (badge), _("Paid"));
      gtk_widget_add_css_class (badge, "paid");
      break;
    case BMD_REQUEST_STATE_UNPAID:
      gtk_label_set_text (GTK_LABEL (badge), _("Unpaid"));
      gtk_widget_add_css_class (badge, "unpaid");
      break;
    case BMD_REQUEST_STATE_MISSING:
    default:
      gtk_label_set_text (GTK_LABEL (badge), _("Half missing"));
      gtk_widget_add_css_class (badge, "missing");
      break;
    }
  if (state == BMD_REQUEST_STATE_MISSING && bmd_request_get_customer_id (request) != NULL)
    {
      GtkWidget *button = gtk_button_new_with_label (bmd_request_get_deposit (request) == NULL
                                                     ? _("Create deposit order…")
                                                     : _("Create remaining order…"));

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.create-missing-half");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bmd_request_get_id (request));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
  return row;
}

static void
update_month_label (BmdCalendarView *self)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (bmd_calendar_get_year (self->calendar),
                                                    bmd_calendar_get_month (self->calendar), 1, 0, 0, 0);
  /* Translators: the calendar's title, e.g. "June 2026"; see g_date_time_format() */
  g_autofree char *title = g_date_time_format (first, _("%B %Y"));

  gtk_label_set_text (self->month_label, title);
}

static void
update_day (BmdCalendarView *self)
{
  const GDate *day = bmd_calendar_get_selected (self->calendar);
  BmdPlan *plan = self->snapshot != NULL ? bmd_snapshot_get_plan (self->snapshot) : NULL;
  g_autoptr(GPtrArray) requests = NULL;
  BmdDayCounts counts = { 0 };
  char title[128];
  g_autofree char *summary = NULL;

  if (day == NULL)
    {
      gtk_label_set_text (self->day_label, _("No Day Selected"));
      gtk_label_set_text (self->summary_label, _("Click a day, or move with the arrow keys, to see its pickups."));
      g_list_store_remove_all (self->day_store);
      gtk_widget_set_sensitive (GTK_WIDGET (self->day_off_switch), FALSE);
      return;
    }

  /* Translators: the selected day, e.g. "Saturday 27 June"; see g_date_strftime() */
  g_date_strftime (title, sizeof title, _("%A %-d %B"), day);
  gtk_label_set_text (self->day_label, title);

  if (plan != NULL)
    {
      requests = bmd_plan_dup_requests_on_day (plan, (GDate *) day);
      bmd_plan_count_day (plan, (GDate *) day, &counts);
      g_list_store_splice (self->day_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->day_store)),
                           requests->pdata, requests->len);
    }
  else
    g_list_store_remove_all (self->day_store);

  if (counts.requests == 0)
    summary = g_strdup (_("No pickups on this day."));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u cake: %u paid, %u unpaid, %u missing a half",
                                            "%u cakes: %u paid, %u unpaid, %u missing a half",
                                            counts.requests),
                               counts.requests, counts.paid, counts.unpaid, counts.missing);
  gtk_label_set_text (self->summary_label, summary);

  self->updating = TRUE;
  gtk_switch_set_active (self->day_off_switch, bmd_calendar_is_day_off (self->calendar, day));
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->day_off_switch), self->snapshot != NULL);
}

static void
selected_changed_cb (BmdCalendarView *self)
{
  update_day (self);
}

static void
month_changed_cb (BmdCalendarView *self)
{
  update_month_label (self);
}

static void
day_off_toggled_cb (BmdCalendarView *self)
{
  const GDate *day = bmd_calendar_get_selected (self->calendar);

  if (self->updating || day == NULL)
    return;
  g_signal_emit (self, signals[DAY_OFF_REQUESTED], 0, day, gtk_switch_get_active (self->day_off_switch));
}

static void
get_today (BmdCalendarView *self,
           GDate           *today)
{
  BmdPlan *plan = self->snapshot != NULL ? bmd_snapshot_get_plan (self->snapshot) : NULL;
  g_autoptr(GDateTime) now = NULL;

  if (plan != NULL)
    now = g_date_time_to_timezone (bmd_plan_get_now (plan), bmd_plan_get_zone (plan));
  else
    now = g_date_time_new_now_local ();
  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static void
step_month (BmdCalendarView *self,
            int              delta)
{
  int year = bmd_calendar_get_year (self->calendar);
  int month = bmd_calendar_get_month (self->calendar);

  bmd_month_grid_add_months (&year, &month, delta);
  bmd_calendar_set_month (self->calendar, year, month);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  step_month (BMD_CALENDAR_VIEW (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  step_month (BMD_CALENDAR_VIEW (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BmdCalendarView *self = BMD_CALENDAR_VIEW (widget);
  GDate today;

  get_today (self, &today);
  bmd_calendar_select_day (self->calendar, &today);
  gtk_widget_grab_focus (GTK_WIDGET (self->calendar));
}

static void
bmd_calendar_view_dispose (GObject *object)
{
  GtkWidget *child;
  BmdCalendarView *self = (BmdCalendarView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BMD_TYPE_CALENDAR_VIEW);
  /* The template's root box is not a bound child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->day_store);
  g_clear_object (&self->snapshot);

  G_OBJECT_CLASS (bmd_calendar_view_parent_class)->dispose (object);
}

static void
bmd_calendar_view_class_init (BmdCalendarViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bmd_calendar_view_dispose;

  signals[DAY_OFF_REQUESTED] =
    g_signal_new ("day-off-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_DATE | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_BOOLEAN);

  g_type_ensure (BMD_TYPE_CALENDAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/organicbakeryaustin/BakeMyDay/bmd-calendar-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdCalendarView, month_label);
  gtk_widget_class_bind_template_child (widget_class, BmdCalendarView, calendar);
  gtk_widget_class_bind_template_child (widget_class, BmdCalendarView, day_label);
  gtk_widget_class_bind_template_child (widget_class, BmdCalendarView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, BmdCalendarView, day_off_switch);
  gtk_widget_class_bind_template_child (widget_class, BmdCalendarView, day_list);
  gtk_widget_class_bind_template_callback (widget_class, selected_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, month_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_off_toggled_cb);

  gtk_widget_class_install_action (widget_class, "calendar.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "calendar.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "calendar.today", NULL, today_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bmd_calendar_view_init (BmdCalendarView *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->day_store = g_list_store_new (BMD_TYPE_REQUEST);
  gtk_list_box_bind_model (self->day_list, G_LIST_MODEL (self->day_store), create_day_row, NULL, NULL);
  placeholder = gtk_label_new (_("No pickups"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->day_list, placeholder);

  update_month_label (self);
  update_day (self);
}

void
bmd_calendar_view_set_snapshot (BmdCalendarView *self,
                                BmdSnapshot     *snapshot)
{
  BmdPlan *plan;
  GDate today;
  gboolean first;

  g_return_if_fail (BMD_IS_CALENDAR_VIEW (self));
  g_return_if_fail (snapshot == NULL || BMD_IS_SNAPSHOT (snapshot));

  first = self->snapshot == NULL;
  g_set_object (&self->snapshot, snapshot);
  plan = snapshot != NULL ? bmd_snapshot_get_plan (snapshot) : NULL;

  get_today (self, &today);
  bmd_calendar_set_today (self->calendar, &today);
  bmd_calendar_set_plan (self->calendar, plan);
  bmd_calendar_set_days_off (self->calendar, snapshot != NULL ? bmd_snapshot_get_days_off (snapshot) : NULL);
  /* Open on today the first time; later reloads keep the user's place. */
  if (first && snapshot != NULL)
    bmd_calendar_select_day (self->calendar, &today);
  update_month_label (self);
  update_day (self);
}

BmdCalendar *
bmd_calendar_view_get_calendar (BmdCalendarView *self)
{
  g_return_val_if_fail (BMD_IS_CALENDAR_VIEW (self), NULL);
  return self->calendar;
}

GListModel *
bmd_calendar_view_get_day_model (BmdCalendarView *self)
{
  g_return_val_if_fail (BMD_IS_CALENDAR_VIEW (self), NULL);
  return G_LIST_MODEL (self->day_store);
}
