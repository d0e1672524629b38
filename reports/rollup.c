/*
 * rollup.c - the summary report's month rollups (groups/schema.c,
 * migration 16): how a period is cut into whole months read from them
 * and the days around them read from the raw rows, and the check that
 * the rollups (and what is kept as repaid on each installment, and as
 * answered on each message) equal a recomputation from the raw rows
 * (summary_verify).
 * Part of the summary module (summary.h).
 */
#include "reports/summary.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "reports/summary_int.h"

static void
month_text(int day, char *buf)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 8, "%04d-%02d", y, m);
}

/* Add the raw piece from..to to c with sign. */
static void
cut_piece(struct summary_cut *c, int from, int to, int sign)
{
	c->raw_from[c->nraw] = from;
	c->raw_to[c->nraw] = to;
	c->raw_sign[c->nraw++] = sign;
}

/*
 * The whole months of from..to go to the rollups; the days before the
 * first and after the last whole month (at most a month each) to the raw
 * rows, or, when the rest of that month is shorter, the month goes to
 * the rollups whole and its days outside the period are taken off from
 * the raw rows (a period ending today reads no days after it, which are
 * in the future). A report built with raw set reads everything from the
 * raw rows.
 */
void
summary_cut(const struct summary *s, struct summary_cut *c)
{
	int y, m, d, ty, tm, td, first, last, mstart, mend;

	memset(c, 0, sizeof *c);
	date_to_ymd(s->from, &y, &m, &d);
	date_to_ymd(s->to, &ty, &tm, &td);
	mstart = date_from_ymd(y, m, 1);
	mend = date_from_ymd(ty, tm, date_days_in_month(ty, tm));
	first = d == 1 ? s->from : date_from_ymd(m == 12 ? y + 1 : y,
	    m == 12 ? 1 : m + 1, 1);
	last = s->to == mend ? s->to : date_from_ymd(ty, tm, 1) - 1;
	if (s->raw || first > last) {
		cut_piece(c, s->from, s->to, 1);
		return;
	}
	if (s->from < first) {
		if (first - s->from <= s->from - mstart)
			cut_piece(c, s->from, first - 1, 1);
		else {
			cut_piece(c, mstart, s->from - 1, -1);
			first = mstart;
		}
	}
	if (last < s->to) {
		if (s->to - last <= mend - s->to)
			cut_piece(c, last + 1, s->to, 1);
		else {
			cut_piece(c, s->to + 1, mend, -1);
			last = mend;
		}
	}
	month_text(first, c->mfrom);
	month_text(last, c->mto);
}

sqlite3_stmt *
summary_query_days(struct db *db, const struct summary *s, const char *sql,
    int from, int to)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st || db_bind(db, st, "tttDD", s->place.province,
	    s->place.district, s->place.commune, from, to) < 0)
		return NULL;
	return st;
}

sqlite3_stmt *
summary_query_months(struct db *db, const struct summary *s, const char *sql,
    const struct summary_cut *c)
{
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st || db_bind(db, st, "ttttt", s->place.province,
	    s->place.district, s->place.commune, c->mfrom, c->mto) < 0)
		return NULL;
	return st;
}

/* The rollups recomputed from the raw rows (as migration 16 fills them)
 * beside what is kept, one row per key where they differ: both sets in
 * one grouping (a key missing on one side counts zeros there). */
static const char verify_att_sql[] =
    "SELECT month, group_id, sum(km), sum(kp), sum(kl), sum(ke), sum(ka), "
    "sum(rm), sum(rp), sum(rl), sum(re), sum(ra) FROM ("
    "SELECT month, group_id, meetings AS km, present AS kp, late AS kl, "
    "excused AS ke, absent AS ka, 0 AS rm, 0 AS rp, 0 AS rl, 0 AS re, "
    "0 AS ra FROM att_month "
    "UNION ALL SELECT substr(m.held_on, 1, 7), m.group_id, 0, 0, 0, 0, 0, "
    "1, coalesce(a.present, 0), coalesce(a.late, 0), "
    "coalesce(a.excused, 0), coalesce(a.absent, 0) "
    "FROM meeting m LEFT JOIN (SELECT meeting_id, "
    "sum(status = 'present') AS present, sum(status = 'late') AS late, "
    "sum(status = 'excused') AS excused, sum(status = 'absent') AS absent "
    "FROM attendance GROUP BY meeting_id) a ON a.meeting_id = m.id) "
    "GROUP BY 1, 2 HAVING sum(km) <> sum(rm) OR sum(kp) <> sum(rp) "
    "OR sum(kl) <> sum(rl) OR sum(ke) <> sum(re) OR sum(ka) <> sum(ra) "
    "ORDER BY 1, 2";
