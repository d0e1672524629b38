/*
 * loan, grant and visit commands: livelihood support and follow-up.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/need.h"
#include "core/person.h"
#include "core/table.h"
#include "core/text.h"
#include "core/util.h"
#include "core/visit.h"
#include "groups/grant.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "reports/followlist.h"

#define PARSE(opts, pos, max, npos) do { \
	int rc_ = cli_parse(shg, argc, argv, opts, pos, max, npos); \
	if (rc_ != 0) \
		return rc_ == 1 ? 0 : rc_; \
} while (0)

static int
person_ref(struct shg *shg, const char *code, int64_t *id, char *case_code,
    size_t size)
{
	struct person p;

	if (person_get(shg->db, code, &p) < 0)
		return -1;
	*id = p.id;
	if (case_code)
		snprintf(case_code, size, "%s", p.case_code);
	person_free(&p);
	return 0;
}

static int
group_ref(struct shg *shg, const char *name, int64_t *id)
{
	struct group g;

	*id = 0;
	if (!name)
		return 0;
	if (group_get(shg->db, name, &g) < 0)
		return -1;
	*id = g.id;
	group_free(&g);
	return 0;
}

/* --- words and numbers as the user reads them --- */

/* Translate a NULL-terminated list of table headings into h (room for
 * as many entries as hdr, NULL included). A heading starting with '>'
 * is right-aligned: its translation keeps the '>' (an untranslated
 * heading is used when it does not). */
static const char **
headings(const char *const *hdr, const char **h)
{
	size_t i;

	for (i = 0; hdr[i]; i++) {
		/* gettext("") would be the catalogue's header */
		const char *s = *hdr[i] ? _(hdr[i]) : "";
		h[i] = (hdr[i][0] == '>') == (s[0] == '>') ? s : hdr[i];
	}
	h[i] = NULL;
	return h;
}

/* Text tables show dates and money in the user's language; CSV keeps ISO
 * dates and plain digits for scripts. */
static void
cell_date(struct table *t, int csv, int day)
{
	char d[16];

	if (csv || day == DATE_NONE)
		table_cell_date(t, day);
	else
		table_cell(t, date_show(day, d));
}

static void
cell_money(struct table *t, int csv, int64_t v)
{
	char m[40];

	if (csv)
		table_cell_money(t, v);
	else
		table_cell(t, money_show(v, m, sizeof m));
}

/* Money for text output; buf holds 40 bytes. */
static char *
fmt_money(int64_t v, char *buf)
{
	return money_show(v, buf, 40);
}

/* A code shown for reading: its label from a table of N_() codes (the
 * English label is the code itself), or the code when it is not there. */
static const char *
code_label(const char *const *codes, size_t n, const char *code)
{
	for (size_t i = 0; code && i < n; i++)
		if (!strcmp(codes[i], code))
			return _(codes[i]);
	return code ? code : "";
}

/* TRANSLATORS: the states of a loan (loan show, loan list) */
static const char *const loan_states[] = { N_("not disbursed"), N_("current"),
	N_("in arrears"), N_("repaid"), N_("rescheduled"), N_("written off") };
/* TRANSLATORS: how often a loan is repaid; "end": all at the end */
static const char *const loan_freqs[] = { N_("monthly"), N_("quarterly"),
	N_("end") };
/* TRANSLATORS: how interest is counted: on the declining balance or flat
 * on the first principal */
static const char *const loan_methods[] = { N_("declining"), N_("flat") };
/* TRANSLATORS: short names of the funding sources in tables (state
 * budget, Women's Union, Social Policy Bank) */
static const char *const source_codes[] = { N_("state"), N_("wu"),
	N_("vbsp") };
/* TRANSLATORS: kinds of in-kind grant */
static const char *const grant_kinds[] = { N_("sow"), N_("piglet"), N_("cow"),
	N_("buffalo"), N_("goat"), N_("chicken"), N_("duck"), N_("other") };
/* TRANSLATORS: what happened to a grant's animals or goods */
static const char *const grant_event_kinds[] = { N_("died"), N_("sold"),
	N_("born"), N_("vaccinated"), N_("lost"), N_("passed") };
/* TRANSLATORS: how a follow-up visit was made */
static const char *const visit_kinds[] = { N_("home"), N_("phone"),
	N_("meeting") };
/* TRANSLATORS: a person's situation seen on a follow-up visit */
static const char *const visit_situations[] = { N_("stable"),
	N_("needs-support"), N_("at-risk"), N_("not-reached") };

#define LABEL(tab, code) code_label(tab, NELEM(tab), code)

/* A funding source in full, for show. */
static const char *
source_long(const char *code, char *buf, size_t size)
{
	/* TRANSLATORS: funding sources in full */
	static const char *const names[][2] = {
		{ "state", N_("state budget") }, { "wu", N_("Women's Union") },
		{ "vbsp", N_("Social Policy Bank") } };

	for (size_t i = 0; code && i < NELEM(names); i++)
		if (!strcmp(names[i][0], code))
			return _(names[i][1]);
	if (code && !strncmp(code, "ngo:", 4) && code[4]) {
		/* TRANSLATORS: a non-governmental organisation by name */
		snprintf(buf, size, _("NGO %s"), code + 4);
		return buf;
	}
	return funding_label(code, buf, size);
}

/*
 * The head of a show command: "label   value" lines, the values in one
 * column as far right as the widest label needs (at least 15 columns).
 */
struct sheet {
	int n;
	const char *label[24];
	char *value[24];
};

