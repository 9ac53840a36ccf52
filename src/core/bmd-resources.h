#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The core's bundled files (resources/core.gresource.xml), by path relative to
 * the core prefix: "graphql/orders.graphql". NULL with @error when absent. */
GBytes *bmd_core_lookup_resource (const char  *path,
                                  GError     **error);
/* The same as a NUL-terminated string. */
char   *bmd_core_dup_resource_text (const char  *path,
                                    GError     **error);

G_END_DECLS
