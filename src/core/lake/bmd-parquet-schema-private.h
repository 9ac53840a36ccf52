#pragma once

#include "bmd-parquet-schema.h"

G_BEGIN_DECLS

struct _BmdParquetField
{
  char            *name;
  BmdParquetType   type;
  gboolean         nullable;
  BmdParquetField *parent;
  GPtrArray       *fields;  /* a struct's fields; NULL for other types */
};

/* The root: a struct whose fields are the top-level ones. */
BmdParquetField *_bmd_parquet_schema_get_root (BmdParquetSchema *self);
gboolean         _bmd_parquet_type_is_primitive (BmdParquetType type);

G_END_DECLS
