#define G_LOG_DOMAIN "bmd-warehouse"

#include "config.h"

#include "bmd-json-text.h"
#include "bmd-copy-format-private.h"
#include "bmd-pickup.h"

/* g_date_get_julian () of 2000-01-01, PostgreSQL's timestamp epoch. */
#define PG_EPOCH_JULIAN 730120
/* The widest decimal written in binary, in digits on each side of the point;
 * a wider one goes as text (and the server reports the overflow). */
#define NUMERIC_MAX_DIGITS 64
#define NUMERIC_POS 0x0000
#define NUMERIC_NEG 0x4000

/* A row value as the text the server parses (NULL for SQL NULL). Strings
 * are returned as they are; other values are written into *scratch. */
const char *
_bmd_copy_row_value (JsonObject  *row,
                     const char  *column,
                     char       **scratch)
{
  JsonNode *node = json_object_get_member (row, column);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GValue value = G_VALUE_INIT;
      GValue text = G_VALUE_INIT;

      json_node_get_value (node, &value);
      g_value_init (&text, G_TYPE_STRING);
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        *scratch = g_strdup_printf ("%.17g", g_value_get_double (&value));
      else if (g_value_transform (&value, &text))
        *scratch = g_value_dup_string (&text);
      g_value_unset (&value);
      g_value_unset (&text);
      return *scratch;
    }
  *scratch = bmd_json_to_string (node);
  return *scratch;
}

/* COPY's text format: backslash, tab, newline and carriage return escaped. */
void
_bmd_copy_append_text (BmdCopyBuffer *out,
                       const char    *value)
{
  while (*value != '\0')
    {
      size_t plain = strcspn (value, "\\\t\n\r");

      _bmd_copy_buffer_append (out, value, plain);
      value += plain;
      switch (*value)
        {
        case '\\':
          _bmd_copy_buffer_append (out, "\\\\", 2);
          break;
        case '\t':
          _bmd_copy_buffer_append (out, "\\t", 2);
          break;
        case '\n':
          _bmd_copy_buffer_append (out, "\\n", 2);
          break;
        case '\r':
          _bmd_copy_buffer_append (out, "\\r", 2);
          break;
        default:
          return;
        }
      value++;
    }
}

/* "YYYY-MM-DDTHH:MM:SSZ", the one form the rows write
 * (bmd_format_utc_iso8601 ()), as microseconds since 2000-01-01
 * 00:00:00 UTC: what the server makes of that text, without parsing it.
 * FALSE for anything else, which then goes as text to the server's parser. */
static gboolean
parse_utc_timestamp (const char *text,
                     gint64     *out)
{
  static const char pattern[] = "dddd-dd-ddTdd:dd:ddZ";
  guint fields[6] = { 0 };
  guint field = 0;
  GDate date;
  gint64 days;

  for (guint i = 0; i < sizeof pattern - 1; i++)
    {
      if (pattern[i] != 'd')
        {
          if (text[i] != pattern[i])
            return FALSE;
          field++;
        }
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
      else
        fields[field] = fields[field] * 10 + (guint) (text[i] - '0');
    }
  /* fields: year, month, day, hour, minute, second; "Z" ended the last. */
  if (text[sizeof pattern - 1] != '\0' || fields[0] < 1
      || !g_date_valid_dmy ((GDateDay) fields[2], (GDateMonth) fields[1], (GDateYear) fields[0])
      || fields[3] > 23 || fields[4] > 59 || fields[5] > 59)
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) fields[2], (GDateMonth) fields[1], (GDateYear) fields[0]);
  days = (gint64) g_date_get_julian (&date) - PG_EPOCH_JULIAN;
  *out = (((days * 24 + fields[3]) * 60 + fields[4]) * 60 + fields[5]) * G_USEC_PER_SEC;
  return TRUE;
}

