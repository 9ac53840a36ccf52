#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-sim-exec-private.h"
#include "bmd-sim-bulk.h"

#include <stdio.h>
#include <string.h>

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
  const TypeDef *node_type = _bmd_sim_member_type (conn, "nodes");
  const TypeDef *edge_type = _bmd_sim_member_type (conn, "edges");
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
                                  exec_object (ex, _bmd_sim_find_type ("PageInfo"), info, sel->selections, &free_cost));
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
            gboolean    unpaged,
            gboolean  (*keep) (JsonObject *item, JsonObject *args),
            Page       *page)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean reverse = json_object_has_member (args, "reverse") &&
                     JSON_NODE_HOLDS_VALUE (json_object_get_member (args, "reverse")) &&
                     json_object_get_boolean_member (args, "reverse");
  JsonNode *first = json_object_get_member (args, "first");
  gint64 limit = unpaged ? G_MAXINT
                 : _bmd_sim_holds_int (first) ? json_node_get_int (first)
                 : json_object_get_int_member (args, "last");
  gboolean forward = _bmd_sim_holds_int (first) || unpaged;
  gint64 after_id = -1, before_id = G_MAXINT64, dummy;
  guint n = array != NULL ? json_array_get_length (array) : 0;
  guint start, end;

  page->items = g_ptr_array_new ();
  page->cursors = g_ptr_array_new_with_free_func (g_free);
  if (!unpaged && _bmd_sim_arg_string (args, "after") != NULL)
    _bmd_sim_decode_cursor (_bmd_sim_arg_string (args, "after"), &after_id, &dummy);
  if (!unpaged && _bmd_sim_arg_string (args, "before") != NULL)
    _bmd_sim_decode_cursor (_bmd_sim_arg_string (args, "before"), &before_id, &dummy);

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
      g_ptr_array_add (page->cursors, _bmd_sim_encode_cursor (pos, pos));
    }
}

