#define G_LOG_DOMAIN "bmd-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-pickup.h"
#include "bmd-pipeline.h"
#include "bmd-shopify-bulk.h"
#include "bmd-store-bulk.h"
#include "bmd-sync-private.h"

/* The bulk read: for the first refresh, --full, and any refresh with more
 * than bulk-threshold orders to read. It runs before the refresh's store
 * transaction, because the operation's id must be kept (committed) the
 * moment Shopify answers: a killed refresh then resumes the same operation.
 * The orders it reads are stored by the refresh's transaction, which also
 * forgets the operation, so either both happen or neither. */

/* "Already in progress": try again this often, for up to the retry limit. */
#define BUSY_RETRY_SECONDS 2.0
#define DEFAULT_BUSY_LIMIT 120.0
/* Polls come more often as the job nears its end, so its end is seen soon
 * after it comes, without polling a long job every second. */
#define POLL_MIN_SECONDS 0.1
#define POLL_MAX_SECONDS 5.0
/* A cancel sent as the refresh stops must not hold it up for long. */
#define CANCEL_RETRY_LIMIT 5.0

/* Sleeps @seconds unless @cancellable fires first (checked every 50 ms). */
static gboolean
wait_cancellable (double         seconds,
                  GCancellable  *cancellable,
                  GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  gint64 now;

  while ((now = g_get_monotonic_time ()) < end)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (50000, end - now));
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

void
_bmd_sync_bulk_free (BmdSyncBulk *bulk)
{
  if (bulk == NULL)
    return;
  g_clear_pointer (&bulk->orders, g_ptr_array_unref);
  g_clear_pointer (&bulk->ids, g_hash_table_unref);
  g_free (bulk->until);
  g_free (bulk->search);
  g_free (bulk);
}

char *
_bmd_sync_dup_search (const char *since,
                      const char *until)
{
  if (since != NULL)
    return g_strdup_printf ("updated_at:>='%s' AND updated_at:<'%s'", since, until);
  return g_strdup_printf ("updated_at:<'%s'", until);
}

typedef struct
{
  const BmdConfig   *config;
  BmdShopifyClient  *client;
  BmdStore          *store;
  BmdPipelineJob    *job;
  BmdSyncCounts     *counts;
  GCancellable      *cancellable;
  guint64            expected_orders;  /* ordersCount, 0 when unknown */
} BulkRun;

static void
report (BulkRun    *run,
        double      fraction,
        guint       orders,
        const char *message)
{
  if (run->job != NULL)
    bmd_pipeline_job_set_progress (run->job, fraction, orders, message);
}

static gboolean
store_error (GError **error,
             GError  *cause)
{
  g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_STORE, "store: %s", cause->message);
  g_error_free (cause);
  return FALSE;
}

/* Forgets the kept operation; a failure to is the refresh's failure. */
static gboolean
forget (BulkRun  *run,
        GError  **error)
{
  GError *local_error = NULL;

  if (!bmd_store_clear_bulk (run->store, &local_error))
    return store_error (error, local_error);
  return TRUE;
}

/* Tells Shopify to stop @id, briefly: the refresh is stopping anyway. */
static void
cancel_operation (BulkRun    *run,
                  const char *id)
{
  g_autoptr(GError) local_error = NULL;

  bmd_shopify_client_set_retry_limit (run->client, CANCEL_RETRY_LIMIT);
  if (!bmd_shopify_client_bulk_cancel (run->client, id, NULL, &local_error))
    g_debug ("bulk: could not cancel %s: %s", id, local_error->message);
  else
    g_debug ("bulk: cancelled %s", id);
}

/* The store holds another shop's orders: no operation is started, and the
 * paged read fails on it as it always has. */
static gboolean
shop_matches (BulkRun  *run,
              gboolean *matches,
              GError  **error)
{
  g_auto(BmdShopInfo) shop = { 0 };
  g_autofree char *stored = bmd_store_dup_state (run->store, BMD_STORE_STATE_SHOP_DOMAIN);
  GError *local_error = NULL;

  *matches = TRUE;
  if (stored == NULL)
    return TRUE;
  if (!bmd_shopify_client_fetch_shop_info (run->client, &shop, run->cancellable, &local_error))
    return _bmd_sync_wrap_extract_error (error, local_error);
  *matches = shop.domain != NULL && g_ascii_strcasecmp (stored, shop.domain) == 0;
  return TRUE;
}

