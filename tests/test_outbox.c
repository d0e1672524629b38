#include "tests/testutil.h"

#include "core/clock.h"
#include "core/person.h"
#include "sms/outbox.h"

#define T0 1795400000	/* a Monday morning in 2026 */

static char logbuf[512];

static int64_t
add_person(struct db *db, const char *phone, int consent, const char *coding)
{
	struct person p = { 0 };

	p.full_name = strdup("Nguyễn Thị Lan");
	p.gender = strdup("female");
	p.category = strdup("returned-self");
	p.phone = phone ? strdup(phone) : NULL;
	p.status = strdup("active");
	p.sms_consent = consent;
	p.sms_coding = coding ? strdup(coding) : NULL;
	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	assert_int_equal(person_add(db, &p, "LC"), 0);
	person_free(&p);
	return p.id;
}

static int
setup(void **state)
{
	struct test_db *t = test_db_new();

	clock_set(T0);
	logbuf[0] = '\0';
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	log_capture(NULL, 0);
	test_db_close(*state);
	clock_set(0);
	return 0;
}

static struct outbox_msg
reminder(int64_t person, const char *occasion)
{
	struct outbox_msg m = {
		.person_id = person, .kind = "meeting", .subject = "meeting:7",
		.occasion = occasion, .text = "Nhóm họp ngày 5, đến đúng giờ",
		.mode = SMS_MODE_STRIP, .max_parts = 3,
	};
	return m;
}

static void
test_enqueue_plans_text(void **state)
{
	struct test_db *t = *state;
	int64_t p = add_person(t->db, "+84912345678", 1, NULL), id;
	struct outbox_msg m = reminder(p, "2026-12-05");
	struct outbox_row r;

	assert_int_equal(outbox_enqueue(t->db, &m, &id), OUTBOX_QUEUED);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_string_equal(r.recipient, "+84912345678");
	assert_string_equal(r.state, "queued");
	assert_string_equal(r.coding, "gsm7");
	assert_string_equal(r.text, "Nhom hop ngay 5, den dung gio");
	assert_int_equal(r.parts, 1);
	assert_int_equal(r.not_before, T0);
	assert_int_equal(r.queued_at, T0);
	outbox_row_free(&r);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'sms' AND action = 'queue'"), 1);
}

static void
test_person_coding_overrides(void **state)
{
	struct test_db *t = *state;
	int64_t p = add_person(t->db, "+84912345678", 1, "keep"), id;
	struct outbox_msg m = reminder(p, "2026-12-05");
	struct outbox_row r;

	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_string_equal(r.coding, "ucs2");
	assert_string_equal(r.text, "Nhóm họp ngày 5, đến đúng giờ");
	outbox_row_free(&r);
}

static void
test_unique_key_is_idempotent(void **state)
{
	struct test_db *t = *state;
	int64_t p = add_person(t->db, "+84912345678", 1, NULL), a, b, c;
	struct outbox_msg m = reminder(p, "2026-12-05");

	assert_int_equal(outbox_enqueue(t->db, &m, &a), OUTBOX_QUEUED);
	assert_int_equal(outbox_enqueue(t->db, &m, &b), OUTBOX_ALREADY);
	assert_int_equal(a, b);
	/* Even once sent, the same occasion is not queued again. */
	assert_int_equal(outbox_mark_sending(t->db, a, T0), 0);
	assert_int_equal(outbox_mark_sent(t->db, a, T0, 5), 0);
	assert_int_equal(outbox_enqueue(t->db, &m, &b), OUTBOX_ALREADY);
	m.occasion = "2027-01-05";
	assert_int_equal(outbox_enqueue(t->db, &m, &c), OUTBOX_QUEUED);
	assert_true(c != a);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox"), 2);
}

static void
test_manual_without_key_repeats(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg m = { .recipient = "+84987654321", .kind = "manual",
		.text = "xin chao", .mode = SMS_MODE_AUTO };
	int64_t a, b;

	assert_int_equal(outbox_enqueue(t->db, &m, &a), OUTBOX_QUEUED);
	assert_int_equal(outbox_enqueue(t->db, &m, &b), OUTBOX_QUEUED);
	assert_true(a != b);
}

