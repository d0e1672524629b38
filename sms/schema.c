/*
 * sms/schema.c - the tables of sms/, as parts of the numbered migrations:
 * the outbox and inbox, the modem's state, SMS forms. Timestamps as in
 * core/schema.c; where a new migration goes: core/db.h.
 */
#include "sms/schema.h"

#include "core/util.h"

/* 4: the SMS outbox and inbox. */
static const char v4_sms[] =
"CREATE TABLE outbox (\n"
"  id INTEGER PRIMARY KEY,\n"
"  recipient TEXT NOT NULL,\n"
"  person_id INTEGER REFERENCES person(id),\n"
"  kind TEXT NOT NULL CHECK (kind IN ('meeting','loan','checkin','alert',"
"'manual','reply')),\n"
"  subject TEXT,\n"
"  occasion TEXT,\n"
"  text TEXT NOT NULL,\n"
"  coding TEXT NOT NULL CHECK (coding IN ('gsm7','ucs2')),\n"
"  parts INTEGER NOT NULL CHECK (parts >= 1),\n"
"  concat_ref INTEGER NOT NULL CHECK (concat_ref BETWEEN 0 AND 255),\n"
"  not_before INTEGER NOT NULL,\n"
"  expires_at INTEGER,\n"
"  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending',"
"'sent','failed','expired','cancelled')),\n"
"  attempts INTEGER NOT NULL DEFAULT 0,\n"
"  next_try INTEGER NOT NULL,\n"
"  tried_at INTEGER,\n"
"  last_error TEXT,\n"
"  queued_at INTEGER NOT NULL,\n"
"  sent_at INTEGER,\n"
"  tpmr INTEGER,\n"
"  delivery TEXT CHECK (delivery IN ('delivered','pending','failed')),\n"
"  delivery_at INTEGER\n"
");\n"
"CREATE UNIQUE INDEX outbox_key ON outbox(kind, subject, "
"coalesce(person_id, 0), occasion);\n"
"CREATE INDEX outbox_due ON outbox(state, next_try);\n"
"CREATE INDEX outbox_recipient ON outbox(recipient, state);\n"
"CREATE INDEX outbox_tried ON outbox(tried_at);\n"
"CREATE TABLE inbox (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sender TEXT NOT NULL,\n"
"  person_id INTEGER REFERENCES person(id),\n"
"  sent_at INTEGER NOT NULL,\n"
"  received_at INTEGER NOT NULL,\n"
"  coding TEXT NOT NULL CHECK (coding IN ('gsm7','ucs2','8bit')),\n"
"  text TEXT NOT NULL,\n"
"  parts INTEGER NOT NULL DEFAULT 1,\n"
"  complete INTEGER NOT NULL DEFAULT 1,\n"
"  handled INTEGER NOT NULL DEFAULT 0,\n"
"  UNIQUE (sender, sent_at, text)\n"
");\n"
"CREATE INDEX inbox_person ON inbox(person_id);\n"
"CREATE INDEX inbox_handled ON inbox(handled);\n"
"CREATE TABLE inbox_part (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sender TEXT NOT NULL,\n"
"  sent_at INTEGER NOT NULL,\n"
"  ref INTEGER NOT NULL,\n"
"  total INTEGER NOT NULL,\n"
"  seq INTEGER NOT NULL,\n"
"  coding TEXT NOT NULL,\n"
"  text TEXT NOT NULL,\n"
"  received_at INTEGER NOT NULL,\n"
"  inbox_id INTEGER REFERENCES inbox(id),\n"
"  UNIQUE (sender, ref, total, seq, sent_at)\n"
");\n"
"CREATE INDEX inbox_part_pending ON inbox_part(inbox_id);\n"
"CREATE TABLE modem_state (\n"
"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
"  connected INTEGER NOT NULL,\n"
"  signal INTEGER,\n"
"  sim_used INTEGER,\n"
"  sim_size INTEGER,\n"
"  last_error TEXT,\n"
"  updated_at INTEGER NOT NULL\n"
");\n";

