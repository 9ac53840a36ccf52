/* Secrets never reach the terminal or the runs table, whatever a server or a
 * file holds; and what a server sends cannot drive the terminal. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bmd-test-proxy.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

#define TOKEN "shpat_echoed_0123456789"
#define CLIENT_SECRET "csecret_echoed_987654"

typedef struct
{
  BmdShopifySim *sim;
  char *dir;
  char *data_dir;
  char *config_home;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BmdShopifySimOptions options;

  bmd_shopify_sim_options_init (&options);
  options.requests = 5;
  options.seed = 3;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  fixture->sim = bmd_test_sim_start (&options);
  fixture->dir = g_dir_make_tmp ("bmd-secrets-XXXXXX", NULL);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->config_home = g_build_filename (fixture->dir, "config", NULL);
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
  g_free (fixture->config_home);
}

/* The environment of every run: no keyring, and this test's settings. */
static GStrv
run_env (Fixture    *fixture,
         const char *first,
         ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *config_home = g_strconcat ("XDG_CONFIG_HOME=", fixture->config_home, NULL);
  const char *item;
  va_list args;

  g_strv_builder_add (builder, config_home);
  g_strv_builder_add (builder, "DBUS_SESSION_BUS_ADDRESS=disabled:");
  g_strv_builder_add (builder, "BAKEMYDAY_KEYRING_TIMEOUT_MS=300");
  va_start (args, first);
  for (item = first; item != NULL; item = va_arg (args, const char *))
    g_strv_builder_add (builder, item);
  va_end (args);
  return g_strv_builder_end (builder);
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, TOKEN));
  g_assert_null (strstr (text, CLIENT_SECRET));
  g_assert_null (strchr (text, '\x1b'));
  g_assert_null (strchr (text, '\a'));
}

/* The error the last run stored in the runs table. */
static char *
last_run_error (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->data_dir, "bakemyday.sqlite3", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT error FROM runs ORDER BY id DESC LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* A server that quotes back what it was sent, with a terminal escape that
 * clears the screen and forges a success line. */
static char *
echo_secret_cb (const char *request,
                const char *answer,
                guint      *status,
                gpointer    user_data)
{
  if (strstr (request, "client_secret") != NULL)
    {
      *status = 401;
      return g_strdup ("{\"error\":\"invalid_client\",\"error_description\":\"unknown secret "
                       CLIENT_SECRET " \\u001b[2J\\u001b[Hrefreshed: 9 orders\\u0007\"}");
    }
  *status = 200;
  return g_strdup ("{\"errors\":[{\"message\":\"Field 'x' doesn't exist; you sent " TOKEN
                   " \\u001b[2J\\u001b[Hrefreshed: 9 orders (9 added, 0 updated, 0 deleted)\\u0007\"}]}");
}

static void
test_echoed_secrets (Fixture       *fixture,
                     gconstpointer  data)
{
  BmdTestProxy *proxy = bmd_test_proxy_start (bmd_shopify_sim_get_url (fixture->sim), echo_secret_cb, NULL);
  g_autofree char *shop = g_strconcat ("--shop=", bmd_test_proxy_get_url (proxy), NULL);
  g_autofree char *data_dir = g_strconcat ("--data-dir=", fixture->data_dir, NULL);
  g_auto(GStrv) token_env = run_env (fixture, "BAKEMYDAY_TOKEN=" TOKEN, NULL);
  g_auto(GStrv) grant_env = run_env (fixture, "BAKEMYDAY_CLIENT_ID=client-id",
                                     "BAKEMYDAY_CLIENT_SECRET=" CLIENT_SECRET, NULL);
  g_auto(BmdTestRun) token_run = { 0 };
  g_auto(BmdTestRun) grant_run = { 0 };
  g_autofree char *token_row = NULL;
  g_autofree char *grant_row = NULL;

  bmd_test_run_cli (&token_run, (const char * const *) token_env, "refresh", shop, data_dir, NULL);
  g_test_message ("%s", token_run.err);
  g_assert_cmpint (token_run.status, ==, 1);
  assert_no_secret (token_run.err);
  g_assert_nonnull (strstr (token_run.err, "you sent [redacted] \\x1b[2J\\x1b[Hrefreshed"));
  g_assert_cmpstr (token_run.out, ==, "");
  token_row = last_run_error (fixture);
  g_test_message ("%s", token_row);
  g_assert_null (strstr (token_row, TOKEN));
  g_assert_nonnull (strstr (token_row, "[redacted]"));

  bmd_test_run_cli (&grant_run, (const char * const *) grant_env, "refresh", shop, data_dir, NULL);
  g_test_message ("%s", grant_run.err);
  g_assert_cmpint (grant_run.status, !=, 0);
  assert_no_secret (grant_run.err);
  grant_row = last_run_error (fixture);
  g_assert_null (strstr (grant_row, CLIENT_SECRET));
  g_assert_cmpuint (bmd_test_proxy_get_rewritten (proxy), >=, 2);
  bmd_test_proxy_stop (proxy);
}

/* A line break in a token would add headers to every request. */
static void
test_line_break_in_credentials (Fixture       *fixture,
                                gconstpointer  data)
{
  const char *envs[][2] = {
    { "BAKEMYDAY_TOKEN=shpat_abcdef\r\nX-Injected: 1", NULL },
    { "BAKEMYDAY_TOKEN=shpat_abcdef\nX-Injected: 1", NULL },
    { "BAKEMYDAY_CLIENT_ID=client-id", "BAKEMYDAY_CLIENT_SECRET=secret_abcdef\r\nX-Injected: 1" },
  };
  g_autofree char *shop = g_strconcat ("--shop=", bmd_shopify_sim_get_url (fixture->sim), NULL);
  g_autofree char *data_dir = g_strconcat ("--data-dir=", fixture->data_dir, NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (envs); i++)
    {
      g_auto(GStrv) env = run_env (fixture, envs[i][0], envs[i][1], NULL);
      g_auto(BmdTestRun) run = { 0 };

      bmd_test_run_cli (&run, (const char * const *) env, "refresh", shop, data_dir, NULL);
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, "line break"));
      g_assert_null (strstr (run.err, "Injected"));
      g_assert_null (strstr (run.err, "abcdef"));
    }
}

