#define G_LOG_DOMAIN "bmd-shopify"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bmd-shopify-client-private.h"

/* Walking pages of orders, fetching by id and creating orders: the calls
 * built on _bmd_shopify_client_request(). */

/* A growing walk's pages grow this many times over while they come back full. */
#define PAGE_GROWTH 4

/* After a request of @first nodes was refused as too big, or the bucket
 * turned out smaller than thought: is there a smaller request to try? */
static gboolean
should_shrink (BmdShopifyClient   *self,
               const char         *name,
               guint               first,
               double              per_node,
               BmdShopifyResponse *response,
               GError            **error)
{
  if (first <= 1 || response->error_code == NULL)
    return FALSE;

  if (strcmp (response->error_code, "BUCKET_TOO_SMALL") == 0)
    {
      double maximum = bmd_throttle_get_maximum (self->throttle);
      double per = per_node;

      if (response->has_cost && response->requested_cost > 0)
        per = MAX (per, bmd_throttle_cost_per_node (response->requested_cost, first));
      /* Always make progress towards a page that fits. */
      if (bmd_throttle_pick_first (per, maximum) >= first)
        per = MAX (per, (maximum - 2) / (first - 1) + 0.001);
      _bmd_shopify_client_store_cost (self->node_costs, name, per);
      g_debug ("%s: the bucket holds %.0f points, sizing pages to it", name, maximum);
    }
  else if (strcmp (response->error_code, "MAX_COST_EXCEEDED") == 0)
    {
      /* The cost per node is higher than modelled: ask for half as many. */
      double halved = (BMD_THROTTLE_MAX_QUERY_COST - 2) / (first / 2.0);

      _bmd_shopify_client_store_cost (self->node_costs, name, MAX (per_node * 2, halved));
      g_debug ("%s: %u nodes cost too much, shrinking", name, first);
    }
  else
    {
      return FALSE;
    }

  g_clear_error (error);
  return TRUE;
}

typedef enum
{
  SIZED_SENT,    /* @response holds the answer */
  SIZED_RESIZE,  /* refused as too big: the page size was adjusted, ask again */
  SIZED_FAILED,
} SizedResult;

/* Sends one request for @count nodes, and learns the cost per node from the
 * answer so the next request is sized to the bucket. */
static SizedResult
request_sized (BmdShopifyClient    *self,
               const char          *name,
               JsonObject          *variables,
               double               per_node,
               guint                count,
               const char          *detail,
               BmdShopifyResponse  *response,
               GCancellable        *cancellable,
               GError             **error)
{
  _bmd_shopify_response_init (response);
  if (!_bmd_shopify_client_request (self, name, variables,
                                    bmd_throttle_estimate_cost (per_node, count),
                                    detail, response, cancellable, error))
    {
      gboolean resize = should_shrink (self, name, count, per_node, response, error);

      _bmd_shopify_response_clear (response);
      return resize ? SIZED_RESIZE : SIZED_FAILED;
    }

  if (response->has_cost && response->requested_cost > 0)
    _bmd_shopify_client_store_cost (self->node_costs, name,
                                    bmd_throttle_cost_per_node (response->requested_cost, count));
  return SIZED_SENT;
}

/* How many nodes the next page asks for. The largest page the bucket and the
 * single-query limit allow, unless @growing (> 0) says fewer: then the first
 * page also asks for no more than the bucket holds now, so that a walk that
 * finds little is not held back for points it will not use (the requested
 * cost must be in the bucket before the query runs, even though the unused
 * part is refunded). */
static guint
pick_page_size (BmdShopifyClient *self,
                double            per_node,
                guint             growing,
                guint             page)
{
  guint largest = bmd_throttle_pick_first (per_node, bmd_throttle_get_maximum (self->throttle));
  guint first;

  if (growing == 0 || growing >= largest)
    return largest;
  first = growing;
  if (page == 0 && bmd_throttle_is_known (self->throttle))
    {
      double available = bmd_throttle_get_available (self->throttle, _bmd_shopify_now ());
      double fits = floor ((available - 2) / MAX (per_node, 1));

      /* An empty bucket still waits for one node's worth. */
      if (fits < first)
        first = fits < 1 ? 1 : (guint) fits;
    }
  return first;
}

/* Walks a connection (data.@connection) page by page. @first_page > 0 starts
 * with pages of at most that many nodes, growing while they come back full
 * (a walk expected to find few); 0 asks for the largest pages at once. */
