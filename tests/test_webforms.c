/*
 * SMS forms and the SMS gateway in the web interface, over a real
 * database, with forms taken through the inbox and the reply handling.
 *
 * Province Lào Cai: group "Hoa Sen" (district Mường Khương, members 1-3,
 * organiser account "tu" with phone TU) and group "Mai Vàng" (district
 * Bắc Hà, member 4, organiser "hanh" with phone HANH). Coordinators "mk"
 * and "bh" of the two districts, and "admin". Forms: tu's meeting of Hoa
 * Sen (recorded), hanh's meeting of Mai Vàng (recorded) and hanh's try at
 * Hoa Sen (refused). The clock is 2026-12-05 10:00.
 */
#include "testutil.h"

#include "config/conf.h"
#include "core/account.h"
#include "core/clock.h"
#include "groups/group.h"
#include "sms/forms.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/replies.h"
#include "web/route.h"
#include "web/web.h"

#define TU "+84987000002"
#define HANH "+84987000003"
#define PASSWORD "mật khẩu dài 1"

struct site {
	struct conf conf;
	struct web w;
	int64_t g1, g2, person[5];
	int sent;
	char token[128];
};

static struct site *S;

static int64_t
add_group(struct db *db, const char *name, const char *district)
{
	struct group g;
	int64_t id;

	group_init(&g);
	g.name = strdup(name);
	g.district = strdup(district);
	g.province = strdup("Lào Cai");
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static int64_t
add_member(struct db *db, int64_t group, int i)
{
	struct person p;
	char name[32], phone[32];
	int64_t id;

	snprintf(name, sizeof name, "Nguyễn Thị Hoa %d", i);
	test_person_init(&p, name, "at-risk");
	snprintf(phone, sizeof phone, "+8491200000%d", i);
	p.phone = strdup(phone);
	p.sms_consent = 1;
	p.status = strdup("active");
	p.consent_on = test_day(2026, 11, 1);
	id = test_person_save(db, &p, "LC");
	assert_int_equal(group_join(db, group, id, test_day(2026, 11, 1), NULL,
	    0, NULL), 0);
	return id;
}

static void
add_account(struct db *db, const char *name, enum account_role role,
    const char *district, const char *phone, int64_t group)
{
	struct account a = { .name = (char *)name, .role = role,
		.district = (char *)district, .phone = (char *)phone,
		.groups = &group, .ngroups = group ? 1 : 0 };

	assert_int_equal(account_add(db, &a, PASSWORD), 0);
}

/* An SMS from number arrives now and is handled. */
static void
receive(const char *from, const char *text)
{
	struct modem_msg_in m = { .kind = MODEM_MSG_TEXT,
		.sent = clock_now() - 30 + S->sent++,
		.coding = MODEM_CODING_UCS2 };

	snprintf(m.sender, sizeof m.sender, "%s", from);
	m.text = (char *)text;
	assert_int_equal(inbox_store(S->w.db, &m, 1, clock_now(), 600), 1);
	assert_int_equal(replies_run(S->w.db, &S->conf, clock_now(), NULL), 0);
}

static int
setup(void **state)
{
	char dir[1024];
	struct db *db;

	assert_non_null(getcwd(dir, sizeof dir - 20));
	strcat(dir, "/build/locale");
	setenv("SHG_LOCALEDIR", dir, 1);
	account_hash_cost(1);
	clock_set_timezone("Asia/Ho_Chi_Minh");
	test_setup(state);
	clock_set(time_from_local(test_day(2026, 12, 5), 10 * 60));
	db = test_db(state);
	S = calloc(1, sizeof *S);
	conf_defaults(&S->conf);
	S->w = (struct web){ .db = db, .conf = &S->conf, .idle_minutes = 30 };
	S->g1 = add_group(db, "Hoa Sen", "Mường Khương");
	S->g2 = add_group(db, "Mai Vàng", "Bắc Hà");
	for (int i = 1; i <= 4; i++)
		S->person[i] = add_member(db, i <= 3 ? S->g1 : S->g2, i);
	add_account(db, "tu", ROLE_ORGANISER, NULL, TU, S->g1);
	add_account(db, "hanh", ROLE_ORGANISER, NULL, HANH, S->g2);
	add_account(db, "mk", ROLE_COORDINATOR, "Mường Khương", NULL, 0);
	add_account(db, "bh", ROLE_COORDINATOR, "Bắc Hà", NULL, 0);
	add_account(db, "admin", ROLE_ADMIN, NULL, NULL, 0);
	receive(TU, "HOP Hoa Sen CO 1 2 VANG 3");
	receive(HANH, "HOP Mai Vang CO 4");
	receive(HANH, "HOP Hoa Sen CO 1");
	return 0;
}

static int
teardown(void **state)
{
	conf_free(&S->conf);
	free(S);
	return test_teardown(state);
}

static int64_t
account_id(const char *name)
{
	struct account a;
	int64_t id;

	assert_int_equal(account_get(S->w.db, name, &a), 0);
	id = a.id;
	account_free(&a);
	return id;
}

/* The texts of the forms f lists, newest first, joined by " | ". */
struct texts {
	char s[512];
};

static int
text_of(const struct forms_item *it, void *arg)
{
	struct texts *t = arg;
	size_t n = strlen(t->s);

	snprintf(t->s + n, sizeof t->s - n, "%s%s", n ? " | " : "", it->text);
	return 0;
}

static const char *
listed(const char *as, struct forms_filter *f)
{
	static struct texts t;
	struct account a;

	t.s[0] = '\0';
	if (as) {
		assert_int_equal(account_get(S->w.db, as, &a), 0);
		f->scope = &a;
	}
	assert_int_equal(forms_each(S->w.db, f, text_of, &t), 0);
	if (as)
		account_free(&a);
	f->scope = NULL;
	return t.s;
}

static void
list_scope_and_filters(void **state)
{
	struct forms_filter f = { 0 };

	(void)state;
	assert_string_equal(listed(NULL, &f), "HOP Hoa Sen CO 1 | "
	    "HOP Mai Vang CO 4 | HOP Hoa Sen CO 1 2 VANG 3");
	assert_string_equal(listed("admin", &f), listed(NULL, &f));
	/* an organiser: her own forms only */
	assert_string_equal(listed("tu", &f), "HOP Hoa Sen CO 1 2 VANG 3");
	assert_string_equal(listed("hanh", &f), "HOP Hoa Sen CO 1 | "
	    "HOP Mai Vang CO 4");
	/* a coordinator: her district's group; a refused form by the
	 * group of its sender */
	assert_string_equal(listed("mk", &f), "HOP Hoa Sen CO 1 2 VANG 3");
	assert_string_equal(listed("bh", &f), "HOP Hoa Sen CO 1 | "
	    "HOP Mai Vang CO 4");
	f.outcome = "refused";
	assert_string_equal(listed(NULL, &f), "HOP Hoa Sen CO 1");
	f.outcome = NULL;
	f.group_id = S->g1;
	assert_string_equal(listed(NULL, &f), "HOP Hoa Sen CO 1 2 VANG 3");
	f.group_id = 0;
	f.account_id = account_id("hanh");
	f.limit = 1;
	assert_string_equal(listed(NULL, &f), "HOP Hoa Sen CO 1");
	f = (struct forms_filter){ .since = clock_now() + 60 };
	assert_string_equal(listed(NULL, &f), "");
	assert_true(forms_outcome_valid("limited"));
	assert_false(forms_outcome_valid("rate-limited"));
}

/* A repayment's group is its loan's; a visit's person shows by case code. */
static void
recorded_show(void **state)
{
	struct forms_item it = { .entity = "meeting", .group = "Hoa Sen",
		.day = test_day(2026, 12, 5) };
	char buf[128];

	(void)state;
	assert_string_equal(forms_recorded_show(&it, buf, sizeof buf),
	    "meeting of Hoa Sen on 2026-12-05");
	it = (struct forms_item){ .entity = "loan_pay", .loan_id = 12,
		.case_code = "LC-2026-0001", .day = DATE_NONE };
	assert_string_equal(forms_recorded_show(&it, buf, sizeof buf),
	    "repayment to loan 12 (LC-2026-0001)");
	it = (struct forms_item){ .entity = "visit", .case_code = "LC-2026-0004",
		.day = DATE_NONE };
	assert_string_equal(forms_recorded_show(&it, buf, sizeof buf),
	    "visit to LC-2026-0004");
	it = (struct forms_item){ .day = DATE_NONE };
	assert_string_equal(forms_recorded_show(&it, buf, sizeof buf), "");
}

/* ---- through web_handle ---- */

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

static int
status(const char *method, const char *path, const char *form)
{
	struct web_resp rs;
	int st = req(method, path, form, &rs);

	web_resp_free(&rs);
	return st;
}

static void
login(const char *name)
{
	struct web_resp rs;
	char form[128];

	S->token[0] = '\0';
	snprintf(form, sizeof form, "name=%s&password=m%%E1%%BA%%ADt+"
	    "kh%%E1%%BA%%A9u+d%%C3%%A0i+1", name);
	assert_int_equal(req("POST", "/login", form, &rs), 303);
	assert_int_equal(sscanf(rs.cookie, WEB_COOKIE "=%64[0-9a-f]", S->token),
	    1);
	web_resp_free(&rs);
}

/* The body of a GET that must answer 200. Caller frees rs. */
static const char *
page(const char *path, const char *query, struct web_resp *rs)
{
	assert_int_equal(req("GET", path, query, rs), 200);
	return rs->body.s;
}

static long long
count(const char *sql)
{
	return test_count(S->w.db, sql);
}

static void
forms_page_scope(void **state)
{
	struct web_resp rs;
	char q[64];
	const char *b;

	(void)state;
	login("tu");
	b = page("/forms", NULL, &rs);
	assert_non_null(strstr(b, "HOP Hoa Sen CO 1 2 VANG 3"));
	assert_null(strstr(b, "Mai Vang"));
	assert_null(strstr(b, "HOP Hoa Sen CO 1<"));
	/* what it recorded, linked; the reply */
	snprintf(q, sizeof q, "href=\"/group?group=%lld\"", (long long)S->g1);
	assert_non_null(strstr(b, q));
	assert_non_null(strstr(b, "outcome-recorded"));
	assert_non_null(strstr(b, "2 có mặt, 1 vắng"));
	assert_null(strstr(b, "Nguyễn Thị Hoa"));
	assert_null(strstr(b, TU));
	web_resp_free(&rs);
	/* another organiser's group: 403, audited */
	snprintf(q, sizeof q, "group=%lld", (long long)S->g2);
	assert_int_equal(status("GET", "/forms/group", q), 403);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE action = "
	    "'denied' AND entity = 'group'"), 1);
	/* a bad outcome is a form error */
	assert_int_equal(status("GET", "/forms", "outcome=lost"), 400);

	login("bh");
	b = page("/forms", NULL, &rs);
	assert_non_null(strstr(b, "HOP Mai Vang CO 4"));
	assert_non_null(strstr(b, "outcome-refused"));
	assert_null(strstr(b, "VANG 3</code>"));
	web_resp_free(&rs);
	/* the coordinator of another district: 403 on this district's group */
	snprintf(q, sizeof q, "group=%lld", (long long)S->g1);
	assert_int_equal(status("GET", "/forms/group", q), 403);
	snprintf(q, sizeof q, "group=%lld&outcome=refused", (long long)S->g2);
	b = page("/forms/group", q, &rs);
	assert_null(strstr(b, "<code>"));       /* the refusal has no group */
	web_resp_free(&rs);

	login("mk");
	snprintf(q, sizeof q, "group=%lld", (long long)S->g1);
	b = page("/forms/group", q, &rs);
	assert_non_null(strstr(b, "HOP Hoa Sen CO 1 2 VANG 3"));
	assert_null(strstr(b, "HOP Hoa Sen CO 1<"));
	web_resp_free(&rs);
}

