/*
 * grant.h - livestock and other in-kind grants: what was given, what
 * happened to it since (events), and pass-on obligations.
 *
 * The herd is never typed in: it is the count given, plus offspring born,
 * minus animals that died, were sold, lost or passed on, as of a date. An
 * event that would make the herd negative at any date is refused.
 *
 * A pass-on obligation (at most one per grant) says the recipient owes N
 * offspring by a date, to a named member or one not yet chosen. Recording
 * a pass-on adds a "passed" event to the grant and creates the next
 * member's grant, linked to the first (parent_id) and to the obligation;
 * the next grant may carry its own obligation, so chains form.
 *
 * Tables (migration 3): ikgrant, ikgrant_event, ikgrant_oblig; the notes
 * of a grant and of an event are sealed at rest (core/crypt.h, migration
 * 21), sealed and opened by the functions here. Functions
 * return 0 or -1 after one error(); every change is audited ("grant", id,
 * action). Several rows are written per call: hold a transaction.
 */
#ifndef SHG_GRANT_H
#define SHG_GRANT_H

#include <stdint.h>

#include "core/db.h"

struct grant {
	int64_t id;
	int64_t person_id;
	char *kind;             /* sow, piglet, cow, buffalo, goat, chicken,
	                         * duck, other */
	char *what;             /* for "other": what the goods are; may be NULL */
	int count;
	int64_t unit_value;     /* đồng per head or unit */
	int day;
	char *source;           /* funding code (see loan_source_check) */
	int64_t parent_id;      /* grant this was passed on from; 0 */
	int64_t obligation_id;  /* obligation it fulfils; 0 */
	char *notes;
};

struct grant_event {
	int64_t id, grant_id;
	char *kind;             /* died, sold, born, vaccinated, lost, passed */
	int count;
	int day;
	char *cause;            /* for died and lost */
	int64_t price;          /* for sold: total đồng; -1 when not given */
	char *notes;
};

struct grant_oblig {
	int64_t id, grant_id;
	int64_t person_id;      /* who owes */
	int64_t to_person_id;   /* 0: not yet chosen */
	char owes_code[40], to_code[40];
	char kind[16];
	int count, passed;
	int due_day;
	int days_late;          /* > 0 when overdue at the date asked */
};

int grant_kind_check(const char *opt, const char *s);
/* Parse "12", "G12" or "#12". */
int grant_parse_id(const char *s, int64_t *id);

/* Validate and store g (sets g->id). The recipient must be active, the
 * date not in the future, count > 0, the source a funding code. */
int grant_give(struct db *db, struct grant *g);
int grant_get(struct db *db, int64_t id, struct grant *out);
void grant_free(struct grant *g);

/* Record an event (sets e->id). Kind "passed" is only written by
 * grant_passon. Refused: a date before the grant or in the future, or a
 * count that would make the herd negative (or vaccinate more than the
 * herd) at that date or later. */
int grant_event_add(struct db *db, struct grant_event *e);
/* Events of a grant in date order; fn returns 0 to go on. */
int grant_events(struct db *db, int64_t grant_id,
    int (*fn)(const struct grant_event *e, void *arg), void *arg);
/* The herd (or units left) at day. */
int grant_herd(struct db *db, int64_t grant_id, int day, int *out);

/* Add the pass-on obligation of a grant: count offspring by due_day to
 * to_person_id (0: not yet chosen). One per grant. */
int grant_oblige(struct db *db, int64_t grant_id, int count, int due_day,
    int64_t to_person_id);
/* Pass count animals from grant_id to to_person on day. kind NULL: piglet
 * for a sow, else the grant's kind; unit_value < 0: the grant's. Refused
 * without an obligation, to someone other than the person it names, for
 * more than is still owed, or beyond the herd. *new_id: the new grant. */
int grant_passon(struct db *db, int64_t grant_id, int64_t to_person, int count,
    int day, const char *kind, int64_t unit_value, int64_t *new_id);
/* Obligations at day: all (open_only 0) or those with something still
 * owed, by due date. Free with free(). */
int grant_obligations(struct db *db, int day, int open_only,
    struct grant_oblig **out, int *n);

/* One grant in a list, with its herd after every event recorded. The
 * strings are borrowed for the duration of the callback. */
struct grant_item {
	int64_t id, person_id, parent_id;
	const char *case_code, *kind, *source;
	int count, day, herd;
	int64_t unit_value;
};

/* Grants by number; person_id (0: any) and kind (NULL: any) filter them.
 * fn returns 0 to go on; anything else stops and is returned. */
int grant_list(struct db *db, int64_t person_id, const char *kind,
    int (*fn)(const struct grant_item *g, void *arg), void *arg);

/* The pass-on obligation of grant_id as at day (passed on by then, days
 * late) into *o; *found is 0 when the grant has none. */
int grant_oblig_of(struct db *db, int64_t grant_id, int day,
    struct grant_oblig *o, int *found);

/* The in-kind grants one person received, by date (for "person show"). *ids is an array the caller frees with free()
 * (NULL when there are none). */
int grant_ids_of_person(struct db *db, int64_t person_id, int64_t **ids, int *n);

#endif
