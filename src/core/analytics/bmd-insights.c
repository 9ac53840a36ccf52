#define G_LOG_DOMAIN "bmd-insights"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bmd-insights.h"
#include "bmd-insights-private.h"
#include "bmd-key-sort-private.h"
#include "bmd-order-private.h"
#include "bmd-pickup-private.h"
#include "bmd-plan-private.h"

#define NEW_DAYS        90
#define ACTIVE_DAYS     365
#define DUE_DAYS        425
#define VIP_CAKES       3
#define FLAVOR_DAYS     365
#define RETURN_DAYS     365
#define ANNIVERSARY_DAYS 30

struct _BmdInsights
{
  GObject parent_instance;

  BmdPlan *plan;
  GDate today;
  GArray *months;          /* BmdInsightsMonth */
  GArray *customers;       /* BmdInsightsCustomer */
  GArray *anniversaries;   /* BmdInsightsAnniversary */
  GArray *flavors;         /* BmdInsightsFlavor */
  GArray *cohorts;         /* BmdInsightsCohort */
  BmdInsightsSummary summary;
  /* customer id -> index + 1 in customers, made on the first look-up:
   * no report needs it. */
  GHashTable *customer_index;
  GStringChunk *strings;   /* the flavors' lower-case names */
};

G_DEFINE_FINAL_TYPE (BmdInsights, bmd_insights, G_TYPE_OBJECT)

/* One request as the rules see it: what they read of the request and its
 * orders, gathered in one pass into an array in the order the plan's items
 * lie in memory, so that every rule after it reads this array in sequence
 * and never the orders. Nothing depends on that order: where the rules
 * name "the first" or "the latest" request, they compare days or request
 * indices. */
typedef struct
{
  gint64       value_cents;   /* the paid halves' total_price */
  gint64       open_cents;    /* an open balance's unpaid remaining half, or 0 */
  const char  *flavor;        /* the merged flavor, borrowed from the plan */
  guint        request;       /* the request's index in the plan */
  int          key;           /* local pickup day, YYYYMMDD */
  int          jd;            /* the same as a day number */
  int          lead;          /* lead days, or G_MININT when no createdAt */
  int          customer;      /* index in the accumulators, or -1: no customer */
  guint8       sold : 1;
  guint8       past : 1;
  guint8       open_balance : 1;  /* deposit paid, remaining unpaid or missing */
} Cake;

/* What the rules read of a request's orders, gathered by read_orders (). */
typedef struct
{
  gint64      paid_cents;        /* the paid halves' total_price */
  gint64      remaining_cents;   /* the remaining half's, or 0 */
  gint64      booked_us;         /* the halves' earliest createdAt, if booked */
  /* Of the half that names the customer: the deposit, else the remaining. */
  const char *customer_id;       /* as the order has it: maybe empty */
  const BmdOrderDetails *details;
  guint64     name_key2;
  guint8      booked : 1;
  guint8      has_deposit : 1;
  guint8      deposit_paid : 1;
  guint8      remaining_paid : 1;
} Halves;

/* A customer while the rules run. Cakes are named by their day key (0: none)
 * rather than their index, so that the rules after the pass over the cakes
 * do not fetch them again. */
typedef struct
{
  const char *id;
  gint64      revenue_cents;
  const char *anniversary_flavor;
  /* The latest request in plan order (the latest pickup) names the
   * customer: its name, name keys and the half they are read from. */
  BmdOrder   *named;            /* NULL until the first cake */
  const BmdOrderDetails *details;   /* named's */
  const char *name;
  guint64     name_key;
  guint64     name_key2;
  guint       latest_request;
  guint       anniversary_request;
  int         cakes;
  int         first_sold_key;   /* 0: none */
  int         first_sold_jd;
  int         last_sold_key;
  int         next_key;         /* the first cake not past, or 0 */
  int         latest_past_sold_jd;
  int         n_past_sold;
  int         anniversary_jd;   /* 0: none */
  int         anniversary_year;
  int         anniversary_cake_year;
  gboolean    returned;
} Customer;