static gboolean
walk_connection (BmdShopifyClient    *self,
                 const char          *name,
                 const char          *connection,
                 double               initial_per_node,
                 gboolean             with_keys,
                 const char          *search,
                 guint                first_page,
                 BmdShopifyPageFunc   func,
                 gpointer             user_data,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autofree char *after = NULL;
  /* Every cursor given so far: one given twice would walk in a circle. */
  g_autoptr(GHashTable) cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean has_next = TRUE;
  guint growing = first_page;
  guint page = 0;

  while (has_next)
    {
      g_autoptr(JsonObject) variables = json_object_new ();
      g_autofree char *detail = NULL;
      BmdShopifyResponse response;
      JsonObject *conn;
      JsonObject *page_info;
      JsonArray *nodes;
      const char *next_after;
      double per_node;
      guint first;
      gboolean ok;

      per_node = _bmd_shopify_client_lookup_cost (self->node_costs, name, initial_per_node);
      first = pick_page_size (self, per_node, growing, page);

      json_object_set_int_member (variables, "first", first);
      if (after != NULL)
        json_object_set_string_member (variables, "after", after);
      else
        json_object_set_null_member (variables, "after");
      if (search != NULL && *search != '\0')
        json_object_set_string_member (variables, "query", search);
      else
        json_object_set_null_member (variables, "query");
      if (with_keys)
        _bmd_shopify_client_add_metafield_keys (self, variables);

      detail = g_strdup_printf ("page %u, first %u", page + 1, first);
      switch (request_sized (self, name, variables, per_node, first, detail,
                             &response, cancellable, error))
        {
        case SIZED_RESIZE:
          continue;
        case SIZED_FAILED:
          return FALSE;
        case SIZED_SENT:
        default:
          break;
        }

      conn = _bmd_shopify_get_object (response.data, connection);
      page_info = _bmd_shopify_get_object (conn, "pageInfo");
      nodes = _bmd_shopify_get_array (conn, "nodes");
      if (nodes == NULL || page_info == NULL)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                       "Shopify’s answer to %s has no %s.nodes and pageInfo", name, connection);
          _bmd_shopify_response_clear (&response);
          return FALSE;
        }

      has_next = json_object_get_boolean_member_with_default (page_info, "hasNextPage", FALSE);
      next_after = json_object_get_string_member_with_default (page_info, "endCursor", NULL);
      if (has_next && next_after == NULL)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                       "Shopify’s answer to %s says there is a next page but gives no cursor",
                       name);
          _bmd_shopify_response_clear (&response);
          return FALSE;
        }
      /* The same cursor again would ask for the same pages for ever. */
      if (has_next && !g_hash_table_add (cursors, g_strdup (next_after)))
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                       "Shopify’s answer to %s (page %u) says there is a next page but its "
                       "cursor did not move",
                       name, page + 1);
          _bmd_shopify_response_clear (&response);
          return FALSE;
        }
      g_clear_pointer (&after, g_free);
      after = g_strdup (next_after);
      /* A full page says there is more than expected: ask for more at a
       * time, so a long walk soon reaches full-size pages. */
      if (growing > 0 && has_next && json_array_get_length (nodes) >= first)
        growing = first > G_MAXUINT / PAGE_GROWTH ? G_MAXUINT : first * PAGE_GROWTH;

      ok = func (nodes, user_data, error);
      _bmd_shopify_response_clear (&response);
      if (!ok)
        return FALSE;
      page++;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return TRUE;
}

/* Public API */

gboolean
bmd_shopify_client_fetch_orders (BmdShopifyClient   *self,
                                 const char         *search,
                                 BmdShopifyPageFunc  func,
                                 gpointer            user_data,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return walk_connection (self, "orders", "orders", BMD_SHOPIFY_ORDERS_COST_PER_NODE, TRUE, search,
                          0, func, user_data, cancellable, error);
}

gboolean
bmd_shopify_client_fetch_changed_orders (BmdShopifyClient   *self,
                                         const char         *search,
                                         BmdShopifyPageFunc  func,
                                         gpointer            user_data,
                                         GCancellable       *cancellable,
                                         GError            **error)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return walk_connection (self, "orders", "orders", BMD_SHOPIFY_ORDERS_COST_PER_NODE, TRUE, search,
                          BMD_SHOPIFY_FEW_ORDERS, func, user_data, cancellable, error);
}

