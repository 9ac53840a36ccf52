#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The refresh's progress, shared between the worker and the main thread.
 * Setters may be called from any thread: they lock, and one idle callback on
 * the main context the job was created in sends the property notifications,
 * so the UI only ever sees changes on its own thread. Getters that cross
 * threads copy (dup_). */
#define BMD_TYPE_PIPELINE_JOB (bmd_pipeline_job_get_type ())
G_DECLARE_FINAL_TYPE (BmdPipelineJob, bmd_pipeline_job, BMD, PIPELINE_JOB, GObject)

BmdPipelineJob *bmd_pipeline_job_new          (void);

/* "extract", "store", "lake", "warehouse", or NULL before the start. */
char           *bmd_pipeline_job_dup_stage    (BmdPipelineJob *self);
char           *bmd_pipeline_job_dup_message  (BmdPipelineJob *self);
/* 0..1 within the whole refresh. */
double          bmd_pipeline_job_get_fraction (BmdPipelineJob *self);
/* Orders read from Shopify so far. */
guint           bmd_pipeline_job_get_orders_read (BmdPipelineJob *self);
gboolean        bmd_pipeline_job_get_cancelled (BmdPipelineJob *self);
GCancellable   *bmd_pipeline_job_get_cancellable (BmdPipelineJob *self);
/* Stops the refresh within a second; it then fails with G_IO_ERROR_CANCELLED
 * and leaves the store as it was. */
void            bmd_pipeline_job_cancel       (BmdPipelineJob *self);

/* For the worker. */
void            bmd_pipeline_job_set_stage    (BmdPipelineJob *self,
                                               const char     *stage,
                                               double          fraction,
                                               const char     *message);
void            bmd_pipeline_job_set_progress (BmdPipelineJob *self,
                                               double          fraction,
                                               guint           orders_read,
                                               const char     *message);

G_END_DECLS
