#pragma once

#include <gtk/gtk.h>

#include "bmd-insights-heat.h"

G_BEGIN_DECLS

/* The busiest days: a week per column, Monday to Sunday down, each cell the
 * accent colour as strong as its count of sold cakes against the busiest
 * cell, with the count written in it. */
#define BMD_TYPE_INSIGHTS_HEATMAP (bmd_insights_heatmap_get_type ())
G_DECLARE_FINAL_TYPE (BmdInsightsHeatmap, bmd_insights_heatmap, BMD, INSIGHTS_HEATMAP, GtkWidget)

GtkWidget *bmd_insights_heatmap_new      (void);
/* Copies @heat; NULL shows an empty grid. */
void       bmd_insights_heatmap_set_heat (BmdInsightsHeatmap    *self,
                                          const BmdInsightsHeat *heat);

G_END_DECLS
