#include "testutil.h"

#include "config/conf.h"
#include "core/account.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/person.h"
#include "core/text.h"
#include "core/util.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "sms/forms.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/replies.h"

/*
 * SMS forms through the inbox and the reply handling, over a real
 * database: group "Hoa Sen" with ten members (case numbers 1..10) whose
 * organiser account "tu" has the phone TU; group "Mai Vàng" with member
 * 11, organiser account "hanh" (phone HANH). Member 1 has loan 1 of
 * 2.000.000 đ. The clock starts on Saturday 2026-12-05 10:00 local.
 */
#define TU "+84987000002"
#define HANH "+84987000003"
#define STRANGER "+84933000009"

struct fx {
	struct test_db *t;
	struct conf conf;
	int64_t g1, g2, person[12], loan;
	int sent;               /* distinct sent_at for each message */
};

static char logbuf[4096];

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
add_person(struct db *db, int i, const char *phone)
{
	struct person p = { 0 };
	char name[64];
	int64_t id;

	snprintf(name, sizeof name, "Nguyễn Thị Hoa %d", i);
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

static int64_t
add_group(struct db *db, const char *name, const char *organiser)
{
	struct group g;
	int64_t id;

	group_init(&g);
	g.name = strdup(name);
	g.organiser_name = strdup("Bà Tư");
	g.organiser_phone = strdup(organiser);
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static void
add_account(struct db *db, const char *name, const char *phone, int64_t group)
{
	struct account a = { 0 };

	a.name = (char *)name;
	a.role = ROLE_ORGANISER;
	a.phone = (char *)phone;
	a.groups = &group;
	a.ngroups = 1;
	assert_int_equal(account_add(db, &a, "mật khẩu dài 1"), 0);
}

static int64_t
add_loan(struct db *db, int64_t person, int64_t group)
{
	struct loan l = { 0 };

	l.person_id = person;
	l.group_id = group;
	l.source = "vbsp";
	l.terms.principal = 2000000;
	l.terms.rate_ppm = 0;
	l.terms.rate_unit = LOANCALC_PER_MONTH;
	l.terms.term_months = 10;
	l.terms.freq = LOANCALC_MONTHLY;
	l.terms.method = LOANCALC_DECLINING;
	l.terms.disbursed_day = day(2026, 11, 1);
	assert_int_equal(loan_disburse(db, &l), 0);
	return l.id;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	char dir[1024], phone[32];
	int d1 = day(2026, 11, 1);

	/* The replies come from the Vietnamese catalogue of the tree. */
	assert_non_null(getcwd(dir, sizeof dir - 20));
	strcat(dir, "/build/locale");
	setenv("SHG_LOCALEDIR", dir, 1);
	account_hash_cost(1);
	clock_set_timezone("Asia/Ho_Chi_Minh");
	at(day(2026, 12, 5), 10, 0);
	f->t = test_db_new();
	conf_defaults(&f->conf);
	f->g1 = add_group(f->t->db, "Hoa Sen", TU);
	f->g2 = add_group(f->t->db, "Mai Vàng", HANH);
	for (int i = 1; i <= 11; i++) {
		snprintf(phone, sizeof phone, "+849120000%02d", i);
		f->person[i] = add_person(f->t->db, i, phone);
		assert_int_equal(group_join(f->t->db, i <= 10 ? f->g1 : f->g2,
		    f->person[i], d1, NULL, 0, NULL), 0);
	}
	add_account(f->t->db, "tu", TU, f->g1);
	add_account(f->t->db, "hanh", HANH, f->g2);
	f->loan = add_loan(f->t->db, f->person[1], f->g1);
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

/* An SMS from number arrives now and is handled. */
static void
receive(struct fx *f, const char *from, const char *text)
{
	struct modem_msg_in m = { .kind = MODEM_MSG_TEXT,
		.sent = clock_now() - 30 + f->sent++,
		.coding = MODEM_CODING_UCS2 };

	snprintf(m.sender, sizeof m.sender, "%s", from);
	m.text = (char *)text;
	assert_int_equal(inbox_store(f->t->db, &m, 1, clock_now(), 600), 1);
	assert_int_equal(replies_run(f->t->db, &f->conf, clock_now(), NULL), 0);
}

/* The text of the reply to the newest inbox row ("" when none). */
static const char *
reply(struct fx *f)
{
	static char text[512];
	static const char sql[] = "SELECT o.text FROM outbox_clear o WHERE "
	    "o.subject = 'form:' || (SELECT max(id) FROM inbox_clear)";
	sqlite3_stmt *st = db_prepare(f->t->db, sql);

	assert_non_null(st);
	text[0] = '\0';
	if (db_step(f->t->db, st) == SQLITE_ROW)
		snprintf(text, sizeof text, "%s", db_col_text(st, 0));
	db_reset(st);
	return text;
}

/* The reply to the newest message is text, to sender, kind reply. */
/* The reply is text: with its diacritics when it fits in fewer parts
 * with them, else stripped (sms.coding "auto", smstext.h). */
static void
expect_reply(struct fx *f, const char *text)
{
	char *got = text_strip(reply(f)), *want = text_strip(text);

	if (strcmp(reply(f), text))
		assert_string_equal(got, want);
	free(got);
	free(want);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear o JOIN inbox_clear i "
	    "ON o.subject = 'form:' || i.id AND o.recipient = i.sender WHERE "
	    "o.kind = 'reply' AND o.person_id IS NULL AND i.id = (SELECT "
	    "max(id) FROM inbox_clear)"), 1);
}

static void
expect_nothing_recorded(struct fx *f)
{
	assert_int_equal(count(f, "SELECT count(*) FROM meeting"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM attendance"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM loan_pay"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM visit"), 0);
}

/* ---- the parser ---- */

static void
parse_forms(void **state)
{
	int today = day(2026, 12, 5);
	struct form f;

	(void)state;
	assert_int_equal(forms_parse("HOP Hoa Sen 05/12 CO 1 2 5 VANG 3 "
	    "PHEP 4 TRE 6 ND vay von", today, &f), 0);
	assert_int_equal(f.kind, FORM_HOP);
	assert_string_equal(f.target, "Hoa Sen");
	assert_int_equal(f.day, today);
	assert_int_equal(f.natt, 6);
	assert_string_equal(f.att[2].who, "5");
	assert_int_equal(f.att[3].status, ATT_ABSENT);
	assert_int_equal(f.att[4].status, ATT_EXCUSED);
	assert_int_equal(f.att[5].status, ATT_LATE);
	assert_string_equal(f.note, "vay von");
	form_free(&f);

	/* Diacritics, lower case, commas, extra spaces, a full code. */
	assert_int_equal(forms_parse("  họp   Hoa Sen  có: 1,2,LC-2026-0003 "
	    "vắng 4 phép 5 muộn 6", today, &f), 0);
	assert_int_equal(f.kind, FORM_HOP);
	assert_int_equal(f.day, DATE_NONE);
	assert_int_equal(f.natt, 6);
	assert_string_equal(f.att[2].who, "lc-2026-0003");
	assert_int_equal(f.att[5].status, ATT_LATE);
	form_free(&f);

	/* dd/mm far ahead of today is last year's. */
	assert_int_equal(forms_parse("Trả L12 1,5tr 20/12", day(2027, 1, 3),
	    &f), 0);
	assert_int_equal(f.kind, FORM_TRA);
	assert_int_equal(f.loan_id, 12);
	assert_int_equal(f.amount, 1500000);
	assert_int_equal(f.day, day(2026, 12, 20));
	form_free(&f);

	assert_int_equal(forms_parse("THĂM 5 cần hỗ trợ con ốm", today, &f), 0);
	assert_int_equal(f.kind, FORM_THAM);
	assert_int_equal(f.stable, 0);
	assert_string_equal(f.note, "con ốm");
	form_free(&f);
	assert_int_equal(forms_parse("tham 0005 on", today, &f), 0);
	assert_int_equal(f.stable, 1);
	assert_null(f.note);
	form_free(&f);
	assert_int_equal(forms_parse("Hủy", today, &f), 0);
	assert_int_equal(f.kind, FORM_HUY);
	form_free(&f);
	assert_int_equal(forms_parse("hd", today, &f), 0);
	assert_int_equal(f.kind, FORM_HD);
	form_free(&f);
}

static void
parse_amounts(void **state)
{
	static const struct {
		const char *s;
		int64_t v;
	} good[] = {
		{ "1078000", 1078000 }, { "1.078.000", 1078000 },
		{ "1,078,000", 1078000 }, { "1078k", 1078000 },
		{ "1078K", 1078000 }, { "1,5tr", 1500000 }, { "1.5tr", 1500000 },
		{ "2triệu", 2000000 }, { "1.078.000đ", 1078000 },
		{ "0,25tr", 250000 }, { "500nghìn", 500000 },
	};
	static const char *const bad[] = {
		"", "0", "abc", "12abc", "1.07.8000", "1,5", "1,5,5tr", "tr",
		"1.2345678tr", "-5", "10000000000000", "1.5.0k", "5m",
	};
	int64_t v;

	(void)state;
	for (size_t i = 0; i < NELEM(good); i++) {
		assert_int_equal(forms_amount(good[i].s, &v), 0);
		assert_int_equal(v, good[i].v);
	}
	for (size_t i = 0; i < NELEM(bad); i++) {
		if (forms_amount(bad[i], &v) == 0)
			fail_msg("\"%s\" taken as %lld", bad[i], (long long)v);
	}
}

static void
parse_errors(void **state)
{
	static const struct {
		const char *text;
		enum form_error err;
		const char *bad;
	} cases[] = {
		{ "HOPP Hoa Sen CO 1", FORM_ERR_KEYWORD, "HOPP" },
		{ "", FORM_ERR_KEYWORD, "" },
		{ "HOP", FORM_ERR_NO_GROUP, NULL },
		{ "HOP CO 1", FORM_ERR_NO_GROUP, NULL },
		{ "HOP Hoa Sen 31/02 CO 1", FORM_ERR_DATE, "31/02" },
		{ "HOP Hoa Sen 5/12/2027 CO 1", FORM_ERR_FUTURE, "5/12/2027" },
		{ "HOP Hoa Sen 06/12 CO 1", FORM_ERR_FUTURE, "06/12" },
		{ "HOP Hoa Sen 05/12", FORM_ERR_NO_ATTENDANCE, NULL },
		{ "HOP Hoa Sen CO 1 x?y", FORM_ERR_MEMBER, "x?y" },
		{ "HOP Hoa Sen 05/12 mot CO 1", FORM_ERR_NO_SECTION, "mot" },
		{ "TRA", FORM_ERR_NO_LOAN, NULL },
		{ "TRA abc 100k", FORM_ERR_LOAN, "abc" },
		{ "TRA 12", FORM_ERR_NO_AMOUNT, NULL },
		{ "TRA 12 1,5", FORM_ERR_AMOUNT, "1,5" },
		{ "TRA 12 100k 05/12 nua", FORM_ERR_EXTRA, "nua" },
		{ "THAM", FORM_ERR_NO_MEMBER, NULL },
		{ "THAM 5", FORM_ERR_SITUATION, NULL },
		{ "THAM 5 tot", FORM_ERR_SITUATION, "tot" },
		{ "HUY 5", FORM_ERR_EXTRA, "5" },
	};
	struct form f;

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		if (forms_parse(cases[i].text, day(2026, 12, 5), &f) != -1 ||
		    f.err != cases[i].err)
			fail_msg("\"%s\": error %d, expected %d", cases[i].text,
			    f.err, cases[i].err);
		if (cases[i].bad)
			assert_string_equal(f.bad, cases[i].bad);
		else
			assert_null(f.bad);
		form_free(&f);
	}
}

/* ---- through the inbox ---- */

static void
hop_records_meeting(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "HOP Hoa Sen 05/12 CO 1 2 3 4 5 6 7 8 VANG 9 PHEP 10");
	expect_reply(f, "Đã ghi buổi họp nhóm Hoa Sen 05/12: 8 có mặt, "
	    "1 vắng, 1 phép.");
	assert_int_equal(count(f, "SELECT count(*) FROM meeting WHERE "
	    "held_on = '2026-12-05'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM attendance WHERE "
	    "status = 'present'"), 8);
	assert_int_equal(count(f, "SELECT count(*) FROM attendance"), 10);
	/* Audited as the account, through sms; the inbox row is read. */
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = "
	    "'meeting' AND actor = 'tu' AND command = 'sms' AND account_id = "
	    "(SELECT id FROM account WHERE name = 'tu')"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM audit WHERE entity = "
	    "'sms_form' AND account_id IS NOT NULL"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM inbox_clear WHERE meaning = "
	    "'form' AND read_at IS NOT NULL"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear WHERE "
	    "outcome = 'recorded' AND entity = 'meeting'"), 1);
	/* No member's name in any reply. */
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE text "
	    "LIKE '%Nguyễn%' OR text LIKE '%returned%'"), 0);
}

