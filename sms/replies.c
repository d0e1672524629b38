/*
 * Reply handling: keywords in context, help requests and their alerts,
 * opt-out and opt-in, unknown senders.
 */
#include "sms/replies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/crypt.h"
#include "core/followup.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/util.h"
#include "sms/forms.h"
#include "sms/keyword.h"
#include "sms/outbox.h"
#include "sms/smstext.h"
#include "sms/template.h"

/* Who handled a row that needs no person to read it. */
#define AUTO_READER "shg"

/* One inbox row being handled, and what it comes to. */
struct reply {
	int64_t id, person_id;
	char *sender, *text;
	int binary;             /* 8-bit data (MMS notification, ...) */
	enum reply_meaning meaning;
	int64_t answers;        /* the prompt it answers, 0: none */
	int64_t case_id;        /* the help case it opened or added to */
	int read;               /* 1: needs no person to read it */
	int form;               /* 1: a form from an account's phone */
};

struct rctx {
	struct db *db;
	const struct conf *conf;
	time_t now;
	int today;
	struct replies_stats *st;
};

static void
reply_free(struct reply *r)
{
	free(r->sender);
	free(r->text);
}

/* The oldest row not handled yet: 1 with *r filled, 0 when none. */
static int
next_row(struct db *db, struct reply *r)
{
	static const char sql[] = "SELECT id, crypt_open(sender, "
	    "'inbox.sender', id), person_id, crypt_open(text, 'inbox.text', id), "
	    "coding = '8bit' FROM inbox WHERE handled = 0 ORDER BY id LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	memset(r, 0, sizeof *r);
	if (!(st = db_prepare(db, sql)))
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		r->id = db_col_int(st, 0);
		r->sender = xstrdup(db_col_text(st, 1));
		r->person_id = db_col_int(st, 2);
		r->text = xstrdup(db_col_text(st, 3));
		r->binary = (int)db_col_int(st, 4);
	}
	db_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Is prompt (kind, sent_at, expires_at) still open at now? */
static int
prompt_current(struct rctx *c, const char *kind, time_t sent, time_t expires)
{
	int day, min;

	if (str_eq(kind, "checkin"))
		return sent >= c->now - (time_t)c->conf->checkin_every_days *
		    86400;
	if (!expires)
		return 0;
	time_to_local(expires, &day, &min);
	return c->now < time_from_local(day + 1, 0);
}

/* The questions open for a person: the newest current check-in and
 * meeting reminder that no keyword reply has answered (0: none). */
struct open_q {
	int64_t checkin, meeting;
	unsigned open;          /* enum reply_context bits */
};

