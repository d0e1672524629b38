#include "testutil.h"

#include "core/clock.h"
#include "core/person.h"
#include "core/support.h"
#include "core/util.h"
#include "groups/loan.h"

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int64_t
add_person(struct db *db, const char *commune)
{
	struct person p;

	test_person_init(&p, "Nguyễn Thị Test", "returned-official");
	p.commune = commune ? strdup(commune) : NULL;
	return test_person_save(db, &p, "LC");
}

static int64_t
add_group(struct db *db, const char *name)
{
	static const char sql[] = "INSERT INTO grp (name, organiser_name, "
	    "created_at) VALUES (?, 'Chị Lan', 0)";
	assert_int_equal(db_run(db, sql, "t", name), 0);
	return db_last_id(db);
}

static struct loan
terms(int64_t person, int64_t principal, int rate_ppm, int months,
    enum loancalc_freq f, enum loancalc_method m, int grace, int disbursed)
{
	struct loan l = { 0 };

	l.person_id = person;
	l.source = "vbsp";
	l.terms.principal = principal;
	l.terms.rate_ppm = rate_ppm;
	l.terms.rate_unit = LOANCALC_PER_MONTH;
	l.terms.term_months = months;
	l.terms.freq = f;
	l.terms.method = m;
	l.terms.grace_months = grace;
	l.terms.disbursed_day = disbursed;
	return l;
}

static int64_t
disburse(struct db *db, struct loan l)
{
	assert_int_equal(loan_disburse(db, &l), 0);
	return l.id;
}

static int
setup(void **state)
{
	struct test_db *t = test_db_new();

	clock_set(time_from_local(day(2026, 11, 23), 9 * 60));
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	test_db_close(*state);
	clock_set(0);
	return 0;
}

static void
load(struct db *db, int64_t id, int at, struct loan_inst **in, int *n)
{
	assert_int_equal(loan_installments(db, id, at, in, n), 0);
}

/* 12,000,000 flat at 0.65%/month over 12 months: 1,000,000 + 78,000. */
static void
test_flat_monthly(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t p = add_person(db, NULL);
	int64_t id = disburse(db, terms(p, 12000000, 6500, 12, LOANCALC_MONTHLY,
	    LOANCALC_FLAT, 0, day(2026, 1, 15)));
	struct loan_inst *in;
	int n;

	load(db, id, LOAN_DAY_MAX, &in, &n);
	assert_int_equal(n, 12);
	for (int i = 0; i < n; i++) {
		assert_int_equal(in[i].principal, 1000000);
		assert_int_equal(in[i].interest, 78000);
		assert_int_equal(in[i].due_day, date_add_months(day(2026, 1, 15), i + 1));
	}
	free(in);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'loan' AND action = 'disburse'"), 1);
}

/* 10,000,000 declining at 7.8%/year, quarterly over 12 months, from the
 * 31st: interest on the balance for 3 months at 0.65%. */
static void
test_declining_quarterly(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct loan l = terms(add_person(db, NULL), 10000000, 78000, 12,
	    LOANCALC_QUARTERLY, LOANCALC_DECLINING, 0, day(2026, 1, 31));
	static const int64_t interest[] = { 195000, 146250, 97500, 48750 };
	const int due[] = { day(2026, 4, 30), day(2026, 7, 31), day(2026, 10, 31),
		day(2027, 1, 31) };
	struct loan_inst *in;
	int n;

	l.terms.rate_unit = LOANCALC_PER_YEAR;
	load(db, disburse(db, l), LOAN_DAY_MAX, &in, &n);
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(in[i].principal, 2500000);
		assert_int_equal(in[i].interest, interest[i]);
		assert_int_equal(in[i].due_day, due[i]);
	}
	free(in);
}

/* Grace months carry interest only; 6,000,000 over the 9 other months
 * does not divide: the last part takes the remainder. */
static void
test_grace_rounding(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = disburse(db, terms(add_person(db, NULL), 6000000, 5000, 12,
	    LOANCALC_MONTHLY, LOANCALC_DECLINING, 3, day(2026, 2, 10)));
	struct loan_inst *in;
	int64_t sum = 0;
	int n;

	load(db, id, LOAN_DAY_MAX, &in, &n);
	assert_int_equal(n, 12);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(in[i].principal, 0);
		assert_int_equal(in[i].interest, 30000);
	}
	for (int i = 3; i < 11; i++)
		assert_int_equal(in[i].principal, 666666);
	assert_int_equal(in[11].principal, 666672);
	for (int i = 0; i < n; i++)
		sum += in[i].principal;
	assert_int_equal(sum, 6000000);
	/* month 4 pays on the balance still whole */
	assert_int_equal(in[3].interest, 30000);
	assert_int_equal(in[4].interest, 26667);
	free(in);
	assert_int_equal(test_count(db, "SELECT sum(principal) FROM loan_inst"),
	    6000000);
}

/* Disbursed on 31 January of a leap year: due on 29 February, then the
 * 31st or the month's last day. 1,000,000 over 7 months. */
static void
test_leap_31st(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id;
	struct loan_inst *in;
	int n;

	clock_set(time_from_local(day(2024, 12, 1), 600));
	id = disburse(db, terms(add_person(db, NULL), 1000000, 0, 7,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2024, 1, 31)));
	load(db, id, LOAN_DAY_MAX, &in, &n);
	assert_int_equal(n, 7);
	assert_int_equal(in[0].due_day, day(2024, 2, 29));
	assert_int_equal(in[1].due_day, day(2024, 3, 31));
	assert_int_equal(in[2].due_day, day(2024, 4, 30));
	for (int i = 0; i < 6; i++)
		assert_int_equal(in[i].principal, 142857);
	assert_int_equal(in[6].principal, 142858);
	free(in);
}

