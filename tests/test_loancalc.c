/*
 * test_loancalc.c - schedules, rounding, due dates, rate parsing,
 * repayment allocation and arrears.
 */
#include "tests/testutil.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"
#include "groups/loancalc.h"

static char logbuf[512];

static int
setup(void **state)
{
	logbuf[0] = '\0';
	log_capture(logbuf, sizeof logbuf);
	return 0;
}

static int
teardown(void **state)
{
	log_capture(NULL, 0);
	return 0;
}

static struct loancalc_terms
terms(int64_t principal, int ppm, int months, enum loancalc_freq freq,
    enum loancalc_method method, int grace, int disbursed)
{
	struct loancalc_terms t = {
		.principal = principal,
		.rate_ppm = ppm,
		.rate_unit = LOANCALC_PER_MONTH,
		.term_months = months,
		.freq = freq,
		.method = method,
		.grace_months = grace,
		.disbursed_day = disbursed,
	};
	return t;
}

static void
assert_day(int day, int y, int m, int d)
{
	char got[11], want[11];

	assert_string_equal(date_format(day, got),
	    date_format(date_from_ymd(y, m, d), want));
}

static int64_t
sum_principal(const struct loancalc_installment *in, int n)
{
	int64_t s = 0;

	for (int i = 0; i < n; i++)
		s += in[i].principal;
	return s;
}

static int64_t
sum_interest(const struct loancalc_installment *in, int n)
{
	int64_t s = 0;

	for (int i = 0; i < n; i++)
		s += in[i].interest;
	return s;
}

/*
 * 12.000.000 at 0,65%/month, declining, 12 monthly installments.
 * Principal 1.000.000 each. Interest on the balance at each period's
 * start: 12.000.000 * 0.0065 = 78.000, then 11.000.000 * 0.0065 = 71.500,
 * ... down to 1.000.000 * 0.0065 = 6.500: (13 - k) * 6.500.
 * Total 6.500 * (12 + 11 + ... + 1) = 6.500 * 78 = 507.000.
 */
static void
test_declining_monthly(void **state)
{
	struct loancalc_terms t = terms(12000000, 6500, 12, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(2025, 1, 15));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 12);
	for (int k = 1; k <= 12; k++) {
		assert_int_equal(in[k - 1].seq, k);
		assert_int_equal(in[k - 1].principal, 1000000);
		assert_int_equal(in[k - 1].interest, (13 - k) * 6500);
	}
	assert_int_equal(in[0].interest, 78000);
	assert_int_equal(in[1].interest, 71500);
	assert_int_equal(sum_interest(in, n), 507000);
	assert_day(in[0].due_day, 2025, 2, 15);
	assert_day(in[10].due_day, 2025, 12, 15);
	assert_day(in[11].due_day, 2026, 1, 15);
	free(in);
}

/* Flat: 12.000.000 * 0.0065 = 78.000 every month, 936.000 in total. */
static void
test_flat_monthly(void **state)
{
	struct loancalc_terms t = terms(12000000, 6500, 12, LOANCALC_MONTHLY,
	    LOANCALC_FLAT, 0, date_from_ymd(2025, 1, 15));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 12);
	for (int i = 0; i < n; i++) {
		assert_int_equal(in[i].principal, 1000000);
		assert_int_equal(in[i].interest, 78000);
	}
	assert_int_equal(sum_interest(in, n), 936000);
	free(in);
}

/* 7,8%/year is 0,65%/month: the same schedule as the monthly quote. */
static void
test_yearly_rate_same_as_monthly(void **state)
{
	struct loancalc_terms ty = terms(12000000, 78000, 12, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(2025, 1, 15));
	struct loancalc_terms tm = ty;
	struct loancalc_installment *a, *b;
	int na, nb;

	ty.rate_unit = LOANCALC_PER_YEAR;
	tm.rate_ppm = 6500;
	assert_int_equal(loancalc_schedule(&ty, &a, &na), 0);
	assert_int_equal(loancalc_schedule(&tm, &b, &nb), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, (size_t)na * sizeof *a);
	assert_int_equal(a[0].interest, 78000);
	free(a);
	free(b);
}

