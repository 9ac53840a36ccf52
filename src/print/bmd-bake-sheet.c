#define G_LOG_DOMAIN "bmd-bake-sheet"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "bmd-bake-sheet.h"

/* US Letter: the bakery is in Austin. */
#define PAGE_WIDTH   612.0
#define PAGE_HEIGHT  792.0
#define PAGE_MARGIN   36.0

#define FONT          "Sans 10"
#define FONT_TITLE    "Sans Bold 16"
#define FONT_HEADING  "Sans Bold 12"
#define FONT_ALLERGY  "Sans Bold 11"
#define GAP            6.0
#define BOX_PADDING    5.0
#define BLOCK_GAP     14.0

typedef struct
{
  BmdRequest *request;
  BmdOrder *deposit;    /* full when it could be read; NULL when missing */
  BmdOrder *remaining;
} Cake;

typedef struct
{
  guint first;
  guint n_cakes;
} Page;

struct _BmdBakeSheet
{
  GObject parent_instance;

  char *shop;
  char *range;
  GDateTime *printed_at;
  GArray *cakes;        /* element type Cake */
  GArray *pages;        /* element type Page, from the last paginate */
  double width;
  double height;
  double bottom;        /* where the cakes end, above the page number */
  gboolean day_per_page;
};

G_DEFINE_FINAL_TYPE (BmdBakeSheet, bmd_bake_sheet, G_TYPE_OBJECT)

static void
cake_clear (gpointer data)
{
  Cake *cake = data;

  g_clear_object (&cake->request);
  g_clear_object (&cake->deposit);
  g_clear_object (&cake->remaining);
}

/* Text: money amounts and what is still to pay */

static gboolean
parse_cents (const char *amount,
             gint64     *cents)
{
  char *end = NULL;
  double value;

  if (amount == NULL || *amount == '\0')
    return FALSE;
  value = g_ascii_strtod (amount, &end);
  if (end == amount || *end != '\0' || !isfinite (value))
    return FALSE;
  *cents = (gint64) llround (value * 100);
  return TRUE;
}

/* What @order still asks for, in cents; FALSE when it cannot be told (a
 * light order, or one without prices). */
static gboolean
order_left_to_pay (BmdOrder *order,
                   gint64   *cents)
{
  if (!bmd_order_has_details (order))
    {
      *cents = 0;
      return bmd_order_is_paid (order);
    }
  if (parse_cents (bmd_order_get_total_outstanding (order), cents))
    return TRUE;
  /* Without Shopify's outstanding amount: all of an unpaid order's total. */
  if (bmd_order_is_paid (order))
    {
      *cents = 0;
      return TRUE;
    }
  return parse_cents (bmd_order_get_total_price (order), cents);
}

static char *
describe_left_to_pay (const Cake *cake)
{
  BmdOrder *halves[2] = { cake->deposit, cake->remaining };
  const char *currency = NULL;
  gint64 total = 0;
  gboolean known = TRUE;
  g_autofree char *amount = NULL;
  guint i;

  for (i = 0; i < 2; i++)
    {
      gint64 cents;

      if (halves[i] == NULL)
        continue;
      if (!order_left_to_pay (halves[i], &cents))
        known = FALSE;
      total += cents;
      if (currency == NULL && bmd_order_get_currency (halves[i]) != NULL)
        currency = bmd_order_get_currency (halves[i]);
    }

  if (!known)
    amount = g_strdup (_("unknown"));
  else
    amount = g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d%s%s",
                              total < 0 ? "-" : "", ABS (total) / 100, (int) (ABS (total) % 100),
                              currency != NULL ? " " : "", currency != NULL ? currency : "");

  if (cake->deposit == NULL)
    /* Translators: %s is an amount, e.g. "65.00 USD" */
    return g_strdup_printf (_("Still to pay: %s, and the deposit order is missing"), amount);
  if (cake->remaining == NULL)
    return g_strdup_printf (_("Still to pay: %s, and the remaining order is missing"), amount);
  if (known && total == 0)
    return g_strdup (_("Paid in full"));
  return g_strdup_printf (_("Still to pay: %s"), amount);
}

