/* The app's window on a seeded local warehouse: every view shows what
 * `bakemyday-sync plan` prints for the same data, refresh failures keep the
 * data, the first-run states, days off and reloads after another process
 * wrote the store. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bmd-ui-window.h"
#include "bmd-context.h"
#include "bmd-pickup.h"
#include "bmd-plan-table.h"
#include "bmd-store.h"
#include "bmd-test-orders.h"
#include "bmd-window.h"
#include "bmd-test-util.h"

typedef struct
{
  char *data_dir;
  BmdContext *context;
  BmdWindow *window;
} Fixture;

static void
seed_bakery (const char *data_dir,
             const char *finished_at)
{
  g_autofree char *today = bmd_test_local_pickup (0, NULL);
  g_autofree char *tomorrow = bmd_test_local_pickup (1, "15:00:00");
  g_autofree char *in2 = bmd_test_local_pickup (2, "11:30:00");
  g_autofree char *in3 = bmd_test_local_pickup (3, "10:00:00");
  g_autofree char *in12 = bmd_test_local_pickup (12, "09:00:00");
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (g_date_time_new_now_utc (), -1);
  g_autofree char *created = g_date_time_format_iso8601 (yesterday);
  const BmdTestOrder specs[] = {
    { "#1001", "Ann Baker", "deposit", tomorrow, "PAID", "lemon", "birthday", "treenut", NULL, NULL },
    { "#1002", "Ann Baker", "remaining", tomorrow, "PENDING", "lemon", "forgot", "n/a", NULL, NULL },
    { "#1003", "Bob Cole", "deposit", in3, "PAID", "black forest", "wedding", "n/a", NULL, NULL },
    { "#1005", "Cleo Diaz", "deposit", in2, "PENDING", "vanilla", "baby shower", "", NULL, NULL },
    { "#1006", "Cleo Diaz", "remaining", in2, "PENDING", "vanilla", "baby shower", "", NULL, NULL },
    { "#1007", "Dan Evans", "deposit", in12, "PAID", "carrot", "retirement", "dairy", NULL, NULL },
    { "#1008", "Dan Evans", "remaining", in12, "PAID", "carrot", "retirement", "dairy", NULL, NULL },
    { "#1009", "Gus Hale", "deposit", NULL, "PAID", "lemon", "graduation", NULL, NULL, created },
    { "#1010", "Eve Fox", "deposit", today, "PAID", "strawberry", "anniversary", "gluten", NULL, NULL },
    { "#1011", "Eve Fox", "remaining", today, "PAID", "strawberry", "anniversary", "", NULL, NULL },
    { NULL }
  };

  bmd_test_store_orders (data_dir, specs, finished_at);
}

static void
open_window (Fixture    *fixture,
             const char *shop)
{
  g_autoptr(BmdConfig) config = bmd_config_new ();

  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->shop, shop);
  bmd_config_set (&config->token, shop != NULL ? "test-token" : NULL);
  fixture->window = bmd_ui_open_window (config, &fixture->context);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("bmd-ui-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
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

static void
show_view (Fixture    *fixture,
           const char *name,
           GtkWidget  *view)
{
  g_autofree char *file = g_strdup_printf ("screenshot-%s.png", name);

  bmd_ui_set_animations (FALSE);
  bmd_window_show_view (fixture->window, name);
  bmd_ui_wait_until (drawn, view, 10, "the view to be shown");
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), file);
  bmd_ui_set_animations (TRUE);
}

/* Every label text under @widget, one per line, to check what is on screen. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static gboolean
shows (GtkWidget  *widget,
       const char *text,
       GString    *labels)
{
  g_autofree char *needle = g_strdup_printf ("\n%s\n", text);

  g_string_assign (labels, "\n");
  collect_labels (widget, labels);
  return strstr (labels->str, needle) != NULL;
}

static void
assert_shows (GtkWidget  *widget,
              const char *text)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  if (!shows (widget, text, labels))
    g_error ("“%s” is not shown; the labels are:%s", text, labels->str);
}

/* The test orders cost $45.00; the plan's light orders do not know it. */
static gboolean
shows_total (gpointer data)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  return shows (data, "$45.00", labels);
}

static const char *
dash (BmdOrder *order)
{
  return order != NULL ? bmd_order_get_name (order) : "-";
}

