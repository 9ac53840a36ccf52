/* The sweep in the app: the header's "last refreshed" detail says when the
 * last sweep (the full check) ran, as the store keeps it, and Preferences
 * change how often it runs and how long the lake keeps removed files. */

#include "config.h"

#include <string.h>

#include "bmd-preferences-window.h"
#include "bmd-settings.h"
#include "bmd-settings-file.h"
#include "bmd-store.h"
#include "bmd-sync.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"
#include "bmd-ui-window.h"

static const BmdTestOrder specs[] = {
  { "#1001", "Ann Baker", "deposit", "2026-12-30T10:00:00", "PAID", "lemon" },
  { "#1002", "Ann Baker", "remaining", "2026-12-30T10:00:00", "PENDING", "lemon" },
  { NULL }
};

typedef struct
{
  char *data_dir;
  BmdContext *context;
  BmdWindow *window;
} Fixture;

/* @seconds before the clock's now, as the store writes times. */
static char *
dup_ago (gint64 seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, (double) -seconds);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

/* A data folder refreshed two days ago (and five minutes, so that the figure
 * cannot round either way); @data, when not NULL, the last sweep's time. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autofree char *finished = dup_ago (2 * 24 * 3600 + 300);

  fixture->data_dir = g_dir_make_tmp ("bmd-ui-sweep-XXXXXX", &error);
  g_assert_no_error (error);
  bmd_test_store_orders (fixture->data_dir, specs, finished);
  if (data != NULL)
    {
      g_autoptr(BmdStore) store = bmd_store_open (fixture->data_dir, &error);

      g_assert_no_error (error);
      g_assert_true (bmd_store_set_state (store, BMD_STATE_LAST_SWEEP, data, &error));
      g_assert_no_error (error);
    }

  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->zone, "America/Chicago");
  bmd_config_set (&config->shop, "organic-bakery-austin.myshopify.com");
  fixture->window = bmd_ui_open_window (config, &fixture->context);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  bmd_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
  g_free ((gpointer) data);
}

/* The refresh button's tooltip, which carries the header's detail in a
 * wide window, where the view switcher takes the title's place. */
static const char *
refresh_tooltip (Fixture *fixture)
{
  GObject *button = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), BMD_TYPE_WINDOW, "refresh_button");

  return gtk_widget_get_tooltip_text (GTK_WIDGET (button));
}

static void
test_detail_shows_sweep (Fixture       *fixture,
                         gconstpointer  data)
{
  g_assert_cmpstr (bmd_window_get_subtitle (fixture->window), ==,
                   "Last refreshed 2 days ago · full check 3 hours ago");
  g_assert_cmpstr (refresh_tooltip (fixture), ==,
                   "Refresh from Shopify (Ctrl+R)\nLast refreshed 2 days ago · full check 3 hours ago");
}

/* A store that never swept (older than the sweep, or its first refresh
 * failed before one) says nothing about it. */
static void
test_detail_without_sweep (Fixture       *fixture,
                           gconstpointer  data)
{
  g_assert_cmpstr (bmd_window_get_subtitle (fixture->window), ==, "Last refreshed 2 days ago");
  g_assert_cmpstr (refresh_tooltip (fixture), ==, "Refresh from Shopify (Ctrl+R)\nLast refreshed 2 days ago");
}

static GtkSpinButton *
spin (GtkWidget  *window,
      const char *name)
{
  GObject *child = gtk_widget_get_template_child (window, BMD_TYPE_PREFERENCES_WINDOW, name);

  g_assert_true (GTK_IS_SPIN_BUTTON (child));
  return GTK_SPIN_BUTTON (child);
}

/* The two spin buttons are bound to their keys both ways, keep to the
 * schema's ranges at both ends, and what they set is what `bakemyday-sync`
 * reads from the settings file. */
static void
test_preferences (void)
{
  const char *config_home = g_getenv ("XDG_CONFIG_HOME");
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(BmdConfig) stored = bmd_config_new ();
  g_autoptr(BmdContext) context = NULL;
  g_autoptr(BmdSettings) settings = NULL;
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *path = NULL;
  BmdPreferencesWindow *window;
  GSettings *gsettings;
  GtkSpinButton *sweep;
  GtkSpinButton *retention;

  context = bmd_context_new (config, NULL);
  settings = bmd_settings_new (context);
  gsettings = bmd_settings_get_gsettings (settings);
  g_assert_nonnull (gsettings);
  window = bmd_preferences_window_new (settings, NULL);
  sweep = spin (GTK_WIDGET (window), "sweep_interval_hours_spin");
  retention = spin (GTK_WIDGET (window), "lake_retention_days_spin");

  /* The defaults. */
  g_assert_cmpfloat (gtk_spin_button_get_value (sweep), ==, 24);
  g_assert_cmpfloat (gtk_spin_button_get_value (retention), ==, 7);

  gtk_spin_button_set_value (sweep, 6);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "sweep-interval-hours"), ==, 6);
  gtk_spin_button_set_value (retention, 30);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "lake-retention-days"), ==, 30);

  /* A change elsewhere shows. */
  g_settings_set_uint (gsettings, "sweep-interval-hours", 48);
  g_assert_cmpfloat (gtk_spin_button_get_value (sweep), ==, 48);

  /* The ranges: 1–720 hours (0 would sweep on every refresh), 0–3650 days
   * (0 is allowed: delete removed files at once). */
  gtk_spin_button_set_value (sweep, 0);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "sweep-interval-hours"), ==, 1);
  gtk_spin_button_set_value (sweep, 721);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "sweep-interval-hours"), ==, 720);
  gtk_spin_button_set_value (retention, 0);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "lake-retention-days"), ==, 0);
  gtk_spin_button_set_value (retention, 3651);
  g_assert_cmpuint (g_settings_get_uint (gsettings, "lake-retention-days"), ==, 3650);

  /* What the CLI reads. */
  gtk_spin_button_set_value (sweep, 12);
  gtk_spin_button_set_value (retention, 14);
  g_settings_sync ();
  path = bmd_settings_file_dup_path ();
  g_assert_true (g_str_has_prefix (path, config_home));
  file = bmd_settings_file_load (path, NULL);
  g_assert_nonnull (file);
  bmd_config_apply_settings_file (stored, file);
  g_assert_cmpuint (stored->sweep_interval_hours, ==, 12);
  g_assert_cmpuint (stored->lake_retention_days, ==, 14);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  /* Settings of our own, empty: GLib reads the variable once. */
  g_autofree char *config_home = g_dir_make_tmp ("bmd-ui-sweep-config-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("BAKEMYDAY_KEYRING_TIMEOUT_MS", "100", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/bmd/ui/sweep/detail", Fixture, dup_ago (3 * 3600 + 300), fixture_set_up,
              test_detail_shows_sweep, fixture_tear_down);
  g_test_add ("/bmd/ui/sweep/detail-never", Fixture, NULL, fixture_set_up,
              test_detail_without_sweep, fixture_tear_down);
  g_test_add_func ("/bmd/ui/sweep/preferences", test_preferences);
  status = g_test_run ();
  bmd_test_remove_tree (config_home);
  return status;
}
