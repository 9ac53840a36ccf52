#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A read-only JSON document in two allocations: what an order is read from.
 * json-glib's parser builds a GHashTable per object and emits signals per
 * node, and that was nearly all of the app's start-up with many stored
 * orders; this parser reads the same text about ten times faster. Values
 * are typed as json-glib types them (integers without '.', 'e' or 'E' are
 * BMD_JSON_INT), and a repeated member name means its last value, as there. */
typedef enum
{
  BMD_JSON_NONE,   /* no such node */
  BMD_JSON_NULL,
  BMD_JSON_BOOLEAN,
  BMD_JSON_INT,
  BMD_JSON_DOUBLE,
  BMD_JSON_STRING,
  BMD_JSON_ARRAY,
  BMD_JSON_OBJECT,
} BmdJsonType;

typedef struct _BmdJsonDoc BmdJsonDoc;

/* A node of a document; 0 is no node, and every accessor takes 0. */
typedef guint BmdJsonRef;

/* NULL when @text is not one JSON value this parser is sure to read as
 * json-glib does (it is strict: callers then fall back to json-glib). */
BmdJsonDoc  *_bmd_json_doc_parse       (const char  *text,
                                        gsize        length);
BmdJsonDoc  *_bmd_json_doc_new_from_object (JsonObject *object);
BmdJsonDoc  *_bmd_json_doc_new_from_node (JsonNode  *node);
/* @ref as a new json-glib tree. */
JsonNode    *_bmd_json_doc_to_node     (BmdJsonDoc  *doc,
                                        BmdJsonRef   ref);
void         _bmd_json_doc_free        (BmdJsonDoc  *doc);

BmdJsonRef   _bmd_json_doc_root        (BmdJsonDoc  *doc);
BmdJsonType  _bmd_json_type            (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);
/* An object's member by name (the last of that name), or 0. */
BmdJsonRef   _bmd_json_member          (BmdJsonDoc  *doc,
                                        BmdJsonRef   object,
                                        const char  *name);
/* The first element of an array (or member of an object), then the next. */
BmdJsonRef   _bmd_json_first           (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);
BmdJsonRef   _bmd_json_next            (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);
/* A member's name; "" for a node that is not a member. */
const char  *_bmd_json_name            (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);
/* The value of a node of that type; NULL, 0 or FALSE for another. */
const char  *_bmd_json_string          (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);
gint64       _bmd_json_int             (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);
double       _bmd_json_double          (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);
gboolean     _bmd_json_boolean         (BmdJsonDoc  *doc,
                                        BmdJsonRef   node);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdJsonDoc, _bmd_json_doc_free)

G_END_DECLS
