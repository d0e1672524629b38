/*
 * need and support commands: the needs assessment and the support ledger
 * of each person. Lists show case codes, never names.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/need.h"
#include "core/person.h"
#include "core/support.h"
#include "core/table.h"
#include "core/util.h"

/* The id of the person with case code ref (messages name the code). */
static int
person_id(struct shg *shg, const char *ref, int64_t *id)
{
	struct person p;

	if (person_get(shg->db, ref, &p) < 0)
		return -1;
	*id = p.id;
	person_free(&p);
	return 0;
}

static int
cmd_need_add(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *notes = NULL, *kind;
	struct opt opts[] = { { "date", &datev, NULL }, { "notes", &notes, NULL },
		{ NULL, NULL, NULL } };
	char *pos[2];
	int npos, rc, day = date_today();
	int64_t id;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 2, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 2)
		return cli_usage_error(shg, "give a case code and a kind of need");
	if (cli_date("--date", datev, &day) < 0 ||
	    need_kind_parse("kind", pos[1], &kind) < 0 ||
	    person_id(shg, pos[0], &id) < 0 ||
	    need_add(shg->db, id, kind, day, notes) < 0)
		return -1;
	/* TRANSLATORS: %1$s is a kind of need, %2$s a case code. */
	printf(_("need %1$s of %2$s identified\n"), kind,
	    pos[0]);
	return 0;
}

static int
cmd_need_set(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *status = NULL, *to = NULL, *kind;
	struct opt opts[] = { { "date", &datev, NULL },
		{ "status", &status, NULL }, { "to", &to, NULL },
		{ NULL, NULL, NULL } };
	char *pos[2];
	int npos, rc, day = date_today();
	int64_t id;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 2, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 2 || !status)
		return cli_usage_error(shg, "give a case code, a kind of need "
		    "and --status");
	if (!str_eq(status, "referred") && !str_eq(status, "met"))
		return error("--status: \"%s\" is not referred or met", status);
	if (str_eq(status, "referred") && str_empty(to))
		return cli_usage_error(shg, "--status referred needs --to ORG");
	if (str_eq(status, "met") && to)
		return cli_usage_error(shg, "--to goes with --status referred");
	if (cli_date("--date", datev, &day) < 0 ||
	    need_kind_parse("kind", pos[1], &kind) < 0 ||
	    person_id(shg, pos[0], &id) < 0)
		return -1;
	rc = str_eq(status, "met") ? need_meet(shg->db, id, kind, day) :
	    need_refer(shg->db, id, kind, to, day);
	/* TRANSLATORS: %1$s is a kind of need, %2$s a case code. */
	if (rc == 0 && str_eq(status, "met"))
		printf(_("need %1$s of %2$s met\n"), kind, pos[0]);
	else if (rc == 0)
		/* TRANSLATORS: %1$s is a kind of need, %2$s a case code, %3$s
		 * the organisation. */
		printf(_("need %1$s of %2$s referred to %3$s\n"),
		    kind, pos[0], to);
	return rc;
}

struct need_ctx {
	struct table *t;
	int notes;
	int csv;                /* codes, not labels */
};

static int
need_row(const struct need *n, void *arg)
{
	struct need_ctx *x = arg;

	table_cell(x->t, n->case_code);
	table_cell(x->t, x->csv ? n->kind : need_kind_label(n->kind));
	table_cell(x->t, x->csv ? n->status : need_status_label(n->status));
	table_cell_date(x->t, n->identified_on);
	table_cell(x->t, n->referred_to);
	table_cell_date(x->t, n->referred_on);
	table_cell_date(x->t, n->met_on);
	if (x->notes)
		table_cell(x->t, n->notes);
	return 0;
}

