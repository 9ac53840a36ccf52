#pragma once

#include <gtk/gtk.h>

#include "bmd-plan.h"
#include "bmd-request.h"

G_BEGIN_DECLS

/* "Today", "Tomorrow", or NULL, relative to the plan's now in its zone. */
const char *bmd_format_day_callout      (GDateTime  *pickup,
                                         GDateTime  *now);
/* "Sat 27 Jun". */
char       *bmd_format_pickup_day       (GDateTime  *pickup);
/* "3:00 PM", or "All day" for a date-only pickup. */
char       *bmd_format_pickup_time      (GDateTime  *pickup,
                                         gboolean    date_only);
/* "Paid", "Pending", "Missing", … from Shopify's enum name. */
char       *bmd_format_status           (const char *status);
/* "YYYY-MM-DD", as the store keeps days off. */
char       *bmd_format_date_key         (const GDate *day);
/* The CSS class of a status badge: "paid", "unpaid" or "missing". */
const char *bmd_format_status_class     (const char *status);
/* "3 hours ago", "yesterday", … for the last refresh. */
char       *bmd_format_relative_time    (GDateTime  *then,
                                         GDateTime  *now);
/* The Shopify admin page of an order, or NULL when @shop is not a real shop
 * domain (the simulator, an empty setting). */
char       *bmd_format_shopify_admin_url (const char *shop,
                                          BmdOrder   *order);
/* The widget's foreground colour (GTK 4.10's gtk_widget_get_color, or the
 * style context's on 4.8): what Cairo drawings take their text colour from. */
void        bmd_widget_get_foreground   (GtkWidget  *widget,
                                         GdkRGBA    *color);
/* Exact cents as money: "$1,234.56", "-$0.05". */
char       *bmd_format_cents            (gint64      cents);
/* Tenths of a percent: "12.3 %". */
char       *bmd_format_percent_tenths   (gint64      tenths);
/* "$45.00" */
char       *bmd_format_money            (const char *amount,
                                         const char *currency);

/* A small rounded label coloured by a status. */
void        bmd_badge_update            (GtkLabel   *label,
                                         const char *status);

G_END_DECLS

G_BEGIN_DECLS

/* Cells shared by the tables: "setup" handlers of GtkSignalListItemFactory. */
void        bmd_cell_setup_label        (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         gpointer                  user_data);
void        bmd_cell_setup_wrap_label   (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         gpointer                  user_data);
void        bmd_cell_setup_word_label   (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         gpointer                  user_data);
void        bmd_cell_setup_badge        (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         gpointer                  user_data);
void        bmd_cell_setup_pickup       (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item,
                                         gpointer                  user_data);
/* Fill the cells made above. */
void        bmd_cell_bind_pickup        (GtkListItem *item,
                                         BmdRequest  *request,
                                         GDateTime   *now);
/* The allergies column's sort key: requests with allergies first when
 * sorted ascending, since they need the most care. */
char       *bmd_request_dup_allergies_sort_key (BmdRequest *request);
void        bmd_cell_bind_allergies     (GtkListItem *item,
                                         BmdRequest  *request);
void        bmd_cell_bind_text          (GtkListItem *item,
                                         const char  *text);

/* Call before changing the data under a table. A GtkColumnView builds and
 * binds a batch of row widgets on every change of its model, shown or not; one
 * that is not on screen gives up its model until it is shown again. */
void        bmd_column_view_hold_model  (GtkColumnView *column_view);

G_END_DECLS
