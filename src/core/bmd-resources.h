#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A bundled core file (resources/core.gresource.xml) as a NUL-terminated
 * string, by path relative to the core prefix: "graphql/orders.graphql".
 * NULL with @error when absent. */
char   *bmd_core_dup_resource_text (const char  *path,
                                    GError     **error);

G_END_DECLS
