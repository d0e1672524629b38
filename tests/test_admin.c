/*
 * The administrators' pages through web_handle(): only admins get in;
 * accounts added, changed, disabled, unlocked; the audit trail filtered,
 * paged and downloaded; backups made, listed and sent only over TLS.
 * Today is 2026-11-23.
 */
#include "testutil.h"

#include <sys/stat.h>

#include "config/conf.h"
#include "core/account.h"
#include "core/audit.h"
#include "core/backup.h"
#include "groups/group.h"
#include "web/web.h"

#define PASSWORD "mật khẩu dài 1"
#define PW_FORM "m%E1%BA%ADt+kh%E1%BA%A9u+d%C3%A0i+1"

struct site {
	struct conf conf;
	struct web w;
	char dir[600];
	char token[128], csrf[ACCOUNT_TOKEN_HEX];
};

static struct site *S;

static void
add_account(struct db *db, const char *name, enum account_role role,
    const char *province)
{
	struct account a = { .name = (char *)name, .role = role,
		.province = (char *)province };

	assert_int_equal(account_add(db, &a, PASSWORD), 0);
}

static int
setup(void **state)
{
	struct db *db;
	struct group g;

	account_hash_cost(1);
	test_setup(state);
	db = test_db(state);
	S = calloc(1, sizeof *S);
	conf_defaults(&S->conf);
	snprintf(S->dir, sizeof S->dir, "%s/backups",
	    ((struct test_db *)*state)->dir);
	free(S->conf.backup_dir);
	S->conf.backup_dir = strdup(S->dir);
	S->w = (struct web){ .db = db, .conf = &S->conf, .idle_minutes = 30 };
	group_init(&g);
	g.name = strdup("Hoa Sen");
	g.province = strdup("Lào Cai");
	assert_int_equal(group_add(db, &g), 0);
	group_free(&g);
	add_account(db, "admin", ROLE_ADMIN, NULL);
	add_account(db, "coord", ROLE_COORDINATOR, "Lào Cai");
	add_account(db, "thu", ROLE_ORGANISER, NULL);
	return 0;
}

static int
teardown(void **state)
{
	conf_free(&S->conf);
	free(S);
	return test_teardown(state);
}

static int
req(const char *method, const char *path, const char *form,
    struct web_resp *rs)
{
	struct web_kv *kv = NULL;
	int n = 0;
	struct web_req rq = { .method = method, .path = path,
		.token = S->token[0] ? S->token : NULL, .addr = "10.0.0.7" };

	memset(rs, 0, sizeof *rs);
	if (form)
		assert_int_equal(web_form_parse(form, strlen(form), &kv, &n), 0);
	rq.kv = kv;
	rq.nkv = n;
	web_handle(&S->w, &rq, rs);
	web_kv_free(kv, n);
	return rs->status;
}

static int
status(const char *method, const char *path, const char *form)
{
	struct web_resp rs;
	int st = req(method, path, form, &rs);

	web_resp_free(&rs);
	return st;
}

/* A form posted with the session's CSRF token. */
static int
post(const char *path, const char *form, struct web_resp *rs)
{
	char full[1024];

	snprintf(full, sizeof full, "csrf=%s&%s", S->csrf, form);
	return req("POST", path, full, rs);
}

static int
post_status(const char *path, const char *form)
{
	struct web_resp rs;
	int st = post(path, form, &rs);

	web_resp_free(&rs);
	return st;
}

/* Sign in: 0, or the login page's status when it failed. */
static int
try_login(const char *name, const char *pwform)
{
	struct web_resp rs;
	char form[256], *p;
	int st;

	/* each try waits out the slow-down of the tries before */
	clock_set(clock_now() + 120);
	S->token[0] = '\0';
	snprintf(form, sizeof form, "name=%s&password=%s", name, pwform);
	if ((st = req("POST", "/login", form, &rs)) != 303) {
		web_resp_free(&rs);
		return st;
	}
	assert_int_equal(sscanf(rs.cookie, WEB_COOKIE "=%64[0-9a-f]", S->token),
	    1);
	web_resp_free(&rs);
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	p = strstr(rs.body.s, "name=\"csrf\" value=\"");
	assert_non_null(p);
	assert_int_equal(sscanf(p + 19, "%64[0-9a-f]", S->csrf), 1);
	web_resp_free(&rs);
	return 0;
}

