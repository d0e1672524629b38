#include "testutil.h"

#include <strings.h>

#include "config/conf.h"
#include "core/clock.h"
#include "groups/group.h"
#include "groups/lunar.h"
#include "groups/schedule.h"

static char errbuf[512];

struct fx {
	struct test_db *t;
	struct conf conf;
};

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void
drop_holidays(struct conf *c)
{
	for (int i = 0; i < c->nholidays; i++)
		free(c->holidays[i].name);
	c->nholidays = 0;
}

static void
add_holiday(struct conf *c, const char *name, int lunar, int m, int d, int n)
{
	struct conf_holiday *h = &c->holidays[c->nholidays++];

	h->name = strdup(name);
	h->lunar = lunar;
	h->month = m;
	h->day = d;
	h->days = n;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	clock_set(time_from_local(day(2026, 11, 23), 9 * 60));
	f->t = test_db_new();
	conf_defaults(&f->conf);
	drop_holidays(&f->conf);
	errbuf[0] = '\0';
	log_capture(errbuf, sizeof errbuf);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	log_capture(NULL, 0);
	conf_free(&f->conf);
	test_db_close(f->t);
	free(f);
	return 0;
}

/* A saved group meeting by text from 2026-11-23; g is loaded back. */
static void
scheduled_group(struct fx *f, const char *name, const char *text,
    struct group *g)
{
	struct group n;

	group_init(&n);
	n.name = strdup(name);
	assert_int_equal(schedule_parse_into(&n, text, DATE_NONE), 0);
	assert_int_equal(group_add(f->t->db, &n), 0);
	assert_int_equal(group_get_id(f->t->db, n.id, g), 0);
	group_free(&n);
}

/* The final days of the occurrences of g in [from, to]. */
static size_t
days_of(struct fx *f, const struct group *g, int from, int to, int *days,
    size_t max)
{
	struct sched_occ *v;
	size_t n, k = 0;

	assert_int_equal(schedule_occurrences(f->t->db, &f->conf, g, from, to,
	    &v, &n), 0);
	for (size_t i = 0; i < n && k < max; i++)
		if (v[i].state != SCHED_CANCELLED)
			days[k++] = v[i].day;
	free(v);
	return k;
}

static void
test_monthly_by_day(void **state)
{
	struct fx *f = *state;
	struct group g;
	struct sched_occ *v;
	size_t n;
	int d[8];

	scheduled_group(f, "A", "monthly 5 08:00", &g);
	assert_string_equal(g.rule, "FREQ=MONTHLY;BYMONTHDAY=5");
	assert_string_equal(g.rule_input, "monthly 5 08:00");
	assert_int_equal(g.start_min, 8 * 60);
	assert_int_equal(g.sched_from, day(2026, 11, 23));
	assert_int_equal(days_of(f, &g, day(2026, 11, 1), day(2027, 3, 31), d, 8), 4);
	assert_int_equal(d[0], day(2026, 12, 5));
	assert_int_equal(d[1], day(2027, 1, 5));
	assert_int_equal(d[3], day(2027, 3, 5));
	assert_int_equal(schedule_occurrences(f->t->db, &f->conf, &g,
	    day(2026, 12, 1), day(2026, 12, 31), &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].state, SCHED_PLANNED);
	assert_int_equal(v[0].orig_day, v[0].day);
	assert_int_equal(v[0].start, time_from_local(day(2026, 12, 5), 480));
	assert_int_equal(v[0].duration_min, 120);
	assert_int_equal(v[0].group_id, g.id);
	free(v);
	group_free(&g);
}

