#define G_LOG_DOMAIN "bmd-draft-settle"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "bmd-draft-create.h"
#include "bmd-draft-log.h"
#include "bmd-draft-settle.h"

/* metafieldsSet takes at most 25 metafields a call. */
#define METAFIELDS_PER_CALL 25

/* The aliases of draft-orders-by-id.graphql, with the key each one reads. */
static const struct
{
  const char *alias;
  gsize       key_offset;   /* in BmdConfig */
} fields[] = {
  { "draftType", G_STRUCT_OFFSET (BmdConfig, draft_type_key) },
  { "pickupDate", G_STRUCT_OFFSET (BmdConfig, pickup_key) },
  { "flavor", G_STRUCT_OFFSET (BmdConfig, flavor_key) },
  { "theme", G_STRUCT_OFFSET (BmdConfig, theme_key) },
  { "allergies", G_STRUCT_OFFSET (BmdConfig, allergies_key) },
};

/* A paid draft whose order lacks some of the draft's metafields. */
typedef struct
{
  char      *draft_id;
  char      *order_id;
  char      *order_name;
  JsonArray *inputs;     /* MetafieldsSetInput */
} Pending;

static void
pending_free (Pending *pending)
{
  g_free (pending->draft_id);
  g_free (pending->order_id);
  g_free (pending->order_name);
  json_array_unref (pending->inputs);
  g_free (pending);
}

static gboolean
collect_cb (JsonArray  *nodes,
            gpointer    user_data,
            GError    **error)
{
  GPtrArray *drafts = user_data;

  for (guint i = 0; i < json_array_get_length (nodes); i++)
    {
      JsonObject *draft = json_array_get_object_element (nodes, i);

      if (draft != NULL)
        g_ptr_array_add (drafts, json_object_ref (draft));
    }
  return TRUE;
}

/* The metafield object under @alias, or NULL; @value_out its value. */
static JsonObject *
metafield_of (JsonObject  *object,
              const char  *alias,
              const char **value_out)
{
  JsonNode *node = json_object_get_member (object, alias);
  JsonObject *field = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *value = field != NULL ? json_object_get_string_member_with_default (field, "value", NULL) : NULL;

  *value_out = value != NULL && *value != '\0' ? value : NULL;
  return field;
}

/* What @draft's order lacks, or NULL when it is not paid yet; an empty
 * Pending when it lacks nothing. */
static Pending *
pending_of (const BmdConfig *config,
            JsonObject      *draft)
{
  JsonNode *node = json_object_get_member (draft, "order");
  JsonObject *order = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *order_id = order != NULL ? json_object_get_string_member_with_default (order, "id", NULL) : NULL;
  Pending *pending;

  if (order_id == NULL)
    return NULL;
  pending = g_new0 (Pending, 1);
  pending->draft_id = g_strdup (json_object_get_string_member_with_default (draft, "id", ""));
  pending->order_id = g_strdup (order_id);
  pending->order_name = g_strdup (json_object_get_string_member_with_default (order, "name", order_id));
  pending->inputs = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *draft_value, *order_value;
      JsonObject *draft_field = metafield_of (draft, fields[i].alias, &draft_value);
      JsonObject *input;

      metafield_of (order, fields[i].alias, &order_value);
      /* Only what the order lacks: a value someone set on the order since
       * is theirs. */
      if (draft_value == NULL || order_value != NULL)
        continue;
      input = json_object_new ();
      json_object_set_string_member (input, "ownerId", order_id);
      json_object_set_string_member (input, "namespace", config->metafield_namespace);
      json_object_set_string_member (input, "key", G_STRUCT_MEMBER (const char *, config, fields[i].key_offset));
      json_object_set_string_member (input, "type",
                                     json_object_get_string_member_with_default (draft_field, "type",
                                                                                 "single_line_text_field"));
      json_object_set_string_member (input, "value", draft_value);
      json_array_add_object_element (pending->inputs, input);
    }
  return pending;
}