/*
 * 10.000.000 over 7 months at 0,65%/month, declining.
 * Parts: 10.000.000 / 7 = 1.428.571 (rounded down) six times, the last
 * takes 10.000.000 - 6 * 1.428.571 = 1.428.574.
 * Interest, half up:
 *   10.000.000 * 0.0065 = 65.000
 *    8.571.429 * 0.0065 = 55.714,2885 -> 55.714
 *    7.142.858 * 0.0065 = 46.428,577  -> 46.429
 *    5.714.287 * 0.0065 = 37.142,8655 -> 37.143
 *    4.285.716 * 0.0065 = 27.857,154  -> 27.857
 *    2.857.145 * 0.0065 = 18.571,4425 -> 18.571
 *    1.428.574 * 0.0065 =  9.285,731  ->  9.286
 */
static void
test_rounding_seven_months(void **state)
{
	static const int64_t interest[] = { 65000, 55714, 46429, 37143, 27857,
		18571, 9286 };
	struct loancalc_terms t = terms(10000000, 6500, 7, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(2025, 5, 5));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 7);
	for (int i = 0; i < 6; i++)
		assert_int_equal(in[i].principal, 1428571);
	assert_int_equal(in[6].principal, 1428574);
	assert_int_equal(sum_principal(in, n), 10000000);
	for (int i = 0; i < 7; i++)
		assert_int_equal(in[i].interest, interest[i]);
	free(in);
}

/* 1.000.001 over 3, interest-free: 333.333, 333.333, 333.335. */
static void
test_rounding_three_parts(void **state)
{
	struct loancalc_terms t = terms(1000001, 0, 3, LOANCALC_MONTHLY,
	    LOANCALC_FLAT, 0, date_from_ymd(2025, 5, 5));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(in[0].principal, 333333);
	assert_int_equal(in[1].principal, 333333);
	assert_int_equal(in[2].principal, 333335);
	assert_int_equal(sum_interest(in, n), 0);
	free(in);
}

/* Half up, once, on the period's amount; yearly rates divided exactly. */
static void
test_interest_rounding(void **state)
{
	/* 100 * 0.005 = 0,5 -> 1; 300 * 0.005 = 1,5 -> 2; 299 -> 1,495 -> 1 */
	assert_int_equal(loancalc_interest(100, 5000, LOANCALC_PER_MONTH, 1), 1);
	assert_int_equal(loancalc_interest(300, 5000, LOANCALC_PER_MONTH, 1), 2);
	assert_int_equal(loancalc_interest(299, 5000, LOANCALC_PER_MONTH, 1), 1);
	assert_int_equal(loancalc_interest(99, 5000, LOANCALC_PER_MONTH, 1), 0);
	/* 1.000.001 * 1% / 12 = 833,334 -> 833; 3 months: 2.500,0025 -> 2.500 */
	assert_int_equal(loancalc_interest(1000001, 10000, LOANCALC_PER_YEAR, 1), 833);
	assert_int_equal(loancalc_interest(1000001, 10000, LOANCALC_PER_YEAR, 3), 2500);
	/* 600.000 * 1% / 12 = 500 exactly; 6.000 * 0,1%/12 = 0,5 -> 1 */
	assert_int_equal(loancalc_interest(600000, 10000, LOANCALC_PER_YEAR, 1), 500);
	assert_int_equal(loancalc_interest(6000, 1000, LOANCALC_PER_YEAR, 1), 1);
	/* The extremes do not overflow: 999.999.999.999 * 120%/year / 12 *
	 * 120 months = 999.999.999.999 * 12 = 11.999.999.999.988 */
	assert_int_equal(loancalc_interest(INT64_C(999999999999), 1200000,
	    LOANCALC_PER_YEAR, 120), INT64_C(11999999999988));
	assert_int_equal(loancalc_interest(INT64_C(1000000000000), 100000,
	    LOANCALC_PER_MONTH, 120), INT64_C(12000000000000));
}

/*
 * 9.000.000 at 0,5%/month, declining, quarterly over 12 months, disbursed
 * on 31 March: 4 parts of 2.250.000; interest for 3 months each:
 * 9.000.000 * 0.015 = 135.000, 6.750.000 * 0.015 = 101.250,
 * 4.500.000 * 0.015 = 67.500, 2.250.000 * 0.015 = 33.750.
 * Due 30 June, 30 September, 31 December, 31 March.
 */
