/*
 * Help cases and the ranked follow-up list.
 */
#include "core/followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/util.h"

static const char *const reason_names[] = {
	N_("help requested"), N_("check-in unanswered"), N_("missed meetings"),
	N_("loan in arrears"), N_("visit overdue"),
};

const char *
followup_reason_name(enum followup_reason r)
{
	return reason_names[r];
}

const char *
followup_reason_label(enum followup_reason r)
{
	return _(reason_names[r]);
}

int
followup_open_case(struct db *db, int64_t person_id, int64_t *case_id)
{
	static const char sql[] = "SELECT id FROM help_case WHERE "
	    "person_id = ?1 AND closed_at IS NULL";

	return db_int(db, case_id, 0, sql, "i", person_id);
}

int
followup_help(struct db *db, int64_t person_id, int64_t inbox_id,
    const char *reason, time_t now, int64_t *case_id, int *opened)
{
	static const char add_sql[] = "UPDATE help_case SET requests = "
	    "requests + 1, last_at = ?2 WHERE id = ?1";
	static const char open_sql[] = "INSERT INTO help_case (person_id, "
	    "opened_at, reason, inbox_id, last_at) VALUES (?1, ?2, ?3, ?4, ?2)";

	*opened = 0;
	if (followup_open_case(db, person_id, case_id) < 0)
		return -1;
	if (*case_id) {
		if (db_run(db, add_sql, "ii", *case_id, (int64_t)now) < 0)
			return -1;
		return db_audit(db, "help", *case_id, "again");
	}
	if (db_run(db, open_sql, "iitZ", person_id, (int64_t)now, reason,
	    inbox_id) < 0)
		return -1;
	*case_id = db_last_id(db);
	*opened = 1;
	return db_audit(db, "help", *case_id, "open");
}

int
followup_close_case(struct db *db, int64_t case_id, const char *actor,
    const char *note, time_t now)
{
	static const char sql[] = "UPDATE help_case SET closed_at = ?2, "
	    "closed_by = ?3, note = ?4 WHERE id = ?1 AND closed_at IS NULL";

	if (str_empty(note))
		return error("a note is required to close a help request");
	if (db_run(db, sql, "iitt", case_id, (int64_t)now, actor ? actor : "",
	    note) < 0)
		return -1;
	if (db_changes(db) == 0)
		return 0;
	return db_audit(db, "help", case_id, "close");
}

int
followup_close(struct db *db, int64_t person_id, const char *actor,
    const char *note, time_t now)
{
	static const char code_sql[] = "SELECT case_code FROM person "
	    "WHERE id = ?1";
	sqlite3_stmt *st;
	int64_t id;

	if (str_empty(note))
		return error("a note is required to close a help request");
	if (followup_open_case(db, person_id, &id) < 0)
		return -1;
	if (id)
		return followup_close_case(db, id, actor, note, now);
	if (!(st = db_prepare(db, code_sql)) || db_bind(db, st, "i",
	    person_id) < 0)
		return -1;
	if (db_step(db, st) == SQLITE_ROW)
		error("%s has no open help request", db_col_text(st, 0));
	else
		error("person %lld not found", (long long)person_id);
	db_reset(st);
	return -1;
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Does organiser name match the filter, ignoring case and diacritics? */
static int
organiser_matches(const char *filter, const char *name)
{
	char *a, *b;
	int eq;

	if (!filter)
		return 1;
	if (!name)
		return 0;
	a = text_fold(filter);
	b = text_fold(name);
	eq = str_eq(str_trim(a), str_trim(b));
	free(a);
	free(b);
	return eq;
}

static void
push(struct followup_list *list, const struct followup_item *it)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xrealloc(list->items, (size_t)list->cap *
		    sizeof *list->items);
	}
	list->items[list->n++] = *it;
}

int
followup_add(struct db *db, const struct followup_params *p,
    struct followup_list *list, enum followup_reason reason,
    int64_t person_id, const char *detail, int days)
{
	/* The person's current group: an open membership of an active
	 * group, the newest if there are several. */
	static const char sql[] = "SELECT p.case_code, g.name, "
	    "g.organiser_name FROM person p LEFT JOIN membership m ON "
	    "m.person_id = p.id AND m.joined_on <= ?2 AND (m.left_on IS NULL "
	    "OR m.left_on > ?2) AND EXISTS (SELECT 1 FROM grp x WHERE "
	    "x.id = m.group_id AND x.status = 'active') LEFT JOIN grp g ON "
	    "g.id = m.group_id WHERE p.id = ?1 ORDER BY m.joined_on DESC "
	    "LIMIT 1";
	struct followup_item it = { .reason = reason, .person_id = person_id,
		.days = days };
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "iD", person_id,
	    p->today) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW &&
	    organiser_matches(p->organiser, db_col_text(st, 2))) {
		it.case_code = xstrdup(db_col_text(st, 0));
		it.group = dup_or_null(db_col_text(st, 1));
		it.organiser = dup_or_null(db_col_text(st, 2));
		it.detail = dup_or_null(detail);
		push(list, &it);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

void
followup_rows_push(struct followup_rows *rows, enum followup_reason reason,
    int64_t person_id, const char *detail, int days)
{
	struct followup_row *r;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xrealloc(rows->v, (size_t)rows->cap * sizeof *rows->v);
	}
	r = &rows->v[rows->n++];
	r->reason = reason;
	r->person_id = person_id;
	snprintf(r->detail, sizeof r->detail, "%s", detail ? detail : "");
	r->days = days;
}

