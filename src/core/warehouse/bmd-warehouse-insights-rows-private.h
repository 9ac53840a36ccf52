#pragma once

#include "bmd-plan.h"

G_BEGIN_DECLS

/* The Insights' tables in the lake and the warehouse: monthly_metrics (the
 * columns of `report months`) and customer_state (of `report customers`),
 * each plus as_of and run_id; dim_customers_scd's columns. */
const char * const *_bmd_warehouse_insights_columns (const char *table);
/* Rows of monthly_metrics or customer_state made from the very table the
 * CLI's report prints, so that they cannot differ; dim_customers_scd comes
 * from the local warehouse, not from a plan: no rows here. NULL for any
 * other table. */
GPtrArray          *_bmd_warehouse_insights_rows    (BmdPlan    *plan,
                                                     const char *table,
                                                     const char *as_of,
                                                     const char *run_id);

G_END_DECLS
