#pragma once

#include "bmd-request.h"

G_BEGIN_DECLS

/* Takes the halves (either may be NULL, not both), the request's pickup in
 * microseconds since the epoch (its GDateTime in @zone is made when first
 * asked for: planning many requests allocates less), and @allergies. */
BmdRequest *_bmd_request_new            (BmdOrder   *deposit,
                                         BmdOrder   *remaining,
                                         gint64      pickup_us,
                                         GTimeZone  *zone,
                                         gboolean    date_only,
                                         const char *flavor,
                                         const char *theme,
                                         char       *allergies);

G_END_DECLS
