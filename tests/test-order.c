/* Orders from real-shaped GraphQL JSON: every value lands or becomes a
 * problem later; nothing crashes and nothing vanishes. */

#include "config.h"

#include <string.h>

#include "bmd-order-list.h"
#include "bmd-pickup.h"

static GPtrArray *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *orders = bmd_order_list_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (orders);
  return orders;
}

static void
test_full_node (void)
{
  g_autoptr(GPtrArray) orders = load_fixture ("orders-page.json");
  BmdOrder *order;
  BmdLineItem *item;
  g_autoptr(GDateTime) created_at = NULL;
  g_autofree char *created = NULL;

  g_assert_cmpuint (orders->len, ==, 4);
  order = g_ptr_array_index (orders, 0);
  g_assert_cmpstr (bmd_order_get_id (order), ==, "gid://shopify/Order/5617890123401");
  g_assert_cmpstr (bmd_order_get_name (order), ==, "#1041");
  g_assert_cmpint (bmd_order_get_number (order), ==, 1041);
  g_assert_cmpstr (bmd_order_get_customer_id (order), ==, "gid://shopify/Customer/7001");
  g_assert_cmpstr (bmd_order_get_customer_name (order), ==, "Frank Miller");
  g_assert_cmpstr (bmd_order_get_email (order), ==, "frank@example.com");
  g_assert_cmpstr (bmd_order_get_phone (order), ==, "+15125550101");
  created_at = bmd_order_dup_created_at (order);
  created = g_date_time_format_iso8601 (created_at);
  g_assert_cmpstr (created, ==, "2026-06-20T15:02:11Z");
  g_assert_null (bmd_order_dup_cancelled_at (order));
  g_assert_false (bmd_order_is_cancelled (order));
  g_assert_cmpstr (bmd_order_get_financial_status (order), ==, "PAID");
  g_assert_cmpstr (bmd_order_get_fulfillment_status (order), ==, "UNFULFILLED");
  g_assert_cmpstr (bmd_order_get_total_price (order), ==, "40.0");
  g_assert_cmpstr (bmd_order_get_total_outstanding (order), ==, "0.0");
  g_assert_cmpstr (bmd_order_get_currency (order), ==, "USD");
  g_assert_cmpstr (bmd_order_get_note (order), ==, "Please write \"Happy 7th, Maya!\"\nin pink.");
  g_assert_cmpuint (bmd_order_get_line_items (order)->len, ==, 1);
  item = g_ptr_array_index (bmd_order_get_line_items (order), 0);
  g_assert_cmpstr (item->name, ==, "Custom cake deposit - 8 inch");
  g_assert_cmpstr (item->variant_title, ==, "8 inch");
  g_assert_cmpint (item->quantity, ==, 1);
  g_assert_cmpint (bmd_order_get_draft_type (order), ==, BMD_DRAFT_TYPE_DEPOSIT);
  g_assert_cmpstr (bmd_order_get_pickup_value (order), ==, "2026-07-01T14:00:00-05:00");
  /* Text values are trimmed. */
  g_assert_cmpstr (bmd_order_get_flavor (order), ==, "Lemon");
  g_assert_true (bmd_order_is_paid (order));
  g_assert_true (bmd_order_is_active (order));
}

static void
test_edges_and_defaults (void)
{
  g_autoptr(GPtrArray) orders = load_fixture ("orders-page.json");
  BmdOrder *order = g_ptr_array_index (orders, 1);
  BmdLineItem *item;

  /* No first or last name: displayName. */
  g_assert_cmpstr (bmd_order_get_customer_name (order), ==, "Frank M.");
  g_assert_cmpuint (bmd_order_get_line_items (order)->len, ==, 2);
  item = g_ptr_array_index (bmd_order_get_line_items (order), 1);
  g_assert_cmpstr (item->name, ==, "Candles");
  g_assert_cmpint (item->quantity, ==, 2);
  g_assert_null (((BmdLineItem *) g_ptr_array_index (bmd_order_get_line_items (order), 0))->variant_title);
  /* Draft types compare case-insensitively. */
  g_assert_cmpint (bmd_order_get_draft_type (order), ==, BMD_DRAFT_TYPE_REMAINING);
  g_assert_cmpstr (bmd_order_get_flavor (order), ==, "");
  g_assert_cmpstr (bmd_order_get_theme (order), ==, "forgot");
  g_assert_null (bmd_order_get_allergies (order));
  g_assert_null (bmd_order_get_note (order));
  g_assert_false (bmd_order_is_paid (order));
}

