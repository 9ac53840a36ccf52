/* The bulk operation's JSON Lines reader: children by __parentId in any
 * order, lines split anywhere across chunks, and bad lines named. */
#include "config.h"

#include <string.h>

#include "bmd-bulk-jsonl.h"

static const BmdBulkConnection line_items[] = { { "lineItems", "LineItem" } };

/* The orders as one compact JSON array, to compare with what a test expects. */
static char *
dump (GPtrArray *orders)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < orders->len; i++)
    json_array_add_object_element (array, json_object_ref (g_ptr_array_index (orders, i)));
  json_node_set_array (node, array);
  return json_to_string (node, FALSE);
}

/* Feeds @text in chunks of @chunk bytes (0: at once) and dumps the result. */
static char *
read_all (const char  *text,
          gsize        chunk,
          GError     **error)
{
  g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (line_items, 1);
  g_autoptr(GPtrArray) orders = NULL;
  gsize length = strlen (text);
  gsize done = 0;

  if (chunk == 0)
    chunk = MAX (length, 1);
  while (done < length)
    {
      gsize n = MIN (chunk, length - done);

      if (!bmd_bulk_jsonl_feed (reader, text + done, n, error))
        return NULL;
      done += n;
    }
  orders = bmd_bulk_jsonl_finish (reader, error);
  return orders != NULL ? dump (orders) : NULL;
}

#define ORDER_1 "{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1001\",\"customer\":{\"id\":\"gid://shopify/Customer/7\"}}"
#define ORDER_2 "{\"id\":\"gid://shopify/Order/2\",\"name\":\"#1002\",\"customer\":null}"
#define ITEM_1A "{\"name\":\"Cake\",\"quantity\":1,\"__parentId\":\"gid://shopify/Order/1\"}"
#define ITEM_1B "{\"name\":\"Candles\",\"quantity\":2,\"__parentId\":\"gid://shopify/Order/1\"}"

#define EXPECTED \
  "[{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1001\",\"customer\":{\"id\":\"gid://shopify/Customer/7\"}," \
  "\"lineItems\":{\"nodes\":[{\"name\":\"Cake\",\"quantity\":1},{\"name\":\"Candles\",\"quantity\":2}]}}," \
  "{\"id\":\"gid://shopify/Order/2\",\"name\":\"#1002\",\"customer\":null,\"lineItems\":{\"nodes\":[]}}]"

/* Children before their parent, after it, and between other orders: the
 * same orders, each child under its parent, siblings in file order when
 * they have no ids, an order without children with an empty connection. */
static void
test_children_any_order (void)
{
  const char *orders[] = {
    ORDER_1 "\n" ITEM_1A "\n" ITEM_1B "\n" ORDER_2 "\n",
    ITEM_1A "\n" ITEM_1B "\n" ORDER_2 "\n" ORDER_1 "\n",
    ITEM_1A "\n" ORDER_2 "\n" ORDER_1 "\n" ITEM_1B "\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = read_all (orders[i], 0, &error);
      g_autoptr(JsonNode) got = NULL;
      g_autoptr(JsonNode) want = json_from_string (EXPECTED, NULL);
      JsonArray *array;

      g_assert_no_error (error);
      got = json_from_string (text, NULL);
      /* Top-level objects keep their file order: sort before comparing. */
      array = json_node_get_array (got);
      g_assert_cmpuint (json_array_get_length (array), ==, 2);
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (array, 0), "id"),
                     "gid://shopify/Order/2") == 0)
        {
          g_autoptr(JsonArray) swapped = json_array_new ();

          json_array_add_element (swapped, json_node_copy (json_array_get_element (array, 1)));
          json_array_add_element (swapped, json_node_copy (json_array_get_element (array, 0)));
          json_node_set_array (got, swapped);
        }
      g_assert_true (json_node_equal (got, want));
    }
}

/* Siblings with gids come back by their number, whatever the file's order. */
static void
test_siblings_by_gid (void)
{
  const char *text =
    "{\"id\":\"gid://shopify/LineItem/10\",\"name\":\"b\",\"__parentId\":\"gid://shopify/Order/1\"}\n"
    "{\"id\":\"gid://shopify/Order/1\"}\n"
    "{\"id\":\"gid://shopify/LineItem/9\",\"name\":\"a\",\"__parentId\":\"gid://shopify/Order/1\"}\n"
    "{\"id\":\"gid://shopify/LineItem/100\",\"name\":\"c\",\"__parentId\":\"gid://shopify/Order/1\"}\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *got = read_all (text, 0, &error);

  g_assert_no_error (error);
  /* 9 < 10 < 100 as numbers, not as strings ("100" < "9"). */
  g_assert_cmpstr (got, ==,
                   "[{\"id\":\"gid://shopify/Order/1\",\"lineItems\":{\"nodes\":["
                   "{\"id\":\"gid://shopify/LineItem/9\",\"name\":\"a\"},"
                   "{\"id\":\"gid://shopify/LineItem/10\",\"name\":\"b\"},"
                   "{\"id\":\"gid://shopify/LineItem/100\",\"name\":\"c\"}]}}]");
}

