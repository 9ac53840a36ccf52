#define G_LOG_DOMAIN "bmd-config"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <libpq-fe.h>

#include "bmd-redact.h"
#include "bmd-wipe.h"
#include "bmd-config.h"

static gboolean
is_set (const char *value)
{
  return value != NULL && *value != '\0';
}

/* A name for the error, never the value. */
static gboolean
check_one_line (const char  *value,
                const char  *what,
                GError     **error)
{
  const char *p;

  for (p = value; p != NULL && *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "the %s holds a %s; it must be one line of text", what,
                       *p == '\n' || *p == '\r' ? "line break" : "control character");
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
bmd_config_check_credentials (const BmdConfig  *config,
                              GError          **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (!is_set (config->token) && !(is_set (config->client_id) && is_set (config->client_secret)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "no access token is set: use --token-file, BAKEMYDAY_TOKEN, "
                           "or BAKEMYDAY_CLIENT_ID with BAKEMYDAY_CLIENT_SECRET");
      return FALSE;
    }
  return check_one_line (config->token, "access token", error)
         && check_one_line (config->client_id, "client id", error)
         && check_one_line (config->client_secret, "client secret", error);
}

void
bmd_config_remember_secrets (const BmdConfig *config)
{
  PQconninfoOption *options;
  PQconninfoOption *option;
  char *message = NULL;

  g_return_if_fail (config != NULL);

  bmd_redact_remember (config->token);
  bmd_redact_remember (config->client_secret);
  bmd_redact_remember (g_getenv ("AWS_SECRET_ACCESS_KEY"));
  bmd_redact_remember (g_getenv ("AWS_SESSION_TOKEN"));
  if (config->warehouse == NULL)
    return;
  options = PQconninfoParse (config->warehouse, &message);
  PQfreemem (message);
  for (option = options; option != NULL && option->keyword != NULL; option++)
    {
      if (strcmp (option->keyword, "password") == 0)
        bmd_redact_remember (option->val);
    }
  PQconninfoFree (options);
}

char *
bmd_config_dup_default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "bakemyday", NULL);
}

BmdConfig *
bmd_config_new (void)
{
  BmdConfig *config = g_new0 (BmdConfig, 1);

  config->api_version = g_strdup (BMD_DEFAULT_API_VERSION);
  config->data_dir = bmd_config_dup_default_data_dir ();
  config->metafield_namespace = g_strdup ("custom");
  config->draft_type_key = g_strdup ("draft_type");
  config->pickup_key = g_strdup ("pickup_date");
  config->flavor_key = g_strdup ("flavor");
  config->theme_key = g_strdup ("theme");
  config->allergies_key = g_strdup ("allergies");
  config->s3_prefix = g_strdup ("bakemyday");
  config->lake_retention_days = BMD_DEFAULT_LAKE_RETENTION_DAYS;
  return config;
}

#define COPY_FIELD(name) copy->name = g_strdup (config->name)

BmdConfig *
bmd_config_copy (const BmdConfig *config)
{
  BmdConfig *copy;

  g_return_val_if_fail (config != NULL, NULL);

  copy = g_new0 (BmdConfig, 1);
  COPY_FIELD (shop);
  COPY_FIELD (token);
  COPY_FIELD (client_id);
  COPY_FIELD (client_secret);
  COPY_FIELD (api_version);
  COPY_FIELD (zone);
  COPY_FIELD (data_dir);
  COPY_FIELD (metafield_namespace);
  COPY_FIELD (draft_type_key);
  COPY_FIELD (pickup_key);
  COPY_FIELD (flavor_key);
  COPY_FIELD (theme_key);
  COPY_FIELD (allergies_key);
  copy->queue_calendar_week = config->queue_calendar_week;
  copy->retry_limit = config->retry_limit;
  copy->switch_shop = config->switch_shop;
  copy->sweep = config->sweep;
  copy->sweep_interval_hours = config->sweep_interval_hours;
  copy->bulk_threshold = config->bulk_threshold;
  COPY_FIELD (s3_endpoint);
  COPY_FIELD (s3_bucket);
  COPY_FIELD (s3_prefix);
  COPY_FIELD (s3_region);
  COPY_FIELD (warehouse);
  COPY_FIELD (warehouse_dialect);
  COPY_FIELD (redshift_iam_role);
  COPY_FIELD (redshift_workgroup);
  COPY_FIELD (glue_database);
  COPY_FIELD (glue_endpoint);
  copy->lake_retention_days = config->lake_retention_days;
  return copy;
}

