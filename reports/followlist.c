/*
 * The follow-up list: who needs attention and why, ranked. It reads the
 * help cases (core/followup.h), the SMS tables, groups, loans and visits,
 * so it sits above all of them.
 */
#include "reports/followlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/followup.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"
#include "core/visit.h"
#include "groups/loan.h"
#include "groups/meeting.h"

static const char *const reason_names[] = {
	N_("help requested"), N_("check-in unanswered"), N_("missed meetings"),
	N_("loan in arrears"), N_("visit overdue"),
};

const char *
followlist_reason_name(enum followlist_reason r)
{
	return reason_names[r];
}

const char *
followlist_reason_label(enum followlist_reason r)
{
	return _(reason_names[r]);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Does organiser name match the filter, ignoring case and diacritics? */
static int
organiser_matches(const char *filter, const char *name)
{
	char *a, *b;
	int eq;

	if (!filter)
		return 1;
	if (!name)
		return 0;
	a = text_fold(filter);
	b = text_fold(name);
	eq = str_eq(str_trim(a), str_trim(b));
	free(a);
	free(b);
	return eq;
}

static void
push(struct followlist *list, const struct followlist_item *it)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 16;
		list->items = xrealloc(list->items, (size_t)list->cap *
		    sizeof *list->items);
	}
	list->items[list->n++] = *it;
}

int
followlist_add(struct db *db, const struct followlist_params *p,
    struct followlist *list, enum followlist_reason reason,
    int64_t person_id, const char *detail, int days)
{
	/* The person's current group: an open membership of an active
	 * group, the newest if there are several. */
	static const char sql[] = "SELECT p.case_code, g.name, "
	    "g.organiser_name FROM person p LEFT JOIN membership m ON "
	    "m.person_id = p.id AND m.joined_on <= ?2 AND (m.left_on IS NULL "
	    "OR m.left_on > ?2) AND EXISTS (SELECT 1 FROM grp x WHERE "
	    "x.id = m.group_id AND x.status = 'active') LEFT JOIN grp g ON "
	    "g.id = m.group_id WHERE p.id = ?1 AND "
	    "(?3 IS NULL OR p.province = ?3 COLLATE NOCASE) AND "
	    "(?4 IS NULL OR p.district = ?4 COLLATE NOCASE) AND "
	    "(?5 IS NULL OR p.commune = ?5 COLLATE NOCASE) "
	    "ORDER BY m.joined_on DESC LIMIT 1";
	struct followlist_item it = { .reason = reason, .person_id = person_id,
		.days = days };
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "iDttt", person_id,
	    p->today, p->province, p->district, p->commune) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW &&
	    organiser_matches(p->organiser, db_col_text(st, 2))) {
		it.case_code = xstrdup(db_col_text(st, 0));
		it.group = dup_or_null(db_col_text(st, 1));
		it.organiser = dup_or_null(db_col_text(st, 2));
		it.detail = dup_or_null(detail);
		push(list, &it);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

void
followlist_rows_push(struct followlist_rows *rows,
    enum followlist_reason reason, int64_t person_id, const char *detail,
    int days)
{
	struct followlist_row *r;

	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 64;
		rows->v = xrealloc(rows->v, (size_t)rows->cap * sizeof *rows->v);
	}
	r = &rows->v[rows->n++];
	r->reason = reason;
	r->person_id = person_id;
	snprintf(r->detail, sizeof r->detail, "%s", detail ? detail : "");
	r->days = days;
}

void
followlist_rows_free(struct followlist_rows *rows)
{
	free(rows->v);
	memset(rows, 0, sizeof *rows);
}

/* One person of the rows, with what each of their rows shows. */
struct who {
	int64_t id;
	char *code, *group, *organiser;
	int keep;               /* found and not left out by the filters */
	int active;             /* the person's status is active */
};

