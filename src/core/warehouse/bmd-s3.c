#define G_LOG_DOMAIN "bmd-s3"

#include "config.h"

#include <string.h>
#include <curl/curl.h>

#include "bmd-loopback.h"
#include "bmd-s3-private.h"

#define MIN_PART_SIZE ((gsize) 5 * 1024 * 1024)
#define MAX_PARTS 10000
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct _BmdS3Client
{
  GObject parent_instance;

  char *endpoint;
  BmdAwsCredentials *credentials;
  guint max_retries;
  guint timeout;
  guint retry_delay_ms;
  gsize multipart_threshold;
  gsize part_size;

  /* One handle reused (keep-alive) by whichever thread runs a request. */
  GMutex lock;
  CURL *curl;
};

G_DEFINE_FINAL_TYPE (BmdS3Client, bmd_s3_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (bmd-s3-error-quark, bmd_s3_error)

typedef struct
{
  const char *method;          /* GET HEAD PUT POST DELETE */
  const char *bucket;
  const char *key;             /* NULL for the bucket itself */
  const char * const *query;   /* name, value pairs; NULL-terminated */
  GBytes *body;
  const char *content_type;
  const char *if_none_match;
} S3Request;

typedef struct
{
  long status;
  GByteArray *body;
  GHashTable *headers;         /* lower-case name -> value */
} S3Response;

static void
s3_response_free (S3Response *response)
{
  g_clear_pointer (&response->body, g_byte_array_unref);
  g_clear_pointer (&response->headers, g_hash_table_unref);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (S3Response, s3_response_free)

void
bmd_s3_object_free (BmdS3Object *object)
{
  if (object == NULL)
    return;
  g_free (object->key);
  g_free (object->etag);
  g_free (object->last_modified);
  g_free (object);
}

/* ---- encoding ---------------------------------------------------------- */

char *
bmd_s3_uri_encode (const char *s,
                   gboolean    keep_slash)
{
  GString *out;

  g_return_val_if_fail (s != NULL, NULL);

  out = g_string_sized_new (strlen (s) + 8);
  for (const guchar *p = (const guchar *) s; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~'
          || (keep_slash && *p == '/'))
        g_string_append_c (out, *p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *name;
  char *value;
} QueryParam;

static int
compare_query_params (gconstpointer a,
                      gconstpointer b)
{
  const QueryParam *pa = a;
  const QueryParam *pb = b;
  int c = strcmp (pa->name, pb->name);

  return c != 0 ? c : strcmp (pa->value, pb->value);
}

char *
bmd_s3_canonical_query (const char * const *params)
{
  g_autoptr(GArray) list = g_array_new (FALSE, FALSE, sizeof (QueryParam));
  GString *out = g_string_new (NULL);

  for (guint i = 0; params != NULL && params[i] != NULL; i += 2)
    {
      QueryParam p;

      p.name = bmd_s3_uri_encode (params[i], FALSE);
      p.value = bmd_s3_uri_encode (params[i + 1] != NULL ? params[i + 1] : "", FALSE);
      g_array_append_val (list, p);
      if (params[i + 1] == NULL)
        break;
    }
  /* SigV4 sorts by the encoded names (byte order). */
  g_array_sort (list, compare_query_params);
  for (guint i = 0; i < list->len; i++)
    {
      QueryParam *p = &g_array_index (list, QueryParam, i);

      if (i > 0)
        g_string_append_c (out, '&');
      g_string_append_printf (out, "%s=%s", p->name, p->value);
      g_free (p->name);
      g_free (p->value);
    }
  return g_string_free (out, FALSE);
}

/* ---- a small XML reader for S3's answers ------------------------------- */

typedef struct
{
  GPtrArray *stack;   /* element names */
  GString *text;
  void (*element) (gpointer    data,
                   const char *parent,
                   const char *name,
                   const char *text);
  void (*start) (gpointer    data,
                 const char *name);
  gpointer data;
} XmlReader;

static void
xml_start_cb (GMarkupParseContext  *context,
              const char           *element_name,
              const char          **attribute_names,
              const char          **attribute_values,
              gpointer              user_data,
              GError              **error)
{
  XmlReader *reader = user_data;

  g_ptr_array_add (reader->stack, g_strdup (element_name));
  g_string_truncate (reader->text, 0);
  if (reader->start != NULL)
    reader->start (reader->data, element_name);
}

static void
xml_end_cb (GMarkupParseContext  *context,
            const char           *element_name,
            gpointer              user_data,
            GError              **error)
{
  XmlReader *reader = user_data;
  const char *parent = reader->stack->len >= 2
    ? g_ptr_array_index (reader->stack, reader->stack->len - 2) : NULL;

  reader->element (reader->data, parent, element_name, reader->text->str);
  g_string_truncate (reader->text, 0);
  g_ptr_array_remove_index (reader->stack, reader->stack->len - 1);
}

static void
xml_text_cb (GMarkupParseContext  *context,
             const char           *text,
             gsize                 text_len,
             gpointer              user_data,
             GError              **error)
{
  XmlReader *reader = user_data;

  g_string_append_len (reader->text, text, text_len);
}

static gboolean
read_xml (const guint8 *data,
          gsize         length,
          void        (*start) (gpointer, const char *),
          void        (*element) (gpointer, const char *, const char *, const char *),
          gpointer      user_data)
{
  static const GMarkupParser parser = { xml_start_cb, xml_end_cb, xml_text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  XmlReader reader = { stack, text, element, start, user_data };

  if (length == 0)
    return FALSE;
  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, &reader, NULL);
  return g_markup_parse_context_parse (context, (const char *) data, length, NULL)
         && g_markup_parse_context_end_parse (context, NULL);
}

typedef struct
{
  char *code;
  char *message;
} XmlError;

static void
error_element_cb (gpointer    data,
                  const char *parent,
                  const char *name,
                  const char *text)
{
  XmlError *e = data;

  if (g_strcmp0 (parent, "Error") != 0)
    return;
  if (strcmp (name, "Code") == 0 && e->code == NULL)
    e->code = g_strdup (text);
  else if (strcmp (name, "Message") == 0 && e->message == NULL)
    e->message = g_strdup (text);
}

/* ---- errors -------------------------------------------------------------- */

static char *
describe_target (const char *bucket,
                 const char *key)
{
  if (key != NULL)
    return g_strdup_printf ("s3://%s/%s", bucket, key);
  return g_strdup_printf ("s3://%s", bucket);
}

static void
set_http_error (GError      **error,
                const S3Request *request,
                S3Response  *response)
{
  XmlError xe = { NULL, NULL };
  g_autofree char *target = describe_target (request->bucket, request->key);
  const char *what;
  int code = BMD_S3_ERROR_FAILED;

  if (response->body != NULL)
    read_xml (response->body->data, response->body->len, NULL, error_element_cb, &xe);

  /* HEAD answers carry no body: the status is all there is. */
  if (xe.code == NULL)
    {
      switch (response->status)
        {
        case 403: xe.code = g_strdup ("AccessDenied"); break;
        case 404: xe.code = g_strdup (request->key != NULL ? "NoSuchKey" : "NoSuchBucket"); break;
        case 412: xe.code = g_strdup ("PreconditionFailed"); break;
        default: xe.code = g_strdup_printf ("HTTP %ld", response->status); break;
        }
    }

  if (strcmp (xe.code, "InvalidAccessKeyId") == 0)
    {
      code = BMD_S3_ERROR_INVALID_ACCESS_KEY;
      what = "the access key id is not known to the server; check AWS_ACCESS_KEY_ID";
    }
  else if (strcmp (xe.code, "SignatureDoesNotMatch") == 0)
    {
      code = BMD_S3_ERROR_SIGNATURE;
      what = "the request signature does not match; check the secret access key";
    }
  else if (strcmp (xe.code, "AccessDenied") == 0 || strcmp (xe.code, "AllAccessDisabled") == 0)
    {
      code = BMD_S3_ERROR_ACCESS_DENIED;
      what = "access denied: the key may not do this";
    }
  else if (strcmp (xe.code, "NoSuchBucket") == 0)
    {
      code = BMD_S3_ERROR_NO_SUCH_BUCKET;
      what = "the bucket does not exist";
    }
  else if (strcmp (xe.code, "NoSuchKey") == 0)
    {
      code = BMD_S3_ERROR_NO_SUCH_KEY;
      what = "the object does not exist";
    }
  else if (strcmp (xe.code, "PreconditionFailed") == 0 || response->status == 412)
    {
      code = BMD_S3_ERROR_PRECONDITION_FAILED;
      what = "the object already exists (conditional write refused)";
    }
  else if (strcmp (xe.code, "RequestTimeTooSkewed") == 0)
    {
      code = BMD_S3_ERROR_CLOCK_SKEW;
      what = "this computer's clock is too far from the server's";
    }
  else if (response->status >= 500)
    {
      code = BMD_S3_ERROR_SERVER;
      what = "the server failed";
    }
  else
    what = xe.message != NULL ? xe.message : "the request failed";

  g_set_error (error, BMD_S3_ERROR, code, "S3 %s %s: %s (%s)",
               request->method, target, what, xe.code);
  g_free (xe.code);
  g_free (xe.message);
}

void
_bmd_s3_error_from_body (long           status,
                         const char    *method,
                         const char    *bucket,
                         const char    *key,
                         const guint8  *body,
                         gsize          length,
                         GError       **error)
{
  S3Request request = { method, bucket, key, NULL, NULL, NULL, NULL };
  S3Response response = { status, g_byte_array_new (), NULL };

  g_byte_array_append (response.body, body, length);
  set_http_error (error, &request, &response);
  g_byte_array_unref (response.body);
}

/* ---- transport ----------------------------------------------------------- */

static size_t
write_body_cb (char   *ptr,
               size_t  size,
               size_t  nmemb,
               void   *userdata)
{
  S3Response *response = userdata;

  g_byte_array_append (response->body, (const guint8 *) ptr, size * nmemb);
  return size * nmemb;
}

static size_t
header_cb (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *userdata)
{
  S3Response *response = userdata;
  size_t n = size * nitems;
  g_autofree char *line = g_strndup (buffer, n);
  char *colon;

  g_strchomp (line);
  if (g_str_has_prefix (line, "HTTP/"))
    {
      /* A new response (after 100 Continue or a redirect) starts over. */
      g_hash_table_remove_all (response->headers);
      return n;
    }
  colon = strchr (line, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      g_hash_table_replace (response->headers, g_ascii_strdown (line, -1),
                            g_strdup (g_strstrip (colon + 1)));
    }
  return n;
}

static int
xferinfo_cb (void       *clientp,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  GCancellable *cancellable = clientp;

  return (cancellable != NULL && g_cancellable_is_cancelled (cancellable)) ? 1 : 0;
}

static gboolean
is_retryable_curl (CURLcode code)
{
  switch (code)
    {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
build_url (BmdS3Client     *self,
           const S3Request *request)
{
  GString *url = g_string_new (self->endpoint);
  g_autofree char *bucket = bmd_s3_uri_encode (request->bucket, FALSE);

  g_string_append_c (url, '/');
  g_string_append (url, bucket);
  if (request->key != NULL)
    {
      g_autofree char *key = bmd_s3_uri_encode (request->key, TRUE);

      g_string_append_c (url, '/');
      g_string_append (url, key);
    }
  if (request->query != NULL && request->query[0] != NULL)
    {
      g_autofree char *query = bmd_s3_canonical_query (request->query);

      g_string_append_c (url, '?');
      g_string_append (url, query);
    }
  return g_string_free (url, FALSE);
}

static CURLcode
perform_once (BmdS3Client     *self,
              const S3Request *request,
              S3Response      *response,
              GCancellable    *cancellable,
              char            *errbuf)
{
  CURL *curl = self->curl;
  struct curl_slist *headers = NULL;
  g_autofree char *url = build_url (self, request);
  g_autofree char *sigv4 = g_strdup_printf ("aws:amz:%s:s3",
                                            bmd_aws_credentials_get_region (self->credentials));
  g_autofree char *sha_header = NULL;
  g_autofree char *token_header = NULL;
  g_autofree char *type_header = NULL;
  g_autofree char *match_header = NULL;
  const guint8 *body = NULL;
  gsize body_len = 0;
  const char *token;
  CURLcode res;

  if (request->body != NULL)
    body = g_bytes_get_data (request->body, &body_len);

  /* libcurl 7.88 neither adds x-amz-content-sha256 nor hashes an upload
   * stream: send the body as POSTFIELDS (curl hashes it) and the header. */
  if (body_len > 0)
    {
      g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, body, body_len);
      sha_header = g_strdup_printf ("x-amz-content-sha256: %s", sha);
    }
  else
    sha_header = g_strdup ("x-amz-content-sha256: " EMPTY_SHA256);
  headers = curl_slist_append (headers, sha_header);

  token = bmd_aws_credentials_get_session_token (self->credentials);
  if (token != NULL && *token != '\0')
    {
      token_header = g_strdup_printf ("x-amz-security-token: %s", token);
      headers = curl_slist_append (headers, token_header);
    }
  if (request->if_none_match != NULL)
    {
      match_header = g_strdup_printf ("If-None-Match: %s", request->if_none_match);
      headers = curl_slist_append (headers, match_header);
    }
  if (strcmp (request->method, "PUT") == 0 || strcmp (request->method, "POST") == 0)
    {
      /* Otherwise curl sends application/x-www-form-urlencoded for POSTFIELDS. */
      type_header = g_strdup_printf ("Content-Type: %s",
                                     request->content_type != NULL ? request->content_type
                                                                   : "application/octet-stream");
      headers = curl_slist_append (headers, type_header);
    }

  curl_easy_reset (curl);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_AWS_SIGV4, sigv4);
  curl_easy_setopt (curl, CURLOPT_USERNAME, bmd_aws_credentials_get_access_key_id (self->credentials));
  curl_easy_setopt (curl, CURLOPT_PASSWORD, bmd_aws_credentials_get_secret_access_key (self->credentials));
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, 30L);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, (long) self->timeout);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_body_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, response);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, response);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "bakemyday/" PACKAGE_VERSION);

  if (strcmp (request->method, "HEAD") == 0)
    curl_easy_setopt (curl, CURLOPT_NOBODY, 1L);
  else if (strcmp (request->method, "GET") == 0)
    curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
  else
    {
      if (strcmp (request->method, "PUT") == 0 || strcmp (request->method, "POST") == 0)
        {
          curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) body_len);
          curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body_len > 0 ? (const char *) body : "");
        }
      curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, request->method);
    }

  errbuf[0] = '\0';
  res = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &response->status);
  /* The handle keeps pointers to these: drop them before they go away. */
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, NULL);
  curl_slist_free_all (headers);
  return res;
}