static void
test_views_match_plan (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) two_days_ago = g_date_time_add_days (g_date_time_new_now_utc (), -2);
  g_autofree char *finished = g_date_time_format_iso8601 (two_days_ago);
  BmdSnapshot *snapshot;
  BmdPlan *plan;
  GListModel *model;
  guint i;

  seed_bakery (fixture->data_dir, finished);
  open_window (fixture, "organic-bakery-austin.myshopify.com");

  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "content");
  snapshot = bmd_context_get_snapshot (fixture->context);
  g_assert_nonnull (snapshot);
  plan = bmd_snapshot_get_plan (snapshot);
  g_assert_nonnull (bmd_window_get_stale_message (fixture->window));
  g_assert_true (g_str_has_prefix (bmd_window_get_subtitle (fixture->window), "Last refreshed"));

  /* This week: the same rows, in the same order, as `plan queue`. */
  {
    g_autoptr(BmdPlanTable) table = bmd_plan_table_new (plan, BMD_PLAN_VIEW_QUEUE, 0, 0);
    GtkWidget *view = GTK_WIDGET (bmd_window_get_queue_view (fixture->window));

    model = bmd_queue_view_get_model (BMD_QUEUE_VIEW (view));
    g_assert_cmpuint (table->rows->len, >=, 3);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, table->rows->len);
    for (i = 0; i < table->rows->len; i++)
      {
        char **row = g_ptr_array_index (table->rows, i);
        g_autoptr(BmdRequest) request = g_list_model_get_item (model, i);
        g_autofree char *pickup = bmd_format_local_iso8601 (bmd_request_get_pickup (request));

        g_assert_cmpstr (pickup, ==, row[0]);
        g_assert_cmpstr (bmd_request_get_customer_name (request), ==, row[1]);
        g_assert_cmpstr (bmd_request_get_flavor (request), ==, row[2]);
        g_assert_cmpstr (bmd_request_get_allergies (request), ==, row[4]);
        g_assert_cmpstr (bmd_request_get_half_status (request, BMD_DRAFT_TYPE_DEPOSIT), ==, row[5]);
        g_assert_cmpstr (bmd_request_get_half_status (request, BMD_DRAFT_TYPE_REMAINING), ==, row[6]);
        g_assert_cmpstr (dash (bmd_request_get_deposit (request)), ==, row[7]);
        g_assert_cmpstr (dash (bmd_request_get_remaining (request)), ==, row[8]);
      }
    show_view (fixture, "queue", view);
    for (i = 0; i < table->rows->len; i++)
      assert_shows (view, ((char **) g_ptr_array_index (table->rows, i))[1]);
    assert_shows (view, "Tomorrow");
    assert_shows (view, "⚠\u00a0treenut");
    /* The details pane shows the first request, with the admin link, and
     * then what only the full orders say, read from the warehouse. */
    assert_shows (view, "Open in Shopify");
    bmd_ui_wait_until (shows_total, view, 10, "the full orders of the first request");
    assert_shows (view, "Ann Baker");
  }

  /* Upcoming: two rows per request, placeholders included, as `plan upcoming`. */
  {
    g_autoptr(BmdPlanTable) table = bmd_plan_table_new (plan, BMD_PLAN_VIEW_UPCOMING, 0, 0);
    GtkWidget *view = GTK_WIDGET (bmd_window_get_upcoming_view (fixture->window));

    model = bmd_upcoming_view_get_model (BMD_UPCOMING_VIEW (view));
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, table->rows->len);
    for (i = 0; i < table->rows->len; i++)
      {
        char **row = g_ptr_array_index (table->rows, i);
        g_autoptr(BmdUpcomingRow) upcoming = g_list_model_get_item (model, i);
        BmdRequest *request = bmd_upcoming_row_get_request (upcoming);

        g_assert_cmpstr (bmd_request_get_customer_name (request), ==, row[1]);
        g_assert_cmpstr (bmd_draft_type_to_string (bmd_upcoming_row_get_draft_type (upcoming)), ==, row[2]);
        g_assert_cmpstr (dash (bmd_upcoming_row_get_order (upcoming)), ==, row[3]);
        g_assert_cmpstr (bmd_upcoming_row_get_status (upcoming), ==, row[4]);
      }
    show_view (fixture, "upcoming", view);
    assert_shows (view, "Remaining order missing — create it");

    /* Unpaid (a present half not paid): Ann and Cleo, two rows each. */
    bmd_upcoming_view_set_filter (BMD_UPCOMING_VIEW (view), BMD_UPCOMING_FILTER_UNPAID);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
    bmd_upcoming_view_set_filter (BMD_UPCOMING_VIEW (view), BMD_UPCOMING_FILTER_MISSING);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    bmd_upcoming_view_set_filter (BMD_UPCOMING_VIEW (view), BMD_UPCOMING_FILTER_ALL);
    /* Search by customer, and by order name (keeps the pair). */
    bmd_upcoming_view_set_search (BMD_UPCOMING_VIEW (view), "ann b");
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    bmd_upcoming_view_set_search (BMD_UPCOMING_VIEW (view), "#1008");
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    bmd_upcoming_view_set_search (BMD_UPCOMING_VIEW (view), "nobody");
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
    bmd_upcoming_view_set_search (BMD_UPCOMING_VIEW (view), NULL);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, table->rows->len);
  }

  /* Problems: the same orders and codes as `plan problems`, counted on the switcher. */
  {
    g_autoptr(BmdPlanTable) table = bmd_plan_table_new (plan, BMD_PLAN_VIEW_PROBLEMS, 0, 0);
    GtkWidget *view = GTK_WIDGET (bmd_window_get_problems_view (fixture->window));

    model = bmd_problems_view_get_model (BMD_PROBLEMS_VIEW (view));
    g_assert_cmpuint (table->rows->len, >=, 1);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, table->rows->len);
    for (i = 0; i < table->rows->len; i++)
      {
        char **row = g_ptr_array_index (table->rows, i);
        g_autoptr(BmdProblem) problem = g_list_model_get_item (model, i);

        g_assert_cmpstr (bmd_order_get_name (bmd_problem_get_order (problem)), ==, row[0]);
        g_assert_cmpstr (bmd_problem_get_code_name (problem), ==, row[1]);
      }
    g_assert_cmpuint (adw_view_stack_page_get_badge_number (bmd_window_get_problems_page (fixture->window)),
                      ==, table->rows->len);
    g_assert_true (adw_view_stack_page_get_needs_attention (bmd_window_get_problems_page (fixture->window)));
    show_view (fixture, "problems", view);
    assert_shows (view, "#1009");
    assert_shows (view, bmd_problem_get_reason (g_ptr_array_index (bmd_plan_get_problems (plan), 0)));
  }

  /* Calendar: this month's counts as `plan calendar`, one colour per day. */
  {
    BmdCalendarView *view = bmd_window_get_calendar_view (fixture->window);
    BmdCalendar *calendar = bmd_calendar_view_get_calendar (view);
    int year = bmd_calendar_get_year (calendar);
    int month = bmd_calendar_get_month (calendar);
    g_autoptr(BmdPlanTable) table = NULL;
    g_autoptr(GdkTexture) texture = NULL;
    guint checked = 0;

    show_view (fixture, "calendar", GTK_WIDGET (view));
    table = bmd_plan_table_new (plan, BMD_PLAN_VIEW_CALENDAR, year, month);
    texture = bmd_ui_render (GTK_WIDGET (calendar));
    for (i = 0; i < table->rows->len; i++)
      {
        char **row = g_ptr_array_index (table->rows, i);
        graphene_rect_t bounds;
        GdkRGBA color;
        GDate day;

        if (g_ascii_strtoull (row[1], NULL, 10) == 0)
          continue;
        g_date_clear (&day, 1);
        g_date_set_dmy (&day, i + 1, month, year);
        g_assert_true (bmd_calendar_get_day_bounds (calendar, &day, &bounds));
        bmd_calendar_get_state_color (g_ascii_strtoull (row[4], NULL, 10) > 0 ? BMD_REQUEST_STATE_MISSING
                                      : g_ascii_strtoull (row[3], NULL, 10) > 0 ? BMD_REQUEST_STATE_UNPAID
                                      : BMD_REQUEST_STATE_PAID, &color);
        bmd_ui_assert_color (texture, bounds.origin.x + 12, bounds.origin.y + bounds.size.height - 16,
                             &color, 8);
        checked++;
      }
    /* Today's pickups at least (the seeded days may cross into next month). */
    g_assert_cmpuint (checked, >=, 1);

    /* Today is selected and lists its requests. */
    {
      GDate today;
      g_autoptr(GPtrArray) requests = NULL;

      today = *bmd_calendar_get_selected (calendar);
      requests = bmd_plan_dup_requests_on_day (plan, &today);
      g_assert_cmpuint (g_list_model_get_n_items (bmd_calendar_view_get_day_model (view)), ==, requests->len);
    }
  }
}