static int
open_prompts(struct rctx *c, int64_t person_id, struct open_q *q)
{
	static const char sql[] = "SELECT o.id, o.kind, o.sent_at, "
	    "coalesce(o.expires_at, 0) FROM outbox o WHERE o.person_id = ?1 "
	    "AND o.kind IN ('checkin','meeting') AND o.state = 'sent' AND "
	    "o.sent_at >= ?2 AND (o.kind = 'checkin' OR o.occasion LIKE "
	    "'% before' OR o.occasion LIKE '% today') AND NOT EXISTS (SELECT "
	    "1 FROM inbox i WHERE i.answers = o.id AND i.meaning IN ('well',"
	    "'needs-help','will-attend','cannot-attend')) "
	    "ORDER BY o.sent_at DESC, o.id DESC";
	int days = c->conf->checkin_every_days > 31 ?
	    c->conf->checkin_every_days : 31;
	sqlite3_stmt *st;
	int rc;

	memset(q, 0, sizeof *q);
	if (!(st = db_prepare(c->db, sql)) || db_bind(c->db, st, "ii",
	    person_id, (int64_t)c->now - (int64_t)days * 86400) < 0)
		return -1;
	while ((rc = db_step(c->db, st)) == SQLITE_ROW) {
		int checkin = str_eq(db_col_text(st, 1), "checkin");
		int64_t *slot = checkin ? &q->checkin : &q->meeting;
		if (*slot || !prompt_current(c, db_col_text(st, 1),
		    (time_t)db_col_int(st, 2), (time_t)db_col_int(st, 3)))
			continue;
		*slot = db_col_int(st, 0);
		q->open |= checkin ? REPLY_TO_CHECKIN : REPLY_TO_MEETING;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Queue a service message; a refusal is logged and skipped. Returns 1
 * when a new row was queued. */
static int
queue_reply(struct rctx *c, const char *to, int64_t person_id, const char *kind,
    const char *subject, const char *occasion, const char *text)
{
	int mode = smstext_mode_parse(c->conf->sms_coding);
	struct outbox_msg m = { .recipient = to, .person_id = person_id,
		.kind = kind, .subject = subject, .occasion = occasion,
		.text = text, .max_parts = c->conf->sms_max_parts,
		.forbidden = c->conf->forbidden_words,
		.nforbidden = c->conf->nforbidden_words,
		.mode = mode < 0 ? SMS_MODE_AUTO : (enum sms_coding_mode)mode };
	char masked[32];
	int64_t id;
	int rc = outbox_enqueue(c->db, &m, &id);

	if (rc < 0)
		log_warnx("%s message to %s not queued", kind, to ?
		    phone_mask(to, masked, sizeof masked) : "the person");
	return rc == OUTBOX_QUEUED;
}

static void
vars_init(struct template_vars *v)
{
	memset(v, 0, sizeof *v);
	v->date = DATE_NONE;
	v->minutes = -1;
	v->amount = -1;
}

/* The person's case code, and their current group's name and organiser
 * phone (NULL when none); caller frees all three. */
static int
person_group(struct rctx *c, int64_t person_id, char **code, char **group,
    char **organiser)
{
	static const char sql[] = "SELECT p.case_code, g.name, "
	    "g.organiser_phone FROM person p LEFT JOIN membership m ON "
	    "m.person_id = p.id AND m.joined_on <= ?2 AND (m.left_on IS NULL "
	    "OR m.left_on > ?2) AND EXISTS (SELECT 1 FROM grp x WHERE "
	    "x.id = m.group_id AND x.status = 'active') LEFT JOIN grp g ON "
	    "g.id = m.group_id WHERE p.id = ?1 ORDER BY m.joined_on DESC "
	    "LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*code = *group = *organiser = NULL;
	if (!(st = db_prepare(c->db, sql)) || db_bind(c->db, st, "iD",
	    person_id, c->today) < 0)
		return -1;
	if ((rc = db_step(c->db, st)) == SQLITE_ROW) {
		*code = xstrdup(db_col_text(st, 0));
		*group = db_col_text(st, 1) ? xstrdup(db_col_text(st, 1)) : NULL;
		*organiser = db_col_text(st, 2) ? xstrdup(db_col_text(st, 2)) :
		    NULL;
	}
	db_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Alerts about case case_id to the organiser and the coordinator. */
static int
alert(struct rctx *c, int64_t person_id, int64_t case_id)
{
	char *code, *group, *organiser, *text, subject[32];
	struct template_vars v;
	int sent = 0;

	if (person_group(c, person_id, &code, &group, &organiser) < 0)
		return -1;
	vars_init(&v);
	v.case_code = code;
	v.group = group;
	text = template_render(c->conf->tpl_alert, &v);
	snprintf(subject, sizeof subject, "help:%lld", (long long)case_id);
	if (!str_empty(organiser))
		sent += queue_reply(c, organiser, 0, "alert", subject, "organiser", text);
	if (!str_empty(c->conf->coordinator_phone))
		sent += queue_reply(c, c->conf->coordinator_phone, 0, "alert", subject,
		    "coordinator", text);
	if (str_empty(organiser) && str_empty(c->conf->coordinator_phone))
		log_warnx("help request from %s: no organiser or coordinator "
		    "phone to alert", code);
	c->st->alerts += sent;
	free(text);
	free(code);
	free(group);
	free(organiser);
	return 0;
}

/* A help request for one person of the sender's phone. */
static int
help_person(struct rctx *c, struct reply *r, int64_t person_id,
    int64_t *case_id)
{
	int opened;

	if (followup_help(c->db, person_id, r->id, "asked for help by SMS",
	    c->now, case_id, &opened) < 0)
		return -1;
	c->st->help++;
	log_warnx("help requested by SMS (inbox %lld, help case %lld%s)",
	    (long long)r->id, (long long)*case_id, opened ? "" : ", again");
	return alert(c, person_id, *case_id);
}

/* A phone shared by several people (often within a family) cannot say
 * who asked: a case is opened for each active person of the number, and
 * the organiser learns their case codes from the alerts. The row keeps
 * the first one's case. */
static int
need_help(struct rctx *c, struct reply *r)
{
	static const char sql[] = "SELECT id FROM person WHERE phone_hash = "
	    "crypt_blind(?1) AND status = 'active' AND id > ?2 ORDER BY id LIMIT 1";
	int64_t other = r->person_id, case_id;

	if (help_person(c, r, r->person_id, &r->case_id) < 0)
		return -1;
	for (;;) {
		if (db_int(c->db, &other, 0, sql, "ti", r->sender, other) < 0)
			return -1;
		if (!other)
			return 0;
		if (help_person(c, r, other, &case_id) < 0)
			return -1;
	}
}

/* Set the person's consent as of today; audited. */
static int
set_consent(struct rctx *c, int64_t person_id, int consent)
{
	static const char sql[] = "UPDATE person SET sms_consent = ?2, "
	    "consent_on = ?3, updated_at = ?4 WHERE id = ?1";

	if (db_run(c->db, sql, "idDi", person_id, consent, c->today,
	    (int64_t)c->now) < 0)
		return -1;
	return db_audit(c->db, "person", person_id, consent ? "sms-opt-in" :
	    "sms-opt-out");
}

/* Cancel every message still queued for the person. */
static int
cancel_queued(struct rctx *c, int64_t person_id)
{
	static const char sql[] = "SELECT id FROM outbox WHERE person_id = ?1 "
	    "AND state = 'queued' ORDER BY id LIMIT 1";
	int64_t id;

	for (;;) {
		if (db_int(c->db, &id, 0, sql, "i", person_id) < 0)
			return -1;
		if (!id || outbox_cancel(c->db, id) < 0)
			return id ? -1 : 0;
	}
}

static int
opt_out(struct rctx *c, struct reply *r)
{
	char subject[32], day[16];

	if (set_consent(c, r->person_id, 0) < 0 ||
	    cancel_queued(c, r->person_id) < 0)
		return -1;
	snprintf(subject, sizeof subject, "optout:%lld",
	    (long long)r->person_id);
	queue_reply(c, r->sender, 0, "reply", subject, date_format(c->today, day),
	    c->conf->tpl_optout);
	c->st->optout++;
	r->read = 1;
	return 0;
}

static int
opt_in(struct rctx *c, struct reply *r)
{
	static const char sql[] = "SELECT crypt_open(full_name, "
	    "'person.full_name', id) FROM person WHERE id = ?1";
	struct template_vars v;
	sqlite3_stmt *st;
	char day[16], *text = NULL;

	if (set_consent(c, r->person_id, 1) < 0 ||
	    !(st = db_prepare(c->db, sql)) ||
	    db_bind(c->db, st, "i", r->person_id) < 0)
		return -1;
	vars_init(&v);
	if (db_step(c->db, st) == SQLITE_ROW) {
		v.full_name = db_col_text(st, 0);
		text = template_render(c->conf->tpl_optin, &v);
	}
	db_reset(st);
	if (!text)
		return -1;
	queue_reply(c, NULL, r->person_id, "reply", "optin",
	    date_format(c->today, day), text);
	free(text);
	c->st->optin++;
	r->read = 1;
	return 0;
}

/* Replies queued to unknown numbers since since. */
static int
unknown_replies_since(struct rctx *c, time_t since, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM outbox WHERE "
	    "kind = 'reply' AND subject >= 'unknown:' AND subject < "
	    "'unknown;' AND person_id IS NULL AND queued_at > ?1";

	return db_int(c->db, n, 0, sql, "i", (int64_t)since);
}

/* 1 when another reply to an unknown number stays within
 * replies.unknown_per_hour and replies.unknown_per_day, else 0. */
static int
unknown_under_cap(struct rctx *c, int64_t msg)
{
	int64_t hour, day;

	if (unknown_replies_since(c, c->now - 3600, &hour) < 0 ||
	    unknown_replies_since(c, c->now - 86400, &day) < 0)
		return -1;
	if (hour < c->conf->unknown_per_hour && day < c->conf->unknown_per_day)
		return 1;
	log_info("no reply to message %lld: %lld replies to unknown numbers "
	    "in the last hour, %lld in the last day (replies.unknown_per_hour, "
	    "replies.unknown_per_day)", (long long)msg, (long long)hour,
	    (long long)day);
	return 0;
}

/* A Vietnamese mobile number (E.164: +84, then 9 digits from 3, 5, 7,
 * 8 or 9): the only numbers the service answers by itself.  Foreign
 * numbers, short codes and names of senders ("Viettel") get nothing. */
static int
vn_mobile(const char *s)
{
	size_t i;

	if (strncmp(s, "+84", 3) != 0 || strlen(s) != 12 ||
	    !strchr("35789", s[3]))
		return 0;
	for (i = 3; s[i]; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* May the service answer r by itself?  Only a text from a Vietnamese
 * mobile: not a binary message (an MMS notification, a WAP push). */
static int
answerable(const struct reply *r)
{
	return !r->binary && vn_mobile(r->sender);
}

/* Queue text to r's sender under subject PREFIX:HEX (the blind index of
 * the number: the subject is stored in clear), once a day; replies to
 * unknown numbers stay under their caps. */
static int
answer_once(struct rctx *c, struct reply *r, const char *prefix,
    const char *text)
{
	char subject[64], day[16], hex[CRYPT_BLIND_HEX];
	int64_t id;
	int rc;

	if (crypt_blind_hex(r->sender, hex) < 0)
		return -1;
	snprintf(subject, sizeof subject, "%s:%s", prefix, hex);
	if (db_int(c->db, &id, 0, "SELECT id FROM outbox WHERE kind = 'reply' "
	    "AND subject = ?1 AND occasion = ?2", "tt", subject,
	    date_format(c->today, day)) < 0)
		return -1;
	if (id)
		return 0;
	if (!strcmp(prefix, "unknown") &&
	    (rc = unknown_under_cap(c, r->id)) <= 0)
		return rc;
	queue_reply(c, r->sender, 0, "reply", subject, day, text);
	return 0;
}

/* A message from a number that is no one's: logged; with
 * sms.acknowledge, given the same neutral acknowledgement as a member's
 * free text (so that a shared phone cannot test whether it is
 * registered); else with sms.unknown_reply, templates.unknown; once a
 * day, under the caps. */
static int
unknown(struct rctx *c, struct reply *r)
{
	char masked[32];

	phone_mask(r->sender, masked, sizeof masked);
	log_info("message %lld from unknown number %s", (long long)r->id,
	    masked);
	c->st->unknown++;
	if (!answerable(r))
		return 0;
	if (c->conf->acknowledge)
		return answer_once(c, r, "unknown", c->conf->tpl_acknowledge);
	if (c->conf->unknown_reply)
		return answer_once(c, r, "unknown", c->conf->tpl_unknown);
	return 0;
}

/* A member's free text: with sms.acknowledge, the neutral
 * acknowledgement, once a day. */
static int
free_text(struct rctx *c, struct reply *r)
{
	if (!c->conf->acknowledge || !answerable(r))
		return 0;
	return answer_once(c, r, "ack", c->conf->tpl_acknowledge);
}

static int
known(struct rctx *c, struct reply *r)
{
	struct keyword_rules rules = { c->conf->help_phrases,
		c->conf->nhelp_phrases, c->conf->not_help_phrases,
		c->conf->nnot_help_phrases };
	struct open_q q;
	int64_t any;

	if (open_prompts(c, r->person_id, &q) < 0)
		return -1;
	any = q.checkin ? q.checkin : q.meeting;
	r->meaning = keyword_parse(r->text, q.open, &rules);
	switch (r->meaning) {
	case REPLY_OPT_OUT:
		/* An answer too: the check-in is not left "unanswered". */
		r->answers = any;
		return opt_out(c, r);
	case REPLY_OPT_IN:
		r->answers = any;
		return opt_in(c, r);
	case REPLY_NEEDS_HELP:
		r->answers = q.checkin;
		return need_help(c, r);
	case REPLY_WELL:
		r->answers = q.checkin;
		r->read = keyword_is_bare(r->text);
		return 0;
	case REPLY_WILL_ATTEND:
	case REPLY_CANNOT_ATTEND:
		r->answers = q.meeting;
		r->read = keyword_is_bare(r->text);
		return 0;
	case REPLY_UNCLEAR:
		return 0;
	case REPLY_FREE_TEXT:
		r->answers = any;
		return free_text(c, r);
	}
	return 0;
}

/* A message from the phone of an account (organiser, coordinator) is a
 * form (sms/forms.h) when it starts with a form's keyword, or when the
 * number is no person's (then the reply says it is not a form). A person
 * who has an account too keeps her replies' meaning otherwise; HUY from
 * an account's phone is the form's undo, not an opt-out. 1 when handled
 * as a form, 0 when not, -1 on a database error. */
static int
to_forms(struct rctx *c, struct reply *r)
{
	enum form_outcome o;
	int64_t account;

	if (forms_account(c->db, r->sender, &account) < 0)
		return -1;
	if (!account || (r->person_id && forms_kind(r->text) == FORM_NONE))
		return 0;
	if (forms_handle(c->db, c->conf, r->id, r->sender, r->text, account,
	    c->now, &o) < 0)
		return -1;
	r->form = 1;
	r->read = 1;
	c->st->forms++;
	return 1;
}

/* Handle r and mark it handled, in the caller's transaction. */
static int
handle(struct rctx *c, struct reply *r)
{
	static const char sql[] = "UPDATE inbox SET handled = 1, meaning = ?2, "
	    "answers = ?3, help_case_id = ?4, read_at = ?5, read_by = ?6 "
	    "WHERE id = ?1";
	struct keyword_rules rules = { c->conf->help_phrases,
		c->conf->nhelp_phrases, c->conf->not_help_phrases,
		c->conf->nnot_help_phrases };
	int rc;

	if ((rc = to_forms(c, r)) != 0) {
		/* handled as a form, or -1 */
	} else if (r->person_id) {
		rc = known(c, r);
	} else {
		r->meaning = keyword_parse(r->text, REPLY_TO_NOTHING, &rules);
		rc = unknown(c, r);
	}
	if (rc < 0)
		return -1;
	c->st->handled++;
	return db_run(c->db, sql, "itZZZt", r->id, r->form ? "form" :
	    keyword_meaning_name(r->meaning), r->answers, r->case_id,
	    r->read ? (int64_t)c->now : 0, r->read ? AUTO_READER : NULL);
}

/* Rows handled in one transaction at most: one synced commit for many
 * replies, the write lock never held long. */
#define REPLIES_BATCH 200

/* Handle r in its own savepoint, in the batch's transaction: when it
 * fails, what it wrote is undone and the rows before it are kept. */
static int
handle_one(struct rctx *c, struct reply *r)
{
	if (db_exec(c->db, "SAVEPOINT reply") < 0)
		return -1;
	if (handle(c, r) == 0)
		return db_exec(c->db, "RELEASE reply");
	if (db_exec(c->db, "ROLLBACK TO reply") == 0)
		db_exec(c->db, "RELEASE reply");
	return -1;
}

/* Handle up to REPLIES_BATCH rows in one transaction: 1 when more may
 * be left, 0 when none is, -1 when a row failed (those before it are
 * committed). */
static int
run_batch(struct rctx *c)
{
	struct reply r;
	int n = 0, rc = 0, failed = 0;

	if (db_begin(c->db) < 0)
		return -1;
	while (n < REPLIES_BATCH && (rc = next_row(c->db, &r)) == 1) {
		failed = handle_one(c, &r) < 0;
		reply_free(&r);
		if (failed)
			break;
		n++;
	}
	if (rc < 0 && !failed) {
		db_rollback(c->db);
		return -1;
	}
	if (db_commit(c->db) < 0) {
		db_rollback(c->db);
		return -1;
	}
	return failed ? -1 : n == REPLIES_BATCH;
}

int
replies_run(struct db *db, const struct conf *conf, time_t now,
    struct replies_stats *st)
{
	struct replies_stats local;
	struct rctx c = { .db = db, .conf = conf, .now = now,
		.st = st ? st : &local };
	int min, rc;

	memset(c.st, 0, sizeof *c.st);
	time_to_local(now, &c.today, &min);
	while ((rc = run_batch(&c)) == 1)
		;
	if (rc < 0)
		return error("reply handling stopped; the message will "
		    "be taken again");
	return 0;
}

int
replies_hook(struct db *db, const struct conf *conf, time_t now, void *arg)
{
	struct replies_stats st;

	(void)arg;
	if (replies_run(db, conf, now, &st) < 0)
		return -1;
	if (st.handled)
		log_info("handled %d replies: %d help requests, %d alerts, "
		    "%d opt-outs, %d opt-ins, %d from unknown numbers, "
		    "%d forms", st.handled, st.help, st.alerts, st.optout,
		    st.optin, st.unknown, st.forms);
	return 0;
}

int
replies_ack(struct db *db, int64_t id, const char *actor, const char *note,
    time_t now)
{
	static const char get_sql[] = "SELECT read_at IS NOT NULL, "
	    "coalesce(help_case_id, 0) FROM inbox WHERE id = ?1";
	static const char sql[] = "UPDATE inbox SET read_at = ?2, read_by = ?3, "
	    "read_note = crypt_seal(?4, 'inbox.read_note', id) WHERE id = ?1";
	sqlite3_stmt *st;
	int rc, was_read = 0;
	int64_t case_id = 0;

	if (str_empty(note))
		return error("--note is required: say what was done");
	if (!(st = db_prepare(db, get_sql)) || db_bind(db, st, "i", id) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		was_read = (int)db_col_int(st, 0);
		case_id = db_col_int(st, 1);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (rc != SQLITE_ROW)
		return error("message %lld not found in the inbox",
		    (long long)id);
	if (was_read)
		return error("message %lld was read already", (long long)id);
	if (db_run(db, sql, "iitt", id, (int64_t)now, actor, note) < 0 ||
	    db_audit(db, "inbox", id, "ack") < 0)
		return -1;
	return case_id ? followup_close_case(db, case_id, actor, note, now) : 0;
}

int
replies_rsvp(struct db *db, int64_t group_id, int orig_day, int *yes,
    int *no)
{
	/* The latest answer of each person to the meeting's reminders. */
	static const char sql[] = "SELECT i.meaning FROM inbox i JOIN outbox "
	    "o ON o.id = i.answers WHERE o.kind = 'meeting' AND o.subject = ?1 "
	    "AND substr(o.occasion, 1, 11) = ?2 AND i.meaning IN "
	    "('will-attend','cannot-attend') AND i.id = (SELECT max(j.id) "
	    "FROM inbox j JOIN outbox k ON k.id = j.answers WHERE "
	    "j.person_id = i.person_id AND k.subject = ?1 AND "
	    "substr(k.occasion, 1, 11) = ?2 AND j.meaning IN "
	    "('will-attend','cannot-attend'))";
	char subject[32], day[16], prefix[24];
	sqlite3_stmt *st;
	int rc;

	*yes = *no = 0;
	snprintf(subject, sizeof subject, "group:%lld", (long long)group_id);
	snprintf(prefix, sizeof prefix, "%.11s>", date_format(orig_day, day));
	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "tt", subject,
	    prefix) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		if (str_eq(db_col_text(st, 0), "will-attend"))
			(*yes)++;
		else
			(*no)++;
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}
