#pragma once

#include "bmd-plan.h"

G_BEGIN_DECLS

/* Sold cakes (a half paid) by pickup weekday and week: the Insights view's
 * heat map of the busiest days. The weeks are ISO weeks (Monday first) in the
 * plan's zone, the last @n_weeks of them ending with now's week. */
typedef struct
{
  GDate  first_monday;   /* the Monday of the first week */
  guint  n_weeks;
  guint *counts;         /* n_weeks × 7, week-major, Monday = 0 */
  guint  max;            /* the largest count, 0 without cakes */
  guint  weekday_totals[7];
} BmdInsightsHeat;

BmdInsightsHeat *bmd_insights_heat_new   (BmdPlan         *plan,
                                          guint            n_weeks);
void             bmd_insights_heat_free  (BmdInsightsHeat *heat);
guint            bmd_insights_heat_get   (const BmdInsightsHeat *heat,
                                          guint                  week,
                                          guint                  weekday);
/* The weekday (Monday = 0) with the most cakes over all the weeks, the
 * earliest in the week on a tie; -1 without cakes. */
int              bmd_insights_heat_busiest_weekday (const BmdInsightsHeat *heat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdInsightsHeat, bmd_insights_heat_free)

G_END_DECLS
