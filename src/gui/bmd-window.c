#define G_LOG_DOMAIN "bmd-window"

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-export.h"
#include "bmd-format.h"
#include "bmd-missing-half-dialog.h"
#include "bmd-print.h"
#include "bmd-window.h"

/* Data older than this gets a warning bar. */
#define STALE_AFTER (G_TIME_SPAN_DAY)

struct _BmdWindow
{
  AdwApplicationWindow parent_instance;

  GtkButton *refresh_button;
  GtkSpinner *refresh_spinner;
  AdwViewSwitcherTitle *switcher_title;
  GtkRevealer *progress_revealer;
  GtkLabel *stage_label;
  GtkLabel *progress_message_label;
  GtkLabel *orders_read_label;
  GtkProgressBar *progress_bar;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GtkWidget *switch_shop_button;
  GtkRevealer *stale_revealer;
  GtkLabel *stale_label;
  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *load_error_page;
  AdwViewStack *view_stack;
  AdwViewStackPage *problems_page;
  BmdQueueView *queue_view;
  BmdUpcomingView *upcoming_view;
  BmdCalendarView *calendar_view;
  BmdProblemsView *problems_view;
  BmdInsightsPage *insights_view;

  BmdContext *context;
  BmdPipelineJob *job;
  guint tick_id;
  char *pending_request;  /* to show once the orders are loaded */
};

