#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-drafts.h"

#include <stdlib.h>
#include <string.h>

struct _BmdSimDrafts
{
  GPtrArray *drafts;   /* element type JsonObject: the DraftOrder node, plus "_input" */
  guint      serial;
  guint      invoices_sent;
};

BmdSimDrafts *
bmd_sim_drafts_new (void)
{
  BmdSimDrafts *drafts = g_new0 (BmdSimDrafts, 1);

  drafts->drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  return drafts;
}

void
bmd_sim_drafts_free (BmdSimDrafts *drafts)
{
  if (drafts == NULL)
    return;
  g_ptr_array_unref (drafts->drafts);
  g_free (drafts);
}

static JsonObject *
find (BmdSimDrafts *drafts,
      const char   *id)
{
  for (guint i = 0; id != NULL && i < drafts->drafts->len; i++)
    {
      JsonObject *draft = g_ptr_array_index (drafts->drafts, i);

      if (g_strcmp0 (json_object_get_string_member (draft, "id"), id) == 0)
        return draft;
    }
  return NULL;
}

static void
add_user_error (JsonArray  *errors,
                const char *message,
                ...)
{
  JsonObject *error = json_object_new ();
  JsonArray *path = json_array_new ();
  const char *part;
  va_list args;

  va_start (args, message);
  for (part = va_arg (args, const char *); part != NULL; part = va_arg (args, const char *))
    json_array_add_string_element (path, part);
  va_end (args);
  json_object_set_array_member (error, "field", path);
  json_object_set_string_member (error, "message", message);
  json_array_add_object_element (errors, error);
}

/* "12.50" or 12.5 as cents; FALSE when it is not a money amount. */
static gboolean
parse_price (JsonNode *node,
             gint64   *cents)
{
  const char *text;
  char *end = NULL;
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      text = json_node_get_string (node);
      value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return FALSE;
    }
  else
    value = json_node_get_double (node);
  *cents = (gint64) (value * 100 + (value >= 0 ? 0.5 : -0.5));
  return TRUE;
}

/* originalUnitPriceWithCurrency {amount} (2025-01 on), else the older originalUnitPrice. */
static JsonNode *
unit_price (JsonObject *item)
{
  JsonNode *with = json_object_get_member (item, "originalUnitPriceWithCurrency");

  if (with != NULL && JSON_NODE_HOLDS_OBJECT (with))
    return json_object_get_member (json_node_get_object (with), "amount");
  return json_object_get_member (item, "originalUnitPrice");
}

/* purchasingEntity {customerId} (2025-01 on), else the older customerId. */
static const char *
customer_id (JsonObject *input)
{
  JsonNode *entity = json_object_get_member (input, "purchasingEntity");

  if (entity != NULL && JSON_NODE_HOLDS_OBJECT (entity))
    return json_object_get_string_member_with_default (json_node_get_object (entity), "customerId", NULL);
  return json_object_get_string_member_with_default (input, "customerId", NULL);
}

static char *
format_cents (gint64 cents)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (llabs (cents) % 100));
}

static JsonObject *
money_bag (gint64 cents)
{
  JsonObject *bag = json_object_new ();
  JsonObject *money = json_object_new ();
  g_autofree char *amount = format_cents (cents);

  json_object_set_string_member (money, "amount", amount);
  json_object_set_string_member (money, "currencyCode", "USD");
  json_object_set_object_member (bag, "shopMoney", money);
  json_object_set_object_member (bag, "presentmentMoney", json_object_ref (money));
  return bag;
}

/* DraftOrderInput.tags is [String!]; a single string (GraphQL input
 * coercion of one value to a list) is one tag. */
static JsonArray *
input_tags (JsonObject *input)
{
  JsonNode *tags = json_object_get_member (input, "tags");
  JsonArray *out = json_array_new ();

  if (tags != NULL && JSON_NODE_HOLDS_ARRAY (tags))
    {
      JsonArray *list = json_node_get_array (tags);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *tag = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_VALUE (tag) && json_node_get_value_type (tag) == G_TYPE_STRING)
            json_array_add_string_element (out, json_node_get_string (tag));
        }
    }
  else if (tags != NULL && JSON_NODE_HOLDS_VALUE (tags) && json_node_get_value_type (tags) == G_TYPE_STRING)
    json_array_add_string_element (out, json_node_get_string (tags));
  return out;
}

