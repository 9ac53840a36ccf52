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

G_END_DECLS
