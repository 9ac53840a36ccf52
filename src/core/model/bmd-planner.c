#define G_LOG_DOMAIN "bmd-planner"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "bmd-key-sort-private.h"
#include "bmd-order-private.h"
#include "bmd-pickup-private.h"
#include "bmd-plan.h"
#include "bmd-plan-private.h"
#include "bmd-request-private.h"
#include "bmd-request-table-private.h"
#include "bmd-upcoming-rows-private.h"

#define HOURS_IN_WEEK 168
#define PROBLEM_CREATION_DAYS 90

/* ---- BmdPlan ------------------------------------------------------------- */

struct _BmdPlan
{
  GObject parent_instance;

  GDateTime *now;
  GTimeZone *zone;
  BmdRequestTable *table;
  GPtrArray *requests;   /* every request, made when first asked for */
  GPtrArray *queue;
  GListModel *upcoming;
  GPtrArray *problems;
  /* The local days that have requests, ascending: each a range of by_day. */
  GArray *days;          /* DayRange */
  /* Indices into requests, by day and then in request order; NULL when that
   * is the requests' own order (always, unless the zone's clock goes back
   * across midnight). */
  guint *by_day;
};

typedef struct
{
  int day;               /* YYYYMMDD */
  guint start;
  guint len;
} DayRange;

G_DEFINE_FINAL_TYPE (BmdPlan, bmd_plan, G_TYPE_OBJECT)

static void
bmd_plan_finalize (GObject *object)
{
  BmdPlan *self = (BmdPlan *)object;

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->table, _bmd_request_table_unref);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_object (&self->upcoming);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->by_day, g_free);

  G_OBJECT_CLASS (bmd_plan_parent_class)->finalize (object);
}

static void
bmd_plan_class_init (BmdPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_plan_finalize;
}

static void
bmd_plan_init (BmdPlan *self)
{
  self->queue = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_object_unref);
  self->days = g_array_new (FALSE, FALSE, sizeof (DayRange));
}

/* ---- Planning ------------------------------------------------------------ */

typedef enum
{
  PICKUP_MISSING,
  PICKUP_BAD,
  PICKUP_OK,
} PickupStatus;

/* An order as the planner sees it: instants as integers, so that planning
 * 100,000 orders allocates nothing per order. Kept small: 100,000 of them
 * are memory the kernel must hand over page by page. */
typedef struct
{
  BmdOrder *order;
  const char *customer_id;   /* interned: one pointer per customer */
  /* Copied from the order while the orders are read in their own order:
   * forming requests walks customers, and would otherwise fetch each order
   * from memory again. */
  const char *customer_name;
  guint64 customer_name_key;
  const char *flavor;
  const char *theme;
  const char *allergies;
  gint64 at_us;              /* the pickup, when pickup_status is PICKUP_OK */
  gint64 counts_until_us;
  int day;                   /* local pickup day, YYYYMMDD */
  guint8 pickup_status;      /* PickupStatus */
  guint8 kind;               /* sort rank inside a group: see group_kind() */
  guint8 draft;              /* BmdDraftType */
  guint8 active : 1;
  guint8 date_only : 1;
} Entry;

enum
{
  KIND_DEPOSIT,
  KIND_REMAINING,
  KIND_INACTIVE,
};

/* One customer's orders for one local day: slices of the sorted entries. */
typedef struct
{
  Entry **deposits;
  guint n_deposits;
  Entry **remainings;
  guint n_remainings;
  Entry **inactive;
  guint n_inactive;
} Group;

typedef struct
{
  BmdPlan *plan;
  BmdPlanFlags flags;
  gint64 start_of_today_us;
  gint64 problems_created_since_us;
  GArray *planned;       /* BmdPlanned */
  const Entry *entries;  /* one per order, in the orders' order */
  guint *order_places;   /* per order: its place in the planned items */
} Planner;

static int
compare_entries_by_pickup (const Entry *ea,
                           const Entry *eb)
{
  if (ea->at_us != eb->at_us)
    return ea->at_us < eb->at_us ? -1 : 1;
  /* Rare: two halves of one kind, customer and minute. */
  if (ea->order->number != eb->order->number)
    return ea->order->number < eb->order->number ? -1 : 1;
  return strcmp (ea->order->id, eb->order->id);
}

/* Customer, day, then deposits, remainings and inactive orders, each in
 * pickup-time order, then order number. */
