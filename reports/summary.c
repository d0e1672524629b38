/*
 * summary.c - the figures of the coordinator's summary report, and its
 * text and CSV output. See summary.h.
 *
 * Every query binds the same first parameters: ?1 province, ?2 district,
 * ?3 commune (NULL: any), ?4 from, ?5 to. The place applies to people
 * (and through them to support, loans, grants, visits and SMS) and to
 * groups.
 */
#include "reports/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/support.h"
#include "core/util.h"
#include "groups/loan.h"
#include "groups/meeting.h"
#include "reports/summary_int.h"

sqlite3_stmt *
summary_query(struct db *db, const struct summary *s, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st || db_bind(db, st, "tttDD", s->place.province,
	    s->place.district, s->place.commune, s->from, s->to) < 0)
		return NULL;
	return st;
}

int
summary_place_given(const struct summary *s)
{
	return s->place.province || s->place.district || s->place.commune;
}

struct summary_section *
summary_sec_add(struct summary *s, const char *name, const char *title,
    const char *item_head, const struct summary_col *cols, int ncols)
{
	struct summary_section *sec;

	s->sec = xrealloc(s->sec, (size_t)(s->nsec + 1) * sizeof *s->sec);
	sec = &s->sec[s->nsec++];
	memset(sec, 0, sizeof *sec);
	sec->name = name;
	sec->title = title;
	sec->item_head = item_head;
	sec->cols = cols;
	sec->ncols = ncols;
	return sec;
}

struct summary_row *
summary_row_add(struct summary_section *sec, const char *item,
    enum summary_unit unit)
{
	struct summary_row *r;

	if (sec->nrows == sec->cap) {
		sec->cap = sec->cap ? sec->cap * 2 : 8;
		sec->rows = xrealloc(sec->rows, (size_t)sec->cap * sizeof *sec->rows);
	}
	r = &sec->rows[sec->nrows++];
	memset(r, 0, sizeof *r);
	r->item = xstrdup(item);
	r->unit = unit;
	return r;
}

/* Give row r the label shown for it, when the report is in Vietnamese
 * (English keeps showing the item, as scripts and tests read it). */
void
summary_row_label(struct summary_row *r, const char *label)
{
	if (!i18n_vi() || !label)
		return;
	free(r->label);
	r->label = xstrdup(label);
}

const char *
summary_item_show(const struct summary_row *row)
{
	return row->label ? row->label : _(row->item);
}

const char *
summary_col_show(const struct summary_col *col)
{
	return i18n_vi() && col->label ? _(col->label) : _(col->name);
}

/* A one-value row of a "figure / value" section. */
struct summary_row *
summary_figure(struct summary_section *sec, const char *item,
    enum summary_unit unit, int64_t v)
{
	struct summary_row *r = summary_row_add(sec, item, unit);

	r->v[0] = v;
	return r;
}

static struct summary_row *
row_find(const struct summary_section *sec, const char *item)
{
	for (int i = 0; i < sec->nrows; i++)
		if (!strcmp(sec->rows[i].item, item))
			return &sec->rows[i];
	return NULL;
}

const struct summary_col summary_value_col[] = {
	{ N_("value"), SUMMARY_ROW, NULL },
};

/* People by category: received = returned in the period; in follow-up =
 * returned (or with no return date) by the end and not closed by then. */
static const char people_sql[] =
    "SELECT category, sum(returned_on BETWEEN ?4 AND ?5), "
    "sum((returned_on IS NULL OR returned_on <= ?5) AND "
    "(status = 'active' OR closed_on > ?5)) "
    "FROM person pe WHERE " PLACE("pe") " GROUP BY category";

