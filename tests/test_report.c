#include "testutil.h"

#include "config/conf.h"
#include "core/clock.h"
#include "core/followup.h"
#include "core/person.h"
#include "core/support.h"
#include "core/util.h"
#include "core/visit.h"
#include "groups/grant.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "groups/meeting.h"
#include "reports/privacy.h"
#include "reports/summary.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/replies.h"

/*
 * The fixture: a period from 2026-01-01 to 2026-06-30, "today" 2026-07-15.
 * Two provinces: Lào Cai (P1, P2, P5, groups G1 and the closed G3) and
 * Hà Giang (P3, P4, group G2). Every expected figure is worked out by hand
 * in the comments of the tests below.
 */
#define FROM day(2026, 1, 1)
#define TO day(2026, 6, 30)

struct fx {
	struct test_db *t;
	struct conf conf;
	int64_t p[6];                   /* p[1] .. p[5] */
	char dir[600];
};

static int
day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

static time_t
at(int y, int m, int d, int hh)
{
	return time_from_local(day(y, m, d), hh * 60);
}

static int64_t
add_person(struct db *db, const char *name, const char *cat, int returned,
    const char *province, const char *district, const char *phone)
{
	struct person p = { 0 };
	int64_t id;

	p.full_name = xstrdup(name);
	p.gender = xstrdup("female");
	p.category = xstrdup(cat);
	p.returned_on = returned;
	p.consent_on = p.closed_on = DATE_NONE;
	p.province = xstrdup(province);
	p.district = xstrdup(district);
	if (phone) {
		p.phone = xstrdup(phone);
		p.sms_consent = 1;
		p.consent_on = day(2026, 1, 1);
	}
	assert_int_equal(person_add(db, &p, "LC"), 0);
	id = p.id;
	person_free(&p);
	return id;
}

static void
people(struct fx *f)
{
	struct db *db = f->t->db;

	f->p[1] = add_person(db, "Nguyễn Thị Một", "returned-self",
	    day(2026, 2, 10), "Lào Cai", "Sa Pa", "+84912000001");
	f->p[2] = add_person(db, "Trần Thị Hai", "returned-official",
	    day(2025, 11, 5), "Lào Cai", "Bát Xát", "+84912000002");
	f->p[3] = add_person(db, "Lý Thị Ba", "at-risk", DATE_NONE,
	    "Hà Giang", "Đồng Văn", "+84912000003");
	f->p[4] = add_person(db, "Vàng Thị Bốn", "domestic-rescued",
	    day(2026, 3, 15), "Hà Giang", "Đồng Văn", NULL);
	f->p[5] = add_person(db, "Sùng Thị Năm", "returned-self",
	    day(2026, 6, 30), "Lào Cai", "Sa Pa", NULL);
	assert_int_equal(person_close(db, f->p[4], day(2026, 5, 20), "moved",
	    NULL), 0);
}

static void
give_support(struct db *db, int64_t person, const char *type, int d,
    int64_t value, const char *source)
{
	struct support x = { 0 };

	x.person_id = person;
	x.type = type;
	x.day = d;
	x.value = value;
	x.source = source;
	assert_int_equal(support_add(db, &x), 0);
}

static void
support(struct fx *f)
{
	struct db *db = f->t->db;

	give_support(db, f->p[1], "medical", day(2026, 2, 15), 500000, "state");
	give_support(db, f->p[1], "medical", day(2026, 4, 1), 300000, "ngo:Plan");
	give_support(db, f->p[2], "legal-aid", day(2026, 3, 1), 1000000,
	    "ngo:<script>x</script>");
	give_support(db, f->p[3], "medical", day(2025, 12, 31), 200000, "state");
}

/* An interest-free loan repaid in equal monthly installments. */
static int64_t
lend(struct db *db, int64_t person, int64_t principal, int months, int d)
{
	struct loan l = { 0 };

	l.person_id = person;
	l.source = "vbsp";
	l.terms.principal = principal;
	l.terms.rate_ppm = 0;
	l.terms.rate_unit = LOANCALC_PER_MONTH;
	l.terms.term_months = months;
	l.terms.freq = LOANCALC_MONTHLY;
	l.terms.method = LOANCALC_FLAT;
	l.terms.disbursed_day = d;
	assert_int_equal(loan_disburse(db, &l), 0);
	return l.id;
}

static void
loans(struct fx *f)
{
	struct db *db = f->t->db;
	int64_t l1, l2, l3, pay;

	/* L1, P1: 4,000,000 from 2026-01-10, 1,000,000 due on the 10th of
	 * Feb, Mar, Apr, May; two paid. */
	l1 = lend(db, f->p[1], 4000000, 4, day(2026, 1, 10));
	assert_int_equal(loan_repay(db, l1, 1000000, day(2026, 2, 10), NULL, NULL), 0);
	assert_int_equal(loan_repay(db, l1, 1000000, day(2026, 3, 12), NULL, NULL), 0);
	/* A wrong entry, reversed: counts for nothing. */
	assert_int_equal(loan_repay(db, l1, 500000, day(2026, 6, 1), NULL, &pay), 0);
	assert_int_equal(loan_reverse(db, pay, day(2026, 6, 1), NULL, NULL), 0);
	/* L2, P3: 2,000,000 from 2026-03-01, due Apr 1 and May 1, all paid
	 * on Apr 20. */
	l2 = lend(db, f->p[3], 2000000, 2, day(2026, 3, 1));
	assert_int_equal(loan_repay(db, l2, 2000000, day(2026, 4, 20), NULL, NULL), 0);
	/* L3, P2: 1,000,000 from 2025-12-01, due 2026-01-01, paid Jan 5. */
	l3 = lend(db, f->p[2], 1000000, 1, day(2025, 12, 1));
	assert_int_equal(loan_repay(db, l3, 1000000, day(2026, 1, 5), NULL, NULL), 0);
}

static int64_t
give(struct db *db, int64_t person, const char *kind, int count,
    int64_t unit, int d)
{
	struct grant g = { 0 };

	g.person_id = person;
	g.kind = (char *)kind;
	g.count = count;
	g.unit_value = unit;
	g.day = d;
	g.source = "ngo:Plan";
	assert_int_equal(grant_give(db, &g), 0);
	return g.id;
}

static void
event(struct db *db, int64_t grant, const char *kind, int count, int d)
{
	struct grant_event e = { 0 };

	e.grant_id = grant;
	e.kind = (char *)kind;
	e.count = count;
	e.day = d;
	e.price = -1;
	assert_int_equal(grant_event_add(db, &e), 0);
}