static void
bmd_insights_finalize (GObject *object)
{
  BmdInsights *self = (BmdInsights *)object;

  g_clear_object (&self->plan);
  g_clear_pointer (&self->months, g_array_unref);
  g_clear_pointer (&self->customers, g_array_unref);
  g_clear_pointer (&self->anniversaries, g_array_unref);
  g_clear_pointer (&self->flavors, g_array_unref);
  g_clear_pointer (&self->cohorts, g_array_unref);
  g_clear_pointer (&self->customer_index, g_hash_table_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (bmd_insights_parent_class)->finalize (object);
}

static void
bmd_insights_class_init (BmdInsightsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_insights_finalize;
}

static void
bmd_insights_init (BmdInsights *self)
{
  self->months = g_array_new (FALSE, TRUE, sizeof (BmdInsightsMonth));
  self->customers = g_array_new (FALSE, TRUE, sizeof (BmdInsightsCustomer));
  self->anniversaries = g_array_new (FALSE, TRUE, sizeof (BmdInsightsAnniversary));
  self->flavors = g_array_new (FALSE, TRUE, sizeof (BmdInsightsFlavor));
  self->cohorts = g_array_new (FALSE, TRUE, sizeof (BmdInsightsCohort));
  self->strings = g_string_chunk_new (256);
  g_date_clear (&self->today, 1);
}

/* ---- Arithmetic ---------------------------------------------------------- */

gint64
_bmd_insights_div_round (gint64 numerator,
                         gint64 denominator)
{
  gint64 quotient;
  gint64 remainder;

  g_return_val_if_fail (denominator > 0, BMD_INSIGHTS_UNDEFINED);

  quotient = numerator / denominator;
  remainder = numerator % denominator;
  /* C rounds towards zero; a remainder of at least half moves away from it. */
  if (remainder < 0 && -remainder >= denominator - -remainder)
    quotient--;
  else if (remainder > 0 && remainder >= denominator - remainder)
    quotient++;
  return quotient;
}

/* A day number (days since 1970-01-01) of a proleptic Gregorian date. */
int
_bmd_insights_day_number (int year,
                          int month,
                          int day)
{
  int y = year - (month <= 2);
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static int
key_day_number (int key)
{
  return _bmd_insights_day_number (key / 10000, key / 100 % 100, key % 100);
}

static void
set_date_from_key (GDate *date,
                   int    key)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, key % 100, key / 100 % 100, key / 10000);
}

static int
date_key (const GDate *date)
{
  return g_date_get_year (date) * 10000 + g_date_get_month (date) * 100 + g_date_get_day (date);
}

/* ---- The pass over the requests ------------------------------------------ */

/* How many orders or customers ahead a pass asks for what lies elsewhere. */
#define PREFETCH_DISTANCE 8

static BmdOrder *
any_half (const BmdPlanned *p)
{
  return p->deposit != NULL ? p->deposit : p->remaining;
}

static int
month_index (int key)
{
  return (key / 10000) * 12 + (key / 100 % 100) - 1;
}

/* @cake of @p into its customer's totals. The cakes come in any order:
 * "first", "next" and "last" compare days (a customer's requests of one day
 * share them), and the name comes from the latest request in plan order,
 * a tie in pickup going to the later request in the design's row order. */
static void
accumulate_customer (Customer         *c,
                     const Cake       *cake,
                     const BmdPlanned *p,
                     const Halves     *h)
{
  if (c->named == NULL || cake->request > c->latest_request)
    {
      c->latest_request = cake->request;
      c->named = any_half (p);
      c->details = h->details;
      c->name = p->customer_name;
      c->name_key = p->customer_name_key;
      c->name_key2 = h->name_key2;
    }
  if (!cake->past && (c->next_key == 0 || cake->key < c->next_key))
    c->next_key = cake->key;
  if (!cake->sold)
    return;
  c->cakes++;
  c->revenue_cents += cake->value_cents;
  if (c->first_sold_key == 0 || cake->key < c->first_sold_key)
    {
      c->first_sold_key = cake->key;
      c->first_sold_jd = cake->jd;
    }
  c->last_sold_key = MAX (c->last_sold_key, cake->key);
  if (cake->past)
    {
      c->n_past_sold++;
      c->latest_past_sold_jd = MAX (c->latest_past_sold_jd, cake->jd);
    }
}

/* The first pass: every order of the plan in the order the planner read
 * them, which is the order they lie in memory, each put by its item into a
 * small array. The requests name their orders from all over memory, and
 * 100,000 orders fetched in that order cost more than the rest of the
 * rules: fetched in sequence, they cost a tenth of it. */
