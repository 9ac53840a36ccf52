#include "config.h"

#include "bmd-month-grid.h"

static void
assert_date (const GDate *date,
             int          year,
             int          month,
             int          day)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_year (date), ==, year);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_day (date), ==, day);
}

static void
test_rows (void)
{
  static const struct { int year, month; guint rows; } cases[] = {
    { 2021, 2, 4 },   /* starts on a Monday, 28 days: exactly four weeks */
    { 2026, 6, 5 },   /* starts on a Monday, 30 days */
    { 2026, 2, 5 },   /* 28 days, but the 1st is a Sunday */
    { 2026, 3, 6 },   /* starts on a Sunday, 31 days */
    { 2024, 2, 5 },   /* leap year, starts on a Thursday */
    { 2026, 11, 6 },  /* starts on a Sunday, 30 days */
    { 2026, 12, 5 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpuint (bmd_month_grid_n_rows (cases[i].year, cases[i].month), ==, cases[i].rows);
    }
}

static void
test_cells (void)
{
  GDate date;
  guint row, column;

  /* June 2026 starts on a Monday. */
  bmd_month_grid_cell_date (2026, 6, 0, 0, &date);
  assert_date (&date, 2026, 6, 1);
  bmd_month_grid_cell_date (2026, 6, 4, 6, &date);
  assert_date (&date, 2026, 7, 5);

  /* March 2026 starts on a Sunday: six days of February lead. */
  bmd_month_grid_cell_date (2026, 3, 0, 0, &date);
  assert_date (&date, 2026, 2, 23);
  bmd_month_grid_cell_date (2026, 3, 0, 6, &date);
  assert_date (&date, 2026, 3, 1);
  bmd_month_grid_cell_date (2026, 3, 5, 1, &date);
  assert_date (&date, 2026, 3, 31);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, 3, 2026);
  g_assert_true (bmd_month_grid_locate (2026, 3, &date, &row, &column));
  g_assert_cmpuint (row, ==, 5);
  g_assert_cmpuint (column, ==, 1);

  g_date_set_dmy (&date, 22, 2, 2026);
  g_assert_false (bmd_month_grid_locate (2026, 3, &date, &row, &column));
  g_date_set_dmy (&date, 23, 2, 2026);
  g_assert_true (bmd_month_grid_locate (2026, 3, &date, &row, &column));
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (column, ==, 0);
  g_date_set_dmy (&date, 6, 4, 2026);
  g_assert_false (bmd_month_grid_locate (2026, 3, &date, NULL, NULL));

  /* Every cell locates back to itself. */
  for (row = 0; row < bmd_month_grid_n_rows (2024, 2); row++)
    for (column = 0; column < 7; column++)
      {
        guint r, c;

        bmd_month_grid_cell_date (2024, 2, row, column, &date);
        g_assert_cmpint (g_date_get_weekday (&date), ==, G_DATE_MONDAY + column);
        g_assert_true (bmd_month_grid_locate (2024, 2, &date, &r, &c));
        g_assert_cmpuint (r, ==, row);
        g_assert_cmpuint (c, ==, column);
      }
}

static void
test_iso_weeks (void)
{
  /* 2026-01-01 is a Thursday: its week is week 1 of 2026. */
  g_assert_cmpuint (bmd_month_grid_iso_week (2026, 1, 0), ==, 1);
  /* 2027-01-01 is a Friday: its Monday (2026-12-28) is in week 53 of 2026. */
  g_assert_cmpuint (bmd_month_grid_iso_week (2027, 1, 0), ==, 53);
  /* 2026-06-29 is the Monday of week 27. */
  g_assert_cmpuint (bmd_month_grid_iso_week (2026, 6, 4), ==, 27);
  /* 2021-01-01 is a Friday in week 53 of 2020. */
  g_assert_cmpuint (bmd_month_grid_iso_week (2021, 1, 0), ==, 53);
  g_assert_cmpuint (bmd_month_grid_iso_week (2021, 1, 1), ==, 1);
}

static void
test_moves (void)
{
  static const struct
  {
    int y, m, d;
    BmdGridMove move;
    int ey, em, ed;
  } cases[] = {
    { 2026, 3, 1, BMD_GRID_MOVE_LEFT, 2026, 2, 28 },
    { 2026, 12, 31, BMD_GRID_MOVE_RIGHT, 2027, 1, 1 },
    { 2026, 3, 3, BMD_GRID_MOVE_UP, 2026, 2, 24 },
    { 2026, 3, 30, BMD_GRID_MOVE_DOWN, 2026, 4, 6 },
    { 2026, 6, 27, BMD_GRID_MOVE_WEEK_START, 2026, 6, 22 },
    { 2026, 6, 22, BMD_GRID_MOVE_WEEK_START, 2026, 6, 22 },
    { 2026, 6, 22, BMD_GRID_MOVE_WEEK_END, 2026, 6, 28 },
    { 2026, 6, 28, BMD_GRID_MOVE_WEEK_END, 2026, 6, 28 },
    { 2026, 3, 31, BMD_GRID_MOVE_PREV_MONTH, 2026, 2, 28 },
    { 2024, 1, 31, BMD_GRID_MOVE_NEXT_MONTH, 2024, 2, 29 },
    { 2026, 12, 15, BMD_GRID_MOVE_NEXT_MONTH, 2027, 1, 15 },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, cases[i].d, cases[i].m, cases[i].y);
      bmd_month_grid_move (&date, cases[i].move);
      assert_date (&date, cases[i].ey, cases[i].em, cases[i].ed);
    }
}

static void
test_add_months (void)
{
  int year = 2026, month = 1;

  bmd_month_grid_add_months (&year, &month, -1);
  g_assert_cmpint (year, ==, 2025);
  g_assert_cmpint (month, ==, 12);
  bmd_month_grid_add_months (&year, &month, 13);
  g_assert_cmpint (year, ==, 2027);
  g_assert_cmpint (month, ==, 1);
  bmd_month_grid_add_months (&year, &month, -25);
  g_assert_cmpint (year, ==, 2024);
  g_assert_cmpint (month, ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bmd/month-grid/rows", test_rows);
  g_test_add_func ("/bmd/month-grid/cells", test_cells);
  g_test_add_func ("/bmd/month-grid/iso-weeks", test_iso_weeks);
  g_test_add_func ("/bmd/month-grid/moves", test_moves);
  g_test_add_func ("/bmd/month-grid/add-months", test_add_months);
  return g_test_run ();
}
