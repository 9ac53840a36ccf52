#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-data.h"

#include <string.h>

#define ORDER_ID_BASE    G_GINT64_CONSTANT (5900000000000)
#define CUSTOMER_ID_BASE G_GINT64_CONSTANT (7100000000000)
#define ITEM_ID_BASE     G_GINT64_CONSTANT (14200000000000)
#define FIELD_ID_BASE    G_GINT64_CONSTANT (26300000000000)
#define DAY              86400

struct _BmdSimStore
{
  GRand      *rand;
  GTimeZone  *shop_tz;
  GDate       around;
  JsonObject *shop;

  GPtrArray  *orders;       /* BmdSimOrder*, owned, any order */
  GHashTable *by_id;        /* gint64* -> BmdSimOrder* */
  GPtrArray  *sorted[BMD_SIM_N_SORTS];
  GPtrArray  *customers;    /* JsonObject*, owned */
  GHashTable *customer_ids; /* gid -> JsonObject* in customers: loading is linear */

  gint64      next_order;   /* order number, #1001 up */
  gint64      last_order_id;
  gint64      next_customer;
  gint64      next_item;
  gint64      next_field;
};

/* A generated order before it gets its number and id. */
typedef struct
{
  JsonObject *node;
  gint64      created;
  gint64      updated;
  gint64      cancelled;   /* 0: not */
  guint       seq;         /* generation order, to keep sorting stable */
} Draft;

static const char *first_names[] = {
  "Maya", "Olivia", "Liam", "Sofia", "Noah", "Emma", "Mateo", "Ava", "Lucas",
  "Isabella", "Ethan", "Camila", "James", "Harper", "Diego", "Amelia", "Grace",
  "Benjamin", "Valentina", "Henry", "Chloe", "Daniel", "Priya", "Wei", "Fatima",
  "Jorge", "Hannah", "Samuel", "Aaliyah", "Nguyen", "Zoe", "Elijah", "Lucía",
};
static const char *last_names[] = {
  "Garcia", "Johnson", "Nguyen", "Martinez", "Smith", "Patel", "Brown",
  "Hernandez", "Williams", "Lopez", "Kim", "Davis", "Rodriguez", "Miller",
  "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "O'Brien", "Castillo",
  "Chen", "Okafor", "Schmidt", "Rivera", "Foster", "Reyes", "Dubois",
};
static const char *flavors[] = {
  "lemon", "black forest", "chocolate", "vanilla bean", "red velvet",
  "strawberry", "carrot", "tres leches", "funfetti", "lemon raspberry",
  "coconut", "salted caramel", "Matcha", "pistachio",
};
static const char *themes[] = {
  "birthday", "wedding", "baby shower", "graduation", "anniversary",
  "unicorn", "dinosaurs", "Spider-Man", "floral", "quinceañera", "retirement",
  "bridal shower", "gender reveal", "Frozen", "soccer",
};
static const char *allergy_values[] = {
  "n/a", "n/a", "n/a", "", "", "none", "treenut", "peanut", "gluten", "dairy",
  "treenut, dairy", "egg", "N/A",
};
static const char *sizes[] = {
  "6\" round", "8\" round", "10\" round", "Quarter sheet", "Half sheet", "Two-tier",
};
static const int size_prices[] = { 65, 95, 135, 120, 180, 260 };
static const char *notes[] = {
  "Write \"Happy Birthday Maya\" in pink", "Pickup by dad (Tom)",
  "Please call when ready", "Extra sprinkles!", "Write \"Congrats Grad\"",
  "No writing, just flowers", "Candles included please",
};

#define PICK(store, array) ((array)[g_rand_int_range ((store)->rand, 0, G_N_ELEMENTS (array))])

static gboolean
chance (BmdSimStore *store,
        double       p)
{
  return g_rand_double (store->rand) < p;
}

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

static void
set_time_member (JsonObject *node,
                 const char *member,
                 gint64      t)
{
  g_autofree char *text = bmd_sim_format_time (t);

  json_object_set_string_member (node, member, text);
}

