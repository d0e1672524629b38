/*
 * visit.c - follow-up visits and the visit plan. See visit.h.
 */
#include "core/visit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/need.h"
#include "core/util.h"

int
visit_kind_check(const char *opt, const char *s)
{
	if (s && (!strcmp(s, "home") || !strcmp(s, "phone") || !strcmp(s, "meeting")))
		return 0;
	return error("%s: \"%s\" is not home, phone or meeting", opt, s ? s : "");
}

int
visit_situation_check(const char *opt, const char *s, const char **norm)
{
	static const char *const names[][2] = {
		{ "stable", "stable" }, { "needs-support", "needs-support" },
		{ "needs support", "needs-support" }, { "at-risk", "at-risk" },
		{ "at risk", "at-risk" }, { "not-reached", "not-reached" },
		{ "not reached", "not-reached" },
	};

	for (size_t i = 0; s && i < NELEM(names); i++)
		if (!strcasecmp(s, names[i][0])) {
			*norm = names[i][1];
			return 0;
		}
	return error("%s: \"%s\" is not stable, needs-support, at-risk or "
	    "not-reached", opt, s ? s : "");
}

static int
check_visit(struct db *db, const struct visit *v)
{
	const char *norm;
	char a[16];
	int64_t found;

	if (db_int(db, &found, 0, "SELECT count(*) FROM person WHERE id = ?", "i",
	    v->person_id) < 0)
		return -1;
	if (!found)
		return error("visit: person #%lld not found", (long long)v->person_id);
	if (str_empty(v->visitor))
		return error("visit: who visited is needed (--visitor)");
	if (visit_kind_check(_("visit kind"), v->kind) < 0 ||
	    visit_situation_check(_("visit situation"), v->situation, &norm) < 0)
		return -1;
	if (v->day > date_today())
		return error("visit date: %s is in the future", date_show(v->day, a));
	if (v->next_day != DATE_NONE && v->next_day <= v->day)
		return error("next visit: %s is not after the visit",
		    date_show(v->next_day, a));
	return 0;
}

/* Turn the comma-separated needs as typed into need codes ("medical,
 * shelter") in *out (NULL when there are none), refusing unknown ones. */
static int
parse_needs(const char *needs, char **out)
{
	struct buf b = { 0 };
	char *list, *save = NULL, *word;
	const char *code;
	int rc = 0;

	*out = NULL;
	if (str_empty(needs))
		return 0;
	list = xstrdup(needs);
	for (word = strtok_r(list, ",", &save); word && rc == 0;
	    word = strtok_r(NULL, ",", &save)) {
		word = str_trim(word);
		if (!*word)
			continue;
		if ((rc = need_kind_parse("needs", word, &code)) == 0) {
			if (b.len)
				buf_addc(&b, ',');
			buf_add(&b, code);
		}
	}
	free(list);
	if (rc == 0 && b.len)
		*out = buf_detach(&b);
	buf_free(&b);
	return rc;
}

/* Add each need found to the person's needs assessment. */
static int
record_needs(struct db *db, const struct visit *v, const char *codes)
{
	char *list, *save = NULL, *kind;
	int rc = 0;

	if (!codes)
		return 0;
	list = xstrdup(codes);
	for (kind = strtok_r(list, ",", &save); kind && rc == 0;
	    kind = strtok_r(NULL, ",", &save))
		rc = need_identify(db, v->person_id, kind, v->day,
		    "found on a follow-up visit");
	free(list);
	return rc;
}

int
visit_log(struct db *db, struct visit *v)
{
	const char *situation = NULL;
	char *codes;
	int rc;

	if (check_visit(db, v) < 0 || parse_needs(v->needs, &codes) < 0)
		return -1;
	visit_situation_check("visit situation", v->situation, &situation);
	rc = db_run(db, "INSERT INTO visit (id, person_id, visit_on, visitor, "
	    "kind, situation, needs, notes, next_on, created_at) SELECT n, ?1, "
	    "?2, ?3, ?4, ?5, ?6, crypt_seal(?7, 'visit.notes', n), ?8, ?9 FROM "
	    "(SELECT coalesce(max(id), 0) + 1 AS n FROM visit)", "iDtttttDi", v->person_id, v->day,
	    v->visitor, v->kind, situation, codes, v->notes, v->next_day,
	    (int64_t)clock_now());
	if (rc == 0) {
		v->id = db_last_id(db);
		rc = record_needs(db, v, codes);
	}
	if (rc == 0)
		rc = db_audit(db, "visit", v->id, "log");
	free(codes);
	return rc;
}