static void
test_quarterly(void **state)
{
	struct loancalc_terms t = terms(9000000, 5000, 12, LOANCALC_QUARTERLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(2025, 3, 31));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(in[0].interest, 135000);
	assert_int_equal(in[1].interest, 101250);
	assert_int_equal(in[2].interest, 67500);
	assert_int_equal(in[3].interest, 33750);
	for (int i = 0; i < 4; i++)
		assert_int_equal(in[i].principal, 2250000);
	assert_day(in[0].due_day, 2025, 6, 30);
	assert_day(in[1].due_day, 2025, 9, 30);
	assert_day(in[2].due_day, 2025, 12, 31);
	assert_day(in[3].due_day, 2026, 3, 31);
	free(in);
}

/*
 * Quarterly over 10 months: periods of 3, 3, 3 and 1 months. Flat 1%/month
 * on 10.000.000: 300.000, 300.000, 300.000, then 100.000 for the one
 * month. Principal 2.500.000 each.
 */
static void
test_quarterly_short_last_period(void **state)
{
	struct loancalc_terms t = terms(10000000, 10000, 10, LOANCALC_QUARTERLY,
	    LOANCALC_FLAT, 0, date_from_ymd(2025, 1, 10));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(in[0].interest, 300000);
	assert_int_equal(in[2].interest, 300000);
	assert_int_equal(in[3].interest, 100000);
	assert_int_equal(sum_principal(in, n), 10000000);
	assert_int_equal(in[3].principal, 2500000);
	assert_day(in[0].due_day, 2025, 4, 10);
	assert_day(in[2].due_day, 2025, 10, 10);
	assert_day(in[3].due_day, 2025, 11, 10);
	free(in);
}

/* At end: 5.000.000 at 0,8%/month over 6 months: one installment after
 * 6 months, 5.000.000 + 5.000.000 * 0.008 * 6 = 240.000 interest, the
 * same for both methods. */
static void
test_at_end(void **state)
{
	enum loancalc_method methods[] = { LOANCALC_DECLINING, LOANCALC_FLAT };

	for (size_t i = 0; i < 2; i++) {
		struct loancalc_terms t = terms(5000000, 8000, 6, LOANCALC_AT_END,
		    methods[i], 0, date_from_ymd(2025, 8, 31));
		struct loancalc_installment *in;
		int n;

		assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
		assert_int_equal(n, 1);
		assert_int_equal(in[0].seq, 1);
		assert_int_equal(in[0].principal, 5000000);
		assert_int_equal(in[0].interest, 240000);
		assert_day(in[0].due_day, 2026, 2, 28);
		free(in);
	}
}

/*
 * 6.000.000 at 0,65%/month declining over 12 months, 6 months' grace:
 * months 1-6 interest only, 6.000.000 * 0.0065 = 39.000 each; then
 * 1.000.000 principal a month with interest 39.000, 32.500, 26.000,
 * 19.500, 13.000, 6.500. Total 6 * 39.000 + 136.500 = 370.500.
 */
static void
test_grace_declining(void **state)
{
	static const int64_t after[] = { 39000, 32500, 26000, 19500, 13000, 6500 };
	struct loancalc_terms t = terms(6000000, 6500, 12, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 6, date_from_ymd(2025, 1, 1));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 12);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(in[i].principal, 0);
		assert_int_equal(in[i].interest, 39000);
	}
	for (int i = 6; i < 12; i++) {
		assert_int_equal(in[i].principal, 1000000);
		assert_int_equal(in[i].interest, after[i - 6]);
	}
	assert_int_equal(sum_interest(in, n), 370500);
	free(in);
}

/* Quarterly with 4 months' grace: only the first quarter (ending in month
 * 3) is within the grace; 6.000.000 is split over the other three.
 * Flat 0,5%/month: 6.000.000 * 0.005 * 3 = 90.000 each quarter. */
static void
test_grace_quarterly(void **state)
{
	struct loancalc_terms t = terms(6000000, 5000, 12, LOANCALC_QUARTERLY,
	    LOANCALC_FLAT, 4, date_from_ymd(2025, 1, 1));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(in[0].principal, 0);
	for (int i = 1; i < 4; i++)
		assert_int_equal(in[i].principal, 2000000);
	for (int i = 0; i < 4; i++)
		assert_int_equal(in[i].interest, 90000);
	free(in);
}

