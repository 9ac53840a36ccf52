#define G_LOG_DOMAIN "bmd-calendar"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-calendar.h"
#include "bmd-capacity.h"
#include "bmd-format.h"
#include "bmd-month-grid.h"

#define HEADER_HEIGHT 30
#define WEEK_COLUMN_WIDTH 84
#define MIN_CELL_WIDTH 72
#define MIN_CELL_HEIGHT 64
#define BAND_HEIGHT 22
#define BAND_MARGIN 5

struct _BmdCalendar
{
  GtkWidget parent_instance;

  BmdPlan *plan;
  GHashTable *days_off;   /* "YYYY-MM-DD" set */
  GDate today;
  GDate selected;
  int year;
  int month;
  guint n_rows;
  BmdDayCounts counts[6 * BMD_MONTH_GRID_COLUMNS];
  BmdCapacity capacity;
};

G_DEFINE_FINAL_TYPE (BmdCalendar, bmd_calendar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_YEAR,
  PROP_MONTH,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GNOME's palette: green, orange and red read as paid, waiting and broken. */
static const GdkRGBA state_colors[] = {
  [BMD_REQUEST_STATE_PAID] = { 0x26 / 255., 0xa2 / 255., 0x69 / 255., 1 },
  [BMD_REQUEST_STATE_UNPAID] = { 0xe6 / 255., 0x61 / 255., 0x00 / 255., 1 },
  [BMD_REQUEST_STATE_MISSING] = { 0xc0 / 255., 0x1c / 255., 0x28 / 255., 1 },
};
static const GdkRGBA accent = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 };
/* Over capacity: GNOME's purple, a colour no request state uses. */
static const GdkRGBA over_color = { 0x81 / 255., 0x3d / 255., 0x9c / 255., 1 };

void
bmd_calendar_get_over_color (GdkRGBA *color)
{
  g_return_if_fail (color != NULL);
  *color = over_color;
}

/* "9/8": the count against the limit it exceeds ("more than", not "as many as"). */
static gboolean
is_over (guint count,
         guint limit)
{
  return limit > 0 && count > limit;
}

static void draw_text (BmdCalendar *self, cairo_t *cr, const char *markup, double x, double y,
                       double max_width, PangoAlignment alignment, const GdkRGBA *color);
static void rounded_rectangle (cairo_t *cr, double x, double y, double width, double height, double radius);

/* A purple tag beside the day number: the day holds more than cakes-per-day. */
static void
draw_over_tag (BmdCalendar *self,
               cairo_t     *cr,
               double       x,
               double       y,
               double       width,
               guint        count)
{
  static const GdkRGBA white = { 1, 1, 1, 1 };
  g_autofree char *text = g_strdup_printf ("<small><b>%u/%u</b></small>", count, self->capacity.per_day);
  double tag_width = MIN (BMD_CALENDAR_OVER_TAG_WIDTH, width - BMD_CALENDAR_OVER_TAG_X - 4);

  gdk_cairo_set_source_rgba (cr, &over_color);
  rounded_rectangle (cr, x + BMD_CALENDAR_OVER_TAG_X, y + BMD_CALENDAR_OVER_TAG_Y, tag_width,
                     BMD_CALENDAR_OVER_TAG_HEIGHT, 5);
  cairo_fill (cr);
  draw_text (self, cr, text, x + BMD_CALENDAR_OVER_TAG_X, y + BMD_CALENDAR_OVER_TAG_Y + 1, tag_width,
             PANGO_ALIGN_CENTER, &white);
}

void
bmd_calendar_get_state_color (BmdRequestState  state,
                              GdkRGBA         *color)
{
  g_return_if_fail (state <= BMD_REQUEST_STATE_MISSING);
  g_return_if_fail (color != NULL);
  *color = state_colors[state];
}

static void
update_counts (BmdCalendar *self)
{
  guint row, column;

  self->n_rows = bmd_month_grid_n_rows (self->year, self->month);
  memset (self->counts, 0, sizeof self->counts);
  if (self->plan == NULL)
    return;
  for (row = 0; row < self->n_rows; row++)
    for (column = 0; column < BMD_MONTH_GRID_COLUMNS; column++)
      {
        GDate day;

        bmd_month_grid_cell_date (self->year, self->month, row, column, &day);
        bmd_plan_count_day (self->plan, &day, &self->counts[row * BMD_MONTH_GRID_COLUMNS + column]);
      }
}

