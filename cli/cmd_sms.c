/*
 * sms and inbox commands: queue, list and cancel messages, put test
 * replies into the dummy modem, show the gateway's state and what
 * arrived.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/table.h"
#include "core/util.h"
#include "groups/group.h"
#include "sms/dummy.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/smstext.h"

/* A typed number, or a case code, to a recipient and a person (0: none).
 * A number that belongs to someone is treated as that person, so their
 * consent applies. */
static int
find_recipient(struct shg *shg, const char *who, char *phone, size_t size,
    int64_t *person_id)
{
	struct person p;
	char notice[160];

	*person_id = 0;
	phone[0] = '\0';
	if (who[0] == '+' || (who[0] >= '0' && who[0] <= '9')) {
		if (phone_normalize(who, phone, size, notice, sizeof notice) < 0)
			return error("recipient: %s", notice);
		*person_id = person_by_phone(shg->db, phone);
		return 0;
	}
	if (person_get(shg->db, who, &p) < 0)
		return -1;
	*person_id = p.id;
	person_free(&p);
	return 0;
}

static int
cmd_sms_send(struct shg *shg, int argc, char **argv)
{
	struct outbox_msg m = { 0 };
	char *pos[2], phone[64];
	int npos, rc;
	int64_t id;
	struct outbox_row r;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 2, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 2)
		return cli_usage_error(shg, "give a number or case code, and "
		    "the text");
	if (find_recipient(shg, pos[0], phone, sizeof phone,
	    &m.person_id) < 0)
		return -1;
	m.recipient = phone[0] ? phone : NULL;
	m.kind = "manual";
	m.text = pos[1];
	m.mode = (enum sms_coding_mode)smstext_mode_parse(shg->conf.sms_coding);
	m.max_parts = shg->conf.sms_max_parts;
	if (outbox_enqueue(shg->db, &m, &id) < 0 || outbox_get(shg->db, id,
	    &r) < 0)
		return -1;
	printf("queued message %lld (%d part%s, %s)\n", (long long)id,
	    r.parts, r.parts == 1 ? "" : "s", r.coding);
	outbox_row_free(&r);
	return 0;
}

static void
cell_time(struct table *t, sqlite3_stmt *st, int col)
{
	char buf[32];

	if (db_col_null(st, col))
		table_cell(t, "");
	else
		table_cell(t, time_format_local((time_t)db_col_int(st, col),
		    buf, sizeof buf));
}

/* Who a message is for or from: the case code, else the number (masked
 * unless names are asked for). */
static void
cell_who(struct table *t, sqlite3_stmt *st, int code_col, int phone_col,
    int names)
{
	const char *code = db_col_text(st, code_col);
	const char *phone = db_col_text(st, phone_col);
	char masked[32];

	if (names)
		table_cellf(t, "%s%s%s", code ? code : "", code ? " " : "",
		    phone);
	else
		table_cell(t, code ? code : phone_mask(phone, masked,
		    sizeof masked));
}

static void
outbox_line(struct table *t, sqlite3_stmt *st, int names)
{
	table_cell_int(t, db_col_int(st, 0));
	cell_who(t, st, 1, 2, names);
	for (int c = 3; c <= 4; c++)
		table_cell(t, db_col_text(st, c));
	table_cell_int(t, db_col_int(st, 5));
	table_cell(t, db_col_text(st, 6));
	table_cell_int(t, db_col_int(st, 7));
	cell_time(t, st, 8);
	cell_time(t, st, 9);
	table_cell(t, db_col_text(st, 10));
	table_cell(t, db_col_text(st, 11));
	if (names)
		table_cell(t, db_col_text(st, 12));
}

