#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Removes a folder the test made, with everything in it. */
void bmd_test_remove_tree (const char *path);
/* How often @what stands in @text, overlapping ones too ("\n": the lines). */
guint bmd_test_count (const char *text,
                      const char *what);

/* What a run of bakemyday-sync printed (as bytes: a test may check that
 * it is valid UTF-8) and how it exited (128 + the signal of a crash). */
typedef struct
{
  int   status;
  char *out;
  char *err;
} BmdTestRun;

void bmd_test_run_clear (BmdTestRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdTestRun, bmd_test_run_clear)

/* Runs the built bakemyday-sync with the NULL-terminated arguments, without
 * the BAKEMYDAY_* variables of the test environment or the machine's stored
 * settings; @extra_env ("NAME=VALUE" strings, NULL-terminated) may add some. */
void bmd_test_run_cli (BmdTestRun         *run,
                       const char * const *extra_env,
                       const char         *first,
                       ...) G_GNUC_NULL_TERMINATED;

/* Writes @contents to a new file in a new temporary folder; returns its path. */
char *bmd_test_write_temp_file (const char *name,
                                const char *contents,
                                gssize      length);

G_END_DECLS
