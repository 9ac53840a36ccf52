#pragma once

#include "bmd-plan.h"
#include "bmd-plan-table.h"

G_BEGIN_DECLS

/* The Insights rules of the design ("Insights: customer state and trend"):
 * pure functions of a plan's requests (the planner's pairing, the whole
 * history), its now and its zone. They count cakes (requests), never orders.
 *
 * Numbers are exact: money in integer cents, percentages in tenths of a
 * percent (123 = 12.3 %) and averages in hundredths, each rounded half away
 * from zero. A value the design calls undefined (an average or median of
 * nothing, a rate over zero, no such date) is BMD_INSIGHTS_UNDEFINED for an
 * integer and an invalid GDate (g_date_valid() FALSE) for a date; in the
 * tables it is an empty cell. */

#define BMD_INSIGHTS_UNDEFINED G_MININT64

typedef enum
{
  BMD_INSIGHTS_VIEW_MONTHS,
  BMD_INSIGHTS_VIEW_CUSTOMERS,
  BMD_INSIGHTS_VIEW_ANNIVERSARIES,
  BMD_INSIGHTS_VIEW_FLAVORS,
  BMD_INSIGHTS_VIEW_COHORTS,
  BMD_INSIGHTS_VIEW_SUMMARY,
} BmdInsightsView;

/* Checked in this order; the design's names by bmd_customer_state_to_string(). */
typedef enum
{
  BMD_CUSTOMER_STATE_PROSPECT,
  BMD_CUSTOMER_STATE_BOOKED,
  BMD_CUSTOMER_STATE_NEW,
  BMD_CUSTOMER_STATE_ACTIVE,
  BMD_CUSTOMER_STATE_DUE,
  BMD_CUSTOMER_STATE_LAPSED,
} BmdCustomerState;

/* One row of `report months`. */
typedef struct
{
  int     year;
  int     month;                 /* 1-12 */
  gint64  cakes;                 /* sold */
  gint64  revenue_cents;
  gint64  average_cents;         /* revenue ÷ cakes, or UNDEFINED */
  gint64  unpaid;                /* requests with no paid half */
  gint64  new_customers;
  gint64  returning_customers;
  gint64  median_lead_days;      /* lower middle, or UNDEFINED */
} BmdInsightsMonth;

/* One row of `report customers`. Strings are borrowed from the plan's orders. */
typedef struct
{
  const char       *customer_id;
  const char       *customer;      /* the name on the request with the latest pickup */
  /* From that request's deposit, else its remaining; NULL when the order does
   * not carry them, and always for light orders (the app's snapshot): read
   * name_order in full for them. */
  const char       *first_name;
  const char       *last_name;
  const char       *email;
  const char       *phone;
  gint64            cakes;         /* sold, all time */
  gint64            revenue_cents;
  GDate             first_pickup;  /* earliest sold cake, or invalid */
  GDate             last_pickup;   /* latest sold cake, or invalid */
  GDate             next_pickup;   /* earliest request not past, or invalid */
  BmdCustomerState  state;
  gboolean          vip;           /* cakes >= 3 */
  /* The order the name and the fields above come from (borrowed), to read
   * it in full when the plan's orders are light. */
  BmdOrder         *name_order;
} BmdInsightsCustomer;

/* One row of `report anniversaries`. */
typedef struct
{
  const char *customer_id;
  const char *customer;
  GDate       anniversary;
  const char *flavor;              /* that cake's merged flavor, as the request has it */
  int         years;
} BmdInsightsAnniversary;

/* One row of `report flavors`. */
typedef struct
{
  const char *flavor;              /* trimmed, lower-case; "(none)" for empty */
  gint64      cakes;
  gint64      share_tenths;        /* % of the period's sold cakes, in tenths */
} BmdInsightsFlavor;

/* One row of `report cohorts`. */
typedef struct
{
  int     year;
  gint64  customers;
  gint64  returned;
  gint64  rate_tenths;             /* returned ÷ customers, in tenths of a % */
  gint64  cakes;                   /* the cohort's sold cakes, all time */
  gint64  cakes_per_customer_hundredths;
} BmdInsightsCohort;

/* `report summary`. */
typedef struct
{
  int     year;                    /* now's month */
  int     month;
  gint64  cakes;
  gint64  revenue_cents;
  int     last_year_year;          /* the same month a year before */
  int     last_year_month;
  gint64  last_year_cakes;
  gint64  last_year_revenue_cents;
  gint64  open_balances;
  gint64  open_balance_cents;
  gint64  repeat_rate_tenths;      /* or UNDEFINED when no customer has a sold cake */
} BmdInsightsSummary;

#define BMD_TYPE_INSIGHTS (bmd_insights_get_type ())
G_DECLARE_FINAL_TYPE (BmdInsights, bmd_insights, BMD, INSIGHTS, GObject)

/* Computes every table at once from @plan's requests, now and zone. Keeps a
 * reference on @plan (the rows borrow its strings). Like the plan, used from
 * one thread at a time: compute in a worker, then hand it over. */
BmdInsights               *bmd_insights_new               (BmdPlan     *plan);

/* bmd_insights_new () in a worker thread, for the app: it reads only what
 * planning made (never the requests a view makes on demand), so the main
 * thread may keep using @plan meanwhile. */
void                       bmd_insights_new_async         (BmdPlan             *plan,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
BmdInsights               *bmd_insights_new_finish        (GAsyncResult        *result,
                                                           GError             **error);

BmdPlan                   *bmd_insights_get_plan          (BmdInsights *self);
/* Now's local date. */
const GDate               *bmd_insights_get_today         (BmdInsights *self);

/* Element type BmdInsightsMonth: every month from the earliest request's
 * pickup month to the latest's, empty months included; empty without requests. */
GArray                    *bmd_insights_get_months        (BmdInsights *self);
/* Element type BmdInsightsCustomer, sorted by name (case-insensitively, then
 * exactly), then customer id. */
GArray                    *bmd_insights_get_customers     (BmdInsights *self);
/* The row of @customer_id, or NULL. */
const BmdInsightsCustomer *bmd_insights_find_customer     (BmdInsights *self,
                                                           const char  *customer_id);
/* Element type BmdInsightsAnniversary, sorted by date, then as the customers. */
GArray                    *bmd_insights_get_anniversaries (BmdInsights *self);
/* Element type BmdInsightsFlavor, by cakes descending, then flavor. */
GArray                    *bmd_insights_get_flavors       (BmdInsights *self);
/* Element type BmdInsightsCohort, by year. */
GArray                    *bmd_insights_get_cohorts       (BmdInsights *self);
const BmdInsightsSummary  *bmd_insights_get_summary       (BmdInsights *self);

const char                *bmd_customer_state_to_string   (BmdCustomerState state);

/* Formats of the design: "12.50", "-0.05", "0.00". */
char                      *bmd_insights_format_money      (gint64 cents);
/* "12.3"; "" for UNDEFINED. */
char                      *bmd_insights_format_tenths     (gint64 tenths);

gboolean                   bmd_insights_view_from_string  (const char      *name,
                                                           BmdInsightsView *out);
const char                *bmd_insights_view_to_string    (BmdInsightsView  view);

/* A report as text rows with the design's column names, in the same table
 * type as the plan's views, so that every output format (TSV, JSON, …) of
 * bmd-plan-table applies. Summary is `key value` rows. */
BmdPlanTable              *bmd_insights_table_new         (BmdInsights     *self,
                                                           BmdInsightsView  view);

G_END_DECLS
