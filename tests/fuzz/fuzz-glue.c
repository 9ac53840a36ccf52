/* The Glue Data Catalog's error bodies (bmd-glue.c): whatever the endpoint
 * answers, a type and a message or a clean refusal, never a crash. */
#include "bmd-fuzz.h"
#include "bmd-glue.h"

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
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;

  if (bmd_glue_parse_error ((const char *) data, size, &type, &message))
    {
      bmd_fuzz_check (type != NULL || message != NULL, "an error with neither type nor message");
      bmd_fuzz_check (type == NULL || g_utf8_validate (type, -1, NULL), "a type that is not UTF-8");
      bmd_fuzz_check (message == NULL || g_utf8_validate (message, -1, NULL), "a message that is not UTF-8");
    }
  return 0;
}
