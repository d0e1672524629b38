/*
 * followup.h - help requests: the cases a person opens by asking for help.
 *
 * A help case is opened when a person asks for help (by SMS: "2" to a
 * check-in, or HELP/GIUP/CUU at any time). A person has at most one open
 * case: asking again while one is open adds to it. A case stays open on
 * the follow-up list (reports/followlist.h) until someone closes it with
 * a note.
 *
 * This module reads and writes only its own table (help_case) and people,
 * so that sms/replies.c can open a case; the follow-up list, which reads
 * the SMS, group, loan and visit tables, sits above them in
 * reports/followlist.h.
 *
 * Functions return 0 or -1 after one error(). Changes are audited
 * ("help" entity).
 */
#ifndef SHG_FOLLOWUP_H
#define SHG_FOLLOWUP_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"

/*
 * Record a request for help from person_id received in inbox row
 * inbox_id (0: none) at now: opens a case, or adds to the open one.
 * *case_id is the case; *opened is 1 for a new case, 0 when added.
 */
int followup_help(struct db *db, int64_t person_id, int64_t inbox_id,
    const char *reason, time_t now, int64_t *case_id, int *opened);

/* Close the open case of person_id at now, by actor, with a note
 * (required). -1 with "LC-2026-0007 has no open help request" when
 * there is none. */
int followup_close(struct db *db, int64_t person_id, const char *actor,
    const char *note, time_t now);

/* Close case case_id if it is still open (0 when it was closed already). */
int followup_close_case(struct db *db, int64_t case_id, const char *actor,
    const char *note, time_t now);

/* The open case of person_id, or 0 in *case_id. */
int followup_open_case(struct db *db, int64_t person_id, int64_t *case_id);

/* An open help case. */
struct followup_case {
	int64_t person_id;
	time_t opened_at;
	int requests;           /* times asked since it was opened */
};

/* The open cases, oldest first, of everyone (people NULL) or of the
 * people of the JSON array people: *v (caller frees), *n of them. */
int followup_open_cases(struct db *db, const char *people,
    struct followup_case **v, int *n);

#endif
