#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "bmd-test-delta.h"
#include "bmd-test-util.h"

GPtrArray *
bmd_test_s3_keys (BmdS3Client *client,
                  const char  *bucket,
                  const char  *folder)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = bmd_s3_client_list (client, bucket, folder, NULL, &error);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < objects->len; i++)
    g_ptr_array_add (keys, g_strdup (((BmdS3Object *) objects->pdata[i])->key + strlen (folder)));
  return keys;
}

char *
bmd_test_s3_text (BmdS3Client *client,
                  const char  *bucket,
                  const char  *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bmd_s3_client_get (client, bucket, key, NULL, &error);

  g_assert_no_error (error);
  /* An empty object's bytes may be NULL: that is the empty text. */
  if (g_bytes_get_size (body) == 0)
    return g_strdup ("");
  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

void
bmd_test_s3_clear (BmdS3Client *client,
                   const char  *bucket,
                   const char  *folder)
{
  g_autoptr(GPtrArray) left = bmd_s3_client_list (client, bucket, folder, NULL, NULL);

  for (guint i = 0; left != NULL && i < left->len; i++)
    bmd_s3_client_delete (client, bucket, ((BmdS3Object *) left->pdata[i])->key, NULL, NULL);
}

GPtrArray *
bmd_test_delta_commit (BmdS3Client *client,
                       const char  *bucket,
                       const char  *root,
                       gint64       version)
{
  g_autofree char *key = g_strdup_printf ("%s/_delta_log/%020" G_GINT64_FORMAT ".json", root, version);
  g_autofree char *text = bmd_test_s3_text (client, bucket, key);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *actions = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (*lines[i] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (actions, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return actions;
}

static JsonObject *
run_reader (const char *mode,
            const char *path)
{
  const char *source_dir = g_getenv ("BMD_SOURCE_DIR");
  g_autofree char *script = g_build_filename (source_dir, "tests", "lake", "read-delta.mjs", NULL);
  const char *argv[] = { "node", script, mode, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status = 0;

  g_assert_nonnull (source_dir);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error))
    {
      g_test_fail_printf ("cannot run node: %s (script/bootstrap installs it)", error->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_fail_printf ("read-delta.mjs %s %s failed (run npm ci --prefix tests/lake): %s", mode, path, err);
      return NULL;
    }
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
download (BmdS3Client *client,
          const char  *bucket,
          const char  *key,
          const char  *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = bmd_s3_client_get (client, bucket, key, NULL, &error);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, g_bytes_get_data (body, NULL), g_bytes_get_size (body), &error);
  g_assert_no_error (error);
}

JsonObject *
bmd_test_delta_read (BmdS3Client *client,
                     const char  *bucket,
                     const char  *root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-delta-copy-XXXXXX", &error);
  g_autofree char *folder = g_strconcat (root, "/", NULL);
  g_autoptr(GPtrArray) keys = bmd_test_s3_keys (client, bucket, folder);
  JsonObject *result;

  g_assert_no_error (error);
  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *key = g_strconcat (folder, keys->pdata[i], NULL);
      g_autofree char *path = g_build_filename (dir, keys->pdata[i], NULL);

      download (client, bucket, key, path);
    }
  result = run_reader ("table", dir);
  bmd_test_remove_tree (dir);
  return result;
}

JsonObject *
bmd_test_delta_read_checkpoint (BmdS3Client *client,
                                const char  *bucket,
                                const char  *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-delta-checkpoint-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "checkpoint.parquet", NULL);
  JsonObject *result;

  g_assert_no_error (error);
  download (client, bucket, key, path);
  result = run_reader ("checkpoint", path);
  bmd_test_remove_tree (dir);
  return result;
}
