#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The maths of a Monday-first month grid, as the app's calendar draws it.
 *
 * A month is shown as whole weeks: row 0 starts on the Monday on or before the
 * 1st and the last row ends on the Sunday on or after the month's last day, so
 * a month has 4 to 6 rows. Columns are 0 (Monday) to 6 (Sunday). */

#define BMD_MONTH_GRID_COLUMNS 7

typedef enum
{
  BMD_GRID_MOVE_LEFT,        /* the previous day */
  BMD_GRID_MOVE_RIGHT,       /* the next day */
  BMD_GRID_MOVE_UP,          /* a week earlier */
  BMD_GRID_MOVE_DOWN,        /* a week later */
  BMD_GRID_MOVE_WEEK_START,  /* the Monday of the week */
  BMD_GRID_MOVE_WEEK_END,    /* the Sunday of the week */
  BMD_GRID_MOVE_PREV_MONTH,  /* the same day a month earlier, clamped to the month's end */
  BMD_GRID_MOVE_NEXT_MONTH,  /* the same day a month later, clamped */
} BmdGridMove;

/* 4, 5 or 6. */
guint    bmd_month_grid_n_rows        (int          year,
                                       int          month);
/* The date shown in a cell (which may belong to the month before or after). */
void     bmd_month_grid_cell_date     (int          year,
                                       int          month,
                                       guint        row,
                                       guint        column,
                                       GDate       *out);
/* Where @date is shown; FALSE when it is outside the month's grid. */
gboolean bmd_month_grid_locate        (int          year,
                                       int          month,
                                       const GDate *date,
                                       guint       *row,
                                       guint       *column);
/* The ISO 8601 week number of a row (the week of its Monday). */
guint    bmd_month_grid_iso_week      (int          year,
                                       int          month,
                                       guint        row);
/* Moves @date in place. */
void     bmd_month_grid_move          (GDate       *date,
                                       BmdGridMove  move);
/* Steps a (year, month) pair by @delta months. */
void     bmd_month_grid_add_months    (int         *year,
                                       int         *month,
                                       int          delta);

G_END_DECLS
