#define G_LOG_DOMAIN "bmd-order"

#include "config.h"

#include <string.h>

#include "bmd-json-doc-private.h"
#include "bmd-json-text.h"
#include "bmd-order-private.h"


G_DEFINE_FINAL_TYPE (BmdOrder, bmd_order, G_TYPE_OBJECT)

/* The metafields as the orders query aliases them, with the design's default keys
 * for orders that come with a plain metafields { nodes } list instead. */
static const struct
{
  const char *alias;
  const char *key;
} metafield_names[] = {
  { "draftType", "draft_type" },
  { "pickupDate", "pickup_date" },
  { "flavor", "flavor" },
  { "theme", "theme" },
  { "allergies", "allergies" },
};

static void
line_item_free (gpointer data)
{
  BmdLineItem *item = data;

  g_free (item->name);
  g_free (item->variant_title);
  g_free (item);
}

/* A node as a string: strings as they are, numbers and booleans printed,
 * anything else (null, objects, arrays) NULL. */
static char *
dup_node_string (BmdJsonDoc *doc,
                 BmdJsonRef  node)
{
  switch (_bmd_json_type (doc, node))
    {
    case BMD_JSON_STRING:
      return g_strdup (_bmd_json_string (doc, node));
    case BMD_JSON_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, _bmd_json_int (doc, node));
    case BMD_JSON_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, _bmd_json_double (doc, node)));
      }
    case BMD_JSON_BOOLEAN:
      return g_strdup (_bmd_json_boolean (doc, node) ? "true" : "false");
    case BMD_JSON_NONE:
    case BMD_JSON_NULL:
    case BMD_JSON_ARRAY:
    case BMD_JSON_OBJECT:
    default:
      return NULL;
    }
}

static char *
dup_member_string (BmdJsonDoc *doc,
                   BmdJsonRef  object,
                   const char *member)
{
  return dup_node_string (doc, _bmd_json_member (doc, object, member));
}

/* A member as a GRefString (see dup_node_string()), trimmed if asked, and
 * interned if many orders are likely to share it. */
static char *
ref_member_string (BmdJsonDoc *doc,
                   BmdJsonRef  object,
                   const char *member,
                   gboolean    trim,
                   gboolean    intern)
{
  BmdJsonRef node = _bmd_json_member (doc, object, member);
  g_autofree char *owned = NULL;
  const char *text;
  const char *end;

  if (_bmd_json_type (doc, node) == BMD_JSON_STRING)
    text = _bmd_json_string (doc, node);
  else if ((text = owned = dup_node_string (doc, node)) == NULL)
    return NULL;

  if (trim)
    {
      while (g_ascii_isspace (*text))
        text++;
      end = text + strlen (text);
      while (end > text && g_ascii_isspace (end[-1]))
        end--;
      if (*end != '\0')
        {
          char *trimmed = g_strndup (text, end - text);

          g_free (owned);
          text = owned = trimmed;
        }
    }
  return intern ? g_ref_string_new_intern (text) : g_ref_string_new (text);
}

/* The member if it is an object (or array), else 0. */
static BmdJsonRef
get_member_of_type (BmdJsonDoc  *doc,
                    BmdJsonRef   object,
                    const char  *member,
                    BmdJsonType  type)
{
  BmdJsonRef node = _bmd_json_member (doc, object, member);

  return _bmd_json_type (doc, node) == type ? node : 0;
}

static gint64
parse_timestamp (BmdJsonDoc *doc,
                 BmdJsonRef  object,
                 const char *member)
{
  g_autofree char *text = dup_member_string (doc, object, member);
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL || *text == '\0')
    return BMD_ORDER_NO_TIME;
  utc = g_time_zone_new_utc ();
  parsed = g_date_time_new_from_iso8601 (text, utc);
  if (parsed == NULL)
    return BMD_ORDER_NO_TIME;
  return _bmd_date_time_to_us (parsed);
}

static GDateTime *
dup_time (gint64 us)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (us == BMD_ORDER_NO_TIME)
    return NULL;
  utc = g_time_zone_new_utc ();
  return _bmd_pickup_date_time (us, utc);
}

static gint64
parse_number (const char *name,
              BmdJsonDoc *doc,
              BmdJsonRef  json)
{
  g_autofree char *legacy = NULL;
  const char *p;

  /* Shopify names orders "#1042"; a shop may add a prefix or suffix. */
  for (p = name; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        return g_ascii_strtoll (p, NULL, 10);
    }

  legacy = dup_member_string (doc, json, "legacyResourceId");
  if (legacy != NULL)
    return g_ascii_strtoll (legacy, NULL, 10);
  return 0;
}

