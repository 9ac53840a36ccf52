#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-data-private.h"

#include <string.h>

static void
order_free (gpointer data)
{
  BmdSimOrder *order = data;

  json_object_unref (order->node);
  g_free (order);
}

char *
bmd_sim_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
is_date_only (const char *text)
{
  if (strlen (text) != 10)
    return FALSE;
  for (int i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
bmd_sim_parse_time (BmdSimStore *store,
                    const char  *text,
                    gint64      *out,
                    gboolean    *date_only)
{
  g_autoptr(GDateTime) dt = NULL;

  if (date_only != NULL)
    *date_only = FALSE;
  if (text == NULL)
    return FALSE;
  if (is_date_only (text))
    {
      int y = atoi (text), m = atoi (text + 5), d = atoi (text + 8);

      if (!g_date_valid_dmy (d, m, y))
        return FALSE;
      dt = g_date_time_new (store->shop_tz, y, m, d, 0, 0, 0);
      if (date_only != NULL)
        *date_only = TRUE;
    }
  else
    dt = g_date_time_new_from_iso8601 (text, store->shop_tz);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

void
_bmd_sim_set_time_member (JsonObject *node,
                          const char *member,
                          gint64      t)
{
  g_autofree char *text = bmd_sim_format_time (t);

  json_object_set_string_member (node, member, text);
}

JsonObject *
_bmd_sim_money_bag (const char *amount,
                    const char *currency)
{
  JsonObject *bag = json_object_new ();
  JsonObject *shop = json_object_new ();
  JsonObject *presentment = json_object_new ();

  json_object_set_string_member (shop, "amount", amount);
  json_object_set_string_member (shop, "currencyCode", currency);
  json_object_set_string_member (presentment, "amount", amount);
  json_object_set_string_member (presentment, "currencyCode", currency);
  json_object_set_object_member (bag, "shopMoney", shop);
  json_object_set_object_member (bag, "presentmentMoney", presentment);
  return bag;
}

char *
_bmd_sim_format_cents (gint64 cents)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

void
_bmd_sim_store_index (BmdSimStore *store,
                      BmdSimOrder *order)
{
  g_ptr_array_add (store->orders, order);
  g_hash_table_insert (store->by_id, &order->id, order);
  for (int k = 0; k < BMD_SIM_N_SORTS; k++)
    g_clear_pointer (&store->sorted[k], g_ptr_array_unref);
}

void
_bmd_sim_store_invalidate (BmdSimStore *store)
{
  for (int k = 0; k < BMD_SIM_N_SORTS; k++)
    g_clear_pointer (&store->sorted[k], g_ptr_array_unref);
}


/* The gid string lives in the customer object, which the store keeps. */
void
_bmd_sim_store_add_customer_id (BmdSimStore *store,
                                JsonObject  *customer)
{
  const char *id = _bmd_sim_get_string (customer, "id");

  if (id != NULL)
    g_hash_table_insert (store->customer_ids, (gpointer) id, customer);
}

JsonObject *
_bmd_sim_store_new_customer (BmdSimStore *store,
                             const char  *first,
                             const char  *last,
                             const char  *email,
                             const char  *phone)
{
  JsonObject *customer = json_object_new ();
  g_autofree char *gid = g_strdup_printf ("gid://shopify/Customer/%" G_GINT64_FORMAT,
                                          CUSTOMER_ID_BASE + store->next_customer * 1000 +
                                          g_rand_int_range (store->rand, 0, 1000));
  g_autofree char *display = NULL;

  store->next_customer++;
  if (first != NULL || last != NULL)
    display = g_strstrip (g_strdup_printf ("%s %s", first ? first : "", last ? last : ""));
  else
    display = g_strdup (email ? email : "Guest");
  json_object_set_string_member (customer, "id", gid);
  json_object_set_string_member (customer, "firstName", first);
  json_object_set_string_member (customer, "lastName", last);
  json_object_set_string_member (customer, "displayName", display);
  json_object_set_string_member (customer, "email", email);
  json_object_set_string_member (customer, "phone", phone);
  g_ptr_array_add (store->customers, customer);
  _bmd_sim_store_add_customer_id (store, customer);
  return customer;
}

void
_bmd_sim_store_number_fields (BmdSimStore *store,
                              JsonObject  *node,
                              gint64       created)
{
  JsonArray *fields = json_object_get_array_member (node, "metafields");
  JsonArray *items = json_object_get_array_member (node, "lineItems");

  for (guint i = 0; fields != NULL && i < json_array_get_length (fields); i++)
    {
      JsonObject *field = json_array_get_object_element (fields, i);
      g_autofree char *gid = NULL;

      if (json_object_has_member (field, "id"))
        continue;
      gid = g_strdup_printf ("gid://shopify/Metafield/%" G_GINT64_FORMAT,
                             FIELD_ID_BASE + store->next_field++);
      json_object_set_string_member (field, "id", gid);
      _bmd_sim_set_time_member (field, "createdAt", created);
      _bmd_sim_set_time_member (field, "updatedAt", created);
    }
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      g_autofree char *gid = NULL;

      if (json_object_has_member (item, "id"))
        continue;
      gid = g_strdup_printf ("gid://shopify/LineItem/%" G_GINT64_FORMAT,
                             ITEM_ID_BASE + store->next_item++);
      json_object_set_string_member (item, "id", gid);
    }
}

/* Gives a new order its id and number; ids grow with creation, as Shopify's. */
BmdSimOrder *
_bmd_sim_store_adopt_node (BmdSimStore *store,
                           JsonObject  *node,
                           gint64       created,
                           gint64       updated,
                           gint64       processed)
{
  BmdSimOrder *order = g_new0 (BmdSimOrder, 1);
  g_autofree char *gid = NULL;
  g_autofree char *legacy = NULL;
  g_autofree char *name = NULL;
  gint64 number = store->next_order++;

  order->id = MAX (ORDER_ID_BASE + (number - 1000) * 1000 + g_rand_int_range (store->rand, 0, 1000),
                   store->last_order_id + 1);
  store->last_order_id = order->id;
  order->node = node;
  gid = g_strdup_printf ("gid://shopify/Order/%" G_GINT64_FORMAT, order->id);
  legacy = g_strdup_printf ("%" G_GINT64_FORMAT, order->id);
  json_object_set_string_member (node, "id", gid);
  json_object_set_string_member (node, "legacyResourceId", legacy);
  if (!json_object_has_member (node, "name"))
    {
      name = g_strdup_printf ("#%" G_GINT64_FORMAT, number);
      json_object_set_string_member (node, "name", name);
    }
  order->times[BMD_SIM_SORT_CREATED_AT] = created;
  order->times[BMD_SIM_SORT_UPDATED_AT] = updated;
  order->times[BMD_SIM_SORT_PROCESSED_AT] = processed;
  _bmd_sim_set_time_member (node, "createdAt", created);
  _bmd_sim_set_time_member (node, "updatedAt", updated);
  _bmd_sim_set_time_member (node, "processedAt", processed);
  _bmd_sim_store_number_fields (store, node, created);
  _bmd_sim_store_index (store, order);
  return order;
}

BmdSimStore *
bmd_sim_store_new (guint64      seed,
                   const GDate *around,
                   gint64       now)
{
  BmdSimStore *store = g_new0 (BmdSimStore, 1);
  guint32 words[2] = { (guint32) seed, (guint32) (seed >> 32) };

  store->rand = g_rand_new_with_seed_array (words, 2);
  store->shop_tz = g_time_zone_new_identifier ("America/Chicago");
  if (store->shop_tz == NULL)
    store->shop_tz = g_time_zone_new_utc ();
  if (around != NULL && g_date_valid (around))
    store->around = *around;
  else
    {
      g_autoptr(GDateTime) n = g_date_time_new_from_unix_utc (now);

      g_date_set_dmy (&store->around, g_date_time_get_day_of_month (n),
                      g_date_time_get_month (n), g_date_time_get_year (n));
    }
  store->orders = g_ptr_array_new_with_free_func (order_free);
  store->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  store->customers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  store->customer_ids = g_hash_table_new (g_str_hash, g_str_equal);
  store->next_order = 1001;
  store->last_order_id = 0;

  store->shop = json_object_new ();
  json_object_set_string_member (store->shop, "id", "gid://shopify/Shop/48123456789");
  json_object_set_string_member (store->shop, "name", "Organic Bakery Austin");
  json_object_set_string_member (store->shop, "ianaTimezone", "America/Chicago");
  json_object_set_string_member (store->shop, "timezoneAbbreviation", "CST");
  json_object_set_string_member (store->shop, "currencyCode", "USD");
  json_object_set_string_member (store->shop, "email", "hello@organicbakeryaustin.example");
  json_object_set_string_member (store->shop, "myshopifyDomain", "organic-bakery-austin.myshopify.com");
  return store;
}

void
bmd_sim_store_free (BmdSimStore *store)
{
  if (store == NULL)
    return;
  _bmd_sim_store_invalidate (store);
  g_hash_table_unref (store->by_id);
  g_ptr_array_unref (store->orders);
  g_hash_table_unref (store->customer_ids);
  g_ptr_array_unref (store->customers);
  json_object_unref (store->shop);
  g_time_zone_unref (store->shop_tz);
  g_rand_free (store->rand);
  g_free (store);
}

guint
bmd_sim_store_get_count (BmdSimStore *store)
{
  return store->orders->len;
}

BmdSimOrder *
bmd_sim_store_lookup (BmdSimStore *store,
                      gint64       id)
{
  return g_hash_table_lookup (store->by_id, &id);
}

BmdSimOrder *
bmd_sim_store_lookup_gid (BmdSimStore *store,
                          const char  *gid)
{
  const char *prefix = "gid://shopify/Order/";
  char *end = NULL;
  gint64 id;

  if (gid == NULL || !g_str_has_prefix (gid, prefix))
    return NULL;
  gid += strlen (prefix);
  if (!g_ascii_isdigit (*gid))
    return NULL;
  id = g_ascii_strtoll (gid, &end, 10);
  if (*end != '\0')
    return NULL;
  return bmd_sim_store_lookup (store, id);
}

gint64
bmd_sim_order_sort_value (BmdSimOrder  *order,
                          BmdSimSortKey key)
{
  return key == BMD_SIM_SORT_ID ? order->id : order->times[key];
}

static int
compare_orders (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  BmdSimOrder *oa = *(BmdSimOrder * const *) a;
  BmdSimOrder *ob = *(BmdSimOrder * const *) b;
  BmdSimSortKey key = GPOINTER_TO_INT (user_data);
  gint64 va = bmd_sim_order_sort_value (oa, key);
  gint64 vb = bmd_sim_order_sort_value (ob, key);

  if (va != vb)
    return va < vb ? -1 : 1;
  if (oa->id != ob->id)
    return oa->id < ob->id ? -1 : 1;
  return 0;
}

GPtrArray *
bmd_sim_store_get_sorted (BmdSimStore  *store,
                          BmdSimSortKey key)
{
  if (store->sorted[key] == NULL)
    {
      GPtrArray *sorted = g_ptr_array_sized_new (store->orders->len);

      for (guint i = 0; i < store->orders->len; i++)
        g_ptr_array_add (sorted, g_ptr_array_index (store->orders, i));
      g_ptr_array_sort_with_data (sorted, compare_orders, GINT_TO_POINTER (key));
      store->sorted[key] = sorted;
    }
  return store->sorted[key];
}

gboolean
bmd_sim_store_delete (BmdSimStore *store,
                      gint64       id)
{
  BmdSimOrder *order = bmd_sim_store_lookup (store, id);

  if (order == NULL)
    return FALSE;
  _bmd_sim_store_invalidate (store);
  g_hash_table_remove (store->by_id, &id);
  g_ptr_array_remove_fast (store->orders, order);
  return TRUE;
}

void
bmd_sim_store_touch (BmdSimStore *store,
                     BmdSimOrder *order,
                     gint64       now)
{
  /* updatedAt only moves forward. */
  now = MAX (now, order->times[BMD_SIM_SORT_UPDATED_AT]);
  if (order->times[BMD_SIM_SORT_UPDATED_AT] != now)
    {
      order->times[BMD_SIM_SORT_UPDATED_AT] = now;
      g_clear_pointer (&store->sorted[BMD_SIM_SORT_UPDATED_AT], g_ptr_array_unref);
    }
  _bmd_sim_set_time_member (order->node, "updatedAt", now);
}

gboolean
bmd_sim_store_cancel (BmdSimStore *store,
                      BmdSimOrder *order,
                      gint64       now)
{
  const char *status;

  if (!json_object_get_null_member (order->node, "cancelledAt") &&
      json_object_has_member (order->node, "cancelledAt"))
    return FALSE;
  status = json_object_get_string_member_with_default (order->node, "displayFinancialStatus", "");
  _bmd_sim_set_time_member (order->node, "cancelledAt", now);
  json_object_set_string_member (order->node, "cancelReason", "CUSTOMER");
  json_object_set_boolean_member (order->node, "closed", TRUE);
  if (g_str_equal (status, "PAID") || g_str_equal (status, "PARTIALLY_PAID") ||
      g_str_equal (status, "PARTIALLY_REFUNDED"))
    json_object_set_string_member (order->node, "displayFinancialStatus", "REFUNDED");
  else
    json_object_set_string_member (order->node, "displayFinancialStatus", "VOIDED");
  bmd_sim_store_touch (store, order, now);
  return TRUE;
}

void
bmd_sim_store_set_financial_status (BmdSimStore *store,
                                    BmdSimOrder *order,
                                    const char  *status,
                                    gint64       now)
{
  json_object_set_string_member (order->node, "displayFinancialStatus", status);
  if (g_str_equal (status, "PAID"))
    {
      JsonObject *total = json_object_get_object_member (order->node, "totalPriceSet");
      const char *currency = "USD";

      if (total != NULL && json_object_has_member (total, "shopMoney"))
        currency = json_object_get_string_member_with_default (
            json_object_get_object_member (total, "shopMoney"), "currencyCode", "USD");
      json_object_set_object_member (order->node, "totalOutstandingSet", _bmd_sim_money_bag ("0.00", currency));
    }
  bmd_sim_store_touch (store, order, now);
}

JsonObject *
bmd_sim_store_set_metafield (BmdSimStore *store,
                             BmdSimOrder *order,
                             const char  *ns,
                             const char  *key,
                             const char  *type,
                             const char  *value,
                             gboolean     touch,
                             gint64       now)
{
  JsonArray *fields = json_object_get_array_member (order->node, "metafields");
  JsonObject *field = NULL;

  if (fields == NULL)
    {
      fields = json_array_new ();
      json_object_set_array_member (order->node, "metafields", fields);
    }
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (f, "namespace", NULL), ns) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (f, "key", NULL), key) == 0)
        {
          field = f;
          break;
        }
    }
  if (field == NULL)
    {
      g_autofree char *gid = g_strdup_printf ("gid://shopify/Metafield/%" G_GINT64_FORMAT,
                                              FIELD_ID_BASE + store->next_field++);

      field = json_object_new ();
      json_object_set_string_member (field, "id", gid);
      json_object_set_string_member (field, "namespace", ns);
      json_object_set_string_member (field, "key", key);
      _bmd_sim_set_time_member (field, "createdAt", now);
      json_array_add_object_element (fields, field);
    }
  if (type == NULL)
    type = json_object_get_string_member_with_default (field, "type", NULL);
  if (type == NULL)
    type = g_str_equal (key, "pickup_date") ? "date_time" : "single_line_text_field";
  json_object_set_string_member (field, "type", type);
  json_object_set_string_member (field, "value", value);
  _bmd_sim_set_time_member (field, "updatedAt", now);
  if (touch)
    bmd_sim_store_touch (store, order, now);
  return field;
}

const char *
_bmd_sim_get_string (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_bmd_sim_get_object (JsonObject *object,
                     const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
_bmd_sim_get_array (JsonObject *object,
                    const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}


JsonObject *
_bmd_sim_store_find_customer (BmdSimStore *store,
                              const char  *id,
                              const char  *email)
{
  if (id != NULL)
    return g_hash_table_lookup (store->customer_ids, id);
  for (guint i = 0; i < store->customers->len; i++)
    {
      JsonObject *c = g_ptr_array_index (store->customers, i);

      if (id == NULL && email != NULL &&
          g_ascii_strcasecmp (_bmd_sim_get_string (c, "email") ? _bmd_sim_get_string (c, "email") : "", email) == 0)
        return c;
    }
  return NULL;
}

JsonObject *
bmd_sim_store_get_shop (BmdSimStore *store)
{
  return store->shop;
}
