/*
 * The SMS outbox: queueing with idempotent keys, the send states, retry
 * with backoff, expiry and delivery reports.
 */
#include "sms/outbox.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/conf.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"
#include "sms/keyword.h"

#define OUTBOX_COLS "id, person_id, recipient, kind, text, state, " \
	"last_error, coding, delivery, parts, concat_ref, attempts, " \
	"not_before, expires_at, queued_at, sent_at, next_try, parts_done, " \
	"delivery_error"

static const char *const kinds[] = {
	"meeting", "loan", "checkin", "alert", "manual", "reply",
};

static const char *const states[] = {
	"queued", "sending", "sent", "failed", "expired", "cancelled",
};
/* What the states are called, in the order of states[]. */
static const char *const state_labels[] = {
	/* TRANSLATORS: the states of a message in the outbox. */
	N_("waiting to be sent"), N_("being sent"), N_("handed to the network"),
	N_("could not be sent"), N_("expired before it could go"),
	N_("cancelled by hand"),
};

/* Open a transaction unless the caller holds one. */
static int
tx_begin(struct db *db, int *own)
{
	*own = !db_in_transaction(db);
	return *own ? db_begin(db) : 0;
}

/* Commit what we opened when rc >= 0, else roll it back.  Returns rc, or
 * -1 when the commit failed. */
static int
tx_end(struct db *db, int own, int rc)
{
	if (!own)
		return rc;
	if (rc >= 0 && db_commit(db) == 0)
		return rc;
	db_rollback(db);
	return -1;
}

static int
in_list(const char *const *list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (str_eq(list[i], s))
			return 1;
	return 0;
}

int
outbox_state_valid(const char *s)
{
	return in_list(states, NELEM(states), s);
}

const char *
outbox_state_show(const char *state)
{
	for (size_t i = 0; state && i18n_vi() && i < NELEM(states); i++)
		if (!strcmp(states[i], state))
			return _(state_labels[i]);
	return state;
}

/* The coding mode and phone of the person a message is for; refuses
 * people who cannot be sent to. Only what it needs of the person is read
 * (one sealed field opened, not the whole record): the scheduler queues
 * thousands of messages in a pass. */
static int
person_target(struct db *db, const struct outbox_msg *m,
    enum sms_coding_mode *mode, char *phone, size_t size)
{
	static const char sql[] = "SELECT case_code, status, sms_consent, "
	    "crypt_open(phone, 'person.phone', id), sms_coding FROM person "
	    "WHERE id = ?1";
	sqlite3_stmt *st;
	const char *code, *p, *coding;
	char ref[32];
	int rc, pm;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "i",
	    m->person_id) < 0)
		return -1;
	if ((rc = db_step(db, st)) != SQLITE_ROW) {
		db_reset(st);
		snprintf(ref, sizeof ref, "#%lld", (long long)m->person_id);
		return rc == SQLITE_DONE ? error("person \"%s\" not found",
		    ref) : -1;
	}
	code = db_col_text(st, 0) ? db_col_text(st, 0) : "";
	p = db_col_text(st, 3);
	coding = db_col_text(st, 4);
	rc = -1;
	if (!str_eq(db_col_text(st, 1), "active"))
		error("%s is closed: no SMS", code);
	else if (!db_col_int(st, 2))
		error("%s has not agreed to receive SMS", code);
	else if (str_empty(m->recipient) && str_empty(p))
		error("%s has no phone number", code);
	else
		rc = 0;
	if (rc == 0) {
		snprintf(phone, size, "%s", str_empty(m->recipient) ? p :
		    m->recipient);
		if (!str_empty(coding) && (pm = smstext_mode_parse(coding)) >= 0)
			*mode = (enum sms_coding_mode)pm;
	}
	db_reset(st);
	return rc;
}

/* Check m and work out recipient and coding mode. */
static int
resolve_target(struct db *db, const struct outbox_msg *m,
    enum sms_coding_mode *mode, char *phone, size_t size)
{
	*mode = m->mode;
	if (!in_list(kinds, NELEM(kinds), m->kind))
		return error("kind \"%s\" is not one of %s", m->kind ? m->kind :
		    "", OUTBOX_KINDS);
	if (str_empty(m->text))
		return error("the text is empty");
	if (m->person_id)
		return person_target(db, m, mode, phone, size);
	if (!str_eq(m->kind, "manual") && !str_eq(m->kind, "reply") &&
	    !str_eq(m->kind, "alert"))
		return error("a %s message needs a person", m->kind);
	if (str_empty(m->recipient) || m->recipient[0] != '+')
		return error("recipient \"%s\" is not an E.164 number",
		    m->recipient ? m->recipient : "");
	snprintf(phone, size, "%s", m->recipient);
	return 0;
}

