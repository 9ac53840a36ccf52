/* Secrets: the 0600 file when there is no keyring (no session bus: it falls
 * back at once), and the keyring when one answers (run-keyring.sh starts a
 * private D-Bus session with gnome-keyring and passes --keyring). */
#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "bmd-config.h"
#include "bmd-secrets.h"
#include "bmd-settings-file.h"

static char *config_home;

static void
assert_mode (const char *path,
             guint       mode)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_file_fallback (void)
{
  g_autofree char *path = bmd_secrets_file_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *value = NULL;
  g_autofree char *other = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  BmdSecretsBackend backend = BMD_SECRETS_BACKEND_NONE;
  gint64 started = g_get_monotonic_time ();
  const char *token = "shpat_0123\nwith 'quotes' = and ünïcode";

  /* A folder that exists with a looser mode is tightened. */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);

  g_assert_true (bmd_secrets_store (BMD_SECRET_SHOPIFY_TOKEN, token, &backend, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_FILE);
  g_assert_true (bmd_secrets_store (BMD_SECRET_WAREHOUSE_PASSWORD, "pg-pw", &backend, NULL, &error));
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_FILE);
  assert_mode (path, 0600);
  assert_mode (dir, 0700);

  value = bmd_secrets_lookup (BMD_SECRET_SHOPIFY_TOKEN, &backend, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, token);
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_FILE);
  g_assert_null (bmd_secrets_lookup (BMD_SECRET_AWS_SECRET_ACCESS_KEY, &backend, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_NONE);

  /* Replacing keeps the mode (a new file is renamed over the old one). */
  g_assert_true (bmd_secrets_store (BMD_SECRET_SHOPIFY_TOKEN, "second", NULL, NULL, &error));
  assert_mode (path, 0600);
  g_clear_pointer (&value, g_free);
  value = bmd_secrets_lookup (BMD_SECRET_SHOPIFY_TOKEN, NULL, NULL, &error);
  g_assert_cmpstr (value, ==, "second");
  other = bmd_secrets_lookup (BMD_SECRET_WAREHOUSE_PASSWORD, NULL, NULL, &error);
  g_assert_cmpstr (other, ==, "pg-pw");

  /* Deleting: an empty value removes it; the last one removes the file. */
  g_assert_true (bmd_secrets_store (BMD_SECRET_SHOPIFY_TOKEN, "", NULL, NULL, &error));
  g_assert_null (bmd_secrets_lookup (BMD_SECRET_SHOPIFY_TOKEN, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "second"));
  g_assert_true (bmd_secrets_store (BMD_SECRET_WAREHOUSE_PASSWORD, NULL, NULL, NULL, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Without a session bus nothing waited for a keyring. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 2 * G_TIME_SPAN_SECOND);
}

/* A file edited on another system: CRLF line ends, the last line without
 * its LF. The value reads without the CR, and storing another secret keeps
 * it as it read (GKeyFile kept a lone CR at the end of the file, then wrote
 * it back where it read as a line end: the value changed). */
static void
test_file_carriage_returns (void)
{
  g_autofree char *path = bmd_secrets_file_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *aws = NULL;
  g_autofree char *after = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "[secrets]\r\naws-secret-access-key=aws\r\r\n"
                                      "warehouse-password=pg-pw\r", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);

  password = bmd_secrets_file_lookup (BMD_SECRET_WAREHOUSE_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "pg-pw");
  aws = bmd_secrets_file_lookup (BMD_SECRET_AWS_SECRET_ACCESS_KEY, &error);
  g_assert_cmpstr (aws, ==, "aws");

  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_TOKEN, "shpat_new", &error));
  g_assert_no_error (error);
  after = bmd_secrets_file_lookup (BMD_SECRET_WAREHOUSE_PASSWORD, &error);
  g_assert_cmpstr (after, ==, "pg-pw");
  g_clear_pointer (&after, g_free);
  after = bmd_secrets_file_lookup (BMD_SECRET_AWS_SECRET_ACCESS_KEY, &error);
  g_assert_cmpstr (after, ==, "aws");
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_lookup_all_async_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_lookup_all_async (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  BmdSecretsBackend backends[BMD_N_SECRETS];
  char **values;

  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_CLIENT_SECRET, "client-secret", &error));
  bmd_secrets_lookup_all_async (NULL, test_lookup_all_async_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  values = bmd_secrets_lookup_all_finish (result, backends, &error);
  g_assert_no_error (error);
  g_assert_null (values[BMD_SECRET_SHOPIFY_TOKEN]);
  g_assert_cmpint (backends[BMD_SECRET_SHOPIFY_TOKEN], ==, BMD_SECRETS_BACKEND_NONE);
  g_assert_cmpstr (values[BMD_SECRET_SHOPIFY_CLIENT_SECRET], ==, "client-secret");
  g_assert_cmpint (backends[BMD_SECRET_SHOPIFY_CLIENT_SECRET], ==, BMD_SECRETS_BACKEND_FILE);
  bmd_secrets_free_all (values);
  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_CLIENT_SECRET, NULL, &error));
}

