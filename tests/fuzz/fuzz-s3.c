/* The bodies of S3 answers (bmd-s3.c): error documents, whatever their
 * status, and ListObjectsV2 pages. The first byte picks the status. */
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-s3-private.h"

static const long statuses[] = { 400, 403, 404, 409, 412, 500, 503, 301 };

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
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autofree char *token = NULL;
  gboolean truncated = FALSE;
  long status;

  if (size < 1)
    return 0;
  status = statuses[data[0] % G_N_ELEMENTS (statuses)];
  data++;
  size--;

  _bmd_s3_error_from_body (status, "GET", "bakery", (size & 1) ? "orders/a.jsonl" : NULL,
                           data, size, &error);
  bmd_fuzz_check (error != NULL && error->domain == BMD_S3_ERROR, "no S3 error");
  bmd_fuzz_check (g_utf8_validate (error->message, -1, NULL), "an error message that is not UTF-8");

  objects = _bmd_s3_list_from_body (data, size, &truncated, &token);
  bmd_fuzz_check (objects != NULL || token == NULL, "a token from a refused page");
  return 0;
}