static void
test_refusals(void **state)
{
	struct test_db *t = *state;
	int64_t nocon = add_person(t->db, "+84912345678", 0, NULL), id;
	int64_t nophone = add_person(t->db, NULL, 1, NULL);
	struct outbox_msg m = reminder(nocon, "x");
	char longtext[800];

	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "has not agreed"));
	m.person_id = nophone;
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "no phone"));
	m.person_id = add_person(t->db, "+84912345679", 1, NULL);
	assert_int_equal(db_run(t->db, "UPDATE person SET status = 'closed', "
	    "closed_on = '2026-11-01' WHERE id = ?", "i", m.person_id), 0);
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "is closed: no SMS"));
	m.person_id = 999999;
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "person \"#999999\" not found"));
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox"), 0);
	m = (struct outbox_msg){ .recipient = "+84912345678", .kind = "meeting",
		.text = "x" };
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "needs a person"));
	m.kind = "spam";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "\"spam\""));
	memset(longtext, 'a', 700);
	longtext[700] = '\0';
	m = (struct outbox_msg){ .recipient = "+84912345678", .kind = "manual",
		.text = longtext, .mode = SMS_MODE_AUTO, .max_parts = 3 };
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "5 SMS parts"));
	assert_non_null(strstr(logbuf, "limit is 3"));
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox"), 0);
}

static void
test_refs_differ_in_flight(void **state)
{
	struct test_db *t = *state;
	char text[200];
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = text, .mode = SMS_MODE_AUTO };
	struct outbox_row r;
	int64_t id;

	/* 199 characters: two parts, each with the reference. */
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	log_capture(logbuf, sizeof logbuf);
	for (int i = 0; i < 300; i++) {
		int rc = outbox_enqueue(t->db, &m, &id);
		if (i < 256)
			assert_int_equal(rc, 0);
		else
			assert_int_equal(rc, -1);	/* all 256 in flight */
		assert_true(i < 256 || strstr(logbuf, "already waiting"));
	}
	assert_int_equal(test_count(t->db, "SELECT count(DISTINCT concat_ref) "
	    "FROM outbox"), 256);
	/* Once one went out, its reference is free again. */
	assert_int_equal(outbox_mark_sending(t->db, 1, T0), 0);
	assert_int_equal(outbox_mark_sent(t->db, 1, T0, 1), 0);
	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox WHERE "
	    "state = 'queued' GROUP BY concat_ref HAVING count(*) > 1"), -1);
	/* A single-part message needs no reference: 0, even now. */
	m.text = "x";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_int_equal(r.parts, 1);
	assert_int_equal(r.concat_ref, 0);
	outbox_row_free(&r);
	/* Another recipient has its own references. */
	m.text = text;
	m.recipient = "+84987654321";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
}

static void
test_due_respects_times(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = "x", .not_before = T0 + 600, .expires_at = T0 + 3600 };
	struct outbox_row r;
	int64_t id;

	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_next_due(t->db, T0, &r), 0);
	assert_int_equal(outbox_next_due(t->db, T0 + 600, &r), 1);
	assert_int_equal(r.id, id);
	outbox_row_free(&r);
	assert_int_equal(outbox_next_due(t->db, T0 + 3600, &r), 0);
	assert_int_equal(outbox_expire(t->db, T0 + 3599), 0);
	assert_int_equal(outbox_expire(t->db, T0 + 3600), 1);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_string_equal(r.state, "expired");
	outbox_row_free(&r);
}

static void
test_retry_backoff_then_failed(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = "x" };
	struct outbox_row r;
	int64_t id;
	time_t now = T0;

	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	for (int attempt = 1; attempt <= 3; attempt++) {
		assert_int_equal(outbox_next_due(t->db, now, &r), 1);
		outbox_row_free(&r);
		assert_int_equal(outbox_mark_sending(t->db, id, now), 0);
		assert_int_equal(outbox_mark_failed(t->db, id, now, "no network",
		    0, 3, 60), 0);
		assert_int_equal(outbox_get(t->db, id, &r), 0);
		assert_int_equal(r.attempts, attempt);
		assert_string_equal(r.last_error, "no network");
		if (attempt < 3) {
			assert_string_equal(r.state, "queued");
			assert_int_equal(r.next_try, now + 60 * (1 << (attempt - 1)));
			now = r.next_try;
			outbox_row_free(&r);
			assert_int_equal(outbox_next_due(t->db, now - 1, &r), 0);
		} else {
			assert_string_equal(r.state, "failed");
		}
		outbox_row_free(&r);
	}
	assert_int_equal(outbox_next_due(t->db, now + 86400, &r), 0);
}