/* The id of the row with m's key, 0 when none (or m has no key). */
static int
find_key(struct db *db, const struct outbox_msg *m, int64_t *id)
{
	static const char sql[] = "SELECT id FROM outbox WHERE kind = ?1 AND "
	    "subject = ?2 AND coalesce(person_id, 0) = ?3 AND occasion = ?4";

	*id = 0;
	if (!m->subject || !m->occasion)
		return 0;
	return db_int(db, id, 0, sql, "ttit", m->kind, m->subject,
	    m->person_id, m->occasion);
}

/*
 * A concatenation reference no queued or sending multipart message to
 * recipient holds, going round from the last one given to that
 * recipient.  Only the parts of a multipart message carry it (in their
 * concatenation header): a single-part message gets 0 without a look-up.
 */
static int
pick_ref(struct db *db, const char *recipient, int parts, int *ref)
{
	static const char last_sql[] = "SELECT concat_ref FROM outbox WHERE "
	    "recipient = ?1 AND parts > 1 ORDER BY id DESC LIMIT 1";
	static const char busy_sql[] = "SELECT count(*) FROM outbox WHERE "
	    "recipient = ?1 AND concat_ref = ?2 AND state IN ('queued',"
	    "'sending') AND parts > 1";
	int64_t last, busy;
	char masked[32];

	*ref = 0;
	if (parts <= 1)
		return 0;
	if (db_int(db, &last, -1, last_sql, "t", recipient) < 0)
		return -1;
	for (int k = 1; k <= 256; k++) {
		*ref = (int)((last + k) & 255);
		if (db_int(db, &busy, 0, busy_sql, "td", recipient, *ref) < 0)
			return -1;
		if (busy == 0)
			return 0;
	}
	return error("256 multipart messages to %s are already waiting",
	    phone_mask(recipient, masked, sizeof masked));
}

static int
insert_row(struct db *db, const struct outbox_msg *m, const char *phone,
    const struct sms_plan *plan, int ref, int64_t *id)
{
	static const char sql[] = "INSERT INTO outbox (recipient, person_id, "
	    "kind, subject, occasion, text, coding, parts, concat_ref, "
	    "not_before, expires_at, next_try, queued_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10, ?12)";
	int64_t now = clock_now();
	int64_t nb = m->not_before ? (int64_t)m->not_before : now;

	if (db_run(db, sql, "tZtttttddiZi", phone, m->person_id, m->kind,
	    m->subject, m->occasion, plan->text,
	    smstext_coding_name(plan->coding), plan->parts, ref, nb,
	    (int64_t)m->expires_at, now) < 0)
		return -1;
	*id = db_last_id(db);
	return db_audit(db, "sms", *id, "queue");
}

/*
 * The privacy check compares words without case or diacritics, so that
 * "lua ban" typed without accents is caught, but a word written with
 * diacritics must carry those of the forbidden word: "Bông Lúa, bản Mù"
 * folds to "... lua ban ..." and is not "lừa bán". A text is cut into
 * tokens (runs of letters and digits; non-ASCII bytes belong to words),
 * each folded by keyword_normalize into one or more words that remember
 * their token.
 */
struct pword {
	const char *fold;       /* folded word, in folds */
	const char *orig;       /* its token, lower case NFC; NULL if ASCII */
};

struct ptext {
	struct pword *w;
	int n, cap;
	char **owned;
	int nowned, capowned;
};

static void
ptext_own(struct ptext *t, char *s)
{
	if (t->nowned == t->capowned) {
		t->capowned = t->capowned ? 2 * t->capowned : 16;
		t->owned = xrealloc(t->owned, (size_t)t->capowned * sizeof *t->owned);
	}
	t->owned[t->nowned++] = s;
}

