#pragma once

#include "bmd-insights.h"

G_BEGIN_DECLS

/* Whom to reach about a yearly cake: for each anniversary, in order, the id of
 * the order that names the customer on their latest request (its deposit,
 * else its remaining). The app keeps light orders without email or phone;
 * it reads these few orders in full to show them. */
GStrv bmd_insights_dup_anniversary_order_ids (BmdInsights *insights);

G_END_DECLS
