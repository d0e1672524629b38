/*
 * test_recur.c - schedules: short forms and RRULE text, occurrences of
 * monthly, nth-weekday, weekly and lunar rules, short months, seeking,
 * the lunar walk against libical, errors, and holidays.
 */
#include "tests/testutil.h"

#include <limits.h>
#include <stdio.h>

#include <libical/ical.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"
#include "groups/lunar.h"
#include "groups/recur.h"

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

static int
D(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* The occurrences in [from, to] equal want[0 .. n-1]. */
static void
assert_days(const char *rrule, int dtstart, int from, int to,
    const int *want, int n)
{
	int got[64];
	char a[11], b[11];
	int k = recur_occurrences(rrule, dtstart, from, to, got, 64);

	assert_int_equal(k, n);
	for (int i = 0; i < n; i++)
		if (got[i] != want[i])
			fail_msg("%s: occurrence %d is %s, want %s", rrule, i,
			    date_format(got[i], a), date_format(want[i], b));
}

static void
test_monthly_day(void **state)
{
	const int want[] = { D(2024, 1, 5), D(2024, 2, 5), D(2024, 3, 5),
		D(2024, 4, 5), D(2024, 5, 5), D(2024, 6, 5) };

	assert_days("FREQ=MONTHLY;BYMONTHDAY=5", D(2024, 1, 1), D(2024, 1, 1),
	    D(2024, 6, 30), want, 6);
	/* From a later day: only what falls in the range. */
	assert_days("RRULE:FREQ=MONTHLY;BYMONTHDAY=5", D(2020, 1, 1),
	    D(2024, 3, 5), D(2024, 5, 4), want + 2, 2);
	/* Nothing before DTSTART. */
	assert_days("FREQ=MONTHLY;BYMONTHDAY=5", D(2024, 3, 6), D(2024, 1, 1),
	    D(2024, 6, 30), want + 3, 3);
}

static void
test_nth_weekday(void **state)
{
	const int second_tue[] = { D(2024, 1, 9), D(2024, 2, 13),
		D(2024, 3, 12), D(2024, 4, 9), D(2024, 5, 14), D(2024, 6, 11),
		D(2024, 7, 9) };
	const int last_fri[] = { D(2024, 1, 26), D(2024, 2, 23),
		D(2024, 3, 29), D(2024, 4, 26) };

	assert_days("FREQ=MONTHLY;BYDAY=2TU", D(2024, 1, 1), D(2024, 1, 1),
	    D(2024, 7, 31), second_tue, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(date_weekday(second_tue[i]), 2);
	assert_days("FREQ=MONTHLY;BYDAY=-1FR", D(2024, 1, 1), D(2024, 1, 1),
	    D(2024, 4, 30), last_fri, 4);
}

static void
test_weekly(void **state)
{
	const int wed[] = { D(2024, 1, 3), D(2024, 1, 10), D(2024, 1, 17),
		D(2024, 1, 24), D(2024, 1, 31) };
	const int mon_thu[] = { D(2024, 1, 1), D(2024, 1, 4), D(2024, 1, 8),
		D(2024, 1, 11) };
	const int fortnight[] = { D(2024, 1, 3), D(2024, 1, 17),
		D(2024, 1, 31), D(2024, 2, 14) };

	assert_days("FREQ=WEEKLY;BYDAY=WE", D(2024, 1, 1), D(2024, 1, 1),
	    D(2024, 1, 31), wed, 5);
	assert_days("FREQ=WEEKLY;BYDAY=MO,TH", D(2024, 1, 1), D(2024, 1, 1),
	    D(2024, 1, 14), mon_thu, 4);
	assert_days("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", D(2024, 1, 3),
	    D(2024, 1, 1), D(2024, 2, 20), fortnight, 4);
	/* Seeking keeps the fortnight's phase. */
	assert_days("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", D(2024, 1, 3),
	    D(2024, 2, 1), D(2024, 2, 20), fortnight + 3, 1);
}

/* 2023 has a leap second month: thirteen meetings on the 15th, two of
 * them on 15/2. */
static void
test_lunar_leap_2023(void **state)
{
	const int want[] = { D(2023, 1, 6), D(2023, 2, 5), D(2023, 3, 6),
		D(2023, 4, 5), D(2023, 5, 4), D(2023, 6, 2), D(2023, 7, 2),
		D(2023, 8, 1), D(2023, 8, 30), D(2023, 9, 29),
		D(2023, 10, 29), D(2023, 11, 27), D(2023, 12, 27) };
	struct lunar_date l;
	int leap = 0;

	assert_days("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15", D(2022, 1, 1),
	    D(2023, 1, 1), D(2023, 12, 31), want, 13);
	for (int i = 0; i < 13; i++) {
		assert_int_equal(lunar_from_solar(want[i], &l), 0);
		assert_int_equal(l.day, 15);
		if (l.leap) {
			assert_int_equal(l.month, 2);
			assert_int_equal(want[i], D(2023, 4, 5));
			leap++;
		}
	}
	assert_int_equal(leap, 1);
}

/* 2025 repeats month 6; mid-autumn (15/8) is 2025-10-06. */
static void
test_lunar_leap_2025(void **state)
{
	const int want[] = { D(2025, 6, 10), D(2025, 7, 9), D(2025, 8, 8),
		D(2025, 9, 6), D(2025, 10, 6) };
	struct recur_rule r;

	assert_int_equal(recur_parse("lunar 15 08:00", &r), 0);
	assert_days(r.rrule, D(2025, 1, 1), D(2025, 6, 1), D(2025, 10, 31),
	    want, 5);
}

/* Walk a rule with libical itself, for comparison. */
static int
ical_walk(const char *rrule, int dtstart, int to, int *days, int max)
{
	struct icalrecurrencetype r = icalrecurrencetype_from_string(rrule);
	struct icaltimetype t = icaltime_null_time();
	icalrecur_iterator *it;
	int n = 0;

	date_to_ymd(dtstart, &t.year, &t.month, &t.day);
	t.is_date = 1;
	it = icalrecur_iterator_new(r, t);
	assert_non_null(it);
	while (n < max) {
		struct icaltimetype x = icalrecur_iterator_next(it);
		int d;

		if (icaltime_is_null_time(x))
			break;
		d = date_from_ymd(x.year, x.month, x.day);
		if (d > to)
			break;
		if (n == 0 || d > days[n - 1])
			days[n++] = d;
	}
	icalrecur_iterator_free(it);
	free(r.rscale);
	return n;
}

/* Monthly lunar rules by day of the month are walked with the lunar
 * month table: in these years, where Vietnam's calendar and ICU's agree,
 * the result must be libical's, day for day. The rules with INTERVAL
 * start on 1/11/2022: from a DTSTART later in its month than the rule's
 * days, libical's RSCALE walk takes the next month as the first of the
 * interval where RFC 5545 counts from DTSTART's (test_lunar_interval). */
static void
test_lunar_matches_libical(void **state)
{
	static const struct {
		const char *rule;
		int start;
	} rules[] = {
		{ "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15", 20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=1,15", 20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=30", 20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=30;SKIP=BACKWARD",
		  20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;COUNT=7;BYMONTHDAY=15", 20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;UNTIL=20240301;BYMONTHDAY=8",
		  20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=-1", 20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=1,-1,15", 20 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15", 24 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;INTERVAL=3;COUNT=6;"
		  "BYMONTHDAY=-2,10", 24 },
	};
	const int to = D(2026, 12, 31);
	int want[80], got[80];

	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		int start = D(2022, 11, rules[i].start);
		int n = ical_walk(rules[i].rule, start, to, want, 80);

		assert_true(n > 0);
		assert_int_equal(recur_occurrences(rules[i].rule, start, start,
		    to, got, 80), n);
		assert_memory_equal(got, want, (size_t)n * sizeof got[0]);
	}
}

/* The rules walked without libical (weekly on one day, monthly on a day
 * up to the 28th or the nth or last weekday) give libical's days: from
 * DTSTARTs on each day of the week and of a month, over three years
 * crossing a leap February, from DTSTART and from a later day. */
static void
test_plain_rules_match_libical(void **state)
{
	static const char *const rules[] = {
		"FREQ=WEEKLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=WE",
		"FREQ=WEEKLY;BYDAY=SU", "FREQ=MONTHLY;BYMONTHDAY=1",
		"FREQ=MONTHLY;BYMONTHDAY=5", "FREQ=MONTHLY;BYMONTHDAY=28",
		"FREQ=MONTHLY;BYDAY=1SA", "FREQ=MONTHLY;BYDAY=2TU",
		"FREQ=MONTHLY;BYDAY=4TH", "FREQ=MONTHLY;BYDAY=-1FR",
		"FREQ=MONTHLY;BYDAY=-1SU", "FREQ=MONTHLY;INTERVAL=1;BYDAY=3MO",
	};
	const int to = D(2026, 12, 31);
	static int want[200], got[200], tail[200];

	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		for (int k = 0; k < 35; k += 3) {
			int start = D(2023, 12, 1) + k;
			int later = start + 400 + 7 * k;
			int n = ical_walk(rules[i], start, to, want, 200), m = 0;

			assert_true(n > 30);
			assert_int_equal(recur_occurrences(rules[i], start,
			    start, to, got, 200), n);
			assert_memory_equal(got, want, (size_t)n * sizeof *got);
			for (int j = 0; j < n; j++)
				if (want[j] >= later)
					tail[m++] = want[j];
			assert_int_equal(recur_occurrences(rules[i], start,
			    later, to, got, 200), m);
			assert_memory_equal(got, tail, (size_t)m * sizeof *got);
		}
	}
}

