#pragma once

#include <glib.h>

#include "bmd-config.h"
#include "bmd-plan.h"
#include "bmd-snapshot.h"

G_BEGIN_DECLS

/* Where the cakes come from, for print and calendar-file: the input flags
 * of `plan`:
 * --orders FILE, --data-dir DIR, --now ISO8601, --tz ZONE, with the same
 * defaults (the local warehouse, the clock, the stored shop zone). */
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
/* Plans; on bad input prints one line naming @command and the flag or file,
 * and returns FALSE (exit 2). */
gboolean      bmd_cli_source_load        (BmdCliSource  *input,
                                         const char   *command,
                                         BmdPlanFlags  flags);
/* The plan's orders @ids in full (details included), in the order of @ids,
 * NULL where unknown. Element type BmdOrder. */
GPtrArray    *bmd_cli_source_read_orders (BmdCliSource         *input,
                                         const char * const  *ids,
                                         GError             **error);
void          bmd_cli_source_clear       (BmdCliSource *input);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdCliSource, bmd_cli_source_clear)

G_END_DECLS