/* A message sent after a failed try no longer shows that try's error. */
static void
test_sent_clears_error(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = "x" };
	struct outbox_row r;
	int64_t id;

	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_mark_sending(t->db, id, T0), 0);
	assert_int_equal(outbox_mark_failed(t->db, id, T0, "no network", 0, 3,
	    60), 0);
	assert_int_equal(outbox_mark_sending(t->db, id, T0 + 60), 0);
	assert_int_equal(outbox_mark_sent(t->db, id, T0 + 61, 7), 0);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_string_equal(r.state, "sent");
	assert_null(r.last_error);
	assert_int_equal(r.attempts, 2);
	outbox_row_free(&r);
}

static void
test_permanent_fails_at_once(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = "x" };
	struct outbox_row r;
	int64_t id;

	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_mark_sending(t->db, id, T0), 0);
	assert_int_equal(outbox_mark_failed(t->db, id, T0, "bad number", 1, 5,
	    60), 0);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_string_equal(r.state, "failed");
	assert_string_equal(r.last_error, "bad number");
	outbox_row_free(&r);
}

static void
test_backoff_values(void **state)
{
	(void)state;
	assert_int_equal(outbox_backoff(60, 1), 60);
	assert_int_equal(outbox_backoff(60, 2), 120);
	assert_int_equal(outbox_backoff(60, 4), 480);
	assert_int_equal(outbox_backoff(60, 20), 60 * 64);
	assert_int_equal(outbox_backoff(3600, 10), 86400);
}

static void
test_cancel_and_recover(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = "x" };
	struct outbox_row r;
	int64_t a, b;

	assert_int_equal(outbox_enqueue(t->db, &m, &a), 0);
	assert_int_equal(outbox_enqueue(t->db, &m, &b), 0);
	assert_int_equal(outbox_cancel(t->db, a), 0);
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(outbox_cancel(t->db, a), -1);
	assert_non_null(strstr(logbuf, "is cancelled, not queued"));
	assert_int_equal(outbox_cancel(t->db, 99), -1);
	assert_non_null(strstr(logbuf, "not found"));
	assert_int_equal(outbox_mark_sending(t->db, b, T0), 0);
	/* A crash here: the row stays "sending" and goes back to the queue. */
	assert_int_equal(outbox_next_due(t->db, T0, &r), 0);
	assert_int_equal(outbox_recover(t->db), 1);
	assert_int_equal(outbox_next_due(t->db, T0, &r), 1);
	assert_int_equal(r.id, b);
	assert_int_equal(r.attempts, 1);
	outbox_row_free(&r);
	assert_int_equal(outbox_recover(t->db), 0);
}

static void
test_rate_window_and_report(void **state)
{
	struct test_db *t = *state;
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = "x" };
	struct outbox_row r;
	int64_t id, parts;

	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_mark_sending(t->db, id, T0), 0);
	assert_int_equal(outbox_mark_sent(t->db, id, T0, 77), 0);
	assert_int_equal(outbox_parts_since(t->db, T0 - 60, &parts), 0);
	assert_int_equal(parts, 1);
	assert_int_equal(outbox_parts_since(t->db, T0, &parts), 0);
	assert_int_equal(parts, 0);
	assert_int_equal(outbox_report(t->db, "+84912345678", 76, "delivered", NULL,
	    T0 + 5), 0);
	assert_int_equal(outbox_report(t->db, "+84912345678", 77, "delivered", NULL,
	    T0 + 5), 1);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_string_equal(r.delivery, "delivered");
	outbox_row_free(&r);
}

/* No text goes out with a forbidden word, whatever queues it: the
 * caller's list, else the defaults; whole words without case or marks.
 * Nothing is queued and the word is named. */