static int
sec_people(struct db *db, struct summary *s)
{
	static const struct summary_col cols[] = {
		{ "received", SUMMARY_COUNT,
		  /* TRANSLATORS: people who came back in the period. */
		  N_("received in the period") },
		{ N_("in follow-up"), SUMMARY_COUNT, NULL },
	};
	struct summary_section *sec = summary_sec_add(s, "people",
	    N_("People by category"), N_("category"), cols, 2);
	struct summary_row *r, *total;
	sqlite3_stmt *st = summary_query(db, s, people_sql);
	int rc;

	for (int i = 0; person_categories[i].code; i++)
		summary_row_label(summary_row_add(sec, person_categories[i].code,
		    SUMMARY_COUNT), _(person_categories[i].label));
	total = summary_row_add(sec, N_("total"), SUMMARY_COUNT);
	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		const char *cat = db_col_text(st, 0);
		if (!(r = row_find(sec, cat)) || r == total)
			continue;
		r->v[0] = db_col_int(st, 1);
		r->v[1] = db_col_int(st, 2);
		total->v[0] += r->v[0];
		total->v[1] += r->v[1];
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Support given in the period, as the ledger totals it (support.h): by
 * type (the types given), by funding source, and in all. */
static struct summary_row *
support_row(struct summary_section *sec, const char *item,
    const struct support_total *t)
{
	struct summary_row *r = summary_row_add(sec, item, SUMMARY_COUNT);

	r->v[0] = t->persons;
	r->v[1] = t->times;
	r->v[2] = t->value;
	return r;
}

/* "type: medical", shown "loại: y tế". */
static void
support_type_row(struct summary_section *sec, const struct support_total *t)
{
	char item[160], label[256];
	const char *name = support_type_label(t->key);

	snprintf(item, sizeof item, "type: %s", t->key);
	/* TRANSLATORS: a row of the support table: the type of support. */
	snprintf(label, sizeof label, _("type: %s"), name ? _(name) : t->key);
	summary_row_label(support_row(sec, item, t), label);
}

/* Sources by their names: "source: state budget", "source: NGO Plan". */
static void
support_source_row(struct summary_section *sec, const struct support_total *t)
{
	char item[160], label[256], name[128];
	const char *n = funding_label(t->key, name, sizeof name);

	snprintf(item, sizeof item, "source: %s", n);
	/* TRANSLATORS: a row of the support table: the funding source. */
	snprintf(label, sizeof label, _("source: %s"), _(n));
	summary_row_label(support_row(sec, item, t), label);
}

static int
sec_support(struct db *db, struct summary *s)
{
	static const struct summary_col cols[] = {
		{ N_("persons"), SUMMARY_COUNT, NULL },
		/* TRANSLATORS: how many times support was given ("lượt"). */
		{ N_("times"), SUMMARY_COUNT, NULL },
		{ N_("amount"), SUMMARY_MONEY, NULL },
	};
	struct summary_section *sec = summary_sec_add(s, "support",
	    N_("Support given"), N_("by type and source"), cols, 3);
	struct support_totals t;

	if (support_totals_place(db, s->from, s->to, s->place.province,
	    s->place.district, s->place.commune, &t) < 0)
		return -1;
	for (int i = 0; i < t.ntypes; i++)
		if (t.by_type[i].times > 0)
			support_type_row(sec, &t.by_type[i]);
	for (int i = 0; i < t.nsources; i++)
		support_source_row(sec, &t.by_source[i]);
	support_row(sec, N_("total"), &t.all);
	support_totals_free(&t);
	return 0;
}

/* PAR30 and the repayment rate as the loan module defines them. */
static void
loans_rates(const struct loan_summary *ls, int64_t *par, int64_t *rate)
{
	struct loan_portfolio p = { 0 };

	p.outstanding = ls->outstanding;
	p.at_risk = ls->at_risk;
	p.due = ls->due;
	p.repaid = ls->due_repaid;
	*par = loan_par30_bp(&p);
	*rate = loan_rate_bp(&p);
}

/* Loans of borrowers in the place, as the loan module counts them. A
 * ratio without a base (nothing outstanding, nothing due) is "-". */
static int
sec_loans(struct db *db, struct summary *s)
{
	struct summary_section *sec = summary_sec_add(s, "loans", N_("Loans"),
	    N_("figure"), summary_value_col, 1);
	struct loan_summary ls;
	int64_t par, rate;

	if ((s->raw ? loan_summary_place(db, s->from, s->to, s->place.province,
	    s->place.district, s->place.commune, &ls) :
	    summary_loans(db, s, &ls)) < 0)
		return -1;
	loans_rates(&ls, &par, &rate);
	summary_figure(sec, N_("loans disbursed"), SUMMARY_COUNT, ls.disbursed);
	summary_figure(sec, N_("borrowers"), SUMMARY_COUNT, ls.persons);
	summary_figure(sec, N_("amount disbursed"), SUMMARY_MONEY, ls.disbursed_amount);
	summary_figure(sec, N_("repaid in the period"), SUMMARY_MONEY, ls.repaid);
	summary_figure(sec, N_("loans outstanding"), SUMMARY_COUNT,
	    ls.outstanding_loans);
	summary_figure(sec, N_("principal outstanding"), SUMMARY_MONEY, ls.outstanding);
	summary_figure(sec, N_("loans in arrears"), SUMMARY_COUNT, ls.in_arrears);
	summary_figure(sec, N_("PAR30"), SUMMARY_BP,
	    ls.outstanding > 0 ? par : SUMMARY_NA);
	summary_figure(sec, N_("repayment rate"), SUMMARY_BP,
	    ls.due > 0 ? rate : SUMMARY_NA);
	return 0;
}

/* Livelihood capital, entered one way each (loan.h): lent as a loan,
 * given as a support of type capital. The section puts the two together;
 * the support and loans sections keep showing their own part. */
static int
sec_capital(struct db *db, struct summary *s)
{
	struct summary_section *sec = summary_sec_add(s, "capital",
	    N_("Livelihood capital"), N_("figure"), summary_value_col, 1);
	struct loan_capital c;

	if ((s->raw ? loan_capital_place(db, s->from, s->to, s->place.province,
	    s->place.district, s->place.commune, &c) :
	    summary_capital(db, s, &c)) < 0)
		return -1;
	/* TRANSLATORS: capital lent (to be repaid): the loans disbursed. */
	summary_figure(sec, N_("capital lent (loans)"), SUMMARY_MONEY,
	    c.lent_amount);
	/* TRANSLATORS: capital given (not repaid): supports of type
	 * "livelihood capital". */
	summary_figure(sec, N_("capital given (support)"), SUMMARY_MONEY,
	    c.given_amount);
	summary_figure(sec, N_("capital in all"), SUMMARY_MONEY, c.total);
	/* TRANSLATORS: people who received capital, lent or given. */
	summary_figure(sec, N_("people who received capital"), SUMMARY_COUNT,
	    c.persons);
	return 0;
}

/* Groups in the place: active at the end and their members at the end
 * (meetings held in the period come with the attendance). */
static const char groups_sql[] =
    "WITH g AS (SELECT id FROM grp g WHERE " PLACE("g") "), "
    "act AS (SELECT id FROM grp WHERE id IN (SELECT id FROM g) "
    "AND (founded_on IS NULL OR founded_on <= ?5) "
    "AND (status = 'active' OR closed_on > ?5)) "
    "SELECT (SELECT count(*) FROM act), "
    "(SELECT count(DISTINCT person_id) FROM membership "
    "WHERE group_id IN (SELECT id FROM act) AND joined_on <= ?5 "
    "AND (left_on IS NULL OR left_on > ?5))";

/* Meetings held by those groups from ?4 to ?5. */
static const char meetings_sql[] =
    "SELECT count(*) FROM meeting WHERE held_on BETWEEN ?4 AND ?5 "
    "AND group_id IN (SELECT g.id FROM grp g WHERE " PLACE("g") ")";

/* Attendance recorded at the meetings of those groups held from ?4 to
 * ?5, by month and status: one pass for the section and the chart. */
static const char att_sql[] =
    "SELECT substr(m.held_on, 1, 7), sum(a.status = 'present'), "
    "sum(a.status = 'late'), sum(a.status = 'excused'), "
    "sum(a.status = 'absent') FROM meeting m "
    "JOIN attendance a ON a.meeting_id = m.id "
    "WHERE m.held_on BETWEEN ?4 AND ?5 AND m.group_id IN "
    "(SELECT g.id FROM grp g WHERE " PLACE("g") ") GROUP BY 1";

/* The same, and the meetings, for the whole months ?4 to ?5 from the
 * rollup kept as they are written (att_month). */
static const char att_month_sql[] =
    "SELECT a.month, sum(a.present), sum(a.late), sum(a.excused), "
    "sum(a.absent), sum(a.meetings) FROM att_month a "
    "WHERE a.month BETWEEN ?4 AND ?5 AND a.group_id IN "
    "(SELECT g.id FROM grp g WHERE " PLACE("g") ") GROUP BY 1";

/* Add the rows of an attendance query times sign (with the meetings in
 * column 5 when meetings is not NULL) to c and to the months. */
static int
att_rows(struct db *db, struct summary *s, sqlite3_stmt *st, int sign,
    struct att_counts *c, int64_t *meetings)
{
	struct summary_month *m;
	int rc, n[4];

	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		for (int i = 0; i < 4; i++)
			n[i] = sign * (int)db_col_int(st, 1 + i);
		c->n[ATT_PRESENT] += n[0];
		c->n[ATT_LATE] += n[1];
		c->n[ATT_EXCUSED] += n[2];
		c->n[ATT_ABSENT] += n[3];
		if (meetings)
			*meetings += db_col_int(st, 5);
		if ((m = summary_month_of(s, db_col_text(st, 0)))) {
			m->attended += n[0] + n[1];
			m->recorded += n[0] + n[1] + n[2] + n[3];
		}
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Meetings held from from to to, times sign, added to *meetings. */
static int
meetings_held(struct db *db, struct summary *s, int from, int to, int sign,
    int64_t *meetings)
{
	sqlite3_stmt *st = summary_query_days(db, s, meetings_sql, from, to);
	int rc;

	if (!st)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		*meetings += sign * db_col_int(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Attendance and meetings of the period: whole months from the rollup,
 * the days around them from the raw rows. */
static int
groups_attendance(struct db *db, struct summary *s, struct att_counts *c,
    int64_t *meetings)
{
	struct summary_cut cut;

	memset(c, 0, sizeof *c);
	*meetings = 0;
	summary_cut(s, &cut);
	for (int i = 0; i < cut.nraw; i++)
		if (att_rows(db, s, summary_query_days(db, s, att_sql,
		    cut.raw_from[i], cut.raw_to[i]), cut.raw_sign[i], c,
		    NULL) < 0 || meetings_held(db, s, cut.raw_from[i],
		    cut.raw_to[i], cut.raw_sign[i], meetings) < 0)
			return -1;
	if (cut.mfrom[0] && att_rows(db, s, summary_query_months(db, s,
	    att_month_sql, &cut), 1, c, meetings) < 0)
		return -1;
	return 0;
}

static int
sec_groups(struct db *db, struct summary *s)
{
	struct summary_section *sec = summary_sec_add(s, "groups", N_("Groups"),
	    N_("figure"), summary_value_col, 1);
	sqlite3_stmt *st;
	struct att_counts c;
	int64_t meetings;
	int rc;

	if (groups_attendance(db, s, &c, &meetings) < 0 ||
	    !(st = summary_query(db, s, groups_sql)))
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		summary_figure(sec, N_("active groups"), SUMMARY_COUNT, db_col_int(st, 0));
		summary_figure(sec, N_("members"), SUMMARY_COUNT, db_col_int(st, 1));
		summary_figure(sec, N_("meetings held"), SUMMARY_COUNT, meetings);
		summary_figure(sec, N_("average attendance"), SUMMARY_BP,
		    att_total(&c) ? (int64_t)(att_rate(&c) * 10000 + 0.5) : SUMMARY_NA);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Visits done in the period (all attempts, and those that reached the
 * person) and the people visited. */
static const char visits_sql[] =
    "SELECT count(*), sum(v.situation <> 'not-reached'), "
    "count(DISTINCT v.person_id) FROM visit v "
    "WHERE v.visit_on BETWEEN ?4 AND ?5 AND " PERSON_IN_PLACE("v.person_id");

static int
sec_visits(struct db *db, const struct conf *conf, struct summary *s)
{
	struct summary_section *sec = summary_sec_add(s, "visits", N_("Visits"),
	    N_("figure"), summary_value_col, 1);
	sqlite3_stmt *st = summary_query(db, s, visits_sql);
	int rc;

	if (!st)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		summary_figure(sec, N_("visits done"), SUMMARY_COUNT, db_col_int(st, 0));
		summary_figure(sec, N_("visits that reached the person"), SUMMARY_COUNT,
		    db_col_int(st, 1));
		summary_figure(sec, N_("people visited"), SUMMARY_COUNT, db_col_int(st, 2));
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return summary_visits_overdue(db, conf, s, sec);
}

static int
months_init(struct summary *s)
{
	int y, m, d, ty, tm;

	date_to_ymd(s->from, &y, &m, &d);
	date_to_ymd(s->to, &ty, &tm, &d);
	s->nmonths = (ty - y) * 12 + (tm - m) + 1;
	if (s->nmonths > SUMMARY_MAX_MONTHS)
		s->nmonths = 0;         /* too long a period to chart */
	s->months = xcalloc((size_t)s->nmonths + 1, sizeof *s->months);
	for (int i = 0; i < s->nmonths; i++) {
		s->months[i].year = y + (m - 1 + i) / 12;
		s->months[i].month = (m - 1 + i) % 12 + 1;
	}
	return 0;
}

struct summary_month *
summary_month_of(struct summary *s, const char *ym)
{
	char year[5];
	int y, m;

	if (!ym || strlen(ym) != 7 || ym[4] != '-')
		return NULL;
	memcpy(year, ym, 4);
	year[4] = '\0';
	if (parse_int(year, 1, 9999, &y) < 0 || parse_int(ym + 5, 1, 12, &m) < 0)
		return NULL;
	for (int i = 0; i < s->nmonths; i++)
		if (s->months[i].year == y && s->months[i].month == m)
			return &s->months[i];
	return NULL;
}

static int
build(struct db *db, const struct conf *conf, int from, int to,
    const struct summary_place *place, int raw, struct summary *out)
{
	memset(out, 0, sizeof *out);
	out->raw = raw;
	out->from = from;
	out->to = to;
	if (place)
		out->place = *place;
	if (from > to)
		return error("the period starts after it ends");
	months_init(out);
	if (sec_people(db, out) < 0 || sec_support(db, out) < 0 ||
	    sec_loans(db, out) < 0 || sec_capital(db, out) < 0 ||
	    summary_sec_grants(db, out) < 0 ||
	    sec_groups(db, out) < 0 || summary_sec_sms(db, out) < 0 ||
	    sec_visits(db, conf, out) < 0 || summary_months_fill(db, out) < 0)
		return -1;
	return 0;
}

int
summary_build(struct db *db, const struct conf *conf, int from, int to,
    const struct summary_place *place, struct summary *out)
{
	return build(db, conf, from, to, place, 0, out);
}

int
summary_build_raw(struct db *db, const struct conf *conf, int from, int to,
    const struct summary_place *place, struct summary *out)
{
	return build(db, conf, from, to, place, 1, out);
}

void
summary_free(struct summary *s)
{
	for (int i = 0; i < s->nsec; i++) {
		for (int j = 0; j < s->sec[i].nrows; j++) {
			free(s->sec[i].rows[j].item);
			free(s->sec[i].rows[j].label);
		}
		free(s->sec[i].rows);
	}
	free(s->sec);
	free(s->months);
	memset(s, 0, sizeof *s);
}

const struct summary_section *
summary_section(const struct summary *s, const char *name)
{
	for (int i = 0; i < s->nsec; i++)
		if (!strcmp(s->sec[i].name, name))
			return &s->sec[i];
	return NULL;
}

int64_t
summary_get(const struct summary *s, const char *section, const char *item,
    const char *col)
{
	const struct summary_section *sec = summary_section(s, section);
	const struct summary_row *r = sec ? row_find(sec, item) : NULL;

	for (int i = 0; r && i < sec->ncols; i++)
		if (!strcmp(sec->cols[i].name, col))
			return r->v[i];
	return SUMMARY_NA;
}
