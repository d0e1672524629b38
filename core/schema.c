/*
 * The database schema as numbered migrations. Dates are "YYYY-MM-DD" text
 * (calendar days, local); timestamps are Unix seconds (UTC); money is whole
 * đồng in INTEGER columns.
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

/* 2: self-help groups, membership, schedules, meetings and attendance. */
static const char v2_groups[] =
"CREATE TABLE grp (\n"
"  id INTEGER PRIMARY KEY,\n"
"  name TEXT NOT NULL UNIQUE COLLATE NOCASE,\n"
"  village TEXT, commune TEXT, district TEXT, province TEXT,\n"
"  place TEXT,\n"
"  organiser_name TEXT,\n"
"  organiser_phone TEXT,\n"
"  founded_on TEXT,\n"
"  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),\n"
"  closed_on TEXT,\n"
"  created_at INTEGER NOT NULL,\n"
"  name_fold TEXT NOT NULL DEFAULT '',\n"
"  rule TEXT,\n"
"  rule_input TEXT,\n"
"  start_min INTEGER CHECK (start_min BETWEEN 0 AND 1439),\n"
"  duration_min INTEGER NOT NULL DEFAULT 120 CHECK (duration_min > 0),\n"
"  sched_from TEXT,\n"
"  holiday_policy TEXT CHECK (holiday_policy IN ('skip','move')),\n"
"  reminder_days INTEGER CHECK (reminder_days BETWEEN 0 AND 30),\n"
"  updated_at INTEGER\n"
");\n"
"CREATE INDEX grp_fold ON grp(name_fold);\n"
"CREATE TABLE membership (\n"
"  id INTEGER PRIMARY KEY,\n"
"  group_id INTEGER NOT NULL REFERENCES grp(id),\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member','leader','treasurer')),\n"
"  joined_on TEXT NOT NULL,\n"
"  left_on TEXT,\n"
"  leave_reason TEXT\n"
");\n"
"CREATE INDEX membership_group ON membership(group_id, joined_on);\n"
"CREATE INDEX membership_person ON membership(person_id);\n"
"CREATE TABLE sched_exception (\n"
"  id INTEGER PRIMARY KEY,\n"
"  group_id INTEGER NOT NULL REFERENCES grp(id),\n"
"  orig_on TEXT NOT NULL,\n"
"  action TEXT NOT NULL CHECK (action IN ('move','cancel')),\n"
"  new_on TEXT,\n"
"  new_start_min INTEGER CHECK (new_start_min BETWEEN 0 AND 1439),\n"
"  reason TEXT NOT NULL,\n"
"  created_at INTEGER NOT NULL,\n"
"  UNIQUE (group_id, orig_on),\n"
"  CHECK ((action = 'move') = (new_on IS NOT NULL))\n"
");\n"
"CREATE INDEX sched_exception_new ON sched_exception(group_id, new_on);\n"
"CREATE TABLE meeting (\n"
"  id INTEGER PRIMARY KEY,\n"
"  group_id INTEGER NOT NULL REFERENCES grp(id),\n"
"  held_on TEXT NOT NULL,\n"
"  orig_on TEXT,\n"
"  extra INTEGER NOT NULL DEFAULT 0 CHECK (extra IN (0,1)),\n"
"  topic TEXT,\n"
"  created_at INTEGER NOT NULL,\n"
"  UNIQUE (group_id, held_on)\n"
");\n"
"CREATE INDEX meeting_day ON meeting(held_on, group_id);\n"
"CREATE TABLE attendance (\n"
"  meeting_id INTEGER NOT NULL REFERENCES meeting(id),\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  status TEXT NOT NULL CHECK (status IN ('present','late','excused','absent')),\n"
"  PRIMARY KEY (meeting_id, person_id)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX attendance_person ON attendance(person_id, meeting_id);\n";

