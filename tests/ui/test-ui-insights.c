/* The Insights view shows the numbers `bakemyday-sync report` prints for the
 * same data folder and now, and its bars are as tall as those numbers on the
 * rendered pixels. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "bmd-exportable.h"
#include "bmd-insights-bars.h"
#include "bmd-insights-page.h"
#include "bmd-test-orders.h"
#include "bmd-test-util.h"
#include "bmd-ui-window.h"

#define NOW "2026-06-15T17:00:00Z"

/* Now is Monday 2026-06-15, noon in Austin. This year: January 1 cake, March
 * 2, June 2 (one still to come, its balance open); last year: March, June and
 * December 1 each. Ana's cake of 2025-06-20 comes round on 2026-06-20. */
static const BmdTestOrder specs[] = {
  { "#1001", "Ana Flores", "deposit", "2025-06-20T10:00:00", "PAID", "lemon", .price = "40.00", .email = "ana@example.com", .phone = "+15125550101", .created_at = "2025-05-01T12:00:00Z" },
  { "#1002", "Ana Flores", "remaining", "2025-06-20T10:00:00", "PAID", "lemon", .price = "60.00", .email = "ana@example.com", .phone = "+15125550101", .created_at = "2025-05-01T12:00:00Z" },
  { "#1003", "Bo Diaz", "deposit", "2026-01-10T11:00:00", "PAID", "chocolate", .price = "30.00", .created_at = "2025-12-01T12:00:00Z" },
  { "#1004", "Bo Diaz", "remaining", "2026-01-10T11:00:00", "PENDING", "chocolate", .price = "70.00", .created_at = "2025-12-01T12:00:00Z" },
  { "#1005", "Bo Diaz", "deposit", "2026-03-05T11:00:00", "PAID", "vanilla", .price = "50.00", .created_at = "2026-02-01T12:00:00Z" },
  { "#1006", "Bo Diaz", "remaining", "2026-03-05T11:00:00", "PAID", "vanilla", .price = "50.00", .created_at = "2026-02-01T12:00:00Z" },
  { "#1007", "Bo Diaz", "deposit", "2026-06-01T11:00:00", "PAID", "lemon", .price = "45.00", .created_at = "2026-05-01T12:00:00Z" },
  { "#1008", "Bo Diaz", "remaining", "2026-06-01T11:00:00", "PAID", "lemon", .price = "45.00", .created_at = "2026-05-01T12:00:00Z" },
  { "#1009", "Cy Lee", "deposit", "2026-03-20T15:00:00", "PAID", "carrot", .price = "25.00", .created_at = "2026-03-01T12:00:00Z" },
  { "#1010", "Di Wu", "deposit", "2025-03-11T09:00:00", "PAID", "lemon", .price = "35.00", .created_at = "2025-02-01T12:00:00Z" },
  { "#1011", "Di Wu", "remaining", "2025-03-11T09:00:00", "PAID", "lemon", .price = "35.00", .created_at = "2025-02-01T12:00:00Z" },
  { "#1012", "Di Wu", "deposit", "2026-06-25T09:00:00", "PAID", "black forest", .price = "40.00", .created_at = "2026-06-01T12:00:00Z" },
  { "#1013", "Di Wu", "remaining", "2026-06-25T09:00:00", "PENDING", "black forest", .price = "80.00", .created_at = "2026-06-01T12:00:00Z" },
  { "#1014", "Ed Ng", "deposit", "2026-07-02T09:00:00", "PENDING", "lemon", .price = "30.00", .created_at = "2026-06-10T12:00:00Z" },
  { "#1015", "Fay Oz", "deposit", "2025-12-24T09:00:00", "PAID", "gingerbread", .price = "55.00", .created_at = "2025-12-01T12:00:00Z" },
  { "#1016", "Fay Oz", "remaining", "2025-12-24T09:00:00", "PAID", "gingerbread", .price = "55.00", .created_at = "2025-12-01T12:00:00Z" },
  { NULL }
};

typedef struct
{
  char *data_dir;
  BmdContext *context;
  BmdWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 (NOW, NULL);

  fixture->data_dir = g_dir_make_tmp ("bmd-ui-insights-XXXXXX", &error);
  g_assert_no_error (error);
  bmd_test_store_orders (fixture->data_dir, specs, "2026-06-15T16:00:00Z");

  bmd_config_set (&config->data_dir, fixture->data_dir);
  bmd_config_set (&config->zone, "America/Chicago");
  fixture->window = bmd_ui_open_window_at (config, now, &fixture->context);
  bmd_window_show_view (fixture->window, "insights");
  bmd_ui_settle (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  bmd_test_remove_tree (fixture->data_dir);
  g_free (fixture->data_dir);
}

/* `report NAME` for the fixture's data folder at its now, as TSV rows split
 * into cells, header first. */
static GPtrArray *
report (Fixture    *fixture,
        const char *name)
{
  g_auto(BmdTestRun) run = { 0 };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_auto(GStrv) lines = NULL;

  bmd_test_run_cli (&run, NULL, "report", name, "--data-dir", fixture->data_dir, "--now", NOW,
                    "--tz", "America/Chicago", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));
  return g_steal_pointer (&rows);
}

