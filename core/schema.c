/*
 * core/schema.c - the tables of the ground floor, as parts of the numbered
 * migrations: people and their case codes, needs, support, visits, help
 * cases, accounts and sessions, the audit trail.
 *
 * Dates are "YYYY-MM-DD" text (calendar days, local); timestamps are Unix
 * seconds (UTC); money is whole đồng in INTEGER columns. How migrations
 * are put together, and where a new one goes: core/db.h.
 */
#include "core/schema.h"

#include "core/util.h"

/* 1: people, their needs and the support they received; the audit trail. */
static const char v1_core[] =
"CREATE TABLE audit (\n"
"  id INTEGER PRIMARY KEY,\n"
"  at INTEGER NOT NULL,\n"
"  actor TEXT NOT NULL,\n"
"  command TEXT NOT NULL,\n"
"  entity TEXT NOT NULL,\n"
"  entity_id INTEGER,\n"
"  action TEXT NOT NULL\n"
");\n"
"CREATE INDEX audit_entity ON audit(entity, entity_id);\n"
"CREATE TABLE case_seq (\n"
"  prefix TEXT NOT NULL,\n"
"  year INTEGER NOT NULL,\n"
"  last INTEGER NOT NULL,\n"
"  PRIMARY KEY (prefix, year)\n"
");\n"
"CREATE TABLE person (\n"
"  id INTEGER PRIMARY KEY,\n"
"  case_code TEXT NOT NULL UNIQUE,\n"
"  full_name TEXT NOT NULL,\n"
"  name_fold TEXT NOT NULL,\n"
"  gender TEXT NOT NULL CHECK (gender IN ('female','male','other')),\n"
"  birth_year INTEGER,\n"
"  phone TEXT,\n"
"  village TEXT, commune TEXT, district TEXT, province TEXT,\n"
"  category TEXT NOT NULL,\n"
"  route TEXT,\n"
"  returned_on TEXT,\n"
"  guardian_id INTEGER REFERENCES person(id),\n"
"  sms_consent INTEGER NOT NULL DEFAULT 0,\n"
"  consent_on TEXT,\n"
"  sms_coding TEXT CHECK (sms_coding IN ('keep','strip','auto')),\n"
"  notes TEXT,\n"
"  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),\n"
"  closed_on TEXT,\n"
"  close_reason TEXT,\n"
"  created_at INTEGER NOT NULL,\n"
"  updated_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX person_phone ON person(phone);\n"
"CREATE INDEX person_name ON person(name_fold, phone);\n"
"CREATE INDEX person_place ON person(province, district, commune);\n"
"CREATE TABLE need (\n"
"  id INTEGER PRIMARY KEY,\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  kind TEXT NOT NULL,\n"
"  status TEXT NOT NULL CHECK (status IN ('identified','referred','met')),\n"
"  referred_to TEXT,\n"
"  identified_on TEXT NOT NULL,\n"
"  referred_on TEXT,\n"
"  met_on TEXT,\n"
"  notes TEXT,\n"
"  UNIQUE (person_id, kind)\n"
");\n"
"CREATE TABLE support (\n"
"  id INTEGER PRIMARY KEY,\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  type TEXT NOT NULL,\n"
"  given_on TEXT NOT NULL,\n"
"  value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),\n"
"  source TEXT NOT NULL,\n"
"  notes TEXT,\n"
"  created_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX support_person ON support(person_id);\n"
"CREATE INDEX support_given ON support(given_on);\n";

/* 3: follow-up visits (core/visit.c). */
static const char v3_visits[] =
"CREATE TABLE visit (\n"
"  id INTEGER PRIMARY KEY,\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  visit_on TEXT NOT NULL,\n"
"  visitor TEXT NOT NULL,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('home','phone','meeting')),\n"
"  situation TEXT NOT NULL CHECK (situation IN ('stable','needs-support',\n"
"    'at-risk','not-reached')),\n"
"  needs TEXT,\n"
"  notes TEXT,\n"
"  next_on TEXT,\n"
"  created_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX visit_person ON visit(person_id, visit_on);\n"
"CREATE INDEX visit_day ON visit(visit_on);\n"
"CREATE TABLE visit_plan (\n"
"  person_id INTEGER PRIMARY KEY REFERENCES person(id),\n"
"  every_days INTEGER NOT NULL CHECK (every_days > 0),\n"
"  until_on TEXT,\n"
"  set_on TEXT NOT NULL,\n"
"  updated_at INTEGER NOT NULL\n"
");\n";

