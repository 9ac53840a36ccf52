/* bakemyday-sync generate: paired test orders for a development store. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <time.h>

#include <glib-unix.h>

#include "bmd-cli.h"
#include "bmd-config.h"
#include "bmd-settings-file.h"
#include "bmd-generator.h"
#include "bmd-pipeline.h"

static void
progress_cb (guint       done,
             guint       total,
             const char *gid,
             gpointer    user_data)
{
  fprintf (stderr, _("created %u of %u: %s\n"), done, total, gid);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

static gpointer
signal_thread (gpointer data)
{
  GMainContext *context = data;

  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

int
bmd_cli_generate (int    argc,
                  char **argv)
{
  g_autofree char *shop = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *around_text = NULL;
  gint requests = 0;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "requests", 0, 0, G_OPTION_ARG_INT, &requests, N_("How many customer requests (two orders each)"), N_("N") },
    { "shop", 0, 0, G_OPTION_ARG_STRING, &shop, N_("The development store or the simulator’s URL"), N_("URL_OR_DOMAIN") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("Read the access token from FILE"), N_("FILE") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Where progress is kept, to resume"), N_("DIR") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the generated data (default 1)"), N_("S") },
    { "around", 0, 0, G_OPTION_ARG_STRING, &around_text, N_("Pickups around this day (default today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDate) around = g_date_new ();
  g_autoptr(GMainContext) signal_context = g_main_context_new ();
  GSource *source;
  guint created = 0;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Create paired deposit/remaining test orders with the custom metafields,\n"
                                  "at the pace the store allows (5 a minute on development stores).\n"
                                  "Run it again after an interruption: it resumes."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("generate: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (requests <= 0)
    {
      bmd_cli_error (_("generate: --requests must be a positive number"));
      return BMD_EXIT_USAGE;
    }
  if (around_text != NULL)
    {
      g_date_set_parse (around, around_text);
      if (!g_date_valid (around) || strlen (around_text) != 10)
        {
          bmd_cli_error (_("generate: --around must be YYYY-MM-DD, not “%s”"), around_text);
          return BMD_EXIT_USAGE;
        }
    }
  else
    g_date_set_time_t (around, time (NULL));

  config = bmd_config_new ();
  if (!bmd_config_apply_stored (config, &error))
    {
      bmd_cli_error ("generate: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  bmd_config_apply_environment (config);
  bmd_config_set (&config->shop, shop);
  bmd_config_set (&config->data_dir, data_dir);
  if (token_file != NULL)
    {
      g_autofree char *token = bmd_cli_read_token_file (token_file, &error);

      if (token == NULL)
        {
          bmd_cli_error ("generate: --token-file: %s", error->message);
          return BMD_EXIT_USAGE;
        }
      bmd_config_set (&config->token, token);
    }

  /* Ctrl+C stops between orders; the next run resumes. */
  source = g_unix_signal_source_new (SIGINT);
  g_source_set_callback (source, interrupted_cb, cancellable, NULL);
  g_source_attach (source, signal_context);
  g_source_unref (source);
  g_thread_unref (g_thread_new ("bmd-signals", signal_thread, signal_context));

  if (!bmd_generator_run (config, requests, seed, around, progress_cb, NULL,
                          cancellable, &created, &error))
    {
      bmd_cli_error (_("generate failed: %s"), error->message);
      return g_error_matches (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG)
               ? BMD_EXIT_USAGE : BMD_EXIT_FAILED;
    }
  printf ("generated: %u orders (%d requests)\n", created, requests);
  return BMD_EXIT_OK;
}
