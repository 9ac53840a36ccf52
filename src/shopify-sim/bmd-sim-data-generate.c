#define G_LOG_DOMAIN "bmd-sim"

/* Generating a bakery's orders: customer requests of one or two halves
 * (a deposit and the balance), spread around a day. */

#include "bmd-sim-data-private.h"

#include <string.h>

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
  return _bmd_sim_store_new_customer (store, first, chance (store, 0.03) ? NULL : last, email, phone);
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
  amount = _bmd_sim_format_cents (cents);
  json_object_set_object_member (item, "originalUnitPriceSet", _bmd_sim_money_bag (amount, "USD"));
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
      json_object_set_object_member (extra, "originalUnitPriceSet", _bmd_sim_money_bag (amount, "USD"));
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
  amount = _bmd_sim_format_cents (cents);
  outstanding_text = _bmd_sim_format_cents (outstanding);

  _bmd_sim_set_time_member (node, "createdAt", created);
  _bmd_sim_set_time_member (node, "processedAt", created);
  json_object_set_null_member (node, "cancelledAt");
  json_object_set_null_member (node, "cancelReason");
  json_object_set_boolean_member (node, "test", FALSE);
  json_object_set_string_member (node, "displayFinancialStatus", status);
  json_object_set_string_member (node, "displayFulfillmentStatus",
                                 past && paid ? "FULFILLED" : "UNFULFILLED");
  json_object_set_boolean_member (node, "closed", past && paid);
  json_object_set_string_member (node, "currencyCode", "USD");
  json_object_set_object_member (node, "totalPriceSet", _bmd_sim_money_bag (amount, "USD"));
  json_object_set_object_member (node, "totalOutstandingSet", _bmd_sim_money_bag (outstanding_text, "USD"));
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
        _bmd_sim_set_time_member (draft->node, "cancelledAt", MIN (draft->cancelled, now));
      _bmd_sim_store_adopt_node (store, draft->node, created, updated, created);
      g_free (draft);
    }
  g_ptr_array_set_size (drafts, 0);
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
