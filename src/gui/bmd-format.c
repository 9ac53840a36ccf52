#define G_LOG_DOMAIN "bmd-format"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "bmd-format.h"

const char *
bmd_format_day_callout (GDateTime *pickup,
                        GDateTime *now)
{
  g_autoptr(GDateTime) local_now = NULL;
  GDate pickup_day, today;
  int days;

  g_return_val_if_fail (pickup != NULL && now != NULL, NULL);

  local_now = g_date_time_to_timezone (now, g_date_time_get_timezone (pickup));
  g_date_clear (&pickup_day, 1);
  g_date_clear (&today, 1);
  g_date_set_dmy (&pickup_day, g_date_time_get_day_of_month (pickup),
                  g_date_time_get_month (pickup), g_date_time_get_year (pickup));
  g_date_set_dmy (&today, g_date_time_get_day_of_month (local_now),
                  g_date_time_get_month (local_now), g_date_time_get_year (local_now));
  days = g_date_days_between (&today, &pickup_day);
  if (days == 0)
    return _("Today");
  if (days == 1)
    return _("Tomorrow");
  return NULL;
}

char *
bmd_format_pickup_day (GDateTime *pickup)
{
  /* Translators: a pickup day in a table, e.g. "Sat 27 Jun"; see g_date_time_format() */
  return g_date_time_format (pickup, _("%a %-d %b"));
}

char *
bmd_format_pickup_time (GDateTime *pickup,
                        gboolean   date_only)
{
  if (date_only)
    return g_strdup (_("All day"));
  /* Translators: a pickup time, e.g. "3:00 PM"; see g_date_time_format() */
  return g_date_time_format (pickup, _("%-l:%M %p"));
}

char *
bmd_format_status (const char *status)
{
  static const struct { const char *name; const char *label; } names[] = {
    { "PAID", N_("Paid") },
    { "PENDING", N_("Pending") },
    { "AUTHORIZED", N_("Authorized") },
    { "PARTIALLY_PAID", N_("Partly paid") },
    { "PARTIALLY_REFUNDED", N_("Partly refunded") },
    { "REFUNDED", N_("Refunded") },
    { "VOIDED", N_("Voided") },
    { "EXPIRED", N_("Expired") },
    { "MISSING", N_("Missing") },
  };
  g_autofree char *lower = NULL;
  guint i;

  if (status == NULL || *status == '\0')
    return g_strdup (_("Unknown"));
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (status, names[i].name) == 0)
      return g_strdup (_(names[i].label));

  /* An enum value newer than this app: show it readably. */
  lower = g_ascii_strdown (status, -1);
  g_strdelimit (lower, "_", ' ');
  lower[0] = g_ascii_toupper (lower[0]);
  return g_steal_pointer (&lower);
}

const char *
bmd_format_status_class (const char *status)
{
  if (status == NULL || g_strcmp0 (status, "MISSING") == 0)
    return "missing";
  if (g_strcmp0 (status, "PAID") == 0 || g_strcmp0 (status, "PARTIALLY_REFUNDED") == 0)
    return "paid";
  return "unpaid";
}

void
bmd_badge_update (GtkLabel   *label,
                  const char *status)
{
  static const char * const classes[] = { "paid", "unpaid", "missing" };
  g_autofree char *text = bmd_format_status (status);
  guint i;

  for (i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), "badge");
  gtk_widget_add_css_class (GTK_WIDGET (label), bmd_format_status_class (status));
  gtk_label_set_text (label, text);
}

char *
bmd_format_relative_time (GDateTime *then,
                          GDateTime *now)
{
  GTimeSpan span;
  gint64 minutes, hours, days;

  g_return_val_if_fail (then != NULL && now != NULL, NULL);

  span = g_date_time_difference (now, then);
  if (span < G_TIME_SPAN_MINUTE)
    return g_strdup (_("just now"));
  minutes = span / G_TIME_SPAN_MINUTE;
  if (minutes < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes),
                            (int) minutes);
  hours = span / G_TIME_SPAN_HOUR;
  if (hours < 24)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours),
                            (int) hours);
  days = span / G_TIME_SPAN_DAY;
  if (days == 1)
    return g_strdup (_("yesterday"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), (int) days);
}

