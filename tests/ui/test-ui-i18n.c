/* With LANGUAGE=es the app and the CLI speak Spanish: the window's view
 * titles and first-run page come from the catalogue built in BUILDDIR/po,
 * and bakemyday-sync's error messages too (the core's through the same
 * domain). */
#include "config.h"

#include <locale.h>
#include <sys/wait.h>
#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "bmd-ui-window.h"
#include "bmd-context.h"
#include "bmd-window.h"

static char *
dup_localedir (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "..", "po", NULL);
}

static gboolean
is_view_stack (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_VIEW_STACK (widget);
}

static void
test_catalogue_built (void)
{
  g_autofree char *localedir = dup_localedir ();
  g_autofree char *mo = g_build_filename (localedir, "es", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  g_assert_true (g_file_test (mo, G_FILE_TEST_IS_REGULAR));
  /* The core's strings are in the same domain. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Opening the local warehouse"), ==, "Abriendo el almacén local");
}

static void
test_window_in_spanish (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("bmd-ui-i18n-XXXXXX", &error);
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(BmdContext) context = NULL;
  g_autoptr(GListModel) pages = NULL;
  const char *expected[][2] = {
    { "queue", "Esta semana" },
    { "upcoming", "Próximos" },
    { "calendar", "Calendario" },
    { "insights", "Análisis" },
    { "problems", "Problemas" },
  };
  AdwViewStack *stack;
  BmdWindow *window;
  guint i;

  g_assert_no_error (error);
  bmd_config_set (&config->data_dir, data_dir);
  window = bmd_ui_open_window (config, &context);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Bake My Day");
  stack = ADW_VIEW_STACK (bmd_ui_find (GTK_WIDGET (window), is_view_stack, NULL));
  g_assert_nonnull (stack);
  pages = G_LIST_MODEL (adw_view_stack_get_pages (stack));
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, G_N_ELEMENTS (expected));
  for (i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, expected[i][0]);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, expected[i][1]);
    }

  /* No shop set up: the first-run page, in Spanish. */
  g_assert_cmpstr (bmd_window_get_state (window), ==, "setup");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  bmd_ui_save_screenshot (GTK_WIDGET (window), "screenshot-es-first-run.png");

  gtk_window_destroy (GTK_WINDOW (window));
  g_rmdir (data_dir);
}

static void
test_cli_in_spanish (void)
{
  g_autofree char *cli = g_test_build_filename (G_TEST_BUILT, "..", "..", "src", "cli", "bakemyday-sync", NULL);
  g_autofree char *localedir = dup_localedir ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *argv[] = { cli, "plan", "queue", "--format", "xml", NULL };
  int status = 0;

  env = g_environ_setenv (env, "LANGUAGE", "es", TRUE);
  env = g_environ_setenv (env, "BAKEMYDAY_LOCALEDIR", localedir, TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_cmpstr (err, ==, "bakemyday-sync: plan: --format debe ser tsv, json o csv, no «xml»\n");
  g_assert_cmpstr (out, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  /* Before the first gettext call, which caches the language. */
  g_setenv ("LANGUAGE", "es", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() sets en_US.UTF-8, or "C" where that is not installed,
   * and gettext ignores LANGUAGE in the "C" locale: take the environment's
   * (C.UTF-8 in the test environment). */
  setlocale (LC_ALL, "");
  localedir = dup_localedir ();
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();

  g_test_add_func ("/bmd/ui/i18n/catalogue-built", test_catalogue_built);
  g_test_add_func ("/bmd/ui/i18n/window-in-spanish", test_window_in_spanish);
  g_test_add_func ("/bmd/ui/i18n/cli-in-spanish", test_cli_in_spanish);
  return g_test_run ();
}
