/* Acting on the plan in the app: capacity marks on the rendered calendar and
 * in the bake queue, the Reminders preferences, and opening a request (what
 * a reminder's notification does). Around New Year 2026/27, whose ISO week 53
 * runs from Monday 28 December to Sunday 3 January. */

#include "config.h"

#include <string.h>

#include "bmd-details.h"
#include "bmd-missing-half-dialog.h"
#include "bmd-reminder-preferences.h"
#include "bmd-sim-drafts.h"
#include "bmd-test-sim.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"
#include "bmd-ui-window.h"

#define NOW "2026-12-27T10:00:00-06:00"

static const BmdTestOrder year_end[] = {
  { "#1", "Ann One", "deposit", "2026-12-27T12:00:00-06:00", "PAID" },
  { "#2", "Bo Two", "deposit", "2026-12-28T09:00:00-06:00", "PAID" },
  { "#3", "Cy Three", "deposit", "2026-12-28T11:00:00-06:00", "PAID" },
  { "#4", "Di Four", "deposit", "2026-12-31T10:00:00-06:00", "PAID" },
  { "#5", "Ed Five", "deposit", "2026-12-31T11:00:00-06:00", "PAID" },
  { "#6", "Flo Six", "deposit", "2026-12-31T12:00:00-06:00", "PAID" },
  { "#7", "Gus Seven", "deposit", "2027-01-02T10:00:00-06:00", "PAID" },
  { "#8", "Hal Eight", "deposit", "2027-01-03T23:30:00-06:00", "PAID" },
  { "#9", "Ida Nine", "deposit", "2027-01-04T08:00:00-06:00", "PAID" },
  { NULL }
};

typedef struct
{
  char *data_dir;
  BmdContext *context;
  BmdWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);

  fixture->data_dir = g_dir_make_tmp ("bmd-ui-act-XXXXXX", &error);
  g_assert_no_error (error);
  bmd_test_store_orders (fixture->data_dir, year_end, "2026-12-27T15:00:00Z");
  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->zone, "America/Chicago");
  fixture->context = bmd_context_new (config, now);
  fixture->window = bmd_window_new (NULL, fixture->context);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 780);
  gtk_window_present (GTK_WINDOW (fixture->window));
  bmd_context_reload (fixture->context);
  bmd_ui_wait_until (bmd_ui_context_loaded, fixture->context, 20, "the first load");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  bmd_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

static gboolean
drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static BmdCalendar *
show_calendar (Fixture *fixture)
{
  BmdCalendar *calendar = bmd_calendar_view_get_calendar (bmd_window_get_calendar_view (fixture->window));

  bmd_ui_set_animations (FALSE);
  bmd_window_show_view (fixture->window, "calendar");
  bmd_ui_wait_until (drawn, calendar, 10, "the calendar");
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  g_assert_cmpint (bmd_calendar_get_year (calendar), ==, 2026);
  g_assert_cmpint (bmd_calendar_get_month (calendar), ==, 12);
  return calendar;
}

static void
day_bounds (BmdCalendar     *calendar,
            int              year,
            int              month,
            int              day,
            graphene_rect_t *bounds)
{
  g_autoptr(GDate) date = g_date_new_dmy (day, month, year);

  g_assert_true (bmd_calendar_get_day_bounds (calendar, date, bounds));
}

static gboolean
is_over_tag (GdkTexture      *texture,
             graphene_rect_t *cell)
{
  GdkRGBA over;
  guint8 rgba[4];

  bmd_calendar_get_over_color (&over);
  /* The tag's left edge at mid-height: fill, not text or a rounded corner. */
  bmd_ui_pixel (texture, cell->origin.x + BMD_CALENDAR_OVER_TAG_X + 3,
                cell->origin.y + BMD_CALENDAR_OVER_TAG_Y + BMD_CALENDAR_OVER_TAG_HEIGHT / 2, rgba);
  return ABS (rgba[0] - (int) (over.red * 255 + .5)) <= 8
         && ABS (rgba[1] - (int) (over.green * 255 + .5)) <= 8
         && ABS (rgba[2] - (int) (over.blue * 255 + .5)) <= 8;
}

