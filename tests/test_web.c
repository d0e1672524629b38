/*
 * The web interface through web_handle(): routing, parameters, escaping,
 * sessions, CSRF and scope, on a real database. Today is 2026-11-23.
 */
#include "testutil.h"

#include "config/conf.h"
#include "core/account.h"
#include "core/clock.h"
#include "groups/grant.h"
#include "groups/group.h"
#include "core/followup.h"
#include "core/i18n.h"
#include "core/person.h"
#include "groups/loan.h"
#include "groups/meeting.h"
#include "groups/scope.h"
#include "reports/followlist.h"
#include "groups/schedule.h"
#include "sms/inbox.h"
#include "sms/notice.h"
#include "web/cache.h"
#include "web/html.h"
#include "web/route.h"
#include "web/web.h"

#define PASSWORD "mật khẩu dài 1"

struct site {
	struct conf conf;
	struct web w;
	int64_t g_own, g_other;
	int64_t own, evil, other;        /* people */
	char token[128], csrf[ACCOUNT_TOKEN_HEX];
};

static int64_t
add_group(struct db *db, const char *name, const char *province)
{
	struct group g;
	int64_t id;

	group_init(&g);
	g.name = strdup(name);
	g.province = strdup(province);
	assert_int_equal(schedule_parse_into(&g, "weekly mon 08:00",
	    test_day(2026, 1, 5)), 0);
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static int phone_seq;   /* members get +84912345670, ...671, ... */

static int64_t
add_member(struct db *db, int64_t group, const char *name)
{
	struct person p;
	char phone[16];
	int64_t id;

	test_person_init(&p, name, "at-risk");
	snprintf(phone, sizeof phone, "+8491234567%d", phone_seq++ % 10);
	p.phone = strdup(phone);
	p.sms_consent = 1;
	id = test_person_save(db, &p, "T");
	assert_int_equal(group_join(db, group, id, test_day(2026, 1, 5), NULL,
	    0, NULL), 0);
	return id;
}

static void
add_account(struct db *db, const char *name, enum account_role role,
    const char *province, int64_t group)
{
	struct account a = { .name = (char *)name, .role = role,
		.province = (char *)province, .groups = &group,
		.ngroups = group ? 1 : 0 };

	assert_int_equal(account_add(db, &a, PASSWORD), 0);
}

static struct site *S;

static int
setup(void **state)
{
	struct db *db;

	account_hash_cost(1);
	test_setup(state);
	db = test_db(state);
	S = calloc(1, sizeof *S);
	phone_seq = 0;
	conf_defaults(&S->conf);
	S->w = (struct web){ .db = db, .conf = &S->conf, .idle_minutes = 30 };
	S->g_own = add_group(db, "Hoa Sen", "Lào Cai");
	S->g_other = add_group(db, "Bình Minh", "Sơn La");
	S->own = add_member(db, S->g_own, "Nguyễn Thị Hoa");
	S->evil = add_member(db, S->g_own, "<script>alert(1)</script> \"'&");
	S->other = add_member(db, S->g_other, "Lò Thị Lan");
	add_account(db, "thu", ROLE_ORGANISER, NULL, S->g_own);
	add_account(db, "coord", ROLE_COORDINATOR, "Sơn La", 0);
	add_account(db, "admin", ROLE_ADMIN, NULL, 0);
	return 0;
}

static int
teardown(void **state)
{
	cache_clear();
	conf_free(&S->conf);
	free(S);
	return test_teardown(state);
}

/* One request; form is "k=v&..." (query and body alike). The status. */
static int
req(const char *method, const char *path, const char *form,
    struct web_resp *rs)
{
	struct web_kv *kv = NULL;
	int n = 0;
	struct web_req rq = { .method = method, .path = path,
		.token = S->token[0] ? S->token : NULL, .addr = "127.0.0.1" };

	memset(rs, 0, sizeof *rs);
	if (form)
		assert_int_equal(web_form_parse(form, strlen(form), &kv, &n), 0);
	rq.kv = kv;
	rq.nkv = n;
	web_handle(&S->w, &rq, rs);
	web_kv_free(kv, n);
	return rs->status;
}

/* The status only. */
static int
status(const char *method, const char *path, const char *form)
{
	struct web_resp rs;
	int st = req(method, path, form, &rs);

	web_resp_free(&rs);
	return st;
}

/* Sign in as name: the session cookie into S->token, the CSRF token of
 * the forms into S->csrf. */
static void
login(const char *name)
{
	struct web_resp rs;
	char form[128], *p;

	S->token[0] = '\0';
	snprintf(form, sizeof form, "name=%s&password=m%%E1%%BA%%ADt+"
	    "kh%%E1%%BA%%A9u+d%%C3%%A0i+1", name);
	assert_int_equal(req("POST", "/login", form, &rs), 303);
	assert_string_equal(rs.location, "/");
	assert_non_null(strstr(rs.cookie, "HttpOnly"));
	assert_non_null(strstr(rs.cookie, "SameSite=Strict"));
	assert_int_equal(sscanf(rs.cookie, WEB_COOKIE "=%64[0-9a-f]", S->token),
	    1);
	web_resp_free(&rs);
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	p = strstr(rs.body.s, "name=\"csrf\" value=\"");
	assert_non_null(p);
	assert_int_equal(sscanf(p + 19, "%64[0-9a-f]", S->csrf), 1);
	web_resp_free(&rs);
}

static void
routing(void **state)
{
	int st;

	assert_non_null(route_find("GET", "/group", &st));
	assert_ptr_equal(route_find("POST", "/meeting", &st)->fn,
	    page_meeting_record);
	assert_null(route_find("POST", "/group", &st));
	assert_int_equal(st, 405);
	assert_null(route_find("GET", "/admin", &st));
	assert_int_equal(st, 404);
	assert_int_equal(status("GET", "/nothing", NULL), 404);
	assert_int_equal(status("DELETE", "/group", NULL), 405);
	/* every route but the login page and the style sheet needs an
	 * account; every POST but the login needs the CSRF token */
	for (const struct web_route *r = web_routes; r->path; r++) {
		if (r->perm == PERM_PUBLIC)
			assert_true(!strcmp(r->path, "/") || !strcmp(r->path,
			    "/login") || !strcmp(r->path, "/style.css"));
		if (!strcmp(r->method, "POST") && strcmp(r->path, "/login"))
			assert_int_equal(r->csrf, 1);
	}
}

static void
parse(const struct web_route *r, const char *form, struct web_args *a)
{
	struct web_kv *kv = NULL;
	int n = 0;
	struct web_req rq = { .method = r->method, .path = r->path };

	assert_int_equal(web_form_parse(form, strlen(form), &kv, &n), 0);
	rq.kv = kv;
	rq.nkv = n;
	route_parse(r, &rq, a);
	web_kv_free(kv, n);     /* the tests read only ids, dates, errors */
}

static void
parameters(void **state)
{
	struct web_kv *kv = NULL;
	struct web_args a;
	int n = 0, st;
	const struct web_route *rec = route_find("POST", "/meeting", &st);

	assert_int_equal(web_form_parse("a=1&b=x+y%21&c", 14, &kv, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(kv[1].val, "x y!");
	assert_string_equal(kv[2].val, "");
	web_kv_free(kv, n);
	kv = NULL;
	n = 0;
	assert_int_equal(web_form_parse("a=%zz", 5, &kv, &n), -1);
	assert_int_equal(web_form_parse("a=%ff", 5, &kv, &n), -1);
	assert_int_equal(web_form_parse("a=%00", 5, &kv, &n), -1);
	web_kv_free(kv, n);

	parse(rec, "group=2&date=23/11/2026&att.5=late&att.6=absent&evil=1",
	    &a);
	assert_int_equal(a.nerr, 0);
	assert_int_equal(a.group, 2);
	assert_int_equal(a.date, test_day(2026, 11, 23));
	assert_int_equal(a.natt, 2);
	assert_int_equal(a.att[0].person_id, 5);
	assert_int_equal(a.att[0].status, ATT_LATE);
	route_args_free(&a);

	parse(rec, "group=2x&date=31/02/2026&att.5=maybe", &a);
	assert_int_equal(a.nerr, 3);
	assert_non_null(route_field_error(&a, "group"));
	assert_non_null(strstr(route_field_error(&a, "date"), "31/02/2026"));
	assert_non_null(strstr(route_field_error(&a, ""), "maybe"));
	assert_int_equal(a.natt, 0);
	route_args_free(&a);

	parse(rec, "date=2026-11-23", &a);
	assert_non_null(route_field_error(&a, "group"));
	route_args_free(&a);
}

static void
escaping(void **state)
{
	struct buf b = { 0 };

	html_printf(&b, "<p title=\"%s\">%s %d %lld %S</p>", "\"'&",
	    "<script>alert(1)</script>", -3, 1LL << 40, "<b>ok</b>");
	assert_string_equal(b.s, "<p title=\"&quot;&#39;&amp;\">&lt;script&gt;"
	    "alert(1)&lt;/script&gt; -3 1099511627776 <b>ok</b></p>");
	buf_free(&b);
}

/* A person named <script>... shows as text on every page of her. */
static void
escaped_names(void **state)
{
	struct web_resp rs;
	char path[64];

	login("thu");
	snprintf(path, sizeof path, "group=%lld", (long long)S->g_own);
	assert_int_equal(req("GET", "/group", path, &rs), 200);
	assert_null(strstr(rs.body.s, "<script>"));
	assert_non_null(strstr(rs.body.s, "&lt;script&gt;alert(1)&lt;/script&gt;"
	    " &quot;&#39;&amp;"));
	web_resp_free(&rs);
	snprintf(path, sizeof path, "person=%lld", (long long)S->evil);
	assert_int_equal(req("GET", "/person", path, &rs), 200);
	assert_null(strstr(rs.body.s, "<script>"));
	web_resp_free(&rs);
}

static void
sign_in_and_out(void **state)
{
	struct db *db = test_db(state);
	char form[128];
	int st;

	/* no session: the login form, and pages send back to it */
	assert_int_equal(status("GET", "/groups", NULL), 303);
	assert_int_equal(status("POST", "/login", "name=thu&password=wrong+"
	    "password"), 401);
	/* an unknown name reads the same, or is slowed down after a failure
	 * from this address; either way no session */
	st = status("POST", "/login", "name=nobody&password=wrong+password");
	assert_true(st == 401 || st == 429);
	clock_set(clock_now() + 600);
	login("thu");
	assert_int_equal(status("GET", "/groups", NULL), 200);
	/* logout needs the token, then ends the session */
	assert_int_equal(status("POST", "/logout", NULL), 403);
	snprintf(form, sizeof form, "csrf=%s", S->csrf);
	assert_int_equal(status("POST", "/logout", form), 303);
	assert_int_equal(status("GET", "/groups", NULL), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'account' AND action = 'login' AND actor = 'thu'"), 1);
}

static void
session_expiry(void **state)
{
	time_t t0 = clock_now();

	login("thu");
	clock_set(t0 + 29 * 60);
	assert_int_equal(status("GET", "/groups", NULL), 200);
	/* idle for 31 minutes after the last use: gone */
	clock_set(t0 + 29 * 60 + 31 * 60);
	assert_int_equal(status("GET", "/groups", NULL), 303);
}

static void
csrf(void **state)
{
	struct db *db = test_db(state);
	char form[256];

	login("thu");
	snprintf(form, sizeof form, "group=%lld&date=2026-11-20&att.%lld="
	    "present", (long long)S->g_own, (long long)S->own);
	assert_int_equal(status("POST", "/meeting", form), 403);
	snprintf(form, sizeof form, "csrf=%064d&group=%lld&date=2026-11-20",
	    0, (long long)S->g_own);
	assert_int_equal(status("POST", "/meeting", form), 403);
	assert_int_equal(test_count(db, "SELECT count(*) FROM meeting"), 0);
}

static void
record_meeting(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	char form[512];

	login("thu");
	snprintf(form, sizeof form, "csrf=%s&group=%lld&date=2026-11-20&"
	    "topic=Ti%%E1%%BA%%BFt+ki%%E1%%BB%%87m&att.%lld=late&att.%lld=absent",
	    S->csrf, (long long)S->g_own, (long long)S->own, (long long)S->evil);
	assert_int_equal(req("POST", "/meeting", form, &rs), 303);
	assert_non_null(strstr(rs.location, "saved=1"));
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM attendance"), 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "actor = 'thu' AND entity = 'meeting'"), 1);
	/* the same day again: refused, said beside the form, nothing written */
	assert_int_equal(req("POST", "/meeting", form, &rs), 400);
	assert_non_null(strstr(rs.body.s, "class=\"err\""));
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM meeting"), 1);
	/* a bad date: a form error, nothing written */
	snprintf(form, sizeof form, "csrf=%s&group=%lld&date=2026-13-01",
	    S->csrf, (long long)S->g_own);
	assert_int_equal(req("POST", "/meeting", form, &rs), 400);
	assert_non_null(strstr(rs.body.s, "2026-13-01"));
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM meeting"), 1);
}

/* What each role may open. */
static void
scope(void **state)
{
	struct db *db = test_db(state);
	char own[32], other[32], none[32], g[32];

	snprintf(own, sizeof own, "person=%lld", (long long)S->own);
	snprintf(other, sizeof other, "person=%lld", (long long)S->other);
	snprintf(none, sizeof none, "person=%d", 9999);
	snprintf(g, sizeof g, "group=%lld", (long long)S->g_other);

	login("thu");
	assert_int_equal(status("GET", "/person", own), 200);
	assert_int_equal(status("GET", "/person", other), 403);
	assert_int_equal(status("GET", "/person", none), 403);
	assert_int_equal(status("GET", "/group", g), 403);
	assert_int_equal(status("GET", "/sms/person", other), 403);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "actor = 'thu' AND action = 'denied'"), 4);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "actor = 'thu' AND entity = 'person' AND action = 'view'"), 1);

	login("coord");
	assert_int_equal(status("GET", "/person", own), 403);
	assert_int_equal(status("GET", "/person", other), 200);
	assert_int_equal(status("GET", "/group", g), 200);

	login("admin");
	assert_int_equal(status("GET", "/person", own), 200);
	assert_int_equal(status("GET", "/person", other), 200);
	/* everything in scope: a number that is no one is simply not found */
	assert_int_equal(status("GET", "/person", none), 404);
}

