/*
 * Modem problems on the administrator's follow-up list (notice.h).
 */
#include "sms/notice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/util.h"

#define OPEN_MAX 16	/* open notices of one modem: six kinds at most */

static int
in_now(const struct notice_now *v, int nv, const char *kind)
{
	for (int i = 0; i < nv; i++)
		if (str_eq(v[i].kind, kind))
			return 1;
	return 0;
}

/* Close modem's open notices whose problem is not in v. */
static int
close_gone(struct db *db, const char *modem, const struct notice_now *v,
    int nv, time_t now)
{
	static const char sql[] = "SELECT id, kind FROM modem_notice WHERE "
	    "modem = ?1 AND cleared_at IS NULL";
	static const char upd[] = "UPDATE modem_notice SET cleared_at = ?2 "
	    "WHERE id = ?1";
	int64_t gone[OPEN_MAX];
	int ngone = 0, rc;
	sqlite3_stmt *st;

	if (!(st = db_prepare(db, sql)) || db_bind(db, st, "t", modem) < 0)
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW)
		if (ngone < OPEN_MAX && !in_now(v, nv, db_col_text(st, 1)))
			gone[ngone++] = db_col_int(st, 0);
	db_reset(st);
	if (rc < 0)
		return -1;
	for (int i = 0; i < ngone; i++)
		if (db_run(db, upd, "ii", gone[i], (int64_t)now) < 0)
			return -1;
	return 0;
}

int
notice_sync(struct db *db, const char *modem, const struct notice_now *v,
    int nv, time_t now)
{
	static const char sql[] = "INSERT INTO modem_notice (modem, kind, "
	    "since, n, total) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (modem, "
	    "kind) WHERE cleared_at IS NULL DO UPDATE SET n = excluded.n, "
	    "total = excluded.total WHERE n IS NOT excluded.n OR total IS NOT "
	    "excluded.total";

	for (int i = 0; i < nv; i++)
		if (db_run(db, sql, "ttiii", modem, v[i].kind,
		    (int64_t)(v[i].since ? v[i].since : now), v[i].n,
		    v[i].total) < 0)
			return -1;
	return close_gone(db, modem, v, nv, now);
}

int
notice_sync_unreadable(struct db *db, time_t now)
{
	static const char mark[] = "SELECT coalesce(max(upto), 0) FROM "
	    "modem_notice WHERE kind = 'unreadable' AND cleared_at IS NOT NULL";
	static const char count[] = "SELECT count(*), coalesce(min(received_at), "
	    "0), coalesce(max(id), 0) FROM inbox_quarantine WHERE id > ?1";
	static const char cur[] = "SELECT coalesce(upto, 0) FROM modem_notice "
	    "WHERE kind = 'unreadable' AND cleared_at IS NULL";
	static const char open[] = "INSERT INTO modem_notice (modem, kind, "
	    "since, n, upto) VALUES ('', 'unreadable', ?1, ?2, ?3) ON CONFLICT "
	    "(modem, kind) WHERE cleared_at IS NULL DO UPDATE SET since = "
	    "excluded.since, n = excluded.n, upto = excluded.upto";
	static const char none[] = "UPDATE modem_notice SET cleared_at = ?1 "
	    "WHERE kind = 'unreadable' AND cleared_at IS NULL";
	int64_t seen, n = 0, since = 0, upto = 0, open_upto;
	sqlite3_stmt *st;
	int rc;

	if (db_int(db, &seen, 0, mark, "") < 0 ||
	    db_int(db, &open_upto, -1, cur, "") < 0 ||
	    !(st = db_prepare(db, count)) || db_bind(db, st, "i", seen) < 0)
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		n = db_col_int(st, 0);
		since = db_col_int(st, 1);
		upto = db_col_int(st, 2);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	/* Set-aside rows are only added (or erased): the newest id says
	 * whether the open notice is up to date. */
	if (n == 0)
		return open_upto < 0 ? 0 : db_run(db, none, "i", (int64_t)now);
	if (open_upto == upto)
		return 0;
	return db_run(db, open, "iii", since, n, upto);
}