static int
cmd_need_list(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headers of the needs table; "identified",
	 * "referred" and "met" head columns of dates. */
	static const char *const hdr[] = { N_("case"), N_("kind"), N_("status"),
		N_("need list|identified"), N_("referred to"),
		N_("need list|referred"), N_("need list|met"), NULL };
	static const char *const hdr_notes[] = { N_("case"), N_("kind"),
		N_("status"), N_("need list|identified"), N_("referred to"),
		N_("need list|referred"), N_("need list|met"), N_("notes"), NULL };
	struct need_filter f = { 0 };
	struct need_ctx x = { NULL, 0, 0 };
	const char *kindv = NULL;
	struct opt opts[] = { { "status", &f.status, NULL },
		{ "kind", &kindv, NULL }, { "notes", NULL, &x.notes },
		{ NULL, NULL, NULL } };
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (f.status && !need_status_valid(f.status))
		return error("--status: \"%s\" is not identified, referred or met",
		    f.status);
	if ((kindv && need_kind_parse("--kind", kindv, &f.kind) < 0) ||
	    (npos == 1 && person_id(shg, pos[0], &f.person_id) < 0))
		return -1;
	x.csv = shg->csv;
	x.t = table_new(x.notes ? hdr_notes : hdr, shg->csv);
	if (need_each(shg->db, &f, need_row, &x) < 0) {
		table_free(x.t);
		return -1;
	}
	table_print(x.t, stdout);
	return 0;
}

static int
cmd_support_add(struct shg *shg, int argc, char **argv)
{
	const char *type = NULL, *datev = NULL, *valuev = NULL, *source = NULL;
	const char *notes = NULL;
	struct opt opts[] = { { "type", &type, NULL }, { "date", &datev, NULL },
		{ "value", &valuev, NULL }, { "source", &source, NULL },
		{ "notes", &notes, NULL }, { NULL, NULL, NULL } };
	struct support s = { 0 };
	char src[FUNDING_MAX], *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || !type || !valuev || !source)
		return cli_usage_error(shg, "give a case code, --type, --value "
		    "and --source");
	s.day = date_today();
	if (support_type_parse("--type", type, &s.type) < 0 ||
	    cli_date("--date", datev, &s.day) < 0 ||
	    cli_money("--value", valuev, &s.value) < 0 ||
	    funding_parse("--source", source, src, sizeof src) < 0 ||
	    person_id(shg, pos[0], &s.person_id) < 0)
		return -1;
	s.source = src;
	s.notes = notes;
	if (support_add(shg->db, &s) < 0)
		return -1;
	/* TRANSLATORS: %1$lld is the entry's number, %2$s a case code. */
	printf(_("added support #%1$lld for %2$s\n"), (long long)s.id, pos[0]);
	return 0;
}

struct support_ctx {
	struct table *t;
	int notes;
	int csv;                /* codes, not labels */
	int times;
	int64_t value;
	struct buf persons;     /* ",id,id," of the people counted */
};

static int
support_row(const struct support *s, void *arg)
{
	struct support_ctx *x = arg;
	char label[FUNDING_MAX + 8], key[32];

	table_cell(x->t, s->case_code);
	table_cell_date(x->t, s->day);
	table_cell(x->t, x->csv ? s->type : support_type_label(s->type));
	table_cell(x->t, x->csv ? s->source : funding_label(s->source, label,
	    sizeof label));
	table_cell_money(x->t, s->value);
	if (x->notes)
		table_cell(x->t, s->notes);
	x->times++;
	x->value += s->value;
	snprintf(key, sizeof key, ",%lld,", (long long)s->person_id);
	if (!strstr(x->persons.s, key))
		buf_addf(&x->persons, "%lld,", (long long)s->person_id);
	return 0;
}

/* The people in ",id,id,": one fewer than the commas. */
static int
count_persons(const struct buf *b)
{
	int n = -1;

	for (size_t i = 0; i < b->len; i++)
		n += b->s[i] == ',';
	return n;
}

/* Parse the list filters into f; src holds the parsed source. */
static int
support_filters(struct shg *shg, char *code, const char *from, const char *to,
    const char *type, const char *source, char *src, struct support_filter *f)
{
	f->from = f->to = DATE_NONE;
	if (cli_date("--from", from, &f->from) < 0 ||
	    cli_date("--to", to, &f->to) < 0)
		return -1;
	if (f->from != DATE_NONE && f->to != DATE_NONE && f->to < f->from)
		return error("--to: \"%s\" is before --from \"%s\"", to, from);
	if (type && support_type_parse("--type", type, &f->type) < 0)
		return -1;
	if (source && funding_parse("--source", source, src, FUNDING_MAX) < 0)
		return -1;
	f->source = source ? src : NULL;
	return code ? person_id(shg, code, &f->person_id) : 0;
}