static void
get_cell_size (BmdCalendar *self,
               double      *width,
               double      *height)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  *width = MAX (1, (w - WEEK_COLUMN_WIDTH) / (double) BMD_MONTH_GRID_COLUMNS);
  *height = MAX (1, (h - HEADER_HEIGHT) / (double) self->n_rows);
}

gboolean
bmd_calendar_get_day_bounds (BmdCalendar     *self,
                             const GDate     *day,
                             graphene_rect_t *bounds)
{
  guint row, column;
  double width, height;

  g_return_val_if_fail (BMD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (day != NULL, FALSE);

  if (!bmd_month_grid_locate (self->year, self->month, day, &row, &column))
    return FALSE;
  get_cell_size (self, &width, &height);
  graphene_rect_init (bounds, column * width, HEADER_HEIGHT + row * height, width, height);
  return TRUE;
}

static void
draw_text (BmdCalendar   *self,
           cairo_t       *cr,
           const char    *markup,
           double         x,
           double         y,
           double         max_width,
           PangoAlignment alignment,
           const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, alignment);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
rounded_rectangle (cairo_t *cr,
                   double   x,
                   double   y,
                   double   width,
                   double   height,
                   double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_day_off (cairo_t       *cr,
              double         x,
              double         y,
              double         width,
              double         height,
              const GdkRGBA *fg)
{
  double offset;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.10);
  cairo_paint (cr);
  cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.10);
  cairo_set_line_width (cr, 6);
  for (offset = -height; offset < width; offset += 16)
    {
      cairo_move_to (cr, x + offset, y + height);
      cairo_line_to (cr, x + offset + height, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_cell (BmdCalendar   *self,
           cairo_t       *cr,
           guint          row,
           guint          column,
           double         width,
           double         height,
           const GdkRGBA *fg)
{
  const BmdDayCounts *counts = &self->counts[row * BMD_MONTH_GRID_COLUMNS + column];
  double x = column * width;
  double y = HEADER_HEIGHT + row * height;
  gboolean in_month, is_today, is_selected;
  g_autofree char *key = NULL;
  g_autofree char *number = NULL;
  GdkRGBA text = *fg;
  GDate day;

  bmd_month_grid_cell_date (self->year, self->month, row, column, &day);
  in_month = g_date_get_month (&day) == (GDateMonth) self->month;
  is_today = g_date_valid (&self->today) && g_date_compare (&day, &self->today) == 0;
  is_selected = g_date_valid (&self->selected) && g_date_compare (&day, &self->selected) == 0;
  key = bmd_format_date_key (&day);

  if (!in_month)
    {
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.03);
      cairo_rectangle (cr, x, y, width, height);
      cairo_fill (cr);
      text.alpha = 0.45;
    }
  if (g_hash_table_contains (self->days_off, key))
    {
      draw_day_off (cr, x, y, width, height, fg);
      draw_text (self, cr, _("<small>Day off</small>"), x + 6, y + 8, width - 12,
                 PANGO_ALIGN_RIGHT, &text);
    }

  /* The day number; today's sits in an accent-coloured disc. */
  if (is_today)
    {
      static const GdkRGBA white = { 1, 1, 1, 1 };

      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_arc (cr, x + 19, y + 18, 13, 0, 2 * G_PI);
      cairo_fill (cr);
      number = g_strdup_printf ("<b>%d</b>", g_date_get_day (&day));
      draw_text (self, cr, number, x + 6, y + 8, 26, PANGO_ALIGN_CENTER, &white);
    }
  else
    {
      number = g_strdup_printf ("<b>%d</b>", g_date_get_day (&day));
      draw_text (self, cr, number, x + 6, y + 8, 26, PANGO_ALIGN_CENTER, &text);
    }

  if (is_over (counts->requests, self->capacity.per_day))
    draw_over_tag (self, cr, x, y, width, counts->requests);

  if (counts->requests > 0 && height > BAND_HEIGHT + 32)
    {
      static const GdkRGBA white = { 1, 1, 1, 1 };
      BmdRequestState worst = bmd_day_counts_get_worst_state (counts);
      g_autofree char *label = NULL;
      GdkRGBA band = state_colors[worst];
      double band_y = y + height - BAND_MARGIN - BAND_HEIGHT;

      if (!in_month)
        band.alpha = 0.5;
      gdk_cairo_set_source_rgba (cr, &band);
      rounded_rectangle (cr, x + BAND_MARGIN, band_y, width - 2 * BAND_MARGIN, BAND_HEIGHT, 6);
      cairo_fill (cr);
      label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "<small><b>%u cake</b></small>",
                                            "<small><b>%u cakes</b></small>", counts->requests),
                               counts->requests);
      draw_text (self, cr, label, x + BAND_MARGIN, band_y + 3, width - 2 * BAND_MARGIN,
                 PANGO_ALIGN_CENTER, &white);

      /* When a day mixes states, say how many of each above the band. */
      if (counts->requests != MAX (counts->paid, MAX (counts->unpaid, counts->missing)))
        {
          g_autoptr(GString) mix = g_string_new ("<small>");

          if (counts->paid > 0)
            g_string_append_printf (mix, "<span foreground=\"#26a269\">●</span>%u ", counts->paid);
          if (counts->unpaid > 0)
            g_string_append_printf (mix, "<span foreground=\"#e66100\">●</span>%u ", counts->unpaid);
          if (counts->missing > 0)
            g_string_append_printf (mix, "<span foreground=\"#c01c28\">●</span>%u", counts->missing);
          g_string_append (mix, "</small>");
          draw_text (self, cr, mix->str, x + BAND_MARGIN, band_y - 18, width - 2 * BAND_MARGIN,
                     PANGO_ALIGN_RIGHT, &text);
        }
    }

  if (is_selected)
    {
      gdk_cairo_set_source_rgba (cr, &accent);
      cairo_set_line_width (cr, 3);
      rounded_rectangle (cr, x + 2.5, y + 2.5, width - 5, height - 5, 8);
      cairo_stroke (cr);
    }
}

