#define G_LOG_DOMAIN "bmd-settings"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <libpq-fe.h>

#include "bmd-redact.h"
#include "bmd-wipe.h"
#include "bmd-secrets.h"
#include "bmd-settings-file.h"

/* The schema's string keys that are plain BmdConfig fields. */
static const struct
{
  const char *key;
  gsize offset;
} string_keys[] = {
  { "shop", G_STRUCT_OFFSET (BmdConfig, shop) },
  { "api-version", G_STRUCT_OFFSET (BmdConfig, api_version) },
  { "client-id", G_STRUCT_OFFSET (BmdConfig, client_id) },
  { "metafield-namespace", G_STRUCT_OFFSET (BmdConfig, metafield_namespace) },
  { "draft-type-key", G_STRUCT_OFFSET (BmdConfig, draft_type_key) },
  { "pickup-date-key", G_STRUCT_OFFSET (BmdConfig, pickup_key) },
  { "flavor-key", G_STRUCT_OFFSET (BmdConfig, flavor_key) },
  { "theme-key", G_STRUCT_OFFSET (BmdConfig, theme_key) },
  { "allergies-key", G_STRUCT_OFFSET (BmdConfig, allergies_key) },
  { "time-zone", G_STRUCT_OFFSET (BmdConfig, zone) },
  { "s3-endpoint", G_STRUCT_OFFSET (BmdConfig, s3_endpoint) },
  { "s3-bucket", G_STRUCT_OFFSET (BmdConfig, s3_bucket) },
  { "s3-region", G_STRUCT_OFFSET (BmdConfig, s3_region) },
  { "warehouse", G_STRUCT_OFFSET (BmdConfig, warehouse) },
  { "warehouse-dialect", G_STRUCT_OFFSET (BmdConfig, warehouse_dialect) },
  { "redshift-iam-role", G_STRUCT_OFFSET (BmdConfig, redshift_iam_role) },
  { "redshift-workgroup", G_STRUCT_OFFSET (BmdConfig, redshift_workgroup) },
  { "glue-database", G_STRUCT_OFFSET (BmdConfig, glue_database) },
  { "glue-endpoint", G_STRUCT_OFFSET (BmdConfig, glue_endpoint) },
};

char *
bmd_settings_dup_config_dir (void)
{
  return g_build_filename (g_get_user_config_dir (), "bakemyday", NULL);
}

char *
bmd_settings_file_dup_path (void)
{
  g_autofree char *dir = bmd_settings_dup_config_dir ();

  return g_build_filename (dir, "settings.ini", NULL);
}

GKeyFile *
bmd_settings_file_load (const char  *path,
                        GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &local_error)
      && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   "cannot read the settings file %s: %s", path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

/* GSettings' keyfile backend ignores values that do not parse as the key's
 * type; so do we, so that the app and the CLI always agree. */