JsonObject *
bmd_sim_drafts_create (BmdSimDrafts *drafts,
                       JsonObject   *input,
                       gint64        now)
{
  JsonObject *payload = json_object_new ();
  JsonArray *errors = json_array_new ();
  JsonArray *items = json_object_has_member (input, "lineItems")
                     && JSON_NODE_HOLDS_ARRAY (json_object_get_member (input, "lineItems"))
                     ? json_object_get_array_member (input, "lineItems") : NULL;
  gint64 total = 0;

  json_object_set_array_member (payload, "userErrors", errors);
  if (items == NULL || json_array_get_length (items) == 0)
    add_user_error (errors, "Add at least 1 product", "lineItems", NULL);
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *index = g_strdup_printf ("%u", i);
      gint64 cents = 0;
      gint64 quantity;

      if (item == NULL || !parse_price (unit_price (item), &cents))
        {
          add_user_error (errors, "Original unit price is required for a custom line item",
                          "lineItems", index, "originalUnitPriceWithCurrency", NULL);
          continue;
        }
      if (cents < 0)
        add_user_error (errors, "Original unit price must be greater than or equal to 0",
                        "lineItems", index, "originalUnitPriceWithCurrency", NULL);
      quantity = json_object_get_int_member_with_default (item, "quantity", 1);
      if (quantity < 1)
        add_user_error (errors, "Quantity must be greater than or equal to 1",
                        "lineItems", index, "quantity", NULL);
      if (json_object_get_string_member_with_default (item, "title", NULL) == NULL
          || *json_object_get_string_member_with_default (item, "title", NULL) == '\0')
        add_user_error (errors, "Title can't be blank", "lineItems", index, "title", NULL);
      total += cents * quantity;
    }
  if (customer_id (input) == NULL)
    add_user_error (errors, "Customer can't be blank", "purchasingEntity", "customerId", NULL);

  if (json_array_get_length (errors) > 0)
    json_object_set_null_member (payload, "draftOrder");
  else
    {
      JsonObject *draft = json_object_new ();
      g_autofree char *id = NULL;
      g_autofree char *name = NULL;
      g_autofree char *url = NULL;
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (now);
      g_autofree char *created_text = g_date_time_format_iso8601 (created);

      drafts->serial++;
      id = g_strdup_printf ("gid://shopify/DraftOrder/%u", 9000 + drafts->serial);
      name = g_strdup_printf ("#D%u", drafts->serial);
      url = g_strdup_printf ("https://sim.myshopify.com/invoices/%08x%08x", g_random_int (), drafts->serial);
      json_object_set_string_member (draft, "id", id);
      json_object_set_string_member (draft, "name", name);
      json_object_set_string_member (draft, "invoiceUrl", url);
      json_object_set_string_member (draft, "status", "OPEN");
      json_object_set_string_member (draft, "createdAt", created_text);
      json_object_set_null_member (draft, "invoiceSentAt");
      json_object_set_null_member (draft, "order");
      json_object_set_object_member (draft, "totalPriceSet", money_bag (total));
      json_object_set_array_member (draft, "tags", input_tags (input));
      json_object_set_object_member (draft, "_input", json_object_ref (input));
      g_ptr_array_add (drafts->drafts, draft);
      json_object_set_object_member (payload, "draftOrder", json_object_ref (draft));
    }
  return payload;
}

JsonObject *
bmd_sim_drafts_send_invoice (BmdSimDrafts *drafts,
                             const char   *id,
                             gint64        now)
{
  JsonObject *payload = json_object_new ();
  JsonArray *errors = json_array_new ();
  JsonObject *draft = find (drafts, id);

  json_object_set_array_member (payload, "userErrors", errors);
  if (draft == NULL)
    {
      add_user_error (errors, "Draft order does not exist", "id", NULL);
      json_object_set_null_member (payload, "draftOrder");
    }
  else if (g_strcmp0 (json_object_get_string_member (draft, "status"), "COMPLETED") == 0)
    {
      add_user_error (errors, "Draft order has been paid", "id", NULL);
      json_object_set_null_member (payload, "draftOrder");
    }
  else
    {
      g_autoptr(GDateTime) sent = g_date_time_new_from_unix_utc (now);
      g_autofree char *sent_text = g_date_time_format_iso8601 (sent);

      json_object_set_string_member (draft, "status", "INVOICE_SENT");
      json_object_set_string_member (draft, "invoiceSentAt", sent_text);
      drafts->invoices_sent++;
      json_object_set_object_member (payload, "draftOrder", json_object_ref (draft));
    }
  return payload;
}

