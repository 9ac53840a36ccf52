#pragma once

#include <gio/gio.h>

#include "bmd-aws-credentials.h"
#include "bmd-config.h"

G_BEGIN_DECLS

/* The stored settings: a keyfile, $XDG_CONFIG_HOME/bakemyday/settings.ini,
 * group [BakeMyDay], values in GVariant text form (shop='bakery',
 * refresh-on-start=true). The app writes it through GSettings' keyfile backend
 * with the schema com.organicbakeryaustin.BakeMyDay; bakemyday-sync reads it
 * here, with neither GSettings nor the schema. Keys are the schema's. */
#define BMD_SETTINGS_GROUP     "BakeMyDay"
#define BMD_SETTINGS_ROOT_PATH "/com/organicbakeryaustin/BakeMyDay/"

/* $XDG_CONFIG_HOME/bakemyday */
char      *bmd_settings_dup_config_dir (void);
/* $XDG_CONFIG_HOME/bakemyday/settings.ini */
char      *bmd_settings_file_dup_path  (void);

/* The stored settings, an empty keyfile when there is no file yet. */
GKeyFile  *bmd_settings_file_load      (const char  *path,
                                        GError     **error);
/* A string value, NULL when absent or empty. */
char      *bmd_settings_file_dup_string (GKeyFile   *file,
                                         const char *key);
gboolean   bmd_settings_file_get_boolean (GKeyFile   *file,
                                          const char *key,
                                          gboolean    fallback);
/* Sets one value the way GSettings' keyfile backend writes it. */
void       bmd_settings_file_set_string  (GKeyFile   *file,
                                          const char *key,
                                          const char *value);
void       bmd_settings_file_set_boolean (GKeyFile   *file,
                                          const char *key,
                                          gboolean    value);
gboolean   bmd_settings_file_save      (GKeyFile    *file,
                                        const char  *path,
                                        GError     **error);

/* The stored layer of BmdConfig: the settings of @file over what @config has
 * (values that are absent or empty leave the field alone). No secrets. */
void       bmd_config_apply_settings_file (BmdConfig *config,
                                           GKeyFile  *file);
/* The settings file only (no secrets): for commands that need no credentials. */
gboolean   bmd_config_apply_stored_settings (BmdConfig  *config,
                                             GError    **error);
/* The stored layer: the settings file, then the stored secrets (keyring or
 * the 0600 file; the warehouse password joins the stored connection). Call it
 * after bmd_config_new() and before bmd_config_apply_environment(). Blocking
 * but bounded (the keyring gets a few seconds): the CLI and worker threads.
 * FALSE only when the settings file exists and cannot be read. */
gboolean   bmd_config_apply_stored     (BmdConfig  *config,
                                        GError    **error);

/* A libpq connection string with @password added (key=value strings and
 * postgres:// URIs); @conninfo itself when @password is NULL or empty or the
 * string already has one. NULL when @conninfo is not a valid connection string. */
char      *bmd_conninfo_with_password  (const char *conninfo,
                                        const char *password);
/* @config's warehouse connection with @password joined to it, as above;
 * unchanged when either is unset, or when the connection string is malformed
 * (that is reported when it is used). */
void       bmd_config_join_warehouse_password (BmdConfig  *config,
                                               const char *password);

/* AWS credentials for the lake: the environment and profiles first (AWS_PROFILE,
 * else the stored aws-profile), then the stored aws-access-key-id with the
 * stored secret access key. Blocking (reads the secret store): worker threads. */
BmdAwsCredentials *bmd_stored_aws_credentials_resolve (GError **error);

G_END_DECLS
