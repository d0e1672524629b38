#include "core/person.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"

const struct person_category person_categories[] = {
	{ "returned-official", N_("returned from abroad through official handover") },
	{ "returned-self", N_("returned from abroad on their own") },
	{ "domestic-rescued", N_("trafficked within the country, rescued") },
	{ "domestic-reported", N_("trafficked within the country, self-reported") },
	{ "foreign", N_("foreign national trafficked in the province") },
	{ "suspected", N_("suspected victim") },
	{ "at-risk", N_("person at high risk (not a victim)") },
	{ NULL, NULL },
};

static const char *const routes[] = { "labour-export", "tourism", "marriage",
	"other", NULL };
static const char *const genders[] = { "female", "male", "other", NULL };
static const char *const close_reasons[] = { "moved", "withdrew", "deceased",
	"other", NULL };
static const char *const codings[] = { "keep", "strip", "auto", NULL };

/* Names, phones and notes are sealed (core/crypt.h): opened here. */
#define PERSON_SELECT \
	"SELECT id, case_code, crypt_open(full_name, 'person.full_name', id), " \
	"gender, birth_year, crypt_open(phone, 'person.phone', id), village, " \
	"commune, district, province, category, route, returned_on, " \
	"guardian_id, sms_consent, consent_on, sms_coding, " \
	"crypt_open(notes, 'person.notes', id), status, " \
	"closed_on, close_reason FROM person "

static int
in_list(const char *const *list, const char *v)
{
	for (; *list; list++)
		if (str_eq(*list, v))
			return 1;
	return 0;
}

static char *
list_text(const char *const *list)
{
	struct buf b = { 0 };
	for (int i = 0; list[i]; i++)
		buf_addf(&b, "%s%s", i ? ", " : "", list[i]);
	return buf_detach(&b);
}

/* "x: \"v\" is not one of: a, b, c" */
static int
bad_choice(const char *what, const char *v, const char *const *list)
{
	char *all = list_text(list);
	error("%s: \"%s\" is not one of: %s", what, v ? v : "", all);
	free(all);
	return -1;
}

const char *
person_category_label(const char *code)
{
	for (const struct person_category *c = person_categories; c->code; c++)
		if (str_eq(c->code, code))
			return _(c->label);
	return NULL;
}

static int
validate_category(const struct person *p)
{
	const char *codes[NELEM(person_categories)];
	size_t i;

	for (i = 0; person_categories[i].code; i++)
		codes[i] = person_categories[i].code;
	codes[i] = NULL;
	if (!person_category_label(p->category))
		return bad_choice("category", p->category, codes);
	if (str_eq(p->category, "suspected")) {
		if (str_empty(p->route))
			return error("category suspected needs a route: "
			    "labour-export, tourism, marriage or other");
		if (!in_list(routes, p->route))
			return bad_choice("route", p->route, routes);
	} else if (!str_empty(p->route)) {
		return error("route: only a suspected victim has a route");
	}
	return 0;
}

static int
validate_text(const char *what, const char *s, size_t max)
{
	if (s && !text_valid_utf8(s, strlen(s)))
		return error("%s: not valid UTF-8 text", what);
	if (s && strlen(s) > max)
		return error("%s: longer than %zu bytes", what, max);
	return 0;
}