/* c in lower case, for the letters Vietnamese writes: ASCII, Latin-1,
 * Ă Đ Ĩ Ũ Ơ Ư and U+1EA0..U+1EF9. */
static uint32_t
vn_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c == 0x102 || c == 0x110 || c == 0x128 || c == 0x168 || c == 0x1A0)
		return c + 1;
	if (c == 0x1AF)
		return 0x1B0;
	if (c >= 0x1EA0 && c <= 0x1EF9 && !(c & 1))
		return c + 1;
	return c;
}

static void
put_utf8(struct buf *b, uint32_t c)
{
	char u[4];
	size_t n;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_addn(b, u, n);
}

/* s (n bytes) in NFC and lower case, or NULL when it is all ASCII (a
 * word typed without diacritics). Caller frees. */
static char *
lower_accented(const char *s, size_t n)
{
	char *tok, *nfc;
	struct buf b = { 0 };
	uint32_t c;
	size_t k;
	int ascii = 1;

	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			ascii = 0;
	if (ascii)
		return NULL;
	tok = xstrndup(s, n);
	nfc = text_nfc(tok);
	free(tok);
	for (const char *p = nfc; (k = text_decode(p, &c)) > 0; p += k)
		put_utf8(&b, vn_lower(c));
	free(nfc);
	return buf_detach(&b);
}

static int
is_sep(unsigned char c)
{
	return c < 0x80 && !isalnum(c);
}

/* The words of text, each with its token. */
static void
ptext_split(const char *text, struct ptext *t)
{
	const char *p = text, *q;

	memset(t, 0, sizeof *t);
	while (*p) {
		char *tok, *fold, *orig, *w, *save = NULL;

		while (*p && is_sep((unsigned char)*p))
			p++;
		for (q = p; *q && !is_sep((unsigned char)*q); q++)
			;
		if (q == p)
			break;
		tok = xstrndup(p, (size_t)(q - p));
		fold = keyword_normalize(tok);
		free(tok);
		orig = lower_accented(p, (size_t)(q - p));
		ptext_own(t, fold);
		if (orig)
			ptext_own(t, orig);
		for (w = strtok_r(fold, " ", &save); w;
		    w = strtok_r(NULL, " ", &save)) {
			if (t->n == t->cap) {
				t->cap = t->cap ? 2 * t->cap : 32;
				t->w = xrealloc(t->w, (size_t)t->cap * sizeof *t->w);
			}
			t->w[t->n++] = (struct pword){ w, orig };
		}
		p = q;
	}
}

static void
ptext_free(struct ptext *t)
{
	for (int i = 0; i < t->nowned; i++)
		free(t->owned[i]);
	free(t->owned);
	free(t->w);
}

/* Does the text hold the forbidden phrase (its words in a row)? */
static int
has_words(const struct ptext *text, const char *phrase)
{
	struct ptext f;
	int found = 0;

	ptext_split(phrase, &f);
	for (int i = 0; f.n && i + f.n <= text->n && !found; i++) {
		found = 1;
		for (int j = 0; j < f.n && found; j++) {
			const struct pword *tw = &text->w[i + j], *fw = &f.w[j];

			if (strcmp(tw->fold, fw->fold) != 0)
				found = 0;
			/* both written with diacritics: they must agree */
			else if (tw->orig && fw->orig && !strstr(tw->orig,
			    fw->orig))
				found = 0;
		}
	}
	ptext_free(&f);
	return found;
}

/* -1 naming the first forbidden word in m's text, else 0. */
static int
privacy_check(const struct outbox_msg *m)
{
	struct ptext t;
	const char *bad = NULL;

	ptext_split(m->text, &t);
	if (m->forbidden) {
		for (int i = 0; i < m->nforbidden && !bad; i++)
			if (has_words(&t, m->forbidden[i]))
				bad = m->forbidden[i];
	} else {
		for (int i = 0; conf_default_forbidden[i] && !bad; i++)
			if (has_words(&t, conf_default_forbidden[i]))
				bad = conf_default_forbidden[i];
	}
	ptext_free(&t);
	if (bad)
		return error("text contains \"%s\", a word that must never be "
		    "sent (privacy.forbidden_words): not queued", bad);
	return 0;
}

