#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bmd-parquet-schema.h"

G_BEGIN_DECLS

/* Writes one Parquet file into memory: data pages v1, definition and
 * repetition levels in the RLE/bit-packed hybrid, PLAIN or dictionary
 * (RLE_DICTIONARY) values, every column chunk compressed with zstd, column
 * statistics (min, max, null count) in each chunk's metadata.
 *
 * Rows are JSON objects whose members are the schema's top-level fields.
 * A missing member or JSON null is a null (an error for a required field).
 * Values:
 *   string     a JSON string (UTF-8)
 *   long       a JSON integer
 *   integer    a JSON integer in [-2^31, 2^31)
 *   decimal    a JSON string "-12.5", "45", "0.01" (|value| < 10^10; more
 *              than 2 decimals are rounded half away from zero, as the
 *              warehouse's NUMERIC(12,2) does) or a JSON integer (whole units)
 *   boolean    a JSON boolean
 *   date       a JSON string "YYYY-MM-DD" or a JSON integer (days since 1970-01-01)
 *   timestamp  a JSON string in ISO 8601 with a zone ("2026-06-29T20:00:00Z",
 *              "…T20:00:00.123456+02:00") or a JSON integer (µs since the epoch, UTC)
 *   struct     a JSON object
 *   map        a JSON object whose members are strings or null
 *   list       a JSON array of strings or nulls */

typedef enum
{
  BMD_PARQUET_ENCODING_PLAIN,
  BMD_PARQUET_ENCODING_DICTIONARY,  /* dictionary page + RLE_DICTIONARY data pages */
} BmdParquetEncoding;

#define BMD_PARQUET_ERROR (bmd_parquet_error_quark ())
typedef enum
{
  BMD_PARQUET_ERROR_VALUE,     /* a value that does not fit its column */
  BMD_PARQUET_ERROR_REQUIRED,  /* null in a required field */
  BMD_PARQUET_ERROR_STATE,     /* a row after finish () */
  BMD_PARQUET_ERROR_COMPRESS,  /* zstd failed */
} BmdParquetError;
GQuark bmd_parquet_error_quark (void);

/* One leaf column's statistics over the whole file. Integers hold the
 * values as stored: long/integer as is, decimal in cents, boolean 0/1, date
 * in days, timestamp in µs since the epoch. Strings are the full values. */
typedef struct
{
  const char     *path;         /* dotted: "total_price", "add.size", "add.partitionValues.key_value.key" */
  BmdParquetType  type;         /* a primitive type */
  gint64          n_values;     /* leaf slots, nulls included */
  gint64          null_count;
  gboolean        has_min_max;  /* FALSE when every value is null */
  gint64          min_int;
  gint64          max_int;
  GBytes         *min_string;
  GBytes         *max_string;
} BmdParquetColumnStats;

#define BMD_TYPE_PARQUET_WRITER (bmd_parquet_writer_get_type ())
G_DECLARE_FINAL_TYPE (BmdParquetWriter, bmd_parquet_writer, BMD, PARQUET_WRITER, GObject)

BmdParquetWriter *bmd_parquet_writer_new                   (BmdParquetSchema  *schema);
BmdParquetSchema *bmd_parquet_writer_get_schema            (BmdParquetWriter  *self);
/* For every column (default: DICTIONARY). Set before the first row. */
void              bmd_parquet_writer_set_encoding          (BmdParquetWriter  *self,
                                                            BmdParquetEncoding encoding);
/* For the leaf columns under top-level field @name. */
void              bmd_parquet_writer_set_column_encoding   (BmdParquetWriter  *self,
                                                            const char        *name,
                                                            BmdParquetEncoding encoding);
/* Rows per row group (default 1,000,000): a full group is written out. */
void              bmd_parquet_writer_set_row_group_size    (BmdParquetWriter  *self,
                                                            guint              rows);
/* zstd level (default 3). */
void              bmd_parquet_writer_set_compression_level (BmdParquetWriter  *self,
                                                            int                level);
/* A key/value pair of the file's footer. */
void              bmd_parquet_writer_set_metadata          (BmdParquetWriter  *self,
                                                            const char        *key,
                                                            const char        *value);

/* On error the row is not added and the writer stays usable. */
gboolean          bmd_parquet_writer_add_row               (BmdParquetWriter  *self,
                                                            JsonObject        *row,
                                                            GError           **error);
/* The same, with the members @row lacks (absent, not null) taken from
 * @defaults. Members that are not top-level fields are ignored. */
gboolean          bmd_parquet_writer_add_row_with_defaults (BmdParquetWriter  *self,
                                                            JsonObject        *row,
                                                            JsonObject        *defaults,
                                                            GError           **error);
/* Ends the current row group (nothing when it has no rows). */
gboolean          bmd_parquet_writer_end_row_group         (BmdParquetWriter  *self,
                                                            GError           **error);
/* The whole file ("PAR1" … footer … "PAR1"). Call once. */
GBytes           *bmd_parquet_writer_finish                (BmdParquetWriter  *self,
                                                            GError           **error);

gint64            bmd_parquet_writer_get_n_records         (BmdParquetWriter  *self);
guint             bmd_parquet_writer_get_n_row_groups      (BmdParquetWriter  *self);
/* Leaf columns in schema order. */
guint             bmd_parquet_writer_get_n_columns         (BmdParquetWriter  *self);
const BmdParquetColumnStats *
                  bmd_parquet_writer_get_column_stats      (BmdParquetWriter  *self,
                                                            guint              column);
/* The Delta add action's stats, compact JSON:
 * {"numRecords":N,"minValues":{…},"maxValues":{…},"nullCount":{…}}, nested
 * the way the schema's structs are. Maps and lists are left out. Dates are
 * "YYYY-MM-DD", timestamps ISO 8601 UTC with milliseconds (min rounded down,
 * max up, but never past 9999-12-31T23:59:59.999Z), booleans only in
 * nullCount, decimals exact JSON numbers. Strings longer than 32 characters
 * have their min cut to 32 characters and no max. */
char             *bmd_parquet_writer_dup_delta_stats       (BmdParquetWriter  *self);

G_END_DECLS
