#pragma once

#include "bmd-request.h"

G_BEGIN_DECLS

/* Takes the halves (either may be NULL, not both) and the request's pickup. */
BmdRequest *_bmd_request_new            (BmdOrder   *deposit,
                                         BmdOrder   *remaining,
                                         GDateTime  *pickup,
                                         GDateTime  *counts_until,
                                         gboolean    date_only,
                                         const char *flavor,
                                         const char *theme,
                                         const char *allergies);
/* When the request stops being "to come" (the end of the day for a date-only pickup). */
GDateTime  *_bmd_request_get_counts_until (BmdRequest *self);

G_END_DECLS
