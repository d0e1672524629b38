/*
 * loanreview.c - the loan portfolio at a date: loans in arrears,
 * portfolio at risk, repayment rates, coordinator figures and the
 * installments the SMS reminders need. Part of the loan module (loan.h).
 *
 * Each function answers with a fixed number of aggregate queries over all
 * loans, never one query per loan: loan_inst.paid_off_on (kept by loan.c)
 * finds the installments unpaid at a date through an index.
 */
#include "groups/loan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"
#include "groups/scope.h"

/* What is due on an installment at ?1 once any rescheduling effective by
 * then is taken off. */
#define INST_DUE_AT \
    "(i.principal + i.interest - CASE WHEN i.void_on <= ?1 " \
    "THEN i.principal_void + i.interest_void ELSE 0 END)"
/* What valid repayments made by ?1 put on installment i: what is kept on
 * it (loan_inst.paid, all valid repayments; groups/schema.c migration
 * 22) less what repayments made after ?1 put on it, looked up only for
 * the few installments those touch (the IN list is built once). */
#define INST_PAID_AFTER \
    "coalesce((SELECT sum(a.principal + a.interest) FROM loan_alloc a " \
    "JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = i.id " \
    "AND p.paid_on > ?1 AND p.reverses IS NULL AND p.reversed_by IS NULL), 0)"
#define INST_PAID_KEPT_BY \
    "(i.paid - CASE WHEN i.id IN (SELECT a.inst_id FROM loan_pay p " \
    "JOIN loan_alloc a ON a.pay_id = p.id WHERE p.paid_on > ?1 " \
    "AND p.reverses IS NULL AND p.reversed_by IS NULL) " \
    "THEN " INST_PAID_AFTER " ELSE 0 END)"
/* Principal of loan l outstanding at ?1: loan.principal_paid holds all
 * valid repayments; those made after ?1 are added back. */
#define LOAN_OUTSTANDING \
    "(l.principal - l.principal_paid + coalesce((SELECT sum(principal) " \
    "FROM loan_pay WHERE loan_id = l.id AND paid_on > ?1 AND reverses IS NULL " \
    "AND reversed_by IS NULL), 0))"
/* Loan l is on the books at ?1. */
#define LOAN_LIVE \
    "l.disbursed_on <= ?1 AND (l.written_off_on IS NULL OR l.written_off_on > ?1)"
/* Borrower pe lives in the place given by parameters a, b, c (province,
 * district, commune; NULL matches any), ignoring ASCII case. */
#define BORROWER_IN(a, b, c) \
    "(" a " IS NULL OR pe.province = " a " COLLATE NOCASE) AND " \
    "(" b " IS NULL OR pe.district = " b " COLLATE NOCASE) AND " \
    "(" c " IS NULL OR pe.commune = " c " COLLATE NOCASE)"

/* A place filter; NULL fields match any. people, when not NULL, keeps
 * only the borrowers among its npeople ids (ascending). */
struct place {
	const char *province, *district, *commune;
	const int64_t *people;
	int npeople;
};

static const struct place place_any = { NULL, NULL, NULL, NULL, 0 };

static int
place_keeps(const struct place *pl, int64_t person_id)
{
	return !pl->people || scope_has(pl->people, pl->npeople, person_id);
}

/* Each installment due before ?1 not paid off by ?1: its loan, due day
 * and what is left to pay at ?1 (a loan is in arrears at ?1 when that is
 * more than 0 for one of its installments; loans still have to be
 * checked with LOAN_LIVE). */
static const char unpaid_sql[] =
    "SELECT i.loan_id, i.due_on, " INST_DUE_AT " - " INST_PAID_KEPT_BY " "
    "FROM loan_inst i WHERE i.paid_off_on IS NULL AND i.due_on < ?1 "
    "UNION ALL "
    "SELECT i.loan_id, i.due_on, " INST_DUE_AT " - " INST_PAID_KEPT_BY " "
    "FROM loan_inst i WHERE i.paid_off_on > ?1 AND i.due_on < ?1";

