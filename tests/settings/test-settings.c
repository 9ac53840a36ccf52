/* Stored settings: the keyfile the app writes through GSettings and the CLI
 * reads without it, precedence (flags > environment > stored > defaults), the
 * warehouse password joining the connection, and bakemyday-sync reading the
 * stored shop and token. */
#define G_SETTINGS_ENABLE_BACKEND
#include "config.h"

#include <gio/gsettingsbackend.h>
#include <glib/gstdio.h>

#include "bmd-config.h"
#include "bmd-secrets.h"
#include "bmd-settings-file.h"
#include "bmd-test-sim.h"

static char *config_home;

static void
write_settings (const char *text)
{
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
clear_stored (void)
{
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autofree char *secrets = bmd_secrets_file_dup_path ();

  g_unlink (path);
  g_unlink (secrets);
}

/* Found by fuzzing: a quoted value that is not UTF-8 made a GVariant
 * critical (fatal in the tests); it is ignored like any unparsable value. */
static void
test_not_utf8_ignored (void)
{
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shop = NULL;
  g_autofree char *bucket = NULL;

  clear_stored ();
  write_settings ("[BakeMyDay]\nshop='bak\xff\xfe'\ns3-bucket='lake'\n");
  file = bmd_settings_file_load (path, &error);
  g_assert_no_error (error);
  shop = bmd_settings_file_dup_string (file, "shop");
  g_assert_null (shop);
  bucket = bmd_settings_file_dup_string (file, "s3-bucket");
  g_assert_cmpstr (bucket, ==, "lake");
  clear_stored ();
}

static void
test_keyfile_round_trip (void)
{
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GKeyFile) loaded = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GError) error = NULL;

  clear_stored ();
  bmd_settings_file_set_string (file, "shop", "it's-a-bakery");
  bmd_settings_file_set_string (file, "api-version", "2025-07");
  bmd_settings_file_set_string (file, "client-id", "client-1");
  bmd_settings_file_set_string (file, "metafield-namespace", "cakes");
  bmd_settings_file_set_string (file, "draft-type-key", "kind");
  bmd_settings_file_set_string (file, "pickup-date-key", "when");
  bmd_settings_file_set_string (file, "flavor-key", "taste");
  bmd_settings_file_set_string (file, "theme-key", "look");
  bmd_settings_file_set_string (file, "allergies-key", "avoid");
  bmd_settings_file_set_string (file, "time-zone", "Europe/Berlin");
  bmd_settings_file_set_string (file, "queue-window", "calendar-week");
  bmd_settings_file_set_boolean (file, "refresh-on-start", TRUE);
  bmd_settings_file_set_string (file, "s3-endpoint", "http://127.0.0.1:7480");
  bmd_settings_file_set_string (file, "s3-bucket", "lake");
  bmd_settings_file_set_string (file, "s3-prefix", "");
  bmd_settings_file_set_string (file, "s3-region", "eu-central-1");
  bmd_settings_file_set_string (file, "warehouse", "host=db dbname=bakery");
  bmd_settings_file_set_string (file, "warehouse-dialect", "postgres");
  bmd_settings_file_set_string (file, "redshift-iam-role", "arn:aws:iam::1:role/x");
  bmd_settings_file_set_string (file, "redshift-workgroup", "wg");
  bmd_settings_file_set_string (file, "glue-database", "bakery_lake");
  bmd_settings_file_set_string (file, "glue-endpoint", "http://127.0.0.1:5000");
  /* Written by hand without quotes: not GVariant text, ignored as GSettings would. */
  g_key_file_set_value (file, BMD_SETTINGS_GROUP, "daily-refresh-time", "07:00");
  g_assert_true (bmd_settings_file_save (file, path, &error));
  g_assert_no_error (error);

  loaded = bmd_settings_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_settings_file_get_boolean (loaded, "refresh-on-start", FALSE));
  g_assert_false (bmd_settings_file_get_boolean (loaded, "daily-refresh", FALSE));
  g_assert_null (bmd_settings_file_dup_string (loaded, "daily-refresh-time"));

  bmd_config_apply_settings_file (config, loaded);
  g_assert_cmpstr (config->shop, ==, "it's-a-bakery");
  g_assert_cmpstr (config->api_version, ==, "2025-07");
  g_assert_cmpstr (config->client_id, ==, "client-1");
  g_assert_cmpstr (config->metafield_namespace, ==, "cakes");
  g_assert_cmpstr (config->draft_type_key, ==, "kind");
  g_assert_cmpstr (config->pickup_key, ==, "when");
  g_assert_cmpstr (config->flavor_key, ==, "taste");
  g_assert_cmpstr (config->theme_key, ==, "look");
  g_assert_cmpstr (config->allergies_key, ==, "avoid");
  g_assert_cmpstr (config->zone, ==, "Europe/Berlin");
  g_assert_true (config->queue_calendar_week);
  g_assert_cmpstr (config->s3_endpoint, ==, "http://127.0.0.1:7480");
  g_assert_cmpstr (config->s3_bucket, ==, "lake");
  g_assert_cmpstr (config->s3_prefix, ==, "");
  g_assert_cmpstr (config->s3_region, ==, "eu-central-1");
  g_assert_cmpstr (config->warehouse, ==, "host=db dbname=bakery");
  g_assert_cmpstr (config->warehouse_dialect, ==, "postgres");
  g_assert_cmpstr (config->redshift_iam_role, ==, "arn:aws:iam::1:role/x");
  g_assert_cmpstr (config->redshift_workgroup, ==, "wg");
  g_assert_cmpstr (config->glue_database, ==, "bakery_lake");
  g_assert_cmpstr (config->glue_endpoint, ==, "http://127.0.0.1:5000");
  g_assert_cmpuint (config->lake_retention_days, ==, BMD_DEFAULT_LAKE_RETENTION_DAYS);
  /* No secrets came from the settings file. */
  g_assert_null (config->token);
  g_assert_null (config->client_secret);
}