/* Every other lunar month from DTSTART's (27/10/2022, after 15/10): 15/12,
 * then 15/2 and 15/3 of 2023 (the leap 2 between them counts), 15/5. */
static void
test_lunar_interval(void **state)
{
	const int want[] = { D(2023, 1, 6), D(2023, 3, 6), D(2023, 5, 4),
		D(2023, 7, 2) };

	assert_days("RSCALE=CHINESE;FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15",
	    D(2022, 11, 20), D(2022, 11, 20), D(2023, 7, 31), want, 4);
}

/* Lunar rules follow Vietnam's calendar, not ICU's: Tết 2027 (lunar
 * 1/1) is 2027-02-06 in Vietnam, 2027-02-07 in ICU's chinese calendar. */
static void
test_lunar_vietnam(void **state)
{
	const int first[] = { D(2027, 1, 8), D(2027, 2, 6), D(2027, 3, 8) };
	const int last[] = { D(2027, 2, 5), D(2027, 3, 7) };
	const int every2[] = { D(2026, 12, 9), D(2027, 2, 6) };

	assert_days("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=1", D(2026, 1, 1),
	    D(2027, 1, 1), D(2027, 3, 31), first, 3);
	assert_days("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=-1",
	    D(2026, 1, 1), D(2027, 1, 10), D(2027, 3, 31), last, 2);
	assert_days("RSCALE=CHINESE;FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1",
	    D(2026, 12, 9), D(2026, 12, 1), D(2027, 3, 1), every2, 2);
}

