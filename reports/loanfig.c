/*
 * loanfig.c - the summary report's loan figures counted fast: the same
 * struct loan_summary as loan_summary_place (groups/loan.h), by the same
 * rules, but the sums over the period's whole months taken from the month
 * rollups (pay_month, due_month of migration 16) and the portfolio at the
 * end read only from the loans that can still owe. summary_build_raw
 * calls loan_summary_place instead; the tests and "report verify" compare
 * the two. Part of the summary module (summary.h); parameters bound as in
 * summary.c (?1..?3 the place, ?4 from, ?5 to).
 */
#include "reports/summary.h"

#include <string.h>

#include "core/log.h"
#include "reports/summary_int.h"

/* Loan l is of a borrower in the place (no lookup without a place). */
#define BORROWER "WHERE " PERSON_IN_PLACE("l.person_id")
/* Valid repayments. */
#define PAY_VALID "reverses IS NULL AND reversed_by IS NULL"
/* What is due on installment i on its due day, as loan.h counts it. */
#define INST_DUE \
    "(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on " \
    "THEN i.principal_void + i.interest_void ELSE 0 END)"
static const char disbursed_sql[] =
    "SELECT count(*), count(DISTINCT l.person_id), "
    "coalesce(sum(l.principal), 0) FROM loan l " BORROWER
    " AND l.disbursed_on BETWEEN ?4 AND ?5";

/* Repaid: whole months from pay_month, the days around from the rows. */
static const char repaid_days_sql[] =
    "SELECT coalesce(sum(amount), 0) FROM loan_pay WHERE paid_on BETWEEN ?4 "
    "AND ?5 AND " PAY_VALID " AND " LOAN_IN_PLACE("loan_id");
static const char repaid_months_sql[] =
    "SELECT coalesce(sum(amount), 0) FROM pay_month "
    "WHERE month BETWEEN ?4 AND ?5 AND " PLACE("pay_month");

/* Due in the period (the rate's base), loans written off on or before
 * the due day left out: whole months from due_month. */
static const char due_days_sql[] =
    "SELECT coalesce(sum(" INST_DUE "), 0) FROM loan_inst i "
    "JOIN loan l ON l.id = i.loan_id WHERE " PERSON_AT_PLACE("l.person_id")
    " AND i.due_on BETWEEN ?4 AND ?5 "
    "AND (l.written_off_on IS NULL OR l.written_off_on > i.due_on)";
static const char due_months_sql[] =
    "SELECT coalesce(sum(due), 0) FROM due_month "
    "WHERE month BETWEEN ?4 AND ?5 AND " PLACE("due_month");

/*
 * Installments not paid off by ?5 and due by then, each with what valid
 * repayments made by then put on it: what is kept on the installment
 * (loan_inst.paid, groups/schema.c migration 22) less what repayments
 * made after ?5 put on it (few when ?5 is recent). A paid-off one was
 * repaid in full: only these can fall short or be in arrears; those paid
 * off after ?5 are found by that day, few, not by due day. Two figures
 * of them: what fell short on those due in the period (the rate's repaid
 * part is what was due less that), and the loans in arrears at ?5 as
 * loan_arrears lists them (something due before ?5 left to pay).
 */
#define UNPAID_COLS "id, loan_id, due_on, principal, interest, void_on, " \
    "principal_void, interest_void, paid"
static const char unpaid_sql[] =
    "WITH late AS MATERIALIZED (SELECT a.inst_id AS id, "
    "sum(a.principal + a.interest) AS amount FROM loan_pay lp "
    "CROSS JOIN loan_alloc a ON a.pay_id = lp.id WHERE lp.paid_on > ?5 "
    "AND lp.reverses IS NULL AND lp.reversed_by IS NULL GROUP BY 1), "
    "u AS (SELECT " UNPAID_COLS " FROM loan_inst WHERE paid_off_on IS NULL "
    "AND due_on <= ?5 UNION ALL SELECT " UNPAID_COLS " FROM loan_inst "
    "WHERE paid_off_on > ?5 AND +due_on <= ?5), "
    "p AS MATERIALIZED (SELECT i.loan_id, i.due_on, " INST_DUE " AS due, "
    "(i.principal + i.interest - CASE WHEN i.void_on <= ?5 "
    "THEN i.principal_void + i.interest_void ELSE 0 END) AS due_end, "
    "i.paid - coalesce(late.amount, 0) AS paid FROM u i "
    "LEFT JOIN late ON late.id = i.id) "
    "SELECT (SELECT coalesce(sum(p.due - min(p.paid, p.due)), 0) FROM p "
    "JOIN loan l ON l.id = p.loan_id " BORROWER " AND p.due_on >= ?4 "
    "AND (l.written_off_on IS NULL OR l.written_off_on > p.due_on)), "
    "(SELECT count(*) FROM loan l " BORROWER " AND l.id IN (SELECT loan_id "
    "FROM p WHERE p.due_on < ?5 AND p.due_end - p.paid > 0) "
    "AND l.disbursed_on <= ?5 "
    "AND (l.written_off_on IS NULL OR l.written_off_on > ?5))";

/* Principal outstanding at ?5 on the books then, and the part of it at
 * risk (an installment due more than 30 days before ?5 unpaid at ?5).
 * A loan owes at ?5 only when it owes now (loan_owing) or was repaid
 * after ?5: what it owes now plus the principal repaid after ?5 (read
 * by day: the index by loan would read every repayment). */
