/*
 * followup.h - who needs attention: help requests and the ranked
 * follow-up list.
 *
 * A help case is opened when a person asks for help (by SMS: "2" to a
 * check-in, or HELP/GIUP/CUU at any time). A person has at most one open
 * case: asking again while one is open adds to it. A case stays open on
 * the follow-up list until someone closes it with a note.
 *
 * The follow-up list puts together, most urgent reason first:
 *   1. open help requests (waiting since the case was opened);
 *   2. unanswered check-ins: the person's newest check-in was sent more
 *      than checkin_answer_days ago and nothing answers it;
 *   3. members who missed their group's last N meetings in a row;
 *   4. loans in arrears;
 *   5. visits overdue;
 * within a reason, the longest waiting first. Rows carry the case code,
 * never a name or a category.
 *
 * This module reads only core tables and the SMS tables by SQL. The rows
 * that come from groups/ (missed meetings, arrears) are added by the
 * caller with followup_add, so core/ does not depend on groups/.
 *
 * Functions return 0 or -1 after one error(). Changes are audited
 * ("help" entity).
 */
#ifndef SHG_FOLLOWUP_H
#define SHG_FOLLOWUP_H

#include <stdint.h>
#include <time.h>

#include "core/db.h"

enum followup_reason {
	FOLLOWUP_HELP,          /* asked for help */
	FOLLOWUP_CHECKIN,       /* check-in unanswered */
	FOLLOWUP_MISSED,        /* missed meetings in a row */
	FOLLOWUP_ARREARS,       /* loan in arrears */
	FOLLOWUP_VISIT,         /* visit overdue */
};

/* "help requested", "check-in unanswered", ... (English: for CSV). */
const char *followup_reason_name(enum followup_reason r);
/* The same in the language in effect, for display. */
const char *followup_reason_label(enum followup_reason r);

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

/* One row of the list. Strings are owned by the list. */
struct followup_item {
	enum followup_reason reason;
	int64_t person_id;
	char *case_code;
	char *detail;           /* e.g. "3 meetings", "loan 12"; may be NULL */
	char *group;            /* the person's current group, or NULL */
	char *organiser;        /* its organiser, or NULL */
	int days;               /* days waiting */
};

struct followup_list {
	struct followup_item *items;
	int n, cap;
};

/* Settings the list depends on. */
struct followup_params {
	int today;              /* day number */
	time_t now;
	int checkin_answer_days;
	const char *organiser;  /* NULL: everyone; else only people whose
	                         * group's organiser is this name (ignoring
	                         * case and diacritics) */
	const int64_t *people;  /* NULL: everyone; else only these people
	                         * (npeople ids, ascending, maybe none): the
	                         * others' rows are neither read nor kept */
	int npeople;
};

/* p->people as a JSON array for json_each, or NULL when p has no people
 * filter. Caller frees. */
char *followup_people_json(const struct followup_params *p);
/* 1 when p keeps person_id (no people filter, or the id is in it). */
int followup_keeps(const struct followup_params *p, int64_t person_id);

/*
 * Add the reasons this module knows (help requests and unanswered
 * check-ins) to list. Each row gets the person's case code and current
 * group and organiser.
 */
int followup_collect(struct db *db, const struct followup_params *p,
    struct followup_list *list);

/* Add one row for person_id (case code, group and organiser are looked
 * up) unless the organiser filter of p leaves it out. detail may be
 * NULL. */
int followup_add(struct db *db, const struct followup_params *p,
    struct followup_list *list, enum followup_reason reason,
    int64_t person_id, const char *detail, int days);

/*
 * Rows gathered first and added together with followup_add_rows, which
 * looks all their people up in one query instead of one per row.
 */
struct followup_row {
	enum followup_reason reason;
	int64_t person_id;
	char detail[48];        /* "" for none */
	int days;
};

struct followup_rows {
	struct followup_row *v;
	int n, cap;
};

/* Append a row; detail (may be NULL) is copied, cut to 47 bytes. */
void followup_rows_push(struct followup_rows *rows, enum followup_reason reason,
    int64_t person_id, const char *detail, int days);
void followup_rows_free(struct followup_rows *rows);

/*
 * Add each of rows to list, in order, as followup_add would: rows whose
 * person does not exist or whose organiser the filter of p leaves out are
 * skipped; an empty detail becomes NULL.
 */
int followup_add_rows(struct db *db, const struct followup_params *p,
    struct followup_list *list, const struct followup_rows *rows);

/* Rank: by reason, then most days waiting, then case code. */
void followup_sort(struct followup_list *list);
void followup_free(struct followup_list *list);

#endif