static void
hop_without_diacritics_and_late(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "họp HOA SEN 4/12 có 1,2 vắng 3 trễ 4");
	expect_reply(f, "Đã ghi buổi họp nhóm Hoa Sen 04/12: 2 có mặt, "
	    "1 muộn, 7 vắng, 0 phép.");
	assert_int_equal(count(f, "SELECT count(*) FROM attendance a JOIN "
	    "meeting m ON m.id = a.meeting_id WHERE m.held_on = '2026-12-04' "
	    "AND a.status = 'absent'"), 7);
	receive(f, TU, "hop hoasen co 10");
	assert_int_equal(count(f, "SELECT count(*) FROM meeting WHERE "
	    "held_on = '2026-12-05'"), 1);
}

static void
hop_refusals(void **state)
{
	struct fx *f = *state;
	char other[512];

	/* Another organiser's group reads as one that does not exist. */
	receive(f, HANH, "HOP Hoa Sen CO 1 2");
	snprintf(other, sizeof other, "%s", reply(f));
	assert_string_equal(other, "Không có nhóm \"Hoa Sen\" trong các nhóm "
	    "của bạn.");
	receive(f, HANH, "HOP Sen Do CO 1 2");
	expect_reply(f, "Không có nhóm \"Sen Do\" trong các nhóm của bạn.");
	/* Someone else's member. */
	receive(f, TU, "HOP Hoa Sen CO 1 11");
	expect_reply(f, "Nhóm Hoa Sen không có thành viên số 11.");
	receive(f, TU, "HOP Hoa Sen CO 1 VANG 1");
	expect_reply(f, "Thành viên số 1 được ghi hai lần.");
	receive(f, TU, "HOP Hoa Sen 06/12 CO 1");
	expect_reply(f, "Ngày \"06/12\" chưa đến.");
	receive(f, TU, "HOPP Hoa Sen CO 1");
	expect_reply(f, "\"HOPP\" không phải tin báo: nhắn HD để xem cách "
	    "báo.");
	expect_nothing_recorded(f);
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear WHERE "
	    "outcome = 'refused'"), 6);
}

