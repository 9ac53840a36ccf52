/* Start-up of the app: from process start to the first frame that shows the
 * stored orders (10,000 orders; goal under 500 ms), and the memory it uses
 * with 100,000 orders (goal under 150 MB). An empty store comes first: what
 * GTK and the window cost before any order.
 *
 * Needs a display (run under xvfb-run). The app is found next to this build
 * (src/gui/bakemyday) or through BAKEMYDAY_APP. GSK_RENDERER is passed on as
 * set; unset, the app renders with cairo, because Xvfb has no GPU and GTK's GL
 * renderer would run on llvmpipe, a software rasteriser that alone adds about
 * 70 MB and 100-300 ms that a desktop with a GPU does not pay.
 *
 * Each size runs twice: as the display comes (GTK still loads the GL stack),
 * and with GL turned off, which is the app's own memory. A desktop with a GPU
 * lands in between: it loads its own driver instead of llvmpipe. */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>

#include "bmd-store.h"
#include "bmd-test-util.h"

static const char *flavors[] = { "lemon", "black forest", "vanilla", "carrot", "red velvet", "strawberry" };
static const char *themes[] = { "birthday", "wedding", "baby shower", "graduation", "", "forgot" };
static const char *allergies[] = { "n/a", "", "treenut", "dairy", "n/a", "gluten" };

static void
seed (const char *data_dir,
      guint       n_orders)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdStore) store = bmd_store_open (data_dir, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint i;

  g_assert_no_error (error);
  g_assert_true (bmd_store_begin (store, &error));
  for (i = 0; i < n_orders; i++)
    {
      guint request = i / 2;
      gboolean deposit = i % 2 == 0;
      /* Pickups spread from 60 days ago to 300 days ahead. */
      g_autoptr(GDateTime) pickup = g_date_time_add_hours (now, (gint64) (request % 360) * 24 - 60 * 24 + (request % 8));
      g_autofree char *pickup_text = g_date_time_format (pickup, "%Y-%m-%dT%H:00:00Z");
      g_autofree char *id = g_strdup_printf ("gid://shopify/Order/%u", 100000 + i);
      g_autofree char *json = g_strdup_printf (
        "{\"id\":\"%s\",\"name\":\"#%u\",\"createdAt\":\"2026-01-01T12:00:00Z\",\"updatedAt\":\"2026-01-01T12:00:00Z\","
        "\"cancelledAt\":null,\"displayFinancialStatus\":\"%s\",\"totalPriceSet\":{\"shopMoney\":{\"amount\":\"45.00\",\"currencyCode\":\"USD\"}},"
        "\"customer\":{\"id\":\"gid://shopify/Customer/%u\",\"firstName\":\"Customer\",\"lastName\":\"%u\",\"email\":\"c%u@example.com\"},"
        "\"draftType\":{\"value\":\"%s\"},\"pickupDate\":{\"value\":\"%s\"},\"flavor\":{\"value\":\"%s\"},"
        "\"theme\":{\"value\":\"%s\"},\"allergies\":{\"value\":\"%s\"}}",
        id, 100000 + i, request % 5 == 0 ? "PENDING" : "PAID", request, request, request,
        deposit ? "deposit" : "remaining", pickup_text, flavors[request % 6], themes[request % 6],
        allergies[request % 6]);

      bmd_store_upsert_order (store, id, "2026-01-01T12:00:00Z", pickup_text, json, &error);
      g_assert_no_error (error);
    }
  g_assert_true (bmd_store_commit (store, &error));
}

static gboolean
run_app (const char *app,
         const char *data_dir,
         const char *view,
         gboolean    gl_off,
         double     *wall_ms,
         char      **report)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  const char *argv[] = { app, NULL };
  int status = 0;
  gint64 start;

  env = g_environ_setenv (env, "BAKEMYDAY_DATA_DIR", data_dir, TRUE);
  env = g_environ_setenv (env, "BAKEMYDAY_SHOP", "organic-bakery-austin.myshopify.com", TRUE);
  env = g_environ_setenv (env, "BAKEMYDAY_BENCH_FIRST_FRAME", "1", TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", FALSE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", FALSE);
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", FALSE);
  if (gl_off)
    env = g_environ_setenv (env, "GDK_DEBUG", "gl-disable", TRUE);
  if (view != NULL)
    env = g_environ_setenv (env, "BAKEMYDAY_BENCH_VIEW", view, TRUE);

  start = g_get_monotonic_time ();
  /* NON_UNIQUE: a running instance of the app must not take the request. */
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error))
    {
      g_printerr ("cannot start %s: %s\n", app, error->message);
      return FALSE;
    }
  *wall_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (!g_spawn_check_wait_status (status, &error) || out == NULL || !g_str_has_prefix (out, "first-frame-ms "))
    {
      g_printerr ("%s did not report its first frame (%s)\n", app,
                  error != NULL ? error->message : "no report");
      return FALSE;
    }
  *report = g_strchomp (g_steal_pointer (&out));
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 0, 10000, 100000 };
  /* GTK on X11 sets up GL when it opens the display, even to render with
   * cairo: on Xvfb that loads Mesa's llvmpipe (about 58 MB resident). The
   * second run of each size turns GL off to show what the app itself uses. */
  static const char * const modes[] = { "GL stack loaded", "GL off" };
  const char *renderer = g_getenv ("GSK_RENDERER");
  g_autofree char *app = NULL;
  int failed = 0;
  guint i;

  const char *view = NULL;

  /* bench-startup --seed DIR N: only fill DIR with N orders, to profile the app by hand. */
  if (argc == 4 && g_str_equal (argv[1], "--seed"))
    {
      seed (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
      return 0;
    }
  /* bench-startup --view insights: the first frame of that view instead of This Week. */
  if (argc == 3 && g_str_equal (argv[1], "--view"))
    view = argv[2];

  if (g_getenv ("BAKEMYDAY_APP") != NULL)
    app = g_strdup (g_getenv ("BAKEMYDAY_APP"));
  else
    {
      g_autofree char *dir = g_path_get_dirname (argv[0]);
      app = g_build_filename (dir, "..", "src", "gui", "bakemyday", NULL);
    }
  if (!g_file_test (app, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("bench-startup: the app is not at %s (set BAKEMYDAY_APP)\n", app);
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-startup: needs a display; run it under xvfb-run\n");
      return 2;
    }

  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *data_dir = g_dir_make_tmp ("bmd-bench-startup-XXXXXX", &error);
      guint mode;

      g_assert_no_error (error);
      seed (data_dir, sizes[i]);
      for (mode = 0; mode < G_N_ELEMENTS (modes); mode++)
        {
          g_autofree char *report = NULL;
          double wall_ms = 0;
          guint run;

          /* The first run warms the disk cache and fontconfig; report the best of three. */
          for (run = 0; run < 3; run++)
            {
              g_autofree char *this_report = NULL;
              double this_ms;

              if (!run_app (app, data_dir, view, mode == 1, &this_ms, &this_report))
                {
                  failed = 1;
                  break;
                }
              if (report == NULL || this_ms < wall_ms)
                {
                  g_free (report);
                  report = g_steal_pointer (&this_report);
                  wall_ms = this_ms;
                }
            }
          if (report != NULL)
            printf ("startup %u orders (%s view, %s renderer, %s): process start to first frame %.0f ms (wall); app says: %s\n",
                    sizes[i], view != NULL ? view : "queue", renderer != NULL ? renderer : "cairo", modes[mode],
                    wall_ms, report);
        }
      bmd_test_remove_tree (data_dir);
    }
  return failed;
}
