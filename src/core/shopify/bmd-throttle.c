#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <math.h>

#include "bmd-throttle.h"

struct _BmdThrottle
{
  gboolean known;
  double   maximum;
  double   available;   /* at @observed_at */
  double   restore_rate;
  double   observed_at;
};

BmdThrottle *
bmd_throttle_new (void)
{
  return g_new0 (BmdThrottle, 1);
}

void
bmd_throttle_free (BmdThrottle *self)
{
  g_free (self);
}

void
bmd_throttle_observe (BmdThrottle *self,
                      double       now,
                      double       maximum_available,
                      double       currently_available,
                      double       restore_rate)
{
  g_return_if_fail (self != NULL);

  if (!(maximum_available > 0) || !(restore_rate > 0) || isnan (currently_available))
    return;

  self->known = TRUE;
  self->maximum = maximum_available;
  self->available = CLAMP (currently_available, 0, maximum_available);
  self->restore_rate = restore_rate;
  self->observed_at = now;
}

gboolean
bmd_throttle_is_known (BmdThrottle *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->known;
}

double
bmd_throttle_get_maximum (BmdThrottle *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->known ? self->maximum : 0;
}

double
bmd_throttle_get_restore_rate (BmdThrottle *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->known ? self->restore_rate : 0;
}

double
bmd_throttle_get_available (BmdThrottle *self,
                            double       now)
{
  double elapsed;

  g_return_val_if_fail (self != NULL, 0);

  if (!self->known)
    return 0;

  elapsed = MAX (0, now - self->observed_at);
  return MIN (self->maximum, self->available + elapsed * self->restore_rate);
}

double
bmd_throttle_compute_wait (BmdThrottle *self,
                           double       cost,
                           double       now)
{
  double available;
  double needed;

  g_return_val_if_fail (self != NULL, 0);

  if (!self->known)
    return 0;

  needed = MIN (cost, self->maximum);
  available = bmd_throttle_get_available (self, now);
  if (available >= needed)
    return 0;

  return (needed - available) / self->restore_rate;
}

void
bmd_throttle_spend (BmdThrottle *self,
                    double       cost,
                    double       now)
{
  g_return_if_fail (self != NULL);

  if (!self->known)
    return;

  self->available = MAX (0, bmd_throttle_get_available (self, now) - cost);
  self->observed_at = now;
}

double
bmd_throttle_cost_per_node (double requested_cost,
                            guint  first)
{
  g_return_val_if_fail (first > 0, requested_cost);

  /* Every node is at least an object (one point); a smaller figure would size
   * pages past what the bucket holds if the API ever charged less. */
  return MAX (1.0, (requested_cost - 2) / first);
}

double
bmd_throttle_estimate_cost (double per_node,
                            guint  first)
{
  return 2 + first * per_node;
}

guint
bmd_throttle_pick_first (double per_node,
                         double bucket_maximum)
{
  double budget;
  double first;

  if (!(per_node > 0))
    per_node = 1;

  budget = BMD_THROTTLE_MAX_QUERY_COST;
  if (bucket_maximum > 0)
    budget = MIN (budget, bucket_maximum);

  first = floor ((budget - 2) / per_node);
  if (first < 1)
    return 1;
  if (first > BMD_THROTTLE_MAX_FIRST)
    return BMD_THROTTLE_MAX_FIRST;
  return (guint) first;
}

double
bmd_throttle_backoff (guint  attempt,
                      double base,
                      double cap,
                      double random)
{
  double delay;

  delay = base * ldexp (1.0, (int) MIN (attempt, 30));
  delay = MIN (delay, cap);
  random = CLAMP (random, 0, 1);
  return delay / 2 + delay / 2 * random;
}
