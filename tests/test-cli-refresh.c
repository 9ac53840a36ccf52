/* `bakemyday-sync refresh` and `generate` against the simulator: the summary
 * line, the exit codes, a refresh killed mid-way, and resuming generation. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bmd-test-sim.h"
#include "bmd-store.h"
#include "bmd-test-util.h"

typedef struct
{
  BmdShopifySim *sim;
  char *dir;
  char *data_dir;
  char *token_file;
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  bmd_shopify_sim_options_init (&options);
  options.requests = 20;
  options.seed = 11;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  options.create_rate = 6000;
  fixture->sim = bmd_test_sim_start (&options);

  fixture->dir = g_dir_make_tmp ("bmd-cli-refresh-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->token_file = g_build_filename (fixture->dir, "token", NULL);
  g_file_set_contents (fixture->token_file, "  secret-test-token\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  bmd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->token_file);
}

/* The command, with no lake or warehouse settings from the test environment. */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  static const char * const unset[] = {
    "BAKEMYDAY_SHOP", "BAKEMYDAY_TOKEN", "BAKEMYDAY_CLIENT_ID", "BAKEMYDAY_CLIENT_SECRET",
    "BAKEMYDAY_DATA_DIR", "BAKEMYDAY_S3_ENDPOINT", "BAKEMYDAY_S3_BUCKET", "BAKEMYDAY_S3_PREFIX",
    "BAKEMYDAY_WAREHOUSE", "BAKEMYDAY_WAREHOUSE_DIALECT", "BAKEMYDAY_REDSHIFT_IAM_ROLE",
    "BAKEMYDAY_REDSHIFT_WORKGROUP",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (unset); i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  /* Stored settings of the machine must not leak in either. */
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", "/nonexistent/bakemyday-test-config", TRUE);
  return launcher;
}

static char *
sync_path (void)
{
  const char *build = g_getenv ("BMD_BUILD_DIR");

  g_assert_nonnull (build);
  return g_build_filename (build, "src", "cli", "bakemyday-sync", NULL);
}

static void
run_cli (Run         *run,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, sync_path ());
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static char *
dump_store (const char *data_dir)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) json = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  guint i;

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_check_integrity (store, &error));
  g_assert_no_error (error);
  json = bmd_store_list_order_json (store, &error);
  g_assert_no_error (error);
  for (i = 0; i < json->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (json, i));
  return g_string_free (out, FALSE);
}

