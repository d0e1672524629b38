/*
 * Help cases and the ranked follow-up list.
 */
#include "core/followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/text.h"
#include "core/util.h"

static const char *const reason_names[] = {
	"help requested", "check-in unanswered", "missed meetings",
	"loan in arrears", "visit overdue",
};

const char *
followup_reason_name(enum followup_reason r)
{
	return reason_names[r];
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

/* A person and a time, gathered before the rows are looked up. */
struct pending {
	int64_t person_id;
	int64_t at;
	int count;
};

static void
pending_push(struct pending **v, int *n, int64_t person_id, int64_t at,
    int count)
{
	*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
	(*v)[*n] = (struct pending){ person_id, at, count };
	(*n)++;
}

/* Open help cases, oldest first. */
static int
collect_help(struct db *db, const struct followup_params *p,
    struct followup_list *list)
{
	static const char sql[] = "SELECT h.person_id, h.opened_at, "
	    "h.requests FROM help_case h WHERE h.closed_at IS NULL "
	    "ORDER BY h.opened_at";
	struct pending *v = NULL;
	sqlite3_stmt *st;
	char detail[48];
	int rc, n = 0;

	if (!(st = db_prepare(db, sql)))
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		pending_push(&v, &n, db_col_int(st, 0), db_col_int(st, 1),
		    (int)db_col_int(st, 2));
	db_reset(st);
	for (int i = 0; rc == SQLITE_DONE && i < n; i++) {
		snprintf(detail, sizeof detail, "%d requests", v[i].count);
		if (followup_add(db, p, list, FOLLOWUP_HELP, v[i].person_id,
		    v[i].count > 1 ? detail : NULL,
		    (int)((p->now - v[i].at) / 86400)) < 0)
			rc = -1;
	}
	free(v);
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
    struct followup_list *list)
{
	static const char sql[] = "SELECT o.person_id, o.sent_at FROM "
	    "(SELECT max(id) AS id FROM outbox WHERE kind = 'checkin' AND "
	    "state = 'sent' AND person_id IS NOT NULL GROUP BY person_id) lc "
	    "JOIN outbox o ON o.id = lc.id "
	    "JOIN person q ON q.id = o.person_id AND q.status = 'active' "
	    "WHERE o.sent_at < ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.answers = o.id) "
	    "ORDER BY o.sent_at";
	time_t limit = p->now - (time_t)p->checkin_answer_days * 86400;
	struct pending *v = NULL;
	sqlite3_stmt *st;
	int rc, n = 0;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "i",
	    (int64_t)limit) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		pending_push(&v, &n, db_col_int(st, 0), db_col_int(st, 1), 0);
	db_reset(st);
	for (int i = 0; rc == SQLITE_DONE && i < n; i++)
		if (followup_add(db, p, list, FOLLOWUP_CHECKIN, v[i].person_id,
		    NULL, (int)((p->now - v[i].at) / 86400)) < 0)
			rc = -1;
	free(v);
	return rc < 0 ? -1 : 0;
}

int
followup_collect(struct db *db, const struct followup_params *p,
    struct followup_list *list)
{
	if (collect_help(db, p, list) < 0 || collect_checkins(db, p, list) < 0)
		return -1;
	return 0;
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
