#pragma once

#include <gtk/gtk.h>

#include "bmd-calendar.h"
#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* "Calendar": the month grid, its navigation, and the selected day's
 * pickups and day-off switch. Emits "day-off-requested" (the day as a
 * GDate, off) when the user flips the switch; the owner stores it. */
#define BMD_TYPE_CALENDAR_VIEW (bmd_calendar_view_get_type ())
G_DECLARE_FINAL_TYPE (BmdCalendarView, bmd_calendar_view, BMD, CALENDAR_VIEW, GtkWidget)

void         bmd_calendar_view_set_snapshot (BmdCalendarView *self,
                                             BmdSnapshot     *snapshot);
BmdCalendar *bmd_calendar_view_get_calendar (BmdCalendarView *self);
/* The selected day's requests as listed. Element type BmdRequest. */
GListModel  *bmd_calendar_view_get_day_model (BmdCalendarView *self);

G_END_DECLS
