#pragma once

#include <zstd.h>

#include "bmd-parquet-schema-private.h"
#include "bmd-parquet-writer-private.h"

G_BEGIN_DECLS

/* Writes @leaf's buffered row group as one column chunk (a dictionary page
 * when dictionary-encoded, then data pages v1, each zstd-compressed) at the
 * end of @out, adds its BmdParquetChunk and folds its statistics into the
 * leaf's. */
gboolean _bmd_parquet_write_chunk  (BmdParquetLeaf  *leaf,
                                    GByteArray      *out,
                                    ZSTD_CCtx       *zstd,
                                    int              level,
                                    GError         **error);
/* FileMetaData, its length and the closing "PAR1". */
void     _bmd_parquet_write_footer (GByteArray      *out,
                                    BmdParquetField *root,
                                    GPtrArray       *leaves,
                                    GArray          *row_groups,
                                    gint64           n_rows,
                                    GPtrArray       *metadata);

G_END_DECLS
