/* Creating a request's missing half against the simulator, end to end
 * (create, invoice, pay, refresh: the request is whole), and every way it
 * can fail without leaving anything half-made. */

#include "config.h"

#include <string.h>

#include "bmd-draft-job.h"
#include "bmd-draft-log.h"
#include "bmd-missing-half.h"
#include "bmd-shopify-client.h"
#include "bmd-sim-drafts.h"
#include "bmd-snapshot.h"
#include "bmd-test-sim.h"
#include "bmd-test-util.h"

typedef struct
{
  BmdShopifySim *sim;
  char *dir;
  char *data_dir;
  char *token_file;
} Fixture;

/* Runs a refresh, which must succeed; returns what it wrote to stderr. */
static char *
refresh_err (Fixture *fixture)
{
  g_autofree char *cli = g_build_filename (g_getenv ("BMD_BUILD_DIR"), "src", "cli", "bakemyday-sync", NULL);
  g_autofree char *config_home = g_build_filename (fixture->dir, "config", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  /* No reminders from this test's refreshes. */
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", fixture->dir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "refresh",
                                         "--shop", bmd_shopify_sim_get_url (fixture->sim),
                                         "--token-file", fixture->token_file,
                                         "--data-dir", fixture->data_dir, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("%s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return g_steal_pointer (&err);
}

static void
refresh (Fixture *fixture)
{
  g_free (refresh_err (fixture));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  BmdShopifySimOptions options;
  g_autoptr(GError) error = NULL;

  bmd_shopify_sim_options_init (&options);
  options.requests = 40;
  options.seed = 5;
  options.bucket = 1000000;
  options.restore_rate = 1000000;
  options.create_rate = 6000;
  /* data != NULL: the Shopify that leaves a draft's metafields behind. */
  options.drafts_drop_metafields = data != NULL;
  fixture->sim = bmd_test_sim_start (&options);
  fixture->dir = g_dir_make_tmp ("bmd-missing-half-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->data_dir = g_build_filename (fixture->dir, "data", NULL);
  fixture->token_file = g_build_filename (fixture->dir, "token", NULL);
  g_file_set_contents (fixture->token_file, "test-token\n", -1, &error);
  g_assert_no_error (error);
  refresh (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bmd_shopify_sim_stop (fixture->sim);
  g_clear_object (&fixture->sim);
  bmd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->data_dir);
  g_free (fixture->token_file);
}

static BmdConfig *
config_for (Fixture    *fixture,
            const char *token)
{
  BmdConfig *config = bmd_config_new ();

  bmd_config_set (&config->shop, bmd_shopify_sim_get_url (fixture->sim));
  bmd_config_set (&config->token, token);
  bmd_config_set (&config->data_dir, fixture->data_dir);
  config->retry_limit = 2;
  return config;
}

/* The first upcoming request with a half missing and a customer, and its
 * present half in full. */
static BmdMissingHalf *
find_missing_half (Fixture  *fixture,
                   char    **present_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdSnapshot) snapshot = bmd_snapshot_load (fixture->data_dir, NULL, NULL, BMD_PLAN_FLAGS_NONE, &error);
  g_autoptr(BmdConfig) config = bmd_config_new ();
  GListModel *rows;
  guint i, n;

  g_assert_no_error (error);
  rows = bmd_plan_get_upcoming (bmd_snapshot_get_plan (snapshot));
  n = g_list_model_get_n_items (rows);
  for (i = 0; i < n; i += 2)
    {
      g_autoptr(BmdUpcomingRow) row = g_list_model_get_item (rows, i);
      BmdRequest *request = bmd_upcoming_row_get_request (row);
      BmdOrder *present = bmd_request_get_deposit (request) != NULL ? bmd_request_get_deposit (request)
                                                                    : bmd_request_get_remaining (request);
      const char *ids[] = { bmd_order_get_id (present), NULL };
      g_autoptr(GPtrArray) full = NULL;

      if (bmd_request_get_state (request) != BMD_REQUEST_STATE_MISSING
          || bmd_request_get_customer_id (request) == NULL)
        continue;
      full = bmd_snapshot_read_orders (snapshot, ids, &error);
      g_assert_no_error (error);
      *present_id = g_strdup (ids[0]);
      return bmd_missing_half_new (request, g_ptr_array_index (full, 0), config, &error);
    }
  g_error ("the simulator's data has no request with a half missing");
  return NULL;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static BmdDraftRecord *
create (BmdConfig      *config,
        BmdMissingHalf *half,
        const char     *amount,
        GError        **error)
{
  GAsyncResult *result = NULL;
  BmdDraftRecord *record;

  bmd_missing_half_create_async (config, half, amount, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  record = bmd_missing_half_create_finish (result, error);
  g_object_unref (result);
  return record;
}

static gboolean
send_invoice (BmdConfig   *config,
              const char  *draft_id,
              GError     **error)
{
  GAsyncResult *result = NULL;
  gboolean ok;

  bmd_draft_invoice_send_async (config, draft_id, NULL, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = bmd_draft_invoice_send_finish (result, error);
  g_object_unref (result);
  return ok;
}

/* Compares and frees what bmd_money_normalize() returned. */
static void
assert_normalized (const char *amount,
                   const char *expected)
{
  g_autofree char *normalized = bmd_money_normalize (amount);

  g_assert_cmpstr (normalized, ==, expected);
}

static void
test_proposal (void)
{
  assert_normalized ("45", "45.00");
  assert_normalized (" 45.5 ", "45.50");
  assert_normalized ("0.01", "0.01");
  g_assert_null (bmd_money_normalize ("0"));
  g_assert_null (bmd_money_normalize ("0.00"));
  g_assert_null (bmd_money_normalize ("-5"));
  g_assert_null (bmd_money_normalize ("4.505"));
  g_assert_null (bmd_money_normalize ("4,50"));
  g_assert_null (bmd_money_normalize ("."));
  g_assert_null (bmd_money_normalize (""));
}

/* Whether the stored request that holds @present_id now has @order_id as
 * its @missing half, paid, and is no longer missing one. */
static gboolean
request_is_whole (Fixture      *fixture,
                  const char   *present_id,
                  BmdDraftType  missing,
                  const char   *order_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdSnapshot) after = bmd_snapshot_load (fixture->data_dir, NULL, NULL, BMD_PLAN_FLAGS_NONE, &error);
  GPtrArray *requests;
  guint i;

  g_assert_no_error (error);
  requests = bmd_plan_get_requests (bmd_snapshot_get_plan (after));
  for (i = 0; i < requests->len; i++)
    {
      BmdRequest *request = g_ptr_array_index (requests, i);
      BmdOrder *deposit = bmd_request_get_deposit (request);
      BmdOrder *remaining = bmd_request_get_remaining (request);

      if ((deposit != NULL && g_strcmp0 (bmd_order_get_id (deposit), present_id) == 0)
          || (remaining != NULL && g_strcmp0 (bmd_order_get_id (remaining), present_id) == 0))
        {
          BmdOrder *created = bmd_request_get_half (request, missing);

          return created != NULL
                 && g_strcmp0 (bmd_order_get_id (created), order_id) == 0
                 && g_strcmp0 (bmd_order_get_financial_status (created), "PAID") == 0
                 && bmd_request_get_state (request) != BMD_REQUEST_STATE_MISSING;
        }
    }
  g_error ("no stored request holds %s", present_id);
  return FALSE;
}

static void
test_end_to_end (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(BmdDraftRecord) stored = NULL;
  g_autofree char *order_id = NULL;
  g_autoptr(GError) error = NULL;
  const BmdMetafieldInput *draft_type;

  /* What will be created: the missing draft_type first, the present half's
   * details after it. */
  g_assert_nonnull (half);
  draft_type = g_ptr_array_index (half->metafields, 0);
  g_assert_cmpstr (draft_type->key, ==, "draft_type");
  g_assert_cmpstr (draft_type->value, ==, bmd_draft_type_to_string (half->missing));
  g_assert_cmpuint (half->metafields->len, >=, 2);
  assert_normalized (half->amount, half->amount);

  record = create (config, half, "52.5", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (record->draft_id, "gid://shopify/DraftOrder/"));
  g_assert_cmpstr (record->amount, ==, "52.50");
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 1);
  stored = bmd_draft_log_lookup (fixture->data_dir, half->request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->draft_id, ==, record->draft_id);
  g_assert_null (stored->invoice_sent_at);

  g_assert_true (send_invoice (config, record->draft_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_sim_get_invoices_sent (fixture->sim), ==, 1);
  g_clear_pointer (&stored, bmd_draft_record_free);
  stored = bmd_draft_log_lookup (fixture->data_dir, half->request_id, &error);
  g_assert_nonnull (stored->invoice_sent_at);

  /* The customer pays; the next refresh reads the order. */
  order_id = bmd_shopify_sim_pay_draft (fixture->sim, record->draft_id, &error);
  g_assert_no_error (error);
  refresh (fixture);
  g_assert_true (request_is_whole (fixture, present_id, half->missing, order_id));
}

static void
assert_nothing_made (Fixture    *fixture,
                     const char *request_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdDraftRecord) stored = bmd_draft_log_lookup (fixture->data_dir, request_id, &error);

  g_assert_no_error (error);
  g_assert_null (stored);
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 0);
}

static void
test_access_denied (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, BMD_SIM_NO_DRAFTS_TOKEN);
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  record = create (config, half, half->amount, &error);
  g_assert_null (record);
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_FORBIDDEN);
  g_assert_nonnull (strstr (error->message, "write_draft_orders"));
  g_assert_nonnull (strstr (error->message, "Nothing was created."));
  g_assert_null (strstr (error->message, BMD_SIM_NO_DRAFTS_TOKEN));
  assert_nothing_made (fixture, half->request_id);

  /* The invoice of an existing draft, with that token: not sent. */
  g_clear_error (&error);
  {
    g_autoptr(BmdConfig) allowed = config_for (fixture, "test-token");
    g_autoptr(BmdDraftRecord) made = create (allowed, half, half->amount, &error);

    g_assert_no_error (error);
    g_assert_nonnull (made);
    g_assert_false (send_invoice (config, made->draft_id, &error));
    g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_FORBIDDEN);
    g_assert_nonnull (strstr (error->message, "The invoice was not sent"));
    g_assert_cmpuint (bmd_shopify_sim_get_invoices_sent (fixture->sim), ==, 0);
  }
}

