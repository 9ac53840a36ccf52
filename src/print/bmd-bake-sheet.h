#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "bmd-plan.h"

G_BEGIN_DECLS

/* The bake sheet: a header (shop, range, when it was printed), then one
 * block per cake in pickup order — pickup, customer and phone, flavor,
 * theme, size and line items, allergies boxed and bold, the note, both
 * order numbers, what is still to pay. Laid out and drawn with Pango and
 * Cairo on any cairo_t, so that the app's GtkPrintOperation and the CLI's
 * PDF surface share every line of it. Units are points. */
#define BMD_TYPE_BAKE_SHEET (bmd_bake_sheet_get_type ())
G_DECLARE_FINAL_TYPE (BmdBakeSheet, bmd_bake_sheet, BMD, BAKE_SHEET, GObject)

/* @range: what the sheet covers, as its header shows it; @printed_at: the
 * time shown as the printing time. */
BmdBakeSheet *bmd_bake_sheet_new              (const char   *shop,
                                               const char   *range,
                                               GDateTime    *printed_at);
/* "Thursday 2 July 2026" */
char         *bmd_bake_sheet_format_day       (const GDate  *day);
/* "29 June – 6 July 2026": from @from to @to, both in the shop's zone. */
char         *bmd_bake_sheet_format_range     (GDateTime    *from,
                                               GDateTime    *to);
/* The bake queue's range as of @now in @zone: the next 168 hours, or
 * with @calendar_week the rest of the week to Sunday. */
char         *bmd_bake_sheet_format_queue_range (GDateTime  *now,
                                                 GTimeZone  *zone,
                                                 gboolean    calendar_week);

/* The ids of @requests' halves (deposit before remaining; element type
 * BmdRequest), NULL-terminated: the orders to read in full, since a plan's
 * may be light (bmd_order_has_details()). */
char        **bmd_bake_sheet_collect_order_ids (GPtrArray   *requests);
/* Adds @requests in their order, each with its halves from @full_orders
 * (what bmd_snapshot_read_orders() gave for bmd_bake_sheet_collect_order_ids();
 * NULL entries and a NULL array fall back to the plan's own orders). */
void          bmd_bake_sheet_add_requests     (BmdBakeSheet *self,
                                               GPtrArray    *requests,
                                               GPtrArray    *full_orders);
guint         bmd_bake_sheet_get_n_cakes      (BmdBakeSheet *self);

/* Each local day of pickups starts a new page. */
void          bmd_bake_sheet_set_day_per_page (BmdBakeSheet *self,
                                               gboolean      day_per_page);
gboolean      bmd_bake_sheet_get_day_per_page (BmdBakeSheet *self);

/* Lays the sheet out on pages of @width × @height points (the printable
 * area, its origin at the top left of @cr); returns the number of pages
 * (at least 1). */
guint         bmd_bake_sheet_paginate         (BmdBakeSheet *self,
                                               cairo_t      *cr,
                                               double        width,
                                               double        height);
/* Draws page @page (from 0) of the last bmd_bake_sheet_paginate(). */
void          bmd_bake_sheet_draw_page        (BmdBakeSheet *self,
                                               cairo_t      *cr,
                                               guint         page);

/* A US Letter PDF of every page, with half-inch margins. */
gboolean      bmd_bake_sheet_write_pdf        (BmdBakeSheet *self,
                                               const char   *path,
                                               GError      **error);

G_END_DECLS
