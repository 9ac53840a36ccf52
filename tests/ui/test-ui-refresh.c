/* The app's refresh against the Shopify simulator: a refresh fills the views
 * with what `bakemyday-sync plan` prints for the refreshed data dir, a second
 * one brings the shop's new orders in, and Stop during a slow refresh ends it
 * promptly with the data as it was. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bmd-ui-window.h"
#include "bmd-context.h"
#include "bmd-pickup.h"
#include "bmd-plan-table.h"
#include "bmd-test-sim.h"
#include "bmd-snapshot.h"
#include "bmd-store.h"
#include "bmd-window.h"
#include "bmd-test-util.h"

typedef struct
{
  char *data_dir;
  BmdShopifySim *sim;
  BmdContext *context;
  BmdWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  fixture->data_dir = g_dir_make_tmp ("bmd-ui-refresh-XXXXXX", &error);
  g_assert_no_error (error);

  bmd_shopify_sim_options_init (&options);
  options.requests = 40;
  options.seed = 7;
  fixture->sim = bmd_test_sim_start (&options);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  bmd_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

static void
open_window_on (Fixture    *fixture,
                const char *shop)
{
  g_autoptr(BmdConfig) config = bmd_config_new ();

  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->shop, shop);
  bmd_config_set (&config->token, "any-token");
  fixture->window = bmd_ui_open_window (config, &fixture->context);
}

static void
open_window (Fixture *fixture)
{
  open_window_on (fixture, bmd_shopify_sim_get_url (fixture->sim));
}

typedef struct
{
  BmdContext *context;
  guint orders;
} RefreshWait;

/* The refresh ended and the app reloaded the store it wrote. */
static gboolean
refreshed_and_loaded (gpointer data)
{
  RefreshWait *wait = data;
  BmdSnapshot *snapshot = bmd_context_get_snapshot (wait->context);

  return bmd_context_get_job (wait->context) == NULL
         && !bmd_context_get_loading (wait->context)
         && snapshot != NULL
         && bmd_snapshot_get_orders (snapshot)->len == wait->orders;
}

static void
refresh_and_wait (Fixture *fixture)
{
  RefreshWait wait = { fixture->context, bmd_shopify_sim_get_order_count (fixture->sim) };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_nonnull (bmd_context_get_job (fixture->context));
  bmd_ui_wait_until (refreshed_and_loaded, &wait, 60, "the refresh and the reload after it");
  g_assert_null (bmd_window_get_error_message (fixture->window));
}

static const char *
dash (BmdOrder *order)
{
  return order != NULL ? bmd_order_get_name (order) : "-";
}

/* The views hold the rows `plan queue` and `plan upcoming` print for the data
 * dir as it is now, read independently of the app, at the app's own now. */
