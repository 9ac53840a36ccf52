#define G_LOG_DOMAIN "bmd-generator"

#include "config.h"

#include <glib/gstdio.h>

#include "bmd-generator.h"
#include "bmd-pipeline.h"
#include "bmd-sync.h"

static const char *first_names[] = {
  "Maria", "James", "Sofia", "Daniel", "Olivia", "Mateo", "Emma", "Noah", "Ava", "Lucas",
  "Isabella", "Ethan", "Camila", "Liam", "Harper", "Diego", "Grace", "Elijah", "Lily", "Carlos",
};
static const char *last_names[] = {
  "Garcia", "Johnson", "Martinez", "Nguyen", "Smith", "Lopez", "Brown", "Hernandez", "Davis",
  "Wilson", "Patel", "Kim", "Rodriguez", "Clark", "Lewis", "Walker", "Young", "Allen",
};
static const char *flavors[] = {
  "lemon", "black forest", "vanilla bean", "chocolate fudge", "strawberry", "red velvet",
  "carrot", "tres leches", "funfetti", "mocha",
};
static const char *themes[] = {
  "birthday", "wedding", "baby shower", "graduation", "dinosaurs", "unicorn", "anniversary",
  "retirement", "space", "princess",
};
static const char *allergies[] = { "n/a", "n/a", "n/a", "treenut", "peanut", "dairy", "gluten", "" };

#define PICK(rand, list) list[g_rand_int_range (rand, 0, G_N_ELEMENTS (list))]

static void
add_metafield (JsonArray   *metafields,
               const char  *ns,
               const char  *key,
               const char  *type,
               const char  *value)
{
  JsonObject *field;

  if (value == NULL)
    return;
  field = json_object_new ();
  json_object_set_string_member (field, "namespace", ns);
  json_object_set_string_member (field, "key", key);
  json_object_set_string_member (field, "type", type);
  json_object_set_string_member (field, "value", value);
  json_array_add_object_element (metafields, field);
}

JsonObject *
bmd_generator_build_order (const BmdConfig *config,
                           guint64          seed,
                           GDate           *around,
                           guint            index)
{
  /* Both halves of a request draw from the same stream, so they agree. */
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) (seed * 7919 + index / 2));
  gboolean deposit = index % 2 == 0;
  const char *first = PICK (rand, first_names);
  const char *last = PICK (rand, last_names);
  const char *flavor = PICK (rand, flavors);
  const char *theme = PICK (rand, themes);
  const char *allergy = PICK (rand, allergies);
  int day_offset = g_rand_int_range (rand, -10, 30);
  int hour = g_rand_int_range (rand, 9, 18);
  double price = 35 + 5 * g_rand_int_range (rand, 0, 12);
  gboolean deposit_paid = g_rand_double (rand) < 0.85;
  gboolean remaining_paid = g_rand_double (rand) < 0.4;
  gboolean forgot_theme = g_rand_double (rand) < 0.15;
  g_autoptr(GDate) day = g_date_copy (around);
  g_autofree char *pickup = NULL;
  g_autofree char *email = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *title = NULL;
  JsonObject *order = json_object_new ();
  JsonObject *customer = json_object_new ();
  JsonObject *upsert = json_object_new ();
  JsonObject *line = json_object_new ();
  JsonObject *price_set = json_object_new ();
  JsonObject *money = json_object_new ();
  JsonArray *lines = json_array_new ();
  JsonArray *metafields = json_array_new ();
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (day_offset >= 0)
    g_date_add_days (day, day_offset);
  else
    g_date_subtract_days (day, -day_offset);
  /* A wall time in the shop's zone, as the bakery's form writes it. */
  pickup = g_strdup_printf ("%04d-%02d-%02dT%02d:00:00", g_date_get_year (day),
                            g_date_get_month (day), g_date_get_day (day), hour);
  {
    g_autofree char *mixed = g_strdup_printf ("%s.%s.%u@example.com", first, last, index / 2);

    email = g_ascii_strdown (g_strdelimit (mixed, " ", '-'), -1);
  }
  amount = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", deposit ? 40.0 : price));
  title = g_strdup_printf ("Custom cake %s (%s)", deposit ? "deposit" : "balance", flavor);

  json_object_set_string_member (upsert, "firstName", first);
  json_object_set_string_member (upsert, "lastName", last);
  json_object_set_string_member (upsert, "email", email);
  json_object_set_object_member (customer, "toUpsert", upsert);
  json_object_set_object_member (order, "customer", customer);
  json_object_set_string_member (order, "email", email);
  json_object_set_string_member (order, "currency", "USD");
  json_object_set_string_member (order, "financialStatus",
                                 (deposit ? deposit_paid : remaining_paid) ? "PAID" : "PENDING");

  json_object_set_string_member (money, "amount", amount);
  json_object_set_string_member (money, "currencyCode", "USD");
  json_object_set_object_member (price_set, "shopMoney", money);
  json_object_set_string_member (line, "title", title);
  json_object_set_int_member (line, "quantity", 1);
  json_object_set_object_member (line, "priceSet", price_set);
  json_array_add_object_element (lines, line);
  json_object_set_array_member (order, "lineItems", lines);

  add_metafield (metafields, config->metafield_namespace, config->draft_type_key,
                 "single_line_text_field", deposit ? "deposit" : "remaining");
  add_metafield (metafields, config->metafield_namespace, config->pickup_key, "date_time", pickup);
  add_metafield (metafields, config->metafield_namespace, config->flavor_key,
                 "single_line_text_field", flavor);
  add_metafield (metafields, config->metafield_namespace, config->theme_key,
                 "single_line_text_field", !deposit && forgot_theme ? "forgot" : theme);
  add_metafield (metafields, config->metafield_namespace, config->allergies_key,
                 "single_line_text_field", *allergy != '\0' ? allergy : "n/a");
  json_object_set_array_member (order, "metafields", metafields);
  return order;
}

