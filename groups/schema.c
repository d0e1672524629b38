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

/*
 * 16: month rollups for the summary report (reports/summary.h), kept up
 * to date by triggers as meetings, attendance and repayments are written,
 * and filled here from the rows already there. "shg report verify"
 * recomputes them from the raw rows and compares.
 *
 * att_month: meetings held and attendance by status, by group and month
 * ("YYYY-MM" of held_on). The group's place is joined when read, so a
 * group that moves needs nothing here.
 *
 * pay_month: valid repayments (neither reversed nor a reversal) by month
 * of paid_on and by the borrower's place (province, district, commune as
 * the person row spells them, '' for none); a person who moves takes her
 * repayments with her.
 *
 * due_month: what installments fall due (less what a rescheduling
 * effective by the due day took off), by month of due_on and the
 * borrower's place, for loans not written off on or before that day:
 * the base of the repayment rate (groups/loan.h).
 */
static const char v16_rollups[] =
"CREATE TABLE att_month (\n"
"  month TEXT NOT NULL,\n"
"  group_id INTEGER NOT NULL,\n"
"  meetings INTEGER NOT NULL DEFAULT 0,\n"
"  present INTEGER NOT NULL DEFAULT 0,\n"
"  late INTEGER NOT NULL DEFAULT 0,\n"
"  excused INTEGER NOT NULL DEFAULT 0,\n"
"  absent INTEGER NOT NULL DEFAULT 0,\n"
"  PRIMARY KEY (month, group_id)\n"
") WITHOUT ROWID;\n"
"CREATE TRIGGER att_month_meeting_ins AFTER INSERT ON meeting BEGIN\n"
"  INSERT INTO att_month (month, group_id, meetings)\n"
"    VALUES (substr(new.held_on, 1, 7), new.group_id, 1)\n"
"    ON CONFLICT DO UPDATE SET meetings = meetings + 1;\n"
"END;\n"
"CREATE TRIGGER att_month_meeting_del AFTER DELETE ON meeting BEGIN\n"
"  UPDATE att_month SET meetings = meetings - 1\n"
"    WHERE month = substr(old.held_on, 1, 7) AND group_id = old.group_id;\n"
"END;\n"
"CREATE TRIGGER att_month_meeting_upd AFTER UPDATE OF held_on, group_id\n"
"  ON meeting BEGIN\n"
"  UPDATE att_month SET meetings = meetings - 1,\n"
"    present = present - (SELECT count(*) FROM attendance\n"
"      WHERE meeting_id = old.id AND status = 'present'),\n"
"    late = late - (SELECT count(*) FROM attendance\n"
"      WHERE meeting_id = old.id AND status = 'late'),\n"
"    excused = excused - (SELECT count(*) FROM attendance\n"
"      WHERE meeting_id = old.id AND status = 'excused'),\n"
"    absent = absent - (SELECT count(*) FROM attendance\n"
"      WHERE meeting_id = old.id AND status = 'absent')\n"
"    WHERE month = substr(old.held_on, 1, 7) AND group_id = old.group_id;\n"
"  INSERT INTO att_month (month, group_id, meetings, present, late, excused,\n"
"    absent) SELECT substr(new.held_on, 1, 7), new.group_id, 1,\n"
"    count(a.status = 'present' OR NULL), count(a.status = 'late' OR NULL),\n"
"    count(a.status = 'excused' OR NULL), count(a.status = 'absent' OR NULL)\n"
"    FROM (SELECT 1) LEFT JOIN attendance a ON a.meeting_id = new.id\n"
"    WHERE 1 ON CONFLICT DO UPDATE SET meetings = meetings + 1,\n"
"    present = present + excluded.present, late = late + excluded.late,\n"
"    excused = excused + excluded.excused, absent = absent + excluded.absent;\n"
"END;\n"
"CREATE TRIGGER att_month_ins AFTER INSERT ON attendance BEGIN\n"
"  INSERT INTO att_month (month, group_id, present, late, excused, absent)\n"
"    SELECT substr(m.held_on, 1, 7), m.group_id, new.status = 'present',\n"
"    new.status = 'late', new.status = 'excused', new.status = 'absent'\n"
"    FROM meeting m WHERE m.id = new.meeting_id\n"
"    ON CONFLICT DO UPDATE SET present = present + excluded.present,\n"
"    late = late + excluded.late, excused = excused + excluded.excused,\n"
"    absent = absent + excluded.absent;\n"
"END;\n"
"CREATE TRIGGER att_month_del AFTER DELETE ON attendance BEGIN\n"
"  UPDATE att_month SET present = present - (old.status = 'present'),\n"
"    late = late - (old.status = 'late'),\n"
"    excused = excused - (old.status = 'excused'),\n"
"    absent = absent - (old.status = 'absent')\n"
"    WHERE (month, group_id) = (SELECT substr(held_on, 1, 7), group_id\n"
"      FROM meeting WHERE id = old.meeting_id);\n"
"END;\n"
"CREATE TRIGGER att_month_upd AFTER UPDATE OF status, meeting_id\n"
"  ON attendance BEGIN\n"
"  UPDATE att_month SET present = present - (old.status = 'present'),\n"
"    late = late - (old.status = 'late'),\n"
"    excused = excused - (old.status = 'excused'),\n"
"    absent = absent - (old.status = 'absent')\n"
"    WHERE (month, group_id) = (SELECT substr(held_on, 1, 7), group_id\n"
"      FROM meeting WHERE id = old.meeting_id);\n"
"  INSERT INTO att_month (month, group_id, present, late, excused, absent)\n"
"    SELECT substr(m.held_on, 1, 7), m.group_id, new.status = 'present',\n"
"    new.status = 'late', new.status = 'excused', new.status = 'absent'\n"
"    FROM meeting m WHERE m.id = new.meeting_id\n"
"    ON CONFLICT DO UPDATE SET present = present + excluded.present,\n"
"    late = late + excluded.late, excused = excused + excluded.excused,\n"
"    absent = absent + excluded.absent;\n"
"END;\n"
"INSERT INTO att_month (month, group_id, meetings, present, late, excused,\n"
"  absent)\n"
"  SELECT substr(m.held_on, 1, 7), m.group_id, count(*),\n"
"  coalesce(sum(a.present), 0), coalesce(sum(a.late), 0),\n"
"  coalesce(sum(a.excused), 0), coalesce(sum(a.absent), 0)\n"
"  FROM meeting m LEFT JOIN (SELECT meeting_id,\n"
"    sum(status = 'present') AS present, sum(status = 'late') AS late,\n"
"    sum(status = 'excused') AS excused, sum(status = 'absent') AS absent\n"
"    FROM attendance GROUP BY meeting_id) a ON a.meeting_id = m.id\n"
"  GROUP BY 1, 2;\n"
"CREATE TABLE pay_month (\n"
"  month TEXT NOT NULL,\n"
"  province TEXT NOT NULL,\n"
"  district TEXT NOT NULL,\n"
"  commune TEXT NOT NULL,\n"
"  amount INTEGER NOT NULL DEFAULT 0,\n"
"  PRIMARY KEY (month, province, district, commune)\n"
") WITHOUT ROWID;\n"
"CREATE TRIGGER pay_month_ins AFTER INSERT ON loan_pay\n"
"  WHEN new.reverses IS NULL AND new.reversed_by IS NULL BEGIN\n"
"  INSERT INTO pay_month (month, province, district, commune, amount)\n"
"    SELECT substr(new.paid_on, 1, 7), coalesce(pe.province, ''),\n"
"    coalesce(pe.district, ''), coalesce(pe.commune, ''), new.amount\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = new.loan_id\n"
"    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;\n"
"END;\n"
"CREATE TRIGGER pay_month_del AFTER DELETE ON loan_pay\n"
"  WHEN old.reverses IS NULL AND old.reversed_by IS NULL BEGIN\n"
"  UPDATE pay_month SET amount = amount - old.amount\n"
"    WHERE (month, province, district, commune) =\n"
"    (SELECT substr(old.paid_on, 1, 7), coalesce(pe.province, ''),\n"
"    coalesce(pe.district, ''), coalesce(pe.commune, '')\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = old.loan_id);\n"
"END;\n"
"CREATE TRIGGER pay_month_upd_old AFTER UPDATE OF loan_id, paid_on, amount,\n"
"  reverses, reversed_by ON loan_pay\n"
"  WHEN old.reverses IS NULL AND old.reversed_by IS NULL BEGIN\n"
"  UPDATE pay_month SET amount = amount - old.amount\n"
"    WHERE (month, province, district, commune) =\n"
"    (SELECT substr(old.paid_on, 1, 7), coalesce(pe.province, ''),\n"
"    coalesce(pe.district, ''), coalesce(pe.commune, '')\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = old.loan_id);\n"
"END;\n"
"CREATE TRIGGER pay_month_upd_new AFTER UPDATE OF loan_id, paid_on, amount,\n"
"  reverses, reversed_by ON loan_pay\n"
"  WHEN new.reverses IS NULL AND new.reversed_by IS NULL BEGIN\n"
"  INSERT INTO pay_month (month, province, district, commune, amount)\n"
"    SELECT substr(new.paid_on, 1, 7), coalesce(pe.province, ''),\n"
"    coalesce(pe.district, ''), coalesce(pe.commune, ''), new.amount\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = new.loan_id\n"
"    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;\n"
"END;\n"
"CREATE TRIGGER pay_month_person AFTER UPDATE OF province, district, commune\n"
"  ON person WHEN old.province IS NOT new.province\n"
"  OR old.district IS NOT new.district OR old.commune IS NOT new.commune BEGIN\n"
"  UPDATE pay_month SET amount = pay_month.amount - p.amount\n"
"    FROM (SELECT substr(lp.paid_on, 1, 7) AS month, sum(lp.amount) AS amount\n"
"      FROM loan l JOIN loan_pay lp ON lp.loan_id = l.id\n"
"      WHERE l.person_id = old.id AND lp.reverses IS NULL\n"
"      AND lp.reversed_by IS NULL GROUP BY 1) p\n"
"    WHERE pay_month.month = p.month\n"
"    AND pay_month.province = coalesce(old.province, '')\n"
"    AND pay_month.district = coalesce(old.district, '')\n"
"    AND pay_month.commune = coalesce(old.commune, '');\n"
"  INSERT INTO pay_month (month, province, district, commune, amount)\n"
"    SELECT substr(lp.paid_on, 1, 7), coalesce(new.province, ''),\n"
"    coalesce(new.district, ''), coalesce(new.commune, ''), sum(lp.amount)\n"
"    FROM loan l JOIN loan_pay lp ON lp.loan_id = l.id\n"
"    WHERE l.person_id = new.id AND lp.reverses IS NULL\n"
"    AND lp.reversed_by IS NULL GROUP BY 1\n"
"    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;\n"
"END;\n"
"INSERT INTO pay_month (month, province, district, commune, amount)\n"
"  SELECT substr(lp.paid_on, 1, 7), coalesce(pe.province, ''),\n"
"  coalesce(pe.district, ''), coalesce(pe.commune, ''), sum(lp.amount)\n"
"  FROM loan_pay lp JOIN loan l ON l.id = lp.loan_id\n"
"  JOIN person pe ON pe.id = l.person_id\n"
"  WHERE lp.reverses IS NULL AND lp.reversed_by IS NULL GROUP BY 1, 2, 3, 4;\n"
"CREATE TABLE due_month (\n"
"  month TEXT NOT NULL,\n"
"  province TEXT NOT NULL,\n"
"  district TEXT NOT NULL,\n"
"  commune TEXT NOT NULL,\n"
"  due INTEGER NOT NULL DEFAULT 0,\n"
"  PRIMARY KEY (month, province, district, commune)\n"
") WITHOUT ROWID;\n"
"CREATE TRIGGER due_month_ins AFTER INSERT ON loan_inst BEGIN\n"
"  INSERT INTO due_month (month, province, district, commune, due)\n"
"    SELECT substr(new.due_on, 1, 7), coalesce(pe.province, ''),\n"
"    coalesce(pe.district, ''), coalesce(pe.commune, ''),\n"
"    new.principal + new.interest - CASE WHEN new.void_on <= new.due_on\n"
"    THEN new.principal_void + new.interest_void ELSE 0 END\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = new.loan_id AND (l.written_off_on IS NULL\n"
"    OR l.written_off_on > new.due_on)\n"
"    ON CONFLICT DO UPDATE SET due = due + excluded.due;\n"
"END;\n"
"CREATE TRIGGER due_month_del AFTER DELETE ON loan_inst BEGIN\n"
"  UPDATE due_month SET due = due_month.due - x.due\n"
"    FROM (SELECT substr(old.due_on, 1, 7) AS month,\n"
"    coalesce(pe.province, '') AS province, coalesce(pe.district, '')\n"
"    AS district, coalesce(pe.commune, '') AS commune,\n"
"    old.principal + old.interest - CASE WHEN old.void_on <= old.due_on\n"
"    THEN old.principal_void + old.interest_void ELSE 0 END AS due\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = old.loan_id AND (l.written_off_on IS NULL\n"
"    OR l.written_off_on > old.due_on)) x\n"
"    WHERE due_month.month = x.month AND due_month.province = x.province\n"
"    AND due_month.district = x.district AND due_month.commune = x.commune;\n"
"END;\n"
"CREATE TRIGGER due_month_upd AFTER UPDATE OF loan_id, due_on, principal,\n"
"  interest, void_on, principal_void, interest_void ON loan_inst BEGIN\n"
"  UPDATE due_month SET due = due_month.due - x.due\n"
"    FROM (SELECT substr(old.due_on, 1, 7) AS month,\n"
"    coalesce(pe.province, '') AS province, coalesce(pe.district, '')\n"
"    AS district, coalesce(pe.commune, '') AS commune,\n"
"    old.principal + old.interest - CASE WHEN old.void_on <= old.due_on\n"
"    THEN old.principal_void + old.interest_void ELSE 0 END AS due\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = old.loan_id AND (l.written_off_on IS NULL\n"
"    OR l.written_off_on > old.due_on)) x\n"
"    WHERE due_month.month = x.month AND due_month.province = x.province\n"
"    AND due_month.district = x.district AND due_month.commune = x.commune;\n"
"  INSERT INTO due_month (month, province, district, commune, due)\n"
"    SELECT substr(new.due_on, 1, 7), coalesce(pe.province, ''),\n"
"    coalesce(pe.district, ''), coalesce(pe.commune, ''),\n"
"    new.principal + new.interest - CASE WHEN new.void_on <= new.due_on\n"
"    THEN new.principal_void + new.interest_void ELSE 0 END\n"
"    FROM loan l JOIN person pe ON pe.id = l.person_id\n"
"    WHERE l.id = new.loan_id AND (l.written_off_on IS NULL\n"
"    OR l.written_off_on > new.due_on)\n"
"    ON CONFLICT DO UPDATE SET due = due + excluded.due;\n"
"END;\n"
"CREATE TRIGGER due_month_writeoff AFTER UPDATE OF written_off_on, person_id\n"
"  ON loan BEGIN\n"
"  UPDATE due_month SET due = due_month.due - x.due\n"
"    FROM (SELECT substr(i.due_on, 1, 7) AS month, sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END) AS due\n"
"      FROM loan_inst i WHERE i.loan_id = old.id\n"
"      AND (old.written_off_on IS NULL OR old.written_off_on > i.due_on)\n"
"      GROUP BY 1) x, person pe\n"
"    WHERE pe.id = old.person_id AND due_month.month = x.month\n"
"    AND due_month.province = coalesce(pe.province, '')\n"
"    AND due_month.district = coalesce(pe.district, '')\n"
"    AND due_month.commune = coalesce(pe.commune, '');\n"
"  INSERT INTO due_month (month, province, district, commune, due)\n"
"    SELECT substr(i.due_on, 1, 7), coalesce(pe.province, ''),\n"
"    coalesce(pe.district, ''), coalesce(pe.commune, ''), sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END)\n"
"    FROM loan_inst i, person pe WHERE i.loan_id = new.id\n"
"    AND pe.id = new.person_id\n"
"    AND (new.written_off_on IS NULL OR new.written_off_on > i.due_on)\n"
"    GROUP BY 1, 2, 3, 4\n"
"    ON CONFLICT DO UPDATE SET due = due + excluded.due;\n"
"END;\n"
"CREATE TRIGGER due_month_person AFTER UPDATE OF province, district, commune\n"
"  ON person WHEN old.province IS NOT new.province\n"
"  OR old.district IS NOT new.district OR old.commune IS NOT new.commune BEGIN\n"
"  UPDATE due_month SET due = due_month.due - x.due\n"
"    FROM (SELECT substr(i.due_on, 1, 7) AS month, sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END) AS due\n"
"      FROM loan l JOIN loan_inst i ON i.loan_id = l.id\n"
"      WHERE l.person_id = old.id\n"
"      AND (l.written_off_on IS NULL OR l.written_off_on > i.due_on)\n"
"      GROUP BY 1) x\n"
"    WHERE due_month.month = x.month\n"
"    AND due_month.province = coalesce(old.province, '')\n"
"    AND due_month.district = coalesce(old.district, '')\n"
"    AND due_month.commune = coalesce(old.commune, '');\n"
"  INSERT INTO due_month (month, province, district, commune, due)\n"
"    SELECT substr(i.due_on, 1, 7), coalesce(new.province, ''),\n"
"    coalesce(new.district, ''), coalesce(new.commune, ''), sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END)\n"
"    FROM loan l JOIN loan_inst i ON i.loan_id = l.id\n"
"    WHERE l.person_id = new.id\n"
"    AND (l.written_off_on IS NULL OR l.written_off_on > i.due_on)\n"
"    GROUP BY 1\n"
"    ON CONFLICT DO UPDATE SET due = due + excluded.due;\n"
"END;\n"
"INSERT INTO due_month (month, province, district, commune, due)\n"
"  SELECT substr(i.due_on, 1, 7), coalesce(pe.province, ''),\n"
"  coalesce(pe.district, ''), coalesce(pe.commune, ''), sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END)\n"
"  FROM loan_inst i JOIN loan l ON l.id = i.loan_id\n"
"  JOIN person pe ON pe.id = l.person_id\n"
"  WHERE l.written_off_on IS NULL OR l.written_off_on > i.due_on\n"
"  GROUP BY 1, 2, 3, 4;\n";

