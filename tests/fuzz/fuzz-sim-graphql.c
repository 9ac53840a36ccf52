/* The simulator's GraphQL parser (bmd-sim-graphql.c): it reads whatever a
 * client posts. A refused document says where and why. */
#include <string.h>

#include "bmd-fuzz.h"
#include "bmd-sim-graphql.h"

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
  g_autofree char *text = bmd_fuzz_dup_string (data, size);
  BmdGqlSyntaxError error = { NULL, 0, 0 };
  g_autoptr(BmdGqlDocument) doc = bmd_gql_parse (text, &error);

  if (doc == NULL)
    {
      bmd_fuzz_check (error.message != NULL, "refused without a message");
      bmd_fuzz_check (error.line >= 1 && error.column >= 1, "refused without a place");
    }
  else
    bmd_fuzz_check (doc->operations != NULL && doc->fragments != NULL, "a document without lists");
  bmd_gql_syntax_error_clear (&error);
  return 0;
}
