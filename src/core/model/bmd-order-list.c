#define G_LOG_DOMAIN "bmd-order-list"

#include "config.h"

#include <string.h>

#include "bmd-order-list.h"

static gboolean
add_node (GPtrArray   *orders,
          JsonNode    *node,
          const char  *where,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  BmdOrder *order;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not an order object", where);
      return FALSE;
    }
  order = bmd_order_new_from_json (json_node_get_object (node), &local_error);
  if (order == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: %s", where, local_error->message);
      return FALSE;
    }
  g_ptr_array_add (orders, order);
  return TRUE;
}

static gboolean
add_connection (GPtrArray   *orders,
                JsonObject  *connection,
                GError     **error)
{
  JsonArray *list;
  gboolean edges = FALSE;
  guint i;

  if (json_object_has_member (connection, "nodes")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (connection, "nodes")))
    list = json_object_get_array_member (connection, "nodes");
  else if (json_object_has_member (connection, "edges")
           && JSON_NODE_HOLDS_ARRAY (json_object_get_member (connection, "edges")))
    {
      list = json_object_get_array_member (connection, "edges");
      edges = TRUE;
    }
  else
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "data.orders has neither \"nodes\" nor \"edges\"");
      return FALSE;
    }

  for (i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      g_autofree char *where = g_strdup_printf ("data.orders.%s[%u]", edges ? "edges" : "nodes", i);

      if (edges)
        node = JSON_NODE_HOLDS_OBJECT (node)
                 ? json_object_get_member (json_node_get_object (node), "node")
                 : NULL;
      if (!add_node (orders, node, where, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_response (GPtrArray   *orders,
              JsonObject  *root,
              GError     **error)
{
  JsonNode *data = json_object_get_member (root, "data");
  JsonNode *connection;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the response has no \"data\" object (a GraphQL error?)");
      return FALSE;
    }
  connection = json_object_get_member (json_node_get_object (data), "orders");
  if (connection == NULL || !JSON_NODE_HOLDS_OBJECT (connection))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the response has no data.orders object");
      return FALSE;
    }
  return add_connection (orders, json_node_get_object (connection), error);
}

static gboolean
add_json_lines (GPtrArray   *orders,
                const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *line = data;
  const char *end = data + length;
  guint number = 0;

  while (line < end)
    {
      const char *newline = memchr (line, '\n', end - line);
      const char *line_end = newline != NULL ? newline : end;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *where = NULL;
      const char *p;

      number++;
      for (p = line; p < line_end && g_ascii_isspace (*p); p++)
        ;
      if (p < line_end)
        {
          where = g_strdup_printf ("line %u", number);
          if (!json_parser_load_from_data (parser, line, line_end - line, &local_error))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "line %u is not JSON: %s", number, local_error->message);
              return FALSE;
            }
          if (!add_node (orders, json_parser_get_root (parser), where, error))
            return FALSE;
        }
      line = line_end + 1;
    }
  return TRUE;
}

/* TRUE when @data holds more than one top-level JSON value (JSON Lines).
 * Checked before parsing it as one document: json-glib 1.6 leaks the first
 * value when the parse then fails on the second. */
static gboolean
holds_several_values (const char *data,
                      gsize       length)
{
  const char *p = data;
  const char *end = data + length;
  int depth = 0;
  gboolean in_string = FALSE;

  while (p < end && g_ascii_isspace (*p))
    p++;
  for (; p < end; p++)
    {
      if (in_string)
        {
          if (*p == '\\' && p + 1 < end)
            p++;
          else if (*p == '"')
            in_string = FALSE;
          continue;
        }
      if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        depth++;
      else if ((*p == '}' || *p == ']') && --depth == 0)
        break;
    }
  if (p >= end)
    return FALSE;
  for (p++; p < end; p++)
    {
      if (!g_ascii_isspace (*p))
        return TRUE;
    }
  return FALSE;
}

GPtrArray *
bmd_order_list_parse_data (const char  *data,
                           gsize        length,
                           GError     **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* A whole document first (one GraphQL response); otherwise JSON Lines. */
  if (length > 0 && !holds_several_values (data, length)
      && json_parser_load_from_data (parser, data, length, NULL))
    {
      root = json_parser_get_root (parser);
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
          && json_object_has_member (json_node_get_object (root), "data"))
        {
          if (!add_response (orders, json_node_get_object (root), error))
            return NULL;
          return g_steal_pointer (&orders);
        }
      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root)
          && json_object_has_member (json_node_get_object (root), "errors"))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "the response holds GraphQL errors and no data");
          return NULL;
        }
      if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "a JSON array is neither a GraphQL response nor JSON Lines");
          return NULL;
        }
    }

  if (!add_json_lines (orders, data, length, error))
    return NULL;
  return g_steal_pointer (&orders);
}

GPtrArray *
bmd_order_list_load_file (const char  *path,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *orders;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  orders = bmd_order_list_parse_data (contents, length, &local_error);
  if (orders == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "%s: %s", path, local_error->message);
  return orders;
}