static int
compare_grouped (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = *(const Entry **) a;
  const Entry *eb = *(const Entry **) b;

  /* Groups need only be contiguous: requests and problems are sorted
   * afterwards. Customer ids are interned, so their pointers tell customers
   * apart without reading the strings. */
  if (ea->customer_id != eb->customer_id)
    return (guintptr) ea->customer_id < (guintptr) eb->customer_id ? -1 : 1;
  if (ea->day != eb->day)
    return ea->day < eb->day ? -1 : 1;
  if (ea->kind != eb->kind)
    return ea->kind < eb->kind ? -1 : 1;
  return compare_entries_by_pickup (ea, eb);
}

/* Sorts @grouped by compare_grouped(): by customer in linear time (customer
 * ids are interned, so the pointer is a key), then each customer's entries,
 * most often two, by insertion. A comparison sort of 100,000 entries spends
 * most of its time fetching entries from memory. */
static void
sort_grouped (Entry **grouped,
              guint   n)
{
  g_autofree BmdKeyed *keyed = g_new (BmdKeyed, MAX (n, 1));
  g_autofree Entry **by_customer = g_new (Entry *, MAX (n, 1));
  guint start, i;

  for (i = 0; i < n; i++)
    {
      keyed[i].key = (guint64) (guintptr) grouped[i]->customer_id;
      keyed[i].index = i;
    }
  _bmd_key_sort (keyed, n);
  for (i = 0; i < n; i++)
    by_customer[i] = grouped[keyed[i].index];
  /* With no orders @grouped is NULL, and memcpy () must not see NULL. */
  if (n > 0)
    memcpy (grouped, by_customer, n * sizeof (Entry *));

  for (start = 0; start < n; start = i)
    {
      for (i = start + 1; i < n && grouped[i]->customer_id == grouped[start]->customer_id; i++)
        ;
      if (i - start <= 16)
        {
          guint j, k;

          for (j = start + 1; j < i; j++)
            {
              Entry *entry = grouped[j];

              for (k = j; k > start && compare_grouped (&grouped[k - 1], &entry) > 0; k--)
                grouped[k] = grouped[k - 1];
              grouped[k] = entry;
            }
        }
      else
        qsort (grouped + start, i - start, sizeof (Entry *), compare_grouped);
    }
}

static char *
format_day (int day)
{
  return g_strdup_printf ("%04d-%02d-%02d", day / 10000, day / 100 % 100, day % 100);
}



static gboolean
is_blank_or_forgot (const char *value)
{
  return value == NULL || *value == '\0' || g_ascii_strcasecmp (value, "forgot") == 0;
}

static gboolean
is_no_allergy (const char *value)
{
  return is_blank_or_forgot (value)
         || g_ascii_strcasecmp (value, "n/a") == 0
         || g_ascii_strcasecmp (value, "none") == 0;
}

/* Flavor and theme: the non-empty value other than "forgot" wins. Sets
 * @disagree when both halves carry different real values. */
static const char *
merge_text (const char *first,
            const char *second,
            gboolean   *disagree)
{
  if (is_blank_or_forgot (first))
    return is_blank_or_forgot (second) ? "" : second;
  if (!is_blank_or_forgot (second) && g_ascii_strcasecmp (first, second) != 0)
    *disagree = TRUE;
  return first;
}

static void
add_allergies (GPtrArray  *values,
               const char *text)
{
  g_auto(GStrv) parts = NULL;
  guint i, j;

  if (text == NULL)
    return;
  parts = g_strsplit (text, ",", -1);
  for (i = 0; parts[i] != NULL; i++)
    {
      char *value = g_strstrip (parts[i]);
      gboolean seen = FALSE;

      if (is_no_allergy (value))
        continue;
      for (j = 0; j < values->len && !seen; j++)
        seen = g_ascii_strcasecmp (g_ptr_array_index (values, j), value) == 0;
      if (!seen)
        g_ptr_array_add (values, g_strdup (value));
    }
}

/* Returns one of the halves' (trimmed) values where it can, so that most
 * requests allocate nothing; a real union goes to @owned. */
