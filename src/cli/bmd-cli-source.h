#pragma once

#include <glib.h>

#include "bmd-config.h"
#include "bmd-plan.h"
#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* Where the cakes come from, for plan, report, print and calendar-file:
 * --orders FILE, --data-dir DIR, --now ISO8601, --tz ZONE, with the design's
 * defaults (the local warehouse, the clock, the stored shop zone). Orders
 * are held light, from a file as from the warehouse. */
typedef struct
{
  char *orders_file;
  char *data_dir;
  char *now_text;
  char *zone_name;

  BmdConfig *config;
  BmdPlan *plan;
  /* NULL with --orders. */
  BmdSnapshot *snapshot;
} BmdCliSource;

/* The option entries filling @input (NULL-terminated; g_free() it). */
GOptionEntry *bmd_cli_source_new_entries (BmdCliSource *input);
/* Plans, and returns the exit code so far: BMD_EXIT_OK; BMD_EXIT_USAGE (2)
 * for bad input (a flag, an unknown zone, an --orders file that cannot be
 * read or parsed, no warehouse in the data dir yet); BMD_EXIT_FAILED (1)
 * when the local warehouse cannot be opened or read. On failure prints one
 * line naming @command and the flag or file. */
int           bmd_cli_source_load        (BmdCliSource  *input,
                                         const char   *command,
                                         BmdPlanFlags  flags);
/* The plan's orders @ids in full (details included), in the order of @ids,
 * NULL where unknown; the --orders file is read again for them. Element
 * type BmdOrder. */
GPtrArray    *bmd_cli_source_read_orders (BmdCliSource         *input,
                                         const char * const  *ids,
                                         GError             **error);
void          bmd_cli_source_clear       (BmdCliSource *input);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdCliSource, bmd_cli_source_clear)

G_END_DECLS
