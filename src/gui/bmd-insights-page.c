#define G_LOG_DOMAIN "bmd-insights-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "bmd-exportable.h"
#include "bmd-format.h"
#include "bmd-insights-bars.h"
#include "bmd-insights-contacts.h"
#include "bmd-insights-heat.h"
#include "bmd-insights-heatmap.h"
#include "bmd-insights-page.h"

#define HEAT_WEEKS 26
/* A state's list shows this many customers; the rest are counted. */
#define MAX_STATE_ROWS 100

struct _BmdInsightsPage
{
  GtkWidget parent_instance;

  GtkWidget *scroller;
  GtkLabel *month_cakes_title;
  GtkLabel *month_cakes_value;
  GtkLabel *month_cakes_detail;
  GtkLabel *month_revenue_title;
  GtkLabel *month_revenue_value;
  GtkLabel *month_revenue_detail;
  GtkLabel *open_balances_value;
  GtkLabel *open_balances_detail;
  GtkLabel *repeat_rate_value;
  GtkLabel *legend_label;
  BmdInsightsBars *cakes_bars;
  BmdInsightsBars *revenue_bars;
  GtkLabel *cakes_totals;
  GtkLabel *revenue_totals;
  BmdInsightsHeatmap *heatmap;
  GtkLabel *busiest_label;
  GtkGrid *flavors_grid;
  AdwPreferencesGroup *customers_group;
  AdwPreferencesGroup *anniversaries_group;
  GtkGrid *cohorts_grid;

  GPtrArray *group_rows;   /* rows added to the two groups, to remove them */
  GPtrArray *anniversary_rows;  /* AdwActionRow, one per anniversary */
  GCancellable *contacts_cancellable;
  BmdInsights *insights;
  /* The table "Export…" (Ctrl+E) saves: the one last picked in the menu. */
  BmdInsightsView export_view;
};

static void bmd_insights_page_exportable_init (BmdExportableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BmdInsightsPage, bmd_insights_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (BMD_TYPE_EXPORTABLE, bmd_insights_page_exportable_init))

/* The report's own rows (`bakemyday-sync report NAME --format csv`), never
 * recomputed here. */
static char *
bmd_insights_page_dup_csv (BmdExportable  *exportable,
                           char          **suggested_name)
{
  BmdInsightsPage *self = BMD_INSIGHTS_PAGE (exportable);
  g_autoptr(BmdPlanTable) table = NULL;

  if (self->insights == NULL)
    return NULL;
  *suggested_name = g_strdup_printf ("insights-%s.csv", bmd_insights_view_to_string (self->export_view));
  table = bmd_insights_table_new (self->insights, self->export_view);
  return bmd_plan_table_to_csv (table);
}

static void
bmd_insights_page_exportable_init (BmdExportableInterface *iface)
{
  iface->dup_csv = bmd_insights_page_dup_csv;
}

/* insights.export("months"): picks the table, then the window's Export…. */
static void
export_table_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BmdInsightsPage *self = BMD_INSIGHTS_PAGE (widget);
  BmdInsightsView view;

  if (!bmd_insights_view_from_string (g_variant_get_string (parameter, NULL), &view))
    return;
  self->export_view = view;
  gtk_widget_activate_action (widget, "win.export", NULL);
}

static char *
format_cakes (gint64 cakes)
{
  /* The number is text first: gettext cannot see through G_GINT64_FORMAT. */
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, cakes);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s cake", "%s cakes", (gulong) MIN (cakes, G_MAXLONG)),
                          number);
}

static char *
format_month (int year,
              int month)
{
  g_autoptr(GDateTime) first = g_date_time_new_utc (year, month, 1, 0, 0, 0);

  return first != NULL ? g_date_time_format (first, "%B %Y") : g_strdup ("");
}

static char *
format_date (const GDate *date)
{
  char text[64];

  if (date == NULL || !g_date_valid (date))
    return g_strdup ("—");
  g_date_strftime (text, sizeof text, "%a %e %b %Y", date);
  return g_strdup (g_strstrip (text));
}

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    gtk_grid_remove (GTK_GRID (container), child);
}

