/* `bakemyday-sync plan --format csv`, `print` and `calendar-file`, read back
 * by independent tools: Python's csv module, pdftotext/pdftoppm (poppler)
 * and a strict iCalendar check plus Debian's python3-icalendar. None of the
 * expected values comes from the code under test. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "bmd-test-orders.h"
#include "bmd-test-sim.h"
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

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("bmd-cli-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bmd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static char *
script (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "export", name, NULL);
}

/* Debian's own interpreter, where apt's python3-icalendar is, else PATH's. */
static char *
python (void)
{
  if (g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/bin/python3");
  return g_find_program_in_path ("python3");
}

static void
run_argv (Run        *run,
          const char *config_home,
          GPtrArray  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_SHOP");
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_DATA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_CALENDAR_FILE");
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_S3_BUCKET");
  g_subprocess_launcher_unsetenv (launcher, "BAKEMYDAY_WAREHOUSE");
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME",
                                config_home != NULL ? config_home : "/nonexistent/bakemyday-test-config", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  /* A program killed by a signal is a finding: name it and show its stderr. */
  if (!g_subprocess_get_if_exited (process))
    g_error ("%s was killed by signal %d: %s", (const char *) argv->pdata[0],
             g_subprocess_get_if_signaled (process) ? g_subprocess_get_term_sig (process) : -1,
             run->err != NULL ? run->err : "");
  run->status = g_subprocess_get_exit_status (process);
}

static void
run_program (Run        *run,
             const char *program,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list args;

  g_assert_nonnull (program);
  g_ptr_array_add (argv, g_strdup (program));
  va_start (args, program);
  for (arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  run_argv (run, NULL, argv);
}

static void
run_cli_with_config (Run        *run,
                     const char *config_home,
                     const char *first,
                     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *build = g_getenv ("BMD_BUILD_DIR");
  const char *arg;
  va_list args;

  g_assert_nonnull (build);
  g_ptr_array_add (argv, g_build_filename (build, "src", "cli", "bakemyday-sync", NULL));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  run_argv (run, config_home, argv);
}

#define run_cli(run, ...) run_cli_with_config ((run), NULL, __VA_ARGS__)

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* CSV */

/* Writes `plan VIEW` as CSV and JSON, checks them with check-csv.py, and
 * returns its listing of the CSV's rows (one JSON array per line). */
static char *
check_csv (Fixture    *fixture,
           const char *orders,
           const char *view)
{
  g_autofree char *csv_path = g_strdup_printf ("%s/%s.csv", fixture->dir, view);
  g_autofree char *json_path = g_strdup_printf ("%s/%s.json", fixture->dir, view);
  g_autofree char *checker = script ("check-csv.py");
  g_autofree char *interpreter = python ();
  g_auto(Run) csv = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) check = { 0 };

  run_cli (&csv, "plan", view, "--orders", orders, NOW, "--format", "csv", "--month", "2026-07", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_cmpstr (csv.err, ==, "");
  run_cli (&json, "plan", view, "--orders", orders, NOW, "--format", "json", "--month", "2026-07", NULL);
  g_assert_cmpint (json.status, ==, 0);
  write_file (csv_path, csv.out);
  write_file (json_path, json.out);

  run_program (&check, interpreter, checker, csv_path, json_path, NULL);
  if (check.status != 0)
    g_error ("check-csv.py %s: %s", view, check.err);
  return g_steal_pointer (&check.out);
}

static void
test_csv_round_trip (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *orders = fixture_file ("tricky-orders.jsonl");
  g_autofree char *queue = check_csv (fixture, orders, "queue");
  g_autofree char *upcoming = check_csv (fixture, orders, "upcoming");
  g_autofree char *problems = check_csv (fixture, orders, "problems");
  g_autofree char *calendar = check_csv (fixture, orders, "calendar");
  g_auto(GStrv) rows = g_strsplit (queue, "\n", -1);

  /* As Python reads them: quotes, commas, LF, CRLF and non-ASCII whole. */
  g_assert_cmpuint (g_strv_length (rows), ==, 3 + 1);
  g_assert_cmpstr (rows[0], ==,
                   "[\"2026-07-02T10:00:00-05:00\", \"Zoë \\\"Zee\\\" O'Brien, Jr.\", \"lemon, raspberry\", "
                   "\"line one\\nline two\", \"tree \\\"nut\\\", sesame\", \"PAID\", \"PENDING\", \"#2101\", \"#2102\"]");
  g_assert_cmpstr (rows[1], ==,
                   "[\"2026-07-02T15:30:00-05:00\", \"Ana Núñez\", \"tres leches\", \"quinceañera\\r\\nparty\", "
                   "\"n/a\", \"PAID\", \"PAID\", \"#2103\", \"#2104\"]");
  g_assert_cmpstr (rows[2], ==,
                   "[\"2026-07-04T09:00:00-05:00\", \"Kai Lee\", \"matcha\", \"\", \"peanut\", \"PAID\", "
                   "\"MISSING\", \"#2105\", \"-\"]");
  /* Two rows per request from today on: five requests. */
  g_assert_cmpuint (bmd_test_count (upcoming, "\n"), ==, 10);
  g_assert_cmpstr (problems, ==, "[\"#2110\", \"no_pickup_date\"]\n");
  /* Every day of July. */
  g_assert_cmpuint (bmd_test_count (calendar, "\n"), ==, 31);
}

static void
test_csv_bad_format (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *orders = fixture_file ("tricky-orders.jsonl");
  g_auto(Run) run = { 0 };

  run_cli (&run, "plan", "queue", "--orders", orders, NOW, "--format", "CSV", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--format must be tsv, json or csv, not “CSV”"));
}

/* PDF */

static char *
pdf_text (const char *pdf)
{
  g_auto(Run) run = { 0 };

  run_program (&run, "pdftotext", "-enc", "UTF-8", pdf, "-", NULL);
  if (run.status != 0)
    g_error ("pdftotext %s: %s", pdf, run.err);
  return g_steal_pointer (&run.out);
}

static void
assert_has (const char *text,
            const char *what)
{
  if (strstr (text, what) == NULL)
    g_error ("“%s” is not in the sheet:\n%s", what, text);
}

static void
assert_lacks (const char *text,
              const char *what)
{
  if (strstr (text, what) != NULL)
    g_error ("“%s” should not be in the sheet:\n%s", what, text);
}

/* Renders the pages as PNG beside the UI tests' screenshots. */
static void
save_pages (const char *pdf,
            const char *name)
{
  const char *build = g_getenv ("BMD_BUILD_DIR");
  g_autofree char *folder = g_build_filename (build, "tests", "ui", NULL);
  g_autofree char *prefix = g_build_filename (folder, name, NULL);
  g_autofree char *first = g_strdup_printf ("%s-1.png", prefix);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };

  g_mkdir_with_parents (folder, 0755);
  g_remove (first);
  run_program (&run, "pdftoppm", "-png", "-r", "72", pdf, prefix, NULL);
  if (run.status != 0)
    g_error ("pdftoppm %s: %s", pdf, run.err);
  g_file_get_contents (first, &contents, &length, &error);
  g_assert_no_error (error);
  /* A US Letter page at 72 dpi: 612 × 792. */
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (contents + 16)), ==, 612);
  g_assert_cmpuint (GUINT32_FROM_BE (*(guint32 *) (contents + 20)), ==, 792);
  g_test_message ("page: %s", first);
}