static void
test_bad_terms_change_nothing(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t p = add_person(db, NULL);
	struct loan l = terms(p, 0, 6500, 12, LOANCALC_MONTHLY, LOANCALC_FLAT, 0,
	    day(2026, 1, 1));
	char msg[256];

	log_capture(msg, sizeof msg);
	assert_int_equal(loan_disburse(db, &l), -1);
	assert_non_null(strstr(msg, "principal"));
	l = terms(p, 1000000, 6500, 12, LOANCALC_MONTHLY, LOANCALC_FLAT, 0,
	    day(2026, 12, 1));
	assert_int_equal(loan_disburse(db, &l), -1);
	assert_non_null(strstr(msg, "future"));
	l = terms(p, 1000000, 6500, 12, LOANCALC_MONTHLY, LOANCALC_FLAT, 0,
	    day(2026, 1, 1));
	l.source = "bank";
	assert_int_equal(loan_disburse(db, &l), -1);
	assert_non_null(strstr(msg, "\"bank\""));
	l.source = "vbsp";
	l.person_id = 999;
	assert_int_equal(loan_disburse(db, &l), -1);
	log_capture(NULL, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_inst"), 0);
}

/* 1,500,000 on a 1,078,000 installment: interest first, then principal,
 * the excess to the next installment; reversal takes exactly that back. */
static void
test_repay_reverse(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = disburse(db, terms(add_person(db, NULL), 12000000, 6500, 12,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2026, 1, 15)));
	struct loan_inst *in;
	struct loan_state s;
	int64_t pay, rev;
	int n;

	assert_int_equal(loan_repay(db, id, 1500000, day(2026, 2, 15), NULL, &pay), 0);
	load(db, id, LOAN_DAY_MAX, &in, &n);
	assert_int_equal(in[0].interest_paid, 78000);
	assert_int_equal(in[0].principal_paid, 1000000);
	assert_int_equal(in[1].interest_paid, 78000);
	assert_int_equal(in[1].principal_paid, 344000);
	assert_int_equal(in[2].interest_paid + in[2].principal_paid, 0);
	free(in);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_alloc"), 2);
	assert_int_equal(test_count(db, "SELECT principal FROM loan_pay"), 1344000);

	assert_int_equal(loan_reverse(db, pay, day(2026, 2, 20), "typo", &rev), 0);
	assert_int_equal(loan_state_at(db, id, LOAN_DAY_MAX, &s), 0);
	assert_int_equal(s.paid, 0);
	assert_int_equal(s.outstanding_principal, 12000000);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 2);
	assert_int_equal(test_count(db, "SELECT sum(principal + interest) FROM "
	    "loan_alloc"), 0);
	assert_int_equal(test_count(db, "SELECT reversed_by FROM loan_pay WHERE "
	    "reverses IS NULL"), rev);
	/* neither can be reversed again */
	assert_int_equal(loan_reverse(db, pay, day(2026, 2, 20), NULL, NULL), -1);
	assert_int_equal(loan_reverse(db, rev, day(2026, 2, 20), NULL, NULL), -1);
	/* a reversed entry never counted, even at a date between the two */
	assert_int_equal(loan_state_at(db, id, day(2026, 2, 17), &s), 0);
	assert_int_equal(s.paid, 0);
}

static void
test_overpay_refused(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = disburse(db, terms(add_person(db, NULL), 1000000, 10000, 2,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2026, 1, 15)));
	char msg[256];

	/* owed: 1,000,000 + 2 x 10,000 */
	log_capture(msg, sizeof msg);
	assert_int_equal(loan_repay(db, id, 1020001, day(2026, 2, 1), NULL, NULL), -1);
	assert_non_null(strstr(msg, "1.020.000"));
	assert_int_equal(loan_repay(db, id, 100, day(2026, 1, 14), NULL, NULL), -1);
	assert_non_null(strstr(msg, "before the disbursal"));
	assert_int_equal(loan_repay(db, id, 100, day(2026, 12, 1), NULL, NULL), -1);
	log_capture(NULL, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 0);
	assert_int_equal(loan_repay(db, id, 1020000, day(2026, 2, 1), NULL, NULL), 0);
	struct loan_state s;
	assert_int_equal(loan_state_at(db, id, day(2026, 2, 1), &s), 0);
	assert_int_equal(s.status, LOAN_REPAID);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_inst WHERE "
	    "paid_off_on = '2026-02-01'"), 2);
}

/* Two interest-free loans. A: 12,000,000 over 12 months from 15 January,
 * only the first 1,000,000 paid. B: 6,000,000 over 6 months from 1 March,
 * the April installment paid. */
static void
two_loans(struct db *db, int64_t *a, int64_t *b)
{
	int64_t g = add_group(db, "Hoa Mai");
	struct loan la = terms(add_person(db, "Mường Lống"), 12000000, 0, 12,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2026, 1, 15));
	struct loan lb = terms(add_person(db, "Na Ngoi"), 6000000, 0, 6,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2026, 3, 1));

	la.group_id = g;
	lb.source = "wu";
	*a = disburse(db, la);
	*b = disburse(db, lb);
	assert_int_equal(loan_repay(db, *a, 1000000, day(2026, 2, 15), NULL, NULL), 0);
	assert_int_equal(loan_repay(db, *b, 1000000, day(2026, 4, 1), NULL, NULL), 0);
}