static void
test_summary_and_exit_codes (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *url = bmd_shopify_sim_get_url (fixture->sim);
  g_autofree char *expected = g_strdup_printf ("refreshed: %u orders (%u added, 0 updated, 0 deleted)\n",
                                               bmd_shopify_sim_get_order_count (fixture->sim),
                                               bmd_shopify_sim_get_order_count (fixture->sim));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_auto(Run) bad_token = { 0 };

  run_cli (&first, "refresh", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpstr (first.out, ==, expected);
  /* Progress goes to stderr, and the token never does. The job merges
   * progress that comes faster than it is printed, so only the last state is
   * sure to be there. */
  g_assert_nonnull (strstr (first.err, "done: Done (100%)\n"));
  g_assert_null (strstr (first.err, "secret-test-token"));

  run_cli (&second, "refresh", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_true (g_str_has_suffix (second.out, " orders (0 added, 0 updated, 0 deleted)\n"));

  before = dump_store (fixture->data_dir);
  bmd_shopify_sim_add_requests (fixture->sim, 1);
  run_cli (&bad_token, "refresh", "--shop", url, "--token", "bad-token",
           "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (bad_token.status, ==, 1);
  g_assert_cmpstr (bad_token.out, ==, "");
  g_assert_nonnull (strstr (bad_token.err, "401"));
  g_assert_null (strstr (bad_token.err, "bad-token"));
  after = dump_store (fixture->data_dir);
  g_assert_cmpstr (after, ==, before);
}

static void
test_bad_settings (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *url = bmd_shopify_sim_get_url (fixture->sim);
  g_autofree char *file_as_dir = g_build_filename (fixture->token_file, "data", NULL);
  g_autofree char *missing_token = g_build_filename (fixture->dir, "no-such-token", NULL);
  const struct
  {
    const char *args[9];
    const char *message_part;
  } cases[] = {
    { { "refresh", "--shop", "http://example.com", "--token", "t", "--data-dir", fixture->data_dir, NULL }, "example.com" },
    { { "refresh", "--token", "t", "--data-dir", fixture->data_dir, NULL }, "no shop" },
    { { "refresh", "--shop", url, "--data-dir", fixture->data_dir, NULL }, "no access token" },
    { { "refresh", "--shop", url, "--token", "t", "--token-file", fixture->token_file, NULL }, "not both" },
    { { "refresh", "--shop", url, "--token-file", missing_token, NULL }, "no-such-token" },
    { { "refresh", "--shop", url, "--token", "t", "--data-dir", file_as_dir, NULL }, file_as_dir },
    { { "refresh", "--bogus", NULL }, "--bogus" },
    { { "generate", "--requests", "0", NULL }, "--requests" },
    { { "generate", "--requests", "2", "--around", "someday", NULL }, "--around" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_cli (&run, cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
               cases[i].args[4], cases[i].args[5], cases[i].args[6], cases[i].args[7], NULL);
      g_test_message ("%s %s → %s", cases[i].args[0], cases[i].args[1], run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, cases[i].message_part));
    }
}

static void
test_busy (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(BmdStore) holder = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  holder = bmd_store_open (fixture->data_dir, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_store_lock_refresh (holder, FALSE, &error));
  run_cli (&run, "refresh", "--shop", bmd_shopify_sim_get_url (fixture->sim),
           "--token-file", fixture->token_file, "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "another refresh"));
}

/* kill -9 in the middle of reading: the store is as it was, intact, and the
 * next refresh ends with exactly what an uninterrupted one gives. */
static void
test_killed_midway (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *url = bmd_shopify_sim_get_url (fixture->sim);
  g_autofree char *sync = sync_path ();
  g_autofree char *clean_dir = g_build_filename (fixture->dir, "clean", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *caught_up = NULL;
  g_autofree char *clean = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) reference = { 0 };
  gboolean reading = FALSE;

  run_cli (&first, "refresh", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (first.status, ==, 0);
  before = dump_store (fixture->data_dir);

  bmd_shopify_sim_add_requests (fixture->sim, 3);
  bmd_shopify_sim_set_slow_delay (fixture->sim, 0.3);
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_SLOW, 1000);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawn (launcher, &error, sync, "refresh", "--shop", url,
                                         "--token-file", fixture->token_file,
                                         "--data-dir", fixture->data_dir, "--full", NULL);
  g_assert_no_error (error);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  /* Kill it once it has stored orders in its open transaction. */
  while (!reading)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      reading = strstr (line, "orders read") != NULL && strstr (line, ": 0 orders") == NULL;
    }
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (process));

  after = dump_store (fixture->data_dir);
  g_assert_cmpstr (after, ==, before);

  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_NONE, 0);
  bmd_shopify_sim_set_slow_delay (fixture->sim, 0);
  run_cli (&again, "refresh", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "(6 added, 0 updated, 0 deleted)"));
  caught_up = dump_store (fixture->data_dir);
  {
    g_autoptr(BmdStore) store = bmd_store_open (fixture->data_dir, &error);

    g_assert_no_error (error);
    /* The killed run is marked as such, not left "running" for ever. */
    g_assert_cmpint (bmd_store_count_runs (store, "running"), ==, 0);
    g_assert_cmpint (bmd_store_count_runs (store, "interrupted"), ==, 1);
    g_assert_cmpint (bmd_store_count_runs (store, "ok"), ==, 2);
  }

  run_cli (&reference, "refresh", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", clean_dir, NULL);
  g_assert_cmpint (reference.status, ==, 0);
  clean = dump_store (clean_dir);
  g_assert_cmpstr (caught_up, ==, clean);
}

static void
test_generate_and_resume (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *url = bmd_shopify_sim_get_url (fixture->sim);
  guint before = bmd_shopify_sim_get_order_count (fixture->sim);
  g_autofree char *state = g_build_filename (fixture->data_dir, "generate-state.ini", NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_auto(Run) run = { 0 };
  g_auto(Run) done = { 0 };
  g_auto(Run) resumed = { 0 };
  g_auto(Run) refresh = { 0 };
  g_auto(Run) upcoming = { 0 };

  run_cli (&run, "generate", "--requests", "3", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, "--seed", "5", "--around", "2030-06-01", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "generated: 6 orders (3 requests)\n");
  g_assert_cmpuint (bmd_shopify_sim_get_order_count (fixture->sim), ==, before + 6);

  /* Finished: running it again creates nothing. */
  run_cli (&done, "generate", "--requests", "3", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, "--seed", "5", "--around", "2030-06-01", NULL);
  g_assert_cmpint (done.status, ==, 0);
  g_assert_cmpstr (done.out, ==, "generated: 0 orders (3 requests)\n");

  /* As if interrupted after the first request: it resumes with the rest. */
  g_key_file_load_from_file (keyfile, state, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  g_key_file_set_integer (keyfile, "generate", "orders_done", 2);
  g_key_file_save_to_file (keyfile, state, &error);
  g_assert_no_error (error);
  run_cli (&resumed, "generate", "--requests", "3", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, "--seed", "5", "--around", "2030-06-01", NULL);
  g_assert_cmpint (resumed.status, ==, 0);
  g_assert_cmpstr (resumed.out, ==, "generated: 4 orders (3 requests)\n");

  /* The generated orders pair up: each request has a deposit and a remaining. */
  run_cli (&refresh, "refresh", "--shop", url, "--token-file", fixture->token_file,
           "--data-dir", fixture->data_dir, NULL);
  g_assert_cmpint (refresh.status, ==, 0);
  run_cli (&upcoming, "plan", "upcoming", "--data-dir", fixture->data_dir,
           "--now", "2030-05-01T00:00:00Z", NULL);
  g_assert_cmpint (upcoming.status, ==, 0);
  g_assert_null (strstr (upcoming.out, "MISSING"));
  lines = g_strsplit (upcoming.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 1 + 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bmd/cli/refresh/summary-and-exit-codes", Fixture, NULL, fixture_set_up, test_summary_and_exit_codes, fixture_tear_down);
  g_test_add ("/bmd/cli/refresh/bad-settings", Fixture, NULL, fixture_set_up, test_bad_settings, fixture_tear_down);
  g_test_add ("/bmd/cli/refresh/busy", Fixture, NULL, fixture_set_up, test_busy, fixture_tear_down);
  g_test_add ("/bmd/cli/refresh/killed-midway", Fixture, NULL, fixture_set_up, test_killed_midway, fixture_tear_down);
  g_test_add ("/bmd/cli/generate/resume", Fixture, NULL, fixture_set_up, test_generate_and_resume, fixture_tear_down);

  return g_test_run ();
}
