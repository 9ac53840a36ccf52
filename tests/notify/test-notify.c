/* Reminders as desktop notifications on a private session bus, received by
 * a stand-in notification server (bmd-fake-notifications): from
 * `bakemyday-sync remind`, from `bakemyday-sync refresh`, and from the app's
 * side (a primary GApplication with the app's id). Runs under
 * dbus-run-session (run-in-session.sh). */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "bmd-act-settings.h"
#include "bmd-notifier.h"
#include "bmd-test-orders.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

#define NOW "2026-06-29T18:00:00-05:00"

/* Tomorrow (30 June): a paid deposit whose balance is unpaid; on 5 July a
 * deposit whose remaining order is missing. */
static const BmdTestOrder orders[] = {
  { "#701", "Ana Tomorrow", "deposit", "2026-06-30T10:00:00-05:00", "PAID", "lemon", "birthday", "treenut" },
  { "#702", "Ana Tomorrow", "remaining", "2026-06-30T10:00:00-05:00", "PENDING", "lemon", "birthday", "treenut" },
  { "#703", "Bea Missing", "deposit", "2026-07-05T12:00:00-05:00", "PAID", "plum" },
  { NULL }
};

typedef struct
{
  char *dir;
  char *data_dir;
  char *config_home;
  char *record;
  GSubprocess *server;
} Fixture;

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
build_path (const char *first,
            ...)
{
  const char *build = g_getenv ("BMD_BUILD_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *part;
  va_list args;

  g_assert_nonnull (build);
  g_ptr_array_add (parts, (gpointer) build);
  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

static void
write_settings (Fixture    *fixture,
                const char *settings)
{
  g_autofree char *dir = g_build_filename (fixture->config_home, "bakemyday", NULL);
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, settings, -1, &error);
  g_assert_no_error (error);
}

static void
start_server (Fixture  *fixture,
              gboolean  gtk)
{
  g_autofree char *program = build_path ("tests", "notify", "bmd-fake-notifications", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;

  if (gtk)
    fixture->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, "--gtk", fixture->record, NULL);
  else
    fixture->server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, fixture->record, NULL);
  g_assert_no_error (error);
  /* It prints "ready" once it owns its bus name. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (fixture->server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  fixture->dir = g_dir_make_tmp ("bmd-notify-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->config_home = g_build_filename (fixture->dir, "config", NULL);
  fixture->record = g_build_filename (fixture->dir, "received.jsonl", NULL);
  write_settings (fixture, "[BakeMyDay]\ntime-zone='America/Chicago'\n");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->server != NULL)
    {
      g_subprocess_force_exit (fixture->server);
      g_subprocess_wait (fixture->server, NULL, NULL);
      g_clear_object (&fixture->server);
    }
  bmd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->config_home);
  g_free (fixture->record);
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
run_cli (Fixture    *fixture,
         Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, build_path ("src", "cli", "bakemyday-sync", NULL));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fixture->config_home, TRUE);
  /* No lake or warehouse from the test environment. */
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_S3_BUCKET");
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_WAREHOUSE");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  /* The main context keeps running meanwhile: this process may be the app's
   * primary instance, which must answer on the bus while the CLI runs. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_communicate_utf8_finish (process, result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  run->status = g_subprocess_get_exit_status (process);
}

/* What the stand-in received: element type JsonObject. Waits until it has
 * @expected lines (a notification is a D-Bus message the sender flushed, but
 * the server writes it down a moment later), then reads them all. */
static GPtrArray *
received (Fixture *fixture,
          guint    expected)
{
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint i;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* Poll the file, bounded: the test fails if they never come. */
  for (;;)
    {
      guint n = 0;

      g_clear_pointer (&contents, g_free);
      if (g_file_get_contents (fixture->record, &contents, NULL, NULL))
        for (i = 0; contents[i] != '\0'; i++)
          n += contents[i] == '\n';
      if (n >= expected || g_get_monotonic_time () > deadline)
        break;
      g_usleep (10000);
    }
  lines = g_strsplit (contents != NULL ? contents : "", "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return objects;
}

static const char *
member (GPtrArray  *objects,
        guint       index,
        const char *name)
{
  JsonObject *object = g_ptr_array_index (objects, index);

  return json_object_get_string_member_with_default (object, name, NULL);
}

static void
test_freedesktop (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GPtrArray) still = NULL;
  JsonArray *actions;

  start_server (fixture, FALSE);
  bmd_test_store_orders (fixture->data_dir, orders, "2026-06-29T20:00:00Z");

  run_cli (fixture, &first, "remind", "--data-dir", fixture->data_dir, "--now=" NOW, NULL);
  g_assert_cmpstr (first.err, ==, "");
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, "reminders: 3 sent\n");

  /* Without GNOME Shell's org.gtk.Notifications GIO uses the freedesktop
   * server: the app's name and desktop entry, and a default action. */
  got = received (fixture, 3);
  g_assert_cmpuint (got->len, ==, 3);
  g_assert_cmpstr (member (got, 0, "backend"), ==, "freedesktop");
  g_assert_cmpstr (member (got, 0, "desktop_entry"), ==, APP_ID);
  g_assert_cmpstr (member (got, 0, "summary"), ==, "1 cake tomorrow");
  g_assert_cmpstr (member (got, 0, "body"), ==,
                   "First pickup at 10:00. Allergies: Ana Tomorrow: treenut.\n"
                   "10:00 Ana Tomorrow — lemon (allergies: treenut)");
  actions = json_object_get_array_member (g_ptr_array_index (got, 0), "actions");
  g_assert_cmpuint (json_array_get_length (actions), >=, 2);
  g_assert_cmpstr (json_array_get_string_element (actions, 0), ==, "default");
  g_assert_cmpstr (member (got, 1, "summary"), ==, "1 request is missing a half");
  g_assert_cmpstr (member (got, 1, "body"), ==, "Sun 5 Jul 12:00 Bea Missing — plum (remaining missing)");
  g_assert_cmpstr (member (got, 2, "summary"), ==, "1 balance still to pay");

  /* Each is sent once. */
  run_cli (fixture, &again, "remind", "--data-dir", fixture->data_dir, "--now=2026-06-29T19:00:00-05:00", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (again.out, ==, "reminders: 0 sent\n");
  still = received (fixture, 3);
  g_assert_cmpuint (still->len, ==, 3);
}

static void
test_gtk_backend (Fixture       *fixture,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GPtrArray) got = NULL;

  /* GNOME Shell's interface: GIO prefers it when it is on the bus. */
  start_server (fixture, TRUE);
  bmd_test_store_orders (fixture->data_dir, orders, "2026-06-29T20:00:00Z");
  write_settings (fixture, "[BakeMyDay]\ntime-zone='America/Chicago'\nremind-balance-due=false\nremind-tomorrow=false\n");

  run_cli (fixture, &run, "remind", "--data-dir", fixture->data_dir, "--now=" NOW, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "reminders: 1 sent\n");
  got = received (fixture, 1);
  g_assert_cmpuint (got->len, ==, 1);
  g_assert_cmpstr (member (got, 0, "backend"), ==, "gtk");
  g_assert_cmpstr (member (got, 0, "app_id"), ==, APP_ID);
  g_assert_cmpstr (member (got, 0, "id"), ==, "missing:gid://shopify/Order/703");
  g_assert_cmpstr (member (got, 0, "title"), ==, "1 request is missing a half");
  /* Clicking it opens the app on the request. */
  g_assert_cmpstr (member (got, 0, "default_action"), ==, "app." BMD_SHOW_REQUEST_ACTION);
  g_assert_cmpstr (member (got, 0, "default_action_target"), ==, "gid://shopify/Order/703");
}

