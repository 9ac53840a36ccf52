/* The generated bakery data: determinism, variety, and test control. */
#include "sim-test-util.h"

#include <string.h>
#include <glib/gstdio.h>
#include <unistd.h>

static BmdShopifySim *
new_sim (guint64 seed,
         guint   requests)
{
  BmdShopifySimOptions options;
  GDate around;

  bmd_shopify_sim_options_init (&options);
  g_date_set_dmy (&around, 20, 11, 2026);
  options.around = &around;
  options.seed = seed;
  options.requests = requests;
  return bmd_shopify_sim_new (&options);
}

static const char *
field_value (JsonObject *order,
             const char *alias)
{
  JsonNode *node = json_object_get_member (order, alias);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_object_get_string_member (json_node_get_object (node), "value");
}

static void
test_determinism (void)
{
  g_autoptr(BmdShopifySim) a = new_sim (11, 150);
  g_autoptr(BmdShopifySim) b = new_sim (11, 150);
  g_autoptr(BmdShopifySim) c = new_sim (12, 150);
  g_autoptr(GPtrArray) ids_a = bmd_shopify_sim_dup_order_ids (a);
  g_autoptr(GPtrArray) ids_b = bmd_shopify_sim_dup_order_ids (b);
  g_autoptr(GPtrArray) ids_c = bmd_shopify_sim_dup_order_ids (c);
  guint same = 0;

  g_assert_cmpuint (ids_a->len, ==, ids_b->len);
  for (guint i = 0; i < ids_a->len; i++)
    {
      g_autoptr(JsonObject) oa = bmd_shopify_sim_dup_order (a, g_ptr_array_index (ids_a, i));
      g_autoptr(JsonObject) ob = bmd_shopify_sim_dup_order (b, g_ptr_array_index (ids_b, i));
      g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), oa);
      g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), ob);

      g_assert_cmpstr (g_ptr_array_index (ids_a, i), ==, g_ptr_array_index (ids_b, i));
      g_assert_true (json_node_equal (na, nb));
    }
  for (guint i = 0; i < MIN (ids_a->len, ids_c->len); i++)
    {
      g_autoptr(JsonObject) oa = bmd_shopify_sim_dup_order (a, g_ptr_array_index (ids_a, i));
      g_autoptr(JsonObject) oc = bmd_shopify_sim_dup_order (c, g_ptr_array_index (ids_c, i));

      if (g_strcmp0 (field_value (oa, "pickupDate"), field_value (oc, "pickupDate")) == 0)
        same++;
    }
  g_assert_cmpuint (same, <, ids_a->len / 4);
}

static void
test_variety (void)
{
  g_autoptr(BmdShopifySim) sim = new_sim (1, 600);
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (sim);
  g_autoptr(GHashTable) flavors = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint deposits = 0, remainings = 0, unknown_type = 0, offset = 0, zulu = 0, date_only = 0;
  guint wall = 0, bad = 0, missing_pickup = 0, cancelled = 0, no_customer = 0, forgot = 0;
  guint repeat_customer = 0, deposit_paid = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpuint (ids->len, >, 1100);
  g_assert_cmpuint (ids->len, <, 1250);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) o = bmd_shopify_sim_dup_order (sim, g_ptr_array_index (ids, i));
      const char *type = field_value (o, "draftType");
      const char *pickup = field_value (o, "pickupDate");
      const char *theme = field_value (o, "theme");
      const char *status = json_object_get_string_member (o, "displayFinancialStatus");
      g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (json_object_get_string_member (o, "createdAt"), NULL);
      g_autoptr(GDateTime) updated = g_date_time_new_from_iso8601 (json_object_get_string_member (o, "updatedAt"), NULL);
      g_autofree char *type_copy = g_strdup (type);
      g_autofree char *type_norm = type ? g_ascii_strdown (g_strstrip (type_copy), -1) : NULL;
      g_autofree char *name = g_strdup_printf ("#%u", 1001 + i);

      /* Numbers follow creation, as ids do. */
      g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, name);
      g_assert_nonnull (created);
      g_assert_nonnull (updated);
      g_assert_cmpint (g_date_time_compare (created, updated), <=, 0);
      g_assert_cmpint (g_date_time_to_unix (updated), <=, now + 1);

      if (g_strcmp0 (type_norm, "deposit") == 0)
        {
          deposits++;
          if (g_str_equal (status, "PAID"))
            deposit_paid++;
        }
      else if (g_strcmp0 (type_norm, "remaining") == 0)
        remainings++;
      else
        unknown_type++;

      if (pickup == NULL)
        missing_pickup++;
      else
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (pickup, NULL);

          if (strlen (pickup) == 10)
            date_only++;
          else if (g_str_has_suffix (pickup, "Z"))
            zulu++;
          else if (at != NULL)
            offset++;
          else if (strlen (pickup) == 19 && pickup[10] == 'T')
            wall++;
          else
            bad++;
          if (at != NULL)
            g_assert_cmpint (g_date_time_compare (created, at), <, 0);
        }
      if (!json_object_get_null_member (o, "cancelledAt"))
        {
          cancelled++;
          g_assert_true (g_str_equal (status, "REFUNDED") || g_str_equal (status, "VOIDED"));
        }
      if (json_object_get_null_member (o, "customer"))
        no_customer++;
      else
        {
          const char *cid = json_object_get_string_member (json_object_get_object_member (o, "customer"), "id");

          if (g_hash_table_contains (customers, cid) && g_strcmp0 (type_norm, "deposit") == 0)
            repeat_customer++;
          g_hash_table_add (customers, g_strdup (cid));
        }
      if (theme == NULL || *theme == '\0' || g_str_equal (theme, "forgot"))
        forgot++;
      if (field_value (o, "flavor") != NULL)
        g_hash_table_add (flavors, (gpointer) g_intern_string (field_value (o, "flavor")));
      g_hash_table_add (statuses, (gpointer) g_intern_string (status));
    }
  g_test_message ("deposits %u remainings %u unknown %u offset %u Z %u date %u wall %u bad %u"
                  " missing %u cancelled %u no-customer %u forgot %u repeat %u",
                  deposits, remainings, unknown_type, offset, zulu, date_only, wall, bad,
                  missing_pickup, cancelled, no_customer, forgot, repeat_customer);
  g_assert_cmpuint (deposits, >, remainings);  /* the odd missing remaining half */
  g_assert_cmpuint (remainings, >, 500);
  g_assert_cmpuint (unknown_type, >, 0);
  g_assert_cmpuint (offset, >, zulu);
  g_assert_cmpuint (zulu, >, 0);
  g_assert_cmpuint (date_only, >, 0);
  g_assert_cmpuint (wall, >, 0);
  g_assert_cmpuint (bad, >, 0);
  g_assert_cmpuint (missing_pickup, >, 0);
  g_assert_cmpuint (cancelled, >, 0);
  g_assert_cmpuint (no_customer, >, 0);
  g_assert_cmpuint (forgot, >, 0);
  g_assert_cmpuint (repeat_customer, >, 0);
  g_assert_cmpuint (deposit_paid, >, deposits * 8 / 10);
  g_assert_cmpuint (g_hash_table_size (flavors), >=, 8);
  g_assert_true (g_hash_table_contains (flavors, "lemon"));
  g_assert_true (g_hash_table_contains (statuses, "PENDING"));
  g_assert_true (g_hash_table_contains (statuses, "PAID"));
}

