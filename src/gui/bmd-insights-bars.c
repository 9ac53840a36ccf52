#define G_LOG_DOMAIN "bmd-insights-bars"

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-format.h"
#include "bmd-insights-bars.h"

#define LABEL_HEIGHT 20
#define TOP_MARGIN 6
#define MIN_HEIGHT 140
#define MIN_MONTH_WIDTH 28
#define BAR_GAP 2

struct _BmdInsightsBars
{
  GtkWidget parent_instance;

  gint64 this_year[12];
  gint64 last_year[12];
  gint64 max;
  char *(*format_value) (gint64 value);
};

G_DEFINE_FINAL_TYPE (BmdInsightsBars, bmd_insights_bars, GTK_TYPE_WIDGET)

/* GNOME's blue: this year stands out; last year is the text colour, faint. */
const GdkRGBA bmd_insights_bars_this_year_color = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 };

static double
plot_height (BmdInsightsBars *self)
{
  return MAX (0, gtk_widget_get_height (GTK_WIDGET (self)) - LABEL_HEIGHT - TOP_MARGIN);
}

double
bmd_insights_bars_get_scale (BmdInsightsBars *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS_BARS (self), 0);

  return self->max > 0 ? plot_height (self) / (double) self->max : 0;
}

static void
draw_bar (cairo_t       *cr,
          const GdkRGBA *color,
          double         x,
          double         width,
          double         base,
          double         height)
{
  if (height <= 0)
    return;
  gdk_cairo_set_source_rgba (cr, color);
  /* Whole pixels: the bars' heights are what a reader (and a test) compares. */
  cairo_rectangle (cr, round (x), round (base - height), round (width), round (height));
  cairo_fill (cr);
}

static void
bmd_insights_bars_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  BmdInsightsBars *self = BMD_INSIGHTS_BARS (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double month_width = width / 12.0;
  double base = TOP_MARGIN + plot_height (self);
  double scale = bmd_insights_bars_get_scale (self);
  double bar_width = MAX (2, (month_width - 3 * BAR_GAP) / 2);
  GdkRGBA fg;
  GdkRGBA muted;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  bmd_widget_get_foreground (widget, &fg);
  muted = fg;
  muted.alpha = 0.28;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (int m = 0; m < 12; m++)
    {
      double x = m * month_width + BAR_GAP;
      g_autoptr(GDateTime) first = g_date_time_new_utc (2001, m + 1, 1, 0, 0, 0);
      g_autofree char *name = g_date_time_format (first, "%b");
      g_autoptr(PangoLayout) layout = NULL;
      int text_width, text_height;
      GdkRGBA label = fg;

      draw_bar (cr, &muted, x, bar_width, base, self->last_year[m] * scale);
      draw_bar (cr, &bmd_insights_bars_this_year_color, x + bar_width + BAR_GAP, bar_width, base,
                self->this_year[m] * scale);

      layout = gtk_widget_create_pango_layout (widget, name);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      label.alpha = 0.7;
      gdk_cairo_set_source_rgba (cr, &label);
      cairo_move_to (cr, m * month_width + (month_width - text_width) / 2, base + (LABEL_HEIGHT - text_height) / 2.0 + 2);
      pango_cairo_show_layout (cr, layout);
    }

  fg.alpha = 0.35;
  gdk_cairo_set_source_rgba (cr, &fg);
  cairo_rectangle (cr, 0, round (base), width, 1);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
bmd_insights_bars_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 12 * MIN_MONTH_WIDTH;
  else
    *minimum = *natural = MIN_HEIGHT;
}

static gboolean
bmd_insights_bars_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  BmdInsightsBars *self = BMD_INSIGHTS_BARS (widget);
  int m = CLAMP ((int) (x / (gtk_widget_get_width (widget) / 12.0)), 0, 11);
  g_autoptr(GDateTime) first = g_date_time_new_utc (2001, m + 1, 1, 0, 0, 0);
  g_autofree char *month = g_date_time_format (first, "%B");
  g_autofree char *now = self->format_value != NULL ? self->format_value (self->this_year[m]) : NULL;
  g_autofree char *before = self->format_value != NULL ? self->format_value (self->last_year[m]) : NULL;
  g_autofree char *text = NULL;

  if (now == NULL)
    return FALSE;
  /* Translators: "March: 12 cakes this year, 9 cakes last year" */
  text = g_strdup_printf (_("%s: %s this year, %s last year"), month, now, before);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
bmd_insights_bars_class_init (BmdInsightsBarsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = bmd_insights_bars_snapshot;
  widget_class->measure = bmd_insights_bars_measure;
  widget_class->query_tooltip = bmd_insights_bars_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "insights-bars");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bmd_insights_bars_init (BmdInsightsBars *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bmd_insights_bars_new (void)
{
  return g_object_new (BMD_TYPE_INSIGHTS_BARS, NULL);
}

void
bmd_insights_bars_set_values (BmdInsightsBars *self,
                              const gint64    *this_year,
                              const gint64    *last_year,
                              char          *(*format_value) (gint64 value))
{
  g_autoptr(GString) description = g_string_new (NULL);

  g_return_if_fail (BMD_IS_INSIGHTS_BARS (self));

  self->max = 0;
  for (int m = 0; m < 12; m++)
    {
      self->this_year[m] = MAX (0, this_year[m]);
      self->last_year[m] = MAX (0, last_year[m]);
      self->max = MAX (self->max, MAX (self->this_year[m], self->last_year[m]));
    }
  self->format_value = format_value;

  /* The numbers for a screen reader, month by month. */
  for (int m = 0; m < 12 && format_value != NULL; m++)
    {
      g_autoptr(GDateTime) first = g_date_time_new_utc (2001, m + 1, 1, 0, 0, 0);
      g_autofree char *month = g_date_time_format (first, "%B");
      g_autofree char *now = format_value (self->this_year[m]);
      g_autofree char *before = format_value (self->last_year[m]);

      g_string_append_printf (description, _("%s: %s this year, %s last year"), month, now, before);
      g_string_append (description, "; ");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->str, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