static const char *
merge_allergies (const char  *first,
                 const char  *second,
                 char       **owned)
{
  g_autoptr(GPtrArray) values = NULL;

  *owned = NULL;
  /* Most cakes: nothing, or one value on one half and none on the other. */
  if (is_no_allergy (first) && is_no_allergy (second))
    return "n/a";
  if (is_no_allergy (second) && strchr (first, ',') == NULL)
    return first;
  if (is_no_allergy (first) && strchr (second, ',') == NULL)
    return second;

  values = g_ptr_array_new_with_free_func (g_free);

  add_allergies (values, first);
  add_allergies (values, second);
  if (values->len == 0)
    return "n/a";
  g_ptr_array_add (values, NULL);
  *owned = g_strjoinv (", ", (char **) values->pdata);
  return *owned;
}

static void
add_problem (Planner        *planner,
             BmdOrder       *order,
             BmdProblemCode  code,
             const char     *format,
             ...) G_GNUC_PRINTF (4, 5);

static void
add_problem (Planner        *planner,
             BmdOrder       *order,
             BmdProblemCode  code,
             const char     *format,
             ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (planner->plan->problems, bmd_problem_new (order, code, reason));
}

/* Problems are about requests from today on, plus orders with no usable
 * pickup created in the last 90 days; or everything with the "all" flag. */
static gboolean
pickup_in_scope (Planner *planner,
                 gint64   pickup_us)
{
  return (planner->flags & BMD_PLAN_FLAGS_ALL_PROBLEMS) != 0
         || pickup_us >= planner->start_of_today_us;
}

static gboolean
creation_in_scope (Planner  *planner,
                   BmdOrder *order)
{
  if ((planner->flags & BMD_PLAN_FLAGS_ALL_PROBLEMS) != 0)
    return TRUE;
  /* An order whose creation time is unknown cannot be ruled out. */
  return order->created_us == BMD_ORDER_NO_TIME || order->created_us >= planner->problems_created_since_us;
}

static gboolean
entry_in_scope (Planner *planner,
                Entry   *entry)
{
  if (entry->pickup_status == PICKUP_OK)
    return pickup_in_scope (planner, entry->at_us);
  return creation_in_scope (planner, entry->order);
}

static void
report_order_problems (Planner *planner,
                       Entry   *entry)
{
  BmdOrder *order = entry->order;
  const char *name = bmd_order_get_name (order);

  if (!entry_in_scope (planner, entry))
    return;

  if (entry->pickup_status == PICKUP_MISSING)
    add_problem (planner, order, BMD_PROBLEM_NO_PICKUP_DATE,
                 _("Order %s has no pickup date, so it is in no bake plan."), name);
  else if (entry->pickup_status == PICKUP_BAD)
    add_problem (planner, order, BMD_PROBLEM_BAD_PICKUP_DATE,
                 _("Order %s has a pickup date that is not a date: “%s”."),
                 name, bmd_order_get_pickup_value (order));

  if (entry->draft == BMD_DRAFT_TYPE_UNKNOWN)
    {
      const char *value = bmd_order_get_draft_type_value (order);

      if (value == NULL || *value == '\0')
        add_problem (planner, order, BMD_PROBLEM_UNKNOWN_DRAFT_TYPE,
                     _("Order %s does not say whether it is the deposit or the remaining balance."), name);
      else
        add_problem (planner, order, BMD_PROBLEM_UNKNOWN_DRAFT_TYPE,
                     _("Order %s has draft type “%s”; it should be “deposit” or “remaining”."),
                     name, value);
    }

  if (entry->customer_id == NULL && entry->active)
    add_problem (planner, order, BMD_PROBLEM_NO_CUSTOMER,
                 _("Order %s has no customer, so it cannot be paired with its other half."), name);
}

