#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <curl/curl.h>
#include <string.h>

#include "bmd-loopback.h"
#include "bmd-shopify-bulk.h"
#include "bmd-throttle.h"

/* The download of a bulk operation's file: its own curl handle, so no header
 * of the shop's requests (the access token above all) can ride along to the
 * storage host; the lines go to the reader as they arrive. */

#define CONNECT_TIMEOUT_MS 10000L
#define POLL_MS 100
/* No byte for this long: the transfer is taken for stalled and resumed. */
#define LOW_SPEED_SECONDS 30L
#define BACKOFF_BASE 0.5
#define BACKOFF_CAP 10.0

typedef struct
{
  BmdBulkJsonl         *reader;
  GError               *error;        /* the reader's, which ends the transfer */
  guint64               received;     /* bytes the reader has */
  guint64               total;
  gboolean              started;      /* the answer's first body byte came */
  gboolean              restart;      /* a range was asked for and the whole file came */
  gboolean              ranged;
  long                  status;
  BmdBulkDownloadFunc   progress;
  gpointer              user_data;
} Download;

static size_t
header_cb (char   *data,
           size_t  size,
           size_t  nmemb,
           void   *user_data)
{
  Download *download = user_data;
  size_t len = size * nmemb;

  /* The status line of each answer (redirects are not followed). */
  if (len > 12 && strncmp (data, "HTTP/", 5) == 0)
    {
      const char *space = memchr (data, ' ', len);

      if (space != NULL)
        download->status = strtol (space + 1, NULL, 10);
    }
  return len;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Download *download = user_data;
  size_t len = size * nmemb;

  /* Only a good answer's body is the file. */
  if (download->status != 200 && download->status != 206)
    return len;
  if (!download->started)
    {
      download->started = TRUE;
      /* Asked from byte N, sent from byte 0: read it all again. */
      if (download->ranged && download->status == 200)
        {
          bmd_bulk_jsonl_reset (download->reader);
          download->received = 0;
        }
    }
  if (!bmd_bulk_jsonl_feed (download->reader, data, len, &download->error))
    return 0;
  download->received += len;
  if (download->progress != NULL)
    download->progress (download->received, download->total, download->user_data);
  return len;
}

static CURLcode
run (CURLM        *multi,
     CURL         *curl,
     GCancellable *cancellable)
{
  CURLcode result = CURLE_OK;
  CURLMsg *msg;
  int running = 1;
  int left;

  if (curl_multi_add_handle (multi, curl) != CURLM_OK)
    return CURLE_FAILED_INIT;
  while (running > 0)
    {
      if (curl_multi_perform (multi, &running) != CURLM_OK)
        {
          result = CURLE_RECV_ERROR;
          break;
        }
      if (g_cancellable_is_cancelled (cancellable))
        {
          result = CURLE_ABORTED_BY_CALLBACK;
          break;
        }
      if (running > 0)
        curl_multi_poll (multi, NULL, 0, POLL_MS, NULL);
    }
  while ((msg = curl_multi_info_read (multi, &left)) != NULL)
    if (msg->msg == CURLMSG_DONE && result == CURLE_OK)
      result = msg->data.result;
  curl_multi_remove_handle (multi, curl);
  return result;
}

/* Sleeps @seconds unless @cancellable fires first. */
static gboolean
wait_cancellable (double         seconds,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (POLL_MS * 1000, end - g_get_monotonic_time () + 1));
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

