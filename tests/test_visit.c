#include "testutil.h"

#include "core/clock.h"
#include "core/person.h"
#include "core/util.h"
#include "core/visit.h"
#include "reports/followlist.h"

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/* The default of the configuration: monthly for 6 months after return,
 * then quarterly until 24 months. */
static const struct visit_plan plan = { { { 6, 30 }, { 24, 90 } }, 2 };

static int64_t
add_person(struct db *db, int returned)
{
	struct person p;

	test_person_init(&p, "Sùng Thị Test", "returned-official");
	p.returned_on = returned;
	return test_person_save(db, &p, "LC");
}

static int
setup(void **state)
{
	clock_set(time_from_local(day(2026, 11, 23), 9 * 60));
	*state = test_db_new();
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
test_next_due_rules(void **state)
{
	int ret = day(2026, 1, 10);

	(void)state;
	/* no visit yet: 30 days after return */
	assert_int_equal(visit_next_due(&plan, ret, DATE_NONE, DATE_NONE, 0,
	    DATE_NONE, DATE_NONE), ret + 30);
	/* visited within the first 6 months: monthly */
	assert_int_equal(visit_next_due(&plan, ret, day(2026, 7, 9), DATE_NONE, 0,
	    DATE_NONE, DATE_NONE), day(2026, 7, 9) + 30);
	/* from 10 July (6 months) on: quarterly */
	assert_int_equal(visit_next_due(&plan, ret, day(2026, 7, 10), DATE_NONE, 0,
	    DATE_NONE, DATE_NONE), day(2026, 7, 10) + 90);
	/* past 24 months: no more visits; never visited and long returned */
	assert_int_equal(visit_next_due(&plan, day(2020, 1, 1), DATE_NONE,
	    DATE_NONE, 0, DATE_NONE, DATE_NONE), day(2020, 1, 31));
	assert_int_equal(visit_next_due(&plan, ret, day(2027, 12, 1), DATE_NONE, 0,
	    DATE_NONE, DATE_NONE), DATE_NONE);
	assert_int_equal(visit_next_due(&plan, ret, day(2028, 1, 10), DATE_NONE, 0,
	    DATE_NONE, DATE_NONE), DATE_NONE);
	/* a next date agreed on the visit wins */
	assert_int_equal(visit_next_due(&plan, ret, day(2026, 2, 1), day(2026, 2, 8),
	    0, DATE_NONE, DATE_NONE), day(2026, 2, 8));
	/* no return date and no own plan: not followed */
	assert_int_equal(visit_next_due(&plan, DATE_NONE, DATE_NONE, DATE_NONE, 0,
	    DATE_NONE, DATE_NONE), DATE_NONE);
	/* own plan: every 7 days until its end, from the day it was set */
	assert_int_equal(visit_next_due(&plan, DATE_NONE, DATE_NONE, DATE_NONE, 7,
	    DATE_NONE, day(2026, 3, 1)), day(2026, 3, 8));
	assert_int_equal(visit_next_due(&plan, ret, day(2028, 5, 1), DATE_NONE, 7,
	    day(2028, 5, 5), DATE_NONE), DATE_NONE);
	assert_int_equal(visit_next_due(&plan, ret, day(2028, 5, 1), DATE_NONE, 7,
	    DATE_NONE, DATE_NONE), day(2028, 5, 8));
}

static struct visit
mkvisit(int64_t person, int d, const char *situation)
{
	struct visit v = { 0 };

	v.person_id = person;
	v.day = d;
	v.visitor = "Chị Lan";
	v.kind = "home";
	v.situation = (char *)situation;
	v.next_day = DATE_NONE;
	return v;
}

static void
test_log_and_needs(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t p = add_person(db, day(2026, 6, 1));
	struct visit v = mkvisit(p, day(2026, 7, 1), "needs support");
	char msg[256];

	v.needs = "health, shelter";
	assert_int_equal(visit_log(db, &v), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM visit WHERE "
	    "situation = 'needs-support'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM need WHERE kind IN "
	    "('medical', 'shelter') AND identified_on = '2026-07-01'"), 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM visit WHERE "
	    "needs = 'medical,shelter'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'visit'"), 1);

	log_capture(msg, sizeof msg);
	v = mkvisit(p, day(2026, 7, 1), "fine");
	assert_int_equal(visit_log(db, &v), -1);
	v = mkvisit(p, day(2026, 12, 1), "stable");
	assert_int_equal(visit_log(db, &v), -1);
	assert_non_null(strstr(msg, "future"));
	v = mkvisit(p, day(2026, 7, 1), "stable");
	v.kind = "letter";
	assert_int_equal(visit_log(db, &v), -1);
	v = mkvisit(p, day(2026, 7, 1), "stable");
	v.needs = "medical, a pony";
	assert_int_equal(visit_log(db, &v), -1);
	assert_non_null(strstr(msg, "a pony"));
	v = mkvisit(999, day(2026, 7, 1), "stable");
	assert_int_equal(visit_log(db, &v), -1);
	log_capture(NULL, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM visit"), 1);
}

