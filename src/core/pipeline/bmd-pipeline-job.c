#define G_LOG_DOMAIN "bmd-pipeline-job"

#include "config.h"

#include "bmd-pipeline-job.h"

struct _BmdPipelineJob
{
  GObject parent_instance;

  GMutex mutex;
  GMainContext *context;   /* where notifications are sent */
  GCancellable *cancellable;
  char *stage;
  char *message;
  double fraction;
  guint orders_read;
  guint pending_notify;    /* a bitmask of properties changed since the last idle */
  gboolean idle_queued;
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
notify_in_context_cb (gpointer data)
{
  BmdPipelineJob *self = data;
  guint pending;
  guint prop;

  g_mutex_lock (&self->mutex);
  pending = self->pending_notify;
  self->pending_notify = 0;
  self->idle_queued = FALSE;
  g_mutex_unlock (&self->mutex);

  for (prop = PROP_STAGE; prop < N_PROPS; prop++)
    {
      if (pending & (1u << prop))
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
    }
  return G_SOURCE_REMOVE;
}

/* Called with the mutex held. */
static void
queue_notify_locked (BmdPipelineJob *self,
                     guint           prop)
{
  self->pending_notify |= 1u << prop;
  if (!self->idle_queued)
    {
      GSource *source = g_idle_source_new ();

      self->idle_queued = TRUE;
      g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
      g_source_set_callback (source, notify_in_context_cb, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[bmd] pipeline job notify");
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

static void
cancelled_cb (GCancellable   *cancellable,
              BmdPipelineJob *self)
{
  g_mutex_lock (&self->mutex);
  queue_notify_locked (self, PROP_CANCELLED);
  g_mutex_unlock (&self->mutex);
}

static void
bmd_pipeline_job_finalize (GObject *object)
{
  BmdPipelineJob *self = (BmdPipelineJob *)object;

  g_signal_handlers_disconnect_by_func (self->cancellable, cancelled_cb, self);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->stage, g_free);
  g_clear_pointer (&self->message, g_free);
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

  properties[PROP_STAGE] =
    g_param_spec_string ("stage", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDERS_READ] =
    g_param_spec_uint ("orders-read", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CANCELLED] =
    g_param_spec_boolean ("cancelled", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bmd_pipeline_job_init (BmdPipelineJob *self)
{
  g_mutex_init (&self->mutex);
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self->cancellable, "cancelled", G_CALLBACK (cancelled_cb), self);
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
  g_cancellable_cancel (self->cancellable);
}

static void
set_string_locked (BmdPipelineJob  *self,
                   char           **field,
                   const char      *value,
                   guint            prop)
{
  if (value == NULL || g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  queue_notify_locked (self, prop);
}

static void
set_fraction_locked (BmdPipelineJob *self,
                     double          fraction)
{
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  queue_notify_locked (self, PROP_FRACTION);
}

void
bmd_pipeline_job_set_stage (BmdPipelineJob *self,
                            const char     *stage,
                            double          fraction,
                            const char     *message)
{
  g_return_if_fail (BMD_IS_PIPELINE_JOB (self));

  g_mutex_lock (&self->mutex);
  set_string_locked (self, &self->stage, stage, PROP_STAGE);
  set_string_locked (self, &self->message, message, PROP_MESSAGE);
  set_fraction_locked (self, fraction);
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
  set_string_locked (self, &self->message, message, PROP_MESSAGE);
  set_fraction_locked (self, fraction);
  if (orders_read != self->orders_read)
    {
      self->orders_read = orders_read;
      queue_notify_locked (self, PROP_ORDERS_READ);
    }
  g_mutex_unlock (&self->mutex);
}