static Halves *
read_orders (BmdRequestTable *table,
             guint            n_items)
{
  const guint *places = NULL;
  GPtrArray *orders = _bmd_request_table_get_orders (table, &places);
  Halves *halves = g_new0 (Halves, MAX (n_items, 1));
  guint i;

  for (i = 0; i < orders->len; i++)
    {
      const BmdOrder *order = g_ptr_array_index (orders, i);
      gboolean names = FALSE;
      gboolean paid;
      Halves *h;

      if (places[i] == BMD_NO_ITEM)
        continue;
      if (i + PREFETCH_DISTANCE < orders->len)
        {
          const BmdOrder *ahead = g_ptr_array_index (orders, i + PREFETCH_DISTANCE);

          /* The fields read lie from customer_id to details. */
          __builtin_prefetch (&ahead->customer_id);
          __builtin_prefetch (&ahead->details);
        }
      h = &halves[_bmd_order_place_item (places[i])];
      paid = _bmd_order_is_paid (order);
      if (paid)
        h->paid_cents += order->total_cents;
      if (order->created_us != BMD_ORDER_NO_TIME && (!h->booked || order->created_us < h->booked_us))
        {
          h->booked_us = order->created_us;
          h->booked = TRUE;
        }
      if (_bmd_order_place_is_remaining (places[i]))
        {
          h->remaining_cents = order->total_cents;
          h->remaining_paid = paid;
          names = !h->has_deposit;
        }
      else
        {
          h->has_deposit = TRUE;
          h->deposit_paid = paid;
          names = TRUE;
        }
      if (names)
        {
          h->customer_id = order->customer_id;
          h->details = order->details;
          h->name_key2 = order->customer_name_key2;
        }
    }
  return halves;
}

/* The pass over the plan, which also sums each customer's cakes: the items
 * as they lie in memory (reading the requests in request order fetched
 * them from all over it) with what read_orders () gathered of their
 * orders, and the cakes written in the items' order. */
static Cake *
read_cakes (BmdInsights     *self,
            BmdRequestTable *table,
            GArray          *customers)
{
  /* Customer ids are interned (one pointer per customer, as the planner
   * groups them): hashing the pointer spares hashing every id's text. */
  g_autoptr(GHashTable) by_pointer = g_hash_table_new (g_direct_hash, g_direct_equal);
  /* So is an empty id: told apart by its pointer, no id is read, and each
   * would be one fetch from somewhere in memory. */
  char *empty_id = g_ref_string_new_intern ("");
  guint n = _bmd_request_table_get_len (table);
  gint64 now_us = _bmd_date_time_to_us (bmd_plan_get_now (self->plan));
  g_autoptr(BmdZoneCache) cache = _bmd_zone_cache_new (bmd_plan_get_zone (self->plan));
  Cake *cakes = g_new0 (Cake, MAX (n, 1));
  g_autofree guint *place = g_new (guint, MAX (n, 1));
  const guint *order = NULL;
  const BmdPlanned *items = _bmd_request_table_get_items (table, &order);
  g_autofree Halves *halves = read_orders (table, n);
  /* The planner lays a customer's requests side by side. */
  const char *last_id = NULL;
  int last_customer = -1;
  guint i;

  for (i = 0; i < n; i++)
    place[order[i]] = i;

  for (i = 0; i < n; i++)
    {
      const BmdPlanned *p = &items[i];
      const Halves *h = &halves[i];
      const char *customer_id = h->customer_id;
      Cake cake = { 0 };

      cake.request = place[i];
      cake.key = p->day;
      cake.jd = key_day_number (p->day);
      cake.flavor = p->flavor;
      cake.sold = h->deposit_paid || h->remaining_paid;
      /* counts_until is the pickup, or the end of its local day when the
       * pickup is a date only: past once that moment has come. */
      cake.past = p->counts_until_us <= now_us;
      cake.value_cents = h->paid_cents;
      cake.open_balance = h->deposit_paid && !h->remaining_paid;
      /* A missing remaining half's cents are 0. */
      cake.open_cents = cake.open_balance ? h->remaining_cents : 0;
      cake.lead = G_MININT;
      if (h->booked)
        {
          gint32 offset = _bmd_zone_cache_offset (cache, _bmd_floor_div (h->booked_us, G_USEC_PER_SEC));

          cake.lead = cake.jd - key_day_number (_bmd_local_day_key (h->booked_us, offset));
        }

      if (customer_id != last_id)
        {
          last_id = customer_id;
          last_customer = -1;
          /* An empty id is no customer. */
          if (customer_id != NULL && customer_id != empty_id)
            {
              gpointer found = g_hash_table_lookup (by_pointer, customer_id);

              if (found == NULL)
                {
                  Customer fresh = { .id = customer_id };

                  g_array_append_val (customers, fresh);
                  found = GUINT_TO_POINTER (customers->len);
                  g_hash_table_insert (by_pointer, (gpointer) customer_id, found);
                }
              last_customer = GPOINTER_TO_INT (found) - 1;
            }
        }
      cake.customer = last_customer;
      if (cake.customer >= 0)
        accumulate_customer (&g_array_index (customers, Customer, cake.customer), &cake, p, h);
      cakes[i] = cake;
    }
  g_ref_string_release (empty_id);
  return cakes;
}

