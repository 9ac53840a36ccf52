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

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *build = g_getenv ("BMD_BUILD_DIR");
  const char *arg;
  va_list args;

  g_assert_nonnull (build);
  g_ptr_array_add (argv, g_build_filename (build, "src", "cli", "bakemyday-sync", NULL));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == '\n';
  return n;
}

static void
test_months_tsv (void)
{
  g_autofree char *orders = fixture ("bakery-example.jsonl");
  g_auto(Run) run = { 0 };

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
  g_auto(Run) run = { 0 };
  g_auto(Run) auckland = { 0 };

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
  g_auto(Run) run = { 0 };

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
  g_auto(Run) flavors = { 0 };
  g_auto(Run) cohorts = { 0 };
  g_auto(Run) anniversaries = { 0 };

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
  g_auto(Run) run = { 0 };
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
  g_auto(Run) run = { 0 };

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
  g_auto(Run) run = { 0 };

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
      g_auto(Run) run = { 0 };

      run_cli (&run, cases[i].args[0], cases[i].args[1], cases[i].args[2], cases[i].args[3],
               cases[i].args[4], cases[i].args[5], NULL);
      g_test_message ("%s %s → %s", cases[i].args[0], cases[i].args[1] ? cases[i].args[1] : "", run.err);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      /* One line naming the file or flag. */
      g_assert_cmpuint (count_lines (run.err), ==, 1);
      g_assert_nonnull (strstr (run.err, cases[i].message_part));
      g_assert_true (g_str_has_prefix (run.err, "bakemyday-sync: report: "));
    }
  g_rmdir (empty_dir);
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

  return g_test_run ();
}
