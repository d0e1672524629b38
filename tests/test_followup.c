#include "testutil.h"

#include "config/conf.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/person.h"
#include "core/util.h"
#include "groups/group.h"
#include "reports/followlist.h"
#include "sms/outbox.h"

/*
 * Help cases and the follow-up list: people in two groups with two
 * organisers, check-ins sent and answered or not.
 */
struct fx {
	struct test_db *t;
	int64_t p[4];
	struct followlist_params prm;
};

static char logbuf[512];

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static int64_t
add_person(struct db *db, const char *name)
{
	struct person p;

	test_person_init(&p, name, "suspected");
	p.route = strdup("marriage");
	p.phone = strdup("+84912000001");
	p.sms_consent = 1;
	return test_person_save(db, &p, "LC");
}

static int64_t
add_group(struct db *db, const char *name, const char *organiser)
{
	struct group g;
	int64_t id;

	group_init(&g);
	g.name = strdup(name);
	g.organiser_name = strdup(organiser);
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct db *db;
	int64_t g1, g2;
	int d1 = day(2026, 11, 1);

	clock_set_timezone("Asia/Ho_Chi_Minh");
	clock_set(time_from_local(day(2026, 11, 23), 9 * 60));
	f->t = test_db_new();
	db = f->t->db;
	g1 = add_group(db, "Hoa Sen", "Nguyễn Thị Tư");
	g2 = add_group(db, "Hoa Mai", "Lê Văn Ba");
	for (int i = 0; i < 4; i++)
		f->p[i] = add_person(db, "Phạm Thị Hồng");
	assert_int_equal(group_join(db, g1, f->p[0], d1, NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, g1, f->p[1], d1, NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, g2, f->p[2], d1, NULL, 0, NULL), 0);
	f->prm = (struct followlist_params){ .today = day(2026, 11, 23),
		.now = clock_now(), .checkin_answer_days = 3 };
	logbuf[0] = '\0';
	log_capture(logbuf, sizeof logbuf);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	log_capture(NULL, 0);
	test_db_close(f->t);
	free(f);
	return 0;
}

static int64_t
sent_checkin(struct fx *f, int64_t person, const char *occasion, time_t at)
{
	struct outbox_msg m = { .person_id = person, .kind = "checkin",
		.subject = "checkin", .occasion = occasion, .text = "1 hay 2?" };
	int64_t id;

	assert_int_equal(outbox_enqueue(f->t->db, &m, &id), OUTBOX_QUEUED);
	assert_int_equal(outbox_mark_sending(f->t->db, id, at), 0);
	assert_int_equal(outbox_mark_sent(f->t->db, id, at, 1), 0);
	return id;
}

