/* `bakemyday-sync plan`: its output and exit codes, as the design pins them. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bmd-test-util.h"

#define NOW "--now=2026-06-29T10:00:00-05:00"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* A config home whose stored settings file holds @settings. */
static char *
make_settings_home (const char *settings)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("bmd-cli-plan-XXXXXX", &error);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  dir = g_build_filename (home, "bakemyday", NULL);
  path = g_build_filename (dir, "settings.ini", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, settings, -1, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&home);
}

/* `bakemyday-sync` as a user runs it, without this machine's settings. */
#define run_cli(run, ...) bmd_test_run_cli ((run), NULL, __VA_ARGS__)

/* `plan calendar` of the fixture for @month, with @settings as the stored
 * settings; @format NULL: TSV. */
static void
run_cli_with_settings (BmdTestRun *run,
                       const char *settings,
                       const char *format,
                       const char *month)
{
  g_autofree char *home = make_settings_home (settings);
  g_autofree char *env = g_strconcat ("XDG_CONFIG_HOME=", home, NULL);
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  const char * const extra_env[] = { env, NULL };

  bmd_test_run_cli (run, extra_env, "plan", "calendar", "--orders", orders, NOW, "--month", month,
                    format != NULL ? "--format" : NULL, format, NULL);
  bmd_test_remove_tree (home);
}

static void
test_queue_tsv (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) run = { 0 };

  run_cli (&run, "plan", "queue", "--orders", orders, NOW, "--tz", "America/Chicago", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  /* Tabs and newlines inside values become spaces. */
  g_assert_cmpstr (run.out, ==,
                   "pickup\tcustomer\tflavor\ttheme\tallergies\tdeposit_status\tremaining_status\tdeposit_order\tremaining_order\n"
                   "2026-07-01T14:00:00-05:00\tFrank Miller\tlemon\tbirthday\tn/a\tPAID\tPAID\t#1001\t#1002\n"
                   "2026-07-02T11:00:00-05:00\tBilly Jones\tblack forest\tgraduation\ttreenut\tPENDING\tPAID\t#1003\t#1004\n"
                   "2026-07-03T09:30:00-05:00\tCarol White\tvanilla\twedding garden\tn/a\tPAID\tPENDING\t#1005\t#1006\n");
}

static void
test_zone_changes_output (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) run = { 0 };

  run_cli (&run, "plan", "queue", "--orders", orders, NOW, "--tz", "Europe/Berlin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "2026-07-01T21:00:00+02:00\tFrank Miller"));
}

static void
test_upcoming_json (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(BmdTestRun) run = { 0 };
  JsonArray *rows;
  JsonObject *row;

  run_cli (&run, "plan", "upcoming", "--orders", orders, NOW, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 8);
  row = json_array_get_object_element (rows, 7);
  g_assert_cmpstr (json_object_get_string_member (row, "customer"), ==, "Benjamin Lee");
  g_assert_cmpstr (json_object_get_string_member (row, "draft_type"), ==, "remaining");
  g_assert_cmpstr (json_object_get_string_member (row, "order"), ==, "#1008");
  g_assert_cmpstr (json_object_get_string_member (row, "financial_status"), ==, "PENDING");
  g_assert_cmpuint (json_object_get_size (row), ==, 8);
}

static void
test_calendar_month (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) feb = { 0 };
  g_auto(BmdTestRun) july = { 0 };
  g_auto(BmdTestRun) json = { 0 };

  run_cli (&feb, "plan", "calendar", "--orders", orders, NOW, "--month", "2026-02", NULL);
  g_assert_cmpint (feb.status, ==, 0);
  g_assert_cmpuint (bmd_test_count (feb.out, "\n"), ==, 1 + 28);
  g_assert_true (g_str_has_prefix (feb.out, "date\trequests\tpaid\tunpaid\tmissing\tover_capacity\n2026-02-01\t0\t0\t0\t0\t0\n"));

  /* Without --month: the month of now (June). */
  run_cli (&july, "plan", "calendar", "--orders", orders, NOW, NULL);
  g_assert_cmpuint (bmd_test_count (july.out, "\n"), ==, 1 + 30);
  g_assert_nonnull (strstr (july.out, "2026-06-30\t0\t0\t0\t0\t0\n"));

  run_cli (&json, "plan", "calendar", "--orders", orders, NOW, "--month", "2026-07", "--format", "json", NULL);
  g_assert_nonnull (strstr (json.out, "\"date\" : \"2026-07-02\",\n    \"requests\" : 1,\n    \"paid\" : 0,\n    \"unpaid\" : 1"));
}

/* The fixture has one request on each of 1 to 4 July 2026 (Wednesday to
 * Saturday): four in the ISO week of 29 June to 5 July, none in the next. */
