#define G_LOG_DOMAIN "bmd-draft-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "bmd-draft-create.h"
#include "bmd-draft-job.h"
#include "bmd-pickup.h"
#include "bmd-shopify-client.h"

/* One mutation is not worth two minutes of retries while the baker waits. */
#define RETRY_LIMIT_S 30

typedef struct
{
  BmdConfig *config;
  BmdMissingHalf *half;
  char *amount;
  char *draft_id;
} JobData;

static void
job_data_free (JobData *data)
{
  bmd_config_free (data->config);
  bmd_missing_half_free (data->half);
  g_free (data->amount);
  g_free (data->draft_id);
  g_free (data);
}

static BmdShopifyClient *
new_client (const BmdConfig  *config,
            GError          **error)
{
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GError) local_error = NULL;

  if ((config->token == NULL || *config->token == '\0')
      && (config->client_id == NULL || config->client_secret == NULL))
    {
      g_set_error_literal (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH,
                           _("No access token is set up: add one in Preferences, then try again. Nothing was created."));
      return NULL;
    }
  client = bmd_shopify_client_new (config->shop, config->api_version, &local_error);
  if (client == NULL)
    {
      g_set_error (error, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_INVALID_SHOP,
                   _("The shop setting is not usable (%s): fix it in Preferences. Nothing was created."),
                   local_error->message);
      return NULL;
    }
  if (config->token != NULL && *config->token != '\0')
    bmd_shopify_client_set_access_token (client, config->token);
  else
    bmd_shopify_client_set_client_credentials (client, config->client_id, config->client_secret);
  bmd_shopify_client_set_retry_limit (client, config->retry_limit > 0 ? config->retry_limit : RETRY_LIMIT_S);
  return g_steal_pointer (&client);
}

/* Says what went wrong and what to do; @nothing_done says what (not) exists
 * in Shopify now. */
static void
explain (GError     *error,
         const char *nothing_done,
         GError    **out)
{
  if (error->domain == BMD_SHOPIFY_ERROR && error->code == BMD_SHOPIFY_ERROR_FORBIDDEN)
    g_set_error (out, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_FORBIDDEN,
                 _("Shopify did not allow it: the access token lacks the write_draft_orders permission. "
                   "Give the app that access scope in the Shopify admin, then try again. %s"), nothing_done);
  else if (error->domain == BMD_SHOPIFY_ERROR && error->code == BMD_SHOPIFY_ERROR_AUTH)
    g_set_error (out, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_AUTH,
                 _("Shopify did not accept the access token: check it in Preferences, then try again. %s"),
                 nothing_done);
  else if (error->domain == BMD_SHOPIFY_ERROR && error->code == BMD_SHOPIFY_ERROR_USER)
    g_set_error (out, BMD_SHOPIFY_ERROR, BMD_SHOPIFY_ERROR_USER,
                 _("Shopify refused it: %s. Correct it and try again. %s"), error->message, nothing_done);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (out, g_error_copy (error));
  else
    g_set_error (out, error->domain, error->code,
                 _("Shopify could not be reached (%s): check the connection, then try again. %s"),
                 error->message, nothing_done);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  JobData *data = task_data;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(BmdDraftRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = NULL;
  gboolean unknown = FALSE;
  GError *explained = NULL;

  client = new_client (data->config, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  input = bmd_missing_half_to_input (data->half, data->amount);
  tag = bmd_draft_create_new_tag (data->half->request_id);
  json_array_add_string_element (json_object_get_array_member (input, "tags"), tag);
  draft = bmd_draft_create_once (client, input, tag,
                                 data->config->retry_limit > 0 ? data->config->retry_limit : RETRY_LIMIT_S,
                                 &unknown, cancellable, &error);
  if (draft == NULL)
    {
      g_autofree char *maybe = NULL;

      if (unknown)
        maybe = g_strdup_printf (_("It may have been created: look under Drafts in the Shopify admin for the tag %s before trying again."),
                                 tag);
      explain (error, maybe != NULL ? maybe : _("Nothing was created."), &explained);
      g_task_return_error (task, explained);
      return;
    }

  record = g_new0 (BmdDraftRecord, 1);
  record->request_id = g_strdup (data->half->request_id);
  record->draft_type = g_strdup (bmd_draft_type_to_string (data->half->missing));
  record->draft_id = g_strdup (json_object_get_string_member_with_default (draft, "id", ""));
  record->name = g_strdup (json_object_get_string_member_with_default (draft, "name", ""));
  record->invoice_url = g_strdup (json_object_get_string_member_with_default (draft, "invoiceUrl", NULL));
  record->amount = g_strdup (data->amount);
  record->created_at = bmd_format_now_utc_iso8601 ();
  if (!bmd_draft_log_save (data->config->data_dir, record, &error))
    {
      /* It exists in Shopify: say so, never that nothing was made. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The draft order %s was created in Shopify, but this computer could not remember it (%s). Find it under Drafts in the Shopify admin."),
                               record->name, error->message);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&record), (GDestroyNotify) bmd_draft_record_free);
}

void
bmd_missing_half_create_async (const BmdConfig      *config,
                               const BmdMissingHalf *half,
                               const char           *amount,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  JobData *data;

  g_return_if_fail (config != NULL);
  g_return_if_fail (half != NULL);
  g_return_if_fail (amount != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bmd_missing_half_create_async);
  data = g_new0 (JobData, 1);
  data->config = bmd_config_copy (config);
  data->half = bmd_missing_half_copy (half);
  data->amount = bmd_money_normalize (amount);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  if (data->amount == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("“%s” is not an amount: write it like 45 or 45.50. Nothing was created."), amount);
      return;
    }
  g_task_run_in_thread (task, create_thread);
}

BmdDraftRecord *
bmd_missing_half_create_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
invoice_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  JobData *data = task_data;
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(JsonObject) variables = json_object_new ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  GError *explained = NULL;

  client = new_client (data->config, &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  json_object_set_string_member (variables, "id", data->draft_id);
  answer = bmd_shopify_client_query (client, "draft-order-invoice-send", variables, cancellable, &error);
  if (answer == NULL || bmd_draft_payload_draft (answer, "draftOrderInvoiceSend", &error) == NULL)
    {
      explain (error, _("The invoice was not sent; the draft order is still there."), &explained);
      g_task_return_error (task, explained);
      return;
    }
  /* Sent: failing to note it here changes nothing the customer sees. */
  if (!bmd_draft_log_mark_invoice_sent (data->config->data_dir, data->draft_id, &error))
    g_message ("drafts: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

void
bmd_draft_invoice_send_async (const BmdConfig      *config,
                              const char           *draft_id,
                              GCancellable         *cancellable,
                              GAsyncReadyCallback   callback,
                              gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  JobData *data;

  g_return_if_fail (config != NULL);
  g_return_if_fail (draft_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, bmd_draft_invoice_send_async);
  data = g_new0 (JobData, 1);
  data->config = bmd_config_copy (config);
  data->draft_id = g_strdup (draft_id);
  g_task_set_task_data (task, data, (GDestroyNotify) job_data_free);
  g_task_run_in_thread (task, invoice_thread);
}

gboolean
bmd_draft_invoice_send_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
