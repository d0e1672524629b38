#include "groups/schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/util.h"
#include "groups/recur.h"

/* How far back rule days are looked at, so that a meeting a holiday moved
 * into the window is found (holidays last at most 31 days). */
#define HOLIDAY_REACH 40

const char *
schedule_state_name(enum sched_state s)
{
	switch (s) {
	case SCHED_PLANNED: return "planned";
	case SCHED_MOVED: return "moved";
	case SCHED_CANCELLED: return "cancelled";
	}
	return "?";
}

const char *
schedule_state_label(enum sched_state s)
{
	switch (s) {
	/* TRANSLATORS: the state of one meeting in the schedule. */
	case SCHED_PLANNED: return _("planned");
	/* TRANSLATORS: the state of one meeting in the schedule. */
	case SCHED_MOVED: return _("moved");
	/* TRANSLATORS: the state of one meeting in the schedule. */
	case SCHED_CANCELLED: return _("cancelled");
	}
	return "?";
}

const char *
schedule_policy_label(const char *policy)
{
	if (str_eq(policy, "skip"))
		/* TRANSLATORS: what happens to a meeting on a holiday. */
		return _("skip the meeting");
	if (str_eq(policy, "move"))
		/* TRANSLATORS: what happens to a meeting on a holiday. */
		return _("move it to the next free day");
	return policy;
}

const char *
schedule_policy(const struct conf *conf, const struct group *g)
{
	if (g->holiday_policy)
		return g->holiday_policy;
	return conf->holiday_policy ? conf->holiday_policy : "move";
}

int
schedule_reminder_days(const struct conf *conf, const struct group *g)
{
	return g->reminder_days >= 0 ? g->reminder_days :
	    conf->meeting_days_before;
}

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

/* RRULE text may be followed by a start time: "FREQ=WEEKLY;BYDAY=WE
 * 08:00". Parse both into r. */
static int
parse_rule(const char *text, struct recur_rule *r)
{
	const char *sp = strrchr(text, ' ');
	char *rule;
	int minutes, rc;

	if (!strchr(text, '=') || !sp ||
	    time_of_day_parse(sp + 1, &minutes) < 0)
		return recur_parse(text, r);
	rule = xstrndup(text, (size_t)(sp - text));
	rc = recur_parse(str_trim(rule), r);
	free(rule);
	if (rc == 0)
		r->start_minutes = minutes;
	return rc;
}

int
schedule_parse_into(struct group *g, const char *text, int from)
{
	struct recur_rule r;
	struct recur_iter *it;

	if (str_empty(text)) {
		set_str(&g->rule, NULL);
		set_str(&g->rule_input, NULL);
		g->sched_from = DATE_NONE;
		return 0;
	}
	if (parse_rule(text, &r) < 0)
		return -1;
	if (r.start_minutes < 0 && g->start_min < 0)
		return error("schedule: \"%s\" needs a start time, e.g. "
		    "\"monthly 5 08:00\"", text);
	if (from == DATE_NONE)
		from = date_today();
	/* libical checks what the parser let through. */
	if (recur_iter_new(r.rrule, from, &it) < 0)
		return -1;
	recur_iter_free(it);
	set_str(&g->rule, r.rrule);
	set_str(&g->rule_input, text);
	if (r.start_minutes >= 0)
		g->start_min = r.start_minutes;
	g->sched_from = from;
	return 0;
}

/* The config's holidays in the engine's form; returns how many. */
static int
conf_holidays(const struct conf *conf, struct recur_holiday *h)
{
	int n = 0;

	for (int i = 0; i < conf->nholidays && i < CONF_MAX_HOLIDAYS; i++) {
		h[n].lunar = conf->holidays[i].lunar;
		h[n].month = conf->holidays[i].month;
		h[n].day = conf->holidays[i].day;
		h[n].ndays = conf->holidays[i].days;
		n++;
	}
	return n;
}

/* The name of the config holiday that day falls in ("" if none). */
static const char *
holiday_name(const struct conf *conf, const struct recur_holiday *h, int nh,
    int day)
{
	for (int i = 0; i < nh; i++)
		if (recur_is_holiday(&h[i], 1, day))
			return conf->holidays[i].name ? conf->holidays[i].name : "";
	return "";
}

struct sched_exc {
	int orig_day;
	int cancel;
	int new_day;
	int new_start;          /* -1: keep */
	char reason[256];
};

