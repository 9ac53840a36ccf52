#define G_LOG_DOMAIN "bmd-queue-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bmd-capacity.h"
#include "bmd-details.h"
#include "bmd-export.h"
#include "bmd-format.h"
#include "bmd-queue-view.h"

struct _BmdQueueView
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkColumnView *column_view;
  GtkSingleSelection *selection;
  GtkSortListModel *sort_model;
  GListStore *store;
  BmdDetails *details;
  GtkLabel *capacity_label;

  BmdSnapshot *snapshot;
  char *shop;
  BmdCapacity capacity;
};

static void bmd_queue_view_exportable_init (BmdExportableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BmdQueueView, bmd_queue_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BMD_TYPE_EXPORTABLE, bmd_queue_view_exportable_init))

/* "Export…": the table the CLI prints, as CSV. */
static char *
bmd_queue_view_dup_csv (BmdExportable  *exportable,
                        char          **suggested_name)
{
  BmdQueueView *self = BMD_QUEUE_VIEW (exportable);

  *suggested_name = g_strdup ("bake-queue.csv");
  return bmd_export_dup_plan_csv (self->snapshot != NULL ? bmd_snapshot_get_plan (self->snapshot) : NULL, BMD_PLAN_VIEW_QUEUE);
}

static void
bmd_queue_view_exportable_init (BmdExportableInterface *iface)
{
  iface->dup_csv = bmd_queue_view_dup_csv;
}

/* The plan's "now", for Today and Tomorrow; NULL before the first load. */
static GDateTime *
shown_now (BmdQueueView *self)
{
  return self->snapshot != NULL ? bmd_plan_get_now (bmd_snapshot_get_plan (self->snapshot)) : NULL;
}

/* Sort keys, called by the sorters declared in the .ui. */
static gint64
request_pickup_key (BmdRequest *request)
{
  return g_date_time_to_unix (bmd_request_get_pickup (request));
}

static char *
request_customer_key (BmdRequest *request)
{
  return g_strdup (bmd_request_get_customer_name (request));
}

static char *
request_flavor_key (BmdRequest *request)
{
  return g_strdup (bmd_request_get_flavor (request));
}

static char *
request_theme_key (BmdRequest *request)
{
  return g_strdup (bmd_request_get_theme (request));
}

static char *
request_allergies_key (BmdRequest *request)
{
  return bmd_request_dup_allergies_sort_key (request);
}

static char *
request_deposit_key (BmdRequest *request)
{
  return g_strdup (bmd_request_get_half_status (request, BMD_DRAFT_TYPE_DEPOSIT));
}

static char *
request_remaining_key (BmdRequest *request)
{
  return g_strdup (bmd_request_get_half_status (request, BMD_DRAFT_TYPE_REMAINING));
}

static gint64
request_number_key (BmdRequest *request)
{
  return bmd_request_get_lowest_number (request);
}

static void
pickup_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BmdQueueView             *self)
{
  bmd_cell_bind_pickup (item, gtk_list_item_get_item (item),
                        shown_now (self));
}

static void
customer_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  BmdQueueView             *self)
{
  bmd_cell_bind_text (item, bmd_request_get_customer_name (gtk_list_item_get_item (item)));
}

static void
flavor_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BmdQueueView             *self)
{
  bmd_cell_bind_text (item, bmd_request_get_flavor (gtk_list_item_get_item (item)));
}

static void
theme_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BmdQueueView             *self)
{
  bmd_cell_bind_text (item, bmd_request_get_theme (gtk_list_item_get_item (item)));
}

static void
allergies_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   BmdQueueView             *self)
{
  bmd_cell_bind_allergies (item, gtk_list_item_get_item (item));
}

static void
deposit_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 BmdQueueView             *self)
{
  bmd_badge_update (GTK_LABEL (gtk_list_item_get_child (item)),
                    bmd_request_get_half_status (gtk_list_item_get_item (item), BMD_DRAFT_TYPE_DEPOSIT));
}