static void
test_arrears_and_par(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct loan_arrear *ar;
	struct loan_portfolio *p;
	struct loan_state s;
	int64_t a, b;
	int n;

	two_loans(db, &a, &b);
	assert_int_equal(loan_state_at(db, a, day(2026, 4, 20), &s), 0);
	assert_int_equal(s.status, LOAN_ARREARS);
	assert_int_equal(s.days_overdue, 36);
	assert_int_equal(s.overdue, 2000000);
	assert_int_equal(loan_state_at(db, a, day(2026, 3, 15), &s), 0);
	assert_int_equal(s.status, LOAN_CURRENT);
	assert_int_equal(loan_state_at(db, a, day(2026, 1, 14), &s), 0);
	assert_int_equal(s.status, LOAN_NOT_DISBURSED);

	assert_int_equal(loan_arrears(db, day(2026, 4, 20), &ar, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ar[0].loan_id, a);
	assert_int_equal(ar[0].days_overdue, 36);
	assert_int_equal(ar[0].overdue, 2000000);
	assert_int_equal(ar[0].outstanding_principal, 11000000);
	assert_string_equal(ar[0].group_name, "Hoa Mai");
	assert_string_equal(ar[0].organiser, "Chị Lan");
	assert_int_equal(ar[0].last_paid_day, day(2026, 2, 15));
	assert_int_equal(ar[0].last_visit_day, DATE_NONE);
	/* the same loans, borrowers and days in the short form */
	{
		struct loan_overdue *od;
		int nod;

		assert_int_equal(loan_arrears_days(db, day(2026, 4, 20), &od,
		    &nod), 0);
		assert_int_equal(nod, n);
		for (int i = 0; i < n; i++) {
			assert_int_equal(od[i].loan_id, ar[i].loan_id);
			assert_int_equal(od[i].person_id, ar[i].person_id);
			assert_int_equal(od[i].days_overdue, ar[i].days_overdue);
		}
		free(od);
	}
	loan_arrears_free(ar, n);

	/* PAR30 = 11,000,000 / (11,000,000 + 5,000,000); April: 2,000,000 due,
	 * 1,000,000 of it paid */
	assert_int_equal(loan_portfolio(db, LOAN_BY_ALL, day(2026, 4, 20),
	    day(2026, 4, 1), day(2026, 4, 20), &p, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].outstanding, 16000000);
	assert_int_equal(p[0].at_risk, 11000000);
	assert_int_equal(loan_par30_bp(&p[0]), 6875);
	assert_int_equal(p[0].due, 2000000);
	assert_int_equal(p[0].repaid, 1000000);
	assert_int_equal(loan_rate_bp(&p[0]), 5000);
	loan_portfolio_free(p, n);

	/* among borrower b alone: nothing at risk, nothing in arrears; among
	 * no one: nothing at all */
	{
		struct loan l;
		int64_t pb;

		assert_int_equal(loan_get(db, b, &l), 0);
		pb = l.person_id;
		loan_free(&l);
		assert_int_equal(loan_portfolio_among(db, LOAN_BY_ALL,
		    day(2026, 4, 20), day(2026, 4, 1), day(2026, 4, 20), &pb, 1,
		    &p, &n), 0);
		assert_int_equal(p[0].outstanding, 5000000);
		assert_int_equal(p[0].at_risk, 0);
		loan_portfolio_free(p, n);
		assert_int_equal(loan_arrears_among(db, day(2026, 4, 20), &pb, 1,
		    &ar, &n), 0);
		assert_int_equal(n, 0);
		loan_arrears_free(ar, n);
		assert_int_equal(loan_portfolio_among(db, LOAN_BY_ALL,
		    day(2026, 4, 20), day(2026, 4, 1), day(2026, 4, 20), &pb, 0,
		    &p, &n), 0);
		assert_int_equal(p[0].outstanding, 0);
		loan_portfolio_free(p, n);
	}

	/* sliced three ways from one reading, as one way at a time */
	{
		static const enum loan_slice by[3] = { LOAN_BY_ALL,
			LOAN_BY_SOURCE, LOAN_BY_GROUP };
		struct loan_portfolio *ps[3], *one;
		int ns[3], n1;

		assert_int_equal(loan_portfolios_among(db, by, 3,
		    day(2026, 4, 20), day(2026, 4, 1), day(2026, 4, 20), NULL, 0,
		    ps, ns), 0);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(loan_portfolio(db, by[i], day(2026, 4, 20),
			    day(2026, 4, 1), day(2026, 4, 20), &one, &n1), 0);
			assert_int_equal(ns[i], n1);
			for (int k = 0; k < n1; k++) {
				assert_string_equal(ps[i][k].key, one[k].key);
				assert_int_equal(ps[i][k].outstanding,
				    one[k].outstanding);
				assert_int_equal(ps[i][k].at_risk, one[k].at_risk);
				assert_int_equal(ps[i][k].due, one[k].due);
				assert_int_equal(ps[i][k].repaid, one[k].repaid);
			}
			loan_portfolio_free(one, n1);
			loan_portfolio_free(ps[i], ns[i]);
		}
		assert_true(ns[1] == 2);        /* two sources */
	}

	/* 26 days late on 10 April: in arrears but not at risk */
	assert_int_equal(loan_portfolio(db, LOAN_BY_ALL, day(2026, 4, 10),
	    day(2026, 4, 1), day(2026, 4, 10), &p, &n), 0);
	assert_int_equal(p[0].at_risk, 0);
	assert_int_equal(p[0].outstanding, 16000000);
	loan_portfolio_free(p, n);
}

static void
test_portfolio_slices(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct loan_portfolio *p;
	struct loan_summary sum;
	int64_t a, b;
	int n;

	two_loans(db, &a, &b);
	assert_int_equal(loan_portfolio(db, LOAN_BY_SOURCE, day(2026, 4, 20),
	    day(2026, 4, 1), day(2026, 4, 20), &p, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].key, "vbsp");
	assert_int_equal(loan_par30_bp(&p[0]), 10000);
	assert_string_equal(p[1].key, "wu");
	assert_int_equal(loan_par30_bp(&p[1]), 0);
	assert_int_equal(loan_rate_bp(&p[1]), 10000);
	loan_portfolio_free(p, n);
	assert_int_equal(loan_portfolio(db, LOAN_BY_GROUP, day(2026, 4, 20),
	    day(2026, 4, 1), day(2026, 4, 20), &p, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].key, "(none)");
	assert_string_equal(p[1].key, "Hoa Mai");
	loan_portfolio_free(p, n);
	assert_int_equal(loan_portfolio(db, LOAN_BY_COMMUNE, day(2026, 4, 20),
	    day(2026, 4, 1), day(2026, 4, 20), &p, &n), 0);
	assert_string_equal(p[0].key, "Mường Lống");
	assert_int_equal(p[0].outstanding, 11000000);
	loan_portfolio_free(p, n);

	assert_int_equal(loan_summary(db, day(2026, 1, 1), day(2026, 4, 20), &sum), 0);
	assert_int_equal(sum.disbursed, 2);
	assert_int_equal(sum.persons, 2);
	assert_int_equal(sum.disbursed_amount, 18000000);
	assert_int_equal(sum.repaid, 2000000);
	assert_int_equal(sum.outstanding, 16000000);
	assert_int_equal(sum.in_arrears, 1);
	assert_int_equal(sum.at_risk, 11000000);
}

