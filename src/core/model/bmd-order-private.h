#pragma once

#include "bmd-json-doc-private.h"
#include "bmd-order.h"
#include "bmd-pickup-private.h"

G_BEGIN_DECLS

#define BMD_ORDER_NO_TIME G_MININT64

/* The app holds every stored order at once, so an order keeps only what the
 * plan and the views read. Its strings are GRefStrings; those that many orders
 * share (statuses, currency, customers, flavors, pickup times) are interned.
 * The JSON is kept only when a caller may ask for it: the tree for an order
 * made from a node, the text for one made from text. A light order keeps
 * neither, nor the details only one order's page shows.
 *
 * The planner and requests read these fields directly: for 100,000 orders the
 * public getters' type checks cost more than the planning itself. They are
 * read-only outside bmd-order.c. */
/* What only one order's details show (the details pane, the warehouse's
 * orders table): a light order has none. */
typedef struct
{
  JsonObject *json;   /* atomic: bmd_order_get_json() may parse json_text lazily */
  char *json_text;
  char *first_name;
  char *last_name;
  char *email;
  char *phone;
  gint64 updated_us;
  gint64 processed_us;
  gint64 cancelled_us;
  char *fulfillment_status;
  char *total_price;
  char *total_outstanding;
  char *currency;
  char *note;
  GPtrArray *line_items;
  /* Only first_name, last_name, email and phone are kept (a light order
   * with contacts): bmd_order_has_details () is FALSE. */
  gboolean contacts_only;
} BmdOrderDetails;

struct _BmdOrder
{
  GObject parent_instance;

  /* Bytes, not ints: 8 bytes less for each of 100,000 orders. */
  guint8 cancelled;      /* boolean */
  guint8 draft_type;     /* BmdDraftType */
  guint8 unreadable;     /* boolean: a stand-in for a stored order whose text cannot be read */

  char *id;
  char *name;
  gint64 number;
  char *customer_id;   /* interned: equal ids are the same pointer */
  char *customer_name;
  /* The first 8 bytes of the name, ASCII-lowercased, big-endian: sorting
   * requests of one pickup time by name seldom has to read the names. */
  guint64 customer_name_key;
  /* Bytes 8 to 15 the same way: many names share their first 8 bytes (a
   * common first name), and sorting customers reads no name whose first
   * 16 bytes differ. */
  guint64 customer_name_key2;
  /* Microseconds since the epoch, or BMD_ORDER_NO_TIME: a GDateTime each
   * would cost 100,000 orders 10 MB. */
  gint64 created_us;
  char *financial_status;
  /* totalPriceSet.shopMoney.amount in cents (0 when missing or not a
   * number), kept by light orders too: the Insights' revenue reads it. */
  gint64 total_cents;
  BmdOrderDetails *details;   /* NULL for a light order */
  /* The fields from customer_id to here are what a pass over every order
   * reads (the Insights): side by side, they are at most two cache lines. */

  char *draft_type_value;
  char *pickup_value;
  BmdPickupText pickup;   /* pickup_value, read once for every plan */
  char *flavor;
  char *theme;
  char *allergies;
};

/* Bytes @first to @first + 7 of @name ASCII-lowercased, zeros past its
 * end, as a big-endian integer: comparing the keys of two names at 0, then
 * at 8, orders them as g_ascii_strcasecmp() orders their first 16 bytes. */
static inline guint64
_bmd_order_name_key_at (const char *name,
                        guint       first)
{
  guint64 key = 0;
  guint i;

  for (i = 0; i < first + 8; i++)
    {
      guchar c = name != NULL && *name != '\0' ? (guchar) g_ascii_tolower (*name++) : 0;

      if (i >= first)
        key = key << 8 | c;
    }
  return key;
}

/* @name's customer_name_key. */
static inline guint64
_bmd_order_name_key (const char *name)
{
  return _bmd_order_name_key_at (name, 0);
}

static inline gboolean
_bmd_order_is_active (const BmdOrder *self)
{
  if (self->cancelled)
    return FALSE;
  return g_strcmp0 (self->financial_status, "REFUNDED") != 0
         && g_strcmp0 (self->financial_status, "VOIDED") != 0;
}

/* bmd_order_is_paid () without its type check, for passes over every order. */
static inline gboolean
_bmd_order_is_paid (const BmdOrder *self)
{
  return g_strcmp0 (self->financial_status, "PAID") == 0
         || g_strcmp0 (self->financial_status, "PARTIALLY_REFUNDED") == 0;
}

/* A light order read from @node of @doc (an order inside a larger document:
 * a file of orders is read once, not once per order). */
BmdOrder *_bmd_order_new_light_from_doc (BmdJsonDoc  *doc,
                                         BmdJsonRef   node,
                                         GError     **error);

/* A decimal money text ("45", "45.5", "-3.10") in cents, rounded half away
 * from zero past the second decimal. FALSE (and 0) for anything else. */
gboolean _bmd_money_parse_cents (const char *text,
                                 gint64     *cents);

G_END_DECLS
