/*
 * audit.h - reading the audit trail, and recording reads.
 *
 * Changes are recorded with db_audit() (core/db.h). What a person's
 * record shows is recorded too: audit_read() writes one row per person
 * whose name or phone was shown or exported, with what was shown in
 * the row's detail ("name,phone"), so that "who has seen this person"
 * has an answer (audit_each with a person filter).
 *
 * Functions return 0, or -1 after one error().
 */
#ifndef SHG_AUDIT_H
#define SHG_AUDIT_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"

struct audit_filter {
	const char *actor;      /* the name that acted (--as or the account) */
	const char *person;     /* a case code: rows about the person and
	                         * their needs, supports and visits, and
	                         * exports with names made since the person
	                         * was registered */
	const char *command;    /* "person show", "web", ... */
	const char *entity;     /* "person", "need", ... */
	const char *action;     /* "view", "login", ... */
	int64_t id;             /* with entity: that record; 0: any */
	int from, to;           /* local days, DATE_NONE: open */
	int limit;              /* rows; 0: 50 */
	int offset;             /* rows skipped (paging) */
};

struct audit_row {
	int64_t id;
	time_t at;
	const char *actor, *command, *entity, *action, *detail;
	const char *case_code;  /* of the person the row is about, or NULL */
	int64_t entity_id;
};

/* Call fn for each row matching f, newest first; the strings are
 * borrowed for the call. fn returning non-zero stops (its value is
 * returned). A person code that names nobody is an error. */
int audit_each(struct db *db, const struct audit_filter *f,
    int (*fn)(const struct audit_row *r, void *arg), void *arg);
/* How many rows match f (limit and offset ignored). */
int audit_count(struct db *db, const struct audit_filter *f, int64_t *n);

/* When the last row of entity id with action was written: *at, or 0
 * when there is none. */
int audit_last(struct db *db, const char *entity, int64_t id,
    const char *action, time_t *at);

/* Record that the name and phone (what: "name,phone", "name", ...) of
 * each of the n people ids were shown by the command acting on db.
 * Inside the caller's transaction, or in one of its own. */
int audit_read(struct db *db, const int64_t *ids, size_t n, const char *what);
/* Record an export of rows with names to a file (entity "export",
 * detail "rows N: what"). */
int audit_export(struct db *db, const char *what, long rows);

#endif