/*
 * 21: the free text written about a person's money, animals and
 * membership is sealed like core's notes (core/crypt.h): a repayment's
 * note, a loan's write-off reason, the reason of a new plan, a grant's and
 * a grant event's notes, why a member left. An encrypted database's clear
 * values are sealed here (its key was checked before the migrations ran,
 * db_open); a database not yet encrypted gets them sealed with everything
 * else (crypt_attach, through reseal below).
 */
static const char v21_seal_notes[] =
"UPDATE loan_pay SET note = crypt_seal(note, 'loan_pay.note', id)\n"
"  WHERE typeof(note) = 'text' AND EXISTS (SELECT 1 FROM crypt_check);\n"
"UPDATE loan SET writeoff_reason =\n"
"  crypt_seal(writeoff_reason, 'loan.writeoff_reason', id)\n"
"  WHERE typeof(writeoff_reason) = 'text'\n"
"  AND EXISTS (SELECT 1 FROM crypt_check);\n"
"UPDATE loan_plan SET reason = crypt_seal(reason, 'loan_plan.reason', id)\n"
"  WHERE typeof(reason) = 'text' AND EXISTS (SELECT 1 FROM crypt_check);\n"
"UPDATE ikgrant SET notes = crypt_seal(notes, 'ikgrant.notes', id)\n"
"  WHERE typeof(notes) = 'text' AND EXISTS (SELECT 1 FROM crypt_check);\n"
"UPDATE ikgrant_event SET notes =\n"
"  crypt_seal(notes, 'ikgrant_event.notes', id)\n"
"  WHERE typeof(notes) = 'text' AND EXISTS (SELECT 1 FROM crypt_check);\n"
"UPDATE membership SET leave_reason =\n"
"  crypt_seal(leave_reason, 'membership.leave_reason', id)\n"
"  WHERE typeof(leave_reason) = 'text'\n"
"  AND EXISTS (SELECT 1 FROM crypt_check);\n";

