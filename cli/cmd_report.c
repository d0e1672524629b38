#include "cli/cli.h"

const struct cmd report_cmds[] = {
	{ NULL, NULL, 0, NULL, NULL },
};