static void
grants(struct fx *f)
{
	struct db *db = f->t->db;
	int64_t g1, g3, g4, next;

	/* G1, P1: 2 sows at 3,000,000; 8 born, 1 died, 2 sold, 3 piglets
	 * passed on to P5 of the 4 owed by 2026-06-01. */
	g1 = give(db, f->p[1], "sow", 2, 3000000, day(2026, 2, 20));
	assert_int_equal(grant_oblige(db, g1, 4, day(2026, 6, 1), 0), 0);
	event(db, g1, "born", 8, day(2026, 4, 1));
	event(db, g1, "died", 1, day(2026, 4, 10));
	event(db, g1, "sold", 2, day(2026, 5, 1));
	assert_int_equal(grant_passon(db, g1, f->p[5], 3, day(2026, 5, 15), NULL,
	    -1, &next), 0);
	/* G3, P3: 10 chickens at 100,000; 4 died. */
	g3 = give(db, f->p[3], "chicken", 10, 100000, day(2026, 3, 1));
	event(db, g3, "died", 4, day(2026, 3, 20));
	/* G4, P2: a goat given before the period; one kid born in it. */
	g4 = give(db, f->p[2], "goat", 1, 2000000, day(2025, 10, 1));
	event(db, g4, "born", 1, day(2026, 2, 1));
}

static int64_t
group(struct db *db, const char *name, const char *province, int founded)
{
	struct group g;
	int64_t id;

	group_init(&g);
	g.name = xstrdup(name);
	g.province = xstrdup(province);
	g.founded_on = founded;
	assert_int_equal(group_add(db, &g), 0);
	id = g.id;
	group_free(&g);
	return id;
}

static void
meet(struct fx *f, int64_t gid, int d, const struct meeting_att *att, size_t n)
{
	struct meeting_result res = { 0 };
	struct group g;

	assert_int_equal(group_get_id(f->t->db, gid, &g), 0);
	assert_int_equal(meeting_record(f->t->db, &f->conf, &g, d, NULL, att, n,
	    &res), 0);
	free(res.defaulted);
	group_free(&g);
}

static void
groups(struct fx *f)
{
	struct db *db = f->t->db;
	int64_t g1, g2, g3;

	g1 = group(db, "<script>alert(1)</script> Tả Van", "Lào Cai",
	    day(2026, 1, 5));
	g2 = group(db, "Nhóm Lũng Cú", "Hà Giang", day(2026, 1, 5));
	g3 = group(db, "Nhóm cũ", "Lào Cai", day(2025, 1, 1));
	assert_int_equal(group_close(db, g3, day(2026, 4, 1)), 0);
	assert_int_equal(group_join(db, g1, f->p[1], day(2026, 1, 10), "member",
	    0, NULL), 0);
	assert_int_equal(group_join(db, g1, f->p[2], day(2026, 1, 10), "member",
	    0, NULL), 0);
	assert_int_equal(group_join(db, g2, f->p[3], day(2026, 1, 10), "member",
	    0, NULL), 0);
	meet(f, g1, day(2026, 2, 15), (struct meeting_att[]){
	    { f->p[1], ATT_PRESENT }, { f->p[2], ATT_LATE } }, 2);
	meet(f, g1, day(2026, 3, 15), (struct meeting_att[]){
	    { f->p[1], ATT_ABSENT }, { f->p[2], ATT_EXCUSED } }, 2);
	meet(f, g2, day(2026, 3, 20), (struct meeting_att[]){
	    { f->p[3], ATT_PRESENT } }, 1);
}

static int64_t
queue(struct db *db, int64_t person, const char *kind, const char *subject,
    time_t expires)
{
	struct outbox_msg m = { 0 };
	int64_t id;

	m.person_id = person;
	m.recipient = person ? NULL : "+84987000000";
	m.kind = kind;
	m.subject = subject;
	m.text = "Chao ban";
	m.expires_at = expires;
	assert_int_equal(outbox_enqueue(db, &m, &id), OUTBOX_QUEUED);
	return id;
}

static void
sent(struct db *db, int64_t id, time_t t)
{
	assert_int_equal(outbox_mark_sending(db, id, t), 0);
	assert_int_equal(outbox_mark_sent(db, id, t, 1), 0);
}

/* A message from person phone at t, handled at once as the service
 * would (replies.h): linked to the check-in it answers, or opening a
 * help case. */
static void
reply(struct fx *f, const char *phone, const char *text, time_t t)
{
	struct modem_msg_in in = { 0 };

	snprintf(in.sender, sizeof in.sender, "%s", phone);
	in.kind = MODEM_MSG_TEXT;
	in.sent = t;
	in.text = (char *)text;
	assert_int_equal(inbox_store(f->t->db, &in, 1, t, 600), 1);
	assert_int_equal(replies_run(f->t->db, &f->conf, t, NULL), 0);
}

static void
sms(struct fx *f)
{
	struct db *db = f->t->db;
	int64_t id;

	/* M1: check-in to P1 sent Mar 1, answered "1" the next day. */
	sent(db, queue(db, f->p[1], "checkin", "c1", 0), at(2026, 3, 1, 10));
	reply(f, "+84912000001", "1", at(2026, 3, 2, 8));
	/* M2: check-in to P3 sent Apr 1, never answered. */
	sent(db, queue(db, f->p[3], "checkin", "c2", 0), at(2026, 4, 1, 10));
	/* M3: meeting reminder to P1, failed for good on Apr 2. */
	id = queue(db, f->p[1], "meeting", "m3", 0);
	assert_int_equal(outbox_mark_sending(db, id, at(2026, 4, 2, 10)), 0);
	assert_int_equal(outbox_mark_failed(db, id, at(2026, 4, 2, 10), "refused",
	    1, 3, 60), 0);
	/* M5: a manual message to a number, sent May 5. */
	sent(db, queue(db, 0, "manual", NULL, 0), at(2026, 5, 5, 10));
	/* M4: loan reminder to P3 that expired on May 1. */
	queue(db, f->p[3], "loan", "l4", at(2026, 5, 1, 0));
	assert_int_equal(outbox_expire(db, at(2026, 5, 2, 0)), 1);
	/* M7: check-in to P2 sent Jun 10, answered "1" six days later:
	 * after checkin_answer_days (3) but linked to it, so answered. */
	sent(db, queue(db, f->p[2], "checkin", "c7", 0), at(2026, 6, 10, 10));
	reply(f, "+84912000002", "1", at(2026, 6, 16, 10));
	/* M6: check-in sent after the period. */
	sent(db, queue(db, f->p[1], "checkin", "c6", 0), at(2026, 7, 2, 10));
}

