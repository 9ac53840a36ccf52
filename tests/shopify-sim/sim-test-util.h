/* Helpers the simulator's tests share: blocking HTTP calls to the sim. */
#pragma once

#include "bmd-test-sim.h"

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  guint       status;
  char       *body;
  gsize       len;
  char       *api_version;   /* X-Shopify-API-Version */
  char       *retry_after;
  JsonNode   *root;          /* NULL when the body is not JSON */
  GError     *error;         /* transport error */
} SimReply;

void        sim_reply_free (SimReply *reply);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimReply, sim_reply_free)

SoupSession *sim_session_new   (void);
SimReply   *sim_post           (SoupSession *session,
                                const char  *url,
                                const char  *path,
                                const char  *token,
                                const char  *content_type,
                                const char  *body);
/* POST {"query", "variables"} to /admin/api/2026-10/graphql.json with the
 * token "test-token". @variables_json may be NULL. */
SimReply   *sim_graphql        (SoupSession *session,
                                BmdShopifySim *sim,
                                const char  *query,
                                const char  *variables_json);
SimReply   *sim_graphql_full   (SoupSession *session,
                                BmdShopifySim *sim,
                                const char  *version,
                                const char  *token,
                                const char  *query,
                                const char  *variables_json,
                                const char  *operation_name);

/* Looks up a dotted path ("data.orders.pageInfo.endCursor", with numbers
 * for array elements) in the reply; NULL when absent. */
JsonNode   *sim_get            (SimReply   *reply,
                                const char *path);
const char *sim_get_string     (SimReply   *reply,
                                const char *path);
gint64      sim_get_int        (SimReply   *reply,
                                const char *path);
gboolean    sim_has            (SimReply   *reply,
                                const char *path);
/* errors[0].extensions.code, or NULL. */
const char *sim_error_code     (SimReply   *reply);

BmdShopifySim *sim_start       (BmdShopifySimOptions *options);

G_END_DECLS
