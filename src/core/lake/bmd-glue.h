#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "bmd-aws-credentials.h"
#include "bmd-parquet-schema.h"

G_BEGIN_DECLS

/* The AWS Glue Data Catalog's JSON API (POST ENDPOINT/, X-Amz-Target:
 * AWSGlue.ACTION, SigV4 service "glue"): the lake's database and one
 * EXTERNAL_TABLE per Delta table, read by Spectrum through the manifest. */

#define BMD_GLUE_ERROR (bmd_glue_error_quark ())

typedef enum
{
  BMD_GLUE_ERROR_FAILED,            /* any other answer; the message has Glue's __type */
  BMD_GLUE_ERROR_INVALID_ENDPOINT,  /* not a URL, or http:// to a host that is not loopback */
  BMD_GLUE_ERROR_NETWORK,           /* no answer */
  BMD_GLUE_ERROR_NOT_FOUND,         /* EntityNotFoundException */
  BMD_GLUE_ERROR_ALREADY_EXISTS,    /* AlreadyExistsException */
  BMD_GLUE_ERROR_ACCESS_DENIED,     /* AccessDeniedException, UnrecognizedClientException, … */
  BMD_GLUE_ERROR_SERVER,            /* 5xx */
} BmdGlueError;

#define BMD_GLUE_INPUT_FORMAT  "org.apache.hadoop.hive.ql.io.SymlinkTextInputFormat"
#define BMD_GLUE_OUTPUT_FORMAT "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"
#define BMD_GLUE_SERDE         "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"

#define BMD_TYPE_GLUE_CLIENT (bmd_glue_client_get_type ())
G_DECLARE_FINAL_TYPE (BmdGlueClient, bmd_glue_client, BMD, GLUE_CLIENT, GObject)

GQuark         bmd_glue_error_quark             (void);

/* @endpoint: NULL for https://glue.REGION.amazonaws.com; http:// only for
 * loopback hosts. Blocking calls: use from a worker thread. */
BmdGlueClient *bmd_glue_client_new              (const char         *endpoint,
                                                 BmdAwsCredentials  *credentials,
                                                 GError            **error);
const char    *bmd_glue_client_get_endpoint     (BmdGlueClient      *self);

/* One call: @body in, the answer's JSON object out (a new reference). */
JsonObject    *bmd_glue_client_call             (BmdGlueClient      *self,
                                                 const char         *action,
                                                 JsonObject         *body,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* GetDatabase, then CreateDatabase when it is not there. */
gboolean       bmd_glue_client_ensure_database  (BmdGlueClient      *self,
                                                 const char         *database,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
/* Creates the table, or updates it when its columns or location differ. */
gboolean       bmd_glue_client_put_table        (BmdGlueClient         *self,
                                                 const char            *database,
                                                 const char            *table,
                                                 BmdParquetSchema      *schema,
                                                 const char            *location,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
/* GetTable's "Table" object; NULL with BMD_GLUE_ERROR_NOT_FOUND when absent. */
JsonObject    *bmd_glue_client_get_table        (BmdGlueClient      *self,
                                                 const char         *database,
                                                 const char         *table,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

/* The TableInput of a lake table (exposed for tests). */
JsonObject    *bmd_glue_table_input_new         (const char            *table,
                                                 BmdParquetSchema      *schema,
                                                 const char            *location);

/* An error answer's type and message: {"__type":"…#Type","message":"…"}
 * (also "Message"). Anything else yields FALSE; never crashes on garbage. */
gboolean       bmd_glue_parse_error             (const char  *data,
                                                 gsize        length,
                                                 char       **out_type,
                                                 char       **out_message);

G_END_DECLS
