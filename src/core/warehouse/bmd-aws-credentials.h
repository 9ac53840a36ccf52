#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BMD_AWS_ERROR (bmd_aws_error_quark ())

typedef enum
{
  BMD_AWS_ERROR_NO_CREDENTIALS, /* nothing in the environment, the profiles or the stored secret */
  BMD_AWS_ERROR_PROFILE,        /* AWS_PROFILE names a profile that does not exist or lacks keys */
} BmdAwsError;

#define BMD_TYPE_AWS_CREDENTIALS (bmd_aws_credentials_get_type ())
G_DECLARE_FINAL_TYPE (BmdAwsCredentials, bmd_aws_credentials, BMD, AWS_CREDENTIALS, GObject)

GQuark             bmd_aws_error_quark                 (void);

/* @session_token may be NULL or empty (none); @region NULL means us-east-1. */
BmdAwsCredentials *bmd_aws_credentials_new             (const char *access_key_id,
                                                        const char *secret_access_key,
                                                        const char *session_token,
                                                        const char *region);

/* The chain AWS users expect, first match wins:
 *  1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN);
 *  2. the profile AWS_PROFILE (else "default") in AWS_SHARED_CREDENTIALS_FILE
 *     (else ~/.aws/credentials), then in AWS_CONFIG_FILE (else ~/.aws/config,
 *     sections "[profile NAME]" or "[default]");
 *  3. @stored_key_id + @stored_secret, the app's own stored secret (may be NULL).
 * The region: AWS_REGION, AWS_DEFAULT_REGION, the profile's "region" in the
 * config file, else us-east-1.
 * @envp: the environment to read (g_get_environ() when NULL); HOME comes from it too. */
BmdAwsCredentials *bmd_aws_credentials_resolve         (const char * const *envp,
                                                        const char         *stored_key_id,
                                                        const char         *stored_secret,
                                                        GError            **error);

const char        *bmd_aws_credentials_get_access_key_id     (BmdAwsCredentials *self);
const char        *bmd_aws_credentials_get_secret_access_key (BmdAwsCredentials *self);
/* NULL when there is none. */
const char        *bmd_aws_credentials_get_session_token     (BmdAwsCredentials *self);
const char        *bmd_aws_credentials_get_region            (BmdAwsCredentials *self);
/* Where the keys came from, for messages: "environment", "profile default in
 * /home/x/.aws/credentials", "stored secret". Never the secret itself. */
const char        *bmd_aws_credentials_get_source            (BmdAwsCredentials *self);
/* A copy with another region (a bucket in another region, say). */
BmdAwsCredentials *bmd_aws_credentials_with_region           (BmdAwsCredentials *self,
                                                              const char        *region);

G_END_DECLS
