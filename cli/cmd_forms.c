/*
 * shg forms: the SMS forms organisers and coordinators sent, newest
 * first, with what became of them (sms/forms.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/account.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/table.h"
#include "core/util.h"
#include "groups/group.h"
#include "sms/forms.h"

/* A moment for people; CSV "YYYY-MM-DD HH:MM". */
static void
time_cell(struct table *t, const struct shg *shg, time_t when)
{
	char buf[32], day[16];
	int days, min;

	if (!when) {
		table_cell(t, "");
	} else if (shg->csv) {
		table_cell(t, time_format_local(when, buf, sizeof buf));
	} else {
		time_to_local(when, &days, &min);
		table_cellf(t, "%s %02d:%02d", date_show(days, day), min / 60,
		    min % 60);
	}
}

struct list_ctx {
	struct table *t;
	const struct shg *shg;
};

static int
form_row(const struct forms_item *it, void *arg)
{
	struct list_ctx *x = arg;
	char what[200], kind[8];
	size_t i;

	for (i = 0; it->kind[i] && i < sizeof kind - 1; i++)
		kind[i] = (char)(it->kind[i] >= 'a' && it->kind[i] <= 'z' ?
		    it->kind[i] - 'a' + 'A' : it->kind[i]);
	kind[i] = '\0';
	table_cell_int(x->t, it->id);
	time_cell(x->t, x->shg, it->received_at);
	table_cell(x->t, it->account);
	table_cell(x->t, str_eq(it->kind, "unknown") ? "?" : kind);
	table_cell(x->t, x->shg->csv ? it->outcome :
	    forms_outcome_show(it->outcome));
	table_cell(x->t, forms_recorded_show(it, what, sizeof what));
	table_cell(x->t, it->text);
	table_cell(x->t, it->reply);
	return 0;
}

/* The options naming records, to ids (0: not given). */
static int
list_filters(struct shg *shg, const char *account, const char *group,
    struct forms_filter *f)
{
	struct account a;
	struct group g;

	if (account) {
		if (account_get(shg->db, account, &a) < 0)
			return -1;
		f->account_id = a.id;
		account_free(&a);
	}
	if (group) {
		if (group_get(shg->db, group, &g) < 0)
			return -1;
		f->group_id = g.id;
		group_free(&g);
	}
	return 0;
}

static int
cmd_forms(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: columns of `shg forms`: when the SMS came, the
	 * sender's account, the form's keyword, what became of it, what it
	 * recorded, the text as sent and the reply (for a refusal, why). */
	static const char *const hdr[] = { N_(">id"), N_("received"),
		N_("account"), N_("form"), N_("outcome"), N_("recorded"),
		N_("text"), N_("reply"), NULL };
	const char *since = NULL, *account = NULL, *group = NULL;
	const char *outcome = NULL, *limitv = NULL;
	struct opt opts[] = { { "since", &since, NULL },
		{ "organiser", &account, NULL }, { "account", &account, NULL },
		{ "group", &group, NULL }, { "outcome", &outcome, NULL },
		{ "limit", &limitv, NULL }, { NULL, NULL, NULL } };
	struct forms_filter f = { .limit = 100 };
	struct list_ctx x = { NULL, shg };
	char *pos[1];
	int npos, rc, day = DATE_NONE;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (outcome && !forms_outcome_valid(outcome))
		return error("--outcome: \"%s\" is not an outcome (recorded, "
		    "refused, undone, duplicate, limited, answered)", outcome);
	if (cli_date("--since", since, &day) < 0 ||
	    cli_int("--limit", limitv, 1, 1000000, &f.limit) < 0 ||
	    list_filters(shg, account, group, &f) < 0)
		return -1;
	f.since = day == DATE_NONE ? 0 : time_from_local(day, 0);
	f.outcome = outcome;
	x.t = table_new(hdr, shg->csv);
	rc = forms_each(shg->db, &f, form_row, &x);
	table_print(x.t, stdout);
	return rc < 0 ? -1 : 0;
}

const struct cmd forms_cmds[] = {
	{ "forms", cmd_forms, CMD_DB,
	  "[--since DATE] [--organiser NAME] [--group NAME] [--outcome O] "
	  "[--limit N]",
	  N_("List the SMS forms organisers sent, newest first\n"
	  "Each form with its sender's account, its keyword (HOP, TRA, THAM,\n"
	  "HUY, HD; ? when none), its outcome, what it recorded (a meeting, a\n"
	  "repayment to a loan, a visit, with case codes, never names), the\n"
	  "text as sent and the reply, which for a refusal says why.\n"
	  "Outcomes: recorded, refused, undone (by HUY), duplicate (a repeated\n"
	  "delivery, applied once), limited (over 30 forms an hour), answered\n"
	  "(HD).\n"
	  "  --since DATE      only forms received on or after DATE\n"
	  "  --organiser NAME  only forms from this account (also --account)\n"
	  "  --group NAME      only forms about this group (meetings, and\n"
	  "                    repayments to its loans)\n"
	  "  --outcome O       only forms with this outcome\n"
	  "  --limit N         at most N forms (default 100)") },
	{ NULL, NULL, 0, NULL, NULL },
};
