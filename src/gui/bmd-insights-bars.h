#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Twelve months as paired bars drawn with Cairo: last year's (muted, left)
 * beside this year's (the accent colour, right), from a zero baseline, with
 * the month initials below. The numbers are in the tooltip and the
 * accessible text; the view prints the totals beside the chart too. */
#define BMD_TYPE_INSIGHTS_BARS (bmd_insights_bars_get_type ())
G_DECLARE_FINAL_TYPE (BmdInsightsBars, bmd_insights_bars, BMD, INSIGHTS_BARS, GtkWidget)

/* The colour of this year's bars, for the tests that measure them. */
extern const GdkRGBA bmd_insights_bars_this_year_color;

GtkWidget *bmd_insights_bars_new        (void);
/* @this_year and @last_year: 12 values each, January first. @format_value
 * writes one value for the tooltip ("3 cakes", "$120.00"). */
void       bmd_insights_bars_set_values (BmdInsightsBars *self,
                                         const gint64    *this_year,
                                         const gint64    *last_year,
                                         char          *(*format_value) (gint64 value));
/* The height in pixels of a bar of @value at the widget's current height:
 * what the tests compare rendered bars with. */
double     bmd_insights_bars_get_scale  (BmdInsightsBars *self);

G_END_DECLS