static void
draw_grid (BmdCalendar *self,
           cairo_t     *cr,
           int          widget_width,
           int          widget_height)
{
  double width, height;
  guint row, column;
  GdkRGBA fg;

  bmd_widget_get_foreground (GTK_WIDGET (self), &fg);
  get_cell_size (self, &width, &height);

  /* Weekday names, Monday first, from the locale. */
  for (column = 0; column < BMD_MONTH_GRID_COLUMNS; column++)
    {
      g_autoptr(GDateTime) monday = g_date_time_new_local (2024, 1, 1 + column, 0, 0, 0);
      g_autofree char *name = g_date_time_format (monday, "%a");
      g_autofree char *markup = g_markup_printf_escaped ("<small><b>%s</b></small>", name);
      GdkRGBA dim = fg;

      dim.alpha = 0.6;
      draw_text (self, cr, markup, column * width, 7, width, PANGO_ALIGN_CENTER, &dim);
    }
  {
    GdkRGBA dim = fg;

    dim.alpha = 0.6;
    draw_text (self, cr, _("<small><b>Week</b></small>"), 7 * width, 7, WEEK_COLUMN_WIDTH,
               PANGO_ALIGN_CENTER, &dim);
  }

  for (row = 0; row < self->n_rows; row++)
    {
      guint total = 0;
      g_autofree char *week = NULL;
      GdkRGBA dim = fg;

      for (column = 0; column < BMD_MONTH_GRID_COLUMNS; column++)
        {
          draw_cell (self, cr, row, column, width, height, &fg);
          total += self->counts[row * BMD_MONTH_GRID_COLUMNS + column].requests;
        }

      dim.alpha = 0.7;
      if (is_over (total, self->capacity.per_week))
        {
          /* The whole week cell tinted, and the count against the limit. */
          cairo_set_source_rgba (cr, over_color.red, over_color.green, over_color.blue,
                                 BMD_CALENDAR_OVER_WEEK_ALPHA);
          cairo_rectangle (cr, 7 * width, HEADER_HEIGHT + row * height, WEEK_COLUMN_WIDTH, height);
          cairo_fill (cr);
          dim = over_color;
          week = g_strdup_printf (_("<small>W%u</small>\n<b>%u/%u</b> <small>over</small>"),
                                  bmd_month_grid_iso_week (self->year, self->month, row), total,
                                  self->capacity.per_week);
        }
      else
        week = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "<small>W%u</small>\n<b>%u</b> <small>cake</small>",
                                             "<small>W%u</small>\n<b>%u</b> <small>cakes</small>", total),
                                bmd_month_grid_iso_week (self->year, self->month, row), total);
      draw_text (self, cr, week, 7 * width, HEADER_HEIGHT + row * height + height / 2 - 18,
                 WEEK_COLUMN_WIDTH, PANGO_ALIGN_CENTER, &dim);
    }

  /* Grid lines last, so that fills do not cover them. */
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.12);
  cairo_set_line_width (cr, 1);
  for (row = 0; row <= self->n_rows; row++)
    {
      double y = floor (HEADER_HEIGHT + row * height) + 0.5;

      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, widget_width, y);
    }
  for (column = 0; column <= BMD_MONTH_GRID_COLUMNS; column++)
    {
      double x = floor (column * width) + 0.5;

      cairo_move_to (cr, x, HEADER_HEIGHT);
      cairo_line_to (cr, x, widget_height);
    }
  cairo_stroke (cr);
}