/*
 * 5: follow-up. A per-person check-in frequency (NULL: the config's,
 * 0: none); help requests opened by SMS replies and closed with a note
 * (core/followup.c).
 */
static const char v5_followup[] =
"ALTER TABLE person ADD COLUMN checkin_days INTEGER\n"
"  CHECK (checkin_days BETWEEN 0 AND 365);\n"
"CREATE TABLE help_case (\n"
"  id INTEGER PRIMARY KEY,\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  opened_at INTEGER NOT NULL,\n"
"  reason TEXT NOT NULL,\n"
"  inbox_id INTEGER REFERENCES inbox(id),\n"
"  requests INTEGER NOT NULL DEFAULT 1,\n"
"  last_at INTEGER NOT NULL,\n"
"  closed_at INTEGER,\n"
"  closed_by TEXT,\n"
"  note TEXT,\n"
"  CHECK ((closed_at IS NULL) = (note IS NULL))\n"
");\n"
"CREATE UNIQUE INDEX help_case_open ON help_case(person_id)\n"
"  WHERE closed_at IS NULL;\n";

/*
 * 6: visits by day with the situation and person, covering what the
 * summary report reads; it replaces a narrower index of the same lead
 * column.
 */
static const char v6_indexes[] =
"DROP INDEX visit_day;\n"
"CREATE INDEX visit_day ON visit(visit_on, situation, person_id);\n";

/*
 * 7: accounts of the people who use the web interface, the groups of an
 * organiser's account, login sessions (only a hash of the token), failed
 * logins counted per address, and the account on every audit row. The
 * audit's actor stays the name given (--as, or the account's name on the
 * web); account_id says which account acted, NULL for the command line
 * (core/account.c).
 */
static const char v7_accounts[] =
"CREATE TABLE account (\n"
"  id INTEGER PRIMARY KEY,\n"
"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,\n"
"  role TEXT NOT NULL CHECK (role IN ('organiser','coordinator','admin')),\n"
"  district TEXT,\n"
"  province TEXT,\n"
"  phone TEXT,\n"
"  pw_hash TEXT NOT NULL,\n"
"  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),\n"
"  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),\n"
"  last_failure INTEGER,\n"
"  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1)),\n"
"  created_at INTEGER NOT NULL,\n"
"  updated_at INTEGER NOT NULL,\n"
"  CHECK ((role = 'coordinator') = ((district IS NULL) <> (province IS NULL))),\n"
"  CHECK (role = 'coordinator' OR (district IS NULL AND province IS NULL))\n"
");\n"
"CREATE TABLE account_group (\n"
"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
"  group_id INTEGER NOT NULL REFERENCES grp(id),\n"
"  PRIMARY KEY (account_id, group_id)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX account_group_group ON account_group(group_id);\n"
"CREATE TABLE session (\n"
"  id INTEGER PRIMARY KEY,\n"
"  token_hash TEXT NOT NULL UNIQUE,\n"
"  csrf TEXT NOT NULL,\n"
"  account_id INTEGER NOT NULL REFERENCES account(id),\n"
"  created_at INTEGER NOT NULL,\n"
"  last_used INTEGER NOT NULL\n"
");\n"
"CREATE INDEX session_account ON session(account_id);\n"
"CREATE TABLE login_failure (\n"
"  addr TEXT PRIMARY KEY,\n"
"  failures INTEGER NOT NULL CHECK (failures >= 0),\n"
"  last_at INTEGER NOT NULL\n"
") WITHOUT ROWID;\n"
"ALTER TABLE audit ADD COLUMN account_id INTEGER REFERENCES account(id);\n";

/*
 * 11: the case-code prefix of each district (its key: the name
 * without its rank, folded), so that two districts with the same
 * initials never share one (core/person.h).
 */
static const char v11_records[] =
"CREATE TABLE case_prefix (\n"
"  district TEXT PRIMARY KEY,\n"
"  prefix TEXT NOT NULL UNIQUE\n"
") WITHOUT ROWID;\n";

