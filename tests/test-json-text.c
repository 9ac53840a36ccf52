/* The one place outside JSON is checked before json-glib reads it, and the
 * writer whose text always reads back. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "bmd-json-text.h"
#include "bmd-order.h"

static char *
nested (guint depth)
{
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append_c (text, i % 2 == 0 ? '[' : '{');
  for (i = depth; i > 0; i--)
    g_string_append_c (text, (i - 1) % 2 == 0 ? ']' : '}');
  return g_string_free (text, FALSE);
}

static void
test_depth_bound (void)
{
  g_autofree char *deep = NULL;
  g_autofree char *too_deep = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;

  /* Objects need keys to be JSON; the count is what is checked here. */
  deep = g_strnfill (BMD_JSON_MAX_DEPTH, '[');
  text = bmd_json_text_prepare (deep, strlen (deep), &copy, &error);
  g_assert_no_error (error);
  g_assert_true (text == deep);
  g_assert_null (copy);

  too_deep = g_strnfill (BMD_JSON_MAX_DEPTH + 1, '[');
  g_assert_null (bmd_json_text_prepare (too_deep, strlen (too_deep), &copy, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (copy);
}

/* Depth counts open brackets, not every bracket: closing ones, and brackets
 * inside strings (escaped quotes included), do not count. */
static void
test_depth_counts_open_brackets_only (void)
{
  g_autofree char *inner = nested (BMD_JSON_MAX_DEPTH - 1);
  g_autofree char *siblings = NULL;
  g_autofree char *brackets = g_strnfill (1000, '[');
  g_autofree char *in_string = g_strdup_printf ("[\"\\\"%s\"]", brackets);
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;
  GString *many = g_string_new ("[");
  guint i;

  for (i = 0; i < 1000; i++)
    g_string_append (many, i > 0 ? ",[[]]" : "[[]]");
  g_string_append_c (many, ']');
  siblings = g_string_free (many, FALSE);

  g_assert_nonnull (bmd_json_text_prepare (inner, strlen (inner), &copy, &error));
  g_assert_no_error (error);
  g_assert_nonnull (bmd_json_text_prepare (siblings, strlen (siblings), &copy, &error));
  g_assert_no_error (error);
  g_assert_nonnull (bmd_json_text_prepare (in_string, strlen (in_string), &copy, &error));
  g_assert_no_error (error);
}

static void
test_parser_load_refuses_deep (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *deep = nested (40000);
  g_autoptr(GError) error = NULL;

  g_assert_false (bmd_json_parser_load (parser, deep, -1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "nested"));
}

static void
test_escapes_replaced (void)
{
  static const struct
  {
    const char *in;
    const char *out;   /* NULL: no copy */
  } cases[] = {
    { "[\"plain \\u00e9\"]", NULL },
    { "[\"\\ud83c\\udf82\"]", NULL },
    { "[\"a\\u0000b\"]", "[\"a\\uFFFDb\"]" },
    { "[\"\\udc00\"]", "[\"\\uFFFD\"]" },
    { "[\"\\ud800\"]", "[\"\\uFFFD\"]" },
    { "[\"\\ud800x\"]", "[\"\\uFFFDx\"]" },
    { "[\"\\ud800\\u0041\"]", "[\"\\uFFFD\\u0041\"]" },
    { "[\"\\ud800\\ud800\\udc00\"]", "[\"\\uFFFD\\ud800\\udc00\"]" },
    /* An escaped backslash before "u0000" is no escape of it. */
    { "[\"\\\\u0000\"]", NULL },
    /* Outside strings nothing is touched. */
    { "[0, \"\\u0000\", {\"\\udc00\": 1}]", "[0, \"\\uFFFD\", {\"\\uFFFD\": 1}]" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *copy = NULL;
      g_autoptr(GError) error = NULL;
      const char *text = bmd_json_text_prepare (cases[i].in, strlen (cases[i].in), &copy, &error);

      g_test_message ("%s", cases[i].in);
      g_assert_no_error (error);
      if (cases[i].out == NULL)
        {
          g_assert_true (text == cases[i].in);
          g_assert_null (copy);
        }
      else
        g_assert_cmpstr (text, ==, cases[i].out);
    }
}

/* What json-glib reads back from bmd_json_to_string(). */
static JsonNode *
round_trip (const char *json,
            char      **written)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) again = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (bmd_json_parser_load (parser, json, -1, &error));
  *written = bmd_json_to_string (json_parser_get_root (parser));
  g_assert_true (g_utf8_validate (*written, -1, NULL));
  g_assert_true (bmd_json_parser_load (again, *written, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (again));
}

static void
test_writer_reads_back (void)
{
  g_autofree char *written = NULL;
  g_autoptr(JsonNode) node = round_trip ("{\"big\":1e999,\"small\":-1e999,\"d\":2.0,\"x\":0.1,"
                                         "\"i\":-9223372036854775808,\"s\":\"q\\\"b\\\\\\n\\u0001\\u001b\\u007f\xc3\xa9\","
                                         "\"t\":true,\"n\":null,\"a\":[1,[],{}]}", &written);
  JsonObject *object = json_node_get_object (node);

  g_test_message ("%s", written);
  g_assert_true (isinf (json_object_get_double_member (object, "big")));
  g_assert_cmpfloat (json_object_get_double_member (object, "big"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (object, "small"), <, 0);
  /* Doubles stay doubles. */
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "d")), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (object, "x"), ==, 0.1);
  g_assert_cmpint (json_object_get_int_member (object, "i"), ==, G_MININT64);
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "q\"b\\\n\x01\x1b\x7f\xc3\xa9");
  g_assert_true (json_object_get_boolean_member (object, "t"));
  g_assert_true (json_object_get_null_member (object, "n"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "a")), ==, 3);
  /* Raw control characters never reach the text. */
  for (const char *p = written; *p != '\0'; p++)
    g_assert_cmpuint ((guchar) *p, >=, 0x20);
}

