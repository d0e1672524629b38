#include "testutil.h"

#include "config/conf.h"
#include "core/clock.h"
#include "core/person.h"
#include "core/util.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "groups/schedule.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/service.h"
#include "sms/replies.h"
#include "sms/scheduler.h"

/*
 * The scheduler over a real database: a group meeting on Wednesdays at
 * 08:00 (the first one 2026-11-25), members with and without consent,
 * the clock set to Monday 2026-11-23 09:00 local time.
 */
struct fx {
	struct test_db *t;
	struct conf conf;
	struct group g;
	int64_t lan, mai, hoa;  /* consenting members; hoa joins later */
	int64_t no_consent, no_phone;
};

static char logbuf[1024];

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
add_person(struct db *db, const char *name, const char *phone, int consent,
    int consent_on)
{
	struct person p = { 0 };
	int64_t id;

	p.full_name = strdup(name);
	p.gender = strdup("female");
	p.category = strdup("returned-self");
	p.phone = phone ? strdup(phone) : NULL;
	p.status = strdup("active");
	p.sms_consent = consent;
	p.returned_on = p.closed_on = DATE_NONE;
	p.consent_on = consent ? consent_on : DATE_NONE;
	assert_int_equal(person_add(db, &p, "LC"), 0);
	id = p.id;
	person_free(&p);
	return id;
}

static void
drop_holidays(struct conf *c)
{
	for (int i = 0; i < c->nholidays; i++)
		free(c->holidays[i].name);
	c->nholidays = 0;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct db *db;
	struct group n;
	int d1 = day(2026, 11, 1);

	clock_set_timezone("Asia/Ho_Chi_Minh");
	at(day(2026, 11, 23), 9, 0);
	f->t = test_db_new();
	db = f->t->db;
	conf_defaults(&f->conf);
	drop_holidays(&f->conf);
	/* Check-ins only where a test asks for them. */
	f->conf.checkin_every_days = 365;
	group_init(&n);
	n.name = strdup("Hoa Sen");
	n.place = strdup("nhà văn hóa thôn 3");
	assert_int_equal(schedule_parse_into(&n, "weekly wed 08:00",
	    day(2026, 11, 1)), 0);
	assert_int_equal(group_add(db, &n), 0);
	assert_int_equal(group_get_id(db, n.id, &f->g), 0);
	group_free(&n);
	f->lan = add_person(db, "Nguyễn Thị Lan", "+84912000001", 1, d1);
	f->mai = add_person(db, "Trần Thị Mai", "+84912000002", 1, d1);
	f->hoa = add_person(db, "Lê Thị Hoa", "+84912000003", 1, d1);
	f->no_consent = add_person(db, "Phạm Thị Cúc", "+84912000004", 0, d1);
	f->no_phone = add_person(db, "Võ Thị Đào", NULL, 1, d1);
	assert_int_equal(group_join(db, f->g.id, f->lan, d1, NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, f->g.id, f->mai, d1, NULL, 0, NULL), 0);
	assert_int_equal(group_join(db, f->g.id, f->no_consent, d1, NULL, 0,
	    NULL), 0);
	assert_int_equal(group_join(db, f->g.id, f->no_phone, d1, NULL, 0,
	    NULL), 0);
	/* Hoa joins after the first meeting: not reminded of it. */
	at(day(2026, 11, 26), 9, 0);
	assert_int_equal(group_join(db, f->g.id, f->hoa, day(2026, 11, 26),
	    NULL, 0, NULL), 0);
	at(day(2026, 11, 23), 9, 0);
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
	group_free(&f->g);
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

static struct scheduler_stats
pass(struct fx *f, struct scheduler *s)
{
	struct scheduler_stats st;

	assert_int_equal(scheduler_run(s, f->t->db, &f->conf, clock_now(),
	    &st), 0);
	return st;
}

/* The one outbox row matching where (a static SQL condition). */
static void
one_row(struct fx *f, int64_t id, struct outbox_row *r)
{
	assert_true(id > 0);
	assert_int_equal(outbox_get(f->t->db, id, r), 0);
}

static int64_t
row_id(struct fx *f, const char *sql)
{
	int64_t id;

	assert_int_equal(db_int(f->t->db, &id, 0, sql, ""), 0);
	return id;
}

static void
test_meeting_reminders_timing(void **state)
{
	struct fx *f = *state;
	struct scheduler_stats st = pass(f, NULL);
	struct outbox_row r;
	int wed = day(2026, 11, 25);

	/* Lan and Mai, two each; not the others. */
	assert_int_equal(st.reminders, 4);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE "
	    "kind = 'meeting' AND subject = 'group:1'"), 4);
	assert_int_equal(count(f, "SELECT count(DISTINCT person_id) FROM "
	    "outbox"), 2);
	one_row(f, row_id(f, "SELECT id FROM outbox_clear WHERE person_id = 1 AND "
	    "occasion = '2026-11-25>2026-11-25 08:00 before'"), &r);
	assert_int_equal(r.not_before, time_from_local(wed - 2, 7 * 60));
	assert_int_equal(r.expires_at, time_from_local(wed, 8 * 60));
	/* "Nhóm {group} họp lúc {time} ngày {date} ({lunar_date} âm lịch)":
	 * 25/11/2026 is the 17th of the 10th lunar month. */
	assert_non_null(strstr(r.text, "Hoa Sen"));
	assert_non_null(strstr(r.text, "08:00"));
	assert_non_null(strstr(r.text, "25/11"));
	assert_non_null(strstr(r.text, "17/10"));
	outbox_row_free(&r);
	one_row(f, row_id(f, "SELECT id FROM outbox_clear WHERE person_id = 2 AND "
	    "occasion = '2026-11-25>2026-11-25 08:00 today'"), &r);
	assert_int_equal(r.not_before, time_from_local(wed, 7 * 60));
	assert_int_equal(r.expires_at, time_from_local(wed, 8 * 60));
	assert_non_null(strstr(r.text, "Mai"));
	assert_null(strstr(r.text, "Trần"));
	outbox_row_free(&r);
	/* The next Wednesday is not in the window yet; it is from the 30th,
	 * and then Hoa, a member by then, is reminded too. */
	at(day(2026, 11, 29), 9, 0);
	assert_int_equal(pass(f, NULL).reminders, 0);
	at(day(2026, 11, 30), 9, 0);
	assert_int_equal(pass(f, NULL).reminders, 6);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE "
	    "person_id = 3 AND occasion LIKE '2026-12-02>%'"), 2);
}