static int
who_cmp(const void *a, const void *b)
{
	const struct who *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The distinct people of rows, by id. */
static struct who *
who_collect(const struct followlist_rows *rows, int *nw)
{
	struct who *w = xcalloc((size_t)rows->n + 1, sizeof *w);
	int n = 0;

	for (int i = 0; i < rows->n; i++)
		w[i].id = rows->v[i].person_id;
	qsort(w, (size_t)rows->n, sizeof *w, who_cmp);
	for (int i = 0; i < rows->n; i++)
		if (n == 0 || w[n - 1].id != w[i].id)
			w[n++].id = w[i].id;
	*nw = n;
	return w;
}

/* The ids as a JSON array, which the lookup reads with json_each. */
static char *
who_json(const struct who *w, int nw)
{
	struct buf b = { 0 };

	buf_addc(&b, '[');
	for (int i = 0; i < nw; i++)
		buf_addf(&b, i ? ",%lld" : "%lld", (long long)w[i].id);
	buf_addc(&b, ']');
	return buf_detach(&b);
}

char *
followlist_people_json(const struct followlist_params *p)
{
	struct buf b = { 0 };

	if (!p->people)
		return NULL;
	buf_addc(&b, '[');
	for (int i = 0; i < p->npeople; i++)
		buf_addf(&b, i ? ",%lld" : "%lld", (long long)p->people[i]);
	buf_addc(&b, ']');
	return buf_detach(&b);
}

static int
id_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

int
followlist_keeps(const struct followlist_params *p, int64_t person_id)
{
	if (!p->people)
		return 1;
	return p->npeople > 0 && bsearch(&person_id, p->people,
	    (size_t)p->npeople, sizeof *p->people, id_cmp) != NULL;
}

/* Does organiser name match the filter folded already? */
static int
organiser_is(const char *fold, const char *name)
{
	char *b;
	int eq;

	if (!fold)
		return 1;
	if (!name)
		return 0;
	b = text_fold(name);
	eq = str_eq(fold, str_trim(b));
	free(b);
	return eq;
}

/* Case code, current group and organiser of every person of w, in one
 * query (the current group as followlist_add finds it), whether the
 * person is active, and whether they live in the place of p. */
static int
who_fetch(struct db *db, const struct followlist_params *p, struct who *w,
    int nw)
{
	static const char sql[] = "SELECT j.key, p.case_code, g.name, "
	    "g.organiser_name, p.status = 'active', "
	    "(?3 IS NULL OR p.province = ?3 COLLATE NOCASE) AND "
	    "(?4 IS NULL OR p.district = ?4 COLLATE NOCASE) AND "
	    "(?5 IS NULL OR p.commune = ?5 COLLATE NOCASE) "
	    "FROM json_each(?1) j JOIN person p ON "
	    "p.id = j.value LEFT JOIN grp g ON g.id = (SELECT m.group_id "
	    "FROM membership m WHERE m.person_id = p.id AND m.joined_on <= ?2 "
	    "AND (m.left_on IS NULL OR m.left_on > ?2) AND EXISTS (SELECT 1 "
	    "FROM grp x WHERE x.id = m.group_id AND x.status = 'active') "
	    "ORDER BY m.joined_on DESC LIMIT 1)";
	char *ids = who_json(w, nw), *fold = NULL, *f = NULL;
	sqlite3_stmt *st;
	int64_t k;
	int rc = -1;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "tDttt", ids,
	    p->today, p->province, p->district, p->commune) < 0)
		goto out;
	if (p->organiser)
		f = str_trim(fold = text_fold(p->organiser));
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if ((k = db_col_int(st, 0)) < 0 || k >= nw)
			continue;
		w[k].code = xstrdup(db_col_text(st, 1));
		w[k].group = dup_or_null(db_col_text(st, 2));
		w[k].organiser = dup_or_null(db_col_text(st, 3));
		w[k].active = db_col_int(st, 4) != 0;
		w[k].keep = db_col_int(st, 5) != 0 &&
		    organiser_is(f, w[k].organiser);
	}
	db_reset(st);