static void
test_user_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  /* Shopify's own check: a custom line item needs a title. */
  g_free (half->title);
  half->title = g_strdup ("");
  record = create (config, half, "10", &error);
  g_assert_null (record);
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER);
  g_assert_nonnull (strstr (error->message, "Title can't be blank"));
  g_assert_nonnull (strstr (error->message, "Nothing was created."));
  assert_nothing_made (fixture, half->request_id);

  /* An amount that is not one never reaches Shopify. */
  g_clear_error (&error);
  record = create (config, half, "ten", &error);
  g_assert_null (record);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "Nothing was created."));
  assert_nothing_made (fixture, half->request_id);

  /* An invoice for a draft that does not exist. */
  g_clear_error (&error);
  g_assert_false (send_invoice (config, "gid://shopify/DraftOrder/1", &error));
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER);
  g_assert_nonnull (strstr (error->message, "Draft order does not exist"));
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  /* The simulator stops: nothing answers on its port. */
  bmd_shopify_sim_stop (fixture->sim);
  record = create (config, half, half->amount, &error);
  g_assert_null (record);
  g_assert_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "could not be reached"));
  g_assert_nonnull (strstr (error->message, "Nothing was created."));
  assert_nothing_made (fixture, half->request_id);
}

/* Shopify makes the draft but the answer is lost (the connection drops
 * after the mutation ran): the retry finds the draft by its tag instead of
 * making a second one. */
