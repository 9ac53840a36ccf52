#define G_LOG_DOMAIN "bmd-planner"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bmd-pickup.h"
#include "bmd-plan.h"
#include "bmd-request-private.h"

#define HOURS_IN_WEEK 168
#define PROBLEM_CREATION_DAYS 90

/* ---- BmdUpcomingRow ---------------------------------------------------- */

struct _BmdUpcomingRow
{
  GObject parent_instance;

  BmdRequest *request;
  BmdDraftType draft_type;
};

G_DEFINE_FINAL_TYPE (BmdUpcomingRow, bmd_upcoming_row, G_TYPE_OBJECT)

static void
bmd_upcoming_row_finalize (GObject *object)
{
  BmdUpcomingRow *self = (BmdUpcomingRow *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (bmd_upcoming_row_parent_class)->finalize (object);
}

static void
bmd_upcoming_row_class_init (BmdUpcomingRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_upcoming_row_finalize;
}

static void
bmd_upcoming_row_init (BmdUpcomingRow *self)
{
}

static BmdUpcomingRow *
upcoming_row_new (BmdRequest   *request,
                  BmdDraftType  draft_type)
{
  BmdUpcomingRow *self = g_object_new (BMD_TYPE_UPCOMING_ROW, NULL);

  self->request = g_object_ref (request);
  self->draft_type = draft_type;
  return self;
}

BmdRequest *
bmd_upcoming_row_get_request (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), NULL);
  return self->request;
}

BmdDraftType
bmd_upcoming_row_get_draft_type (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), BMD_DRAFT_TYPE_UNKNOWN);
  return self->draft_type;
}

BmdOrder *
bmd_upcoming_row_get_order (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), NULL);
  return bmd_request_get_half (self->request, self->draft_type);
}

const char *
bmd_upcoming_row_get_status (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), NULL);
  return bmd_request_get_half_status (self->request, self->draft_type);
}

/* ---- BmdPlan ------------------------------------------------------------- */

struct _BmdPlan
{
  GObject parent_instance;

  GDateTime *now;
  GTimeZone *zone;
  GPtrArray *requests;
  GPtrArray *queue;
  GPtrArray *upcoming;
  GPtrArray *problems;
  /* day_key() -> GPtrArray of BmdRequest, sorted */
  GHashTable *by_day;
};

G_DEFINE_FINAL_TYPE (BmdPlan, bmd_plan, G_TYPE_OBJECT)

static void
bmd_plan_finalize (GObject *object)
{
  BmdPlan *self = (BmdPlan *)object;

  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->queue, g_ptr_array_unref);
  g_clear_pointer (&self->upcoming, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->by_day, g_hash_table_unref);

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
  self->requests = g_ptr_array_new_with_free_func (g_object_unref);
  self->queue = g_ptr_array_new_with_free_func (g_object_unref);
  self->upcoming = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_day = g_hash_table_new_full (NULL, NULL, NULL,
                                        (GDestroyNotify) g_ptr_array_unref);
}

/* ---- Planning ------------------------------------------------------------ */

typedef enum
{
  PICKUP_MISSING,
  PICKUP_BAD,
  PICKUP_OK,
} PickupStatus;

/* An order as the planner sees it. */
typedef struct
{
  BmdOrder *order;
  BmdPickup pickup;
  PickupStatus pickup_status;
  char *group_key;   /* customer id + local day; NULL when the order forms no group */
} Entry;

typedef struct
{
  GPtrArray *deposits;    /* Entry*, sorted */
  GPtrArray *remainings;  /* Entry*, sorted */
  gboolean has_active;
  GPtrArray *inactive;    /* Entry* */
} Group;

typedef struct
{
  BmdPlan *plan;
  BmdPlanFlags flags;
  GDateTime *start_of_today;
  GDateTime *problems_created_since;
} Planner;

static void
group_free (gpointer data)
{
  Group *group = data;

  g_ptr_array_unref (group->deposits);
  g_ptr_array_unref (group->remainings);
  g_ptr_array_unref (group->inactive);
  g_free (group);
}

static Group *
group_new (void)
{
  Group *group = g_new0 (Group, 1);

  group->deposits = g_ptr_array_new ();
  group->remainings = g_ptr_array_new ();
  group->inactive = g_ptr_array_new ();
  return group;
}

static int
compare_entries_by_pickup (gconstpointer a,
                           gconstpointer b)
{
  const Entry *ea = *(const Entry **) a;
  const Entry *eb = *(const Entry **) b;
  gint64 na, nb;
  int cmp;

  cmp = g_date_time_compare (ea->pickup.at, eb->pickup.at);
  if (cmp != 0)
    return cmp;
  na = bmd_order_get_number (ea->order);
  nb = bmd_order_get_number (eb->order);
  if (na != nb)
    return na < nb ? -1 : 1;
  return strcmp (bmd_order_get_id (ea->order), bmd_order_get_id (eb->order));
}