static void
hop_same_date_twice(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "HOP Hoa Sen CO 1 2 3");
	receive(f, TU, "HOP Hoa Sen 05/12 CO 4 5");
	expect_reply(f, "Buổi họp nhóm Hoa Sen ngày 05/12 đã được ghi; nhắn "
	    "HUY trước nếu cần sửa.");
	assert_int_equal(count(f, "SELECT count(*) FROM attendance WHERE "
	    "status = 'present'"), 3);
}

static void
repeated_delivery_once(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "HOP Hoa Sen CO 1 2 3");
	at(day(2026, 12, 5), 10, 40);
	receive(f, TU, "HOP Hoa Sen CO 1 2 3");
	assert_int_equal(count(f, "SELECT count(*) FROM meeting"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear WHERE "
	    "outcome = 'duplicate'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE subject "
	    "LIKE 'form:%'"), 1);
}

static void
tra_records_and_refuses(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "TRA 1 12abc");
	expect_reply(f, "TRA: số tiền \"12abc\" không đúng: viết 1078000, "
	    "1078k hoặc 1,5tr.");
	receive(f, TU, "TRA 1 3tr");
	expect_reply(f, "Số tiền 3.000.000 đ nhiều hơn số còn nợ "
	    "2.000.000 đ của khoản vay 1.");
	receive(f, HANH, "TRA 1 200k");
	expect_reply(f, "Không có khoản vay 1 trong các khoản vay của "
	    "thành viên nhóm bạn.");
	expect_nothing_recorded(f);
	receive(f, TU, "Trả L1 1,5 tr 04/12");
	expect_reply(f, "Đã ghi khoản trả nợ 1.500.000 đ cho khoản vay L1 ngày "
	    "04/12; còn nợ 500.000 đ.");
	assert_int_equal(count(f, "SELECT count(*) FROM loan_pay WHERE amount "
	    "= 1500000 AND paid_on = '2026-12-04'"), 1);
}

