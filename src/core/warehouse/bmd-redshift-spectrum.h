#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Redshift Spectrum over the lake: an external schema bmd_lake on the Glue
 * database the Delta tables are registered in, so that
 * SELECT … FROM bmd_lake.orders works beside the native schema bmd. */

#define BMD_SPECTRUM_SCHEMA "bmd_lake"

/* Redshift's IAM role setting: one role ARN, or a chain separated by commas. */
gboolean  bmd_redshift_iam_role_is_valid         (const char  *role);
/* A Glue database name: lower-case letters, digits, _ and -, 1 to 255. */
gboolean  bmd_glue_database_name_is_valid        (const char  *name);

/* CREATE EXTERNAL SCHEMA IF NOT EXISTS bmd_lake FROM DATA CATALOG DATABASE '…'
 * IAM_ROLE '…' [REGION '…']. External DDL cannot run inside a transaction:
 * run it on its own. NULL with BMD_WAREHOUSE_ERROR_SETTINGS for a name, role
 * or region that is not valid. */
char     *bmd_redshift_spectrum_schema_sql       (const char  *glue_database,
                                                  const char  *iam_role,
                                                  const char  *region,
                                                  GError     **error);

G_END_DECLS
