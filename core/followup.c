/*
 * Help cases.
 */
#include "core/followup.h"

#include <stdlib.h>

#include "core/log.h"
#include "core/util.h"

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
	    "closed_by = ?3, note = crypt_seal(?4, 'help_case.note', id) "
	    "WHERE id = ?1 AND closed_at IS NULL";

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

int
followup_open_cases(struct db *db, const char *people,
    struct followup_case **v, int *n)
{
	static const char sql[] = "SELECT h.person_id, h.opened_at, "
	    "h.requests FROM help_case h WHERE h.closed_at IS NULL "
	    "AND (?1 IS NULL OR h.person_id IN (SELECT value FROM "
	    "json_each(?1))) ORDER BY h.opened_at";
	sqlite3_stmt *st;
	int rc = -1, cap = 0;

	*v = NULL;
	*n = 0;
	if ((st = db_prepare(db, sql)) && db_bind(db, st, "t", people) == 0) {
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			if (*n == cap)
				*v = xrealloc(*v, (size_t)(cap = cap ? cap * 2 :
				    16) * sizeof **v);
			(*v)[*n].person_id = db_col_int(st, 0);
			(*v)[*n].opened_at = (time_t)db_col_int(st, 1);
			(*v)[(*n)++].requests = (int)db_col_int(st, 2);
		}
		db_reset(st);
	}
	if (rc == SQLITE_DONE)
		return 0;
	free(*v);
	*v = NULL;
	*n = 0;
	return -1;
}
