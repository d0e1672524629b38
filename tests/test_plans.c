#include "testutil.h"

#include <ctype.h>

#include "config/conf.h"
#include "core/account.h"
#include "core/clock.h"
#include "core/person.h"
#include "core/util.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "groups/schedule.h"
#include "reports/followlist.h"
#include "sms/inbox.h"
#include "sms/modem.h"
#include "sms/outbox.h"
#include "sms/replies.h"
#include "sms/scheduler.h"
#include "web/cache.h"
#include "web/web.h"

/*
 * Query plans of the hot paths. The modules' own functions run on a
 * database with people, groups, sent check-ins and replies, under
 * sqlite3_trace_v2: every statement they run is collected (the SQL text
 * the module prepared, so the test follows the code), then each is put
 * through EXPLAIN QUERY PLAN and must not scan a table that grows with
 * the history or the province (a full scan, with or without an index,
 * as opposed to a search), nor sort rows of one in a temporary B-tree
 * unless it searched them for one key.
 *
 * No ANALYZE is run, as in deployments: without sqlite_stat1 SQLite's
 * planner goes by the schema and fixed estimates, not by the rows, so
 * the plans here are the plans of a province-sized database with the
 * same schema. SHG_TEST_PLANS=1 prints every statement with its plan.
 */

#define MAXSQL 400

struct trace {
	char *sql[MAXSQL];
	int n;
};

static int
on_stmt(unsigned type, void *ctx, void *p, void *x)
{
	struct trace *t = ctx;
	const char *sql = sqlite3_sql(p);

	(void)type;
	(void)x;
	if (!sql)
		return 0;
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->sql[i], sql) == 0)
			return 0;
	if (t->n < MAXSQL)
		t->sql[t->n++] = strdup(sql);
	return 0;
}

/* Tables that grow with the history or the size of the province. */
static const char *const large[] = {
	"outbox", "outbox_part", "inbox", "person", "membership", "meeting",
	"attendance", "loan", "loan_inst", "loan_pay", "visit", "audit",
	"help_case", "ikgrant", "checkin_next", NULL,
};

/* 1 when word w occurs in s as a whole identifier. */
static int
has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
		if ((p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
		    !(isalnum((unsigned char)p[n]) || p[n] == '_'))
			return 1;
	return 0;
}

/* The large table that name stands for in sql (itself, or an alias:
 * "outbox o", "outbox AS o"), or NULL. */
static const char *
large_table(const char *sql, const char *name)
{
	char pat[160];

	for (int i = 0; large[i]; i++) {
		if (strcmp(name, large[i]) == 0)
			return large[i];
		snprintf(pat, sizeof pat, "%s %s", large[i], name);
		if (has_word(sql, pat))
			return large[i];
		snprintf(pat, sizeof pat, "%s AS %s", large[i], name);
		if (has_word(sql, pat))
			return large[i];
	}
	return NULL;
}

/* 1 when index idx is partial (reads only the rows its WHERE keeps, such
 * as open help cases or queued messages). */
static int
partial_index(struct db *db, const char *idx)
{
	char q[200];

	snprintf(q, sizeof q, "SELECT count(*) FROM sqlite_master WHERE "
	    "type = 'index' AND name = '%s' AND sql LIKE '%% WHERE %%'", idx);
	return test_count(db, q) == 1;
}

/*
 * 1 when sql inserts into a table that child references with a foreign
 * key. SQLite codes such an INSERT, into a table with triggers (the
 * change counters of web/schema.c), with a scan of the child table that
 * runs only while a deferred foreign key violation is outstanding
 * (OP_FkIfZero skips it otherwise): never in this program.
 */
static int
insert_fk_check(struct db *db, const char *sql, const char *child)
{
	char parent[64], q[256];

	if (sscanf(sql, "INSERT INTO %63[a-z_]", parent) != 1 &&
	    sscanf(sql, "INSERT OR IGNORE INTO %63[a-z_]", parent) != 1 &&
	    sscanf(sql, "INSERT OR REPLACE INTO %63[a-z_]", parent) != 1)
		return 0;
	snprintf(q, sizeof q, "SELECT count(*) FROM pragma_foreign_key_list("
	    "'%s') WHERE \"table\" = '%s'", child, parent);
	return test_count(db, q) > 0;
}

