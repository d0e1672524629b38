#include "cli/cli.h"

const struct cmd group_cmds[] = {
	{ NULL, NULL, 0, NULL, NULL },
};