static JsonObject *
money_bag (const char *amount,
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

static char *
format_cents (gint64 cents)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

static void
store_index (BmdSimStore *store,
             BmdSimOrder *order)
{
  g_ptr_array_add (store->orders, order);
  g_hash_table_insert (store->by_id, &order->id, order);
  for (int k = 0; k < BMD_SIM_N_SORTS; k++)
    g_clear_pointer (&store->sorted[k], g_ptr_array_unref);
}

static void
invalidate (BmdSimStore *store)
{
  for (int k = 0; k < BMD_SIM_N_SORTS; k++)
    g_clear_pointer (&store->sorted[k], g_ptr_array_unref);
}

static const char *get_string (JsonObject *object, const char *member);

/* The gid string lives in the customer object, which the store keeps. */
static void
add_customer_id (BmdSimStore *store,
                 JsonObject  *customer)
{
  const char *id = get_string (customer, "id");

  if (id != NULL)
    g_hash_table_insert (store->customer_ids, (gpointer) id, customer);
}

static JsonObject *
new_customer (BmdSimStore *store,
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
  add_customer_id (store, customer);
  return customer;
}

static JsonObject *
generate_customer (BmdSimStore *store)
{
  const char *first = PICK (store, first_names);
  const char *last = PICK (store, last_names);
  g_autofree char *local = g_strdup_printf ("%s.%s%d", first, last,
                                            g_rand_int_range (store->rand, 1, 99));
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  char *p, *q;

  /* Keep e-mail local parts to plain lower-case ASCII. */
  for (p = q = local; *p != '\0'; p++)
    if (g_ascii_isalnum (*p) || *p == '.')
      *q++ = g_ascii_tolower (*p);
  *q = '\0';
  email = g_strdup_printf ("%s@example.com", local);
  if (chance (store, 0.85))
    phone = g_strdup_printf ("+1512555%04d", g_rand_int_range (store->rand, 0, 10000));
  return new_customer (store, first, chance (store, 0.03) ? NULL : last, email, phone);
}

static void
add_metafield (BmdSimStore *store,
               JsonArray   *fields,
               const char  *key,
               const char  *type,
               const char  *value,
               gint64       created)
{
  JsonObject *field;

  if (value == NULL)
    return;
  field = json_object_new ();
  json_object_set_string_member (field, "namespace", "custom");
  json_object_set_string_member (field, "key", key);
  json_object_set_string_member (field, "type", type);
  json_object_set_string_member (field, "value", value);
  /* The id and times are filled in when the order gets its number. */
  (void) store;
  (void) created;
  json_array_add_object_element (fields, field);
}

static char *
format_pickup (BmdSimStore *store,
               GDateTime   *pickup)
{
  double r = g_rand_double (store->rand);

  if (r < 0.80)
    return g_date_time_format (pickup, "%Y-%m-%dT%H:%M:%S%:z");
  if (r < 0.88)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (pickup);

      return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }
  if (r < 0.94)
    return g_date_time_format (pickup, "%Y-%m-%d");
  return g_date_time_format (pickup, "%Y-%m-%dT%H:%M:%S");
}

static const char *
pick_status (BmdSimStore *store,
             gboolean     deposit,
             gboolean     past)
{
  double r = g_rand_double (store->rand);

  if (deposit)
    return r < 0.90 ? "PAID" : r < 0.96 ? "PENDING" : "AUTHORIZED";
  if (past)
    return r < 0.85 ? "PAID" : "PENDING";
  return r < 0.35 ? "PAID" : r < 0.97 ? "PENDING" : "PARTIALLY_PAID";
}

typedef struct
{
  JsonObject *customer;
  char       *pickup_text;
  const char *flavor;
  const char *theme;
  const char *allergies;
  const char *size;
  gint64      total_cents;
} RequestPlan;

