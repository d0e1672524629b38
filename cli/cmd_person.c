/*
 * person, need and support commands: the registry of people and what
 * they need and receive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/erase.h"
#include "core/i18n.h"
#include "core/funding.h"
#include "core/log.h"
#include "core/need.h"
#include "core/phone.h"
#include "core/person.h"
#include "core/support.h"
#include "core/table.h"
#include "core/text.h"
#include "core/util.h"
#include "core/visit.h"
#include "groups/grant.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "reports/privacy.h"

/* The options add and edit share; NULL members were not given. */
struct person_opts {
	const char *name, *gender, *born, *phone, *village, *commune;
	const char *district, *province, *category, *route, *returned;
	const char *guardian, *consent, *coding, *notes;
};

#define PERSON_OPTS(o) \
	{ "name", &(o).name, NULL }, { "gender", &(o).gender, NULL }, \
	{ "born", &(o).born, NULL }, { "phone", &(o).phone, NULL }, \
	{ "village", &(o).village, NULL }, { "commune", &(o).commune, NULL }, \
	{ "district", &(o).district, NULL }, \
	{ "province", &(o).province, NULL }, \
	{ "category", &(o).category, NULL }, { "route", &(o).route, NULL }, \
	{ "returned", &(o).returned, NULL }, \
	{ "guardian", &(o).guardian, NULL }, \
	{ "consent", &(o).consent, NULL }, { "coding", &(o).coding, NULL }, \
	{ "notes", &(o).notes, NULL }

/* Accept English and Vietnamese words for gender. */
static const char *
gender_word(const char *v)
{
	static const struct { const char *in, *out; } words[] = {
		{ "female", "female" }, { "f", "female" }, { "nu", "female" },
		{ "nữ", "female" }, { "male", "male" }, { "m", "male" },
		{ "nam", "male" }, { "other", "other" }, { "khac", "other" },
		{ "khác", "other" },
	};
	for (size_t i = 0; i < NELEM(words); i++)
		if (!strcasecmp(v, words[i].in))
			return words[i].out;
	return v;
}

static int
apply_guardian(struct shg *shg, struct person *p, const char *v)
{
	struct person g;

	if (!v)
		return 0;
	if (!*v) {
		p->guardian_id = 0;
		return 0;
	}
	if (person_get(shg->db, v, &g) < 0)
		return -1;
	p->guardian_id = g.id;
	person_free(&g);
	return 0;
}

/* Copy the given options onto p, checking the ones that need parsing. */
static int
apply_opts(struct shg *shg, struct person *p, const struct person_opts *o)
{
	if (o->gender)
		cli_set_str(&p->gender, gender_word(o->gender));
	cli_set_str(&p->full_name, o->name);
	cli_set_str(&p->village, o->village);
	cli_set_str(&p->commune, o->commune);
	cli_set_str(&p->district, o->district);
	cli_set_str(&p->province, o->province);
	cli_set_str(&p->category, o->category);
	cli_set_str(&p->route, o->route);
	cli_set_str(&p->sms_coding, o->coding);
	cli_set_str(&p->notes, o->notes);
	if (o->born && *o->born &&
	    cli_int("--born", o->born, 1900, 2200, &p->birth_year) < 0)
		return -1;
	if (o->born && !*o->born)
		p->birth_year = 0;
	if (cli_date("--returned", o->returned, &p->returned_on) < 0)
		return -1;
	if (o->consent) {
		int was = p->sms_consent;
		if (cli_yesno("--consent", o->consent, &p->sms_consent) < 0)
			return -1;
		if (was != p->sms_consent)
			p->consent_on = date_today();
	}
	return cli_set_phone("--phone", &p->phone, o->phone) < 0 ? -1 :
	    apply_guardian(shg, p, o->guardian);
}