/* Help requests by SMS and their closing (hours from opening):
 *   H1 P2 opened 2025-12-30 12:00, closed 2026-01-02 12:00  72 h
 *   H5 P1 opened 2026-01-10 08:00, closed 2026-01-10 11:00   3 h
 *   H2 P3 opened 2026-05-10 08:00, closed 2026-05-12 14:00  54 h
 *   H3 P1 opened 2026-06-20 10:00, still open
 *   H4 P2 opened 2026-06-29 09:00, closed 2026-07-03 09:00 (after) */
static void
help(struct fx *f)
{
	struct db *db = f->t->db;
	char msg[200];

	log_capture(msg, sizeof msg);   /* each request warns: no one to alert */
	reply(f, "+84912000002", "GIUP", at(2025, 12, 30, 12));
	assert_int_equal(followup_close(db, f->p[2], "Hoa", "called",
	    at(2026, 1, 2, 12)), 0);
	reply(f, "+84912000001", "HELP", at(2026, 1, 10, 8));
	assert_int_equal(followup_close(db, f->p[1], "Hoa", "visited",
	    at(2026, 1, 10, 11)), 0);
	reply(f, "+84912000003", "toi can giup", at(2026, 5, 10, 8));
	assert_int_equal(followup_close(db, f->p[3], "Hoa", "referred",
	    at(2026, 5, 12, 14)), 0);
	reply(f, "+84912000001", "HELP", at(2026, 6, 20, 10));
	reply(f, "+84912000002", "CUU", at(2026, 6, 29, 9));
	assert_int_equal(followup_close(db, f->p[2], "Hoa", "called",
	    at(2026, 7, 3, 9)), 0);
	log_capture(NULL, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM help_case"), 5);
}

static void
visit(struct db *db, int64_t person, int d, const char *kind,
    const char *situation)
{
	struct visit v = { 0 };

	v.person_id = person;
	v.day = d;
	v.visitor = "Hoa";
	v.kind = (char *)kind;
	v.situation = (char *)situation;
	v.next_day = DATE_NONE;
	assert_int_equal(visit_log(db, &v), 0);
}

/*
 * Visits, and who is overdue one on Jun 30 under the default plan (every
 * 30 days until 6 months after the return, every 90 until 24 months):
 *   P1 returned Feb 10, last reached Mar 5 (the Apr 5 attempt did not
 *      reach her): due Apr 4, overdue;
 *   P2 returned 2025-11-05, last reached 2025-12-20: due Jan 19,
 *      overdue (the Jul 10 visit is after the period);
 *   P3 no return date, her own plan every 45 days, reached May 5: due
 *      Jun 19, overdue;
 *   P5 returned Jun 30: due Jul 30, not yet;
 *   P4 closed: not followed.
 */
static void
visits(struct fx *f)
{
	struct db *db = f->t->db;

	visit(db, f->p[1], day(2026, 3, 5), "home", "stable");
	visit(db, f->p[1], day(2026, 4, 5), "phone", "not-reached");
	visit(db, f->p[3], day(2026, 5, 5), "home", "at-risk");
	visit(db, f->p[2], day(2025, 12, 20), "home", "stable");
	visit(db, f->p[2], day(2026, 7, 10), "home", "stable");
	assert_int_equal(visit_plan_set(db, f->p[3], 45, DATE_NONE), 0);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	clock_set(at(2026, 7, 15, 9));
	f->t = test_db_new();
	conf_defaults(&f->conf);
	snprintf(f->dir, sizeof f->dir, "%s", f->t->dir);
	assert_int_equal(db_begin(f->t->db), 0);
	people(f);
	support(f);
	loans(f);
	grants(f);
	groups(f);
	assert_int_equal(db_commit(f->t->db), 0);
	sms(f);
	help(f);
	assert_int_equal(db_begin(f->t->db), 0);
	visits(f);
	assert_int_equal(db_commit(f->t->db), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	conf_free(&f->conf);
	test_db_close(f->t);
	free(f);
	clock_set(0);
	return 0;
}

static void
build(struct fx *f, const struct summary_place *pl, struct summary *s)
{
	assert_int_equal(summary_build(f->t->db, &f->conf, FROM, TO, pl, s), 0);
}

#define GET(s, sec, item, col) summary_get(s, sec, item, col)

static void
test_people_support(void **state)
{
	struct summary s;

	build(*state, NULL, &s);
	/* Received = returned in the period: P1 (Feb 10) and P5 (Jun 30,
	 * the last day counts) returned-self, P4 domestic-rescued (Mar 15);
	 * P2 returned in 2025, P3 has no date. */
	assert_int_equal(GET(&s, "people", "returned-self", "received"), 2);
	assert_int_equal(GET(&s, "people", "domestic-rescued", "received"), 1);
	assert_int_equal(GET(&s, "people", "returned-official", "received"), 0);
	assert_int_equal(GET(&s, "people", "total", "received"), 3);
	/* In follow-up on Jun 30: P1, P5, P2, and P3 (no date, at risk); P4
	 * closed on May 20. */
	assert_int_equal(GET(&s, "people", "returned-self", "in follow-up"), 2);
	assert_int_equal(GET(&s, "people", "returned-official", "in follow-up"), 1);
	assert_int_equal(GET(&s, "people", "at-risk", "in follow-up"), 1);
	assert_int_equal(GET(&s, "people", "domestic-rescued", "in follow-up"), 0);
	assert_int_equal(GET(&s, "people", "total", "in follow-up"), 4);
	/* Support in the period (P3's medical on 2025-12-31 is out):
	 * medical P1 twice 500,000 + 300,000; legal aid P2 once 1,000,000;
	 * state P1 500,000; ngo:Plan P1 300,000; the odd NGO name P2
	 * 1,000,000. Types not given have no row. */
	assert_int_equal(GET(&s, "support", "type: medical", "persons"), 1);
	assert_int_equal(GET(&s, "support", "type: medical", "times"), 2);
	assert_int_equal(GET(&s, "support", "type: medical", "amount"), 800000);
	assert_int_equal(GET(&s, "support", "type: legal-aid", "amount"), 1000000);
	assert_true(GET(&s, "support", "type: shelter", "times") == SUMMARY_NA);
	assert_int_equal(GET(&s, "support", "source: state budget", "persons"), 1);
	assert_int_equal(GET(&s, "support", "source: state budget", "amount"), 500000);
	assert_int_equal(GET(&s, "support", "source: NGO Plan", "times"), 1);
	assert_int_equal(GET(&s, "support", "source: NGO <script>x</script>",
	    "amount"), 1000000);
	assert_int_equal(GET(&s, "support", "total", "persons"), 2);
	assert_int_equal(GET(&s, "support", "total", "times"), 3);
	assert_int_equal(GET(&s, "support", "total", "amount"), 1800000);
	summary_free(&s);
}

static void
test_loans(void **state)
{
	struct summary s;

	build(*state, NULL, &s);
	/* Disbursed in the period: L1 4,000,000 and L2 2,000,000 (L3 was
	 * in December). */
	assert_int_equal(GET(&s, "loans", "loans disbursed", "value"), 2);
	assert_int_equal(GET(&s, "loans", "borrowers", "value"), 2);
	assert_int_equal(GET(&s, "loans", "amount disbursed", "value"), 6000000);
	/* Repaid: L1 1,000,000 + 1,000,000, L2 2,000,000, L3 1,000,000; the
	 * reversed 500,000 counts for nothing. */
	assert_int_equal(GET(&s, "loans", "repaid in the period", "value"), 5000000);
	/* On Jun 30 only L1 is open: 2,000,000, its Apr 10 installment 81
	 * days late, so all of it is at risk: PAR30 100%. */
	assert_int_equal(GET(&s, "loans", "loans outstanding", "value"), 1);
	assert_int_equal(GET(&s, "loans", "principal outstanding", "value"), 2000000);
	assert_int_equal(GET(&s, "loans", "loans in arrears", "value"), 1);
	assert_int_equal(GET(&s, "loans", "PAR30", "value"), 10000);
	/* Due in the period: L1 4 x 1,000,000, L2 2,000,000, L3 1,000,000 =
	 * 7,000,000; paid of it 2 + 2 + 1 = 5,000,000: 5/7 = 71.43%. */
	assert_int_equal(GET(&s, "loans", "repayment rate", "value"), 7143);
	/* Months: Jan 1,000,000 (L3), Feb and Mar 1,000,000 (L1), Apr
	 * 2,000,000 (L2), nothing in May and June. */
	assert_int_equal(s.nmonths, 6);
	assert_int_equal(s.months[0].repaid, 1000000);
	assert_int_equal(s.months[2].repaid, 1000000);
	assert_int_equal(s.months[3].repaid, 2000000);
	assert_int_equal(s.months[5].repaid, 0);
	summary_free(&s);
}

/* Livelihood capital is lent as a loan or given as a support of type
 * capital; the capital section counts both, each person once. */
static void
test_capital(void **state)
{
	struct fx *f = *state;
	struct summary_place pl = { "Lào Cai", NULL, NULL };
	struct summary s;

	give_support(f->t->db, f->p[5], "capital", day(2026, 5, 1), 3000000,
	    "wu");
	give_support(f->t->db, f->p[1], "capital", day(2026, 5, 2), 1000000,
	    "wu");
	build(f, NULL, &s);
	/* Lent: L1 (P1) 4,000,000 and L2 (P3) 2,000,000; given: P5 and P1;
	 * people: P1, P3, P5. */
	assert_int_equal(GET(&s, "capital", "capital lent (loans)", "value"),
	    6000000);
	assert_int_equal(GET(&s, "capital", "capital given (support)", "value"),
	    4000000);
	assert_int_equal(GET(&s, "capital", "capital in all", "value"),
	    10000000);
	assert_int_equal(GET(&s, "capital", "people who received capital",
	    "value"), 3);
	/* The two parts stay in their own sections too. */
	assert_int_equal(GET(&s, "support", "type: capital", "amount"), 4000000);
	assert_int_equal(GET(&s, "loans", "amount disbursed", "value"), 6000000);
	summary_free(&s);
	/* Lào Cai: L1 and both supports; P1 and P5. */
	build(f, &pl, &s);
	assert_int_equal(GET(&s, "capital", "capital in all", "value"), 8000000);
	assert_int_equal(GET(&s, "capital", "people who received capital",
	    "value"), 2);
	summary_free(&s);
}

static void
test_grants(void **state)
{
	struct summary s;

	build(*state, NULL, &s);
	/* Sows: 2 given to P1 worth 6,000,000; herd 2 + 8 - 1 - 2 - 3 = 4. */
	assert_int_equal(GET(&s, "grants", "sow", "given"), 2);
	assert_int_equal(GET(&s, "grants", "sow", "recipients"), 1);
	assert_int_equal(GET(&s, "grants", "sow", "value"), 6000000);
	assert_int_equal(GET(&s, "grants", "sow", "alive"), 4);
	assert_int_equal(GET(&s, "grants", "sow", "died"), 1);
	assert_int_equal(GET(&s, "grants", "sow", "sold"), 2);
	assert_int_equal(GET(&s, "grants", "sow", "offspring"), 8);
	/* The 3 piglets passed on are alive with P5, not a new grant. */
	assert_int_equal(GET(&s, "grants", "piglet", "given"), 0);
	assert_int_equal(GET(&s, "grants", "piglet", "alive"), 3);
	/* Chickens: 10 worth 1,000,000, 4 died: 6 left. */
	assert_int_equal(GET(&s, "grants", "chicken", "value"), 1000000);
	assert_int_equal(GET(&s, "grants", "chicken", "alive"), 6);
	/* The goat was given before the period; its kid is: 2 alive. */
	assert_int_equal(GET(&s, "grants", "goat", "given"), 0);
	assert_int_equal(GET(&s, "grants", "goat", "alive"), 2);
	assert_int_equal(GET(&s, "grants", "goat", "offspring"), 1);
	/* Pass-ons: 3 of 4 done, 1 still owed, due Jun 1 so overdue. */
	assert_int_equal(GET(&s, "passons", "passed on", "value"), 3);
	assert_int_equal(GET(&s, "passons", "owed at the end", "value"), 1);
	assert_int_equal(GET(&s, "passons", "owed and overdue", "value"), 1);
	assert_int_equal(GET(&s, "passons", "open obligations", "value"), 1);
	summary_free(&s);
}

static void
test_groups_sms_visits(void **state)
{
	struct summary s;

	build(*state, NULL, &s);
	/* G1 and G2 active on Jun 30 (G3 closed Apr 1); members P1, P2, P3;
	 * 3 meetings; statuses present 2, late 1, excused 1, absent 1:
	 * (2 + 1) / 5 = 60%. */
	assert_int_equal(GET(&s, "groups", "active groups", "value"), 2);
	assert_int_equal(GET(&s, "groups", "members", "value"), 3);
	assert_int_equal(GET(&s, "groups", "meetings held", "value"), 3);
	assert_int_equal(GET(&s, "groups", "average attendance", "value"), 6000);
	/* Feb: 2 of 2 attended; Mar: 1 of 3. */
	assert_int_equal(s.months[1].attended, 2);
	assert_int_equal(s.months[1].recorded, 2);
	assert_int_equal(s.months[2].attended, 1);
	assert_int_equal(s.months[2].recorded, 3);
	/* Sent M1, M2, M5, M7 (M6 is in July); failed M3; expired M4;
	 * check-ins M1, M2 and M7; M1 and M7 have a reply linked to them
	 * (M7's came 6 days later, still the answer). */
	assert_int_equal(GET(&s, "sms", "sent", "value"), 4);
	assert_int_equal(GET(&s, "sms", "failed", "value"), 1);
	assert_int_equal(GET(&s, "sms", "expired", "value"), 1);
	assert_int_equal(GET(&s, "sms", "check-ins sent", "value"), 3);
	assert_int_equal(GET(&s, "sms", "check-ins answered", "value"), 2);
	/* Help (see help()): opened in the period H5, H2, H3, H4 = 4;
	 * closed in it H1, H5, H2 = 3; open on Jun 30 H3 and H4 = 2. Hours
	 * until closed for H1, H5, H2: (72 + 3 + 54) / 3 = 43.0; the middle
	 * one of 3, 54, 72 is 54.0. Tenths of an hour. */
	assert_int_equal(GET(&s, "sms", "help requests opened", "value"), 4);
	assert_int_equal(GET(&s, "sms", "help requests closed", "value"), 3);
	assert_int_equal(GET(&s, "sms", "help requests open at the end",
	    "value"), 2);
	assert_int_equal(GET(&s, "sms", "hours until closed (average)",
	    "value"), 430);
	assert_int_equal(GET(&s, "sms", "hours until closed (median)",
	    "value"), 540);
	/* Visits: 3 in the period (the December one is out), 2 reached,
	 * 2 people. */
	assert_int_equal(GET(&s, "visits", "visits done", "value"), 3);
	assert_int_equal(GET(&s, "visits", "visits that reached the person",
	    "value"), 2);
	assert_int_equal(GET(&s, "visits", "people visited", "value"), 2);
	/* Overdue on Jun 30: P1, P2 and P3 (see visits()). */
	assert_int_equal(GET(&s, "visits", "people with a visit overdue",
	    "value"), 3);
	summary_free(&s);
}

static void
test_place(void **state)
{
	struct summary_place pl = { "lào Cai", NULL, NULL };
	struct summary s;

	/* "lào Cai": ASCII case ignored. Lào Cai has P1, P2, P5, G1, G3. */
	pl.province = "Lào cai";
	build(*state, &pl, &s);
	assert_int_equal(GET(&s, "people", "total", "received"), 2);
	assert_int_equal(GET(&s, "people", "total", "in follow-up"), 3);
	/* Support of P1 and P2: all three in the period. */
	assert_int_equal(GET(&s, "support", "total", "amount"), 1800000);
	/* L1 (P1) and L3 (P2). L1 disbursed; repaid L1 2,000,000 + L3
	 * 1,000,000. On Jun 30 L1 is open with 2,000,000, in arrears and
	 * all at risk: PAR30 100%. Due in the period: L1 4 x 1,000,000 + L3
	 * 1,000,000 = 5,000,000; paid of it 2,000,000 + 1,000,000: 60%. */
	assert_int_equal(GET(&s, "loans", "loans disbursed", "value"), 1);
	assert_int_equal(GET(&s, "loans", "amount disbursed", "value"), 4000000);
	assert_int_equal(GET(&s, "loans", "repaid in the period", "value"), 3000000);
	assert_int_equal(GET(&s, "loans", "loans outstanding", "value"), 1);
	assert_int_equal(GET(&s, "loans", "principal outstanding", "value"),
	    2000000);
	assert_int_equal(GET(&s, "loans", "loans in arrears", "value"), 1);
	assert_int_equal(GET(&s, "loans", "PAR30", "value"), 10000);
	assert_int_equal(GET(&s, "loans", "repayment rate", "value"), 6000);
	assert_true(GET(&s, "grants", "chicken", "given") == SUMMARY_NA);
	assert_int_equal(GET(&s, "grants", "sow", "alive"), 4);
	/* G1 only: members P1 and P2, 2 meetings, (1 + 1) / 4 = 50%. */
	assert_int_equal(GET(&s, "groups", "active groups", "value"), 1);
	assert_int_equal(GET(&s, "groups", "members", "value"), 2);
	assert_int_equal(GET(&s, "groups", "meetings held", "value"), 2);
	assert_int_equal(GET(&s, "groups", "average attendance", "value"), 5000);
	/* M1 and M7 sent, M3 failed; the manual message has no person. */
	assert_int_equal(GET(&s, "sms", "sent", "value"), 2);
	assert_int_equal(GET(&s, "sms", "failed", "value"), 1);
	assert_int_equal(GET(&s, "sms", "expired", "value"), 0);
	assert_int_equal(GET(&s, "sms", "check-ins answered", "value"), 2);
	/* Help of P1 and P2: opened H5, H3, H4 = 3; closed H1, H5 = 2; open
	 * H3, H4 = 2; (72 + 3) / 2 = 37.5 h, the median of two the same. */
	assert_int_equal(GET(&s, "sms", "help requests opened", "value"), 3);
	assert_int_equal(GET(&s, "sms", "help requests closed", "value"), 2);
	assert_int_equal(GET(&s, "sms", "help requests open at the end",
	    "value"), 2);
	assert_int_equal(GET(&s, "sms", "hours until closed (average)",
	    "value"), 375);
	assert_int_equal(GET(&s, "sms", "hours until closed (median)",
	    "value"), 375);
	assert_int_equal(GET(&s, "visits", "visits done", "value"), 2);
	/* Overdue: P1 and P2 of Lào Cai. */
	assert_int_equal(GET(&s, "visits", "people with a visit overdue",
	    "value"), 2);
	summary_free(&s);
	/* Hà Giang: P3's L2, 2,000,000 all repaid on Apr 20; nothing
	 * outstanding, so no PAR30; 2,000,000 due, all paid: 100%. */
	pl.province = "Hà Giang";
	build(*state, &pl, &s);
	assert_int_equal(GET(&s, "loans", "loans disbursed", "value"), 1);
	assert_int_equal(GET(&s, "loans", "repaid in the period", "value"), 2000000);
	assert_int_equal(GET(&s, "loans", "loans outstanding", "value"), 0);
	assert_int_equal(GET(&s, "loans", "loans in arrears", "value"), 0);
	assert_true(GET(&s, "loans", "PAR30", "value") == SUMMARY_NA);
	assert_int_equal(GET(&s, "loans", "repayment rate", "value"), 10000);
	/* Help: H2 only, opened and closed in 54 h. */
	assert_int_equal(GET(&s, "sms", "help requests opened", "value"), 1);
	assert_int_equal(GET(&s, "sms", "help requests open at the end",
	    "value"), 0);
	assert_int_equal(GET(&s, "sms", "hours until closed (median)",
	    "value"), 540);
	/* Overdue: P3 alone. */
	assert_int_equal(GET(&s, "visits", "people with a visit overdue",
	    "value"), 1);
	summary_free(&s);
	/* One district: Sa Pa has P1 and P5. */
	pl.province = NULL;
	pl.district = "Sa Pa";
	build(*state, &pl, &s);
	assert_int_equal(GET(&s, "people", "total", "in follow-up"), 2);
	assert_int_equal(GET(&s, "support", "total", "amount"), 800000);
	/* Overdue: P1 (P5 is not due yet). */
	assert_int_equal(GET(&s, "visits", "people with a visit overdue",
	    "value"), 1);
	summary_free(&s);
}

/* Run out through a temporary file and return what it wrote. */
static char *
capture(const struct summary *s, int csv)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(csv ? summary_print_csv(s, f) : summary_print_text(s, f),
	    0);
	fclose(f);
	return text;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *text = calloc(1, 1 << 20);

	assert_non_null(f);
	assert_true(fread(text, 1, (1 << 20) - 1, f) > 0);
	fclose(f);
	return text;
}

/* No name, phone or group name in the output. */
static void
no_private(const char *out)
{
	static const char *const bad[] = { "Nguyễn", "Trần", "Lý Thị", "Sùng",
		"+8491", "0912", "84912", "Nhóm", "Tả Van", "Hoa", NULL };

	for (int i = 0; bad[i]; i++)
		if (strstr(out, bad[i]))
			fail_msg("output shows \"%s\"", bad[i]);
}

static void
test_text_csv(void **state)
{
	struct summary s;
	char *out, *line, *save;
	int lines = 0;

	build(*state, NULL, &s);
	out = capture(&s, 0);
	assert_non_null(strstr(out, "Summary report 2026-01-01 to 2026-06-30"));
	/* English: "," groups thousands, "." marks decimals, amounts in đ. */
	assert_non_null(strstr(out, " 6,000,000 đ\n"));
	assert_non_null(strstr(out, " 71.43%\n"));
	assert_null(strstr(out, "71,43"));
	no_private(out);
	free(out);
	out = capture(&s, 1);
	no_private(out);
	/* A header and four fields on every line, values plain. */
	for (line = strtok_r(out, "\n", &save); line;
	    line = strtok_r(NULL, "\n", &save), lines++) {
		int commas = 0;
		if (lines == 0)
			assert_string_equal(line, "section,item,measure,value\r");
		for (char *c = line; *c; c++)
			commas += *c == ',';
		if (!strstr(line, "\""))
			assert_int_equal(commas, 3);
	}
	assert_true(lines > 50);
	free(out);
	out = capture(&s, 1);
	assert_non_null(strstr(out, "\r\nloans,repayment rate,value,71.43\r\n"));
	assert_non_null(strstr(out, "\r\nloans,amount disbursed,value,6000000\r\n"));
	assert_non_null(strstr(out, "\r\ngroups,average attendance,value,60.00\r\n"));
	free(out);
	summary_free(&s);
}

static void
test_html(void **state)
{
	struct fx *f = *state;
	struct summary_place pl = { "<b>Lào Cai", NULL, NULL };
	struct summary s;
	char path[700], *html;

	snprintf(path, sizeof path, "%s/report.html", f->dir);
	build(f, NULL, &s);
	assert_int_equal(summary_write_html(&s, path), 0);
	summary_free(&s);
	html = slurp(path);
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
	/* Self-contained: no address, no script, no link to a file. */
	assert_null(strstr(html, "http"));
	assert_null(strstr(html, "src="));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<script"));
	/* The support type "<script>x</script>" is shown escaped. */
	assert_non_null(strstr(html, "&lt;script&gt;x&lt;/script&gt;"));
	/* Three charts; months labelled. */
	assert_non_null(strstr(html, "<svg"));
	assert_non_null(strstr(html, "Loan repayments by month"));
	assert_non_null(strstr(html, "Attendance by month"));
	assert_non_null(strstr(html, "People in follow-up by category"));
	assert_non_null(strstr(html, ">02/26<"));
	no_private(html);
	free(html);
	/* The place asked for is escaped too. */
	build(f, &pl, &s);
	assert_int_equal(summary_write_html(&s, path), 0);
	summary_free(&s);
	html = slurp(path);
	assert_non_null(strstr(html, "&lt;b&gt;Lào Cai"));
	assert_null(strstr(html, "<b>"));
	free(html);
}

/* The report from the rollups and from the raw rows agree for periods
 * cut anywhere in a month (or within one) and for every place. */
static void
same_both_ways(struct fx *f)
{
	static const int periods[][6] = {
		{ 2026, 1, 1, 2026, 6, 30 }, { 2026, 1, 15, 2026, 3, 20 },
		{ 2026, 3, 2, 2026, 3, 30 }, { 2025, 12, 31, 2026, 7, 1 },
		{ 2026, 2, 1, 2026, 2, 28 }, { 2020, 1, 1, 2026, 12, 31 },
		{ 2026, 1, 28, 2026, 4, 25 }, { 2026, 1, 4, 2026, 2, 3 },
		{ 2026, 1, 20, 2026, 2, 27 },
	};
	static const struct summary_place places[] = {
		{ NULL, NULL, NULL }, { "lào cai", NULL, NULL },
		{ "Lào Cai", "Sa Pa", NULL }, { NULL, "Bát Xát", NULL },
		{ "Hà Giang", "Đồng Văn", "Lũng Cú" },
	};
	struct summary a, b;

	for (size_t i = 0; i < NELEM(periods); i++)
		for (size_t j = 0; j < NELEM(places); j++) {
			const int *p = periods[i];
			int from = day(p[0], p[1], p[2]), to = day(p[3], p[4], p[5]);
			assert_int_equal(summary_build(f->t->db, &f->conf, from, to,
			    &places[j], &a), 0);
			assert_int_equal(summary_build_raw(f->t->db, &f->conf, from,
			    to, &places[j], &b), 0);
			assert_int_equal(summary_compare(&a, &b, stderr), 0);
			summary_free(&a);
			summary_free(&b);
		}
}

static void
move_person(struct db *db, int64_t id, const char *district,
    const char *commune)
{
	struct person p;

	assert_int_equal(person_get_id(db, id, &p), 0);
	free(p.district);
	free(p.commune);
	p.district = xstrdup(district);
	p.commune = commune ? xstrdup(commune) : NULL;
	assert_int_equal(person_update(db, &p), 0);
	person_free(&p);
}

static void
move_group(struct db *db, int64_t id, const char *province)
{
	struct group g;

	assert_int_equal(group_get_id(db, id, &g), 0);
	free(g.province);
	g.province = xstrdup(province);
	assert_int_equal(group_update(db, &g), 0);
	group_free(&g);
}

/*
 * The month rollups follow every write the modules allow: meetings
 * recorded (backdated too) and deleted, repayments made (backdated),
 * reversed, loans repaid by people who then move, groups that move and
 * members who change groups. After each step the kept figures equal the
 * rows (summary_verify) and the report is the same both ways.
 */
static void
test_rollups(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	int64_t g1, g2, l, pay;
	char *out;
	size_t len;
	FILE *mem;

	assert_int_equal(summary_verify(db, stderr), 0);
	same_both_ways(f);
	assert_int_equal(db_int(db, &g1, 0, "SELECT min(id) FROM grp", ""), 0);
	assert_int_equal(db_int(db, &g2, 0, "SELECT id FROM grp WHERE "
	    "name = 'Nhóm Lũng Cú'", ""), 0);
	/* A meeting recorded late for a day in the period, one deleted. */
	meet(f, g1, day(2026, 1, 31), (struct meeting_att[]){
	    { f->p[1], ATT_LATE }, { f->p[2], ATT_PRESENT } }, 2);
	assert_int_equal(meeting_delete(db, g1, day(2026, 3, 15)), 0);
	/* P2 leaves G1 for G2, then a meeting of each. */
	assert_int_equal(group_leave(db, g1, f->p[2], day(2026, 4, 1), "moved"), 0);
	assert_int_equal(group_join(db, g2, f->p[2], day(2026, 4, 2), "member",
	    0, NULL), 0);
	meet(f, g2, day(2026, 4, 16), (struct meeting_att[]){
	    { f->p[2], ATT_EXCUSED }, { f->p[3], ATT_ABSENT } }, 2);
	meet(f, g1, day(2026, 4, 30), (struct meeting_att[]){
	    { f->p[1], ATT_PRESENT } }, 1);
	/* G2 moves to Lào Cai. */
	move_group(db, g2, "Lào Cai");
	assert_int_equal(summary_verify(db, stderr), 0);
	same_both_ways(f);
	/* A loan of P5, repaid in part (backdated), then a repayment
	 * reversed; P1 and P5 move. */
	l = lend(db, f->p[5], 3000000, 3, day(2026, 1, 20));
	assert_int_equal(loan_repay(db, l, 1000000, day(2026, 2, 20), NULL, NULL), 0);
	assert_int_equal(loan_repay(db, l, 700000, day(2026, 3, 31), NULL, &pay), 0);
	assert_int_equal(loan_repay(db, l, 300000, day(2026, 2, 25), NULL, NULL), 0);
	assert_int_equal(loan_reverse(db, pay, day(2026, 4, 2), NULL, NULL), 0);
	move_person(db, f->p[1], "Bát Xát", "Trung Lèng Hồ");
	move_person(db, f->p[5], "sa pa", NULL);
	assert_int_equal(summary_verify(db, stderr), 0);
	same_both_ways(f);
	/* A loan of P4 rescheduled over 4 months in March, one of P2
	 * written off in May: what falls due moves and stops. */
	{
		struct loancalc_terms t = { 0 };
		int64_t l4 = lend(db, f->p[2], 1200000, 3, day(2026, 1, 25));
		int64_t l5 = lend(db, f->p[3], 2400000, 6, day(2026, 1, 5));
		t.rate_unit = LOANCALC_PER_MONTH;
		t.term_months = 4;
		t.freq = LOANCALC_MONTHLY;
		t.method = LOANCALC_FLAT;
		t.disbursed_day = day(2026, 3, 10);
		assert_int_equal(loan_repay(db, l5, 400000, day(2026, 2, 5), NULL,
		    NULL), 0);
		assert_int_equal(loan_reschedule(db, l5, &t, "flood"), 0);
		assert_int_equal(loan_writeoff(db, l4, day(2026, 5, 2), "left"), 0);
	}
	assert_int_equal(summary_verify(db, stderr), 0);
	same_both_ways(f);
	/* A kept figure that drifts is found, one line for it. */
	assert_int_equal(db_exec(db, "UPDATE pay_month SET amount = amount + 1 "
	    "WHERE month = '2026-02' AND district = 'sa pa'"), 0);
	assert_int_equal(db_exec(db, "UPDATE att_month SET late = late + 2 "
	    "WHERE month = '2026-01'"), 0);
	assert_int_equal(db_exec(db, "UPDATE loan_inst SET paid = paid + 5 "
	    "WHERE id = (SELECT min(inst_id) FROM loan_alloc)"), 0);
	mem = open_memstream(&out, &len);
	assert_int_equal(summary_verify(db, mem), 3);
	fclose(mem);
	assert_non_null(strstr(out, "repaid rollup 2026-02, Lào Cai / sa pa / : "
	    "1300001 kept, the rows give 1300000\n"));
	assert_non_null(strstr(out, "attendance rollup 2026-01, group "));
	assert_non_null(strstr(out, ": late is 3, the rows give 1\n"));
	assert_non_null(strstr(out, "installment "));
	assert_non_null(strstr(out, " paid kept, the repayments give "));
	free(out);
}

/* What valid repayments put on loan l's installments, kept and counted. */
static void
inst_paid(struct db *db, int64_t l, int64_t *kept, int64_t *rows)
{
	assert_int_equal(db_int(db, kept, 0, "SELECT sum(paid) FROM loan_inst "
	    "WHERE loan_id = ?", "i", l), 0);
	assert_int_equal(db_int(db, rows, 0, "SELECT coalesce(sum(amount), 0) "
	    "FROM loan_pay WHERE loan_id = ? AND reverses IS NULL "
	    "AND reversed_by IS NULL", "i", l), 0);
}

/* One figure of the loans section of the report from..to. */
static int64_t
summary_get_loans(struct fx *f, int from, int to, const char *item)
{
	struct summary s;
	int64_t v;

	assert_int_equal(summary_build(f->t->db, &f->conf, from, to, NULL, &s), 0);
	v = summary_get(&s, "loans", item, "value");
	summary_free(&s);
	return v;
}

/* One figure of the SMS section of the report from..to. */
static int64_t
summary_get_sms(struct fx *f, int from, int to, const char *item)
{
	struct summary s;
	int64_t v;

	assert_int_equal(summary_build(f->t->db, &f->conf, from, to, NULL, &s), 0);
	v = summary_get(&s, "sms", item, "value");
	summary_free(&s);
	return v;
}

/* The report over months cut both ways (the days read, or the whole month
 * less the days outside) equals the raw count. */
static void
report_same(struct fx *f, int from, int to)
{
	struct summary a, b;

	assert_int_equal(summary_build(f->t->db, &f->conf, from, to, NULL, &a), 0);
	assert_int_equal(summary_build_raw(f->t->db, &f->conf, from, to, NULL,
	    &b), 0);
	assert_int_equal(summary_compare(&a, &b, stderr), 0);
	summary_free(&a);
	summary_free(&b);
}

/*
 * Writes after the fact keep the figures kept right: what is repaid on
 * each installment (loan_inst.paid) follows repayments entered late for a
 * past month, reversed, and a pay-off; a meeting backdated into the days
 * a report takes off a month read whole, a member who leaves, a person
 * erased. A drift of loan_inst.paid is found by summary_verify.
 */
static void
test_late_writes(void **state)
{
	struct fx *f = *state;
	struct db *db = f->t->db;
	struct privacy_erased er;
	int64_t l, pay, kept, rows, g1, arrears, repaid, answered;
	int from = day(2026, 1, 20), to = day(2026, 3, 25);
	char *out;
	size_t len;
	FILE *mem;

	l = lend(db, f->p[1], 3000000, 3, day(2026, 1, 10));
	inst_paid(db, l, &kept, &rows);
	assert_int_equal(kept, 0);
	/* Nothing repaid by the end: the loan is in arrears then. */
	report_same(f, from, to);
	arrears = summary_get_loans(f, from, to, "loans in arrears");
	repaid = summary_get_loans(f, from, to, "repaid in the period");
	assert_true(arrears >= 1);
	/* Repaid for February, entered in April; a repayment after the end of
	 * the period, in the days taken off March; one reversed. */
	assert_int_equal(loan_repay(db, l, 1000000, day(2026, 2, 10), NULL, NULL), 0);
	assert_int_equal(loan_repay(db, l, 600000, day(2026, 3, 28), NULL, NULL), 0);
	assert_int_equal(loan_repay(db, l, 400000, day(2026, 3, 5), NULL, &pay), 0);
	inst_paid(db, l, &kept, &rows);
	assert_int_equal(kept, 2000000);
	assert_int_equal(rows, 2000000);
	report_same(f, from, to);
	assert_int_equal(loan_reverse(db, pay, day(2026, 3, 29), NULL, NULL), 0);
	inst_paid(db, l, &kept, &rows);
	assert_int_equal(kept, 1600000);
	assert_int_equal(rows, 1600000);
	assert_int_equal(summary_verify(db, stderr), 0);
	report_same(f, from, to);
	/* The repayment after the period's end does not count in it. */
	assert_int_equal(summary_get_loans(f, from, to, "repaid in the period"),
	    repaid + 1000000);
	/* A meeting backdated to 28 March and one on 10 March; a member
	 * leaves; the borrower is erased. */
	assert_int_equal(db_int(db, &g1, 0, "SELECT min(id) FROM grp", ""), 0);
	meet(f, g1, day(2026, 3, 28), (struct meeting_att[]){
	    { f->p[1], ATT_PRESENT } }, 1);
	meet(f, g1, day(2026, 3, 10), (struct meeting_att[]){
	    { f->p[1], ATT_ABSENT } }, 1);
	assert_int_equal(group_leave(db, g1, f->p[1], day(2026, 3, 12), "moved"),
	    0);
	{
		struct person pe;
		assert_int_equal(person_get_id(db, f->p[1], &pe), 0);
		assert_int_equal(privacy_erase(db, pe.case_code, "asked", &er), 0);
		person_free(&pe);
	}
	assert_int_equal(summary_verify(db, stderr), 0);
	report_same(f, from, to);
	report_same(f, day(2026, 3, 11), day(2026, 3, 27));
	/* The check-in sent to P3 on 1 April, never answered, is answered
	 * now: counted answered once linked; a reply removed takes it back. */
	answered = summary_get_sms(f, day(2026, 4, 1), day(2026, 4, 30),
	    "check-ins answered");
	reply(f, "+84912000003", "1", at(2026, 4, 3, 8));
	assert_int_equal(db_int(db, &kept, 0, "SELECT o.sent_at FROM inbox i "
	    "JOIN outbox o ON o.id = i.answers "
	    "WHERE i.id = (SELECT max(id) FROM inbox)", ""), 0);
	assert_int_equal(kept, at(2026, 4, 1, 10));
	assert_int_equal(summary_get_sms(f, day(2026, 4, 1), day(2026, 4, 30),
	    "check-ins answered"), answered + 1);
	assert_int_equal(summary_verify(db, stderr), 0);
	report_same(f, from, to);
	assert_int_equal(db_exec(db, "DELETE FROM inbox WHERE id = "
	    "(SELECT max(id) FROM inbox)"), 0);
	assert_int_equal(summary_get_sms(f, day(2026, 4, 1), day(2026, 4, 30),
	    "check-ins answered"), answered);
	assert_int_equal(summary_verify(db, stderr), 0);
	/* Paid off in full, then a drift is found. */
	assert_int_equal(loan_repay(db, l, 1400000, day(2026, 4, 10), NULL, NULL), 0);
	inst_paid(db, l, &kept, &rows);
	assert_int_equal(kept, 3000000);
	assert_int_equal(summary_verify(db, stderr), 0);
	report_same(f, from, day(2026, 4, 30));
	assert_int_equal(db_exec(db, "UPDATE loan_inst SET paid = paid - 3 "
	    "WHERE id = (SELECT max(id) FROM loan_inst)"), 0);
	assert_int_equal(db_exec(db, "UPDATE outbox SET answered = 1 "
	    "WHERE id = (SELECT max(id) FROM outbox WHERE answered = 0)"), 0);
	mem = open_memstream(&out, &len);
	assert_int_equal(summary_verify(db, mem), 2);
	fclose(mem);
	assert_non_null(strstr(out, " paid kept, the repayments give "));
	assert_non_null(strstr(out, ": kept as answered 1, the replies give 0\n"));
	free(out);
}

static void
test_bad(void **state)
{
	struct fx *f = *state;
	struct summary s;
	char msg[200];

	log_capture(msg, sizeof msg);
	assert_int_equal(summary_build(f->t->db, &f->conf, TO, FROM, NULL, &s), -1);
	summary_free(&s);
	assert_non_null(strstr(msg, "starts after it ends"));
	assert_int_equal(summary_write_html(&s, "/nonexistent/dir/r.html"), -1);
	log_capture(NULL, 0);
	assert_non_null(strstr(msg, "/nonexistent/dir/r.html: No such file"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_people_support, setup, teardown),
		cmocka_unit_test_setup_teardown(test_loans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_capital, setup, teardown),
		cmocka_unit_test_setup_teardown(test_grants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups_sms_visits, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_late_writes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
