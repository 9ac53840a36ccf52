#pragma once

#include <json-glib/json-glib.h>

#include "bmd-shopify-client.h"

G_BEGIN_DECLS

/* A tag unique to one creation of @request_id's missing half:
 * "bakemyday-REQUEST-RANDOM", REQUEST with anything but letters, digits,
 * '-' and '_' turned into '-'. */
char       *bmd_draft_create_new_tag (const char *request_id);

/* The messages of @payload's userErrors in one line ("a; b"), or NULL when
 * it has none. */
char       *bmd_draft_join_user_errors (JsonObject *payload);

/* The draftOrder of the payload @field (draftOrderCreate,
 * draftOrderInvoiceSend) in @data, owned by @data; or an error: userErrors
 * (BMD_SHOPIFY_ERROR_USER, their messages), a null payload (what a field the
 * token may not use answers: BMD_SHOPIFY_ERROR_FORBIDDEN), no draft order. */
JsonObject *bmd_draft_payload_draft (JsonObject  *data,
                                     const char  *field,
                                     GError     **error);

/* Blocking: worker threads. Runs draftOrderCreate(@input), which must carry
 * @tag in its tags, at most once in effect: when an answer is lost (Shopify
 * may have made the draft), it looks for a draft with @tag before sending
 * the mutation again, and returns that draft if there is one. Gives up after
 * @retry_limit seconds. @unknown is set TRUE when it fails not knowing
 * whether the draft was made (the look-up failed too, or it was cancelled
 * while looking). Returns the draftOrderCreate payload's draftOrder
 * {id name invoiceUrl status}, or NULL with @error (BMD_SHOPIFY_ERROR_USER
 * for userErrors, BMD_SHOPIFY_ERROR_FORBIDDEN for a null payload). */
JsonObject *bmd_draft_create_once    (BmdShopifyClient  *client,
                                      JsonObject        *input,
                                      const char        *tag,
                                      double             retry_limit,
                                      gboolean          *unknown,
                                      GCancellable      *cancellable,
                                      GError           **error);

G_END_DECLS
