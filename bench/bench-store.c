/* The local warehouse at the scale of many years of orders: upserts of new
 * orders, the UNCHANGED path of a full re-read, real updates, and reading
 * every order back. Usage: bench-store [N_ORDERS] */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "bmd-store.h"
#include "bmd-test-util.h"

#define JSON_SIZE 2048

/* An order node of about JSON_SIZE bytes, shaped like what Shopify returns. */
static char *
make_order_json (guint i,
                 guint revision)
{
  g_autoptr(GString) json = g_string_sized_new (JSON_SIZE + 128);

  g_string_append_printf (json,
                          "{\"id\":\"gid://shopify/Order/%u\",\"name\":\"#%u\","
                          "\"updatedAt\":\"2026-06-01T00:00:%02uZ\",\"rev\":%u,"
                          "\"displayFinancialStatus\":\"PAID\","
                          "\"customer\":{\"id\":\"gid://shopify/Customer/%u\",\"firstName\":\"Ada\","
                          "\"lastName\":\"Baker\",\"email\":\"ada%u@example.com\"},"
                          "\"draftType\":{\"value\":\"%s\"},\"flavor\":{\"value\":\"lemon\"},"
                          "\"note\":\"",
                          1000000 + i, 1000 + i, revision % 60, revision, i / 2, i / 2,
                          i % 2 ? "remaining" : "deposit");
  while (json->len < JSON_SIZE - 2)
    g_string_append (json, "two tiers, buttercream roses ");
  g_string_truncate (json, JSON_SIZE - 2);
  g_string_append (json, "\"}");

  return g_string_free (g_steal_pointer (&json), FALSE);
}

static void
fail (const char *what,
      GError     *error)
{
  fprintf (stderr, "store: %s failed: %s\n", what, error != NULL ? error->message : "?");
  exit (1);
}

/* Upserts every order in one transaction; returns the seconds it took. */
static double
upsert_all (BmdStore    *store,
            GPtrArray   *ids,
            GPtrArray   *json,
            int          expect,
            const char  *label)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double seconds;

  if (!bmd_store_begin (store, &error))
    fail ("begin", error);

  for (guint i = 0; i < ids->len; i++)
    {
      BmdUpsertResult r;

      r = bmd_store_upsert_order (store, g_ptr_array_index (ids, i), "2026-06-01T00:00:00Z",
                                  "2026-07-01T15:00:00Z", g_ptr_array_index (json, i), &error);
      if (error != NULL)
        fail ("upsert", error);
      if ((int)r != expect)
        {
          fprintf (stderr, "store: %s: order %u gave %d, expected %d\n", label, i, r, expect);
          exit (1);
        }
    }

  if (!bmd_store_commit (store, &error))
    fail ("commit", error);

  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  printf ("store: %u %s in %.2f s (%.0f/s)\n", ids->len, label, seconds, ids->len / seconds);
  fflush (stdout);
  return seconds;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) json = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *dir = NULL;
  guint n = argc > 1 ? (guint)g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  gint64 start;
  double seconds;
  gsize bytes = 0;

  if (n == 0)
    {
      fprintf (stderr, "usage: %s [N_ORDERS]\n", argv[0]);
      return 2;
    }

  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (ids, g_strdup_printf ("gid://shopify/Order/%u", 1000000 + i));
      g_ptr_array_add (json, make_order_json (i, 1));
      g_ptr_array_add (changed, make_order_json (i, 2));
    }

  if (!(dir = g_dir_make_tmp ("bench-store-XXXXXX", &error)))
    fail ("making a temporary directory", error);
  if (!(store = bmd_store_open (dir, &error)))
    fail ("open", error);

  upsert_all (store, ids, json, BMD_UPSERT_ADDED, "upserts");
  upsert_all (store, ids, json, BMD_UPSERT_UNCHANGED, "unchanged upserts");
  upsert_all (store, ids, changed, BMD_UPSERT_UPDATED, "changed upserts");

  start = g_get_monotonic_time ();
  if (!(all = bmd_store_list_order_json (store, &error)))
    fail ("list_order_json", error);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  for (guint i = 0; i < all->len; i++)
    bytes += strlen (g_ptr_array_index (all, i));
  printf ("store: list_order_json of %u orders (%.1f MB) in %.2f s\n",
          all->len, bytes / 1e6, seconds);

  start = g_get_monotonic_time ();
  if (bmd_store_count_orders (store) != n)
    {
      fprintf (stderr, "store: expected %u orders\n", n);
      return 1;
    }
  printf ("store: count_orders in %.3f ms\n", (g_get_monotonic_time () - start) / 1000.0);

  g_clear_object (&store);
  bmd_test_remove_tree (dir);
  return 0;
}
