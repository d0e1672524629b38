/*
 * The scheduler: meeting reminders and change notices, loan reminders
 * and check-ins, queued in the outbox with idempotent keys.
 */
#include "sms/scheduler.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/util.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "groups/lunar.h"
#include "groups/schedule.h"
#include "sms/outbox.h"
#include "sms/service.h"
#include "sms/smstext.h"
#include "sms/template.h"

/* Missed days caught up for loan reminders after the service was down. */
#define LOAN_CATCH_UP 2

struct scheduler {
	int loans_day;          /* day loans were done for, DATE_NONE */
	int checkin_day;        /* day check-ins were done for */
	int memo_day;           /* day the rule days in memo are for */
	struct schedule_memo *memo;
};

/* One pass. */
struct ctx {
	struct db *db;
	const struct conf *conf;
	time_t now;
	int today;
	enum sms_coding_mode mode;
	struct schedule_memo *memo;     /* the day's rule days, or NULL */
	struct scheduler_stats *st;
};

/* A person to write to, with the keys already in the outbox. */
struct target {
	int64_t id;
	char *name;
	int has[2];
};

struct targets {
	struct target *v;
	int n;
};

struct scheduler *
scheduler_new(void)
{
	struct scheduler *s = xcalloc(1, sizeof *s);

	s->loans_day = s->checkin_day = s->memo_day = DATE_NONE;
	return s;
}

void
scheduler_free(struct scheduler *s)
{
	if (s)
		schedule_memo_free(s->memo);
	free(s);
}

/* The memo of rule days for today (groups/schedule.h), emptied when the
 * day changes: each group's window moves with the day, so yesterday's
 * entries would only be replaced one by one. */
static struct schedule_memo *
scheduler_memo(struct scheduler *s, int today)
{
	if (!s)
		return NULL;
	if (s->memo_day != today) {
		schedule_memo_free(s->memo);
		s->memo = schedule_memo_new();
		s->memo_day = today;
	}
	return s->memo;
}

