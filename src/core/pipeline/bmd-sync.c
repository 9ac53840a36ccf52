#define G_LOG_DOMAIN "bmd-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-config.h"
#include "bmd-order.h"
#include "bmd-pickup.h"
#include "bmd-pipeline.h"
#include "bmd-shopify-client.h"
#include "bmd-snapshot.h"
#include "bmd-sync.h"

/* Orders updated just before the watermark may not have been visible yet when
 * the last sync read them (Shopify's search index lags a little). */
#define LOOKBACK_SECONDS (5 * 60)
/* One cursor walk may not pass 25,000 objects: start a new window well before. */
#define WINDOW_MAX_ORDERS 20000
#define ID_CHECK_INTERVAL_SECONDS (24 * 60 * 60)

typedef struct
{
  BmdStore *store;
  BmdPipelineJob *job;
  BmdSyncCounts *counts;
  GTimeZone *zone;
  GHashTable *seen;            /* ids stored in this sync */
  guint window_count;
  char *last_updated_at;       /* of the last order of the current walk */
} SyncContext;

void
bmd_sync_counts_clear (BmdSyncCounts *counts)
{
  g_clear_pointer (&counts->run_started_at, g_free);
  g_clear_pointer (&counts->shop_domain, g_free);
  g_clear_pointer (&counts->zone_warning, g_free);
}

/* When the order stops being "to come", in UTC: what the store indexes to
 * re-read future orders. NULL without a usable pickup date. */
static char *
dup_pickup_utc (BmdOrder  *order,
                GTimeZone *zone)
{
  g_auto(BmdPickup) pickup = { 0 };

  if (!bmd_pickup_parse (bmd_order_get_pickup_value (order), zone, &pickup))
    return NULL;
  return bmd_format_utc_iso8601 (pickup.counts_until);
}

static void
report_progress (SyncContext *sync,
                 const char  *what)
{
  g_autofree char *message = NULL;
  /* The total is unknown until the end: approach 0.8 as pages come in. */
  guint read = g_hash_table_size (sync->seen);
  double fraction = 0.8 * read / (read + 500.0);

  if (sync->job == NULL)
    return;
  message = g_strdup_printf (_("%s: %u orders read"), what, read);
  bmd_pipeline_job_set_progress (sync->job, fraction, read, message);
}

static gboolean
store_node (SyncContext  *sync,
            JsonNode     *element,
            GError      **error)
{
  g_autoptr(BmdOrder) order = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *pickup_utc = NULL;
  g_autofree char *updated_at = NULL;
  g_autoptr(GDateTime) updated = NULL;
  BmdUpsertResult result;

  if (element == NULL || !JSON_NODE_HOLDS_OBJECT (element))
    {
      g_set_error_literal (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                           "extract: Shopify sent an order that is not an object");
      return FALSE;
    }
  order = bmd_order_new_from_json (json_node_get_object (element), &local_error);
  if (order == NULL)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                   "extract: Shopify sent a bad order: %s", local_error->message);
      return FALSE;
    }

  raw = bmd_order_dup_json_string (order);
  pickup_utc = dup_pickup_utc (order, sync->zone);
  updated = bmd_order_dup_updated_at (order);
  updated_at = bmd_format_utc_iso8601 (updated);

  result = bmd_store_upsert_order (sync->store, bmd_order_get_id (order), updated_at,
                                   pickup_utc, raw, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: order %s: %s", bmd_order_get_name (order), local_error->message);
      return FALSE;
    }
  /* An order read twice in one sync (a window boundary, or a future pickup
   * that was also updated) counts once. */
  if (!g_hash_table_contains (sync->seen, bmd_order_get_id (order)))
    {
      g_hash_table_add (sync->seen, g_strdup (bmd_order_get_id (order)));
      if (result == BMD_UPSERT_ADDED)
        sync->counts->added++;
      else if (result == BMD_UPSERT_UPDATED)
        sync->counts->updated++;
    }
  g_free (sync->last_updated_at);
  sync->last_updated_at = g_steal_pointer (&updated_at);
  return TRUE;
}

