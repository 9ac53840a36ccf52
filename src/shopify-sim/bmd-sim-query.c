#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-exec-private.h"

#include <stdio.h>
#include <string.h>

static const char *order_sort_keys[] = {
  "ID", "UPDATED_AT", "CREATED_AT", "PROCESSED_AT", "ORDER_NUMBER", "RELEVANCE",
};

/* ---- values ---- */

JsonNode *
_bmd_sim_resolve_value (BmdGqlValue *value,
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
          json_array_add_element (array, _bmd_sim_resolve_value (g_ptr_array_index (value->items, i), variables));
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

            json_object_set_member (object, arg->name, _bmd_sim_resolve_value (arg->value, variables));
          }
        node = json_node_new (JSON_NODE_OBJECT);
        json_node_take_object (node, object);
        return node;
      }
    default:
      g_assert_not_reached ();
    }
}

JsonObject *
_bmd_sim_resolve_arguments (BmdGqlSelection *sel,
                   JsonObject      *variables)
{
  JsonObject *args = json_object_new ();

  for (guint i = 0; i < sel->arguments->len; i++)
    {
      BmdGqlArgument *arg = g_ptr_array_index (sel->arguments, i);

      json_object_set_member (args, arg->name, _bmd_sim_resolve_value (arg->value, variables));
    }
  return args;
}

gboolean
_bmd_sim_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

gboolean
_bmd_sim_holds_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
_bmd_sim_holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

const char *
_bmd_sim_arg_string (JsonObject *args,
            const char *name)
{
  JsonNode *node = json_object_get_member (args, name);

  return _bmd_sim_holds_string (node) ? json_node_get_string (node) : NULL;
}

