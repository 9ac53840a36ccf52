/* One signed POST to an AWS JSON API: the part Glue and Redshift
 * Serverless share. curl signs it (CURLOPT_AWS_SIGV4), so the secret key
 * never leaves curl's signer. */
#include "config.h"

#include <curl/curl.h>

#include "bmd-aws-json.h"

/* These APIs answer in kilobytes; a server that sends more is not one of them. */
#define MAX_ANSWER (4 * 1024 * 1024)

static size_t
write_cb (char   *ptr,
          size_t  size,
          size_t  nmemb,
          void   *userdata)
{
  GByteArray *answer = userdata;

  if (answer->len + size * nmemb > MAX_ANSWER)
    return 0;
  g_byte_array_append (answer, (const guint8 *) ptr, size * nmemb);
  return size * nmemb;
}

/* Non-zero aborts the transfer: how a cancelled refresh stops waiting. */
static int
xferinfo_cb (void       *clientp,
             curl_off_t  dltotal,
             curl_off_t  dlnow,
             curl_off_t  ultotal,
             curl_off_t  ulnow)
{
  return (clientp != NULL && g_cancellable_is_cancelled (clientp)) ? 1 : 0;
}

gboolean
bmd_aws_json_post (BmdAwsCredentials  *credentials,
                   const char         *url,
                   const char         *service,
                   const char         *region,
                   const char         *target,
                   const char         *body,
                   long                connect_timeout_seconds,
                   GByteArray         *answer,
                   long               *out_status,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autofree char *sigv4 = NULL;
  g_autofree char *target_header = NULL;
  g_autofree char *token_header = NULL;
  struct curl_slist *headers = NULL;
  char errbuf[CURL_ERROR_SIZE] = "";
  const char *token;
  long status = 0;
  CURLcode res;
  CURL *curl;

  g_return_val_if_fail (BMD_IS_AWS_CREDENTIALS (credentials), FALSE);
  g_return_val_if_fail (url != NULL && service != NULL && region != NULL, FALSE);
  g_return_val_if_fail (target != NULL && body != NULL && answer != NULL, FALSE);

  sigv4 = g_strdup_printf ("aws:amz:%s:%s", region, service);
  target_header = g_strdup_printf ("X-Amz-Target: %s", target);
  headers = curl_slist_append (headers, "Content-Type: application/x-amz-json-1.1");
  headers = curl_slist_append (headers, target_header);
  token = bmd_aws_credentials_get_session_token (credentials);
  if (token != NULL && *token != '\0')
    {
      token_header = g_strdup_printf ("x-amz-security-token: %s", token);
      headers = curl_slist_append (headers, token_header);
    }

  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_AWS_SIGV4, sigv4);
  curl_easy_setopt (curl, CURLOPT_USERNAME, bmd_aws_credentials_get_access_key_id (credentials));
  curl_easy_setopt (curl, CURLOPT_PASSWORD, bmd_aws_credentials_get_secret_access_key (credentials));
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen (body));
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, connect_timeout_seconds);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, answer);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, cancellable);
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "bakemyday/" PACKAGE_VERSION);
  res = curl_easy_perform (curl);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  curl_slist_free_all (headers);

  if (res == CURLE_ABORTED_BY_CALLBACK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return FALSE;
    }
  if (res != CURLE_OK)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           errbuf[0] != '\0' ? errbuf : curl_easy_strerror (res));
      return FALSE;
    }
  *out_status = status;
  return TRUE;
}
