#pragma once

#include "bmd-order.h"

G_BEGIN_DECLS

/* Orders from one GraphQL response ({"data":{"orders":{"nodes":[…]}}} or
 * edges { node }) or from JSON Lines of order nodes. A node that is not an
 * order (no id) is an error naming its line or position: bad input must not
 * vanish silently. Element type BmdOrder. */
GPtrArray *bmd_order_list_parse_data (const char  *data,
                                      gsize        length,
                                      GError     **error);
GPtrArray *bmd_order_list_load_file  (const char  *path,
                                      GError     **error);
/* The same, as light orders (bmd_order_new_light()): what plans read, at a
 * fraction of the memory and time. An empty file is an error. */
GPtrArray *bmd_order_list_load_file_light (const char  *path,
                                           GError     **error);

G_END_DECLS
