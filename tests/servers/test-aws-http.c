/* AWS requests against loopback stand-ins (a SoupServer on its own thread):
 * Redshift Serverless GetCredentials, S3 retries, timeouts and cancel, and
 * the parts of SigV4 this code is responsible for. */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "bmd-redshift-loader.h"
#include "bmd-redshift-serverless.h"
#include "bmd-s3.h"

typedef struct
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *server;
  char *url;
  GMutex lock;
  GCond ready;
  gboolean started;

  /* What the handlers saw and do. */
  guint requests;
  guint fail_first;         /* answer 503 this many times, then 200 */
  gboolean hang;            /* never answer */
  GCancellable *cancel_on_request;
  char *last_authorization;
  char *last_target;
  char *last_body;
  char *last_token;
  char *problem;            /* a check the handler found failing */
} Stand;

static Stand *the_stand;

static void
note_problem (Stand      *s,
              const char *problem)
{
  g_mutex_lock (&s->lock);
  if (s->problem == NULL)
    s->problem = g_strdup (problem);
  g_mutex_unlock (&s->lock);
}

static void
serverless_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Stand *s = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *target = soup_message_headers_get_one (headers, "X-Amz-Target");
  static const char ok[] = "{\"dbUser\":\"IAMR:bakery-loader\",\"dbPassword\":\"temp-pass-123\","
                           "\"expiration\":1782734400.0,\"nextRefreshTime\":1782732600.0}";
  static const char denied[] = "{\"__type\":\"com.amazonaws.redshiftserverless#AccessDeniedException\","
                               "\"message\":\"User is not authorized to perform GetCredentials\"}";

  g_mutex_lock (&s->lock);
  s->requests++;
  g_free (s->last_authorization);
  s->last_authorization = g_strdup (auth);
  g_free (s->last_target);
  s->last_target = g_strdup (target);
  g_free (s->last_body);
  s->last_body = g_strndup (body->data, body->length);
  g_free (s->last_token);
  s->last_token = g_strdup (soup_message_headers_get_one (headers, "x-amz-security-token"));
  g_mutex_unlock (&s->lock);

  if (strcmp (soup_server_message_get_method (msg), "POST") != 0)
    note_problem (s, "not a POST");
  if (soup_message_headers_get_one (headers, "X-Amz-Date") == NULL)
    note_problem (s, "no X-Amz-Date");
  if (g_strcmp0 (soup_message_headers_get_one (headers, "Content-Type"), "application/x-amz-json-1.1") != 0)
    note_problem (s, "wrong Content-Type");

  if (auth == NULL || !g_str_has_prefix (auth, "AWS4-HMAC-SHA256 ")
      || strstr (auth, "/redshift-serverless/aws4_request") == NULL
      || strstr (auth, "SignedHeaders=") == NULL || strstr (auth, "Signature=") == NULL)
    {
      soup_server_message_set_status (msg, 403, NULL);
      soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC,
                                        denied, strlen (denied));
      return;
    }
  if (strstr (auth, "Credential=AKIADENIED/") != NULL)
    {
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC,
                                        denied, strlen (denied));
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/x-amz-json-1.1", SOUP_MEMORY_STATIC, ok, strlen (ok));
}

static void
s3_cb (SoupServer        *server,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  Stand *s = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *sha = soup_message_headers_get_one (headers, "x-amz-content-sha256");
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *token = soup_message_headers_get_one (headers, "x-amz-security-token");
  g_autofree char *expected_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                               (const guint8 *) body->data, body->length);
  static const char slow_down[] = "<?xml version=\"1.0\"?><Error><Code>SlowDown</Code>"
                                  "<Message>Reduce your request rate.</Message></Error>";
  guint n;

  g_mutex_lock (&s->lock);
  n = ++s->requests;
  g_mutex_unlock (&s->lock);

  if (g_strcmp0 (sha, expected_sha) != 0)
    note_problem (s, "x-amz-content-sha256 is not the body's SHA-256");
  if (auth == NULL || strstr (auth, "/s3/aws4_request") == NULL
      || strstr (auth, "x-amz-content-sha256") == NULL)
    note_problem (s, "x-amz-content-sha256 is not signed");
  if (token != NULL)
    {
      g_mutex_lock (&s->lock);
      g_free (s->last_token);
      s->last_token = g_strdup (token);
      g_mutex_unlock (&s->lock);
      if (strstr (auth, "x-amz-security-token") == NULL)
        note_problem (s, "x-amz-security-token is not signed");
    }

  if (g_str_has_prefix (path, "/bucket/denied"))
    {
      static const char denied[] = "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code>"
                                   "<Message>Access Denied</Message><RequestId>1</RequestId></Error>";

      soup_server_message_set_status (msg, 403, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC, denied, strlen (denied));
      return;
    }
  if (s->cancel_on_request != NULL)
    g_cancellable_cancel (s->cancel_on_request);
  if (s->hang)
    {
      /* Never answered: the client's timeout or cancel has to end it. */
      soup_server_message_pause (msg);
      return;
    }
  if (n <= s->fail_first)
    {
      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_STATIC,
                                        slow_down, strlen (slow_down));
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", "\"abc\"");
  soup_server_message_set_response (msg, "application/octet-stream", SOUP_MEMORY_STATIC, "", 0);
}