struct occ_list {
	struct sched_occ *v;
	size_t n, cap;
};

static struct sched_occ *
occ_push(struct occ_list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	return &l->v[l->n++];
}

/* Exceptions of g whose original day is in [lo, hi] or whose new day is
 * in [from, to]. Caller frees *out. */
static int
load_exceptions(struct db *db, int64_t group_id, int lo, int hi, int from,
    int to, struct sched_exc **out, size_t *n)
{
	static const char sql[] = "SELECT orig_on, action, new_on, "
	    "coalesce(new_start_min, -1), reason FROM sched_exception "
	    "WHERE group_id = ?1 AND (orig_on BETWEEN ?2 AND ?3 OR "
	    "new_on BETWEEN ?4 AND ?5) ORDER BY orig_on";
	sqlite3_stmt *st = db_prepare(db, sql);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st || db_bind(db, st, "iDDDD", group_id, lo, hi, from, to) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct sched_exc *e = &(*out)[(*n)++];
		e->orig_day = db_col_date(st, 0);
		e->cancel = str_eq(db_col_text(st, 1), "cancel");
		e->new_day = db_col_date(st, 2);
		e->new_start = (int)db_col_int(st, 3);
		snprintf(e->reason, sizeof e->reason, "%s", db_col_text(st, 4));
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static const struct sched_exc *
find_exc(const struct sched_exc *e, size_t n, int orig_day)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].orig_day == orig_day)
			return &e[i];
	return NULL;
}

/* Context of one evaluation. */
struct eval {
	const struct conf *conf;
	const struct group *g;
	struct schedule_memo *memo;
	struct recur_holiday hol[CONF_MAX_HOLIDAYS];
	int nhol;
	enum recur_policy policy;
	int dtstart;
	const struct sched_exc *exc;
	size_t nexc;
};

static void
apply_exception(struct sched_occ *o, const struct sched_exc *e)
{
	snprintf(o->reason, sizeof o->reason, "%s", e->reason);
	if (e->cancel) {
		o->state = SCHED_CANCELLED;
		return;
	}
	o->state = SCHED_MOVED;
	o->day = e->new_day;
	if (e->new_start >= 0)
		o->start_min = e->new_start;
}

static void
apply_holiday(const struct eval *x, struct sched_occ *o)
{
	int to = recur_apply_holidays(x->hol, x->nhol, x->policy, o->orig_day);

	if (to == o->orig_day)
		return;
	o->by_holiday = 1;
	snprintf(o->reason, sizeof o->reason, "%s",
	    holiday_name(x->conf, x->hol, x->nhol, o->orig_day));
	if (to == -1) {
		o->state = SCHED_CANCELLED;
	} else {
		o->state = SCHED_MOVED;
		o->day = to;
	}
}

/* The occurrence the rule gives on orig_day, after exceptions and
 * holidays. */
static void
evaluate(const struct eval *x, int orig_day, struct sched_occ *o)
{
	const struct sched_exc *e = find_exc(x->exc, x->nexc, orig_day);

	memset(o, 0, sizeof *o);
	o->group_id = x->g->id;
	o->state = SCHED_PLANNED;
	o->day = o->orig_day = orig_day;
	o->start_min = o->orig_start_min = x->g->start_min;
	o->duration_min = x->g->duration_min;
	o->joined_day = DATE_NONE;
	if (e)
		apply_exception(o, e);
	else
		apply_holiday(x, o);
	o->start = time_from_local(o->day, o->start_min);
}

/* A meeting a holiday moved onto or past the next one is joined with it:
 * the moved one is marked cancelled. */
static void
join_moved(struct occ_list *l)
{
	for (size_t i = 0; i + 1 < l->n; i++) {
		struct sched_occ *o = &l->v[i], *next = &l->v[i + 1];
		if (!o->by_holiday || o->state != SCHED_MOVED ||
		    next->state == SCHED_CANCELLED || o->day < next->day)
			continue;
		o->state = SCHED_CANCELLED;
		o->joined_day = next->day;
		o->day = o->orig_day;
		o->start_min = o->orig_start_min;
		o->start = time_from_local(o->day, o->start_min);
	}
}

static int
occ_cmp(const void *a, const void *b)
{
	const struct sched_occ *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->start_min != y->start_min)
		return x->start_min < y->start_min ? -1 : 1;
	return (x->orig_day > y->orig_day) - (x->orig_day < y->orig_day);
}