static void
test_rrule_text_and_nth_weekday(void **state)
{
	struct fx *f = *state;
	struct group g;
	int d[8];

	scheduled_group(f, "B", "FREQ=MONTHLY;BYDAY=2TU 14:00", &g);
	assert_int_equal(g.start_min, 14 * 60);
	assert_int_equal(days_of(f, &g, day(2026, 12, 1), day(2027, 2, 28), d, 8), 3);
	assert_int_equal(d[0], day(2026, 12, 8));
	assert_int_equal(d[1], day(2027, 1, 12));
	assert_int_equal(d[2], day(2027, 2, 9));
	for (int i = 0; i < 3; i++)
		assert_int_equal(date_weekday(d[i]), 2);
	group_free(&g);
	scheduled_group(f, "B2", "monthly 2nd tue 14:00", &g);
	assert_string_equal(g.rule, "FREQ=MONTHLY;BYDAY=2TU");
	group_free(&g);
}

static void
test_weekly(void **state)
{
	struct fx *f = *state;
	struct group g;
	int d[8];

	scheduled_group(f, "C", "weekly wed 08:00", &g);
	assert_string_equal(g.rule, "FREQ=WEEKLY;BYDAY=WE");
	assert_int_equal(days_of(f, &g, day(2026, 12, 1), day(2026, 12, 31), d, 8), 5);
	assert_int_equal(d[0], day(2026, 12, 2));
	for (int i = 1; i < 5; i++)
		assert_int_equal(d[i] - d[i - 1], 7);
	group_free(&g);
}

static void
test_lunar_with_leap_month(void **state)
{
	struct fx *f = *state;
	struct group g;
	struct lunar_date ld;
	int d[16], first, last, leap = 0, month6 = 0;
	size_t n;

	scheduled_group(f, "D", "lunar 15 08:00", &g);
	assert_int_equal(strncasecmp(g.rule, "RSCALE=CHINESE;", 15), 0);
	assert_non_null(strstr(g.rule, "BYMONTHDAY=15"));
	/* A schedule set today does not reach back: start it in 2025. */
	g.sched_from = day(2025, 1, 1);
	/* Lunar year 2025 has a leap sixth month: 13 meetings. */
	assert_int_equal(lunar_to_solar(2025, 1, 1, 0, &first), 0);
	assert_int_equal(lunar_to_solar(2026, 1, 1, 0, &last), 0);
	n = days_of(f, &g, first, last - 1, d, 16);
	assert_int_equal(n, 13);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(lunar_from_solar(d[i], &ld), 0);
		assert_int_equal(ld.day, 15);
		leap += ld.leap;
		month6 += ld.month == 6;
	}
	assert_int_equal(leap, 1);
	assert_int_equal(month6, 2);
	/* Mid-autumn 2026 (15/8) is 2026-09-25. */
	n = days_of(f, &g, day(2026, 9, 1), day(2026, 9, 30), d, 16);
	assert_int_equal(n, 1);
	assert_int_equal(d[0], day(2026, 9, 25));
	group_free(&g);
}

static void
test_31st_in_short_months(void **state)
{
	struct fx *f = *state;
	struct group g;
	int d[16];

	scheduled_group(f, "E", "monthly 31 08:00", &g);
	g.sched_from = day(2027, 1, 1);
	assert_int_equal(days_of(f, &g, day(2027, 1, 1), day(2027, 6, 30), d, 16), 6);
	assert_int_equal(d[0], day(2027, 1, 31));
	assert_int_equal(d[1], day(2027, 2, 28));
	assert_int_equal(d[2], day(2027, 3, 31));
	assert_int_equal(d[3], day(2027, 4, 30));
	assert_int_equal(d[5], day(2027, 6, 30));
	group_free(&g);
}

