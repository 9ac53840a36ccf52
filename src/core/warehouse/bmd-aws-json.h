#pragma once

#include <gio/gio.h>

#include "bmd-aws-credentials.h"

G_BEGIN_DECLS

/* POSTs @body to an AWS "JSON 1.1" API (Glue, Redshift Serverless) at
 * @url, with `X-Amz-Target: @target`, signed with SigV4 for @service in
 * @region. The answer's bytes land in @answer and its status in
 * @out_status, whatever the status: each API words its own errors.
 * FALSE only when no answer came: G_IO_ERROR_CANCELLED, or
 * G_IO_ERROR_FAILED with the transport's message (never a secret). */
gboolean bmd_aws_json_post (BmdAwsCredentials  *credentials,
                            const char         *url,
                            const char         *service,
                            const char         *region,
                            const char         *target,
                            const char         *body,
                            long                connect_timeout_seconds,
                            GByteArray         *answer,
                            long               *out_status,
                            GCancellable       *cancellable,
                            GError            **error);

G_END_DECLS
