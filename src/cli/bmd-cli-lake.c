/* bakemyday-sync lake history TABLE: a Delta table's versions, from its log. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-config.h"
#include "bmd-delta-table.h"
#include "bmd-lake.h"
#include "bmd-settings-file.h"

static gboolean
is_table_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
format_time (gint64 ms)
{
  g_autoptr(GDateTime) t = NULL;

  if (ms < 0)
    return g_strdup ("-");
  t = g_date_time_new_from_unix_utc (ms / 1000);
  if (t == NULL)
    return g_strdup ("-");
  return g_date_time_format (t, "%Y-%m-%dT%H:%M:%SZ");
}

/* Tabs and newlines inside values become spaces, as in `plan`. */
static char *
tsv_value (const char *text)
{
  char *copy = g_strdup (text != NULL && *text != '\0' ? text : "-");

  for (char *p = copy; *p != '\0'; p++)
    if (*p == '\t' || *p == '\n' || *p == '\r')
      *p = ' ';
  return copy;
}

static void
print_history (GPtrArray *history,
               gboolean   json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!json)
    printf ("version\ttime\toperation\trows_added\trows_removed\n");
  json_builder_begin_array (builder);
  for (guint i = 0; i < history->len; i++)
    {
      BmdDeltaCommitInfo *info = g_ptr_array_index (history, i);
      g_autofree char *time = format_time (info->timestamp);

      if (!json)
        {
          g_autofree char *operation = tsv_value (info->operation);

          printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
                  info->version, time, operation, info->rows_added, info->rows_removed);
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "version");
      json_builder_add_int_value (builder, info->version);
      json_builder_set_member_name (builder, "time");
      json_builder_add_string_value (builder, time);
      json_builder_set_member_name (builder, "operation");
      json_builder_add_string_value (builder, info->operation);
      json_builder_set_member_name (builder, "rows_added");
      json_builder_add_int_value (builder, info->rows_added);
      json_builder_set_member_name (builder, "rows_removed");
      json_builder_add_int_value (builder, info->rows_removed);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = json_to_string (root, TRUE);

      printf ("%s\n", text);
    }
  fflush (stdout);
}

static int
lake_history (const char *table_name,
              gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdConfig) config = bmd_config_new ();
  g_autoptr(BmdAwsCredentials) resolved = NULL;
  g_autoptr(BmdAwsCredentials) credentials = NULL;
  g_autoptr(BmdS3Client) client = NULL;
  g_autoptr(BmdDeltaTable) table = NULL;
  g_autoptr(BmdDeltaLog) log = NULL;
  g_autofree char *root = NULL;

  if (!bmd_config_apply_stored_settings (config, &error))
    {
      bmd_cli_error ("lake: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  bmd_config_apply_environment (config);
  if (config->s3_bucket == NULL)
    {
      bmd_cli_error (_("lake: no S3 bucket is set (BAKEMYDAY_S3_BUCKET or the s3-bucket setting)"));
      return BMD_EXIT_USAGE;
    }
  resolved = bmd_stored_aws_credentials_resolve (&error);
  if (resolved == NULL)
    {
      bmd_cli_error ("lake: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  credentials = config->s3_region != NULL
                  ? bmd_aws_credentials_with_region (resolved, config->s3_region)
                  : g_object_ref (resolved);
  client = bmd_s3_client_new (config->s3_endpoint, credentials, &error);
  if (client == NULL)
    {
      bmd_cli_error ("lake: %s", error->message);
      return BMD_EXIT_USAGE;
    }

  root = bmd_lake_delta_root (config->s3_prefix, table_name);
  table = bmd_delta_table_new (client, config->s3_bucket, root);
  log = bmd_delta_table_read_log (table, NULL, &error);
  if (log == NULL)
    {
      bmd_cli_error ("lake: %s", error->message);
      return BMD_EXIT_FAILED;
    }
  if (bmd_delta_log_get_version (log) < 0)
    {
      bmd_cli_error (_("lake: no Delta table at s3://%s/%s/"), config->s3_bucket, root);
      return BMD_EXIT_FAILED;
    }
  print_history (bmd_delta_log_get_history (log), json);
  return BMD_EXIT_OK;
}

int
bmd_cli_lake (int    argc,
              char **argv)
{
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("tsv (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_option_context_new ("history TABLE");
  g_option_context_set_summary (context,
                                _("List a Delta table’s versions from its log: version, time,\n"
                                  "operation, rows added and rows removed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("lake: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (argc != 3 || strcmp (argv[1], "history") != 0)
    {
      bmd_cli_error (_("lake: usage: bakemyday-sync lake history TABLE [--format tsv|json]"));
      return BMD_EXIT_USAGE;
    }
  if (!is_table_name (argv[2]))
    {
      bmd_cli_error (_("lake: “%s” is not a table name (lower-case letters, digits and _)"), argv[2]);
      return BMD_EXIT_USAGE;
    }
  if (format != NULL && strcmp (format, "tsv") != 0 && strcmp (format, "json") != 0)
    {
      bmd_cli_error (_("lake: --format must be tsv or json, not “%s”"), format);
      return BMD_EXIT_USAGE;
    }
  return lake_history (argv[2], g_strcmp0 (format, "json") == 0);
}
