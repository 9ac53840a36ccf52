#define G_LOG_DOMAIN "bmd-context"

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-context.h"
#include "bmd-format.h"
#include "bmd-store.h"

/* How long a refresh started from the window retries one Shopify request. */
#define INTERACTIVE_RETRY_LIMIT_S 15.0

/* A burst of writes (a refresh commits, SQLite checkpoints) settles before we look. */
#define RELOAD_DEBOUNCE_MS 400

struct _BmdContext
{
  GObject parent_instance;

  BmdConfig *config;
  GDateTime *now;

  BmdSnapshot *snapshot;
  BmdInsights *insights;  /* of the snapshot's plan, computed with it */
  GError *load_error;
  GCancellable *load_cancellable;
  gboolean loading;
  gboolean loaded;
  gboolean reload_pending;

  BmdPipelineJob *job;

  GFileMonitor *monitors[2];
  guint debounce_id;
  gboolean check_after_load;
  char *fingerprint;
  GCancellable *check_cancellable;
};

G_DEFINE_FINAL_TYPE (BmdContext, bmd_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SNAPSHOT,
  PROP_LOADING,
  PROP_LOADED,
  PROP_JOB,
  N_PROPS
};

enum {
  REFRESH_FINISHED,
  CONFIG_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  char *data_dir;
  GDateTime *now;
  char *zone;
  BmdPlanFlags flags;
} LoadData;

typedef struct
{
  BmdSnapshot *snapshot;
  BmdInsights *insights;
  char *fingerprint;
} LoadResult;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->data_dir);
  g_clear_pointer (&load->now, g_date_time_unref);
  g_free (load->zone);
  g_free (load);
}

static void
load_result_free (gpointer data)
{
  LoadResult *result = data;

  g_clear_object (&result->snapshot);
  g_clear_object (&result->insights);
  g_free (result->fingerprint);
  g_free (result);
}

/* Size and modification time of the database and its WAL. Reading the store
 * creates and removes an empty WAL, so an empty WAL counts as none: our own
 * loads do not look like a change. Runs in a thread (it stats files). */
static char *
dup_store_fingerprint (const char *data_dir)
{
  static const char * const names[] = { "bakemyday.sqlite3", "bakemyday.sqlite3-wal" };
  GString *text = g_string_new (NULL);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (data_dir, names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      /* Microseconds: a commit can land within the second of the last load. */
      g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                     G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                     G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                     G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      if (info != NULL && g_file_info_get_size (info) > 0)
        g_string_append_printf (text, "%s:%" G_GINT64_FORMAT ":%" G_GUINT64_FORMAT ".%06u;",
                                names[i], (gint64) g_file_info_get_size (info),
                                g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                                g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC));
      else
        g_string_append_printf (text, "%s:-;", names[i]);
    }
  return g_string_free (text, FALSE);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadData *load = task_data;
  LoadResult *result;
  GError *error = NULL;
  g_autofree char *before = NULL;
  BmdSnapshot *snapshot;

  /* Taken before reading: a commit that lands during the read changes the
   * fingerprint, and the monitor's next look reloads. */
  before = dup_store_fingerprint (load->data_dir);
  snapshot = bmd_snapshot_load (load->data_dir, load->now, load->zone, load->flags, &error);
  if (snapshot == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = g_new0 (LoadResult, 1);
  result->snapshot = snapshot;
  /* Here, while this thread still has the plan to itself: the insights read
   * the plan's requests, which the views make on the main thread later. */
  result->insights = bmd_insights_new (bmd_snapshot_get_plan (snapshot));
  result->fingerprint = g_steal_pointer (&before);
  g_task_return_pointer (task, result, load_result_free);
}

static void start_load (BmdContext *self);
static gboolean debounce_cb (gpointer user_data);

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(BmdContext) self = user_data;
  g_autoptr(GError) error = NULL;
  LoadResult *loaded;
  gboolean was_loaded = self->loaded;

  loaded = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->load_cancellable);
  g_clear_error (&self->load_error);
  if (loaded != NULL)
    {
      g_set_object (&self->snapshot, loaded->snapshot);
      g_set_object (&self->insights, loaded->insights);
      g_free (self->fingerprint);
      self->fingerprint = g_steal_pointer (&loaded->fingerprint);
      load_result_free (loaded);
    }
  else
    {
      g_debug ("load failed: %s", error->message);
      g_clear_object (&self->snapshot);
      g_clear_object (&self->insights);
      self->load_error = g_steal_pointer (&error);
    }

  self->loading = FALSE;
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAPSHOT]);
  if (!was_loaded)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);

  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      start_load (self);
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (self->check_after_load && self->debounce_id == 0)
    {
      self->check_after_load = FALSE;
      self->debounce_id = g_timeout_add (RELOAD_DEBOUNCE_MS, debounce_cb, self);
    }
}