static GtkWidget *
cell (const char *text,
      float       xalign,
      gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (heading)
    gtk_widget_add_css_class (label, "caption-heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
update_cards (BmdInsightsPage *self)
{
  const BmdInsightsSummary *s = bmd_insights_get_summary (self->insights);
  g_autofree char *month = format_month (s->year, s->month);
  g_autofree char *last_month = format_month (s->last_year_year, s->last_year_month);
  g_autofree char *cakes_title = g_strdup_printf (_("Cakes in %s"), month);
  g_autofree char *revenue_title = g_strdup_printf (_("Revenue in %s"), month);
  g_autofree char *cakes = g_strdup_printf ("%" G_GINT64_FORMAT, s->cakes);
  g_autofree char *last_cakes = format_cakes (s->last_year_cakes);
  g_autofree char *cakes_detail = g_strdup_printf (_("%s in %s"), last_cakes, last_month);
  g_autofree char *revenue = bmd_format_cents (s->revenue_cents);
  g_autofree char *last_revenue = bmd_format_cents (s->last_year_revenue_cents);
  g_autofree char *revenue_detail = g_strdup_printf (_("%s in %s"), last_revenue, last_month);
  g_autofree char *balances = g_strdup_printf ("%" G_GINT64_FORMAT, s->open_balances);
  g_autofree char *amount = bmd_format_cents (s->open_balance_cents);
  g_autofree char *balances_detail = g_strdup_printf (_("%s still to pay on cakes to come"), amount);
  g_autofree char *rate = s->repeat_rate_tenths == BMD_INSIGHTS_UNDEFINED
                          ? g_strdup ("—") : bmd_format_percent_tenths (s->repeat_rate_tenths);

  gtk_label_set_text (self->month_cakes_title, cakes_title);
  gtk_label_set_text (self->month_cakes_value, cakes);
  gtk_label_set_text (self->month_cakes_detail, cakes_detail);
  gtk_label_set_text (self->month_revenue_title, revenue_title);
  gtk_label_set_text (self->month_revenue_value, revenue);
  gtk_label_set_text (self->month_revenue_detail, revenue_detail);
  gtk_label_set_text (self->open_balances_value, balances);
  gtk_label_set_text (self->open_balances_detail, balances_detail);
  gtk_label_set_text (self->repeat_rate_value, rate);
}

static void
update_bars (BmdInsightsPage *self)
{
  const BmdInsightsSummary *s = bmd_insights_get_summary (self->insights);
  GArray *months = bmd_insights_get_months (self->insights);
  gint64 cakes[2][12] = { { 0 } };
  gint64 revenue[2][12] = { { 0 } };
  gint64 cake_total[2] = { 0 };
  gint64 revenue_total[2] = { 0 };
  g_autofree char *this_cakes = NULL;
  g_autofree char *last_cakes = NULL;
  g_autofree char *this_revenue = NULL;
  g_autofree char *last_revenue = NULL;
  g_autofree char *cakes_text = NULL;
  g_autofree char *revenue_text = NULL;

  for (guint i = 0; i < months->len; i++)
    {
      const BmdInsightsMonth *m = &g_array_index (months, BmdInsightsMonth, i);
      int which = m->year == s->year ? 0 : m->year == s->year - 1 ? 1 : -1;

      if (which < 0)
        continue;
      cakes[which][m->month - 1] = m->cakes;
      revenue[which][m->month - 1] = m->revenue_cents;
      cake_total[which] += m->cakes;
      revenue_total[which] += m->revenue_cents;
    }
  bmd_insights_bars_set_values (self->cakes_bars, cakes[0], cakes[1], format_cakes);
  bmd_insights_bars_set_values (self->revenue_bars, revenue[0], revenue[1], bmd_format_cents);

  this_cakes = format_cakes (cake_total[0]);
  last_cakes = format_cakes (cake_total[1]);
  this_revenue = bmd_format_cents (revenue_total[0]);
  last_revenue = bmd_format_cents (revenue_total[1]);
  /* Translators: "2026: 120 cakes · 2025: 98 cakes" */
  cakes_text = g_strdup_printf (_("%d: %s · %d: %s"), s->year, this_cakes, s->year - 1, last_cakes);
  revenue_text = g_strdup_printf (_("%d: %s · %d: %s"), s->year, this_revenue, s->year - 1, last_revenue);
  gtk_label_set_text (self->cakes_totals, cakes_text);
  gtk_label_set_text (self->revenue_totals, revenue_text);
}

static void
update_heat (BmdInsightsPage *self)
{
  g_autoptr(BmdInsightsHeat) heat = bmd_insights_heat_new (bmd_insights_get_plan (self->insights), HEAT_WEEKS);
  int busiest = bmd_insights_heat_busiest_weekday (heat);
  g_autofree char *text = NULL;

  bmd_insights_heatmap_set_heat (self->heatmap, heat);
  if (busiest < 0)
    text = g_strdup (_("No cakes in these weeks yet."));
  else
    {
      /* 2001-01-01 was a Monday. */
      g_autoptr(GDateTime) day = g_date_time_new_utc (2001, 1, 1 + busiest, 0, 0, 0);
      g_autofree char *weekday = g_date_time_format (day, "%A");
      g_autofree char *cakes = format_cakes (heat->weekday_totals[busiest]);

      /* Translators: "Busiest day: Saturday, 40 cakes in these 26 weeks" */
      text = g_strdup_printf (_("Busiest day: %s, %s in these %d weeks"), weekday, cakes, HEAT_WEEKS);
    }
  gtk_label_set_text (self->busiest_label, text);
}

static void
update_flavors (BmdInsightsPage *self)
{
  GArray *flavors = bmd_insights_get_flavors (self->insights);

  clear_container (GTK_WIDGET (self->flavors_grid));
  if (flavors->len == 0)
    {
      gtk_grid_attach (self->flavors_grid, cell (_("No cakes sold in the last 12 months."), 0, FALSE), 0, 0, 1, 1);
      return;
    }
  for (guint i = 0; i < flavors->len; i++)
    {
      const BmdInsightsFlavor *f = &g_array_index (flavors, BmdInsightsFlavor, i);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0, 1000);
      g_autofree char *cakes = g_strdup_printf ("%" G_GINT64_FORMAT, f->cakes);
      g_autofree char *share = bmd_format_percent_tenths (f->share_tenths);

      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), f->share_tenths);
      /* Only the fill: the levels' colours would read as good and bad. */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_grid_attach (self->flavors_grid, cell (f->flavor, 0, FALSE), 0, i, 1, 1);
      gtk_grid_attach (self->flavors_grid, bar, 1, i, 1, 1);
      gtk_grid_attach (self->flavors_grid, cell (cakes, 1, FALSE), 2, i, 1, 1);
      gtk_grid_attach (self->flavors_grid, cell (share, 1, FALSE), 3, i, 1, 1);
    }
}

