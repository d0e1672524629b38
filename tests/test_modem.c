#include "tests/testutil.h"

#include <stdio.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "core/log.h"
#include "sms/assemble.h"
#include "sms/dummy.h"
#include "sms/modem.h"

#define T0 1700000000	/* 2023-11-14 22:13:20 UTC */

/* 146 characters, many outside the GSM alphabet: three UCS-2 parts of
 * at most 67 characters. */
static const char long_vi[] =
    "Thông báo: buổi họp nhóm tiết kiệm tháng này sẽ diễn ra vào "
    "sáng thứ bảy tại nhà văn hóa thôn. Mời các chị mang sổ tiết "
    "kiệm và đóng góp đúng hạn.";

struct fx {
	char *dir;
	char sent[600];
	struct modem *m;
	struct modem_config cfg;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->dir = test_tmpdir();
	if (dummy_prepare(f->dir) < 0)
		return -1;
	dummy_sent_dir(f->dir, f->sent, sizeof f->sent);
	f->cfg = (struct modem_config){
		.connection = "none", .model = "dummy", .device = f->dir,
		.sent_copy = f->sent, .call_timeout = 10, .send_timeout = 5,
	};
	f->m = modem_new_gammu();
	if (modem_open(f->m, &f->cfg) < 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	modem_free(f->m);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
test_status_of_dummy_phone(void **state)
{
	struct fx *f = *state;
	struct modem_status st;

	assert_int_equal(modem_status(f->m, &st), 0);
	assert_true(st.connected);
	assert_int_equal(st.signal_percent, 42);	/* the dummy's value */
	assert_int_equal(st.sim_used, 0);
	assert_true(st.sim_size > 0);
	assert_string_equal(st.last_error, "");
	assert_int_equal(dummy_inject(f->dir, "+84901", "hi", 0, T0), 1);
	assert_int_equal(modem_status(f->m, &st), 0);
	assert_int_equal(st.sim_used, 1);
}

/* A copy's name, for a test: "<sent>/<n>". */
static void
copy_path(struct fx *f, long n, char *buf, size_t size)
{
	snprintf(buf, size, "%s/%ld", f->sent, n);
}

/*
 * Copies are named one past the highest kept, read when the modem is
 * opened: after copy 99,999 (and after a gap) the next is 100,000, none
 * is overwritten, and dummy_sent_read gives them all in the order sent.
 */
static void
test_copies_numbered_past_the_last(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	struct dummy_sent *s;
	char from[700], to[700];
	int n;

	assert_int_equal(modem_send(f->m, "+84912000001", "mot", 0, 0, &res),
	    0);
	copy_path(f, 1, from, sizeof from);
	copy_path(f, 99999, to, sizeof to);
	assert_int_equal(rename(from, to), 0);
	modem_close(f->m);
	assert_int_equal(modem_open(f->m, &f->cfg), 0);
	assert_int_equal(modem_send(f->m, "+84912000002", "hai", 0, 0, &res),
	    0);
	assert_int_equal(modem_send(f->m, "+84912000003", "ba", 0, 0, &res),
	    0);
	copy_path(f, 100001, to, sizeof to);
	assert_int_equal(access(to, F_OK), 0);
	assert_int_equal(dummy_sent_count(f->dir), 3);
	assert_int_equal(dummy_sent_read(f->dir, &s, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(s[0].text, "mot");
	assert_string_equal(s[1].text, "hai");
	assert_string_equal(s[2].text, "ba");
	dummy_sent_free(s, n);
}

static void
test_send_single(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	struct dummy_sent *s;
	int n;

	assert_int_equal(modem_send(f->m, "+84912345678", "Chào bạn Lan", 0,
	    9, &res), 0);
	assert_int_equal(res.parts, 1);
	assert_int_equal(res.parts_sent, 1);
	assert_int_equal(res.tpmr[0], 255);	/* what the dummy reports */
	assert_string_equal(res.err, "");
	assert_int_equal(dummy_sent_count(f->dir), 1);
	assert_int_equal(dummy_sent_read(f->dir, &s, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(s[0].number, "+84912345678");
	assert_string_equal(s[0].text, "Chào bạn Lan");
	assert_int_equal(s[0].ucs2, 1);		/* "ạ" is not GSM 7-bit */
	assert_int_equal(s[0].concat_ref, -1);
	assert_int_equal(s[0].status_report, 0);
	dummy_sent_free(s, n);
}

static void
test_send_three_ucs2_parts_with_ref(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	struct dummy_sent *s;
	char joined[1024] = "";
	int i, n;

	assert_int_equal(utf8_chars(long_vi), 146);
	assert_int_equal(modem_send(f->m, "0912345678", long_vi, 1, 201,
	    &res), 0);
	assert_int_equal(res.parts, 3);
	assert_int_equal(res.parts_sent, 3);
	assert_int_equal(dummy_sent_read(f->dir, &s, &n), 0);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		assert_string_equal(s[i].number, "0912345678");
		assert_int_equal(s[i].ucs2, 1);
		assert_int_equal(s[i].concat_ref, 201);
		assert_int_equal(s[i].concat_total, 3);
		assert_int_equal(s[i].concat_seq, i + 1);
		strcat(joined, s[i].text);
	}
	assert_int_equal(utf8_chars(s[0].text), 67);
	assert_string_equal(joined, long_vi);
	dummy_sent_free(s, n);
}

/* Resuming after part 1 was accepted sends parts 2 and 3 only, with the
 * same reference and numbering. */
static void
test_send_resumes_after_accepted_parts(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	struct dummy_sent *s;
	int n;

	assert_int_equal(modem_send_resume(f->m, "0912345678", long_vi, 1, 77,
	    1, &res), 0);
	assert_int_equal(res.parts, 3);
	assert_int_equal(res.parts_sent, 3);
	assert_int_equal(res.tpmr[0], -1);
	assert_int_equal(dummy_sent_read(f->dir, &s, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].concat_seq, 2);
	assert_int_equal(s[1].concat_seq, 3);
	assert_int_equal(s[1].concat_ref, 77);
	dummy_sent_free(s, n);
}

static void
test_send_long_gsm_text_stays_7bit(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	struct dummy_sent *s;
	char text[201];
	int n;

	memset(text, 'a', 200);
	text[200] = '\0';
	assert_int_equal(modem_send(f->m, "+84901", text, 0, 3, &res), 0);
	assert_int_equal(res.parts, 2);		/* 153 + 47 characters */
	assert_int_equal(dummy_sent_read(f->dir, &s, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].ucs2, 0);
	assert_int_equal(s[0].concat_ref, 3);
	assert_int_equal(strlen(s[0].text) + strlen(s[1].text), 200);
	dummy_sent_free(s, n);
}

static void
test_send_bad_number_is_permanent(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	char msg[256] = "";

	log_capture(msg, sizeof msg);
	assert_int_equal(modem_send(f->m, "09x1", "hi", 0, 1, &res), -1);
	log_capture(NULL, 0);
	assert_true(res.permanent);
	assert_int_equal(res.parts_sent, 0);
	assert_non_null(strstr(res.err, "\"09x1\" is not a phone number"));
	assert_non_null(strstr(msg, "09x1"));
	assert_int_equal(dummy_sent_count(f->dir), 0);
}

static void
test_send_when_closed_is_transient(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	struct modem_status st;
	char msg[256] = "";

	modem_close(f->m);
	log_capture(msg, sizeof msg);
	assert_int_equal(modem_send(f->m, "+84901", "hi", 0, 1, &res), -1);
	assert_int_equal(modem_status(f->m, &st), -1);
	log_capture(NULL, 0);
	assert_false(res.permanent);
	assert_false(st.connected);
	assert_string_equal(st.last_error, "not connected");
	/* and it comes back */
	assert_int_equal(modem_open(f->m, &f->cfg), 0);
	assert_int_equal(modem_send(f->m, "+84901", "hi", 0, 1, &res), 0);
}

static void
test_delivery_report_requested(void **state)
{
	struct fx *f = *state;
	struct modem_send_result res;
	struct dummy_sent *s;
	int n;

	f->cfg.delivery_reports = 1;
	assert_int_equal(modem_open(f->m, &f->cfg), 0);
	assert_int_equal(modem_send(f->m, "+84901", "hi", 0, 1, &res), 0);
	assert_int_equal(dummy_sent_read(f->dir, &s, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(s[0].status_report, 1);
	dummy_sent_free(s, n);
}

static void
test_fetch_single_and_diacritics(void **state)
{
	struct fx *f = *state;
	struct modem_msg_in *in;
	int n;

	assert_int_equal(dummy_inject(f->dir, "+84901", "Hello @ 5$", 0, T0), 1);
	assert_int_equal(dummy_inject(f->dir, "+84902",
	    "Cảm ơn chị, em đã nhận được tiền vay.", 1, T0 + 60), 2);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(in[0].kind, MODEM_MSG_TEXT);
	assert_string_equal(in[0].sender, "+84901");
	assert_string_equal(in[0].text, "Hello @ 5$");
	assert_int_equal(in[0].coding, MODEM_CODING_7BIT);
	assert_int_equal(in[0].sent, T0);
	assert_int_equal(in[0].concat_total, 0);
	assert_string_equal(in[1].sender, "+84902");
	assert_string_equal(in[1].text, "Cảm ơn chị, em đã nhận được tiền vay.");
	assert_int_equal(in[1].coding, MODEM_CODING_UCS2);
	assert_int_equal(in[1].sent, T0 + 60);
	/* fetching does not delete */
	assert_int_equal(dummy_inbox_count(f->dir), 2);
	modem_msgs_free(in, n);
}

/* 1 if s is valid UTF-8 (no surrogates, no overlongs). */
static int
valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1
		    : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
		unsigned long c = n == 0 ? *p : n == 1 ? (*p & 0x1fu)
		    : n == 2 ? (*p & 0x0fu) : (*p & 0x07u);
		if (n < 0 || (n == 1 && c < 2))
			return 0;
		for (int i = 1; i <= n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			c = c << 6 | (p[i] & 0x3f);
		}
		if ((n == 2 && (c < 0x800 || (c >= 0xd800 && c < 0xe000)))
		    || (n == 3 && (c < 0x10000 || c > 0x10ffff)))
			return 0;
		p += n + 1;
	}
	return 1;
}

/* A UCS-2 text with lone surrogates (a high one before a letter, a low
 * one alone, a high one at the end) is stored as valid UTF-8 with U+FFFD
 * in their place; a real surrogate pair keeps its character. */
static void
test_fetch_lone_surrogates_become_fffd(void **state)
{
	struct fx *f = *state;
	static const unsigned short lone[] = { 'C', 0xd83d, 'o', ' ', 0xdc4d,
		' ', 0x1ea1, 0xd800 };
	static const unsigned short pair[] = { 'o', 'k', ' ', 0xd83d, 0xdc4d };
	struct modem_msg_in *in;
	int n;

	assert_int_equal(dummy_inject_ucs2(f->dir, "+84905", lone, 8, T0), 1);
	assert_int_equal(dummy_inject_ucs2(f->dir, "+84906", pair, 5, T0), 2);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(in[0].coding, MODEM_CODING_UCS2);
	assert_true(valid_utf8(in[0].text));
	assert_string_equal(in[0].text, "C\xef\xbf\xbdo \xef\xbf\xbd ạ\xef\xbf\xbd");
	assert_true(valid_utf8(in[1].text));
	assert_string_equal(in[1].text, "ok \xf0\x9f\x91\x8d");
	modem_msgs_free(in, n);
}

static void
test_fetch_multipart_out_of_order_and_assemble(void **state)
{
	struct fx *f = *state;
	static const char *const parts[] = { "Họp ", "nhóm ", "thứ bảy" };
	static const int order[] = { 3, 1, 2 };
	struct assemble_part ap[3];
	struct assemble_msg *out;
	struct modem_msg_in *in;
	int i, n, nout;

	assert_int_equal(dummy_inject_parts(f->dir, "+84903", parts, 3, 88, 1,
	    order, 3, T0), 0);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++) {
		assert_int_equal(in[i].concat_ref, 88);
		assert_int_equal(in[i].concat_total, 3);
		assert_int_equal(in[i].concat_seq, order[i]);
		assert_string_equal(in[i].text, parts[order[i] - 1]);
		ap[i] = (struct assemble_part){ in[i].sender, in[i].concat_ref,
			in[i].concat_total, in[i].concat_seq, in[i].sent,
			in[i].text, in[i].sent };
	}
	assert_int_equal(assemble_run(ap, n, T0, 600, &out, &nout), 0);
	assert_int_equal(nout, 1);
	assert_true(out[0].complete);
	assert_string_equal(out[0].text, "Họp nhóm thứ bảy");
	assemble_free(out, nout);
	modem_msgs_free(in, n);
}

static void
test_fetch_7bit_multipart(void **state)
{
	struct fx *f = *state;
	static const char *const parts[] = { "part one, ", "part two" };
	static const int order[] = { 2, 1 };
	struct modem_msg_in *in;
	int n;

	assert_int_equal(dummy_inject_parts(f->dir, "+84904", parts, 2, 255, 0,
	    order, 2, T0), 0);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(in[0].coding, MODEM_CODING_7BIT);
	assert_int_equal(in[0].concat_ref, 255);
	assert_int_equal(in[0].concat_seq, 2);
	assert_string_equal(in[1].text, "part one, ");
	modem_msgs_free(in, n);
}

static void
test_delete_empties_inbox(void **state)
{
	struct fx *f = *state;
	struct modem_msg_in *in;
	int i, n;

	dummy_inject(f->dir, "+84901", "one", 0, T0);
	dummy_inject(f->dir, "+84902", "hai", 1, T0);
	dummy_inject_report(f->dir, "+84903", 17, T0);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 3);
	for (i = 0; i < n; i++)
		assert_int_equal(modem_delete(f->m, &in[i]), 0);
	modem_msgs_free(in, n);
	assert_int_equal(dummy_inbox_count(f->dir), 0);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 0);
	assert_null(in);
}

static void
test_delete_missing_fails(void **state)
{
	struct fx *f = *state;
	struct modem_msg_in in = { .location = 5, .folder = 1 };
	char msg[256] = "";

	log_capture(msg, sizeof msg);
	assert_int_equal(modem_delete(f->m, &in), -1);
	log_capture(NULL, 0);
	assert_non_null(strstr(msg, "deleting a message"));
}

static void
test_fetch_delivery_report(void **state)
{
	struct fx *f = *state;
	struct modem_msg_in *in;
	int n;

	assert_int_equal(dummy_inject_report(f->dir, "+84912345678", 200, T0),
	    0);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(in[0].kind, MODEM_MSG_REPORT);
	assert_string_equal(in[0].sender, "+84912345678");
	assert_int_equal(in[0].report_tpmr, 200);
	assert_int_equal(in[0].report, MODEM_REPORT_DELIVERED);
	modem_msgs_free(in, n);
}

static void
test_fetch_skips_outbox(void **state)
{
	struct fx *f = *state;
	struct modem_msg_in *in;
	char from[700], to[700];
	int n;

	assert_int_equal(dummy_inject(f->dir, "+84901", "draft", 0, T0), 1);
	snprintf(from, sizeof from, "%s/sms/1/1", f->dir);
	snprintf(to, sizeof to, "%s/sms/2/1", f->dir);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(modem_fetch(f->m, &in, &n), 0);
	assert_int_equal(n, 0);
}

static void
test_report_status_classes(void **state)
{
	assert_int_equal(modem_report_from_status(0x00), MODEM_REPORT_DELIVERED);
	assert_int_equal(modem_report_from_status(0x21), MODEM_REPORT_PENDING);
	assert_int_equal(modem_report_from_status(0x45), MODEM_REPORT_FAILED);
}

static void
test_open_with_gammurc(void **state)
{
	char *dir = test_tmpdir();
	char rc[700], phone[700];
	struct modem_config cfg = { .gammurc = rc };
	struct modem *m = modem_new_gammu();
	struct modem_status st;
	FILE *fp;

	snprintf(rc, sizeof rc, "%s/gammurc", dir);
	snprintf(phone, sizeof phone, "%s/phone", dir);
	assert_int_equal(dummy_prepare(phone), 0);
	fp = fopen(rc, "w");
	assert_non_null(fp);
	fprintf(fp, "[gammu]\nmodel = dummy\nconnection = none\n"
	    "device = %s\n", phone);
	fclose(fp);
	assert_int_equal(modem_open(m, &cfg), 0);
	dummy_inject(phone, "+84901", "qua gammurc", 0, T0);
	assert_int_equal(modem_status(m, &st), 0);
	assert_int_equal(st.sim_used, 1);
	modem_free(m);
	test_rmdir(dir);
}

static void
test_open_failures(void **state)
{
	struct modem_config cfg = { .connection = "none", .model = "dummy",
		.device = "/nonexistent/shg/phone" };
	struct modem *m = modem_new_gammu();
	struct modem_status st;
	char msg[512] = "";

	log_capture(msg, sizeof msg);
	assert_int_equal(modem_open(m, &cfg), -1);
	assert_non_null(strstr(msg, "connecting"));
	cfg.device = NULL;
	assert_int_equal(modem_open(m, &cfg), -1);
	assert_non_null(strstr(msg, "no connection or device"));
	cfg.gammurc = "/nonexistent/gammurc";
	assert_int_equal(modem_open(m, &cfg), -1);
	assert_non_null(strstr(msg, "/nonexistent/gammurc"));
	assert_int_equal(modem_status(m, &st), -1);
	log_capture(NULL, 0);
	assert_false(st.connected);
	modem_free(m);
}

/* A serial line nobody answers on: the watchdog must cut the call. */
static void
test_silent_modem_times_out(void **state)
{
	struct modem_config cfg = { .connection = "at", .call_timeout = 1 };
	struct modem *m = modem_new_gammu();
	struct timespec t0, t1;
	char msg[512] = "";
	int master;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	cfg.device = ptsname(master);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	log_capture(msg, sizeof msg);
	assert_int_equal(modem_open(m, &cfg), -1);
	log_capture(NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_non_null(strstr(msg, "no answer within 1 s"));
	assert_true(t1.tv_sec - t0.tv_sec <= 4);
	modem_free(m);
	close(master);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_status_of_dummy_phone, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_copies_numbered_past_the_last, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_single, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_three_ucs2_parts_with_ref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_resumes_after_accepted_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_long_gsm_text_stays_7bit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_bad_number_is_permanent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_when_closed_is_transient, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delivery_report_requested, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch_single_and_diacritics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch_multipart_out_of_order_and_assemble, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch_lone_surrogates_become_fffd,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch_7bit_multipart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_empties_inbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delete_missing_fails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch_delivery_report, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fetch_skips_outbox, setup, teardown),
		cmocka_unit_test(test_report_status_classes),
		cmocka_unit_test(test_open_with_gammurc),
		cmocka_unit_test(test_open_failures),
		cmocka_unit_test(test_silent_modem_times_out),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
