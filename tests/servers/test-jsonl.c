/* Gzipped JSON Lines: writer, reader, and gzip's own view of the bytes. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "bmd-jsonl.h"

static GPtrArray *
sample_objects (void)
{
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < 500; i++)
    {
      JsonObject *o = json_object_new ();
      g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%u", i);

      json_object_set_string_member (o, "order_id", id);
      json_object_set_string_member (o, "note", "line one\nline \"two\"\t\\ back\x01slash 🎂");
      json_object_set_null_member (o, "deleted_at");
      json_object_set_int_member (o, "n", i);
      if (i % 7 == 0)
        {
          JsonObject *nested = json_object_new ();

          json_object_set_double_member (o, "price", i + 0.25);
          json_object_set_boolean_member (o, "flag", i % 2 == 0);
          json_object_set_string_member (nested, "k", "v\u2028\x7f");
          json_object_set_object_member (o, "nested", nested);
        }
      g_ptr_array_add (objects, o);
    }
  return objects;
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) objects = sample_objects ();
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GBytes) gz = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *bytes;

  gz = bmd_jsonl_gzip_objects (objects, &error);
  g_assert_no_error (error);
  bytes = g_bytes_get_data (gz, NULL);
  g_assert_cmpuint (bytes[0], ==, 0x1f);   /* gzip, not zlib or raw deflate */
  g_assert_cmpuint (bytes[1], ==, 0x8b);

  back = bmd_jsonl_read (gz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, objects->len);
  for (guint i = 0; i < objects->len; i++)
    {
      g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), g_ptr_array_index (objects, i));
      g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), g_ptr_array_index (back, i));

      g_assert_true (json_node_equal (a, b));
    }

  /* One line per object, no raw newline or control byte inside a line. */
  lines = bmd_jsonl_read_lines (gz, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lines->len, ==, 500);
  g_assert_null (strchr (g_ptr_array_index (lines, 0), '\x01'));
  g_assert_nonnull (strstr (g_ptr_array_index (lines, 0), "\\n"));
}

static void
test_gzip_tool_reads_it (void)
{
  g_autoptr(GPtrArray) objects = sample_objects ();
  g_autoptr(GBytes) gz = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) lines = NULL;
  int fd, status = -1;

  gz = bmd_jsonl_gzip_objects (objects, &error);
  g_assert_no_error (error);
  fd = g_file_open_tmp ("bmd-jsonl-XXXXXX.gz", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, g_bytes_get_data (gz, NULL), g_bytes_get_size (gz), &error);
  g_assert_no_error (error);

  command = g_strdup_printf ("gzip -dc %s", path);
  g_spawn_command_line_sync (command, &out, NULL, &status, &error);
  g_remove (path);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_suffix (out, "}\n"));
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 501);
  g_assert_true (g_str_has_prefix (lines[0], "{\"order_id\":\"gid://shopify/Order/0\""));
}

static void
test_stream_writer (void)
{
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(BmdJsonlWriter) writer = bmd_jsonl_writer_new_for_stream (sink);
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (bmd_jsonl_writer_add_line (writer, "{\"a\":1}", &error));
  g_assert_false (bmd_jsonl_writer_add_line (writer, "{\"a\":\n2}", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (bmd_jsonl_writer_add_line (writer, "{\"a\":3}", &error));
  g_assert_cmpuint (bmd_jsonl_writer_get_n_lines (writer), ==, 2);
  none = bmd_jsonl_writer_finish (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (none), ==, 0);

  /* The caller's stream stays open for the caller. */
  g_assert_false (g_output_stream_is_closed (sink));
  g_output_stream_close (sink, NULL, NULL);
  written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  back = bmd_jsonl_read (written, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  g_assert_cmpint (json_object_get_int_member (g_ptr_array_index (back, 1), "a"), ==, 3);
}

static void
test_reader_errors (void)
{
  static const char plain[] = "{\"a\":1}\r\n\n{\"b\":2}";
  static const char broken[] = "{\"a\":1}\n[1,2]\n";
  static const char truncated_gzip[] = "\x1f\x8b\x08\x00\x00\x00\x00\x00";
  g_autoptr(GBytes) plain_bytes = g_bytes_new_static (plain, strlen (plain));
  g_autoptr(GBytes) broken_bytes = g_bytes_new_static (broken, strlen (broken));
  g_autoptr(GBytes) bad_gzip = g_bytes_new_static (truncated_gzip, sizeof truncated_gzip - 1);
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GError) error = NULL;

  /* Uncompressed input reads too; blank lines and CRLF are fine. */
  objects = bmd_jsonl_read (plain_bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (objects->len, ==, 2);

  g_assert_null (bmd_jsonl_read (broken_bytes, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "record 2"));
  g_clear_error (&error);

  g_assert_null (bmd_jsonl_read (bad_gzip, &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/jsonl/round-trip", test_round_trip);
  g_test_add_func ("/bmd/jsonl/gzip-tool-reads-it", test_gzip_tool_reads_it);
  g_test_add_func ("/bmd/jsonl/stream-writer", test_stream_writer);
  g_test_add_func ("/bmd/jsonl/reader-errors", test_reader_errors);

  return g_test_run ();
}
