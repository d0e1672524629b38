/*
 * Accounts, logins and sessions against a real SQLite file and libsodium.
 */
#include "testutil.h"

#include "core/account.h"
#include "core/clock.h"
#include "groups/group.h"

#define PW "mật khẩu dài 1"

static int
setup(void **state)
{
	account_hash_cost(1);
	return test_setup(state);
}

static int64_t
add_group(struct db *db, const char *name)
{
	struct group g;

	int64_t id;

	group_init(&g);
	g.name = strdup(name);
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static void
add_account(struct db *db, const char *name, enum account_role role,
    const char *district, const int64_t *groups, int n)
{
	struct account a = { 0 };

	a.name = (char *)name;
	a.role = role;
	a.district = (char *)district;
	a.groups = (int64_t *)groups;
	a.ngroups = n;
	assert_int_equal(account_add(db, &a, PW), 0);
}

static void
roles(void **state)
{
	assert_int_equal(account_role_parse("organiser"), ROLE_ORGANISER);
	assert_int_equal(account_role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(account_role_parse("boss"), -1);
	assert_int_equal(account_role_parse(NULL), -1);
	assert_string_equal(account_role_code(ROLE_COORDINATOR), "coordinator");
	assert_null(account_role_code(7));
}

static void
add_get_list(void **state)
{
	struct db *db = test_db(state);
	int64_t g1 = add_group(db, "Hoa Sen"), g2 = add_group(db, "Bình Minh");
	int64_t gs[] = { g1, g2 };
	struct account a, *list;
	int n;

	add_account(db, "lan", ROLE_ORGANISER, NULL, gs, 2);
	add_account(db, "minh", ROLE_COORDINATOR, "Mường Khương", NULL, 0);
	assert_int_equal(account_get(db, "LAN", &a), 0);
	assert_string_equal(a.name, "lan");
	assert_int_equal(a.role, ROLE_ORGANISER);
	assert_int_equal(a.ngroups, 2);
	assert_int_equal(a.groups[0], g2);      /* by group name */
	assert_int_equal(a.groups[1], g1);
	assert_int_equal(a.disabled, 0);
	account_free(&a);
	assert_int_equal(account_get(db, "nobody", &a), -1);
	assert_string_equal(test_msg, "account \"nobody\" not found");
	assert_int_equal(account_list(db, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1].name, "minh");
	assert_string_equal(list[1].district, "Mường Khương");
	assert_null(list[1].province);
	assert_int_equal(account_get_id(db, list[0].id, &a), 0);
	assert_string_equal(a.name, "lan");
	account_free(&a);
	account_free_list(list, n);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'account' AND action = 'add'"), 2);
}

/* Each refusal names the problem and writes nothing. */
static void
add_refused(void **state)
{
	struct db *db = test_db(state);
	struct account a = { 0 };
	int64_t bad[] = { 99 };

	a.name = "lan";
	a.role = ROLE_ORGANISER;
	assert_int_equal(account_add(db, &a, "short"), -1);
	assert_string_equal(test_msg, "password: at least 10 characters "
	    "are needed");
	/* eleven bytes but only seven characters */
	assert_int_equal(account_add(db, &a, "mậtkhẩu"), -1);
	a.groups = bad;
	a.ngroups = 1;
	assert_int_equal(account_add(db, &a, PW), -1);
	assert_string_equal(test_msg, "group #99 not found");
	a.ngroups = 0;
	a.role = ROLE_COORDINATOR;
	assert_int_equal(account_add(db, &a, PW), -1);
	assert_non_null(strstr(test_msg, "needs either a district or a province"));
	a.role = ROLE_ADMIN;
	a.district = "Bắc Hà";
	assert_int_equal(account_add(db, &a, PW), -1);
	a.district = NULL;
	a.name = "two words";
	assert_int_equal(account_add(db, &a, PW), -1);
	a.name = "lan";
	a.role = 9;
	assert_int_equal(account_add(db, &a, PW), -1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM account"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), 0);
	a.role = ROLE_ADMIN;
	assert_int_equal(account_add(db, &a, PW), 0);
	assert_int_equal(account_add(db, &a, PW), -1);
	assert_string_equal(test_msg, "account \"lan\" already exists");
	assert_null(strstr(test_msg, PW));
}

static void
login(void **state)
{
	struct db *db = test_db(state);
	struct account a;

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_login(db, "lan", PW, "10.0.0.1", &a), LOGIN_OK);
	assert_string_equal(a.name, "lan");
	account_free(&a);
	assert_int_equal(account_login(db, "lan", "wrong password",
	    "10.0.0.1", &a), LOGIN_WRONG);
	clock_set(clock_now() + 60);
	assert_int_equal(account_login(db, "ghost", PW, "10.0.0.2", &a),
	    LOGIN_WRONG);
	assert_int_equal(account_login(db, "lan", NULL, "10.0.0.3", &a),
	    LOGIN_WRONG);
	assert_string_equal(test_msg, "");      /* nothing printed */
	/* the hash is Argon2id and never the password */
	assert_int_equal(test_count(db, "SELECT count(*) FROM account WHERE "
	    "pw_hash LIKE '$argon2id$%' AND instr(pw_hash, 'khẩu') = 0"), 1);
}

/* Each failure doubles the wait; the fifth locks until unlocked. */
static void
slow_down_and_lock(void **state)
{
	struct db *db = test_db(state);
	struct account a;
	time_t t = clock_now();

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	/* different addresses: only the account's count matters here */
	assert_int_equal(account_login(db, "lan", "wrong one!", "a1", &a),
	    LOGIN_WRONG);
	assert_int_equal(account_login(db, "lan", PW, "a2", &a), LOGIN_SLOW_DOWN);
	clock_set(t += 1);
	assert_int_equal(account_login(db, "lan", "wrong two!", "a3", &a),
	    LOGIN_WRONG);
	clock_set(t += 1);      /* 2 s needed after two failures */
	assert_int_equal(account_login(db, "lan", PW, "a4", &a), LOGIN_SLOW_DOWN);
	clock_set(t += 1);
	assert_int_equal(account_login(db, "lan", "wrong three", "a5", &a),
	    LOGIN_WRONG);
	clock_set(t += 4);
	assert_int_equal(account_login(db, "lan", "wrong four", "a6", &a),
	    LOGIN_WRONG);
	clock_set(t += 8);
	assert_int_equal(account_login(db, "lan", "wrong five", "a7", &a),
	    LOGIN_WRONG);
	assert_int_equal(account_get(db, "lan", &a), 0);
	assert_int_equal(a.locked, 1);
	account_free(&a);
	clock_set(t += 3600);
	assert_int_equal(account_login(db, "lan", PW, "a8", &a), LOGIN_LOCKED);
	assert_int_equal(account_unlock(db, "lan"), 0);
	assert_int_equal(account_login(db, "lan", PW, "a9", &a), LOGIN_OK);
	account_free(&a);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "action IN ('lock', 'unlock')"), 2);
}

