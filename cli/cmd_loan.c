#include "cli/cli.h"

const struct cmd loan_cmds[] = {
	{ NULL, NULL, 0, NULL, NULL },
};