/* Every split of the file into two chunks, and one byte at a time, reads
 * the same as the whole; CRLF line ends and a last line without a newline
 * read like LF ones. */
static void
test_any_split (void)
{
  const char *lf = ORDER_1 "\n" ITEM_1A "\n" ITEM_1B "\n" ORDER_2 "\n";
  const char *crlf_no_end = ORDER_1 "\r\n" ITEM_1A "\r\n" ITEM_1B "\r\n" ORDER_2;
  g_autoptr(GError) error = NULL;
  g_autofree char *whole = read_all (lf, 0, &error);
  g_autofree char *bytewise = NULL;
  g_autofree char *crlf = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (whole, ==, EXPECTED);
  bytewise = read_all (crlf_no_end, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bytewise, ==, EXPECTED);
  crlf = read_all (crlf_no_end, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crlf, ==, EXPECTED);

  for (gsize split = 1; split < strlen (lf); split++)
    {
      g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (line_items, 1);
      g_autoptr(GPtrArray) orders = NULL;
      g_autofree char *got = NULL;

      g_assert_true (bmd_bulk_jsonl_feed (reader, lf, split, &error));
      g_assert_true (bmd_bulk_jsonl_feed (reader, lf + split, strlen (lf) - split, &error));
      orders = bmd_bulk_jsonl_finish (reader, &error);
      g_assert_no_error (error);
      got = dump (orders);
      g_assert_cmpstr (got, ==, EXPECTED);
      g_assert_cmpuint (bmd_bulk_jsonl_get_line_count (reader), ==, 4);
      g_assert_cmpuint (bmd_bulk_jsonl_get_byte_count (reader), ==, strlen (lf));
    }
}

/* An empty file (a bulk operation that matched nothing) is no orders;
 * blank lines are skipped but counted, so later lines keep their numbers. */
static void
test_empty_and_blank (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = read_all ("", 0, &error);
  g_autofree char *blank = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (empty, ==, "[]");
  blank = read_all ("\n\r\n" ORDER_2 "\n\n", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (blank, ==,
                   "[{\"id\":\"gid://shopify/Order/2\",\"name\":\"#1002\",\"customer\":null,"
                   "\"lineItems\":{\"nodes\":[]}}]");
  g_assert_null (read_all ("\n\nnot json\n", 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "line 3:"));
}

/* Each bad file fails naming the line at fault. */
static void
test_bad_lines (void)
{
  const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { ORDER_1 "\n{\"id\": \n", "line 2: not JSON" },
    { ORDER_1 "\n[1, 2]\n", "line 2: not a JSON object" },
    { ORDER_1 "\n" ORDER_2 "\n{\"name\":\"x\"}\n", "line 3: a top-level object without an id" },
    { ORDER_1 "\n" ORDER_1 "\n", "line 2: gid://shopify/Order/1 came twice" },
    { ORDER_1 "\n{\"name\":\"x\",\"__parentId\":7}\n", "line 2: a __parentId that is not a string" },
    /* An orphan: its parent is not in the file (a cut file). */
    { ORDER_1 "\n" ORDER_2 "\n{\"name\":\"x\",\"__parentId\":\"gid://shopify/Order/3\"}\n",
      "line 3: its parent gid://shopify/Order/3 is not in the file" },
    /* The same with the orphan on the last line, without a newline. */
    { ORDER_1 "\n{\"name\":\"x\",\"__parentId\":\"gid://shopify/Order/9\"}",
      "line 2: its parent gid://shopify/Order/9 is not in the file" },
    { ORDER_1 "\n{\"id\":\"gid://shopify/Refund/1\",\"__parentId\":\"gid://shopify/Order/1\"}\n",
      "line 2: a child of gid://shopify/Order/1 of a kind the query did not ask for" },
    /* A cycle never reaches an order. */
    { "{\"id\":\"gid://shopify/LineItem/1\",\"__parentId\":\"gid://shopify/LineItem/2\"}\n"
      "{\"id\":\"gid://shopify/LineItem/2\",\"__parentId\":\"gid://shopify/LineItem/1\"}\n",
      "line 1: nested more than" },
    { ORDER_1 "\n{\"id\":\"a\0b\"}\n", "line 2: a NUL byte" },
    { ORDER_1 "\n{\"id\":\"\xff\"}\n", "line 2: not UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (line_items, 1);
      gsize length = strlen (cases[i].text);
      g_autoptr(GPtrArray) orders = NULL;

      /* The NUL case is longer than strlen () says. */
      if (strstr (cases[i].message, "NUL") != NULL)
        length += 1 + strlen (cases[i].text + length + 1);
      if (bmd_bulk_jsonl_feed (reader, cases[i].text, length, &error))
        orders = bmd_bulk_jsonl_finish (reader, &error);
      g_assert_null (orders);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].message);
      /* A failed reader refuses more input rather than go on half-read. */
      g_clear_error (&error);
      g_assert_false (bmd_bulk_jsonl_feed (reader, ORDER_2 "\n", strlen (ORDER_2) + 1, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

/* Hostile nesting is refused before json-glib recurses into it; nesting
 * within the bound reads. */
static void
test_deep_nesting (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"id\":\"gid://shopify/Order/1\",\"x\":");
  g_autoptr(GString) fine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  g_string_append_c (deep, '\n');
  g_assert_null (read_all (deep->str, 4096, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "line 1: not JSON: JSON nested more than"));

  g_clear_error (&error);
  fine = g_string_new ("{\"id\":\"gid://shopify/Order/1\",\"x\":");
  for (guint i = 0; i < 200; i++)
    g_string_append_c (fine, '[');
  for (guint i = 0; i < 200; i++)
    g_string_append_c (fine, ']');
  g_string_append (fine, "}\n");
  got = read_all (fine->str, 7, &error);
  g_assert_no_error (error);
  g_assert_nonnull (got);
}

/* A line that never ends is refused once past the bound, not buffered on. */
static void
test_line_too_long (void)
{
  g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (line_items, 1);
  g_autofree char *chunk = g_malloc (1024 * 1024);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;
  guint fed = 0;

  memset (chunk, ' ', 1024 * 1024);
  while (ok && fed < 32)
    {
      ok = bmd_bulk_jsonl_feed (reader, chunk, 1024 * 1024, &error);
      fed++;
    }
  g_assert_false (ok);
  /* Refused at the first chunk that passes 16 MiB, not later. */
  g_assert_cmpuint (fed, ==, 17);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "line 1: longer than"));
}

