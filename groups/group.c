#include "groups/group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ustring.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"

#define GROUP_SELECT \
	"SELECT id, name, village, commune, district, province, place, " \
	"organiser_name, organiser_phone, founded_on, status, closed_on, rule, " \
	"rule_input, start_min, duration_min, sched_from, holiday_policy, " \
	"reminder_days FROM grp "

static const char *const roles[] = { "member", "leader", "treasurer", NULL };
/* TRANSLATORS: a person's role in a self-help group. */
static const char *const role_labels[] = { N_("member"), N_("leader"),
	N_("treasurer") };

void
group_init(struct group *g)
{
	memset(g, 0, sizeof *g);
	g->founded_on = g->closed_on = g->sched_from = DATE_NONE;
	g->start_min = -1;
	g->duration_min = 120;
	g->reminder_days = -1;
}

int
group_role_valid(const char *role)
{
	for (int i = 0; roles[i]; i++)
		if (str_eq(roles[i], role))
			return 1;
	return 0;
}

const char *
group_role_label(const char *role)
{
	for (int i = 0; roles[i]; i++)
		if (str_eq(roles[i], role))
			return _(role_labels[i]);
	return role;
}

const char *
group_status_label(const char *status)
{
	if (str_eq(status, "active"))
		/* TRANSLATORS: the status of a group (or of a record). */
		return _("active");
	if (str_eq(status, "closed"))
		/* TRANSLATORS: the status of a group (or of a record). */
		return _("closed");
	return status;
}

static int
check_text(const char *what, const char *s, size_t max)
{
	if (s && !text_valid_utf8(s, strlen(s)))
		return error("%s: not valid UTF-8 text", what);
	if (s && strlen(s) > max)
		return error("%s: longer than %zu bytes", what, max);
	return 0;
}

static int
validate_schedule(const struct group *g)
{
	if (g->holiday_policy && !str_eq(g->holiday_policy, "skip") &&
	    !str_eq(g->holiday_policy, "move"))
		return error("holiday policy: \"%s\" is not skip or move",
		    g->holiday_policy);
	if (g->reminder_days < -1 || g->reminder_days > 30)
		return error("reminder days: %d is not from 0 to 30",
		    g->reminder_days);
	if (g->duration_min < 1 || g->duration_min > 24 * 60)
		return error("duration: %d minutes is not from 1 to 1440",
		    g->duration_min);
	if (g->rule && (g->start_min < 0 || g->start_min > 1439))
		return error("schedule: a start time of day is needed");
	return 0;
}

int
group_validate(const struct group *g)
{
	if (str_empty(g->name))
		return error("name: a group name is needed");
	if (g->name[0] == '#')
		return error("name: \"%s\" may not start with #", g->name);
	if (check_text("name", g->name, 200) < 0 ||
	    check_text("village", g->village, 200) < 0 ||
	    check_text("commune", g->commune, 200) < 0 ||
	    check_text("district", g->district, 200) < 0 ||
	    check_text("province", g->province, 200) < 0 ||
	    check_text("place", g->place, 500) < 0 ||
	    check_text("organiser", g->organiser_name, 200) < 0)
		return -1;
	char masked[32];

	if (g->organiser_phone && (strncmp(g->organiser_phone, "+84", 3) ||
	    strlen(g->organiser_phone) < 12))
		return error("organiser phone: \"%s\" is not a Vietnamese number",
		    phone_mask(g->organiser_phone, masked, sizeof masked));
	if (g->founded_on != DATE_NONE && g->founded_on > date_today())
		return error("founded: the date is in the future");
	return validate_schedule(g);
}

/* The name in Unicode case-folded form, for comparing names ignoring
 * case (diacritics kept). Caller frees. */
static char *
casefold(const char *utf8)
{
	UChar in[512], out[512];
	char *res;
	int32_t n = 0, m;
	UErrorCode e = U_ZERO_ERROR;

	u_strFromUTF8(in, (int32_t)NELEM(in), &n, utf8, -1, &e);
	m = U_SUCCESS(e) ? u_strFoldCase(out, (int32_t)NELEM(out), in, n,
	    U_FOLD_CASE_DEFAULT, &e) : 0;
	if (U_FAILURE(e))
		return xstrdup(utf8);
	res = xmalloc((size_t)m * 3 + 1);
	u_strToUTF8(res, m * 3 + 1, NULL, out, m, &e);
	if (U_FAILURE(e)) {
		free(res);
		return xstrdup(utf8);
	}
	return res;
}