static void
test_calendar_marks (Fixture       *fixture,
                     gconstpointer  data)
{
  BmdCalendar *calendar = show_calendar (fixture);
  BmdCapacity limits = { 2, 6 };
  BmdCapacity none = { 0, 0 };
  g_autoptr(GdkTexture) marked = NULL;
  g_autoptr(GdkTexture) plain = NULL;
  graphene_rect_t dec31, dec28, dec27, sunday;
  guint8 over_week[4], plain_week[4];
  GdkRGBA over, expected;
  int x, y53, y52;

  day_bounds (calendar, 2026, 12, 31, &dec31);
  day_bounds (calendar, 2026, 12, 28, &dec28);
  day_bounds (calendar, 2026, 12, 27, &dec27);
  /* The week column is right of Sunday. */
  day_bounds (calendar, 2027, 1, 3, &sunday);
  x = sunday.origin.x + sunday.size.width + 4;
  y53 = sunday.origin.y + sunday.size.height - 4;
  y52 = dec27.origin.y + dec27.size.height - 4;

  bmd_window_set_capacity (fixture->window, &none);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (calendar));
  plain = bmd_ui_render (GTK_WIDGET (calendar));
  g_assert_false (is_over_tag (plain, &dec31));

  bmd_window_set_capacity (fixture->window, &limits);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (calendar));
  marked = bmd_ui_render (GTK_WIDGET (calendar));
  bmd_ui_save_screenshot (GTK_WIDGET (calendar), "screenshot-capacity.png");

  /* 3 > 2: marked; 2 = 2 is full, not over; 1 is not. */
  g_assert_true (is_over_tag (marked, &dec31));
  g_assert_false (is_over_tag (marked, &dec28));
  g_assert_false (is_over_tag (marked, &dec27));

  /* Week 53 holds 7 > 6 (across the year's end): its total is tinted; week
   * 52 (1) is not, and neither is week 53 without limits. */
  bmd_calendar_get_over_color (&over);
  bmd_ui_pixel (marked, x, y53, over_week);
  bmd_ui_pixel (marked, x, y52, plain_week);
  expected.red = (plain_week[0] / 255.) * (1 - BMD_CALENDAR_OVER_WEEK_ALPHA) + over.red * BMD_CALENDAR_OVER_WEEK_ALPHA;
  expected.green = (plain_week[1] / 255.) * (1 - BMD_CALENDAR_OVER_WEEK_ALPHA) + over.green * BMD_CALENDAR_OVER_WEEK_ALPHA;
  expected.blue = (plain_week[2] / 255.) * (1 - BMD_CALENDAR_OVER_WEEK_ALPHA) + over.blue * BMD_CALENDAR_OVER_WEEK_ALPHA;
  bmd_ui_assert_color (marked, x, y53, &expected, 4);
  {
    guint8 before[4];

    bmd_ui_pixel (plain, x, y53, before);
    g_assert_cmpint (ABS (before[0] - over_week[0]) + ABS (before[1] - over_week[1]), >, 20);
    g_assert_cmpint (ABS (before[0] - plain_week[0]) + ABS (before[1] - plain_week[1]) + ABS (before[2] - plain_week[2]), <=, 3);
  }
}

static void
test_queue_marks (Fixture       *fixture,
                  gconstpointer  data)
{
  BmdQueueView *queue = bmd_window_get_queue_view (fixture->window);
  BmdCapacity limits = { 2, 6 };
  BmdCapacity full = { 3, 7 };

  /* Without limits, nothing is said. */
  g_assert_null (bmd_queue_view_get_capacity_message (queue));
  bmd_window_set_capacity (fixture->window, &limits);
  g_assert_cmpstr (bmd_queue_view_get_capacity_message (queue), ==,
                   "Over capacity: Thu 31 Dec 3/2 · Over weekly capacity: week 53 7/6");
  /* Exactly full is not over. */
  bmd_window_set_capacity (fixture->window, &full);
  g_assert_null (bmd_queue_view_get_capacity_message (queue));
}

static gboolean
is_view_stack (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_VIEW_STACK (widget);
}

static gboolean
is_column_view (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_COLUMN_VIEW (widget);
}

