#define G_LOG_DOMAIN "bmd-sim"

/* The JSON Lines of a bulk operation from the answer of its inner query. */

#include "bmd-sim-bulk-private.h"

#include <string.h>


static JsonArray *
connection_nodes (JsonObject *connection)
{
  JsonNode *nodes = json_object_get_member (connection, "nodes");
  JsonNode *edges = json_object_get_member (connection, "edges");
  JsonArray *out = json_array_new ();

  if (nodes != NULL && JSON_NODE_HOLDS_ARRAY (nodes))
    {
      JsonArray *list = json_node_get_array (nodes);

      for (guint i = 0; i < json_array_get_length (list); i++)
        if (json_array_get_object_element (list, i) != NULL)
          json_array_add_object_element (out, json_object_ref (json_array_get_object_element (list, i)));
    }
  if (edges != NULL && JSON_NODE_HOLDS_ARRAY (edges))
    {
      JsonArray *list = json_node_get_array (edges);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *edge = json_array_get_object_element (list, i);
          JsonNode *node = edge != NULL ? json_object_get_member (edge, "node") : NULL;

          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            json_array_add_object_element (out, json_object_ref (json_node_get_object (node)));
        }
    }
  return out;
}

/* Only connections have these members in the part of the schema modelled. */
static gboolean
is_connection (JsonNode *value)
{
  JsonObject *object;

  if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
    return FALSE;
  object = json_node_get_object (value);
  return json_object_has_member (object, "nodes") || json_object_has_member (object, "edges") ||
         json_object_has_member (object, "pageInfo");
}


static void
add_line (BmdSimBulkLines *lines,
          JsonObject *object,
          gboolean    root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  json_generator_set_root (gen, node);
  g_ptr_array_add (lines->lines, json_generator_to_data (gen, NULL));
  g_array_append_val (lines->roots, root);
}

/* Copies @node into @copy without its connections, also those inside inline
 * objects (customer { orders }); their nodes go to @children (JsonArray*). */
static void
strip_connections (JsonObject *node,
                   JsonObject *copy,
                   GPtrArray  *children)
{
  g_autoptr(GList) members = json_object_get_members (node);  /* in the answer's order */

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *value = json_object_get_member (node, member);

      if (is_connection (value))
        g_ptr_array_add (children, connection_nodes (json_node_get_object (value)));
      else if (JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonObject *inner = json_object_new ();

          strip_connections (json_node_get_object (value), inner, children);
          json_object_set_object_member (copy, member, inner);
        }
      else
        json_object_set_member (copy, member, json_node_copy (value));
    }
}

/* A node as its own line, its nested connections' nodes as lines of their
 * own that name it in __parentId. */
static void
flatten_node (BmdSimBulkLines *lines,
              JsonObject *node,
              const char *parent_id)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  const char *id = NULL;

  strip_connections (node, copy, children);
  if (parent_id != NULL)
    json_object_set_string_member (copy, "__parentId", parent_id);
  add_line (lines, copy, parent_id == NULL);
  if (json_object_has_member (copy, "id") && JSON_NODE_HOLDS_VALUE (json_object_get_member (copy, "id")))
    id = json_object_get_string_member (copy, "id");
  for (guint i = 0; i < children->len; i++)
    {
      JsonArray *list = g_ptr_array_index (children, i);

      for (guint j = 0; j < json_array_get_length (list); j++)
        flatten_node (lines, json_array_get_object_element (list, j), id);
    }
}

/* Children come before and after their parents, as since 2026-01 (groupObjects
 * false); a reader must build a map by __parentId. */
static void
shuffle (BmdSimBulkLines *lines,
         guint64  seed,
         guint64  serial)
{
  guint32 words[4] = { (guint32) seed, (guint32) (seed >> 32), (guint32) serial, 0xb01c };
  g_autoptr(GRand) rand = g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
  guint n = lines->lines->len;
  gboolean child_first = FALSE;
  GHashTable *seen;

  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer tmp = lines->lines->pdata[i - 1];
      gboolean root = g_array_index (lines->roots, gboolean, i - 1);

      lines->lines->pdata[i - 1] = lines->lines->pdata[j];
      lines->lines->pdata[j] = tmp;
      g_array_index (lines->roots, gboolean, i - 1) = g_array_index (lines->roots, gboolean, j);
      g_array_index (lines->roots, gboolean, j) = root;
    }

  /* Make sure at least one child precedes its parent: a reader that assumes
   * adjacency or parent-first order must fail on every file with children. */
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n && !child_first; i++)
    {
      const char *line = g_ptr_array_index (lines->lines, i);
      const char *p = strstr (line, "\"__parentId\":\"");

      if (g_array_index (lines->roots, gboolean, i))
        {
          const char *id = strstr (line, "\"id\":\"");

          if (id != NULL)
            g_hash_table_add (seen, g_strndup (id + 6, strcspn (id + 6, "\"")));
        }
      else if (p != NULL)
        {
          g_autofree char *parent = g_strndup (p + 14, strcspn (p + 14, "\""));

          child_first = !g_hash_table_contains (seen, parent);
        }
    }
  g_hash_table_unref (seen);
  for (guint i = 0; i < n && !child_first; i++)
    if (!g_array_index (lines->roots, gboolean, i))
      {
        /* Move this child to the front. */
        gpointer line = lines->lines->pdata[i];

        memmove (&lines->lines->pdata[1], &lines->lines->pdata[0], i * sizeof (gpointer));
        lines->lines->pdata[0] = line;
        g_array_remove_index (lines->roots, i);
        g_array_insert_val (lines->roots, 0, child_first);
        child_first = TRUE;
      }
}

GBytes *
_bmd_sim_bulk_join_lines (GPtrArray *lines,
            guint      n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_string_append (text, g_ptr_array_index (lines, i));
      g_string_append_c (text, '\n');
    }
  return g_string_free_to_bytes (text);
}

void
_bmd_sim_bulk_lines_init (BmdSimBulkLines *lines,
                          JsonNode        *data,
                          guint64          seed,
                          guint64          serial)
{
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (data));

  lines->lines = g_ptr_array_new_with_free_func (g_free);
  lines->roots = g_array_new (FALSE, FALSE, sizeof (gboolean));
  /* Top-level fields that are not connections have no lines. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (json_node_get_object (data), l->data);
      g_autoptr(JsonArray) nodes = NULL;

      if (!is_connection (value))
        continue;
      nodes = connection_nodes (json_node_get_object (value));
      for (guint i = 0; i < json_array_get_length (nodes); i++)
        flatten_node (lines, json_array_get_object_element (nodes, i), NULL);
    }
  shuffle (lines, seed, serial);
}

void
_bmd_sim_bulk_lines_clear (BmdSimBulkLines *lines)
{
  g_clear_pointer (&lines->lines, g_ptr_array_unref);
  g_clear_pointer (&lines->roots, g_array_unref);
}
