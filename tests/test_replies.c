#include "testutil.h"

#include "config/conf.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/person.h"
#include "core/util.h"
#include "groups/group.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/replies.h"
#include "sms/scheduler.h"

/*
 * Reply handling over a real database: Lan and Mai in group "Hoa Sen"
 * whose organiser's phone is +84987000002; the coordinator is
 * +84987000001. The clock starts on 2026-11-23 09:00 local time.
 */
#define LAN "+84912000001"
#define MAI "+84912000002"
#define ORGANISER "+84987000002"
#define COORDINATOR "+84987000001"
#define STRANGER "+84933000009"

struct fx {
	struct test_db *t;
	struct conf conf;
	int64_t lan, mai, group;
};

static char logbuf[2048];

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static void
at(int d, int hh, int mm)
{
	clock_set(time_from_local(d, hh * 60 + mm));
}

static int64_t
add_person(struct db *db, const char *name, const char *phone)
{
	struct person p = { 0 };
	int64_t id;

	p.full_name = strdup(name);
	p.gender = strdup("female");
	p.category = strdup("returned-official");
	p.phone = strdup(phone);
	p.status = strdup("active");
	p.sms_consent = 1;
	p.returned_on = p.closed_on = DATE_NONE;
	p.consent_on = day(2026, 11, 1);
	assert_int_equal(person_add(db, &p, "LC"), 0);
	id = p.id;
	person_free(&p);
	return id;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct group g;
	int d1 = day(2026, 11, 1);

	clock_set_timezone("Asia/Ho_Chi_Minh");
	at(day(2026, 11, 23), 9, 0);
	f->t = test_db_new();
	conf_defaults(&f->conf);
	free(f->conf.coordinator_phone);
	f->conf.coordinator_phone = strdup(COORDINATOR);
	f->conf.checkin_every_days = 30;
	group_init(&g);
	g.name = strdup("Hoa Sen");
	g.organiser_name = strdup("Bà Tư");
	g.organiser_phone = strdup(ORGANISER);
	assert_int_equal(group_add(f->t->db, &g), 0);
	f->group = g.id;
	group_free(&g);
	f->lan = add_person(f->t->db, "Nguyễn Thị Lan", LAN);
	f->mai = add_person(f->t->db, "Trần Thị Mai", MAI);
	assert_int_equal(group_join(f->t->db, f->group, f->lan, d1, NULL, 0,
	    NULL), 0);
	assert_int_equal(group_join(f->t->db, f->group, f->mai, d1, NULL, 0,
	    NULL), 0);
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
	conf_free(&f->conf);
	test_db_close(f->t);
	free(f);
	return 0;
}

static long long
count(struct fx *f, const char *sql)
{
	return test_count(f->t->db, sql);
}

/* A prompt sent to person at the current clock. */
static int64_t
prompt(struct fx *f, int64_t person, const char *kind, const char *occasion,
    time_t expires)
{
	struct outbox_msg m = { .person_id = person, .kind = kind,
		.subject = str_eq(kind, "checkin") ? "checkin" : "group:1",
		.occasion = occasion, .text = "nhắn 1 hoặc 2",
		.expires_at = expires };
	int64_t id;

	assert_int_equal(outbox_enqueue(f->t->db, &m, &id), OUTBOX_QUEUED);
	assert_int_equal(outbox_mark_sending(f->t->db, id, clock_now()), 0);
	assert_int_equal(outbox_mark_sent(f->t->db, id, clock_now(), 1), 0);
	return id;
}

/* An SMS from number with text arrives now and is handled; returns
 * the stats. */
static struct replies_stats
receive(struct fx *f, const char *from, const char *text)
{
	struct modem_msg_in m = { .kind = MODEM_MSG_TEXT,
		.sent = clock_now(), .coding = MODEM_CODING_UCS2 };
	struct replies_stats st;

	snprintf(m.sender, sizeof m.sender, "%s", from);
	m.text = (char *)text;
	assert_int_equal(inbox_store(f->t->db, &m, 1, clock_now(), 600), 1);
	assert_int_equal(replies_run(f->t->db, &f->conf, clock_now(), &st), 0);
	assert_int_equal(st.handled, 1);
	return st;
}

