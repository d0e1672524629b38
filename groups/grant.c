/*
 * grant.c - in-kind grants, their events and pass-on chains. See grant.h.
 */
#include "groups/grant.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"
#include "groups/loan.h"

static const char *const kinds[] = { "sow", "piglet", "cow", "buffalo", "goat",
	"chicken", "duck", "other" };

int
grant_kind_check(const char *opt, const char *s)
{
	for (size_t i = 0; s && i < NELEM(kinds); i++)
		if (!strcmp(s, kinds[i]))
			return 0;
	return error("%s: \"%s\" is not sow, piglet, cow, buffalo, goat, chicken, "
	    "duck or other", opt, s ? s : "");
}

int
grant_parse_id(const char *s, int64_t *id)
{
	const char *p = s;

	if (*p == 'G' || *p == 'g' || *p == '#')
		p++;
	if (parse_int64(p, 1, INT64_MAX, id) < 0)
		return error("grant: \"%s\" is not a grant number", s);
	return 0;
}

static int
check_person(struct db *db, int64_t id, const char *what)
{
	int64_t active;

	if (db_int(db, &active, -1, "SELECT status = 'active' FROM person "
	    "WHERE id = ?", "i", id) < 0)
		return -1;
	if (active < 0)
		return error("%s: person #%lld not found", what, (long long)id);
	if (!active)
		return error("%s: the person's case is closed", what);
	return 0;
}

static int
check_grant(struct db *db, const struct grant *g)
{
	char a[16];

	if (check_person(db, g->person_id, _("grant")) < 0 ||
	    grant_kind_check(_("grant kind"), g->kind) < 0 ||
	    loan_source_check(g->source) < 0)
		return -1;
	if (g->count < 1 || g->count > 100000)
		return error("grant count: %d is not from 1 to 100000", g->count);
	if (g->unit_value < 0 || g->unit_value > INT64_C(1000000000000))
		return error("grant value: out of range");
	if (g->day > date_today())
		return error("grant date: %s is in the future", date_show(g->day, a));
	return 0;
}

int
grant_give(struct db *db, struct grant *g)
{
	if (check_grant(db, g) < 0)
		return -1;
	if (db_run(db, "INSERT INTO ikgrant (id, person_id, kind, what, count, "
	    "unit_value, given_on, source, parent_id, obligation_id, notes, "
	    "created_at) SELECT n, ?,?,?,?,?,?,?,?,?, crypt_seal(?, "
	    "'ikgrant.notes', n), ? FROM (SELECT coalesce(max(id), 0) + 1 AS n "
	    "FROM ikgrant)", "ittdiDtZZti",
	    g->person_id, g->kind, g->what, g->count, g->unit_value, g->day,
	    g->source, g->parent_id, g->obligation_id, g->notes,
	    (int64_t)clock_now()) < 0)
		return -1;
	g->id = db_last_id(db);
	return db_audit(db, "grant", g->id, "give");
}