static void
start_load (BmdContext *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_assert (BMD_IS_CONTEXT (self));

  if (!self->loading)
    {
      self->loading = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }

  load = g_new0 (LoadData, 1);
  load->data_dir = g_strdup (self->config->data_dir);
  load->now = self->now != NULL ? g_date_time_ref (self->now) : NULL;
  load->zone = g_strdup (self->config->zone);
  load->flags = self->config->queue_calendar_week ? BMD_PLAN_FLAGS_CALENDAR_WEEK : BMD_PLAN_FLAGS_NONE;

  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->load_cancellable, load_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_in_thread);
}

void
bmd_context_reload (BmdContext *self)
{
  g_return_if_fail (BMD_IS_CONTEXT (self));

  if (self->loading)
    self->reload_pending = TRUE;
  else
    start_load (self);
}

static void
fingerprint_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  g_task_return_pointer (task, dup_store_fingerprint (task_data), g_free);
}

static void
fingerprint_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BmdContext) self = user_data;
  g_autofree char *fingerprint = g_task_propagate_pointer (G_TASK (result), NULL);

  if (fingerprint == NULL)
    return;
  g_clear_object (&self->check_cancellable);
  /* A running refresh reloads when it ends. */
  if (self->job != NULL)
    return;
  /* Our own read touches the files too (SQLite's -wal and -shm), and the
   * fingerprint to compare with is only known when the load ends: look again
   * then, rather than load everything twice. */
  if (self->loading)
    {
      self->check_after_load = TRUE;
      return;
    }
  if (g_strcmp0 (fingerprint, self->fingerprint) != 0)
    {
      g_debug ("the store changed on disk; reloading");
      bmd_context_reload (self);
    }
}

static gboolean
debounce_cb (gpointer user_data)
{
  BmdContext *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->debounce_id = 0;
  if (self->check_cancellable != NULL)
    return G_SOURCE_REMOVE;

  self->check_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->check_cancellable, fingerprint_cb, g_object_ref (self));
  g_task_set_source_tag (task, debounce_cb);
  g_task_set_task_data (task, g_strdup (self->config->data_dir), g_free);
  g_task_run_in_thread (task, fingerprint_in_thread);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (GFileMonitor      *monitor,
                  GFile             *file,
                  GFile             *other_file,
                  GFileMonitorEvent  event,
                  gpointer           user_data)
{
  BmdContext *self = user_data;

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
    return;
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->debounce_id = g_timeout_add (RELOAD_DEBOUNCE_MS, debounce_cb, self);
}

static void
watch_store (BmdContext *self)
{
  static const char * const names[] = { "bakemyday.sqlite3", "bakemyday.sqlite3-wal" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (self->config->data_dir, names[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) error = NULL;

      self->monitors[i] = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
      if (self->monitors[i] == NULL)
        {
          g_debug ("cannot watch %s: %s", path, error->message);
          continue;
        }
      g_signal_connect (self->monitors[i], "changed", G_CALLBACK (store_changed_cb), self);
    }
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BmdContext) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdRefreshResult) outcome = NULL;

  outcome = bmd_pipeline_run_finish (result, &error);
  g_clear_object (&self->job);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);

  g_signal_emit (self, signals[REFRESH_FINISHED], 0, outcome, error);
  /* A failed refresh leaves the store as it was, but a later stage's
   * failure comes after new data was stored. */
  if (outcome != NULL)
    bmd_context_reload (self);
}

static gboolean
start_refresh (BmdContext *self,
               gboolean    switch_shop)
{
  g_autoptr(BmdConfig) config = NULL;

  if (self->job != NULL)
    return FALSE;

  config = bmd_config_copy (self->config);
  /* Someone is watching: a shop that does not answer should fail in seconds,
   * not after the daily refresh's two minutes of retries. */
  config->retry_limit = INTERACTIVE_RETRY_LIMIT_S;
  config->switch_shop = switch_shop;
  self->job = bmd_pipeline_job_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
  bmd_pipeline_run_async (config, FALSE, self->job, refresh_cb, g_object_ref (self));
  return TRUE;
}

gboolean
bmd_context_refresh (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), FALSE);

  return start_refresh (self, FALSE);
}

gboolean
bmd_context_refresh_switching_shop (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), FALSE);

  return start_refresh (self, TRUE);
}

void
bmd_context_cancel_refresh (BmdContext *self)
{
  g_return_if_fail (BMD_IS_CONTEXT (self));

  if (self->job != NULL)
    bmd_pipeline_job_cancel (self->job);
}

typedef struct
{
  char *data_dir;
  char *date;
  gboolean off;
} DayOffData;

static void
day_off_data_free (gpointer data)
{
  DayOffData *day_off = data;

  g_free (day_off->data_dir);
  g_free (day_off->date);
  g_free (day_off);
}

