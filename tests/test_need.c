#include "testutil.h"

#include "core/clock.h"
#include "core/funding.h"
#include "core/need.h"
#include "core/person.h"
#include "core/support.h"


static int64_t
add_person(struct db *db, const char *name)
{
	struct person p;

	test_person_init(&p, name, "returned-official");
	return test_person_save(db, &p, "LC");
}

static void
test_kind_parse(void **state)
{
	static const struct { const char *in, *code; } ok[] = {
		{ "medical", "medical" }, { "Legal aid", "legal-aid" },
		{ "legal_aid", "legal-aid" }, { "identity papers", "documents" },
		{ "documents", "documents" }, { "health", "medical" },
		{ "Tâm lý", "psychological" }, { " vocational training ", "vocational" },
		{ "housing", "shelter" }, { "CAPITAL", "capital" },
		{ "Việc làm", "employment" }, { "education", "education" },
	};
	const char *code;

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(need_kind_parse("kind", ok[i].in, &code), 0);
		assert_string_equal(code, ok[i].code);
	}
	assert_int_equal(need_kind_parse("kind", "food", &code), -1);
	assert_string_equal(test_msg, "kind: \"food\" is not a kind of need "
	    "(medical, psychological, legal-aid, documents, education, "
	    "vocational, employment, capital, shelter)");
	assert_int_equal(need_kind_parse("kind", "", &code), -1);
	assert_string_equal(need_kind_label("documents"), "identity documents");
	assert_null(need_kind_label("food"));
	assert_true(need_status_valid("met"));
	assert_false(need_status_valid("done"));
}

static void
test_add_and_identify(void **state)
{
	struct db *db = test_db(state);
	int64_t p = add_person(db, "Nguyễn Thị Hoa");
	struct need n;

	assert_int_equal(need_add(db, p, "legal aid", test_day(2026, 10, 1), "giấy tờ"), 0);
	assert_int_equal(need_get(db, p, "legal-aid", &n), 0);
	assert_string_equal(n.status, "identified");
	assert_string_equal(n.case_code, "LC-2026-0001");
	assert_string_equal(n.notes, "giấy tờ");
	assert_int_equal(n.identified_on, test_day(2026, 10, 1));
	assert_int_equal(n.referred_on, DATE_NONE);
	assert_int_equal(n.met_on, DATE_NONE);
	assert_null(n.referred_to);
	need_free(&n);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'need' AND action = 'add' AND actor = 'tester'"), 1);

	/* need_add refuses a second open record, naming the case code only */
	assert_int_equal(need_add(db, p, "legal-aid", test_day(2026, 10, 2), NULL), -1);
	assert_string_equal(test_msg, "need \"legal-aid\" of LC-2026-0001 is "
	    "already recorded (identified)");
	assert_null(strstr(test_msg, "Nguyễn"));
	/* need_identify is idempotent: nothing changes, nothing audited */
	assert_int_equal(need_identify(db, p, "legal-aid", test_day(2026, 11, 1), "x"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM need"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM need WHERE "
	    "identified_on = '2026-10-01' AND "
	    "crypt_open(notes, 'need.notes', id) = 'giấy tờ'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'need'"), 1);
	/* and it records a new kind */
	assert_int_equal(need_identify(db, p, "health", test_day(2026, 11, 1), NULL), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM need WHERE "
	    "kind = 'medical' AND status = 'identified'"), 1);
}