static void
login(const char *name)
{
	assert_int_equal(try_login(name, PW_FORM), 0);
}

static const char *const admin_gets[] = { "/admin/accounts", "/admin/audit",
	"/admin/audit.csv", "/admin/backups", "/admin/backup/file?file=x" };

static void
only_admins(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	const char *who[] = { "thu", "coord" };

	for (size_t w = 0; w < 2; w++) {
		login(who[w]);
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(status("GET", admin_gets[i], NULL), 403);
		assert_int_equal(post_status("/admin/account/add", "name=x&role="
		    "admin&password=" PW_FORM), 403);
		assert_int_equal(post_status("/admin/backup", ""), 403);
		assert_int_equal(post_status("/admin/account/disable",
		    "name=admin&disabled=1"), 403);
	}
	assert_int_equal(test_count(db, "SELECT count(*) FROM account"), 3);
	assert_int_equal(test_count(db, "SELECT count(*) FROM account WHERE "
	    "disabled = 1"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "action = 'denied' AND entity = 'page'"), 14);
	/* the menu shows the way in to admins only */
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, "/admin/accounts"));
	web_resp_free(&rs);
	login("admin");
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, "/admin/accounts"));
	web_resp_free(&rs);
	S->token[0] = '\0';
	assert_int_equal(status("GET", "/admin/accounts", NULL), 303);
}

static void
add_and_sign_in(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	struct account a;
	const char *item;

	login("admin");
	/* bad forms: a message, nothing written */
	assert_int_equal(post("/admin/account/add", "name=lan&role=boss&"
	    "password=" PW_FORM, &rs), 400);
	assert_non_null(strstr(rs.body.s, "boss"));
	web_resp_free(&rs);
	assert_int_equal(post("/admin/account/add", "name=lan&role=organiser&"
	    "groups=Hoa+Sen&password=short", &rs), 400);
	web_resp_free(&rs);
	assert_int_equal(post("/admin/account/add", "name=lan&role=organiser&"
	    "groups=Nowhere&password=" PW_FORM, &rs), 400);
	assert_non_null(strstr(rs.body.s, "Nowhere"));
	web_resp_free(&rs);
	assert_int_equal(post("/admin/account/add", "name=lan&role=coordinator&"
	    "password=" PW_FORM, &rs), 400);
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM account"), 3);
	/* a good one */
	assert_int_equal(post("/admin/account/add", "name=lan&role=organiser&"
	    "groups=Hoa+Sen&password=" PW_FORM, &rs), 303);
	assert_string_equal(rs.location, "/admin/accounts?saved=1");
	web_resp_free(&rs);
	assert_int_equal(account_get(db, "lan", &a), 0);
	assert_int_equal(a.role, ROLE_ORGANISER);
	assert_int_equal(a.ngroups, 1);
	account_free(&a);
	assert_int_equal(req("GET", "/admin/accounts", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, "id=\"account-lan\""));
	assert_non_null(strstr(rs.body.s, "never signed in"));
	web_resp_free(&rs);
	login("lan");
	assert_int_equal(status("GET", "/groups", NULL), 200);
	/* the admin sees when lan signed in */
	login("admin");
	assert_int_equal(req("GET", "/admin/accounts", NULL, &rs), 200);
	item = strstr(rs.body.s, "id=\"account-lan\"");
	assert_non_null(item);
	assert_true(strstr(item, "never signed in") == NULL ||
	    strstr(item, "never signed in") > strstr(item, "</li>"));
	item = strstr(rs.body.s, "id=\"account-thu\"");
	assert_non_null(item);
	assert_true(strstr(item, "never signed in") < strstr(item, "</li>"));
	web_resp_free(&rs);
}

