#define G_LOG_DOMAIN "bmd-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-order.h"
#include "bmd-pickup.h"
#include "bmd-pipeline.h"
#include "bmd-sync-private.h"

/* The sweep: what the incremental read by updatedAt cannot see. A metafield
 * edit that did not update its order, and deleted orders. */

#define DEFAULT_SWEEP_INTERVAL_HOURS 24

typedef struct
{
  BmdStore *store;
  GPtrArray *changed;  /* ids whose metafields or updatedAt differ from the store */
} ChangedContext;

static gboolean
differs_from_stored (BmdStore    *store,
                     BmdOrder    *lean,
                     GError     **error)
{
  g_autofree char *raw = NULL;
  g_autoptr(BmdOrder) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *lean_updated = NULL;
  g_autoptr(GDateTime) lean_time = NULL;
  g_autoptr(GDateTime) stored_time = NULL;
  g_autofree char *stored_updated = NULL;

  raw = bmd_store_dup_order_json (store, bmd_order_get_id (lean), &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      return FALSE;
    }
  if (raw == NULL)
    return TRUE;
  stored = bmd_order_new_from_data (raw, -1, NULL);
  if (stored == NULL)
    return TRUE;

  lean_time = bmd_order_dup_updated_at (lean);
  stored_time = bmd_order_dup_updated_at (stored);
  lean_updated = bmd_format_utc_iso8601 (lean_time);
  stored_updated = bmd_format_utc_iso8601 (stored_time);
  return g_strcmp0 (lean_updated, stored_updated) != 0
         || g_strcmp0 (bmd_order_get_draft_type_value (lean), bmd_order_get_draft_type_value (stored)) != 0
         || g_strcmp0 (bmd_order_get_pickup_value (lean), bmd_order_get_pickup_value (stored)) != 0
         || g_strcmp0 (bmd_order_get_flavor (lean), bmd_order_get_flavor (stored)) != 0
         || g_strcmp0 (bmd_order_get_theme (lean), bmd_order_get_theme (stored)) != 0
         || g_strcmp0 (bmd_order_get_allergies (lean), bmd_order_get_allergies (stored)) != 0;
}

/* Compares each order's metafields and updatedAt with the stored order:
 * only those that changed are read again in full. */
static gboolean
find_changed_cb (JsonArray  *nodes,
                 gpointer    user_data,
                 GError    **error)
{
  ChangedContext *check = user_data;
  guint i;

  for (i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *element = json_array_get_element (nodes, i);
      g_autoptr(BmdOrder) lean = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      lean = bmd_order_new_from_json (json_node_get_object (element), NULL);
      if (lean == NULL)
        continue;
      if (differs_from_stored (check->store, lean, &local_error))
        g_ptr_array_add (check->changed, g_strdup (bmd_order_get_id (lean)));
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
collect_ids_cb (JsonArray  *nodes,
                gpointer    user_data,
                GError    **error)
{
  GHashTable *ids = user_data;
  guint i;

  for (i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *element = json_array_get_element (nodes, i);
      JsonObject *object;
      JsonNode *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      id = json_object_get_member (object, "id");
      /* The set decides which stored orders were deleted in Shopify: an
       * order it cannot name would look deleted. Stop instead. */
      if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                       "Shopify’s list of order ids has an order without a text \"id\"");
          return FALSE;
        }
      g_hash_table_add (ids, g_strdup (json_node_get_string (id)));
    }
  return TRUE;
}

/* Marks deleted the stored orders missing from @shopify_ids, unless the
 * listing cannot be right: an order this refresh has just read is not
 * deleted, and neither is more than half of a store of
 * BMD_SYNC_DELETE_GUARD_MIN_ORDERS or more at once (an empty or cut-short
 * listing). Such an answer fails the refresh, so the store stays as it was. */
