#define G_LOG_DOMAIN "bmd-connection-test"

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "bmd-config.h"
#include "bmd-redact.h"
#include "bmd-wipe.h"
#include "bmd-aws-credentials.h"
#include "bmd-connection-test-private.h"
#include "bmd-s3.h"
#include "bmd-settings-file.h"
#include "bmd-shopify-client.h"

#define TEST_TIMEOUT_S 20

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

char *
bmd_connection_test_shopify (const BmdConfig  *config,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autofree char *zone = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *name = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (!is_set (config->shop))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No shop is set.");
      return NULL;
    }
  if (!bmd_config_check_credentials (config, error))
    return NULL;
  client = bmd_shopify_client_new (config->shop, config->api_version, &local_error);
  if (client == NULL)
    {
      g_propagate_prefixed_error (error, local_error, "The shop setting is not usable: ");
      return NULL;
    }
  if (is_set (config->token))
    bmd_shopify_client_set_access_token (client, config->token);
  else
    bmd_shopify_client_set_client_credentials (client, config->client_id, config->client_secret);
  bmd_shopify_client_set_retry_limit (client, TEST_TIMEOUT_S);
  bmd_shopify_client_set_request_timeout (client, TEST_TIMEOUT_S);

  if (!bmd_shopify_client_fetch_shop (client, &zone, &currency, &name, cancellable, &local_error))
    {
      g_propagate_prefixed_error (error, local_error, "Asking %s for the shop failed: ",
                                  bmd_shopify_client_get_endpoint (client));
      return NULL;
    }
  return g_strdup_printf ("Connected to %s (time zone %s, currency %s, API %s).",
                          name != NULL ? name : config->shop,
                          zone != NULL ? zone : "unknown",
                          currency != NULL ? currency : "unknown",
                          config->api_version);
}

BmdAwsCredentials *
bmd_connection_test_resolve_aws (const BmdConfig            *config,
                                 const BmdConnectionExtras  *extras,
                                 GError                    **error)
{
  g_auto(GStrv) envp = g_get_environ ();
  BmdAwsCredentials *credentials;
  GError *local_error = NULL;

  if (is_set (extras->aws_profile))
    envp = g_environ_setenv (envp, "AWS_PROFILE", extras->aws_profile, TRUE);
  if (is_set (config->s3_region))
    envp = g_environ_setenv (envp, "AWS_REGION", config->s3_region, TRUE);

  credentials = bmd_aws_credentials_resolve ((const char * const *) envp, extras->aws_access_key_id,
                                             extras->aws_secret_access_key, &local_error);
  if (credentials == NULL)
    g_propagate_prefixed_error (error, local_error, "AWS credentials: ");
  return credentials;
}

char *
bmd_connection_test_s3 (const BmdConfig            *config,
                        const BmdConnectionExtras  *extras,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  static const BmdConnectionExtras none = { NULL };
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(BmdS3Client) client = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *probe = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (extras == NULL)
    extras = &none;
  if (!is_set (config->s3_bucket))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No bucket is set.");
      return NULL;
    }
  credentials = bmd_connection_test_resolve_aws (config, extras, error);
  if (credentials == NULL)
    return NULL;
  client = bmd_s3_client_new (is_set (config->s3_endpoint) ? config->s3_endpoint : NULL, credentials, &local_error);
  if (client == NULL)
    {
      g_propagate_prefixed_error (error, local_error, "The S3 endpoint is not usable: ");
      return NULL;
    }
  bmd_s3_client_set_max_retries (client, 1);
  bmd_s3_client_set_timeout (client, TEST_TIMEOUT_S);

  folder = is_set (config->s3_prefix) ? g_strconcat (config->s3_prefix, "/", NULL) : g_strdup ("");
  objects = bmd_s3_client_list (client, config->s3_bucket, folder, cancellable, &local_error);
  if (objects == NULL)
    {
      g_propagate_prefixed_error (error, local_error, "Listing s3://%s/%s with keys from %s failed: ",
                                  config->s3_bucket, folder, bmd_aws_credentials_get_source (credentials));
      return NULL;
    }

  /* A refresh writes there: prove it may. */
  probe = g_strconcat (folder, ".bakemyday-connection-test", NULL);
  body = g_bytes_new_static ("ok\n", 3);
  if (!bmd_s3_client_put (client, config->s3_bucket, probe, body, "text/plain", BMD_S3_PUT_NONE,
                          cancellable, &local_error))
    {
      g_propagate_prefixed_error (error, local_error, "Reading works, but writing s3://%s/%s failed: ",
                                  config->s3_bucket, probe);
      return NULL;
    }
  if (!bmd_s3_client_delete (client, config->s3_bucket, probe, cancellable, &local_error))
    {
      g_propagate_prefixed_error (error, local_error, "Writing works, but deleting s3://%s/%s failed: ",
                                  config->s3_bucket, probe);
      return NULL;
    }
  return g_strdup_printf ("Listed and wrote s3://%s/%s (%u objects there; keys from %s, region %s).",
                          config->s3_bucket, folder, objects->len,
                          bmd_aws_credentials_get_source (credentials),
                          bmd_aws_credentials_get_region (credentials));
}

