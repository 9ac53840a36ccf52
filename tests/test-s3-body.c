/* What the S3 client reads from answer bodies, without a server: error
 * documents and ListObjectsV2 pages (the fuzz target fuzz-s3 feeds these
 * the bodies no server would send). */
#include "config.h"

#include <string.h>

#include "bmd-s3-private.h"

static void
test_error_codes (void)
{
  static const struct
  {
    long status;
    const char *body;
    int code;
  } cases[] = {
    { 403, "<Error><Code>SignatureDoesNotMatch</Code></Error>", BMD_S3_ERROR_SIGNATURE },
    { 403, "<Error><Code>InvalidAccessKeyId</Code></Error>", BMD_S3_ERROR_INVALID_ACCESS_KEY },
    { 403, "", BMD_S3_ERROR_ACCESS_DENIED },
    { 404, "", BMD_S3_ERROR_NO_SUCH_KEY },
    { 503, "<Error><Code>SlowDown</Code></Error>", BMD_S3_ERROR_SERVER },
    /* A Code outside <Error> is not the error's code. */
    { 400, "<Other><Code>NoSuchKey</Code></Other>", BMD_S3_ERROR_FAILED },
    { 400, "not xml <", BMD_S3_ERROR_FAILED },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *body = cases[i].body;

      g_test_message ("%ld %s", cases[i].status, body);
      _bmd_s3_error_from_body (cases[i].status, "GET", "bakery", "a.jsonl",
                               (const guint8 *) body, strlen (body), &error);
      g_assert_error (error, BMD_S3_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "S3 GET s3://bakery/a.jsonl: "));
    }
}

/* Found by fuzzing: a repeated Key (or ETag, LastModified) in one Contents
 * leaked the first copy (the sanitizer build's leak check fails on it). */
static void
test_list_repeated_element (void)
{
  static const char body[] =
    "<ListBucketResult><IsTruncated>true</IsTruncated>"
    "<NextContinuationToken>t1</NextContinuationToken>"
    "<Contents><Key>a</Key><Key>b</Key><ETag>e1</ETag><ETag>e2</ETag><Size>12</Size>"
    "<LastModified>x</LastModified><LastModified>y</LastModified></Contents>"
    "<Contents><Key>c</Key></Contents></ListBucketResult>";
  g_autoptr(GPtrArray) objects = NULL;
  g_autofree char *token = NULL;
  gboolean truncated = FALSE;
  BmdS3Object *first;

  objects = _bmd_s3_list_from_body ((const guint8 *) body, strlen (body), &truncated, &token);
  g_assert_nonnull (objects);
  g_assert_cmpuint (objects->len, ==, 2);
  first = g_ptr_array_index (objects, 0);
  g_assert_cmpstr (first->key, ==, "b");
  g_assert_cmpstr (first->etag, ==, "e2");
  g_assert_cmpstr (first->last_modified, ==, "y");
  g_assert_cmpint (first->size, ==, 12);
  g_assert_cmpstr (((BmdS3Object *) g_ptr_array_index (objects, 1))->key, ==, "c");
  g_assert_true (truncated);
  g_assert_cmpstr (token, ==, "t1");
}

static void
test_list_not_xml (void)
{
  g_autofree char *token = NULL;
  gboolean truncated = FALSE;

  g_assert_null (_bmd_s3_list_from_body ((const guint8 *) "<a><b></a>", 10, &truncated, &token));
  g_assert_null (token);
  g_assert_null (_bmd_s3_list_from_body ((const guint8 *) "", 0, &truncated, &token));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bmd/s3-body/error-codes", test_error_codes);
  g_test_add_func ("/bmd/s3-body/list-repeated-element", test_list_repeated_element);
  g_test_add_func ("/bmd/s3-body/list-not-xml", test_list_not_xml);
  return g_test_run ();
}