/* 1 if a and b are the same name ignoring case. */
static int
same_name(const char *a, const char *b)
{
	char *x = casefold(a), *y = casefold(b);
	int eq = strcmp(x, y) == 0;

	free(x);
	free(y);
	return eq;
}

/* Another group already has this name (ignoring case)? */
static int
name_taken(struct db *db, const char *name, int64_t self)
{
	static const char sql[] = "SELECT name FROM grp WHERE name_fold = ? "
	    "AND id <> ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	char *fold = text_fold(name);
	int rc, taken = 0;

	if (!st || db_bind(db, st, "ti", fold, self) < 0) {
		free(fold);
		return -1;
	}
	while (!taken && (rc = db_step(db, st)) == SQLITE_ROW)
		taken = same_name(db_col_text(st, 0), name);
	db_reset(st);
	free(fold);
	if (rc < 0)
		return -1;
	return taken ? error("group \"%s\" already exists", name) : 0;
}

static const char insert_sql[] =
    "INSERT INTO grp (name, name_fold, village, commune, district, province, "
    "place, organiser_name, organiser_phone, founded_on, rule, rule_input, "
    "start_min, duration_min, sched_from, holiday_policy, reminder_days, "
    "status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "?, ?, nullif(?, -1), ?, ?, ?, nullif(?, -1), 'active', ?, ?)";

static const char update_sql[] =
    "UPDATE grp SET name = ?, name_fold = ?, village = ?, commune = ?, "
    "district = ?, province = ?, place = ?, organiser_name = ?, "
    "organiser_phone = ?, founded_on = ?, rule = ?, rule_input = ?, "
    "start_min = nullif(?, -1), duration_min = ?, sched_from = ?, "
    "holiday_policy = ?, reminder_days = nullif(?, -1), updated_at = ? "
    "WHERE id = ?";

/* The NFC name in g->name, and its folded form (caller frees). */
static char *
normalize_name(struct group *g)
{
	char *name;

	if (!g->name)
		return xstrdup("");
	name = text_nfc(g->name);
	free(g->name);
	g->name = name;
	return text_fold(name);
}

int
group_add(struct db *db, struct group *g)
{
	int64_t now = clock_now();
	char *fold = normalize_name(g);
	int rc;

	if (group_validate(g) < 0 || name_taken(db, g->name, 0) < 0) {
		free(fold);
		return -1;
	}
	rc = db_run(db, insert_sql, "ttttttttt" "D" "tt" "ddD" "t" "d" "ii",
	    g->name, fold, g->village, g->commune, g->district, g->province,
	    g->place, g->organiser_name, g->organiser_phone, g->founded_on,
	    g->rule, g->rule_input, g->start_min, g->duration_min,
	    g->sched_from, g->holiday_policy, g->reminder_days, now, now);
	free(fold);
	if (rc < 0)
		return -1;
	g->id = db_last_id(db);
	return db_audit(db, "group", g->id, "add");
}

int
group_update(struct db *db, const struct group *g)
{
	struct group copy = *g;
	char *fold;
	int rc;

	copy.name = g->name ? xstrdup(g->name) : NULL;
	fold = normalize_name(&copy);
	rc = group_validate(&copy) < 0 || name_taken(db, copy.name, g->id) < 0;
	if (!rc)
		rc = db_run(db, update_sql, "ttttttttt" "D" "tt" "ddD" "t" "d"
		    "ii", copy.name, fold, g->village, g->commune, g->district,
		    g->province, g->place, g->organiser_name,
		    g->organiser_phone, g->founded_on, g->rule, g->rule_input,
		    g->start_min, g->duration_min, g->sched_from,
		    g->holiday_policy, g->reminder_days, (int64_t)clock_now(),
		    g->id) < 0;
	free(fold);
	free(copy.name);
	if (rc)
		return -1;
	return db_audit(db, "group", g->id, "edit");
}

static void
group_from_row(sqlite3_stmt *st, struct group *g)
{
	g->id = db_col_int(st, 0);
	g->name = db_col_dup(st, 1);
	g->village = db_col_dup(st, 2);
	g->commune = db_col_dup(st, 3);
	g->district = db_col_dup(st, 4);
	g->province = db_col_dup(st, 5);
	g->place = db_col_dup(st, 6);
	g->organiser_name = db_col_dup(st, 7);
	g->organiser_phone = db_col_dup(st, 8);
	g->founded_on = db_col_date(st, 9);
	g->status = db_col_dup(st, 10);
	g->closed_on = db_col_date(st, 11);
	g->rule = db_col_dup(st, 12);
	g->rule_input = db_col_dup(st, 13);
	g->start_min = db_col_null(st, 14) ? -1 : (int)db_col_int(st, 14);
	g->duration_min = (int)db_col_int(st, 15);
	g->sched_from = db_col_date(st, 16);
	g->holiday_policy = db_col_dup(st, 17);
	g->reminder_days = db_col_null(st, 18) ? -1 : (int)db_col_int(st, 18);
}

