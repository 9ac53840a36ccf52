#define G_LOG_DOMAIN "bmd-secrets"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "bmd-wipe.h"
#include "bmd-secrets.h"
#include "bmd-settings-file.h"

#define SECRETS_GROUP "secrets"
#define DEFAULT_KEYRING_TIMEOUT_MS 5000

static const struct
{
  const char *name;
  const char *label;
} secrets[BMD_N_SECRETS] = {
  { "shopify-token", "Bake My Day: Shopify access token" },
  { "shopify-client-secret", "Bake My Day: Shopify client secret" },
  { "aws-secret-access-key", "Bake My Day: AWS secret access key" },
  { "warehouse-password", "Bake My Day: warehouse password" },
};

/* The file is read, changed and written whole; one writer at a time. */
static GMutex file_mutex;

char *
bmd_secrets_file_dup_path (void)
{
  g_autofree char *dir = bmd_settings_dup_config_dir ();

  return g_build_filename (dir, "secrets", NULL);
}

guint
bmd_secrets_get_keyring_timeout_ms (void)
{
  const char *text = g_getenv ("BAKEMYDAY_KEYRING_TIMEOUT_MS");
  guint64 value;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT, &value, NULL))
    return (guint) value;
  return DEFAULT_KEYRING_TIMEOUT_MS;
}

void
bmd_secrets_free_all (char **values)
{
  guint i;

  if (values == NULL)
    return;
  for (i = 0; i < BMD_N_SECRETS; i++)
    bmd_wipe_free (values[i]);
  g_free (values);
}

/* ---- the 0600 file ---- */

/* GKeyFile drops the CR of a CRLF line end, but keeps a lone CR before
 * another CR or at the end of the file (a hand-edited file from another
 * system), and writes it back raw where it then reads as a line end: the
 * value would change by rewriting the file for another secret. A value's
 * trailing CRs are line-end debris, never part of a secret. */
static void
drop_trailing_carriage_returns (GKeyFile *file)
{
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);
  guint i, j;

  for (i = 0; groups[i] != NULL; i++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (file, groups[i], NULL, NULL);

      for (j = 0; keys != NULL && keys[j] != NULL; j++)
        {
          g_autofree char *raw = g_key_file_get_value (file, groups[i], keys[j], NULL);
          gsize length = raw != NULL ? strlen (raw) : 0;

          if (length == 0 || raw[length - 1] != '\r')
            continue;
          while (length > 0 && raw[length - 1] == '\r')
            raw[--length] = '\0';
          g_key_file_set_value (file, groups[i], keys[j], raw);
          bmd_wipe (raw);
        }
    }
}

static GKeyFile *
load_secrets_file (const char  *path,
                   GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error)
      && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* GKeyFile's parse errors quote the line, and a line of this file
       * is a secret (a bare token pasted in, say): name the file only. */
      if (local_error->domain == G_KEY_FILE_ERROR)
        g_set_error (error, local_error->domain, local_error->code,
                     "cannot read the secrets file %s: it is not a key file of NAME=VALUE lines "
                     "under [%s] (its text is not shown: it holds secrets)", path, SECRETS_GROUP);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     "cannot read the secrets file %s: %s", path, local_error->message);
      return NULL;
    }
  drop_trailing_carriage_returns (file);
  return g_steal_pointer (&file);
}

char *
bmd_secrets_file_lookup (BmdSecret    secret,
                         GError     **error)
{
  g_autofree char *path = bmd_secrets_file_dup_path ();
  g_autoptr(GKeyFile) file = NULL;
  char *value;

  g_return_val_if_fail (secret < BMD_N_SECRETS, NULL);

  g_mutex_lock (&file_mutex);
  file = load_secrets_file (path, error);
  g_mutex_unlock (&file_mutex);
  if (file == NULL)
    return NULL;
  value = g_key_file_get_string (file, SECRETS_GROUP, secrets[secret].name, NULL);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
write_secrets_file (GKeyFile    *file,
                    const char  *path,
                    GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_auto(GStrv) groups = g_key_file_get_groups (file, NULL);
  g_autofree char *data = NULL;
  gsize length = 0;
  gboolean ok;

  if (groups[0] == NULL)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "cannot remove the secrets file %s: %s", path, g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  /* The folder may exist already with a looser mode (settings.ini lives there too). */
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot create %s with mode 0700: %s", dir, g_strerror (saved));
      return FALSE;
    }
  data = g_key_file_to_data (file, &length, NULL);
  /* Written to a new 0600 file and renamed over the old one: never readable by others. */
  ok = g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
  bmd_wipe (data);
  return ok;
}