static void
build_request (Planner *planner,
               Entry   *deposit,
               Entry   *remaining)
{
  Entry *first;
  gboolean flavor_differs = FALSE;
  gboolean theme_differs = FALSE;
  gboolean time_differs;
  const char *flavor, *theme;
  const char *allergies;
  char *owned_allergies;
  BmdPlanned planned;

  g_assert (deposit != NULL || remaining != NULL);

  /* A missing half merges as a half with no values: it never disagrees. */
  first = deposit == NULL || (remaining != NULL && remaining->at_us < deposit->at_us) ? remaining : deposit;
  flavor = merge_text (deposit != NULL ? deposit->flavor : NULL,
                       remaining != NULL ? remaining->flavor : NULL, &flavor_differs);
  theme = merge_text (deposit != NULL ? deposit->theme : NULL,
                      remaining != NULL ? remaining->theme : NULL, &theme_differs);
  allergies = merge_allergies (deposit != NULL ? deposit->allergies : NULL,
                               remaining != NULL ? remaining->allergies : NULL, &owned_allergies);
  time_differs = deposit != NULL && remaining != NULL && deposit->at_us != remaining->at_us;

  /* Its BmdRequest is made only if someone asks for it. */
  planned.deposit = deposit != NULL ? deposit->order : NULL;
  planned.remaining = remaining != NULL ? remaining->order : NULL;
  planned.at_us = first->at_us;
  planned.counts_until_us = first->counts_until_us;
  planned.date_only = first->date_only;
  planned.day = first->day;
  planned.flavor = flavor;
  planned.theme = theme;
  planned.allergies = allergies;
  planned.owned_allergies = owned_allergies;
  planned.customer_name = (deposit != NULL ? deposit : remaining)->customer_name;
  planned.customer_name_key = (deposit != NULL ? deposit : remaining)->customer_name_key;
  if (deposit != NULL)
    planner->order_places[deposit - planner->entries] = _bmd_order_place (planner->planned->len, FALSE);
  if (remaining != NULL)
    planner->order_places[remaining - planner->entries] = _bmd_order_place (planner->planned->len, TRUE);
  g_array_append_val (planner->planned, planned);

  if ((flavor_differs || theme_differs || time_differs)
      && pickup_in_scope (planner, first->at_us))
    {
      g_autoptr(GString) what = g_string_new (NULL);

      if (flavor_differs)
        g_string_append_printf (what, _("flavor (“%s” and “%s”)"),
                                bmd_order_get_flavor (deposit->order),
                                bmd_order_get_flavor (remaining->order));
      if (theme_differs)
        g_string_append_printf (what, _("%stheme (“%s” and “%s”)"), what->len > 0 ? _(", ") : "",
                                bmd_order_get_theme (deposit->order),
                                bmd_order_get_theme (remaining->order));
      if (time_differs)
        g_string_append_printf (what, _("%spickup time (“%s” and “%s”)"), what->len > 0 ? _(", ") : "",
                                bmd_order_get_pickup_value (deposit->order),
                                bmd_order_get_pickup_value (remaining->order));
      add_problem (planner, remaining->order, BMD_PROBLEM_DETAILS_MISMATCH,
                   _("Deposit %s and remaining %s disagree on %s."),
                   bmd_order_get_name (deposit->order),
                   bmd_order_get_name (remaining->order), what->str);
    }
}

/* Pairs one group's deposits and remainings in pickup-time order, then order
 * number; the leftovers become requests with a missing half. */
static void
pair_group (Planner *planner,
            Group   *group)
{
  guint n_deposits = group->n_deposits;
  guint n_remainings = group->n_remainings;
  guint i;

  for (i = 0; i < MAX (n_deposits, n_remainings); i++)
    {
      Entry *deposit = i < n_deposits ? group->deposits[i] : NULL;
      Entry *remaining = i < n_remainings ? group->remainings[i] : NULL;
      Entry *extra = deposit == NULL ? remaining : remaining == NULL ? deposit : NULL;

      build_request (planner, deposit, remaining);

      /* The first deposit (or remaining) of a group is the customer's; any
       * later one without a partner is the extra. */
      if (extra != NULL && i >= 1 && pickup_in_scope (planner, extra->at_us))
        {
          g_autofree char *day = format_day (extra->day);

          /* Whole sentences, one per half, so that they can be translated. */
          if (extra == deposit)
            add_problem (planner, extra->order, BMD_PROBLEM_DUPLICATE_HALF,
                         _("Order %s is another deposit for %s on %s, with no remaining order to pair with."),
                         bmd_order_get_name (extra->order),
                         bmd_order_get_customer_name (extra->order), day);
          else
            add_problem (planner, extra->order, BMD_PROBLEM_DUPLICATE_HALF,
                         _("Order %s is another remaining for %s on %s, with no deposit to pair with."),
                         bmd_order_get_name (extra->order),
                         bmd_order_get_customer_name (extra->order), day);
        }
    }
}

