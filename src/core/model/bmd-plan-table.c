#define G_LOG_DOMAIN "bmd-plan-table"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "bmd-csv.h"
#include "bmd-pickup.h"
#include "bmd-plan-table.h"

static const char * const queue_columns[] = {
  "pickup", "customer", "flavor", "theme", "allergies",
  "deposit_status", "remaining_status", "deposit_order", "remaining_order",
};

static const char * const upcoming_columns[] = {
  "pickup", "customer", "draft_type", "order", "financial_status",
  "flavor", "theme", "allergies",
};

static const char * const problems_columns[] = {
  "order", "problem",
};

static const char * const calendar_columns[] = {
  "date", "requests", "paid", "unpaid", "missing", "over_capacity",
};

static const struct
{
  const char *name;
  const char * const *columns;
  guint n_columns;
} views[] = {
  [BMD_PLAN_VIEW_QUEUE] = { "queue", queue_columns, G_N_ELEMENTS (queue_columns) },
  [BMD_PLAN_VIEW_UPCOMING] = { "upcoming", upcoming_columns, G_N_ELEMENTS (upcoming_columns) },
  [BMD_PLAN_VIEW_PROBLEMS] = { "problems", problems_columns, G_N_ELEMENTS (problems_columns) },
  [BMD_PLAN_VIEW_CALENDAR] = { "calendar", calendar_columns, G_N_ELEMENTS (calendar_columns) },
};

gboolean
bmd_plan_view_from_string (const char  *name,
                           BmdPlanView *out)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (views); i++)
    {
      if (g_strcmp0 (name, views[i].name) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
order_name_or_dash (BmdOrder *order)
{
  return order != NULL ? bmd_order_get_name (order) : "-";
}

static void
add_queue_rows (BmdPlanTable *table,
                BmdPlan      *plan)
{
  GPtrArray *queue = bmd_plan_get_queue (plan);
  guint i;

  for (i = 0; i < queue->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (queue, i);
      g_autofree char *pickup = bmd_format_local_iso8601 (bmd_request_get_pickup (request));
      const char *cells[] = {
        pickup,
        bmd_request_get_customer_name (request),
        bmd_request_get_flavor (request),
        bmd_request_get_theme (request),
        bmd_request_get_allergies (request),
        bmd_request_get_half_status (request, BMD_DRAFT_TYPE_DEPOSIT),
        bmd_request_get_half_status (request, BMD_DRAFT_TYPE_REMAINING),
        order_name_or_dash (bmd_request_get_deposit (request)),
        order_name_or_dash (bmd_request_get_remaining (request)),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (queue_columns));
      bmd_plan_table_add_row (table, cells);
    }
}

static void
add_upcoming_rows (BmdPlanTable *table,
                   BmdPlan      *plan)
{
  GListModel *upcoming = bmd_plan_get_upcoming (plan);
  guint n = g_list_model_get_n_items (upcoming);
  guint i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(BmdUpcomingRow) upcoming_row = g_list_model_get_item (upcoming, i);
      BmdRequest *request = bmd_upcoming_row_get_request (upcoming_row);
      g_autofree char *pickup = bmd_format_local_iso8601 (bmd_request_get_pickup (request));
      const char *cells[] = {
        pickup,
        bmd_request_get_customer_name (request),
        bmd_draft_type_to_string (bmd_upcoming_row_get_draft_type (upcoming_row)),
        order_name_or_dash (bmd_upcoming_row_get_order (upcoming_row)),
        bmd_upcoming_row_get_status (upcoming_row),
        bmd_request_get_flavor (request),
        bmd_request_get_theme (request),
        bmd_request_get_allergies (request),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (upcoming_columns));
      bmd_plan_table_add_row (table, cells);
    }
}

static void
add_problem_rows (BmdPlanTable *table,
                  BmdPlan      *plan)
{
  GPtrArray *problems = bmd_plan_get_problems (plan);
  guint i;

  for (i = 0; i < problems->len; i++)
    {
      BmdProblem *problem = g_ptr_array_index (problems, i);
      const char *cells[] = {
        bmd_order_get_name (bmd_problem_get_order (problem)),
        bmd_problem_get_code_name (problem),
      };

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (problems_columns));
      bmd_plan_table_add_row (table, cells);
    }
}

static void
add_calendar_rows (BmdPlanTable      *table,
                   BmdPlan           *plan,
                   int                year,
                   int                month,
                   const BmdCapacity *capacity)
{
  guint8 n_days;
  guint8 day;

  g_return_if_fail (g_date_valid_dmy (1, month, year));

  n_days = g_date_get_days_in_month (month, year);
  for (day = 1; day <= n_days; day++)
    {
      g_autoptr(GDate) date = g_date_new_dmy (day, month, year);
      BmdDayCounts counts;
      BmdCapacityCheck check;
      char text[5][16];
      const char *cells[6];

      G_STATIC_ASSERT (G_N_ELEMENTS (cells) == G_N_ELEMENTS (calendar_columns));
      bmd_plan_count_day (plan, date, &counts);
      g_snprintf (text[0], sizeof text[0], "%04d-%02d-%02d", year, month, day);
      g_snprintf (text[1], sizeof text[1], "%u", counts.requests);
      g_snprintf (text[2], sizeof text[2], "%u", counts.paid);
      g_snprintf (text[3], sizeof text[3], "%u", counts.unpaid);
      g_snprintf (text[4], sizeof text[4], "%u", counts.missing);
      cells[0] = text[0];
      cells[1] = text[1];
      cells[2] = text[2];
      cells[3] = text[3];
      cells[4] = text[4];
      cells[5] = bmd_capacity_check (plan, capacity, date, &check) ? "1" : "0";
      bmd_plan_table_add_row (table, cells);
    }
}

