#pragma once

#include <gio/gio.h>

#include "bmd-delta-log.h"

G_BEGIN_DECLS

/* The Parquet checkpoint of @log at its version: protocol, metaData, the
 * live files and the tombstones not yet vacuumed. @out_n_actions: what
 * _last_checkpoint's "size" says. */
GBytes *bmd_delta_log_write_checkpoint (BmdDeltaLog  *log,
                                        guint        *out_n_actions,
                                        GError      **error);

G_END_DECLS