/* Meaning and answered prompt of the newest inbox row. */
static void
last_reply(struct fx *f, char *meaning, size_t size, int64_t *answers)
{
	static const char sql[] = "SELECT meaning, coalesce(answers, 0) FROM "
	    "inbox ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st = db_prepare(f->t->db, sql);

	assert_non_null(st);
	assert_int_equal(db_step(f->t->db, st), SQLITE_ROW);
	snprintf(meaning, size, "%s", db_col_text(st, 0));
	*answers = db_col_int(st, 1);
	db_reset(st);
}

static void
expect_last(struct fx *f, const char *meaning, int64_t answers)
{
	char m[32];
	int64_t a;

	last_reply(f, m, sizeof m, &a);
	assert_string_equal(m, meaning);
	assert_int_equal(a, answers);
}

static void
test_checkin_keywords(void **state)
{
	struct fx *f = *state;
	int64_t c1 = prompt(f, f->lan, "checkin", "2026-11-23", 0);

	receive(f, LAN, "  Khỏe ạ, cảm ơn!! ");
	expect_last(f, "well", c1);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "handled = 1 AND read_at IS NOT NULL"), 1);
	/* Answered: the next reply has no context, "1" is free text. */
	at(day(2026, 11, 23), 10, 0);
	receive(f, LAN, "1");
	expect_last(f, "free-text", 0);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "read_at IS NULL AND handled = 1"), 1);
	/* Mixed case with extra words. */
	c1 = prompt(f, f->mai, "checkin", "2026-11-23", 0);
	at(day(2026, 11, 23), 11, 0);
	receive(f, MAI, "oK em on");
	expect_last(f, "well", c1);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case"), 0);
}

static void
test_answer_goes_to_newest_open_checkin(void **state)
{
	struct fx *f = *state;
	int64_t old, newer;

	at(day(2026, 11, 1), 9, 0);
	old = prompt(f, f->lan, "checkin", "2026-11-01", 0);
	at(day(2026, 11, 15), 9, 0);
	newer = prompt(f, f->lan, "checkin", "2026-11-15", 0);
	/* A meeting reminder to Mai is no context for Lan. */
	prompt(f, f->mai, "meeting", "2026-11-25>2026-11-25 08:00 before",
	    time_from_local(day(2026, 11, 25), 480));
	at(day(2026, 11, 16), 9, 0);
	receive(f, LAN, "1");
	expect_last(f, "well", newer);
	receive(f, LAN, "OK");
	expect_last(f, "well", old);
	/* The old one is past the check-in frequency (30 days) after the
	 * 1st: no context any more. */
	at(day(2026, 12, 2), 9, 0);
	receive(f, LAN, "khoe");
	expect_last(f, "free-text", 0);
}

static void
test_help_alerts_organiser_and_coordinator(void **state)
{
	struct fx *f = *state;
	struct replies_stats st;
	int64_t c1 = prompt(f, f->lan, "checkin", "2026-11-23", 0), id;
	char code[40];
	struct outbox_row r;

	st = receive(f, LAN, "2");
	assert_int_equal(st.help, 1);
	assert_int_equal(st.alerts, 2);
	expect_last(f, "needs-help", c1);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case WHERE "
	    "person_id = 1 AND closed_at IS NULL AND inbox_id = 1"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'alert' AND person_id IS NULL AND state = 'queued'"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'alert' AND recipient = '" ORGANISER "'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'alert' AND recipient = '" COORDINATOR "'"), 1);
	assert_int_equal(db_int(f->t->db, &id, 0, "SELECT id FROM outbox "
	    "WHERE kind = 'alert' LIMIT 1", ""), 0);
	assert_int_equal(outbox_get(f->t->db, id, &r), 0);
	snprintf(code, sizeof code, "LC-2026-0001");
	assert_non_null(strstr(r.text, code));
	assert_non_null(strstr(r.text, "Hoa Sen"));
	assert_null(strstr(r.text, "Lan"));
	assert_null(strstr(r.text, "returned"));
	assert_null(strstr(r.text, "official"));
	outbox_row_free(&r);
	/* Nothing in the log names her. */
	assert_null(strstr(logbuf, "Lan"));
	assert_null(strstr(logbuf, LAN));
	/* Asking again adds to the open case: no new alert. */
	st = receive(f, LAN, "Cứu em với");
	assert_int_equal(st.alerts, 0);
	expect_last(f, "needs-help", 0);
	assert_int_equal(count(f, "SELECT requests FROM help_case"), 2);
	/* Acknowledging the first message closes the case ... */
	assert_int_equal(replies_ack(f->t->db, 1, "tu", "đã gọi điện",
	    clock_now()), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case WHERE "
	    "closed_at IS NOT NULL AND typeof(note) = 'blob' AND "
	    "crypt_open(note, 'help_case.note', id) = 'đã gọi điện' AND "
	    "closed_by = 'tu'"), 1);
	assert_int_equal(replies_ack(f->t->db, 1, "tu", "x", clock_now()), -1);
	assert_non_null(strstr(logbuf, "read already"));
	assert_int_equal(replies_ack(f->t->db, 2, "tu", "", clock_now()), -1);
	/* ... and a new request opens a new one, alerted again. */
	st = receive(f, LAN, "CAN GIUP");
	assert_int_equal(st.alerts, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case"), 2);
}

