#define G_LOG_DOMAIN "bmd-warehouse"

#include "config.h"

#include <string.h>

#include "bmd-pickup.h"
#include "bmd-request.h"
#include "bmd-warehouse-insights-rows-private.h"
#include "bmd-warehouse-rows.h"

/* Redshift's widest VARCHAR, in bytes. */
#define MAX_VARCHAR 65535

static const char * const orders_columns[] = {
  "order_id", "order_name", "customer_id", "first_name", "last_name", "email", "phone",
  "created_at", "updated_at", "processed_at", "cancelled_at", "deleted_at",
  "financial_status", "fulfillment_status", "total_price", "currency", "draft_type",
  "pickup_date", "flavor", "theme", "allergies", "note", "raw", "run_id", NULL
};

static const char * const customer_requests_columns[] = {
  "request_id", "customer_id", "customer_name", "pickup_date", "deposit_order_id",
  "remaining_order_id", "deposit_status", "remaining_status", "flavor", "theme",
  "allergies", "state", "as_of", "run_id", NULL
};

static const char * const ready_order_columns[] = {
  "order_name", "first_name", "customer_name", "financial_status", "draft_type", "theme",
  "flavor", "allergies", "pickup_date", "request_id", "as_of", "run_id", NULL
};

static const char * const etl_runs_columns[] = {
  "run_id", "started_at", "finished_at", "status", "orders_total", "added", "updated",
  "deleted", "lake_key", "error", NULL
};

static const char * const ready_tables[] = {
  "customer_requests", "weekly_streamline_orders", "future_orders",
  "monthly_metrics", "customer_state", "dim_customers_scd", NULL
};

char *
bmd_run_id_new (GDateTime *started_utc)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (started_utc != NULL, NULL);

  utc = g_date_time_to_utc (started_utc);
  stamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  return g_strdup_printf ("%s-%06x", stamp, g_random_int_range (0, 0x1000000));
}