/* A loan in arrears before its row is read. */
struct lo {
	int64_t loan_id;
	int oldest;                     /* oldest unpaid due day */
	int64_t overdue;
};

static int
lo_cmp(const void *a, const void *b)
{
	const struct lo *x = a, *y = b;

	if (x->loan_id != y->loan_id)
		return x->loan_id < y->loan_id ? -1 : 1;
	return (x->oldest > y->oldest) - (x->oldest < y->oldest);
}

/* Sum sorted rows v[0..nv) of each loan into the first: the oldest day
 * is the first's. The number of loans. */
static int
lo_merge(struct lo *v, size_t nv)
{
	int k = 0;

	for (size_t i = 0; i < nv; i++) {
		if (k > 0 && v[k - 1].loan_id == v[i].loan_id)
			v[k - 1].overdue += v[i].overdue;
		else
			v[k++] = v[i];
	}
	return k;
}

/* The loans in arrears at day, by id, and their ids as a JSON array for
 * json_each. The unpaid installments are summed by loan here: a GROUP BY
 * sorts them, ten times the cost of reading them. */
static int
arrears_lo(struct db *db, int day, struct lo **out, int *n, char **ids)
{
	sqlite3_stmt *st = db_prepare(db, unpaid_sql);
	struct buf b = { 0 };
	struct lo *v = NULL;
	size_t cap = 0, nv = 0;
	int rc;

	*out = NULL;
	*n = 0;
	*ids = NULL;
	if (!st || db_bind(db, st, "D", day) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (db_col_int(st, 2) <= 0)
			continue;
		if (nv == cap)
			v = xrealloc(v, (cap = cap ? cap * 2 : 1024) * sizeof *v);
		v[nv].loan_id = db_col_int(st, 0);
		v[nv].oldest = db_col_date(st, 1);
		v[nv++].overdue = db_col_int(st, 2);
	}
	db_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return -1;
	}
	if (nv > 1)
		qsort(v, nv, sizeof *v, lo_cmp);
	*n = lo_merge(v, nv);
	buf_addc(&b, '[');
	for (int i = 0; i < *n; i++)
		buf_addf(&b, i ? ",%lld" : "%lld", (long long)v[i].loan_id);
	buf_addc(&b, ']');
	*ids = buf_detach(&b);
	*out = v;
	return 0;
}

/* The rows of the loans of ?5 (arrears_lo's ids; j.key is the index)
 * on the books at ?1 whose borrower lives in the place ?2, ?3, ?4. */
static const char arrears_sql[] =
    "SELECT j.key, l.id, l.person_id, pe.case_code, g.name, "
    "g.organiser_name, pe.commune, l.source, " LOAN_OUTSTANDING ", "
    "(SELECT max(paid_on) FROM loan_pay WHERE loan_id = l.id AND paid_on <= ?1 "
    "AND reverses IS NULL AND reversed_by IS NULL), "
    "(SELECT max(visit_on) FROM visit WHERE person_id = l.person_id "
    "AND visit_on <= ?1) "
    "FROM json_each(?5) j JOIN loan l ON l.id = j.value "
    "JOIN person pe ON pe.id = l.person_id LEFT JOIN grp g ON g.id = l.group_id "
    "WHERE " LOAN_LIVE " AND " BORROWER_IN("?2", "?3", "?4");

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void
arrear_from_row(sqlite3_stmt *st, int day, const struct lo *lo,
    struct loan_arrear *a)
{
	memset(a, 0, sizeof *a);
	a->loan_id = db_col_int(st, 1);
	a->person_id = db_col_int(st, 2);
	snprintf(a->case_code, sizeof a->case_code, "%s", db_col_text(st, 3));
	a->group_name = dup_or_null(db_col_text(st, 4));
	a->organiser = dup_or_null(db_col_text(st, 5));
	a->commune = dup_or_null(db_col_text(st, 6));
	a->source = dup_or_null(db_col_text(st, 7));
	a->days_overdue = day - lo->oldest;
	a->overdue = lo->overdue;
	a->outstanding_principal = db_col_int(st, 8);
	a->last_paid_day = db_col_date(st, 9);
	a->last_visit_day = db_col_date(st, 10);
}