static const char *
describe_state (BmdCustomerState state)
{
  switch (state)
    {
    case BMD_CUSTOMER_STATE_PROSPECT:
      return _("Prospects: no cake paid yet");
    case BMD_CUSTOMER_STATE_BOOKED:
      return _("Booked: a first cake to come");
    case BMD_CUSTOMER_STATE_NEW:
      return _("New: one cake, in the last 90 days");
    case BMD_CUSTOMER_STATE_ACTIVE:
      return _("Active: a cake in the last year");
    case BMD_CUSTOMER_STATE_DUE:
      return _("Due: their yearly cake is due");
    case BMD_CUSTOMER_STATE_LAPSED:
    default:
      return _("Lapsed: no cake for over 14 months");
    }
}

static void
add_group_row (BmdInsightsPage     *self,
               AdwPreferencesGroup *group,
               GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->group_rows, g_object_ref (row));
  g_object_set_data (G_OBJECT (row), "bmd-group", group);
}

static GtkWidget *
customer_row (const BmdInsightsCustomer *c)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *last = format_date (&c->last_pickup);
  g_autofree char *cakes = format_cakes (c->cakes);
  g_autofree char *revenue = bmd_format_cents (c->revenue_cents);
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · last %s"), cakes, revenue, last);
  g_autofree char *title = g_markup_escape_text (c->customer != NULL ? c->customer : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (c->vip)
    {
      GtkWidget *vip = gtk_label_new (_("VIP"));

      gtk_widget_add_css_class (vip, "badge");
      gtk_widget_add_css_class (vip, "paid");
      gtk_widget_set_valign (vip, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), vip);
    }
  return row;
}