static void
test_meeting_replies_in_context(void **state)
{
	struct fx *f = *state;
	time_t start = time_from_local(day(2026, 11, 25), 480);
	int64_t lb, mb, mt;
	int yes, no;

	lb = prompt(f, f->lan, "meeting", "2026-11-25>2026-11-25 08:00 before",
	    start);
	mb = prompt(f, f->mai, "meeting", "2026-11-25>2026-11-25 08:00 before",
	    start);
	receive(f, LAN, "2");
	expect_last(f, "cannot-attend", lb);
	receive(f, MAI, "Có mặt");
	expect_last(f, "will-attend", mb);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case"), 0);
	/* Mai changes her mind on the morning reminder. */
	at(day(2026, 11, 25), 7, 0);
	mt = prompt(f, f->mai, "meeting", "2026-11-25>2026-11-25 08:00 today",
	    start);
	receive(f, MAI, "khong di duoc");
	expect_last(f, "cannot-attend", mt);
	assert_int_equal(replies_rsvp(f->t->db, f->group, day(2026, 11, 25),
	    &yes, &no), 0);
	assert_int_equal(yes, 0);
	assert_int_equal(no, 2);
	/* Help words still mean help in a meeting context. */
	at(day(2026, 11, 25), 7, 30);
	receive(f, LAN, "giúp");
	expect_last(f, "needs-help", 0);
	/* A reminder is open until the end of the meeting day. */
	at(day(2026, 11, 25), 7, 40);
	lb = prompt(f, f->lan, "meeting", "2026-11-25>2026-11-25 08:00 today",
	    start);
	at(day(2026, 11, 26), 0, 1);
	receive(f, LAN, "1");
	expect_last(f, "free-text", 0);
	at(day(2026, 11, 25), 23, 59);
	receive(f, LAN, "co");
	expect_last(f, "will-attend", lb);
}

static void
test_optout_and_optin(void **state)
{
	struct fx *f = *state;
	struct scheduler_stats sst;
	struct outbox_msg m = { .person_id = 1, .kind = "manual",
		.text = "hẹn gặp", .not_before = clock_now() + 3600 };
	int64_t id;

	assert_int_equal(outbox_enqueue(f->t->db, &m, &id), OUTBOX_QUEUED);
	prompt(f, f->lan, "checkin", "2026-11-23", 0);
	receive(f, LAN, "Từ chối");
	assert_int_equal(count(f, "SELECT sms_consent FROM person WHERE "
	    "id = 1"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM person WHERE id = 1 "
	    "AND consent_on = '2026-11-23'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE id = 1 "
	    "AND state = 'cancelled'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply' AND recipient = '" LAN "' AND state = 'queued'"), 1);
	/* The scheduler writes to her no more; a second STOP the same day
	 * gets no second confirmation. */
	f->conf.checkin_every_days = 1;
	at(day(2026, 11, 25), 9, 0);
	assert_int_equal(scheduler_run(NULL, f->t->db, &f->conf, clock_now(),
	    &sst), 0);
	assert_int_equal(sst.checkins, 1);      /* Mai only */
	receive(f, LAN, "stop");
	receive(f, LAN, "STOP!");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = '" LAN "' AND state = 'queued' AND occasion = "
	    "'2026-11-25'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = '" LAN "' AND state = 'queued' AND kind != 'reply'"),
	    0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE "
	    "person_id = 1 AND state = 'queued'"), 0);
	/* START restores consent and confirms. */
	receive(f, LAN, "Đăng ký");
	assert_int_equal(count(f, "SELECT sms_consent FROM person WHERE "
	    "id = 1"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply' AND subject = 'optin' AND person_id = 1 AND text LIKE "
	    "'%Lan%'"), 1);
	at(day(2026, 11, 27), 9, 0);
	assert_int_equal(scheduler_run(NULL, f->t->db, &f->conf, clock_now(),
	    &sst), 0);
	assert_int_equal(sst.checkins, 2);
}