static void
test_control (void)
{
  g_autoptr(BmdShopifySim) sim = new_sim (5, 30);
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (sim);
  const char *gid = g_ptr_array_index (ids, 3);
  guint count = bmd_shopify_sim_get_order_count (sim);
  g_autoptr(JsonObject) before = bmd_shopify_sim_dup_order (sim, gid);
  g_autoptr(JsonObject) quiet = NULL;
  g_autoptr(JsonObject) loud = NULL;
  g_autoptr(JsonObject) cancelled = NULL;
  g_autoptr(JsonObject) paid = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) dt = g_date_time_new_now_utc ();

  now = g_date_time_format (dt, "%Y-%m-%d");
  g_assert_true (bmd_shopify_sim_set_metafield (sim, gid, "custom", "flavor", "pistachio", FALSE));
  quiet = bmd_shopify_sim_dup_order (sim, gid);
  g_assert_cmpstr (field_value (quiet, "flavor"), ==, "pistachio");
  g_assert_cmpstr (json_object_get_string_member (quiet, "updatedAt"), ==,
                   json_object_get_string_member (before, "updatedAt"));

  g_assert_true (bmd_shopify_sim_set_metafield (sim, gid, "custom", "theme", "soccer", TRUE));
  loud = bmd_shopify_sim_dup_order (sim, gid);
  g_assert_cmpstr (field_value (loud, "theme"), ==, "soccer");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (loud, "updatedAt"), now));

  g_assert_true (bmd_shopify_sim_set_financial_status (sim, gid, "PAID"));
  paid = bmd_shopify_sim_dup_order (sim, gid);
  g_assert_cmpstr (json_object_get_string_member (paid, "displayFinancialStatus"), ==, "PAID");

  g_assert_true (bmd_shopify_sim_cancel_order (sim, gid));
  cancelled = bmd_shopify_sim_dup_order (sim, gid);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (cancelled, "cancelledAt"), now));
  g_assert_cmpstr (json_object_get_string_member (cancelled, "displayFinancialStatus"), ==, "REFUNDED");

  g_assert_true (bmd_shopify_sim_delete_order (sim, gid));
  g_assert_false (bmd_shopify_sim_delete_order (sim, gid));
  g_assert_null (bmd_shopify_sim_dup_order (sim, gid));
  g_assert_cmpuint (bmd_shopify_sim_get_order_count (sim), ==, count - 1);
  g_assert_false (bmd_shopify_sim_cancel_order (sim, "gid://shopify/Order/1"));
  g_assert_false (bmd_shopify_sim_set_metafield (sim, "nonsense", "custom", "x", "y", TRUE));

  bmd_shopify_sim_add_requests (sim, 4);
  {
    g_autoptr(GPtrArray) after = bmd_shopify_sim_dup_order_ids (sim);
    g_autoptr(JsonObject) newest = bmd_shopify_sim_dup_order (sim, g_ptr_array_index (after, after->len - 1));

    g_assert_cmpuint (after->len, >=, count - 1 + 6);
    g_assert_cmpuint (after->len, <=, count - 1 + 8);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (newest, "updatedAt"), now));
  }
}

