/*
 * web/schema.c - change counters for the web cache (web/cache.h).
 *
 * change_count holds one counter per table that pages read; triggers
 * bump it on every row inserted, updated or deleted, in the writer's own
 * transaction, whoever writes (the web server, the SMS service, a
 * command). A value built from some tables stays good while the sum of
 * their counters is unchanged. Not counted, because no cached page reads
 * them and they change all day: the audit trail (each record viewed),
 * sessions (each signed-in request), accounts (logins and failures; the
 * cache's keys hold the account's role and place), login failures, the
 * modems' state and health, case number sequences.
 */
#include "web/schema.h"

#include "core/util.h"

/* The three triggers of table t's counter. */
#define COUNTED_TRIGGERS(t) \
	"CREATE TRIGGER change_" t "_i AFTER INSERT ON " t " BEGIN " \
	"UPDATE change_count SET n = n + 1 WHERE tbl = '" t "'; END;\n" \
	"CREATE TRIGGER change_" t "_u AFTER UPDATE ON " t " BEGIN " \
	"UPDATE change_count SET n = n + 1 WHERE tbl = '" t "'; END;\n" \
	"CREATE TRIGGER change_" t "_d AFTER DELETE ON " t " BEGIN " \
	"UPDATE change_count SET n = n + 1 WHERE tbl = '" t "'; END;\n"

/* The counter of table t and its triggers. */
#define COUNTED(t) \
	"INSERT INTO change_count (tbl, n) VALUES ('" t "', 0);\n" \
	COUNTED_TRIGGERS(t)

/* The check-ins sent, apart: the follow-up list reads only those of the
 * outbox, which the service writes all day (queueing, sending, delivery
 * reports). Bumped when a row is or was a sent check-in. */
#define SENT_CHECKIN(r) "(" r ".kind = 'checkin' AND " r ".state = 'sent')"
#define COUNTED_CHECKINS \
	"INSERT INTO change_count (tbl, n) VALUES ('outbox_checkin', 0);\n" \
	"CREATE TRIGGER change_outbox_checkin_i AFTER INSERT ON outbox " \
	"WHEN " SENT_CHECKIN("new") " BEGIN UPDATE change_count SET " \
	"n = n + 1 WHERE tbl = 'outbox_checkin'; END;\n" \
	"CREATE TRIGGER change_outbox_checkin_u AFTER UPDATE ON outbox " \
	"WHEN " SENT_CHECKIN("new") " OR " SENT_CHECKIN("old") " BEGIN " \
	"UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox_checkin'; " \
	"END;\n" \
	"CREATE TRIGGER change_outbox_checkin_d AFTER DELETE ON outbox " \
	"WHEN " SENT_CHECKIN("old") " BEGIN UPDATE change_count SET " \
	"n = n + 1 WHERE tbl = 'outbox_checkin'; END;\n"

/* 20: the counters. */
static const char v20_changes[] =
"CREATE TABLE change_count (\n"
"  tbl TEXT PRIMARY KEY,\n"
"  n INTEGER NOT NULL\n"
") WITHOUT ROWID;\n"
COUNTED("person")
COUNTED("need")
COUNTED("support")
COUNTED("visit")
COUNTED("visit_plan")
COUNTED("help_case")
COUNTED("case_prefix")
COUNTED("account_group")
COUNTED("grp")
COUNTED("membership")
COUNTED("sched_exception")
COUNTED("meeting")
COUNTED("attendance")
COUNTED("loan")
COUNTED("loan_plan")
COUNTED("loan_inst")
COUNTED("loan_pay")
COUNTED("loan_alloc")
COUNTED("loan_waive")
COUNTED("loan_ref")
COUNTED("ikgrant")
COUNTED("ikgrant_event")
COUNTED("ikgrant_oblig")
COUNTED("outbox")
COUNTED("outbox_part")
COUNTED("inbox")
COUNTED("inbox_part")
COUNTED("inbox_quarantine")
COUNTED("sms_form")
COUNTED_CHECKINS;

/* 24: the triggers of the tables sms/ rebuilt (sms/schema.c), which
 * went with the tables they were on. */
static const char v24_rebuilt[] =
COUNTED_TRIGGERS("inbox")
COUNTED_TRIGGERS("inbox_part")
COUNTED_TRIGGERS("inbox_quarantine");

/* In migration order: a new migration's part goes last (core/db.h). */
static const struct db_part parts[] = {
	{ 20, v20_changes },
	{ 24, v24_rebuilt },
};

const struct db_schema web_schema = { "web", parts, (int)NELEM(parts), NULL };
