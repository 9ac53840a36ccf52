#define G_LOG_DOMAIN "bmd-json-doc"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "bmd-json-doc-private.h"

/* Deeper nesting than any order has is refused rather than recursed into. */
#define MAX_DEPTH 64

typedef struct
{
  BmdJsonType type;
  BmdJsonRef next;       /* the next element or member of the parent */
  BmdJsonRef first;      /* an array's or object's first child */
  gsize key;             /* offset of the member name in strings, when in an object */
  union
  {
    gsize string;        /* offset in strings */
    gint64 integer;
    double number;
    gboolean boolean;
  } v;
} Node;

struct _BmdJsonDoc
{
  GArray *nodes;         /* Node; index 0 is no node */
  GString *strings;      /* NUL-terminated texts, by offset */
};

typedef struct
{
  BmdJsonDoc *doc;
  const char *p;
  const char *end;
} Parser;

static BmdJsonDoc *
doc_new (gsize text_length)
{
  BmdJsonDoc *doc = g_new0 (BmdJsonDoc, 1);
  Node none = { BMD_JSON_NONE, 0, 0, 0, { 0 } };

  /* A node per 24 bytes and the text once are what an order needs. */
  doc->nodes = g_array_sized_new (FALSE, FALSE, sizeof (Node), text_length / 24 + 8);
  g_array_append_val (doc->nodes, none);
  doc->strings = g_string_sized_new (text_length + 1);
  /* Offset 0 is the empty name of a node that is not a member. */
  g_string_append_c (doc->strings, '\0');
  return doc;
}

void
_bmd_json_doc_free (BmdJsonDoc *doc)
{
  if (doc == NULL)
    return;
  g_array_unref (doc->nodes);
  g_string_free (doc->strings, TRUE);
  g_free (doc);
}

static Node *
node_at (BmdJsonDoc *doc,
         BmdJsonRef  ref)
{
  return &g_array_index (doc->nodes, Node, ref);
}

static BmdJsonRef
add_node (BmdJsonDoc  *doc,
          BmdJsonType  type)
{
  Node node = { type, 0, 0, 0, { 0 } };

  g_array_append_val (doc->nodes, node);
  return doc->nodes->len - 1;
}

static void
skip_space (Parser *parser)
{
  while (parser->p < parser->end
         && (*parser->p == ' ' || *parser->p == '\t' || *parser->p == '\n' || *parser->p == '\r'))
    parser->p++;
}