G_DEFINE_FINAL_TYPE (BmdWindow, bmd_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
has_shop (BmdWindow *self)
{
  const BmdConfig *config = bmd_context_get_config (self->context);

  return config->shop != NULL && *config->shop != '\0';
}

/* The header's freshness detail shows only where the view switcher does
 * not fit (a narrow window): the refresh button's tooltip carries it too. */
static void
update_refresh_tooltip (BmdWindow *self)
{
  const char *freshness = adw_view_switcher_title_get_subtitle (self->switcher_title);
  g_autofree char *text = NULL;

  if (!has_shop (self))
    text = g_strdup (_("No shop is set up: open Preferences"));
  else if (freshness != NULL && *freshness != '\0')
    text = g_strdup_printf ("%s\n%s", _("Refresh from Shopify (Ctrl+R)"), freshness);
  else
    text = g_strdup (_("Refresh from Shopify (Ctrl+R)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->refresh_button), text);
}

static void
update_actions (BmdWindow *self)
{
  gboolean running = bmd_context_get_job (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", has_shop (self) && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-refresh", running);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_spinner), running);
  gtk_spinner_set_spinning (self->refresh_spinner, running);
  update_refresh_tooltip (self);
}

static void
update_freshness (BmdWindow *self)
{
  BmdSnapshot *snapshot = bmd_context_get_snapshot (self->context);
  GDateTime *last = snapshot != NULL ? bmd_snapshot_get_last_refreshed (snapshot) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *subtitle = NULL;
  gboolean stale = FALSE;

  if (snapshot == NULL)
    subtitle = NULL;
  else if (last == NULL)
    {
      subtitle = g_strdup (_("Never refreshed"));
      stale = has_shop (self);
      gtk_label_set_text (self->stale_label,
                          _("These orders have never been refreshed on this computer. Refresh to see the shop’s latest orders."));
    }
  else
    {
      g_autofree char *ago = bmd_format_relative_time (last, now);
      GDateTime *sweep = bmd_snapshot_get_last_sweep (snapshot);

      if (sweep != NULL)
        {
          g_autofree char *swept = bmd_format_relative_time (sweep, now);

          /* Translators: the header's subtitle, e.g. "Last refreshed 5 minutes
           * ago · full check 3 hours ago"; a full check re-reads every
           * upcoming order and looks for deleted ones */
          subtitle = g_strdup_printf (_("Last refreshed %s · full check %s"), ago, swept);
        }
      else
        {
          /* Translators: the header's subtitle, e.g. "Last refreshed 5 minutes ago" */
          subtitle = g_strdup_printf (_("Last refreshed %s"), ago);
        }
      if (g_date_time_difference (now, last) > STALE_AFTER)
        {
          g_autofree char *text = g_strdup_printf (_("The orders were last refreshed %s and may be out of date. Refresh to see new orders and payments."), ago);

          stale = TRUE;
          gtk_label_set_text (self->stale_label, text);
        }
    }

  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);
  update_refresh_tooltip (self);
  gtk_revealer_set_reveal_child (self->stale_revealer,
                                 stale && bmd_context_get_job (self->context) == NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  update_freshness (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_content (BmdWindow *self)
{
  BmdSnapshot *snapshot = bmd_context_get_snapshot (self->context);
  const GError *error = bmd_context_get_load_error (self->context);
  const char *shop = bmd_context_get_config (self->context)->shop;
  BmdPlan *plan = snapshot != NULL ? bmd_snapshot_get_plan (snapshot) : NULL;
  guint n_problems = plan != NULL ? bmd_plan_get_problems (plan)->len : 0;

  bmd_queue_view_set_snapshot (self->queue_view, snapshot, shop);
  bmd_upcoming_view_set_plan (self->upcoming_view, plan);
  bmd_calendar_view_set_snapshot (self->calendar_view, snapshot);
  bmd_problems_view_set_plan (self->problems_view, plan, shop);
  bmd_insights_page_set_insights (self->insights_view, bmd_context_get_insights (self->context), snapshot);
  if (plan != NULL && self->pending_request != NULL)
    {
      g_autofree char *id = g_steal_pointer (&self->pending_request);

      bmd_window_show_request (self, id);
    }

  adw_view_stack_page_set_badge_number (self->problems_page, n_problems);
  adw_view_stack_page_set_needs_attention (self->problems_page, n_problems > 0);

  if (snapshot != NULL && bmd_snapshot_get_orders (snapshot)->len > 0)
    gtk_stack_set_visible_child_name (self->main_stack, "content");
  else if (!bmd_context_get_loaded (self->context) && snapshot == NULL && error == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "loading");
  else if (!has_shop (self))
    gtk_stack_set_visible_child_name (self->main_stack, "setup");
  else if (snapshot != NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    gtk_stack_set_visible_child_name (self->main_stack, "empty");
  else
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);
      g_autofree char *description =
        g_strdup_printf (_("%s\n\nRefreshing downloads the orders again. If this keeps happening, move the data folder aside and refresh."),
                         escaped);

      adw_status_page_set_description (self->load_error_page, description);
      gtk_stack_set_visible_child_name (self->main_stack, "load-error");
    }

  update_freshness (self);
}

/* Also the end of the first load ("loaded" is set before the snapshot is
 * announced), and a change of settings (a shop may have been set up). */
static void
context_changed_cb (BmdWindow *self)
{
  update_actions (self);
  update_content (self);
}

static void
update_progress (BmdWindow *self)
{
  g_autofree char *stage = NULL;
  g_autofree char *message = NULL;
  g_autofree char *read = NULL;
  const char *stage_title;
  guint orders_read;

  if (self->job == NULL)
    return;
  stage = bmd_pipeline_job_dup_stage (self->job);
  message = bmd_pipeline_job_dup_message (self->job);
  orders_read = bmd_pipeline_job_get_orders_read (self->job);

  if (bmd_pipeline_job_get_cancelled (self->job))
    stage_title = _("Cancelling…");
  else if (g_strcmp0 (stage, "extract") == 0)
    stage_title = _("Downloading orders from Shopify");
  else if (g_strcmp0 (stage, "store") == 0)
    stage_title = _("Saving on this computer");
  else if (g_strcmp0 (stage, "lake") == 0)
    stage_title = _("Uploading to the data lake");
  else if (g_strcmp0 (stage, "warehouse") == 0)
    stage_title = _("Loading the warehouse");
  else
    stage_title = _("Starting the refresh…");

  gtk_label_set_text (self->stage_label, stage_title);
  gtk_label_set_text (self->progress_message_label, message != NULL ? message : "");
  read = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order read", "%u orders read", orders_read),
                          orders_read);
  gtk_label_set_text (self->orders_read_label, read);
  gtk_progress_bar_set_fraction (self->progress_bar, bmd_pipeline_job_get_fraction (self->job));
}

static void
job_notify_cb (BmdPipelineJob *job,
               GParamSpec     *pspec,
               BmdWindow      *self)
{
  update_progress (self);
}

static void
job_changed_cb (BmdWindow *self)
{
  BmdPipelineJob *job = bmd_context_get_job (self->context);

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, job_notify_cb, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify", G_CALLBACK (job_notify_cb), self, 0);
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      update_progress (self);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, job != NULL);
  update_actions (self);
  update_freshness (self);
}