int
person_validate(const struct person *p)
{
	char masked[32];
	int y, m, d;

	date_to_ymd(date_today(), &y, &m, &d);
	if (str_empty(p->full_name))
		return error("name: a full name is needed");
	if (validate_text("name", p->full_name, 200) < 0 ||
	    validate_text("village", p->village, 200) < 0 ||
	    validate_text("commune", p->commune, 200) < 0 ||
	    validate_text("district", p->district, 200) < 0 ||
	    validate_text("province", p->province, 200) < 0 ||
	    validate_text("notes", p->notes, 10000) < 0)
		return -1;
	if (!in_list(genders, p->gender))
		return bad_choice("gender", p->gender, genders);
	if (p->birth_year && (p->birth_year < 1900 || p->birth_year > y))
		return error("birth year: %d is not between 1900 and %d",
		    p->birth_year, y);
	if (p->phone && (strncmp(p->phone, "+84", 3) || strlen(p->phone) < 12))
		return error("phone: \"%s\" is not a Vietnamese number",
		    phone_mask(p->phone, masked, sizeof masked));
	if (validate_category(p) < 0)
		return -1;
	if (p->returned_on != DATE_NONE && p->returned_on > date_today())
		return error("returned: the date is in the future");
	if (p->sms_coding && !in_list(codings, p->sms_coding))
		return bad_choice("sms coding", p->sms_coding, codings);
	if (p->guardian_id && p->guardian_id == p->id)
		return error("guardian: a person cannot be their own guardian");
	return 0;
}

/* The length of a leading word for a district's rank ("Huyện ", "Quận ",
 * "Thị xã ", "Thành phố ", "TP. "), or 0. Compared with its diacritics:
 * "Quận Ba Đình" is an urban district, "Quản Bạ" a district's name.
 * d is in NFC. */
static size_t
rank_prefix(const char *d)
{
	static const char *const ranks[] = {
		"huyện ", "Huyện ", "HUYỆN ", "quận ", "Quận ", "QUẬN ",
		"thị xã ", "Thị xã ", "Thị Xã ", "THỊ XÃ ",
		"thành phố ", "Thành phố ", "Thành Phố ", "THÀNH PHỐ ",
		"tp. ", "TP. ", "tp ", "TP ", "tx. ", "TX. ", "tx ", "TX ",
		NULL };
	size_t n = 0;

	for (int i = 0; ranks[i] && !n; i++)
		if (!strncmp(d, ranks[i], strlen(ranks[i])))
			n = strlen(ranks[i]);
	return n;
}

char *
person_district_key(const char *district)
{
	char *nfc = text_nfc(district ? district : "");
	char *key = text_code(nfc + rank_prefix(nfc), ' ');

	free(nfc);
	return key;
}

/* The words of a district key, upper case, at most 4: "luc ngan" ->
 * "LUC", "NGAN". Returns how many. */
static int
key_words(char *key, char *words[4])
{
	int n = 0;

	for (char *w = strtok(key, " -.,"); w && n < 4; w = strtok(NULL, " -.,")) {
		if (!isalpha((unsigned char)w[0]))
			continue;
		for (char *c = w; *c; c++)
			*c = (char)toupper((unsigned char)*c);
		words[n++] = w;
	}
	return n;
}

/* Candidate number i of the prefixes for a district, in the order they
 * are tried: the initials ("LN"); then one word at a time, from the last,
 * with more of its letters ("LNG", "LNGA", "LNGAN", "LUN", "LUCN"); then
 * the initials and a number ("LN2" ... "LN99"). 0 when i is past the end. */
static int
prefix_candidate(char *const *w, int nw, int i, char *out, size_t size)
{
	size_t n = 0;

	if (i == 0 || nw == 0) {
		for (int k = 0; k < nw; k++)
			out[n++] = w[k][0];
		out[n] = '\0';
		return i == 0 && nw > 0;
	}
	i--;
	for (int j = nw - 1; j >= 0; j--) {
		int extra = (int)strlen(w[j]) - 1;
		if (i < extra) {
			for (int k = 0; k < nw; k++) {
				size_t take = k == j ? (size_t)i + 2 : 1;
				memcpy(out + n, w[k], take);
				n += take;
			}
			out[n] = '\0';
			return n < size;
		}
		i -= extra;
	}
	if (i + 2 > 99)
		return 0;
	for (int k = 0; k < nw; k++)
		out[n++] = w[k][0];
	snprintf(out + n, size - n, "%d", i + 2);
	return 1;
}

/* The district (key) a prefix belongs to: the case_prefix row, else the
 * district of the first person whose code has this prefix (codes made
 * before prefixes were recorded). NULL when the prefix is free. */