/* Starting part way gives the tail of the whole walk, whatever the
 * rule: libical's start, the lunar table's month, or passing over with
 * COUNT. */
static void
test_seek(void **state)
{
	static const char *rules[] = {
		"FREQ=MONTHLY;BYMONTHDAY=5",
		"FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
		"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
		"FREQ=MONTHLY;COUNT=20;BYMONTHDAY=12",
		"RSCALE=GREGORIAN;FREQ=MONTHLY;BYMONTHDAY=30;SKIP=BACKWARD",
		"RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15",
		"RSCALE=CHINESE;FREQ=MONTHLY;COUNT=20;BYMONTHDAY=1,15",
		"RSCALE=CHINESE;FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1,8",
	};
	const int start = D(2023, 1, 10), to = D(2025, 12, 31);
	int all[200], part[200];

	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		int n = recur_occurrences(rules[i], start, start, to, all, 200);

		assert_true(n > 0);
		for (int from = start; from < to; from += 47) {
			int k = 0, m;

			while (k < n && all[k] < from)
				k++;
			m = recur_occurrences(rules[i], start, from, to, part,
			    200);
			assert_int_equal(m, n - k);
			assert_memory_equal(part, all + k,
			    (size_t)m * sizeof part[0]);
		}
	}
}

static void
test_iter_and_next(void **state)
{
	struct recur_iter *it;
	int d, days[5];

	assert_int_equal(recur_iter_new("FREQ=MONTHLY;COUNT=3;BYMONTHDAY=5",
	    D(2024, 1, 1), &it), 0);
	assert_int_equal(recur_iter_next(it, &d), 1);
	assert_int_equal(d, D(2024, 1, 5));
	assert_int_equal(recur_iter_seek(it, D(2024, 3, 1)), 0);
	assert_int_equal(recur_iter_next(it, &d), 1);
	assert_int_equal(d, D(2024, 3, 5));
	assert_int_equal(recur_iter_next(it, &d), 0);
	recur_iter_free(it);

	/* On or after: the day itself counts. */
	assert_int_equal(recur_next("FREQ=WEEKLY;BYDAY=WE", D(2024, 1, 1),
	    D(2024, 1, 10), 3, days), 3);
	assert_int_equal(days[0], D(2024, 1, 10));
	assert_int_equal(days[2], D(2024, 1, 24));
	assert_int_equal(recur_next("FREQ=MONTHLY;COUNT=2;BYMONTHDAY=5",
	    D(2024, 1, 1), D(2024, 1, 1), 5, days), 2);
	assert_int_equal(recur_next("lunar 15", 0, 0, 1, days), -1);
	assert_string_equal(logbuf,
	    "schedule: \"lunar 15\" is not a valid recurrence rule");
}

/* The 31st: the short form means the last day; RRULE text keeps RFC
 * 5545's meaning (no meeting in shorter months). */
