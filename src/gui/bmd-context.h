#pragma once

#include <gio/gio.h>

#include "bmd-config.h"
#include "bmd-pipeline.h"
#include "bmd-insights.h"
#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* The app's shared services: settings, the loaded snapshot of the local
 * warehouse, the one refresh that may run, and the watch on the store file.
 * Lives on the main thread; all store and pipeline work happens in threads. */
#define BMD_TYPE_CONTEXT (bmd_context_get_type ())
G_DECLARE_FINAL_TYPE (BmdContext, bmd_context, BMD, CONTEXT, GObject)

/* Takes a copy of @config. @now NULL follows the clock (tests pin it). */
BmdContext      *bmd_context_new               (const BmdConfig *config,
                                                GDateTime       *now);
const BmdConfig *bmd_context_get_config        (BmdContext *self);
/* Takes a copy of @config (the settings changed). Reloads when what the
 * views show depends on a change: the zone, the queue window, the shop. A
 * running refresh keeps the config it started with. */
void             bmd_context_set_config        (BmdContext      *self,
                                                const BmdConfig *config);
/* The last loaded snapshot, or NULL before the first load or when there is no warehouse. */
BmdSnapshot     *bmd_context_get_snapshot      (BmdContext *self);
/* The Insights tables of the snapshot's plan, or NULL. */
BmdInsights     *bmd_context_get_insights      (BmdContext *self);
/* Why the last load failed, or NULL. */
const GError    *bmd_context_get_load_error    (BmdContext *self);
gboolean         bmd_context_get_loading       (BmdContext *self);
/* TRUE once the first load has finished (with data or an error). */
gboolean         bmd_context_get_loaded        (BmdContext *self);

/* Reads the warehouse again in a thread; coalesces with a load that is running. */
void             bmd_context_reload            (BmdContext *self);

/* FALSE (and nothing started) when a refresh already runs. */
gboolean         bmd_context_refresh           (BmdContext *self);
/* A refresh that sets the store's orders aside when they are another shop's. */
gboolean         bmd_context_refresh_switching_shop (BmdContext *self);
void             bmd_context_cancel_refresh    (BmdContext *self);
/* The running refresh's progress, or NULL. */
BmdPipelineJob  *bmd_context_get_job           (BmdContext *self);

/* Marks or clears a day off in the local warehouse, in a thread, then reloads. */
void             bmd_context_set_day_off_async (BmdContext          *self,
                                                const GDate         *day,
                                                gboolean             off,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean         bmd_context_set_day_off_finish (BmdContext   *self,
                                                 GAsyncResult *result,
                                                 GError      **error);

G_END_DECLS