/* Starts the operation and keeps its id. *@id NULL (no error): Shopify
 * would not run one (still busy after the wait, or it refused the query),
 * so the refresh pages. */
static gboolean
start_operation (BulkRun       *run,
                 const char    *search,
                 const char    *until,
                 gboolean       full,
                 char         **id,
                 GError       **error)
{
  g_auto(BmdStoreBulk) kept = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  double limit = run->config->retry_limit > 0 ? run->config->retry_limit : DEFAULT_BUSY_LIMIT;
  gint64 give_up = g_get_monotonic_time () + (gint64) (limit * G_USEC_PER_SEC);
  GError *local_error = NULL;

  *id = NULL;
  for (;;)
    {
      gint64 sent = g_get_monotonic_time ();

      *id = bmd_shopify_client_bulk_run_orders (run->client, search, run->cancellable, &local_error);
      run->counts->bulk_start_seconds = (g_get_monotonic_time () - sent) / (double) G_USEC_PER_SEC;
      if (*id != NULL)
        break;
      if (g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BULK_BUSY)
          && g_get_monotonic_time () + BUSY_RETRY_SECONDS * G_USEC_PER_SEC < give_up)
        {
          g_debug ("bulk: %s; trying again in %.0f s", local_error->message, BUSY_RETRY_SECONDS);
          g_clear_error (&local_error);
          report (run, 0.05, 0, _("Waiting for Shopify to finish another bulk operation"));
          if (!wait_cancellable (BUSY_RETRY_SECONDS, run->cancellable, error))
            return FALSE;
          continue;
        }
      if (g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BULK_BUSY)
          || g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER))
        {
          g_message ("Reading the orders page by page: %s", local_error->message);
          g_error_free (local_error);
          return TRUE;
        }
      return _bmd_sync_wrap_extract_error (error, local_error);
    }

  kept.id = g_strdup (*id);
  kept.search = g_strdup (search);
  kept.until = g_strdup (until);
  kept.full = full;
  kept.started_at = bmd_format_utc_iso8601 (now);
  if (!bmd_store_set_bulk (run->store, &kept, &local_error))
    {
      /* Not kept, it could not be resumed: better not leave it running. */
      cancel_operation (run, *id);
      g_clear_pointer (id, g_free);
      return store_error (error, local_error);
    }
  run->counts->bulk_created = TRUE;
  g_debug ("bulk: started %s for %s", *id, search);
  return TRUE;
}

/* Waits for a final status. The wait between polls is half the time the
 * job seems to need still, so the end is seen soon after it comes. */
static gboolean
poll_until_final (BulkRun           *run,
                  const char        *id,
                  BmdBulkOperation  *operation,
                  GError           **error)
{
  gint64 started = g_get_monotonic_time ();
  double rate = 0;   /* top-level objects a second since the job was first seen writing */
  gint64 first_poll = 0;
  guint64 first_roots = 0;
  guint polls = 0;

  for (;;)
    {
      g_autofree char *message = NULL;
      GError *local_error = NULL;
      double elapsed;
      double wait = POLL_MIN_SECONDS;

      if (!bmd_shopify_client_bulk_poll (run->client, id, operation, run->cancellable, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              cancel_operation (run, id);
              if (!forget (run, NULL))
                g_debug ("bulk: could not forget %s", id);
              g_propagate_error (error, local_error);
              return FALSE;
            }
          if (g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BULK_GONE))
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          return _bmd_sync_wrap_extract_error (error, local_error);
        }
      polls++;
      if (bmd_bulk_status_is_final (operation->status))
        break;

      elapsed = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
      if (first_poll == 0 && operation->root_object_count > 0)
        {
          first_poll = g_get_monotonic_time ();
          first_roots = operation->root_object_count;
        }
      else if (first_poll > 0 && operation->root_object_count > first_roots)
        rate = (operation->root_object_count - first_roots)
               / ((g_get_monotonic_time () - first_poll) / (double) G_USEC_PER_SEC);
      if (run->expected_orders > 0)
        {
          message = g_strdup_printf (_("Shopify is gathering the orders: %u of %u (%u objects)"),
                                     (guint) MIN (operation->root_object_count, run->expected_orders),
                                     (guint) run->expected_orders, (guint) operation->object_count);
          report (run, 0.05 + 0.55 * MIN (1.0, operation->root_object_count
                                                 / (double) run->expected_orders),
                  (guint) operation->root_object_count, message);
          if (rate > 0 && run->expected_orders > operation->root_object_count)
            wait = (run->expected_orders - operation->root_object_count) / rate / 2;
        }
      else
        {
          message = g_strdup_printf (_("Shopify is gathering the orders: %u objects"),
                                     (guint) operation->object_count);
          report (run, 0.05 + 0.55 * operation->object_count / (operation->object_count + 5000.0),
                  (guint) operation->root_object_count, message);
          wait = MAX (POLL_MIN_SECONDS, elapsed / 4);
        }
      /* A rate seen over a short time may be far off: never sleep longer
       * than half the time polled so far. */
      wait = CLAMP (wait, POLL_MIN_SECONDS, MAX (POLL_MIN_SECONDS, MIN (POLL_MAX_SECONDS, elapsed / 2)));

      if (!wait_cancellable (wait, run->cancellable, &local_error))
        {
          cancel_operation (run, id);
          if (!forget (run, NULL))
            g_debug ("bulk: could not forget %s", id);
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }
  run->counts->bulk_polls += polls;
  run->counts->bulk_objects = operation->object_count;
  g_debug ("bulk: %s %s after %u polls, %" G_GUINT64_FORMAT " objects, %" G_GUINT64_FORMAT " bytes",
           id, operation->status_name, polls, operation->object_count, operation->file_size);
  return TRUE;
}