static void
test_answer_lost (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(BmdDraftRecord) stored = NULL;
  g_autoptr(GError) error = NULL;

  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_DROP_AFTER, 1);
  record = create (config, half, "30", &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 1);
  /* The one Shopify made (the simulator numbers drafts from 9001). */
  g_assert_cmpstr (record->draft_id, ==, "gid://shopify/DraftOrder/9001");
  g_assert_cmpstr (record->name, ==, "#D1");
  stored = bmd_draft_log_lookup (fixture->data_dir, half->request_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->draft_id, ==, "gid://shopify/DraftOrder/9001");

  /* A second creation (the baker asks again) is a new one, not the same. */
  g_clear_pointer (&record, bmd_draft_record_free);
  record = create (config, half, "30", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->draft_id, ==, "gid://shopify/DraftOrder/9002");
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 2);
}

/* A 500 (Shopify may have run it, but did not): the draft is looked for,
 * not found, and made once. */
static void
test_answer_lost_not_made (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  config->retry_limit = 10;
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_HTTP_500, 1);
  record = create (config, half, "30", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bmd_shopify_sim_get_draft_count (fixture->sim), ==, 1);
  g_assert_cmpstr (record->draft_id, ==, "gid://shopify/DraftOrder/9001");
}

/* @half's draft, made and paid (30.00): the id of the order it became. */
static char *
pay_new_draft (Fixture        *fixture,
               BmdMissingHalf *half)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autoptr(GError) error = NULL;
  g_autoptr(BmdDraftRecord) record = create (config, half, "30", &error);
  char *order_id;

  g_assert_no_error (error);
  order_id = bmd_shopify_sim_pay_draft (fixture->sim, record->draft_id, &error);
  g_assert_no_error (error);
  return order_id;
}