static void
test_unknown_sender_once_a_day(void **state)
{
	struct fx *f = *state;
	struct replies_stats st;

	f->conf.unknown_reply = 1;
	st = receive(f, STRANGER, "ai đây?");
	assert_int_equal(st.unknown, 1);
	at(day(2026, 11, 23), 15, 0);
	receive(f, STRANGER, "HELP");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply' AND recipient = '" STRANGER "'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "read_at IS NULL"), 2);
	assert_non_null(strstr(logbuf, "unknown number"));
	assert_null(strstr(logbuf, STRANGER));
	at(day(2026, 11, 24), 9, 0);
	receive(f, STRANGER, "alo");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply' AND recipient = '" STRANGER "'"), 2);
	/* Turned off: logged only. */
	f->conf.unknown_reply = 0;
	at(day(2026, 11, 25), 9, 0);
	receive(f, STRANGER, "alo alo");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 2);
}

static void
test_free_text_stays_unread(void **state)
{
	struct fx *f = *state;
	int64_t c = prompt(f, f->mai, "checkin", "2026-11-23", 0);

	receive(f, MAI, "Chị ơi tuần này em đi làm xa");
	expect_last(f, "free-text", c);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE handled = 1 "
	    "AND read_at IS NULL"), 1);
	/* The check-in is still open for a keyword. */
	receive(f, MAI, "1");
	expect_last(f, "well", c);
	assert_int_equal(replies_ack(f->t->db, 1, "tu", "đã đọc",
	    clock_now()), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "read_at IS NULL"), 0);
}

/* An answer that says more than its key answers the question and still
 * waits for the organiser to read the rest. */
static void
test_answer_with_more_stays_unread(void **state)
{
	struct fx *f = *state;
	time_t start = time_from_local(day(2026, 11, 25), 480);
	int64_t c = prompt(f, f->mai, "checkin", "2026-11-23", 0);
	int64_t m = prompt(f, f->lan, "meeting",
	    "2026-11-25>2026-11-25 08:00 before", start);

	receive(f, MAI, "1 nhưng em bị ốm mấy hôm nay");
	expect_last(f, "well", c);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "handled = 1 AND read_at IS NULL"), 1);
	receive(f, LAN, "K, con em ốm phải đưa đi viện");
	expect_last(f, "cannot-attend", m);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "handled = 1 AND read_at IS NULL"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case"), 0);
	/* A bare answer with polite words is read by the service. */
	c = prompt(f, f->mai, "checkin", "2026-11-24", 0);
	at(day(2026, 11, 24), 10, 0);
	receive(f, MAI, "Dạ em vẫn khỏe ạ, cảm ơn chị");
	expect_last(f, "well", c);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "handled = 1 AND read_at IS NULL"), 2);
}

/* A meeting reminder and a check-in went out the same minute: "2" can
 * mean "cannot come" or "need help". Never an alert: it waits, unclear,
 * for the organiser to read, and answers neither question. */