/* Interest every month, all principal at the end: grace = term - 1.
 * 3.000.000 * 0,7% = 21.000 each month, the balance never falls. */
static void
test_grace_principal_at_end(void **state)
{
	struct loancalc_terms t = terms(3000000, 7000, 6, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 5, date_from_ymd(2025, 1, 1));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 6);
	for (int i = 0; i < 5; i++)
		assert_int_equal(in[i].principal, 0);
	assert_int_equal(in[5].principal, 3000000);
	for (int i = 0; i < 6; i++)
		assert_int_equal(in[i].interest, 21000);
	free(in);
}

static void
check_month_ends(int year)
{
	struct loancalc_terms t = terms(1200000, 6500, 12, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(year, 1, 31));
	struct loancalc_installment *in;
	int n, y, m, d;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_int_equal(n, 12);
	for (int i = 0; i < n; i++) {
		date_to_ymd(in[i].due_day, &y, &m, &d);
		assert_int_equal(m, i + 2 > 12 ? 1 : i + 2);
		assert_int_equal(d, date_days_in_month(y, m));
	}
	free(in);
}

/* Disbursed on 31 January: due on the last day of each month, 29 February
 * in the leap year 2028, 28 in 2027, and back to the 31st in March (the
 * day does not drift to the 28th/29th). */
static void
test_due_dates_month_end(void **state)
{
	struct loancalc_terms t = terms(3000000, 6500, 3, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(2028, 1, 31));
	struct loancalc_installment *in;
	int n;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_day(in[0].due_day, 2028, 2, 29);
	assert_day(in[1].due_day, 2028, 3, 31);
	assert_day(in[2].due_day, 2028, 4, 30);
	free(in);
	t.disbursed_day = date_from_ymd(2027, 1, 31);
	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	assert_day(in[0].due_day, 2027, 2, 28);
	assert_day(in[1].due_day, 2027, 3, 31);
	assert_day(in[2].due_day, 2027, 4, 30);
	free(in);
	check_month_ends(2027);
	check_month_ends(2028);
}

/* Every shape: principal parts add up exactly, none negative, dates rise,
 * the last one is term months after disbursal. */
static void
test_schedule_invariants(void **state)
{
	static const int64_t principals[] = { 1, 2, 999, 1000001, 7777777,
		INT64_C(1000000000000) };
	int disb = date_from_ymd(2024, 8, 31);

	for (size_t p = 0; p < NELEM(principals); p++)
	for (int term = 1; term <= 120; term += 7)
	for (int f = LOANCALC_MONTHLY; f <= LOANCALC_AT_END; f++)
	for (int g = 0; g < term; g += 5) {
		struct loancalc_terms t = terms(principals[p], 9999, term,
		    (enum loancalc_freq)f, LOANCALC_DECLINING,
		    f == LOANCALC_AT_END ? 0 : g, disb);
		struct loancalc_installment *in;
		int n;

		assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
		assert_int_equal(sum_principal(in, n), principals[p]);
		for (int i = 0; i < n; i++) {
			assert_true(in[i].principal >= 0 && in[i].interest >= 0);
			assert_true(i == 0 || in[i].due_day > in[i - 1].due_day);
		}
		assert_int_equal(in[n - 1].due_day, date_add_months(disb, term));
		free(in);
	}
}

static void
expect_invalid(struct loancalc_terms t, const char *needle)
{
	struct loancalc_installment *in = (void *)1;
	int n = 5;

	logbuf[0] = '\0';
	assert_int_equal(loancalc_validate(&t), -1);
	if (!strstr(logbuf, needle))
		fail_msg("\"%s\" does not contain \"%s\"", logbuf, needle);
	assert_int_equal(loancalc_schedule(&t, &in, &n), -1);
	assert_null(in);
	assert_int_equal(n, 0);
}

