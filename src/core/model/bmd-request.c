#define G_LOG_DOMAIN "bmd-request"

#include "config.h"

#include <string.h>

#include "bmd-order-private.h"
#include "bmd-pickup-private.h"
#include "bmd-request-private.h"

struct _BmdRequest
{
  GObject parent_instance;

  BmdOrder *deposit;
  BmdOrder *remaining;
  gint64 pickup_us;
  GTimeZone *zone;
  GDateTime *pickup;     /* made from pickup_us when first asked for */
  gboolean date_only;
  const char *flavor;     /* borrowed from a half, or static */
  const char *theme;
  const char *allergies;
  char *owned_allergies;  /* the union of both halves', when it is one */
  gint64 lowest_number;
};

G_DEFINE_FINAL_TYPE (BmdRequest, bmd_request, G_TYPE_OBJECT)

static void
bmd_request_finalize (GObject *object)
{
  BmdRequest *self = (BmdRequest *)object;

  g_clear_object (&self->deposit);
  g_clear_object (&self->remaining);
  g_clear_pointer (&self->pickup, g_date_time_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->owned_allergies, g_free);

  G_OBJECT_CLASS (bmd_request_parent_class)->finalize (object);
}

static void
bmd_request_class_init (BmdRequestClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_request_finalize;
}

static void
bmd_request_init (BmdRequest *self)
{
}

BmdRequest *
_bmd_request_new (BmdOrder   *deposit,
                  BmdOrder   *remaining,
                  gint64      pickup_us,
                  GTimeZone  *zone,
                  gboolean    date_only,
                  const char *flavor,
                  const char *theme,
                  const char *allergies,
                  char       *owned_allergies)
{
  BmdRequest *self;

  g_return_val_if_fail (deposit != NULL || remaining != NULL, NULL);
  g_return_val_if_fail (zone != NULL, NULL);

  self = g_object_new (BMD_TYPE_REQUEST, NULL);
  self->deposit = deposit != NULL ? g_object_ref (deposit) : NULL;
  self->remaining = remaining != NULL ? g_object_ref (remaining) : NULL;
  self->pickup_us = pickup_us;
  self->zone = g_time_zone_ref (zone);
  self->date_only = date_only;
  self->flavor = flavor;
  self->theme = theme;
  self->owned_allergies = owned_allergies;
  self->allergies = allergies;
  self->lowest_number = _bmd_request_lowest_number (deposit, remaining);
  return self;
}

gint64
_bmd_request_lowest_number (BmdOrder *deposit,
                            BmdOrder *remaining)
{
  if (deposit != NULL && remaining != NULL)
    return MIN (deposit->number, remaining->number);
  return (deposit != NULL ? deposit : remaining)->number;
}

static BmdOrder *
any_half (BmdRequest *self)
{
  return self->deposit != NULL ? self->deposit : self->remaining;
}

BmdOrder *
bmd_request_get_deposit (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return self->deposit;
}

BmdOrder *
bmd_request_get_remaining (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return self->remaining;
}

BmdOrder *
bmd_request_get_half (BmdRequest   *self,
                      BmdDraftType  type)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  g_return_val_if_fail (type != BMD_DRAFT_TYPE_UNKNOWN, NULL);

  return type == BMD_DRAFT_TYPE_DEPOSIT ? self->deposit : self->remaining;
}

GDateTime *
bmd_request_get_pickup (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);

  if (self->pickup == NULL)
    self->pickup = _bmd_pickup_date_time (self->pickup_us, self->zone);
  return self->pickup;
}

gboolean
bmd_request_get_pickup_date_only (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), FALSE);
  return self->date_only;
}

const char *
bmd_request_get_id (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return bmd_order_get_id (any_half (self));
}

const char *
bmd_request_get_customer_id (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return bmd_order_get_customer_id (any_half (self));
}

const char *
bmd_request_get_customer_name (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return bmd_order_get_customer_name (any_half (self));
}

const char *
bmd_request_get_first_name (BmdRequest *self)
{
  const char *first;

  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);

  first = bmd_order_get_first_name (any_half (self));
  return first != NULL ? first : "";
}

const char *
bmd_request_get_flavor (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return self->flavor;
}

const char *
bmd_request_get_theme (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return self->theme;
}

const char *
bmd_request_get_allergies (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);
  return self->allergies;
}

gboolean
bmd_request_has_allergies (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), FALSE);
  return g_strcmp0 (self->allergies, "n/a") != 0;
}

gint64
bmd_request_get_lowest_number (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), 0);
  return self->lowest_number;
}

BmdRequestState
_bmd_request_state_of (BmdOrder *deposit,
                       BmdOrder *remaining)
{
  if (deposit == NULL || remaining == NULL)
    return BMD_REQUEST_STATE_MISSING;
  if (!bmd_order_is_paid (deposit) || !bmd_order_is_paid (remaining))
    return BMD_REQUEST_STATE_UNPAID;
  return BMD_REQUEST_STATE_PAID;
}

gboolean
_bmd_request_either_paid_of (BmdOrder *deposit,
                             BmdOrder *remaining)
{
  return (deposit != NULL && bmd_order_is_paid (deposit))
         || (remaining != NULL && bmd_order_is_paid (remaining));
}

BmdRequestState
bmd_request_get_state (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), BMD_REQUEST_STATE_MISSING);
  return _bmd_request_state_of (self->deposit, self->remaining);
}

gboolean
bmd_request_is_either_paid (BmdRequest *self)
{
  g_return_val_if_fail (BMD_IS_REQUEST (self), FALSE);
  return _bmd_request_either_paid_of (self->deposit, self->remaining);
}

const char *
bmd_request_state_to_string (BmdRequestState state)
{
  switch (state)
    {
    case BMD_REQUEST_STATE_PAID:
      return "paid";
    case BMD_REQUEST_STATE_UNPAID:
      return "unpaid";
    case BMD_REQUEST_STATE_MISSING:
    default:
      return "missing";
    }
}

const char *
bmd_request_get_half_status (BmdRequest   *self,
                             BmdDraftType  type)
{
  BmdOrder *half;
  const char *status;

  g_return_val_if_fail (BMD_IS_REQUEST (self), NULL);

  half = bmd_request_get_half (self, type);
  if (half == NULL)
    return "MISSING";
  status = bmd_order_get_financial_status (half);
  return status != NULL && *status != '\0' ? status : "UNKNOWN";
}

int
bmd_request_compare (BmdRequest *a,
                     BmdRequest *b)
{
  int cmp;

  g_return_val_if_fail (BMD_IS_REQUEST (a) && BMD_IS_REQUEST (b), 0);

  if (a->pickup_us != b->pickup_us)
    return a->pickup_us < b->pickup_us ? -1 : 1;
  /* Byte order, not the locale's collation: output must not depend on the machine. */
  cmp = g_ascii_strcasecmp (bmd_request_get_customer_name (a), bmd_request_get_customer_name (b));
  if (cmp != 0)
    return cmp;
  cmp = strcmp (bmd_request_get_customer_name (a), bmd_request_get_customer_name (b));
  if (cmp != 0)
    return cmp;
  cmp = g_strcmp0 (bmd_request_get_customer_id (a), bmd_request_get_customer_id (b));
  if (cmp != 0)
    return cmp;
  if (a->lowest_number != b->lowest_number)
    return a->lowest_number < b->lowest_number ? -1 : 1;
  /* Equal so far only for malformed data: keep the output stable anyway. */
  return strcmp (bmd_request_get_id (a), bmd_request_get_id (b));
}
