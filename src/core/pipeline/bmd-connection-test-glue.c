#define G_LOG_DOMAIN "bmd-connection-test"

#include "config.h"

#include "bmd-connection-test-private.h"
#include "bmd-glue.h"

static gboolean
is_set (const char *text)
{
  return text != NULL && *text != '\0';
}

/* Three steps, each named when it fails: the AWS credentials, the endpoint,
 * then the database (read only: a missing one is created by the next refresh). */
char *
bmd_connection_test_glue (const BmdConfig            *config,
                          const BmdConnectionExtras  *extras,
                          GCancellable               *cancellable,
                          GError                    **error)
{
  static const BmdConnectionExtras none = { NULL };
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(BmdGlueClient) glue = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  GError *local_error = NULL;
  JsonNode *list;
  guint tables = 0;

  g_return_val_if_fail (config != NULL, NULL);

  if (extras == NULL)
    extras = &none;
  if (!is_set (config->glue_database))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "No Glue database is set.");
      return NULL;
    }
  credentials = bmd_connection_test_resolve_aws (config, extras, error);
  if (credentials == NULL)
    return NULL;
  glue = bmd_glue_client_new (is_set (config->glue_endpoint) ? config->glue_endpoint : NULL, credentials,
                              &local_error);
  if (glue == NULL)
    {
      g_propagate_prefixed_error (error, local_error, "Glue endpoint: ");
      return NULL;
    }

  json_object_set_string_member (request, "DatabaseName", config->glue_database);
  answer = bmd_glue_client_call (glue, "GetTables", request, cancellable, &local_error);
  if (answer == NULL && g_error_matches (local_error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_NOT_FOUND))
    {
      g_clear_error (&local_error);
      return g_strdup_printf ("Reached Glue at %s; database %s does not exist yet: the next refresh creates it.",
                              bmd_glue_client_get_endpoint (glue), config->glue_database);
    }
  if (answer == NULL)
    {
      g_propagate_prefixed_error (error, local_error, "Glue database %s: ", config->glue_database);
      return NULL;
    }
  list = json_object_get_member (answer, "TableList");
  if (list != NULL && JSON_NODE_HOLDS_ARRAY (list))
    tables = json_array_get_length (json_node_get_array (list));
  return g_strdup_printf ("Reached Glue at %s; database %s has %u tables.",
                          bmd_glue_client_get_endpoint (glue), config->glue_database, tables);
}
