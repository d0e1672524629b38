/*
 * The service command: `shg serve` runs the SMS gateway in the
 * foreground (see sms/service.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "core/log.h"
#include "sms/modem.h"
#include "sms/replies.h"
#include "sms/scheduler.h"
#include "sms/service.h"

/*
 * Work plugged into every pass: the scheduler queues reminders and
 * check-ins before sending (its state, the arg, remembers what it did
 * today), reply handling acts on new inbox rows after receiving.
 */
static const struct service_hooks serve_hooks = {
	.before_send = scheduler_hook,
	.after_receive = replies_hook,
	.arg = NULL,
};

static void
print_stats(const struct service_stats *st)
{
	if (st->held)
		/* TRANSLATORS: what one pass of the SMS service did; sending
		 * was held back. */
		printf(_("sent %d, retried %d, failed %d, expired %d, received "
		    "%d (sending held: quiet hours, rate limit or modem)\n"),
		    st->sent, st->retried, st->failed, st->expired,
		    st->received);
	else
		/* TRANSLATORS: what one pass of the SMS service did. */
		printf(_("sent %d, retried %d, failed %d, expired %d, received "
		    "%d\n"), st->sent, st->retried, st->failed, st->expired,
		    st->received);
}

static int
cmd_serve(struct shg *shg, int argc, char **argv)
{
	int once = 0, npos, rc;
	struct opt opts[] = { { "once", NULL, &once }, { NULL, NULL, NULL } };
	struct service_stats st;
	struct service_hooks hooks;
	struct scheduler *sched;
	struct service *s;
	char *pos[1];

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	s = service_new(shg->db, &shg->conf, modem_new_gammu());
	if (service_lock(s) < 0) {
		service_free(s);
		return -1;
	}
	hooks = serve_hooks;
	hooks.arg = sched = scheduler_new();
	service_set_hooks(s, &hooks);
	if (once) {
		rc = service_pass(s, &st);
		if (rc == 0)
			print_stats(&st);
	} else {
		rc = service_run(s, shg->conf_path);
	}
	service_free(s);
	scheduler_free(sched);
	return rc;
}

const struct cmd service_cmds[] = {
	{ "serve", cmd_serve, CMD_DB, "[--once]",
	  N_("Run the SMS service in the foreground\n"
	  "Each pass queues the meeting and loan reminders and check-ins\n"
	  "that are due, sends the queued messages that are due (outside\n"
	  "quiet hours, within the rate limit), then stores what arrived,\n"
	  "deletes it from the modem and acts on the replies. SIGTERM or\n"
	  "SIGINT finish the message being sent and stop; SIGHUP reloads the\n"
	  "configuration. Only one service runs on a database at a time.\n"
	  "  --once   do one pass, print what it did and exit") },
	{ NULL, NULL, 0, NULL, NULL },
};