static Draft *
make_half (BmdSimStore *store,
           RequestPlan *plan,
           gboolean     deposit,
           gint64       created,
           gint64       limit,
           gint64       pickup,
           gint64       day_start,
           const char  *status,
           guint        seq)
{
  Draft *draft = g_new0 (Draft, 1);
  JsonObject *node = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonArray *fields = json_array_new ();
  JsonArray *tags = json_array_new ();
  JsonObject *item = json_object_new ();
  gint64 deposit_cents = (plan->total_cents / 2 / 100) * 100;
  gint64 cents = deposit ? deposit_cents : plan->total_cents - deposit_cents;
  gint64 outstanding;
  g_autofree char *amount = NULL;
  g_autofree char *outstanding_text = NULL;
  g_autofree char *pickup_text = NULL;
  const char *draft_type = deposit ? "deposit" : "remaining";
  const char *theme = plan->theme;
  const char *flavor = plan->flavor;
  const char *allergies = plan->allergies;
  gboolean past = pickup < day_start;
  gboolean paid;

  draft->node = node;
  draft->created = created;
  draft->seq = seq;

  json_object_set_string_member (item, "name",
                                 deposit ? "Custom Cake Deposit" : "Custom Cake Balance");
  json_object_set_string_member (item, "title",
                                 deposit ? "Custom Cake Deposit" : "Custom Cake Balance");
  json_object_set_int_member (item, "quantity", 1);
  json_object_set_string_member (item, "variantTitle", plan->size);
  json_object_set_string_member (item, "sku", deposit ? "CAKE-DEP" : "CAKE-BAL");
  amount = format_cents (cents);
  json_object_set_object_member (item, "originalUnitPriceSet", money_bag (amount, "USD"));
  json_array_add_object_element (items, item);
  if (!deposit && chance (store, 0.2))
    {
      JsonObject *extra = json_object_new ();
      gint64 qty = g_rand_int_range (store->rand, 1, 3);
      gboolean candles = chance (store, 0.5);

      json_object_set_string_member (extra, "name", candles ? "Number Candles" : "Cake Topper");
      json_object_set_string_member (extra, "title", candles ? "Number Candles" : "Cake Topper");
      json_object_set_int_member (extra, "quantity", qty);
      json_object_set_null_member (extra, "variantTitle");
      json_object_set_string_member (extra, "sku", candles ? "CANDLE-NUM" : "TOPPER");
      g_free (amount);
      amount = g_strdup (candles ? "4.50" : "12.00");
      json_object_set_object_member (extra, "originalUnitPriceSet", money_bag (amount, "USD"));
      json_array_add_object_element (items, extra);
      cents += qty * (candles ? 450 : 1200);
    }

  /* The odd bad or inconsistent value, so problems have something to find. */
  if (chance (store, 0.03))
    draft_type = deposit ? (chance (store, 0.5) ? "Deposit" : " deposit ") : "REMAINING";
  if (chance (store, 0.008))
    draft_type = chance (store, 0.5) ? "balance" : "full";
  if (chance (store, 0.10))
    theme = chance (store, 0.5) ? "" : "forgot";
  if (chance (store, 0.03))
    flavor = PICK (store, flavors);
  if (chance (store, 0.08))
    allergies = PICK (store, allergy_values);

  pickup_text = g_strdup (plan->pickup_text);
  if (chance (store, 0.01))
    {
      g_free (pickup_text);
      pickup_text = g_strdup (chance (store, 0.5) ? "next friday" : "2026-13-45T25:00:00");
    }
  else if (chance (store, 0.008))
    g_clear_pointer (&pickup_text, g_free);

  add_metafield (store, fields, "draft_type", "single_line_text_field", draft_type, created);
  add_metafield (store, fields, "pickup_date", "date_time", pickup_text, created);
  add_metafield (store, fields, "flavor", "single_line_text_field", flavor, created);
  add_metafield (store, fields, "theme", "single_line_text_field", theme, created);
  add_metafield (store, fields, "allergies", "single_line_text_field", allergies, created);

  paid = g_str_equal (status, "PAID");
  outstanding = paid ? 0 : g_str_equal (status, "PARTIALLY_PAID") ? cents / 2 : cents;
  g_free (amount);
  amount = format_cents (cents);
  outstanding_text = format_cents (outstanding);

  set_time_member (node, "createdAt", created);
  set_time_member (node, "processedAt", created);
  json_object_set_null_member (node, "cancelledAt");
  json_object_set_null_member (node, "cancelReason");
  json_object_set_boolean_member (node, "test", FALSE);
  json_object_set_string_member (node, "displayFinancialStatus", status);
  json_object_set_string_member (node, "displayFulfillmentStatus",
                                 past && paid ? "FULFILLED" : "UNFULFILLED");
  json_object_set_boolean_member (node, "closed", past && paid);
  json_object_set_string_member (node, "currencyCode", "USD");
  json_object_set_object_member (node, "totalPriceSet", money_bag (amount, "USD"));
  json_object_set_object_member (node, "totalOutstandingSet", money_bag (outstanding_text, "USD"));
  if (chance (store, 0.25))
    json_object_set_string_member (node, "note", PICK (store, notes));
  else
    json_object_set_null_member (node, "note");
  json_array_add_string_element (tags, "custom-cake");
  json_array_add_string_element (tags, deposit ? "deposit" : "remaining");
  json_object_set_array_member (node, "tags", tags);
  if (plan->customer != NULL)
    {
      json_object_set_object_member (node, "customer", json_object_ref (plan->customer));
      json_object_set_member (node, "email",
                              json_node_copy (json_object_get_member (plan->customer, "email")));
    }
  else
    {
      json_object_set_null_member (node, "customer");
      json_object_set_null_member (node, "email");
    }
  json_object_set_array_member (node, "lineItems", items);
  json_object_set_array_member (node, "metafields", fields);

  /* Some orders change later (a payment, a note), so updated_at windows
   * matter; never past the limit the caller gives. */
  draft->updated = created + g_rand_int_range (store->rand, 0, 120);
  if (limit > created && chance (store, 0.25))
    draft->updated = created + (gint64) (g_rand_double (store->rand) * (limit - created));
  if (draft->updated > limit)
    draft->updated = MAX (created, limit);
  return draft;
}

