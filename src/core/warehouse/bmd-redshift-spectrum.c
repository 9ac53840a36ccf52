#define G_LOG_DOMAIN "bmd-warehouse"

#include "config.h"

#include <string.h>

#include "bmd-redshift-loader.h"
#include "bmd-redshift-spectrum.h"

gboolean
bmd_redshift_iam_role_is_valid (const char *role)
{
  g_auto(GStrv) roles = NULL;

  if (role == NULL || *role == '\0')
    return FALSE;
  /* Redshift accepts a chain of roles separated by commas. */
  roles = g_strsplit (role, ",", -1);
  for (guint i = 0; roles[i] != NULL; i++)
    if (!g_regex_match_simple ("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$",
                               roles[i], 0, 0))
      return FALSE;
  return TRUE;
}

gboolean
bmd_glue_database_name_is_valid (const char *name)
{
  return name != NULL && g_regex_match_simple ("^[a-z0-9_-]{1,255}$", name, 0, 0);
}

char *
bmd_redshift_spectrum_schema_sql (const char  *glue_database,
                                  const char  *iam_role,
                                  const char  *region,
                                  GError     **error)
{
  GString *sql;

  if (!bmd_glue_database_name_is_valid (glue_database))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "“%s” is not a Glue database name (lower-case letters, digits, _ and -)",
                   glue_database != NULL ? glue_database : "");
      return NULL;
    }
  if (!bmd_redshift_iam_role_is_valid (iam_role))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "Redshift Spectrum needs an IAM role to read the Glue catalog (BAKEMYDAY_REDSHIFT_IAM_ROLE), "
                   "like arn:aws:iam::123456789012:role/RedshiftSpectrum; got “%s”",
                   iam_role != NULL ? iam_role : "");
      return NULL;
    }
  if (region != NULL && !g_regex_match_simple ("^[a-z0-9-]{1,32}$", region, 0, 0))
    {
      g_set_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS,
                   "“%s” is not an AWS region", region);
      return NULL;
    }

  /* Every value was checked against a pattern without quotes or backslashes. */
  sql = g_string_new (NULL);
  g_string_append_printf (sql, "CREATE EXTERNAL SCHEMA IF NOT EXISTS " BMD_SPECTRUM_SCHEMA
                          " FROM DATA CATALOG DATABASE '%s' IAM_ROLE '%s'", glue_database, iam_role);
  if (region != NULL)
    g_string_append_printf (sql, " REGION '%s'", region);
  return g_string_free (sql, FALSE);
}
