/*
 * The SMS inbox: received messages stored once, parts kept until their
 * message is whole (or given up on), delivery reports passed to the
 * outbox.
 */
#include "sms/inbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/util.h"
#include "sms/assemble.h"
#include "sms/outbox.h"

/* Used parts are kept this long to recognise a late re-read. */
#define PART_KEEP_SECONDS (7 * 86400)

/* Parts waiting in the database, loaded for assemble_run. */
struct pending {
	struct assemble_part *parts;
	int64_t *ids, *sent;
	char **coding;
	int n;
};

const char *
inbox_coding_name(enum modem_coding c)
{
	return c == MODEM_CODING_UCS2 ? "ucs2" : c == MODEM_CODING_8BIT ?
	    "8bit" : "gsm7";
}

/* The sender as E.164 when it is a Vietnamese number, else as given. */
static void
sender_number(const char *in, char *out, size_t size)
{
	if (phone_normalize(in, out, size, NULL, 0) < 0)
		snprintf(out, size, "%s", in);
}

/* Insert one message unless it is there already.  *id: its row. */
static int
add_row(struct db *db, const char *sender, int64_t sent, int64_t now,
    const char *coding, const char *text, int parts, int complete,
    int *added, int64_t *id)
{
	static const char ins[] = "INSERT INTO inbox (sender, person_id, "
	    "sent_at, received_at, coding, text, parts, complete) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	    "ON CONFLICT (sender, sent_at, text) DO NOTHING";
	static const char find[] = "SELECT id FROM inbox WHERE sender = ?1 "
	    "AND sent_at = ?2 AND text = ?3";

	if (db_run(db, ins, "tZiittdd", sender, person_by_phone(db, sender),
	    sent, now, coding, text, parts, complete) < 0)
		return -1;
	*added = db_changes(db) == 1;
	if (!*added)
		return db_int(db, id, 0, find, "tit", sender, sent, text);
	*id = db_last_id(db);
	return db_audit(db, "inbox", *id, "receive");
}

static int
add_part(struct db *db, const struct modem_msg_in *m, const char *sender,
    time_t now)
{
	static const char sql[] = "INSERT INTO inbox_part (sender, sent_at, "
	    "ref, total, seq, coding, text, received_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
	    "ON CONFLICT (sender, ref, total, seq, sent_at) DO NOTHING";

	return db_run(db, sql, "tidddtti", sender, (int64_t)m->sent,
	    m->concat_ref, m->concat_total, m->concat_seq,
	    inbox_coding_name(m->coding), m->text, (int64_t)now);
}

static const char *
report_name(enum modem_report r)
{
	return r == MODEM_REPORT_DELIVERED ? "delivered" :
	    r == MODEM_REPORT_PENDING ? "pending" : "failed";
}

/* A record the modem could not decode, kept raw with the modem's reason
 * (once: the same raw record read again is not added twice). */
static int
add_bad(struct db *db, const struct modem_msg_in *m, time_t now)
{
	static const char sql[] = "INSERT INTO inbox_quarantine (received_at, "
	    "location, reason, raw) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (raw) DO NOTHING";

	return db_run(db, sql, "idtt", (int64_t)now, m->location, m->reason,
	    str_empty(m->text) ? NULL : m->text);
}

/* File one fetched record; counts new inbox rows in *added. */
static int
store_one(struct db *db, const struct modem_msg_in *m, time_t now,
    int *added)
{
	char sender[64];
	int64_t id;
	int a = 0;

	if (m->kind == MODEM_MSG_BAD)
		return add_bad(db, m, now);
	sender_number(m->sender, sender, sizeof sender);
	if (m->kind == MODEM_MSG_REPORT) {
		char why[96];
		snprintf(why, sizeof why, "%s (TP-Status 0x%02X)",
		    modem_report_reason(m->report_status), m->report_status);
		return outbox_report(db, sender, m->report_tpmr,
		    report_name(m->report), why, now) < 0 ? -1 : 0;
	}
	if (m->concat_total > 1)
		return add_part(db, m, sender, now);
	if (add_row(db, sender, m->sent, now, inbox_coding_name(m->coding),
	    m->text, 1, 1, &a, &id) < 0)
		return -1;
	*added += a;
	return 0;
}