static void
test_validate(void **state)
{
	struct loancalc_terms ok = terms(5000000, 6500, 12, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(2025, 1, 1));
	struct loancalc_terms t;

	assert_int_equal(loancalc_validate(&ok), 0);
	t = ok, t.principal = 0;
	expect_invalid(t, "loan principal: 0 đồng is not between 1 and "
	    "1.000.000.000.000 đồng");
	t = ok, t.principal = INT64_C(1000000000001);
	expect_invalid(t, "loan principal: 1.000.000.000.001 đồng");
	t = ok, t.term_months = 0;
	expect_invalid(t, "loan term: 0 months is not between 1 and 120");
	t = ok, t.term_months = 121;
	expect_invalid(t, "loan term: 121 months");
	t = ok, t.grace_months = 12;
	expect_invalid(t, "loan grace: 12 months");
	t = ok, t.grace_months = -1;
	expect_invalid(t, "loan grace: -1 months");
	t = ok, t.freq = LOANCALC_AT_END, t.grace_months = 2;
	expect_invalid(t, "repaid at the end has no grace");
	t = ok, t.rate_ppm = 100001;
	expect_invalid(t, "loan rate: 10.0001%/month is not between 0 and 10%/month");
	t = ok, t.rate_ppm = -1;
	expect_invalid(t, "loan rate: -0.0001%/month");
	t = ok, t.rate_unit = LOANCALC_PER_YEAR, t.rate_ppm = 1200001;
	expect_invalid(t, "and 120%/year");
	t = ok, t.freq = (enum loancalc_freq)7;
	expect_invalid(t, "loan frequency: 7");
	t = ok, t.method = (enum loancalc_method)9;
	expect_invalid(t, "loan method: 9");
	t = ok, t.disbursed_day = -1;
	expect_invalid(t, "loan disbursal date");

	t = ok, t.rate_unit = LOANCALC_PER_YEAR, t.rate_ppm = 1200000;
	assert_int_equal(loancalc_validate(&t), 0);
	t = ok, t.grace_months = 11, t.rate_ppm = 0;
	assert_int_equal(loancalc_validate(&t), 0);
	t = ok, t.freq = LOANCALC_QUARTERLY, t.term_months = 10;
	assert_int_equal(loancalc_validate(&t), 0);
}

static void
test_parse_rate_accepted(void **state)
{
	static const struct {
		const char *s;
		int ppm;
		enum loancalc_rate_unit unit;
	} ok[] = {
		{ "0.65%/month", 6500, LOANCALC_PER_MONTH },
		{ "0,65%/tháng", 6500, LOANCALC_PER_MONTH },
		{ "0.65%/thang", 6500, LOANCALC_PER_MONTH },
		{ "7.8%/year", 78000, LOANCALC_PER_YEAR },
		{ "7,8%/năm", 78000, LOANCALC_PER_YEAR },
		{ "7.8%/nam", 78000, LOANCALC_PER_YEAR },
		{ "0.65 %/m", 6500, LOANCALC_PER_MONTH },
		{ "7.8%/y", 78000, LOANCALC_PER_YEAR },
		{ " 0,65 % / Tháng ", 6500, LOANCALC_PER_MONTH },
		{ "7,8%/NĂM", 78000, LOANCALC_PER_YEAR },
		{ "0.9%/THÁNG", 9000, LOANCALC_PER_MONTH },
		{ "1%/Month", 10000, LOANCALC_PER_MONTH },
		{ "1.2345%/mo", 12345, LOANCALC_PER_MONTH },
		{ "10%/month", 100000, LOANCALC_PER_MONTH },
		{ "120%/year", 1200000, LOANCALC_PER_YEAR },
		{ "0%/month", 0, LOANCALC_PER_MONTH },
		{ "6%/yr", 60000, LOANCALC_PER_YEAR },
	};

	for (size_t i = 0; i < NELEM(ok); i++) {
		int ppm = -1;
		enum loancalc_rate_unit unit = (enum loancalc_rate_unit)-1;

		if (loancalc_parse_rate(ok[i].s, &ppm, &unit) != 0)
			fail_msg("\"%s\" refused: %s", ok[i].s, logbuf);
		assert_int_equal(ppm, ok[i].ppm);
		assert_int_equal(unit, ok[i].unit);
	}
}