static void
test_print_week (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *example = fixture_file ("bakery-example.jsonl");
  g_autofree char *tricky = fixture_file ("tricky-orders.jsonl");
  g_autofree char *pdf = g_build_filename (fixture->dir, "week.pdf", NULL);
  g_autofree char *tricky_pdf = g_build_filename (fixture->dir, "tricky.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *tricky_text = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) tricky_run = { 0 };

  run_cli (&run, "print", "--week", "--orders", example, NOW, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  text = pdf_text (pdf);

  /* The bake queue: the three requests with a paid half, in pickup order. */
  assert_has (text, "Frank Miller");
  assert_has (text, "Billy Jones");
  assert_has (text, "Carol White");
  g_assert_true (strstr (text, "Frank Miller") < strstr (text, "Billy Jones"));
  g_assert_true (strstr (text, "Billy Jones") < strstr (text, "Carol White"));
  assert_has (text, "ALLERGIES: treenut");
  assert_has (text, "Wednesday 1 July 2026, 2:00 PM");
  assert_has (text, "#1003 (PENDING)");
  assert_has (text, "Still to pay: 40.00 USD");
  assert_has (text, "Monday 29 June, 10:00 AM");
  /* Nothing paid on Benjamin Lee's: in the week, but not in the queue. */
  assert_lacks (text, "Benjamin Lee");
  assert_lacks (text, "dairy");
  g_assert_cmpuint (bmd_test_count (text, "Flavor:"), ==, 3);
  save_pages (pdf, "bake-sheet-week");

  run_cli (&tricky_run, "print", "--week", "--orders", tricky, NOW, "--output", tricky_pdf, NULL);
  g_assert_cmpint (tricky_run.status, ==, 0);
  tricky_text = pdf_text (tricky_pdf);
  assert_has (tricky_text, "Zoë \"Zee\" O'Brien, Jr.");
  assert_has (tricky_text, "+1 512 555 0142");
  assert_has (tricky_text, "ALLERGIES: tree \"nut\", sesame");
  assert_has (tricky_text, "10 inch");
  assert_has (tricky_text, "2 × Candles");
  assert_has (tricky_text, "white roses; \"rush\"");
  assert_has (tricky_text, "Still to pay: 75.50 USD");
  assert_has (tricky_text, "Ana Núñez");
  assert_has (tricky_text, "Kai Lee");
  assert_has (tricky_text, "ALLERGIES: peanut");
  assert_has (tricky_text, "the remaining order is missing");
  assert_lacks (tricky_text, "Far Future");
  assert_lacks (tricky_text, "gluten");
  assert_lacks (tricky_text, "Una Paid");
  assert_lacks (tricky_text, "soy");
  g_assert_cmpuint (bmd_test_count (tricky_text, "ALLERGIES:"), ==, 2);
  /* One page: pdftotext ends each page with a form feed. */
  g_assert_cmpuint (bmd_test_count (tricky_text, "\f"), ==, 1);
  save_pages (tricky_pdf, "bake-sheet-tricky");
}

static void
test_print_day (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *tricky = fixture_file ("tricky-orders.jsonl");
  g_autofree char *pdf = g_build_filename (fixture->dir, "day.pdf", NULL);
  g_autofree char *empty_pdf = g_build_filename (fixture->dir, "empty.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *empty_text = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) empty = { 0 };

  run_cli (&run, "print", "--day", "2026-07-02", "--orders", tricky, NOW, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf);
  assert_has (text, "Thursday 2 July 2026");
  /* Every request of the day, paid or not, in pickup order. */
  assert_has (text, "Zoë \"Zee\" O'Brien, Jr.");
  assert_has (text, "Una Paid");
  assert_has (text, "ALLERGIES: soy");
  assert_has (text, "Ana Núñez");
  g_assert_true (strstr (text, "Zoë") < strstr (text, "Una Paid"));
  g_assert_true (strstr (text, "Una Paid") < strstr (text, "Ana Núñez"));
  assert_lacks (text, "Kai Lee");
  assert_lacks (text, "peanut");
  assert_lacks (text, "Far Future");
  g_assert_cmpuint (bmd_test_count (text, "Flavor:"), ==, 3);

  /* The day before has none. */
  run_cli (&empty, "print", "--day", "2026-07-01", "--orders", tricky, NOW, "--output", empty_pdf, NULL);
  g_assert_cmpint (empty.status, ==, 0);
  empty_text = pdf_text (empty_pdf);
  assert_has (empty_text, "No cakes to bake in this range.");
  g_assert_cmpuint (bmd_test_count (empty_text, "Flavor:"), ==, 0);
}

static void
test_print_day_per_page (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *tricky = fixture_file ("tricky-orders.jsonl");
  g_autofree char *pdf = g_build_filename (fixture->dir, "days.pdf", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  g_auto(Run) run = { 0 };

  run_cli (&run, "print", "--week", "--day-per-page", "--orders", tricky, NOW, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  text = pdf_text (pdf);
  pages = g_strsplit (text, "\f", -1);
  /* 2 July, then 4 July (and what follows the last form feed). */
  g_assert_cmpuint (g_strv_length (pages), ==, 2 + 1);
  g_assert_nonnull (strstr (pages[0], "Zoë"));
  g_assert_nonnull (strstr (pages[0], "Ana Núñez"));
  g_assert_null (strstr (pages[0], "Kai Lee"));
  g_assert_nonnull (strstr (pages[1], "Kai Lee"));
  g_assert_nonnull (strstr (pages[1], "Page 2 of 2"));
}

/* One paid request (two orders) for the pagination test. */
static void
append_request (GString    *out,
                guint       n,
                const char *pickup,
                const char *allergies,
                const char *note)
{
  guint half;

  for (half = 0; half < 2; half++)
    g_string_append_printf (out,
                            "{\"id\": \"gid://shopify/Order/%u\", \"name\": \"#%u\", "
                            "\"createdAt\": \"2026-06-15T16:00:00Z\", \"cancelledAt\": null, "
                            "\"displayFinancialStatus\": \"PAID\", \"note\": %s%s%s, "
                            "\"customer\": {\"id\": \"gid://shopify/Customer/%u\", \"firstName\": \"Customer\", "
                            "\"lastName\": \"N%03u\"}, "
                            "\"draftType\": {\"value\": \"%s\"}, \"pickupDate\": {\"value\": \"%s\"}, "
                            "\"flavor\": {\"value\": \"lemon\"}, \"allergies\": {\"value\": \"%s\"}}\n",
                            5000 + 2 * n + half, 5000 + 2 * n + half,
                            note != NULL ? "\"" : "", note != NULL ? note : "null", note != NULL ? "\"" : "",
                            900 + n, n, half == 0 ? "deposit" : "remaining", pickup, allergies);
}

/* Many cakes break over pages between blocks, each cake on exactly one
 * page; a cake taller than a page gets a page of its own. */
static void
test_print_pages (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *orders = g_build_filename (fixture->dir, "many.jsonl", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "many.pdf", NULL);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) long_note = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  g_auto(Run) run = { 0 };
  guint n, i, n_pages;

  for (n = 0; n < 30; n++)
    {
      g_autofree char *pickup = g_strdup_printf ("2026-07-02T%02u:%02u:00-05:00", 8 + n / 6, (n % 6) * 10);
      g_autofree char *allergy = g_strdup_printf ("allergen%03u", n);

      append_request (lines, n, pickup, allergy, NULL);
    }
  /* The last cake of the day has a note of 120 lines. */
  for (i = 0; i < 120; i++)
    g_string_append_printf (long_note, "note line %u\\n", i);
  append_request (lines, 30, "2026-07-02T20:00:00-05:00", "allergen030", long_note->str);
  write_file (orders, lines->str);

  run_cli (&run, "print", "--day", "2026-07-02", "--orders", orders, NOW, "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  text = pdf_text (pdf);
  pages = g_strsplit (text, "\f", -1);
  n_pages = g_strv_length (pages) - 1;
  g_assert_cmpuint (n_pages, >=, 3);

  for (n = 0; n <= 30; n++)
    {
      g_autofree char *name = g_strdup_printf ("Customer N%03u", n);
      g_autofree char *allergy = g_strdup_printf ("ALLERGIES: allergen%03u", n);
      guint pages_with_name = 0, page_of_name = 0, page_of_allergy = 0;

      for (i = 0; i < n_pages; i++)
        {
          if (strstr (pages[i], name) != NULL)
            {
              pages_with_name++;
              page_of_name = i;
            }
          if (strstr (pages[i], allergy) != NULL)
            page_of_allergy = i;
        }
      /* Once, and its allergies on the same page: no cake is split. */
      g_assert_cmpuint (bmd_test_count (text, name), ==, 1);
      g_assert_cmpuint (pages_with_name, ==, 1);
      g_assert_cmpuint (page_of_allergy, ==, page_of_name);
    }
  /* The tall cake alone on the last page. */
  g_assert_nonnull (strstr (pages[n_pages - 1], "Customer N030"));
  g_assert_null (strstr (pages[n_pages - 1], "Customer N029"));
  for (i = 0; i < n_pages; i++)
    {
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", i + 1, n_pages);

      g_assert_nonnull (strstr (pages[i], footer));
      g_assert_nonnull (strstr (pages[i], "Bake sheet"));
    }
}

/* From the local warehouse, whose plan holds light orders: the sheet reads
 * the details (line items, notes, phone) in full. */
static void
test_print_from_store (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "store.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *tomorrow = bmd_test_local_pickup (1, "15:00:00");
  g_autofree char *in3 = bmd_test_local_pickup (3, "10:00:00");
  g_autofree char *day = g_strndup (tomorrow, 10);
  const BmdTestOrder specs[] = {
    { "#1001", "Ann Baker", "deposit", tomorrow, "PAID", "lemon", "birthday", "treenut", NULL, NULL },
    { "#1002", "Ann Baker", "remaining", tomorrow, "PENDING", "lemon", "birthday", "n/a", NULL, NULL },
    { "#1003", "Bob Cole", "deposit", in3, "PAID", "black forest", "wedding", "n/a", NULL, NULL },
    { NULL }
  };
  g_auto(Run) run = { 0 };

  bmd_test_store_orders (data_dir, specs, NULL);
  run_cli (&run, "print", "--day", day, "--data-dir", data_dir, "--tz", "America/Chicago",
           "--output", pdf, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  text = pdf_text (pdf);
  assert_has (text, "Ann Baker");
  assert_has (text, "ALLERGIES: treenut");
  assert_has (text, "#1001 (PAID)");
  assert_has (text, "#1002 (PENDING)");
  /* The remaining half's 45.00 total, read from the stored order. */
  assert_has (text, "Still to pay: 45.00 USD");
  assert_lacks (text, "Bob Cole");
}

static void
test_print_bad_arguments (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *tricky = fixture_file ("tricky-orders.jsonl");
  g_auto(Run) neither = { 0 };
  g_auto(Run) both = { 0 };
  g_auto(Run) bad_day = { 0 };
  g_auto(Run) bad_file = { 0 };

  run_cli (&neither, "print", "--orders", tricky, NULL);
  g_assert_cmpint (neither.status, ==, 2);
  g_assert_nonnull (strstr (neither.err, "--day"));
  run_cli (&both, "print", "--week", "--day", "2026-07-02", "--orders", tricky, NULL);
  g_assert_cmpint (both.status, ==, 2);
  run_cli (&bad_day, "print", "--day", "2026-02-29", "--orders", tricky, NULL);
  g_assert_cmpint (bad_day.status, ==, 2);
  g_assert_nonnull (strstr (bad_day.err, "--day must be YYYY-MM-DD, not “2026-02-29”"));
  run_cli (&bad_file, "print", "--week", "--orders", "/nonexistent/orders.jsonl", NULL);
  g_assert_cmpint (bad_file.status, ==, 2);
  g_assert_nonnull (strstr (bad_file.err, "--orders"));
}

/* iCalendar */

/* check-ics.py's listing of @path's events, one JSON object a line. */
static char *
check_ics (const char *path)
{
  g_autofree char *checker = script ("check-ics.py");
  g_autofree char *interpreter = python ();
  g_auto(Run) check = { 0 };

  run_program (&check, interpreter, checker, path, NULL);
  if (check.status != 0)
    g_error ("check-ics.py %s: %s%s", path, check.err, check.out);
  return g_steal_pointer (&check.out);
}

static void
test_calendar_file (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *tricky = fixture_file ("tricky-orders.jsonl");
  g_autofree char *ics = g_build_filename (fixture->dir, "pickups.ics", NULL);
  g_autofree char *later_ics = g_build_filename (fixture->dir, "later.ics", NULL);
  g_autofree char *events = NULL;
  g_autofree char *later = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) to_stdout = { 0 };
  g_auto(Run) again = { 0 };

  run_cli (&run, "calendar-file", "--orders", tricky, NOW, "--output", ics, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  events = check_ics (ics);
  lines = g_strsplit (events, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5 + 1);
  /* As the icalendar package decodes it: escapes undone, the zone's wall time. */
  g_assert_cmpstr (lines[0], ==,
                   "{\"description\": \"Allergies: tree \\\"nut\\\", sesame\\nTheme: line one\\nline two\\n"
                   "Deposit #2101: PAID\\nRemaining #2102: PENDING\", \"end\": \"2026-07-02T10:30:00-05:00\", "
                   "\"start\": \"2026-07-02T10:00:00-05:00\", "
                   "\"summary\": \"Zoë \\\"Zee\\\" O'Brien, Jr. — lemon, raspberry\", "
                   "\"uid\": \"order-2101@bakemyday.organicbakeryaustin.com\", \"zone\": \"America/Chicago\"}");
  g_assert_nonnull (strstr (lines[2], "\"uid\": \"order-2103@"));
  g_assert_nonnull (strstr (lines[2], "quinceañera\\nparty"));
  g_assert_nonnull (strstr (lines[4], "\"uid\": \"order-2107@"));

  /* Standard output gives the same bytes. */
  run_cli (&to_stdout, "calendar-file", "--orders", tricky, NOW, NULL);
  g_assert_cmpint (to_stdout.status, ==, 0);
  g_file_get_contents (ics, &contents, NULL, NULL);
  g_assert_cmpstr (to_stdout.out, ==, contents);

  /* Four days later: 2 July is past, the rest keep their UIDs. */
  run_cli (&again, "calendar-file", "--orders", tricky, "--now", "2026-07-03T10:00:00-05:00",
           "--output", later_ics, NULL);
  g_assert_cmpint (again.status, ==, 0);
  later = check_ics (later_ics);
  g_assert_cmpuint (bmd_test_count (later, "\"uid\""), ==, 2);
  g_assert_nonnull (strstr (later, "\"uid\": \"order-2105@bakemyday.organicbakeryaustin.com\""));
  g_assert_nonnull (strstr (later, "\"uid\": \"order-2107@bakemyday.organicbakeryaustin.com\""));
  g_assert_nonnull (strstr (events, "\"uid\": \"order-2105@bakemyday.organicbakeryaustin.com\""));
}

/* The stored setting "calendar-file" makes every refresh rewrite the file,
 * days off included. */
static void
test_refresh_writes_calendar_file (Fixture       *fixture,
                                   gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autofree char *config_home = g_build_filename (fixture->dir, "config", NULL);
  g_autofree char *config_dir = g_build_filename (config_home, "bakemyday", NULL);
  g_autofree char *settings = g_build_filename (config_dir, "settings.ini", NULL);
  g_autofree char *data_dir = g_build_filename (fixture->dir, "data", NULL);
  g_autofree char *ics = g_build_filename (fixture->dir, "subscribed.ics", NULL);
  g_autofree char *settings_text = g_strdup_printf ("[BakeMyDay]\ncalendar-file='%s'\n", ics);
  g_autofree char *events = NULL;
  g_auto(Run) refresh = { 0 };
  g_auto(Run) upcoming = { 0 };
  guint n_requests;

  bmd_shopify_sim_options_init (&options);
  options.requests = 15;
  options.seed = 5;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  sim = bmd_test_sim_start (&options);

  g_mkdir_with_parents (config_dir, 0700);
  write_file (settings, settings_text);
  run_cli_with_config (&refresh, config_home, "refresh", "--shop", bmd_shopify_sim_get_url (sim),
                       "--token", "test-token", "--data-dir", data_dir, NULL);
  g_assert_cmpint (refresh.status, ==, 0);
  g_assert_true (g_file_test (ics, G_FILE_TEST_IS_REGULAR));
  events = check_ics (ics);

  /* One event per request from today on: upcoming has two rows for each. */
  run_cli (&upcoming, "plan", "upcoming", "--data-dir", data_dir, NULL);
  g_assert_cmpint (upcoming.status, ==, 0);
  n_requests = (bmd_test_count (upcoming.out, "\n") - 1) / 2;
  g_assert_cmpuint (n_requests, >, 0);
  g_assert_cmpuint (bmd_test_count (events, "\"uid\""), ==, n_requests);

  /* A calendar file that cannot be written: the store is refreshed, the
   * stage is named, exit 3. */
  {
    g_autofree char *bad_text = g_strdup_printf ("[BakeMyDay]\ncalendar-file='%s/missing-folder/x.ics'\n",
                                                 fixture->dir);
    g_auto(Run) bad = { 0 };

    write_file (settings, bad_text);
    run_cli_with_config (&bad, config_home, "refresh", "--shop", bmd_shopify_sim_get_url (sim),
                         "--token", "test-token", "--data-dir", data_dir, NULL);
    g_assert_cmpint (bad.status, ==, 3);
    g_assert_true (g_str_has_prefix (bad.out, "refreshed: "));
    g_assert_nonnull (strstr (bad.err, "bakemyday-sync: calendar-file: "));
    g_assert_nonnull (strstr (bad.err, "missing-folder"));
  }

  bmd_shopify_sim_stop (sim);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/cli/export/csv/round-trip", test_csv_round_trip);
  ADD ("/bmd/cli/export/csv/bad-format", test_csv_bad_format);
  ADD ("/bmd/cli/print/week", test_print_week);
  ADD ("/bmd/cli/print/day", test_print_day);
  ADD ("/bmd/cli/print/day-per-page", test_print_day_per_page);
  ADD ("/bmd/cli/print/pages", test_print_pages);
  ADD ("/bmd/cli/print/from-store", test_print_from_store);
  ADD ("/bmd/cli/print/bad-arguments", test_print_bad_arguments);
  ADD ("/bmd/cli/calendar-file/strict", test_calendar_file);
  ADD ("/bmd/cli/calendar-file/refresh", test_refresh_writes_calendar_file);
#undef ADD

  return g_test_run ();
}
