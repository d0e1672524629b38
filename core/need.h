/*
 * need.h - the needs assessment: what each person needs, and how far
 * each need has come.
 *
 * A person has at most one record per kind of need. A need is
 * "identified" on a day, may be "referred" to an organisation on a later
 * day, and is "met" on a day. The dates of each step are kept. A met need
 * that is identified again is reopened (back to identified, with the new
 * date; the audit trail keeps the change).
 *
 * Kinds are stored as codes (need_kinds); need_kind_parse also accepts a
 * few ordinary words ("legal aid", "identity papers", "health").
 *
 * Functions return 0 or -1 after one error(); messages name the person by
 * case code, never by name. Every change is audited (entity "need").
 */
#ifndef SHG_NEED_H
#define SHG_NEED_H

#include <stdint.h>

#include "core/db.h"

struct need_kind {
	const char *code;
	const char *label;
};
/* medical, psychological, legal-aid, documents, education, vocational,
 * employment, capital, shelter; ended by { NULL, NULL }. */
extern const struct need_kind need_kinds[];

/* The label of a kind code in the language in effect, or NULL when code
 * is not a kind. */
const char *need_kind_label(const char *code);
/* Turn what a user typed into a kind code (*code points into need_kinds).
 * -1 with `WHAT: "x" is not a kind of need (medical, ...)`. */
int need_kind_parse(const char *what, const char *in, const char **code);
/* The label of a state for display ("identified" -> "đã xác định" in
 * Vietnamese); an unknown state is returned as it is. */
const char *need_status_label(const char *s);
/* 1 when s is "identified", "referred" or "met", else 0. */
int need_status_valid(const char *s);

struct need {
	int64_t id;
	int64_t person_id;
	char *case_code;        /* of the person */
	char *kind;             /* a code from need_kinds */
	char *status;           /* identified, referred, met */
	char *referred_to;      /* NULL unless referred at some point */
	int identified_on;
	int referred_on;        /* DATE_NONE when never referred */
	int met_on;             /* DATE_NONE unless met */
	char *notes;
};

/*
 * Record that a person needs kind, identified on day (not in the future,
 * not after the person was closed). Idempotent: when the need is already
 * recorded and not met, nothing changes and 0 is returned. A met need is
 * reopened. kind is parsed with need_kind_parse. Visits call this for the
 * needs they find.
 */
int need_identify(struct db *db, int64_t person_id, const char *kind, int day,
    const char *notes);
/* Like need_identify, but an open need of that kind is an error
 * (`need "medical" of CODE is already recorded (identified)`). */
int need_add(struct db *db, int64_t person_id, const char *kind, int day,
    const char *notes);
/* Referred to org (not empty) on day. The need must be recorded, not met;
 * day not in the future nor before the day it was identified. Referring
 * again changes the organisation and the date. */
int need_refer(struct db *db, int64_t person_id, const char *kind,
    const char *org, int day);
/* Met on day; the same rules as need_refer (and not before the referral). */
int need_meet(struct db *db, int64_t person_id, const char *kind, int day);

/* Load one need; -1 with a message when it is not recorded. Free with
 * need_free. */
int need_get(struct db *db, int64_t person_id, const char *kind,
    struct need *out);
void need_free(struct need *n);

struct need_filter {
	int64_t person_id;      /* 0: everyone */
	const char *status;     /* NULL: any */
	const char *kind;       /* a kind code; NULL: any */
};

/* Call fn for each matching need, ordered by case code and kind order.
 * The need is borrowed for the call. fn returns 0 to go on; a non-zero
 * return stops and is returned. -1 on a database error. */
int need_each(struct db *db, const struct need_filter *f,
    int (*fn)(const struct need *n, void *arg), void *arg);

#endif
