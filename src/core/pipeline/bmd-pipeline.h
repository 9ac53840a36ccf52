#pragma once

#include <gio/gio.h>

#include "bmd-config.h"
#include "bmd-pipeline-job.h"

G_BEGIN_DECLS

#define BMD_PIPELINE_ERROR (bmd_pipeline_error_quark ())

typedef enum
{
  BMD_PIPELINE_ERROR_CONFIG,     /* settings missing or wrong: nothing was tried */
  BMD_PIPELINE_ERROR_BUSY,       /* another refresh runs on this data dir */
  BMD_PIPELINE_ERROR_EXTRACT,    /* Shopify failed; the store is unchanged */
  BMD_PIPELINE_ERROR_STORE,      /* the local warehouse failed; unchanged */
  BMD_PIPELINE_ERROR_OTHER_SHOP, /* the store holds another shop's orders; unchanged */
} BmdPipelineError;

typedef struct
{
  guint    total;          /* live orders in the store afterwards */
  guint    added;
  guint    updated;
  guint    deleted;
  gboolean lake_ran;
  char    *lake_uri;       /* s3://BUCKET/KEY of the snapshot */
  gboolean warehouse_ran;
  gint64   warehouse_rows; /* rows in bmd.orders afterwards */
  /* Set when the store was refreshed but the lake or warehouse stage failed:
   * names the stage ("lake: …" / "warehouse: …"). */
  char    *later_stage_error;
  /* The shop's zone is not known here and the refresh planned in another. */
  char    *zone_warning;
  /* A paid draft's order still lacks its cake's details: why. */
  char    *draft_warning;
  /* The store was switched from this shop's orders (set aside) to the
   * current shop's; NULL when no switch happened. */
  char    *switched_from;
} BmdRefreshResult;

void bmd_refresh_result_free (BmdRefreshResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdRefreshResult, bmd_refresh_result_free)

GQuark            bmd_pipeline_error_quark (void);

/* The whole refresh: extract -> store (-> lake -> warehouse when configured).
 * Blocking; for worker threads and the CLI. Errors name the stage. */
BmdRefreshResult *bmd_pipeline_run         (const BmdConfig      *config,
                                            gboolean              full,
                                            BmdPipelineJob       *job,
                                            GError              **error);
/* The same in a GTask thread with its own connections. */
void              bmd_pipeline_run_async   (const BmdConfig      *config,
                                            gboolean              full,
                                            BmdPipelineJob       *job,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
BmdRefreshResult *bmd_pipeline_run_finish  (GAsyncResult         *result,
                                            GError              **error);

/* "refreshed: N orders (A added, U updated, D deleted)" plus the lake and
 * warehouse parts, exactly as the CLI prints it. */
char             *bmd_refresh_result_format (const BmdRefreshResult *result);

G_END_DECLS
