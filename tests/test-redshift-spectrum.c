/* The Redshift Spectrum DDL, checked as text (no Redshift here). */
#include "config.h"

#include "bmd-redshift-loader.h"
#include "bmd-redshift-spectrum.h"

#define ROLE "arn:aws:iam::123456789012:role/RedshiftSpectrum"

static void
test_schema_sql (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = bmd_redshift_spectrum_schema_sql ("bakemyday", ROLE, NULL, &error);
  g_autofree char *with_region = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sql, ==,
                   "CREATE EXTERNAL SCHEMA IF NOT EXISTS bmd_lake FROM DATA CATALOG DATABASE 'bakemyday' "
                   "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftSpectrum'");
  with_region = bmd_redshift_spectrum_schema_sql ("bake-my_day2", ROLE, "eu-west-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_region, ==,
                   "CREATE EXTERNAL SCHEMA IF NOT EXISTS bmd_lake FROM DATA CATALOG DATABASE 'bake-my_day2' "
                   "IAM_ROLE 'arn:aws:iam::123456789012:role/RedshiftSpectrum' REGION 'eu-west-1'");
}

/* Nothing that could leave the string literal gets into the statement. */
static void
test_refused_values (void)
{
  static const char *databases[] = { "", "Bakemyday", "bake'my", "bake my", "bake\\my", "bakemyday;drop" };
  static const char *roles[] = { "", "RedshiftSpectrum", ROLE "'", "arn:aws:iam::12345678901:role/x" };

  for (guint i = 0; i < G_N_ELEMENTS (databases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (bmd_redshift_spectrum_schema_sql (databases[i], ROLE, NULL, &error));
      g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
    }
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (bmd_redshift_spectrum_schema_sql ("bakemyday", roles[i], NULL, &error));
      g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (bmd_redshift_spectrum_schema_sql ("bakemyday", ROLE, "eu-west-1'", &error));
    g_assert_error (error, BMD_WAREHOUSE_ERROR, BMD_WAREHOUSE_ERROR_SETTINGS);
  }
  g_assert_true (bmd_redshift_iam_role_is_valid (ROLE "," ROLE "2"));
  g_assert_false (bmd_glue_database_name_is_valid (NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/redshift-spectrum/schema-sql", test_schema_sql);
  g_test_add_func ("/redshift-spectrum/refused-values", test_refused_values);
  return g_test_run ();
}
