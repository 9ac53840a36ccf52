#define G_LOG_DOMAIN "bmd-delta"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bmd-delta-schema.h"

#define MAX_STAT_STRING 32

char *
bmd_delta_schema_string (const BmdDeltaColumn *columns,
                         guint                 n_columns)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "struct");
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_columns; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, columns[i].name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, columns[i].type);
      json_builder_set_member_name (builder, "nullable");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "metadata");
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

const char *
bmd_delta_hive_type (const char *delta_type)
{
  static const char * const same[] = { "string", "boolean", "date", "timestamp", NULL };

  if (delta_type == NULL)
    return NULL;
  if (strcmp (delta_type, "long") == 0)
    return "bigint";
  if (strcmp (delta_type, "integer") == 0)
    return "int";
  if (g_str_has_prefix (delta_type, "decimal("))
    return delta_type;
  for (guint i = 0; same[i] != NULL; i++)
    if (strcmp (delta_type, same[i]) == 0)
      return same[i];
  return NULL;
}

typedef enum { KIND_NONE, KIND_INT, KIND_DOUBLE, KIND_TEXT, KIND_TIMESTAMP } Kind;

static Kind
stat_kind (const char *type)
{
  if (strcmp (type, "long") == 0 || strcmp (type, "integer") == 0)
    return KIND_INT;
  if (g_str_has_prefix (type, "decimal("))
    return KIND_DOUBLE;
  if (strcmp (type, "string") == 0 || strcmp (type, "date") == 0)
    return KIND_TEXT;
  if (strcmp (type, "timestamp") == 0)
    return KIND_TIMESTAMP;
  return KIND_NONE;
}

/* One column's running min and max; a value that cannot be compared (a
 * string too long, text where a number belongs) drops that column's min/max. */
typedef struct
{
  gboolean seen;
  gboolean unusable;
  gint64 min_i, max_i;
  double min_d, max_d;
  const char *min_s, *max_s;
  gint64 nulls;
} Range;

static gboolean
value_number (JsonNode *node,
              double   *out)
{
  GType t = json_node_get_value_type (node);
  char *end = NULL;
  const char *text;

  if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE)
    {
      *out = json_node_get_double (node);
      return TRUE;
    }
  if (t != G_TYPE_STRING)
    return FALSE;
  text = json_node_get_string (node);
  *out = g_ascii_strtod (text, &end);
  return end != text && *end == '\0';
}

static void
range_add (Range    *range,
           Kind      kind,
           JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      range->nulls++;
      return;
    }
  if (range->unusable || kind == KIND_NONE || !JSON_NODE_HOLDS_VALUE (node))
    {
      range->unusable = TRUE;
      return;
    }
  switch (kind)
    {
    case KIND_INT:
      {
        gint64 v;

        if (json_node_get_value_type (node) != G_TYPE_INT64)
          {
            range->unusable = TRUE;
            return;
          }
        v = json_node_get_int (node);
        range->min_i = range->seen ? MIN (range->min_i, v) : v;
        range->max_i = range->seen ? MAX (range->max_i, v) : v;
      }
      break;
    case KIND_DOUBLE:
      {
        double v;

        if (!value_number (node, &v))
          {
            range->unusable = TRUE;
            return;
          }
        range->min_d = range->seen ? MIN (range->min_d, v) : v;
        range->max_d = range->seen ? MAX (range->max_d, v) : v;
      }
      break;
    case KIND_TEXT:
    case KIND_TIMESTAMP:
      {
        const char *v;

        if (json_node_get_value_type (node) != G_TYPE_STRING
            || strlen (v = json_node_get_string (node)) > MAX_STAT_STRING)
          {
            range->unusable = TRUE;
            return;
          }
        /* Timestamps are UTC ISO 8601 of one width: text order is time order. */
        if (!range->seen || strcmp (v, range->min_s) < 0)
          range->min_s = v;
        if (!range->seen || strcmp (v, range->max_s) > 0)
          range->max_s = v;
      }
      break;
    case KIND_NONE:
    default:
      g_assert_not_reached ();
    }
  range->seen = TRUE;
}

