/*
 * What an account may see (see scope.h). Places are compared as written
 * (the district or province text of the account against the group's or
 * the person's). Membership is taken as of today's local date.
 */
#include "groups/scope.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"

/* A district or province text, NULL when empty, for binding. */
static const char *
place(const char *s)
{
	return str_empty(s) ? NULL : s;
}

/* 1 when the query counted a row, 0 when not, -1 on error. */
static int
counted(int rc, int64_t n)
{
	return rc < 0 ? -1 : n > 0;
}

int
scope_group(struct db *db, const struct account *a, int64_t group_id)
{
	int64_t n = 0;
	int rc;

	switch (a->role) {
	case ROLE_ADMIN:
		return 1;
	case ROLE_ORGANISER:
		rc = db_int(db, &n, 0, "SELECT count(*) FROM account_group "
		    "WHERE account_id = ? AND group_id = ?", "ii", a->id, group_id);
		return counted(rc, n);
	case ROLE_COORDINATOR:
		rc = db_int(db, &n, 0, "SELECT count(*) FROM grp WHERE id = ?1 "
		    "AND ((?2 IS NOT NULL AND district = ?2) OR "
		    "(?3 IS NOT NULL AND province = ?3))", "itt", group_id,
		    place(a->district), place(a->province));
		return counted(rc, n);
	}
	return 0;
}

int
scope_person(struct db *db, const struct account *a, int64_t person_id)
{
	int64_t n = 0;
	int rc;

	switch (a->role) {
	case ROLE_ADMIN:
		return 1;
	case ROLE_ORGANISER:
		rc = db_int(db, &n, 0, "SELECT count(*) FROM membership m "
		    "JOIN account_group ag ON ag.group_id = m.group_id "
		    "WHERE ag.account_id = ?1 AND m.person_id = ?2 "
		    "AND m.joined_on <= ?3 AND (m.left_on IS NULL OR "
		    "m.left_on > ?3)", "iiD", a->id, person_id, date_today());
		return counted(rc, n);
	case ROLE_COORDINATOR:
		rc = db_int(db, &n, 0, "SELECT EXISTS (SELECT 1 FROM person "
		    "WHERE id = ?1 AND ((?2 IS NOT NULL AND district = ?2) OR "
		    "(?3 IS NOT NULL AND province = ?3))) OR EXISTS (SELECT 1 "
		    "FROM membership m JOIN grp g ON g.id = m.group_id "
		    "WHERE m.person_id = ?1 AND m.joined_on <= ?4 AND "
		    "(m.left_on IS NULL OR m.left_on > ?4) AND "
		    "((?2 IS NOT NULL AND g.district = ?2) OR "
		    "(?3 IS NOT NULL AND g.province = ?3)))", "ittD", person_id,
		    place(a->district), place(a->province), date_today());
		return counted(rc, n);
	}
	return 0;
}

static const char groups_sql[] =
    "SELECT g.id FROM grp g WHERE ?1 = 3 "
    "OR (?1 = 1 AND g.id IN (SELECT group_id FROM account_group "
    "WHERE account_id = ?2)) "
    "OR (?1 = 2 AND ((?3 IS NOT NULL AND g.district = ?3) OR "
    "(?4 IS NOT NULL AND g.province = ?4))) "
    "ORDER BY g.name";