/* The work of outbox_enqueue inside its transaction. */
static int
enqueue(struct db *db, const struct outbox_msg *m, int64_t *id)
{
	enum sms_coding_mode mode;
	struct sms_plan plan = { 0 };
	char phone[64];
	int ref, rc;

	if (resolve_target(db, m, &mode, phone, sizeof phone) < 0 ||
	    find_key(db, m, id) < 0)
		return -1;
	if (*id)
		return OUTBOX_ALREADY;
	if (privacy_check(m) < 0)
		return -1;
	if (smstext_plan(m->text, mode, m->max_parts, &plan) < 0) {
		smstext_plan_free(&plan);
		return -1;
	}
	rc = pick_ref(db, phone, plan.parts, &ref);
	if (rc == 0)
		rc = insert_row(db, m, phone, &plan, ref, id);
	smstext_plan_free(&plan);
	return rc;
}

int
outbox_enqueue(struct db *db, const struct outbox_msg *m, int64_t *id)
{
	int own;

	*id = 0;
	if (tx_begin(db, &own) < 0)
		return -1;
	return tx_end(db, own, enqueue(db, m, id));
}

static void
read_row(sqlite3_stmt *st, struct outbox_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, 0);
	r->person_id = db_col_int(st, 1);
	r->recipient = db_col_dup(st, 2);
	r->kind = db_col_dup(st, 3);
	r->text = db_col_dup(st, 4);
	r->state = db_col_dup(st, 5);
	r->last_error = db_col_dup(st, 6);
	r->coding = db_col_dup(st, 7);
	r->delivery = db_col_dup(st, 8);
	r->parts = (int)db_col_int(st, 9);
	r->concat_ref = (int)db_col_int(st, 10);
	r->attempts = (int)db_col_int(st, 11);
	r->not_before = (time_t)db_col_int(st, 12);
	r->expires_at = (time_t)db_col_int(st, 13);
	r->queued_at = (time_t)db_col_int(st, 14);
	r->sent_at = (time_t)db_col_int(st, 15);
	r->next_try = (time_t)db_col_int(st, 16);
	r->parts_done = (int)db_col_int(st, 17);
	r->delivery_error = db_col_dup(st, 18);
}

/* Step st once: 1 with *out filled, 0 for no row, -1 on error. */
static int
fetch_one(struct db *db, sqlite3_stmt *st, struct outbox_row *out)
{
	int rc = db_step(db, st);

	if (rc == SQLITE_ROW)
		read_row(st, out);
	db_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
outbox_get(struct db *db, int64_t id, struct outbox_row *out)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox "
	    "WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "i", id) < 0)
		return -1;
	if ((rc = fetch_one(db, st, out)) == 0)
		return error("message %lld not found", (long long)id);
	return rc < 0 ? -1 : 0;
}

/* A reply to an unknown number (see outbox_next_due). */
#define UNKNOWN_REPLY "(kind = 'reply' AND person_id IS NULL AND " \
	"subject LIKE 'unknown:%')"

int
outbox_next_due(struct db *db, time_t now, struct outbox_row *out)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox "
	    "WHERE state = 'queued' AND next_try <= ?1 AND not_before <= ?1 "
	    "AND (expires_at IS NULL OR expires_at > ?1) AND NOT "
	    UNKNOWN_REPLY " ORDER BY next_try, id LIMIT 1";
	static const char last_sql[] = "SELECT " OUTBOX_COLS " FROM outbox "
	    "WHERE state = 'queued' AND next_try <= ?1 AND not_before <= ?1 "
	    "AND (expires_at IS NULL OR expires_at > ?1) AND "
	    UNKNOWN_REPLY " ORDER BY next_try, id LIMIT 1";
	/* Replies to forms (sms/forms.h): an organiser waits for them at
	 * the meeting; found through the (kind, subject) key. */
	static const char form_sql[] = "SELECT " OUTBOX_COLS " FROM outbox "
	    "WHERE kind = 'reply' AND subject >= 'form:' AND subject < 'form;' "
	    "AND state = 'queued' AND next_try <= ?1 AND not_before <= ?1 "
	    "AND (expires_at IS NULL OR expires_at > ?1) ORDER BY next_try, id "
	    "LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, form_sql)) || db_bind(db, st, "i",
	    (int64_t)now) < 0)
		return -1;
	if ((rc = fetch_one(db, st, out)) != 0)
		return rc;
	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "i",
	    (int64_t)now) < 0)
		return -1;
	if ((rc = fetch_one(db, st, out)) != 0)
		return rc;
	if (!(st = db_prepare(db, last_sql)) || db_bind(db, st, "i",
	    (int64_t)now) < 0)
		return -1;
	return fetch_one(db, st, out);
}