static void
test_show_request (Fixture       *fixture,
                   gconstpointer  data)
{
  AdwViewStack *stack = ADW_VIEW_STACK (bmd_ui_find (GTK_WIDGET (fixture->window), is_view_stack, NULL));
  BmdQueueView *queue = bmd_window_get_queue_view (fixture->window);
  GtkColumnView *columns = GTK_COLUMN_VIEW (bmd_ui_find (GTK_WIDGET (queue), is_column_view, NULL));
  BmdCalendar *calendar = bmd_calendar_view_get_calendar (bmd_window_get_calendar_view (fixture->window));
  GtkSingleSelection *selection;
  g_autoptr(GDate) jan4 = g_date_new_dmy (4, 1, 2027);

  bmd_window_show_view (fixture->window, "upcoming");
  /* In this week's queue: the queue, with the request selected. */
  bmd_window_show_request (fixture->window, "gid://shopify/Order/5");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "queue");
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (columns));
  g_assert_cmpstr (bmd_request_get_id (gtk_single_selection_get_selected_item (selection)), ==,
                   "gid://shopify/Order/5");

  /* Later: its day in the calendar. */
  bmd_window_show_request (fixture->window, "gid://shopify/Order/9");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "calendar");
  g_assert_cmpint (g_date_compare (bmd_calendar_get_selected (calendar), jan4), ==, 0);
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  BmdReminderPreferences *page = bmd_reminder_preferences_new (settings);
  GtkWidget *window = gtk_window_new ();
  GtkSpinButton *spin;
  GtkSwitch *toggle;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  /* Defaults. */
  spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (page), BMD_TYPE_REMINDER_PREFERENCES,
                                                         "cakes_per_day_spin"));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 0);
  gtk_spin_button_set_value (spin, 8);
  g_assert_cmpuint (g_settings_get_uint (settings, "cakes-per-day"), ==, 8);

  spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (page), BMD_TYPE_REMINDER_PREFERENCES,
                                                         "reminder_hour_spin"));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 17);
  g_settings_set_uint (settings, "reminder-hour", 6);
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 6);

  toggle = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (page), BMD_TYPE_REMINDER_PREFERENCES,
                                                      "remind_balance_due_switch"));
  g_assert_true (gtk_switch_get_active (toggle));
  gtk_switch_set_active (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "remind-balance-due"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the missing half, against the simulator ---- */

typedef struct
{
  BmdShopifySim *sim;
  char *dir;
  char *data_dir;
  BmdContext *context;
  BmdWindow *window;
} SimFixture;

static void
sim_refresh (SimFixture *fixture)
{
  g_autofree char *cli = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  g_autofree char *token_file = g_build_filename (fixture->dir, "token", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (token_file, "test-token\n", -1, &error);
  g_assert_no_error (error);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fixture->dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", fixture->dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "refresh", "--shop", bmd_shopify_sim_get_url (fixture->sim),
                                         "--token-file", token_file, "--data-dir", fixture->data_dir, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  g_assert_no_error (error);
}

static void
sim_set_up (SimFixture    *fixture,
            gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();

  bmd_shopify_sim_options_init (&options);
  options.requests = 40;
  options.seed = 5;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  fixture->sim = bmd_test_sim_start (&options);
  fixture->dir = g_dir_make_tmp ("bmd-ui-draft-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  sim_refresh (fixture);

  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->shop, bmd_shopify_sim_get_url (fixture->sim));
  bmd_config_set (&config->token, data != NULL ? data : "test-token");
  config->retry_limit = 2;
  fixture->context = bmd_context_new (config, NULL);
  fixture->window = bmd_window_new (NULL, fixture->context);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 780);
  gtk_window_present (GTK_WINDOW (fixture->window));
  bmd_context_reload (fixture->context);
  bmd_ui_wait_until (bmd_ui_context_loaded, fixture->context, 20, "the first load");
}

static void
sim_tear_down (SimFixture    *fixture,
               gconstpointer  data)
{
  GtkWidget *dialog = bmd_missing_half_dialog_get_current ();

  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  bmd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
}

/* A request from today on with a half missing and a customer. */
static BmdRequest *
missing_request (SimFixture *fixture)
{
  GListModel *rows = bmd_plan_get_upcoming (bmd_snapshot_get_plan (bmd_context_get_snapshot (fixture->context)));
  guint i;

  for (i = 0; i < g_list_model_get_n_items (rows); i += 2)
    {
      g_autoptr(BmdUpcomingRow) row = g_list_model_get_item (rows, i);
      BmdRequest *request = bmd_upcoming_row_get_request (row);

      if (bmd_request_get_state (request) == BMD_REQUEST_STATE_MISSING
          && bmd_request_get_customer_id (request) != NULL)
        return request;
    }
  g_error ("no request with a half missing in the simulator's data");
  return NULL;
}

static gboolean
dialog_with_heading (gpointer data)
{
  GtkWidget *dialog = bmd_missing_half_dialog_get_current ();

  return dialog != NULL && g_str_has_prefix (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), data);
}

