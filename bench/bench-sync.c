/* Refresh figures against the Shopify simulator:
 *  1. a full sync of 10,000 orders through a standard-plan-shaped bucket,
 *     scaled so the run takes tens of seconds: achieved points/s ÷ restore
 *     rate (goal ≥ 0.9), THROTTLED answers (goal 0), orders/s;
 *  2. an incremental refresh with nothing changed on a 1,000-order store
 *     with Shopify's default limits (goal under 1 s), also right after the
 *     first refresh has drained the bucket. */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include <glib/gstdio.h>

#include "bmd-pickup.h"
#include "bmd-pipeline.h"
#include "bmd-store.h"
#include "bmd-shopify-sim.h"
#include "bmd-test-util.h"

static BmdShopifySim *
start_sim_around (guint  requests,
                  double bucket,
                  double restore_rate,
                  int    days_from_today)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) around = g_date_new ();
  BmdShopifySim *sim;

  g_date_set_time_t (around, time (NULL));
  if (days_from_today < 0)
    g_date_subtract_days (around, -days_from_today);
  bmd_shopify_sim_options_init (&options);
  options.around = around;
  options.requests = requests;
  options.bucket = bucket;
  options.restore_rate = restore_rate;
  sim = bmd_shopify_sim_new (&options);
  if (!bmd_shopify_sim_start (sim, 0, &error))
    g_error ("simulator: %s", error->message);
  return sim;
}

static BmdShopifySim *
start_sim (guint  requests,
           double bucket,
           double restore_rate)
{
  return start_sim_around (requests, bucket, restore_rate, 0);
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

/* A 1,000-order store with Shopify's default limits: the first refresh, then
 * one with nothing changed. The daily refresh comes long after the last one,
 * when the bucket is full again; the simulator keeps a bucket per token, so a
 * new token is that full bucket without waiting for it to refill. */
static void
incremental (const char *what,
             int         days_from_today)
{
  g_autofree char *dir = g_dir_make_tmp ("bmd-bench-sync-XXXXXX", NULL);
  g_autoptr(BmdShopifySim) sim = start_sim_around (500, 2000, 100, days_from_today);
  g_autoptr(BmdConfig) config = config_for (sim, dir);
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = bmd_format_utc_iso8601 (now);
  double first = timed_refresh (config, FALSE);
  /* Refresh clicked again at once: the first one left the bucket drained. */
  double drained = timed_refresh (config, FALSE);
  double again;

  bmd_config_set (&config->token, "bench-token-next-day");
  again = timed_refresh (config, FALSE);
  store = bmd_store_open (dir, NULL);
  upcoming = bmd_store_list_ids_with_pickup_since (store, now_text, NULL);

  printf ("sync: %s: %u orders, %u still to come, default limits: first refresh %.1f s, "
          "nothing changed: right after it %.2f s, with a full bucket %.2f s (goal < 1 s), "
          "%u THROTTLED\n",
          what, bmd_shopify_sim_get_order_count (sim), upcoming->len, first, drained, again,
          bmd_shopify_sim_get_throttled_count (sim));
  bmd_shopify_sim_stop (sim);
  bmd_test_remove_tree (dir);
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
  bmd_test_remove_tree (dir);

  /* A bakery's store is mostly history: pickups from 70 days ago to 5 days
   * ahead. Then the simulator's default spread, where almost half the orders
   * are still to come and each must be re-read for metafield edits. */
  incremental ("a store of mostly history", -25);
  incremental ("the simulator's default spread", 0);
  return 0;
}