static void
visit_from_row(sqlite3_stmt *st, struct visit *v)
{
	v->id = db_col_int(st, 0);
	v->person_id = db_col_int(st, 1);
	v->day = db_col_date(st, 2);
	v->visitor = db_col_dup(st, 3);
	v->kind = db_col_dup(st, 4);
	v->situation = db_col_dup(st, 5);
	v->needs = db_col_dup(st, 6);
	v->notes = db_col_dup(st, 7);
	v->next_day = db_col_date(st, 8);
}

static void
visit_clear(struct visit *v)
{
	free(v->visitor);
	free(v->kind);
	free(v->situation);
	free(v->needs);
	free(v->notes);
}

#define VISIT_COLS "SELECT id, person_id, visit_on, visitor, kind, " \
	"situation, needs, crypt_open(notes, 'visit.notes', id), next_on " \
	"FROM visit "
#define VISIT_DAYS "(?2 IS NULL OR visit_on >= ?2) AND " \
	"(?3 IS NULL OR visit_on <= ?3) ORDER BY visit_on DESC, id DESC"

/* One person's visits are searched by the index on their id (a person's
 * page); everyone's are read in order of their day. */
int
visit_each(struct db *db, int64_t person_id, int from, int to,
    int (*fn)(const struct visit *v, void *arg), void *arg)
{
	static const char one_sql[] = VISIT_COLS "WHERE person_id = ?1 AND "
	    VISIT_DAYS;
	static const char all_sql[] = VISIT_COLS "WHERE ?1 IS NULL AND "
	    VISIT_DAYS;
	sqlite3_stmt *st = db_prepare(db, person_id ? one_sql : all_sql);
	struct visit v;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "ZDD", person_id, from, to) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		visit_from_row(st, &v);
		stop = fn(&v, arg);
		visit_clear(&v);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

int
visit_plan_set(struct db *db, int64_t person_id, int every_days, int until)
{
	char a[16];

	if (every_days < 1 || every_days > 3650)
		return error("visit plan: every %d days is not from 1 to 3650",
		    every_days);
	if (until != DATE_NONE && until < date_today())
		return error("visit plan: until %s is in the past",
		    date_show(until, a));
	if (db_run(db, "INSERT INTO visit_plan (person_id, every_days, until_on, "
	    "set_on, updated_at) VALUES (?,?,?,?,?) ON CONFLICT (person_id) DO "
	    "UPDATE SET every_days = excluded.every_days, until_on = "
	    "excluded.until_on, set_on = excluded.set_on, updated_at = "
	    "excluded.updated_at", "idDDi", person_id, every_days, until,
	    date_today(), (int64_t)clock_now()) < 0)
		return -1;
	return db_audit(db, "visit_plan", person_id, "set");
}

int
visit_plan_clear(struct db *db, int64_t person_id)
{
	if (db_run(db, "DELETE FROM visit_plan WHERE person_id = ?", "i",
	    person_id) < 0)
		return -1;
	return db_audit(db, "visit_plan", person_id, "clear");
}

/* The default plan's interval on day base, or 0 past its last step. */
static int
plan_every(const struct visit_plan *plan, int returned, int base)
{
	for (int i = 0; i < plan->nsteps; i++)
		if (base < date_add_months(returned, plan->steps[i].until_months))
			return plan->steps[i].every_days;
	return 0;
}

int
visit_next_due(const struct visit_plan *plan, int returned, int last,
    int next, int every, int until, int set_day)
{
	int base, due;

	if (next != DATE_NONE)
		return (every && until != DATE_NONE && next > until) ? DATE_NONE : next;
	if (every) {
		base = last != DATE_NONE ? last : returned != DATE_NONE ?
		    returned : set_day;
		due = base + every;
		return until != DATE_NONE && due > until ? DATE_NONE : due;
	}
	if (returned == DATE_NONE)
		return DATE_NONE;
	base = last != DATE_NONE ? last : returned;
	if (!plan->nsteps || !(every = plan_every(plan, returned, base)))
		return DATE_NONE;
	due = base + every;
	return due < date_add_months(returned,
	    plan->steps[plan->nsteps - 1].until_months) ? due : DATE_NONE;
}

/* Active people with what the plan needs: return date, last visit that
 * reached them and the next date it set, override.
 * People without an override who came back before ?2 (when given) are
 * past the default plan and not read at all. */
#define LAST_VISIT(col) \
    "(SELECT v." col " FROM visit v WHERE v.person_id = p.id " \
    "AND v.visit_on <= ?1 AND v.situation <> 'not-reached' " \
    "ORDER BY v.visit_on DESC, v.id DESC LIMIT 1)"
/* The last visit's day and next date each from the index visit_person
 * alone (core/schema.c, migration 22): two seeks cost less than reading
 * the visit's row. */
#define DUE_COLS \
    "SELECT p.id, p.case_code, p.returned_on, " LAST_VISIT("visit_on") ", " \
    LAST_VISIT("next_on") ", vp.every_days, vp.until_on, vp.set_on "