/* In the world where a paid draft's order has none of the draft's
 * metafields, the simulator serves exactly that; by default it copies them. */
static void
test_paid_draft_metafields (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(JsonObject) order = NULL;
  g_autofree char *order_id = NULL;

  order_id = pay_new_draft (fixture, half);
  order = bmd_shopify_sim_dup_order (fixture->sim, order_id);
  g_assert_nonnull (order);
  if (data != NULL)
    {
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (order, "draftType")));
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (order, "pickupDate")));
    }
  else
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (order, "draftType"), "value"),
                     ==, bmd_draft_type_to_string (half->missing));
}

/* The value of @order's metafield @alias ("draftType"), or NULL. */
static const char *
metafield_value (JsonObject *order,
                 const char *alias)
{
  JsonNode *node = json_object_get_member (order, alias);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (node), "value", NULL);
}

static guint
n_unsettled (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = bmd_draft_log_list_unsettled (fixture->data_dir, &error);

  g_assert_no_error (error);
  return records->len;
}

/* Whatever Shopify does with a draft's metafields, the paid draft's order
 * pairs with its request after one refresh. Where Shopify left them behind
 * (data != NULL), the refresh sets them on the order, only the ones it
 * lacks, and reads it back; where it copied them, the refresh sets nothing
 * and the order's updatedAt stays. Either way the draft is settled: no
 * later refresh asks about it. */
static void
test_paid_draft_settled (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(JsonObject) paid = NULL;
  g_autoptr(JsonObject) settled = NULL;
  g_autoptr(JsonObject) present = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *paid_updated_at = NULL;
  g_autoptr(GError) error = NULL;

  record = create (config, half, "30", &error);
  g_assert_no_error (error);
  /* Not paid yet: asked about, and again next time. */
  refresh (fixture);
  g_assert_cmpuint (n_unsettled (fixture), ==, 1);

  order_id = bmd_shopify_sim_pay_draft (fixture->sim, record->draft_id, &error);
  g_assert_no_error (error);
  paid = bmd_shopify_sim_dup_order (fixture->sim, order_id);
  paid_updated_at = g_strdup (json_object_get_string_member (paid, "updatedAt"));
  g_assert_true ((metafield_value (paid, "draftType") == NULL) == (data != NULL));
  if (data != NULL)
    /* Someone set the flavor on the order since: it stays theirs. */
    g_assert_true (bmd_shopify_sim_set_metafield (fixture->sim, order_id, config->metafield_namespace,
                                                  config->flavor_key, "Pistachio", TRUE));

  refresh (fixture);
  g_assert_true (request_is_whole (fixture, present_id, half->missing, order_id));
  settled = bmd_shopify_sim_dup_order (fixture->sim, order_id);
  present = bmd_shopify_sim_dup_order (fixture->sim, present_id);
  g_assert_cmpstr (metafield_value (settled, "draftType"), ==, bmd_draft_type_to_string (half->missing));
  g_assert_cmpstr (metafield_value (settled, "pickupDate"), ==, metafield_value (present, "pickupDate"));
  if (data != NULL)
    g_assert_cmpstr (metafield_value (settled, "flavor"), ==, "Pistachio");
  else
    g_assert_cmpstr (json_object_get_string_member (settled, "updatedAt"), ==, paid_updated_at);
  g_assert_cmpuint (n_unsettled (fixture), ==, 0);
}

/* Checking the drafts fails (a 403): the refresh still succeeds and says
 * why in a warning, the order stays as Shopify left it, and the next
 * refresh settles it. */
static void
test_paid_draft_settle_fails (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autofree char *order_id = NULL;
  g_autofree char *err = NULL;

  order_id = pay_new_draft (fixture, half);

  /* The refresh's first request is the drafts' check. */
  bmd_shopify_sim_queue_fault (fixture->sim, BMD_SIM_FAULT_HTTP_403, 1);
  err = refresh_err (fixture);
  g_assert_nonnull (strstr (err, "refresh: warning: The orders of paid draft orders could not be checked"));
  g_assert_false (request_is_whole (fixture, present_id, half->missing, order_id));
  g_assert_cmpuint (n_unsettled (fixture), ==, 1);

  refresh (fixture);
  g_assert_true (request_is_whole (fixture, present_id, half->missing, order_id));
  g_assert_cmpuint (n_unsettled (fixture), ==, 0);
}

