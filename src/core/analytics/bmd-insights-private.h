#pragma once

#include "bmd-insights.h"

G_BEGIN_DECLS

/* @numerator / @denominator (> 0) rounded half away from zero. */
gint64 _bmd_insights_div_round  (gint64 numerator,
                                 gint64 denominator);
/* Days since 1970-01-01 of a proleptic Gregorian date: differences of local
 * calendar dates without a GDate each. */
int    _bmd_insights_day_number (int    year,
                                 int    month,
                                 int    day);

G_END_DECLS