static void
bmd_calendar_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  BmdCalendar *self = BMD_CALENDAR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  draw_grid (self, cr, width, height);
  cairo_destroy (cr);
}

static void
bmd_calendar_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 7 * MIN_CELL_WIDTH + WEEK_COLUMN_WIDTH;
      *natural = 7 * 120 + WEEK_COLUMN_WIDTH;
    }
  else
    {
      *minimum = HEADER_HEIGHT + 6 * MIN_CELL_HEIGHT;
      *natural = HEADER_HEIGHT + 6 * 96;
    }
}

static void
notify_month (BmdCalendar *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONTH]);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            BmdCalendar     *self)
{
  double width, height;
  int row, column;
  GDate day;

  get_cell_size (self, &width, &height);
  column = (int) (x / width);
  row = (int) ((y - HEADER_HEIGHT) / height);
  if (y < HEADER_HEIGHT || column < 0 || column >= BMD_MONTH_GRID_COLUMNS
      || row < 0 || (guint) row >= self->n_rows)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  bmd_month_grid_cell_date (self->year, self->month, row, column, &day);
  bmd_calendar_select_day (self, &day);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                BmdCalendar           *self)
{
  BmdGridMove move;
  GDate day;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      move = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
             ? BMD_GRID_MOVE_RIGHT : BMD_GRID_MOVE_LEFT;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      move = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
             ? BMD_GRID_MOVE_LEFT : BMD_GRID_MOVE_RIGHT;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move = BMD_GRID_MOVE_UP;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move = BMD_GRID_MOVE_DOWN;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      move = BMD_GRID_MOVE_WEEK_START;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      move = BMD_GRID_MOVE_WEEK_END;
      break;
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
      move = BMD_GRID_MOVE_PREV_MONTH;
      break;
    case GDK_KEY_Page_Down:
    case GDK_KEY_KP_Page_Down:
      move = BMD_GRID_MOVE_NEXT_MONTH;
      break;
    default:
      return GDK_EVENT_PROPAGATE;
    }

  if (g_date_valid (&self->selected))
    day = self->selected;
  else
    bmd_month_grid_cell_date (self->year, self->month, 0, 0, &day);
  bmd_month_grid_move (&day, move);
  bmd_calendar_select_day (self, &day);
  return GDK_EVENT_STOP;
}

static void
bmd_calendar_finalize (GObject *object)
{
  BmdCalendar *self = (BmdCalendar *)object;

  g_clear_object (&self->plan);
  g_clear_pointer (&self->days_off, g_hash_table_unref);

  G_OBJECT_CLASS (bmd_calendar_parent_class)->finalize (object);
}

