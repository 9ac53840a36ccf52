#define G_LOG_DOMAIN "bmd-aws"

#include "config.h"

#include <string.h>

#include "bmd-redact.h"
#include "bmd-wipe.h"
#include "bmd-aws-credentials.h"

#define DEFAULT_REGION "us-east-1"

struct _BmdAwsCredentials
{
  GObject parent_instance;

  char *access_key_id;
  char *secret_access_key;
  char *session_token;
  char *region;
  char *source;
};

G_DEFINE_FINAL_TYPE (BmdAwsCredentials, bmd_aws_credentials, G_TYPE_OBJECT)

G_DEFINE_QUARK (bmd-aws-error-quark, bmd_aws_error)

/* One parsed INI-style AWS file: section name -> (key -> value). */
typedef GHashTable AwsIni;

static const char *
empty_to_null (const char *s)
{
  return (s != NULL && *s != '\0') ? s : NULL;
}

/* AWS's files are INI-like but not GKeyFile: ";" comments, "key = value" with
 * spaces, and indented sub-keys (s3 =\n  max_concurrent_requests = 20) that
 * belong to the key above and are skipped here. */
static AwsIni *
parse_aws_ini (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *ini;
  GHashTable *section = NULL;

  if (path == NULL || !g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;

  ini = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                               (GDestroyNotify) g_hash_table_unref);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *eq;
      g_autofree char *key = NULL;
      gboolean indented = (line[0] == ' ' || line[0] == '\t');

      g_strstrip (line);
      if (*line == '\0' || *line == '#' || *line == ';')
        continue;
      if (*line == '[')
        {
          char *end = strchr (line, ']');
          g_autofree char *name = NULL;

          if (end == NULL)
            {
              section = NULL;
              continue;
            }
          name = g_strstrip (g_strndup (line + 1, end - line - 1));
          section = g_hash_table_lookup (ini, name);
          if (section == NULL)
            {
              section = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) bmd_wipe_free);
              g_hash_table_insert (ini, g_steal_pointer (&name), section);
            }
          continue;
        }
      if (section == NULL || indented)
        continue;
      eq = strchr (line, '=');
      if (eq == NULL)
        continue;
      key = g_strstrip (g_strndup (line, eq - line));
      g_hash_table_insert (section, g_ascii_strdown (key, -1), g_strstrip (g_strdup (eq + 1)));
    }
  return ini;
}

static GHashTable *
lookup_section (AwsIni     *ini,
                const char *name)
{
  return ini != NULL ? g_hash_table_lookup (ini, name) : NULL;
}

static const char *
section_get (GHashTable *section,
             const char *key)
{
  return section != NULL ? empty_to_null (g_hash_table_lookup (section, key)) : NULL;
}

static char *
default_file (const char * const *envp,
              const char         *override_var,
              const char         *name)
{
  const char *override = empty_to_null (g_environ_getenv ((char **) envp, override_var));
  const char *home;

  if (override != NULL)
    {
      if (g_str_has_prefix (override, "~/"))
        {
          home = g_environ_getenv ((char **) envp, "HOME");
          return g_build_filename (home != NULL ? home : g_get_home_dir (), override + 2, NULL);
        }
      return g_strdup (override);
    }
  home = empty_to_null (g_environ_getenv ((char **) envp, "HOME"));
  return g_build_filename (home != NULL ? home : g_get_home_dir (), ".aws", name, NULL);
}

static void
bmd_aws_credentials_finalize (GObject *object)
{
  BmdAwsCredentials *self = (BmdAwsCredentials *) object;

  g_clear_pointer (&self->access_key_id, g_free);
  g_clear_pointer (&self->secret_access_key, bmd_wipe_free);
  g_clear_pointer (&self->session_token, bmd_wipe_free);
  g_clear_pointer (&self->region, g_free);
  g_clear_pointer (&self->source, g_free);

  G_OBJECT_CLASS (bmd_aws_credentials_parent_class)->finalize (object);
}

static void
bmd_aws_credentials_class_init (BmdAwsCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bmd_aws_credentials_finalize;
}

static void
bmd_aws_credentials_init (BmdAwsCredentials *self)
{
}

/* Takes @source, which says where the keys came from. */
static BmdAwsCredentials *
credentials_new (const char *access_key_id,
                 const char *secret_access_key,
                 const char *session_token,
                 const char *region,
                 char       *source)
{
  BmdAwsCredentials *self = g_object_new (BMD_TYPE_AWS_CREDENTIALS, NULL);

  self->access_key_id = g_strdup (access_key_id);
  self->secret_access_key = g_strdup (secret_access_key);
  bmd_redact_remember (secret_access_key);
  bmd_redact_remember (session_token);
  self->session_token = g_strdup (empty_to_null (session_token));
  self->region = g_strdup (empty_to_null (region) != NULL ? region : DEFAULT_REGION);
  self->source = source;
  return self;
}

/* The keys of a profile's section, or NULL when it has not both. */
static BmdAwsCredentials *
credentials_from_section (GHashTable *section,
                          const char *region,
                          const char *profile,
                          const char *path)
{
  const char *key_id = section_get (section, "aws_access_key_id");
  const char *secret = section_get (section, "aws_secret_access_key");

  if (key_id == NULL || secret == NULL)
    return NULL;
  return credentials_new (key_id, secret, section_get (section, "aws_session_token"), region,
                          g_strdup_printf ("profile %s in %s", profile, path));
}