/* What the app writes through GSettings (keyfile backend, the compiled
 * schema from the build tree) is what the core reads. */
static void
test_gsettings_writes_keyfile (void)
{
  g_autofree char *schema_dir = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "data", NULL);
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autoptr(GSettingsSchemaSource) source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *api_version = NULL;

  clear_stored ();
  source = g_settings_schema_source_new_from_directory (schema_dir, NULL, FALSE, &error);
  g_assert_no_error (error);
  schema = g_settings_schema_source_lookup (source, "com.organicbakeryaustin.BakeMyDay", FALSE);
  g_assert_nonnull (schema);

  backend = g_keyfile_settings_backend_new (path, BMD_SETTINGS_ROOT_PATH, BMD_SETTINGS_GROUP);
  settings = g_settings_new_full (schema, backend, NULL);
  /* The schema's defaults are the core's. */
  api_version = g_settings_get_string (settings, "api-version");
  g_assert_cmpstr (api_version, ==, config->api_version);
  g_assert_true (g_settings_set_string (settings, "shop", "from-gsettings"));
  g_assert_true (g_settings_set_string (settings, "queue-window", "calendar-week"));
  g_assert_true (g_settings_set_boolean (settings, "daily-refresh", TRUE));
  g_assert_true (g_settings_set_string (settings, "s3-prefix", "lake/prefix"));
  g_assert_cmpuint (g_settings_get_uint (settings, "lake-retention-days"), ==, BMD_DEFAULT_LAKE_RETENTION_DAYS);
  g_assert_true (g_settings_set_uint (settings, "lake-retention-days", 30));
  g_assert_true (g_settings_set_string (settings, "glue-database", "from_gsettings"));
  g_assert_true (g_settings_set_uint (settings, "sweep-interval-hours", 6));
  g_settings_sync ();

  file = bmd_settings_file_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (bmd_settings_file_get_boolean (file, "daily-refresh", FALSE));
  bmd_config_apply_settings_file (config, file);
  g_assert_cmpstr (config->shop, ==, "from-gsettings");
  g_assert_true (config->queue_calendar_week);
  g_assert_cmpstr (config->s3_prefix, ==, "lake/prefix");
  g_assert_cmpuint (config->sweep_interval_hours, ==, 6);
  g_assert_cmpstr (config->api_version, ==, BMD_DEFAULT_API_VERSION);
  g_assert_cmpuint (config->lake_retention_days, ==, 30);
  g_assert_cmpstr (config->glue_database, ==, "from_gsettings");

  /* The environment over both; a value that is not a count of days is ignored. */
  g_setenv ("BAKEMYDAY_LAKE_RETENTION_DAYS", "0", TRUE);
  bmd_config_apply_environment (config);
  g_assert_cmpuint (config->lake_retention_days, ==, 0);
  g_setenv ("BAKEMYDAY_LAKE_RETENTION_DAYS", "-1", TRUE);
  bmd_config_apply_environment (config);
  g_assert_cmpuint (config->lake_retention_days, ==, 0);
  g_unsetenv ("BAKEMYDAY_LAKE_RETENTION_DAYS");
}