static const char verify_pay_sql[] =
    "SELECT month, province, district, commune, sum(k), sum(r) FROM ("
    "SELECT month, province, district, commune, amount AS k, 0 AS r "
    "FROM pay_month UNION ALL "
    "SELECT substr(lp.paid_on, 1, 7), coalesce(pe.province, ''), "
    "coalesce(pe.district, ''), coalesce(pe.commune, ''), 0, lp.amount "
    "FROM loan_pay lp JOIN loan l ON l.id = lp.loan_id "
    "JOIN person pe ON pe.id = l.person_id "
    "WHERE lp.reverses IS NULL AND lp.reversed_by IS NULL) "
    "GROUP BY 1, 2, 3, 4 HAVING sum(k) <> sum(r) ORDER BY 1, 2, 3, 4";

#define INST_DUE \
    "(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on " \
    "THEN i.principal_void + i.interest_void ELSE 0 END)"
static const char verify_due_sql[] =
    "SELECT month, province, district, commune, sum(k), sum(r) FROM ("
    "SELECT month, province, district, commune, due AS k, 0 AS r "
    "FROM due_month UNION ALL "
    "SELECT substr(i.due_on, 1, 7), coalesce(pe.province, ''), "
    "coalesce(pe.district, ''), coalesce(pe.commune, ''), 0, " INST_DUE " "
    "FROM loan_inst i JOIN loan l ON l.id = i.loan_id "
    "JOIN person pe ON pe.id = l.person_id "
    "WHERE l.written_off_on IS NULL OR l.written_off_on > i.due_on) "
    "GROUP BY 1, 2, 3, 4 HAVING sum(k) <> sum(r) ORDER BY 1, 2, 3, 4";

/* Installments whose kept paid amount (loan_inst.paid, groups/schema.c
 * migration 22) differs from what the valid repayments' allocations put
 * on them. */
static const char verify_paid_sql[] =
    "SELECT i.id, i.loan_id, i.paid, x.paid FROM loan_inst i "
    "JOIN (SELECT i.id, coalesce(sum(a.principal + a.interest) FILTER "
    "(WHERE p.reverses IS NULL AND p.reversed_by IS NULL), 0) AS paid "
    "FROM loan_inst i LEFT JOIN loan_alloc a ON a.inst_id = i.id "
    "LEFT JOIN loan_pay p ON p.id = a.pay_id GROUP BY i.id) x "
    "ON x.id = i.id WHERE x.paid <> i.paid ORDER BY i.id";

/* Whether a reply answers each message (outbox.answered, sms/schema.c
 * migration 23) beside the replies, where they differ. */
static const char verify_answered_sql[] =
    "SELECT o.id, o.answered, EXISTS (SELECT 1 FROM inbox i "
    "WHERE i.answers = o.id) AS r FROM outbox o WHERE o.answered <> r "
    "ORDER BY o.id";

static const char *const att_cols[] = {
	"meetings", "present", "late", "excused", "absent",
};

static int
verify_att(struct db *db, FILE *out)
{
	sqlite3_stmt *st = db_prepare(db, verify_att_sql);
	int rc, n = 0;

	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		for (int i = 0; i < 5; i++) {
			int64_t kept = db_col_int(st, 2 + i);
			int64_t raw = db_col_int(st, 7 + i);
			if (kept == raw)
				continue;
			/* TRANSLATORS: a difference found by "report verify":
			 * month, group number, what is counted (meetings,
			 * present...: a code), the rollup's figure and the raw
			 * rows'. */
			fprintf(out, _("attendance rollup %s, group %" PRId64
			    ": %s is %" PRId64 ", the rows give %" PRId64 "\n"),
			    db_col_text(st, 0), db_col_int(st, 1), att_cols[i],
			    kept, raw);
			n++;
		}
	db_reset(st);
	return rc < 0 ? -1 : n;
}

/* The repayments (what is "repaid", sql verify_pay_sql) or what falls
 * due (verify_due_sql) by month and place. */
static int
verify_place(struct db *db, const char *sql, const char *what, FILE *out)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc, n = 0;

	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		/* TRANSLATORS: a difference found by "report verify": what
		 * (repaid, due: a code), month, province, district, commune,
		 * the rollup's amount and the raw rows' (whole đồng). */
		fprintf(out, _("%s rollup %s, %s / %s / %s: %" PRId64
		    " kept, the rows give %" PRId64 "\n"), what, db_col_text(st, 0),
		    db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
		    db_col_int(st, 4), db_col_int(st, 5));
		n++;
	}
	db_reset(st);
	return rc < 0 ? -1 : n;
}

