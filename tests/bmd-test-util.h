#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Removes a folder the test made, with everything in it. */
void bmd_test_remove_tree (const char *path);

G_END_DECLS

G_BEGIN_DECLS

/* What a run of the built bakemyday-sync printed and returned. */
typedef struct
{
  int status;
  char *out;   /* as bytes: a test may check that it is valid UTF-8 */
  char *err;
} BmdTestRun;

void bmd_test_run_clear (BmdTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdTestRun, bmd_test_run_clear)

/* Runs the build tree's bakemyday-sync with the arguments up to NULL, in the
 * test's environment plus @env (NULL-terminated NAME=VALUE, or NULL). */
void bmd_test_run_cli (BmdTestRun         *run,
                       const char * const *env,
                       const char         *first,
                       ...) G_GNUC_NULL_TERMINATED;

/* Writes @contents to a new file in a new temporary folder; returns its path. */
char *bmd_test_write_temp_file (const char *name,
                                const char *contents,
                                gssize      length);

G_END_DECLS
