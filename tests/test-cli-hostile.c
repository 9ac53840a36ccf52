/* `bakemyday-sync plan` on input made to hurt: what it prints must stay
 * readable and safe, and bad input must fail visibly instead of crashing. */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "bmd-test-orders.h"

#include "bmd-test-util.h"

#define NOW "--now=2026-06-29T10:00:00-05:00"

/* One order node on a line; @flavor is JSON string content, escapes kept. */
static char *
order_line (int         number,
            const char *draft_type,
            const char *pickup,
            const char *flavor)
{
  return g_strdup_printf ("{\"id\":\"gid://shopify/Order/%d\",\"name\":\"#%d\","
                          "\"displayFinancialStatus\":\"PAID\","
                          "\"customer\":{\"id\":\"gid://shopify/Customer/7\",\"firstName\":\"Ann\",\"lastName\":\"Lee\"},"
                          "\"draftType\":{\"value\":\"%s\"},\"pickupDate\":{\"value\":\"%s\"},"
                          "\"flavor\":{\"value\":\"%s\"}}\n",
                          number, number, draft_type, pickup, flavor);
}

/* A deposit and its remaining half, as a JSON Lines file. */
static char *
pair_file (const char *pickup,
           const char *flavor)
{
  g_autofree char *deposit = order_line (1001, "deposit", pickup, flavor);
  g_autofree char *remaining = order_line (1002, "remaining", pickup, flavor);
  g_autofree char *contents = g_strconcat (deposit, remaining, NULL);

  return bmd_test_write_temp_file ("orders.jsonl", contents, -1);
}

static void
remove_file_and_folder (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  bmd_test_remove_tree (dir);
}

static char *
nested (const char *prefix,
        guint       depth,
        const char *suffix)
{
  GString *text = g_string_new (prefix);
  guint i;

  for (i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, suffix);
  return g_string_free (text, FALSE);
}

/* json-glib recursed once per level and overflowed the stack (a crash, not
 * an exit code): as one document, as JSON Lines and inside an order. */
