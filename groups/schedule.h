/*
 * schedule.h - when a group meets: its recurrence rule stored in the
 * database, one-off exceptions (a meeting moved or cancelled, with a
 * reason), the holidays of the configuration, and the resulting dates.
 *
 * The rule itself is evaluated by groups/recur.h (libical; lunar rules
 * with groups/lunar.h); this module adds what is stored per group and turns
 * rule dates into final meeting dates:
 *
 *   1. the rule gives an original day (and the group's start time);
 *   2. an exception for that original day wins: "move" gives a new day
 *      (and maybe a new time), "cancel" cancels it;
 *   3. otherwise a holiday on that day (config groups.holidays) skips it
 *      (cancelled) or moves it to the next day that is not a holiday, by
 *      the group's holiday policy, else the config's groups.holiday_policy.
 *
 * Errors: -1 after one error() message.
 */
#ifndef SHG_SCHEDULE_H
#define SHG_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "config/conf.h"
#include "core/db.h"
#include "groups/group.h"

enum sched_state {
	SCHED_PLANNED,          /* on the day the rule gives */
	SCHED_MOVED,            /* moved by an exception or a holiday */
	SCHED_CANCELLED,        /* cancelled by an exception or skipped for a
	                         * holiday */
};

struct sched_occ {
	int64_t group_id;
	enum sched_state state;
	int day;                /* final local day (cancelled: the original) */
	int start_min;          /* final local start, minutes after midnight */
	int duration_min;
	time_t start;           /* final start as a timestamp */
	int orig_day;           /* the day the rule gives */
	int orig_start_min;
	int by_holiday;         /* moved or skipped by a holiday rather than
	                         * by an exception */
	char reason[256];       /* exception reason or holiday name, else "" */
	int joined_day;         /* cancelled because a holiday moved it onto
	                         * the meeting of this day, else DATE_NONE */
};

/*
 * Set g's schedule from text: a friendly form ("monthly 5 08:00",
 * "monthly 2nd tue 14:00", "weekly wed 08:00", "lunar 15 08:00") or an
 * RFC 5545 rule followed by a time ("FREQ=MONTHLY;BYDAY=2TU 14:00"; a
 * "RRULE:" prefix is allowed). The rule applies from day from (DATE_NONE:
 * today). Only g is changed: save it with group_update. text NULL or ""
 * removes the schedule. -1 with a message quoting text when it is not a
 * rule.
 */
int schedule_parse_into(struct group *g, const char *text, int from);

/*
 * The occurrences of g whose original day or final day is in
 * [from, to] (days, inclusive), ordered by final day and time, each with
 * its state (see above). *out is an array the caller frees with free();
 * *n its length (0 when g has no schedule). Holidays and the default
 * holiday policy come from conf.
 */
int schedule_occurrences(struct db *db, const struct conf *conf,
    const struct group *g, int from, int to, struct sched_occ **out,
    size_t *n);

/*
 * Rule days remembered between calls: the days a rule gives depend only
 * on the rule, its first day and the window, and computing them
 * (libical, the lunar calendar) is the costly part of
 * schedule_occurrences. The service's scheduler asks for the same window
 * of every group on each pass of a day; with a memo, the rule days of a
 * group are computed once, and exceptions (read from the database) and
 * holidays (from conf) are applied again on every call, so a meeting
 * moved or cancelled, a changed rule or holiday is seen at once. A
 * group's entry is replaced when its rule, first day or window changes.
 */
struct schedule_memo;

struct schedule_memo *schedule_memo_new(void);
void schedule_memo_free(struct schedule_memo *m);

/* schedule_occurrences with the rule days taken from, or put into, memo
 * (NULL: none). The result is the same. */
int schedule_occurrences_memo(struct db *db, const struct conf *conf,
    const struct group *g, int from, int to, struct schedule_memo *memo,
    struct sched_occ **out, size_t *n);

/* Why schedule_next found fewer meetings than asked. */
enum sched_end {
	SCHED_END_NONE,         /* it did not: all n were found */
	SCHED_END_RULE,         /* the rule ends (COUNT or UNTIL) */
	SCHED_END_CALENDAR,     /* a lunar rule reached the end of the lunar
	                         * calendar (lunar year LUNAR_YEAR_MAX) */
	SCHED_END_SEARCH,       /* none further within SCHEDULE_NEXT_YEARS
	                         * (all cancelled by holidays or exceptions, or
	                         * a rule repeating less often) */
};

#define SCHEDULE_NEXT_YEARS 1000

/* The next n occurrences that are not cancelled, from day from on, with
 * the cancelled ones in between included (so *count may exceed n). Caller
 * frees *out. When fewer than n are found, *end says why (otherwise
 * SCHED_END_NONE; also when g has no schedule). */
int schedule_next(struct db *db, const struct conf *conf,
    const struct group *g, int from, int n, struct sched_occ **out,
    size_t *count, enum sched_end *end);

/* Does g meet on day (a planned or moved occurrence ending up on day)?
 * 1 and *orig_day set, 0 if not (then *orig_day = DATE_NONE), -1 error. */
int schedule_meets_on(struct db *db, const struct conf *conf,
    const struct group *g, int day, int *orig_day);

/*
 * Exceptions. day names an occurrence by its original day or its final
 * day (e.g. the day a holiday moved it to). Moving gives a new day and
 * optionally a new start (new_start_min -1: keep the time); a reason is
 * required. A new exception replaces an earlier one for the same
 * occurrence. schedule_restore removes the exception. Audited
 * ("group" entity, actions "move-meeting", "cancel-meeting",
 * "restore-meeting").
 */
int schedule_move(struct db *db, const struct conf *conf,
    const struct group *g, int day, int new_day, int new_start_min,
    const char *reason);
int schedule_cancel(struct db *db, const struct conf *conf,
    const struct group *g, int day, const char *reason);
int schedule_restore(struct db *db, const struct conf *conf,
    const struct group *g, int day);

/* The holiday policy that applies to g: its own, else the config's. */
const char *schedule_policy(const struct conf *conf, const struct group *g);
/* Days before a meeting to send the first reminder: g's, else conf's. */
int schedule_reminder_days(const struct conf *conf, const struct group *g);

/* "planned", "moved" or "cancelled". */
const char *schedule_state_name(enum sched_state s);
/* The same as the user reads it, in the language in effect. Borrowed. */
const char *schedule_state_label(enum sched_state s);
/* What a holiday policy code ("skip", "move") does, in the language in
 * effect; an unknown code is returned as it is. Borrowed. */
const char *schedule_policy_label(const char *policy);

#endif