static gpointer
stand_thread (gpointer data)
{
  Stand *s = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (s->context);
  s->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->server, "/serverless", serverless_cb, s, NULL);
  soup_server_add_handler (s->server, "/bucket", s3_cb, s, NULL);
  soup_server_listen_local (s->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (s->server);
  s->url = g_uri_to_string (uris->data);
  while (g_str_has_suffix (s->url, "/"))
    s->url[strlen (s->url) - 1] = '\0';
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&s->lock);
  s->started = TRUE;
  g_cond_signal (&s->ready);
  g_mutex_unlock (&s->lock);

  g_main_loop_run (s->loop);
  g_clear_object (&s->server);
  g_main_context_pop_thread_default (s->context);
  return NULL;
}

static Stand *
stand_new (void)
{
  Stand *s = g_new0 (Stand, 1);

  g_mutex_init (&s->lock);
  g_cond_init (&s->ready);
  s->context = g_main_context_new ();
  s->loop = g_main_loop_new (s->context, FALSE);
  s->thread = g_thread_new ("stand-in", stand_thread, s);
  g_mutex_lock (&s->lock);
  while (!s->started)
    g_cond_wait (&s->ready, &s->lock);
  g_mutex_unlock (&s->lock);
  return s;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
stand_free (Stand *s)
{
  g_main_context_invoke (s->context, quit_cb, s->loop);
  g_thread_join (s->thread);
  g_main_loop_unref (s->loop);
  g_main_context_unref (s->context);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->ready);
  g_free (s->url);
  g_free (s->last_authorization);
  g_free (s->last_target);
  g_free (s->last_body);
  g_free (s->last_token);
  g_free (s->problem);
  g_free (s);
}

static void
stand_reset (Stand *s)
{
  g_mutex_lock (&s->lock);
  s->requests = 0;
  s->fail_first = 0;
  s->hang = FALSE;
  s->cancel_on_request = NULL;
  g_clear_pointer (&s->problem, g_free);
  g_clear_pointer (&s->last_token, g_free);
  g_mutex_unlock (&s->lock);
}

static void
test_serverless_credentials (void)
{
  Stand *s = the_stand;
  g_autoptr(BmdAwsCredentials) aws = bmd_aws_credentials_new ("AKIDTEST", "test-secret", "session-tok", "us-east-2");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) expiration = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *endpoint = g_strconcat (s->url, "/serverless", NULL);
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  JsonObject *sent;

  stand_reset (s);
  g_assert_true (bmd_redshift_serverless_get_credentials (aws, endpoint, "bakery-wg", "dev", 900,
                                                          &user, &password, &expiration, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (s->problem);
  g_assert_cmpstr (user, ==, "IAMR:bakery-loader");
  g_assert_cmpstr (password, ==, "temp-pass-123");
  g_assert_nonnull (expiration);
  g_assert_cmpint (g_date_time_to_unix (expiration), ==, 1782734400);

  g_assert_cmpstr (s->last_target, ==, "RedshiftServerless.GetCredentials");
  g_assert_true (g_str_has_prefix (s->last_authorization,
                                   "AWS4-HMAC-SHA256 Credential=AKIDTEST/"));
  g_assert_nonnull (strstr (s->last_authorization, "/us-east-2/redshift-serverless/aws4_request"));
  g_assert_null (strstr (s->last_authorization, "test-secret"));
  g_assert_cmpstr (s->last_token, ==, "session-tok");
  g_assert_true (json_parser_load_from_data (parser, s->last_body, -1, NULL));
  sent = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (sent, "workgroupName"), ==, "bakery-wg");
  g_assert_cmpstr (json_object_get_string_member (sent, "dbName"), ==, "dev");
  g_assert_cmpint (json_object_get_int_member (sent, "durationSeconds"), ==, 900);
}