static gboolean
keep_metafield (JsonObject *item,
                JsonObject *args)
{
  const char *ns = _bmd_sim_arg_string (args, "namespace");
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

          if (_bmd_sim_holds_string (k) && (g_str_equal (json_node_get_string (k), full) ||
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
  const char *sort = _bmd_sim_arg_string (args, "sortKey");
  BmdSimSortKey key = BMD_SIM_SORT_ID;
  gboolean reverse = json_object_has_member (args, "reverse") &&
                     JSON_NODE_HOLDS_VALUE (json_object_get_member (args, "reverse")) &&
                     json_object_get_boolean_member (args, "reverse");
  JsonNode *first = json_object_get_member (args, "first");
  gboolean unpaged = ex->query->bulk;
  gboolean forward = _bmd_sim_holds_int (first) || unpaged;
  guint limit = unpaged ? G_MAXINT
                : forward ? json_node_get_int (first) : json_object_get_int_member (args, "last");
  const char *cursor = unpaged ? NULL : _bmd_sim_arg_string (args, forward ? "after" : "before");
  g_autoptr(GArray) terms = parse_search (ex->store, _bmd_sim_arg_string (args, "query"));
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

      _bmd_sim_decode_cursor (cursor, &cid, &cvalue);
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

      g_ptr_array_add (page->cursors, _bmd_sim_encode_cursor (o->id, bmd_sim_order_sort_value (o, key)));
    }
}

/* ordersCount: exact up to @limit (10,000 unless given; null: no limit). */
static JsonObject *
orders_count (Exec       *ex,
              JsonObject *args)
{
  g_autoptr(GArray) terms = parse_search (ex->store, _bmd_sim_arg_string (args, "query"));
  GPtrArray *all = bmd_sim_store_get_sorted (ex->store, BMD_SIM_SORT_ID);
  JsonNode *limit_node = json_object_get_member (args, "limit");
  gint64 limit = 10000, count = 0;
  JsonObject *out = json_object_new ();

  if (limit_node != NULL)
    limit = _bmd_sim_holds_int (limit_node) ? json_node_get_int (limit_node) : G_MAXINT64;
  for (guint i = 0; i < all->len; i++)
    if (matches (terms, g_ptr_array_index (all, i)))
      count++;
  json_object_set_int_member (out, "count", MIN (count, limit));
  json_object_set_string_member (out, "precision", count > limit ? "AT_LEAST" : "EXACT");
  return out;
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
  const TypeDef *type = _bmd_sim_find_type ("OrderCreatePayload");
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

/* The order with the gid @id, as its node, or NULL. */
static JsonObject *
find_order_node (Exec           *ex,
                 const char     *id,
                 const TypeDef **type)
{
  BmdSimOrder *order = bmd_sim_store_lookup_gid (ex->store, id);

  *type = _bmd_sim_find_type ("Order");
  return order != NULL ? order->node : NULL;
}

/* What node(id:) finds: an order, or a draft order of this shop. */
static JsonObject *
find_node (Exec           *ex,
           const char     *id,
           const TypeDef **type)
{
  if (id != NULL && g_str_has_prefix (id, "gid://shopify/DraftOrder/"))
    {
      *type = _bmd_sim_find_type ("DraftOrder");
      return ex->env->drafts != NULL ? bmd_sim_drafts_lookup (ex->env->drafts, id) : NULL;
    }
  return find_order_node (ex, id, type);
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
      else if ((order = bmd_sim_store_lookup_gid (ex->store, _bmd_sim_arg_string (in, "ownerId"))) == NULL)
        problem = "Owner does not exist.", member = "ownerId", code = "INVALID_VALUE";
      else if (_bmd_sim_arg_string (in, "key") == NULL || strlen (_bmd_sim_arg_string (in, "key")) < 2)
        problem = "Key is too short (minimum is 2 characters)", member = "key", code = "TOO_SHORT";
      else if (_bmd_sim_arg_string (in, "value") == NULL)
        problem = "Value can't be blank.", member = "value", code = "BLANK";
      else if (_bmd_sim_arg_string (in, "type") == NULL &&
               find_metafield (order->node, _bmd_sim_arg_string (in, "namespace") ? _bmd_sim_arg_string (in, "namespace") : "$app",
                               _bmd_sim_arg_string (in, "key")) == NULL)
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
          BmdSimOrder *order = bmd_sim_store_lookup_gid (ex->store, _bmd_sim_arg_string (in, "ownerId"));
          const char *ns = _bmd_sim_arg_string (in, "namespace") ? _bmd_sim_arg_string (in, "namespace") : "$app";
          JsonObject *old = find_metafield (order->node, ns, _bmd_sim_arg_string (in, "key"));
          JsonObject *field;
          gboolean changed;

          /* A metafield change moves its order's updatedAt (what the
           * extractors rely on); writing the value it already has is a
           * no-op since 2025-02. The other world, where an edit leaves the
           * order alone, is a flag away. */
          changed = old == NULL || g_strcmp0 (json_object_get_string_member_with_default (old, "value", NULL),
                                              _bmd_sim_arg_string (in, "value")) != 0;
          field = bmd_sim_store_set_metafield (ex->store, order, ns, _bmd_sim_arg_string (in, "key"),
                                               _bmd_sim_arg_string (in, "type"), _bmd_sim_arg_string (in, "value"),
                                               changed && !ex->env->metafield_edits_keep_updated_at, ex->env->now);
          json_array_add_object_element (set, json_object_ref (field));
        }
    }
  return exec_object (ex, _bmd_sim_find_type ("MetafieldsSetPayload"), payload, selections, &cost);
}