/* A state's customers are made into rows when it is first opened. */
static void
state_expanded_cb (AdwExpanderRow  *expander,
                   GParamSpec      *pspec,
                   BmdInsightsPage *self)
{
  BmdCustomerState state = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (expander), "bmd-state"));
  GArray *customers;
  guint shown = 0;
  guint total = 0;

  if (!adw_expander_row_get_expanded (expander) || g_object_get_data (G_OBJECT (expander), "bmd-filled"))
    return;
  g_object_set_data (G_OBJECT (expander), "bmd-filled", GINT_TO_POINTER (TRUE));

  customers = bmd_insights_get_customers (self->insights);
  for (guint i = 0; i < customers->len; i++)
    {
      const BmdInsightsCustomer *c = &g_array_index (customers, BmdInsightsCustomer, i);

      if (c->state != state)
        continue;
      total++;
      if (shown < MAX_STATE_ROWS)
        {
          adw_expander_row_add_row (expander, customer_row (c));
          shown++;
        }
    }
  if (total > shown)
    {
      GtkWidget *more = adw_action_row_new ();
      g_autofree char *text = g_strdup_printf (_("and %u more: bakemyday-sync report customers lists them all"),
                                               total - shown);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (more), text);
      adw_expander_row_add_row (expander, more);
    }
}

static void
update_customers (BmdInsightsPage *self)
{
  GArray *customers = bmd_insights_get_customers (self->insights);
  guint counts[BMD_CUSTOMER_STATE_LAPSED + 1] = { 0 };

  for (guint i = 0; i < customers->len; i++)
    counts[g_array_index (customers, BmdInsightsCustomer, i).state]++;

  for (int state = BMD_CUSTOMER_STATE_PROSPECT; state <= BMD_CUSTOMER_STATE_LAPSED; state++)
    {
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer", "%u customers",
                                                                counts[state]), counts[state]);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), describe_state (state));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      gtk_widget_set_sensitive (expander, counts[state] > 0);
      g_object_set_data (G_OBJECT (expander), "bmd-state", GINT_TO_POINTER (state));
      g_signal_connect (expander, "notify::expanded", G_CALLBACK (state_expanded_cb), self);
      gtk_widget_set_name (expander, bmd_customer_state_to_string (state));
      add_group_row (self, self->customers_group, expander);
    }
}