static void
queue_manual(int64_t person, const char *text)
{
	struct outbox_msg m = { .person_id = person, .kind = "manual",
		.text = text, .max_parts = 3 };
	int64_t id;

	assert_int_equal(outbox_enqueue(S->w.db, &m, &id), 0);
}

static void
outbox_page(void **state)
{
	struct web_resp rs;
	const char *b;

	(void)state;
	queue_manual(S->person[1], "Chi Hoa oi, mai hop nhe");
	queue_manual(S->person[4], "Chi Lan oi, mai hop nhe");
	login("tu");
	assert_int_equal(status("GET", "/sms/outbox", NULL), 403);
	assert_int_equal(status("GET", "/sms/modem", NULL), 403);
	assert_int_equal(status("GET", "/sms/inbox", NULL), 403);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE action = "
	    "'denied' AND entity = 'page'"), 3);

	login("mk");
	b = page("/sms/outbox", NULL, &rs);
	/* within the district: text and whole number */
	assert_non_null(strstr(b, "Chi Hoa oi"));
	assert_non_null(strstr(b, "+84912000001"));
	/* outside it, and the replies to organisers: masked, no text */
	assert_null(strstr(b, "Chi Lan oi"));
	assert_null(strstr(b, "+84912000004"));
	assert_null(strstr(b, "Đã ghi"));
	assert_null(strstr(b, TU));
	assert_non_null(strstr(b, "(outside your area)"));
	assert_non_null(strstr(b, "data-state=\"queued\""));
	web_resp_free(&rs);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = "
	    "'outbox' AND action = 'view' AND actor = 'mk' AND account_id = "
	    "(SELECT id FROM account WHERE name = 'mk')"), 1);
	assert_int_equal(status("GET", "/sms/outbox", "state=lost"), 400);
	b = page("/sms/outbox", "state=sent", &rs);
	assert_null(strstr(b, "data-state=\"queued\""));
	web_resp_free(&rs);

	login("admin");
	b = page("/sms/outbox", NULL, &rs);
	assert_non_null(strstr(b, "Chi Lan oi"));
	assert_non_null(strstr(b, TU));
	web_resp_free(&rs);
}