static BmdCustomerState
customer_state (const Customer *c,
                int             today_jd)
{
  int d;

  if (c->cakes == 0)
    return BMD_CUSTOMER_STATE_PROSPECT;
  if (c->n_past_sold == 0)
    return BMD_CUSTOMER_STATE_BOOKED;
  d = today_jd - c->latest_past_sold_jd;
  if (c->n_past_sold == 1 && d <= NEW_DAYS)
    return BMD_CUSTOMER_STATE_NEW;
  if (d <= ACTIVE_DAYS)
    return BMD_CUSTOMER_STATE_ACTIVE;
  if (d <= DUE_DAYS)
    return BMD_CUSTOMER_STATE_DUE;
  return BMD_CUSTOMER_STATE_LAPSED;
}

static gboolean
is_leap (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* A past sold cake's anniversary: the date D in today's or next year on the
 * cake's month and day (29 February is 28 February in other years) with
 * today < D <= today + 30. */
static void
consider_anniversary (Customer   *c,
                      const Cake *cake,
                      int         today_jd,
                      int         today_year)
{
  int month = cake->key / 100 % 100;
  int day = cake->key % 100;
  int year;

  for (year = today_year; year <= today_year + 1; year++)
    {
      int d = (month == 2 && day == 29 && !is_leap (year)) ? 28 : day;
      int jd = _bmd_insights_day_number (year, month, d);

      if (jd <= today_jd || jd > today_jd + ANNIVERSARY_DAYS)
        continue;
      /* The earliest D, then the latest cake in plan order. */
      if (c->anniversary_jd == 0 || jd < c->anniversary_jd
          || (jd == c->anniversary_jd && cake->request > c->anniversary_request))
        {
          c->anniversary_jd = jd;
          c->anniversary_request = cake->request;
          c->anniversary_flavor = cake->flavor;
          c->anniversary_cake_year = cake->key / 10000;
          c->anniversary_year = year;
        }
    }
}

static int
compare_customers (gconstpointer a,
                   gconstpointer b)
{
  const BmdInsightsCustomer *ca = a;
  const BmdInsightsCustomer *cb = b;
  int cmp;

  /* Byte order, not the locale's collation: output must not depend on the machine. */
  cmp = g_ascii_strcasecmp (ca->customer, cb->customer);
  if (cmp != 0)
    return cmp;
  cmp = strcmp (ca->customer, cb->customer);
  if (cmp != 0)
    return cmp;
  return strcmp (ca->customer_id, cb->customer_id);
}

/* Customer rows tied in their first 16 name bytes (folded), in the order
 * compare_customers () gives. */
static int
compare_tied_customers (gconstpointer a,
                        gconstpointer b)
{
  const BmdInsightsCustomer *ca = *(const BmdInsightsCustomer **) a;
  const BmdInsightsCustomer *cb = *(const BmdInsightsCustomer **) b;

  return compare_customers (ca, cb);
}

/* @rows sorted into self->customers; @name_keys holds each row's name keys
 * (bytes 0 to 7 and 8 to 15, two per row). The rows are sorted on those
 * two integers in linear time, and only rows they leave tied are compared
 * as strings: reading 10,000 customers' names, one allocation each all
 * over memory, costs more than the rest of the rules. */
static void
sort_customers (BmdInsights   *self,
                GArray        *rows,
                const guint64 *name_keys)
{
  guint n = rows->len;
  g_autofree BmdKeyed *keyed = g_new (BmdKeyed, MAX (n, 1));
  g_autofree const BmdInsightsCustomer **sorted = g_new (const BmdInsightsCustomer *, MAX (n, 1));
  guint i, end;

  /* Least significant key first; the sort is stable. */
  for (i = 0; i < n; i++)
    {
      keyed[i].key = name_keys[2 * i + 1];
      keyed[i].index = i;
    }
  _bmd_key_sort (keyed, n);
  for (i = 0; i < n; i++)
    keyed[i].key = name_keys[2 * keyed[i].index];
  _bmd_key_sort (keyed, n);

  for (i = 0; i < n; i++)
    sorted[i] = &g_array_index (rows, BmdInsightsCustomer, keyed[i].index);
  for (i = 0; i < n; i = end)
    {
      guint first = keyed[i].index;

      for (end = i + 1; end < n; end++)
        {
          guint other = keyed[end].index;

          if (name_keys[2 * other] != name_keys[2 * first] || name_keys[2 * other + 1] != name_keys[2 * first + 1])
            break;
        }
      if (end - i > 1)
        qsort (&sorted[i], end - i, sizeof *sorted, compare_tied_customers);
    }

  g_array_set_size (self->customers, n);
  for (i = 0; i < n; i++)
    g_array_index (self->customers, BmdInsightsCustomer, i) = *sorted[i];
}

static int
compare_anniversaries (gconstpointer a,
                       gconstpointer b)
{
  const BmdInsightsAnniversary *aa = a;
  const BmdInsightsAnniversary *ab = b;
  int cmp = g_date_compare (&aa->anniversary, &ab->anniversary);
  int name;

  if (cmp != 0)
    return cmp;
  name = g_ascii_strcasecmp (aa->customer, ab->customer);
  if (name != 0)
    return name;
  name = strcmp (aa->customer, ab->customer);
  if (name != 0)
    return name;
  return strcmp (aa->customer_id, ab->customer_id);
}

static int
compare_flavors (gconstpointer a,
                 gconstpointer b)
{
  const BmdInsightsFlavor *fa = a;
  const BmdInsightsFlavor *fb = b;

  if (fa->cakes != fb->cakes)
    return fa->cakes > fb->cakes ? -1 : 1;
  return strcmp (fa->flavor, fb->flavor);
}

static int
compare_cohorts (gconstpointer a,
                 gconstpointer b)
{
  const BmdInsightsCohort *ca = a;
  const BmdInsightsCohort *cb = b;

  return ca->year < cb->year ? -1 : (ca->year > cb->year);
}

static const char *
detail_or_null (const BmdOrderDetails *details,
                gsize                  offset)
{
  return details != NULL ? G_STRUCT_MEMBER (const char *, details, offset) : NULL;
}

static void
build_customers (BmdInsights *self,
                 GArray      *customers,
                 int          today_jd)
{
  g_autoptr(GArray) rows = g_array_sized_new (FALSE, FALSE, sizeof (BmdInsightsCustomer), customers->len);
  g_autofree guint64 *name_keys = g_new (guint64, 2 * MAX (customers->len, 1));
  guint i;

  g_array_set_size (rows, customers->len);
  for (i = 0; i < customers->len; i++)
    {
      const Customer *c = &g_array_index (customers, Customer, i);
      BmdInsightsCustomer *row = &g_array_index (rows, BmdInsightsCustomer, i);

      /* Full orders' details lie somewhere else in memory (a light
       * order has none): asked for a few customers ahead, the fetches
       * overlap. */
      if (i + PREFETCH_DISTANCE < customers->len)
        {
          const Customer *ahead = &g_array_index (customers, Customer, i + PREFETCH_DISTANCE);

          if (ahead->details != NULL)
            __builtin_prefetch (ahead->details);
        }
      memset (row, 0, sizeof *row);
      row->customer_id = c->id;
      row->customer = c->name;
      name_keys[2 * i] = c->name_key;
      name_keys[2 * i + 1] = c->name_key2;
      row->first_name = detail_or_null (c->details, G_STRUCT_OFFSET (BmdOrderDetails, first_name));
      row->last_name = detail_or_null (c->details, G_STRUCT_OFFSET (BmdOrderDetails, last_name));
      row->email = detail_or_null (c->details, G_STRUCT_OFFSET (BmdOrderDetails, email));
      row->phone = detail_or_null (c->details, G_STRUCT_OFFSET (BmdOrderDetails, phone));
      row->cakes = c->cakes;
      row->revenue_cents = c->revenue_cents;
      g_date_clear (&row->first_pickup, 1);
      g_date_clear (&row->last_pickup, 1);
      g_date_clear (&row->next_pickup, 1);
      if (c->first_sold_key != 0)
        set_date_from_key (&row->first_pickup, c->first_sold_key);
      if (c->last_sold_key != 0)
        set_date_from_key (&row->last_pickup, c->last_sold_key);
      if (c->next_key != 0)
        set_date_from_key (&row->next_pickup, c->next_key);
      row->state = customer_state (c, today_jd);
      row->vip = c->cakes >= VIP_CAKES;
      row->name_order = c->named;
    }
  sort_customers (self, rows, name_keys);
}

static void
build_anniversaries (BmdInsights *self,
                     GArray      *customers)
{
  guint i;

  for (i = 0; i < customers->len; i++)
    {
      const Customer *c = &g_array_index (customers, Customer, i);
      BmdInsightsAnniversary row = { 0 };

      if (c->anniversary_jd == 0)
        continue;
      row.customer_id = c->id;
      row.customer = c->name;
      g_date_clear (&row.anniversary, 1);
      g_date_set_julian (&row.anniversary, (guint32) (c->anniversary_jd + 719163));
      row.flavor = c->anniversary_flavor;
      row.years = c->anniversary_year - c->anniversary_cake_year;
      g_array_append_val (self->anniversaries, row);
    }
  g_array_sort (self->anniversaries, compare_anniversaries);
}

/* The merged flavor as the flavors table names it. */
static const char *
flavor_name (BmdInsights *self,
             const char  *flavor)
{
  g_autofree char *lower = NULL;

  if (flavor == NULL)
    return "(none)";
  lower = g_ascii_strdown (flavor, -1);
  g_strstrip (lower);
  if (*lower == '\0')
    return "(none)";
  return g_string_chunk_insert_const (self->strings, lower);
}

static void
build_flavors (BmdInsights *self,
               const Cake  *cakes,
               guint        n,
               int          today_jd)
{
  /* Flavors are interned (a few pointers for every cake): counted by
   * pointer first, and each pointer's text folded once. */
  g_autoptr(GHashTable) by_pointer = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  gsize none = 0;
  gint64 total = 0;
  guint i;

  for (i = 0; i < n; i++)
    {
      const Cake *cake = &cakes[i];

      /* (today - 365 days, today] */
      if (!cake->sold || cake->jd <= today_jd - FLAVOR_DAYS || cake->jd > today_jd)
        continue;
      if (cake->flavor == NULL)
        none++;
      else
        g_hash_table_insert (by_pointer, (gpointer) cake->flavor,
                             GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (by_pointer, cake->flavor)) + 1));
      total++;
    }

  if (none > 0)
    g_hash_table_insert (counts, (gpointer) "(none)", GSIZE_TO_POINTER (none));
  g_hash_table_iter_init (&iter, by_pointer);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = flavor_name (self, key);

      g_hash_table_insert (counts, (gpointer) name,
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (g_hash_table_lookup (counts, name))
                                             + GPOINTER_TO_SIZE (value)));
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      BmdInsightsFlavor row;

      row.flavor = key;
      row.cakes = (gint64) GPOINTER_TO_SIZE (value);
      row.share_tenths = _bmd_insights_div_round (row.cakes * 1000, total);
      g_array_append_val (self->flavors, row);
    }
  g_array_sort (self->flavors, compare_flavors);
}

