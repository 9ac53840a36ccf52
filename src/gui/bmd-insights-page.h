#pragma once

#include <gtk/gtk.h>

#include "bmd-insights.h"
#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* "Insights": this month's cakes and revenue against last year's, open
 * balances and the repeat rate as cards; monthly bars; the busiest days; the
 * flavour mix; customers by state; yearly cakes coming due; cohorts. Every
 * number the charts show is also written out. */
#define BMD_TYPE_INSIGHTS_PAGE (bmd_insights_page_get_type ())
G_DECLARE_FINAL_TYPE (BmdInsightsPage, bmd_insights_page, BMD, INSIGHTS_PAGE, GtkWidget)

/* NULL empties the view. @snapshot, whose plan @insights was computed from,
 * gives the customers' email and phone (its orders are light: the few the
 * yearly-cake list needs are read in full in a thread). */
void         bmd_insights_page_set_insights (BmdInsightsPage *self,
                                             BmdInsights     *insights,
                                             BmdSnapshot     *snapshot);
BmdInsights *bmd_insights_page_get_insights (BmdInsightsPage *self);
/* The table the page's "Export…" (BmdExportable, Ctrl+E) saves as CSV: the
 * one last picked in its Export menu, months at first. */
void         bmd_insights_page_set_export_view (BmdInsightsPage *self,
                                                BmdInsightsView  view);

G_END_DECLS
