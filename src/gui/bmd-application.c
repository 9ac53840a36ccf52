#define G_LOG_DOMAIN "bmd-application"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-application.h"
#include "bmd-calendar-file-writer.h"
#include "bmd-context.h"
#include "bmd-notifier.h"
#include "bmd-preferences-window.h"
#include "bmd-reminder-watch.h"
#include "bmd-settings.h"
#include "bmd-settings-file.h"
#include "bmd-window.h"

/* Set to print when the first frame with the stored orders was painted, and
 * the memory used then, and quit (for bench/bench-startup). */
#define BENCH_ENV "BAKEMYDAY_BENCH_FIRST_FRAME"
/* With it, the view the first frame shows (bench-startup --view NAME). */
#define BENCH_VIEW_ENV "BAKEMYDAY_BENCH_VIEW"

struct _BmdApplication
{
  AdwApplication parent_instance;

  gint64 started_us;
  BmdContext *context;
  BmdSettings *settings;
  BmdReminderWatch *reminders;
  BmdCalendarFileWriter *calendar_file;
  gulong after_paint_id;
};

G_DEFINE_FINAL_TYPE (BmdApplication, bmd_application, ADW_TYPE_APPLICATION)

static gint64
read_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (key), NULL, 10);
}

static void
after_paint_cb (GdkFrameClock  *clock,
                BmdApplication *self)
{
  BmdSnapshot *snapshot = bmd_context_get_snapshot (self->context);

  if (!bmd_context_get_loaded (self->context))
    return;
  g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;
  printf ("first-frame-ms %.1f orders %u rss-kb %" G_GINT64_FORMAT " hwm-kb %" G_GINT64_FORMAT "\n",
          (g_get_monotonic_time () - self->started_us) / 1000.0,
          snapshot != NULL ? bmd_snapshot_get_orders (snapshot)->len : 0,
          read_status_kb ("VmRSS:"), read_status_kb ("VmHWM:"));
  fflush (stdout);
  g_application_quit (G_APPLICATION (self));
}

static void
bench_loaded_cb (BmdContext     *context,
                 GParamSpec     *pspec,
                 GtkWidget      *window)
{
  /* The next frame shows the loaded orders. */
  gtk_widget_queue_draw (window);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Bake My Day authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Bake My Day"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Bake My Day authors"),
                         "developers", developers,
                         "copyright", "© 2026 The Bake My Day authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/organicbakeryaustin/bakemyday",
                         "issue-url", "https://github.com/organicbakeryaustin/bakemyday/issues",
                         /* Translators: your names, one per line, to be credited in the About window. */
                         "translator-credits", _("translator-credits"),
                         "comments", _("What to bake this week, every future order and a calendar of pickups, from your Shopify shop."),
                         "release-notes-version", "0.1.0",
                         "release-notes", _("<p>The first release:</p>"
                                            "<ul>"
                                            "<li>Pairs each cake’s deposit and balance orders from Shopify</li>"
                                            "<li>Bake queue for the next seven days, upcoming orders, problems and a month calendar</li>"
                                            "<li>Refresh from Shopify with progress and cancel, within the API’s rate limit</li>"
                                            "<li>A local warehouse that works offline, plus loading into S3 and Redshift</li>"
                                            "</ul>"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  BmdApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (self->settings == NULL)
    return;
  gtk_window_present (GTK_WINDOW (bmd_preferences_window_new (self->settings, parent)));
}

static void
settings_message_cb (BmdSettings *settings,
                     const char  *text,
                     gpointer     user_data)
{
  g_message ("%s", text);
}

/* "Refresh on start" waits for the stored secrets. */
static void
secrets_loaded_cb (BmdSettings *settings,
                   GParamSpec  *pspec,
                   GtkWidget   *window)
{
  GSettings *gsettings = bmd_settings_get_gsettings (settings);

  g_signal_handlers_disconnect_by_func (settings, secrets_loaded_cb, window);
  if (gsettings != NULL && g_settings_get_boolean (gsettings, "refresh-on-start"))
    gtk_widget_activate_action (window, "win.refresh", NULL);
}

