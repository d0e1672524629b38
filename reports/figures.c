/*
 * figures.c - the summary report's in-kind grants, SMS, help requests
 * and overdue visits, and the month-by-month series for the charts.
 * Part of the summary module (summary.h); parameters are bound as in
 * summary.c.
 */
#include "reports/summary.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/util.h"
#include "core/visit.h"
#include "reports/summary_int.h"

/*
 * Grants by kind. given, recipients and value: grants from the programme
 * (not passed on from another member) given in the period. alive: the
 * herd at the end as grant.h counts it (given + born - died, sold, lost,
 * passed) over every grant given by then, passed-on ones included, so an
 * animal passed on is counted once, with its new keeper. died, sold and
 * born: events in the period. Without a place no person is read.
 */
static const char grants_sql[] =
    "WITH ev AS (SELECT grant_id, sum(CASE kind WHEN 'born' THEN count "
    "WHEN 'vaccinated' THEN 0 ELSE -count END) AS delta, "
    "sum(CASE WHEN kind = 'died' AND event_on >= ?4 THEN count ELSE 0 END) AS died, "
    "sum(CASE WHEN kind = 'sold' AND event_on >= ?4 THEN count ELSE 0 END) AS sold, "
    "sum(CASE WHEN kind = 'born' AND event_on >= ?4 THEN count ELSE 0 END) AS born "
    "FROM ikgrant_event WHERE event_on <= ?5 GROUP BY grant_id) "
    "SELECT g.kind, "
    "coalesce(sum(CASE WHEN g.given_on >= ?4 AND g.parent_id IS NULL "
    "THEN g.count END), 0), "
    "count(DISTINCT CASE WHEN g.given_on >= ?4 AND g.parent_id IS NULL "
    "THEN g.person_id END), "
    "coalesce(sum(CASE WHEN g.given_on >= ?4 AND g.parent_id IS NULL "
    "THEN g.count * g.unit_value END), 0), "
    "sum(g.count + coalesce(ev.delta, 0)), coalesce(sum(ev.died), 0), "
    "coalesce(sum(ev.sold), 0), coalesce(sum(ev.born), 0) "
    "FROM ikgrant g LEFT JOIN ev ON ev.grant_id = g.id "
    "WHERE g.given_on <= ?5 AND " PERSON_IN_PLACE("g.person_id")
    " GROUP BY g.kind ORDER BY g.kind";

/* What the kinds of grant (grant.h) are called in the report. */
static const struct {
	const char *code, *label;
} kind_labels[] = {
	{ "sow", N_("breeding sow") }, { "piglet", N_("piglet") },
	{ "cow", N_("cow") }, { "buffalo", N_("buffalo") },
	{ "goat", N_("goat") }, { "chicken", N_("chicken") },
	{ "duck", N_("duck") }, { "other", N_("other") },
};

static const char *
kind_label(const char *code)
{
	for (size_t i = 0; code && i < NELEM(kind_labels); i++)
		if (!strcmp(kind_labels[i].code, code))
			return _(kind_labels[i].label);
	return code;
}

