#define G_LOG_DOMAIN "bmd-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-config.h"
#include "bmd-customer-history.h"
#include "bmd-draft-settle.h"
#include "bmd-order.h"
#include "bmd-pickup.h"
#include "bmd-pipeline.h"
#include "bmd-shopify-client.h"
#include "bmd-snapshot.h"
#include "bmd-store-bulk.h"
#include "bmd-sync-private.h"

/* Orders updated just before the watermark may not have been visible yet when
 * the last sync read them: Shopify may update an order before its children,
 * and its search index lags a little. */
#define LOOKBACK_SECONDS (2 * 60)
/* One cursor walk may not pass 25,000 objects: start a new window well before. */
#define WINDOW_MAX_ORDERS 20000


void
bmd_sync_counts_clear (BmdSyncCounts *counts)
{
  g_clear_pointer (&counts->run_started_at, g_free);
  g_clear_pointer (&counts->shop_domain, g_free);
  g_clear_pointer (&counts->zone_warning, g_free);
  g_clear_pointer (&counts->draft_warning, g_free);
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

gboolean
_bmd_sync_store_by_id_page_cb (JsonArray  *nodes,
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

gboolean
_bmd_sync_wrap_extract_error (GError **error,
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
      gboolean read;

      if (window_start != NULL)
        search = g_strdup_printf ("updated_at:>='%s' AND updated_at:<'%s'", window_start, until);
      else
        search = g_strdup_printf ("updated_at:<'%s'", until);
      g_debug ("window: %s", search);

      sync->window_count = 0;
      g_clear_pointer (&sync->last_updated_at, g_free);
      /* A refresh finds a few changed orders: it does not wait for the
       * bucket to hold a full page first. A first read expects many. */
      if (since != NULL)
        read = bmd_shopify_client_fetch_changed_orders (client, search, store_page_cb, sync,
                                                        cancellable, &local_error);
      else
        read = bmd_shopify_client_fetch_orders (client, search, store_page_cb, sync,
                                                cancellable, &local_error);
      if (!read)
        {
          /* Ending the walk early is our own doing: a full window. */
          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return _bmd_sync_wrap_extract_error (error, local_error);
          g_clear_error (&local_error);
        }
      if (sync->window_count < WINDOW_MAX_ORDERS)
        return TRUE;
      /* A full window that ends where it began would be read again and
       * again, or given up on with orders left unread: either way the
       * refresh would say it is complete when it is not. */
      if (sync->last_updated_at == NULL || g_strcmp0 (sync->last_updated_at, window_start) == 0)
        {
          g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_EXTRACT,
                       "extract: more than %d orders were updated at %s: "
                       "the read cannot move past them",
                       WINDOW_MAX_ORDERS, sync->last_updated_at ? sync->last_updated_at : "one time");
          return FALSE;
        }
      g_free (window_start);
      window_start = g_strdup (sync->last_updated_at);
    }
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

gboolean
_bmd_sync_set_state (BmdStore    *store,
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
    return _bmd_sync_set_state (sync->store, BMD_STORE_STATE_SHOP_DOMAIN, shop->domain, error);
  if (g_ascii_strcasecmp (stored, shop->domain) == 0)
    return TRUE;

  g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_OTHER_SHOP,
               _("this data folder holds the orders of %s, but the settings reach %s; "
                 "to set %s’s orders aside and read %s’s, switch shops "
                 "(bakemyday-sync refresh --switch-shop, or Switch Shop in the app)"),
               stored, shop->domain, stored, shop->domain);
  return FALSE;
}

/* Where an incremental read starts: the watermark less the lookback; NULL
 * for a full read (--full, or no watermark yet). */
static char *
dup_since (BmdStore *store,
           gboolean  full)
{
  g_autofree char *watermark = full ? NULL : bmd_store_dup_state (store, BMD_STATE_WATERMARK);
  g_autoptr(GDateTime) mark = NULL;
  g_autoptr(GDateTime) back = NULL;

  if (watermark == NULL)
    return NULL;
  mark = g_date_time_new_from_iso8601 (watermark, NULL);
  if (mark == NULL)
    return NULL;
  back = g_date_time_add_seconds (mark, -LOOKBACK_SECONDS);
  return bmd_format_utc_iso8601 (back);
}

/* Shopify's timestamps have whole seconds: the window reads to the end of
 * the second the sync began in, while the watermark stays at its start, so
 * an order updated in that second is read now and again next time, never
 * missed. */
static char *
dup_until (GDateTime *started)
{
  g_autoptr(GDateTime) window_end = g_date_time_add_seconds (started, 1);

  return bmd_format_utc_iso8601 (window_end);
}

/* Stores what a bulk operation read, forgets the operation in the same
 * transaction, and reads with pages what changed since the operation's read
 * ended when it was started by an earlier refresh. */
static gboolean
store_bulk (SyncContext       *sync,
            BmdShopifyClient  *client,
            BmdSyncBulk       *bulk,
            const char        *until,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  if (sync->job != NULL)
    bmd_pipeline_job_set_stage (sync->job, "extract", 0.8, _("Saving the orders"));
  for (guint i = 0; i < bulk->orders->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, g_ptr_array_index (bulk->orders, i));
      if (!store_node (sync, node, error))
        return FALSE;
    }
  if (!bmd_store_clear_bulk (sync->store, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      return FALSE;
    }
  sync->listed_ids = bulk->ids;
  if (g_strcmp0 (bulk->until, until) != 0)
    {
      g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 (bulk->until, NULL);
      g_autoptr(GDateTime) back = end != NULL ? g_date_time_add_seconds (end, -LOOKBACK_SECONDS) : NULL;
      g_autofree char *since = back != NULL ? bmd_format_utc_iso8601 (back) : NULL;

      if (since == NULL)
        {
          g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                       "store: the kept bulk operation’s end “%s” is not a time", bulk->until);
          return FALSE;
        }
      return read_changed_orders (sync, client, since, until, cancellable, error);
    }
  return TRUE;
}

