#define G_LOG_DOMAIN "bmd-glue"

#include "config.h"

#include <string.h>

#include "bmd-aws-json.h"
#include "bmd-glue.h"
#include "bmd-loopback.h"

/* Answers bigger than this are not Glue's (a table's definition is a few KiB). */
#define MAX_ANSWER (4 * 1024 * 1024)

struct _BmdGlueClient
{
  GObject parent_instance;

  char *endpoint;
  char *region;
  BmdAwsCredentials *credentials;
};

G_DEFINE_FINAL_TYPE (BmdGlueClient, bmd_glue_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (bmd-glue-error-quark, bmd_glue_error)

static void
bmd_glue_client_finalize (GObject *object)
{
  BmdGlueClient *self = BMD_GLUE_CLIENT (object);

  g_free (self->endpoint);
  g_free (self->region);
  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (bmd_glue_client_parent_class)->finalize (object);
}

static void
bmd_glue_client_class_init (BmdGlueClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_glue_client_finalize;
}

static void
bmd_glue_client_init (BmdGlueClient *self)
{
}

BmdGlueClient *
bmd_glue_client_new (const char         *endpoint,
                     BmdAwsCredentials  *credentials,
                     GError            **error)
{
  g_autoptr(BmdGlueClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *region;

  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (credentials), NULL);

  region = bmd_aws_credentials_get_region (credentials);
  self = g_object_new (BMD_TYPE_GLUE_CLIENT, NULL);
  self->credentials = g_object_ref (credentials);
  self->region = g_strdup (region != NULL ? region : "us-east-1");
  if (endpoint == NULL || *endpoint == '\0')
    self->endpoint = g_strdup_printf ("https://glue.%s.amazonaws.com/", self->region);
  else
    self->endpoint = g_str_has_suffix (endpoint, "/") ? g_strdup (endpoint) : g_strconcat (endpoint, "/", NULL);

  uri = g_uri_parse (self->endpoint, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_INVALID_ENDPOINT,
                   "the Glue endpoint “%s” is not a URL", endpoint);
      return NULL;
    }
  if (!bmd_uri_is_https_or_loopback (uri))
    {
      g_set_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_INVALID_ENDPOINT,
                   "the Glue endpoint “%s” must use https:// (http:// is accepted only for loopback addresses)",
                   endpoint);
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
bmd_glue_client_get_endpoint (BmdGlueClient *self)
{
  return self->endpoint;
}

gboolean
bmd_glue_parse_error (const char  *data,
                      gsize        length,
                      char       **out_type,
                      char       **out_message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *answer;
  JsonNode *root;
  JsonNode *node;
  const char *type = NULL;
  const char *message = NULL;

  if (data == NULL || length == 0 || length > MAX_ANSWER || !g_utf8_validate_len (data, length, NULL))
    return FALSE;
  /* An error answer is one flat object: refuse nesting before json-glib
   * recurses into it. */
  for (gsize i = 0, depth = 0; i < length; i++)
    if ((data[i] == '{' || data[i] == '[') && ++depth > 16)
      return FALSE;
  if (!json_parser_load_from_data (parser, data, length, NULL))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  answer = json_node_get_object (root);

  node = json_object_get_member (answer, "__type");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    type = json_node_get_string (node);
  for (guint i = 0; i < 2 && message == NULL; i++)
    {
      node = json_object_get_member (answer, i == 0 ? "message" : "Message");
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        message = json_node_get_string (node);
    }
  if (type == NULL && message == NULL)
    return FALSE;
  /* "com.amazonaws.glue#EntityNotFoundException" → "EntityNotFoundException";
   * some answers end with ":http://…" after the type. */
  if (type != NULL && strchr (type, '#') != NULL)
    type = strchr (type, '#') + 1;
  if (out_type != NULL)
    *out_type = type != NULL ? g_strndup (type, strcspn (type, ":")) : NULL;
  if (out_message != NULL)
    *out_message = message != NULL ? g_strdup (message) : NULL;
  return TRUE;
}

static BmdGlueError
error_code_for_type (const char *type,
                     long        status)
{
  if (g_strcmp0 (type, "EntityNotFoundException") == 0)
    return BMD_GLUE_ERROR_NOT_FOUND;
  if (g_strcmp0 (type, "AlreadyExistsException") == 0)
    return BMD_GLUE_ERROR_ALREADY_EXISTS;
  if (g_strcmp0 (type, "AccessDeniedException") == 0
      || g_strcmp0 (type, "UnrecognizedClientException") == 0
      || g_strcmp0 (type, "InvalidSignatureException") == 0
      || g_strcmp0 (type, "ExpiredTokenException") == 0
      || status == 403)
    return BMD_GLUE_ERROR_ACCESS_DENIED;
  if (status >= 500)
    return BMD_GLUE_ERROR_SERVER;
  return BMD_GLUE_ERROR_FAILED;
}

JsonObject *
bmd_glue_client_call (BmdGlueClient  *self,
                      const char     *action,
                      JsonObject     *body,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GByteArray) answer = g_byte_array_new ();
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GError) transport_error = NULL;
  long status = 0;

  g_return_val_if_fail (BMD_IS_GLUE_CLIENT (self), NULL);
  g_return_val_if_fail (action != NULL && body != NULL, NULL);

  json_node_set_object (node, body);
  text = json_to_string (node, FALSE);
  target = g_strdup_printf ("AWSGlue.%s", action);
  if (!bmd_aws_json_post (self->credentials, self->endpoint, "glue", self->region, target, text, 15,
                          answer, &status, cancellable, &transport_error))
    {
      if (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Glue %s cancelled", action);
      else
        g_set_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_NETWORK, "Glue %s at %s: %s", action,
                     self->endpoint, transport_error->message);
      return NULL;
    }
  if (status < 200 || status >= 300)
    {
      g_autofree char *type = NULL;
      g_autofree char *message = NULL;

      if (!bmd_glue_parse_error ((const char *) answer->data, answer->len, &type, &message))
        g_set_error (error, BMD_GLUE_ERROR, status >= 500 ? BMD_GLUE_ERROR_SERVER : BMD_GLUE_ERROR_FAILED,
                     "Glue %s: HTTP %ld", action, status);
      else
        g_set_error (error, BMD_GLUE_ERROR, error_code_for_type (type, status),
                     "Glue %s: %s (%s, HTTP %ld)", action, message != NULL ? message : "no message",
                     type != NULL ? type : "error", status);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (answer->len == 0)
    return json_object_new ();
  if (!json_parser_load_from_data (parser, (const char *) answer->data, answer->len, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_FAILED,
                   "Glue %s: HTTP %ld with an answer that is not JSON", action, status);
      return NULL;
    }
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

gboolean
bmd_glue_client_ensure_database (BmdGlueClient  *self,
                                 const char     *database,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  g_autoptr(JsonObject) get = json_object_new ();
  g_autoptr(JsonObject) create = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *input = json_object_new ();

  json_object_set_string_member (get, "Name", database);
  answer = bmd_glue_client_call (self, "GetDatabase", get, cancellable, &local_error);
  if (answer != NULL)
    return TRUE;
  if (!g_error_matches (local_error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  json_object_set_string_member (input, "Name", database);
  json_object_set_string_member (input, "Description", "Bake My Day's lake: Delta tables on S3");
  json_object_set_object_member (create, "DatabaseInput", input);
  answer = bmd_glue_client_call (self, "CreateDatabase", create, cancellable, &local_error);
  /* Another machine may have created it in between. */
  if (answer == NULL && !g_error_matches (local_error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_ALREADY_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

JsonObject *
bmd_glue_table_input_new (const char            *table,
                          BmdParquetSchema      *schema,
                          const char            *location)
{
  JsonObject *input = json_object_new ();
  JsonObject *parameters = json_object_new ();
  JsonObject *storage = json_object_new ();
  JsonObject *serde = json_object_new ();
  JsonArray *cols = json_array_new ();

  /* The Parquet file's columns in its order, with Hive's names for the types. */
  for (guint i = 0; i < bmd_parquet_schema_get_n_fields (schema); i++)
    {
      BmdParquetField *field = bmd_parquet_schema_get_field (schema, i);
      JsonObject *column = json_object_new ();
      const char *type = bmd_parquet_type_hive_name (bmd_parquet_field_get_field_type (field));

      json_object_set_string_member (column, "Name", bmd_parquet_field_get_name (field));
      json_object_set_string_member (column, "Type", type != NULL ? type : "string");
      json_array_add_object_element (cols, column);
    }
  json_object_set_string_member (input, "Name", table);
  json_object_set_string_member (input, "TableType", "EXTERNAL_TABLE");
  json_object_set_string_member (parameters, "classification", "parquet");
  json_object_set_string_member (parameters, "EXTERNAL", "TRUE");
  json_object_set_object_member (input, "Parameters", parameters);
  json_object_set_array_member (storage, "Columns", cols);
  json_object_set_string_member (storage, "Location", location);
  json_object_set_string_member (storage, "InputFormat", BMD_GLUE_INPUT_FORMAT);
  json_object_set_string_member (storage, "OutputFormat", BMD_GLUE_OUTPUT_FORMAT);
  json_object_set_string_member (serde, "SerializationLibrary", BMD_GLUE_SERDE);
  json_object_set_object_member (storage, "SerdeInfo", serde);
  json_object_set_object_member (input, "StorageDescriptor", storage);
  return input;
}

JsonObject *
bmd_glue_client_get_table (BmdGlueClient  *self,
                           const char     *database,
                           const char     *table,
                           GCancellable   *cancellable,
                           GError        **error)
{
  g_autoptr(JsonObject) get = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  JsonNode *node;

  json_object_set_string_member (get, "DatabaseName", database);
  json_object_set_string_member (get, "Name", table);
  answer = bmd_glue_client_call (self, "GetTable", get, cancellable, error);
  if (answer == NULL)
    return NULL;
  node = json_object_get_member (answer, "Table");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_FAILED, "Glue GetTable %s.%s: no Table in the answer",
                   database, table);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

/* The storage descriptor's columns, location, formats and SerDe, as text:
 * equal texts need no UpdateTable. */
static char *
describe_storage (JsonObject *table)
{
  JsonNode *storage = json_object_get_member (table, "StorageDescriptor");
  g_autoptr(JsonObject) kept = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  static const char * const members[] = { "Columns", "Location", "InputFormat", "OutputFormat", "SerdeInfo" };

  if (storage == NULL || !JSON_NODE_HOLDS_OBJECT (storage))
    return g_strdup ("");
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *member = json_object_get_member (json_node_get_object (storage), members[i]);

      if (member == NULL)
        continue;
      if (strcmp (members[i], "SerdeInfo") == 0 && JSON_NODE_HOLDS_OBJECT (member))
        {
          JsonNode *library = json_object_get_member (json_node_get_object (member), "SerializationLibrary");

          if (library != NULL)
            json_object_set_member (kept, "SerializationLibrary", json_node_copy (library));
          continue;
        }
      json_object_set_member (kept, members[i], json_node_copy (member));
    }
  json_node_set_object (node, kept);
  return json_to_string (node, FALSE);
}

gboolean
bmd_glue_client_put_table (BmdGlueClient         *self,
                           const char            *database,
                           const char            *table,
                           BmdParquetSchema      *schema,
                           const char            *location,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(JsonObject) input = bmd_glue_table_input_new (table, schema, location);
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *action;

  existing = bmd_glue_client_get_table (self, database, table, cancellable, &local_error);
  if (existing == NULL && !g_error_matches (local_error, BMD_GLUE_ERROR, BMD_GLUE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (existing != NULL)
    {
      g_autofree char *have = describe_storage (existing);
      g_autofree char *want = describe_storage (input);

      if (g_strcmp0 (have, want) == 0)
        return TRUE;
      action = "UpdateTable";
    }
  else
    action = "CreateTable";

  json_object_set_string_member (request, "DatabaseName", database);
  json_object_set_object_member (request, "TableInput", json_object_ref (input));
  answer = bmd_glue_client_call (self, action, request, cancellable, error);
  return answer != NULL;
}