/* The first element of a connection's "nodes", else of its "edges" (whose
 * elements hold the node under "node"), then the next: node_of () gives the
 * node of an element either way. */
static BmdJsonRef
connection_first (BmdJsonDoc *doc,
                  BmdJsonRef  connection,
                  gboolean   *edges)
{
  BmdJsonRef nodes = get_member_of_type (doc, connection, "nodes", BMD_JSON_ARRAY);

  *edges = nodes == 0;
  if (nodes != 0)
    return _bmd_json_first (doc, nodes);
  return _bmd_json_first (doc, get_member_of_type (doc, connection, "edges", BMD_JSON_ARRAY));
}

static BmdJsonRef
node_of (BmdJsonDoc *doc,
         BmdJsonRef  element,
         gboolean    edges)
{
  if (edges)
    element = _bmd_json_member (doc, element, "node");
  return _bmd_json_type (doc, element) == BMD_JSON_OBJECT ? element : 0;
}

static void
parse_line_items (BmdOrderDetails *self,
                  BmdJsonDoc      *doc,
                  BmdJsonRef       json)
{
  BmdJsonRef connection = get_member_of_type (doc, json, "lineItems", BMD_JSON_OBJECT);
  gboolean edges;
  BmdJsonRef element;

  for (element = connection_first (doc, connection, &edges); element != 0;
       element = _bmd_json_next (doc, element))
    {
      BmdJsonRef item_json = node_of (doc, element, edges);
      BmdLineItem *item;
      g_autofree char *quantity = NULL;

      if (item_json == 0)
        continue;
      if (self->line_items == NULL)
        self->line_items = g_ptr_array_new_with_free_func (line_item_free);
      item = g_new0 (BmdLineItem, 1);
      item->name = dup_member_string (doc, item_json, "name");
      if (item->name == NULL)
        item->name = dup_member_string (doc, item_json, "title");
      if (item->name == NULL)
        item->name = g_strdup ("");
      item->variant_title = dup_member_string (doc, item_json, "variantTitle");
      quantity = dup_member_string (doc, item_json, "quantity");
      item->quantity = quantity != NULL ? g_ascii_strtoll (quantity, NULL, 10) : 1;
      g_ptr_array_add (self->line_items, item);
    }
}

/* The metafield's trimmed value as an interned GRefString, or NULL. */
static char *
ref_metafield_value (BmdJsonDoc *doc,
                     BmdJsonRef  json,
                     guint       index)
{
  BmdJsonRef alias = get_member_of_type (doc, json, metafield_names[index].alias, BMD_JSON_OBJECT);
  BmdJsonRef list;
  gboolean edges;
  BmdJsonRef element;

  if (alias != 0)
    return ref_member_string (doc, alias, "value", TRUE, TRUE);

  list = get_member_of_type (doc, json, "metafields", BMD_JSON_OBJECT);
  for (element = connection_first (doc, list, &edges); element != 0;
       element = _bmd_json_next (doc, element))
    {
      BmdJsonRef node;
      g_autofree char *key = NULL;

      /* An edge that is an object but has no node object reads as a node
       * without a key, as before. */
      if (_bmd_json_type (doc, element) != BMD_JSON_OBJECT)
        continue;
      node = node_of (doc, element, edges);
      key = dup_member_string (doc, node, "key");
      if (g_strcmp0 (key, metafield_names[index].key) == 0)
        return ref_member_string (doc, node, "value", TRUE, TRUE);
    }
  return NULL;
}

static char *
build_customer_name (BmdOrderDetails *self,
                     BmdJsonDoc      *doc,
                     BmdJsonRef       customer)
{
  g_autoptr(GString) name = g_string_new (NULL);
  char *display;

  if (self->first_name != NULL && *self->first_name != '\0')
    g_string_append (name, self->first_name);
  if (self->last_name != NULL && *self->last_name != '\0')
    {
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, self->last_name);
    }
  if (name->len > 0)
    return g_ref_string_new_intern (name->str);

  display = ref_member_string (doc, customer, "displayName", TRUE, TRUE);
  if (display != NULL && *display != '\0')
    return display;
  g_clear_pointer (&display, g_ref_string_release);
  if (self->email != NULL && *self->email != '\0')
    return g_ref_string_acquire (self->email);
  return g_ref_string_new_intern ("(no customer)");
}

