#define G_LOG_DOMAIN "bmd-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-connection-test.h"
#include "bmd-daily-timer.h"
#include "bmd-preferences-window.h"
#include "bmd-reminder-preferences.h"
#include "bmd-settings-file.h"
#include "bmd-shopify-client.h"

/* Text settings, each an AdwEntryRow named after its key ("api-version" ->
 * "api_version_row"). */
static const char * const text_keys[] = {
  "shop", "api-version", "client-id",
  "metafield-namespace", "draft-type-key", "pickup-date-key", "flavor-key", "theme-key", "allergies-key",
  "time-zone", "daily-refresh-time", "calendar-file",
  "s3-endpoint", "s3-bucket", "s3-prefix", "s3-region", "aws-profile", "aws-access-key-id",
  "warehouse", "redshift-iam-role", "redshift-workgroup",
  "glue-database", "glue-endpoint",
};
#define N_TEXT_KEYS G_N_ELEMENTS (text_keys)

static const struct
{
  const char *row;
  BmdSecret secret;
  const char *title;
} secret_rows[] = {
  { "token_row", BMD_SECRET_SHOPIFY_TOKEN, N_("Access token") },
  { "client_secret_row", BMD_SECRET_SHOPIFY_CLIENT_SECRET, N_("Client secret") },
  { "aws_secret_row", BMD_SECRET_AWS_SECRET_ACCESS_KEY, N_("Secret access key") },
  { "warehouse_password_row", BMD_SECRET_WAREHOUSE_PASSWORD, N_("Password") },
};
#define N_SECRET_ROWS G_N_ELEMENTS (secret_rows)

static const char * const queue_windows[] = { "next-7-days", "calendar-week", NULL };
static const char * const dialects[] = { "", "redshift", "postgres", NULL };

typedef struct
{
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *spinner;
  BmdConnectionKind kind;
  GCancellable *cancellable;
} TestRow;

struct _BmdPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  BmdSettings *settings;

  AdwEntryRow *text_rows[N_TEXT_KEYS];
  AdwEntryRow *secret_rows[N_SECRET_ROWS];
  AdwComboRow *queue_window_row;
  AdwComboRow *warehouse_dialect_row;
  GtkSwitch *refresh_on_start_switch;
  GtkSwitch *daily_refresh_switch;
  GtkSpinButton *sweep_interval_hours_spin;
  GtkSpinButton *lake_retention_days_spin;

  GtkWidget *shopify_test_row;
  GtkWidget *shopify_test_button;
  GtkWidget *shopify_test_spinner;
  GtkWidget *s3_test_row;
  GtkWidget *s3_test_button;
  GtkWidget *s3_test_spinner;
  GtkWidget *warehouse_test_row;
  GtkWidget *warehouse_test_button;
  GtkWidget *warehouse_test_spinner;
  GtkWidget *glue_test_row;
  GtkWidget *glue_test_button;
  GtkWidget *glue_test_spinner;
  TestRow tests[4];
};

G_DEFINE_FINAL_TYPE (BmdPreferencesWindow, bmd_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (BmdPreferencesWindow *self,
       const char           *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 8);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static void
mark_row (AdwEntryRow *row,
          gboolean     bad)
{
  if (bad)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

/* NULL when @value may be stored under @key, else why not. */
static char *
dup_invalid_reason (BmdPreferencesWindow *self,
                    const char           *key,
                    const char           *value)
{
  GSettings *settings = bmd_settings_get_gsettings (self->settings);

  if (*value == '\0')
    {
      if (g_str_equal (key, "api-version") || g_str_equal (key, "daily-refresh-time"))
        return g_strdup (_("This cannot be empty."));
      return NULL;
    }
  if (g_str_equal (key, "shop"))
    {
      g_autofree char *version = g_settings_get_string (settings, "api-version");
      g_autoptr(GError) error = NULL;
      g_autoptr(BmdShopifyClient) client = bmd_shopify_client_new (value, version, &error);

      return client == NULL ? g_strdup (error->message) : NULL;
    }
  if (g_str_equal (key, "time-zone"))
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (value);

      return zone == NULL ? g_strdup_printf (_("“%s” is not a known IANA time zone (e.g. America/Chicago)."), value) : NULL;
    }
  if (g_str_equal (key, "daily-refresh-time") && !bmd_daily_time_parse (value, NULL, NULL))
    return g_strdup (_("The time must be HH:MM, from 00:00 to 23:59."));
  if (g_str_equal (key, "warehouse"))
    {
      g_autofree char *probe = bmd_conninfo_with_password (value, "probe");

      if (probe == NULL)
        return g_strdup (_("This is not a libpq connection string (host=… dbname=…) or URI (postgresql://…)."));
      if (g_str_equal (probe, value))
        return g_strdup (_("Leave the password out of the connection: put it in the Password field, which keeps it in the keyring."));
    }
  return NULL;
}

static void
text_applied_cb (AdwEntryRow          *row,
                 BmdPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "bmd-key");
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *reason = dup_invalid_reason (self, key, value);

  mark_row (row, reason != NULL);
  if (reason != NULL)
    {
      toast (self, reason);
      return;
    }
  g_settings_set_string (bmd_settings_get_gsettings (self->settings), key, value);
}