static void
test_no_warehouse (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  start_server (fixture, FALSE);
  run_cli (fixture, &run, "remind", "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "remind: "));
  g_assert_cmpstr (run.out, ==, "");
}

/* The daily refresh sends what the refreshed store makes due (stderr), and
 * its stdout keeps the design's summary line. */
static void
test_refresh (Fixture       *fixture,
              gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autofree char *token_file = g_build_filename (fixture->dir, "token", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(GPtrArray) got = NULL;
  const char *line;
  guint n_sent;

  bmd_shopify_sim_options_init (&options);
  options.requests = 40;
  options.seed = 5;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  sim = bmd_test_sim_start (&options);
  g_file_set_contents (token_file, "test-token\n", -1, &error);
  g_assert_no_error (error);
  /* From midnight on: tomorrow's cakes are due whenever the test runs. */
  write_settings (fixture, "[BakeMyDay]\nreminder-hour=0\n");
  start_server (fixture, FALSE);

  run_cli (fixture, &run, "refresh", "--shop", bmd_shopify_sim_get_url (sim),
           "--token-file", token_file, "--data-dir", fixture->data_dir, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "refreshed: "));
  line = strstr (run.err, "reminders: ");
  g_assert_nonnull (line);
  n_sent = g_ascii_strtoull (line + strlen ("reminders: "), NULL, 10);
  g_assert_cmpuint (n_sent, >, 0);
  got = received (fixture, n_sent);
  g_assert_cmpuint (got->len, ==, n_sent);

  /* Nothing new: nothing sent, nothing said. */
  run_cli (fixture, &again, "refresh", "--shop", bmd_shopify_sim_get_url (sim),
           "--token-file", token_file, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_null (strstr (again.err, "reminders: "));
  bmd_shopify_sim_stop (sim);
}

/* The app is running: the CLI leaves the reminders to it (only the primary
 * instance can send), and the app's side claims and sends them. */
static void
test_app_running (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GApplication) app = g_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reminders = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);
  g_auto(Run) run = { 0 };
  BmdActSettings settings;

  start_server (fixture, FALSE);
  bmd_test_store_orders (fixture->data_dir, orders, "2026-06-29T20:00:00Z");
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (app));

  run_cli (fixture, &run, "remind", "--data-dir", fixture->data_dir, "--now=" NOW, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "reminders: 0 sent\n");

  bmd_act_settings_init_defaults (&settings);
  reminders = bmd_reminders_claim_stored (fixture->data_dir, now, "America/Chicago",
                                          BMD_PLAN_FLAGS_NONE, &settings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reminders->len, ==, 3);
  bmd_notifier_send (app, reminders);
  got = received (fixture, 3);
  g_assert_cmpuint (got->len, ==, 3);
  g_assert_cmpstr (member (got, 0, "summary"), ==, "1 cake tomorrow");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/notify/freedesktop", test_freedesktop);
  ADD ("/bmd/notify/gtk-backend", test_gtk_backend);
  ADD ("/bmd/notify/no-warehouse", test_no_warehouse);
  ADD ("/bmd/notify/refresh", test_refresh);
  /* Last: this process keeps the app's bus name until it exits. */
  ADD ("/bmd/notify/app-running", test_app_running);
#undef ADD
  return g_test_run ();
}
