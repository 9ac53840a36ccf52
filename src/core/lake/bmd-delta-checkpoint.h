#pragma once

#include <gio/gio.h>

#include "bmd-parquet-schema.h"

G_BEGIN_DECLS

/* A Delta Lake checkpoint (one Parquet file, _delta_log/%020d.checkpoint.parquet)
 * of a table's state: one row per action, each row with exactly one of the
 * top-level structs txn, add, remove, metaData, protocol set. Maps are
 * string to string; a NULL GHashTable is an empty map. */

typedef struct
{
  const char *path;               /* relative to the table, URI-encoded as in the log */
  GHashTable *partition_values;   /* char* → char*; NULL for an unpartitioned table */
  gint64      size;
  gint64      modification_time;  /* ms since the epoch */
  gboolean    data_change;
  const char *stats;              /* JSON text or NULL */
} BmdDeltaAddAction;

/* A tombstone still within the retention period. */
typedef struct
{
  const char *path;
  gint64      deletion_timestamp; /* ms since the epoch */
  gboolean    data_change;
  gint64      size;               /* -1: unknown */
} BmdDeltaRemoveAction;

typedef struct
{
  int min_reader_version;         /* 1 */
  int min_writer_version;         /* 2 */
} BmdDeltaProtocol;

typedef struct
{
  const char         *id;
  const char         *name;            /* or NULL */
  const char         *description;     /* or NULL */
  const char         *format_provider; /* "parquet" */
  GHashTable         *format_options;
  const char         *schema_string;
  const char * const *partition_columns; /* NULL-terminated; NULL for none */
  GHashTable         *configuration;
  gint64              created_time;    /* ms since the epoch; -1: none */
} BmdDeltaMetadata;

/* The checkpoint's Parquet schema (txn, add, remove, metaData, protocol). */
BmdParquetSchema *bmd_delta_checkpoint_schema (void);

/* The checkpoint file: protocol, metaData, then @adds and @removes. Its
 * action count (for _last_checkpoint's "size") is 2 + n_adds + n_removes. */
GBytes           *bmd_delta_checkpoint_write  (const BmdDeltaProtocol     *protocol,
                                               const BmdDeltaMetadata     *metadata,
                                               const BmdDeltaAddAction    *adds,
                                               gsize                       n_adds,
                                               const BmdDeltaRemoveAction *removes,
                                               gsize                       n_removes,
                                               GError                    **error);

G_END_DECLS