static void
test_help_case_open_add_close(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	int64_t c, c2;
	int opened;

	assert_int_equal(followup_help(db, f->p[0], 0, "sms", clock_now(), &c,
	    &opened), 0);
	assert_int_equal(opened, 1);
	assert_int_equal(followup_help(db, f->p[0], 0, "sms", clock_now(), &c2,
	    &opened), 0);
	assert_int_equal(opened, 0);
	assert_int_equal(c2, c);
	assert_int_equal(test_count(db, "SELECT requests FROM help_case"), 2);
	assert_int_equal(followup_close(db, f->p[0], "tu", "", clock_now()), -1);
	assert_non_null(strstr(logbuf, "note is required"));
	assert_int_equal(followup_close(db, f->p[0], "tu", "đã đến nhà",
	    clock_now()), 0);
	assert_int_equal(followup_open_case(db, f->p[0], &c2), 0);
	assert_int_equal(c2, 0);
	assert_int_equal(followup_close(db, f->p[0], "tu", "x", clock_now()),
	    -1);
	assert_non_null(strstr(logbuf, "LC-2026-0001 has no open help request"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'help'"), 3);
}

static void
test_list_ranked_with_codes_only(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct followlist l = { 0 };
	time_t now = clock_now();
	int64_t c, answered;
	int opened;

	/* p0 asked for help 2 days ago; p1 did not answer a check-in of 5
	 * days ago; p2 answered hers; p3's is only 2 days old. p1 also has a
	 * loan in arrears (added as the groups layer would). */
	assert_int_equal(followup_help(db, f->p[0], 0, "sms", now - 2 * 86400,
	    &c, &opened), 0);
	sent_checkin(f, f->p[1], "2026-11-18", now - 5 * 86400);
	answered = sent_checkin(f, f->p[2], "2026-11-18", now - 5 * 86400);
	assert_int_equal(db_run(db, "INSERT INTO inbox (sender, person_id, "
	    "sent_at, received_at, coding, text, handled, meaning, answers) "
	    "VALUES ('+84912000001', 3, 1, 1, 'gsm7', '1', 1, 'well', ?1)",
	    "i", answered), 0);
	sent_checkin(f, f->p[3], "2026-11-21", now - 2 * 86400);
	assert_int_equal(followlist_collect(db, &f->prm, &l), 0);
	assert_int_equal(followlist_add(db, &f->prm, &l, FOLLOWLIST_ARREARS,
	    f->p[1], "loan 1", 40), 0);
	assert_int_equal(followlist_add(db, &f->prm, &l, FOLLOWLIST_ARREARS,
	    f->p[3], "loan 2", 12), 0);
	followlist_sort(&l);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.items[0].reason, FOLLOWLIST_HELP);
	assert_string_equal(l.items[0].case_code, "LC-2026-0001");
	assert_string_equal(l.items[0].group, "Hoa Sen");
	assert_string_equal(l.items[0].organiser, "Nguyễn Thị Tư");
	assert_int_equal(l.items[0].days, 2);
	assert_int_equal(l.items[1].reason, FOLLOWLIST_CHECKIN);
	assert_string_equal(l.items[1].case_code, "LC-2026-0002");
	assert_int_equal(l.items[1].days, 5);
	assert_int_equal(l.items[2].reason, FOLLOWLIST_ARREARS);
	assert_int_equal(l.items[2].days, 40);
	assert_int_equal(l.items[3].reason, FOLLOWLIST_ARREARS);
	assert_string_equal(l.items[3].case_code, "LC-2026-0004");
	assert_null(l.items[3].group);
	followlist_free(&l);
	/* A newer check-in replaces the unanswered one. */
	sent_checkin(f, f->p[1], "2026-11-22", now - 86400);
	assert_int_equal(followlist_collect(db, &f->prm, &l), 0);
	assert_int_equal(l.n, 1);
	followlist_free(&l);
}

static void
test_list_by_organiser(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct followlist l = { 0 };
	int64_t c;
	int opened;

	for (int i = 0; i < 4; i++)
		assert_int_equal(followup_help(db, f->p[i], 0, "sms",
		    clock_now(), &c, &opened), 0);
	f->prm.organiser = "nguyen thi tu";
	assert_int_equal(followlist_collect(db, &f->prm, &l), 0);
	assert_int_equal(l.n, 2);
	for (int i = 0; i < l.n; i++)
		assert_string_equal(l.items[i].group, "Hoa Sen");
	followlist_free(&l);
	f->prm.organiser = "LÊ VĂN BA";
	assert_int_equal(followlist_collect(db, &f->prm, &l), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].case_code, "LC-2026-0003");
	followlist_free(&l);
}

/* Rows added together: in their order, each with its person's current
 * group, the same as followlist_add gives; unknown people and people the
 * organiser filter leaves out are skipped. */
static void
test_add_rows_looks_people_up_at_once(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct followlist_rows rows = { 0 };
	struct followlist l = { 0 }, one = { 0 };
	int64_t g3;

	/* p1 moved from Hoa Sen to Hoa Mai on 10 November. */
	g3 = test_count(db, "SELECT id FROM grp WHERE name = 'Hoa Mai'");
	assert_int_equal(db_run(db, "UPDATE membership SET left_on = "
	    "'2026-11-10' WHERE person_id = ?1", "i", f->p[1]), 0);
	assert_int_equal(group_join(db, g3, f->p[1], day(2026, 11, 10), NULL,
	    0, NULL), 0);
	followlist_rows_push(&rows, FOLLOWLIST_VISIT, f->p[3], NULL, 9);
	followlist_rows_push(&rows, FOLLOWLIST_ARREARS, f->p[1], "loan 7", 40);
	followlist_rows_push(&rows, FOLLOWLIST_ARREARS, 9999, "loan 8", 50);
	followlist_rows_push(&rows, FOLLOWLIST_MISSED, f->p[0], "3 meetings", 21);
	followlist_rows_push(&rows, FOLLOWLIST_ARREARS, f->p[1], "", 12);
	assert_int_equal(followlist_add_rows(db, &f->prm, &l, &rows), 0);
	assert_int_equal(l.n, 4);
	assert_string_equal(l.items[0].case_code, "LC-2026-0004");
	assert_null(l.items[0].group);
	assert_null(l.items[0].detail);
	assert_int_equal(l.items[0].days, 9);
	assert_string_equal(l.items[1].case_code, "LC-2026-0002");
	assert_string_equal(l.items[1].group, "Hoa Mai");
	assert_string_equal(l.items[1].organiser, "Lê Văn Ba");
	assert_string_equal(l.items[1].detail, "loan 7");
	assert_int_equal(l.items[2].reason, FOLLOWLIST_MISSED);
	assert_string_equal(l.items[2].group, "Hoa Sen");
	assert_null(l.items[3].detail);
	assert_int_equal(l.items[3].days, 12);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(followlist_add(db, &f->prm, &one, FOLLOWLIST_VISIT,
		    l.items[i].person_id, NULL, 0), 0);
		assert_string_equal(one.items[i].case_code, l.items[i].case_code);
		if (l.items[i].group)
			assert_string_equal(one.items[i].group, l.items[i].group);
		else
			assert_null(one.items[i].group);
	}
	followlist_free(&one);
	followlist_free(&l);
	f->prm.organiser = "Lê Văn";
	assert_int_equal(followlist_add_rows(db, &f->prm, &l, &rows), 0);
	assert_int_equal(l.n, 0);
	f->prm.organiser = "LÊ VĂN BA";
	assert_int_equal(followlist_add_rows(db, &f->prm, &l, &rows), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[0].detail, "loan 7");
	assert_string_equal(l.items[1].case_code, "LC-2026-0002");
	followlist_free(&l);
	followlist_rows_free(&rows);
}