static void
test_meeting_day_only_morning(void **state)
{
	struct fx *f = *state;

	/* Started on the morning of the meeting: no "before" reminder. */
	at(day(2026, 11, 25), 6, 30);
	assert_int_equal(pass(f, NULL).reminders, 2);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE "
	    "occasion LIKE '% before'"), 0);
	/* After the start nothing is queued for that meeting. */
	assert_int_equal(db_run(f->t->db, "DELETE FROM outbox", ""), 0);
	at(day(2026, 11, 25), 8, 30);
	assert_int_equal(pass(f, NULL).reminders, 0);
}

static void
test_idempotent_across_passes_and_restart(void **state)
{
	struct fx *f = *state;
	struct scheduler *s = scheduler_new();
	char path[700];

	pass(f, s);
	pass(f, s);
	at(day(2026, 11, 23), 15, 0);
	pass(f, NULL);
	at(day(2026, 11, 24), 9, 0);
	assert_int_equal(pass(f, s).reminders, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear"), 4);
	scheduler_free(s);
	/* A restart: a new connection and a new scheduler. */
	snprintf(path, sizeof path, "%s/test.db", f->t->dir);
	db_close(f->t->db);
	assert_int_equal(db_open(path, &f->t->db), 0);
	assert_int_equal(db_exec(f->t->db, CLEAR_VIEWS("_clear")), 0);
	s = scheduler_new();
	assert_int_equal(pass(f, s).reminders, 0);
	scheduler_free(s);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear"), 4);
}

static void
test_cancelled_meeting(void **state)
{
	struct fx *f = *state;
	struct scheduler_stats st;

	pass(f, NULL);
	/* The reminders of Monday went out. */
	assert_int_equal(db_run(f->t->db, "UPDATE outbox SET state = 'sent', "
	    "sent_at = 1 WHERE occasion LIKE '% before'", ""), 0);
	at(day(2026, 11, 24), 10, 0);
	assert_int_equal(schedule_cancel(f->t->db, &f->conf, &f->g,
	    day(2026, 11, 25), "lũ"), 0);
	st = pass(f, NULL);
	assert_int_equal(st.cancelled, 2);
	assert_int_equal(st.notices, 2);
	assert_int_equal(st.reminders, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE "
	    "occasion LIKE '% today' AND state = 'cancelled'"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE "
	    "occasion = '2026-11-25>cancelled' AND state = 'queued' AND "
	    "text LIKE '%25/11%'"), 2);
	st = pass(f, NULL);
	assert_int_equal(st.notices + st.cancelled + st.reminders, 0);
}