static void
test_serverless_errors (void)
{
  Stand *s = the_stand;
  g_autoptr(BmdAwsCredentials) denied = bmd_aws_credentials_new ("AKIADENIED", "x", NULL, "us-east-1");
  g_autoptr(GError) error = NULL;
  g_autofree char *endpoint = g_strconcat (s->url, "/serverless", NULL);
  char *user = NULL;
  char *password = NULL;

  stand_reset (s);
  g_assert_false (bmd_redshift_serverless_get_credentials (denied, endpoint, "bakery-wg", NULL, 0,
                                                           &user, &password, NULL, NULL, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "AccessDeniedException"));
  g_assert_nonnull (strstr (error->message, "bakery-wg"));
  g_assert_null (user);
  g_clear_error (&error);

  g_assert_false (bmd_redshift_serverless_get_credentials (denied, NULL, "", NULL, 0,
                                                           &user, &password, NULL, NULL, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  g_clear_error (&error);

  /* Plain HTTP only on loopback. */
  g_assert_false (bmd_redshift_serverless_get_credentials (denied, "http://redshift.example.com", "wg", NULL, 0,
                                                           &user, &password, NULL, NULL, &error));
  g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  g_assert_cmpuint (s->requests, ==, 1);
}

static BmdS3Client *
stand_s3_client (Stand             *s,
                 BmdAwsCredentials *aws)
{
  g_autoptr(GError) error = NULL;
  BmdS3Client *client = bmd_s3_client_new (s->url, aws, &error);

  g_assert_no_error (error);
  bmd_s3_client_set_retry_delay (client, 1);
  return client;
}

static void
test_s3_retries (void)
{
  Stand *s = the_stand;
  g_autoptr(BmdAwsCredentials) aws = bmd_aws_credentials_new ("AKIDTEST", "test-secret", "session-tok", NULL);
  g_autoptr(BmdS3Client) client = stand_s3_client (s, aws);
  g_autoptr(GBytes) body = g_bytes_new_static ("hello", 5);
  g_autoptr(GError) error = NULL;

  /* Two 503 SlowDown, then success: the caller sees success. */
  stand_reset (s);
  s->fail_first = 2;
  g_assert_true (bmd_s3_client_put (client, "bucket", "k", body, NULL, BMD_S3_PUT_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (s->requests, ==, 3);
  g_assert_null (s->problem);
  g_assert_cmpstr (s->last_token, ==, "session-tok");

  /* Failing every time: 1 + max_retries attempts, then the server error with S3's code. */
  stand_reset (s);
  s->fail_first = 100;
  bmd_s3_client_set_max_retries (client, 2);
  g_assert_false (bmd_s3_client_put (client, "bucket", "k", body, NULL, BMD_S3_PUT_NONE, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "SlowDown"));
  g_assert_nonnull (strstr (error->message, "s3://bucket/k"));
  g_assert_cmpuint (s->requests, ==, 3);
}

static void
test_s3_access_denied (void)
{
  Stand *s = the_stand;
  g_autoptr(BmdAwsCredentials) aws = bmd_aws_credentials_new ("AKIDTEST", "test-secret", NULL, NULL);
  g_autoptr(BmdS3Client) client = stand_s3_client (s, aws);
  g_autoptr(GError) error = NULL;

  stand_reset (s);
  g_assert_null (bmd_s3_client_get (client, "bucket", "denied/file", NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_ACCESS_DENIED);
  g_assert_nonnull (strstr (error->message, "s3://bucket/denied/file"));
  g_assert_nonnull (strstr (error->message, "AccessDenied"));
  /* A client error is not retried. */
  g_assert_cmpuint (s->requests, ==, 1);
}

static void
test_s3_timeout_and_cancel (void)
{
  Stand *s = the_stand;
  g_autoptr(BmdAwsCredentials) aws = bmd_aws_credentials_new ("AKIDTEST", "test-secret", NULL, NULL);
  g_autoptr(BmdS3Client) client = stand_s3_client (s, aws);
  g_autoptr(GBytes) body = g_bytes_new_static ("hello", 5);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  /* An unanswered request times out, is retried, then reported as a network failure. */
  stand_reset (s);
  s->hang = TRUE;
  bmd_s3_client_set_timeout (client, 1);
  bmd_s3_client_set_max_retries (client, 1);
  g_assert_false (bmd_s3_client_put (client, "bucket", "slow", body, NULL, BMD_S3_PUT_NONE, NULL, &error));
  g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_NETWORK);
  g_assert_cmpuint (s->requests, ==, 2);
  g_clear_error (&error);

  /* Cancelled while the request is in flight: the progress callback stops it. */
  stand_reset (s);
  s->hang = TRUE;
  s->cancel_on_request = cancellable;
  bmd_s3_client_set_timeout (client, 120);
  g_assert_false (bmd_s3_client_put (client, "bucket", "cancel", body, NULL, BMD_S3_PUT_NONE,
                                     cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (s->requests, ==, 1);
}

static void
test_s3_endpoints (void)
{
  g_autoptr(BmdAwsCredentials) aws = bmd_aws_credentials_new ("AKIDTEST", "secret", NULL, "eu-west-1");
  g_autoptr(GError) error = NULL;
  const char *refused[] = { "http://s3.example.com", "ftp://127.0.0.1/", "not a url", "http://user:pw@127.0.0.1:9000" };
  const char *accepted[] = { "http://127.0.0.1:9000/", "http://localhost:9000", "http://[::1]:9000",
                             "https://minio.example.com:9000" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(BmdS3Client) client = bmd_s3_client_new (refused[i], aws, &error);

      g_assert_null (client);
      g_assert_error (error, BMD_S3_ERROR, BMD_S3_ERROR_INVALID_ENDPOINT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(BmdS3Client) client = bmd_s3_client_new (accepted[i], aws, &error);

      g_assert_no_error (error);
      g_assert_false (g_str_has_suffix (bmd_s3_client_get_endpoint (client), "/"));
    }
  {
    g_autoptr(BmdS3Client) client = bmd_s3_client_new (NULL, aws, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (bmd_s3_client_get_endpoint (client), ==, "https://s3.eu-west-1.amazonaws.com");
  }
}

static void
test_canonical_query (void)
{
  const char *uploads[] = { "uploads", "", NULL };
  const char *list[] = { "prefix", "a b/c=é", "list-type", "2", "continuation-token", "x+y=", NULL };
  const char *parts[] = { "uploadId", "2~abc", "partNumber", "10", NULL };
  g_autofree char *a = bmd_s3_canonical_query (uploads);
  g_autofree char *b = bmd_s3_canonical_query (list);
  g_autofree char *c = bmd_s3_canonical_query (parts);
  g_autofree char *key = bmd_s3_uri_encode ("raw/orders/run=1/a b~.gz", TRUE);

  g_assert_cmpstr (a, ==, "uploads=");
  g_assert_cmpstr (b, ==, "continuation-token=x%2By%3D&list-type=2&prefix=a%20b%2Fc%3D%C3%A9");
  g_assert_cmpstr (c, ==, "partNumber=10&uploadId=2~abc");
  g_assert_cmpstr (key, ==, "raw/orders/run%3D1/a%20b~.gz");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/aws-http/serverless-credentials", test_serverless_credentials);
  g_test_add_func ("/bmd/aws-http/serverless-errors", test_serverless_errors);
  g_test_add_func ("/bmd/aws-http/s3-retries", test_s3_retries);
  g_test_add_func ("/bmd/aws-http/s3-access-denied", test_s3_access_denied);
  g_test_add_func ("/bmd/aws-http/s3-timeout-and-cancel", test_s3_timeout_and_cancel);
  g_test_add_func ("/bmd/aws-http/s3-endpoints", test_s3_endpoints);
  g_test_add_func ("/bmd/aws-http/canonical-query", test_canonical_query);

  the_stand = stand_new ();
  status = g_test_run ();
  stand_free (the_stand);
  return status;
}
