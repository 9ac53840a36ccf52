/* The app's reminders on a private session bus (run-in-session.sh under
 * Xvfb): the running app sends a reminder a few seconds after it loaded the
 * store, the stand-in notification server receives it, and a click on it
 * (ActionInvoked "default") opens the app on the request. */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "bmd-application.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"
#include "bmd-ui-window.h"

typedef struct
{
  const char *record;
  guint expected;
} Received;

static guint
count_lines (const char *path)
{
  g_autofree char *contents = NULL;
  guint n = 0;
  const char *p;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (p = contents; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

static gboolean
received (gpointer data)
{
  Received *r = data;

  return count_lines (r->record) >= r->expected;
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

typedef struct
{
  AdwViewStack *stack;
  GtkColumnView *columns;
  const char *request_id;
} Shown;

static gboolean
request_shown (gpointer data)
{
  Shown *shown = data;
  GtkSingleSelection *selection;
  BmdRequest *request;

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (shown->stack), "queue") != 0)
    return FALSE;
  selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (shown->columns));
  request = gtk_single_selection_get_selected_item (selection);
  return request != NULL && g_strcmp0 (bmd_request_get_id (request), shown->request_id) == 0;
}

static void
test_app_reminds_and_opens (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-ui-reminders-XXXXXX", &error);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *record = g_build_filename (dir, "received.jsonl", NULL);
  g_autofree char *fake = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "tests", "notify", "bmd-fake-notifications", NULL);
  g_autofree char *in3 = bmd_test_local_pickup (3, "11:00:00");
  g_autofree char *in5 = bmd_test_local_pickup (5, "12:00:00");
  g_autofree char *contents = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(BmdApplication) app = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  GtkWindow *window;
  Received wanted = { record, 1 };
  Shown shown = { 0 };
  /* One half missing, three days ahead: one reminder. Another cake, whole
   * and paid, so that the queue does not select the first by chance. */
  const BmdTestOrder specs[] = {
    { "#5001", "Ann Early", "deposit", in3, "PAID", "plum", NULL, "n/a" },
    { "#5002", "Bea Whole", "deposit", in5, "PAID", "lemon", NULL, "n/a" },
    { "#5003", "Bea Whole", "remaining", in5, "PAID", "lemon", NULL, "n/a" },
    { NULL }
  };

  g_assert_no_error (error);
  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  bmd_test_store_orders (data_dir, specs, NULL);
  g_setenv ("BAKEMYDAY_DATA_DIR", data_dir, TRUE);
  g_setenv ("BAKEMYDAY_TZ", "America/Chicago", TRUE);

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, fake, record, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "ready");

  app = bmd_application_new (g_get_monotonic_time ());
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);

  bmd_ui_wait_until (received, &wanted, 30, "the reminder");
  g_file_get_contents (record, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "\"summary\":\"1 request is missing a half\""));
  g_assert_nonnull (strstr (contents, "Ann Early"));
  g_assert_nonnull (strstr (contents, "\"desktop_entry\":\"" APP_ID "\""));

  /* The baker is elsewhere in the app, then clicks the notification. */
  shown.stack = ADW_VIEW_STACK (bmd_ui_find (GTK_WIDGET (window), is_view_stack, NULL));
  shown.columns = GTK_COLUMN_VIEW (bmd_ui_find (GTK_WIDGET (bmd_window_get_queue_view (BMD_WINDOW (window))),
                                                is_column_view, NULL));
  shown.request_id = "gid://shopify/Order/5001";
  bmd_window_show_view (BMD_WINDOW (window), "calendar");
  g_assert_false (request_shown (&shown));
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_call_sync (bus, "org.freedesktop.Notifications", "/org/freedesktop/Notifications",
                               "org.bakemyday.FakeNotifications", "ClickLast", NULL, NULL,
                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  bmd_ui_wait_until (request_shown, &shown, 10, "the request to be shown");

  /* Sent once: the next check finds nothing new. */
  g_assert_cmpuint (count_lines (record), ==, 1);

  gtk_window_destroy (window);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
  bmd_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/bmd/ui/reminders/app-reminds-and-opens", test_app_reminds_and_opens);
  return g_test_run ();
}
