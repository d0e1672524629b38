/*
 * loan.c - loans in the database: disbursal, schedule rows, repayments,
 * reversals, rescheduling and write-off. See loan.h.
 */
#include "groups/loan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"

static const char *const status_names[] = {
	[LOAN_NOT_DISBURSED] = "not disbursed", [LOAN_CURRENT] = "current",
	[LOAN_ARREARS] = "in arrears", [LOAN_REPAID] = "repaid",
	[LOAN_RESCHEDULED] = "rescheduled", [LOAN_WRITTEN_OFF] = "written off",
};

const char *
loan_status_name(enum loan_status s)
{
	return (unsigned)s < NELEM(status_names) ? status_names[s] : "?";
}

const char *
loan_freq_name(enum loancalc_freq f)
{
	return f == LOANCALC_QUARTERLY ? "quarterly" : f == LOANCALC_AT_END ?
	    "end" : "monthly";
}

const char *
loan_method_name(enum loancalc_method m)
{
	return m == LOANCALC_FLAT ? "flat" : "declining";
}

const char *
loan_interest_name(enum loan_interest i)
{
	return i == LOAN_INTEREST_DAILY ? "daily" : "schedule";
}

int
loan_interest_parse(const char *opt, const char *s, enum loan_interest *out)
{
	if (!strcasecmp(s, "schedule") || !strcasecmp(s, "scheduled"))
		*out = LOAN_INTEREST_SCHEDULE;
	else if (!strcasecmp(s, "daily") || !strcasecmp(s, "day"))
		*out = LOAN_INTEREST_DAILY;
	else
		return error("%s: \"%s\" is not schedule or daily", opt, s);
	return 0;
}

int
loan_freq_parse(const char *opt, const char *s, enum loancalc_freq *out)
{
	if (!strcasecmp(s, "monthly") || !strcasecmp(s, "month"))
		*out = LOANCALC_MONTHLY;
	else if (!strcasecmp(s, "quarterly") || !strcasecmp(s, "quarter"))
		*out = LOANCALC_QUARTERLY;
	else if (!strcasecmp(s, "end") || !strcasecmp(s, "at-end"))
		*out = LOANCALC_AT_END;
	else
		return error("%s: \"%s\" is not monthly, quarterly or end", opt, s);
	return 0;
}

int
loan_method_parse(const char *opt, const char *s, enum loancalc_method *out)
{
	if (!strcasecmp(s, "declining") || !strcasecmp(s, "reducing"))
		*out = LOANCALC_DECLINING;
	else if (!strcasecmp(s, "flat") || !strcasecmp(s, "flat-rate"))
		*out = LOANCALC_FLAT;
	else
		return error("%s: \"%s\" is not declining or flat", opt, s);
	return 0;
}

int
loan_parse_id(const char *s, int64_t *id)
{
	const char *p = s;

	if (*p == 'L' || *p == 'l' || *p == '#')
		p++;
	if (parse_int64(p, 1, INT64_MAX, id) < 0)
		return error("loan: \"%s\" is not a loan number", s);
	return 0;
}

static enum loancalc_freq
freq_from(const char *s)
{
	return !s ? LOANCALC_MONTHLY : !strcmp(s, "quarterly") ?
	    LOANCALC_QUARTERLY : !strcmp(s, "end") ? LOANCALC_AT_END :
	    LOANCALC_MONTHLY;
}

static const char *
unit_name(enum loancalc_rate_unit u)
{
	return u == LOANCALC_PER_YEAR ? "year" : "month";
}

int
loan_source_check(const char *s)
{
	if (str_empty(s))
		return error("source: a funding source is needed");
	if (!funding_valid(s))
		return error("source: \"%s\" is not a funding source (use state, wu, "
		    "vbsp or ngo:NAME)", s);
	return 0;
}

/* The borrower must be on the register and active. */
static int
check_borrower(struct db *db, int64_t person_id)
{
	int64_t active;

	if (db_int(db, &active, -1, "SELECT status = 'active' FROM person "
	    "WHERE id = ?", "i", person_id) < 0)
		return -1;
	if (active < 0)
		return error("loan: person #%lld not found", (long long)person_id);
	if (!active)
		return error("loan: the borrower's case is closed");
	return 0;
}

static int
check_day(const char *what, int day)
{
	char buf[16];

	if (day > date_today())
		return error("%s: %s is in the future", what, date_show(day, buf));
	return 0;
}

static int
check_loan(struct db *db, struct loan *l)
{
	int64_t gid;

	if (check_borrower(db, l->person_id) < 0)
		return -1;
	if (l->group_id) {
		if (db_int(db, &gid, 0, "SELECT id FROM grp WHERE id = ?", "i",
		    l->group_id) < 0)
			return -1;
		if (!gid)
			return error("loan: group #%lld not found",
			    (long long)l->group_id);
	}
	if (loan_source_check(l->source) < 0)
		return -1;
	if (loancalc_validate(&l->terms) < 0)
		return -1;
	/* TRANSLATORS: the field an error names, before ": ..." */
	return check_day(_("loan disbursal date"), l->terms.disbursed_day);
}