void
followup_rows_free(struct followup_rows *rows)
{
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

/* One person of the rows, with what each of their rows shows. */
struct who {
	int64_t id;
	char *code, *group, *organiser;
	int keep;               /* found and not left out by the filter */
};

static int
who_cmp(const void *a, const void *b)
{
	const struct who *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The distinct people of rows, by id. */
static struct who *
who_collect(const struct followup_rows *rows, int *nw)
{
	struct who *w = xcalloc((size_t)rows->n + 1, sizeof *w);
	int n = 0;

	for (int i = 0; i < rows->n; i++)
		w[i].id = rows->v[i].person_id;
	qsort(w, (size_t)rows->n, sizeof *w, who_cmp);
	for (int i = 0; i < rows->n; i++)
		if (n == 0 || w[n - 1].id != w[i].id)
			w[n++].id = w[i].id;
	*nw = n;
	return w;
}

/* The ids as a JSON array, which the lookup reads with json_each. */
static char *
who_json(const struct who *w, int nw)
{
	struct buf b = { 0 };

	buf_addc(&b, '[');
	for (int i = 0; i < nw; i++)
		buf_addf(&b, i ? ",%lld" : "%lld", (long long)w[i].id);
	buf_addc(&b, ']');
	return buf_detach(&b);
}

char *
followup_people_json(const struct followup_params *p)
{
	struct buf b = { 0 };

	if (!p->people)
		return NULL;
	buf_addc(&b, '[');
	for (int i = 0; i < p->npeople; i++)
		buf_addf(&b, i ? ",%lld" : "%lld", (long long)p->people[i]);
	buf_addc(&b, ']');
	return buf_detach(&b);
}

static int
id_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

int
followup_keeps(const struct followup_params *p, int64_t person_id)
{
	if (!p->people)
		return 1;
	return p->npeople > 0 && bsearch(&person_id, p->people,
	    (size_t)p->npeople, sizeof *p->people, id_cmp) != NULL;
}

/* Does organiser name match the filter folded already? */
static int
organiser_is(const char *fold, const char *name)
{
	char *b;
	int eq;

	if (!fold)
		return 1;
	if (!name)
		return 0;
	b = text_fold(name);
	eq = str_eq(fold, str_trim(b));
	free(b);
	return eq;
}

/* Case code, current group and organiser of every person of w, in one
 * query (the current group as followup_add finds it). */
static int
who_fetch(struct db *db, const struct followup_params *p, struct who *w,
    int nw)
{
	static const char sql[] = "SELECT j.key, p.case_code, g.name, "
	    "g.organiser_name FROM json_each(?1) j JOIN person p ON "
	    "p.id = j.value LEFT JOIN grp g ON g.id = (SELECT m.group_id "
	    "FROM membership m WHERE m.person_id = p.id AND m.joined_on <= ?2 "
	    "AND (m.left_on IS NULL OR m.left_on > ?2) AND EXISTS (SELECT 1 "
	    "FROM grp x WHERE x.id = m.group_id AND x.status = 'active') "
	    "ORDER BY m.joined_on DESC LIMIT 1)";
	char *ids = who_json(w, nw), *fold = NULL, *f = NULL;
	sqlite3_stmt *st;
	int64_t k;
	int rc = -1;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "tD", ids,
	    p->today) < 0)
		goto out;
	if (p->organiser)
		f = str_trim(fold = text_fold(p->organiser));
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((k = db_col_int(st, 0)) < 0 || k >= nw)
			continue;
		w[k].code = xstrdup(db_col_text(st, 1));
		w[k].group = dup_or_null(db_col_text(st, 2));
		w[k].organiser = dup_or_null(db_col_text(st, 3));
		w[k].keep = organiser_is(f, w[k].organiser);
	}
	db_reset(st);
out:
	free(fold);
	free(ids);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
who_free(struct who *w, int nw)
{
	for (int i = 0; i < nw; i++) {
		free(w[i].code);
		free(w[i].group);
		free(w[i].organiser);
	}
	free(w);
}

int
followup_add_rows(struct db *db, const struct followup_params *p,
    struct followup_list *list, const struct followup_rows *rows)
{
	struct who *w, key, *x;
	int nw;

