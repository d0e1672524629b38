/*
 * Scope: what each role may see, on a real database. Today is 2026-11-23.
 */
#include "testutil.h"

#include "core/account.h"
#include "groups/group.h"
#include "core/clock.h"
#include "groups/scope.h"

struct world {
	int64_t g_lc, g_mk, g_bh;       /* groups in Lào Cai city, Mường Khương, Bắc Hà */
	int64_t hoa, dung, mai, lan, xuan;
};

static int64_t
add_group(struct db *db, const char *name, const char *district,
    const char *province)
{
	struct group g;
	int64_t id;

	group_init(&g);
	g.name = strdup(name);
	g.district = district ? strdup(district) : NULL;
	g.province = province ? strdup(province) : NULL;
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static int64_t
add_person(struct db *db, const char *name, const char *district,
    const char *province)
{
	struct person p;

	test_person_init(&p, name, "at-risk");
	p.district = district ? strdup(district) : NULL;
	p.province = province ? strdup(province) : NULL;
	return test_person_save(db, &p, "T");
}

/*
 * Hoa and Dung are in Hoa Sen (Mường Khương); Mai left Hoa Sen last month
 * and joined Bình Minh (Bắc Hà); Lan is in Bình Minh; Xuân lives in Mường
 * Khương but is in no group. Sen Vàng is in another province.
 */
static void
world(struct db *db, struct world *w)
{
	w->g_mk = add_group(db, "Hoa Sen", "Mường Khương", "Lào Cai");
	w->g_bh = add_group(db, "Bình Minh", "Bắc Hà", "Lào Cai");
	w->g_lc = add_group(db, "Sen Vàng", "Mộc Châu", "Sơn La");
	w->hoa = add_person(db, "Hoa", "Mường Khương", "Lào Cai");
	w->dung = add_person(db, "Dung", NULL, NULL);
	w->mai = add_person(db, "Mai", "Bắc Hà", "Lào Cai");
	w->lan = add_person(db, "Lan", "Mộc Châu", "Sơn La");
	w->xuan = add_person(db, "Xuân", "Mường Khương", "Lào Cai");
	assert_int_equal(group_join(db, w->g_mk, w->hoa, test_day(2026, 1, 5),
	    NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, w->g_mk, w->dung, test_day(2026, 1, 5),
	    NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, w->g_mk, w->mai, test_day(2026, 1, 5),
	    NULL, 0, NULL), 0);
	assert_int_equal(group_leave(db, w->g_mk, w->mai, test_day(2026, 10, 1),
	    "moved"), 0);
	assert_int_equal(group_join(db, w->g_bh, w->mai, test_day(2026, 10, 2),
	    NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, w->g_bh, w->lan, test_day(2026, 10, 2),
	    NULL, 0, NULL), 0);
}

static void
account(struct db *db, struct account *a, const char *name,
    enum account_role role, const char *district, const char *province,
    int64_t group)
{
	memset(a, 0, sizeof *a);
	a->name = (char *)name;
	a->role = role;
	a->district = (char *)district;
	a->province = (char *)province;
	a->groups = &group;
	a->ngroups = group ? 1 : 0;
	assert_int_equal(account_add(db, a, "mật khẩu dài 1"), 0);
	assert_int_equal(account_get(db, name, a), 0);
}

static int
setup(void **state)
{
	account_hash_cost(1);
	return test_setup(state);
}

static void
organiser(void **state)
{
	struct db *db = test_db(state);
	struct world w;
	struct account a;
	int64_t *ids;
	int n;

	world(db, &w);
	account(db, &a, "thu", ROLE_ORGANISER, NULL, NULL, w.g_mk);
	assert_int_equal(scope_group(db, &a, w.g_mk), 1);
	assert_int_equal(scope_group(db, &a, w.g_bh), 0);
	assert_int_equal(scope_group(db, &a, 999), 0);
	assert_int_equal(scope_person(db, &a, w.hoa), 1);
	assert_int_equal(scope_person(db, &a, w.dung), 1);
	assert_int_equal(scope_person(db, &a, w.mai), 0);      /* left */
	assert_int_equal(scope_person(db, &a, w.lan), 0);      /* other group */
	assert_int_equal(scope_person(db, &a, w.xuan), 0);     /* no group */
	assert_int_equal(scope_person(db, &a, 999), 0);
	assert_int_equal(scope_groups(db, &a, &ids, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], w.g_mk);
	free(ids);

	/* given Bình Minh instead, she sees Mai and Lan, not Hoa */
	assert_int_equal(account_set_groups(db, a.id, &w.g_bh, 1), 0);
	assert_int_equal(scope_person(db, &a, w.mai), 1);
	assert_int_equal(scope_person(db, &a, w.lan), 1);
	assert_int_equal(scope_person(db, &a, w.hoa), 0);
	assert_int_equal(scope_group(db, &a, w.g_mk), 0);
	account_free(&a);
}

static void
coordinator(void **state)
{
	struct db *db = test_db(state);
	struct world w;
	struct account d, p;
	int64_t *ids;
	int n;

	world(db, &w);
	account(db, &d, "khanh", ROLE_COORDINATOR, "Mường Khương", NULL, 0);
	account(db, &p, "phuong", ROLE_COORDINATOR, NULL, "Lào Cai", 0);

	assert_int_equal(scope_group(db, &d, w.g_mk), 1);
	assert_int_equal(scope_group(db, &d, w.g_bh), 0);
	assert_int_equal(scope_person(db, &d, w.hoa), 1);
	assert_int_equal(scope_person(db, &d, w.dung), 1);    /* by her group */
	assert_int_equal(scope_person(db, &d, w.xuan), 1);    /* by her place */
	assert_int_equal(scope_person(db, &d, w.mai), 0);     /* left, lives elsewhere */
	assert_int_equal(scope_person(db, &d, w.lan), 0);
	assert_int_equal(scope_groups(db, &d, &ids, &n), 0);
	assert_int_equal(n, 1);
	free(ids);

	assert_int_equal(scope_group(db, &p, w.g_mk), 1);
	assert_int_equal(scope_group(db, &p, w.g_bh), 1);
	assert_int_equal(scope_group(db, &p, w.g_lc), 0);
	assert_int_equal(scope_person(db, &p, w.mai), 1);
	assert_int_equal(scope_person(db, &p, w.lan), 1);     /* Bình Minh member */
	assert_int_equal(scope_person(db, &p, w.dung), 1);
	assert_int_equal(scope_groups(db, &p, &ids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], w.g_bh);                   /* by name */
	assert_int_equal(ids[1], w.g_mk);
	free(ids);
	account_free(&d);
	account_free(&p);
}

static void
admin(void **state)
{
	struct db *db = test_db(state);
	struct world w;
	struct account a;
	int64_t *ids;
	int n;

	world(db, &w);
	account(db, &a, "root", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(scope_group(db, &a, w.g_lc), 1);
	assert_int_equal(scope_person(db, &a, w.xuan), 1);
	assert_int_equal(scope_person(db, &a, w.lan), 1);
	assert_int_equal(scope_groups(db, &a, &ids, &n), 0);
	assert_int_equal(n, 3);
	free(ids);
	account_free(&a);
}

/* scope_people lists exactly the people scope_person allows. */
static void
same_people(struct db *db, const struct account *a, const int64_t *all,
    int nall)
{
	int64_t *ids;
	int n, every, k = 0;

	assert_int_equal(scope_people(db, a, date_today(), NULL, &ids, &n,
	    &every), 0);
	assert_int_equal(every, a->role == ROLE_ADMIN);
	for (int i = 0; i < nall; i++) {
		int in = scope_person(db, a, all[i]);
		assert_int_equal(every || scope_has(ids, n, all[i]), in);
		k += in && !every;
	}
	assert_int_equal(n, k);
	for (int i = 1; i < n; i++)
		assert_true(ids[i - 1] < ids[i]);
	free(ids);
}

static void
people_lists(void **state)
{
	struct db *db = test_db(state);
	struct world w;
	struct account o, d, p, r;
	int64_t *ids;
	int n, every;

	world(db, &w);
	const int64_t all[] = { w.hoa, w.dung, w.mai, w.lan, w.xuan };
	account(db, &o, "thu", ROLE_ORGANISER, NULL, NULL, w.g_mk);
	account(db, &d, "khanh", ROLE_COORDINATOR, "Mường Khương", NULL, 0);
	account(db, &p, "phuong", ROLE_COORDINATOR, NULL, "Lào Cai", 0);
	account(db, &r, "root", ROLE_ADMIN, NULL, NULL, 0);
	same_people(db, &o, all, 5);
	same_people(db, &d, all, 5);
	same_people(db, &p, all, 5);
	same_people(db, &r, all, 5);

	/* a commune: living there, or a current member of a group there */
	assert_int_equal(db_run(db, "UPDATE grp SET commune = 'Ban Lau' "
	    "WHERE id = ?", "i", w.g_mk), 0);
	assert_int_equal(db_run(db, "UPDATE person SET commune = 'BAN LAU' "
	    "WHERE id = ?", "i", w.xuan), 0);
	assert_int_equal(scope_people(db, &p, date_today(), "ban lau", &ids, &n,
	    &every), 0);
	assert_int_equal(n, 3);                 /* Hoa, Dung, Xuân; not Mai */
	assert_false(scope_has(ids, n, w.mai));
	free(ids);
	assert_int_equal(scope_people(db, &r, date_today(), "Ban Lau", &ids, &n,
	    &every), 0);
	assert_int_equal(every, 0);
	assert_int_equal(n, 3);
	free(ids);
	assert_int_equal(scope_people(db, &o, date_today(), "Nowhere", &ids, &n,
	    &every), 0);
	assert_int_equal(n, 0);
	free(ids);
	account_free(&o);
	account_free(&d);
	account_free(&p);
	account_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(organiser, setup, test_teardown),
		cmocka_unit_test_setup_teardown(coordinator, setup, test_teardown),
		cmocka_unit_test_setup_teardown(admin, setup, test_teardown),
		cmocka_unit_test_setup_teardown(people_lists, setup, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