/* The Today page is the home page of an account, in Vietnamese. */
static void
today(void **state)
{
	struct web_resp rs;

	login("thu");
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, "<h1>"));
	assert_non_null(strstr(rs.body.s, "/logout"));
	web_resp_free(&rs);
}

/* A POST as the signed-in account, with its CSRF token, of the fields
 * fmt makes; the status, and the answer in rs. */
static int form_post(struct web_resp *rs, const char *path, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static int
form_post(struct web_resp *rs, const char *path, const char *fmt, ...)
{
	char form[1024];
	va_list ap;
	int n = snprintf(form, sizeof form, "csrf=%s&", S->csrf);

	va_start(ap, fmt);
	vsnprintf(form + n, sizeof form - (size_t)n, fmt, ap);
	va_end(ap);
	return req("POST", path, form, rs);
}

/* The same, for the status only. */
static struct web_resp rs_;
#define FORM_STATUS(...) form_status_(form_post(&rs_, __VA_ARGS__), &rs_)
static int
form_status_(int status, struct web_resp *rs)
{
	web_resp_free(rs);
	return status;
}

/* Modem problems are on an admin's Today page, each with a button to mark
 * it seen; not on anyone else's, and no one else may mark them. */
static void
today_modems(void **state)
{
	struct db *db = test_db(state);
	struct notice_now v[] = { { "balance_low", 1000, 3500, 0 },
		{ "pin_refused", 2000, 0, 0 } };
	struct web_resp rs;
	char form[64];
	int64_t id;

	assert_int_equal(notice_sync(db, "vina1", v, 2, 3000), 0);
	id = test_count(db, "SELECT id FROM modem_notice WHERE kind = "
	    "'balance_low'");
	login("thu");
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, "vina1"));
	web_resp_free(&rs);
	snprintf(form, sizeof form, "id=%lld", (long long)id);
	assert_int_equal(FORM_STATUS("/modem/seen", "%s", form), 403);

	login("admin");
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, "id=\"modems\""));
	assert_non_null(strstr(rs.body.s, "vina1: the balance is low (3,500 đ)"));
	assert_non_null(strstr(rs.body.s, "vina1: the SIM refused its PIN"));
	assert_non_null(strstr(rs.body.s, "action=\"/modem/seen\""));
	web_resp_free(&rs);
	assert_int_equal(FORM_STATUS("/modem/seen", "%s", form), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM modem_notice "
	    "WHERE seen_by = 'admin'"), 1);
	assert_int_equal(req("GET", "/", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, "balance is low"));
	assert_non_null(strstr(rs.body.s, "vina1: the SIM refused its PIN"));
	web_resp_free(&rs);
	/* seen already, or no number: a 400 and nothing changes */
	assert_int_equal(FORM_STATUS("/modem/seen", "%s", form), 400);
	assert_int_equal(FORM_STATUS("/modem/seen", "id=abc"), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM modem_notice "
	    "WHERE seen_at IS NOT NULL"), 1);
}

