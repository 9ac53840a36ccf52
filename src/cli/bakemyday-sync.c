/* bakemyday-sync: the headless side of Bake My Day. */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-redact.h"
#include "bmd-wipe.h"

static const struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} commands[] = {
  { "plan", bmd_cli_plan, N_("print the bake queue, upcoming orders, problems or calendar") },
  { "refresh", bmd_cli_refresh, N_("read new and changed orders from Shopify into the local warehouse") },
  { "generate", bmd_cli_generate, N_("create paired test orders in a development store") },
  { "remind", bmd_cli_remind, N_("send the reminders that are due as desktop notifications") },
  { "print", bmd_cli_print, N_("write the bake sheet of a day or the week as PDF") },
  { "calendar-file", bmd_cli_calendar_file, N_("write the upcoming pickups as an iCalendar file") },
  { "lake", bmd_cli_lake, N_("show a Delta table’s history in the lake") },
};

char *
bmd_cli_safe_text (const char *text)
{
  g_autofree char *redacted = bmd_redact (text);
  g_autofree char *valid = g_utf8_make_valid (redacted, -1);
  GString *out = g_string_sized_new (strlen (valid));
  const char *p;

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c >= 0x80 && c <= 0x9f)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

void
bmd_cli_error (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  safe = bmd_cli_safe_text (message);
  fprintf (stderr, "bakemyday-sync: %s\n", safe);
}

char *
bmd_cli_read_token_file (const char  *path,
                         GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  /* One line: its line ending (and spaces around the token) go, while a
   * line break inside would end up in every request's headers. The text
   * is never quoted. */
  if (memchr (contents, '\0', length) != NULL)
    {
      bmd_wipe (contents);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s holds a NUL byte; a token file is one line"), path);
      return NULL;
    }
  if (length > 0 && contents[length - 1] == '\n')
    contents[--length] = '\0';
  if (length > 0 && contents[length - 1] == '\r')
    contents[--length] = '\0';
  if (strpbrk (contents, "\r\n") != NULL)
    {
      bmd_wipe (contents);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s holds more than one line; a token file is one line: the token"), path);
      return NULL;
    }
  g_strstrip (contents);
  if (*contents == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is empty"), path);
      return NULL;
    }
  bmd_redact_remember (contents);
  return g_steal_pointer (&contents);
}

static void
print_usage (FILE *out)
{
  guint i;

  fprintf (out, "%s\n\n%s\n", _("Usage: bakemyday-sync COMMAND [OPTION…]"), _("Commands:"));
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-13s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “bakemyday-sync COMMAND --help” for a command’s options."));
}

int
main (int    argc,
      char **argv)
{
  guint i;
  /* Catalogues in the build tree (BUILDDIR/po) before installation. */
  const char *localedir = g_getenv ("BAKEMYDAY_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return BMD_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0)
    {
      print_usage (stdout);
      return BMD_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("bakemyday-sync %s\n", PACKAGE_VERSION);
      return BMD_EXIT_OK;
    }

  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].run (argc - 1, argv + 1);
    }

  bmd_cli_error (_("unknown command “%s” (expected plan, refresh, generate, print, calendar-file, remind or lake)"), argv[1]);
  return BMD_EXIT_USAGE;
}
