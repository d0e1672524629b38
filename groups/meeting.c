#include "groups/meeting.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/util.h"
#include "groups/schedule.h"

static const char *const status_names[ATT_N] = { "present", "late",
	"excused", "absent" };

/* TRANSLATORS: attendance at a meeting, shown in tables. */
static const char *const status_labels[ATT_N] = { N_("present"), N_("late"),
	N_("excused"), N_("absent") };

const char *
meeting_status_name(enum att_status s)
{
	return (unsigned)s < ATT_N ? status_names[s] : "?";
}

const char *
meeting_status_label(enum att_status s)
{
	return (unsigned)s < ATT_N ? _(status_labels[s]) : "?";
}

int
meeting_status_parse(const char *s)
{
	for (int i = 0; i < ATT_N; i++)
		if (str_eq(s, status_names[i]))
			return i;
	return -1;
}

int
att_total(const struct att_counts *c)
{
	int t = 0;

	for (int i = 0; i < ATT_N; i++)
		t += c->n[i];
	return t;
}

double
att_rate(const struct att_counts *c)
{
	int t = att_total(c);

	return t ? (double)(c->n[ATT_PRESENT] + c->n[ATT_LATE]) / t : 0.0;
}

/* The case code of a person for messages ("#ID" if unknown). */
static void
case_code_of(struct db *db, int64_t person_id, char *buf, size_t size)
{
	static const char sql[] = "SELECT case_code FROM person WHERE id = ?";
	sqlite3_stmt *st = db_prepare(db, sql);

	snprintf(buf, size, "#%lld", (long long)person_id);
	if (!st || db_bind(db, st, "i", person_id) < 0)
		return;
	if (db_step(db, st) == SQLITE_ROW && db_col_text(st, 0))
		snprintf(buf, size, "%s", db_col_text(st, 0));
	db_reset(st);
}

/* Each person once, and each a member of g on day. */
static int
check_people(struct db *db, const struct group *g, int day,
    const struct meeting_att *att, size_t natt)
{
	char code[64], dbuf[16];
	int rc;

	for (size_t i = 0; i < natt; i++) {
		for (size_t j = 0; j < i; j++)
			if (att[j].person_id == att[i].person_id) {
				case_code_of(db, att[i].person_id, code, sizeof code);
				return error("%s is given twice (as %s and %s)", code,
				    meeting_status_name(att[j].status),
				    meeting_status_name(att[i].status));
			}
		if ((rc = group_is_member(db, g->id, att[i].person_id, day)) < 0)
			return -1;
		if (rc == 0) {
			case_code_of(db, att[i].person_id, code, sizeof code);
			return error("%s was not a member of group \"%s\" on %s", code,
			    g->name, date_show(day, dbuf));
		}
	}
	return 0;
}

static int
check_meeting_day(struct db *db, const struct group *g, int day)
{
	char dbuf[16];
	int64_t n;

	if (day > date_today())
		return error("date: %s is in the future; record a meeting after "
		    "it is held", date_show(day, dbuf));
	if (g->closed_on != DATE_NONE && day >= g->closed_on)
		return error("group \"%s\" was closed on %s", g->name,
		    date_show(g->closed_on, dbuf));
	if (db_int(db, &n, 0, "SELECT count(*) FROM meeting WHERE group_id = ? "
	    "AND held_on = ?", "iD", g->id, day) < 0)
		return -1;
	if (n)
		return error("a meeting of \"%s\" on %s is already recorded",
		    g->name, date_show(day, dbuf));
	return 0;
}

/* Record members of g on day who were not given as absent, collecting
 * their ids in res. */
static int
record_defaulted(struct db *db, const struct group *g, int day,
    struct meeting_result *res)
{
	static const char sql[] = "INSERT OR IGNORE INTO attendance "
	    "(meeting_id, person_id, status) SELECT ?1, ms.person_id, 'absent' "
	    "FROM membership ms JOIN person p ON p.id = ms.person_id "
	    "WHERE ms.group_id = ?2 AND ms.joined_on <= ?3 AND "
	    "(ms.left_on IS NULL OR ms.left_on > ?3) AND ms.person_id NOT IN "
	    "(SELECT person_id FROM attendance WHERE meeting_id = ?1) "
	    "ORDER BY p.case_code RETURNING person_id";
	sqlite3_stmt *st = db_prepare(db, sql);
	size_t cap = 0;
	int rc;