static char *
dup_error_line (PGconn *connection)
{
  g_autofree char *message = g_strdup (PQerrorMessage (connection));

  return g_strdup (g_strstrip (message));
}

char *
bmd_connection_test_warehouse (const BmdConfig            *config,
                               const BmdConnectionExtras  *extras,
                               GCancellable               *cancellable,
                               GError                    **error)
{
  g_autofree char *conninfo = NULL;
  const char *keywords[] = { "dbname", "connect_timeout", "application_name", NULL };
  const char *values[] = { NULL, G_STRINGIFY (TEST_TIMEOUT_S), "bakemyday-connection-test", NULL };
  PGconn *connection;
  PGresult *result;
  g_autofree char *version = NULL;
  g_autofree char *where = NULL;
  char *cut;
  gboolean redshift;
  long tables = 0;

  g_return_val_if_fail (config != NULL, NULL);

  if (!is_set (config->warehouse))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No warehouse connection is set.");
      return NULL;
    }
  conninfo = bmd_conninfo_with_password (config->warehouse, extras != NULL ? extras->warehouse_password : NULL);
  if (conninfo == NULL)
    {
      /* Never quoted: it may hold a password. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The warehouse connection is not a valid libpq connection string or URI.");
      return NULL;
    }
  values[0] = conninfo;
  connection = PQconnectdbParams (keywords, values, 1);
  bmd_wipe (conninfo);
  if (PQstatus (connection) != CONNECTION_OK)
    {
      g_autofree char *line = dup_error_line (connection);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "Connecting to the warehouse failed: %s", line);
      PQfinish (connection);
      return NULL;
    }
  where = g_strdup_printf ("%s@%s:%s/%s", PQuser (connection),
                           PQhost (connection) != NULL ? PQhost (connection) : "local",
                           PQport (connection), PQdb (connection));

  result = PQexec (connection, "SELECT version()");
  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      g_autofree char *line = dup_error_line (connection);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Connected to %s, but a query failed: %s", where, line);
      PQclear (result);
      PQfinish (connection);
      return NULL;
    }
  version = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  redshift = strstr (version, "Redshift") != NULL;
  cut = strstr (version, " on ");
  if (cut != NULL)
    *cut = '\0';

  result = PQexec (connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'bmd'");
  if (PQresultStatus (result) == PGRES_TUPLES_OK)
    tables = strtol (PQgetvalue (result, 0, 0), NULL, 10);
  PQclear (result);
  PQfinish (connection);

  return g_strdup_printf ("Connected to %s: %s (%s dialect); schema bmd has %ld tables.",
                          where, version, redshift ? "redshift" : "postgres", tables);
}

typedef struct
{
  BmdConnectionKind kind;
  BmdConfig *config;
  char *aws_profile;
  char *aws_access_key_id;
  char *aws_secret_access_key;
  char *warehouse_password;
} TestData;

static void
test_data_free (gpointer data)
{
  TestData *test = data;

  bmd_config_free (test->config);
  g_free (test->aws_profile);
  g_free (test->aws_access_key_id);
  bmd_wipe_free (test->aws_secret_access_key);
  bmd_wipe_free (test->warehouse_password);
  g_free (test);
}

static void
test_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TestData *test = task_data;
  BmdConnectionExtras extras = {
    test->aws_profile, test->aws_access_key_id, test->aws_secret_access_key, test->warehouse_password,
  };
  GError *error = NULL;
  char *summary = NULL;

  bmd_config_remember_secrets (test->config);
  bmd_redact_remember (test->aws_secret_access_key);
  bmd_redact_remember (test->warehouse_password);
  switch (test->kind)
    {
    case BMD_CONNECTION_SHOPIFY:
      summary = bmd_connection_test_shopify (test->config, cancellable, &error);
      break;
    case BMD_CONNECTION_S3:
      summary = bmd_connection_test_s3 (test->config, &extras, cancellable, &error);
      break;
    case BMD_CONNECTION_WAREHOUSE:
      summary = bmd_connection_test_warehouse (test->config, &extras, cancellable, &error);
      break;
    case BMD_CONNECTION_GLUE:
      summary = bmd_connection_test_glue (test->config, &extras, cancellable, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (summary == NULL)
    {
      /* A server may echo what it was sent: the Test button shows no secret. */
      bmd_redact_error (error);
      g_task_return_error (task, error);
    }
  else
    g_task_return_pointer (task, summary, g_free);
}

void
bmd_connection_test_async (BmdConnectionKind           kind,
                           const BmdConfig            *config,
                           const BmdConnectionExtras  *extras,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  TestData *test;

  g_return_if_fail (config != NULL);

  test = g_new0 (TestData, 1);
  test->kind = kind;
  test->config = bmd_config_copy (config);
  if (extras != NULL)
    {
      test->aws_profile = g_strdup (extras->aws_profile);
      test->aws_access_key_id = g_strdup (extras->aws_access_key_id);
      test->aws_secret_access_key = g_strdup (extras->aws_secret_access_key);
      test->warehouse_password = g_strdup (extras->warehouse_password);
    }
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bmd_connection_test_async);
  g_task_set_task_data (task, test, test_data_free);
  g_task_run_in_thread (task, test_in_thread);
}

char *
bmd_connection_test_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