static int
cmd_person_add(struct shg *shg, int argc, char **argv)
{
	struct person_opts o = { 0 };
	struct opt opts[] = { PERSON_OPTS(o), { NULL, NULL, NULL } };
	struct person p = { 0 };
	struct person_prefixes pp = { shg->conf.case_prefix,
		shg->conf.nprefixes, shg->conf.prefix_district,
		shg->conf.prefix_code };
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (!o.name || !o.gender || !o.category)
		return cli_usage_error(shg, "--name, --gender and --category are "
		    "needed");
	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	if (apply_opts(shg, &p, &o) < 0 ||
	    person_add_coded(shg->db, &p, &pp) < 0) {
		person_free(&p);
		return -1;
	}
	/* TRANSLATORS: %s is the new case code. */
	printf(_("added %s\n"), p.case_code);
	person_free(&p);
	return 0;
}

static int
cmd_person_edit(struct shg *shg, int argc, char **argv)
{
	struct person_opts o = { 0 };
	struct opt opts[] = { PERSON_OPTS(o), { NULL, NULL, NULL } };
	struct person p;
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which person? give a case code");
	if (person_get(shg->db, pos[0], &p) < 0)
		return -1;
	rc = apply_opts(shg, &p, &o);
	if (rc == 0)
		rc = person_update(shg->db, &p);
	if (rc == 0)
		printf(_("updated %s\n"), p.case_code);
	person_free(&p);
	return rc;
}

/* The label of a coded value (gender, route, status, ...) for reading:
 * "gender|female" -> "nữ"; an unknown code is shown as it is. */
static const char *
code_label(const char *const *table, const char *code)
{
	size_t n;

	if (!code)
		return NULL;
	n = strlen(code);
	for (; *table; table++) {
		const char *bar = strchr(*table, '|');
		if (bar && strlen(bar + 1) == n && !strcmp(bar + 1, code))
			return table_label(*table);
	}
	return code;
}

static const char *const gender_labels[] = {
	N_("gender|female"), N_("gender|male"), N_("gender|other"), NULL,
};
static const char *const status_labels[] = {
	N_("person status|active"), N_("person status|closed"), NULL,
};
static const char *const route_labels[] = {
	N_("route|labour-export"), N_("route|tourism"), N_("route|marriage"),
	N_("route|other"), NULL,
};
static const char *const reason_labels[] = {
	N_("close reason|moved"), N_("close reason|withdrew"),
	N_("close reason|deceased"), N_("close reason|other"), NULL,
};
/* The category in a list, where the long label would not fit:
 * "returned-self" -> "tự trở về" (in English the code). */
static const char *
category_short(const char *code)
{
	static const char *const labels[] = {
		N_("category|returned-official"), N_("category|returned-self"),
		N_("category|domestic-rescued"), N_("category|domestic-reported"),
		N_("category|foreign"), N_("category|suspected"),
		N_("category|at-risk"), NULL,
	};

	return code_label(labels, code);
}

static const char *const coding_labels[] = {
	N_("sms coding|keep"), N_("sms coding|strip"), N_("sms coding|auto"),
	NULL,
};

/* The lines of person show: a label and its value (NULL: not shown). */
struct show_line {
	const char *label;
	const char *value;
};

/* Labels padded to the widest one (at least 14 columns) by display
 * width, so that Vietnamese labels line up too. */
static void
show_lines(const struct show_line *l, size_t n)
{
	size_t width = 14, w;

	for (size_t i = 0; i < n; i++)
		if (!str_empty(l[i].value) && (w = text_width(l[i].label)) > width)
			width = w;
	for (size_t i = 0; i < n; i++) {
		if (str_empty(l[i].value))
			continue;
		fputs(l[i].label, stdout);
		for (w = text_width(l[i].label); w < width; w++)
			putchar(' ');
		printf(" %s\n", l[i].value);
	}
}

static const char *
day_text(int day, char *buf)
{
	return day == DATE_NONE ? NULL : date_show(day, buf);
}

