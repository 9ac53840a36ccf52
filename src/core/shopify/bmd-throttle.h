#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shopify's hard limit on the requested cost of one query. */
#define BMD_THROTTLE_MAX_QUERY_COST 1000.0
/* The most nodes a connection or nodes(ids:) may ask for. */
#define BMD_THROTTLE_MAX_FIRST 250

/* A model of Shopify's leaky bucket, fed from each response's
 * extensions.cost.throttleStatus. Pure: every call takes the time ("now", in
 * seconds on any monotonic clock) so that it can be tested without waiting. */
typedef struct _BmdThrottle BmdThrottle;

BmdThrottle *bmd_throttle_new              (void);
void         bmd_throttle_free             (BmdThrottle *self);

/* Records a throttleStatus seen at @now. */
void         bmd_throttle_observe          (BmdThrottle *self,
                                            double       now,
                                            double       maximum_available,
                                            double       currently_available,
                                            double       restore_rate);
gboolean     bmd_throttle_is_known         (BmdThrottle *self);
double       bmd_throttle_get_maximum      (BmdThrottle *self);
double       bmd_throttle_get_restore_rate (BmdThrottle *self);
/* The points the bucket holds at @now, restored since the last observation
 * and capped at the maximum. */
double       bmd_throttle_get_available    (BmdThrottle *self,
                                            double       now);
/* Seconds to wait at @now before a query of requested cost @cost fits in the
 * bucket; 0 when it fits or nothing is known yet. A cost larger than the
 * bucket waits for a full bucket. */
double       bmd_throttle_compute_wait     (BmdThrottle *self,
                                            double       cost,
                                            double       now);
/* Takes @cost out of the modelled bucket at @now (a query was sent). */
void         bmd_throttle_spend            (BmdThrottle *self,
                                            double       cost,
                                            double       now);

/* The cost per node of a connection page: requestedQueryCost ≈ 2 + first × per_node. */
double       bmd_throttle_cost_per_node    (double       requested_cost,
                                            guint        first);
/* The requested cost of a page of @first nodes. */
double       bmd_throttle_estimate_cost    (double       per_node,
                                            guint        first);
/* min (250, floor ((min (1000, @bucket_maximum) − 2) / @per_node)), at least 1.
 * @bucket_maximum ≤ 0 means unknown (1000 is used). */
guint        bmd_throttle_pick_first       (double       per_node,
                                            double       bucket_maximum);

/* Exponential backoff with jitter for retry @attempt (0 for the first retry):
 * a delay in [d/2, d] with d = min (@cap, @base × 2^attempt); @random in [0, 1). */
double       bmd_throttle_backoff          (guint        attempt,
                                            double       base,
                                            double       cap,
                                            double       random);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdThrottle, bmd_throttle_free)

G_END_DECLS
