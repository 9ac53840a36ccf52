#pragma once

#include <gtk/gtk.h>

#include "bmd-capacity.h"
#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* "This week": the bake queue and the selected request's details. */
#define BMD_TYPE_QUEUE_VIEW (bmd_queue_view_get_type ())
G_DECLARE_FINAL_TYPE (BmdQueueView, bmd_queue_view, BMD, QUEUE_VIEW, GtkWidget)

/* Shows the snapshot's bake queue; NULL shows none. */
void        bmd_queue_view_set_snapshot (BmdQueueView *self,
                                         BmdSnapshot  *snapshot,
                                         const char   *shop);
/* Marks the queue's days and weeks over @capacity in a line above it. */
void        bmd_queue_view_set_capacity (BmdQueueView      *self,
                                         const BmdCapacity *capacity);
/* That line's text, or NULL when it is hidden (nothing over). */
const char *bmd_queue_view_get_capacity_message (BmdQueueView *self);
/* Selects the request with this id; FALSE when it is not in the queue. */
gboolean    bmd_queue_view_select_request (BmdQueueView *self,
                                           const char   *request_id);
/* The rows as shown (sorted). Element type BmdRequest. */
GListModel *bmd_queue_view_get_model (BmdQueueView *self);

G_END_DECLS