out:
	free(fold);
	free(ids);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
who_free(struct who *w, int nw)
{
	for (int i = 0; i < nw; i++) {
		free(w[i].code);
		free(w[i].group);
		free(w[i].organiser);
	}
	free(w);
}

int
followlist_add_rows(struct db *db, const struct followlist_params *p,
    struct followlist *list, const struct followlist_rows *rows)
{
	struct who *w, key, *x;
	int nw;

	if (rows->n == 0)
		return 0;
	w = who_collect(rows, &nw);
	if (who_fetch(db, p, w, nw) < 0) {
		who_free(w, nw);
		return -1;
	}
	for (int i = 0; i < rows->n; i++) {
		const struct followlist_row *r = &rows->v[i];
		if (!followlist_keeps(p, r->person_id))
			continue;
		key.id = r->person_id;
		x = bsearch(&key, w, (size_t)nw, sizeof *w, who_cmp);
		if (!x || !x->keep || (r->reason == FOLLOWLIST_CHECKIN &&
		    !x->active))
			continue;
		push(list, &(struct followlist_item){ .reason = r->reason,
		    .person_id = r->person_id, .case_code = xstrdup(x->code),
		    .detail = r->detail[0] ? xstrdup(r->detail) : NULL,
		    .group = dup_or_null(x->group),
		    .organiser = dup_or_null(x->organiser), .days = r->days });
	}
	who_free(w, nw);
	return 0;
}

/* Open help cases, oldest first. */
static int
collect_help(struct db *db, const struct followlist_params *p,
    struct followlist_rows *rows)
{
	struct followup_case *c;
	char detail[48], *people = followlist_people_json(p);
	int rc, n;

	rc = followup_open_cases(db, people, &c, &n);
	free(people);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		/* TRANSLATORS: how many times a person asked for help. */
		snprintf(detail, sizeof detail, ngettext("%d request",
		    "%d requests", (unsigned long)c[i].requests), c[i].requests);
		followlist_rows_push(rows, FOLLOWLIST_HELP, c[i].person_id,
		    c[i].requests > 1 ? detail : NULL,
		    (int)((p->now - c[i].opened_at) / 86400));
	}
	free(c);
	return 0;
}

/* Beyond this many people in the filter, the lists are read for everyone
 * and the others' rows dropped (followlist_keeps): one pass over a table
 * costs less than a search per person. */
#define FOLLOWLIST_FEW 2000

/* p->people as JSON for the queries that read person by person, or NULL
 * when those should read everyone (no filter, or a large one). */
static char *
people_few(const struct followlist_params *p)
{
	return p->people && p->npeople <= FOLLOWLIST_FEW ?
	    followlist_people_json(p) : NULL;
}

/* A person's newest sent check-in. */
struct newest {
	int64_t id;             /* 0: none */
	int64_t sent_at;
};

static int
newest_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * Everyone's newest sent check-in sent before limit with no reply
 * pointing at it (inbox.answers), as rows. One pass over the index of
 * sent check-ins by person (outbox_checkin_sent, sms/schema.c) keeps the
 * newest per person in an array by person id, one over the replies'
 * index marks those answered. People no longer active are left out by
 * followlist_add_rows.
 */
