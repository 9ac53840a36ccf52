/* The synthetic orders the warehouse and lake benchmarks load: request
 * i / 2's deposit and balance, 9,973 customers, pickups through 2026. */
#include "config.h"

#include "bmd-bench-orders.h"

static const char *flavors[] = { "lemon", "black forest", "carrot", "chocolate", "vanilla", "red velvet" };
static const char *themes[] = { "birthday", "wedding", "graduation", "", "forgot", "retirement" };
static const char *allergies[] = { "n/a", "treenut", "", "dairy", "gluten, peanut" };
static const char *statuses[] = { "PAID", "PENDING", "PARTIALLY_REFUNDED", "REFUNDED" };

static JsonObject *
metafield (const char *value)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "value", value);
  return o;
}

/* Deterministic: the same @i and the same sequence of @rand give the same
 * order on every run, so two benchmarks measure the same rows. */
BmdOrder *
bmd_bench_synthetic_order (guint  i,
                           GRand *rand)
{
  g_autoptr(JsonObject) node = json_object_new ();
  JsonObject *customer = json_object_new ();
  JsonObject *price = json_object_new ();
  JsonObject *money = json_object_new ();
  g_autoptr(GError) error = NULL;
  guint request = i / 2;
  guint c = request % 9973;
  g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%u", 500000 + i);
  g_autofree char *name = g_strdup_printf ("#%u", 1000 + i);
  g_autofree char *customer_id = g_strdup_printf ("gid://shopify/Customer/%u", c);
  g_autofree char *first = g_strdup_printf ("First%u", c);
  g_autofree char *last = g_strdup_printf ("Last%u", c);
  g_autofree char *email = g_strdup_printf ("customer%u@example.com", c);
  g_autofree char *pickup = g_strdup_printf ("2026-%02u-%02uT%02u:00:00-05:00",
                                             1 + request % 12, 1 + request % 28, 9 + request % 9);
  g_autofree char *amount = g_strdup_printf ("%u.%02u", 20 + g_rand_int_range (rand, 0, 200),
                                             g_rand_int_range (rand, 0, 100));
  g_autofree char *note = g_strdup_printf ("Write \"Happy %u\" on top\nno nuts please", i % 90);
  BmdOrder *order;

  json_object_set_string_member (node, "id", id);
  json_object_set_string_member (node, "name", name);
  json_object_set_string_member (node, "createdAt", "2026-01-02T03:04:05Z");
  json_object_set_string_member (node, "updatedAt", "2026-01-03T03:04:05Z");
  json_object_set_null_member (node, "cancelledAt");
  json_object_set_string_member (node, "displayFinancialStatus", statuses[g_rand_int_range (rand, 0, 4)]);
  json_object_set_string_member (node, "displayFulfillmentStatus", "UNFULFILLED");
  json_object_set_string_member (node, "note", note);
  json_object_set_string_member (money, "amount", amount);
  json_object_set_string_member (money, "currencyCode", "USD");
  json_object_set_object_member (price, "shopMoney", money);
  json_object_set_object_member (node, "totalPriceSet", price);
  json_object_set_string_member (customer, "id", customer_id);
  json_object_set_string_member (customer, "firstName", first);
  json_object_set_string_member (customer, "lastName", last);
  json_object_set_string_member (customer, "email", email);
  json_object_set_object_member (node, "customer", customer);
  json_object_set_object_member (node, "draftType", metafield (i % 2 == 0 ? "deposit" : "remaining"));
  json_object_set_object_member (node, "pickupDate", metafield (pickup));
  json_object_set_object_member (node, "flavor", metafield (flavors[request % G_N_ELEMENTS (flavors)]));
  json_object_set_object_member (node, "theme", metafield (themes[request % G_N_ELEMENTS (themes)]));
  json_object_set_object_member (node, "allergies", metafield (allergies[request % G_N_ELEMENTS (allergies)]));

  order = bmd_order_new_from_json (node, &error);
  if (order == NULL)
    g_error ("synthetic order %u: %s", i, error->message);
  return order;
}
