/* The fast JSON reader orders are read with: it must read every text it
 * accepts exactly as json-glib does, and leave the rest to json-glib. */

#include "config.h"

#include <string.h>

#include "bmd-json-doc-private.h"
#include "bmd-json-text.h"
#include "bmd-order.h"

/* Texts the fast reader must accept, covering JSON's grammar. */
static const char * const accepted[] = {
  "{}",
  "  {\"a\" : 1 ,\"b\":[ ] , \"c\":{ }\n,\r\t\"d\":null}  ",
  "{\"s\":\"plain\",\"e\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\",\"u\":\"\\u00e9\\u20ac\"}",
  "{\"pair\":\"\\ud83c\\udf82 cake\",\"utf8\":\"caf\xc3\xa9 \xf0\x9f\x8e\x82\"}",
  "{\"i\":0,\"neg\":-12,\"big\":9223372036854775807,\"small\":-9223372036854775808,\"z\":-0}",
  "{\"d\":1.5,\"e\":1e3,\"E\":-2.5E-3,\"p\":4e+2,\"frac\":0.1}",
  "{\"t\":true,\"f\":false,\"n\":null}",
  "{\"dup\":1,\"dup\":\"two\",\"x\":[1,\"a\",[true,null],{\"y\":2}]}",
  "[1,2,3]",
  "\"just a string\"",
};

/* Texts it must leave to json-glib (which may accept them or not). */
static const char * const refused[] = {
  "",
  "{",
  "{\"a\":1,}",
  "[1,]",
  "{\"a\" 1}",
  "{\"a\":01}",
  "{\"a\":1.}",
  "{\"a\":.5}",
  "{\"a\":+1}",
  "{\"a\":1e}",
  "{\"a\":tru}",
  "{\"a\":\"\\x\"}",
  "{\"a\":\"\\u12\"}",
  "{\"a\":\"\\udc00\"}",
  "{\"a\":\"\\ud800 alone\"}",
  "{\"a\":\"\\u0000\"}",
  "{\"a\":\"tab\there\"}",
  "{\"a\":\"bad \xff utf8\"}",
  "{\"a\":99999999999999999999}",
  "{} {}",
  "{\"a\":1} x",
  "{'a':1}",
};

static guint
count_children (BmdJsonDoc *doc,
                BmdJsonRef  node)
{
  guint n = 0;

  for (BmdJsonRef child = _bmd_json_first (doc, node); child != 0; child = _bmd_json_next (doc, child))
    n++;
  return n;
}

/* @a and @b hold the same values: types, values and, by name, members. */
static void
assert_same_node (BmdJsonDoc *a,
                  BmdJsonRef  ra,
                  BmdJsonDoc *b,
                  BmdJsonRef  rb)
{
  BmdJsonType type = _bmd_json_type (a, ra);

  g_assert_cmpint (type, ==, _bmd_json_type (b, rb));
  switch (type)
    {
    case BMD_JSON_STRING:
      g_assert_cmpstr (_bmd_json_string (a, ra), ==, _bmd_json_string (b, rb));
      break;
    case BMD_JSON_INT:
      g_assert_cmpint (_bmd_json_int (a, ra), ==, _bmd_json_int (b, rb));
      break;
    case BMD_JSON_DOUBLE:
      g_assert_cmpfloat (_bmd_json_double (a, ra), ==, _bmd_json_double (b, rb));
      break;
    case BMD_JSON_BOOLEAN:
      g_assert_cmpint (_bmd_json_boolean (a, ra), ==, _bmd_json_boolean (b, rb));
      break;
    case BMD_JSON_ARRAY:
      {
        BmdJsonRef ea = _bmd_json_first (a, ra);
        BmdJsonRef eb = _bmd_json_first (b, rb);

        g_assert_cmpuint (count_children (a, ra), ==, count_children (b, rb));
        for (; ea != 0; ea = _bmd_json_next (a, ea), eb = _bmd_json_next (b, eb))
          assert_same_node (a, ea, b, eb);
      }
      break;
    case BMD_JSON_OBJECT:
      {
        /* By name both ways: a repeated name counts once, with its last value. */
        BmdJsonRef member;

        for (member = _bmd_json_first (a, ra); member != 0; member = _bmd_json_next (a, member))
          {
            const char *name = _bmd_json_name (a, member);

            assert_same_node (a, _bmd_json_member (a, ra, name), b, _bmd_json_member (b, rb, name));
          }
        for (member = _bmd_json_first (b, rb); member != 0; member = _bmd_json_next (b, member))
          g_assert_cmpint (_bmd_json_member (a, ra, _bmd_json_name (b, member)), !=, 0);
      }
      break;
    case BMD_JSON_NONE:
    case BMD_JSON_NULL:
    default:
      break;
    }
}