static void
show_person(struct shg *shg, const struct person *p)
{
	char year[16], place[600], ret[16], cons[16], closed[16], guard[48] = "";
	struct person g;

	snprintf(year, sizeof year, "%d", p->birth_year);
	/* TRANSLATORS: village, commune, district, province of a person. */
	snprintf(place, sizeof place, _("%s, %s, %s, %s"),
	    p->village ? p->village : "-", p->commune ? p->commune : "-",
	    p->district ? p->district : "-", p->province ? p->province : "-");
	if (p->guardian_id && person_get_id(shg->db, p->guardian_id, &g) == 0) {
		snprintf(guard, sizeof guard, "%s", g.case_code);
		person_free(&g);
	}
	/* TRANSLATORS: the labels of "shg person show", one per line. */
	const struct show_line l[] = {
		{ _("case"), p->case_code },
		{ _("name"), p->full_name },
		{ _("gender"), code_label(gender_labels, p->gender) },
		{ _("born"), p->birth_year ? year : NULL },
		{ _("phone"), p->phone },
		{ _("place"), place },
		{ _("category"), person_category_label(p->category) },
		{ _("route"), code_label(route_labels, p->route) },
		{ _("returned"), day_text(p->returned_on, ret) },
		{ _("guardian"), guard },
		{ _("sms consent"), p->sms_consent ? _("yes") : _("no") },
		{ _("consent date"), day_text(p->consent_on, cons) },
		{ _("sms coding"), code_label(coding_labels, p->sms_coding) },
		{ _("status"), code_label(status_labels, p->status) },
		{ table_label(N_("date a record was closed|closed")),
		  day_text(p->closed_on, closed) },
		{ _("close reason"), code_label(reason_labels, p->close_reason) },
		{ _("notes"), p->notes },
	};

	show_lines(l, NELEM(l));
}

/*
 * The rest of "person show": the person's groups, needs, supports,
 * loans, grants and visits, a heading each and a line per record.
 */
static void
heading(const char *title, int n)
{
	printf("\n%s\n", title);
	if (!n)
		printf("  %s\n", _("none"));
}

static int
membership_line(const struct membership *m, void *arg)
{
	struct shg *shg = arg;
	struct group g;
	char from[16], to[16];
	int got = group_get_id(shg->db, m->group_id, &g) == 0;
	const char *name = got ? g.name : "?";

	if (m->left_on == DATE_NONE)
		/* TRANSLATORS: group name, role in it, date joined */
		printf(_("  %s: %s since %s\n"), name, group_role_label(m->role),
		    date_show(m->joined_on, from));
	else
		/* TRANSLATORS: group name, role in it, date joined, date left */
		printf(_("  %s: %s from %s to %s\n"), name,
		    group_role_label(m->role), date_show(m->joined_on, from),
		    date_show(m->left_on, to));
	if (got)
		group_free(&g);
	return 0;
}

static int
count_cb(const void *any, void *arg)
{
	(void)any;
	(*(int *)arg)++;
	return 0;
}

static int
count_memberships(const struct membership *m, void *arg)
{
	return count_cb(m, arg);
}

static int
need_line(const struct need *n, void *arg)
{
	char a[16], b[16];

	(void)arg;
	if (!strcmp(n->status, "referred"))
		/* TRANSLATORS: need, where it was referred, date referred, date
		 * identified */
		printf(_("  %s: referred to %s on %s (identified %s)\n"),
		    need_kind_label(n->kind), n->referred_to ? n->referred_to : "-",
		    date_show(n->referred_on, a), date_show(n->identified_on, b));
	else if (!strcmp(n->status, "met"))
		/* TRANSLATORS: need, date met, date identified */
		printf(_("  %s: met on %s (identified %s)\n"),
		    need_kind_label(n->kind), date_show(n->met_on, a),
		    date_show(n->identified_on, b));
	else
		/* TRANSLATORS: need, date identified */
		printf(_("  %s: identified %s\n"), need_kind_label(n->kind),
		    date_show(n->identified_on, a));
	return 0;
}

static int
count_needs(const struct need *n, void *arg)
{
	return count_cb(n, arg);
}

static int
support_line(const struct support *s, void *arg)
{
	char d[16], m[40], src[128];

	(void)arg;
	/* TRANSLATORS: date, kind of support, value, funding source */
	printf(_("  %s: %s, %s (%s)\n"), date_show(s->day, d),
	    support_type_label(s->type), money_show(s->value, m, sizeof m),
	    funding_label(s->source, src, sizeof src));
	return 0;
}

