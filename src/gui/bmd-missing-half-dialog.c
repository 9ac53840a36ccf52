#define G_LOG_DOMAIN "bmd-missing-half-dialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bmd-draft-job.h"
#include "bmd-missing-half-dialog.h"

/* One dialog at a time is on screen; tests look at it. */
static GtkWidget *current;

typedef struct
{
  GtkWindow *parent;        /* weak */
  BmdContext *context;
  BmdMissingHalf *half;
  BmdDraftRecord *record;
  GtkEntry *amount;
} Flow;

static void
flow_free (Flow *flow)
{
  g_clear_weak_pointer (&flow->parent);
  g_clear_object (&flow->context);
  bmd_missing_half_free (flow->half);
  bmd_draft_record_free (flow->record);
  g_free (flow);
}

static void
forget_current_cb (GtkWidget *dialog)
{
  if (current == dialog)
    current = NULL;
}

static GtkWidget *
new_dialog (Flow       *flow,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (flow->parent, heading, body);

  current = dialog;
  g_signal_connect (dialog, "destroy", G_CALLBACK (forget_current_cb), NULL);
  return dialog;
}

static void
show_message (Flow       *flow,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = new_dialog (flow, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
invoice_sent_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;

  if (bmd_draft_invoice_send_finish (result, &error))
    {
      g_autofree char *body = g_strdup_printf (_("Shopify emailed the invoice of %s to %s. The next refresh after the customer pays shows the order."),
                                               flow->record->name, flow->half->email);

      show_message (flow, _("Invoice Sent"), body);
    }
  else
    show_message (flow, _("Invoice Not Sent"), error->message);
  flow_free (flow);
}

static void
offer_invoice_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  Flow             *flow)
{
  if (g_strcmp0 (response, "send") != 0)
    {
      flow_free (flow);
      return;
    }
  bmd_draft_invoice_send_async (bmd_context_get_config (flow->context), flow->record->draft_id,
                                NULL, invoice_sent_cb, flow);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Flow *flow = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  flow->record = bmd_missing_half_create_finish (result, &error);
  if (flow->record == NULL)
    {
      show_message (flow, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED)
                          ? _("Draft Order Created, Not Remembered")
                          : _("No Order Was Created"),
                    error->message);
      flow_free (flow);
      return;
    }

  heading = g_strdup_printf (_("Draft Order %s Created"), flow->record->name);
  if (flow->half->email == NULL)
    {
      body = g_strdup (_("The customer has no email address here: send the invoice from the Shopify admin. The draft is shown on the request until its order arrives."));
      show_message (flow, heading, body);
      flow_free (flow);
      return;
    }
  body = g_strdup_printf (_("Email its invoice to %s now? The customer pays it online; the next refresh then shows the order."),
                          flow->half->email);
  dialog = new_dialog (flow, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "later", _("_Not Now"),
                                    "send", _("_Send Invoice"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "send", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "send");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect (dialog, "response", G_CALLBACK (offer_invoice_cb), flow);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
confirm_cb (AdwMessageDialog *dialog,
            const char       *response,
            Flow             *flow)
{
  if (g_strcmp0 (response, "create") != 0)
    {
      flow_free (flow);
      return;
    }
  bmd_missing_half_create_async (bmd_context_get_config (flow->context), flow->half,
                                 gtk_editable_get_text (GTK_EDITABLE (flow->amount)),
                                 NULL, created_cb, flow);
}

static void
amount_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *amount = bmd_money_normalize (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "create", amount != NULL);
  if (amount == NULL)
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

static GtkWidget *
new_label (const char *text,
           gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

void
bmd_missing_half_dialog_present (GtkWindow            *parent,
                                 BmdContext           *context,
                                 const BmdMissingHalf *half)
{
  Flow *flow;
  GtkWidget *dialog, *box, *grid, *amount_label;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *amount_text = NULL;
  guint i;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (BMD_IS_CONTEXT (context));
  g_return_if_fail (half != NULL);

  flow = g_new0 (Flow, 1);
  g_set_weak_pointer (&flow->parent, parent);
  flow->context = g_object_ref (context);
  flow->half = bmd_missing_half_copy (half);

  heading = g_strdup (half->missing == BMD_DRAFT_TYPE_REMAINING ? _("Create Remaining Order?")
                                                                : _("Create Deposit Order?"));
  body = g_strdup_printf (half->missing == BMD_DRAFT_TYPE_REMAINING
                          ? _("A draft order in Shopify for %s%s%s%s, with the details of %s. Once paid it is this cake’s remaining order.")
                          : _("A draft order in Shopify for %s%s%s%s, with the details of %s. Once paid it is this cake’s deposit order."),
                          half->customer_name,
                          half->email != NULL ? " (" : "", half->email != NULL ? half->email : "",
                          half->email != NULL ? ")" : "", half->present_name);
  dialog = new_dialog (flow, heading, body);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (i = 0; i < half->metafields->len; i++)
    {
      const BmdMetafieldInput *field = g_ptr_array_index (half->metafields, i);

      gtk_grid_attach (GTK_GRID (grid), new_label (field->key, TRUE), 0, i, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), new_label (field->value, FALSE), 1, i, 1, 1);
    }
  gtk_grid_attach (GTK_GRID (grid), new_label (_("line item"), TRUE), 0, i, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), new_label (half->title, FALSE), 1, i, 1, 1);
  gtk_box_append (GTK_BOX (box), grid);

  amount_text = g_strdup_printf (_("Amount (%s)"), half->currency);
  amount_label = new_label (amount_text, FALSE);
  gtk_box_append (GTK_BOX (box), amount_label);
  flow->amount = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (flow->amount), half->amount);
  gtk_entry_set_input_purpose (flow->amount, GTK_INPUT_PURPOSE_NUMBER);
  gtk_entry_set_activates_default (flow->amount, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (flow->amount), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  amount_label, NULL, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (flow->amount));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate Draft Order"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (flow->amount, "changed", G_CALLBACK (amount_changed_cb), dialog);
  amount_changed_cb (GTK_EDITABLE (flow->amount), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (confirm_cb), flow);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
bmd_missing_half_dialog_get_current (void)
{
  return current;
}