static void sheet_add(struct sheet *s, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
sheet_add(struct sheet *s, const char *label, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	if (s->n == (int)NELEM(s->label))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	s->label[s->n] = label;
	s->value[s->n++] = xstrdup(buf);
}

static void
sheet_print(struct sheet *s)
{
	size_t col = 14;

	for (int i = 0; i < s->n; i++)
		if (text_width(s->label[i]) > col)
			col = text_width(s->label[i]);
	for (int i = 0; i < s->n; i++) {
		printf("%s%*s%s\n", s->label[i],
		    (int)(col + 1 - text_width(s->label[i])), "", s->value[i]);
		free(s->value[i]);
	}
	s->n = 0;
}

/* --- loans --- */

struct terms_opts {
	const char *rate, *term, *freq, *method, *grace, *date;
};

#define TERMS_OPTS(o) \
	{ "rate", &(o).rate, NULL }, { "term", &(o).term, NULL }, \
	{ "freq", &(o).freq, NULL }, { "method", &(o).method, NULL }, \
	{ "grace", &(o).grace, NULL }, { "date", &(o).date, NULL }

static int
parse_terms(const struct terms_opts *o, struct loancalc_terms *t)
{
	t->disbursed_day = date_today();
	if (o->rate && loancalc_parse_rate(o->rate, &t->rate_ppm, &t->rate_unit) < 0)
		return -1;
	if (cli_int("--term", o->term, 1, LOANCALC_TERM_MAX, &t->term_months) < 0 ||
	    cli_int("--grace", o->grace, 0, LOANCALC_TERM_MAX, &t->grace_months) < 0 ||
	    cli_date("--date", o->date, &t->disbursed_day) < 0)
		return -1;
	if (o->freq && loan_freq_parse("--freq", o->freq, &t->freq) < 0)
		return -1;
	if (o->method && loan_method_parse("--method", o->method, &t->method) < 0)
		return -1;
	return 0;
}

/* The interest convention of a new loan: --interest, else the
 * configuration's for its funding source (loans.interest_SOURCE). */
static int
interest_for(struct shg *shg, const char *opt, const char *src,
    enum loan_interest *out)
{
	const struct conf *c = &shg->conf;
	const char *v = !strncmp(src, "ngo:", 4) ? c->loan_interest_ngo :
	    str_eq(src, "vbsp") ? c->loan_interest_vbsp :
	    str_eq(src, "wu") ? c->loan_interest_wu : c->loan_interest_state;

	if (opt)
		return loan_interest_parse("--interest", opt, out);
	return loan_interest_parse("loans.interest", v ? v : "schedule", out);
}

static int
cmd_loan_disburse(struct shg *shg, int argc, char **argv)
{
	struct terms_opts o = { 0 };
	const char *principal = NULL, *source = NULL, *group = NULL, *purpose = NULL;
	const char *interest = NULL;
	struct opt opts[] = { TERMS_OPTS(o), { "principal", &principal, NULL },
		{ "source", &source, NULL }, { "group", &group, NULL },
		{ "purpose", &purpose, NULL }, { "interest", &interest, NULL },
		{ NULL, NULL, NULL } };
	struct loan l = { 0 };
	char *pos[1], m[40], src[FUNDING_MAX];
	int npos;

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || !principal || !o.rate || !o.term || !source)
		return cli_usage_error(shg, "a case code, --principal, --rate, --term "
		    "and --source are needed");
	l.source = src;
	l.purpose = (char *)purpose;
	if (funding_parse("--source", source, src, sizeof src) < 0 ||
	    interest_for(shg, interest, src, &l.interest) < 0 ||
	    cli_money("--principal", principal, &l.terms.principal) < 0 ||
	    parse_terms(&o, &l.terms) < 0 ||
	    person_ref(shg, pos[0], &l.person_id, NULL, 0) < 0 ||
	    group_ref(shg, group, &l.group_id) < 0 || loan_disburse(shg->db, &l) < 0)
		return -1;
	/* TRANSLATORS: %s is the amount, shown with "đ" in Vietnamese */
	printf(_("loan L%lld disbursed: %s\n"), (long long)l.id,
	    fmt_money(l.terms.principal, m));
	return 0;
}

static int
loan_ref(struct shg *shg, const char *s, struct loan *l)
{
	int64_t id;

	if (loan_parse_id(s, &id) < 0)
		return -1;
	return loan_get(shg->db, id, l);
}

static void
show_terms(struct shg *shg, struct sheet *sh, const struct loan *l)
{
	struct person p;
	struct group g;
	char m[40], r[32], d[16], lb[FUNDING_MAX + 8];
	int n = l->terms.term_months;

	sheet_add(sh, _("loan"), "L%lld", (long long)l->id);
	if (person_get_id(shg->db, l->person_id, &p) == 0) {
		sheet_add(sh, _("borrower"), "%s", p.case_code);
		person_free(&p);
	}
	if (l->group_id && group_get_id(shg->db, l->group_id, &g) == 0) {
		sheet_add(sh, _("group"), "%s", g.name);
		group_free(&g);
	}
	sheet_add(sh, _("source"), "%s", source_long(l->source, lb, sizeof lb));
	if (l->purpose)
		sheet_add(sh, _("purpose"), "%s", l->purpose);
	/* TRANSLATORS: an amount, shown with "đ" in Vietnamese */
	sheet_add(sh, _("principal"), "%s",
	    fmt_money(l->terms.principal, m));
	sheet_add(sh, _("rate"), "%s", loancalc_format_rate(l->terms.rate_ppm,
	    l->terms.rate_unit, r, sizeof r));
	/* TRANSLATORS: term in months, how often repaid, how interest is
	 * counted, months of grace */
	sheet_add(sh, _("terms"), ngettext("%d month, %s, %s, grace %d",
	    "%d months, %s, %s, grace %d", (unsigned long)n), n,
	    LABEL(loan_freqs, loan_freq_name(l->terms.freq)),
	    LABEL(loan_methods, loan_method_name(l->terms.method)),
	    l->terms.grace_months);
	/* TRANSLATORS: what paying off early costs in interest */
	sheet_add(sh, _("paid off early"), "%s", l->interest == LOAN_INTEREST_DAILY ?
	    _("interest by day: monthly rate × days / 30 (yearly rate ÷ 12), "
	    "rounded half up to whole đồng") :
	    _("all the scheduled interest"));
	sheet_add(sh, _("disbursed"), "%s", date_show(l->terms.disbursed_day, d));
	if (l->written_off_on != DATE_NONE)
		/* TRANSLATORS: date of the write-off (reason) */
		sheet_add(sh, _("written off"), _("%s (%s)"),
		    date_show(l->written_off_on, d),
		    l->writeoff_reason ? l->writeoff_reason : "");
}

static void
show_state(struct sheet *sh, const struct loan_state *s, int at, int64_t payoff)
{
	char m[40], d[16];
	const char *st = LABEL(loan_states, loan_status_name(s->status));

	if (s->status == LOAN_ARREARS)
		/* TRANSLATORS: loan state, days overdue, amount overdue (shown
		 * with "đ" in Vietnamese) */
		sheet_add(sh, _("status"), ngettext("%s, %d day, %s overdue",
		    "%s, %d days, %s overdue", (unsigned long)s->days_overdue),
		    st, s->days_overdue, fmt_money(s->overdue, m));
	else
		sheet_add(sh, _("status"), "%s", st);
	sheet_add(sh, _("paid"), "%s", fmt_money(s->paid, m));
	/* TRANSLATORS: principal not yet repaid ("dư nợ gốc") */
	sheet_add(sh, _("principal outstanding"), "%s",
	    fmt_money(s->outstanding_principal, m));
	/* TRANSLATORS: principal and scheduled interest not yet paid */
	sheet_add(sh, _("to repay (principal + interest)"), "%s",
	    fmt_money(s->outstanding, m));
	if (payoff != s->outstanding && s->status != LOAN_WRITTEN_OFF)
		/* TRANSLATORS: pays the loan off on the date: amount */
		sheet_add(sh, _("pays off"), _("on %s: %s"), date_show(at, d),
		    fmt_money(payoff, m));
	if (s->next_due_day != DATE_NONE)
		/* TRANSLATORS: due date: amount due */
		sheet_add(sh, _("next due"), _("%s: %s"),
		    date_show(s->next_due_day, d), fmt_money(s->next_due, m));
}

static const char *
inst_mark(const struct loan_inst *x, int at)
{
	int64_t left = x->principal + x->interest - x->principal_paid -
	    x->interest_paid;

	/* TRANSLATORS: the state of one installment of a loan schedule */
	if (left == 0)
		return x->principal + x->interest ? _("paid") : "";
	if (x->due_day < at)
		return _("overdue");
	return x->principal_paid + x->interest_paid ? _("part paid") : _("due");
}

