/* `report`'s output flag, --format tsv|json|csv as `plan` takes it. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-cli.h"

void
bmd_cli_table_add_format_entry (char           **format,
                                GOptionContext  *context)
{
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, format, N_("tsv (default), json or csv"), N_("FORMAT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

int
bmd_cli_table_check_format (const char *format,
                            const char *command)
{
  if (format != NULL && g_strcmp0 (format, "tsv") != 0 && g_strcmp0 (format, "json") != 0
      && g_strcmp0 (format, "csv") != 0)
    {
      bmd_cli_error (_("%s: --format must be tsv, json or csv, not “%s”"), command, format);
      return BMD_EXIT_USAGE;
    }
  return BMD_EXIT_OK;
}

static gboolean
write_all (const char *text)
{
  gsize length = strlen (text);

  return fwrite (text, 1, length, stdout) == length && fflush (stdout) == 0;
}

int
bmd_cli_table_write (BmdPlanTable *table,
                     const char   *format,
                     const char   *command)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (format, "json") == 0)
    {
      g_autofree char *json = bmd_plan_table_to_json (table);

      text = g_strconcat (json, "\n", NULL);
    }
  else if (g_strcmp0 (format, "csv") == 0)
    text = bmd_plan_table_to_csv (table);
  else
    text = bmd_plan_table_to_tsv (table);

  if (!write_all (text))
    {
      bmd_cli_error (_("%s: cannot write to standard output"), command);
      return BMD_EXIT_FAILED;
    }
  return BMD_EXIT_OK;
}
