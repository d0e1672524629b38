#include "core/need.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/util.h"

const struct need_kind need_kinds[] = {
	{ "medical", N_("medical care") },
	{ "psychological", N_("psychological support") },
	{ "legal-aid", N_("legal aid") },
	{ "documents", N_("identity documents") },
	{ "education", N_("education") },
	{ "vocational", N_("vocational training") },
	{ "employment", N_("employment") },
	{ "capital", N_("livelihood capital") },
	{ "shelter", N_("shelter") },
	{ NULL, NULL },
};

/* Ordinary words for the kinds, folded (no diacritics, '-' for spaces). */
static const struct {
	const char *word, *code;
} kind_words[] = {
	{ "health", "medical" }, { "y-te", "medical" },
	{ "psychology", "psychological" }, { "counselling", "psychological" },
	{ "counseling", "psychological" }, { "tam-ly", "psychological" },
	{ "legal", "legal-aid" }, { "phap-ly", "legal-aid" },
	{ "identity-documents", "documents" }, { "identity-papers", "documents" },
	{ "papers", "documents" }, { "giay-to", "documents" },
	{ "school", "education" }, { "hoc-tap", "education" },
	{ "vocational-training", "vocational" }, { "hoc-nghe", "vocational" },
	{ "job", "employment" }, { "viec-lam", "employment" },
	{ "livelihood", "capital" }, { "von", "capital" },
	{ "housing", "shelter" }, { "cho-o", "shelter" }, { "nha-o", "shelter" },
};

/* The person a need belongs to: case code for messages, closing date. */
struct need_person {
	char code[48];
	int closed_on;
};

const char *
need_kind_label(const char *code)
{
	for (const struct need_kind *k = need_kinds; k->code; k++)
		if (str_eq(k->code, code))
			return _(k->label);
	return NULL;
}

const char *
need_status_label(const char *s)
{
	/* TRANSLATORS: the states of a need. */
	static const char *const labels[][2] = {
		{ "identified", N_("identified") },
		{ "referred", N_("referred") },
		{ "met", N_("met") },
	};

	for (size_t i = 0; i < NELEM(labels); i++)
		if (str_eq(s, labels[i][0]))
			return _(labels[i][1]);
	return s;
}

int
need_status_valid(const char *s)
{
	return str_eq(s, "identified") || str_eq(s, "referred") ||
	    str_eq(s, "met");
}

static const char *
kind_code(const char *w)
{
	for (const struct need_kind *k = need_kinds; k->code; k++)
		if (!strcmp(k->code, w))
			return k->code;
	return NULL;
}

static const char *
kind_lookup(const char *w)
{
	const char *k = kind_code(w);

	for (size_t i = 0; !k && i < NELEM(kind_words); i++)
		if (!strcmp(kind_words[i].word, w))
			k = kind_code(kind_words[i].code);
	return k;
}

int
need_kind_parse(const char *what, const char *in, const char **code)
{
	char *w = text_code(in, '-');
	const char *k = kind_lookup(w);

	free(w);
	if (!k)
		return error("%s: \"%s\" is not a kind of need (medical, "
		    "psychological, legal-aid, documents, education, vocational, "
		    "employment, capital, shelter)", what, in ? in : "");
	*code = k;
	return 0;
}

static int
need_person_get(struct db *db, int64_t id, struct need_person *p)
{
	static const char sql[] = "SELECT case_code, closed_on FROM person "
	    "WHERE id = ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	if (!st || db_bind(db, st, "i", id) < 0)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW) {
		snprintf(p->code, sizeof p->code, "%s", db_col_text(st, 0));
		p->closed_on = db_col_date(st, 1);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return error("person \"#%lld\" not found", (long long)id);
	return rc < 0 ? -1 : 0;
}

/* A step of a need may not be dated in the future, after the person was
 * closed, or before the step it follows (after: DATE_NONE for none). */