static int
in_range(int d, int from, int to)
{
	return d >= from && d <= to;
}

/* The rule days of one group for one window (see schedule_memo_new). */
struct memo_entry {
	int64_t group_id;       /* 0: a free slot */
	char *rule;
	int dtstart, lo, hi;
	int *days, n;
};

/* Open addressing on the group id; cap is a power of two. */
struct schedule_memo {
	struct memo_entry *v;
	size_t cap, used;
};

struct schedule_memo *
schedule_memo_new(void)
{
	return xcalloc(1, sizeof(struct schedule_memo));
}

static void
memo_entry_clear(struct memo_entry *e)
{
	free(e->rule);
	free(e->days);
	memset(e, 0, sizeof *e);
}

void
schedule_memo_free(struct schedule_memo *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		memo_entry_clear(&m->v[i]);
	free(m->v);
	free(m);
}

/* The slot of group_id in m: its entry, or the free one to fill. */
static struct memo_entry *
memo_slot(struct schedule_memo *m, int64_t group_id)
{
	size_t i = (size_t)((uint64_t)group_id * 0x9E3779B97F4A7C15ull >> 20);

	for (i &= m->cap - 1; m->v[i].group_id && m->v[i].group_id != group_id;
	    i = (i + 1) & (m->cap - 1))
		;
	return &m->v[i];
}

/* Room for one more entry (at most half the slots used). */
static void
memo_grow(struct schedule_memo *m)
{
	struct schedule_memo bigger = { 0 };

	if (2 * (m->used + 1) <= m->cap)
		return;
	bigger.cap = m->cap ? 2 * m->cap : 256;
	bigger.v = xcalloc(bigger.cap, sizeof *bigger.v);
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].group_id)
			*memo_slot(&bigger, m->v[i].group_id) = m->v[i];
	free(m->v);
	m->v = bigger.v;
	m->cap = bigger.cap;
}

/* The rule days of x's group in [lo, hi] into *days (borrowed from the
 * memo, or owned by the caller when *owned), their number, -1 on error. */
static int
rule_days(const struct eval *x, int lo, int hi, int **days, int *owned)
{
	struct memo_entry *e;
	int max = hi - lo + 2, n;

	*owned = 1;
	*days = xmalloc((size_t)max * sizeof **days);
	n = recur_occurrences(x->g->rule, x->dtstart, lo, hi, *days, max);
	if (n < 0 || !x->memo)
		return n;
	memo_grow(x->memo);
	e = memo_slot(x->memo, x->g->id);
	if (e->group_id)
		memo_entry_clear(e);
	else
		x->memo->used++;
	*e = (struct memo_entry){ .group_id = x->g->id,
		.rule = xstrdup(x->g->rule), .dtstart = x->dtstart, .lo = lo,
		.hi = hi, .days = *days, .n = n };
	*owned = 0;
	return n;
}

/* The memo's rule days of x's group in [lo, hi] if it has them. */
static const struct memo_entry *
memo_find(const struct eval *x, int lo, int hi)
{
	const struct memo_entry *e;

	if (!x->memo || !x->memo->cap)
		return NULL;
	e = memo_slot(x->memo, x->g->id);
	if (!e->group_id || e->dtstart != x->dtstart || e->lo != lo ||
	    e->hi != hi || strcmp(e->rule, x->g->rule) != 0)
		return NULL;
	return e;
}

/* Rule days in [lo, hi]: evaluated, kept when in range. */
static int
rule_window(const struct eval *x, int lo, int hi, int from, int to,
    struct occ_list *l)
{
	const struct memo_entry *e = memo_find(x, lo, hi);
	int *days, n, owned = 0;
	struct sched_occ o;

	if (e) {
		days = e->days;
		n = e->n;
	} else {
		n = rule_days(x, lo, hi, &days, &owned);
	}
	for (int i = 0; i < n; i++) {
		evaluate(x, days[i], &o);
		if (in_range(o.orig_day, from, to) || in_range(o.day, from, to))
			*occ_push(l) = o;
	}
	if (owned)
		free(days);
	return n < 0 ? -1 : 0;
}