static int
prefix_owner(struct db *db, const char *prefix, char **owner)
{
	static const char row_sql[] =
	    "SELECT district FROM case_prefix WHERE prefix = ?";
	static const char code_sql[] =
	    "SELECT coalesce(district, '') FROM person "
	    "WHERE case_code > ? || '-' AND case_code < ? || '.' "
	    "ORDER BY id LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*owner = NULL;
	if (!(st = db_prepare(db, row_sql)) || db_bind(db, st, "t", prefix) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		*owner = db_col_dup(st, 0);
	db_reset(st);
	if (rc < 0 || *owner)
		return rc < 0 ? -1 : 0;
	if (!(st = db_prepare(db, code_sql)) ||
	    db_bind(db, st, "tt", prefix, prefix) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		*owner = person_district_key(db_col_text(st, 0));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Is prefix free for district key (not another district's, by the
 * database or the configuration)? 1, 0, or -1 on a database error. */
static int
prefix_free_for(struct db *db, const struct person_prefixes *pp,
    const char *key, const char *prefix)
{
	char *owner;
	int mine;

	for (int i = 0; pp && i < pp->n; i++) {
		char *k = person_district_key(pp->district[i]);
		int other = strcmp(k, key) != 0 && !strcmp(pp->prefix[i], prefix);
		free(k);
		if (other)
			return 0;
	}
	if (prefix_owner(db, prefix, &owner) < 0)
		return -1;
	mine = !owner || !strcmp(owner, key);
	free(owner);
	return mine;
}

static int
remember_prefix(struct db *db, const char *key, const char *prefix)
{
	return db_run(db, "INSERT INTO case_prefix (district, prefix) "
	    "VALUES (?, ?) ON CONFLICT (district) DO UPDATE SET "
	    "prefix = excluded.prefix", "tt", key, prefix);
}

/* The configured prefix of district key, checked against the database. */
static int
configured_prefix(struct db *db, const struct person_prefixes *pp,
    const char *key, char *out, size_t size)
{
	for (int i = 0; pp && i < pp->n; i++) {
		char *k = person_district_key(pp->district[i]), *owner = NULL;
		int match = !strcmp(k, key), rc = 0;
		free(k);
		if (!match)
			continue;
		snprintf(out, size, "%s", pp->prefix[i]);
		if (prefix_owner(db, out, &owner) < 0)
			return -1;
		if (owner && strcmp(owner, key))
			rc = error("case_prefixes: \"%s\" is already the prefix of "
			    "district \"%s\"", out, owner);
		free(owner);
		return rc < 0 ? -1 : remember_prefix(db, key, out) < 0 ? -1 : 1;
	}
	return 0;
}

/* The prefix for a district: configured, else recorded, else the first
 * free candidate (recorded from then on). */
static int
district_prefix(struct db *db, const struct person_prefixes *pp,
    const char *district, char *out, size_t size)
{
	static const char sql[] = "SELECT prefix FROM case_prefix WHERE district = ?";
	char *key = person_district_key(district), *copy, *w[4];
	int rc = 0, nw, i;
	sqlite3_stmt *st;

	out[0] = '\0';
	if (!*key || (rc = configured_prefix(db, pp, key, out, size)) != 0) {
		free(key);
		return rc < 0 ? -1 : 0;
	}
	if (!str_empty(pp ? pp->fixed : NULL)) {
		snprintf(out, size, "%s", pp->fixed);
		free(key);
		return 0;
	}
	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "t", key) < 0) {
		free(key);
		return -1;
	}
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		snprintf(out, size, "%s", db_col_text(st, 0));
	db_reset(st);
	if (rc < 0 || out[0]) {
		free(key);
		return rc < 0 ? -1 : 0;
	}
	copy = xstrdup(key);
	nw = key_words(copy, w);
	rc = 0;
	for (i = 0; rc == 0 && prefix_candidate(w, nw, i, out, size); i++)
		rc = prefix_free_for(db, pp, key, out);
	if (rc == 1)
		rc = remember_prefix(db, key, out);
	else if (rc == 0)
		out[0] = '\0';
	free(copy);
	free(key);
	return rc < 0 ? -1 : 0;
}

static int
next_case_code(struct db *db, const struct person_prefixes *pp,
    const char *district, char *out, size_t size)
{
	static const char sql[] = "INSERT INTO case_seq (prefix, year, last) "
	    "VALUES (?, ?, 1) ON CONFLICT (prefix, year) DO UPDATE SET "
	    "last = last + 1 RETURNING last";
	char prefix[16];
	int64_t seq;
	int y, m, d;

	if (district_prefix(db, pp, district, prefix, sizeof prefix) < 0)
		return -1;
	if (!prefix[0] && !str_empty(pp ? pp->fixed : NULL))
		snprintf(prefix, sizeof prefix, "%s", pp->fixed);
	if (!prefix[0])
		strcpy(prefix, "SHG");
	date_to_ymd(date_today(), &y, &m, &d);
	if (db_int(db, &seq, 0, sql, "td", prefix, y) < 0)
		return -1;
	snprintf(out, size, "%s-%04d-%04d", prefix, y, (int)seq);
	return 0;
}

static int
check_guardian(struct db *db, int64_t guardian_id)
{
	int64_t n;

	if (!guardian_id)
		return 0;
	if (db_int(db, &n, 0, "SELECT count(*) FROM person WHERE id = ?", "i",
	    guardian_id) < 0)
		return -1;
	return n ? 0 : error("guardian: no such person");
}

/* The new row's id is chosen in the statement, so that the sealed values
 * carry it (core/crypt.h) and no clear text is ever written. */
static const char insert_sql[] =
    "INSERT INTO person (id, case_code, full_name, name_fold, name_hash, "
    "gender, birth_year, phone, phone_hash, village, commune, district, "
    "province, category, route, returned_on, guardian_id, sms_consent, "
    "consent_on, sms_coding, notes, status, created_at, updated_at) "
    "SELECT n, ?1, crypt_seal(?2, 'person.full_name', n), "
    "crypt_seal(?3, 'person.name_fold', n), crypt_blind(?3), ?4, ?5, "
    "crypt_seal(?6, 'person.phone', n), crypt_blind(?6), ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, crypt_seal(?18, 'person.notes', n), "
    "'active', ?19, ?20 FROM (SELECT coalesce(max(id), 0) + 1 AS n "
    "FROM person)";

int
person_add(struct db *db, struct person *p, const char *case_prefix)
{
	struct person_prefixes pp = { case_prefix, 0, NULL, NULL };

	return person_add_coded(db, p, &pp);
}

int
person_add_coded(struct db *db, struct person *p,
    const struct person_prefixes *pp)
{
	char code[48], *fold, *name;
	int64_t now = clock_now();
	int rc;

	if (person_validate(p) < 0 || check_guardian(db, p->guardian_id) < 0 ||
	    next_case_code(db, pp, p->district, code, sizeof code) < 0)
		return -1;
	name = text_nfc(p->full_name);
	fold = text_fold(name);
	if (p->sms_consent && p->consent_on == DATE_NONE)
		p->consent_on = date_today();
	rc = db_run(db, insert_sql, "tttt" "z" "ttttttt" "DZdD" "tt" "ii", code,
	    name, fold, p->gender, p->birth_year, p->phone, p->village,
	    p->commune, p->district, p->province, p->category, p->route,
	    p->returned_on, p->guardian_id, p->sms_consent != 0, p->consent_on,
	    p->sms_coding, p->notes, now, now);
	free(fold);
	free(name);
	if (rc < 0)
		return -1;
	p->id = db_last_id(db);
	free(p->case_code);
	p->case_code = xstrdup(code);
	return db_audit(db, "person", p->id, "add");
}

static void
person_from_row(sqlite3_stmt *st, struct person *p)
{
	p->id = db_col_int(st, 0);
	p->case_code = db_col_dup(st, 1);
	p->full_name = db_col_dup(st, 2);
	p->gender = db_col_dup(st, 3);
	p->birth_year = (int)db_col_int(st, 4);
	p->phone = db_col_dup(st, 5);
	p->village = db_col_dup(st, 6);
	p->commune = db_col_dup(st, 7);
	p->district = db_col_dup(st, 8);
	p->province = db_col_dup(st, 9);
	p->category = db_col_dup(st, 10);
	p->route = db_col_dup(st, 11);
	p->returned_on = db_col_date(st, 12);
	p->guardian_id = db_col_int(st, 13);
	p->sms_consent = (int)db_col_int(st, 14);
	p->consent_on = db_col_date(st, 15);
	p->sms_coding = db_col_dup(st, 16);
	p->notes = db_col_dup(st, 17);
	p->status = db_col_dup(st, 18);
	p->closed_on = db_col_date(st, 19);
	p->close_reason = db_col_dup(st, 20);
}

static int
person_load(struct db *db, const char *sql, const char *types, const void *key,
    struct person *out, const char *ref)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (!st)
		return -1;
	if (types[0] == 'i')
		rc = db_bind(db, st, "i", *(const int64_t *)key);
	else
		rc = db_bind(db, st, "t", (const char *)key);
	if (rc < 0)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		person_from_row(st, out);
	db_reset(st);
	if (rc == SQLITE_DONE)
		return error("person \"%s\" not found", ref);
	return rc < 0 ? -1 : 0;
}

