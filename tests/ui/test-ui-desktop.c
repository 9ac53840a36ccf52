/* Desktop integration: the app menu's Keyboard Shortcuts and About entries,
 * the shortcuts window in the GResource where GtkApplication looks for it,
 * and the dark style (the window and the status badges stay readable). It
 * also keeps the screenshots the AppStream metainfo shows. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bmd-ui-window.h"
#include "bmd-context.h"
#include "bmd-store.h"
#include "bmd-test-orders.h"
#include "bmd-window.h"

typedef struct
{
  char *data_dir;
  BmdContext *context;
  BmdWindow *window;
} Fixture;

/* A small bakery week, refreshed just now (so no "out of date" bar). */
static void
seed_bakery (const char *data_dir)
{
  g_autofree char *tomorrow = bmd_test_local_pickup (1, "15:00:00");
  g_autofree char *in2 = bmd_test_local_pickup (2, "11:30:00");
  g_autofree char *in3 = bmd_test_local_pickup (3, "10:00:00");
  g_autofree char *in5 = bmd_test_local_pickup (5, "16:00:00");
  g_autofree char *in12 = bmd_test_local_pickup (12, "09:00:00");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *finished_at = g_date_time_format_iso8601 (now);
  const BmdTestOrder specs[] = {
    { "#1001", "Ann Baker", "deposit", tomorrow, "PAID", "lemon", "birthday", "treenut", NULL, NULL },
    { "#1002", "Ann Baker", "remaining", tomorrow, "PENDING", "lemon", "birthday", "n/a", NULL, NULL },
    { "#1003", "Bob Cole", "deposit", in3, "PAID", "black forest", "wedding", "n/a", NULL, NULL },
    { "#1005", "Cleo Diaz", "deposit", in2, "PAID", "vanilla", "baby shower", "", NULL, NULL },
    { "#1006", "Cleo Diaz", "remaining", in2, "PAID", "vanilla", "baby shower", "", NULL, NULL },
    { "#1012", "Eve Fox", "deposit", in5, "PAID", "strawberry", "anniversary", "gluten", NULL, NULL },
    { "#1013", "Eve Fox", "remaining", in5, "PENDING", "strawberry", "anniversary", "gluten", NULL, NULL },
    { "#1007", "Dan Evans", "deposit", in12, "PAID", "carrot", "retirement", "dairy", NULL, NULL },
    { "#1008", "Dan Evans", "remaining", in12, "PAID", "carrot", "retirement", "dairy", NULL, NULL },
    { NULL }
  };

  bmd_test_store_orders (data_dir, specs, finished_at);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  fixture->data_dir = g_dir_make_tmp ("bmd-ui-desktop-XXXXXX", &error);
  g_assert_no_error (error);
  seed_bakery (fixture->data_dir);

  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->shop, "organic-bakery-austin.myshopify.com");
  bmd_config_set (&config->token, "test-token");
  fixture->window = bmd_ui_open_window (config, &fixture->context);
  g_assert_cmpstr (bmd_window_get_state (fixture->window), ==, "content");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  dir = g_dir_open (fixture->data_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->data_dir, name, NULL);
      g_unlink (child);
    }
  g_rmdir (fixture->data_dir);
  g_free (fixture->data_dir);
}

typedef struct
{
  GType type;
  const char *css_class;   /* or NULL */
} WidgetKind;

/* A shown widget of that type (and CSS class). */
static gboolean
is_shown_kind (GtkWidget     *widget,
               gconstpointer  data)
{
  const WidgetKind *kind = data;

  return G_TYPE_CHECK_INSTANCE_TYPE (widget, kind->type)
         && (kind->css_class == NULL || gtk_widget_has_css_class (widget, kind->css_class))
         && gtk_widget_get_mapped (widget);
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *css_class)
{
  WidgetKind kind = { type, css_class };

  return bmd_ui_find (widget, is_shown_kind, &kind);
}

static void
collect_actions (GMenuModel *model,
                 GString    *out)
{
  int i, n = g_menu_model_get_n_items (model);

  for (i = 0; i < n; i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_string_append_printf (out, "%s\n", action);
      if (section != NULL)
        collect_actions (section, out);
    }
}

static void
test_app_menu (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *button = find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, NULL);
  g_autoptr(GString) actions = g_string_new ("\n");
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  g_assert_nonnull (button);
  collect_actions (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button)), actions);
  g_assert_nonnull (strstr (actions->str, "\nwin.show-help-overlay\n"));
  g_assert_nonnull (strstr (actions->str, "\napp.about\n"));

  /* GtkApplication loads it from RESOURCE_BASE_PATH/gtk/help-overlay.ui. */
  builder = gtk_builder_new_from_resource ("/com/organicbakeryaustin/BakeMyDay/gtk/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));

  /* The About window shows the app icon from the resource, installed or not. */
  g_assert_true (g_resources_get_info ("/com/organicbakeryaustin/BakeMyDay/icons/scalable/apps/" APP_ID ".svg",
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL, NULL, NULL));
}

static double
luminance (guint8 rgba[4])
{
  return (0.2126 * rgba[0] + 0.7152 * rgba[1] + 0.0722 * rgba[2]) / 255.0;
}

static double
widget_text_luminance (GtkWidget *widget)
{
  GdkRGBA color;

  /* GtkStyleContext is what GTK 4.8 has (gtk_widget_get_color is 4.10). */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  return 0.2126 * color.red + 0.7152 * color.green + 0.0722 * color.blue;
}

static void
show_and_save (Fixture    *fixture,
               const char *view,
               const char *file)
{
  bmd_window_show_view (fixture->window, view);
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), file);
}

static void
test_light_and_dark (Fixture       *fixture,
                     gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  GtkWidget *queue = GTK_WIDGET (bmd_window_get_queue_view (fixture->window));
  GtkWidget *unpaid;
  guint8 rgba[4];
  int y;

  show_and_save (fixture, "upcoming", "screenshot-light-upcoming.png");
  show_and_save (fixture, "calendar", "screenshot-light-calendar.png");
  show_and_save (fixture, "queue", "screenshot-light-queue.png");
  light = bmd_ui_render (GTK_WIDGET (fixture->window));
  /* Below the last row of the queue: the view's background. */
  y = gdk_texture_get_height (light) - 20;
  bmd_ui_pixel (light, 200, y, rgba);
  g_assert_cmpfloat (luminance (rgba), >, 0.8);
  unpaid = find_widget (queue, GTK_TYPE_LABEL, "unpaid");
  g_assert_nonnull (unpaid);
  g_assert_cmpfloat (widget_text_luminance (unpaid), <, 0.45);

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  bmd_ui_settle (GTK_WIDGET (fixture->window));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-dark-queue.png");
  dark = bmd_ui_render (GTK_WIDGET (fixture->window));
  bmd_ui_pixel (dark, 200, y, rgba);
  g_assert_cmpfloat (luminance (rgba), <, 0.25);
  /* The "Pending" badge's text stays readable on the dark background. */
  unpaid = find_widget (queue, GTK_TYPE_LABEL, "unpaid");
  g_assert_nonnull (unpaid);
  g_assert_cmpfloat (widget_text_luminance (unpaid), >, 0.5);
  show_and_save (fixture, "calendar", "screenshot-dark-calendar.png");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Screenshots and pixel checks only: every change shows finished, the
   * switcher's highlight and the dark style included. */
  bmd_ui_set_animations (FALSE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/ui/desktop/app-menu", test_app_menu);
  ADD ("/bmd/ui/desktop/light-and-dark", test_light_and_dark);
#undef ADD
  return g_test_run ();
}
