#pragma once

#include <gio/gio.h>

#include "bmd-aws-credentials.h"

G_BEGIN_DECLS

#define BMD_S3_ERROR (bmd_s3_error_quark ())

/* Cancellation is G_IO_ERROR_CANCELLED. */
typedef enum
{
  BMD_S3_ERROR_FAILED,              /* any other failure; the message carries S3's code */
  BMD_S3_ERROR_INVALID_ENDPOINT,    /* not a URL, or http:// to a host that is not loopback */
  BMD_S3_ERROR_NETWORK,             /* no answer, timeouts, TLS failures (after the retries) */
  BMD_S3_ERROR_INVALID_ACCESS_KEY,  /* InvalidAccessKeyId: the key id is not known */
  BMD_S3_ERROR_SIGNATURE,           /* SignatureDoesNotMatch: usually a wrong secret */
  BMD_S3_ERROR_ACCESS_DENIED,       /* AccessDenied: the key may not do this */
  BMD_S3_ERROR_NO_SUCH_BUCKET,      /* NoSuchBucket */
  BMD_S3_ERROR_NO_SUCH_KEY,         /* NoSuchKey, or 404 on HEAD */
  BMD_S3_ERROR_PRECONDITION_FAILED, /* 412: a conditional PUT found the object already there */
  BMD_S3_ERROR_CLOCK_SKEW,          /* RequestTimeTooSkewed */
  BMD_S3_ERROR_SERVER,              /* 5xx after the retries */
} BmdS3Error;

typedef enum
{
  BMD_S3_PUT_NONE           = 0,
  /* Create only: If-None-Match: *, BMD_S3_ERROR_PRECONDITION_FAILED when the key exists. */
  BMD_S3_PUT_IF_NONE_MATCH  = 1 << 0,
} BmdS3PutFlags;

typedef struct
{
  char   *key;
  gint64  size;
  char   *etag;
  char   *last_modified;
} BmdS3Object;

void bmd_s3_object_free (BmdS3Object *object);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdS3Object, bmd_s3_object_free)

#define BMD_TYPE_S3_CLIENT (bmd_s3_client_get_type ())
G_DECLARE_FINAL_TYPE (BmdS3Client, bmd_s3_client, BMD, S3_CLIENT, GObject)

GQuark       bmd_s3_error_quark                  (void);

/* @endpoint: NULL for AWS (https://s3.REGION.amazonaws.com), else a base URL;
 * requests are path style (ENDPOINT/BUCKET/KEY). http:// is accepted only for
 * loopback hosts; TLS is always verified. Blocking calls: use from a worker thread. */
BmdS3Client *bmd_s3_client_new                   (const char         *endpoint,
                                                  BmdAwsCredentials  *credentials,
                                                  GError            **error);
const char  *bmd_s3_client_get_endpoint          (BmdS3Client *self);
/* Retries after 5xx and network failures (default 3), with exponential backoff. */
void         bmd_s3_client_set_max_retries       (BmdS3Client *self,
                                                  guint        retries);
/* Seconds one request may take (default 300); 0 means none. */
void         bmd_s3_client_set_timeout           (BmdS3Client *self,
                                                  guint        seconds);
/* Bodies larger than @threshold go as multipart uploads of @part_size parts
 * (defaults 64 MiB and 16 MiB; parts at least 5 MiB). */
void         bmd_s3_client_set_multipart         (BmdS3Client *self,
                                                  gsize        threshold,
                                                  gsize        part_size);
/* Base delay of the retry backoff in milliseconds (default 200). */
void         bmd_s3_client_set_retry_delay       (BmdS3Client *self,
                                                  guint        milliseconds);

gboolean     bmd_s3_client_put                   (BmdS3Client    *self,
                                                  const char     *bucket,
                                                  const char     *key,
                                                  GBytes         *body,
                                                  const char     *content_type,
                                                  BmdS3PutFlags   flags,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
/* Always multipart, @part_size at least 5 MiB (the last part may be smaller). */
gboolean     bmd_s3_client_put_multipart         (BmdS3Client    *self,
                                                  const char     *bucket,
                                                  const char     *key,
                                                  GBytes         *body,
                                                  const char     *content_type,
                                                  gsize           part_size,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
GBytes      *bmd_s3_client_get                   (BmdS3Client    *self,
                                                  const char     *bucket,
                                                  const char     *key,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
/* @out_size, @out_etag may be NULL. */
gboolean     bmd_s3_client_head                  (BmdS3Client    *self,
                                                  const char     *bucket,
                                                  const char     *key,
                                                  gint64         *out_size,
                                                  char          **out_etag,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
/* ListObjectsV2 of every key starting with @prefix (NULL for all), in key
 * order, following continuation tokens. Element type BmdS3Object. */
GPtrArray   *bmd_s3_client_list                  (BmdS3Client    *self,
                                                  const char     *bucket,
                                                  const char     *prefix,
                                                  GCancellable   *cancellable,
                                                  GError        **error);
/* Deleting a key that does not exist succeeds, as in S3. */
gboolean     bmd_s3_client_delete                (BmdS3Client    *self,
                                                  const char     *bucket,
                                                  const char     *key,
                                                  GCancellable   *cancellable,
                                                  GError        **error);

/* RFC 3986 encoding as SigV4 wants it: unreserved characters kept, "/" kept
 * only when @keep_slash. */
char        *bmd_s3_uri_encode                   (const char *s,
                                                  gboolean    keep_slash);
/* The canonical query string: names sorted (then values), both encoded, an
 * empty value written "name=". @params: name, value pairs, NULL-terminated. */
char        *bmd_s3_canonical_query              (const char * const *params);

G_END_DECLS