static int
insert_plan(struct db *db, int64_t loan_id, int plan, const struct loancalc_terms *t,
    const char *reason)
{
	return db_run(db, "INSERT INTO loan_plan (id, loan_id, plan, starts_on, "
	    "principal, rate_ppm, rate_unit, term_months, freq, method, "
	    "grace_months, reason, created_at) SELECT n, ?,?,?,?,?,?,?,?,?,?, "
	    "crypt_seal(?, 'loan_plan.reason', n), ? FROM (SELECT "
	    "coalesce(max(id), 0) + 1 AS n FROM loan_plan)",
	    "idDidtdttdti", loan_id, plan, t->disbursed_day, t->principal,
	    t->rate_ppm, unit_name(t->rate_unit), t->term_months,
	    loan_freq_name(t->freq), loan_method_name(t->method), t->grace_months,
	    reason, (int64_t)clock_now());
}

/* Build the schedule of plan `plan` from t and store its installments. */
static int
insert_schedule(struct db *db, int64_t loan_id, int plan,
    const struct loancalc_terms *t)
{
	struct loancalc_installment *in;
	int n, rc = 0;

	if (loancalc_schedule(t, &in, &n) < 0)
		return -1;
	for (int i = 0; i < n && rc == 0; i++)
		rc = db_run(db, "INSERT INTO loan_inst (loan_id, plan, seq, due_on, "
		    "principal, interest) VALUES (?,?,?,?,?,?)", "iddDii", loan_id,
		    plan, in[i].seq, in[i].due_day, in[i].principal, in[i].interest);
	free(in);
	return rc;
}

int
loan_disburse(struct db *db, struct loan *l)
{
	const struct loancalc_terms *t = &l->terms;

	if (check_loan(db, l) < 0)
		return -1;
	if (db_run(db, "INSERT INTO loan (person_id, group_id, source, purpose, "
	    "principal, rate_ppm, rate_unit, term_months, freq, method, "
	    "grace_months, disbursed_on, created_at, interest) "
	    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", "iZttidtdttdDit", l->person_id,
	    l->group_id, l->source, l->purpose, t->principal, t->rate_ppm,
	    unit_name(t->rate_unit), t->term_months, loan_freq_name(t->freq),
	    loan_method_name(t->method), t->grace_months, t->disbursed_day,
	    (int64_t)clock_now(), loan_interest_name(l->interest)) < 0)
		return -1;
	l->id = db_last_id(db);
	l->plan = 1;
	if (insert_plan(db, l->id, 1, t, NULL) < 0 ||
	    insert_schedule(db, l->id, 1, t) < 0)
		return -1;
	return db_audit(db, "loan", l->id, "disburse");
}

static void
loan_from_row(sqlite3_stmt *st, struct loan *l)
{
	const char *purpose = db_col_text(st, 4), *reason = db_col_text(st, 15);

	memset(l, 0, sizeof *l);
	l->id = db_col_int(st, 0);
	l->person_id = db_col_int(st, 1);
	l->group_id = db_col_int(st, 2);
	l->source = xstrdup(db_col_text(st, 3));
	l->purpose = purpose ? xstrdup(purpose) : NULL;
	l->terms.principal = db_col_int(st, 5);
	l->terms.rate_ppm = (int)db_col_int(st, 6);
	l->terms.rate_unit = str_eq(db_col_text(st, 7), "year") ?
	    LOANCALC_PER_YEAR : LOANCALC_PER_MONTH;
	l->terms.term_months = (int)db_col_int(st, 8);
	l->terms.freq = freq_from(db_col_text(st, 9));
	l->terms.method = str_eq(db_col_text(st, 10), "flat") ? LOANCALC_FLAT :
	    LOANCALC_DECLINING;
	l->terms.grace_months = (int)db_col_int(st, 11);
	l->terms.disbursed_day = db_col_date(st, 12);
	l->plan = (int)db_col_int(st, 13);
	l->written_off_on = db_col_date(st, 14);
	l->writeoff_reason = reason ? xstrdup(reason) : NULL;
	l->interest = str_eq(db_col_text(st, 16), "daily") ? LOAN_INTEREST_DAILY :
	    LOAN_INTEREST_SCHEDULE;
}

int
loan_get(struct db *db, int64_t id, struct loan *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, person_id, group_id, "
	    "source, purpose, principal, rate_ppm, rate_unit, term_months, freq, "
	    "method, grace_months, disbursed_on, plan, written_off_on, "
	    "crypt_open(writeoff_reason, 'loan.writeoff_reason', id), interest "
	    "FROM loan WHERE id = ?");
	int rc;

	if (!st || db_bind(db, st, "i", id) < 0)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		loan_from_row(st, out);
	db_reset(st);
	if (rc == SQLITE_DONE)
		return error("loan %lld not found", (long long)id);
	return rc == SQLITE_ROW ? 0 : -1;
}