/*
 * 5: follow-up. On the inbox, what a reply meant, the message it answers,
 * the help case it opened and when a person read it.
 */
static const char v5_followup[] =
"ALTER TABLE inbox ADD COLUMN meaning TEXT;\n"
"ALTER TABLE inbox ADD COLUMN answers INTEGER REFERENCES outbox(id);\n"
"ALTER TABLE inbox ADD COLUMN help_case_id INTEGER REFERENCES help_case(id);\n"
"ALTER TABLE inbox ADD COLUMN read_at INTEGER;\n"
"ALTER TABLE inbox ADD COLUMN read_by TEXT;\n"
"ALTER TABLE inbox ADD COLUMN read_note TEXT;\n"
"CREATE INDEX inbox_answers ON inbox(answers);\n"
"CREATE INDEX inbox_unread ON inbox(read_at);\n"
"CREATE INDEX outbox_person ON outbox(person_id, kind, occasion);\n";

/*
 * 6: messages sent, by when, covering what the summary report reads (only
 * sent ones are indexed, once, when they are marked sent); the queued
 * alerts, oldest first.
 */
static const char v6_indexes[] =
"CREATE INDEX outbox_sent ON outbox(state, sent_at, kind, person_id)\n"
"  WHERE state = 'sent';\n"
"CREATE INDEX outbox_alert ON outbox(next_try, id)\n"
"  WHERE state = 'queued' AND kind = 'alert';\n";

/*
 * 8: the modem in the field. Messages the modem could not decode, set
 * aside raw with the modem's reason so that reception goes on (raw NULL
 * when the record was empty); on the modem's state, the identity of a
 * SIM PIN the SIM refused, so that it is never entered again until the
 * configuration changes.
 */
static const char v8_modem[] =
"CREATE TABLE inbox_quarantine (\n"
"  id INTEGER PRIMARY KEY,\n"
"  received_at INTEGER NOT NULL,\n"
"  location INTEGER NOT NULL,\n"
"  reason TEXT NOT NULL,\n"
"  raw TEXT,\n"
"  UNIQUE (raw)\n"
");\n"
"ALTER TABLE modem_state ADD COLUMN pin_refused INTEGER;\n";

/*
 * 10: SMS forms sent by organisers and coordinators from their account's
 * phone: one row per form taken from the inbox, with its outcome, what it
 * recorded (for HUY) and the reply text queued.
 */
static const char v10_forms[] =
"CREATE TABLE sms_form (\n"
"  id INTEGER PRIMARY KEY,\n"
"  inbox_id INTEGER NOT NULL UNIQUE REFERENCES inbox(id),\n"
"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
"  sender TEXT NOT NULL,\n"
"  text TEXT NOT NULL,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('hop','tra','tham','huy','hd',"
"'unknown')),\n"
"  outcome TEXT NOT NULL CHECK (outcome IN ('recorded','refused','undone',"
"'duplicate','limited','answered')),\n"
"  entity TEXT CHECK (entity IN ('meeting','loan_pay','visit')),\n"
"  entity_id INTEGER,\n"
"  group_id INTEGER REFERENCES grp(id),\n"
"  day TEXT,\n"
"  reply TEXT,\n"
"  received_at INTEGER NOT NULL,\n"
"  undone_at INTEGER\n"
");\n"
"CREATE INDEX sms_form_account ON sms_form(account_id, received_at);\n"
"CREATE INDEX sms_form_sender ON sms_form(sender, received_at);\n";

/*
 * 12: delivery reports per part. Each part the network accepted, with
 * its message reference (TP-MR, which wraps at 256) and when it went,
 * so that a report finds the newest part it can be about through the
 * index outbox_part_report (history size does not matter), and a
 * message counts as delivered only when every part is. Rows sent
 * before keep their last part's reference. On the outbox: how many
 * parts the network accepted so far (a failed multipart message is
 * resumed from there, also after a restart), and why delivery failed.
 */