static gboolean
read_hex4 (Parser   *parser,
           gunichar *out)
{
  gunichar value = 0;
  int i;

  if (parser->end - parser->p < 4)
    return FALSE;
  for (i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (parser->p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  parser->p += 4;
  *out = value;
  return TRUE;
}

/* A string (the opening quote already read) appended to doc->strings with
 * its NUL; FALSE for anything but a well-formed, valid UTF-8 string. Lone
 * surrogates and control characters are refused: json-glib's handling of
 * them is its own, so such a text goes to json-glib. */
static gboolean
read_string (Parser *parser,
             gsize  *out_offset)
{
  GString *strings = parser->doc->strings;
  gsize offset = strings->len;

  for (;;)
    {
      const char *start = parser->p;

      while (parser->p < parser->end && *parser->p != '"' && *parser->p != '\\'
             && (guchar) *parser->p >= 0x20)
        parser->p++;
      if (parser->p >= parser->end || (guchar) *parser->p < 0x20)
        return FALSE;
      if (!g_utf8_validate_len (start, parser->p - start, NULL))
        return FALSE;
      g_string_append_len (strings, start, parser->p - start);

      if (*parser->p == '"')
        {
          parser->p++;
          break;
        }

      /* An escape. */
      parser->p++;
      if (parser->p >= parser->end)
        return FALSE;
      switch (*parser->p++)
        {
        case '"': g_string_append_c (strings, '"'); break;
        case '\\': g_string_append_c (strings, '\\'); break;
        case '/': g_string_append_c (strings, '/'); break;
        case 'b': g_string_append_c (strings, '\b'); break;
        case 'f': g_string_append_c (strings, '\f'); break;
        case 'n': g_string_append_c (strings, '\n'); break;
        case 'r': g_string_append_c (strings, '\r'); break;
        case 't': g_string_append_c (strings, '\t'); break;
        case 'u':
          {
            gunichar c, low;

            if (!read_hex4 (parser, &c) || c == 0)
              return FALSE;
            if (c >= 0xDC00 && c <= 0xDFFF)
              return FALSE;
            if (c >= 0xD800 && c <= 0xDBFF)
              {
                if (parser->end - parser->p < 2 || parser->p[0] != '\\' || parser->p[1] != 'u')
                  return FALSE;
                parser->p += 2;
                if (!read_hex4 (parser, &low) || low < 0xDC00 || low > 0xDFFF)
                  return FALSE;
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              }
            g_string_append_unichar (strings, c);
          }
          break;
        default:
          return FALSE;
        }
    }
  g_string_append_c (strings, '\0');
  *out_offset = offset;
  return TRUE;
}

/* JSON's number grammar; an integer that does not fit gint64 goes to
 * json-glib. */
static gboolean
read_number (Parser     *parser,
             BmdJsonRef  ref)
{
  const char *start = parser->p;
  gboolean is_double = FALSE;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE * 2];
  char *end = NULL;

  if (parser->p < parser->end && *parser->p == '-')
    parser->p++;
  if (parser->p >= parser->end || !g_ascii_isdigit (*parser->p))
    return FALSE;
  if (*parser->p == '0')
    parser->p++;
  else
    while (parser->p < parser->end && g_ascii_isdigit (*parser->p))
      parser->p++;
  if (parser->p < parser->end && *parser->p == '.')
    {
      is_double = TRUE;
      parser->p++;
      if (parser->p >= parser->end || !g_ascii_isdigit (*parser->p))
        return FALSE;
      while (parser->p < parser->end && g_ascii_isdigit (*parser->p))
        parser->p++;
    }
  if (parser->p < parser->end && (*parser->p == 'e' || *parser->p == 'E'))
    {
      is_double = TRUE;
      parser->p++;
      if (parser->p < parser->end && (*parser->p == '+' || *parser->p == '-'))
        parser->p++;
      if (parser->p >= parser->end || !g_ascii_isdigit (*parser->p))
        return FALSE;
      while (parser->p < parser->end && g_ascii_isdigit (*parser->p))
        parser->p++;
    }

  /* The text is not NUL-terminated here: convert a copy. */
  if ((gsize) (parser->p - start) >= sizeof buffer)
    return FALSE;
  memcpy (buffer, start, parser->p - start);
  buffer[parser->p - start] = '\0';
  if (is_double)
    {
      node_at (parser->doc, ref)->type = BMD_JSON_DOUBLE;
      node_at (parser->doc, ref)->v.number = g_ascii_strtod (buffer, &end);
    }
  else
    {
      gint64 value;

      errno = 0;
      value = g_ascii_strtoll (buffer, &end, 10);
      if (errno != 0)
        return FALSE;
      node_at (parser->doc, ref)->type = BMD_JSON_INT;
      node_at (parser->doc, ref)->v.integer = value;
    }
  return end != NULL && *end == '\0';
}

static gboolean
read_literal (Parser     *parser,
              const char *word)
{
  gsize length = strlen (word);

  if ((gsize) (parser->end - parser->p) < length || memcmp (parser->p, word, length) != 0)
    return FALSE;
  parser->p += length;
  return TRUE;
}

static BmdJsonRef read_value (Parser *parser,
                              guint   depth);

/* The members or elements up to @close, chained as children of @ref. */
static gboolean
read_children (Parser     *parser,
               BmdJsonRef  ref,
               gboolean    object,
               guint       depth)
{
  char close = object ? '}' : ']';
  BmdJsonRef last = 0;

  skip_space (parser);
  if (parser->p < parser->end && *parser->p == close)
    {
      parser->p++;
      return TRUE;
    }
  for (;;)
    {
      gsize key = 0;
      BmdJsonRef child;

      if (object)
        {
          skip_space (parser);
          if (parser->p >= parser->end || *parser->p != '"')
            return FALSE;
          parser->p++;
          if (!read_string (parser, &key))
            return FALSE;
          skip_space (parser);
          if (parser->p >= parser->end || *parser->p != ':')
            return FALSE;
          parser->p++;
        }
      child = read_value (parser, depth + 1);
      if (child == 0)
        return FALSE;
      node_at (parser->doc, child)->key = key;
      if (last == 0)
        node_at (parser->doc, ref)->first = child;
      else
        node_at (parser->doc, last)->next = child;
      last = child;

      skip_space (parser);
      if (parser->p >= parser->end)
        return FALSE;
      if (*parser->p == ',')
        {
          parser->p++;
          continue;
        }
      if (*parser->p != close)
        return FALSE;
      parser->p++;
      return TRUE;
    }
}

static BmdJsonRef
read_value (Parser *parser,
            guint   depth)
{
  BmdJsonRef ref;

  if (depth > MAX_DEPTH)
    return 0;
  skip_space (parser);
  if (parser->p >= parser->end)
    return 0;
  switch (*parser->p)
    {
    case '{':
    case '[':
      {
        gboolean object = *parser->p == '{';

        parser->p++;
        ref = add_node (parser->doc, object ? BMD_JSON_OBJECT : BMD_JSON_ARRAY);
        return read_children (parser, ref, object, depth) ? ref : 0;
      }
    case '"':
      {
        gsize offset;

        parser->p++;
        if (!read_string (parser, &offset))
          return 0;
        ref = add_node (parser->doc, BMD_JSON_STRING);
        node_at (parser->doc, ref)->v.string = offset;
        return ref;
      }
    case 't':
    case 'f':
      {
        gboolean value = *parser->p == 't';

        if (!read_literal (parser, value ? "true" : "false"))
          return 0;
        ref = add_node (parser->doc, BMD_JSON_BOOLEAN);
        node_at (parser->doc, ref)->v.boolean = value;
        return ref;
      }
    case 'n':
      if (!read_literal (parser, "null"))
        return 0;
      return add_node (parser->doc, BMD_JSON_NULL);
    default:
      ref = add_node (parser->doc, BMD_JSON_NONE);
      return read_number (parser, ref) ? ref : 0;
    }
}

BmdJsonDoc *
_bmd_json_doc_parse (const char *text,
                     gsize       length)
{
  g_autoptr(BmdJsonDoc) doc = NULL;
  Parser parser;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  doc = doc_new (length);
  parser.doc = doc;
  parser.p = text;
  parser.end = text + length;
  if (read_value (&parser, 0) != 1)
    return NULL;
  skip_space (&parser);
  if (parser.p != parser.end)
    return NULL;
  return g_steal_pointer (&doc);
}

static BmdJsonRef add_json_node (BmdJsonDoc *doc,
                                 JsonNode   *node);

static void
add_json_children (BmdJsonDoc *doc,
                   BmdJsonRef  ref,
                   JsonNode   *node)
{
  BmdJsonRef last = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        {
          gsize key = doc->strings->len;
          BmdJsonRef child;

          g_string_append_len (doc->strings, name, strlen (name) + 1);
          child = add_json_node (doc, member);
          node_at (doc, child)->key = key;
          if (last == 0)
            node_at (doc, ref)->first = child;
          else
            node_at (doc, last)->next = child;
          last = child;
        }
    }
  else
    {
      JsonArray *array = json_node_get_array (node);
      guint i;

      for (i = 0; i < json_array_get_length (array); i++)
        {
          BmdJsonRef child = add_json_node (doc, json_array_get_element (array, i));

          if (last == 0)
            node_at (doc, ref)->first = child;
          else
            node_at (doc, last)->next = child;
          last = child;
        }
    }
}