static void
test_moved_meeting(void **state)
{
	struct fx *f = *state;
	struct scheduler_stats st;

	pass(f, NULL);
	assert_int_equal(db_run(f->t->db, "UPDATE outbox SET state = 'sent', "
	    "sent_at = 1 WHERE occasion LIKE '% before'", ""), 0);
	assert_int_equal(schedule_move(f->t->db, &f->conf, &f->g,
	    day(2026, 11, 25), day(2026, 11, 27), 9 * 60, "đám cưới"), 0);
	st = pass(f, NULL);
	assert_int_equal(st.cancelled, 2);
	assert_int_equal(st.notices, 2);
	/* Friday is not in the window yet. */
	assert_int_equal(st.reminders, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE occasion "
	    "= '2026-11-25>2026-11-27 09:00 moved' AND text LIKE '%27/11%' "
	    "AND text LIKE '%09:00%'"), 2);
	/* From Wednesday it is: two reminders each for Friday 09:00, Hoa
	 * included (a member by then). */
	at(day(2026, 11, 25), 9, 0);
	st = pass(f, NULL);
	assert_int_equal(st.reminders, 6);
	assert_int_equal(st.notices + st.cancelled, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE occasion "
	    "LIKE '2026-11-25>2026-11-27 09:00 %' AND state = 'queued'"), 8);
	st = pass(f, NULL);
	assert_int_equal(st.notices + st.cancelled + st.reminders, 0);
	/* Moved again: the Friday reminders are stale in turn; the notice
	 * goes to those who had one. */
	assert_int_equal(schedule_move(f->t->db, &f->conf, &f->g,
	    day(2026, 11, 25), day(2026, 11, 26), -1, "mưa"), 0);
	st = pass(f, NULL);
	assert_int_equal(st.cancelled, 6);
	assert_int_equal(st.notices, 3);
	assert_int_equal(st.reminders, 6);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE occasion "
	    "= '2026-11-25>2026-11-26 08:00 moved'"), 3);
}

static void
test_holiday_gives_no_notice(void **state)
{
	struct fx *f = *state;
	struct conf_holiday *h = &f->conf.holidays[f->conf.nholidays++];
	struct scheduler_stats st;

	h->name = strdup("ngày nghỉ");
	h->lunar = 0;
	h->month = 11;
	h->day = 25;
	h->days = 1;
	free(f->conf.holiday_policy);
	f->conf.holiday_policy = strdup("move");
	at(day(2026, 11, 24), 9, 0);
	st = pass(f, NULL);
	/* Hoa is a member on the 26th. */
	assert_int_equal(st.notices, 0);
	assert_int_equal(st.reminders, 6);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE occasion "
	    "LIKE '2026-11-25>2026-11-26 08:00 %'"), 6);
}

static void
test_loan_reminders(void **state)
{
	struct fx *f = *state;
	struct loan l = { 0 };
	struct outbox_row r;

	/* Nothing from the group: a week with no meeting in the window. */
	assert_int_equal(schedule_parse_into(&f->g, NULL, DATE_NONE), 0);
	assert_int_equal(group_update(f->t->db, &f->g), 0);
	l.person_id = f->lan;
	l.source = "vbsp";
	l.terms = (struct loancalc_terms){ .principal = 1500000,
		.rate_unit = LOANCALC_PER_MONTH, .term_months = 3,
		.freq = LOANCALC_MONTHLY, .method = LOANCALC_FLAT,
		.disbursed_day = day(2026, 10, 26) };
	assert_int_equal(loan_disburse(f->t->db, &l), 0);
	at(day(2026, 11, 22), 9, 0);
	assert_int_equal(pass(f, NULL).loans, 0);
	at(day(2026, 11, 23), 9, 0);
	assert_int_equal(pass(f, NULL).loans, 1);
	one_row(f, row_id(f, "SELECT id FROM outbox_clear WHERE kind = 'loan'"), &r);
	assert_int_equal(r.person_id, f->lan);
	assert_non_null(strstr(r.text, "500.000"));
	assert_non_null(strstr(r.text, "26/11"));
	outbox_row_free(&r);
	for (int d = 23; d <= 26; d++) {
		at(day(2026, 11, d), 15, 0);
		assert_int_equal(pass(f, NULL).loans, 0);
	}
	/* 200.000 paid; 300.000 still unpaid after seven days. */
	assert_int_equal(loan_repay(f->t->db, l.id, 200000, day(2026, 11, 26),
	    NULL, NULL), 0);
	at(day(2026, 12, 2), 9, 0);
	assert_int_equal(pass(f, NULL).loans, 0);
	at(day(2026, 12, 3), 9, 0);
	assert_int_equal(pass(f, NULL).loans, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'loan' AND occasion LIKE '% overdue' AND text LIKE '%300.000%'"),
	    1);
	at(day(2026, 12, 4), 9, 0);
	assert_int_equal(pass(f, NULL).loans, 0);
	/* Only the borrower was ever written to about it. */
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'loan' AND person_id != 1"), 0);
}