static char *
describe_half (const Cake   *cake,
               BmdDraftType  type)
{
  BmdOrder *order = type == BMD_DRAFT_TYPE_DEPOSIT ? cake->deposit : cake->remaining;
  const char *status = bmd_request_get_half_status (cake->request, type);

  if (type == BMD_DRAFT_TYPE_DEPOSIT)
    return order != NULL
           /* Translators: "Deposit #1001 (PAID)" */
           ? g_strdup_printf (_("Deposit %s (%s)"), bmd_order_get_name (order), status)
           : g_strdup (_("Deposit missing"));
  return order != NULL
         /* Translators: "Remaining #1002 (PENDING)" */
         ? g_strdup_printf (_("Remaining %s (%s)"), bmd_order_get_name (order), status)
         : g_strdup (_("Remaining missing"));
}

static void
append_items (GString  *out,
              BmdOrder *order)
{
  GPtrArray *items = order != NULL ? bmd_order_get_line_items (order) : NULL;
  guint i;

  for (i = 0; items != NULL && i < items->len; i++)
    {
      BmdLineItem *item = g_ptr_array_index (items, i);

      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%" G_GINT64_FORMAT " × %s", item->quantity,
                              item->name != NULL ? item->name : "");
      if (item->variant_title != NULL && *item->variant_title != '\0')
        g_string_append_printf (out, " (%s)", item->variant_title);
    }
}

static const char *
order_phone (const Cake *cake)
{
  BmdOrder *halves[2] = { cake->deposit, cake->remaining };
  guint i;

  for (i = 0; i < 2; i++)
    {
      const char *phone = halves[i] != NULL ? bmd_order_get_phone (halves[i]) : NULL;

      if (phone != NULL && *phone != '\0')
        return phone;
    }
  return NULL;
}

/* Both halves' notes, once each. */
static char *
dup_notes (const Cake *cake)
{
  const char *deposit = cake->deposit != NULL ? bmd_order_get_note (cake->deposit) : NULL;
  const char *remaining = cake->remaining != NULL ? bmd_order_get_note (cake->remaining) : NULL;

  if (deposit != NULL && *deposit == '\0')
    deposit = NULL;
  if (remaining != NULL && (*remaining == '\0' || g_strcmp0 (remaining, deposit) == 0))
    remaining = NULL;
  if (deposit != NULL && remaining != NULL)
    return g_strdup_printf ("%s\n%s", deposit, remaining);
  return g_strdup (deposit != NULL ? deposit : remaining);
}

static char *
format_pickup (BmdRequest *request)
{
  GDateTime *pickup = bmd_request_get_pickup (request);
  /* Translators: a pickup's day on the bake sheet; see g_date_time_format() */
  g_autofree char *day = g_date_time_format (pickup, _("%A %-d %B %Y"));
  g_autofree char *time = NULL;

  if (bmd_request_get_pickup_date_only (request))
    /* Translators: a pickup date without a time */
    return g_strdup_printf (_("%s, no time set"), day);
  /* Translators: a pickup's time on the bake sheet; see g_date_time_format() */
  time = g_date_time_format (pickup, _("%-I:%M %p"));
  return g_strdup_printf ("%s, %s", day, time);
}

/* Layout */

typedef struct
{
  PangoLayout *heading;
  PangoLayout *details;
  PangoLayout *allergies;   /* NULL when the cake has none */
  PangoLayout *footer;
  double height;
} Block;

static void
block_clear (Block *block)
{
  g_clear_object (&block->heading);
  g_clear_object (&block->details);
  g_clear_object (&block->allergies);
  g_clear_object (&block->footer);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Block, block_clear)