/*
 * 14: privacy. On the audit trail, what a read showed or an export held
 * ("name,phone", "rows 12"); on a person, the day their identifying
 * details were erased (the record stays for the statistics).
 */
static const char v14_privacy[] =
"ALTER TABLE audit ADD COLUMN detail TEXT;\n"
"ALTER TABLE person ADD COLUMN erased_on TEXT;\n"
"CREATE INDEX audit_at ON audit(at);\n";

/*
 * 18: encryption at rest (core/crypt.h). The check value that tells a
 * wrong key; blind indexes of a person's phone number and folded name
 * for exact lookups (the sealed columns themselves cannot be indexed).
 * The values are encrypted in place when a key is first present.
 */
static const char v18_crypt[] =
"CREATE TABLE crypt_check (\n"
"  id INTEGER PRIMARY KEY CHECK (id = 1),\n"
"  value BLOB NOT NULL,\n"
"  sealed_at INTEGER NOT NULL\n"
");\n"
"ALTER TABLE person ADD COLUMN phone_hash BLOB;\n"
"ALTER TABLE person ADD COLUMN name_hash BLOB;\n"
"DROP INDEX person_phone;\n"
"DROP INDEX person_name;\n"
"CREATE INDEX person_phone ON person(phone_hash);\n"
"CREATE INDEX person_name ON person(name_hash, phone_hash);\n";

/*
 * 21: the note that closes a help request is sealed like the other notes
 * (core/crypt.h). An encrypted database's clear notes are sealed here (its
 * key was checked before the migrations ran, db_open); a database not yet
 * encrypted gets them sealed with everything else (crypt_attach).
 */
static const char v21_seal_notes[] =
"UPDATE help_case SET note = crypt_seal(note, 'help_case.note', id)\n"
"  WHERE typeof(note) = 'text' AND EXISTS (SELECT 1 FROM crypt_check);\n";

/* The sealed columns of the ground floor, (re-)encrypted with the key in
 * use (core/crypt.h); the blind indexes first, from the values before. */
static const char *const reseal[] = {
	"UPDATE person SET "
	"phone_hash = crypt_blind(crypt_prev(phone, 'person.phone', id)), "
	"name_hash = crypt_blind(crypt_prev(name_fold, 'person.name_fold', id)), "
	"full_name = crypt_reseal(full_name, 'person.full_name', id), "
	"name_fold = crypt_reseal(name_fold, 'person.name_fold', id), "
	"phone = crypt_reseal(phone, 'person.phone', id), "
	"notes = crypt_reseal(notes, 'person.notes', id)",
	"UPDATE need SET notes = crypt_reseal(notes, 'need.notes', id)",
	"UPDATE support SET notes = crypt_reseal(notes, 'support.notes', id)",
	"UPDATE visit SET notes = crypt_reseal(notes, 'visit.notes', id)",
	"UPDATE help_case SET note = crypt_reseal(note, 'help_case.note', id)",
	NULL,
};

/*
 * 22: each person's visits by day with what the visit plan reads of them
 * (situation, next date), so that the last visit that reached a person
 * is read from the index alone (replaces visit_person, its prefix).
 */
static const char v22_visit_person[] =
"DROP INDEX visit_person;\n"
"CREATE INDEX visit_person ON visit(person_id, visit_on, id, situation,\n"
"  next_on);\n";

/*
 * 23: what the summary report counts of every person (reports/summary.h:
 * people by category, received and in follow-up at the end) in one index,
 * read without the rows (which carry the sealed fields and are large).
 */
static const char v23_person_report[] =
"CREATE INDEX person_report ON person(category, returned_on, status,\n"
"  closed_on, province, district, commune);\n";

/* In migration order: a new migration's part goes last (core/db.h). */
static const struct db_part parts[] = {
	{ 1, v1_core },
	{ 3, v3_visits },
	{ 5, v5_followup },
	{ 6, v6_indexes },
	{ 7, v7_accounts },
	{ 11, v11_records },
	{ 14, v14_privacy },
	{ 18, v18_crypt },
	{ 21, v21_seal_notes },
	{ 22, v22_visit_person },
	{ 23, v23_person_report },
};

const struct db_schema core_schema = { "core", parts, (int)NELEM(parts),
	reseal };
