/* bakemyday-sync calendar-file: the upcoming pickups as iCalendar. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-calendar-file.h"
#include "bmd-cli.h"
#include "bmd-cli-source.h"
#include "bmd-icalendar.h"

int
bmd_cli_calendar_file (int    argc,
                       char **argv)
{
  g_auto(BmdCliSource) input = { 0 };
  g_autofree GOptionEntry *input_entries = bmd_cli_source_new_entries (&input);
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the calendar to this file (default: standard output)"), N_("FILE.ics") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  g_autofree char *text = NULL;
  GPtrArray *days_off;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Write the pickups from today on as an iCalendar (RFC 5545) file,\n"
                                  "one event per cake and one all-day event per day off."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, input_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("calendar-file: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (argc > 1)
    {
      bmd_cli_error (_("calendar-file: unexpected argument “%s”"), argv[1]);
      return BMD_EXIT_USAGE;
    }
  if ((status = bmd_cli_source_load (&input, "calendar-file", BMD_PLAN_FLAGS_NONE)) != BMD_EXIT_OK)
    return status;

  days_off = input.snapshot != NULL ? bmd_snapshot_get_days_off (input.snapshot) : NULL;
  if (output != NULL)
    {
      if (!bmd_icalendar_write_file (input.plan, days_off, output, &error))
        {
          bmd_cli_error ("calendar-file: --output: %s", error->message);
          return BMD_EXIT_FAILED;
        }
      return BMD_EXIT_OK;
    }

  text = bmd_icalendar_from_plan (input.plan, days_off);
  if (fwrite (text, 1, strlen (text), stdout) != strlen (text) || fflush (stdout) != 0)
    {
      bmd_cli_error (_("calendar-file: cannot write to standard output"));
      return BMD_EXIT_FAILED;
    }
  return BMD_EXIT_OK;
}

gboolean
bmd_cli_refresh_calendar_file (const BmdConfig *config)
{
  g_autofree char *path = bmd_calendar_file_dup_path ();
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return TRUE;
  if (!bmd_calendar_file_write (config->data_dir, config->zone, path, &error))
    {
      bmd_cli_error ("calendar-file: %s", error->message);
      return FALSE;
    }
  return TRUE;
}
