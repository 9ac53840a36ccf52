#include "config.h"

#include "bmd-plan.h"

/* Here rather than in the calendar widget, so that the rule is tested
 * without a display: a day with a missing half must not look merely unpaid. */
BmdRequestState
bmd_day_counts_get_worst_state (const BmdDayCounts *counts)
{
  g_return_val_if_fail (counts != NULL, BMD_REQUEST_STATE_PAID);

  if (counts->missing > 0)
    return BMD_REQUEST_STATE_MISSING;
  if (counts->unpaid > 0)
    return BMD_REQUEST_STATE_UNPAID;
  return BMD_REQUEST_STATE_PAID;
}