int
outbox_next_alert(struct db *db, time_t now, struct outbox_row *out)
{
	static const char sql[] = "SELECT " OUTBOX_COLS " FROM outbox "
	    "INDEXED BY outbox_alert "
	    "WHERE state = 'queued' AND kind = 'alert' AND next_try <= ?1 "
	    "AND not_before <= ?1 AND (expires_at IS NULL OR expires_at > ?1) "
	    "ORDER BY next_try, id LIMIT 1";
	sqlite3_stmt *st;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "i",
	    (int64_t)now) < 0)
		return -1;
	return fetch_one(db, st, out);
}

void
outbox_row_free(struct outbox_row *r)
{
	if (!r)
		return;
	free(r->recipient);
	free(r->kind);
	free(r->text);
	free(r->state);
	free(r->last_error);
	free(r->coding);
	free(r->delivery);
	free(r->delivery_error);
	memset(r, 0, sizeof *r);
}

/* After an UPDATE of message id that had to change exactly one row (one
 * in state what): audit it as action. */
static int
changed(struct db *db, int rc, int64_t id, const char *action,
    const char *what)
{
	if (rc == 0 && db_changes(db) != 1)
		rc = error("message %lld is not %s", (long long)id, what);
	if (rc == 0)
		rc = db_audit(db, "sms", id, action);
	return rc;
}

int
outbox_mark_sending(struct db *db, int64_t id, time_t now)
{
	static const char sql[] = "UPDATE outbox SET state = 'sending', "
	    "attempts = attempts + 1, tried_at = ?2 WHERE id = ?1 AND "
	    "state = 'queued'";
	int own, rc;

	if (tx_begin(db, &own) < 0)
		return -1;
	rc = db_run(db, sql, "ii", id, (int64_t)now);
	return tx_end(db, own, changed(db, rc, id, "send", "queued"));
}

/* Part seq of message id went out with reference tpmr at now (0..255;
 * any other: unknown, nothing to record): a part sent again replaces
 * what an earlier try recorded. */
static int
add_part(struct db *db, int64_t id, int seq, int tpmr, time_t now)
{
	static const char sql[] = "INSERT INTO outbox_part (outbox_id, seq, "
	    "recipient, tpmr, sent_at) SELECT id, ?2, recipient, ?3, ?4 "
	    "FROM outbox WHERE id = ?1 "
	    "ON CONFLICT (outbox_id, seq) DO UPDATE SET recipient = "
	    "excluded.recipient, tpmr = ?3, sent_at = ?4, delivery = NULL, "
	    "delivery_at = NULL, reason = NULL";

	if (tpmr < 0 || tpmr > 255)
		return 0;
	return db_run(db, sql, "iddi", id, seq, tpmr, (int64_t)now);
}

static int
parts_accepted(struct db *db, int64_t id, time_t now, int first,
    const int *tpmr, int n)
{
	static const char done[] = "UPDATE outbox SET parts_done = ?2 "
	    "WHERE id = ?1";
	int i, rc = 0;

	for (i = first < 0 ? 0 : first; i < n && rc == 0; i++)
		rc = add_part(db, id, i + 1, tpmr[i], now);
	if (rc == 0)
		rc = db_run(db, done, "id", id, n);
	return rc;
}

int
outbox_parts_accepted(struct db *db, int64_t id, time_t now, int first,
    const int *tpmr, int n)
{
	int own;

	if (tx_begin(db, &own) < 0)
		return -1;
	return tx_end(db, own, parts_accepted(db, id, now, first, tpmr, n));
}

int
outbox_set_modem(struct db *db, int64_t id, const char *modem)
{
	static const char sql[] = "UPDATE outbox SET modem = ?2 WHERE id = ?1 "
	    "AND state = 'sending'";

	return db_run(db, sql, "it", id, modem);
}