static void
sms(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;

	login("thu");
	/* checked and shown first: parts and coding, nothing queued */
	assert_int_equal(form_post(&rs, "/sms/person", "person=%lld&text=%s",
	    (long long)S->own, "H%E1%BB%8Dp+nh%C3%B3m+th%E1%BB%A9+hai"), 200);
	assert_non_null(strstr(rs.body.s, "name=\"confirm\""));
	assert_non_null(strstr(rs.body.s, "Unicode"));
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), 0);
	/* the page showed her name: a read on the audit trail */
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'read' AND detail = 'name' AND "
	    "command = 'web'"), 1);
	/* a word that tells why she is in the programme: refused */
	assert_int_equal(form_post(&rs, "/sms/person", "person=%lld&text=%s&"
	    "confirm=1", (long long)S->own, "N%E1%BA%A1n+nh%C3%A2n+h%E1%BB%8Dp"),
	    400);
	assert_non_null(strstr(rs.body.s, "class=\"err\""));
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), 0);
	/* confirmed: queued through the outbox */
	assert_int_equal(FORM_STATUS("/sms/person", "person=%lld&text=%s&"
	    "confirm=1", (long long)S->own, "Hop+nhom+thu+hai"), 200);
	assert_int_equal(test_count(db, "SELECT count(*) FROM outbox WHERE "
	    "kind = 'manual' AND state = 'queued'"), 1);
	/* the whole group: every member; another group: refused */
	assert_int_equal(FORM_STATUS("/sms/group", "group=%lld&text=%s&"
	    "confirm=1", (long long)S->g_own, "Hop+nhom"), 200);
	assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), 3);
	assert_int_equal(FORM_STATUS("/sms/group", "group=%lld&text=%s&"
	    "confirm=1", (long long)S->g_other, "Hop+nhom"), 403);
	assert_int_equal(test_count(db, "SELECT count(*) FROM outbox"), 3);
}

static void
visit(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;

	login("thu");
	assert_int_equal(FORM_STATUS("/visit", "person=%lld&%s",
	    (long long)S->own, "date=2026-11-20&kind=home&situation=stable&"
	    "needs=medical&notes=%E1%BB%95n"), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM visit WHERE "
	    "visitor = 'thu'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM need"), 1);
	/* bad values: the form again with the message, nothing written */
	assert_int_equal(form_post(&rs, "/visit", "person=%lld&%s",
	    (long long)S->own, "date=2026-11-21&kind=flying&situation=stable"),
	    400);
	assert_non_null(strstr(rs.body.s, "flying"));
	web_resp_free(&rs);
	assert_int_equal(FORM_STATUS("/visit", "person=%lld&%s",
	    (long long)S->own, "date=2026-12-25&kind=home&situation=stable"),
	    400);
	assert_int_equal(FORM_STATUS("/visit", "person=%lld&%s",
	    (long long)S->own, "date=20/13/2026&kind=home&situation=stable"),
	    400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM visit"), 1);
	assert_int_equal(FORM_STATUS("/visit", "person=%lld&%s",
	    (long long)S->other, "date=2026-11-20&kind=home&situation=stable"),
	    403);
	assert_int_equal(test_count(db, "SELECT count(*) FROM visit"), 1);
}

/*
 * The member's page lists her in-kind grants: what and how many, when
 * received, the herd today (born and died counted) and the pass-on
 * obligation with whom it goes to and whether it is late.
 */
static void
grants_on_member_page(void **state)
{
	struct db *db = test_db(state);
	struct grant g = { .person_id = S->own, .kind = "sow", .count = 2,
		.unit_value = 3000000, .day = test_day(2026, 3, 1),
		.source = "ngo:Plan" };
	struct grant_event born = { .kind = "born", .count = 8,
		.day = test_day(2026, 6, 1) };
	struct grant_event died = { .kind = "died", .count = 1,
		.day = test_day(2026, 7, 1), .cause = "sốt" };
	struct web_resp rs;
	char q[64], want[128], d1[16], d2[16], code[40];
	struct person to;
	const char *sec;

	assert_int_equal(grant_give(db, &g), 0);
	born.grant_id = died.grant_id = g.id;
	assert_int_equal(grant_event_add(db, &born), 0);
	assert_int_equal(grant_event_add(db, &died), 0);
	assert_int_equal(grant_oblige(db, g.id, 2, test_day(2026, 9, 30),
	    S->evil), 0);
	assert_int_equal(person_get_id(db, S->evil, &to), 0);
	snprintf(code, sizeof code, "%s", to.case_code);
	person_free(&to);

	login("thu");
	snprintf(q, sizeof q, "person=%lld", (long long)S->own);
	assert_int_equal(req("GET", "/person", q, &rs), 200);
	assert_non_null(sec = strstr(rs.body.s, "id=\"grants\""));
	snprintf(want, sizeof want, "2 %s, received %s", "sow",
	    date_show(test_day(2026, 3, 1), d1));
	assert_non_null(strstr(sec, want));
	assert_non_null(strstr(sec, "Herd now: <strong>9</strong>"));
	snprintf(want, sizeof want, "Pass on: 0 of 2 by %s &rarr; %s",
	    date_show(test_day(2026, 9, 30), d2), code);
	assert_non_null(strstr(sec, want));
	assert_non_null(strstr(sec, "overdue"));
	web_resp_free(&rs);

	/* a member without grants: the section says so */
	snprintf(q, sizeof q, "person=%lld", (long long)S->evil);
	assert_int_equal(req("GET", "/person", q, &rs), 200);
	assert_non_null(sec = strstr(rs.body.s, "id=\"grants\""));
	assert_non_null(strstr(sec, "None yet."));
	assert_true(strstr(sec, "None yet.") < strstr(sec, "</section>"));
	web_resp_free(&rs);
}

/* A page that would show a name whose read cannot be put on the audit
 * trail shows an error, not the name; the grant's notes show on its page
 * (sealed in the file). */
