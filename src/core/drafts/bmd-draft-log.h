#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A draft order the app created for a request's missing half, remembered in
 * the local warehouse (table drafts_created) so that the request shows it
 * until the order it becomes arrives in a refresh. */
typedef struct
{
  char *request_id;
  char *draft_type;     /* "deposit" or "remaining": the half it stands for */
  char *draft_id;       /* gid://shopify/DraftOrder/… */
  char *name;           /* "#D12" */
  char *invoice_url;
  char *amount;
  char *created_at;     /* UTC ISO 8601 */
  char *invoice_sent_at; /* NULL until the invoice was emailed */
} BmdDraftRecord;

void            bmd_draft_record_free    (BmdDraftRecord *record);
BmdDraftRecord *bmd_draft_record_copy    (const BmdDraftRecord *record);

/* Blocking: worker threads. */
gboolean        bmd_draft_log_save       (const char            *data_dir,
                                          const BmdDraftRecord  *record,
                                          GError               **error);
gboolean        bmd_draft_log_mark_invoice_sent (const char  *data_dir,
                                                 const char  *draft_id,
                                                 GError     **error);
/* The record of @request_id, NULL (no error) when there is none. */
BmdDraftRecord *bmd_draft_log_lookup     (const char  *data_dir,
                                          const char  *request_id,
                                          GError     **error);
/* The drafts whose order has not been seen with its metafields yet
 * (bmd-draft-settle.h), oldest first; element type BmdDraftRecord. */
GPtrArray      *bmd_draft_log_list_unsettled (const char  *data_dir,
                                              GError     **error);
/* @draft_id's order @order_id has its metafields; NULL: the draft is gone. */
gboolean        bmd_draft_log_mark_settled  (const char  *data_dir,
                                             const char  *draft_id,
                                             const char  *order_id,
                                             GError     **error);
void            bmd_draft_log_lookup_async  (const char          *data_dir,
                                             const char          *request_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* NULL with no error when there is no record. */
BmdDraftRecord *bmd_draft_log_lookup_finish (GAsyncResult  *result,
                                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdDraftRecord, bmd_draft_record_free)

G_END_DECLS