static AdwMessageDialog *
wait_for_dialog (const char *heading)
{
  bmd_ui_wait_until (dialog_with_heading, (gpointer) heading, 20, heading);
  return ADW_MESSAGE_DIALOG (bmd_missing_half_dialog_get_current ());
}

static gboolean
is_entry (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_ENTRY (widget);
}

static void
create_from_window (SimFixture *fixture,
                    const char *amount)
{
  BmdRequest *request = missing_request (fixture);
  AdwMessageDialog *dialog;
  GtkEditable *entry;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.create-missing-half", "s",
                              bmd_request_get_id (request));
  dialog = wait_for_dialog (bmd_request_get_deposit (request) == NULL ? "Create Deposit Order?"
                                                                       : "Create Remaining Order?");
  /* The customer is named; the amount is proposed and editable. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), bmd_request_get_customer_name (request)));
  entry = GTK_EDITABLE (bmd_ui_find (adw_message_dialog_get_extra_child (dialog), is_entry, NULL));
  g_assert_cmpstr (gtk_editable_get_text (entry), !=, "");
  gtk_editable_set_text (entry, "not money");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "create"));
  gtk_editable_set_text (entry, amount);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "create"));
  adw_message_dialog_response (dialog, "create");
}

static gboolean
is_missing_half_row (GtkWidget     *widget,
                     gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), "missing-half-row") == 0;
}

typedef struct
{
  GtkWidget *details;
  const char *expected;
} DraftShown;

static gboolean
draft_shown (gpointer data)
{
  DraftShown *shown = data;
  GtkWidget *row = bmd_ui_find (shown->details, is_missing_half_row, NULL);
  const char *subtitle = row != NULL ? adw_action_row_get_subtitle (ADW_ACTION_ROW (row)) : NULL;

  return subtitle != NULL && strstr (subtitle, shown->expected) != NULL;
}

static void
test_create_missing_half (SimFixture    *fixture,
                          gconstpointer  data)
{
  AdwMessageDialog *dialog;
  BmdRequest *request = g_object_ref (missing_request (fixture));
  BmdSnapshot *snapshot = bmd_context_get_snapshot (fixture->context);
  GtkWidget *holder = gtk_window_new ();
  GtkWidget *details = g_object_new (BMD_TYPE_DETAILS, NULL);
  DraftShown shown = { details, "Draft order #D1 for 38.50 created, invoice sent" };

  create_from_window (fixture, "38.5");
  dialog = wait_for_dialog ("Draft Order #D1 Created");
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 1);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "@"));
  adw_message_dialog_response (dialog, "send");
  dialog = wait_for_dialog ("Invoice Sent");
  g_assert_cmpuint (bmd_shopify_sim_get_invoices_sent (fixture->sim), ==, 1);
  adw_message_dialog_response (dialog, "close");

  /* The request's details say so until the order arrives. */
  gtk_window_set_child (GTK_WINDOW (holder), details);
  gtk_window_present (GTK_WINDOW (holder));
  bmd_details_set_request (BMD_DETAILS (details), snapshot, request, NULL, NULL);
  bmd_ui_wait_until (draft_shown, &shown, 10, "the draft on the request");
  gtk_window_destroy (GTK_WINDOW (holder));
  g_object_unref (request);
}

