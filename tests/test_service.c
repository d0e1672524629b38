#include "tests/testutil.h"

#include "config/conf.h"
#include "core/clock.h"
#include "core/util.h"
#include "sms/carrier.h"
#include "sms/dummy.h"
#include "sms/outbox.h"
#include "sms/service.h"

/*
 * A stand-in over the real libGammu dummy modem: it passes every call
 * through unless told to fail, and counts calls.  Failures are silent (the
 * reason goes to modem_status) so that the test sees the service's own
 * log lines.
 */
struct fake {
	struct modem base;
	struct modem *inner;
	int fail_open, fail_send, permanent, fail_delete, drop_on_send;
	int opens, sends, connected;
	/* A message the next fetch brings as passed on by the modem at once
	 * (+CMT: location 0, stored nowhere on the modem), NULL none. */
	const char *passed_on;
};

static struct fake *the_fake;

static int
fk_open(struct modem *m, const struct modem_config *cfg)
{
	struct fake *f = (struct fake *)m;

	f->opens++;
	if (f->fail_open)
		return -1;
	f->connected = 1;
	return modem_open(f->inner, cfg);
}

static void
fk_close(struct modem *m)
{
	struct fake *f = (struct fake *)m;

	f->connected = 0;
	modem_close(f->inner);
}

static int
fk_send(struct modem *m, const char *number, const char *text, int ucs2,
    int ref, struct modem_send_result *res)
{
	struct fake *f = (struct fake *)m;

	f->sends++;
	if (f->fail_send) {
		memset(res, 0, sizeof *res);
		res->permanent = f->permanent;
		snprintf(res->err, sizeof res->err, "network said no");
		if (f->drop_on_send)
			f->connected = 0;
		return -1;
	}
	return modem_send(f->inner, number, text, ucs2, ref, res);
}

static int
fk_fetch(struct modem *m, struct modem_msg_in **msgs, int *n)
{
	struct fake *f = (struct fake *)m;
	struct modem_msg_in *in;
	int rc = modem_fetch(f->inner, msgs, n);

	if (rc < 0 || !f->passed_on)
		return rc;
	*msgs = xrealloc(*msgs, (size_t)(*n + 1) * sizeof **msgs);
	in = &(*msgs)[(*n)++];
	memset(in, 0, sizeof *in);
	in->kind = MODEM_MSG_TEXT;
	snprintf(in->sender, sizeof in->sender, "+84918000222");
	in->sent = clock_now() - 30;
	in->text = xstrdup(f->passed_on);
	f->passed_on = NULL;
	return rc;
}

static int
fk_delete(struct modem *m, const struct modem_msg_in *msg)
{
	struct fake *f = (struct fake *)m;

	return f->fail_delete ? -1 : modem_delete(f->inner, msg);
}

static int
fk_status(struct modem *m, struct modem_status *st)
{
	struct fake *f = (struct fake *)m;

	if (f->connected)
		return modem_status(f->inner, st);
	memset(st, 0, sizeof *st);
	st->signal_percent = st->sim_used = st->sim_size = -1;
	snprintf(st->last_error, sizeof st->last_error, "no answer");
	return -1;
}

static void
fk_free(struct modem *m)
{
	struct fake *f = (struct fake *)m;

	modem_free(f->inner);
	free(f);
	the_fake = NULL;
}

static const struct modem_ops fake_ops = {
	.open = fk_open, .close = fk_close, .send = fk_send,
	.fetch = fk_fetch, .delete = fk_delete, .status = fk_status,
	.free = fk_free,
};

struct fx {
	struct test_db *t;
	char *dir;
	struct conf conf;
	struct service *s;
	struct fake *f;
};

static time_t t9;	/* 2026-11-23 09:00 local */
static char logbuf[512];

static void
set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
}

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	clock_set_timezone("Asia/Ho_Chi_Minh");
	t9 = time_from_local(date_from_ymd(2026, 11, 23), 9 * 60);
	clock_set(t9);
	x->t = test_db_new();
	x->dir = test_tmpdir();
	assert_int_equal(dummy_prepare(x->dir), 0);
	conf_defaults(&x->conf);
	set_str(&x->conf.modem_device, x->dir);
	set_str(&x->conf.modem_model, "dummy");
	set_str(&x->conf.modem_connection, "none");
	x->conf.sms_per_minute = 100;
	x->f = calloc(1, sizeof *x->f);
	x->f->base.ops = &fake_ops;
	x->f->inner = modem_new_gammu();
	the_fake = x->f;
	x->s = service_new(x->t->db, &x->conf, &x->f->base);
	logbuf[0] = '\0';
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	log_capture(NULL, 0);
	service_free(x->s);
	conf_free(&x->conf);
	test_db_close(x->t);
	test_rmdir(x->dir);
	free(x);
	clock_set(0);
	return 0;
}