static int
checkins_all(struct db *db, const struct followlist_params *p,
    time_t limit, struct followlist_rows *rows)
{
	/* Without statistics the planner would take outbox_sent (state =)
	 * and sort; the index by person reads a fraction of it, in order. */
	static const char sent_sql[] = "SELECT person_id, id, sent_at FROM "
	    "outbox INDEXED BY outbox_checkin_sent WHERE state = 'sent' AND "
	    "kind = 'checkin' AND "
	    "person_id BETWEEN 1 AND ?1 ORDER BY person_id, id";
	static const char answers_sql[] = "SELECT answers FROM inbox WHERE "
	    "answers IS NOT NULL";
	struct newest *nw = NULL;
	int64_t maxid = 0, pid, *open = NULL, *hit;
	char *answered = NULL;
	sqlite3_stmt *st;
	int rc = -1, nopen = 0;

	if (db_int(db, &maxid, 0, "SELECT max(id) FROM person", "") < 0)
		return -1;
	nw = xcalloc((size_t)maxid + 1, sizeof *nw);
	if (!(st = db_prepare(db, sent_sql)) || db_bind(db, st, "i", maxid) < 0)
		goto out;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		pid = db_col_int(st, 0);
		if (db_col_int(st, 1) > nw[pid].id) {
			nw[pid].id = db_col_int(st, 1);
			/* no time sent: never older than the limit */
			nw[pid].sent_at = db_col_null(st, 2) ? INT64_MAX :
			    db_col_int(st, 2);
		}
	}
	db_reset(st);
	if (rc != SQLITE_DONE)
		goto out;
	/* The ids of the newest check-ins sent before limit, ascending. */
	open = xcalloc((size_t)maxid + 1, sizeof *open);
	for (pid = 1; pid <= maxid; pid++)
		if (nw[pid].id && nw[pid].sent_at < limit &&
		    followlist_keeps(p, pid))
			open[nopen++] = nw[pid].id;
	qsort(open, (size_t)nopen, sizeof *open, newest_cmp);
	answered = xcalloc((size_t)nopen + 1, 1);
	rc = -1;
	if (!(st = db_prepare(db, answers_sql)))
		goto out;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		int64_t a = db_col_int(st, 0);
		if ((hit = bsearch(&a, open, (size_t)nopen, sizeof *open,
		    newest_cmp)))
			answered[hit - open] = 1;
	}
	db_reset(st);
	if (rc != SQLITE_DONE)
		goto out;
	for (pid = 1; pid <= maxid; pid++) {
		int64_t id = nw[pid].id;
		if (!id || nw[pid].sent_at >= limit || !followlist_keeps(p, pid))
			continue;
		hit = bsearch(&id, open, (size_t)nopen, sizeof *open, newest_cmp);
		if (hit && !answered[hit - open])
			followlist_rows_push(rows, FOLLOWLIST_CHECKIN, pid, NULL,
			    (int)((p->now - nw[pid].sent_at) / 86400));
	}
	rc = 0;
out:
	free(nw);
	free(open);
	free(answered);
	return rc < 0 ? -1 : 0;
}

/*
 * Active people whose newest sent check-in went out more than the answer
 * delay ago and has no reply pointing at it (inbox.answers).
 */
static int
collect_checkins(struct db *db, const struct followlist_params *p,
    struct followlist_rows *rows)
{
	/* The same for a few people: their newest check-in each, a seek
	 * of the index of sent check-ins by person. */
	static const char some_sql[] = "SELECT o.person_id, o.sent_at FROM "
	    "json_each(?2) j JOIN person q ON q.id = j.value AND "
	    "q.status = 'active' JOIN outbox o ON o.id = (SELECT max(id) "
	    "FROM outbox x WHERE x.person_id = q.id AND x.kind = 'checkin' "
	    "AND x.state = 'sent') WHERE o.sent_at < ?1 "
	    "AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.answers = o.id) "
	    "ORDER BY o.sent_at";
	time_t limit = p->now - (time_t)p->checkin_answer_days * 86400;
	char *people = people_few(p);
	sqlite3_stmt *st;
	int rc;