static void
cancel_draft (BmdSimStore *store,
              Draft       *draft,
              gint64       limit)
{
  JsonObject *node = draft->node;
  const char *status = json_object_get_string_member (node, "displayFinancialStatus");
  gint64 span = MAX (limit - draft->created, 1);

  draft->cancelled = draft->created + (gint64) (g_rand_double (store->rand) * span);
  draft->cancelled = MIN (draft->cancelled, MAX (limit, draft->created));
  draft->updated = MAX (draft->updated, draft->cancelled);
  json_object_set_string_member (node, "cancelReason",
                                 chance (store, 0.7) ? "CUSTOMER" : "OTHER");
  json_object_set_string_member (node, "displayFinancialStatus",
                                 g_str_equal (status, "PAID") ? "REFUNDED" : "VOIDED");
  json_object_set_boolean_member (node, "closed", TRUE);
}

/* Generates one customer request (usually two drafts). With @now_mode the
 * orders are created at @now with pickups in the coming weeks. */
static void
generate_request (BmdSimStore *store,
                  GPtrArray   *drafts,
                  gboolean     now_mode,
                  gint64       now,
                  JsonObject **last_customer,
                  GDate       *last_day)
{
  RequestPlan plan = { 0 };
  g_autoptr(GDateTime) pickup_dt = NULL;
  GDate day;
  int hour, minute, size;
  gint64 pickup, created, limit, day_start, around_start;
  double r;
  gboolean want_deposit = TRUE, want_remaining = TRUE;
  Draft *dep = NULL, *rem = NULL;

  {
    g_autoptr(GDateTime) a = g_date_time_new (store->shop_tz,
                                              g_date_get_year (&store->around),
                                              g_date_get_month (&store->around),
                                              g_date_get_day (&store->around), 0, 0, 0);
    around_start = g_date_time_to_unix (a);
  }

  r = g_rand_double (store->rand);
  if (r < 0.02)
    plan.customer = NULL;
  else if (r < 0.14 && *last_customer != NULL)
    plan.customer = *last_customer;
  else
    plan.customer = generate_customer (store);

  if (now_mode)
    {
      g_autoptr(GDateTime) n = g_date_time_new_from_unix_utc (now);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (n, store->shop_tz);

      g_date_set_dmy (&day, g_date_time_get_day_of_month (local),
                      g_date_time_get_month (local), g_date_time_get_year (local));
      g_date_add_days (&day, g_rand_int_range (store->rand, 2, 31));
    }
  else if (plan.customer != NULL && plan.customer == *last_customer &&
           g_date_valid (last_day) && chance (store, 0.5))
    day = *last_day;
  else
    {
      int offset = g_rand_int_range (store->rand, -45, 31);

      day = store->around;
      if (offset >= 0)
        g_date_add_days (&day, offset);
      else
        g_date_subtract_days (&day, -offset);
    }
  *last_customer = plan.customer;
  *last_day = day;

  hour = g_rand_int_range (store->rand, 9, 18);
  minute = chance (store, 0.5) ? 0 : 30;
  pickup_dt = g_date_time_new (store->shop_tz, g_date_get_year (&day), g_date_get_month (&day),
                               g_date_get_day (&day), hour, minute, 0);
  pickup = g_date_time_to_unix (pickup_dt);
  plan.pickup_text = format_pickup (store, pickup_dt);
  plan.flavor = PICK (store, flavors);
  plan.theme = PICK (store, themes);
  plan.allergies = PICK (store, allergy_values);
  size = g_rand_int_range (store->rand, 0, G_N_ELEMENTS (sizes));
  plan.size = sizes[size];
  plan.total_cents = (size_prices[size] + g_rand_int_range (store->rand, 0, 9) * 5) * 100;

  if (now_mode)
    {
      created = now;
      limit = now;
      day_start = now;
    }
  else
    {
      /* Created ahead of the pickup, and before the day before "around", so
       * nothing is created in the future when "around" is today. */
      gint64 cap = around_start - DAY - g_rand_int_range (store->rand, 0, DAY);

      created = pickup - (gint64) g_rand_int_range (store->rand, 3, 45) * DAY -
                g_rand_int_range (store->rand, 0, DAY);
      created = MIN (created, cap);
      limit = MIN (pickup, cap);
      day_start = around_start;
    }

  r = g_rand_double (store->rand);
  if (r < 0.04)
    want_remaining = FALSE;
  else if (r < 0.06)
    want_deposit = FALSE;

  if (want_deposit)
    {
      dep = make_half (store, &plan, TRUE, created, limit, pickup, day_start,
                       pick_status (store, TRUE, pickup < day_start), drafts->len);
      g_ptr_array_add (drafts, dep);
    }
  if (want_remaining)
    {
      gint64 rem_created = now_mode ? now
                         : MIN (created + g_rand_int_range (store->rand, 300, 3 * DAY), limit);

      rem_created = MAX (rem_created, created);
      rem = make_half (store, &plan, FALSE, rem_created, limit, pickup, day_start,
                       pick_status (store, FALSE, pickup < day_start), drafts->len);
      g_ptr_array_add (drafts, rem);
    }

  if (!now_mode)
    {
      r = g_rand_double (store->rand);
      if (r < 0.02)
        {
          if (dep != NULL)
            cancel_draft (store, dep, limit);
          if (rem != NULL)
            cancel_draft (store, rem, limit);
        }
      else if (r < 0.05)
        {
          Draft *victim = rem != NULL && chance (store, 0.5) ? rem : dep;

          if (victim != NULL)
            cancel_draft (store, victim, limit);
        }
      else if (r < 0.07 && dep != NULL &&
               g_str_equal (json_object_get_string_member (dep->node, "displayFinancialStatus"), "PAID"))
        json_object_set_string_member (dep->node, "displayFinancialStatus", "PARTIALLY_REFUNDED");
    }

  g_free (plan.pickup_text);
}

