/*
 * test_lunar.c - lunar dates against known Tết days, mid-autumn, leap
 * months, new moons, round trips, ICU's chinese calendar and formatting.
 */
#include "tests/testutil.h"

#include <unicode/ucal.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"
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

/* day is the last day of lunar year lyear: 29 or 30 of month 12. */
static void
assert_lunar_last(int day, int lyear)
{
	struct lunar_date l;

	assert_int_equal(lunar_from_solar(day, &l), 0);
	assert_int_equal(l.year, lyear);
	assert_int_equal(l.month, 12);
	assert_in_range(l.day, 29, 30);
	assert_int_equal(l.leap, 0);
}

/* Month b follows month a (a being on its last day). */
static void
assert_next_month(const struct lunar_date *a, const struct lunar_date *b)
{
	int leap;

	assert_in_range(a->day, 29, 30);
	assert_int_equal(b->day, 1);
	assert_int_equal(lunar_leap_month(b->year, &leap), 0);
	if (b->leap) {
		assert_int_equal(b->month, a->month);
		assert_int_equal(b->month, leap);
	} else if (b->month == 1) {
		assert_int_equal(a->month, 12);
		assert_int_equal(b->year, a->year + 1);
	} else {
		assert_int_equal(b->month, a->month + 1);
		assert_int_equal(b->year, a->year);
	}
}

/* Tết (lunar 1/1) in Vietnam. 1968, 1985, 2007 and 2030 differ from
 * China's (1968-01-30, 1985-02-20, 2007-02-18, 2030-02-03); 2027 differs
 * from ICU's (2027-02-07). */
static void
test_tet(void **state)
{
	static const int tet[][3] = {
		{ 1968, 1, 29 }, { 1985, 1, 21 }, { 1990, 1, 27 },
		{ 1995, 1, 31 }, { 2000, 2, 5 }, { 2001, 1, 24 },
		{ 2002, 2, 12 }, { 2003, 2, 1 }, { 2004, 1, 22 },
		{ 2005, 2, 9 }, { 2006, 1, 29 }, { 2007, 2, 17 },
		{ 2008, 2, 7 }, { 2009, 1, 26 }, { 2010, 2, 14 },
		{ 2011, 2, 3 }, { 2012, 1, 23 }, { 2013, 2, 10 },
		{ 2014, 1, 31 }, { 2015, 2, 19 }, { 2016, 2, 8 },
		{ 2017, 1, 28 }, { 2018, 2, 16 }, { 2019, 2, 5 },
		{ 2020, 1, 25 }, { 2021, 2, 12 }, { 2022, 2, 1 },
		{ 2023, 1, 22 }, { 2024, 2, 10 }, { 2025, 1, 29 },
		{ 2026, 2, 17 }, { 2027, 2, 6 }, { 2028, 1, 26 },
		{ 2029, 2, 13 }, { 2030, 2, 2 },
	};
	char name[24];

	for (size_t i = 0; i < sizeof tet / sizeof tet[0]; i++) {
		assert_lunar(tet[i][0], tet[i][1], tet[i][2], tet[i][0], 1, 1,
		    0);
		/* The eve of Tết is the last day of the year before. */
		assert_lunar_last(date_from_ymd(tet[i][0], tet[i][1],
		    tet[i][2]) - 1, tet[i][0] - 1);
	}
	assert_lunar(2024, 2, 9, 2023, 12, 30, 0);
	assert_lunar(2025, 1, 28, 2024, 12, 29, 0);
	assert_string_equal(lunar_year_name(2024, name, sizeof name),
	    "Giáp Thìn");
	assert_string_equal(lunar_year_name(2025, name, sizeof name),
	    "Ất Tỵ");
	assert_string_equal(lunar_year_name(2026, name, sizeof name),
	    "Bính Ngọ");
	assert_string_equal(lunar_year_name(1985, name, sizeof name),
	    "Ất Sửu");
}

static void
test_mid_autumn(void **state)
{
	static const int full[][3] = {
		{ 2018, 9, 24 }, { 2019, 9, 13 }, { 2020, 10, 1 },
		{ 2021, 9, 21 }, { 2022, 9, 10 }, { 2023, 9, 29 },
		{ 2024, 9, 17 }, { 2025, 10, 6 }, { 2026, 9, 25 },
		{ 2027, 9, 15 }, { 2028, 10, 3 }, { 2029, 9, 22 },
		{ 2030, 9, 12 },
	};

	for (size_t i = 0; i < sizeof full / sizeof full[0]; i++)
		assert_lunar(full[i][0], full[i][1], full[i][2], full[i][0], 8,
		    15, 0);
}

static void
assert_leap(int lyear, int want)
{
	int m;

	assert_int_equal(lunar_leap_month(lyear, &m), 0);
	assert_int_equal(m, want);
}