#define DUE_JOINS \
    "LEFT JOIN visit_plan vp ON vp.person_id = p.id " \
    "WHERE p.status = 'active' AND (p.returned_on >= coalesce(?2, '') " \
    "OR vp.person_id IS NOT NULL)"
static const char due_sql[] = DUE_COLS "FROM person p " DUE_JOINS;
/* The same for the people of the JSON array ?3, read by id. */
static const char due_some_sql[] = DUE_COLS "FROM json_each(?3) j "
    "JOIN person p ON p.id = j.value " DUE_JOINS;

struct due_ctx {
	const struct visit_plan *plan;
	int at, ahead;
	struct visit_due *v;
	int n;
	size_t cap;
};

static void
due_row(sqlite3_stmt *st, struct due_ctx *x)
{
	int every = db_col_null(st, 5) ? 0 : (int)db_col_int(st, 5);
	int due = visit_next_due(x->plan, db_col_date(st, 2), db_col_date(st, 3),
	    db_col_date(st, 4), every, db_col_date(st, 6), db_col_date(st, 7));
	struct visit_due *d;

	if (!every && x->plan->nsteps && x->at >= date_add_months(db_col_date(st, 2),
	    x->plan->steps[x->plan->nsteps - 1].until_months))
		return;         /* the default plan ended for this person */
	if (due == DATE_NONE || due > x->at + x->ahead)
		return;
	if ((size_t)x->n == x->cap)
		x->v = xrealloc(x->v, (x->cap = x->cap * 2 + 16) * sizeof *x->v);
	d = &x->v[x->n++];
	d->person_id = db_col_int(st, 0);
	snprintf(d->case_code, sizeof d->case_code, "%s", db_col_text(st, 1));
	d->organiser = NULL;
	d->last_day = db_col_date(st, 3);
	d->due_day = due;
	d->days_late = x->at - due;
}

/*
 * A return date before which the default plan has surely ended at day at
 * (due_row checks each person exactly; the month of slack covers months
 * of different lengths), or DATE_NONE without a default plan.
 */
static int
plan_cutoff(const struct visit_plan *plan, int at)
{
	if (!plan->nsteps)
		return DATE_NONE;
	return date_add_months(at,
	    -plan->steps[plan->nsteps - 1].until_months) - 31;
}

static int
due_cmp(const void *a, const void *b)
{
	const struct visit_due *x = a, *y = b;

	if (x->due_day != y->due_day)
		return x->due_day < y->due_day ? -1 : 1;
	return strcmp(x->case_code, y->case_code);
}

int
visit_due(struct db *db, const struct visit_plan *plan, int at, int ahead,
    struct visit_due **out, int *n)
{
	return visit_due_among(db, plan, NULL, at, ahead, out, n);
}

int
visit_due_among(struct db *db, const struct visit_plan *plan,
    const char *people, int at, int ahead, struct visit_due **out, int *n)
{
	sqlite3_stmt *st = db_prepare(db, people ? due_some_sql : due_sql);
	struct due_ctx x = { plan, at, ahead, NULL, 0, 0 };
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(db, st, people ? "DDt" : "DD", at,
	    plan_cutoff(plan, at), people) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		due_row(st, &x);
	db_reset(st);
	if (x.n)
		qsort(x.v, (size_t)x.n, sizeof *x.v, due_cmp);
	*out = x.v;
	*n = x.n;
	return rc < 0 ? -1 : 0;
}

void
visit_due_free(struct visit_due *d, int n)
{
	for (int i = 0; d && i < n; i++)
		free(d[i].organiser);
	free(d);
}

int
visit_next_of(struct db *db, const struct visit_plan *plan, int64_t person_id,
    int at, int *due)
{
	static const char sql[] =
	    "SELECT p.returned_on, lv.visit_on, lv.next_on, vp.every_days, "
	    "vp.until_on, vp.set_on, p.status = 'active' "
	    "FROM person p LEFT JOIN visit_plan vp ON vp.person_id = p.id "
	    "LEFT JOIN visit lv ON lv.id = (SELECT v.id FROM visit v "
	    "WHERE v.person_id = p.id AND v.visit_on <= ?2 "
	    "AND v.situation <> 'not-reached' "
	    "ORDER BY v.visit_on DESC, v.id DESC LIMIT 1) WHERE p.id = ?1";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc, every;

	*due = DATE_NONE;
	if (!st || db_bind(db, st, "iD", person_id, at) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW && db_col_int(st, 6)) {
		every = db_col_null(st, 3) ? 0 : (int)db_col_int(st, 3);
		*due = visit_next_due(plan, db_col_date(st, 0), db_col_date(st, 1),
		    db_col_date(st, 2), every, db_col_date(st, 4),
		    db_col_date(st, 5));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}
