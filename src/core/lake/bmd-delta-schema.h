#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A lake table's columns as the Delta log, the statistics and the Glue
 * catalog see them. Types are Delta's primitive names: string, long,
 * integer, decimal(12,2), boolean, date, timestamp. Every column is nullable. */
typedef struct
{
  const char *name;
  const char *type;
} BmdDeltaColumn;

/* Spark's JSON schema, metaData's schemaString:
 * {"type":"struct","fields":[{"name":…,"type":…,"nullable":true,"metadata":{}}…]} */
char       *bmd_delta_schema_string   (const BmdDeltaColumn *columns,
                                       guint                 n_columns);
/* The Hive type Glue and Spectrum want: long → bigint, integer → int, the
 * others as they are. NULL for a type the lake does not write. */
const char *bmd_delta_hive_type       (const char           *delta_type);

/* An add's stats: {"numRecords":N,"minValues":{…},"maxValues":{…},"nullCount":{…}}.
 * @rows: element type JsonObject, values as bmd_warehouse_*_rows() make them
 * (timestamps ISO 8601 text, decimals text or numbers). Strings longer than
 * 32 bytes are left out of min/max rather than cut (a cut max would lie). */
char       *bmd_delta_stats_for_rows  (const BmdDeltaColumn *columns,
                                       guint                 n_columns,
                                       GPtrArray            *rows);

/* SHA-256 (hex) of the schema and the rows in order, without as_of and
 * run_id: equal hashes, the same table content. */
char       *bmd_delta_content_hash    (const BmdDeltaColumn *columns,
                                       guint                 n_columns,
                                       GPtrArray            *rows);

G_END_DECLS
