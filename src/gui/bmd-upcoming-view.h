#pragma once

#include <gtk/gtk.h>

#include "bmd-plan.h"

G_BEGIN_DECLS

/* "Upcoming": every future order, two rows per request, with the missing
 * half as a placeholder; filtered by state and searched by name. */
#define BMD_TYPE_UPCOMING_VIEW (bmd_upcoming_view_get_type ())
G_DECLARE_FINAL_TYPE (BmdUpcomingView, bmd_upcoming_view, BMD, UPCOMING_VIEW, GtkWidget)

typedef enum
{
  BMD_UPCOMING_FILTER_ALL,
  BMD_UPCOMING_FILTER_PAID,
  BMD_UPCOMING_FILTER_UNPAID,
  BMD_UPCOMING_FILTER_MISSING,
} BmdUpcomingFilter;

void        bmd_upcoming_view_set_plan   (BmdUpcomingView  *self,
                                          BmdPlan          *plan);
/* The rows as shown (filtered, sorted). Element type BmdUpcomingRow. */
GListModel *bmd_upcoming_view_get_model  (BmdUpcomingView  *self);
void        bmd_upcoming_view_set_filter (BmdUpcomingView  *self,
                                          BmdUpcomingFilter filter);
void        bmd_upcoming_view_set_search (BmdUpcomingView  *self,
                                          const char       *text);

G_END_DECLS