/* One address trying many names waits too, and a right password does
 * not wipe the failures of others. */
static void
slow_down_per_address(void **state)
{
	struct db *db = test_db(state);
	struct account a;
	time_t t = clock_now();

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_login(db, "x1", PW, "10.1.1.1", &a), LOGIN_WRONG);
	clock_set(t += 1);
	assert_int_equal(account_login(db, "x2", PW, "10.1.1.1", &a), LOGIN_WRONG);
	clock_set(t += 1);
	assert_int_equal(account_login(db, "x3", PW, "10.1.1.1", &a),
	    LOGIN_SLOW_DOWN);
	assert_int_equal(account_login(db, "lan", PW, "10.9.9.9", &a), LOGIN_OK);
	account_free(&a);
	clock_set(t += 1);
	assert_int_equal(account_login(db, "lan", PW, "10.1.1.1", &a), LOGIN_OK);
	account_free(&a);
	assert_int_equal(test_count(db, "SELECT failures FROM login_failure "
	    "WHERE addr = '10.1.1.1'"), 2);
	clock_set(t += 60);
	assert_int_equal(account_login(db, "x4", PW, "10.1.1.1", &a), LOGIN_WRONG);
	clock_set(t += 3);
	assert_int_equal(account_login(db, "x5", PW, "10.1.1.1", &a),
	    LOGIN_SLOW_DOWN);       /* 4 s after three failures */
	/* an hour without failures and the address starts over */
	clock_set(t += 3600);
	assert_int_equal(account_login(db, "x6", PW, "10.1.1.1", &a), LOGIN_WRONG);
	assert_int_equal(test_count(db, "SELECT failures FROM login_failure "
	    "WHERE addr = '10.1.1.1'"), 1);
}

