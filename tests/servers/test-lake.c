/* The lake stage against a real radosgw, and its files loaded into PostgreSQL. */
#include "config.h"

#include <string.h>

#include "bmd-jsonl.h"
#include "bmd-lake.h"
#include "bmd-redshift-loader.h"
#include "bmd-test-orders.h"
#include "bmd-warehouse-rows.h"
#include "bmd-test-servers.h"

static const BmdTestOrder specs[] = {
  { "#3001", "Frank Baker", "deposit", "2026-07-01T15:00:00-05:00", "PAID", "lemon", "birthday", "treenut", NULL, NULL },
  { "#3002", "Frank Baker", "remaining", "2026-07-01T15:00:00-05:00", "PENDING", "lemon", "forgot", "n/a", NULL, NULL },
  { "#3003", "Ada Lovelace", "deposit", "2026-07-02", "PAID", "black forest", "wedding", "", NULL, NULL },
  { "#3004", NULL, "deposit", "2026-07-08T10:00:00", "PENDING", "carrot", "", "", NULL, NULL },
  { NULL }
};

typedef struct
{
  BmdAwsCredentials *credentials;
  BmdS3Client *client;
  const char *bucket;
  char *prefix;
  GTimeZone *zone;
  GPtrArray *orders;
  BmdPlan *plan;
  char *run_id;
  GPtrArray *rows;
  GPtrArray *ready_rows;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-06-29T12:00:00Z", NULL);

  if (!bmd_test_require_s3 ())
    return;
  f->bucket = g_getenv ("BAKEMYDAY_S3_BUCKET");
  f->credentials = bmd_aws_credentials_resolve (NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->client = bmd_s3_client_new (g_getenv ("BAKEMYDAY_S3_ENDPOINT"), f->credentials, &error);
  g_assert_no_error (error);
  f->prefix = g_strdup_printf ("test-lake/%08x", g_random_int ());
  f->zone = g_time_zone_new_identifier ("America/Chicago");
  f->orders = bmd_test_orders_new (specs);
  f->plan = bmd_planner_plan (f->orders, now, f->zone, BMD_PLAN_FLAGS_NONE);
  f->run_id = bmd_run_id_new (now);
  f->rows = bmd_warehouse_order_rows (f->orders, f->zone, f->run_id);
  f->ready_rows = bmd_warehouse_ready_rows_all (f->plan, f->run_id);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->client != NULL)
    {
      g_autoptr(GPtrArray) left = bmd_s3_client_list (f->client, f->bucket, f->prefix, NULL, NULL);

      for (guint i = 0; left != NULL && i < left->len; i++)
        bmd_s3_client_delete (f->client, f->bucket,
                              ((BmdS3Object *) g_ptr_array_index (left, i))->key, NULL, NULL);
    }
  g_clear_object (&f->client);
  g_clear_object (&f->credentials);
  g_clear_pointer (&f->prefix, g_free);
  g_clear_pointer (&f->zone, g_time_zone_unref);
  g_clear_pointer (&f->orders, g_ptr_array_unref);
  g_clear_object (&f->plan);
  g_clear_pointer (&f->run_id, g_free);
  g_clear_pointer (&f->rows, g_ptr_array_unref);
  g_clear_pointer (&f->ready_rows, g_ptr_array_unref);
}

static GPtrArray *
read_rows (Fixture    *f,
           const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = bmd_s3_client_get (f->client, f->bucket, key, NULL, &error);
  GPtrArray *rows;

  g_assert_no_error (error);
  rows = bmd_jsonl_read (data, &error);
  g_assert_no_error (error);
  return rows;
}

static void
assert_rows_equal (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_autoptr(JsonNode) x = json_node_init_object (json_node_alloc (), g_ptr_array_index (a, i));
      g_autoptr(JsonNode) y = json_node_init_object (json_node_alloc (), g_ptr_array_index (b, i));

      g_assert_true (json_node_equal (x, y));
    }
}