static void
test_parse_rate_rejected(void **state)
{
	static const char *bad[] = {
		"", "abc", "0.65", "0.65%", "0.65%/", "0.65%month", "0.65%/week",
		"-0.5%/month", "10.01%/month", "121%/year", "0.12345%/month",
		"1.%/month", ".5%/month", "1,2.3%/month", "0.65%/monthly",
		"99999999999999999999%/year", "0.65%/tháng x", "0.65/month",
	};

	for (size_t i = 0; i < NELEM(bad); i++) {
		int ppm = 42;
		enum loancalc_rate_unit unit = LOANCALC_PER_YEAR;
		char prefix[128];

		logbuf[0] = '\0';
		if (loancalc_parse_rate(bad[i], &ppm, &unit) != -1)
			fail_msg("\"%s\" accepted", bad[i]);
		snprintf(prefix, sizeof prefix, "rate: \"%s\"", bad[i]);
		if (strncmp(logbuf, prefix, strlen(prefix)) != 0)
			fail_msg("message for \"%s\": %s", bad[i], logbuf);
		assert_int_equal(ppm, 42);
		assert_int_equal(unit, LOANCALC_PER_YEAR);
	}
	loancalc_parse_rate("12%/month", &(int){0},
	    &(enum loancalc_rate_unit){LOANCALC_PER_MONTH});
	assert_string_equal(logbuf, "rate: \"12%/month\" is more than 10%/month");
}

static void
test_format_rate(void **state)
{
	char buf[32];

	assert_string_equal(loancalc_format_rate(6500, LOANCALC_PER_MONTH, buf,
	    sizeof buf), "0.65%/month");
	assert_string_equal(loancalc_format_rate(78000, LOANCALC_PER_YEAR, buf,
	    sizeof buf), "7.8%/year");
	assert_string_equal(loancalc_format_rate(100000, LOANCALC_PER_MONTH, buf,
	    sizeof buf), "10%/month");
	assert_string_equal(loancalc_format_rate(0, LOANCALC_PER_MONTH, buf,
	    sizeof buf), "0%/month");
	assert_string_equal(loancalc_format_rate(12345, LOANCALC_PER_MONTH, buf,
	    sizeof buf), "1.2345%/month");
}

/* Three installments due 15 Feb, 15 Mar, 15 Apr 2025:
 * 1.000.000 + 30.000, 1.000.000 + 20.000, 1.000.000 + 10.000;
 * 3.060.000 in all. */
static void
three_states(struct loancalc_state st[3])
{
	for (int i = 0; i < 3; i++) {
		st[i] = (struct loancalc_state){
			.seq = i + 1,
			.due_day = date_from_ymd(2025, 2 + i, 15),
			.principal_due = 1000000,
			.interest_due = 30000 - 10000 * i,
		};
	}
}

static void
test_allocate_partial_then_exact(void **state)
{
	struct loancalc_state st[3];
	struct loancalc_allocation *a;
	int na;

	three_states(st);
	/* 20.000 covers part of the first interest and nothing else */
	assert_int_equal(loancalc_allocate(st, 3, 20000, &a, &na), 0);
	assert_int_equal(na, 1);
	assert_int_equal(a[0].seq, 1);
	assert_int_equal(a[0].interest, 20000);
	assert_int_equal(a[0].principal, 0);
	assert_int_equal(st[0].interest_paid, 20000);
	assert_int_equal(st[0].principal_paid, 0);
	free(a);
	/* 1.010.000: the remaining 10.000 interest, then 1.000.000 principal */
	assert_int_equal(loancalc_allocate(st, 3, 1010000, &a, &na), 0);
	assert_int_equal(na, 1);
	assert_int_equal(a[0].interest, 10000);
	assert_int_equal(a[0].principal, 1000000);
	assert_int_equal(loancalc_first_unpaid(st, 3), 1);
	assert_int_equal(st[1].interest_paid, 0);
	assert_int_equal(loancalc_outstanding_principal(st, 3), 2000000);
	assert_int_equal(loancalc_outstanding_total(st, 3), 2030000);
	free(a);
}

/* 1.500.000: all of the first (30.000 + 1.000.000), then the second's
 * interest 20.000 and 450.000 of its principal. */