/* The summary for one commune: loan A's borrower lives in Mường Lống,
 * B's in Na Ngoi. Period 1 January to 20 April. */
static void
test_summary_place(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct loan_portfolio p = { 0 };
	struct loan_summary sum;
	int64_t a, b;

	two_loans(db, &a, &b);
	assert_int_equal(loan_summary_place(db, day(2026, 1, 1), day(2026, 4, 20),
	    NULL, NULL, "Mường Lống", &sum), 0);
	/* A alone: 12,000,000 disbursed, 1,000,000 repaid on 15 February,
	 * 11,000,000 outstanding; its 15 March installment is 36 days late,
	 * so all 11,000,000 is at risk: PAR30 100%. Due 15 Feb, 15 Mar and
	 * 15 Apr: 3 x 1,000,000, of which 1,000,000 paid: 33.33%. */
	assert_int_equal(sum.disbursed, 1);
	assert_int_equal(sum.persons, 1);
	assert_int_equal(sum.disbursed_amount, 12000000);
	assert_int_equal(sum.repaid, 1000000);
	assert_int_equal(sum.outstanding_loans, 1);
	assert_int_equal(sum.outstanding, 11000000);
	assert_int_equal(sum.in_arrears, 1);
	assert_int_equal(sum.at_risk, 11000000);
	assert_int_equal(sum.due, 3000000);
	assert_int_equal(sum.due_repaid, 1000000);
	p.outstanding = sum.outstanding;
	p.at_risk = sum.at_risk;
	p.due = sum.due;
	p.repaid = sum.due_repaid;
	assert_int_equal(loan_par30_bp(&p), 10000);
	assert_int_equal(loan_rate_bp(&p), 3333);

	/* B alone, the commune typed in another ASCII case: 6,000,000
	 * disbursed, the 1 April installment of 1,000,000 paid on time,
	 * 5,000,000 outstanding, nothing late: PAR30 0, rate 100%. */
	assert_int_equal(loan_summary_place(db, day(2026, 1, 1), day(2026, 4, 20),
	    NULL, NULL, "NA NGOI", &sum), 0);
	assert_int_equal(sum.disbursed_amount, 6000000);
	assert_int_equal(sum.repaid, 1000000);
	assert_int_equal(sum.outstanding, 5000000);
	assert_int_equal(sum.in_arrears, 0);
	assert_int_equal(sum.at_risk, 0);
	assert_int_equal(sum.due, 1000000);
	assert_int_equal(sum.due_repaid, 1000000);

	/* A province no borrower lives in: nothing. */
	assert_int_equal(loan_summary_place(db, day(2026, 1, 1), day(2026, 4, 20),
	    "Hà Giang", NULL, NULL, &sum), 0);
	assert_int_equal(sum.disbursed, 0);
	assert_int_equal(sum.repaid, 0);
	assert_int_equal(sum.outstanding_loans, 0);
	assert_int_equal(sum.in_arrears, 0);
	assert_int_equal(sum.due, 0);

	/* No place: both, as loan_summary: due 3,000,000 + 1,000,000, paid
	 * 1,000,000 + 1,000,000. */
	assert_int_equal(loan_summary_place(db, day(2026, 1, 1), day(2026, 4, 20),
	    NULL, NULL, NULL, &sum), 0);
	assert_int_equal(sum.disbursed, 2);
	assert_int_equal(sum.outstanding, 16000000);
	assert_int_equal(sum.due, 4000000);
	assert_int_equal(sum.due_repaid, 2000000);
}

/* Rescheduling loan A on 20 April: 11,000,000 over 8 months. */
static void
test_reschedule(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct loancalc_terms t = { 0, 0, LOANCALC_PER_MONTH, 8, LOANCALC_MONTHLY,
		LOANCALC_FLAT, 0, 0 };
	struct loan_state s;
	struct loan_inst *in;
	struct loan_arrear *ar;
	int64_t a, b;
	int n;

	two_loans(db, &a, &b);
	t.disbursed_day = day(2026, 2, 1);
	assert_int_equal(loan_reschedule(db, a, &t, "flood"), -1);
	t.disbursed_day = day(2026, 4, 20);
	assert_int_equal(loan_reschedule(db, a, &t, "flood"), 0);
	load(db, a, LOAN_DAY_MAX, &in, &n);
	int64_t newp = 0, due = 0;
	for (int i = 0; i < n; i++) {
		if (in[i].plan == 2) {
			assert_int_equal(in[i].principal, 1375000);
			newp += in[i].principal;
		}
		due += in[i].principal;
	}
	free(in);
	assert_int_equal(newp, 11000000);
	assert_int_equal(due, 12000000);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_inst WHERE "
	    "loan_id = 1 AND plan = 1"), 12);
	assert_int_equal(loan_state_at(db, a, day(2026, 4, 21), &s), 0);
	assert_int_equal(s.status, LOAN_RESCHEDULED);
	assert_int_equal(s.outstanding_principal, 11000000);
	assert_int_equal(s.next_due_day, day(2026, 5, 20));
	assert_int_equal(loan_state_at(db, a, day(2026, 4, 19), &s), 0);
	assert_int_equal(s.status, LOAN_ARREARS);
	assert_int_equal(loan_arrears(db, day(2026, 4, 21), &ar, &n), 0);
	assert_int_equal(n, 0);
	loan_arrears_free(ar, n);
	assert_int_equal(loan_arrears(db, day(2026, 4, 19), &ar, &n), 0);
	assert_int_equal(n, 1);
	loan_arrears_free(ar, n);
}

/* Interest already due stays owed after rescheduling; interest of
 * installments not yet due is cancelled. */