static gboolean
error_shown (gpointer data)
{
  return bmd_window_get_error_message (data) != NULL;
}

static void
test_refresh_error_keeps_data (Fixture       *fixture,
                               gconstpointer  data)
{
  BmdSnapshot *before;
  guint queue_before;

  seed_bakery (fixture->data_dir, NULL);
  /* Plain HTTP is only for the simulator on loopback: the refresh must fail. */
  open_window (fixture, "http://shop.example.com:1");
  before = bmd_context_get_snapshot (fixture->context);
  g_assert_nonnull (before);
  queue_before = g_list_model_get_n_items (bmd_queue_view_get_model (bmd_window_get_queue_view (fixture->window)));
  g_assert_cmpuint (queue_before, >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_nonnull (bmd_context_get_job (fixture->context));
  /* Only one refresh at a time: the action is off while one runs. */
  g_assert_false (bmd_context_refresh (fixture->context));

  bmd_ui_wait_until (error_shown, fixture->window, 60, "the refresh error");
  g_test_message ("error bar: %s", bmd_window_get_error_message (fixture->window));
  g_assert_true (g_str_has_prefix (bmd_window_get_error_message (fixture->window), "Refresh failed: "));
  g_assert_null (bmd_context_get_job (fixture->context));
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "content");
  g_assert_true (bmd_context_get_snapshot (fixture->context) == before);
  g_assert_cmpuint (g_list_model_get_n_items (bmd_queue_view_get_model (bmd_window_get_queue_view (fixture->window))),
                    ==, queue_before);
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-refresh-error.png");
}