static PangoContext *
new_pango_context (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);

  /* One point per unit, on paper and in a PDF alike. */
  pango_cairo_context_set_resolution (context, 72);
  return context;
}

static PangoLayout *
new_layout (PangoContext *context,
            const char   *font,
            double        width,
            const char   *markup)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

static void
build_block (Block        *block,
             PangoContext *context,
             const Cake   *cake,
             double        width)
{
  BmdRequest *request = cake->request;
  g_autofree char *pickup = format_pickup (request);
  const char *phone = order_phone (cake);
  g_autoptr(GString) items = g_string_new (NULL);
  g_autofree char *notes = dup_notes (cake);
  g_autofree char *deposit = describe_half (cake, BMD_DRAFT_TYPE_DEPOSIT);
  g_autofree char *remaining = describe_half (cake, BMD_DRAFT_TYPE_REMAINING);
  g_autofree char *to_pay = describe_left_to_pay (cake);
  g_autofree char *heading = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  g_autofree char *footer = NULL;
  const char *flavor = bmd_request_get_flavor (request);
  const char *theme = bmd_request_get_theme (request);

  append_items (items, cake->deposit);
  append_items (items, cake->remaining);

  heading = g_markup_printf_escaped ("%s\n%s%s%s", pickup, bmd_request_get_customer_name (request),
                                     phone != NULL ? "  ·  " : "", phone != NULL ? phone : "");
  block->heading = new_layout (context, FONT_HEADING, width, heading);

  {
    g_autofree char *line = g_markup_printf_escaped ("<b>%s</b> %s    <b>%s</b> %s",
                                                     _("Flavor:"), *flavor != '\0' ? flavor : "—",
                                                     _("Theme:"), *theme != '\0' ? theme : "—");
    g_string_append (details, line);
  }
  {
    g_autofree char *line = g_markup_printf_escaped ("\n<b>%s</b> %s", _("Size and items:"),
                                                     items->len > 0 ? items->str : "—");
    g_string_append (details, line);
  }
  if (!bmd_request_has_allergies (request))
    {
      g_autofree char *line = g_markup_printf_escaped ("\n<b>%s</b> %s", _("Allergies:"), _("none"));
      g_string_append (details, line);
    }
  block->details = new_layout (context, FONT, width, details->str);

  if (bmd_request_has_allergies (request))
    {
      g_autofree char *text = g_markup_printf_escaped ("%s %s", _("ALLERGIES:"),
                                                       bmd_request_get_allergies (request));
      block->allergies = new_layout (context, FONT_ALLERGY, width - 2 * BOX_PADDING, text);
    }

  if (notes != NULL)
    footer = g_markup_printf_escaped ("<b>%s</b> %s\n%s  ·  %s\n<b>%s</b>", _("Note:"), notes,
                                      deposit, remaining, to_pay);
  else
    footer = g_markup_printf_escaped ("%s  ·  %s\n<b>%s</b>", deposit, remaining, to_pay);
  block->footer = new_layout (context, FONT, width, footer);

  block->height = layout_height (block->heading) + GAP + layout_height (block->details) + GAP
                  + layout_height (block->footer);
  if (block->allergies != NULL)
    block->height += layout_height (block->allergies) + 2 * BOX_PADDING + GAP;
}

static void
draw_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double      *y)
{
  cairo_move_to (cr, x, *y);
  pango_cairo_show_layout (cr, layout);
  *y += layout_height (layout);
}

static void
draw_block (cairo_t     *cr,
            const Block *block,
            double       width,
            double       y)
{
  draw_layout (cr, block->heading, 0, &y);
  y += GAP;
  draw_layout (cr, block->details, 0, &y);
  y += GAP;
  if (block->allergies != NULL)
    {
      double height = layout_height (block->allergies) + 2 * BOX_PADDING;

      cairo_save (cr);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, y + 1, width - 2, height - 2);
      cairo_stroke (cr);
      cairo_restore (cr);
      y += BOX_PADDING;
      draw_layout (cr, block->allergies, BOX_PADDING, &y);
      y += BOX_PADDING + GAP;
    }
  draw_layout (cr, block->footer, 0, &y);
}