static void
assert_views_match_store (Fixture *fixture)
{
  BmdPlan *shown = bmd_snapshot_get_plan (bmd_context_get_snapshot (fixture->context));
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdSnapshot) snapshot = bmd_snapshot_load (fixture->data_dir, bmd_plan_get_now (shown),
                                                       NULL, BMD_PLAN_FLAGS_NONE, &error);
  g_autoptr(BmdPlanTable) queue = NULL;
  g_autoptr(BmdPlanTable) upcoming = NULL;
  GListModel *model;
  guint i;

  g_assert_no_error (error);
  queue = bmd_plan_table_new (bmd_snapshot_get_plan (snapshot), BMD_PLAN_VIEW_QUEUE, 0, 0);
  upcoming = bmd_plan_table_new (bmd_snapshot_get_plan (snapshot), BMD_PLAN_VIEW_UPCOMING, 0, 0);

  model = bmd_queue_view_get_model (bmd_window_get_queue_view (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, queue->rows->len);
  for (i = 0; i < queue->rows->len; i++)
    {
      char **row = g_ptr_array_index (queue->rows, i);
      g_autoptr(BmdRequest) request = g_list_model_get_item (model, i);
      g_autofree char *pickup = bmd_format_local_iso8601 (bmd_request_get_pickup (request));

      g_assert_cmpstr (pickup, ==, row[0]);
      g_assert_cmpstr (bmd_request_get_customer_name (request), ==, row[1]);
      g_assert_cmpstr (bmd_request_get_flavor (request), ==, row[2]);
      g_assert_cmpstr (bmd_request_get_half_status (request, BMD_DRAFT_TYPE_DEPOSIT), ==, row[5]);
      g_assert_cmpstr (bmd_request_get_half_status (request, BMD_DRAFT_TYPE_REMAINING), ==, row[6]);
      g_assert_cmpstr (dash (bmd_request_get_deposit (request)), ==, row[7]);
      g_assert_cmpstr (dash (bmd_request_get_remaining (request)), ==, row[8]);
    }

  model = bmd_upcoming_view_get_model (bmd_window_get_upcoming_view (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, upcoming->rows->len);
  for (i = 0; i < upcoming->rows->len; i++)
    {
      char **row = g_ptr_array_index (upcoming->rows, i);
      g_autoptr(BmdUpcomingRow) shown_row = g_list_model_get_item (model, i);
      BmdRequest *request = bmd_upcoming_row_get_request (shown_row);
      g_autofree char *pickup = bmd_format_local_iso8601 (bmd_request_get_pickup (request));

      g_assert_cmpstr (pickup, ==, row[0]);
      g_assert_cmpstr (bmd_request_get_customer_name (request), ==, row[1]);
      g_assert_cmpstr (bmd_draft_type_to_string (bmd_upcoming_row_get_draft_type (shown_row)), ==, row[2]);
      g_assert_cmpstr (dash (bmd_upcoming_row_get_order (shown_row)), ==, row[3]);
      g_assert_cmpstr (bmd_upcoming_row_get_status (shown_row), ==, row[4]);
    }
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  GtkWidget *child;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static gboolean
drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* The upcoming view was off screen while the refresh changed its rows: shown,
 * it draws the new first row. */
static void
assert_upcoming_shows_first_row (Fixture *fixture)
{
  GtkWidget *view = GTK_WIDGET (bmd_window_get_upcoming_view (fixture->window));
  GListModel *model = bmd_upcoming_view_get_model (BMD_UPCOMING_VIEW (view));
  g_autoptr(BmdUpcomingRow) first = g_list_model_get_item (model, 0);
  BmdOrder *order = bmd_upcoming_row_get_order (first);
  g_autoptr(GString) labels = g_string_new ("\n");
  g_autofree char *needle = NULL;

  g_assert_nonnull (order);
  needle = g_strdup_printf ("\n%s\n", bmd_order_get_name (order));
  bmd_window_show_view (fixture->window, "upcoming");
  bmd_ui_wait_until (drawn, view, 10, "the upcoming view to be shown");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  collect_labels (view, labels);
  if (strstr (labels->str, needle) == NULL)
    g_error ("order %s is not shown; the labels are:%s", bmd_order_get_name (order), labels->str);
  bmd_window_show_view (fixture->window, "queue");
}

static guint
stored_orders (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (fixture->data_dir, &error);

  g_assert_no_error (error);
  return bmd_store_count_orders (store);
}

static void
test_refresh_updates_views (Fixture       *fixture,
                            gconstpointer  data)
{
  guint upcoming_before;

  open_window (fixture);
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "empty");
  g_assert_null (bmd_context_get_snapshot (fixture->context));

  refresh_and_wait (fixture);
  g_assert_cmpuint (stored_orders (fixture), ==, bmd_shopify_sim_get_order_count (fixture->sim));
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "content");
  g_assert_true (g_str_has_prefix (bmd_window_get_subtitle (fixture->window), "Last refreshed"));
  assert_views_match_store (fixture);
  /* The simulator's requests spread around today: some are this week's. */
  g_assert_cmpuint (g_list_model_get_n_items (bmd_queue_view_get_model (bmd_window_get_queue_view (fixture->window))),
                    >, 0);
  assert_upcoming_shows_first_row (fixture);
  upcoming_before = g_list_model_get_n_items (bmd_upcoming_view_get_model (bmd_window_get_upcoming_view (fixture->window)));
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-refreshed.png");

  /* The shop takes new orders and a payment; the next refresh shows them. */
  bmd_shopify_sim_add_requests (fixture->sim, 3);
  refresh_and_wait (fixture);
  g_assert_cmpuint (stored_orders (fixture), ==, bmd_shopify_sim_get_order_count (fixture->sim));
  assert_views_match_store (fixture);
  assert_upcoming_shows_first_row (fixture);
  g_test_message ("upcoming rows: %u before, %u after",
                  upcoming_before,
                  g_list_model_get_n_items (bmd_upcoming_view_get_model (bmd_window_get_upcoming_view (fixture->window))));
}

static gboolean
sim_was_asked (gpointer data)
{
  Fixture *fixture = data;

  return bmd_shopify_sim_get_request_count (fixture->sim) > GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->sim), "before"));
}

static gboolean
job_finished (gpointer data)
{
  return bmd_context_get_job (data) == NULL;
}