int
person_get_id(struct db *db, int64_t id, struct person *out)
{
	static const char sql[] = PERSON_SELECT "WHERE id = ?";
	char ref[32];

	snprintf(ref, sizeof ref, "#%lld", (long long)id);
	return person_load(db, sql, "i", &id, out, ref);
}

int
person_get(struct db *db, const char *ref, struct person *out)
{
	static const char sql[] = PERSON_SELECT "WHERE case_code = ? COLLATE NOCASE";
	int64_t id;

	if (ref && ref[0] == '#' && parse_int64(ref + 1, 1, INT64_MAX, &id) == 0)
		return person_get_id(db, id, out);
	return person_load(db, sql, "t", ref ? ref : "", out, ref ? ref : "");
}

int
person_view(struct db *db, const char *ref, struct person *out)
{
	if (person_get(db, ref, out) < 0)
		return -1;
	if (db_audit_detail(db, "person", out->id, "view", "name,phone,notes") < 0) {
		person_free(out);
		return -1;
	}
	return 0;
}

static const char update_sql[] =
    "UPDATE person SET full_name = crypt_seal(?1, 'person.full_name', ?19), "
    "name_fold = crypt_seal(?2, 'person.name_fold', ?19), "
    "name_hash = crypt_blind(?2), gender = ?3, birth_year = ?4, "
    "phone = crypt_seal(?5, 'person.phone', ?19), phone_hash = crypt_blind(?5), "
    "village = ?6, commune = ?7, district = ?8, province = ?9, category = ?10, "
    "route = ?11, returned_on = ?12, guardian_id = ?13, sms_consent = ?14, "
    "consent_on = ?15, sms_coding = ?16, "
    "notes = crypt_seal(?17, 'person.notes', ?19), updated_at = ?18 "
    "WHERE id = ?19";

