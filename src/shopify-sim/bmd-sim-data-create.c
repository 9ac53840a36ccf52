#define G_LOG_DOMAIN "bmd-sim"

/* orderCreate: an order from OrderCreateOrderInput. */

#include "bmd-sim-data-private.h"

#include <string.h>

/* A decimal as a string or a number, in cents. */
static gboolean
parse_cents (JsonNode *node,
             gint64   *cents)
{
  g_autofree char *text = NULL;
  char *end = NULL;
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    text = g_strdup_printf ("%.2f", json_node_get_double (node));
  else
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || value < 0 || value > 1e9)
    return FALSE;
  *cents = (gint64) (value * 100 + 0.5);
  return TRUE;
}

static const char *financial_statuses[] = {
  "AUTHORIZED", "EXPIRED", "PAID", "PARTIALLY_PAID", "PARTIALLY_REFUNDED",
  "PENDING", "REFUNDED", "VOIDED",
};

BmdSimOrder *
bmd_sim_store_create_order (BmdSimStore *store,
                            JsonObject  *input,
                            gint64       now,
                            char       **message,
                            char       **field)
{
  JsonObject *node;
  JsonArray *in_items = _bmd_sim_get_array (input, "lineItems");
  JsonArray *in_fields = _bmd_sim_get_array (input, "metafields");
  JsonObject *in_customer = _bmd_sim_get_object (input, "customer");
  JsonObject *customer = NULL;
  JsonArray *items, *fields, *tags;
  const char *status = _bmd_sim_get_string (input, "financialStatus");
  const char *currency = _bmd_sim_get_string (input, "currency");
  gint64 total = 0, outstanding, processed = now;
  g_autofree char *amount = NULL;
  g_autofree char *outstanding_text = NULL;
  BmdSimOrder *order;
  gboolean known = FALSE;

  *message = NULL;
  *field = NULL;
  if (in_items == NULL || json_array_get_length (in_items) == 0)
    {
      *message = g_strdup ("Line items must have at least one line item.");
      *field = g_strdup ("lineItems");
      return NULL;
    }
  if (status == NULL)
    status = "PAID";
  for (guint i = 0; i < G_N_ELEMENTS (financial_statuses); i++)
    known |= g_str_equal (status, financial_statuses[i]);
  if (!known)
    {
      *message = g_strdup_printf ("Financial status %s is not valid.", status);
      *field = g_strdup ("financialStatus");
      return NULL;
    }
  if (_bmd_sim_get_string (input, "processedAt") != NULL &&
      !bmd_sim_parse_time (store, _bmd_sim_get_string (input, "processedAt"), &processed, NULL))
    {
      *message = g_strdup ("Processed at is invalid.");
      *field = g_strdup ("processedAt");
      return NULL;
    }
  processed = MIN (processed, now);

  if (in_customer != NULL)
    {
      JsonObject *assoc = _bmd_sim_get_object (in_customer, "toAssociate");
      JsonObject *upsert = _bmd_sim_get_object (in_customer, "toUpsert");

      if (assoc != NULL)
        {
          customer = _bmd_sim_store_find_customer (store, _bmd_sim_get_string (assoc, "id"), _bmd_sim_get_string (assoc, "email"));
          if (customer == NULL)
            {
              *message = g_strdup ("Customer does not exist.");
              *field = g_strdup ("customer.toAssociate.id");
              return NULL;
            }
        }
      else if (upsert != NULL)
        {
          const char *email = _bmd_sim_get_string (upsert, "email");

          customer = _bmd_sim_store_find_customer (store, _bmd_sim_get_string (upsert, "id"), email);
          if (customer == NULL && _bmd_sim_get_string (upsert, "id") != NULL)
            {
              *message = g_strdup ("Customer does not exist.");
              *field = g_strdup ("customer.toUpsert.id");
              return NULL;
            }
          if (customer == NULL)
            customer = _bmd_sim_store_new_customer (store, _bmd_sim_get_string (upsert, "firstName"),
                                                    _bmd_sim_get_string (upsert, "lastName"), email,
                                                    _bmd_sim_get_string (upsert, "phone"));
        }
    }

  node = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < json_array_get_length (in_items); i++)
    {
      JsonObject *in = json_array_get_object_element (in_items, i);
      JsonObject *item = json_object_new ();
      JsonObject *shop_money = _bmd_sim_get_object (_bmd_sim_get_object (in, "priceSet"), "shopMoney");
      gint64 qty = in != NULL && json_object_has_member (in, "quantity")
                   ? json_object_get_int_member (in, "quantity") : 1;
      gint64 cents = 0;
      const char *title = _bmd_sim_get_string (in, "title");
      g_autofree char *unit = NULL;

      if (shop_money != NULL)
        {
          parse_cents (json_object_get_member (shop_money, "amount"), &cents);
          if (currency == NULL)
            currency = _bmd_sim_get_string (shop_money, "currencyCode");
        }
      if (title == NULL)
        title = "Custom item";
      json_object_set_string_member (item, "name", title);
      json_object_set_string_member (item, "title", title);
      json_object_set_int_member (item, "quantity", qty);
      json_object_set_string_member (item, "variantTitle", _bmd_sim_get_string (in, "variantTitle"));
      json_object_set_string_member (item, "sku", _bmd_sim_get_string (in, "sku"));
      unit = _bmd_sim_format_cents (cents);
      json_object_set_object_member (item, "originalUnitPriceSet",
                                     _bmd_sim_money_bag (unit, currency ? currency : "USD"));
      json_array_add_object_element (items, item);
      total += cents * MAX (qty, 0);
    }
  if (currency == NULL)
    currency = "USD";
  outstanding = g_str_equal (status, "PAID") || g_str_equal (status, "REFUNDED") ||
                g_str_equal (status, "PARTIALLY_REFUNDED") || g_str_equal (status, "VOIDED")
                ? 0 : total;
  amount = _bmd_sim_format_cents (total);
  outstanding_text = _bmd_sim_format_cents (outstanding);

  fields = json_array_new ();
  for (guint i = 0; in_fields != NULL && i < json_array_get_length (in_fields); i++)
    {
      JsonObject *in = json_array_get_object_element (in_fields, i);
      JsonObject *f;

      if (_bmd_sim_get_string (in, "key") == NULL || _bmd_sim_get_string (in, "value") == NULL)
        continue;
      f = json_object_new ();
      json_object_set_string_member (f, "namespace",
                                     _bmd_sim_get_string (in, "namespace") ? _bmd_sim_get_string (in, "namespace") : "custom");
      json_object_set_string_member (f, "key", _bmd_sim_get_string (in, "key"));
      json_object_set_string_member (f, "type",
                                     _bmd_sim_get_string (in, "type") ? _bmd_sim_get_string (in, "type") : "single_line_text_field");
      json_object_set_string_member (f, "value", _bmd_sim_get_string (in, "value"));
      json_array_add_object_element (fields, f);
    }
  tags = json_array_new ();
  for (guint i = 0; _bmd_sim_get_array (input, "tags") != NULL && i < json_array_get_length (_bmd_sim_get_array (input, "tags")); i++)
    {
      JsonNode *t = json_array_get_element (_bmd_sim_get_array (input, "tags"), i);

      if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
        json_array_add_string_element (tags, json_node_get_string (t));
    }

  if (_bmd_sim_get_string (input, "name") != NULL)
    json_object_set_string_member (node, "name", _bmd_sim_get_string (input, "name"));
  json_object_set_null_member (node, "cancelledAt");
  json_object_set_null_member (node, "cancelReason");
  json_object_set_boolean_member (node, "closed", FALSE);
  json_object_set_boolean_member (node, "test",
                                  input != NULL && json_object_has_member (input, "test") &&
                                  JSON_NODE_HOLDS_VALUE (json_object_get_member (input, "test")) &&
                                  json_object_get_boolean_member (input, "test"));
  json_object_set_string_member (node, "displayFinancialStatus", status);
  json_object_set_string_member (node, "displayFulfillmentStatus", "UNFULFILLED");
  json_object_set_string_member (node, "currencyCode", currency);
  json_object_set_object_member (node, "totalPriceSet", _bmd_sim_money_bag (amount, currency));
  json_object_set_object_member (node, "totalOutstandingSet", _bmd_sim_money_bag (outstanding_text, currency));
  json_object_set_string_member (node, "note", _bmd_sim_get_string (input, "note"));
  json_object_set_array_member (node, "tags", tags);
  if (customer != NULL)
    {
      json_object_set_object_member (node, "customer", json_object_ref (customer));
      json_object_set_string_member (node, "email", _bmd_sim_get_string (customer, "email"));
    }
  else
    {
      json_object_set_null_member (node, "customer");
      json_object_set_string_member (node, "email", _bmd_sim_get_string (input, "email"));
    }
  json_object_set_array_member (node, "lineItems", items);
  json_object_set_array_member (node, "metafields", fields);

  order = _bmd_sim_store_adopt_node (store, node, now, now, processed);
  return order;
}
