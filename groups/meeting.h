/*
 * meeting.h - meetings that were held, who came, and attendance reports.
 *
 * A meeting is one group on one day (at most one per group and day). Each
 * person who was a member of the group on that day gets one attendance
 * status: present, late, excused or absent. A meeting on a day that is not
 * a scheduled occurrence (schedule.h) is allowed and marked extra.
 *
 * Attendance rate = (present + late) / all statuses recorded: excused
 * counts as not attending.
 *
 * Errors: -1 after one error() message. Changes are audited ("meeting").
 */
#ifndef SHG_MEETING_H
#define SHG_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "config/conf.h"
#include "core/db.h"
#include "groups/group.h"

enum att_status { ATT_PRESENT, ATT_LATE, ATT_EXCUSED, ATT_ABSENT, ATT_N };

/* "present", "late", "excused", "absent". */
const char *meeting_status_name(enum att_status s);
/* The status as the user reads it, in the language in effect. Borrowed. */
const char *meeting_status_label(enum att_status s);
/* The status named s, or -1. */
int meeting_status_parse(const char *s);

struct meeting_att {
	int64_t person_id;
	enum att_status status;
};

struct meeting_result {
	int64_t meeting_id;
	int extra;              /* 1: not a scheduled occurrence */
	int orig_day;           /* the occurrence's original day, or DATE_NONE */
	int64_t *defaulted;     /* members not given, recorded absent; the
	                         * caller frees the array */
	size_t ndefaulted;
};

/*
 * Record a meeting of g on day with topic (may be NULL) and the given
 * attendance. Refused (nothing written) when: day is in the future, a
 * meeting of g on day is already recorded, a person is given twice, or a
 * person given was not a member of g on day (the message names the case
 * code). Members of g on day who are not given are recorded absent and
 * listed in res->defaulted.
 */
int meeting_record(struct db *db, const struct conf *conf,
    const struct group *g, int day, const char *topic,
    const struct meeting_att *att, size_t natt, struct meeting_result *res);

/* Delete the meeting of group_id on day with its attendance (to correct a
 * mistake; audited). -1 if there is none. */
int meeting_delete(struct db *db, int64_t group_id, int day);

/* Counts by status and the rate (0..1; 0 when nothing was recorded). */
struct att_counts {
	int n[ATT_N];
};
int att_total(const struct att_counts *c);
double att_rate(const struct att_counts *c);

struct meeting_info {
	int64_t id;
	int64_t group_id;
	const char *group_name; /* borrowed during the callback */
	int day;
	int orig_day;           /* DATE_NONE for an extra meeting */
	int extra;
	const char *topic;      /* may be NULL */
	struct att_counts c;
};

/* Meetings of group_id (0: all groups) held in [from, to], by day. fn
 * returns 0 to go on; non-zero stops and is returned. */
int meeting_each(struct db *db, int64_t group_id, int from, int to,
    int (*fn)(const struct meeting_info *m, void *arg), void *arg);

/* The attendance of one meeting, by case code. */
int meeting_attendance_each(struct db *db, int64_t meeting_id,
    int (*fn)(int64_t person_id, const char *case_code,
    enum att_status s, void *arg), void *arg);

/* A line of an attendance report. */
struct att_row {
	int64_t group_id;
	const char *group_name; /* borrowed during the callback */
	int64_t person_id;      /* 0 in a per-group report */
	const char *case_code;  /* NULL in a per-group report */
	int meetings;           /* meetings held (group) / recorded (member) */
	struct att_counts c;
};

/* Per group: every group with meetings in [from, to] (group_id 0) or
 * one group, by name. */
int meeting_report_groups(struct db *db, int64_t group_id, int from, int to,
    int (*fn)(const struct att_row *r, void *arg), void *arg);
/* Per member: each person with attendance recorded in [from, to] in
 * group_id (0: all groups), by group name then case code. */
int meeting_report_members(struct db *db, int64_t group_id, int from, int to,
    int (*fn)(const struct att_row *r, void *arg), void *arg);

/* Members who missed their group's last meetings in a row. */
struct meeting_missed {
	int64_t person_id;
	int64_t group_id;
	int count;              /* absences in a row, up to the latest meeting */
	int since;              /* day of the first of those meetings */
};

/*
 * Every current member (open membership of an active group) whose
 * attendance at the latest meetings of that group is "absent" at least
 * n times in a row (n >= 1), counting back from the latest meeting they
 * have a status for; any other status (present, late, excused) ends the
 * run. *out is ordered by group then person; the caller frees it.
 */
int meeting_missed_in_a_row(struct db *db, int n, struct meeting_missed **out,
    size_t *count);
/* The same for the people of the JSON array of ids people only (NULL:
 * everyone), whose other memberships are not read. */
int meeting_missed_among(struct db *db, int n, const char *people,
    struct meeting_missed **out, size_t *count);

#endif
