#define G_LOG_DOMAIN "bmd-insights-heatmap"

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-format.h"
#include "bmd-insights-heatmap.h"

#define LABEL_WIDTH 44
#define CELL 22
#define GAP 3

struct _BmdInsightsHeatmap
{
  GtkWidget parent_instance;

  GDate first_monday;
  guint n_weeks;
  guint *counts;
  guint max;
};

G_DEFINE_FINAL_TYPE (BmdInsightsHeatmap, bmd_insights_heatmap, GTK_TYPE_WIDGET)

static const GdkRGBA accent = { 0x35 / 255., 0x84 / 255., 0xe4 / 255., 1 };

static double
cell_size (BmdInsightsHeatmap *self)
{
  double across = self->n_weeks > 0
                  ? (gtk_widget_get_width (GTK_WIDGET (self)) - LABEL_WIDTH) / (double) self->n_weeks
                  : CELL + GAP;

  return MIN (across, (gtk_widget_get_height (GTK_WIDGET (self)) - GAP) / 7.0);
}

static char *
dup_weekday_name (int weekday)
{
  /* 2001-01-01 was a Monday. */
  g_autoptr(GDateTime) day = g_date_time_new_utc (2001, 1, 1 + weekday, 0, 0, 0);

  return g_date_time_format (day, "%a");
}

static void
bmd_insights_heatmap_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  BmdInsightsHeatmap *self = BMD_INSIGHTS_HEATMAP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double size = cell_size (self);
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 0 || height <= 0 || size <= GAP)
    return;
  bmd_widget_get_foreground (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  for (int d = 0; d < 7; d++)
    {
      g_autofree char *name = dup_weekday_name (d);
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, name);
      int tw, th;
      GdkRGBA label = fg;

      pango_layout_get_pixel_size (layout, &tw, &th);
      label.alpha = 0.7;
      gdk_cairo_set_source_rgba (cr, &label);
      cairo_move_to (cr, 0, d * size + (size - th) / 2);
      pango_cairo_show_layout (cr, layout);
    }

  for (guint w = 0; w < self->n_weeks; w++)
    for (int d = 0; d < 7; d++)
      {
        guint count = self->counts[w * 7 + d];
        double x = LABEL_WIDTH + w * size;
        double y = d * size;
        GdkRGBA cell = count > 0 ? accent : fg;

        cell.alpha = count > 0 ? 0.2 + 0.8 * count / (double) MAX (self->max, 1) : 0.07;
        gdk_cairo_set_source_rgba (cr, &cell);
        cairo_rectangle (cr, x, y, size - GAP, size - GAP);
        cairo_fill (cr);

        if (count > 0 && size >= 16)
          {
            g_autofree char *text = g_strdup_printf ("%u", count);
            g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);
            int tw, th;
            GdkRGBA ink = cell.alpha > 0.6 ? (GdkRGBA) { 1, 1, 1, 1 } : fg;

            pango_layout_get_pixel_size (layout, &tw, &th);
            gdk_cairo_set_source_rgba (cr, &ink);
            cairo_move_to (cr, x + (size - GAP - tw) / 2, y + (size - GAP - th) / 2);
            pango_cairo_show_layout (cr, layout);
          }
      }
  cairo_destroy (cr);
}

static void
bmd_insights_heatmap_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  BmdInsightsHeatmap *self = BMD_INSIGHTS_HEATMAP (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LABEL_WIDTH + self->n_weeks * 12;
      *natural = LABEL_WIDTH + self->n_weeks * (CELL + GAP);
    }
  else
    *minimum = *natural = 7 * (CELL + GAP) + GAP;
}

static gboolean
bmd_insights_heatmap_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard_mode,
                                    GtkTooltip *tooltip)
{
  BmdInsightsHeatmap *self = BMD_INSIGHTS_HEATMAP (widget);
  double size = cell_size (self);
  int w = (int) ((x - LABEL_WIDTH) / size);
  int d = (int) (y / size);
  g_autofree char *text = NULL;
  char date[64];
  GDate day;
  guint count;

  if (x < LABEL_WIDTH || w < 0 || (guint) w >= self->n_weeks || d < 0 || d >= 7)
    return FALSE;
  day = self->first_monday;
  g_date_add_days (&day, w * 7 + d);
  g_date_strftime (date, sizeof date, "%a %e %b %Y", &day);
  count = self->counts[w * 7 + d];
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u cake", "%s: %u cakes", count), date, count);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
bmd_insights_heatmap_finalize (GObject *object)
{
  BmdInsightsHeatmap *self = BMD_INSIGHTS_HEATMAP (object);

  g_free (self->counts);
  G_OBJECT_CLASS (bmd_insights_heatmap_parent_class)->finalize (object);
}

static void
bmd_insights_heatmap_class_init (BmdInsightsHeatmapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bmd_insights_heatmap_finalize;
  widget_class->snapshot = bmd_insights_heatmap_snapshot;
  widget_class->measure = bmd_insights_heatmap_measure;
  widget_class->query_tooltip = bmd_insights_heatmap_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "insights-heatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
bmd_insights_heatmap_init (BmdInsightsHeatmap *self)
{
  g_date_clear (&self->first_monday, 1);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bmd_insights_heatmap_new (void)
{
  return g_object_new (BMD_TYPE_INSIGHTS_HEATMAP, NULL);
}

void
bmd_insights_heatmap_set_heat (BmdInsightsHeatmap    *self,
                               const BmdInsightsHeat *heat)
{
  g_return_if_fail (BMD_IS_INSIGHTS_HEATMAP (self));

  g_clear_pointer (&self->counts, g_free);
  self->n_weeks = heat != NULL ? heat->n_weeks : 0;
  self->max = heat != NULL ? heat->max : 0;
  if (heat != NULL)
    {
      self->first_monday = heat->first_monday;
      self->counts = g_memdup2 (heat->counts, sizeof (guint) * heat->n_weeks * 7);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}
