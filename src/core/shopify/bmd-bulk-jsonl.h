#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The JSON Lines file of a bulk operation, read as it downloads. Each line
 * is one object; the nodes of a nested connection (line items, metafields)
 * are lines of their own carrying "__parentId", before or after their
 * parent, in no promised order. The reader keeps every object as its line
 * arrives and, at the end, hands back the top-level objects with their
 * children put back as a paged answer has them: CONNECTION { nodes [ … ] }. */

/* A nested connection the query asked for: its field name and the GraphQL
 * type of its nodes (told by a child's "__typename" or its gid,
 * gid://shopify/TYPE/N). */
typedef struct
{
  const char *name;
  const char *type;
} BmdBulkConnection;

/* One line may not be longer than this: a file whose newlines went missing
 * must not grow one buffer without bound. */
#define BMD_BULK_JSONL_MAX_LINE (16 * 1024 * 1024)

typedef struct _BmdBulkJsonl BmdBulkJsonl;

/* @connections: the nested connections the query asked for, @n_connections
 * of them (their names are copied). Every top-level object comes back with
 * each of them, empty when no line named it as parent. When only one
 * connection is given, a child that names no type belongs to it. */
BmdBulkJsonl *bmd_bulk_jsonl_new            (const BmdBulkConnection *connections,
                                             guint                    n_connections);
void          bmd_bulk_jsonl_free           (BmdBulkJsonl *self);

/* Forgets everything read (a download that starts over). */
void          bmd_bulk_jsonl_reset          (BmdBulkJsonl *self);

/* Reads the next @length bytes of the file: every line they complete is
 * parsed now. FALSE with G_IO_ERROR_INVALID_DATA naming the line (from 1)
 * when one is not a JSON object, lacks an id it needs, is nested deeper than
 * BMD_JSON_MAX_DEPTH or longer than BMD_BULK_JSONL_MAX_LINE; the reader then
 * refuses more input. */
gboolean      bmd_bulk_jsonl_feed           (BmdBulkJsonl  *self,
                                             const char    *data,
                                             gsize          length,
                                             GError       **error);

/* Ends the file (a last line without a newline counts) and returns the
 * top-level objects in the order their lines came, each child under its
 * parent's connection (siblings ordered by the number of their gid when
 * every one has one, else as they came), "__parentId" removed. FALSE
 * (NULL) naming the line of the first child whose parent is not in the
 * file, or of an object that came twice. */
GPtrArray    *bmd_bulk_jsonl_finish         (BmdBulkJsonl  *self,
                                             GError       **error);

/* Lines read so far (blank ones included) and bytes fed. */
guint64       bmd_bulk_jsonl_get_line_count (BmdBulkJsonl *self);
guint64       bmd_bulk_jsonl_get_byte_count (BmdBulkJsonl *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdBulkJsonl, bmd_bulk_jsonl_free)

G_END_DECLS
