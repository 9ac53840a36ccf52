#pragma once

/* For tests: a simulator listening on a free loopback port. */

#include <glib.h>

#include "bmd-shopify-sim.h"

G_BEGIN_DECLS

/* Fails the test when the simulator cannot listen. */
static inline BmdShopifySim *
bmd_test_sim_start (BmdShopifySimOptions *options)
{
  BmdShopifySim *sim = bmd_shopify_sim_new (options);
  g_autoptr(GError) error = NULL;

  g_assert_true (bmd_shopify_sim_start (sim, 0, &error));
  g_assert_no_error (error);
  return sim;
}

G_END_DECLS