int
outbox_requeue(struct db *db, int64_t id)
{
	static const char sql[] = "UPDATE outbox SET state = 'queued', "
	    "attempts = max(attempts - 1, 0) WHERE id = ?1 AND "
	    "state = 'sending'";
	int own, rc;

	if (tx_begin(db, &own) < 0)
		return -1;
	rc = db_run(db, sql, "i", id);
	return tx_end(db, own, changed(db, rc, id, "hold", "sending"));
}

int
outbox_modem_counts(struct db *db, const char *modem, time_t since,
    int64_t *sent, int64_t *failed)
{
	static const char sent_sql[] = "SELECT count(*) FROM outbox WHERE "
	    "modem = ?1 AND state = 'sent' AND sent_at >= ?2";
	static const char failed_sql[] = "SELECT count(*) FROM outbox WHERE "
	    "modem = ?1 AND state = 'failed' AND tried_at >= ?2";

	if (db_int(db, sent, 0, sent_sql, "ti", modem, (int64_t)since) < 0)
		return -1;
	return db_int(db, failed, 0, failed_sql, "ti", modem, (int64_t)since);
}

int
outbox_mark_sent(struct db *db, int64_t id, time_t now, int tpmr)
{
	/* A message that went out after failed tries keeps no error. */
	static const char sql[] = "UPDATE outbox SET state = 'sent', "
	    "sent_at = ?2, tpmr = (SELECT tpmr FROM outbox_part WHERE "
	    "outbox_id = ?1 AND seq = outbox.parts), last_error = NULL, "
	    "parts_done = parts WHERE id = ?1 AND state = 'sending'";
	static const char parts[] = "SELECT parts FROM outbox WHERE id = ?1";
	int64_t n = 0;
	int own, rc = 0;

	if (tx_begin(db, &own) < 0)
		return -1;
	/* The last part's reference, when the caller gives it. */
	if (tpmr >= 0 && (rc = db_int(db, &n, 0, parts, "i", id)) == 0 && n > 0)
		rc = add_part(db, id, (int)n, tpmr, now);
	if (rc == 0)
		rc = db_run(db, sql, "ii", id, (int64_t)now);
	return tx_end(db, own, changed(db, rc, id, "sent", "sending"));
}

int
outbox_backoff(int retry_seconds, int attempts)
{
	int64_t d = retry_seconds;

	for (int i = 1; i < attempts && i <= 6; i++)
		d *= 2;
	return d > 86400 ? 86400 : (int)d;
}

int
outbox_mark_failed(struct db *db, int64_t id, time_t now, const char *err,
    int permanent, int max_attempts, int retry_seconds)
{
	static const char fail_sql[] = "UPDATE outbox SET state = 'failed', "
	    "last_error = ?2 WHERE id = ?1 AND state = 'sending'";
	static const char retry_sql[] = "UPDATE outbox SET state = 'queued', "
	    "next_try = ?2, last_error = ?3 WHERE id = ?1 AND state = 'sending'";
	static const char att_sql[] = "SELECT attempts FROM outbox WHERE id = ?1";
	int64_t attempts, next;
	int own, rc;

	if (db_int(db, &attempts, 0, att_sql, "i", id) < 0 ||
	    tx_begin(db, &own) < 0)
		return -1;
	if (permanent || attempts >= max_attempts) {
		rc = db_run(db, fail_sql, "it", id, err);
		return tx_end(db, own, changed(db, rc, id, "fail", "sending"));
	}
	next = (int64_t)now + outbox_backoff(retry_seconds, (int)attempts);
	rc = db_run(db, retry_sql, "iit", id, next, err);
	return tx_end(db, own, changed(db, rc, id, "retry", "sending"));
}

/* Move every row that sel finds (one id at a time) with upd, auditing
 * each as action.  Returns how many. */
static int
move_all(struct db *db, const char *sel, const char *upd, time_t now,
    const char *action)
{
	int64_t id;
	int n = 0, own, rc = 0;

	if (tx_begin(db, &own) < 0)
		return -1;
	while (rc == 0) {
		if ((rc = db_int(db, &id, 0, sel, "i", (int64_t)now)) < 0 || !id)
			break;
		rc = db_run(db, upd, "i", id);
		if (rc == 0)
			rc = db_audit(db, "sms", id, action);
		n++;
	}
	return tx_end(db, own, rc < 0 ? -1 : n);
}

