#pragma once

#include "bmd-order.h"
#include "bmd-pickup-private.h"

G_BEGIN_DECLS

#define BMD_ORDER_NO_TIME G_MININT64

/* The app holds every stored order at once, so an order keeps only what the
 * plan and the views read. Its strings are GRefStrings; those that many orders
 * share (statuses, currency, customers, flavors, pickup times) are interned.
 * The JSON is kept only when a caller may ask for it: the tree for an order
 * made from a node, the text for one made from text, nothing for a light one.
 *
 * The planner and requests read these fields directly: for 100,000 orders the
 * public getters' type checks cost more than the planning itself. They are
 * read-only outside bmd-order.c. */
struct _BmdOrder
{
  GObject parent_instance;

  JsonObject *json;   /* atomic: bmd_order_get_json() may parse json_text lazily */
  char *json_text;
  gboolean cancelled;

  char *id;
  char *name;
  gint64 number;
  char *customer_id;   /* interned: equal ids are the same pointer */
  char *first_name;
  char *last_name;
  char *email;
  char *phone;
  char *customer_name;
  /* Microseconds since the epoch, or BMD_ORDER_NO_TIME: a GDateTime each
   * would cost 100,000 orders 10 MB. */
  gint64 created_us;
  gint64 updated_us;
  gint64 processed_us;
  gint64 cancelled_us;
  char *financial_status;
  char *fulfillment_status;
  char *total_price;
  char *total_outstanding;
  char *currency;
  char *note;
  GPtrArray *line_items;

  char *draft_type_value;
  char *pickup_value;
  BmdPickupText pickup;   /* pickup_value, read once for every plan */
  char *flavor;
  char *theme;
  char *allergies;
  BmdDraftType draft_type;
};

static inline gboolean
_bmd_order_is_active (const BmdOrder *self)
{
  if (self->cancelled)
    return FALSE;
  return g_strcmp0 (self->financial_status, "REFUNDED") != 0
         && g_strcmp0 (self->financial_status, "VOIDED") != 0;
}

G_END_DECLS