/* Enter (or a double click) on a placeholder row of Upcoming opens it too. */
static void
test_create_from_upcoming (SimFixture    *fixture,
                           gconstpointer  data)
{
  BmdUpcomingView *view = bmd_window_get_upcoming_view (fixture->window);
  GListModel *rows = bmd_upcoming_view_get_model (view);
  GtkColumnView *columns = GTK_COLUMN_VIEW (bmd_ui_find (GTK_WIDGET (view), is_column_view, NULL));
  guint i, n = g_list_model_get_n_items (rows);
  AdwMessageDialog *dialog;

  for (i = 0; i < n; i++)
    {
      g_autoptr(BmdUpcomingRow) row = g_list_model_get_item (rows, i);

      if (bmd_upcoming_row_get_order (row) == NULL
          && bmd_request_get_customer_id (bmd_upcoming_row_get_request (row)) != NULL)
        break;
    }
  g_assert_cmpuint (i, <, n);
  bmd_window_show_view (fixture->window, "upcoming");
  g_signal_emit_by_name (columns, "activate", i);
  dialog = wait_for_dialog ("Create ");
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 0);
}

static gboolean
is_create_button_for (GtkWidget     *widget,
                      gconstpointer  data)
{
  GVariant *target;

  if (!GTK_IS_BUTTON (widget)
      || g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.create-missing-half") != 0)
    return FALSE;
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return target != NULL && g_variant_is_of_type (target, G_VARIANT_TYPE_STRING)
         && g_strcmp0 (g_variant_get_string (target, NULL), data) == 0;
}

/* The calendar's day list: a request with a half missing has a button that
 * names the missing half and opens the dialog for that request. */
static void
test_create_from_day_list (SimFixture    *fixture,
                           gconstpointer  data)
{
  BmdRequest *request = missing_request (fixture);
  BmdCalendarView *view = bmd_window_get_calendar_view (fixture->window);
  BmdCalendar *calendar = bmd_calendar_view_get_calendar (view);
  GDateTime *pickup = bmd_request_get_pickup (request);
  g_autoptr(GDate) day = g_date_new_dmy (g_date_time_get_day_of_month (pickup),
                                         g_date_time_get_month (pickup), g_date_time_get_year (pickup));
  gboolean deposit_missing = bmd_request_get_deposit (request) == NULL;
  AdwMessageDialog *dialog;
  GtkWidget *button;

  bmd_window_show_view (fixture->window, "calendar");
  bmd_calendar_select_day (calendar, day);
  button = bmd_ui_find (GTK_WIDGET (view), is_create_button_for, bmd_request_get_id (request));
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                   deposit_missing ? "Create deposit order…" : "Create remaining order…");

  g_signal_emit_by_name (button, "clicked");
  dialog = wait_for_dialog (deposit_missing ? "Create Deposit Order?" : "Create Remaining Order?");
  /* The dialog is this request's: its customer is named. */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), bmd_request_get_customer_name (request)));
  adw_message_dialog_response (dialog, "cancel");
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 0);
}

static void
test_create_access_denied (SimFixture    *fixture,
                           gconstpointer  data)
{
  AdwMessageDialog *dialog;

  create_from_window (fixture, "38.50");
  dialog = wait_for_dialog ("No Order Was Created");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "write_draft_orders"));
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 0);
  adw_message_dialog_response (dialog, "close");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/bmd/ui/act/calendar-marks", Fixture, NULL, fixture_set_up, test_calendar_marks, fixture_tear_down);
  g_test_add ("/bmd/ui/act/queue-marks", Fixture, NULL, fixture_set_up, test_queue_marks, fixture_tear_down);
  g_test_add ("/bmd/ui/act/show-request", Fixture, NULL, fixture_set_up, test_show_request, fixture_tear_down);
  g_test_add_func ("/bmd/ui/act/preferences", test_preferences);
  g_test_add ("/bmd/ui/act/create-missing-half", SimFixture, NULL, sim_set_up, test_create_missing_half, sim_tear_down);
  g_test_add ("/bmd/ui/act/create-from-upcoming", SimFixture, NULL, sim_set_up, test_create_from_upcoming, sim_tear_down);
  g_test_add ("/bmd/ui/act/create-from-day-list", SimFixture, NULL, sim_set_up, test_create_from_day_list, sim_tear_down);
  g_test_add ("/bmd/ui/act/create-access-denied", SimFixture, BMD_SIM_NO_DRAFTS_TOKEN, sim_set_up,
              test_create_access_denied, sim_tear_down);
  return g_test_run ();
}