/* 1 when a plan line of sql scans a large table ("SCAN t", "SCAN alias",
 * "SCAN t USING [COVERING] INDEX i" unless i is partial). */
static int
scans_large(struct db *db, const char *sql, const char *detail)
{
	char name[64], idx[64];
	const char *u;

	if (strncmp(detail, "SCAN ", 5) != 0 ||
	    sscanf(detail + 5, "%63s", name) != 1 ||
	    !large_table(sql, name) || insert_fk_check(db, sql, name))
		return 0;
	if ((u = strstr(detail, " INDEX ")) &&
	    sscanf(u + 7, "%63s", idx) == 1 && partial_index(db, idx))
		return 0;
	return 1;
}

/* Scans known and accepted for now, each found by a fragment of its SQL. */
static const char *const known_scans[] = {
	/* The loans page of an organiser (groups/loanreview.c,
	 * pf_load_loans): the portfolio reads every loan of the province,
	 * then keeps those of her people; to be searched through her
	 * borrowers instead. */
	"FROM loan l LEFT JOIN grp g ON g.id = l.group_id WHERE ?2 IS NULL "
	    "AND ?3 IS NULL AND ?4 IS NULL",
	NULL,
};

static int
known_scan(const char *sql)
{
	for (int i = 0; known_scans[i]; i++)
		if (strstr(sql, known_scans[i]))
			return 1;
	return 0;
}

/* 1 when a plan line reads a large table of sql (a SCAN or SEARCH). */
static int
reads_large(const char *sql, const char *detail)
{
	char name[64];

	return (sscanf(detail, "SCAN %63s", name) == 1 ||
	    sscanf(detail, "SEARCH %63s", name) == 1) &&
	    large_table(sql, name) != NULL;
}

/* 1 when a plan line searches a large table for one key value ("=?" on
 * the index's first column, or the row id): the rows it gives are those
 * of one person, group, loan or day, few enough to sort. */
static int
narrowed(struct db *db, const char *sql, const char *detail)
{
	const char *open = strchr(detail, '('), *u;
	char idx[64];

	if (!reads_large(sql, detail))
		return 0;
	/* a partial index holds few rows by design (open help cases) */
	if ((u = strstr(detail, " INDEX ")) && sscanf(u + 7, "%63s", idx) == 1 &&
	    partial_index(db, idx))
		return 1;
	return strncmp(detail, "SEARCH ", 7) == 0 && open && strstr(open, "=?");
}

/* Temporary B-trees known and accepted for now: they sort rows of a large
 * table found by a range, each found by a fragment of its SQL. */
static const char *const known_sorts[] = {
	/* The scheduler's check-ins due: the two walks of checkin_next in
	 * due order, merged (ORDER BY with LIMIT: SQLite keeps the first
	 * rows only). */
	"FROM checkin_next c JOIN person p ON p.id = c.person_id",
	/* The loans page (groups/loanreview.c, the portfolio): the loans
	 * with installments overdue at either end of the period, from the
	 * open ones and those paid off since. */
	"SELECT loan_id FROM loan_inst WHERE paid_off_on IS NULL AND "
	    "due_on < ?2 UNION",
	NULL,
};

static int
known_sort(const char *sql)
{
	for (int i = 0; known_sorts[i]; i++)
		if (strstr(sql, known_sorts[i]))
			return 1;
	return 0;
}

/* The number of statements of t whose plan scans a large table, or sorts
 * rows of one in a temporary B-tree without having searched it for one
 * key; each is printed with its plan. */