static gboolean
job_finished (gpointer data)
{
  return bmd_context_get_job (data) == NULL;
}

static void
test_refresh_cancel_keeps_data (Fixture       *fixture,
                                gconstpointer  data)
{
  BmdSnapshot *before;

  seed_bakery (fixture->data_dir, NULL);
  /* Nothing listens on port 1: the client keeps retrying until cancelled. */
  open_window (fixture, "http://127.0.0.1:1");
  before = bmd_context_get_snapshot (fixture->context);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_nonnull (bmd_context_get_job (fixture->context));
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-refreshing.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-refresh", NULL));
  bmd_ui_wait_until (job_finished, fixture->context, 30, "the cancelled refresh to end");
  /* Cancelling is not an error: a toast says so, the data stays. */
  g_assert_null (bmd_window_get_error_message (fixture->window));
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "content");
  g_assert_true (bmd_context_get_snapshot (fixture->context) == before);
}

static gboolean
is_shown_action_button (GtkWidget     *widget,
                        gconstpointer  action)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static void
count_activation_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  (*(guint *) user_data)++;
}

static void
test_first_run (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSimpleActionGroup) app_actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) preferences = g_simple_action_new ("preferences", NULL);
  guint opened = 0;
  GtkWidget *button;

  open_window (fixture, NULL);
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "setup");
  /* The page's button opens the preferences, where a shop is set up
   * (test-ui-preferences: the app has that action, and a shop set there
   * reaches a refresh). The window here has no application: a stand-in
   * "app" group counts the activations. */
  g_signal_connect (preferences, "activate", G_CALLBACK (count_activation_cb), &opened);
  g_action_map_add_action (G_ACTION_MAP (app_actions), G_ACTION (preferences));
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "app", G_ACTION_GROUP (app_actions));
  button = bmd_ui_find (GTK_WIDGET (fixture->window), is_shown_action_button, "app.preferences");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (opened, ==, 1);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL)
                  && bmd_context_get_job (fixture->context) != NULL);
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-first-run.png");
}

static void
test_no_orders_yet (Fixture       *fixture,
                    gconstpointer  data)
{
  open_window (fixture, "organic-bakery-austin.myshopify.com");
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "empty");
  /* Reading must not have created a warehouse. */
  {
    g_autofree char *path = g_build_filename (fixture->data_dir, "bakemyday.sqlite3", NULL);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }
}