static void
test_short_months(void **state)
{
	const int last[] = { D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31),
		D(2024, 4, 30), D(2024, 5, 31), D(2024, 6, 30) };
	const int rfc[] = { D(2024, 1, 31), D(2024, 3, 31), D(2024, 5, 31) };
	const int thirtieth[] = { D(2023, 1, 30), D(2023, 2, 28),
		D(2023, 3, 30), D(2024, 1, 30), D(2024, 2, 29), D(2024, 3, 30) };
	struct recur_rule r;

	assert_int_equal(recur_parse("monthly 31", &r), 0);
	assert_string_equal(r.rrule, "FREQ=MONTHLY;BYMONTHDAY=-1");
	assert_days(r.rrule, D(2024, 1, 1), D(2024, 1, 1), D(2024, 6, 30),
	    last, 6);
	assert_days("FREQ=MONTHLY;BYMONTHDAY=31", D(2024, 1, 1),
	    D(2024, 1, 1), D(2024, 6, 30), rfc, 3);
	assert_int_equal(recur_parse("monthly 30", &r), 0);
	assert_string_equal(r.rrule,
	    "RSCALE=GREGORIAN;FREQ=MONTHLY;BYMONTHDAY=30;SKIP=BACKWARD");
	assert_days(r.rrule, D(2023, 1, 1), D(2023, 1, 1), D(2023, 3, 31),
	    thirtieth, 3);
	assert_days(r.rrule, D(2023, 1, 1), D(2024, 1, 1), D(2024, 3, 31),
	    thirtieth + 3, 3);
}

/* Lunar 30: in a 29-day month the meeting is on the 29th, so there is
 * one on the last day of every lunar month. */
static void
test_lunar_30(void **state)
{
	struct recur_rule r;
	int days[16], n, first, len;

	assert_int_equal(recur_parse("lunar 30", &r), 0);
	n = recur_occurrences(r.rrule, D(2024, 1, 1), D(2024, 1, 1),
	    D(2024, 12, 31), days, 16);
	assert_int_equal(n, 13);
	assert_int_equal(days[0], D(2024, 1, 10));      /* 29/11 */
	assert_int_equal(days[1], D(2024, 2, 9));       /* 30/12 */
	for (int i = 0; i < n; i++) {
		assert_int_equal(lunar_month_of(days[i], &first, &len), 0);
		assert_int_equal(days[i], first + len - 1);
		if (i > 0)
			assert_int_equal(first, days[i - 1] + 1);
	}
}

static void
test_short_forms(void **state)
{
	static const struct {
		const char *in, *rrule;
		int minutes;
	} cases[] = {
		{ "monthly 5 08:00", "FREQ=MONTHLY;BYMONTHDAY=5", 480 },
		{ "Monthly 5,20", "FREQ=MONTHLY;BYMONTHDAY=5,20", -1 },
		{ "monthly 2nd tue 14:00", "FREQ=MONTHLY;BYDAY=2TU", 840 },
		{ "monthly last fri 7:30", "FREQ=MONTHLY;BYDAY=-1FR", 450 },
		{ "monthly first Monday", "FREQ=MONTHLY;BYDAY=1MO", -1 },
		{ "weekly wed 08:00", "FREQ=WEEKLY;BYDAY=WE", 480 },
		{ "weekly mon,thu 08:00", "FREQ=WEEKLY;BYDAY=MO,TH", 480 },
		{ "weekly t7", "FREQ=WEEKLY;BYDAY=SA", -1 },
		{ "every 2 weeks wed 08:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
		  480 },
		{ "every 3 months 5", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=5",
		  -1 },
		{ "lunar 15 08:00", "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15",
		  480 },
		{ "lunar 1,15", "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=1,15",
		  -1 },
		{ "lunar 30", "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=30;"
		  "SKIP=BACKWARD", -1 },
		{ "  RRULE:FREQ=MONTHLY;BYDAY=2TU ", "FREQ=MONTHLY;BYDAY=2TU",
		  -1 },
		{ "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15",
		  "RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=15", -1 },
		{ "FREQ=MONTHLY;COUNT=12;BYMONTHDAY=5",
		  "FREQ=MONTHLY;COUNT=12;BYMONTHDAY=5", -1 },
		{ "FREQ=MONTHLY;UNTIL=20251231;BYMONTHDAY=5",
		  "FREQ=MONTHLY;UNTIL=20251231;BYMONTHDAY=5", -1 },
	};
	struct recur_rule r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (recur_parse(cases[i].in, &r) != 0)
			fail_msg("%s: %s", cases[i].in, logbuf);
		assert_string_equal(r.rrule, cases[i].rrule);
		assert_int_equal(r.start_minutes, cases[i].minutes);
		/* The canonical text reads back as itself. */
		assert_int_equal(recur_parse(r.rrule, &r), 0);
		assert_string_equal(r.rrule, cases[i].rrule);
	}
	assert_string_equal(logbuf, "");
}