static char *
state_path (const BmdConfig *config)
{
  return g_build_filename (config->data_dir, "generate-state.ini", NULL);
}

static gboolean
same_shop (GKeyFile   *file,
           const char *shop)
{
  g_autofree char *saved = g_key_file_get_value (file, "generate", "shop", NULL);

  return g_strcmp0 (saved, shop) == 0;
}

static guint
load_done (const BmdConfig *config,
           guint64          seed,
           guint            requests)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = state_path (config);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return 0;
  /* Another seed or size is another batch: start it afresh. */
  if (g_key_file_get_uint64 (file, "generate", "seed", NULL) != seed
      || g_key_file_get_integer (file, "generate", "requests", NULL) != (int) requests
      || !same_shop (file, config->shop))
    return 0;
  return g_key_file_get_integer (file, "generate", "orders_done", NULL);
}

static gboolean
save_done (const BmdConfig  *config,
           guint64           seed,
           guint             requests,
           guint             done,
           GError          **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = state_path (config);

  g_key_file_set_uint64 (file, "generate", "seed", seed);
  g_key_file_set_integer (file, "generate", "requests", requests);
  g_key_file_set_value (file, "generate", "shop", config->shop);
  g_key_file_set_integer (file, "generate", "orders_done", done);
  return g_key_file_save_to_file (file, path, error);
}

gboolean
bmd_generator_run (const BmdConfig       *config,
                   guint                  requests,
                   guint64                seed,
                   GDate                 *around,
                   BmdGeneratorProgress   progress,
                   gpointer               user_data,
                   GCancellable          *cancellable,
                   guint                 *created,
                   GError               **error)
{
  g_autoptr(BmdShopifyClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  guint total = requests * 2;
  guint done;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (around != NULL && g_date_valid (around), FALSE);

  if (created != NULL)
    *created = 0;
  client = bmd_sync_create_client (config, error);
  if (client == NULL)
    return FALSE;

  if (g_mkdir_with_parents (config->data_dir, 0700) != 0)
    {
      g_set_error (error, BMD_PIPELINE_ERROR, BMD_PIPELINE_ERROR_CONFIG,
                   "cannot create the data dir %s", config->data_dir);
      return FALSE;
    }

  for (done = load_done (config, seed, requests); done < total; done++)
    {
      g_autoptr(JsonObject) order = bmd_generator_build_order (config, seed, around, done);
      g_autofree char *gid = bmd_shopify_client_create_order (client, order, cancellable, &local_error);

      if (gid == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "order %u of %u: ", done + 1, total);
          return FALSE;
        }
      if (!save_done (config, seed, requests, done + 1, error))
        return FALSE;
      if (created != NULL)
        (*created)++;
      if (progress != NULL)
        progress (done + 1, total, gid, user_data);
    }
  return TRUE;
}