static void
test_cancel_slow_refresh (Fixture       *fixture,
                          gconstpointer  data)
{
  BmdSnapshot *before;
  guint orders_before;
  gint64 cancelled_at;
  double took_s;

  open_window (fixture);
  refresh_and_wait (fixture);
  before = bmd_context_get_snapshot (fixture->context);
  orders_before = stored_orders (fixture);

  /* New orders to fetch, and every answer from now on takes a while. */
  bmd_shopify_sim_add_requests (fixture->sim, 5);
  bmd_shopify_sim_set_slow_delay (fixture->sim, 3.0);
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_SLOW, 1000);
  g_object_set_data (G_OBJECT (fixture->sim), "before",
                     GUINT_TO_POINTER (bmd_shopify_sim_get_request_count (fixture->sim)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_nonnull (bmd_context_get_job (fixture->context));
  /* Cancel while a request is on its way. */
  bmd_ui_wait_until (sim_was_asked, fixture, 20, "the refresh to reach the simulator");
  g_assert_nonnull (bmd_context_get_job (fixture->context));
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-refreshing-slow.png");

  cancelled_at = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-refresh", NULL));
  bmd_ui_wait_until (job_finished, fixture->context, 20, "the cancelled refresh to end");
  took_s = (g_get_monotonic_time () - cancelled_at) / (double) G_TIME_SPAN_SECOND;
  g_test_message ("the refresh ended %.2f s after Stop", took_s);
  /* The client honours the cancellable within a second; it does not wait for the slow answer. */
  g_assert_cmpfloat (took_s, <, 2.5);

  /* Cancelling is not an error, and nothing changed. */
  g_assert_null (bmd_window_get_error_message (fixture->window));
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "content");
  g_assert_true (bmd_context_get_snapshot (fixture->context) == before);
  g_assert_cmpuint (stored_orders (fixture), ==, orders_before);
  g_assert_cmpuint (orders_before, <, bmd_shopify_sim_get_order_count (fixture->sim));

  /* Answers come fast again: the next refresh brings the new orders in. */
  bmd_shopify_sim_set_slow_delay (fixture->sim, 0);
  refresh_and_wait (fixture);
  g_assert_cmpuint (stored_orders (fixture), ==, bmd_shopify_sim_get_order_count (fixture->sim));
  assert_views_match_store (fixture);
}

/* Nothing listens at the shop's address: the window's refresh gives up in
 * seconds (the daily refresh retries for two minutes) and says so. */
static void
test_dead_shop_fails_soon (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 started;
  double took_s;

  open_window_on (fixture, "http://127.0.0.1:1");
  started = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  bmd_ui_wait_until (job_finished, fixture->context, 60, "the refresh to give up");
  took_s = (g_get_monotonic_time () - started) / (double) G_TIME_SPAN_SECOND;
  g_test_message ("the refresh gave up after %.1f s", took_s);
  g_assert_cmpfloat (took_s, <, 30);
  g_assert_nonnull (bmd_window_get_error_message (fixture->window));
}

static gboolean
is_switch_shop_button (GtkWidget     *widget,
                       gconstpointer  data)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "win.switch-shop") == 0;
}

static char *
stored_shop (Fixture *fixture)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  return bmd_store_dup_state (store, BMD_STORE_STATE_SHOP_DOMAIN);
}

/* The shop's address now answers as another shop: the refresh is refused
 * with the data kept, and Switch Shop sets them aside and reads the other's. */
static void
test_other_shop_switch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *message;
  guint orders_before;
  RefreshWait wait = { NULL, 0 };

  open_window (fixture);
  refresh_and_wait (fixture);
  orders_before = stored_orders (fixture);
  before = stored_shop (fixture);
  g_assert_cmpstr (before, ==, "organic-bakery-austin.myshopify.com");

  bmd_shopify_sim_set_shop (fixture->sim, "other-bakery.myshopify.com", NULL);
  bmd_shopify_sim_add_requests (fixture->sim, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  bmd_ui_wait_until (job_finished, fixture->context, 60, "the refused refresh to end");
  message = bmd_window_get_error_message (fixture->window);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "other-bakery.myshopify.com"));
  g_assert_true (gtk_widget_get_visible (bmd_ui_find (GTK_WIDGET (fixture->window), is_switch_shop_button, NULL)));
  g_assert_cmpuint (stored_orders (fixture), ==, orders_before);

  wait.context = fixture->context;
  wait.orders = bmd_shopify_sim_get_order_count (fixture->sim);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.switch-shop", NULL));
  bmd_ui_wait_until (refreshed_and_loaded, &wait, 60, "the switching refresh and the reload after it");
  g_assert_null (bmd_window_get_error_message (fixture->window));
  after = stored_shop (fixture);
  g_assert_cmpstr (after, ==, "other-bakery.myshopify.com");
  g_assert_cmpuint (stored_orders (fixture), ==, orders_before + 2);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/ui/refresh/updates-views", test_refresh_updates_views);
  ADD ("/bmd/ui/refresh/cancel-slow", test_cancel_slow_refresh);
  ADD ("/bmd/ui/refresh/dead-shop-fails-soon", test_dead_shop_fails_soon);
  ADD ("/bmd/ui/refresh/other-shop-switch", test_other_shop_switch);
#undef ADD
  return g_test_run ();
}