static int
compare_drafts (gconstpointer a,
                gconstpointer b)
{
  const Draft *da = *(Draft * const *) a;
  const Draft *db = *(Draft * const *) b;

  if (da->created != db->created)
    return da->created < db->created ? -1 : 1;
  return (int) da->seq - (int) db->seq;
}

static void
number_fields (BmdSimStore *store,
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
      set_time_member (field, "createdAt", created);
      set_time_member (field, "updatedAt", created);
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
static BmdSimOrder *
adopt_node (BmdSimStore *store,
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
  set_time_member (node, "createdAt", created);
  set_time_member (node, "updatedAt", updated);
  set_time_member (node, "processedAt", processed);
  number_fields (store, node, created);
  store_index (store, order);
  return order;
}

static void
adopt_drafts (BmdSimStore *store,
              GPtrArray   *drafts,
              gint64       now)
{
  g_ptr_array_sort (drafts, compare_drafts);
  for (guint i = 0; i < drafts->len; i++)
    {
      Draft *draft = g_ptr_array_index (drafts, i);
      gint64 created = MIN (draft->created, now);
      gint64 updated = MIN (MAX (draft->updated, created), now);

      if (draft->cancelled != 0)
        set_time_member (draft->node, "cancelledAt", MIN (draft->cancelled, now));
      adopt_node (store, draft->node, created, updated, created);
      g_free (draft);
    }
  g_ptr_array_set_size (drafts, 0);
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
  invalidate (store);
  g_hash_table_unref (store->by_id);
  g_ptr_array_unref (store->orders);
  g_hash_table_unref (store->customer_ids);
  g_ptr_array_unref (store->customers);
  json_object_unref (store->shop);
  g_time_zone_unref (store->shop_tz);
  g_rand_free (store->rand);
  g_free (store);
}

void
bmd_sim_store_generate (BmdSimStore *store,
                        guint        requests,
                        gint64       now)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new ();
  JsonObject *last_customer = NULL;
  GDate last_day;

  g_date_clear (&last_day, 1);
  for (guint i = 0; i < requests; i++)
    generate_request (store, drafts, FALSE, now, &last_customer, &last_day);
  adopt_drafts (store, drafts, now);
}