static void
test_metafield_list_and_cancelled (void)
{
  g_autoptr(GPtrArray) orders = load_fixture ("orders-page.json");
  BmdOrder *order = g_ptr_array_index (orders, 2);

  g_assert_cmpstr (bmd_order_get_customer_name (order), ==, "(no customer)");
  g_assert_null (bmd_order_get_customer_id (order));
  g_assert_cmpint (bmd_order_get_draft_type (order), ==, BMD_DRAFT_TYPE_DEPOSIT);
  g_assert_cmpstr (bmd_order_get_pickup_value (order), ==, "2026-07-02");
  g_assert_cmpstr (bmd_order_get_flavor (order), ==, "chocolate");
  g_assert_null (bmd_order_get_theme (order));
  g_assert_true (bmd_order_is_cancelled (order));
  g_assert_false (bmd_order_is_active (order));
  g_assert_cmpuint (bmd_order_get_line_items (order)->len, ==, 0);
}

static void
test_garbage_values (void)
{
  g_autoptr(GPtrArray) orders = load_fixture ("orders-page.json");
  BmdOrder *order = g_ptr_array_index (orders, 3);

  /* Wrong types are kept as they came where they are text-like, dropped otherwise. */
  g_assert_null (bmd_order_dup_created_at (order));
  g_assert_null (bmd_order_dup_updated_at (order));
  g_assert_cmpstr (bmd_order_get_customer_name (order), ==, "guest@example.com");
  g_assert_cmpuint (bmd_order_get_line_items (order)->len, ==, 0);
  g_assert_cmpstr (bmd_order_get_draft_type_value (order), ==, "42");
  g_assert_cmpint (bmd_order_get_draft_type (order), ==, BMD_DRAFT_TYPE_UNKNOWN);
  g_assert_null (bmd_order_get_pickup_value (order));
  g_assert_null (bmd_order_get_flavor (order));
  g_assert_null (bmd_order_get_theme (order));
  g_assert_null (bmd_order_get_allergies (order));
  /* No legacyResourceId, but the name has the number. */
  g_assert_cmpint (bmd_order_get_number (order), ==, 1044);
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) orders = load_fixture ("orders-page.json");
  guint i;

  for (i = 0; i < orders->len; i++)
    {
      BmdOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *json = bmd_order_dup_json_string (order);
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdOrder) again = bmd_order_new_from_data (json, -1, &error);
      g_autofree char *json_again = NULL;

      g_assert_no_error (error);
      json_again = bmd_order_dup_json_string (again);
      g_assert_cmpstr (json, ==, json_again);
      g_assert_cmpstr (bmd_order_get_customer_name (order), ==, bmd_order_get_customer_name (again));
    }
}

/* @b equals @a; when @b is light, only in what plans and lists read, and it
 * has none of the details. */