void
group_free(struct group *g)
{
	char **strs[] = { &g->name, &g->village, &g->commune, &g->district,
		&g->province, &g->place, &g->organiser_name, &g->organiser_phone,
		&g->status, &g->rule, &g->rule_input, &g->holiday_policy };

	for (size_t i = 0; i < NELEM(strs); i++) {
		free(*strs[i]);
		*strs[i] = NULL;
	}
}

/* Load the rows of a prepared, bound statement: 0 rows gives 0, one row
 * fills out and gives 1. -1 on error. */
static int
load_rows(struct db *db, sqlite3_stmt *st, struct group *out)
{
	int rc, n = 0;

	while (n < 1 && (rc = db_step(db, st)) == SQLITE_ROW)
		if (n++ == 0)
			group_from_row(st, out);
	db_reset(st);
	if (n == 0 && rc < 0)
		return -1;
	return n;
}

int
group_get_id(struct db *db, int64_t id, struct group *out)
{
	static const char sql[] = GROUP_SELECT "WHERE id = ?";
	sqlite3_stmt *st = db_prepare(db, sql);
	int n;

	group_init(out);
	if (!st || db_bind(db, st, "i", id) < 0 ||
	    (n = load_rows(db, st, out)) < 0)
		return -1;
	if (n == 0)
		return error("group \"#%lld\" not found", (long long)id);
	return 0;
}

/* By name ignoring case, else by the name without diacritics when that
 * is unique. */
static int
group_get_name(struct db *db, const char *ref, struct group *out)
{
	static const char sql[] = "SELECT id, name FROM grp WHERE name_fold = ? "
	    "ORDER BY id";
	sqlite3_stmt *st = db_prepare(db, sql);
	char *fold = text_fold(ref), *nfc = text_nfc(ref);
	int64_t exact = 0, any = 0;
	int rc, n = 0;

	if (!st || db_bind(db, st, "t", fold) < 0)
		rc = -1;
	else
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			n++;
			any = db_col_int(st, 0);
			if (same_name(db_col_text(st, 1), nfc))
				exact = any;
		}
	db_reset(st);
	free(fold);
	free(nfc);
	if (rc < 0)
		return -1;
	if (exact || n == 1)
		return group_get_id(db, exact ? exact : any, out);
	if (n > 1)
		return error("group \"%s\" matches several groups: write the "
		    "name with its diacritics or use #ID", ref);
	return error("group \"%s\" not found", ref);
}

int
group_get(struct db *db, const char *ref, struct group *out)
{
	int64_t id;

	group_init(out);
	if (str_empty(ref))
		return error("group: a name or #ID is needed");
	if (ref[0] == '#') {
		if (parse_int64(ref + 1, 1, INT64_MAX, &id) < 0)
			return error("group \"%s\" not found", ref);
		return group_get_id(db, id, out);
	}
	return group_get_name(db, ref, out);
}

/* Refuse to end memberships before they began. */
static int
later_joiners(struct db *db, int64_t group_id, int day)
{
	int64_t n;
	char buf[16];

	if (db_int(db, &n, 0, "SELECT count(*) FROM membership WHERE "
	    "group_id = ? AND left_on IS NULL AND joined_on > ?", "iD",
	    group_id, day) < 0)
		return -1;
	if (n)
		return error("date: %s is before %lld member(s) joined",
		    date_show(day, buf), (long long)n);
	return 0;
}