static const char v12_delivery[] =
"CREATE TABLE outbox_part (\n"
"  outbox_id INTEGER NOT NULL REFERENCES outbox(id),\n"
"  seq INTEGER NOT NULL CHECK (seq >= 1),\n"
"  recipient TEXT NOT NULL,\n"
"  tpmr INTEGER NOT NULL CHECK (tpmr BETWEEN 0 AND 255),\n"
"  sent_at INTEGER NOT NULL,\n"
"  delivery TEXT CHECK (delivery IN ('delivered','pending','failed')),\n"
"  delivery_at INTEGER,\n"
"  reason TEXT,\n"
"  PRIMARY KEY (outbox_id, seq)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX outbox_part_report ON outbox_part(recipient, tpmr, sent_at);\n"
"INSERT INTO outbox_part (outbox_id, seq, recipient, tpmr, sent_at,\n"
"  delivery, delivery_at)\n"
"  SELECT id, parts, recipient, tpmr, sent_at, delivery, delivery_at\n"
"  FROM outbox WHERE state = 'sent' AND tpmr BETWEEN 0 AND 255\n"
"  AND sent_at IS NOT NULL;\n"
"ALTER TABLE outbox ADD COLUMN parts_done INTEGER NOT NULL DEFAULT 0;\n"
"ALTER TABLE outbox ADD COLUMN delivery_error TEXT;\n";

/*
 * 15: several modems. Each outbox row names the modem that sent it; each
 * modem's health for `shg sms status` and the service (the single row of
 * modem_state stays for the first modem): connected since, signal,
 * network, SIM use, prepaid balance and when it was read, the last
 * error, since when the network is lost, what needs the administrator
 * (low balance, no network, SIM nearly full, failures in a row) and when
 * the coordinator was last told, a refused PIN's identity.
 */
static const char v15_modems[] =
"ALTER TABLE outbox ADD COLUMN modem TEXT;\n"
"CREATE TABLE modem_health (\n"
"  name TEXT PRIMARY KEY,\n"
"  connected INTEGER NOT NULL,\n"
"  connected_since INTEGER,\n"
"  signal INTEGER,\n"
"  operator TEXT,\n"
"  registered INTEGER,\n"
"  no_network_since INTEGER,\n"
"  sim_used INTEGER,\n"
"  sim_size INTEGER,\n"
"  balance INTEGER,\n"
"  balance_at INTEGER,\n"
"  last_error TEXT,\n"
"  fails_in_row INTEGER NOT NULL DEFAULT 0,\n"
"  pace REAL,\n"
"  problem TEXT,\n"
"  alerted_at INTEGER,\n"
"  pin_refused INTEGER,\n"
"  updated_at INTEGER NOT NULL\n"
") WITHOUT ROWID;\n";

/*
 * 17: the day each person's next check-in is counted from, kept so that
 * the scheduler finds who is due by an index search instead of reading
 * everyone with consent and their check-ins. A row exists for each
 * person who can be written to (active, consent, a phone, check-ins not
 * turned off for them): last is the day of their newest check-in queued,
 * else the day of their consent (else of their record); days is their
 * own checkin_days (NULL: the setting reminders.checkin_every_days,
 * which the scheduler applies), and due is last + days when days is
 * theirs. Triggers keep it: a person added or changed, a check-in
 * queued.
 */
#define V17_LAST(pid, consent, created) \
"max(coalesce((SELECT max(o.occasion) FROM outbox o WHERE " \
"o.kind = 'checkin' AND o.subject = 'checkin' AND " \
"o.person_id = " pid "), ''), coalesce(" consent ", " \
"date(" created ", 'unixepoch')))"
#define V17_DUE(last, days) \
"CASE WHEN " days " IS NULL THEN NULL ELSE date(" last ", '+' || " days \
" || ' days') END"
#define V17_REACHABLE(p) \
p ".status = 'active' AND " p ".sms_consent = 1 AND coalesce(" p \
".phone, '') != '' AND coalesce(" p ".checkin_days, 1) > 0"
#define V17_RECOMPUTE \
"  DELETE FROM checkin_next WHERE person_id = NEW.id;\n" \
"  INSERT INTO checkin_next (person_id, last, days, due)\n" \
"  SELECT NEW.id, l.last, NEW.checkin_days, " \
V17_DUE("l.last", "NEW.checkin_days") "\n" \
"  FROM (SELECT " V17_LAST("NEW.id", "NEW.consent_on", "NEW.created_at") \
" AS last) l\n" \
"  WHERE " V17_REACHABLE("NEW") " AND l.last IS NOT NULL;\n"

