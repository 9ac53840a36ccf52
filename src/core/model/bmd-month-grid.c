#define G_LOG_DOMAIN "bmd-month-grid"

#include "config.h"

#include "bmd-month-grid.h"

static void
first_cell (int    year,
            int    month,
            GDate *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, month, year);
  /* GDateWeekday: Monday is 1 … Sunday is 7. */
  g_date_subtract_days (out, g_date_get_weekday (out) - G_DATE_MONDAY);
}

guint
bmd_month_grid_n_rows (int year,
                       int month)
{
  GDate first;
  guint lead;
  guint days;

  g_return_val_if_fail (g_date_valid_dmy (1, month, year), 0);

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, month, year);
  lead = g_date_get_weekday (&first) - G_DATE_MONDAY;
  days = g_date_get_days_in_month (month, year);
  return (lead + days + BMD_MONTH_GRID_COLUMNS - 1) / BMD_MONTH_GRID_COLUMNS;
}

void
bmd_month_grid_cell_date (int    year,
                          int    month,
                          guint  row,
                          guint  column,
                          GDate *out)
{
  g_return_if_fail (g_date_valid_dmy (1, month, year));
  g_return_if_fail (column < BMD_MONTH_GRID_COLUMNS);
  g_return_if_fail (out != NULL);

  first_cell (year, month, out);
  g_date_add_days (out, row * BMD_MONTH_GRID_COLUMNS + column);
}

gboolean
bmd_month_grid_locate (int          year,
                       int          month,
                       const GDate *date,
                       guint       *row,
                       guint       *column)
{
  GDate first;
  int offset;

  g_return_val_if_fail (g_date_valid_dmy (1, month, year), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  first_cell (year, month, &first);
  offset = g_date_days_between (&first, date);
  if (offset < 0 || (guint) offset >= bmd_month_grid_n_rows (year, month) * BMD_MONTH_GRID_COLUMNS)
    return FALSE;
  if (row != NULL)
    *row = offset / BMD_MONTH_GRID_COLUMNS;
  if (column != NULL)
    *column = offset % BMD_MONTH_GRID_COLUMNS;
  return TRUE;
}

guint
bmd_month_grid_iso_week (int   year,
                         int   month,
                         guint row)
{
  GDate monday;

  g_return_val_if_fail (g_date_valid_dmy (1, month, year), 0);

  bmd_month_grid_cell_date (year, month, row, 0, &monday);
  return g_date_get_iso8601_week_of_year (&monday);
}

void
bmd_month_grid_add_months (int *year,
                           int *month,
                           int  delta)
{
  int index;

  g_return_if_fail (year != NULL && month != NULL);

  index = *year * 12 + (*month - 1) + delta;
  *year = index / 12;
  *month = index % 12 + 1;
}

void
bmd_month_grid_move (GDate       *date,
                     BmdGridMove  move)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  switch (move)
    {
    case BMD_GRID_MOVE_LEFT:
      g_date_subtract_days (date, 1);
      break;
    case BMD_GRID_MOVE_RIGHT:
      g_date_add_days (date, 1);
      break;
    case BMD_GRID_MOVE_UP:
      g_date_subtract_days (date, 7);
      break;
    case BMD_GRID_MOVE_DOWN:
      g_date_add_days (date, 7);
      break;
    case BMD_GRID_MOVE_WEEK_START:
      g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
      break;
    case BMD_GRID_MOVE_WEEK_END:
      g_date_add_days (date, G_DATE_SUNDAY - g_date_get_weekday (date));
      break;
    case BMD_GRID_MOVE_PREV_MONTH:
      /* GLib clamps the day to the shorter month. */
      g_date_subtract_months (date, 1);
      break;
    case BMD_GRID_MOVE_NEXT_MONTH:
      g_date_add_months (date, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}
