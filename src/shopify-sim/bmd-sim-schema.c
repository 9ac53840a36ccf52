#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-exec-private.h"

#include <string.h>

#define PAGING "first after last before reverse"

static const FieldDef query_fields[] = {
  { "orders", K_CONNECTION, "Order", PAGING " sortKey query savedSearchId" },
  { "order", K_OBJECT, "Order", "id" },
  { "nodes", K_LIST, "Node", "ids" },
  { "node", K_OBJECT, "Node", "id" },
  { "shop", K_OBJECT, "Shop", "" },
  { "draftOrders", K_CONNECTION, "DraftOrder", PAGING " sortKey query savedSearchId" },
  { "ordersCount", K_OBJECT, "Count", "query savedSearchId limit" },
  { "currentBulkOperation", K_OBJECT, "BulkOperation", "type" },
  { NULL }
};
static const FieldDef mutation_fields[] = {
  { "orderCreate", K_OBJECT, "OrderCreatePayload", "order options" },
  { "metafieldsSet", K_OBJECT, "MetafieldsSetPayload", "metafields" },
  { "draftOrderCreate", K_OBJECT, "DraftOrderCreatePayload", "input" },
  { "draftOrderInvoiceSend", K_OBJECT, "DraftOrderInvoiceSendPayload", "id email" },
  { "bulkOperationRunQuery", K_OBJECT, "BulkOperationRunQueryPayload", "query" },
  { "bulkOperationCancel", K_OBJECT, "BulkOperationCancelPayload", "id" },
  { NULL }
};
static const FieldDef order_fields[] = {
  { "id", K_SCALAR }, { "legacyResourceId", K_SCALAR }, { "name", K_SCALAR },
  { "createdAt", K_SCALAR }, { "updatedAt", K_SCALAR }, { "processedAt", K_SCALAR },
  { "cancelledAt", K_SCALAR }, { "cancelReason", K_SCALAR }, { "closed", K_SCALAR },
  { "closedAt", K_SCALAR }, { "test", K_SCALAR }, { "displayFinancialStatus", K_SCALAR },
  { "displayFulfillmentStatus", K_SCALAR }, { "note", K_SCALAR }, { "tags", K_SCALAR },
  { "email", K_SCALAR }, { "phone", K_SCALAR }, { "currencyCode", K_SCALAR },
  { "totalPriceSet", K_OBJECT, "MoneyBag" }, { "totalOutstandingSet", K_OBJECT, "MoneyBag" },
  { "currentTotalPriceSet", K_OBJECT, "MoneyBag" }, { "subtotalPriceSet", K_OBJECT, "MoneyBag" },
  { "customer", K_OBJECT, "Customer" },
  { "lineItems", K_CONNECTION, "LineItem", PAGING },
  { "metafield", K_OBJECT, "Metafield", "namespace key" },
  { "metafields", K_CONNECTION, "Metafield", PAGING " namespace keys" },
  { NULL }
};
static const FieldDef node_fields[] = {
  { "id", K_SCALAR },
  { NULL }
};
static const FieldDef customer_fields[] = {
  { "id", K_SCALAR }, { "firstName", K_SCALAR }, { "lastName", K_SCALAR },
  { "displayName", K_SCALAR }, { "email", K_SCALAR }, { "phone", K_SCALAR },
  { "orders", K_CONNECTION, "Order", PAGING " sortKey query" },
  { NULL }
};
static const FieldDef money_bag_fields[] = {
  { "shopMoney", K_OBJECT, "MoneyV2" }, { "presentmentMoney", K_OBJECT, "MoneyV2" },
  { NULL }
};
static const FieldDef money_fields[] = {
  { "amount", K_SCALAR }, { "currencyCode", K_SCALAR },
  { NULL }
};
static const FieldDef line_item_fields[] = {
  { "id", K_SCALAR }, { "name", K_SCALAR }, { "title", K_SCALAR },
  { "quantity", K_SCALAR }, { "variantTitle", K_SCALAR }, { "sku", K_SCALAR },
  { "originalUnitPriceSet", K_OBJECT, "MoneyBag" },
  { NULL }
};
static const FieldDef metafield_fields[] = {
  { "id", K_SCALAR }, { "namespace", K_SCALAR }, { "key", K_SCALAR },
  { "value", K_SCALAR }, { "type", K_SCALAR }, { "createdAt", K_SCALAR },
  { "updatedAt", K_SCALAR },
  { NULL }
};
static const FieldDef shop_fields[] = {
  { "id", K_SCALAR }, { "name", K_SCALAR }, { "ianaTimezone", K_SCALAR },
  { "timezoneAbbreviation", K_SCALAR }, { "currencyCode", K_SCALAR },
  { "email", K_SCALAR }, { "myshopifyDomain", K_SCALAR },
  { NULL }
};
static const FieldDef page_info_fields[] = {
  { "hasNextPage", K_SCALAR }, { "hasPreviousPage", K_SCALAR },
  { "startCursor", K_SCALAR }, { "endCursor", K_SCALAR },
  { NULL }
};
#define CONNECTION_FIELDS(T) \
  { "pageInfo", K_OBJECT, "PageInfo" }, { "nodes", K_LIST, T }, \
  { "edges", K_LIST, T "Edge" }, { NULL }
