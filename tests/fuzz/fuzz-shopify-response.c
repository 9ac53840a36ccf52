/* What the Shopify client makes of an answer (bmd-shopify-response.c): the
 * first byte picks the HTTP status, the second a Retry-After, the rest is
 * the body. Every verdict must carry what its caller reads. */
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-shopify-private.h"

static const guint statuses[] = { 200, 200, 200, 200, 400, 401, 402, 403, 404, 423, 429, 500, 502, 503, 504, 302 };
static const char *retry_afters[] = { NULL, "2", "0.5", "-1", "Wed, 21 Oct 2026 07:28:00 GMT", "soon" };

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bmd_fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  BmdShopifyResponse response;
  g_autofree char *text = NULL;
  g_autofree char *scopes = NULL;
  g_autofree char *base = NULL;
  g_autofree char *host = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  const char *retry_after;

  if (size < 2)
    return 0;
  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  retry_after = retry_afters[data[1] % G_N_ELEMENTS (retry_afters)];
  data += 2;
  size -= 2;

  _bmd_shopify_response_init (&response);
  _bmd_shopify_response_classify (&response, "bakery.myshopify.com", status, retry_after,
                                  (const char *) data, size);
  switch (response.verdict)
    {
    case BMD_SHOPIFY_VERDICT_OK:
      bmd_fuzz_check (response.root != NULL && response.data != NULL, "OK without data");
      break;
    case BMD_SHOPIFY_VERDICT_RETRY:
    case BMD_SHOPIFY_VERDICT_THROTTLED:
    case BMD_SHOPIFY_VERDICT_REAUTH:
    case BMD_SHOPIFY_VERDICT_FATAL:
      bmd_fuzz_check (response.error != NULL && response.error->message != NULL,
                      "a failure without an error");
      break;
    default:
      bmd_fuzz_check (FALSE, "an unknown verdict");
    }
  _bmd_shopify_response_clear (&response);

  scopes = _bmd_shopify_find_scopes ((const char *) data, size);
  text = bmd_fuzz_dup_string (data, size);
  (void) _bmd_shopify_parse_retry_after (text, 1792222080);
  (void) _bmd_shopify_is_rate_limit_message (text);
  /* The shop setting is typed by a person: outside data too. */
  base = _bmd_shopify_parse_shop (text, &host, &error);
  bmd_fuzz_check ((base == NULL) == (error != NULL), "a shop and an error disagree");
  bmd_fuzz_check (base == NULL || host != NULL, "a shop without a host name");
  return 0;
}