gboolean
bmd_secrets_file_store (BmdSecret    secret,
                        const char  *value,
                        GError     **error)
{
  g_autofree char *path = bmd_secrets_file_dup_path ();
  g_autoptr(GKeyFile) file = NULL;
  gboolean ok;

  g_return_val_if_fail (secret < BMD_N_SECRETS, FALSE);

  g_mutex_lock (&file_mutex);
  file = load_secrets_file (path, error);
  if (file == NULL)
    {
      g_mutex_unlock (&file_mutex);
      return FALSE;
    }
  if (value != NULL && *value != '\0')
    g_key_file_set_string (file, SECRETS_GROUP, secrets[secret].name, value);
  else
    {
      g_key_file_remove_key (file, SECRETS_GROUP, secrets[secret].name, NULL);
      if (g_key_file_has_group (file, SECRETS_GROUP))
        {
          g_auto(GStrv) keys = g_key_file_get_keys (file, SECRETS_GROUP, NULL, NULL);
          if (keys == NULL || keys[0] == NULL)
            g_key_file_remove_group (file, SECRETS_GROUP, NULL);
        }
    }
  ok = write_secrets_file (file, path, error);
  g_mutex_unlock (&file_mutex);
  return ok;
}

/* ---- the keyring ---- */

#ifdef HAVE_LIBSECRET

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "com.organicbakeryaustin.BakeMyDay.Secret", SECRET_SCHEMA_NONE,
    {
      { "name", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &schema;
}

/* GLib would autolaunch a bus (and D-Bus would start a keyring that then
 * waits for a password prompt) when none is running: look first. */
static gboolean
session_bus_reachable (void)
{
  const char *address = g_getenv ("DBUS_SESSION_BUS_ADDRESS");
  const char *runtime_dir = g_getenv ("XDG_RUNTIME_DIR");
  g_autofree char *socket = NULL;

  if (address != NULL && *address != '\0')
    return TRUE;
  if (runtime_dir == NULL || *runtime_dir == '\0')
    return FALSE;
  socket = g_build_filename (runtime_dir, "bus", NULL);
  return g_file_test (socket, G_FILE_TEST_EXISTS);
}

typedef enum { KEYRING_LOOKUP, KEYRING_STORE, KEYRING_CLEAR } KeyringOp;

/* Shared with a callback that may come after we gave up waiting. */
typedef struct
{
  gint ref_count;
  GAsyncResult *result;
  gboolean timed_out;
  gboolean gave_up;
  GCancellable *cancellable;
} Wait;

static Wait *
wait_ref (Wait *wait)
{
  g_atomic_int_inc (&wait->ref_count);
  return wait;
}

static void
wait_unref (Wait *wait)
{
  if (!g_atomic_int_dec_and_test (&wait->ref_count))
    return;
  g_clear_object (&wait->result);
  g_clear_object (&wait->cancellable);
  g_free (wait);
}

static void
keyring_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  wait_unref (wait);
}