int
outbox_expire(struct db *db, time_t now)
{
	static const char sel[] = "SELECT id FROM outbox WHERE state = "
	    "'queued' AND expires_at IS NOT NULL AND expires_at <= ?1 LIMIT 1";
	static const char upd[] = "UPDATE outbox SET state = 'expired' "
	    "WHERE id = ?1";

	return move_all(db, sel, upd, now, "expire");
}

int
outbox_recover(struct db *db)
{
	static const char sel[] = "SELECT id FROM outbox WHERE state = "
	    "'sending' AND ?1 IS NOT NULL LIMIT 1";
	static const char upd[] = "UPDATE outbox SET state = 'queued' "
	    "WHERE id = ?1";

	return move_all(db, sel, upd, 0, "recover");
}

int
outbox_cancel(struct db *db, int64_t id)
{
	static const char sql[] = "UPDATE outbox SET state = 'cancelled' "
	    "WHERE id = ?1 AND state = 'queued'";
	struct outbox_row r;
	int own, rc;

	if (outbox_get(db, id, &r) < 0)
		return -1;
	rc = str_eq(r.state, "queued") ? 0 : error("message %lld is %s, not "
	    "queued", (long long)id, outbox_state_show(r.state));
	outbox_row_free(&r);
	if (rc < 0 || tx_begin(db, &own) < 0)
		return -1;
	rc = db_run(db, sql, "i", id);
	return tx_end(db, own, changed(db, rc, id, "cancel", "queued"));
}

int
outbox_parts_since(struct db *db, time_t since, int64_t *parts)
{
	static const char sql[] = "SELECT coalesce(sum(parts), 0) FROM outbox "
	    "WHERE tried_at > ?1";

	return db_int(db, parts, 0, sql, "i", (int64_t)since);
}

int
outbox_modem_parts_since(struct db *db, const char *modem, time_t since,
    int64_t *parts)
{
	static const char sql[] = "SELECT coalesce(sum(parts), 0) FROM outbox "
	    "WHERE tried_at > ?1 AND modem = ?2";

	return db_int(db, parts, 0, sql, "it", (int64_t)since, modem);
}

int
outbox_each_queued(struct db *db, int (*fn)(const char *recipient,
    void *arg), void *arg)
{
	static const char sql[] = "SELECT recipient FROM outbox WHERE "
	    "state = 'queued'";
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, sql)))
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if ((rc = fn(db_col_text(st, 0), arg)) != 0)
			break;
	db_reset(st);
	return rc < 0 ? -1 : rc == SQLITE_DONE ? 0 : rc;
}

int
outbox_count(struct db *db, const char *state, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM outbox WHERE state = ?1";

	return db_int(db, n, 0, sql, "t", state);
}

/* The newest part that a report for reference tpmr to recipient,
 * handled at now, can be about: sent at most OUTBOX_REPORT_WINDOW
 * before.  1 with *id and *seq, 0 when none. */
const char outbox_report_sql[] = "SELECT outbox_id, seq FROM outbox_part "
    "WHERE recipient = ?1 AND tpmr = ?2 AND sent_at BETWEEN ?3 AND ?4 "
    "ORDER BY sent_at DESC, outbox_id DESC, seq DESC LIMIT 1";