static int
check_day(const struct need_person *p, int day, int after, const char *what)
{
	char d1[16], d2[16];

	if (day == DATE_NONE)
		return error("date: a date is needed");
	date_format(day, d1);
	if (day > date_today())
		return error("date: %s is in the future", d1);
	if (p->closed_on != DATE_NONE && day > p->closed_on)
		return error("date: %s is after %s was closed (%s)", d1, p->code,
		    date_format(p->closed_on, d2));
	if (after != DATE_NONE && day < after && str_eq(what, "referred"))
		return error("date: %s is before the need was referred (%s)", d1,
		    date_format(after, d2));
	if (after != DATE_NONE && day < after)
		return error("date: %s is before the need was identified (%s)",
		    d1, date_format(after, d2));
	return 0;
}

static int
check_text(const char *what, const char *s, size_t max)
{
	if (s && !text_valid_utf8(s, strlen(s)))
		return error("%s: not valid UTF-8 text", what);
	if (s && strlen(s) > max)
		return error("%s: longer than %zu bytes", what, max);
	return 0;
}

#define NEED_SELECT \
	"SELECT n.id, n.person_id, p.case_code, n.kind, n.status, " \
	"n.referred_to, n.identified_on, n.referred_on, n.met_on, " \
	"crypt_open(n.notes, 'need.notes', n.id) " \
	"FROM need n JOIN person p ON p.id = n.person_id "

static void
need_from_row(sqlite3_stmt *st, struct need *n)
{
	n->id = db_col_int(st, 0);
	n->person_id = db_col_int(st, 1);
	n->case_code = db_col_dup(st, 2);
	n->kind = db_col_dup(st, 3);
	n->status = db_col_dup(st, 4);
	n->referred_to = db_col_dup(st, 5);
	n->identified_on = db_col_date(st, 6);
	n->referred_on = db_col_date(st, 7);
	n->met_on = db_col_date(st, 8);
	n->notes = db_col_dup(st, 9);
}

/* 1 and *out filled when found, 0 when not, -1 on error. */
static int
need_load(struct db *db, int64_t person_id, const char *kind, struct need *out)
{
	static const char sql[] = NEED_SELECT
	    "WHERE n.person_id = ? AND n.kind = ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	memset(out, 0, sizeof *out);
	if (!st || db_bind(db, st, "it", person_id, kind) < 0)
		return -1;
	rc = db_step(db, st);
	if (rc == SQLITE_ROW)
		need_from_row(st, out);
	db_reset(st);
	return rc < 0 ? -1 : rc == SQLITE_ROW;
}

static int
need_insert(struct db *db, int64_t person_id, const char *kind, int day,
    const char *notes)
{
	/* the id is chosen here so that the sealed notes carry it */
	if (db_run(db, "INSERT INTO need (id, person_id, kind, status, "
	    "identified_on, notes) SELECT n, ?1, ?2, 'identified', ?3, "
	    "crypt_seal(?4, 'need.notes', n) FROM (SELECT coalesce(max(id), 0) "
	    "+ 1 AS n FROM need)", "itDt",
	    person_id, kind, day, str_empty(notes) ? NULL : notes) < 0)
		return -1;
	return db_audit(db, "need", db_last_id(db), "add");
}

static int
need_reopen(struct db *db, const struct need *n, int day, const char *notes)
{
	if (day < n->met_on)
		return error("date: the need was met after that day");
	if (db_run(db, "UPDATE need SET status = 'identified', "
	    "identified_on = ?1, referred_to = NULL, referred_on = NULL, "
	    "met_on = NULL, notes = coalesce(crypt_seal(?2, 'need.notes', id), "
	    "notes) WHERE id = ?3", "Dti",
	    day, str_empty(notes) ? NULL : notes, n->id) < 0)
		return -1;
	return db_audit(db, "need", n->id, "reopen");
}

/* need_identify (strict 0) and need_add (strict 1). */
static int
need_record(struct db *db, int64_t person_id, const char *kindin, int day,
    const char *notes, int strict)
{
	struct need_person p;
	struct need n;
	const char *kind;
	int rc;

	if (need_kind_parse("need", kindin, &kind) < 0 ||
	    check_text("notes", notes, 10000) < 0 ||
	    need_person_get(db, person_id, &p) < 0 ||
	    check_day(&p, day, DATE_NONE, "") < 0 ||
	    (rc = need_load(db, person_id, kind, &n)) < 0)
		return -1;
	if (rc == 0)
		return need_insert(db, person_id, kind, day, notes);
	if (str_eq(n.status, "met"))
		rc = need_reopen(db, &n, day, notes);
	else if (strict)
		rc = error("need \"%s\" of %s is already recorded (%s)", kind,
		    p.code, n.status);
	else
		rc = 0;
	need_free(&n);
	return rc;
}