static int
check_plans(struct db *db, struct trace *t)
{
	int bad = 0;

	for (int i = 0; i < t->n; i++) {
		size_t len = strlen(t->sql[i]) + 32;
		char *q = malloc(len);
		sqlite3_stmt *st;
		int scan = 0, temp = 0, big = 0, narrow = 0;
		char plan[4096] = "";

		snprintf(q, len, "EXPLAIN QUERY PLAN %s", t->sql[i]);
		if (sqlite3_prepare_v2(db_sqlite(db), q, -1, &st, NULL) !=
		    SQLITE_OK) {
			free(q);
			continue;	/* BEGIN, COMMIT, PRAGMA ... */
		}
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *d = (const char *)sqlite3_column_text(st, 3);
			if (!d)
				continue;
			scan |= scans_large(db, t->sql[i], d);
			temp |= strstr(d, "TEMP B-TREE") != NULL;
			big |= reads_large(t->sql[i], d);
			narrow |= narrowed(db, t->sql[i], d);
			snprintf(plan + strlen(plan), sizeof plan - strlen(plan),
			    "    %s\n", d);
		}
		sqlite3_finalize(st);
		free(q);
		if (getenv("SHG_TEST_PLANS"))
			fprintf(stderr, "%s\n%s", t->sql[i], plan);
		if (scan && known_scan(t->sql[i])) {
			fprintf(stderr, "known full scan (see known_scans):\n"
			    "  %.100s...\n", t->sql[i]);
		} else if (scan) {
			bad++;
			fprintf(stderr, "full scan in:\n  %s\n%s", t->sql[i], plan);
		} else if (temp && big && !narrow && !known_sort(t->sql[i])) {
			bad++;
			fprintf(stderr, "temporary B-tree over a large table's "
			    "rows in:\n  %s\n%s", t->sql[i], plan);
		}
	}
	return bad;
}

static void
trace_free(struct trace *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->sql[i]);
	t->n = 0;
}

static void
trace_on(struct db *db, struct trace *t)
{
	sqlite3_trace_v2(db_sqlite(db), SQLITE_TRACE_STMT, on_stmt, t);
}

static void
trace_off(struct db *db)
{
	sqlite3_trace_v2(db_sqlite(db), 0, NULL, NULL);
}

/* A group meeting on Tuesdays (today, 23/11/2026, is a Monday: the
 * scheduler reminds of tomorrow's meeting). */