static int64_t
queue(struct fx *x, const char *to, const char *text, enum sms_coding_mode mode)
{
	struct outbox_msg m = { .recipient = to, .kind = "manual",
		.text = text, .mode = mode, .max_parts = 5 };
	int64_t id;

	assert_int_equal(outbox_enqueue(x->t->db, &m, &id), 0);
	return id;
}

static long long
count(struct fx *x, const char *sql)
{
	return test_count(x->t->db, sql);
}

static const char long_vi[] =
    "Thông báo: buổi họp nhóm tiết kiệm tháng này sẽ diễn ra vào "
    "sáng thứ bảy tại nhà văn hóa thôn. Mời các chị mang sổ tiết "
    "kiệm và đóng góp đúng hạn.";

static void
test_sends_through_dummy(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	struct dummy_sent *sent;
	struct outbox_row r;
	int n;
	int64_t a = queue(x, "+84912345678", "Hẹn gặp lúc 8 giờ", SMS_MODE_STRIP);
	int64_t b = queue(x, "+84987654321", long_vi, SMS_MODE_KEEP);

	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 2);
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "state = 'sent' AND attempts = 1 AND sent_at = 1795399200"), 2);
	assert_int_equal(dummy_sent_read(x->dir, &sent, &n), 0);
	assert_int_equal(n, 4);		/* 1 + 3 parts */
	assert_string_equal(sent[0].number, "+84912345678");
	assert_string_equal(sent[0].text, "Hen gap luc 8 gio");
	assert_int_equal(sent[0].ucs2, 0);
	assert_int_equal(outbox_get(x->t->db, b, &r), 0);
	assert_int_equal(r.parts, 3);
	for (int i = 1; i < 4; i++) {
		assert_string_equal(sent[i].number, "+84987654321");
		assert_int_equal(sent[i].ucs2, 1);
		assert_int_equal(sent[i].concat_ref, r.concat_ref);
		assert_int_equal(sent[i].concat_total, 3);
		assert_int_equal(sent[i].concat_seq, i);
	}
	outbox_row_free(&r);
	dummy_sent_free(sent, n);
	(void)a;
	assert_int_equal(count(x, "SELECT connected FROM modem_state"), 1);
	/* Nothing left: a second pass sends nothing. */
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 0);
	assert_int_equal(dummy_sent_count(x->dir), 4);
}

static void
test_quiet_hours(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	int day = date_from_ymd(2026, 11, 23);

	assert_true(service_quiet(time_from_local(day, 21 * 60), 21 * 60, 7 * 60));
	assert_true(service_quiet(time_from_local(day, 3 * 60), 21 * 60, 7 * 60));
	assert_false(service_quiet(time_from_local(day, 7 * 60), 21 * 60, 7 * 60));
	assert_false(service_quiet(time_from_local(day, 20 * 60 + 59), 21 * 60,
	    7 * 60));
	assert_true(service_quiet(time_from_local(day, 13 * 60), 12 * 60, 14 * 60));
	assert_false(service_quiet(time_from_local(day, 13 * 60), 0, 0));
	clock_set(time_from_local(day, 22 * 60));
	queue(x, "+84912345678", "x", SMS_MODE_AUTO);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 0);
	assert_int_equal(st.held, 1);
	clock_set(time_from_local(day + 1, 6 * 60 + 59));
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 0);
	clock_set(time_from_local(day + 1, 7 * 60));
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 1);
	assert_int_equal(dummy_sent_count(x->dir), 1);
}

/* An urgent help alert goes out at night and ahead of the queue; the
 * rest waits for the end of the quiet hours. */