static void
show_schedule(struct shg *shg, const struct loan_inst *in, int n, int at)
{
	/* TRANSLATORS: headings of a loan schedule: the schedule (1, or 2 after
	 * rescheduling), installment number, due date, amounts; a leading '>'
	 * right-aligns the column: keep it */
	static const char *const hdr[] = { N_(">plan"), N_(">no"), N_("due"),
		N_(">principal"), N_(">interest"), N_(">paid"), N_(">left"), "",
		NULL };
	const char *h[NELEM(hdr)];
	struct table *t = table_new(headings(hdr, h), shg->csv);

	for (int i = 0; i < n; i++) {
		const struct loan_inst *x = &in[i];
		table_cell_int(t, x->plan);
		table_cell_int(t, x->seq);
		cell_date(t, shg->csv, x->due_day);
		cell_money(t, shg->csv, x->principal);
		cell_money(t, shg->csv, x->interest);
		cell_money(t, shg->csv, x->principal_paid + x->interest_paid);
		cell_money(t, shg->csv, x->principal + x->interest -
		    x->principal_paid - x->interest_paid);
		table_cell(t, inst_mark(x, at));
	}
	table_print(t, stdout);
}

static void
show_pays(struct shg *shg, const struct loan_pay *p, int n)
{
	/* TRANSLATORS: headings of the repayments of a loan; keep the '>' */
	static const char *const hdr[] = { N_(">payment"), N_("date"),
		N_(">amount"), N_(">principal"), N_(">interest"), N_("note"), NULL };
	const char *h[NELEM(hdr)];
	struct table *t = table_new(headings(hdr, h), shg->csv);

	for (int i = 0; i < n; i++) {
		table_cellf(t, "%lld", (long long)p[i].id);
		cell_date(t, shg->csv, p[i].day);
		cell_money(t, shg->csv, p[i].amount);
		cell_money(t, shg->csv, p[i].principal);
		cell_money(t, shg->csv, p[i].interest);
		/* TRANSLATORS: a repayment entry that cancels entry %lld, or
		 * is cancelled by it */
		if (p[i].reverses)
			table_cellf(t, _("reverses %lld"), (long long)p[i].reverses);
		else if (p[i].reversed_by)
			table_cellf(t, _("reversed by %lld"),
			    (long long)p[i].reversed_by);
		else
			table_cell(t, p[i].note);
	}
	table_print(t, stdout);
}

static int
cmd_loan_show(struct shg *shg, int argc, char **argv)
{
	const char *atv = NULL;
	struct opt opts[] = { { "at", &atv, NULL }, { NULL, NULL, NULL } };
	struct loan l;
	struct loan_state s;
	struct loan_inst *in = NULL;
	struct loan_pay *p = NULL;
	char *pos[1];
	int npos, n = 0, np = 0, at = date_today(), rc;
	int64_t payoff = 0;

	PARSE(opts, pos, 1, &npos);
	if (npos != 1)
		return cli_usage_error(shg, "which loan? give its number");
	if (cli_date("--at", atv, &at) < 0 || loan_ref(shg, pos[0], &l) < 0)
		return -1;
	rc = loan_state_at(shg->db, l.id, at, &s);
	if (rc == 0)
		rc = loan_installments(shg->db, l.id, at, &in, &n);
	if (rc == 0)
		rc = loan_pays(shg->db, l.id, &p, &np);
	if (rc == 0)
		rc = loan_payoff(shg->db, l.id, at, &payoff);
	if (rc == 0 && !shg->csv) {
		struct sheet sh = { 0 };
		show_terms(shg, &sh, &l);
		show_state(&sh, &s, at, payoff);
		sheet_print(&sh);
		putchar('\n');
	}
	if (rc == 0)
		show_schedule(shg, in, n, at);
	if (rc == 0 && np && !shg->csv) {
		putchar('\n');
		show_pays(shg, p, np);
	}
	free(in);
	loan_pays_free(p, np);
	loan_free(&l);
	return rc;
}

struct list_ctx {
	struct shg *shg;
	struct table *t;
	int at;
	const char *status;
};

static int
list_row(const struct loan_item *l, void *arg)
{
	struct list_ctx *x = arg;
	struct loan_state s;
	int csv = x->shg->csv;

	if (loan_state_at(x->shg->db, l->id, x->at, &s) < 0)
		return -1;
	if (x->status && strcmp(x->status, loan_status_name(s.status)))
		return 0;
	table_cellf(x->t, "L%lld", (long long)l->id);
	table_cell(x->t, l->case_code);
	table_cell(x->t, l->group);
	table_cell(x->t, csv ? l->source : LABEL(source_codes, l->source));
	cell_date(x->t, csv, l->disbursed_day);
	cell_money(x->t, csv, l->principal);
	cell_money(x->t, csv, s.outstanding_principal);
	table_cell(x->t, csv ? loan_status_name(s.status) :
	    LABEL(loan_states, loan_status_name(s.status)));
	return 0;
}

static int
loan_status_arg(const char *v)
{
	static const char *const ok[] = { "current", "in arrears", "repaid",
		"rescheduled", "written off" };

	for (size_t i = 0; i < NELEM(ok); i++)
		if (!strcmp(v, ok[i]))
			return 0;
	return error("--status: \"%s\" is not current, \"in arrears\", repaid, "
	    "rescheduled or \"written off\"", v);
}

static int
cmd_loan_list(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headings of the list of loans; keep the '>' */
	static const char *const hdr[] = { N_("loan"), N_("case"), N_("group"),
		N_("source"), N_("disbursed"), N_(">principal"),
		N_(">principal outstanding"), N_("status"), NULL };
	const char *h[NELEM(hdr)];
	const char *who = NULL, *group = NULL, *atv = NULL;
	struct list_ctx x = { shg, NULL, date_today(), NULL };
	struct opt opts[] = { { "person", &who, NULL }, { "group", &group, NULL },
		{ "at", &atv, NULL }, { "status", &x.status, NULL },
		{ NULL, NULL, NULL } };
	int64_t pid = 0, gid = 0;
	char *pos[1];
	int npos;

	PARSE(opts, pos, 0, &npos);
	if (cli_date("--at", atv, &x.at) < 0 ||
	    (x.status && loan_status_arg(x.status) < 0) ||
	    (who && person_ref(shg, who, &pid, NULL, 0) < 0) ||
	    group_ref(shg, group, &gid) < 0)
		return -1;
	x.t = table_new(headings(hdr, h), shg->csv);
	/* each row's state needs its own queries: list is for browsing, the
	 * review is the whole-portfolio view */
	if (loan_list(shg->db, pid, gid, x.at, list_row, &x) != 0) {
		table_free(x.t);
		return -1;
	}
	table_print(x.t, stdout);
	return 0;
}

static int
cmd_loan_repay(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *note = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { "note", &note, NULL },
		{ NULL, NULL, NULL } };
	struct loan_state s;
	char *pos[2], m[40];
	int64_t id, amount, pay;
	int npos, day = date_today();

	PARSE(opts, pos, 2, &npos);
	if (npos != 2)
		return cli_usage_error(shg, "a loan number and an amount are needed");
	if (loan_parse_id(pos[0], &id) < 0 || cli_money("amount", pos[1], &amount) < 0 ||
	    cli_date("--date", datev, &day) < 0 ||
	    loan_repay(shg->db, id, amount, day, note, &pay) < 0 ||
	    loan_state_at(shg->db, id, LOAN_DAY_MAX, &s) < 0)
		return -1;
	/* TRANSLATORS: %s is the principal and interest still to pay, with
	 * "đ" in Vietnamese */
	printf(_("payment %lld recorded; to repay (principal + interest) %s\n"),
	    (long long)pay, fmt_money(s.outstanding, m));
	return 0;
}