static void
bmd_calendar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BmdCalendar *self = BMD_CALENDAR (object);

  switch (prop_id)
    {
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    case PROP_MONTH:
      g_value_set_int (value, self->month);
      break;
    case PROP_SELECTED:
      g_value_take_string (value, g_date_valid (&self->selected) ? bmd_format_date_key (&self->selected) : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bmd_calendar_class_init (BmdCalendarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bmd_calendar_finalize;
  object_class->get_property = bmd_calendar_get_property;
  widget_class->snapshot = bmd_calendar_snapshot;
  widget_class->measure = bmd_calendar_measure;

  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, 1, 9999, 2026,
                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONTH] = g_param_spec_int ("month", NULL, NULL, 1, 12, 1,
                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "YYYY-MM-DD", or NULL. */
  properties[PROP_SELECTED] = g_param_spec_string ("selected", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "bmd-calendar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
bmd_calendar_init (BmdCalendar *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->days_off = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_date_clear (&self->today, 1);
  g_date_clear (&self->selected, 1);
  self->year = g_date_time_get_year (now);
  self->month = g_date_time_get_month (now);
  update_counts (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

void
bmd_calendar_set_plan (BmdCalendar *self,
                       BmdPlan     *plan)
{
  g_return_if_fail (BMD_IS_CALENDAR (self));
  g_return_if_fail (plan == NULL || BMD_IS_PLAN (plan));

  g_set_object (&self->plan, plan);
  update_counts (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bmd_calendar_set_days_off (BmdCalendar *self,
                           GPtrArray   *days_off)
{
  guint i;

  g_return_if_fail (BMD_IS_CALENDAR (self));

  g_hash_table_remove_all (self->days_off);
  for (i = 0; days_off != NULL && i < days_off->len; i++)
    g_hash_table_add (self->days_off, g_strdup (g_ptr_array_index (days_off, i)));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
bmd_calendar_is_day_off (BmdCalendar *self,
                         const GDate *day)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (BMD_IS_CALENDAR (self), FALSE);
  g_return_val_if_fail (day != NULL && g_date_valid (day), FALSE);

  key = bmd_format_date_key (day);
  return g_hash_table_contains (self->days_off, key);
}

void
bmd_calendar_set_today (BmdCalendar *self,
                        const GDate *today)
{
  g_return_if_fail (BMD_IS_CALENDAR (self));

  if (today != NULL)
    self->today = *today;
  else
    g_date_clear (&self->today, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
bmd_calendar_set_month (BmdCalendar *self,
                        int          year,
                        int          month)
{
  g_return_if_fail (BMD_IS_CALENDAR (self));
  g_return_if_fail (g_date_valid_dmy (1, month, year));

  if (self->year == year && self->month == month)
    return;
  self->year = year;
  self->month = month;
  update_counts (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  notify_month (self);
}

int
bmd_calendar_get_year (BmdCalendar *self)
{
  g_return_val_if_fail (BMD_IS_CALENDAR (self), 0);
  return self->year;
}

int
bmd_calendar_get_month (BmdCalendar *self)
{
  g_return_val_if_fail (BMD_IS_CALENDAR (self), 0);
  return self->month;
}

void
bmd_calendar_select_day (BmdCalendar *self,
                         const GDate *day)
{
  g_return_if_fail (BMD_IS_CALENDAR (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  /* A day shown from the neighbouring month brings its month into view. */
  if (g_date_get_year (day) != self->year || g_date_get_month (day) != (GDateMonth) self->month)
    bmd_calendar_set_month (self, g_date_get_year (day), g_date_get_month (day));
  if (g_date_valid (&self->selected) && g_date_compare (&self->selected, day) == 0)
    return;
  self->selected = *day;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
bmd_calendar_set_capacity (BmdCalendar       *self,
                           const BmdCapacity *capacity)
{
  g_return_if_fail (BMD_IS_CALENDAR (self));
  g_return_if_fail (capacity != NULL);

  if (self->capacity.per_day == capacity->per_day && self->capacity.per_week == capacity->per_week)
    return;
  self->capacity = *capacity;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const GDate *
bmd_calendar_get_selected (BmdCalendar *self)
{
  g_return_val_if_fail (BMD_IS_CALENDAR (self), NULL);
  return g_date_valid (&self->selected) ? &self->selected : NULL;
}
