#pragma once

#include "bmd-s3.h"

G_BEGIN_DECLS

/* What the client reads from an S3 answer's body, without a request: for the
 * fuzz targets, which feed it bodies no server would send. */

/* The error an answer with @status and @body becomes (always set). */
void       _bmd_s3_error_from_body (long           status,
                                    const char    *method,
                                    const char    *bucket,
                                    const char    *key,
                                    const guint8  *body,
                                    gsize          length,
                                    GError       **error);
/* One ListObjectsV2 page: its objects (BmdS3Object), whether it is truncated
 * and the continuation token; NULL when the body is not a listing. */
GPtrArray *_bmd_s3_list_from_body  (const guint8  *body,
                                    gsize          length,
                                    gboolean      *truncated,
                                    char         **next_token);

G_END_DECLS
