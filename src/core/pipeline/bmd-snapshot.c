#define G_LOG_DOMAIN "bmd-snapshot"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-config.h"
#include "bmd-pickup.h"
#include "bmd-snapshot.h"
#include "bmd-store.h"
#include "bmd-sync.h"

struct _BmdSnapshot
{
  GObject parent_instance;

  char *data_dir;
  BmdPlan *plan;
  GPtrArray *orders;
  GPtrArray *days_off;
  GDateTime *last_refreshed;
  GDateTime *last_sweep;
  char *zone_warning;
};

G_DEFINE_FINAL_TYPE (BmdSnapshot, bmd_snapshot, G_TYPE_OBJECT)

/* For arrays that hold NULL where an order is gone. */
static void
unref_order_or_null (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
bmd_snapshot_finalize (GObject *object)
{
  BmdSnapshot *self = (BmdSnapshot *)object;

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->days_off, g_ptr_array_unref);
  g_clear_pointer (&self->last_refreshed, g_date_time_unref);
  g_clear_pointer (&self->last_sweep, g_date_time_unref);
  g_clear_pointer (&self->zone_warning, g_free);

  G_OBJECT_CLASS (bmd_snapshot_parent_class)->finalize (object);
}

static void
bmd_snapshot_class_init (BmdSnapshotClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_snapshot_finalize;
}

static void
bmd_snapshot_init (BmdSnapshot *self)
{
}

GTimeZone *
bmd_time_zone_new (const char  *identifier,
                   GError     **error)
{
  GTimeZone *zone;

  g_return_val_if_fail (identifier != NULL, NULL);

  zone = g_time_zone_new_identifier (identifier);
  if (zone == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "unknown time zone “%s” (expected an IANA name such as America/Chicago)",
                 identifier);
  return zone;
}

/* The shop's zone if it is known here, else the default: what a warning
 * about an unknown override falls back to. */
static const char *
shop_zone_or_default (const char *shop_zone)
{
  g_autoptr(GTimeZone) zone = NULL;

  if (shop_zone != NULL && *shop_zone != '\0')
    zone = g_time_zone_new_identifier (shop_zone);
  return zone != NULL ? shop_zone : BMD_DEFAULT_ZONE;
}

GTimeZone *
bmd_time_zone_new_for_shop (const char  *override,
                            const char  *shop_zone,
                            char       **out_warning)
{
  GTimeZone *zone = NULL;

  if (out_warning != NULL)
    *out_warning = NULL;
  if (override != NULL)
    {
      zone = g_time_zone_new_identifier (override);
      if (zone != NULL)
        return zone;
      if (out_warning != NULL)
        *out_warning = g_strdup_printf (_("the time zone “%s” is not known on this computer; using %s"),
                                        override, shop_zone_or_default (shop_zone));
    }
  /* GLib takes "" for UTC: an empty zone from the shop is as unknown as a
   * misspelt one, never a silent UTC. */
  if (shop_zone != NULL && *shop_zone != '\0')
    zone = g_time_zone_new_identifier (shop_zone);
  if (zone == NULL && shop_zone != NULL && out_warning != NULL && *out_warning == NULL)
    *out_warning = g_strdup_printf (_("the shop’s time zone “%s” is not known on this computer; "
                                      "using %s (set the time zone in Preferences or BAKEMYDAY_TZ)"),
                                    shop_zone, BMD_DEFAULT_ZONE);
  if (zone == NULL)
    zone = g_time_zone_new_identifier (BMD_DEFAULT_ZONE);
  return zone;
}

GDateTime *
bmd_parse_now (const char  *text,
               GTimeZone   *zone,
               GError     **error)
{
  g_auto(BmdPickup) parsed = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  if (!bmd_pickup_parse (text, zone, &parsed))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an ISO 8601 date and time in the years 1 to 9999 (local time)", text);
      return NULL;
    }
  return g_date_time_ref (parsed.at);
}

typedef struct
{
  GPtrArray *orders;
  const char *database;
} ReadOrders;

static gboolean
read_order_cb (const char  *id,
               const char  *json,
               gsize        length,
               gpointer     user_data,
               GError     **error)
{
  ReadOrders *read = user_data;
  g_autoptr(GError) local_error = NULL;
  BmdOrder *order = bmd_order_new_light_from_data (json, length, &local_error);

  /* One order an older version stored badly (or a damaged disk) must not
   * leave the whole store unplannable: it becomes a problem row. */
  if (order == NULL)
    {
      g_debug ("the stored order %s in %s cannot be read: %s", id, read->database, local_error->message);
      order = bmd_order_new_unreadable (id);
    }
  g_ptr_array_add (read->orders, order);
  return TRUE;
}

static GDateTime *
parse_utc (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return text != NULL ? g_date_time_new_from_iso8601 (text, utc) : NULL;
}