static void
change_disable_unlock(void **state)
{
	struct db *db = test_db(state);
	char lan_token[128];
	struct account a;

	login("thu");
	snprintf(lan_token, sizeof lan_token, "%s", S->token);
	login("admin");
	/* role and scope: thu becomes a coordinator; her session ends */
	assert_int_equal(post_status("/admin/account/role", "name=thu&role="
	    "coordinator&district=Sa+Pa&groups=Hoa+Sen"), 400);
	assert_int_equal(post_status("/admin/account/role", "name=thu&role="
	    "coordinator&district=Sa+Pa"), 303);
	assert_int_equal(account_get(db, "thu", &a), 0);
	assert_int_equal(a.role, ROLE_COORDINATOR);
	assert_string_equal(a.district, "Sa Pa");
	assert_int_equal(a.ngroups, 0);
	account_free(&a);
	assert_int_equal(test_count(db, "SELECT count(*) FROM session s JOIN "
	    "account a ON a.id = s.account_id WHERE a.name = 'thu'"), 0);
	/* disable: no sign-in; not oneself */
	assert_int_equal(post_status("/admin/account/disable",
	    "name=admin&disabled=1"), 400);
	assert_int_equal(post_status("/admin/account/disable",
	    "name=thu&disabled=1"), 303);
	assert_int_not_equal(try_login("thu", PW_FORM), 0);
	login("admin");
	assert_int_equal(post_status("/admin/account/disable", "name=thu"), 303);
	/* a new password: the old one no longer works */
	assert_int_equal(post_status("/admin/account/password",
	    "name=thu&password=another+long+one"), 303);
	assert_int_not_equal(try_login("thu", PW_FORM), 0);
	assert_int_equal(try_login("thu", "another+long+one"), 0);
	/* locked after failures, unlocked by the admin */
	assert_int_equal(sqlite3_exec(db_sqlite(db), "UPDATE account SET "
	    "locked = 1 WHERE name = 'coord'", NULL, NULL, NULL), SQLITE_OK);
	login("admin");
	assert_int_equal(post_status("/admin/account/unlock", "name=coord"), 303);
	assert_int_equal(try_login("coord", PW_FORM), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'account' AND action IN ('role','disable','enable',"
	    "'passwd','unlock') AND actor = 'admin'"), 5);
	/* unknown account: a message, nothing changed */
	login("admin");
	assert_int_equal(post_status("/admin/account/unlock", "name=nobody"), 400);
}

static void
audit_trail(void **state)
{
	struct db *db = test_db(state);
	struct person p;
	struct web_resp rs;
	int64_t id;

	test_person_init(&p, "Nguyễn Thị Hoa", "at-risk");
	id = test_person_save(db, &p, "T");
	db_set_actor(db, "lan", "person show");
	assert_int_equal(audit_read(db, &id, 1, "name,phone"), 0);
	db_set_actor(db, "tester", "test");
	for (int i = 0; i < 60; i++)
		assert_int_equal(db_audit(db, "group", 1, "view"), 0);
	login("admin");
	assert_int_equal(req("GET", "/admin/audit", "code=T-2026-0001", &rs), 200);
	assert_non_null(strstr(rs.body.s, "name,phone"));
	assert_non_null(strstr(rs.body.s, "(2 rows)"));
	assert_null(strstr(rs.body.s, "Nguyễn"));
	web_resp_free(&rs);
	assert_int_equal(req("GET", "/admin/audit", "account=lan&command="
	    "person+show", &rs), 200);
	assert_non_null(strstr(rs.body.s, "(1 rows)"));
	web_resp_free(&rs);
	/* paging: 60 views and the rest, 50 a page */
	assert_int_equal(req("GET", "/admin/audit", "page=2", &rs), 200);
	assert_non_null(strstr(rs.body.s, "Page 2 of 2"));
	assert_non_null(strstr(rs.body.s, "page=1"));
	web_resp_free(&rs);
	assert_int_equal(req("GET", "/admin/audit", "from=2026-11-24", &rs), 200);
	assert_non_null(strstr(rs.body.s, "(0 rows)"));
	web_resp_free(&rs);
	/* bad filters: 400 naming them */
	assert_int_equal(status("GET", "/admin/audit", "code=NOPE"), 400);
	assert_int_equal(status("GET", "/admin/audit", "from=32/13/2026"), 400);
	/* a group page shows its members' names: each read is recorded */
	assert_int_equal(group_join(db, 1, id, test_day(2026, 1, 5), NULL, 0,
	    NULL), 0);
	assert_int_equal(status("GET", "/group", "group=1"), 200);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'read' AND actor = 'admin' AND "
	    "detail = 'name'"), 1);
	/* CSV */
	assert_int_equal(req("GET", "/admin/audit.csv", "code=T-2026-0001", &rs),
	    200);
	assert_string_equal(rs.filename, "audit.csv");
	assert_non_null(strstr(rs.type, "text/csv"));
	assert_non_null(strstr(rs.body.s, "lan,person show,person,1,"
	    "T-2026-0001,read,\"name,phone\""));
	web_resp_free(&rs);
}