static void
details_free (BmdOrderDetails *details)
{
  g_clear_pointer (&details->json, json_object_unref);
  g_clear_pointer (&details->json_text, g_ref_string_release);
  g_clear_pointer (&details->first_name, g_ref_string_release);
  g_clear_pointer (&details->last_name, g_ref_string_release);
  g_clear_pointer (&details->email, g_ref_string_release);
  g_clear_pointer (&details->phone, g_ref_string_release);
  g_clear_pointer (&details->fulfillment_status, g_ref_string_release);
  g_clear_pointer (&details->total_price, g_ref_string_release);
  g_clear_pointer (&details->total_outstanding, g_ref_string_release);
  g_clear_pointer (&details->currency, g_ref_string_release);
  g_clear_pointer (&details->note, g_ref_string_release);
  g_clear_pointer (&details->line_items, g_ptr_array_unref);
  g_free (details);
}

static void
bmd_order_finalize (GObject *object)
{
  BmdOrder *self = (BmdOrder *)object;

  g_clear_pointer (&self->details, details_free);
  g_clear_pointer (&self->id, g_ref_string_release);
  g_clear_pointer (&self->name, g_ref_string_release);
  g_clear_pointer (&self->customer_id, g_ref_string_release);
  g_clear_pointer (&self->customer_name, g_ref_string_release);
  g_clear_pointer (&self->financial_status, g_ref_string_release);
  g_clear_pointer (&self->draft_type_value, g_ref_string_release);
  g_clear_pointer (&self->pickup_value, g_ref_string_release);
  g_clear_pointer (&self->flavor, g_ref_string_release);
  g_clear_pointer (&self->theme, g_ref_string_release);
  g_clear_pointer (&self->allergies, g_ref_string_release);

  G_OBJECT_CLASS (bmd_order_parent_class)->finalize (object);
}

static void
bmd_order_class_init (BmdOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bmd_order_finalize;
}

static void
bmd_order_init (BmdOrder *self)
{
}

/* Reads everything but the JSON itself from @node of @doc; the details are
 * kept only when asked for. */
/* What an order keeps of its node beyond what plans read. */
typedef enum
{
  KEEP_LIGHT,
  KEEP_CONTACTS,   /* the customer's names, email and phone */
  KEEP_DETAILS,
} Keep;