/* A granted token goes into every request's headers: one with a line
 * break added headers. */
static char *
grant_line_break_cb (const char *request,
                     const char *answer,
                     guint      *status,
                     gpointer    user_data)
{
  if (strstr (request, "client_secret") == NULL)
    return NULL;
  *status = 200;
  return g_strdup ("{\"access_token\":\"shpat_granted_0123\\r\\nX-Injected: 1\",\"scope\":\"read_orders\","
                   "\"expires_in\":86399}");
}

static void
test_granted_token_line_break (Fixture       *fixture,
                               gconstpointer  data)
{
  BmdTestProxy *proxy = bmd_test_proxy_start (bmd_shopify_sim_get_url (fixture->sim), grant_line_break_cb, NULL);
  g_autofree char *shop = g_strconcat ("--shop=", bmd_test_proxy_get_url (proxy), NULL);
  g_autofree char *data_dir = g_strconcat ("--data-dir=", fixture->data_dir, NULL);
  g_auto(GStrv) env = run_env (fixture, "BAKEMYDAY_CLIENT_ID=client-id",
                               "BAKEMYDAY_CLIENT_SECRET=" CLIENT_SECRET, NULL);
  g_auto(BmdTestRun) run = { 0 };

  bmd_test_run_cli (&run, (const char * const *) env, "refresh", shop, data_dir, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (bmd_test_proxy_get_rewritten (proxy), ==, 1);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "not one line"));
  g_assert_null (strstr (run.err, "Injected"));
  bmd_test_proxy_stop (proxy);
}

/* A token file is one line: its line ending goes, a second line is an
 * error that does not quote the file. */
static void
test_token_file (Fixture       *fixture,
                 gconstpointer  data)
{
  const struct
  {
    const char *contents;
    int status;
    const char *message_part;
  } cases[] = {
    { "shpat_file_token_1\n", 0, NULL },
    { "shpat_file_token_1\r\n", 0, NULL },
    { "  shpat_file_token_1  \n", 0, NULL },
    { "shpat_file_token_1\nshpat_file_token_2\n", 2, "more than one line" },
    { "shpat_file_token_1\rX-Injected: 1", 2, "more than one line" },
    { "shpat_file_token_1\n\n", 2, "more than one line" },
    { "\n", 2, "is empty" },
  };
  g_autofree char *shop = g_strconcat ("--shop=", bmd_shopify_sim_get_url (fixture->sim), NULL);
  g_autofree char *data_dir = g_strconcat ("--data-dir=", fixture->data_dir, NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "token", NULL);
  g_autofree char *token_file = g_strconcat ("--token-file=", path, NULL);
  g_auto(GStrv) env = run_env (fixture, NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BmdTestRun) run = { 0 };

      g_assert_true (g_file_set_contents (path, cases[i].contents, -1, NULL));
      bmd_test_run_cli (&run, (const char * const *) env, "refresh", shop, data_dir, token_file, NULL);
      g_test_message ("case %u: %s", i, run.err);
      g_assert_cmpint (run.status, ==, cases[i].status);
      if (cases[i].message_part != NULL)
        {
          g_assert_nonnull (strstr (run.err, cases[i].message_part));
          g_assert_null (strstr (run.err, "shpat_file_token"));
          g_assert_null (strstr (run.err, "Injected"));
        }
    }
}

/* A bare token pasted into the secrets file was quoted in the error. */
static void
test_bare_token_in_secrets_file (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fixture->config_home, "bakemyday", NULL);
  g_autofree char *secrets = g_build_filename (folder, "secrets", NULL);
  g_autofree char *shop = g_strconcat ("--shop=", bmd_shopify_sim_get_url (fixture->sim), NULL);
  g_autofree char *data_dir = g_strconcat ("--data-dir=", fixture->data_dir, NULL);
  g_auto(GStrv) env = run_env (fixture, NULL);
  g_auto(BmdTestRun) run = { 0 };

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (secrets, TOKEN "\n", -1, NULL));
  g_assert_cmpint (g_chmod (secrets, 0600), ==, 0);

  bmd_test_run_cli (&run, (const char * const *) env, "refresh", shop, data_dir, NULL);
  g_test_message ("%s", run.err);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, secrets));
  assert_no_secret (run.err);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/bmd/cli/secrets/echoed", Fixture, NULL, fixture_set_up, test_echoed_secrets, fixture_tear_down);
  g_test_add ("/bmd/cli/secrets/line-break", Fixture, NULL, fixture_set_up, test_line_break_in_credentials, fixture_tear_down);
  g_test_add ("/bmd/cli/secrets/granted-token-line-break", Fixture, NULL, fixture_set_up, test_granted_token_line_break, fixture_tear_down);
  g_test_add ("/bmd/cli/secrets/token-file", Fixture, NULL, fixture_set_up, test_token_file, fixture_tear_down);
  g_test_add ("/bmd/cli/secrets/bare-token-file", Fixture, NULL, fixture_set_up, test_bare_token_in_secrets_file, fixture_tear_down);

  return g_test_run ();
}