static void
test_add_refused(void **state)
{
	struct db *db = test_db(state);
	int64_t p = add_person(db, "Lò Thị Dung");

	assert_int_equal(need_add(db, p, "medical", test_day(2026, 11, 24), NULL), -1);
	assert_string_equal(test_msg, "date: 2026-11-24 is in the future");
	assert_int_equal(need_add(db, p, "food", test_day(2026, 11, 1), NULL), -1);
	assert_non_null(strstr(test_msg, "\"food\" is not a kind of need"));
	assert_int_equal(need_add(db, 999, "medical", test_day(2026, 11, 1), NULL), -1);
	assert_string_equal(test_msg, "person \"#999\" not found");
	assert_int_equal(need_identify(db, p, "medical", DATE_NONE, NULL), -1);
	assert_int_equal(person_close(db, p, test_day(2026, 6, 30), "moved", NULL), 0);
	assert_int_equal(need_add(db, p, "medical", test_day(2026, 7, 1), NULL), -1);
	assert_string_equal(test_msg, "date: 2026-07-01 is after LC-2026-0001 "
	    "was closed (2026-06-30)");
	/* before the closing it is history, and is recorded */
	assert_int_equal(need_add(db, p, "medical", test_day(2026, 6, 1), NULL), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM need"), 1);
}

static void
test_refer_and_meet(void **state)
{
	struct db *db = test_db(state);
	int64_t p = add_person(db, "Vàng Thị Mai");
	struct need n;

	assert_int_equal(need_add(db, p, "documents", test_day(2026, 9, 1), NULL), 0);
	assert_int_equal(need_refer(db, p, "documents", "", test_day(2026, 9, 2)), -1);
	assert_string_equal(test_msg, "referred to: the organisation is needed");
	assert_int_equal(need_refer(db, p, "documents", "Công an xã",
	    test_day(2026, 8, 31)), -1);
	assert_string_equal(test_msg, "date: 2026-08-31 is before the need was "
	    "identified (2026-09-01)");
	assert_int_equal(need_refer(db, p, "shelter", "Nhà tạm lánh",
	    test_day(2026, 9, 2)), -1);
	assert_string_equal(test_msg, "need \"shelter\" of LC-2026-0001 is not "
	    "recorded");
	assert_int_equal(need_refer(db, p, "documents", "Công an xã",
	    test_day(2026, 9, 5)), 0);
	assert_int_equal(need_refer(db, p, "documents", "Tư pháp huyện",
	    test_day(2026, 9, 10)), 0);
	assert_int_equal(need_get(db, p, "documents", &n), 0);
	assert_string_equal(n.status, "referred");
	assert_string_equal(n.referred_to, "Tư pháp huyện");
	assert_int_equal(n.referred_on, test_day(2026, 9, 10));
	need_free(&n);

	assert_int_equal(need_meet(db, p, "documents", test_day(2026, 9, 9)), -1);
	assert_string_equal(test_msg, "date: 2026-09-09 is before the need was "
	    "referred (2026-09-10)");
	assert_int_equal(need_meet(db, p, "documents", test_day(2026, 12, 1)), -1);
	assert_int_equal(need_meet(db, p, "documents", test_day(2026, 10, 1)), 0);
	assert_int_equal(need_meet(db, p, "documents", test_day(2026, 10, 2)), -1);
	assert_string_equal(test_msg, "need \"documents\" of LC-2026-0001 is "
	    "already met");
	assert_int_equal(need_refer(db, p, "documents", "X", test_day(2026, 10, 2)), -1);
	assert_int_equal(need_get(db, p, "documents", &n), 0);
	assert_string_equal(n.status, "met");
	assert_int_equal(n.identified_on, test_day(2026, 9, 1));
	assert_int_equal(n.referred_on, test_day(2026, 9, 10));
	assert_int_equal(n.met_on, test_day(2026, 10, 1));
	need_free(&n);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'need' AND action IN ('refer', 'met')"), 3);

	/* a met need found again on a visit is reopened */
	assert_int_equal(need_identify(db, p, "documents", test_day(2026, 11, 20),
	    NULL), 0);
	assert_int_equal(need_get(db, p, "documents", &n), 0);
	assert_string_equal(n.status, "identified");
	assert_int_equal(n.identified_on, test_day(2026, 11, 20));
	assert_int_equal(n.met_on, DATE_NONE);
	assert_null(n.referred_to);
	need_free(&n);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'need' AND action = 'reopen'"), 1);
	/* met without a referral */
	assert_int_equal(need_meet(db, p, "documents", test_day(2026, 11, 21)), 0);
}

struct seen {
	char text[512];
	int n;
};

static int
collect(const struct need *n, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%s:%s:%s ", n->case_code,
	    n->kind, n->status);
	s->n++;
	return 0;
}

static void
test_each_filters(void **state)
{
	struct db *db = test_db(state);
	int64_t a = add_person(db, "A"), b = add_person(db, "B");
	struct need_filter f = { 0 };
	struct seen s = { "", 0 };

	assert_int_equal(need_add(db, b, "shelter", test_day(2026, 1, 1), NULL), 0);
	assert_int_equal(need_add(db, a, "capital", test_day(2026, 1, 1), NULL), 0);
	assert_int_equal(need_add(db, a, "medical", test_day(2026, 1, 1), NULL), 0);
	assert_int_equal(need_add(db, b, "medical", test_day(2026, 1, 1), NULL), 0);
	assert_int_equal(need_refer(db, b, "medical", "Trạm y tế", test_day(2026, 1, 2)), 0);
	assert_int_equal(need_each(db, &f, collect, &s), 0);
	assert_string_equal(s.text, "LC-2026-0001:medical:identified "
	    "LC-2026-0001:capital:identified LC-2026-0002:medical:referred "
	    "LC-2026-0002:shelter:identified ");
	f.person_id = b;
	s.text[0] = '\0';
	assert_int_equal(need_each(db, &f, collect, &s), 0);
	assert_string_equal(s.text, "LC-2026-0002:medical:referred "
	    "LC-2026-0002:shelter:identified ");
	f.person_id = 0;
	f.status = "identified";
	f.kind = "medical";
	s.text[0] = '\0';
	assert_int_equal(need_each(db, &f, collect, &s), 0);
	assert_string_equal(s.text, "LC-2026-0001:medical:identified ");
}

