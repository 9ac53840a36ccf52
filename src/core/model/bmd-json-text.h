#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* JSON text that came from outside (a Shopify answer, an --orders file, a
 * stored order, an AWS answer) passes here before json-glib sees it. */

/* Deeper nesting is refused: json-glib's parser recurses once per level, and
 * a few tens of thousands of '[' overflow the stack. No answer the project
 * reads comes near it. */
#define BMD_JSON_MAX_DEPTH 256

/* Checks @text's nesting and returns the text to parse: @text itself, or
 * (*@copy, which the caller frees) a copy where every "\u0000" and every
 * lone surrogate escape became "\uFFFD". json-glib turns the first into
 * the end of the C string (the rest of the value vanished) and the second
 * into invalid UTF-8 (which it then cannot read back); U+FFFD keeps the
 * spot visible and the text valid. NULL with G_IO_ERROR_INVALID_DATA when
 * the nesting is too deep. */
const char *bmd_json_text_prepare   (const char  *text,
                                     gsize        length,
                                     char       **copy,
                                     GError     **error);

/* json_parser_load_from_data() on bmd_json_text_prepare()'s text. */
gboolean    bmd_json_parser_load    (JsonParser  *parser,
                                     const char  *text,
                                     gssize       length,
                                     GError     **error);

/* @node as compact JSON that json-glib and bmd-json-doc read back to the
 * same values: unlike json_to_string(), a number too large for a double
 * (read as infinity) is written as 1e999 (not "inf"), NaN as null, and the
 * text is always valid UTF-8 (a byte that is not becomes U+FFFD). */
char       *bmd_json_to_string      (JsonNode    *node);

G_END_DECLS