static char *
describe_refresh_error (const GError *error)
{
  const char *hint;

  if (error->domain == BMD_PIPELINE_ERROR)
    {
      switch (error->code)
        {
        case BMD_PIPELINE_ERROR_CONFIG:
          hint = _("Check the shop and its access token in Preferences, then try again.");
          break;
        case BMD_PIPELINE_ERROR_BUSY:
          hint = _("Another refresh is running (perhaps the daily one). Try again in a minute.");
          break;
        case BMD_PIPELINE_ERROR_EXTRACT:
          hint = _("Check the internet connection and the shop’s address, then try again. The orders shown are the last ones downloaded.");
          break;
        case BMD_PIPELINE_ERROR_STORE:
          hint = _("The orders could not be saved on this computer. Check that the disk is not full, then try again.");
          break;
        case BMD_PIPELINE_ERROR_OTHER_SHOP:
          hint = _("Switch Shop keeps the other shop’s orders aside on this computer; switching back brings them back.");
          break;
        default:
          hint = _("Try again in a moment.");
          break;
        }
    }
  else
    hint = _("The orders shown are the last ones downloaded. Try again in a moment.");

  /* Translators: "Refresh failed: <what failed>. <what to do>" */
  return g_strdup_printf (_("Refresh failed: %s. %s"), error->message, hint);
}

static void
refresh_finished_cb (BmdContext       *context,
                     BmdRefreshResult *result,
                     const GError     *error,
                     BmdWindow        *self)
{
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_toast_overlay_add_toast (self->toast_overlay,
                                       adw_toast_new (_("Refresh cancelled; nothing was changed")));
          return;
        }
      {
        g_autofree char *text = describe_refresh_error (error);

        gtk_widget_set_visible (self->switch_shop_button,
                                g_error_matches (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_OTHER_SHOP));
        gtk_label_set_text (self->error_label, text);
        gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      }
      return;
    }

  {
    guint changed = result->added + result->updated + result->deleted;
    g_autofree char *title = NULL;
    AdwToast *toast;

    if (changed == 0)
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Up to date: %u order", "Up to date: %u orders",
                                            result->total), result->total);
    else
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u order updated", "%u orders updated", changed),
                               changed);
    toast = adw_toast_new (title);
    adw_toast_set_timeout (toast, 4);
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }

  if (result->switched_from != NULL || result->zone_warning != NULL)
    {
      g_autofree char *text = result->switched_from != NULL
        ? g_strdup_printf (_("The orders of %s are set aside on this computer"), result->switched_from)
        : g_strdup_printf (_("Note: %s"), result->zone_warning);
      AdwToast *note = adw_toast_new (text);

      adw_toast_set_timeout (note, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, note);
    }

  if (result->draft_warning != NULL)
    {
      /* A toast's title is markup; Shopify's words are text. */
      g_autofree char *escaped = g_markup_escape_text (result->draft_warning, -1);
      g_autofree char *text = g_strdup_printf (_("Note: %s"), escaped);
      AdwToast *note = adw_toast_new (text);

      adw_toast_set_timeout (note, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, note);
    }

  if (result->later_stage_error != NULL)
    {
      g_autofree char *text =
        g_strdup_printf (_("The orders were refreshed, but the analytics copy failed: %s. Check the S3 and warehouse settings; the next refresh catches up."),
                         result->later_stage_error);

      gtk_label_set_text (self->error_label, text);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
    }
}

static void
day_off_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BmdWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!bmd_context_set_day_off_finish (BMD_CONTEXT (object), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The day off could not be saved: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      update_content (self);
    }
}

static void
day_off_requested_cb (BmdWindow   *self,
                      const GDate *day,
                      gboolean     off)
{
  bmd_context_set_day_off_async (self->context, day, off, day_off_cb, g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  BmdWindow *self = BMD_WINDOW (widget);

  if (!has_shop (self))
    return;
  if (!bmd_context_refresh (self->context))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("A refresh is already running")));
}

static void
cancel_refresh_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BmdWindow *self = BMD_WINDOW (widget);

  bmd_context_cancel_refresh (self->context);
  update_progress (self);
}

static void
switch_shop_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BmdWindow *self = BMD_WINDOW (widget);

  if (bmd_context_refresh_switching_shop (self->context))
    update_progress (self);
}

static void
dismiss_error_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (BMD_WINDOW (widget)->error_revealer, FALSE);
}

static void
ensure_style (BmdWindow *self)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  g_autoptr(GtkCssProvider) provider = NULL;

  /* Once per display, whether or not an application loaded it. */
  if (g_object_get_data (G_OBJECT (display), "bmd-style") != NULL)
    return;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/com/organicbakeryaustin/BakeMyDay/bakemyday.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "bmd-style", g_object_ref (provider), g_object_unref);
}