static void
test_alerts_in_quiet_hours(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	struct outbox_msg alert = { .recipient = "+84915111222", .kind = "alert",
		.subject = "help:1", .occasion = "organiser",
		.text = "KHAN: ho so MK-2026-0001 can ho tro", .max_parts = 3 };
	int day = date_from_ymd(2026, 11, 23);
	int64_t id;

	clock_set(time_from_local(day, 22 * 60));
	queue(x, "+84912345678", "tin thuong", SMS_MODE_AUTO);
	assert_int_equal(outbox_enqueue(x->t->db, &alert, &id), 0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 1);
	assert_int_equal(st.held, 1);
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "kind = 'alert' AND state = 'sent'"), 1);
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "kind = 'manual' AND state = 'queued'"), 1);
	/* In the day, an alert still goes before older messages. */
	clock_set(time_from_local(day + 1, 8 * 60));
	alert.occasion = "coordinator";
	alert.recipient = "+84916333444";
	assert_int_equal(outbox_enqueue(x->t->db, &alert, &id), 0);
	x->conf.sms_per_minute = 1;
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 1);
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE id = 3 "
	    "AND state = 'sent'"), 1);
}

static void
test_rate_limit(void **state)
{
	struct fx *x = *state;
	struct service_stats st;

	x->conf.sms_per_minute = 3;
	for (int i = 0; i < 7; i++)
		queue(x, "+84912345678", "x", SMS_MODE_AUTO);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 3);
	assert_int_equal(st.held, 1);
	clock_set(t9 + 59);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 0);
	clock_set(t9 + 60);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 3);
	assert_int_equal(dummy_sent_count(x->dir), 6);
}

static void
test_expired_not_sent(void **state)
{
	struct fx *x = *state;
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.text = "meeting today", .expires_at = t9 + 60 };
	struct service_stats st;
	int64_t id;

	assert_int_equal(outbox_enqueue(x->t->db, &m, &id), 0);
	x->f->fail_open = 1;		/* modem down until after expiry */
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), 0);
	clock_set(t9 + 600);
	x->f->fail_open = 0;
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.expired, 1);
	assert_int_equal(st.sent, 0);
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "state = 'expired'"), 1);
	assert_int_equal(dummy_sent_count(x->dir), 0);
}

static void
test_retry_with_backoff_then_failed(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	int64_t id = queue(x, "+84912345678", "x", SMS_MODE_AUTO);
	struct outbox_row r;

	x->conf.sms_max_attempts = 3;
	x->conf.sms_retry_seconds = 60;
	x->f->fail_send = 1;
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.retried, 1);
	assert_int_equal(x->f->sends, 1);
	clock_set(t9 + 59);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->sends, 1);	/* backoff: not yet */
	clock_set(t9 + 60);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->sends, 2);
	clock_set(t9 + 60 + 119);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->sends, 2);
	clock_set(t9 + 60 + 120);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->sends, 3);
	assert_int_equal(st.failed, 1);
	assert_int_equal(outbox_get(x->t->db, id, &r), 0);
	assert_string_equal(r.state, "failed");
	assert_string_equal(r.last_error, "network said no");
	assert_int_equal(r.attempts, 3);
	outbox_row_free(&r);
	assert_non_null(strstr(logbuf, "+8491****678"));
	assert_null(strstr(logbuf, "+84912345678"));
}

static void
test_permanent_failure(void **state)
{
	struct fx *x = *state;
	struct service_stats st;

	queue(x, "+84912345678", "x", SMS_MODE_AUTO);
	x->f->fail_send = x->f->permanent = 1;
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.failed, 1);
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "state = 'failed' AND attempts = 1"), 1);
}

static void
test_modem_down_reconnects_logs_once(void **state)
{
	struct fx *x = *state;
	struct service_stats st;

	queue(x, "+84912345678", "x", SMS_MODE_AUTO);
	x->f->fail_open = 1;
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->opens, 1);
	assert_int_equal(st.held, 1);
	assert_non_null(strstr(logbuf, "modem unavailable"));
	assert_int_equal(count(x, "SELECT connected FROM modem_state"), 0);
	logbuf[0] = '\0';
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->opens, 1);	/* backoff: 5 s */
	clock_set(t9 + 5);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->opens, 2);
	clock_set(t9 + 14);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->opens, 2);	/* then 10 s */
	clock_set(t9 + 15);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->opens, 3);
	assert_string_equal(logbuf, "");	/* same state: not logged again */
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "state = 'queued'"), 1);
	x->f->fail_open = 0;
	clock_set(t9 + 35);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 1);
	assert_non_null(strstr(logbuf, "sms 1 to +8491****678 sent"));
}

