/*
 * groups/schema.c - the tables of groups/, as parts of the numbered
 * migrations: groups, membership, schedules, meetings and attendance,
 * loans, in-kind grants. Dates, timestamps and money as in core/schema.c;
 * where a new migration goes: core/db.h.
 */
#include "groups/schema.h"

#include "core/util.h"

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

/* 3: loans (groups/loan.c) and in-kind grants (groups/grant.c). */
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
"CREATE INDEX ikgrant_oblig_due ON ikgrant_oblig(due_on);\n";

/*
 * 6: valid repayments by day with the amount, covering what the summary
 * report reads; it replaces a narrower index of the same lead columns.
 */
static const char v6_indexes[] =
"DROP INDEX loan_pay_day;\n"
"CREATE INDEX loan_pay_day ON loan_pay(paid_on, loan_id, principal, amount)\n"
"  WHERE reverses IS NULL AND reversed_by IS NULL;\n";

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
 * 13: the reference a loan had in the spreadsheet it was imported from
 * (groups/ledgerio.h), so that the repayments file can name it.
 */
static const char v13_loan_ref[] =
"CREATE TABLE loan_ref (\n"
"  ref TEXT PRIMARY KEY COLLATE NOCASE,\n"
"  loan_id INTEGER NOT NULL UNIQUE REFERENCES loan(id)\n"
");\n";

/* In migration order: a new migration's part goes last (core/db.h). */
static const struct db_part parts[] = {
	{ 2, v2_groups },
	{ 3, v3_livelihood },
	{ 6, v6_indexes },
	{ 9, v9_loan_interest },
	{ 13, v13_loan_ref },
};

const struct db_schema groups_schema = { "groups", parts, (int)NELEM(parts),
	NULL };