static void
test_checkins_and_quiet_hours(void **state)
{
	struct fx *f = *state;
	struct scheduler *s = scheduler_new();

	assert_int_equal(schedule_parse_into(&f->g, NULL, DATE_NONE), 0);
	assert_int_equal(group_update(f->t->db, &f->g), 0);
	f->conf.checkin_every_days = 14;
	/* Mai checks in monthly, Hoa never. */
	assert_int_equal(db_run(f->t->db, "UPDATE person SET checkin_days = 30 "
	    "WHERE id = 2", ""), 0);
	assert_int_equal(db_run(f->t->db, "UPDATE person SET checkin_days = 0 "
	    "WHERE id = 3", ""), 0);
	/* Consent on the 1st: Lan's first check-in is due from the 15th. */
	at(day(2026, 11, 14), 12, 0);
	assert_int_equal(pass(f, s).checkins, 0);
	at(day(2026, 11, 15), 22, 0);
	assert_int_equal(pass(f, s).checkins, 0);       /* quiet hours */
	at(day(2026, 11, 16), 6, 59);
	assert_int_equal(pass(f, s).checkins, 0);
	at(day(2026, 11, 16), 7, 0);
	assert_int_equal(pass(f, s).checkins, 1);
	assert_int_equal(pass(f, NULL).checkins, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin' AND person_id = 1 AND occasion = '2026-11-16' AND "
	    "text LIKE '%Lan%'"), 1);
	at(day(2026, 11, 29), 9, 0);
	assert_int_equal(pass(f, s).checkins, 0);
	at(day(2026, 11, 30), 9, 0);
	assert_int_equal(pass(f, s).checkins, 1);
	at(day(2026, 12, 1), 9, 0);
	assert_int_equal(pass(f, s).checkins, 1);       /* Mai, 30 days */
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin' AND person_id NOT IN (1, 2)"), 0);
	scheduler_free(s);
}

/*
 * A pass queues at most sms_per_minute * 5 check-ins (at least 20),
 * those due longest first; later passes the same day queue the rest, and
 * meeting reminders are never held back. Lan and Mai, reminded today of
 * Wednesday's meeting, wait for their check-in.
 */
static void
test_checkins_capped_per_pass(void **state)
{
	struct fx *f = *state;
	struct scheduler *s = scheduler_new();
	struct scheduler_stats st;
	char name[32], phone[32];

	f->conf.checkin_every_days = 14;
	f->conf.sms_per_minute = 1;             /* cap 5 * 1, raised to 20 */
	for (int i = 0; i < 45; i++) {
		snprintf(name, sizeof name, "Người %d", i);
		snprintf(phone, sizeof phone, "+849130000%02d", i);
		add_person(f->t->db, name, phone, 1, day(2026, 11, 1));
	}
	/* Added last, due since the 3rd: queued in the first pass. */
	for (int i = 0; i < 3; i++) {
		snprintf(phone, sizeof phone, "+849140000%02d", i);
		add_person(f->t->db, "Người trước", phone, 1,
		    day(2026, 10, 20));
	}
	st = pass(f, s);
	assert_int_equal(st.checkins, 20);
	assert_true(st.reminders > 0);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear o JOIN person "
	    "p ON p.id = o.person_id WHERE o.kind = 'checkin' AND "
	    "p.consent_on = '2026-10-20'"), 3);
	assert_int_equal(pass(f, s).checkins, 20);
	st = pass(f, s);
	assert_int_equal(st.checkins, 49 - 40);
	assert_int_equal(st.reminders, 0);
	assert_int_equal(pass(f, s).checkins, 0);
	assert_int_equal(pass(f, NULL).checkins, 0);
	/* Everyone who can be written to, once, with today's occasion. */
	assert_int_equal(count(f, "SELECT count(DISTINCT person_id) FROM "
	    "outbox WHERE kind = 'checkin' AND occasion = '2026-11-23'"), 49);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin'"), 49);
	assert_int_equal(count(f, "SELECT sum(id) FROM person WHERE "
	    "sms_consent = 1 AND phone IS NOT NULL AND id NOT IN (SELECT "
	    "person_id FROM outbox_clear WHERE kind = 'checkin')"), 1 + 2);
	scheduler_free(s);
}

