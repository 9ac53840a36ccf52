#pragma once

#include <json-glib/json-glib.h>

#include "bmd-order.h"

G_BEGIN_DECLS

/* A compact description of an order for table-driven tests; NULL fields are
 * left out of the node, as Shopify leaves out a metafield that is not set. */
typedef struct
{
  const char *name;        /* "#1001" */
  const char *customer;    /* "Frank Baker" → customer gid from the name; NULL: no customer */
  const char *draft_type;
  const char *pickup;
  const char *status;      /* displayFinancialStatus */
  const char *flavor;
  const char *theme;
  const char *allergies;
  const char *cancelled_at;
  const char *created_at;  /* default 2026-06-01T12:00:00Z */
  const char *customer_id; /* default: a gid made from the customer's name */
} BmdTestOrder;

JsonObject *bmd_test_order_node (const BmdTestOrder *spec);
BmdOrder   *bmd_test_order_new  (const BmdTestOrder *spec);
/* Element type BmdOrder; @specs ends with an entry whose name is NULL. */
GPtrArray  *bmd_test_orders_new (const BmdTestOrder *specs);
/* Upserts @specs into the local warehouse in @data_dir in one transaction;
 * with @finished_at, then records a successful refresh that ended then. */
void        bmd_test_store_orders (const char         *data_dir,
                                   const BmdTestOrder *specs,
                                   const char         *finished_at);
/* A local wall time @days from today in America/Chicago, as the pickup
 * metafield holds it; @time NULL gives a date-only pickup. */
char       *bmd_test_local_pickup (int         days,
                                   const char *time);

G_END_DECLS
