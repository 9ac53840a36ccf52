#pragma once

#include "bmd-order.h"

G_BEGIN_DECLS

/* Ordered from best to worst: a day takes the colour of its worst request. */
typedef enum
{
  BMD_REQUEST_STATE_PAID,
  BMD_REQUEST_STATE_UNPAID,
  BMD_REQUEST_STATE_MISSING,
} BmdRequestState;

#define BMD_TYPE_REQUEST (bmd_request_get_type ())
G_DECLARE_FINAL_TYPE (BmdRequest, bmd_request, BMD, REQUEST, GObject)

/* One cake: a deposit order and a remaining order, either of which may be missing.
 * Built by the planner; immutable afterwards. */
BmdOrder        *bmd_request_get_deposit          (BmdRequest *self);
BmdOrder        *bmd_request_get_remaining        (BmdRequest *self);
BmdOrder        *bmd_request_get_half             (BmdRequest  *self,
                                                   BmdDraftType type);
/* The earlier of the halves' pickups, in the shop's zone. */
GDateTime       *bmd_request_get_pickup           (BmdRequest *self);
gboolean         bmd_request_get_pickup_date_only (BmdRequest *self);
/* The deposit's id, else the remaining's: stable across refreshes. */
const char      *bmd_request_get_id               (BmdRequest *self);
const char      *bmd_request_get_customer_id      (BmdRequest *self);
const char      *bmd_request_get_customer_name    (BmdRequest *self);
/* "" when unknown, and for a request of light orders (they keep only the
 * customer's display name: bmd_order_new_light()). */
const char      *bmd_request_get_first_name       (BmdRequest *self);
/* Merged details: never NULL ("" when unknown; allergies "n/a" when none). */
const char      *bmd_request_get_flavor           (BmdRequest *self);
const char      *bmd_request_get_theme            (BmdRequest *self);
const char      *bmd_request_get_allergies        (BmdRequest *self);
gboolean         bmd_request_has_allergies        (BmdRequest *self);
gint64           bmd_request_get_lowest_number    (BmdRequest *self);
BmdRequestState  bmd_request_get_state            (BmdRequest *self);
gboolean         bmd_request_is_either_paid       (BmdRequest *self);

const char      *bmd_request_state_to_string      (BmdRequestState state);

/* "PAID", "PENDING", … or "MISSING" for an absent half. */
const char      *bmd_request_get_half_status      (BmdRequest  *self,
                                                   BmdDraftType type);

/* Row order everywhere: pickup, customer name, customer id, lowest order number. */
int              bmd_request_compare              (BmdRequest *a,
                                                   BmdRequest *b);

G_END_DECLS