static void
tham_records_visit(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "THAM 11 ON");
	expect_reply(f, "Không có thành viên 11 trong các nhóm của bạn.");
	receive(f, TU, "thăm 3 cần hỗ trợ chồng say rượu");
	expect_reply(f, "Đã ghi buổi thăm hỏi ngày 05/12: cần hỗ trợ.");
	assert_int_equal(count(f, "SELECT count(*) FROM visit WHERE "
	    "situation = 'needs-support' AND visitor = 'tu' AND "
	    "crypt_open(notes, 'visit.notes', id) = 'chồng say rượu' AND "
	    "typeof(notes) = 'blob'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE text "
	    "LIKE '%rượu%'"), 0);
}

static void
huy_undoes_last(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "HOP Hoa Sen CO 1 2 3");
	receive(f, TU, "TRA 1 200k");
	receive(f, TU, "HUY");
	expect_reply(f, "Đã hủy: khoản trả nợ ghi ngày 05/12.");
	assert_int_equal(count(f, "SELECT coalesce(sum(amount), 0) FROM "
	    "loan_pay"), 0);
	at(day(2026, 12, 5), 11, 0);
	receive(f, TU, "Hủy");
	expect_reply(f, "Đã hủy: buổi họp nhóm Hoa Sen ngày 05/12.");
	assert_int_equal(count(f, "SELECT count(*) FROM meeting"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM attendance"), 0);
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear WHERE "
	    "outcome = 'undone' AND undone_at IS NOT NULL"), 2);
	/* A member's HUY is still her opt-out. */
	receive(f, "+84912000002", "HUY");
	assert_int_equal(count(f, "SELECT sms_consent FROM person WHERE "
	    "phone_hash = crypt_blind('+84912000002')"), 0);
}