int
person_update(struct db *db, const struct person *p)
{
	char *name, *fold;
	int rc;

	if (person_validate(p) < 0 || check_guardian(db, p->guardian_id) < 0)
		return -1;
	name = text_nfc(p->full_name);
	fold = text_fold(name);
	rc = db_run(db, update_sql, "ttt" "z" "ttttttt" "DZdD" "tt" "ii", name,
	    fold, p->gender, p->birth_year, p->phone, p->village, p->commune,
	    p->district, p->province, p->category, p->route, p->returned_on,
	    p->guardian_id, p->sms_consent != 0, p->consent_on, p->sms_coding,
	    p->notes, (int64_t)clock_now(), p->id);
	free(name);
	free(fold);
	if (rc < 0)
		return -1;
	return db_audit(db, "person", p->id, "edit");
}

int
person_close(struct db *db, int64_t id, int day, const char *reason,
    const char *note)
{
	static const char sql[] = "UPDATE person SET status = 'closed', "
	    "closed_on = ?1, close_reason = ?2, updated_at = ?3, notes = CASE "
	    "WHEN ?4 IS NULL THEN notes ELSE crypt_seal(coalesce(nullif("
	    "crypt_open(notes, 'person.notes', id), '') || char(10), '') || ?4, "
	    "'person.notes', id) END WHERE id = ?5 AND status = 'active'";

	if (!in_list(close_reasons, reason))
		return bad_choice("reason", reason, close_reasons);
	if (day > date_today())
		return error("date: closing date is in the future");
	if (db_run(db, sql, "Dtiti", day, reason, (int64_t)clock_now(), note,
	    id) < 0)
		return -1;
	if (db_changes(db) == 0)
		return error("person is already closed");
	return db_audit(db, "person", id, "close");
}

