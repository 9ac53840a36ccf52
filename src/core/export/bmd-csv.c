#define G_LOG_DOMAIN "bmd-csv"

#include "config.h"

#include <string.h>

#include "bmd-csv.h"

void
bmd_csv_append_field (GString    *out,
                      const char *value)
{
  const char *p;

  g_return_if_fail (out != NULL);

  if (value == NULL)
    return;
  if (strpbrk (value, ",\"\r\n") == NULL)
    {
      g_string_append (out, value);
      return;
    }

  g_string_append_c (out, '"');
  for (p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_line (GString            *out,
             const char * const *fields,
             guint               n_fields)
{
  guint j;

  for (j = 0; j < n_fields; j++)
    {
      if (j > 0)
        g_string_append_c (out, ',');
      bmd_csv_append_field (out, fields[j]);
    }
  g_string_append (out, "\r\n");
}

char *
bmd_csv_format_table (const char * const *columns,
                      guint               n_columns,
                      GPtrArray          *rows)
{
  GString *out = g_string_new (NULL);
  guint i;

  g_return_val_if_fail (columns != NULL, NULL);
  g_return_val_if_fail (rows != NULL, NULL);

  append_line (out, columns, n_columns);
  for (i = 0; i < rows->len; i++)
    append_line (out, g_ptr_array_index (rows, i), n_columns);
  return g_string_free (out, FALSE);
}
