#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <string.h>

#include "bmd-resources.h"
#include "bmd-shopify-bulk.h"
#include "bmd-shopify-client-private.h"

/* bulkOperationRunQuery, its polls and its cancel, and ordersCount: the
 * GraphQL side of a bulk read, built on bmd_shopify_client_query (). */

const BmdBulkConnection bmd_bulk_orders_connections[] = {
  { "lineItems", "LineItem" },
};
const guint bmd_bulk_orders_n_connections = G_N_ELEMENTS (bmd_bulk_orders_connections);

static const struct
{
  const char    *name;
  BmdBulkStatus  status;
} status_names[] = {
  { "CREATED", BMD_BULK_STATUS_CREATED },
  { "RUNNING", BMD_BULK_STATUS_RUNNING },
  { "COMPLETED", BMD_BULK_STATUS_COMPLETED },
  { "CANCELING", BMD_BULK_STATUS_CANCELING },
  { "CANCELED", BMD_BULK_STATUS_CANCELED },
  { "FAILED", BMD_BULK_STATUS_FAILED },
  { "EXPIRED", BMD_BULK_STATUS_EXPIRED },
};

void
bmd_bulk_operation_clear (BmdBulkOperation *operation)
{
  g_clear_pointer (&operation->id, g_free);
  g_clear_pointer (&operation->status_name, g_free);
  g_clear_pointer (&operation->error_code, g_free);
  g_clear_pointer (&operation->url, g_free);
  g_clear_pointer (&operation->partial_data_url, g_free);
  operation->status = BMD_BULK_STATUS_UNKNOWN;
  operation->object_count = operation->root_object_count = operation->file_size = 0;
}

gboolean
bmd_bulk_status_is_final (BmdBulkStatus status)
{
  return status == BMD_BULK_STATUS_COMPLETED || status == BMD_BULK_STATUS_CANCELED
         || status == BMD_BULK_STATUS_FAILED || status == BMD_BULK_STATUS_EXPIRED;
}

/* The query text */

/* Where the line items' ids go, as the query reads once its spaces are
 * collapsed. */
#define LINE_ITEMS_SELECTION "lineItems(first: 10) { nodes {"

/* @value as a GraphQL string literal. */
static void
append_string_literal (GString    *out,
                       const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* The document @file and the files its leading #import lines name. */
static gboolean
append_with_imports (GString     *out,
                     const char  *file,
                     GError     **error)
{
  g_autofree char *path = g_strdup_printf ("graphql/%s", file);
  g_autofree char *text = bmd_core_dup_resource_text (path, NULL);
  const char *line;

  if (text == NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_GRAPHQL,
                   "There is no GraphQL document “%s”", file);
      return FALSE;
    }
  g_string_append (out, text);
  g_string_append_c (out, '\n');
  for (line = text; g_str_has_prefix (line, "#import \""); )
    {
      const char *name = line + strlen ("#import \"");
      const char *quote = strchr (name, '"');
      const char *newline = strchr (line, '\n');
      g_autofree char *imported = NULL;

      if (quote == NULL || newline == NULL || quote > newline)
        break;
      imported = g_strndup (name, quote - name);
      if (!append_with_imports (out, imported, error))
        return FALSE;
      line = newline + 1;
    }
  return TRUE;
}

char *
bmd_shopify_client_dup_bulk_orders_query (BmdShopifyClient  *self,
                                          const char        *search,
                                          GError           **error)
{
  g_autoptr(GString) document = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonObject) values = json_object_new ();
  const char *p;
  const char *header;
  const char *line_items;
  gboolean space = FALSE;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), NULL);

  if (!append_with_imports (document, "bulk-orders.graphql", error))
    return NULL;
  _bmd_shopify_client_add_metafield_keys (self, values);

  /* The variable declarations go: a bulk query is sent without variables. */
  header = strstr (document->str, "query BulkOrders(");
  if (header == NULL || strchr (header, ')') == NULL)
    {
      g_set_error_literal (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_GRAPHQL,
                           "bulk-orders.graphql does not declare query BulkOrders(…)");
      return NULL;
    }

  for (p = document->str; *p != '\0'; p++)
    {
      if (p == header + strlen ("query BulkOrders"))
        {
          p = strchr (p, ')');
          continue;
        }
      if (*p == '#')
        {
          /* A comment runs to the end of its line (the documents hold no
           * strings with a '#'). */
          while (p[1] != '\0' && p[1] != '\n')
            p++;
          continue;
        }
      if (g_ascii_isspace (*p) || *p == ',')
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (*p == '$')
        {
          const char *start = p + 1;
          g_autofree char *name = NULL;

          while (g_ascii_isalnum (p[1]) || p[1] == '_')
            p++;
          name = g_strndup (start, p + 1 - start);
          if (strcmp (name, "query") == 0)
            {
              if (search != NULL && *search != '\0')
                append_string_literal (out, search);
              else
                g_string_append (out, "null");
            }
          else if (json_object_has_member (values, name))
            append_string_literal (out, json_object_get_string_member (values, name));
          else
            {
              g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_GRAPHQL,
                           "bulk-orders.graphql uses $%s, which has no value", name);
              return NULL;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }

  /* The line items' ids, in the fragment's own selection (a second
   * lineItems selection would need the server to merge them). */
  line_items = strstr (out->str, LINE_ITEMS_SELECTION);
  if (line_items == NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_GRAPHQL,
                   "order-fields.graphql no longer selects “%s”", LINE_ITEMS_SELECTION);
      return NULL;
    }
  g_string_insert (out, line_items - out->str + strlen (LINE_ITEMS_SELECTION), " id");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Answers */