static void
report_cancelled_halves (Planner *planner,
                         Group   *group)
{
  guint i;

  if (group->n_deposits + group->n_remainings == 0)
    return;
  for (i = 0; i < group->n_inactive; i++)
    {
      Entry *entry = group->inactive[i];
      BmdOrder *order = entry->order;
      const char *name = bmd_order_get_name (order);
      const char *customer = bmd_order_get_customer_name (order);

      if (!pickup_in_scope (planner, entry->at_us))
        continue;
      /* Whole sentences, so that they can be translated. */
      if (bmd_order_is_cancelled (order))
        add_problem (planner, order, BMD_PROBLEM_CANCELLED_HALF,
                     _("Order %s was cancelled, but %s still has an active order for that day."),
                     name, customer);
      else if (g_strcmp0 (bmd_order_get_financial_status (order), "VOIDED") == 0)
        add_problem (planner, order, BMD_PROBLEM_CANCELLED_HALF,
                     _("Order %s was voided, but %s still has an active order for that day."),
                     name, customer);
      else
        add_problem (planner, order, BMD_PROBLEM_CANCELLED_HALF,
                     _("Order %s was refunded, but %s still has an active order for that day."),
                     name, customer);
    }
}

static int
compare_planned_index (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const BmdPlanned *items = user_data;

  return _bmd_planned_compare (&items[*(const guint *) a], &items[*(const guint *) b]);
}

/* The indices of @items in bmd_request_compare() order: by pickup second in
 * linear time, then the rare runs of one second by the instant and the other
 * keys. (Whole seconds: pickups have none below, and the radix sort has
 * fewer digits to pass over.) */
static guint *
sort_planned (const BmdPlanned *items,
              guint             n)
{
  g_autofree BmdKeyed *keyed = g_new (BmdKeyed, n);
  guint *order = g_new (guint, MAX (n, 1));
  guint start, i;

  for (i = 0; i < n; i++)
    {
      keyed[i].key = _bmd_key_of_signed (_bmd_floor_div (items[i].at_us, G_USEC_PER_SEC));
      keyed[i].index = i;
    }
  _bmd_key_sort (keyed, n);
  for (i = 0; i < n; i++)
    order[i] = keyed[i].index;

  for (start = 0; start < n; start = i)
    {
      for (i = start + 1; i < n && keyed[i].key == keyed[start].key; i++)
        ;
      if (i - start > 1)
        g_qsort_with_data (order + start, i - start, sizeof (guint),
                           compare_planned_index, (gpointer) items);
    }
  return order;
}

static int
group_kind (const Entry *entry)
{
  if (!entry->active)
    return KIND_INACTIVE;
  return entry->draft == BMD_DRAFT_TYPE_DEPOSIT ? KIND_DEPOSIT : KIND_REMAINING;
}

/* Walks the entries sorted by compare_grouped(), one group at a time. */
static void
plan_groups (Planner  *planner,
             Entry   **grouped,
             guint     n_grouped)
{
  guint start = 0;

  while (start < n_grouped)
    {
      Group group = { 0 };
      guint end = start;

      while (end < n_grouped
             && grouped[end]->day == grouped[start]->day
             && grouped[end]->customer_id == grouped[start]->customer_id)
        {
          switch (grouped[end]->kind)
            {
            case KIND_DEPOSIT:
              if (group.n_deposits++ == 0)
                group.deposits = &grouped[end];
              break;
            case KIND_REMAINING:
              if (group.n_remainings++ == 0)
                group.remainings = &grouped[end];
              break;
            case KIND_INACTIVE:
            default:
              if (group.n_inactive++ == 0)
                group.inactive = &grouped[end];
              break;
            }
          end++;
        }

      pair_group (planner, &group);
      report_cancelled_halves (planner, &group);
      start = end;
    }
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  BmdProblem *pa = *(BmdProblem **) a;
  BmdProblem *pb = *(BmdProblem **) b;
  gint64 na = bmd_order_get_number (bmd_problem_get_order (pa));
  gint64 nb = bmd_order_get_number (bmd_problem_get_order (pb));
  int cmp;

  if (na != nb)
    return na < nb ? -1 : 1;
  cmp = strcmp (bmd_problem_get_code_name (pa), bmd_problem_get_code_name (pb));
  if (cmp != 0)
    return cmp;
  cmp = strcmp (bmd_order_get_id (bmd_problem_get_order (pa)),
                bmd_order_get_id (bmd_problem_get_order (pb)));
  if (cmp != 0)
    return cmp;
  /* Groups are walked in an order that varies from run to run. */
  return strcmp (bmd_problem_get_reason (pa), bmd_problem_get_reason (pb));
}

