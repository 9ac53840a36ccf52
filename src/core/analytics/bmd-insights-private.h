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

/* Writes @value in decimal, at least @min_digits digits (leading zeros),
 * just before @end; returns where the digits start. The reports format
 * some 100,000 numbers: printf's parsing of the format costs more than the
 * rules. */
static inline char *
_bmd_insights_digits_before (char    *end,
                             guint64  value,
                             guint    min_digits)
{
  guint n = 0;

  do
    {
      *--end = (char) ('0' + value % 10);
      value /= 10;
      n++;
    }
  while (value != 0 || n < min_digits);
  return end;
}

/* Room for one report cell's text: a count, an amount, a date. The tables
 * format their cells here and copy each row once (bmd_plan_table_add_row ()). */
typedef struct
{
  char text[32];
} BmdInsightsCell;

/* @value with @decimals (1 or 2) digits after the point, or "" when it is
 * BMD_INSIGHTS_UNDEFINED; the text lies in @cell. */
const char *_bmd_insights_cell_fixed (BmdInsightsCell *cell,
                                      gint64           value,
                                      guint            decimals);

G_END_DECLS