/* The sealed columns of groups' tables, (re-)encrypted with the key in
 * use (core/crypt.h, core/db.h). */
static const char *const reseal[] = {
	"UPDATE loan_pay SET note = crypt_reseal(note, 'loan_pay.note', id) "
	"WHERE note IS NOT NULL",
	"UPDATE loan SET writeoff_reason = crypt_reseal(writeoff_reason, "
	"'loan.writeoff_reason', id) WHERE writeoff_reason IS NOT NULL",
	"UPDATE loan_plan SET reason = crypt_reseal(reason, 'loan_plan.reason', "
	"id) WHERE reason IS NOT NULL",
	"UPDATE ikgrant SET notes = crypt_reseal(notes, 'ikgrant.notes', id) "
	"WHERE notes IS NOT NULL",
	"UPDATE ikgrant_event SET notes = crypt_reseal(notes, "
	"'ikgrant_event.notes', id) WHERE notes IS NOT NULL",
	"UPDATE membership SET leave_reason = crypt_reseal(leave_reason, "
	"'membership.leave_reason', id) WHERE leave_reason IS NOT NULL",
	NULL,
};

/*
 * 22: what the valid repayments put on each installment, kept on it
 * (loan_inst.paid), so that the arrears at a date need no search of each
 * unpaid installment's payments: what was paid by a date is paid less
 * the valid repayments made after it (few). Triggers keep it, each
 * recomputing the installments a change touches from their allocations;
 * "shg report verify" compares it with a recomputation. The index of
 * unpaid installments carries it (it replaces loan_inst_open).
 * And the open memberships by group and person (the members the missed
 * meetings are counted for, read in order from the index alone), and
 * each person's memberships by day with their group (a person's current
 * group, read from the index alone; replaces membership_person).
 * Partial indexes carry the column of their condition, so that a query
 * naming it needs no row.
 */
