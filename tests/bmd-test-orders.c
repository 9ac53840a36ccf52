#include "config.h"

#include <string.h>

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
      g_autofree char *customer_id = g_strdup_printf ("gid://shopify/Customer/%s", slug);

      json_object_set_string_member (customer, "id", customer_id);
      json_object_set_string_member (customer, "firstName", parts[0]);
      if (parts[1] != NULL)
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
