#include "reports/followlist.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/visit.h"
#include "groups/loan.h"
#include "core/i18n.h"
#include "groups/meeting.h"

/* Members who missed their group's last meetings in a row. */
static int
add_missed(struct db *db, const struct conf *conf,
    const struct followup_params *p, struct followup_rows *rows)
{
	struct meeting_missed *m;
	size_t n;
	char detail[32];

	if (meeting_missed_in_a_row(db, conf->missed_meetings, &m, &n) < 0)
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

static int
add_arrears(struct db *db, const struct followup_params *p,
    struct followup_rows *rows)
{
	struct loan_arrear *a;
	char detail[32];
	int n;

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
	int n;

	for (int i = 0; i < plan.nsteps && i < VISIT_MAX_STEPS; i++) {
		plan.steps[i].until_months = conf->visit_plan[i].until_months;
		plan.steps[i].every_days = conf->visit_plan[i].every_days;
	}
	if (visit_due(db, &plan, NULL, p->today, 0, &d, &n) < 0)
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
