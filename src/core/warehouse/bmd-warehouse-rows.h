#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bmd-order.h"
#include "bmd-plan.h"
#include "bmd-store-scd.h"

G_BEGIN_DECLS

/* Rows for the lake and the warehouse (schema bmd): JSON objects whose
 * lower-case keys are the table's columns. Timestamps are ISO 8601 UTC
 * ("2026-06-29T20:00:00Z"); absent values are JSON null. */

/* "YYYYMMDDTHHMMSSZ-xxxxxx": the start in UTC and six random hex digits. */
char               *bmd_run_id_new                 (GDateTime  *started_utc);
gboolean            bmd_run_id_is_valid            (const char *run_id);

/* The columns of bmd.TABLE in their order, NULL-terminated; NULL when
 * @table is not one of orders, customer_requests, weekly_streamline_orders,
 * future_orders, etl_runs, monthly_metrics, customer_state, dim_customers_scd. */
const char * const *bmd_warehouse_columns          (const char *table);
/* customer_requests, weekly_streamline_orders, future_orders, and the
 * Insights' monthly_metrics, customer_state, dim_customers_scd. */
const char * const *bmd_warehouse_ready_tables     (void);

/* A bmd.orders row. pickup_date is the instant (wall times read in @zone);
 * NULL when missing or unparsable (raw keeps the original). note and raw are
 * cut to 65535 bytes, the warehouse's widest VARCHAR. */
JsonObject         *bmd_warehouse_order_row        (BmdOrder   *order,
                                                    GTimeZone  *zone,
                                                    const char *run_id);
/* @orders: element type BmdOrder. Element type JsonObject. */
GPtrArray          *bmd_warehouse_order_rows       (GPtrArray  *orders,
                                                    GTimeZone  *zone,
                                                    const char *run_id);

/* A ready table's rows from the plan, in the plan's row order; as_of is the
 * plan's now. weekly_streamline_orders: the bake queue, two rows per request
 * (deposit, remaining); future_orders: the upcoming rows; both with
 * placeholder rows (order_name "-", financial_status "MISSING") for a
 * missing half. customer_requests: every request of the plan.
 * monthly_metrics and customer_state: the rows of `report months` and
 * `report customers`. dim_customers_scd is the local warehouse's history,
 * not the plan's: no rows here (bmd_warehouse_history_rows () makes them).
 * Element type JsonObject; NULL for an unknown table. */
GPtrArray          *bmd_warehouse_ready_rows       (BmdPlan    *plan,
                                                    const char *table,
                                                    const char *run_id);
/* dim_customers_scd rows of the local warehouse's history (element type
 * BmdCustomerHistoryRow). Element type JsonObject. */
GPtrArray          *bmd_warehouse_history_rows     (GPtrArray  *history,
                                                    const char *as_of,
                                                    const char *run_id);
/* Every ready table's rows, made once for the lake and the warehouse: element
 * type GPtrArray (as above), one per bmd_warehouse_ready_tables () in order. */
GPtrArray          *bmd_warehouse_ready_rows_all   (BmdPlan    *plan,
                                                    const char *run_id);

G_END_DECLS
