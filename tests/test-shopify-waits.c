/* Every wait of the Shopify client obeys its retry limit: a shop whose
 * bucket restores at 0.0001 points a second fails the request in seconds,
 * naming the wait, instead of holding the refresh (and its lock) for hours. */

#include "config.h"

#include <string.h>

#include "bmd-shopify-client.h"
#include "bmd-test-sim.h"

static gboolean
count_cb (JsonArray  *nodes,
          gpointer    user_data,
          GError    **error)
{
  *(guint *) user_data += json_array_get_length (nodes);
  return TRUE;
}

static void
test_slow_restore_fails_soon (void)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GError) error = NULL;
  guint read = 0;
  gint64 started;
  double took_s;

  bmd_shopify_sim_options_init (&options);
  options.requests = 60;
  options.bucket = 400;
  options.restore_rate = 0.0001;
  sim = bmd_test_sim_start (&options);

  client = bmd_shopify_client_new (bmd_shopify_sim_get_url (sim), "2026-10", &error);
  g_assert_no_error (error);
  bmd_shopify_client_set_access_token (client, "shpat_test");
  bmd_shopify_client_set_retry_limit (client, 3);

  started = g_get_monotonic_time ();
  g_assert_false (bmd_shopify_client_fetch_orders (client, NULL, count_cb, &read, NULL, &error));
  took_s = (g_get_monotonic_time () - started) / (double) G_TIME_SPAN_SECOND;
  g_test_message ("gave up after %.2f s with %u orders read: %s", took_s, read, error->message);

  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_THROTTLED);
  g_assert_nonnull (strstr (error->message, "longer than the 3 s a request may wait"));
  /* Some pages went through before the bucket ran dry. */
  g_assert_cmpuint (read, >, 0);
  g_assert_cmpfloat (took_s, <, 3.0);

  bmd_shopify_sim_stop (sim);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/shopify/waits/slow-restore-fails-soon", test_slow_restore_fails_soon);
  return g_test_run ();
}
