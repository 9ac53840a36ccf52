#define G_LOG_DOMAIN "bmd-details"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bmd-bake-sheet.h"
#include "bmd-details.h"
#include "bmd-draft-log.h"
#include "bmd-format.h"
#include "bmd-print.h"

struct _BmdDetails
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkScrolledWindow *scroller;

  /* What details.print prints: the request shown. */
  BmdSnapshot *print_snapshot;
  BmdRequest *print_request;
  char *print_shop;

  /* The request shown, while its full orders are read. */
  GCancellable *reading;
  BmdRequest *request;
  GDateTime *now;
  char *shop;
  /* The draft order made for the shown request's missing half, looked up. */
  GCancellable *looking_up;
};

G_DEFINE_FINAL_TYPE (BmdDetails, bmd_details, GTK_TYPE_WIDGET)

static GtkWidget *
new_row (const char *title,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value != '\0' ? value : "—");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "property");
  return row;
}

/* @full: the half with its details, or NULL to show the request's own. */
static GtkWidget *
new_half_group (BmdRequest   *request,
                BmdDraftType  type,
                BmdOrder     *full,
                const char   *shop)
{
  BmdOrder *order = full != NULL ? full : bmd_request_get_half (request, type);
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *badge = gtk_label_new (NULL);
  const char *title = type == BMD_DRAFT_TYPE_DEPOSIT ? _("Deposit") : _("Remaining balance");
  g_autofree char *url = NULL;
  GPtrArray *items;
  guint i;

  bmd_badge_update (GTK_LABEL (badge), bmd_request_get_half_status (request, type));
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), badge);

  if (order == NULL)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     type == BMD_DRAFT_TYPE_DEPOSIT
                                     ? _("Deposit order missing — create it")
                                     : _("Remaining order missing — create it"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Create the order in Shopify with the same customer and pickup date, then refresh."));
      gtk_widget_add_css_class (row, "placeholder-row");
      gtk_widget_set_name (row, "missing-half-row");
      if (bmd_request_get_customer_id (request) != NULL)
        {
          GtkWidget *button = gtk_button_new_with_label (type == BMD_DRAFT_TYPE_DEPOSIT
                                                         ? _("Create deposit order…")
                                                         : _("Create remaining order…"));

          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_name (button, "create-missing-half");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.create-missing-half");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", bmd_request_get_id (request));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      return group;
    }

  {
    g_autofree char *group_title = g_strdup_printf ("%s  %s", title, bmd_order_get_name (order));
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), group_title);
  }

  items = bmd_order_get_line_items (order);
  for (i = 0; items != NULL && i < items->len; i++)
    {
      BmdLineItem *item = g_ptr_array_index (items, i);
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT " × %s", item->quantity, item->name);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 new_row (name, item->variant_title != NULL ? item->variant_title : ""));
    }

  {
    g_autofree char *total = bmd_format_money (bmd_order_get_total_price (order),
                                               bmd_order_get_currency (order));
    g_autofree char *outstanding = bmd_format_money (bmd_order_get_total_outstanding (order),
                                                     bmd_order_get_currency (order));

    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (_("Total"), total));
    if (bmd_order_get_total_outstanding (order) != NULL)
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (_("Still to pay"), outstanding));
  }
  if (bmd_order_get_note (order) != NULL && *bmd_order_get_note (order) != '\0')
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), new_row (_("Note"), bmd_order_get_note (order)));

  url = bmd_format_shopify_admin_url (shop, order);
  if (url != NULL)
    {
      GtkWidget *link = gtk_link_button_new_with_label (url, _("Open in Shopify"));

      gtk_widget_set_halign (link, GTK_ALIGN_START);
      gtk_widget_set_margin_top (link, 6);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), link);
    }
  return group;
}