static void
test_load_jsonl (void)
{
  g_autoptr(BmdShopifySim) source = new_sim (9, 5);
  g_autoptr(BmdShopifySim) sim = new_sim (9, 0);
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (source);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  g_assert_cmpuint (bmd_shopify_sim_get_order_count (sim), ==, 0);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) o = bmd_shopify_sim_dup_order (source, g_ptr_array_index (ids, i));
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);
      g_autofree char *text = json_to_string (node, FALSE);

      g_string_append_printf (lines, "%s\n", text);
    }
  fd = g_file_open_tmp ("sim-orders-XXXXXX.jsonl", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, lines->str, lines->len, &error));
  g_assert_true (bmd_shopify_sim_load_jsonl (sim, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_sim_get_order_count (sim), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) a = bmd_shopify_sim_dup_order (source, g_ptr_array_index (ids, i));
      g_autoptr(JsonObject) b = bmd_shopify_sim_dup_order (sim, g_ptr_array_index (ids, i));
      g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), a);
      g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), b);

      g_assert_true (json_node_equal (na, nb));
    }
  g_assert_true (g_file_set_contents (path, "{\"id\": 5}\n", -1, NULL));
  g_assert_false (bmd_shopify_sim_load_jsonl (sim, path, &error));
  g_assert_nonnull (error);
  g_unlink (path);
}

/* The version of order @i the file ends with: every order has a first line,
 * every second one a second, every third one a third. */
static guint
last_version (guint i)
{
  return i % 3 == 0 ? 3 : i % 2 == 0 ? 2 : 1;
}

/* A file where most ids come back with new contents: the last line of an id
 * wins, whatever came between, and nothing is counted twice. */
static void
test_load_jsonl_updates (void)
{
  g_autoptr(BmdShopifySim) sim = new_sim (9, 0);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const guint n = 3000;
  int fd;

  for (guint version = 1; version <= 3; version++)
    for (guint i = 0; i < n; i++)
      {
        if (version == 2 && i % 2 != 0 && i % 3 != 0)
          continue;
        if (version == 3 && i % 3 != 0)
          continue;
        g_string_append_printf (lines,
                                "{\"id\":\"gid://shopify/Order/%u\",\"name\":\"#%u\","
                                "\"createdAt\":\"2026-10-01T10:00:00Z\","
                                "\"updatedAt\":\"2026-10-%02uT10:00:00Z\",\"note\":\"v%u\","
                                "\"customer\":{\"id\":\"gid://shopify/Customer/%u\",\"email\":\"c%u@example.com\"},"
                                "\"lineItems\":{\"nodes\":[{\"name\":\"Cake\",\"quantity\":%u}]},"
                                "\"flavor\":{\"value\":\"flavor %u\"}}\n",
                                5000 + i, 1000 + i, 1 + version, version, i % 500, i % 500, version, version);
      }
  fd = g_file_open_tmp ("sim-orders-XXXXXX.jsonl", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, lines->str, lines->len, &error));
  g_assert_true (bmd_shopify_sim_load_jsonl (sim, path, &error));
  g_assert_no_error (error);
  g_unlink (path);

  g_assert_cmpuint (bmd_shopify_sim_get_order_count (sim), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *gid = g_strdup_printf ("gid://shopify/Order/%u", 5000 + i);
      g_autofree char *note = g_strdup_printf ("v%u", last_version (i));
      g_autofree char *updated = g_strdup_printf ("2026-10-%02uT10:00:00Z", 1 + last_version (i));
      g_autofree char *flavor = g_strdup_printf ("flavor %u", last_version (i));
      g_autoptr(JsonObject) order = bmd_shopify_sim_dup_order (sim, gid);
      JsonArray *items;

      g_assert_nonnull (order);
      g_assert_cmpstr (json_object_get_string_member (order, "note"), ==, note);
      g_assert_cmpstr (json_object_get_string_member (order, "updatedAt"), ==, updated);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order, "flavor"), "value"),
                       ==, flavor);
      items = json_object_get_array_member (json_object_get_object_member (order, "lineItems"), "nodes");
      g_assert_cmpuint (json_array_get_length (items), ==, 1);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "quantity"), ==,
                       last_version (i));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/data/determinism", test_determinism);
  g_test_add_func ("/sim/data/variety", test_variety);
  g_test_add_func ("/sim/data/control", test_control);
  g_test_add_func ("/sim/data/load-jsonl", test_load_jsonl);
  g_test_add_func ("/sim/data/load-jsonl-updates", test_load_jsonl_updates);
  return g_test_run ();
}