static void
names_only_audited(void **state)
{
	struct db *db = test_db(state);
	struct grant g = { .person_id = S->own, .kind = "sow", .count = 1,
		.unit_value = 3000000, .day = test_day(2026, 3, 1),
		.source = "wu", .notes = "nhà chồng cũ" };
	static const char *const pages[] = { "/person", "/sms/person" };
	struct web_resp rs;
	char q[64];

	assert_int_equal(grant_give(db, &g), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant WHERE "
	    "typeof(notes) = 'blob'"), 1);
	login("admin");
	snprintf(q, sizeof q, "grant=%lld", (long long)g.id);
	assert_int_equal(req("GET", "/grant", q, &rs), 200);
	assert_non_null(strstr(rs.body.s, "nhà chồng cũ"));
	web_resp_free(&rs);
	assert_int_equal(db_exec(db, "CREATE TRIGGER audit_full BEFORE INSERT "
	    "ON audit WHEN new.entity = 'person' BEGIN SELECT RAISE(ABORT, "
	    "'the audit trail cannot be written'); END"), 0);
	snprintf(q, sizeof q, "person=%lld", (long long)S->own);
	for (size_t i = 0; i < NELEM(pages); i++) {
		assert_int_not_equal(req("GET", pages[i], q, &rs), 200);
		assert_null(strstr(rs.body.s, "Nguyễn Thị Hoa"));
		web_resp_free(&rs);
	}
	assert_int_not_equal(req("GET", "/registry/person", q, &rs), 200);
	assert_null(strstr(rs.body.s, "Nguyễn Thị Hoa"));
	web_resp_free(&rs);
	assert_int_not_equal(req("GET", "/registry", "q=hoa", &rs), 200);
	assert_null(strstr(rs.body.s, "Nguyễn Thị Hoa"));
	web_resp_free(&rs);
}

/* A reply of person from its phone, stored unread. */
static int64_t
reply_from(struct db *db, const char *phone, const char *text)
{
	struct modem_msg_in m = { .kind = MODEM_MSG_TEXT, .sent = clock_now(),
		.coding = MODEM_CODING_UCS2 };
	int64_t id;

	snprintf(m.sender, sizeof m.sender, "%s", phone);
	m.text = (char *)text;
	assert_int_equal(inbox_store(db, &m, 1, clock_now(), 600), 1);
	assert_int_equal(db_int(db, &id, 0, "SELECT max(id) FROM inbox", ""),
	    0);
	return id;
}

static void
replies_and_help(void **state)
{
	struct db *db = test_db(state);
	int64_t own_msg, other_msg, case_id;
	int opened;

	own_msg = reply_from(db, "+84912345670", "cam on");
	other_msg = reply_from(db, "+84912345672", "xin chao");
	login("thu");
	/* a message from someone outside her groups, or none: refused */
	assert_int_equal(FORM_STATUS("/reply/read", "id=%lld&note=goi+lai",
	    (long long)other_msg), 403);
	assert_int_equal(FORM_STATUS("/reply/read", "id=%d&note=goi+lai",
	    9999), 403);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'inbox' AND action = 'denied'"), 2);
	assert_int_equal(FORM_STATUS("/reply/read", "id=%lld&note=",
	    (long long)own_msg), 400);
	assert_int_equal(FORM_STATUS("/reply/read", "id=%lld&note=goi+lai",
	    (long long)own_msg), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM inbox WHERE "
	    "read_at IS NOT NULL"), 1);

	assert_int_equal(followup_help(db, S->own, 0, "help", clock_now(),
	    &case_id, &opened), 0);
	assert_int_equal(FORM_STATUS("/followup/close", "person=%lld&%s",
	    (long long)S->own, "note="), 400);
	assert_int_equal(followup_open_case(db, S->own, &case_id), 0);
	assert_true(case_id != 0);
	assert_int_equal(FORM_STATUS("/followup/close", "person=%lld&%s",
	    (long long)S->own, "note=da+den+tham"), 303);
	assert_int_equal(followup_open_case(db, S->own, &case_id), 0);
	assert_int_equal(case_id, 0);
}

static void
move_and_cancel(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	char q[64];

	login("thu");
	snprintf(q, sizeof q, "group=%lld&date=2026-11-30", (long long)S->g_own);
	assert_int_equal(req("GET", "/meeting/change", q, &rs), 200);
	assert_non_null(strstr(rs.body.s, "/meeting/move"));
	web_resp_free(&rs);
	assert_int_equal(FORM_STATUS("/meeting/move", "group=%lld&date="
	    "2026-11-30&next=2026-12-01&note=%s", (long long)S->g_own,
	    "tr%C3%B9ng+ng%C3%A0y+ch%E1%BB%A3"), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "actor = 'thu' AND action = 'move-meeting'"), 1);
	/* a reason is required; another group is out of scope */
	assert_int_equal(FORM_STATUS("/meeting/cancel", "group=%lld&date="
	    "2026-12-07&note=", (long long)S->g_own), 400);
	assert_int_equal(FORM_STATUS("/meeting/cancel", "group=%lld&date="
	    "2026-12-07&note=mua", (long long)S->g_other), 403);
	assert_int_equal(FORM_STATUS("/meeting/cancel", "group=%lld&date="
	    "2026-12-07&note=mua+to", (long long)S->g_own), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "action = 'cancel-meeting'"), 1);
}

/* A member absent from one meeting of her group on day. */
static void
absent_at(int64_t group, int64_t person, int day)
{
	struct meeting_att att = { person, ATT_ABSENT };
	struct meeting_result res = { 0 };
	struct group g;

	assert_int_equal(group_get_id(S->w.db, group, &g), 0);
	assert_int_equal(meeting_record(S->w.db, &S->conf, &g, day, NULL,
	    &att, 1, &res), 0);
	free(res.defaulted);
	group_free(&g);
}

/* A loan of 1,000,000 đ over 6 months from day, nothing repaid. */
static int64_t
unpaid_loan(int64_t person, int day)
{
	struct loan l = { .person_id = person, .source = "wu" };

	l.terms.principal = 1000000;
	l.terms.rate_ppm = 6500;
	l.terms.rate_unit = LOANCALC_PER_MONTH;
	l.terms.term_months = 6;
	l.terms.freq = LOANCALC_MONTHLY;
	l.terms.method = LOANCALC_FLAT;
	l.terms.disbursed_day = day;
	assert_int_equal(loan_disburse(S->w.db, &l), 0);
	return l.id;
}

static int
same_item(const struct followlist_item *a, const struct followlist_item *b)
{
	return a->reason == b->reason && a->person_id == b->person_id &&
	    a->days == b->days && str_eq(a->case_code, b->case_code) &&
	    str_eq(a->detail ? a->detail : "", b->detail ? b->detail : "");
}

/*
 * The organiser's follow-up list, read for her members only (what the
 * Today page does for speed), holds exactly the rows of the whole list
 * that her scope lets her see, for every reason.
 */