static gboolean
keyring_timeout_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  g_cancellable_cancel (wait->cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
keyring_give_up_cb (gpointer user_data)
{
  Wait *wait = user_data;

  wait->gave_up = TRUE;
  return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer,
                    GCancellable *inner)
{
  g_cancellable_cancel (inner);
}

static gboolean
keyring_call (KeyringOp      op,
              BmdSecret      secret,
              const char    *value,
              char         **out_value,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  GSource *timeout;
  GSource *give_up;
  Wait *wait;
  gulong cancel_id = 0;
  guint timeout_ms = bmd_secrets_get_keyring_timeout_ms ();
  gboolean ok = FALSE;
  char *found = NULL;

  if (!session_bus_reachable ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "no session bus, so no keyring");
      return FALSE;
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  wait = g_new0 (Wait, 1);
  wait->ref_count = 1;
  wait->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
                                       g_object_ref (wait->cancellable), g_object_unref);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, keyring_timeout_cb, wait_ref (wait), (GDestroyNotify) wait_unref);
  g_source_attach (timeout, context);
  /* After the timeout the call is cancelled; give it a second to wind down,
   * then stop waiting for a service that does not honour cancellation. */
  give_up = g_timeout_source_new (timeout_ms + 1000);
  g_source_set_callback (give_up, keyring_give_up_cb, wait_ref (wait), (GDestroyNotify) wait_unref);
  g_source_attach (give_up, context);

  switch (op)
    {
    case KEYRING_LOOKUP:
      secret_password_lookup (get_schema (), wait->cancellable, keyring_done_cb, wait_ref (wait),
                              "name", secrets[secret].name, NULL);
      break;
    case KEYRING_STORE:
      secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, secrets[secret].label, value,
                             wait->cancellable, keyring_done_cb, wait_ref (wait),
                             "name", secrets[secret].name, NULL);
      break;
    case KEYRING_CLEAR:
      secret_password_clear (get_schema (), wait->cancellable, keyring_done_cb, wait_ref (wait),
                             "name", secrets[secret].name, NULL);
      break;
    default:
      g_assert_not_reached ();
    }

  while (wait->result == NULL && !wait->gave_up)
    g_main_context_iteration (context, TRUE);

  if (wait->result != NULL)
    {
      switch (op)
        {
        case KEYRING_LOOKUP:
          found = secret_password_lookup_finish (wait->result, &local_error);
          ok = local_error == NULL;
          break;
        case KEYRING_STORE:
          ok = secret_password_store_finish (wait->result, &local_error);
          break;
        case KEYRING_CLEAR:
          /* FALSE without an error: there was nothing to remove. */
          ok = secret_password_clear_finish (wait->result, &local_error) || local_error == NULL;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (wait->timed_out || wait->result == NULL)
    {
      ok = FALSE;
      g_clear_error (&local_error);
      g_set_error (&local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "the keyring did not answer within %u ms", timeout_ms);
    }

  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_source_destroy (give_up);
  g_source_unref (give_up);
  if (cancel_id != 0)
    g_cancellable_disconnect (cancellable, cancel_id);
  wait_unref (wait);
  g_main_context_pop_thread_default (context);

  if (!ok)
    {
      if (found != NULL)
        secret_password_free (found);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (out_value != NULL)
    {
      *out_value = found != NULL && *found != '\0' ? g_strdup (found) : NULL;
      if (found != NULL)
        secret_password_free (found);
    }
  return TRUE;
}

#else

static gboolean
keyring_call (int            op,
              BmdSecret      secret,
              const char    *value,
              char         **out_value,
              GCancellable  *cancellable,
              GError       **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "built without libsecret");
  return FALSE;
}

#define KEYRING_LOOKUP 0
#define KEYRING_STORE 1
#define KEYRING_CLEAR 2

#endif

gboolean
bmd_secrets_keyring_store (BmdSecret      secret,
                           const char    *value,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (secret < BMD_N_SECRETS, FALSE);

  if (value == NULL || *value == '\0')
    return keyring_call (KEYRING_CLEAR, secret, NULL, NULL, cancellable, error);
  return keyring_call (KEYRING_STORE, secret, value, NULL, cancellable, error);
}

char *
bmd_secrets_keyring_lookup (BmdSecret      secret,
                            GCancellable  *cancellable,
                            GError       **error)
{
  char *value = NULL;

  g_return_val_if_fail (secret < BMD_N_SECRETS, NULL);

  if (!keyring_call (KEYRING_LOOKUP, secret, NULL, &value, cancellable, error))
    return NULL;
  return value;
}

/* ---- both ---- */

char *
bmd_secrets_lookup_in_turn (BmdSecret           secret,
                            gboolean           *keyring_failed,
                            BmdSecretsBackend  *out_backend,
                            GCancellable       *cancellable,
                            GError            **error)
{
  g_autoptr(GError) keyring_error = NULL;
  char *value;

  g_return_val_if_fail (secret < BMD_N_SECRETS, NULL);
  g_return_val_if_fail (keyring_failed != NULL, NULL);

  if (out_backend != NULL)
    *out_backend = BMD_SECRETS_BACKEND_NONE;

  if (!*keyring_failed)
    {
      value = bmd_secrets_keyring_lookup (secret, cancellable, &keyring_error);
      if (value != NULL)
        {
          if (out_backend != NULL)
            *out_backend = BMD_SECRETS_BACKEND_KEYRING;
          return value;
        }
      if (keyring_error != NULL)
        {
          if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&keyring_error));
              return NULL;
            }
          g_debug ("%s: keyring unavailable (%s); using the file", secrets[secret].name, keyring_error->message);
          *keyring_failed = TRUE;
        }
    }

  value = bmd_secrets_file_lookup (secret, error);
  if (value != NULL && out_backend != NULL)
    *out_backend = BMD_SECRETS_BACKEND_FILE;
  return value;
}