static void
test_funding(void **state)
{
	static const struct { const char *in, *out; } ok[] = {
		{ "state", "state" }, { "State Budget", "state" },
		{ "ngân sách", "state" }, { "ngan sach", "state" },
		{ "Ngân sách nhà nước", "state" },
		{ "wu", "wu" }, { "WU", "wu" }, { "Women's Union", "wu" },
		{ "women\xe2\x80\x99s union", "wu" }, { "hội phụ nữ", "wu" },
		{ "Hội  Phụ Nữ", "wu" }, { "hlhpn", "wu" },
		{ "vbsp", "vbsp" }, { "social policy bank", "vbsp" },
		{ "NHCSXH", "vbsp" }, { "ngân hàng chính sách", "vbsp" },
		{ "ngo:Blue Dragon", "ngo:Blue Dragon" },
		{ "NGO Blue Dragon", "ngo:Blue Dragon" },
		{ "ngo: Hagar ", "ngo:Hagar" }, { "Ngo:Pacific Links", "ngo:Pacific Links" },
	};
	char out[FUNDING_MAX], label[FUNDING_MAX + 8], longname[300];

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		assert_int_equal(funding_parse("source", ok[i].in, out, sizeof out), 0);
		assert_string_equal(out, ok[i].out);
		assert_true(funding_valid(out));
	}
	assert_int_equal(funding_parse("--source", "bank", out, sizeof out), -1);
	assert_string_equal(test_msg, "--source: \"bank\" is not a funding "
	    "source (use state, wu, vbsp or ngo:NAME)");
	assert_int_equal(funding_parse("--source", "ngo:", out, sizeof out), -1);
	assert_string_equal(test_msg, "--source: \"ngo:\" needs the NGO's name "
	    "(ngo:NAME)");
	assert_int_equal(funding_parse("--source", "NGO", out, sizeof out), -1);
	assert_non_null(strstr(test_msg, "needs the NGO's name"));
	assert_int_equal(funding_parse("--source", "", out, sizeof out), -1);
	assert_int_equal(funding_parse("--source", "ngoc", out, sizeof out), -1);
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	memcpy(longname, "ngo:", 4);
	assert_int_equal(funding_parse("--source", longname, out, sizeof out), -1);
	assert_non_null(strstr(test_msg, "longer than"));

	assert_string_equal(funding_label("state", label, sizeof label), "state budget");
	assert_string_equal(funding_label("wu", label, sizeof label), "Women's Union");
	assert_string_equal(funding_label("vbsp", label, sizeof label),
	    "Social Policy Bank");
	assert_string_equal(funding_label("ngo:Hagar", label, sizeof label), "NGO Hagar");
	assert_false(funding_valid("bank"));
	assert_false(funding_valid("ngo:"));
	assert_false(funding_valid(NULL));
}