static gboolean
wait_backoff (BmdS3Client  *self,
              guint         attempt,
              GCancellable *cancellable)
{
  gint64 delay_us = (gint64) self->retry_delay_ms * 1000 * (1 << MIN (attempt, 6));
  gint64 until;

  /* Jitter spreads retries from several clients apart. */
  delay_us += g_random_int_range (0, (gint32) MAX (delay_us / 4, 1));
  until = g_get_monotonic_time () + delay_us;
  while (g_get_monotonic_time () < until)
    {
      if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (20000, MAX (until - g_get_monotonic_time (), 0)));
    }
  return TRUE;
}

static S3Response *
perform (BmdS3Client     *self,
         const S3Request *request,
         GCancellable    *cancellable,
         GError         **error)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *target = describe_target (request->bucket, request->key);

  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(S3Response) response = g_new0 (S3Response, 1);
      char errbuf[CURL_ERROR_SIZE];
      CURLcode res;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      response->body = g_byte_array_new ();
      response->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_debug ("%s %s (attempt %u)", request->method, target, attempt + 1);
      res = perform_once (self, request, response, cancellable, errbuf);

      if (res == CURLE_ABORTED_BY_CALLBACK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                       "S3 %s %s: cancelled", request->method, target);
          return NULL;
        }
      if (res != CURLE_OK)
        {
          if (is_retryable_curl (res) && attempt < self->max_retries)
            {
              g_debug ("%s %s: %s; retrying", request->method, target, curl_easy_strerror (res));
              wait_backoff (self, attempt, cancellable);
              continue;
            }
          g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_NETWORK,
                       "S3 %s %s: %s", request->method, target,
                       errbuf[0] != '\0' ? errbuf : curl_easy_strerror (res));
          return NULL;
        }

      if (response->status >= 200 && response->status < 300)
        return g_steal_pointer (&response);

      if ((response->status >= 500 || response->status == 408) && attempt < self->max_retries)
        {
          g_debug ("%s %s: HTTP %ld; retrying", request->method, target, response->status);
          wait_backoff (self, attempt, cancellable);
          continue;
        }

      set_http_error (error, request, response);
      return NULL;
    }
}

