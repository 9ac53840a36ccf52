/* orderCreate (paced like a development store) and metafieldsSet. */
#include "sim-test-util.h"

#include <string.h>

static BmdShopifySim *
start_sim (guint create_rate)
{
  BmdShopifySimOptions options;

  bmd_shopify_sim_options_init (&options);
  options.requests = 10;
  options.create_rate = create_rate;
  return sim_start (&options);
}

static char *
read_document (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("BMD_SOURCE_DIR"), "resources", "graphql", name, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static const char order_vars[] =
  "{\"order\": {\"financialStatus\": \"PENDING\", \"processedAt\": \"2026-11-01T10:00:00-05:00\","
  " \"note\": \"test order\", \"tags\": [\"custom-cake\"],"
  " \"customer\": {\"toUpsert\": {\"email\": \"ada.lovelace@example.com\", \"firstName\": \"Ada\","
  " \"lastName\": \"Lovelace\"}},"
  " \"lineItems\": [{\"title\": \"Custom Cake Deposit\", \"quantity\": 2,"
  " \"priceSet\": {\"shopMoney\": {\"amount\": \"40.25\", \"currencyCode\": \"USD\"}}}],"
  " \"metafields\": [{\"namespace\": \"custom\", \"key\": \"draft_type\","
  " \"type\": \"single_line_text_field\", \"value\": \"deposit\"},"
  " {\"namespace\": \"custom\", \"key\": \"pickup_date\", \"type\": \"date_time\","
  " \"value\": \"2026-12-05T14:00:00-06:00\"}]},"
  " \"options\": {\"sendReceipt\": false}}";

static void
test_order_create (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (3);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *doc = read_document ("order-create.graphql");
  guint before = bmd_shopify_sim_get_order_count (sim);
  g_autofree char *first_id = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SimReply) reply = sim_graphql (session, sim, doc, order_vars);

      g_assert_null (sim_get (reply, "errors"));
      g_assert_cmpuint (json_array_get_length (json_node_get_array (
                          sim_get (reply, "data.orderCreate.userErrors"))), ==, 0);
      g_assert_true (g_str_has_prefix (sim_get_string (reply, "data.orderCreate.order.id"),
                                       "gid://shopify/Order/"));
      g_assert_true (g_str_has_prefix (sim_get_string (reply, "data.orderCreate.order.name"), "#"));
      if (first_id == NULL)
        first_id = g_strdup (sim_get_string (reply, "data.orderCreate.order.id"));
    }
  {
    /* The fourth inside a minute is refused, as development stores do. */
    g_autoptr(SimReply) reply = sim_graphql (session, sim, doc, order_vars);

    g_assert_null (sim_get (reply, "errors"));
    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.orderCreate.order")));
    g_assert_cmpstr (sim_get_string (reply, "data.orderCreate.userErrors.0.message"), ==,
                     "Too many attempts. Please try again later.");
  }
  g_assert_cmpuint (bmd_shopify_sim_get_order_count (sim), ==, before + 3);

  {
    g_autoptr(JsonObject) order = bmd_shopify_sim_dup_order (sim, first_id);
    JsonObject *customer = json_object_get_object_member (order, "customer");
    g_autoptr(GDateTime) updated = g_date_time_new_from_iso8601 (
        json_object_get_string_member (order, "updatedAt"), NULL);

    g_assert_cmpstr (json_object_get_string_member (order, "displayFinancialStatus"), ==, "PENDING");
    g_assert_cmpstr (json_object_get_string_member (order, "processedAt"), ==, "2026-11-01T15:00:00Z");
    g_assert_cmpstr (json_object_get_string_member (customer, "displayName"), ==, "Ada Lovelace");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_object_get_object_member (order, "totalPriceSet"), "shopMoney"), "amount"),
                     ==, "80.50");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order, "pickupDate"), "value"),
                     ==, "2026-12-05T14:00:00-06:00");
    g_assert_cmpint (g_date_time_to_unix (updated), <=, now + 1);
    g_assert_cmpint (g_date_time_to_unix (updated), >=, now - 5);
  }
  {
    /* The same e-mail gets the same customer; toAssociate finds it by id. */
    g_autoptr(JsonObject) order = bmd_shopify_sim_dup_order (sim, first_id);
    const char *cid = json_object_get_string_member (json_object_get_object_member (order, "customer"), "id");
    g_autoptr(BmdShopifySim) sim2 = start_sim (5);
    g_autoptr(SimReply) created = sim_graphql (session, sim2,
        "mutation { orderCreate(order: {lineItems: [{title: \"x\", quantity: 1}],"
        " customer: {toAssociate: {id: \"gid://shopify/Customer/1\"}}}) { order { id } userErrors { field message } } }",
        NULL);

    g_assert_nonnull (cid);
    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (created, "data.orderCreate.order")));
    g_assert_cmpstr (sim_get_string (created, "data.orderCreate.userErrors.0.field.0"), ==, "order");
  }
}

