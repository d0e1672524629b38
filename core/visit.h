/*
 * visit.h - follow-up visits to the people the programme supports, and
 * the plan that says when each person is next due a visit.
 *
 * A visit records who went, how (home, phone, at the group meeting), the
 * situation found (stable, needs-support, at-risk, not-reached), the needs
 * found (each is added to the person's needs assessment through
 * need_identify), private notes and, optionally, the date of the next
 * visit agreed on the spot.
 *
 * The plan: the default comes from the configuration as steps "every N
 * days until M months after the person's return" (visits.plan); a
 * per-person override (every N days, optionally until a date) replaces
 * it. The next visit is due:
 *   - on the next visit date the last visit set, if any;
 *   - else `every` days after the last visit that reached the person (a
 *     not-reached attempt does not count), or after the return date when
 *     there was none yet;
 *   - with the default plan, `every` is the step in force on that base
 *     day; there is no visit due once the base is past the last step;
 *   - an override applies from its base (the return date, else the day
 *     the override was set) until its end date;
 *   - visit_due() leaves out people whose default plan has ended by the
 *     date asked, even when a visit was missed.
 *
 * Functions return 0 or -1 after one error(). Every change is audited.
 */
#ifndef SHG_VISIT_H
#define SHG_VISIT_H

#include <stdint.h>

#include "core/db.h"

#define VISIT_MAX_STEPS 8

struct visit {
	int64_t id;
	int64_t person_id;
	int day;
	char *visitor;
	char *kind;             /* home, phone, meeting */
	char *situation;        /* stable, needs-support, at-risk, not-reached */
	char *needs;            /* needs separated by commas, as need_kind_parse
	                         * reads them ("health, shelter"); stored as
	                         * codes ("medical,shelter"); or NULL */
	char *notes;
	int next_day;           /* DATE_NONE when not agreed */
};

struct visit_step {
	int until_months;
	int every_days;
};

/* The default plan: steps in rising order of until_months. */
struct visit_plan {
	struct visit_step steps[VISIT_MAX_STEPS];
	int nsteps;
};

/* 0 when s is a visit kind / situation, else -1 with an error naming
 * the option opt. Accepts "needs support" and "at risk" with a space. */
int visit_kind_check(const char *opt, const char *s);
int visit_situation_check(const char *opt, const char *s, const char **norm);

/*
 * Record a visit: the person must exist; day not in the future; next_day,
 * when given, after day. Each need in v->needs is recorded with
 * need_identify(db, person, kind, day, notes). Sets v->id.
 */
int visit_log(struct db *db, struct visit *v);

/* Visits of one person (person_id != 0) or everyone, from..to inclusive
 * (DATE_NONE: open), newest first. fn returns 0 to go on. */
int visit_each(struct db *db, int64_t person_id, int from, int to,
    int (*fn)(const struct visit *v, void *arg), void *arg);

/* Set a person's own plan (every_days > 0; until DATE_NONE: no end), or
 * go back to the default (visit_plan_clear). */
int visit_plan_set(struct db *db, int64_t person_id, int every_days, int until);
int visit_plan_clear(struct db *db, int64_t person_id);

/*
 * The day the next visit is due (pure; see the rules above). returned:
 * return date or DATE_NONE; last: last visit that reached the person or
 * DATE_NONE; next: next visit date the last visit set or DATE_NONE;
 * every/until/set_day: the person's override (every 0: none). Returns
 * DATE_NONE when no visit is due under the plan.
 */
int visit_next_due(const struct visit_plan *plan, int returned, int last,
    int next, int every, int until, int set_day);

/* The day one person's next visit is due as of day at, as visit_due
 * counts it; DATE_NONE when none is (closed, or past the plan). */
int visit_next_of(struct db *db, const struct visit_plan *plan,
    int64_t person_id, int at, int *due);

struct visit_due {
	int64_t person_id;
	char case_code[40];
	char *organiser;        /* of the person's group: NULL here, filled
	                         * by followlist_visits_due (reports/) */
	int last_day;           /* DATE_NONE: never visited */
	int due_day;
	int days_late;          /* at - due_day, > 0 when overdue */
};

/* Active people whose next visit is due on or before at + ahead days,
 * most overdue first. Free with visit_due_free. (By organiser, which
 * reads the groups: followlist_visits_due, reports/followlist.h.) */
int visit_due(struct db *db, const struct visit_plan *plan, int at, int ahead,
    struct visit_due **out, int *n);
/* The same for the people of the JSON array of ids people only (NULL:
 * everyone); the others are not read. */
int visit_due_among(struct db *db, const struct visit_plan *plan,
    const char *people, int at, int ahead, struct visit_due **out, int *n);
void visit_due_free(struct visit_due *d, int n);

#endif