int
scope_groups(struct db *db, const struct account *a, int64_t **ids, int *n)
{
	sqlite3_stmt *st = db_prepare(db, groups_sql);
	size_t cap = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (!st || db_bind(db, st, "ditt", (int)a->role, a->id,
	    place(a->district), place(a->province)) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((size_t)*n == cap)
			*ids = xrealloc(*ids, (cap = cap ? cap * 2 : 64) *
			    sizeof **ids);
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return -1;
}

/* People of an organiser's groups, of a coordinator's place (their own
 * place, or a current membership of a group there), or everyone for an
 * admin (?1 = 3); with ?6, only those whose own commune is ?6 or who are
 * current members of a group there. Ascending. */
#define CURRENT_MEMBER "m.joined_on <= ?5 AND (m.left_on IS NULL OR m.left_on > ?5)"
static const char people_sql[] =
    "SELECT id FROM ("
    "SELECT m.person_id AS id FROM membership m JOIN account_group ag "
    "ON ag.group_id = m.group_id WHERE ?1 = 1 AND ag.account_id = ?2 "
    "AND " CURRENT_MEMBER " "
    "UNION SELECT p.id FROM person p WHERE ?1 = 3 OR (?1 = 2 AND "
    "((?3 IS NOT NULL AND p.district = ?3) OR "
    "(?4 IS NOT NULL AND p.province = ?4))) "
    "UNION SELECT m.person_id FROM membership m JOIN grp g "
    "ON g.id = m.group_id WHERE ?1 = 2 AND " CURRENT_MEMBER " AND "
    "((?3 IS NOT NULL AND g.district = ?3) OR "
    "(?4 IS NOT NULL AND g.province = ?4))) "
    "WHERE ?6 IS NULL OR id IN (SELECT id FROM person WHERE commune = ?6 "
    "COLLATE NOCASE UNION SELECT m.person_id FROM membership m JOIN grp g "
    "ON g.id = m.group_id WHERE g.commune = ?6 COLLATE NOCASE AND "
    CURRENT_MEMBER ") ORDER BY 1";

/* The same for an organiser (?1 = 1) alone: her groups' members are
 * searched through the groups, the commune checked for each of them, so
 * that no person or membership row of other groups is read (people_sql's
 * branches for other roles read the province). */
static const char organiser_people_sql[] =
    "SELECT DISTINCT m.person_id FROM membership m JOIN account_group ag "
    "ON ag.group_id = m.group_id WHERE ?1 = 1 AND ag.account_id = ?2 AND "
    CURRENT_MEMBER " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM person c "
    "WHERE c.id = m.person_id AND c.commune = ?6 COLLATE NOCASE) OR "
    "EXISTS (SELECT 1 FROM membership cm JOIN grp cg ON cg.id = "
    "cm.group_id WHERE cm.person_id = m.person_id AND cg.commune = ?6 "
    "COLLATE NOCASE AND cm.joined_on <= ?5 AND (cm.left_on IS NULL OR "
    "cm.left_on > ?5))) ORDER BY 1";

int
scope_people(struct db *db, const struct account *a, int day,
    const char *commune, int64_t **ids, int *n, int *all)
{
	sqlite3_stmt *st;
	size_t cap = 64;
	int rc;

	*ids = xcalloc(cap, sizeof **ids);
	*n = 0;
	*all = a->role == ROLE_ADMIN && str_empty(commune);
	if (*all)
		return 0;
	if (!(st = db_prepare(db, a->role == ROLE_ORGANISER ?
	    organiser_people_sql : people_sql)) || db_bind(db, st, "dittDt",
	    (int)a->role, a->id, place(a->district), place(a->province),
	    day, place(commune)) < 0)
		goto fail;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((size_t)*n == cap)
			*ids = xrealloc(*ids, (cap *= 2) * sizeof **ids);
		(*ids)[(*n)++] = db_col_int(st, 0);
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
fail:
	free(*ids);
	*ids = NULL;
	*n = 0;
	return -1;
}

int
scope_has(const int64_t *ids, int n, int64_t person_id)
{
	int lo = 0, hi = n - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (ids[mid] == person_id)
			return 1;
		if (ids[mid] < person_id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

int
scope_names(const struct account *a, int coordinator_names)
{
	return a->role != ROLE_COORDINATOR || coordinator_names;
}

/* 1 when some group or person names district with province. */
static int
district_in(struct db *db, const char *province, const char *district)
{
	int64_t n = 0;
	int rc;

	rc = db_int(db, &n, 0, "SELECT EXISTS (SELECT 1 FROM grp WHERE "
	    "province = ?1 AND district = ?2) OR EXISTS (SELECT 1 FROM person "
	    "WHERE province = ?1 AND district = ?2)", "tt", province, district);
	return counted(rc, n);
}

int
scope_area(struct db *db, const struct account *a, const char **province,
    const char **district)
{
	const char *own_p = place(a->province), *own_d = place(a->district);

	*province = place(*province);
	*district = place(*district);
	switch (a->role) {
	case ROLE_ADMIN:
		return 1;
	case ROLE_COORDINATOR:
		if (own_d) {
			if (*district && strcmp(*district, own_d))
				return 0;
			*district = own_d;
			return !*province || district_in(db, *province, own_d);
		}
		if (!own_p || (*province && strcmp(*province, own_p)))
			return 0;
		*province = own_p;
		return !*district || district_in(db, own_p, *district);
	default:
		return 0;
	}
}

static const char districts_sql[] =
    "SELECT DISTINCT district FROM grp WHERE district IS NOT NULL AND "
    "district <> '' AND (?1 = 3 OR (?1 = 2 AND ((?2 IS NOT NULL AND "
    "district = ?2) OR (?3 IS NOT NULL AND province = ?3)))) ORDER BY 1";

int
scope_districts(struct db *db, const struct account *a, char ***out, int *n)
{
	sqlite3_stmt *st = db_prepare(db, districts_sql);
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(db, st, "dtt", (int)a->role, place(a->district),
	    place(a->province)) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		*out = xrealloc(*out, (size_t)(*n + 1) * sizeof **out);
		(*out)[(*n)++] = xstrdup(db_col_text(st, 0));
	}
	db_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	for (int i = 0; i < *n; i++)
		free((*out)[i]);
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}