static BmdJsonDoc *
parse_with_json_glib (const char *text,
                      GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) wrapper = json_object_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return _bmd_json_doc_new_from_object (json_node_get_object (root));
  /* A top-level array or value: wrapped, and unwrapped by the caller. */
  json_object_set_member (wrapper, "v", json_node_copy (root));
  return _bmd_json_doc_new_from_object (wrapper);
}

static void
test_accepted_as_json_glib_reads (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(BmdJsonDoc) fast = _bmd_json_doc_parse (accepted[i], strlen (accepted[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdJsonDoc) slow = parse_with_json_glib (accepted[i], &error);
      BmdJsonRef fast_root, slow_root;

      g_test_message ("%s", accepted[i]);
      g_assert_nonnull (fast);
      g_assert_no_error (error);
      fast_root = _bmd_json_doc_root (fast);
      slow_root = _bmd_json_doc_root (slow);
      if (_bmd_json_type (fast, fast_root) != BMD_JSON_OBJECT)
        slow_root = _bmd_json_member (slow, slow_root, "v");
      assert_same_node (fast, fast_root, slow, slow_root);
    }
}

static void
test_members (void)
{
  const char *text = accepted[7];
  g_autoptr(BmdJsonDoc) doc = _bmd_json_doc_parse (text, strlen (text));
  BmdJsonRef root = _bmd_json_doc_root (doc);
  BmdJsonRef x = _bmd_json_member (doc, root, "x");

  /* A repeated name reads as its last value, as in json-glib. */
  g_assert_cmpstr (_bmd_json_string (doc, _bmd_json_member (doc, root, "dup")), ==, "two");
  g_assert_cmpuint (count_children (doc, x), ==, 4);
  g_assert_cmpint (_bmd_json_member (doc, root, "missing"), ==, 0);
  g_assert_cmpint (_bmd_json_member (doc, x, "y"), ==, 0);
  g_assert_cmpint (_bmd_json_type (doc, 0), ==, BMD_JSON_NONE);
  g_assert_null (_bmd_json_string (doc, x));
}

static void
test_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(BmdJsonDoc) doc = _bmd_json_doc_parse (refused[i], strlen (refused[i]));

      g_test_message ("%s", refused[i]);
      g_assert_null (doc);
    }
}

/* Nesting deeper than any order is refused rather than recursed into. */
static void
test_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(BmdJsonDoc) doc = NULL;

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, ']');
  doc = _bmd_json_doc_parse (deep->str, deep->len);
  g_assert_null (doc);
}

/* An order read from text the fast way equals the one json-glib's tree
 * gives, including texts only json-glib reads. */