static void
test_two_to_meeting_and_checkin_is_unclear(void **state)
{
	struct fx *f = *state;
	struct replies_stats st;
	time_t start = time_from_local(day(2026, 11, 25), 480);
	int64_t mb, c1;

	mb = prompt(f, f->lan, "meeting", "2026-11-25>2026-11-25 08:00 before",
	    start);
	c1 = prompt(f, f->lan, "checkin", "2026-11-23", 0);
	st = receive(f, LAN, "2");
	assert_int_equal(st.help, 0);
	assert_int_equal(st.alerts, 0);
	expect_last(f, "unclear", 0);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'alert'"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "read_at IS NULL"), 1);
	/* K answers the meeting, 1 then the check-in. */
	receive(f, LAN, "K");
	expect_last(f, "cannot-attend", mb);
	receive(f, LAN, "1");
	expect_last(f, "well", c1);
}

/* "giúp" as politeness and "cứu" inside another word are no alarm. */
static void
test_polite_giup_is_no_alert(void **state)
{
	struct fx *f = *state;
	struct replies_stats st;

	prompt(f, f->mai, "checkin", "2026-11-23", 0);
	st = receive(f, MAI, "Em đang nghiên cứu mở quán tạp hóa, chị nhắn "
	    "lại giúp em lịch họp nhé");
	assert_int_equal(st.help, 0);
	assert_int_equal(st.alerts, 0);
	expect_last(f, "free-text", 1);
	assert_int_equal(count(f, "SELECT count(*) FROM help_case"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "read_at IS NULL"), 1);
}

/* Replies to unknown numbers are capped per hour and per day; the
 * messages themselves are kept unread all the same. */
static void
test_unknown_replies_capped(void **state)
{
	struct fx *f = *state;
	char from[32];

	f->conf.unknown_reply = 1;
	f->conf.unknown_per_hour = 2;
	f->conf.unknown_per_day = 3;
	for (int i = 0; i < 4; i++) {
		snprintf(from, sizeof from, "+8493300010%d", i);
		receive(f, from, "alo");
	}
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply'"), 2);
	assert_non_null(strstr(logbuf, "replies.unknown_per_hour"));
	/* The hour has passed: one more, then the day's cap. */
	at(day(2026, 11, 23), 10, 1);
	receive(f, "+84933000200", "alo");
	receive(f, "+84933000201", "alo");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply'"), 3);
	at(day(2026, 11, 24), 9, 1);
	receive(f, "+84933000202", "alo");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply'"), 4);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox WHERE "
	    "read_at IS NULL AND handled = 1"), 7);
	/* A member is answered whatever the cap. */
	prompt(f, f->lan, "checkin", "2026-11-24", 0);
	f->conf.unknown_per_day = 0;
	receive(f, LAN, "STOP");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE kind = "
	    "'reply' AND subject LIKE 'optout:%'"), 1);
}

/*
 * The corpus tests/data/replies.tsv: replies as members write them,
 * labelled. Each is sent by a new member of the group with the questions
 * of its label open (see the file's header), through inbox and reply
 * handling as the service runs them. No reply that is not help may raise
 * an alert, every help request must, and no answer may be taken for a
 * different answer (well, C, K, STOP, START); replies read as free text
 * or unclear instead only wait for the organiser, and are counted.
 */
#define CORPUS "tests/data/replies.tsv"

enum { CTX_NONE, CTX_CHECKIN, CTX_MEETING, CTX_BOTH, NCTX };

static const char *const ctx_names[NCTX] = { "none", "checkin", "meeting",
	"both" };

struct label {
	const char *name, *meaning;
	unsigned contexts;      /* bits of CTX_* */
	int exact;              /* contexts where the meaning must match */
};

#define ALL ((1u << NCTX) - 1)
#define BIT(c) (1u << (c))

static const struct label labels[] = {
	{ "well", "well", BIT(CTX_CHECKIN), BIT(CTX_CHECKIN) },
	{ "yes", "will-attend", BIT(CTX_MEETING), BIT(CTX_MEETING) },
	{ "no", "cannot-attend", BIT(CTX_MEETING), BIT(CTX_MEETING) },
	{ "unclear", "unclear", BIT(CTX_BOTH), BIT(CTX_BOTH) },
	{ "help", "needs-help", ALL, ALL },
	{ "help/checkin", "needs-help", BIT(CTX_CHECKIN), BIT(CTX_CHECKIN) },
	{ "stop", "opt-out", ALL, ALL },
	{ "start", "opt-in", ALL, ALL },
	{ "free", "free-text", ALL, BIT(CTX_NONE) | BIT(CTX_CHECKIN) },
};

