/* The AWS credential chain: environment, shared files, stored secret. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "bmd-aws-credentials.h"

typedef struct
{
  char *dir;
  char *credentials;
  char *config;
  char **env;
} Fixture;

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("bmd-aws-XXXXXX", &error);
  g_assert_no_error (error);
  f->credentials = g_build_filename (f->dir, "credentials", NULL);
  f->config = g_build_filename (f->dir, "config", NULL);
  /* HOME points into the temp dir, so the real ~/.aws never leaks in. */
  f->env = g_environ_setenv (NULL, "HOME", f->dir, TRUE);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *aws = g_build_filename (f->dir, ".aws", NULL);
  g_autofree char *aws_credentials = g_build_filename (aws, "credentials", NULL);
  g_autofree char *aws_config = g_build_filename (aws, "config", NULL);

  g_unlink (f->credentials);
  g_unlink (f->config);
  g_unlink (aws_credentials);
  g_unlink (aws_config);
  g_rmdir (aws);
  g_rmdir (f->dir);
  g_free (f->credentials);
  g_free (f->config);
  g_free (f->dir);
  g_strfreev (f->env);
}

static void
setenv_f (Fixture    *f,
          const char *name,
          const char *value)
{
  f->env = g_environ_setenv (f->env, name, value, TRUE);
}

static BmdAwsCredentials *
resolve (Fixture     *f,
         const char  *stored_key,
         const char  *stored_secret,
         GError     **error)
{
  return bmd_aws_credentials_resolve ((const char * const *) f->env, stored_key, stored_secret, error);
}

static const char shared_files_credentials[] =
  "# a comment\n"
  "[default]\n"
  "aws_access_key_id = AKIADEFAULT\n"
  "aws_secret_access_key = default/secret+key\n"
  "\n"
  "[bakery]\n"
  "aws_access_key_id=AKIABAKERY\n"
  "aws_secret_access_key=bakery-secret\n"
  "aws_session_token = bakery-token\n"
  "; another comment\n"
  "s3 =\n"
  "  max_concurrent_requests = 20\n"
  "[keyless]\n"
  "region = eu-west-1\n";

static const char shared_files_config[] =
  "[default]\n"
  "region = us-west-2\n"
  "[profile bakery]\n"
  "region = eu-central-1\n"
  "output = json\n"
  "[profile onlyconfig]\n"
  "aws_access_key_id = AKIACONFIG\n"
  "aws_secret_access_key = config-secret\n"
  "region = ap-southeast-2\n"
  "[profile keyless]\n"
  "region = eu-west-1\n";