static void
test_bad_rules(void **state)
{
	struct fx *f = *state;
	struct group g;

	group_init(&g);
	g.name = strdup("X");
	assert_int_equal(schedule_parse_into(&g, "monthly 32 08:00", DATE_NONE), -1);
	assert_non_null(strstr(errbuf, "monthly 32"));
	assert_int_equal(schedule_parse_into(&g, "FREQ=HOURLY 08:00", DATE_NONE), -1);
	assert_int_equal(schedule_parse_into(&g, "whenever", DATE_NONE), -1);
	assert_int_equal(schedule_parse_into(&g, "monthly 5", DATE_NONE), -1);
	assert_non_null(strstr(errbuf, "needs a start time"));
	assert_null(g.rule);
	/* with a start time already set, a rule alone keeps it */
	g.start_min = 600;
	assert_int_equal(schedule_parse_into(&g, "monthly 5", DATE_NONE), 0);
	assert_int_equal(g.start_min, 600);
	assert_int_equal(schedule_parse_into(&g, "", DATE_NONE), 0);
	assert_null(g.rule);
	group_free(&g);
	(void)f;
}

static void
test_exceptions(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct group g;
	struct sched_occ *v;
	size_t n;

	scheduled_group(f, "F", "monthly 5 08:00", &g);
	assert_int_equal(schedule_move(db, &f->conf, &g, day(2026, 12, 5),
	    day(2026, 12, 7), 14 * 60, "lũ lụt"), 0);
	assert_int_equal(schedule_cancel(db, &f->conf, &g, day(2027, 1, 5),
	    "Tết sớm"), 0);
	assert_int_equal(schedule_occurrences(db, &f->conf, &g, day(2026, 12, 1),
	    day(2027, 2, 28), &v, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].state, SCHED_MOVED);
	assert_int_equal(v[0].day, day(2026, 12, 7));
	assert_int_equal(v[0].orig_day, day(2026, 12, 5));
	assert_int_equal(v[0].start_min, 14 * 60);
	assert_int_equal(v[0].orig_start_min, 8 * 60);
	assert_int_equal(v[0].by_holiday, 0);
	assert_string_equal(v[0].reason, "lũ lụt");
	assert_int_equal(v[1].state, SCHED_CANCELLED);
	assert_int_equal(v[1].orig_day, day(2027, 1, 5));
	assert_string_equal(v[1].reason, "Tết sớm");
	assert_int_equal(v[2].state, SCHED_PLANNED);
	free(v);
	/* a window holding only the new day still finds the moved meeting */
	assert_int_equal(schedule_occurrences(db, &f->conf, &g, day(2026, 12, 7),
	    day(2026, 12, 7), &v, &n), 0);
	assert_int_equal(n, 1);
	free(v);
	/* not a meeting day */
	assert_int_equal(schedule_cancel(db, &f->conf, &g, day(2026, 12, 6), "x"), -1);
	assert_non_null(strstr(errbuf, "no meeting scheduled on 2026-12-06"));
	assert_int_equal(schedule_cancel(db, &f->conf, &g, day(2027, 2, 5), ""), -1);
	assert_non_null(strstr(errbuf, "reason"));
	/* restore by the day it was moved to */
	assert_int_equal(schedule_restore(db, &f->conf, &g, day(2026, 12, 7)), 0);
	assert_int_equal(schedule_restore(db, &f->conf, &g, day(2026, 12, 5)), -1);
	assert_non_null(strstr(errbuf, "neither moved nor cancelled"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM sched_exception"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "action IN ('move-meeting','cancel-meeting','restore-meeting')"), 3);
	group_free(&g);
}

static void
test_far_move_found(void **state)
{
	struct fx *f = *state;
	struct group g;
	struct sched_occ *v;
	size_t n;

	scheduled_group(f, "G", "monthly 5 08:00", &g);
	assert_int_equal(schedule_move(f->t->db, &f->conf, &g, day(2026, 12, 5),
	    day(2027, 3, 20), -1, "far"), 0);
	assert_int_equal(schedule_occurrences(f->t->db, &f->conf, &g,
	    day(2027, 3, 10), day(2027, 3, 31), &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].orig_day, day(2026, 12, 5));
	assert_int_equal(v[0].day, day(2027, 3, 20));
	assert_int_equal(v[0].start_min, 480);
	free(v);
	group_free(&g);
}

static void
test_holidays_move_and_skip(void **state)
{
	struct fx *f = *state;
	struct group g;
	struct sched_occ *v;
	size_t n;
	int tet;

	add_holiday(&f->conf, "Tết Nguyên Đán", 1, 1, 1, 5);
	add_holiday(&f->conf, "Quốc khánh", 0, 9, 2, 2);
	assert_int_equal(lunar_to_solar(2027, 1, 1, 0, &tet), 0);
	/* the meeting on the 8th falls within Tết 2027 */
	assert_true(tet <= day(2027, 2, 8) && tet + 5 > day(2027, 2, 8));
	scheduled_group(f, "H", "monthly 8 08:00", &g);
	/* the config says move: to the first day after Tết */
	assert_int_equal(schedule_occurrences(f->t->db, &f->conf, &g,
	    day(2027, 2, 1), day(2027, 2, 28), &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].state, SCHED_MOVED);
	assert_int_equal(v[0].by_holiday, 1);
	assert_int_equal(v[0].orig_day, day(2027, 2, 8));
	assert_int_equal(v[0].day, tet + 5);
	assert_string_equal(v[0].reason, "Tết Nguyên Đán");
	free(v);
	/* the group's own policy wins */
	g.holiday_policy = strdup("skip");
	assert_string_equal(schedule_policy(&f->conf, &g), "skip");
	assert_int_equal(schedule_occurrences(f->t->db, &f->conf, &g,
	    day(2027, 2, 1), day(2027, 2, 28), &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].state, SCHED_CANCELLED);
	assert_int_equal(v[0].day, day(2027, 2, 8));
	free(v);
	/* an exception wins over the holiday */
	assert_int_equal(schedule_move(f->t->db, &f->conf, &g, day(2027, 2, 8),
	    day(2027, 2, 15), -1, "sau Tết"), 0);
	assert_int_equal(schedule_meets_on(f->t->db, &f->conf, &g,
	    day(2027, 2, 15), &tet), 1);
	assert_int_equal(tet, day(2027, 2, 8));
	group_free(&g);
}

static void
test_weekly_joined_when_moved_past_next(void **state)
{
	struct fx *f = *state;
	struct group g;
	struct sched_occ *v;
	size_t n;

	/* a 10-day holiday from Wednesday 2027-03-03 */
	add_holiday(&f->conf, "Long", 0, 3, 3, 10);
	scheduled_group(f, "W", "weekly wed 08:00", &g);
	assert_int_equal(schedule_occurrences(f->t->db, &f->conf, &g,
	    day(2027, 3, 1), day(2027, 3, 20), &v, &n), 0);
	/* 3 Mar and 10 Mar both land on 13 Mar: one meeting there */
	assert_int_equal(n, 3);
	int moved = 0, cancelled = 0;
	for (size_t i = 0; i < n; i++) {
		moved += v[i].state == SCHED_MOVED && v[i].day == day(2027, 3, 13);
		cancelled += v[i].state == SCHED_CANCELLED;
	}
	assert_int_equal(moved, 1);
	assert_int_equal(cancelled, 1);
	free(v);
	group_free(&g);
}

static void
test_next(void **state)
{
	struct fx *f = *state;
	struct group g;
	struct sched_occ *v;
	enum sched_end end;
	size_t n;

	int l1;

	scheduled_group(f, "N", "lunar 1,15 07:30", &g);
	assert_int_equal(lunar_to_solar(2026, 11, 1, 0, &l1), 0);
	assert_int_equal(schedule_cancel(f->t->db, &f->conf, &g, l1,
	    "họp huyện"), 0);
	assert_int_equal(schedule_next(f->t->db, &f->conf, &g, day(2026, 11, 23),
	    4, &v, &n, &end), 0);
	/* today (15/10), 1/11 cancelled, 15/11, 1/12, 15/12 */
	assert_int_equal(n, 5);
	assert_int_equal(v[0].day, day(2026, 11, 23));
	assert_int_equal(v[0].start_min, 7 * 60 + 30);
	assert_int_equal(v[1].state, SCHED_CANCELLED);
	assert_int_equal(v[1].day, l1);
	for (int i = 2; i < 5; i++)
		assert_int_equal(v[i].state, SCHED_PLANNED);
	free(v);
	/* no schedule: nothing */
	group_free(&g);
	group_init(&g);
	assert_int_equal(schedule_next(f->t->db, &f->conf, &g, day(2026, 11, 23),
	    4, &v, &n, &end), 0);
	assert_int_equal(n, 0);
	free(v);
}

/* A group meeting by text from day from; g is loaded back. */
static void
group_from(struct fx *f, const char *name, const char *text, int from,
    struct group *g)
{
	struct group n;

	group_init(&n);
	n.name = strdup(name);
	assert_int_equal(schedule_parse_into(&n, text, from), 0);
	assert_int_equal(group_add(f->t->db, &n), 0);
	assert_int_equal(group_get_id(f->t->db, n.id, g), 0);
	group_free(&n);
}

/* The next 40 meetings of a yearly lunar rule reach 40 years ahead; a list
 * cut short says why: the rule's COUNT, the end of the lunar calendar, or
 * nothing left in the years searched. */
static void
test_next_far(void **state)
{
	struct fx *f = *state;
	struct group g;
	struct sched_occ *v;
	enum sched_end end;
	size_t n;
	int tet;

	scheduled_group(f, "Tết", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=1;"
	    "BYMONTHDAY=1 08:00", &g);
	assert_int_equal(schedule_next(f->t->db, &f->conf, &g, day(2026, 11, 23),
	    40, &v, &n, &end), 0);
	assert_int_equal(n, 40);
	assert_int_equal(end, SCHED_END_NONE);
	assert_int_equal(v[0].day, day(2027, 2, 6));
	for (int i = 0; i < 40; i++) {
		assert_int_equal(lunar_to_solar(2027 + i, 1, 1, 0, &tet), 0);
		assert_int_equal(v[i].day, tet);
	}
	free(v);
	group_free(&g);

	scheduled_group(f, "Rằm", "RSCALE=CHINESE;FREQ=MONTHLY;COUNT=3;"
	    "BYMONTHDAY=15 08:00", &g);
	assert_int_equal(schedule_next(f->t->db, &f->conf, &g, day(2026, 11, 23),
	    10, &v, &n, &end), 0);
	assert_int_equal(n, 3);
	assert_int_equal(end, SCHED_END_RULE);
	free(v);
	group_free(&g);

	group_from(f, "Cuối", "RSCALE=CHINESE;FREQ=YEARLY;BYMONTH=8;"
	    "BYMONTHDAY=15 08:00", day(2190, 1, 1), &g);
	assert_int_equal(schedule_next(f->t->db, &f->conf, &g, day(2190, 1, 1),
	    20, &v, &n, &end), 0);
	assert_int_equal(n, 10);        /* 2190 .. 2199 */
	assert_int_equal(end, SCHED_END_CALENDAR);
	assert_string_equal(errbuf, "");
	free(v);
	group_free(&g);
}

static void
test_meets_on_and_reminder_days(void **state)
{
	struct fx *f = *state;
	struct group g;
	int orig;

	scheduled_group(f, "M", "weekly wed 08:00", &g);
	assert_int_equal(schedule_meets_on(f->t->db, &f->conf, &g,
	    day(2026, 12, 2), &orig), 1);
	assert_int_equal(orig, day(2026, 12, 2));
	assert_int_equal(schedule_meets_on(f->t->db, &f->conf, &g,
	    day(2026, 12, 3), &orig), 0);
	assert_int_equal(orig, DATE_NONE);
	assert_int_equal(schedule_reminder_days(&f->conf, &g),
	    f->conf.meeting_days_before);
	g.reminder_days = 0;
	assert_int_equal(schedule_reminder_days(&f->conf, &g), 0);
	group_free(&g);
}

/* The occurrences of g in [from, to] through memo equal those computed
 * afresh (days, times, states, reasons). Returns how many there are. */
static size_t
same_through_memo(struct fx *f, const struct group *g, int from, int to,
    struct schedule_memo *memo)
{
	struct sched_occ *a, *b;
	size_t na, nb;

	assert_int_equal(schedule_occurrences(f->t->db, &f->conf, g, from, to,
	    &a, &na), 0);
	assert_int_equal(schedule_occurrences_memo(f->t->db, &f->conf, g,
	    from, to, memo, &b, &nb), 0);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(a[i].day, b[i].day);
		assert_int_equal(a[i].orig_day, b[i].orig_day);
		assert_int_equal(a[i].start, b[i].start);
		assert_int_equal(a[i].state, b[i].state);
		assert_string_equal(a[i].reason, b[i].reason);
	}
	free(a);
	free(b);
	return na;
}

/* The memo keeps rule days only: a moved or cancelled meeting, a new
 * holiday, a changed rule or window are seen on the next call. */
static void
test_memo_sees_changes(void **state)
{
	struct fx *f = *state;
	struct schedule_memo *memo = schedule_memo_new();
	struct group g, h;
	struct sched_occ *v;
	size_t n;
	int from = day(2026, 11, 23), to = day(2026, 12, 6);

	scheduled_group(f, "W", "weekly wed 08:00", &g);
	scheduled_group(f, "L", "lunar 15 08:00", &h);
	assert_int_equal(same_through_memo(f, &g, from, to, memo), 2);
	assert_int_equal(same_through_memo(f, &h, from, to, memo), 1);
	/* Served from the memo now, and still the same. */
	assert_int_equal(same_through_memo(f, &g, from, to, memo), 2);
	assert_int_equal(schedule_move(f->t->db, &f->conf, &g, day(2026, 11, 25),
	    day(2026, 11, 27), 9 * 60, "đám cưới"), 0);
	assert_int_equal(schedule_cancel(f->t->db, &f->conf, &g,
	    day(2026, 12, 2), "lũ"), 0);
	assert_int_equal(same_through_memo(f, &g, from, to, memo), 2);
	assert_int_equal(schedule_occurrences_memo(f->t->db, &f->conf, &g,
	    from, to, memo, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].day, day(2026, 11, 27));
	assert_int_equal(v[0].state, SCHED_MOVED);
	assert_int_equal(v[1].state, SCHED_CANCELLED);
	free(v);
	add_holiday(&f->conf, "Ngày hội", 0, 12, 9, 1);
	assert_int_equal(same_through_memo(f, &g, from, day(2026, 12, 13),
	    memo), 3);
	/* A new rule on the same group. */
	assert_int_equal(schedule_parse_into(&g, "weekly fri 14:00", from), 0);
	assert_int_equal(same_through_memo(f, &g, from, to, memo), 2);
	assert_int_equal(days_of(f, &g, day(2026, 12, 1), to, (int[4]){ 0 },
	    4), 1);
	/* Another day: a later window. */
	assert_int_equal(same_through_memo(f, &h, to, to + 30, memo), 1);
	schedule_memo_free(memo);
	group_free(&g);
	group_free(&h);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_monthly_by_day),
		T(test_rrule_text_and_nth_weekday),
		T(test_weekly),
		T(test_lunar_with_leap_month),
		T(test_31st_in_short_months),
		T(test_bad_rules),
		T(test_exceptions),
		T(test_far_move_found),
		T(test_holidays_move_and_skip),
		T(test_weekly_joined_when_moved_past_next),
		T(test_next),
	T(test_next_far),
		T(test_meets_on_and_reminder_days),
		T(test_memo_sees_changes),
	};
	clock_set_timezone("Asia/Ho_Chi_Minh");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
