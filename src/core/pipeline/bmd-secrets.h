#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The secrets: in the keyring (libsecret) when one answers, otherwise in
 * $XDG_CONFIG_HOME/bakemyday/secrets (mode 0600, folder 0700). Shared by the
 * app and bakemyday-sync. Never in GSettings, logs, messages or argv. */
typedef enum
{
  BMD_SECRET_SHOPIFY_TOKEN,
  BMD_SECRET_SHOPIFY_CLIENT_SECRET,
  BMD_SECRET_AWS_SECRET_ACCESS_KEY,
  BMD_SECRET_WAREHOUSE_PASSWORD,
  BMD_N_SECRETS
} BmdSecret;

typedef enum
{
  BMD_SECRETS_BACKEND_NONE,     /* not stored anywhere */
  BMD_SECRETS_BACKEND_KEYRING,
  BMD_SECRETS_BACKEND_FILE,
} BmdSecretsBackend;

/* The secrets file's path. */
char       *bmd_secrets_file_dup_path   (void);

/* How long a keyring call may take before the file is used instead (default
 * 5 s; the BAKEMYDAY_KEYRING_TIMEOUT_MS variable overrides it). */
guint       bmd_secrets_get_keyring_timeout_ms (void);

/* Blocking calls, bounded by the keyring timeout: for the CLI and worker
 * threads, never the GUI thread. */

/* The secret, or NULL with no error when it is not stored. @out_backend may be NULL. */
char       *bmd_secrets_lookup          (BmdSecret           secret,
                                         BmdSecretsBackend  *out_backend,
                                         GCancellable       *cancellable,
                                         GError            **error);
/* The same, one of several secrets looked up in turn: once the keyring has
 * failed (*@keyring_failed, FALSE at first, is then set) the rest go straight
 * to the file, so an unanswering keyring costs one timeout, not one each. */
char       *bmd_secrets_lookup_in_turn  (BmdSecret           secret,
                                         gboolean           *keyring_failed,
                                         BmdSecretsBackend  *out_backend,
                                         GCancellable       *cancellable,
                                         GError            **error);
/* Stores @value (NULL or empty deletes it) in the keyring, else the file; a
 * copy in the other place is removed. @out_backend: where it went. */
gboolean    bmd_secrets_store           (BmdSecret           secret,
                                         const char         *value,
                                         BmdSecretsBackend  *out_backend,
                                         GCancellable       *cancellable,
                                         GError            **error);
/* Only the file, for tests and when the keyring is known to be absent. */
gboolean    bmd_secrets_file_store      (BmdSecret    secret,
                                         const char  *value,
                                         GError     **error);
char       *bmd_secrets_file_lookup     (BmdSecret    secret,
                                         GError     **error);
/* Only the keyring. FALSE with G_IO_ERROR_NOT_SUPPORTED when there is none
 * (no session bus, no libsecret) and G_IO_ERROR_TIMED_OUT when it did not answer. */
gboolean    bmd_secrets_keyring_store   (BmdSecret      secret,
                                         const char    *value,
                                         GCancellable  *cancellable,
                                         GError       **error);
char       *bmd_secrets_keyring_lookup  (BmdSecret      secret,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Every secret at once in a thread: a char *[BMD_N_SECRETS] (NULL for those
 * not stored) and where each came from. */
void        bmd_secrets_lookup_all_async  (GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
char      **bmd_secrets_lookup_all_finish (GAsyncResult       *result,
                                           BmdSecretsBackend   out_backends[BMD_N_SECRETS],
                                           GError            **error);
void        bmd_secrets_store_async       (BmdSecret            secret,
                                           const char          *value,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    bmd_secrets_store_finish      (GAsyncResult       *result,
                                           BmdSecretsBackend  *out_backend,
                                           GError            **error);

/* Frees a lookup_all array, wiping the values. */
void        bmd_secrets_free_all          (char **secrets);

G_END_DECLS
