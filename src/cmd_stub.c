#include "cmd.h"
int cmd_convert(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_template(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_export(int argc, char **argv) { (void)argc; (void)argv; return 2; }
