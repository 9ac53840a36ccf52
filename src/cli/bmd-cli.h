#pragma once

#include <glib.h>

#include "bmd-plan-table.h"

G_BEGIN_DECLS

/* Exit codes of the design's Interfaces section. */
enum
{
  BMD_EXIT_OK = 0,
  BMD_EXIT_FAILED = 1,
  BMD_EXIT_USAGE = 2,
  BMD_EXIT_PARTIAL = 3,
};

int  bmd_cli_plan     (int    argc,
                       char **argv);
int  bmd_cli_refresh  (int    argc,
                       char **argv);
int  bmd_cli_generate (int    argc,
                       char **argv);

int  bmd_cli_report   (int    argc,
                       char **argv);

/* The input and output flags `plan` and `report` share. */
typedef struct
{
  char *orders_file;
  char *data_dir;
  char *now_text;
  char *zone_name;
  char *format;
} BmdCliInput;

void bmd_cli_input_clear        (BmdCliInput    *input);
/* --orders, --data-dir, --now, --tz, --format; @input must outlive @context's parse. */
void bmd_cli_input_add_entries  (BmdCliInput    *input,
                                 GOptionContext *context);
/* BMD_EXIT_OK, or BMD_EXIT_USAGE with the reason on stderr. */
int  bmd_cli_input_check_format (BmdCliInput    *input,
                                 const char     *command);
/* Plans the orders of --orders, else of the local warehouse, as of --now in
 * --tz (defaults: the clock, the stored shop zone, America/Chicago). Returns
 * an exit code; *@out is set on BMD_EXIT_OK. */
int  bmd_cli_input_plan         (BmdCliInput    *input,
                                 const char     *command,
                                 BmdPlanFlags    flags,
                                 BmdPlan       **out);
/* @table on stdout in --format. */
int  bmd_cli_input_write_table  (BmdCliInput    *input,
                                 const char     *command,
                                 BmdPlanTable   *table);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BmdCliInput, bmd_cli_input_clear)

/* The access token in @path, trimmed; an empty file is an error. */
char *bmd_cli_read_token_file (const char  *path,
                               GError     **error);

/* One line on stderr, prefixed with the program name. */
void bmd_cli_error    (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
