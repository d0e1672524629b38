/*
 * group.h - self-help groups ("nhóm tự lực") and their membership history.
 *
 * A group is found by its name, ignoring case (and, when no name matches
 * exactly, ignoring diacritics too, if that finds only one group), or by
 * "#ID". Groups are never deleted: closing one marks it closed and ends
 * every open membership on that day.
 *
 * A membership runs from joined_on to left_on. left_on is the first day
 * the person is no longer a member: a member "as of" day D has
 * joined_on <= D and (left_on is NULL or left_on > D). Past memberships
 * are never deleted or rewritten; leaving sets left_on and a reason.
 * A person is an open member of at most one group at a time unless
 * allow_multiple is set (config groups.allow_multiple), and never holds two
 * overlapping memberships of the same group.
 *
 * Every change is audited ("group" or "membership" entity). Functions
 * return 0 or -1 after reporting the reason once with error().
 */
#ifndef SHG_GROUP_H
#define SHG_GROUP_H

#include <stdint.h>

#include "core/db.h"

struct group {
	int64_t id;
	char *name;
	char *village, *commune, *district, *province;
	char *place;            /* where the group meets */
	char *organiser_name;
	char *organiser_phone;  /* E.164 or NULL: alerted about the group */
	int founded_on;         /* day number or DATE_NONE */
	char *status;           /* "active" or "closed" */
	int closed_on;          /* DATE_NONE while active */
	/* The schedule (see schedule.h); rule NULL when none is set. */
	char *rule;             /* RFC 5545 recurrence rule */
	char *rule_input;       /* the form it was given in ("lunar 15 08:00") */
	int start_min;          /* local minutes after midnight, -1: none */
	int duration_min;
	int sched_from;         /* first day the rule applies, DATE_NONE */
	char *holiday_policy;   /* "skip", "move" or NULL: the config's */
	int reminder_days;      /* -1: the config's meeting_days_before */
};

/* Prepare a struct for group_add: zero, dates DATE_NONE, start -1,
 * duration 120 minutes, reminder_days -1. */
void group_init(struct group *g);

/* Validate and insert g (g->id is filled in). The organiser phone must
 * already be E.164 (phone_normalize). Names must be unique ignoring case:
 * `group "X" already exists`. */
int group_add(struct db *db, struct group *g);
/* Validate and save every field of g by g->id (schedule fields included). */
int group_update(struct db *db, const struct group *g);
/* Check every field; -1 naming the first bad one. */
int group_validate(const struct group *g);
/* Load by name or "#ID": -1 with `group "X" not found` (or `... matches
 * several groups`). Free with group_free. */
int group_get(struct db *db, const char *ref, struct group *out);
int group_get_id(struct db *db, int64_t id, struct group *out);
void group_free(struct group *g);

/* Close the group on day: status closed, and every open membership ends
 * on day with reason "group closed". -1 if already closed. */
int group_close(struct db *db, int64_t group_id, int day);

/* Call fn for each group with the given status ("active", "closed", NULL
 * for all), ordered by name. fn returns 0 to go on; a non-zero return
 * stops and is returned. -1 on a database error. */
int group_each(struct db *db, const char *status,
    int (*fn)(const struct group *g, void *arg), void *arg);

/* Membership. */
struct membership {
	int64_t id;
	int64_t group_id;
	int64_t person_id;
	const char *case_code;  /* borrowed during a callback only */
	const char *full_name;  /* borrowed during a callback only */
	const char *role;       /* "member", "leader" or "treasurer" */
	int joined_on;
	int left_on;            /* DATE_NONE while a member */
	const char *leave_reason;
};

/* 1 if role is member, leader or treasurer. */
int group_role_valid(const char *role);
/* A role code or a group status code ("active", "closed") as the user
 * reads it, in the language in effect; an unknown code (or NULL) is
 * returned as it is. Borrowed. */
const char *group_role_label(const char *role);
const char *group_status_label(const char *status);

/* person joins the (active) group on day with role (NULL: "member").
 * Refused when the person is closed, already a member of this group on or
 * after day, or (unless allow_multiple) a member of another group on or
 * after day. *id (may be NULL) receives the membership id. */
int group_join(struct db *db, int64_t group_id, int64_t person_id, int day,
    const char *role, int allow_multiple, int64_t *id);
/* End the person's open membership of the group on day (not before they
 * joined) with reason (required). -1 if not a member. */
int group_leave(struct db *db, int64_t group_id, int64_t person_id, int day,
    const char *reason);
/* Change the role of the person's open membership. */
int group_set_role(struct db *db, int64_t group_id, int64_t person_id,
    const char *role);

/* 1 if person was a member of group on day, 0 if not, -1 on error. */
int group_is_member(struct db *db, int64_t group_id, int64_t person_id,
    int day);
/* The members of group as of day, ordered by case code; or, with
 * day == DATE_NONE, every membership the group ever had (history),
 * ordered by joined date. Same callback contract as group_each. */
int group_members_each(struct db *db, int64_t group_id, int day,
    int (*fn)(const struct membership *m, void *arg), void *arg);
/* Every membership one person has had, by joined date (for "person
 * show"). Same callback contract as group_each. */
int group_person_each(struct db *db, int64_t person_id,
    int (*fn)(const struct membership *m, void *arg), void *arg);
/* How many members group has as of day. -1 on error. */
int group_member_count(struct db *db, int64_t group_id, int day);

#endif