static BmdOrder *
order_new (BmdJsonDoc  *doc,
           BmdJsonRef   node,
           Keep         keep,
           GError     **error)
{
  g_autoptr(BmdOrder) self = NULL;
  BmdOrderDetails *details;
  BmdJsonRef customer;
  BmdJsonRef money;
  BmdJsonType cancelled;

  if (_bmd_json_type (doc, node) != BMD_JSON_OBJECT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "An order is not a JSON object");
      return NULL;
    }

  self = g_object_new (BMD_TYPE_ORDER, NULL);
  /* Read in full even for a light order: the customer's name is made of them. */
  self->details = details = g_new0 (BmdOrderDetails, 1);
  self->id = ref_member_string (doc, node, "id", FALSE, FALSE);
  if (self->id == NULL || *self->id == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "An order node has no \"id\"");
      return NULL;
    }

  self->name = ref_member_string (doc, node, "name", FALSE, FALSE);
  if (self->name == NULL)
    self->name = g_ref_string_acquire (self->id);
  self->number = parse_number (self->name, doc, node);

  customer = get_member_of_type (doc, node, "customer", BMD_JSON_OBJECT);
  if (customer != 0)
    {
      /* A customer's orders come in pairs (and often more): share their details. */
      self->customer_id = ref_member_string (doc, customer, "id", FALSE, TRUE);
      details->first_name = ref_member_string (doc, customer, "firstName", TRUE, TRUE);
      details->last_name = ref_member_string (doc, customer, "lastName", TRUE, TRUE);
      details->email = ref_member_string (doc, customer, "email", TRUE, TRUE);
    }
  if (details->email == NULL)
    details->email = ref_member_string (doc, node, "email", TRUE, TRUE);
  self->customer_name = build_customer_name (details, doc, customer);
  self->customer_name_key = _bmd_order_name_key (self->customer_name);
  self->customer_name_key2 = _bmd_order_name_key_at (self->customer_name, 8);

  self->created_us = parse_timestamp (doc, node, "createdAt");
  /* Cancelled when cancelledAt is set at all: a value that does not parse
   * still says so. */
  cancelled = _bmd_json_type (doc, _bmd_json_member (doc, node, "cancelledAt"));
  self->cancelled = cancelled != BMD_JSON_NONE && cancelled != BMD_JSON_NULL;
  self->financial_status = ref_member_string (doc, node, "displayFinancialStatus", TRUE, TRUE);

  money = get_member_of_type (doc, get_member_of_type (doc, node, "totalPriceSet", BMD_JSON_OBJECT),
                              "shopMoney", BMD_JSON_OBJECT);
  details->total_price = ref_member_string (doc, money, "amount", FALSE, TRUE);
  _bmd_money_parse_cents (details->total_price, &self->total_cents);

  /* A light order drops the details: it does not read them either. */
  if (keep == KEEP_CONTACTS)
    {
      details->phone = ref_member_string (doc, customer, "phone", TRUE, TRUE);
      g_clear_pointer (&details->total_price, g_ref_string_release);
      details->contacts_only = TRUE;
    }
  if (keep == KEEP_DETAILS)
    {
      details->phone = ref_member_string (doc, customer, "phone", TRUE, TRUE);
      details->updated_us = parse_timestamp (doc, node, "updatedAt");
      details->processed_us = parse_timestamp (doc, node, "processedAt");
      details->cancelled_us = parse_timestamp (doc, node, "cancelledAt");
      details->fulfillment_status = ref_member_string (doc, node, "displayFulfillmentStatus", TRUE, TRUE);

      details->currency = ref_member_string (doc, money, "currencyCode", FALSE, TRUE);
      money = get_member_of_type (doc, get_member_of_type (doc, node, "totalOutstandingSet", BMD_JSON_OBJECT),
                                  "shopMoney", BMD_JSON_OBJECT);
      details->total_outstanding = ref_member_string (doc, money, "amount", FALSE, TRUE);
      details->note = ref_member_string (doc, node, "note", FALSE, FALSE);

      parse_line_items (details, doc, node);
    }

  self->draft_type_value = ref_metafield_value (doc, node, 0);
  self->pickup_value = ref_metafield_value (doc, node, 1);
  _bmd_pickup_scan (self->pickup_value, &self->pickup);
  self->flavor = ref_metafield_value (doc, node, 2);
  self->theme = ref_metafield_value (doc, node, 3);
  self->allergies = ref_metafield_value (doc, node, 4);

  if (self->draft_type_value != NULL && g_ascii_strcasecmp (self->draft_type_value, "deposit") == 0)
    self->draft_type = BMD_DRAFT_TYPE_DEPOSIT;
  else if (self->draft_type_value != NULL && g_ascii_strcasecmp (self->draft_type_value, "remaining") == 0)
    self->draft_type = BMD_DRAFT_TYPE_REMAINING;
  else
    self->draft_type = BMD_DRAFT_TYPE_UNKNOWN;

  if (keep == KEEP_LIGHT)
    g_clear_pointer (&self->details, details_free);
  return g_steal_pointer (&self);
}

/* A full order keeps @node as its JSON; a light one keeps nothing of it. */
static BmdOrder *
order_new_from_object (JsonObject  *node,
                       gboolean     keep_details,
                       GError     **error)
{
  g_autoptr(BmdJsonDoc) doc = NULL;
  BmdOrder *self;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  doc = _bmd_json_doc_new_from_object (node);
  self = order_new (doc, _bmd_json_doc_root (doc), keep_details ? KEEP_DETAILS : KEEP_LIGHT, error);
  if (self != NULL && keep_details)
    self->details->json = json_object_ref (node);
  return self;
}

BmdOrder *
bmd_order_new_from_json (JsonObject  *node,
                         GError     **error)
{
  return order_new_from_object (node, TRUE, error);
}

BmdOrder *
bmd_order_new_light (JsonObject  *node,
                     GError     **error)
{
  return order_new_from_object (node, FALSE, error);
}

static JsonObject *
parse_object (JsonParser  *parser,
              const char  *json,
              gssize       length,
              GError     **error)
{
  JsonNode *root;

  if (!bmd_json_parser_load (parser, json, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "An order is not a JSON object");
      return NULL;
    }
  return json_node_get_object (root);
}

/* @json read by the fast parser, or, for a text it is not sure of, by
 * json-glib (whose error is then the one reported). */
static BmdJsonDoc *
parse_doc (const char  *json,
           gsize        length,
           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  BmdJsonDoc *doc = _bmd_json_doc_parse (json, length);
  JsonObject *object;

  if (doc != NULL)
    return doc;
  parser = json_parser_new_immutable ();
  if ((object = parse_object (parser, json, length, error)) == NULL)
    return NULL;
  return _bmd_json_doc_new_from_object (object);
}

