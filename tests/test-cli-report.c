/* `bakemyday-sync report`: its output and exit codes, as the design pins them.
 * Expected values are worked out by hand from the fixture (now Monday
 * 2026-06-29 10:00 CDT): Frank both halves paid (40 + 65), Billy the
 * remaining (65), Carol the deposit (40), Benjamin nothing; all booked on
 * 15 June for 1-4 July. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bmd-test-orders.h"
#include "bmd-test-util.h"

#define NOW "--now=2026-06-29T10:00:00-05:00"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* `bakemyday-sync` as a user runs it, without this machine's settings. */
#define run_cli(run, ...) bmd_test_run_cli ((run), NULL, __VA_ARGS__)

static void
test_months_tsv (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) run = { 0 };

  run_cli (&run, "report", "months", "--orders", orders, NOW, "--tz", "America/Chicago", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  /* Lead days 16, 17, 18: the median 17. */
  g_assert_cmpstr (run.out, ==,
                   "month\tcakes\trevenue\taverage_cake_value\tunpaid\tnew_customers\treturning_customers\tmedian_lead_days\n"
                   "2026-07\t3\t210.00\t70.00\t1\t3\t0\t17\n");
}

static void
test_customers_tsv_and_zone (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) run = { 0 };
  g_auto(BmdTestRun) auckland = { 0 };

  run_cli (&run, "report", "customers", "--orders", orders, NOW, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "customer_id\tcustomer\tcakes\trevenue\tfirst_pickup\tlast_pickup\tnext_pickup\tstate\tvip\n"
                   "gid://shopify/Customer/504\tBenjamin Lee\t0\t0.00\t\t\t2026-07-04\tprospect\tno\n"
                   "gid://shopify/Customer/502\tBilly Jones\t1\t65.00\t2026-07-02\t2026-07-02\t2026-07-02\tbooked\tno\n"
                   "gid://shopify/Customer/503\tCarol White\t1\t40.00\t2026-07-03\t2026-07-03\t2026-07-03\tbooked\tno\n"
                   "gid://shopify/Customer/501\tFrank Miller\t1\t105.00\t2026-07-01\t2026-07-01\t2026-07-01\tbooked\tno\n");

  /* 14:00 CDT on 1 July is 07:00 on 2 July in Auckland. */
  run_cli (&auckland, "report", "customers", "--orders", orders, NOW, "--tz", "Pacific/Auckland", NULL);
  g_assert_cmpint (auckland.status, ==, 0);
  g_assert_nonnull (strstr (auckland.out, "\tFrank Miller\t1\t105.00\t2026-07-02\t2026-07-02\t2026-07-02\tbooked\tno\n"));
}

static void
test_summary_tsv (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) run = { 0 };

  run_cli (&run, "report", "summary", "--orders", orders, NOW, NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* Carol's deposit is paid and her 65.00 remaining is not. */
  g_assert_cmpstr (run.out, ==,
                   "key\tvalue\n"
                   "month\t2026-06\n"
                   "cakes\t0\n"
                   "revenue\t0.00\n"
                   "last_year_month\t2025-06\n"
                   "last_year_cakes\t0\n"
                   "last_year_revenue\t0.00\n"
                   "open_balances\t1\n"
                   "open_balance_amount\t65.00\n"
                   "repeat_rate\t0.0\n");
}

static void
test_other_views (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) flavors = { 0 };
  g_auto(BmdTestRun) cohorts = { 0 };
  g_auto(BmdTestRun) anniversaries = { 0 };

  /* A year later every cake is past, and within the last 365 days. */
  run_cli (&flavors, "report", "flavors", "--orders", orders, "--now=2027-06-29T10:00:00-05:00", NULL);
  g_assert_cmpint (flavors.status, ==, 0);
  g_assert_cmpstr (flavors.out, ==,
                   "flavor\tcakes\tshare\n"
                   "black forest\t1\t33.3\n"
                   "lemon\t1\t33.3\n"
                   "vanilla\t1\t33.3\n");

  run_cli (&cohorts, "report", "cohorts", "--orders", orders, NOW, NULL);
  g_assert_cmpstr (cohorts.out, ==,
                   "year\tcustomers\treturned\trate\tcakes_per_customer\n"
                   "2026\t3\t0\t0.0\t1.00\n");

  /* From 15 June 2027 the three cakes' first anniversaries are within 30 days. */
  run_cli (&anniversaries, "report", "anniversaries", "--orders", orders, "--now=2027-06-15T10:00:00-05:00", NULL);
  g_assert_cmpstr (anniversaries.out, ==,
                   "customer_id\tcustomer\tanniversary\tflavor\tyears\n"
                   "gid://shopify/Customer/501\tFrank Miller\t2027-07-01\tlemon\t1\n"
                   "gid://shopify/Customer/502\tBilly Jones\t2027-07-02\tblack forest\t1\n"
                   "gid://shopify/Customer/503\tCarol White\t2027-07-03\tvanilla\t1\n");
}