/* An UnsignedInt64: Shopify writes it as a string; a number reads too. */
static guint64
get_count (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  guint64 value = 0;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64, &value, NULL);
  else if (json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
    value = json_node_get_int (node);
  return value;
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* The userErrors of @payload, "; "-joined, or NULL; @code: the first code. */
static char *
dup_user_errors (JsonObject  *payload,
                 char       **code)
{
  JsonArray *errors = _bmd_shopify_get_array (payload, "userErrors");
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; errors != NULL && i < json_array_get_length (errors); i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *user_error;
      g_autofree char *message = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      user_error = json_node_get_object (node);
      message = dup_string (user_error, "message");
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, message != NULL ? message : "refused");
      if (code != NULL && *code == NULL)
        *code = dup_string (user_error, "code");
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

char *
bmd_shopify_client_bulk_run_orders (BmdShopifyClient  *self,
                                    const char        *search,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autofree char *query = NULL;
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *code = NULL;
  JsonObject *payload;
  char *id;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), NULL);

  query = bmd_shopify_client_dup_bulk_orders_query (self, search, error);
  if (query == NULL)
    return NULL;
  json_object_set_string_member (variables, "query", query);
  data = bmd_shopify_client_query (self, "bulk-operation-run-query", variables, cancellable, error);
  if (data == NULL)
    return NULL;

  payload = _bmd_shopify_get_object (data, "bulkOperationRunQuery");
  problems = dup_user_errors (payload, &code);
  if (problems != NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR,
                   g_strcmp0 (code, "OPERATION_IN_PROGRESS") == 0
                     ? BMD_SHOPIFY_ERROR_BULK_BUSY : BMD_SHOPIFY_ERROR_USER,
                   "Shopify refused the bulk operation: %s", problems);
      return NULL;
    }
  id = dup_string (_bmd_shopify_get_object (payload, "bulkOperation"), "id");
  if (id == NULL)
    g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                 "Shopify’s answer to bulkOperationRunQuery at %s has no operation id", self->host);
  return id;
}

gboolean
bmd_shopify_client_bulk_poll (BmdShopifyClient  *self,
                              const char        *id,
                              BmdBulkOperation  *operation,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) data = NULL;
  JsonObject *node;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (operation != NULL, FALSE);

  json_object_set_string_member (variables, "id", id);
  data = bmd_shopify_client_query (self, "bulk-operation", variables, cancellable, error);
  if (data == NULL)
    return FALSE;
  node = _bmd_shopify_get_object (data, "node");
  if (node == NULL || !json_object_has_member (node, "status"))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BULK_GONE,
                   "Shopify at %s has no bulk operation %s", self->host, id);
      return FALSE;
    }

  bmd_bulk_operation_clear (operation);
  operation->id = dup_string (node, "id");
  operation->status_name = dup_string (node, "status");
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (operation->status_name, status_names[i].name) == 0)
      operation->status = status_names[i].status;
  operation->error_code = dup_string (node, "errorCode");
  operation->object_count = get_count (node, "objectCount");
  operation->root_object_count = get_count (node, "rootObjectCount");
  operation->file_size = get_count (node, "fileSize");
  operation->url = dup_string (node, "url");
  operation->partial_data_url = dup_string (node, "partialDataUrl");
  return TRUE;
}

gboolean
bmd_shopify_client_bulk_cancel (BmdShopifyClient  *self,
                                const char        *id,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *problems = NULL;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  json_object_set_string_member (variables, "id", id);
  data = bmd_shopify_client_query (self, "bulk-operation-cancel", variables, cancellable, error);
  if (data == NULL)
    return FALSE;
  problems = dup_user_errors (_bmd_shopify_get_object (data, "bulkOperationCancel"), NULL);
  /* Shopify refuses to cancel an operation that has finished: the goal,
   * that it no longer runs, holds. */
  if (problems != NULL)
    g_debug ("bulkOperationCancel %s: %s", id, problems);
  return TRUE;
}

gboolean
bmd_shopify_client_count_orders (BmdShopifyClient  *self,
                                 const char        *search,
                                 guint64           *count,
                                 gboolean          *at_least,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) data = NULL;
  g_autofree char *precision = NULL;
  JsonObject *counted;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  if (search != NULL && *search != '\0')
    json_object_set_string_member (variables, "query", search);
  else
    json_object_set_null_member (variables, "query");
  data = bmd_shopify_client_query (self, "orders-count", variables, cancellable, error);
  if (data == NULL)
    return FALSE;
  counted = _bmd_shopify_get_object (data, "ordersCount");
  if (counted == NULL || !json_object_has_member (counted, "count"))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                   "Shopify’s answer to ordersCount at %s has no count", self->host);
      return FALSE;
    }
  *count = get_count (counted, "count");
  precision = dup_string (counted, "precision");
  if (at_least != NULL)
    *at_least = g_strcmp0 (precision, "AT_LEAST") == 0;
  return TRUE;
}
