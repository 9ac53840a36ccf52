#pragma once

#include <gtk/gtk.h>

#include "bmd-exportable.h"
#include "bmd-plan-table.h"

G_BEGIN_DECLS

/* @plan's @view as CSV (bmd_plan_table_to_csv()), or NULL when @plan is NULL. */
char     *bmd_export_dup_plan_csv     (BmdPlan             *plan,
                                       BmdPlanView          view);

/* Asks where to save with a GtkFileChooserNative (@title, @suggested_name,
 * and a filter for @pattern such as "*.csv"), then writes @contents there
 * atomically. Finishes with FALSE and G_IO_ERROR_CANCELLED when the user
 * cancels. */
void      bmd_export_save_async       (GtkWindow           *parent,
                                       const char          *title,
                                       const char          *suggested_name,
                                       const char          *pattern,
                                       const char          *contents,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* @out_file: where it was saved. */
gboolean  bmd_export_save_finish      (GAsyncResult        *result,
                                       GFile              **out_file,
                                       GError             **error);
/* The second half of bmd_export_save_async(): writes @contents to @file
 * without asking, in GIO's thread. */
void      bmd_export_write_async      (GFile               *file,
                                       const char          *contents,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  bmd_export_write_finish     (GAsyncResult        *result,
                                       GError             **error);

/* The window's actions: win.export (Ctrl+E), the shown page's table as CSV
 * when it is a BmdExportable; win.export-calendar, the upcoming pickups as
 * an iCalendar file. */
void      bmd_export_install_actions  (GtkWidgetClass      *window_class);

G_END_DECLS