static void
test_invalid(void **state)
{
	static const struct {
		const char *in, *msg;
	} cases[] = {
		{ "monthly 32", "schedule: \"monthly 32\" day of month must be "
		  "1 to 31" },
		{ "monthly 0 08:00", "schedule: \"monthly 0 08:00\" day of "
		  "month must be 1 to 31" },
		{ "lunar 31", "schedule: \"lunar 31\" lunar day of month must "
		  "be 1 to 30" },
		{ "monthly 5 25:00", "schedule: \"monthly 5 25:00\" \"25:00\" "
		  "is not a time of day (HH:MM)" },
		{ "monthly 6th tue", "schedule: \"monthly 6th tue\" \"6th\" is "
		  "not 1st, 2nd, 3rd, 4th, 5th or last" },
		{ "weekly wdn", "schedule: \"weekly wdn\" \"wdn\" is not a day "
		  "of the week (mon .. sun)" },
		{ "weekly", "schedule: \"weekly\" needs days of the week, as in "
		  "\"weekly wed\" or \"weekly mon,thu\"" },
		{ "every 0 weeks wed", "schedule: \"every 0 weeks wed\" \"0\" is "
		  "not a number from 1 to 99" },
		{ "every 2 days", "schedule: \"every 2 days\" \"days\" should be "
		  "weeks or months" },
		{ "FREQ=DAILY;FOO=1", "schedule: \"FREQ=DAILY;FOO=1\" is not a "
		  "valid recurrence rule" },
		{ "FREQ=MONTHLY;BYDAY=9TU", "schedule: \"FREQ=MONTHLY;BYDAY=9TU\" "
		  "is not a valid recurrence rule" },
		{ "RSCALE=KLINGON;FREQ=MONTHLY", "schedule: "
		  "\"RSCALE=KLINGON;FREQ=MONTHLY\" is not a valid recurrence "
		  "rule" },
		{ "FREQ=HOURLY", "schedule: \"FREQ=HOURLY\" repeats more often "
		  "than daily" },
		{ "FREQ=MINUTELY;INTERVAL=30", "schedule: "
		  "\"FREQ=MINUTELY;INTERVAL=30\" repeats more often than daily" },
		{ "FREQ=WEEKLY;BYDAY=WE;BYHOUR=8", "schedule: "
		  "\"FREQ=WEEKLY;BYDAY=WE;BYHOUR=8\" sets a time of day: give "
		  "the start time separately" },
		{ "   ", "schedule: empty" },
	};
	struct recur_rule r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		logbuf[0] = '\0';
		assert_int_equal(recur_parse(cases[i].in, &r), -1);
		assert_string_equal(logbuf, cases[i].msg);
	}
	logbuf[0] = '\0';
	assert_int_equal(recur_parse("fortnightly", &r), -1);
	assert_non_null(strstr(logbuf, "\"fortnightly\" is not a schedule"));
}

static const struct recur_holiday tet = { 1, 1, 1, 5 };

static void
test_holiday_tet(void **state)
{
	/* Tết 2025: lunar 1/1 .. 1/5 = 2025-01-29 .. 2025-02-02. */
	assert_int_equal(recur_is_holiday(&tet, 1, D(2025, 1, 28)), 0);
	assert_int_equal(recur_is_holiday(&tet, 1, D(2025, 1, 29)), 1);
	assert_int_equal(recur_is_holiday(&tet, 1, D(2025, 2, 2)), 1);
	assert_int_equal(recur_is_holiday(&tet, 1, D(2025, 2, 3)), 0);
	/* Tết 2024 from 2024-02-10, Tết 2026 from 2026-02-17. */
	assert_int_equal(recur_is_holiday(&tet, 1, D(2024, 2, 9)), 0);
	assert_int_equal(recur_is_holiday(&tet, 1, D(2024, 2, 14)), 1);
	assert_int_equal(recur_is_holiday(&tet, 1, D(2026, 2, 17)), 1);
	assert_int_equal(recur_is_holiday(&tet, 1, D(2026, 2, 16)), 0);
}

static void
test_holiday_solar_and_eve(void **state)
{
	const struct recur_holiday h[] = {
		{ 0, 9, 2, 2 },         /* National Day, two days */
		{ 0, 12, 31, 2 },       /* across the new year */
		{ 1, 12, 30, 1 },       /* the eve of Tết */
	};

	assert_int_equal(recur_is_holiday(h, 3, D(2025, 9, 1)), 0);
	assert_int_equal(recur_is_holiday(h, 3, D(2025, 9, 2)), 1);
	assert_int_equal(recur_is_holiday(h, 3, D(2025, 9, 3)), 1);
	assert_int_equal(recur_is_holiday(h, 3, D(2025, 9, 4)), 0);
	assert_int_equal(recur_is_holiday(h, 3, D(2026, 1, 1)), 1);
	/* Lunar 12/2024 has 29 days: the eve is 2025-01-28. */
	assert_int_equal(recur_is_holiday(h, 3, D(2025, 1, 28)), 1);
	assert_int_equal(recur_is_holiday(h, 3, D(2025, 1, 27)), 0);
	assert_int_equal(recur_is_holiday(h, 3, D(2024, 2, 9)), 1);
}