/* ---- GObject ------------------------------------------------------------- */

static void
bmd_s3_client_finalize (GObject *object)
{
  BmdS3Client *self = (BmdS3Client *) object;

  g_clear_pointer (&self->curl, curl_easy_cleanup);
  g_clear_pointer (&self->endpoint, g_free);
  g_clear_object (&self->credentials);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (bmd_s3_client_parent_class)->finalize (object);
}

static void
bmd_s3_client_class_init (BmdS3ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bmd_s3_client_finalize;

  /* Not thread-safe in older libcurls: done once, before any handle. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

static void
bmd_s3_client_init (BmdS3Client *self)
{
  g_mutex_init (&self->lock);
  self->max_retries = 3;
  self->timeout = 300;
  self->retry_delay_ms = 200;
  self->multipart_threshold = 64 * 1024 * 1024;
  self->part_size = 16 * 1024 * 1024;
}

BmdS3Client *
bmd_s3_client_new (const char         *endpoint,
                   BmdAwsCredentials  *credentials,
                   GError            **error)
{
  g_autoptr(BmdS3Client) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (credentials), NULL);

  if (endpoint == NULL || *endpoint == '\0')
    base = g_strdup_printf ("https://s3.%s.amazonaws.com",
                            bmd_aws_credentials_get_region (credentials));
  else
    base = g_strdup (endpoint);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';

  uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'
      || g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_INVALID_ENDPOINT,
                   "The S3 endpoint “%s” is not a URL like https://s3.us-east-1.amazonaws.com", base);
      return NULL;
    }
  if (!bmd_uri_is_https_or_loopback (uri))
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_INVALID_ENDPOINT,
                   "The S3 endpoint “%s” must use https:// (http:// is accepted only for loopback addresses)",
                   base);
      return NULL;
    }

  self = g_object_new (BMD_TYPE_S3_CLIENT, NULL);
  self->endpoint = g_steal_pointer (&base);
  self->credentials = g_object_ref (credentials);
  self->curl = curl_easy_init ();
  if (self->curl == NULL)
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED, "Could not initialise libcurl");
      return NULL;
    }
  return g_steal_pointer (&self);
}

const char *
bmd_s3_client_get_endpoint (BmdS3Client *self)
{
  g_return_val_if_fail (BMD_IS_S3_CLIENT (self), NULL);
  return self->endpoint;
}

void
bmd_s3_client_set_max_retries (BmdS3Client *self,
                               guint        retries)
{
  g_return_if_fail (BMD_IS_S3_CLIENT (self));
  self->max_retries = retries;
}

void
bmd_s3_client_set_timeout (BmdS3Client *self,
                           guint        seconds)
{
  g_return_if_fail (BMD_IS_S3_CLIENT (self));
  self->timeout = seconds;
}

void
bmd_s3_client_set_retry_delay (BmdS3Client *self,
                               guint        milliseconds)
{
  g_return_if_fail (BMD_IS_S3_CLIENT (self));
  self->retry_delay_ms = milliseconds;
}

void
bmd_s3_client_set_multipart (BmdS3Client *self,
                             gsize        threshold,
                             gsize        part_size)
{
  g_return_if_fail (BMD_IS_S3_CLIENT (self));
  self->multipart_threshold = MAX (threshold, MIN_PART_SIZE);
  self->part_size = MAX (part_size, MIN_PART_SIZE);
}

/* ---- operations ---------------------------------------------------------- */

static gboolean
check_names (const char  *bucket,
             const char  *key,
             GError     **error)
{
  if (bucket == NULL || *bucket == '\0' || strchr (bucket, '/') != NULL)
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                   "“%s” is not an S3 bucket name", bucket != NULL ? bucket : "");
      return FALSE;
    }
  if (key != NULL && *key == '\0')
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED, "Empty S3 key in bucket %s", bucket);
      return FALSE;
    }
  return TRUE;
}

