/* Printing and exporting from the app, headless: win.print's
 * GtkPrintOperation writes its PDF (export-filename) for the bake queue and
 * for the calendar's chosen day, read back with pdftotext; "Export…" of a
 * table view writes the CLI's CSV; the calendar file is rewritten when the
 * app loads data and passes the strict iCalendar check. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bmd-calendar-file-writer.h"
#include "bmd-export.h"
#include "bmd-print.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"
#include "bmd-ui-window.h"

typedef struct
{
  char *dir;
  char *data_dir;
  BmdContext *context;
  BmdWindow *window;
  GAsyncResult *result;
} Fixture;

static void
seed_bakery (const char *data_dir)
{
  g_autofree char *tomorrow = bmd_test_local_pickup (1, "15:00:00");
  g_autofree char *in2 = bmd_test_local_pickup (2, "11:30:00");
  g_autofree char *in3 = bmd_test_local_pickup (3, "10:00:00");
  g_autofree char *in5 = bmd_test_local_pickup (5, "16:00:00");
  g_autofree char *in12 = bmd_test_local_pickup (12, "09:00:00");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *finished_at = g_date_time_format_iso8601 (now);
  const BmdTestOrder specs[] = {
    { "#1001", "Ann Baker", "deposit", tomorrow, "PAID", "lemon", "birthday", "treenut", NULL, NULL },
    { "#1002", "Ann Baker", "remaining", tomorrow, "PENDING", "lemon", "birthday", "n/a", NULL, NULL },
    { "#1003", "Bob Cole", "deposit", in3, "PAID", "black forest", "wedding", "n/a", NULL, NULL },
    { "#1005", "Cleo Diaz", "deposit", in2, "PAID", "vanilla", "baby shower", "", NULL, NULL },
    { "#1006", "Cleo Diaz", "remaining", in2, "PAID", "vanilla", "baby shower", "", NULL, NULL },
    { "#1012", "Eve Fox", "deposit", in5, "PAID", "strawberry", "anniversary", "gluten", NULL, NULL },
    { "#1013", "Eve Fox", "remaining", in5, "PENDING", "strawberry", "anniversary", "gluten", NULL, NULL },
    { "#1007", "Dan Evans", "deposit", in12, "PAID", "carrot", "retirement", "dairy", NULL, NULL },
    { "#1008", "Dan Evans", "remaining", in12, "PAID", "carrot", "retirement", "dairy", NULL, NULL },
    { NULL }
  };

  bmd_test_store_orders (data_dir, specs, finished_at);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();

  fixture->dir = g_dir_make_tmp ("bmd-ui-print-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  seed_bakery (fixture->data_dir);

  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->zone, "America/Chicago");
  bmd_config_set (&config->shop, "organic-bakery-austin.myshopify.com");
  fixture->window = bmd_ui_open_window (config, &fixture->context);
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "content");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->result);
  bmd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *fixture = user_data;

  fixture->result = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return ((Fixture *) data)->result != NULL;
}

static char *
run_tool (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

/* win.print to @pdf, then the PDF's text. */
static char *
print_window (Fixture    *fixture,
              const char *name)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  const char *dir = g_getenv ("BMD_SCREENSHOT_DIR");
  g_autofree char *prefix = NULL;

  g_clear_object (&fixture->result);
  bmd_print_window_async (GTK_WINDOW (fixture->window), pdf, store_result_cb, fixture);
  bmd_ui_wait_until (has_result, fixture, 20, "the print operation");
  g_assert_true (bmd_print_bake_sheet_finish (fixture->result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));

  /* The printed page beside the screenshots. */
  prefix = g_build_filename (dir != NULL ? dir : fixture->dir, name, NULL);
  *strrchr (prefix, '.') = '\0';
  g_free (run_tool ((const char * const []) { "pdftoppm", "-png", "-r", "72", "-singlefile", pdf, prefix, NULL }));
  return run_tool ((const char * const []) { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL });
}

