/* bakemyday-sync refresh through a bulk operation: killed (-9) while the
 * job runs or while its file downloads, the next refresh finishes with the
 * same operation; Ctrl+C cancels it; progress on stderr; the token never
 * goes to the file's host. */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>

#include "bmd-store-bulk.h"
#include "bmd-test-proxy.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

#define TOKEN "cli-bulk-token"

typedef struct
{
  BmdShopifySim *sim;
  char *data_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  bmd_shopify_sim_options_init (&options);
  options.requests = 60;
  options.seed = 5;
  /* A job of a few seconds: long enough to be killed in. */
  options.bulk_rate = 60;
  fixture->sim = bmd_test_sim_start (&options);
  fixture->data_dir = g_dir_make_tmp ("bmd-cli-bulk-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  bmd_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

static GSubprocess *
spawn_refresh (const char *shop,
               const char *data_dir)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *sync = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", "/nonexistent/bakemyday-test-config", TRUE);
  g_subprocess_launcher_setenv (launcher, "BAKEMYDAY_BULK_THRESHOLD", "2000", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  process = g_subprocess_launcher_spawn (launcher, &error, sync, "refresh", "--shop", shop,
                                         "--token", TOKEN, "--data-dir", data_dir, NULL);
  g_assert_no_error (error);
  return process;
}

/* Reads @process's stderr until a line starts with @prefix (TRUE), or the
 * stream ends (FALSE). @seen collects what was read. */
static gboolean
wait_for_line (GSubprocess *process,
               const char  *prefix,
               GString     *seen)
{
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        return FALSE;
      g_string_append_printf (seen, "%s\n", line);
      if (g_str_has_prefix (line, prefix))
        return TRUE;
    }
}

static void
kill_and_wait (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (process);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
}

static void
refresh_ok (const char *shop,
            const char *data_dir,
            GString    *stderr_text)
{
  g_auto(BmdTestRun) run = { 0 };
  const char *env[] = { "BAKEMYDAY_BULK_THRESHOLD=2000", NULL };

  bmd_test_run_cli (&run, env, "refresh", "--shop", shop, "--token", TOKEN, "--data-dir", data_dir, NULL);
  if (run.status != 0)
    g_error ("refresh exited %d: %s", run.status, run.err);
  g_assert_true (g_str_has_prefix (run.out, "refreshed: "));
  if (stderr_text != NULL)
    g_string_append (stderr_text, run.err);
}

static gboolean
kept (const char *data_dir,
      char      **id)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(BmdStoreBulk) bulk = { 0 };
  gboolean found;

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  found = bmd_store_get_bulk (store, &bulk, &error);
  g_assert_no_error (error);
  if (id != NULL)
    *id = g_steal_pointer (&bulk.id);
  return found;
}

static guint
store_count (const char *data_dir)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  return bmd_store_count_orders (store);
}

static void
assert_counts (BmdShopifySim *sim,
               guint          created,
               guint          downloads,
               guint          cancelled)
{
  guint c = 0, d = 0, k = 0;

  bmd_shopify_sim_get_bulk_counts (sim, &c, &d, &k);
  g_assert_cmpuint (c, ==, created);
  g_assert_cmpuint (d, ==, downloads);
  g_assert_cmpuint (k, ==, cancelled);
}

/* kill -9 while Shopify runs the job: the operation's id is in the store,
 * and the next refresh polls that same operation to its end. The progress
 * on stderr counted the job's objects. */
static void
test_kill_during_polling (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *shop = bmd_shopify_sim_get_url (fixture->sim);
  g_autoptr(GSubprocess) process = spawn_refresh (shop, fixture->data_dir);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *id_after = NULL;

  g_assert_true (wait_for_line (process, "extract: Shopify is gathering the orders: ", seen));
  kill_and_wait (process);
  g_assert_true (kept (fixture->data_dir, &id));
  g_assert_true (g_str_has_prefix (id, "gid://shopify/BulkOperation/"));
  g_assert_cmpuint (store_count (fixture->data_dir), ==, 0);
  assert_counts (fixture->sim, 1, 0, 0);

  refresh_ok (shop, fixture->data_dir, seen);
  assert_counts (fixture->sim, 1, 1, 0);
  g_assert_false (kept (fixture->data_dir, &id_after));
  g_assert_cmpuint (store_count (fixture->data_dir), ==, bmd_shopify_sim_get_order_count (fixture->sim));
  g_assert_nonnull (strstr (seen->str, "extract: Resuming the bulk read of the orders"));
  g_assert_nonnull (strstr (seen->str, "objects)"));
  g_assert_nonnull (strstr (seen->str, "extract: Downloading the orders"));
  /* The token never shows. */
  g_assert_null (strstr (seen->str, TOKEN));
}

/* A file host that sends half of a file and then nothing: a download that
 * a test kills in the middle. */
typedef struct
{
  GSocketListener *listener;
  guint16 port;
  GThread *thread;
  gint sent_half;       /* atomic */
  gint saw_token;       /* atomic */
  GCancellable *stop;
} StallingHost;