/* --metafield-edits-keep-updated-at: the world where an edit does not
 * touch the order, which the refresh's sweep exists for. */
static void
test_metafields_set_untouched (void)
{
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *doc = read_document ("metafields-set.graphql");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(SimReply) reply = NULL;
  g_autofree char *vars = NULL;
  const char *gid;

  bmd_shopify_sim_options_init (&options);
  options.requests = 10;
  options.metafield_edits_keep_updated_at = TRUE;
  sim = sim_start (&options);
  ids = bmd_shopify_sim_dup_order_ids (sim);
  gid = g_ptr_array_index (ids, 0);
  before = bmd_shopify_sim_dup_order (sim, gid);
  vars = g_strdup_printf ("{\"metafields\": [{\"ownerId\": \"%s\", \"namespace\": \"custom\", "
                          "\"key\": \"theme\", \"type\": \"single_line_text_field\", "
                          "\"value\": \"dinosaurs\"}]}", gid);
  reply = sim_graphql (session, sim, doc, vars);
  after = bmd_shopify_sim_dup_order (sim, gid);
  g_assert_null (sim_get (reply, "errors"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "theme"), "value"),
                   ==, "dinosaurs");
  g_assert_cmpstr (json_object_get_string_member (after, "updatedAt"), ==,
                   json_object_get_string_member (before, "updatedAt"));
}

static void
test_metafields_set (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *doc = read_document ("metafields-set.graphql");
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (sim);
  const char *gid = g_ptr_array_index (ids, 0);
  g_autoptr(JsonObject) before = bmd_shopify_sim_dup_order (sim, gid);
  g_autoptr(GString) many = g_string_new ("{\"metafields\": [");

  {
    g_autofree char *vars = g_strdup_printf (
        "{\"metafields\": [{\"ownerId\": \"%s\", \"namespace\": \"custom\", \"key\": \"theme\","
        " \"type\": \"single_line_text_field\", \"value\": \"dinosaurs\"},"
        " {\"ownerId\": \"%s\", \"namespace\": \"custom\", \"key\": \"flavor\","
        " \"type\": \"single_line_text_field\", \"value\": \"lemon\"}]}", gid, gid);
    g_autoptr(SimReply) reply = sim_graphql (session, sim, doc, vars);
    g_autoptr(JsonObject) after = bmd_shopify_sim_dup_order (sim, gid);

    g_assert_null (sim_get (reply, "errors"));
    g_assert_cmpuint (json_array_get_length (json_node_get_array (
                        sim_get (reply, "data.metafieldsSet.userErrors"))), ==, 0);
    g_assert_cmpstr (sim_get_string (reply, "data.metafieldsSet.metafields.0.key"), ==, "theme");
    g_assert_true (g_str_has_prefix (sim_get_string (reply, "data.metafieldsSet.metafields.0.id"),
                                     "gid://shopify/Metafield/"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "theme"), "value"),
                     ==, "dinosaurs");
    /* Like Shopify, a metafield change moves the order's updatedAt. */
    g_assert_cmpstr (json_object_get_string_member (after, "updatedAt"), >,
                     json_object_get_string_member (before, "updatedAt"));
  }
  {
    /* Writing the values it already has changes nothing: updatedAt stays. */
    g_autoptr(JsonObject) unchanged = bmd_shopify_sim_dup_order (sim, gid);
    g_autofree char *vars = g_strdup_printf (
        "{\"metafields\": [{\"ownerId\": \"%s\", \"namespace\": \"custom\", \"key\": \"theme\","
        " \"type\": \"single_line_text_field\", \"value\": \"dinosaurs\"}]}", gid);
    g_autoptr(SimReply) reply = sim_graphql (session, sim, doc, vars);
    g_autoptr(JsonObject) after = bmd_shopify_sim_dup_order (sim, gid);

    g_assert_null (sim_get (reply, "errors"));
    g_assert_cmpstr (json_object_get_string_member (after, "updatedAt"), ==,
                     json_object_get_string_member (unchanged, "updatedAt"));
  }
  {
    g_autoptr(SimReply) reply = sim_graphql (session, sim, doc,
        "{\"metafields\": [{\"ownerId\": \"gid://shopify/Order/42\", \"namespace\": \"custom\","
        " \"key\": \"theme\", \"type\": \"single_line_text_field\", \"value\": \"x\"}]}");

    g_assert_cmpstr (sim_get_string (reply, "data.metafieldsSet.userErrors.0.field.2"), ==, "ownerId");
    g_assert_cmpuint (json_array_get_length (json_node_get_array (
                        sim_get (reply, "data.metafieldsSet.metafields"))), ==, 0);
  }
  for (guint i = 0; i < 26; i++)
    g_string_append_printf (many, "%s{\"ownerId\": \"%s\", \"namespace\": \"custom\", \"key\": \"k%u\","
                            " \"type\": \"single_line_text_field\", \"value\": \"v\"}",
                            i ? "," : "", gid, i);
  g_string_append (many, "]}");
  {
    g_autoptr(SimReply) reply = sim_graphql (session, sim, doc, many->str);

    g_assert_cmpstr (sim_error_code (reply), ==, "MAX_INPUT_SIZE_EXCEEDED");
    g_assert_false (sim_has (reply, "data"));
  }
}