gboolean
bmd_shopify_client_fetch_order_ids (BmdShopifyClient   *self,
                                    const char         *search,
                                    BmdShopifyPageFunc  func,
                                    gpointer            user_data,
                                    GCancellable       *cancellable,
                                    GError            **error)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return walk_connection (self, "order-ids", "orders", BMD_SHOPIFY_IDS_COST_PER_NODE, FALSE, search,
                          0, func, user_data, cancellable, error);
}

/* nodes(ids:) with document @name, in batches sized by cost. */
static gboolean
fetch_nodes_by_id (BmdShopifyClient   *self,
                   const char         *name,
                   double              initial_per_node,
                   GPtrArray          *ids,
                   BmdShopifyPageFunc  func,
                   gpointer            user_data,
                   GCancellable       *cancellable,
                   GError            **error)
{
  guint done = 0;

  while (done < ids->len)
    {
      g_autoptr(JsonObject) variables = json_object_new ();
      g_autoptr(JsonArray) batch = json_array_new ();
      g_autoptr(JsonArray) found = json_array_new ();
      g_autofree char *detail = NULL;
      BmdShopifyResponse response;
      JsonArray *nodes;
      double per_node;
      guint count;
      gboolean ok;

      per_node = _bmd_shopify_client_lookup_cost (self->node_costs, name, initial_per_node);
      count = bmd_throttle_pick_first (per_node, bmd_throttle_get_maximum (self->throttle));
      count = MIN (count, ids->len - done);

      for (guint i = 0; i < count; i++)
        json_array_add_string_element (batch, g_ptr_array_index (ids, done + i));
      json_object_set_array_member (variables, "ids", json_array_ref (batch));
      _bmd_shopify_client_add_metafield_keys (self, variables);

      detail = g_strdup_printf ("%u ids from %u", count, done);
      switch (request_sized (self, name, variables, per_node, count, detail,
                             &response, cancellable, error))
        {
        case SIZED_RESIZE:
          continue;
        case SIZED_FAILED:
          return FALSE;
        case SIZED_SENT:
        default:
          break;
        }

      nodes = _bmd_shopify_get_array (response.data, "nodes");
      if (nodes == NULL)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                       "Shopify’s answer to %s has no nodes", name);
          _bmd_shopify_response_clear (&response);
          return FALSE;
        }

      for (guint i = 0; i < json_array_get_length (nodes); i++)
        {
          JsonNode *node = json_array_get_element (nodes, i);

          /* Deleted orders come back as null; ids of other types as {}. */
          if (JSON_NODE_HOLDS_OBJECT (node) &&
              json_object_has_member (json_node_get_object (node), "id"))
            json_array_add_element (found, json_node_copy (node));
        }

      ok = func (found, user_data, error);
      _bmd_shopify_response_clear (&response);
      if (!ok)
        return FALSE;
      done += count;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
bmd_shopify_client_fetch_orders_by_id (BmdShopifyClient   *self,
                                       GPtrArray          *ids,
                                       BmdShopifyPageFunc  func,
                                       gpointer            user_data,
                                       GCancellable       *cancellable,
                                       GError            **error)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return fetch_nodes_by_id (self, "orders-by-id", BMD_SHOPIFY_ORDERS_COST_PER_NODE,
                            ids, func, user_data, cancellable, error);
}

gboolean
bmd_shopify_client_fetch_order_metafields_by_id (BmdShopifyClient   *self,
                                                 GPtrArray          *ids,
                                                 BmdShopifyPageFunc  func,
                                                 gpointer            user_data,
                                                 GCancellable       *cancellable,
                                                 GError            **error)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return fetch_nodes_by_id (self, "order-metafields-by-id", BMD_SHOPIFY_METAFIELDS_COST_PER_NODE,
                            ids, func, user_data, cancellable, error);
}

gboolean
bmd_shopify_client_fetch_drafts_by_id (BmdShopifyClient   *self,
                                       GPtrArray          *ids,
                                       BmdShopifyPageFunc  func,
                                       gpointer            user_data,
                                       GCancellable       *cancellable,
                                       GError            **error)
{
  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return fetch_nodes_by_id (self, "draft-orders-by-id", BMD_SHOPIFY_DRAFTS_COST_PER_NODE,
                            ids, func, user_data, cancellable, error);
}