/* Occurrences from far away moved into [from, to] by an exception. */
static int
far_moves(const struct eval *x, int lo, int hi, struct occ_list *l)
{
	int d;

	for (size_t i = 0; i < x->nexc; i++) {
		const struct sched_exc *e = &x->exc[i];
		if (e->cancel || in_range(e->orig_day, lo, hi) ||
		    e->orig_day < x->dtstart)
			continue;
		if (recur_occurrences(x->g->rule, x->dtstart, e->orig_day,
		    e->orig_day, &d, 1) != 1)
			continue;       /* no longer a rule day */
		evaluate(x, e->orig_day, occ_push(l));
	}
	return 0;
}

int
schedule_occurrences(struct db *db, const struct conf *conf,
    const struct group *g, int from, int to, struct sched_occ **out,
    size_t *n)
{
	return schedule_occurrences_memo(db, conf, g, from, to, NULL, out, n);
}

int
schedule_occurrences_memo(struct db *db, const struct conf *conf,
    const struct group *g, int from, int to, struct schedule_memo *memo,
    struct sched_occ **out, size_t *n)
{
	struct eval x = { .conf = conf, .g = g, .memo = memo };
	struct occ_list l = { 0 };
	struct sched_exc *exc = NULL;
	int lo = from - HOLIDAY_REACH, hi = to, rc;

	*out = NULL;
	*n = 0;
	if (!g->rule || g->start_min < 0 || to < from)
		return 0;
	x.dtstart = g->sched_from != DATE_NONE ? g->sched_from : from;
	if (lo < x.dtstart)
		lo = x.dtstart;
	if (load_exceptions(db, g->id, lo, hi, from, to, &exc, &x.nexc) < 0)
		return -1;
	x.exc = exc;
	x.nhol = conf_holidays(conf, x.hol);
	x.policy = str_eq(schedule_policy(conf, g), "skip") ? RECUR_SKIP :
	    RECUR_NEXT_FREE_DAY;
	rc = lo > hi ? 0 : rule_window(&x, lo, hi, from, to, &l);
	if (rc == 0)
		rc = far_moves(&x, lo, hi, &l);
	free(exc);
	if (rc < 0) {
		free(l.v);
		return -1;
	}
	join_moved(&l);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof *l.v, occ_cmp);
	*out = l.v;
	*n = l.n;
	return 0;
}

/* Keep the occurrences of l from day from on, up to the n-th that is not
 * cancelled. Returns 1 when n were found. */
static int
next_cut(struct sched_occ *v, size_t *count, int from, int n)
{
	size_t k = 0;
	int found = 0;

	for (size_t i = 0; i < *count && found < n; i++) {
		if (v[i].day < from || (v[i].state == SCHED_CANCELLED &&
		    v[i].orig_day < from))
			continue;
		v[k++] = v[i];
		found += v[i].state != SCHED_CANCELLED;
	}
	*count = k;
	return found == n;
}

/* Is there a rule day after day? *end says why not: the rule ended or
 * the lunar calendar did. 1 yes, 0 no, -1 error. */
static int
rule_goes_on(const struct group *g, int dtstart, int day, enum sched_end *end)
{
	struct recur_iter *it;
	int d, r;

	if (recur_iter_new(g->rule, dtstart, &it) < 0)
		return -1;
	if ((r = recur_iter_seek(it, day + 1)) == 0)
		r = recur_iter_next(it, &d);
	if (r == 0)
		*end = recur_iter_cut(it) ? SCHED_END_CALENDAR : SCHED_END_RULE;
	recur_iter_free(it);
	return r;
}

int
schedule_next(struct db *db, const struct conf *conf, const struct group *g,
    int from, int n, struct sched_occ **out, size_t *count,
    enum sched_end *end)
{
	int span = 100, dtstart, r;

	*out = NULL;
	*count = 0;
	*end = SCHED_END_NONE;
	if (!g->rule || g->start_min < 0)
		return 0;
	dtstart = g->sched_from != DATE_NONE ? g->sched_from : from;
	for (;;) {
		free(*out);
		if (schedule_occurrences(db, conf, g, from, from + span, out,
		    count) < 0)
			return -1;
		if (next_cut(*out, count, from, n))
			return 0;
		/* Holidays move meetings at most HOLIDAY_REACH days. */
		r = rule_goes_on(g, dtstart, from + span + HOLIDAY_REACH, end);
		if (r <= 0)
			return r;
		if (span >= SCHEDULE_NEXT_YEARS * 366) {
			*end = SCHED_END_SEARCH;
			return 0;
		}
		span *= 4;
		if (span > SCHEDULE_NEXT_YEARS * 366)
			span = SCHEDULE_NEXT_YEARS * 366;
	}
}

