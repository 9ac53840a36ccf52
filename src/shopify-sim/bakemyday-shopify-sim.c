/* bakemyday-shopify-sim: the Shopify Admin GraphQL simulator as a program,
 * for the demo, benchmarks and scripts. */
#define G_LOG_DOMAIN "bmd-sim"

#include "bmd-shopify-sim.h"

#include <glib-unix.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROGRAM "bakemyday-shopify-sim"

static const char usage[] =
  "usage: " PROGRAM " --port PORT [--requests N] [--seed S] [--around YYYY-MM-DD]\n"
  "         [--restore-rate R] [--bucket B] [--fault-rate F] [--create-rate N]\n"
  "         [--token-lifetime SECONDS] [--orders FILE.jsonl]\n"
  "         [--shop-domain NAME.myshopify.com] [--time-zone ZONE]\n"
  "         [--metafield-edits-keep-updated-at]\n"
  "         [--bulk-rate OBJECTS_PER_SECOND] [--bulk-concurrency N]\n"
  "         [--bulk-fault none|failed|expired|cut-download|in-progress]\n";

static int G_GNUC_PRINTF (2, 3)
bad_flag (const char *flag,
          const char *format,
          ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, PROGRAM ": %s: %s\n", flag, reason);
  return 2;
}

static gboolean
parse_uint (const char *text,
            guint64     max,
            guint64    *out)
{
  char *end = NULL;
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  value = g_ascii_strtoull (text, &end, 10);
  if (*end != '\0' || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
parse_double (const char *text,
              double      min,
              double      max,
              double     *out)
{
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (*end != '\0' || !(value >= min && value <= max))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  BmdShopifySimOptions options;
  g_autoptr(BmdShopifySim) sim = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *shop_domain = NULL;
  g_autofree char *time_zone = NULL;
  gboolean have_port = FALSE, have_requests = FALSE;
  guint64 port = 0;
  GDate around;

  bmd_shopify_sim_options_init (&options);
  g_date_clear (&around, 1);

  for (int i = 1; i < argc; i++)
    {
      g_autofree char *flag = NULL;
      const char *value = NULL;
      const char *eq;
      guint64 n;
      double d;

      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          fputs (usage, stdout);
          return 0;
        }
      if (!g_str_has_prefix (argv[i], "--"))
        return bad_flag (argv[i], "unexpected argument");
      /* The one flag without a value. */
      if (g_str_equal (argv[i], "--metafield-edits-keep-updated-at"))
        {
          options.metafield_edits_keep_updated_at = TRUE;
          continue;
        }
      eq = strchr (argv[i], '=');
      if (eq != NULL)
        {
          flag = g_strndup (argv[i], eq - argv[i]);
          value = eq + 1;
        }
      else
        {
          flag = g_strdup (argv[i]);
          if (i + 1 < argc)
            value = argv[++i];
        }

      if (g_str_equal (flag, "--port"))
        {
          if (!parse_uint (value, 65535, &port))
            return bad_flag (flag, "expected a port number 0-65535, got '%s'", value ? value : "");
          have_port = TRUE;
        }
      else if (g_str_equal (flag, "--requests"))
        {
          if (!parse_uint (value, 1000000, &n))
            return bad_flag (flag, "expected a count 0-1000000, got '%s'", value ? value : "");
          options.requests = (guint) n;
          have_requests = TRUE;
        }
      else if (g_str_equal (flag, "--seed"))
        {
          if (!parse_uint (value, G_MAXUINT64, &n))
            return bad_flag (flag, "expected a non-negative integer, got '%s'", value ? value : "");
          options.seed = n;
        }
      else if (g_str_equal (flag, "--around"))
        {
          if (value == NULL || strlen (value) != 10 || value[4] != '-' || value[7] != '-' ||
              !g_date_valid_dmy (atoi (value + 8), atoi (value + 5), atoi (value)))
            return bad_flag (flag, "expected a date YYYY-MM-DD, got '%s'", value ? value : "");
          g_date_set_dmy (&around, atoi (value + 8), atoi (value + 5), atoi (value));
          options.around = &around;
        }
      else if (g_str_equal (flag, "--restore-rate"))
        {
          if (!parse_double (value, 0.001, 1e9, &d))
            return bad_flag (flag, "expected a positive number of points per second, got '%s'",
                             value ? value : "");
          options.restore_rate = d;
        }
      else if (g_str_equal (flag, "--bucket"))
        {
          if (!parse_double (value, 1, 1e9, &d))
            return bad_flag (flag, "expected a positive number of points, got '%s'", value ? value : "");
          options.bucket = d;
        }
      else if (g_str_equal (flag, "--fault-rate"))
        {
          if (!parse_double (value, 0, 1, &d))
            return bad_flag (flag, "expected a fraction 0-1, got '%s'", value ? value : "");
          options.fault_rate = d;
        }
      else if (g_str_equal (flag, "--create-rate"))
        {
          if (!parse_uint (value, 1000000, &n))
            return bad_flag (flag, "expected orders per minute, got '%s'", value ? value : "");
          options.create_rate = (guint) n;
        }
      else if (g_str_equal (flag, "--token-lifetime"))
        {
          if (!parse_double (value, 0.001, 1e9, &d))
            return bad_flag (flag, "expected a positive number of seconds, got '%s'", value ? value : "");
          options.token_lifetime = d;
        }
      else if (g_str_equal (flag, "--shop-domain"))
        {
          if (value == NULL || *value == '\0')
            return bad_flag (flag, "expected a domain such as other-bakery.myshopify.com");
          g_free (shop_domain);
          shop_domain = g_strdup (value);
        }
      else if (g_str_equal (flag, "--time-zone"))
        {
          /* Any text, "" included: the simulator serves what a shop might. */
          if (value == NULL)
            return bad_flag (flag, "expected the shop's IANA time zone");
          g_free (time_zone);
          time_zone = g_strdup (value);
        }
      else if (g_str_equal (flag, "--bulk-rate"))
        {
          if (!parse_double (value, 0.001, 1e9, &d))
            return bad_flag (flag, "expected a positive number of objects per second, got '%s'",
                             value ? value : "");
          options.bulk_rate = d;
        }
      else if (g_str_equal (flag, "--bulk-concurrency"))
        {
          if (!parse_uint (value, 1000, &n) || n == 0)
            return bad_flag (flag, "expected a count 1-1000, got '%s'", value ? value : "");
          options.bulk_concurrency = (guint) n;
        }
      else if (g_str_equal (flag, "--bulk-fault"))
        {
          if (!bmd_sim_bulk_fault_from_name (value, &options.bulk_fault))
            return bad_flag (flag, "expected none, failed, expired, cut-download or in-progress, got '%s'",
                             value ? value : "");
        }
      else if (g_str_equal (flag, "--orders"))
        {
          if (value == NULL || *value == '\0')
            return bad_flag (flag, "expected a JSON Lines file");
          g_free (orders);
          orders = g_strdup (value);
        }
      else
        return bad_flag (flag, "unknown flag");
    }
  if (!have_port)
    return bad_flag ("--port", "missing; it is required (0 picks a free port)");

  /* With a file of orders and no --requests, serve just the file. */
  if (orders != NULL && !have_requests)
    options.requests = 0;

  sim = bmd_shopify_sim_new (&options);
  bmd_shopify_sim_set_shop (sim, shop_domain, time_zone);
  if (orders != NULL && !bmd_shopify_sim_load_jsonl (sim, orders, &error))
    return bad_flag ("--orders", "%s", error->message);
  if (!bmd_shopify_sim_start (sim, (guint) port, &error))
    {
      fprintf (stderr, PROGRAM ": --port: cannot listen on 127.0.0.1:%u: %s\n",
               (guint) port, error->message);
      return 1;
    }

  /* Handlers first: a script may send SIGTERM as soon as it reads "ready". */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);

  printf ("ready %s\n", bmd_shopify_sim_get_url (sim));
  fflush (stdout);

  g_main_loop_run (loop);
  bmd_shopify_sim_stop (sim);
  return 0;
}
