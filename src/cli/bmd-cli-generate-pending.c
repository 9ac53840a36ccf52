#include "config.h"
#include "bmd-cli.h"
int
bmd_cli_generate (int argc, char **argv)
{
  bmd_cli_error ("generate: not built yet");
  return BMD_EXIT_FAILED;
}
