#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a folder the test made, with everything in it. */
void bmd_test_remove_tree (const char *path);

G_END_DECLS