static BmdInsightsCohort *
find_cohort (GArray *cohorts,
             int     year)
{
  guint i;

  for (i = 0; i < cohorts->len; i++)
    {
      if (g_array_index (cohorts, BmdInsightsCohort, i).year == year)
        return &g_array_index (cohorts, BmdInsightsCohort, i);
    }
  g_array_set_size (cohorts, cohorts->len + 1);
  g_array_index (cohorts, BmdInsightsCohort, cohorts->len - 1).year = year;
  return &g_array_index (cohorts, BmdInsightsCohort, cohorts->len - 1);
}

static void
build_cohorts (BmdInsights *self,
               GArray      *customers)
{
  guint i;

  for (i = 0; i < customers->len; i++)
    {
      const Customer *c = &g_array_index (customers, Customer, i);
      BmdInsightsCohort *cohort;

      if (c->first_sold_key == 0)
        continue;
      cohort = find_cohort (self->cohorts, c->first_sold_key / 10000);
      cohort->customers++;
      cohort->returned += c->returned ? 1 : 0;
      cohort->cakes += c->cakes;
    }
  g_array_sort (self->cohorts, compare_cohorts);
  for (i = 0; i < self->cohorts->len; i++)
    {
      BmdInsightsCohort *cohort = &g_array_index (self->cohorts, BmdInsightsCohort, i);

      cohort->rate_tenths = _bmd_insights_div_round (cohort->returned * 1000, cohort->customers);
      cohort->cakes_per_customer_hundredths = _bmd_insights_div_round (cohort->cakes * 100, cohort->customers);
    }
}