static void
assert_same_order (BmdOrder *a,
                   BmdOrder *b)
{
  GDateTime *(*times[]) (BmdOrder *) = {
    bmd_order_dup_created_at, bmd_order_dup_updated_at,
    bmd_order_dup_processed_at, bmd_order_dup_cancelled_at,
  };
  const char *(*texts[]) (BmdOrder *) = {
    bmd_order_get_id, bmd_order_get_name, bmd_order_get_customer_id, bmd_order_get_customer_name,
    bmd_order_get_financial_status, bmd_order_get_draft_type_value, bmd_order_get_pickup_value,
    bmd_order_get_flavor, bmd_order_get_theme, bmd_order_get_allergies,
  };
  const char *(*detail_texts[]) (BmdOrder *) = {
    bmd_order_get_first_name, bmd_order_get_last_name, bmd_order_get_email, bmd_order_get_phone,
    bmd_order_get_fulfillment_status, bmd_order_get_total_price, bmd_order_get_total_outstanding,
    bmd_order_get_currency, bmd_order_get_note,
  };
  gboolean light = !bmd_order_has_details (b);
  GPtrArray *items_a = bmd_order_get_line_items (a);
  GPtrArray *items_b = bmd_order_get_line_items (b);
  guint i;

  g_assert_true (bmd_order_has_details (a));
  for (i = 0; i < G_N_ELEMENTS (texts); i++)
    g_assert_cmpstr (texts[i] (a), ==, texts[i] (b));
  for (i = 0; i < G_N_ELEMENTS (detail_texts); i++)
    g_assert_cmpstr (detail_texts[i] (b), ==, light ? NULL : detail_texts[i] (a));
  for (i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GDateTime) time_a = times[i] (a);
      g_autoptr(GDateTime) time_b = times[i] (b);

      /* Only the creation time is kept without the details. */
      if (light && i > 0)
        {
          g_assert_null (time_b);
          continue;
        }
      g_assert_true ((time_a == NULL) == (time_b == NULL));
      if (time_a != NULL)
        g_assert_true (g_date_time_equal (time_a, time_b));
    }
  g_assert_cmpint (bmd_order_get_number (a), ==, bmd_order_get_number (b));
  g_assert_cmpint (bmd_order_get_draft_type (a), ==, bmd_order_get_draft_type (b));
  g_assert_cmpint (bmd_order_is_cancelled (a), ==, bmd_order_is_cancelled (b));
  g_assert_cmpint (bmd_order_is_active (a), ==, bmd_order_is_active (b));
  g_assert_cmpint (bmd_order_is_paid (a), ==, bmd_order_is_paid (b));
  g_assert_cmpuint (items_b->len, ==, light ? 0 : items_a->len);
  for (i = 0; i < items_b->len; i++)
    {
      BmdLineItem *item_a = g_ptr_array_index (items_a, i);
      BmdLineItem *item_b = g_ptr_array_index (items_b, i);

      g_assert_cmpstr (item_a->name, ==, item_b->name);
      g_assert_cmpstr (item_a->variant_title, ==, item_b->variant_title);
      g_assert_cmpint (item_a->quantity, ==, item_b->quantity);
    }
}

/* A light order reads the same values for plans and lists but keeps no JSON
 * and no details; an order made from text keeps the text as it was given and
 * gives the tree back on request. */
static void
test_light_and_text (void)
{
  g_autoptr(GPtrArray) orders = load_fixture ("orders-page.json");
  guint i;

  for (i = 0; i < orders->len; i++)
    {
      BmdOrder *order = g_ptr_array_index (orders, i);
      g_autofree char *json = bmd_order_dup_json_string (order);
      g_autofree char *spaced = g_strdup_printf ("  %s\n", json);
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdOrder) light = bmd_order_new_light (bmd_order_get_json (order), &error);
      g_autoptr(BmdOrder) from_text = NULL;
      g_autoptr(JsonNode) tree = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *tree_text = NULL;
      g_autofree char *kept = NULL;

      g_assert_no_error (error);
      assert_same_order (order, light);
      g_assert_false (bmd_order_has_details (light));
      g_assert_null (bmd_order_get_json (light));
      g_assert_null (bmd_order_dup_json_string (light));

      /* A length shorter than the buffer: the trailing newline is not part of it. */
      from_text = bmd_order_new_from_data (spaced, strlen (spaced) - 1, &error);
      g_assert_no_error (error);
      assert_same_order (order, from_text);
      g_assert_true (bmd_order_has_details (from_text));
      kept = bmd_order_dup_json_string (from_text);
      g_assert_cmpuint (strlen (kept), ==, strlen (spaced) - 1);
      g_assert_true (strncmp (kept, spaced, strlen (spaced) - 1) == 0);
      g_assert_nonnull (bmd_order_get_json (from_text));
      /* Parsed once, then the same tree every time. */
      g_assert_true (bmd_order_get_json (from_text) == bmd_order_get_json (from_text));
      json_node_set_object (tree, bmd_order_get_json (from_text));
      tree_text = json_to_string (tree, FALSE);
      g_assert_cmpstr (tree_text, ==, json);
    }

  /* Values many orders share are held once. */
  {
    g_autoptr(BmdOrder) a = bmd_order_new_light (bmd_order_get_json (g_ptr_array_index (orders, 0)), NULL);
    g_autoptr(BmdOrder) b = bmd_order_new_light (bmd_order_get_json (g_ptr_array_index (orders, 0)), NULL);

    g_assert_true (bmd_order_get_financial_status (a) == bmd_order_get_financial_status (b));
    g_assert_true (bmd_order_get_flavor (a) == bmd_order_get_flavor (b));
    g_assert_true (bmd_order_get_customer_name (a) == bmd_order_get_customer_name (b));
    g_assert_true (bmd_order_get_id (a) != bmd_order_get_id (b));
  }
}

