#include "testutil.h"

#include "core/clock.h"
#include "core/person.h"


static char *
sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A valid person to start from; free with person_free. */
static struct person
mk(const char *name, const char *category)
{
	struct person p = { 0 };

	p.full_name = sdup(name);
	p.gender = sdup("female");
	p.category = sdup(category);
	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	return p;
}

static int64_t
add(struct db *db, const char *name, const char *category, const char *commune,
    const char *district, const char *province, const char *prefix)
{
	struct person p = mk(name, category);
	int64_t id;

	p.commune = sdup(commune);
	p.district = sdup(district);
	p.province = sdup(province);
	if (!strcmp(category, "suspected"))
		p.route = sdup("marriage");
	assert_int_equal(person_add(db, &p, prefix), 0);
	id = p.id;
	person_free(&p);
	return id;
}

static void
test_add_and_case_codes(void **state)
{
	struct db *db = test_db(state);
	struct person p = mk("Nguyễn Thị Hoa", "returned-official"), q;

	p.birth_year = 1998;
	p.phone = sdup("+84912345678");
	p.district = sdup("Huyện Mường Khương");
	p.returned_on = test_day(2026, 3, 8);
	p.sms_consent = 1;
	assert_int_equal(person_add(db, &p, ""), 0);
	assert_string_equal(p.case_code, "MK-2026-0001");
	assert_int_equal(person_get(db, "mk-2026-0001", &q), 0);
	assert_int_equal(q.id, p.id);
	assert_string_equal(q.full_name, "Nguyễn Thị Hoa");
	assert_string_equal(q.status, "active");
	assert_int_equal(q.birth_year, 1998);
	assert_int_equal(q.returned_on, test_day(2026, 3, 8));
	/* consent without a date is dated today */
	assert_int_equal(q.consent_on, test_day(2026, 11, 23));
	person_free(&q);
	person_free(&p);
	/* the folded name is sealed; its blind index finds it */
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "name_hash = crypt_blind('nguyen thi hoa') AND crypt_open(name_fold, "
	    "'person.name_fold', id) = 'nguyen thi hoa' AND typeof(name_fold) "
	    "= 'blob'"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND entity_id = 1 AND action = 'add' AND "
	    "actor = 'tester' AND command = 'test'"), 1);

	/* the configured prefix wins; no district gives SHG; a sequence per
	 * prefix and year */
	add(db, "A", "at-risk", NULL, "Huyện Mường Khương", NULL, "LC");
	add(db, "B", "at-risk", NULL, NULL, NULL, NULL);
	add(db, "C", "at-risk", NULL, "Mường Khương", NULL, "");
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "case_code IN ('LC-2026-0001', 'SHG-2026-0001', 'MK-2026-0002')"), 3);
	/* Only a leading rank word is dropped, told by its diacritics:
	 * Quản Bạ is a name, Quận Ba Đình an urban district; a "Thành" inside
	 * a name stays. */
	add(db, "E", "at-risk", NULL, "Quản Bạ", NULL, "");
	add(db, "F", "at-risk", NULL, "Quận Ba Đình", NULL, "");
	add(db, "G", "at-risk", NULL, "Thạch Thành", NULL, "");
	add(db, "H", "at-risk", NULL, "THÀNH PHỐ Lào Cai", NULL, "");
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "case_code IN ('QB-2026-0001', 'BD-2026-0001', 'TT-2026-0001')"), 3);
	/* LC is already on a code of Mường Khương (A's, by the configured
	 * prefix): Lào Cai gets a longer prefix of its own. */
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "crypt_open(full_name, 'person.full_name', id) = 'H' AND "
	    "case_code LIKE 'LC_%-2026-0001'"), 1);
	clock_set(time_from_local(test_day(2027, 1, 2), 9 * 60));
	add(db, "D", "at-risk", NULL, NULL, NULL, "LC");
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "case_code = 'LC-2027-0001'"), 1);
	assert_int_equal(person_get(db, "#2", &q), 0);
	assert_string_equal(q.case_code, "LC-2026-0001");
	person_free(&q);
}

static void
test_decomposed_name_is_composed(void **state)
{
	struct db *db = test_db(state);
	/* "Nguyễn" typed as e + circumflex + tilde combining marks */
	struct person p = mk("Nguye\xcc\x82\xcc\x83n", "at-risk"), q;

	assert_int_equal(person_add(db, &p, "T"), 0);
	assert_int_equal(person_get_id(db, p.id, &q), 0);
	assert_string_equal(q.full_name, "Nguyễn");
	person_free(&q);
	person_free(&p);
}