static char *
dup_shop_handle (const char *shop)
{
  g_autofree char *host = NULL;
  const char *start = shop;
  const char *suffix;
  const char *p;

  if (shop == NULL || *shop == '\0')
    return NULL;
  /* The simulator (and any plain-HTTP shop) has no admin pages. */
  if (g_str_has_prefix (shop, "http://"))
    return NULL;
  if (g_str_has_prefix (shop, "https://"))
    start = shop + strlen ("https://");
  host = g_strndup (start, strcspn (start, "/:"));
  suffix = strstr (host, ".myshopify.com");
  if (suffix != NULL)
    {
      if (suffix[strlen (".myshopify.com")] != '\0')
        return NULL;
      host[suffix - host] = '\0';
    }
  else if (strchr (host, '.') != NULL)
    return NULL;
  if (*host == '\0')
    return NULL;
  for (p = host; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return NULL;
  return g_steal_pointer (&host);
}

char *
bmd_format_shopify_admin_url (const char *shop,
                              BmdOrder   *order)
{
  g_autofree char *handle = dup_shop_handle (shop);
  const char *id;
  const char *legacy;

  if (handle == NULL || order == NULL)
    return NULL;
  id = bmd_order_get_id (order);
  legacy = strrchr (id, '/');
  if (legacy == NULL || legacy[1] == '\0')
    return NULL;
  legacy++;
  for (const char *p = legacy; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return NULL;
  return g_strdup_printf ("https://admin.shopify.com/store/%s/orders/%s", handle, legacy);
}

void
bmd_widget_get_foreground (GtkWidget *widget,
                           GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0) && GDK_VERSION_MIN_REQUIRED >= GDK_VERSION_4_10
  gtk_widget_get_color (widget, color);
#else
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
}

char *
bmd_format_cents (gint64 cents)
{
  GString *text = g_string_new (cents < 0 ? "-$" : "$");
  guint64 magnitude = cents < 0 ? (guint64) -(cents + 1) + 1 : (guint64) cents;
  g_autofree char *dollars = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  gsize n = strlen (dollars);

  /* Thousands grouped with commas, as the shop's dollar amounts are written. */
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, dollars[i]);
    }
  g_string_append_printf (text, ".%02u", (guint) (magnitude % 100));
  return g_string_free (text, FALSE);
}

char *
bmd_format_percent_tenths (gint64 tenths)
{
  g_autofree char *number = g_strdup_printf ("%s%" G_GINT64_FORMAT ".%d", tenths < 0 ? "-" : "",
                                             ABS (tenths) / 10, (int) (ABS (tenths) % 10));

  /* Translators: a percentage, e.g. "12.3 %" */
  return g_strdup_printf (_("%s %%"), number);
}

char *
bmd_format_money (const char *amount,
                  const char *currency)
{
  if (amount == NULL)
    return g_strdup ("—");
  if (g_strcmp0 (currency, "USD") == 0 || currency == NULL)
    return g_strdup_printf ("$%s", amount);
  return g_strdup_printf ("%s %s", amount, currency);
}

/* A start-aligned label as @item's child. */
static GtkLabel *
set_cell_label (GtkListItem *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
  return GTK_LABEL (label);
}

void
bmd_cell_setup_label (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  gtk_label_set_ellipsize (set_cell_label (item), PANGO_ELLIPSIZE_END);
}

void
bmd_cell_setup_wrap_label (GtkSignalListItemFactory *factory,
                           GtkListItem              *item,
                           gpointer                  user_data)
{
  GtkLabel *label = set_cell_label (item);

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (label, 60);
}

/* Wraps between words, never inside one and never with an ellipsis: its
 * narrowest is its longest word. For what the baker must read whole:
 * names, flavors, themes, allergies, order names. */
void
bmd_cell_setup_word_label (GtkSignalListItemFactory *factory,
                           GtkListItem              *item,
                           gpointer                  user_data)
{
  GtkLabel *label = set_cell_label (item);

  gtk_label_set_wrap (label, TRUE);
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD);
}

void
bmd_cell_setup_badge (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_halign (label, GTK_ALIGN_START);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "badge");
  gtk_list_item_set_child (item, label);
}