static GDateTime *
start_of_local_day (GDateTime *local)
{
  return g_date_time_new (g_date_time_get_timezone (local),
                          g_date_time_get_year (local),
                          g_date_time_get_month (local),
                          g_date_time_get_day_of_month (local), 0, 0, 0);
}

/* The end of the bake queue: now + 168 h, or the start of next Monday. */
static gint64
queue_end_us (GDateTime    *now_local,
              BmdPlanFlags  flags,
              BmdZoneCache *cache)
{
  g_autoptr(GDateTime) next_monday_wall = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) wall = NULL;
  BmdPickupText midnight;
  BmdPickupInstant end;

  if ((flags & BMD_PLAN_FLAGS_CALENDAR_WEEK) == 0)
    return _bmd_date_time_to_us (now_local) + HOURS_IN_WEEK * G_TIME_SPAN_HOUR;

  /* Count whole local days, then resolve midnight in the zone as a
   * date-only pickup is, so a DST change inside the week does not shift
   * the boundary. */
  utc = g_time_zone_new_utc ();
  wall = g_date_time_new (utc, g_date_time_get_year (now_local),
                          g_date_time_get_month (now_local),
                          g_date_time_get_day_of_month (now_local), 0, 0, 0);
  next_monday_wall = g_date_time_add_days (wall, 8 - g_date_time_get_day_of_week (now_local));
  /* Past the year 9999: the week has no end GDateTime can hold. */
  if (next_monday_wall == NULL)
    return G_MAXINT64;
  midnight.us = _bmd_date_time_to_us (next_monday_wall);
  midnight.form = BMD_PICKUP_FORM_DATE;
  if (!_bmd_pickup_resolve (&midnight, cache, &end))
    return G_MAXINT64;
  return end.at_us;
}

static int
compare_day_of_index (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const int *days = user_data;
  guint ia = *(const guint *) a;
  guint ib = *(const guint *) b;
  int day_a = days[ia];
  int day_b = days[ib];

  if (day_a != day_b)
    return day_a < day_b ? -1 : 1;
  return ia < ib ? -1 : (ia > ib);
}

/* Ranges of requests by local day, for the calendar, from @days, each
 * request's day in request order. Requests are sorted by pickup instant, so
 * their days ascend and each day is already one range. */
static void
index_days (BmdPlan   *plan,
            const int *days,
            guint      n)
{
  guint i;

  for (i = 1; i < n && plan->by_day == NULL; i++)
    {
      if (days[i] < days[i - 1])
        {
          guint j;

          plan->by_day = g_new (guint, n);
          for (j = 0; j < n; j++)
            plan->by_day[j] = j;
          g_qsort_with_data (plan->by_day, n, sizeof (guint), compare_day_of_index, (gpointer) days);
        }
    }

  for (i = 0; i < n; i++)
    {
      int day = days[plan->by_day != NULL ? plan->by_day[i] : i];
      DayRange *last = plan->days->len > 0
                         ? &g_array_index (plan->days, DayRange, plan->days->len - 1) : NULL;

      if (last != NULL && last->day == day)
        last->len++;
      else
        {
          DayRange range = { day, i, 1 };

          g_array_append_val (plan->days, range);
        }
    }
}

