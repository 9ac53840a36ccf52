#pragma once

#include <gtk/gtk.h>

#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* Prints the bake sheet (bmd-bake-sheet.h) of @requests (element type
 * BmdRequest, in pickup order) with GtkPrintOperation: their full orders
 * are read from @snapshot's warehouse in a thread first, then the print
 * dialog (page setup, preview, print to PDF, and "one day per page" on its
 * Bake Sheet tab when @offer_day_per_page) opens. With @export_filename the
 * sheet is written there as PDF by the same operation without a dialog. */
void      bmd_print_bake_sheet_async  (GtkWindow           *parent,
                                       BmdSnapshot         *snapshot,
                                       GPtrArray           *requests,
                                       const char          *range,
                                       const char          *shop,
                                       gboolean             offer_day_per_page,
                                       const char          *export_filename,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* FALSE with G_IO_ERROR_CANCELLED when the user closed the dialog. */
gboolean  bmd_print_bake_sheet_finish (GAsyncResult        *result,
                                       GError             **error);

/* win.print (Ctrl+P): the calendar's selected day when the Calendar is
 * shown, else the bake queue ("This week"). */
void      bmd_print_install_actions   (GtkWidgetClass      *window_class);
/* What win.print does, for the tests: with @export_filename, to that PDF.
 * Finish with bmd_print_bake_sheet_finish(). */
void      bmd_print_window_async      (GtkWindow           *window,
                                       const char          *export_filename,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);

G_END_DECLS
