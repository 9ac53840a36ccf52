/* Refresh figures against the Shopify simulator:
 *  1. a full sync of 10,000 orders through a standard-plan-shaped bucket,
 *     scaled so the run takes tens of seconds: achieved points/s ÷ restore
 *     rate (goal ≥ 0.9), THROTTLED answers (goal 0), orders/s;
 *  2. an incremental refresh with nothing changed on a 1,000-order store
 *     with Shopify's default limits (goal under 2 s). */

#include "config.h"

#include <stdio.h>

#include <glib/gstdio.h>

#include "bmd-pipeline.h"
#include "bmd-shopify-sim.h"

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static BmdShopifySim *
start_sim (guint  requests,
           double bucket,
           double restore_rate)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;
  BmdShopifySim *sim;

  bmd_shopify_sim_options_init (&options);
  options.requests = requests;
  options.bucket = bucket;
  options.restore_rate = restore_rate;
  sim = bmd_shopify_sim_new (&options);
  if (!bmd_shopify_sim_start (sim, 0, &error))
    g_error ("simulator: %s", error->message);
  return sim;
}

static double
timed_refresh (BmdConfig *config,
               gboolean   full)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdRefreshResult) result = NULL;
  gint64 start = g_get_monotonic_time ();

  result = bmd_pipeline_run (config, full, NULL, &error);
  if (result == NULL)
    g_error ("refresh: %s", error->message);
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static BmdConfig *
config_for (BmdShopifySim *sim,
            const char    *data_dir)
{
  BmdConfig *config = bmd_config_new ();

  bmd_config_set (&config->shop, bmd_shopify_sim_get_url (sim));
  bmd_config_set (&config->token, "bench-token");
  bmd_config_set (&config->data_dir, data_dir);
  return config;
}

int
main (void)
{
  /* A standard plan restores 100 points/s into a 2,000-point bucket. Scaled
   * 30× (3,000/s, 60,000 points) the run is throttle-bound for tens of seconds. */
  const double restore = 3000;
  const double bucket = 60000;
  g_autofree char *dir = g_dir_make_tmp ("bmd-bench-sync-XXXXXX", NULL);
  g_autoptr(BmdShopifySim) sim = start_sim (5000, bucket, restore);
  g_autoptr(BmdConfig) config = config_for (sim, dir);
  guint orders = bmd_shopify_sim_get_order_count (sim);
  double seconds = timed_refresh (config, FALSE);
  double points = bmd_shopify_sim_get_points_spent (sim);
  /* The initial bucket is a free burst: the steady rate is what came after it. */
  double steady = (points - bucket) / seconds;

  printf ("sync: full sync of %u orders in %.1f s (%.0f orders/s)\n", orders, seconds, orders / seconds);
  printf ("sync: %.0f points, %.0f points/s after the initial bucket; ÷ restore rate %.0f = %.2f (goal ≥ 0.9)\n",
          points, steady, restore, steady / restore);
  printf ("sync: %u requests, %u THROTTLED (goal 0)\n",
          bmd_shopify_sim_get_request_count (sim), bmd_shopify_sim_get_throttled_count (sim));
  bmd_shopify_sim_stop (sim);
  remove_tree (dir);

  {
    g_autofree char *small_dir = g_dir_make_tmp ("bmd-bench-sync-XXXXXX", NULL);
    g_autoptr(BmdShopifySim) small = start_sim (500, 2000, 100);
    g_autoptr(BmdConfig) small_config = config_for (small, small_dir);
    double first = timed_refresh (small_config, FALSE);
    double again;

    /* The daily refresh comes long after the last one, when the bucket is
     * full again. The simulator keeps a bucket per token: a new token is
     * that full bucket, without waiting for it to refill. */
    bmd_config_set (&small_config->token, "bench-token-next-day");
    again = timed_refresh (small_config, FALSE);

    printf ("sync: %u orders, default limits: first refresh %.1f s, "
            "incremental with nothing changed %.2f s (goal < 2 s)\n",
            bmd_shopify_sim_get_order_count (small), first, again);
    printf ("sync: THROTTLED answers %u\n", bmd_shopify_sim_get_throttled_count (small));
    bmd_shopify_sim_stop (small);
    remove_tree (small_dir);
  }
  return 0;
}