int
grant_get(struct db *db, int64_t id, struct grant *g)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, person_id, kind, what, "
	    "count, unit_value, given_on, source, parent_id, obligation_id, "
	    "crypt_open(notes, 'ikgrant.notes', id) FROM ikgrant WHERE id = ?");
	int rc;

	memset(g, 0, sizeof *g);
	if (!st || db_bind(db, st, "i", id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		g->id = db_col_int(st, 0);
		g->person_id = db_col_int(st, 1);
		g->kind = db_col_dup(st, 2);
		g->what = db_col_dup(st, 3);
		g->count = (int)db_col_int(st, 4);
		g->unit_value = db_col_int(st, 5);
		g->day = db_col_date(st, 6);
		g->source = db_col_dup(st, 7);
		g->parent_id = db_col_int(st, 8);
		g->obligation_id = db_col_int(st, 9);
		g->notes = db_col_dup(st, 10);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return error("grant %lld not found", (long long)id);
	return rc == SQLITE_ROW ? 0 : -1;
}

void
grant_free(struct grant *g)
{
	if (!g)
		return;
	free(g->kind);
	free(g->what);
	free(g->source);
	free(g->notes);
	memset(g, 0, sizeof *g);
}

/* The change an event kind makes to the herd per head. */
static int
event_sign(const char *kind)
{
	if (!strcmp(kind, "born"))
		return 1;
	if (!strcmp(kind, "vaccinated"))
		return 0;
	return -1;
}

/* One point of the herd's history. */
struct herd_step {
	int day, delta, vaccinated;
};

static int
step_cmp(const void *a, const void *b)
{
	const struct herd_step *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return y->delta - x->delta;     /* births of a day before losses */
}

static int
load_steps(struct db *db, int64_t grant_id, struct herd_step **out, int *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT event_on, kind, count FROM "
	    "ikgrant_event WHERE grant_id = ?");
	size_t cap = 16;
	int rc;

	*out = xcalloc(cap, sizeof **out);
	*n = 0;
	if (!st || db_bind(db, st, "i", grant_id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct herd_step *s;
		if ((size_t)*n + 1 >= cap)
			*out = xrealloc(*out, (cap *= 2) * sizeof **out);
		s = &(*out)[(*n)++];
		s->day = db_col_date(st, 0);
		s->delta = event_sign(db_col_text(st, 1)) * (int)db_col_int(st, 2);
		s->vaccinated = s->delta ? 0 : (int)db_col_int(st, 2);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Check that the herd, with the new event added, stays >= 0 at every
 * date and no vaccination covers more animals than there are. */
static int
check_herd(struct db *db, const struct grant *g, const struct grant_event *e)
{
	struct herd_step *s;
	int n, herd = g->count, ret = 0;

	if (load_steps(db, g->id, &s, &n) < 0) {
		free(s);
		return -1;
	}
	s[n].day = e->day;
	s[n].delta = event_sign(e->kind) * e->count;
	s[n].vaccinated = s[n].delta ? 0 : e->count;
	qsort(s, (size_t)n + 1, sizeof *s, step_cmp);
	for (int i = 0; i <= n && ret == 0; i++) {
		herd += s[i].delta;
		if (herd < 0 || s[i].vaccinated > herd)
			ret = error("grant %lld: %d %s would leave the herd at %d on "
			    "that date", (long long)g->id, e->count, e->kind,
			    herd < 0 ? herd : herd - s[i].vaccinated);
	}
	free(s);
	return ret;
}

static int
check_event(const struct grant *g, const struct grant_event *e)
{
	static const char *const ek[] = { "died", "sold", "born", "vaccinated",
		"lost", "passed" };
	char a[16], b[16];
	size_t i;

	for (i = 0; i < NELEM(ek) && strcmp(e->kind ? e->kind : "", ek[i]); i++)
		;
	if (i == NELEM(ek))
		return error("event: \"%s\" is not died, sold, born, vaccinated or "
		    "lost", e->kind ? e->kind : "");
	if (e->count < 1 || e->count > 100000)
		return error("event count: %d is not from 1 to 100000", e->count);
	if (e->day < g->day)
		return error("event date: %s is before the grant on %s",
		    date_show(e->day, a), date_show(g->day, b));
	if (e->day > date_today())
		return error("event date: %s is in the future", date_show(e->day, a));
	return 0;
}

static int
insert_event(struct db *db, struct grant_event *e)
{
	if (db_run(db, "INSERT INTO ikgrant_event (id, grant_id, kind, count, "
	    "event_on, cause, price, notes, created_at) SELECT n, ?,?,?,?,?,?, "
	    "crypt_seal(?, 'ikgrant_event.notes', n), ? FROM (SELECT "
	    "coalesce(max(id), 0) + 1 AS n FROM ikgrant_event)",
	    "itdDtiti", e->grant_id, e->kind, e->count, e->day, e->cause,
	    e->price < 0 ? (int64_t)0 : e->price, e->notes,
	    (int64_t)clock_now()) < 0)
		return -1;
	e->id = db_last_id(db);
	if (e->price < 0 && db_run(db, "UPDATE ikgrant_event SET price = NULL "
	    "WHERE id = ?", "i", e->id) < 0)
		return -1;
	return db_audit(db, "grant", e->grant_id, e->kind);
}

static int
event_add(struct db *db, struct grant_event *e)
{
	struct grant g;
	int rc;

	if (grant_get(db, e->grant_id, &g) < 0)
		return -1;
	rc = check_event(&g, e);
	if (rc == 0)
		rc = check_herd(db, &g, e);
	if (rc == 0)
		rc = insert_event(db, e);
	grant_free(&g);
	return rc;
}

int
grant_event_add(struct db *db, struct grant_event *e)
{
	if (str_eq(e->kind, "passed"))
		return error("event: record a pass-on with grant passon");
	return event_add(db, e);
}

int
grant_events(struct db *db, int64_t grant_id,
    int (*fn)(const struct grant_event *e, void *arg), void *arg)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, grant_id, kind, count, "
	    "event_on, cause, coalesce(price, -1), crypt_open(notes, "
	    "'ikgrant_event.notes', id) FROM ikgrant_event "
	    "WHERE grant_id = ? ORDER BY event_on, id");
	struct grant_event e;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "i", grant_id) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		e.id = db_col_int(st, 0);
		e.grant_id = db_col_int(st, 1);
		e.kind = (char *)db_col_text(st, 2);
		e.count = (int)db_col_int(st, 3);
		e.day = db_col_date(st, 4);
		e.cause = (char *)db_col_text(st, 5);
		e.price = db_col_int(st, 6);
		e.notes = (char *)db_col_text(st, 7);
		stop = fn(&e, arg);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

int
grant_herd(struct db *db, int64_t grant_id, int day, int *out)
{
	int64_t n, delta;

	if (db_int(db, &n, -1, "SELECT count FROM ikgrant WHERE id = ?", "i",
	    grant_id) < 0)
		return -1;
	if (n < 0)
		return error("grant %lld not found", (long long)grant_id);
	if (db_int(db, &delta, 0, "SELECT sum(CASE kind WHEN 'born' THEN count "
	    "WHEN 'vaccinated' THEN 0 ELSE -count END) FROM ikgrant_event "
	    "WHERE grant_id = ? AND event_on <= ?", "iD", grant_id, day) < 0)
		return -1;
	*out = (int)(n + delta);
	return 0;
}

int
grant_oblige(struct db *db, int64_t grant_id, int count, int due_day,
    int64_t to_person_id)
{
	struct grant g;
	char a[16];
	int rc = 0;

	if (grant_get(db, grant_id, &g) < 0)
		return -1;
	if (count < 1 || count > 100000)
		rc = error("pass-on count: %d is not from 1 to 100000", count);
	else if (due_day <= g.day)
		rc = error("pass-on date: %s is not after the grant",
		    date_show(due_day, a));
	else if (to_person_id == g.person_id)
		rc = error("pass-on: the recipient cannot pass on to themselves");
	else if (to_person_id)
		rc = check_person(db, to_person_id, _("pass-on"));
	if (rc == 0)
		rc = db_run(db, "INSERT INTO ikgrant_oblig (grant_id, count, due_on, "
		    "to_person_id, created_at) VALUES (?,?,?,?,?)", "idDZi",
		    grant_id, count, due_day, to_person_id, (int64_t)clock_now());
	if (rc == 0)
		rc = db_audit(db, "grant", grant_id, "oblige");
	grant_free(&g);
	return rc;
}

struct oblig_row {
	int64_t id, to_person_id;
	int count, passed;
};

static int
get_oblig(struct db *db, int64_t grant_id, struct oblig_row *o)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT o.id, o.to_person_id, o.count, "
	    "coalesce((SELECT sum(count) FROM ikgrant WHERE obligation_id = o.id), 0) "
	    "FROM ikgrant_oblig o WHERE o.grant_id = ?");
	int rc;

	if (!st || db_bind(db, st, "i", grant_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		o->id = db_col_int(st, 0);
		o->to_person_id = db_col_int(st, 1);
		o->count = (int)db_col_int(st, 2);
		o->passed = (int)db_col_int(st, 3);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return error("grant %lld has no pass-on obligation", (long long)grant_id);
	return rc == SQLITE_ROW ? 0 : -1;
}

static int
check_passon(const struct grant *g, const struct oblig_row *o, int64_t to,
    int count)
{
	if (o->to_person_id && o->to_person_id != to)
		return error("pass-on: the obligation names another member");
	if (to == g->person_id)
		return error("pass-on: the recipient cannot pass on to themselves");
	if (count > o->count - o->passed)
		return error("pass-on: %d is more than the %d still owed", count,
		    o->count - o->passed);
	return 0;
}

/* The next member's grant, linked to the first and to the obligation. */
static int
give_next(struct db *db, const struct grant *g, const struct oblig_row *o,
    int64_t to, int count, int day, const char *kind, int64_t value,
    int64_t *new_id)
{
	struct grant n = { 0 };

	n.person_id = to;
	n.kind = (char *)(kind ? kind : !strcmp(g->kind, "sow") ? "piglet" : g->kind);
	n.what = g->what;
	n.count = count;
	n.unit_value = value >= 0 ? value : g->unit_value;
	n.day = day;
	n.source = g->source;
	n.parent_id = g->id;
	n.obligation_id = o->id;
	if (grant_give(db, &n) < 0)
		return -1;
	*new_id = n.id;
	return 0;
}

int
grant_passon(struct db *db, int64_t grant_id, int64_t to_person, int count,
    int day, const char *kind, int64_t unit_value, int64_t *new_id)
{
	struct grant_event e;
	struct oblig_row o = { 0 };
	struct grant g;
	char note[64];
	int64_t id;
	int rc;

	if (grant_get(db, grant_id, &g) < 0)
		return -1;
	rc = get_oblig(db, grant_id, &o);
	if (rc == 0)
		rc = check_passon(&g, &o, to_person, count);
	e = (struct grant_event){ 0, grant_id, "passed", count, day, NULL, -1, NULL };
	if (rc == 0)
		rc = check_event(&g, &e);
	if (rc == 0)
		rc = check_herd(db, &g, &e);
	if (rc == 0)
		rc = give_next(db, &g, &o, to_person, count, day, kind, unit_value, &id);
	if (rc == 0) {
		snprintf(note, sizeof note, "to grant %lld", (long long)id);
		e.notes = note;
		rc = insert_event(db, &e);
	}
	if (rc == 0 && new_id)
		*new_id = id;
	grant_free(&g);
	return rc;
}

#define OBLIG_SELECT \
    "SELECT o.id, o.grant_id, g.person_id, coalesce(o.to_person_id, 0), " \
    "pg.case_code, pt.case_code, g.kind, o.count, " \
    "coalesce((SELECT sum(n.count) FROM ikgrant n WHERE n.obligation_id = o.id " \
    "AND n.given_on <= ?1), 0) AS passed, o.due_on " \
    "FROM ikgrant_oblig o JOIN ikgrant g ON g.id = o.grant_id " \
    "JOIN person pg ON pg.id = g.person_id " \
    "LEFT JOIN person pt ON pt.id = o.to_person_id "

static const char oblig_sql[] = OBLIG_SELECT
    "WHERE g.given_on <= ?1 AND (?2 = 0 OR passed < o.count) "
    "ORDER BY o.due_on, o.id";
static const char oblig_one_sql[] = OBLIG_SELECT "WHERE o.grant_id = ?2";

static void
oblig_from_row(sqlite3_stmt *st, int day, struct grant_oblig *o)
{
	memset(o, 0, sizeof *o);
	o->id = db_col_int(st, 0);
	o->grant_id = db_col_int(st, 1);
	o->person_id = db_col_int(st, 2);
	o->to_person_id = db_col_int(st, 3);
	snprintf(o->owes_code, sizeof o->owes_code, "%s", db_col_text(st, 4));
	snprintf(o->to_code, sizeof o->to_code, "%s",
	    db_col_text(st, 5) ? db_col_text(st, 5) : "");
	snprintf(o->kind, sizeof o->kind, "%s", db_col_text(st, 6));
	o->count = (int)db_col_int(st, 7);
	o->passed = (int)db_col_int(st, 8);
	o->due_day = db_col_date(st, 9);
	o->days_late = o->passed < o->count && day > o->due_day ?
	    day - o->due_day : 0;
}

int
grant_obligations(struct db *db, int day, int open_only,
    struct grant_oblig **out, int *n)
{
	sqlite3_stmt *st = db_prepare(db, oblig_sql);
	size_t cap = 16;
	int rc;

	*out = xcalloc(cap, sizeof **out);
	*n = 0;
	if (!st || db_bind(db, st, "Dd", day, open_only) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((size_t)*n == cap)
			*out = xrealloc(*out, (cap *= 2) * sizeof **out);
		oblig_from_row(st, day, &(*out)[(*n)++]);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
grant_oblig_of(struct db *db, int64_t grant_id, int day,
    struct grant_oblig *o, int *found)
{
	sqlite3_stmt *st = db_prepare(db, oblig_one_sql);
	int rc;

	*found = 0;
	if (!st || db_bind(db, st, "Di", day, grant_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		oblig_from_row(st, day, o);
		*found = 1;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
grant_ids_of_person(struct db *db, int64_t person_id, int64_t **ids, int *n)
{
	static const char sql[] =
	    "SELECT id FROM ikgrant WHERE person_id = ? ORDER BY given_on, id";
	sqlite3_stmt *st = db_prepare(db, sql);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!st || db_bind(db, st, "i", person_id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((size_t)*n == cap)
			*ids = xrealloc(*ids, (cap = cap * 2 + 8) * sizeof **ids);
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_reset(st);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static const char list_sql[] =
    "SELECT g.id, g.person_id, p.case_code, g.kind, g.count, g.unit_value, "
    "g.given_on, g.source, g.parent_id, g.count + coalesce((SELECT "
    "sum(CASE e.kind WHEN 'born' THEN e.count WHEN 'vaccinated' THEN 0 "
    "ELSE -e.count END) FROM ikgrant_event e WHERE e.grant_id = g.id), 0) "
    "FROM ikgrant g JOIN person p ON p.id = g.person_id "
    "WHERE (?1 IS NULL OR g.person_id = ?1) AND (?2 IS NULL OR g.kind = ?2) "
    "ORDER BY g.id";

int
grant_list(struct db *db, int64_t person_id, const char *kind,
    int (*fn)(const struct grant_item *g, void *arg), void *arg)
{
	sqlite3_stmt *st = db_prepare(db, list_sql);
	struct grant_item g;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "Zt", person_id, kind) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		g = (struct grant_item){ .id = db_col_int(st, 0),
			.person_id = db_col_int(st, 1),
			.case_code = db_col_text(st, 2), .kind = db_col_text(st, 3),
			.count = (int)db_col_int(st, 4),
			.unit_value = db_col_int(st, 5), .day = db_col_date(st, 6),
			.source = db_col_text(st, 7), .parent_id = db_col_int(st, 8),
			.herd = (int)db_col_int(st, 9) };
		stop = fn(&g, arg);
	}
	db_reset(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : -1;
}
