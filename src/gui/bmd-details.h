#pragma once

#include <gtk/gtk.h>

#include "bmd-request.h"
#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* Everything about one request: both orders, line items, note, contact,
 * totals and links to the Shopify admin. */
#define BMD_TYPE_DETAILS (bmd_details_get_type ())
G_DECLARE_FINAL_TYPE (BmdDetails, bmd_details, BMD, DETAILS, GtkWidget)

/* @request NULL shows a hint; @shop decides whether admin links are shown.
 * The plan's orders are light: what they lack (line items, totals, note,
 * contact) is read from @snapshot's warehouse in a thread, and shown when it
 * arrives. */
void bmd_details_set_request (BmdDetails  *self,
                              BmdSnapshot *snapshot,
                              BmdRequest  *request,
                              GDateTime   *now,
                              const char  *shop);

G_END_DECLS