static void
bmd_window_constructed (GObject *object)
{
  BmdWindow *self = (BmdWindow *)object;

  G_OBJECT_CLASS (bmd_window_parent_class)->constructed (object);

  g_assert (BMD_IS_CONTEXT (self->context));
  g_signal_connect_object (self->context, "notify::snapshot", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "config-changed", G_CALLBACK (context_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::job", G_CALLBACK (job_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "refresh-finished", G_CALLBACK (refresh_finished_cb), self, 0);

  update_content (self);
  job_changed_cb (self);
}

static void
bmd_window_dispose (GObject *object)
{
  BmdWindow *self = (BmdWindow *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->pending_request, g_free);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, job_notify_cb, self);
  g_clear_object (&self->job);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMD_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (bmd_window_parent_class)->dispose (object);
}

static void
bmd_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  BmdWindow *self = BMD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bmd_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  BmdWindow *self = BMD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static BmdRequest *find_upcoming_request (BmdPlan *plan, const char *id);

typedef struct
{
  BmdWindow *window;
  BmdRequest *request;
} MissingHalfRead;

static void
present_missing_half (BmdWindow  *self,
                      BmdRequest *request,
                      BmdOrder   *present)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdMissingHalf) half = bmd_missing_half_new (request, present, bmd_context_get_config (self->context),
                                                         &error);

  if (half == NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("No Order Was Created"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  bmd_missing_half_dialog_present (GTK_WINDOW (self), self->context, half);
}

static void
present_half_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  MissingHalfRead *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = bmd_snapshot_read_orders_finish (BMD_SNAPSHOT (object), result, &error);

  if (orders != NULL && orders->len == 1 && g_ptr_array_index (orders, 0) != NULL)
    present_missing_half (read->window, read->request, g_ptr_array_index (orders, 0));
  else
    g_message ("the request's order cannot be read: %s", error != NULL ? error->message : "it is gone");
  g_object_unref (read->window);
  g_object_unref (read->request);
  g_free (read);
}

/* "Create remaining order…" (or deposit) of a request, by id. */
static void
create_missing_half_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  BmdWindow *self = BMD_WINDOW (widget);
  BmdSnapshot *snapshot = bmd_context_get_snapshot (self->context);
  BmdRequest *request;
  BmdOrder *present;
  MissingHalfRead *read;
  const char *ids[2] = { NULL, NULL };

  if (snapshot == NULL)
    return;
  request = find_upcoming_request (bmd_snapshot_get_plan (snapshot), g_variant_get_string (parameter, NULL));
  if (request == NULL)
    return;
  present = bmd_request_get_deposit (request) != NULL ? bmd_request_get_deposit (request)
                                                      : bmd_request_get_remaining (request);
  if (bmd_order_has_details (present))
    {
      present_missing_half (self, request, present);
      return;
    }
  /* The plan's orders are light: the email and total are read first. */
  ids[0] = bmd_order_get_id (present);
  read = g_new0 (MissingHalfRead, 1);
  read->window = g_object_ref (self);
  read->request = g_object_ref (request);
  bmd_snapshot_read_orders_async (snapshot, ids, NULL, present_half_read_cb, read);
}

static void
bmd_window_class_init (BmdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = bmd_window_constructed;
  object_class->dispose = bmd_window_dispose;
  object_class->get_property = bmd_window_get_property;
  object_class->set_property = bmd_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, BMD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (BMD_TYPE_QUEUE_VIEW);
  g_type_ensure (BMD_TYPE_UPCOMING_VIEW);
  g_type_ensure (BMD_TYPE_CALENDAR_VIEW);
  g_type_ensure (BMD_TYPE_PROBLEMS_VIEW);
  g_type_ensure (BMD_TYPE_INSIGHTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/organicbakeryaustin/BakeMyDay/bmd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, switch_shop_button);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, refresh_spinner);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, stage_label);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, progress_message_label);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, orders_read_label);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, stale_revealer);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, stale_label);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, load_error_page);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, problems_page);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, queue_view);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, upcoming_view);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, calendar_view);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, problems_view);
  gtk_widget_class_bind_template_child (widget_class, BmdWindow, insights_view);
  gtk_widget_class_bind_template_callback (widget_class, day_off_requested_cb);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.create-missing-half", "s", create_missing_half_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-refresh", NULL, cancel_refresh_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error_action);
  gtk_widget_class_install_action (widget_class, "win.switch-shop", NULL, switch_shop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-refresh", NULL);
  bmd_print_install_actions (widget_class);
  bmd_export_install_actions (widget_class);
}