static void
followups_of_organiser(void **state)
{
	struct db *db = test_db(state);
	struct followlist_params p = { .today = date_today(), .now = clock_now(),
		.checkin_answer_days = 3 };
	struct followlist all = { 0 }, mine = { 0 };
	struct account a;
	int64_t *groups, *people, c;
	int ngroups, kept = 0, opened, reasons = 0;

	S->conf.missed_meetings = 1;
	assert_int_equal(db_run(db, "UPDATE person SET returned_on = "
	    "'2026-01-02'", ""), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(followup_help(db, (int64_t[]){ S->own, S->evil,
		    S->other }[i], 0, "sms", clock_now(), &c, &opened), 0);
	absent_at(S->g_own, S->own, test_day(2026, 11, 2));
	absent_at(S->g_other, S->other, test_day(2026, 11, 2));
	unpaid_loan(S->own, test_day(2026, 6, 1));
	unpaid_loan(S->other, test_day(2026, 6, 1));
	assert_int_equal(account_get(db, "thu", &a), 0);
	assert_int_equal(scope_groups(db, &a, &groups, &ngroups), 0);
	assert_int_equal(followlist_members(db, groups, ngroups, p.today,
	    &people, &p.npeople), 0);
	assert_int_equal(p.npeople, 2);
	assert_int_equal(followlist_build(db, &S->conf, &p, &all), 0);
	p.people = people;
	assert_int_equal(followlist_build(db, &S->conf, &p, &mine), 0);
	for (int i = 0; i < all.n; i++) {
		if (scope_person(db, &a, all.items[i].person_id) != 1)
			continue;
		assert_true(kept < mine.n);
		assert_true(same_item(&all.items[i], &mine.items[kept]));
		reasons |= 1 << all.items[i].reason;
		kept++;
	}
	assert_int_equal(kept, mine.n);
	assert_true(mine.n < all.n);            /* others' rows were there */
	assert_int_equal(reasons, (1 << FOLLOWLIST_HELP) |
	    (1 << FOLLOWLIST_MISSED) | (1 << FOLLOWLIST_ARREARS) |
	    (1 << FOLLOWLIST_VISIT));
	for (int i = 0; i < mine.n; i++)
		assert_int_not_equal(mine.items[i].person_id, S->other);
	followlist_free(&all);
	followlist_free(&mine);
	free(people);
	free(groups);
	account_free(&a);
}

/* Part 2, for coordinators. "coord" works in the province Sơn La: S->other
 * (a member of a group there) is hers, S->own (Lào Cai) is not. */

/* Percent-encode s for a form body. */
static void
url_encode(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s && n + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.')
			out[n++] = (char)c;
		else
			n += (size_t)snprintf(out + n, size - n, "%%%02X", c);
	}
	out[n] = '\0';
}

static void
registry_scope(void **state)
{
	struct web_resp a, b;
	char own[32], none[32], other[32];

	(void)state;
	snprintf(own, sizeof own, "person=%lld", (long long)S->own);
	snprintf(none, sizeof none, "person=%d", 9999);
	snprintf(other, sizeof other, "person=%lld", (long long)S->other);
	login("thu");
	assert_int_equal(status("GET", "/registry", NULL), 403);
	assert_int_equal(status("GET", "/report", NULL), 403);
	login("coord");
	assert_int_equal(status("GET", "/registry/person", other), 200);
	/* outside her area: 403, the same page whether the person exists */
	assert_int_equal(req("GET", "/registry/person", own, &a), 403);
	assert_int_equal(req("GET", "/registry/person", none, &b), 403);
	assert_string_equal(a.body.s, b.body.s);
	assert_null(strstr(a.body.s, "T-"));
	web_resp_free(&a);
	web_resp_free(&b);
	assert_int_equal(status("GET", "/registry/edit", own), 403);
	assert_int_equal(FORM_STATUS("/registry/close", "person=%lld&reason="
	    "moved&date=2026-11-20", (long long)S->own), 403);
	assert_int_equal(test_count(test_db(state), "SELECT count(*) FROM "
	    "person WHERE status = 'closed'"), 0);
	assert_int_equal(FORM_STATUS("/registry/close", "person=%lld&reason="
	    "moved&date=2026-11-20", (long long)S->other), 303);
	assert_int_equal(test_count(test_db(state), "SELECT count(*) FROM "
	    "person WHERE status = 'closed'"), 1);
}

static void
names_hidden(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	char other[32];

	snprintf(other, sizeof other, "person=%lld", (long long)S->other);
	login("coord");
	assert_int_equal(req("GET", "/registry/person", other, &rs), 200);
	assert_non_null(strstr(rs.body.s, "T-2026-0003"));
	assert_null(strstr(rs.body.s, "Lò Thị Lan"));
	assert_null(strstr(rs.body.s, "+8491234567"));
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "actor = 'coord' AND entity = 'person' AND action = 'view'"), 1);
	/* nor on the member page of part 1 */
	assert_int_equal(req("GET", "/person", other, &rs), 200);
	assert_non_null(strstr(rs.body.s, "T-2026-0003"));
	assert_null(strstr(rs.body.s, "Lò Thị Lan"));
	assert_null(strstr(rs.body.s, "tel:"));
	web_resp_free(&rs);
	/* the search: case codes only, a name finds nothing */
	assert_int_equal(req("GET", "/registry", "q=lan", &rs), 200);
	assert_null(strstr(rs.body.s, "T-2026-0003"));
	web_resp_free(&rs);
	assert_int_equal(req("GET", "/registry", "q=t-2026-0003", &rs), 200);
	assert_non_null(strstr(rs.body.s, "T-2026-0003"));
	assert_null(strstr(rs.body.s, "Lò Thị Lan"));
	web_resp_free(&rs);
	/* an edit by her leaves the name she cannot see alone */
	assert_int_equal(FORM_STATUS("/registry/edit", "person=%lld&name=X&"
	    "village=B%%E1%%BA%%A3n+Phi%%C3%%AAng", (long long)S->other), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "crypt_open(full_name, 'person.full_name', id) = 'Lò Thị Lan' AND "
	    "village = 'Bản Phiêng'"), 1);

	/* where the configuration lets coordinators see names */
	S->conf.web_coordinator_names = 1;
	assert_int_equal(req("GET", "/registry", "q=LO+THI", &rs), 200);
	assert_non_null(strstr(rs.body.s, "Lò Thị Lan"));
	assert_null(strstr(rs.body.s, "Nguyễn Thị Hoa"));       /* Lào Cai */
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "actor = 'coord' AND entity = 'person' AND action = 'list' AND "
	    "detail = 'name'"), 1);
	assert_int_equal(req("GET", "/registry/person", other, &rs), 200);
	assert_non_null(strstr(rs.body.s, "Lò Thị Lan"));
	web_resp_free(&rs);
	login("admin");
	S->conf.web_coordinator_names = 0;
	assert_int_equal(req("GET", "/registry/person", other, &rs), 200);
	assert_non_null(strstr(rs.body.s, "Lò Thị Lan"));
	web_resp_free(&rs);
}

static void
register_person(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	int before = test_count(db, "SELECT count(*) FROM person");

	login("coord");
	/* a bad phone: the form again with the reason, nothing added */
	assert_int_equal(form_post(&rs, "/registry/new", "name=Mai&gender=female&"
	    "category=at-risk&province=S%%C6%%A1n+La&phone=12"), 400);
	assert_non_null(strstr(rs.body.s, "class=\"err\""));
	web_resp_free(&rs);
	/* outside her area */
	assert_int_equal(FORM_STATUS("/registry/new", "name=Mai&gender=female&"
	    "category=at-risk&province=L%%C3%%A0o+Cai"), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), before);
	assert_int_equal(FORM_STATUS("/registry/new", "name=Mai&gender=female&"
	    "category=at-risk&province=S%%C6%%A1n+La&phone=0912000111"), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "phone_hash = crypt_blind('+84912000111') AND province = 'Sơn La'"),
	    1);
	/* needs and supports */
	assert_int_equal(FORM_STATUS("/registry/need", "person=%lld&kind=legal-aid"
	    "&type=identify&date=2026-11-01", (long long)S->other), 303);
	assert_int_equal(FORM_STATUS("/registry/need", "person=%lld&kind=legal-aid"
	    "&type=met&date=2026-10-01", (long long)S->other), 400);
	assert_int_equal(FORM_STATUS("/registry/support", "person=%lld&type="
	    "medical&date=2026-11-02&value=1.500.000&source=state",
	    (long long)S->other), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM support WHERE "
	    "value = 1500000"), 1);
	assert_int_equal(FORM_STATUS("/registry/support", "person=%lld&type="
	    "medical&date=2026-11-02&value=lots&source=state",
	    (long long)S->other), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM support"), 1);
}

static int
upload(const char *csv)
{
	static char enc[8192];
	struct web_resp rs;
	int st;

	url_encode(csv, enc, sizeof enc);
	st = form_post(&rs, "/import", "file=%s", enc);
	if (st != 200)
		assert_non_null(strstr(rs.body.s, "upload.csv:"));
	web_resp_free(&rs);
	return st;
}