static void
test_due_list(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t a = add_person(db, day(2026, 6, 1));       /* visited */
	int64_t b = add_person(db, day(2026, 10, 1));      /* never visited */
	int64_t c = add_person(db, day(2020, 1, 1));       /* past the plan */
	int64_t d = add_person(db, DATE_NONE);             /* own plan */
	struct visit v = mkvisit(a, day(2026, 11, 1), "stable");
	struct visit_due *due;
	int n;

	assert_int_equal(visit_log(db, &v), 0);
	/* a not-reached attempt does not count as a visit */
	v = mkvisit(b, day(2026, 11, 20), "not-reached");
	assert_int_equal(visit_log(db, &v), 0);
	assert_int_equal(visit_plan_set(db, d, 14, DATE_NONE), 0);
	(void)c;

	assert_int_equal(visit_due(db, &plan, day(2026, 11, 23), 7, &due,
	    &n), 0);
	assert_int_equal(n, 1);
	/* b: due 31 October, 23 days late */
	assert_int_equal(due[0].person_id, b);
	assert_int_equal(due[0].due_day, day(2026, 10, 31));
	assert_int_equal(due[0].days_late, 23);
	assert_int_equal(due[0].last_day, DATE_NONE);
	visit_due_free(due, n);

	/* within 14 days: a on 1 December, d (every 14 days from today) */
	assert_int_equal(visit_due(db, &plan, day(2026, 11, 23), 14, &due,
	    &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(due[1].person_id, a);
	assert_int_equal(due[1].due_day, day(2026, 12, 1));
	assert_int_equal(due[1].last_day, day(2026, 11, 1));
	assert_int_equal(due[2].person_id, d);
	assert_int_equal(due[2].due_day, day(2026, 12, 7));
	visit_due_free(due, n);

	/* back to the default plan: d has no return date, so drops out */
	assert_int_equal(visit_plan_clear(db, d), 0);
	assert_int_equal(visit_due(db, &plan, day(2026, 11, 23), 14, &due,
	    &n), 0);
	assert_int_equal(n, 2);
	visit_due_free(due, n);
}

static void
test_due_by_organiser(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t a = add_person(db, day(2026, 6, 1));
	struct visit_due *due;
	int n;

	add_person(db, day(2026, 6, 1));
	assert_int_equal(db_run(db, "INSERT INTO grp (name, organiser_name, "
	    "created_at) VALUES ('Hoa Mai', 'Chị Lan', 0)", ""), 0);
	assert_int_equal(db_run(db, "INSERT INTO membership (group_id, person_id, "
	    "joined_on) VALUES (1, ?, '2026-06-10')", "i", a), 0);
	assert_int_equal(followlist_visits_due(db, &plan, "chi lan",
	    day(2026, 11, 23), 0, &due, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(due[0].person_id, a);
	assert_string_equal(due[0].organiser, "Chị Lan");
	visit_due_free(due, n);
	assert_int_equal(followlist_visits_due(db, &plan, NULL,
	    day(2026, 11, 23), 0, &due, &n), 0);
	assert_int_equal(n, 2);
	visit_due_free(due, n);
	/* the ground floor alone knows no organiser */
	assert_int_equal(visit_due(db, &plan, day(2026, 11, 23), 0, &due, &n),
	    0);
	assert_int_equal(n, 2);
	assert_null(due[0].organiser);
	visit_due_free(due, n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_due_rules),
		cmocka_unit_test_setup_teardown(test_log_and_needs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_by_organiser, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
