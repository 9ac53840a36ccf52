#define G_LOG_DOMAIN "bmd-insights-table"

#include "config.h"

#include "bmd-insights.h"
#include "bmd-insights-private.h"

/* The design's column names. Counts are numbers in JSON; money and
 * percentages stay exact decimal text. */
static const char * const months_columns[] = {
  "month", "cakes", "revenue", "average_cake_value", "unpaid",
  "new_customers", "returning_customers", "median_lead_days",
};

static const char * const customers_columns[] = {
  "customer_id", "customer", "cakes", "revenue", "first_pickup", "last_pickup",
  "next_pickup", "state", "vip",
};

static const char * const anniversaries_columns[] = {
  "customer_id", "customer", "anniversary", "flavor", "years",
};

static const char * const flavors_columns[] = {
  "flavor", "cakes", "share",
};

static const char * const cohorts_columns[] = {
  "year", "customers", "returned", "rate", "cakes_per_customer",
};

static const char * const summary_columns[] = {
  "key", "value",
};

/* Masks: bit j is column j. Undefined values (an empty cell) are null in
 * JSON; so is an empty count. */
static const struct
{
  const char *name;
  const char * const *columns;
  guint n_columns;
  guint64 number_columns;
  guint64 nullable_columns;
} views[] = {
  /* average_cake_value */
  [BMD_INSIGHTS_VIEW_MONTHS] = { "months", months_columns, G_N_ELEMENTS (months_columns), 0xf2, 0x08 },
  /* first_pickup, last_pickup, next_pickup */
  [BMD_INSIGHTS_VIEW_CUSTOMERS] = { "customers", customers_columns, G_N_ELEMENTS (customers_columns), 0x04, 0x70 },
  [BMD_INSIGHTS_VIEW_ANNIVERSARIES] = { "anniversaries", anniversaries_columns, G_N_ELEMENTS (anniversaries_columns), 0x10, 0 },
  [BMD_INSIGHTS_VIEW_FLAVORS] = { "flavors", flavors_columns, G_N_ELEMENTS (flavors_columns), 0x02, 0x04 },
  /* rate, cakes_per_customer */
  [BMD_INSIGHTS_VIEW_COHORTS] = { "cohorts", cohorts_columns, G_N_ELEMENTS (cohorts_columns), 0x07, 0x18 },
  /* value: repeat_rate over no customer */
  [BMD_INSIGHTS_VIEW_SUMMARY] = { "summary", summary_columns, G_N_ELEMENTS (summary_columns), 0, 0x02 },
};