static int
count_supports(const struct support *s, void *arg)
{
	return count_cb(s, arg);
}

static void
show_loans(struct shg *shg, int64_t person_id)
{
	/* TRANSLATORS: states of a loan (as in "loan list") */
	static const char *const states[] = { N_("not disbursed"),
		N_("current"), N_("in arrears"), N_("repaid"), N_("rescheduled"),
		N_("written off") };
	int64_t *ids;
	int n;

	if (loan_ids_of_person(shg->db, person_id, &ids, &n) < 0)
		return;
	heading(_("loans"), n);
	for (int i = 0; i < n; i++) {
		struct loan l;
		struct loan_state st;
		char d[16], a[40], b[40], c[40];

		if (loan_get(shg->db, ids[i], &l) < 0)
			continue;
		if (loan_state_at(shg->db, ids[i], date_today(), &st) == 0)
			/* TRANSLATORS: loan number, principal, date disbursed,
			 * principal not yet repaid, principal and interest still to
			 * pay, state of the loan */
			printf(_("  L%lld: %s on %s; principal outstanding %s, "
			    "still to pay %s; %s\n"), (long long)l.id,
			    money_show(l.terms.principal, a, sizeof a),
			    date_show(l.terms.disbursed_day, d),
			    money_show(st.outstanding_principal, b, sizeof b),
			    money_show(st.outstanding, c, sizeof c),
			    _(states[st.status]));
		loan_free(&l);
	}
	free(ids);
}

static void
show_grants(struct shg *shg, int64_t person_id)
{
	int64_t *ids;
	int n;

	if (grant_ids_of_person(shg->db, person_id, &ids, &n) < 0)
		return;
	heading(_("grants"), n);
	for (int i = 0; i < n; i++) {
		struct grant g;
		char d[16], m[40], src[128];

		if (grant_get(shg->db, ids[i], &g) < 0)
			continue;
		/* TRANSLATORS: grant number, how many, kind of animal or goods
		 * (as in "grant list"), date given, value of one, source */
		printf(_("  G%lld: %d %s on %s, %s each (%s)\n"), (long long)g.id,
		    g.count, g.what ? g.what : _(g.kind), date_show(g.day, d),
		    money_show(g.unit_value, m, sizeof m),
		    funding_label(g.source, src, sizeof src));
		grant_free(&g);
	}
	free(ids);
}

#define SHOW_VISITS 3

static int
visit_line(const struct visit *v, void *arg)
{
	int *left = arg;
	char d[16];

	if (*left <= 0)
		return 1;
	(*left)--;
	/* TRANSLATORS: date, how the visit was made, the situation seen (as
	 * in "visit list"), who visited */
	printf(_("  %s: %s, %s (%s)\n"), date_show(v->day, d), _(v->kind),
	    _(v->situation), v->visitor ? v->visitor : "-");
	return 0;
}

static int
count_visits(const struct visit *v, void *arg)
{
	return count_cb(v, arg);
}

static void
show_visits(struct shg *shg, int64_t person_id)
{
	struct visit_plan plan = { .nsteps = 0 };
	int n = 0, left = SHOW_VISITS, due;
	char d[16];

	for (int i = 0; i < shg->conf.nvisit_plan && i < VISIT_MAX_STEPS; i++) {
		plan.steps[i].until_months = shg->conf.visit_plan[i].until_months;
		plan.steps[i].every_days = shg->conf.visit_plan[i].every_days;
		plan.nsteps++;
	}
	if (visit_each(shg->db, person_id, DATE_NONE, DATE_NONE, count_visits,
	    &n) < 0)
		return;
	/* TRANSLATORS: heading of the last few visits in "person show" */
	heading(_("visits (latest first)"), n);
	if (visit_each(shg->db, person_id, DATE_NONE, DATE_NONE, visit_line,
	    &left) < 0)
		return;
	if (n > SHOW_VISITS)
		printf(ngettext("  ... and %d earlier visit\n",
		    "  ... and %d earlier visits\n", n - SHOW_VISITS),
		    n - SHOW_VISITS);
	if (visit_next_of(shg->db, &plan, person_id, date_today(), &due) == 0 &&
	    due != DATE_NONE)
		printf(_("  next visit due %s\n"), date_show(due, d));
}