void
bmd_sim_store_add_requests (BmdSimStore *store,
                            guint        count,
                            gint64       now)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new ();
  JsonObject *last_customer = NULL;
  GDate last_day;

  g_date_clear (&last_day, 1);
  for (guint i = 0; i < count; i++)
    generate_request (store, drafts, TRUE, now, &last_customer, &last_day);
  for (guint i = 0; i < drafts->len; i++)
    ((Draft *) g_ptr_array_index (drafts, i))->updated = now;
  adopt_drafts (store, drafts, now);
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
  invalidate (store);
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
  set_time_member (order->node, "updatedAt", now);
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
  set_time_member (order->node, "cancelledAt", now);
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
      json_object_set_object_member (order->node, "totalOutstandingSet", money_bag ("0.00", currency));
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
      set_time_member (field, "createdAt", now);
      json_array_add_object_element (fields, field);
    }
  if (type == NULL)
    type = json_object_get_string_member_with_default (field, "type", NULL);
  if (type == NULL)
    type = g_str_equal (key, "pickup_date") ? "date_time" : "single_line_text_field";
  json_object_set_string_member (field, "type", type);
  json_object_set_string_member (field, "value", value);
  set_time_member (field, "updatedAt", now);
  if (touch)
    bmd_sim_store_touch (store, order, now);
  return field;
}