BmdPlan *
bmd_planner_plan (GPtrArray    *orders,
                  GDateTime    *now,
                  GTimeZone    *zone,
                  BmdPlanFlags  flags)
{
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(GDateTime) start_of_today = NULL;
  g_autoptr(GDateTime) created_since = NULL;
  g_autoptr(BmdZoneCache) cache = NULL;
  g_autoptr(GArray) planned = NULL;
  g_autofree Entry *entries = NULL;
  g_autofree guint *order_places = NULL;
  g_autofree Entry **grouped = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autofree int *days = NULL;
  BmdPlanned *items;
  guint *request_order;
  gsize n_items;
  guint n_planned;
  guint n_grouped = 0;
  guint n_past = 0;
  Planner planner;
  gboolean calendar_week = (flags & BMD_PLAN_FLAGS_CALENDAR_WEEK) != 0;
  gint64 now_us, end_us;
  guint i;

  g_return_val_if_fail (orders != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  plan = g_object_new (BMD_TYPE_PLAN, NULL);
  plan->zone = g_time_zone_ref (zone);
  plan->now = _bmd_pickup_date_time (_bmd_date_time_to_us (now), zone);
  /* A now GDateTime cannot hold in @zone (the first hours of the year 1 in
   * UTC are the year 0 in America): plan in its own zone rather than crash. */
  if (plan->now == NULL)
    plan->now = g_date_time_ref (now);
  start_of_today = start_of_local_day (plan->now);
  created_since = g_date_time_add_days (plan->now, -PROBLEM_CREATION_DAYS);
  cache = _bmd_zone_cache_new (zone);
  now_us = _bmd_date_time_to_us (plan->now);
  end_us = queue_end_us (plan->now, flags, cache);

  planned = g_array_sized_new (FALSE, FALSE, sizeof (BmdPlanned), orders->len / 2 + 1);
  planner.plan = plan;
  planner.flags = flags;
  planner.start_of_today_us = _bmd_date_time_to_us (start_of_today);
  /* Before the year 1 (a now in its first 90 days): every order is recent. */
  planner.problems_created_since_us = created_since != NULL ? _bmd_date_time_to_us (created_since) : G_MININT64;
  planner.planned = planned;

  entries = g_new0 (Entry, orders->len);
  order_places = g_new (guint, MAX (orders->len, 1));
  memset (order_places, 0xff, orders->len * sizeof (guint));   /* BMD_NO_ITEM */
  planner.entries = entries;
  planner.order_places = order_places;
  grouped = g_new (Entry *, orders->len);
  /* Requests borrow their orders until they are made. */
  kept = g_ptr_array_new_full (orders->len, g_object_unref);

  for (i = 0; i < orders->len; i++)
    {
      Entry *entry = &entries[i];
      BmdOrder *order = g_ptr_array_index (orders, i);
      BmdPickupInstant pickup;
      gboolean takes_part;

      g_return_val_if_fail (BMD_IS_ORDER (order), NULL);
      g_ptr_array_add (kept, g_object_ref (order));
      entry->order = order;
      entry->pickup_status = PICKUP_MISSING;
      /* Outside every scope: nothing else shows that the order is there. */
      if (order->unreadable)
        {
          add_problem (&planner, order, BMD_PROBLEM_UNREADABLE_ORDER,
                       _("Order %s is stored in a form that cannot be read, so it is in no bake plan; "
                         "a full refresh reads it again from Shopify."), bmd_order_get_id (order));
          continue;
        }
      entry->draft = order->draft_type;
      entry->active = _bmd_order_is_active (order);
      entry->customer_id = order->customer_id;
      entry->customer_name = order->customer_name;
      entry->customer_name_key = order->customer_name_key;
      entry->flavor = order->flavor;
      entry->theme = order->theme;
      entry->allergies = order->allergies;
      /* The order read its pickup text when it was made: only the zone is
       * applied here, without touching the text. */
      if (order->pickup.form == BMD_PICKUP_FORM_MISSING)
        entry->pickup_status = PICKUP_MISSING;
      else if (_bmd_pickup_resolve (&order->pickup, cache, &pickup))
        {
          entry->pickup_status = PICKUP_OK;
          entry->at_us = pickup.at_us;
          entry->counts_until_us = pickup.counts_until_us;
          entry->date_only = pickup.date_only;
        }
      else
        entry->pickup_status = PICKUP_BAD;

      report_order_problems (&planner, entry);

      if (entry->pickup_status != PICKUP_OK)
        continue;
      entry->day = _bmd_local_day_key (pickup.at_us, pickup.offset);
      takes_part = entry->draft != BMD_DRAFT_TYPE_UNKNOWN && entry->active;

      if (entry->customer_id == NULL)
        {
          /* An order with no customer is a request on its own. */
          if (takes_part)
            {
              gboolean is_deposit = entry->draft == BMD_DRAFT_TYPE_DEPOSIT;
              build_request (&planner, is_deposit ? entry : NULL, is_deposit ? NULL : entry);
            }
          continue;
        }

      /* Orders with an unknown draft type take no part, but an inactive
       * one still tells of a cancelled half. */
      if (takes_part || !entry->active)
        {
          entry->kind = group_kind (entry);
          grouped[n_grouped++] = entry;
        }
    }

  /* Sorting, not hashing, forms the groups: the output never depends on a
   * hash table's order, and no group allocates. */
  sort_grouped (grouped, n_grouped);
  plan_groups (&planner, grouped, n_grouped);

  n_planned = planned->len;
  request_order = sort_planned ((const BmdPlanned *) (gpointer) planned->data, n_planned);
  items = g_array_steal (planned, &n_items);
  plan->table = _bmd_request_table_new (g_steal_pointer (&kept), g_steal_pointer (&order_places),
                                        zone, items, request_order, n_planned);
  g_ptr_array_sort (plan->problems, compare_problems);

  /* One pass over the requests in their order, which is not the order they
   * lie in memory: the days are gathered for index_days() on the way. */
  days = g_new (int, MAX (n_planned, 1));
  for (i = 0; i < n_planned; i++)
    {
      const BmdPlanned *p = _bmd_request_table_peek (plan->table, i);

      days[i] = p->day;

      /* now < pickup <= now + 168 h; a calendar week ends before next Monday. */
      if (p->counts_until_us > now_us
          && (calendar_week ? p->at_us < end_us : p->at_us <= end_us)
          && _bmd_request_either_paid_of (p->deposit, p->remaining))
        g_ptr_array_add (plan->queue, g_object_ref (_bmd_request_table_get (plan->table, i)));

      /* Sorted by pickup, so the upcoming requests are the last ones. */
      if (p->at_us < planner.start_of_today_us)
        n_past++;
    }

  plan->upcoming = _bmd_upcoming_rows_new (plan->table, n_past);
  index_days (plan, days, n_planned);
  return g_steal_pointer (&plan);
}

GDateTime *
bmd_plan_get_now (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  return self->now;
}

GTimeZone *
bmd_plan_get_zone (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  return self->zone;
}

GPtrArray *
bmd_plan_get_requests (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);

  if (self->requests == NULL)
    {
      guint n = _bmd_request_table_get_len (self->table);
      guint i;

      self->requests = g_ptr_array_new_full (n, g_object_unref);
      for (i = 0; i < n; i++)
        g_ptr_array_add (self->requests, g_object_ref (_bmd_request_table_get (self->table, i)));
    }
  return self->requests;
}

