#define G_LOG_DOMAIN "bmd-sim"

/* Shopify's limits on the inner query of a bulk operation, checked on the
 * parsed and validated query. */

#include "bmd-sim-bulk-private.h"
#include "bmd-sim-exec-private.h"

#define MAX_CONNECTIONS 5
#define MAX_NESTING     2

typedef struct
{
  BmdSimQuery *query;
  guint        connections;
  char        *problem;
} Check;

static void check_selections (Check *check, const TypeDef *type, GPtrArray *selections, guint depth);

/* Whether @selections read the id itself (unaliased), as the parent of a
 * nested connection must for its children's __parentId. */
static gboolean
selects_id (Check     *check,
            GPtrArray *selections)
{
  for (guint i = 0; i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);

      if (sel->kind == BMD_GQL_FIELD && g_str_equal (sel->name, "id") && sel->alias == NULL)
        return TRUE;
      if (sel->kind == BMD_GQL_INLINE_FRAGMENT && selects_id (check, sel->selections))
        return TRUE;
      if (sel->kind == BMD_GQL_FRAGMENT_SPREAD)
        {
          BmdGqlFragment *frag = bmd_gql_document_find_fragment (check->query->doc, sel->name);

          if (frag != NULL && selects_id (check, frag->selections))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
has_connection (Check         *check,
                const TypeDef *type,
                GPtrArray     *selections)
{
  for (guint i = 0; selections != NULL && i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);
      const FieldDef *field;

      if (sel->kind == BMD_GQL_INLINE_FRAGMENT && has_connection (check, type, sel->selections))
        return TRUE;
      if (sel->kind == BMD_GQL_FRAGMENT_SPREAD)
        {
          BmdGqlFragment *frag = bmd_gql_document_find_fragment (check->query->doc, sel->name);

          if (frag != NULL && has_connection (check, type, frag->selections))
            return TRUE;
        }
      if (sel->kind != BMD_GQL_FIELD || (field = _bmd_sim_find_field (type, sel->name)) == NULL)
        continue;
      if (field->kind == K_CONNECTION)
        return TRUE;
      if (field->kind == K_OBJECT && has_connection (check, _bmd_sim_field_type (field), sel->selections))
        return TRUE;
    }
  return FALSE;
}

/* The node selections of a connection (nodes { … } and edges { node { … } }). */
static void
check_connection (Check          *check,
                  const FieldDef *field,
                  GPtrArray      *selections,
                  guint           depth)
{
  const TypeDef *node_type = _bmd_sim_find_type (field->type);

  for (guint i = 0; selections != NULL && i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);
      GPtrArray *inner = NULL;

      if (sel->kind != BMD_GQL_FIELD || sel->selections == NULL)
        continue;
      if (g_str_equal (sel->name, "nodes"))
        inner = sel->selections;
      else if (g_str_equal (sel->name, "edges"))
        for (guint j = 0; j < sel->selections->len; j++)
          {
            BmdGqlSelection *e = g_ptr_array_index (sel->selections, j);

            if (e->kind == BMD_GQL_FIELD && g_str_equal (e->name, "node"))
              inner = e->selections;
          }
      if (inner == NULL)
        continue;
      if (check->problem == NULL && has_connection (check, node_type, inner) && !selects_id (check, inner))
        check->problem = g_strdup_printf ("The parent 'node' field for a nested connection must select "
                                          "the 'id' field without an alias and must be of 'ID' return "
                                          "type. Connection field: '%s'.", field->name);
      check_selections (check, node_type, inner, depth);
    }
}

static void
check_selections (Check         *check,
                  const TypeDef *type,
                  GPtrArray     *selections,
                  guint          depth)
{
  for (guint i = 0; selections != NULL && i < selections->len; i++)
    {
      BmdGqlSelection *sel = g_ptr_array_index (selections, i);
      const FieldDef *field;

      if (sel->kind == BMD_GQL_INLINE_FRAGMENT)
        {
          const TypeDef *as = sel->type_condition != NULL ? _bmd_sim_find_type (sel->type_condition) : NULL;

          check_selections (check, as != NULL ? as : type, sel->selections, depth);
          continue;
        }
      if (sel->kind == BMD_GQL_FRAGMENT_SPREAD)
        {
          BmdGqlFragment *frag = bmd_gql_document_find_fragment (check->query->doc, sel->name);
          const TypeDef *as = frag != NULL && frag->type_condition != NULL
                              ? _bmd_sim_find_type (frag->type_condition) : NULL;

          if (frag != NULL)
            check_selections (check, as != NULL ? as : type, frag->selections, depth);
          continue;
        }
      if (g_str_equal (type->name, "QueryRoot") &&
          (g_str_equal (sel->name, "node") || g_str_equal (sel->name, "nodes")) && check->problem == NULL)
        check->problem = g_strdup ("Bulk queries cannot contain a top level `node` or `nodes` field.");
      field = _bmd_sim_find_field (type, sel->name);
      if (field == NULL || field->kind == K_SCALAR)
        continue;
      if (field->kind == K_CONNECTION)
        {
          check->connections++;
          if (depth + 1 > MAX_NESTING && check->problem == NULL)
            check->problem = g_strdup_printf ("Bulk queries cannot contain connections with a nesting depth "
                                              "greater than %d. Connection field: '%s'.",
                                              MAX_NESTING, sel->name);
          check_connection (check, field, sel->selections, depth + 1);
        }
      else
        check_selections (check, _bmd_sim_field_type (field), sel->selections, depth);
    }
}

char *
_bmd_sim_bulk_check_query (BmdSimQuery *query)
{
  Check check = { query, 0, NULL };

  if (query->op->is_mutation)
    return g_strdup ("Bulk queries must be queries, not mutations: use bulkOperationRunMutation.");
  check_selections (&check, _bmd_sim_find_type ("QueryRoot"), query->op->selections, 0);
  if (check.problem != NULL)
    return check.problem;
  if (check.connections == 0)
    return g_strdup ("Bulk queries must contain at least one connection.");
  if (check.connections > MAX_CONNECTIONS)
    return g_strdup_printf ("Bulk queries cannot contain more than %d connections.", MAX_CONNECTIONS);
  return NULL;
}