/* Most overdue first, then by loan. */
static int
arrear_cmp(const void *a, const void *b)
{
	const struct loan_arrear *x = a, *y = b;

	if (x->days_overdue != y->days_overdue)
		return x->days_overdue > y->days_overdue ? -1 : 1;
	return (x->loan_id > y->loan_id) - (x->loan_id < y->loan_id);
}

/* Loans in arrears at day of borrowers in place pl. */
static int
arrears_in(struct db *db, int day, const struct place *pl,
    struct loan_arrear **out, int *n)
{
	sqlite3_stmt *st;
	struct lo *lo;
	char *ids;
	size_t cap = 16;
	int64_t k;
	int rc = -1, nlo;

	*out = xcalloc(cap, sizeof **out);
	*n = 0;
	if (arrears_lo(db, day, &lo, &nlo, &ids) < 0)
		return -1;
	if (!(st = db_prepare(db, arrears_sql)) || db_bind(db, st, "Dtttt",
	    day, pl->province, pl->district, pl->commune, ids) < 0)
		goto out;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((k = db_col_int(st, 0)) < 0 || k >= nlo ||
		    !place_keeps(pl, db_col_int(st, 2)))
			continue;
		if ((size_t)*n == cap)
			*out = xrealloc(*out, (cap *= 2) * sizeof **out);
		arrear_from_row(st, day, &lo[k], &(*out)[(*n)++]);
	}
	db_reset(st);
	if (*n > 1)
		qsort(*out, (size_t)*n, sizeof **out, arrear_cmp);
out:
	free(lo);
	free(ids);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
loan_arrears(struct db *db, int day, struct loan_arrear **out, int *n)
{
	return arrears_in(db, day, &place_any, out, n);
}

int
loan_arrears_among(struct db *db, int day, const int64_t *people, int npeople,
    struct loan_arrear **out, int *n)
{
	struct place pl = { NULL, NULL, NULL, people, npeople };

	return arrears_in(db, day, &pl, out, n);
}

int
loan_arrears_place(struct db *db, int day, const char *province,
    const char *district, const char *commune, struct loan_arrear **out,
    int *n)
{
	struct place pl = { province, district, commune, NULL, 0 };

	return arrears_in(db, day, &pl, out, n);
}

/* The borrowers of the loans of ?2 (arrears_lo's ids) on the books at
 * ?1: what a list of people to follow up needs. */
static const char arrears_days_sql[] =
    "SELECT j.key, l.person_id FROM json_each(?2) j "
    "JOIN loan l ON l.id = j.value WHERE " LOAN_LIVE;

static int
overdue_cmp(const void *a, const void *b)
{
	const struct loan_overdue *x = a, *y = b;

	if (x->days_overdue != y->days_overdue)
		return x->days_overdue > y->days_overdue ? -1 : 1;
	return (x->loan_id > y->loan_id) - (x->loan_id < y->loan_id);
}

int
loan_arrears_days(struct db *db, int day, struct loan_overdue **out, int *n)
{
	sqlite3_stmt *st;
	struct lo *lo;
	char *ids;
	int64_t k;
	int rc = -1, nlo;

	*out = NULL;
	*n = 0;
	if (arrears_lo(db, day, &lo, &nlo, &ids) < 0)
		return -1;
	*out = xcalloc((size_t)nlo + 1, sizeof **out);
	if ((st = db_prepare(db, arrears_days_sql)) && db_bind(db, st, "Dt",
	    day, ids) == 0) {
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			if ((k = db_col_int(st, 0)) < 0 || k >= nlo)
				continue;
			(*out)[*n].loan_id = lo[k].loan_id;
			(*out)[*n].person_id = db_col_int(st, 1);
			(*out)[(*n)++].days_overdue = day - lo[k].oldest;
		}
		db_reset(st);
	}
	free(lo);
	free(ids);
	if (rc == SQLITE_DONE) {
		if (*n > 1)
			qsort(*out, (size_t)*n, sizeof **out, overdue_cmp);
		return 0;
	}
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

