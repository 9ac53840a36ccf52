#define G_LOG_DOMAIN "bmd-insights"

#include "config.h"

#include "bmd-insights-heat.h"
#include "bmd-plan-private.h"
#include "bmd-request-private.h"
#include "bmd-request-table-private.h"

static void
set_date_from_key (GDate *date,
                   int    key)
{
  g_date_clear (date, 1);
  g_date_set_dmy (date, key % 100, (key / 100) % 100, key / 10000);
}

BmdInsightsHeat *
bmd_insights_heat_new (BmdPlan *plan,
                       guint    n_weeks)
{
  g_autoptr(BmdInsightsHeat) heat = NULL;
  g_autoptr(GDateTime) now_local = NULL;
  BmdRequestTable *table;
  GDate today;
  guint n;

  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (n_weeks > 0, NULL);

  heat = g_new0 (BmdInsightsHeat, 1);
  heat->n_weeks = n_weeks;
  heat->counts = g_new0 (guint, (gsize) n_weeks * 7);

  now_local = g_date_time_to_timezone (bmd_plan_get_now (plan), bmd_plan_get_zone (plan));
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now_local),
                  g_date_time_get_month (now_local), g_date_time_get_year (now_local));
  heat->first_monday = today;
  g_date_subtract_days (&heat->first_monday, g_date_get_weekday (&today) - G_DATE_MONDAY);
  g_date_subtract_days (&heat->first_monday, 7 * (n_weeks - 1));

  table = _bmd_plan_get_request_table (plan);
  n = _bmd_request_table_get_len (table);
  for (guint i = 0; i < n; i++)
    {
      const BmdPlanned *p = _bmd_request_table_peek (table, i);
      GDate day;
      gint64 offset;
      guint week;
      guint weekday;

      if (!_bmd_request_either_paid_of (p->deposit, p->remaining))
        continue;
      set_date_from_key (&day, p->day);
      if (!g_date_valid (&day))
        continue;
      offset = (gint64) g_date_get_julian (&day) - (gint64) g_date_get_julian (&heat->first_monday);
      if (offset < 0 || offset >= (gint64) n_weeks * 7)
        continue;
      week = (guint) (offset / 7);
      weekday = (guint) (offset % 7);
      heat->counts[week * 7 + weekday]++;
      heat->max = MAX (heat->max, heat->counts[week * 7 + weekday]);
      heat->weekday_totals[weekday]++;
    }
  return g_steal_pointer (&heat);
}

void
bmd_insights_heat_free (BmdInsightsHeat *heat)
{
  if (heat == NULL)
    return;
  g_free (heat->counts);
  g_free (heat);
}

guint
bmd_insights_heat_get (const BmdInsightsHeat *heat,
                       guint                  week,
                       guint                  weekday)
{
  g_return_val_if_fail (heat != NULL, 0);
  g_return_val_if_fail (week < heat->n_weeks && weekday < 7, 0);

  return heat->counts[week * 7 + weekday];
}

int
bmd_insights_heat_busiest_weekday (const BmdInsightsHeat *heat)
{
  int best = -1;

  g_return_val_if_fail (heat != NULL, -1);

  for (int d = 0; d < 7; d++)
    if (heat->weekday_totals[d] > 0 && (best < 0 || heat->weekday_totals[d] > heat->weekday_totals[best]))
      best = d;
  return best;
}