static void
test_reschedule_keeps_due_interest(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = disburse(db, terms(add_person(db, NULL), 12000000, 10000, 12,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2026, 1, 10)));
	struct loancalc_terms t = { 0, 0, LOANCALC_PER_MONTH, 6, LOANCALC_MONTHLY,
		LOANCALC_FLAT, 0, day(2026, 3, 20) };
	struct loan_state s;

	assert_int_equal(loan_reschedule(db, id, &t, NULL), 0);
	assert_int_equal(loan_state_at(db, id, LOAN_DAY_MAX, &s), 0);
	assert_int_equal(s.outstanding_principal, 12000000);
	assert_int_equal(s.outstanding, 12000000 + 240000);
	assert_int_equal(loan_state_at(db, id, day(2026, 3, 21), &s), 0);
	assert_int_equal(s.status, LOAN_ARREARS);
	assert_int_equal(s.overdue, 240000);
	assert_int_equal(loan_repay(db, id, 240000, day(2026, 3, 21), NULL, NULL), 0);
	assert_int_equal(loan_state_at(db, id, day(2026, 3, 22), &s), 0);
	assert_int_equal(s.status, LOAN_RESCHEDULED);
	assert_int_equal(s.next_due, 2000000);
}

static void
test_writeoff(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct loan_portfolio *p;
	struct loan_state s;
	int64_t a, b;
	int n;

	two_loans(db, &a, &b);
	assert_int_equal(loan_writeoff(db, a, day(2026, 5, 1), ""), -1);
	assert_int_equal(loan_writeoff(db, a, day(2026, 5, 1), "deceased"), 0);
	assert_int_equal(loan_state_at(db, a, day(2026, 5, 2), &s), 0);
	assert_int_equal(s.status, LOAN_WRITTEN_OFF);
	assert_int_equal(loan_state_at(db, a, day(2026, 4, 30), &s), 0);
	assert_int_equal(s.status, LOAN_ARREARS);
	assert_int_equal(loan_repay(db, a, 1000, day(2026, 5, 2), NULL, NULL), -1);
	assert_int_equal(loan_writeoff(db, a, day(2026, 5, 2), "again"), -1);
	assert_int_equal(loan_portfolio(db, LOAN_BY_ALL, day(2026, 5, 2),
	    day(2026, 5, 1), day(2026, 5, 2), &p, &n), 0);
	assert_int_equal(p[0].outstanding, 5000000);
	assert_int_equal(p[0].at_risk, 0);
	loan_portfolio_free(p, n);
	/* May: A's installment of the 15th fell after the write-off */
	assert_int_equal(loan_portfolio(db, LOAN_BY_ALL, day(2026, 5, 20),
	    day(2026, 5, 1), day(2026, 5, 20), &p, &n), 0);
	assert_int_equal(p[0].due, 1000000);
	assert_int_equal(p[0].repaid, 0);
	loan_portfolio_free(p, n);
}

static int
count_due(const struct loan_due *d, void *arg)
{
	int64_t *sum = arg;
	*sum += d->amount;
	return 0;
}

static void
test_reminder_lists(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t a, b, sum = 0;

	two_loans(db, &a, &b);
	/* B's May installment, 3 days ahead */
	assert_int_equal(loan_each_due(db, day(2026, 4, 28), 3, count_due, &sum), 0);
	assert_int_equal(sum, 1000000);
	/* A's 15 March installment, 7 days late on 22 March */
	sum = 0;
	assert_int_equal(loan_each_overdue(db, day(2026, 3, 22), 7, count_due,
	    &sum), 0);
	assert_int_equal(sum, 1000000);
	/* a part paid leaves the rest */
	assert_int_equal(loan_repay(db, a, 400000, day(2026, 3, 22), NULL, NULL), 0);
	sum = 0;
	assert_int_equal(loan_each_overdue(db, day(2026, 3, 22), 7, count_due,
	    &sum), 0);
	assert_int_equal(sum, 600000);
}

/* 1.000.000 at 1%/month over 3 months (declining: 10.000 + 6.667 +
 * 3.333 of interest), disbursed 2026-10-01. */
static int64_t
small_loan(struct db *db, enum loan_interest how, enum loancalc_rate_unit unit)
{
	struct loan l = terms(add_person(db, NULL), 1000000, 10000, 3,
	    LOANCALC_MONTHLY, LOANCALC_DECLINING, 0, day(2026, 10, 1));

	l.interest = how;
	if (unit == LOANCALC_PER_YEAR)
		l.terms.rate_ppm = 120000;      /* 12%/year = 1%/month */
	l.terms.rate_unit = unit;
	return disburse(db, l);
}

/* Daily: paid off after 10 days, 1.000.000 x 1% x 10 / 30 = 3.333,33 ->
 * 3.333 đ of interest, not the 20.000 scheduled. Reversing the pay-off
 * brings the schedule back. */
static void
test_payoff_daily(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = small_loan(db, LOAN_INTEREST_DAILY, LOANCALC_PER_MONTH), pay, rev;
	struct loan_state s;
	struct loan l;
	int64_t amount;

	assert_int_equal(loan_get(db, id, &l), 0);
	assert_int_equal(l.interest, LOAN_INTEREST_DAILY);
	loan_free(&l);
	assert_int_equal(loan_payoff(db, id, day(2026, 10, 11), &amount), 0);
	assert_int_equal(amount, 1003333);
	assert_int_equal(loan_payoff(db, id, day(2026, 10, 1), &amount), 0);
	assert_int_equal(amount, 1000000);
	assert_int_equal(loan_repay(db, id, 1003334, day(2026, 10, 11), NULL, NULL), -1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 0);
	assert_int_equal(loan_repay(db, id, 1003333, day(2026, 10, 11), NULL, &pay), 0);
	assert_int_equal(test_count(db, "SELECT interest FROM loan_pay"), 3333);
	assert_int_equal(test_count(db, "SELECT sum(interest) FROM loan_waive"), 16667);
	assert_int_equal(loan_state_at(db, id, LOAN_DAY_MAX, &s), 0);
	assert_int_equal(s.status, LOAN_REPAID);
	assert_int_equal(s.outstanding, 0);
	assert_int_equal(s.paid, 1003333);
	/* the day before, the schedule still stood */
	assert_int_equal(loan_state_at(db, id, day(2026, 10, 10), &s), 0);
	assert_int_equal(s.outstanding, 1020000);

	assert_int_equal(loan_reverse(db, pay, day(2026, 10, 12), NULL, &rev), 0);
	assert_int_equal(loan_state_at(db, id, LOAN_DAY_MAX, &s), 0);
	assert_int_equal(s.outstanding, 1020000);
	assert_int_equal(s.outstanding_principal, 1000000);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_inst WHERE "
	    "interest_void <> 0 OR void_on IS NOT NULL OR paid_off_on IS NOT NULL"), 0);
	assert_int_equal(loan_payoff(db, id, day(2026, 10, 12), &amount), 0);
	assert_int_equal(amount, 1003667);         /* 11 days: 3.666,67 -> 3.667 */
}