/* sweep-interval-hours: the schema's range 1-720; values outside it, as
 * GSettings does, are ignored (0 stays "the default"). */
static void
test_sweep_interval_range (void)
{
  static const struct { const char *text; guint expected; } cases[] = {
    { "0", 0 }, { "1", 1 }, { "720", 720 }, { "721", 0 }, { "-1", 0 }, { "twelve", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GKeyFile) file = g_key_file_new ();
      g_autoptr(BmdConfig) config = bmd_config_new ();

      g_key_file_set_value (file, BMD_SETTINGS_GROUP, "sweep-interval-hours", cases[i].text);
      bmd_config_apply_settings_file (config, file);
      g_assert_cmpuint (config->sweep_interval_hours, ==, cases[i].expected);
    }
}

static void
test_precedence (void)
{
  g_autoptr(BmdConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  clear_stored ();
  g_unsetenv ("BAKEMYDAY_SHOP");
  g_unsetenv ("BAKEMYDAY_API_VERSION");
  g_unsetenv ("BAKEMYDAY_TZ");
  g_unsetenv ("BAKEMYDAY_TOKEN");

  /* Defaults. */
  config = bmd_config_new ();
  g_assert_true (bmd_config_apply_stored (config, &error));
  g_assert_no_error (error);
  bmd_config_apply_environment (config);
  g_assert_null (config->shop);
  g_assert_cmpstr (config->api_version, ==, BMD_DEFAULT_API_VERSION);
  g_assert_null (config->zone);
  g_clear_pointer (&config, bmd_config_free);

  /* Stored over defaults. */
  write_settings ("[BakeMyDay]\nshop='stored-shop'\napi-version='2025-01'\ntime-zone='Asia/Tokyo'\n");
  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_TOKEN, "stored-token", &error));
  config = bmd_config_new ();
  g_assert_true (bmd_config_apply_stored (config, &error));
  bmd_config_apply_environment (config);
  g_assert_cmpstr (config->shop, ==, "stored-shop");
  g_assert_cmpstr (config->api_version, ==, "2025-01");
  g_assert_cmpstr (config->zone, ==, "Asia/Tokyo");
  g_assert_cmpstr (config->token, ==, "stored-token");
  g_clear_pointer (&config, bmd_config_free);

  /* Environment over stored; an empty variable counts as unset. */
  g_setenv ("BAKEMYDAY_SHOP", "env-shop", TRUE);
  g_setenv ("BAKEMYDAY_TOKEN", "env-token", TRUE);
  g_setenv ("BAKEMYDAY_TZ", "", TRUE);
  config = bmd_config_new ();
  g_assert_true (bmd_config_apply_stored (config, &error));
  bmd_config_apply_environment (config);
  g_assert_cmpstr (config->shop, ==, "env-shop");
  g_assert_cmpstr (config->token, ==, "env-token");
  g_assert_cmpstr (config->api_version, ==, "2025-01");
  g_assert_cmpstr (config->zone, ==, "Asia/Tokyo");

  /* Flags over the environment, as the CLI applies them. */
  bmd_config_set (&config->shop, "flag-shop");
  g_assert_cmpstr (config->shop, ==, "flag-shop");

  g_unsetenv ("BAKEMYDAY_SHOP");
  g_unsetenv ("BAKEMYDAY_TOKEN");
  g_unsetenv ("BAKEMYDAY_TZ");
  clear_stored ();
}

