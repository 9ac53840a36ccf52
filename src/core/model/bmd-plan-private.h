#pragma once

#include "bmd-plan.h"
#include "bmd-request-table-private.h"

G_BEGIN_DECLS

/* The plan's requests as planned items, without making a BmdRequest each:
 * the Insights walk the whole history and need only the items. */
BmdRequestTable *_bmd_plan_get_request_table (BmdPlan *self);

G_END_DECLS