static PangoLayout *
new_header (BmdBakeSheet *self,
            PangoContext *context,
            double        width)
{
  /* Translators: when the sheet was printed; see g_date_time_format() */
  g_autofree char *printed = g_date_time_format (self->printed_at, _("%A %-d %B %Y, %-I:%M %p"));
  g_autofree char *printed_line = g_strdup_printf (_("Printed %s"), printed);
  g_autofree char *markup = NULL;

  markup = g_markup_printf_escaped ("<span font=\"" FONT_TITLE "\">%s — %s</span>\n<b>%s</b>\n%s",
                                    _("Bake sheet"), self->shop != NULL ? self->shop : "",
                                    self->range, printed_line);
  return new_layout (context, FONT, width, markup);
}

static double
header_height (PangoLayout *header)
{
  return layout_height (header) + 2 * GAP + BLOCK_GAP;
}

static PangoLayout *
new_page_footer (PangoContext *context,
                 double        width,
                 guint         page,
                 guint         n_pages)
{
  /* Translators: the page number at the bottom of the bake sheet */
  g_autofree char *text = g_strdup_printf (_("Page %u of %u"), page + 1, n_pages);
  g_autofree char *markup = g_markup_escape_text (text, -1);
  PangoLayout *layout = new_layout (context, FONT, width, markup);

  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  return layout;
}

static gboolean
same_local_day (BmdRequest *a,
                BmdRequest *b)
{
  GDateTime *x = bmd_request_get_pickup (a);
  GDateTime *y = bmd_request_get_pickup (b);

  return g_date_time_get_year (x) == g_date_time_get_year (y)
         && g_date_time_get_day_of_year (x) == g_date_time_get_day_of_year (y);
}

/* GObject */

static void
bmd_bake_sheet_finalize (GObject *object)
{
  BmdBakeSheet *self = (BmdBakeSheet *)object;

  g_free (self->shop);
  g_free (self->range);
  g_clear_pointer (&self->printed_at, g_date_time_unref);
  g_array_unref (self->cakes);
  g_array_unref (self->pages);

  G_OBJECT_CLASS (bmd_bake_sheet_parent_class)->finalize (object);
}

static void
bmd_bake_sheet_class_init (BmdBakeSheetClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_bake_sheet_finalize;
}

static void
bmd_bake_sheet_init (BmdBakeSheet *self)
{
  self->cakes = g_array_new (FALSE, TRUE, sizeof (Cake));
  g_array_set_clear_func (self->cakes, cake_clear);
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
}

/* Public API */

BmdBakeSheet *
bmd_bake_sheet_new (const char *shop,
                    const char *range,
                    GDateTime  *printed_at)
{
  BmdBakeSheet *self;

  g_return_val_if_fail (range != NULL, NULL);
  g_return_val_if_fail (printed_at != NULL, NULL);

  self = g_object_new (BMD_TYPE_BAKE_SHEET, NULL);
  self->shop = g_strdup (shop);
  self->range = g_strdup (range);
  self->printed_at = g_date_time_ref (printed_at);
  return self;
}

char *
bmd_bake_sheet_format_day (const GDate *day)
{
  char text[128];

  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  /* Translators: the day a bake sheet covers; see g_date_strftime() */
  if (g_date_strftime (text, sizeof text, _("%A %-d %B %Y"), day) == 0)
    return g_strdup ("?");
  return g_strdup (text);
}

char *
bmd_bake_sheet_format_range (GDateTime *from,
                             GDateTime *to)
{
  /* Translators: the start of a week's range; see g_date_time_format() */
  g_autofree char *start = g_date_time_format (from, _("%A %-d %B, %-I:%M %p"));
  g_autofree char *end = g_date_time_format (to, _("%A %-d %B %Y, %-I:%M %p"));

  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  /* Translators: a bake sheet's range: "from – to" */
  return g_strdup_printf (_("%s – %s"), start, end);
}