static void
update_secret_titles (BmdPreferencesWindow *self)
{
  guint i;

  for (i = 0; i < N_SECRET_ROWS; i++)
    {
      BmdSecretsBackend backend = bmd_settings_get_secret_backend (self->settings, secret_rows[i].secret);
      g_autofree char *title = NULL;

      if (backend == BMD_SECRETS_BACKEND_KEYRING)
        /* Translators: e.g. "Access token (saved in the keyring)" */
        title = g_strdup_printf (_("%s (saved in the keyring)"), _(secret_rows[i].title));
      else if (backend == BMD_SECRETS_BACKEND_FILE)
        title = g_strdup_printf (_("%s (saved in a private file)"), _(secret_rows[i].title));
      else
        title = g_strdup (_(secret_rows[i].title));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_rows[i]), title);
    }
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BmdPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  BmdSecretsBackend backend;

  if (!bmd_settings_set_secret_finish (BMD_SETTINGS (object), result, &backend, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The secret was not saved: %s"), error->message);
      toast (self, text);
      return;
    }
  update_secret_titles (self);
  if (backend == BMD_SECRETS_BACKEND_FILE)
    toast (self, _("No keyring answered: saved in a file only you can read."));
}

static void
secret_applied_cb (AdwEntryRow          *row,
                   BmdPreferencesWindow *self)
{
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "bmd-secret-index"));

  bmd_settings_set_secret_async (self->settings, secret_rows[i].secret,
                                 gtk_editable_get_text (GTK_EDITABLE (row)),
                                 secret_stored_cb, g_object_ref (self));
}

static guint
index_of (const char * const *values,
          const char         *value)
{
  guint i;

  for (i = 0; values[i] != NULL; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return 0;
}

static void
load_values (BmdPreferencesWindow *self,
             const char           *only_key)
{
  GSettings *settings = bmd_settings_get_gsettings (self->settings);
  guint i;

  if (settings == NULL)
    return;
  for (i = 0; i < N_TEXT_KEYS; i++)
    {
      g_autofree char *value = NULL;

      if (only_key != NULL && !g_str_equal (only_key, text_keys[i]))
        continue;
      value = g_settings_get_string (settings, text_keys[i]);
      if (g_strcmp0 (value, gtk_editable_get_text (GTK_EDITABLE (self->text_rows[i]))) != 0)
        gtk_editable_set_text (GTK_EDITABLE (self->text_rows[i]), value);
    }
  if (only_key == NULL || g_str_equal (only_key, "queue-window"))
    {
      g_autofree char *value = g_settings_get_string (settings, "queue-window");
      adw_combo_row_set_selected (self->queue_window_row, index_of (queue_windows, value));
    }
  if (only_key == NULL || g_str_equal (only_key, "warehouse-dialect"))
    {
      g_autofree char *value = g_settings_get_string (settings, "warehouse-dialect");
      adw_combo_row_set_selected (self->warehouse_dialect_row, index_of (dialects, value));
    }
}

static void
settings_changed_cb (GSettings            *settings,
                     const char           *key,
                     BmdPreferencesWindow *self)
{
  load_values (self, key);
}

static void
combo_selected_cb (AdwComboRow          *row,
                   GParamSpec           *pspec,
                   BmdPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);
  GSettings *settings = bmd_settings_get_gsettings (self->settings);

  if (settings == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (row == self->queue_window_row && selected < g_strv_length ((char **) queue_windows))
    g_settings_set_string (settings, "queue-window", queue_windows[selected]);
  else if (row == self->warehouse_dialect_row && selected < g_strv_length ((char **) dialects))
    g_settings_set_string (settings, "warehouse-dialect", dialects[selected]);
}

static void
settings_message_cb (BmdSettings          *settings,
                     const char           *text,
                     BmdPreferencesWindow *self)
{
  toast (self, text);
}

static void
connection_tested_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  TestRow *test = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = bmd_connection_test_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (GTK_SPINNER (test->spinner));
  gtk_widget_set_visible (test->spinner, FALSE);
  gtk_widget_set_sensitive (test->button, TRUE);
  g_clear_object (&test->cancellable);
  gtk_widget_remove_css_class (test->row, "success");
  gtk_widget_remove_css_class (test->row, "error");
  if (summary != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (test->row), summary);
      gtk_widget_add_css_class (test->row, "success");
    }
  else
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (test->row), escaped);
      gtk_widget_add_css_class (test->row, "error");
    }
}