static gboolean
sync_in_transaction (const BmdConfig   *config,
                     BmdShopifyClient  *client,
                     SyncContext       *sync,
                     GDateTime         *started,
                     gboolean           full,
                     BmdSyncBulk       *bulk,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_auto(BmdShopInfo) shop = { 0 };
  g_autofree char *since = NULL;
  g_autofree char *until = dup_until (started);
  g_autofree char *watermark_value = bmd_format_utc_iso8601 (started);
  g_autoptr(GDateTime) day_ago = g_date_time_add_days (started, -1);
  g_autofree char *future_since = bmd_format_utc_iso8601 (day_ago);
  g_autoptr(GTimeZone) zone = NULL;
  GError *local_error = NULL;

  if (!bmd_shopify_client_fetch_shop_info (client, &shop, cancellable, &local_error))
    return _bmd_sync_wrap_extract_error (error, local_error);
  if (!check_shop (sync, &shop, error))
    return FALSE;
  g_free (sync->counts->shop_domain);
  sync->counts->shop_domain = g_strdup (shop.domain);
  /* The shop's zone is kept as the shop sent it, even when it is unknown
   * here: plans fall back from it the same way, and a later tzdata may know it. */
  g_clear_pointer (&sync->counts->zone_warning, g_free);
  zone = bmd_time_zone_new_for_shop (config->zone, shop.time_zone, &sync->counts->zone_warning);
  sync->zone = zone;
  if (shop.time_zone != NULL && !_bmd_sync_set_state (sync->store, BMD_STATE_SHOP_ZONE, shop.time_zone, error))
    return FALSE;

  since = dup_since (sync->store, full);

  if (bulk != NULL)
    {
      if (!store_bulk (sync, client, bulk, until, cancellable, error))
        return FALSE;
    }
  else
    {
      if (sync->job != NULL)
        bmd_pipeline_job_set_stage (sync->job, "extract", 0.02,
                                    since != NULL ? _("Reading changed orders") : _("Reading all orders"));
      if (!read_changed_orders (sync, client, since, until, cancellable, error))
        return FALSE;
    }

  /* A metafield edit updates the order, so the incremental read above
   * catches it; the sweep guards against one that did not, and finds
   * deleted orders, which vanish from every query. */
  if (_bmd_sync_sweep_due (config, sync->store, full, started)
      && !_bmd_sync_sweep (sync, client, future_since, until, cancellable, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* Everything updated before the sync began is stored: the watermark moves
   * with the data, never past the start. */
  if (sync->job != NULL)
    bmd_pipeline_job_set_stage (sync->job, "store", 0.85, _("Saving"));
  if (!_bmd_sync_set_state (sync->store, BMD_STATE_WATERMARK, watermark_value, error))
    return FALSE;

  /* The customers' history moves with the orders, in the same transaction:
   * a failed refresh leaves both as they were. */
  if (!bmd_customer_history_update (sync->store, zone, started, NULL, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  return TRUE;
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
  g_autoptr(GDateTime) started = NULL;
  BmdDraftSettleCounts settle = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(BmdSyncBulk) bulk = NULL;
  g_autofree char *since = NULL;
  g_autofree char *until = NULL;
  GCancellable *cancellable = job != NULL ? bmd_pipeline_job_get_cancellable (job) : NULL;
  SyncContext sync = { 0 };
  gboolean ok;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (BMD_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  client = bmd_sync_create_client (config, error);
  if (client == NULL)
    return FALSE;

  /* Before the window is set: an order given its draft's metafields now
   * has a new updatedAt, and this refresh reads it. A failure here leaves
   * that order as it was and the refresh goes on. */
  if (!bmd_draft_settle (client, config, bmd_store_get_data_dir (store), &settle, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_free (counts->draft_warning);
      counts->draft_warning = g_strdup (local_error != NULL ? local_error->message : "?");
      g_clear_error (&local_error);
    }
  started = g_date_time_new_now_utc ();

  counts->run_started_at = bmd_format_utc_iso8601 (started);
  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sync.store = store;
  sync.job = job;
  sync.counts = counts;
  sync.seen = seen;

  /* Before the transaction: the bulk operation's id must be committed as
   * soon as Shopify gives it. */
  since = dup_since (store, full);
  until = dup_until (started);
  if (!_bmd_sync_bulk_read (config, client, store, since, until, full, job, counts, &bulk,
                            cancellable, error))
    {
      counts->requests = bmd_shopify_client_get_request_count (client);
      counts->points = bmd_shopify_client_get_points_spent (client);
      return FALSE;
    }

  if (!bmd_store_begin (store, &local_error))
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE,
                   "store: %s", local_error->message);
      return FALSE;
    }

  ok = sync_in_transaction (config, client, &sync, started, full, bulk, cancellable, error);
  counts->bucket_wait = bmd_shopify_client_get_bucket_wait (client);
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
  counts->requests = bmd_shopify_client_get_request_count (client);
  counts->points = bmd_shopify_client_get_points_spent (client);
  g_debug ("sync: %u requests, %u throttled, %.0f points, %.2f s waiting for the bucket",
           bmd_shopify_client_get_request_count (client),
           bmd_shopify_client_get_throttled_count (client),
           bmd_shopify_client_get_points_spent (client), counts->bucket_wait);
  return TRUE;
}
