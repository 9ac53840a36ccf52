#pragma once

#include <string.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Iterates the main context until @done returns TRUE; fails the test after
 * @timeout_s seconds. */
typedef gboolean (*BmdUiCondition) (gpointer data);

static inline gboolean
bmd_ui_tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static inline void
bmd_ui_wait_until (BmdUiCondition  done,
                   gpointer        data,
                   guint           timeout_s,
                   const char     *what)
{
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_TIME_SPAN_SECOND;
  /* Wakes the blocking iteration below so that the deadline is checked. */
  guint tick = g_timeout_add (20, bmd_ui_tick_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out after %u s waiting for %s", timeout_s, what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (tick);
}

typedef gboolean (*BmdUiMatch) (GtkWidget *widget, gconstpointer data);

/* The first widget under @widget, itself included and depth first, that
 * @match accepts, or NULL. */
static inline GtkWidget *
bmd_ui_find (GtkWidget     *widget,
             BmdUiMatch     match,
             gconstpointer  data)
{
  GtkWidget *child;

  if (match (widget, data))
    return widget;
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = bmd_ui_find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
bmd_ui_revealers_settled (gpointer data)
{
  GtkWidget *widget = data;
  GtkWidget *child;

  if (GTK_IS_REVEALER (widget)
      && gtk_revealer_get_child_revealed (GTK_REVEALER (widget)) != gtk_revealer_get_reveal_child (GTK_REVEALER (widget)))
    return FALSE;
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!bmd_ui_revealers_settled (child))
        return FALSE;
    }
  return TRUE;
}

/* Waits until every revealer under @widget has finished sliding in or out,
 * then for a frame, so that a screenshot shows the settled window rather
 * than a bar half-way in. */
static inline void
bmd_ui_settle (GtkWidget *widget)
{
  bmd_ui_wait_until (bmd_ui_revealers_settled, widget, 5, "the bars to finish sliding");
  gtk_test_widget_wait_for_draw (widget);
}

/* Turns GTK's animations and CSS transitions off (FALSE) or on again, around
 * a change that a screenshot should show finished, such as the view
 * switcher's highlight moving. Tests that check behaviour keep them on, as
 * users have them. */
static inline void
bmd_ui_set_animations (gboolean enabled)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", enabled, NULL);
}

/* Renders @widget as it is on screen. */
static inline GdkTexture *
bmd_ui_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static inline void
bmd_ui_save_screenshot (GtkWidget  *widget,
                        const char *name)
{
  g_autoptr(GdkTexture) texture = bmd_ui_render (widget);
  const char *dir = g_getenv ("BMD_SCREENSHOT_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : ".", name, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* The pixel at (x, y) as 0..255 RGBA. */
static inline void
bmd_ui_pixel (GdkTexture *texture,
              int         x,
              int         y,
              guint8      rgba[4])
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  guint32 pixel;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, width);
  g_assert_cmpint (y, <, height);
  /* GDK_MEMORY_DEFAULT is B8G8R8A8 premultiplied, i.e. native-endian ARGB32. */
  gdk_texture_download (texture, data, (gsize) width * 4);
  memcpy (&pixel, data + ((gsize) y * width + x) * 4, 4);
  rgba[0] = (pixel >> 16) & 0xff;
  rgba[1] = (pixel >> 8) & 0xff;
  rgba[2] = pixel & 0xff;
  rgba[3] = pixel >> 24;
}

static inline void
bmd_ui_assert_color (GdkTexture    *texture,
                     int            x,
                     int            y,
                     const GdkRGBA *expected,
                     int            tolerance)
{
  guint8 rgba[4];
  int want[3] = { (int) (expected->red * 255 + .5), (int) (expected->green * 255 + .5),
                  (int) (expected->blue * 255 + .5) };
  int i;

  bmd_ui_pixel (texture, x, y, rgba);
  for (i = 0; i < 3; i++)
    if (ABS ((int) rgba[i] - want[i]) > tolerance)
      g_error ("pixel (%d,%d) is #%02x%02x%02x, expected #%02x%02x%02x", x, y,
               rgba[0], rgba[1], rgba[2], want[0], want[1], want[2]);
}

G_END_DECLS
