#define G_LOG_DOMAIN "bmd-warehouse"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "bmd-aws-json.h"
#include "bmd-json-text.h"
#include "bmd-loopback.h"
#include "bmd-redshift-loader.h"
#include "bmd-redshift-serverless.h"

static gboolean
check_endpoint (const char  *url,
                GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "The Redshift Serverless endpoint “%s” is not a URL", url);
      return FALSE;
    }
  if (bmd_uri_is_https_or_loopback (uri))
    return TRUE;
  g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
               "The Redshift Serverless endpoint “%s” must use https:// "
               "(http:// is accepted only for loopback addresses)", url);
  return FALSE;
}

static GDateTime *
parse_expiration (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  /* AWS's JSON protocols send timestamps as epoch seconds. */
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE || json_node_get_value_type (node) == G_TYPE_INT64)
    return g_date_time_new_from_unix_utc ((gint64) json_node_get_double (node));
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_date_time_new_from_iso8601 (json_node_get_string (node), NULL);
  return NULL;
}

gboolean
bmd_redshift_serverless_get_credentials (BmdAwsCredentials  *credentials,
                                         const char         *endpoint,
                                         const char         *workgroup,
                                         const char         *db_name,
                                         guint               duration_seconds,
                                         char              **out_user,
                                         char              **out_password,
                                         GDateTime         **out_expiration,
                                         GCancellable       *cancellable,
                                         GError            **error)
{
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) transport_error = NULL;
  const char *region;
  JsonObject *answer;
  long status = 0;

  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (credentials), FALSE);
  g_return_val_if_fail (out_user != NULL && out_password != NULL, FALSE);

  if (workgroup == NULL || *workgroup == '\0')
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "No Redshift Serverless workgroup set (BAKEMYDAY_REDSHIFT_WORKGROUP)");
      return FALSE;
    }
  if (duration_seconds == 0)
    duration_seconds = 3600;
  duration_seconds = CLAMP (duration_seconds, 900, 3600);

  region = bmd_aws_credentials_get_region (credentials);
  if (endpoint == NULL || *endpoint == '\0')
    url = g_strdup_printf ("https://redshift-serverless.%s.amazonaws.com/", region);
  else
    url = g_str_has_suffix (endpoint, "/") ? g_strdup (endpoint) : g_strconcat (endpoint, "/", NULL);
  if (!check_endpoint (url, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "workgroupName");
  json_builder_add_string_value (builder, workgroup);
  json_builder_set_member_name (builder, "dbName");
  json_builder_add_string_value (builder, db_name != NULL ? db_name : "dev");
  json_builder_set_member_name (builder, "durationSeconds");
  json_builder_add_int_value (builder, duration_seconds);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  body = json_to_string (request, FALSE);

  if (!bmd_aws_json_post (credentials, url, "redshift-serverless", region,
                          "RedshiftServerless.GetCredentials", body, 30, response, &status,
                          cancellable, &transport_error))
    {
      if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Redshift Serverless GetCredentials cancelled");
      else
        g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_CONNECT,
                     "Redshift Serverless GetCredentials for workgroup %s: %s", workgroup,
                     transport_error->message);
      return FALSE;
    }

  if (!bmd_json_parser_load (parser, (const char *) response->data, response->len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_CONNECT,
                   "Redshift Serverless GetCredentials for workgroup %s: HTTP %ld with an answer that is not JSON",
                   workgroup, status);
      return FALSE;
    }
  answer = json_node_get_object (json_parser_get_root (parser));

  if (status < 200 || status >= 300)
    {
      const char *type = json_object_get_string_member_with_default (answer, "__type", NULL);
      const char *message = json_object_get_string_member_with_default (answer, "message", NULL);

      if (message == NULL)
        message = json_object_get_string_member_with_default (answer, "Message", "no message");
      /* "com.amazonaws…#AccessDeniedException" → "AccessDeniedException" */
      if (type != NULL && strchr (type, '#') != NULL)
        type = strchr (type, '#') + 1;
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_CONNECT,
                   "Redshift Serverless GetCredentials for workgroup %s: %s (%s, HTTP %ld)",
                   workgroup, message, type != NULL ? type : "error", status);
      return FALSE;
    }

  if (json_object_get_string_member_with_default (answer, "dbUser", NULL) == NULL
      || json_object_get_string_member_with_default (answer, "dbPassword", NULL) == NULL)
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_CONNECT,
                   "Redshift Serverless GetCredentials for workgroup %s: no dbUser or dbPassword in the answer",
                   workgroup);
      return FALSE;
    }
  *out_user = g_strdup (json_object_get_string_member (answer, "dbUser"));
  *out_password = g_strdup (json_object_get_string_member (answer, "dbPassword"));
  if (out_expiration != NULL)
    *out_expiration = parse_expiration (json_object_get_member (answer, "expiration"));
  return TRUE;
}
