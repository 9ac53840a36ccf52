#define G_LOG_DOMAIN "bmd-print"

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-bake-sheet.h"
#include "bmd-print.h"
#include "bmd-window.h"

typedef struct
{
  GPtrArray *requests;
  char *range;
  char *shop;
  char *export_filename;
  GTimeZone *zone;
  gboolean offer_day_per_page;
  BmdBakeSheet *sheet;
  GtkCheckButton *day_per_page;
} Job;

static void
job_free (Job *job)
{
  g_ptr_array_unref (job->requests);
  g_free (job->range);
  g_free (job->shop);
  g_free (job->export_filename);
  g_clear_pointer (&job->zone, g_time_zone_unref);
  g_clear_object (&job->sheet);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                Job               *job)
{
  guint n_pages = bmd_bake_sheet_paginate (job->sheet, gtk_print_context_get_cairo_context (context),
                                           gtk_print_context_get_width (context),
                                           gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, n_pages);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              Job               *job)
{
  bmd_bake_sheet_draw_page (job->sheet, gtk_print_context_get_cairo_context (context), page_nr);
}

static GObject *
create_custom_widget_cb (GtkPrintOperation *operation,
                         Job               *job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *check = gtk_check_button_new_with_mnemonic (_("Start each _day on a new page"));

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_box_append (GTK_BOX (box), check);
  job->day_per_page = GTK_CHECK_BUTTON (check);
  return G_OBJECT (box);
}

static void
custom_widget_apply_cb (GtkPrintOperation *operation,
                        GtkWidget         *widget,
                        Job               *job)
{
  bmd_bake_sheet_set_day_per_page (job->sheet, gtk_check_button_get_active (job->day_per_page));
}

static void
finish (GTask                   *task,
        GtkPrintOperation       *operation,
        GtkPrintOperationResult  result)
{
  GError *error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_task_return_error (task, error != NULL ? error
                                               : g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, _("Printing failed")));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_CANCEL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else
    g_task_return_boolean (task, TRUE);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GTask                   *task)
{
  finish (task, operation, result);
  g_object_unref (task);
}

static void
run_operation (GTask     *task,
               GPtrArray *full_orders)
{
  Job *job = g_task_get_task_data (task);
  GtkWindow *parent = g_task_get_source_object (task);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now (job->zone);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  job->sheet = bmd_bake_sheet_new (job->shop, job->range, now);
  bmd_bake_sheet_add_requests (job->sheet, job->requests, full_orders);

  /* The sheet lays itself out in points, on paper as in the CLI's PDF. */
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job->range);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);

  if (job->export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (operation, job->export_filename);
      result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, &error);
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        finish (task, operation, result);
      g_object_unref (task);
      return;
    }

  if (job->offer_day_per_page)
    {
      gtk_print_operation_set_custom_tab_label (operation, _("Bake Sheet"));
      g_signal_connect (operation, "create-custom-widget", G_CALLBACK (create_custom_widget_cb), job);
      g_signal_connect (operation, "custom-widget-apply", G_CALLBACK (custom_widget_apply_cb), job);
    }
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), task);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, &error);
  /* Without an async backend the run ends here, and "done" has been sent. */
  if (error != NULL && result == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_message ("Printing failed: %s", error->message);
}

static void
read_orders_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = bmd_snapshot_read_orders_finish (BMD_SNAPSHOT (object), result, &error);

  /* Without the details the sheet still has the plan's own values. */
  if (orders == NULL)
    g_message ("The orders' details cannot be read for printing: %s", error->message);
  run_operation (task, orders);
}

void
bmd_print_bake_sheet_async (GtkWindow           *parent,
                            BmdSnapshot         *snapshot,
                            GPtrArray           *requests,
                            const char          *range,
                            const char          *shop,
                            gboolean             offer_day_per_page,
                            const char          *export_filename,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_auto(GStrv) ids = NULL;
  GTask *task;
  Job *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (BMD_IS_SNAPSHOT (snapshot));
  g_return_if_fail (requests != NULL);
  g_return_if_fail (range != NULL);

  task = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (task, bmd_print_bake_sheet_async);
  job = g_new0 (Job, 1);
  job->requests = g_ptr_array_new_full (requests->len, g_object_unref);
  for (guint i = 0; i < requests->len; i++)
    g_ptr_array_add (job->requests, g_object_ref (g_ptr_array_index (requests, i)));
  job->range = g_strdup (range);
  job->shop = g_strdup (shop != NULL && *shop != '\0' ? shop : "Bake My Day");
  job->export_filename = g_strdup (export_filename);
  job->zone = g_time_zone_ref (bmd_plan_get_zone (bmd_snapshot_get_plan (snapshot)));
  job->offer_day_per_page = offer_day_per_page;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);

  ids = bmd_bake_sheet_collect_order_ids (requests);
  bmd_snapshot_read_orders_async (snapshot, (const char * const *) ids, NULL, read_orders_cb, task);
}

gboolean
bmd_print_bake_sheet_finish (GAsyncResult  *result,
                             GError       **error)
{
  /* Also the end of bmd_print_window_async(), whose own errors come from the window. */
  g_return_val_if_fail (G_IS_TASK (result), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The window's action */

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bmd_print_bake_sheet_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *text = g_strdup_printf (_("Not printed: %s"), error->message);

      bmd_window_add_toast (BMD_WINDOW (object), text);
    }
}

void
bmd_print_window_async (GtkWindow           *window,
                        const char          *export_filename,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  BmdWindow *self = BMD_WINDOW (window);
  BmdContext *context = bmd_window_get_context (self);
  BmdSnapshot *snapshot = bmd_context_get_snapshot (context);
  const BmdConfig *config = bmd_context_get_config (context);
  g_autoptr(GPtrArray) requests = NULL;
  g_autofree char *range = NULL;
  BmdPlan *plan;
  gboolean week;

  if (snapshot == NULL)
    {
      g_task_report_new_error (window, callback, user_data, bmd_print_window_async,
                               G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There are no orders yet"));
      return;
    }
  plan = bmd_snapshot_get_plan (snapshot);
  week = g_strcmp0 (bmd_window_get_visible_view_name (self), "calendar") != 0;
  if (week)
    {
      requests = g_ptr_array_ref (bmd_plan_get_queue (plan));
      range = bmd_bake_sheet_format_queue_range (bmd_plan_get_now (plan), bmd_plan_get_zone (plan),
                                                 config->queue_calendar_week);
    }
  else
    {
      BmdCalendar *calendar = bmd_calendar_view_get_calendar (bmd_window_get_calendar_view (self));
      const GDate *day = bmd_calendar_get_selected (calendar);

      if (day == NULL || !g_date_valid (day))
        {
          g_task_report_new_error (window, callback, user_data, bmd_print_window_async,
                                   G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Choose a day in the calendar first"));
          return;
        }
      requests = bmd_plan_dup_requests_on_day (plan, (GDate *) day);
      range = bmd_bake_sheet_format_day (day);
    }
  bmd_print_bake_sheet_async (window, snapshot, requests, range, config->shop, week, export_filename,
                              callback, user_data);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  bmd_print_window_async (GTK_WINDOW (widget), NULL, printed_cb, NULL);
}

void
bmd_print_install_actions (GtkWidgetClass *window_class)
{
  gtk_widget_class_install_action (window_class, "win.print", NULL, print_action);
  gtk_widget_class_add_binding_action (window_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
}
