#include "config.h"

#include <string.h>

#include "bmd-store.h"
#include "bmd-test-orders.h"

static void
add_metafield (JsonObject *node,
               const char *alias,
               const char *value)
{
  JsonObject *field;

  if (value == NULL)
    {
      json_object_set_null_member (node, alias);
      return;
    }
  field = json_object_new ();
  json_object_set_string_member (field, "value", value);
  json_object_set_object_member (node, alias, field);
}

JsonObject *
bmd_test_order_node (const BmdTestOrder *spec)
{
  JsonObject *node = json_object_new ();
  g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%s", spec->name + (spec->name[0] == '#'));
  JsonObject *money = json_object_new ();
  JsonObject *price = json_object_new ();

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "name", spec->name);
  json_object_set_string_member (node, "createdAt", spec->created_at ? spec->created_at : "2026-06-01T12:00:00Z");
  json_object_set_string_member (node, "updatedAt", spec->created_at ? spec->created_at : "2026-06-01T12:00:00Z");
  if (spec->cancelled_at != NULL)
    json_object_set_string_member (node, "cancelledAt", spec->cancelled_at);
  else
    json_object_set_null_member (node, "cancelledAt");
  if (spec->status != NULL)
    json_object_set_string_member (node, "displayFinancialStatus", spec->status);
  json_object_set_string_member (money, "amount", "45.00");
  json_object_set_string_member (money, "currencyCode", "USD");
  json_object_set_object_member (price, "shopMoney", money);
  json_object_set_object_member (node, "totalPriceSet", price);

  if (spec->customer != NULL)
    {
      JsonObject *customer = json_object_new ();
      g_auto(GStrv) parts = g_strsplit (spec->customer, " ", 2);
      g_autofree char *slug = g_strdelimit (g_ascii_strdown (spec->customer, -1), " ", '-');
      g_autofree char *customer_id = spec->customer_id != NULL
                                       ? g_strdup (spec->customer_id)
                                       : g_strdup_printf ("gid://shopify/Customer/%s", slug);

      json_object_set_string_member (customer, "id", customer_id);
      /* "" splits into no parts: a customer with no name. */
      json_object_set_string_member (customer, "firstName", parts[0] != NULL ? parts[0] : "");
      if (parts[0] != NULL && parts[1] != NULL)
        json_object_set_string_member (customer, "lastName", parts[1]);
      else
        json_object_set_null_member (customer, "lastName");
      json_object_set_object_member (node, "customer", customer);
    }
  else
    json_object_set_null_member (node, "customer");

  add_metafield (node, "draftType", spec->draft_type);
  add_metafield (node, "pickupDate", spec->pickup);
  add_metafield (node, "flavor", spec->flavor);
  add_metafield (node, "theme", spec->theme);
  add_metafield (node, "allergies", spec->allergies);
  return node;
}

BmdOrder *
bmd_test_order_new (const BmdTestOrder *spec)
{
  g_autoptr(JsonObject) node = bmd_test_order_node (spec);
  g_autoptr(GError) error = NULL;
  BmdOrder *order = bmd_order_new_from_json (node, &error);

  g_assert_no_error (error);
  return order;
}

GPtrArray *
bmd_test_orders_new (const BmdTestOrder *specs)
{
  GPtrArray *orders = g_ptr_array_new_with_free_func (g_object_unref);
  guint i;

  for (i = 0; specs[i].name != NULL; i++)
    g_ptr_array_add (orders, bmd_test_order_new (&specs[i]));
  return orders;
}

void
bmd_test_store_orders (const char         *data_dir,
                       const BmdTestOrder *specs,
                       const char         *finished_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (data_dir, &error);
  guint i;

  g_assert_no_error (error);
  g_assert_true (bmd_store_begin (store, &error));
  for (i = 0; specs[i].name != NULL; i++)
    {
      g_autoptr(JsonObject) node = bmd_test_order_node (&specs[i]);
      g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), node);
      g_autofree char *json = json_to_string (root, FALSE);

      bmd_store_upsert_order (store, json_object_get_string_member (node, "id"),
                              json_object_get_string_member (node, "updatedAt"), NULL, json, &error);
      g_assert_no_error (error);
    }
  g_assert_true (bmd_store_commit (store, &error));

  if (finished_at != NULL)
    {
      BmdStoreRun run = { 0 };

      run.id = bmd_store_run_begin (store, finished_at, &error);
      g_assert_no_error (error);
      run.finished_at = (char *) finished_at;
      run.outcome = (char *) "ok";
      g_assert_true (bmd_store_run_finish (store, &run, &error));
      g_assert_no_error (error);
    }
}

char *
bmd_test_local_pickup (int         days,
                       const char *time)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("America/Chicago");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);
  g_autofree char *day = g_date_time_format (then, "%Y-%m-%d");

  return time != NULL ? g_strdup_printf ("%sT%s", day, time) : g_steal_pointer (&day);
}
