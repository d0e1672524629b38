#include "core/support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/util.h"

const struct support_type support_types[] = {
	{ "initial", N_("initial support") },
	{ "medical", N_("medical") },
	{ "counselling", N_("psychological counselling") },
	{ "legal-aid", N_("legal aid") },
	{ "education", N_("education") },
	{ "vocational", N_("vocational training") },
	{ "job-placement", N_("job placement") },
	{ "capital", N_("livelihood capital") },
	{ "health-insurance", N_("health-insurance card") },
	{ "shelter", N_("shelter") },
	{ "referral", N_("referral to a facility") },
	{ NULL, NULL },
};

/* Ordinary words for the types, folded ('-' for spaces). */
static const struct {
	const char *word, *code;
} type_words[] = {
	{ "initial-support", "initial" }, { "ho-tro-ban-dau", "initial" },
	{ "health", "medical" }, { "y-te", "medical" },
	{ "counseling", "counselling" },
	{ "psychological-counselling", "counselling" },
	{ "psychological", "counselling" }, { "tu-van-tam-ly", "counselling" },
	{ "legal", "legal-aid" }, { "tro-giup-phap-ly", "legal-aid" },
	{ "vocational-training", "vocational" }, { "hoc-nghe", "vocational" },
	{ "job", "job-placement" }, { "viec-lam", "job-placement" },
	{ "livelihood", "capital" }, { "livelihood-capital", "capital" },
	{ "von", "capital" },
	{ "health-insurance-card", "health-insurance" },
	{ "bhyt", "health-insurance" }, { "the-bhyt", "health-insurance" },
	{ "referral-to-a-facility", "referral" }, { "chuyen-gui", "referral" },
};

const char *
support_type_label(const char *code)
{
	for (const struct support_type *t = support_types; t->code; t++)
		if (str_eq(t->code, code))
			return _(t->label);
	return NULL;
}

static const char *
type_code(const char *w)
{
	for (const struct support_type *t = support_types; t->code; t++)
		if (!strcmp(t->code, w))
			return t->code;
	return NULL;
}

int
support_type_parse(const char *what, const char *in, const char **code)
{
	char *w = text_code(in, '-');
	const char *c = type_code(w);

	for (size_t i = 0; !c && i < NELEM(type_words); i++)
		if (!strcmp(type_words[i].word, w))
			c = type_code(type_words[i].code);
	free(w);
	if (!c)
		return error("%s: \"%s\" is not a type of support (initial, "
		    "medical, counselling, legal-aid, education, vocational, "
		    "job-placement, capital, health-insurance, shelter, referral)",
		    what, in ? in : "");
	*code = c;
	return 0;
}

/* The person must exist, and the day be neither in the future nor after
 * the person was closed. */