static void
test_layout (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *key = NULL;
  g_autofree char *list_prefix = NULL;
  const char * const *tables = bmd_warehouse_ready_tables ();

  if (f->client == NULL)
    return;

  g_assert_true (bmd_lake_upload (f->client, f->bucket, f->prefix, f->run_id, f->rows, f->ready_rows,
                                  &key, NULL, &error));
  g_assert_no_error (error);
  {
    g_autofree char *orders_key = bmd_lake_orders_key (f->prefix, f->run_id);

    g_assert_cmpstr (key, ==, orders_key);
  }
  g_assert_true (g_str_has_suffix (key, "/orders.jsonl.gz"));

  /* Exactly the design's keys, nothing else. */
  g_ptr_array_add (expected, g_strdup_printf ("%s/raw/orders/run=%s/orders.jsonl.gz", f->prefix, f->run_id));
  for (guint i = 0; tables[i] != NULL; i++)
    g_ptr_array_add (expected, g_strdup_printf ("%s/ready/%s/run=%s/%s.jsonl.gz",
                                                f->prefix, tables[i], f->run_id, tables[i]));
  list_prefix = g_strconcat (f->prefix, "/", NULL);
  listed = bmd_s3_client_list (f->client, f->bucket, list_prefix, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < listed->len; j++)
        found |= strcmp (((BmdS3Object *) listed->pdata[j])->key, expected->pdata[i]) == 0;
      g_assert_true (found);
    }

  /* The snapshot reads back as the rows; the ready files as the plan's rows. */
  back = read_rows (f, key);
  assert_rows_equal (back, f->rows);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *ready_key = bmd_lake_ready_key (f->prefix, tables[i], f->run_id);
      g_autoptr(GPtrArray) ready = read_rows (f, ready_key);
      g_autoptr(GPtrArray) planned = bmd_warehouse_ready_rows (f->plan, tables[i], f->run_id);

      assert_rows_equal (ready, planned);
    }
}

static void
test_rewrite_and_bad_run_id (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GPtrArray) fewer = NULL;
  g_autofree char *key = NULL;
  g_autofree char *list_prefix = NULL;

  if (f->client == NULL)
    return;

  /* Without a plan only the snapshot is written. */
  g_assert_true (bmd_lake_upload (f->client, f->bucket, f->prefix, f->run_id, f->rows, NULL,
                                  NULL, NULL, &error));
  g_assert_no_error (error);
  /* The same run again replaces its file. */
  fewer = bmd_warehouse_order_rows (f->orders, f->zone, f->run_id);
  g_ptr_array_remove_index (fewer, 0);
  g_assert_true (bmd_lake_upload (f->client, f->bucket, f->prefix, f->run_id, fewer, NULL,
                                  &key, NULL, &error));
  g_assert_no_error (error);
  list_prefix = g_strconcat (f->prefix, "/", NULL);
  listed = bmd_s3_client_list (f->client, f->bucket, list_prefix, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 1);
  back = read_rows (f, key);
  g_assert_cmpuint (back->len, ==, f->rows->len - 1);

  g_assert_false (bmd_lake_upload (f->client, f->bucket, f->prefix, "../../etc", f->rows, NULL,
                                   NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_lake_file_loads (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(BmdRedshiftLoader) loader = NULL;
  g_autoptr(GDateTime) started = g_date_time_new_now_utc ();
  g_autofree char *key = NULL;
  BmdWarehouseBatch batch = { 0 };
  gint64 rows = 0;

  if (f->client == NULL)
    return;
  if (!bmd_test_require_warehouse ())
    return;

  /* The pipeline's order: lake first, then the warehouse, from what the lake holds. */
  g_assert_true (bmd_lake_upload (f->client, f->bucket, f->prefix, f->run_id, f->rows, f->ready_rows,
                                  &key, NULL, &error));
  g_assert_no_error (error);
  back = read_rows (f, key);

  batch.run_id = f->run_id;
  batch.started_at = started;
  batch.order_rows = back;
  batch.ready_rows = f->ready_rows;
  batch.lake_bucket = f->bucket;
  batch.lake_key = key;
  loader = bmd_redshift_loader_new (g_getenv ("BAKEMYDAY_WAREHOUSE"), BMD_WAREHOUSE_DIALECT_POSTGRES);
  g_assert_true (bmd_redshift_loader_load (loader, &batch, &rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rows, >=, f->rows->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/lake/layout", test_layout);
  ADD ("/bmd/lake/rewrite-and-bad-run-id", test_rewrite_and_bad_run_id);
  ADD ("/bmd/lake/lake-file-loads", test_lake_file_loads);
#undef ADD

  return g_test_run ();
}