void
loan_free(struct loan *l)
{
	if (!l)
		return;
	free(l->source);
	free(l->purpose);
	free(l->writeoff_reason);
	memset(l, 0, sizeof *l);
}

/* Installments of plans started by ?2 with what was paid on them by ?2;
 * the part closed by a rescheduling counts from its day. */
static const char inst_sql[] =
    "SELECT i.id, i.plan, i.seq, i.due_on, "
    "i.principal - CASE WHEN i.void_on <= ?2 THEN i.principal_void ELSE 0 END, "
    "i.interest - CASE WHEN i.void_on <= ?2 THEN i.interest_void ELSE 0 END, "
    "coalesce(pa.p, 0), coalesce(pa.i, 0), i.void_on "
    "FROM loan_inst i JOIN loan_plan lp ON lp.loan_id = i.loan_id "
    "AND lp.plan = i.plan AND lp.starts_on <= ?2 "
    "LEFT JOIN (SELECT a.inst_id AS inst, sum(a.principal) AS p, "
    "sum(a.interest) AS i FROM loan_pay p JOIN loan_alloc a ON a.pay_id = p.id "
    "WHERE p.loan_id = ?1 AND p.paid_on <= ?2 AND p.reverses IS NULL "
    "AND p.reversed_by IS NULL GROUP BY a.inst_id) pa ON pa.inst = i.id "
    "WHERE i.loan_id = ?1 ORDER BY i.due_on, i.plan, i.seq";

static void
inst_from_row(sqlite3_stmt *st, struct loan_inst *x)
{
	x->id = db_col_int(st, 0);
	x->plan = (int)db_col_int(st, 1);
	x->seq = (int)db_col_int(st, 2);
	x->due_day = db_col_date(st, 3);
	x->principal = db_col_int(st, 4);
	x->interest = db_col_int(st, 5);
	x->principal_paid = db_col_int(st, 6);
	x->interest_paid = db_col_int(st, 7);
	x->void_day = db_col_date(st, 8);
}

