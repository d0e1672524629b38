/*
 * The SMS gateway's state (status.h).
 */
#include "sms/status.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "sms/inbox.h"
#include "sms/outbox.h"

const char *const sms_status_states[SMS_STATUS_NSTATES] = { "queued",
	"sending", "sent", "failed", "expired", "cancelled" };

static int
modem_info(struct db *db, struct sms_modem_info *m)
{
	static const char sql[] = "SELECT connected, signal, sim_used, "
	    "sim_size, last_error, updated_at FROM modem_state WHERE id = 1";
	sqlite3_stmt *st;
	int rc;

	m->signal = m->sim_used = m->sim_size = -1;
	if (!(st = db_prepare(db, sql)))
		return -1;
	if ((rc = db_step(db, st)) == SQLITE_ROW) {
		m->known = 1;
		m->connected = (int)db_col_int(st, 0);
		if (!db_col_null(st, 1))
			m->signal = (int)db_col_int(st, 1);
		if (!db_col_null(st, 2))
			m->sim_used = (int)db_col_int(st, 2);
		if (!db_col_null(st, 3))
			m->sim_size = (int)db_col_int(st, 3);
		m->last_error = db_col_dup(st, 4);
		m->updated_at = (time_t)db_col_int(st, 5);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
queue_info(struct db *db, time_t now, struct sms_status *s)
{
	int64_t last = 0;
	int day, min;

	for (int i = 0; i < SMS_STATUS_NSTATES; i++)
		if (outbox_count(db, sms_status_states[i], &s->count[i]) < 0)
			return -1;
	s->queue = s->count[0] + s->count[1];
	time_to_local(now, &day, &min);
	if (db_int(db, &last, 0, "SELECT coalesce(max(sent_at), 0) FROM "
	    "outbox", "") < 0 || db_int(db, &s->failures_today, 0,
	    "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL AND "
	    "tried_at >= ?1", "i", (int64_t)time_from_local(day, 0)) < 0)
		return -1;
	s->last_sent = (time_t)last;
	return 0;
}

int
sms_status_get(struct db *db, time_t now, struct sms_status *out)
{
	memset(out, 0, sizeof *out);
	if (modem_info(db, &out->modem) < 0 || queue_info(db, now, out) < 0 ||
	    inbox_pending_parts(db, &out->waiting_parts) < 0 ||
	    inbox_quarantined(db, &out->set_aside) < 0) {
		sms_status_free(out);
		return -1;
	}
	return 0;
}

void
sms_status_free(struct sms_status *s)
{
	free(s->modem.last_error);
	memset(s, 0, sizeof *s);
}