static int
cmd_sms_outbox(struct shg *shg, int argc, char **argv)
{
	static const char *const hdr[] = { ">id", "to", "kind", "state",
		">parts", "coding", ">tries", "queued", "sent", "delivery",
		"error", NULL };
	static const char *const hdr_names[] = { ">id", "to", "kind",
		"state", ">parts", "coding", ">tries", "queued", "sent",
		"delivery", "error", "text", NULL };
	static const char sql[] = "SELECT o.id, p.case_code, o.recipient, "
	    "o.kind, o.state, o.parts, o.coding, o.attempts, o.queued_at, "
	    "o.sent_at, o.delivery, o.last_error, o.text FROM outbox o "
	    "LEFT JOIN person p ON p.id = o.person_id WHERE (?1 IS NULL OR "
	    "o.state = ?1) ORDER BY o.id DESC LIMIT ?2";
	const char *state = NULL, *limitv = NULL;
	int names = 0, limit = 100, npos, rc;
	struct opt opts[] = { { "state", &state, NULL },
		{ "limit", &limitv, NULL }, { "names", NULL, &names },
		{ NULL, NULL, NULL } };
	char *pos[1];
	sqlite3_stmt *st;
	struct table *t;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (state && !outbox_state_valid(state))
		return error("--state: \"%s\" is not a state (queued, sending, "
		    "sent, failed, expired, cancelled)", state);
	if (cli_int("--limit", limitv, 1, 1000000, &limit) < 0)
		return -1;
	if (!(st = db_prepare(shg->db, sql)) ||
	    db_bind(shg->db, st, "td", state, limit) < 0)
		return -1;
	t = table_new(names ? hdr_names : hdr, shg->csv);
	while ((rc = db_step(shg->db, st)) == SQLITE_ROW)
		outbox_line(t, st, names);
	db_reset(st);
	table_print(t, stdout);
	return rc < 0 ? -1 : 0;
}

static int
cmd_sms_cancel(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	int64_t id;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which message? give its id");
	if (parse_int64(pos[0], 1, INT64_MAX, &id) < 0)
		return error("\"%s\" is not a message id", pos[0]);
	if (outbox_cancel(shg->db, id) < 0)
		return -1;
	printf("cancelled message %lld\n", (long long)id);
	return 0;
}

/* Split text into n pieces of about equal length in characters. */
static char **
split_chars(const char *text, int n)
{
	char **out = xcalloc((size_t)n, sizeof *out);
	size_t chars = 0, len = strlen(text), start = 0, i = 0;

	for (size_t k = 0; k < len; k++)
		chars += ((unsigned char)text[k] & 0xc0) != 0x80;
	for (int p = 0; p < n; p++) {
		size_t want = chars * (size_t)(p + 1) / (size_t)n, seen = 0;
		for (i = 0; i < len; i++)
			if (((unsigned char)text[i] & 0xc0) != 0x80 && seen++ == want)
				break;
		out[p] = xstrndup(text + start, i - start);
		start = i;
	}
	return out;
}

static int
inject(struct shg *shg, const char *from, const char *text, int parts)
{
	int ucs2 = smstext_gsm_units(text) < 0, rc, ref;
	time_t now = clock_now();
	char **piece;
	int order[MODEM_MAX_PARTS];

	if (parts <= 1)
		return dummy_inject(shg->conf.modem_device, from, text, ucs2,
		    now) < 0 ? -1 : 0;
	piece = split_chars(text, parts);
	for (int i = 0; i < parts; i++)
		order[i] = i + 1;
	/* Vary the reference with what the modem holds, so that two messages
	 * injected at the same (test) time are not taken for one. */
	ref = (int)((now + dummy_inbox_count(shg->conf.modem_device)) & 255);
	rc = dummy_inject_parts(shg->conf.modem_device, from,
	    (const char *const *)piece, parts, ref, ucs2, order, parts, now);
	for (int i = 0; i < parts; i++)
		free(piece[i]);
	free(piece);
	return rc < 0 ? -1 : 0;
}

static int
cmd_sms_inject(struct shg *shg, int argc, char **argv)
{
	const char *partsv = NULL;
	struct opt opts[] = { { "parts", &partsv, NULL }, { NULL, NULL, NULL } };
	char *pos[2], from[64], notice[160];
	int npos, rc, parts = 1;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 2, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 2)
		return cli_usage_error(shg, "give the sender's number and the "
		    "text");
	if (!str_eq(shg->conf.modem_model, "dummy"))
		return error("sms inject works with the dummy modem only "
		    "(modem.model is \"%s\")", shg->conf.modem_model);
	if (cli_int("--parts", partsv, 1, 10, &parts) < 0)
		return -1;
	if (phone_normalize(pos[0], from, sizeof from, notice,
	    sizeof notice) < 0)
		return error("sender: %s", notice);
	if (dummy_prepare(shg->conf.modem_device) < 0 ||
	    inject(shg, from, pos[1], parts) < 0)
		return -1;
	printf("injected a message from %s into %s\n",
	    phone_mask(from, notice, sizeof notice), shg->conf.modem_device);
	return 0;
}

