#define G_LOG_DOMAIN "bmd-sim"

/* Loading --orders: JSON Lines of order nodes as the orders query returns
 * them, later lines replacing earlier ones with the same id. */

#include "bmd-sim-data-private.h"

#include <string.h>

/* Turns a connection ({nodes} or {edges{node}}) or an array into an array. */
static JsonArray *
flatten_connection (JsonNode *node)
{
  JsonArray *out = json_array_new ();
  JsonObject *conn;
  JsonArray *list;

  if (node == NULL)
    return out;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      list = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *e = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_OBJECT (e))
            json_array_add_element (out, json_node_copy (e));
        }
      return out;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return out;
  conn = json_node_get_object (node);
  if ((list = _bmd_sim_get_array (conn, "nodes")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *e = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_OBJECT (e))
            json_array_add_element (out, json_node_copy (e));
        }
    }
  else if ((list = _bmd_sim_get_array (conn, "edges")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *edge = json_array_get_object_element (list, i);
          JsonObject *n = _bmd_sim_get_object (edge, "node");

          if (n != NULL)
            json_array_add_object_element (out, json_object_ref (n));
        }
    }
  return out;
}

static const struct
{
  const char *alias;
  const char *key;
  const char *type;
} default_fields[] = {
  { "draftType", "draft_type", "single_line_text_field" },
  { "pickupDate", "pickup_date", "date_time" },
  { "flavor", "flavor", "single_line_text_field" },
  { "theme", "theme", "single_line_text_field" },
  { "allergies", "allergies", "single_line_text_field" },
};

static gboolean
load_node (BmdSimStore *store,
           JsonObject  *in,
           gint64       now,
           GError     **error)
{
  const char *gid = _bmd_sim_get_string (in, "id");
  const char *prefix = "gid://shopify/Order/";
  JsonObject *node;
  JsonArray *fields;
  BmdSimOrder *order;
  gint64 id, times[BMD_SIM_N_SORTS] = { 0 };
  const char *names[BMD_SIM_N_SORTS] = { NULL, "updatedAt", "createdAt", "processedAt" };
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  char *end = NULL;

  if (gid == NULL || !g_str_has_prefix (gid, prefix))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an order without an Order gid");
      return FALSE;
    }
  id = g_ascii_strtoll (gid + strlen (prefix), &end, 10);
  if (end == gid + strlen (prefix) || *end != '\0' || id <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad order id %s", gid);
      return FALSE;
    }

  node = json_object_new ();
  fields = json_array_new ();
  json_object_iter_init (&iter, in);
  while (json_object_iter_next (&iter, &member, &value))
    {
      gboolean is_alias = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (default_fields); i++)
        if (g_str_equal (member, default_fields[i].alias))
          {
            const char *v = JSON_NODE_HOLDS_OBJECT (value)
                            ? _bmd_sim_get_string (json_node_get_object (value), "value") : NULL;

            is_alias = TRUE;
            if (v != NULL)
              {
                JsonObject *f = json_object_new ();

                json_object_set_string_member (f, "namespace", "custom");
                json_object_set_string_member (f, "key", default_fields[i].key);
                json_object_set_string_member (f, "type", default_fields[i].type);
                json_object_set_string_member (f, "value", v);
                json_array_add_object_element (fields, f);
              }
          }
      if (is_alias)
        continue;
      if (g_str_equal (member, "lineItems"))
        json_object_set_array_member (node, "lineItems", flatten_connection (value));
      else if (g_str_equal (member, "metafields"))
        {
          g_autoptr(JsonArray) more = flatten_connection (value);

          for (guint i = 0; i < json_array_get_length (more); i++)
            json_array_add_element (fields, json_node_copy (json_array_get_element (more, i)));
        }
      else
        json_object_set_member (node, member, json_node_copy (value));
    }
  json_object_set_array_member (node, "metafields", fields);
  if (!json_object_has_member (node, "lineItems"))
    json_object_set_array_member (node, "lineItems", json_array_new ());

  for (int k = BMD_SIM_SORT_UPDATED_AT; k < BMD_SIM_N_SORTS; k++)
    {
      const char *text = _bmd_sim_get_string (node, names[k]);

      if (text == NULL || !bmd_sim_parse_time (store, text, &times[k], NULL))
        times[k] = k == BMD_SIM_SORT_PROCESSED_AT ? times[BMD_SIM_SORT_CREATED_AT] : now;
      times[k] = MIN (times[k], now);
    }
  times[BMD_SIM_SORT_UPDATED_AT] = MAX (times[BMD_SIM_SORT_UPDATED_AT], times[BMD_SIM_SORT_CREATED_AT]);
  for (int k = BMD_SIM_SORT_UPDATED_AT; k < BMD_SIM_N_SORTS; k++)
    _bmd_sim_set_time_member (node, names[k], times[k]);
  if (!json_object_has_member (node, "legacyResourceId"))
    {
      g_autofree char *legacy = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      json_object_set_string_member (node, "legacyResourceId", legacy);
    }
  if (!json_object_has_member (node, "name"))
    {
      g_autofree char *name = g_strdup_printf ("#%" G_GINT64_FORMAT, store->next_order++);

      json_object_set_string_member (node, "name", name);
    }
  if (_bmd_sim_get_object (node, "customer") != NULL)
    {
      JsonObject *c = _bmd_sim_get_object (node, "customer");

      if (_bmd_sim_store_find_customer (store, _bmd_sim_get_string (c, "id"), NULL) == NULL && _bmd_sim_get_string (c, "id") != NULL)
        {
          g_ptr_array_add (store->customers, json_object_ref (c));
          _bmd_sim_store_add_customer_id (store, c);
        }
    }
  _bmd_sim_store_number_fields (store, node, times[BMD_SIM_SORT_CREATED_AT]);

  /* A later line for the same id replaces the order in place: looking it up
   * is a hash lookup, where removing it from the array would be a scan. */
  order = bmd_sim_store_lookup (store, id);
  if (order != NULL)
    {
      json_object_unref (order->node);
      order->node = node;
      memcpy (order->times, times, sizeof times);
      _bmd_sim_store_invalidate (store);
    }
  else
    {
      order = g_new0 (BmdSimOrder, 1);
      order->id = id;
      order->node = node;
      memcpy (order->times, times, sizeof times);
      _bmd_sim_store_index (store, order);
    }
  store->last_order_id = MAX (store->last_order_id, id);
  return TRUE;
}

gboolean
bmd_sim_store_load_jsonl (BmdSimStore *store,
                          const char  *path,
                          gint64       now,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) local_error = NULL;
      JsonNode *root;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: %s", path, i + 1, local_error->message);
          return FALSE;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: not a JSON object", path, i + 1);
          return FALSE;
        }
      if (!load_node (store, json_node_get_object (root), now, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: %s", path, i + 1, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
