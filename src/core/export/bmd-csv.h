#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 4180 text: CRLF line ends; a field holding a comma, a double quote,
 * CR or LF is quoted, with its quotes doubled; everything else as it is
 * (UTF-8 passes through). */

/* Appends one field (NULL is empty), quoted when it needs to be. */
void  bmd_csv_append_field (GString    *out,
                            const char *value);
/* A header line of @columns, then one line per row. @rows: element type
 * char** holding @n_columns strings. */
char *bmd_csv_format_table (const char * const *columns,
                            guint               n_columns,
                            GPtrArray          *rows);

G_END_DECLS