/* A token without write_orders: the refresh succeeds and its warning
 * names the permission and the order; with the permission given, the next
 * refresh settles it. */
static void
test_paid_draft_no_write_orders (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(JsonObject) order = NULL;
  g_autofree char *order_id = NULL;
  g_autofree char *err = NULL;

  order_id = pay_new_draft (fixture, half);
  order = bmd_shopify_sim_dup_order (fixture->sim, order_id);

  g_assert_true (g_file_set_contents (fixture->token_file, BMD_SIM_NO_WRITE_ORDERS_TOKEN "\n", -1, NULL));
  err = refresh_err (fixture);
  g_assert_nonnull (strstr (err, "write_orders permission"));
  g_assert_nonnull (strstr (err, json_object_get_string_member (order, "name")));
  g_assert_false (request_is_whole (fixture, present_id, half->missing, order_id));
  g_assert_cmpuint (n_unsettled (fixture), ==, 1);

  g_assert_true (g_file_set_contents (fixture->token_file, "test-token\n", -1, NULL));
  refresh (fixture);
  g_assert_true (request_is_whole (fixture, present_id, half->missing, order_id));
}

/* Nine paid drafts whose orders lack their metafields (more than the 25
 * one metafieldsSet takes, whole orders per call): one refresh gives every
 * order its draft's. */
static void
test_paid_drafts_many (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BmdConfig) config = config_for (fixture, "test-token");
  g_autofree char *present_id = NULL;
  g_autoptr(BmdMissingHalf) half = find_missing_half (fixture, &present_id);
  g_autoptr(GPtrArray) order_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n_fields = 0;
  guint i;

  for (i = 0; i < 9; i++)
    {
      g_autoptr(BmdDraftRecord) record = create (config, half, "30", &error);

      g_assert_no_error (error);
      /* Remembered as if each stood for another request. */
      g_free (record->request_id);
      record->request_id = g_strdup_printf ("request-%u", i);
      g_assert_true (bmd_draft_log_save (fixture->data_dir, record, &error));
      g_ptr_array_add (order_ids, bmd_shopify_sim_pay_draft (fixture->sim, record->draft_id, &error));
      g_assert_no_error (error);
      n_fields += half->metafields->len;
    }
  g_assert_cmpuint (n_fields, >, 25);

  refresh (fixture);
  for (i = 0; i < order_ids->len; i++)
    {
      g_autoptr(JsonObject) order = bmd_shopify_sim_dup_order (fixture->sim, g_ptr_array_index (order_ids, i));

      g_assert_cmpstr (metafield_value (order, "draftType"), ==, bmd_draft_type_to_string (half->missing));
    }
  g_assert_cmpuint (n_unsettled (fixture), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bmd/missing-half/money", test_proposal);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/bmd/missing-half/end-to-end", test_end_to_end);
  ADD ("/bmd/missing-half/access-denied", test_access_denied);
  ADD ("/bmd/missing-half/user-error", test_user_error);
  ADD ("/bmd/missing-half/unreachable", test_unreachable);
  ADD ("/bmd/missing-half/answer-lost", test_answer_lost);
  ADD ("/bmd/missing-half/answer-lost-not-made", test_answer_lost_not_made);
  ADD ("/bmd/missing-half/paid-draft-metafields-copied", test_paid_draft_metafields);
  g_test_add ("/bmd/missing-half/paid-draft-metafields-dropped", Fixture, "dropped", fixture_set_up,
              test_paid_draft_metafields, fixture_tear_down);
  ADD ("/bmd/missing-half/paid-draft-settled-copied", test_paid_draft_settled);
  g_test_add ("/bmd/missing-half/paid-draft-settled-dropped", Fixture, "dropped", fixture_set_up,
              test_paid_draft_settled, fixture_tear_down);
  g_test_add ("/bmd/missing-half/paid-draft-settle-fails", Fixture, "dropped", fixture_set_up,
              test_paid_draft_settle_fails, fixture_tear_down);
  g_test_add ("/bmd/missing-half/paid-drafts-many", Fixture, "dropped", fixture_set_up,
              test_paid_drafts_many, fixture_tear_down);
  g_test_add ("/bmd/missing-half/paid-draft-no-write-orders", Fixture, "dropped", fixture_set_up,
              test_paid_draft_no_write_orders, fixture_tear_down);
#undef ADD
  return g_test_run ();
}