/* A bus that does not answer: the keyring call gives up after the timeout. */
static void
test_no_bus_answer (void)
{
  g_autofree char *socket = g_build_filename (config_home, "silent-bus", NULL);
  g_autofree char *address = g_strdup_printf ("unix:path=%s", socket);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  BmdSecretsBackend backend;
  gint64 started;

  /* Listens but never speaks D-Bus. */
  listener = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, &error);
  g_assert_no_error (error);
  socket_address = g_unix_socket_address_new (socket);
  g_assert_true (g_socket_bind (listener, socket_address, TRUE, &error));
  g_assert_true (g_socket_listen (listener, &error));

  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_TOKEN, "from-file", &error));
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_setenv ("BAKEMYDAY_KEYRING_TIMEOUT_MS", "300", TRUE);
  started = g_get_monotonic_time ();
  value = bmd_secrets_lookup (BMD_SECRET_SHOPIFY_TOKEN, &backend, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "from-file");
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_FILE);
  /* The timeout plus at most the second it gives a cancelled call. */
  g_assert_cmpint (g_get_monotonic_time () - started, <, 1500 * G_TIME_SPAN_MILLISECOND);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("BAKEMYDAY_KEYRING_TIMEOUT_MS");
  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_TOKEN, NULL, &error));
}

static void
test_keyring (void)
{
  g_autofree char *path = bmd_secrets_file_dup_path ();
  g_autofree char *value = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  BmdSecretsBackend backend = BMD_SECRETS_BACKEND_NONE;

  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  /* A copy left in the file from a time without a keyring moves to the keyring. */
  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_TOKEN, "old", &error));
  g_assert_true (bmd_secrets_store (BMD_SECRET_SHOPIFY_TOKEN, "keyring-token", &backend, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_KEYRING);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  value = bmd_secrets_keyring_lookup (BMD_SECRET_SHOPIFY_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "keyring-token");
  g_clear_pointer (&value, g_free);
  value = bmd_secrets_lookup (BMD_SECRET_SHOPIFY_TOKEN, &backend, NULL, &error);
  g_assert_cmpstr (value, ==, "keyring-token");
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_KEYRING);

  /* The CLI's stored layer reads it. */
  g_unsetenv ("BAKEMYDAY_TOKEN");
  g_assert_true (bmd_config_apply_stored (config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->token, ==, "keyring-token");

  /* Replace, then delete. */
  g_assert_true (bmd_secrets_store (BMD_SECRET_SHOPIFY_TOKEN, "replaced", &backend, NULL, &error));
  g_clear_pointer (&value, g_free);
  value = bmd_secrets_keyring_lookup (BMD_SECRET_SHOPIFY_TOKEN, NULL, &error);
  g_assert_cmpstr (value, ==, "replaced");
  g_assert_true (bmd_secrets_store (BMD_SECRET_SHOPIFY_TOKEN, NULL, &backend, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (backend, ==, BMD_SECRETS_BACKEND_NONE);
  g_clear_pointer (&value, g_free);
  value = bmd_secrets_keyring_lookup (BMD_SECRET_SHOPIFY_TOKEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (value);
  g_assert_null (bmd_secrets_lookup (BMD_SECRET_SHOPIFY_TOKEN, NULL, NULL, &error));
}

int
main (int    argc,
      char **argv)
{
  gboolean keyring = FALSE;
  int status;
  int i;

  for (i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--keyring") == 0)
      keyring = TRUE;

  config_home = g_dir_make_tmp ("bmd-secrets-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  if (!keyring)
    {
      g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
      g_setenv ("XDG_RUNTIME_DIR", config_home, TRUE);
    }

  g_test_init (&argc, &argv, NULL);
  if (keyring)
    g_test_add_func ("/bmd/secrets/keyring", test_keyring);
  else
    {
      g_test_add_func ("/bmd/secrets/file-fallback", test_file_fallback);
      g_test_add_func ("/bmd/secrets/file-carriage-returns", test_file_carriage_returns);
      g_test_add_func ("/bmd/secrets/lookup-all-async", test_lookup_all_async);
      g_test_add_func ("/bmd/secrets/bus-does-not-answer", test_no_bus_answer);
    }
  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", config_home, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (config_home);
  return status;
}