static void
test_leap_months(void **state)
{
	/* 2023: month 2 repeats; 2025: month 6 repeats; 2024 has none. */
	assert_lunar(2023, 2, 20, 2023, 2, 1, 0);
	assert_lunar(2023, 3, 22, 2023, 2, 1, 1);
	assert_lunar(2023, 4, 20, 2023, 3, 1, 0);
	assert_lunar(2025, 7, 25, 2025, 6, 1, 1);
	assert_lunar(2025, 8, 23, 2025, 7, 1, 0);
	assert_lunar(2020, 5, 23, 2020, 4, 1, 1);
	assert_lunar(2028, 6, 23, 2028, 5, 1, 1);
	assert_leap(2020, 4);
	assert_leap(2023, 2);
	assert_leap(2024, 0);
	assert_leap(2025, 6);
	assert_leap(2026, 0);
	assert_leap(2028, 5);
	/* China repeats month 10 of 1984; Vietnam, a month ahead since the
	 * new moon of 1984-11-23, repeats month 2 of 1985. */
	assert_leap(1984, 0);
	assert_leap(1985, 2);
	/* A leap 11th month, after the solstice (2033-12-21): lunar 2033
	 * has 13 months and ends on the eve of Tết 2034 (2034-02-19). */
	assert_leap(2033, 11);
	assert_lunar(2033, 11, 22, 2033, 11, 1, 0);
	assert_lunar(2033, 12, 22, 2033, 11, 1, 1);
	assert_lunar(2034, 1, 20, 2033, 12, 1, 0);
	assert_lunar(2034, 2, 18, 2033, 12, 30, 0);
	assert_lunar(2034, 2, 19, 2034, 1, 1, 0);
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

/* The computed new moon is within a few minutes of the published one
 * (UTC): the ones that decide Tết 1985, 2007 and 2027 in Vietnam, and the
 * start of Meeus's lunation numbering. */
static void
test_new_moon(void **state)
{
	static const struct {
		int y, m, d, hh, mm;
	} nm[] = {
		{ 1985, 1, 21, 2, 28 }, { 2000, 1, 6, 18, 14 },
		{ 2007, 2, 17, 16, 14 }, { 2027, 2, 6, 15, 56 },
		{ 2030, 2, 2, 16, 7 },
	};
	time_t t, want;

	for (size_t i = 0; i < sizeof nm / sizeof nm[0]; i++) {
		want = (time_t)date_from_ymd(nm[i].y, nm[i].m, nm[i].d) *
		    86400 + nm[i].hh * 3600 + nm[i].mm * 60;
		assert_int_equal(lunar_new_moon(date_from_ymd(nm[i].y, nm[i].m,
		    nm[i].d) + 10, &t), 0);
		assert_in_range(t, want - 180, want + 180);
	}
}

/* Every day of 1990 .. 2100 converts to a lunar date and back; the day of
 * the lunar month advances by one or restarts at 1 after a month of 29
 * or 30 days, and months follow in order (a leap month after its
 * namesake, month 1 of a new year after month 12). */
static void
test_round_trip(void **state)
{
	int from = date_from_ymd(1990, 1, 1), to = date_from_ymd(2101, 1, 1);
	struct lunar_date l, prev = { 0, 0, 0, 0 };
	int back, first, n;

	for (int day = from; day < to; day++) {
		assert_int_equal(lunar_from_solar(day, &l), 0);
		assert_int_equal(lunar_to_solar(l.year, l.month, l.day, l.leap,
		    &back), 0);
		assert_int_equal(back, day);
		assert_int_equal(lunar_month_of(day, &first, &n), 0);
		assert_int_equal(first, day - l.day + 1);
		assert_in_range(n, 29, 30);
		if (day > from && l.day != 1)
			assert_int_equal(l.day, prev.day + 1);
		if (day > from && l.day == 1)
			assert_next_month(&prev, &l);
		prev = l;
	}
}

/* ICU's chinese calendar (China's meridian, approximate astronomy) as a
 * lunar date, for comparison. */
static void
icu_lunar(UCalendar *c, int day, struct lunar_date *out)
{
	UErrorCode e = U_ZERO_ERROR;

	ucal_setMillis(c, (UDate)day * 86400000.0, &e);
	out->year = ucal_get(c, UCAL_EXTENDED_YEAR, &e) - 2637;
	out->month = ucal_get(c, UCAL_MONTH, &e) + 1;
	out->day = ucal_get(c, UCAL_DATE, &e);
	out->leap = ucal_get(c, UCAL_IS_LEAP_MONTH, &e);
	assert_false(U_FAILURE(e));
}

static int
same_date(const struct lunar_date *a, const struct lunar_date *b)
{
	return a->year == b->year && a->month == b->month &&
	    a->day == b->day && a->leap == b->leap;
}

/* A month that starts on `day` here and a day later in ICU: the day
 * before is its last day in ICU, the day after is day 1 of the same
 * month there, and the new moon is late in the evening in Vietnam: at
 * 23:00 or later (before midnight in China: the meridian), or a little
 * before (ICU's approximation). Returns the minutes after local midnight
 * of the new moon. */
static int
assert_explained(UCalendar *c, int day)
{
	struct lunar_date ours, theirs;
	time_t t;
	int minutes, d;

	assert_int_equal(lunar_from_solar(day, &ours), 0);
	assert_int_equal(ours.day, 1);
	icu_lunar(c, day + 1, &theirs);
	assert_int_equal(theirs.day, 1);
	assert_int_equal(theirs.month, ours.month);
	assert_int_equal(theirs.leap, ours.leap);
	assert_int_equal(theirs.year, ours.year);
	icu_lunar(c, day, &theirs);
	assert_in_range(theirs.day, 29, 30);
	assert_int_equal(lunar_new_moon(day, &t), 0);
	time_to_local(t, &d, &minutes);
	assert_int_equal(d, day);
	assert_in_range(minutes, 22 * 60 + 45, 24 * 60 - 1);
	return minutes;
}

/* Every day of 2000 .. 2100 against ICU. They differ only in the months
 * listed, each starting a day earlier here, all explained: the new moon
 * falls between 23:00 and midnight in Vietnam (the next day in China),
 * or, for the four marked, a few minutes before 23:00, where ICU's
 * astronomy is off. */
static void
test_icu(void **state)
{
	static const int differ[][3] = {
		{ 2006, 6, 25 }, { 2007, 2, 17 }, { 2008, 11, 27 },
		{ 2009, 3, 26 }, { 2012, 8, 17 } /* ICU */, { 2019, 3, 6 },
		{ 2020, 12, 14 }, { 2027, 2, 6 } /* ICU */, { 2031, 4, 21 },
		{ 2032, 3, 11 }, { 2034, 9, 12 }, { 2037, 4, 15 },
		{ 2038, 4, 4 }, { 2039, 12, 15 }, { 2041, 8, 26 },
		{ 2049, 10, 26 }, { 2051, 3, 12 }, { 2053, 2, 18 },
		{ 2056, 5, 14 }, { 2057, 5, 3 }, { 2057, 9, 28 } /* ICU */,
		{ 2058, 12, 15 }, { 2060, 1, 3 }, { 2060, 3, 2 },
		{ 2062, 12, 30 }, { 2065, 8, 31 }, { 2070, 3, 12 } /* ICU */,
		{ 2070, 12, 2 }, { 2072, 12, 9 }, { 2073, 12, 28 },
		{ 2077, 11, 15 }, { 2078, 11, 4 }, { 2080, 9, 13 },
		{ 2082, 5, 27 }, { 2085, 3, 25 }, { 2085, 10, 18 },
		{ 2086, 4, 13 }, { 2088, 8, 16 }, { 2091, 1, 19 },
		{ 2092, 12, 28 }, { 2093, 4, 25 }, { 2095, 4, 4 },
		{ 2099, 6, 18 }, { 2099, 9, 14 }, { 2100, 4, 9 },
	};
	const size_t ndiffer = sizeof differ / sizeof differ[0];
	static const UChar utc[] = { 'U', 'T', 'C', 0 };
	UErrorCode e = U_ZERO_ERROR;
	UCalendar *c = ucal_open(utc, -1, "@calendar=chinese", UCAL_DEFAULT,
	    &e);
	int from = date_from_ymd(2000, 1, 1), to = date_from_ymd(2101, 1, 1);
	int ndays = 0, early = 0, first, len;
	size_t k = 0;

	assert_false(U_FAILURE(e));
	assert_int_equal(clock_set_timezone("Asia/Ho_Chi_Minh"), 0);
	for (int day = from; day < to; day++) {
		struct lunar_date ours, theirs;

		assert_int_equal(lunar_from_solar(day, &ours), 0);
		icu_lunar(c, day, &theirs);
		if (same_date(&ours, &theirs))
			continue;
		ndays++;
		assert_int_equal(lunar_month_of(day, &first, &len), 0);
		if (day != first)
			continue;
		/* A month that differs: the next one in the list. */
		assert_true(k < ndiffer);
		assert_int_equal(day, date_from_ymd(differ[k][0],
		    differ[k][1], differ[k][2]));
		k++;
		early += assert_explained(c, day) < 23 * 60;
	}
	assert_int_equal(k, ndiffer);
	assert_int_equal(early, 4);
	/* Each differing month differs on all its days, and only there. */
	assert_in_range(ndays, 29 * (int)ndiffer, 30 * (int)ndiffer);
	ucal_close(c);
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

/*
 * tests/data/lunar_vn.tsv: the first day of every lunar month of lunar
 * years 1901 to 2199 (lunar year, month, leap flag, ISO date), from a
 * separate implementation of Hồ Ngọc Đức's algorithm (see
 * tests/data/README). Every month start must agree both ways, every
 * lunar year must have the months the table gives, and each year's leap
 * month must be the table's.
 */
#define TABLE "tests/data/lunar_vn.tsv"

struct vn_month {
	int lyear, month, leap, day;
};

/* Read the table into v (at most max rows); returns the row count. */
static int
vn_table(struct vn_month *v, int max)
{
	FILE *f = fopen(TABLE, "r");
	char line[128];
	int n = 0, y, m, d;

	assert_non_null(f);
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#')
			continue;
		assert_true(n < max);
		assert_int_equal(sscanf(line, "%d\t%d\t%d\t%d-%d-%d",
		    &v[n].lyear, &v[n].month, &v[n].leap, &y, &m, &d), 6);
		v[n].day = date_from_ymd(y, m, d);
		n++;
	}
	fclose(f);
	return n;
}

/*
 * The months where the two computations part: every one begins with a new
 * moon within three minutes of midnight in Vietnam, closer than the
 * published algorithm's short series for the new moon (a few minutes of
 * error) can place it. groups/lunar.c, with the full series of Meeus ch.
 * 49 (seconds), puts the new moon just before midnight and the month a day
 * earlier. Each must stay that close to midnight, or be a real error.
 */
static const int near_midnight[][3] = {
	{ 1944, 5, 0 }, { 1967, 6, 0 }, { 2072, 11, 0 }, { 2077, 10, 0 },
	{ 2130, 4, 0 }, { 2150, 5, 0 }, { 2159, 4, 0 }, { 2175, 1, 0 },
	{ 2199, 1, 0 },
};

static int
table_exception(const struct vn_month *m)
{
	time_t t;
	long s;

	for (size_t i = 0; i < NELEM(near_midnight); i++) {
		if (near_midnight[i][0] != m->lyear ||
		    near_midnight[i][1] != m->month ||
		    near_midnight[i][2] != m->leap)
			continue;
		/* Here the month starts the day before, the new moon in
		 * its last three minutes (UTC+7). */
		assert_int_equal(lunar_new_moon(m->day - 1, &t), 0);
		s = ((long)(t + 7 * 3600) % 86400 + 86400) % 86400;
		assert_in_range(s, 86400 - 180, 86399);
		return 1;
	}
	return 0;
}

static void
test_table(void **state)
{
	static struct vn_month v[4000];
	int n = vn_table(v, 4000), tet = 0, bad = 0, excepted = 0;

	assert_true(n > 3600);
	for (int i = 0; i < n; i++) {
		struct lunar_date l;
		int day = 0, leap;

		if (table_exception(&v[i])) {
			assert_int_equal(lunar_to_solar(v[i].lyear,
			    v[i].month, 1, v[i].leap, &day), 0);
			assert_int_equal(day, v[i].day - 1);
			excepted++;
			if (v[i].month == 1 && !v[i].leap)
				tet++;
			continue;
		}
		if (lunar_to_solar(v[i].lyear, v[i].month, 1, v[i].leap,
		    &day) < 0 || day != v[i].day ||
		    lunar_from_solar(v[i].day, &l) < 0 || l.year !=
		    v[i].lyear || l.month != v[i].month || l.day != 1 ||
		    l.leap != v[i].leap) {
			print_message("differs: %d/%d%s/%d table %d here %d\n",
			    1, v[i].month, v[i].leap ? "L" : "", v[i].lyear,
			    v[i].day, day);
			bad++;
		}
		/* The day before is the last of the month before. */
		if (i > 0 && !table_exception(&v[i - 1]) &&
		    (lunar_from_solar(v[i].day - 1, &l) < 0 ||
		    l.day != v[i].day - v[i - 1].day))
			bad++;
		if (v[i].month == 1 && !v[i].leap)
			tet++;
		assert_int_equal(lunar_leap_month(v[i].lyear, &leap), 0);
		if (v[i].leap)
			assert_int_equal(leap, v[i].month);
	}
	assert_int_equal(bad, 0);
	assert_int_equal(excepted, NELEM(near_midnight));
	assert_int_equal(tet, LUNAR_YEAR_MAX - LUNAR_YEAR_MIN + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tet, setup, teardown),
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mid_autumn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_leap_months, setup, teardown),
		cmocka_unit_test_setup_teardown(test_month_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_moon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_icu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