/* A yearly rate is divided by 12: 12%/year counts as 1%/month. */
static void
test_payoff_daily_yearly(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = small_loan(db, LOAN_INTEREST_DAILY, LOANCALC_PER_YEAR);
	int64_t amount;

	assert_int_equal(loan_payoff(db, id, day(2026, 10, 11), &amount), 0);
	assert_int_equal(amount, 1003333);
}

/* Schedule: the pay-off charges all 20.000 đ; 1.003.333 leaves 16.667. */
static void
test_payoff_schedule(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = small_loan(db, LOAN_INTEREST_SCHEDULE, LOANCALC_PER_MONTH);
	struct loan_state s;
	int64_t amount;

	assert_int_equal(loan_payoff(db, id, day(2026, 10, 11), &amount), 0);
	assert_int_equal(amount, 1020000);
	assert_int_equal(loan_repay(db, id, 1003333, day(2026, 10, 11), NULL, NULL), 0);
	assert_int_equal(loan_state_at(db, id, day(2026, 10, 11), &s), 0);
	assert_int_equal(s.status, LOAN_CURRENT);
	assert_int_equal(s.outstanding, 16667);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_waive"), 0);
}

/* Daily, part paid on day 10 (3.333 interest + 500.000 principal: no
 * interest of periods not begun), paid off on day 20: 1.000.000 for 10
 * days and 500.000 for 10 days = 15.000.000 đồng-days = 5.000 đ of
 * interest, of which 3.333 already paid. */
static void
test_payoff_daily_after_part(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = small_loan(db, LOAN_INTEREST_DAILY, LOANCALC_PER_MONTH);
	struct loan_state s;
	int64_t amount;

	assert_int_equal(loan_repay(db, id, 503333, day(2026, 10, 11), NULL, NULL), 0);
	assert_int_equal(test_count(db, "SELECT principal FROM loan_pay"), 500000);
	assert_int_equal(test_count(db, "SELECT interest FROM loan_pay"), 3333);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_waive"), 0);
	assert_int_equal(loan_payoff(db, id, day(2026, 10, 21), &amount), 0);
	assert_int_equal(amount, 501667);
	assert_int_equal(loan_repay(db, id, 501667, day(2026, 10, 21), NULL, NULL), 0);
	assert_int_equal(loan_state_at(db, id, LOAN_DAY_MAX, &s), 0);
	assert_int_equal(s.status, LOAN_REPAID);
	assert_int_equal(test_count(db, "SELECT sum(interest) FROM loan_pay"), 5000);
}

/* A rescheduling keeps the current plan's terms: quarterly, then monthly
 * by choice, then monthly again when nothing is said. */
static void
test_current_terms(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t id = disburse(db, terms(add_person(db, NULL), 9000000, 10000, 12,
	    LOANCALC_QUARTERLY, LOANCALC_FLAT, 0, day(2026, 6, 1)));
	struct loancalc_terms t;

	assert_int_equal(loan_current_terms(db, id, &t), 0);
	assert_int_equal(t.freq, LOANCALC_QUARTERLY);
	assert_int_equal(t.method, LOANCALC_FLAT);
	assert_int_equal(t.disbursed_day, day(2026, 6, 1));
	t.freq = LOANCALC_MONTHLY;
	t.disbursed_day = day(2026, 7, 1);
	assert_int_equal(loan_reschedule(db, id, &t, "flood"), 0);
	assert_int_equal(loan_current_terms(db, id, &t), 0);
	assert_int_equal(t.freq, LOANCALC_MONTHLY);
	assert_int_equal(t.principal, 9000000);
	assert_int_equal(t.disbursed_day, day(2026, 7, 1));
	assert_int_equal(loan_current_terms(db, 99, &t), -1);
}

/* Livelihood capital counts loans (lent) and capital supports (given):
 * A borrows 12.000.000 in Mường Lống and is also given 2.000.000; C in
 * Mường Lống is given 3.000.000; B borrows 6.000.000 in Na Ngoi; a
 * counselling support is not capital. */
static void
test_capital_both_ways(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct support sp = { 0 };
	struct loan_capital c;
	struct loan l;
	int64_t a, b;

	two_loans(db, &a, &b);
	assert_int_equal(loan_get(db, a, &l), 0);
	sp.person_id = l.person_id;
	loan_free(&l);
	sp.type = "capital";
	sp.day = day(2026, 2, 1);
	sp.value = 2000000;
	sp.source = "wu";
	assert_int_equal(support_add(db, &sp), 0);
	sp.person_id = add_person(db, "Mường Lống");
	sp.value = 3000000;
	assert_int_equal(support_add(db, &sp), 0);
	sp.type = "counselling";
	sp.value = 500000;
	assert_int_equal(support_add(db, &sp), 0);

	assert_int_equal(loan_capital_place(db, day(2026, 1, 1), day(2026, 4, 20),
	    NULL, NULL, NULL, &c), 0);
	assert_int_equal(c.lent, 2);
	assert_int_equal(c.lent_amount, 18000000);
	assert_int_equal(c.given, 2);
	assert_int_equal(c.given_amount, 5000000);
	assert_int_equal(c.total, 23000000);
	assert_int_equal(c.persons, 3);
	assert_int_equal(loan_capital_place(db, day(2026, 1, 1), day(2026, 4, 20),
	    NULL, NULL, "mường lống", &c), 0);
	assert_int_equal(c.total, 17000000);
	assert_int_equal(c.persons, 2);
	/* February only: no loan, the two supports */
	assert_int_equal(loan_capital_place(db, day(2026, 2, 1), day(2026, 2, 28),
	    NULL, NULL, NULL, &c), 0);
	assert_int_equal(c.lent, 0);
	assert_int_equal(c.total, 5000000);
}

