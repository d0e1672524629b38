#include "testutil.h"

#include "core/clock.h"
#include "core/person.h"
#include "groups/group.h"


static int64_t
add_person(struct db *db, const char *name)
{
	struct person p;

	test_person_init(&p, name, "at-risk");
	return test_person_save(db, &p, "T");
}

static int64_t
add_group(struct db *db, const char *name)
{
	struct group g;

	group_init(&g);
	g.name = strdup(name);
	assert_int_equal(group_add(db, &g), 0);
	group_free(&g);
	return g.id;
}

static void
test_add_get_by_name_and_id(void **state)
{
	struct db *db = test_db(state);
	struct group g;
	int64_t id = add_group(db, "Nhóm Hoa Mai");
	char ref[32];

	assert_int_equal(group_get(db, "nhóm hoa mai", &g), 0);
	assert_int_equal(g.id, id);
	group_free(&g);
	/* upper case beyond ASCII, through the folded name */
	assert_int_equal(group_get(db, "NHÓM HOA MAI", &g), 0);
	assert_int_equal(g.id, id);
	assert_string_equal(g.status, "active");
	group_free(&g);
	/* without diacritics, when that is unique */
	assert_int_equal(group_get(db, "nhom hoa mai", &g), 0);
	assert_int_equal(g.id, id);
	group_free(&g);
	snprintf(ref, sizeof ref, "#%lld", (long long)id);
	assert_int_equal(group_get(db, ref, &g), 0);
	assert_string_equal(g.name, "Nhóm Hoa Mai");
	group_free(&g);
	assert_int_equal(group_get(db, "#999", &g), -1);
	assert_non_null(strstr(test_msg, "group \"#999\" not found"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'group' AND action = 'add'"), 1);
}

static void
test_name_unique_and_ambiguous(void **state)
{
	struct db *db = test_db(state);
	struct group g;

	add_group(db, "Hòa Bình");
	add_group(db, "Hóa Bình");
	group_init(&g);
	g.name = strdup("hòa bình");
	assert_int_equal(group_add(db, &g), -1);
	assert_non_null(strstr(test_msg, "already exists"));
	/* case beyond ASCII */
	free(g.name);
	g.name = strdup("HÓA BÌNH");
	assert_int_equal(group_add(db, &g), -1);
	assert_non_null(strstr(test_msg, "already exists"));
	group_free(&g);
	assert_int_equal(group_get(db, "HÓA BÌNH", &g), 0);
	assert_string_equal(g.name, "Hóa Bình");
	group_free(&g);
	assert_int_equal(group_get(db, "hoa binh", &g), -1);
	assert_non_null(strstr(test_msg, "matches several groups"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM grp"), 2);
}

static void
test_validate(void **state)
{
	struct db *db = test_db(state);
	struct group g;

	group_init(&g);
	assert_int_equal(group_add(db, &g), -1);
	assert_non_null(strstr(test_msg, "name"));
	g.name = strdup("A");
	g.organiser_phone = strdup("0912345678");
	assert_int_equal(group_add(db, &g), -1);
	assert_non_null(strstr(test_msg, "organiser phone"));
	free(g.organiser_phone);
	g.organiser_phone = NULL;
	g.founded_on = test_day(2027, 1, 1);
	assert_int_equal(group_add(db, &g), -1);
	assert_non_null(strstr(test_msg, "future"));
	g.founded_on = DATE_NONE;
	g.holiday_policy = strdup("later");
	assert_int_equal(group_add(db, &g), -1);
	assert_non_null(strstr(test_msg, "skip or move"));
	group_free(&g);
	assert_int_equal(test_count(db, "SELECT count(*) FROM grp"), 0);
}

static void
test_edit(void **state)
{
	struct db *db = test_db(state);
	int64_t id = add_group(db, "One");
	struct group g;

	add_group(db, "Two");
	assert_int_equal(group_get_id(db, id, &g), 0);
	free(g.place);
	g.place = strdup("Nhà văn hóa thôn");
	g.reminder_days = 0;
	assert_int_equal(group_update(db, &g), 0);
	free(g.name);
	g.name = strdup("two");
	assert_int_equal(group_update(db, &g), -1);
	assert_non_null(strstr(test_msg, "already exists"));
	group_free(&g);
	assert_int_equal(group_get_id(db, id, &g), 0);
	assert_string_equal(g.name, "One");
	assert_string_equal(g.place, "Nhà văn hóa thôn");
	assert_int_equal(g.reminder_days, 0);
	assert_int_equal(g.start_min, -1);
	group_free(&g);
}

static void
test_membership_as_of_date(void **state)
{
	struct db *db = test_db(state);
	int64_t gid = add_group(db, "G");
	int64_t a = add_person(db, "A"), b = add_person(db, "B");

	assert_int_equal(group_join(db, gid, a, test_day(2026, 1, 10), NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, gid, b, test_day(2026, 3, 1), "leader", 0,
	    NULL), 0);
	assert_int_equal(group_leave(db, gid, a, test_day(2026, 6, 1), "moved away"), 0);
	assert_int_equal(group_is_member(db, gid, a, test_day(2026, 1, 9)), 0);
	assert_int_equal(group_is_member(db, gid, a, test_day(2026, 1, 10)), 1);
	assert_int_equal(group_is_member(db, gid, a, test_day(2026, 5, 31)), 1);
	/* the leaving day is the first day as a non-member */
	assert_int_equal(group_is_member(db, gid, a, test_day(2026, 6, 1)), 0);
	assert_int_equal(group_member_count(db, gid, test_day(2026, 2, 1)), 1);
	assert_int_equal(group_member_count(db, gid, test_day(2026, 4, 1)), 2);
	assert_int_equal(group_member_count(db, gid, test_day(2026, 7, 1)), 1);
	/* rejoin later: the first membership stays in the history */
	assert_int_equal(group_join(db, gid, a, test_day(2026, 9, 1), NULL, 0, NULL), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM membership WHERE "
	    "left_on = '2026-06-01' AND crypt_open(leave_reason, "
	    "'membership.leave_reason', id) = 'moved away'"), 1);
	/* sealed in the file (core/crypt.h) */
	assert_int_equal(test_count(db, "SELECT count(*) FROM membership WHERE "
	    "typeof(leave_reason) = 'text'"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM membership"), 3);
	assert_int_equal(group_is_member(db, gid, a, test_day(2026, 7, 1)), 0);
	assert_int_equal(group_is_member(db, gid, a, test_day(2026, 10, 1)), 1);
}

struct collect {
	char codes[8][32];
	int n;
};

static int
collect_member(const struct membership *m, void *arg)
{
	struct collect *c = arg;

	if (c->n < 8)
		snprintf(c->codes[c->n++], 32, "%s/%s", m->case_code, m->role);
	return 0;
}

static void
test_members_each(void **state)
{
	struct db *db = test_db(state);
	int64_t gid = add_group(db, "G");
	int64_t a = add_person(db, "A"), b = add_person(db, "B");
	struct collect c = { .n = 0 };

	assert_int_equal(group_join(db, gid, a, test_day(2026, 1, 10), NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, gid, b, test_day(2026, 3, 1), "treasurer", 0,
	    NULL), 0);
	assert_int_equal(group_leave(db, gid, a, test_day(2026, 6, 1), "withdrew"), 0);
	assert_int_equal(group_members_each(db, gid, test_day(2026, 4, 1),
	    collect_member, &c), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.codes[0], "T-2026-0001/member");
	assert_string_equal(c.codes[1], "T-2026-0002/treasurer");
	c.n = 0;
	assert_int_equal(group_members_each(db, gid, test_day(2026, 7, 1),
	    collect_member, &c), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.codes[0], "T-2026-0002/treasurer");
	c.n = 0;
	assert_int_equal(group_members_each(db, gid, DATE_NONE, collect_member,
	    &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(group_set_role(db, gid, b, "leader"), 0);
	assert_int_equal(group_set_role(db, gid, a, "leader"), -1);
	assert_non_null(strstr(test_msg, "not a member"));
	assert_int_equal(group_set_role(db, gid, b, "boss"), -1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM membership WHERE "
	    "role = 'leader'"), 1);
}

static void
test_one_active_group(void **state)
{
	struct db *db = test_db(state);
	int64_t g1 = add_group(db, "G1"), g2 = add_group(db, "G2");
	int64_t a = add_person(db, "A");

	assert_int_equal(group_join(db, g1, a, test_day(2026, 1, 10), NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, g2, a, test_day(2026, 2, 1), NULL, 0, NULL), -1);
	assert_non_null(strstr(test_msg, "already a member of group \"G1\""));
	/* joining the same group twice is refused even when allowed more */
	assert_int_equal(group_join(db, g1, a, test_day(2026, 2, 1), NULL, 1, NULL), -1);
	assert_non_null(strstr(test_msg, "already a member of this group"));
	/* the config may allow several groups */
	assert_int_equal(group_join(db, g2, a, test_day(2026, 2, 1), NULL, 1, NULL), 0);
	assert_int_equal(group_leave(db, g2, a, test_day(2026, 3, 1), "too far"), 0);
	assert_int_equal(group_leave(db, g1, a, test_day(2026, 4, 1), "moved"), 0);
	/* a join dated before the old membership ended would overlap it */
	assert_int_equal(group_join(db, g2, a, test_day(2026, 3, 15), NULL, 0, NULL), -1);
	assert_int_equal(group_join(db, g2, a, test_day(2026, 4, 1), NULL, 0, NULL), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM membership"), 3);
}

static void
test_join_leave_refusals(void **state)
{
	struct db *db = test_db(state);
	int64_t gid = add_group(db, "G"), a = add_person(db, "A");

	assert_int_equal(group_join(db, gid, a, test_day(2026, 12, 1), NULL, 0, NULL), -1);
	assert_non_null(strstr(test_msg, "future"));
	assert_int_equal(group_join(db, gid, a, test_day(2026, 1, 1), "chief", 0, NULL),
	    -1);
	assert_non_null(strstr(test_msg, "role: \"chief\""));
	assert_int_equal(group_leave(db, gid, a, test_day(2026, 2, 1), "x"), -1);
	assert_non_null(strstr(test_msg, "not a member"));
	assert_int_equal(group_join(db, gid, a, test_day(2026, 3, 1), NULL, 0, NULL), 0);
	assert_int_equal(group_leave(db, gid, a, test_day(2026, 2, 1), "x"), -1);
	assert_non_null(strstr(test_msg, "joined after"));
	assert_int_equal(group_leave(db, gid, a, test_day(2026, 4, 1), ""), -1);
	assert_non_null(strstr(test_msg, "reason"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM membership WHERE "
	    "left_on IS NULL"), 1);
	assert_int_equal(db_exec(db, "UPDATE person SET status = 'closed', "
	    "closed_on = '2026-05-01' WHERE id = 1"), 0);
	assert_int_equal(group_leave(db, gid, a, test_day(2026, 5, 1), "moved"), 0);
	assert_int_equal(group_join(db, gid, a, test_day(2026, 6, 1), NULL, 0, NULL), -1);
	assert_non_null(strstr(test_msg, "person is closed"));
}

static void
test_close_ends_memberships(void **state)
{
	struct db *db = test_db(state);
	int64_t gid = add_group(db, "G"), g2 = add_group(db, "H");
	int64_t a = add_person(db, "A"), b = add_person(db, "B");
	struct group g;

	assert_int_equal(group_join(db, gid, a, test_day(2026, 1, 1), NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, gid, b, test_day(2026, 9, 1), NULL, 0, NULL), 0);
	assert_int_equal(group_close(db, gid, test_day(2026, 8, 1)), -1);
	assert_non_null(strstr(test_msg, "before 1 member(s) joined"));
	assert_int_equal(group_close(db, gid, test_day(2026, 10, 1)), 0);
	assert_int_equal(group_close(db, gid, test_day(2026, 10, 1)), -1);
	assert_non_null(strstr(test_msg, "already closed"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM membership WHERE "
	    "left_on = '2026-10-01' AND crypt_open(leave_reason, "
	    "'membership.leave_reason', id) = 'group closed'"), 2);
	assert_int_equal(group_get_id(db, gid, &g), 0);
	assert_string_equal(g.status, "closed");
	assert_int_equal(g.closed_on, test_day(2026, 10, 1));
	group_free(&g);
	assert_int_equal(group_join(db, gid, a, test_day(2026, 11, 1), NULL, 0, NULL), -1);
	assert_non_null(strstr(test_msg, "group is closed"));
	/* free again to join another group */
	assert_int_equal(group_join(db, g2, a, test_day(2026, 11, 1), NULL, 0, NULL), 0);
}

static int
count_group(const struct group *g, void *arg)
{
	(void)g;
	(*(int *)arg)++;
	return 0;
}

static void
test_each(void **state)
{
	struct db *db = test_db(state);
	int64_t gid = add_group(db, "B");
	int n = 0;

	add_group(db, "A");
	assert_int_equal(group_close(db, gid, test_day(2026, 10, 1)), 0);
	assert_int_equal(group_each(db, "active", count_group, &n), 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(group_each(db, NULL, count_group, &n), 0);
	assert_int_equal(n, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_get_by_name_and_id, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_name_unique_and_ambiguous,
		    test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_validate, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_edit, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_membership_as_of_date, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_members_each, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_one_active_group, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_join_leave_refusals, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_close_ends_memberships, test_setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(test_each, test_setup, test_teardown),
	};
	clock_set_timezone("Asia/Ho_Chi_Minh");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
