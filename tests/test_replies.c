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
	    "closed_at IS NOT NULL AND note = 'đã gọi điện' AND "
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
		cmocka_unit_test_setup_teardown(test_free_text_stays_unread,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_two_to_meeting_and_checkin_is_unclear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polite_giup_is_no_alert,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
