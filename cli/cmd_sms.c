#include "cli/cli.h"

const struct cmd sms_cmds[] = {
	{ NULL, NULL, 0, NULL, NULL },
};
