/*
 * followlist.h - the follow-up list: who needs attention, and why.
 *
 * It puts together, most urgent reason first:
 *   1. open help requests (waiting since the case was opened,
 *      core/followup.h);
 *   2. unanswered check-ins: the person's newest check-in was sent more
 *      than checkin_answer_days ago and nothing answers it;
 *   3. members who missed their group's last N meetings in a row;
 *   4. loans in arrears;
 *   5. visits overdue;
 * within a reason, the longest waiting first. Rows carry the case code,
 * never a name or a category.
 *
 * It reads the help cases, the SMS tables, groups, loans and visits, so it
 * sits above all of them; the command line (shg followup) and the web
 * Today page both use it. Functions return 0 or -1 after one error().
 */
#ifndef SHG_FOLLOWLIST_H
#define SHG_FOLLOWLIST_H

#include <stdint.h>
#include <time.h>

#include "config/conf.h"
#include "core/db.h"
#include "core/visit.h"

enum followlist_reason {
	FOLLOWLIST_HELP,          /* asked for help */
	FOLLOWLIST_CHECKIN,       /* check-in unanswered */
	FOLLOWLIST_MISSED,        /* missed meetings in a row */
	FOLLOWLIST_ARREARS,       /* loan in arrears */
	FOLLOWLIST_VISIT,         /* visit overdue */
};

/* "help requested", "check-in unanswered", ... (English: for CSV). */
const char *followlist_reason_name(enum followlist_reason r);
/* The same in the language in effect, for display. */
const char *followlist_reason_label(enum followlist_reason r);

/* One row of the list. Strings are owned by the list. */
struct followlist_item {
	enum followlist_reason reason;
	int64_t person_id;
	char *case_code;
	char *detail;           /* e.g. "3 meetings", "loan 12"; may be NULL */
	char *group;            /* the person's current group, or NULL */
	char *organiser;        /* its organiser, or NULL */
	int days;               /* days waiting */
};

struct followlist {
	struct followlist_item *items;
	int n, cap;
};

/* Settings the list depends on. */
struct followlist_params {
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
	const char *province;   /* NULL: any; else only people living in */
	const char *district;   /* this province, district, commune */
	const char *commune;    /* (ignoring ASCII case) */
};

/* p->people as a JSON array for json_each, or NULL when p has no people
 * filter. Caller frees. */
char *followlist_people_json(const struct followlist_params *p);
/* 1 when p keeps person_id (no people filter, or the id is in it). */
int followlist_keeps(const struct followlist_params *p, int64_t person_id);

/*
 * Add the reasons the SMS replies give (help requests and unanswered
 * check-ins) to list. Each row gets the person's case code and current
 * group and organiser.
 */
int followlist_collect(struct db *db, const struct followlist_params *p,
    struct followlist *list);

/* Add one row for person_id (case code, group and organiser are looked
 * up) unless the organiser or place filter of p leaves it out. detail
 * may be NULL. */
int followlist_add(struct db *db, const struct followlist_params *p,
    struct followlist *list, enum followlist_reason reason,
    int64_t person_id, const char *detail, int days);

/*
 * Rows gathered first and added together with followlist_add_rows, which
 * looks all their people up in one query instead of one per row.
 */
struct followlist_row {
	enum followlist_reason reason;
	int64_t person_id;
	char detail[48];        /* "" for none */
	int days;
};

struct followlist_rows {
	struct followlist_row *v;
	int n, cap;
};

/* Append a row; detail (may be NULL) is copied, cut to 47 bytes. */
void followlist_rows_push(struct followlist_rows *rows,
    enum followlist_reason reason, int64_t person_id, const char *detail, int days);
void followlist_rows_free(struct followlist_rows *rows);

/*
 * Add each of rows to list, in order, as followlist_add would: rows whose
 * person does not exist or whom the filters of p leave out are skipped,
 * and so are unanswered check-ins of people no longer active; an empty
 * detail becomes NULL.
 */
int followlist_add_rows(struct db *db, const struct followlist_params *p,
    struct followlist *list, const struct followlist_rows *rows);

/* Rank: by reason, then most days waiting, then case code. */
void followlist_sort(struct followlist *list);
void followlist_free(struct followlist *list);

/* Fill list (zeroed by the caller; free with followlist_free) for p, with
 * the thresholds of conf (missed meetings in a row, the visit plan), and
 * sort it. With p->people set, only those people's rows are read where
 * the queries allow it, and only theirs are kept. 0 or -1 after error(). */
int followlist_build(struct db *db, const struct conf *conf,
    const struct followlist_params *p, struct followlist *list);

/* The visits due as visit_due() finds them (core/visit.h), each with the
 * organiser of the person's group (the newest membership not left), for
 * shg visit due. organiser (NULL: everyone) keeps only those whose
 * organiser it is, ignoring case and diacritics. Free with
 * visit_due_free. */
int followlist_visits_due(struct db *db, const struct visit_plan *plan,
    const char *organiser, int at, int ahead, struct visit_due **out,
    int *n);

/* The same for the people of the JSON array of ids people only (NULL:
 * everyone; visit_due_among), for an account's scope. */
int followlist_visits_due_among(struct db *db, const struct visit_plan *plan,
    const char *organiser, const char *people, int at, int ahead,
    struct visit_due **out, int *n);

/* The people who are current members at day of one of the groups (an
 * organiser's scope): *ids ascending, *n of them, for the people filter
 * of followlist_params. *ids is never NULL on success (caller frees). */
int followlist_members(struct db *db, const int64_t *groups, int ngroups,
    int day, int64_t **ids, int *n);

#endif