static void
test_environment_first (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(BmdAwsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  write_file (f->credentials, shared_files_credentials);
  setenv_f (f, "AWS_SHARED_CREDENTIALS_FILE", f->credentials);
  setenv_f (f, "AWS_ACCESS_KEY_ID", "AKIAENV");
  setenv_f (f, "AWS_SECRET_ACCESS_KEY", "env-secret");
  setenv_f (f, "AWS_SESSION_TOKEN", "env-token");
  setenv_f (f, "AWS_DEFAULT_REGION", "ca-central-1");

  c = resolve (f, "AKIASTORED", "stored-secret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_access_key_id (c), ==, "AKIAENV");
  g_assert_cmpstr (bmd_aws_credentials_get_secret_access_key (c), ==, "env-secret");
  g_assert_cmpstr (bmd_aws_credentials_get_session_token (c), ==, "env-token");
  g_assert_cmpstr (bmd_aws_credentials_get_region (c), ==, "ca-central-1");
  g_assert_cmpstr (bmd_aws_credentials_get_source (c), ==, "environment");
  g_clear_object (&c);

  /* AWS_REGION wins over AWS_DEFAULT_REGION. */
  setenv_f (f, "AWS_REGION", "sa-east-1");
  c = resolve (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_region (c), ==, "sa-east-1");
  g_clear_object (&c);

  /* A key without its secret is not a credential: fall through to the file. */
  f->env = g_environ_unsetenv (f->env, "AWS_SECRET_ACCESS_KEY");
  c = resolve (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_access_key_id (c), ==, "AKIADEFAULT");
  g_assert_null (bmd_aws_credentials_get_session_token (c));
}

static void
test_profiles (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(BmdAwsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;

  write_file (f->credentials, shared_files_credentials);
  write_file (f->config, shared_files_config);
  setenv_f (f, "AWS_SHARED_CREDENTIALS_FILE", f->credentials);
  setenv_f (f, "AWS_CONFIG_FILE", f->config);

  c = resolve (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_access_key_id (c), ==, "AKIADEFAULT");
  g_assert_cmpstr (bmd_aws_credentials_get_secret_access_key (c), ==, "default/secret+key");
  g_assert_cmpstr (bmd_aws_credentials_get_region (c), ==, "us-west-2");
  g_assert_nonnull (strstr (bmd_aws_credentials_get_source (c), "profile default"));
  g_assert_null (strstr (bmd_aws_credentials_get_source (c), "secret"));
  g_clear_object (&c);

  /* [profile bakery] in config, [bakery] in credentials; indented sub-keys ignored. */
  setenv_f (f, "AWS_PROFILE", "bakery");
  c = resolve (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_access_key_id (c), ==, "AKIABAKERY");
  g_assert_cmpstr (bmd_aws_credentials_get_session_token (c), ==, "bakery-token");
  g_assert_cmpstr (bmd_aws_credentials_get_region (c), ==, "eu-central-1");
  g_clear_object (&c);

  /* Keys may live in the config file too. */
  setenv_f (f, "AWS_PROFILE", "onlyconfig");
  c = resolve (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_access_key_id (c), ==, "AKIACONFIG");
  g_assert_cmpstr (bmd_aws_credentials_get_region (c), ==, "ap-southeast-2");
  g_clear_object (&c);

  /* A named profile that does not exist is an error, not a silent fallback. */
  setenv_f (f, "AWS_PROFILE", "nosuch");
  g_assert_null (resolve (f, "AKIASTORED", "stored-secret", &error));
  g_assert_error (error, BMD_AWS_ERROR, BMD_AWS_ERROR_PROFILE);
  g_assert_nonnull (strstr (error->message, "nosuch"));
  g_clear_error (&error);

  /* A profile without keys says so. */
  setenv_f (f, "AWS_PROFILE", "keyless");
  g_assert_null (resolve (f, NULL, NULL, &error));
  g_assert_error (error, BMD_AWS_ERROR, BMD_AWS_ERROR_PROFILE);
}

static void
test_home_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(BmdAwsCredentials) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aws = g_build_filename (f->dir, ".aws", NULL);
  g_autofree char *credentials = g_build_filename (aws, "credentials", NULL);
  g_autofree char *config = g_build_filename (aws, "config", NULL);

  g_assert_cmpint (g_mkdir (aws, 0700), ==, 0);
  write_file (credentials, "[default]\naws_access_key_id = AKIAHOME\naws_secret_access_key = home-secret\n");
  write_file (config, "[default]\nregion = eu-north-1\n");

  c = resolve (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_access_key_id (c), ==, "AKIAHOME");
  g_assert_cmpstr (bmd_aws_credentials_get_region (c), ==, "eu-north-1");
  g_assert_nonnull (strstr (bmd_aws_credentials_get_source (c), credentials));
}

static void
test_stored_secret_last (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(BmdAwsCredentials) c = NULL;
  g_autoptr(BmdAwsCredentials) moved = NULL;
  g_autoptr(GError) error = NULL;

  /* Nothing anywhere: the stored secret, in the default region. */
  c = resolve (f, "AKIASTORED", "stored-secret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bmd_aws_credentials_get_access_key_id (c), ==, "AKIASTORED");
  g_assert_cmpstr (bmd_aws_credentials_get_region (c), ==, "us-east-1");
  g_assert_cmpstr (bmd_aws_credentials_get_source (c), ==, "stored secret");

  moved = bmd_aws_credentials_with_region (c, "eu-west-3");
  g_assert_cmpstr (bmd_aws_credentials_get_region (moved), ==, "eu-west-3");
  g_assert_cmpstr (bmd_aws_credentials_get_secret_access_key (moved), ==, "stored-secret");

  /* And without it, an error that says where to put keys. */
  g_assert_null (resolve (f, NULL, NULL, &error));
  g_assert_error (error, BMD_AWS_ERROR, BMD_AWS_ERROR_NO_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "AWS_ACCESS_KEY_ID"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/aws/credentials/environment-first", test_environment_first);
  ADD ("/bmd/aws/credentials/profiles", test_profiles);
  ADD ("/bmd/aws/credentials/home-files", test_home_files);
  ADD ("/bmd/aws/credentials/stored-secret-last", test_stored_secret_last);
#undef ADD

  return g_test_run ();
}
