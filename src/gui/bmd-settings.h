#pragma once

#include <gio/gio.h>

#include "bmd-context.h"
#include "bmd-secrets.h"

G_BEGIN_DECLS

/* The app's stored settings: GSettings (schema com.organicbakeryaustin.BakeMyDay)
 * kept in the keyfile bakemyday-sync reads, and the secrets, loaded in a
 * thread. Every change is pushed into the context's config (environment
 * still first), so the next refresh and load use it; turning the daily
 * refresh on or off installs or removes its timer. */
#define BMD_TYPE_SETTINGS (bmd_settings_get_type ())
G_DECLARE_FINAL_TYPE (BmdSettings, bmd_settings, BMD, SETTINGS, GObject)

BmdSettings       *bmd_settings_new                (BmdContext *context);
BmdContext        *bmd_settings_get_context        (BmdSettings *self);
/* NULL when the schema is not installed (then the settings file is read but
 * cannot be changed here). */
GSettings         *bmd_settings_get_gsettings      (BmdSettings *self);
/* TRUE once the stored secrets were read (property "secrets-loaded"). */
gboolean           bmd_settings_get_secrets_loaded (BmdSettings *self);
BmdSecretsBackend  bmd_settings_get_secret_backend (BmdSettings *self,
                                                    BmdSecret    secret);
/* The cached secret, or NULL. */
const char        *bmd_settings_get_secret         (BmdSettings *self,
                                                    BmdSecret    secret);
/* Stores @value (empty deletes) in a thread, then updates the context. */
void               bmd_settings_set_secret_async   (BmdSettings         *self,
                                                    BmdSecret            secret,
                                                    const char          *value,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           bmd_settings_set_secret_finish  (BmdSettings        *self,
                                                    GAsyncResult       *result,
                                                    BmdSecretsBackend  *out_backend,
                                                    GError            **error);

G_END_DECLS
