#pragma once

#include "bmd-capacity.h"
#include "bmd-plan.h"

G_BEGIN_DECLS

typedef enum
{
  BMD_PLAN_VIEW_QUEUE,
  BMD_PLAN_VIEW_UPCOMING,
  BMD_PLAN_VIEW_PROBLEMS,
  BMD_PLAN_VIEW_CALENDAR,
} BmdPlanView;

/* A plan view as text rows with the column names of the design's Interfaces
 * section: what `bakemyday-sync plan` prints, the warehouse's ready tables
 * and the app's views all come from here, so they cannot drift apart. */
typedef struct
{
  BmdPlanView  view;
  const char * const *columns;
  guint        n_columns;
  GPtrArray   *rows;      /* element type char** (n_columns strings): see add_row */
  /* Bit j set: column j holds counts, numbers in JSON (an empty cell is null). */
  guint64      number_columns;
  /* Bit j set: an empty cell of column j is an undefined value, null in JSON. */
  guint64      nullable_columns;
} BmdPlanTable;

gboolean      bmd_plan_view_from_string (const char  *name,
                                         BmdPlanView *out);

/* @year/@month select the calendar's month (ignored by the other views). */
BmdPlanTable *bmd_plan_table_new        (BmdPlan     *plan,
                                         BmdPlanView  view,
                                         int          year,
                                         int          month);
/* The calendar's over_capacity column against @capacity (NULL: no limits). */
BmdPlanTable *bmd_plan_table_new_with_capacity (BmdPlan           *plan,
                                                BmdPlanView        view,
                                                int                year,
                                                int                month,
                                                const BmdCapacity *capacity);
/* An empty table of other rows (the Insights' reports) that the output
 * formats below print like a plan view's; @view is meaningless for it.
 * @columns is static. */
BmdPlanTable *bmd_plan_table_new_for_columns (const char * const *columns,
                                              guint               n_columns,
                                              guint64             number_columns);
/* Appends a row of @cells (n_columns of them; NULL is ""), copied
 * into one allocation with its strings: a report of 10,000 customers makes
 * 10,000 blocks rather than 100,000, and the allocator's time was most of
 * building it. */
void          bmd_plan_table_add_row    (BmdPlanTable       *table,
                                         const char * const *cells);
void          bmd_plan_table_free       (BmdPlanTable *table);

/* A header line, then one line per row; tabs and newlines inside values become spaces. */
char         *bmd_plan_table_to_tsv     (BmdPlanTable *table);
/* An array of objects with the column names as keys. */
char         *bmd_plan_table_to_json    (BmdPlanTable *table);
/* RFC 4180 (bmd-csv.h): the TSV's columns, values kept whole. */
char         *bmd_plan_table_to_csv     (BmdPlanTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdPlanTable, bmd_plan_table_free)

G_END_DECLS