/* p must be refused with want; nothing is written. */
static void
refused(struct db *db, struct person *p, const char *want)
{
	test_msg[0] = '\0';
	assert_int_equal(person_add(db, p, "T"), -1);
	assert_string_equal(test_msg, want);
	assert_null(strstr(test_msg, "Trần"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), 0);
	person_free(p);
}

static void
test_validation(void **state)
{
	struct db *db = test_db(state);
	struct person p;

	p = mk("", "at-risk");
	refused(db, &p, "name: a full name is needed");
	p = mk("Trần Văn An", "victim");
	refused(db, &p, "category: \"victim\" is not one of: returned-official, "
	    "returned-self, domestic-rescued, domestic-reported, foreign, "
	    "suspected, at-risk");
	p = mk("Trần Văn An", "suspected");
	refused(db, &p, "category suspected needs a route: labour-export, "
	    "tourism, marriage or other");
	p = mk("Trần Văn An", "suspected");
	p.route = sdup("sea");
	refused(db, &p, "route: \"sea\" is not one of: labour-export, tourism, "
	    "marriage, other");
	p = mk("Trần Văn An", "at-risk");
	p.route = sdup("tourism");
	refused(db, &p, "route: only a suspected victim has a route");
	p = mk("Trần Văn An", "at-risk");
	free(p.gender);
	p.gender = sdup("f");
	refused(db, &p, "gender: \"f\" is not one of: female, male, other");
	p = mk("Trần Văn An", "at-risk");
	p.birth_year = 2027;
	refused(db, &p, "birth year: 2027 is not between 1900 and 2026");
	p = mk("Trần Văn An", "at-risk");
	p.phone = sdup("0912345678");
	refused(db, &p, "phone: \"09123**678\" is not a Vietnamese number");
	p = mk("Trần Văn An", "at-risk");
	p.returned_on = test_day(2026, 11, 24);
	refused(db, &p, "returned: the date is in the future");
	p = mk("Trần Văn An", "at-risk");
	p.sms_coding = sdup("ascii");
	refused(db, &p, "sms coding: \"ascii\" is not one of: keep, strip, auto");
	p = mk("Trần Văn An", "at-risk");
	p.guardian_id = 5;
	refused(db, &p, "guardian: no such person");
	p = mk("Trần\xff", "at-risk");
	refused(db, &p, "name: not valid UTF-8 text");
	p = mk("Trần Văn An", "at-risk");
	p.notes = calloc(1, 10002);
	memset(p.notes, 'x', 10001);
	refused(db, &p, "notes: longer than 10000 bytes");
}

static void
test_update_and_guardian(void **state)
{
	struct db *db = test_db(state);
	int64_t mother = add(db, "Lò Thị Dung", "returned-self", "Bản Lầu",
	    "Mường Khương", "Lào Cai", "LC");
	int64_t child = add(db, "Lò Văn Nam", "returned-self", NULL, NULL, NULL,
	    "LC");
	struct person p;

	assert_int_equal(person_get_id(db, child, &p), 0);
	p.guardian_id = mother;
	free(p.commune);
	p.commune = sdup("Bản Lầu");
	assert_int_equal(person_update(db, &p), 0);
	p.guardian_id = child;
	assert_int_equal(person_update(db, &p), -1);
	assert_string_equal(test_msg, "guardian: a person cannot be their own guardian");
	person_free(&p);
	assert_int_equal(person_get_id(db, child, &p), 0);
	assert_int_equal(p.guardian_id, mother);
	assert_string_equal(p.commune, "Bản Lầu");
	person_free(&p);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'edit'"), 1);
	assert_int_equal(person_get(db, "LC-2026-0099", &p), -1);
	assert_string_equal(test_msg, "person \"LC-2026-0099\" not found");
}

