#define G_LOG_DOMAIN "bmd-export"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bmd-export.h"
#include "bmd-icalendar.h"
#include "bmd-window.h"

char *
bmd_export_dup_plan_csv (BmdPlan     *plan,
                         BmdPlanView  view)
{
  g_autoptr(BmdPlanTable) table = NULL;
  GDateTime *now;

  g_return_val_if_fail (plan == NULL || BMD_IS_PLAN (plan), NULL);

  if (plan == NULL)
    return NULL;
  now = bmd_plan_get_now (plan);
  table = bmd_plan_table_new (plan, view, g_date_time_get_year (now), g_date_time_get_month (now));
  return bmd_plan_table_to_csv (table);
}

/* Writing */

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
bmd_export_write_async (GFile               *file,
                        const char          *contents,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  GTask *task;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (contents != NULL);

  task = g_task_new (file, cancellable, callback, user_data);
  g_task_set_source_tag (task, bmd_export_write_async);
  bytes = g_bytes_new (contents, strlen (contents));
  /* Replaced through a temporary file: a calendar app never reads half of it. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb, task);
}

gboolean
bmd_export_write_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Asking where */

typedef struct
{
  GtkFileChooserNative *chooser;
  char *contents;
  GFile *file;
} Save;

static void
save_free (Save *save)
{
  g_clear_object (&save->chooser);
  g_free (save->contents);
  g_clear_object (&save->file);
  g_free (save);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!bmd_export_write_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  GTask *task = user_data;
  Save *save = g_task_get_task_data (task);

  gtk_native_dialog_hide (dialog);
  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      g_object_unref (task);
      return;
    }
  save->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  bmd_export_write_async (save->file, save->contents, NULL, written_cb, task);
}

void
bmd_export_save_async (GtkWindow           *parent,
                       const char          *title,
                       const char          *suggested_name,
                       const char          *pattern,
                       const char          *contents,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;
  Save *save;
  GtkFileFilter *filter;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (contents != NULL);

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, bmd_export_save_async);
  save = g_new0 (Save, 1);
  save->contents = g_strdup (contents);
  save->chooser = gtk_file_chooser_native_new (title, parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  g_task_set_task_data (task, save, (GDestroyNotify) save_free);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (save->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (save->chooser), suggested_name);
  filter = gtk_file_filter_new ();
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_set_name (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (save->chooser), filter);
  g_object_unref (filter);
  g_signal_connect (save->chooser, "response", G_CALLBACK (chooser_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (save->chooser));
}

gboolean
bmd_export_save_finish (GAsyncResult  *result,
                        GFile        **out_file,
                        GError       **error)
{
  Save *save;

  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  save = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  if (out_file != NULL)
    *out_file = g_object_ref (save->file);
  return TRUE;
}

/* The window's actions */

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  BmdWindow *self = BMD_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;

  if (!bmd_export_save_finish (result, &file, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = g_strdup_printf (_("Not saved: %s"), error->message);
    }
  else
    {
      g_autofree char *name = g_file_get_basename (file);

      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Saved %s"), name);
    }
  bmd_window_add_toast (self, text);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BmdWindow *self = BMD_WINDOW (widget);
  GtkWidget *page = bmd_window_get_visible_view (self);
  g_autofree char *name = NULL;
  g_autofree char *csv = NULL;

  if (page == NULL || !BMD_IS_EXPORTABLE (page))
    {
      bmd_window_add_toast (self, _("This view has no table to export"));
      return;
    }
  csv = bmd_exportable_dup_csv (BMD_EXPORTABLE (page), &name);
  if (csv == NULL)
    {
      bmd_window_add_toast (self, _("Nothing to export yet"));
      return;
    }
  bmd_export_save_async (GTK_WINDOW (self), _("Export Table as CSV"), name, "*.csv", csv, saved_cb, NULL);
}

static void
export_calendar_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BmdWindow *self = BMD_WINDOW (widget);
  BmdSnapshot *snapshot = bmd_context_get_snapshot (bmd_window_get_context (self));
  g_autofree char *ics = NULL;

  if (snapshot == NULL)
    {
      bmd_window_add_toast (self, _("Nothing to export yet"));
      return;
    }
  ics = bmd_icalendar_from_plan (bmd_snapshot_get_plan (snapshot), bmd_snapshot_get_days_off (snapshot));
  bmd_export_save_async (GTK_WINDOW (self), _("Export Pickups as a Calendar File"), "bakemyday-pickups.ics",
                         "*.ics", ics, saved_cb, NULL);
}

void
bmd_export_install_actions (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (window_class, "win.export-calendar", NULL, export_calendar_action);
  gtk_widget_class_add_binding_action (window_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
}
