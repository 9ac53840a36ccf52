#define G_LOG_DOMAIN "bmd-order-list"

#include "config.h"

#include <string.h>

#include "bmd-json-doc-private.h"
#include "bmd-json-text.h"
#include "bmd-order-list.h"
#include "bmd-order-private.h"

typedef struct
{
  GPtrArray *orders;
  gboolean light;
} Reader;

/* @text as one JSON value: the fast reader, else json-glib (which reads what
 * the fast reader is not sure of, on the shared loader's checked text). */
static BmdJsonDoc *
read_doc (const char  *text,
          gsize        length,
          GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  BmdJsonDoc *doc = _bmd_json_doc_parse (text, length);

  if (doc != NULL)
    return doc;
  parser = json_parser_new_immutable ();
  if (!bmd_json_parser_load (parser, text, length, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no JSON value");
      return NULL;
    }
  return _bmd_json_doc_new_from_node (json_parser_get_root (parser));
}

static gboolean
add_node (Reader      *reader,
          BmdJsonDoc  *doc,
          BmdJsonRef   node,
          const char  *where,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  BmdOrder *order;

  if (_bmd_json_type (doc, node) != BMD_JSON_OBJECT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s is not an order object", where);
      return FALSE;
    }
  if (reader->light)
    order = _bmd_order_new_light_from_doc (doc, node, &local_error);
  else
    {
      g_autoptr(JsonNode) tree = _bmd_json_doc_to_node (doc, node);

      order = bmd_order_new_from_json (json_node_get_object (tree), &local_error);
    }
  if (order == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: %s", where, local_error->message);
      return FALSE;
    }
  g_ptr_array_add (reader->orders, order);
  return TRUE;
}

static gboolean
add_connection (Reader      *reader,
                BmdJsonDoc  *doc,
                BmdJsonRef   connection,
                GError     **error)
{
  BmdJsonRef list = _bmd_json_member (doc, connection, "nodes");
  gboolean edges = FALSE;
  BmdJsonRef element;
  guint i = 0;

  if (_bmd_json_type (doc, list) != BMD_JSON_ARRAY)
    {
      list = _bmd_json_member (doc, connection, "edges");
      edges = TRUE;
    }
  if (_bmd_json_type (doc, list) != BMD_JSON_ARRAY)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "data.orders has neither \"nodes\" nor \"edges\"");
      return FALSE;
    }

  for (element = _bmd_json_first (doc, list); element != 0; element = _bmd_json_next (doc, element), i++)
    {
      BmdJsonRef node = edges ? _bmd_json_member (doc, element, "node") : element;
      g_autofree char *where = NULL;

      /* The position is named only for an error: a file may hold many
       * orders, and a failed order is read again to say why. */
      if (add_node (reader, doc, node, NULL, NULL))
        continue;
      where = g_strdup_printf ("data.orders.%s[%u]", edges ? "edges" : "nodes", i);
      return add_node (reader, doc, node, where, error);
    }
  return TRUE;
}

static gboolean
add_response (Reader      *reader,
              BmdJsonDoc  *doc,
              BmdJsonRef   root,
              GError     **error)
{
  BmdJsonRef data = _bmd_json_member (doc, root, "data");
  BmdJsonRef connection;

  if (_bmd_json_type (doc, data) != BMD_JSON_OBJECT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the response has no \"data\" object (a GraphQL error?)");
      return FALSE;
    }
  connection = _bmd_json_member (doc, data, "orders");
  if (_bmd_json_type (doc, connection) != BMD_JSON_OBJECT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the response has no data.orders object");
      return FALSE;
    }
  return add_connection (reader, doc, connection, error);
}

static gboolean
add_json_lines (Reader      *reader,
                const char  *data,
                gsize        length,
                GError     **error)
{
  const char *line = data;
  const char *end = data + length;
  guint number = 0;

  while (line < end)
    {
      const char *newline = memchr (line, '\n', end - line);
      const char *line_end = newline != NULL ? newline : end;
      const char *p;

      number++;
      for (p = line; p < line_end && g_ascii_isspace (*p); p++)
        ;
      if (p < line_end)
        {
          g_autoptr(GError) local_error = NULL;
          g_autoptr(BmdJsonDoc) doc = read_doc (line, line_end - line, &local_error);
          g_autofree char *where = NULL;

          if (doc == NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "line %u is not JSON: %s", number, local_error->message);
              return FALSE;
            }
          where = g_strdup_printf ("line %u", number);
          if (!add_node (reader, doc, _bmd_json_doc_root (doc), where, error))
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

static gboolean
is_blank (const char *data,
          gsize       length)
{
  gsize i;

  for (i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
parse_data (const char  *data,
            gsize        length,
            gboolean     light,
            GError     **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(BmdJsonDoc) doc = NULL;
  Reader reader = { orders, light };
  BmdJsonRef root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* An empty file is a mistake (a failed download, the wrong path), not a
   * shop without orders: that is a response with an empty list. */
  if (is_blank (data, length))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the file holds no orders (it is empty)");
      return NULL;
    }

  /* A whole document first (one GraphQL response); otherwise JSON Lines. */
  if (!holds_several_values (data, length)
      && (doc = read_doc (data, length, NULL)) != NULL)
    {
      root = _bmd_json_doc_root (doc);
      if (_bmd_json_member (doc, root, "data") != 0)
        {
          if (!add_response (&reader, doc, root, error))
            return NULL;
          return g_steal_pointer (&orders);
        }
      if (_bmd_json_member (doc, root, "errors") != 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "the response holds GraphQL errors and no data");
          return NULL;
        }
      if (_bmd_json_type (doc, root) == BMD_JSON_ARRAY)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "a JSON array is neither a GraphQL response nor JSON Lines");
          return NULL;
        }
      /* One order on its own: the single line of JSON Lines. */
      if (!add_node (&reader, doc, root, "line 1", error))
        return NULL;
      return g_steal_pointer (&orders);
    }

  if (!add_json_lines (&reader, data, length, error))
    return NULL;
  return g_steal_pointer (&orders);
}

GPtrArray *
bmd_order_list_parse_data (const char  *data,
                           gsize        length,
                           GError     **error)
{
  return parse_data (data, length, FALSE, error);
}

static GPtrArray *
load_file (const char  *path,
           gboolean     light,
           GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  GPtrArray *orders;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  orders = parse_data (contents, length, light, &local_error);
  if (orders == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "%s: %s", path, local_error->message);
  return orders;
}

GPtrArray *
bmd_order_list_load_file (const char  *path,
                          GError     **error)
{
  return load_file (path, FALSE, error);
}

GPtrArray *
bmd_order_list_load_file_light (const char  *path,
                                GError     **error)
{
  return load_file (path, TRUE, error);
}