static void
remaining_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   BmdQueueView             *self)
{
  bmd_badge_update (GTK_LABEL (gtk_list_item_get_child (item)),
                    bmd_request_get_half_status (gtk_list_item_get_item (item), BMD_DRAFT_TYPE_REMAINING));
}

static void
orders_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BmdQueueView             *self)
{
  BmdRequest *request = gtk_list_item_get_item (item);
  BmdOrder *deposit = bmd_request_get_deposit (request);
  BmdOrder *remaining = bmd_request_get_remaining (request);
  g_autofree char *text = g_strdup_printf ("%s · %s",
                                           deposit != NULL ? bmd_order_get_name (deposit) : "—",
                                           remaining != NULL ? bmd_order_get_name (remaining) : "—");

  bmd_cell_bind_text (item, text);
  gtk_widget_add_css_class (gtk_list_item_get_child (item), "numeric");
}

static void
selection_changed_cb (BmdQueueView *self)
{
  BmdRequest *request = gtk_single_selection_get_selected_item (self->selection);

  bmd_details_set_request (self->details, self->snapshot, request,
                           shown_now (self), self->shop);
}

/* One line naming the queue's days and weeks over capacity, "9/8" each. */
static void
update_capacity (BmdQueueView *self)
{
  GPtrArray *queue = self->snapshot != NULL ? bmd_plan_get_queue (bmd_snapshot_get_plan (self->snapshot)) : NULL;
  g_autoptr(GString) days = g_string_new (NULL);
  g_autoptr(GString) weeks = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  GDate last_day, last_week;
  guint i;

  g_date_clear (&last_day, 1);
  g_date_clear (&last_week, 1);
  for (i = 0; queue != NULL && i < queue->len; i++)
    {
      BmdPlan *plan = bmd_snapshot_get_plan (self->snapshot);
      GDateTime *pickup = bmd_request_get_pickup (g_ptr_array_index (queue, i));
      BmdCapacityCheck check;
      GDate day, week;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, g_date_time_get_day_of_month (pickup), g_date_time_get_month (pickup),
                      g_date_time_get_year (pickup));
      if (g_date_valid (&last_day) && g_date_compare (&day, &last_day) == 0)
        continue;
      last_day = day;
      bmd_capacity_check (plan, &self->capacity, &day, &check);
      if (check.day_over)
        {
          g_autofree char *name = g_date_time_format (pickup, "%a %-d %b");

          g_string_append_printf (days, "%s%s %u/%u", days->len > 0 ? ", " : "", name,
                                  check.day_requests, self->capacity.per_day);
        }
      bmd_capacity_week_start (&day, &week);
      if (check.week_over && !(g_date_valid (&last_week) && g_date_compare (&week, &last_week) == 0))
        {
          g_string_append_printf (weeks, "%s%s %u %u/%u", weeks->len > 0 ? ", " : "", _("week"),
                                  g_date_get_iso8601_week_of_year (&week), check.week_requests,
                                  self->capacity.per_week);
          last_week = week;
        }
    }
  if (days->len > 0)
    g_string_append_printf (text, _("Over capacity: %s"), days->str);
  if (weeks->len > 0)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, _("Over weekly capacity: %s"), weeks->str);
    }
  gtk_label_set_text (self->capacity_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_label), text->len > 0);
}

static void
bmd_queue_view_dispose (GObject *object)
{
  BmdQueueView *self = (BmdQueueView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BMD_TYPE_QUEUE_VIEW);
  g_clear_object (&self->snapshot);
  g_clear_pointer (&self->shop, g_free);

  G_OBJECT_CLASS (bmd_queue_view_parent_class)->dispose (object);
}

