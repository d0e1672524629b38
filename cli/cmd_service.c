/*
 * The service command: `shg serve` runs the SMS gateway in the
 * foreground (see sms/service.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/log.h"
#include "sms/modem.h"
#include "sms/service.h"

/*
 * Work plugged into every pass.  The reminder scheduler sets before_send
 * (queue what is due) and reply handling sets after_receive (act on new
 * inbox rows); both are empty until those modules exist.
 */
static const struct service_hooks serve_hooks = {
	.before_send = NULL,
	.after_receive = NULL,
	.arg = NULL,
};

static void
print_stats(const struct service_stats *st)
{
	printf("sent %d, retried %d, failed %d, expired %d, received %d%s\n",
	    st->sent, st->retried, st->failed, st->expired, st->received,
	    st->held ? " (sending held: quiet hours, rate limit or modem)" :
	    "");
}

static int
cmd_serve(struct shg *shg, int argc, char **argv)
{
	int once = 0, npos, rc;
	struct opt opts[] = { { "once", NULL, &once }, { NULL, NULL, NULL } };
	struct service_stats st;
	struct service *s;
	char *pos[1];

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	s = service_new(shg->db, &shg->conf, modem_new_gammu());
	service_set_hooks(s, &serve_hooks);
	if (once) {
		rc = service_pass(s, &st);
		if (rc == 0)
			print_stats(&st);
	} else {
		rc = service_run(s, shg->conf_path);
	}
	service_free(s);
	return rc;
}

const struct cmd service_cmds[] = {
	{ "serve", cmd_serve, CMD_DB, "[--once]",
	  "Run the SMS service in the foreground\n"
	  "Each pass sends the queued messages that are due (outside quiet\n"
	  "hours, within the rate limit), then stores what arrived and\n"
	  "deletes it from the modem.  SIGTERM or SIGINT finish the message\n"
	  "being sent and stop; SIGHUP reloads the configuration.\n"
	  "  --once   do one pass, print what it did and exit" },
	{ NULL, NULL, 0, NULL, NULL },
};