int64_t
person_by_phone(struct db *db, const char *e164)
{
	int64_t id;

	if (db_int(db, &id, 0, "SELECT id FROM person WHERE phone_hash = "
	    "crypt_blind(?) AND status = 'active' ORDER BY id LIMIT 1", "t",
	    e164) < 0)
		return 0;
	return id;
}

void
person_free(struct person *p)
{
	char **strs[] = { &p->case_code, &p->full_name, &p->gender, &p->phone,
		&p->village, &p->commune, &p->district, &p->province,
		&p->category, &p->route, &p->sms_coding, &p->notes, &p->status,
		&p->close_reason };

	for (size_t i = 0; i < NELEM(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

/* "+case_code": the rows found are sorted, rather than the whole table
 * walked in case-code order through its index, one random read of the
 * table per person, to open every folded name (4 times the work on a
 * province of 50,000). */
int
person_each(struct db *db, const struct person_filter *f,
    int (*fn)(const struct person *p, void *arg), void *arg)
{
	static const char sql[] = PERSON_SELECT
	    "WHERE (?1 IS NULL OR category = ?1) "
	    "AND (?2 IS NULL OR commune = ?2 COLLATE NOCASE) "
	    "AND (?3 IS NULL OR district = ?3 COLLATE NOCASE) "
	    "AND (?4 IS NULL OR province = ?4 COLLATE NOCASE) "
	    "AND (?5 IS NULL OR status = ?5) "
	    "AND (?6 IS NULL OR instr(crypt_open(name_fold, 'person.name_fold', "
	    "id), ?6) > 0) "
	    "AND (?7 IS NULL OR instr(lower(case_code), ?7) > 0) "
	    "AND (?8 IS NULL OR instr(crypt_open(name_fold, 'person.name_fold', "
	    "id), ?8) > 0 OR "
	    "instr(lower(case_code), ?8) > 0) ORDER BY +case_code";
	sqlite3_stmt *st = db_prepare(db, sql);
	char *fold = f->name ? text_fold(f->name) : NULL;
	char *code = f->code ? text_fold(f->code) : NULL;
	char *any = f->any ? text_fold(f->any) : NULL;
	struct person p;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "tttttttt", f->category, f->commune,
	    f->district, f->province, f->status, fold, code, any) < 0) {
		free(fold);
		free(code);
		free(any);
		return -1;
	}
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		person_from_row(st, &p);
		stop = fn(&p, arg);
		person_free(&p);
	}
	db_reset(st);
	free(fold);
	free(code);
	free(any);
	return stop ? stop : (rc < 0 ? -1 : 0);
}