gboolean
bmd_s3_client_put (BmdS3Client    *self,
                   const char     *bucket,
                   const char     *key,
                   GBytes         *body,
                   const char     *content_type,
                   BmdS3PutFlags   flags,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(S3Response) response = NULL;
  S3Request request = { "PUT", bucket, key, NULL, body, content_type, NULL };

  g_return_val_if_fail (BMD_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!check_names (bucket, key, error))
    return FALSE;

  /* A conditional create must be one request: multipart cannot carry it here. */
  if (g_bytes_get_size (body) > self->multipart_threshold && !(flags & BMD_S3_PUT_IF_NONE_MATCH))
    return bmd_s3_client_put_multipart (self, bucket, key, body, content_type,
                                        self->part_size, cancellable, error);

  if (flags & BMD_S3_PUT_IF_NONE_MATCH)
    request.if_none_match = "*";
  response = perform (self, &request, cancellable, error);
  return response != NULL;
}

typedef struct
{
  char *upload_id;
} InitiateResult;

static void
initiate_element_cb (gpointer    data,
                     const char *parent,
                     const char *name,
                     const char *text)
{
  InitiateResult *r = data;

  if (strcmp (name, "UploadId") == 0 && r->upload_id == NULL)
    r->upload_id = g_strdup (text);
}

