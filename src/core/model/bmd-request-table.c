#define G_LOG_DOMAIN "bmd-request-table"

#include "config.h"

#include <string.h>

#include "bmd-order-private.h"
#include "bmd-request-private.h"
#include "bmd-request-table-private.h"

struct _BmdRequestTable
{
  GPtrArray *orders;
  guint *order_places;    /* per order: its place in the items */
  GTimeZone *zone;
  BmdPlanned *items;     /* in the order they were planned */
  guint *order;          /* indices into items, in request order */
  BmdRequest **made;     /* in request order; NULL until asked for */
  guint n_items;
};

static void
request_table_clear (BmdRequestTable *self)
{
  guint i;

  for (i = 0; i < self->n_items; i++)
    {
      g_clear_object (&self->made[i]);
      g_free (self->items[i].owned_allergies);
    }
  g_clear_pointer (&self->made, g_free);
  g_clear_pointer (&self->order, g_free);
  g_clear_pointer (&self->items, g_free);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->order_places, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
}

BmdRequestTable *
_bmd_request_table_new (GPtrArray  *orders,
                        guint      *order_places,
                        GTimeZone  *zone,
                        BmdPlanned *items,
                        guint      *order,
                        guint       n_items)
{
  BmdRequestTable *self;

  g_return_val_if_fail (orders != NULL, NULL);
  g_return_val_if_fail (order_places != NULL || orders->len == 0, NULL);
  g_return_val_if_fail (zone != NULL, NULL);
  g_return_val_if_fail ((items != NULL && order != NULL) || n_items == 0, NULL);

  self = g_atomic_rc_box_new0 (BmdRequestTable);
  self->orders = orders;
  self->order_places = order_places;
  self->zone = g_time_zone_ref (zone);
  self->items = items;
  self->order = order;
  self->n_items = n_items;
  self->made = g_new0 (BmdRequest *, n_items);
  return self;
}

BmdRequestTable *
_bmd_request_table_ref (BmdRequestTable *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
_bmd_request_table_unref (BmdRequestTable *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) request_table_clear);
}

GPtrArray *
_bmd_request_table_get_orders (BmdRequestTable  *self,
                               const guint     **order_places)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (order_places != NULL, NULL);

  *order_places = self->order_places;
  return self->orders;
}

guint
_bmd_request_table_get_len (BmdRequestTable *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_items;
}

const BmdPlanned *
_bmd_request_table_peek (BmdRequestTable *self,
                         guint            index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_items, NULL);
  return &self->items[self->order[index]];
}

const BmdPlanned *
_bmd_request_table_get_items (BmdRequestTable  *self,
                              const guint     **order)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (order != NULL, NULL);

  *order = self->order;
  return self->items;
}

BmdRequest *
_bmd_request_table_get (BmdRequestTable *self,
                        guint            index)
{
  BmdPlanned *item;
  char *owned_allergies;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_items, NULL);

  if (self->made[index] != NULL)
    return self->made[index];

  item = &self->items[self->order[index]];
  /* The request keeps its halves but not this table: a union of
   * allergies is copied for it. */
  owned_allergies = g_strdup (item->owned_allergies);
  self->made[index] = _bmd_request_new (item->deposit, item->remaining, item->at_us, self->zone,
                                        item->date_only, item->flavor, item->theme,
                                        owned_allergies != NULL ? owned_allergies : item->allergies,
                                        owned_allergies);
  return self->made[index];
}

static const BmdOrder *
any_half (const BmdPlanned *item)
{
  return item->deposit != NULL ? item->deposit : item->remaining;
}

int
_bmd_planned_compare (const BmdPlanned *a,
                      const BmdPlanned *b)
{
  const BmdOrder *oa = any_half (a);
  const BmdOrder *ob = any_half (b);
  gint64 na, nb;
  int cmp;

  if (a->at_us != b->at_us)
    return a->at_us < b->at_us ? -1 : 1;
  /* Byte order, not the locale's collation: output must not depend on the
   * machine. Names are interned: one pointer, one name. */
  if (a->customer_name_key != b->customer_name_key)
    return a->customer_name_key < b->customer_name_key ? -1 : 1;
  if (a->customer_name != b->customer_name)
    {
      cmp = g_ascii_strcasecmp (a->customer_name, b->customer_name);
      if (cmp != 0)
        return cmp;
      cmp = strcmp (a->customer_name, b->customer_name);
      if (cmp != 0)
        return cmp;
    }
  cmp = g_strcmp0 (oa->customer_id, ob->customer_id);
  if (cmp != 0)
    return cmp;
  na = _bmd_request_lowest_number (a->deposit, a->remaining);
  nb = _bmd_request_lowest_number (b->deposit, b->remaining);
  if (na != nb)
    return na < nb ? -1 : 1;
  /* Equal so far only for malformed data: keep the output stable anyway. */
  return strcmp (oa->id, ob->id);
}