static int
cmd_loan_reverse(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *note = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { "note", &note, NULL },
		{ NULL, NULL, NULL } };
	char *pos[1];
	int64_t id, rev;
	int npos, day = date_today();

	PARSE(opts, pos, 1, &npos);
	if (npos != 1)
		return cli_usage_error(shg, "which payment? give its number "
		    "(see loan show)");
	if (parse_int64(pos[0], 1, INT64_MAX, &id) < 0)
		return error("payment: \"%s\" is not a payment number", pos[0]);
	if (cli_date("--date", datev, &day) < 0 ||
	    loan_reverse(shg->db, id, day, note, &rev) < 0)
		return -1;
	printf(_("payment %lld reversed by entry %lld\n"), (long long)id,
	    (long long)rev);
	return 0;
}

static int
cmd_loan_reschedule(struct shg *shg, int argc, char **argv)
{
	struct terms_opts o = { 0 };
	const char *reason = NULL;
	struct opt opts[] = { TERMS_OPTS(o), { "reason", &reason, NULL },
		{ NULL, NULL, NULL } };
	struct loan l;
	char *pos[1];
	int npos, rc;

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || !o.term || !reason)
		return cli_usage_error(shg, "a loan number, --term and --reason are "
		    "needed");
	if (loan_ref(shg, pos[0], &l) < 0)
		return -1;
	/* rate, frequency and method not given are kept from the current
	 * plan; grace is none unless given */
	rc = loan_current_terms(shg->db, l.id, &l.terms);
	l.terms.grace_months = 0;
	if (rc == 0)
		rc = parse_terms(&o, &l.terms);
	if (rc == 0)
		rc = loan_reschedule(shg->db, l.id, &l.terms, reason);
	if (rc == 0)
		printf(ngettext("loan L%lld rescheduled over %d month\n",
		    "loan L%lld rescheduled over %d months\n",
		    (unsigned long)l.terms.term_months), (long long)l.id,
		    l.terms.term_months);
	loan_free(&l);
	return rc;
}

static int
cmd_loan_writeoff(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *reason = NULL;
	struct opt opts[] = { { "date", &datev, NULL }, { "reason", &reason, NULL },
		{ NULL, NULL, NULL } };
	char *pos[1];
	int64_t id;
	int npos, day = date_today();

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || !reason)
		return cli_usage_error(shg, "a loan number and --reason are needed");
	if (loan_parse_id(pos[0], &id) < 0 || cli_date("--date", datev, &day) < 0 ||
	    loan_writeoff(shg->db, id, day, reason) < 0)
		return -1;
	printf(_("loan L%lld written off\n"), (long long)id);
	return 0;
}

static void
review_arrears(struct shg *shg, const struct loan_arrear *a, int n)
{
	/* TRANSLATORS: headings of the loans in arrears: days overdue, amount
	 * overdue, principal outstanding, last repayment, last follow-up
	 * visit; keep the '>' */
	static const char *const hdr[] = { N_("loan"), N_("case"), N_("group"),
		N_("organiser"), N_(">days"), N_(">overdue"),
		N_(">principal outstanding"),
		N_("last paid"), N_("last visit"), NULL };
	const char *h[NELEM(hdr)];
	struct table *t = table_new(headings(hdr, h), shg->csv);

	for (int i = 0; i < n; i++) {
		table_cellf(t, "L%lld", (long long)a[i].loan_id);
		table_cell(t, a[i].case_code);
		table_cell(t, a[i].group_name);
		table_cell(t, a[i].organiser);
		table_cell_int(t, a[i].days_overdue);
		cell_money(t, shg->csv, a[i].overdue);
		cell_money(t, shg->csv, a[i].outstanding_principal);
		cell_date(t, shg->csv, a[i].last_paid_day);
		cell_date(t, shg->csv, a[i].last_visit_day);
	}
	table_print(t, stdout);
}

/* The area of the review; an empty option means any. */
struct area {
	const char *province, *district, *commune;
};

static int
review_slice(struct shg *shg, enum loan_slice by, const char *name, int at,
    int from, int to, const struct area *ar)
{
	/* TRANSLATORS: headings of the portfolio: loans outstanding, principal
	 * outstanding, principal at risk, portfolio at risk, due and repaid
	 * in the period, repayment rate; keep the '>' */
	const char *hdr[] = { name, N_(">loans"), N_(">principal outstanding"),
		N_(">at risk"), N_(">PAR30"), N_(">due"), N_(">repaid"), N_(">rate"),
		NULL };
	const char *h[NELEM(hdr)];
	struct loan_portfolio *p;
	struct table *t;
	char b[32];
	int n, csv = shg->csv;

	if (loan_portfolio_place(shg->db, by, at, from, to, ar->province,
	    ar->district, ar->commune, &p, &n) < 0)
		return -1;
	t = table_new(headings(hdr, h), csv);
	for (int i = 0; i < n; i++) {
		/* the slice loanreview.c names "all", and "(none)" for loans
		 * without a group, commune or source */
		if (by == LOAN_BY_ALL)
			table_cell(t, csv ? p[i].key : _("all"));
		else if (!csv && !strcmp(p[i].key, "(none)"))
			table_cell(t, _("(none)"));
		else if (!csv && by == LOAN_BY_SOURCE)
			table_cell(t, LABEL(source_codes, p[i].key));
		else
			table_cell(t, p[i].key);
		table_cell_int(t, p[i].loans);
		cell_money(t, csv, p[i].outstanding);
		cell_money(t, csv, p[i].at_risk);
		table_cell(t, percent_show(loan_par30_bp(&p[i]), b, sizeof b));
		cell_money(t, csv, p[i].due);
		cell_money(t, csv, p[i].repaid);
		table_cell(t, p[i].due ? percent_show(loan_rate_bp(&p[i]), b,
		    sizeof b) : "-");
	}
	table_print(t, stdout);
	loan_portfolio_free(p, n);
	return 0;
}

static int
review_by(const char *v, enum loan_slice *by, const char **name)
{
	/* TRANSLATORS: the first heading of the portfolio table: what it is
	 * split by */
	static const struct { const char *w; enum loan_slice by; } ws[] = {
		{ N_("all"), LOAN_BY_ALL }, { N_("group"), LOAN_BY_GROUP },
		{ N_("commune"), LOAN_BY_COMMUNE }, { N_("source"), LOAN_BY_SOURCE } };

	for (size_t i = 0; i < NELEM(ws); i++)
		if (!strcmp(v, ws[i].w)) {
			*by = ws[i].by;
			*name = ws[i].w;
			return 0;
		}
	return error("--by: \"%s\" is not all, group, commune or source", v);
}

static int
review_dates(const char *atv, const char *fromv, const char *tov, int *at,
    int *from, int *to)
{
	char a[16], b[16];

	*at = date_today();
	if (cli_date("--at", atv, at) < 0)
		return -1;
	*to = *at;
	if (cli_date("--to", tov, to) < 0)
		return -1;
	*from = *to - 29;
	if (cli_date("--from", fromv, from) < 0)
		return -1;
	if (*from > *to)
		return error("--from: %s is after --to %s", date_show(*from, a),
		    date_show(*to, b));
	return 0;
}

static const char *
area_opt(const char *v)
{
	return str_empty(v) ? NULL : v;
}

