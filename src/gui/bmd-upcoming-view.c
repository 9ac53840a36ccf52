#define G_LOG_DOMAIN "bmd-upcoming-view"

#include "config.h"

#include <adwaita.h>
#include <string.h>
#include <glib/gi18n.h>

#include "bmd-export.h"
#include "bmd-format.h"
#include "bmd-upcoming-view.h"

struct _BmdUpcomingView
{
  GtkWidget parent_instance;

  GtkStack *stack;
  AdwStatusPage *empty_page;
  GtkSearchEntry *search_entry;
  GtkDropDown *filter_dropdown;
  GtkLabel *count_label;
  GtkColumnView *column_view;
  GtkSortListModel *sort_model;
  GtkFilterListModel *filter_model;

  BmdPlan *plan;
  GtkCustomFilter *filter;
  BmdUpcomingFilter state_filter;
  char *search;   /* casefolded, or NULL */
};

static void bmd_upcoming_view_exportable_init (BmdExportableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BmdUpcomingView, bmd_upcoming_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BMD_TYPE_EXPORTABLE, bmd_upcoming_view_exportable_init))

/* "Export…": the table the CLI prints, as CSV. */
static char *
bmd_upcoming_view_dup_csv (BmdExportable  *exportable,
                           char          **suggested_name)
{
  BmdUpcomingView *self = BMD_UPCOMING_VIEW (exportable);

  *suggested_name = g_strdup ("upcoming-orders.csv");
  return bmd_export_dup_plan_csv (self->plan, BMD_PLAN_VIEW_UPCOMING);
}

static void
bmd_upcoming_view_exportable_init (BmdExportableInterface *iface)
{
  iface->dup_csv = bmd_upcoming_view_dup_csv;
}

static gint64
row_pickup_key (BmdUpcomingRow *row)
{
  return g_date_time_to_unix (bmd_request_get_pickup (bmd_upcoming_row_get_request (row)));
}

static char *
row_customer_key (BmdUpcomingRow *row)
{
  return g_strdup (bmd_request_get_customer_name (bmd_upcoming_row_get_request (row)));
}

static char *
row_half_key (BmdUpcomingRow *row)
{
  return g_strdup (bmd_draft_type_to_string (bmd_upcoming_row_get_draft_type (row)));
}

static gint64
row_number_key (BmdUpcomingRow *row)
{
  BmdOrder *order = bmd_upcoming_row_get_order (row);

  return order != NULL ? bmd_order_get_number (order) : 0;
}

static char *
row_status_key (BmdUpcomingRow *row)
{
  return g_strdup (bmd_upcoming_row_get_status (row));
}

static char *
row_flavor_key (BmdUpcomingRow *row)
{
  return g_strdup (bmd_request_get_flavor (bmd_upcoming_row_get_request (row)));
}

static char *
row_theme_key (BmdUpcomingRow *row)
{
  return g_strdup (bmd_request_get_theme (bmd_upcoming_row_get_request (row)));
}

static char *
row_allergies_key (BmdUpcomingRow *row)
{
  return bmd_request_dup_allergies_sort_key (bmd_upcoming_row_get_request (row));
}

static void
pickup_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BmdUpcomingView          *self)
{
  BmdUpcomingRow *row = gtk_list_item_get_item (item);

  bmd_cell_bind_pickup (item, bmd_upcoming_row_get_request (row),
                        self->plan != NULL ? bmd_plan_get_now (self->plan) : NULL);
}

static void
customer_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  BmdUpcomingView          *self)
{
  BmdUpcomingRow *row = gtk_list_item_get_item (item);

  bmd_cell_bind_text (item, bmd_request_get_customer_name (bmd_upcoming_row_get_request (row)));
}

static void
half_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BmdUpcomingView          *self)
{
  BmdUpcomingRow *row = gtk_list_item_get_item (item);

  bmd_cell_bind_text (item, bmd_upcoming_row_get_draft_type (row) == BMD_DRAFT_TYPE_DEPOSIT
                            ? _("Deposit") : _("Remaining"));
}

