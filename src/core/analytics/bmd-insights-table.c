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

/* A count, or "" when undefined; the text lies in @cell. */
static const char *
cell_count (BmdInsightsCell *cell,
            gint64           value)
{
  char *end = cell->text + sizeof cell->text - 1;
  char *start;

  if (value == BMD_INSIGHTS_UNDEFINED)
    return "";
  *end = '\0';
  start = _bmd_insights_digits_before (end, value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value, 1);
  if (value < 0)
    *--start = '-';
  return start;
}

/* YYYY-MM-DD, or "" for an invalid date. */
static const char *
cell_date (BmdInsightsCell *cell,
           const GDate     *date)
{
  char *end = cell->text + sizeof cell->text - 1;
  char *start;

  if (!g_date_valid (date))
    return "";
  *end = '\0';
  start = _bmd_insights_digits_before (end, g_date_get_day (date), 2);
  *--start = '-';
  start = _bmd_insights_digits_before (start, g_date_get_month (date), 2);
  *--start = '-';
  return _bmd_insights_digits_before (start, g_date_get_year (date), 4);
}

/* YYYY. */
static const char *
cell_year (BmdInsightsCell *cell,
           int              year)
{
  g_snprintf (cell->text, sizeof cell->text, "%04d", year);
  return cell->text;
}

/* YYYY-MM. */
static const char *
cell_month (BmdInsightsCell *cell,
            int              year,
            int              month)
{
  g_snprintf (cell->text, sizeof cell->text, "%04d-%02d", year, month);
  return cell->text;
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
      BmdInsightsCell cell[8];
      const char *cells[] = {
        cell_month (&cell[0], m->year, m->month),
        cell_count (&cell[1], m->cakes),
        _bmd_insights_cell_fixed (&cell[2], m->revenue_cents, 2),
        _bmd_insights_cell_fixed (&cell[3], m->average_cents, 2),
        cell_count (&cell[4], m->unpaid),
        cell_count (&cell[5], m->new_customers),
        cell_count (&cell[6], m->returning_customers),
        cell_count (&cell[7], m->median_lead_days),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (months_columns));
      bmd_plan_table_add_row (table, cells);
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
      BmdInsightsCell cell[5];
      const char *cells[] = {
        c->customer_id,
        c->customer,
        cell_count (&cell[0], c->cakes),
        _bmd_insights_cell_fixed (&cell[1], c->revenue_cents, 2),
        cell_date (&cell[2], &c->first_pickup),
        cell_date (&cell[3], &c->last_pickup),
        cell_date (&cell[4], &c->next_pickup),
        bmd_customer_state_to_string (c->state),
        c->vip ? "yes" : "no",
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (customers_columns));
      bmd_plan_table_add_row (table, cells);
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
      BmdInsightsCell cell[2];
      const char *cells[] = {
        a->customer_id,
        a->customer,
        cell_date (&cell[0], &a->anniversary),
        a->flavor,
        cell_count (&cell[1], a->years),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (anniversaries_columns));
      bmd_plan_table_add_row (table, cells);
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
      BmdInsightsCell cell[2];
      const char *cells[] = {
        f->flavor,
        cell_count (&cell[0], f->cakes),
        _bmd_insights_cell_fixed (&cell[1], f->share_tenths, 1),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (flavors_columns));
      bmd_plan_table_add_row (table, cells);
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
      BmdInsightsCell cell[5];
      const char *cells[] = {
        cell_year (&cell[0], c->year),
        cell_count (&cell[1], c->customers),
        cell_count (&cell[2], c->returned),
        _bmd_insights_cell_fixed (&cell[3], c->rate_tenths, 1),
        /* An average of cakes, not money, but with the same two decimals. */
        _bmd_insights_cell_fixed (&cell[4], c->cakes_per_customer_hundredths, 2),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (cohorts_columns));
      bmd_plan_table_add_row (table, cells);
    }
}

static void
add_pair (BmdPlanTable *table,
          const char   *key,
          const char   *value)
{
  const char *cells[] = { key, value };

  G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (summary_columns));
  bmd_plan_table_add_row (table, cells);
}

static void
add_summary (BmdPlanTable *table,
             BmdInsights  *insights)
{
  const BmdInsightsSummary *s = bmd_insights_get_summary (insights);
  BmdInsightsCell cell;

  add_pair (table, "month", cell_month (&cell, s->year, s->month));
  add_pair (table, "cakes", cell_count (&cell, s->cakes));
  add_pair (table, "revenue", _bmd_insights_cell_fixed (&cell, s->revenue_cents, 2));
  add_pair (table, "last_year_month", cell_month (&cell, s->last_year_year, s->last_year_month));
  add_pair (table, "last_year_cakes", cell_count (&cell, s->last_year_cakes));
  add_pair (table, "last_year_revenue", _bmd_insights_cell_fixed (&cell, s->last_year_revenue_cents, 2));
  add_pair (table, "open_balances", cell_count (&cell, s->open_balances));
  add_pair (table, "open_balance_amount", _bmd_insights_cell_fixed (&cell, s->open_balance_cents, 2));
  add_pair (table, "repeat_rate", _bmd_insights_cell_fixed (&cell, s->repeat_rate_tenths, 1));
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