char *
bmd_bake_sheet_format_queue_range (GDateTime *now,
                                   GTimeZone *zone,
                                   gboolean   calendar_week)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  GDate sunday;

  g_return_val_if_fail (now != NULL && zone != NULL, NULL);

  from = g_date_time_to_timezone (now, zone);
  if (!calendar_week)
    {
      to = g_date_time_add_hours (from, 168);
      return bmd_bake_sheet_format_range (from, to);
    }

  g_date_clear (&sunday, 1);
  g_date_set_dmy (&sunday, g_date_time_get_day_of_month (from), g_date_time_get_month (from),
                  g_date_time_get_year (from));
  g_date_add_days (&sunday, 7 - g_date_time_get_day_of_week (from));
  start = g_date_time_format (from, _("%A %-d %B, %-I:%M %p"));
  end = bmd_bake_sheet_format_day (&sunday);
  return g_strdup_printf (_("%s – %s"), start, end);
}

char **
bmd_bake_sheet_collect_order_ids (GPtrArray *requests)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint i;

  g_return_val_if_fail (requests != NULL, NULL);

  for (i = 0; i < requests->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (requests, i);

      if (bmd_request_get_deposit (request) != NULL)
        g_strv_builder_add (builder, bmd_order_get_id (bmd_request_get_deposit (request)));
      if (bmd_request_get_remaining (request) != NULL)
        g_strv_builder_add (builder, bmd_order_get_id (bmd_request_get_remaining (request)));
    }
  return g_strv_builder_end (builder);
}

void
bmd_bake_sheet_add_requests (BmdBakeSheet *self,
                             GPtrArray    *requests,
                             GPtrArray    *full_orders)
{
  guint i, next = 0;

  g_return_if_fail (BMD_IS_BAKE_SHEET (self));
  g_return_if_fail (requests != NULL);

  for (i = 0; i < requests->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (requests, i);
      Cake cake = { g_object_ref (request), NULL, NULL };
      BmdOrder *halves[2] = { bmd_request_get_deposit (request), bmd_request_get_remaining (request) };
      BmdOrder **slots[2] = { &cake.deposit, &cake.remaining };
      guint h;

      /* The ids were collected deposit first, skipping missing halves. */
      for (h = 0; h < 2; h++)
        {
          BmdOrder *full = NULL;

          if (halves[h] == NULL)
            continue;
          if (full_orders != NULL && next < full_orders->len)
            full = g_ptr_array_index (full_orders, next);
          next++;
          *slots[h] = g_object_ref (full != NULL ? full : halves[h]);
        }
      g_array_append_val (self->cakes, cake);
    }
}

guint
bmd_bake_sheet_get_n_cakes (BmdBakeSheet *self)
{
  g_return_val_if_fail (BMD_IS_BAKE_SHEET (self), 0);
  return self->cakes->len;
}

void
bmd_bake_sheet_set_day_per_page (BmdBakeSheet *self,
                                 gboolean      day_per_page)
{
  g_return_if_fail (BMD_IS_BAKE_SHEET (self));
  self->day_per_page = !!day_per_page;
}

gboolean
bmd_bake_sheet_get_day_per_page (BmdBakeSheet *self)
{
  g_return_val_if_fail (BMD_IS_BAKE_SHEET (self), FALSE);
  return self->day_per_page;
}

