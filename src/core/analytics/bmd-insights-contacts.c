#define G_LOG_DOMAIN "bmd-insights"

#include "config.h"

#include "bmd-insights-contacts.h"
#include "bmd-plan-private.h"
#include "bmd-request-table-private.h"

GStrv
bmd_insights_dup_anniversary_order_ids (BmdInsights *insights)
{
  GArray *due;
  g_autoptr(GHashTable) wanted = NULL;  /* customer id → index in @ids */
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree const char **ids = NULL;
  g_autofree gint64 *latest = NULL;
  BmdRequestTable *table;
  guint n;

  g_return_val_if_fail (BMD_IS_INSIGHTS (insights), NULL);

  due = bmd_insights_get_anniversaries (insights);
  ids = g_new0 (const char *, due->len + 1);
  latest = g_new0 (gint64, due->len + 1);
  wanted = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < due->len; i++)
    {
      const BmdInsightsAnniversary *a = &g_array_index (due, BmdInsightsAnniversary, i);

      if (a->customer_id != NULL)
        g_hash_table_insert (wanted, (gpointer) a->customer_id, GUINT_TO_POINTER (i + 1));
    }

  table = _bmd_plan_get_request_table (bmd_insights_get_plan (insights));
  n = _bmd_request_table_get_len (table);
  for (guint i = 0; i < n && g_hash_table_size (wanted) > 0; i++)
    {
      const BmdPlanned *p = _bmd_request_table_peek (table, i);
      BmdOrder *named = p->deposit != NULL ? p->deposit : p->remaining;
      const char *customer = named != NULL ? bmd_order_get_customer_id (named) : NULL;
      guint slot = customer != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (wanted, customer)) : 0;

      /* The latest pickup names the customer, as the Insights' rows do. */
      if (slot > 0 && (ids[slot - 1] == NULL || p->at_us >= latest[slot - 1]))
        {
          ids[slot - 1] = bmd_order_get_id (named);
          latest[slot - 1] = p->at_us;
        }
    }

  for (guint i = 0; i < due->len; i++)
    g_strv_builder_add (builder, ids[i] != NULL ? ids[i] : "");
  return g_strv_builder_end (builder);
}