static const char v17_checkin_next[] =
"CREATE TABLE checkin_next (\n"
"  person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,\n"
"  last TEXT NOT NULL,\n"
"  days INTEGER,\n"
"  due TEXT\n"
");\n"
"CREATE INDEX checkin_next_last ON checkin_next(last) WHERE days IS NULL;\n"
"CREATE INDEX checkin_next_due ON checkin_next(due) WHERE days IS NOT NULL;\n"
"INSERT INTO checkin_next (person_id, last, days, due)\n"
"SELECT id, last, checkin_days, " V17_DUE("last", "checkin_days") "\n"
"FROM (SELECT p.id, p.checkin_days, "
V17_LAST("p.id", "p.consent_on", "p.created_at") " AS last\n"
"  FROM person p WHERE " V17_REACHABLE("p") ")\n"
"WHERE last IS NOT NULL;\n"
"CREATE TRIGGER checkin_next_person_added AFTER INSERT ON person\n"
"BEGIN\n" V17_RECOMPUTE "END;\n"
"CREATE TRIGGER checkin_next_person_changed AFTER UPDATE OF status, "
"sms_consent, phone, consent_on, checkin_days, created_at ON person\n"
"BEGIN\n" V17_RECOMPUTE "END;\n"
"CREATE TRIGGER checkin_next_queued AFTER INSERT ON outbox\n"
"WHEN NEW.kind = 'checkin' AND NEW.subject = 'checkin' AND "
"NEW.person_id IS NOT NULL AND NEW.occasion IS NOT NULL\n"
"BEGIN\n"
"  UPDATE checkin_next SET last = max(last, NEW.occasion), due = "
V17_DUE("max(last, NEW.occasion)", "days") "\n"
"  WHERE person_id = NEW.person_id;\n"
"END;\n";

/*
 * 19: modem problems on the administrator's follow-up list. One row per
 * problem from when it is seen until it goes away (cleared_at): a low
 * balance, no network, a SIM nearly full, failures in a row, a refused
 * SIM PIN (each per modem), and messages set aside unreadable (modem
 * '', up to quarantine row upto). n and total are the problem's
 * figures (the balance; SIM use and size; failures; unreadable
 * messages). An administrator marks one seen (seen_at, seen_by): it leaves the list
 * until it comes back after going away.
 */
static const char v19_notices[] =
"CREATE TABLE modem_notice (\n"
"  id INTEGER PRIMARY KEY,\n"
"  modem TEXT NOT NULL,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('balance_low','no_network',"
"'sim_full','failing','pin_refused','unreadable')),\n"
"  since INTEGER NOT NULL,\n"
"  n INTEGER,\n"
"  total INTEGER,\n"
"  upto INTEGER,\n"
"  cleared_at INTEGER,\n"
"  seen_at INTEGER,\n"
"  seen_by TEXT\n"
");\n"
"CREATE UNIQUE INDEX modem_notice_open ON modem_notice(modem, kind)\n"
"  WHERE cleared_at IS NULL;\n";

/*
 * 22: the sent check-ins by person, newest last: everyone's newest sent
 * check-in (the follow-up list's unanswered check-ins) is one pass over
 * these few columns instead of over every message sent, and one
 * person's is a seek. kind and state are columns too, so that a query
 * naming them reads the index alone.
 */
static const char v22_checkin_sent[] =
"CREATE INDEX outbox_checkin_sent ON outbox(person_id, id, sent_at,\n"
"  kind, state) WHERE kind = 'checkin' AND state = 'sent';\n";

