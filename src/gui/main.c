#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "bmd-application.h"

int
main (int   argc,
      char *argv[])
{
  gint64 started_us = g_get_monotonic_time ();
  g_autoptr(BmdApplication) app = NULL;
  /* Lets the app find the catalogues built in the build tree (BUILDDIR/po)
   * before it is installed. */
  const char *localedir = g_getenv ("BAKEMYDAY_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = bmd_application_new (started_us);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
