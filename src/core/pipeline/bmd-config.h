#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BMD_DEFAULT_API_VERSION "2026-10"
#define BMD_DEFAULT_ZONE        "America/Chicago"
#define BMD_DEFAULT_LAKE_RETENTION_DAYS 7
/* The stored setting's default: more orders to read than this and a refresh
 * reads them through a bulk operation. */
#define BMD_DEFAULT_BULK_THRESHOLD 2000

/* Every setting of a refresh, resolved from (highest first) command-line
 * flags, the environment, stored settings and defaults. Plain data: the
 * worker gets its own copy. */
typedef struct
{
  char *shop;
  char *token;
  char *client_id;
  char *client_secret;
  char *api_version;
  char *zone;            /* NULL: the shop's own zone */
  char *data_dir;

  char *metafield_namespace;
  char *draft_type_key;
  char *pickup_key;
  char *flavor_key;
  char *theme_key;
  char *allergies_key;

  gboolean queue_calendar_week;
  /* How long one Shopify request may be retried, in seconds; 0: the
   * client's default (120 s, for the unattended daily refresh). */
  double retry_limit;
  /* This refresh may set the store's orders aside when they belong to
   * another shop than the one the settings reach (refresh --switch-shop). */
  gboolean switch_shop;
  /* This refresh sweeps whatever the interval says (refresh --sweep, the
   * daily run). */
  gboolean sweep;
  /* The longest time between two sweeps, in hours; 0: the default (24). */
  guint sweep_interval_hours;
  /* A refresh with more orders to read than this reads them through a bulk
   * operation, and so do the first refresh and --full. 0: never (every
   * refresh pages), which is what a config made by bmd_config_new () does;
   * the stored settings default to BMD_DEFAULT_BULK_THRESHOLD. */
  guint bulk_threshold;

  char *s3_endpoint;
  char *s3_bucket;
  char *s3_prefix;
  char *s3_region;
  char *warehouse;       /* a libpq connection string */
  char *warehouse_dialect;
  char *redshift_iam_role;
  char *redshift_workgroup;
  char *glue_database;   /* NULL: no catalog */
  char *glue_endpoint;   /* NULL: https://glue.REGION.amazonaws.com */
  guint lake_retention_days;
} BmdConfig;

BmdConfig *bmd_config_new               (void);
BmdConfig *bmd_config_copy              (const BmdConfig *config);
void       bmd_config_free              (BmdConfig *config);
/* BAKEMYDAY_* variables, as the design lists them. Empty values count as unset. */
void       bmd_config_apply_environment (BmdConfig *config);
/* Replaces @field with a copy of @value unless @value is NULL or empty. */
void       bmd_config_set               (char      **field,
                                         const char *value);
/* Checks the Shopify credentials before any request: one is set (a token,
 * or a client id with its secret), and each is one line of printable text
 * (a line break would add HTTP headers to every request). Errors in
 * G_IO_ERROR_INVALID_ARGUMENT never quote the values. */
gboolean   bmd_config_check_credentials (const BmdConfig  *config,
                                         GError          **error);
/* Hands the secrets @config holds to bmd_redact_remember(). */
void       bmd_config_remember_secrets  (const BmdConfig  *config);
/* The default data dir: the user's data dir + "/bakemyday". */
char      *bmd_config_dup_default_data_dir (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BmdConfig, bmd_config_free)

G_END_DECLS