static void
targets_free(struct targets *t)
{
	for (int i = 0; i < t->n; i++)
		free(t->v[i].name);
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* Read (id, full name, has key 1, has key 2) rows of st into t. */
static int
targets_load(struct db *db, sqlite3_stmt *st, struct targets *t)
{
	int rc;

	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		t->v = xrealloc(t->v, (size_t)(t->n + 1) * sizeof *t->v);
		t->v[t->n].id = db_col_int(st, 0);
		t->v[t->n].name = xstrdup(db_col_text(st, 1));
		t->v[t->n].has[0] = (int)db_col_int(st, 2);
		t->v[t->n].has[1] = (int)db_col_int(st, 3);
		t->n++;
	}
	db_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
vars_init(struct template_vars *v)
{
	memset(v, 0, sizeof *v);
	v->date = DATE_NONE;
	v->minutes = -1;
	v->amount = -1;
}

char *
scheduler_occasion(int orig_day, int final_day, int start_min,
    const char *what, char *buf, size_t size)
{
	char o[16], f[16];

	date_format(orig_day, o);
	if (final_day == DATE_NONE) {
		snprintf(buf, size, "%s>%s", o, what);
		return buf;
	}
	date_format(final_day, f);
	snprintf(buf, size, "%s>%s %02d:%02d %s", o, f, start_min / 60,
	    start_min % 60, what);
	return buf;
}

/*
 * Queue one message to person_id from template tpl. A message that
 * cannot be queued is logged and skipped (the reason was reported by
 * outbox_enqueue); counts new rows in *count.
 */
static void
queue(struct ctx *c, int64_t person_id, const char *name, const char *kind,
    const char *subject, const char *occasion, const char *tpl,
    struct template_vars *v, time_t nb, time_t exp, int *count)
{
	struct outbox_msg m = { .person_id = person_id, .kind = kind,
		.subject = subject, .occasion = occasion, .not_before = nb,
		.expires_at = exp, .mode = c->mode,
		.max_parts = c->conf->sms_max_parts,
		.forbidden = c->conf->forbidden_words,
		.nforbidden = c->conf->nforbidden_words };
	char *text;
	int64_t id;
	int rc;

	v->full_name = name;
	m.text = text = template_render(tpl, v);
	rc = outbox_enqueue(c->db, &m, &id);
	free(text);
	if (rc < 0)
		log_warnx("%s message %s %s for person %lld not queued", kind,
		    subject, occasion, (long long)person_id);
	else if (rc == OUTBOX_QUEUED)
		(*count)++;
}

/* The template variables of an occurrence of g. */
static void
meeting_vars(const struct group *g, int day, int start_min,
    struct template_vars *v, char *lunar, size_t size)
{
	struct lunar_date ld;

	vars_init(v);
	v->group = g->name;
	v->place = g->place;
	v->date = day;
	v->minutes = start_min;
	lunar[0] = '\0';
	if (lunar_from_solar(day, &ld) == 0)
		v->lunar_date = lunar_format(&ld, lunar, size);
}

/* Members of g as of the final day of o who can be written to, with
 * whether each already has the keys kb and kt. */
static int
load_members(struct ctx *c, const struct sched_occ *o, const char *subject,
    const char *kb, const char *kt, struct targets *t)
{
	static const char sql[] = "SELECT p.id, crypt_open(p.full_name, 'person.full_name', p.id), "
	    "EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'meeting' AND "
	    "o.subject = ?3 AND o.person_id = p.id AND "
	    "o.occasion = ?4), "
	    "EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'meeting' AND "
	    "o.subject = ?3 AND o.person_id = p.id AND "
	    "o.occasion = ?5) "
	    "FROM membership m JOIN person p ON p.id = m.person_id "
	    "WHERE m.group_id = ?1 AND m.joined_on <= ?2 AND "
	    "(m.left_on IS NULL OR m.left_on > ?2) AND p.status = 'active' "
	    "AND p.sms_consent = 1 AND coalesce(p.phone, '') != '' "
	    "ORDER BY p.id";
	sqlite3_stmt *st;

	if (!(st = db_prepare(c->db, sql)) || db_bind(c->db, st, "iDttt",
	    o->group_id, o->day, subject, kb, kt) < 0)
		return -1;
	return targets_load(c->db, st, t);
}

/* Reminders N days before and on the morning of occurrence o. */
static int
remind(struct ctx *c, const struct group *g, const struct sched_occ *o,
    int days, const char *subject)
{
	char kb[64], kt[64], lunar[24];
	struct template_vars v;
	struct targets t = { 0 };
	int morning = c->conf->meeting_morning;
	int before = days > 0 && o->day > c->today;

	if (o->start <= c->now)
		return 0;
	scheduler_occasion(o->orig_day, o->day, o->start_min, "before", kb,
	    sizeof kb);
	scheduler_occasion(o->orig_day, o->day, o->start_min, "today", kt,
	    sizeof kt);
	if (load_members(c, o, subject, kb, kt, &t) < 0)
		return -1;
	meeting_vars(g, o->day, o->start_min, &v, lunar, sizeof lunar);
	for (int i = 0; i < t.n; i++) {
		if (before && !t.v[i].has[0])
			queue(c, t.v[i].id, t.v[i].name, "meeting", subject, kb,
			    c->conf->tpl_meeting, &v, time_from_local(o->day -
			    days, morning), o->start, &c->st->reminders);
		if (!t.v[i].has[1])
			queue(c, t.v[i].id, t.v[i].name, "meeting", subject, kt,
			    c->conf->tpl_meeting_today, &v,
			    time_from_local(o->day, morning), o->start,
			    &c->st->reminders);
	}
	targets_free(&t);
	return 0;
}

/*
 * Stale reminders of occurrence o: those whose occasion starts with the
 * rule's day but not with cur (the current final day and time; "" for a
 * cancelled occurrence, when all are stale).
 */
/* (The state terms below are written +o.state so that SQLite looks the
 * rows up by their key, not among every queued message.) */
#define STALE_WHERE \
	"o.kind = 'meeting' AND o.subject = ?1 AND o.occasion > ?2 AND " \
	"o.occasion < ?3 AND (o.occasion LIKE '% before' OR o.occasion " \
	"LIKE '% today') AND (?4 = '' OR substr(o.occasion, 1, " \
	"length(?4)) != ?4)"

/* Bind the stale pattern of o to st: subject, prefix range, current. */
static int
bind_stale(struct ctx *c, sqlite3_stmt *st, const struct sched_occ *o,
    const char *subject, const char *cur, const char *notice)
{
	char day[16], lo[24], hi[24];

	date_format(o->orig_day, day);
	snprintf(lo, sizeof lo, "%.11s>", day);
	snprintf(hi, sizeof hi, "%.11s?", day);         /* '?' follows '>' */
	return db_bind(c->db, st, "ttttt", subject, lo, hi, cur, notice);
}

/* People who had a stale reminder and have no notice yet (reachable). */
static int
stale_people(struct ctx *c, const struct sched_occ *o, const char *subject,
    const char *cur, const char *notice, struct targets *t)
{
	static const char sql[] = "SELECT DISTINCT p.id, "
	    "crypt_open(p.full_name, 'person.full_name', p.id), 0, 0 "
	    "FROM outbox o JOIN person p ON p.id = o.person_id WHERE "
	    STALE_WHERE " AND +o.state IN ('queued','sending','sent') AND "
	    "p.status = 'active' AND p.sms_consent = 1 AND "
	    "coalesce(p.phone, '') != '' AND NOT EXISTS (SELECT 1 FROM "
	    "outbox n WHERE n.kind = 'meeting' AND n.subject = ?1 AND "
	    "n.person_id = p.id AND n.occasion = ?5) "
	    "ORDER BY p.id";
	sqlite3_stmt *st;

	if (!(st = db_prepare(c->db, sql)) ||
	    bind_stale(c, st, o, subject, cur, notice) < 0)
		return -1;
	return targets_load(c->db, st, t);
}

/* 1 when occurrence o has stale reminders queued or sent, else 0: one
 * look-up, so that the usual case costs little. */
static int
any_stale(struct ctx *c, const struct sched_occ *o, const char *subject,
    const char *cur)
{
	static const char sql[] = "SELECT 1 FROM outbox o WHERE " STALE_WHERE
	    " AND +o.state IN ('queued','sending','sent') AND ?5 IS NULL "
	    "LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(c->db, sql)) ||
	    bind_stale(c, st, o, subject, cur, NULL) < 0)
		return -1;
	rc = db_step(c->db, st);
	db_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Cancel the stale reminders still queued. */
static int
cancel_stale(struct ctx *c, const struct sched_occ *o, const char *subject,
    const char *cur)
{
	static const char sql[] = "SELECT o.id FROM outbox o WHERE "
	    STALE_WHERE " AND +o.state = 'queued' AND ?5 IS NULL LIMIT 1";
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	for (;;) {
		if (!(st = db_prepare(c->db, sql)) ||
		    bind_stale(c, st, o, subject, cur, NULL) < 0)
			return -1;
		rc = db_step(c->db, st);
		id = rc == SQLITE_ROW ? db_col_int(st, 0) : 0;
		db_reset(st);
		if (rc < 0)
			return -1;
		if (!id)
			return 0;
		if (outbox_cancel(c->db, id) < 0)
			return -1;
		c->st->cancelled++;
	}
}

/* Notice of a moved or cancelled occurrence to those told of the old
 * day or time; their queued reminders for it are cancelled. */
static int
notify_change(struct ctx *c, const struct group *g,
    const struct sched_occ *o, const char *subject)
{
	int cancelled = o->state == SCHED_CANCELLED;
	char cur[64], notice[64], lunar[24];
	struct template_vars v;
	struct targets t = { 0 };
	time_t end = time_from_local(o->day + 1, 0);
	int rc;

	cur[0] = '\0';
	if (!cancelled)
		scheduler_occasion(o->orig_day, o->day, o->start_min, "", cur,
		    sizeof cur);
	scheduler_occasion(o->orig_day, cancelled ? DATE_NONE : o->day,
	    o->start_min, cancelled ? "cancelled" : "moved", notice,
	    sizeof notice);
	if ((rc = any_stale(c, o, subject, cur)) <= 0)
		return rc;
	if (stale_people(c, o, subject, cur, notice, &t) < 0)
		return -1;
	if (cancel_stale(c, o, subject, cur) < 0) {
		targets_free(&t);
		return -1;
	}
	meeting_vars(g, o->day, o->start_min, &v, lunar, sizeof lunar);
	for (int i = 0; i < t.n && end > c->now; i++)
		queue(c, t.v[i].id, t.v[i].name, "meeting", subject, notice,
		    cancelled ? c->conf->tpl_meeting_cancelled :
		    c->conf->tpl_meeting_moved, &v, 0, end, &c->st->notices);
	targets_free(&t);
	return 0;
}

static int
meetings_of_group(const struct group *g, void *arg)
{
	struct ctx *c = arg;
	int days = schedule_reminder_days(c->conf, g);
	struct sched_occ *occ = NULL;
	char subject[32];
	size_t n = 0;
	int rc = 0;

	if (!g->rule)
		return 0;
	if (schedule_occurrences_memo(c->db, c->conf, g, c->today,
	    c->today + days, c->memo, &occ, &n) < 0)
		return -1;
	snprintf(subject, sizeof subject, "group:%lld", (long long)g->id);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = notify_change(c, g, &occ[i], subject);
		if (rc == 0 && occ[i].state != SCHED_CANCELLED &&
		    occ[i].day >= c->today && occ[i].day <= c->today + days)
			rc = remind(c, g, &occ[i], days, subject);
	}
	free(occ);
	return rc;
}