static void
start_test (BmdPreferencesWindow *self,
            TestRow              *test)
{
  GSettings *settings = bmd_settings_get_gsettings (self->settings);
  const BmdConfig *config = bmd_context_get_config (bmd_settings_get_context (self->settings));
  g_autofree char *profile = settings != NULL ? g_settings_get_string (settings, "aws-profile") : NULL;
  g_autofree char *key_id = settings != NULL ? g_settings_get_string (settings, "aws-access-key-id") : NULL;
  BmdConnectionExtras extras = {
    profile, key_id, bmd_settings_get_secret (self->settings, BMD_SECRET_AWS_SECRET_ACCESS_KEY), NULL,
  };

  if (test->cancellable != NULL)
    return;
  test->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (test->button, FALSE);
  gtk_widget_set_visible (test->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (test->spinner));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (test->row), _("Testing…"));
  /* The settings the next refresh uses: stored, with the environment first. */
  bmd_connection_test_async (test->kind, config, &extras, test->cancellable, connection_tested_cb, test);
}

static void
shopify_test_clicked_cb (BmdPreferencesWindow *self)
{
  start_test (self, &self->tests[BMD_CONNECTION_SHOPIFY]);
}

static void
s3_test_clicked_cb (BmdPreferencesWindow *self)
{
  start_test (self, &self->tests[BMD_CONNECTION_S3]);
}

static void
warehouse_test_clicked_cb (BmdPreferencesWindow *self)
{
  start_test (self, &self->tests[BMD_CONNECTION_WAREHOUSE]);
}

static void
glue_test_clicked_cb (BmdPreferencesWindow *self)
{
  start_test (self, &self->tests[BMD_CONNECTION_GLUE]);
}

static void
bmd_preferences_window_dispose (GObject *object)
{
  BmdPreferencesWindow *self = (BmdPreferencesWindow *)object;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (self->tests); i++)
    {
      /* The callback must not run on a window that is gone. */
      g_cancellable_cancel (self->tests[i].cancellable);
      g_clear_object (&self->tests[i].cancellable);
    }
  if (self->settings != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->settings, self);
      if (bmd_settings_get_gsettings (self->settings) != NULL)
        g_signal_handlers_disconnect_by_data (bmd_settings_get_gsettings (self->settings), self);
    }
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMD_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (bmd_preferences_window_parent_class)->dispose (object);
}

static void
bmd_preferences_window_class_init (BmdPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  guint i;

  object_class->dispose = bmd_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/organicbakeryaustin/BakeMyDay/bmd-preferences-window.ui");
  for (i = 0; i < N_TEXT_KEYS; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s_row", text_keys[i]);

      g_strdelimit (name, "-", '_');
      /* The class keeps the name. */
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (name), FALSE,
                                                 G_STRUCT_OFFSET (BmdPreferencesWindow, text_rows)
                                                 + i * sizeof (gpointer));
    }
  for (i = 0; i < N_SECRET_ROWS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, secret_rows[i].row, FALSE,
                                               G_STRUCT_OFFSET (BmdPreferencesWindow, secret_rows)
                                               + i * sizeof (gpointer));
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, queue_window_row);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, warehouse_dialect_row);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, refresh_on_start_switch);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, daily_refresh_switch);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, sweep_interval_hours_spin);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, lake_retention_days_spin);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, shopify_test_row);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, shopify_test_button);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, shopify_test_spinner);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, s3_test_row);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, s3_test_button);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, s3_test_spinner);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, warehouse_test_row);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, warehouse_test_button);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, warehouse_test_spinner);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, glue_test_row);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, glue_test_button);
  gtk_widget_class_bind_template_child (widget_class, BmdPreferencesWindow, glue_test_spinner);
  gtk_widget_class_bind_template_callback (widget_class, shopify_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, s3_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, warehouse_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, glue_test_clicked_cb);
}