BmdRequestTable *
_bmd_plan_get_request_table (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  return self->table;
}

GPtrArray *
bmd_plan_get_queue (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  return self->queue;
}

GListModel *
bmd_plan_get_upcoming (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  return self->upcoming;
}

GPtrArray *
bmd_plan_get_problems (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  return self->problems;
}

static int
compare_day_range (gconstpointer key,
                   gconstpointer element)
{
  int day = *(const int *) key;
  const DayRange *range = element;

  return day < range->day ? -1 : (day > range->day);
}

static const DayRange *
find_day (BmdPlan *self,
          GDate   *day)
{
  int key = g_date_get_year (day) * 10000 + g_date_get_month (day) * 100 + g_date_get_day (day);

  /* An empty plan's array has no data: bsearch () must not see NULL. */
  if (self->days->len == 0)
    return NULL;
  return bsearch (&key, self->days->data, self->days->len, sizeof (DayRange), compare_day_range);
}

/* The index in the table of the day's @i-th request. */
static guint
request_on_day (BmdPlan        *self,
                const DayRange *range,
                guint           i)
{
  guint index = range->start + i;

  return self->by_day != NULL ? self->by_day[index] : index;
}

void
bmd_plan_count_day (BmdPlan      *self,
                    GDate        *day,
                    BmdDayCounts *out)
{
  const DayRange *range;
  guint i;

  g_return_if_fail (BMD_IS_PLAN (self));
  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  range = find_day (self, day);
  for (i = 0; range != NULL && i < range->len; i++)
    {
      const BmdPlanned *planned = _bmd_request_table_peek (self->table, request_on_day (self, range, i));

      switch (_bmd_request_state_of (planned->deposit, planned->remaining))
        {
        case BMD_REQUEST_STATE_PAID:
          out->paid++;
          break;
        case BMD_REQUEST_STATE_UNPAID:
          out->unpaid++;
          break;
        case BMD_REQUEST_STATE_MISSING:
        default:
          out->missing++;
          break;
        }
      out->requests++;
    }
}

GPtrArray *
bmd_plan_dup_requests_on_day (BmdPlan *self,
                              GDate   *day)
{
  const DayRange *range;
  GPtrArray *copy;
  guint i;

  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  range = find_day (self, day);
  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (i = 0; range != NULL && i < range->len; i++)
    g_ptr_array_add (copy, g_object_ref (_bmd_request_table_get (self->table, request_on_day (self, range, i))));
  return copy;
}
