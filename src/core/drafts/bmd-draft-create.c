#define G_LOG_DOMAIN "bmd-draft-create"

#include "config.h"

#include "bmd-draft-create.h"

/* Waits before looking for a draft whose answer was lost: Shopify's search
 * may lag a moment behind a write. Doubles each time, up to the cap. */
#define LOOKUP_DELAY_S 0.5
#define LOOKUP_DELAY_CAP_S 4.0

char *
bmd_draft_create_new_tag (const char *request_id)
{
  g_autoptr(GString) tag = g_string_new ("bakemyday-");

  g_return_val_if_fail (request_id != NULL, NULL);

  /* Only characters a search term needs no quoting for: the lookup must
   * find exactly this tag. */
  for (const char *p = request_id; *p != '\0'; p++)
    g_string_append_c (tag, g_ascii_isalnum (*p) || *p == '-' || *p == '_' ? *p : '-');
  g_string_append_printf (tag, "-%08x%08x", g_random_int (), g_random_int ());
  return g_string_free (g_steal_pointer (&tag), FALSE);
}

/* Sleeps @seconds unless @cancellable fires first. */
static gboolean
wait_cancellable (double         seconds,
                  GCancellable  *cancellable,
                  GError       **error)
{
  GPollFD fd;

  if (cancellable != NULL && g_cancellable_make_pollfd (cancellable, &fd))
    {
      g_poll (&fd, 1, (int) (seconds * 1000));
      g_cancellable_release_fd (cancellable);
    }
  else
    g_usleep ((gulong) (seconds * G_USEC_PER_SEC));
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* The draft carrying @tag; NULL with no error when there is none. */
static JsonObject *
find_tagged (BmdShopifyClient  *client,
             const char        *tag,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *query = g_strdup_printf ("tag:%s", tag);
  JsonObject *connection;
  JsonArray *nodes;

  json_object_set_string_member (variables, "query", query);
  /* A read may be sent as often as it takes. */
  bmd_shopify_client_set_resend_unanswered (client, TRUE);
  answer = bmd_shopify_client_query (client, "draft-orders-by-tag", variables, cancellable, error);
  bmd_shopify_client_set_resend_unanswered (client, FALSE);
  if (answer == NULL)
    return NULL;
  connection = json_object_has_member (answer, "draftOrders")
               && JSON_NODE_HOLDS_OBJECT (json_object_get_member (answer, "draftOrders"))
               ? json_object_get_object_member (answer, "draftOrders") : NULL;
  nodes = connection != NULL && json_object_has_member (connection, "nodes")
          && JSON_NODE_HOLDS_ARRAY (json_object_get_member (connection, "nodes"))
          ? json_object_get_array_member (connection, "nodes") : NULL;
  if (nodes == NULL)
    {
      g_set_error_literal (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                           "draftOrders returned no list");
      return NULL;
    }
  if (json_array_get_length (nodes) == 0 || json_array_get_object_element (nodes, 0) == NULL)
    return NULL;
  return json_object_ref (json_array_get_object_element (nodes, 0));
}

char *
bmd_draft_join_user_errors (JsonObject *payload)
{
  JsonNode *node = json_object_get_member (payload, "userErrors");
  JsonArray *errors = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr(GString) text = NULL;

  if (errors == NULL || json_array_get_length (errors) == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < json_array_get_length (errors); i++)
    {
      JsonObject *item = json_array_get_object_element (errors, i);
      const char *message = item != NULL ? json_object_get_string_member_with_default (item, "message", NULL) : NULL;

      g_string_append_printf (text, "%s%s", i > 0 ? "; " : "", message != NULL ? message : "?");
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

JsonObject *
bmd_draft_payload_draft (JsonObject  *data,
                         const char  *field,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (data, field);
  JsonObject *payload;
  g_autofree char *refused = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_FORBIDDEN, "%s answered null", field);
      return NULL;
    }
  payload = json_node_get_object (node);
  refused = bmd_draft_join_user_errors (payload);
  if (refused != NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER, "%s", refused);
      return NULL;
    }
  node = json_object_get_member (payload, "draftOrder");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE, "%s returned no draft order", field);
      return NULL;
    }
  return json_node_get_object (node);
}

JsonObject *
bmd_draft_create_once (BmdShopifyClient  *client,
                       JsonObject        *input,
                       const char        *tag,
                       double             retry_limit,
                       gboolean          *unknown,
                       GCancellable      *cancellable,
                       GError           **error)
{
  g_autoptr(JsonObject) variables = json_object_new ();
  double deadline = g_get_monotonic_time () / (double) G_USEC_PER_SEC + retry_limit;
  double delay = LOOKUP_DELAY_S;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (client), NULL);
  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (tag != NULL, NULL);

  *unknown = FALSE;
  json_object_set_object_member (variables, "input", json_object_ref (input));
  bmd_shopify_client_set_resend_unanswered (client, FALSE);
  while (TRUE)
    {
      g_autoptr(JsonObject) answer = NULL;
      g_autoptr(JsonObject) found = NULL;
      g_autoptr(GError) lost = NULL;
      g_autoptr(GError) lookup_error = NULL;

      answer = bmd_shopify_client_query (client, "draft-order-create", variables, cancellable, &lost);
      if (answer != NULL)
        {
          JsonObject *draft = bmd_draft_payload_draft (answer, "draftOrderCreate", error);

          return draft != NULL ? json_object_ref (draft) : NULL;
        }
      /* A refusal (auth, scope, throttling, a rejected query) or a request
       * that never left: Shopify did not run it. */
      if (!bmd_shopify_client_get_answer_lost (client))
        {
          g_propagate_error (error, g_steal_pointer (&lost));
          return NULL;
        }

      g_debug ("draftOrderCreate: %s; looking for %s before sending it again", lost->message, tag);
      if (!wait_cancellable (delay, cancellable, error))
        {
          *unknown = TRUE;
          return NULL;
        }
      found = find_tagged (client, tag, cancellable, &lookup_error);
      if (found != NULL)
        return g_steal_pointer (&found);
      if (lookup_error != NULL)
        {
          /* Unknown whether it exists: sending it again could make two. */
          *unknown = TRUE;
          g_set_error (error, lookup_error->domain, lookup_error->code,
                       "%s, and whether the draft order was made could not be checked (%s)",
                       lost->message, lookup_error->message);
          return NULL;
        }
      if (g_get_monotonic_time () / (double) G_USEC_PER_SEC + delay > deadline)
        {
          g_propagate_error (error, g_steal_pointer (&lost));
          return NULL;
        }
      delay = MIN (delay * 2, LOOKUP_DELAY_CAP_S);
    }
}