static GtkWidget *
build_content (BmdRequest *request,
               BmdOrder   *full_deposit,
               BmdOrder   *full_remaining,
               GDateTime  *now,
               const char *shop)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *title = gtk_label_new (bmd_request_get_customer_name (request));
  GtkWidget *contact = adw_preferences_group_new ();
  GtkWidget *cake = adw_preferences_group_new ();
  GDateTime *pickup = bmd_request_get_pickup (request);
  g_autofree char *day = g_date_time_format (pickup, _("%A %-d %B %Y"));
  g_autofree char *time = bmd_format_pickup_time (pickup, bmd_request_get_pickup_date_only (request));
  const char *callout = now != NULL ? bmd_format_day_callout (pickup, now) : NULL;
  g_autofree char *when = callout != NULL
                          ? g_strdup_printf ("%s — %s, %s", callout, day, time)
                          : g_strdup_printf ("%s, %s", day, time);
  GtkWidget *subtitle = gtk_label_new (when);
  BmdOrder *any = full_deposit != NULL ? full_deposit : full_remaining;

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_add_css_class (title, "details-title");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  /* Wraps, so that the pane can be narrow and leave the table its width. */
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (subtitle, "title-4");
  {
    GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *print = gtk_button_new_from_icon_name ("document-print-symbolic");

    gtk_widget_set_hexpand (title, TRUE);
    gtk_widget_set_valign (print, GTK_ALIGN_START);
    gtk_widget_add_css_class (print, "flat");
    gtk_widget_set_tooltip_text (print, _("Print this cake’s bake sheet (Ctrl+P)"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "details.print");
    gtk_box_append (GTK_BOX (header), title);
    gtk_box_append (GTK_BOX (header), print);
    gtk_box_append (GTK_BOX (box), header);
  }
  gtk_box_append (GTK_BOX (box), subtitle);

  if (bmd_request_has_allergies (request))
    {
      g_autofree char *text = g_strdup_printf (_("⚠ Allergies: %s"), bmd_request_get_allergies (request));
      GtkWidget *banner = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (banner), 0);
      gtk_label_set_wrap (GTK_LABEL (banner), TRUE);
      gtk_widget_add_css_class (banner, "allergy-banner");
      gtk_box_append (GTK_BOX (box), banner);
    }

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (cake), _("Cake"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (cake), new_row (_("Flavor"), bmd_request_get_flavor (request)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (cake), new_row (_("Theme"), bmd_request_get_theme (request)));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (cake),
                             new_row (_("Allergies"), bmd_request_has_allergies (request)
                                                      ? bmd_request_get_allergies (request) : _("None")));
  gtk_box_append (GTK_BOX (box), cake);

  gtk_box_append (GTK_BOX (box), new_half_group (request, BMD_DRAFT_TYPE_DEPOSIT, full_deposit, shop));
  gtk_box_append (GTK_BOX (box), new_half_group (request, BMD_DRAFT_TYPE_REMAINING, full_remaining, shop));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (contact), _("Customer"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (contact),
                             new_row (_("Phone"), any != NULL ? bmd_order_get_phone (any) : NULL));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (contact),
                             new_row (_("Email"), any != NULL ? bmd_order_get_email (any) : NULL));
  gtk_box_append (GTK_BOX (box), contact);

  return box;
}

static void
stop_reading (BmdDetails *self)
{
  g_cancellable_cancel (self->reading);
  g_clear_object (&self->reading);
  g_clear_object (&self->request);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->shop, g_free);
}

static void
show_content (BmdDetails *self,
              GtkWidget  *content)
{
  gtk_scrolled_window_set_child (self->scroller, content);
  gtk_stack_set_visible_child_name (self->stack, "details");
}

static void look_up_draft (BmdDetails  *self,
                           BmdSnapshot *snapshot,
                           BmdRequest  *request);

static void
read_orders_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BmdDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = bmd_snapshot_read_orders_finish (BMD_SNAPSHOT (object), result, &error);
  BmdRequest *request = self->request;
  BmdOrder *full[2] = { NULL, NULL };
  guint i, next = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->reading == NULL)
    return;
  if (orders == NULL)
    {
      /* The plan's values stay shown; only the details are missing. */
      g_message ("The details of the request cannot be read: %s", error->message);
      stop_reading (self);
      return;
    }

  /* The ids were asked for deposit first; a half may be gone since. */
  for (i = 0; i < 2; i++)
    {
      BmdDraftType type = i == 0 ? BMD_DRAFT_TYPE_DEPOSIT : BMD_DRAFT_TYPE_REMAINING;

      if (bmd_request_get_half (request, type) != NULL)
        full[i] = g_ptr_array_index (orders, next++);
    }
  show_content (self, build_content (request, full[0], full[1], self->now, self->shop));
  look_up_draft (self, BMD_SNAPSHOT (object), request);
  stop_reading (self);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  GtkWidget *child;

  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A draft made for the missing half: say so until its order arrives. */
static void
draft_found_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BmdDetails) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdDraftRecord) record = bmd_draft_log_lookup_finish (result, &error);
  GtkWidget *content, *row, *button;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || record == NULL)
    return;
  content = gtk_scrolled_window_get_child (self->scroller);
  row = content != NULL ? find_named (content, "missing-half-row") : NULL;
  if (row == NULL)
    return;
  text = record->invoice_sent_at != NULL
         ? g_strdup_printf (_("Draft order %s for %s created, invoice sent: it becomes the order when the customer pays."),
                            record->name, record->amount)
         : g_strdup_printf (_("Draft order %s for %s created: send its invoice from Shopify, or create it again here."),
                            record->name, record->amount);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  button = find_named (row, "create-missing-half");
  if (button != NULL && record->invoice_sent_at != NULL)
    gtk_widget_set_visible (button, FALSE);
}