BmdSnapshot *
bmd_snapshot_load (const char    *data_dir,
                   GDateTime     *now,
                   const char    *zone,
                   BmdPlanFlags   flags,
                   GError       **error)
{
  g_autoptr(BmdSnapshot) self = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) clock_now = NULL;
  g_autoptr(BmdStoreRun) last_run = NULL;
  g_autofree char *database = NULL;
  g_autofree char *stored_zone = NULL;
  g_autofree char *last_sweep = NULL;
  ReadOrders read;

  g_return_val_if_fail (data_dir != NULL, NULL);

  /* Reading must not create an empty warehouse where there was none. */
  database = g_build_filename (data_dir, "bakemyday.sqlite3", NULL);
  if (!g_file_test (database, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "no local warehouse in %s yet: run a refresh first", data_dir);
      return NULL;
    }

  store = bmd_store_open (data_dir, error);
  if (store == NULL)
    return NULL;

  self = g_object_new (BMD_TYPE_SNAPSHOT, NULL);
  /* An explicit zone must be right (it is an argument); the shop's stored
   * one may be unknown here, and then the plans fall back, saying so. */
  if (zone != NULL)
    tz = bmd_time_zone_new (zone, error);
  else
    {
      stored_zone = bmd_store_dup_state (store, BMD_STATE_SHOP_ZONE);
      tz = bmd_time_zone_new_for_shop (NULL, stored_zone, &self->zone_warning);
    }
  if (tz == NULL)
    return NULL;

  self->data_dir = g_strdup (data_dir);
  self->orders = g_ptr_array_new_full (bmd_store_count_orders (store), g_object_unref);
  read.orders = self->orders;
  read.database = database;
  if (!bmd_store_foreach_order_json (store, read_order_cb, &read, error))
    return NULL;

  self->days_off = bmd_store_list_days_off (store, error);
  if (self->days_off == NULL)
    return NULL;

  last_run = bmd_store_dup_last_run (store, TRUE);
  if (last_run != NULL)
    self->last_refreshed = parse_utc (last_run->finished_at);
  last_sweep = bmd_store_dup_state (store, BMD_STATE_LAST_SWEEP);
  if (last_sweep != NULL)
    self->last_sweep = parse_utc (last_sweep);

  if (now == NULL)
    now = clock_now = g_date_time_new_now_utc ();
  self->plan = bmd_planner_plan (self->orders, now, tz, flags);
  return g_steal_pointer (&self);
}

BmdPlan *
bmd_snapshot_get_plan (BmdSnapshot *self)
{
  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);
  return self->plan;
}

GPtrArray *
bmd_snapshot_get_orders (BmdSnapshot *self)
{
  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);
  return self->orders;
}

GPtrArray *
bmd_snapshot_get_days_off (BmdSnapshot *self)
{
  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);
  return self->days_off;
}

const char *
bmd_snapshot_get_zone_warning (BmdSnapshot *self)
{
  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);

  return self->zone_warning;
}

GDateTime *
bmd_snapshot_get_last_refreshed (BmdSnapshot *self)
{
  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);
  return self->last_refreshed;
}

GDateTime *
bmd_snapshot_get_last_sweep (BmdSnapshot *self)
{
  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);
  return self->last_sweep;
}

GPtrArray *
bmd_snapshot_read_orders (BmdSnapshot         *self,
                          const char * const  *ids,
                          GError             **error)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  guint i;

  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);
  g_return_val_if_fail (ids != NULL, NULL);

  store = bmd_store_open (self->data_dir, error);
  if (store == NULL)
    return NULL;

  orders = g_ptr_array_new_with_free_func ((GDestroyNotify) unref_order_or_null);
  for (i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *json = bmd_store_dup_order_json (store, ids[i], &local_error);
      BmdOrder *order = NULL;

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* The store only keeps nodes that parsed when they came in. */
      if (json != NULL && (order = bmd_order_new_from_data (json, -1, &local_error)) == NULL)
        {
          g_set_error (error, BMD_STORE_ERROR, BMD_STORE_ERROR_CORRUPT,
                       "the stored order %s cannot be read: %s", ids[i], local_error->message);
          return NULL;
        }
      g_ptr_array_add (orders, order);
    }
  return g_steal_pointer (&orders);
}

static void
read_orders_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *orders = bmd_snapshot_read_orders (source_object, task_data, &error);

  if (orders == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, orders, (GDestroyNotify) g_ptr_array_unref);
}

void
bmd_snapshot_read_orders_async (BmdSnapshot         *self,
                                const char * const  *ids,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (BMD_IS_SNAPSHOT (self));
  g_return_if_fail (ids != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, bmd_snapshot_read_orders_async);
  g_task_set_task_data (task, g_strdupv ((char **) ids), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, read_orders_in_thread);
}

GPtrArray *
bmd_snapshot_read_orders_finish (BmdSnapshot   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
bmd_snapshot_get_data_dir (BmdSnapshot *self)
{
  g_return_val_if_fail (BMD_IS_SNAPSHOT (self), NULL);
  return self->data_dir;
}