/* A Wednesday group around Tết 2025, which began on a Wednesday. */
static void
test_holiday_policies(void **state)
{
	int days[8], n;

	assert_int_equal(recur_apply_holidays(&tet, 1, RECUR_SKIP,
	    D(2025, 1, 22)), D(2025, 1, 22));
	assert_int_equal(recur_apply_holidays(&tet, 1, RECUR_SKIP,
	    D(2025, 1, 29)), -1);
	assert_int_equal(recur_apply_holidays(&tet, 1, RECUR_NEXT_FREE_DAY,
	    D(2025, 1, 29)), D(2025, 2, 3));

	n = recur_occurrences("FREQ=WEEKLY;BYDAY=WE", D(2025, 1, 1),
	    D(2025, 1, 20), D(2025, 2, 12), days, 8);
	assert_int_equal(n, 4);
	assert_int_equal(recur_filter_holidays(&tet, 1, RECUR_SKIP, days, n),
	    3);
	assert_int_equal(days[0], D(2025, 1, 22));
	assert_int_equal(days[1], D(2025, 2, 5));

	n = recur_occurrences("FREQ=WEEKLY;BYDAY=WE", D(2025, 1, 1),
	    D(2025, 1, 20), D(2025, 2, 12), days, 8);
	assert_int_equal(recur_filter_holidays(&tet, 1, RECUR_NEXT_FREE_DAY,
	    days, n), 4);
	assert_int_equal(days[1], D(2025, 2, 3));
	assert_int_equal(days[2], D(2025, 2, 5));
}

/* A holiday longer than a week: the meetings it moves merge into one. */
static void
test_holiday_merge(void **state)
{
	const struct recur_holiday h = { 0, 1, 20, 20 };  /* Jan 20 .. Feb 8 */
	int days[8], n;

	n = recur_occurrences("FREQ=WEEKLY;BYDAY=WE", D(2025, 1, 1),
	    D(2025, 1, 15), D(2025, 2, 12), days, 8);
	assert_int_equal(n, 5);
	n = recur_filter_holidays(&h, 1, RECUR_NEXT_FREE_DAY, days, n);
	assert_int_equal(n, 3);
	assert_int_equal(days[0], D(2025, 1, 15));
	assert_int_equal(days[1], D(2025, 2, 9));
	assert_int_equal(days[2], D(2025, 2, 12));
}

static void
test_holiday_check(void **state)
{
	const struct recur_holiday bad_month = { 0, 13, 1, 1 };
	const struct recur_holiday bad_day = { 0, 2, 30, 1 };
	const struct recur_holiday bad_lunar = { 1, 1, 31, 1 };
	const struct recur_holiday leap_day = { 0, 2, 29, 1 };

	assert_int_equal(recur_holiday_check(&tet), 0);
	assert_int_equal(recur_holiday_check(&leap_day), 0);
	assert_int_equal(recur_holiday_check(&bad_month), -1);
	assert_string_equal(logbuf, "holiday: month 13 must be 1 to 12");
	assert_int_equal(recur_holiday_check(&bad_day), -1);
	assert_string_equal(logbuf, "holiday: 30/2 is not a calendar date");
	assert_int_equal(recur_holiday_check(&bad_lunar), -1);
	assert_string_equal(logbuf, "holiday: 31/1 is not a lunar date");
	/* Feb 29 falls on Feb 28 in other years; bad entries never match. */
	assert_int_equal(recur_is_holiday(&leap_day, 1, D(2025, 2, 28)), 1);
	assert_int_equal(recur_is_holiday(&bad_month, 1, D(2025, 1, 1)), 0);
}

/*
 * Every lunar rule form against tests/data/lunar_vn.tsv, the month starts
 * of Vietnam's calendar 1901-2199 from a separate implementation of Hồ
 * Ngọc Đức's algorithm (see tests/data/README and tests/test_lunar.c).
 * In the nine months where that table and groups/lunar.c part (a new moon
 * within three minutes of midnight) the month here starts a day earlier.
 */
#define TABLE "tests/data/lunar_vn.tsv"

struct vn_month {
	int lyear, month, leap, day;
};

static struct vn_month vn[4000];
static int nvn;

static const int near_midnight[][2] = {
	{ 1944, 5 }, { 1967, 6 }, { 2072, 11 }, { 2077, 10 }, { 2130, 4 },
	{ 2150, 5 }, { 2159, 4 }, { 2175, 1 }, { 2199, 1 },
};