typedef struct
{
  BulkRun *run;
  gint64   last_report;
} DownloadProgress;

static void
download_progress_cb (guint64  received,
                      guint64  total,
                      gpointer user_data)
{
  DownloadProgress *progress = user_data;
  g_autofree char *message = NULL;
  gint64 now = g_get_monotonic_time ();

  /* A report per chunk would flood the app's main loop. */
  if (now - progress->last_report < G_USEC_PER_SEC / 10 && received < total)
    return;
  progress->last_report = now;
  if (total > 0)
    message = g_strdup_printf (_("Downloading the orders: %.1f of %.1f MB"),
                               received / 1e6, total / 1e6);
  else
    message = g_strdup_printf (_("Downloading the orders: %.1f MB"), received / 1e6);
  report (progress->run, 0.6 + 0.2 * (total > 0 ? MIN (1.0, received / (double) total) : 0.5),
          0, message);
}

/* bulk-orders.graphql asks for the line items' ids only so the reader can
 * order them: they go, and the order has the paged query's shape. */
static void
drop_line_item_ids (GPtrArray *orders)
{
  for (guint i = 0; i < orders->len; i++)
    {
      JsonObject *items = json_object_get_object_member (g_ptr_array_index (orders, i), "lineItems");
      JsonArray *nodes = items != NULL ? json_object_get_array_member (items, "nodes") : NULL;

      for (guint j = 0; nodes != NULL && j < json_array_get_length (nodes); j++)
        json_object_remove_member (json_array_get_object_element (nodes, j), "id");
    }
}

/* Reads the file of a COMPLETED operation. *@orders NULL (no error): the
 * file is gone or unreadable, so the refresh pages. */
static gboolean
download (BulkRun            *run,
          BmdBulkOperation   *operation,
          GPtrArray         **orders,
          GError            **error)
{
  g_autoptr(BmdBulkJsonl) reader = bmd_bulk_jsonl_new (bmd_bulk_orders_connections,
                                                      bmd_bulk_orders_n_connections);
  DownloadProgress progress = { run, 0 };
  double limit = run->config->retry_limit > 0 ? run->config->retry_limit : DEFAULT_BUSY_LIMIT;
  GError *local_error = NULL;

  *orders = NULL;
  /* No objects: Shopify writes no file. */
  if (operation->url == NULL)
    {
      *orders = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      return TRUE;
    }
  report (run, 0.6, 0, _("Downloading the orders"));
  if (bmd_bulk_download (operation->url, operation->file_size, reader, limit,
                         download_progress_cb, &progress, run->cancellable, &local_error))
    *orders = bmd_bulk_jsonl_finish (reader, &local_error);
  run->counts->bulk_bytes = bmd_bulk_jsonl_get_byte_count (reader);
  if (*orders != NULL)
    {
      drop_line_item_ids (*orders);
      return TRUE;
    }

  if (g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BULK_GONE)
      || g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE)
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    {
      g_message ("Reading the orders page by page: %s", local_error->message);
      g_error_free (local_error);
      return TRUE;
    }
  /* Cancelled, or the storage host out of reach: the operation stays kept,
   * and the next refresh downloads its file. */
  return _bmd_sync_wrap_extract_error (error, local_error);
}