static void
test_allocate_spanning(void **state)
{
	struct loancalc_state st[3];
	struct loancalc_allocation *a;
	int na;

	three_states(st);
	assert_int_equal(loancalc_allocate(st, 3, 1500000, &a, &na), 0);
	assert_int_equal(na, 2);
	assert_int_equal(a[0].seq, 1);
	assert_int_equal(a[0].interest, 30000);
	assert_int_equal(a[0].principal, 1000000);
	assert_int_equal(a[1].seq, 2);
	assert_int_equal(a[1].interest, 20000);
	assert_int_equal(a[1].principal, 450000);
	assert_int_equal(st[1].principal_paid, 450000);
	assert_int_equal(st[2].interest_paid, 0);
	assert_int_equal(loancalc_outstanding_principal(st, 3), 1550000);
	free(a);
	/* the rest pays off the loan exactly */
	assert_int_equal(loancalc_allocate(st, 3, 1560000, &a, &na), 0);
	assert_int_equal(na, 2);
	assert_int_equal(a[0].seq, 2);
	assert_int_equal(a[0].interest, 0);
	assert_int_equal(a[0].principal, 550000);
	assert_int_equal(a[1].seq, 3);
	assert_int_equal(a[1].interest, 10000);
	assert_int_equal(a[1].principal, 1000000);
	assert_int_equal(loancalc_outstanding_total(st, 3), 0);
	assert_int_equal(loancalc_first_unpaid(st, 3), -1);
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2026, 1, 1), 0), 0);
	free(a);
}

static void
test_allocate_refused(void **state)
{
	struct loancalc_state st[3], before[3];
	struct loancalc_allocation *a = (void *)1;
	int na = 7;

	three_states(st);
	memcpy(before, st, sizeof st);
	assert_int_equal(loancalc_allocate(st, 3, 3060001, &a, &na), -1);
	assert_string_equal(logbuf, "payment: 3.060.001 đồng is more than the "
	    "3.060.000 đồng still owed");
	assert_null(a);
	assert_int_equal(na, 0);
	assert_memory_equal(st, before, sizeof st);
	assert_int_equal(loancalc_allocate(st, 3, 0, &a, &na), -1);
	assert_string_equal(logbuf, "payment: 0 đồng is not a positive amount");
	assert_int_equal(loancalc_allocate(st, 3, -5, &a, &na), -1);
	assert_memory_equal(st, before, sizeof st);
	/* a state that is paid beyond what was due is refused */
	st[1].interest_paid = 20001;
	assert_int_equal(loancalc_allocate(st, 3, 1000, &a, &na), -1);
	assert_string_equal(logbuf, "installment 2: paid amounts do not fit what was due");
}

static void
test_unallocate(void **state)
{
	struct loancalc_state st[3], before[3], mid[3];
	struct loancalc_allocation *a, *b;
	int na, nb;

	three_states(st);
	memcpy(before, st, sizeof st);
	assert_int_equal(loancalc_allocate(st, 3, 700000, &a, &na), 0);
	memcpy(mid, st, sizeof st);
	assert_int_equal(loancalc_allocate(st, 3, 1500000, &b, &nb), 0);
	/* reverse the second payment: back to after the first */
	assert_int_equal(loancalc_unallocate(st, 3, b, nb), 0);
	assert_memory_equal(st, mid, sizeof st);
	/* reversing it again would take back more than was paid: refused,
	 * nothing changed */
	assert_int_equal(loancalc_unallocate(st, 3, b, nb), -1);
	assert_non_null(strstr(logbuf, "has less paid than the part to take back"));
	assert_memory_equal(st, mid, sizeof st);
	assert_int_equal(loancalc_unallocate(st, 3, a, na), 0);
	assert_memory_equal(st, before, sizeof st);
	a[0].seq = 9;
	assert_int_equal(loancalc_unallocate(st, 3, a, na), -1);
	assert_string_equal(logbuf, "payment reversal: installment 9 does not exist");
	free(a);
	free(b);
}

