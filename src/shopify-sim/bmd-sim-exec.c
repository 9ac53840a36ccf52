#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-exec.h"
#include "bmd-sim-graphql.h"

#include <stdio.h>
#include <string.h>

typedef enum
{
  K_SCALAR,
  K_OBJECT,
  K_CONNECTION,  /* type names the node type */
  K_LIST,        /* a list of objects */
} Kind;

typedef struct
{
  const char *name;
  Kind        kind;
  const char *type;
  const char *args;   /* space-separated */
} FieldDef;

typedef struct
{
  const char     *name;
  const FieldDef *fields;
  const char     *interfaces;  /* space-separated, for fragment conditions */
} TypeDef;

#define PAGING "first after last before reverse"

static const FieldDef query_fields[] = {
  { "orders", K_CONNECTION, "Order", PAGING " sortKey query savedSearchId" },
  { "order", K_OBJECT, "Order", "id" },
  { "nodes", K_LIST, "Node", "ids" },
  { "node", K_OBJECT, "Node", "id" },
  { "shop", K_OBJECT, "Shop", "" },
  { NULL }
};
static const FieldDef mutation_fields[] = {
  { "orderCreate", K_OBJECT, "OrderCreatePayload", "order options" },
  { "metafieldsSet", K_OBJECT, "MetafieldsSetPayload", "metafields" },
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
static const FieldDef order_create_payload_fields[] = {
  { "order", K_OBJECT, "Order" }, { "userErrors", K_LIST, "OrderCreateUserError" },
  { NULL }
};
static const FieldDef metafields_set_payload_fields[] = {
  { "metafields", K_LIST, "Metafield" }, { "userErrors", K_LIST, "MetafieldsSetUserError" },
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
};

/* Interfaces a fragment may name; their fields are what Order offers. */
static const char *interface_names[] = {
  "HasMetafields", "LegacyInteroperability", "CommentEventSubject", "HasEvents",
  "DisplayableError",
};

static const char *order_sort_keys[] = {
  "ID", "UPDATED_AT", "CREATED_AT", "PROCESSED_AT", "ORDER_NUMBER", "RELEVANCE",
};

struct _BmdSimQuery
{
  BmdGqlDocument  *doc;
  BmdGqlOperation *op;
  JsonObject      *variables;  /* resolved */
  double           requested;
};

typedef struct
{
  BmdSimQuery   *query;
  JsonArray     *errors;
  GHashTable    *visiting;     /* fragment names on the current path */
  BmdSimStore   *store;
  BmdSimExecEnv *env;
} Walk;

static const TypeDef *
find_type (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].name, name))
      return &types[i];
  return NULL;
}

static const FieldDef *
find_field (const TypeDef *type,
            const char    *name)
{
  for (const FieldDef *f = type->fields; f->name != NULL; f++)
    if (g_str_equal (f->name, name))
      return f;
  return NULL;
}

/* The type of @name, a field every @type has by construction. */
static const TypeDef *
member_type (const TypeDef *type,
             const char    *name)
{
  const FieldDef *f = find_field (type, name);

  g_assert (f != NULL);
  return find_type (f->type);
}

static const TypeDef *
field_type (const FieldDef *field)
{
  g_autofree char *name = NULL;

  if (field->kind == K_CONNECTION)
    {
      name = g_strconcat (field->type, "Connection", NULL);
      return find_type (name);
    }
  return find_type (field->type);
}

