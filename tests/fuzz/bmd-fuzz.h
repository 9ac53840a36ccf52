#pragma once

/* What every libFuzzer target here shares. A target is one file,
 * fuzz-NAME.c, defining LLVMFuzzerTestOneInput () (and, when it needs set-up,
 * LLVMFuzzerInitialize ()): it feeds the input to one parser of outside data
 * and aborts when an invariant of the result does not hold, so that a wrong
 * answer is a finding, not only a crash. */

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);

/* The input as a NUL-terminated string (parsers of C strings stop at the
 * first NUL; that is what they would see). */
static inline char *
bmd_fuzz_dup_string (const uint8_t *data,
                     size_t         size)
{
  return g_strndup ((const char *) data, size);
}

/* A GLib critical or warning is a broken precondition: abort () on it (GLib's
 * own fatal logs raise SIGTRAP, which libFuzzer does not catch), so that the
 * fuzzer keeps the input. Debug messages are dropped: they are noise here. */
static inline GLogWriterOutput
bmd_fuzz_log_writer (GLogLevelFlags   level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) == 0)
    return G_LOG_WRITER_HANDLED;
  g_log_writer_standard_streams (level, fields, n_fields, user_data);
  abort ();
}

static inline void
bmd_fuzz_init_glib (void)
{
  g_log_set_writer_func (bmd_fuzz_log_writer, NULL, NULL);
}

/* A private folder for targets that must read a file, under $TMPDIR
 * (run-fuzz.sh points it at memory and removes it afterwards). */
static inline char *
bmd_fuzz_make_tmp_dir (const char *name)
{
  g_autofree char *template = g_strdup_printf ("bmd-fuzz-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, NULL);

  if (dir == NULL)
    g_error ("cannot make a folder for %s", name);
  return dir;
}

/* Aborts with @what when @cond is false: an invariant the parser broke. */
#define bmd_fuzz_check(cond, what) \
  G_STMT_START { \
    if (G_UNLIKELY (!(cond))) \
      { \
        g_printerr ("fuzz invariant broken: %s (%s)\n", what, #cond); \
        abort (); \
      } \
  } G_STMT_END
