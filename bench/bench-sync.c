/* Refresh figures against the Shopify simulator:
 *  1. a full sync of 10,000 orders through a standard-plan-shaped bucket,
 *     scaled so the run takes tens of seconds: achieved points/s ÷ restore
 *     rate (goal ≥ 0.9), THROTTLED answers (goal 0), orders/s;
 *  2. an incremental refresh with nothing changed on a 1,000-order store
 *     with Shopify's default limits (goal under 1 s), also right after the
 *     first refresh has drained the bucket;
 *  3. the first refresh of 968 and of 9,707 orders through a bulk operation,
 *     beside the paged first refreshes above: points used (goal < 100) and
 *     the client's own time beyond the simulated job's run (goal < 2 s for
 *     9,707 orders). `bench-sync bulk` runs this part alone, `bench-sync
 *     incremental` part 2. */

#include "config.h"

#include <stdio.h>
#include <time.h>

#include <glib/gstdio.h>

#include "bmd-pickup.h"
#include "bmd-pipeline.h"
#include "bmd-store.h"
#include "bmd-sync.h"
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
  /* Paged, as a store that predates bulk reads was filled: it drains the bucket. */
  double first = timed_refresh (config, FALSE);
  double drained;
  double again;

  /* The next refreshes as the app and the CLI run them: with the default
   * bulk threshold, each first counts the changed orders (one request). */
  config->bulk_threshold = BMD_DEFAULT_BULK_THRESHOLD;
  /* Refresh clicked again at once: the first one left the bucket drained. */
  drained = timed_refresh (config, FALSE);

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

/* A first refresh through a bulk operation, with Shopify's default limits.
 * The simulated job takes 1 s, then writes @rate objects a second: the
 * client's own time is the rest. */
static void
bulk_first_refresh (guint  requests,
                    double rate)
{
  g_autofree char *dir = g_dir_make_tmp ("bmd-bench-sync-XXXXXX", NULL);
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdConfig) config = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(BmdSyncCounts) counts = { 0 };
  gint64 start;
  double seconds;
  double job;

  bmd_shopify_sim_options_init (&options);
  options.requests = requests;
  options.bucket = 2000;
  options.restore_rate = 100;
  options.bulk_rate = rate;
  sim = bmd_shopify_sim_new (&options);
  if (!bmd_shopify_sim_start (sim, 0, &error))
    g_error ("simulator: %s", error->message);
  config = config_for (sim, dir);
  config->bulk_threshold = BMD_DEFAULT_BULK_THRESHOLD;
  store = bmd_store_open (dir, &error);
  if (store == NULL)
    g_error ("store: %s", error->message);

  start = g_get_monotonic_time ();
  if (!bmd_sync_run (config, store, FALSE, NULL, &counts, &error))
    g_error ("refresh: %s", error->message);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  if (!counts.bulk_used)
    g_error ("the first refresh did not read through a bulk operation");
  /* The simulated job's clock starts when the mutation arrives (the
   * simulator builds the file while it answers, within that time). */
  job = 1.0 + counts.bulk_objects / rate;

  printf ("sync: bulk first refresh of %u orders, default limits: %.1f s, of which the simulated job "
          "%.1f s (%" G_GUINT64_FORMAT " objects at %.0f/s; the mutation's answer took %.1f s of it) "
          "and the client %.2f s (goal < 2 s); "
          "%.0f points (goal < 100), %u requests (%u polls), %.1f MB downloaded\n",
          counts.total, seconds, job, counts.bulk_objects, rate, counts.bulk_start_seconds, seconds - job,
          bmd_shopify_sim_get_points_spent (sim), counts.requests, counts.bulk_polls,
          counts.bulk_bytes / 1e6);
  g_clear_object (&store);
  bmd_shopify_sim_stop (sim);
  bmd_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  /* A standard plan restores 100 points/s into a 2,000-point bucket. Scaled
   * 30× (3,000/s, 60,000 points) the run is throttle-bound for tens of seconds. */
  const double restore = 3000;
  const double bucket = 60000;
  g_autofree char *dir = NULL;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(BmdConfig) config = NULL;
  guint orders;
  double seconds;
  double points;
  double steady;

  if (argc > 1 && g_str_equal (argv[1], "incremental"))
    {
      incremental ("a store of mostly history", -25);
      incremental ("the simulator's default spread", 0);
      return 0;
    }
  if (argc > 1 && g_str_equal (argv[1], "bulk"))
    {
      bulk_first_refresh (500, 1000);
      bulk_first_refresh (5000, 1000);
      return 0;
    }

  dir = g_dir_make_tmp ("bmd-bench-sync-XXXXXX", NULL);
  sim = start_sim (5000, bucket, restore);
  config = config_for (sim, dir);
  orders = bmd_shopify_sim_get_order_count (sim);
  seconds = timed_refresh (config, FALSE);
  points = bmd_shopify_sim_get_points_spent (sim);
  /* The initial bucket is a free burst: the steady rate is what came after it. */
  steady = (points - bucket) / seconds;

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

  /* The same first refreshes through a bulk operation. */
  bulk_first_refresh (500, 1000);
  bulk_first_refresh (5000, 1000);
  return 0;
}