static void
abort_multipart (BmdS3Client *self,
                 const char  *bucket,
                 const char  *key,
                 const char  *upload_id)
{
  g_autoptr(S3Response) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *query[] = { "uploadId", upload_id, NULL };
  S3Request request = { "DELETE", bucket, key, query, NULL, NULL, NULL };

  /* Not cancellable: this cleans up after a cancel. */
  response = perform (self, &request, NULL, &error);
  if (response == NULL)
    g_debug ("Could not abort the multipart upload of s3://%s/%s: %s", bucket, key, error->message);
}

gboolean
bmd_s3_client_put_multipart (BmdS3Client    *self,
                             const char     *bucket,
                             const char     *key,
                             GBytes         *body,
                             const char     *content_type,
                             gsize           part_size,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autoptr(S3Response) response = NULL;
  g_autoptr(GString) complete = NULL;
  g_autoptr(GBytes) complete_body = NULL;
  InitiateResult init = { NULL };
  const char *initiate_query[] = { "uploads", "", NULL };
  S3Request request = { "POST", bucket, key, initiate_query, NULL, content_type, NULL };
  gsize total;
  guint n_parts;

  g_return_val_if_fail (BMD_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  if (!check_names (bucket, key, error))
    return FALSE;
  if (part_size < MIN_PART_SIZE)
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                   "S3 multipart parts must be at least 5 MiB (asked %" G_GSIZE_FORMAT " bytes)", part_size);
      return FALSE;
    }
  total = g_bytes_get_size (body);
  n_parts = MAX (1, (total + part_size - 1) / part_size);
  if (n_parts > MAX_PARTS)
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                   "s3://%s/%s: %u parts is more than S3's 10,000", bucket, key, n_parts);
      return FALSE;
    }

  response = perform (self, &request, cancellable, error);
  if (response == NULL)
    return FALSE;
  read_xml (response->body->data, response->body->len, NULL, initiate_element_cb, &init);
  if (init.upload_id == NULL)
    {
      g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                   "S3 POST s3://%s/%s?uploads: no UploadId in the answer", bucket, key);
      return FALSE;
    }

  complete = g_string_new ("<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
  for (guint i = 0; i < n_parts; i++)
    {
      g_autoptr(GBytes) part = NULL;
      g_autoptr(S3Response) part_response = NULL;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *escaped = NULL;
      const char *part_query[] = { "partNumber", number, "uploadId", init.upload_id, NULL };
      S3Request part_request = { "PUT", bucket, key, part_query, NULL, content_type, NULL };
      gsize offset = (gsize) i * part_size;
      const char *etag;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto failed;
      part = g_bytes_new_from_bytes (body, offset, MIN (part_size, total - offset));
      part_request.body = part;
      part_response = perform (self, &part_request, cancellable, error);
      if (part_response == NULL)
        goto failed;
      etag = g_hash_table_lookup (part_response->headers, "etag");
      if (etag == NULL)
        {
          g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                       "S3 PUT s3://%s/%s part %u: no ETag in the answer", bucket, key, i + 1);
          goto failed;
        }
      escaped = g_markup_escape_text (etag, -1);
      g_string_append_printf (complete, "<Part><PartNumber>%u</PartNumber><ETag>%s</ETag></Part>",
                              i + 1, escaped);
    }
  g_string_append (complete, "</CompleteMultipartUpload>");

  {
    g_autoptr(S3Response) done = NULL;
    XmlError xe = { NULL, NULL };
    const char *complete_query[] = { "uploadId", init.upload_id, NULL };
    S3Request complete_request = { "POST", bucket, key, complete_query, NULL, "application/xml", NULL };

    complete_body = g_bytes_new (complete->str, complete->len);
    complete_request.body = complete_body;
    done = perform (self, &complete_request, cancellable, error);
    if (done == NULL)
      goto failed;
    /* S3 may answer 200 and still report an error in the body. */
    read_xml (done->body->data, done->body->len, NULL, error_element_cb, &xe);
    if (xe.code != NULL)
      {
        done->status = 500;
        set_http_error (error, &complete_request, done);
        g_free (xe.code);
        g_free (xe.message);
        goto failed;
      }
  }
  g_free (init.upload_id);
  return TRUE;

