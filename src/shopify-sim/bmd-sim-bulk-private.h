/* What the files of the simulator's bulk operations share: the check of the
 * inner query (bmd-sim-bulk-check.c) and the JSON Lines (bmd-sim-bulk-lines.c). */
#pragma once

#include "bmd-sim-bulk.h"

G_BEGIN_DECLS

/* Shopify's limits on a bulk query (connections, nesting, top-level node,
 * the parent's id); NULL when it may run, else the userError's message. */
char    *_bmd_sim_bulk_check_query  (BmdSimQuery     *query);

typedef struct
{
  GPtrArray *lines;   /* char*, without the newline */
  GArray    *roots;   /* gboolean per line: an object of a top-level connection */
} BmdSimBulkLines;

/* The lines of @data, the answer of the inner query, in a seeded shuffle. */
void     _bmd_sim_bulk_lines_init   (BmdSimBulkLines *lines,
                                     JsonNode        *data,
                                     guint64          seed,
                                     guint64          serial);
void     _bmd_sim_bulk_lines_clear  (BmdSimBulkLines *lines);
/* The first @n lines, each ending in a newline. */
GBytes  *_bmd_sim_bulk_join_lines   (GPtrArray       *lines,
                                     guint            n);

G_END_DECLS