static gboolean
mark_deleted (SyncContext  *sync,
              GHashTable   *shopify_ids,
              const char   *deleted_at,
              GError      **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GError) local_error = NULL;
  guint i;

  stored = bmd_store_list_ids (sync->store, &local_error);
  if (stored == NULL)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      return FALSE;
    }
  for (i = 0; i < stored->len; i++)
    {
      const char *id = g_ptr_array_index (stored, i);

      if (g_hash_table_contains (shopify_ids, id))
        continue;
      if (g_hash_table_contains (sync->seen, id))
        {
          g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                       "extract: Shopify’s list of order ids leaves out %s, which this refresh "
                       "has just read; the list is wrong, nothing was deleted", id);
          return FALSE;
        }
      g_ptr_array_add (missing, (gpointer) id);
    }
  if (stored->len >= BMD_SYNC_DELETE_GUARD_MIN_ORDERS && missing->len * 2 > stored->len)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                   "extract: Shopify’s list of order ids has %u orders, which would delete "
                   "%u of the %u stored; that looks like a wrong answer, nothing was deleted",
                   g_hash_table_size (shopify_ids), missing->len, stored->len);
      return FALSE;
    }

  for (i = 0; i < missing->len; i++)
    {
      if (bmd_store_mark_deleted (sync->store, g_ptr_array_index (missing, i), deleted_at, &local_error))
        sync->counts->deleted++;
      else if (local_error != NULL)
        {
          g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                       "store: %s", local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
_bmd_sync_sweep_due (const BmdConfig *config,
                     BmdStore        *store,
                     gboolean         full,
                     GDateTime       *now)
{
  g_autofree char *last = NULL;
  g_autoptr(GDateTime) last_dt = NULL;
  guint hours = config->sweep_interval_hours > 0 ? config->sweep_interval_hours
                                                 : DEFAULT_SWEEP_INTERVAL_HOURS;

  if (full || config->sweep)
    return TRUE;
  last = bmd_store_dup_state (store, BMD_STATE_LAST_SWEEP);
  if (last == NULL)
    return TRUE;
  last_dt = g_date_time_new_from_iso8601 (last, NULL);
  return last_dt == NULL
         || g_date_time_difference (now, last_dt) >= (GTimeSpan) hours * G_TIME_SPAN_HOUR;
}

gboolean
_bmd_sync_sweep (SyncContext       *sync,
                 BmdShopifyClient  *client,
                 const char        *future_since,
                 const char        *until,
                 GCancellable      *cancellable,
                 GError           **error)
{
  g_autoptr(GPtrArray) future_ids = NULL;
  g_autoptr(GPtrArray) unseen = NULL;
  g_autoptr(GHashTable) shopify_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GError *local_error = NULL;
  guint i;

  if (sync->job != NULL)
    bmd_pipeline_job_set_stage (sync->job, "extract", 0.6, _("Re-reading upcoming orders"));
  future_ids = bmd_store_list_ids_with_pickup_since (sync->store, future_since, &local_error);
  if (future_ids == NULL)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  unseen = g_ptr_array_new ();
  for (i = 0; i < future_ids->len; i++)
    {
      if (!g_hash_table_contains (sync->seen, g_ptr_array_index (future_ids, i)))
        g_ptr_array_add (unseen, g_ptr_array_index (future_ids, i));
    }
  if (unseen->len > 0)
    {
      g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
      ChangedContext check = { sync->store, changed };

      if (!bmd_shopify_client_fetch_order_metafields_by_id (client, unseen, find_changed_cb, &check,
                                                            cancellable, &local_error))
        return _bmd_sync_wrap_extract_error (error, local_error);
      if (changed->len > 0
          && !bmd_shopify_client_fetch_orders_by_id (client, changed, _bmd_sync_store_by_id_page_cb,
                                                     sync, cancellable, &local_error))
        return _bmd_sync_wrap_extract_error (error, local_error);
    }

  if (sync->job != NULL)
    bmd_pipeline_job_set_stage (sync->job, "extract", 0.8, _("Looking for deleted orders"));
  if (sync->listed_ids != NULL)
    {
      /* A full bulk read listed every order as of its end, and this refresh
       * read every order changed since. */
      GHashTableIter iter;
      gpointer id;

      g_hash_table_iter_init (&iter, sync->listed_ids);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_hash_table_add (shopify_ids, g_strdup (id));
      g_hash_table_iter_init (&iter, sync->seen);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_hash_table_add (shopify_ids, g_strdup (id));
    }
  else if (!bmd_shopify_client_fetch_order_ids (client, NULL, collect_ids_cb, shopify_ids,
                                                cancellable, &local_error))
    return _bmd_sync_wrap_extract_error (error, local_error);
  if (!mark_deleted (sync, shopify_ids, until, error))
    return FALSE;
  return _bmd_sync_set_state (sync->store, BMD_STATE_LAST_SWEEP, until, error);
}