static void
add_contact_button (GtkWidget  *row,
                    const char *scheme,
                    const char *address,
                    const char *icon,
                    const char *tooltip)
{
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  GtkWidget *link;

  if (address == NULL || *address == '\0')
    return;
  escaped = g_uri_escape_string (address, "@+", FALSE);
  uri = g_strconcat (scheme, escaped, NULL);
  link = gtk_link_button_new (uri);
  gtk_button_set_icon_name (GTK_BUTTON (link), icon);
  gtk_widget_set_tooltip_text (link, tooltip);
  gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (link, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
}

static void
contacts_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BmdInsightsPage *self = user_data;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;

  orders = bmd_snapshot_read_orders_finish (BMD_SNAPSHOT (object), result, &error);
  if (orders == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("could not read the customers' contacts: %s", error->message);
      return;
    }

  for (guint i = 0; i < orders->len && i < self->anniversary_rows->len; i++)
    {
      BmdOrder *order = g_ptr_array_index (orders, i);
      GtkWidget *row = g_ptr_array_index (self->anniversary_rows, i);
      const char *email = order != NULL ? bmd_order_get_email (order) : NULL;
      const char *phone = order != NULL ? bmd_order_get_phone (order) : NULL;
      GString *subtitle;

      if (email == NULL && phone == NULL)
        continue;
      subtitle = g_string_new (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
      if (email != NULL)
        g_string_append_printf (subtitle, " · %s", email);
      if (phone != NULL)
        g_string_append_printf (subtitle, " · %s", phone);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      g_string_free (subtitle, TRUE);
      add_contact_button (row, "mailto:", email, "mail-unread-symbolic", _("Write an email"));
      add_contact_button (row, "tel:", phone, "call-start-symbolic", _("Call"));
    }
}

static void
update_anniversaries (BmdInsightsPage *self,
                      BmdSnapshot     *snapshot)
{
  GArray *due = bmd_insights_get_anniversaries (self->insights);
  g_auto(GStrv) ids = NULL;

  if (due->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No yearly cake comes due in the next 30 days."));
      add_group_row (self, self->anniversaries_group, row);
      return;
    }

  for (guint i = 0; i < due->len; i++)
    {
      const BmdInsightsAnniversary *a = &g_array_index (due, BmdInsightsAnniversary, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *date = format_date (&a->anniversary);
      g_autofree char *title = g_markup_escape_text (a->customer != NULL ? a->customer : "", -1);
      g_autofree char *subtitle = NULL;

      /* Translators: "Sat 12 Dec 2026 · 3 years · lemon" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d year · %s", "%s · %d years · %s",
                                               a->years),
                                  date, a->years, a->flavor != NULL && *a->flavor != '\0' ? a->flavor : "—");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      add_group_row (self, self->anniversaries_group, row);
      g_ptr_array_add (self->anniversary_rows, row);
    }

  if (snapshot == NULL)
    return;
  ids = bmd_insights_dup_anniversary_order_ids (self->insights);
  self->contacts_cancellable = g_cancellable_new ();
  bmd_snapshot_read_orders_async (snapshot, (const char * const *) ids, self->contacts_cancellable,
                                  contacts_read_cb, self);
}

static void
update_cohorts (BmdInsightsPage *self)
{
  GArray *cohorts = bmd_insights_get_cohorts (self->insights);
  const char *headings[] = { N_("Year"), N_("Customers"), N_("Came back within a year"), N_("Rate"),
                             N_("Cakes per customer") };

  clear_container (GTK_WIDGET (self->cohorts_grid));
  for (guint h = 0; h < G_N_ELEMENTS (headings); h++)
    gtk_grid_attach (self->cohorts_grid, cell (_(headings[h]), h == 0 ? 0 : 1, TRUE), h, 0, 1, 1);
  for (guint i = 0; i < cohorts->len; i++)
    {
      const BmdInsightsCohort *c = &g_array_index (cohorts, BmdInsightsCohort, i);
      g_autofree char *year = g_strdup_printf ("%d", c->year);
      g_autofree char *customers = g_strdup_printf ("%" G_GINT64_FORMAT, c->customers);
      g_autofree char *returned = g_strdup_printf ("%" G_GINT64_FORMAT, c->returned);
      g_autofree char *rate = c->rate_tenths == BMD_INSIGHTS_UNDEFINED
                              ? g_strdup ("—") : bmd_format_percent_tenths (c->rate_tenths);
      g_autofree char *per = c->cakes_per_customer_hundredths == BMD_INSIGHTS_UNDEFINED
                             ? g_strdup ("—")
                             : g_strdup_printf ("%" G_GINT64_FORMAT ".%02d",
                                                c->cakes_per_customer_hundredths / 100,
                                                (int) (c->cakes_per_customer_hundredths % 100));

      gtk_grid_attach (self->cohorts_grid, cell (year, 0, FALSE), 0, i + 1, 1, 1);
      gtk_grid_attach (self->cohorts_grid, cell (customers, 1, FALSE), 1, i + 1, 1, 1);
      gtk_grid_attach (self->cohorts_grid, cell (returned, 1, FALSE), 2, i + 1, 1, 1);
      gtk_grid_attach (self->cohorts_grid, cell (rate, 1, FALSE), 3, i + 1, 1, 1);
      gtk_grid_attach (self->cohorts_grid, cell (per, 1, FALSE), 4, i + 1, 1, 1);
    }
}

static void
clear_group_rows (BmdInsightsPage *self)
{
  g_cancellable_cancel (self->contacts_cancellable);
  g_clear_object (&self->contacts_cancellable);
  g_ptr_array_set_size (self->anniversary_rows, 0);
  for (guint i = 0; i < self->group_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->group_rows, i);

      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "bmd-group"), row);
    }
  g_ptr_array_set_size (self->group_rows, 0);
}

static void
bmd_insights_page_dispose (GObject *object)
{
  BmdInsightsPage *self = BMD_INSIGHTS_PAGE (object);

  g_cancellable_cancel (self->contacts_cancellable);
  g_clear_object (&self->contacts_cancellable);
  g_clear_pointer (&self->anniversary_rows, g_ptr_array_unref);
  g_clear_pointer (&self->group_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), BMD_TYPE_INSIGHTS_PAGE);
  g_clear_object (&self->insights);
  G_OBJECT_CLASS (bmd_insights_page_parent_class)->dispose (object);
}

static void
bmd_insights_page_class_init (BmdInsightsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bmd_insights_page_dispose;

  g_type_ensure (BMD_TYPE_INSIGHTS_BARS);
  g_type_ensure (BMD_TYPE_INSIGHTS_HEATMAP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/organicbakeryaustin/BakeMyDay/bmd-insights-page.ui");
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, month_cakes_title);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, month_cakes_value);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, month_cakes_detail);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, month_revenue_title);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, month_revenue_value);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, month_revenue_detail);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, open_balances_value);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, open_balances_detail);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, repeat_rate_value);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, legend_label);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, cakes_bars);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, revenue_bars);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, cakes_totals);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, revenue_totals);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, heatmap);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, busiest_label);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, flavors_grid);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, customers_group);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, anniversaries_group);
  gtk_widget_class_bind_template_child (widget_class, BmdInsightsPage, cohorts_grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "insights.export", "s", export_table_action);
}

static void
bmd_insights_page_init (BmdInsightsPage *self)
{
  g_autofree char *legend = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->group_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->anniversary_rows = g_ptr_array_new ();
  /* Translators: the charts' legend; keep the two squares */
  legend = g_strdup_printf ("<span foreground=\"#3584e4\">■</span> %s    <span alpha=\"30%%\">■</span> %s",
                            _("This year"), _("Last year"));
  gtk_label_set_markup (self->legend_label, legend);
}

void
bmd_insights_page_set_insights (BmdInsightsPage *self,
                                BmdInsights     *insights,
                                BmdSnapshot     *snapshot)
{
  g_return_if_fail (BMD_IS_INSIGHTS_PAGE (self));
  g_return_if_fail (insights == NULL || BMD_IS_INSIGHTS (insights));

  if (insights == self->insights)
    return;
  g_set_object (&self->insights, insights);
  clear_group_rows (self);
  if (insights == NULL)
    return;

  update_cards (self);
  update_bars (self);
  update_heat (self);
  update_flavors (self);
  update_customers (self);
  update_anniversaries (self, snapshot);
  update_cohorts (self);
}

BmdInsights *
bmd_insights_page_get_insights (BmdInsightsPage *self)
{
  g_return_val_if_fail (BMD_IS_INSIGHTS_PAGE (self), NULL);

  return self->insights;
}

void
bmd_insights_page_set_export_view (BmdInsightsPage *self,
                                   BmdInsightsView  view)
{
  g_return_if_fail (BMD_IS_INSIGHTS_PAGE (self));
  g_return_if_fail (bmd_insights_view_to_string (view) != NULL);

  self->export_view = view;
}