static JsonNode *
exec_field (Exec            *ex,
            const TypeDef   *type,
            const FieldDef  *field,
            JsonObject      *source,
            BmdGqlSelection *sel,
            double          *cost)
{
  g_autoptr(JsonObject) args = _bmd_sim_resolve_arguments (sel, ex->query->variables);
  const TypeDef *child = field->kind == K_SCALAR ? NULL : _bmd_sim_field_type (field);
  const char *tname = type->name;
  JsonNode *value;

  if (g_str_equal (tname, "Mutation"))
    {
      if (g_str_equal (field->name, "orderCreate"))
        return exec_order_create (ex, args, sel->selections);
      if (g_str_has_prefix (field->name, "bulkOperation"))
        {
          g_autoptr(JsonObject) payload = NULL;
          double unused = 0;

          if (ex->env->bulk == NULL)
            return json_node_new (JSON_NODE_NULL);
          payload = g_str_equal (field->name, "bulkOperationRunQuery")
                    ? bmd_sim_bulk_run_query (ex->env->bulk, ex->store, _bmd_sim_arg_string (args, "query"),
                                              ex->env->now, ex->env->mono_now)
                    : bmd_sim_bulk_cancel (ex->env->bulk, _bmd_sim_arg_string (args, "id"), ex->env->mono_now);
          return exec_object (ex, child, payload, sel->selections, &unused);
        }
      if (g_str_has_prefix (field->name, "draftOrder"))
        {
          g_autoptr(JsonObject) payload = NULL;
          double unused = 0;

          if (ex->env->drafts == NULL)
            return json_node_new (JSON_NODE_NULL);
          payload = g_str_equal (field->name, "draftOrderCreate")
                    ? bmd_sim_drafts_create (ex->env->drafts, json_object_get_object_member (args, "input"), ex->env->now)
                    : bmd_sim_drafts_send_invoice (ex->env->drafts, _bmd_sim_arg_string (args, "id"), ex->env->now);
          return exec_object (ex, child, payload, sel->selections, &unused);
        }
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
      if (g_str_equal (field->name, "draftOrders"))
        {
          Page page = { 0 };
          g_autoptr(JsonArray) found = NULL;

          if (ex->env->drafts == NULL)
            return json_node_new (JSON_NODE_NULL);
          found = bmd_sim_drafts_search (ex->env->drafts, _bmd_sim_arg_string (args, "query"));
          page_array (found, args, ex->query->bulk, NULL, &page);
          value = exec_page (ex, child, &page, FALSE, sel->selections, cost);
          page_clear (&page);
          return value;
        }
      if (g_str_equal (field->name, "shop"))
        {
          *cost += 1;
          return exec_object (ex, child, bmd_sim_store_get_shop (ex->store), sel->selections, cost);
        }
      if (g_str_equal (field->name, "ordersCount"))
        {
          g_autoptr(JsonObject) count = orders_count (ex, args);

          *cost += 1;
          return exec_object (ex, child, count, sel->selections, cost);
        }
      if (g_str_equal (field->name, "currentBulkOperation") ||
          (g_str_equal (field->name, "node") &&
           g_str_has_prefix (_bmd_sim_arg_string (args, "id"), BMD_SIM_BULK_GID_PREFIX)))
        {
          g_autoptr(JsonObject) operation = NULL;

          if (ex->env->bulk != NULL)
            operation = g_str_equal (field->name, "node")
                        ? bmd_sim_bulk_describe (ex->env->bulk, _bmd_sim_arg_string (args, "id"), ex->env->mono_now)
                        : bmd_sim_bulk_describe_current (ex->env->bulk, ex->env->mono_now);
          if (operation == NULL)
            return json_node_new (JSON_NODE_NULL);
          *cost += 1;
          return exec_object (ex, _bmd_sim_find_type ("BulkOperation"), operation, sel->selections, cost);
        }
      if (g_str_equal (field->name, "order") || g_str_equal (field->name, "node"))
        {
          const TypeDef *found_type = NULL;
          JsonObject *found = g_str_equal (field->name, "node")
                              ? find_node (ex, _bmd_sim_arg_string (args, "id"), &found_type)
                              : find_order_node (ex, _bmd_sim_arg_string (args, "id"), &found_type);

          if (found == NULL)
            return json_node_new (JSON_NODE_NULL);
          *cost += 1;
          return exec_object (ex, found_type, found, sel->selections, cost);
        }
      if (g_str_equal (field->name, "nodes"))
        {
          JsonArray *ids = json_object_get_array_member (args, "ids");
          JsonArray *list = json_array_new ();

          value = json_node_new (JSON_NODE_ARRAY);
          for (guint i = 0; i < json_array_get_length (ids); i++)
            {
              const TypeDef *found_type = NULL;
              JsonObject *found = find_node (ex, json_array_get_string_element (ids, i), &found_type);

              if (found == NULL)
                json_array_add_null_element (list);
              else
                {
                  *cost += 1;
                  json_array_add_element (list, exec_object (ex, found_type, found, sel->selections, cost));
                }
            }
          json_node_take_array (value, list);
          return value;
        }
    }

  /* A draft's metafields are the ones its draftOrderCreate input gave. */
  if (g_str_equal (tname, "DraftOrder") && g_str_equal (field->name, "metafield"))
    {
      const char *ns = _bmd_sim_arg_string (args, "namespace");
      JsonObject *input = json_object_get_object_member (source, "_input");
      JsonObject *f = input != NULL ? find_metafield (input, ns ? ns : "$app", _bmd_sim_arg_string (args, "key")) : NULL;

      if (f == NULL)
        return json_node_new (JSON_NODE_NULL);
      *cost += 1;
      return exec_object (ex, child, f, sel->selections, cost);
    }

  if (g_str_equal (tname, "Order"))
    {
      if (g_str_equal (field->name, "metafield"))
        {
          const char *ns = _bmd_sim_arg_string (args, "namespace");
          JsonObject *f = find_metafield (source, ns ? ns : "$app", _bmd_sim_arg_string (args, "key"));

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
                      args, ex->query->bulk, g_str_equal (field->name, "metafields") ? keep_metafield : NULL,
                      &page);
          value = exec_page (ex, child, &page, FALSE, sel->selections, cost);
          page_clear (&page);
          return value;
        }
    }

  if (g_str_equal (tname, "Customer") && g_str_equal (field->name, "orders"))
    {
      /* The customer's orders, oldest first (sortKey and query not modelled). */
      g_autoptr(JsonArray) mine = json_array_new ();
      GPtrArray *all = bmd_sim_store_get_sorted (ex->store, BMD_SIM_SORT_ID);
      const char *id = json_object_get_string_member_with_default (source, "id", "");
      Page page = { 0 };

      for (guint i = 0; i < all->len; i++)
        {
          JsonObject *order = ((BmdSimOrder *) g_ptr_array_index (all, i))->node;
          JsonObject *customer = node_object (order, "customer");

          if (customer != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (customer, "id", NULL), id) == 0)
            json_array_add_object_element (mine, json_object_ref (order));
        }
      page_array (mine, args, ex->query->bulk, NULL, &page);
      value = exec_page (ex, child, &page, FALSE, sel->selections, cost);
      page_clear (&page);
      return value;
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
          if (_bmd_sim_condition_matches (sel->type_condition, type))
            exec_into (ex, type, source, sel->selections, out, cost);
          continue;
        }
      if (sel->kind == BMD_GQL_FRAGMENT_SPREAD)
        {
          BmdGqlFragment *frag = bmd_gql_document_find_fragment (ex->query->doc, sel->name);

          if (frag != NULL && _bmd_sim_condition_matches (frag->type_condition, type))
            exec_into (ex, type, source, frag->selections, out, cost);
          continue;
        }
      if (g_str_equal (sel->name, "__typename"))
        {
          json_object_set_string_member (out, response_key (sel), type->name);
          continue;
        }
      field = _bmd_sim_find_field (type, sel->name);
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
  const TypeDef *root = _bmd_sim_find_type (query->op->is_mutation ? "Mutation" : "QueryRoot");
  double cost = 0;
  JsonNode *data;

  data = exec_object (&ex, root, NULL, query->op->selections, &cost);
  if (query->op->is_mutation)
    cost = query->requested;
  *actual_cost = cost;
  return data;
}
