#define G_LOG_DOMAIN "bmd-warehouse"

#include "config.h"

#include <string.h>

#include "bmd-insights.h"
#include "bmd-warehouse-insights-rows-private.h"
#include "bmd-warehouse-rows.h"

static const char * const monthly_metrics_columns[] = {
  "month", "cakes", "revenue", "average_cake_value", "unpaid", "new_customers",
  "returning_customers", "median_lead_days", "as_of", "run_id", NULL
};

static const char * const customer_state_columns[] = {
  "customer_id", "customer", "cakes", "revenue", "first_pickup", "last_pickup",
  "next_pickup", "state", "vip", "as_of", "run_id", NULL
};

static const char * const dim_customers_scd_columns[] = {
  "customer_id", "first_name", "last_name", "email", "phone", "cakes", "state", "vip",
  "valid_from", "valid_to", "is_current", "as_of", "run_id", NULL
};

const char * const *
_bmd_warehouse_insights_columns (const char *table)
{
  if (strcmp (table, "monthly_metrics") == 0)
    return monthly_metrics_columns;
  if (strcmp (table, "customer_state") == 0)
    return customer_state_columns;
  if (strcmp (table, "dim_customers_scd") == 0)
    return dim_customers_scd_columns;
  return NULL;
}

/* One report row as a table row: counts are numbers, vip a boolean, an
 * empty cell (an undefined value) is null, the rest text as printed. */
static JsonObject *
row_from_report (const BmdPlanTable *report,
                 char              **cells,
                 const char         *as_of,
                 const char         *run_id)
{
  JsonObject *row = json_object_new ();
  guint j;

  for (j = 0; j < report->n_columns; j++)
    {
      const char *column = report->columns[j];
      const char *cell = cells[j];

      if (*cell == '\0')
        json_object_set_null_member (row, column);
      else if (strcmp (column, "vip") == 0)
        json_object_set_boolean_member (row, column, strcmp (cell, "yes") == 0);
      else if ((report->number_columns & (G_GUINT64_CONSTANT (1) << j)) != 0)
        json_object_set_int_member (row, column, g_ascii_strtoll (cell, NULL, 10));
      else
        json_object_set_string_member (row, column, cell);
    }
  json_object_set_string_member (row, "as_of", as_of);
  json_object_set_string_member (row, "run_id", run_id);
  return row;
}

GPtrArray *
_bmd_warehouse_insights_rows (BmdPlan    *plan,
                              const char *table,
                              const char *as_of,
                              const char *run_id)
{
  g_autoptr(BmdInsights) insights = NULL;
  g_autoptr(BmdPlanTable) report = NULL;
  GPtrArray *rows;
  BmdInsightsView view;
  guint i;

  if (strcmp (table, "monthly_metrics") == 0)
    view = BMD_INSIGHTS_VIEW_MONTHS;
  else if (strcmp (table, "customer_state") == 0)
    view = BMD_INSIGHTS_VIEW_CUSTOMERS;
  else if (strcmp (table, "dim_customers_scd") == 0)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  else
    return NULL;

  insights = bmd_insights_new (plan);
  report = bmd_insights_table_new (insights, view);
  rows = g_ptr_array_new_full (report->rows->len, (GDestroyNotify) json_object_unref);
  for (i = 0; i < report->rows->len; i++)
    g_ptr_array_add (rows, row_from_report (report, g_ptr_array_index (report->rows, i), as_of, run_id));
  return rows;
}

GPtrArray *
bmd_warehouse_history_rows (GPtrArray  *history,
                            const char *as_of,
                            const char *run_id)
{
  GPtrArray *rows;
  guint i;

  g_return_val_if_fail (history != NULL, NULL);

  rows = g_ptr_array_new_full (history->len, (GDestroyNotify) json_object_unref);
  for (i = 0; i < history->len; i++)
    {
      const BmdCustomerHistoryRow *h = g_ptr_array_index (history, i);
      JsonObject *row = json_object_new ();

#define SET_TEXT(column, value) \
      if ((value) != NULL) json_object_set_string_member (row, column, value); \
      else json_object_set_null_member (row, column)

      json_object_set_string_member (row, "customer_id", h->customer_id);
      SET_TEXT ("first_name", h->first_name);
      SET_TEXT ("last_name", h->last_name);
      SET_TEXT ("email", h->email);
      SET_TEXT ("phone", h->phone);
      json_object_set_int_member (row, "cakes", h->cakes);
      json_object_set_string_member (row, "state", h->state);
      json_object_set_boolean_member (row, "vip", h->vip);
      json_object_set_string_member (row, "valid_from", h->valid_from);
      SET_TEXT ("valid_to", h->valid_to);
      json_object_set_boolean_member (row, "is_current", h->is_current);
      json_object_set_string_member (row, "as_of", as_of);
      json_object_set_string_member (row, "run_id", run_id);
#undef SET_TEXT
      g_ptr_array_add (rows, row);
    }
  return rows;
}
