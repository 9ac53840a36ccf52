#define G_LOG_DOMAIN "bmd-customer-history"

#include "config.h"

#include "bmd-customer-history.h"
#include "bmd-pickup.h"

GArray *
bmd_customer_versions_from_insights (BmdInsights *insights)
{
  GArray *customers;
  GArray *versions;
  guint i;

  g_return_val_if_fail (BMD_IS_INSIGHTS (insights), NULL);

  customers = bmd_insights_get_customers (insights);
  versions = g_array_sized_new (FALSE, TRUE, sizeof (BmdCustomerVersion), customers->len);
  for (i = 0; i < customers->len; i++)
    {
      const BmdInsightsCustomer *c = &g_array_index (customers, BmdInsightsCustomer, i);
      BmdCustomerVersion version = {
        .customer_id = c->customer_id,
        .first_name = c->first_name,
        .last_name = c->last_name,
        .email = c->email,
        .phone = c->phone,
        .cakes = c->cakes,
        .state = bmd_customer_state_to_string (c->state),
        .vip = c->vip,
      };

      g_array_append_val (versions, version);
    }
  return versions;
}

static gboolean
add_order_cb (const char  *id,
              const char  *json,
              gsize        length,
              gpointer     user_data,
              GError     **error)
{
  GPtrArray *orders = user_data;
  g_autoptr(GError) local_error = NULL;
  /* Light, as the app reads them, but with the customer's contacts that
   * the history tracks: reading each customer's order again in full (one
   * query and one parse a customer) cost more than planning them all. */
  BmdOrder *order = bmd_order_new_light_with_contacts_from_data (json, length, &local_error);

  /* An order that cannot be read is left out of every plan (the app lists
   * it as a problem): the history must not stop every refresh over it. */
  if (order == NULL)
    {
      g_debug ("customers' history: order %s left out: %s", id, local_error->message);
      return TRUE;
    }
  g_ptr_array_add (orders, order);
  return TRUE;
}

gboolean
bmd_customer_history_update (BmdStore   *store,
                             GTimeZone  *zone,
                             GDateTime  *run_time,
                             guint      *out_changed,
                             GError    **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(BmdPlan) plan = NULL;
  g_autoptr(BmdInsights) insights = NULL;
  g_autoptr(GArray) versions = NULL;
  g_autofree char *run_text = NULL;

  g_return_val_if_fail (BMD_IS_STORE (store), FALSE);
  g_return_val_if_fail (zone != NULL && run_time != NULL, FALSE);

  orders = g_ptr_array_new_full (bmd_store_count_orders (store), g_object_unref);
  if (!bmd_store_foreach_order_json (store, add_order_cb, orders, error))
    return FALSE;

  plan = bmd_planner_plan (orders, run_time, zone, BMD_PLAN_FLAGS_NONE);
  insights = bmd_insights_new (plan);
  versions = bmd_customer_versions_from_insights (insights);
  run_text = bmd_format_utc_iso8601 (run_time);
  return bmd_store_update_customer_history (store, (const BmdCustomerVersion *) (gpointer) versions->data,
                                            versions->len, run_text, out_changed, error);
}