/* The borrower of d if they can be written to and have no message with
 * key (loan, subject, occasion) yet: 1 with *name (caller frees). */
static int
loan_target(struct ctx *c, const struct loan_due *d, const char *subject,
    const char *occasion, char **name)
{
	static const char sql[] = "SELECT crypt_open(p.full_name, 'person.full_name', p.id) "
	    "FROM person p WHERE "
	    "p.id = ?1 AND p.status = 'active' AND p.sms_consent = 1 AND "
	    "coalesce(p.phone, '') != '' AND NOT EXISTS (SELECT 1 FROM "
	    "outbox o WHERE o.kind = 'loan' AND o.subject = ?2 AND "
	    "o.person_id = p.id AND o.occasion = ?3)";
	sqlite3_stmt *st;
	int rc;

	*name = NULL;
	if (!(st = db_prepare(c->db, sql)) || db_bind(c->db, st, "itt",
	    d->person_id, subject, occasion) < 0)
		return -1;
	if ((rc = db_step(c->db, st)) == SQLITE_ROW)
		*name = xstrdup(db_col_text(st, 0));
	db_reset(st);
	return rc < 0 ? -1 : *name != NULL;
}

static int
loan_one(struct ctx *c, const struct loan_due *d, const char *what,
    const char *tpl, time_t exp)
{
	char subject[32], occasion[48], *name;
	struct template_vars v;
	int rc;

	snprintf(subject, sizeof subject, "loan:%lld", (long long)d->loan_id);
	snprintf(occasion, sizeof occasion, "inst:%lld %s",
	    (long long)d->inst_id, what);
	if ((rc = loan_target(c, d, subject, occasion, &name)) <= 0)
		return rc;
	vars_init(&v);
	v.date = d->due_day;
	v.amount = d->amount;
	queue(c, d->person_id, name, "loan", subject, occasion, tpl, &v, 0,
	    exp, &c->st->loans);
	free(name);
	return 0;
}