static void
disabled(void **state)
{
	struct db *db = test_db(state);
	struct account a;
	char token[ACCOUNT_TOKEN_HEX], csrf[ACCOUNT_TOKEN_HEX];

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_login(db, "lan", PW, "a", &a), LOGIN_OK);
	assert_int_equal(session_start(db, a.id, token, csrf), 0);
	account_free(&a);
	assert_int_equal(account_disable(db, "lan", 1), 0);
	assert_int_equal(session_check(db, token, 30, &a, csrf), 1);
	assert_int_equal(account_login(db, "lan", PW, "b", &a), LOGIN_DISABLED);
	clock_set(clock_now() + 60);
	assert_int_equal(account_login(db, "lan", "not the one", "c", &a),
	    LOGIN_WRONG);
	clock_set(clock_now() + 60);
	assert_int_equal(account_disable(db, "lan", 0), 0);
	assert_int_equal(account_login(db, "lan", PW, "d", &a), LOGIN_OK);
	account_free(&a);
	assert_int_equal(account_disable(db, "ghost", 1), -1);
	assert_string_equal(test_msg, "account \"ghost\" not found");
}

static void
passwd(void **state)
{
	struct db *db = test_db(state);
	struct account a;

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_passwd(db, "lan", "too short"), -1);
	assert_int_equal(account_login(db, "lan", PW, "a", &a), LOGIN_OK);
	account_free(&a);
	assert_int_equal(account_passwd(db, "lan", "một mật khẩu mới"), 0);
	assert_int_equal(account_login(db, "lan", PW, "a", &a), LOGIN_WRONG);
	clock_set(clock_now() + 10);
	assert_int_equal(account_login(db, "lan", "một mật khẩu mới", "a", &a),
	    LOGIN_OK);
	account_free(&a);
}

static void
sessions(void **state)
{
	struct db *db = test_db(state);
	struct account a;
	char token[ACCOUNT_TOKEN_HEX], csrf[ACCOUNT_TOKEN_HEX];
	char token2[ACCOUNT_TOKEN_HEX], csrf2[ACCOUNT_TOKEN_HEX];
	char got[ACCOUNT_TOKEN_HEX];
	time_t t = clock_now();

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_get(db, "lan", &a), 0);
	assert_int_equal(session_start(db, a.id, token, csrf), 0);
	assert_int_equal(session_start(db, a.id, token2, csrf2), 0);
	account_free(&a);
	assert_int_equal(strlen(token), 64);
	assert_string_not_equal(token, token2);
	assert_string_not_equal(csrf, csrf2);
	assert_string_not_equal(token, csrf);

	assert_int_equal(session_check(db, token, 30, &a, got), 0);
	assert_string_equal(a.name, "lan");
	assert_string_equal(got, csrf);
	account_free(&a);
	assert_int_equal(session_check(db, token2, 30, &a, got), 0);
	assert_string_equal(got, csrf2);
	account_free(&a);
	assert_true(session_csrf_ok(got, csrf2));
	assert_false(session_csrf_ok(got, csrf));       /* another session's */
	assert_false(session_csrf_ok(got, NULL));
	assert_false(session_csrf_ok(got, ""));
	assert_false(session_csrf_ok(got, "abc"));

	/* only a hash is stored */
	{
		char sql[300];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM session WHERE "
		    "instr(token_hash, '%s') OR instr(csrf, '%s')", token, token);
		assert_int_equal(test_count(db, sql), 0);
		assert_int_equal(test_count(db, "SELECT count(*) FROM session "
		    "WHERE length(token_hash) = 64"), 2);
	}

	/* unknown and malformed tokens */
	token2[0] = token2[0] == 'a' ? 'b' : 'a';
	assert_int_equal(session_check(db, token2, 30, &a, got), 1);
	assert_int_equal(session_check(db, "zz", 30, &a, got), 1);
	assert_int_equal(session_check(db, NULL, 30, &a, got), 1);

	/* used every 29 minutes it lives; 30 idle minutes end it */
	clock_set(t += 29 * 60);
	assert_int_equal(session_check(db, token, 30, &a, NULL), 0);
	account_free(&a);
	clock_set(t += 29 * 60);
	assert_int_equal(session_check(db, token, 30, &a, NULL), 0);
	account_free(&a);
	clock_set(t += 30 * 60);
	assert_int_equal(session_check(db, token, 30, &a, NULL), 1);
	assert_int_equal(session_check(db, token, 30, &a, NULL), 1);
	assert_string_equal(test_msg, "");
}

