/* Rows for the lake and the warehouse, run ids and the lake's keys. */
#include "config.h"

#include <string.h>

#include "bmd-lake.h"
#include "bmd-test-orders.h"
#include "bmd-warehouse-rows.h"

static const BmdTestOrder orders[] = {
  { "#2001", "Frank Baker", "deposit", "2026-07-01T15:00:00-05:00", "PAID", "lemon", "birthday", "treenut", NULL, NULL },
  { "#2002", "Frank Baker", "Remaining ", "2026-07-01T15:00:00-05:00", "PENDING", "lemon", "forgot", "n/a", NULL, NULL },
  { "#2003", "Ada Lovelace", "deposit", "2026-07-02", "PAID", "black forest", "wedding", "", NULL, NULL },
  { "#2004", "Grace Hopper", "balance", "2026-07-03T10:00:00", "PAID", "carrot", "", "", NULL, NULL },
  { "#2005", "Alan Turing", "deposit", NULL, "PAID", "plain", "", "", "2026-06-20T10:00:00Z", NULL },
  { NULL }
};

static void
test_run_id (void)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 ("2026-06-29T07:05:09-05:00", NULL);
  g_autofree char *a = bmd_run_id_new (t);
  g_autofree char *b = bmd_run_id_new (t);

  g_assert_cmpuint (strlen (a), ==, strlen ("20260629T120509Z-000000"));
  g_assert_true (g_str_has_prefix (a, "20260629T120509Z-"));
  g_assert_true (bmd_run_id_is_valid (a));
  g_assert_true (bmd_run_id_is_valid (b));
  /* Sorting run ids sorts runs by start. */
  g_assert_cmpint (strcmp ("20260629T120509Z-ffffff", "20260629T120510Z-000000"), <, 0);

  g_assert_false (bmd_run_id_is_valid (NULL));
  g_assert_false (bmd_run_id_is_valid ("20260629T120509Z-00000"));
  g_assert_false (bmd_run_id_is_valid ("20260629T120509Z-00000G"));
  g_assert_false (bmd_run_id_is_valid ("20260629T120509Z-ABCDEF"));
  g_assert_false (bmd_run_id_is_valid ("2026-06-29T12:05Z-abcdef"));
  g_assert_false (bmd_run_id_is_valid ("20260629T120509Z/../x"));
}

static void
test_order_rows (void)
{
  g_autoptr(GPtrArray) list = bmd_test_orders_new (orders);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GPtrArray) rows = bmd_warehouse_order_rows (list, zone, "20260629T120000Z-abcdef");
  const char * const *columns = bmd_warehouse_columns ("orders");
  JsonObject *row;

  g_assert_cmpuint (rows->len, ==, 5);
  /* Every column and nothing else: jsonb_populate_record and JSON 'auto' match by name. */
  for (guint i = 0; i < rows->len; i++)
    {
      row = g_ptr_array_index (rows, i);
      g_assert_cmpuint (json_object_get_size (row), ==, g_strv_length ((char **) columns));
      for (guint c = 0; columns[c] != NULL; c++)
        g_assert_true (json_object_has_member (row, columns[c]));
    }

  row = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "order_id"), ==, "gid://shopify/Order/2001");
  g_assert_cmpstr (json_object_get_string_member (row, "pickup_date"), ==, "2026-07-01T20:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (row, "created_at"), ==, "2026-06-01T12:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (row, "draft_type"), ==, "deposit");
  g_assert_cmpstr (json_object_get_string_member (row, "first_name"), ==, "Frank");
  g_assert_cmpstr (json_object_get_string_member (row, "total_price"), ==, "45.00");
  g_assert_cmpstr (json_object_get_string_member (row, "run_id"), ==, "20260629T120000Z-abcdef");
  g_assert_true (json_object_get_null_member (row, "deleted_at"));
  g_assert_true (json_object_get_null_member (row, "cancelled_at"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "raw"), "{"));

  row = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "draft_type"), ==, "remaining");
  /* Date-only: local midnight in the shop's zone, as an instant. */
  row = g_ptr_array_index (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "pickup_date"), ==, "2026-07-02T05:00:00Z");
  /* Wall time, in CDT. Unknown draft types are kept as they came. */
  row = g_ptr_array_index (rows, 3);
  g_assert_cmpstr (json_object_get_string_member (row, "pickup_date"), ==, "2026-07-03T15:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (row, "draft_type"), ==, "balance");
  row = g_ptr_array_index (rows, 4);
  g_assert_true (json_object_get_null_member (row, "pickup_date"));
  g_assert_cmpstr (json_object_get_string_member (row, "cancelled_at"), ==, "2026-06-20T10:00:00Z");
}

