#pragma once

#include "bmd-store.h"

G_BEGIN_DECLS

/* The customers' history in the local warehouse: dim_customers_scd, a
 * slowly changing dimension of type 2. Each customer has one current row;
 * a refresh that changes any tracked value closes it (valid_to = the run's
 * time, is_current FALSE) and adds a new current one. */

/* A customer's tracked values as a refresh sees them. Borrowed strings;
 * NULL is a value of its own (two NULLs are equal, NULL and "" are not). */
typedef struct
{
  const char *customer_id;
  const char *first_name;
  const char *last_name;
  const char *email;
  const char *phone;
  gint64      cakes;
  const char *state;
  gboolean    vip;
} BmdCustomerVersion;

/* A stored row. */
typedef struct
{
  char     *customer_id;
  char     *first_name;
  char     *last_name;
  char     *email;
  char     *phone;
  gint64    cakes;
  char     *state;
  gboolean  vip;
  char     *valid_from;   /* ISO 8601 UTC */
  char     *valid_to;     /* NULL while current */
  gboolean  is_current;
} BmdCustomerHistoryRow;

void       bmd_customer_history_row_free         (BmdCustomerHistoryRow *row);

/* Inside the refresh's transaction (bmd_store_begin ()): brings the history
 * up to @customers (every customer there is now, any order) as of
 * @run_time (ISO 8601 UTC). A customer no longer there has its current row
 * closed and no new one. @out_changed (may be NULL): rows added or closed. */
gboolean   bmd_store_update_customer_history     (BmdStore                 *self,
                                                  const BmdCustomerVersion *customers,
                                                  guint                     n_customers,
                                                  const char               *run_time,
                                                  guint                    *out_changed,
                                                  GError                  **error);

/* Element type BmdCustomerHistoryRow: every row, by customer id then
 * valid_from (then insertion). */
GPtrArray *bmd_store_list_customer_history       (BmdStore  *self,
                                                  GError   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdCustomerHistoryRow, bmd_customer_history_row_free)

G_END_DECLS
