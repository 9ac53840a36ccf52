#pragma once

#include "bmd-request.h"

G_BEGIN_DECLS

/* Takes the halves (either may be NULL, not both) and the request's pickup
 * in microseconds since the epoch (its GDateTime in @zone is made when first
 * asked for: planning many requests allocates less). @flavor, @theme and
 * @allergies are borrowed from the halves (which the request keeps) or
 * static; @owned_allergies, when not NULL, is the merged value and is taken. */
BmdRequest *_bmd_request_new            (BmdOrder   *deposit,
                                         BmdOrder   *remaining,
                                         gint64      pickup_us,
                                         GTimeZone  *zone,
                                         gboolean    date_only,
                                         const char *flavor,
                                         const char *theme,
                                         const char *allergies,
                                         char       *owned_allergies);

/* bmd_request_get_state() and bmd_request_is_either_paid() of the request
 * these halves would make, for the planner's requests not made yet. */
/* The lower order number of the halves; either may be NULL, not both. */
gint64          _bmd_request_lowest_number  (BmdOrder   *deposit,
                                             BmdOrder   *remaining);
BmdRequestState _bmd_request_state_of       (BmdOrder   *deposit,
                                             BmdOrder   *remaining);
gboolean        _bmd_request_either_paid_of (BmdOrder   *deposit,
                                             BmdOrder   *remaining);

G_END_DECLS