#define V22_PAID(inst) \
"(SELECT coalesce(sum(a.principal + a.interest), 0) FROM loan_alloc a " \
"JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = " inst " " \
"AND p.reverses IS NULL AND p.reversed_by IS NULL)"
#define V22_RECOMPUTE(where) \
"  UPDATE loan_inst SET paid = " V22_PAID("loan_inst.id") " WHERE " where ";\n"

static const char v22_inst_paid[] =
"ALTER TABLE loan_inst ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;\n"
"UPDATE loan_inst SET paid = " V22_PAID("loan_inst.id") "\n"
"  WHERE id IN (SELECT inst_id FROM loan_alloc);\n"
"DROP INDEX loan_inst_open;\n"
"CREATE INDEX loan_inst_unpaid ON loan_inst(due_on, loan_id, principal,\n"
"  interest, void_on, principal_void, interest_void, paid, paid_off_on)\n"
"  WHERE paid_off_on IS NULL;\n"
"CREATE TRIGGER inst_paid_alloc_ins AFTER INSERT ON loan_alloc BEGIN\n"
V22_RECOMPUTE("id = new.inst_id")
"END;\n"
"CREATE TRIGGER inst_paid_alloc_del AFTER DELETE ON loan_alloc BEGIN\n"
V22_RECOMPUTE("id = old.inst_id")
"END;\n"
"CREATE TRIGGER inst_paid_alloc_upd AFTER UPDATE OF pay_id, inst_id,\n"
"  principal, interest ON loan_alloc BEGIN\n"
V22_RECOMPUTE("id IN (old.inst_id, new.inst_id)")
"END;\n"
"CREATE TRIGGER inst_paid_pay_upd AFTER UPDATE OF reverses, reversed_by\n"
"  ON loan_pay BEGIN\n"
V22_RECOMPUTE("id IN (SELECT inst_id FROM loan_alloc WHERE pay_id = new.id)")
"END;\n"
"CREATE TRIGGER inst_paid_pay_del AFTER DELETE ON loan_pay BEGIN\n"
V22_RECOMPUTE("id IN (SELECT inst_id FROM loan_alloc WHERE pay_id = old.id)")
"END;\n"
"CREATE INDEX membership_open ON membership(group_id, person_id, left_on)\n"
"  WHERE left_on IS NULL;\n"
"DROP INDEX membership_person;\n"
"CREATE INDEX membership_person ON membership(person_id, joined_on, left_on,\n"
"  group_id);\n";