static int64_t
add_group(struct db *db, const char *name, const char *organiser)
{
	struct group g;
	int64_t id;

	group_init(&g);
	g.name = strdup(name);
	g.organiser_name = strdup(organiser);
	assert_int_equal(schedule_parse_into(&g, "weekly tue 08:00",
	    test_day(2026, 10, 1)), 0);
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static int64_t
add_person(struct db *db, int i)
{
	struct person p;
	char phone[32];

	test_person_init(&p, "Phạm Thị Hồng", "suspected");
	p.route = strdup("marriage");
	snprintf(phone, sizeof phone, "+8491200%04d", i);
	p.phone = strdup(phone);
	p.sms_consent = 1;
	return test_person_save(db, &p, "LC");
}

/* A monthly loan of 1,000,000 đ disbursed on day, nothing repaid. */
static void
add_loan(struct db *db, int64_t person, int day)
{
	struct loan l = { .person_id = person, .source = "wu" };

	l.terms.principal = 1000000;
	l.terms.rate_ppm = 6500;
	l.terms.rate_unit = LOANCALC_PER_MONTH;
	l.terms.term_months = 6;
	l.terms.freq = LOANCALC_MONTHLY;
	l.terms.method = LOANCALC_FLAT;
	l.terms.disbursed_day = day;
	assert_int_equal(loan_disburse(db, &l), 0);
}

struct fx {
	struct test_db *t;
	struct conf conf;
	int64_t people[40], groups[2];
	struct trace trace;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct db *db;
	int d1 = test_day(2026, 10, 1);
	time_t t0;

	clock_set_timezone("Asia/Ho_Chi_Minh");
	t0 = time_from_local(test_day(2026, 11, 1), 9 * 60);
	clock_set(t0);
	conf_defaults(&f->conf);
	f->t = test_db_new();
	db = f->t->db;
	f->groups[0] = add_group(db, "Hoa Sen", "Nguyễn Thị Tư");
	f->groups[1] = add_group(db, "Hoa Mai", "Lê Văn Ba");
	for (int i = 0; i < 40; i++) {
		struct outbox_msg m = { .kind = "checkin",
			.subject = "checkin", .occasion = "2026-11-01",
			.text = "1 hay 2?" };
		int64_t id;

		f->people[i] = add_person(db, i);
		assert_int_equal(group_join(db, f->groups[i % 2],
		    f->people[i], d1, NULL, 0, NULL), 0);
		m.person_id = f->people[i];
		assert_int_equal(outbox_enqueue(db, &m, &id), OUTBOX_QUEUED);
		if (i < 30) {
			assert_int_equal(outbox_mark_sending(db, id, t0), 0);
			assert_int_equal(outbox_mark_sent(db, id, t0, 1), 0);
		}
	}
	clock_set(time_from_local(test_day(2026, 11, 23), 9 * 60));
	/* An installment due in loan_days_before days, one overdue by
	 * loan_overdue_days: both in the scheduler's due lists today. */
	add_loan(db, f->people[0], date_add_months(date_today() +
	    f->conf.loan_days_before, -1));
	add_loan(db, f->people[1], date_add_months(date_today() -
	    f->conf.loan_overdue_days, -1));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	trace_off(f->t->db);
	trace_free(&f->trace);
	test_db_close(f->t);
	conf_free(&f->conf);
	free(f);
	return 0;
}

/* The service's side: the next message to send (alerts first), a
 * delivery report, replies stored and linked to the messages they
 * answer. */
static void
test_service_queries(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct outbox_row r;
	struct modem_msg_in in[3];
	struct replies_stats rs;

	trace_on(db, &f->trace);
	assert_int_equal(outbox_next_alert(db, clock_now(), &r), 0);
	assert_int_equal(outbox_next_due(db, clock_now(), &r), 1);
	outbox_row_free(&r);
	outbox_report(db, "+84912000001", 0, "delivered", NULL, clock_now());
	memset(in, 0, sizeof in);
	for (int i = 0; i < 3; i++) {
		snprintf(in[i].sender, sizeof in[i].sender, "+8491200%04d", i);
		in[i].sent = clock_now() - 60;
		in[i].coding = MODEM_CODING_7BIT;
		in[i].text = (char *)(i == 2 ? "GIUP" : "1");
	}
	assert_int_equal(inbox_store(db, in, 3, clock_now(), 3600), 3);
	assert_int_equal(replies_run(db, &f->conf, clock_now(), &rs), 0);
	assert_true(rs.handled == 3);
	trace_off(db);
	assert_true(f->trace.n > 10);
	assert_int_equal(check_plans(db, &f->trace), 0);
}

/* The scheduler's passes: meeting reminders (members of each group with
 * a meeting in the window, their keys), loan reminders (installments due
 * soon and overdue, each borrower), check-ins due; then a meeting moved,
 * and the next pass finding the stale reminders, cancelling them and
 * telling those who had one. */
static void
test_scheduler_queries(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct scheduler *s = scheduler_new();
	struct scheduler_stats st;
	struct group g;

	trace_on(db, &f->trace);
	assert_int_equal(scheduler_run(s, db, &f->conf, clock_now(), &st), 0);
	assert_true(st.reminders >= 40);
	assert_int_equal(st.loans, 2);
	assert_int_equal(group_get_id(db, f->groups[0], &g), 0);
	assert_int_equal(schedule_move(db, &f->conf, &g, test_day(2026, 11,
	    24), test_day(2026, 11, 26), -1, "mưa"), 0);
	group_free(&g);
	assert_int_equal(scheduler_run(s, db, &f->conf, clock_now() + 60, &st),
	    0);
	assert_int_equal(st.notices, 20);
	assert_true(st.cancelled >= 20);
	trace_off(db);
	scheduler_free(s);
	assert_true(f->trace.n > 10);
	assert_int_equal(check_plans(db, &f->trace), 0);
}

/* The follow-up list's parts for one organiser's members (the web
 * interface's Today page). The whole province's list (shg followup)
 * reads every member by design and is not checked here. */
static void
test_followlist_queries(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct followlist list;
	struct followlist_params p = { .today = date_today(),
		.now = clock_now(), .checkin_answer_days = 3 };
	int64_t *ids = NULL;
	int n = 0;

	trace_on(db, &f->trace);
	assert_int_equal(followlist_members(db, f->groups, 1, date_today(), &ids, &n), 0);
	p.people = ids;
	p.npeople = n;
	memset(&list, 0, sizeof list);
	assert_int_equal(followlist_build(db, &f->conf, &p, &list), 0);
	followlist_free(&list);
	free(ids);
	trace_off(db);
	assert_true(f->trace.n > 5);
	assert_int_equal(check_plans(db, &f->trace), 0);
}

/* The plan of the traced statement of t containing fragment, one line
 * per step (caller frees), or NULL when none ran. */
static char *
plan_of(struct db *db, const struct trace *t, const char *fragment)
{
	char plan[4096] = "", *q;
	sqlite3_stmt *st;

	for (int i = 0; i < t->n; i++) {
		if (!strstr(t->sql[i], fragment))
			continue;
		q = malloc(strlen(t->sql[i]) + 32);
		sprintf(q, "EXPLAIN QUERY PLAN %s", t->sql[i]);
		assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), q, -1, &st,
		    NULL), SQLITE_OK);
		while (sqlite3_step(st) == SQLITE_ROW)
			snprintf(plan + strlen(plan), sizeof plan - strlen(plan),
			    "%s\n", (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
		free(q);
		if (getenv("SHG_TEST_PLANS"))
			fprintf(stderr, "%s\n%s", t->sql[i], plan);
		return strdup(plan);
	}
	return NULL;
}