static void
backups(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	struct stat st;
	char path[700];

	login("admin");
	assert_int_equal(req("GET", "/admin/backups", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, "None yet"));
	web_resp_free(&rs);
	assert_int_equal(post("/admin/backup", "", &rs), 303);
	web_resp_free(&rs);
	snprintf(path, sizeof path, "%s/shg-2026-11-23.db", S->dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(S->dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'backup' AND action = 'make' AND detail = "
	    "'shg-2026-11-23.db'"), 1);
	/* listed; without TLS no download link and no download */
	assert_int_equal(req("GET", "/admin/backups", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, "shg-2026-11-23.db"));
	assert_null(strstr(rs.body.s, "/admin/backup/file"));
	web_resp_free(&rs);
	assert_int_equal(status("GET", "/admin/backup/file",
	    "file=shg-2026-11-23.db"), 403);
	/* over TLS: the file, named */
	S->w.tls = 1;
	assert_int_equal(req("GET", "/admin/backup/file",
	    "file=shg-2026-11-23.db", &rs), 200);
	assert_int_equal(memcmp(rs.body.s, "SQLite format 3", 15), 0);
	assert_int_equal((off_t)rs.body.len, st.st_size ? (off_t)rs.body.len :
	    0);
	assert_string_equal(rs.filename, "shg-2026-11-23.db");
	web_resp_free(&rs);
	/* nothing else in or out of the folder */
	assert_int_equal(status("GET", "/admin/backup/file",
	    "file=../test.db"), 404);
	assert_int_equal(status("GET", "/admin/backup/file",
	    "file=shg-2026-11-24.db"), 404);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'backup' AND action = 'download'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'backup' AND action = 'denied'"), 1);
	/* a coordinator over TLS: still no */
	login("coord");
	assert_int_equal(status("GET", "/admin/backup/file",
	    "file=shg-2026-11-23.db"), 403);
}

static void
backup_names(void **state)
{
	(void)state;
	assert_true(backup_name_ok("shg-2026-11-23.db"));
	assert_false(backup_name_ok("shg-2026-13-23.db"));
	assert_false(backup_name_ok("shg-2026-11-23.db.x"));
	assert_false(backup_name_ok("../shg-2026-11-23"));
	assert_false(backup_name_ok("shg-2026-1a-23.db"));
	assert_false(backup_name_ok(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_names),
		cmocka_unit_test_setup_teardown(only_admins, setup, teardown),
		cmocka_unit_test_setup_teardown(add_and_sign_in, setup, teardown),
		cmocka_unit_test_setup_teardown(change_disable_unlock, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(audit_trail, setup, teardown),
		cmocka_unit_test_setup_teardown(backups, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