static void
status_line(const char *label, const char *v)
{
	printf("%-14s %s\n", label, v);
}

static int
show_modem_state(struct shg *shg)
{
	static const char sql[] = "SELECT connected, signal, sim_used, "
	    "sim_size, last_error, updated_at FROM modem_state WHERE id = 1";
	sqlite3_stmt *st;
	char buf[160], when[32];
	int rc;

	if (!(st = db_prepare(shg->db, sql)))
		return -1;
	if ((rc = db_step(shg->db, st)) == SQLITE_ROW) {
		time_format_local((time_t)db_col_int(st, 5), when, sizeof when);
		snprintf(buf, sizeof buf, "%s (as of %s)", db_col_int(st, 0) ?
		    "connected" : "not connected", when);
		status_line("modem", buf);
		if (db_col_int(st, 1) >= 0) {
			snprintf(buf, sizeof buf, "%lld%%",
			    (long long)db_col_int(st, 1));
			status_line("signal", buf);
		}
		if (db_col_int(st, 3) > 0) {
			snprintf(buf, sizeof buf, "%lld of %lld messages",
			    (long long)db_col_int(st, 2),
			    (long long)db_col_int(st, 3));
			status_line("sim", buf);
			if (modem_sim_nearly_full((int)db_col_int(st, 2),
			    (int)db_col_int(st, 3)))
				printf("%s\n", _("warning: the SIM is nearly "
				    "full; the network holds new SMS once it "
				    "is full"));
		}
		status_line("last error", db_col_text(st, 4) ?
		    db_col_text(st, 4) : "none");
	} else if (rc == SQLITE_DONE) {
		status_line("modem", "unknown (the service has not run)");
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

static int
cmd_sms_status(struct shg *shg, int argc, char **argv)
{
	static const char *const st_names[] = { "queued", "sending", "sent",
		"failed", "expired", "cancelled" };
	char *pos[1], buf[64];
	int npos, rc;
	int64_t n;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (show_modem_state(shg) < 0)
		return -1;
	for (size_t i = 0; i < NELEM(st_names); i++) {
		if (outbox_count(shg->db, st_names[i], &n) < 0)
			return -1;
		snprintf(buf, sizeof buf, "%lld", (long long)n);
		status_line(st_names[i], buf);
	}
	if (inbox_pending_parts(shg->db, &n) < 0)
		return -1;
	snprintf(buf, sizeof buf, "%lld", (long long)n);
	status_line("waiting parts", buf);
	if (inbox_quarantined(shg->db, &n) < 0)
		return -1;
	snprintf(buf, sizeof buf, "%lld", (long long)n);
	/* TRANSLATORS: messages the modem could not decode, kept aside. */
	status_line(_("set aside"), buf);
	return 0;
}

static void
inbox_line(struct table *t, sqlite3_stmt *st, int names)
{
	table_cell_int(t, db_col_int(st, 0));
	cell_time(t, st, 1);
	cell_who(t, st, 2, 3, names);
	table_cell(t, db_col_int(st, 4) ? "" : "incomplete");
	table_cell(t, db_col_text(st, 5));
	table_cell(t, db_col_text(st, 6) ? db_col_text(st, 6) : "");
	table_cell(t, db_col_null(st, 7) ? "unread" : "");
}

/* --person and --group to ids (0: not given). */
static int
inbox_filters(struct shg *shg, const char *person, const char *group,
    int64_t *person_id, int64_t *group_id)
{
	struct person p;
	struct group g;

	*person_id = *group_id = 0;
	if (person) {
		if (person_get(shg->db, person, &p) < 0)
			return -1;
		*person_id = p.id;
		person_free(&p);
	}
	if (group) {
		if (group_get(shg->db, group, &g) < 0)
			return -1;
		*group_id = g.id;
		group_free(&g);
	}
	return 0;
}

static int
cmd_inbox(struct shg *shg, int argc, char **argv)
{
	static const char *const hdr[] = { ">id", "received", "from", "note",
		"text", "meaning", "read", NULL };
	static const char sql[] = "SELECT i.id, i.received_at, p.case_code, "
	    "i.sender, i.complete, i.text, i.meaning, i.read_at FROM inbox i "
	    "LEFT JOIN person p ON p.id = i.person_id WHERE (?2 = 0 OR "
	    "i.read_at IS NULL) AND (?3 IS NULL OR i.person_id = ?3) AND "
	    "(?4 IS NULL OR i.person_id IN (SELECT m.person_id FROM "
	    "membership m WHERE m.group_id = ?4)) ORDER BY i.id DESC LIMIT ?1";
	const char *limitv = NULL, *person = NULL, *group = NULL;
	int names = 0, unread = 0, limit = 50, npos, rc;
	struct opt opts[] = { { "limit", &limitv, NULL },
		{ "names", NULL, &names }, { "unread", NULL, &unread },
		{ "person", &person, NULL }, { "group", &group, NULL },
		{ NULL, NULL, NULL } };
	int64_t person_id, group_id;
	char *pos[1];
	sqlite3_stmt *st;
	struct table *t;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (cli_int("--limit", limitv, 1, 1000000, &limit) < 0 ||
	    inbox_filters(shg, person, group, &person_id, &group_id) < 0)
		return -1;
	if (!(st = db_prepare(shg->db, sql)) || db_bind(shg->db, st, "ddZZ",
	    limit, unread, person_id, group_id) < 0)
		return -1;
	t = table_new(hdr, shg->csv);
	while ((rc = db_step(shg->db, st)) == SQLITE_ROW)
		inbox_line(t, st, names);
	db_reset(st);
	table_print(t, stdout);
	return rc < 0 ? -1 : 0;
}

#define INBOX_USAGE \
	"[--unread] [--person CODE] [--group NAME] [--limit N] [--names]"
#define INBOX_HELP \
	"List received messages, newest first\n" \
	"The sender shows as a case code, or a masked number when unknown;\n" \
	"meaning is what the reply was taken for (well, needs-help,\n" \
	"will-attend, cannot-attend, opt-out, opt-in, free-text).\n" \
	"  --unread        only messages no one has read yet (shg inbox ack)\n" \
	"  --person CODE   only from this person\n" \
	"  --group NAME    only from (past or present) members of this group\n" \
	"  --limit N       at most N messages (default 50)\n" \
	"  --names         show whole numbers"

const struct cmd sms_cmds[] = {
	{ "sms send", cmd_sms_send, CMD_WRITE, "NUMBER|CASECODE TEXT",
	  "Queue an SMS to a number or a person\n"
	  "The text is planned now: coding per the person or sms.coding, and\n"
	  "refused when it needs more than sms.max_parts parts.  A person must\n"
	  "have agreed to receive SMS (--consent yes)." },
	{ "sms outbox", cmd_sms_outbox, CMD_DB,
	  "[--state S] [--limit N] [--names]",
	  "List queued and sent messages, newest first\n"
	  "  --state S   only queued, sending, sent, failed, expired or cancelled\n"
	  "  --limit N   at most N messages (default 100)\n"
	  "  --names     show whole numbers and the texts" },
	{ "sms cancel", cmd_sms_cancel, CMD_WRITE, "ID",
	  "Cancel a queued message" },
	{ "sms inject", cmd_sms_inject, 0, "NUMBER TEXT [--parts N]",
	  "Put an incoming SMS into the dummy modem, for demos and tests\n"
	  "  --parts N   send it as a concatenated message of N parts" },
	{ "sms status", cmd_sms_status, CMD_DB, "",
	  "Show the modem's state, the queue and the last error" },
	{ "inbox", cmd_inbox, CMD_DB, INBOX_USAGE, INBOX_HELP },
	{ "inbox list", cmd_inbox, CMD_DB, INBOX_USAGE, INBOX_HELP },
	{ NULL, NULL, 0, NULL, NULL },
};
