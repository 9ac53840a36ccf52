#include "config.h"

#include <string.h>

#include "bmd-test-parquet.h"

char *bmd_test_parquet_dir;

JsonObject *
bmd_test_parse_object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

char *
bmd_test_parquet_save (GBytes     *bytes,
      const char *name)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (bmd_test_parquet_dir, name, NULL);

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}

/* Runs node tests/lake/read.mjs MODE PATH and parses what it prints. */
JsonObject *
bmd_test_parquet_read (const char *mode,
           const char *path)
{
  g_autofree char *script = g_build_filename (BMD_SOURCE_DIR, "tests", "lake", "read.mjs", NULL);
  const char *argv[] = { "node", script, mode, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  if (error != NULL)
    g_error ("node (the Parquet readers need it): %s", error->message);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("read.mjs %s failed (run npm ci --prefix tests/lake): %s", mode, err);
  return bmd_test_parse_object (out);
}

void
bmd_test_parquet_assert_cell (JsonArray  *row,
             guint       column,
             const char *expected,
             const char *reader,
             guint       row_index)
{
  JsonNode *node = json_array_get_element (row, column);

  if (expected == NULL)
    {
      if (!JSON_NODE_HOLDS_NULL (node))
        g_error ("%s row %u column %u: expected null, got %s", reader, row_index, column,
                 json_node_get_string (node));
      return;
    }
  if (JSON_NODE_HOLDS_NULL (node))
    g_error ("%s row %u column %u: expected %.80s, got null", reader, row_index, column, expected);
  if (strcmp (json_node_get_string (node), expected) != 0)
    g_error ("%s row %u column %u: expected %.80s, got %.80s", reader, row_index, column,
             expected, json_node_get_string (node));
}

void
bmd_test_parquet_assert_columns (JsonObject         *result,
                const char * const *names)
{
  JsonArray *columns = json_object_get_array_member (result, "columns");

  g_assert_cmpuint (json_array_get_length (columns), ==, g_strv_length ((char **) names));
  for (guint i = 0; names[i] != NULL; i++)
    g_assert_cmpstr (json_array_get_string_element (columns, i), ==, names[i]);
}