BmdAwsCredentials *
bmd_aws_credentials_new (const char *access_key_id,
                         const char *secret_access_key,
                         const char *session_token,
                         const char *region)
{
  g_return_val_if_fail (access_key_id != NULL, NULL);
  g_return_val_if_fail (secret_access_key != NULL, NULL);

  return credentials_new (access_key_id, secret_access_key, session_token, region, g_strdup ("caller"));
}

BmdAwsCredentials *
bmd_aws_credentials_resolve (const char * const *envp,
                             const char         *stored_key_id,
                             const char         *stored_secret,
                             GError            **error)
{
  g_auto(GStrv) own_env = NULL;
  g_autofree char *credentials_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *config_section = NULL;
  g_autoptr(GHashTable) credentials_ini = NULL;
  g_autoptr(GHashTable) config_ini = NULL;
  GHashTable *cred_section;
  GHashTable *conf_section;
  const char *profile;
  const char *env_profile;
  const char *region;
  const char *key_id;
  const char *secret;
  BmdAwsCredentials *self;

  if (envp == NULL)
    {
      own_env = g_get_environ ();
      envp = (const char * const *) own_env;
    }

  env_profile = empty_to_null (g_environ_getenv ((char **) envp, "AWS_PROFILE"));
  profile = env_profile != NULL ? env_profile : "default";

  credentials_path = default_file (envp, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  config_path = default_file (envp, "AWS_CONFIG_FILE", "config");
  credentials_ini = parse_aws_ini (credentials_path);
  config_ini = parse_aws_ini (config_path);
  cred_section = lookup_section (credentials_ini, profile);
  config_section = g_strcmp0 (profile, "default") == 0 ? g_strdup ("default")
                                                       : g_strdup_printf ("profile %s", profile);
  conf_section = lookup_section (config_ini, config_section);

  region = empty_to_null (g_environ_getenv ((char **) envp, "AWS_REGION"));
  if (region == NULL)
    region = empty_to_null (g_environ_getenv ((char **) envp, "AWS_DEFAULT_REGION"));
  if (region == NULL)
    region = section_get (conf_section, "region");
  if (region == NULL)
    region = section_get (cred_section, "region");

  key_id = empty_to_null (g_environ_getenv ((char **) envp, "AWS_ACCESS_KEY_ID"));
  secret = empty_to_null (g_environ_getenv ((char **) envp, "AWS_SECRET_ACCESS_KEY"));
  if (key_id != NULL && secret != NULL)
    return credentials_new (key_id, secret, g_environ_getenv ((char **) envp, "AWS_SESSION_TOKEN"),
                            region, g_strdup ("environment"));

  /* The config file may hold keys too; the credentials file wins. */
  if ((self = credentials_from_section (cred_section, region, profile, credentials_path)) != NULL
      || (self = credentials_from_section (conf_section, region, profile, config_path)) != NULL)
    return self;

  /* A profile asked for by name must exist: silently using another key would
   * load into the wrong account. */
  if (env_profile != NULL)
    {
      if (cred_section == NULL && conf_section == NULL)
        g_set_error (error, BMD_AWS_ERROR, BMD_AWS_ERROR_PROFILE,
                     "AWS profile “%s” (AWS_PROFILE) is not in %s or %s",
                     profile, credentials_path, config_path);
      else
        g_set_error (error, BMD_AWS_ERROR, BMD_AWS_ERROR_PROFILE,
                     "AWS profile “%s” has no aws_access_key_id and aws_secret_access_key",
                     profile);
      return NULL;
    }

  if (empty_to_null (stored_key_id) != NULL && empty_to_null (stored_secret) != NULL)
    return credentials_new (stored_key_id, stored_secret, NULL, region, g_strdup ("stored secret"));

  g_set_error (error, BMD_AWS_ERROR, BMD_AWS_ERROR_NO_CREDENTIALS,
               "No AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
               "a profile in %s, or store an access key in the settings",
               credentials_path);
  return NULL;
}

const char *
bmd_aws_credentials_get_access_key_id (BmdAwsCredentials *self)
{
  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (self), NULL);
  return self->access_key_id;
}

const char *
bmd_aws_credentials_get_secret_access_key (BmdAwsCredentials *self)
{
  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (self), NULL);
  return self->secret_access_key;
}

const char *
bmd_aws_credentials_get_session_token (BmdAwsCredentials *self)
{
  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (self), NULL);
  return self->session_token;
}

const char *
bmd_aws_credentials_get_region (BmdAwsCredentials *self)
{
  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (self), NULL);
  return self->region;
}

const char *
bmd_aws_credentials_get_source (BmdAwsCredentials *self)
{
  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (self), NULL);
  return self->source;
}

BmdAwsCredentials *
bmd_aws_credentials_with_region (BmdAwsCredentials *self,
                                 const char        *region)
{
  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (self), NULL);

  return credentials_new (self->access_key_id, self->secret_access_key, self->session_token,
                          region, g_strdup (self->source));
}