static gboolean
word_in (const char *list,
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
static gboolean
condition_matches (const char    *condition,
                   const TypeDef *type)
{
  return condition == NULL || g_str_equal (condition, type->name) ||
         word_in (type->interfaces, condition);
}

static gboolean
condition_known (const char *condition)
{
  if (find_type (condition) != NULL)
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

/* ---- values ---- */

static JsonNode *
resolve_value (BmdGqlValue *value,
               JsonObject  *variables)
{
  JsonNode *node;

  switch (value->kind)
    {
    case BMD_GQL_VALUE_VARIABLE:
      if (variables != NULL && json_object_has_member (variables, value->text))
        return json_node_copy (json_object_get_member (variables, value->text));
      return json_node_new (JSON_NODE_NULL);
    case BMD_GQL_VALUE_INT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_int (node, g_ascii_strtoll (value->text, NULL, 10));
      return node;
    case BMD_GQL_VALUE_FLOAT:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_double (node, g_ascii_strtod (value->text, NULL));
      return node;
    case BMD_GQL_VALUE_STRING:
    case BMD_GQL_VALUE_ENUM:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value->text);
      return node;
    case BMD_GQL_VALUE_BOOLEAN:
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_boolean (node, value->boolean);
      return node;
    case BMD_GQL_VALUE_NULL:
      return json_node_new (JSON_NODE_NULL);
    case BMD_GQL_VALUE_LIST:
      {
        JsonArray *array = json_array_new ();

        for (guint i = 0; i < value->items->len; i++)
          json_array_add_element (array, resolve_value (g_ptr_array_index (value->items, i), variables));
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (node, array);
        return node;
      }
    case BMD_GQL_VALUE_OBJECT:
      {
        JsonObject *object = json_object_new ();

        for (guint i = 0; i < value->items->len; i++)
          {
            BmdGqlArgument *arg = g_ptr_array_index (value->items, i);

            json_object_set_member (object, arg->name, resolve_value (arg->value, variables));
          }
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;
      }
    default:
      g_assert_not_reached ();
    }
}

static JsonObject *
resolve_arguments (BmdGqlSelection *sel,
                   JsonObject      *variables)
{
  JsonObject *args = json_object_new ();

  for (guint i = 0; i < sel->arguments->len; i++)
    {
      BmdGqlArgument *arg = g_ptr_array_index (sel->arguments, i);

      json_object_set_member (args, arg->name, resolve_value (arg->value, variables));
    }
  return args;
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

static gboolean
holds_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static const char *
arg_string (JsonObject *args,
            const char *name)
{
  JsonNode *node = json_object_get_member (args, name);

  return holds_string (node) ? json_node_get_string (node) : NULL;
}

static char *
describe_node (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* ---- cursors ---- */

static char *
encode_cursor (gint64 id,
               gint64 value)
{
  g_autofree char *json = g_strdup_printf ("{\"last_id\":%" G_GINT64_FORMAT ",\"last_value\":%"
                                           G_GINT64_FORMAT "}", id, value);

  return g_base64_encode ((const guchar *) json, strlen (json));
}

static gboolean
decode_cursor (const char *cursor,
               gint64     *id,
               gint64     *value)
{
  g_autofree guchar *raw = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  gsize len = 0;
  long long a, b;

  if (cursor == NULL || *cursor == '\0' || strlen (cursor) > 200)
    return FALSE;
  for (const char *p = cursor; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  raw = g_base64_decode (cursor, &len);
  text = g_strndup ((const char *) raw, len);
  if (sscanf (text, "{\"last_id\":%lld,\"last_value\":%lld}", &a, &b) != 2)
    return FALSE;
  again = g_strdup_printf ("{\"last_id\":%lld,\"last_value\":%lld}", a, b);
  if (!g_str_equal (again, text))
    return FALSE;
  *id = a;
  *value = b;
  return TRUE;
}

/* ---- validation and requested cost ---- */

static double walk_cost (Walk *w, const TypeDef *type, GPtrArray *selections);

static gboolean
check_variables_declared (Walk        *w,
                          BmdGqlValue *value,
                          guint        line,
                          guint        column)
{
  if (value->kind == BMD_GQL_VALUE_VARIABLE)
    {
      BmdGqlOperation *op = w->query->op;

      for (guint i = 0; i < op->variables->len; i++)
        if (g_str_equal (((BmdGqlVariable *) g_ptr_array_index (op->variables, i))->name, value->text))
          return TRUE;
      bmd_sim_add_error (w->errors, line, column, "variableNotDefined",
                         "Variable $%s is used by %s but not declared", value->text,
                         op->name ? op->name : "anonymous query");
      return FALSE;
    }
  if (value->kind == BMD_GQL_VALUE_LIST)
    {
      for (guint i = 0; i < value->items->len; i++)
        if (!check_variables_declared (w, g_ptr_array_index (value->items, i), line, column))
          return FALSE;
    }
  if (value->kind == BMD_GQL_VALUE_OBJECT)
    {
      for (guint i = 0; i < value->items->len; i++)
        if (!check_variables_declared (w, ((BmdGqlArgument *) g_ptr_array_index (value->items, i))->value,
                                       line, column))
          return FALSE;
    }
  return TRUE;
}

static void
invalid_argument (Walk            *w,
                  BmdGqlSelection *sel,
                  const char      *arg,
                  JsonNode        *value,
                  const char      *expected)
{
  g_autofree char *text = describe_node (value);

  bmd_sim_add_error (w->errors, sel->line, sel->column, "argumentLiteralsIncompatible",
                     "Argument '%s' on Field '%s' has an invalid value (%s). Expected type '%s'.",
                     arg, sel->name, text, expected);
}

/* Checks the paging arguments of a connection; returns the page size. */
static gboolean
check_paging (Walk            *w,
              BmdGqlSelection *sel,
              JsonObject      *args,
              gint64          *size)
{
  JsonNode *first = json_object_get_member (args, "first");
  JsonNode *last = json_object_get_member (args, "last");
  const char *names[] = { "after", "before" };

  if (!is_null (first) && !holds_int (first))
    return invalid_argument (w, sel, "first", first, "Int"), FALSE;
  if (!is_null (last) && !holds_int (last))
    return invalid_argument (w, sel, "last", last, "Int"), FALSE;
  if (is_null (first) && is_null (last))
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "you must provide one of first or last");
      return FALSE;
    }
  if (!is_null (first) && !is_null (last))
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "providing both first and last is not supported");
      return FALSE;
    }
  *size = holds_int (first) ? json_node_get_int (first) : json_node_get_int (last);
  if (*size < 0)
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "Argument '%s' on Field '%s' must be a non-negative integer",
                         holds_int (first) ? "first" : "last", sel->name);
      return FALSE;
    }
  if (*size > BMD_SIM_MAX_PAGE_SIZE)
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "The %s argument on field '%s' must be less than or equal to %d",
                         holds_int (first) ? "first" : "last", sel->name, BMD_SIM_MAX_PAGE_SIZE);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *c = json_object_get_member (args, names[i]);
      gint64 a, b;

      if (is_null (c))
        continue;
      if (!holds_string (c) || !decode_cursor (json_node_get_string (c), &a, &b))
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                             "Invalid cursor for current pagination sort.");
          return FALSE;
        }
    }
  if (!is_null (json_object_get_member (args, "reverse")) &&
      !(JSON_NODE_HOLDS_VALUE (json_object_get_member (args, "reverse")) &&
        json_node_get_value_type (json_object_get_member (args, "reverse")) == G_TYPE_BOOLEAN))
    return invalid_argument (w, sel, "reverse", json_object_get_member (args, "reverse"), "Boolean"), FALSE;
  return TRUE;
}

/* Per-field argument checks beyond "is this argument known". */
static gboolean
check_arguments (Walk            *w,
                 const TypeDef   *parent,
                 const FieldDef  *field,
                 BmdGqlSelection *sel,
                 JsonObject      *args,
                 gint64          *size)
{
  const char *name = field->name;

  *size = 0;
  if (field->kind == K_CONNECTION && !check_paging (w, sel, args, size))
    return FALSE;
  if (g_str_equal (parent->name, "QueryRoot") && g_str_equal (name, "orders"))
    {
      JsonNode *sort = json_object_get_member (args, "sortKey");
      JsonNode *q = json_object_get_member (args, "query");
      gboolean ok = is_null (sort);

      for (guint i = 0; !ok && i < G_N_ELEMENTS (order_sort_keys); i++)
        ok = holds_string (sort) && g_str_equal (json_node_get_string (sort), order_sort_keys[i]);
      if (!ok)
        return invalid_argument (w, sel, "sortKey", sort, "OrderSortKeys"), FALSE;
      if (!is_null (q) && !holds_string (q))
        return invalid_argument (w, sel, "query", q, "String"), FALSE;
    }
  else if (g_str_equal (parent->name, "QueryRoot") && g_str_equal (name, "nodes"))
    {
      JsonNode *ids = json_object_get_member (args, "ids");

      if (ids != NULL && holds_string (ids))
        {
          /* A single value is coerced to a list. */
          JsonArray *list = json_array_new ();

          json_array_add_string_element (list, json_node_get_string (ids));
          json_object_set_array_member (args, "ids", list);
          ids = json_object_get_member (args, "ids");
        }
      if (ids == NULL || !JSON_NODE_HOLDS_ARRAY (ids))
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field 'nodes' is missing required arguments: ids");
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (json_node_get_array (ids)); i++)
        if (!holds_string (json_array_get_element (json_node_get_array (ids), i)))
          return invalid_argument (w, sel, "ids", ids, "[ID!]!"), FALSE;
      *size = json_array_get_length (json_node_get_array (ids));
      if (*size > BMD_SIM_MAX_PAGE_SIZE)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                             "The ids argument on field 'nodes' must have at most %d ids",
                             BMD_SIM_MAX_PAGE_SIZE);
          return FALSE;
        }
    }
  else if (g_str_equal (parent->name, "QueryRoot") &&
           (g_str_equal (name, "order") || g_str_equal (name, "node")))
    {
      if (arg_string (args, "id") == NULL)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field '%s' is missing required arguments: id", name);
          return FALSE;
        }
    }
  else if (g_str_equal (parent->name, "Order") && g_str_equal (name, "metafield"))
    {
      if (arg_string (args, "key") == NULL)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field 'metafield' is missing required arguments: key");
          return FALSE;
        }
    }
  else if (g_str_equal (parent->name, "Mutation") && g_str_equal (name, "orderCreate"))
    {
      JsonNode *order = json_object_get_member (args, "order");

      if (order == NULL || !JSON_NODE_HOLDS_OBJECT (order))
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field 'orderCreate' is missing required arguments: order");
          return FALSE;
        }
    }
  else if (g_str_equal (parent->name, "Mutation") && g_str_equal (name, "metafieldsSet"))
    {
      JsonNode *list = json_object_get_member (args, "metafields");

      if (list != NULL && JSON_NODE_HOLDS_OBJECT (list))
        {
          JsonArray *one = json_array_new ();

          json_array_add_element (one, json_node_copy (list));
          json_object_set_array_member (args, "metafields", one);
          list = json_object_get_member (args, "metafields");
        }
      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field 'metafieldsSet' is missing required arguments: metafields");
          return FALSE;
        }
      if (json_array_get_length (json_node_get_array (list)) > BMD_SIM_MAX_METAFIELDS_SET)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "MAX_INPUT_SIZE_EXCEEDED",
                             "The input array size of %u is greater than the maximum allowed of %d.",
                             json_array_get_length (json_node_get_array (list)),
                             BMD_SIM_MAX_METAFIELDS_SET);
          return FALSE;
        }
    }
  return TRUE;
}

