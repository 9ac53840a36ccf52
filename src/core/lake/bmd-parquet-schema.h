#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A Parquet file's schema in Delta Lake terms: a tree of named fields whose
 * leaves have a Delta primitive type and whose inner nodes are structs, a
 * map<string,string> or a list<string> (what Delta checkpoints need).
 *
 * Physical layout in the file:
 *   string       BYTE_ARRAY, logical STRING
 *   long         INT64, logical INT(64, signed)
 *   integer      INT32, logical INT(32, signed)
 *   decimal      FIXED_LEN_BYTE_ARRAY(6), logical DECIMAL(12,2), big-endian two's complement
 *   boolean      BOOLEAN (bit-packed)
 *   date         INT32, logical DATE (days since 1970-01-01)
 *   timestamp    INT64, logical TIMESTAMP(isAdjustedToUTC=true, MICROS)
 *   struct       group
 *   map          group (MAP) { repeated group key_value { required key; optional value } }
 *   list         group (LIST) { repeated group list { optional element } } */

typedef enum
{
  BMD_PARQUET_TYPE_STRING,
  BMD_PARQUET_TYPE_LONG,
  BMD_PARQUET_TYPE_INTEGER,
  BMD_PARQUET_TYPE_DECIMAL_12_2,
  BMD_PARQUET_TYPE_BOOLEAN,
  BMD_PARQUET_TYPE_DATE,
  BMD_PARQUET_TYPE_TIMESTAMP,
  BMD_PARQUET_TYPE_STRUCT,
  BMD_PARQUET_TYPE_MAP,   /* map<string,string>, values nullable */
  BMD_PARQUET_TYPE_LIST,  /* list<string>, elements nullable */
} BmdParquetType;

/* Owned by its schema; valid while the schema lives. */
typedef struct _BmdParquetField BmdParquetField;

#define BMD_TYPE_PARQUET_SCHEMA (bmd_parquet_schema_get_type ())
G_DECLARE_FINAL_TYPE (BmdParquetSchema, bmd_parquet_schema, BMD, PARQUET_SCHEMA, GObject)

BmdParquetSchema *bmd_parquet_schema_new              (void);
/* A top-level field, after the ones added before. For a struct, add its
 * fields with bmd_parquet_field_add () on the returned field. */
BmdParquetField  *bmd_parquet_schema_add              (BmdParquetSchema *self,
                                                       const char       *name,
                                                       BmdParquetType    type,
                                                       gboolean          nullable);
guint             bmd_parquet_schema_get_n_fields     (BmdParquetSchema *self);
BmdParquetField  *bmd_parquet_schema_get_field        (BmdParquetSchema *self,
                                                       guint             index);
BmdParquetField  *bmd_parquet_schema_lookup           (BmdParquetSchema *self,
                                                       const char       *name);
/* Delta's schemaString for metaData: {"type":"struct","fields":[…]}. */
char             *bmd_parquet_schema_to_delta_json    (BmdParquetSchema *self);

/* A field of the struct @parent (only structs have fields). */
BmdParquetField  *bmd_parquet_field_add               (BmdParquetField  *parent,
                                                       const char       *name,
                                                       BmdParquetType    type,
                                                       gboolean          nullable);
const char       *bmd_parquet_field_get_name          (BmdParquetField  *self);
BmdParquetType    bmd_parquet_field_get_field_type    (BmdParquetField  *self);
gboolean          bmd_parquet_field_get_nullable      (BmdParquetField  *self);
guint             bmd_parquet_field_get_n_fields      (BmdParquetField  *self);
BmdParquetField  *bmd_parquet_field_get_field         (BmdParquetField  *self,
                                                       guint             index);

/* "string", "long", "integer", "decimal(12,2)", "boolean", "date",
 * "timestamp"; NULL for struct, map and list. */
const char       *bmd_parquet_type_delta_name         (BmdParquetType    type);
/* Glue/Hive: "string", "bigint", "int", "decimal(12,2)", "boolean", "date",
 * "timestamp", "map<string,string>", "array<string>"; NULL for struct. */
const char       *bmd_parquet_type_hive_name          (BmdParquetType    type);

G_END_DECLS