	if (!st || db_bind(db, st, "iiD", res->meeting_id, g->id, day) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (res->ndefaulted == cap) {
			cap = cap ? cap * 2 : 16;
			res->defaulted = xrealloc(res->defaulted,
			    cap * sizeof *res->defaulted);
		}
		res->defaulted[res->ndefaulted++] = db_col_int(st, 0);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
insert_meeting(struct db *db, const struct group *g, int day,
    const char *topic, struct meeting_result *res)
{
	static const char sql[] = "INSERT INTO meeting (group_id, held_on, "
	    "orig_on, extra, topic, created_at) VALUES (?, ?, ?, ?, ?, ?)";

	if (db_run(db, sql, "iDDdti", g->id, day, res->orig_day, res->extra,
	    topic, (int64_t)clock_now()) < 0)
		return -1;
	res->meeting_id = db_last_id(db);
	return 0;
}

int
meeting_record(struct db *db, const struct conf *conf, const struct group *g,
    int day, const char *topic, const struct meeting_att *att, size_t natt,
    struct meeting_result *res)
{
	static const char att_sql[] = "INSERT INTO attendance (meeting_id, "
	    "person_id, status) VALUES (?, ?, ?)";
	int meets;

	memset(res, 0, sizeof *res);
	res->orig_day = DATE_NONE;
	if (topic && (!text_valid_utf8(topic, strlen(topic)) ||
	    strlen(topic) > 500))
		return error("topic: not valid UTF-8 text of at most 500 bytes");
	if (check_meeting_day(db, g, day) < 0 ||
	    check_people(db, g, day, att, natt) < 0)
		return -1;
	if ((meets = schedule_meets_on(db, conf, g, day, &res->orig_day)) < 0)
		return -1;
	res->extra = !meets;
	if (insert_meeting(db, g, day, str_empty(topic) ? NULL : topic, res) < 0)
		return -1;
	for (size_t i = 0; i < natt; i++)
		if (db_run(db, att_sql, "iit", res->meeting_id, att[i].person_id,
		    meeting_status_name(att[i].status)) < 0)
			return -1;
	if (record_defaulted(db, g, day, res) < 0)
		return -1;
	return db_audit(db, "meeting", res->meeting_id, "record");
}

int
meeting_delete(struct db *db, int64_t group_id, int day)
{
	int64_t id;
	char dbuf[16];

	if (db_int(db, &id, 0, "SELECT id FROM meeting WHERE group_id = ? AND "
	    "held_on = ?", "iD", group_id, day) < 0)
		return -1;
	if (!id)
		return error("no meeting recorded on %s", date_show(day, dbuf));
	if (db_run(db, "DELETE FROM attendance WHERE meeting_id = ?", "i",
	    id) < 0 ||
	    db_run(db, "DELETE FROM meeting WHERE id = ?", "i", id) < 0)
		return -1;
	return db_audit(db, "meeting", id, "delete");
}

/* Columns first .. first+3: present, late, excused, absent counts. */
static void
counts_from_row(sqlite3_stmt *st, int first, struct att_counts *c)
{
	for (int i = 0; i < ATT_N; i++)
		c->n[i] = (int)db_col_int(st, first + i);
}

#define COUNT_COLS \
	"coalesce(sum(a.status = 'present'), 0), " \
	"coalesce(sum(a.status = 'late'), 0), " \
	"coalesce(sum(a.status = 'excused'), 0), " \
	"coalesce(sum(a.status = 'absent'), 0) "

#define MEETING_SELECT \
	"SELECT m.id, m.group_id, g.name, m.held_on, m.orig_on, m.extra, " \
	"m.topic, " COUNT_COLS "FROM meeting m JOIN grp g ON g.id = m.group_id " \
	"LEFT JOIN attendance a ON a.meeting_id = m.id "

static int
meeting_loop(struct db *db, sqlite3_stmt *st,
    int (*fn)(const struct meeting_info *m, void *arg), void *arg)
{
	struct meeting_info m;
	int rc, stop = 0;

	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		m.id = db_col_int(st, 0);
		m.group_id = db_col_int(st, 1);
		m.group_name = db_col_text(st, 2);
		m.day = db_col_date(st, 3);
		m.orig_day = db_col_date(st, 4);
		m.extra = (int)db_col_int(st, 5);
		m.topic = db_col_text(st, 6);
		counts_from_row(st, 7, &m.c);
		stop = fn(&m, arg);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

int
meeting_each(struct db *db, int64_t group_id, int from, int to,
    int (*fn)(const struct meeting_info *m, void *arg), void *arg)
{
	static const char one_sql[] = MEETING_SELECT "WHERE m.group_id = ?1 "
	    "AND m.held_on BETWEEN ?2 AND ?3 GROUP BY m.id ORDER BY m.held_on";
	static const char all_sql[] = MEETING_SELECT "WHERE m.held_on BETWEEN "
	    "?2 AND ?3 AND ?1 = 0 GROUP BY m.id ORDER BY m.held_on, g.name_fold";
	sqlite3_stmt *st = db_prepare(db, group_id ? one_sql : all_sql);

	if (!st || db_bind(db, st, "iDD", group_id, from, to) < 0)
		return -1;
	return meeting_loop(db, st, fn, arg);
}

int
meeting_attendance_each(struct db *db, int64_t meeting_id,
    int (*fn)(int64_t person_id, const char *case_code, enum att_status s,
    void *arg), void *arg)
{
	static const char sql[] = "SELECT a.person_id, p.case_code, a.status "
	    "FROM attendance a JOIN person p ON p.id = a.person_id "
	    "WHERE a.meeting_id = ? ORDER BY p.case_code";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc, stop = 0, s;

	if (!st || db_bind(db, st, "i", meeting_id) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		s = meeting_status_parse(db_col_text(st, 2));
		stop = fn(db_col_int(st, 0), db_col_text(st, 1),
		    s < 0 ? ATT_ABSENT : (enum att_status)s, arg);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

/* Columns: group id, group name, person id, case code, meetings, counts. */
static int
report_loop(struct db *db, sqlite3_stmt *st,
    int (*fn)(const struct att_row *r, void *arg), void *arg)
{
	struct att_row r;
	int rc, stop = 0;

	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		r.group_id = db_col_int(st, 0);
		r.group_name = db_col_text(st, 1);
		r.person_id = db_col_int(st, 2);
		r.case_code = db_col_text(st, 3);
		r.meetings = (int)db_col_int(st, 4);
		counts_from_row(st, 5, &r.c);
		stop = fn(&r, arg);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

#define GROUP_REPORT \
	"SELECT g.id, g.name, 0, NULL, count(DISTINCT m.id), " COUNT_COLS \
	"FROM meeting m JOIN grp g ON g.id = m.group_id " \
	"LEFT JOIN attendance a ON a.meeting_id = m.id "

int
meeting_report_groups(struct db *db, int64_t group_id, int from, int to,
    int (*fn)(const struct att_row *r, void *arg), void *arg)
{
	static const char one_sql[] = GROUP_REPORT "WHERE m.group_id = ?1 AND "
	    "m.held_on BETWEEN ?2 AND ?3 GROUP BY g.id";
	static const char all_sql[] = GROUP_REPORT "WHERE m.held_on BETWEEN ?2 "
	    "AND ?3 AND ?1 = 0 GROUP BY g.id ORDER BY g.name_fold, g.name";
	sqlite3_stmt *st = db_prepare(db, group_id ? one_sql : all_sql);

	if (!st || db_bind(db, st, "iDD", group_id, from, to) < 0)
		return -1;
	return report_loop(db, st, fn, arg);
}

#define MEMBER_REPORT \
	"SELECT g.id, g.name, p.id, p.case_code, count(*), " COUNT_COLS \
	"FROM meeting m JOIN grp g ON g.id = m.group_id " \
	"JOIN attendance a ON a.meeting_id = m.id " \
	"JOIN person p ON p.id = a.person_id "

int
meeting_report_members(struct db *db, int64_t group_id, int from, int to,
    int (*fn)(const struct att_row *r, void *arg), void *arg)
{
	static const char one_sql[] = MEMBER_REPORT "WHERE m.group_id = ?1 AND "
	    "m.held_on BETWEEN ?2 AND ?3 GROUP BY p.id ORDER BY p.case_code";
	static const char all_sql[] = MEMBER_REPORT "WHERE m.held_on BETWEEN ?2 "
	    "AND ?3 AND ?1 = 0 GROUP BY g.id, p.id "
	    "ORDER BY g.name_fold, g.name, p.case_code";
	sqlite3_stmt *st = db_prepare(db, group_id ? one_sql : all_sql);

	if (!st || db_bind(db, st, "iDD", group_id, from, to) < 0)
		return -1;
	return report_loop(db, st, fn, arg);
}

/* How many of person's latest statuses in group are "absent" in a row;
 * *since gets the day of the earliest of them. */
static int
absent_run(struct db *db, int64_t group_id, int64_t person_id, int *count,
    int *since)
{
	static const char sql[] = "SELECT a.status, m.held_on FROM meeting m "
	    "JOIN attendance a ON a.meeting_id = m.id AND a.person_id = ?2 "
	    "WHERE m.group_id = ?1 ORDER BY m.held_on DESC";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	*count = 0;
	*since = DATE_NONE;
	if (!st || db_bind(db, st, "ii", group_id, person_id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW &&
	    str_eq(db_col_text(st, 0), "absent")) {
		(*count)++;
		*since = db_col_date(st, 1);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static void
missed_push(struct meeting_missed **out, size_t *count, size_t *cap,
    const struct meeting_missed *m)
{
	if (*count == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*out = xrealloc(*out, *cap * sizeof **out);
	}
	(*out)[(*count)++] = *m;
}

int
meeting_missed_in_a_row(struct db *db, int n, struct meeting_missed **out,
    size_t *count)
{
	return meeting_missed_among(db, n, NULL, out, count);
}

/* The members who have a status other than "absent" at their group's
 * latest meeting (active groups): their run is 0, so absent_run need
 * not look. Pairs of (group, person) ordered as the memberships are. */
struct pair {
	int64_t group_id, person_id;
};

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	return x->person_id < y->person_id ? -1 : x->person_id > y->person_id;
}

static int
came_last(struct db *db, struct pair **out, size_t *n)
{
	static const char sql[] = "SELECT m.group_id, a.person_id FROM grp g "
	    "JOIN meeting m ON m.id = (SELECT x.id FROM meeting x WHERE "
	    "x.group_id = g.id ORDER BY x.held_on DESC LIMIT 1) "
	    "JOIN attendance a ON a.meeting_id = m.id "
	    "WHERE g.status = 'active' AND a.status <> 'absent'";
	sqlite3_stmt *st = db_prepare(db, sql);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 1024) *
			    sizeof **out);
		(*out)[*n].group_id = db_col_int(st, 0);
		(*out)[(*n)++].person_id = db_col_int(st, 1);
	}
	db_reset(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	if (*n > 1)
		qsort(*out, *n, sizeof **out, pair_cmp);
	return 0;
}

/* The ids of the active groups, ascending. */
static int
active_groups(struct db *db, int64_t **out, size_t *n)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id FROM grp WHERE "
	    "status = 'active' ORDER BY id");
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (*n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 256) *
			    sizeof **out);
		(*out)[(*n)++] = db_col_int(st, 0);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	free(*out);
	*out = NULL;
	return -1;
}

static int
id_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

int
meeting_missed_among(struct db *db, int n, const char *people,
    struct meeting_missed **out, size_t *count)
{
	/* Every open membership, from the index membership_open alone;
	 * those of groups not active are dropped by active_groups (a
	 * search of each membership's group costs more). */
	static const char all_sql[] = "SELECT ms.group_id, ms.person_id FROM "
	    "membership ms WHERE ms.left_on IS NULL "
	    "ORDER BY ms.group_id, ms.person_id";
	/* The same memberships, read person by person. */
	static const char some_sql[] = "SELECT ms.group_id, ms.person_id FROM "
	    "json_each(?1) j JOIN membership ms ON ms.person_id = j.value "
	    "JOIN grp g ON g.id = ms.group_id WHERE "
	    "ms.left_on IS NULL AND g.status = 'active' "
	    "ORDER BY ms.group_id, ms.person_id";
	sqlite3_stmt *st;
	struct meeting_missed m;
	struct pair *came = NULL, key;
	int64_t *active = NULL;
	size_t cap = 0, ncame = 0, nactive = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if (n < 1)
		return error("missed meetings: %d is not 1 or more", n);
	/* For everyone, most members came last time: those are skipped.
	 * A few people are read one by one. */
	if (!people && (came_last(db, &came, &ncame) < 0 ||
	    active_groups(db, &active, &nactive) < 0)) {
		free(came);
		return -1;
	}
	st = db_prepare(db, people ? some_sql : all_sql);
	if (!st || (people && db_bind(db, st, "t", people) < 0)) {
		free(came);
		free(active);
		return -1;
	}
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		m.group_id = key.group_id = db_col_int(st, 0);
		m.person_id = key.person_id = db_col_int(st, 1);
		if (!people && (nactive == 0 || !bsearch(&m.group_id, active,
		    nactive, sizeof *active, id_cmp)))
			continue;
		if (ncame && bsearch(&key, came, ncame, sizeof *came, pair_cmp))
			continue;
		if (absent_run(db, m.group_id, m.person_id, &m.count, &m.since) < 0) {
			rc = -1;
			break;
		}
		if (m.count >= n)
			missed_push(out, count, &cap, &m);
	}
	free(came);
	free(active);
	db_reset(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*count = 0;
		return -1;
	}
	return 0;
}