static int
cmd_loan_review(struct shg *shg, int argc, char **argv)
{
	const char *atv = NULL, *fromv = NULL, *tov = NULL, *byv = NULL;
	struct area ar = { NULL, NULL, NULL };
	struct opt opts[] = { { "at", &atv, NULL }, { "from", &fromv, NULL },
		{ "to", &tov, NULL }, { "by", &byv, NULL },
		{ "province", &ar.province, NULL },
		{ "district", &ar.district, NULL },
		{ "commune", &ar.commune, NULL }, { NULL, NULL, NULL } };
	enum loan_slice by = LOAN_BY_ALL;
	const char *byname = "all";
	struct loan_arrear *a;
	char *pos[1], d1[16], d2[16], d3[16];
	int npos, at, from, to, n;

	PARSE(opts, pos, 0, &npos);
	if (review_dates(atv, fromv, tov, &at, &from, &to) < 0 ||
	    (byv && review_by(byv, &by, &byname) < 0))
		return -1;
	ar.province = area_opt(ar.province);
	ar.district = area_opt(ar.district);
	ar.commune = area_opt(ar.commune);
	if (loan_arrears_place(shg->db, at, ar.province, ar.district,
	    ar.commune, &a, &n) < 0) {
		loan_arrears_free(a, n);
		return -1;
	}
	if (!shg->csv)
		printf(_("loans in arrears at %s: %d\n"), date_show(at, d1), n);
	review_arrears(shg, a, n);
	loan_arrears_free(a, n);
	if (shg->csv)
		return 0;
	/* TRANSLATORS: the portfolio on a date, the repayment rate over a
	 * period from a date to a date */
	printf(_("\nportfolio at %s, repayment %s to %s\n"), date_show(at, d1),
	    date_show(from, d2), date_show(to, d3));
	return review_slice(shg, by, byname, at, from, to, &ar);
}

/* --- grants --- */

static int
grant_obligation_opts(struct shg *shg, int64_t grant_id, const char *count,
    const char *by, const char *to)
{
	int n, day = DATE_NONE;
	int64_t pid = 0;

	if (!count && !by && !to)
		return 0;
	if (!count || !by)
		return cli_usage_error(shg, "--passon needs --passon-by (and "
		    "optionally --passon-to)");
	if (cli_int("--passon", count, 1, 100000, &n) < 0 ||
	    cli_date("--passon-by", by, &day) < 0 ||
	    (to && person_ref(shg, to, &pid, NULL, 0) < 0))
		return -1;
	return grant_oblige(shg->db, grant_id, n, day, pid);
}

static int
cmd_grant_give(struct shg *shg, int argc, char **argv)
{
	const char *kind = NULL, *count = NULL, *value = NULL, *datev = NULL;
	const char *source = NULL, *what = NULL, *notes = NULL, *pc = NULL;
	const char *pby = NULL, *pto = NULL;
	struct opt opts[] = { { "kind", &kind, NULL }, { "count", &count, NULL },
		{ "value", &value, NULL }, { "date", &datev, NULL },
		{ "source", &source, NULL }, { "what", &what, NULL },
		{ "notes", &notes, NULL }, { "passon", &pc, NULL },
		{ "passon-by", &pby, NULL }, { "passon-to", &pto, NULL },
		{ NULL, NULL, NULL } };
	struct grant g = { 0 };
	char *pos[1], src[FUNDING_MAX];
	int npos, rc;

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || !kind || !count || !value || !source)
		return cli_usage_error(shg, "a case code, --kind, --count, --value "
		    "and --source are needed");
	g.kind = (char *)kind;
	g.what = (char *)what;
	g.source = src;
	g.notes = (char *)notes;
	g.day = date_today();
	if (grant_kind_check("--kind", kind) < 0 ||
	    funding_parse("--source", source, src, sizeof src) < 0 ||
	    cli_int("--count", count, 1, 100000, &g.count) < 0 ||
	    cli_money("--value", value, &g.unit_value) < 0 ||
	    cli_date("--date", datev, &g.day) < 0 ||
	    person_ref(shg, pos[0], &g.person_id, NULL, 0) < 0 ||
	    grant_give(shg->db, &g) < 0)
		return -1;
	if ((rc = grant_obligation_opts(shg, g.id, pc, pby, pto)) != 0)
		return rc;
	printf(_("grant G%lld given\n"), (long long)g.id);
	return 0;
}

static int
cmd_grant_check(struct shg *shg, int argc, char **argv)
{
	const char *ev = NULL, *count = NULL, *datev = NULL, *cause = NULL;
	const char *price = NULL, *notes = NULL;
	struct opt opts[] = { { "event", &ev, NULL }, { "count", &count, NULL },
		{ "date", &datev, NULL }, { "cause", &cause, NULL },
		{ "price", &price, NULL }, { "notes", &notes, NULL },
		{ NULL, NULL, NULL } };
	struct grant_event e = { 0 };
	char *pos[1];
	int npos, herd;

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || !ev || !count)
		return cli_usage_error(shg, "a grant number, --event and --count are "
		    "needed");
	e.kind = (char *)ev;
	e.cause = (char *)cause;
	e.notes = (char *)notes;
	e.price = -1;
	e.day = date_today();
	if (grant_parse_id(pos[0], &e.grant_id) < 0 ||
	    cli_int("--count", count, 1, 100000, &e.count) < 0 ||
	    cli_date("--date", datev, &e.day) < 0 ||
	    cli_money("--price", price, &e.price) < 0 ||
	    grant_event_add(shg->db, &e) < 0 ||
	    grant_herd(shg->db, e.grant_id, date_today(), &herd) < 0)
		return -1;
	/* TRANSLATORS: grant, what happened (died, sold, born...), the herd
	 * after it */
	printf(_("grant G%lld: %s recorded; herd now %d\n"), (long long)e.grant_id,
	    LABEL(grant_event_kinds, ev), herd);
	return 0;
}

struct event_ctx {
	struct table *t;
	int csv;
};

static int
event_row(const struct grant_event *e, void *arg)
{
	struct event_ctx *x = arg;
	const char *note = e->cause ? e->cause : e->notes;
	long long to;

	cell_date(x->t, x->csv, e->day);
	table_cell(x->t, x->csv ? e->kind : LABEL(grant_event_kinds, e->kind));
	table_cell_int(x->t, e->count);
	if (e->price >= 0)
		cell_money(x->t, x->csv, e->price);
	else
		table_cell(x->t, "");
	/* grant.c notes a pass-on as "to grant N" */
	if (!x->csv && str_eq(e->kind, "passed") && note &&
	    sscanf(note, "to grant %lld", &to) == 1)
		/* TRANSLATORS: animals passed on to the grant G%lld */
		table_cellf(x->t, _("to grant G%lld"), to);
	else
		table_cell(x->t, note);
	return 0;
}

static void
show_grant_head(struct shg *shg, const struct grant *g, int herd)
{
	char m[40], d[16], code[40] = "", lb[FUNDING_MAX + 8];
	struct sheet sh = { 0 };
	struct person p;

	if (person_get_id(shg->db, g->person_id, &p) == 0) {
		snprintf(code, sizeof code, "%s", p.case_code);
		person_free(&p);
	}
	sheet_add(&sh, _("grant"), "G%lld", (long long)g->id);
	sheet_add(&sh, _("recipient"), "%s", code);
	sheet_add(&sh, _("kind"), "%s%s%s", LABEL(grant_kinds, g->kind),
	    g->what ? ": " : "", g->what ? g->what : "");
	/* TRANSLATORS: how many, date given, value of one (an amount, with
	 * "đ" in Vietnamese) */
	sheet_add(&sh, _("given"), _("%d on %s, %s each"), g->count,
	    date_show(g->day, d), fmt_money(g->unit_value, m));
	sheet_add(&sh, _("source"), "%s", source_long(g->source, lb, sizeof lb));
	if (g->parent_id)
		/* TRANSLATORS: the grant this one came from */
		sheet_add(&sh, _("passed on from"), "G%lld", (long long)g->parent_id);
	if (!str_empty(g->notes))
		sheet_add(&sh, _("notes"), "%s", g->notes);
	/* TRANSLATORS: how many animals the grant has today */
	sheet_add(&sh, _("herd now"), "%d", herd);
	sheet_print(&sh);
}