static void
test_drop_mid_send_keeps_queue(void **state)
{
	struct fx *x = *state;
	struct service_stats st;

	queue(x, "+84912345678", "a", SMS_MODE_AUTO);
	queue(x, "+84912345678", "b", SMS_MODE_AUTO);
	x->f->fail_send = x->f->drop_on_send = 1;
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(x->f->sends, 1);	/* stopped after the drop */
	assert_false(service_modem_up(x->s));
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "state = 'queued'"), 2);
	x->f->fail_send = x->f->drop_on_send = 0;
	clock_set(t9 + 3600);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 2);
}

static void
test_crash_while_sending_resends_once(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	int64_t id = queue(x, "+84912345678", "x", SMS_MODE_AUTO);

	/* The last service stopped after marking it "sending". */
	assert_int_equal(outbox_mark_sending(x->t->db, id, t9 - 30), 0);
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 1);
	assert_int_equal(count(x, "SELECT attempts FROM outbox WHERE "
	    "state = 'sent'"), 2);
	assert_int_equal(dummy_sent_count(x->dir), 1);
}

static void
test_receives_and_empties_modem(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	const char *parts[] = { "Chào chị, em ", "đã nhận được ", "tin nhắn." };
	int order12[] = { 2, 1 }, order3[] = { 3 };

	assert_true(dummy_inject(x->dir, "+84912345678", "Dạ, em sẽ đến", 1,
	    t9 - 60) > 0);
	assert_true(dummy_inject(x->dir, "+84912345679", "OK", 0, t9 - 50) > 0);
	assert_int_equal(dummy_inject_parts(x->dir, "+84987654321", parts, 3,
	    17, 1, order12, 2, t9 - 40), 0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 2);
	assert_int_equal(dummy_inbox_count(x->dir), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox_part WHERE "
	    "inbox_id IS NULL"), 2);
	assert_int_equal(dummy_inject_parts(x->dir, "+84987654321", parts, 3,
	    17, 1, order3, 1, t9 - 40), 0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 1);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox WHERE "
	    "text = 'Dạ, em sẽ đến' AND coding = 'ucs2'"), 1);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox WHERE "
	    "text = 'Chào chị, em đã nhận được tin nhắn.' AND complete = 1"), 1);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox"), 3);
	assert_int_equal(dummy_inbox_count(x->dir), 0);
}

static void
test_reread_after_failed_delete_stored_once(void **state)
{
	struct fx *x = *state;
	struct service_stats st;

	assert_true(dummy_inject(x->dir, "+84912345678", "1", 0, t9 - 60) > 0);
	x->f->fail_delete = 1;	/* as if the service died before deleting */
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 1);
	assert_int_equal(dummy_inbox_count(x->dir), 1);
	x->f->fail_delete = 0;
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 0);
	assert_int_equal(dummy_inbox_count(x->dir), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox"), 1);
}

/* A message the modem passed on at once (+CMT) exists nowhere else:
 * when storing it fails it is kept, and stored at the next pass. */
static void
test_passed_on_kept_when_store_fails(void **state)
{
	struct fx *x = *state;
	struct service_stats st;

	assert_int_equal(service_pass(x->s, &st), 0);	/* connected */
	/* the dummy driver is read only when it stores something */
	assert_true(dummy_inject(x->dir, "+84912345678", "1", 0, t9 - 60) > 0);
	x->f->passed_on = "Em da nhan tin, toi nay em den hop.";
	assert_int_equal(db_exec(x->t->db, "CREATE TEMP TRIGGER no_inbox "
	    "BEFORE INSERT ON main.inbox BEGIN SELECT RAISE(ABORT, "
	    "'disk full'); END"), 0);
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_pass(x->s, &st), -1);
	assert_int_equal(st.received, 0);
	assert_non_null(strstr(logbuf, "1 message(s) or report(s) passed on "
	    "by the modem could not be stored; kept"));
	assert_int_equal(db_exec(x->t->db, "DROP TRIGGER no_inbox"), 0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 2);	/* and the stored one */
	assert_int_equal(dummy_inbox_count(x->dir), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox WHERE sender = "
	    "'+84918000222' AND text = 'Em da nhan tin, toi nay em den hop.'"),
	    1);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 0);
}

/* The pass's daily housekeeping deletes modem notices closed more than
 * sms.notice_keep_days ago: at the first pass, then once a day. */
