/* A bulk operation's JSON Lines file (bmd-bulk-jsonl.c), fed as curl would:
 * in chunks cut anywhere. The first input byte picks the cuts. Whatever the
 * cuts, the outcome must be the same (the same orders, or the same error),
 * and what comes back must be whole: every top-level object has its id and
 * its lineItems connection, no node keeps a __parentId, and every object of
 * the file is somewhere in the result exactly once. */
#include <string.h>

#include "bmd-bulk-jsonl.h"
#include "bmd-fuzz.h"

static const BmdBulkConnection connections[] = {
  { "lineItems", "LineItem" },
  { "metafields", "Metafield" },
};

/* Reads @text in chunks of @chunk bytes (0: at once). Returns the compact
 * JSON of the orders, or "error: " and the message; sets @n_objects to the
 * objects found in the result. */
static char *
read_in_chunks (const char *text,
                size_t      size,
                size_t      chunk,
                guint64    *n_lines,
                guint      *n_objects);

static guint
count_objects (JsonObject *object)
{
  guint n = 1;

  bmd_fuzz_check (!json_object_has_member (object, "__parentId"), "a node that kept its __parentId");
  for (guint c = 0; c < G_N_ELEMENTS (connections); c++)
    {
      JsonNode *member = json_object_get_member (object, connections[c].name);
      JsonArray *nodes;

      if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        continue;
      nodes = json_object_get_array_member (json_node_get_object (member), "nodes");
      if (nodes == NULL)
        continue;
      for (guint i = 0; i < json_array_get_length (nodes); i++)
        {
          JsonNode *child = json_array_get_element (nodes, i);

          /* A connection the file itself held may hold anything; the
           * reader's own nodes are objects. */
          if (JSON_NODE_HOLDS_OBJECT (child))
            n += count_objects (json_node_get_object (child));
        }
    }
  return n;
}

static char *
read_in_chunks (const char *text,
                size_t      size,
                size_t      chunk,
                guint64    *n_lines,
                guint      *n_objects)
{
  g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (connections, G_N_ELEMENTS (connections));
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  size_t done = 0;

  *n_objects = 0;
  if (chunk == 0)
    chunk = size > 0 ? size : 1;
  while (done < size)
    {
      size_t n = MIN (chunk, size - done);

      if (!bmd_bulk_jsonl_feed (reader, text + done, n, &error))
        return g_strconcat ("error: ", error->message, NULL);
      done += n;
    }
  orders = bmd_bulk_jsonl_finish (reader, &error);
  *n_lines = bmd_bulk_jsonl_get_line_count (reader);
  if (orders == NULL)
    {
      bmd_fuzz_check (error != NULL, "no orders and no error");
      return g_strconcat ("error: ", error->message, NULL);
    }
  bmd_fuzz_check (bmd_bulk_jsonl_get_byte_count (reader) == size, "bytes fed miscounted");
  for (guint i = 0; i < orders->len; i++)
    {
      JsonObject *order = g_ptr_array_index (orders, i);
      JsonNode *items = json_object_get_member (order, "lineItems");

      bmd_fuzz_check (json_object_get_string_member_with_default (order, "id", NULL) != NULL,
                      "a top-level object without an id");
      bmd_fuzz_check (items != NULL && JSON_NODE_HOLDS_OBJECT (items),
                      "a top-level object without its lineItems connection");
      *n_objects += count_objects (order);
      json_array_add_object_element (array, json_object_ref (order));
    }
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
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
  g_autofree char *whole = NULL;
  g_autofree char *cut = NULL;
  g_autofree char *bytewise = NULL;
  const char *text;
  guint64 lines = 0, cut_lines = 0;
  guint objects = 0, cut_objects = 0;
  size_t chunk;
  guint non_blank = 0;

  if (size < 1)
    return 0;
  chunk = data[0] % 64 + 1;
  text = (const char *) data + 1;
  size--;

  whole = read_in_chunks (text, size, 0, &lines, &objects);
  cut = read_in_chunks (text, size, chunk, &cut_lines, &cut_objects);
  bmd_fuzz_check (strcmp (whole, cut) == 0, "the outcome depends on where the chunks were cut");
  if (size <= 4096)
    {
      guint64 byte_lines = 0;
      guint byte_objects = 0;

      bytewise = read_in_chunks (text, size, 1, &byte_lines, &byte_objects);
      bmd_fuzz_check (strcmp (whole, bytewise) == 0, "one byte at a time reads otherwise");
    }

  if (!g_str_has_prefix (whole, "error: "))
    {
      /* Every non-blank line is one object, found once in the result. A line
       * that itself holds a "lineItems" with nodes adds those too, so the
       * result may hold more, never fewer. */
      const char *p = text;
      const char *end = text + size;

      while (p < end)
        {
          const char *nl = memchr (p, '\n', end - p);
          const char *line_end = nl != NULL ? nl : end;
          gboolean blank = TRUE;

          for (const char *q = p; q < line_end; q++)
            if (!g_ascii_isspace (*q))
              blank = FALSE;
          if (!blank)
            non_blank++;
          p = nl != NULL ? nl + 1 : end;
        }
      bmd_fuzz_check (objects >= non_blank, "an object of the file is missing from the result");
      bmd_fuzz_check (lines >= non_blank, "fewer lines counted than the file has");
    }
  return 0;
}
