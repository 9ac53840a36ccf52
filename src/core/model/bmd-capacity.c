#define G_LOG_DOMAIN "bmd-capacity"

#include "config.h"

#include <string.h>

#include "bmd-capacity.h"

void
bmd_capacity_week_start (const GDate *day,
                         GDate       *out)
{
  g_return_if_fail (day != NULL && g_date_valid (day));
  g_return_if_fail (out != NULL);

  *out = *day;
  /* GDateWeekday: Monday is 1 … Sunday is 7; GDate arithmetic is on Julian
   * days, so a week that starts in December and ends in January is whole. */
  g_date_subtract_days (out, g_date_get_weekday (day) - G_DATE_MONDAY);
}

guint
bmd_capacity_count_week (BmdPlan     *plan,
                         const GDate *day)
{
  GDate cursor;
  guint total = 0;
  guint i;

  g_return_val_if_fail (BMD_IS_PLAN (plan), 0);
  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);

  bmd_capacity_week_start (day, &cursor);
  for (i = 0; i < 7; i++)
    {
      BmdDayCounts counts;

      bmd_plan_count_day (plan, &cursor, &counts);
      total += counts.requests;
      g_date_add_days (&cursor, 1);
    }
  return total;
}

gboolean
bmd_capacity_check (BmdPlan           *plan,
                    const BmdCapacity *capacity,
                    const GDate       *day,
                    BmdCapacityCheck  *out)
{
  BmdDayCounts counts;
  GDate copy;

  g_return_val_if_fail (BMD_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (capacity != NULL, FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  copy = *day;
  bmd_plan_count_day (plan, &copy, &counts);
  out->day_requests = counts.requests;
  out->week_requests = bmd_capacity_count_week (plan, day);
  /* "Over" is more than the limit: a full day is not over. */
  out->day_over = capacity->per_day > 0 && out->day_requests > capacity->per_day;
  out->week_over = capacity->per_week > 0 && out->week_requests > capacity->per_week;
  return out->day_over || out->week_over;
}
