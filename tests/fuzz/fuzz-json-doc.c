/* The fast JSON reader (bmd-json-doc.c) against json-glib: whatever it
 * accepts, json-glib must read as the same tree (its header's promise, which
 * the order parser relies on). */
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-json-doc-private.h"

static void
check_same (BmdJsonDoc *doc,
            BmdJsonRef  ref,
            JsonNode   *node,
            guint       depth)
{
  BmdJsonType type = _bmd_json_type (doc, ref);

  bmd_fuzz_check (node != NULL, "a node json-glib does not have");
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      bmd_fuzz_check (type == BMD_JSON_NULL, "null");
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          bmd_fuzz_check (type == BMD_JSON_BOOLEAN, "boolean type");
          bmd_fuzz_check (!_bmd_json_boolean (doc, ref) == !json_node_get_boolean (node), "boolean value");
          break;
        case G_TYPE_INT64:
          bmd_fuzz_check (type == BMD_JSON_INT, "integer type");
          bmd_fuzz_check (_bmd_json_int (doc, ref) == json_node_get_int (node), "integer value");
          break;
        case G_TYPE_DOUBLE:
          {
            double a = _bmd_json_double (doc, ref), b = json_node_get_double (node);

            bmd_fuzz_check (type == BMD_JSON_DOUBLE, "double type");
            bmd_fuzz_check (a == b || (isnan (a) && isnan (b)), "double value");
          }
          break;
        case G_TYPE_STRING:
          bmd_fuzz_check (type == BMD_JSON_STRING, "string type");
          bmd_fuzz_check (g_strcmp0 (_bmd_json_string (doc, ref), json_node_get_string (node)) == 0,
                          "string value");
          break;
        default:
          bmd_fuzz_check (FALSE, "a value type json-glib should not make");
        }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array), i = 0;
        BmdJsonRef child;

        bmd_fuzz_check (type == BMD_JSON_ARRAY, "array type");
        for (child = _bmd_json_first (doc, ref); child != 0; child = _bmd_json_next (doc, child), i++)
          {
            bmd_fuzz_check (i < n, "more elements than json-glib");
            check_same (doc, child, json_array_get_element (array, i), depth + 1);
          }
        bmd_fuzz_check (i == n, "fewer elements than json-glib");
      }
      break;
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
        BmdJsonRef child;

        bmd_fuzz_check (type == BMD_JSON_OBJECT, "object type");
        for (child = _bmd_json_first (doc, ref); child != 0; child = _bmd_json_next (doc, child))
          {
            const char *name = _bmd_json_name (doc, child);

            if (!g_hash_table_add (names, (gpointer) name))
              continue;
            /* A repeated name means its last value, as in json-glib. */
            check_same (doc, _bmd_json_member (doc, ref, name),
                        json_object_get_member (object, name), depth + 1);
          }
        bmd_fuzz_check (g_hash_table_size (names) == json_object_get_size (object),
                        "member count differs from json-glib");
      }
      break;
    default:
      bmd_fuzz_check (FALSE, "a node type json-glib should not make");
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bmd_fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BmdJsonDoc) doc = _bmd_json_doc_parse ((const char *) data, size);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;

  if (doc == NULL)
    return 0;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) data, size, &error))
    {
      g_printerr ("json-glib: %s\n", error->message);
      bmd_fuzz_check (FALSE, "accepted text json-glib refuses");
    }
  check_same (doc, _bmd_json_doc_root (doc), json_parser_get_root (parser), 0);
  return 0;
}