char *
bmd_secrets_lookup (BmdSecret           secret,
                    BmdSecretsBackend  *out_backend,
                    GCancellable       *cancellable,
                    GError            **error)
{
  gboolean keyring_failed = FALSE;

  return bmd_secrets_lookup_in_turn (secret, &keyring_failed, out_backend, cancellable, error);
}

gboolean
bmd_secrets_store (BmdSecret           secret,
                   const char         *value,
                   BmdSecretsBackend  *out_backend,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(GError) keyring_error = NULL;
  gboolean in_keyring;

  g_return_val_if_fail (secret < BMD_N_SECRETS, FALSE);

  if (out_backend != NULL)
    *out_backend = BMD_SECRETS_BACKEND_NONE;

  in_keyring = bmd_secrets_keyring_store (secret, value, cancellable, &keyring_error);
  if (!in_keyring)
    g_debug ("%s: keyring unavailable (%s)", secrets[secret].name, keyring_error->message);
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&keyring_error));
      return FALSE;
    }

  if (value == NULL || *value == '\0')
    return bmd_secrets_file_store (secret, NULL, error);

  if (in_keyring)
    {
      /* One place only: an older copy in the file would shadow nothing but
       * would linger on disk. */
      if (!bmd_secrets_file_store (secret, NULL, error))
        return FALSE;
      if (out_backend != NULL)
        *out_backend = BMD_SECRETS_BACKEND_KEYRING;
      return TRUE;
    }

  if (!bmd_secrets_file_store (secret, value, error))
    return FALSE;
  if (out_backend != NULL)
    *out_backend = BMD_SECRETS_BACKEND_FILE;
  return TRUE;
}

/* ---- in a thread ---- */

typedef struct
{
  char **values;
  BmdSecretsBackend backends[BMD_N_SECRETS];
} LookupAll;

static void
lookup_all_free (gpointer data)
{
  LookupAll *all = data;

  bmd_secrets_free_all (all->values);
  g_free (all);
}

static void
lookup_all_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  LookupAll *all = g_new0 (LookupAll, 1);
  gboolean keyring_failed = FALSE;
  guint i;

  all->values = g_new0 (char *, BMD_N_SECRETS + 1);
  for (i = 0; i < BMD_N_SECRETS; i++)
    {
      GError *error = NULL;

      all->values[i] = bmd_secrets_lookup_in_turn (i, &keyring_failed, &all->backends[i], cancellable, &error);
      if (error != NULL)
        {
          lookup_all_free (all);
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_pointer (task, all, lookup_all_free);
}

void
bmd_secrets_lookup_all_async (GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, bmd_secrets_lookup_all_async);
  g_task_run_in_thread (task, lookup_all_in_thread);
}

char **
bmd_secrets_lookup_all_finish (GAsyncResult       *result,
                               BmdSecretsBackend   out_backends[BMD_N_SECRETS],
                               GError            **error)
{
  LookupAll *all;
  char **values;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  all = g_task_propagate_pointer (G_TASK (result), error);
  if (all == NULL)
    return NULL;
  if (out_backends != NULL)
    memcpy (out_backends, all->backends, sizeof all->backends);
  values = g_steal_pointer (&all->values);
  lookup_all_free (all);
  return values;
}

typedef struct
{
  BmdSecret secret;
  char *value;
  BmdSecretsBackend backend;
} StoreData;

static void
store_data_free (gpointer data)
{
  StoreData *store = data;

  bmd_wipe_free (store->value);
  g_free (store);
}

static void
store_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  StoreData *store = task_data;
  GError *error = NULL;

  if (!bmd_secrets_store (store->secret, store->value, &store->backend, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
bmd_secrets_store_async (BmdSecret            secret,
                         const char          *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  StoreData *store = g_new0 (StoreData, 1);

  g_return_if_fail (secret < BMD_N_SECRETS);

  store->secret = secret;
  store->value = g_strdup (value);
  g_task_set_source_tag (task, bmd_secrets_store_async);
  g_task_set_task_data (task, store, store_data_free);
  g_task_run_in_thread (task, store_in_thread);
}

gboolean
bmd_secrets_store_finish (GAsyncResult       *result,
                          BmdSecretsBackend  *out_backend,
                          GError            **error)
{
  StoreData *store;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  store = g_task_get_task_data (G_TASK (result));
  if (out_backend != NULL)
    *out_backend = store->backend;
  return g_task_propagate_boolean (G_TASK (result), error);
}
