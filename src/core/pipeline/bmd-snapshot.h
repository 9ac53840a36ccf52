#pragma once

#include <gio/gio.h>

#include "bmd-plan.h"

G_BEGIN_DECLS

/* The store's state key for the shop's IANA zone, saved by every refresh. */
#define BMD_STATE_SHOP_ZONE "shop_timezone"

#define BMD_TYPE_SNAPSHOT (bmd_snapshot_get_type ())
G_DECLARE_FINAL_TYPE (BmdSnapshot, bmd_snapshot, BMD, SNAPSHOT, GObject)

/* Everything the views show, read from the local warehouse in DATA_DIR and
 * planned. @now NULL means the clock; @zone NULL means the stored shop zone,
 * else America/Chicago. A data dir without a warehouse is G_IO_ERROR_NOT_FOUND. */
BmdSnapshot *bmd_snapshot_load          (const char           *data_dir,
                                         GDateTime            *now,
                                         const char           *zone,
                                         BmdPlanFlags          flags,
                                         GError              **error);

BmdPlan     *bmd_snapshot_get_plan      (BmdSnapshot *self);
/* Element type BmdOrder: the live orders. */
GPtrArray   *bmd_snapshot_get_orders    (BmdSnapshot *self);
/* Element type char*: "YYYY-MM-DD" days off, sorted. */
GPtrArray   *bmd_snapshot_get_days_off  (BmdSnapshot *self);
/* The local warehouse's folder the snapshot was read from. */
const char  *bmd_snapshot_get_data_dir  (BmdSnapshot *self);
/* The end of the last successful refresh, or NULL if there was none. */
GDateTime   *bmd_snapshot_get_last_refreshed (BmdSnapshot *self);
/* When the last sweep (every upcoming order re-read, deleted orders looked
 * for) read Shopify, or NULL if there was none. */
GDateTime   *bmd_snapshot_get_last_sweep     (BmdSnapshot *self);
/* Why the plan is not in the shop's own zone (an unknown zone name), or NULL. */
const char  *bmd_snapshot_get_zone_warning  (BmdSnapshot *self);

/* The orders @ids in full, details included (bmd_order_has_details()): the
 * snapshot's own orders are light. Read from the snapshot's local warehouse
 * as it is now. Element type BmdOrder, in the order of @ids, NULL where the
 * warehouse no longer has the order. Blocks: the app uses the async form. */
GPtrArray   *bmd_snapshot_read_orders   (BmdSnapshot          *self,
                                         const char * const   *ids,
                                         GError              **error);
void         bmd_snapshot_read_orders_async  (BmdSnapshot         *self,
                                              const char * const  *ids,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray   *bmd_snapshot_read_orders_finish (BmdSnapshot   *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* An IANA zone by name; NULL with G_IO_ERROR_INVALID_ARGUMENT when unknown. */
GTimeZone   *bmd_time_zone_new          (const char  *identifier,
                                         GError     **error);
/* The zone a refresh and the plans use: @override (the settings' time zone),
 * else @shop_zone (the shop's own), else America/Chicago. A name that is not
 * a known zone here (or an empty one) is passed over, and *@out_warning then
 * says so in a sentence for the user; else it is NULL. Never NULL. */
GTimeZone   *bmd_time_zone_new_for_shop (const char  *override,
                                         const char  *shop_zone,
                                         char       **out_warning);
/* Parses --now: ISO 8601 with an offset, or a wall time in @zone. */
GDateTime   *bmd_parse_now              (const char  *text,
                                         GTimeZone   *zone,
                                         GError     **error);

G_END_DECLS
