/* The bakemyday-shopify-sim program: readiness line, serving, bad flags;
 * and the simulator object's start and stop, which the program and every
 * test use. */
#include "sim-test-util.h"

#include <string.h>

static const char *program;

static void
test_ready_and_serve (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                  program, "--port", "0", "--requests", "30",
                                                  "--seed", "4", "--around", "2026-11-25",
                                                  "--bucket", "500", "--restore-rate", "50", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  const char *query = "{\"query\": \"{ orders(first: 5) { nodes { id } } }\"}";
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "ready http://127.0.0.1:"));
  /* It starts in well under a second. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  url = g_strconcat (line + strlen ("ready "), "/admin/api/2026-10/graphql.json", NULL);
  msg = soup_message_new ("POST", url);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Shopify-Access-Token", "t");
  request = g_bytes_new_static (query, strlen (query));
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                  "\"maximumAvailable\":500"));

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static char *
post (SoupSession *session,
      const char  *url,
      const char  *token,
      const char  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (body != NULL ? "POST" : "GET", url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Shopify-Access-Token", token);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
}

/* The bulk flags reach the simulator: one operation at a time, and a slow
 * enough job that the second mutation finds the first unfinished. */
static void
test_bulk_flags (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                                  program, "--port", "0", "--requests", "5",
                                                  "--bulk-concurrency", "1", "--bulk-rate", "0.5",
                                                  "--bulk-fault", "expired", NULL);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *line = NULL;
  g_autofree char *graphql = NULL;
  g_autofree char *admin = NULL;
  const char *run = "{\"query\": \"mutation { bulkOperationRunQuery(query: \\\"{ orders { edges { node { id } } } }\\\")"
                    " { bulkOperation { id } userErrors { code } } }\"}";

  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "ready http://127.0.0.1:"));
  graphql = g_strconcat (line + strlen ("ready "), "/admin/api/2026-10/graphql.json", NULL);
  admin = g_strconcat (line + strlen ("ready "), "/admin/sim/bulk", NULL);

  {
    g_autofree char *first = post (session, graphql, "t", run);
    g_autofree char *second = post (session, graphql, "t", run);
    g_autofree char *counts = post (session, admin, NULL, NULL);

    g_assert_nonnull (strstr (first, "\"userErrors\":[]"));
    g_assert_nonnull (strstr (second, "\"code\":\"OPERATION_IN_PROGRESS\""));
    g_assert_cmpstr (counts, ==, "{\"created\":1,\"downloads\":0,\"cancelled\":0}");
  }

  g_subprocess_send_signal (proc, SIGTERM);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_no_error (error);
}

static void
test_bad_flags (void)
{
  const char *cases[][4] = {
    { "--port", "abc", NULL, "--port" },
    { "--port", "0", "--bogus", "--bogus" },
    { "--requests", "5", NULL, "--port" },
    { "--port", "0", "--around", "--around" },
    { "--port", "0", "--fault-rate", "--fault-rate" },
    { "--port=0", "--bucket=-1", NULL, "--bucket" },
    { "--port", "0", "--orders", "--orders" },
    { "--port=0", "--bulk-rate=0", NULL, "--bulk-rate" },
    { "--port=0", "--bulk-concurrency=0", NULL, "--bulk-concurrency" },
    { "--port=0", "--bulk-fault=Failed", NULL, "--bulk-fault" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_ptr_array_add (argv, (char *) program);
      for (guint k = 0; k < 3 && cases[i][k] != NULL; k++)
        g_ptr_array_add (argv, (char *) cases[i][k]);
      /* The value-less flags at the end: give --around and friends a bad one. */
      if (g_str_equal (cases[i][3], "--around"))
        g_ptr_array_add (argv, "2026-02-30");
      if (g_str_equal (cases[i][3], "--fault-rate"))
        g_ptr_array_add (argv, "1.5");
      if (g_str_equal (cases[i][3], "--orders"))
        g_ptr_array_add (argv, "/nonexistent/orders.jsonl");
      g_ptr_array_add (argv, NULL);
      proc = g_subprocess_newv ((const char * const *) argv->pdata,
                                G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
      g_test_message ("stderr: %s", err);
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_nonnull (strstr (err, cases[i][3]));
      /* One line. */
      g_assert_nonnull (strchr (err, '\n'));
      g_assert_cmpstr (strchr (err, '\n') + 1, ==, "");
    }
}

/* A stop right after the start quit the server's loop before it ran, and
 * the join waited forever (this test then times out). Many rounds: the
 * server thread must not reach its loop first by luck. */
static void
test_stop_right_after_start (void)
{
  for (guint round = 0; round < 200; round++)
    {
      BmdShopifySimOptions options;
      g_autoptr(BmdShopifySim) sim = NULL;
      g_autoptr(GError) error = NULL;

      bmd_shopify_sim_options_init (&options);
      options.requests = 1;
      sim = bmd_shopify_sim_new (&options);
      g_assert_true (bmd_shopify_sim_start (sim, 0, &error));
      g_assert_no_error (error);
      bmd_shopify_sim_stop (sim);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, >=, 2);
  program = argv[1];
  g_test_add_func ("/sim/program/ready-and-serve", test_ready_and_serve);
  g_test_add_func ("/sim/program/bad-flags", test_bad_flags);
  g_test_add_func ("/sim/program/bulk-flags", test_bulk_flags);
  g_test_add_func ("/sim/program/stop-right-after-start", test_stop_right_after_start);
  return g_test_run ();
}