static void
huy_after_25_hours(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "THAM 3 ON");
	at(day(2026, 12, 6), 11, 0);
	receive(f, TU, "HUY");
	expect_reply(f, "Không có tin báo nào của bạn trong 24 giờ qua để "
	    "hủy; không có gì thay đổi.");
	assert_int_equal(count(f, "SELECT count(*) FROM visit"), 1);
}

static void
hd_and_unknown(void **state)
{
	struct fx *f = *state;

	receive(f, TU, "hd");
	assert_non_null(strstr(reply(f), "HOP nhom dd/mm CO 1 2"));
	assert_non_null(strstr(reply(f), "HUY: huy tin bao cuoi"));
	/* A form from a number that is no account's: today's handling. */
	f->conf.unknown_reply = 1;
	receive(f, STRANGER, "HOP Hoa Sen CO 1 2");
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear"), 1);
	/* keyed by the number's blind index, not the number */
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE "
	    "subject = 'unknown:' || hex(crypt_blind('" STRANGER "'))"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox WHERE "
	    "subject LIKE '%" STRANGER "%'"), 0);
	expect_nothing_recorded(f);
}

static void
replies_go_first(void **state)
{
	struct fx *f = *state;
	struct outbox_msg m = { .person_id = f->person[2], .kind = "checkin",
		.subject = "checkin", .occasion = "2026-12-05", .text = "1 hay 2?" };
	struct outbox_row r;
	int64_t id;

	assert_int_equal(outbox_enqueue(f->t->db, &m, &id), OUTBOX_QUEUED);
	receive(f, TU, "HD");
	assert_int_equal(outbox_next_due(f->t->db, clock_now(), &r), 1);
	assert_string_equal(r.kind, "reply");
	assert_string_equal(r.recipient, TU);
	outbox_row_free(&r);
}

static void
flood_limited(void **state)
{
	struct fx *f = *state;
	char text[16];

	for (int i = 0; i < FORMS_PER_HOUR + 2; i++) {
		snprintf(text, sizeof text, "HD %d", i);
		receive(f, TU, text);
	}
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear WHERE "
	    "outcome = 'answered'"), FORMS_PER_HOUR);
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear WHERE "
	    "outcome = 'limited'"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE subject "
	    "LIKE 'form:%'"), FORMS_PER_HOUR + 1);
}

/* Not a form: a help request from a phone two people share. */
static void
shared_phone_help(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_run(f->t->db, "UPDATE person SET phone = "
	    "crypt_seal('+84912000001', 'person.phone', id), phone_hash = "
	    "crypt_blind('+84912000001') WHERE id = ?1", "i", f->person[4]), 0);
	receive(f, "+84912000001", "cứu em với");
	assert_int_equal(count(f, "SELECT count(*) FROM help_case WHERE "
	    "closed_at IS NULL"), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM outbox_clear WHERE kind = "
	    "'alert'"), 2);
}