static const char *
get_string (JsonObject *object,
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

static JsonObject *
get_object (JsonObject *object,
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

static JsonArray *
get_array (JsonObject *object,
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

static JsonObject *
find_customer (BmdSimStore *store,
               const char  *id,
               const char  *email)
{
  if (id != NULL)
    return g_hash_table_lookup (store->customer_ids, id);
  for (guint i = 0; i < store->customers->len; i++)
    {
      JsonObject *c = g_ptr_array_index (store->customers, i);

      if (id == NULL && email != NULL &&
          g_ascii_strcasecmp (get_string (c, "email") ? get_string (c, "email") : "", email) == 0)
        return c;
    }
  return NULL;
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
  JsonArray *in_items = get_array (input, "lineItems");
  JsonArray *in_fields = get_array (input, "metafields");
  JsonObject *in_customer = get_object (input, "customer");
  JsonObject *customer = NULL;
  JsonArray *items, *fields, *tags;
  const char *status = get_string (input, "financialStatus");
  const char *currency = get_string (input, "currency");
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
  if (get_string (input, "processedAt") != NULL &&
      !bmd_sim_parse_time (store, get_string (input, "processedAt"), &processed, NULL))
    {
      *message = g_strdup ("Processed at is invalid.");
      *field = g_strdup ("processedAt");
      return NULL;
    }
  processed = MIN (processed, now);

  if (in_customer != NULL)
    {
      JsonObject *assoc = get_object (in_customer, "toAssociate");
      JsonObject *upsert = get_object (in_customer, "toUpsert");

      if (assoc != NULL)
        {
          customer = find_customer (store, get_string (assoc, "id"), get_string (assoc, "email"));
          if (customer == NULL)
            {
              *message = g_strdup ("Customer does not exist.");
              *field = g_strdup ("customer.toAssociate.id");
              return NULL;
            }
        }
      else if (upsert != NULL)
        {
          const char *email = get_string (upsert, "email");

          customer = find_customer (store, get_string (upsert, "id"), email);
          if (customer == NULL && get_string (upsert, "id") != NULL)
            {
              *message = g_strdup ("Customer does not exist.");
              *field = g_strdup ("customer.toUpsert.id");
              return NULL;
            }
          if (customer == NULL)
            customer = new_customer (store, get_string (upsert, "firstName"),
                                     get_string (upsert, "lastName"), email,
                                     get_string (upsert, "phone"));
        }
    }

  node = json_object_new ();
  items = json_array_new ();
  for (guint i = 0; i < json_array_get_length (in_items); i++)
    {
      JsonObject *in = json_array_get_object_element (in_items, i);
      JsonObject *item = json_object_new ();
      JsonObject *shop_money = get_object (get_object (in, "priceSet"), "shopMoney");
      gint64 qty = in != NULL && json_object_has_member (in, "quantity")
                   ? json_object_get_int_member (in, "quantity") : 1;
      gint64 cents = 0;
      const char *title = get_string (in, "title");
      g_autofree char *unit = NULL;

      if (shop_money != NULL)
        {
          parse_cents (json_object_get_member (shop_money, "amount"), &cents);
          if (currency == NULL)
            currency = get_string (shop_money, "currencyCode");
        }
      if (title == NULL)
        title = "Custom item";
      json_object_set_string_member (item, "name", title);
      json_object_set_string_member (item, "title", title);
      json_object_set_int_member (item, "quantity", qty);
      json_object_set_string_member (item, "variantTitle", get_string (in, "variantTitle"));
      json_object_set_string_member (item, "sku", get_string (in, "sku"));
      unit = format_cents (cents);
      json_object_set_object_member (item, "originalUnitPriceSet",
                                     money_bag (unit, currency ? currency : "USD"));
      json_array_add_object_element (items, item);
      total += cents * MAX (qty, 0);
    }
  if (currency == NULL)
    currency = "USD";
  outstanding = g_str_equal (status, "PAID") || g_str_equal (status, "REFUNDED") ||
                g_str_equal (status, "PARTIALLY_REFUNDED") || g_str_equal (status, "VOIDED")
                ? 0 : total;
  amount = format_cents (total);
  outstanding_text = format_cents (outstanding);

  fields = json_array_new ();
  for (guint i = 0; in_fields != NULL && i < json_array_get_length (in_fields); i++)
    {
      JsonObject *in = json_array_get_object_element (in_fields, i);
      JsonObject *f;

      if (get_string (in, "key") == NULL || get_string (in, "value") == NULL)
        continue;
      f = json_object_new ();
      json_object_set_string_member (f, "namespace",
                                     get_string (in, "namespace") ? get_string (in, "namespace") : "custom");
      json_object_set_string_member (f, "key", get_string (in, "key"));
      json_object_set_string_member (f, "type",
                                     get_string (in, "type") ? get_string (in, "type") : "single_line_text_field");
      json_object_set_string_member (f, "value", get_string (in, "value"));
      json_array_add_object_element (fields, f);
    }
  tags = json_array_new ();
  for (guint i = 0; get_array (input, "tags") != NULL && i < json_array_get_length (get_array (input, "tags")); i++)
    {
      JsonNode *t = json_array_get_element (get_array (input, "tags"), i);

      if (JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_STRING)
        json_array_add_string_element (tags, json_node_get_string (t));
    }

  if (get_string (input, "name") != NULL)
    json_object_set_string_member (node, "name", get_string (input, "name"));
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
  json_object_set_object_member (node, "totalPriceSet", money_bag (amount, currency));
  json_object_set_object_member (node, "totalOutstandingSet", money_bag (outstanding_text, currency));
  json_object_set_string_member (node, "note", get_string (input, "note"));
  json_object_set_array_member (node, "tags", tags);
  if (customer != NULL)
    {
      json_object_set_object_member (node, "customer", json_object_ref (customer));
      json_object_set_string_member (node, "email", get_string (customer, "email"));
    }
  else
    {
      json_object_set_null_member (node, "customer");
      json_object_set_string_member (node, "email", get_string (input, "email"));
    }
  json_object_set_array_member (node, "lineItems", items);
  json_object_set_array_member (node, "metafields", fields);

  order = adopt_node (store, node, now, now, processed);
  return order;
}

JsonObject *
bmd_sim_store_get_shop (BmdSimStore *store)
{
  return store->shop;
}

/* Turns a connection ({nodes} or {edges{node}}) or an array into an array. */
static JsonArray *
flatten_connection (JsonNode *node)
{
  JsonArray *out = json_array_new ();
  JsonObject *conn;
  JsonArray *list;

  if (node == NULL)
    return out;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      list = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *e = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_OBJECT (e))
            json_array_add_element (out, json_node_copy (e));
        }
      return out;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return out;
  conn = json_node_get_object (node);
  if ((list = get_array (conn, "nodes")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *e = json_array_get_element (list, i);

          if (JSON_NODE_HOLDS_OBJECT (e))
            json_array_add_element (out, json_node_copy (e));
        }
    }
  else if ((list = get_array (conn, "edges")) != NULL)
    {
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *edge = json_array_get_object_element (list, i);
          JsonObject *n = get_object (edge, "node");

          if (n != NULL)
            json_array_add_object_element (out, json_object_ref (n));
        }
    }
  return out;
}

static const struct
{
  const char *alias;
  const char *key;
  const char *type;
} default_fields[] = {
  { "draftType", "draft_type", "single_line_text_field" },
  { "pickupDate", "pickup_date", "date_time" },
  { "flavor", "flavor", "single_line_text_field" },
  { "theme", "theme", "single_line_text_field" },
  { "allergies", "allergies", "single_line_text_field" },
};