static void
test_support_add(void **state)
{
	struct db *db = test_db(state);
	int64_t p = add_person(db, "Hà Thị Lan");
	struct support s = { 0 };
	const char *code;

	assert_int_equal(support_type_parse("type", "health insurance card", &code), 0);
	assert_string_equal(code, "health-insurance");
	assert_int_equal(support_type_parse("type", "Legal Aid", &code), 0);
	assert_string_equal(code, "legal-aid");
	assert_int_equal(support_type_parse("type", "initial support", &code), 0);
	assert_string_equal(code, "initial");
	assert_int_equal(support_type_parse("--type", "food", &code), -1);
	assert_non_null(strstr(test_msg, "--type: \"food\" is not a type of support"));

	s.person_id = p;
	s.type = "counselling";
	s.day = test_day(2026, 11, 2);
	s.value = 300000;
	s.source = "hội phụ nữ";
	s.notes = "buổi 1";
	assert_int_equal(support_add(db, &s), 0);
	assert_true(s.id > 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM support WHERE "
	    "type = 'counselling' AND given_on = '2026-11-02' AND value = 300000 "
	    "AND source = 'wu' AND "
	    "crypt_open(notes, 'support.notes', id) = 'buổi 1'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'support' AND action = 'add' AND entity_id = 1"), 1);

	s.value = -1;
	assert_int_equal(support_add(db, &s), -1);
	assert_non_null(strstr(test_msg, "value: -1"));
	s.value = 0;
	s.type = "party";
	assert_int_equal(support_add(db, &s), -1);
	s.type = "medical";
	s.source = "bank";
	assert_int_equal(support_add(db, &s), -1);
	s.source = "state";
	s.day = test_day(2026, 11, 24);
	assert_int_equal(support_add(db, &s), -1);
	assert_string_equal(test_msg, "date: 2026-11-24 is in the future");
	s.day = test_day(2026, 11, 23);
	s.person_id = 77;
	assert_int_equal(support_add(db, &s), -1);
	assert_string_equal(test_msg, "person \"#77\" not found");
	s.person_id = p;
	assert_int_equal(person_close(db, p, test_day(2026, 11, 10), "withdrew", NULL), 0);
	assert_int_equal(support_add(db, &s), -1);
	assert_string_equal(test_msg, "date: 2026-11-23 is after LC-2026-0001 "
	    "was closed (2026-11-10)");
	assert_null(strstr(test_msg, "Lan"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM support"), 1);
}

static void
give(struct db *db, int64_t p, const char *type, int d, int64_t value,
    const char *source)
{
	struct support s = { 0 };

	s.person_id = p;
	s.type = type;
	s.day = d;
	s.value = value;
	s.source = source;
	assert_int_equal(support_add(db, &s), 0);
}

static void
check_total(const struct support_total *t, const char *key, int persons,
    int times, int64_t value)
{
	assert_string_equal(t->key, key);
	assert_int_equal(t->persons, persons);
	assert_int_equal(t->times, times);
	assert_int_equal(t->value, value);
}

static int
count_rows(const struct support *s, void *arg)
{
	(void)s;
	(*(int *)arg)++;
	return 0;
}

static void
test_support_totals(void **state)
{
	struct db *db = test_db(state);
	int64_t a = add_person(db, "A"), b = add_person(db, "B"), c = add_person(db, "C");
	struct support_totals t;
	struct support_filter f = { 0, DATE_NONE, DATE_NONE, NULL, NULL };
	int n = 0;

	give(db, a, "initial", test_day(2026, 1, 10), 1000000, "state");
	give(db, a, "medical", test_day(2026, 2, 1), 500000, "wu");
	give(db, a, "medical", test_day(2026, 3, 1), 300000, "wu");
	give(db, b, "initial", test_day(2026, 1, 15), 1000000, "state");
	give(db, b, "capital", test_day(2026, 2, 20), 5000000, "vbsp");
	give(db, b, "referral", test_day(2026, 4, 1), 0, "ngo:Blue Dragon");
	give(db, c, "medical", test_day(2025, 12, 31), 200000, "state");

	/* the first quarter of 2026, by hand */
	assert_int_equal(support_totals(db, test_day(2026, 1, 1), test_day(2026, 3, 31), &t), 0);
	assert_int_equal(t.ntypes, 11);
	check_total(&t.by_type[0], "initial", 2, 2, 2000000);
	check_total(&t.by_type[1], "medical", 1, 2, 800000);
	check_total(&t.by_type[2], "counselling", 0, 0, 0);
	check_total(&t.by_type[7], "capital", 1, 1, 5000000);
	check_total(&t.by_type[10], "referral", 0, 0, 0);
	assert_int_equal(t.nsources, 3);
	check_total(&t.by_source[0], "state", 2, 2, 2000000);
	check_total(&t.by_source[1], "vbsp", 1, 1, 5000000);
	check_total(&t.by_source[2], "wu", 1, 2, 800000);
	check_total(&t.all, "total", 2, 5, 7800000);
	support_totals_free(&t);

	/* all time */
	assert_int_equal(support_totals(db, DATE_NONE, DATE_NONE, &t), 0);
	check_total(&t.by_type[1], "medical", 2, 3, 1000000);
	assert_int_equal(t.nsources, 4);
	check_total(&t.by_source[0], "ngo:Blue Dragon", 1, 1, 0);
	check_total(&t.by_source[1], "state", 3, 3, 2200000);
	check_total(&t.all, "total", 3, 7, 8000000);
	support_totals_free(&t);

	/* an empty period */
	assert_int_equal(support_totals(db, test_day(2020, 1, 1), test_day(2020, 12, 31), &t), 0);
	assert_int_equal(t.nsources, 0);
	check_total(&t.all, "total", 0, 0, 0);
	support_totals_free(&t);

	/* the ledger listing with its filters */
	f.from = test_day(2026, 2, 1);
	assert_int_equal(support_each(db, &f, count_rows, &n), 0);
	assert_int_equal(n, 4);
	n = 0;
	f.person_id = a;
	f.source = "wu";
	f.to = test_day(2026, 2, 28);
	assert_int_equal(support_each(db, &f, count_rows, &n), 0);
	assert_int_equal(n, 1);
	n = 0;
	f.person_id = 0;
	f.source = NULL;
	f.type = "initial";
	f.from = f.to = DATE_NONE;
	assert_int_equal(support_each(db, &f, count_rows, &n), 0);
	assert_int_equal(n, 2);
}

static int64_t
add_person_at(struct db *db, const char *province, const char *district,
    const char *commune)
{
	struct person p = { 0 };

	p.full_name = strdup("Nguyễn Thị Test");
	p.gender = strdup("female");
	p.category = strdup("returned-self");
	p.province = strdup(province);
	p.district = strdup(district);
	p.commune = strdup(commune);
	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	assert_int_equal(person_add(db, &p, "LC"), 0);
	person_free(&p);
	return p.id;
}

/* Totals for one place: A in Sa Pa (Lào Cai), B in Bát Xát (Lào Cai),
 * C in Đồng Văn (Hà Giang). */
static void
test_support_totals_place(void **state)
{
	struct db *db = test_db(state);
	int64_t a = add_person_at(db, "Lào Cai", "Sa Pa", "Tả Van");
	int64_t b = add_person_at(db, "Lào Cai", "Bát Xát", "Y Tý");
	int64_t c = add_person_at(db, "Hà Giang", "Đồng Văn", "Lũng Cú");
	struct support_totals t;

	give(db, a, "initial", test_day(2026, 1, 10), 1000000, "state");
	give(db, a, "medical", test_day(2026, 2, 1), 500000, "wu");
	give(db, b, "medical", test_day(2026, 2, 5), 300000, "wu");
	give(db, b, "medical", test_day(2025, 12, 1), 900000, "wu");
	give(db, c, "medical", test_day(2026, 3, 1), 200000, "state");

	/* Lào Cai (ASCII case ignored), 2026: A's two and B's February one;
	 * medical A 500,000 + B 300,000; wu the same two. */
	assert_int_equal(support_totals_place(db, test_day(2026, 1, 1),
	    test_day(2026, 12, 31), "lào cai", NULL, NULL, &t), 0);
	check_total(&t.by_type[0], "initial", 1, 1, 1000000);
	check_total(&t.by_type[1], "medical", 2, 2, 800000);
	assert_int_equal(t.nsources, 2);
	check_total(&t.by_source[0], "state", 1, 1, 1000000);
	check_total(&t.by_source[1], "wu", 2, 2, 800000);
	check_total(&t.all, "total", 2, 3, 1800000);
	support_totals_free(&t);

	/* One district, all time: B's two, 300,000 + 900,000. */
	assert_int_equal(support_totals_place(db, DATE_NONE, DATE_NONE, NULL,
	    "Bát Xát", NULL, &t), 0);
	check_total(&t.all, "total", 1, 2, 1200000);
	support_totals_free(&t);

	/* One commune, and a place where no one lives. */
	assert_int_equal(support_totals_place(db, DATE_NONE, DATE_NONE, NULL,
	    NULL, "Lũng Cú", &t), 0);
	check_total(&t.all, "total", 1, 1, 200000);
	support_totals_free(&t);
	assert_int_equal(support_totals_place(db, DATE_NONE, DATE_NONE, "Lào Cai",
	    "Đồng Văn", NULL, &t), 0);
	assert_int_equal(t.nsources, 0);
	check_total(&t.all, "total", 0, 0, 0);
	support_totals_free(&t);

	/* No place: everyone, as support_totals. */
	assert_int_equal(support_totals_place(db, DATE_NONE, DATE_NONE, NULL,
	    NULL, NULL, &t), 0);
	check_total(&t.all, "total", 3, 5, 2900000);
	support_totals_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kind_parse, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_add_and_identify, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_add_refused, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_refer_and_meet, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_each_filters, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_funding, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_support_add, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_support_totals, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_support_totals_place, test_setup,
		    test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