void
loan_arrears_free(struct loan_arrear *a, int n)
{
	for (int i = 0; a && i < n; i++) {
		free(a[i].group_name);
		free(a[i].organiser);
		free(a[i].commune);
		free(a[i].source);
	}
	free(a);
}

/* One loan's part of the portfolio, before slicing. */
struct pf_loan {
	int64_t id;
	char *group, *commune, *source;
	int live;                       /* on the books at the date */
	int written_off;                /* day or DATE_NONE */
	int64_t outstanding, at_risk, due, repaid;
};

struct pf {
	struct pf_loan *v;
	int n;
};

/* Outstanding principal without the repayments made after ?1, which
 * pf_add_later puts back (one pass over those few, not a search per
 * loan). */
static const char pf_loans_sql[] =
    "SELECT l.id, g.name, pe.commune, l.source, "
    "CASE WHEN " LOAN_LIVE " THEN l.principal - l.principal_paid END, "
    "l.written_off_on, l.person_id "
    "FROM loan l JOIN person pe ON pe.id = l.person_id "
    "LEFT JOIN grp g ON g.id = l.group_id "
    "WHERE " BORROWER_IN("?2", "?3", "?4") " ORDER BY l.id";
/* The same without the borrower (no place asked, no slice by commune):
 * a search of each loan's person row less. */
static const char pf_loans_lean_sql[] =
    "SELECT l.id, g.name, NULL, l.source, "
    "CASE WHEN " LOAN_LIVE " THEN l.principal - l.principal_paid END, "
    "l.written_off_on, l.person_id "
    "FROM loan l LEFT JOIN grp g ON g.id = l.group_id "
    "WHERE ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL ORDER BY l.id";

/* The same without the group either (no slice by group): a search of
 * each loan's group less. */
static const char pf_loans_bare_sql[] =
    "SELECT l.id, NULL, NULL, l.source, "
    "CASE WHEN " LOAN_LIVE " THEN l.principal - l.principal_paid END, "
    "l.written_off_on, l.person_id FROM loan l "
    "WHERE ?2 IS NULL AND ?3 IS NULL AND ?4 IS NULL ORDER BY l.id";

/* The loans of borrowers in place pl, with their borrower's commune when
 * commune is 1 and their group's name when group is 1; the other steps
 * skip loans not loaded here. */