static gboolean
store_page_cb (JsonArray  *nodes,
               gpointer    user_data,
               GError    **error)
{
  SyncContext *sync = user_data;
  guint i;

  for (i = 0; i < json_array_get_length (nodes); i++)
    {
      if (!store_node (sync, json_array_get_element (nodes, i), error))
        return FALSE;
      sync->window_count++;
    }
  report_progress (sync, _("Reading orders"));
  if (sync->window_count >= WINDOW_MAX_ORDERS)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK, "window full");
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_by_id_page_cb (JsonArray  *nodes,
                     gpointer    user_data,
                     GError    **error)
{
  SyncContext *sync = user_data;
  guint i;

  for (i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonNode *element = json_array_get_element (nodes, i);

      if (JSON_NODE_HOLDS_NULL (element))
        continue;
      if (!store_node (sync, element, error))
        return FALSE;
    }
  report_progress (sync, _("Re-reading upcoming orders"));
  return TRUE;
}

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

static gboolean
wrap_extract_error (GError **error,
                    GError  *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || cause->domain == BMD_PIPELINE_ERROR)
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
               "extract: %s", cause->message);
  g_error_free (cause);
  return FALSE;
}

/* Walks updated_at windows from @since (NULL: the beginning) up to @until.
 * A walk that grows past WINDOW_MAX_ORDERS is restarted from the last
 * updatedAt it saw, so no cursor passes Shopify's 25,000-object limit. */
static gboolean
read_changed_orders (SyncContext       *sync,
                     BmdShopifyClient  *client,
                     const char        *since,
                     const char        *until,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autofree char *window_start = g_strdup (since);

  for (;;)
    {
      g_autofree char *search = NULL;
      GError *local_error = NULL;

      if (window_start != NULL)
        search = g_strdup_printf ("updated_at:>='%s' AND updated_at:<'%s'", window_start, until);
      else
        search = g_strdup_printf ("updated_at:<'%s'", until);
      g_debug ("window: %s", search);

      sync->window_count = 0;
      g_clear_pointer (&sync->last_updated_at, g_free);
      if (!bmd_shopify_client_fetch_orders (client, search, store_page_cb, sync, cancellable, &local_error))
        {
          /* Ending the walk early is our own doing: a full window. */
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return wrap_extract_error (error, local_error);
          g_clear_error (&local_error);
        }
      if (sync->window_count < WINDOW_MAX_ORDERS || sync->last_updated_at == NULL
          || g_strcmp0 (sync->last_updated_at, window_start) == 0)
        return TRUE;
      g_free (window_start);
      window_start = g_strdup (sync->last_updated_at);
    }
}

static gboolean
mark_deleted (SyncContext  *sync,
              GHashTable   *shopify_ids,
              const char   *deleted_at,
              GError      **error)
{
  g_autoptr(GPtrArray) stored = NULL;
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
      if (bmd_store_mark_deleted (sync->store, id, deleted_at, &local_error))
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

BmdShopifyClient *
bmd_sync_create_client (const BmdConfig  *config,
                        GError          **error)
{
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GError) local_error = NULL;

  if (config->shop == NULL)
    {
      g_set_error_literal (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG,
                           "no shop is set: use --shop or BAKEMYDAY_SHOP");
      return NULL;
    }
  if (!bmd_config_check_credentials (config, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG, "%s", local_error->message);
      return NULL;
    }

  client = bmd_shopify_client_new (config->shop, config->api_version, &local_error);
  if (client == NULL)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG,
                   "%s", local_error->message);
      return NULL;
    }
  if (config->token != NULL)
    bmd_shopify_client_set_access_token (client, config->token);
  else
    bmd_shopify_client_set_client_credentials (client, config->client_id, config->client_secret);
  if (config->retry_limit > 0)
    bmd_shopify_client_set_retry_limit (client, config->retry_limit);
  bmd_shopify_client_set_metafield_keys (client, config->metafield_namespace,
                                         config->draft_type_key, config->pickup_key,
                                         config->flavor_key, config->theme_key,
                                         config->allergies_key);
  return g_steal_pointer (&client);
}