static GVariant *
parse_value (GKeyFile           *file,
             const char         *key,
             const GVariantType *type)
{
  g_autofree char *text = g_key_file_get_value (file, BMD_SETTINGS_GROUP, key, NULL);
  g_autoptr(GError) error = NULL;
  GVariant *value;

  if (text == NULL)
    return NULL;
  /* g_variant_parse () copies the bytes of a quoted string unchecked, and a
   * string GVariant that is not UTF-8 is a critical. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_debug ("settings: ignoring %s: not UTF-8", key);
      return NULL;
    }
  value = g_variant_parse (type, text, NULL, NULL, &error);
  if (value == NULL)
    g_debug ("settings: ignoring %s: %s", key, error->message);
  return value;
}

char *
bmd_settings_file_dup_string (GKeyFile   *file,
                              const char *key)
{
  g_autoptr(GVariant) value = NULL;
  const char *text;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  value = parse_value (file, key, G_VARIANT_TYPE_STRING);
  if (value == NULL)
    return NULL;
  text = g_variant_get_string (value, NULL);
  return *text != '\0' ? g_strdup (text) : NULL;
}

gboolean
bmd_settings_file_get_boolean (GKeyFile   *file,
                               const char *key,
                               gboolean    fallback)
{
  g_autoptr(GVariant) value = NULL;

  g_return_val_if_fail (file != NULL, fallback);

  value = parse_value (file, key, G_VARIANT_TYPE_BOOLEAN);
  return value != NULL ? g_variant_get_boolean (value) : fallback;
}

static void
set_variant (GKeyFile   *file,
             const char *key,
             GVariant   *value)
{
  g_autofree char *text = NULL;

  g_variant_ref_sink (value);
  text = g_variant_print (value, FALSE);
  g_key_file_set_value (file, BMD_SETTINGS_GROUP, key, text);
  g_variant_unref (value);
}

void
bmd_settings_file_set_string (GKeyFile   *file,
                              const char *key,
                              const char *value)
{
  g_return_if_fail (file != NULL);
  g_return_if_fail (key != NULL);

  set_variant (file, key, g_variant_new_string (value != NULL ? value : ""));
}

void
bmd_settings_file_set_boolean (GKeyFile   *file,
                               const char *key,
                               gboolean    value)
{
  g_return_if_fail (file != NULL);
  g_return_if_fail (key != NULL);

  set_variant (file, key, g_variant_new_boolean (value));
}

gboolean
bmd_settings_file_save (GKeyFile    *file,
                        const char  *path,
                        GError     **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_key_file_save_to_file (file, path, error);
}

void
bmd_config_apply_settings_file (BmdConfig *config,
                                GKeyFile  *file)
{
  g_autoptr(GVariant) prefix = NULL;
  g_autoptr(GVariant) retention = NULL;
  g_autoptr(GVariant) sweep_hours = NULL;
  g_autoptr(GVariant) bulk_threshold = NULL;
  g_autofree char *queue_window = NULL;
  guint i;

  g_return_if_fail (config != NULL);
  g_return_if_fail (file != NULL);

  for (i = 0; i < G_N_ELEMENTS (string_keys); i++)
    {
      char **field = G_STRUCT_MEMBER_P (config, string_keys[i].offset);
      g_autofree char *value = bmd_settings_file_dup_string (file, string_keys[i].key);

      bmd_config_set (field, value);
    }

  /* An empty prefix is a choice (the bucket's root), not an unset value. */
  prefix = parse_value (file, "s3-prefix", G_VARIANT_TYPE_STRING);
  if (prefix != NULL)
    {
      g_free (config->s3_prefix);
      config->s3_prefix = g_variant_dup_string (prefix, NULL);
    }

  retention = parse_value (file, "lake-retention-days", G_VARIANT_TYPE_UINT32);
  if (retention != NULL && g_variant_get_uint32 (retention) <= 3650)
    config->lake_retention_days = g_variant_get_uint32 (retention);

  queue_window = bmd_settings_file_dup_string (file, "queue-window");
  if (queue_window != NULL)
    config->queue_calendar_week = g_strcmp0 (queue_window, "calendar-week") == 0;

  sweep_hours = parse_value (file, "sweep-interval-hours", G_VARIANT_TYPE_UINT32);
  /* The schema's range: GSettings ignores anything outside it, so do we. */
  if (sweep_hours != NULL && g_variant_get_uint32 (sweep_hours) >= 1
      && g_variant_get_uint32 (sweep_hours) <= 720)
    config->sweep_interval_hours = g_variant_get_uint32 (sweep_hours);

  /* Stored settings, even none, mean the app's or the CLI's refresh: bulk
   * operations on unless the setting says 0. */
  bulk_threshold = parse_value (file, "bulk-threshold", G_VARIANT_TYPE_UINT32);
  config->bulk_threshold = bulk_threshold != NULL ? g_variant_get_uint32 (bulk_threshold)
                                                  : BMD_DEFAULT_BULK_THRESHOLD;
}

char *
bmd_conninfo_with_password (const char *conninfo,
                            const char *password)
{
  PQconninfoOption *options;
  PQconninfoOption *option;
  char *message = NULL;
  GString *text;
  gboolean has_password = FALSE;

  g_return_val_if_fail (conninfo != NULL, NULL);

  bmd_redact_remember (password);
  options = PQconninfoParse (conninfo, &message);
  if (options == NULL)
    {
      /* The message may quote the string, which may hold a password. */
      PQfreemem (message);
      return NULL;
    }
  for (option = options; option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "password") == 0 && option->val != NULL && *option->val != '\0')
        has_password = TRUE;
    }
  if (password == NULL || *password == '\0' || has_password)
    {
      PQconninfoFree (options);
      return g_strdup (conninfo);
    }

  /* Rebuilt as key='value' pairs: URIs and key=value strings alike. */
  text = g_string_new (NULL);
  for (option = options; option->keyword != NULL; option++)
    {
      const char *value = strcmp (option->keyword, "password") == 0 ? password : option->val;
      const char *p;

      if (value == NULL || *value == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, "%s='", option->keyword);
      for (p = value; *p != '\0'; p++)
        {
          if (*p == '\'' || *p == '\\')
            g_string_append_c (text, '\\');
          g_string_append_c (text, *p);
        }
      g_string_append_c (text, '\'');
    }
  PQconninfoFree (options);
  return g_string_free (text, FALSE);
}