/* reset () forgets a half-read file: a download that starts over reads
 * its orders once. */
static void
test_reset (void)
{
  g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (line_items, 1);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = ORDER_1 "\n" ITEM_1A "\n" ITEM_1B "\n" ORDER_2 "\n";
  g_autofree char *got = NULL;

  g_assert_true (bmd_bulk_jsonl_feed (reader, text, 50, &error));
  bmd_bulk_jsonl_reset (reader);
  g_assert_true (bmd_bulk_jsonl_feed (reader, text, strlen (text), &error));
  orders = bmd_bulk_jsonl_finish (reader, &error);
  g_assert_no_error (error);
  got = dump (orders);
  g_assert_cmpstr (got, ==, EXPECTED);
}

/* Two connections: each child goes to the one its type names, by
 * __typename or by its gid. */
static void
test_two_connections (void)
{
  static const BmdBulkConnection both[] = {
    { "lineItems", "LineItem" },
    { "metafields", "Metafield" },
  };
  g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (both, 2);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  gsize last;
  const char *text =
    "{\"key\":\"flavor\",\"__typename\":\"Metafield\",\"__parentId\":\"gid://shopify/Order/1\"}\n"
    "{\"id\":\"gid://shopify/LineItem/5\",\"__parentId\":\"gid://shopify/Order/1\"}\n"
    "{\"id\":\"gid://shopify/Order/1\"}\n"
    "{\"key\":\"theme\",\"__parentId\":\"gid://shopify/Order/1\"}\n";

  /* Where the last line starts. */
  last = strstr (text, "{\"key\":\"theme\"") - text;
  g_assert_true (bmd_bulk_jsonl_feed (reader, text, last, &error));
  /* The last line names no type, and two connections were asked for. */
  g_assert_true (bmd_bulk_jsonl_feed (reader, text + last, strlen (text) - last, &error));
  g_assert_null (bmd_bulk_jsonl_finish (reader, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "line 4:"));

  g_clear_error (&error);
  bmd_bulk_jsonl_reset (reader);
  g_assert_true (bmd_bulk_jsonl_feed (reader, text, last, &error));
  orders = bmd_bulk_jsonl_finish (reader, &error);
  g_assert_no_error (error);
  got = dump (orders);
  g_assert_cmpstr (got, ==,
                   "[{\"id\":\"gid://shopify/Order/1\","
                   "\"lineItems\":{\"nodes\":[{\"id\":\"gid://shopify/LineItem/5\"}]},"
                   "\"metafields\":{\"nodes\":[{\"key\":\"flavor\",\"__typename\":\"Metafield\"}]}}]");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/bulk-jsonl/children-any-order", test_children_any_order);
  g_test_add_func ("/bmd/bulk-jsonl/siblings-by-gid", test_siblings_by_gid);
  g_test_add_func ("/bmd/bulk-jsonl/any-split", test_any_split);
  g_test_add_func ("/bmd/bulk-jsonl/empty-and-blank", test_empty_and_blank);
  g_test_add_func ("/bmd/bulk-jsonl/bad-lines", test_bad_lines);
  g_test_add_func ("/bmd/bulk-jsonl/deep-nesting", test_deep_nesting);
  g_test_add_func ("/bmd/bulk-jsonl/line-too-long", test_line_too_long);
  g_test_add_func ("/bmd/bulk-jsonl/reset", test_reset);
  g_test_add_func ("/bmd/bulk-jsonl/two-connections", test_two_connections);

  return g_test_run ();
}