/* The cost of one element of a connection: the node, through nodes or
 * edges { node }, whichever costs more. */
static double
connection_child_cost (Walk          *w,
                       const TypeDef *conn,
                       GPtrArray     *selections,
                       gboolean      *ok)
{
  double best = 0;

  for (guint i = 0; i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);
      const FieldDef *f;

      if (sel->kind != BMD_GQL_FIELD)
        {
          /* Fragments on a connection type are rare; cost them as written. */
          double c = walk_cost (w, conn, sel->kind == BMD_GQL_INLINE_FRAGMENT ? sel->selections : NULL);

          best = MAX (best, c);
          continue;
        }
      f = find_field (conn, sel->name);
      if (f == NULL || sel->selections == NULL)
        continue;
      if (g_str_equal (sel->name, "nodes"))
        best = MAX (best, 1 + walk_cost (w, find_type (f->type), sel->selections));
      else if (g_str_equal (sel->name, "edges"))
        {
          const TypeDef *edge = find_type (f->type);

          for (guint j = 0; j < sel->selections->len; j++)
            {
              BmdGqlSelection *e = g_ptr_array_index (sel->selections, j);

              if (e->kind == BMD_GQL_FIELD && g_str_equal (e->name, "node") && e->selections != NULL)
                best = MAX (best, 1 + walk_cost (w, member_type (edge, "node"),
                                                 e->selections));
            }
        }
    }
  (void) ok;
  return best;
}

/* Validates @selections on @type and returns their requested cost. Errors go
 * to w->errors. */
static double
walk_cost (Walk          *w,
           const TypeDef *type,
           GPtrArray     *selections)
{
  double cost = 0;

  if (selections == NULL)
    return 0;
  for (guint i = 0; i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);
      const FieldDef *field;
      const TypeDef *child;
      g_autoptr(JsonObject) args = NULL;
      gint64 size = 0;
      guint errors_before;

      if (sel->kind == BMD_GQL_FRAGMENT_SPREAD || sel->kind == BMD_GQL_INLINE_FRAGMENT)
        {
          GPtrArray *inner = sel->selections;
          const char *condition = sel->type_condition;
          const TypeDef *as = type;

          if (sel->kind == BMD_GQL_FRAGMENT_SPREAD)
            {
              BmdGqlFragment *frag = bmd_gql_document_find_fragment (w->query->doc, sel->name);

              if (frag == NULL)
                {
                  bmd_sim_add_error (w->errors, sel->line, sel->column, "useAndDefineFragment",
                                     "Fragment %s was used, but not defined", sel->name);
                  continue;
                }
              if (g_hash_table_contains (w->visiting, frag->name))
                {
                  bmd_sim_add_error (w->errors, sel->line, sel->column, "infiniteLoop",
                                     "Fragment %s contains an infinite loop", frag->name);
                  continue;
                }
              inner = frag->selections;
              condition = frag->type_condition;
              g_hash_table_add (w->visiting, frag->name);
            }
          if (condition != NULL && !condition_known (condition))
            bmd_sim_add_error (w->errors, sel->line, sel->column, "undefinedType",
                               "No such type %s, so it can't be a fragment condition", condition);
          else
            {
              const TypeDef *cond_type = condition != NULL ? find_type (condition) : NULL;
              gboolean is_node = g_str_equal (type->name, "Node");

              /* On the Node interface (nodes, node) a fragment picks the
               * concrete type whose fields it reads. */
              if (is_node && cond_type != NULL)
                as = cond_type;
              if (is_node || condition_matches (condition, type) ||
                  (cond_type != NULL && word_in (cond_type->interfaces, type->name)))
                cost += walk_cost (w, as, inner);
              else
                bmd_sim_add_error (w->errors, sel->line, sel->column, "fragmentSpreadImpossible",
                                   "Fragment on %s can't be spread inside %s", condition, type->name);
            }
          if (sel->kind == BMD_GQL_FRAGMENT_SPREAD)
            g_hash_table_remove (w->visiting, sel->name);
          continue;
        }

      if (g_str_equal (sel->name, "__typename"))
        {
          if (sel->arguments->len > 0 || sel->selections != NULL)
            bmd_sim_add_error (w->errors, sel->line, sel->column, "selectionMismatch",
                               "Selections can't be made on scalars (field '__typename' returns String but has selections)");
          continue;
        }

      field = find_field (type, sel->name);
      if (field == NULL)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "undefinedField",
                             "Field '%s' doesn't exist on type '%s'", sel->name, type->name);
          continue;
        }
      errors_before = json_array_get_length (w->errors);
      for (guint j = 0; j < sel->arguments->len; j++)
        {
          BmdGqlArgument *arg = g_ptr_array_index (sel->arguments, j);

          if (field->args == NULL || !word_in (field->args, arg->name))
            bmd_sim_add_error (w->errors, arg->line, arg->column, "argumentNotAccepted",
                               "Field '%s' doesn't accept argument '%s'", sel->name, arg->name);
          else
            check_variables_declared (w, arg->value, arg->line, arg->column);
        }
      if (field->kind == K_SCALAR)
        {
          if (sel->selections != NULL)
            bmd_sim_add_error (w->errors, sel->line, sel->column, "selectionMismatch",
                               "Selections can't be made on scalars (field '%s' returns a scalar but has selections)",
                               sel->name);
          continue;
        }
      child = field_type (field);
      if (sel->selections == NULL)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "selectionMismatch",
                             "Field must have selections (field '%s' returns %s but has no selections. Did you mean '%s { ... }'?)",
                             sel->name, child->name, sel->name);
          continue;
        }
      if (json_array_get_length (w->errors) > errors_before)
        {
          walk_cost (w, child, sel->selections);
          continue;
        }
      args = resolve_arguments (sel, w->query->variables);
      if (!check_arguments (w, type, field, sel, args, &size))
        continue;

      if (g_str_equal (type->name, "Mutation"))
        {
          walk_cost (w, child, sel->selections);
          cost += BMD_SIM_MUTATION_COST;
        }
      else if (field->kind == K_CONNECTION)
        {
          g_autoptr(JsonArray) scratch = json_array_new ();
          JsonArray *saved = w->errors;

          /* Validate once, then cost one element without repeating errors. */
          walk_cost (w, child, sel->selections);
          w->errors = scratch;
          cost += 2 + size * connection_child_cost (w, child, sel->selections, NULL);
          w->errors = saved;
        }
      else if (field->kind == K_LIST && g_str_equal (field->name, "nodes") &&
               g_str_equal (type->name, "QueryRoot"))
        cost += size * (1 + walk_cost (w, child, sel->selections));
      else if (field->kind == K_LIST)
        cost += walk_cost (w, child, sel->selections);
      else
        cost += 1 + walk_cost (w, child, sel->selections);
    }
  return cost;
}

