#pragma once

#include <adwaita.h>

#include "bmd-calendar-view.h"
#include "bmd-context.h"
#include "bmd-insights-page.h"
#include "bmd-problems-view.h"
#include "bmd-queue-view.h"
#include "bmd-upcoming-view.h"

G_BEGIN_DECLS

#define BMD_TYPE_WINDOW (bmd_window_get_type ())
G_DECLARE_FINAL_TYPE (BmdWindow, bmd_window, BMD, WINDOW, AdwApplicationWindow)

BmdWindow       *bmd_window_new                (GtkApplication *application,
                                                BmdContext     *context);
BmdQueueView    *bmd_window_get_queue_view     (BmdWindow *self);
BmdUpcomingView *bmd_window_get_upcoming_view  (BmdWindow *self);
BmdCalendarView *bmd_window_get_calendar_view  (BmdWindow *self);
BmdProblemsView *bmd_window_get_problems_view  (BmdWindow *self);
BmdInsightsPage  *bmd_window_get_insights_page  (BmdWindow *self);
/* Shows a view by name: queue, upcoming, calendar, insights, problems. */
void             bmd_window_show_view          (BmdWindow  *self,
                                                const char *name);
/* What the main area shows: loading, setup, empty, load-error or content. */
const char      *bmd_window_get_state          (BmdWindow *self);
/* The error bar's text, or NULL when it is hidden. */
const char      *bmd_window_get_error_message  (BmdWindow *self);
/* The stale-data warning's text, or NULL when it is hidden. */
const char      *bmd_window_get_stale_message  (BmdWindow *self);
/* The header's subtitle ("Last refreshed …"). */
const char      *bmd_window_get_subtitle       (BmdWindow *self);
AdwViewStackPage *bmd_window_get_problems_page (BmdWindow *self);
/* Shows a request (a notification's target): selected in the bake queue, or
 * its day in the calendar; once the orders are loaded if they are not yet. */
void             bmd_window_show_request       (BmdWindow  *self,
                                                const char *request_id);
/* Marks days and weeks over @capacity in the calendar and the queue. */
void             bmd_window_set_capacity       (BmdWindow         *self,
                                                const BmdCapacity *capacity);
BmdContext      *bmd_window_get_context        (BmdWindow *self);
/* The page shown and its name (queue, upcoming, calendar, problems, …). */
GtkWidget       *bmd_window_get_visible_view   (BmdWindow *self);
const char      *bmd_window_get_visible_view_name (BmdWindow *self);
void             bmd_window_add_toast          (BmdWindow  *self,
                                                const char *text);

G_END_DECLS
