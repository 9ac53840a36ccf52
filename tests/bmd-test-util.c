#include "config.h"

#include <glib/gstdio.h>

#include "bmd-test-util.h"

void
bmd_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* Tests make folders read-only on purpose: undo that first. */
      g_chmod (child, 0700);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bmd_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
