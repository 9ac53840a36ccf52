#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <string.h>
#include "bmd-shopify-client-private.h"

/* One HTTP exchange with the shop through libcurl: the body, the headers the
 * client reads (Retry-After, X-Shopify-API-Version), a cancel that aborts the
 * transfer, and what the answer's status means. */

#define CONNECT_TIMEOUT_MS 10000L
#define POLL_MS 100
#define MAX_BODY_SIZE (512 * 1024 * 1024)

void
_bmd_shopify_transfer_clear (BmdShopifyTransfer *transfer)
{
  g_clear_pointer (&transfer->body, g_byte_array_unref);
  g_clear_pointer (&transfer->retry_after, g_free);
  g_clear_pointer (&transfer->api_version, g_free);
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  BmdShopifyTransfer *transfer = user_data;
  size_t len = size * nmemb;

  if (transfer->body->len + len > MAX_BODY_SIZE)
    return 0;
  g_byte_array_append (transfer->body, (const guint8 *) data, len);
  return len;
}

static char *
header_value (const char *line,
              size_t      len,
              const char *name)
{
  size_t name_len = strlen (name);

  if (len <= name_len || line[name_len] != ':' || g_ascii_strncasecmp (line, name, name_len) != 0)
    return NULL;
  return g_strstrip (g_strndup (line + name_len + 1, len - name_len - 1));
}

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nmemb,
           void   *user_data)
{
  BmdShopifyTransfer *transfer = user_data;
  size_t len = size * nmemb;
  char *value;

  /* A new status line starts a new answer (after a 100 Continue). */
  if (len >= 5 && strncmp (data, "HTTP/", 5) == 0)
    {
      g_clear_pointer (&transfer->retry_after, g_free);
      g_clear_pointer (&transfer->api_version, g_free);
    }
  else if ((value = header_value (data, len, "Retry-After")) != NULL)
    {
      g_free (transfer->retry_after);
      transfer->retry_after = value;
    }
  else if ((value = header_value (data, len, "X-Shopify-API-Version")) != NULL)
    {
      g_free (transfer->api_version);
      transfer->api_version = value;
    }

  return len;
}

/* libcurl calls this at least once a second, also while it waits for data:
 * a second line of defence behind run_transfer()'s own check. */
static int
xferinfo_cb (void       *user_data,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  BmdShopifyTransfer *transfer = user_data;

  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

/* Runs the easy handle to completion. Driving it through a multi handle
 * with a short poll lets a cancel abort it within POLL_MS, where the progress
 * callback alone may take a second to notice. */
static CURLcode
run_transfer (BmdShopifyClient *self,
              GCancellable     *cancellable)
{
  CURLcode result = CURLE_OK;
  CURLMcode mc;
  CURLMsg *msg;
  int running = 1;
  int left;

  mc = curl_multi_add_handle (self->multi, self->curl);
  if (mc != CURLM_OK)
    return CURLE_FAILED_INIT;

  while (running > 0)
    {
      mc = curl_multi_perform (self->multi, &running);
      if (mc != CURLM_OK)
        {
          result = CURLE_RECV_ERROR;
          break;
        }
      if (g_cancellable_is_cancelled (cancellable))
        {
          result = CURLE_ABORTED_BY_CALLBACK;
          running = 0;
          break;
        }
      if (running > 0)
        curl_multi_poll (self->multi, NULL, 0, POLL_MS, NULL);
    }

  while ((msg = curl_multi_info_read (self->multi, &left)) != NULL)
    {
      if (msg->msg == CURLMSG_DONE && msg->easy_handle == self->curl &&
          result == CURLE_OK)
        result = msg->data.result;
    }

  curl_multi_remove_handle (self->multi, self->curl);
  return result;
}

void
_bmd_shopify_client_perform (BmdShopifyClient   *self,
                             const char         *url,
                             struct curl_slist  *headers,
                             const char         *post,
                             gsize               post_len,
                             double              timeout,
                             GCancellable       *cancellable,
                             BmdShopifyTransfer *transfer)
{
  CURL *curl = self->curl;

  transfer->body = g_byte_array_new ();
  transfer->cancellable = cancellable;
  transfer->errbuf[0] = '\0';

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "BakeMyDay/" PACKAGE_VERSION);
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POST, 1L);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) post_len);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, post);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT_MS, (long) MAX (1000, timeout * 1000));
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, transfer);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, transfer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, transfer);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, transfer->errbuf);

  transfer->code = run_transfer (self, cancellable);
  transfer->status = 0;
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &transfer->status);

  /* The buffers named here live on the caller's stack. */
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, NULL);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, NULL);
}

/* Sorts a failed transfer into a verdict. FALSE with @error when cancelled. */
gboolean
_bmd_shopify_client_classify_transfer (BmdShopifyClient    *self,
                                       BmdShopifyTransfer  *transfer,
                                       BmdShopifyResponse  *response,
                                       GError             **error)
{
  const char *detail;

  if (g_cancellable_set_error_if_cancelled (transfer->cancellable, error))
    return FALSE;

  detail = transfer->errbuf[0] != '\0' ? transfer->errbuf : curl_easy_strerror (transfer->code);
  _bmd_shopify_response_clear (response);

  switch (transfer->code)
    {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_OUT_OF_MEMORY:
      response->verdict = BMD_SHOPIFY_VERDICT_FATAL;
      response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                                     "Could not talk to Shopify at %s securely: %s",
                                     self->host, detail);
      break;

    case CURLE_OPERATION_TIMEDOUT:
      response->verdict = BMD_SHOPIFY_VERDICT_RETRY;
      response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                                     "Shopify at %s kept timing out: %s", self->host, detail);
      break;

    case CURLE_PARTIAL_FILE:
    case CURLE_WRITE_ERROR:
    case CURLE_BAD_CONTENT_ENCODING:
      response->verdict = BMD_SHOPIFY_VERDICT_RETRY;
      response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                                     "Shopify’s answers from %s kept arriving incomplete: %s",
                                     self->host, detail);
      break;

    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
      response->unsent = TRUE;
      G_GNUC_FALLTHROUGH;
    default:
      response->verdict = BMD_SHOPIFY_VERDICT_RETRY;
      response->error = g_error_new (BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                                     "Could not reach Shopify at %s: %s", self->host, detail);
      break;
    }

  return TRUE;
}