int
need_identify(struct db *db, int64_t person_id, const char *kind, int day,
    const char *notes)
{
	return need_record(db, person_id, kind, day, notes, 0);
}

int
need_add(struct db *db, int64_t person_id, const char *kind, int day,
    const char *notes)
{
	return need_record(db, person_id, kind, day, notes, 1);
}

/* Load an open need for a referral or its end, checking the day. */
static int
need_open(struct db *db, int64_t person_id, const char *kindin, int day,
    struct need *n, int meet)
{
	struct need_person p;
	const char *kind;
	int after;

	if (need_kind_parse("need", kindin, &kind) < 0 ||
	    need_person_get(db, person_id, &p) < 0 ||
	    need_get(db, person_id, kind, n) < 0)
		return -1;
	if (str_eq(n->status, "met")) {
		error("need \"%s\" of %s is already met", kind, p.code);
		need_free(n);
		return -1;
	}
	after = meet && n->referred_on != DATE_NONE ? n->referred_on :
	    n->identified_on;
	if (check_day(&p, day, after, meet && n->referred_on != DATE_NONE ?
	    "referred" : "identified") < 0) {
		need_free(n);
		return -1;
	}
	return 0;
}

int
need_refer(struct db *db, int64_t person_id, const char *kind,
    const char *org, int day)
{
	struct need n;
	int rc;

	if (str_empty(org))
		return error("referred to: the organisation is needed");
	if (check_text("referred to", org, 200) < 0 ||
	    need_open(db, person_id, kind, day, &n, 0) < 0)
		return -1;
	rc = db_run(db, "UPDATE need SET status = 'referred', referred_to = ?, "
	    "referred_on = ? WHERE id = ?", "tDi", org, day, n.id);
	if (rc == 0)
		rc = db_audit(db, "need", n.id, "refer");
	need_free(&n);
	return rc;
}

int
need_meet(struct db *db, int64_t person_id, const char *kind, int day)
{
	struct need n;
	int rc;

	if (need_open(db, person_id, kind, day, &n, 1) < 0)
		return -1;
	rc = db_run(db, "UPDATE need SET status = 'met', met_on = ? WHERE id = ?",
	    "Di", day, n.id);
	if (rc == 0)
		rc = db_audit(db, "need", n.id, "met");
	need_free(&n);
	return rc;
}

int
need_get(struct db *db, int64_t person_id, const char *kind, struct need *out)
{
	struct need_person p;
	int rc = need_load(db, person_id, kind, out);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (need_person_get(db, person_id, &p) < 0)
		return -1;
	return error("need \"%s\" of %s is not recorded", kind, p.code);
}

void
need_free(struct need *n)
{
	free(n->case_code);
	free(n->kind);
	free(n->status);
	free(n->referred_to);
	free(n->notes);
	memset(n, 0, sizeof *n);
}

int
need_each(struct db *db, const struct need_filter *f,
    int (*fn)(const struct need *n, void *arg), void *arg)
{
	static const char sql[] = NEED_SELECT
	    "WHERE (?1 IS NULL OR n.person_id = ?1) "
	    "AND (?2 IS NULL OR n.status = ?2) AND (?3 IS NULL OR n.kind = ?3) "
	    "ORDER BY p.case_code, instr(',medical,psychological,legal-aid,"
	    "documents,education,vocational,employment,capital,shelter,', "
	    "',' || n.kind || ','), n.kind";
	sqlite3_stmt *st = db_prepare(db, sql);
	struct need n;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "Ztt", f->person_id, f->status, f->kind) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		need_from_row(st, &n);
		stop = fn(&n, arg);
		need_free(&n);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}