static int
report_part(struct db *db, const char *recipient, int tpmr, time_t now,
    int64_t *id, int *seq)
{
	const char *sql = outbox_report_sql;
	sqlite3_stmt *st;
	int rc;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "tdii", recipient,
	    tpmr, (int64_t)now - OUTBOX_REPORT_WINDOW, (int64_t)now) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		*id = db_col_int(st, 0);
		*seq = (int)db_col_int(st, 1);
	}
	db_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The message's delivery from its parts: failed when one part failed
 * (with that part's reason), delivered when it is sent and every part
 * is, pending otherwise. */
static int
report_message(struct db *db, int64_t id, time_t now)
{
	static const char sql[] = "UPDATE outbox SET delivery = CASE "
	    "WHEN EXISTS (SELECT 1 FROM outbox_part WHERE outbox_id = ?1 AND "
	    "delivery = 'failed') THEN 'failed' "
	    "WHEN state = 'sent' AND NOT EXISTS (SELECT 1 FROM outbox_part "
	    "WHERE outbox_id = ?1 AND delivery IS NOT 'delivered') "
	    "THEN 'delivered' ELSE 'pending' END, delivery_at = ?2, "
	    "delivery_error = (SELECT CASE WHEN outbox.parts > 1 THEN 'part ' "
	    "|| seq || '/' || outbox.parts || ': ' ELSE '' END || "
	    "coalesce(reason, 'failed') FROM outbox_part WHERE outbox_id = ?1 "
	    "AND delivery = 'failed' ORDER BY seq LIMIT 1) WHERE id = ?1";

	return db_run(db, sql, "ii", id, (int64_t)now);
}

int
outbox_report(struct db *db, const char *recipient, int tpmr,
    const char *report, const char *reason, time_t now)
{
	static const char upd[] = "UPDATE outbox_part SET delivery = ?3, "
	    "delivery_at = ?4, reason = ?5 WHERE outbox_id = ?1 AND seq = ?2";
	int64_t id = 0;
	int seq = 0, own, rc;

	if ((rc = report_part(db, recipient, tpmr, now, &id, &seq)) <= 0)
		return rc;
	if (tx_begin(db, &own) < 0)
		return -1;
	rc = db_run(db, upd, "idtit", id, seq, report, (int64_t)now,
	    str_eq(report, "failed") ? reason : NULL);
	if (rc == 0)
		rc = report_message(db, id, now);
	if (rc == 0)
		rc = db_audit(db, "sms", id, "report");
	return tx_end(db, own, rc < 0 ? -1 : 1);
}

int
outbox_each_person(struct db *db, int64_t person_id, int limit,
    int (*fn)(const struct outbox_item *m, void *arg), void *arg)
{
	static const char sql[] = "SELECT id, kind, state, text, coding, "
	    "parts, queued_at, coalesce(sent_at, 0) FROM outbox "
	    "WHERE person_id = ?1 ORDER BY id DESC LIMIT ?2";
	sqlite3_stmt *st;
	struct outbox_item m;
	int rc, stop = 0;

	if (!(st = db_prepare(db, sql)) ||
	    db_bind(db, st, "id", person_id, limit) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		m = (struct outbox_item){ .id = db_col_int(st, 0),
			.kind = db_col_text(st, 1), .state = db_col_text(st, 2),
			.text = db_col_text(st, 3), .coding = db_col_text(st, 4),
			.parts = (int)db_col_int(st, 5),
			.queued_at = (time_t)db_col_int(st, 6),
			.sent_at = (time_t)db_col_int(st, 7) };
		stop = fn(&m, arg);
	}
	db_reset(st);
	if (stop)
		return stop;
	return rc < 0 ? -1 : 0;
}

int
outbox_each(struct db *db, const char *state, int limit,
    int (*fn)(const struct outbox_item *m, void *arg), void *arg)
{
	static const char sql[] = "SELECT o.id, o.kind, o.state, o.text, "
	    "o.coding, o.parts, o.queued_at, coalesce(o.sent_at, 0), "
	    "coalesce(o.person_id, 0), p.case_code, o.recipient, "
	    "coalesce(o.delivery_error, o.last_error), "
	    "o.delivery, o.attempts FROM outbox o LEFT JOIN person p ON "
	    "p.id = o.person_id WHERE (?1 IS NULL OR o.state = ?1) "
	    "ORDER BY o.id DESC LIMIT ?2";
	sqlite3_stmt *st;
	struct outbox_item m;
	int rc, stop = 0;

	if (!(st = db_prepare(db, sql)) ||
	    db_bind(db, st, "td", state, limit) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		m = (struct outbox_item){ .id = db_col_int(st, 0),
			.kind = db_col_text(st, 1), .state = db_col_text(st, 2),
			.text = db_col_text(st, 3), .coding = db_col_text(st, 4),
			.parts = (int)db_col_int(st, 5),
			.queued_at = (time_t)db_col_int(st, 6),
			.sent_at = (time_t)db_col_int(st, 7),
			.person_id = db_col_int(st, 8),
			.case_code = db_col_text(st, 9),
			.recipient = db_col_text(st, 10),
			.last_error = db_col_text(st, 11),
			.delivery = db_col_text(st, 12),
			.attempts = (int)db_col_int(st, 13) };
		stop = fn(&m, arg);
	}
	db_reset(st);
	if (stop)
		return stop;
	return rc < 0 ? -1 : 0;
}
