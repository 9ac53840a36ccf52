/* bakemyday-sync refresh: Shopify -> local warehouse (-> lake -> warehouse). */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include <glib-unix.h>

#include "bmd-cli.h"
#include "bmd-notifier.h"
#include "bmd-config.h"
#include "bmd-settings-file.h"
#include "bmd-pipeline.h"

typedef struct
{
  GMainLoop *loop;
  BmdPipelineJob *job;
  BmdRefreshResult *result;
  GError *error;
  char *last_line;
} Refresh;

static void
progress_cb (BmdPipelineJob *job,
             GParamSpec     *pspec,
             Refresh        *refresh)
{
  g_autofree char *stage = bmd_pipeline_job_dup_stage (job);
  g_autofree char *message = bmd_pipeline_job_dup_message (job);
  g_autofree char *raw = g_strdup_printf ("%s: %s", stage ? stage : "start", message ? message : "");
  g_autofree char *line = bmd_cli_safe_text (raw);

  /* Several properties change at once: print each distinct state once. */
  if (g_strcmp0 (line, refresh->last_line) == 0)
    return;
  g_free (refresh->last_line);
  refresh->last_line = g_steal_pointer (&line);
  fprintf (stderr, "%s (%3.0f%%)\n", refresh->last_line, 100 * bmd_pipeline_job_get_fraction (job));
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Refresh *refresh = user_data;

  refresh->result = bmd_pipeline_run_finish (result, &refresh->error);
  g_main_loop_quit (refresh->loop);
}

static gboolean
interrupted_cb (gpointer user_data)
{
  Refresh *refresh = user_data;

  fprintf (stderr, "%s\n", _("Cancelling…"));
  bmd_pipeline_job_cancel (refresh->job);
  return G_SOURCE_CONTINUE;
}

/* The store is refreshed: what it now holds may be due. A reminder that
 * cannot be sent changes no exit status (the refresh did its work). */
static void
send_reminders (const BmdConfig *config)
{
  g_autoptr(GError) error = NULL;
  guint n_sent = 0;

  if (!bmd_notifier_has_session_bus ())
    return;
  if (!bmd_cli_send_reminders (config, NULL, &n_sent, &error))
    bmd_cli_error (_("reminders: %s"), error->message);
  else if (n_sent > 0)
    fprintf (stderr, "reminders: %u sent\n", n_sent);
}

int
bmd_cli_refresh (int    argc,
                 char **argv)
{
  g_autofree char *shop = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_file = NULL;
  g_autofree char *data_dir = NULL;
  gboolean full = FALSE;
  gboolean switch_shop = FALSE;
  gboolean sweep = FALSE;
  GOptionEntry entries[] = {
    { "shop", 0, 0, G_OPTION_ARG_STRING, &shop, N_("The shop: NAME, NAME.myshopify.com, or the simulator’s http://127.0.0.1:PORT"), N_("URL_OR_DOMAIN") },
    { "token", 0, 0, G_OPTION_ARG_STRING, &token, N_("The Admin API access token (visible to other users: prefer --token-file)"), N_("TOKEN") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("Read the access token from FILE"), N_("FILE") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_("The local warehouse’s folder"), N_("DIR") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full, N_("Read the whole history and look for deleted orders"), NULL },
    { "sweep", 0, 0, G_OPTION_ARG_NONE, &sweep, N_("Also re-read every upcoming order’s details and look for deleted orders (the daily refresh does)"), NULL },
    { "switch-shop", 0, 0, G_OPTION_ARG_NONE, &switch_shop, N_("When the data folder holds another shop’s orders, set them aside and read this shop’s"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(BmdPipelineJob) job = NULL;
  g_autofree char *summary = NULL;
  Refresh refresh = { 0 };
  guint sigint_id, sigterm_id;
  int status;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Read new and changed orders from Shopify into the local warehouse.\n"
                                  "Prints progress on standard error and, last on standard output,\n"
                                  "refreshed: N orders (A added, U updated, D deleted)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("refresh: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (argc > 1)
    {
      bmd_cli_error (_("refresh: unexpected argument “%s”"), argv[1]);
      return BMD_EXIT_USAGE;
    }
  if (token != NULL && token_file != NULL)
    {
      bmd_cli_error (_("refresh: give --token or --token-file, not both"));
      return BMD_EXIT_USAGE;
    }

  config = bmd_config_new ();
  if (!bmd_config_apply_stored (config, &error))
    {
      bmd_cli_error ("refresh: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  bmd_config_apply_environment (config);
  bmd_config_set (&config->shop, shop);
  bmd_config_set (&config->data_dir, data_dir);
  bmd_config_set (&config->token, token);
  config->switch_shop = switch_shop;
  config->sweep = sweep;
  if (token_file != NULL)
    {
      g_autofree char *file_token = bmd_cli_read_token_file (token_file, &error);

      if (file_token == NULL)
        {
          bmd_cli_error ("refresh: --token-file: %s", error->message);
          return BMD_EXIT_USAGE;
        }
      bmd_config_set (&config->token, file_token);
    }

  loop = g_main_loop_new (NULL, FALSE);
  job = bmd_pipeline_job_new ();
  refresh.loop = loop;
  refresh.job = job;
  g_signal_connect (job, "notify::message", G_CALLBACK (progress_cb), &refresh);
  g_signal_connect (job, "notify::stage", G_CALLBACK (progress_cb), &refresh);
  sigint_id = g_unix_signal_add (SIGINT, interrupted_cb, &refresh);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupted_cb, &refresh);

  bmd_pipeline_run_async (config, full, job, done_cb, &refresh);
  g_main_loop_run (loop);
  /* The job's notifications wait in idle sources, behind the task's end:
   * print the last progress before the summary. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_signal_handlers_disconnect_by_data (job, &refresh);
  g_free (refresh.last_line);

  if (refresh.result == NULL)
    {
      bmd_cli_error (_("refresh failed: %s"), refresh.error->message);
      status = g_error_matches (refresh.error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG) ||
               g_error_matches (refresh.error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_OTHER_SHOP)
                 ? BMD_EXIT_USAGE : BMD_EXIT_FAILED;
      g_clear_error (&refresh.error);
      return status;
    }

  status = BMD_EXIT_OK;
  if (refresh.result->switched_from != NULL)
    bmd_cli_error (_("refresh: the orders of %s were set aside in the data folder’s shops/ folder"),
                   refresh.result->switched_from);
  if (refresh.result->zone_warning != NULL)
    bmd_cli_error (_("refresh: warning: %s"), refresh.result->zone_warning);
  if (refresh.result->draft_warning != NULL)
    bmd_cli_error (_("refresh: warning: %s"), refresh.result->draft_warning);
  if (refresh.result->later_stage_error != NULL)
    {
      bmd_cli_error (_("the local warehouse was refreshed, but %s"), refresh.result->later_stage_error);
      status = BMD_EXIT_PARTIAL;
    }
  if (!bmd_cli_refresh_calendar_file (config))
    status = BMD_EXIT_PARTIAL;
  summary = bmd_refresh_result_format (refresh.result);
  printf ("%s\n", summary);
  fflush (stdout);
  bmd_refresh_result_free (refresh.result);
  send_reminders (config);
  return status;
}