static int
check_person_day(struct db *db, int64_t person_id, int day)
{
	static const char sql[] = "SELECT case_code, closed_on FROM person "
	    "WHERE id = ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	char code[48] = "", d1[16], d2[16];
	int rc, closed = DATE_NONE;

	if (!st || db_bind(db, st, "i", person_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		snprintf(code, sizeof code, "%s", db_col_text(st, 0));
		closed = db_col_date(st, 1);
	}
	db_reset(st);
	if (rc != SQLITE_ROW)
		return rc < 0 ? -1 : error("person \"#%lld\" not found",
		    (long long)person_id);
	if (day == DATE_NONE)
		return error("date: a date is needed");
	if (day > date_today())
		return error("date: %s is in the future", date_format(day, d1));
	if (closed != DATE_NONE && day > closed)
		return error("date: %s is after %s was closed (%s)",
		    date_format(day, d1), code, date_format(closed, d2));
	return 0;
}

int
support_add(struct db *db, struct support *s)
{
	char source[FUNDING_MAX];
	const char *type;

	if (support_type_parse("type", s->type, &type) < 0 ||
	    funding_parse("source", s->source, source, sizeof source) < 0)
		return -1;
	if (s->value < 0 || s->value > INT64_C(1000000000000000))
		return error("value: %lld is not from 0 to 10^15 đồng",
		    (long long)s->value);
	if (s->notes && (!text_valid_utf8(s->notes, strlen(s->notes)) ||
	    strlen(s->notes) > 10000))
		return error("notes: not valid UTF-8 text of at most 10000 bytes");
	if (check_person_day(db, s->person_id, s->day) < 0)
		return -1;
	if (db_run(db, "INSERT INTO support (id, person_id, type, given_on, "
	    "value, source, notes, created_at) SELECT n, ?1, ?2, ?3, ?4, ?5, "
	    "crypt_seal(?6, 'support.notes', n), ?7 FROM (SELECT "
	    "coalesce(max(id), 0) + 1 AS n FROM support)", "itDitti",
	    s->person_id, type, s->day, s->value, source,
	    str_empty(s->notes) ? NULL : s->notes, (int64_t)clock_now()) < 0)
		return -1;
	s->id = db_last_id(db);
	return db_audit(db, "support", s->id, "add");
}

int
support_each(struct db *db, const struct support_filter *f,
    int (*fn)(const struct support *s, void *arg), void *arg)
{
	static const char sql[] = "SELECT s.id, s.person_id, p.case_code, "
	    "s.type, s.given_on, s.value, s.source, "
	    "crypt_open(s.notes, 'support.notes', s.id) FROM support s "
	    "JOIN person p ON p.id = s.person_id "
	    "WHERE (?1 IS NULL OR s.person_id = ?1) "
	    "AND (?2 IS NULL OR s.given_on >= ?2) "
	    "AND (?3 IS NULL OR s.given_on <= ?3) "
	    "AND (?4 IS NULL OR s.type = ?4) AND (?5 IS NULL OR s.source = ?5) "
	    "ORDER BY s.given_on, s.id";
	sqlite3_stmt *st = db_prepare(db, sql);
	struct support s;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "ZDDtt", f->person_id, f->from, f->to,
	    f->type, f->source) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		s.id = db_col_int(st, 0);
		s.person_id = db_col_int(st, 1);
		s.case_code = (char *)db_col_text(st, 2);
		s.type = db_col_text(st, 3);
		s.day = db_col_date(st, 4);
		s.value = db_col_int(st, 5);
		s.source = db_col_text(st, 6);
		s.notes = db_col_text(st, 7);
		stop = fn(&s, arg);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

/* One row per type (every type, zeros included), per source, and all. */
/* Entries from ?1 to ?2 (NULL: open) of people in the place ?3, ?4, ?5
 * (province, district, commune; NULL: any; ASCII case ignored). */
static const char totals_sql[] =
    "WITH s AS (SELECT * FROM support WHERE (?1 IS NULL OR given_on >= ?1) "
    "AND (?2 IS NULL OR given_on <= ?2) AND (?3 IS NULL AND ?4 IS NULL "
    "AND ?5 IS NULL OR person_id IN (SELECT id FROM person WHERE "
    "(?3 IS NULL OR province = ?3 COLLATE NOCASE) AND "
    "(?4 IS NULL OR district = ?4 COLLATE NOCASE) AND "
    "(?5 IS NULL OR commune = ?5 COLLATE NOCASE)))) "
    "SELECT 1, type, count(DISTINCT person_id), count(*), sum(value) "
    "FROM s GROUP BY type "
    "UNION ALL SELECT 2, source, count(DISTINCT person_id), count(*), "
    "sum(value) FROM s GROUP BY source "
    "UNION ALL SELECT 3, 'total', count(DISTINCT person_id), count(*), "
    "coalesce(sum(value), 0) FROM s ORDER BY 1, 2";

static void
total_set(struct support_total *t, sqlite3_stmt *st)
{
	t->persons = (int)db_col_int(st, 2);
	t->times = (int)db_col_int(st, 3);
	t->value = db_col_int(st, 4);
}

static void
totals_row(struct support_totals *out, sqlite3_stmt *st)
{
	const char *key = db_col_text(st, 1);
	int part = (int)db_col_int(st, 0);
	struct support_total *t;

	if (part == 3) {
		total_set(&out->all, st);
		return;
	}
	if (part == 1) {
		for (int i = 0; i < out->ntypes; i++)
			if (!strcmp(out->by_type[i].key, key))
				total_set(&out->by_type[i], st);
		return;
	}
	out->by_source = xrealloc(out->by_source,
	    (size_t)(out->nsources + 1) * sizeof *out->by_source);
	t = &out->by_source[out->nsources++];
	t->key = xstrdup(key);
	total_set(t, st);
}

int
support_totals(struct db *db, int from, int to, struct support_totals *out)
{
	return support_totals_place(db, from, to, NULL, NULL, NULL, out);
}

int
support_totals_place(struct db *db, int from, int to, const char *province,
    const char *district, const char *commune, struct support_totals *out)
{
	sqlite3_stmt *st = db_prepare(db, totals_sql);
	int rc;

	memset(out, 0, sizeof *out);
	out->ntypes = (int)NELEM(support_types) - 1;
	out->by_type = xcalloc((size_t)out->ntypes, sizeof *out->by_type);
	for (int i = 0; i < out->ntypes; i++)
		out->by_type[i].key = xstrdup(support_types[i].code);
	out->all.key = xstrdup("total");
	if (!st || db_bind(db, st, "DDttt", from, to, province, district,
	    commune) < 0) {
		support_totals_free(out);
		return -1;
	}
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		totals_row(out, st);
	db_reset(st);
	if (rc < 0)
		support_totals_free(out);
	return rc < 0 ? -1 : 0;
}

void
support_totals_free(struct support_totals *t)
{
	for (int i = 0; i < t->ntypes; i++)
		free(t->by_type[i].key);
	for (int i = 0; i < t->nsources; i++)
		free(t->by_source[i].key);
	free(t->by_type);
	free(t->by_source);
	free(t->all.key);
	memset(t, 0, sizeof *t);
}