int
group_close(struct db *db, int64_t group_id, int day)
{
	static const char close_sql[] = "UPDATE grp SET status = 'closed', "
	    "closed_on = ?, updated_at = ? WHERE id = ? AND status = 'active'";
	static const char end_sql[] = "UPDATE membership SET left_on = ?, "
	    "leave_reason = crypt_seal('group closed', 'membership.leave_reason', "
	    "id) WHERE group_id = ? AND "
	    "left_on IS NULL RETURNING id";
	sqlite3_stmt *st;
	int rc;

	if (day > date_today())
		return error("date: closing date is in the future");
	if (later_joiners(db, group_id, day) < 0)
		return -1;
	if (db_run(db, close_sql, "Dii", day, (int64_t)clock_now(), group_id) < 0)
		return -1;
	if (db_changes(db) == 0)
		return error("group is already closed");
	if (!(st = db_prepare(db, end_sql)) ||
	    db_bind(db, st, "Di", day, group_id) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if (db_audit(db, "membership", db_col_int(st, 0), "leave") < 0)
			rc = -1;
	db_reset(st);
	if (rc < 0)
		return -1;
	return db_audit(db, "group", group_id, "close");
}

int
group_each(struct db *db, const char *status,
    int (*fn)(const struct group *g, void *arg), void *arg)
{
	static const char sql[] = GROUP_SELECT
	    "WHERE ?1 IS NULL OR status = ?1 ORDER BY name_fold, name";
	sqlite3_stmt *st = db_prepare(db, sql);
	struct group g;
	int rc, stop = 0;

	if (!st || db_bind(db, st, "t", status) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		group_init(&g);
		group_from_row(st, &g);
		stop = fn(&g, arg);
		group_free(&g);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

/* The joining person must be active and the group open on day. */
static int
join_check_parties(struct db *db, int64_t group_id, int64_t person_id,
    int day)
{
	static const char sql[] = "SELECT (SELECT status FROM person WHERE id = ?1) "
	    "= 'active', (SELECT status FROM grp WHERE id = ?2) = 'active', "
	    "(SELECT founded_on FROM grp WHERE id = ?2) > ?3";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc, person_ok = 0, group_ok = 0, early = 0;

	if (!st || db_bind(db, st, "iiD", person_id, group_id, day) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		person_ok = (int)db_col_int(st, 0);
		group_ok = (int)db_col_int(st, 1);
		early = (int)db_col_int(st, 2);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (!person_ok)
		return error("the person is closed and cannot join a group");
	if (!group_ok)
		return error("the group is closed");
	if (early)
		return error("date: the group was founded after that day");
	return 0;
}

/* A membership of person that is open on or after day: in this group
 * (always refused) or, unless allow_multiple, in another one. */
static int
join_check_overlap(struct db *db, int64_t group_id, int64_t person_id,
    int day, int allow_multiple)
{
	static const char sql[] = "SELECT m.group_id, g.name FROM membership m "
	    "JOIN grp g ON g.id = m.group_id WHERE m.person_id = ? AND "
	    "(m.left_on IS NULL OR m.left_on > ?) AND (? = 0 OR m.group_id = ?) "
	    "ORDER BY m.group_id = ? DESC LIMIT 1";
	sqlite3_stmt *st = db_prepare(db, sql);
	int64_t other = 0;
	char *name = NULL;
	int rc;

	if (!st || db_bind(db, st, "iDdii", person_id, day, allow_multiple != 0,
	    group_id, group_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		other = db_col_int(st, 0);
		name = xstrdup(db_col_text(st, 1));
	}
	db_reset(st);
	if (other == group_id)
		error("already a member of this group on or after that day");
	else if (other)
		error("already a member of group \"%s\" (a person may be in one "
		    "group; leave it first)", name);
	free(name);
	return rc < 0 || other ? -1 : 0;
}

int
group_join(struct db *db, int64_t group_id, int64_t person_id, int day,
    const char *role, int allow_multiple, int64_t *id)
{
	static const char sql[] = "INSERT INTO membership (group_id, person_id, "
	    "role, joined_on) VALUES (?, ?, ?, ?)";

	if (!role)
		role = "member";
	if (!group_role_valid(role))
		return error("role: \"%s\" is not member, leader or treasurer",
		    role);
	if (day > date_today())
		return error("date: joining date is in the future");
	if (join_check_parties(db, group_id, person_id, day) < 0 ||
	    join_check_overlap(db, group_id, person_id, day, allow_multiple) < 0)
		return -1;
	if (db_run(db, sql, "iitD", group_id, person_id, role, day) < 0)
		return -1;
	if (id)
		*id = db_last_id(db);
	return db_audit(db, "membership", db_last_id(db), "join");
}

/* The open membership of person in group: its id and joined day. */
static int
open_membership(struct db *db, int64_t group_id, int64_t person_id,
    int64_t *id, int *joined)
{
	static const char sql[] = "SELECT id, joined_on FROM membership WHERE "
	    "group_id = ? AND person_id = ? AND left_on IS NULL";
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc;

	*id = 0;
	if (!st || db_bind(db, st, "ii", group_id, person_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		*id = db_col_int(st, 0);
		*joined = db_col_date(st, 1);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	return *id ? 0 : error("not a member of this group");
}

int
group_leave(struct db *db, int64_t group_id, int64_t person_id, int day,
    const char *reason)
{
	static const char sql[] = "UPDATE membership SET left_on = ?, "
	    "leave_reason = crypt_seal(?, 'membership.leave_reason', id) "
	    "WHERE id = ?";
	int64_t id;
	int joined;

	if (str_empty(reason))
		return error("reason: say why the person left");
	if (check_text("reason", reason, 500) < 0)
		return -1;
	if (day > date_today())
		return error("date: leaving date is in the future");
	if (open_membership(db, group_id, person_id, &id, &joined) < 0)
		return -1;
	if (day < joined)
		return error("date: the person joined after that day");
	if (db_run(db, sql, "Dti", day, reason, id) < 0)
		return -1;
	return db_audit(db, "membership", id, "leave");
}

int
group_set_role(struct db *db, int64_t group_id, int64_t person_id,
    const char *role)
{
	int64_t id;
	int joined;

	if (!group_role_valid(role))
		return error("role: \"%s\" is not member, leader or treasurer",
		    role ? role : "");
	if (open_membership(db, group_id, person_id, &id, &joined) < 0)
		return -1;
	if (db_run(db, "UPDATE membership SET role = ? WHERE id = ?", "ti", role,
	    id) < 0)
		return -1;
	return db_audit(db, "membership", id, "role");
}

int
group_is_member(struct db *db, int64_t group_id, int64_t person_id, int day)
{
	int64_t n;

	if (db_int(db, &n, 0, "SELECT count(*) FROM membership WHERE "
	    "person_id = ?1 AND group_id = ?2 AND joined_on <= ?3 AND "
	    "(left_on IS NULL OR left_on > ?3)", "iiD", person_id, group_id,
	    day) < 0)
		return -1;
	return n > 0;
}

int
group_member_count(struct db *db, int64_t group_id, int day)
{
	int64_t n;

	if (db_int(db, &n, 0, "SELECT count(*) FROM membership WHERE "
	    "group_id = ?1 AND joined_on <= ?2 AND (left_on IS NULL OR "
	    "left_on > ?2)", "iD", group_id, day) < 0)
		return -1;
	return (int)n;
}

#define MEMBER_SELECT \
	"SELECT m.id, m.group_id, m.person_id, p.case_code, " \
	"crypt_open(p.full_name, 'person.full_name', p.id), " \
	"m.role, m.joined_on, m.left_on, " \
	"crypt_open(m.leave_reason, 'membership.leave_reason', m.id) " \
	"FROM membership m " \
	"JOIN person p ON p.id = m.person_id "

static int
members_loop(struct db *db, sqlite3_stmt *st,
    int (*fn)(const struct membership *m, void *arg), void *arg)
{
	struct membership m;
	int rc, stop = 0;

	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		m.id = db_col_int(st, 0);
		m.group_id = db_col_int(st, 1);
		m.person_id = db_col_int(st, 2);
		m.case_code = db_col_text(st, 3);
		m.full_name = db_col_text(st, 4);
		m.role = db_col_text(st, 5);
		m.joined_on = db_col_date(st, 6);
		m.left_on = db_col_date(st, 7);
		m.leave_reason = db_col_text(st, 8);
		stop = fn(&m, arg);
	}
	db_reset(st);
	return stop ? stop : (rc < 0 ? -1 : 0);
}

int
group_members_each(struct db *db, int64_t group_id, int day,
    int (*fn)(const struct membership *m, void *arg), void *arg)
{
	static const char at_sql[] = MEMBER_SELECT "WHERE m.group_id = ?1 AND "
	    "m.joined_on <= ?2 AND (m.left_on IS NULL OR m.left_on > ?2) "
	    "ORDER BY p.case_code";
	static const char all_sql[] = MEMBER_SELECT "WHERE m.group_id = ? "
	    "ORDER BY m.joined_on, p.case_code, m.id";
	sqlite3_stmt *st;

	if (day == DATE_NONE) {
		if (!(st = db_prepare(db, all_sql)) ||
		    db_bind(db, st, "i", group_id) < 0)
			return -1;
	} else if (!(st = db_prepare(db, at_sql)) ||
	    db_bind(db, st, "iD", group_id, day) < 0) {
		return -1;
	}
	return members_loop(db, st, fn, arg);
}

int
group_person_each(struct db *db, int64_t person_id,
    int (*fn)(const struct membership *m, void *arg), void *arg)
{
	static const char sql[] = MEMBER_SELECT "WHERE m.person_id = ? "
	    "ORDER BY m.joined_on, m.id";
	sqlite3_stmt *st = db_prepare(db, sql);

	if (!st || db_bind(db, st, "i", person_id) < 0)
		return -1;
	return members_loop(db, st, fn, arg);
}