static void
test_privacy_on_every_text(void **state)
{
	struct test_db *t = *state;
	char *words[] = { "trại cai", "nạn nhân" };
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.mode = SMS_MODE_KEEP };
	int64_t id;

	log_capture(logbuf, sizeof logbuf);
	m.text = "Chị là NAN NHAN phải không?";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "\"nạn nhân\""));
	m.text = "Họp bàn chuyện buôn bán người ở xã";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "\"buôn bán\""));
	/* The caller's list replaces the defaults. */
	m.forbidden = words;
	m.nforbidden = 2;
	m.text = "Lịch khám ở Trại Cai ngày 5";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "\"trại cai\""));
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox"), 0);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM audit"), 0);
	/* Words, not letters inside other words. */
	m.forbidden = NULL;
	m.text = "Chị Hoa buôn bánh đa, mời cả nhóm";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), OUTBOX_QUEUED);
	/* Words written with diacritics must carry the forbidden word's:
	 * "Lúa Bản" folds to "lua ban" but is not "lừa bán"; without
	 * diacritics, in capitals, with a hyphen or decomposed, it is. */
	m.text = "Nhóm Bông Lúa Bản Phố họp ngày 5/12 lúc 8h";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), OUTBOX_QUEUED);
	m.text = "Chi bi lua ban o dau?";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_non_null(strstr(logbuf, "\"lừa bán\""));
	m.text = "Chị bị LỪA BÁN ở đâu?";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	m.text = "chuyện lừa-bán";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	m.text = "chuyện lu\xcc\x9b\xcc\x80" "a ba\xcc\x81" "n";   /* NFD */
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	m.text = "Nạn Nhân";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	m.text = "chuyện lừa ban";     /* accents on one word only */
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox"), 2);
	/* Alerts and service replies are checked too. */
	m.kind = "alert";
	m.text = "KHẨN: hồ sơ LC-2026-0001 là nạn nhân";
	assert_int_equal(outbox_enqueue(t->db, &m, &id), -1);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox"), 2);
}

/* Replies to unknown numbers go after everything else due, even when
 * queued first; among themselves oldest first. */
static void
test_unknown_replies_last(void **state)
{
	struct test_db *t = *state;
	int64_t p = add_person(t->db, "+84912345678", 1, NULL), id, first;
	struct outbox_msg u = { .recipient = "+84933000001", .kind = "reply",
		.subject = "unknown:+84933000001", .occasion = "2026-11-23",
		.text = "Số này chưa có trong danh sách", .mode = SMS_MODE_KEEP };
	struct outbox_msg m = reminder(p, "2026-12-05");
	struct outbox_msg o = { .recipient = "+84933000001", .kind = "reply",
		.subject = "optout:1", .occasion = "2026-11-23",
		.text = "Đã ngừng gửi", .mode = SMS_MODE_KEEP };
	struct outbox_row r;

	assert_int_equal(outbox_enqueue(t->db, &u, &first), OUTBOX_QUEUED);
	u.recipient = "+84933000002";
	u.subject = "unknown:+84933000002";
	assert_int_equal(outbox_enqueue(t->db, &u, &id), OUTBOX_QUEUED);
	clock_set(T0 + 60);
	assert_int_equal(outbox_enqueue(t->db, &m, &id), OUTBOX_QUEUED);
	assert_int_equal(outbox_enqueue(t->db, &o, &id), OUTBOX_QUEUED);
	assert_int_equal(outbox_next_due(t->db, T0 + 60, &r), 1);
	assert_string_equal(r.kind, "meeting");
	assert_int_equal(outbox_mark_sending(t->db, r.id, T0 + 60), 0);
	assert_int_equal(outbox_mark_sent(t->db, r.id, T0 + 60, 1), 0);
	outbox_row_free(&r);
	assert_int_equal(outbox_next_due(t->db, T0 + 60, &r), 1);
	assert_string_equal(r.text, "Đã ngừng gửi");
	assert_int_equal(outbox_cancel(t->db, r.id), 0);
	outbox_row_free(&r);
	assert_int_equal(outbox_next_due(t->db, T0 + 60, &r), 1);
	assert_int_equal(r.id, first);
	outbox_row_free(&r);
}

/* A message of parts sent to recipient at when, part i with reference
 * tpmr[i]; returns its id. */