static void
inbox_and_modem(void **state)
{
	struct web_resp rs;
	const char *b;

	(void)state;
	receive("+84912000001", "Em khoe a");
	receive("+84912000004", "Em can giup");
	login("mk");
	b = page("/sms/inbox", NULL, &rs);
	assert_non_null(strstr(b, "Em khoe a"));
	assert_null(strstr(b, "Em can giup"));
	assert_null(strstr(b, "HOP Mai Vang"));
	web_resp_free(&rs);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = "
	    "'inbox' AND action = 'view'"), 1);

	b = page("/sms/modem", NULL, &rs);
	assert_non_null(strstr(b, "the service has not run"));
	assert_non_null(strstr(b, S->conf.tpl_checkin));
	web_resp_free(&rs);
	assert_int_equal(db_run(S->w.db, "INSERT INTO modem_state (id, "
	    "connected, signal, sim_used, sim_size, last_error, updated_at) "
	    "VALUES (1, 1, 73, 2, 30, NULL, ?1)", "i", (int64_t)clock_now()), 0);
	assert_int_equal(db_run(S->w.db, "UPDATE outbox SET state = 'sent', "
	    "sent_at = ?1, attempts = 1 WHERE id = 1", "i",
	    (int64_t)clock_now() - 120), 0);
	assert_int_equal(db_run(S->w.db, "UPDATE outbox SET last_error = "
	    "'network refused', tried_at = ?1, attempts = 2 WHERE id = 2", "i",
	    (int64_t)clock_now() - 60), 0);
	b = page("/sms/modem", NULL, &rs);
	assert_non_null(strstr(b, "<dd id=\"signal\">73 %</dd>"));
	assert_non_null(strstr(b, "<dd id=\"connected\">connected (as of "
	    "2026-12-05 10:00)</dd>"));
	assert_non_null(strstr(b, "<dd id=\"last-send\">2026-12-05 09:58</dd>"));
	assert_non_null(strstr(b, "<dd id=\"failures-today\">1</dd>"));
	web_resp_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(list_scope_and_filters, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(recorded_show, setup, teardown),
		cmocka_unit_test_setup_teardown(forms_page_scope, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(outbox_page, setup, teardown),
		cmocka_unit_test_setup_teardown(inbox_and_modem, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