guint
bmd_bake_sheet_paginate (BmdBakeSheet *self,
                         cairo_t      *cr,
                         double        width,
                         double        height)
{
  PangoContext *context;
  g_autoptr(PangoLayout) header = NULL;
  g_autoptr(PangoLayout) page_footer = NULL;
  Page page = { 0, 0 };
  double top, bottom, y;
  guint i;

  g_return_val_if_fail (BMD_IS_BAKE_SHEET (self), 0);
  g_return_val_if_fail (cr != NULL, 0);

  context = new_pango_context (cr);
  header = new_header (self, context, width);
  page_footer = new_page_footer (context, width, 0, 1);
  top = header_height (header);
  bottom = height - layout_height (page_footer) - GAP;
  self->width = width;
  self->height = height;
  self->bottom = bottom;
  g_array_set_size (self->pages, 0);

  y = top;
  for (i = 0; i < self->cakes->len; i++)
    {
      const Cake *cake = &g_array_index (self->cakes, Cake, i);
      g_auto(Block) block = { 0 };
      gboolean new_day = i > 0 && self->day_per_page
                         && !same_local_day (g_array_index (self->cakes, Cake, i - 1).request, cake->request);

      build_block (&block, context, cake, width);
      /* A block taller than a page gets a page of its own (and is cut). */
      if (page.n_cakes > 0 && (new_day || y + block.height > bottom))
        {
          g_array_append_val (self->pages, page);
          page.first = i;
          page.n_cakes = 0;
          y = top;
        }
      page.n_cakes++;
      y += block.height + BLOCK_GAP;
    }
  g_array_append_val (self->pages, page);
  g_object_unref (context);
  return self->pages->len;
}

void
bmd_bake_sheet_draw_page (BmdBakeSheet *self,
                          cairo_t      *cr,
                          guint         page_nr)
{
  PangoContext *context;
  g_autoptr(PangoLayout) header = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  const Page *page;
  double width, y = 0;
  guint i;

  g_return_if_fail (BMD_IS_BAKE_SHEET (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page_nr < self->pages->len);

  page = &g_array_index (self->pages, Page, page_nr);
  width = self->width;
  context = new_pango_context (cr);
  header = new_header (self, context, width);

  cairo_save (cr);
  /* A cake taller than a page is cut above the page number. */
  cairo_rectangle (cr, 0, 0, width, self->bottom);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_layout (cr, header, 0, &y);
  y += GAP;
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 0, y);
  cairo_line_to (cr, width, y);
  cairo_stroke (cr);
  y += GAP + BLOCK_GAP;

  if (self->cakes->len == 0)
    {
      g_autofree char *markup = g_markup_escape_text (_("No cakes to bake in this range."), -1);
      g_autoptr(PangoLayout) empty = new_layout (context, FONT_HEADING, width, markup);

      draw_layout (cr, empty, 0, &y);
    }

  for (i = page->first; i < page->first + page->n_cakes; i++)
    {
      g_auto(Block) block = { 0 };

      build_block (&block, context, &g_array_index (self->cakes, Cake, i), width);
      draw_block (cr, &block, width, y);
      y += block.height + BLOCK_GAP / 2;
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, 0, y);
      cairo_line_to (cr, width, y);
      cairo_stroke (cr);
      y += BLOCK_GAP / 2;
    }

  cairo_restore (cr);

  footer = new_page_footer (context, width, page_nr, self->pages->len);
  y = self->height - layout_height (footer);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_layout (cr, footer, 0, &y);
  cairo_restore (cr);
  g_object_unref (context);
}

gboolean
bmd_bake_sheet_write_pdf (BmdBakeSheet  *self,
                          const char    *path,
                          GError       **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages, i;

  g_return_val_if_fail (BMD_IS_BAKE_SHEET (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, PAGE_WIDTH, PAGE_HEIGHT);
  cr = cairo_create (surface);
  cairo_translate (cr, PAGE_MARGIN, PAGE_MARGIN);
  n_pages = bmd_bake_sheet_paginate (self, cr, PAGE_WIDTH - 2 * PAGE_MARGIN, PAGE_HEIGHT - 2 * PAGE_MARGIN);
  for (i = 0; i < n_pages; i++)
    {
      bmd_bake_sheet_draw_page (self, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}