static void
test_print_week (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *text = NULL;

  bmd_window_show_view (fixture->window, "queue");
  text = print_window (fixture, "printed-week.pdf");
  /* The bake queue (a paid half, within 7 days) and nothing else. */
  g_assert_nonnull (strstr (text, "Ann Baker"));
  g_assert_nonnull (strstr (text, "Cleo Diaz"));
  g_assert_nonnull (strstr (text, "Bob Cole"));
  g_assert_nonnull (strstr (text, "Eve Fox"));
  g_assert_nonnull (strstr (text, "ALLERGIES: treenut"));
  g_assert_nonnull (strstr (text, "ALLERGIES: gluten"));
  g_assert_null (strstr (text, "Dan Evans"));
  g_assert_null (strstr (text, "dairy"));
  g_assert_nonnull (strstr (text, "organic-bakery-austin.myshopify.com"));
  g_assert_true (strstr (text, "Ann Baker") < strstr (text, "Cleo Diaz"));
  g_assert_true (strstr (text, "Cleo Diaz") < strstr (text, "Bob Cole"));
  /* Bob Cole's remaining order is missing. */
  g_assert_nonnull (strstr (text, "the remaining order is missing"));
}

static void
test_print_calendar_day (Fixture       *fixture,
                         gconstpointer  data)
{
  BmdCalendar *calendar = bmd_calendar_view_get_calendar (bmd_window_get_calendar_view (fixture->window));
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) in5 = g_date_time_add_days (now, 5);
  g_autofree char *text = NULL;
  GDate day;

  bmd_window_show_view (fixture->window, "calendar");
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (in5), g_date_time_get_month (in5),
                  g_date_time_get_year (in5));
  bmd_calendar_select_day (calendar, &day);
  text = print_window (fixture, "printed-day.pdf");
  g_assert_nonnull (strstr (text, "Eve Fox"));
  g_assert_nonnull (strstr (text, "ALLERGIES: gluten"));
  g_assert_null (strstr (text, "Ann Baker"));
  g_assert_null (strstr (text, "Cleo Diaz"));
  g_assert_null (strstr (text, "Dan Evans"));
}

static void
test_export_table (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "upcoming.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *written = NULL;
  GtkWidget *page;
  guint lines = 0;
  const char *p;

  bmd_window_show_view (fixture->window, "calendar");
  g_assert_false (BMD_IS_EXPORTABLE (bmd_window_get_visible_view (fixture->window)));

  bmd_window_show_view (fixture->window, "upcoming");
  page = bmd_window_get_visible_view (fixture->window);
  g_assert_true (BMD_IS_EXPORTABLE (page));
  csv = bmd_exportable_dup_csv (BMD_EXPORTABLE (page), &name);
  g_assert_cmpstr (name, ==, "upcoming-orders.csv");
  g_assert_nonnull (csv);

  g_clear_object (&fixture->result);
  bmd_export_write_async (file, csv, NULL, store_result_cb, fixture);
  bmd_ui_wait_until (has_result, fixture, 10, "the export");
  g_assert_true (bmd_export_write_finish (fixture->result, &error));
  g_assert_no_error (error);
  g_file_get_contents (path, &written, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, csv);

  g_assert_true (g_str_has_prefix (written, "pickup,customer,draft_type,order,financial_status,flavor,theme,allergies\r\n"));
  g_assert_nonnull (strstr (written, ",Eve Fox,remaining,#1013,PENDING,strawberry,anniversary,gluten\r\n"));
  /* Bob Cole's missing remaining half is a placeholder row. */
  g_assert_nonnull (strstr (written, ",Bob Cole,remaining,-,MISSING,"));
  for (p = written; *p != '\0'; p++)
    lines += *p == '\n';
  /* A header and two rows for each of the five requests. */
  g_assert_cmpuint (lines, ==, 1 + 10);

  bmd_window_show_view (fixture->window, "queue");
  g_free (csv);
  g_free (name);
  csv = bmd_exportable_dup_csv (BMD_EXPORTABLE (bmd_window_get_visible_view (fixture->window)), &name);
  g_assert_cmpstr (name, ==, "bake-queue.csv");
  g_assert_true (g_str_has_prefix (csv, "pickup,customer,flavor,theme,allergies,deposit_status,remaining_status,deposit_order,remaining_order\r\n"));
  g_assert_null (strstr (csv, "Dan Evans"));
}

