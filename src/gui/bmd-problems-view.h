#pragma once

#include <gtk/gtk.h>

#include "bmd-plan.h"

G_BEGIN_DECLS

/* "Problems": every order the planner could not use as it is, and why. */
#define BMD_TYPE_PROBLEMS_VIEW (bmd_problems_view_get_type ())
G_DECLARE_FINAL_TYPE (BmdProblemsView, bmd_problems_view, BMD, PROBLEMS_VIEW, GtkWidget)

void        bmd_problems_view_set_plan  (BmdProblemsView *self,
                                         BmdPlan         *plan,
                                         const char      *shop);
/* Element type BmdProblem, as shown. */
GListModel *bmd_problems_view_get_model (BmdProblemsView *self);

G_END_DECLS