static void
session_absolute_and_end(void **state)
{
	struct db *db = test_db(state);
	struct account a;
	char token[ACCOUNT_TOKEN_HEX], csrf[ACCOUNT_TOKEN_HEX];
	char other[ACCOUNT_TOKEN_HEX], csrf2[ACCOUNT_TOKEN_HEX];
	time_t t = clock_now();
	int64_t id;

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_get(db, "lan", &a), 0);
	id = a.id;
	account_free(&a);
	assert_int_equal(session_start(db, id, token, csrf), 0);
	assert_int_equal(session_start(db, id, other, csrf2), 0);
	for (int h = 1; h < ACCOUNT_SESSION_MAX_HOURS; h++) {
		clock_set(t + h * 3600);
		assert_int_equal(session_check(db, token, 120, &a, NULL), 0);
		account_free(&a);
	}
	clock_set(t + ACCOUNT_SESSION_MAX_HOURS * 3600);
	assert_int_equal(session_check(db, token, 120, &a, NULL), 1);

	clock_set(t);
	assert_int_equal(session_check(db, other, 120, &a, NULL), 0);
	account_free(&a);
	assert_int_equal(session_end(db, other), 0);
	assert_int_equal(session_check(db, other, 120, &a, NULL), 1);
	assert_int_equal(session_end(db, other), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM session"), 0);
}

/* Changes made by a signed-in account carry its id in the audit. */
static void
audit_account(void **state)
{
	struct db *db = test_db(state);
	struct account a;

	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_get(db, "lan", &a), 0);
	account_act(db, &a, "web person");
	assert_int_equal(db_audit(db, "person", 5, "view"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND actor = 'lan' AND command = 'web person' "
	    "AND account_id = (SELECT id FROM account WHERE name = 'lan')"), 1);
	account_free(&a);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'account' AND account_id IS NULL"), 1);
}

/* A view of a person's record is audited with the account looking. */
static void
person_viewed(void **state)
{
	struct db *db = test_db(state);
	struct person p;
	struct account a;
	int64_t id;

	test_person_init(&p, "Nguyễn Thị Hoa", "at-risk");
	id = test_person_save(db, &p, "MK");
	add_account(db, "lan", ROLE_ADMIN, NULL, NULL, 0);
	assert_int_equal(account_get(db, "lan", &a), 0);
	account_act(db, &a, "web person");
	assert_int_equal(person_view(db, "MK-2026-0001", &p), 0);
	assert_string_equal(p.full_name, "Nguyễn Thị Hoa");
	person_free(&p);
	assert_int_equal(person_view(db, "MK-2026-0099", &p), -1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'view'"), 1);
	assert_int_equal(test_count(db, "SELECT entity_id FROM audit WHERE "
	    "action = 'view' AND account_id IS NOT NULL"), id);
	account_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles),
		cmocka_unit_test_setup_teardown(add_get_list, setup, test_teardown),
		cmocka_unit_test_setup_teardown(add_refused, setup, test_teardown),
		cmocka_unit_test_setup_teardown(login, setup, test_teardown),
		cmocka_unit_test_setup_teardown(slow_down_and_lock, setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(slow_down_per_address, setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(disabled, setup, test_teardown),
		cmocka_unit_test_setup_teardown(passwd, setup, test_teardown),
		cmocka_unit_test_setup_teardown(sessions, setup, test_teardown),
		cmocka_unit_test_setup_teardown(session_absolute_and_end, setup,
		    test_teardown),
		cmocka_unit_test_setup_teardown(audit_account, setup, test_teardown),
		cmocka_unit_test_setup_teardown(person_viewed, setup, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
