#include "reports/followlist.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/visit.h"
#include "groups/loan.h"
#include "core/i18n.h"
#include "groups/meeting.h"
#include "core/util.h"

/* Members who missed their group's last meetings in a row. */
static int
add_missed(struct db *db, const struct conf *conf,
    const struct followup_params *p, struct followup_rows *rows)
{
	struct meeting_missed *m;
	size_t n;
	char detail[32], *people = followup_people_json(p);
	int rc;

	rc = meeting_missed_among(db, conf->missed_meetings, people, &m, &n);
	free(people);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		snprintf(detail, sizeof detail, ngettext("%d meeting",
		    "%d meetings", (unsigned long)m[i].count), m[i].count);
		followup_rows_push(rows, FOLLOWUP_MISSED, m[i].person_id,
		    detail, p->today - m[i].since);
	}
	free(m);
	return 0;
}

/*
 * The loans in arrears of the people of p only (the query of loan_arrears
 * reads every loan of the province): the loans of those people with an
 * installment due before today and not paid off by today, as
 * loan_arrears picks them, then each one's state by loan_state_at.
 */
struct loan_of {
	int64_t person_id, loan_id;
};

/* The candidate loans of the people of p into *v (caller frees). */
static int
arrears_candidates(struct db *db, const struct followup_params *p,
    struct loan_of **v, int *n)
{
	static const char sql[] = "SELECT DISTINCT l.person_id, l.id FROM "
	    "json_each(?1) j JOIN loan l ON l.person_id = j.value WHERE "
	    "EXISTS (SELECT 1 FROM loan_inst i WHERE i.loan_id = l.id AND "
	    "i.due_on < ?2 AND (i.paid_off_on IS NULL OR i.paid_off_on > ?2)) "
	    "ORDER BY l.id";
	char *people = followup_people_json(p);
	sqlite3_stmt *st;
	int rc = -1;

	*v = NULL;
	*n = 0;
	if ((st = db_prepare(db, sql)) && db_bind(db, st, "tD", people,
	    p->today) == 0) {
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			*v = xrealloc(*v, (size_t)(*n + 1) * sizeof **v);
			(*v)[*n].person_id = db_col_int(st, 0);
			(*v)[(*n)++].loan_id = db_col_int(st, 1);
		}
		db_reset(st);
	}
	free(people);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
add_arrears_of(struct db *db, const struct followup_params *p,
    struct followup_rows *rows)
{
	struct loan_state s;
	struct loan_of *v;
	char detail[32];
	int n, rc;

	rc = arrears_candidates(db, p, &v, &n);
	for (int i = 0; rc == 0 && i < n; i++) {
		if ((rc = loan_state_at(db, v[i].loan_id, p->today, &s)) < 0 ||
		    s.status != LOAN_ARREARS)
			continue;
		snprintf(detail, sizeof detail, _("loan %lld"),
		    (long long)v[i].loan_id);
		followup_rows_push(rows, FOLLOWUP_ARREARS, v[i].person_id,
		    detail, s.days_overdue);
	}
	free(v);
	return rc;
}

static int
add_arrears(struct db *db, const struct followup_params *p,
    struct followup_rows *rows)
{
	struct loan_arrear *a;
	char detail[32];
	int n;

	if (p->people)
		return add_arrears_of(db, p, rows);
	if (loan_arrears(db, p->today, &a, &n) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		/* TRANSLATORS: the loan's number, in the follow-up list. */
		snprintf(detail, sizeof detail, _("loan %lld"),
		    (long long)a[i].loan_id);
		followup_rows_push(rows, FOLLOWUP_ARREARS, a[i].person_id,
		    detail, a[i].days_overdue);
	}
	loan_arrears_free(a, n);
	return 0;
}

static int
add_visits(struct db *db, const struct conf *conf,
    const struct followup_params *p, struct followup_rows *rows)
{
	struct visit_plan plan = { .nsteps = conf->nvisit_plan };
	struct visit_due *d;
	char *people;
	int n, rc;

	for (int i = 0; i < plan.nsteps && i < VISIT_MAX_STEPS; i++) {
		plan.steps[i].until_months = conf->visit_plan[i].until_months;
		plan.steps[i].every_days = conf->visit_plan[i].every_days;
	}
	people = followup_people_json(p);
	rc = visit_due_among(db, &plan, NULL, people, p->today, 0, &d, &n);
	free(people);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (d[i].days_late > 0)
			followup_rows_push(rows, FOLLOWUP_VISIT, d[i].person_id,
			    NULL, d[i].days_late);
	visit_due_free(d, n);
	return 0;
}

int
followlist_build(struct db *db, const struct conf *conf,
    const struct followup_params *p, struct followup_list *list)
{
	struct followup_rows rows = { 0 };
	int rc = -1;

	if (followup_collect(db, p, list) < 0)
		return -1;
	if (add_missed(db, conf, p, &rows) == 0 &&
	    add_arrears(db, p, &rows) == 0 &&
	    add_visits(db, conf, p, &rows) == 0)
		rc = followup_add_rows(db, p, list, &rows);
	followup_rows_free(&rows);
	if (rc == 0)
		followup_sort(list);
	return rc;
}

int
followlist_members(struct db *db, const int64_t *groups, int ngroups,
    int day, int64_t **ids, int *n)
{
	static const char sql[] = "SELECT DISTINCT m.person_id FROM "
	    "membership m WHERE m.group_id IN (SELECT value FROM "
	    "json_each(?1)) AND m.joined_on <= ?2 AND (m.left_on IS NULL OR "
	    "m.left_on > ?2) ORDER BY m.person_id";
	struct buf b = { 0 };
	sqlite3_stmt *st;
	int rc = -1, cap = 16;

	*n = 0;
	*ids = xcalloc((size_t)cap, sizeof **ids);
	buf_addc(&b, '[');
	for (int i = 0; i < ngroups; i++)
		buf_addf(&b, i ? ",%lld" : "%lld", (long long)groups[i]);
	buf_addc(&b, ']');
	if ((st = db_prepare(db, sql)) && db_bind(db, st, "tD", b.s, day) == 0) {
		while ((rc = db_step(db, st)) == SQLITE_ROW) {
			if (*n == cap)
				*ids = xrealloc(*ids, (size_t)(cap *= 2) *
				    sizeof **ids);
			(*ids)[(*n)++] = db_col_int(st, 0);
		}
		db_reset(st);
	}
	buf_free(&b);
	if (rc == SQLITE_DONE)
		return 0;
	free(*ids);
	*ids = NULL;
	*n = 0;
	return -1;
}