static void
import_upload(void **state)
{
	struct db *db = test_db(state);
	int before = test_count(db, "SELECT count(*) FROM person"), audits;

	login("coord");
	audits = test_count(db, "SELECT count(*) FROM audit");
	/* one bad line (a year of birth), nothing written */
	assert_int_equal(upload("name,gender,born,province,category\n"
	    "Hà Thị Ngọc,nữ,1990,Sơn La,at-risk\n"
	    "Lường Thị Xuân,nữ,19x0,Sơn La,at-risk\n"), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), before);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), audits);
	/* a person of another province, or a case code there (told as
	 * unknown): bad too */
	assert_int_equal(upload("name,gender,province,category\n"
	    "Hà Thị Ngọc,nữ,Lào Cai,at-risk\n"), 400);
	assert_int_equal(upload("case_code,notes\nT-2026-0001,x\n"), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), before);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "crypt_open(notes, 'person.notes', id) = 'x'"), 0);
	/* the file corrected */
	assert_int_equal(upload("name,gender,born,province,category\n"
	    "Hà Thị Ngọc,nữ,1990,Sơn La,at-risk\n"
	    "Lường Thị Xuân,nữ,1980,Sơn La,at-risk\n"), 200);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"),
	    before + 2);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'import' AND actor = 'coord'"), 1);
}

static void
report_area(void **state)
{
	struct web_resp rs;

	(void)state;
	login("coord");
	assert_int_equal(req("GET", "/report", "from=2026-01-01&to=2026-11-23",
	    &rs), 200);
	assert_non_null(strstr(rs.body.s, "<svg"));
	assert_non_null(strstr(rs.body.s, "/report.csv?"));
	web_resp_free(&rs);
	assert_int_equal(status("GET", "/report", "province=L%C3%A0o+Cai"), 403);
	assert_int_equal(status("GET", "/report", "district=Nowhere"), 403);
	assert_int_equal(status("GET", "/report", "from=2026-12-01&to=2026-01-01"),
	    400);
	assert_int_equal(req("GET", "/report.csv", "section=people", &rs), 200);
	assert_string_equal(rs.type, "text/csv; charset=utf-8");
	assert_non_null(strstr(rs.body.s, "people,"));
	assert_null(strstr(rs.body.s, "\nsupport,"));
	assert_non_null(strstr(rs.filename, "report-people.csv"));
	web_resp_free(&rs);
	assert_int_equal(status("GET", "/report.csv", "section=nope"), 404);
	/* a report shown again is rebuilt once the database changed */
	assert_int_equal(req("GET", "/report.csv", "section=support", &rs), 200);
	assert_null(strstr(rs.body.s, "1500000"));
	web_resp_free(&rs);
	assert_int_equal(FORM_STATUS("/registry/edit", "person=%lld&province="
	    "S%%C6%%A1n+La", (long long)S->other), 303);
	assert_int_equal(FORM_STATUS("/registry/support", "person=%lld&type="
	    "medical&date=2026-11-02&value=1500000&source=state",
	    (long long)S->other), 303);
	assert_int_equal(req("GET", "/report.csv", "section=support", &rs), 200);
	assert_non_null(strstr(rs.body.s, "1500000"));
	web_resp_free(&rs);
	assert_int_equal(req("GET", "/report/print", NULL, &rs), 200);
	assert_int_equal(rs.inline_style, 1);
	assert_non_null(strstr(rs.body.s, "@media print"));
	web_resp_free(&rs);
	login("admin");
	assert_int_equal(status("GET", "/report", "province=L%C3%A0o+Cai"), 200);
}

/* Two cows given to person on 2026-03-01. */
static int64_t
cows(int64_t person)
{
	struct grant g = { .person_id = person, .kind = "cow", .count = 2,
		.unit_value = 15000000, .source = "wu" };

	g.day = test_day(2026, 3, 1);
	assert_int_equal(grant_give(S->w.db, &g), 0);
	return g.id;
}

/*
 * A coordinator of another province gets 403 for a loan or a grant
 * outside it (the same as for one that does not exist), cannot change
 * them, and her lists hold none of them.
 */
static void
coordinator_scope(void **state)
{
	struct db *db = test_db(state);
	int64_t own = unpaid_loan(S->own, test_day(2026, 5, 4));
	int64_t other = unpaid_loan(S->other, test_day(2026, 5, 4));
	int64_t g_own = cows(S->own), g_other = cows(S->other);
	char q[64], code[40];
	struct web_resp rs;

	login("coord");
	snprintf(q, sizeof q, "loan=%lld", (long long)own);
	assert_int_equal(status("GET", "/loan", q), 403);
	assert_int_equal(status("GET", "/loan", "loan=9999"), 403);
	snprintf(q, sizeof q, "loan=%lld", (long long)other);
	assert_int_equal(status("GET", "/loan", q), 200);
	snprintf(q, sizeof q, "grant=%lld", (long long)g_own);
	assert_int_equal(status("GET", "/grant", q), 403);
	snprintf(q, sizeof q, "grant=%lld", (long long)g_other);
	assert_int_equal(status("GET", "/grant", q), 200);
	assert_int_equal(FORM_STATUS("/loan/repay", "loan=%lld&amount=100000&"
	    "confirm=1", (long long)own), 403);
	assert_int_equal(FORM_STATUS("/grant/event", "grant=%lld&kind=born&"
	    "num=1", (long long)g_own), 403);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant_event"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "actor = 'coord' AND action = 'denied' AND entity IN ('loan', "
	    "'grant')"), 5);
	/* the lists: the other province's loan and grant only */
	snprintf(code, sizeof code, ">L%lld<", (long long)own);
	assert_int_equal(req("GET", "/loans", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, code));
	snprintf(code, sizeof code, ">L%lld<", (long long)other);
	assert_non_null(strstr(rs.body.s, code));
	web_resp_free(&rs);
	snprintf(code, sizeof code, ">G%lld<", (long long)g_own);
	assert_int_equal(req("GET", "/grants", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, code));
	snprintf(code, sizeof code, ">G%lld<", (long long)g_other);
	assert_non_null(strstr(rs.body.s, code));
	web_resp_free(&rs);
	/* a group outside her province as a filter of the follow-up list */
	snprintf(q, sizeof q, "group=%lld", (long long)S->g_own);
	assert_int_equal(status("GET", "/followup", q), 403);
}

/* The review's PAR30 of the coordinator's scope, as the page shows it. */
static void
par30_shown(char *out, size_t size)
{
	struct web_resp rs;
	const char *p;

	assert_int_equal(req("GET", "/loans", NULL, &rs), 200);
	p = strstr(rs.body.s, "id=\"par30\">");
	assert_non_null(p);
	snprintf(out, size, "%.*s", (int)strcspn(p + 11, "<"), p + 11);
	web_resp_free(&rs);
}

/*
 * A repayment is shown first with its effect and written only when
 * confirmed; a reversal likewise. Bad fields come back beside the field
 * and nothing is written.
 */