static void
bmd_queue_view_class_init (BmdQueueViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bmd_queue_view_dispose;

  g_type_ensure (BMD_TYPE_REQUEST);
  g_type_ensure (BMD_TYPE_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/organicbakeryaustin/BakeMyDay/bmd-queue-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdQueueView, stack);
  gtk_widget_class_bind_template_child (widget_class, BmdQueueView, column_view);
  gtk_widget_class_bind_template_child (widget_class, BmdQueueView, selection);
  gtk_widget_class_bind_template_child (widget_class, BmdQueueView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, BmdQueueView, store);
  gtk_widget_class_bind_template_child (widget_class, BmdQueueView, details);
  gtk_widget_class_bind_template_child (widget_class, BmdQueueView, capacity_label);
  gtk_widget_class_bind_template_callback (widget_class, request_pickup_key);
  gtk_widget_class_bind_template_callback (widget_class, request_customer_key);
  gtk_widget_class_bind_template_callback (widget_class, request_flavor_key);
  gtk_widget_class_bind_template_callback (widget_class, request_theme_key);
  gtk_widget_class_bind_template_callback (widget_class, request_allergies_key);
  gtk_widget_class_bind_template_callback (widget_class, request_deposit_key);
  gtk_widget_class_bind_template_callback (widget_class, request_remaining_key);
  gtk_widget_class_bind_template_callback (widget_class, request_number_key);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_word_label);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_badge);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_pickup);
  gtk_widget_class_bind_template_callback (widget_class, pickup_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, flavor_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, theme_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, allergies_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, deposit_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, remaining_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, orders_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bmd_queue_view_init (BmdQueueView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
bmd_queue_view_set_snapshot (BmdQueueView *self,
                             BmdSnapshot  *snapshot,
                             const char   *shop)
{
  GPtrArray *queue;

  g_return_if_fail (BMD_IS_QUEUE_VIEW (self));
  g_return_if_fail (snapshot == NULL || BMD_IS_SNAPSHOT (snapshot));

  /* The window passes the same snapshot again when only the loading state changed. */
  if (snapshot != NULL && snapshot == self->snapshot && g_strcmp0 (shop, self->shop) == 0)
    return;

  g_set_object (&self->snapshot, snapshot);
  g_free (self->shop);
  self->shop = g_strdup (shop);

  queue = snapshot != NULL ? bmd_plan_get_queue (bmd_snapshot_get_plan (snapshot)) : NULL;
  bmd_column_view_hold_model (self->column_view);
  /* The details are built once, below, not also for the selection the
   * splice moves (which would start a read of the orders only to cancel it). */
  g_signal_handlers_block_by_func (self->selection, selection_changed_cb, self);
  if (queue != NULL)
    g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                         queue->pdata, queue->len);
  else
    g_list_store_remove_all (self->store);
  g_signal_handlers_unblock_by_func (self->selection, selection_changed_cb, self);
  gtk_stack_set_visible_child_name (self->stack, queue != NULL && queue->len > 0 ? "list" : "empty");
  update_capacity (self);
  selection_changed_cb (self);
}

void
bmd_queue_view_set_capacity (BmdQueueView      *self,
                             const BmdCapacity *capacity)
{
  g_return_if_fail (BMD_IS_QUEUE_VIEW (self));
  g_return_if_fail (capacity != NULL);

  self->capacity = *capacity;
  update_capacity (self);
}

const char *
bmd_queue_view_get_capacity_message (BmdQueueView *self)
{
  g_return_val_if_fail (BMD_IS_QUEUE_VIEW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->capacity_label))
         ? gtk_label_get_text (self->capacity_label) : NULL;
}

GListModel *
bmd_queue_view_get_model (BmdQueueView *self)
{
  g_return_val_if_fail (BMD_IS_QUEUE_VIEW (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}

gboolean
bmd_queue_view_select_request (BmdQueueView *self,
                               const char   *request_id)
{
  GListModel *model;
  guint n, i;

  g_return_val_if_fail (BMD_IS_QUEUE_VIEW (self), FALSE);
  g_return_val_if_fail (request_id != NULL, FALSE);

  model = G_LIST_MODEL (self->sort_model);
  n = g_list_model_get_n_items (model);
  for (i = 0; i < n; i++)
    {
      g_autoptr(BmdRequest) request = g_list_model_get_item (model, i);

      if (g_strcmp0 (bmd_request_get_id (request), request_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}