char *
_bmd_sim_describe_node (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

/* ---- cursors ---- */

char *
_bmd_sim_encode_cursor (gint64 id,
               gint64 value)
{
  g_autofree char *json = g_strdup_printf ("{\"last_id\":%" G_GINT64_FORMAT ",\"last_value\":%"
                                           G_GINT64_FORMAT "}", id, value);

  return g_base64_encode ((const guchar *) json, strlen (json));
}

gboolean
_bmd_sim_decode_cursor (const char *cursor,
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
  g_autofree char *text = _bmd_sim_describe_node (value);

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

  if (!_bmd_sim_is_null (first) && !_bmd_sim_holds_int (first))
    return invalid_argument (w, sel, "first", first, "Int"), FALSE;
  if (!_bmd_sim_is_null (last) && !_bmd_sim_holds_int (last))
    return invalid_argument (w, sel, "last", last, "Int"), FALSE;
  if (_bmd_sim_is_null (first) && _bmd_sim_is_null (last))
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "you must provide one of first or last");
      return FALSE;
    }
  if (!_bmd_sim_is_null (first) && !_bmd_sim_is_null (last))
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "providing both first and last is not supported");
      return FALSE;
    }
  *size = _bmd_sim_holds_int (first) ? json_node_get_int (first) : json_node_get_int (last);
  if (*size < 0)
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "Argument '%s' on Field '%s' must be a non-negative integer",
                         _bmd_sim_holds_int (first) ? "first" : "last", sel->name);
      return FALSE;
    }
  if (*size > BMD_SIM_MAX_PAGE_SIZE)
    {
      bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                         "The %s argument on field '%s' must be less than or equal to %d",
                         _bmd_sim_holds_int (first) ? "first" : "last", sel->name, BMD_SIM_MAX_PAGE_SIZE);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      JsonNode *c = json_object_get_member (args, names[i]);
      gint64 a, b;

      if (_bmd_sim_is_null (c))
        continue;
      if (!_bmd_sim_holds_string (c) || !_bmd_sim_decode_cursor (json_node_get_string (c), &a, &b))
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "BAD_REQUEST",
                             "Invalid cursor for current pagination sort.");
          return FALSE;
        }
    }
  if (!_bmd_sim_is_null (json_object_get_member (args, "reverse")) &&
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
  /* A bulk query reads whole connections: paging arguments are ignored. */
  if (field->kind == K_CONNECTION && !w->query->bulk && !check_paging (w, sel, args, size))
    return FALSE;
  if (g_str_equal (parent->name, "QueryRoot") && g_str_equal (name, "orders"))
    {
      JsonNode *sort = json_object_get_member (args, "sortKey");
      JsonNode *q = json_object_get_member (args, "query");
      gboolean ok = _bmd_sim_is_null (sort);

      for (guint i = 0; !ok && i < G_N_ELEMENTS (order_sort_keys); i++)
        ok = _bmd_sim_holds_string (sort) && g_str_equal (json_node_get_string (sort), order_sort_keys[i]);
      if (!ok)
        return invalid_argument (w, sel, "sortKey", sort, "OrderSortKeys"), FALSE;
      if (!_bmd_sim_is_null (q) && !_bmd_sim_holds_string (q))
        return invalid_argument (w, sel, "query", q, "String"), FALSE;
    }
  else if (g_str_equal (parent->name, "QueryRoot") && g_str_equal (name, "nodes"))
    {
      JsonNode *ids = json_object_get_member (args, "ids");

      if (ids != NULL && _bmd_sim_holds_string (ids))
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
        if (!_bmd_sim_holds_string (json_array_get_element (json_node_get_array (ids), i)))
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
      if (_bmd_sim_arg_string (args, "id") == NULL)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field '%s' is missing required arguments: id", name);
          return FALSE;
        }
    }
  else if (g_str_equal (parent->name, "Order") && g_str_equal (name, "metafield"))
    {
      if (_bmd_sim_arg_string (args, "key") == NULL)
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
  else if (g_str_equal (parent->name, "Mutation") && g_str_equal (name, "draftOrderCreate"))
    {
      JsonNode *input = json_object_get_member (args, "input");

      if (input == NULL || !JSON_NODE_HOLDS_OBJECT (input))
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field 'draftOrderCreate' is missing required arguments: input");
          return FALSE;
        }
    }
  else if (g_str_equal (parent->name, "Mutation") && g_str_equal (name, "draftOrderInvoiceSend"))
    {
      if (_bmd_sim_arg_string (args, "id") == NULL)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field 'draftOrderInvoiceSend' is missing required arguments: id");
          return FALSE;
        }
    }
  else if (g_str_equal (parent->name, "Mutation") &&
           (g_str_equal (name, "bulkOperationRunQuery") || g_str_equal (name, "bulkOperationCancel")))
    {
      const char *required = g_str_equal (name, "bulkOperationCancel") ? "id" : "query";

      if (_bmd_sim_arg_string (args, required) == NULL)
        {
          bmd_sim_add_error (w->errors, sel->line, sel->column, "missingRequiredArguments",
                             "Field '%s' is missing required arguments: %s", name, required);
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
      f = _bmd_sim_find_field (conn, sel->name);
      if (f == NULL || sel->selections == NULL)
        continue;
      if (g_str_equal (sel->name, "nodes"))
        best = MAX (best, 1 + walk_cost (w, _bmd_sim_find_type (f->type), sel->selections));
      else if (g_str_equal (sel->name, "edges"))
        {
          const TypeDef *edge = _bmd_sim_find_type (f->type);

          for (guint j = 0; j < sel->selections->len; j++)
            {
              BmdGqlSelection *e = g_ptr_array_index (sel->selections, j);

              if (e->kind == BMD_GQL_FIELD && g_str_equal (e->name, "node") && e->selections != NULL)
                best = MAX (best, 1 + walk_cost (w, _bmd_sim_member_type (edge, "node"),
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
          if (condition != NULL && !_bmd_sim_condition_known (condition))
            bmd_sim_add_error (w->errors, sel->line, sel->column, "undefinedType",
                               "No such type %s, so it can't be a fragment condition", condition);
          else
            {
              const TypeDef *cond_type = condition != NULL ? _bmd_sim_find_type (condition) : NULL;
              gboolean is_node = g_str_equal (type->name, "Node");

              /* On the Node interface (nodes, node) a fragment picks the
               * concrete type whose fields it reads. */
              if (is_node && cond_type != NULL)
                as = cond_type;
              if (is_node || _bmd_sim_condition_matches (condition, type) ||
                  (cond_type != NULL && _bmd_sim_word_in (cond_type->interfaces, type->name)))
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

      field = _bmd_sim_find_field (type, sel->name);
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

          if (field->args == NULL || !_bmd_sim_word_in (field->args, arg->name))
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
      child = _bmd_sim_field_type (field);
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
      args = _bmd_sim_resolve_arguments (sel, w->query->variables);
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

  if (_bmd_sim_is_null (value))
    return !var->non_null;
  if (base[0] == '[')
    return TRUE;
  if (g_str_has_prefix (base, "Int"))
    return _bmd_sim_holds_int (value);
  if (g_str_has_prefix (base, "String") || g_str_has_prefix (base, "DateTime") ||
      g_str_has_prefix (base, "URL"))
    return _bmd_sim_holds_string (value);
  if (g_str_has_prefix (base, "ID"))
    return _bmd_sim_holds_string (value) || _bmd_sim_holds_int (value);
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
        value = _bmd_sim_resolve_value (var->default_value, NULL);
      else
        value = json_node_new (JSON_NODE_NULL);

      if (var->type[0] == '[' && !_bmd_sim_is_null (value) && !JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *list = json_array_new ();
          JsonNode *wrapped = json_node_new (JSON_NODE_ARRAY);

          json_array_add_element (list, value);
          json_node_take_array (wrapped, list);
          value = wrapped;
        }
      if (!coerce_variable (var, value))
        {
          g_autofree char *text = _bmd_sim_describe_node (value);

          bmd_sim_add_error (errors, var->line, var->column, "INVALID_VARIABLE",
                             "Variable $%s of type %s was provided invalid value%s%s",
                             var->name, var->type, _bmd_sim_is_null (value) ? "" : ": ",
                             _bmd_sim_is_null (value) ? "" : text);
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
bmd_sim_query_has_root_field (BmdSimQuery *query,
                              const char  *prefix)
{
  for (guint i = 0; i < query->op->selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (query->op->selections, i);

      if (sel->kind == BMD_GQL_FIELD && sel->name != NULL && g_str_has_prefix (sel->name, prefix))
        return TRUE;
    }
  return FALSE;
}

gboolean
bmd_sim_query_is_mutation (BmdSimQuery *query)
{
  return query->op->is_mutation;
}

static BmdSimQuery *
prepare (const char *text,
         const char *operation_name,
         JsonNode   *variables,
         gboolean    bulk,
         JsonArray  *errors)
{
  g_autoptr(BmdSimQuery) query = g_new0 (BmdSimQuery, 1);
  BmdGqlSyntaxError syntax = { 0 };
  Walk w = { 0 };
  guint before = json_array_get_length (errors);

  query->bulk = bulk;

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
  query->requested = walk_cost (&w, _bmd_sim_find_type (query->op->is_mutation ? "Mutation" : "QueryRoot"),
                                query->op->selections);
  g_hash_table_unref (w.visiting);
  if (json_array_get_length (errors) > before)
    return NULL;
  return g_steal_pointer (&query);
}

BmdSimQuery *
bmd_sim_query_prepare (const char *text,
                       const char *operation_name,
                       JsonNode   *variables,
                       JsonArray  *errors)
{
  return prepare (text, operation_name, variables, FALSE, errors);
}

BmdSimQuery *
bmd_sim_query_prepare_bulk (const char *text,
                            JsonArray  *errors)
{
  return prepare (text, NULL, NULL, TRUE, errors);
}

GPtrArray *
bmd_sim_query_get_selections (BmdSimQuery *query)
{
  return query->op->selections;
}
