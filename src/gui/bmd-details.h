#pragma once

#include <gtk/gtk.h>

#include "bmd-request.h"

G_BEGIN_DECLS

/* Everything about one request: both orders, line items, note, contact,
 * totals and links to the Shopify admin. */
#define BMD_TYPE_DETAILS (bmd_details_get_type ())
G_DECLARE_FINAL_TYPE (BmdDetails, bmd_details, BMD, DETAILS, GtkWidget)

/* @request NULL shows a hint; @shop decides whether admin links are shown. */
void bmd_details_set_request (BmdDetails *self,
                              BmdRequest *request,
                              GDateTime  *now,
                              const char *shop);

G_END_DECLS