static gboolean
env_is_set (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0';
}

static void
take_secret (char **field,
             char  *value)
{
  if (value == NULL)
    return;
  bmd_config_set (field, value);
  bmd_wipe_free (value);
}

gboolean
bmd_config_apply_stored_settings (BmdConfig  *config,
                                  GError    **error)
{
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autoptr(GKeyFile) file = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  file = bmd_settings_file_load (path, error);
  if (file == NULL)
    return FALSE;
  bmd_config_apply_settings_file (config, file);
  return TRUE;
}

gboolean
bmd_config_apply_stored (BmdConfig  *config,
                         GError    **error)
{
  gboolean keyring_absent = FALSE;
  GError *local_error = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (!bmd_config_apply_stored_settings (config, error))
    return FALSE;

  /* Only the secrets the environment does not give already. */
  if (!env_is_set ("BAKEMYDAY_TOKEN"))
    {
      take_secret (&config->token,
                   bmd_secrets_lookup_in_turn (BMD_SECRET_SHOPIFY_TOKEN, &keyring_absent, NULL, NULL,
                                               &local_error));
      if (local_error != NULL)
        goto failed;
    }
  if ((config->client_id != NULL || env_is_set ("BAKEMYDAY_CLIENT_ID"))
      && !env_is_set ("BAKEMYDAY_CLIENT_SECRET"))
    {
      take_secret (&config->client_secret,
                   bmd_secrets_lookup_in_turn (BMD_SECRET_SHOPIFY_CLIENT_SECRET, &keyring_absent, NULL,
                                               NULL, &local_error));
      if (local_error != NULL)
        goto failed;
    }
  if (config->warehouse != NULL)
    {
      char *password = bmd_secrets_lookup_in_turn (BMD_SECRET_WAREHOUSE_PASSWORD, &keyring_absent,
                                                   NULL, NULL, &local_error);

      if (local_error != NULL)
        goto failed;
      bmd_config_join_warehouse_password (config, password);
      bmd_wipe_free (password);
    }
  return TRUE;

failed:
  g_propagate_error (error, local_error);
  return FALSE;
}

void
bmd_config_join_warehouse_password (BmdConfig  *config,
                                    const char *password)
{
  char *with_password;

  if (config->warehouse == NULL || password == NULL)
    return;
  with_password = bmd_conninfo_with_password (config->warehouse, password);
  if (with_password != NULL)
    {
      g_free (config->warehouse);
      config->warehouse = with_password;
    }
}

BmdAwsCredentials *
bmd_stored_aws_credentials_resolve (GError **error)
{
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autoptr(GKeyFile) file = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *profile = NULL;
  g_autofree char *region = NULL;
  g_autofree char *key_id = NULL;
  g_autofree char *secret = NULL;
  BmdAwsCredentials *credentials;

  file = bmd_settings_file_load (path, error);
  if (file == NULL)
    return NULL;

  profile = bmd_settings_file_dup_string (file, "aws-profile");
  if (profile != NULL && g_environ_getenv (envp, "AWS_PROFILE") == NULL)
    envp = g_environ_setenv (envp, "AWS_PROFILE", profile, TRUE);
  region = bmd_settings_file_dup_string (file, "s3-region");
  if (region != NULL && g_environ_getenv (envp, "AWS_REGION") == NULL
      && g_environ_getenv (envp, "AWS_DEFAULT_REGION") == NULL)
    envp = g_environ_setenv (envp, "AWS_REGION", region, TRUE);

  key_id = bmd_settings_file_dup_string (file, "aws-access-key-id");
  if (key_id != NULL)
    {
      GError *local_error = NULL;

      secret = bmd_secrets_lookup (BMD_SECRET_AWS_SECRET_ACCESS_KEY, NULL, NULL, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }
  credentials = bmd_aws_credentials_resolve ((const char * const *) envp, key_id, secret, error);
  bmd_wipe (secret);
  return credentials;
}