/* A draft order as node(s) finds it: its status, the metafields its input
 * gave (value and type), and the order it became once paid, with that
 * order's metafields; an id the shop does not know is null. */
static void
test_draft_nodes (void)
{
  g_autoptr(BmdShopifySim) sim = start_sim (5);
  g_autoptr(SoupSession) session = sim_session_new ();
  g_autofree char *create_doc = read_document ("draft-order-create.graphql");
  g_autofree char *by_id_doc = read_document ("draft-orders-by-id.graphql");
  g_autoptr(GPtrArray) ids = bmd_shopify_sim_dup_order_ids (sim);
  g_autoptr(JsonObject) present = bmd_shopify_sim_dup_order (sim, g_ptr_array_index (ids, 0));
  const char *customer = json_object_get_string_member (json_object_get_object_member (present, "customer"), "id");
  g_autofree char *create_vars = g_strdup_printf (
      "{\"input\": {\"customerId\": \"%s\", \"lineItems\": [{\"title\": \"Custom cake remaining balance\","
      " \"originalUnitPrice\": \"30.00\", \"quantity\": 1}],"
      " \"metafields\": [{\"namespace\": \"custom\", \"key\": \"draft_type\","
      " \"type\": \"single_line_text_field\", \"value\": \"remaining\"},"
      " {\"namespace\": \"custom\", \"key\": \"pickup_date\", \"type\": \"date_time\","
      " \"value\": \"2026-12-05T14:00:00-06:00\"}]}}", customer);
  g_autofree char *draft_id = NULL;
  g_autofree char *by_id_vars = NULL;
  g_autofree char *order_id = NULL;
  g_autoptr(GError) error = NULL;
  static const char keys[] =
    "\"ns\": \"custom\", \"draftTypeKey\": \"draft_type\", \"pickupKey\": \"pickup_date\","
    " \"flavorKey\": \"flavor\", \"themeKey\": \"theme\", \"allergiesKey\": \"allergies\"";

  {
    g_autoptr(SimReply) reply = sim_graphql (session, sim, create_doc, create_vars);

    g_assert_null (sim_get (reply, "errors"));
    draft_id = g_strdup (sim_get_string (reply, "data.draftOrderCreate.draftOrder.id"));
  }
  by_id_vars = g_strdup_printf ("{\"ids\": [\"%s\", \"gid://shopify/DraftOrder/1\"], %s}", draft_id, keys);
  {
    g_autoptr(SimReply) reply = sim_graphql (session, sim, by_id_doc, by_id_vars);

    g_assert_null (sim_get (reply, "errors"));
    g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.id"), ==, draft_id);
    g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.status"), ==, "OPEN");
    g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.draftType.value"), ==, "remaining");
    g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.pickupDate.type"), ==, "date_time");
    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.nodes.0.flavor")));
    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.nodes.0.order")));
    g_assert_true (JSON_NODE_HOLDS_NULL (sim_get (reply, "data.nodes.1")));
    /* The draft and its five metafields, nothing for the unknown id. */
    g_assert_cmpint (sim_get_int (reply, "extensions.cost.actualQueryCost"), ==, 3);
  }

  order_id = bmd_shopify_sim_pay_draft (sim, draft_id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SimReply) reply = sim_graphql (session, sim, by_id_doc, by_id_vars);

    g_assert_null (sim_get (reply, "errors"));
    g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.status"), ==, "COMPLETED");
    g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.order.id"), ==, order_id);
    /* By default the simulator's Shopify copies the draft's metafields. */
    g_assert_cmpstr (sim_get_string (reply, "data.nodes.0.order.draftType.value"), ==, "remaining");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sim/mutations/order-create", test_order_create);
  g_test_add_func ("/sim/mutations/metafields-set", test_metafields_set);
  g_test_add_func ("/sim/mutations/draft-nodes", test_draft_nodes);
  g_test_add_func ("/sim/mutations/metafields-set-untouched", test_metafields_set_untouched);
  return g_test_run ();
}