static const char *
summary_value (GPtrArray  *rows,
               const char *key)
{
  for (guint i = 1; i < rows->len; i++)
    {
      char **cells = g_ptr_array_index (rows, i);

      if (g_str_equal (cells[0], key))
        return cells[1];
    }
  g_error ("report summary has no %s", key);
  return NULL;
}

static gboolean
has_name (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_name (widget), data) == 0;
}

static const char *
label_text (Fixture    *fixture,
            const char *name)
{
  GtkWidget *label = bmd_ui_find (GTK_WIDGET (fixture->window), has_name, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

/* "$1,234.50 still to pay" → "1234.50": the figure as the report writes it. */
static char *
plain_money (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0' && *p != ' '; p++)
    if (*p != '$' && *p != ',')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
test_cards_match_report (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) summary = report (fixture, "summary");
  g_autofree char *revenue = plain_money (label_text (fixture, "month-revenue"));
  g_autofree char *last_revenue = plain_money (label_text (fixture, "last-year-revenue"));
  g_autofree char *amount = plain_money (label_text (fixture, "open-balance-amount"));
  g_autofree char *rate = g_strdup (label_text (fixture, "repeat-rate"));
  g_auto(GStrv) last_cakes = g_strsplit (label_text (fixture, "last-year-cakes"), " ", 2);

  g_assert_cmpstr (label_text (fixture, "month-cakes"), ==, summary_value (summary, "cakes"));
  g_assert_cmpstr (revenue, ==, summary_value (summary, "revenue"));
  g_assert_cmpstr (last_cakes[0], ==, summary_value (summary, "last_year_cakes"));
  g_assert_cmpstr (last_revenue, ==, summary_value (summary, "last_year_revenue"));
  g_assert_cmpstr (label_text (fixture, "open-balances"), ==, summary_value (summary, "open_balances"));
  g_assert_cmpstr (amount, ==, summary_value (summary, "open_balance_amount"));
  g_assert_true (g_str_has_suffix (rate, " %"));
  rate[strlen (rate) - 2] = '\0';
  g_assert_cmpstr (rate, ==, summary_value (summary, "repeat_rate"));
  /* The fixture is not empty: the comparison compares something. */
  g_assert_cmpstr (summary_value (summary, "cakes"), !=, "0");
  g_assert_cmpstr (summary_value (summary, "open_balances"), !=, "0");
}

static gboolean
is_this_year_blue (const guint8 rgba[4])
{
  return ABS (rgba[0] - 0x35) <= 8 && ABS (rgba[1] - 0x84) <= 8 && ABS (rgba[2] - 0xe4) <= 8;
}

/* The tallest run of this year's blue in @month's twelfth of @texture. */
static int
measure_bar (GdkTexture *texture,
             int         month)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  int best = 0;

  gdk_texture_download (texture, data, (gsize) width * 4);
  for (int x = month * width / 12; x < (month + 1) * width / 12; x++)
    {
      int run = 0;

      for (int y = 0; y < height; y++)
        {
          guint32 pixel;
          guint8 rgba[4];

          memcpy (&pixel, data + ((gsize) y * width + x) * 4, 4);
          rgba[0] = (pixel >> 16) & 0xff;
          rgba[1] = (pixel >> 8) & 0xff;
          rgba[2] = pixel & 0xff;
          rgba[3] = pixel >> 24;
          run = is_this_year_blue (rgba) ? run + 1 : 0;
          best = MAX (best, run);
        }
    }
  return best;
}

static gboolean
is_cakes_bars (GtkWidget     *widget,
               gconstpointer  data)
{
  return BMD_IS_INSIGHTS_BARS (widget);
}

static void
test_bars_match_months (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) months = report (fixture, "months");
  GtkWidget *bars = bmd_ui_find (GTK_WIDGET (fixture->window), is_cakes_bars, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  gint64 cakes[12] = { 0 };
  gint64 max = 0;
  int tallest = 0;
  char **header = g_ptr_array_index (months, 0);

  g_assert_cmpstr (header[0], ==, "month");
  g_assert_cmpstr (header[1], ==, "cakes");
  for (guint i = 1; i < months->len; i++)
    {
      char **cells = g_ptr_array_index (months, i);

      if (g_str_has_prefix (cells[0], "2026-"))
        {
          cakes[atoi (cells[0] + 5) - 1] = g_ascii_strtoll (cells[1], NULL, 10);
          max = MAX (max, cakes[atoi (cells[0] + 5) - 1]);
        }
    }
  g_assert_cmpint (max, >, 0);

  texture = bmd_ui_render (bars);
  for (int m = 0; m < 12; m++)
    if (cakes[m] == max)
      tallest = MAX (tallest, measure_bar (texture, m));
  g_assert_cmpint (tallest, >, 40);

  for (int m = 0; m < 12; m++)
    {
      int measured = measure_bar (texture, m);
      double expected = tallest * (double) cakes[m] / max;

      g_test_message ("month %d: %" G_GINT64_FORMAT " cakes, bar %d px (expected %.1f)",
                      m + 1, cakes[m], measured, expected);
      g_assert_cmpfloat (ABS (measured - expected), <=, 1.0);
    }
}

static gboolean
is_mailto (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_LINK_BUTTON (widget)
         && g_str_equal (gtk_link_button_get_uri (GTK_LINK_BUTTON (widget)), data);
}

static gboolean
ana_reachable (gpointer data)
{
  return bmd_ui_find (data, is_mailto, "mailto:ana@example.com") != NULL
         && bmd_ui_find (data, is_mailto, "tel:+15125550101") != NULL;
}

static void
test_anniversary_reachable (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) due = report (fixture, "anniversaries");
  char **first;

  g_assert_cmpuint (due->len, ==, 2);
  first = g_ptr_array_index (due, 1);
  g_assert_cmpstr (first[1], ==, "Ana Flores");
  /* The light orders carry no contact: the page reads Ana's order in full. */
  bmd_ui_wait_until (ana_reachable, fixture->window, 10, "Ana's email and phone");
  bmd_ui_save_screenshot (GTK_WIDGET (fixture->window), "screenshot-insights.png");
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

/* Export… of each table is, byte for byte, `report NAME --format csv` for
 * the same data folder and now; the page's menu offers every table. */
static void
test_export_matches_report (Fixture       *fixture,
                            gconstpointer  data)
{
  static const char * const names[] = { "months", "customers", "anniversaries", "flavors", "cohorts", "summary" };
  GtkWidget *page = bmd_window_get_visible_view (fixture->window);
  GtkWidget *button = bmd_ui_find (page, is_menu_button, NULL);
  GMenuModel *menu;
  GMenuModel *section;
  g_autoptr(GHashTable) offered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_assert_true (page == GTK_WIDGET (bmd_window_get_insights_page (fixture->window)));
  g_assert_true (BMD_IS_EXPORTABLE (page));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_auto(BmdTestRun) run = { 0 };
      g_autofree char *csv = NULL;
      g_autofree char *name = NULL;
      g_autofree char *expected_name = g_strdup_printf ("insights-%s.csv", names[i]);
      BmdInsightsView view;
      guint lines = 0;

      g_assert_true (bmd_insights_view_from_string (names[i], &view));
      bmd_insights_page_set_export_view (BMD_INSIGHTS_PAGE (page), view);
      csv = bmd_exportable_dup_csv (BMD_EXPORTABLE (page), &name);
      g_assert_cmpstr (name, ==, expected_name);
      bmd_test_run_cli (&run, NULL, "report", names[i], "--format", "csv", "--data-dir", fixture->data_dir,
                        "--now", NOW, "--tz", "America/Chicago", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (csv, ==, run.out);
      /* Not two empty tables: a header and rows, CRLF as RFC 4180 wants. */
      for (const char *p = csv; *p != '\0'; p++)
        lines += p[0] == '\r' && p[1] == '\n';
      g_assert_cmpuint (lines, >=, 2);
    }

  /* The menu's items pick each of those tables. */
  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  section = g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION);
  g_assert_nonnull (section);
  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (section, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (action, ==, "insights.export");
      g_assert_nonnull (target);
      g_hash_table_add (offered, g_variant_dup_string (target, NULL));
    }
  g_object_unref (section);
  g_assert_cmpuint (g_hash_table_size (offered), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (g_hash_table_contains (offered, names[i]));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/ui/insights/cards-match-report", test_cards_match_report);
  ADD ("/bmd/ui/insights/bars-match-months", test_bars_match_months);
  ADD ("/bmd/ui/insights/anniversary-reachable", test_anniversary_reachable);
  ADD ("/bmd/ui/insights/export-matches-report", test_export_matches_report);
#undef ADD
  return g_test_run ();
}