/* Delta writes timestamps in stats with milliseconds: "2026-06-29T20:00:00.000Z".
 * A max cut to milliseconds is rounded up so that it still bounds the column. */
static char *
format_timestamp_stat (const char *text,
                       gboolean    is_max)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *base = NULL;
  gint64 us;

  if (t == NULL)
    return NULL;
  us = g_date_time_get_microsecond (t);
  utc = g_date_time_add (t, -(us % 1000) + (is_max && us % 1000 != 0 ? 1000 : 0));
  us = g_date_time_get_microsecond (utc);
  {
    g_autoptr(GDateTime) z = g_date_time_to_utc (utc);

    base = g_date_time_format (z, "%Y-%m-%dT%H:%M:%S");
  }
  return g_strdup_printf ("%s.%03" G_GINT64_FORMAT "Z", base, us / 1000);
}

static void
add_bound (JsonBuilder          *builder,
           const BmdDeltaColumn *column,
           const Range          *range,
           gboolean              is_max)
{
  Kind kind = stat_kind (column->type);
  g_autofree char *ts = NULL;

  if (kind == KIND_TIMESTAMP)
    {
      ts = format_timestamp_stat (is_max ? range->max_s : range->min_s, is_max);
      if (ts == NULL)
        return;
    }
  json_builder_set_member_name (builder, column->name);
  switch (kind)
    {
    case KIND_INT:
      json_builder_add_int_value (builder, is_max ? range->max_i : range->min_i);
      break;
    case KIND_DOUBLE:
      json_builder_add_double_value (builder, is_max ? range->max_d : range->min_d);
      break;
    case KIND_TEXT:
      json_builder_add_string_value (builder, is_max ? range->max_s : range->min_s);
      break;
    case KIND_TIMESTAMP:
      json_builder_add_string_value (builder, ts);
      break;
    case KIND_NONE:
    default:
      g_assert_not_reached ();
    }
}

char *
bmd_delta_stats_for_rows (const BmdDeltaColumn *columns,
                          guint                 n_columns,
                          GPtrArray            *rows)
{
  g_autofree Range *ranges = g_new0 (Range, n_columns);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  for (guint r = 0; r < rows->len; r++)
    {
      JsonObject *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        range_add (&ranges[c], stat_kind (columns[c].type),
                   json_object_get_member (row, columns[c].name));
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "numRecords");
  json_builder_add_int_value (builder, rows->len);
  for (int pass = 0; pass < 2; pass++)
    {
      json_builder_set_member_name (builder, pass == 0 ? "minValues" : "maxValues");
      json_builder_begin_object (builder);
      for (guint c = 0; c < n_columns; c++)
        if (ranges[c].seen && !ranges[c].unusable && stat_kind (columns[c].type) != KIND_NONE)
          add_bound (builder, &columns[c], &ranges[c], pass == 1);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "nullCount");
  json_builder_begin_object (builder);
  for (guint c = 0; c < n_columns; c++)
    {
      json_builder_set_member_name (builder, columns[c].name);
      json_builder_add_int_value (builder, ranges[c].nulls);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
is_run_column (const char *name)
{
  return strcmp (name, "as_of") == 0 || strcmp (name, "run_id") == 0;
}

char *
bmd_delta_content_hash (const BmdDeltaColumn *columns,
                        guint                 n_columns,
                        GPtrArray            *rows)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *schema = bmd_delta_schema_string (columns, n_columns);

  g_checksum_update (sum, (const guchar *) schema, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  for (guint r = 0; r < rows->len; r++)
    {
      JsonObject *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          JsonNode *node;
          g_autofree char *text = NULL;

          if (is_run_column (columns[c].name))
            continue;
          node = json_object_get_member (row, columns[c].name);
          text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("null");
          g_checksum_update (sum, (const guchar *) text, -1);
          /* A separator no JSON value contains unescaped. */
          g_checksum_update (sum, (const guchar *) "\t", 1);
        }
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  return g_strdup (g_checksum_get_string (sum));
}
