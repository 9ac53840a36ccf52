/* The input flags shared by the commands that act on a plan. */

#include "config.h"

#include <glib/gi18n.h>

#include "bmd-cli.h"
#include "bmd-cli-source.h"
#include "bmd-order-list.h"
#include "bmd-settings-file.h"

static void
unref_order_or_null (gpointer order)
{
  if (order != NULL)
    g_object_unref (order);
}

GOptionEntry *
bmd_cli_source_new_entries (BmdCliSource *input)
{
  GOptionEntry entries[] = {
    { "orders", 0, 0, G_OPTION_ARG_FILENAME, &input->orders_file, N_("Use these orders (a GraphQL response or JSON Lines) instead of the local warehouse"), N_("FILE") },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &input->data_dir, N_("The local warehouse’s folder"), N_("DIR") },
    { "now", 0, 0, G_OPTION_ARG_STRING, &input->now_text, N_("Plan as of this time (ISO 8601)"), "ISO8601" },
    { "tz", 0, 0, G_OPTION_ARG_STRING, &input->zone_name, N_("The shop’s IANA time zone"), N_("ZONE") },
    { NULL }
  };

  return g_memdup2 (entries, sizeof entries);
}

int
bmd_cli_source_load (BmdCliSource  *input,
                    const char   *command,
                    BmdPlanFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;

  input->config = bmd_config_new ();
  /* Acting on a plan needs no credentials: the settings, not the secrets. */
  if (!bmd_config_apply_stored_settings (input->config, &error))
    {
      bmd_cli_error ("%s: %s", command, error->message);
      return BMD_EXIT_USAGE;
    }
  bmd_config_apply_environment (input->config);
  bmd_config_set (&input->config->data_dir, input->data_dir);
  bmd_config_set (&input->config->zone, input->zone_name);
  if (input->config->queue_calendar_week)
    flags |= BMD_PLAN_FLAGS_CALENDAR_WEEK;

  if (input->config->zone != NULL)
    {
      zone = bmd_time_zone_new (input->config->zone, &error);
      if (zone == NULL)
        {
          bmd_cli_error ("%s: --tz: %s", command, error->message);
          return BMD_EXIT_USAGE;
        }
    }

  if (input->now_text != NULL)
    {
      g_autoptr(GTimeZone) chicago = zone == NULL ? bmd_time_zone_new (BMD_DEFAULT_ZONE, NULL) : NULL;

      now = bmd_parse_now (input->now_text, zone != NULL ? zone : chicago, &error);
      if (now == NULL)
        {
          bmd_cli_error ("%s: --now: %s", command, error->message);
          return BMD_EXIT_USAGE;
        }
    }

  if (input->orders_file != NULL)
    {
      /* Light, as the app and the store path hold them: 200,000 orders in
       * full took eight times the CPU and ten times the memory. Whoever
       * needs an order's details reads them with bmd_cli_source_read_orders (). */
      g_autoptr(GPtrArray) orders = bmd_order_list_load_file_light (input->orders_file, &error);

      /* A file that cannot be read or parsed is bad input, as the design
       * has it for `plan`: exit 2. */
      if (orders == NULL)
        {
          bmd_cli_error ("%s: --orders: %s", command, error->message);
          return BMD_EXIT_USAGE;
        }
      if (zone == NULL)
        zone = bmd_time_zone_new (BMD_DEFAULT_ZONE, NULL);
      if (now == NULL)
        now = g_date_time_new_now_utc ();
      input->plan = bmd_planner_plan (orders, now, zone, flags);
      return BMD_EXIT_OK;
    }

  input->snapshot = bmd_snapshot_load (input->config->data_dir, now, input->config->zone, flags, &error);
  if (input->snapshot == NULL)
    {
      bmd_cli_error ("%s: %s", command, error->message);
      /* No warehouse there yet, or an unknown zone: the arguments (2). A
       * warehouse that cannot be opened or read: the machine (1). */
      return error->domain == G_IO_ERROR ? BMD_EXIT_USAGE : BMD_EXIT_FAILED;
    }
  input->plan = g_object_ref (bmd_snapshot_get_plan (input->snapshot));
  return BMD_EXIT_OK;
}

GPtrArray *
bmd_cli_source_read_orders (BmdCliSource         *input,
                           const char * const  *ids,
                           GError             **error)
{
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GPtrArray) full = NULL;
  GPtrArray *orders;
  guint i;

  g_return_val_if_fail (input->plan != NULL, NULL);

  if (input->snapshot != NULL)
    return bmd_snapshot_read_orders (input->snapshot, ids, error);

  /* The plan holds the file's orders light: read the file again in full,
   * as the snapshot reads the warehouse again. */
  full = bmd_order_list_load_file (input->orders_file, error);
  if (full == NULL)
    return NULL;
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (i = 0; i < full->len; i++)
    {
      BmdOrder *order = g_ptr_array_index (full, i);

      /* A file with one id twice (both are planned): the first. */
      if (!g_hash_table_contains (by_id, bmd_order_get_id (order)))
        g_hash_table_insert (by_id, (gpointer) bmd_order_get_id (order), order);
    }
  orders = g_ptr_array_new_with_free_func (unref_order_or_null);
  for (i = 0; ids[i] != NULL; i++)
    {
      BmdOrder *order = g_hash_table_lookup (by_id, ids[i]);

      g_ptr_array_add (orders, order != NULL ? g_object_ref (order) : NULL);
    }
  return orders;
}

void
bmd_cli_source_clear (BmdCliSource *input)
{
  g_clear_pointer (&input->orders_file, g_free);
  g_clear_pointer (&input->data_dir, g_free);
  g_clear_pointer (&input->now_text, g_free);
  g_clear_pointer (&input->zone_name, g_free);
  g_clear_pointer (&input->config, bmd_config_free);
  g_clear_object (&input->plan);
  g_clear_object (&input->snapshot);
}
