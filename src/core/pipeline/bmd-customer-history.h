#pragma once

#include "bmd-insights.h"
#include "bmd-store.h"
#include "bmd-store-scd.h"

G_BEGIN_DECLS

/* Every customer of @insights as dim_customers_scd tracks them, in the
 * customers table's order: element type BmdCustomerVersion, whose strings
 * are borrowed from @insights (names, email and phone are NULL for light
 * orders). */
GArray   *bmd_customer_versions_from_insights (BmdInsights  *insights);

/* Inside the refresh's transaction: plans the store's live orders (as they
 * are in this transaction) as of @run_time in @zone, and brings
 * dim_customers_scd up to the customers' state, closing and adding rows
 * with @run_time. */
gboolean  bmd_customer_history_update        (BmdStore     *store,
                                              GTimeZone    *zone,
                                              GDateTime    *run_time,
                                              guint        *out_changed,
                                              GError      **error);

G_END_DECLS
