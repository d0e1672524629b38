/*
 * test_lunar.c - lunar dates against known Tết days, mid-autumn, leap
 * months, round trips and formatting.
 */
#include "tests/testutil.h"

#include "core/clock.h"
#include "core/log.h"
#include "groups/lunar.h"

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

static void
assert_lunar(int y, int m, int d, int ly, int lm, int ld, int leap)
{
	struct lunar_date l;
	int back;

	assert_int_equal(lunar_from_solar(date_from_ymd(y, m, d), &l), 0);
	assert_int_equal(l.year, ly);
	assert_int_equal(l.month, lm);
	assert_int_equal(l.day, ld);
	assert_int_equal(l.leap, leap);
	assert_int_equal(lunar_to_solar(ly, lm, ld, leap, &back), 0);
	assert_int_equal(back, date_from_ymd(y, m, d));
}

static void
test_tet(void **state)
{
	char name[24];

	assert_lunar(2024, 2, 10, 2024, 1, 1, 0);
	assert_lunar(2025, 1, 29, 2025, 1, 1, 0);
	assert_lunar(2026, 2, 17, 2026, 1, 1, 0);
	/* The eve of Tết belongs to the year before. */
	assert_lunar(2024, 2, 9, 2023, 12, 30, 0);
	assert_lunar(2025, 1, 28, 2024, 12, 29, 0);
	assert_string_equal(lunar_year_name(2024, name, sizeof name),
	    "Giáp Thìn");
	assert_string_equal(lunar_year_name(2025, name, sizeof name),
	    "Ất Tỵ");
	assert_string_equal(lunar_year_name(2026, name, sizeof name),
	    "Bính Ngọ");
}

static void
test_mid_autumn(void **state)
{
	assert_lunar(2025, 10, 6, 2025, 8, 15, 0);
	assert_lunar(2024, 9, 17, 2024, 8, 15, 0);
}

static void
test_leap_months(void **state)
{
	int m;

	/* 2023: month 2 repeats; 2025: month 6 repeats; 2024 has none. */
	assert_lunar(2023, 2, 20, 2023, 2, 1, 0);
	assert_lunar(2023, 3, 22, 2023, 2, 1, 1);
	assert_lunar(2023, 4, 20, 2023, 3, 1, 0);
	assert_lunar(2025, 7, 25, 2025, 6, 1, 1);
	assert_lunar(2025, 8, 23, 2025, 7, 1, 0);
	assert_int_equal(lunar_leap_month(2023, &m), 0);
	assert_int_equal(m, 2);
	assert_int_equal(lunar_leap_month(2025, &m), 0);
	assert_int_equal(m, 6);
	assert_int_equal(lunar_leap_month(2024, &m), 0);
	assert_int_equal(m, 0);
}

static void
test_month_of(void **state)
{
	int first, n;

	assert_int_equal(lunar_month_of(date_from_ymd(2023, 4, 5), &first,
	    &n), 0);
	assert_int_equal(first, date_from_ymd(2023, 3, 22));
	assert_int_equal(n, 29);
	assert_int_equal(lunar_month_of(first + n, &first, &n), 0);
	assert_int_equal(first, date_from_ymd(2023, 4, 20));
}

/* Every day of several years converts to a lunar date and back, and the
 * day of the lunar month advances by one or restarts at 1. */
static void
test_round_trip(void **state)
{
	int from = date_from_ymd(2019, 1, 1), to = date_from_ymd(2031, 1, 1);
	struct lunar_date l, prev = { 0, 0, 0, 0 };
	int back;

	for (int day = from; day < to; day++) {
		assert_int_equal(lunar_from_solar(day, &l), 0);
		assert_int_equal(lunar_to_solar(l.year, l.month, l.day, l.leap,
		    &back), 0);
		assert_int_equal(back, day);
		if (day > from && l.day != 1)
			assert_int_equal(l.day, prev.day + 1);
		if (l.day == 1 && day > from)
			assert_in_range(prev.day, 29, 30);
		prev = l;
	}
}

static void
test_format(void **state)
{
	struct lunar_date d = { 2025, 8, 15, 0 };
	char buf[24];

	assert_string_equal(lunar_format(&d, buf, sizeof buf), "15/8");
	d = (struct lunar_date){ 2023, 2, 1, 1 };
	assert_string_equal(lunar_format(&d, buf, sizeof buf), "1/2 nhuận");
}

static void
test_errors(void **state)
{
	struct lunar_date l;
	int day;

	assert_int_equal(lunar_to_solar(2024, 2, 1, 1, &day), -1);
	assert_string_equal(logbuf, "lunar: year 2024 has no leap month 2");
	/* Lunar 12/2024 has 29 days: Tết 2025 follows 29/12. */
	assert_int_equal(lunar_to_solar(2024, 12, 30, 0, &day), -1);
	assert_string_equal(logbuf,
	    "lunar: month 12 of year 2024 has only 29 days");
	assert_int_equal(lunar_to_solar(2024, 13, 1, 0, &day), -1);
	assert_string_equal(logbuf, "lunar: 1/13/2024 is not a lunar date");
	assert_int_equal(lunar_from_solar(date_from_ymd(2300, 1, 1), &l), -1);
	assert_string_equal(logbuf, "lunar: year 2300 is outside 1901 to 2199");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mid_autumn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leap_months, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