static void
test_orders_as_json_glib_reads (void)
{
  static const char * const orders[] = {
    "{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1\",\"note\":\"line\\nnext \\u00e9\",\"customer\":"
    "{\"id\":\"c1\",\"firstName\":\" Ann \",\"lastName\":\"Baker\",\"email\":\"ann@example.com\",\"phone\":5125550101},"
    "\"createdAt\":\"2026-06-01T12:00:00Z\",\"cancelledAt\":null,\"displayFinancialStatus\":\"PAID\","
    "\"totalPriceSet\":{\"shopMoney\":{\"amount\":45.5,\"currencyCode\":\"USD\"}},"
    "\"lineItems\":{\"edges\":[{\"node\":{\"title\":\"Cake\",\"quantity\":2}},{\"cursor\":\"x\"}]},"
    "\"metafields\":{\"nodes\":[{\"key\":\"draft_type\",\"value\":\"deposit\"},{\"key\":\"pickup_date\","
    "\"value\":\" 2026-07-01T15:00:00-05:00 \"},{\"key\":\"flavor\",\"value\":true}]}}",
    "{\"id\":\"gid://shopify/Order/2\",\"legacyResourceId\":12345678901,\"cancelledAt\":\"not a time\","
    "\"flavor\":{\"value\":3.25},\"theme\":{\"value\":null},\"allergies\":{\"value\":\"n/a\"},"
    "\"id\":\"gid://shopify/Order/2b\"}",
    /* Only json-glib reads these: a control character, a lone surrogate. */
    "{\"id\":\"gid://shopify/Order/3\",\"note\":\"tab\there\",\"name\":\"#3\"}",
    "{\"id\":\"gid://shopify/Order/4\",\"note\":\"\\ud800 alone\",\"name\":\"#4\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdOrder) from_tree = NULL;
      g_autoptr(BmdOrder) from_text = NULL;
      g_autoptr(BmdOrder) light = NULL;
      g_autoptr(GDateTime) created_tree = NULL;
      g_autoptr(GDateTime) created_text = NULL;
      GPtrArray *items_tree;
      GPtrArray *items_text;

      g_test_message ("%s", orders[i]);
      /* As every outside text is parsed: through the shared loader. */
      g_assert_true (bmd_json_parser_load (parser, orders[i], -1, &error));
      from_tree = bmd_order_new_from_json (json_node_get_object (json_parser_get_root (parser)), &error);
      g_assert_no_error (error);
      from_text = bmd_order_new_from_data (orders[i], -1, &error);
      g_assert_no_error (error);
      light = bmd_order_new_light_from_data (orders[i], -1, &error);
      g_assert_no_error (error);

      g_assert_cmpstr (bmd_order_get_id (from_text), ==, bmd_order_get_id (from_tree));
      g_assert_cmpstr (bmd_order_get_name (from_text), ==, bmd_order_get_name (from_tree));
      g_assert_cmpint (bmd_order_get_number (from_text), ==, bmd_order_get_number (from_tree));
      g_assert_cmpstr (bmd_order_get_customer_name (from_text), ==, bmd_order_get_customer_name (from_tree));
      g_assert_cmpstr (bmd_order_get_phone (from_text), ==, bmd_order_get_phone (from_tree));
      g_assert_cmpstr (bmd_order_get_note (from_text), ==, bmd_order_get_note (from_tree));
      g_assert_cmpstr (bmd_order_get_total_price (from_text), ==, bmd_order_get_total_price (from_tree));
      g_assert_cmpstr (bmd_order_get_pickup_value (from_text), ==, bmd_order_get_pickup_value (from_tree));
      g_assert_cmpstr (bmd_order_get_flavor (from_text), ==, bmd_order_get_flavor (from_tree));
      g_assert_cmpstr (bmd_order_get_theme (from_text), ==, bmd_order_get_theme (from_tree));
      g_assert_cmpint (bmd_order_get_draft_type (from_text), ==, bmd_order_get_draft_type (from_tree));
      g_assert_cmpint (bmd_order_is_cancelled (from_text), ==, bmd_order_is_cancelled (from_tree));
      created_tree = bmd_order_dup_created_at (from_tree);
      created_text = bmd_order_dup_created_at (from_text);
      g_assert_true ((created_tree == NULL) == (created_text == NULL));
      items_tree = bmd_order_get_line_items (from_tree);
      items_text = bmd_order_get_line_items (from_text);
      g_assert_cmpuint (items_text->len, ==, items_tree->len);
      g_assert_cmpstr (bmd_order_get_flavor (light), ==, bmd_order_get_flavor (from_tree));
      g_assert_cmpstr (bmd_order_get_customer_name (light), ==, bmd_order_get_customer_name (from_tree));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/json-doc/accepted-as-json-glib-reads", test_accepted_as_json_glib_reads);
  g_test_add_func ("/bmd/json-doc/members", test_members);
  g_test_add_func ("/bmd/json-doc/refused", test_refused);
  g_test_add_func ("/bmd/json-doc/deep-nesting", test_deep_nesting);
  g_test_add_func ("/bmd/json-doc/orders-as-json-glib-reads", test_orders_as_json_glib_reads);

  return g_test_run ();
}