/* 1 when plan has step words w, as a whole ("INDEX x", not "INDEX xy"). */
static int
plan_has(const char *plan, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(plan, w); p; p = strstr(p + 1, w))
		if (p[n] == ' ' || p[n] == '\n')
			return 1;
	return 0;
}

/* The statement of t containing fragment reads index idx alone
 * ("COVERING INDEX idx") and sorts nothing into a temporary B-tree. */
static void
reads_index_alone(struct db *db, const struct trace *t, const char *fragment,
    const char *idx)
{
	char *plan = plan_of(db, t, fragment), want[100];

	assert_non_null(plan);
	snprintf(want, sizeof want, "COVERING INDEX %s", idx);
	if (!plan_has(plan, want) || strstr(plan, "TEMP B-TREE"))
		fprintf(stderr, "%s:\n%s", fragment, plan);
	assert_true(plan_has(plan, want) && !strstr(plan, "TEMP B-TREE"));
	free(plan);
}

/*
 * The whole province's follow-up list (shg followup) and loan review
 * read every member and loan by design; their passes go through the
 * indexes made for them: everyone's newest sent check-in, the unpaid
 * installments with what is kept paid on them, the open memberships, a
 * person's current group, the last visit that reached a person, the
 * repayments made after the date.
 */
static void
test_province_lists(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct followlist list;
	struct followlist_params p = { .today = date_today(),
		.now = clock_now(), .checkin_answer_days = 3 };
	struct loan_arrear *a;
	struct loan_portfolio *pf;
	char *plan;
	int n;

	trace_on(db, &f->trace);
	memset(&list, 0, sizeof list);
	assert_int_equal(followlist_build(db, &f->conf, &p, &list), 0);
	followlist_free(&list);
	assert_int_equal(loan_arrears(db, date_today(), &a, &n), 0);
	loan_arrears_free(a, n);
	assert_int_equal(loan_portfolio(db, LOAN_BY_ALL, date_today(),
	    date_today() - 29, date_today(), &pf, &n), 0);
	loan_portfolio_free(pf, n);
	trace_off(db);
	reads_index_alone(db, &f->trace, "FROM outbox INDEXED BY "
	    "outbox_checkin_sent", "outbox_checkin_sent");
	reads_index_alone(db, &f->trace, "SELECT ms.group_id, ms.person_id "
	    "FROM membership ms", "membership_open");
	reads_index_alone(db, &f->trace, "SELECT i.loan_id, i.due_on, ",
	    "loan_inst_unpaid");
	reads_index_alone(db, &f->trace, "SELECT p.id, p.case_code, "
	    "p.returned_on, (SELECT v.visit_on FROM visit v", "visit_person");
	plan = plan_of(db, &f->trace, "SELECT i.loan_id, i.due_on, ");
	assert_true(plan_has(plan, "INDEX loan_pay_day"));
	free(plan);
	plan = plan_of(db, &f->trace, "SELECT j.key, p.case_code");
	assert_non_null(plan);
	assert_true(plan_has(plan, "COVERING INDEX membership_person"));
	assert_null(strstr(plan, "TEMP B-TREE"));
	free(plan);
	plan = plan_of(db, &f->trace, "FROM loan_pay WHERE paid_on > ?1");
	assert_non_null(plan);
	assert_true(plan_has(plan, "INDEX loan_pay_day"));
	assert_null(strstr(plan, "SCAN"));
	free(plan);
}