static void
pending_free(struct pending *p)
{
	for (int i = 0; i < p->n; i++) {
		free((char *)p->parts[i].sender);
		free((char *)p->parts[i].text);
		free(p->coding[i]);
	}
	free(p->parts);
	free(p->ids);
	free(p->sent);
	free(p->coding);
	memset(p, 0, sizeof *p);
}

static void
pending_add(struct pending *p, sqlite3_stmt *st)
{
	size_t k = (size_t)p->n + 1;
	struct assemble_part *a;

	p->parts = xrealloc(p->parts, k * sizeof *p->parts);
	p->ids = xrealloc(p->ids, k * sizeof *p->ids);
	p->sent = xrealloc(p->sent, k * sizeof *p->sent);
	p->coding = xrealloc(p->coding, k * sizeof *p->coding);
	a = &p->parts[p->n];
	p->ids[p->n] = db_col_int(st, 0);
	a->sender = xstrdup(db_col_text(st, 1));
	p->sent[p->n] = db_col_int(st, 2);
	a->sent = (time_t)p->sent[p->n];
	a->ref = (int)db_col_int(st, 3);
	a->total = (int)db_col_int(st, 4);
	a->seq = (int)db_col_int(st, 5);
	p->coding[p->n] = xstrdup(db_col_text(st, 6));
	a->text = xstrdup(db_col_text(st, 7));
	a->received = (time_t)db_col_int(st, 8);
	p->n++;
}