int
schedule_meets_on(struct db *db, const struct conf *conf,
    const struct group *g, int day, int *orig_day)
{
	struct sched_occ *v;
	size_t n;
	int found = 0;

	*orig_day = DATE_NONE;
	if (schedule_occurrences(db, conf, g, day, day, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n && !found; i++)
		if (v[i].state != SCHED_CANCELLED && v[i].day == day) {
			*orig_day = v[i].orig_day;
			found = 1;
		}
	free(v);
	return found;
}

/* The original day of the occurrence named by day (its original or its
 * final day). -1 with a message when there is none. */
static int
find_occurrence(struct db *db, const struct conf *conf, const struct group *g,
    int day, int *orig_day)
{
	struct sched_occ *v;
	size_t n, pick = 0;
	char buf[16];

	if (!g->rule)
		return error("group \"%s\" has no schedule", g->name);
	if (schedule_occurrences(db, conf, g, day, day, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (v[i].orig_day == day || (v[pick].orig_day != day &&
		    v[i].day == day))
			pick = i;
	if (n)
		*orig_day = v[pick].orig_day;
	free(v);
	if (!n)
		return error("group \"%s\" has no meeting scheduled on %s",
		    g->name, date_show(day, buf));
	return 0;
}

static int
check_reason(const char *reason)
{
	if (str_empty(reason))
		return error("reason: say why (e.g. \"Tết\", \"flood\")");
	if (!text_valid_utf8(reason, strlen(reason)) || strlen(reason) > 200)
		return error("reason: not valid UTF-8 text of at most 200 bytes");
	return 0;
}

static int
save_exception(struct db *db, const struct group *g, int orig, int cancel,
    int new_day, int new_start, const char *reason)
{
	static const char sql[] = "INSERT INTO sched_exception (group_id, "
	    "orig_on, action, new_on, new_start_min, reason, created_at) "
	    "VALUES (?, ?, ?, ?, nullif(?, -1), ?, ?) ON CONFLICT (group_id, "
	    "orig_on) DO UPDATE SET action = excluded.action, new_on = "
	    "excluded.new_on, new_start_min = excluded.new_start_min, "
	    "reason = excluded.reason, created_at = excluded.created_at";

	if (db_run(db, sql, "iDtDdti", g->id, orig, cancel ? "cancel" : "move",
	    cancel ? DATE_NONE : new_day, new_start, reason,
	    (int64_t)clock_now()) < 0)
		return -1;
	return db_audit(db, "group", g->id,
	    cancel ? "cancel-meeting" : "move-meeting");
}

int
schedule_move(struct db *db, const struct conf *conf, const struct group *g,
    int day, int new_day, int new_start_min, const char *reason)
{
	int orig;

	if (check_reason(reason) < 0)
		return -1;
	if (new_start_min < -1 || new_start_min > 1439)
		return error("time: %d is not a time of day", new_start_min);
	if (find_occurrence(db, conf, g, day, &orig) < 0)
		return -1;
	if (new_day == orig && (new_start_min < 0 ||
	    new_start_min == g->start_min))
		return error("the meeting is already on that day and time");
	return save_exception(db, g, orig, 0, new_day, new_start_min, reason);
}

int
schedule_cancel(struct db *db, const struct conf *conf, const struct group *g,
    int day, const char *reason)
{
	int orig;

	if (check_reason(reason) < 0 ||
	    find_occurrence(db, conf, g, day, &orig) < 0)
		return -1;
	return save_exception(db, g, orig, 1, DATE_NONE, -1, reason);
}

int
schedule_restore(struct db *db, const struct conf *conf,
    const struct group *g, int day)
{
	static const char sql[] = "DELETE FROM sched_exception WHERE "
	    "group_id = ? AND orig_on = ?";
	char buf[16];
	int orig;

	if (find_occurrence(db, conf, g, day, &orig) < 0 ||
	    db_run(db, sql, "iD", g->id, orig) < 0)
		return -1;
	if (db_changes(db) == 0)
		return error("the meeting of %s was neither moved nor cancelled",
		    date_show(orig, buf));
	return db_audit(db, "group", g->id, "restore-meeting");
}