static void
repay_with_confirmation(void **state)
{
	struct db *db = test_db(state);
	int64_t id = unpaid_loan(S->other, test_day(2026, 9, 1));
	char before[32], after[32], m[32];
	struct web_resp rs;
	const char *p;

	login("coord");
	par30_shown(before, sizeof before);
	/* the preview: the outstanding after it, the confirm form */
	assert_int_equal(form_post(&rs, "/loan/repay", "loan=%lld&amount="
	    "1.000.000&date=2026-11-20&note=ti%%E1%%BB%%81n+m%%E1%%BA%%B7t",
	    (long long)id), 200);
	assert_non_null(strstr(rs.body.s, "name=\"confirm\" value=\"1\""));
	assert_non_null(strstr(rs.body.s, "name=\"amount\" value=\"1.000.000\""));
	p = strstr(rs.body.s, "class=\"outstanding\">");
	assert_non_null(p);
	money_show(1000000, m, sizeof m);                  /* now */
	assert_memory_equal(p + 20, m, strlen(m));
	assert_int_equal(p[20 + strlen(m)], '<');
	p = strstr(p + 1, "class=\"outstanding\">");
	assert_non_null(p);
	money_show(39000, m, sizeof m);                    /* after it */
	assert_memory_equal(p + 20, m, strlen(m));
	assert_int_equal(p[20 + strlen(m)], '<');
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'loan' AND action <> 'view'"), 1);   /* the disbursal */
	/* confirmed: written */
	assert_int_equal(FORM_STATUS("/loan/repay", "loan=%lld&amount=1.000.000&"
	    "date=2026-11-20&confirm=1", (long long)id), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 1);
	par30_shown(after, sizeof after);
	assert_string_not_equal(before, after);
	/* errors beside the field, nothing written */
	assert_int_equal(form_post(&rs, "/loan/repay", "loan=%lld&amount=abc&"
	    "confirm=1", (long long)id), 400);
	p = strstr(rs.body.s, "name=\"amount\"");
	assert_non_null(p);
	assert_non_null(strstr(p, "class=\"err\""));
	assert_true(strstr(p, "class=\"err\"") < strstr(p, "name=\"note\""));
	web_resp_free(&rs);
	assert_int_equal(FORM_STATUS("/loan/repay", "loan=%lld&amount=5000&"
	    "date=2027-01-01&confirm=1", (long long)id), 400);
	assert_int_equal(FORM_STATUS("/loan/repay", "loan=%lld&amount=5000&"
	    "date=31/02/2026&confirm=1", (long long)id), 400);
	/* more than is owed: the module's refusal, on the page */
	assert_int_equal(FORM_STATUS("/loan/repay", "loan=%lld&amount=50000&"
	    "confirm=1", (long long)id), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 1);
	/* without the CSRF token */
	assert_int_equal(status("POST", "/loan/repay", "loan=1&amount=5000&"
	    "confirm=1"), 403);
	/* a payment of another loan cannot be reversed through this one */
	assert_int_equal(FORM_STATUS("/loan/reverse", "loan=%lld&pay=%lld&"
	    "note=x&confirm=1", (long long)unpaid_loan(S->other,
	    test_day(2026, 9, 2)), (long long)test_count(db, "SELECT max(id) "
	    "FROM loan_pay")), 400);
	assert_int_equal(FORM_STATUS("/loan/reverse", "loan=%lld&pay=%lld&"
	    "note=wrong+amount&confirm=1", (long long)id,
	    (long long)test_count(db, "SELECT max(id) FROM loan_pay")), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_pay"), 2);
	par30_shown(after, sizeof after);
	assert_string_equal(before, after);
}

/* Write-off and rescheduling need a reason and are previewed first. */
static void
writeoff_and_reschedule(void **state)
{
	struct db *db = test_db(state);
	int64_t id = unpaid_loan(S->other, test_day(2026, 9, 1));
	struct web_resp rs;

	login("coord");
	assert_int_equal(FORM_STATUS("/loan/writeoff", "loan=%lld&confirm=1",
	    (long long)id), 400);
	assert_int_equal(FORM_STATUS("/loan/reschedule", "loan=%lld&num=0&"
	    "note=flood&confirm=1", (long long)id), 400);
	assert_int_equal(FORM_STATUS("/loan/reschedule", "loan=%lld&num=12&"
	    "rate=lots&note=flood&confirm=1", (long long)id), 400);
	assert_int_equal(form_post(&rs, "/loan/reschedule", "loan=%lld&num=12&"
	    "note=flood", (long long)id), 200);
	assert_non_null(strstr(rs.body.s, "name=\"confirm\""));
	web_resp_free(&rs);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_plan"), 1);
	assert_int_equal(FORM_STATUS("/loan/reschedule", "loan=%lld&num=12&"
	    "note=flood&confirm=1", (long long)id), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan_plan"), 2);
	assert_int_equal(FORM_STATUS("/loan/writeoff", "loan=%lld&note=moved+"
	    "away", (long long)id), 200);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan WHERE "
	    "written_off_on IS NOT NULL"), 0);
	assert_int_equal(FORM_STATUS("/loan/writeoff", "loan=%lld&note=moved+"
	    "away&confirm=1", (long long)id), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM loan WHERE "
	    "written_off_on IS NOT NULL"), 1);
}

/*
 * The review and the follow-up list are kept between requests (a
 * province's take seconds), but a change committed by any connection,
 * here a loan disbursed outside the web, shows at the next request.
 */
static void
kept_until_changed(void **state)
{
	char before[32], after[32];
	struct web_resp rs;
	char code[40];
	int64_t id;

	(void)state;
	login("coord");
	par30_shown(before, sizeof before);
	assert_int_equal(req("GET", "/followup", NULL, &rs), 200);
	snprintf(code, sizeof code, "person=%lld\"", (long long)S->other);
	assert_null(strstr(rs.body.s, code));
	web_resp_free(&rs);
	id = unpaid_loan(S->other, test_day(2026, 5, 4));
	par30_shown(after, sizeof after);
	assert_string_not_equal(before, after);
	assert_int_equal(req("GET", "/followup", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, code));
	web_resp_free(&rs);
	snprintf(code, sizeof code, ">L%lld<", (long long)id);
	assert_int_equal(req("GET", "/loans", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, code));
	web_resp_free(&rs);
}

/* What tables a value was built from, and the counters that tell (web/
 * schema.c): the audit trail, sessions and accounts change all day and
 * move no counter; a person edited moves the people's counter and not
 * the loans'. */
static int64_t
generation(const char *tables)
{
	int64_t g = -1;

	assert_int_equal(cache_generation(S->w.db, tables, &g), 0);
	return g;
}

static void
counters_of_tables(void **state)
{
	struct db *db = test_db(state);
	int64_t all = generation(NULL), loans = generation("[\"loan\"]");
	int64_t people = generation("[\"person\"]"), checkins, outbox;

	login("coord");
	assert_int_equal(db_audit(db, "person", S->other, "view"), 0);
	assert_int_equal(db_run(db, "UPDATE session SET last_used = last_used + "
	    "60", ""), 0);
	assert_int_equal(db_run(db, "UPDATE account SET failures = 1", ""), 0);
	assert_int_equal(generation(NULL), all);
	assert_int_equal(db_run(db, "UPDATE person SET notes = 'x' WHERE id = ?",
	    "i", S->other), 0);
	assert_true(generation(NULL) > all);
	assert_true(generation("[\"person\"]") > people);
	assert_int_equal(generation("[\"loan\"]"), loans);
	/* the follow-up list reads sent check-ins only: a loan reminder
	 * queued and sent, a check-in queued, move the outbox's counter and
	 * not theirs; a check-in sent moves both */
	checkins = generation("[\"outbox_checkin\"]");
	outbox = generation("[\"outbox\"]");
	assert_int_equal(db_run(db, "INSERT INTO outbox (recipient, kind, text, "
	    "coding, parts, concat_ref, not_before, next_try, queued_at) VALUES "
	    "('+84912000001', 'loan', 'x', 'gsm7', 1, 0, 0, 0, 0), "
	    "('+84912000001', 'checkin', 'x', 'gsm7', 1, 0, 0, 0, 0)", ""), 0);
	assert_int_equal(db_run(db, "UPDATE outbox SET state = 'sent', sent_at "
	    "= 1 WHERE kind = 'loan'", ""), 0);
	assert_int_equal(generation("[\"outbox_checkin\"]"), checkins);
	assert_true(generation("[\"outbox\"]") > outbox);
	assert_int_equal(db_run(db, "UPDATE outbox SET state = 'sent', sent_at "
	    "= 1 WHERE kind = 'checkin'", ""), 0);
	assert_true(generation("[\"outbox_checkin\"]") > checkins);
}