BmdPlanTable *
bmd_plan_table_new (BmdPlan     *plan,
                    BmdPlanView  view,
                    int          year,
                    int          month)
{
  return bmd_plan_table_new_with_capacity (plan, view, year, month, NULL);
}

BmdPlanTable *
bmd_plan_table_new_with_capacity (BmdPlan           *plan,
                                  BmdPlanView        view,
                                  int                year,
                                  int                month,
                                  const BmdCapacity *capacity)
{
  static const BmdCapacity unlimited = { 0, 0 };
  BmdPlanTable *table;

  g_return_val_if_fail (BMD_IS_PLAN (plan), NULL);
  g_return_val_if_fail (view < G_N_ELEMENTS (views), NULL);

  /* Calendar counts (every column after the date) are numbers; everything
   * else is text. */
  table = bmd_plan_table_new_for_columns (views[view].columns, views[view].n_columns,
                                          view == BMD_PLAN_VIEW_CALENDAR
                                          ? (G_GUINT64_CONSTANT (1) << views[view].n_columns) - 2 : 0);
  table->view = view;

  switch (view)
    {
    case BMD_PLAN_VIEW_QUEUE:
      add_queue_rows (table, plan);
      break;
    case BMD_PLAN_VIEW_UPCOMING:
      add_upcoming_rows (table, plan);
      break;
    case BMD_PLAN_VIEW_PROBLEMS:
      add_problem_rows (table, plan);
      break;
    case BMD_PLAN_VIEW_CALENDAR:
    default:
      add_calendar_rows (table, plan, year, month, capacity != NULL ? capacity : &unlimited);
      break;
    }
  return table;
}

BmdPlanTable *
bmd_plan_table_new_for_columns (const char * const *columns,
                                guint               n_columns,
                                guint64             number_columns)
{
  BmdPlanTable *table;

  g_return_val_if_fail (columns != NULL, NULL);
  g_return_val_if_fail (n_columns <= 64, NULL);

  table = g_new0 (BmdPlanTable, 1);
  table->columns = columns;
  table->n_columns = n_columns;
  table->number_columns = number_columns;
  table->rows = g_ptr_array_new_with_free_func (g_free);
  return table;
}

void
bmd_plan_table_add_row (BmdPlanTable       *table,
                        const char * const *cells)
{
  gsize lengths[64];
  gsize total = 0;
  char **row;
  char *text;
  guint j;

  g_return_if_fail (table != NULL);
  g_return_if_fail (cells != NULL);

  for (j = 0; j < table->n_columns; j++)
    {
      lengths[j] = (cells[j] != NULL ? strlen (cells[j]) : 0) + 1;
      total += lengths[j];
    }
  /* The pointers, their NULL terminator, then the strings. */
  row = g_malloc ((table->n_columns + 1) * sizeof (char *) + total);
  text = (char *) (row + table->n_columns + 1);
  for (j = 0; j < table->n_columns; j++)
    {
      row[j] = text;
      memcpy (text, cells[j] != NULL ? cells[j] : "", lengths[j]);
      text += lengths[j];
    }
  row[table->n_columns] = NULL;
  g_ptr_array_add (table->rows, row);
}

void
bmd_plan_table_free (BmdPlanTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_free (table);
}

/* Values come from the shop: TSV goes to terminals and spreadsheets, so
 * every control character (C0, DEL, C1: tabs and newlines, but also ESC,
 * which a terminal obeys) becomes a space, and bytes that are not UTF-8
 * become U+FFFD. */
static void
append_tsv_value (GString    *out,
                  const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  const char *p;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

char *
bmd_plan_table_to_tsv (BmdPlanTable *table)
{
  GString *out = g_string_new (NULL);
  guint i, j;

  g_return_val_if_fail (table != NULL, NULL);

  for (j = 0; j < table->n_columns; j++)
    g_string_append_printf (out, "%s%s", j > 0 ? "\t" : "", table->columns[j]);
  g_string_append_c (out, '\n');

  for (i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);

      for (j = 0; j < table->n_columns; j++)
        {
          if (j > 0)
            g_string_append_c (out, '\t');
          append_tsv_value (out, row[j]);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

char *
bmd_plan_table_to_json (BmdPlanTable *table)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  guint i, j;

  g_return_val_if_fail (table != NULL, NULL);

  json_builder_begin_array (builder);
  for (i = 0; i < table->rows->len; i++)
    {
      char **row = g_ptr_array_index (table->rows, i);

      json_builder_begin_object (builder);
      for (j = 0; j < table->n_columns; j++)
        {
          json_builder_set_member_name (builder, table->columns[j]);
          if (((table->number_columns | table->nullable_columns) & (G_GUINT64_CONSTANT (1) << j)) != 0
              && *row[j] == '\0')
            json_builder_add_null_value (builder);
          else if ((table->number_columns & (G_GUINT64_CONSTANT (1) << j)) != 0)
            json_builder_add_int_value (builder, g_ascii_strtoll (row[j], NULL, 10));
          else
            {
              /* json-glib escapes control characters but copies bytes:
               * the output must be UTF-8 whatever a value holds. */
              g_autofree char *valid = g_utf8_make_valid (row[j], -1);

              json_builder_add_string_value (builder, valid);
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

char *
bmd_plan_table_to_csv (BmdPlanTable *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  return bmd_csv_format_table (table->columns, table->n_columns, table->rows);
}
