#include "testutil.h"

#include "config/conf.h"
#include "core/clock.h"
#include "core/person.h"
#include "groups/group.h"
#include "groups/meeting.h"
#include "groups/schedule.h"

static char errbuf[512];

struct fx {
	struct test_db *t;
	struct conf conf;
	struct group g;
	int64_t p[4];
};

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int64_t
add_person(struct db *db, const char *name)
{
	struct person p;

	test_person_init(&p, name, "at-risk");
	return test_person_save(db, &p, "T");
}

/* Group "G" meeting weekly on Wednesdays from 2026-09-02, with members
 * p[0..2] from 2026-09-01 and p[3] joining on 2026-10-01. */
static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct db *db;

	clock_set(time_from_local(day(2026, 11, 23), 9 * 60));
	f->t = test_db_new();
	db = f->t->db;
	conf_defaults(&f->conf);
	group_init(&f->g);
	f->g.name = strdup("G");
	assert_int_equal(schedule_parse_into(&f->g, "weekly wed 08:00",
	    day(2026, 9, 1)), 0);
	assert_int_equal(group_add(db, &f->g), 0);
	for (int i = 0; i < 4; i++)
		f->p[i] = add_person(db, "X");
	for (int i = 0; i < 3; i++)
		assert_int_equal(group_join(db, f->g.id, f->p[i], day(2026, 9, 1),
		    NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, f->g.id, f->p[3], day(2026, 10, 1),
	    NULL, 0, NULL), 0);
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
	group_free(&f->g);
	conf_free(&f->conf);
	test_db_close(f->t);
	free(f);
	return 0;
}

static int
record(struct fx *f, int d, const struct meeting_att *a, size_t n,
    struct meeting_result *r)
{
	return meeting_record(f->t->db, &f->conf, &f->g, d, "topic", a, n, r);
}