static int
pending_load(struct db *db, struct pending *p)
{
	static const char sql[] = "SELECT id, sender, sent_at, ref, total, "
	    "seq, coding, text, received_at FROM inbox_part "
	    "WHERE inbox_id IS NULL ORDER BY id";
	sqlite3_stmt *st;
	int rc;

	memset(p, 0, sizeof *p);
	if (!(st = db_prepare(db, sql)))
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		pending_add(p, st);
	db_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Store one joined message and link the parts it used to its row. */
static int
store_joined(struct db *db, const struct pending *p,
    const struct assemble_msg *m, time_t now, int *added)
{
	static const char link[] = "UPDATE inbox_part SET inbox_id = ?1 "
	    "WHERE id = ?2";
	int64_t sent = p->sent[m->used[0]], id;
	const char *coding = p->coding[m->used[0]];
	int a = 0;

	for (int i = 1; i < m->nused; i++)
		if (p->sent[m->used[i]] < sent)
			sent = p->sent[m->used[i]];
	if (add_row(db, m->sender, sent, now, coding, m->text, m->total,
	    m->complete, &a, &id) < 0)
		return -1;
	*added += a;
	for (int i = 0; i < m->nused; i++)
		if (db_run(db, link, "ii", id, p->ids[m->used[i]]) < 0)
			return -1;
	return 0;
}

/* Join waiting parts; store what is ready. */
static int
join_parts(struct db *db, time_t now, int timeout, int *added)
{
	static const char purge[] = "DELETE FROM inbox_part WHERE inbox_id "
	    "IS NOT NULL AND received_at < ?1";
	struct pending p;
	struct assemble_msg *out = NULL;
	int nout = 0, rc = -1;

	if (db_run(db, purge, "i", (int64_t)now - PART_KEEP_SECONDS) < 0 ||
	    pending_load(db, &p) < 0)
		return -1;
	if (p.n == 0 || assemble_run(p.parts, p.n, now, timeout, &out,
	    &nout) == 0)
		rc = 0;
	for (int i = 0; rc == 0 && i < nout; i++)
		rc = store_joined(db, &p, &out[i], now, added);
	assemble_free(out, nout);
	pending_free(&p);
	return rc;
}

int
inbox_store(struct db *db, const struct modem_msg_in *msgs, int n,
    time_t now, int timeout)
{
	int added = 0, rc = 0, own = !db_in_transaction(db);

	if (own && db_begin(db) < 0)
		return -1;
	for (int i = 0; rc == 0 && i < n; i++)
		rc = store_one(db, &msgs[i], now, &added);
	if (rc == 0)
		rc = join_parts(db, now, timeout, &added);
	if (own && rc == 0)
		rc = db_commit(db);
	if (own && rc < 0)
		db_rollback(db);
	return rc < 0 ? -1 : added;
}

int
inbox_quarantined(struct db *db, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM inbox_quarantine";

	return db_int(db, n, 0, sql, "");
}

int
inbox_pending_parts(struct db *db, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM inbox_part "
	    "WHERE inbox_id IS NULL";

	return db_int(db, n, 0, sql, "");
}

int
inbox_each(struct db *db, const struct inbox_filter *f,
    int (*fn)(const struct inbox_item *m, void *arg), void *arg)
{
	/* One message is looked up by its id, a person's or a group's by
	 * the index on the sender's id, unread ones by the index on read_at
	 * (in the order of their ids); the newest of all are read from the
	 * end. */
#define INBOX_EACH(who) "SELECT i.id, i.person_id, p.case_code, " \
	"i.sender, i.text, i.meaning, i.received_at, i.complete, " \
	"i.read_at IS NOT NULL FROM inbox i " \
	"LEFT JOIN person p ON p.id = i.person_id WHERE " who " " \
	"ORDER BY i.id DESC LIMIT ?1"
#define INBOX_PERSON "(?3 IS NULL OR i.person_id = ?3)"
#define INBOX_GROUP "(?4 IS NULL OR i.person_id IN (SELECT m.person_id " \
	"FROM membership m WHERE m.group_id = ?4))"
#define INBOX_UNREAD "(?2 = 0 OR i.read_at IS NULL)"
	static const char id_sql[] = INBOX_EACH("i.id = ?5 AND " INBOX_UNREAD
	    " AND " INBOX_PERSON " AND " INBOX_GROUP);
	static const char person_sql[] = INBOX_EACH("i.person_id = ?3 AND "
	    INBOX_UNREAD " AND " INBOX_GROUP " AND ?5 IS NULL");
	static const char group_sql[] = INBOX_EACH("?3 IS NULL AND "
	    "i.person_id IN (SELECT m.person_id FROM membership m WHERE "
	    "m.group_id = ?4) AND " INBOX_UNREAD " AND ?5 IS NULL");
	static const char unread_sql[] = INBOX_EACH("i.read_at IS NULL AND "
	    "?2 = 1 AND ?3 IS NULL AND ?4 IS NULL AND ?5 IS NULL");
	static const char all_sql[] = INBOX_EACH("?2 = 0 AND ?3 IS NULL AND "
	    "?4 IS NULL AND ?5 IS NULL");
#undef INBOX_EACH
#undef INBOX_PERSON
#undef INBOX_GROUP
#undef INBOX_UNREAD
	sqlite3_stmt *st;
	struct inbox_item m;
	int rc, stop = 0;

	st = db_prepare(db, f->id ? id_sql : f->person_id ? person_sql :
	    f->group_id ? group_sql : f->unread ? unread_sql : all_sql);
	if (!st || db_bind(db, st, "ddZZZ", f->limit,
	    f->unread, f->person_id, f->group_id, f->id) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		m = (struct inbox_item){ .id = db_col_int(st, 0),
			.person_id = db_col_int(st, 1),
			.case_code = db_col_text(st, 2),
			.sender = db_col_text(st, 3), .text = db_col_text(st, 4),
			.meaning = db_col_text(st, 5),
			.received_at = (time_t)db_col_int(st, 6),
			.complete = (int)db_col_int(st, 7),
			.read = (int)db_col_int(st, 8) };
		stop = fn(&m, arg);
	}
	db_reset(st);
	if (stop)
		return stop;
	return rc < 0 ? -1 : 0;
}
