#define G_LOG_DOMAIN "bmd-missing-half"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <gio/gio.h>

#include "bmd-missing-half.h"

static void
metafield_free (BmdMetafieldInput *field)
{
  g_free (field->namespace_);
  g_free (field->key);
  g_free (field->type);
  g_free (field->value);
  g_free (field);
}

static void
add_metafield (GPtrArray  *fields,
               const char *ns,
               const char *key,
               const char *type,
               const char *value)
{
  BmdMetafieldInput *field;

  /* Shopify refuses a blank value; an absent one stays absent. */
  if (value == NULL || *value == '\0')
    return;
  field = g_new0 (BmdMetafieldInput, 1);
  field->namespace_ = g_strdup (ns);
  field->key = g_strdup (key);
  field->type = g_strdup (type);
  field->value = g_strdup (value);
  g_ptr_array_add (fields, field);
}

BmdMissingHalf *
bmd_missing_half_new (BmdRequest       *request,
                      BmdOrder         *present,
                      const BmdConfig  *config,
                      GError          **error)
{
  g_autoptr(BmdMissingHalf) half = NULL;
  const char *pickup;
  const char *total;

  g_return_val_if_fail (BMD_IS_REQUEST (request), NULL);
  g_return_val_if_fail (BMD_IS_ORDER (present), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  if (bmd_request_get_deposit (request) != NULL && bmd_request_get_remaining (request) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This request has both of its orders."));
      return NULL;
    }
  if (bmd_order_get_customer_id (present) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This request has no customer, so there is no one to create an order for."));
      return NULL;
    }

  half = g_new0 (BmdMissingHalf, 1);
  half->request_id = g_strdup (bmd_request_get_id (request));
  half->missing = bmd_request_get_deposit (request) == NULL ? BMD_DRAFT_TYPE_DEPOSIT : BMD_DRAFT_TYPE_REMAINING;
  half->present_name = g_strdup (bmd_order_get_name (present));
  half->customer_id = g_strdup (bmd_order_get_customer_id (present));
  half->customer_name = g_strdup (bmd_order_get_customer_name (present));
  half->email = g_strdup (bmd_order_get_email (present));
  half->title = g_strdup (half->missing == BMD_DRAFT_TYPE_REMAINING ? "Custom cake remaining balance"
                                                                    : "Custom cake deposit");
  total = bmd_order_get_total_price (present);
  half->amount = total != NULL ? bmd_money_normalize (total) : NULL;
  if (half->amount == NULL)
    half->amount = g_strdup ("");
  half->currency = g_strdup (bmd_order_get_currency (present) != NULL ? bmd_order_get_currency (present) : "USD");
  half->note = g_strdup_printf ("%s of %s", half->missing == BMD_DRAFT_TYPE_REMAINING ? "Balance" : "Deposit",
                                half->present_name);

  /* The present half's metafields, with the missing draft_type. */
  half->metafields = g_ptr_array_new_with_free_func ((GDestroyNotify) metafield_free);
  add_metafield (half->metafields, config->metafield_namespace, config->draft_type_key,
                 "single_line_text_field", bmd_draft_type_to_string (half->missing));
  pickup = bmd_order_get_pickup_value (present);
  add_metafield (half->metafields, config->metafield_namespace, config->pickup_key,
                 pickup != NULL && strchr (pickup, 'T') == NULL ? "date" : "date_time", pickup);
  add_metafield (half->metafields, config->metafield_namespace, config->flavor_key,
                 "single_line_text_field", bmd_order_get_flavor (present));
  add_metafield (half->metafields, config->metafield_namespace, config->theme_key,
                 "single_line_text_field", bmd_order_get_theme (present));
  add_metafield (half->metafields, config->metafield_namespace, config->allergies_key,
                 "single_line_text_field", bmd_order_get_allergies (present));
  return g_steal_pointer (&half);
}

BmdMissingHalf *
bmd_missing_half_copy (const BmdMissingHalf *half)
{
  BmdMissingHalf *copy;
  guint i;

  g_return_val_if_fail (half != NULL, NULL);

  copy = g_new0 (BmdMissingHalf, 1);
  copy->request_id = g_strdup (half->request_id);
  copy->missing = half->missing;
  copy->present_name = g_strdup (half->present_name);
  copy->customer_id = g_strdup (half->customer_id);
  copy->customer_name = g_strdup (half->customer_name);
  copy->email = g_strdup (half->email);
  copy->title = g_strdup (half->title);
  copy->amount = g_strdup (half->amount);
  copy->currency = g_strdup (half->currency);
  copy->note = g_strdup (half->note);
  copy->metafields = g_ptr_array_new_with_free_func ((GDestroyNotify) metafield_free);
  for (i = 0; i < half->metafields->len; i++)
    {
      const BmdMetafieldInput *field = g_ptr_array_index (half->metafields, i);

      add_metafield (copy->metafields, field->namespace_, field->key, field->type, field->value);
    }
  return copy;
}

void
bmd_missing_half_free (BmdMissingHalf *half)
{
  if (half == NULL)
    return;
  g_free (half->request_id);
  g_free (half->present_name);
  g_free (half->customer_id);
  g_free (half->customer_name);
  g_free (half->email);
  g_free (half->title);
  g_free (half->amount);
  g_free (half->currency);
  g_free (half->note);
  g_clear_pointer (&half->metafields, g_ptr_array_unref);
  g_free (half);
}

char *
bmd_money_normalize (const char *text)
{
  g_autofree char *copy = NULL;
  const char *p;
  guint64 whole = 0;
  guint cents = 0;
  guint decimals = 0;
  gboolean digits = FALSE;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  for (p = copy; g_ascii_isdigit (*p); p++)
    {
      if (whole > G_MAXUINT32)
        return NULL;
      whole = whole * 10 + (guint) (*p - '0');
      digits = TRUE;
    }
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++)
        {
          if (++decimals > 2)
            return NULL;
          cents = cents * 10 + (guint) (*p - '0');
        }
      if (decimals == 1)
        cents *= 10;
    }
  if (*p != '\0' || !digits || (whole == 0 && cents == 0))
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT ".%02u", whole, cents);
}

