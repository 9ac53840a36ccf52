#include "sim-test-util.h"

#include <string.h>

void
sim_reply_free (SimReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->body);
  g_free (reply->api_version);
  g_free (reply->retry_after);
  g_clear_pointer (&reply->root, json_node_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

SoupSession *
sim_session_new (void)
{
  return soup_session_new_with_options ("timeout", 30, NULL);
}

SimReply *
sim_post (SoupSession *session,
          const char  *url,
          const char  *path,
          const char  *token,
          const char  *content_type,
          const char  *body)
{
  g_autofree char *full = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", full);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SimReply *reply = g_new0 (SimReply, 1);
  SoupMessageHeaders *headers;

  g_assert_nonnull (msg);
  if (token != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  "X-Shopify-Access-Token", token);
  soup_message_set_request_body_from_bytes (msg, content_type, request);
  response = soup_session_send_and_read (session, msg, NULL, &reply->error);
  if (response == NULL)
    return reply;
  reply->status = soup_message_get_status (msg);
  reply->len = g_bytes_get_size (response);
  reply->body = g_strndup (g_bytes_get_data (response, NULL), reply->len);
  headers = soup_message_get_response_headers (msg);
  reply->api_version = g_strdup (soup_message_headers_get_one (headers, "X-Shopify-API-Version"));
  reply->retry_after = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  if (json_parser_load_from_data (parser, reply->body, reply->len, NULL))
    reply->root = json_node_copy (json_parser_get_root (parser));
  return reply;
}

SimReply *
sim_graphql_full (SoupSession   *session,
                  BmdShopifySim *sim,
                  const char    *version,
                  const char    *token,
                  const char    *query,
                  const char    *variables_json,
                  const char    *operation_name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = g_strdup_printf ("/admin/api/%s/graphql.json", version);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "query");
  json_builder_add_string_value (builder, query);
  if (variables_json != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, variables_json, -1, NULL));
      json_builder_set_member_name (builder, "variables");
      json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
    }
  if (operation_name != NULL)
    {
      json_builder_set_member_name (builder, "operationName");
      json_builder_add_string_value (builder, operation_name);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  body = json_generator_to_data (gen, NULL);
  return sim_post (session, bmd_shopify_sim_get_url (sim), path, token, "application/json", body);
}

SimReply *
sim_graphql (SoupSession   *session,
             BmdShopifySim *sim,
             const char    *query,
             const char    *variables_json)
{
  return sim_graphql_full (session, sim, "2026-10", "test-token", query, variables_json, NULL);
}

JsonNode *
sim_get (SimReply   *reply,
         const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = reply->root;

  for (guint i = 0; node != NULL && parts[i] != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint index = (guint) g_ascii_strtoull (parts[i], NULL, 10);

          node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
        }
      else
        node = NULL;
    }
  return node;
}

const char *
sim_get_string (SimReply   *reply,
                const char *path)
{
  JsonNode *node = sim_get (reply, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
sim_get_int (SimReply   *reply,
             const char *path)
{
  JsonNode *node = sim_get (reply, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return G_MININT64;
  return json_node_get_int (node);
}

gboolean
sim_has (SimReply   *reply,
         const char *path)
{
  return sim_get (reply, path) != NULL;
}

const char *
sim_error_code (SimReply *reply)
{
  return sim_get_string (reply, "errors.0.extensions.code");
}

BmdShopifySim *
sim_start (BmdShopifySimOptions *options)
{
  BmdShopifySim *sim = bmd_test_sim_start (options);

  g_assert_true (g_str_has_prefix (bmd_shopify_sim_get_url (sim), "http://127.0.0.1:"));
  return sim;
}
