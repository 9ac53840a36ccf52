/* Preferences' "Test connection" against the real servers: what works is
 * summarised, what fails is named, and no secret is ever quoted. */

#include "config.h"

#include <string.h>

#include "bmd-connection-test.h"
#include "bmd-test-sim.h"

typedef struct
{
  char *key_id;
  char *secret;
} AwsKeys;

static AwsKeys keys;

static const char *
require_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL || *value == '\0')
    g_error ("%s is not set: start the servers with tests/servers/postgres.sh and ceph.sh "
             "(script/test does)", name);
  return value;
}

static BmdConfig *
s3_config (const char *bucket)
{
  BmdConfig *config = bmd_config_new ();

  bmd_config_set (&config->s3_endpoint, require_env ("BAKEMYDAY_S3_ENDPOINT"));
  bmd_config_set (&config->s3_bucket, bucket);
  bmd_config_set (&config->s3_region, require_env ("AWS_REGION"));
  bmd_config_set (&config->s3_prefix, "connection-test");
  return config;
}

static void
test_s3 (void)
{
  g_autoptr(BmdConfig) config = s3_config (require_env ("BAKEMYDAY_S3_BUCKET"));
  g_autoptr(BmdConfig) missing = s3_config ("no-such-bucket-for-bakemyday");
  BmdConnectionExtras stored = { NULL, keys.key_id, keys.secret, NULL };
  BmdConnectionExtras wrong = { NULL, keys.key_id, "not-the-secret-at-all", NULL };
  BmdConnectionExtras no_keys = { NULL, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wrong_error = NULL;
  g_autoptr(GError) missing_error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *none = NULL;

  /* The stored key, as Preferences passes it. */
  summary = bmd_connection_test_s3 (config, &stored, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, require_env ("BAKEMYDAY_S3_BUCKET")));

  none = bmd_connection_test_s3 (config, &wrong, NULL, &wrong_error);
  g_assert_null (none);
  g_assert_nonnull (wrong_error);
  g_test_message ("%s", wrong_error->message);
  g_assert_nonnull (strstr (wrong_error->message, "Listing s3://"));
  g_assert_null (strstr (wrong_error->message, "not-the-secret-at-all"));
  g_assert_null (strstr (wrong_error->message, keys.secret));

  g_clear_pointer (&none, g_free);
  none = bmd_connection_test_s3 (missing, &stored, NULL, &missing_error);
  g_assert_null (none);
  g_assert_nonnull (missing_error);
  g_test_message ("%s", missing_error->message);
  g_assert_nonnull (strstr (missing_error->message, "no-such-bucket-for-bakemyday"));

  /* No keys anywhere: said once, as the Glue test says it (it read "No AWS
   * credentials: No AWS credentials: …"). */
  g_clear_pointer (&none, g_free);
  g_clear_error (&error);
  none = bmd_connection_test_s3 (config, &no_keys, NULL, &error);
  g_assert_null (none);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "AWS credentials: "));
  g_assert_null (strstr (error->message + 1, "No AWS credentials: No AWS"));
}

static BmdConfig *
glue_config (const char *database,
             const char *endpoint)
{
  BmdConfig *config = bmd_config_new ();

  bmd_config_set (&config->glue_database, database);
  bmd_config_set (&config->glue_endpoint, endpoint);
  bmd_config_set (&config->s3_region, "us-east-1");
  return config;
}