static void
bmd_window_init (BmdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ensure_style (self);
  /* "Last refreshed 5 minutes ago" has to keep counting. */
  self->tick_id = g_timeout_add_seconds (60, tick_cb, self);
}

BmdWindow *
bmd_window_new (GtkApplication *application,
                BmdContext     *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (BMD_IS_CONTEXT (context), NULL);

  return g_object_new (BMD_TYPE_WINDOW, "application", application, "context", context, NULL);
}

BmdQueueView *
bmd_window_get_queue_view (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return self->queue_view;
}

BmdUpcomingView *
bmd_window_get_upcoming_view (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return self->upcoming_view;
}

BmdCalendarView *
bmd_window_get_calendar_view (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return self->calendar_view;
}

BmdInsightsPage *
bmd_window_get_insights_page (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);

  return self->insights_view;
}

BmdProblemsView *
bmd_window_get_problems_view (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return self->problems_view;
}

AdwViewStackPage *
bmd_window_get_problems_page (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return self->problems_page;
}

void
bmd_window_show_view (BmdWindow  *self,
                      const char *name)
{
  g_return_if_fail (BMD_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
bmd_window_get_state (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

const char *
bmd_window_get_error_message (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return gtk_revealer_get_reveal_child (self->error_revealer) ? gtk_label_get_text (self->error_label) : NULL;
}

const char *
bmd_window_get_stale_message (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return gtk_revealer_get_reveal_child (self->stale_revealer) ? gtk_label_get_text (self->stale_label) : NULL;
}

const char *
bmd_window_get_subtitle (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return adw_view_switcher_title_get_subtitle (self->switcher_title);
}

/* A request from today on (the upcoming rows), by id; borrowed from the plan. */
static BmdRequest *
find_upcoming_request (BmdPlan    *plan,
                       const char *id)
{
  GListModel *rows = bmd_plan_get_upcoming (plan);
  guint n = g_list_model_get_n_items (rows);
  guint i;

  for (i = 0; i < n; i += 2)
    {
      g_autoptr(BmdUpcomingRow) row = g_list_model_get_item (rows, i);
      BmdRequest *request = bmd_upcoming_row_get_request (row);

      if (g_strcmp0 (bmd_request_get_id (request), id) == 0)
        return request;
    }
  return NULL;
}

static gboolean
find_request_day (BmdPlan    *plan,
                  const char *id,
                  GDate      *day)
{
  BmdRequest *request = find_upcoming_request (plan, id);
  GDateTime *pickup;

  if (request == NULL)
    return FALSE;
  pickup = bmd_request_get_pickup (request);
  g_date_clear (day, 1);
  g_date_set_dmy (day, g_date_time_get_day_of_month (pickup), g_date_time_get_month (pickup),
                  g_date_time_get_year (pickup));
  return TRUE;
}

void
bmd_window_show_request (BmdWindow  *self,
                         const char *request_id)
{
  BmdSnapshot *snapshot;
  GDate day;

  g_return_if_fail (BMD_IS_WINDOW (self));
  g_return_if_fail (request_id != NULL);

  snapshot = bmd_context_get_snapshot (self->context);
  if (snapshot == NULL)
    {
      /* Opened from a notification: the orders are still loading. */
      g_free (self->pending_request);
      self->pending_request = g_strdup (request_id);
      return;
    }
  /* The queue shows its details beside it; later requests are found on
   * their day in the calendar. */
  if (bmd_queue_view_select_request (self->queue_view, request_id))
    bmd_window_show_view (self, "queue");
  else if (find_request_day (bmd_snapshot_get_plan (snapshot), request_id, &day))
    {
      bmd_calendar_select_day (bmd_calendar_view_get_calendar (self->calendar_view), &day);
      bmd_window_show_view (self, "calendar");
    }
}

void
bmd_window_set_capacity (BmdWindow         *self,
                         const BmdCapacity *capacity)
{
  g_return_if_fail (BMD_IS_WINDOW (self));
  g_return_if_fail (capacity != NULL);

  bmd_queue_view_set_capacity (self->queue_view, capacity);
  bmd_calendar_set_capacity (bmd_calendar_view_get_calendar (self->calendar_view), capacity);
}

BmdContext *
bmd_window_get_context (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return self->context;
}

GtkWidget *
bmd_window_get_visible_view (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child (self->view_stack);
}

const char *
bmd_window_get_visible_view_name (BmdWindow *self)
{
  g_return_val_if_fail (BMD_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
bmd_window_add_toast (BmdWindow  *self,
                      const char *text)
{
  g_return_if_fail (BMD_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}
