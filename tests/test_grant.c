#include "testutil.h"

#include "core/clock.h"
#include "core/person.h"
#include "core/util.h"
#include "groups/grant.h"

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int64_t
add_person(struct db *db)
{
	struct person p;

	test_person_init(&p, "Lò Thị Test", "returned-official");
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

static int64_t
give(struct db *db, int64_t person, const char *kind, int count, int d)
{
	struct grant g = { 0 };

	g.person_id = person;
	g.kind = (char *)kind;
	g.count = count;
	g.unit_value = 3044000;
	g.day = d;
	g.source = "ngo:Plan";
	assert_int_equal(grant_give(db, &g), 0);
	return g.id;
}

static int
event(struct db *db, int64_t grant, const char *kind, int count, int d)
{
	struct grant_event e = { 0 };

	e.grant_id = grant;
	e.kind = (char *)kind;
	e.count = count;
	e.day = d;
	e.price = -1;
	return grant_event_add(db, &e);
}

static int
herd(struct db *db, int64_t grant, int d)
{
	int h = -1;
	assert_int_equal(grant_herd(db, grant, d, &h), 0);
	return h;
}

/* Two sows; 10 piglets born; 2 die; 3 sold: 7 left, counted by date. */
static void
test_herd_from_events(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t g = give(db, add_person(db), "sow", 2, day(2026, 1, 10));

	assert_int_equal(event(db, g, "born", 10, day(2026, 5, 1)), 0);
	assert_int_equal(event(db, g, "died", 2, day(2026, 5, 3)), 0);
	assert_int_equal(event(db, g, "vaccinated", 10, day(2026, 5, 10)), 0);
	assert_int_equal(event(db, g, "sold", 3, day(2026, 7, 1)), 0);
	assert_int_equal(herd(db, g, day(2026, 4, 30)), 2);
	assert_int_equal(herd(db, g, day(2026, 5, 2)), 12);
	assert_int_equal(herd(db, g, day(2026, 6, 1)), 10);
	assert_int_equal(herd(db, g, day(2026, 7, 1)), 7);
}

static void
test_negative_herd_refused(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t g = give(db, add_person(db), "cow", 1, day(2026, 1, 10));
	char msg[256];

	log_capture(msg, sizeof msg);
	assert_int_equal(event(db, g, "died", 2, day(2026, 2, 1)), -1);
	assert_non_null(strstr(msg, "herd"));
	assert_int_equal(event(db, g, "vaccinated", 2, day(2026, 2, 1)), -1);
	assert_int_equal(event(db, g, "born", 1, day(2026, 6, 1)), 0);
	/* a loss before the calf was born would leave nothing to lose later */
	assert_int_equal(event(db, g, "lost", 1, day(2026, 3, 1)), 0);
	assert_int_equal(event(db, g, "died", 1, day(2026, 4, 1)), -1);
	assert_int_equal(event(db, g, "died", 1, day(2025, 12, 1)), -1);
	assert_non_null(strstr(msg, "before the grant"));
	assert_int_equal(event(db, g, "flew", 1, day(2026, 4, 1)), -1);
	assert_int_equal(event(db, g, "passed", 1, day(2026, 7, 1)), -1);
	log_capture(NULL, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant_event"), 2);
	assert_int_equal(herd(db, g, day(2026, 11, 1)), 1);
}

/* A sow owes 2 piglets to a named member; that member's piglets owe 1 on
 * to someone not yet chosen: a chain of three grants. */
static void
test_passon_chain(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	int64_t a = add_person(db), b = add_person(db), c = add_person(db);
	int64_t g1 = give(db, a, "sow", 1, day(2026, 1, 10)), g2, g3;
	struct grant_oblig *o;
	struct grant g;
	int n;

	assert_int_equal(grant_oblige(db, g1, 2, day(2026, 9, 30), b), 0);
	assert_int_equal(grant_oblige(db, g1, 2, day(2026, 9, 30), b), -1);
	assert_int_equal(event(db, g1, "born", 8, day(2026, 6, 1)), 0);
	/* overdue on 1 October, nothing passed yet */
	assert_int_equal(grant_obligations(db, day(2026, 10, 1), 1, &o, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(o[0].days_late, 1);
	assert_int_equal(o[0].passed, 0);
	free(o);
	assert_int_equal(grant_passon(db, g1, c, 2, day(2026, 7, 1), NULL, -1, &g2), -1);
	assert_int_equal(grant_passon(db, g1, b, 3, day(2026, 7, 1), NULL, -1, &g2), -1);
	assert_int_equal(grant_passon(db, g1, b, 2, day(2026, 7, 1), NULL, 1500000,
	    &g2), 0);
	assert_int_equal(grant_get(db, g2, &g), 0);
	assert_string_equal(g.kind, "piglet");
	assert_int_equal(g.parent_id, g1);
	assert_int_equal(g.person_id, b);
	assert_int_equal(g.count, 2);
	assert_int_equal(g.unit_value, 1500000);
	grant_free(&g);
	assert_int_equal(herd(db, g1, day(2026, 7, 1)), 7);
	assert_int_equal(grant_passon(db, g1, b, 1, day(2026, 7, 2), NULL, -1, &g3), -1);

	assert_int_equal(grant_oblige(db, g2, 1, day(2027, 6, 1), 0), 0);
	assert_int_equal(grant_passon(db, g2, c, 1, day(2026, 11, 1), NULL, -1, &g3), 0);
	assert_int_equal(grant_get(db, g3, &g), 0);
	assert_int_equal(g.parent_id, g2);
	assert_int_equal(g.unit_value, 1500000);
	grant_free(&g);
	assert_int_equal(grant_obligations(db, day(2026, 11, 20), 1, &o, &n), 0);
	assert_int_equal(n, 0);
	free(o);
	assert_int_equal(grant_obligations(db, day(2026, 11, 20), 0, &o, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(o[0].passed, 2);
	free(o);
}

static void
test_bad_grant(void **state)
{
	struct db *db = ((struct test_db *)*state)->db;
	struct grant g = { 0 };

	g.person_id = add_person(db);
	g.kind = "horse";
	g.count = 1;
	g.day = day(2026, 1, 1);
	g.source = "wu";
	assert_int_equal(grant_give(db, &g), -1);
	g.kind = "goat";
	g.count = 0;
	assert_int_equal(grant_give(db, &g), -1);
	g.count = 1;
	g.source = "bank";
	assert_int_equal(grant_give(db, &g), -1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_herd_from_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negative_herd_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_passon_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_grant, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