/*
 * The arrears as they were computed before the paid amount was kept on
 * each installment (migration 22): every unpaid installment's valid
 * repayments made by ?1 summed from the allocations. One row per loan in
 * arrears at ?1: id, oldest unpaid due day, amount overdue.
 */
static const char arrears_raw_sql[] =
    "WITH od AS (SELECT i.loan_id, i.due_on, i.principal + i.interest - "
    "CASE WHEN i.void_on <= ?1 THEN i.principal_void + i.interest_void "
    "ELSE 0 END - coalesce((SELECT sum(a.principal + a.interest) FROM "
    "loan_alloc a JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = i.id "
    "AND p.paid_on <= ?1 AND p.reverses IS NULL AND p.reversed_by IS NULL), "
    "0) AS rest FROM loan_inst i WHERE i.due_on < ?1 AND (i.paid_off_on IS "
    "NULL OR i.paid_off_on > ?1)) "
    "SELECT l.id, min(od.due_on), sum(od.rest) FROM od JOIN loan l ON "
    "l.id = od.loan_id WHERE od.rest > 0 AND l.disbursed_on <= ?1 AND "
    "(l.written_off_on IS NULL OR l.written_off_on > ?1) "
    "GROUP BY l.id ORDER BY min(od.due_on), l.id";

/* Kept paid amounts equal their recomputation, and loan_arrears,
 * loan_arrears_days and the summary's count at each of the days equal
 * arrears_raw_sql. */
static void
arrears_as_raw(struct db *db, const int *days, int ndays)
{
	struct loan_arrear *a;
	struct loan_overdue *o;
	struct loan_summary sum;
	sqlite3_stmt *st;
	int n, no, k;

	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_inst i "
	    "WHERE paid <> (SELECT coalesce(sum(a.principal + a.interest), 0) "
	    "FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id WHERE "
	    "a.inst_id = i.id AND p.reverses IS NULL AND p.reversed_by IS NULL)"),
	    0);
	for (int d = 0; d < ndays; d++) {
		assert_int_equal(loan_arrears(db, days[d], &a, &n), 0);
		assert_int_equal(loan_arrears_days(db, days[d], &o, &no), 0);
		assert_int_equal(no, n);
		assert_non_null(st = db_prepare(db, arrears_raw_sql));
		assert_int_equal(db_bind(db, st, "D", days[d]), 0);
		for (k = 0; db_step(db, st) == SQLITE_ROW; k++) {
			assert_true(k < n);
			assert_int_equal(a[k].loan_id, db_col_int(st, 0));
			assert_int_equal(a[k].days_overdue, days[d] -
			    db_col_date(st, 1));
			assert_int_equal(a[k].overdue, db_col_int(st, 2));
			assert_int_equal(o[k].loan_id, a[k].loan_id);
			assert_int_equal(o[k].days_overdue, a[k].days_overdue);
		}
		db_reset(st);
		assert_int_equal(k, n);
		assert_int_equal(loan_summary(db, days[d] - 29, days[d], &sum), 0);
		assert_int_equal(sum.in_arrears, n);
		loan_arrears_free(a, n);
		free(o);
	}
}

/*
 * What is kept paid on each installment follows every write, and the
 * arrears read through it equal a recomputation at days before, between
 * and after the repayments: repayments made late for earlier days,
 * a reversal, a daily loan's pay-off with its waiver then its reversal,
 * a rescheduling and a write-off.
 */
static void
test_arrears_kept(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	static const int ymd[][3] = { { 2026, 1, 31 }, { 2026, 2, 20 },
		{ 2026, 3, 1 }, { 2026, 3, 20 }, { 2026, 4, 19 },
		{ 2026, 5, 10 }, { 2026, 6, 30 }, { 2026, 9, 1 },
		{ 2026, 10, 5 }, { 2026, 10, 11 }, { 2026, 11, 2 },
		{ 2026, 11, 23 } };
	struct loancalc_terms t = { 0, 0, LOANCALC_PER_MONTH, 6, LOANCALC_MONTHLY,
		LOANCALC_FLAT, 0, day(2026, 6, 10) };
	int days[NELEM(ymd)];
	int64_t a, b, c, d, pay;
	int64_t amount;

	for (size_t i = 0; i < NELEM(ymd); i++)
		days[i] = day(ymd[i][0], ymd[i][1], ymd[i][2]);
	a = disburse(db, terms(add_person(db, NULL), 6000000, 10000, 6,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2026, 1, 5)));
	b = disburse(db, terms(add_person(db, NULL), 3000000, 10000, 6,
	    LOANCALC_MONTHLY, LOANCALC_DECLINING, 0, day(2026, 1, 10)));
	c = disburse(db, terms(add_person(db, NULL), 2400000, 0, 12,
	    LOANCALC_MONTHLY, LOANCALC_FLAT, 0, day(2026, 1, 1)));
	d = small_loan(db, LOAN_INTEREST_DAILY, LOANCALC_PER_MONTH);
	arrears_as_raw(db, days, (int)NELEM(days));
	/* A repays March's part, then February's late for February */
	assert_int_equal(loan_repay(db, a, 1060000, day(2026, 3, 10), NULL,
	    &pay), 0);
	assert_int_equal(loan_repay(db, a, 1000000, day(2026, 2, 15), NULL,
	    NULL), 0);
	assert_int_equal(loan_repay(db, b, 700000, day(2026, 6, 1), NULL,
	    NULL), 0);
	assert_int_equal(loan_repay(db, c, 200000, day(2026, 2, 1), NULL,
	    NULL), 0);
	arrears_as_raw(db, days, (int)NELEM(days));
	/* the March repayment reversed in April */
	assert_int_equal(loan_reverse(db, pay, day(2026, 4, 2), NULL, NULL), 0);
	arrears_as_raw(db, days, (int)NELEM(days));
	/* the daily loan paid off after 10 days, its waiver, then the
	 * pay-off reversed */
	assert_int_equal(loan_payoff(db, d, day(2026, 10, 11), &amount), 0);
	assert_int_equal(loan_repay(db, d, amount, day(2026, 10, 11), NULL,
	    &pay), 0);
	assert_true(test_count(db, "SELECT count(*) FROM loan_waive") > 0);
	arrears_as_raw(db, days, (int)NELEM(days));
	assert_int_equal(loan_reverse(db, pay, day(2026, 10, 12), NULL, NULL),
	    0);
	arrears_as_raw(db, days, (int)NELEM(days));
	/* B rescheduled in June after its repayment, C written off in May */
	assert_int_equal(loan_reschedule(db, b, &t, "flood"), 0);
	assert_int_equal(loan_writeoff(db, c, day(2026, 5, 2), "left"), 0);
	arrears_as_raw(db, days, (int)NELEM(days));
	assert_int_equal(loan_repay(db, b, 500000, day(2026, 7, 1), NULL, NULL),
	    0);
	arrears_as_raw(db, days, (int)NELEM(days));
}

