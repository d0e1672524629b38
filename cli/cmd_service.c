#include "cli/cli.h"

const struct cmd service_cmds[] = {
	{ NULL, NULL, 0, NULL, NULL },
};