static int
sec_grants_kinds(struct db *db, struct summary *s)
{
	static const struct summary_col cols[] = {
		/* TRANSLATORS: columns of the in-kind grants table: animals
		 * given, people who got them, their value, the herd alive at
		 * the end, animals that died, were sold, were born. */
		{ N_("given"), SUMMARY_COUNT, NULL },
		{ N_("recipients"), SUMMARY_COUNT, NULL },
		{ N_("value"), SUMMARY_MONEY, NULL },
		{ N_("alive"), SUMMARY_COUNT, NULL },
		{ N_("died"), SUMMARY_COUNT, NULL },
		{ N_("sold"), SUMMARY_COUNT, NULL },
		{ N_("offspring"), SUMMARY_COUNT, NULL },
	};
	struct summary_section *sec = summary_sec_add(s, "grants",
	    N_("In-kind grants (animals or items)"), N_("kind"), cols, 7);
	sqlite3_stmt *st = summary_query(db, s, grants_sql);
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct summary_row *r = summary_row_add(sec, db_col_text(st, 0),
		    SUMMARY_COUNT);
		summary_row_label(r, kind_label(r->item));
		for (int i = 0; i < 7; i++)
			r->v[i] = db_col_int(st, 1 + i);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/*
 * Pass-ons of the members in the place: animals passed on in the period;
 * at the end, what obligations of grants given by then still owe (count
 * less what was passed on by then, as grant_obligations counts it) and
 * the part of that already past its due date.
 */
static const char passon_sql[] =
    "WITH done AS (SELECT obligation_id AS id, sum(count) AS n, "
    "sum(CASE WHEN given_on >= ?4 THEN count ELSE 0 END) AS now "
    "FROM ikgrant WHERE obligation_id IS NOT NULL AND given_on <= ?5 "
    "GROUP BY obligation_id), "
    "ob AS (SELECT o.count - coalesce(d.n, 0) AS owed, coalesce(d.now, 0) "
    "AS now, o.due_on FROM ikgrant_oblig o JOIN ikgrant g ON g.id = o.grant_id "
    "LEFT JOIN done d ON d.id = o.id "
    "WHERE g.given_on <= ?5 AND " PERSON_IN_PLACE("g.person_id") ") "
    "SELECT coalesce(sum(now), 0), coalesce(sum(max(owed, 0)), 0), "
    "coalesce(sum(CASE WHEN owed > 0 AND due_on < ?5 THEN owed END), 0), "
    "coalesce(sum(owed > 0), 0) FROM ob";

static int
sec_passons(struct db *db, struct summary *s)
{
	struct summary_section *sec = summary_sec_add(s, "passons",
	    N_("Pass-ons"), N_("figure"), summary_value_col, 1);
	sqlite3_stmt *st = summary_query(db, s, passon_sql);
	int rc;

	if (!st)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		summary_figure(sec, N_("passed on"), SUMMARY_COUNT, db_col_int(st, 0));
		summary_figure(sec, N_("owed at the end"), SUMMARY_COUNT, db_col_int(st, 1));
		summary_figure(sec, N_("owed and overdue"), SUMMARY_COUNT,
		    db_col_int(st, 2));
		summary_figure(sec, N_("open obligations"), SUMMARY_COUNT,
		    db_col_int(st, 3));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
summary_sec_grants(struct db *db, struct summary *s)
{
	return sec_grants_kinds(db, s) < 0 ? -1 : sec_passons(db, s);
}

/* Prepare static sql and bind the report's parameters, then the period
 * in Unix seconds: ?6 its first second, ?7 the first second after it. */
static sqlite3_stmt *
query_times(struct db *db, const struct summary *s, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st || db_bind(db, st, "tttDDii", s->place.province,
	    s->place.district, s->place.commune, s->from, s->to,
	    (int64_t)time_from_local(s->from, 0),
	    (int64_t)time_from_local(s->to + 1, 0)) < 0)
		return NULL;
	return st;
}

/*
 * Messages in the period: sent (by when they went), failed (by their
 * last try), expired (by their expiry). A check-in is answered when a
 * reply is linked to it (inbox.answers, kept on the message as
 * outbox.answered: sms/schema.c migration 22), the rule of the follow-up
 * list.
 * With a place, only messages to people there. Each state is counted by
 * its own time, so each query reads only the messages in that state
 * (the sent ones through the index outbox_sent, without visiting rows).
 */
static const char sms_sent_sql[] =
    "SELECT count(*), coalesce(sum(o.kind = 'checkin'), 0), "
    "coalesce(sum(o.kind = 'checkin' AND o.answered), 0) FROM outbox o "
    "WHERE o.state = 'sent' AND o.sent_at >= ?6 AND o.sent_at < ?7 "
    "AND " PERSON_IN_PLACE("o.person_id");
static const char sms_failed_sql[] =
    "SELECT count(*) FROM outbox o WHERE o.state = 'failed' "
    "AND o.tried_at >= ?6 AND o.tried_at < ?7 "
    "AND " PERSON_IN_PLACE("o.person_id");
static const char sms_expired_sql[] =
    "SELECT count(*) FROM outbox o WHERE o.state = 'expired' "
    "AND o.expires_at >= ?6 AND o.expires_at < ?7 "
    "AND " PERSON_IN_PLACE("o.person_id");

/* Step a query of query_times and read its first n columns into v. */
static int
times_row(struct db *db, struct summary *s, const char *sql, int64_t *v,
    int n)
{
	sqlite3_stmt *st = query_times(db, s, sql);
	int rc;

	if (!st)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			v[i] = db_col_int(st, i);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
sms_counts(struct db *db, struct summary *s, struct summary_section *sec)
{
	int64_t sent[3] = { 0, 0, 0 }, failed = 0, expired = 0;

	if (times_row(db, s, sms_sent_sql, sent, 3) < 0 ||
	    times_row(db, s, sms_failed_sql, &failed, 1) < 0 ||
	    times_row(db, s, sms_expired_sql, &expired, 1) < 0)
		return -1;
	/* The items "sent", "failed" and "expired" are also other words
	 * elsewhere: the labels say what is counted. */
	summary_row_label(summary_figure(sec, "sent", SUMMARY_COUNT, sent[0]),
	    _("messages sent"));
	summary_row_label(summary_figure(sec, "failed", SUMMARY_COUNT, failed),
	    _("messages failed"));
	summary_row_label(summary_figure(sec, "expired", SUMMARY_COUNT,
	    expired), _("messages expired"));
	summary_figure(sec, N_("check-ins sent"), SUMMARY_COUNT, sent[1]);
	summary_figure(sec, N_("check-ins answered"), SUMMARY_COUNT, sent[2]);
	return 0;
}

/*
 * Help cases (followup.h) of people in the place: opened in the period,
 * closed in it, still open at its end, and the seconds from opening to
 * closing summed over those closed in it.
 */
static const char help_sql[] =
    "WITH h AS (SELECT c.opened_at, c.closed_at FROM help_case c "
    "WHERE c.opened_at < ?7 AND " PERSON_AT_PLACE("c.person_id") ") "
    "SELECT (SELECT count(*) FROM h WHERE opened_at >= ?6), "
    "(SELECT count(*) FROM h WHERE closed_at >= ?6 AND closed_at < ?7), "
    "(SELECT count(*) FROM h WHERE closed_at IS NULL OR closed_at >= ?7), "
    "(SELECT coalesce(sum(closed_at - opened_at), 0) FROM h "
    "WHERE closed_at >= ?6 AND closed_at < ?7)";

/* The middle one or two of the times to close of the cases closed in the
 * period: their sum and how many there are. */
static const char help_median_sql[] =
    "WITH d AS (SELECT c.closed_at - c.opened_at AS s FROM help_case c "
    "WHERE c.closed_at >= ?6 AND c.closed_at < ?7 AND "
    PERSON_AT_PLACE("c.person_id") ") "
    "SELECT coalesce(sum(s), 0), count(*) FROM (SELECT s FROM d ORDER BY s "
    "LIMIT 2 - (SELECT count(*) FROM d) % 2 "
    "OFFSET ((SELECT count(*) FROM d) - 1) / 2)";

/* Seconds in tenths of an hour, rounded: total / n (n > 0). */
static int64_t
tenth_hours(int64_t total, int64_t n)
{
	return (total + 180 * n) / (360 * n);
}

static int
help_median(struct db *db, struct summary *s, int64_t *median)
{
	sqlite3_stmt *st = query_times(db, s, help_median_sql);
	int rc;

	*median = SUMMARY_NA;
	if (!st)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW && db_col_int(st, 1) > 0)
		*median = tenth_hours(db_col_int(st, 0), db_col_int(st, 1));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
help_counts(struct db *db, struct summary *s, struct summary_section *sec)
{
	sqlite3_stmt *st = query_times(db, s, help_sql);
	int64_t closed = 0, total = 0, median;
	int rc;

	if (!st)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		summary_figure(sec, N_("help requests opened"), SUMMARY_COUNT,
		    db_col_int(st, 0));
		summary_figure(sec, N_("help requests closed"), SUMMARY_COUNT,
		    closed = db_col_int(st, 1));
		summary_figure(sec, N_("help requests open at the end"), SUMMARY_COUNT,
		    db_col_int(st, 2));
		total = db_col_int(st, 3);
	}
	db_reset(st);
	if (rc < 0 || help_median(db, s, &median) < 0)
		return -1;
	summary_figure(sec, N_("hours until closed (average)"), SUMMARY_HOURS,
	    closed > 0 ? tenth_hours(total, closed) : SUMMARY_NA);
	summary_figure(sec, N_("hours until closed (median)"), SUMMARY_HOURS, median);
	return 0;
}

int
summary_sec_sms(struct db *db, struct summary *s)
{
	struct summary_section *sec = summary_sec_add(s, "sms", N_("SMS"),
	    N_("figure"), summary_value_col, 1);

	if (sms_counts(db, s, sec) < 0 || help_counts(db, s, sec) < 0)
		return -1;
	sec->note = N_("a check-in is answered when a reply is linked to it; "
	    "hours until closed: help requests closed in the period");
	return 0;
}

/* The ids of the people in the place, in rising order. */
static const char place_ids_sql[] =
    "SELECT id FROM person pe WHERE " PLACE("pe") " ORDER BY id";

struct ids {
	int64_t *v;
	size_t n, cap;
};

static int
place_ids(struct db *db, struct summary *s, struct ids *ids)
{
	sqlite3_stmt *st = db_prepare(db, place_ids_sql);
	int rc;

	if (!st || db_bind(db, st, "ttt", s->place.province, s->place.district,
	    s->place.commune) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (ids->n == ids->cap)
			ids->v = xrealloc(ids->v, (ids->cap = ids->cap * 2 + 256) *
			    sizeof *ids->v);
		ids->v[ids->n++] = db_col_int(st, 0);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
ids_has(const struct ids *ids, int64_t id)
{
	size_t lo = 0, hi = ids->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids->v[mid] == id)
			return 1;
		if (ids->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void
plan_from_conf(const struct conf *c, struct visit_plan *p)
{
	memset(p, 0, sizeof *p);
	for (int i = 0; i < c->nvisit_plan && i < VISIT_MAX_STEPS; i++) {
		p->steps[i].until_months = c->visit_plan[i].until_months;
		p->steps[i].every_days = c->visit_plan[i].every_days;
		p->nsteps++;
	}
}

/*
 * People of the place whose next visit (visit.h: the plan from the
 * configuration or their own) was due before the period's last day and
 * not done by then, as the follow-up list counts them. visit_due answers
 * for everyone at once; the place is then kept by person id.
 */
int
summary_visits_overdue(struct db *db, const struct conf *conf,
    struct summary *s, struct summary_section *sec)
{
	struct ids ids = { NULL, 0, 0 };
	struct visit_plan plan;
	struct visit_due *d = NULL;
	int n = 0, ret = -1, place = summary_place_given(s);
	int64_t overdue = 0;

	plan_from_conf(conf, &plan);
	if ((place && place_ids(db, s, &ids) < 0) ||
	    visit_due(db, &plan, s->to, 0, &d, &n) < 0)
		goto out;
	for (int i = 0; i < n; i++)
		if (d[i].days_late > 0 && (!place || ids_has(&ids, d[i].person_id)))
			overdue++;
	summary_figure(sec, N_("people with a visit overdue"), SUMMARY_COUNT,
	    overdue);
	sec->note = N_("overdue: people in follow-up now whose planned visit "
	    "was due before the last day and not done by then");
	ret = 0;
out:
	visit_due_free(d, n);
	free(ids.v);
	return ret;
}

/* Valid repayments (as loan.h counts them) from ?4 to ?5, by month
 * (attendance by month is filled with the groups section). */
static const char month_pay_sql[] =
    "SELECT substr(p.paid_on, 1, 7), sum(p.amount) FROM loan_pay p "
    "WHERE p.paid_on BETWEEN ?4 AND ?5 AND p.reverses IS NULL "
    "AND p.reversed_by IS NULL AND " LOAN_IN_PLACE("p.loan_id") " GROUP BY 1";
/* The same for the whole months ?4 to ?5 from the rollup kept as they
 * are written (pay_month, by the borrower's place). */
static const char pay_month_sql[] =
    "SELECT month, sum(amount) FROM pay_month "
    "WHERE month BETWEEN ?4 AND ?5 AND " PLACE("pay_month") " GROUP BY 1";

static int
pay_rows(struct db *db, struct summary *s, sqlite3_stmt *st, int sign)
{
	struct summary_month *m;
	int rc;

	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if ((m = summary_month_of(s, db_col_text(st, 0))))
			m->repaid += sign * db_col_int(st, 1);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Whole months from the rollup, the days around them added or taken off
 * from the rows (summary_cut). */
static int
months_repaid(struct db *db, struct summary *s)
{
	struct summary_cut cut;

	summary_cut(s, &cut);
	for (int i = 0; i < cut.nraw; i++)
		if (pay_rows(db, s, summary_query_days(db, s, month_pay_sql,
		    cut.raw_from[i], cut.raw_to[i]), cut.raw_sign[i]) < 0)
			return -1;
	if (cut.mfrom[0] && pay_rows(db, s, summary_query_months(db, s,
	    pay_month_sql, &cut), 1) < 0)
		return -1;
	return 0;
}

int
summary_months_fill(struct db *db, struct summary *s)
{
	if (s->nmonths == 0)
		return 0;
	return months_repaid(db, s);
}
