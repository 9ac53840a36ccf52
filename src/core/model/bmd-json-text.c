#define G_LOG_DOMAIN "bmd-json-text"

#include "config.h"

#include <math.h>
#include <string.h>

#include "bmd-json-text.h"

static gboolean
read_hex4 (const char *p,
           const char *end,
           gunichar   *out)
{
  gunichar value = 0;
  int i;

  if (end - p < 4)
    return FALSE;
  for (i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return FALSE;
      value = value * 16 + (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

/* Writes "\uFFFD" over the six characters at @p, in a copy made the first
 * time. */
static void
replace_escape (const char  *text,
                gsize        length,
                const char  *p,
                char       **copy)
{
  if (*copy == NULL)
    {
      *copy = g_malloc (length + 1);
      memcpy (*copy, text, length);
      (*copy)[length] = '\0';
    }
  memcpy (*copy + (p - text), "\\uFFFD", 6);
}

/* A string's body from @p (after its opening quote); returns the position
 * after its closing quote, or @end. */
static const char *
scan_string (const char  *text,
             gsize        length,
             const char  *p,
             char       **copy)
{
  const char *end = text + length;

  while (p < end)
    {
      gunichar c, low;

      while (p < end && *p != '"' && *p != '\\')
        p++;
      if (p >= end)
        return end;
      if (*p == '"')
        return p + 1;
      /* An escape; malformed ones are the parser's to refuse. */
      if (end - p < 2 || p[1] != 'u' || !read_hex4 (p + 2, end, &c))
        {
          p += 2;
          continue;
        }
      if (c >= 0xD800 && c <= 0xDBFF && end - p >= 12 && p[6] == '\\' && p[7] == 'u'
          && read_hex4 (p + 8, end, &low) && low >= 0xDC00 && low <= 0xDFFF)
        {
          p += 12;
          continue;
        }
      if (c == 0 || (c >= 0xD800 && c <= 0xDFFF))
        replace_escape (text, length, p, copy);
      p += 6;
    }
  return end;
}

const char *
bmd_json_text_prepare (const char  *text,
                       gsize        length,
                       char       **copy,
                       GError     **error)
{
  const char *p = text;
  const char *end = text + length;
  guint depth = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (copy != NULL, NULL);

  *copy = NULL;
  while (p < end)
    {
      switch (*p)
        {
        case '"':
          p = scan_string (text, length, p + 1, copy);
          continue;
        case '{':
        case '[':
          if (++depth > BMD_JSON_MAX_DEPTH)
            {
              g_clear_pointer (copy, g_free);
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "JSON nested more than %d deep", BMD_JSON_MAX_DEPTH);
              return NULL;
            }
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
      p++;
    }
  return *copy != NULL ? *copy : text;
}

gboolean
bmd_json_parser_load (JsonParser  *parser,
                      const char  *text,
                      gssize       length,
                      GError     **error)
{
  g_autofree char *copy = NULL;
  const char *prepared;

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (length < 0)
    length = strlen (text);
  prepared = bmd_json_text_prepare (text, length, &copy, error);
  if (prepared == NULL)
    return FALSE;
  return json_parser_load_from_data (parser, prepared, length, error);
}

static void
write_string (GString    *out,
              const char *text)
{
  const guchar *p = (const guchar *) text;

  g_string_append_c (out, '"');
  while (*p != '\0')
    {
      const guchar *start = p;
      gunichar c;

      /* Runs of plain characters at once. */
      while (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
        p++;
      g_string_append_len (out, (const char *) start, p - start);
      if (*p == '\0')
        break;
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); p++; continue;
        case '\\': g_string_append (out, "\\\\"); p++; continue;
        case '\n': g_string_append (out, "\\n"); p++; continue;
        case '\r': g_string_append (out, "\\r"); p++; continue;
        case '\t': g_string_append (out, "\\t"); p++; continue;
        default: break;
        }
      if (*p < 0x80)
        {
          g_string_append_printf (out, "\\u%04x", *p);
          p++;
          continue;
        }
      c = g_utf8_get_char_validated ((const char *) p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* json-glib keeps a lone surrogate as its three-byte form. */
          if (p[0] == 0xED && p[1] >= 0xA0 && p[1] <= 0xBF && p[2] >= 0x80 && p[2] <= 0xBF)
            p += 3;
          else
            p++;
          g_string_append (out, "\xEF\xBF\xBD");
          continue;
        }
      start = p;
      p = (const guchar *) g_utf8_next_char (p);
      g_string_append_len (out, (const char *) start, p - start);
    }
  g_string_append_c (out, '"');
}

static void
write_double (GString *out,
              double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (isinf (value))
    {
      /* What Shopify sent, more or less: it reads back as infinity. */
      g_string_append (out, value > 0 ? "1e999" : "-1e999");
      return;
    }
  g_ascii_dtostr (buffer, sizeof buffer, value);
  g_string_append (out, buffer);
  /* Still a double when read back, as json-glib reads "2.0" and not "2". */
  if (strpbrk (buffer, ".eE") == NULL)
    g_string_append (out, ".0");
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        GList *l;

        g_string_append_c (out, '{');
        for (l = members; l != NULL; l = l->next)
          {
            if (l != members)
              g_string_append_c (out, ',');
            write_string (out, l->data);
            g_string_append_c (out, ':');
            write_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint i, n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          write_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        default:
          g_string_append (out, "null");
          break;
        }
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

char *
bmd_json_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (node != NULL, NULL);

  write_node (out, node);
  return g_string_free (out, FALSE);
}