static int
cmd_grant_show(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headings of a grant's events: date, what happened,
	 * how many, price of a sale, cause of a death or notes; keep the '>' */
	static const char *const hdr[] = { N_("date"), N_("event"), N_(">count"),
		N_(">price"), N_("cause or notes"), NULL };
	const char *h[NELEM(hdr)];
	struct grant g;
	struct event_ctx x = { NULL, shg->csv };
	char *pos[1];
	int64_t id;
	int npos, herd, rc;

	PARSE(NULL, pos, 1, &npos);
	if (npos != 1)
		return cli_usage_error(shg, "which grant? give its number");
	if (grant_parse_id(pos[0], &id) < 0 || grant_get(shg->db, id, &g) < 0)
		return -1;
	rc = grant_herd(shg->db, id, date_today(), &herd);
	if (rc == 0 && !shg->csv) {
		show_grant_head(shg, &g, herd);
		putchar('\n');
	}
	x.t = table_new(headings(hdr, h), shg->csv);
	if (rc == 0)
		rc = grant_events(shg->db, id, event_row, &x);
	if (rc == 0)
		table_print(x.t, stdout);
	else
		table_free(x.t);
	grant_free(&g);
	return rc;
}

struct grant_list_ctx {
	struct table *t;
	int csv;
};

static int
grant_list_row(const struct grant_item *g, void *arg)
{
	struct grant_list_ctx *x = arg;
	struct table *t = x->t;

	table_cellf(t, "G%lld", (long long)g->id);
	table_cell(t, g->case_code);
	table_cell(t, x->csv ? g->kind : LABEL(grant_kinds, g->kind));
	table_cell_int(t, g->count);
	cell_money(t, x->csv, g->unit_value * g->count);
	cell_date(t, x->csv, g->day);
	table_cell(t, x->csv ? g->source : LABEL(source_codes, g->source));
	if (g->parent_id)
		table_cellf(t, "G%lld", (long long)g->parent_id);
	else
		table_cell(t, "");
	table_cell_int(t, g->herd);
	return 0;
}

static int
cmd_grant_list(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headings of the list of grants: how many given, their
	 * value, date given, the grant passed on from, the herd today; keep
	 * the '>' */
	static const char *const hdr[] = { N_("grant"), N_("case"), N_("kind"),
		N_(">count"), N_(">value"), N_("given"), N_("source"), N_("from"),
		N_(">herd"), NULL };
	const char *h[NELEM(hdr)];
	const char *who = NULL, *kind = NULL;
	struct opt opts[] = { { "person", &who, NULL }, { "kind", &kind, NULL },
		{ NULL, NULL, NULL } };
	struct grant_list_ctx x = { NULL, shg->csv };
	char *pos[1];
	int64_t pid = 0;
	int npos;

	PARSE(opts, pos, 0, &npos);
	if ((kind && grant_kind_check("--kind", kind) < 0) ||
	    (who && person_ref(shg, who, &pid, NULL, 0) < 0))
		return -1;
	x.t = table_new(headings(hdr, h), shg->csv);
	if (grant_list(shg->db, pid, kind, grant_list_row, &x) < 0) {
		table_free(x.t);
		return -1;
	}
	table_print(x.t, stdout);
	return 0;
}

static int
cmd_grant_obligations(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headings of the pass-on obligations: the member who
	 * owes offspring, the member they go to, how many owed and passed on,
	 * the date due, days late; keep the '>' */
	static const char *const hdr[] = { N_("grant"), N_("owes"), N_("to"),
		N_("kind"), N_(">owed"), N_(">passed"), N_("due"), N_(">days late"),
		NULL };
	const char *h[NELEM(hdr)];
	const char *atv = NULL;
	int all = 0;
	struct opt opts[] = { { "at", &atv, NULL }, { "all", NULL, &all },
		{ NULL, NULL, NULL } };
	struct grant_oblig *o;
	struct table *t;
	char *pos[1];
	int npos, n, at = date_today();

	PARSE(opts, pos, 0, &npos);
	if (cli_date("--at", atv, &at) < 0)
		return -1;
	if (grant_obligations(shg->db, at, !all, &o, &n) < 0) {
		free(o);
		return -1;
	}
	t = table_new(headings(hdr, h), shg->csv);
	for (int i = 0; i < n; i++) {
		table_cellf(t, "G%lld", (long long)o[i].grant_id);
		table_cell(t, o[i].owes_code);
		/* TRANSLATORS: the member who receives the offspring is not
		 * chosen yet */
		table_cell(t, o[i].to_code[0] ? o[i].to_code :
		    shg->csv ? "" : _("(not chosen)"));
		table_cell(t, shg->csv ? o[i].kind : LABEL(grant_kinds, o[i].kind));
		table_cell_int(t, o[i].count);
		table_cell_int(t, o[i].passed);
		cell_date(t, shg->csv, o[i].due_day);
		if (o[i].days_late > 0)
			table_cell_int(t, o[i].days_late);
		else
			table_cell(t, "");
	}
	table_print(t, stdout);
	free(o);
	return 0;
}

static int
cmd_grant_passon(struct shg *shg, int argc, char **argv)
{
	const char *to = NULL, *count = NULL, *datev = NULL, *kind = NULL;
	const char *value = NULL;
	struct opt opts[] = { { "to", &to, NULL }, { "count", &count, NULL },
		{ "date", &datev, NULL }, { "kind", &kind, NULL },
		{ "value", &value, NULL }, { NULL, NULL, NULL } };
	char *pos[1];
	int64_t gid, pid, val = -1, nid;
	int npos, n, day = date_today();

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || !to || !count)
		return cli_usage_error(shg, "a grant number, --to and --count are "
		    "needed");
	if (grant_parse_id(pos[0], &gid) < 0 ||
	    cli_int("--count", count, 1, 100000, &n) < 0 ||
	    cli_date("--date", datev, &day) < 0 ||
	    cli_money("--value", value, &val) < 0 ||
	    (kind && grant_kind_check("--kind", kind) < 0) ||
	    person_ref(shg, to, &pid, NULL, 0) < 0 ||
	    grant_passon(shg->db, gid, pid, n, day, kind, val, &nid) < 0)
		return -1;
	printf(_("passed on: grant G%lld given from G%lld\n"), (long long)nid,
	    (long long)gid);
	return 0;
}

/* --- visits --- */

