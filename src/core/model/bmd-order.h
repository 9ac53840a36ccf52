#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  BMD_DRAFT_TYPE_UNKNOWN,
  BMD_DRAFT_TYPE_DEPOSIT,
  BMD_DRAFT_TYPE_REMAINING,
} BmdDraftType;

typedef struct
{
  char *name;
  char *variant_title;
  gint64 quantity;
} BmdLineItem;

#define BMD_TYPE_ORDER (bmd_order_get_type ())
G_DECLARE_FINAL_TYPE (BmdOrder, bmd_order, BMD, ORDER, GObject)

/* A Shopify GraphQL order node. Only a node without an "id" string is refused
 * (G_IO_ERROR_INVALID_DATA); every other bad or missing value is kept as it
 * came and left for the planner to report as a problem. */
BmdOrder    *bmd_order_new_from_json          (JsonObject  *node,
                                               GError     **error);
BmdOrder    *bmd_order_new_from_data          (const char  *json,
                                               gssize       length,
                                               GError     **error);
/* Like bmd_order_new_from_json(), but the order keeps only what plans and
 * lists read (id, name, number, customer id and name, financial status,
 * cancellation, creation time, the metafields), so that the app can hold
 * every stored order: it has no details (see bmd_order_has_details()), and
 * the getters of the rest return NULL (line items: none). */
BmdOrder    *bmd_order_new_light              (JsonObject  *node,
                                               GError     **error);
/* bmd_order_new_light() from the node's text, as the store keeps it. */
BmdOrder    *bmd_order_new_light_from_data    (const char  *json,
                                               gssize       length,
                                               GError     **error);

/* bmd_order_new_light_from_data() that also keeps the customer's first and
 * last name, email and phone (their getters answer; bmd_order_has_details()
 * is still FALSE): what the customers' history tracks, without reading
 * each customer's order again in full. */
BmdOrder    *bmd_order_new_light_with_contacts_from_data (const char  *json,
                                                          gssize       length,
                                                          GError     **error);

/* TRUE for the stand-in of a stored order whose text cannot be read. */
gboolean     bmd_order_is_unreadable          (BmdOrder *self);
/* A light order that stands for a stored order whose text cannot be read:
 * it has only its id (also its name), and the planner lists it as an
 * unreadable_order problem instead of the whole store failing to plan. */
BmdOrder    *bmd_order_new_unreadable         (const char  *id);

/* FALSE for a light order. */
gboolean     bmd_order_has_details            (BmdOrder *self);
const char  *bmd_order_get_id                 (BmdOrder *self);
const char  *bmd_order_get_name               (BmdOrder *self);
/* The number in the name ("#1042" -> 1042), else legacyResourceId, else 0. */
gint64       bmd_order_get_number             (BmdOrder *self);
const char  *bmd_order_get_customer_id        (BmdOrder *self);
const char  *bmd_order_get_first_name        (BmdOrder *self);
const char  *bmd_order_get_last_name          (BmdOrder *self);
const char  *bmd_order_get_email              (BmdOrder *self);
const char  *bmd_order_get_phone              (BmdOrder *self);
/* "First Last", else displayName, else email, else "(no customer)". */
const char  *bmd_order_get_customer_name      (BmdOrder *self);
/* In UTC; NULL when absent or not a timestamp. Transfer full. */
GDateTime   *bmd_order_dup_created_at         (BmdOrder *self);
GDateTime   *bmd_order_dup_updated_at         (BmdOrder *self);
GDateTime   *bmd_order_dup_processed_at       (BmdOrder *self);
GDateTime   *bmd_order_dup_cancelled_at       (BmdOrder *self);
/* Shopify's displayFinancialStatus enum name, or NULL when absent. */
const char  *bmd_order_get_financial_status   (BmdOrder *self);
const char  *bmd_order_get_fulfillment_status (BmdOrder *self);
const char  *bmd_order_get_total_price        (BmdOrder *self);
const char  *bmd_order_get_total_outstanding  (BmdOrder *self);
const char  *bmd_order_get_currency           (BmdOrder *self);
const char  *bmd_order_get_note               (BmdOrder *self);
/* Element type BmdLineItem. */
GPtrArray   *bmd_order_get_line_items         (BmdOrder *self);

/* The custom metafields, trimmed; NULL when the order does not carry one. */
const char  *bmd_order_get_draft_type_value   (BmdOrder *self);
const char  *bmd_order_get_pickup_value       (BmdOrder *self);
const char  *bmd_order_get_flavor             (BmdOrder *self);
const char  *bmd_order_get_theme              (BmdOrder *self);
const char  *bmd_order_get_allergies          (BmdOrder *self);
BmdDraftType bmd_order_get_draft_type         (BmdOrder *self);

gboolean     bmd_order_is_cancelled           (BmdOrder *self);
/* Not cancelled, not REFUNDED, not VOIDED. */
gboolean     bmd_order_is_active              (BmdOrder *self);
/* PAID or PARTIALLY_REFUNDED. */
gboolean     bmd_order_is_paid                (BmdOrder *self);

/* The node as it came from Shopify (for an order made from text, the text is
 * kept and parsed again on the first call); NULL for a light order. */
JsonObject  *bmd_order_get_json               (BmdOrder *self);
/* The node's JSON text (as it was given, for an order made from text); NULL
 * for a light order. */
char        *bmd_order_dup_json_string        (BmdOrder *self);

const char  *bmd_draft_type_to_string         (BmdDraftType type);

G_END_DECLS