static BmdOrder *
order_new_from_data (const char  *json,
                     gssize       length,
                     Keep         keep,
                     GError     **error)
{
  g_autoptr(BmdJsonDoc) doc = NULL;
  BmdOrder *self;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (json);
  if ((doc = parse_doc (json, length, error)) == NULL)
    return NULL;
  self = order_new (doc, _bmd_json_doc_root (doc), keep, error);
  /* The text is a fraction of a tree's size; the tree is built if asked for. */
  if (self != NULL && keep == KEEP_DETAILS)
    self->details->json_text = g_ref_string_new_len (json, length);
  return self;
}

BmdOrder *
bmd_order_new_from_data (const char  *json,
                         gssize       length,
                         GError     **error)
{
  return order_new_from_data (json, length, KEEP_DETAILS, error);
}

BmdOrder *
bmd_order_new_light_from_data (const char  *json,
                               gssize       length,
                               GError     **error)
{
  return order_new_from_data (json, length, KEEP_LIGHT, error);
}

BmdOrder *
bmd_order_new_light_with_contacts_from_data (const char  *json,
                                             gssize       length,
                                             GError     **error)
{
  return order_new_from_data (json, length, KEEP_CONTACTS, error);
}

BmdOrder *
bmd_order_new_unreadable (const char *id)
{
  BmdOrder *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (BMD_TYPE_ORDER, NULL);
  self->unreadable = TRUE;
  self->id = g_ref_string_new (id);
  self->name = g_ref_string_acquire (self->id);
  self->customer_name = g_ref_string_new_intern ("(no customer)");
  self->customer_name_key = _bmd_order_name_key (self->customer_name);
  self->customer_name_key2 = _bmd_order_name_key_at (self->customer_name, 8);
  self->created_us = BMD_ORDER_NO_TIME;
  self->draft_type = BMD_DRAFT_TYPE_UNKNOWN;
  self->pickup.form = BMD_PICKUP_FORM_MISSING;
  return self;
}

gboolean
bmd_order_is_unreadable (BmdOrder *self)
{
  g_return_val_if_fail (BMD_IS_ORDER (self), FALSE);
  return self->unreadable;
}

BmdOrder *
_bmd_order_new_light_from_doc (BmdJsonDoc  *doc,
                               BmdJsonRef   node,
                               GError     **error)
{
  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return order_new (doc, node, KEEP_LIGHT, error);
}

#define GETTER(type, field)                         \
  type                                              \
  bmd_order_get_##field (BmdOrder *self)            \
  {                                                 \
    g_return_val_if_fail (BMD_IS_ORDER (self), 0);  \
    return self->field;                             \
  }

GETTER (const char *, id)
GETTER (const char *, name)
GETTER (gint64, number)
GETTER (const char *, customer_id)
GETTER (const char *, customer_name)
GETTER (const char *, financial_status)
GETTER (const char *, draft_type_value)
GETTER (const char *, pickup_value)
GETTER (const char *, flavor)
GETTER (const char *, theme)
GETTER (const char *, allergies)
GETTER (BmdDraftType, draft_type)

/* NULL for a light order. */
#define DETAILS_GETTER(field)                                       \
  const char *                                                      \
  bmd_order_get_##field (BmdOrder *self)                            \
  {                                                                 \
    g_return_val_if_fail (BMD_IS_ORDER (self), NULL);               \
    return self->details != NULL ? self->details->field : NULL;     \
  }

DETAILS_GETTER (first_name)
DETAILS_GETTER (last_name)
DETAILS_GETTER (email)
DETAILS_GETTER (phone)
DETAILS_GETTER (fulfillment_status)
DETAILS_GETTER (total_price)
DETAILS_GETTER (total_outstanding)
DETAILS_GETTER (currency)
DETAILS_GETTER (note)

GDateTime *
bmd_order_dup_created_at (BmdOrder *self)
{
  g_return_val_if_fail (BMD_IS_ORDER (self), NULL);
  return dup_time (self->created_us);
}