static int
cmd_visit_log(struct shg *shg, int argc, char **argv)
{
	const char *datev = NULL, *nextv = NULL;
	struct visit v = { 0 };
	struct opt opts[] = { { "date", &datev, NULL },
		{ "visitor", (const char **)&v.visitor, NULL },
		{ "kind", (const char **)&v.kind, NULL },
		{ "situation", (const char **)&v.situation, NULL },
		{ "needs", (const char **)&v.needs, NULL },
		{ "notes", (const char **)&v.notes, NULL }, { "next", &nextv, NULL },
		{ NULL, NULL, NULL } };
	const char *norm;
	char *pos[1];
	int npos;

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || !v.visitor || !v.kind || !v.situation)
		return cli_usage_error(shg, "a case code, --visitor, --kind and "
		    "--situation are needed");
	v.day = date_today();
	v.next_day = DATE_NONE;
	if (visit_kind_check("--kind", v.kind) < 0 ||
	    visit_situation_check("--situation", v.situation, &norm) < 0 ||
	    cli_date("--date", datev, &v.day) < 0 ||
	    cli_date("--next", nextv, &v.next_day) < 0 ||
	    person_ref(shg, pos[0], &v.person_id, NULL, 0) < 0 ||
	    visit_log(shg->db, &v) < 0)
		return -1;
	printf(_("visit %lld logged\n"), (long long)v.id);
	return 0;
}

/* The needs found on a visit ("medical,shelter") as labels, comma
 * separated. */
static const char *
need_labels(const char *codes, char *buf, size_t size)
{
	char *list, *save = NULL, *code;
	size_t len = 0;

	buf[0] = '\0';
	if (!codes)
		return buf;
	list = xstrdup(codes);
	for (code = strtok_r(list, ",", &save); code && len < size;
	    code = strtok_r(NULL, ",", &save)) {
		const char *l = need_kind_label(code);
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
		    len ? ", " : "", l ? _(l) : code);
	}
	free(list);
	return buf;
}

struct visit_ctx {
	struct shg *shg;
	struct table *t;
};

static int
visit_row(const struct visit *v, void *arg)
{
	struct visit_ctx *x = arg;
	struct person p;

	int csv = x->shg->csv;
	char needs[512];

	cell_date(x->t, csv, v->day);
	if (person_get_id(x->shg->db, v->person_id, &p) == 0) {
		table_cell(x->t, p.case_code);
		person_free(&p);
	} else {
		table_cell(x->t, "?");
	}
	table_cell(x->t, v->visitor);
	table_cell(x->t, csv ? v->kind : LABEL(visit_kinds, v->kind));
	table_cell(x->t, csv ? v->situation :
	    LABEL(visit_situations, v->situation));
	table_cell(x->t, csv ? v->needs : need_labels(v->needs, needs,
	    sizeof needs));
	cell_date(x->t, csv, v->next_day);
	return 0;
}

static int
cmd_visit_list(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: headings of the list of follow-up visits: who visited,
	 * how (home, phone, meeting), the person's situation, needs found,
	 * date agreed for the next visit */
	static const char *const hdr[] = { N_("date"), N_("case"), N_("visitor"),
		N_("kind"), N_("situation"), N_("needs"), N_("next"), NULL };
	const char *h[NELEM(hdr)];
	const char *fromv = NULL, *tov = NULL;
	struct opt opts[] = { { "from", &fromv, NULL }, { "to", &tov, NULL },
		{ NULL, NULL, NULL } };
	struct visit_ctx x = { shg, NULL };
	char *pos[1];
	int64_t pid = 0;
	int npos, from = DATE_NONE, to = DATE_NONE;

	PARSE(opts, pos, 1, &npos);
	if (cli_date("--from", fromv, &from) < 0 || cli_date("--to", tov, &to) < 0 ||
	    (npos == 1 && person_ref(shg, pos[0], &pid, NULL, 0) < 0))
		return -1;
	x.t = table_new(headings(hdr, h), shg->csv);
	if (visit_each(shg->db, pid, from, to, visit_row, &x) < 0) {
		table_free(x.t);
		return -1;
	}
	table_print(x.t, stdout);
	return 0;
}

static void
plan_from_conf(const struct conf *c, struct visit_plan *p)
{
	p->nsteps = 0;
	for (int i = 0; i < c->nvisit_plan && i < VISIT_MAX_STEPS; i++) {
		p->steps[i].until_months = c->visit_plan[i].until_months;
		p->steps[i].every_days = c->visit_plan[i].every_days;
		p->nsteps++;
	}
}

static void
due_table(struct shg *shg, const struct visit_due *d, int n)
{
	/* TRANSLATORS: headings of the visits due: last visit, date the next
	 * is due, days late; keep the '>' */
	static const char *const hdr[] = { N_("case"), N_("organiser"),
		N_("last visit"), N_("due"), N_(">days late"), NULL };
	const char *h[NELEM(hdr)];
	struct table *t = table_new(headings(hdr, h), shg->csv);

	for (int i = 0; i < n; i++) {
		table_cell(t, d[i].case_code);
		table_cell(t, d[i].organiser);
		cell_date(t, shg->csv, d[i].last_day);
		cell_date(t, shg->csv, d[i].due_day);
		if (d[i].days_late > 0)
			table_cell_int(t, d[i].days_late);
		else
			table_cell(t, "");
	}
	table_print(t, stdout);
}

static int
cmd_visit_due(struct shg *shg, int argc, char **argv)
{
	const char *org = NULL, *atv = NULL, *daysv = NULL;
	struct opt opts[] = { { "organiser", &org, NULL }, { "at", &atv, NULL },
		{ "days", &daysv, NULL }, { NULL, NULL, NULL } };
	struct visit_plan plan;
	struct visit_due *d;
	char *pos[1];
	int npos, n, at = date_today(), days = 14;

	PARSE(opts, pos, 0, &npos);
	if (cli_date("--at", atv, &at) < 0 ||
	    cli_int("--days", daysv, 0, 366, &days) < 0)
		return -1;
	plan_from_conf(&shg->conf, &plan);
	if (followlist_visits_due(shg->db, &plan, org, at, days, &d, &n) < 0)
		return -1;
	due_table(shg, d, n);
	visit_due_free(d, n);
	return 0;
}

static int
cmd_visit_plan(struct shg *shg, int argc, char **argv)
{
	const char *every = NULL, *untilv = NULL;
	int dflt = 0;
	struct opt opts[] = { { "every", &every, NULL }, { "until", &untilv, NULL },
		{ "default", NULL, &dflt }, { NULL, NULL, NULL } };
	char *pos[1];
	int64_t pid;
	int npos, days = 0, until = DATE_NONE;

	PARSE(opts, pos, 1, &npos);
	if (npos != 1 || (!every == !dflt))
		return cli_usage_error(shg, "a case code and either --every DAYS or "
		    "--default are needed");
	if (cli_int("--every", every, 1, 3650, &days) < 0 ||
	    cli_date("--until", untilv, &until) < 0 ||
	    person_ref(shg, pos[0], &pid, NULL, 0) < 0)
		return -1;
	if (dflt ? visit_plan_clear(shg->db, pid) :
	    visit_plan_set(shg->db, pid, days, until))
		return -1;
	if (dflt)
		printf(_("visit plan back to the default\n"));
	else
		printf(_("visit plan set\n"));
	return 0;
}

