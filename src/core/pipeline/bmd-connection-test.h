#pragma once

#include <gio/gio.h>

#include "bmd-config.h"

G_BEGIN_DECLS

/* "Test connection" for Preferences: each says what worked or exactly what
 * failed, never quoting a secret. The GUI calls them through the async pair;
 * the blocking ones are for worker threads. */
typedef enum
{
  BMD_CONNECTION_SHOPIFY,    /* shop, api_version, token or client_id + client_secret */
  BMD_CONNECTION_S3,         /* s3_endpoint, s3_bucket, s3_prefix, s3_region + AWS credentials */
  BMD_CONNECTION_WAREHOUSE,  /* warehouse (+ password) */
  BMD_CONNECTION_GLUE,       /* glue_database, glue_endpoint, s3_region + AWS credentials */
} BmdConnectionKind;

/* What a test needs beyond BmdConfig. Any may be NULL. */
typedef struct
{
  const char *aws_profile;
  const char *aws_access_key_id;
  const char *aws_secret_access_key;
  const char *warehouse_password;
} BmdConnectionExtras;

/* Each returns a one-line summary ("Connected to Bakery (America/Chicago, USD)"). */
char     *bmd_connection_test_shopify   (const BmdConfig            *config,
                                         GCancellable               *cancellable,
                                         GError                    **error);
char     *bmd_connection_test_s3        (const BmdConfig            *config,
                                         const BmdConnectionExtras  *extras,
                                         GCancellable               *cancellable,
                                         GError                    **error);
char     *bmd_connection_test_warehouse (const BmdConfig            *config,
                                         const BmdConnectionExtras  *extras,
                                         GCancellable               *cancellable,
                                         GError                    **error);

/* Errors start with the step that failed: "AWS credentials: ", "Glue
 * endpoint: " or "Glue database NAME: ". */
char     *bmd_connection_test_glue      (const BmdConfig            *config,
                                         const BmdConnectionExtras  *extras,
                                         GCancellable               *cancellable,
                                         GError                    **error);

/* Copies @config and @extras, runs the test in a thread. */
void      bmd_connection_test_async     (BmdConnectionKind           kind,
                                         const BmdConfig            *config,
                                         const BmdConnectionExtras  *extras,
                                         GCancellable               *cancellable,
                                         GAsyncReadyCallback         callback,
                                         gpointer                    user_data);
char     *bmd_connection_test_finish    (GAsyncResult               *result,
                                         GError                    **error);

G_END_DECLS