static void
build_months (BmdInsights *self,
              GArray      *customers,
              const Cake  *cakes,
              guint        n)
{
  /* Every sold cake's lead days keyed by month, sorted at once in linear
   * time: each month's median is then the middle of its run. */
  g_autofree BmdKeyed *leads = g_new (BmdKeyed, MAX (n, 1));
  g_autofree BmdKeyed *returning = g_new (BmdKeyed, MAX (n, 1));
  guint n_leads = 0;
  guint n_returning = 0;
  int first = G_MAXINT, last = G_MININT;
  guint n_months;
  guint i;

  for (i = 0; i < n; i++)
    {
      first = MIN (first, month_index (cakes[i].key));
      last = MAX (last, month_index (cakes[i].key));
    }
  if (n == 0)
    return;

  n_months = (guint) (last - first + 1);
  g_array_set_size (self->months, n_months);
  for (i = 0; i < n_months; i++)
    {
      BmdInsightsMonth *month = &g_array_index (self->months, BmdInsightsMonth, i);

      month->year = (first + (int) i) / 12;
      month->month = (first + (int) i) % 12 + 1;
      month->median_lead_days = BMD_INSIGHTS_UNDEFINED;
    }

  for (i = 0; i < n; i++)
    {
      const Cake *cake = &cakes[i];
      int m = month_index (cake->key) - first;
      BmdInsightsMonth *month = &g_array_index (self->months, BmdInsightsMonth, m);

      if (!cake->sold)
        {
          month->unpaid++;
          continue;
        }
      month->cakes++;
      month->revenue_cents += cake->value_cents;
      if (cake->lead != G_MININT)
        {
          leads[n_leads].key = (guint64) m << 32 | (guint32) (cake->lead ^ G_MININT);
          leads[n_leads].index = (guint) m;
          n_leads++;
        }
      if (cake->customer >= 0
          && month_index (g_array_index (customers, Customer, cake->customer).first_sold_key) - first < m)
        {
          returning[n_returning].key = (guint64) m << 32 | (guint32) cake->customer;
          returning[n_returning].index = (guint) m;
          n_returning++;
        }
    }

  /* A customer with several cakes in a month returned once that month:
   * the pairs sorted, each counts where it differs from the one before. */
  _bmd_key_sort (returning, n_returning);
  for (i = 0; i < n_returning; i++)
    {
      if (i == 0 || returning[i].key != returning[i - 1].key)
        g_array_index (self->months, BmdInsightsMonth, returning[i].index).returning_customers++;
    }

  for (i = 0; i < customers->len; i++)
    {
      const Customer *c = &g_array_index (customers, Customer, i);

      if (c->first_sold_key != 0)
        g_array_index (self->months, BmdInsightsMonth, month_index (c->first_sold_key) - first).new_customers++;
    }

  _bmd_key_sort (leads, n_leads);
  for (i = 0; i < n_leads;)
    {
      guint m = leads[i].index;
      guint end;

      for (end = i + 1; end < n_leads && leads[end].index == m; end++)
        ;
      /* The lower middle value for an even count. */
      g_array_index (self->months, BmdInsightsMonth, m).median_lead_days =
        (int) ((guint32) leads[i + (end - i - 1) / 2].key ^ (guint32) G_MININT);
      i = end;
    }

  for (i = 0; i < n_months; i++)
    {
      BmdInsightsMonth *month = &g_array_index (self->months, BmdInsightsMonth, i);

      month->average_cents = month->cakes > 0
        ? _bmd_insights_div_round (month->revenue_cents, month->cakes) : BMD_INSIGHTS_UNDEFINED;
    }
}