/*
 * A kept list is used while its tables are unchanged: a change made
 * without moving their counters (the trigger dropped here) does not show,
 * audit rows and session touches leave it kept, and a counted change
 * shows. Another account's request never gets it: a coordinator of
 * another province sees her own people only.
 */
static void
kept_through_audit(void **state)
{
	struct db *db = test_db(state);
	struct web_resp rs;
	char code[40], own[40];

	add_account(db, "coord2", ROLE_COORDINATOR, "Lào Cai", 0);
	snprintf(code, sizeof code, "person=%lld\"", (long long)S->other);
	snprintf(own, sizeof own, "person=%lld\"", (long long)S->own);
	unpaid_loan(S->own, test_day(2026, 5, 4));
	login("coord");
	assert_int_equal(req("GET", "/followup", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, code));
	web_resp_free(&rs);
	assert_int_equal(db_exec(db, "DROP TRIGGER change_loan_i; "
	    "DROP TRIGGER change_loan_u; DROP TRIGGER change_loan_plan_i; "
	    "DROP TRIGGER change_loan_plan_u; DROP TRIGGER change_loan_inst_i; "
	    "DROP TRIGGER change_loan_inst_u; DROP TRIGGER change_loan_ref_i; "
	    "DROP TRIGGER change_loan_ref_u"), 0);
	unpaid_loan(S->other, test_day(2026, 5, 4));
	assert_int_equal(db_audit(db, "person", S->other, "view"), 0);
	assert_int_equal(db_run(db, "UPDATE session SET last_used = last_used + "
	    "120", ""), 0);
	assert_int_equal(req("GET", "/followup", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, code));
	web_resp_free(&rs);
	/* the other coordinator: her own list, not the one kept above */
	login("coord2");
	assert_int_equal(req("GET", "/followup", NULL, &rs), 200);
	assert_null(strstr(rs.body.s, code));
	assert_non_null(strstr(rs.body.s, own));
	web_resp_free(&rs);
	/* a counted change (any person edited) and the loan shows */
	assert_int_equal(db_run(db, "UPDATE person SET notes = 'x' WHERE id = ?",
	    "i", S->other), 0);
	login("coord");
	assert_int_equal(req("GET", "/followup", NULL, &rs), 200);
	assert_non_null(strstr(rs.body.s, code));
	assert_null(strstr(rs.body.s, own));
	web_resp_free(&rs);
}

/* Grant events through the form; a bad one is refused beside its field. */
static void
grant_events_form(void **state)
{
	struct db *db = test_db(state);
	int64_t g = cows(S->other);
	struct web_resp rs;
	char q[32];

	login("coord");
	assert_int_equal(FORM_STATUS("/grant/event", "grant=%lld&kind=born&"
	    "num=1&date=2026-10-01", (long long)g), 303);
	assert_int_equal(form_post(&rs, "/grant/event", "grant=%lld&kind=died&"
	    "num=9&cause=sick", (long long)g), 400);
	assert_non_null(strstr(rs.body.s, "class=\"err\""));
	web_resp_free(&rs);
	assert_int_equal(FORM_STATUS("/grant/event", "grant=%lld&kind=died&"
	    "num=many", (long long)g), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant_event"), 1);
	snprintf(q, sizeof q, "grant=%lld", (long long)g);
	assert_int_equal(req("GET", "/grant", q, &rs), 200);
	assert_non_null(strstr(rs.body.s, "id=\"herd\">3<"));
	web_resp_free(&rs);
	/* a pass-on needs an obligation, and a recipient in her area */
	assert_int_equal(FORM_STATUS("/grant/passon", "grant=%lld&to=NOONE&"
	    "num=1", (long long)g), 400);
	assert_int_equal(test_count(db, "SELECT count(*) FROM ikgrant"), 1);
}

/*
 * The follow-up list of a coordinator: her province only, filtered by
 * reason, in pages, as CSV; a help request closes with a note.
 */
static void
followup_pages(void **state)
{
	struct db *db = test_db(state);
	int64_t case_id;
	int opened;
	struct web_resp rs;
	char code[40];

	unpaid_loan(S->own, test_day(2026, 5, 4));
	unpaid_loan(S->other, test_day(2026, 5, 4));
	assert_int_equal(followup_help(db, S->other, 0, "help", clock_now(),
	    &case_id, &opened), 0);
	/* a name a spreadsheet would run as a formula */
	assert_int_equal(db_run(db, "UPDATE grp SET organiser_name = "
	    "'=HYPERLINK(\"x\")' WHERE id = ?", "i", S->g_other), 0);
	login("coord");
	assert_int_equal(req("GET", "/followup", NULL, &rs), 200);
	snprintf(code, sizeof code, "person=%lld\"", (long long)S->own);
	assert_null(strstr(rs.body.s, code));
	snprintf(code, sizeof code, "person=%lld\"", (long long)S->other);
	assert_non_null(strstr(rs.body.s, code));
	assert_non_null(strstr(rs.body.s, "action=\"/followup/done\""));
	web_resp_free(&rs);
	/* only arrears: no close form */
	assert_int_equal(req("GET", "/followup", "reason=4", &rs), 200);
	assert_non_null(strstr(rs.body.s, code));
	assert_null(strstr(rs.body.s, "action=\"/followup/done\""));
	web_resp_free(&rs);
	assert_int_equal(status("GET", "/followup", "page=x"), 400);
	assert_int_equal(req("GET", "/followup.csv", NULL, &rs), 200);
	assert_string_equal(rs.type, "text/csv; charset=utf-8");
	assert_string_equal(rs.filename, "followup.csv");
	assert_non_null(strstr(rs.body.s, "help requested"));
	assert_non_null(strstr(rs.body.s, "loan in arrears"));
	assert_non_null(strstr(rs.body.s, "\"'=HYPERLINK(\"\"x\"\")\""));
	web_resp_free(&rs);
	assert_int_equal(FORM_STATUS("/followup/done", "person=%lld&note=",
	    (long long)S->other), 400);
	assert_int_equal(FORM_STATUS("/followup/done", "person=%lld&note=",
	    (long long)S->own), 403);
	assert_int_equal(FORM_STATUS("/followup/done", "person=%lld&note=called",
	    (long long)S->other), 303);
	assert_int_equal(test_count(db, "SELECT count(*) FROM help_case WHERE "
	    "closed_at IS NULL"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escaping),
		cmocka_unit_test_setup_teardown(routing, setup, teardown),
		cmocka_unit_test_setup_teardown(parameters, setup, teardown),
		cmocka_unit_test_setup_teardown(escaped_names, setup, teardown),
		cmocka_unit_test_setup_teardown(sign_in_and_out, setup, teardown),
		cmocka_unit_test_setup_teardown(today_modems, setup, teardown),
		cmocka_unit_test_setup_teardown(session_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(csrf, setup, teardown),
		cmocka_unit_test_setup_teardown(record_meeting, setup, teardown),
		cmocka_unit_test_setup_teardown(scope, setup, teardown),
		cmocka_unit_test_setup_teardown(today, setup, teardown),
		cmocka_unit_test_setup_teardown(sms, setup, teardown),
		cmocka_unit_test_setup_teardown(visit, setup, teardown),
		cmocka_unit_test_setup_teardown(grants_on_member_page, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(replies_and_help, setup, teardown),
		cmocka_unit_test_setup_teardown(move_and_cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(coordinator_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(repay_with_confirmation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(writeoff_and_reschedule, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(kept_until_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(counters_of_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(kept_through_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(grant_events_form, setup, teardown),
		cmocka_unit_test_setup_teardown(followup_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(followups_of_organiser, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(registry_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(names_hidden, setup, teardown),
		cmocka_unit_test_setup_teardown(register_person, setup, teardown),
		cmocka_unit_test_setup_teardown(import_upload, setup, teardown),
		cmocka_unit_test_setup_teardown(report_area, setup, teardown),
		cmocka_unit_test_setup_teardown(names_only_audited, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