static int
loan_due_cb(const struct loan_due *d, void *arg)
{
	struct ctx *c = arg;

	/* Useless once the day it is due has passed. */
	return loan_one(c, d, "before", c->conf->tpl_loan_due,
	    time_from_local(d->due_day + 1, 0));
}

static int
loan_overdue_cb(const struct loan_due *d, void *arg)
{
	struct ctx *c = arg;

	return loan_one(c, d, "overdue", c->conf->tpl_loan_overdue, 0);
}

static int
loans(struct ctx *c)
{
	int before = c->conf->loan_days_before;
	int after = c->conf->loan_overdue_days;

	for (int k = 0; k <= LOAN_CATCH_UP; k++) {
		if (before - k >= 0 && loan_each_due(c->db, c->today,
		    before - k, loan_due_cb, c) != 0)
			return -1;
		if (loan_each_overdue(c->db, c->today, after + k,
		    loan_overdue_cb, c) != 0)
			return -1;
	}
	return 0;
}

/* Check-ins queued by one pass at most: what the modems send in
 * CHECKIN_MINUTES minutes (each at its learned pace within its cap,
 * service_pace_budget), and at least CHECKIN_MIN; -1 on error. */
#define CHECKIN_MINUTES 5
#define CHECKIN_MIN 20

static int
checkin_cap(struct db *db, const struct conf *conf)
{
	int per, cap;

	if (service_pace_budget(db, conf, &per) < 0)
		return -1;
	cap = per * CHECKIN_MINUTES;
	return cap < CHECKIN_MIN ? CHECKIN_MIN : cap;
}

/*
 * A meeting reminder to p whose answer is open today (?4 the start of
 * today, ?5 of tomorrow): queued to go out by tonight or sent, for a
 * meeting not past, and not answered C/K yet. A check-in then waits:
 * the two questions must not be open together.
 */
#define MEETING_OPEN \
	"SELECT 1 FROM outbox m WHERE m.person_id = p.id AND " \
	"m.kind = 'meeting' AND (m.occasion LIKE '% before' OR " \
	"m.occasion LIKE '% today') AND m.state IN ('queued','sending'," \
	"'sent') AND m.expires_at >= ?4 AND coalesce(m.not_before, 0) < ?5 " \
	"AND NOT EXISTS (SELECT 1 FROM inbox i WHERE i.answers = m.id AND " \
	"i.meaning IN ('will-attend','cannot-attend'))"

