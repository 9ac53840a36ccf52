#define G_LOG_DOMAIN "bmd-settings"

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>
#include <glib/gi18n.h>
#include <string.h>

#include "bmd-wipe.h"
#include "bmd-daily-timer.h"
#include "bmd-settings.h"
#include "bmd-settings-file.h"

struct _BmdSettings
{
  GObject parent_instance;

  BmdContext *context;
  GSettings *settings;
  GCancellable *cancellable;

  char *secrets[BMD_N_SECRETS];
  BmdSecretsBackend backends[BMD_N_SECRETS];
  gboolean secrets_loaded;
};

G_DEFINE_FINAL_TYPE (BmdSettings, bmd_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SECRETS_LOADED,
  N_PROPS
};

enum {
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What the keyfile holds, from the GSettings values (the same text the
 * keyfile backend writes), else the file itself. */
static GKeyFile *
dup_stored_keyfile (BmdSettings *self)
{
  g_autoptr(GKeyFile) file = NULL;

  if (self->settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;
      g_auto(GStrv) keys = NULL;
      guint i;

      file = g_key_file_new ();
      g_object_get (self->settings, "settings-schema", &schema, NULL);
      keys = g_settings_schema_list_keys (schema);
      for (i = 0; keys[i] != NULL; i++)
        {
          g_autoptr(GVariant) value = g_settings_get_value (self->settings, keys[i]);
          g_autofree char *text = g_variant_print (value, FALSE);

          g_key_file_set_value (file, BMD_SETTINGS_GROUP, keys[i], text);
        }
      return g_steal_pointer (&file);
    }
  else
    {
      g_autofree char *path = bmd_settings_file_dup_path ();
      g_autoptr(GError) error = NULL;

      file = bmd_settings_file_load (path, &error);
      if (file == NULL)
        {
          g_debug ("%s", error->message);
          file = g_key_file_new ();
        }
      return g_steal_pointer (&file);
    }
}

/* Rebuilds the context's config: defaults, stored settings, stored secrets,
 * the environment; the data dir stays (it is not a stored setting). */
static void
push_config (BmdSettings *self)
{
  g_autoptr(GKeyFile) file = dup_stored_keyfile (self);
  g_autoptr(BmdConfig) config = bmd_config_new ();

  bmd_config_apply_settings_file (config, file);
  bmd_config_set (&config->token, self->secrets[BMD_SECRET_SHOPIFY_TOKEN]);
  bmd_config_set (&config->client_secret, self->secrets[BMD_SECRET_SHOPIFY_CLIENT_SECRET]);
  bmd_config_join_warehouse_password (config, self->secrets[BMD_SECRET_WAREHOUSE_PASSWORD]);
  bmd_config_apply_environment (config);
  g_free (config->data_dir);
  config->data_dir = g_strdup (bmd_context_get_config (self->context)->data_dir);
  bmd_context_set_config (self->context, config);
}

static void
timer_applied_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(BmdSettings) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!bmd_daily_timer_apply_finish (result, &message, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The daily refresh could not be set up: %s"), error->message);
      g_signal_emit (self, signals[MESSAGE], 0, text);
    }
  else if (message != NULL)
    g_signal_emit (self, signals[MESSAGE], 0, message);
}

static void
apply_daily_timer (BmdSettings *self)
{
  g_autofree char *time = g_settings_get_string (self->settings, "daily-refresh-time");
  g_autofree char *default_dir = bmd_config_dup_default_data_dir ();
  const char *data_dir = bmd_context_get_config (self->context)->data_dir;
  gboolean enabled = g_settings_get_boolean (self->settings, "daily-refresh");

  if (enabled && !bmd_daily_time_parse (time, NULL, NULL))
    return;
  bmd_daily_timer_apply_async (enabled, time,
                               g_strcmp0 (data_dir, default_dir) != 0 ? data_dir : NULL,
                               self->cancellable, timer_applied_cb, g_object_ref (self));
}

static void
settings_changed_cb (GSettings   *settings,
                     const char  *key,
                     BmdSettings *self)
{
  push_config (self);
  if (g_strcmp0 (key, "daily-refresh") == 0
      || (g_strcmp0 (key, "daily-refresh-time") == 0 && g_settings_get_boolean (settings, "daily-refresh")))
    apply_daily_timer (self);
}

static void
secrets_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(BmdSettings) self = user_data;
  g_autoptr(GError) error = NULL;
  char **values;
  guint i;

  values = bmd_secrets_lookup_all_finish (result, self->backends, &error);
  if (values == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
    }
  else
    {
      for (i = 0; i < BMD_N_SECRETS; i++)
        {
          g_clear_pointer (&self->secrets[i], bmd_wipe_free);
          self->secrets[i] = g_steal_pointer (&values[i]);
        }
      bmd_secrets_free_all (values);
    }
  self->secrets_loaded = TRUE;
  push_config (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRETS_LOADED]);
}