/* A coordinator reports for the groups of her district only. */
static void
coordinator_forms(void **state)
{
	struct fx *f = *state;
	struct account a = { 0 };

	assert_int_equal(db_run(f->t->db, "UPDATE grp SET district = "
	    "'Mường Khương' WHERE id = ?1", "i", f->g1), 0);
	a.name = "minh";
	a.role = ROLE_COORDINATOR;
	a.district = "Mường Khương";
	a.phone = "+84987000004";
	assert_int_equal(account_add(f->t->db, &a, "mật khẩu dài 1"), 0);
	receive(f, "+84987000004", "THAM 11 ON");
	expect_reply(f, "Không có thành viên 11 trong các nhóm của bạn.");
	receive(f, "+84987000004", "THAM 2 ON");
	expect_reply(f, "Đã ghi buổi thăm hỏi ngày 05/12: ổn định.");
	assert_int_equal(count(f, "SELECT count(*) FROM visit WHERE visitor = "
	    "'minh' AND situation = 'stable'"), 1);
}

/* A group whose name holds a section word (Mai Vàng: VANG) is named
 * whole, with or without diacritics; the parser alone stops before it. */
static void
hop_group_name_with_section_word(void **state)
{
	struct fx *f = *state;
	struct form pf;

	assert_int_equal(forms_parse("HOP Mai Vang CO 11", day(2026, 12, 5),
	    &pf), 0);
	assert_string_equal(pf.target, "Mai");
	form_free(&pf);
	assert_int_equal(forms_parse_hop("HOP Mai Vang CO 11", 2,
	    day(2026, 12, 5), &pf), 0);
	assert_string_equal(pf.target, "Mai Vang");
	assert_int_equal(pf.natt, 1);
	assert_int_equal(pf.att[0].status, ATT_PRESENT);
	form_free(&pf);
	receive(f, HANH, "HOP Mai Vang CO 11");
	expect_reply(f, "Đã ghi buổi họp nhóm Mai Vàng 05/12: 1 có mặt, 0 vắng, 0 phép.");
	receive(f, HANH, "họp mai vàng 04/12 vắng 11");
	expect_reply(f, "Đã ghi buổi họp nhóm Mai Vàng 04/12: 0 có mặt, 1 vắng, 0 phép.");
	assert_int_equal(count(f, "SELECT count(*) FROM meeting"), 2);
}

/* An organiser who is also a member: her replies keep their meaning; a
 * form from the same phone is a form. */
static void
organiser_also_member(void **state)
{
	struct fx *f = *state;

	assert_int_equal(db_run(f->t->db, "UPDATE person SET phone = "
	    "crypt_seal(?1, 'person.phone', id), phone_hash = crypt_blind(?1) "
	    "WHERE id = ?2", "ti", TU, f->person[5]), 0);
	receive(f, TU, "Dạ em khỏe ạ");
	assert_int_equal(count(f, "SELECT count(*) FROM inbox_clear WHERE meaning <> "
	    "'form' AND person_id = (SELECT id FROM person WHERE phone_hash = "
	    "crypt_blind('" TU "'))"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear"), 0);
	receive(f, TU, "thăm 4 ổn định");
	assert_int_equal(count(f, "SELECT count(*) FROM sms_form_clear WHERE "
	    "outcome = 'recorded'"), 1);
	assert_int_equal(count(f, "SELECT count(*) FROM visit"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_forms),
		cmocka_unit_test(parse_amounts),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test_setup_teardown(hop_records_meeting, setup, teardown),
		cmocka_unit_test_setup_teardown(hop_without_diacritics_and_late, setup, teardown),
		cmocka_unit_test_setup_teardown(hop_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(hop_same_date_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(repeated_delivery_once, setup, teardown),
		cmocka_unit_test_setup_teardown(tra_records_and_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(tham_records_visit, setup, teardown),
		cmocka_unit_test_setup_teardown(huy_undoes_last, setup, teardown),
		cmocka_unit_test_setup_teardown(huy_after_25_hours, setup, teardown),
		cmocka_unit_test_setup_teardown(hd_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(replies_go_first, setup, teardown),
		cmocka_unit_test_setup_teardown(flood_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(shared_phone_help, setup, teardown),
		cmocka_unit_test_setup_teardown(coordinator_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(organiser_also_member, setup, teardown),
		cmocka_unit_test_setup_teardown(hop_group_name_with_section_word, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