failed:
  abort_multipart (self, bucket, key, init.upload_id);
  g_free (init.upload_id);
  return FALSE;
}

GBytes *
bmd_s3_client_get (BmdS3Client    *self,
                   const char     *bucket,
                   const char     *key,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(S3Response) response = NULL;
  S3Request request = { "GET", bucket, key, NULL, NULL, NULL, NULL };

  g_return_val_if_fail (BMD_IS_S3_CLIENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!check_names (bucket, key, error))
    return NULL;
  response = perform (self, &request, cancellable, error);
  if (response == NULL)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&response->body));
}

gboolean
bmd_s3_client_head (BmdS3Client    *self,
                    const char     *bucket,
                    const char     *key,
                    gint64         *out_size,
                    char          **out_etag,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(S3Response) response = NULL;
  S3Request request = { "HEAD", bucket, key, NULL, NULL, NULL, NULL };
  const char *length;

  g_return_val_if_fail (BMD_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!check_names (bucket, key, error))
    return FALSE;
  response = perform (self, &request, cancellable, error);
  if (response == NULL)
    return FALSE;
  length = g_hash_table_lookup (response->headers, "content-length");
  if (out_size != NULL)
    *out_size = length != NULL ? g_ascii_strtoll (length, NULL, 10) : -1;
  if (out_etag != NULL)
    *out_etag = g_strdup (g_hash_table_lookup (response->headers, "etag"));
  return TRUE;
}

