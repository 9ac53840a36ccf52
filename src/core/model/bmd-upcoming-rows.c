#define G_LOG_DOMAIN "bmd-upcoming-rows"

#include "config.h"

#include "bmd-upcoming-rows-private.h"

/* ---- BmdUpcomingRow: one half of a request ---------------------------- */

struct _BmdUpcomingRow
{
  GObject parent_instance;

  BmdRequest *request;
  BmdDraftType draft_type;
};

G_DEFINE_FINAL_TYPE (BmdUpcomingRow, bmd_upcoming_row, G_TYPE_OBJECT)

static void
bmd_upcoming_row_finalize (GObject *object)
{
  BmdUpcomingRow *self = (BmdUpcomingRow *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (bmd_upcoming_row_parent_class)->finalize (object);
}

static void
bmd_upcoming_row_class_init (BmdUpcomingRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_upcoming_row_finalize;
}

static void
bmd_upcoming_row_init (BmdUpcomingRow *self)
{
}

static BmdUpcomingRow *
upcoming_row_new (BmdRequest   *request,
                  BmdDraftType  draft_type)
{
  BmdUpcomingRow *self = g_object_new (BMD_TYPE_UPCOMING_ROW, NULL);

  self->request = g_object_ref (request);
  self->draft_type = draft_type;
  return self;
}

BmdRequest *
bmd_upcoming_row_get_request (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), NULL);
  return self->request;
}

BmdDraftType
bmd_upcoming_row_get_draft_type (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), BMD_DRAFT_TYPE_UNKNOWN);
  return self->draft_type;
}

BmdOrder *
bmd_upcoming_row_get_order (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), NULL);
  return bmd_request_get_half (self->request, self->draft_type);
}

const char *
bmd_upcoming_row_get_status (BmdUpcomingRow *self)
{
  g_return_val_if_fail (BMD_IS_UPCOMING_ROW (self), NULL);
  return bmd_request_get_half_status (self->request, self->draft_type);
}

/* ---- The list of them ---------------------------------------------------- */

#define BMD_TYPE_UPCOMING_ROWS (bmd_upcoming_rows_get_type ())
G_DECLARE_FINAL_TYPE (BmdUpcomingRows, bmd_upcoming_rows, BMD, UPCOMING_ROWS, GObject)

struct _BmdUpcomingRows
{
  GObject parent_instance;

  BmdRequestTable *requests;
  guint first;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BmdUpcomingRows, bmd_upcoming_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return BMD_TYPE_UPCOMING_ROW;
}

static guint
get_n_items (GListModel *model)
{
  BmdUpcomingRows *self = (BmdUpcomingRows *)model;

  return (_bmd_request_table_get_len (self->requests) - self->first) * 2;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  BmdUpcomingRows *self = (BmdUpcomingRows *)model;

  if (position >= get_n_items (model))
    return NULL;
  return upcoming_row_new (_bmd_request_table_get (self->requests, self->first + position / 2),
                           position % 2 == 0 ? BMD_DRAFT_TYPE_DEPOSIT : BMD_DRAFT_TYPE_REMAINING);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
bmd_upcoming_rows_finalize (GObject *object)
{
  BmdUpcomingRows *self = (BmdUpcomingRows *)object;

  g_clear_pointer (&self->requests, _bmd_request_table_unref);

  G_OBJECT_CLASS (bmd_upcoming_rows_parent_class)->finalize (object);
}

static void
bmd_upcoming_rows_class_init (BmdUpcomingRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = bmd_upcoming_rows_finalize;
}

static void
bmd_upcoming_rows_init (BmdUpcomingRows *self)
{
}

GListModel *
_bmd_upcoming_rows_new (BmdRequestTable *requests,
                        guint            first)
{
  BmdUpcomingRows *self;

  g_return_val_if_fail (requests != NULL, NULL);
  g_return_val_if_fail (first <= _bmd_request_table_get_len (requests), NULL);

  self = g_object_new (BMD_TYPE_UPCOMING_ROWS, NULL);
  self->requests = _bmd_request_table_ref (requests);
  self->first = first;
  return G_LIST_MODEL (self);
}