/* A reminder's notification was clicked: open on its request. */
static void
show_request_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  BmdApplication *self = user_data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (BMD_IS_WINDOW (window))
    bmd_window_show_request (BMD_WINDOW (window), g_variant_get_string (parameter, NULL));
}

static void
capacity_changed_cb (GSettings  *gsettings,
                     const char *key,
                     GtkWidget  *window)
{
  BmdActSettings act;

  bmd_act_settings_from_gsettings (&act, gsettings);
  bmd_window_set_capacity (BMD_WINDOW (window), &act.capacity);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
bmd_application_activate (GApplication *application)
{
  BmdApplication *self = BMD_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      g_autoptr(BmdConfig) config = bmd_config_new ();
      g_autoptr(GError) error = NULL;

      /* The stored settings now; the secrets follow from a thread. */
      if (!bmd_config_apply_stored_settings (config, &error))
        g_message ("%s", error->message);
      bmd_config_apply_environment (config);
      self->context = bmd_context_new (config, NULL);
      self->settings = bmd_settings_new (self->context);
      g_signal_connect (self->settings, "message", G_CALLBACK (settings_message_cb), NULL);
      self->calendar_file = bmd_calendar_file_writer_new (self->settings);
      /* The store loads in a thread while the window's templates are built. */
      bmd_context_reload (self->context);
      window = GTK_WINDOW (bmd_window_new (GTK_APPLICATION (self), self->context));
      g_signal_connect_object (self->settings, "notify::secrets-loaded", G_CALLBACK (secrets_loaded_cb),
                               window, 0);
      self->reminders = bmd_reminder_watch_new (G_APPLICATION (self), self->context,
                                                bmd_settings_get_gsettings (self->settings));
      if (bmd_settings_get_gsettings (self->settings) != NULL)
        {
          GSettings *gsettings = bmd_settings_get_gsettings (self->settings);

          g_signal_connect_object (gsettings, "changed::cakes-per-day", G_CALLBACK (capacity_changed_cb), window, 0);
          g_signal_connect_object (gsettings, "changed::cakes-per-week", G_CALLBACK (capacity_changed_cb), window, 0);
          capacity_changed_cb (gsettings, NULL, GTK_WIDGET (window));
        }
      else
        {
          /* Without the schema the stored settings file still counts. */
          BmdActSettings act;

          if (bmd_act_settings_load_stored (&act, NULL))
            bmd_window_set_capacity (BMD_WINDOW (window), &act.capacity);
        }

      if (g_getenv (BENCH_ENV) != NULL)
        {
          GdkFrameClock *clock;

          if (g_getenv (BENCH_VIEW_ENV) != NULL)
            bmd_window_show_view (BMD_WINDOW (window), g_getenv (BENCH_VIEW_ENV));
          gtk_widget_realize (GTK_WIDGET (window));
          clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
          self->after_paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
          g_signal_connect_object (self->context, "notify::loaded", G_CALLBACK (bench_loaded_cb), window, 0);
        }
    }
  gtk_window_present (window);
}

static void
bmd_application_dispose (GObject *object)
{
  BmdApplication *self = (BmdApplication *)object;

  g_clear_object (&self->reminders);
  g_clear_object (&self->calendar_file);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  G_OBJECT_CLASS (bmd_application_parent_class)->dispose (object);
}

static void
bmd_application_class_init (BmdApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = bmd_application_dispose;
  G_APPLICATION_CLASS (klass)->activate = bmd_application_activate;
}

static void
bmd_application_init (BmdApplication *self)
{
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "preferences", preferences_action },
    { "quit", quit_action },
    { BMD_SHOW_REQUEST_ACTION, show_request_action, "s" },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
}

BmdApplication *
bmd_application_new (gint64 started_us)
{
  BmdApplication *self = g_object_new (BMD_TYPE_APPLICATION,
                                       "application-id", APP_ID,
                                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                                       "resource-base-path", "/com/organicbakeryaustin/BakeMyDay",
                                       NULL);

  self->started_us = started_us;
  return self;
}
