/* What the files of the simulator's store share (bmd-sim-data.c keeps the
 * store itself; generation, orderCreate and loading live beside it). */
#pragma once

#include "bmd-sim-data.h"

G_BEGIN_DECLS

#define ORDER_ID_BASE    G_GINT64_CONSTANT (5900000000000)
#define CUSTOMER_ID_BASE G_GINT64_CONSTANT (7100000000000)
#define ITEM_ID_BASE     G_GINT64_CONSTANT (14200000000000)
#define FIELD_ID_BASE    G_GINT64_CONSTANT (26300000000000)
#define DAY              86400

struct _BmdSimStore
{
  GRand      *rand;
  GTimeZone  *shop_tz;
  GDate       around;
  JsonObject *shop;

  GPtrArray  *orders;       /* BmdSimOrder*, owned, any order */
  GHashTable *by_id;        /* gint64* -> BmdSimOrder* */
  GPtrArray  *sorted[BMD_SIM_N_SORTS];
  GPtrArray  *customers;    /* JsonObject*, owned */
  GHashTable *customer_ids; /* gid -> JsonObject* in customers: loading is linear */

  gint64      next_order;   /* order number, #1001 up */
  gint64      last_order_id;
  gint64      next_customer;
  gint64      next_item;
  gint64      next_field;
};

void        _bmd_sim_set_time_member       (JsonObject  *node,
                                            const char  *member,
                                            gint64       t);
JsonObject *_bmd_sim_money_bag             (const char  *amount,
                                            const char  *currency);
char       *_bmd_sim_format_cents          (gint64       cents);
const char *_bmd_sim_get_string            (JsonObject  *object,
                                            const char  *member);
JsonObject *_bmd_sim_get_object            (JsonObject  *object,
                                            const char  *member);
JsonArray  *_bmd_sim_get_array             (JsonObject  *object,
                                            const char  *member);

void        _bmd_sim_store_index           (BmdSimStore *store,
                                            BmdSimOrder *order);
void        _bmd_sim_store_invalidate      (BmdSimStore *store);
void        _bmd_sim_store_add_customer_id (BmdSimStore *store,
                                            JsonObject  *customer);
JsonObject *_bmd_sim_store_new_customer    (BmdSimStore *store,
                                            const char  *first,
                                            const char  *last,
                                            const char  *email,
                                            const char  *phone);
JsonObject *_bmd_sim_store_find_customer   (BmdSimStore *store,
                                            const char  *id,
                                            const char  *email);
void        _bmd_sim_store_number_fields   (BmdSimStore *store,
                                            JsonObject  *node,
                                            gint64       created);
BmdSimOrder *_bmd_sim_store_adopt_node     (BmdSimStore *store,
                                            JsonObject  *node,
                                            gint64       created,
                                            gint64       updated,
                                            gint64       processed);

G_END_DECLS
