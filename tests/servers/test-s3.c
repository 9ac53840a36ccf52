/* The S3 client against a real radosgw (tests/servers/ceph.sh). */
#include "config.h"

#include <string.h>

#include "bmd-s3.h"

typedef struct
{
  BmdAwsCredentials *credentials;
  BmdS3Client *client;
  const char *endpoint;
  const char *bucket;
  char *prefix;     /* unique per test, removed afterwards */
} Fixture;

static gboolean
require_server (void)
{
  const char *missing = NULL;

  if (g_getenv ("BAKEMYDAY_S3_ENDPOINT") == NULL)
    missing = "BAKEMYDAY_S3_ENDPOINT";
  else if (g_getenv ("BAKEMYDAY_S3_BUCKET") == NULL)
    missing = "BAKEMYDAY_S3_BUCKET";
  else if (g_getenv ("AWS_ACCESS_KEY_ID") == NULL || g_getenv ("AWS_SECRET_ACCESS_KEY") == NULL)
    missing = "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY";
  if (missing == NULL)
    return TRUE;
  g_test_fail_printf ("%s is not set: this test needs the S3 server; run "
                      "eval \"$(tests/servers/ceph.sh start DIR)\" first (script/test does)", missing);
  return FALSE;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!require_server ())
    return;
  f->endpoint = g_getenv ("BAKEMYDAY_S3_ENDPOINT");
  f->bucket = g_getenv ("BAKEMYDAY_S3_BUCKET");
  f->credentials = bmd_aws_credentials_resolve (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->client = bmd_s3_client_new (f->endpoint, f->credentials, &error);
  g_assert_no_error (error);
  f->prefix = g_strdup_printf ("test-s3/%08x/", g_random_int ());
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->client != NULL)
    {
      g_autoptr(GPtrArray) left = bmd_s3_client_list (f->client, f->bucket, f->prefix, NULL, NULL);

      for (guint i = 0; left != NULL && i < left->len; i++)
        bmd_s3_client_delete (f->client, f->bucket,
                              ((BmdS3Object *) g_ptr_array_index (left, i))->key, NULL, NULL);
    }
  g_clear_object (&f->client);
  g_clear_object (&f->credentials);
  g_clear_pointer (&f->prefix, g_free);
}

static char *
key_for (Fixture    *f,
         const char *name)
{
  return g_strconcat (f->prefix, name, NULL);
}

