/*
 * erase.c - erasing a person's identifying details from core's tables.
 */
#include "core/erase.h"

#include "core/clock.h"
#include "core/log.h"

/* Each statement clears one table's free text for person ?1. The name
 * must stay NOT NULL: it becomes empty, and so does its folded form. */
static const char *const erase_sql[] = {
	"UPDATE need SET notes = NULL WHERE person_id = ?1",
	"UPDATE support SET notes = NULL WHERE person_id = ?1",
	"UPDATE visit SET notes = NULL, needs = NULL WHERE person_id = ?1",
	"UPDATE help_case SET note = CASE WHEN note IS NULL THEN NULL ELSE '' "
	"END WHERE person_id = ?1",
};

int
erase_person_core(struct db *db, int64_t id, int day)
{
	if (db_run(db, "UPDATE person SET full_name = '', name_fold = '', "
	    "name_hash = NULL, phone = NULL, phone_hash = NULL, notes = NULL, "
	    "erased_on = ?2, updated_at = ?3 "
	    "WHERE id = ?1", "iDi", id, day, (int64_t)clock_now()) < 0)
		return -1;
	for (size_t i = 0; i < sizeof erase_sql / sizeof *erase_sql; i++)
		if (db_run(db, erase_sql[i], "i", id) < 0)
			return -1;
	return 0;
}

int
erase_day(struct db *db, int64_t id, int *day)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT erased_on FROM person "
	    "WHERE id = ?");
	int rc;

	*day = DATE_NONE;
	if (!st || db_bind(db, st, "i", id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW)
		*day = db_col_date(st, 0);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
erase_due(struct db *db, int day,
    int (*fn)(int64_t id, const char *code, int closed_on, void *arg),
    void *arg)
{
	static const char sql[] = "SELECT id, case_code, closed_on FROM person "
	    "WHERE status = 'closed' AND erased_on IS NULL AND closed_on <= ?1 "
	    "ORDER BY closed_on, case_code";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc, stop = 0;

	if (!st || db_bind(db, st, "D", day) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW)
		stop = fn(db_col_int(st, 0), db_col_text(st, 1),
		    db_col_date(st, 2), arg);
	db_reset(st);
	return stop ? stop : rc < 0 ? -1 : 0;
}

int
erase_flush(struct db *db)
{
	int log = 0, done = 0;

	if (sqlite3_wal_checkpoint_v2(db_sqlite(db), NULL,
	    SQLITE_CHECKPOINT_TRUNCATE, &log, &done) != SQLITE_OK) {
		if (sqlite3_errcode(db_sqlite(db)) == SQLITE_BUSY)
			return 1;
		return error("database checkpoint: %s",
		    sqlite3_errmsg(db_sqlite(db)));
	}
	return log > 0 && done < log ? 1 : 0;
}