static gboolean
id_check_due (BmdStore  *store,
              GDateTime *now)
{
  g_autofree char *last = bmd_store_dup_state (store, BMD_STATE_LAST_ID_CHECK);
  g_autoptr(GDateTime) last_dt = NULL;

  if (last == NULL)
    return TRUE;
  last_dt = g_date_time_new_from_iso8601 (last, NULL);
  return last_dt == NULL
         || g_date_time_difference (now, last_dt) >= ID_CHECK_INTERVAL_SECONDS * G_TIME_SPAN_SECOND;
}

static gboolean
set_state (BmdStore    *store,
           const char  *key,
           const char  *value,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (bmd_store_set_state (store, key, value, &local_error))
    return TRUE;
  g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
               "store: %s", local_error->message);
  return FALSE;
}

/* One store holds one shop: the first refresh records the shop's domain,
 * and a refresh against another shop is refused before anything is read, so
 * one shop's watermark never skips another's history and its orders are never
 * taken for deleted. */
static gboolean
check_shop (SyncContext        *sync,
            const BmdShopInfo  *shop,
            GError            **error)
{
  g_autofree char *stored = bmd_store_dup_state (sync->store, BMD_STORE_STATE_SHOP_DOMAIN);

  if (shop->domain == NULL || *shop->domain == '\0')
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                   _("extract: Shopify’s answer about the shop does not name it (no myshopifyDomain)"));
      return FALSE;
    }
  if (stored == NULL)
    return set_state (sync->store, BMD_STORE_STATE_SHOP_DOMAIN, shop->domain, error);
  if (g_ascii_strcasecmp (stored, shop->domain) == 0)
    return TRUE;

  g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_OTHER_SHOP,
               _("this data folder holds the orders of %s, but the settings reach %s; "
                 "to set %s’s orders aside and read %s’s, switch shops "
                 "(bakemyday-sync refresh --switch-shop, or Switch Shop in the app)"),
               stored, shop->domain, stored, shop->domain);
  return FALSE;
}