/* Installments whose paid_off_on differs from its recomputation from the
 * raw rows: NULL while anything is due on it, else the latest of its
 * last counted payment, its closing day and (nothing due) its due day. */
static int
paid_off_wrong(struct db *db)
{
	return test_count(db, "SELECT count(*) FROM loan_inst i WHERE "
	    "paid_off_on IS NOT (SELECT CASE WHEN i.principal - i.principal_void "
	    "+ i.interest - i.interest_void > coalesce(sum(a.principal + "
	    "a.interest), 0) THEN NULL ELSE nullif(max(coalesce(max(p.paid_on), "
	    "''), coalesce(i.void_on, ''), CASE WHEN i.principal + i.interest = 0 "
	    "THEN i.due_on ELSE '' END), '') END FROM loan_alloc a JOIN loan_pay p "
	    "ON p.id = a.pay_id WHERE a.inst_id = i.id AND p.reverses IS NULL "
	    "AND p.reversed_by IS NULL)");
}

static const char *
paid_off_on(struct db *db, int64_t loan, int seq, char *buf)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(paid_off_on, '-') "
	    "FROM loan_inst WHERE loan_id = ? AND seq = ?");

	assert_non_null(st);
	assert_int_equal(db_bind(db, st, "id", loan, seq), 0);
	assert_int_equal(db_step(db, st), SQLITE_ROW);
	snprintf(buf, 16, "%s", db_col_text(st, 0));
	db_reset(st);
	return buf;
}

/* A repayment marks the installments it pays off (and only changes
 * those), an interest-free grace installment is marked once anything is
 * repaid, a reversal unmarks, a daily pay-off marks what it closes; each
 * time as a recomputation from the raw rows says, on two loans. */
static void
test_paid_off_days(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t p = add_person(db, NULL), pay2, other;
	int64_t id = disburse(db, terms(p, 4000000, 0, 6, LOANCALC_MONTHLY,
	    LOANCALC_FLAT, 2, day(2026, 1, 10)));
	struct loan_inst *in;
	char buf[16];
	int n;

	other = small_loan(db, LOAN_INTEREST_DAILY, LOANCALC_PER_MONTH);
	load(db, id, LOAN_DAY_MAX, &in, &n);
	assert_int_equal(n, 6);
	assert_int_equal(in[0].principal + in[0].interest, 0);
	assert_int_equal(in[2].principal, 1000000);
	free(in);
	/* the grace installments (nothing due) and one and a half more */
	assert_int_equal(loan_repay(db, id, 1500000, day(2026, 4, 8), NULL, NULL), 0);
	assert_string_equal(paid_off_on(db, id, 1, buf), "2026-02-10");
	assert_string_equal(paid_off_on(db, id, 2, buf), "2026-03-10");
	assert_string_equal(paid_off_on(db, id, 3, buf), "2026-04-08");
	assert_string_equal(paid_off_on(db, id, 4, buf), "-");
	assert_int_equal(paid_off_wrong(db), 0);
	assert_int_equal(loan_repay(db, id, 1000000, day(2026, 5, 20), NULL, &pay2), 0);
	assert_string_equal(paid_off_on(db, id, 3, buf), "2026-04-08");
	assert_string_equal(paid_off_on(db, id, 4, buf), "2026-05-20");
	assert_string_equal(paid_off_on(db, id, 5, buf), "-");
	assert_int_equal(paid_off_wrong(db), 0);
	assert_int_equal(loan_reverse(db, pay2, day(2026, 5, 21), NULL, NULL), 0);
	assert_string_equal(paid_off_on(db, id, 4, buf), "-");
	assert_int_equal(paid_off_wrong(db), 0);
	assert_int_equal(loan_repay(db, id, 2500000, day(2026, 6, 2), NULL, NULL), 0);
	assert_string_equal(paid_off_on(db, id, 6, buf), "2026-06-02");
	assert_int_equal(paid_off_wrong(db), 0);
	/* the daily loan paid off on day 11: its later installments closed */
	assert_int_equal(loan_repay(db, other, 1003333, day(2026, 10, 11), NULL,
	    NULL), 0);
	for (int k = 1; k <= 3; k++)
		assert_string_equal(paid_off_on(db, other, k, buf), "2026-10-11");
	assert_int_equal(paid_off_wrong(db), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flat_monthly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_declining_quarterly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grace_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leap_31st, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_terms_change_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_repay_reverse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overpay_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arrears_and_par, setup, teardown),
		cmocka_unit_test_setup_teardown(test_portfolio_slices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reschedule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reschedule_keeps_due_interest,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_writeoff, setup, teardown),
		cmocka_unit_test_setup_teardown(test_payoff_daily, setup, teardown),
		cmocka_unit_test_setup_teardown(test_payoff_daily_yearly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_payoff_schedule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_payoff_daily_after_part, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_current_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capital_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reminder_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arrears_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paid_off_days, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