typedef struct
{
  BmdContext *context;
  guint loads;     /* snapshots the context announced */
  guint writes;
} Watch;

static void
snapshot_cb (Watch *watch)
{
  watch->loads++;
}

static void
counted_cb (BmdCalendarFileWriter *writer,
            GFile                 *file,
            const GError          *error,
            Watch                 *watch)
{
  /* Only a write that a newer one replaced may end without writing. */
  if (error != NULL)
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  watch->writes++;
}

/* Every load written: once at the start, then once per new snapshot. */
static gboolean
all_written (gpointer data)
{
  Watch *watch = data;

  return bmd_ui_context_loaded (watch->context) && watch->writes == 1 + watch->loads;
}

static void
test_calendar_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "subscribed.ics", NULL);
  g_autofree char *checker = g_build_filename (g_getenv ("BMD_SOURCE_DIR"), "tests", "export", "check-ics.py", NULL);
  const char *python = g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ? "/usr/bin/python3" : "python3";
  g_autoptr(BmdSettings) settings = NULL;
  g_autoptr(BmdCalendarFileWriter) writer = NULL;
  g_autofree char *events = NULL;
  g_autofree char *again = NULL;
  Watch watch = { fixture->context, 0, 0 };
  guint loads;

  g_setenv ("BAKEMYDAY_CALENDAR_FILE", path, TRUE);
  g_signal_connect_swapped (fixture->context, "notify::snapshot", G_CALLBACK (snapshot_cb), &watch);
  settings = bmd_settings_new (fixture->context);
  writer = bmd_calendar_file_writer_new (settings);
  g_signal_connect (writer, "written", G_CALLBACK (counted_cb), &watch);
  bmd_ui_wait_until (all_written, &watch, 20, "the calendar file");
  events = run_tool ((const char * const []) { python, checker, path, NULL });
  g_assert_nonnull (strstr (events, "\"summary\": \"Ann Baker — lemon\""));
  g_assert_nonnull (strstr (events, "\"summary\": \"Dan Evans — carrot\""));
  g_assert_nonnull (strstr (events, "Allergies: gluten"));

  /* A new load (as after a refresh) writes it again, with the same UIDs. */
  g_assert_cmpint (g_remove (path), ==, 0);
  loads = watch.loads;
  bmd_context_reload (fixture->context);
  bmd_ui_wait_until (all_written, &watch, 20, "the calendar file again");
  g_assert_cmpuint (watch.loads, >, loads);
  again = run_tool ((const char * const []) { python, checker, path, NULL });
  g_assert_cmpstr (again, ==, events);
  g_signal_handlers_disconnect_by_data (fixture->context, &watch);
  g_unsetenv ("BAKEMYDAY_CALENDAR_FILE");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/bmd/ui/print/week", Fixture, NULL, fixture_set_up, test_print_week, fixture_tear_down);
  g_test_add ("/bmd/ui/print/calendar-day", Fixture, NULL, fixture_set_up, test_print_calendar_day, fixture_tear_down);
  g_test_add ("/bmd/ui/export/table", Fixture, NULL, fixture_set_up, test_export_table, fixture_tear_down);
  g_test_add ("/bmd/ui/export/calendar-file", Fixture, NULL, fixture_set_up, test_calendar_file, fixture_tear_down);

  return g_test_run ();
}
