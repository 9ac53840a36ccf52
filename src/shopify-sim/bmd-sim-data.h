/* The simulator's orders: generation, storage in sorted arrays, edits. Not
 * thread-safe; the server holds its lock around every call. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  BMD_SIM_SORT_ID,
  BMD_SIM_SORT_UPDATED_AT,
  BMD_SIM_SORT_CREATED_AT,
  BMD_SIM_SORT_PROCESSED_AT,
  BMD_SIM_N_SORTS,
} BmdSimSortKey;

typedef struct
{
  gint64      id;           /* legacy resource id */
  gint64      times[BMD_SIM_N_SORTS]; /* unix seconds; times[ID] is unused */
  /* The node with the API's field names; "lineItems" and "metafields" are
   * plain arrays here and become connections when queried. */
  JsonObject *node;
} BmdSimOrder;

typedef struct _BmdSimStore BmdSimStore;

BmdSimStore *bmd_sim_store_new       (guint64      seed,
                                      const GDate *around,
                                      gint64       now);
void         bmd_sim_store_free      (BmdSimStore *store);

void         bmd_sim_store_generate  (BmdSimStore *store,
                                      guint        requests,
                                      gint64       now);
void         bmd_sim_store_add_requests (BmdSimStore *store,
                                         guint        count,
                                         gint64       now);
gboolean     bmd_sim_store_load_jsonl (BmdSimStore *store,
                                       const char  *path,
                                       gint64       now,
                                       GError     **error);

guint        bmd_sim_store_get_count (BmdSimStore *store);
BmdSimOrder *bmd_sim_store_lookup    (BmdSimStore *store,
                                      gint64       id);
/* Accepts "gid://shopify/Order/N"; NULL when not an order gid. */
BmdSimOrder *bmd_sim_store_lookup_gid (BmdSimStore *store,
                                       const char  *gid);
/* Sorted by (key, id) ascending; owned by the store, valid until the next
 * change. */
GPtrArray   *bmd_sim_store_get_sorted (BmdSimStore  *store,
                                       BmdSimSortKey key);
gint64       bmd_sim_order_sort_value (BmdSimOrder  *order,
                                       BmdSimSortKey key);

gboolean     bmd_sim_store_delete    (BmdSimStore *store,
                                      gint64       id);
void         bmd_sim_store_touch     (BmdSimStore *store,
                                      BmdSimOrder *order,
                                      gint64       now);
gboolean     bmd_sim_store_cancel    (BmdSimStore *store,
                                      BmdSimOrder *order,
                                      gint64       now);
void         bmd_sim_store_set_financial_status (BmdSimStore *store,
                                                 BmdSimOrder *order,
                                                 const char  *status,
                                                 gint64       now);
/* Returns the metafield object (owned by the order). */
JsonObject  *bmd_sim_store_set_metafield (BmdSimStore *store,
                                          BmdSimOrder *order,
                                          const char  *ns,
                                          const char  *key,
                                          const char  *type,
                                          const char  *value,
                                          gboolean     touch,
                                          gint64       now);

/* orderCreate: @input is OrderCreateOrderInput. Returns the new order, or
 * NULL with @message set for a userError. */
BmdSimOrder *bmd_sim_store_create_order (BmdSimStore *store,
                                         JsonObject  *input,
                                         gint64       now,
                                         char       **message,
                                         char       **field);

/* The shop, as the shop field returns it. */
JsonObject  *bmd_sim_store_get_shop  (BmdSimStore *store);

char        *bmd_sim_format_time     (gint64       unix_seconds);
/* ISO 8601 with Z or an offset; date-only and no-offset values are read in
 * the shop's zone. */
gboolean     bmd_sim_parse_time      (BmdSimStore *store,
                                      const char  *text,
                                      gint64      *out,
                                      gboolean    *date_only);

G_END_DECLS
