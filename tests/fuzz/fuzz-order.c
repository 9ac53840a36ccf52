/* An order from stored or fetched JSON text (bmd-order.c), full and light,
 * and every getter a view reads. */
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-order.h"

static void
check_time (GDateTime *time)
{
  if (time != NULL)
    bmd_fuzz_check (g_date_time_get_year (time) >= 1, "a time GLib cannot hold");
  g_clear_pointer (&time, g_date_time_unref);
}

static void
read_all (BmdOrder *order)
{
  g_autofree char *text = NULL;

  check_time (bmd_order_dup_created_at (order));
  check_time (bmd_order_dup_updated_at (order));
  check_time (bmd_order_dup_processed_at (order));
  check_time (bmd_order_dup_cancelled_at (order));

  bmd_fuzz_check (bmd_order_get_customer_name (order) != NULL, "an order without a customer name");
  (void) bmd_order_get_number (order);
  (void) bmd_order_is_active (order);
  (void) bmd_order_is_paid (order);
  (void) bmd_draft_type_to_string (bmd_order_get_draft_type (order));
  if (bmd_order_has_details (order))
    {
      GPtrArray *items = bmd_order_get_line_items (order);

      bmd_fuzz_check (items != NULL, "a full order without line items");
      bmd_fuzz_check (bmd_order_get_json (order) != NULL, "a full order without its JSON");
      text = bmd_order_dup_json_string (order);
      bmd_fuzz_check (text != NULL, "a full order without its text");
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bmd_fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BmdOrder) full = NULL;
  g_autoptr(BmdOrder) light = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) light_error = NULL;

  full = bmd_order_new_from_data ((const char *) data, size, &error);
  light = bmd_order_new_light_from_data ((const char *) data, size, &light_error);
  bmd_fuzz_check ((full == NULL) == (error != NULL), "a result and an error disagree");
  bmd_fuzz_check ((full == NULL) == (light == NULL), "full and light orders disagree on the text");
  if (full == NULL)
    return 0;
  bmd_fuzz_check (g_strcmp0 (bmd_order_get_id (full), bmd_order_get_id (light)) == 0, "id");
  bmd_fuzz_check (g_strcmp0 (bmd_order_get_pickup_value (full),
                             bmd_order_get_pickup_value (light)) == 0, "pickup value");
  bmd_fuzz_check (g_strcmp0 (bmd_order_get_customer_name (full),
                             bmd_order_get_customer_name (light)) == 0, "customer name");
  read_all (full);
  read_all (light);
  return 0;
}