/* ---- variables ---- */

static gboolean
coerce_variable (BmdGqlVariable *var,
                 JsonNode       *value)
{
  const char *base = var->type;

  if (is_null (value))
    return !var->non_null;
  if (base[0] == '[')
    return TRUE;
  if (g_str_has_prefix (base, "Int"))
    return holds_int (value);
  if (g_str_has_prefix (base, "String") || g_str_has_prefix (base, "DateTime") ||
      g_str_has_prefix (base, "URL"))
    return holds_string (value);
  if (g_str_has_prefix (base, "ID"))
    return holds_string (value) || holds_int (value);
  if (g_str_has_prefix (base, "Boolean"))
    return JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN;
  return TRUE;
}

static JsonObject *
resolve_variables (BmdGqlOperation *op,
                   JsonNode        *provided,
                   JsonArray       *errors)
{
  g_autoptr(JsonObject) vars = json_object_new ();
  JsonObject *given = provided != NULL && JSON_NODE_HOLDS_OBJECT (provided)
                      ? json_node_get_object (provided) : NULL;

  for (guint i = 0; i < op->variables->len; i++)
    {
      BmdGqlVariable *var = g_ptr_array_index (op->variables, i);
      JsonNode *value;

      if (given != NULL && json_object_has_member (given, var->name))
        value = json_node_copy (json_object_get_member (given, var->name));
      else if (var->default_value != NULL)
        value = resolve_value (var->default_value, NULL);
      else
        value = json_node_new (JSON_NODE_NULL);

      if (var->type[0] == '[' && !is_null (value) && !JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *list = json_array_new ();
          JsonNode *wrapped = json_node_new (JSON_NODE_ARRAY);

          json_array_add_element (list, value);
          json_node_take_array (wrapped, list);
          value = wrapped;
        }
      if (!coerce_variable (var, value))
        {
          g_autofree char *text = describe_node (value);

          bmd_sim_add_error (errors, var->line, var->column, "INVALID_VARIABLE",
                             "Variable $%s of type %s was provided invalid value%s%s",
                             var->name, var->type, is_null (value) ? "" : ": ",
                             is_null (value) ? "" : text);
        }
      json_object_set_member (vars, var->name, value);
    }
  return g_steal_pointer (&vars);
}

/* ---- prepare ---- */

void
bmd_sim_query_free (BmdSimQuery *query)
{
  if (query == NULL)
    return;
  bmd_gql_document_free (query->doc);
  g_clear_pointer (&query->variables, json_object_unref);
  g_free (query);
}

double
bmd_sim_query_get_requested_cost (BmdSimQuery *query)
{
  return query->requested;
}

gboolean
bmd_sim_query_is_mutation (BmdSimQuery *query)
{
  return query->op->is_mutation;
}

BmdSimQuery *
bmd_sim_query_prepare (const char *text,
                       const char *operation_name,
                       JsonNode   *variables,
                       JsonArray  *errors)
{
  g_autoptr(BmdSimQuery) query = g_new0 (BmdSimQuery, 1);
  BmdGqlSyntaxError syntax = { 0 };
  Walk w = { 0 };
  guint before = json_array_get_length (errors);

  query->doc = bmd_gql_parse (text, &syntax);
  if (query->doc == NULL)
    {
      bmd_sim_add_error (errors, syntax.line, syntax.column, "syntaxError",
                         "syntax error: %s", syntax.message);
      bmd_gql_syntax_error_clear (&syntax);
      return NULL;
    }

  for (guint i = 0; i < query->doc->operations->len; i++)
    {
      BmdGqlOperation *op = g_ptr_array_index (query->doc->operations, i);

      if (operation_name != NULL && g_strcmp0 (op->name, operation_name) == 0)
        query->op = op;
    }
  if (operation_name != NULL && query->op == NULL)
    {
      bmd_sim_add_error (errors, 0, 0, "operationNotFound",
                         "No operation named \"%s\"", operation_name);
      return NULL;
    }
  if (query->op == NULL)
    {
      if (query->doc->operations->len != 1)
        {
          bmd_sim_add_error (errors, 0, 0, "operationNameRequired",
                             query->doc->operations->len == 0
                             ? "Document contains no operations"
                             : "An operation name is required");
          return NULL;
        }
      query->op = g_ptr_array_index (query->doc->operations, 0);
    }

  query->variables = resolve_variables (query->op, variables, errors);
  if (json_array_get_length (errors) > before)
    return NULL;

  w.query = query;
  w.errors = errors;
  w.visiting = g_hash_table_new (g_str_hash, g_str_equal);
  query->requested = walk_cost (&w, find_type (query->op->is_mutation ? "Mutation" : "QueryRoot"),
                                query->op->selections);
  g_hash_table_unref (w.visiting);
  if (json_array_get_length (errors) > before)
    return NULL;
  return g_steal_pointer (&query);
}

/* ---- execution ---- */

typedef struct
{
  BmdSimStore   *store;
  BmdSimExecEnv *env;
  BmdSimQuery   *query;
  GHashTable    *visiting;
} Exec;

static void exec_into (Exec *ex, const TypeDef *type, JsonObject *source,
                       GPtrArray *selections, JsonObject *out, double *cost);

static JsonNode *
exec_object (Exec          *ex,
             const TypeDef *type,
             JsonObject    *source,
             GPtrArray     *selections,
             double        *cost)
{
  JsonObject *out = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  exec_into (ex, type, source, selections, out, cost);
  json_node_take_object (node, out);
  return node;
}

static const char *
response_key (BmdGqlSelection *sel)
{
  return sel->alias != NULL ? sel->alias : sel->name;
}