static void
vn_load(void)
{
	FILE *f;
	char line[128];
	int y, m, d;

	if (nvn > 0)
		return;
	assert_non_null(f = fopen(TABLE, "r"));
	while (fgets(line, sizeof line, f)) {
		struct vn_month *v = &vn[nvn];

		if (line[0] == '#')
			continue;
		assert_true(nvn < 4000);
		assert_int_equal(sscanf(line, "%d\t%d\t%d\t%d-%d-%d",
		    &v->lyear, &v->month, &v->leap, &y, &m, &d), 6);
		v->day = D(y, m, d);
		for (size_t i = 0; i < NELEM(near_midnight); i++)
			if (near_midnight[i][0] == v->lyear &&
			    near_midnight[i][1] == v->month && !v->leap)
				v->day--;
		nvn++;
	}
	fclose(f);
	assert_true(nvn > 3600);
}

/* The first day of month m (leap or not) of lunar year y in the table,
 * or INT_MIN. */
static int
vn_first(int y, int m, int leap)
{
	for (int i = 0; i < nvn; i++)
		if (vn[i].lyear == y && vn[i].month == m && vn[i].leap == leap)
			return vn[i].day;
	return INT_MIN;
}

/* The first day after month i. */
static int
vn_end(int i)
{
	int first, len;

	if (i + 1 < nvn)
		return vn[i + 1].day;
	/* The last month of 2199 ends where the table does not reach. */
	assert_int_equal(lunar_month_of(vn[i].day, &first, &len), 0);
	assert_int_equal(first, vn[i].day);
	return first + len;
}

/* rrule from dtstart gives want[0 .. n-1] and then stops: either the
 * rule ends (end 0) or the walk reaches the end of the lunar calendar
 * (end -1: recur_iter_cut says so, silently). */
static void
assert_walk(const char *rrule, int dtstart, const int *want, int n,
    int end)
{
	struct recur_iter *it;
	char a[11], b[11];
	int d, r;

	assert_int_equal(recur_iter_new(rrule, dtstart, &it), 0);
	for (int i = 0; i < n; i++) {
		assert_int_equal(recur_iter_next(it, &d), 1);
		if (d != want[i])
			fail_msg("%s: occurrence %d is %s, want %s", rrule, i,
			    date_format(d, a), date_format(want[i], b));
	}
	logbuf[0] = '\0';
	r = recur_iter_next(it, &d);
	if (r == 1)
		fail_msg("%s: extra occurrence %s", rrule, date_format(d, a));
	assert_int_equal(r, 0);
	assert_int_equal(recur_iter_cut(it), end < 0);
	assert_string_equal(logbuf, "");
	recur_iter_free(it);
}

/* Tết every year 1901-2199, written three ways: 2027 is 2027-02-06. */
static void
test_lunar_yearly_table(void **state)
{
	static int want[400];
	int n = 0;

	vn_load();
	for (int i = 0; i < nvn; i++)
		if (vn[i].month == 1 && !vn[i].leap)
			want[n++] = vn[i].day;
	assert_int_equal(n, 299);
	assert_int_equal(vn_first(2027, 1, 0), D(2027, 2, 6));
	assert_int_equal(want[2027 - 1901], D(2027, 2, 6));
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1",
	    vn[0].day, want, n, -1);
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY", want[0], want, n, -1);
	/* 2024, 2026, 2028, 2030, 2032 */
	int every2[5];
	for (int i = 0; i < 5; i++)
		every2[i] = want[2024 - 1901 + 2 * i];
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;INTERVAL=2;COUNT=5;"
	    "BYMONTH=1;BYMONTHDAY=1", every2[0], every2, 5, 0);
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;UNTIL=20330101;INTERVAL=2;"
	    "BYMONTH=1;BYMONTHDAY=1", every2[0], every2, 5, 0);
	/* DTSTART 2024-01-01 is in lunar year 2023: every other year from
	 * there, Tết 2023 being before DTSTART. */
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;INTERVAL=2;COUNT=2;"
	    "BYMONTH=1;BYMONTHDAY=1", D(2024, 1, 1),
	    (int[]){ want[2025 - 1901], want[2027 - 1901] }, 2, 0);
}

/* Mid-autumn (15/8) and the eve of Tết (the last day of month 12) every
 * year; the 1st and the last day of every lunar month, leap months
 * included. */