static void
assert_same_list(const struct followlist *a, const struct followlist *b)
{
	assert_int_equal(a->n, b->n);
	for (int i = 0; i < a->n; i++) {
		assert_int_equal(a->items[i].reason, b->items[i].reason);
		assert_int_equal(a->items[i].person_id, b->items[i].person_id);
		assert_int_equal(a->items[i].days, b->items[i].days);
		assert_string_equal(a->items[i].case_code, b->items[i].case_code);
		assert_true((!a->items[i].detail && !b->items[i].detail) ||
		    (a->items[i].detail && b->items[i].detail &&
		    !strcmp(a->items[i].detail, b->items[i].detail)));
	}
}

/*
 * A people filter of thousands (a coordinator's scope) reads everyone and
 * keeps its people; a few are read person by person: the same list. A
 * place keeps the people living there (ASCII case ignored).
 */
static void
test_large_filter_and_place(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct followlist small = { 0 }, large = { 0 }, all = { 0 }, in = { 0 };
	struct followlist_params p = f->prm;
	struct conf conf;
	int64_t few[3] = { f->p[0], f->p[1], f->p[2] }, *many, c;
	int n = 0, opened;

	conf_defaults(&conf);
	assert_int_equal(followup_help(db, f->p[0], 0, "sms", clock_now(), &c,
	    &opened), 0);
	sent_checkin(f, f->p[1], "a", clock_now() - 5 * 86400);
	sent_checkin(f, f->p[2], "b", clock_now() - 6 * 86400);
	sent_checkin(f, f->p[3], "c", clock_now() - 7 * 86400);
	many = calloc(5000, sizeof *many);
	for (int64_t id = 1; id <= 5000; id++)
		if (id != f->p[3])
			many[n++] = id;
	p.people = few;
	p.npeople = 3;
	assert_int_equal(followlist_build(db, &conf, &p, &small), 0);
	p.people = many;
	p.npeople = n;
	assert_int_equal(followlist_build(db, &conf, &p, &large), 0);
	assert_true(small.n >= 3);
	assert_same_list(&small, &large);
	for (int i = 0; i < large.n; i++)
		assert_true(large.items[i].person_id != f->p[3]);

	p.people = NULL;
	p.npeople = 0;
	assert_int_equal(followlist_build(db, &conf, &p, &all), 0);
	assert_int_equal(all.n, small.n + 1);
	assert_int_equal(db_run(db, "UPDATE person SET commune = 'Na Ngoi', "
	    "district = 'Kỳ Sơn' WHERE id = ?", "i", f->p[2]), 0);
	p.commune = "na ngoi";
	p.district = "Kỳ Sơn";
	assert_int_equal(followlist_build(db, &conf, &p, &in), 0);
	assert_int_equal(in.n, 1);
	assert_int_equal(in.items[0].person_id, f->p[2]);
	assert_int_equal(in.items[0].reason, FOLLOWLIST_CHECKIN);
	free(many);
	followlist_free(&small);
	followlist_free(&large);
	followlist_free(&all);
	followlist_free(&in);
	conf_free(&conf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_help_case_open_add_close,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_ranked_with_codes_only,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_by_organiser, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_add_rows_looks_people_up_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_large_filter_and_place,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