static void
test_housekeeping_prunes_old_notices(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	static const char add[] = "INSERT INTO modem_notice (modem, kind, "
	    "since, cleared_at) VALUES ('vt1', 'no_network', ?1, ?1)";

	assert_int_equal(db_run(x->t->db, add, "i", (int64_t)(t9 - 91 * 86400)),
	    0);
	assert_int_equal(db_run(x->t->db, add, "i", (int64_t)(t9 - 89 * 86400)),
	    0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM modem_notice"), 1);
	/* later the same day: not again; the next day: the other one */
	clock_set(t9 + 3600);
	assert_int_equal(db_run(x->t->db, add, "i", (int64_t)(t9 - 95 * 86400)),
	    0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM modem_notice"), 2);
	clock_set(t9 + 2 * 86400);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM modem_notice"), 0);
}

/* A file in the dummy inbox that Gammu cannot parse is set aside, raw,
 * and deleted; the messages after it are read as usual. */
static void
test_unreadable_message_set_aside(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	char path[700];
	FILE *f;

	snprintf(path, sizeof path, "%s/sms/1/1", x->dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("[SMSBack", f);	/* cut short, as by a power cut */
	fclose(f);
	assert_int_equal(dummy_inject(x->dir, "+84912345678", "Dạ, em sẽ đến",
	    1, t9 - 60), 2);
	assert_int_equal(dummy_inject(x->dir, "+84912345679", "OK", 0,
	    t9 - 50), 3);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 2);
	assert_int_equal(dummy_inbox_count(x->dir), 0);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox_quarantine "
	    "WHERE location = 1 AND raw = '[SMSBack' AND "
	    "reason <> ''"), 1);
	/* The next pass finds the modem empty and nothing new. */
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 0);
	assert_int_equal(count(x, "SELECT count(*) FROM inbox_quarantine"), 1);
}

static int
hook_queue(struct db *db, const struct conf *c, time_t now, void *arg)
{
	struct outbox_msg m = { .recipient = "+84912345678", .kind = "manual",
		.subject = "hook", .occasion = "once", .text = "from the hook" };
	int64_t id;

	(void)c;
	(void)now;
	++*(int *)arg;
	return outbox_enqueue(db, &m, &id) < 0 ? -1 : 0;
}

static int
hook_after(struct db *db, const struct conf *c, time_t now, void *arg)
{
	(void)c;
	(void)now;
	++*(int *)arg;
	return db_run(db, "UPDATE inbox SET handled = 1", "");
}

static void
test_hooks_run_around_the_pass(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	int calls = 0;
	struct service_hooks h = { hook_queue, hook_after, &calls };

	service_set_hooks(x->s, &h);
	assert_true(dummy_inject(x->dir, "+84912345678", "2", 0, t9 - 60) > 0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(calls, 2);
	assert_int_equal(st.sent, 1);	/* queued before sending */
	assert_int_equal(count(x, "SELECT count(*) FROM inbox WHERE "
	    "handled = 1"), 1);		/* after receiving */
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.sent, 0);	/* idempotent key */
}

/* A reply handler that answers with an urgent alert, as a help request
 * does. */
static int
hook_alert(struct db *db, const struct conf *c, time_t now, void *arg)
{
	struct outbox_msg m = { .recipient = "+84915111222", .kind = "alert",
		.subject = "help:1", .occasion = "organiser", .text = "KHAN" };
	int64_t id;

	(void)c;
	(void)now;
	(void)arg;
	if (db_run(db, "UPDATE inbox SET handled = 1", "") < 0)
		return -1;
	return outbox_enqueue(db, &m, &id) < 0 ? -1 : 0;
}

/* What the replies queue goes out in the same pass. */
static void
test_alert_sent_in_the_pass_that_received(void **state)
{
	struct fx *x = *state;
	struct service_stats st;
	struct service_hooks h = { NULL, hook_alert, NULL };

	service_set_hooks(x->s, &h);
	assert_true(dummy_inject(x->dir, "+84912345678", "giup", 0, t9 - 60) > 0);
	assert_int_equal(service_pass(x->s, &st), 0);
	assert_int_equal(st.received, 1);
	assert_int_equal(st.sent, 1);
	assert_int_equal(count(x, "SELECT count(*) FROM outbox WHERE "
	    "kind = 'alert' AND state = 'sent'"), 1);
}

/* Two services on one database would send everything twice: the second
 * is refused until the first is gone. */