/* A plain decimal ("-12.5", "45") as a binary numeric field: its base-10000
 * digits, the weight of the first, the sign and the display scale. The
 * server rounds and range-checks it against the column exactly as it does
 * the text. FALSE, appending nothing, for anything else (exponents, NaN,
 * spaces, a sign of "+"), which then goes as text to the server's parser. */
static gboolean
append_numeric (BmdCopyBuffer *out,
                const char *text)
{
  guint16 digits[2 * (NUMERIC_MAX_DIGITS / 4 + 1)];
  const char *p = text;
  const char *whole;
  const char *frac = NULL;
  gsize whole_len;
  gsize frac_len = 0;
  gboolean negative = FALSE;
  guint n = 0;
  guint first = 0;
  gint weight;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  whole = p;
  while (g_ascii_isdigit (*p))
    p++;
  whole_len = p - whole;
  if (*p == '.')
    {
      frac = ++p;
      while (g_ascii_isdigit (*p))
        p++;
      frac_len = p - frac;
    }
  if (*p != '\0' || whole_len == 0 || whole_len > NUMERIC_MAX_DIGITS
      || (frac != NULL && frac_len == 0) || frac_len > NUMERIC_MAX_DIGITS)
    return FALSE;

  /* The whole part in groups of four counted from the point. */
  for (gsize i = 0; i < whole_len;)
    {
      gsize len = i == 0 && whole_len % 4 != 0 ? whole_len % 4 : 4;
      guint16 d = 0;

      for (gsize k = 0; k < len; k++)
        d = d * 10 + (guint16) (whole[i + k] - '0');
      digits[n++] = d;
      i += len;
    }
  weight = (gint) n - 1;
  /* The fraction in groups of four from the point, the last padded with zeros. */
  for (gsize i = 0; i < frac_len; i += 4)
    {
      guint16 d = 0;

      for (gsize k = i; k < i + 4; k++)
        d = d * 10 + (guint16) (k < frac_len ? frac[k] - '0' : 0);
      digits[n++] = d;
    }
  /* Zero groups at either end carry nothing; the server drops them too. */
  while (first < n && digits[first] == 0)
    {
      first++;
      weight--;
    }
  while (n > first && digits[n - 1] == 0)
    n--;
  if (n == first)
    weight = 0;

  _bmd_copy_buffer_be32 (out, 8 + 2 * (n - first));
  _bmd_copy_buffer_be16 (out, (guint16) (n - first));
  _bmd_copy_buffer_be16 (out, (guint16) (gint16) weight);
  _bmd_copy_buffer_be16 (out, negative && n > first ? NUMERIC_NEG : NUMERIC_POS);
  _bmd_copy_buffer_be16 (out, (guint16) frac_len);
  for (guint i = first; i < n; i++)
    _bmd_copy_buffer_be16 (out, digits[i]);
  return TRUE;
}

/* One non-NULL field of a binary COPY row; FALSE when @value has no binary
 * form this file is sure the server would read the same way as the text. */
gboolean
_bmd_copy_append_binary_value (BmdCopyBuffer *out,
                               BmdCopyKind    kind,
                               const char    *value)
{
  switch (kind)
    {
    case BMD_COPY_TIMESTAMPTZ:
      {
        gint64 usec;

        if (!parse_utc_timestamp (value, &usec))
          return FALSE;
        _bmd_copy_buffer_be32 (out, sizeof usec);
        _bmd_copy_buffer_be64 (out, (guint64) usec);
        return TRUE;
      }
    case BMD_COPY_NUMERIC:
      return append_numeric (out, value);
    case BMD_COPY_TEXT:
    default:
      {
        gsize len = strlen (value);
        char *room = _bmd_copy_buffer_room (out, 4 + len);
        guint32 be = GUINT32_TO_BE ((guint32) len);

        /* The server's encoding and varchar length checks apply as they do
         * to the text format. */
        memcpy (room, &be, 4);
        memcpy (room + 4, value, len);
        out->len += 4 + len;
        return TRUE;
      }
    }
}