static void
test_wide_values_cut (void)
{
  g_autoptr(JsonObject) node = bmd_test_order_node (&orders[0]);
  g_autoptr(BmdOrder) order = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(GString) note = g_string_new ("x");
  g_autoptr(GError) error = NULL;
  const char *cut;

  /* A three-byte character straddles the limit. */
  while (note->len < 70000)
    g_string_append (note, "€");
  json_object_set_string_member (node, "note", note->str);
  order = bmd_order_new_from_json (node, &error);
  g_assert_no_error (error);
  row = bmd_warehouse_order_row (order, zone, "20260629T120000Z-abcdef");
  cut = json_object_get_string_member (row, "note");
  g_assert_cmpuint (strlen (cut), <=, 65535);
  g_assert_cmpuint (strlen (cut), >=, 65533);
  g_assert_true (g_utf8_validate (cut, -1, NULL));
  g_assert_cmpuint (strlen (json_object_get_string_member (row, "raw")), <=, 65535);
}

static void
test_ready_rows (void)
{
  g_autoptr(GPtrArray) list = bmd_test_orders_new (orders);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-06-29T12:00:00Z", NULL);
  g_autoptr(BmdPlan) plan = bmd_planner_plan (list, now, zone, BMD_PLAN_FLAGS_NONE);
  g_autoptr(GPtrArray) weekly = bmd_warehouse_ready_rows (plan, "weekly_streamline_orders", "20260629T120000Z-abcdef");
  g_autoptr(GPtrArray) future = bmd_warehouse_ready_rows (plan, "future_orders", "20260629T120000Z-abcdef");
  g_autoptr(GPtrArray) requests = bmd_warehouse_ready_rows (plan, "customer_requests", "20260629T120000Z-abcdef");
  JsonObject *row;
  guint placeholders = 0;

  g_assert_null (bmd_warehouse_ready_rows (plan, "orders", "x"));
  g_assert_cmpuint (weekly->len, ==, 2 * bmd_plan_get_queue (plan)->len);
  g_assert_cmpuint (future->len, ==, g_list_model_get_n_items (bmd_plan_get_upcoming (plan)));
  g_assert_cmpuint (requests->len, ==, bmd_plan_get_requests (plan)->len);

  /* Frank's pair is first in both: deposit, then remaining. */
  row = g_ptr_array_index (future, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "order_name"), ==, "#2001");
  g_assert_cmpstr (json_object_get_string_member (row, "draft_type"), ==, "deposit");
  g_assert_cmpstr (json_object_get_string_member (row, "customer_name"), ==, "Frank Baker");
  g_assert_cmpstr (json_object_get_string_member (row, "pickup_date"), ==, "2026-07-01T20:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (row, "as_of"), ==, "2026-06-29T12:00:00Z");
  row = g_ptr_array_index (future, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "order_name"), ==, "#2002");
  g_assert_cmpstr (json_object_get_string_member (row, "financial_status"), ==, "PENDING");

  for (guint i = 0; i < future->len; i++)
    {
      row = g_ptr_array_index (future, i);
      if (strcmp (json_object_get_string_member (row, "order_name"), "-") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (row, "financial_status"), ==, "MISSING");
          placeholders++;
        }
      g_assert_cmpuint (json_object_get_size (row), ==,
                        g_strv_length ((char **) bmd_warehouse_columns ("future_orders")));
    }
  /* Ada has no remaining order. */
  g_assert_cmpuint (placeholders, >=, 1);

  for (guint i = 0; i < requests->len; i++)
    {
      const char *state;

      row = g_ptr_array_index (requests, i);
      state = json_object_get_string_member (row, "state");
      g_assert_true (g_strv_contains ((const char * const[]) { "paid", "unpaid", "missing", NULL }, state));
    }
}

static void
test_lake_keys (void)
{
  const char *run = "20260629T120000Z-abcdef";
  g_autofree char *a = bmd_lake_orders_key ("bakemyday", run);
  g_autofree char *b = bmd_lake_orders_key ("/bakemyday/", run);
  g_autofree char *c = bmd_lake_orders_key (NULL, run);
  g_autofree char *d = bmd_lake_ready_key ("shop/bmd", "future_orders", run);
  g_autofree char *e = bmd_lake_orders_run_prefix ("bakemyday", run);

  g_assert_cmpstr (a, ==, "bakemyday/raw/orders/run=20260629T120000Z-abcdef/orders.jsonl.gz");
  g_assert_cmpstr (b, ==, a);
  g_assert_cmpstr (c, ==, "raw/orders/run=20260629T120000Z-abcdef/orders.jsonl.gz");
  g_assert_cmpstr (d, ==, "shop/bmd/ready/future_orders/run=20260629T120000Z-abcdef/future_orders.jsonl.gz");
  g_assert_cmpstr (e, ==, "bakemyday/raw/orders/run=20260629T120000Z-abcdef/");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/warehouse-rows/run-id", test_run_id);
  g_test_add_func ("/bmd/warehouse-rows/order-rows", test_order_rows);
  g_test_add_func ("/bmd/warehouse-rows/wide-values-cut", test_wide_values_cut);
  g_test_add_func ("/bmd/warehouse-rows/ready-rows", test_ready_rows);
  g_test_add_func ("/bmd/warehouse-rows/lake-keys", test_lake_keys);

  return g_test_run ();
}