	if (rows->n == 0)
		return 0;
	w = who_collect(rows, &nw);
	if (who_fetch(db, p, w, nw) < 0) {
		who_free(w, nw);
		return -1;
	}
	for (int i = 0; i < rows->n; i++) {
		const struct followup_row *r = &rows->v[i];
		if (!followup_keeps(p, r->person_id))
			continue;
		key.id = r->person_id;
		x = bsearch(&key, w, (size_t)nw, sizeof *w, who_cmp);
		if (!x || !x->keep)
			continue;
		push(list, &(struct followup_item){ .reason = r->reason,
		    .person_id = r->person_id, .case_code = xstrdup(x->code),
		    .detail = r->detail[0] ? xstrdup(r->detail) : NULL,
		    .group = dup_or_null(x->group),
		    .organiser = dup_or_null(x->organiser), .days = r->days });
	}
	who_free(w, nw);
	return 0;
}

/* Open help cases, oldest first. */
static int
collect_help(struct db *db, const struct followup_params *p,
    struct followup_rows *rows)
{
	static const char sql[] = "SELECT h.person_id, h.opened_at, "
	    "h.requests FROM help_case h WHERE h.closed_at IS NULL "
	    "AND (?1 IS NULL OR h.person_id IN (SELECT value FROM "
	    "json_each(?1))) ORDER BY h.opened_at";
	sqlite3_stmt *st;
	char detail[48], *people = followup_people_json(p);
	int rc, count;

	st = db_prepare(db, sql);
	rc = st ? db_bind(db, st, "t", people) : -1;
	free(people);
	if (rc < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		count = (int)db_col_int(st, 2);
		/* TRANSLATORS: how many times a person asked for help. */
		snprintf(detail, sizeof detail, ngettext("%d request",
		    "%d requests", (unsigned long)count), count);
		followup_rows_push(rows, FOLLOWUP_HELP, db_col_int(st, 0),
		    count > 1 ? detail : NULL,
		    (int)((p->now - db_col_int(st, 1)) / 86400));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/*
 * Active people whose newest sent check-in went out more than the answer
 * delay ago and has no reply pointing at it (inbox.answers). The newest
 * check-in of everyone is found in one pass over the sent messages,
 * grouped by person, rather than one lookup per sent message.
 */
static int
collect_checkins(struct db *db, const struct followup_params *p,
    struct followup_rows *rows)
{
	static const char all_sql[] = "SELECT o.person_id, o.sent_at FROM "
	    "(SELECT max(id) AS id FROM outbox WHERE kind = 'checkin' AND "
	    "state = 'sent' AND person_id IS NOT NULL GROUP BY person_id) lc "
	    "JOIN outbox o ON o.id = lc.id "
	    "JOIN person q ON q.id = o.person_id AND q.status = 'active' "
	    "WHERE o.sent_at < ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.answers = o.id) "
	    "ORDER BY o.sent_at";
	/* The same for a few people: their newest check-in each, found
	 * through the outbox's person index (the "+" keeps the planner off
	 * the index by state, which would read every message sent). */
	static const char some_sql[] = "SELECT o.person_id, o.sent_at FROM "
	    "json_each(?2) j JOIN person q ON q.id = j.value AND "
	    "q.status = 'active' JOIN outbox o ON o.id = (SELECT max(id) "
	    "FROM outbox x WHERE x.person_id = q.id AND x.kind = 'checkin' "
	    "AND +x.state = 'sent') WHERE o.sent_at < ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.answers = o.id) "
	    "ORDER BY o.sent_at";
	time_t limit = p->now - (time_t)p->checkin_answer_days * 86400;
	char *people = followup_people_json(p);
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, people ? some_sql : all_sql);
	rc = st ? db_bind(db, st, people ? "it" : "i", (int64_t)limit,
	    people) : -1;
	free(people);
	if (rc < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		followup_rows_push(rows, FOLLOWUP_CHECKIN, db_col_int(st, 0),
		    NULL, (int)((p->now - db_col_int(st, 1)) / 86400));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
followup_collect(struct db *db, const struct followup_params *p,
    struct followup_list *list)
{
	struct followup_rows rows = { 0 };
	int rc = -1;

	if (collect_help(db, p, &rows) == 0 && collect_checkins(db, p,
	    &rows) == 0)
		rc = followup_add_rows(db, p, list, &rows);
	followup_rows_free(&rows);
	return rc;
}

static int
item_cmp(const void *a, const void *b)
{
	const struct followup_item *x = a, *y = b;

	if (x->reason != y->reason)
		return x->reason < y->reason ? -1 : 1;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	return strcmp(x->case_code, y->case_code);
}

void
followup_sort(struct followup_list *list)
{
	if (list->n > 1)
		qsort(list->items, (size_t)list->n, sizeof *list->items,
		    item_cmp);
}

void
followup_free(struct followup_list *list)
{
	for (int i = 0; i < list->n; i++) {
		free(list->items[i].case_code);
		free(list->items[i].detail);
		free(list->items[i].group);
		free(list->items[i].organiser);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}