typedef struct
{
  GPtrArray *objects;
  BmdS3Object *current;
  gboolean truncated;
  char *next_token;
} ListResult;

static void
list_start_cb (gpointer    data,
               const char *name)
{
  ListResult *r = data;

  if (strcmp (name, "Contents") == 0)
    {
      r->current = g_new0 (BmdS3Object, 1);
      g_ptr_array_add (r->objects, r->current);
    }
}

static void
set_text (char       **field,
          const char  *text)
{
  g_free (*field);
  *field = g_strdup (text);
}

static void
list_element_cb (gpointer    data,
                 const char *parent,
                 const char *name,
                 const char *text)
{
  ListResult *r = data;

  /* A repeated element: the last one counts. */
  if (g_strcmp0 (parent, "Contents") == 0 && r->current != NULL)
    {
      if (strcmp (name, "Key") == 0)
        set_text (&r->current->key, text);
      else if (strcmp (name, "Size") == 0)
        r->current->size = g_ascii_strtoll (text, NULL, 10);
      else if (strcmp (name, "ETag") == 0)
        set_text (&r->current->etag, text);
      else if (strcmp (name, "LastModified") == 0)
        set_text (&r->current->last_modified, text);
    }
  else if (strcmp (name, "Contents") == 0)
    r->current = NULL;
  else if (g_strcmp0 (parent, "ListBucketResult") == 0 && strcmp (name, "IsTruncated") == 0)
    r->truncated = g_ascii_strcasecmp (text, "true") == 0;
  else if (g_strcmp0 (parent, "ListBucketResult") == 0 && strcmp (name, "NextContinuationToken") == 0)
    {
      g_free (r->next_token);
      r->next_token = g_strdup (text);
    }
}