/* What the customers' history reads: the contacts of a full order, none of
 * its other details. */
static void
test_light_with_contacts (void)
{
  static const char json[] =
    "{\"id\":\"gid://shopify/Order/7\",\"name\":\"#1007\",\"note\":\"no nuts\","
    "\"totalPriceSet\":{\"shopMoney\":{\"amount\":\"45.50\",\"currencyCode\":\"USD\"}},"
    "\"customer\":{\"id\":\"gid://shopify/Customer/3\",\"firstName\":\" Jo \",\"lastName\":\"Baker\","
    "\"email\":\"jo@example.com\",\"phone\":\"+15125550100\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdOrder) full = bmd_order_new_from_data (json, -1, &error);
  g_autoptr(BmdOrder) light = bmd_order_new_light_from_data (json, -1, &error);
  g_autoptr(BmdOrder) contacts = bmd_order_new_light_with_contacts_from_data (json, -1, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (bmd_order_get_id (contacts), ==, "gid://shopify/Order/7");
  g_assert_cmpstr (bmd_order_get_customer_id (contacts), ==, "gid://shopify/Customer/3");
  g_assert_cmpstr (bmd_order_get_customer_name (contacts), ==, bmd_order_get_customer_name (light));
  g_assert_cmpint (bmd_order_get_number (contacts), ==, 1007);
  g_assert_cmpstr (bmd_order_get_first_name (contacts), ==, "Jo");
  g_assert_cmpstr (bmd_order_get_first_name (contacts), ==, bmd_order_get_first_name (full));
  g_assert_cmpstr (bmd_order_get_last_name (contacts), ==, "Baker");
  g_assert_cmpstr (bmd_order_get_email (contacts), ==, "jo@example.com");
  g_assert_cmpstr (bmd_order_get_phone (contacts), ==, "+15125550100");
  g_assert_cmpstr (bmd_order_get_phone (full), ==, "+15125550100");
  g_assert_null (bmd_order_get_phone (light));
  /* Still light: no other detail, no JSON, and the details pane must read it again. */
  g_assert_false (bmd_order_has_details (contacts));
  g_assert_null (bmd_order_get_note (contacts));
  g_assert_null (bmd_order_get_total_price (contacts));
  g_assert_null (bmd_order_get_currency (contacts));
  g_assert_null (bmd_order_get_json (contacts));
  g_assert_null (bmd_order_dup_json_string (contacts));
  g_assert_cmpuint (bmd_order_get_line_items (contacts)->len, ==, 0);
}

static void
test_light_cancelled (void)
{
  /* cancelledAt that does not parse still cancels; null does not. */
  const char *cases[][2] = {
    { "{\"id\":\"a\",\"cancelledAt\":\"yesterday\"}", "1" },
    { "{\"id\":\"a\",\"cancelledAt\":\"2026-06-01T10:00:00Z\"}", "1" },
    { "{\"id\":\"a\",\"cancelledAt\":null}", "0" },
    { "{\"id\":\"a\"}", "0" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(BmdOrder) light = NULL;
      g_autoptr(BmdOrder) full = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (json_parser_load_from_data (parser, cases[i][0], -1, &error));
      light = bmd_order_new_light (json_node_get_object (json_parser_get_root (parser)), &error);
      g_assert_no_error (error);
      full = bmd_order_new_from_data (cases[i][0], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpint (bmd_order_is_cancelled (light), ==, cases[i][1][0] == '1');
      g_assert_cmpint (bmd_order_is_cancelled (full), ==, cases[i][1][0] == '1');
      g_assert_cmpint (bmd_order_is_active (light), ==, cases[i][1][0] == '0');
    }
}

static void
test_bad_inputs (void)
{
  static const struct
  {
    const char *data;
    const char *message_part;
  } bad[] = {
    { "{\"name\":\"#1\"}\n", "line 1" },
    { "{\"id\":\"gid://shopify/Order/1\"}\n{not json\n", "line 2 is not JSON" },
    { "{\"id\":\"gid://shopify/Order/1\"}\n[1,2]\n", "line 2" },
    { "{\"errors\":[{\"message\":\"Throttled\"}]}", "GraphQL errors" },
    { "{\"data\":{\"shop\":{}}}", "data.orders" },
    { "{\"data\":{\"orders\":{\"nodes\":[{\"id\":\"a\"},{\"name\":\"x\"}]}}}", "data.orders.nodes[1]" },
    { "[{\"id\":\"a\"}]", "JSON array" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) orders = bmd_order_list_parse_data (bad[i].data, strlen (bad[i].data), &error);

      g_assert_null (orders);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, bad[i].message_part));
    }
}

static void
test_json_lines (void)
{
  const char *lines =
    "{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1\"}\n"
    "\n"
    "   \n"
    "{\"id\":\"gid://shopify/Order/2\",\"name\":\"#2\",\"customer\":{\"id\":\"c\",\"firstName\":\"Ana\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = bmd_order_list_parse_data (lines, strlen (lines), &error);
  g_autoptr(GError) missing_error = NULL;
  g_autoptr(GPtrArray) missing = bmd_order_list_load_file ("/nonexistent/orders.jsonl", &missing_error);

  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 2);
  g_assert_cmpstr (bmd_order_get_customer_name (g_ptr_array_index (orders, 1)), ==, "Ana");

  /* Braces and quotes inside strings do not end a line's value early. */
  {
    const char *tricky = "{\"id\":\"a\",\"note\":\"} \\\" {\"}\n{\"id\":\"b\",\"note\":\"]\"}\n";
    g_autoptr(GPtrArray) two = bmd_order_list_parse_data (tricky, strlen (tricky), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (two->len, ==, 2);
    g_assert_cmpstr (bmd_order_get_note (g_ptr_array_index (two, 0)), ==, "} \" {");
  }
  g_assert_null (missing);
  g_assert_nonnull (missing_error);
  g_assert_nonnull (strstr (missing_error->message, "/nonexistent/orders.jsonl"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/order/full-node", test_full_node);
  g_test_add_func ("/bmd/order/edges-and-defaults", test_edges_and_defaults);
  g_test_add_func ("/bmd/order/metafield-list-and-cancelled", test_metafield_list_and_cancelled);
  g_test_add_func ("/bmd/order/garbage-values", test_garbage_values);
  g_test_add_func ("/bmd/order/round-trip", test_round_trip);
  g_test_add_func ("/bmd/order/light-and-text", test_light_and_text);
  g_test_add_func ("/bmd/order/light-cancelled", test_light_cancelled);
  g_test_add_func ("/bmd/order/light-with-contacts", test_light_with_contacts);
  g_test_add_func ("/bmd/order/bad-inputs", test_bad_inputs);
  g_test_add_func ("/bmd/order/json-lines", test_json_lines);

  return g_test_run ();
}