gboolean
bmd_bulk_download (const char           *url,
                   guint64               total,
                   BmdBulkJsonl         *reader,
                   double                retry_limit,
                   BmdBulkDownloadFunc   progress,
                   gpointer              user_data,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GRand) rand = g_rand_new ();
  g_autofree char *host = NULL;
  Download download = { 0 };
  CURL *curl;
  CURLM *multi;
  double deadline = g_get_monotonic_time () / (double) G_USEC_PER_SEC + retry_limit;
  guint attempt = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (reader != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || !bmd_uri_is_https_or_loopback (uri))
    {
      g_set_error_literal (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                           "Shopify gave the bulk operation’s file an address that is neither "
                           "https:// nor on this machine");
      return FALSE;
    }
  host = g_strdup (g_uri_get_host (uri));

  curl = curl_easy_init ();
  multi = curl_multi_init ();
  if (curl == NULL || multi == NULL)
    {
      g_set_error_literal (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                           "Could not set up an HTTP client");
      goto out;
    }

  download.reader = reader;
  download.total = total;
  download.progress = progress;
  download.user_data = user_data;
  download.received = bmd_bulk_jsonl_get_byte_count (reader);

  for (;;)
    {
      g_autofree char *range = NULL;
      char errbuf[CURL_ERROR_SIZE] = "";
      const char *detail;
      double delay;
      double now;
      CURLcode code;

      download.status = 0;
      download.started = FALSE;
      download.ranged = download.received > 0;
      curl_easy_reset (curl);
      curl_easy_setopt (curl, CURLOPT_URL, url);
      curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
      curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
      curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
      /* A storage host may redirect to another; curl drops custom headers
       * on the way, and this request has none to drop. */
      curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
      curl_easy_setopt (curl, CURLOPT_MAXREDIRS, 5L);
      curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt (curl, CURLOPT_USERAGENT, "BakeMyDay/" PACKAGE_VERSION);
      curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "");
      curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
      curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_SECONDS);
      curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, header_cb);
      curl_easy_setopt (curl, CURLOPT_HEADERDATA, &download);
      curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
      curl_easy_setopt (curl, CURLOPT_WRITEDATA, &download);
      curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
      if (download.ranged)
        {
          range = g_strdup_printf ("%" G_GUINT64_FORMAT "-", download.received);
          curl_easy_setopt (curl, CURLOPT_RANGE, range);
        }

      code = run (multi, curl, cancellable);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (download.error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&download.error));
          goto out;
        }
      if (code == CURLE_OK && (download.status == 200 || download.status == 206))
        {
          g_debug ("bulk file: %" G_GUINT64_FORMAT " bytes from %s", download.received, host);
          ok = TRUE;
          goto out;
        }
      /* A range past the end: everything has arrived. */
      if (code == CURLE_OK && download.status == 416 && download.received > 0
          && (total == 0 || download.received >= total))
        {
          ok = TRUE;
          goto out;
        }
      if (code == CURLE_OK && (download.status == 403 || download.status == 404
                               || download.status == 410))
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BULK_GONE,
                       "%s refused the bulk operation’s file (HTTP %ld): it expired, "
                       "or the request was not what it expects",
                       host, download.status);
          goto out;
        }
      if (code == CURLE_OK && download.status >= 400 && download.status < 500
          && download.status != 408 && download.status != 429)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                       "%s answered HTTP %ld for the bulk operation’s file", host, download.status);
          goto out;
        }

      detail = code != CURLE_OK ? (errbuf[0] != '\0' ? errbuf : curl_easy_strerror (code)) : NULL;
      delay = bmd_throttle_backoff (attempt, BACKOFF_BASE, BACKOFF_CAP, g_rand_double (rand));
      now = g_get_monotonic_time () / (double) G_USEC_PER_SEC;
      if (now + delay > deadline)
        {
          if (detail != NULL)
            g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                         "Could not download the bulk operation’s file from %s: %s "
                         "(gave up after %u attempts)", host, detail, attempt + 1);
          else
            g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK,
                         "Could not download the bulk operation’s file from %s: HTTP %ld "
                         "(gave up after %u attempts)", host, download.status, attempt + 1);
          goto out;
        }
      g_debug ("bulk file from %s: %s at byte %" G_GUINT64_FORMAT "; resuming in %.2f s",
               host, detail != NULL ? detail : "a server error", download.received, delay);
      if (!wait_cancellable (delay, cancellable, error))
        goto out;
      attempt++;
    }

out:
  g_clear_error (&download.error);
  if (multi != NULL)
    curl_multi_cleanup (multi);
  if (curl != NULL)
    curl_easy_cleanup (curl);
  return ok;
}
