/* bakemyday-sync print: the bake sheet as PDF, without a display. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "bmd-bake-sheet.h"
#include "bmd-cli.h"
#include "bmd-cli-source.h"

static gboolean
parse_day (const char *text,
           GDate      *day)
{
  int y, m, d;
  char tail;

  g_date_clear (day, 1);
  if (text == NULL || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen (text) != 10
      || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (day, d, m, y);
  return TRUE;
}

int
bmd_cli_print (int    argc,
               char **argv)
{
  g_auto(BmdCliSource) input = { 0 };
  g_autofree GOptionEntry *input_entries = bmd_cli_source_new_entries (&input);
  g_autofree char *day_text = NULL;
  g_autofree char *output = NULL;
  gboolean week = FALSE;
  gboolean day_per_page = FALSE;
  GOptionEntry entries[] = {
    { "day", 0, 0, G_OPTION_ARG_STRING, &day_text, N_("The cakes picked up on this day"), "YYYY-MM-DD" },
    { "week", 0, 0, G_OPTION_ARG_NONE, &week, N_("The cakes of the bake queue (this week)"), NULL },
    { "day-per-page", 0, 0, G_OPTION_ARG_NONE, &day_per_page, N_("Start each day on a new page"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write (default: bake-sheet.pdf)"), N_("FILE.pdf") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  g_autoptr(BmdBakeSheet) sheet = NULL;
  gboolean ok;
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) full_orders = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *range = NULL;
  g_autofree char *shop = NULL;
  GDate day;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Write the bake sheet of a day (--day) or of the bake queue (--week) as PDF."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, input_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      bmd_cli_error ("print: %s", error->message);
      return BMD_EXIT_USAGE;
    }
  if (argc > 1)
    {
      bmd_cli_error (_("print: unexpected argument “%s”"), argv[1]);
      return BMD_EXIT_USAGE;
    }
  if ((day_text != NULL) == week)
    {
      bmd_cli_error (_("print: give --day YYYY-MM-DD or --week"));
      return BMD_EXIT_USAGE;
    }
  if (day_text != NULL && !parse_day (day_text, &day))
    {
      bmd_cli_error (_("print: --day must be YYYY-MM-DD, not “%s”"), day_text);
      return BMD_EXIT_USAGE;
    }
  if ((status = bmd_cli_source_load (&input, "print", BMD_PLAN_FLAGS_NONE)) != BMD_EXIT_OK)
    return status;

  if (week)
    {
      requests = g_ptr_array_ref (bmd_plan_get_queue (input.plan));
      range = bmd_bake_sheet_format_queue_range (bmd_plan_get_now (input.plan), bmd_plan_get_zone (input.plan),
                                                 input.config->queue_calendar_week);
    }
  else
    {
      requests = bmd_plan_dup_requests_on_day (input.plan, &day);
      range = bmd_bake_sheet_format_day (&day);
    }

  ids = bmd_bake_sheet_collect_order_ids (requests);
  full_orders = bmd_cli_source_read_orders (&input, (const char * const *) ids, &error);
  if (full_orders == NULL)
    {
      bmd_cli_error ("print: %s", error->message);
      return BMD_EXIT_FAILED;
    }

  shop = g_strdup (input.config->shop != NULL ? input.config->shop : "Bake My Day");
  sheet = bmd_bake_sheet_new (shop, range, bmd_plan_get_now (input.plan));
  bmd_bake_sheet_add_requests (sheet, requests, full_orders);
  bmd_bake_sheet_set_day_per_page (sheet, day_per_page);
  ok = bmd_bake_sheet_write_pdf (sheet, output != NULL ? output : "bake-sheet.pdf", &error);
  /* The command is done with fonts: drop the default font map, which holds
   * fontconfig's patterns (the leak checker sees them as leaks otherwise).
   * Not cairo_debug_reset_static_data () nor FcFini (): Pango may still
   * hold a font for a moment (its fontconfig work runs in a thread of its
   * own), and cairo then aborts the process on "live entries" at random. */
  g_clear_object (&sheet);
  pango_cairo_font_map_set_default (NULL);
  if (!ok)
    {
      bmd_cli_error ("print: %s", error->message);
      return BMD_EXIT_FAILED;
    }
  return BMD_EXIT_OK;
}
