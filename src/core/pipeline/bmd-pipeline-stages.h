#pragma once

#include "bmd-config.h"
#include "bmd-pipeline.h"
#include "bmd-store.h"

G_BEGIN_DECLS

/* The lake and warehouse stages, after the store committed. They run only
 * when configured; a failure is recorded in result->later_stage_error. */
void _bmd_pipeline_run_later_stages (const BmdConfig  *config,
                                     BmdStore         *store,
                                     BmdPipelineJob   *job,
                                     BmdRefreshResult *result);

G_END_DECLS