/*
 * 23: loan_disbursed gains the borrower and the principal, which the
 * summary report's loans disbursed and capital lent read; loan_owing
 * holds the loans that still owe, with what the report's principal
 * outstanding reads; membership_group gains what the report's members
 * at the end read. A valid repayment whose allocations were written
 * before it (none of the modules does so) also counts on loan_inst.paid.
 */
static const char v23_report_indexes[] =
"CREATE TRIGGER inst_paid_pay_ins AFTER INSERT ON loan_pay\n"
"  WHEN new.reverses IS NULL AND new.reversed_by IS NULL BEGIN\n"
"  UPDATE loan_inst SET paid = (SELECT coalesce(sum(a.principal +\n"
"    a.interest), 0) FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id\n"
"    WHERE a.inst_id = loan_inst.id AND p.reverses IS NULL\n"
"    AND p.reversed_by IS NULL)\n"
"    WHERE id IN (SELECT inst_id FROM loan_alloc WHERE pay_id = new.id);\n"
"END;\n"
"DROP INDEX loan_disbursed;\n"
"CREATE INDEX loan_disbursed ON loan(disbursed_on, person_id, principal);\n"
"CREATE INDEX loan_owing ON loan(person_id, principal, principal_paid,\n"
"  disbursed_on, written_off_on) WHERE principal_paid < principal;\n"
"DROP INDEX membership_group;\n"
"CREATE INDEX membership_group ON membership(group_id, joined_on, left_on,\n"
"  person_id);\n";

/* In migration order: a new migration's part goes last (core/db.h). */
static const struct db_part parts[] = {
	{ 2, v2_groups },
	{ 3, v3_livelihood },
	{ 6, v6_indexes },
	{ 9, v9_loan_interest },
	{ 13, v13_loan_ref },
	{ 16, v16_rollups },
	{ 21, v21_seal_notes },
	{ 22, v22_inst_paid },
	{ 23, v23_report_indexes },
};

const struct db_schema groups_schema = { "groups", parts, (int)NELEM(parts),
	reseal };