/* Meanings as columns of the summary. */
static const char *const meanings[] = { "well", "needs-help", "will-attend",
	"cannot-attend", "opt-out", "opt-in", "unclear", "free-text" };

struct tally {
	int n[NELEM(labels)][NELEM(meanings)];
	int lines, replies, false_help, missed_help, wrong, unread;
};

static int
meaning_index(const char *m)
{
	for (size_t i = 0; i < NELEM(meanings); i++)
		if (str_eq(meanings[i], m))
			return (int)i;
	fail_msg("unknown meaning \"%s\"", m);
	return 0;
}

static const struct label *
label_find(const char *name)
{
	for (size_t i = 0; i < NELEM(labels); i++)
		if (str_eq(labels[i].name, name))
			return &labels[i];
	return NULL;
}

/* A new member of the group with the questions of ctx open; returns
 * their phone in phone. */
static void
corpus_member(struct fx *f, int k, int ctx, char *phone, size_t size)
{
	time_t start = time_from_local(day(2026, 11, 25), 480);
	int64_t id;

	snprintf(phone, size, "+84913%06d", k);
	id = add_person(f->t->db, "Hồ Thị Thu", phone);
	assert_int_equal(group_join(f->t->db, f->group, id, day(2026, 11, 1),
	    NULL, 0, NULL), 0);
	if (ctx == CTX_MEETING || ctx == CTX_BOTH)
		prompt(f, id, "meeting", "2026-11-25>2026-11-25 08:00 before",
		    start);
	if (ctx == CTX_CHECKIN || ctx == CTX_BOTH)
		prompt(f, id, "checkin", "2026-11-23", 0);
}

/* One reply of the corpus in context ctx, tallied. */
static void
corpus_one(struct fx *f, struct tally *t, int line, const struct label *l,
    const char *text, int ctx)
{
	char phone[32], got[32];
	struct replies_stats st;
	int64_t answers;
	int help, want_help = str_eq(l->meaning, "needs-help");

	corpus_member(f, ++t->replies, ctx, phone, sizeof phone);
	st = receive(f, phone, text);
	last_reply(f, got, sizeof got, &answers);
	help = st.help > 0 || str_eq(got, "needs-help");
	if (ctx == __builtin_ctz(l->contexts))
		t->n[l - labels][meaning_index(got)]++;
	if (help && !want_help) {
		t->false_help++;
		print_message("FALSE HELP  line %d (%s, %s open): %s\n", line,
		    l->name, ctx_names[ctx], text);
	} else if (want_help && !(help && st.alerts == 2)) {
		t->missed_help++;
		print_message("MISSED HELP line %d (%s open): %s -> %s\n", line,
		    ctx_names[ctx], text, got);
	} else if ((l->exact & BIT(ctx)) && !str_eq(got, l->meaning)) {
		int waits = str_eq(got, "free-text") || str_eq(got, "unclear");
		if (waits)
			t->unread++;
		else
			t->wrong++;
		print_message("%s line %d (%s, %s open): %s -> %s\n", waits ?
		    "unread     " : "WRONG      ", line, l->name,
		    ctx_names[ctx], text, got);
	}
}

static void
corpus_summary(const struct tally *t)
{
	print_message("%d lines, %d replies; rows: label (first context), "
	    "columns: meaning\n%-13s", t->lines, t->replies, "");
	for (size_t j = 0; j < NELEM(meanings); j++)
		print_message(" %6.6s", meanings[j]);
	print_message("\n");
	for (size_t i = 0; i < NELEM(labels); i++) {
		print_message("%-13s", labels[i].name);
		for (size_t j = 0; j < NELEM(meanings); j++)
			print_message(" %6d", t->n[i][j]);
		print_message("\n");
	}
	print_message("false help alerts %d, missed help %d, wrong answers "
	    "%d, left for the organiser to read %d\n", t->false_help,
	    t->missed_help, t->wrong, t->unread);
}