static void
order_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BmdUpcomingView          *self)
{
  BmdUpcomingRow *row = gtk_list_item_get_item (item);
  BmdOrder *order = bmd_upcoming_row_get_order (row);
  GtkWidget *label = gtk_list_item_get_child (item);

  if (order != NULL)
    {
      bmd_cell_bind_text (item, bmd_order_get_name (order));
      gtk_widget_remove_css_class (label, "placeholder-row");
      gtk_widget_set_tooltip_text (label, NULL);
    }
  else
    {
      /* Say what to do, not only what is wrong. */
      bmd_cell_bind_text (item, bmd_upcoming_row_get_draft_type (row) == BMD_DRAFT_TYPE_DEPOSIT
                                ? _("Deposit order missing — create it")
                                : _("Remaining order missing — create it"));
      gtk_widget_add_css_class (label, "placeholder-row");
      gtk_widget_set_tooltip_text (label, _("Press Enter or double-click to create it in Shopify as a draft order."));
    }
}

static void
status_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BmdUpcomingView          *self)
{
  bmd_badge_update (GTK_LABEL (gtk_list_item_get_child (item)),
                    bmd_upcoming_row_get_status (gtk_list_item_get_item (item)));
}

static void
flavor_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BmdUpcomingView          *self)
{
  BmdUpcomingRow *row = gtk_list_item_get_item (item);

  bmd_cell_bind_text (item, bmd_request_get_flavor (bmd_upcoming_row_get_request (row)));
}

static void
theme_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BmdUpcomingView          *self)
{
  BmdUpcomingRow *row = gtk_list_item_get_item (item);

  bmd_cell_bind_text (item, bmd_request_get_theme (bmd_upcoming_row_get_request (row)));
}

static void
allergies_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   BmdUpcomingView          *self)
{
  BmdUpcomingRow *row = gtk_list_item_get_item (item);

  bmd_cell_bind_allergies (item, bmd_upcoming_row_get_request (row));
}

static gboolean
contains_casefolded (const char *haystack,
                     const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
match_row (gpointer item,
           gpointer user_data)
{
  BmdUpcomingView *self = user_data;
  BmdUpcomingRow *row = item;
  BmdRequest *request = bmd_upcoming_row_get_request (row);

  switch (self->state_filter)
    {
    case BMD_UPCOMING_FILTER_PAID:
      if (bmd_request_get_state (request) != BMD_REQUEST_STATE_PAID)
        return FALSE;
      break;
    case BMD_UPCOMING_FILTER_UNPAID:
      if (bmd_request_get_state (request) != BMD_REQUEST_STATE_UNPAID)
        return FALSE;
      break;
    case BMD_UPCOMING_FILTER_MISSING:
      if (bmd_request_get_state (request) != BMD_REQUEST_STATE_MISSING)
        return FALSE;
      break;
    case BMD_UPCOMING_FILTER_ALL:
    default:
      break;
    }

  if (self->search == NULL)
    return TRUE;
  /* Either half's name matches, so that a request's two rows stay together. */
  return contains_casefolded (bmd_request_get_customer_name (request), self->search)
         || (bmd_request_get_deposit (request) != NULL
             && contains_casefolded (bmd_order_get_name (bmd_request_get_deposit (request)), self->search))
         || (bmd_request_get_remaining (request) != NULL
             && contains_casefolded (bmd_order_get_name (bmd_request_get_remaining (request)), self->search));
}

static void
update_count (BmdUpcomingView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  GListModel *rows = gtk_filter_list_model_get_model (self->filter_model);
  guint total = rows != NULL ? g_list_model_get_n_items (rows) : 0;
  g_autofree char *text = NULL;

  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order", "%u orders", total), total);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u order", "%u of %u orders", total),
                            shown, total);
  gtk_label_set_text (self->count_label, text);

  if (total == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Upcoming Orders"));
      adw_status_page_set_description (self->empty_page,
                                       _("No cake is picked up from today on. New orders appear here after a refresh."));
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No Matching Orders"));
      adw_status_page_set_description (self->empty_page,
                                       _("No upcoming order matches the search and the filter. Clear them to see every order."));
    }
  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "list" : "empty");
}

