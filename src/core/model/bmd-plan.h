#pragma once

#include "bmd-order.h"
#include "bmd-problem.h"
#include "bmd-request.h"

G_BEGIN_DECLS

typedef enum
{
  BMD_PLAN_FLAGS_NONE          = 0,
  /* The bake queue is the current calendar week (Monday to Sunday) instead of the next 168 h. */
  BMD_PLAN_FLAGS_CALENDAR_WEEK = 1 << 0,
  /* Problems from the whole history, not only from today on. */
  BMD_PLAN_FLAGS_ALL_PROBLEMS  = 1 << 1,
} BmdPlanFlags;

typedef struct
{
  guint requests;
  guint paid;
  guint unpaid;
  guint missing;
} BmdDayCounts;

/* The state a calendar day is coloured by: the worst of its requests'
 * (missing, then unpaid, then paid). PAID for a day without requests, which
 * shows no state. */
BmdRequestState bmd_day_counts_get_worst_state (const BmdDayCounts *counts);

#define BMD_TYPE_UPCOMING_ROW (bmd_upcoming_row_get_type ())
G_DECLARE_FINAL_TYPE (BmdUpcomingRow, bmd_upcoming_row, BMD, UPCOMING_ROW, GObject)

BmdRequest   *bmd_upcoming_row_get_request    (BmdUpcomingRow *self);
BmdDraftType  bmd_upcoming_row_get_draft_type (BmdUpcomingRow *self);
/* NULL for the placeholder of a missing half. */
BmdOrder     *bmd_upcoming_row_get_order      (BmdUpcomingRow *self);
/* The order's status, or "MISSING". */
const char   *bmd_upcoming_row_get_status     (BmdUpcomingRow *self);

#define BMD_TYPE_PLAN (bmd_plan_get_type ())
G_DECLARE_FINAL_TYPE (BmdPlan, bmd_plan, BMD, PLAN, GObject)

/* Pure: depends only on the orders (any storage order), now and the zone.
 * @orders: element type BmdOrder; the plan keeps a reference on each.
 *
 * A plan makes each BmdRequest when it is first asked for (by the getters
 * below or by its upcoming rows), so like most GObjects it is used from one
 * thread at a time: plan in a worker, then hand it over. */
BmdPlan    *bmd_planner_plan            (GPtrArray    *orders,
                                         GDateTime    *now,
                                         GTimeZone    *zone,
                                         BmdPlanFlags  flags);

GDateTime  *bmd_plan_get_now            (BmdPlan *self);
GTimeZone  *bmd_plan_get_zone           (BmdPlan *self);
/* All requests of the whole history, sorted. Element type BmdRequest. Makes
 * every request on the first call: views read the queue, the upcoming rows
 * and days instead. */
GPtrArray  *bmd_plan_get_requests       (BmdPlan *self);
/* The bake queue, sorted. Element type BmdRequest. */
GPtrArray  *bmd_plan_get_queue          (BmdPlan *self);
/* Two rows per request from the start of today on, deposit first. Element
 * type BmdUpcomingRow; each row is made when asked for. */
GListModel *bmd_plan_get_upcoming       (BmdPlan *self);
/* In scope, sorted by order number then code. Element type BmdProblem. */
GPtrArray  *bmd_plan_get_problems       (BmdPlan *self);

/* Requests whose pickup falls on the local day. */
void        bmd_plan_count_day          (BmdPlan      *self,
                                         GDate        *day,
                                         BmdDayCounts *out);
/* Element type BmdRequest, sorted; never NULL. */
GPtrArray  *bmd_plan_dup_requests_on_day (BmdPlan *self,
                                          GDate   *day);

G_END_DECLS
