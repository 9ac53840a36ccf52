#pragma once

#include "bmd-request.h"

G_BEGIN_DECLS

/* A planned request before anyone asked for its BmdRequest: the planner
 * makes one of these per request and a BmdRequest only for the requests a
 * view or a caller reads (the bake queue, the visible upcoming rows, a
 * calendar day), so that planning 100,000 orders makes no 50,000 objects. */
typedef struct
{
  BmdOrder *deposit;         /* borrowed: the table keeps every order alive */
  BmdOrder *remaining;
  gint64 at_us;
  gint64 counts_until_us;
  const char *flavor;        /* borrowed from a half, static, or owned_allergies */
  const char *theme;
  const char *allergies;
  char *owned_allergies;     /* the union of both halves', when it is one */
  const char *customer_name; /* the deposit's, else the remaining's: a sort key */
  guint64 customer_name_key; /* its BmdOrder customer_name_key */
  int day;                   /* local pickup day, YYYYMMDD */
  gboolean date_only;
} BmdPlanned;

/* The requests of one plan, in plan order. Shared by the plan and its
 * upcoming rows, which may outlive it. Like the plan, used from one thread
 * at a time: requests are made on first use. */
typedef struct _BmdRequestTable BmdRequestTable;

/* An order's place in the items: its item, and whether it is the item's
 * remaining half (else its deposit). BMD_NO_ITEM: an order in no item. */
#define BMD_NO_ITEM G_MAXUINT

static inline guint
_bmd_order_place (guint    item,
                  gboolean remaining)
{
  return item << 1 | (remaining ? 1 : 0);
}

static inline guint
_bmd_order_place_item (guint place)
{
  return place >> 1;
}

static inline gboolean
_bmd_order_place_is_remaining (guint place)
{
  return (place & 1) != 0;
}

/* Takes @orders (a reference on each order any item names), @items and
 * @order (both g_malloc'd, @n_items long): the table's i-th request is
 * @items[@order[i]], so that sorting moves indices, not items. And
 * @order_places (g_malloc'd, @orders->len long): each order's place
 * (_bmd_order_place ()) or BMD_NO_ITEM. */
BmdRequestTable  *_bmd_request_table_new      (GPtrArray       *orders,
                                               guint           *order_places,
                                               GTimeZone       *zone,
                                               BmdPlanned      *items,
                                               guint           *order,
                                               guint            n_items);
BmdRequestTable  *_bmd_request_table_ref      (BmdRequestTable *self);
void              _bmd_request_table_unref    (BmdRequestTable *self);
guint             _bmd_request_table_get_len  (BmdRequestTable *self);
const BmdPlanned *_bmd_request_table_peek     (BmdRequestTable *self,
                                               guint            index);
/* The items as they lie in memory (@n_items of them), and in @order each
 * request's item, in request order: a pass over every request that reads
 * the items in memory order and places its results by request index
 * fetches each item once, in sequence. */
const BmdPlanned *_bmd_request_table_get_items (BmdRequestTable  *self,
                                               const guint     **order);
/* The orders as the planner read them, which is most often the order they
 * lie in memory, and in @order_places each one's place in the items (see
 * _bmd_order_place ()): a pass that reads a few fields of every order
 * reads them here in sequence and puts what it read by item, rather than
 * fetch each order from wherever it lies. */
GPtrArray        *_bmd_request_table_get_orders (BmdRequestTable  *self,
                                                 const guint     **order_places);
/* The request at @index, made on the first call; the table keeps it. */
BmdRequest       *_bmd_request_table_get      (BmdRequestTable *self,
                                               guint            index);

/* The order bmd_request_compare() gives the requests of two items. */
int               _bmd_planned_compare        (const BmdPlanned *a,
                                               const BmdPlanned *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdRequestTable, _bmd_request_table_unref)

G_END_DECLS
