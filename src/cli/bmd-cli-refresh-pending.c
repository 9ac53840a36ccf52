#include "config.h"
#include "bmd-cli.h"
int
bmd_cli_refresh (int argc, char **argv)
{
  bmd_cli_error ("refresh: not built yet");
  return BMD_EXIT_FAILED;
}
