#define G_LOG_DOMAIN "bmd-lake"

#include "config.h"

#include <string.h>

#include "bmd-jsonl.h"
#include "bmd-lake.h"
#include "bmd-warehouse-rows.h"

#define JSONL_GZ_TYPE "application/x-ndjson"

/* "a/b/" and "/a/b" both mean "a/b"; "" and NULL mean the bucket's root. */
static char *
join_prefix (const char *prefix,
             const char *rest)
{
  g_autofree char *clean = g_strdup (prefix != NULL ? prefix : "");
  char *start = clean;

  while (*start == '/')
    start++;
  while (*start != '\0' && start[strlen (start) - 1] == '/')
    start[strlen (start) - 1] = '\0';
  if (*start == '\0')
    return g_strdup (rest);
  return g_strconcat (start, "/", rest, NULL);
}

char *
bmd_lake_orders_run_prefix (const char *prefix,
                            const char *run_id)
{
  g_autofree char *rest = NULL;

  g_return_val_if_fail (run_id != NULL, NULL);

  rest = g_strdup_printf ("raw/orders/run=%s/", run_id);
  return join_prefix (prefix, rest);
}

char *
bmd_lake_delta_root (const char *prefix,
                     const char *table)
{
  g_autofree char *rest = NULL;

  g_return_val_if_fail (table != NULL && *table != '\0', NULL);

  rest = g_strdup_printf ("delta/%s", table);
  return join_prefix (prefix, rest);
}

char *
bmd_lake_orders_key (const char *prefix,
                     const char *run_id)
{
  g_autofree char *folder = bmd_lake_orders_run_prefix (prefix, run_id);

  return g_strconcat (folder, "orders.jsonl.gz", NULL);
}

char *
bmd_lake_ready_key (const char *prefix,
                    const char *table,
                    const char *run_id)
{
  g_autofree char *rest = NULL;

  g_return_val_if_fail (table != NULL, NULL);
  g_return_val_if_fail (run_id != NULL, NULL);

  rest = g_strdup_printf ("ready/%s/run=%s/%s.jsonl.gz", table, run_id, table);
  return join_prefix (prefix, rest);
}

static gboolean
upload_rows (BmdS3Client   *client,
             const char    *bucket,
             const char    *key,
             GPtrArray     *rows,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GBytes) body = bmd_jsonl_gzip_objects (rows, error);

  if (body == NULL)
    return FALSE;
  g_debug ("s3://%s/%s: %u rows, %" G_GSIZE_FORMAT " bytes gzipped",
           bucket, key, rows->len, g_bytes_get_size (body));
  return bmd_s3_client_put (client, bucket, key, body, JSONL_GZ_TYPE,
                            BMD_S3_PUT_NONE, cancellable, error);
}

gboolean
bmd_lake_upload (BmdS3Client   *client,
                 const char    *bucket,
                 const char    *prefix,
                 const char    *run_id,
                 GPtrArray     *order_rows,
                 GPtrArray     *ready_rows,
                 char         **out_key,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *orders_key = NULL;
  const char * const *tables = bmd_warehouse_ready_tables ();

  g_return_val_if_fail (BMD_IS_S3_CLIENT (client), FALSE);
  g_return_val_if_fail (bucket != NULL, FALSE);
  g_return_val_if_fail (order_rows != NULL, FALSE);

  if (!bmd_run_id_is_valid (run_id))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a run id (YYYYMMDDTHHMMSSZ-xxxxxx)", run_id != NULL ? run_id : "");
      return FALSE;
    }

  orders_key = bmd_lake_orders_key (prefix, run_id);
  if (!upload_rows (client, bucket, orders_key, order_rows, cancellable, error))
    return FALSE;

  for (guint i = 0; ready_rows != NULL && tables[i] != NULL; i++)
    {
      g_autofree char *key = bmd_lake_ready_key (prefix, tables[i], run_id);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!upload_rows (client, bucket, key, g_ptr_array_index (ready_rows, i), cancellable, error))
        return FALSE;
    }

  if (out_key != NULL)
    *out_key = g_steal_pointer (&orders_key);
  return TRUE;
}