#define EDGE_FIELDS(T) { "node", K_OBJECT, T }, { "cursor", K_SCALAR }, { NULL }
static const FieldDef order_connection_fields[] = { CONNECTION_FIELDS ("Order") };
static const FieldDef line_item_connection_fields[] = { CONNECTION_FIELDS ("LineItem") };
static const FieldDef metafield_connection_fields[] = { CONNECTION_FIELDS ("Metafield") };
static const FieldDef order_edge_fields[] = { EDGE_FIELDS ("Order") };
static const FieldDef line_item_edge_fields[] = { EDGE_FIELDS ("LineItem") };
static const FieldDef metafield_edge_fields[] = { EDGE_FIELDS ("Metafield") };
static const FieldDef draft_order_connection_fields[] = { CONNECTION_FIELDS ("DraftOrder") };
static const FieldDef draft_order_edge_fields[] = { EDGE_FIELDS ("DraftOrder") };
static const FieldDef order_create_payload_fields[] = {
  { "order", K_OBJECT, "Order" }, { "userErrors", K_LIST, "OrderCreateUserError" },
  { NULL }
};
static const FieldDef metafields_set_payload_fields[] = {
  { "metafields", K_LIST, "Metafield" }, { "userErrors", K_LIST, "MetafieldsSetUserError" },
  { NULL }
};
static const FieldDef draft_order_fields[] = {
  { "id", K_SCALAR }, { "name", K_SCALAR }, { "invoiceUrl", K_SCALAR },
  { "status", K_SCALAR }, { "createdAt", K_SCALAR }, { "invoiceSentAt", K_SCALAR },
  { "tags", K_SCALAR },
  { "totalPriceSet", K_OBJECT, "MoneyBag" }, { "order", K_OBJECT, "Order" },
  { "metafield", K_OBJECT, "Metafield", "namespace key" },
  { NULL }
};
static const FieldDef draft_order_payload_fields[] = {
  { "draftOrder", K_OBJECT, "DraftOrder" }, { "userErrors", K_LIST, "UserError" },
  { NULL }
};
static const FieldDef user_error_fields[] = {
  { "field", K_SCALAR }, { "message", K_SCALAR },
  { NULL }
};
static const FieldDef order_create_user_error_fields[] = {
  { "field", K_SCALAR }, { "message", K_SCALAR }, { "code", K_SCALAR },
  { NULL }
};
static const FieldDef metafields_set_user_error_fields[] = {
  { "field", K_SCALAR }, { "message", K_SCALAR }, { "code", K_SCALAR },
  { "elementIndex", K_SCALAR },
  { NULL }
};
static const FieldDef count_fields[] = {
  { "count", K_SCALAR }, { "precision", K_SCALAR },
  { NULL }
};
/* objectCount, rootObjectCount and fileSize are UnsignedInt64: strings. */
static const FieldDef bulk_operation_fields[] = {
  { "id", K_SCALAR }, { "status", K_SCALAR }, { "errorCode", K_SCALAR },
  { "createdAt", K_SCALAR }, { "completedAt", K_SCALAR }, { "objectCount", K_SCALAR },
  { "rootObjectCount", K_SCALAR }, { "fileSize", K_SCALAR }, { "url", K_SCALAR },
  { "partialDataUrl", K_SCALAR }, { "query", K_SCALAR }, { "type", K_SCALAR },
  { NULL }
};
static const FieldDef bulk_run_payload_fields[] = {
  { "bulkOperation", K_OBJECT, "BulkOperation" }, { "userErrors", K_LIST, "BulkOperationUserError" },
  { NULL }
};
static const FieldDef bulk_cancel_payload_fields[] = {
  { "bulkOperation", K_OBJECT, "BulkOperation" }, { "userErrors", K_LIST, "UserError" },
  { NULL }
};
static const FieldDef bulk_user_error_fields[] = {
  { "field", K_SCALAR }, { "message", K_SCALAR }, { "code", K_SCALAR },
  { NULL }
};