static void
build_summary (BmdInsights *self,
               GArray      *customers,
               const Cake  *cakes,
               guint        n)
{
  BmdInsightsSummary *s = &self->summary;
  int this_month, last_year;
  gint64 buyers = 0, repeaters = 0;
  guint i;

  s->year = g_date_get_year (&self->today);
  s->month = g_date_get_month (&self->today);
  s->last_year_year = s->year - 1;
  s->last_year_month = s->month;
  this_month = s->year * 12 + s->month - 1;
  last_year = this_month - 12;

  for (i = 0; i < n; i++)
    {
      const Cake *cake = &cakes[i];
      int m = month_index (cake->key);

      if (cake->sold && m == this_month)
        {
          s->cakes++;
          s->revenue_cents += cake->value_cents;
        }
      else if (cake->sold && m == last_year)
        {
          s->last_year_cakes++;
          s->last_year_revenue_cents += cake->value_cents;
        }
      /* Not past, deposit paid, remaining half unpaid or missing. */
      if (!cake->past && cake->open_balance)
        {
          s->open_balances++;
          s->open_balance_cents += cake->open_cents;
        }
    }

  for (i = 0; i < customers->len; i++)
    {
      const Customer *c = &g_array_index (customers, Customer, i);

      buyers += c->cakes >= 1;
      repeaters += c->cakes >= 2;
    }
  s->repeat_rate_tenths = buyers > 0 ? _bmd_insights_div_round (repeaters * 1000, buyers) : BMD_INSIGHTS_UNDEFINED;
}