/* metafieldsSet for @batch (whole orders, at most 25 metafields). */
static gboolean
set_batch (BmdShopifyClient  *client,
           GPtrArray         *batch,
           GCancellable      *cancellable,
           GError           **error)
{
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *refused = NULL;
  JsonArray *inputs = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < batch->len; i++)
    {
      Pending *pending = g_ptr_array_index (batch, i);

      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", pending->order_name);
      for (guint j = 0; j < json_array_get_length (pending->inputs); j++)
        json_array_add_element (inputs, json_node_copy (json_array_get_element (pending->inputs, j)));
    }
  json_object_set_array_member (variables, "metafields", inputs);
  /* Setting the same values again changes nothing: a lost answer may be
   * sent again. */
  bmd_shopify_client_set_resend_unanswered (client, TRUE);
  answer = bmd_shopify_client_query (client, "metafields-set", variables, cancellable, &local_error);
  bmd_shopify_client_set_resend_unanswered (client, FALSE);
  if (g_error_matches (local_error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_FORBIDDEN))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_FORBIDDEN,
                   _("Orders %s, made from paid draft orders, lack their cake’s details (draft type, "
                     "pickup), and Shopify did not allow setting them: the access token lacks the "
                     "write_orders permission. Give the app that access scope in the Shopify admin; "
                     "the next refresh tries again."), names->str);
      return FALSE;
    }
  if (answer == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Orders %s, made from paid draft orders, lack their cake’s details (draft type, "
                     "pickup), and setting them failed: %s"), names->str, local_error->message);
      return FALSE;
    }
  node = json_object_get_member (answer, "metafieldsSet");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                   _("Orders %s, made from paid draft orders, lack their cake’s details, and Shopify "
                     "answered metafieldsSet with nothing"), names->str);
      return FALSE;
    }
  refused = bmd_draft_join_user_errors (json_node_get_object (node));
  if (refused != NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER,
                   _("Orders %s, made from paid draft orders, lack their cake’s details, and Shopify "
                     "refused to set them: %s"), names->str, refused);
      return FALSE;
    }
  return TRUE;
}

gboolean
bmd_draft_settle (BmdShopifyClient      *client,
                  const BmdConfig       *config,
                  const char            *data_dir,
                  BmdDraftSettleCounts  *counts,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_free);
  g_autoptr(GHashTable) answered = g_hash_table_new (g_str_hash, g_str_equal);
  guint start;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (client), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (data_dir != NULL, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  memset (counts, 0, sizeof *counts);
  records = bmd_draft_log_list_unsettled (data_dir, error);
  if (records == NULL)
    return FALSE;
  if (records->len == 0)
    return TRUE;

  counts->drafts_asked = records->len;
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (ids, ((BmdDraftRecord *) g_ptr_array_index (records, i))->draft_id);
  /* A read may be sent as often as it takes. */
  bmd_shopify_client_set_resend_unanswered (client, TRUE);
  if (!bmd_shopify_client_fetch_drafts_by_id (client, ids, collect_cb, drafts, cancellable, error))
    {
      bmd_shopify_client_set_resend_unanswered (client, FALSE);
      g_prefix_error (error, _("The orders of paid draft orders could not be checked for their cake’s "
                               "details (the next refresh tries again): "));
      return FALSE;
    }
  bmd_shopify_client_set_resend_unanswered (client, FALSE);

  for (guint i = 0; i < drafts->len; i++)
    {
      JsonObject *draft = g_ptr_array_index (drafts, i);
      Pending *one = pending_of (config, draft);

      g_hash_table_add (answered, (gpointer) json_object_get_string_member_with_default (draft, "id", ""));
      if (one == NULL)
        continue;
      if (json_array_get_length (one->inputs) == 0)
        {
          /* Shopify copied them, or someone set them. */
          if (!bmd_draft_log_mark_settled (data_dir, one->draft_id, one->order_id, error))
            {
              pending_free (one);
              return FALSE;
            }
          counts->settled++;
          pending_free (one);
        }
      else
        g_ptr_array_add (pending, one);
    }
  /* Deleted in Shopify: nothing will become of it. */
  for (guint i = 0; i < records->len; i++)
    {
      BmdDraftRecord *record = g_ptr_array_index (records, i);

      if (g_hash_table_contains (answered, record->draft_id))
        continue;
      if (!bmd_draft_log_mark_settled (data_dir, record->draft_id, NULL, error))
        return FALSE;
      counts->settled++;
    }

  /* Whole orders per call, at most 25 metafields (an order has 5 at most). */
  for (start = 0; start < pending->len;)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      guint n_fields = 0;
      guint end;

      for (end = start; end < pending->len; end++)
        {
          Pending *one = g_ptr_array_index (pending, end);

          if (end > start && n_fields + json_array_get_length (one->inputs) > METAFIELDS_PER_CALL)
            break;
          n_fields += json_array_get_length (one->inputs);
          g_ptr_array_add (batch, one);
        }
      if (!set_batch (client, batch, cancellable, error))
        return FALSE;
      for (guint i = 0; i < batch->len; i++)
        {
          Pending *one = g_ptr_array_index (batch, i);

          if (!bmd_draft_log_mark_settled (data_dir, one->draft_id, one->order_id, error))
            return FALSE;
          counts->settled++;
          counts->orders_set++;
          counts->metafields_set += json_array_get_length (one->inputs);
        }
      start = end;
    }
  return TRUE;
}