gboolean
_bmd_sync_bulk_read (const BmdConfig   *config,
                     BmdShopifyClient  *client,
                     BmdStore          *store,
                     const char        *since,
                     const char        *until,
                     gboolean           full,
                     BmdPipelineJob    *job,
                     BmdSyncCounts     *counts,
                     BmdSyncBulk      **out,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_auto(BmdStoreBulk) kept = { 0 };
  g_auto(BmdBulkOperation) operation = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *search = NULL;
  g_autofree char *read_until = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  gboolean read_full = FALSE;
  GError *local_error = NULL;
  BulkRun run = { config, client, store, job, counts, cancellable, 0 };
  BmdSyncBulk *bulk;

  *out = NULL;
  if (bmd_store_get_bulk (store, &kept, &local_error))
    {
      /* A full read asked for, an incremental one kept: it does not cover
       * enough, so it goes and a full one starts. */
      if (config->bulk_threshold > 0 && (kept.full || !full))
        {
          id = g_strdup (kept.id);
          search = g_strdup (kept.search);
          read_until = g_strdup (kept.until);
          read_full = kept.full;
          g_debug ("bulk: resuming %s", id);
        }
      else
        {
          cancel_operation (&run, kept.id);
          if (!forget (&run, error))
            return FALSE;
        }
    }
  else if (local_error != NULL)
    return store_error (error, local_error);

  if (config->bulk_threshold == 0)
    return TRUE;

  if (job != NULL)
    bmd_pipeline_job_set_stage (job, "extract", 0.02,
                                id != NULL ? _("Resuming the bulk read of the orders")
                                           : _("Counting the orders to read"));
  if (id == NULL)
    {
      gboolean matches;
      gboolean at_least = FALSE;

      search = _bmd_sync_dup_search (since, until);
      read_until = g_strdup (until);
      read_full = since == NULL;
      /* The count also paces the polls and the progress of a full read. */
      if (!bmd_shopify_client_count_orders (client, search, &run.expected_orders, &at_least,
                                            cancellable, &local_error))
        return _bmd_sync_wrap_extract_error (error, local_error);
      if (!read_full && run.expected_orders <= config->bulk_threshold && !at_least)
        return TRUE;
      if (!shop_matches (&run, &matches, error))
        return FALSE;
      if (!matches)
        return TRUE;
      if (!start_operation (&run, search, read_until, read_full, &id, error))
        return FALSE;
      if (id == NULL)
        return TRUE;
    }

  if (!poll_until_final (&run, id, &operation, &local_error))
    {
      if (g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BULK_GONE))
        {
          g_message ("Reading the orders page by page: %s", local_error->message);
          g_error_free (local_error);
          return forget (&run, error);
        }
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (operation.status != BMD_BULK_STATUS_COMPLETED)
    {
      g_message ("Reading the orders page by page: Shopify’s bulk operation ended %s%s%s",
                 operation.status_name ? operation.status_name : "unknown",
                 operation.error_code ? ": " : "", operation.error_code ? operation.error_code : "");
      return forget (&run, error);
    }

  if (!download (&run, &operation, &orders, error))
    return FALSE;
  if (orders == NULL)
    return forget (&run, error);

  bulk = g_new0 (BmdSyncBulk, 1);
  bulk->orders = g_steal_pointer (&orders);
  bulk->until = g_steal_pointer (&read_until);
  bulk->search = g_steal_pointer (&search);
  if (read_full)
    {
      /* Every order there was at the read's end: the sweep need not list
       * the ids again. */
      bulk->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; i < bulk->orders->len; i++)
        {
          JsonObject *order = g_ptr_array_index (bulk->orders, i);

          g_hash_table_add (bulk->ids, g_strdup (json_object_get_string_member (order, "id")));
        }
    }
  counts->bulk_used = TRUE;
  *out = bulk;
  return TRUE;
}