	if (!people)
		return checkins_all(db, p, limit, rows);
	st = db_prepare(db, some_sql);
	rc = st ? db_bind(db, st, "it", (int64_t)limit, people) : -1;
	free(people);
	if (rc < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		followlist_rows_push(rows, FOLLOWLIST_CHECKIN, db_col_int(st, 0),
		    NULL, (int)((p->now - db_col_int(st, 1)) / 86400));
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int
followlist_collect(struct db *db, const struct followlist_params *p,
    struct followlist *list)
{
	struct followlist_rows rows = { 0 };
	int rc = -1;

	if (collect_help(db, p, &rows) == 0 && collect_checkins(db, p,
	    &rows) == 0)
		rc = followlist_add_rows(db, p, list, &rows);
	followlist_rows_free(&rows);
	return rc;
}

static int
item_cmp(const void *a, const void *b)
{
	const struct followlist_item *x = a, *y = b;

	if (x->reason != y->reason)
		return x->reason < y->reason ? -1 : 1;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	return strcmp(x->case_code, y->case_code);
}

void
followlist_sort(struct followlist *list)
{
	if (list->n > 1)
		qsort(list->items, (size_t)list->n, sizeof *list->items,
		    item_cmp);
}

void
followlist_free(struct followlist *list)
{
	for (int i = 0; i < list->n; i++) {
		free(list->items[i].case_code);
		free(list->items[i].detail);
		free(list->items[i].group);
		free(list->items[i].organiser);
	}
	free(list->items);
	memset(list, 0, sizeof *list);
}

/* Members who missed their group's last meetings in a row. */
static int
add_missed(struct db *db, const struct conf *conf,
    const struct followlist_params *p, struct followlist_rows *rows)
{
	struct meeting_missed *m;
	size_t n;
	char detail[32], *people = people_few(p);
	int rc;

	rc = meeting_missed_among(db, conf->missed_meetings, people, &m, &n);
	free(people);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		snprintf(detail, sizeof detail, ngettext("%d meeting",
		    "%d meetings", (unsigned long)m[i].count), m[i].count);
		if (followlist_keeps(p, m[i].person_id))
			followlist_rows_push(rows, FOLLOWLIST_MISSED,
			    m[i].person_id, detail, p->today - m[i].since);
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
arrears_candidates(struct db *db, const struct followlist_params *p,
    struct loan_of **v, int *n)
{
	static const char sql[] = "SELECT DISTINCT l.person_id, l.id FROM "
	    "json_each(?1) j JOIN loan l ON l.person_id = j.value WHERE "
	    "EXISTS (SELECT 1 FROM loan_inst i WHERE i.loan_id = l.id AND "
	    "i.due_on < ?2 AND (i.paid_off_on IS NULL OR i.paid_off_on > ?2)) "
	    "ORDER BY l.id";
	char *people = followlist_people_json(p);
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
add_arrears_of(struct db *db, const struct followlist_params *p,
    struct followlist_rows *rows)
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
		followlist_rows_push(rows, FOLLOWLIST_ARREARS, v[i].person_id,
		    detail, s.days_overdue);
	}
	free(v);
	return rc;
}

static int
add_arrears(struct db *db, const struct followlist_params *p,
    struct followlist_rows *rows)
{
	struct loan_overdue *a;
	char detail[32];
	int n;

	if (p->people && p->npeople <= FOLLOWLIST_FEW)
		return add_arrears_of(db, p, rows);
	if (loan_arrears_days(db, p->today, &a, &n) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!followlist_keeps(p, a[i].person_id))
			continue;
		/* TRANSLATORS: the loan's number, in the follow-up list. */
		snprintf(detail, sizeof detail, _("loan %lld"),
		    (long long)a[i].loan_id);
		followlist_rows_push(rows, FOLLOWLIST_ARREARS, a[i].person_id,
		    detail, a[i].days_overdue);
	}
	free(a);
	return 0;
}

static int
add_visits(struct db *db, const struct conf *conf,
    const struct followlist_params *p, struct followlist_rows *rows)
{
	struct visit_plan plan = { .nsteps = conf->nvisit_plan };
	struct visit_due *d;
	char *people;
	int n, rc;

	for (int i = 0; i < plan.nsteps && i < VISIT_MAX_STEPS; i++) {
		plan.steps[i].until_months = conf->visit_plan[i].until_months;
		plan.steps[i].every_days = conf->visit_plan[i].every_days;
	}
	people = people_few(p);
	rc = visit_due_among(db, &plan, people, p->today, 0, &d, &n);
	free(people);
	if (rc < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (d[i].days_late > 0 && followlist_keeps(p, d[i].person_id))
			followlist_rows_push(rows, FOLLOWLIST_VISIT, d[i].person_id,
			    NULL, d[i].days_late);
	visit_due_free(d, n);
	return 0;
}

int
followlist_build(struct db *db, const struct conf *conf,
    const struct followlist_params *p, struct followlist *list)
{
	struct followlist_rows rows = { 0 };
	int rc = -1;

	/* Every reason's rows first, then their people looked up at once. */
	if (collect_help(db, p, &rows) == 0 &&
	    collect_checkins(db, p, &rows) == 0 &&
	    add_missed(db, conf, p, &rows) == 0 &&
	    add_arrears(db, p, &rows) == 0 &&
	    add_visits(db, conf, p, &rows) == 0)
		rc = followlist_add_rows(db, p, list, &rows);
	followlist_rows_free(&rows);
	if (rc == 0)
		followlist_sort(list);
	return rc;
}

/* The organiser of each person of d, by one query over their ids. */
static int
due_organisers(struct db *db, struct visit_due *d, int n)
{
	static const char sql[] = "SELECT j.key, (SELECT g.organiser_name "
	    "FROM membership m JOIN grp g ON g.id = m.group_id WHERE "
	    "m.person_id = j.value AND m.left_on IS NULL "
	    "ORDER BY m.joined_on DESC LIMIT 1) FROM json_each(?1) j";
	struct buf b = { 0 };
	sqlite3_stmt *st;
	int64_t k;
	int rc = -1;

	buf_addc(&b, '[');
	for (int i = 0; i < n; i++)
		buf_addf(&b, i ? ",%lld" : "%lld", (long long)d[i].person_id);
	buf_addc(&b, ']');
	if ((st = db_prepare(db, sql)) && db_bind(db, st, "t", b.s) == 0) {
		while ((rc = db_step(db, st)) == SQLITE_ROW)
			if ((k = db_col_int(st, 0)) >= 0 && k < n)
				d[k].organiser = db_col_dup(st, 1);
		db_reset(st);
	}
	buf_free(&b);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Keep, in order, the rows of d whose organiser folds to fold. */
static int
due_keep_organiser(struct visit_due *d, int n, const char *fold)
{
	int kept = 0;
	char *f;

	for (int i = 0; i < n; i++) {
		f = d[i].organiser ? text_fold(d[i].organiser) : NULL;
		if (f && strcmp(f, fold) == 0)
			d[kept++] = d[i];
		else
			free(d[i].organiser);
		free(f);
	}
	return kept;
}

/* The organisers of d's people, and only those of organiser when given. */
static int
due_with_organisers(struct db *db, const char *organiser,
    struct visit_due **out, int *n)
{
	char *fold;

	if (*n == 0)
		return 0;
	if (due_organisers(db, *out, *n) < 0) {
		visit_due_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	if (organiser) {
		fold = text_fold(organiser);
		*n = due_keep_organiser(*out, *n, fold);
		free(fold);
	}
	return 0;
}

int
followlist_visits_due(struct db *db, const struct visit_plan *plan,
    const char *organiser, int at, int ahead, struct visit_due **out,
    int *n)
{
	if (visit_due(db, plan, at, ahead, out, n) < 0)
		return -1;
	return due_with_organisers(db, organiser, out, n);
}

int
followlist_visits_due_among(struct db *db, const struct visit_plan *plan,
    const char *organiser, const char *people, int at, int ahead,
    struct visit_due **out, int *n)
{
	if (visit_due_among(db, plan, people, at, ahead, out, n) < 0)
		return -1;
	return due_with_organisers(db, organiser, out, n);
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