static BmdJsonRef
add_json_node (BmdJsonDoc *doc,
               JsonNode   *node)
{
  BmdJsonRef ref;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      ref = add_node (doc, BMD_JSON_OBJECT);
      add_json_children (doc, ref, node);
      return ref;
    case JSON_NODE_ARRAY:
      ref = add_node (doc, BMD_JSON_ARRAY);
      add_json_children (doc, ref, node);
      return ref;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          {
            const char *text = json_node_get_string (node);

            ref = add_node (doc, BMD_JSON_STRING);
            node_at (doc, ref)->v.string = doc->strings->len;
            g_string_append_len (doc->strings, text, strlen (text) + 1);
            return ref;
          }
        case G_TYPE_INT64:
          ref = add_node (doc, BMD_JSON_INT);
          node_at (doc, ref)->v.integer = json_node_get_int (node);
          return ref;
        case G_TYPE_DOUBLE:
          ref = add_node (doc, BMD_JSON_DOUBLE);
          node_at (doc, ref)->v.number = json_node_get_double (node);
          return ref;
        case G_TYPE_BOOLEAN:
          ref = add_node (doc, BMD_JSON_BOOLEAN);
          node_at (doc, ref)->v.boolean = json_node_get_boolean (node);
          return ref;
        default:
          return add_node (doc, BMD_JSON_NULL);
        }
    case JSON_NODE_NULL:
    default:
      return add_node (doc, BMD_JSON_NULL);
    }
}

BmdJsonDoc *
_bmd_json_doc_new_from_object (JsonObject *object)
{
  g_autoptr(JsonNode) root = NULL;
  BmdJsonDoc *doc;

  g_return_val_if_fail (object != NULL, NULL);

  root = json_node_init_object (json_node_alloc (), object);
  doc = doc_new (json_object_get_size (object) * 64);
  add_json_node (doc, root);
  return doc;
}

