/* Preferences under a headless display: the app menu opens them, a shop and
 * token typed there are stored (settings.ini and the secrets file, what the
 * CLI reads) and the next refresh uses them against the simulator; a bad
 * time zone is refused and not stored. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bmd-ui-test.h"
#include "bmd-context.h"
#include "bmd-preferences-window.h"
#include "bmd-secrets.h"
#include "bmd-settings.h"
#include "bmd-settings-file.h"
#include "bmd-test-sim.h"
#include "bmd-window.h"

static char *tmp_dir;

typedef struct
{
  BmdShopifySim *sim;
  BmdContext *context;
  BmdSettings *settings;
  BmdWindow *window;
  BmdPreferencesWindow *prefs;
  gboolean finished;
  BmdRefreshResult *outcome;
  char *error;
} Fixture;

static gboolean
secrets_loaded (gpointer data)
{
  return bmd_settings_get_secrets_loaded (data);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (tmp_dir, "data", NULL);
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GError) error = NULL;
  BmdShopifySimOptions options;

  bmd_shopify_sim_options_init (&options);
  options.requests = 8;
  fixture->sim = bmd_test_sim_start (&options);

  /* As the app starts: stored settings, then the environment. */
  g_assert_true (bmd_config_apply_stored_settings (config, &error));
  bmd_config_apply_environment (config);
  bmd_config_set (&config->data_dir, data_dir);
  fixture->context = bmd_context_new (config, NULL);
  fixture->settings = bmd_settings_new (fixture->context);
  g_assert_nonnull (bmd_settings_get_gsettings (fixture->settings));
  bmd_ui_wait_until (secrets_loaded, fixture->settings, 10, "the stored secrets");

  fixture->window = bmd_window_new (NULL, fixture->context);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->prefs = bmd_preferences_window_new (fixture->settings, GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (fixture->prefs));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *settings = bmd_settings_file_dup_path ();
  g_autofree char *secrets = bmd_secrets_file_dup_path ();

  gtk_window_destroy (GTK_WINDOW (fixture->prefs));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->context);
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  g_clear_pointer (&fixture->outcome, bmd_refresh_result_free);
  g_free (fixture->error);
  g_remove (settings);
  g_remove (secrets);
}

static GtkWidget *
row (Fixture    *fixture,
     const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->prefs),
                                                   BMD_TYPE_PREFERENCES_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
type_and_apply (Fixture    *fixture,
                const char *name,
                const char *text)
{
  GtkWidget *entry = row (fixture, name);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "apply");
}

static gboolean
token_reached_context (gpointer data)
{
  Fixture *fixture = data;

  return g_strcmp0 (bmd_context_get_config (fixture->context)->token, "typed-token") == 0;
}

static void
refresh_finished_cb (BmdContext       *context,
                     BmdRefreshResult *outcome,
                     const GError     *error,
                     Fixture          *fixture)
{
  fixture->finished = TRUE;
  if (outcome != NULL)
    {
      fixture->outcome = g_new0 (BmdRefreshResult, 1);
      *fixture->outcome = *outcome;
      fixture->outcome->lake_uri = g_strdup (outcome->lake_uri);
      fixture->outcome->later_stage_error = g_strdup (outcome->later_stage_error);
    }
  if (error != NULL)
    fixture->error = g_strdup (error->message);
}

static gboolean
refresh_done (gpointer data)
{
  return ((Fixture *) data)->finished;
}

static gboolean
is_primary_menu_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static void
test_menu_has_preferences (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkMenuButton *button = GTK_MENU_BUTTON (bmd_ui_find (GTK_WIDGET (fixture->window), is_primary_menu_button, NULL));
  GMenuModel *menu;
  gboolean found = FALSE;
  int i, j;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_true (G_IS_MENU_MODEL (menu));
  for (i = 0; i < g_menu_model_get_n_items (G_MENU_MODEL (menu)); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (G_MENU_MODEL (menu), i, G_MENU_LINK_SECTION);

      for (j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action)
              && g_str_equal (action, "app.preferences"))
            found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_shop_reaches_refresh (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *url = bmd_shopify_sim_get_url (fixture->sim);
  g_autofree char *path = bmd_settings_file_dup_path ();
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *stored_shop = NULL;
  g_autofree char *stored_token = NULL;
  g_autoptr(BmdConfig) cli = bmd_config_new ();
  g_autoptr(GError) error = NULL;

  /* No shop yet: nothing to refresh. */
  g_assert_null (bmd_context_get_config (fixture->context)->shop);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL)
                  && bmd_context_get_job (fixture->context) != NULL);

  type_and_apply (fixture, "shop_row", url);
  type_and_apply (fixture, "token_row", "typed-token");
  g_assert_cmpstr (bmd_context_get_config (fixture->context)->shop, ==, url);
  bmd_ui_wait_until (token_reached_context, fixture, 10, "the token to be stored");

  /* Stored where the CLI reads it, the token not in the settings file. */
  file = bmd_settings_file_load (path, &error);
  g_assert_no_error (error);
  stored_shop = bmd_settings_file_dup_string (file, "shop");
  g_assert_cmpstr (stored_shop, ==, url);
  stored_token = bmd_secrets_file_lookup (BMD_SECRET_SHOPIFY_TOKEN, &error);
  g_assert_cmpstr (stored_token, ==, "typed-token");
  {
    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_null (strstr (text, "typed-token"));
  }
  g_assert_true (bmd_config_apply_stored (cli, &error));
  g_assert_cmpstr (cli->shop, ==, url);
  g_assert_cmpstr (cli->token, ==, "typed-token");

  /* The window's refresh uses them. */
  g_signal_connect (fixture->context, "refresh-finished", G_CALLBACK (refresh_finished_cb), fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.refresh", NULL));
  g_assert_nonnull (bmd_context_get_job (fixture->context));
  bmd_ui_wait_until (refresh_done, fixture, 60, "the refresh");
  g_signal_handlers_disconnect_by_data (fixture->context, fixture);
  g_assert_cmpstr (fixture->error, ==, NULL);
  g_assert_nonnull (fixture->outcome);
  g_assert_cmpuint (fixture->outcome->total, ==, bmd_shopify_sim_get_order_count (fixture->sim));
  g_assert_cmpuint (fixture->outcome->total, >, 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->prefs));
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->prefs), "preferences.png");
}