GPtrArray *
_bmd_s3_list_from_body (const guint8  *body,
                        gsize          length,
                        gboolean      *truncated,
                        char         **next_token)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_s3_object_free);
  ListResult result = { objects, NULL, FALSE, NULL };

  if (!read_xml (body, length, list_start_cb, list_element_cb, &result))
    {
      g_free (result.next_token);
      return NULL;
    }
  *truncated = result.truncated;
  *next_token = result.next_token;
  return g_steal_pointer (&objects);
}

GPtrArray *
bmd_s3_client_list (BmdS3Client    *self,
                    const char     *bucket,
                    const char     *prefix,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) bmd_s3_object_free);
  g_autofree char *token = NULL;

  g_return_val_if_fail (BMD_IS_S3_CLIENT (self), NULL);

  if (!check_names (bucket, NULL, error))
    return NULL;

  do
    {
      g_autoptr(S3Response) response = NULL;
      const char *query[7] = { "list-type", "2", NULL };
      guint n = 2;
      ListResult result = { objects, NULL, FALSE, NULL };
      S3Request request = { "GET", bucket, NULL, query, NULL, NULL, NULL };

      if (prefix != NULL && *prefix != '\0')
        {
          query[n++] = "prefix";
          query[n++] = prefix;
        }
      if (token != NULL)
        {
          query[n++] = "continuation-token";
          query[n++] = token;
        }
      query[n] = NULL;

      response = perform (self, &request, cancellable, error);
      if (response == NULL)
        return NULL;
      if (!read_xml (response->body->data, response->body->len, list_start_cb, list_element_cb, &result))
        {
          g_free (result.next_token);
          g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                       "S3 GET s3://%s?list-type=2: the answer is not a ListBucketResult", bucket);
          return NULL;
        }
      g_clear_pointer (&token, g_free);
      if (result.truncated)
        {
          if (result.next_token == NULL)
            {
              g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                           "S3 GET s3://%s?list-type=2: truncated without a continuation token", bucket);
              return NULL;
            }
          token = result.next_token;
        }
      else
        g_free (result.next_token);
    }
  while (token != NULL);

  for (guint i = 0; i < objects->len; i++)
    if (((BmdS3Object *) g_ptr_array_index (objects, i))->key == NULL)
      {
        g_set_error (error, BMD_S3_ERROR, BMD_S3_ERROR_FAILED,
                     "S3 GET s3://%s?list-type=2: an entry without a Key", bucket);
        return NULL;
      }
  return g_steal_pointer (&objects);
}

gboolean
bmd_s3_client_delete (BmdS3Client    *self,
                      const char     *bucket,
                      const char     *key,
                      GCancellable   *cancellable,
                      GError        **error)
{
  g_autoptr(S3Response) response = NULL;
  S3Request request = { "DELETE", bucket, key, NULL, NULL, NULL, NULL };

  g_return_val_if_fail (BMD_IS_S3_CLIENT (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!check_names (bucket, key, error))
    return FALSE;
  response = perform (self, &request, cancellable, error);
  return response != NULL;
}