void
bmd_cell_setup_pickup (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *day = gtk_label_new (NULL);
  GtkWidget *callout = gtk_label_new (NULL);
  GtkWidget *time = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (day), 0);
  gtk_widget_add_css_class (day, "pickup-day");
  gtk_widget_add_css_class (callout, "day-callout");
  gtk_widget_set_valign (callout, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (time), 0);
  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "numeric");
  gtk_box_append (GTK_BOX (top), day);
  gtk_box_append (GTK_BOX (top), callout);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), time);
  gtk_list_item_set_child (item, box);
}

void
bmd_cell_bind_pickup (GtkListItem *item,
                      BmdRequest  *request,
                      GDateTime   *now)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *top = gtk_widget_get_first_child (box);
  GtkWidget *day = gtk_widget_get_first_child (top);
  GtkWidget *callout = gtk_widget_get_next_sibling (day);
  GtkWidget *time = gtk_widget_get_next_sibling (top);
  GDateTime *pickup = bmd_request_get_pickup (request);
  g_autofree char *day_text = bmd_format_pickup_day (pickup);
  g_autofree char *time_text = bmd_format_pickup_time (pickup, bmd_request_get_pickup_date_only (request));
  const char *callout_text = now != NULL ? bmd_format_day_callout (pickup, now) : NULL;

  gtk_label_set_text (GTK_LABEL (day), day_text);
  gtk_label_set_text (GTK_LABEL (time), time_text);
  gtk_label_set_text (GTK_LABEL (callout), callout_text != NULL ? callout_text : "");
  gtk_widget_set_visible (callout, callout_text != NULL);
  if (callout_text != NULL && g_strcmp0 (callout_text, _("Tomorrow")) == 0)
    gtk_widget_add_css_class (callout, "tomorrow");
  else
    gtk_widget_remove_css_class (callout, "tomorrow");
}

char *
bmd_format_date_key (const GDate *day)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (day),
                          g_date_get_month (day), g_date_get_day (day));
}

char *
bmd_request_dup_allergies_sort_key (BmdRequest *request)
{
  return g_strdup_printf ("%d%s", bmd_request_has_allergies (request) ? 0 : 1,
                          bmd_request_get_allergies (request));
}

void
bmd_cell_bind_allergies (GtkListItem *item,
                         BmdRequest  *request)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  if (bmd_request_has_allergies (request))
    {
      /* A no-break space: the sign stays with the first allergy when the
       * cell wraps. */
      g_autofree char *text = g_strdup_printf ("⚠\u00a0%s", bmd_request_get_allergies (request));

      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_add_css_class (label, "allergy");
      gtk_widget_remove_css_class (label, "allergy-none");
      gtk_widget_set_halign (label, GTK_ALIGN_START);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (label), _("None"));
      gtk_widget_remove_css_class (label, "allergy");
      gtk_widget_add_css_class (label, "allergy-none");
    }
}

void
bmd_cell_bind_text (GtkListItem *item,
                    const char  *text)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  gtk_label_set_text (GTK_LABEL (label), text != NULL && *text != '\0' ? text : "—");
}

#define HELD_MODEL "bmd-held-model"

static void
restore_model_cb (GtkColumnView *column_view)
{
  GtkSelectionModel *model = g_object_steal_data (G_OBJECT (column_view), HELD_MODEL);

  g_signal_handlers_disconnect_by_func (column_view, restore_model_cb, NULL);
  if (model != NULL)
    {
      gtk_column_view_set_model (column_view, model);
      g_object_unref (model);
    }
}

void
bmd_column_view_hold_model (GtkColumnView *column_view)
{
  GtkSelectionModel *model;

  g_return_if_fail (GTK_IS_COLUMN_VIEW (column_view));

  if (gtk_widget_get_mapped (GTK_WIDGET (column_view))
      || g_object_get_data (G_OBJECT (column_view), HELD_MODEL) != NULL
      || (model = gtk_column_view_get_model (column_view)) == NULL)
    return;
  g_object_set_data_full (G_OBJECT (column_view), HELD_MODEL, g_object_ref (model), g_object_unref);
  gtk_column_view_set_model (column_view, NULL);
  g_signal_connect (column_view, "map", G_CALLBACK (restore_model_cb), NULL);
}