static int64_t
sent_parts(struct test_db *t, const char *recipient, time_t when,
    const int *tpmr, int n)
{
	char text[600];
	struct outbox_msg m = { .recipient = recipient, .kind = "manual",
		.text = text, .max_parts = 3 };
	int64_t id;
	struct outbox_row r;

	memset(text, 0, sizeof text);
	memset(text, 'a', n == 1 ? 10 : (size_t)(153 * (n - 1) + 10));
	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_int_equal(r.parts, n);
	outbox_row_free(&r);
	assert_int_equal(outbox_mark_sending(t->db, id, when), 0);
	assert_int_equal(outbox_parts_accepted(t->db, id, when, 0, tpmr, n), 0);
	assert_int_equal(outbox_mark_sent(t->db, id, when, -1), 0);
	return id;
}

static void
expect_delivery(struct test_db *t, int64_t id, const char *delivery,
    const char *error)
{
	struct outbox_row r;

	assert_int_equal(outbox_get(t->db, id, &r), 0);
	if (delivery)
		assert_string_equal(r.delivery, delivery);
	else
		assert_null(r.delivery);
	if (error)
		assert_string_equal(r.delivery_error, error);
	else
		assert_null(r.delivery_error);
	outbox_row_free(&r);
}

/* A multipart message is delivered only when every part is; one failed
 * part makes it failed, with the part and the reason, whatever comes
 * after. */
static void
test_report_every_part(void **state)
{
	struct test_db *t = *state;
	int64_t a, b;

	a = sent_parts(t, "+84912345678", T0, (const int[]){ 10, 11, 12 }, 3);
	b = sent_parts(t, "+84912345679", T0, (const int[]){ 20, 21 }, 2);
	assert_int_equal(outbox_report(t->db, "+84912345678", 12, "delivered",
	    NULL, T0 + 5), 1);
	expect_delivery(t, a, "pending", NULL);
	assert_int_equal(outbox_report(t->db, "+84912345678", 10, "delivered",
	    NULL, T0 + 6), 1);
	expect_delivery(t, a, "pending", NULL);
	assert_int_equal(outbox_report(t->db, "+84912345678", 11, "failed",
	    "validity period expired (TP-Status 0x46)", T0 + 7), 1);
	expect_delivery(t, a, "failed",
	    "part 2/3: validity period expired (TP-Status 0x46)");
	assert_int_equal(outbox_report(t->db, "+84912345678", 11, "delivered",
	    NULL, T0 + 8), 1);
	expect_delivery(t, a, "delivered", NULL);
	assert_int_equal(outbox_report(t->db, "+84912345679", 21, "delivered",
	    NULL, T0 + 8), 1);
	assert_int_equal(outbox_report(t->db, "+84912345679", 20, "delivered",
	    NULL, T0 + 9), 1);
	expect_delivery(t, b, "delivered", NULL);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox_part "
	    "WHERE delivery = 'delivered'"), 5);
}

/* A report never matches an older message to the same number with the
 * same reference: not an older message's last part when a newer one's
 * earlier part carries it, not one from before TP-MR wrapped, not one
 * from before the window. */
static void
test_report_newest_part(void **state)
{
	struct test_db *t = *state;
	const char *to = "+84912345678";
	int64_t old, multi, late;
	int mr;

	old = sent_parts(t, to, T0, (const int[]){ 5 }, 1);
	multi = sent_parts(t, to, T0 + 60, (const int[]){ 4, 5, 6 }, 3);
	assert_int_equal(outbox_report(t->db, to, 5, "delivered", NULL,
	    T0 + 70), 1);
	expect_delivery(t, old, NULL, NULL);
	expect_delivery(t, multi, "pending", NULL);
	/* 256 more parts: the references wrap to 5 again. */
	for (mr = 7; mr < 7 + 255; mr++)
		sent_parts(t, "+84912000000", T0 + 100, (const int[]){ mr % 256 },
		    1);
	late = sent_parts(t, to, T0 + 3600, (const int[]){ 5 }, 1);
	assert_int_equal(outbox_report(t->db, to, 5, "failed", "phone busy",
	    T0 + 3700), 1);
	expect_delivery(t, late, "failed", "phone busy");
	expect_delivery(t, multi, "pending", NULL);
	expect_delivery(t, old, NULL, NULL);
	/* A report about a part sent after it was handled: none. */
	assert_int_equal(outbox_report(t->db, to, 4, "delivered", NULL,
	    T0 + 30), 0);
	/* Past the window: none. */
	assert_int_equal(outbox_report(t->db, to, 6, "delivered", NULL,
	    T0 + 60 + OUTBOX_REPORT_WINDOW + 1), 0);
	expect_delivery(t, multi, "pending", NULL);
}