gboolean
bmd_insights_view_from_string (const char      *name,
                               BmdInsightsView *out)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (g_strcmp0 (name, views[i].name) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
bmd_insights_view_to_string (BmdInsightsView view)
{
  g_return_val_if_fail ((guint) view < G_N_ELEMENTS (views), NULL);
  return views[view].name;
}

static char *
format_count (gint64 value)
{
  char text[24];
  char *end = text + sizeof text;
  char *start;

  if (value == BMD_INSIGHTS_UNDEFINED)
    return g_strdup ("");
  start = _bmd_insights_digits_before (end, value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value, 1);
  if (value < 0)
    *--start = '-';
  return g_strndup (start, (gsize) (end - start));
}

static char *
format_date (const GDate *date)
{
  char text[16];
  char *end = text + sizeof text;
  char *start;

  if (!g_date_valid (date))
    return g_strdup ("");
  start = _bmd_insights_digits_before (end, g_date_get_day (date), 2);
  *--start = '-';
  start = _bmd_insights_digits_before (start, g_date_get_month (date), 2);
  *--start = '-';
  start = _bmd_insights_digits_before (start, g_date_get_year (date), 4);
  return g_strndup (start, (gsize) (end - start));
}

static char *
format_month (int year,
              int month)
{
  return g_strdup_printf ("%04d-%02d", year, month);
}

static void
add_months (BmdPlanTable *table,
            BmdInsights  *insights)
{
  GArray *months = bmd_insights_get_months (insights);
  guint i;

  for (i = 0; i < months->len; i++)
    {
      const BmdInsightsMonth *m = &g_array_index (months, BmdInsightsMonth, i);
      char **row = g_new0 (char *, table->n_columns + 1);

      row[0] = format_month (m->year, m->month);
      row[1] = format_count (m->cakes);
      row[2] = bmd_insights_format_money (m->revenue_cents);
      row[3] = bmd_insights_format_money (m->average_cents);
      row[4] = format_count (m->unpaid);
      row[5] = format_count (m->new_customers);
      row[6] = format_count (m->returning_customers);
      row[7] = format_count (m->median_lead_days);
      g_ptr_array_add (table->rows, row);
    }
}

static void
add_customers (BmdPlanTable *table,
               BmdInsights  *insights)
{
  GArray *customers = bmd_insights_get_customers (insights);
  guint i;

  for (i = 0; i < customers->len; i++)
    {
      const BmdInsightsCustomer *c = &g_array_index (customers, BmdInsightsCustomer, i);
      char **row = g_new0 (char *, table->n_columns + 1);

      row[0] = g_strdup (c->customer_id);
      row[1] = g_strdup (c->customer);
      row[2] = format_count (c->cakes);
      row[3] = bmd_insights_format_money (c->revenue_cents);
      row[4] = format_date (&c->first_pickup);
      row[5] = format_date (&c->last_pickup);
      row[6] = format_date (&c->next_pickup);
      row[7] = g_strdup (bmd_customer_state_to_string (c->state));
      row[8] = g_strdup (c->vip ? "yes" : "no");
      g_ptr_array_add (table->rows, row);
    }
}

static void
add_anniversaries (BmdPlanTable *table,
                   BmdInsights  *insights)
{
  GArray *anniversaries = bmd_insights_get_anniversaries (insights);
  guint i;

  for (i = 0; i < anniversaries->len; i++)
    {
      const BmdInsightsAnniversary *a = &g_array_index (anniversaries, BmdInsightsAnniversary, i);
      char **row = g_new0 (char *, table->n_columns + 1);

      row[0] = g_strdup (a->customer_id);
      row[1] = g_strdup (a->customer);
      row[2] = format_date (&a->anniversary);
      row[3] = g_strdup (a->flavor);
      row[4] = format_count (a->years);
      g_ptr_array_add (table->rows, row);
    }
}

static void
add_flavors (BmdPlanTable *table,
             BmdInsights  *insights)
{
  GArray *flavors = bmd_insights_get_flavors (insights);
  guint i;

  for (i = 0; i < flavors->len; i++)
    {
      const BmdInsightsFlavor *f = &g_array_index (flavors, BmdInsightsFlavor, i);
      char **row = g_new0 (char *, table->n_columns + 1);

      row[0] = g_strdup (f->flavor);
      row[1] = format_count (f->cakes);
      row[2] = bmd_insights_format_tenths (f->share_tenths);
      g_ptr_array_add (table->rows, row);
    }
}

static void
add_cohorts (BmdPlanTable *table,
             BmdInsights  *insights)
{
  GArray *cohorts = bmd_insights_get_cohorts (insights);
  guint i;

  for (i = 0; i < cohorts->len; i++)
    {
      const BmdInsightsCohort *c = &g_array_index (cohorts, BmdInsightsCohort, i);
      char **row = g_new0 (char *, table->n_columns + 1);

      row[0] = g_strdup_printf ("%04d", c->year);
      row[1] = format_count (c->customers);
      row[2] = format_count (c->returned);
      row[3] = bmd_insights_format_tenths (c->rate_tenths);
      /* An average of cakes, not money, but with the same two decimals. */
      row[4] = bmd_insights_format_money (c->cakes_per_customer_hundredths);
      g_ptr_array_add (table->rows, row);
    }
}

static void
add_pair (BmdPlanTable *table,
          const char   *key,
          char         *value)
{
  char **row = g_new0 (char *, 3);

  row[0] = g_strdup (key);
  row[1] = value;
  g_ptr_array_add (table->rows, row);
}

static void
add_summary (BmdPlanTable *table,
             BmdInsights  *insights)
{
  const BmdInsightsSummary *s = bmd_insights_get_summary (insights);

  add_pair (table, "month", format_month (s->year, s->month));
  add_pair (table, "cakes", format_count (s->cakes));
  add_pair (table, "revenue", bmd_insights_format_money (s->revenue_cents));
  add_pair (table, "last_year_month", format_month (s->last_year_year, s->last_year_month));
  add_pair (table, "last_year_cakes", format_count (s->last_year_cakes));
  add_pair (table, "last_year_revenue", bmd_insights_format_money (s->last_year_revenue_cents));
  add_pair (table, "open_balances", format_count (s->open_balances));
  add_pair (table, "open_balance_amount", bmd_insights_format_money (s->open_balance_cents));
  add_pair (table, "repeat_rate", bmd_insights_format_tenths (s->repeat_rate_tenths));
}

BmdPlanTable *
bmd_insights_table_new (BmdInsights     *self,
                        BmdInsightsView  view)
{
  BmdPlanTable *table;

  g_return_val_if_fail (BMD_IS_INSIGHTS (self), NULL);
  g_return_val_if_fail ((guint) view < G_N_ELEMENTS (views), NULL);

  table = bmd_plan_table_new_for_columns (views[view].columns, views[view].n_columns,
                                          views[view].number_columns);
  table->nullable_columns = views[view].nullable_columns;
  switch (view)
    {
    case BMD_INSIGHTS_VIEW_MONTHS:
      add_months (table, self);
      break;
    case BMD_INSIGHTS_VIEW_CUSTOMERS:
      add_customers (table, self);
      break;
    case BMD_INSIGHTS_VIEW_ANNIVERSARIES:
      add_anniversaries (table, self);
      break;
    case BMD_INSIGHTS_VIEW_FLAVORS:
      add_flavors (table, self);
      break;
    case BMD_INSIGHTS_VIEW_COHORTS:
      add_cohorts (table, self);
      break;
    case BMD_INSIGHTS_VIEW_SUMMARY:
    default:
      add_summary (table, self);
      break;
    }
  return table;
}