static int
pf_load_loans(struct db *db, int day, const struct place *pl, int commune,
    int group, struct pf *pf)
{
	int lean = !commune && !pl->province && !pl->district && !pl->commune;
	sqlite3_stmt *st = db_prepare(db, !lean ? pf_loans_sql : group ?
	    pf_loans_lean_sql : pf_loans_bare_sql);
	size_t cap = 64;
	int rc;

	pf->v = xcalloc(cap, sizeof *pf->v);
	pf->n = 0;
	if (!st || db_bind(db, st, "Dttt", day, pl->province, pl->district,
	    pl->commune) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct pf_loan *x;
		if (!place_keeps(pl, db_col_int(st, 6)))
			continue;
		if ((size_t)pf->n == cap)
			pf->v = xrealloc(pf->v, (cap *= 2) * sizeof *pf->v);
		x = &pf->v[pf->n++];
		memset(x, 0, sizeof *x);
		x->id = db_col_int(st, 0);
		x->group = dup_or_null(db_col_text(st, 1));
		x->commune = dup_or_null(db_col_text(st, 2));
		x->source = dup_or_null(db_col_text(st, 3));
		x->live = !db_col_null(st, 4);
		x->outstanding = x->live ? db_col_int(st, 4) : 0;
		x->written_off = db_col_date(st, 5);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static struct pf_loan *pf_find(struct pf *pf, int64_t id);

/* Valid repayments of principal made after ?1, one row each (a GROUP BY
 * loan_id would have the planner read every repayment in loan order). */
static const char pf_later_sql[] =
    "SELECT loan_id, principal FROM loan_pay WHERE paid_on > ?1 "
    "AND reverses IS NULL AND reversed_by IS NULL";

/* Put back on each live loan what was repaid after day (LOAN_OUTSTANDING);
 * a loan is outstanding when something is left at day. */
static int
pf_add_later(struct db *db, int day, struct pf *pf)
{
	sqlite3_stmt *st = db_prepare(db, pf_later_sql);
	struct pf_loan *x;
	int rc;

	if (!st || db_bind(db, st, "D", day) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if ((x = pf_find(pf, db_col_int(st, 0))) && x->live)
			x->outstanding += db_col_int(st, 1);
	db_reset(st);
	for (int i = 0; i < pf->n; i++)
		if (pf->v[i].outstanding <= 0) {
			pf->v[i].live = 0;
			pf->v[i].outstanding = 0;
		}
	return rc < 0 ? -1 : 0;
}

static struct pf_loan *
pf_find(struct pf *pf, int64_t id)
{
	int lo = 0, hi = pf->n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (pf->v[mid].id == id)
			return &pf->v[mid];
		if (pf->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

/* Loans with an installment unpaid at ?1 that fell due before ?2. */
static const char risk_sql[] =
    "SELECT loan_id FROM loan_inst WHERE paid_off_on IS NULL AND due_on < ?2 "
    "UNION SELECT loan_id FROM loan_inst WHERE paid_off_on > ?1 AND due_on < ?2";

/* At risk: an installment more than 30 days late. */
static int
pf_mark_risk(struct db *db, int day, struct pf *pf)
{
	sqlite3_stmt *st = db_prepare(db, risk_sql);
	struct pf_loan *x;
	int rc;

	if (!st || db_bind(db, st, "DD", day, day - 30) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if ((x = pf_find(pf, db_col_int(st, 0))))
			x->at_risk = x->outstanding;
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Installments due from ?2 to ?1 (?1 = the period's end), one row each
 * (summed by loan in C: no sort). A part closed by rescheduling before
 * the due day was never due. An installment paid off by ?1 was repaid in
 * full; only the others need their payments summed. */
#define INST_DUE_ON_DAY \
    "(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on " \
    "THEN i.principal_void + i.interest_void ELSE 0 END)"
static const char pf_period_sql[] =
    "SELECT i.loan_id, i.due_on, " INST_DUE_ON_DAY ", "
    "CASE WHEN i.paid_off_on <= ?1 THEN " INST_DUE_ON_DAY " ELSE "
    "min(" INST_PAID_KEPT_BY ", " INST_DUE_ON_DAY ") END "
    "FROM loan_inst i WHERE i.due_on BETWEEN ?2 AND ?1";

/* Add one installment to its loan, unless the loan was written off on
 * or before its due day. */
static void
pf_period_row(struct pf *pf, sqlite3_stmt *st)
{
	struct pf_loan *x = pf_find(pf, db_col_int(st, 0));

	if (!x || (x->written_off != DATE_NONE && x->written_off <= db_col_date(st, 1)))
		return;
	x->due += db_col_int(st, 2);
	x->repaid += db_col_int(st, 3);
}

static int
pf_load_period(struct db *db, int from, int to, struct pf *pf)
{
	sqlite3_stmt *st = db_prepare(db, pf_period_sql);
	int rc;

	if (!st || db_bind(db, st, "DD", to, from) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		pf_period_row(pf, st);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void
pf_free(struct pf *pf)
{
	for (int i = 0; i < pf->n; i++) {
		free(pf->v[i].group);
		free(pf->v[i].commune);
		free(pf->v[i].source);
	}
	free(pf->v);
}

static const char *
pf_key(const struct pf_loan *x, enum loan_slice by)
{
	const char *k = by == LOAN_BY_GROUP ? x->group : by == LOAN_BY_COMMUNE ?
	    x->commune : by == LOAN_BY_SOURCE ? x->source : "all";
	return str_empty(k) ? "(none)" : k;
}

static enum loan_slice sort_by;

static int
pf_cmp(const void *a, const void *b)
{
	const struct pf_loan *x = a, *y = b;
	return strcmp(pf_key(x, sort_by), pf_key(y, sort_by));
}

/* Sum loans into one row per key; loans that are neither outstanding nor
 * had anything due in the period are left out. */
static void
pf_slice(struct pf *pf, enum loan_slice by, struct loan_portfolio **out, int *n)
{
	struct loan_portfolio *r = NULL;

	sort_by = by;
	if (by != LOAN_BY_ALL)
		qsort(pf->v, (size_t)pf->n, sizeof *pf->v, pf_cmp);
	*out = xcalloc((size_t)pf->n + 1, sizeof **out);
	*n = 0;
	for (int i = 0; i < pf->n; i++) {
		const struct pf_loan *x = &pf->v[i];
		if (!x->outstanding && !x->due)
			continue;
		if (!r || strcmp(r->key, pf_key(x, by))) {
			r = &(*out)[(*n)++];
			r->key = xstrdup(pf_key(x, by));
		}
		r->loans += x->outstanding > 0;
		r->outstanding += x->outstanding;
		r->at_risk += x->at_risk;
		r->due += x->due;
		r->repaid += x->repaid;
	}
	if (by == LOAN_BY_ALL && *n == 0)
		(*out)[(*n)++].key = xstrdup("all");
}

/* The portfolio of place pl sliced each way of by[0..nby), into out[i]
 * and n[i]: the loans are read once. */
static int
portfolios_in(struct db *db, const enum loan_slice *by, int nby, int day,
    int from, int to, const struct place *pl, struct loan_portfolio **out,
    int *n)
{
	struct pf pf = { NULL, 0 };
	int rc, commune = 0, group = 0;

	for (int i = 0; i < nby; i++) {
		out[i] = NULL;
		n[i] = 0;
	}
	for (int i = 0; i < nby; i++) {
		commune |= by[i] == LOAN_BY_COMMUNE;
		group |= by[i] == LOAN_BY_GROUP;
	}
	rc = pf_load_loans(db, day, pl, commune, group, &pf);
	if (rc == 0)
		rc = pf_add_later(db, day, &pf);
	if (rc == 0)
		rc = pf_mark_risk(db, day, &pf);
	if (rc == 0)
		rc = pf_load_period(db, from, to, &pf);
	for (int i = 0; rc == 0 && i < nby; i++)
		pf_slice(&pf, by[i], &out[i], &n[i]);
	pf_free(&pf);
	return rc;
}

static int
portfolio_in(struct db *db, enum loan_slice by, int day, int from, int to,
    const struct place *pl, struct loan_portfolio **out, int *n)
{
	return portfolios_in(db, &by, 1, day, from, to, pl, out, n);
}

int
loan_portfolios_among(struct db *db, const enum loan_slice *by, int nby,
    int day, int from, int to, const int64_t *people, int npeople,
    struct loan_portfolio **out, int *n)
{
	struct place pl = { NULL, NULL, NULL, people, npeople };

	return portfolios_in(db, by, nby, day, from, to, &pl, out, n);
}

int
loan_portfolio(struct db *db, enum loan_slice by, int day, int from, int to,
    struct loan_portfolio **out, int *n)
{
	return portfolio_in(db, by, day, from, to, &place_any, out, n);
}

int
loan_portfolio_among(struct db *db, enum loan_slice by, int day, int from,
    int to, const int64_t *people, int npeople, struct loan_portfolio **out,
    int *n)
{
	struct place pl = { NULL, NULL, NULL, people, npeople };

	return portfolio_in(db, by, day, from, to, &pl, out, n);
}

int
loan_portfolio_place(struct db *db, enum loan_slice by, int day, int from,
    int to, const char *province, const char *district, const char *commune,
    struct loan_portfolio **out, int *n)
{
	struct place pl = { province, district, commune, NULL, 0 };

	return portfolio_in(db, by, day, from, to, &pl, out, n);
}

void
loan_portfolio_free(struct loan_portfolio *p, int n)
{
	for (int i = 0; p && i < n; i++)
		free(p[i].key);
	free(p);
}

static int
ratio_bp(int64_t num, int64_t den)
{
	return den > 0 ? (int)((num * 10000 + den / 2) / den) : 0;
}

int
loan_par30_bp(const struct loan_portfolio *p)
{
	return ratio_bp(p->at_risk, p->outstanding);
}

int
loan_rate_bp(const struct loan_portfolio *p)
{
	return ratio_bp(p->repaid, p->due);
}

/* Loans disbursed from ?1 to ?2, and valid repayments made then, of
 * borrowers in the place ?3, ?4, ?5. */
static const char sum_disbursed_sql[] =
    "SELECT count(*), count(DISTINCT l.person_id), "
    "coalesce(sum(l.principal), 0) FROM loan l "
    "JOIN person pe ON pe.id = l.person_id "
    "WHERE l.disbursed_on BETWEEN ?1 AND ?2 AND " BORROWER_IN("?3", "?4", "?5");
static const char sum_repaid_sql[] =
    "SELECT sum(amount) FROM loan_pay WHERE paid_on BETWEEN ?1 AND ?2 "
    "AND reverses IS NULL AND reversed_by IS NULL AND "
    "(?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL OR loan_id IN "
    "(SELECT l.id FROM loan l JOIN person pe ON pe.id = l.person_id "
    "WHERE " BORROWER_IN("?3", "?4", "?5") "))";

static int
summary_disbursed(struct db *db, int from, int to, const struct place *pl,
    struct loan_summary *s)
{
	sqlite3_stmt *st = db_prepare(db, sum_disbursed_sql);
	int rc;

	if (!st || db_bind(db, st, "DDttt", from, to, pl->province,
	    pl->district, pl->commune) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		s->disbursed = (int)db_col_int(st, 0);
		s->persons = (int)db_col_int(st, 1);
		s->disbursed_amount = db_col_int(st, 2);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return db_int(db, &s->repaid, 0, sum_repaid_sql, "DDttt", from, to,
	    pl->province, pl->district, pl->commune);
}

/* Capital lent (loans) and given (supports of type capital) from ?1 to
 * ?2 to people in the place ?3, ?4, ?5. */
static const char capital_sql[] =
    "SELECT coalesce(sum(x.k = 'loan'), 0), "
    "coalesce(sum(CASE WHEN x.k = 'loan' THEN x.v END), 0), "
    "coalesce(sum(x.k = 'support'), 0), "
    "coalesce(sum(CASE WHEN x.k = 'support' THEN x.v END), 0), "
    "count(DISTINCT x.pid) FROM (SELECT 'loan' AS k, l.principal AS v, "
    "l.person_id AS pid FROM loan l WHERE l.disbursed_on BETWEEN ?1 AND ?2 "
    "UNION ALL SELECT 'support', s.value, s.person_id FROM support s "
    "WHERE s.type = 'capital' AND s.given_on BETWEEN ?1 AND ?2) x "
    "JOIN person pe ON pe.id = x.pid WHERE " BORROWER_IN("?3", "?4", "?5");

int
loan_capital_place(struct db *db, int from, int to, const char *province,
    const char *district, const char *commune, struct loan_capital *out)
{
	sqlite3_stmt *st = db_prepare(db, capital_sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (!st || db_bind(db, st, "DDttt", from, to, province, district,
	    commune) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		out->lent = (int)db_col_int(st, 0);
		out->lent_amount = db_col_int(st, 1);
		out->given = (int)db_col_int(st, 2);
		out->given_amount = db_col_int(st, 3);
		out->persons = (int)db_col_int(st, 4);
		out->total = out->lent_amount + out->given_amount;
	}
	db_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* How many of the loans of ?5 (arrears_lo's ids) loan_arrears would
 * list at ?1 for borrowers in the place ?2, ?3, ?4. */
static const char arrears_count_sql[] =
    "SELECT count(*) FROM json_each(?5) j JOIN loan l ON l.id = j.value "
    "JOIN person pe ON pe.id = l.person_id "
    "WHERE " LOAN_LIVE " AND " BORROWER_IN("?2", "?3", "?4");

/* How many loans loan_arrears would list at day for place pl. */
static int
arrears_count(struct db *db, int day, const struct place *pl, int64_t *na)
{
	struct lo *lo;
	char *ids;
	int nlo, rc;

	if (arrears_lo(db, day, &lo, &nlo, &ids) < 0)
		return -1;
	rc = db_int(db, na, 0, arrears_count_sql, "Dtttt", day, pl->province,
	    pl->district, pl->commune, ids);
	free(lo);
	free(ids);
	return rc;
}

/* Arrears, outstanding principal, PAR30 and the repayment rate: the same
 * review as loan_arrears and loan_portfolio, limited to place pl. */
static int
summary_portfolio(struct db *db, int from, int to, const struct place *pl,
    struct loan_summary *out)
{
	struct loan_portfolio *p;
	int64_t na;
	int n;

	if (arrears_count(db, to, pl, &na) < 0)
		return -1;
	out->in_arrears = (int)na;
	if (portfolio_in(db, LOAN_BY_ALL, to, from, to, pl, &p, &n) < 0)
		return -1;
	out->outstanding_loans = p[0].loans;
	out->outstanding = p[0].outstanding;
	out->at_risk = p[0].at_risk;
	out->due = p[0].due;
	out->due_repaid = p[0].repaid;
	loan_portfolio_free(p, n);
	return 0;
}

int
loan_summary_place(struct db *db, int from, int to, const char *province,
    const char *district, const char *commune, struct loan_summary *out)
{
	struct place pl = { province, district, commune, NULL, 0 };

	memset(out, 0, sizeof *out);
	if (summary_disbursed(db, from, to, &pl, out) < 0)
		return -1;
	return summary_portfolio(db, from, to, &pl, out);
}

int
loan_summary(struct db *db, int from, int to, struct loan_summary *out)
{
	return loan_summary_place(db, from, to, NULL, NULL, NULL, out);
}

/* Unpaid installments due on ?1 of loans not written off; ?2 is the day
 * the unpaid part is measured (payments up to then). */
static const char due_sql[] =
    "SELECT i.loan_id, l.person_id, i.id, i.due_on, "
    "i.principal - i.principal_void + i.interest - i.interest_void - "
    "coalesce((SELECT sum(a.principal + a.interest) FROM loan_alloc a "
    "JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = i.id "
    "AND p.reverses IS NULL AND p.reversed_by IS NULL), 0) "
    "FROM loan_inst i JOIN loan l ON l.id = i.loan_id "
    "WHERE i.paid_off_on IS NULL AND i.due_on = ?1 "
    "AND l.written_off_on IS NULL ORDER BY i.loan_id, i.id";

static int
each_due_on(struct db *db, int due_day,
    int (*fn)(const struct loan_due *d, void *arg), void *arg)
{
	sqlite3_stmt *st = db_prepare(db, due_sql);
	struct loan_due d;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "D", due_day) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		d.loan_id = db_col_int(st, 0);
		d.person_id = db_col_int(st, 1);
		d.inst_id = db_col_int(st, 2);
		d.due_day = db_col_date(st, 3);
		d.amount = db_col_int(st, 4);
		if (d.amount > 0)
			stop = fn(&d, arg);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

int
loan_each_due(struct db *db, int day, int days_before,
    int (*fn)(const struct loan_due *d, void *arg), void *arg)
{
	return each_due_on(db, day + days_before, fn, arg);
}

int
loan_each_overdue(struct db *db, int day, int days_after,
    int (*fn)(const struct loan_due *d, void *arg), void *arg)
{
	return each_due_on(db, day - days_after, fn, arg);
}