/* Every record of the person, by reference (a line each). */
static int
show_records(struct shg *shg, const struct person *p)
{
	struct need_filter nf = { p->id, NULL, NULL };
	struct support_filter sf = { p->id, DATE_NONE, DATE_NONE, NULL, NULL };
	int n = 0;

	if (group_person_each(shg->db, p->id, count_memberships, &n) < 0)
		return -1;
	heading(_("groups"), n);
	if (group_person_each(shg->db, p->id, membership_line, shg) < 0)
		return -1;
	n = 0;
	if (need_each(shg->db, &nf, count_needs, &n) < 0)
		return -1;
	heading(_("needs"), n);
	if (need_each(shg->db, &nf, need_line, NULL) < 0)
		return -1;
	n = 0;
	if (support_each(shg->db, &sf, count_supports, &n) < 0)
		return -1;
	heading(_("support received"), n);
	if (support_each(shg->db, &sf, support_line, NULL) < 0)
		return -1;
	show_loans(shg, p->id);
	show_grants(shg, p->id);
	show_visits(shg, p->id);
	return 0;
}

static int
cmd_person_show(struct shg *shg, int argc, char **argv)
{
	struct person p;
	char *pos[1];
	char day[16];
	int npos, rc, erased;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which person? give a case code");
	if (cli_names_allowed(shg) < 0 || person_view(shg->db, pos[0], &p) < 0)
		return -1;
	show_person(shg, &p);
	if (erase_day(shg->db, p.id, &erased) == 0 && erased != DATE_NONE)
		/* TRANSLATORS: person show, after an erasure; %s is a date. */
		printf(_("name, phone, notes and messages erased on %s\n"),
		    date_show(erased, day));
	rc = show_records(shg, &p);
	person_free(&p);
	return rc;
}

struct list_ctx {
	struct table *t;
	int names;
	int csv;                /* codes, not labels */
	int64_t *ids;           /* with names: the people shown, to audit */
	size_t nids, cap;
};

static int
list_row(const struct person *p, void *arg)
{
	struct list_ctx *x = arg;

	table_cell(x->t, p->case_code);
	if (x->names) {
		table_cell(x->t, p->full_name);
		table_cell(x->t, p->phone);
		if (x->nids == x->cap) {
			x->cap = x->cap ? 2 * x->cap : 64;
			x->ids = xrealloc(x->ids, x->cap * sizeof *x->ids);
		}
		x->ids[x->nids++] = p->id;
	}
	table_cell(x->t, x->csv ? p->gender : code_label(gender_labels,
	    p->gender));
	if (p->birth_year)
		table_cell_int(x->t, p->birth_year);
	else
		table_cell(x->t, "");
	table_cell(x->t, x->csv ? p->category : category_short(p->category));
	table_cell(x->t, p->commune);
	table_cell(x->t, p->district);
	table_cell(x->t, x->csv ? p->status : code_label(status_labels,
	    p->status));
	return 0;
}