BmdJsonDoc *
_bmd_json_doc_new_from_node (JsonNode *node)
{
  BmdJsonDoc *doc;

  g_return_val_if_fail (node != NULL, NULL);

  doc = doc_new (256);
  add_json_node (doc, node);
  return doc;
}

JsonNode *
_bmd_json_doc_to_node (BmdJsonDoc *doc,
                       BmdJsonRef  ref)
{
  JsonNode *node;
  BmdJsonRef child;

  switch (_bmd_json_type (doc, ref))
    {
    case BMD_JSON_OBJECT:
      {
        JsonObject *object = json_object_new ();

        for (child = node_at (doc, ref)->first; child != 0; child = node_at (doc, child)->next)
          json_object_set_member (object, _bmd_json_name (doc, child), _bmd_json_doc_to_node (doc, child));
        node = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return node;
      }
    case BMD_JSON_ARRAY:
      {
        JsonArray *array = json_array_new ();

        for (child = node_at (doc, ref)->first; child != 0; child = node_at (doc, child)->next)
          json_array_add_element (array, _bmd_json_doc_to_node (doc, child));
        node = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return node;
      }
    case BMD_JSON_STRING:
      return json_node_init_string (json_node_alloc (), _bmd_json_string (doc, ref));
    case BMD_JSON_INT:
      return json_node_init_int (json_node_alloc (), _bmd_json_int (doc, ref));
    case BMD_JSON_DOUBLE:
      return json_node_init_double (json_node_alloc (), _bmd_json_double (doc, ref));
    case BMD_JSON_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), _bmd_json_boolean (doc, ref));
    case BMD_JSON_NULL:
    case BMD_JSON_NONE:
    default:
      return json_node_init_null (json_node_alloc ());
    }
}

BmdJsonRef
_bmd_json_doc_root (BmdJsonDoc *doc)
{
  return doc->nodes->len > 1 ? 1 : 0;
}

BmdJsonType
_bmd_json_type (BmdJsonDoc *doc,
                BmdJsonRef  node)
{
  return node != 0 ? node_at (doc, node)->type : BMD_JSON_NONE;
}

BmdJsonRef
_bmd_json_member (BmdJsonDoc *doc,
                  BmdJsonRef  object,
                  const char *name)
{
  BmdJsonRef found = 0;
  BmdJsonRef child;

  if (_bmd_json_type (doc, object) != BMD_JSON_OBJECT)
    return 0;
  for (child = node_at (doc, object)->first; child != 0; child = node_at (doc, child)->next)
    {
      if (strcmp (doc->strings->str + node_at (doc, child)->key, name) == 0)
        found = child;
    }
  return found;
}

BmdJsonRef
_bmd_json_first (BmdJsonDoc *doc,
                 BmdJsonRef  node)
{
  BmdJsonType type = _bmd_json_type (doc, node);

  return type == BMD_JSON_ARRAY || type == BMD_JSON_OBJECT ? node_at (doc, node)->first : 0;
}

BmdJsonRef
_bmd_json_next (BmdJsonDoc *doc,
                BmdJsonRef  node)
{
  return node != 0 ? node_at (doc, node)->next : 0;
}

const char *
_bmd_json_name (BmdJsonDoc *doc,
                BmdJsonRef  node)
{
  return doc->strings->str + (node != 0 ? node_at (doc, node)->key : 0);
}

const char *
_bmd_json_string (BmdJsonDoc *doc,
                  BmdJsonRef  node)
{
  if (_bmd_json_type (doc, node) != BMD_JSON_STRING)
    return NULL;
  return doc->strings->str + node_at (doc, node)->v.string;
}

gint64
_bmd_json_int (BmdJsonDoc *doc,
               BmdJsonRef  node)
{
  return _bmd_json_type (doc, node) == BMD_JSON_INT ? node_at (doc, node)->v.integer : 0;
}

double
_bmd_json_double (BmdJsonDoc *doc,
                  BmdJsonRef  node)
{
  return _bmd_json_type (doc, node) == BMD_JSON_DOUBLE ? node_at (doc, node)->v.number : 0;
}

gboolean
_bmd_json_boolean (BmdJsonDoc *doc,
                   BmdJsonRef  node)
{
  return _bmd_json_type (doc, node) == BMD_JSON_BOOLEAN && node_at (doc, node)->v.boolean;
}