static void
day_off_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  DayOffData *day_off = task_data;
  g_autoptr(BmdStore) store = NULL;
  GError *error = NULL;

  store = bmd_store_open (day_off->data_dir, &error);
  if (store == NULL || !bmd_store_set_day_off (store, day_off->date, day_off->off, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
day_off_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *outer = user_data;
  BmdContext *self = g_task_get_source_object (outer);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      bmd_context_reload (self);
      g_task_return_boolean (outer, TRUE);
    }
  else
    g_task_return_error (outer, error);
  g_object_unref (outer);
}

void
bmd_context_set_day_off_async (BmdContext          *self,
                               const GDate         *day,
                               gboolean             off,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) task = NULL;
  DayOffData *day_off;

  g_return_if_fail (BMD_IS_CONTEXT (self));
  g_return_if_fail (day != NULL && g_date_valid (day));

  outer = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (outer, bmd_context_set_day_off_async);

  day_off = g_new0 (DayOffData, 1);
  day_off->data_dir = g_strdup (self->config->data_dir);
  day_off->date = bmd_format_date_key (day);
  day_off->off = off;

  task = g_task_new (NULL, NULL, day_off_cb, outer);
  g_task_set_source_tag (task, day_off_in_thread);
  g_task_set_task_data (task, day_off, day_off_data_free);
  g_task_run_in_thread (task, day_off_in_thread);
}

gboolean
bmd_context_set_day_off_finish (BmdContext    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
bmd_context_dispose (GObject *object)
{
  BmdContext *self = (BmdContext *)object;
  guint i;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  for (i = 0; i < G_N_ELEMENTS (self->monitors); i++)
    {
      if (self->monitors[i] != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->monitors[i], self);
          g_file_monitor_cancel (self->monitors[i]);
        }
      g_clear_object (&self->monitors[i]);
    }
  if (self->job != NULL)
    bmd_pipeline_job_cancel (self->job);
  g_clear_object (&self->job);
  g_clear_object (&self->snapshot);
  g_clear_object (&self->insights);

  G_OBJECT_CLASS (bmd_context_parent_class)->dispose (object);
}

static void
bmd_context_finalize (GObject *object)
{
  BmdContext *self = (BmdContext *)object;

  g_clear_pointer (&self->config, bmd_config_free);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_error (&self->load_error);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (bmd_context_parent_class)->finalize (object);
}

static void
bmd_context_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  BmdContext *self = BMD_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SNAPSHOT:
      g_value_set_object (value, self->snapshot);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bmd_context_class_init (BmdContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bmd_context_dispose;
  object_class->finalize = bmd_context_finalize;
  object_class->get_property = bmd_context_get_property;

  properties[PROP_SNAPSHOT] =
    g_param_spec_object ("snapshot", NULL, NULL, BMD_TYPE_SNAPSHOT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, BMD_TYPE_PIPELINE_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (result: BmdRefreshResult * nullable, error: GError * nullable) */
  signals[REFRESH_FINISHED] =
    g_signal_new ("refresh-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_POINTER, G_TYPE_POINTER);
  /* After bmd_context_set_config(): whether a shop is set may have changed. */
  signals[CONFIG_CHANGED] =
    g_signal_new ("config-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
bmd_context_init (BmdContext *self)
{
}

BmdContext *
bmd_context_new (const BmdConfig *config,
                 GDateTime       *now)
{
  BmdContext *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->data_dir != NULL, NULL);

  self = g_object_new (BMD_TYPE_CONTEXT, NULL);
  self->config = bmd_config_copy (config);
  self->now = now != NULL ? g_date_time_ref (now) : NULL;
  watch_store (self);
  return self;
}

const BmdConfig *
bmd_context_get_config (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), NULL);
  return self->config;
}

void
bmd_context_set_config (BmdContext      *self,
                        const BmdConfig *config)
{
  BmdConfig *old;
  gboolean reload;

  g_return_if_fail (BMD_IS_CONTEXT (self));
  g_return_if_fail (config != NULL);

  old = self->config;
  /* The snapshot depends on how requests are planned, not on the shop. */
  reload = g_strcmp0 (config->zone, old->zone) != 0
           || config->queue_calendar_week != old->queue_calendar_week;
  self->config = bmd_config_copy (config);
  bmd_config_free (old);
  g_signal_emit (self, signals[CONFIG_CHANGED], 0);
  if (reload)
    bmd_context_reload (self);
}

BmdSnapshot *
bmd_context_get_snapshot (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), NULL);
  return self->snapshot;
}

BmdInsights *
bmd_context_get_insights (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), NULL);
  return self->insights;
}

const GError *
bmd_context_get_load_error (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), NULL);
  return self->load_error;
}

gboolean
bmd_context_get_loading (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), FALSE);
  return self->loading;
}

gboolean
bmd_context_get_loaded (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), FALSE);
  return self->loaded;
}

BmdPipelineJob *
bmd_context_get_job (BmdContext *self)
{
  g_return_val_if_fail (BMD_IS_CONTEXT (self), NULL);
  return self->job;
}