static void
test_close(void **state)
{
	struct db *db = test_db(state);
	struct person p = mk("Vàng Thị Mai", "domestic-rescued"), q;

	p.phone = sdup("+84912345678");
	p.notes = sdup("first note");
	assert_int_equal(person_add(db, &p, "T"), 0);
	assert_int_equal(person_by_phone(db, "+84912345678"), p.id);
	assert_int_equal(person_close(db, p.id, test_day(2026, 11, 1), "married", NULL), -1);
	assert_string_equal(test_msg, "reason: \"married\" is not one of: moved, "
	    "withdrew, deceased, other");
	assert_int_equal(person_close(db, p.id, test_day(2026, 11, 24), "moved", NULL), -1);
	assert_string_equal(test_msg, "date: closing date is in the future");
	assert_int_equal(person_close(db, p.id, test_day(2026, 11, 1), "moved",
	    "to Hà Nội"), 0);
	assert_int_equal(person_close(db, p.id, test_day(2026, 11, 2), "other", NULL), -1);
	assert_string_equal(test_msg, "person is already closed");
	assert_int_equal(person_get_id(db, p.id, &q), 0);
	assert_string_equal(q.status, "closed");
	assert_int_equal(q.closed_on, test_day(2026, 11, 1));
	assert_string_equal(q.close_reason, "moved");
	assert_string_equal(q.notes, "first note\nto Hà Nội");
	person_free(&q);
	/* nothing is deleted; a closed person no longer answers by phone */
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), 1);
	assert_int_equal(person_by_phone(db, "+84912345678"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'close'"), 1);
	person_free(&p);
}

struct seen {
	char codes[256];
};

static int
collect(const struct person *p, void *arg)
{
	struct seen *s = arg;
	size_t n = strlen(s->codes);

	snprintf(s->codes + n, sizeof s->codes - n, "%s ", p->case_code);
	return 0;
}

static const char *
list(struct db *db, struct person_filter f)
{
	static struct seen s;

	s.codes[0] = '\0';
	assert_int_equal(person_each(db, &f, collect, &s), 0);
	return s.codes;
}

static void
test_search_and_filters(void **state)
{
	struct db *db = test_db(state);
	struct person_filter f = { 0 };

	add(db, "Nguyễn Thị Dũng", "returned-official", "Bản Lầu", "Mường Khương",
	    "Lào Cai", "P");
	add(db, "Trần Văn Đức", "suspected", "Bản Lầu", "Bảo Thắng", "Lào Cai", "P");
	add(db, "NGUYỄN VĂN ANH", "at-risk", "Sa Pả", "Sa Pa", "Lào Cai", "P");
	add(db, "Hà Thị Dung", "at-risk", "Tả Van", "Sa Pa", "Lào Cai", "P");
	assert_int_equal(person_close(db, 4, test_day(2026, 11, 1), "moved", NULL), 0);

	f.name = "nguyen";
	assert_string_equal(list(db, f), "P-2026-0001 P-2026-0003 ");
	f.name = "dung";
	assert_string_equal(list(db, f), "P-2026-0001 P-2026-0004 ");
	f.name = "DŨNG";
	assert_string_equal(list(db, f), "P-2026-0001 P-2026-0004 ");
	f.name = "duc";
	assert_string_equal(list(db, f), "P-2026-0002 ");
	f.name = "thi dung";
	assert_string_equal(list(db, f), "P-2026-0001 P-2026-0004 ");
	f.name = "xyz";
	assert_string_equal(list(db, f), "");
	f.name = NULL;
	f.category = "at-risk";
	assert_string_equal(list(db, f), "P-2026-0003 P-2026-0004 ");
	f.status = "active";
	assert_string_equal(list(db, f), "P-2026-0003 ");
	f.status = "closed";
	assert_string_equal(list(db, f), "P-2026-0004 ");
	memset(&f, 0, sizeof f);
	f.commune = "bản lầu";
	assert_string_equal(list(db, f), "P-2026-0001 P-2026-0002 ");
	f.commune = NULL;
	f.district = "sa pa";
	assert_string_equal(list(db, f), "P-2026-0003 P-2026-0004 ");
	f.district = NULL;
	f.province = "Lào Cai";
	f.status = "active";
	assert_string_equal(list(db, f), "P-2026-0001 P-2026-0002 P-2026-0003 ");
}

static void
test_categories(void **state)
{
	int n = 0;

	(void)state;
	for (const struct person_category *c = person_categories; c->code; c++)
		n++;
	assert_int_equal(n, 7);
	assert_string_equal(person_category_label("foreign"),
	    "foreign national trafficked in the province");
	assert_null(person_category_label("victim"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_case_codes, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_decomposed_name_is_composed, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_validation, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_update_and_guardian, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_close, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_search_and_filters, test_setup, test_teardown),
		cmocka_unit_test_setup_teardown(test_categories, test_setup, test_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
