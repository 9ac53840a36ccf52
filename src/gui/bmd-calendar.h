#pragma once

#include <gtk/gtk.h>

#include "bmd-capacity.h"
#include "bmd-plan.h"

G_BEGIN_DECLS

/* A month grid drawn with Cairo: per day the pickups, coloured by the worst
 * request state; today marked; days off shaded; weekly totals on the right. */
#define BMD_TYPE_CALENDAR (bmd_calendar_get_type ())
G_DECLARE_FINAL_TYPE (BmdCalendar, bmd_calendar, BMD, CALENDAR, GtkWidget)

void         bmd_calendar_set_plan       (BmdCalendar *self,
                                          BmdPlan     *plan);
/* @days_off: element type char* ("YYYY-MM-DD"); copied. */
void         bmd_calendar_set_days_off   (BmdCalendar *self,
                                          GPtrArray   *days_off);
gboolean     bmd_calendar_is_day_off     (BmdCalendar *self,
                                          const GDate *day);
void         bmd_calendar_set_today      (BmdCalendar *self,
                                          const GDate *today);
void         bmd_calendar_set_month      (BmdCalendar *self,
                                          int          year,
                                          int          month);
int          bmd_calendar_get_year       (BmdCalendar *self);
int          bmd_calendar_get_month      (BmdCalendar *self);
/* Selects @day and shows its month. */
void         bmd_calendar_select_day     (BmdCalendar *self,
                                          const GDate *day);
const GDate *bmd_calendar_get_selected   (BmdCalendar *self);
/* Where @day is drawn, in widget coordinates; FALSE when it is not shown. */
gboolean     bmd_calendar_get_day_bounds (BmdCalendar     *self,
                                          const GDate     *day,
                                          graphene_rect_t *bounds);
/* Days and weeks over @capacity are marked: a day with a tag "9/8" (its
 * requests against cakes-per-day) at BMD_CALENDAR_OVER_TAG_* from the cell's
 * corner, a week with its total cell tinted and "9/8" against cakes-per-week. */
void         bmd_calendar_set_capacity   (BmdCalendar       *self,
                                          const BmdCapacity *capacity);
#define BMD_CALENDAR_OVER_TAG_X      36
#define BMD_CALENDAR_OVER_TAG_Y      8
#define BMD_CALENDAR_OVER_TAG_WIDTH  44
#define BMD_CALENDAR_OVER_TAG_HEIGHT 18
#define BMD_CALENDAR_OVER_WEEK_ALPHA 0.18
/* The colour of the over-capacity marks. */
void         bmd_calendar_get_over_color (GdkRGBA *color);

/* The fill of a day whose worst request is in @state. */
void         bmd_calendar_get_state_color (BmdRequestState  state,
                                           GdkRGBA         *color);

G_END_DECLS