static void
test_one_service_per_database(void **state)
{
	struct fx *x = *state;
	struct service *other;

	assert_int_equal(service_lock(x->s), 0);
	assert_int_equal(service_lock(x->s), 0);	/* already held */
	other = service_new(x->t->db, &x->conf, modem_new_gammu());
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_lock(other), -1);
	log_capture(NULL, 0);
	assert_non_null(strstr(logbuf, "another shg serve is already running"));
	service_free(x->s);
	x->s = service_new(x->t->db, &x->conf, modem_new_gammu());
	assert_int_equal(service_lock(other), 0);
	service_free(other);
}

static void
test_reload_keeps_old_on_error(void **state)
{
	struct fx *x = *state;
	char path[700];
	FILE *f;

	snprintf(path, sizeof path, "%s/bad.conf", x->dir);
	f = fopen(path, "w");
	fputs("sms = { per_minute = 100000; };\n", f);
	fclose(f);
	log_capture(logbuf, sizeof logbuf);
	assert_int_equal(service_reload(x->s, path), -1);
	assert_int_equal(x->conf.sms_per_minute, 100);
	snprintf(path, sizeof path, "%s/good.conf", x->dir);
	f = fopen(path, "w");
	fprintf(f, "sms = { per_minute = 7; };\nmodem = { device = \"%s\"; };\n",
	    x->dir);
	fclose(f);
	assert_int_equal(service_reload(x->s, path), 0);
	assert_int_equal(x->conf.sms_per_minute, 7);
	assert_string_equal(x->conf.modem_device, x->dir);
}

/* Balances as Vietnamese carriers word them; none without the pattern. */
static void
test_parse_balance(void **state)
{
	(void)state;
	assert_int_equal(service_parse_balance("TKC 12.500d, han dung "
	    "01/01/2027", "TKC"), 12500);
	assert_int_equal(service_parse_balance("So du tai khoan goc: "
	    "1,234,567 VND", "tai khoan goc"), 1234567);
	assert_int_equal(service_parse_balance("KM1 2000d. TKC 3500d",
	    "tkc"), 3500);
	assert_int_equal(service_parse_balance("Balance 800 VND", ""), 800);
	assert_int_equal(service_parse_balance("Dich vu tam ngung", "TKC"), -1);
	assert_int_equal(service_parse_balance("TKC: het han", "TKC"), -1);
}

/* Each network's numbers to its SIM; a modem's prefixes replace its
 * carrier's; no preference without a carrier. */
static void
test_carrier_routing(void **state)
{
	char *pre[] = { "+8487" };

	(void)state;
	assert_string_equal(carrier_of("+84961234567"), "viettel");
	assert_string_equal(carrier_of("+84351234567"), "viettel");
	assert_string_equal(carrier_of("+84912345678"), "vinaphone");
	assert_string_equal(carrier_of("+84901234567"), "mobifone");
	assert_string_equal(carrier_of("+84921234567"), "vietnamobile");
	assert_string_equal(carrier_of("+84991234567"), "gmobile");
	assert_null(carrier_of("+85512345678"));
	assert_null(carrier_of("+84241234567"));
	assert_true(carrier_prefers("viettel", NULL, 0, "+84981234567"));
	assert_false(carrier_prefers("viettel", NULL, 0, "+84911234567"));
	assert_false(carrier_prefers("", NULL, 0, "+84981234567"));
	assert_true(carrier_prefers("viettel", pre, 1, "+84871234567"));
	assert_false(carrier_prefers("viettel", pre, 1, "+84981234567"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_sends_through_dummy),
		T(test_quiet_hours),
		T(test_alerts_in_quiet_hours),
		T(test_rate_limit),
		T(test_expired_not_sent),
		T(test_retry_with_backoff_then_failed),
		T(test_permanent_failure),
		T(test_modem_down_reconnects_logs_once),
		T(test_drop_mid_send_keeps_queue),
		T(test_crash_while_sending_resends_once),
		T(test_receives_and_empties_modem),
		T(test_reread_after_failed_delete_stored_once),
		T(test_unreadable_message_set_aside),
		T(test_passed_on_kept_when_store_fails),
		T(test_housekeeping_prunes_old_notices),
		T(test_hooks_run_around_the_pass),
		T(test_alert_sent_in_the_pass_that_received),
		T(test_one_service_per_database),
		T(test_reload_keeps_old_on_error),
		cmocka_unit_test(test_parse_balance),
		cmocka_unit_test(test_carrier_routing),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
