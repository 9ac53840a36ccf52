#pragma once

/* Delta tables on the test radosgw, read back independently: a local copy of
 * a table's folder replayed by tests/lake/read-delta.mjs (its own log parser,
 * DuckDB for the Parquet files). A missing node or DuckDB fails the test. */

#include <json-glib/json-glib.h>

#include "bmd-s3.h"

G_BEGIN_DECLS

/* FALSE, with the test failed and told how to start it, without moto_server. */
static inline gboolean
bmd_test_require_glue (void)
{
  if (g_getenv ("BMD_TEST_GLUE_ENDPOINT") != NULL)
    return TRUE;
  g_test_fail_printf ("BMD_TEST_GLUE_ENDPOINT is not set: this test needs moto_server; run "
                      "eval \"$(tests/servers/moto.sh start DIR)\" first (script/test does)");
  return FALSE;
}

/* Every key under @folder (ending in "/"), sorted, without @folder. */
GPtrArray  *bmd_test_s3_keys        (BmdS3Client *client,
                                     const char  *bucket,
                                     const char  *folder);
char       *bmd_test_s3_text        (BmdS3Client *client,
                                     const char  *bucket,
                                     const char  *key);
/* Removes everything under @folder. */
void        bmd_test_s3_clear       (BmdS3Client *client,
                                     const char  *bucket,
                                     const char  *folder);
/* The lines of commit @version of the table at @root, parsed (JsonObject). */
GPtrArray  *bmd_test_delta_commit   (BmdS3Client *client,
                                     const char  *bucket,
                                     const char  *root,
                                     gint64       version);
/* read-delta.mjs's answer for the table at @root ("table" mode); NULL with
 * the test failed when node or DuckDB could not read it. */
JsonObject *bmd_test_delta_read     (BmdS3Client *client,
                                     const char  *bucket,
                                     const char  *root);
/* read-delta.mjs's answer for a checkpoint object. */
JsonObject *bmd_test_delta_read_checkpoint (BmdS3Client *client,
                                            const char  *bucket,
                                            const char  *key);

G_END_DECLS
