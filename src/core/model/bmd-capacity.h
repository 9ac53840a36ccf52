#pragma once

#include "bmd-plan.h"

G_BEGIN_DECLS

/* The bakery's capacity: how many cakes a day and an ISO week (Monday to
 * Sunday) may hold. 0 means no limit. Settings `cakes-per-day` and
 * `cakes-per-week`. */
typedef struct
{
  guint per_day;
  guint per_week;
} BmdCapacity;

typedef struct
{
  guint    day_requests;
  guint    week_requests;
  gboolean day_over;   /* day_requests > per_day (a limit of 0 is never over) */
  gboolean week_over;  /* week_requests > per_week */
} BmdCapacityCheck;

/* The Monday of @day's ISO week (across a year boundary too). */
void     bmd_capacity_week_start  (const GDate *day,
                                   GDate       *out);
/* Requests whose pickup falls in @day's ISO week. */
guint    bmd_capacity_count_week  (BmdPlan     *plan,
                                   const GDate *day);
/* Pure: the counts of @day and its week against @capacity. Returns
 * day_over || week_over. */
gboolean bmd_capacity_check       (BmdPlan           *plan,
                                   const BmdCapacity *capacity,
                                   const GDate       *day,
                                   BmdCapacityCheck  *out);

G_END_DECLS
