#pragma once

#include "bmd-plan.h"
#include "bmd-request-table-private.h"

G_BEGIN_DECLS

/* The upcoming rows of the requests from @first on (sorted requests, so the
 * future ones are a suffix): a deposit row then a remaining row for each. The
 * rows, and their requests, are made when asked for, so that a plan of
 * 100,000 orders does not hold 80,000 row objects nobody may look at. Keeps
 * a reference on @requests. */
GListModel *_bmd_upcoming_rows_new (BmdRequestTable *requests,
                                    guint            first);

G_END_DECLS