static void
test_unreadable_settings (void)
{
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GError) error = NULL;

  clear_stored ();
  write_settings ("this is not a keyfile\n");
  g_assert_false (bmd_config_apply_stored (config, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "settings.ini"));
  clear_stored ();
}

static void
test_warehouse_password (void)
{
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *kv = bmd_conninfo_with_password ("host=db dbname=bakery user=etl", "p'w\\d");
  g_autofree char *uri = bmd_conninfo_with_password ("postgresql://etl@db:5439/bakery?sslmode=require", "pw");
  g_autofree char *kept = bmd_conninfo_with_password ("host=db password=own", "other");
  g_autofree char *none = bmd_conninfo_with_password ("host=db", NULL);
  g_autofree char *bad = bmd_conninfo_with_password ("host='unterminated", "pw");

  g_assert_nonnull (strstr (kv, "host='db'"));
  g_assert_nonnull (strstr (kv, "dbname='bakery'"));
  g_assert_nonnull (strstr (kv, "password='p\\'w\\\\d'"));
  g_assert_nonnull (strstr (uri, "port='5439'"));
  g_assert_nonnull (strstr (uri, "sslmode='require'"));
  g_assert_nonnull (strstr (uri, "password='pw'"));
  g_assert_cmpstr (kept, ==, "host=db password=own");
  g_assert_cmpstr (none, ==, "host=db");
  g_assert_null (bad);

  /* The stored password joins the stored connection. */
  clear_stored ();
  write_settings ("[BakeMyDay]\nwarehouse='host=db dbname=bakery'\n");
  g_assert_true (bmd_secrets_file_store (BMD_SECRET_WAREHOUSE_PASSWORD, "secret-pw", &error));
  g_assert_true (bmd_config_apply_stored (config, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (config->warehouse, "password='secret-pw'"));
  clear_stored ();
}

/* bakemyday-sync refresh with the shop only in settings.ini and the token
 * only in the secrets file: the CLI reads both without GSettings. */
static void
test_cli_reads_stored (void)
{
  g_autofree char *sync = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  g_autofree char *data_dir = g_build_filename (config_home, "data", NULL);
  g_autofree char *settings = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  BmdShopifySimOptions options;

  clear_stored ();
  bmd_shopify_sim_options_init (&options);
  options.requests = 6;
  sim = bmd_test_sim_start (&options);

  settings = g_strdup_printf ("[BakeMyDay]\nshop='%s'\n", bmd_shopify_sim_get_url (sim));
  write_settings (settings);
  g_assert_true (bmd_secrets_file_store (BMD_SECRET_SHOPIFY_TOKEN, "stored-token", &error));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "BAKEMYDAY_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_SHOP");
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_TOKEN");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  process = g_subprocess_launcher_spawn (launcher, &error, sync, "refresh", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_test_message ("stderr: %s", err);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_true (g_str_has_prefix (out, "refreshed: "));
  g_assert_cmpuint (g_ascii_strtoull (out + strlen ("refreshed: "), NULL, 10), ==,
                    bmd_shopify_sim_get_order_count (sim));
  /* The token never shows. */
  g_assert_null (strstr (err, "stored-token"));
  g_assert_null (strstr (out, "stored-token"));

  bmd_shopify_sim_stop (sim);
  clear_stored ();
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Before anything caches the user's config dir. */
  config_home = g_dir_make_tmp ("bmd-settings-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  /* The file, never a keyring, in these tests. */
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_setenv ("XDG_RUNTIME_DIR", config_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bmd/settings/keyfile-round-trip", test_keyfile_round_trip);
  g_test_add_func ("/bmd/settings/not-utf8-ignored", test_not_utf8_ignored);
  g_test_add_func ("/bmd/settings/gsettings-writes-keyfile", test_gsettings_writes_keyfile);
  g_test_add_func ("/bmd/settings/precedence", test_precedence);
  g_test_add_func ("/bmd/settings/sweep-interval-range", test_sweep_interval_range);
  g_test_add_func ("/bmd/settings/unreadable", test_unreadable_settings);
  g_test_add_func ("/bmd/settings/warehouse-password", test_warehouse_password);
  g_test_add_func ("/bmd/settings/cli-reads-stored", test_cli_reads_stored);
  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", config_home, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (config_home);
  return status;
}