char *
bmd_shopify_client_create_order (BmdShopifyClient  *self,
                                 JsonObject        *order_input,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  static const char name[] = "order-create";
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) options = json_object_new ();
  double started;

  g_return_val_if_fail (BMD_IS_SHOPIFY_CLIENT (self), NULL);
  g_return_val_if_fail (order_input != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  json_object_set_boolean_member (options, "sendReceipt", FALSE);
  json_object_set_object_member (variables, "order", json_object_ref (order_input));
  json_object_set_object_member (variables, "options", json_object_ref (options));

  started = _bmd_shopify_now ();
  while (TRUE)
    {
      g_autoptr(GString) problems = g_string_new (NULL);
      BmdShopifyResponse response;
      JsonObject *payload;
      JsonObject *order;
      JsonArray *user_errors;
      gboolean rate_limited = FALSE;
      char *id = NULL;
      double cost;

      if (self->create_paced)
        {
          double wait = self->last_create + self->create_retry_interval - _bmd_shopify_now ();

          if (wait > 0)
            {
              g_debug ("%s: pacing to the store’s creation limit, waiting %.1f s", name, wait);
              if (!_bmd_shopify_client_wait (self, wait, cancellable, error))
                return NULL;
            }
        }

      _bmd_shopify_response_init (&response);
      cost = _bmd_shopify_client_lookup_cost (self->query_costs, name,
                                              BMD_SHOPIFY_DEFAULT_QUERY_COST);
      if (!_bmd_shopify_client_request (self, name, variables, cost, NULL, &response,
                                        cancellable, error))
        {
          _bmd_shopify_response_clear (&response);
          return NULL;
        }
      if (response.has_cost && response.requested_cost > 0)
        _bmd_shopify_client_store_cost (self->query_costs, name, response.requested_cost);

      payload = _bmd_shopify_get_object (response.data, "orderCreate");
      user_errors = _bmd_shopify_get_array (payload, "userErrors");
      for (guint i = 0; user_errors != NULL && i < json_array_get_length (user_errors); i++)
        {
          JsonNode *node = json_array_get_element (user_errors, i);
          JsonObject *user_error;
          JsonArray *field;
          const char *message;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          user_error = json_node_get_object (node);
          message = json_object_get_string_member_with_default (user_error, "message", "refused");
          if (_bmd_shopify_is_rate_limit_message (message))
            rate_limited = TRUE;

          if (problems->len > 0)
            g_string_append (problems, "; ");
          field = _bmd_shopify_get_array (user_error, "field");
          if (field != NULL && json_array_get_length (field) > 0)
            {
              for (guint j = 0; j < json_array_get_length (field); j++)
                {
                  JsonNode *part = json_array_get_element (field, j);

                  if (j > 0)
                    g_string_append_c (problems, '.');
                  if (json_node_get_value_type (part) == G_TYPE_STRING)
                    g_string_append (problems, json_node_get_string (part));
                  else if (json_node_get_value_type (part) == G_TYPE_INT64)
                    g_string_append_printf (problems, "%" G_GINT64_FORMAT,
                                            json_node_get_int (part));
                }
              g_string_append (problems, ": ");
            }
          g_string_append (problems, message);
        }

      if (rate_limited)
        {
          double elapsed = _bmd_shopify_now () - started;

          _bmd_shopify_response_clear (&response);
          if (elapsed + self->create_retry_interval > self->retry_limit)
            {
              g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_THROTTLED,
                           "Shopify’s limit on new orders at %s did not clear in %.0f s: %s",
                           self->host, elapsed, problems->str);
              return NULL;
            }
          g_debug ("%s: the store’s order creation limit was hit (%s); waiting %.1f s",
                   name, problems->str, self->create_retry_interval);
          self->create_paced = TRUE;
          self->last_create = _bmd_shopify_now ();
          continue;
        }

      if (problems->len > 0)
        {
          g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER,
                       "Shopify refused to create the order: %s", problems->str);
          _bmd_shopify_response_clear (&response);
          return NULL;
        }

      self->last_create = _bmd_shopify_now ();
      order = _bmd_shopify_get_object (payload, "order");
      if (order != NULL)
        id = g_strdup (json_object_get_string_member_with_default (order, "id", NULL));
      _bmd_shopify_response_clear (&response);
      if (id == NULL)
        g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_BAD_RESPONSE,
                     "Shopify’s answer to orderCreate at %s has no order id", self->host);
      return id;
    }
}