static JsonObject *
node_object (JsonObject *source,
             const char *member)
{
  JsonNode *node = source != NULL ? json_object_get_member (source, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A page of a connection over @items (JsonObject* or BmdSimOrder*), each with
 * its cursor. */
typedef struct
{
  GPtrArray *items;
  GPtrArray *cursors;  /* char*, owned */
  gboolean   has_next;
  gboolean   has_previous;
} Page;

static JsonNode *
exec_page (Exec          *ex,
           const TypeDef *conn,
           Page          *page,
           gboolean       orders,
           GPtrArray     *selections,
           double        *cost)
{
  const TypeDef *node_type = member_type (conn, "nodes");
  const TypeDef *edge_type = member_type (conn, "edges");
  JsonObject *out = json_object_new ();
  JsonNode *result = json_node_new (JSON_NODE_OBJECT);
  gboolean counted = FALSE;

  *cost += 2;
  for (guint i = 0; i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);
      double scratch = 0;
      double *c = counted ? &scratch : cost;

      if (sel->kind != BMD_GQL_FIELD)
        continue;
      if (g_str_equal (sel->name, "__typename"))
        json_object_set_string_member (out, response_key (sel), conn->name);
      else if (g_str_equal (sel->name, "pageInfo"))
        {
          g_autoptr(JsonObject) info = json_object_new ();
          double free_cost = 0;

          json_object_set_boolean_member (info, "hasNextPage", page->has_next);
          json_object_set_boolean_member (info, "hasPreviousPage", page->has_previous);
          if (page->items->len > 0)
            {
              json_object_set_string_member (info, "startCursor", g_ptr_array_index (page->cursors, 0));
              json_object_set_string_member (info, "endCursor",
                                             g_ptr_array_index (page->cursors, page->items->len - 1));
            }
          else
            {
              json_object_set_null_member (info, "startCursor");
              json_object_set_null_member (info, "endCursor");
            }
          json_object_set_member (out, response_key (sel),
                                  exec_object (ex, find_type ("PageInfo"), info, sel->selections, &free_cost));
        }
      else if (g_str_equal (sel->name, "nodes") || g_str_equal (sel->name, "edges"))
        {
          JsonArray *list = json_array_new ();
          gboolean edges = g_str_equal (sel->name, "edges");

          for (guint j = 0; j < page->items->len; j++)
            {
              gpointer item = g_ptr_array_index (page->items, j);
              JsonObject *source = orders ? ((BmdSimOrder *) item)->node : item;

              if (!edges)
                {
                  *c += 1;
                  json_array_add_element (list, exec_object (ex, node_type, source, sel->selections, c));
                }
              else
                {
                  JsonObject *edge = json_object_new ();
                  JsonNode *edge_node = json_node_new (JSON_NODE_OBJECT);

                  for (guint k = 0; k < sel->selections->len; k++)
                    {
                      BmdGqlSelection *es = g_ptr_array_index (sel->selections, k);

                      if (es->kind != BMD_GQL_FIELD)
                        continue;
                      if (g_str_equal (es->name, "cursor"))
                        json_object_set_string_member (edge, response_key (es),
                                                       g_ptr_array_index (page->cursors, j));
                      else if (g_str_equal (es->name, "__typename"))
                        json_object_set_string_member (edge, response_key (es), edge_type->name);
                      else if (g_str_equal (es->name, "node"))
                        {
                          *c += 1;
                          json_object_set_member (edge, response_key (es),
                                                  exec_object (ex, node_type, source, es->selections, c));
                        }
                    }
                  json_node_take_object (edge_node, edge);
                  json_array_add_element (list, edge_node);
                }
            }
          json_object_set_array_member (out, response_key (sel), list);
          counted = TRUE;
        }
    }
  json_node_take_object (result, out);
  return result;
}

static void
page_clear (Page *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->cursors, g_ptr_array_unref);
}

/* A connection over a small array (line items, metafields): cursors are
 * positions. */
static void
page_array (JsonArray  *array,
            JsonObject *args,
            gboolean  (*keep) (JsonObject *item, JsonObject *args),
            Page       *page)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean reverse = json_object_has_member (args, "reverse") &&
                     JSON_NODE_HOLDS_VALUE (json_object_get_member (args, "reverse")) &&
                     json_object_get_boolean_member (args, "reverse");
  JsonNode *first = json_object_get_member (args, "first");
  gint64 limit = holds_int (first) ? json_node_get_int (first)
                                   : json_object_get_int_member (args, "last");
  gboolean forward = holds_int (first);
  gint64 after_id = -1, before_id = G_MAXINT64, dummy;
  guint n = array != NULL ? json_array_get_length (array) : 0;
  guint start, end;

  page->items = g_ptr_array_new ();
  page->cursors = g_ptr_array_new_with_free_func (g_free);
  if (arg_string (args, "after") != NULL)
    decode_cursor (arg_string (args, "after"), &after_id, &dummy);
  if (arg_string (args, "before") != NULL)
    decode_cursor (arg_string (args, "before"), &before_id, &dummy);

  for (guint i = 0; i < n; i++)
    {
      guint idx = reverse ? n - 1 - i : i;
      JsonObject *item = json_array_get_object_element (array, idx);
      gint64 pos = i;

      if (item == NULL || (keep != NULL && !keep (item, args)))
        continue;
      if (pos <= after_id || pos >= before_id)
        continue;
      g_ptr_array_add (all, item);
      g_array_append_val (positions, pos);
    }
  if (forward)
    {
      start = 0;
      end = MIN (all->len, (guint) limit);
      page->has_next = all->len > end;
      page->has_previous = after_id >= 0;
    }
  else
    {
      end = all->len;
      start = all->len > (guint) limit ? all->len - (guint) limit : 0;
      page->has_previous = start > 0;
      page->has_next = before_id != G_MAXINT64;
    }
  for (guint i = start; i < end; i++)
    {
      gint64 pos = g_array_index (positions, gint64, i);

      g_ptr_array_add (page->items, g_ptr_array_index (all, i));
      g_ptr_array_add (page->cursors, encode_cursor (pos, pos));
    }
}