/* Each failure names its step: credentials, endpoint, then the database. */
static void
test_glue (void)
{
  const char *endpoint = require_env ("BMD_TEST_GLUE_ENDPOINT");
  g_autofree char *database = g_strdup_printf ("bmd_connection_%08x", g_random_int ());
  g_autoptr(BmdConfig) config = glue_config (database, endpoint);
  g_autoptr(BmdConfig) unset = glue_config (NULL, endpoint);
  g_autoptr(BmdConfig) plain_http = glue_config (database, "http://glue.example.com");
  g_autoptr(BmdConfig) closed = glue_config (database, "http://127.0.0.1:1");
  BmdConnectionExtras stored = { NULL, keys.key_id, keys.secret, NULL };
  BmdConnectionExtras no_keys = { NULL, NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  /* A database that is not there yet: reached, and told the refresh makes it. */
  summary = bmd_connection_test_glue (config, &stored, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "does not exist yet"));
  g_assert_nonnull (strstr (summary, database));
  g_assert_null (strstr (summary, keys.secret));

  g_assert_null (bmd_connection_test_glue (unset, &stored, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (bmd_connection_test_glue (config, &no_keys, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "AWS credentials: "));
  g_clear_error (&error);

  g_assert_null (bmd_connection_test_glue (plain_http, &stored, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "Glue endpoint: "));
  g_clear_error (&error);

  g_assert_null (bmd_connection_test_glue (closed, &stored, NULL, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Glue database "));
  g_assert_null (strstr (error->message, keys.secret));
}

static void
test_warehouse (void)
{
  const char *conninfo = require_env ("BAKEMYDAY_WAREHOUSE");
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(BmdConfig) wrong = bmd_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) wrong_error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *none = NULL;
  g_autofree char *without_password = NULL;
  g_auto(GStrv) words = g_strsplit (conninfo, " ", -1);
  g_autoptr(GString) kept = g_string_new (NULL);
  BmdConnectionExtras bad_password = { NULL, NULL, NULL, "definitely-wrong-password" };
  guint i;

  bmd_config_set (&config->warehouse, conninfo);
  summary = bmd_connection_test_warehouse (config, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", summary);
  g_assert_nonnull (summary);

  /* As Preferences stores it: the connection without its password, the
   * password apart — here a wrong one. */
  for (i = 0; words[i] != NULL; i++)
    {
      if (!g_str_has_prefix (words[i], "password="))
        g_string_append_printf (kept, "%s%s", kept->len > 0 ? " " : "", words[i]);
    }
  without_password = g_strdup (kept->str);
  bmd_config_set (&wrong->warehouse, without_password);
  none = bmd_connection_test_warehouse (wrong, &bad_password, NULL, &wrong_error);
  g_assert_null (none);
  g_assert_nonnull (wrong_error);
  g_test_message ("%s", wrong_error->message);
  g_assert_nonnull (strstr (wrong_error->message, "Connecting to the warehouse failed"));
  g_assert_null (strstr (wrong_error->message, "definitely-wrong-password"));
}

static void
test_shopify (void)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bad_error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *none = NULL;

  bmd_shopify_sim_options_init (&options);
  options.requests = 2;
  sim = bmd_test_sim_start (&options);

  bmd_config_set (&config->shop, bmd_shopify_sim_get_url (sim));
  bmd_config_set (&config->token, "some-token");
  summary = bmd_connection_test_shopify (config, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "America/Chicago"));

  bmd_config_set (&config->token, "bad-token");
  none = bmd_connection_test_shopify (config, NULL, &bad_error);
  g_assert_null (none);
  g_assert_nonnull (bad_error);
  g_test_message ("%s", bad_error->message);
  g_assert_null (strstr (bad_error->message, "bad-token"));
  bmd_shopify_sim_stop (sim);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* The keys go through the stored-key path, as Preferences hands them over;
   * the environment must not answer first. */
  keys.key_id = g_strdup (require_env ("AWS_ACCESS_KEY_ID"));
  keys.secret = g_strdup (require_env ("AWS_SECRET_ACCESS_KEY"));
  g_unsetenv ("AWS_ACCESS_KEY_ID");
  g_unsetenv ("AWS_SECRET_ACCESS_KEY");
  g_unsetenv ("AWS_PROFILE");
  g_setenv ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", TRUE);
  g_setenv ("AWS_CONFIG_FILE", "/nonexistent/config", TRUE);

  g_test_add_func ("/bmd/connection-test/s3", test_s3);
  g_test_add_func ("/bmd/connection-test/warehouse", test_warehouse);
  g_test_add_func ("/bmd/connection-test/shopify", test_shopify);
  g_test_add_func ("/bmd/connection-test/glue", test_glue);

  return g_test_run ();
}