static char *
format_day (GDateTime *dt)
{
  int year, month, day;

  g_date_time_get_ymd (dt, &year, &month, &day);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

/* YYYYMMDD as a number: a cheap hash key for a local day. */
static gpointer
day_key (int year,
         int month,
         int day)
{
  return GINT_TO_POINTER (year * 10000 + month * 100 + day);
}

static gpointer
day_key_of (GDateTime *dt)
{
  int year, month, day;

  g_date_time_get_ymd (dt, &year, &month, &day);
  return day_key (year, month, day);
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

static char *
merge_allergies (const char *first,
                 const char *second)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  add_allergies (values, first);
  add_allergies (values, second);
  if (values->len == 0)
    return g_strdup ("n/a");
  g_ptr_array_add (values, NULL);
  return g_strjoinv (", ", (char **) values->pdata);
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
pickup_in_scope (Planner   *planner,
                 GDateTime *pickup)
{
  return (planner->flags & BMD_PLAN_FLAGS_ALL_PROBLEMS) != 0
         || g_date_time_compare (pickup, planner->start_of_today) >= 0;
}

static gboolean
creation_in_scope (Planner  *planner,
                   BmdOrder *order)
{
  GDateTime *created = bmd_order_get_created_at (order);

  if ((planner->flags & BMD_PLAN_FLAGS_ALL_PROBLEMS) != 0)
    return TRUE;
  /* An order whose creation time is unknown cannot be ruled out. */
  return created == NULL || g_date_time_compare (created, planner->problems_created_since) >= 0;
}

static gboolean
entry_in_scope (Planner *planner,
                Entry   *entry)
{
  if (entry->pickup_status == PICKUP_OK)
    return pickup_in_scope (planner, entry->pickup.at);
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

  if (bmd_order_get_draft_type (order) == BMD_DRAFT_TYPE_UNKNOWN)
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

  if (bmd_order_get_customer_id (order) == NULL && bmd_order_is_active (order))
    add_problem (planner, order, BMD_PROBLEM_NO_CUSTOMER,
                 _("Order %s has no customer, so it cannot be paired with its other half."), name);
}

static BmdRequest *
build_request (Planner *planner,
               Entry   *deposit,
               Entry   *remaining)
{
  Entry *first;
  gboolean flavor_differs = FALSE;
  gboolean theme_differs = FALSE;
  gboolean time_differs = FALSE;
  const char *flavor, *theme;
  g_autofree char *allergies = NULL;
  BmdRequest *request;

  g_assert (deposit != NULL || remaining != NULL);

  if (deposit != NULL && remaining != NULL)
    {
      first = g_date_time_compare (remaining->pickup.at, deposit->pickup.at) < 0 ? remaining : deposit;
      flavor = merge_text (bmd_order_get_flavor (deposit->order),
                           bmd_order_get_flavor (remaining->order), &flavor_differs);
      theme = merge_text (bmd_order_get_theme (deposit->order),
                          bmd_order_get_theme (remaining->order), &theme_differs);
      allergies = merge_allergies (bmd_order_get_allergies (deposit->order),
                                   bmd_order_get_allergies (remaining->order));
      time_differs = !g_date_time_equal (deposit->pickup.at, remaining->pickup.at);
    }
  else
    {
      gboolean unused = FALSE;

      first = deposit != NULL ? deposit : remaining;
      flavor = merge_text (bmd_order_get_flavor (first->order), NULL, &unused);
      theme = merge_text (bmd_order_get_theme (first->order), NULL, &unused);
      allergies = merge_allergies (bmd_order_get_allergies (first->order), NULL);
    }

  request = _bmd_request_new (deposit != NULL ? deposit->order : NULL,
                              remaining != NULL ? remaining->order : NULL,
                              first->pickup.at, first->pickup.counts_until,
                              first->pickup.date_only, flavor, theme, allergies);

  if ((flavor_differs || theme_differs || time_differs)
      && pickup_in_scope (planner, first->pickup.at))
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
  return request;
}

/* Pairs one group's deposits and remainings in pickup-time order, then order
 * number; the leftovers become requests with a missing half. */
static void
pair_group (Planner *planner,
            Group   *group)
{
  guint n_deposits = group->deposits->len;
  guint n_remainings = group->remainings->len;
  guint i;

  g_ptr_array_sort (group->deposits, compare_entries_by_pickup);
  g_ptr_array_sort (group->remainings, compare_entries_by_pickup);

  for (i = 0; i < MAX (n_deposits, n_remainings); i++)
    {
      Entry *deposit = i < n_deposits ? g_ptr_array_index (group->deposits, i) : NULL;
      Entry *remaining = i < n_remainings ? g_ptr_array_index (group->remainings, i) : NULL;
      BmdRequest *request = build_request (planner, deposit, remaining);
      Entry *extra = deposit == NULL ? remaining : remaining == NULL ? deposit : NULL;

      g_ptr_array_add (planner->plan->requests, request);

      /* The first deposit (or remaining) of a group is the customer's; any
       * later one without a partner is the extra. */
      if (extra != NULL && i >= 1 && pickup_in_scope (planner, extra->pickup.at))
        {
          g_autofree char *day = format_day (extra->pickup.at);

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

  if (!group->has_active)
    return;
  for (i = 0; i < group->inactive->len; i++)
    {
      Entry *entry = g_ptr_array_index (group->inactive, i);
      BmdOrder *order = entry->order;
      const char *name = bmd_order_get_name (order);
      const char *customer = bmd_order_get_customer_name (order);

      if (!pickup_in_scope (planner, entry->pickup.at))
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
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static int
compare_requests (gconstpointer a,
                  gconstpointer b)
{
  return bmd_request_compare (*(BmdRequest **) a, *(BmdRequest **) b);
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
  return strcmp (bmd_order_get_id (bmd_problem_get_order (pa)),
                 bmd_order_get_id (bmd_problem_get_order (pb)));
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
static GDateTime *
queue_end (GDateTime    *now_local,
           BmdPlanFlags  flags)
{
  g_autoptr(GDateTime) next_monday_wall = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) wall = NULL;
  int days_to_monday;
  BmdPickup pickup;
  g_autofree char *text = NULL;

  if ((flags & BMD_PLAN_FLAGS_CALENDAR_WEEK) == 0)
    return g_date_time_add_hours (now_local, HOURS_IN_WEEK);

  /* Count whole local days, then resolve midnight in the zone, so a DST
   * change inside the week does not shift the boundary. */
  days_to_monday = 8 - g_date_time_get_day_of_week (now_local);
  utc = g_time_zone_new_utc ();
  wall = g_date_time_new (utc, g_date_time_get_year (now_local),
                          g_date_time_get_month (now_local),
                          g_date_time_get_day_of_month (now_local), 0, 0, 0);
  next_monday_wall = g_date_time_add_days (wall, days_to_monday);
  text = g_date_time_format (next_monday_wall, "%Y-%m-%d");
  if (!bmd_pickup_parse (text, g_date_time_get_timezone (now_local), &pickup))
    g_assert_not_reached ();
  g_date_time_unref (pickup.counts_until);
  return pickup.at;
}

BmdPlan *
bmd_planner_plan (GPtrArray    *orders,
                  GDateTime    *now,
                  GTimeZone    *zone,
                  BmdPlanFlags  flags)
{
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GDateTime) start_of_today = NULL;
  g_autoptr(GDateTime) created_since = NULL;
  g_autoptr(GDateTime) end_of_queue = NULL;
  g_autoptr(GPtrArray) group_keys = NULL;
  Entry *entries;
  Planner planner;
  gboolean calendar_week = (flags & BMD_PLAN_FLAGS_CALENDAR_WEEK) != 0;
  guint i;

  g_return_val_if_fail (orders != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  plan = g_object_new (BMD_TYPE_PLAN, NULL);
  plan->zone = g_time_zone_ref (zone);
  plan->now = g_date_time_to_timezone (now, zone);
  start_of_today = start_of_local_day (plan->now);
  created_since = g_date_time_add_days (plan->now, -PROBLEM_CREATION_DAYS);
  end_of_queue = queue_end (plan->now, flags);

  planner.plan = plan;
  planner.flags = flags;
  planner.start_of_today = start_of_today;
  planner.problems_created_since = created_since;

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, group_free);
  group_keys = g_ptr_array_new ();
  entries = g_new0 (Entry, orders->len);

  for (i = 0; i < orders->len; i++)
    {
      Entry *entry = &entries[i];
      BmdOrder *order = g_ptr_array_index (orders, i);
      const char *value = bmd_order_get_pickup_value (order);
      const char *customer_id = bmd_order_get_customer_id (order);
      gboolean takes_part;

      entry->order = order;
      if (value == NULL || *value == '\0')
        entry->pickup_status = PICKUP_MISSING;
      else if (bmd_pickup_parse (value, zone, &entry->pickup))
        entry->pickup_status = PICKUP_OK;
      else
        entry->pickup_status = PICKUP_BAD;

      report_order_problems (&planner, entry);

      takes_part = entry->pickup_status == PICKUP_OK
                   && bmd_order_get_draft_type (order) != BMD_DRAFT_TYPE_UNKNOWN
                   && bmd_order_is_active (order);

      if (entry->pickup_status != PICKUP_OK)
        continue;

      if (customer_id == NULL)
        {
          /* An order with no customer is a request on its own. */
          if (takes_part)
            {
              gboolean is_deposit = bmd_order_get_draft_type (order) == BMD_DRAFT_TYPE_DEPOSIT;
              g_ptr_array_add (plan->requests,
                               build_request (&planner, is_deposit ? entry : NULL,
                                              is_deposit ? NULL : entry));
            }
          continue;
        }

      {
        g_autofree char *day = format_day (entry->pickup.at);
        Group *group;

        entry->group_key = g_strconcat (customer_id, "\n", day, NULL);
        group = g_hash_table_lookup (groups, entry->group_key);
        if (group == NULL)
          {
            group = group_new ();
            g_hash_table_insert (groups, entry->group_key, group);
            g_ptr_array_add (group_keys, entry->group_key);
          }

        if (takes_part)
          {
            group->has_active = TRUE;
            g_ptr_array_add (bmd_order_get_draft_type (order) == BMD_DRAFT_TYPE_DEPOSIT
                               ? group->deposits : group->remainings, entry);
          }
        else if (!bmd_order_is_active (order))
          g_ptr_array_add (group->inactive, entry);
      }
    }

  /* Visit groups in a fixed order so problems and requests never depend on hashing. */
  g_ptr_array_sort (group_keys, compare_strings);
  for (i = 0; i < group_keys->len; i++)
    {
      Group *group = g_hash_table_lookup (groups, g_ptr_array_index (group_keys, i));

      pair_group (&planner, group);
      report_cancelled_halves (&planner, group);
    }

  g_ptr_array_sort (plan->requests, compare_requests);
  g_ptr_array_sort (plan->problems, compare_problems);

  for (i = 0; i < plan->requests->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (plan->requests, i);
      GDateTime *pickup = bmd_request_get_pickup (request);
      gpointer day = day_key_of (pickup);
      GPtrArray *on_day;

      /* now < pickup <= now + 168 h; a calendar week ends before next Monday. */
      if (g_date_time_compare (_bmd_request_get_counts_until (request), plan->now) > 0
          && g_date_time_compare (pickup, end_of_queue) <= (calendar_week ? -1 : 0)
          && bmd_request_is_either_paid (request))
        g_ptr_array_add (plan->queue, g_object_ref (request));

      if (g_date_time_compare (pickup, start_of_today) >= 0)
        {
          g_ptr_array_add (plan->upcoming, upcoming_row_new (request, BMD_DRAFT_TYPE_DEPOSIT));
          g_ptr_array_add (plan->upcoming, upcoming_row_new (request, BMD_DRAFT_TYPE_REMAINING));
        }

      on_day = g_hash_table_lookup (plan->by_day, day);
      if (on_day == NULL)
        {
          on_day = g_ptr_array_new_with_free_func (g_object_unref);
          g_hash_table_insert (plan->by_day, day, on_day);
        }
      g_ptr_array_add (on_day, g_object_ref (request));
    }

  for (i = 0; i < orders->len; i++)
    {
      bmd_pickup_clear (&entries[i].pickup);
      g_free (entries[i].group_key);
    }
  g_free (entries);

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
  return self->requests;
}

GPtrArray *
bmd_plan_get_queue (BmdPlan *self)
{
  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  return self->queue;
}

GPtrArray *
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

static gpointer
day_key_of_gdate (GDate *day)
{
  return day_key (g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

void
bmd_plan_count_day (BmdPlan      *self,
                    GDate        *day,
                    BmdDayCounts *out)
{
  GPtrArray *on_day;
  guint i;

  g_return_if_fail (BMD_IS_PLAN (self));
  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  on_day = g_hash_table_lookup (self->by_day, day_key_of_gdate (day));
  for (i = 0; on_day != NULL && i < on_day->len; i++)
    {
      switch (bmd_request_get_state (g_ptr_array_index (on_day, i)))
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
  GPtrArray *on_day;
  GPtrArray *copy;
  guint i;

  g_return_val_if_fail (BMD_IS_PLAN (self), NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  on_day = g_hash_table_lookup (self->by_day, day_key_of_gdate (day));
  copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (i = 0; on_day != NULL && i < on_day->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (on_day, i)));
  return copy;
}