int
notice_list(struct db *db, struct notice **out, int *n)
{
	static const char sql[] = "SELECT id, modem, kind, since, "
	    "coalesce(n, 0), coalesce(total, 0) FROM modem_notice WHERE "
	    "cleared_at IS NULL AND seen_at IS NULL ORDER BY since, id";
	struct notice *v = NULL;
	sqlite3_stmt *st;
	int nv = 0, rc;

	*out = NULL;
	*n = 0;
	if (!(st = db_prepare(db, sql)))
		return -1;
	while ((rc = db_step(db, st)) == SQLITE_ROW) {
		struct notice *nt;
		v = xrealloc(v, (size_t)(nv + 1) * sizeof *v);
		nt = &v[nv++];
		memset(nt, 0, sizeof *nt);
		nt->id = db_col_int(st, 0);
		snprintf(nt->modem, sizeof nt->modem, "%s", db_col_text(st, 1));
		snprintf(nt->kind, sizeof nt->kind, "%s", db_col_text(st, 2));
		nt->since = (time_t)db_col_int(st, 3);
		nt->n = db_col_int(st, 4);
		nt->total = db_col_int(st, 5);
	}
	db_reset(st);
	if (rc < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

int
notice_seen(struct db *db, int64_t id, const char *actor, time_t now)
{
	/* Set-aside messages are done with once seen; a modem's problem
	 * stays open (hidden) until it goes away. */
	static const char sql[] = "UPDATE modem_notice SET seen_at = ?2, "
	    "seen_by = ?3, cleared_at = CASE kind WHEN 'unreadable' THEN ?2 "
	    "END WHERE id = ?1 AND cleared_at IS NULL AND seen_at IS NULL";

	if (db_run(db, sql, "iit", id, (int64_t)now, actor) < 0)
		return -1;
	if (db_changes(db) == 0)
		return error("no modem problem %lld on the follow-up list",
		    (long long)id);
	log_info("modem problem %lld marked seen", (long long)id);
	return 0;
}

int
notice_prune(struct db *db, time_t before, int *n)
{
	static const char sql[] = "DELETE FROM modem_notice WHERE cleared_at "
	    "< ?1 AND NOT (kind = 'unreadable' AND upto IS (SELECT max(upto) "
	    "FROM modem_notice WHERE kind = 'unreadable' AND cleared_at IS "
	    "NOT NULL))";

	if (db_run(db, sql, "i", (int64_t)before) < 0)
		return -1;
	if (n)
		*n = db_changes(db);
	return 0;
}

static char *
when_show(time_t t, char *buf, size_t size)
{
	char day[16];
	int days, min;

	time_to_local(t, &days, &min);
	snprintf(buf, size, "%s %02d:%02d", date_show(days, day), min / 60,
	    min % 60);
	return buf;
}

char *
notice_describe(const struct notice *nt, char *buf, size_t size)
{
	char v[64];
	long long n = (long long)nt->n, total = (long long)nt->total;

	if (str_eq(nt->kind, "balance_low"))
		/* TRANSLATORS: %s: a modem's name, then its balance. */
		snprintf(buf, size, _("%s: the balance is low (%s)"), nt->modem,
		    money_show(nt->n, v, sizeof v));
	else if (str_eq(nt->kind, "no_network"))
		/* TRANSLATORS: %s: a modem's name, then a date and time. */
		snprintf(buf, size, _("%s: no network since %s"), nt->modem,
		    when_show(nt->since, v, sizeof v));
	else if (str_eq(nt->kind, "sim_full"))
		snprintf(buf, size, _("%s: the SIM is nearly full (%lld of %lld "
		    "messages); messages that arrive may be lost"), nt->modem, n,
		    total);
	else if (str_eq(nt->kind, "failing"))
		snprintf(buf, size, ngettext("%s: sending failed %lld time in a "
		    "row", "%s: sending failed %lld times in a row",
		    (unsigned long)n), nt->modem, n);
	else if (str_eq(nt->kind, "pin_refused"))
		snprintf(buf, size, _("%s: the SIM refused its PIN; it will not "
		    "be entered again until the PIN in the configuration "
		    "changes"), nt->modem);
	else if (str_eq(nt->kind, "unreadable"))
		snprintf(buf, size, ngettext("%lld message a modem could not "
		    "read was set aside (sms status)", "%lld messages a modem "
		    "could not read were set aside (sms status)",
		    (unsigned long)n), n);
	else
		snprintf(buf, size, "%s: %s", nt->modem, nt->kind);
	return buf;
}