static void
look_up_draft (BmdDetails  *self,
               BmdSnapshot *snapshot,
               BmdRequest  *request)
{
  g_cancellable_cancel (self->looking_up);
  g_clear_object (&self->looking_up);
  if (snapshot == NULL || request == NULL || bmd_request_get_state (request) != BMD_REQUEST_STATE_MISSING)
    return;
  self->looking_up = g_cancellable_new ();
  bmd_draft_log_lookup_async (bmd_snapshot_get_data_dir (snapshot), bmd_request_get_id (request),
                              self->looking_up, draft_found_cb, g_object_ref (self));
}

static void
printed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!bmd_print_bake_sheet_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The bake sheet was not printed: %s", error->message);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  BmdDetails *self = BMD_DETAILS (widget);
  g_autoptr(GPtrArray) requests = g_ptr_array_new ();
  g_autofree char *range = NULL;
  GDateTime *pickup;
  GDate day;

  if (self->print_request == NULL || self->print_snapshot == NULL)
    return;
  pickup = bmd_request_get_pickup (self->print_request);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, g_date_time_get_day_of_month (pickup), g_date_time_get_month (pickup),
                  g_date_time_get_year (pickup));
  range = bmd_bake_sheet_format_day (&day);
  g_ptr_array_add (requests, self->print_request);
  bmd_print_bake_sheet_async (GTK_WINDOW (gtk_widget_get_root (widget)), self->print_snapshot, requests,
                              range, self->print_shop, FALSE, NULL, printed_cb, NULL);
}

static void
bmd_details_dispose (GObject *object)
{
  BmdDetails *self = BMD_DETAILS (object);

  g_cancellable_cancel (self->looking_up);
  g_clear_object (&self->looking_up);
  g_clear_object (&self->print_snapshot);
  g_clear_object (&self->print_request);
  g_clear_pointer (&self->print_shop, g_free);
  stop_reading (BMD_DETAILS (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), BMD_TYPE_DETAILS);
  G_OBJECT_CLASS (bmd_details_parent_class)->dispose (object);
}

static void
bmd_details_class_init (BmdDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bmd_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/com/organicbakeryaustin/BakeMyDay/bmd-details.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, BmdDetails, scroller);
  gtk_widget_class_install_action (widget_class, "details.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "details.print", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bmd_details_init (BmdDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
bmd_details_set_request (BmdDetails  *self,
                         BmdSnapshot *snapshot,
                         BmdRequest  *request,
                         GDateTime   *now,
                         const char  *shop)
{
  BmdOrder *deposit, *remaining;
  const char *ids[3] = { NULL, NULL, NULL };
  guint n_ids = 0;

  g_return_if_fail (BMD_IS_DETAILS (self));
  g_return_if_fail (snapshot == NULL || BMD_IS_SNAPSHOT (snapshot));
  g_return_if_fail (request == NULL || BMD_IS_REQUEST (request));

  stop_reading (self);
  g_set_object (&self->print_snapshot, snapshot);
  g_set_object (&self->print_request, request);
  g_free (self->print_shop);
  self->print_shop = g_strdup (shop);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.print", request != NULL && snapshot != NULL);
  if (request == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_scrolled_window_set_child (self->scroller, NULL);
      return;
    }

  deposit = bmd_request_get_deposit (request);
  remaining = bmd_request_get_remaining (request);
  if ((deposit == NULL || bmd_order_has_details (deposit)) &&
      (remaining == NULL || bmd_order_has_details (remaining)))
    {
      show_content (self, build_content (request, deposit, remaining, now, shop));
      look_up_draft (self, snapshot, request);
      return;
    }

  /* What the plan knows at once; the rest in a moment. */
  show_content (self, build_content (request, NULL, NULL, now, shop));
  if (snapshot == NULL)
    return;
  if (deposit != NULL)
    ids[n_ids++] = bmd_order_get_id (deposit);
  if (remaining != NULL)
    ids[n_ids++] = bmd_order_get_id (remaining);
  self->reading = g_cancellable_new ();
  self->request = g_object_ref (request);
  self->now = now != NULL ? g_date_time_ref (now) : NULL;
  self->shop = g_strdup (shop);
  bmd_snapshot_read_orders_async (snapshot, ids, self->reading, read_orders_cb, g_object_ref (self));
}