#undef COPY_FIELD

void
bmd_config_free (BmdConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->shop);
  /* Secrets: overwrite before freeing so they do not linger in freed memory. */
  bmd_wipe_free (config->token);
  g_free (config->client_id);
  bmd_wipe_free (config->client_secret);
  g_free (config->api_version);
  g_free (config->zone);
  g_free (config->data_dir);
  g_free (config->metafield_namespace);
  g_free (config->draft_type_key);
  g_free (config->pickup_key);
  g_free (config->flavor_key);
  g_free (config->theme_key);
  g_free (config->allergies_key);
  g_free (config->s3_endpoint);
  g_free (config->s3_bucket);
  g_free (config->s3_prefix);
  g_free (config->s3_region);
  g_free (config->warehouse);
  g_free (config->warehouse_dialect);
  g_free (config->redshift_iam_role);
  g_free (config->redshift_workgroup);
  g_free (config->glue_database);
  g_free (config->glue_endpoint);
  g_free (config);
}

void
bmd_config_set (char       **field,
                const char  *value)
{
  g_return_if_fail (field != NULL);

  if (value == NULL || *value == '\0')
    return;
  g_free (*field);
  *field = g_strdup (value);
}

void
bmd_config_apply_environment (BmdConfig *config)
{
  const char *retention;
  const char *bulk;

  g_return_if_fail (config != NULL);

  bmd_config_set (&config->shop, g_getenv ("BAKEMYDAY_SHOP"));
  bmd_config_set (&config->token, g_getenv ("BAKEMYDAY_TOKEN"));
  bmd_config_set (&config->client_id, g_getenv ("BAKEMYDAY_CLIENT_ID"));
  bmd_config_set (&config->client_secret, g_getenv ("BAKEMYDAY_CLIENT_SECRET"));
  bmd_config_set (&config->api_version, g_getenv ("BAKEMYDAY_API_VERSION"));
  bmd_config_set (&config->zone, g_getenv ("BAKEMYDAY_TZ"));
  bmd_config_set (&config->data_dir, g_getenv ("BAKEMYDAY_DATA_DIR"));
  bmd_config_set (&config->s3_endpoint, g_getenv ("BAKEMYDAY_S3_ENDPOINT"));
  bmd_config_set (&config->s3_bucket, g_getenv ("BAKEMYDAY_S3_BUCKET"));
  bmd_config_set (&config->s3_prefix, g_getenv ("BAKEMYDAY_S3_PREFIX"));
  bmd_config_set (&config->s3_region, g_getenv ("AWS_REGION"));
  if (config->s3_region == NULL)
    bmd_config_set (&config->s3_region, g_getenv ("AWS_DEFAULT_REGION"));
  bmd_config_set (&config->warehouse, g_getenv ("BAKEMYDAY_WAREHOUSE"));
  bmd_config_set (&config->warehouse_dialect, g_getenv ("BAKEMYDAY_WAREHOUSE_DIALECT"));
  bmd_config_set (&config->redshift_iam_role, g_getenv ("BAKEMYDAY_REDSHIFT_IAM_ROLE"));
  bmd_config_set (&config->redshift_workgroup, g_getenv ("BAKEMYDAY_REDSHIFT_WORKGROUP"));
  bmd_config_set (&config->glue_database, g_getenv ("BAKEMYDAY_GLUE_DATABASE"));
  bmd_config_set (&config->glue_endpoint, g_getenv ("BAKEMYDAY_GLUE_ENDPOINT"));
  bulk = g_getenv ("BAKEMYDAY_BULK_THRESHOLD");
  if (bulk != NULL && *bulk != '\0')
    {
      guint64 threshold;

      if (g_ascii_string_to_unsigned (bulk, 10, 0, G_MAXUINT32, &threshold, NULL))
        config->bulk_threshold = (guint) threshold;
    }
  retention = g_getenv ("BAKEMYDAY_LAKE_RETENTION_DAYS");
  if (retention != NULL && *retention != '\0')
    {
      guint64 days;

      /* A value that is not a count of days is ignored, as a bad stored setting is. */
      if (g_ascii_string_to_unsigned (retention, 10, 0, 3650, &days, NULL))
        config->lake_retention_days = (guint) days;
    }
}