static void
test_put_get (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Characters that must be encoded in the path: the lake's "run=", spaces, UTF-8. */
  g_autofree char *key = key_for (f, "raw/orders/run=20260629T150000Z-abc123/a b+c,é.jsonl.gz");
  static const char text[] = "{\"order_id\":\"gid://shopify/Order/1\"}\n";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) back = NULL;
  g_autofree char *etag = NULL;
  gint64 size = 0;

  if (f->client == NULL)
    return;

  g_assert_true (bmd_s3_client_put (f->client, f->bucket, key, body, "application/x-ndjson",
                                    BMD_S3_PUT_NONE, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (bmd_s3_client_head (f->client, f->bucket, key, &size, &etag, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, strlen (text));
  g_assert_nonnull (etag);

  back = bmd_s3_client_get (f->client, f->bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, body));

  /* An empty object is an object too. */
  {
    g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
    g_autoptr(GBytes) empty_back = NULL;
    g_autofree char *empty_key = key_for (f, "empty");

    g_assert_true (bmd_s3_client_put (f->client, f->bucket, empty_key, empty, NULL,
                                      BMD_S3_PUT_NONE, NULL, &error));
    g_assert_no_error (error);
    empty_back = bmd_s3_client_get (f->client, f->bucket, empty_key, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (empty_back), ==, 0);
  }
}

static void
test_list_delete (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("x", 1);
  const char *names[] = { "list/c", "list/a", "list/b b", "other/d" };
  g_autofree char *list_prefix = key_for (f, "list/");
  g_autofree char *missing = key_for (f, "never-written");

  if (f->client == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *key = key_for (f, names[i]);

      g_assert_true (bmd_s3_client_put (f->client, f->bucket, key, body, NULL,
                                        BMD_S3_PUT_NONE, NULL, &error));
      g_assert_no_error (error);
    }

  listed = bmd_s3_client_list (f->client, f->bucket, list_prefix, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  /* S3 lists in key order: "a" < "b b" < "c". */
  g_assert_true (g_str_has_suffix (((BmdS3Object *) listed->pdata[0])->key, "list/a"));
  g_assert_true (g_str_has_suffix (((BmdS3Object *) listed->pdata[1])->key, "list/b b"));
  g_assert_true (g_str_has_suffix (((BmdS3Object *) listed->pdata[2])->key, "list/c"));
  g_assert_cmpint (((BmdS3Object *) listed->pdata[0])->size, ==, 1);

  for (guint i = 0; i < listed->len; i++)
    {
      g_assert_true (bmd_s3_client_delete (f->client, f->bucket,
                                           ((BmdS3Object *) listed->pdata[i])->key, NULL, &error));
      g_assert_no_error (error);
    }
  after = bmd_s3_client_list (f->client, f->bucket, list_prefix, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 0);

  /* Deleting what is not there succeeds, as in S3. */
  g_assert_true (bmd_s3_client_delete (f->client, f->bucket, missing, NULL, &error));
  g_assert_no_error (error);

  /* And reading it says which object is missing. */
  g_assert_null (bmd_s3_client_get (f->client, f->bucket, missing, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_NO_SUCH_KEY);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  g_assert_false (bmd_s3_client_head (f->client, f->bucket, missing, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_NO_SUCH_KEY);
}

static void
test_list_pages (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("y", 1);
  g_autofree char *pages = key_for (f, "pages/");
  const guint n = 1005;   /* more than one page of 1000 */

  if (f->client == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s%04u", pages, i);

      g_assert_true (bmd_s3_client_put (f->client, f->bucket, key, body, NULL,
                                        BMD_S3_PUT_NONE, NULL, &error));
      g_assert_no_error (error);
    }
  listed = bmd_s3_client_list (f->client, f->bucket, pages, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key = g_strdup_printf ("%s%04u", pages, i);

      g_assert_cmpstr (((BmdS3Object *) listed->pdata[i])->key, ==, key);
    }
}

static GBytes *
make_pattern (gsize size)
{
  guint8 *data = g_malloc (size);
  guint32 x = 2463534242u;

  for (gsize i = 0; i < size; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      data[i] = (guint8) x;
    }
  return g_bytes_new_take (data, size);
}

static void
test_multipart (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const gsize part = 5 * 1024 * 1024;
  g_autoptr(GBytes) body = make_pattern (2 * part + 12345);   /* three parts, the last short */
  g_autoptr(GBytes) back = NULL;
  g_autoptr(GBytes) back_auto = NULL;
  g_autofree char *key = key_for (f, "big/multipart.bin");
  g_autofree char *auto_key = key_for (f, "big/auto.bin");
  g_autofree char *etag = NULL;
  gint64 size = 0;

  if (f->client == NULL)
    return;

  g_assert_true (bmd_s3_client_put_multipart (f->client, f->bucket, key, body, NULL, part, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (bmd_s3_client_head (f->client, f->bucket, key, &size, &etag, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (size, ==, g_bytes_get_size (body));
  /* A multipart ETag ends in -PARTS. */
  g_assert_nonnull (strstr (etag, "-3"));
  back = bmd_s3_client_get (f->client, f->bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, body));

  /* Above the threshold, put() switches to multipart by itself. */
  bmd_s3_client_set_multipart (f->client, part, part);
  g_assert_true (bmd_s3_client_put (f->client, f->bucket, auto_key, body, NULL,
                                    BMD_S3_PUT_NONE, NULL, &error));
  g_assert_no_error (error);
  back_auto = bmd_s3_client_get (f->client, f->bucket, auto_key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back_auto, body));

  /* Parts under 5 MiB are refused before anything is sent. */
  g_assert_false (bmd_s3_client_put_multipart (f->client, f->bucket, key, body, NULL, 1024, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED);
}

static void
test_conditional_put (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = key_for (f, "_delta_log/00000000000000000000.json");
  g_autoptr(GBytes) first = g_bytes_new_static ("first", 5);
  g_autoptr(GBytes) second = g_bytes_new_static ("second", 6);
  g_autoptr(GBytes) back = NULL;

  if (f->client == NULL)
    return;

  g_assert_true (bmd_s3_client_put (f->client, f->bucket, key, first, NULL,
                                    BMD_S3_PUT_IF_NONE_MATCH, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (bmd_s3_client_put (f->client, f->bucket, key, second, NULL,
                                     BMD_S3_PUT_IF_NONE_MATCH, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_PRECONDITION_FAILED);
  g_assert_nonnull (strstr (error->message, key));
  g_clear_error (&error);

  back = bmd_s3_client_get (f->client, f->bucket, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (back, first));
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdAwsCredentials) bad = NULL;
  g_autoptr(BmdS3Client) client = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("z", 1);
  g_autofree char *key = key_for (f, "wrong-secret");
  const char *secret = "NotTheSecretAtAllNotTheSecretAtAll1234";

  if (f->client == NULL)
    return;

  bad = bmd_aws_credentials_new (bmd_aws_credentials_get_access_key_id (f->credentials),
                                 secret, NULL, "us-east-1");
  client = bmd_s3_client_new (f->endpoint, bad, &error);
  g_assert_no_error (error);
  bmd_s3_client_set_max_retries (client, 0);
  g_assert_false (bmd_s3_client_put (client, f->bucket, key, body, NULL, BMD_S3_PUT_NONE, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_SIGNATURE);
  g_assert_nonnull (strstr (error->message, "SignatureDoesNotMatch"));
  g_assert_nonnull (strstr (error->message, key));
  g_assert_null (strstr (error->message, secret));
  g_assert_null (strstr (error->message, bmd_aws_credentials_get_secret_access_key (f->credentials)));
  g_clear_error (&error);

  g_assert_null (bmd_s3_client_list (client, f->bucket, f->prefix, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_SIGNATURE);
}

static void
test_wrong_key_id (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdAwsCredentials) bad = NULL;
  g_autoptr(BmdS3Client) client = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("z", 1);
  g_autofree char *key = key_for (f, "wrong-key");

  if (f->client == NULL)
    return;

  bad = bmd_aws_credentials_new ("AKIANOTAREALKEY00000",
                                 bmd_aws_credentials_get_secret_access_key (f->credentials),
                                 NULL, "us-east-1");
  client = bmd_s3_client_new (f->endpoint, bad, &error);
  g_assert_no_error (error);
  g_assert_false (bmd_s3_client_put (client, f->bucket, key, body, NULL, BMD_S3_PUT_NONE, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_INVALID_ACCESS_KEY);
  g_assert_nonnull (strstr (error->message, "InvalidAccessKeyId"));
  g_assert_null (strstr (error->message, bmd_aws_credentials_get_secret_access_key (f->credentials)));
}

static void
test_missing_bucket (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = g_bytes_new_static ("z", 1);
  g_autofree char *bucket = g_strdup_printf ("bmd-missing-%08x", g_random_int ());

  if (f->client == NULL)
    return;

  g_assert_false (bmd_s3_client_put (f->client, bucket, "a/key", body, NULL, BMD_S3_PUT_NONE, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_NO_SUCH_BUCKET);
  g_assert_nonnull (strstr (error->message, bucket));
  g_assert_nonnull (strstr (error->message, "NoSuchBucket"));
  g_clear_error (&error);

  g_assert_null (bmd_s3_client_list (f->client, bucket, NULL, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_NO_SUCH_BUCKET);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) body = make_pattern (6 * 1024 * 1024);
  g_autofree char *key = key_for (f, "cancelled");

  if (f->client == NULL)
    return;

  g_cancellable_cancel (cancellable);
  g_assert_false (bmd_s3_client_put_multipart (f->client, f->bucket, key, body, NULL,
                                               5 * 1024 * 1024, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (bmd_s3_client_head (f->client, f->bucket, key, NULL, NULL, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_NO_SUCH_KEY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/s3/put-get", test_put_get);
  ADD ("/bmd/s3/list-delete", test_list_delete);
  ADD ("/bmd/s3/list-pages", test_list_pages);
  ADD ("/bmd/s3/multipart", test_multipart);
  ADD ("/bmd/s3/conditional-put", test_conditional_put);
  ADD ("/bmd/s3/wrong-secret", test_wrong_secret);
  ADD ("/bmd/s3/wrong-key-id", test_wrong_key_id);
  ADD ("/bmd/s3/missing-bucket", test_missing_bucket);
  ADD ("/bmd/s3/cancelled", test_cancelled);
#undef ADD

  return g_test_run ();
}