/* A tree json-glib made from a lone surrogate (without the shared loader)
 * holds invalid UTF-8: the writer still writes UTF-8. */
static void
test_writer_makes_utf8 (void)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), "a\xed\xb0\x80z\xff!");
  g_autofree char *written = bmd_json_to_string (node);

  g_assert_cmpstr (written, ==, "\"a\xEF\xBF\xBDz\xEF\xBF\xBD!\"");
}

/* An order holding 1e999 was stored as "inf" and could never be read again:
 * every plan failed. Stored, it reads back as light and as full. */
static void
test_order_with_infinity_reads_back (void)
{
  const char *node = "{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1\","
                     "\"totalPriceSet\":{\"shopMoney\":{\"amount\":1e999,\"currencyCode\":\"USD\"}},"
                     "\"flavor\":{\"value\":\"pi\\udc00e\"}}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdOrder) order = NULL;
  g_autoptr(BmdOrder) light = NULL;
  g_autoptr(BmdOrder) full = NULL;
  g_autofree char *stored = NULL;

  g_assert_true (bmd_json_parser_load (parser, node, -1, &error));
  order = bmd_order_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  stored = bmd_order_dup_json_string (order);
  g_test_message ("%s", stored);

  light = bmd_order_new_light_from_data (stored, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_order_get_flavor (light), ==, "pi\xEF\xBF\xBD" "e");
  full = bmd_order_new_from_data (stored, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bmd_order_get_json (full));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/json-text/depth-bound", test_depth_bound);
  g_test_add_func ("/bmd/json-text/depth-open-brackets", test_depth_counts_open_brackets_only);
  g_test_add_func ("/bmd/json-text/parser-load-deep", test_parser_load_refuses_deep);
  g_test_add_func ("/bmd/json-text/escapes", test_escapes_replaced);
  g_test_add_func ("/bmd/json-text/writer-reads-back", test_writer_reads_back);
  g_test_add_func ("/bmd/json-text/writer-utf8", test_writer_makes_utf8);
  g_test_add_func ("/bmd/json-text/order-infinity", test_order_with_infinity_reads_back);

  return g_test_run ();
}