#define DUP_DETAILS_TIME(name)                                                      \
  GDateTime *                                                                       \
  bmd_order_dup_##name##_at (BmdOrder *self)                                        \
  {                                                                                 \
    g_return_val_if_fail (BMD_IS_ORDER (self), NULL);                               \
    return self->details != NULL ? dup_time (self->details->name##_us) : NULL;      \
  }

DUP_DETAILS_TIME (updated)
DUP_DETAILS_TIME (processed)
DUP_DETAILS_TIME (cancelled)

#undef GETTER
#undef DETAILS_GETTER
#undef DUP_DETAILS_TIME

gboolean
bmd_order_has_details (BmdOrder *self)
{
  g_return_val_if_fail (BMD_IS_ORDER (self), FALSE);
  return self->details != NULL && !self->details->contacts_only;
}

GPtrArray *
bmd_order_get_line_items (BmdOrder *self)
{
  static GPtrArray *none;

  g_return_val_if_fail (BMD_IS_ORDER (self), NULL);

  if (self->details != NULL && self->details->line_items != NULL)
    return self->details->line_items;
  /* Most orders read back for planning have none: share one empty array. */
  if (g_once_init_enter (&none))
    g_once_init_leave (&none, g_ptr_array_new ());
  return none;
}

gboolean
bmd_order_is_cancelled (BmdOrder *self)
{
  g_return_val_if_fail (BMD_IS_ORDER (self), FALSE);

  return self->cancelled;
}

gboolean
bmd_order_is_active (BmdOrder *self)
{
  g_return_val_if_fail (BMD_IS_ORDER (self), FALSE);

  return _bmd_order_is_active (self);
}

gboolean
bmd_order_is_paid (BmdOrder *self)
{
  g_return_val_if_fail (BMD_IS_ORDER (self), FALSE);

  return _bmd_order_is_paid (self);
}

JsonObject *
bmd_order_get_json (BmdOrder *self)
{
  JsonObject *json;

  g_return_val_if_fail (BMD_IS_ORDER (self), NULL);

  if (self->details == NULL)
    return NULL;
  json = g_atomic_pointer_get (&self->details->json);
  if (json == NULL && self->details->json_text != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      JsonObject *parsed;

      /* The text parsed when the order was made, so it parses again. */
      parsed = parse_object (parser, self->details->json_text,
                             g_ref_string_length (self->details->json_text), NULL);
      g_assert (parsed != NULL);
      json_object_ref (parsed);
      /* Two threads may race here: the loser drops its copy. */
      if (g_atomic_pointer_compare_and_exchange (&self->details->json, NULL, parsed))
        json = parsed;
      else
        {
          json_object_unref (parsed);
          json = g_atomic_pointer_get (&self->details->json);
        }
    }
  return json;
}

char *
bmd_order_dup_json_string (BmdOrder *self)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *json;

  g_return_val_if_fail (BMD_IS_ORDER (self), NULL);

  if (self->details == NULL)
    return NULL;
  if (self->details->json_text != NULL)
    return g_strdup (self->details->json_text);
  if ((json = g_atomic_pointer_get (&self->details->json)) == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, json);
  /* What the store keeps must read back: json_to_string() writes "inf". */
  return bmd_json_to_string (node);
}

const char *
bmd_draft_type_to_string (BmdDraftType type)
{
  switch (type)
    {
    case BMD_DRAFT_TYPE_DEPOSIT:
      return "deposit";
    case BMD_DRAFT_TYPE_REMAINING:
      return "remaining";
    case BMD_DRAFT_TYPE_UNKNOWN:
    default:
      return "unknown";
    }
}

gboolean
_bmd_money_parse_cents (const char *text,
                        gint64     *cents)
{
  const char *p = text;
  gboolean negative = FALSE;
  gint64 whole = 0;
  gint64 fraction = 0;
  guint n_digits = 0;
  guint n_fraction = 0;
  gboolean round_up = FALSE;

  *cents = 0;
  if (p == NULL)
    return FALSE;
  if (*p == '-' || *p == '+')
    negative = *p++ == '-';
  for (; g_ascii_isdigit (*p); p++, n_digits++)
    {
      /* Far beyond any cake: refuse rather than overflow. */
      if (whole > G_MAXINT64 / 1000)
        return FALSE;
      whole = whole * 10 + (*p - '0');
    }
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, n_fraction++)
        {
          if (n_fraction < 2)
            fraction = fraction * 10 + (*p - '0');
          else if (n_fraction == 2)
            round_up = *p >= '5';
        }
    }
  if (*p != '\0' || n_digits + n_fraction == 0)
    return FALSE;
  if (n_fraction == 1)
    fraction *= 10;
  /* Rounded on the magnitude, then signed: half away from zero. */
  *cents = whole * 100 + fraction + (round_up ? 1 : 0);
  if (negative)
    *cents = -*cents;
  return TRUE;
}