static gboolean
load_node (BmdSimStore *store,
           JsonObject  *in,
           gint64       now,
           GError     **error)
{
  const char *gid = get_string (in, "id");
  const char *prefix = "gid://shopify/Order/";
  JsonObject *node;
  JsonArray *fields;
  BmdSimOrder *order;
  gint64 id, times[BMD_SIM_N_SORTS] = { 0 };
  const char *names[BMD_SIM_N_SORTS] = { NULL, "updatedAt", "createdAt", "processedAt" };
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  char *end = NULL;

  if (gid == NULL || !g_str_has_prefix (gid, prefix))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "an order without an Order gid");
      return FALSE;
    }
  id = g_ascii_strtoll (gid + strlen (prefix), &end, 10);
  if (end == gid + strlen (prefix) || *end != '\0' || id <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad order id %s", gid);
      return FALSE;
    }

  node = json_object_new ();
  fields = json_array_new ();
  json_object_iter_init (&iter, in);
  while (json_object_iter_next (&iter, &member, &value))
    {
      gboolean is_alias = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (default_fields); i++)
        if (g_str_equal (member, default_fields[i].alias))
          {
            const char *v = JSON_NODE_HOLDS_OBJECT (value)
                            ? get_string (json_node_get_object (value), "value") : NULL;

            is_alias = TRUE;
            if (v != NULL)
              {
                JsonObject *f = json_object_new ();

                json_object_set_string_member (f, "namespace", "custom");
                json_object_set_string_member (f, "key", default_fields[i].key);
                json_object_set_string_member (f, "type", default_fields[i].type);
                json_object_set_string_member (f, "value", v);
                json_array_add_object_element (fields, f);
              }
          }
      if (is_alias)
        continue;
      if (g_str_equal (member, "lineItems"))
        json_object_set_array_member (node, "lineItems", flatten_connection (value));
      else if (g_str_equal (member, "metafields"))
        {
          g_autoptr(JsonArray) more = flatten_connection (value);

          for (guint i = 0; i < json_array_get_length (more); i++)
            json_array_add_element (fields, json_node_copy (json_array_get_element (more, i)));
        }
      else
        json_object_set_member (node, member, json_node_copy (value));
    }
  json_object_set_array_member (node, "metafields", fields);
  if (!json_object_has_member (node, "lineItems"))
    json_object_set_array_member (node, "lineItems", json_array_new ());

  for (int k = BMD_SIM_SORT_UPDATED_AT; k < BMD_SIM_N_SORTS; k++)
    {
      const char *text = get_string (node, names[k]);

      if (text == NULL || !bmd_sim_parse_time (store, text, &times[k], NULL))
        times[k] = k == BMD_SIM_SORT_PROCESSED_AT ? times[BMD_SIM_SORT_CREATED_AT] : now;
      times[k] = MIN (times[k], now);
    }
  times[BMD_SIM_SORT_UPDATED_AT] = MAX (times[BMD_SIM_SORT_UPDATED_AT], times[BMD_SIM_SORT_CREATED_AT]);
  for (int k = BMD_SIM_SORT_UPDATED_AT; k < BMD_SIM_N_SORTS; k++)
    set_time_member (node, names[k], times[k]);
  if (!json_object_has_member (node, "legacyResourceId"))
    {
      g_autofree char *legacy = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      json_object_set_string_member (node, "legacyResourceId", legacy);
    }
  if (!json_object_has_member (node, "name"))
    {
      g_autofree char *name = g_strdup_printf ("#%" G_GINT64_FORMAT, store->next_order++);

      json_object_set_string_member (node, "name", name);
    }
  if (get_object (node, "customer") != NULL)
    {
      JsonObject *c = get_object (node, "customer");

      if (find_customer (store, get_string (c, "id"), NULL) == NULL && get_string (c, "id") != NULL)
        {
          g_ptr_array_add (store->customers, json_object_ref (c));
          add_customer_id (store, c);
        }
    }
  number_fields (store, node, times[BMD_SIM_SORT_CREATED_AT]);

  bmd_sim_store_delete (store, id);
  order = g_new0 (BmdSimOrder, 1);
  order->id = id;
  order->node = node;
  memcpy (order->times, times, sizeof times);
  store_index (store, order);
  store->last_order_id = MAX (store->last_order_id, id);
  return TRUE;
}

gboolean
bmd_sim_store_load_jsonl (BmdSimStore *store,
                          const char  *path,
                          gint64       now,
                          GError     **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) local_error = NULL;
      JsonNode *root;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      if (!json_parser_load_from_data (parser, lines[i], -1, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: %s", path, i + 1, local_error->message);
          return FALSE;
        }
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: not a JSON object", path, i + 1);
          return FALSE;
        }
      if (!load_node (store, json_node_get_object (root), now, &local_error))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s:%u: %s", path, i + 1, local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