JsonObject *
bmd_missing_half_to_input (const BmdMissingHalf *half,
                           const char           *amount)
{
  JsonObject *input = json_object_new ();
  JsonObject *entity = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonObject *item = json_object_new ();
  JsonObject *price = json_object_new ();
  JsonArray *fields = json_array_new ();
  JsonArray *tags = json_array_new ();
  guint i;

  g_return_val_if_fail (half != NULL, NULL);
  g_return_val_if_fail (amount != NULL, NULL);

  json_object_set_string_member (entity, "customerId", half->customer_id);
  json_object_set_object_member (input, "purchasingEntity", entity);
  if (half->email != NULL)
    json_object_set_string_member (input, "email", half->email);
  json_object_set_string_member (item, "title", half->title);
  json_object_set_int_member (item, "quantity", 1);
  json_object_set_string_member (price, "amount", amount);
  json_object_set_string_member (price, "currencyCode", half->currency);
  json_object_set_object_member (item, "originalUnitPriceWithCurrency", price);
  json_array_add_object_element (items, item);
  json_object_set_array_member (input, "lineItems", items);
  for (i = 0; i < half->metafields->len; i++)
    {
      const BmdMetafieldInput *field = g_ptr_array_index (half->metafields, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "namespace", field->namespace_);
      json_object_set_string_member (object, "key", field->key);
      json_object_set_string_member (object, "type", field->type);
      json_object_set_string_member (object, "value", field->value);
      json_array_add_object_element (fields, object);
    }
  json_object_set_array_member (input, "metafields", fields);
  json_object_set_string_member (input, "note", half->note);
  json_array_add_string_element (tags, "bakemyday");
  json_object_set_array_member (input, "tags", tags);
  return input;
}
