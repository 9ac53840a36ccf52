/* Stand-in for the core's BmdPipelineJob until its implementation lands:
 * the same header, with the main-thread notification contract. */
#define G_LOG_DOMAIN "bmd-pipeline-job"

#include "config.h"

#include "bmd-pipeline-job.h"

struct _BmdPipelineJob
{
  GObject parent_instance;

  GMutex mutex;
  GMainContext *context;
  GCancellable *cancellable;
  char *stage;
  char *message;
  double fraction;
  guint orders_read;
  guint notify_id;
};

G_DEFINE_FINAL_TYPE (BmdPipelineJob, bmd_pipeline_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STAGE,
  PROP_MESSAGE,
  PROP_FRACTION,
  PROP_ORDERS_READ,
  PROP_CANCELLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
notify_cb (gpointer user_data)
{
  BmdPipelineJob *self = user_data;

  g_mutex_lock (&self->mutex);
  self->notify_id = 0;
  g_mutex_unlock (&self->mutex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDERS_READ]);
  return G_SOURCE_REMOVE;
}

static void
queue_notify_locked (BmdPipelineJob *self)
{
  GSource *source;

  if (self->notify_id != 0)
    return;
  source = g_idle_source_new ();
  g_source_set_callback (source, notify_cb, g_object_ref (self), g_object_unref);
  self->notify_id = g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
bmd_pipeline_job_finalize (GObject *object)
{
  BmdPipelineJob *self = (BmdPipelineJob *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->stage);
  g_free (self->message);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (bmd_pipeline_job_parent_class)->finalize (object);
}

static void
bmd_pipeline_job_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BmdPipelineJob *self = BMD_PIPELINE_JOB (object);

  switch (prop_id)
    {
    case PROP_STAGE:
      g_value_take_string (value, bmd_pipeline_job_dup_stage (self));
      break;
    case PROP_MESSAGE:
      g_value_take_string (value, bmd_pipeline_job_dup_message (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, bmd_pipeline_job_get_fraction (self));
      break;
    case PROP_ORDERS_READ:
      g_value_set_uint (value, bmd_pipeline_job_get_orders_read (self));
      break;
    case PROP_CANCELLED:
      g_value_set_boolean (value, bmd_pipeline_job_get_cancelled (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bmd_pipeline_job_class_init (BmdPipelineJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bmd_pipeline_job_finalize;
  object_class->get_property = bmd_pipeline_job_get_property;

  properties[PROP_STAGE] = g_param_spec_string ("stage", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDERS_READ] = g_param_spec_uint ("orders-read", NULL, NULL, 0, G_MAXUINT, 0,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CANCELLED] = g_param_spec_boolean ("cancelled", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bmd_pipeline_job_init (BmdPipelineJob *self)
{
  g_mutex_init (&self->mutex);
  self->cancellable = g_cancellable_new ();
  self->context = g_main_context_ref_thread_default ();
}

BmdPipelineJob *
bmd_pipeline_job_new (void)
{
  return g_object_new (BMD_TYPE_PIPELINE_JOB, NULL);
}

char *
bmd_pipeline_job_dup_stage (BmdPipelineJob *self)
{
  char *stage;

  g_return_val_if_fail (BMD_IS_PIPELINE_JOB (self), NULL);
  g_mutex_lock (&self->mutex);
  stage = g_strdup (self->stage);
  g_mutex_unlock (&self->mutex);
  return stage;
}

char *
bmd_pipeline_job_dup_message (BmdPipelineJob *self)
{
  char *message;

  g_return_val_if_fail (BMD_IS_PIPELINE_JOB (self), NULL);
  g_mutex_lock (&self->mutex);
  message = g_strdup (self->message);
  g_mutex_unlock (&self->mutex);
  return message;
}

double
bmd_pipeline_job_get_fraction (BmdPipelineJob *self)
{
  double fraction;

  g_return_val_if_fail (BMD_IS_PIPELINE_JOB (self), 0);
  g_mutex_lock (&self->mutex);
  fraction = self->fraction;
  g_mutex_unlock (&self->mutex);
  return fraction;
}

guint
bmd_pipeline_job_get_orders_read (BmdPipelineJob *self)
{
  guint orders_read;

  g_return_val_if_fail (BMD_IS_PIPELINE_JOB (self), 0);
  g_mutex_lock (&self->mutex);
  orders_read = self->orders_read;
  g_mutex_unlock (&self->mutex);
  return orders_read;
}

gboolean
bmd_pipeline_job_get_cancelled (BmdPipelineJob *self)
{
  g_return_val_if_fail (BMD_IS_PIPELINE_JOB (self), FALSE);
  return g_cancellable_is_cancelled (self->cancellable);
}

GCancellable *
bmd_pipeline_job_get_cancellable (BmdPipelineJob *self)
{
  g_return_val_if_fail (BMD_IS_PIPELINE_JOB (self), NULL);
  return self->cancellable;
}

void
bmd_pipeline_job_cancel (BmdPipelineJob *self)
{
  g_return_if_fail (BMD_IS_PIPELINE_JOB (self));
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  g_cancellable_cancel (self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLED]);
}

void
bmd_pipeline_job_set_stage (BmdPipelineJob *self,
                            const char     *stage,
                            double          fraction,
                            const char     *message)
{
  g_return_if_fail (BMD_IS_PIPELINE_JOB (self));
  g_mutex_lock (&self->mutex);
  g_free (self->stage);
  self->stage = g_strdup (stage);
  g_free (self->message);
  self->message = g_strdup (message);
  self->fraction = CLAMP (fraction, 0, 1);
  queue_notify_locked (self);
  g_mutex_unlock (&self->mutex);
}

void
bmd_pipeline_job_set_progress (BmdPipelineJob *self,
                               double          fraction,
                               guint           orders_read,
                               const char     *message)
{
  g_return_if_fail (BMD_IS_PIPELINE_JOB (self));
  g_mutex_lock (&self->mutex);
  self->fraction = CLAMP (fraction, 0, 1);
  self->orders_read = orders_read;
  g_free (self->message);
  self->message = g_strdup (message);
  queue_notify_locked (self);
  g_mutex_unlock (&self->mutex);
}