static void
test_deep_nesting (void)
{
  const struct
  {
    const char *prefix;
    const char *suffix;
  } shapes[] = {
    { "", "" },
    { "{\"data\":{\"orders\":{\"nodes\":[{\"id\":\"gid://shopify/Order/1\",\"deep\":", "}]}}}" },
    { "{\"id\":\"gid://shopify/Order/1\",\"deep\":", "}\n{\"id\":\"gid://shopify/Order/2\"}\n" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (shapes); i++)
    {
      g_autofree char *text = nested (shapes[i].prefix, 80000, shapes[i].suffix);
      g_autofree char *path = bmd_test_write_temp_file ("deep.json", text, -1);
      g_auto(BmdTestRun) run = { 0 };

      bmd_test_run_cli (&run, NULL, "plan", "queue", "--orders", path, NOW, NULL);
      g_test_message ("shape %u: %d %s", i, run.status, run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_nonnull (strstr (run.err, path));
      g_assert_nonnull (strstr (run.err, "nested"));
      g_assert_cmpstr (run.out, ==, "");
      remove_file_and_folder (path);
    }
}

/* Nesting at the limit still reads: the bound is not off by one. */
static void
test_nesting_at_limit (void)
{
  /* The line is one level, the order another, "deep" the rest. */
  g_autofree char *text = nested ("{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1\",\"deep\":", 255, "}\n");
  g_autofree char *path = bmd_test_write_temp_file ("deep.jsonl", text, -1);
  g_autofree char *deeper = nested ("{\"id\":\"gid://shopify/Order/1\",\"name\":\"#1\",\"deep\":", 256, "}\n");
  g_autofree char *deeper_path = bmd_test_write_temp_file ("deeper.jsonl", deeper, -1);
  g_auto(BmdTestRun) run = { 0 };
  g_auto(BmdTestRun) too_deep = { 0 };

  bmd_test_run_cli (&run, NULL, "plan", "problems", "--all", "--orders", path, NOW, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "order\tproblem\n#1\tno_customer\n#1\tno_pickup_date\n#1\tunknown_draft_type\n");

  bmd_test_run_cli (&too_deep, NULL, "plan", "problems", "--all", "--orders", deeper_path, NOW, NULL);
  g_assert_cmpint (too_deep.status, ==, 2);
  g_assert_nonnull (strstr (too_deep.err, "nested"));
  remove_file_and_folder (path);
  remove_file_and_folder (deeper_path);
}

/* "\u0000" cut the value short without a word; it is shown as U+FFFD. */
static void
test_nul_escape_stays_visible (void)
{
  g_autofree char *path = pair_file ("2026-07-01T14:00:00", "lemon\\u0000 cake");
  g_auto(BmdTestRun) run = { 0 };

  bmd_test_run_cli (&run, NULL, "plan", "queue", "--orders", path, NOW, "--tz", "America/Chicago", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\tAnn Lee\tlemon\xEF\xBF\xBD cake\t"));
  remove_file_and_folder (path);
}

/* A lone surrogate became invalid UTF-8 in --format json. */
static void
test_lone_surrogate_json_is_valid (void)
{
  const char *flavors[] = { "pi\\udc00e", "pi\\ud800e", "pi\\ud800\\u0041e" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (flavors); i++)
    {
      g_autofree char *path = pair_file ("2026-07-01T14:00:00", flavors[i]);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_auto(BmdTestRun) run = { 0 };
      JsonArray *rows;
      const char *flavor;

      bmd_test_run_cli (&run, NULL, "plan", "upcoming", "--orders", path, NOW, "--format", "json", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_true (g_utf8_validate (run.out, -1, NULL));
      json_parser_load_from_data (parser, run.out, -1, &error);
      g_assert_no_error (error);
      rows = json_node_get_array (json_parser_get_root (parser));
      g_assert_cmpuint (json_array_get_length (rows), ==, 2);
      flavor = json_object_get_string_member (json_array_get_object_element (rows, 0), "flavor");
      g_assert_cmpstr (flavor, ==, i < 2 ? "pi\xEF\xBF\xBD" "e" : "pi\xEF\xBF\xBD" "Ae");
      remove_file_and_folder (path);
    }
}

/* A valid surrogate pair is a character, not two replacements. */
static void
test_surrogate_pair_kept (void)
{
  g_autofree char *path = pair_file ("2026-07-01T14:00:00", "\\ud83c\\udf82 cake");
  g_auto(BmdTestRun) run = { 0 };

  bmd_test_run_cli (&run, NULL, "plan", "queue", "--orders", path, NOW, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\t\xF0\x9F\x8E\x82 cake\t"));
  remove_file_and_folder (path);
}

/* ESC, BEL and DEL went to the terminal through TSV. */
static void
test_tsv_has_no_control_characters (void)
{
  g_autofree char *path = pair_file ("2026-07-01T14:00:00",
                                     "\\u001b[2J\\u001b[Hlemon\\u0007\\u007f\\u0085 cake\\ttab");
  g_auto(BmdTestRun) run = { 0 };
  const guchar *p;

  bmd_test_run_cli (&run, NULL, "plan", "queue", "--orders", path, NOW, NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (p = (const guchar *) run.out; *p != '\0'; p++)
    {
      if (*p == '\t' || *p == '\n')
        continue;
      g_assert_cmpuint (*p, >=, 0x20);
      g_assert_cmpuint (*p, !=, 0x7f);
    }
  /* U+0085 (a C1 control, NEL) goes too. */
  g_assert_null (strstr (run.out, "\xC2\x85"));
  g_assert_nonnull (strstr (run.out, "\t [2J [Hlemon    cake tab\t"));
  remove_file_and_folder (path);
}

/* An empty file planned as "nothing to bake" and exited 0. */
static void
test_empty_orders_file (void)
{
  const char *contents[] = { "", "\n \n\t\n" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *path = bmd_test_write_temp_file ("empty.jsonl", contents[i], -1);
      g_auto(BmdTestRun) run = { 0 };

      bmd_test_run_cli (&run, NULL, "plan", "queue", "--orders", path, NOW, NULL);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_nonnull (strstr (run.err, path));
      g_assert_nonnull (strstr (run.err, "no orders"));
      remove_file_and_folder (path);
    }
}

/* A response whose connection is empty is no error: the shop has no orders.
 * Every view of an empty plan (built with -Db_sanitize=undefined, this
 * caught NULL handed to memcpy () and bsearch ()). */
static void
test_empty_response_plans (void)
{
  g_autofree char *path = bmd_test_write_temp_file ("page.json", "{\"data\":{\"orders\":{\"nodes\":[]}}}", -1);
  const char *views[] = { "queue", "upcoming", "problems", "calendar" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (views); i++)
    {
      g_auto(BmdTestRun) run = { 0 };

      bmd_test_run_cli (&run, NULL, "plan", views[i], "--orders", path, NOW, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
    }
  remove_file_and_folder (path);
}

/* A pickup on the last second of year 9999 (and now near it): the pickup
 * column was empty (a NULL date). */
static void
test_year_9999 (void)
{
  g_autofree char *path = pair_file ("9999-12-31T23:59:59", "lemon");
  g_auto(BmdTestRun) upcoming = { 0 };
  g_auto(BmdTestRun) queue = { 0 };

  bmd_test_run_cli (&upcoming, NULL, "plan", "upcoming", "--orders", path, NOW, "--tz", "America/Chicago", NULL);
  g_assert_cmpstr (upcoming.err, ==, "");
  g_assert_cmpint (upcoming.status, ==, 0);
  g_assert_nonnull (strstr (upcoming.out, "\n9999-12-31T23:59:59-06:00\tAnn Lee\tdeposit\t#1001\t"));
  g_assert_nonnull (strstr (upcoming.out, "\n9999-12-31T23:59:59-06:00\tAnn Lee\tremaining\t#1002\t"));

  bmd_test_run_cli (&queue, NULL, "plan", "queue", "--orders", path,
                    "--now=9999-12-30T10:00:00", "--tz", "America/Chicago", NULL);
  g_assert_cmpstr (queue.err, ==, "");
  g_assert_cmpint (queue.status, ==, 0);
  g_assert_nonnull (strstr (queue.out, "\n9999-12-31T23:59:59-06:00\tAnn Lee\tlemon\t"));
  remove_file_and_folder (path);
}

/* The first and last instants GLib has: no critical warnings (fatal here).
 * A now whose local time is outside the years 1-9999 is refused. */
static void
test_now_at_the_ends_of_time (void)
{
  g_autofree char *path = pair_file ("2026-07-01T14:00:00", "lemon");
  const struct
  {
    const char *now;
    int status;
  } nows[] = {
    { "--now=0001-01-01", 0 },
    { "--now=0001-01-01T00:00:00-05:51", 0 },
    /* The year 0 in Chicago. */
    { "--now=0001-01-01T00:00:00Z", 2 },
    { "--now=9999-12-31T23:59:59", 0 },
    { "--now=9999-12-31T23:59:59Z", 0 },
    /* The year 10000 in Chicago. */
    { "--now=9999-12-31T23:59:59-12:00", 2 },
  };
  const char *views[] = { "queue", "upcoming", "problems", "calendar" };
  guint i, j;

  for (i = 0; i < G_N_ELEMENTS (nows); i++)
    for (j = 0; j < G_N_ELEMENTS (views); j++)
      {
        g_auto(BmdTestRun) run = { 0 };

        bmd_test_run_cli (&run, NULL, "plan", views[j], "--orders", path, nows[i].now, "--tz", "America/Chicago", NULL);
        g_test_message ("%s %s: %d %s", views[j], nows[i].now, run.status, run.err);
        g_assert_cmpint (run.status, ==, nows[i].status);
        if (nows[i].status == 0)
          g_assert_cmpstr (run.err, ==, "");
        else
          g_assert_nonnull (strstr (run.err, "--now"));
      }
  remove_file_and_folder (path);
}

/* Pickups outside the years GDateTime holds in the shop's zone are bad
 * dates, not blank rows. */
static void
test_pickup_out_of_range (void)
{
  g_autofree char *path = pair_file ("0001-01-01T00:00:00Z", "lemon");
  g_auto(BmdTestRun) run = { 0 };

  bmd_test_run_cli (&run, NULL, "plan", "problems", "--all", "--orders", path, NOW, "--tz", "America/Chicago", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "order\tproblem\n#1001\tbad_pickup_date\n#1002\tbad_pickup_date\n");
  remove_file_and_folder (path);
}

/* Writes @raw as the stored text of order @id, as an older version (or a
 * damaged disk) may have left it. */
static void
corrupt_stored_order (const char *data_dir,
                      const char *id,
                      const char *raw,
                      int         raw_length)
{
  g_autofree char *path = g_build_filename (data_dir, "bakemyday.sqlite3", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE orders SET raw = ?1 WHERE id = ?2", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, raw, raw_length, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* An order stored as "inf" (json-glib's text for 1e999) or as invalid UTF-8
 * (its text for a lone surrogate) made every plan exit 2 and the app show
 * "The Orders Cannot Be Read". It is one problem row; the rest plans. */
static void
test_unreadable_stored_order (void)
{
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-hostile-XXXXXX", NULL);
  g_autofree char *data_dir_flag = g_strconcat ("--data-dir=", data_dir, NULL);
  g_autofree char *pickup = bmd_test_local_pickup (2, "14:00:00");
  const BmdTestOrder specs[] = {
    { "#1001", "Ann Lee", "deposit", pickup, "PAID", "lemon" },
    { "#1002", "Ann Lee", "remaining", pickup, "PAID", "lemon" },
    { "#1003", "Bo Chen", "deposit", pickup, "PAID", "vanilla" },
    { "#1004", "Bo Chen", "remaining", pickup, "PAID", "vanilla" },
    { NULL },
  };
  const char bad_utf8[] = "{\"id\":\"gid://shopify/Order/1004\",\"name\":\"#1004\",\"note\":\"\xed\xb0\x80\"}";
  g_auto(BmdTestRun) problems = { 0 };
  g_auto(BmdTestRun) queue = { 0 };

  bmd_test_store_orders (data_dir, specs, "2026-06-01T12:00:00Z");
  corrupt_stored_order (data_dir, "gid://shopify/Order/1003",
                        "{\"id\":\"gid://shopify/Order/1003\",\"name\":\"#1003\",\"totalPriceSet\":"
                        "{\"shopMoney\":{\"amount\":inf}}}", -1);
  corrupt_stored_order (data_dir, "gid://shopify/Order/1004", bad_utf8, sizeof bad_utf8 - 1);

  bmd_test_run_cli (&problems, NULL, "plan", "problems", data_dir_flag, "--tz", "America/Chicago", NULL);
  g_assert_cmpstr (problems.err, ==, "");
  g_assert_cmpint (problems.status, ==, 0);
  /* Scope does not hide it: nothing else tells that the order is there. */
  g_assert_cmpstr (problems.out, ==,
                   "order\tproblem\n"
                   "gid://shopify/Order/1003\tunreadable_order\n"
                   "gid://shopify/Order/1004\tunreadable_order\n");

  bmd_test_run_cli (&queue, NULL, "plan", "queue", data_dir_flag, "--tz", "America/Chicago", NULL);
  g_assert_cmpstr (queue.err, ==, "");
  g_assert_cmpint (queue.status, ==, 0);
  g_assert_nonnull (strstr (queue.out, "\tAnn Lee\tlemon\t"));
  g_assert_null (strstr (queue.out, "Bo Chen"));
  bmd_test_remove_tree (data_dir);
}

/* A warehouse that cannot be opened or read is the machine's trouble, not
 * a bad argument: exit 1, as the README reserves 2 for bad arguments. */
static void
test_environment_failure_exit_codes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bmd-hostile-XXXXXX", NULL);
  g_autofree char *as_folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *as_folder_db = g_build_filename (as_folder, "bakemyday.sqlite3", NULL);
  g_autofree char *garbage = g_build_filename (dir, "garbage", NULL);
  g_autofree char *garbage_db = g_build_filename (garbage, "bakemyday.sqlite3", NULL);
  g_autofree char *garbage_text = g_strnfill (8192, 'x');
  g_autofree char *a_file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *under_a_file = g_build_filename (a_file, "data", NULL);
  const char *env[] = { "BAKEMYDAY_TOKEN=shpat_0123456789", NULL };
  /* A path through a file is a bad --data-dir (exit 2), not the machine's
   * trouble; permissions do not stop root, who runs CI: these fail for anyone. */
  const struct { const char *dir; int status; } dirs[] = {
    { as_folder, 1 }, { garbage, 1 }, { a_file, 2 }, { under_a_file, 2 },
  };
  guint i;

  /* The database's name taken by a folder; a file that is no database; the
   * data dir, or a folder on its way, taken by a file. */
  g_assert_cmpint (g_mkdir_with_parents (as_folder_db, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (garbage, 0700), ==, 0);
  g_assert_true (g_file_set_contents (garbage_db, garbage_text, -1, NULL));
  g_assert_true (g_file_set_contents (a_file, "not a folder", -1, NULL));

  for (i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *flag = g_strconcat ("--data-dir=", dirs[i].dir, NULL);
      g_auto(BmdTestRun) refresh = { 0 };
      g_auto(BmdTestRun) plan = { 0 };

      bmd_test_run_cli (&refresh, env, "refresh", "--shop=http://127.0.0.1:9", flag, NULL);
      g_test_message ("refresh %s: %d %s", dirs[i].dir, refresh.status, refresh.err);
      g_assert_cmpint (refresh.status, ==, dirs[i].status);
      g_assert_nonnull (strstr (refresh.err, dirs[i].dir));

      bmd_test_run_cli (&plan, NULL, "plan", "queue", flag, NULL);
      g_test_message ("plan %s: %d %s", dirs[i].dir, plan.status, plan.err);
      g_assert_cmpint (plan.status, ==, dirs[i].status);
      g_assert_nonnull (strstr (plan.err, dirs[i].dir));
    }
  bmd_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/cli/hostile/deep-nesting", test_deep_nesting);
  g_test_add_func ("/bmd/cli/hostile/nesting-at-limit", test_nesting_at_limit);
  g_test_add_func ("/bmd/cli/hostile/nul-escape", test_nul_escape_stays_visible);
  g_test_add_func ("/bmd/cli/hostile/lone-surrogate-json", test_lone_surrogate_json_is_valid);
  g_test_add_func ("/bmd/cli/hostile/surrogate-pair", test_surrogate_pair_kept);
  g_test_add_func ("/bmd/cli/hostile/tsv-controls", test_tsv_has_no_control_characters);
  g_test_add_func ("/bmd/cli/hostile/empty-orders-file", test_empty_orders_file);
  g_test_add_func ("/bmd/cli/hostile/empty-response", test_empty_response_plans);
  g_test_add_func ("/bmd/cli/hostile/year-9999", test_year_9999);
  g_test_add_func ("/bmd/cli/hostile/now-at-the-ends", test_now_at_the_ends_of_time);
  g_test_add_func ("/bmd/cli/hostile/pickup-out-of-range", test_pickup_out_of_range);
  g_test_add_func ("/bmd/cli/hostile/unreadable-stored-order", test_unreadable_stored_order);
  g_test_add_func ("/bmd/cli/hostile/environment-exit-codes", test_environment_failure_exit_codes);

  return g_test_run ();
}