/* 3: loans, in-kind grants and follow-up visits. */
static const char v3_livelihood[] =
"CREATE TABLE loan (\n"
"  id INTEGER PRIMARY KEY,\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  group_id INTEGER REFERENCES grp(id),\n"
"  source TEXT NOT NULL,\n"
"  purpose TEXT,\n"
"  principal INTEGER NOT NULL CHECK (principal > 0),\n"
"  rate_ppm INTEGER NOT NULL CHECK (rate_ppm >= 0),\n"
"  rate_unit TEXT NOT NULL CHECK (rate_unit IN ('month','year')),\n"
"  term_months INTEGER NOT NULL,\n"
"  freq TEXT NOT NULL CHECK (freq IN ('monthly','quarterly','end')),\n"
"  method TEXT NOT NULL CHECK (method IN ('declining','flat')),\n"
"  grace_months INTEGER NOT NULL DEFAULT 0,\n"
"  disbursed_on TEXT NOT NULL,\n"
"  plan INTEGER NOT NULL DEFAULT 1,\n"
"  principal_paid INTEGER NOT NULL DEFAULT 0,\n"
"  written_off_on TEXT,\n"
"  writeoff_reason TEXT,\n"
"  created_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX loan_person ON loan(person_id);\n"
"CREATE INDEX loan_disbursed ON loan(disbursed_on);\n"
"CREATE TABLE loan_plan (\n"
"  id INTEGER PRIMARY KEY,\n"
"  loan_id INTEGER NOT NULL REFERENCES loan(id),\n"
"  plan INTEGER NOT NULL,\n"
"  starts_on TEXT NOT NULL,\n"
"  principal INTEGER NOT NULL,\n"
"  rate_ppm INTEGER NOT NULL,\n"
"  rate_unit TEXT NOT NULL CHECK (rate_unit IN ('month','year')),\n"
"  term_months INTEGER NOT NULL,\n"
"  freq TEXT NOT NULL CHECK (freq IN ('monthly','quarterly','end')),\n"
"  method TEXT NOT NULL CHECK (method IN ('declining','flat')),\n"
"  grace_months INTEGER NOT NULL DEFAULT 0,\n"
"  reason TEXT,\n"
"  created_at INTEGER NOT NULL,\n"
"  UNIQUE (loan_id, plan)\n"
");\n"
"CREATE TABLE loan_inst (\n"
"  id INTEGER PRIMARY KEY,\n"
"  loan_id INTEGER NOT NULL REFERENCES loan(id),\n"
"  plan INTEGER NOT NULL,\n"
"  seq INTEGER NOT NULL,\n"
"  due_on TEXT NOT NULL,\n"
"  principal INTEGER NOT NULL CHECK (principal >= 0),\n"
"  interest INTEGER NOT NULL CHECK (interest >= 0),\n"
"  void_on TEXT,\n"
"  principal_void INTEGER NOT NULL DEFAULT 0,\n"
"  interest_void INTEGER NOT NULL DEFAULT 0,\n"
"  paid_off_on TEXT,\n"
"  UNIQUE (loan_id, plan, seq)\n"
");\n"
"CREATE INDEX loan_inst_due ON loan_inst(due_on, loan_id, principal, interest,\n"
"  paid_off_on, void_on, principal_void, interest_void);\n"
"CREATE INDEX loan_inst_open ON loan_inst(due_on, loan_id, principal, interest,\n"
"  void_on, principal_void, interest_void) WHERE paid_off_on IS NULL;\n"
"CREATE INDEX loan_inst_paid_off ON loan_inst(paid_off_on, due_on, loan_id)\n"
"  WHERE paid_off_on IS NOT NULL;\n"
"CREATE TABLE loan_pay (\n"
"  id INTEGER PRIMARY KEY,\n"
"  loan_id INTEGER NOT NULL REFERENCES loan(id),\n"
"  paid_on TEXT NOT NULL,\n"
"  amount INTEGER NOT NULL,\n"
"  principal INTEGER NOT NULL,\n"
"  interest INTEGER NOT NULL,\n"
"  reverses INTEGER REFERENCES loan_pay(id),\n"
"  reversed_by INTEGER REFERENCES loan_pay(id),\n"
"  note TEXT,\n"
"  created_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX loan_pay_loan ON loan_pay(loan_id, paid_on);\n"
"CREATE INDEX loan_pay_valid ON loan_pay(loan_id, paid_on, principal, amount)\n"
"  WHERE reverses IS NULL AND reversed_by IS NULL;\n"
"CREATE INDEX loan_pay_day ON loan_pay(paid_on, loan_id, principal)\n"
"  WHERE reverses IS NULL AND reversed_by IS NULL;\n"
"CREATE TABLE loan_alloc (\n"
"  id INTEGER PRIMARY KEY,\n"
"  pay_id INTEGER NOT NULL REFERENCES loan_pay(id),\n"
"  inst_id INTEGER NOT NULL REFERENCES loan_inst(id),\n"
"  principal INTEGER NOT NULL,\n"
"  interest INTEGER NOT NULL\n"
");\n"
"CREATE INDEX loan_alloc_pay ON loan_alloc(pay_id);\n"
"CREATE INDEX loan_alloc_inst ON loan_alloc(inst_id);\n"
"CREATE TABLE ikgrant (\n"
"  id INTEGER PRIMARY KEY,\n"
"  person_id INTEGER NOT NULL REFERENCES person(id),\n"
"  kind TEXT NOT NULL CHECK (kind IN ('sow','piglet','cow','buffalo','goat',\n"
"    'chicken','duck','other')),\n"
"  what TEXT,\n"
"  count INTEGER NOT NULL CHECK (count > 0),\n"
"  unit_value INTEGER NOT NULL CHECK (unit_value >= 0),\n"
"  given_on TEXT NOT NULL,\n"
"  source TEXT NOT NULL,\n"
"  parent_id INTEGER REFERENCES ikgrant(id),\n"
"  obligation_id INTEGER,\n"
"  notes TEXT,\n"
"  created_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX ikgrant_person ON ikgrant(person_id);\n"
"CREATE INDEX ikgrant_parent ON ikgrant(parent_id);\n"
"CREATE TABLE ikgrant_event (\n"
"  id INTEGER PRIMARY KEY,\n"
"  grant_id INTEGER NOT NULL REFERENCES ikgrant(id),\n"
"  kind TEXT NOT NULL CHECK (kind IN ('died','sold','born','vaccinated','lost',\n"
"    'passed')),\n"
"  count INTEGER NOT NULL CHECK (count > 0),\n"
"  event_on TEXT NOT NULL,\n"
"  cause TEXT,\n"
"  price INTEGER CHECK (price >= 0),\n"
"  notes TEXT,\n"
"  created_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX ikgrant_event_grant ON ikgrant_event(grant_id, event_on);\n"
"CREATE TABLE ikgrant_oblig (\n"
"  id INTEGER PRIMARY KEY,\n"
"  grant_id INTEGER NOT NULL UNIQUE REFERENCES ikgrant(id),\n"
"  count INTEGER NOT NULL CHECK (count > 0),\n"
"  due_on TEXT NOT NULL,\n"
"  to_person_id INTEGER REFERENCES person(id),\n"
"  created_at INTEGER NOT NULL\n"
");\n"
"CREATE INDEX ikgrant_oblig_due ON ikgrant_oblig(due_on);\n"
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
 * 5: follow-up. A per-person check-in frequency (NULL: the config's,
 * 0: none); help requests opened by SMS replies and closed with a note;
 * on the inbox, what a reply meant, the message it answers, the help
 * case it opened and when a person read it.
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
"  WHERE closed_at IS NULL;\n"
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
 * 6: indexes for the summary report's period scans, each covering what
 * the report reads so no table row is visited: messages sent, by when
 * (only sent ones are indexed, once, when they are marked sent); visits
 * by day with the situation and person; valid repayments by day with the
 * amount. The last two replace narrower indexes of the same lead columns.
 */