/*
 * 23: whether a reply is linked to a message (inbox.answers), kept on the
 * message by triggers as replies are stored, relinked or erased, and in
 * outbox_sent: the summary report counts the check-ins answered in a
 * period from that index alone instead of looking up each check-in's
 * replies. "shg report verify" compares it with the replies.
 */
#define ANSWERED_TRIGGERS \
"CREATE TRIGGER outbox_answered_ins AFTER INSERT ON inbox\n" \
"  WHEN new.answers IS NOT NULL BEGIN\n" \
"  UPDATE outbox SET answered = 1 WHERE id = new.answers AND answered = 0;\n" \
"END;\n" \
"CREATE TRIGGER outbox_answered_upd AFTER UPDATE OF answers ON inbox\n" \
"  WHEN old.answers IS NOT new.answers BEGIN\n" \
"  UPDATE outbox SET answered = EXISTS (SELECT 1 FROM inbox i\n" \
"    WHERE i.answers = outbox.id) WHERE id IN (old.answers, new.answers);\n" \
"END;\n" \
"CREATE TRIGGER outbox_answered_del AFTER DELETE ON inbox\n" \
"  WHEN old.answers IS NOT NULL BEGIN\n" \
"  UPDATE outbox SET answered = EXISTS (SELECT 1 FROM inbox i\n" \
"    WHERE i.answers = outbox.id) WHERE id = old.answers;\n" \
"END;\n"
static const char v23_answered[] =
"ALTER TABLE outbox ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;\n"
"UPDATE outbox SET answered = 1\n"
"  WHERE id IN (SELECT answers FROM inbox WHERE answers IS NOT NULL);\n"
ANSWERED_TRIGGERS
"DROP INDEX outbox_sent;\n"
"CREATE INDEX outbox_sent ON outbox(state, sent_at, kind, person_id, answered)\n"
"  WHERE state = 'sent';\n";

/*
 * The sealed columns of sms/ (core/crypt.h), (re-)encrypted with the key
 * in use, the blind indexes first, from the values before: the number
 * and text of every message, in and out, a note on reading a reply, a
 * message set aside raw, an SMS form's sender, text and reply. A reply
 * to an unknown number (or an acknowledgement) is keyed once a day by
 * the blind index of the number in its subject, PREFIX:HEX
 * (sms/replies.c), recomputed too. An erased row keeps no index.
 */
#define SMS_OPEN(col, ad) "crypt_prev(" col ", '" ad "', id)"
#define SMS_NUMBER_HASH(col, ad) \
"crypt_blind(nullif(" SMS_OPEN(col, ad) ", ''))"
#define SMS_ANON_SUBJECT \
"kind = 'reply' AND person_id IS NULL AND (subject GLOB 'unknown:*' OR " \
"subject GLOB 'ack:*') AND " SMS_OPEN("recipient", "outbox.recipient") " <> ''"
#define RESEAL_OUTBOX \
"UPDATE outbox SET recipient_hash = " \
SMS_NUMBER_HASH("recipient", "outbox.recipient") ", " \
"subject = CASE WHEN " SMS_ANON_SUBJECT " THEN substr(subject, 1, " \
"instr(subject, ':')) || hex(crypt_blind(" \
SMS_OPEN("recipient", "outbox.recipient") ")) ELSE subject END, " \
"recipient = crypt_reseal(recipient, 'outbox.recipient', id), " \
"text = crypt_reseal(text, 'outbox.text', id)"
#define RESEAL_OUTBOX_PART \
"UPDATE outbox_part SET recipient_hash = (SELECT o.recipient_hash FROM " \
"outbox o WHERE o.id = outbox_part.outbox_id)"
#define RESEAL_INBOX \
"UPDATE inbox SET sender_hash = " SMS_NUMBER_HASH("sender", "inbox.sender") \
", text_hash = crypt_blind(" SMS_OPEN("text", "inbox.text") "), " \
"sender = crypt_reseal(sender, 'inbox.sender', id), " \
"text = crypt_reseal(text, 'inbox.text', id), " \
"read_note = crypt_reseal(read_note, 'inbox.read_note', id)"
#define RESEAL_INBOX_PART \
"UPDATE inbox_part SET sender_hash = " \
SMS_NUMBER_HASH("sender", "inbox_part.sender") ", " \
"sender = crypt_reseal(sender, 'inbox_part.sender', id), " \
"text = crypt_reseal(text, 'inbox_part.text', id)"
#define RESEAL_QUARANTINE \
"UPDATE inbox_quarantine SET raw_hash = crypt_blind(" \
SMS_OPEN("raw", "inbox_quarantine.raw") "), " \
"raw = crypt_reseal(raw, 'inbox_quarantine.raw', id)"
#define RESEAL_SMS_FORM \
"UPDATE sms_form SET sender_hash = " \
SMS_NUMBER_HASH("sender", "sms_form.sender") ", " \
"text_hash = crypt_blind(" SMS_OPEN("text", "sms_form.text") "), " \
"sender = crypt_reseal(sender, 'sms_form.sender', id), " \
"text = crypt_reseal(text, 'sms_form.text', id), " \
"reply = crypt_reseal(reply, 'sms_form.reply', id)"