static void
test_record_defaults_absent(void **state)
{
	struct fx *f = *state;
	struct meeting_att a[] = { { f->p[0], ATT_PRESENT }, { f->p[1], ATT_LATE } };
	struct meeting_result r;

	assert_int_equal(record(f, day(2026, 10, 7), a, 2, &r), 0);
	assert_int_equal(r.extra, 0);
	assert_int_equal(r.orig_day, day(2026, 10, 7));
	assert_int_equal(r.ndefaulted, 2);
	assert_int_equal(r.defaulted[0], f->p[2]);
	assert_int_equal(r.defaulted[1], f->p[3]);
	free(r.defaulted);
	assert_int_equal(test_count(f->t->db, "SELECT count(*) FROM attendance "
	    "WHERE status = 'absent'"), 2);
	assert_int_equal(test_count(f->t->db, "SELECT count(*) FROM attendance"), 4);
	assert_int_equal(test_count(f->t->db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'meeting'"), 1);
}

static void
test_extra_meeting(void **state)
{
	struct fx *f = *state;
	struct meeting_result r;

	/* a Thursday */
	assert_int_equal(record(f, day(2026, 10, 8), NULL, 0, &r), 0);
	assert_int_equal(r.extra, 1);
	assert_int_equal(r.orig_day, DATE_NONE);
	free(r.defaulted);
	assert_int_equal(test_count(f->t->db, "SELECT count(*) FROM meeting "
	    "WHERE extra = 1 AND orig_on IS NULL"), 1);
	/* a meeting moved by an exception is not extra */
	assert_int_equal(schedule_move(f->t->db, &f->conf, &f->g,
	    day(2026, 10, 14), day(2026, 10, 16), -1, "mưa bão"), 0);
	assert_int_equal(record(f, day(2026, 10, 16), NULL, 0, &r), 0);
	assert_int_equal(r.extra, 0);
	assert_int_equal(r.orig_day, day(2026, 10, 14));
	free(r.defaulted);
}

static void
test_refusals_write_nothing(void **state)
{
	struct fx *f = *state;
	struct meeting_att late_joiner[] = { { f->p[3], ATT_PRESENT } };
	struct meeting_att twice[] = { { f->p[0], ATT_PRESENT },
		{ f->p[0], ATT_ABSENT } };
	struct meeting_result r;

	/* p[3] joined on 2026-10-01 */
	assert_int_equal(record(f, day(2026, 9, 30), late_joiner, 1, &r), -1);
	assert_non_null(strstr(errbuf, "T-2026-0004 was not a member of group "
	    "\"G\" on 2026-09-30"));
	assert_int_equal(record(f, day(2026, 10, 7), twice, 2, &r), -1);
	assert_non_null(strstr(errbuf, "given twice"));
	assert_int_equal(record(f, day(2026, 12, 2), NULL, 0, &r), -1);
	assert_non_null(strstr(errbuf, "future"));
	assert_int_equal(test_count(f->t->db, "SELECT count(*) FROM meeting"), 0);
	assert_int_equal(test_count(f->t->db, "SELECT count(*) FROM attendance"), 0);
	assert_int_equal(record(f, day(2026, 10, 7), NULL, 0, &r), 0);
	free(r.defaulted);
	assert_int_equal(record(f, day(2026, 10, 7), NULL, 0, &r), -1);
	assert_non_null(strstr(errbuf, "already recorded"));
	/* someone who left is not a member after leaving */
	assert_int_equal(group_leave(f->t->db, f->g.id, f->p[1], day(2026, 10, 10),
	    "moved"), 0);
	struct meeting_att gone[] = { { f->p[1], ATT_PRESENT } };
	assert_int_equal(record(f, day(2026, 10, 14), gone, 1, &r), -1);
	assert_int_equal(record(f, day(2026, 10, 14), NULL, 0, &r), 0);
	assert_int_equal(r.ndefaulted, 3);
	free(r.defaulted);
	assert_int_equal(meeting_delete(f->t->db, f->g.id, day(2026, 10, 14)), 0);
	assert_int_equal(meeting_delete(f->t->db, f->g.id, day(2026, 10, 14)), -1);
	assert_int_equal(test_count(f->t->db, "SELECT count(*) FROM attendance"), 4);
}

static void
test_rates(void **state)
{
	struct att_counts c = { { 3, 1, 2, 2 } };
	struct att_counts none = { { 0 } };

	(void)state;
	assert_int_equal(att_total(&c), 8);
	assert_true(att_rate(&c) > 0.4999 && att_rate(&c) < 0.5001);
	assert_true(att_rate(&none) == 0.0);
	assert_int_equal(meeting_status_parse("late"), ATT_LATE);
	assert_int_equal(meeting_status_parse("gone"), -1);
	assert_string_equal(meeting_status_name(ATT_EXCUSED), "excused");
}

struct rows {
	struct att_row r[8];
	char codes[8][32];
	int n;
};

static int
keep_row(const struct att_row *r, void *arg)
{
	struct rows *x = arg;

	if (x->n < 8) {
		x->r[x->n] = *r;
		snprintf(x->codes[x->n], 32, "%s", r->case_code ? r->case_code : "");
		x->n++;
	}
	return 0;
}

static void
test_reports(void **state)
{
	struct fx *f = *state;
	struct meeting_att m1[] = { { f->p[0], ATT_PRESENT }, { f->p[1], ATT_LATE },
		{ f->p[2], ATT_EXCUSED }, { f->p[3], ATT_ABSENT } };
	struct meeting_att m2[] = { { f->p[0], ATT_PRESENT },
		{ f->p[1], ATT_PRESENT } };
	struct meeting_result r;
	struct rows x = { .n = 0 };

	assert_int_equal(record(f, day(2026, 10, 7), m1, 4, &r), 0);
	free(r.defaulted);
	assert_int_equal(record(f, day(2026, 10, 14), m2, 2, &r), 0);
	free(r.defaulted);
	assert_int_equal(record(f, day(2026, 11, 4), m2, 2, &r), 0);
	free(r.defaulted);
	assert_int_equal(meeting_report_groups(f->t->db, 0, day(2026, 10, 1),
	    day(2026, 10, 31), keep_row, &x), 0);
	assert_int_equal(x.n, 1);
	assert_int_equal(x.r[0].meetings, 2);
	assert_int_equal(x.r[0].c.n[ATT_PRESENT], 3);
	assert_int_equal(x.r[0].c.n[ATT_LATE], 1);
	assert_int_equal(x.r[0].c.n[ATT_EXCUSED], 1);
	assert_int_equal(x.r[0].c.n[ATT_ABSENT], 3);
	assert_true(att_rate(&x.r[0].c) > 0.4999 && att_rate(&x.r[0].c) < 0.5001);
	x.n = 0;
	assert_int_equal(meeting_report_members(f->t->db, f->g.id,
	    day(2026, 10, 1), day(2026, 11, 30), keep_row, &x), 0);
	assert_int_equal(x.n, 4);
	assert_string_equal(x.codes[0], "T-2026-0001");
	assert_int_equal(x.r[0].meetings, 3);
	assert_int_equal(x.r[0].c.n[ATT_PRESENT], 3);
	assert_int_equal(x.r[2].c.n[ATT_EXCUSED], 1);
	assert_int_equal(x.r[2].c.n[ATT_ABSENT], 2);
	assert_true(att_rate(&x.r[2].c) == 0.0);
	assert_true(att_rate(&x.r[1].c) == 1.0);
	/* outside the period: nothing */
	x.n = 0;
	assert_int_equal(meeting_report_groups(f->t->db, f->g.id,
	    day(2026, 1, 1), day(2026, 9, 30), keep_row, &x), 0);
	assert_int_equal(x.n, 0);
}

static void
test_missed_in_a_row(void **state)
{
	struct fx *f = *state;
	struct meeting_att a[] = { { f->p[0], ATT_PRESENT },
		{ f->p[1], ATT_EXCUSED } };
	struct meeting_att b[] = { { f->p[0], ATT_PRESENT } };
	struct meeting_result r;
	struct meeting_missed *m;
	size_t n;

	/* p[2] absent at all three; p[1] excused then absent twice; p[3]
	 * absent three times */
	assert_int_equal(record(f, day(2026, 10, 7), a, 2, &r), 0);
	free(r.defaulted);
	assert_int_equal(record(f, day(2026, 10, 14), b, 1, &r), 0);
	free(r.defaulted);
	assert_int_equal(record(f, day(2026, 10, 21), b, 1, &r), 0);
	free(r.defaulted);
	assert_int_equal(meeting_missed_in_a_row(f->t->db, 3, &m, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(m[0].person_id, f->p[2]);
	assert_int_equal(m[0].group_id, f->g.id);
	assert_int_equal(m[0].count, 3);
	assert_int_equal(m[0].since, day(2026, 10, 7));
	assert_int_equal(m[1].person_id, f->p[3]);
	free(m);
	assert_int_equal(meeting_missed_in_a_row(f->t->db, 2, &m, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].person_id, f->p[1]);
	assert_int_equal(m[0].count, 2);
	free(m);
	/* coming back ends the run; a member who left is not listed */
	struct meeting_att c[] = { { f->p[2], ATT_LATE } };
	assert_int_equal(record(f, day(2026, 10, 28), c, 1, &r), 0);
	free(r.defaulted);
	assert_int_equal(group_leave(f->t->db, f->g.id, f->p[3], day(2026, 11, 1),
	    "moved"), 0);
	assert_int_equal(meeting_missed_in_a_row(f->t->db, 3, &m, &n), 0);
	/* p[1] now has three absences after the excused one; p[0] one */
	assert_int_equal(n, 1);
	assert_int_equal(m[0].person_id, f->p[1]);
	assert_int_equal(m[0].count, 3);
	free(m);
	/* members still open in a group no longer active are not listed */
	assert_int_equal(db_exec(f->t->db, "UPDATE grp SET status = 'closed'"),
	    0);
	assert_int_equal(meeting_missed_in_a_row(f->t->db, 1, &m, &n), 0);
	assert_int_equal(n, 0);
	free(m);
	assert_int_equal(meeting_missed_in_a_row(f->t->db, 0, &m, &n), -1);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_record_defaults_absent),
		T(test_extra_meeting),
		T(test_refusals_write_nothing),
		T(test_rates),
		T(test_reports),
		T(test_missed_in_a_row),
	};
	clock_set_timezone("Asia/Ho_Chi_Minh");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
