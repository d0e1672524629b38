/*
 * Follow-up commands: the ranked list of who needs attention, closing a
 * help request, acknowledging a received message.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/table.h"
#include "core/util.h"
#include "reports/followlist.h"
#include "sms/notice.h"
#include "sms/replies.h"

static void
print_list(struct shg *shg, const struct followlist *list)
{
	static const char *const hdr[] = { N_("case"), N_("reason"),
		N_("detail"), N_("group"), N_("organiser"), N_(">days"), NULL };
	struct table *t = table_new(hdr, shg->csv);

	for (int i = 0; i < list->n; i++) {
		const struct followlist_item *it = &list->items[i];
		table_cell(t, it->case_code);
		table_cell(t, shg->csv ? followlist_reason_name(it->reason) :
		    followlist_reason_label(it->reason));
		table_cell(t, it->detail ? it->detail : "");
		table_cell(t, it->group ? it->group : "");
		table_cell(t, it->organiser ? it->organiser : "");
		table_cell_int(t, it->days);
	}
	table_print(t, stdout);
}

/* An empty place option means any. */
static const char *
place_opt(const char *v)
{
	return str_empty(v) ? NULL : v;
}

/* The modems' problems, after the people: for an administrator. */
static int
print_modems(struct shg *shg)
{
	static const char *const hdr[] = { N_("problem"), N_("since"),
		N_("what"), NULL };
	struct notice *v;
	struct table *t;
	char buf[300], id[24], when[32];
	int n, days, min;

	if (notice_list(shg->db, &v, &n) < 0)
		return -1;
	if (n > 0) {
		printf("\n%s\n", _("Modems"));
		t = table_new(hdr, 0);
		for (int i = 0; i < n; i++) {
			snprintf(id, sizeof id, "%lld", (long long)v[i].id);
			time_to_local(v[i].since, &days, &min);
			date_show(days, when);
			table_cell(t, id);
			table_cell(t, when);
			table_cell(t, notice_describe(&v[i], buf, sizeof buf));
		}
		table_print(t, stdout);
		printf("%s\n", _("(shg followup seen PROBLEM marks one seen)"));
	}
	free(v);
	return 0;
}

static int
cmd_followup(struct shg *shg, int argc, char **argv)
{
	const char *organiser = NULL, *province = NULL, *district = NULL,
	    *commune = NULL;
	struct opt opts[] = { { "organiser", &organiser, NULL },
		{ "province", &province, NULL },
		{ "district", &district, NULL },
		{ "commune", &commune, NULL }, { NULL, NULL, NULL } };
	struct followlist list = { 0 };
	struct followlist_params p;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (organiser && str_empty(organiser))
		return cli_usage_error(shg, "--organiser needs a name");
	p = (struct followlist_params){ .today = date_today(),
		.now = clock_now(),
		.checkin_answer_days = shg->conf.checkin_answer_days,
		.organiser = organiser, .province = place_opt(province),
		.district = place_opt(district), .commune = place_opt(commune) };
	if ((rc = followlist_build(shg->db, &shg->conf, &p, &list)) == 0)
		print_list(shg, &list);
	followlist_free(&list);
	/* Modems are not people: not in the CSV's rows, nor in an
	 * organiser's or a place's list. */
	if (rc == 0 && !shg->csv && !organiser && !p.province && !p.district &&
	    !p.commune && (rc = cli_admin(shg)) > 0)
		rc = print_modems(shg);
	return rc < 0 ? -1 : 0;
}

static int
cmd_followup_seen(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	int64_t id;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which problem? give its number");
	if (parse_int64(pos[0], 1, INT64_MAX, &id) < 0)
		return error("\"%s\" is not a problem number", pos[0]);
	if ((rc = cli_admin(shg)) <= 0)
		return rc < 0 ? -1 : error("only an administrator looks after "
		    "the modems");
	if (notice_seen(shg->db, id, shg->actor, clock_now()) < 0)
		return -1;
	printf(_("marked modem problem %lld seen\n"), (long long)id);
	return 0;
}

static int
cmd_followup_close(struct shg *shg, int argc, char **argv)
{
	const char *note = NULL;
	struct opt opts[] = { { "note", &note, NULL }, { NULL, NULL, NULL } };
	struct person p;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "give the case code");
	if (str_empty(note))
		return cli_usage_error(shg, "--note is required: say what was "
		    "done");
	if (person_get(shg->db, pos[0], &p) < 0)
		return -1;
	rc = followup_close(shg->db, p.id, shg->actor, note, clock_now());
	if (rc == 0)
		printf(_("closed the help request of %s\n"), p.case_code);
	person_free(&p);
	return rc;
}

static int
cmd_inbox_ack(struct shg *shg, int argc, char **argv)
{
	const char *note = NULL;
	struct opt opts[] = { { "note", &note, NULL }, { NULL, NULL, NULL } };
	char *pos[1];
	int npos, rc;
	int64_t id;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which message? give its id");
	if (str_empty(note))
		return cli_usage_error(shg, "--note is required: say what was "
		    "done");
	if (parse_int64(pos[0], 1, INT64_MAX, &id) < 0)
		return error("\"%s\" is not a message id", pos[0]);
	if (replies_ack(shg->db, id, shg->actor, note, clock_now()) < 0)
		return -1;
	printf(_("marked message %lld read\n"), (long long)id);
	return 0;
}

const struct cmd followup_cmds[] = {
	{ "followup", cmd_followup, CMD_DB, "[--organiser NAME] [--province P] "
	  "[--district X] [--commune C] [--csv]",
	  N_("List who needs attention and why, most urgent first\n"
	  "Open help requests, then unanswered check-ins (no answer after\n"
	  "reminders.checkin_answer_days), members who missed\n"
	  "reminders.missed_meetings meetings in a row, loans in arrears and\n"
	  "visits overdue; within a reason the longest waiting first.  Rows\n"
	  "show case codes, never names.\n"
	  "  --organiser NAME   only people whose group this organiser runs\n"
	  "                     (ignoring case and diacritics)\n"
	  "  --province P, --district X, --commune C\n"
	  "                     only people living in that place\n"
	  "For an administrator (no --organiser, no --csv) a section Modems\n"
	  "follows: a low balance, no network for 10 minutes, a SIM nearly\n"
	  "full, sending failing in a row, a SIM PIN refused, messages set\n"
	  "aside unreadable; each numbered for `shg followup seen`.") },
	{ "followup seen", cmd_followup_seen, CMD_WRITE, "PROBLEM",
	  N_("Mark a modem problem of the follow-up list seen\n"
	  "It leaves the list; the same problem shows again when it went\n"
	  "away and came back.") },
	{ "followup close", cmd_followup_close, CMD_WRITE,
	  "CASECODE --note TEXT",
	  N_("Close a person's open help request, saying what was done") },
	{ "inbox ack", cmd_inbox_ack, CMD_WRITE, "ID --note TEXT",
	  N_("Mark a received message read, saying what was done\n"
	  "A message that asked for help closes its help request too.") },
	{ NULL, NULL, 0, NULL, NULL },
};