static void
test_arrears(void **state)
{
	struct loancalc_state st[3];
	struct loancalc_allocation *a;
	int na;

	three_states(st);
	/* before or on the first due day nothing is overdue */
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 1, 20), 0), 0);
	assert_int_equal(loancalc_overdue_amount(st, 3, date_from_ymd(2025, 1, 20), 0), 0);
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 2, 15), 0), 0);
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 2, 16), 0), 1);
	/* 15 Feb to 20 Mar: 13 + 20 = 33 days; two installments overdue,
	 * 1.030.000 + 1.020.000 */
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 3, 20), 0), 33);
	assert_int_equal(loancalc_overdue_amount(st, 3, date_from_ymd(2025, 3, 20), 0),
	    2050000);
	/* 5 days' grace: 3 days late is not arrears, 6 days is (counted from
	 * the due day); on 20 Mar the second is 5 days late, within grace */
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 2, 18), 5), 0);
	assert_int_equal(loancalc_overdue_amount(st, 3, date_from_ymd(2025, 2, 18), 5), 0);
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 2, 21), 5), 6);
	assert_int_equal(loancalc_overdue_amount(st, 3, date_from_ymd(2025, 3, 20), 5),
	    1030000);
	/* part-paid first installment still counts, for what is left */
	assert_int_equal(loancalc_allocate(st, 3, 500000, &a, &na), 0);
	free(a);
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 3, 20), 0), 33);
	assert_int_equal(loancalc_overdue_amount(st, 3, date_from_ymd(2025, 3, 20), 0),
	    1550000);
	/* once the first is paid, the second's due day counts: 5 days */
	assert_int_equal(loancalc_allocate(st, 3, 530000, &a, &na), 0);
	free(a);
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 3, 20), 0), 5);
	assert_int_equal(loancalc_days_overdue(st, 3, date_from_ymd(2025, 3, 20), 5), 0);
	assert_int_equal(loancalc_days_overdue(st, 0, date_from_ymd(2025, 3, 20), 0), 0);
}

/* Rescheduling: what is still owed, spread over new terms from the day of
 * the new agreement. 12.000.000 over 12 months with 6 installments paid
 * leaves 6.000.000; over 6 new months at 0,65%: 1.000.000 a month, first
 * interest 6.000.000 * 0.0065 = 39.000. */
static void
test_reschedule(void **state)
{
	struct loancalc_terms t = terms(12000000, 6500, 12, LOANCALC_MONTHLY,
	    LOANCALC_DECLINING, 0, date_from_ymd(2025, 1, 15));
	struct loancalc_installment *in, *re;
	struct loancalc_state st[12] = { 0 };
	int n, nr;

	assert_int_equal(loancalc_schedule(&t, &in, &n), 0);
	for (int i = 0; i < n; i++) {
		st[i] = (struct loancalc_state){ in[i].seq, in[i].due_day,
			in[i].principal, in[i].interest, 0, 0 };
		if (i < 6) {
			st[i].principal_paid = st[i].principal_due;
			st[i].interest_paid = st[i].interest_due;
		}
	}
	t.principal = loancalc_outstanding_principal(st, n);
	t.term_months = 6;
	t.disbursed_day = date_from_ymd(2025, 9, 1);
	assert_int_equal(loancalc_schedule(&t, &re, &nr), 0);
	assert_int_equal(nr, 6);
	assert_int_equal(re[0].principal, 1000000);
	assert_int_equal(re[0].interest, 39000);
	assert_int_equal(sum_principal(re, nr), 6000000);
	assert_day(re[0].due_day, 2025, 10, 1);
	free(in);
	free(re);
}

/* Interest by day: monthly rate x đồng-days / 30, half up; a yearly rate
 * is / 12 (so / 360 days). */
static void
test_interest_days(void **state)
{
	(void)state;
	/* 1.000.000 for 10 days at 1%/month: 3.333,33 */
	assert_int_equal(loancalc_interest_days(10000000, 10000, LOANCALC_PER_MONTH),
	    3333);
	assert_int_equal(loancalc_interest_days(10000000, 120000, LOANCALC_PER_YEAR),
	    3333);
	/* 1,5 rounds up, 1,4997 down */
	assert_int_equal(loancalc_interest_days(4500, 10000, LOANCALC_PER_MONTH), 2);
	assert_int_equal(loancalc_interest_days(4499, 10000, LOANCALC_PER_MONTH), 1);
	assert_int_equal(loancalc_interest_days(0, 10000, LOANCALC_PER_MONTH), 0);
	assert_int_equal(loancalc_interest_days(10000000, 0, LOANCALC_PER_MONTH), 0);
	/* the largest inputs, exact */
	assert_int_equal(loancalc_interest_days(INT64_C(36599999999999999), 1199999,
	    LOANCALC_PER_YEAR), INT64_C(121999898333333));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_declining_monthly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flat_monthly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yearly_rate_same_as_monthly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounding_seven_months, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rounding_three_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interest_rounding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quarterly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quarterly_short_last_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_at_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grace_declining, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grace_quarterly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grace_principal_at_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_dates_month_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schedule_invariants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_rate_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parse_rate_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format_rate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allocate_partial_then_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allocate_spanning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allocate_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unallocate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_arrears, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reschedule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_interest_days, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
