#pragma once

#include <gio/gio.h>

#include "bmd-aws-credentials.h"

G_BEGIN_DECLS

/* Temporary database credentials for Amazon Redshift Serverless: the
 * RedshiftServerless.GetCredentials call (a JSON POST signed with SigV4 for
 * service "redshift-serverless"). Errors are BMD_WAREHOUSE_ERROR_CONNECT
 * (with AWS's error type and message) or _SETTINGS; cancel is G_IO_ERROR_CANCELLED.
 *
 * @endpoint: NULL for https://redshift-serverless.REGION.amazonaws.com;
 *   http:// only for loopback (tests).
 * @db_name: NULL for "dev". @duration_seconds: 900–3600 (0 for 3600).
 * Blocking: call from a worker thread. */
gboolean bmd_redshift_serverless_get_credentials (BmdAwsCredentials  *credentials,
                                                  const char         *endpoint,
                                                  const char         *workgroup,
                                                  const char         *db_name,
                                                  guint               duration_seconds,
                                                  char              **out_user,
                                                  char              **out_password,
                                                  GDateTime         **out_expiration,
                                                  GCancellable       *cancellable,
                                                  GError            **error);

G_END_DECLS
