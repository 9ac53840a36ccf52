/* Validates a GraphQL request against the part of Shopify's Admin schema
 * the simulator models, computes its cost and runs it against the store. */
#pragma once

#include "bmd-sim-data.h"
#include "bmd-sim-drafts.h"

typedef struct _BmdSimBulk BmdSimBulk;

G_BEGIN_DECLS

#define BMD_SIM_MAX_PAGE_SIZE       250
#define BMD_SIM_MAX_QUERY_COST      1000
#define BMD_SIM_MUTATION_COST       10
#define BMD_SIM_MAX_METAFIELDS_SET  25

typedef struct
{
  gint64  now;           /* unix seconds */
  gint64  mono_now;      /* g_get_monotonic_time () */
  guint   create_rate;   /* orderCreate per minute */
  GQueue *create_times;  /* monotonic times of recent creates, oldest first */
  /* metafieldsSet leaves the owner's updatedAt alone: the world the sweep
   * exists for (Shopify bumps it). */
  gboolean metafield_edits_keep_updated_at;
  BmdSimDrafts *drafts;  /* NULL: draft mutations answer null */
  BmdSimBulk   *bulk;    /* NULL: bulk operations answer null */
} BmdSimExecEnv;

typedef struct _BmdSimQuery BmdSimQuery;

/* Parses and validates. Returns NULL after appending Shopify-shaped errors to
 * @errors. */
BmdSimQuery *bmd_sim_query_prepare            (const char    *text,
                                               const char    *operation_name,
                                               JsonNode      *variables,
                                               JsonArray     *errors);
/* The inner query of bulkOperationRunQuery: validated as a query whose
 * connections are read whole (first, after and the like are ignored); NULL
 * after appending errors. */
BmdSimQuery *bmd_sim_query_prepare_bulk       (const char    *text,
                                               JsonArray     *errors);
void         bmd_sim_query_free               (BmdSimQuery   *query);
/* BmdGqlSelection* of the operation. */
GPtrArray   *bmd_sim_query_get_selections     (BmdSimQuery   *query);
double       bmd_sim_query_get_requested_cost (BmdSimQuery   *query);
gboolean     bmd_sim_query_is_mutation        (BmdSimQuery   *query);
/* Whether a top-level field's name starts with @prefix ("draftOrder"). */
gboolean     bmd_sim_query_has_root_field     (BmdSimQuery   *query,
                                               const char    *prefix);
/* Returns the "data" object; @actual_cost gets the cost of what was
 * returned. */
JsonNode    *bmd_sim_query_execute            (BmdSimQuery   *query,
                                               BmdSimStore   *store,
                                               BmdSimExecEnv *env,
                                               double        *actual_cost);

/* Appends {"message", "locations", "extensions": {"code"}} to @errors. Line 0
 * leaves out the locations. */
void         bmd_sim_add_error                (JsonArray     *errors,
                                               guint          line,
                                               guint          column,
                                               const char    *code,
                                               const char    *format,
                                               ...) G_GNUC_PRINTF (5, 6);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdSimQuery, bmd_sim_query_free)

G_END_DECLS