static void
test_calendar_over_capacity (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) at_limit = { 0 };
  g_auto(BmdTestRun) over = { 0 };
  g_auto(BmdTestRun) json = { 0 };
  g_auto(BmdTestRun) bad = { 0 };

  run_cli (&at_limit, "plan", "calendar", "--orders", orders, NOW, "--month", "2026-07", NULL);
  g_assert_cmpint (at_limit.status, ==, 0);
  g_assert_nonnull (strstr (at_limit.out, "\n2026-07-01\t1\t1\t0\t0\t0\n"));

  /* One a day is not over; the week holds more than 2. */
  run_cli_with_settings (&over, "[BakeMyDay]\ncakes-per-day=uint32 1\ncakes-per-week=2\n", NULL, "2026-07");
  g_assert_cmpint (over.status, ==, 0);
  g_assert_cmpstr (over.err, ==, "");
  g_assert_nonnull (strstr (over.out, "\n2026-07-01\t1\t1\t0\t0\t1\n"));
  g_assert_nonnull (strstr (over.out, "\n2026-07-05\t0\t0\t0\t0\t1\n"));
  g_assert_nonnull (strstr (over.out, "\n2026-07-06\t0\t0\t0\t0\t0\n"));

  run_cli_with_settings (&json, "[BakeMyDay]\ncakes-per-day=0\ncakes-per-week=1000\n", "json", "2026-07");
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (json.out, "\"date\" : \"2026-07-01\",\n    \"requests\" : 1,\n    \"paid\" : 1,\n    \"unpaid\" : 0,\n    \"missing\" : 0,\n    \"over_capacity\" : 0\n"));

  /* A value that is not a number is ignored, as GSettings ignores it. */
  run_cli_with_settings (&bad, "[BakeMyDay]\ncakes-per-day='many'\n", NULL, "2026-07");
  g_assert_cmpint (bad.status, ==, 0);
  g_assert_nonnull (strstr (bad.out, "\n2026-07-01\t1\t1\t0\t0\t0\n"));
}

static void
test_problems (void)
{
  g_autofree char *orders = fixture ("orders-page.json");
  g_auto(BmdTestRun) run = { 0 };

  run_cli (&run, "plan", "problems", "--orders", orders, "--now=2026-06-25T10:00:00Z", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "order\tproblem\n"
                   "#1044\tno_pickup_date\n"
                   "#1044\tunknown_draft_type\n");
}

static void
test_bad_arguments (void)
{
  g_autofree char *bad_json = fixture ("test-cli-plan.c");
  g_autofree char *empty_dir = g_dir_make_tmp ("bmd-cli-XXXXXX", NULL);
  g_autofree char *empty = bmd_test_write_temp_file ("empty.jsonl", "", 0);
  g_autofree char *deep_text = g_strnfill (80000, '{');
  g_autofree char *deep = bmd_test_write_temp_file ("deep.json", deep_text, -1);
  g_autofree char *empty_folder = g_path_get_dirname (empty);
  g_autofree char *deep_folder = g_path_get_dirname (deep);
  const struct
  {
    const char *args[6];
    const char *message_part;
  } cases[] = {
    { { "plan", NULL }, "expected one of queue" },
    { { "plan", "tomorrow", NULL }, "not tomorrow" },
    { { "plan", "queue", "--tz", "Mars/Olympus", NULL }, "--tz" },
    { { "plan", "queue", "--orders", "/nonexistent.jsonl", NULL }, "/nonexistent.jsonl" },
    { { "plan", "queue", "--orders", bad_json, NULL }, "test-cli-plan.c" },
    /* An empty file is bad input; so is one nested past the parser's limit. */
    { { "plan", "queue", "--orders", empty, NULL }, empty },
    { { "plan", "queue", "--orders", deep, NULL }, deep },
    { { "plan", "queue", "--format", "xml", NULL }, "--format" },
    { { "plan", "calendar", "--month", "2026-13", NULL }, "--month" },
    { { "plan", "queue", "--now", "someday", NULL }, "--now" },
    { { "plan", "queue", "--bogus", NULL }, "--bogus" },
    { { "plan", "queue", "--data-dir", empty_dir, NULL }, empty_dir },
    { { "frobnicate", NULL }, "frobnicate" },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BmdTestRun) run = { 0 };

      run_cli (&run, cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
               cases[i].args[4], cases[i].args[5], NULL);
      g_test_message ("%s %s → %s", cases[i].args[0], cases[i].args[1] ? cases[i].args[1] : "", run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      /* One line naming the file or flag. */
      g_assert_cmpuint (bmd_test_count (run.err, "\n"), ==, 1);
      g_assert_nonnull (strstr (run.err, cases[i].message_part));
    }
  g_rmdir (empty_dir);
  bmd_test_remove_tree (empty_folder);
  bmd_test_remove_tree (deep_folder);
}

/* A warehouse that cannot be opened is the machine's failure, not the
 * arguments': exit 1, naming the file. */
static void
test_damaged_warehouse (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bmd-cli-plan-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "bakemyday.sqlite3", NULL);
  g_auto(BmdTestRun) run = { 0 };

  g_assert_no_error (error);
  g_file_set_contents (path, "this is not a database", -1, &error);
  g_assert_no_error (error);
  run_cli (&run, "plan", "queue", "--data-dir", dir, NOW, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (bmd_test_count (run.err, "\n"), ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  bmd_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/cli/plan/queue-tsv", test_queue_tsv);
  g_test_add_func ("/bmd/cli/plan/zone", test_zone_changes_output);
  g_test_add_func ("/bmd/cli/plan/upcoming-json", test_upcoming_json);
  g_test_add_func ("/bmd/cli/plan/calendar-month", test_calendar_month);
  g_test_add_func ("/bmd/cli/plan/calendar-over-capacity", test_calendar_over_capacity);
  g_test_add_func ("/bmd/cli/plan/problems", test_problems);
  g_test_add_func ("/bmd/cli/plan/bad-arguments", test_bad_arguments);
  g_test_add_func ("/bmd/cli/plan/damaged-warehouse", test_damaged_warehouse);

  return g_test_run ();
}
