/* One store holds one shop: a data folder of shop A refreshed against shop B
 * is refused and left as it was; --switch-shop sets A's orders aside and
 * brings them back when switching back. And the shop's time zone: an
 * unknown one falls back to America/Chicago, saying so, in refresh and plan. */

#include "config.h"

#include <string.h>

#include "bmd-test-sim.h"
#include "bmd-store.h"
#include "bmd-test-util.h"

#define SHOP_A "organic-bakery-austin.myshopify.com"
#define SHOP_B "other-bakery.myshopify.com"

typedef struct
{
  BmdShopifySim *sim;
  char *dir;
  char *data_dir;
  char *token_file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  bmd_shopify_sim_options_init (&options);
  options.requests = 12;
  options.seed = 5;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  fixture->sim = bmd_test_sim_start (&options);

  fixture->dir = g_dir_make_tmp ("bmd-shop-identity-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->token_file = g_build_filename (fixture->dir, "token", NULL);
  g_file_set_contents (fixture->token_file, "shpat_test\n", -1, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  bmd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->token_file);
}

static void
refresh (Fixture    *fixture,
         BmdTestRun *run,
         gboolean    switch_shop)
{
  bmd_test_run_cli (run, NULL, "refresh", "--shop", bmd_shopify_sim_get_url (fixture->sim),
                    "--token-file", fixture->token_file, "--data-dir", fixture->data_dir,
                    switch_shop ? "--switch-shop" : NULL, NULL);
}

static char *
dup_state (const char *data_dir,
           const char *key)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  return bmd_store_dup_state (store, key);
}

static guint
count_orders (const char *data_dir)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  return bmd_store_count_orders (store);
}

static char *
dump_ids (const char *data_dir)
{
  g_autoptr(BmdStore) store = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  store = bmd_store_open (data_dir, &error);
  g_assert_no_error (error);
  ids = bmd_store_list_ids (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (ids, i));
  return g_string_free (out, FALSE);
}

static void
test_records_its_shop (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(BmdTestRun) run = { 0 };
  g_autofree char *domain = NULL;

  refresh (fixture, &run, FALSE);
  g_assert_cmpint (run.status, ==, 0);
  domain = dup_state (fixture->data_dir, BMD_STORE_STATE_SHOP_DOMAIN);
  g_assert_cmpstr (domain, ==, SHOP_A);
}

static void
test_other_shop_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(BmdTestRun) first = { 0 };
  g_auto(BmdTestRun) other = { 0 };
  g_auto(BmdTestRun) same_in_capitals = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *watermark_before = NULL;
  g_autofree char *watermark_after = NULL;

  refresh (fixture, &first, FALSE);
  g_assert_cmpint (first.status, ==, 0);
  before = dump_ids (fixture->data_dir);
  watermark_before = dup_state (fixture->data_dir, "watermark_updated_at");
  g_assert_cmpuint (count_orders (fixture->data_dir), >, 0);

  /* The same URL now answers as another shop. */
  bmd_shopify_sim_set_shop (fixture->sim, SHOP_B, NULL);
  refresh (fixture, &other, FALSE);
  g_assert_cmpint (other.status, ==, 2);
  g_assert_cmpstr (other.out, ==, "");
  g_assert_nonnull (strstr (other.err, SHOP_A));
  g_assert_nonnull (strstr (other.err, SHOP_B));
  g_assert_nonnull (strstr (other.err, "--switch-shop"));
  after = dump_ids (fixture->data_dir);
  watermark_after = dup_state (fixture->data_dir, "watermark_updated_at");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (watermark_after, ==, watermark_before);

  /* A domain differing only in case is the same shop. */
  bmd_shopify_sim_set_shop (fixture->sim, "Organic-Bakery-Austin.myshopify.com", NULL);
  refresh (fixture, &same_in_capitals, FALSE);
  g_assert_cmpint (same_in_capitals.status, ==, 0);
}

