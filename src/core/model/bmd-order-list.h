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

G_END_DECLS