static void
test_lunar_monthly_table(void **state)
{
	static int want[4000], last[4000];
	struct recur_rule r;
	int n = 0, nl = 0;

	vn_load();
	for (int i = 0; i < nvn; i++) {
		if (vn[i].month == 8 && !vn[i].leap)
			want[n++] = vn[i].day + 14;
		if (vn[i].month == 12)
			last[nl++] = vn_end(i) - 1;
	}
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15",
	    vn[0].day, want, n, -1);
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1",
	    vn[0].day, last, nl, -1);
	n = nl = 0;
	for (int i = 0; i < nvn; i++) {
		want[n++] = vn[i].day;
		last[nl++] = vn_end(i) - 1;
	}
	assert_walk("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=1", vn[0].day,
	    want, n, -1);
	assert_int_equal(recur_parse("lunar 1", &r), 0);
	assert_walk(r.rrule, vn[0].day, want, n, -1);
	assert_walk("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=-1", vn[0].day,
	    last, nl, -1);
	assert_walk("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTHDAY=30;SKIP=BACKWARD",
	    vn[0].day, last, nl, -1);
	/* Every third month, counted from DTSTART's, ten times. */
	n = 0;
	for (int i = 0; i < 30; i += 3)
		want[n++] = vn[1000 + i].day + 14;
	assert_walk("RSCALE=CHINESE;FREQ=MONTHLY;INTERVAL=3;COUNT=10;"
	    "BYMONTHDAY=15", vn[1000].day + 3, want, n, 0);
}

/* Leap months: BYMONTH=4L is the leap 4th month only; in years without
 * one SKIP=BACKWARD takes the 4th and FORWARD the 5th. */
static void
test_lunar_leap_table(void **state)
{
	static int omit[400], back[400], fwd[400], plain[400];
	int n = 0, nleap = 0;

	vn_load();
	for (int y = 1901; y <= 2199; y++, n++) {
		int l = vn_first(y, 4, 1), m4 = vn_first(y, 4, 0);

		assert_true(m4 != INT_MIN);
		if (l != INT_MIN)
			omit[nleap++] = l;
		back[n] = l != INT_MIN ? l : m4;
		fwd[n] = l != INT_MIN ? l : vn_first(y, 5, 0);
		plain[n] = m4;
	}
	assert_true(nleap >= 5);
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=4L;BYMONTHDAY=1",
	    vn[0].day, omit, nleap, -1);
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=4L;BYMONTHDAY=1;"
	    "SKIP=BACKWARD", vn[0].day, back, n, -1);
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=4L;BYMONTHDAY=1;"
	    "SKIP=FORWARD", vn[0].day, fwd, n, -1);
	assert_walk("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1",
	    vn[0].day, plain, n, -1);
	/* Monthly, only in leap months 4. */
	assert_walk("RSCALE=CHINESE;FREQ=MONTHLY;BYMONTH=4L;BYMONTHDAY=1",
	    vn[0].day, omit, nleap, -1);
}

/* Lunar forms walked here only: the rest is refused with a reason. */
static void
test_lunar_refused(void **state)
{
	struct recur_rule r;

	assert_int_equal(recur_parse("RSCALE=CHINESE;FREQ=WEEKLY;BYDAY=MO",
	    &r), -1);
	assert_string_equal(logbuf, "schedule: \"RSCALE=CHINESE;FREQ=WEEKLY;"
	    "BYDAY=MO\" lunar rules must repeat monthly or yearly");
	assert_int_equal(recur_parse("RSCALE=CHINESE;FREQ=MONTHLY;BYDAY=1MO",
	    &r), -1);
	assert_string_equal(logbuf, "schedule: \"RSCALE=CHINESE;FREQ=MONTHLY;"
	    "BYDAY=1MO\" lunar rules can name only months (BYMONTH) and days "
	    "of the month (BYMONTHDAY)");
	assert_int_equal(recur_parse("RSCALE=CHINESE;FREQ=YEARLY;BYYEARDAY=1",
	    &r), -1);
	assert_int_equal(recur_parse("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;"
	    "BYMONTHDAY=1", &r), 0);
	assert_int_equal(recur_parse("RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=5L;"
	    "BYMONTHDAY=1;SKIP=FORWARD", &r), 0);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_monthly_day),
		TEST(test_nth_weekday),
		TEST(test_weekly),
		TEST(test_lunar_leap_2023),
		TEST(test_lunar_leap_2025),
		TEST(test_lunar_matches_libical),
		TEST(test_plain_rules_match_libical),
		TEST(test_lunar_interval),
		TEST(test_lunar_vietnam),
		TEST(test_lunar_yearly_table),
		TEST(test_lunar_monthly_table),
		TEST(test_lunar_leap_table),
		TEST(test_lunar_refused),
		TEST(test_seek),
		TEST(test_iter_and_next),
		TEST(test_short_months),
		TEST(test_lunar_30),
		TEST(test_short_forms),
		TEST(test_invalid),
		TEST(test_holiday_tet),
		TEST(test_holiday_solar_and_eve),
		TEST(test_holiday_policies),
		TEST(test_holiday_merge),
		TEST(test_holiday_check),
	};

	if (clock_set_timezone("Asia/Ho_Chi_Minh") < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