static void
test_customers_json (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(BmdTestRun) run = { 0 };
  JsonArray *rows;
  JsonObject *row;

  run_cli (&run, "report", "customers", "--orders", orders, NOW, "--format", "json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  row = json_array_get_object_element (rows, 3);
  g_assert_cmpuint (json_object_get_size (row), ==, 9);
  g_assert_cmpstr (json_object_get_string_member (row, "customer"), ==, "Frank Miller");
  g_assert_cmpint (json_object_get_int_member (row, "cakes"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "revenue"), ==, "105.00");
  g_assert_cmpstr (json_object_get_string_member (row, "first_pickup"), ==, "2026-07-01");
  g_assert_cmpstr (json_object_get_string_member (row, "state"), ==, "booked");
  g_assert_cmpstr (json_object_get_string_member (row, "vip"), ==, "no");
  /* Benjamin has no sold cake: his first and last pickups are undefined. */
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "customer"), ==, "Benjamin Lee");
  g_assert_true (json_object_get_null_member (row, "first_pickup"));
  g_assert_true (json_object_get_null_member (row, "last_pickup"));
  g_assert_cmpstr (json_object_get_string_member (row, "next_pickup"), ==, "2026-07-04");
  g_assert_cmpint (json_object_get_int_member (row, "cakes"), ==, 0);
}

/* CSV goes through the plan tables' writer: RFC 4180, CRLF, the TSV's columns. */
static void
test_summary_csv (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(BmdTestRun) run = { 0 };

  run_cli (&run, "report", "cohorts", "--orders", orders, NOW, "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "year,customers,returned,rate,cakes_per_customer\r\n"
                   "2026,3,0,0.0,1.00\r\n");
}

/* Without --orders the local warehouse is read, as `plan` reads it: its
 * orders are the app's light ones, which keep their price. */
static void
test_local_warehouse (void)
{
  static const BmdTestOrder specs[] = {
    { "#1", "Ann Baker", "deposit", "2026-06-10T12:00:00", "PAID", "lemon", .price = "12.34" },
    { "#2", "Ann Baker", "remaining", "2026-06-10T12:00:00", "PARTIALLY_REFUNDED", "lemon", .price = "0.67" },
    { "#3", "Ann Baker", "deposit", "2026-07-10T12:00:00", "PAID", "plum", .price = "20.00" },
    { NULL }
  };
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-cli-report-XXXXXX", NULL);
  g_auto(BmdTestRun) run = { 0 };

  bmd_test_store_orders (data_dir, specs, NULL);
  run_cli (&run, "report", "customers", "--data-dir", data_dir, NOW, "--tz", "America/Chicago", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpstr (run.out, ==,
                   "customer_id\tcustomer\tcakes\trevenue\tfirst_pickup\tlast_pickup\tnext_pickup\tstate\tvip\n"
                   "gid://shopify/Customer/ann-baker\tAnn Baker\t2\t33.01\t2026-06-10\t2026-07-10\t2026-07-10\tnew\tno\n");
  bmd_test_remove_tree (data_dir);
}

static void
test_bad_arguments (void)
{
  g_autofree char *bad_json = fixture ("test-cli-report.c");
  g_autofree char *empty_dir = g_dir_make_tmp ("bmd-cli-XXXXXX", NULL);
  const struct
  {
    const char *args[6];
    const char *message_part;
  } cases[] = {
    { { "report", NULL }, "expected one of months" },
    { { "report", "queue", NULL }, "not queue" },
    { { "report", "months", "--tz", "Mars/Olympus", NULL }, "--tz" },
    { { "report", "months", "--orders", "/nonexistent.jsonl", NULL }, "/nonexistent.jsonl" },
    { { "report", "months", "--orders", bad_json, NULL }, "test-cli-report.c" },
    { { "report", "months", "--format", "xml", NULL }, "--format" },
    { { "report", "months", "--now", "someday", NULL }, "--now" },
    { { "report", "months", "--month", "2026-06", NULL }, "--month" },
    { { "report", "months", "--data-dir", empty_dir, NULL }, empty_dir },
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
      g_assert_true (g_str_has_prefix (run.err, "bakemyday-sync: report: "));
    }
  g_rmdir (empty_dir);
}

/* A data dir whose warehouse is not a database: it cannot be opened. */
static char *
make_damaged_data_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bmd-cli-report-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "bakemyday.sqlite3", NULL);
  g_file_set_contents (path, "this is not a database, nor was it ever one", -1, &error);
  g_assert_no_error (error);
  return dir;
}