static int
cmd_person_list(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: table headers; a leading '>' marks a right-aligned
	 * column and may be kept or dropped. */
	static const char *const hdr[] = { N_("case"), N_("gender"), N_(">born"),
		N_("category"), N_("commune"), N_("district"), N_("status"), NULL };
	static const char *const hdr_names[] = { N_("case"), N_("name"),
		N_("phone"), N_("gender"), N_(">born"), N_("category"),
		N_("commune"), N_("district"), N_("status"), NULL };
	struct person_filter f = { 0 };
	const char *status = "active";
	struct list_ctx x = { 0 };
	struct opt opts[] = { { "category", &f.category, NULL },
		{ "commune", &f.commune, NULL }, { "district", &f.district, NULL },
		{ "province", &f.province, NULL }, { "status", &status, NULL },
		{ "name", &f.name, NULL }, { "names", NULL, &x.names },
		{ NULL, NULL, NULL } };
	char *pos[1];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (strcmp(status, "active") && strcmp(status, "closed") &&
	    strcmp(status, "all"))
		return error("--status: \"%s\" is not active, closed or all", status);
	if (f.category && !person_category_label(f.category))
		return error("--category: \"%s\" is not a category (see shg person "
		    "add --help)", f.category);
	if (x.names && cli_names_allowed(shg) < 0)
		return -1;
	f.status = strcmp(status, "all") ? status : NULL;
	x.csv = shg->csv;
	x.t = table_new(x.names ? hdr_names : hdr, shg->csv);
	rc = person_each(shg->db, &f, list_row, &x);
	/* The names are printed only once their reading is on record. */
	if (rc == 0 && x.names)
		rc = audit_read(shg->db, x.ids, x.nids, "name,phone");
	free(x.ids);
	if (rc < 0) {
		table_free(x.t);
		return -1;
	}
	table_print(x.t, stdout);
	return 0;
}

static int
cmd_person_close(struct shg *shg, int argc, char **argv)
{
	const char *reason = NULL, *datev = NULL, *note = NULL;
	struct opt opts[] = { { "reason", &reason, NULL }, { "date", &datev, NULL },
		{ "note", &note, NULL }, { NULL, NULL, NULL } };
	struct person p;
	char *pos[1];
	int npos, rc, day = date_today();

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || !reason)
		return cli_usage_error(shg, "a case code and --reason are needed");
	if (cli_date("--date", datev, &day) < 0 || person_get(shg->db, pos[0], &p) < 0)
		return -1;
	rc = person_close(shg->db, p.id, day, reason, note);
	if (rc == 0)
		printf(_("closed %s\n"), p.case_code);
	person_free(&p);
	return rc;
}

static int
due_row(int64_t id, const char *code, int closed_on, void *arg)
{
	struct table *t = arg;

	(void)id;
	table_cell(t, code);
	table_cell_date(t, closed_on);
	return 0;
}

/* "person erase --due": who is due, for an administrator to erase. */
static int
erase_list_due(struct shg *shg)
{
	/* TRANSLATORS: headers of the people due for erasure. */
	static const char *const hdr[] = { N_("case"), N_("closed"), NULL };
	struct table *t;

	if (shg->conf.erase_after_years == 0) {
		puts(_("privacy.erase_after_years is 0: no one is due for erasure"));
		return 0;
	}
	t = table_new(hdr, shg->csv);
	if (privacy_due(shg->db, shg->conf.erase_after_years, due_row, t) < 0) {
		table_free(t);
		return -1;
	}
	table_print(t, stdout);
	return 0;
}

/* The case code typed back: 0 when it is code, else -1 saying why. */
static int
erase_confirm(const char *code)
{
	char line[128];

	/* TRANSLATORS: %s is a case code, which must be typed back. */
	printf(_("Erasing the name, phone, notes and messages of %s cannot be "
	    "undone.\nType the case code to confirm: "), code);
	fflush(stdout);
	if (!fgets(line, sizeof line, stdin) || strcmp(str_trim(line), code))
		return error("%s: not erased (the case code was not typed back)",
		    code);
	return 0;
}

static int
cmd_person_erase(struct shg *shg, int argc, char **argv)
{
	const char *reason = NULL;
	int due = 0, yes = 0, npos, rc;
	struct opt opts[] = { { "reason", &reason, NULL }, { "due", NULL, &due },
		{ "yes", NULL, &yes }, { NULL, NULL, NULL } };
	struct privacy_erased e;
	struct person p;
	char *pos[1];

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (due && npos == 0)
		return erase_list_due(shg);
	if (npos != 1 || due || str_empty(reason))
		return cli_usage_error(shg, "give a case code and --reason, or --due");
	if (person_get(shg->db, pos[0], &p) < 0)
		return -1;
	rc = yes ? 0 : erase_confirm(p.case_code);
	if (rc == 0)
		rc = privacy_erase(shg->db, p.case_code, reason, &e);
	if (rc == 0) {
		printf(ngettext("erased %s: name, phone, notes and %ld message "
		    "text\n", "erased %s: name, phone, notes and %ld message "
		    "texts\n", (unsigned long)e.texts), p.case_code, e.texts);
		if (!e.flushed)
			puts(_("note: the service still reads an older copy; the "
			    "erased text leaves the database file at its next "
			    "checkpoint"));
		puts(_("backups made before today still hold them until they are "
		    "rotated away"));
	}
	person_free(&p);
	return rc;
}