/* A database already encrypted (its check value opens with the key in
 * use, else the statement fails: a wrong key changes nothing) has its
 * SMS columns sealed by migration 24; one not yet encrypted has them
 * sealed with the rest when a key is first present (crypt_attach). */
#define IF_ENCRYPTED \
" WHERE (SELECT crypt_open(value, 'crypt_check.value', id) = " \
"'shg key check' FROM crypt_check WHERE id = 1);\n"

/*
 * 24: SMS numbers and texts encrypted at rest. Blind indexes take the
 * place of the numbers and texts in every index and unique key: the
 * number a delivery report or a multipart message comes from, the
 * messages queued to a number, a message read twice from the modem, a
 * form repeated. The inbox, its parts and the quarantine are rebuilt for
 * their unique keys (foreign keys are checked after the migration); the
 * parts sent keep only the blind index of their number. The indexes are
 * made after the values are sealed (faster than updating them), and the
 * inbox's triggers of migration 23 made again.
 */
static const char v24_sealed[] =
"DROP INDEX outbox_recipient;\n"
"ALTER TABLE outbox ADD COLUMN recipient_hash BLOB;\n"
"DROP INDEX outbox_part_report;\n"
"ALTER TABLE outbox_part ADD COLUMN recipient_hash BLOB;\n"
"ALTER TABLE outbox_part DROP COLUMN recipient;\n"
"CREATE TABLE inbox_new (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sender TEXT NOT NULL,\n"
"  person_id INTEGER REFERENCES person(id),\n"
"  sent_at INTEGER NOT NULL,\n"
"  received_at INTEGER NOT NULL,\n"
"  coding TEXT NOT NULL CHECK (coding IN ('gsm7','ucs2','8bit')),\n"
"  text TEXT NOT NULL,\n"
"  parts INTEGER NOT NULL DEFAULT 1,\n"
"  complete INTEGER NOT NULL DEFAULT 1,\n"
"  handled INTEGER NOT NULL DEFAULT 0,\n"
"  meaning TEXT,\n"
"  answers INTEGER REFERENCES outbox(id),\n"
"  help_case_id INTEGER REFERENCES help_case(id),\n"
"  read_at INTEGER,\n"
"  read_by TEXT,\n"
"  read_note TEXT,\n"
"  sender_hash BLOB,\n"
"  text_hash BLOB,\n"
"  UNIQUE (sender_hash, sent_at, text_hash)\n"
");\n"
"INSERT INTO inbox_new (id, sender, person_id, sent_at, received_at, "
"coding, text, parts, complete, handled, meaning, answers, help_case_id, "
"read_at, read_by, read_note) SELECT id, sender, person_id, sent_at, "
"received_at, coding, text, parts, complete, handled, meaning, answers, "
"help_case_id, read_at, read_by, read_note FROM inbox;\n"
"DROP TABLE inbox;\n"
"ALTER TABLE inbox_new RENAME TO inbox;\n"
"CREATE TABLE inbox_part_new (\n"
"  id INTEGER PRIMARY KEY,\n"
"  sender TEXT NOT NULL,\n"
"  sent_at INTEGER NOT NULL,\n"
"  ref INTEGER NOT NULL,\n"
"  total INTEGER NOT NULL,\n"
"  seq INTEGER NOT NULL,\n"
"  coding TEXT NOT NULL,\n"
"  text TEXT NOT NULL,\n"
"  received_at INTEGER NOT NULL,\n"
"  inbox_id INTEGER REFERENCES inbox(id),\n"
"  sender_hash BLOB,\n"
"  UNIQUE (sender_hash, ref, total, seq, sent_at)\n"
");\n"
"INSERT INTO inbox_part_new (id, sender, sent_at, ref, total, seq, coding, "
"text, received_at, inbox_id) SELECT id, sender, sent_at, ref, total, seq, "
"coding, text, received_at, inbox_id FROM inbox_part;\n"
"DROP TABLE inbox_part;\n"
"ALTER TABLE inbox_part_new RENAME TO inbox_part;\n"
"CREATE TABLE inbox_quarantine_new (\n"
"  id INTEGER PRIMARY KEY,\n"
"  received_at INTEGER NOT NULL,\n"
"  location INTEGER NOT NULL,\n"
"  reason TEXT NOT NULL,\n"
"  raw TEXT,\n"
"  raw_hash BLOB,\n"
"  UNIQUE (raw_hash)\n"
");\n"
"INSERT INTO inbox_quarantine_new (id, received_at, location, reason, raw) "
"SELECT id, received_at, location, reason, raw FROM inbox_quarantine;\n"
"DROP TABLE inbox_quarantine;\n"
"ALTER TABLE inbox_quarantine_new RENAME TO inbox_quarantine;\n"
"ALTER TABLE sms_form ADD COLUMN sender_hash BLOB;\n"
"ALTER TABLE sms_form ADD COLUMN text_hash BLOB;\n"
"DROP INDEX sms_form_sender;\n"
RESEAL_OUTBOX IF_ENCRYPTED
RESEAL_OUTBOX_PART IF_ENCRYPTED
RESEAL_INBOX IF_ENCRYPTED
RESEAL_INBOX_PART IF_ENCRYPTED
RESEAL_QUARANTINE IF_ENCRYPTED
RESEAL_SMS_FORM IF_ENCRYPTED
"CREATE INDEX outbox_recipient ON outbox(recipient_hash, state);\n"
"CREATE INDEX outbox_part_report ON outbox_part(recipient_hash, tpmr, "
"sent_at);\n"
"CREATE INDEX inbox_person ON inbox(person_id);\n"
"CREATE INDEX inbox_handled ON inbox(handled);\n"
"CREATE INDEX inbox_answers ON inbox(answers);\n"
"CREATE INDEX inbox_unread ON inbox(read_at);\n"
"CREATE INDEX inbox_part_pending ON inbox_part(inbox_id);\n"
"CREATE INDEX sms_form_sender ON sms_form(sender_hash, received_at);\n"
ANSWERED_TRIGGERS;

/* In migration order: a new migration's part goes last (core/db.h). */
static const struct db_part parts[] = {
	{ 4, v4_sms },
	{ 5, v5_followup },
	{ 6, v6_indexes },
	{ 8, v8_modem },
	{ 10, v10_forms },
	{ 12, v12_delivery },
	{ 15, v15_modems },
	{ 17, v17_checkin_next },
	{ 19, v19_notices },
	{ 22, v22_checkin_sent },
	{ 23, v23_answered },
	{ 24, v24_sealed },
};

/* Run in this order: the parts sent take their number's index from the
 * outbox. */
static const char *const reseal[] = {
	RESEAL_OUTBOX,
	RESEAL_OUTBOX_PART,
	RESEAL_INBOX,
	RESEAL_INBOX_PART,
	RESEAL_QUARANTINE,
	RESEAL_SMS_FORM,
	NULL,
};

const struct db_schema sms_schema = { "sms", parts, (int)NELEM(parts),
	reseal };