static void
bmd_preferences_window_init (BmdPreferencesWindow *self)
{
  guint i;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (i = 0; i < N_TEXT_KEYS; i++)
    {
      g_object_set_data (G_OBJECT (self->text_rows[i]), "bmd-key", (gpointer) text_keys[i]);
      g_signal_connect (self->text_rows[i], "apply", G_CALLBACK (text_applied_cb), self);
    }
  for (i = 0; i < N_SECRET_ROWS; i++)
    {
      g_object_set_data (G_OBJECT (self->secret_rows[i]), "bmd-secret-index", GUINT_TO_POINTER (i));
      g_signal_connect (self->secret_rows[i], "apply", G_CALLBACK (secret_applied_cb), self);
    }

  self->tests[BMD_CONNECTION_SHOPIFY] = (TestRow) { self->shopify_test_row, self->shopify_test_button,
                                                    self->shopify_test_spinner, BMD_CONNECTION_SHOPIFY, NULL };
  self->tests[BMD_CONNECTION_S3] = (TestRow) { self->s3_test_row, self->s3_test_button,
                                               self->s3_test_spinner, BMD_CONNECTION_S3, NULL };
  self->tests[BMD_CONNECTION_WAREHOUSE] = (TestRow) { self->warehouse_test_row, self->warehouse_test_button,
                                                      self->warehouse_test_spinner, BMD_CONNECTION_WAREHOUSE, NULL };
  self->tests[BMD_CONNECTION_GLUE] = (TestRow) { self->glue_test_row, self->glue_test_button,
                                                 self->glue_test_spinner, BMD_CONNECTION_GLUE, NULL };
}

BmdPreferencesWindow *
bmd_preferences_window_new (BmdSettings *settings,
                            GtkWindow   *parent)
{
  BmdPreferencesWindow *self;
  GSettings *gsettings;

  g_return_val_if_fail (BMD_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (BMD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->settings = g_object_ref (settings);
  gsettings = bmd_settings_get_gsettings (settings);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                              ADW_PREFERENCES_PAGE (bmd_reminder_preferences_new (gsettings)));

  update_secret_titles (self);
  g_signal_connect_object (settings, "notify::secrets-loaded", G_CALLBACK (update_secret_titles),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (settings, "message", G_CALLBACK (settings_message_cb), self);

  if (gsettings == NULL)
    {
      /* Without the schema nothing could be saved: say so rather than lose edits.
       * The secrets do not need it. */
      guint i;

      for (i = 0; i < N_TEXT_KEYS; i++)
        gtk_widget_set_sensitive (GTK_WIDGET (self->text_rows[i]), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->queue_window_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->warehouse_dialect_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_on_start_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->daily_refresh_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->sweep_interval_hours_spin), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->lake_retention_days_spin), FALSE);
      toast (self, _("The settings schema is not installed, so settings cannot be changed here."));
      return self;
    }

  load_values (self, NULL);
  g_signal_connect (gsettings, "changed", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect (self->queue_window_row, "notify::selected", G_CALLBACK (combo_selected_cb), self);
  g_signal_connect (self->warehouse_dialect_row, "notify::selected", G_CALLBACK (combo_selected_cb), self);
  g_settings_bind (gsettings, "refresh-on-start", self->refresh_on_start_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (gsettings, "daily-refresh", self->daily_refresh_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* The adjustments hold the schema's ranges, so a value out of range cannot
   * be typed in (the spin button clamps it). */
  g_settings_bind (gsettings, "sweep-interval-hours", self->sweep_interval_hours_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (gsettings, "lake-retention-days", self->lake_retention_days_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  return self;
}
