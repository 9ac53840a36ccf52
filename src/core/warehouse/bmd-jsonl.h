#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Gzipped JSON Lines: one compact JSON object per line, "\n" after each,
 * gzip format (what Redshift's COPY … GZIP and most lake tools read). */

#define BMD_TYPE_JSONL_WRITER (bmd_jsonl_writer_get_type ())
G_DECLARE_FINAL_TYPE (BmdJsonlWriter, bmd_jsonl_writer, BMD, JSONL_WRITER, GObject)

/* Writes into memory; bmd_jsonl_writer_finish() returns the gzip bytes. */
BmdJsonlWriter *bmd_jsonl_writer_new          (void);
/* Writes through to @stream (which the writer does not close). */
BmdJsonlWriter *bmd_jsonl_writer_new_for_stream (GOutputStream *stream);
gboolean        bmd_jsonl_writer_add          (BmdJsonlWriter  *self,
                                               JsonObject      *object,
                                               GError         **error);
/* A line that is already one compact JSON object, without the newline. */
gboolean        bmd_jsonl_writer_add_line     (BmdJsonlWriter  *self,
                                               const char      *line,
                                               GError         **error);
guint           bmd_jsonl_writer_get_n_lines  (BmdJsonlWriter  *self);
/* Ends the gzip stream. For the memory writer, returns the bytes (else an
 * empty GBytes); NULL on error. */
GBytes         *bmd_jsonl_writer_finish       (BmdJsonlWriter  *self,
                                               GError         **error);

/* Convenience: @objects (element type JsonObject) as gzipped JSON Lines. */
GBytes         *bmd_jsonl_gzip_objects        (GPtrArray  *objects,
                                               GError    **error);
/* One object as a compact JSON line (no newline). */
char           *bmd_jsonl_to_line             (JsonObject *object);

/* Reads gzipped (or, when @data does not start with the gzip magic, plain)
 * JSON Lines. Blank lines are skipped; a line that is not a JSON object is an
 * error naming its line number. Element type JsonObject. */
GPtrArray      *bmd_jsonl_read                (GBytes     *data,
                                               GError    **error);
/* The decompressed lines as strings, unparsed (for COPY FROM STDIN). */
GPtrArray      *bmd_jsonl_read_lines          (GBytes     *data,
                                               GError    **error);

G_END_DECLS