/*
 * The check-ins a pass queues follow the pace the service learned of its
 * modem (kept in modem_health): a modem that proved faster gets more,
 * and the operator's sms.per_minute still caps it.
 */
static void
test_checkins_follow_learned_pace(void **state)
{
	struct fx *f = *state;
	struct scheduler *s = scheduler_new();
	char name[32], phone[32];
	int budget;

	f->conf.checkin_every_days = 14;
	f->conf.sms_per_minute = 0;
	for (int i = 0; i < 130; i++) {
		snprintf(name, sizeof name, "Người %d", i);
		snprintf(phone, sizeof phone, "+84913000%03d", i);
		add_person(f->t->db, name, phone, 1, day(2026, 11, 1));
	}
	/* Not learned yet: the usual pace of a modem. */
	assert_int_equal(service_pace_budget(f->t->db, &f->conf, &budget), 0);
	assert_int_equal(budget, SERVICE_PACE_DEFAULT);
	/* A slow modem: 6 parts a minute, 30 check-ins a pass. */
	assert_int_equal(db_run(f->t->db, "INSERT INTO modem_health (name, "
	    "connected, updated_at, pace) VALUES ('modem', 1, 0, 6)", ""), 0);
	assert_int_equal(pass(f, s).checkins, 30);
	/* It proved faster: 12 a minute, 60 a pass. */
	assert_int_equal(db_run(f->t->db, "UPDATE modem_health SET pace = 12",
	    ""), 0);
	assert_int_equal(pass(f, s).checkins, 60);
	/* Faster still, but the SIM plan allows 5 a minute. */
	assert_int_equal(db_run(f->t->db, "UPDATE modem_health SET pace = 60",
	    ""), 0);
	f->conf.sms_per_minute = 5;
	assert_int_equal(service_pace_budget(f->t->db, &f->conf, &budget), 0);
	assert_int_equal(budget, 5);
	assert_int_equal(pass(f, s).checkins, 25);
	/* the rest, with the fixture's member due */
	assert_int_equal(pass(f, s).checkins, 131 - 115);
	scheduler_free(s);
}

/* Send the queued message (kind, person, occasion) now. */
static void
send_now(struct fx *f, const char *kind, int64_t person, const char *occ)
{
	int64_t id;

	assert_int_equal(db_int(f->t->db, &id, 0, "SELECT id FROM outbox_clear "
	    "WHERE kind = ?1 AND person_id = ?2 AND occasion = ?3", "tit",
	    kind, person, occ), 0);
	assert_true(id > 0);
	assert_int_equal(outbox_mark_sending(f->t->db, id, clock_now()), 0);
	assert_int_equal(outbox_mark_sent(f->t->db, id, clock_now(), 1), 0);
}

/* A reply from phone arrives now and is handled. */
static void
reply(struct fx *f, const char *phone, const char *text)
{
	struct modem_msg_in m = { .kind = MODEM_MSG_TEXT,
		.sent = clock_now(), .coding = MODEM_CODING_UCS2 };

	snprintf(m.sender, sizeof m.sender, "%s", phone);
	m.text = (char *)text;
	assert_int_equal(inbox_store(f->t->db, &m, 1, clock_now(), 600), 1);
	assert_int_equal(replies_run(f->t->db, &f->conf, clock_now(), NULL),
	    0);
}

/*
 * No check-in while a meeting reminder's answer is open: it would make
 * a "2" mean both "cannot come" and "need help". Lan answers C and gets
 * her check-in; Mai does not answer and gets hers after the meeting.
 */