static void
test_corpus(void **state)
{
	struct fx *f = *state;
	struct tally t = { 0 };
	char buf[1024];
	FILE *in = fopen(CORPUS, "r");
	int line = 0;

	if (!in)
		fail_msg("%s: cannot open (run from the source folder)", CORPUS);
	while (fgets(buf, sizeof buf, in)) {
		char *tab = strchr(buf, '\t'), *nl = strchr(buf, '\n');
		const struct label *l;
		line++;
		if (buf[0] == '#' || buf[0] == '\n')
			continue;
		if (nl)
			*nl = '\0';
		if (!tab)
			fail_msg("%s:%d: no tab", CORPUS, line);
		*tab = '\0';
		if (!(l = label_find(buf)))
			fail_msg("%s:%d: unknown label \"%s\"", CORPUS, line, buf);
		t.lines++;
		for (int c = 0; c < NCTX; c++)
			if (l->contexts & BIT(c))
				corpus_one(f, &t, line, l, tab + 1, c);
	}
	fclose(in);
	corpus_summary(&t);
	assert_true(t.lines >= 200);
	assert_int_equal(t.false_help, 0);
	assert_int_equal(t.missed_help, 0);
	assert_int_equal(t.wrong, 0);
}

/* The service answers by itself only texts from Vietnamese mobiles: not
 * foreign numbers, short codes, senders' names, nor binary messages (an
 * MMS notification is a WAP push in 8-bit data). */
static void
test_unknown_reply_only_to_vn_mobile_text(void **state)
{
	struct fx *f = *state;
	struct modem_msg_in m = { .kind = MODEM_MSG_TEXT };
	struct replies_stats st;
	static const char *const senders[] = { "+14155550100", "+66812345678",
		"9029", "1414", "Viettel", "+842439426888" };

	f->conf.unknown_reply = 1;
	for (size_t i = 0; i < sizeof senders / sizeof senders[0]; i++)
		receive(f, senders[i], "KM: nap the tang 50%");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 0);
	/* An MMS notification from a mobile. */
	snprintf(m.sender, sizeof m.sender, "%s", STRANGER);
	m.sent = clock_now();
	m.coding = MODEM_CODING_8BIT;
	m.text = (char *)"0605040B8423F0DC0601AE";
	assert_int_equal(inbox_store(f->t->db, &m, 1, clock_now(), 600), 1);
	assert_int_equal(replies_run(f->t->db, &f->conf, clock_now(), &st), 0);
	assert_int_equal(st.unknown, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 0);
	/* A text from the same mobile is answered. */
	receive(f, STRANGER, "ai day?");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE "
	    "recipient = '" STRANGER "'"), 1);
}

/* By default neither a member's free text nor an unknown number gets an
 * answer; with sms.acknowledge both get the same neutral one, once a
 * day, so that whoever holds a shared phone cannot test whether it is
 * registered. */
static void
test_acknowledge_alike(void **state)
{
	struct fx *f = *state;

	receive(f, LAN, "em dang o nha me");
	receive(f, STRANGER, "em dang o nha me");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 0);
	f->conf.acknowledge = 1;
	f->conf.unknown_reply = 1;	/* the neutral one wins */
	at(day(2026, 11, 23), 10, 0);
	receive(f, LAN, "em dang o nha me");
	receive(f, LAN, "em khoe");
	receive(f, STRANGER, "em dang o nha me");
	assert_int_equal(count(f, "SELECT count(*) FROM outbox"), 2);
	assert_int_equal(count(f, "SELECT count(DISTINCT text) FROM outbox"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE text = "
	    "'Đã nhận tin nhắn. Cảm ơn.' AND kind = 'reply' AND person_id IS "
	    "NULL AND recipient IN ('" LAN "', '" STRANGER "')"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_checkin_keywords, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_answer_goes_to_newest_open_checkin, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_help_alerts_organiser_and_coordinator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_replies_in_context,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_optout_and_optin, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_sender_once_a_day,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_answer_with_more_stays_unread,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_text_stays_unread,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_two_to_meeting_and_checkin_is_unclear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polite_giup_is_no_alert,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_replies_capped,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_corpus, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unknown_reply_only_to_vn_mobile_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acknowledge_alike, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