static void
support_total_line(struct support_ctx *x)
{
	char money[40], times[64], persons[64];
	int np = count_persons(&x->persons);

	snprintf(times, sizeof times, ngettext("%d time", "%d times", x->times),
	    x->times);
	snprintf(persons, sizeof persons, ngettext("%d person", "%d persons",
	    np), np);
	/* TRANSLATORS: the total line of support list: "3 times", "2 persons"
	 * and the amount ("7.800.000 đ"). */
	printf(_("total: %1$s, %2$s, %3$s\n"), times, persons,
	    money_show(x->value, money, sizeof money));
}

static int
cmd_support_list(struct shg *shg, int argc, char **argv)
{
	static const char *const hdr[] = { N_("case"), N_("date"), N_("type"),
		N_("source"), N_(">value"), NULL };
	static const char *const hdr_notes[] = { N_("case"), N_("date"),
		N_("type"), N_("source"), N_(">value"), N_("notes"), NULL };
	const char *from = NULL, *to = NULL, *type = NULL, *source = NULL;
	struct support_ctx x = { 0 };
	struct support_filter f = { 0 };
	struct opt opts[] = { { "from", &from, NULL }, { "to", &to, NULL },
		{ "type", &type, NULL }, { "source", &source, NULL },
		{ "notes", NULL, &x.notes }, { NULL, NULL, NULL } };
	char src[FUNDING_MAX], *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (support_filters(shg, npos ? pos[0] : NULL, from, to, type, source,
	    src, &f) < 0)
		return -1;
	x.csv = shg->csv;
	buf_add(&x.persons, ",");
	x.t = table_new(x.notes ? hdr_notes : hdr, shg->csv);
	if (support_each(shg->db, &f, support_row, &x) < 0) {
		table_free(x.t);
		buf_free(&x.persons);
		return -1;
	}
	table_print(x.t, stdout);
	if (!shg->csv)
		support_total_line(&x);
	buf_free(&x.persons);
	return 0;
}

const struct cmd need_cmds[] = {
	{ "need add", cmd_need_add, CMD_WRITE, "CODE KIND [--date D] [--notes T]",
	  N_("Record a need of a person (status identified)\n"
	  "  KIND         medical, psychological, legal-aid, documents (identity\n"
	  "               papers), education, vocational, employment, capital,\n"
	  "               shelter\n"
	  "  --date D     the day it was identified (default today)\n"
	  "  --notes T    private notes") },
	{ "need set", cmd_need_set, CMD_WRITE,
	  "CODE KIND --status referred|met [--to ORG] [--date D]",
	  N_("Move a need on: referred to an organisation, or met\n"
	  "  --status referred --to ORG   referred to ORG\n"
	  "  --status met                 the need is met\n"
	  "  --date D                     the day (default today)") },
	{ "need list", cmd_need_list, CMD_DB,
	  "[CODE] [--status S] [--kind K] [--notes] [--csv]",
	  N_("List needs by case code (one person or everyone)\n"
	  "  --status S   identified, referred or met\n"
	  "  --kind K     one kind of need\n"
	  "  --notes      also show the private notes") },
	{ "support add", cmd_support_add, CMD_WRITE,
	  "CODE --type T --value AMOUNT --source S [--date D] [--notes T]",
	  N_("Record a support given to a person\n"
	  "  --type T       initial, medical, counselling, legal-aid, education,\n"
	  "                 vocational, job-placement, capital, health-insurance,\n"
	  "                 shelter, referral\n"
	  "  --value AMOUNT whole đồng (1500000 or 1.500.000; 0 for in-kind)\n"
	  "  --source S     state, wu (Women's Union), vbsp (Social Policy\n"
	  "                 Bank) or ngo:NAME; Vietnamese names are understood\n"
	  "  --date D       the day it was given (default today)\n"
	  "  --notes T      private notes\n"
	  "Livelihood capital given (not to be repaid) is type capital; capital\n"
	  "that is lent is a loan (loan disburse). The report's livelihood\n"
	  "capital section counts both.") },
	{ "support list", cmd_support_list, CMD_DB,
	  "[CODE] [--from D] [--to D] [--type T] [--source S] [--notes] [--csv]",
	  N_("List supports by case code with a total line (times, persons, đồng)\n"
	  "  --from D --to D   only supports given in these days (inclusive)\n"
	  "  --type T          one type; --source S one funding source\n"
	  "  --notes           also show the private notes\n"
	  "  --csv             rows only, without the total line") },
	{ NULL, NULL, 0, NULL, NULL },
};