int
loan_installments(struct db *db, int64_t loan_id, int day,
    struct loan_inst **out, int *n)
{
	sqlite3_stmt *st = db_prepare(db, inst_sql);
	size_t cap = 16;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(db, st, "iD", loan_id, day) < 0)
		return -1;
	*out = xmalloc(cap * sizeof **out);
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((size_t)*n == cap)
			*out = xrealloc(*out, (cap *= 2) * sizeof **out);
		inst_from_row(st, &(*out)[(*n)++]);
	}
	db_reset(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* Copy installments into the calculator's form; seq is the index + 1. */
static struct loancalc_state *
to_states(const struct loan_inst *in, int n)
{
	struct loancalc_state *s = xcalloc((size_t)(n ? n : 1), sizeof *s);

	for (int i = 0; i < n; i++) {
		s[i].seq = i + 1;
		s[i].due_day = in[i].due_day;
		s[i].principal_due = in[i].principal;
		s[i].interest_due = in[i].interest;
		s[i].principal_paid = in[i].principal_paid;
		s[i].interest_paid = in[i].interest_paid;
	}
	return s;
}

static int
last_paid_day(struct db *db, int64_t loan_id, int day, int *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(paid_on) FROM loan_pay "
	    "WHERE loan_id = ?1 AND paid_on <= ?2 AND reverses IS NULL "
	    "AND reversed_by IS NULL");
	int rc;

	*out = DATE_NONE;
	if (!st || db_bind(db, st, "iD", loan_id, day) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		*out = db_col_date(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void
fill_state(const struct loan *l, const struct loancalc_state *s, int n, int day,
    struct loan_state *out)
{
	int first = loancalc_first_unpaid(s, n);

	out->outstanding_principal = loancalc_outstanding_principal(s, n);
	out->outstanding = loancalc_outstanding_total(s, n);
	out->days_overdue = loancalc_days_overdue(s, n, day, 0);
	out->overdue = loancalc_overdue_amount(s, n, day, 0);
	for (int i = 0; i < n; i++)
		out->paid += s[i].principal_paid + s[i].interest_paid;
	if (first >= 0) {
		out->next_due_day = s[first].due_day;
		out->next_due = s[first].principal_due + s[first].interest_due -
		    s[first].principal_paid - s[first].interest_paid;
	}
	if (day < l->terms.disbursed_day)
		out->status = LOAN_NOT_DISBURSED;
	else if (l->written_off_on != DATE_NONE && l->written_off_on <= day)
		out->status = LOAN_WRITTEN_OFF;
	else if (out->outstanding == 0)
		out->status = LOAN_REPAID;
	else if (out->days_overdue > 0)
		out->status = LOAN_ARREARS;
	else
		out->status = LOAN_CURRENT;
}

int
loan_state_at(struct db *db, int64_t loan_id, int day, struct loan_state *out)
{
	struct loan l;
	struct loan_inst *in;
	struct loancalc_state *s;
	int n, plans, ret = -1;
	int64_t np;

	memset(out, 0, sizeof *out);
	out->last_paid_day = out->next_due_day = DATE_NONE;
	if (loan_get(db, loan_id, &l) < 0)
		return -1;
	if (loan_installments(db, loan_id, day, &in, &n) < 0)
		goto out;
	s = to_states(in, n);
	fill_state(&l, s, n, day, out);
	free(s);
	free(in);
	if (db_int(db, &np, 1, "SELECT count(*) FROM loan_plan WHERE loan_id = ?1 "
	    "AND starts_on <= ?2", "iD", loan_id, day) < 0)
		goto out;
	plans = (int)np;
	if (out->status == LOAN_CURRENT && plans > 1)
		out->status = LOAN_RESCHEDULED;
	ret = last_paid_day(db, loan_id, day, &out->last_paid_day);
out:
	loan_free(&l);
	return ret;
}

/* The terms of plan `plan` of a loan (plan 0: the current one). */
static int
plan_terms(struct db *db, int64_t loan_id, int plan, struct loancalc_terms *t)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT starts_on, principal, rate_ppm, "
	    "rate_unit, term_months, freq, method, grace_months FROM loan_plan "
	    "WHERE loan_id = ?1 AND plan = CASE WHEN ?2 > 0 THEN ?2 ELSE "
	    "(SELECT plan FROM loan WHERE id = ?1) END");
	int rc;

	if (!st || db_bind(db, st, "id", loan_id, plan) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		memset(t, 0, sizeof *t);
		t->disbursed_day = db_col_date(st, 0);
		t->principal = db_col_int(st, 1);
		t->rate_ppm = (int)db_col_int(st, 2);
		t->rate_unit = str_eq(db_col_text(st, 3), "year") ?
		    LOANCALC_PER_YEAR : LOANCALC_PER_MONTH;
		t->term_months = (int)db_col_int(st, 4);
		t->freq = freq_from(db_col_text(st, 5));
		t->method = str_eq(db_col_text(st, 6), "flat") ? LOANCALC_FLAT :
		    LOANCALC_DECLINING;
		t->grace_months = (int)db_col_int(st, 7);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return error("loan %lld not found", (long long)loan_id);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
loan_current_terms(struct db *db, int64_t loan_id, struct loancalc_terms *t)
{
	return plan_terms(db, loan_id, 0, t);
}

/* A repayment that counts (neither reversed nor a reversal). */
static int
pay_counts(const struct loan_pay *p)
{
	return !p->reverses && !p->reversed_by;
}

/*
 * Đồng-days of principal out from start to day: `balance` is the
 * principal outstanding at the end of day; walking back through the
 * repayments (oldest first in p) each one's principal was still out
 * before it.
 */
static int64_t
dong_days(const struct loan_pay *p, int np, int64_t balance, int start, int day)
{
	int64_t sum = 0;
	int cur = day;

	for (int i = np - 1; i >= 0; i--) {
		if (!pay_counts(&p[i]) || p[i].day > day)
			continue;
		if (p[i].day <= start)
			break;
		sum += balance * (cur - p[i].day);
		balance += p[i].principal;
		cur = p[i].day;
	}
	return sum + balance * (cur - start);
}

/* The day the period of installment i began: the due day of the one
 * before it in its plan, or the plan's start. */
static int
period_start(struct db *db, int64_t loan_id, const struct loan_inst *in, int n,
    int i, int *start)
{
	struct loancalc_terms t;

	for (int j = 0; j < n; j++)
		if (in[j].plan == in[i].plan && in[j].seq == in[i].seq - 1) {
			*start = in[j].due_day;
			return 0;
		}
	if (plan_terms(db, loan_id, in[i].plan, &t) < 0)
		return -1;
	*start = t.disbursed_day;
	return 0;
}

/* Interest of the running period counted by day, for installment i. */
static int
days_interest(struct db *db, int64_t loan_id, const struct loan_inst *in,
    const struct loancalc_state *s, int n, int i, int day, int all_recorded,
    int64_t *out)
{
	struct loancalc_terms t;
	struct loan_pay *p;
	int np, start;
	int64_t balance = loancalc_outstanding_principal(s, n);

	*out = 0;
	if (period_start(db, loan_id, in, n, i, &start) < 0)
		return -1;
	if (start >= day)
		return 0;
	if (plan_terms(db, loan_id, in[i].plan, &t) < 0 ||
	    loan_pays(db, loan_id, &p, &np) < 0)
		return -1;
	/* states of everything recorded: add back what was repaid after day */
	for (int k = 0; all_recorded && k < np; k++)
		if (pay_counts(&p[k]) && p[k].day > day)
			balance += p[k].principal;
	*out = loancalc_interest_days(dong_days(p, np, balance, start, day),
	    t.rate_ppm, t.rate_unit);
	loan_pays_free(p, np);
	return 0;
}

/*
 * For a daily loan paid off on day: w[i] is the scheduled interest of
 * installment i that the pay-off does not charge. Installments due by day
 * keep theirs; the running one keeps the days' interest (never less than
 * what was paid on it, never more than scheduled); later ones keep only
 * what was already paid.
 */
static int
daily_waive(struct db *db, int64_t loan_id, const struct loan_inst *in,
    const struct loancalc_state *s, int n, int day, int all_recorded,
    int64_t *w)
{
	for (int i = 0; i < n; i++) {
		int64_t keep = s[i].interest_paid, acc;

		w[i] = 0;
		if (in[i].due_day <= day || s[i].interest_due <= keep)
			continue;
		if (days_interest(db, loan_id, in, s, n, i, day, all_recorded,
		    &acc) < 0)
			return -1;
		if (acc > keep)
			keep = acc < s[i].interest_due ? acc : s[i].interest_due;
		w[i] = s[i].interest_due - keep;
	}
	return 0;
}

int
loan_payoff(struct db *db, int64_t loan_id, int day, int64_t *amount)
{
	struct loan l;
	struct loan_inst *in = NULL;
	struct loancalc_state *s = NULL;
	int64_t *w = NULL;
	int n = 0, ret = -1;

	*amount = 0;
	if (loan_get(db, loan_id, &l) < 0)
		return -1;
	if (loan_installments(db, loan_id, day, &in, &n) < 0)
		goto out;
	s = to_states(in, n);
	w = xcalloc((size_t)(n ? n : 1), sizeof *w);
	if (l.interest == LOAN_INTEREST_DAILY &&
	    daily_waive(db, loan_id, in, s, n, day, 0, w) < 0)
		goto out;
	*amount = loancalc_outstanding_total(s, n);
	for (int i = 0; i < n; i++)
		*amount -= w[i];
	ret = 0;
out:
	free(w);
	free(s);
	free(in);
	loan_free(&l);
	return ret;
}

/* Record what a pay-off did not charge, closed from its day. */
static int
insert_waivers(struct db *db, int64_t pay_id, const struct loan_inst *in,
    const int64_t *w, int n, int day)
{
	for (int i = 0; i < n; i++) {
		if (w[i] == 0)
			continue;
		if (db_run(db, "INSERT INTO loan_waive (pay_id, inst_id, interest) "
		    "VALUES (?,?,?)", "iii", pay_id, in[i].id, w[i]) < 0 ||
		    db_run(db, "UPDATE loan_inst SET void_on = ?, interest_void = "
		    "interest_void + ? WHERE id = ?", "Dii", day, w[i], in[i].id) < 0)
			return -1;
	}
	return 0;
}

/* Give back the interest a reversed pay-off did not charge. */
static int
restore_waivers(struct db *db, int64_t pay_id)
{
	return db_run(db, "UPDATE loan_inst SET interest_void = interest_void - "
	    "(SELECT sum(w.interest) FROM loan_waive w WHERE w.pay_id = ?1 AND "
	    "w.inst_id = loan_inst.id) WHERE id IN (SELECT inst_id FROM "
	    "loan_waive WHERE pay_id = ?1)", "i", pay_id) < 0 ? -1 :
	    db_run(db, "UPDATE loan_inst SET void_on = NULL WHERE id IN (SELECT "
	    "inst_id FROM loan_waive WHERE pay_id = ?1) AND principal_void = 0 "
	    "AND interest_void = 0", "i", pay_id);
}

/*
 * Keep loan_inst.paid_off_on right after any change to a loan's payments
 * or schedule: the day an installment became fully paid (its last
 * payment, or the rescheduling that closed the rest), NULL while unpaid.
 * An installment with nothing due is paid off on its due day.
 */
#define PAID_OFF_SQL \
    "UPDATE loan_inst SET paid_off_on = " \
    "CASE WHEN principal - principal_void + interest - interest_void > " \
    "coalesce((SELECT sum(a.principal + a.interest) FROM loan_alloc a " \
    "JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = loan_inst.id " \
    "AND p.reverses IS NULL AND p.reversed_by IS NULL), 0) THEN NULL " \
    "ELSE nullif(max(coalesce((SELECT max(p.paid_on) FROM loan_alloc a " \
    "JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = loan_inst.id " \
    "AND p.reverses IS NULL AND p.reversed_by IS NULL), ''), " \
    "coalesce(void_on, ''), CASE WHEN principal + interest = 0 " \
    "THEN due_on ELSE '' END), '') END WHERE loan_id = ?1"

static int
update_paid_off(struct db *db, int64_t loan_id)
{
	return db_run(db, PAID_OFF_SQL, "i", loan_id);
}

/*
 * The same after repayment pay_id, which changes only the installments
 * it pays or waives interest on: those, and the ones with nothing due
 * not yet marked (disbursal leaves them unmarked). A repayment costs the
 * installments it touches, not every installment of the loan.
 */
static int
update_paid_off_by(struct db *db, int64_t loan_id, int64_t pay_id)
{
	return db_run(db, PAID_OFF_SQL " AND (id IN (SELECT inst_id FROM "
	    "loan_alloc WHERE pay_id = ?2) OR id IN (SELECT inst_id FROM "
	    "loan_waive WHERE pay_id = ?2) OR (paid_off_on IS NULL AND "
	    "principal + interest = 0))", "ii", loan_id, pay_id);
}

/* The loan must be open for a change dated day. */
static int
check_open(const struct loan *l, int day, const char *what)
{
	char buf[16], dis[16];

	if (l->written_off_on != DATE_NONE)
		return error("loan %lld was written off on %s", (long long)l->id,
		    date_show(l->written_off_on, buf));
	if (day < l->terms.disbursed_day)
		return error("%s: %s is before the disbursal on %s", what,
		    date_show(day, buf), date_show(l->terms.disbursed_day, dis));
	return check_day(what, day);
}

static int
insert_allocs(struct db *db, int64_t pay_id, const struct loan_inst *in,
    const struct loancalc_allocation *a, int na, int sign)
{
	for (int i = 0; i < na; i++)
		if (db_run(db, "INSERT INTO loan_alloc (pay_id, inst_id, principal, "
		    "interest) VALUES (?,?,?,?)", "iiii", pay_id, in[a[i].seq - 1].id,
		    sign * a[i].principal, sign * a[i].interest) < 0)
			return -1;
	return 0;
}

static int
insert_pay(struct db *db, int64_t loan_id, int day, int64_t amount,
    const struct loancalc_allocation *a, int na, int64_t reverses,
    const char *note, int64_t *id)
{
	int64_t p = 0, it = 0;
	int sign = amount < 0 ? -1 : 1;

	for (int i = 0; i < na; i++) {
		p += a[i].principal;
		it += a[i].interest;
	}
	if (db_run(db, "INSERT INTO loan_pay (id, loan_id, paid_on, amount, "
	    "principal, interest, reverses, note, created_at) SELECT n, ?,?,?,?,"
	    "?,?, crypt_seal(?, 'loan_pay.note', n), ? FROM (SELECT "
	    "coalesce(max(id), 0) + 1 AS n FROM loan_pay)",
	    "iDiiiZti", loan_id, day, amount, sign * p, sign * it, reverses, note,
	    (int64_t)clock_now()) < 0)
		return -1;
	*id = db_last_id(db);
	return db_run(db, "UPDATE loan SET principal_paid = principal_paid + ? "
	    "WHERE id = ?", "ii", sign * p, loan_id);
}

int
loan_repay(struct db *db, int64_t loan_id, int64_t amount, int day,
    const char *note, int64_t *pay_id)
{
	struct loan l;
	struct loan_inst *in = NULL;
	struct loancalc_state *s = NULL;
	struct loancalc_allocation *a = NULL;
	int64_t *w = NULL;
	int n = 0, na = 0, ret = -1, daily;
	int64_t id;

	if (loan_get(db, loan_id, &l) < 0)
		return -1;
	daily = l.interest == LOAN_INTEREST_DAILY;
	if (check_open(&l, day, _("repayment date")) < 0 ||
	    loan_installments(db, loan_id, LOAN_DAY_MAX, &in, &n) < 0)
		goto out;
	s = to_states(in, n);
	w = xcalloc((size_t)(n ? n : 1), sizeof *w);
	/* a daily loan: interest not yet earned on day cannot be paid */
	if (daily && daily_waive(db, loan_id, in, s, n, day, 1, w) < 0)
		goto out;
	for (int i = 0; i < n; i++)
		s[i].interest_due -= w[i];
	if (loancalc_allocate(s, n, amount, &a, &na) < 0 ||
	    insert_pay(db, loan_id, day, amount, a, na, 0, note, &id) < 0 ||
	    insert_allocs(db, id, in, a, na, 1) < 0 ||
	    (daily && loancalc_outstanding_total(s, n) == 0 &&
	    insert_waivers(db, id, in, w, n, day) < 0) ||
	    update_paid_off_by(db, loan_id, id) < 0 || db_audit(db, "loan", loan_id,
	    "repay") < 0)
		goto out;
	if (pay_id)
		*pay_id = id;
	ret = 0;
out:
	free(w);
	free(a);
	free(s);
	free(in);
	loan_free(&l);
	return ret;
}

/* The allocation of repayment pay_id, as calculator parts whose seq is
 * the index + 1 of the installment in `in`. */
static int
load_allocs(struct db *db, int64_t pay_id, const struct loan_inst *in, int n,
    struct loancalc_allocation **out, int *na)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT inst_id, principal, interest "
	    "FROM loan_alloc WHERE pay_id = ? ORDER BY id");
	int rc, k;

	*out = xcalloc((size_t)(n ? n : 1), sizeof **out);
	*na = 0;
	if (!st || db_bind(db, st, "i", pay_id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW && *na < n) {
		int64_t inst = db_col_int(st, 0);
		for (k = 0; k < n && in[k].id != inst; k++)
			;
		(*out)[*na].seq = k + 1;        /* k == n: unknown, refused later */
		(*out)[*na].principal = db_col_int(st, 1);
		(*out)[(*na)++].interest = db_col_int(st, 2);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

struct pay_row {
	int64_t loan_id, amount, reverses, reversed_by;
	int day;
};

static int
get_pay(struct db *db, int64_t pay_id, struct pay_row *p)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT loan_id, amount, reverses, "
	    "reversed_by, paid_on FROM loan_pay WHERE id = ?");
	int rc;

	if (!st || db_bind(db, st, "i", pay_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		p->loan_id = db_col_int(st, 0);
		p->amount = db_col_int(st, 1);
		p->reverses = db_col_int(st, 2);
		p->reversed_by = db_col_int(st, 3);
		p->day = db_col_date(st, 4);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return error("repayment %lld not found", (long long)pay_id);
	if (rc < 0)
		return -1;
	if (p->reverses)
		return error("repayment %lld is itself a reversal", (long long)pay_id);
	if (p->reversed_by)
		return error("repayment %lld was already reversed", (long long)pay_id);
	return 0;
}

static int
check_reverse_day(const struct pay_row *p, int day)
{
	char a[16], b[16];

	if (day < p->day)
		return error("reversal date: %s is before the repayment on %s",
		    date_show(day, a), date_show(p->day, b));
	return check_day(_("reversal date"), day);
}

int
loan_reverse(struct db *db, int64_t pay_id, int day, const char *note,
    int64_t *rev_id)
{
	struct pay_row p = { 0 };
	struct loan_inst *in = NULL;
	struct loancalc_state *s = NULL;
	struct loancalc_allocation *a = NULL;
	int n = 0, na = 0, ret = -1;
	int64_t id;

	if (get_pay(db, pay_id, &p) < 0 || check_reverse_day(&p, day) < 0 ||
	    loan_installments(db, p.loan_id, LOAN_DAY_MAX, &in, &n) < 0)
		return -1;
	s = to_states(in, n);
	if (load_allocs(db, pay_id, in, n, &a, &na) < 0 ||
	    loancalc_unallocate(s, n, a, na) < 0 ||
	    insert_pay(db, p.loan_id, day, -p.amount, a, na, pay_id, note, &id) < 0 ||
	    insert_allocs(db, id, in, a, na, -1) < 0 ||
	    db_run(db, "UPDATE loan_pay SET reversed_by = ? WHERE id = ?", "ii",
	    id, pay_id) < 0 || restore_waivers(db, pay_id) < 0 ||
	    update_paid_off(db, p.loan_id) < 0 ||
	    db_audit(db, "loan_pay", pay_id, "reverse") < 0)
		goto out;
	if (rev_id)
		*rev_id = id;
	ret = 0;
out:
	free(a);
	free(s);
	free(in);
	return ret;
}

int
loan_pays(struct db *db, int64_t loan_id, struct loan_pay **out, int *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, paid_on, amount, principal, "
	    "interest, reverses, reversed_by, crypt_open(note, 'loan_pay.note', "
	    "id) FROM loan_pay WHERE loan_id = ? "
	    "ORDER BY paid_on, id");
	size_t cap = 8;
	int rc;

	*out = xcalloc(cap, sizeof **out);
	*n = 0;
	if (!st || db_bind(db, st, "i", loan_id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct loan_pay *p;
		if ((size_t)*n == cap)
			*out = xrealloc(*out, (cap *= 2) * sizeof **out);
		p = &(*out)[(*n)++];
		p->id = db_col_int(st, 0);
		p->day = db_col_date(st, 1);
		p->amount = db_col_int(st, 2);
		p->principal = db_col_int(st, 3);
		p->interest = db_col_int(st, 4);
		p->reverses = db_col_int(st, 5);
		p->reversed_by = db_col_int(st, 6);
		p->note = db_col_text(st, 7) ? xstrdup(db_col_text(st, 7)) : NULL;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

void
loan_pays_free(struct loan_pay *p, int n)
{
	for (int i = 0; p && i < n; i++)
		free(p[i].note);
	free(p);
}

/* The latest plan start or repayment of a loan (DATE_NONE: none). */
static int
last_event_day(struct db *db, int64_t loan_id, int *out)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(d) FROM (SELECT starts_on "
	    "AS d FROM loan_plan WHERE loan_id = ?1 UNION ALL SELECT paid_on "
	    "FROM loan_pay WHERE loan_id = ?1)");
	int rc;

	*out = DATE_NONE;
	if (!st || db_bind(db, st, "i", loan_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		*out = db_col_date(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* A rescheduling may not predate the current plan or a repayment. */
static int
check_resched_day(struct db *db, const struct loan *l, int day)
{
	char a[16], b[16];
	int last;

	if (check_open(l, day, _("rescheduling date")) < 0 ||
	    last_event_day(db, l->id, &last) < 0)
		return -1;
	if (last != DATE_NONE && day < last)
		return error("rescheduling date: %s is before the last schedule or "
		    "repayment (%s)", date_show(day, a), date_show(last, b));
	return 0;
}

/* Close the current installments: unpaid principal always, unpaid
 * interest of those not yet due on day. */
static int
close_installments(struct db *db, const struct loan_inst *in, int n, int day)
{
	for (int i = 0; i < n; i++) {
		int64_t p = in[i].principal - in[i].principal_paid;
		int64_t it = in[i].due_day > day ?
		    in[i].interest - in[i].interest_paid : 0;
		if (p == 0 && it == 0)
			continue;
		if (db_run(db, "UPDATE loan_inst SET void_on = ?, principal_void = "
		    "principal_void + ?, interest_void = interest_void + ? "
		    "WHERE id = ?", "Diii", day, p, it, in[i].id) < 0)
			return -1;
	}
	return 0;
}

static int
resched_apply(struct db *db, struct loan *l, struct loancalc_terms *nt,
    const char *reason)
{
	struct loan_inst *in;
	int n, rc;

	if (loan_installments(db, l->id, LOAN_DAY_MAX, &in, &n) < 0)
		return -1;
	nt->principal = 0;
	for (int i = 0; i < n; i++)
		nt->principal += in[i].principal - in[i].principal_paid;
	rc = nt->principal > 0 ? 0 :
	    error("loan %lld has no principal left to reschedule", (long long)l->id);
	if (rc == 0)
		rc = loancalc_validate(nt);
	if (rc == 0)
		rc = close_installments(db, in, n, nt->disbursed_day);
	free(in);
	if (rc < 0)
		return -1;
	l->plan++;
	if (insert_plan(db, l->id, l->plan, nt, reason) < 0 ||
	    insert_schedule(db, l->id, l->plan, nt) < 0 ||
	    db_run(db, "UPDATE loan SET plan = ? WHERE id = ?", "di", l->plan,
	    l->id) < 0 || update_paid_off(db, l->id) < 0)
		return -1;
	return db_audit(db, "loan", l->id, "reschedule");
}

int
loan_reschedule(struct db *db, int64_t loan_id, const struct loancalc_terms *t,
    const char *reason)
{
	struct loancalc_terms nt = *t;
	struct loan l;
	int rc;

	if (loan_get(db, loan_id, &l) < 0)
		return -1;
	rc = check_resched_day(db, &l, t->disbursed_day);
	if (rc == 0)
		rc = resched_apply(db, &l, &nt, reason);
	loan_free(&l);
	return rc;
}

int
loan_writeoff(struct db *db, int64_t loan_id, int day, const char *reason)
{
	struct loan_state s;
	struct loan l;
	int rc;

	if (str_empty(reason))
		return error("write-off: a reason is needed");
	if (loan_get(db, loan_id, &l) < 0)
		return -1;
	rc = check_open(&l, day, _("write-off date"));
	if (rc == 0)
		rc = loan_state_at(db, loan_id, LOAN_DAY_MAX, &s);
	if (rc == 0 && s.outstanding == 0)
		rc = error("loan %lld is repaid: nothing to write off",
		    (long long)loan_id);
	if (rc == 0)
		rc = db_run(db, "UPDATE loan SET written_off_on = ?1, "
		    "writeoff_reason = crypt_seal(?2, 'loan.writeoff_reason', id) "
		    "WHERE id = ?3", "Dti", day, reason, loan_id);
	if (rc == 0)
		rc = db_audit(db, "loan", loan_id, "writeoff");
	loan_free(&l);
	return rc;
}

int
loan_ids_of_person(struct db *db, int64_t person_id, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT id FROM loan WHERE person_id = ? "
	    "ORDER BY disbursed_on, id";
	sqlite3_stmt *st;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "i", person_id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		*ids = xrealloc(*ids, (size_t)(*n + 1) * sizeof **ids);
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_reset(st);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static const char list_sql[] =
    "SELECT l.id, l.person_id, p.case_code, g.name, l.source, l.principal, "
    "l.disbursed_on FROM loan l JOIN person p ON p.id = l.person_id "
    "LEFT JOIN grp g ON g.id = l.group_id "
    "WHERE (?1 IS NULL OR l.person_id = ?1) AND (?2 IS NULL OR l.group_id = ?2) "
    "AND l.disbursed_on <= ?3 ORDER BY l.id";

int
loan_list(struct db *db, int64_t person_id, int64_t group_id, int day,
    int (*fn)(const struct loan_item *l, void *arg), void *arg)
{
	sqlite3_stmt *st = db_prepare(db, list_sql);
	struct loan_item l;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "ZZD", person_id, group_id, day) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		l = (struct loan_item){ .id = db_col_int(st, 0),
			.person_id = db_col_int(st, 1),
			.case_code = db_col_text(st, 2), .group = db_col_text(st, 3),
			.source = db_col_text(st, 4), .principal = db_col_int(st, 5),
			.disbursed_day = db_col_date(st, 6) };
		stop = fn(&l, arg);
	}
	db_reset(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : -1;
}