static gpointer
stalling_host_thread (gpointer user_data)
{
  StallingHost *host = user_data;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GString) request = g_string_new (NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *head = NULL;
  GInputStream *in;
  GOutputStream *out;
  char buf[4096];

  connection = g_socket_listener_accept (host->listener, NULL, host->stop, NULL);
  if (connection == NULL)
    return NULL;
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_input_stream_read (in, buf, sizeof buf, host->stop, NULL);

      if (n <= 0)
        return NULL;
      g_string_append_len (request, buf, n);
    }
  if (strstr (request->str, "X-Shopify-Access-Token") != NULL || strstr (request->str, TOKEN) != NULL)
    g_atomic_int_set (&host->saw_token, 1);

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (body, "{\"id\":\"gid://shopify/Order/%u\"}\n", i + 1);
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/jsonl\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", body->len);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body->str, body->len / 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_atomic_int_set (&host->sent_half, 1);
  /* Nothing more until the test ends. */
  while (!g_cancellable_is_cancelled (host->stop))
    g_usleep (10000);
  return NULL;
}

static void
stalling_host_start (StallingHost *host)
{
  g_autoptr(GError) error = NULL;

  host->listener = g_socket_listener_new ();
  host->stop = g_cancellable_new ();
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) effective = NULL;

    g_assert_true (g_socket_listener_add_address (host->listener, address, G_SOCKET_TYPE_STREAM,
                                                  G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error));
    g_assert_no_error (error);
    host->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  }
  host->thread = g_thread_new ("stalling-host", stalling_host_thread, host);
}

static void
stalling_host_stop (StallingHost *host)
{
  g_cancellable_cancel (host->stop);
  g_thread_join (host->thread);
  g_socket_listener_close (host->listener);
  g_clear_object (&host->listener);
  g_clear_object (&host->stop);
}

typedef struct
{
  gint enabled;     /* atomic */
  char *file_url;
} UrlRewrite;

/* Points the COMPLETED operation's url at the stalling host. */
static char *
rewrite_url_cb (const char *request,
                const char *answer,
                guint      *status,
                gpointer    user_data)
{
  UrlRewrite *rewrite = user_data;
  const char *url = strstr (answer, "\"url\":\"");
  const char *end;

  if (!g_atomic_int_get (&rewrite->enabled) || url == NULL)
    return NULL;
  end = strchr (url + 7, '"');
  if (end == NULL)
    return NULL;
  return g_strdup_printf ("%.*s\"url\":\"%s\"%s", (int) (url - answer), answer, rewrite->file_url, end + 1);
}

/* kill -9 in the middle of the download: the operation stays kept, and the
 * next refresh downloads its file without starting another. The file's
 * host never sees the token. */
static void
test_kill_during_download (Fixture       *fixture,
                           gconstpointer  data)
{
  StallingHost host = { 0 };
  UrlRewrite rewrite = { 1, NULL };
  BmdTestProxy *proxy;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GString) seen = g_string_new (NULL);
  gint64 give_up;

  stalling_host_start (&host);
  rewrite.file_url = g_strdup_printf ("http://127.0.0.1:%u/bulk/file.jsonl", host.port);
  proxy = bmd_test_proxy_start (bmd_shopify_sim_get_url (fixture->sim), rewrite_url_cb, &rewrite);

  process = spawn_refresh (bmd_test_proxy_get_url (proxy), fixture->data_dir);
  g_assert_true (wait_for_line (process, "extract: Downloading the orders", seen));
  give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!g_atomic_int_get (&host.sent_half) && g_get_monotonic_time () < give_up)
    g_usleep (10000);
  g_assert_true (g_atomic_int_get (&host.sent_half));
  kill_and_wait (process);
  g_assert_false (g_atomic_int_get (&host.saw_token));
  g_assert_true (kept (fixture->data_dir, NULL));
  g_assert_cmpuint (store_count (fixture->data_dir), ==, 0);

  g_atomic_int_set (&rewrite.enabled, 0);
  refresh_ok (bmd_test_proxy_get_url (proxy), fixture->data_dir, NULL);
  assert_counts (fixture->sim, 1, 1, 0);
  g_assert_false (kept (fixture->data_dir, NULL));
  g_assert_cmpuint (store_count (fixture->data_dir), ==, bmd_shopify_sim_get_order_count (fixture->sim));

  bmd_test_proxy_stop (proxy);
  stalling_host_stop (&host);
  g_free (rewrite.file_url);
}

/* Ctrl+C while the job runs cancels the operation in Shopify too, and
 * leaves nothing kept and the store as it was. */
static void
test_interrupt_cancels (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *shop = bmd_shopify_sim_get_url (fixture->sim);
  g_autoptr(GSubprocess) process = spawn_refresh (shop, fixture->data_dir);
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (wait_for_line (process, "extract: Shopify is gathering the orders: ", seen));
  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  assert_counts (fixture->sim, 1, 0, 1);
  g_assert_false (kept (fixture->data_dir, NULL));
  g_assert_cmpuint (store_count (fixture->data_dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/cli-bulk/kill-during-polling", test_kill_during_polling);
  ADD ("/bmd/cli-bulk/kill-during-download", test_kill_during_download);
  ADD ("/bmd/cli-bulk/interrupt-cancels", test_interrupt_cancels);
#undef ADD

  return g_test_run ();
}