/* The help texts are whole messages: xgettext sees no macros, so the
 * option list of add and edit is written out in each. */
const struct cmd person_cmds[] = {
	{ "person add", cmd_person_add, CMD_WRITE,
	  "--name NAME --gender G --category C [options]",
	  N_("Register a person and print the new case code\n"
	  "  --name NAME        full name (kept private; reports use the case code)\n"
	  "  --gender G         female, male or other (nữ, nam)\n"
	  "  --born YEAR        year of birth\n"
	  "  --phone NUMBER     0912 345 678, +84..., old 11-digit numbers converted\n"
	  "  --village V --commune C --district D --province P\n"
	  "  --category C       returned-official, returned-self, domestic-rescued,\n"
	  "                     domestic-reported, foreign, suspected, at-risk\n"
	  "  --route R          for suspected: labour-export, tourism, marriage, other\n"
	  "  --returned DATE    date returned or identified (YYYY-MM-DD)\n"
	  "  --guardian CODE    for a minor: the person they came back with\n"
	  "  --consent yes|no   agrees to receive SMS\n"
	  "  --coding C         SMS text: keep, strip or auto diacritics\n"
	  "  --notes TEXT       private notes") },
	{ "person edit", cmd_person_edit, CMD_WRITE, "CODE [options]",
	  N_("Change some fields of a person (an empty value clears a field)\n"
	  "  --name NAME        full name (kept private; reports use the case code)\n"
	  "  --gender G         female, male or other (nữ, nam)\n"
	  "  --born YEAR        year of birth\n"
	  "  --phone NUMBER     0912 345 678, +84..., old 11-digit numbers converted\n"
	  "  --village V --commune C --district D --province P\n"
	  "  --category C       returned-official, returned-self, domestic-rescued,\n"
	  "                     domestic-reported, foreign, suspected, at-risk\n"
	  "  --route R          for suspected: labour-export, tourism, marriage, other\n"
	  "  --returned DATE    date returned or identified (YYYY-MM-DD)\n"
	  "  --guardian CODE    for a minor: the person they came back with\n"
	  "  --consent yes|no   agrees to receive SMS\n"
	  "  --coding C         SMS text: keep, strip or auto diacritics\n"
	  "  --notes TEXT       private notes") },
	{ "person show", cmd_person_show, CMD_DB, "CODE",
	  N_("Show everything about one person (includes the name)") },
	{ "person list", cmd_person_list, CMD_DB,
	  "[--category C] [--commune C] [--district D] [--province P] "
	  "[--status active|closed|all] [--name TEXT] [--names] [--csv]",
	  N_("List people by case code; names only with --names\n"
	  "  --name TEXT   find TEXT in names ignoring case and diacritics\n"
	  "  --names       also show names and phones") },
	{ "person close", cmd_person_close, CMD_WRITE,
	  "CODE --reason moved|withdrew|deceased|other [--date D] [--note T]",
	  N_("Mark a person inactive; nothing is deleted") },
	{ "person erase", cmd_person_erase, CMD_DB,
	  "CODE --reason TEXT [--yes] | --due",
	  N_("Erase a person's name, phone, notes and messages for good\n"
	  "The case code, category, dates and amounts stay, so reports do not\n"
	  "change. Asks to type the case code back unless --yes is given.\n"
	  "  --reason TEXT  why (kept in the audit trail)\n"
	  "  --yes          do not ask (for scripts)\n"
	  "  --due          list the people closed longer than\n"
	  "                 privacy.erase_after_years, to erase them") },
	{ NULL, NULL, 0, NULL, NULL },
};