static void
test_switch_and_back (Fixture       *fixture,
                      gconstpointer  data)
{
  g_auto(BmdTestRun) first = { 0 };
  g_auto(BmdTestRun) to_b = { 0 };
  g_auto(BmdTestRun) back = { 0 };
  g_auto(BmdTestRun) again = { 0 };
  g_autofree char *ids_a = NULL;
  g_autofree char *ids_back = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *aside = NULL;
  guint a_orders;

  refresh (fixture, &first, FALSE);
  g_assert_cmpint (first.status, ==, 0);
  ids_a = dump_ids (fixture->data_dir);
  a_orders = count_orders (fixture->data_dir);

  /* Shop B has two more requests than A: its store is not A's again. */
  bmd_shopify_sim_set_shop (fixture->sim, SHOP_B, NULL);
  bmd_shopify_sim_add_requests (fixture->sim, 2);
  refresh (fixture, &to_b, TRUE);
  g_assert_cmpint (to_b.status, ==, 0);
  g_assert_nonnull (strstr (to_b.err, SHOP_A));
  /* Every order of B is read afresh: nothing is "updated" from A's rows. */
  g_assert_true (g_str_has_prefix (to_b.out, "refreshed: "));
  g_assert_nonnull (strstr (to_b.out, " updated, 0 deleted)"));
  g_assert_cmpuint (count_orders (fixture->data_dir), ==, a_orders + 4);
  domain = dup_state (fixture->data_dir, BMD_STORE_STATE_SHOP_DOMAIN);
  g_assert_cmpstr (domain, ==, SHOP_B);
  aside = g_build_filename (fixture->data_dir, "shops", SHOP_A ".sqlite3", NULL);
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_REGULAR));

  /* Switching back brings A's store back, exactly. */
  bmd_shopify_sim_set_shop (fixture->sim, SHOP_A, NULL);
  refresh (fixture, &back, TRUE);
  g_assert_cmpint (back.status, ==, 0);
  g_assert_false (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_clear_pointer (&domain, g_free);
  domain = dup_state (fixture->data_dir, BMD_STORE_STATE_SHOP_DOMAIN);
  g_assert_cmpstr (domain, ==, SHOP_A);
  /* A's simulator now holds B's two new requests too; they arrive as new. */
  ids_back = dump_ids (fixture->data_dir);
  g_assert_true (g_str_has_prefix (ids_back, ids_a) || strlen (ids_back) > strlen (ids_a));
  g_assert_nonnull (strstr (back.out, "(4 added, 0 updated, 0 deleted)"));

  /* --switch-shop against the store's own shop changes nothing. */
  refresh (fixture, &again, TRUE);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "(0 added, 0 updated, 0 deleted)"));
}

static void
test_unknown_zone_falls_back (Fixture       *fixture,
                              gconstpointer  data)
{
  static const char * const zones[] = { "Mars/Olympus_Mons", "" };

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_auto(BmdTestRun) run = { 0 };
      g_auto(BmdTestRun) plan = { 0 };
      g_auto(BmdTestRun) plan_tz = { 0 };
      g_autofree char *stored = NULL;

      bmd_test_remove_tree (fixture->data_dir);
      bmd_shopify_sim_set_shop (fixture->sim, NULL, zones[i]);
      refresh (fixture, &run, FALSE);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.err, "warning: the shop’s time zone"));
      g_assert_nonnull (strstr (run.err, "America/Chicago"));
      /* What the shop said is kept; plans fall back from it the same way. */
      stored = dup_state (fixture->data_dir, "shop_timezone");
      g_assert_cmpstr (stored, ==, zones[i]);

      bmd_test_run_cli (&plan, NULL, "plan", "calendar", "--data-dir", fixture->data_dir,
                        "--now", "2026-03-08T12:00:00-05:00", "--month", "2026-03", NULL);
      g_assert_cmpint (plan.status, ==, 0);
      g_assert_nonnull (strstr (plan.err, "plan: warning: the shop’s time zone"));
      g_assert_true (g_str_has_prefix (plan.out, "date\trequests\tpaid\tunpaid\tmissing\tover_capacity\n"));

      /* An explicit --tz that is wrong is still a bad argument. */
      bmd_test_run_cli (&plan_tz, NULL, "plan", "queue", "--data-dir", fixture->data_dir,
                        "--tz", "Mars/Olympus_Mons", NULL);
      g_assert_cmpint (plan_tz.status, ==, 2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/bmd/shop-identity/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("records-its-shop", test_records_its_shop);
  ADD ("other-shop-refused", test_other_shop_refused);
  ADD ("switch-and-back", test_switch_and_back);
  ADD ("unknown-zone-falls-back", test_unknown_zone_falls_back);
#undef ADD
  return g_test_run ();
}