static void
test_bad_time_zone (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *zone = row (fixture, "time_zone_row");
  GSettings *settings = bmd_settings_get_gsettings (fixture->settings);
  g_autofree char *stored = NULL;

  type_and_apply (fixture, "time_zone_row", "Mars/Olympus_Mons");
  g_assert_true (gtk_widget_has_css_class (zone, "error"));
  stored = g_settings_get_string (settings, "time-zone");
  g_assert_cmpstr (stored, ==, "");
  g_assert_null (bmd_context_get_config (fixture->context)->zone);

  type_and_apply (fixture, "time_zone_row", "Europe/Berlin");
  g_assert_false (gtk_widget_has_css_class (zone, "error"));
  g_assert_cmpstr (bmd_context_get_config (fixture->context)->zone, ==, "Europe/Berlin");

  /* The queue window combo writes its setting and the context follows. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (fixture, "queue_window_row")), 1);
  g_clear_pointer (&stored, g_free);
  stored = g_settings_get_string (settings, "queue-window");
  g_assert_cmpstr (stored, ==, "calendar-week");
  g_assert_true (bmd_context_get_config (fixture->context)->queue_calendar_week);
  g_settings_reset (settings, "queue-window");
  g_settings_reset (settings, "time-zone");
}

static gboolean
test_row_answered (gpointer data)
{
  const char *subtitle = adw_action_row_get_subtitle (data);

  return subtitle != NULL && *subtitle != '\0' && g_strcmp0 (subtitle, "Testing…") != 0;
}

/* The Glue rows reach the settings and the refresh's config; the catalog's
 * Test runs in a thread and names the step that failed (here the endpoint,
 * plain http to a host that is not this machine). */
static void
test_glue_catalog (Fixture       *fixture,
                   gconstpointer  data)
{
  GSettings *settings = bmd_settings_get_gsettings (fixture->settings);
  GtkWidget *test_row = row (fixture, "glue_test_row");
  g_autofree char *stored = NULL;
  const char *subtitle;

  type_and_apply (fixture, "glue_database_row", "bakery_lake");
  type_and_apply (fixture, "glue_endpoint_row", "http://glue.example.com");
  stored = g_settings_get_string (settings, "glue-database");
  g_assert_cmpstr (stored, ==, "bakery_lake");
  g_assert_cmpstr (bmd_context_get_config (fixture->context)->glue_database, ==, "bakery_lake");
  g_assert_cmpstr (bmd_context_get_config (fixture->context)->glue_endpoint, ==, "http://glue.example.com");

  g_signal_emit_by_name (row (fixture, "glue_test_button"), "clicked");
  bmd_ui_wait_until (test_row_answered, test_row, 20, "the catalog test");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row));
  g_assert_true (g_str_has_prefix (subtitle, "Glue endpoint: "));
  g_assert_true (gtk_widget_has_css_class (test_row, "error"));
  g_settings_reset (settings, "glue-database");
  g_settings_reset (settings, "glue-endpoint");
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("bmd-ui-prefs-XXXXXX", NULL);
  /* Before anything caches them: a private config dir, and no keyring. */
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", tmp_dir, TRUE);
  g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");
  g_unsetenv ("BAKEMYDAY_SHOP");
  g_unsetenv ("BAKEMYDAY_TOKEN");
  g_unsetenv ("BAKEMYDAY_TZ");
  /* Keys for the catalog's Test: it gets past the credentials to the endpoint. */
  g_setenv ("AWS_ACCESS_KEY_ID", "AKIDPREFERENCESTEST", TRUE);
  g_setenv ("AWS_SECRET_ACCESS_KEY", "preferences-test-secret", TRUE);
  g_unsetenv ("BAKEMYDAY_GLUE_DATABASE");
  g_unsetenv ("BAKEMYDAY_GLUE_ENDPOINT");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/ui/preferences/menu", test_menu_has_preferences);
  ADD ("/bmd/ui/preferences/shop-reaches-refresh", test_shop_reaches_refresh);
  ADD ("/bmd/ui/preferences/bad-time-zone", test_bad_time_zone);
  ADD ("/bmd/ui/preferences/glue-catalog", test_glue_catalog);
#undef ADD
  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", tmp_dir, NULL };
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  g_free (tmp_dir);
  return status;
}
