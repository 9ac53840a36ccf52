#pragma once

#include "bmd-aws-credentials.h"
#include "bmd-connection-test.h"

G_BEGIN_DECLS

/* The AWS keys the S3 and Glue tests use, as a refresh would resolve them
 * with @extras (the Preferences' unsaved fields) over the environment;
 * errors start with "AWS credentials: ". */
BmdAwsCredentials *bmd_connection_test_resolve_aws (const BmdConfig            *config,
                                                    const BmdConnectionExtras  *extras,
                                                    GError                    **error);

G_END_DECLS
