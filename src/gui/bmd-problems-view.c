#define G_LOG_DOMAIN "bmd-problems-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bmd-export.h"
#include "bmd-format.h"
#include "bmd-problems-view.h"

struct _BmdProblemsView
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkColumnView *column_view;
  GtkColumnViewColumn *link_column;
  GtkSortListModel *sort_model;
  GListStore *store;

  BmdPlan *plan;
  char *shop;
};

static void bmd_problems_view_exportable_init (BmdExportableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BmdProblemsView, bmd_problems_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BMD_TYPE_EXPORTABLE, bmd_problems_view_exportable_init))

/* "Export…": the table the CLI prints, as CSV. */
static char *
bmd_problems_view_dup_csv (BmdExportable  *exportable,
                           char          **suggested_name)
{
  BmdProblemsView *self = BMD_PROBLEMS_VIEW (exportable);

  *suggested_name = g_strdup ("problems.csv");
  return bmd_export_dup_plan_csv (self->plan, BMD_PLAN_VIEW_PROBLEMS);
}

static void
bmd_problems_view_exportable_init (BmdExportableInterface *iface)
{
  iface->dup_csv = bmd_problems_view_dup_csv;
}

static gint64
problem_number_key (BmdProblem *problem)
{
  return bmd_order_get_number (bmd_problem_get_order (problem));
}

static char *
problem_code_key (BmdProblem *problem)
{
  return g_strdup (bmd_problem_get_code_name (problem));
}

static const char *
describe_code (BmdProblemCode code)
{
  switch (code)
    {
    case BMD_PROBLEM_NO_PICKUP_DATE:
      return _("No pickup date");
    case BMD_PROBLEM_BAD_PICKUP_DATE:
      return _("Unreadable pickup date");
    case BMD_PROBLEM_UNKNOWN_DRAFT_TYPE:
      return _("Not deposit or remaining");
    case BMD_PROBLEM_NO_CUSTOMER:
      return _("No customer");
    case BMD_PROBLEM_DUPLICATE_HALF:
      return _("Duplicate half");
    case BMD_PROBLEM_DETAILS_MISMATCH:
      return _("Halves disagree");
    case BMD_PROBLEM_CANCELLED_HALF:
      return _("Cancelled half");
    case BMD_PROBLEM_UNREADABLE_ORDER:
      return _("Unreadable order");
    default:
      return _("Problem");
    }
}

static void
order_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BmdProblemsView          *self)
{
  BmdProblem *problem = gtk_list_item_get_item (item);

  bmd_cell_bind_text (item, bmd_order_get_name (bmd_problem_get_order (problem)));
  gtk_widget_add_css_class (gtk_list_item_get_child (item), "heading");
}

static void
problem_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 BmdProblemsView          *self)
{
  BmdProblem *problem = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  BmdProblemCode code = bmd_problem_get_code (problem);

  gtk_label_set_text (GTK_LABEL (label), describe_code (code));
  gtk_widget_remove_css_class (label, "missing");
  gtk_widget_remove_css_class (label, "unpaid");
  /* Orders left out of the plan are worse than details to double-check. */
  gtk_widget_add_css_class (label, code == BMD_PROBLEM_DETAILS_MISMATCH || code == BMD_PROBLEM_CANCELLED_HALF
                                   ? "unpaid" : "missing");
  gtk_widget_set_tooltip_text (label, bmd_problem_get_code_name (problem));
}

static void
reason_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                BmdProblemsView          *self)
{
  bmd_cell_bind_text (item, bmd_problem_get_reason (gtk_list_item_get_item (item)));
}

static void
link_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               BmdProblemsView          *self)
{
  GtkWidget *button = gtk_link_button_new_with_label ("https://admin.shopify.com/", _("Open"));

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_list_item_set_child (item, button);
}

static void
link_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              BmdProblemsView          *self)
{
  BmdProblem *problem = gtk_list_item_get_item (item);
  GtkWidget *button = gtk_list_item_get_child (item);
  g_autofree char *url = bmd_format_shopify_admin_url (self->shop, bmd_problem_get_order (problem));

  gtk_widget_set_visible (button, url != NULL);
  if (url != NULL)
    gtk_link_button_set_uri (GTK_LINK_BUTTON (button), url);
}

static void
bmd_problems_view_dispose (GObject *object)
{
  BmdProblemsView *self = (BmdProblemsView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), BMD_TYPE_PROBLEMS_VIEW);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->shop, g_free);

  G_OBJECT_CLASS (bmd_problems_view_parent_class)->dispose (object);
}

static void
bmd_problems_view_class_init (BmdProblemsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bmd_problems_view_dispose;

  g_type_ensure (BMD_TYPE_PROBLEM);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/organicbakeryaustin/BakeMyDay/bmd-problems-view.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdProblemsView, stack);
  gtk_widget_class_bind_template_child (widget_class, BmdProblemsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, BmdProblemsView, link_column);
  gtk_widget_class_bind_template_child (widget_class, BmdProblemsView, sort_model);
  gtk_widget_class_bind_template_child (widget_class, BmdProblemsView, store);
  gtk_widget_class_bind_template_callback (widget_class, problem_number_key);
  gtk_widget_class_bind_template_callback (widget_class, problem_code_key);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_label);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_wrap_label);
  gtk_widget_class_bind_template_callback (widget_class, bmd_cell_setup_badge);
  gtk_widget_class_bind_template_callback (widget_class, order_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, problem_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_bind_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
bmd_problems_view_init (BmdProblemsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
bmd_problems_view_set_plan (BmdProblemsView *self,
                            BmdPlan         *plan,
                            const char      *shop)
{
  GPtrArray *problems;

  g_return_if_fail (BMD_IS_PROBLEMS_VIEW (self));
  g_return_if_fail (plan == NULL || BMD_IS_PLAN (plan));

  /* The window passes the same plan again when only the loading state changed. */
  if (plan != NULL && plan == self->plan && g_strcmp0 (shop, self->shop) == 0)
    return;

  g_set_object (&self->plan, plan);
  g_free (self->shop);
  self->shop = g_strdup (shop);
  /* Without a real shop there is nothing to link to: hide the column. */
  gtk_column_view_column_set_visible (self->link_column,
                                      shop != NULL && !g_str_has_prefix (shop, "http://"));

  problems = plan != NULL ? bmd_plan_get_problems (plan) : NULL;
  bmd_column_view_hold_model (self->column_view);
  if (problems != NULL)
    g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                         problems->pdata, problems->len);
  else
    g_list_store_remove_all (self->store);
  gtk_stack_set_visible_child_name (self->stack, problems != NULL && problems->len > 0 ? "list" : "empty");
}

GListModel *
bmd_problems_view_get_model (BmdProblemsView *self)
{
  g_return_val_if_fail (BMD_IS_PROBLEMS_VIEW (self), NULL);
  return G_LIST_MODEL (self->sort_model);
}