static GSettings *
new_gsettings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = NULL;
  g_autofree char *path = NULL;

  /* g_settings_new() aborts without the schema: look it up first. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("the schema %s is not installed; settings are read-only", APP_ID);
      return NULL;
    }
  path = bmd_settings_file_dup_path ();
  backend = g_keyfile_settings_backend_new (path, BMD_SETTINGS_ROOT_PATH, BMD_SETTINGS_GROUP);
  return g_settings_new_full (schema, backend, NULL);
}

static void
bmd_settings_dispose (GObject *object)
{
  BmdSettings *self = (BmdSettings *)object;
  guint i;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);
  for (i = 0; i < BMD_N_SECRETS; i++)
    g_clear_pointer (&self->secrets[i], bmd_wipe_free);

  G_OBJECT_CLASS (bmd_settings_parent_class)->dispose (object);
}

static void
bmd_settings_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  BmdSettings *self = BMD_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_SECRETS_LOADED:
      g_value_set_boolean (value, self->secrets_loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bmd_settings_class_init (BmdSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bmd_settings_dispose;
  object_class->get_property = bmd_settings_get_property;

  properties[PROP_SECRETS_LOADED] =
    g_param_spec_boolean ("secrets-loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (text: a sentence for a toast) */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
bmd_settings_init (BmdSettings *self)
{
  self->cancellable = g_cancellable_new ();
}

BmdSettings *
bmd_settings_new (BmdContext *context)
{
  BmdSettings *self;

  g_return_val_if_fail (BMD_IS_CONTEXT (context), NULL);

  self = g_object_new (BMD_TYPE_SETTINGS, NULL);
  self->context = g_object_ref (context);
  self->settings = new_gsettings ();
  if (self->settings != NULL)
    g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  push_config (self);
  bmd_secrets_lookup_all_async (self->cancellable, secrets_loaded_cb, g_object_ref (self));
  return self;
}

BmdContext *
bmd_settings_get_context (BmdSettings *self)
{
  g_return_val_if_fail (BMD_IS_SETTINGS (self), NULL);
  return self->context;
}

GSettings *
bmd_settings_get_gsettings (BmdSettings *self)
{
  g_return_val_if_fail (BMD_IS_SETTINGS (self), NULL);
  return self->settings;
}

gboolean
bmd_settings_get_secrets_loaded (BmdSettings *self)
{
  g_return_val_if_fail (BMD_IS_SETTINGS (self), FALSE);
  return self->secrets_loaded;
}

BmdSecretsBackend
bmd_settings_get_secret_backend (BmdSettings *self,
                                 BmdSecret    secret)
{
  g_return_val_if_fail (BMD_IS_SETTINGS (self), BMD_SECRETS_BACKEND_NONE);
  g_return_val_if_fail (secret < BMD_N_SECRETS, BMD_SECRETS_BACKEND_NONE);
  return self->backends[secret];
}

const char *
bmd_settings_get_secret (BmdSettings *self,
                         BmdSecret    secret)
{
  g_return_val_if_fail (BMD_IS_SETTINGS (self), NULL);
  g_return_val_if_fail (secret < BMD_N_SECRETS, NULL);
  return self->secrets[secret];
}

typedef struct
{
  BmdSecret secret;
  char *value;
  BmdSecretsBackend backend;
} SetSecret;

static void
set_secret_free (gpointer data)
{
  SetSecret *set = data;

  g_clear_pointer (&set->value, bmd_wipe_free);
  g_free (set);
}

static void
secret_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  BmdSettings *self = g_task_get_source_object (task);
  SetSecret *set = g_task_get_task_data (task);
  GError *error = NULL;

  if (!bmd_secrets_store_finish (result, &set->backend, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_pointer (&self->secrets[set->secret], bmd_wipe_free);
  self->secrets[set->secret] = set->value != NULL && *set->value != '\0' ? g_strdup (set->value) : NULL;
  self->backends[set->secret] = set->backend;
  push_config (self);
  g_task_return_boolean (task, TRUE);
}

void
bmd_settings_set_secret_async (BmdSettings         *self,
                               BmdSecret            secret,
                               const char          *value,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  SetSecret *set;

  g_return_if_fail (BMD_IS_SETTINGS (self));
  g_return_if_fail (secret < BMD_N_SECRETS);

  set = g_new0 (SetSecret, 1);
  set->secret = secret;
  set->value = g_strdup (value);
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, bmd_settings_set_secret_async);
  g_task_set_task_data (task, set, set_secret_free);
  bmd_secrets_store_async (secret, value, NULL, secret_stored_cb, task);
}

gboolean
bmd_settings_set_secret_finish (BmdSettings        *self,
                                GAsyncResult       *result,
                                BmdSecretsBackend  *out_backend,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (out_backend != NULL)
    *out_backend = ((SetSecret *) g_task_get_task_data (G_TASK (result)))->backend;
  return g_task_propagate_boolean (G_TASK (result), error);
}