static const char v6_indexes[] =
"CREATE INDEX outbox_sent ON outbox(state, sent_at, kind, person_id)\n"
"  WHERE state = 'sent';\n"
"DROP INDEX visit_day;\n"
"CREATE INDEX visit_day ON visit(visit_on, situation, person_id);\n"
"DROP INDEX loan_pay_day;\n"
"CREATE INDEX loan_pay_day ON loan_pay(paid_on, loan_id, principal, amount)\n"
"  WHERE reverses IS NULL AND reversed_by IS NULL;\n"
"CREATE INDEX outbox_alert ON outbox(next_try, id)\n"
"  WHERE state = 'queued' AND kind = 'alert';\n";

/*
 * 7: accounts of the people who use the web interface, the groups of an
 * organiser's account, login sessions (only a hash of the token), failed
 * logins counted per address, and the account on every audit row. The
 * audit's actor stays the name given (--as, or the account's name on the
 * web); account_id says which account acted, NULL for the command line.
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
 * 9: how a loan's interest is counted when it is paid off
 * early. 'schedule': all the scheduled interest (as before); 'daily': the
 * interest of the days the principal was out. loan_waive keeps the
 * scheduled interest a pay-off did not charge (also put in the
 * installment's interest_void) so reversing the pay-off restores it.
 */
static const char v9_loan_interest[] =
"ALTER TABLE loan ADD COLUMN interest TEXT NOT NULL DEFAULT 'schedule'\n"
"  CHECK (interest IN ('schedule','daily'));\n"
"CREATE TABLE loan_waive (\n"
"  id INTEGER PRIMARY KEY,\n"
"  pay_id INTEGER NOT NULL REFERENCES loan_pay(id),\n"
"  inst_id INTEGER NOT NULL REFERENCES loan_inst(id),\n"
"  interest INTEGER NOT NULL CHECK (interest > 0)\n"
");\n"
"CREATE INDEX loan_waive_pay ON loan_waive(pay_id);\n";

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
 * 12: several modems. Each outbox row names the modem that sent it; each
 * modem's health for `shg sms status` and the service (the single row of
 * modem_state stays for the first modem): connected since, signal,
 * network, SIM use, prepaid balance and when it was read, the last
 * error, since when the network is lost, what needs the administrator
 * (low balance, no network, SIM nearly full, failures in a row) and when
 * the coordinator was last told, a refused PIN's identity.
 */
static const char v12_modems[] =
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

static const char *const migrations[] = {
	v1_core,
	v2_groups,
	v3_livelihood,
	v4_sms,
	v5_followup,
	v6_indexes,
	v7_accounts,
	v8_modem,
	v9_loan_interest,
	v10_forms,
	v11_records,
	v12_modems,
};

const char *const *
schema_migrations(int *n)
{
	*n = (int)NELEM(migrations);
	return migrations;
}
