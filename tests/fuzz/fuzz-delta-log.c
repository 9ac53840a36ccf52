/* The Delta log reader (bmd-delta-log.c): commits read back from S3, where
 * another writer, an old version or a damaged object may have put anything.
 * The input is split at NUL bytes into consecutive commits 0, 1, 2, … */
#include <string.h>

#include "bmd-delta-log.h"
#include "bmd-fuzz.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  bmd_fuzz_init_glib ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(BmdDeltaLog) log = bmd_delta_log_new ();
  gint64 version = 0;
  size_t start = 0;

  while (start <= size)
    {
      const uint8_t *end = memchr (data + start, '\0', size - start);
      size_t length = end != NULL ? (size_t) (end - (data + start)) : size - start;
      g_autoptr(GError) error = NULL;
      gint64 before = bmd_delta_log_get_version (log);
      guint live_before = bmd_delta_log_get_n_live_files (log);

      if (bmd_delta_log_apply (log, version, (const char *) data + start, length, &error))
        {
          bmd_fuzz_check (error == NULL, "an error set on success");
          bmd_fuzz_check (bmd_delta_log_get_version (log) == version, "the version did not move");
          version++;
        }
      else
        {
          bmd_fuzz_check (error != NULL, "a refused commit without an error");
          bmd_fuzz_check (g_utf8_validate (error->message, -1, NULL), "an error message that is not UTF-8");
          /* A refused commit changes nothing. */
          bmd_fuzz_check (bmd_delta_log_get_version (log) == before, "a refused commit moved the version");
          bmd_fuzz_check (bmd_delta_log_get_n_live_files (log) == live_before,
                          "a refused commit changed the live files");
        }
      if (end == NULL)
        break;
      start += length + 1;
    }

  {
    g_autoptr(GPtrArray) live = bmd_delta_log_dup_live_files (log);

    bmd_fuzz_check (live->len == bmd_delta_log_get_n_live_files (log), "live files miscounted");
  }
  return 0;
}