/* What is kept paid on each installment (verify_paid_sql). */
static int
verify_paid(struct db *db, FILE *out)
{
	sqlite3_stmt *st = db_prepare(db, verify_paid_sql);
	int rc, n = 0;

	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		/* TRANSLATORS: a difference found by "report verify": the
		 * installment's number, its loan's, the amount paid kept on
		 * it and the one its repayments give (whole đồng). */
		fprintf(out, _("installment %" PRId64 " of loan L%" PRId64
		    ": %" PRId64 " paid kept, the repayments give %" PRId64 "\n"),
		    db_col_int(st, 0), db_col_int(st, 1), db_col_int(st, 2),
		    db_col_int(st, 3));
		n++;
	}
	db_reset(st);
	return rc < 0 ? -1 : n;
}

static int
verify_answered(struct db *db, FILE *out)
{
	sqlite3_stmt *st = db_prepare(db, verify_answered_sql);
	int rc, n = 0;

	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		/* TRANSLATORS: a difference found by "report verify": the
		 * number of a message sent, what is kept (1: a reply answers
		 * it, 0: none does) and what the replies stored say. */
		fprintf(out, _("message %" PRId64 ": kept as answered %" PRId64
		    ", the replies give %" PRId64 "\n"), db_col_int(st, 0),
		    db_col_int(st, 1), db_col_int(st, 2));
		n++;
	}
	db_reset(st);
	return rc < 0 ? -1 : n;
}

int
summary_verify(struct db *db, FILE *out)
{
	int a, p, d, i, m;

	if ((a = verify_att(db, out)) < 0 ||
	    (p = verify_place(db, verify_pay_sql, "repaid", out)) < 0 ||
	    (d = verify_place(db, verify_due_sql, "due", out)) < 0 ||
	    (i = verify_paid(db, out)) < 0 ||
	    (m = verify_answered(db, out)) < 0)
		return -1;
	return a + p + d + i + m;
}

static int
compare_sections(const struct summary *a, const struct summary *b, FILE *out)
{
	int n = 0;

	for (int i = 0; i < a->nsec && i < b->nsec; i++) {
		const struct summary_section *x = &a->sec[i], *y = &b->sec[i];
		for (int j = 0; j < x->nrows; j++) {
			const struct summary_row *r = &x->rows[j];
			for (int k = 0; k < x->ncols; k++) {
				int64_t w = summary_get(b, x->name, r->item,
				    x->cols[k].name);
				if (w == r->v[k])
					continue;
				/* TRANSLATORS: a figure that differs between
				 * two reports: section, item, measure (codes),
				 * the two values. */
				fprintf(out, _("%s, %s, %s: %" PRId64 " and %"
				    PRId64 "\n"), x->name, r->item,
				    x->cols[k].name, r->v[k], w);
				n++;
			}
		}
		if (x->nrows != y->nrows) {
			fprintf(out, _("%s: %d rows and %d\n"), x->name,
			    x->nrows, y->nrows);
			n++;
		}
	}
	return n;
}

static int
compare_months(const struct summary *a, const struct summary *b, FILE *out)
{
	int n = 0;

	for (int i = 0; i < a->nmonths && i < b->nmonths; i++) {
		const struct summary_month *x = &a->months[i], *y = &b->months[i];
		if (x->repaid == y->repaid && x->attended == y->attended &&
		    x->recorded == y->recorded)
			continue;
		/* TRANSLATORS: a month of the charts that differs between two
		 * reports: year, month, then repaid, attended and recorded
		 * in each. */
		fprintf(out, _("month %04d-%02d: %" PRId64 " %" PRId64 " %" PRId64
		    " and %" PRId64 " %" PRId64 " %" PRId64 "\n"), x->year,
		    x->month, x->repaid, x->attended, x->recorded, y->repaid,
		    y->attended, y->recorded);
		n++;
	}
	return n;
}

int
summary_compare(const struct summary *a, const struct summary *b, FILE *out)
{
	int n = 0;

	if (a->nsec != b->nsec || a->nmonths != b->nmonths) {
		fprintf(out, _("the reports have %d and %d sections, %d and %d "
		    "months\n"), a->nsec, b->nsec, a->nmonths, b->nmonths);
		n++;
	}
	return n + compare_sections(a, b, out) + compare_months(a, b, out);
}