static void
test_checkin_waits_for_meeting_answer(void **state)
{
	struct fx *f = *state;
	const char *before = "2026-11-25>2026-11-25 08:00 before";
	struct scheduler_stats st;

	f->conf.checkin_every_days = 14;
	st = pass(f, NULL);
	assert_int_equal(st.reminders, 4);
	assert_int_equal(st.checkins, 1);               /* Hoa, no meeting */
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin' AND person_id IN (1, 2)"), 0);
	at(day(2026, 11, 23), 9, 5);
	send_now(f, "meeting", f->lan, before);
	send_now(f, "meeting", f->mai, before);
	assert_int_equal(pass(f, NULL).checkins, 0);
	reply(f, "+84912000001", "C");
	assert_int_equal(count(f, "SELECT count(*) FROM inbox_clear WHERE meaning = "
	    "'will-attend'"), 1);
	at(day(2026, 11, 23), 9, 10);
	assert_int_equal(pass(f, NULL).checkins, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin' AND person_id = 1"), 1);
	/* Mai: still open on the meeting day, not after it. */
	at(day(2026, 11, 25), 7, 0);
	assert_int_equal(pass(f, NULL).checkins, 0);
	at(day(2026, 11, 26), 9, 0);
	assert_int_equal(pass(f, NULL).checkins, 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin' AND person_id = 2 AND occasion = '2026-11-26'"), 1);
}

/* The rows checkin_next must hold, recomputed from the raw rows as the
 * scheduler read them before the table kept them (person, their newest
 * check-in queued, their consent): those that differ. */
static long long
checkin_next_wrong(struct fx *f)
{
	return count(f, "SELECT count(*) FROM (SELECT person_id, last, days, "
	    "due FROM checkin_next EXCEPT SELECT id, last, checkin_days, "
	    "CASE WHEN checkin_days IS NULL THEN NULL ELSE date(last, '+' || "
	    "checkin_days || ' days') END FROM (SELECT p.id, p.checkin_days, "
	    "max(coalesce((SELECT max(o.occasion) FROM outbox_clear o WHERE "
	    "o.kind = 'checkin' AND o.subject = 'checkin' AND o.person_id = "
	    "p.id), ''), coalesce(p.consent_on, date(p.created_at, "
	    "'unixepoch'))) AS last FROM person p WHERE p.status = 'active' "
	    "AND p.sms_consent = 1 AND coalesce(p.phone, '') != '' AND "
	    "coalesce(p.checkin_days, 1) > 0)) ") +
	    count(f, "SELECT count(*) FROM person p WHERE p.status = "
	    "'active' AND p.sms_consent = 1 AND coalesce(p.phone, '') != '' "
	    "AND coalesce(p.checkin_days, 1) > 0 AND p.id NOT IN (SELECT "
	    "person_id FROM checkin_next)");
}

/*
 * Who is due a check-in follows what changes it: opting out stops them,
 * opting in again counts from the new consent, a phone removed or a
 * record closed takes the person off, a check-in queued moves the day.
 */
static void
test_checkin_due_follows_changes(void **state)
{
	struct fx *f = *state;

	assert_int_equal(schedule_parse_into(&f->g, NULL, DATE_NONE), 0);
	assert_int_equal(group_update(f->t->db, &f->g), 0);
	f->conf.checkin_every_days = 14;
	assert_int_equal(checkin_next_wrong(f), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM checkin_next"), 3);
	at(day(2026, 11, 10), 9, 0);
	reply(f, "+84912000001", "STOP");                /* Lan */
	assert_int_equal(db_run(f->t->db, "UPDATE person SET phone = NULL "
	    "WHERE id = ?1", "i", f->hoa), 0);
	assert_int_equal(checkin_next_wrong(f), 0);
	at(day(2026, 11, 16), 9, 0);
	assert_int_equal(pass(f, NULL).checkins, 1);    /* Mai only */
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin' AND person_id = 2 AND occasion = '2026-11-16'"), 1);
	assert_int_equal(checkin_next_wrong(f), 0);
	reply(f, "+84912000001", "START");               /* from the 16th */
	assert_int_equal(checkin_next_wrong(f), 0);
	at(day(2026, 11, 29), 9, 0);
	assert_int_equal(pass(f, NULL).checkins, 0);
	at(day(2026, 11, 30), 9, 0);
	assert_int_equal(pass(f, NULL).checkins, 2);    /* Lan and Mai */
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'checkin' AND person_id NOT IN (1, 2)"), 0);
	assert_int_equal(db_run(f->t->db, "UPDATE person SET status = "
	    "'closed' WHERE id = ?1", "i", f->mai), 0);
	assert_int_equal(checkin_next_wrong(f), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM checkin_next"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meeting_reminders_timing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_meeting_day_only_morning,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_idempotent_across_passes_and_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancelled_meeting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_moved_meeting, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_holiday_gives_no_notice,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loan_reminders, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_checkins_and_quiet_hours,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_checkin_waits_for_meeting_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkins_follow_learned_pace,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkins_capped_per_pass,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_checkin_due_follows_changes, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