gboolean
bmd_run_id_is_valid (const char *run_id)
{
  static const char pattern[] = "dddddddd" "Tdddddd" "Z-hhhhhh";

  if (run_id == NULL || strlen (run_id) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    {
      char c = run_id[i];

      switch (pattern[i])
        {
        case 'd':
          if (!g_ascii_isdigit (c))
            return FALSE;
          break;
        case 'h':
          if (!g_ascii_isxdigit (c) || g_ascii_isupper (c))
            return FALSE;
          break;
        default:
          if (c != pattern[i])
            return FALSE;
        }
    }
  return TRUE;
}

const char * const *
bmd_warehouse_columns (const char *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  if (strcmp (table, "orders") == 0)
    return orders_columns;
  if (strcmp (table, "customer_requests") == 0)
    return customer_requests_columns;
  if (strcmp (table, "weekly_streamline_orders") == 0 || strcmp (table, "future_orders") == 0)
    return ready_order_columns;
  if (strcmp (table, "etl_runs") == 0)
    return etl_runs_columns;
  return _bmd_warehouse_insights_columns (table);
}

const char * const *
bmd_warehouse_ready_tables (void)
{
  return ready_tables;
}

static void
set_string (JsonObject *row,
            const char *column,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (row, column, value);
  else
    json_object_set_null_member (row, column);
}

static void
set_time (JsonObject *row,
          const char *column,
          GDateTime  *value)
{
  g_autofree char *text = bmd_format_utc_iso8601 (value);

  set_string (row, column, text);
}

static void
take_time (JsonObject *row,
           const char *column,
           GDateTime  *value)
{
  g_autoptr(GDateTime) owned = value;

  set_time (row, column, owned);
}

/* Cut at a UTF-8 character boundary so the text stays valid. */
static void
set_wide_string (JsonObject *row,
                 const char *column,
                 const char *value)
{
  const char *end;

  if (value == NULL || strlen (value) <= MAX_VARCHAR)
    {
      set_string (row, column, value);
      return;
    }
  end = g_utf8_find_prev_char (value, value + MAX_VARCHAR + 1);
  {
    g_autofree char *cut = g_strndup (value, end - value);

    g_debug ("%s cut from %zu to %zu bytes", column, strlen (value), strlen (cut));
    set_string (row, column, cut);
  }
}

JsonObject *
bmd_warehouse_order_row (BmdOrder   *order,
                         GTimeZone  *zone,
                         const char *run_id)
{
  g_auto(BmdPickup) pickup = { NULL, NULL, FALSE };
  g_autofree char *raw = NULL;
  JsonObject *row;
  BmdDraftType type;
  const char *pickup_value;

  g_return_val_if_fail (BMD_IS_ORDER (order), NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  row = json_object_new ();
  set_string (row, "order_id", bmd_order_get_id (order));
  set_string (row, "order_name", bmd_order_get_name (order));
  set_string (row, "customer_id", bmd_order_get_customer_id (order));
  set_string (row, "first_name", bmd_order_get_first_name (order));
  set_string (row, "last_name", bmd_order_get_last_name (order));
  set_string (row, "email", bmd_order_get_email (order));
  set_string (row, "phone", bmd_order_get_phone (order));
  take_time (row, "created_at", bmd_order_dup_created_at (order));
  take_time (row, "updated_at", bmd_order_dup_updated_at (order));
  take_time (row, "processed_at", bmd_order_dup_processed_at (order));
  take_time (row, "cancelled_at", bmd_order_dup_cancelled_at (order));
  /* The snapshot holds the orders still in the store; deletions are marked by the caller. */
  set_string (row, "deleted_at", NULL);
  set_string (row, "financial_status", bmd_order_get_financial_status (order));
  set_string (row, "fulfillment_status", bmd_order_get_fulfillment_status (order));
  set_string (row, "total_price", bmd_order_get_total_price (order));
  set_string (row, "currency", bmd_order_get_currency (order));

  type = bmd_order_get_draft_type (order);
  if (type == BMD_DRAFT_TYPE_UNKNOWN)
    set_string (row, "draft_type", bmd_order_get_draft_type_value (order));
  else
    set_string (row, "draft_type", bmd_draft_type_to_string (type));

  pickup_value = bmd_order_get_pickup_value (order);
  if (pickup_value != NULL && bmd_pickup_parse (pickup_value, zone, &pickup))
    set_time (row, "pickup_date", pickup.at);
  else
    set_string (row, "pickup_date", NULL);

  set_string (row, "flavor", bmd_order_get_flavor (order));
  set_string (row, "theme", bmd_order_get_theme (order));
  set_string (row, "allergies", bmd_order_get_allergies (order));
  set_wide_string (row, "note", bmd_order_get_note (order));
  raw = bmd_order_dup_json_string (order);
  set_wide_string (row, "raw", raw);
  set_string (row, "run_id", run_id);
  return row;
}

GPtrArray *
bmd_warehouse_order_rows (GPtrArray  *orders,
                          GTimeZone  *zone,
                          const char *run_id)
{
  GPtrArray *rows;

  g_return_val_if_fail (orders != NULL, NULL);

  rows = g_ptr_array_new_full (orders->len, (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < orders->len; i++)
    g_ptr_array_add (rows, bmd_warehouse_order_row (g_ptr_array_index (orders, i), zone, run_id));
  return rows;
}

static JsonObject *
ready_order_row (BmdRequest   *request,
                 BmdDraftType  type,
                 BmdOrder     *order,
                 const char   *status,
                 const char   *as_of,
                 const char   *run_id)
{
  JsonObject *row = json_object_new ();

  set_string (row, "order_name", order != NULL ? bmd_order_get_name (order) : "-");
  set_string (row, "first_name", bmd_request_get_first_name (request));
  set_string (row, "customer_name", bmd_request_get_customer_name (request));
  set_string (row, "financial_status", order != NULL ? status : "MISSING");
  set_string (row, "draft_type", bmd_draft_type_to_string (type));
  set_string (row, "theme", bmd_request_get_theme (request));
  set_string (row, "flavor", bmd_request_get_flavor (request));
  set_string (row, "allergies", bmd_request_get_allergies (request));
  set_time (row, "pickup_date", bmd_request_get_pickup (request));
  set_string (row, "request_id", bmd_request_get_id (request));
  set_string (row, "as_of", as_of);
  set_string (row, "run_id", run_id);
  return row;
}

static JsonObject *
customer_request_row (BmdRequest *request,
                      const char *as_of,
                      const char *run_id)
{
  JsonObject *row = json_object_new ();
  BmdOrder *deposit = bmd_request_get_deposit (request);
  BmdOrder *remaining = bmd_request_get_remaining (request);

  set_string (row, "request_id", bmd_request_get_id (request));
  set_string (row, "customer_id", bmd_request_get_customer_id (request));
  set_string (row, "customer_name", bmd_request_get_customer_name (request));
  set_time (row, "pickup_date", bmd_request_get_pickup (request));
  set_string (row, "deposit_order_id", deposit != NULL ? bmd_order_get_id (deposit) : NULL);
  set_string (row, "remaining_order_id", remaining != NULL ? bmd_order_get_id (remaining) : NULL);
  set_string (row, "deposit_status", bmd_request_get_half_status (request, BMD_DRAFT_TYPE_DEPOSIT));
  set_string (row, "remaining_status", bmd_request_get_half_status (request, BMD_DRAFT_TYPE_REMAINING));
  set_string (row, "flavor", bmd_request_get_flavor (request));
  set_string (row, "theme", bmd_request_get_theme (request));
  set_string (row, "allergies", bmd_request_get_allergies (request));
  set_string (row, "state", bmd_request_state_to_string (bmd_request_get_state (request)));
  set_string (row, "as_of", as_of);
  set_string (row, "run_id", run_id);
  return row;
}

GPtrArray *
bmd_warehouse_ready_rows (BmdPlan    *plan,
                          const char *table,
                          const char *run_id)
{
  g_autofree char *as_of = NULL;
  GPtrArray *rows;

  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (table != NULL, NULL);

  as_of = bmd_format_utc_iso8601 (bmd_plan_get_now (plan));
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if (strcmp (table, "customer_requests") == 0)
    {
      GPtrArray *requests = bmd_plan_get_requests (plan);

      for (guint i = 0; i < requests->len; i++)
        g_ptr_array_add (rows, customer_request_row (g_ptr_array_index (requests, i), as_of, run_id));
    }
  else if (strcmp (table, "weekly_streamline_orders") == 0)
    {
      GPtrArray *queue = bmd_plan_get_queue (plan);

      for (guint i = 0; i < queue->len; i++)
        {
          BmdRequest *request = g_ptr_array_index (queue, i);
          const BmdDraftType halves[] = { BMD_DRAFT_TYPE_DEPOSIT, BMD_DRAFT_TYPE_REMAINING };

          for (guint h = 0; h < G_N_ELEMENTS (halves); h++)
            g_ptr_array_add (rows, ready_order_row (request, halves[h],
                                                    bmd_request_get_half (request, halves[h]),
                                                    bmd_request_get_half_status (request, halves[h]),
                                                    as_of, run_id));
        }
    }
  else if (strcmp (table, "future_orders") == 0)
    {
      GListModel *upcoming = bmd_plan_get_upcoming (plan);
      guint n = g_list_model_get_n_items (upcoming);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(BmdUpcomingRow) up = g_list_model_get_item (upcoming, i);

          g_ptr_array_add (rows, ready_order_row (bmd_upcoming_row_get_request (up),
                                                  bmd_upcoming_row_get_draft_type (up),
                                                  bmd_upcoming_row_get_order (up),
                                                  bmd_upcoming_row_get_status (up),
                                                  as_of, run_id));
        }
    }
  else
    {
      g_ptr_array_unref (rows);
      return _bmd_warehouse_insights_rows (plan, table, as_of, run_id);
    }
  return rows;
}

GPtrArray *
bmd_warehouse_ready_rows_all (BmdPlan    *plan,
                              const char *run_id)
{
  const char * const *tables = bmd_warehouse_ready_tables ();
  GPtrArray *all = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);

  for (guint i = 0; tables[i] != NULL; i++)
    g_ptr_array_add (all, bmd_warehouse_ready_rows (plan, tables[i], run_id));
  return all;
}
