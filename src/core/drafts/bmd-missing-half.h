#pragma once

#include <json-glib/json-glib.h>

#include "bmd-config.h"
#include "bmd-request.h"

G_BEGIN_DECLS

/* What "Create remaining order…" (or deposit) will create for a request with
 * a half missing: a draft order for the same customer with the present half's
 * metafields, draft_type the missing one, and the balance as one custom line
 * item. Plain data: shown to the baker, then sent from a worker thread. */
typedef struct
{
  char *namespace_;
  char *key;
  char *type;
  char *value;
} BmdMetafieldInput;

typedef struct
{
  char         *request_id;
  BmdDraftType  missing;        /* the half to create */
  char         *present_name;   /* the present half's order name, "#1003" */
  char         *customer_id;
  char         *customer_name;
  char         *email;          /* NULL when unknown */
  char         *title;          /* the custom line item's title */
  char         *amount;         /* suggested: the present half's total, "45.00" */
  char         *currency;       /* "USD" */
  char         *note;
  GPtrArray    *metafields;     /* element type BmdMetafieldInput */
} BmdMissingHalf;

/* From @request (a half missing) and @present, its present half read in full
 * (bmd_order_has_details()). The metafield keys are @config's. NULL with
 * G_IO_ERROR_INVALID_ARGUMENT when the request is whole or has no customer. */
BmdMissingHalf *bmd_missing_half_new      (BmdRequest       *request,
                                           BmdOrder         *present,
                                           const BmdConfig  *config,
                                           GError          **error);
BmdMissingHalf *bmd_missing_half_copy     (const BmdMissingHalf *half);
void            bmd_missing_half_free     (BmdMissingHalf  *half);

/* "12", "12.5", "12.50" → "12.50"; NULL for anything that is not an amount
 * of money of at least 0.01 with at most two decimals. */
char           *bmd_money_normalize       (const char      *text);

/* draftOrderCreate's DraftOrderInput for @half with the baker's @amount
 * (normalized). */
JsonObject     *bmd_missing_half_to_input (const BmdMissingHalf *half,
                                           const char           *amount);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdMissingHalf, bmd_missing_half_free)

G_END_DECLS