static gboolean
keep_metafield (JsonObject *item,
                JsonObject *args)
{
  const char *ns = arg_string (args, "namespace");
  JsonNode *keys = json_object_get_member (args, "keys");
  const char *item_ns = json_object_get_string_member_with_default (item, "namespace", "");
  const char *item_key = json_object_get_string_member_with_default (item, "key", "");

  if (ns != NULL && !g_str_equal (ns, item_ns))
    return FALSE;
  if (keys != NULL && JSON_NODE_HOLDS_ARRAY (keys))
    {
      JsonArray *list = json_node_get_array (keys);

      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonNode *k = json_array_get_element (list, i);
          g_autofree char *full = g_strdup_printf ("%s.%s", item_ns, item_key);

          if (holds_string (k) && (g_str_equal (json_node_get_string (k), full) ||
                                   g_str_equal (json_node_get_string (k), item_key)))
            return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

/* ---- the orders search syntax ---- */

typedef enum { OP_EQ, OP_GT, OP_GE, OP_LT, OP_LE } SearchOp;

typedef struct
{
  BmdSimSortKey field;
  SearchOp      op;
  gint64        value;
  gint64        value_end;  /* OP_EQ on a date: [value, value_end) */
} Term;

static GArray *
parse_search (BmdSimStore *store,
              const char  *text)
{
  GArray *terms = g_array_new (FALSE, FALSE, sizeof (Term));
  const char *p = text;

  while (p != NULL && *p != '\0')
    {
      g_autoptr(GString) token = g_string_new (NULL);
      g_autoptr(GString) value = g_string_new (NULL);
      const char *colon;
      g_autofree char *name = NULL;
      const char *rest;
      Term term = { 0 };
      gboolean date_only = FALSE;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        break;
      /* One token, with quoted parts kept whole. */
      while (*p != '\0' && !g_ascii_isspace (*p))
        {
          if (*p == '\'' || *p == '"')
            {
              char quote = *p++;

              g_string_append_c (token, '\x01');
              while (*p != '\0' && *p != quote)
                g_string_append_c (token, *p++);
              if (*p == quote)
                p++;
            }
          else
            g_string_append_c (token, *p++);
        }
      if (g_str_equal (token->str, "AND") || g_str_equal (token->str, "OR"))
        continue;
      colon = strchr (token->str, ':');
      if (colon == NULL)
        continue;
      name = g_strndup (token->str, colon - token->str);
      rest = colon + 1;
      if (g_str_has_prefix (rest, ">="))
        term.op = OP_GE, rest += 2;
      else if (g_str_has_prefix (rest, "<="))
        term.op = OP_LE, rest += 2;
      else if (*rest == '>')
        term.op = OP_GT, rest++;
      else if (*rest == '<')
        term.op = OP_LT, rest++;
      else
        term.op = OP_EQ;
      for (; *rest != '\0'; rest++)
        if (*rest != '\x01')
          g_string_append_c (value, *rest);

      if (g_str_equal (name, "id"))
        {
          const char *v = value->str;
          char *end = NULL;

          if (g_str_has_prefix (v, "gid://shopify/Order/"))
            v += strlen ("gid://shopify/Order/");
          term.field = BMD_SIM_SORT_ID;
          term.value = g_ascii_strtoll (v, &end, 10);
          if (end == v || *end != '\0')
            continue;  /* Shopify ignores a filter it cannot read */
          term.value_end = term.value + 1;
        }
      else if (g_str_equal (name, "updated_at") || g_str_equal (name, "created_at") ||
               g_str_equal (name, "processed_at"))
        {
          term.field = g_str_equal (name, "updated_at") ? BMD_SIM_SORT_UPDATED_AT
                     : g_str_equal (name, "created_at") ? BMD_SIM_SORT_CREATED_AT
                     : BMD_SIM_SORT_PROCESSED_AT;
          if (!bmd_sim_parse_time (store, value->str, &term.value, &date_only))
            continue;
          term.value_end = date_only ? term.value + 86400 : term.value + 1;
        }
      else
        continue;
      g_array_append_val (terms, term);
    }
  return terms;
}

static gboolean
matches (GArray      *terms,
         BmdSimOrder *order)
{
  for (guint i = 0; i < terms->len; i++)
    {
      Term *t = &g_array_index (terms, Term, i);
      gint64 v = bmd_sim_order_sort_value (order, t->field);
      gboolean ok;

      switch (t->op)
        {
        case OP_EQ: ok = v >= t->value && v < t->value_end; break;
        case OP_GT: ok = v > t->value; break;
        case OP_GE: ok = v >= t->value; break;
        case OP_LT: ok = v < t->value; break;
        case OP_LE: ok = v <= t->value; break;
        default: ok = FALSE;
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* The range of sort values the terms allow, to bound the scan. */
static void
bounds (GArray       *terms,
        BmdSimSortKey key,
        gint64       *lo,
        gint64       *hi)
{
  *lo = G_MININT64;
  *hi = G_MAXINT64;
  for (guint i = 0; i < terms->len; i++)
    {
      Term *t = &g_array_index (terms, Term, i);

      if (t->field != key)
        continue;
      switch (t->op)
        {
        case OP_EQ: *lo = MAX (*lo, t->value); *hi = MIN (*hi, t->value_end - 1); break;
        case OP_GT: *lo = MAX (*lo, t->value + 1); break;
        case OP_GE: *lo = MAX (*lo, t->value); break;
        case OP_LT: *hi = MIN (*hi, t->value - 1); break;
        case OP_LE: *hi = MIN (*hi, t->value); break;
        default: break;
        }
    }
}

/* First index whose (value, id) is greater than (@value, @id), or >= when
 * @inclusive. */
static guint
search_sorted (GPtrArray    *sorted,
               BmdSimSortKey key,
               gint64        value,
               gint64        id,
               gboolean      inclusive)
{
  guint lo = 0, hi = sorted->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      BmdSimOrder *o = g_ptr_array_index (sorted, mid);
      gint64 v = bmd_sim_order_sort_value (o, key);
      gboolean before = v < value || (v == value && (inclusive ? o->id < id : o->id <= id));

      if (before)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Walks @sorted from @pos (inclusive) in @dir, collecting up to @limit
 * matching orders, stopping outside [lo, hi]. */
static void
collect (GPtrArray    *sorted,
         BmdSimSortKey key,
         gint64        pos,
         int           dir,
         guint         limit,
         GArray       *terms,
         gint64        lo,
         gint64        hi,
         GPtrArray    *out)
{
  for (; pos >= 0 && pos < (gint64) sorted->len && out->len < limit; pos += dir)
    {
      BmdSimOrder *o = g_ptr_array_index (sorted, pos);
      gint64 v = bmd_sim_order_sort_value (o, key);

      if ((dir > 0 && v > hi) || (dir < 0 && v < lo))
        break;
      if (matches (terms, o))
        g_ptr_array_add (out, o);
    }
}

static void
page_orders (Exec       *ex,
             JsonObject *args,
             Page       *page)
{
  const char *sort = arg_string (args, "sortKey");
  BmdSimSortKey key = BMD_SIM_SORT_ID;
  gboolean reverse = json_object_has_member (args, "reverse") &&
                     JSON_NODE_HOLDS_VALUE (json_object_get_member (args, "reverse")) &&
                     json_object_get_boolean_member (args, "reverse");
  JsonNode *first = json_object_get_member (args, "first");
  gboolean forward = holds_int (first);
  guint limit = forward ? json_node_get_int (first) : json_object_get_int_member (args, "last");
  const char *cursor = arg_string (args, forward ? "after" : "before");
  g_autoptr(GArray) terms = parse_search (ex->store, arg_string (args, "query"));
  g_autoptr(GPtrArray) probe = g_ptr_array_new ();
  GPtrArray *sorted;
  gint64 lo, hi, start;
  int dir;

  if (g_strcmp0 (sort, "UPDATED_AT") == 0)
    key = BMD_SIM_SORT_UPDATED_AT;
  else if (g_strcmp0 (sort, "CREATED_AT") == 0)
    key = BMD_SIM_SORT_CREATED_AT;
  else if (g_strcmp0 (sort, "PROCESSED_AT") == 0)
    key = BMD_SIM_SORT_PROCESSED_AT;
  sorted = bmd_sim_store_get_sorted (ex->store, key);
  bounds (terms, key, &lo, &hi);

  /* Walking direction over the ascending array: forward pages walk in the
   * sort order, backward pages against it. */
  dir = (forward != reverse) ? 1 : -1;
  if (cursor != NULL)
    {
      gint64 cid = 0, cvalue = 0;

      decode_cursor (cursor, &cid, &cvalue);
      if (dir > 0)
        {
          start = search_sorted (sorted, key, cvalue, cid, FALSE);
          if (lo != G_MININT64)
            start = MAX (start, (gint64) search_sorted (sorted, key, lo, G_MININT64, TRUE));
        }
      else
        start = (gint64) search_sorted (sorted, key, cvalue, cid, TRUE) - 1;
    }
  else if (dir > 0)
    start = lo == G_MININT64 ? 0 : search_sorted (sorted, key, lo, G_MININT64, TRUE);
  else
    start = hi == G_MAXINT64 ? (gint64) sorted->len - 1
                             : (gint64) search_sorted (sorted, key, hi, G_MAXINT64, FALSE) - 1;

  page->items = g_ptr_array_new ();
  page->cursors = g_ptr_array_new_with_free_func (g_free);
  collect (sorted, key, start, dir, limit + 1, terms, lo, hi, page->items);
  if (page->items->len > limit)
    {
      g_ptr_array_set_size (page->items, limit);
      if (forward)
        page->has_next = TRUE;
      else
        page->has_previous = TRUE;
    }
  if (cursor != NULL)
    {
      /* Is there anything on the other side of the cursor (itself included)? */
      collect (sorted, key, start - dir, -dir, 1, terms, lo, hi, probe);
      if (forward)
        page->has_previous = probe->len > 0;
      else
        page->has_next = probe->len > 0;
    }
  if (!forward)
    {
      /* Collected against the order; give them back in it. */
      for (guint i = 0; i < page->items->len / 2; i++)
        {
          gpointer tmp = page->items->pdata[i];

          page->items->pdata[i] = page->items->pdata[page->items->len - 1 - i];
          page->items->pdata[page->items->len - 1 - i] = tmp;
        }
    }
  for (guint i = 0; i < page->items->len; i++)
    {
      BmdSimOrder *o = g_ptr_array_index (page->items, i);

      g_ptr_array_add (page->cursors, encode_cursor (o->id, bmd_sim_order_sort_value (o, key)));
    }
}

static JsonObject *
find_metafield (JsonObject *order,
                const char *ns,
                const char *key)
{
  JsonNode *list = json_object_get_member (order, "metafields");
  JsonArray *array;

  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return NULL;
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *f = json_array_get_object_element (array, i);

      if (f != NULL &&
          g_strcmp0 (json_object_get_string_member_with_default (f, "namespace", NULL), ns) == 0 &&
          g_strcmp0 (json_object_get_string_member_with_default (f, "key", NULL), key) == 0)
        return f;
    }
  return NULL;
}

static JsonNode *
exec_order_create (Exec       *ex,
                   JsonObject *args,
                   GPtrArray  *selections)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  JsonArray *user_errors = json_array_new ();
  JsonObject *input = json_object_get_object_member (args, "order");
  BmdSimExecEnv *env = ex->env;
  const TypeDef *type = find_type ("OrderCreatePayload");
  double cost = 0;

  /* A sliding window of one minute, as development stores enforce. */
  while (!g_queue_is_empty (env->create_times) &&
         *(gint64 *) g_queue_peek_head (env->create_times) <= env->mono_now - 60 * G_USEC_PER_SEC)
    g_free (g_queue_pop_head (env->create_times));

  json_object_set_array_member (payload, "userErrors", user_errors);
  if (g_queue_get_length (env->create_times) >= env->create_rate)
    {
      JsonObject *error = json_object_new ();

      json_object_set_null_member (error, "field");
      json_object_set_string_member (error, "message", "Too many attempts. Please try again later.");
      json_object_set_null_member (error, "code");
      json_array_add_object_element (user_errors, error);
      json_object_set_null_member (payload, "order");
    }
  else
    {
      g_autofree char *message = NULL;
      g_autofree char *field = NULL;
      BmdSimOrder *order = bmd_sim_store_create_order (ex->store, input, env->now, &message, &field);

      if (order == NULL)
        {
          JsonObject *error = json_object_new ();
          JsonArray *path = json_array_new ();
          g_auto(GStrv) parts = g_strsplit (field, ".", -1);

          json_array_add_string_element (path, "order");
          for (guint i = 0; parts[i] != NULL; i++)
            json_array_add_string_element (path, parts[i]);
          json_object_set_array_member (error, "field", path);
          json_object_set_string_member (error, "message", message);
          json_object_set_string_member (error, "code", "INVALID");
          json_array_add_object_element (user_errors, error);
          json_object_set_null_member (payload, "order");
        }
      else
        {
          gint64 *t = g_new (gint64, 1);

          *t = env->mono_now;
          g_queue_push_tail (env->create_times, t);
          json_object_set_object_member (payload, "order", json_object_ref (order->node));
        }
    }
  return exec_object (ex, type, payload, selections, &cost);
}

static JsonNode *
exec_metafields_set (Exec       *ex,
                     JsonObject *args,
                     GPtrArray  *selections)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  JsonArray *user_errors = json_array_new ();
  JsonArray *set = json_array_new ();
  JsonArray *inputs = json_object_get_array_member (args, "metafields");
  double cost = 0;

  json_object_set_array_member (payload, "userErrors", user_errors);
  json_object_set_array_member (payload, "metafields", set);

  /* All or nothing, as Shopify: check every input first. */
  for (guint i = 0; i < json_array_get_length (inputs); i++)
    {
      JsonObject *in = json_array_get_object_element (inputs, i);
      const char *problem = NULL, *member = NULL, *code = NULL;
      BmdSimOrder *order = NULL;

      if (in == NULL)
        problem = "Metafield input is invalid.", member = "metafields", code = "INVALID_VALUE";
      else if ((order = bmd_sim_store_lookup_gid (ex->store, arg_string (in, "ownerId"))) == NULL)
        problem = "Owner does not exist.", member = "ownerId", code = "INVALID_VALUE";
      else if (arg_string (in, "key") == NULL || strlen (arg_string (in, "key")) < 2)
        problem = "Key is too short (minimum is 2 characters)", member = "key", code = "TOO_SHORT";
      else if (arg_string (in, "value") == NULL)
        problem = "Value can't be blank.", member = "value", code = "BLANK";
      else if (arg_string (in, "type") == NULL &&
               find_metafield (order->node, arg_string (in, "namespace") ? arg_string (in, "namespace") : "$app",
                               arg_string (in, "key")) == NULL)
        problem = "Type can't be blank.", member = "type", code = "BLANK";
      if (problem != NULL)
        {
          JsonObject *error = json_object_new ();
          JsonArray *path = json_array_new ();
          g_autofree char *index = g_strdup_printf ("%u", i);

          json_array_add_string_element (path, "metafields");
          json_array_add_string_element (path, index);
          json_array_add_string_element (path, member);
          json_object_set_array_member (error, "field", path);
          json_object_set_string_member (error, "message", problem);
          json_object_set_string_member (error, "code", code);
          json_object_set_int_member (error, "elementIndex", i);
          json_array_add_object_element (user_errors, error);
        }
    }
  if (json_array_get_length (user_errors) == 0)
    {
      for (guint i = 0; i < json_array_get_length (inputs); i++)
        {
          JsonObject *in = json_array_get_object_element (inputs, i);
          BmdSimOrder *order = bmd_sim_store_lookup_gid (ex->store, arg_string (in, "ownerId"));
          const char *ns = arg_string (in, "namespace") ? arg_string (in, "namespace") : "$app";
          JsonObject *field;

          /* Shopify does not bump the owner's updatedAt here. */
          field = bmd_sim_store_set_metafield (ex->store, order, ns, arg_string (in, "key"),
                                               arg_string (in, "type"), arg_string (in, "value"),
                                               FALSE, ex->env->now);
          json_array_add_object_element (set, json_object_ref (field));
        }
    }
  return exec_object (ex, find_type ("MetafieldsSetPayload"), payload, selections, &cost);
}

static JsonNode *
exec_field (Exec            *ex,
            const TypeDef   *type,
            const FieldDef  *field,
            JsonObject      *source,
            BmdGqlSelection *sel,
            double          *cost)
{
  g_autoptr(JsonObject) args = resolve_arguments (sel, ex->query->variables);
  const TypeDef *child = field->kind == K_SCALAR ? NULL : field_type (field);
  const char *tname = type->name;
  JsonNode *value;

  if (g_str_equal (tname, "Mutation"))
    {
      if (g_str_equal (field->name, "orderCreate"))
        return exec_order_create (ex, args, sel->selections);
      return exec_metafields_set (ex, args, sel->selections);
    }

  if (g_str_equal (tname, "QueryRoot"))
    {
      if (g_str_equal (field->name, "orders"))
        {
          Page page = { 0 };

          page_orders (ex, args, &page);
          value = exec_page (ex, child, &page, TRUE, sel->selections, cost);
          page_clear (&page);
          return value;
        }
      if (g_str_equal (field->name, "shop"))
        {
          *cost += 1;
          return exec_object (ex, child, bmd_sim_store_get_shop (ex->store), sel->selections, cost);
        }
      if (g_str_equal (field->name, "order") || g_str_equal (field->name, "node"))
        {
          BmdSimOrder *order = bmd_sim_store_lookup_gid (ex->store, arg_string (args, "id"));

          if (order == NULL)
            return json_node_new (JSON_NODE_NULL);
          *cost += 1;
          return exec_object (ex, find_type ("Order"), order->node, sel->selections, cost);
        }
      if (g_str_equal (field->name, "nodes"))
        {
          JsonArray *ids = json_object_get_array_member (args, "ids");
          JsonArray *list = json_array_new ();

          value = json_node_new (JSON_NODE_ARRAY);
          for (guint i = 0; i < json_array_get_length (ids); i++)
            {
              BmdSimOrder *order = bmd_sim_store_lookup_gid (ex->store,
                                                             json_array_get_string_element (ids, i));

              if (order == NULL)
                json_array_add_null_element (list);
              else
                {
                  *cost += 1;
                  json_array_add_element (list, exec_object (ex, find_type ("Order"), order->node,
                                                             sel->selections, cost));
                }
            }
          json_node_take_array (value, list);
          return value;
        }
    }

  if (g_str_equal (tname, "Order"))
    {
      if (g_str_equal (field->name, "metafield"))
        {
          const char *ns = arg_string (args, "namespace");
          JsonObject *f = find_metafield (source, ns ? ns : "$app", arg_string (args, "key"));

          if (f == NULL)
            return json_node_new (JSON_NODE_NULL);
          *cost += 1;
          return exec_object (ex, child, f, sel->selections, cost);
        }
      if (g_str_equal (field->name, "lineItems") || g_str_equal (field->name, "metafields"))
        {
          Page page = { 0 };
          JsonNode *list = json_object_get_member (source, field->name);

          page_array (list != NULL && JSON_NODE_HOLDS_ARRAY (list) ? json_node_get_array (list) : NULL,
                      args, g_str_equal (field->name, "metafields") ? keep_metafield : NULL, &page);
          value = exec_page (ex, child, &page, FALSE, sel->selections, cost);
          page_clear (&page);
          return value;
        }
    }

  switch (field->kind)
    {
    case K_SCALAR:
      value = source != NULL ? json_object_get_member (source, field->name) : NULL;
      return value != NULL ? json_node_copy (value) : json_node_new (JSON_NODE_NULL);
    case K_OBJECT:
      {
        JsonObject *obj = node_object (source, field->name);

        if (obj == NULL)
          return json_node_new (JSON_NODE_NULL);
        *cost += 1;
        return exec_object (ex, child, obj, sel->selections, cost);
      }
    case K_LIST:
      {
        JsonNode *list = source != NULL ? json_object_get_member (source, field->name) : NULL;
        JsonArray *out = json_array_new ();

        value = json_node_new (JSON_NODE_ARRAY);
        for (guint i = 0; list != NULL && JSON_NODE_HOLDS_ARRAY (list) &&
             i < json_array_get_length (json_node_get_array (list)); i++)
          {
            JsonObject *item = json_array_get_object_element (json_node_get_array (list), i);

            if (item != NULL)
              json_array_add_element (out, exec_object (ex, child, item, sel->selections, cost));
          }
        json_node_take_array (value, out);
        return value;
      }
    case K_CONNECTION:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

static void
exec_into (Exec          *ex,
           const TypeDef *type,
           JsonObject    *source,
           GPtrArray     *selections,
           JsonObject    *out,
           double        *cost)
{
  for (guint i = 0; i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);
      const FieldDef *field;

      if (sel->kind == BMD_GQL_INLINE_FRAGMENT)
        {
          if (condition_matches (sel->type_condition, type))
            exec_into (ex, type, source, sel->selections, out, cost);
          continue;
        }
      if (sel->kind == BMD_GQL_FRAGMENT_SPREAD)
        {
          BmdGqlFragment *frag = bmd_gql_document_find_fragment (ex->query->doc, sel->name);

          if (frag != NULL && condition_matches (frag->type_condition, type))
            exec_into (ex, type, source, frag->selections, out, cost);
          continue;
        }
      if (g_str_equal (sel->name, "__typename"))
        {
          json_object_set_string_member (out, response_key (sel), type->name);
          continue;
        }
      field = find_field (type, sel->name);
      if (field == NULL)
        continue;  /* validated away; a Node fragment field on another type */
      json_object_set_member (out, response_key (sel),
                              exec_field (ex, type, field, source, sel, cost));
    }
}

JsonNode *
bmd_sim_query_execute (BmdSimQuery   *query,
                       BmdSimStore   *store,
                       BmdSimExecEnv *env,
                       double        *actual_cost)
{
  Exec ex = { store, env, query, NULL };
  const TypeDef *root = find_type (query->op->is_mutation ? "Mutation" : "QueryRoot");
  double cost = 0;
  JsonNode *data;

  data = exec_object (&ex, root, NULL, query->op->selections, &cost);
  if (query->op->is_mutation)
    cost = query->requested;
  *actual_cost = cost;
  return data;
}