static void
refilter (BmdUpcomingView *self)
{
  /* With no filter and no search, the model has no filter at all: a filter
   * would make every row, and so every upcoming request, to show them all. */
  if (self->state_filter == BMD_UPCOMING_FILTER_ALL && self->search == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, NULL);
  else if (gtk_filter_list_model_get_filter (self->filter_model) == NULL)
    gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

static void
search_changed_cb (BmdUpcomingView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search, g_free);
  if (*stripped != '\0')
    self->search = g_utf8_casefold (stripped, -1);
  refilter (self);
}

static void
filter_changed_cb (BmdUpcomingView *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  self->state_filter = selected <= BMD_UPCOMING_FILTER_MISSING ? (BmdUpcomingFilter) selected
                                                               : BMD_UPCOMING_FILTER_ALL;
  refilter (self);
}

/* Enter or a double click on a missing half's placeholder row creates it. */
static void
row_activated_cb (GtkColumnView   *column_view,
                  guint            position,
                  BmdUpcomingView *self)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  g_autoptr(BmdUpcomingRow) row = g_list_model_get_item (model, position);
  BmdRequest *request;

  if (row == NULL || bmd_upcoming_row_get_order (row) != NULL)
    return;
  request = bmd_upcoming_row_get_request (row);
  if (bmd_request_get_customer_id (request) == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.create-missing-half", "s", bmd_request_get_id (request));
}

static void
bmd_upcoming_view_dispose (GObject *object)
{
  GtkWidget *child;
  BmdUpcomingView *self = (BmdUpcomingView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BMD_TYPE_UPCOMING_VIEW);
  /* The template's root box is not a bound child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->plan);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (bmd_upcoming_view_parent_class)->dispose (object);
}

static void
bmd_upcoming_view_class_init (BmdUpcomingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bmd_upcoming_view_dispose;

  g_type_ensure (BMD_TYPE_UPCOMING_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/organicbakeryaustin/BakeMyDay/bmd-upcoming-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, stack);
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, count_label);
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, column_view);
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, BmdUpcomingView, filter_model);
  gtk_widget_class_bind_template_callback (widget_class, row_pickup_key);
  gtk_widget_class_bind_template_callback (widget_class, row_customer_key);
  gtk_widget_class_bind_template_callback (widget_class, row_half_key);
  gtk_widget_class_bind_template_callback (widget_class, row_number_key);
  gtk_widget_class_bind_template_callback (widget_class, row_status_key);
  gtk_widget_class_bind_template_callback (widget_class, row_flavor_key);
  gtk_widget_class_bind_template_callback (widget_class, row_theme_key);
  gtk_widget_class_bind_template_callback (widget_class, row_allergies_key);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_label);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_word_label);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_badge);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_pickup);
  gtk_widget_class_bind_template_callback (widget_class, pickup_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, half_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, flavor_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, theme_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, allergies_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bmd_upcoming_view_init (BmdUpcomingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (match_row, self, NULL);
  g_signal_connect (self->column_view, "activate", G_CALLBACK (row_activated_cb), self);
  update_count (self);
}

void
bmd_upcoming_view_set_plan (BmdUpcomingView *self,
                            BmdPlan         *plan)
{
  g_return_if_fail (BMD_IS_UPCOMING_VIEW (self));
  g_return_if_fail (plan == NULL || BMD_IS_PLAN (plan));

  /* The window passes the same plan again when only the loading state changed. */
  if (plan != NULL && plan == self->plan)
    return;

  g_set_object (&self->plan, plan);
  bmd_column_view_hold_model (self->column_view);
  /* The plan's rows are made when the view asks for them: no copy. */
  gtk_filter_list_model_set_model (self->filter_model, plan != NULL ? bmd_plan_get_upcoming (plan) : NULL);
  update_count (self);
}

GListModel *
bmd_upcoming_view_get_model (BmdUpcomingView *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_VIEW (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

void
bmd_upcoming_view_set_filter (BmdUpcomingView   *self,
                              BmdUpcomingFilter  filter)
{
  g_return_if_fail (BMD_IS_UPCOMING_VIEW (self));
  gtk_drop_down_set_selected (self->filter_dropdown, filter);
}

void
bmd_upcoming_view_set_search (BmdUpcomingView *self,
                              const char      *text)
{
  g_return_if_fail (BMD_IS_UPCOMING_VIEW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* The entry waits before it reports a change; a caller setting the text wants it now. */
  search_changed_cb (self);
}