/* A failed multipart try records the parts that went out: the resume
 * point survives in the outbox (a restart reads it back). */
static void
test_resume_point_kept(void **state)
{
	struct test_db *t = *state;
	char text[400];
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = text, .max_parts = 3 };
	struct outbox_row r;
	int64_t id;

	memset(text, 0, sizeof text);
	memset(text, 'b', 320);
	assert_int_equal(outbox_enqueue(t->db, &m, &id), 0);
	assert_int_equal(outbox_mark_sending(t->db, id, T0), 0);
	assert_int_equal(outbox_parts_accepted(t->db, id, T0, 0,
	    (const int[]){ 30, -1, -1 }, 1), 0);
	assert_int_equal(outbox_mark_failed(t->db, id, T0, "+CMS ERROR: 38",
	    0, 5, 60), 0);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_string_equal(r.state, "queued");
	assert_int_equal(r.parts, 3);
	assert_int_equal(r.parts_done, 1);
	outbox_row_free(&r);
	assert_int_equal(outbox_mark_sending(t->db, id, T0 + 60), 0);
	assert_int_equal(outbox_parts_accepted(t->db, id, T0 + 60, 1,
	    (const int[]){ -1, 31, 32 }, 3), 0);
	assert_int_equal(outbox_mark_sent(t->db, id, T0 + 60, -1), 0);
	assert_int_equal(test_count(t->db, "SELECT group_concat(tpmr) FROM "
	    "(SELECT tpmr FROM outbox_part ORDER BY seq)"), 30);
	assert_int_equal(test_count(t->db, "SELECT count(*) FROM outbox_part"),
	    3);
	assert_int_equal(test_count(t->db, "SELECT tpmr FROM outbox"), 32);
	assert_int_equal(outbox_get(t->db, id, &r), 0);
	assert_null(r.last_error);
	outbox_row_free(&r);
}

/* The report lookup goes through its index, with no sort, over a
 * history of thousands of sent parts (no ANALYZE). */
static void
test_report_query_plan(void **state)
{
	struct test_db *t = *state;
	char plan[2048] = "", explain[1024];
	sqlite3_stmt *st;
	size_t len = 0;

	assert_int_equal(db_exec(t->db, "WITH RECURSIVE n(i) AS (SELECT 1 "
	    "UNION ALL SELECT i + 1 FROM n WHERE i < 20000) "
	    "INSERT INTO outbox (recipient, kind, text, coding, parts, "
	    "concat_ref, not_before, next_try, queued_at, state, sent_at, tpmr) "
	    "SELECT '+8491' || (1000000 + i % 5000), 'manual', 'x', 'gsm7', 1, "
	    "0, 0, 0, 0, 'sent', 1795400000 + i, i % 256 FROM n; "
	    "INSERT INTO outbox_part (outbox_id, seq, recipient, tpmr, sent_at) "
	    "SELECT id, 1, recipient, tpmr, sent_at FROM outbox;"), 0);
	snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s",
	    outbox_report_sql);
	st = db_prepare(t->db, explain);
	assert_non_null(st);
	assert_int_equal(db_bind(t->db, st, "tdii", "+84911000001", 1,
	    (int64_t)T0, (int64_t)T0 + 86400), 0);
	while (db_step(t->db, st) == SQLITE_ROW)
		len += (size_t)snprintf(plan + len, sizeof plan - len, "%s\n",
		    db_col_text(st, 3));
	db_reset(st);
	assert_non_null(strstr(plan, "outbox_part_report"));
	assert_null(strstr(plan, "TEMP B-TREE"));
	assert_null(strstr(plan, "SCAN"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sent_clears_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enqueue_plans_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_coding_overrides, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unique_key_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_manual_without_key_repeats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refs_differ_in_flight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_respects_times, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_backoff_then_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permanent_fails_at_once, setup, teardown),
		cmocka_unit_test(test_backoff_values),
		cmocka_unit_test_setup_teardown(test_cancel_and_recover, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_window_and_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_every_part, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_report_newest_part, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_resume_point_kept, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_report_query_plan, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_privacy_on_every_text, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_replies_last, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