BmdInsights *
bmd_insights_new (BmdPlan *plan)
{
  g_autoptr(BmdInsights) self = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  g_autoptr(GArray) customers = g_array_new (FALSE, FALSE, sizeof (Customer));
  g_autofree Cake *cakes = NULL;
  BmdRequestTable *table;
  int today_jd;
  guint n;
  guint i;

  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);

  self = g_object_new (BMD_TYPE_INSIGHTS, NULL);
  self->plan = g_object_ref (plan);
  now_local = g_date_time_to_timezone (bmd_plan_get_now (plan), bmd_plan_get_zone (plan));
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now_local),
                  g_date_time_get_month (now_local), g_date_time_get_year (now_local));
  today_jd = key_day_number (date_key (&self->today));

  table = _bmd_plan_get_request_table (plan);
  n = _bmd_request_table_get_len (table);
  cakes = read_cakes (self, table, customers);

  /* What needs each customer's totals first: returns within a year of the
   * first sold cake, and anniversaries of customers with nothing to come. */
  for (i = 0; i < n; i++)
    {
      const Cake *cake = &cakes[i];
      Customer *c;

      if (cake->customer < 0 || !cake->sold)
        continue;
      c = &g_array_index (customers, Customer, cake->customer);
      if (cake->jd - c->first_sold_jd >= 1 && cake->jd - c->first_sold_jd <= RETURN_DAYS)
        c->returned = TRUE;
      if (cake->past && c->next_key == 0)
        consider_anniversary (c, cake, today_jd, g_date_get_year (&self->today));
    }

  build_months (self, customers, cakes, n);
  build_summary (self, customers, cakes, n);
  build_flavors (self, cakes, n, today_jd);
  build_cohorts (self, customers);
  build_anniversaries (self, customers);
  build_customers (self, customers, today_jd);
  return g_steal_pointer (&self);
}

static void
new_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, bmd_insights_new (task_data), g_object_unref);
}

void
bmd_insights_new_async (BmdPlan             *plan,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BMD_IS_PLAN (plan));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bmd_insights_new_async);
  g_task_set_task_data (task, g_object_ref (plan), g_object_unref);
  g_task_run_in_thread (task, new_in_thread);
}

BmdInsights *
bmd_insights_new_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == bmd_insights_new_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

BmdPlan *
bmd_insights_get_plan (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return self->plan;
}

const GDate *
bmd_insights_get_today (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return &self->today;
}

GArray *
bmd_insights_get_months (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return self->months;
}

GArray *
bmd_insights_get_customers (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return self->customers;
}

const BmdInsightsCustomer *
bmd_insights_find_customer (BmdInsights *self,
                            const char  *customer_id)
{
  guint index;

  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);

  if (customer_id == NULL)
    return NULL;
  if (self->customer_index == NULL)
    {
      guint i;

      self->customer_index = g_hash_table_new (g_str_hash, g_str_equal);
      for (i = 0; i < self->customers->len; i++)
        g_hash_table_insert (self->customer_index,
                             (gpointer) g_array_index (self->customers, BmdInsightsCustomer, i).customer_id,
                             GUINT_TO_POINTER (i + 1));
    }
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->customer_index, customer_id));
  return index > 0 ? &g_array_index (self->customers, BmdInsightsCustomer, index - 1) : NULL;
}

GArray *
bmd_insights_get_anniversaries (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return self->anniversaries;
}

GArray *
bmd_insights_get_flavors (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return self->flavors;
}

GArray *
bmd_insights_get_cohorts (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return self->cohorts;
}

const BmdInsightsSummary *
bmd_insights_get_summary (BmdInsights *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  return &self->summary;
}

const char *
bmd_customer_state_to_string (BmdCustomerState state)
{
  static const char * const names[] = {
    [BMD_CUSTOMER_STATE_PROSPECT] = "prospect",
    [BMD_CUSTOMER_STATE_BOOKED] = "booked",
    [BMD_CUSTOMER_STATE_NEW] = "new",
    [BMD_CUSTOMER_STATE_ACTIVE] = "active",
    [BMD_CUSTOMER_STATE_DUE] = "due",
    [BMD_CUSTOMER_STATE_LAPSED] = "lapsed",
  };

  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (names), NULL);
  return names[state];
}

const char *
_bmd_insights_cell_fixed (BmdInsightsCell *cell,
                          gint64           value,
                          guint            decimals)
{
  guint64 magnitude = value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
  guint64 unit = decimals == 1 ? 10 : 100;
  char *end = cell->text + sizeof cell->text - 1;
  char *start;

  g_return_val_if_fail (decimals == 1 || decimals == 2, "");

  if (value == BMD_INSIGHTS_UNDEFINED)
    return "";
  *end = '\0';
  start = _bmd_insights_digits_before (end, magnitude % unit, decimals);
  *--start = '.';
  start = _bmd_insights_digits_before (start, magnitude / unit, 1);
  if (value < 0)
    *--start = '-';
  return start;
}

char *
bmd_insights_format_money (gint64 cents)
{
  BmdInsightsCell cell;

  return g_strdup (_bmd_insights_cell_fixed (&cell, cents, 2));
}

char *
bmd_insights_format_tenths (gint64 tenths)
{
  BmdInsightsCell cell;

  return g_strdup (_bmd_insights_cell_fixed (&cell, tenths, 1));
}