typedef struct
{
  BmdContext *context;
  const char *date;
  gboolean off;
} DayOffWait;

static gboolean
day_off_stored (gpointer data)
{
  DayOffWait *wait = data;
  BmdSnapshot *snapshot = bmd_context_get_snapshot (wait->context);
  GPtrArray *days;
  guint i;

  if (snapshot == NULL || bmd_context_get_loading (wait->context))
    return FALSE;
  days = bmd_snapshot_get_days_off (snapshot);
  for (i = 0; i < days->len; i++)
    if (g_strcmp0 (g_ptr_array_index (days, i), wait->date) == 0)
      return wait->off;
  return !wait->off;
}

static void
test_day_off (Fixture       *fixture,
              gconstpointer  data)
{
  BmdCalendarView *view;
  BmdCalendar *calendar;
  GtkSwitch *day_off;
  const GDate *selected;
  char date[16];
  DayOffWait wait;

  seed_bakery (fixture->data_dir, NULL);
  open_window (fixture, "organic-bakery-austin.myshopify.com");
  view = bmd_window_get_calendar_view (fixture->window);
  calendar = bmd_calendar_view_get_calendar (view);
  bmd_window_show_view (fixture->window, "calendar");
  selected = bmd_calendar_get_selected (calendar);
  g_assert_nonnull (selected);
  g_date_strftime (date, sizeof date, "%Y-%m-%d", selected);

  day_off = GTK_SWITCH (bmd_ui_find (GTK_WIDGET (view), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SWITCH)));
  g_assert_false (gtk_switch_get_active (day_off));
  gtk_switch_set_active (day_off, TRUE);

  wait = (DayOffWait) { fixture->context, date, TRUE };
  bmd_ui_wait_until (day_off_stored, &wait, 20, "the day off to be stored");
  g_assert_true (bmd_calendar_is_day_off (calendar, selected));
  g_assert_true (gtk_switch_get_active (day_off));

  gtk_switch_set_active (day_off, FALSE);
  wait.off = FALSE;
  bmd_ui_wait_until (day_off_stored, &wait, 20, "the day off to be cleared");
  g_assert_false (bmd_calendar_is_day_off (calendar, bmd_calendar_get_selected (calendar)));
}

static gboolean
has_upcoming_rows (gpointer data)
{
  Fixture *fixture = data;
  BmdSnapshot *snapshot = bmd_context_get_snapshot (fixture->context);

  return snapshot != NULL && bmd_snapshot_get_orders (snapshot)->len == 12
         && g_list_model_get_n_items (bmd_upcoming_view_get_model (bmd_window_get_upcoming_view (fixture->window))) > 0;
}

static void
test_reload_when_store_changes (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *in4 = bmd_test_local_pickup (4, "12:00:00");
  const BmdTestOrder more[] = {
    { "#1020", "Ivy Jones", "deposit", in4, "PAID", "pistachio", "birthday", "", NULL, NULL },
    { "#1021", "Ivy Jones", "remaining", in4, "PENDING", "pistachio", "birthday", "", NULL, NULL },
    { NULL }
  };

  seed_bakery (fixture->data_dir, NULL);
  open_window (fixture, "organic-bakery-austin.myshopify.com");
  g_assert_cmpuint (bmd_snapshot_get_orders (bmd_context_get_snapshot (fixture->context))->len, ==, 10);

  /* Another process (the daily refresh) commits new orders. */
  bmd_test_store_orders (fixture->data_dir, more, NULL);
  bmd_ui_wait_until (has_upcoming_rows, fixture, 20, "the app to reload the changed store");
  assert_shows (GTK_WIDGET (bmd_window_get_queue_view (fixture->window)), "Ivy Jones");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/ui/window/views-match-plan", test_views_match_plan);
  ADD ("/bmd/ui/window/refresh-error-keeps-data", test_refresh_error_keeps_data);
  ADD ("/bmd/ui/window/refresh-cancel-keeps-data", test_refresh_cancel_keeps_data);
  ADD ("/bmd/ui/window/first-run", test_first_run);
  ADD ("/bmd/ui/window/no-orders-yet", test_no_orders_yet);
  ADD ("/bmd/ui/window/day-off", test_day_off);
  ADD ("/bmd/ui/window/reload-when-store-changes", test_reload_when_store_changes);
#undef ADD
  return g_test_run ();
}