/* One request as the signed-in account of token; the status. */
static int
get(struct web *w, const char *path, const char *query, const char *token)
{
	struct web_kv *kv = NULL;
	struct web_req rq = { .method = path ? "GET" : "POST", .path = path ?
		path : "/login", .token = token, .addr = "127.0.0.1" };
	struct web_resp rs = { 0 };
	int n = 0, status;

	if (query)
		assert_int_equal(web_form_parse(query, strlen(query), &kv, &n),
		    0);
	rq.kv = kv;
	rq.nkv = n;
	web_handle(w, &rq, &rs);
	status = rs.status;
	if (!path)
		assert_int_equal(sscanf(rs.cookie, WEB_COOKIE "=%64[0-9a-f]",
		    (char *)token), 1);
	web_resp_free(&rs);
	web_kv_free(kv, n);
	return status;
}

/* The pages an organiser opens (web/): Today, her group, a member, the
 * follow-up list and the loans of her group. */
static void
test_organiser_pages(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct web w = { .db = db, .conf = &f->conf, .idle_minutes = 30 };
	struct account a = { .name = "thu", .role = ROLE_ORGANISER,
		.groups = &f->groups[0], .ngroups = 1 };
	char token[128] = "", q[64];

	account_hash_cost(1);
	assert_int_equal(account_add(db, &a, "mật khẩu dài 1"), 0);
	assert_int_equal(get(&w, NULL, "name=thu&password=m%E1%BA%ADt+"
	    "kh%E1%BA%A9u+d%C3%A0i+1", token), 303);
	trace_on(db, &f->trace);
	assert_int_equal(get(&w, "/", NULL, token), 200);
	snprintf(q, sizeof q, "group=%lld", (long long)f->groups[0]);
	assert_int_equal(get(&w, "/group", q, token), 200);
	snprintf(q, sizeof q, "person=%lld", (long long)f->people[0]);
	assert_int_equal(get(&w, "/person", q, token), 200);
	assert_int_equal(get(&w, "/followup", NULL, token), 200);
	assert_int_equal(get(&w, "/loans", NULL, token), 200);
	trace_off(db);
	cache_clear();
	assert_true(f->trace.n > 10);
	assert_int_equal(check_plans(db, &f->trace), 0);
}

/* The check sees a scan: without the queue's index, taking the next
 * message reads the whole outbox. */
static void
test_scan_is_seen(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct outbox_row r;

	assert_int_equal(sqlite3_exec(db_sqlite(db), "DROP INDEX outbox_due",
	    NULL, NULL, NULL), SQLITE_OK);
	trace_on(db, &f->trace);
	assert_int_equal(outbox_next_due(db, clock_now(), &r), 1);
	outbox_row_free(&r);
	trace_off(db);
	assert_true(check_plans(db, &f->trace) > 0);
}

/* The check sees a sort: the visits of a period (a range of days) put
 * in another order go through a temporary B-tree; those of one person do
 * too, but they are few. */
static void
test_sort_is_seen(void **state)
{
	struct fx *f = *state;

	f->trace.sql[f->trace.n++] = strdup("SELECT id FROM visit WHERE "
	    "visit_on >= ?1 ORDER BY kind");
	assert_int_equal(check_plans(f->t->db, &f->trace), 1);
	trace_free(&f->trace);
	f->trace.sql[f->trace.n++] = strdup("SELECT id FROM visit WHERE "
	    "person_id = ?1 ORDER BY kind");
	assert_int_equal(check_plans(f->t->db, &f->trace), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_service_queries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scheduler_queries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_followlist_queries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_province_lists, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_organiser_pages, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scan_is_seen, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sort_is_seen, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
