/*
 * audit.c - reading the audit trail, and recording reads of people.
 */
#include "core/audit.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"

/* The person a row is about: the person, or the owner of the need,
 * support or visit (the tables of core; SMS rows name their person in
 * sms/). */
#define ROW_PERSON \
	"CASE a.entity WHEN 'person' THEN a.entity_id " \
	"WHEN 'need' THEN (SELECT person_id FROM need WHERE id = a.entity_id) " \
	"WHEN 'support' THEN (SELECT person_id FROM support " \
	"WHERE id = a.entity_id) " \
	"WHEN 'visit' THEN (SELECT person_id FROM visit WHERE id = a.entity_id) " \
	"END"

/* The rows about person ?2, found through the audit_entity index. */
#define PERSON_ROWS \
	"SELECT id FROM audit WHERE entity = 'person' AND entity_id = ?2 " \
	"UNION ALL SELECT a2.id FROM need n JOIN audit a2 ON a2.entity = " \
	"'need' AND a2.entity_id = n.id WHERE n.person_id = ?2 " \
	"UNION ALL SELECT a2.id FROM support s JOIN audit a2 ON a2.entity = " \
	"'support' AND a2.entity_id = s.id WHERE s.person_id = ?2 " \
	"UNION ALL SELECT a2.id FROM visit v JOIN audit a2 ON a2.entity = " \
	"'visit' AND a2.entity_id = v.id WHERE v.person_id = ?2 " \
	"UNION ALL SELECT id FROM audit WHERE entity = 'export' AND at >= " \
	"(SELECT created_at FROM person WHERE id = ?2)"

/* Every filter but the person's (?2: bound, unused, when NULL). */
#define REST \
	"(?1 IS NULL OR a.actor = ?1) AND (?2 IS NULL OR 1) " \
	"AND (?3 IS NULL OR a.command = ?3) AND (?4 IS NULL OR a.entity = ?4) " \
	"AND (?5 IS NULL OR a.entity_id = ?5) AND (?6 IS NULL OR a.at >= ?6) " \
	"AND (?7 IS NULL OR a.at < ?7) AND (?8 IS NULL OR a.action = ?8)"
#define COLS \
	"SELECT a.id, a.at, a.actor, a.command, a.entity, a.action, a.detail, " \
	"a.entity_id, (SELECT case_code FROM person WHERE id = " ROW_PERSON ")"
#define PAGE " ORDER BY a.id DESC LIMIT ?9 OFFSET ?10"

/* With a person, the rows start from the person's (a few), not from the
 * whole trail. */
static const char list_sql[] = COLS " FROM audit a WHERE " REST PAGE;
static const char list_person_sql[] = COLS " FROM audit a WHERE a.id IN ("
    PERSON_ROWS ") AND " REST PAGE;
static const char count_sql[] = "SELECT count(*) FROM audit a WHERE " REST;
static const char count_person_sql[] = "SELECT count(*) FROM audit a WHERE "
    "a.id IN (" PERSON_ROWS ") AND " REST;

/* Bind the filter's parameters (?9, ?10 only for the list). */
static int
bind_filter(struct db *db, sqlite3_stmt *st, const struct audit_filter *f,
    int paged)
{
	int64_t pid = 0, from = 0, to = 0;

	if (f->person) {
		if (db_int(db, &pid, 0, "SELECT id FROM person WHERE case_code = ?",
		    "t", f->person) < 0)
			return -1;
		if (!pid)
			return error("--person: no one has the case code \"%s\"",
			    f->person);
	}
	if (f->from != DATE_NONE)
		from = time_from_local(f->from, 0);
	if (f->to != DATE_NONE)
		to = time_from_local(f->to + 1, 0);
	if (db_bind(db, st, "tZttZZZt", f->actor, pid, f->command, f->entity,
	    f->id, from, to, f->action) < 0)
		return -1;
	if (paged) {
		sqlite3_bind_int(st, 9, f->limit > 0 ? f->limit : 50);
		sqlite3_bind_int(st, 10, f->offset);
	}
	return 0;
}

int
audit_each(struct db *db, const struct audit_filter *f,
    int (*fn)(const struct audit_row *r, void *arg), void *arg)
{
	sqlite3_stmt *st;
	struct audit_row r;
	int rc, stop = 0;

	if (!(st = db_prepare(db, f->person ? list_person_sql : list_sql)))
		return -1;
	if (bind_filter(db, st, f, 1) < 0) {
		db_reset(st);
		return -1;
	}
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		r.id = db_col_int(st, 0);
		r.at = (time_t)db_col_int(st, 1);
		r.actor = db_col_text(st, 2);
		r.command = db_col_text(st, 3);
		r.entity = db_col_text(st, 4);
		r.action = db_col_text(st, 5);
		r.detail = db_col_text(st, 6);
		r.entity_id = db_col_int(st, 7);
		r.case_code = db_col_text(st, 8);
		stop = fn(&r, arg);
	}
	db_reset(st);
	return stop ? stop : rc < 0 ? -1 : 0;
}

int
audit_count(struct db *db, const struct audit_filter *f, int64_t *n)
{
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, f->person ? count_person_sql : count_sql)))
		return -1;
	if (bind_filter(db, st, f, 0) < 0) {
		db_reset(st);
		return -1;
	}
	rc = db_step(db, st);
	*n = rc == SQLITE_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
audit_last(struct db *db, const char *entity, int64_t id, const char *action,
    time_t *at)
{
	int64_t v;

	if (db_int(db, &v, 0, "SELECT max(at) FROM audit WHERE entity = ? AND "
	    "entity_id = ? AND action = ?", "tit", entity, id, action) < 0)
		return -1;
	*at = (time_t)v;
	return 0;
}

int
audit_read(struct db *db, const int64_t *ids, size_t n, const char *what)
{
	int own = !db_in_transaction(db) && n > 1;

	if (own && db_begin(db) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (db_audit_detail(db, "person", ids[i], "read", what) < 0) {
			if (own)
				db_rollback(db);
			return -1;
		}
	return own ? db_commit(db) : 0;
}

int
audit_export(struct db *db, const char *what, long rows)
{
	char detail[200];

	snprintf(detail, sizeof detail, "rows %ld: %s", rows, what);
	return db_audit_detail(db, "export", 0, "export", detail);
}