static const TypeDef types[] = {
  { "QueryRoot", query_fields, "" },
  { "Mutation", mutation_fields, "" },
  { "Order", order_fields, "Node HasMetafields LegacyInteroperability CommentEventSubject HasEvents" },
  { "Node", node_fields, "" },
  { "Customer", customer_fields, "Node HasMetafields LegacyInteroperability" },
  { "MoneyBag", money_bag_fields, "" },
  { "MoneyV2", money_fields, "" },
  { "LineItem", line_item_fields, "Node" },
  { "Metafield", metafield_fields, "Node LegacyInteroperability" },
  { "Shop", shop_fields, "Node HasMetafields" },
  { "PageInfo", page_info_fields, "" },
  { "OrderConnection", order_connection_fields, "" },
  { "LineItemConnection", line_item_connection_fields, "" },
  { "MetafieldConnection", metafield_connection_fields, "" },
  { "OrderEdge", order_edge_fields, "" },
  { "LineItemEdge", line_item_edge_fields, "" },
  { "MetafieldEdge", metafield_edge_fields, "" },
  { "OrderCreatePayload", order_create_payload_fields, "" },
  { "MetafieldsSetPayload", metafields_set_payload_fields, "" },
  { "OrderCreateUserError", order_create_user_error_fields, "DisplayableError" },
  { "MetafieldsSetUserError", metafields_set_user_error_fields, "DisplayableError" },
  { "DraftOrder", draft_order_fields, "Node HasMetafields LegacyInteroperability" },
  { "DraftOrderConnection", draft_order_connection_fields, "" },
  { "DraftOrderEdge", draft_order_edge_fields, "" },
  { "DraftOrderCreatePayload", draft_order_payload_fields, "" },
  { "DraftOrderInvoiceSendPayload", draft_order_payload_fields, "" },
  { "UserError", user_error_fields, "DisplayableError" },
  { "Count", count_fields, "" },
  { "BulkOperation", bulk_operation_fields, "Node" },
  { "BulkOperationRunQueryPayload", bulk_run_payload_fields, "" },
  { "BulkOperationCancelPayload", bulk_cancel_payload_fields, "" },
  { "BulkOperationUserError", bulk_user_error_fields, "DisplayableError" },
};

/* Interfaces a fragment may name; their fields are what Order offers. */
static const char *interface_names[] = {
  "HasMetafields", "LegacyInteroperability", "CommentEventSubject", "HasEvents",
  "DisplayableError",
};


const TypeDef *
_bmd_sim_find_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].name, name))
      return &types[i];
  return NULL;
}

const FieldDef *
_bmd_sim_find_field (const TypeDef *type,
            const char    *name)
{
  for (const FieldDef *f = type->fields; f->name != NULL; f++)
    if (g_str_equal (f->name, name))
      return f;
  return NULL;
}

/* The type of @name, a field every @type has by construction. */
const TypeDef *
_bmd_sim_member_type (const TypeDef *type,
             const char    *name)
{
  const FieldDef *f = _bmd_sim_find_field (type, name);

  g_assert (f != NULL);
  return _bmd_sim_find_type (f->type);
}

const TypeDef *
_bmd_sim_field_type (const FieldDef *field)
{
  g_autofree char *name = NULL;

  if (field->kind == K_CONNECTION)
    {
      name = g_strconcat (field->type, "Connection", NULL);
      return _bmd_sim_find_type (name);
    }
  return _bmd_sim_find_type (field->type);
}

gboolean
_bmd_sim_word_in (const char *list,
         const char *word)
{
  gsize len = strlen (word);
  const char *p = list;

  while (p != NULL && (p = strstr (p, word)) != NULL)
    {
      if ((p == list || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\0'))
        return TRUE;
      p += len;
    }
  return FALSE;
}

/* Whether a fragment on @condition applies to objects of @type. */
gboolean
_bmd_sim_condition_matches (const char    *condition,
                   const TypeDef *type)
{
  return condition == NULL || g_str_equal (condition, type->name) ||
         _bmd_sim_word_in (type->interfaces, condition);
}

gboolean
_bmd_sim_condition_known (const char *condition)
{
  if (_bmd_sim_find_type (condition) != NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (interface_names); i++)
    if (g_str_equal (interface_names[i], condition))
      return TRUE;
  return FALSE;
}

void
bmd_sim_add_error (JsonArray  *errors,
                   guint       line,
                   guint       column,
                   const char *code,
                   const char *format,
                   ...)
{
  JsonObject *error = json_object_new ();
  JsonObject *extensions = json_object_new ();
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  json_object_set_string_member (error, "message", message);
  if (line > 0)
    {
      JsonArray *locations = json_array_new ();
      JsonObject *location = json_object_new ();

      json_object_set_int_member (location, "line", line);
      json_object_set_int_member (location, "column", column);
      json_array_add_object_element (locations, location);
      json_object_set_array_member (error, "locations", locations);
    }
  json_object_set_string_member (extensions, "code", code);
  json_object_set_object_member (error, "extensions", extensions);
  json_array_add_object_element (errors, error);
}