/*
 * People due a check-in today, at most cap of them, oldest due first:
 * the frequency has passed since the last one, or since consent when
 * there was none (table checkin_next, kept by triggers: sms/schema.c).
 * Those on the setting's frequency come in order of the index on their
 * last day; those with their own come by the index on their due day,
 * and both are merged on the day each is due (their due day less the
 * setting's frequency, which keeps the order), so a pass reads about
 * cap rows. Returns 1 when all who are due were queued (fewer than cap
 * found), 0 when more may be left for the next pass, -1 on error.
 */
static int
checkins(struct ctx *c, int cap)
{
	static const char sql[] = "SELECT c.person_id, "
	    "crypt_open(p.full_name, 'person.full_name', p.id), 0, 0, "
	    "c.last AS k FROM checkin_next c JOIN person p ON "
	    "p.id = c.person_id WHERE c.days IS NULL AND ?1 > 0 AND "
	    "c.last <= date(?2, '-' || ?1 || ' days') AND NOT EXISTS ("
	    MEETING_OPEN ") "
	    "UNION ALL SELECT c.person_id, "
	    "crypt_open(p.full_name, 'person.full_name', p.id), 0, 0, "
	    "date(c.due, '-' || ?1 || ' days') AS k FROM checkin_next c JOIN "
	    "person p ON p.id = c.person_id WHERE c.days IS NOT NULL AND "
	    "c.due <= ?2 AND NOT EXISTS (" MEETING_OPEN ") "
	    "ORDER BY 5, 1 LIMIT ?3";
	struct targets t = { 0 };
	struct template_vars v;
	sqlite3_stmt *st;
	char occasion[16];
	int found;

	if (!(st = db_prepare(c->db, sql)) || db_bind(c->db, st, "dDdii",
	    c->conf->checkin_every_days, c->today, cap,
	    (int64_t)time_from_local(c->today, 0),
	    (int64_t)time_from_local(c->today + 1, 0)) < 0 ||
	    targets_load(c->db, st, &t) < 0)
		return -1;
	date_format(c->today, occasion);
	vars_init(&v);
	for (int i = 0; i < t.n; i++)
		queue(c, t.v[i].id, t.v[i].name, "checkin", "checkin",
		    occasion, c->conf->tpl_checkin, &v, 0, 0,
		    &c->st->checkins);
	found = t.n;
	targets_free(&t);
	return found < cap;
}

/* The work of a pass, inside its transaction. */
static int
run(struct scheduler *s, struct ctx *c)
{
	const struct conf *conf = c->conf;
	int rc;

	if (group_each(c->db, "active", meetings_of_group, c) != 0)
		return -1;
	if (!s || s->loans_day != c->today) {
		if (loans(c) < 0)
			return -1;
		if (s)
			s->loans_day = c->today;
	}
	if (service_quiet(c->now, conf->quiet_start, conf->quiet_end))
		return 0;
	if (!s || s->checkin_day != c->today) {
		if ((rc = checkin_cap(c->db, conf)) < 0 ||
		    (rc = checkins(c, rc)) < 0)
			return -1;
		if (s && rc == 1)
			s->checkin_day = c->today;
	}
	return 0;
}

int
scheduler_run(struct scheduler *s, struct db *db, const struct conf *conf,
    time_t now, struct scheduler_stats *st)
{
	struct scheduler_stats local;
	struct scheduler saved = { DATE_NONE, DATE_NONE, DATE_NONE, NULL };
	struct ctx c = { .db = db, .conf = conf, .now = now, .st = st ? st :
		&local };
	int minutes, mode, rc;

	memset(c.st, 0, sizeof *c.st);
	time_to_local(now, &c.today, &minutes);
	mode = smstext_mode_parse(conf->sms_coding);
	c.mode = mode < 0 ? SMS_MODE_AUTO : (enum sms_coding_mode)mode;
	c.memo = scheduler_memo(s, c.today);
	if (s)
		saved = *s;
	if (db_begin(db) < 0)
		return -1;
	rc = run(s, &c);
	if (rc == 0 && db_commit(db) == 0)
		return 0;
	db_rollback(db);
	if (s)
		*s = saved;
	return error("scheduling failed; nothing of this pass was kept");
}

int
scheduler_hook(struct db *db, const struct conf *conf, time_t now,
    void *arg)
{
	struct scheduler_stats st;

	if (scheduler_run(arg, db, conf, now, &st) < 0)
		return -1;
	if (st.reminders + st.notices + st.cancelled + st.loans + st.checkins)
		log_info("scheduled %d reminders, %d notices, %d loan "
		    "messages, %d check-ins; cancelled %d", st.reminders,
		    st.notices, st.loans, st.checkins, st.cancelled);
	return 0;
}