const struct cmd loan_cmds[] = {
	{ "loan disburse", cmd_loan_disburse, CMD_WRITE,
	  "CODE --principal AMOUNT --rate R --term N --source S [options]",
	  N_("Disburse a loan and store its repayment schedule\n"
	  "  --principal A  whole đồng (10000000 or 10.000.000)\n"
	  "  --rate R       as the lender quotes it: 0.65%/month, 7.8%/năm, 0,5%/tháng\n"
	  "  --term N       months\n"
	  "  --freq F       monthly (default), quarterly or end (all at the end)\n"
	  "  --method M     declining (balance, default) or flat\n"
	  "  --grace N      months with interest only\n"
	  "  --source S     vbsp (Social Policy Bank, nhcsxh), wu (Women's Union,\n"
	  "                 hội phụ nữ), state (ngân sách) or ngo:NAME\n"
	  "  --group NAME   the borrower's self-help group\n"
	  "  --purpose T    what the money is for\n"
	  "  --date D       disbursal date (default today)\n"
	  "  --interest I   on a pay-off before the end: daily (the interest\n"
	  "                 already due, and for the running period monthly rate\n"
	  "                 × days the principal was out / 30) or schedule (all\n"
	  "                 the scheduled interest). Default: loans.interest_SOURCE\n"
	  "                 in shg.conf (vbsp: daily, others: schedule)\n"
	  "Conventions: a yearly rate is charged as rate ÷ 12 per month; each\n"
	  "installment's interest and the interest by day are rounded half up to\n"
	  "whole đồng; a month of a schedule is a calendar month, a month of\n"
	  "interest by day is 30 days.") },
	{ "loan show", cmd_loan_show, CMD_DB, "L [--at DATE]",
	  N_("Show a loan: terms, status, schedule with what is paid and due, "
	  "payments\n  --at DATE  the state as it was on DATE") },
	{ "loan list", cmd_loan_list, CMD_DB,
	  "[--person CODE] [--group NAME] [--status S] [--at DATE] [--csv]",
	  N_("List loans with their status\n"
	  "  --status S  current, \"in arrears\", repaid, rescheduled or "
	  "\"written off\"") },
	{ "loan repay", cmd_loan_repay, CMD_WRITE, "L AMOUNT [--date D] [--note T]",
	  N_("Record a repayment of a loan\n"
	  "It pays the oldest installment first, interest before principal;\n"
	  "more than is still owed is refused.") },
	{ "loan reverse", cmd_loan_reverse, CMD_WRITE,
	  "PAYMENT [--date D] [--note T]",
	  N_("Reverse a wrong repayment entry (kept in the history, never deleted)") },
	{ "loan reschedule", cmd_loan_reschedule, CMD_WRITE,
	  "L --term N --reason T [--rate R] [--freq F] [--method M] [--grace N] "
	  "[--date D]",
	  N_("Spread the outstanding principal over a new schedule\n"
	  "Interest already due stays owed; the old schedule is kept.\n"
	  "  --rate R       as the lender quotes it: 0.65%/month, 7.8%/năm, 0,5%/tháng\n"
	  "  --term N       months\n"
	  "  --freq F       monthly, quarterly or end (all at the end)\n"
	  "  --method M     declining (balance) or flat\n"
	  "  --grace N      months with interest only (default none)\n"
	  "  --date D       day of the new agreement (default today)\n"
	  "Rate, frequency and method not given stay as the loan has them now.") },
	{ "loan writeoff", cmd_loan_writeoff, CMD_WRITE, "L --reason T [--date D]",
	  N_("Write off what is left of a loan") },
	{ "loan review", cmd_loan_review, CMD_DB,
	  "[--at DATE] [--from D] [--to D] [--by all|group|commune|source] "
	  "[--province P] [--district X] [--commune C] [--csv]",
	  N_("Loans in arrears (most overdue first), portfolio at risk and repayment rate\n"
	  "  --at DATE      the date the portfolio is taken at (default today)\n"
	  "  --from/--to    the repayment-rate period (default the 30 days to --at)\n"
	  "  --by X         split the portfolio by all, group, commune or source\n"
	  "  --province P, --district X, --commune C\n"
	  "                 only borrowers living in that place\n"
	  "  --csv          the arrears table only, as CSV\n"
	  "Arrears: an installment not fully paid after its due day; days are\n"
	  "counted from the oldest unpaid installment. Borrowers are shown by case\n"
	  "code. PAR30 = principal outstanding of loans with an installment more\n"
	  "than 30 days late / all principal outstanding (written-off loans are\n"
	  "out of both). Repayment rate = of the principal and interest that fell\n"
	  "due from --from to --to, the part paid by --to / all of it.") },
	{ "grant give", cmd_grant_give, CMD_WRITE,
	  "CODE --kind K --count N --value V --source S [options]",
	  N_("Record an in-kind grant (livestock or goods)\n"
	  "  --kind K       sow, piglet, cow, buffalo, goat, chicken, duck, other\n"
	  "  --count N      head or units; --value V: đồng per head or unit\n"
	  "  --source S     vbsp, wu, state or ngo:NAME; --what T for other goods\n"
	  "  --date D       default today\n"
	  "  --passon N --passon-by DATE [--passon-to CODE]\n"
	  "                 the recipient owes N offspring by DATE (to CODE, or\n"
	  "                 to a member chosen later)") },
	{ "grant check", cmd_grant_check, CMD_WRITE,
	  "G --event E --count N [--date D] [--cause T] [--price V] [--notes T]",
	  N_("Record what happened to a grant's animals or goods\n"
	  "Events: died (--cause), sold (--price, total), born, vaccinated or\n"
	  "lost. The herd is worked out from these events; an event that would\n"
	  "leave fewer than none is refused.") },
	{ "grant show", cmd_grant_show, CMD_DB, "G",
	  N_("Show a grant, its current herd and its events") },
	{ "grant list", cmd_grant_list, CMD_DB, "[--person CODE] [--kind K] [--csv]",
	  N_("List grants with their current herd") },
	{ "grant obligations", cmd_grant_obligations, CMD_DB, "[--at DATE] [--all]",
	  N_("Pass-on obligations still owed (--all: also those fulfilled), with "
	  "days late") },
	{ "grant passon", cmd_grant_passon, CMD_WRITE,
	  "G --to CODE --count N [--date D] [--kind K] [--value V]",
	  N_("Record a pass-on: creates the next member's grant, linked to G\n"
	  "  --kind K   default piglet for a sow, else the same kind\n"
	  "  --value V  đồng per head (default G's)") },
	{ "visit log", cmd_visit_log, CMD_WRITE,
	  "CODE --visitor NAME --kind K --situation S [options]",
	  N_("Log a follow-up visit\n"
	  "  --kind K        home, phone or meeting\n"
	  "  --situation S   stable, needs-support, at-risk or not-reached\n"
	  "  --needs A,B     needs found: medical, psychological, legal-aid,\n"
	  "                  documents, education, vocational, employment,\n"
	  "                  capital, shelter (added to the needs assessment)\n"
	  "  --notes T       private notes; --date D (default today)\n"
	  "  --next D        date agreed for the next visit") },
	{ "visit list", cmd_visit_list, CMD_DB, "[CODE] [--from D] [--to D] [--csv]",
	  N_("List visits, newest first") },
	{ "visit due", cmd_visit_due, CMD_DB,
	  "[--organiser NAME] [--at DATE] [--days N] [--csv]",
	  N_("Visits overdue or due within N days (default 14), most overdue first\n"
	  "  --organiser NAME  only members of groups this organiser runs\n"
	  "Plan: visits.plan in shg.conf (every N days until M months after\n"
	  "return), or the person's own plan (shg visit plan)") },
	{ "visit plan", cmd_visit_plan, CMD_WRITE,
	  "CODE --every DAYS [--until DATE] | CODE --default",
	  N_("Set how often one person is visited, or go back to the default plan") },
	{ NULL, NULL, 0, NULL, NULL },
};