static const char outstanding_sql[] =
    "WITH late AS MATERIALIZED (SELECT loan_id AS id, sum(principal) AS p "
    "FROM loan_pay INDEXED BY loan_pay_day WHERE paid_on > ?5 AND " PAY_VALID " GROUP BY 1), "
    "c AS (SELECT id, person_id, principal - principal_paid AS owes, "
    "disbursed_on, written_off_on FROM loan WHERE principal_paid < principal "
    "UNION SELECT l.id, l.person_id, l.principal - l.principal_paid, "
    "l.disbursed_on, l.written_off_on FROM late JOIN loan l ON l.id = late.id), "
    "o AS MATERIALIZED (SELECT c.id, c.owes + coalesce(late.p, 0) AS v "
    "FROM c LEFT JOIN late ON late.id = c.id "
    "WHERE " PERSON_IN_PLACE("c.person_id") " AND c.disbursed_on <= ?5 "
    "AND (c.written_off_on IS NULL OR c.written_off_on > ?5)), "
    "risk AS (SELECT loan_id FROM loan_inst WHERE paid_off_on IS NULL "
    "AND due_on < date(?5, '-30 days') UNION SELECT loan_id FROM loan_inst "
    "WHERE paid_off_on > ?5 AND due_on < date(?5, '-30 days')) "
    "SELECT count(*), coalesce(sum(v), 0), coalesce(sum(CASE WHEN id IN "
    "(SELECT loan_id FROM risk) THEN v END), 0) FROM o WHERE v > 0";

/* Capital lent (loans) and given (supports of type capital) in the
 * period to people in the place, and the people who got it either way,
 * as loan_capital_place counts them. */
static const char capital_sql[] =
    "SELECT coalesce(sum(x.k = 'loan'), 0), "
    "coalesce(sum(CASE WHEN x.k = 'loan' THEN x.v END), 0), "
    "coalesce(sum(x.k = 'support'), 0), "
    "coalesce(sum(CASE WHEN x.k = 'support' THEN x.v END), 0), "
    "count(DISTINCT x.pid) FROM (SELECT 'loan' AS k, l.principal AS v, "
    "l.person_id AS pid FROM loan l WHERE l.disbursed_on BETWEEN ?4 AND ?5 "
    "UNION ALL SELECT 'support', s.value, s.person_id FROM support s "
    "WHERE s.type = 'capital' AND s.given_on BETWEEN ?4 AND ?5) x "
    "WHERE " PERSON_IN_PLACE("x.pid");

/* Step st (NULL after an error) and add its first n columns times sign
 * to v. */
static int
add_row_signed(struct db *db, sqlite3_stmt *st, int sign, int64_t *v, int n)
{
	int rc;

	if (!st)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			v[i] += sign * db_col_int(st, i);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
add_row(struct db *db, sqlite3_stmt *st, int64_t *v, int n)
{
	return add_row_signed(db, st, 1, v, n);
}

/* A sum over the period: whole months from months_sql, the days around
 * them added or taken off from days_sql (summary_cut). */
static int
period_sum(struct db *db, const struct summary *s, const char *days_sql,
    const char *months_sql, int64_t *v)
{
	struct summary_cut cut;

	*v = 0;
	summary_cut(s, &cut);
	for (int i = 0; i < cut.nraw; i++)
		if (add_row_signed(db, summary_query_days(db, s, days_sql,
		    cut.raw_from[i], cut.raw_to[i]), cut.raw_sign[i], v, 1) < 0)
			return -1;
	if (cut.mfrom[0] && add_row(db, summary_query_months(db, s, months_sql,
	    &cut), v, 1) < 0)
		return -1;
	return 0;
}

int
summary_loans(struct db *db, const struct summary *s, struct loan_summary *out)
{
	int64_t d[3] = { 0, 0, 0 }, o[3] = { 0, 0, 0 }, u[2] = { 0, 0 };

	memset(out, 0, sizeof *out);
	if (add_row(db, summary_query(db, s, disbursed_sql), d, 3) < 0 ||
	    period_sum(db, s, repaid_days_sql, repaid_months_sql,
	    &out->repaid) < 0 ||
	    period_sum(db, s, due_days_sql, due_months_sql, &out->due) < 0 ||
	    add_row(db, summary_query(db, s, unpaid_sql), u, 2) < 0 ||
	    add_row(db, summary_query(db, s, outstanding_sql), o, 3) < 0)
		return -1;
	out->disbursed = (int)d[0];
	out->persons = (int)d[1];
	out->disbursed_amount = d[2];
	out->due_repaid = out->due - u[0];
	out->in_arrears = (int)u[1];
	out->outstanding_loans = (int)o[0];
	out->outstanding = o[1];
	out->at_risk = o[2];
	return 0;
}

int
summary_capital(struct db *db, const struct summary *s, struct loan_capital *out)
{
	int64_t v[5] = { 0, 0, 0, 0, 0 };

	memset(out, 0, sizeof *out);
	if (add_row(db, summary_query(db, s, capital_sql), v, 5) < 0)
		return -1;
	out->lent = (int)v[0];
	out->lent_amount = v[1];
	out->given = (int)v[2];
	out->given_amount = v[3];
	out->persons = (int)v[4];
	out->total = out->lent_amount + out->given_amount;
	return 0;
}