static gboolean
sync_in_transaction (const BmdConfig   *config,
                     BmdShopifyClient  *client,
                     SyncContext       *sync,
                     GDateTime         *started,
                     gboolean           full,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_auto(BmdShopInfo) shop = { 0 };
  g_autofree char *watermark = NULL;
  g_autofree char *since = NULL;
  /* Shopify's timestamps have whole seconds: the window reads to the end of
   * the second the sync began in, while the watermark stays at its start, so
   * an order updated in that second is read now and again next time, never
   * missed. */
  g_autoptr(GDateTime) window_end = g_date_time_add_seconds (started, 1);
  g_autofree char *until = bmd_format_utc_iso8601 (window_end);
  g_autofree char *watermark_value = bmd_format_utc_iso8601 (started);
  g_autoptr(GDateTime) day_ago = g_date_time_add_days (started, -1);
  g_autofree char *future_since = bmd_format_utc_iso8601 (day_ago);
  g_autoptr(GPtrArray) future_ids = NULL;
  g_autoptr(GPtrArray) unseen = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  GError *local_error = NULL;
  guint i;

  if (!bmd_shopify_client_fetch_shop_info (client, &shop, cancellable, &local_error))
    return wrap_extract_error (error, local_error);
  if (!check_shop (sync, &shop, error))
    return FALSE;
  g_free (sync->counts->shop_domain);
  sync->counts->shop_domain = g_strdup (shop.domain);
  /* The shop's zone is kept as the shop sent it, even when it is unknown
   * here: plans fall back from it the same way, and a later tzdata may know it. */
  g_clear_pointer (&sync->counts->zone_warning, g_free);
  zone = bmd_time_zone_new_for_shop (config->zone, shop.time_zone, &sync->counts->zone_warning);
  sync->zone = zone;
  if (shop.time_zone != NULL && !set_state (sync->store, BMD_STATE_SHOP_ZONE, shop.time_zone, error))
    return FALSE;

  watermark = full ? NULL : bmd_store_dup_state (sync->store, BMD_STATE_WATERMARK);
  if (watermark != NULL)
    {
      g_autoptr(GDateTime) mark = g_date_time_new_from_iso8601 (watermark, NULL);

      if (mark != NULL)
        {
          g_autoptr(GDateTime) back = g_date_time_add_seconds (mark, -LOOKBACK_SECONDS);
          since = bmd_format_utc_iso8601 (back);
        }
    }

  if (sync->job != NULL)
    bmd_pipeline_job_set_stage (sync->job, "extract", 0.02,
                                since != NULL ? _("Reading changed orders") : _("Reading all orders"));
  if (!read_changed_orders (sync, client, since, until, cancellable, error))
    return FALSE;

  /* A metafield edit may not bump updatedAt: re-read every order still to
   * come that this sync has not read already. */
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
        return wrap_extract_error (error, local_error);
      if (changed->len > 0
          && !bmd_shopify_client_fetch_orders_by_id (client, changed, store_by_id_page_cb, sync,
                                                     cancellable, &local_error))
        return wrap_extract_error (error, local_error);
    }

  /* Deleted orders vanish from every query: only a full comparison of ids finds them. */
  if (full || id_check_due (sync->store, started))
    {
      g_autoptr(GHashTable) shopify_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      if (sync->job != NULL)
        bmd_pipeline_job_set_stage (sync->job, "extract", 0.8, _("Looking for deleted orders"));
      if (!bmd_shopify_client_fetch_order_ids (client, NULL, collect_ids_cb, shopify_ids,
                                               cancellable, &local_error))
        return wrap_extract_error (error, local_error);
      if (!mark_deleted (sync, shopify_ids, until, error))
        return FALSE;
      if (!set_state (sync->store, BMD_STATE_LAST_ID_CHECK, until, error))
        return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Everything updated before the sync began is stored: the watermark moves
   * with the data, never past the start. */
  if (sync->job != NULL)
    bmd_pipeline_job_set_stage (sync->job, "store", 0.85, _("Saving"));
  return set_state (sync->store, BMD_STATE_WATERMARK, watermark_value, error);
}

gboolean
bmd_sync_run (const BmdConfig  *config,
              BmdStore         *store,
              gboolean          full,
              BmdPipelineJob   *job,
              BmdSyncCounts    *counts,
              GError          **error)
{
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_now_utc ();
  g_autoptr(GError) local_error = NULL;
  GCancellable *cancellable = job != NULL ? bmd_pipeline_job_get_cancellable (job) : NULL;
  SyncContext sync = { 0 };
  gboolean ok;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (BMD_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  client = bmd_sync_create_client (config, error);
  if (client == NULL)
    return FALSE;

  counts->run_started_at = bmd_format_utc_iso8601 (started);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sync.store = store;
  sync.job = job;
  sync.counts = counts;
  sync.seen = seen;

  if (!bmd_store_begin (store, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      return FALSE;
    }

  ok = sync_in_transaction (config, client, &sync, started, full, cancellable, error);
  g_clear_pointer (&sync.last_updated_at, g_free);

  if (ok && !bmd_store_commit (store, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      ok = FALSE;
    }
  if (!ok)
    {
      bmd_store_rollback (store);
      counts->added = counts->updated = counts->deleted = 0;
      return FALSE;
    }

  counts->total = bmd_store_count_orders (store);
  g_debug ("sync: %u requests, %u throttled, %.0f points",
           bmd_shopify_client_get_request_count (client),
           bmd_shopify_client_get_throttled_count (client),
           bmd_shopify_client_get_points_spent (client));
  return TRUE;
}