/* `report` reads its input as `plan` does: the same bad input exits with the
 * same code, on one line naming the file or flag, for both commands. A file
 * that cannot be read or parsed is bad input (2, as the design has it for
 * `plan`); a warehouse that cannot be opened is the machine's (1). */
static void
test_same_input_errors_as_plan (void)
{
  g_autofree char *good = fixture ("bakery-example.jsonl");
  g_autofree char *empty = bmd_test_write_temp_file ("empty.jsonl", "", 0);
  g_autofree char *not_json = bmd_test_write_temp_file ("not-json.jsonl", "cakes, lots of cakes\n", -1);
  g_autofree char *deep_text = g_strnfill (80000, '[');
  g_autofree char *deep = bmd_test_write_temp_file ("deep.json", deep_text, -1);
  g_autofree char *damaged = make_damaged_data_dir ();
  g_autofree char *damaged_file = g_build_filename (damaged, "bakemyday.sqlite3", NULL);
  const struct
  {
    const char *flag;
    const char *value;
    const char *zone;
    int         status;
    const char *named;
  } cases[] = {
    { "--orders", "/nonexistent/orders.jsonl", "America/Chicago", 2, "/nonexistent/orders.jsonl" },
    { "--orders", empty, "America/Chicago", 2, empty },
    { "--orders", not_json, "America/Chicago", 2, not_json },
    { "--orders", deep, "America/Chicago", 2, deep },
    { "--orders", good, "Mars/Olympus", 2, "Mars/Olympus" },
    { "--data-dir", damaged, "America/Chicago", 1, damaged_file },
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(BmdTestRun) plan = { 0 };
      g_auto(BmdTestRun) report = { 0 };

      run_cli (&plan, "plan", "queue", cases[i].flag, cases[i].value, "--tz", cases[i].zone, NOW, NULL);
      run_cli (&report, "report", "months", cases[i].flag, cases[i].value, "--tz", cases[i].zone, NOW, NULL);
      g_test_message ("%s %s: plan → %d %s; report → %d %s", cases[i].flag, cases[i].value,
                      plan.status, plan.err, report.status, report.err);
      g_assert_cmpint (plan.status, ==, cases[i].status);
      g_assert_cmpint (report.status, ==, cases[i].status);
      g_assert_cmpstr (plan.out, ==, "");
      g_assert_cmpstr (report.out, ==, "");
      g_assert_cmpuint (bmd_test_count (plan.err, "\n"), ==, 1);
      g_assert_cmpuint (bmd_test_count (report.err, "\n"), ==, 1);
      g_assert_nonnull (strstr (plan.err, cases[i].named));
      g_assert_nonnull (strstr (report.err, cases[i].named));
      g_assert_true (g_str_has_prefix (plan.err, "bakemyday-sync: plan: "));
      g_assert_true (g_str_has_prefix (report.err, "bakemyday-sync: report: "));
      /* The same reason, after the command's name. */
      g_assert_cmpstr (plan.err + strlen ("bakemyday-sync: plan: "), ==,
                       report.err + strlen ("bakemyday-sync: report: "));
    }

  for (const char * const *path = (const char * const []) { empty, not_json, deep, NULL }; *path != NULL; path++)
    {
      g_autofree char *dir = g_path_get_dirname (*path);

      bmd_test_remove_tree (dir);
    }
  bmd_test_remove_tree (damaged);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bmd/cli/report/months-tsv", test_months_tsv);
  g_test_add_func ("/bmd/cli/report/customers-tsv", test_customers_tsv_and_zone);
  g_test_add_func ("/bmd/cli/report/summary-tsv", test_summary_tsv);
  g_test_add_func ("/bmd/cli/report/other-views", test_other_views);
  g_test_add_func ("/bmd/cli/report/customers-json", test_customers_json);
  g_test_add_func ("/bmd/cli/report/csv", test_summary_csv);
  g_test_add_func ("/bmd/cli/report/local-warehouse", test_local_warehouse);
  g_test_add_func ("/bmd/cli/report/bad-arguments", test_bad_arguments);
  g_test_add_func ("/bmd/cli/report/same-input-errors-as-plan", test_same_input_errors_as_plan);

  return g_test_run ();
}