JsonObject *
bmd_sim_drafts_pay (BmdSimDrafts  *drafts,
                    BmdSimStore   *store,
                    const char    *id,
                    gboolean       copy_metafields,
                    gint64         now,
                    char         **message)
{
  JsonObject *draft = find (drafts, id);
  g_autoptr(JsonObject) order_input = NULL;
  JsonObject *input, *customer, *assoc;
  JsonArray *items;
  g_autofree char *field = NULL;
  BmdSimOrder *order;

  if (draft == NULL)
    {
      *message = g_strdup ("no such draft order");
      return NULL;
    }
  if (g_strcmp0 (json_object_get_string_member (draft, "status"), "COMPLETED") == 0)
    {
      *message = g_strdup ("the draft order is already paid");
      return NULL;
    }
  input = json_object_get_object_member (draft, "_input");

  /* The order the paid invoice becomes, as orderCreate takes it. */
  order_input = json_object_new ();
  customer = json_object_new ();
  assoc = json_object_new ();
  json_object_set_string_member (assoc, "id", customer_id (input));
  json_object_set_object_member (customer, "toAssociate", assoc);
  json_object_set_object_member (order_input, "customer", customer);
  json_object_set_string_member (order_input, "financialStatus", "PAID");
  if (json_object_get_string_member_with_default (input, "note", NULL) != NULL)
    json_object_set_string_member (order_input, "note", json_object_get_string_member (input, "note"));
  items = json_array_new ();
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (input, "lineItems")); i++)
    {
      JsonObject *in = json_array_get_object_element (json_object_get_array_member (input, "lineItems"), i);
      JsonObject *item = json_object_new ();
      JsonObject *price = json_object_new ();
      JsonObject *money = json_object_new ();
      g_autofree char *amount = NULL;
      gint64 cents = 0;

      parse_price (unit_price (in), &cents);
      amount = format_cents (cents);
      json_object_set_string_member (item, "title", json_object_get_string_member (in, "title"));
      json_object_set_int_member (item, "quantity", json_object_get_int_member_with_default (in, "quantity", 1));
      json_object_set_string_member (money, "amount", amount);
      json_object_set_string_member (money, "currencyCode", "USD");
      json_object_set_object_member (price, "shopMoney", money);
      json_object_set_object_member (item, "priceSet", price);
      json_array_add_object_element (items, item);
    }
  json_object_set_array_member (order_input, "lineItems", items);
  /* Modern Shopify copies a draft's metafields to its order; it has
   * historically not, and which one a shop gets is not settled. */
  if (copy_metafields && json_object_has_member (input, "metafields"))
    json_object_set_member (order_input, "metafields",
                            json_node_copy (json_object_get_member (input, "metafields")));

  order = bmd_sim_store_create_order (store, order_input, now, message, &field);
  if (order == NULL)
    return NULL;
  json_object_set_string_member (draft, "status", "COMPLETED");
  json_object_set_object_member (draft, "order", json_object_ref (order->node));
  return order->node;
}

JsonObject *
bmd_sim_drafts_lookup (BmdSimDrafts *drafts,
                       const char   *id)
{
  return find (drafts, id);
}

static gboolean
has_tag (JsonObject *draft,
         const char *tag)
{
  JsonArray *tags = json_object_get_array_member (draft, "tags");

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    if (g_ascii_strcasecmp (json_array_get_string_element (tags, i), tag) == 0)
      return TRUE;
  return FALSE;
}

JsonArray *
bmd_sim_drafts_search (BmdSimDrafts *drafts,
                       const char   *query)
{
  JsonArray *found = json_array_new ();
  g_autofree char *term = g_strstrip (g_strdup (query != NULL ? query : ""));
  g_autofree char *tag = NULL;

  if (g_ascii_strncasecmp (term, "tag:", 4) == 0)
    {
      gsize len;

      tag = g_strstrip (g_strdup (term + 4));
      len = strlen (tag);
      if (len >= 2 && (tag[0] == '\'' || tag[0] == '"') && tag[len - 1] == tag[0])
        {
          memmove (tag, tag + 1, len - 2);
          tag[len - 2] = '\0';
        }
    }
  else if (*term != '\0')
    {
      g_warning ("draftOrders: the simulator does not know the search “%s”", term);
      return found;
    }
  for (guint i = 0; i < drafts->drafts->len; i++)
    {
      JsonObject *draft = g_ptr_array_index (drafts->drafts, i);

      if (tag == NULL || has_tag (draft, tag))
        json_array_add_object_element (found, json_object_ref (draft));
    }
  return found;
}

guint
bmd_sim_drafts_get_n_drafts (BmdSimDrafts *drafts)
{
  return drafts->drafts->len;
}

guint
bmd_sim_drafts_get_n_invoices_sent (BmdSimDrafts *drafts)
{
  return drafts->invoices_sent;
}
