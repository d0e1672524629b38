CREATE INDEX account_group_group ON account_group(group_id);
CREATE INDEX attendance_person ON attendance(person_id, meeting_id);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX checkin_next_due ON checkin_next(due) WHERE days IS NOT NULL;
CREATE INDEX checkin_next_last ON checkin_next(last) WHERE days IS NULL;
CREATE INDEX grp_fold ON grp(name_fold);
CREATE UNIQUE INDEX help_case_open ON help_case(person_id)
  WHERE closed_at IS NULL;
CREATE INDEX ikgrant_event_grant ON ikgrant_event(grant_id, event_on);
CREATE INDEX ikgrant_oblig_due ON ikgrant_oblig(due_on);
CREATE INDEX ikgrant_parent ON ikgrant(parent_id);
CREATE INDEX ikgrant_person ON ikgrant(person_id);
CREATE INDEX inbox_answers ON inbox(answers);
CREATE INDEX inbox_handled ON inbox(handled);
CREATE INDEX inbox_part_pending ON inbox_part(inbox_id);
CREATE INDEX inbox_person ON inbox(person_id);
CREATE INDEX inbox_unread ON inbox(read_at);
CREATE INDEX loan_alloc_inst ON loan_alloc(inst_id);
CREATE INDEX loan_alloc_pay ON loan_alloc(pay_id);
CREATE INDEX loan_disbursed ON loan(disbursed_on, person_id, principal);
CREATE INDEX loan_inst_due ON loan_inst(due_on, loan_id, principal, interest,
  paid_off_on, void_on, principal_void, interest_void);
CREATE INDEX loan_inst_paid_off ON loan_inst(paid_off_on, due_on, loan_id)
  WHERE paid_off_on IS NOT NULL;
CREATE INDEX loan_inst_unpaid ON loan_inst(due_on, loan_id, principal,
  interest, void_on, principal_void, interest_void, paid, paid_off_on)
  WHERE paid_off_on IS NULL;
CREATE INDEX loan_owing ON loan(person_id, principal, principal_paid,
  disbursed_on, written_off_on) WHERE principal_paid < principal;
CREATE INDEX loan_pay_day ON loan_pay(paid_on, loan_id, principal, amount)
  WHERE reverses IS NULL AND reversed_by IS NULL;
CREATE INDEX loan_pay_loan ON loan_pay(loan_id, paid_on);
CREATE INDEX loan_pay_valid ON loan_pay(loan_id, paid_on, principal, amount)
  WHERE reverses IS NULL AND reversed_by IS NULL;
CREATE INDEX loan_person ON loan(person_id);
CREATE INDEX loan_waive_pay ON loan_waive(pay_id);
CREATE INDEX meeting_day ON meeting(held_on, group_id);
CREATE INDEX membership_group ON membership(group_id, joined_on, left_on,
  person_id);
CREATE INDEX membership_open ON membership(group_id, person_id, left_on)
  WHERE left_on IS NULL;
CREATE INDEX membership_person ON membership(person_id, joined_on, left_on,
  group_id);
CREATE UNIQUE INDEX modem_notice_open ON modem_notice(modem, kind)
  WHERE cleared_at IS NULL;
CREATE INDEX outbox_alert ON outbox(next_try, id)
  WHERE state = 'queued' AND kind = 'alert';
CREATE INDEX outbox_checkin_sent ON outbox(person_id, id, sent_at,
  kind, state) WHERE kind = 'checkin' AND state = 'sent';
CREATE INDEX outbox_due ON outbox(state, next_try);
CREATE UNIQUE INDEX outbox_key ON outbox(kind, subject, coalesce(person_id, 0), occasion);
CREATE INDEX outbox_part_report ON outbox_part(recipient_hash, tpmr, sent_at);
CREATE INDEX outbox_person ON outbox(person_id, kind, occasion);
CREATE INDEX outbox_recipient ON outbox(recipient_hash, state);
CREATE INDEX outbox_sent ON outbox(state, sent_at, kind, person_id, answered)
  WHERE state = 'sent';
CREATE INDEX outbox_tried ON outbox(tried_at);
CREATE INDEX person_name ON person(name_hash, phone_hash);
CREATE INDEX person_phone ON person(phone_hash);
CREATE INDEX person_place ON person(province, district, commune);
CREATE INDEX person_report ON person(category, returned_on, status,
  closed_on, province, district, commune);
CREATE INDEX sched_exception_new ON sched_exception(group_id, new_on);
CREATE INDEX session_account ON session(account_id);
CREATE INDEX sms_form_account ON sms_form(account_id, received_at);
CREATE INDEX sms_form_sender ON sms_form(sender_hash, received_at);
CREATE INDEX support_given ON support(given_on);
CREATE INDEX support_person ON support(person_id);
CREATE INDEX visit_day ON visit(visit_on, situation, person_id);
CREATE INDEX visit_person ON visit(person_id, visit_on, id, situation,
  next_on);
CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('organiser','coordinator','admin')),
  district TEXT,
  province TEXT,
  phone TEXT,
  pw_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure INTEGER,
  locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0,1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK ((role = 'coordinator') = ((district IS NULL) <> (province IS NULL))),
  CHECK (role = 'coordinator' OR (district IS NULL AND province IS NULL))
);
CREATE TABLE account_group (
  account_id INTEGER NOT NULL REFERENCES account(id),
  group_id INTEGER NOT NULL REFERENCES grp(id),
  PRIMARY KEY (account_id, group_id)
) WITHOUT ROWID;
CREATE TABLE att_month (
  month TEXT NOT NULL,
  group_id INTEGER NOT NULL,
  meetings INTEGER NOT NULL DEFAULT 0,
  present INTEGER NOT NULL DEFAULT 0,
  late INTEGER NOT NULL DEFAULT 0,
  excused INTEGER NOT NULL DEFAULT 0,
  absent INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, group_id)
) WITHOUT ROWID;
CREATE TABLE attendance (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  status TEXT NOT NULL CHECK (status IN ('present','late','excused','absent')),
  PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  command TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER,
  action TEXT NOT NULL
, account_id INTEGER REFERENCES account(id), detail TEXT);
CREATE TABLE case_prefix (
  district TEXT PRIMARY KEY,
  prefix TEXT NOT NULL UNIQUE
) WITHOUT ROWID;
CREATE TABLE case_seq (
  prefix TEXT NOT NULL,
  year INTEGER NOT NULL,
  last INTEGER NOT NULL,
  PRIMARY KEY (prefix, year)
);
CREATE TABLE change_count (
  tbl TEXT PRIMARY KEY,
  n INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE checkin_next (
  person_id INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
  last TEXT NOT NULL,
  days INTEGER,
  due TEXT
);
CREATE TABLE crypt_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BLOB NOT NULL,
  sealed_at INTEGER NOT NULL
);
CREATE TABLE due_month (
  month TEXT NOT NULL,
  province TEXT NOT NULL,
  district TEXT NOT NULL,
  commune TEXT NOT NULL,
  due INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, province, district, commune)
) WITHOUT ROWID;
CREATE TABLE grp (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  village TEXT, commune TEXT, district TEXT, province TEXT,
  place TEXT,
  organiser_name TEXT,
  organiser_phone TEXT,
  founded_on TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  closed_on TEXT,
  created_at INTEGER NOT NULL,
  name_fold TEXT NOT NULL DEFAULT '',
  rule TEXT,
  rule_input TEXT,
  start_min INTEGER CHECK (start_min BETWEEN 0 AND 1439),
  duration_min INTEGER NOT NULL DEFAULT 120 CHECK (duration_min > 0),
  sched_from TEXT,
  holiday_policy TEXT CHECK (holiday_policy IN ('skip','move')),
  reminder_days INTEGER CHECK (reminder_days BETWEEN 0 AND 30),
  updated_at INTEGER
);
CREATE TABLE help_case (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  opened_at INTEGER NOT NULL,
  reason TEXT NOT NULL,
  inbox_id INTEGER REFERENCES inbox(id),
  requests INTEGER NOT NULL DEFAULT 1,
  last_at INTEGER NOT NULL,
  closed_at INTEGER,
  closed_by TEXT,
  note TEXT,
  CHECK ((closed_at IS NULL) = (note IS NULL))
);
CREATE TABLE ikgrant (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  kind TEXT NOT NULL CHECK (kind IN ('sow','piglet','cow','buffalo','goat',
    'chicken','duck','other')),
  what TEXT,
  count INTEGER NOT NULL CHECK (count > 0),
  unit_value INTEGER NOT NULL CHECK (unit_value >= 0),
  given_on TEXT NOT NULL,
  source TEXT NOT NULL,
  parent_id INTEGER REFERENCES ikgrant(id),
  obligation_id INTEGER,
  notes TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE ikgrant_event (
  id INTEGER PRIMARY KEY,
  grant_id INTEGER NOT NULL REFERENCES ikgrant(id),
  kind TEXT NOT NULL CHECK (kind IN ('died','sold','born','vaccinated','lost',
    'passed')),
  count INTEGER NOT NULL CHECK (count > 0),
  event_on TEXT NOT NULL,
  cause TEXT,
  price INTEGER CHECK (price >= 0),
  notes TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE ikgrant_oblig (
  id INTEGER PRIMARY KEY,
  grant_id INTEGER NOT NULL UNIQUE REFERENCES ikgrant(id),
  count INTEGER NOT NULL CHECK (count > 0),
  due_on TEXT NOT NULL,
  to_person_id INTEGER REFERENCES person(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE "inbox" (
  id INTEGER PRIMARY KEY,
  sender TEXT NOT NULL,
  person_id INTEGER REFERENCES person(id),
  sent_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  coding TEXT NOT NULL CHECK (coding IN ('gsm7','ucs2','8bit')),
  text TEXT NOT NULL,
  parts INTEGER NOT NULL DEFAULT 1,
  complete INTEGER NOT NULL DEFAULT 1,
  handled INTEGER NOT NULL DEFAULT 0,
  meaning TEXT,
  answers INTEGER REFERENCES outbox(id),
  help_case_id INTEGER REFERENCES help_case(id),
  read_at INTEGER,
  read_by TEXT,
  read_note TEXT,
  sender_hash BLOB,
  text_hash BLOB,
  UNIQUE (sender_hash, sent_at, text_hash)
);
CREATE TABLE "inbox_part" (
  id INTEGER PRIMARY KEY,
  sender TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  ref INTEGER NOT NULL,
  total INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  coding TEXT NOT NULL,
  text TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  inbox_id INTEGER REFERENCES inbox(id),
  sender_hash BLOB,
  UNIQUE (sender_hash, ref, total, seq, sent_at)
);
CREATE TABLE "inbox_quarantine" (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  location INTEGER NOT NULL,
  reason TEXT NOT NULL,
  raw TEXT,
  raw_hash BLOB,
  UNIQUE (raw_hash)
);
CREATE TABLE loan (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  group_id INTEGER REFERENCES grp(id),
  source TEXT NOT NULL,
  purpose TEXT,
  principal INTEGER NOT NULL CHECK (principal > 0),
  rate_ppm INTEGER NOT NULL CHECK (rate_ppm >= 0),
  rate_unit TEXT NOT NULL CHECK (rate_unit IN ('month','year')),
  term_months INTEGER NOT NULL,
  freq TEXT NOT NULL CHECK (freq IN ('monthly','quarterly','end')),
  method TEXT NOT NULL CHECK (method IN ('declining','flat')),
  grace_months INTEGER NOT NULL DEFAULT 0,
  disbursed_on TEXT NOT NULL,
  plan INTEGER NOT NULL DEFAULT 1,
  principal_paid INTEGER NOT NULL DEFAULT 0,
  written_off_on TEXT,
  writeoff_reason TEXT,
  created_at INTEGER NOT NULL
, interest TEXT NOT NULL DEFAULT 'schedule'
  CHECK (interest IN ('schedule','daily')));
CREATE TABLE loan_alloc (
  id INTEGER PRIMARY KEY,
  pay_id INTEGER NOT NULL REFERENCES loan_pay(id),
  inst_id INTEGER NOT NULL REFERENCES loan_inst(id),
  principal INTEGER NOT NULL,
  interest INTEGER NOT NULL
);
CREATE TABLE loan_inst (
  id INTEGER PRIMARY KEY,
  loan_id INTEGER NOT NULL REFERENCES loan(id),
  plan INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  due_on TEXT NOT NULL,
  principal INTEGER NOT NULL CHECK (principal >= 0),
  interest INTEGER NOT NULL CHECK (interest >= 0),
  void_on TEXT,
  principal_void INTEGER NOT NULL DEFAULT 0,
  interest_void INTEGER NOT NULL DEFAULT 0,
  paid_off_on TEXT, paid INTEGER NOT NULL DEFAULT 0,
  UNIQUE (loan_id, plan, seq)
);
CREATE TABLE loan_pay (
  id INTEGER PRIMARY KEY,
  loan_id INTEGER NOT NULL REFERENCES loan(id),
  paid_on TEXT NOT NULL,
  amount INTEGER NOT NULL,
  principal INTEGER NOT NULL,
  interest INTEGER NOT NULL,
  reverses INTEGER REFERENCES loan_pay(id),
  reversed_by INTEGER REFERENCES loan_pay(id),
  note TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE loan_plan (
  id INTEGER PRIMARY KEY,
  loan_id INTEGER NOT NULL REFERENCES loan(id),
  plan INTEGER NOT NULL,
  starts_on TEXT NOT NULL,
  principal INTEGER NOT NULL,
  rate_ppm INTEGER NOT NULL,
  rate_unit TEXT NOT NULL CHECK (rate_unit IN ('month','year')),
  term_months INTEGER NOT NULL,
  freq TEXT NOT NULL CHECK (freq IN ('monthly','quarterly','end')),
  method TEXT NOT NULL CHECK (method IN ('declining','flat')),
  grace_months INTEGER NOT NULL DEFAULT 0,
  reason TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (loan_id, plan)
);
CREATE TABLE loan_ref (
  ref TEXT PRIMARY KEY COLLATE NOCASE,
  loan_id INTEGER NOT NULL UNIQUE REFERENCES loan(id)
);
CREATE TABLE loan_waive (
  id INTEGER PRIMARY KEY,
  pay_id INTEGER NOT NULL REFERENCES loan_pay(id),
  inst_id INTEGER NOT NULL REFERENCES loan_inst(id),
  interest INTEGER NOT NULL CHECK (interest > 0)
);
CREATE TABLE login_failure (
  addr TEXT PRIMARY KEY,
  failures INTEGER NOT NULL CHECK (failures >= 0),
  last_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE meeting (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES grp(id),
  held_on TEXT NOT NULL,
  orig_on TEXT,
  extra INTEGER NOT NULL DEFAULT 0 CHECK (extra IN (0,1)),
  topic TEXT,
  created_at INTEGER NOT NULL,
  UNIQUE (group_id, held_on)
);
CREATE TABLE membership (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES grp(id),
  person_id INTEGER NOT NULL REFERENCES person(id),
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member','leader','treasurer')),
  joined_on TEXT NOT NULL,
  left_on TEXT,
  leave_reason TEXT
);
CREATE TABLE modem_health (
  name TEXT PRIMARY KEY,
  connected INTEGER NOT NULL,
  connected_since INTEGER,
  signal INTEGER,
  operator TEXT,
  registered INTEGER,
  no_network_since INTEGER,
  sim_used INTEGER,
  sim_size INTEGER,
  balance INTEGER,
  balance_at INTEGER,
  last_error TEXT,
  fails_in_row INTEGER NOT NULL DEFAULT 0,
  pace REAL,
  problem TEXT,
  alerted_at INTEGER,
  pin_refused INTEGER,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE modem_notice (
  id INTEGER PRIMARY KEY,
  modem TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('balance_low','no_network','sim_full','failing','pin_refused','unreadable')),
  since INTEGER NOT NULL,
  n INTEGER,
  total INTEGER,
  upto INTEGER,
  cleared_at INTEGER,
  seen_at INTEGER,
  seen_by TEXT
);
CREATE TABLE modem_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  connected INTEGER NOT NULL,
  signal INTEGER,
  sim_used INTEGER,
  sim_size INTEGER,
  last_error TEXT,
  updated_at INTEGER NOT NULL
, pin_refused INTEGER);
CREATE TABLE need (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('identified','referred','met')),
  referred_to TEXT,
  identified_on TEXT NOT NULL,
  referred_on TEXT,
  met_on TEXT,
  notes TEXT,
  UNIQUE (person_id, kind)
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  recipient TEXT NOT NULL,
  person_id INTEGER REFERENCES person(id),
  kind TEXT NOT NULL CHECK (kind IN ('meeting','loan','checkin','alert','manual','reply')),
  subject TEXT,
  occasion TEXT,
  text TEXT NOT NULL,
  coding TEXT NOT NULL CHECK (coding IN ('gsm7','ucs2')),
  parts INTEGER NOT NULL CHECK (parts >= 1),
  concat_ref INTEGER NOT NULL CHECK (concat_ref BETWEEN 0 AND 255),
  not_before INTEGER NOT NULL,
  expires_at INTEGER,
  state TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued','sending','sent','failed','expired','cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_try INTEGER NOT NULL,
  tried_at INTEGER,
  last_error TEXT,
  queued_at INTEGER NOT NULL,
  sent_at INTEGER,
  tpmr INTEGER,
  delivery TEXT CHECK (delivery IN ('delivered','pending','failed')),
  delivery_at INTEGER
, parts_done INTEGER NOT NULL DEFAULT 0, delivery_error TEXT, modem TEXT, answered INTEGER NOT NULL DEFAULT 0, recipient_hash BLOB);
CREATE TABLE outbox_part (
  outbox_id INTEGER NOT NULL REFERENCES outbox(id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  tpmr INTEGER NOT NULL CHECK (tpmr BETWEEN 0 AND 255),
  sent_at INTEGER NOT NULL,
  delivery TEXT CHECK (delivery IN ('delivered','pending','failed')),
  delivery_at INTEGER,
  reason TEXT, recipient_hash BLOB,
  PRIMARY KEY (outbox_id, seq)
) WITHOUT ROWID;
CREATE TABLE pay_month (
  month TEXT NOT NULL,
  province TEXT NOT NULL,
  district TEXT NOT NULL,
  commune TEXT NOT NULL,
  amount INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (month, province, district, commune)
) WITHOUT ROWID;
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  case_code TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL,
  name_fold TEXT NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('female','male','other')),
  birth_year INTEGER,
  phone TEXT,
  village TEXT, commune TEXT, district TEXT, province TEXT,
  category TEXT NOT NULL,
  route TEXT,
  returned_on TEXT,
  guardian_id INTEGER REFERENCES person(id),
  sms_consent INTEGER NOT NULL DEFAULT 0,
  consent_on TEXT,
  sms_coding TEXT CHECK (sms_coding IN ('keep','strip','auto')),
  notes TEXT,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
  closed_on TEXT,
  close_reason TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
, checkin_days INTEGER
  CHECK (checkin_days BETWEEN 0 AND 365), erased_on TEXT, phone_hash BLOB, name_hash BLOB);
CREATE TABLE sched_exception (
  id INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES grp(id),
  orig_on TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('move','cancel')),
  new_on TEXT,
  new_start_min INTEGER CHECK (new_start_min BETWEEN 0 AND 1439),
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (group_id, orig_on),
  CHECK ((action = 'move') = (new_on IS NOT NULL))
);
CREATE TABLE session (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  csrf TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account(id),
  created_at INTEGER NOT NULL,
  last_used INTEGER NOT NULL
);
CREATE TABLE sms_form (
  id INTEGER PRIMARY KEY,
  inbox_id INTEGER NOT NULL UNIQUE REFERENCES inbox(id),
  account_id INTEGER NOT NULL REFERENCES account(id),
  sender TEXT NOT NULL,
  text TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('hop','tra','tham','huy','hd','unknown')),
  outcome TEXT NOT NULL CHECK (outcome IN ('recorded','refused','undone','duplicate','limited','answered')),
  entity TEXT CHECK (entity IN ('meeting','loan_pay','visit')),
  entity_id INTEGER,
  group_id INTEGER REFERENCES grp(id),
  day TEXT,
  reply TEXT,
  received_at INTEGER NOT NULL,
  undone_at INTEGER
, sender_hash BLOB, text_hash BLOB);
CREATE TABLE support (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  type TEXT NOT NULL,
  given_on TEXT NOT NULL,
  value INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),
  source TEXT NOT NULL,
  notes TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE visit (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  visit_on TEXT NOT NULL,
  visitor TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('home','phone','meeting')),
  situation TEXT NOT NULL CHECK (situation IN ('stable','needs-support',
    'at-risk','not-reached')),
  needs TEXT,
  notes TEXT,
  next_on TEXT,
  created_at INTEGER NOT NULL
);
CREATE TABLE visit_plan (
  person_id INTEGER PRIMARY KEY REFERENCES person(id),
  every_days INTEGER NOT NULL CHECK (every_days > 0),
  until_on TEXT,
  set_on TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TRIGGER att_month_del AFTER DELETE ON attendance BEGIN
  UPDATE att_month SET present = present - (old.status = 'present'),
    late = late - (old.status = 'late'),
    excused = excused - (old.status = 'excused'),
    absent = absent - (old.status = 'absent')
    WHERE (month, group_id) = (SELECT substr(held_on, 1, 7), group_id
      FROM meeting WHERE id = old.meeting_id);
END;
CREATE TRIGGER att_month_ins AFTER INSERT ON attendance BEGIN
  INSERT INTO att_month (month, group_id, present, late, excused, absent)
    SELECT substr(m.held_on, 1, 7), m.group_id, new.status = 'present',
    new.status = 'late', new.status = 'excused', new.status = 'absent'
    FROM meeting m WHERE m.id = new.meeting_id
    ON CONFLICT DO UPDATE SET present = present + excluded.present,
    late = late + excluded.late, excused = excused + excluded.excused,
    absent = absent + excluded.absent;
END;
CREATE TRIGGER att_month_meeting_del AFTER DELETE ON meeting BEGIN
  UPDATE att_month SET meetings = meetings - 1
    WHERE month = substr(old.held_on, 1, 7) AND group_id = old.group_id;
END;
CREATE TRIGGER att_month_meeting_ins AFTER INSERT ON meeting BEGIN
  INSERT INTO att_month (month, group_id, meetings)
    VALUES (substr(new.held_on, 1, 7), new.group_id, 1)
    ON CONFLICT DO UPDATE SET meetings = meetings + 1;
END;
CREATE TRIGGER att_month_meeting_upd AFTER UPDATE OF held_on, group_id
  ON meeting BEGIN
  UPDATE att_month SET meetings = meetings - 1,
    present = present - (SELECT count(*) FROM attendance
      WHERE meeting_id = old.id AND status = 'present'),
    late = late - (SELECT count(*) FROM attendance
      WHERE meeting_id = old.id AND status = 'late'),
    excused = excused - (SELECT count(*) FROM attendance
      WHERE meeting_id = old.id AND status = 'excused'),
    absent = absent - (SELECT count(*) FROM attendance
      WHERE meeting_id = old.id AND status = 'absent')
    WHERE month = substr(old.held_on, 1, 7) AND group_id = old.group_id;
  INSERT INTO att_month (month, group_id, meetings, present, late, excused,
    absent) SELECT substr(new.held_on, 1, 7), new.group_id, 1,
    count(a.status = 'present' OR NULL), count(a.status = 'late' OR NULL),
    count(a.status = 'excused' OR NULL), count(a.status = 'absent' OR NULL)
    FROM (SELECT 1) LEFT JOIN attendance a ON a.meeting_id = new.id
    WHERE 1 ON CONFLICT DO UPDATE SET meetings = meetings + 1,
    present = present + excluded.present, late = late + excluded.late,
    excused = excused + excluded.excused, absent = absent + excluded.absent;
END;
CREATE TRIGGER att_month_upd AFTER UPDATE OF status, meeting_id
  ON attendance BEGIN
  UPDATE att_month SET present = present - (old.status = 'present'),
    late = late - (old.status = 'late'),
    excused = excused - (old.status = 'excused'),
    absent = absent - (old.status = 'absent')
    WHERE (month, group_id) = (SELECT substr(held_on, 1, 7), group_id
      FROM meeting WHERE id = old.meeting_id);
  INSERT INTO att_month (month, group_id, present, late, excused, absent)
    SELECT substr(m.held_on, 1, 7), m.group_id, new.status = 'present',
    new.status = 'late', new.status = 'excused', new.status = 'absent'
    FROM meeting m WHERE m.id = new.meeting_id
    ON CONFLICT DO UPDATE SET present = present + excluded.present,
    late = late + excluded.late, excused = excused + excluded.excused,
    absent = absent + excluded.absent;
END;
CREATE TRIGGER change_account_group_d AFTER DELETE ON account_group BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'account_group'; END;
CREATE TRIGGER change_account_group_i AFTER INSERT ON account_group BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'account_group'; END;
CREATE TRIGGER change_account_group_u AFTER UPDATE ON account_group BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'account_group'; END;
CREATE TRIGGER change_attendance_d AFTER DELETE ON attendance BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'attendance'; END;
CREATE TRIGGER change_attendance_i AFTER INSERT ON attendance BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'attendance'; END;
CREATE TRIGGER change_attendance_u AFTER UPDATE ON attendance BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'attendance'; END;
CREATE TRIGGER change_case_prefix_d AFTER DELETE ON case_prefix BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'case_prefix'; END;
CREATE TRIGGER change_case_prefix_i AFTER INSERT ON case_prefix BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'case_prefix'; END;
CREATE TRIGGER change_case_prefix_u AFTER UPDATE ON case_prefix BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'case_prefix'; END;
CREATE TRIGGER change_grp_d AFTER DELETE ON grp BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'grp'; END;
CREATE TRIGGER change_grp_i AFTER INSERT ON grp BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'grp'; END;
CREATE TRIGGER change_grp_u AFTER UPDATE ON grp BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'grp'; END;
CREATE TRIGGER change_help_case_d AFTER DELETE ON help_case BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'help_case'; END;
CREATE TRIGGER change_help_case_i AFTER INSERT ON help_case BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'help_case'; END;
CREATE TRIGGER change_help_case_u AFTER UPDATE ON help_case BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'help_case'; END;
CREATE TRIGGER change_ikgrant_d AFTER DELETE ON ikgrant BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant'; END;
CREATE TRIGGER change_ikgrant_event_d AFTER DELETE ON ikgrant_event BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant_event'; END;
CREATE TRIGGER change_ikgrant_event_i AFTER INSERT ON ikgrant_event BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant_event'; END;
CREATE TRIGGER change_ikgrant_event_u AFTER UPDATE ON ikgrant_event BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant_event'; END;
CREATE TRIGGER change_ikgrant_i AFTER INSERT ON ikgrant BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant'; END;
CREATE TRIGGER change_ikgrant_oblig_d AFTER DELETE ON ikgrant_oblig BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant_oblig'; END;
CREATE TRIGGER change_ikgrant_oblig_i AFTER INSERT ON ikgrant_oblig BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant_oblig'; END;
CREATE TRIGGER change_ikgrant_oblig_u AFTER UPDATE ON ikgrant_oblig BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant_oblig'; END;
CREATE TRIGGER change_ikgrant_u AFTER UPDATE ON ikgrant BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'ikgrant'; END;
CREATE TRIGGER change_inbox_d AFTER DELETE ON inbox BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox'; END;
CREATE TRIGGER change_inbox_i AFTER INSERT ON inbox BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox'; END;
CREATE TRIGGER change_inbox_part_d AFTER DELETE ON inbox_part BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox_part'; END;
CREATE TRIGGER change_inbox_part_i AFTER INSERT ON inbox_part BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox_part'; END;
CREATE TRIGGER change_inbox_part_u AFTER UPDATE ON inbox_part BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox_part'; END;
CREATE TRIGGER change_inbox_quarantine_d AFTER DELETE ON inbox_quarantine BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox_quarantine'; END;
CREATE TRIGGER change_inbox_quarantine_i AFTER INSERT ON inbox_quarantine BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox_quarantine'; END;
CREATE TRIGGER change_inbox_quarantine_u AFTER UPDATE ON inbox_quarantine BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox_quarantine'; END;
CREATE TRIGGER change_inbox_u AFTER UPDATE ON inbox BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'inbox'; END;
CREATE TRIGGER change_loan_alloc_d AFTER DELETE ON loan_alloc BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_alloc'; END;
CREATE TRIGGER change_loan_alloc_i AFTER INSERT ON loan_alloc BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_alloc'; END;
CREATE TRIGGER change_loan_alloc_u AFTER UPDATE ON loan_alloc BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_alloc'; END;
CREATE TRIGGER change_loan_d AFTER DELETE ON loan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan'; END;
CREATE TRIGGER change_loan_i AFTER INSERT ON loan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan'; END;
CREATE TRIGGER change_loan_inst_d AFTER DELETE ON loan_inst BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_inst'; END;
CREATE TRIGGER change_loan_inst_i AFTER INSERT ON loan_inst BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_inst'; END;
CREATE TRIGGER change_loan_inst_u AFTER UPDATE ON loan_inst BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_inst'; END;
CREATE TRIGGER change_loan_pay_d AFTER DELETE ON loan_pay BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_pay'; END;
CREATE TRIGGER change_loan_pay_i AFTER INSERT ON loan_pay BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_pay'; END;
CREATE TRIGGER change_loan_pay_u AFTER UPDATE ON loan_pay BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_pay'; END;
CREATE TRIGGER change_loan_plan_d AFTER DELETE ON loan_plan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_plan'; END;
CREATE TRIGGER change_loan_plan_i AFTER INSERT ON loan_plan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_plan'; END;
CREATE TRIGGER change_loan_plan_u AFTER UPDATE ON loan_plan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_plan'; END;
CREATE TRIGGER change_loan_ref_d AFTER DELETE ON loan_ref BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_ref'; END;
CREATE TRIGGER change_loan_ref_i AFTER INSERT ON loan_ref BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_ref'; END;
CREATE TRIGGER change_loan_ref_u AFTER UPDATE ON loan_ref BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_ref'; END;
CREATE TRIGGER change_loan_u AFTER UPDATE ON loan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan'; END;
CREATE TRIGGER change_loan_waive_d AFTER DELETE ON loan_waive BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_waive'; END;
CREATE TRIGGER change_loan_waive_i AFTER INSERT ON loan_waive BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_waive'; END;
CREATE TRIGGER change_loan_waive_u AFTER UPDATE ON loan_waive BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'loan_waive'; END;
CREATE TRIGGER change_meeting_d AFTER DELETE ON meeting BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'meeting'; END;
CREATE TRIGGER change_meeting_i AFTER INSERT ON meeting BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'meeting'; END;
CREATE TRIGGER change_meeting_u AFTER UPDATE ON meeting BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'meeting'; END;
CREATE TRIGGER change_membership_d AFTER DELETE ON membership BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'membership'; END;
CREATE TRIGGER change_membership_i AFTER INSERT ON membership BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'membership'; END;
CREATE TRIGGER change_membership_u AFTER UPDATE ON membership BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'membership'; END;
CREATE TRIGGER change_need_d AFTER DELETE ON need BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'need'; END;
CREATE TRIGGER change_need_i AFTER INSERT ON need BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'need'; END;
CREATE TRIGGER change_need_u AFTER UPDATE ON need BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'need'; END;
CREATE TRIGGER change_outbox_checkin_d AFTER DELETE ON outbox WHEN (old.kind = 'checkin' AND old.state = 'sent') BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox_checkin'; END;
CREATE TRIGGER change_outbox_checkin_i AFTER INSERT ON outbox WHEN (new.kind = 'checkin' AND new.state = 'sent') BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox_checkin'; END;
CREATE TRIGGER change_outbox_checkin_u AFTER UPDATE ON outbox WHEN (new.kind = 'checkin' AND new.state = 'sent') OR (old.kind = 'checkin' AND old.state = 'sent') BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox_checkin'; END;
CREATE TRIGGER change_outbox_d AFTER DELETE ON outbox BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox'; END;
CREATE TRIGGER change_outbox_i AFTER INSERT ON outbox BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox'; END;
CREATE TRIGGER change_outbox_part_d AFTER DELETE ON outbox_part BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox_part'; END;
CREATE TRIGGER change_outbox_part_i AFTER INSERT ON outbox_part BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox_part'; END;
CREATE TRIGGER change_outbox_part_u AFTER UPDATE ON outbox_part BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox_part'; END;
CREATE TRIGGER change_outbox_u AFTER UPDATE ON outbox BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'outbox'; END;
CREATE TRIGGER change_person_d AFTER DELETE ON person BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'person'; END;
CREATE TRIGGER change_person_i AFTER INSERT ON person BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'person'; END;
CREATE TRIGGER change_person_u AFTER UPDATE ON person BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'person'; END;
CREATE TRIGGER change_sched_exception_d AFTER DELETE ON sched_exception BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'sched_exception'; END;
CREATE TRIGGER change_sched_exception_i AFTER INSERT ON sched_exception BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'sched_exception'; END;
CREATE TRIGGER change_sched_exception_u AFTER UPDATE ON sched_exception BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'sched_exception'; END;
CREATE TRIGGER change_sms_form_d AFTER DELETE ON sms_form BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'sms_form'; END;
CREATE TRIGGER change_sms_form_i AFTER INSERT ON sms_form BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'sms_form'; END;
CREATE TRIGGER change_sms_form_u AFTER UPDATE ON sms_form BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'sms_form'; END;
CREATE TRIGGER change_support_d AFTER DELETE ON support BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'support'; END;
CREATE TRIGGER change_support_i AFTER INSERT ON support BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'support'; END;
CREATE TRIGGER change_support_u AFTER UPDATE ON support BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'support'; END;
CREATE TRIGGER change_visit_d AFTER DELETE ON visit BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'visit'; END;
CREATE TRIGGER change_visit_i AFTER INSERT ON visit BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'visit'; END;
CREATE TRIGGER change_visit_plan_d AFTER DELETE ON visit_plan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'visit_plan'; END;
CREATE TRIGGER change_visit_plan_i AFTER INSERT ON visit_plan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'visit_plan'; END;
CREATE TRIGGER change_visit_plan_u AFTER UPDATE ON visit_plan BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'visit_plan'; END;
CREATE TRIGGER change_visit_u AFTER UPDATE ON visit BEGIN UPDATE change_count SET n = n + 1 WHERE tbl = 'visit'; END;
CREATE TRIGGER checkin_next_person_added AFTER INSERT ON person
BEGIN
  DELETE FROM checkin_next WHERE person_id = NEW.id;
  INSERT INTO checkin_next (person_id, last, days, due)
  SELECT NEW.id, l.last, NEW.checkin_days, CASE WHEN NEW.checkin_days IS NULL THEN NULL ELSE date(l.last, '+' || NEW.checkin_days || ' days') END
  FROM (SELECT max(coalesce((SELECT max(o.occasion) FROM outbox o WHERE o.kind = 'checkin' AND o.subject = 'checkin' AND o.person_id = NEW.id), ''), coalesce(NEW.consent_on, date(NEW.created_at, 'unixepoch'))) AS last) l
  WHERE NEW.status = 'active' AND NEW.sms_consent = 1 AND coalesce(NEW.phone, '') != '' AND coalesce(NEW.checkin_days, 1) > 0 AND l.last IS NOT NULL;
END;
CREATE TRIGGER checkin_next_person_changed AFTER UPDATE OF status, sms_consent, phone, consent_on, checkin_days, created_at ON person
BEGIN
  DELETE FROM checkin_next WHERE person_id = NEW.id;
  INSERT INTO checkin_next (person_id, last, days, due)
  SELECT NEW.id, l.last, NEW.checkin_days, CASE WHEN NEW.checkin_days IS NULL THEN NULL ELSE date(l.last, '+' || NEW.checkin_days || ' days') END
  FROM (SELECT max(coalesce((SELECT max(o.occasion) FROM outbox o WHERE o.kind = 'checkin' AND o.subject = 'checkin' AND o.person_id = NEW.id), ''), coalesce(NEW.consent_on, date(NEW.created_at, 'unixepoch'))) AS last) l
  WHERE NEW.status = 'active' AND NEW.sms_consent = 1 AND coalesce(NEW.phone, '') != '' AND coalesce(NEW.checkin_days, 1) > 0 AND l.last IS NOT NULL;
END;
CREATE TRIGGER checkin_next_queued AFTER INSERT ON outbox
WHEN NEW.kind = 'checkin' AND NEW.subject = 'checkin' AND NEW.person_id IS NOT NULL AND NEW.occasion IS NOT NULL
BEGIN
  UPDATE checkin_next SET last = max(last, NEW.occasion), due = CASE WHEN days IS NULL THEN NULL ELSE date(max(last, NEW.occasion), '+' || days || ' days') END
  WHERE person_id = NEW.person_id;
END;
CREATE TRIGGER due_month_del AFTER DELETE ON loan_inst BEGIN
  UPDATE due_month SET due = due_month.due - x.due
    FROM (SELECT substr(old.due_on, 1, 7) AS month,
    coalesce(pe.province, '') AS province, coalesce(pe.district, '')
    AS district, coalesce(pe.commune, '') AS commune,
    old.principal + old.interest - CASE WHEN old.void_on <= old.due_on
    THEN old.principal_void + old.interest_void ELSE 0 END AS due
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = old.loan_id AND (l.written_off_on IS NULL
    OR l.written_off_on > old.due_on)) x
    WHERE due_month.month = x.month AND due_month.province = x.province
    AND due_month.district = x.district AND due_month.commune = x.commune;
END;
CREATE TRIGGER due_month_ins AFTER INSERT ON loan_inst BEGIN
  INSERT INTO due_month (month, province, district, commune, due)
    SELECT substr(new.due_on, 1, 7), coalesce(pe.province, ''),
    coalesce(pe.district, ''), coalesce(pe.commune, ''),
    new.principal + new.interest - CASE WHEN new.void_on <= new.due_on
    THEN new.principal_void + new.interest_void ELSE 0 END
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = new.loan_id AND (l.written_off_on IS NULL
    OR l.written_off_on > new.due_on)
    ON CONFLICT DO UPDATE SET due = due + excluded.due;
END;
CREATE TRIGGER due_month_person AFTER UPDATE OF province, district, commune
  ON person WHEN old.province IS NOT new.province
  OR old.district IS NOT new.district OR old.commune IS NOT new.commune BEGIN
  UPDATE due_month SET due = due_month.due - x.due
    FROM (SELECT substr(i.due_on, 1, 7) AS month, sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END) AS due
      FROM loan l JOIN loan_inst i ON i.loan_id = l.id
      WHERE l.person_id = old.id
      AND (l.written_off_on IS NULL OR l.written_off_on > i.due_on)
      GROUP BY 1) x
    WHERE due_month.month = x.month
    AND due_month.province = coalesce(old.province, '')
    AND due_month.district = coalesce(old.district, '')
    AND due_month.commune = coalesce(old.commune, '');
  INSERT INTO due_month (month, province, district, commune, due)
    SELECT substr(i.due_on, 1, 7), coalesce(new.province, ''),
    coalesce(new.district, ''), coalesce(new.commune, ''), sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END)
    FROM loan l JOIN loan_inst i ON i.loan_id = l.id
    WHERE l.person_id = new.id
    AND (l.written_off_on IS NULL OR l.written_off_on > i.due_on)
    GROUP BY 1
    ON CONFLICT DO UPDATE SET due = due + excluded.due;
END;
CREATE TRIGGER due_month_upd AFTER UPDATE OF loan_id, due_on, principal,
  interest, void_on, principal_void, interest_void ON loan_inst BEGIN
  UPDATE due_month SET due = due_month.due - x.due
    FROM (SELECT substr(old.due_on, 1, 7) AS month,
    coalesce(pe.province, '') AS province, coalesce(pe.district, '')
    AS district, coalesce(pe.commune, '') AS commune,
    old.principal + old.interest - CASE WHEN old.void_on <= old.due_on
    THEN old.principal_void + old.interest_void ELSE 0 END AS due
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = old.loan_id AND (l.written_off_on IS NULL
    OR l.written_off_on > old.due_on)) x
    WHERE due_month.month = x.month AND due_month.province = x.province
    AND due_month.district = x.district AND due_month.commune = x.commune;
  INSERT INTO due_month (month, province, district, commune, due)
    SELECT substr(new.due_on, 1, 7), coalesce(pe.province, ''),
    coalesce(pe.district, ''), coalesce(pe.commune, ''),
    new.principal + new.interest - CASE WHEN new.void_on <= new.due_on
    THEN new.principal_void + new.interest_void ELSE 0 END
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = new.loan_id AND (l.written_off_on IS NULL
    OR l.written_off_on > new.due_on)
    ON CONFLICT DO UPDATE SET due = due + excluded.due;
END;
CREATE TRIGGER due_month_writeoff AFTER UPDATE OF written_off_on, person_id
  ON loan BEGIN
  UPDATE due_month SET due = due_month.due - x.due
    FROM (SELECT substr(i.due_on, 1, 7) AS month, sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END) AS due
      FROM loan_inst i WHERE i.loan_id = old.id
      AND (old.written_off_on IS NULL OR old.written_off_on > i.due_on)
      GROUP BY 1) x, person pe
    WHERE pe.id = old.person_id AND due_month.month = x.month
    AND due_month.province = coalesce(pe.province, '')
    AND due_month.district = coalesce(pe.district, '')
    AND due_month.commune = coalesce(pe.commune, '');
  INSERT INTO due_month (month, province, district, commune, due)
    SELECT substr(i.due_on, 1, 7), coalesce(pe.province, ''),
    coalesce(pe.district, ''), coalesce(pe.commune, ''), sum(i.principal + i.interest - CASE WHEN i.void_on <= i.due_on THEN i.principal_void + i.interest_void ELSE 0 END)
    FROM loan_inst i, person pe WHERE i.loan_id = new.id
    AND pe.id = new.person_id
    AND (new.written_off_on IS NULL OR new.written_off_on > i.due_on)
    GROUP BY 1, 2, 3, 4
    ON CONFLICT DO UPDATE SET due = due + excluded.due;
END;
CREATE TRIGGER inst_paid_alloc_del AFTER DELETE ON loan_alloc BEGIN
  UPDATE loan_inst SET paid = (SELECT coalesce(sum(a.principal + a.interest), 0) FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = loan_inst.id AND p.reverses IS NULL AND p.reversed_by IS NULL) WHERE id = old.inst_id;
END;
CREATE TRIGGER inst_paid_alloc_ins AFTER INSERT ON loan_alloc BEGIN
  UPDATE loan_inst SET paid = (SELECT coalesce(sum(a.principal + a.interest), 0) FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = loan_inst.id AND p.reverses IS NULL AND p.reversed_by IS NULL) WHERE id = new.inst_id;
END;
CREATE TRIGGER inst_paid_alloc_upd AFTER UPDATE OF pay_id, inst_id,
  principal, interest ON loan_alloc BEGIN
  UPDATE loan_inst SET paid = (SELECT coalesce(sum(a.principal + a.interest), 0) FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = loan_inst.id AND p.reverses IS NULL AND p.reversed_by IS NULL) WHERE id IN (old.inst_id, new.inst_id);
END;
CREATE TRIGGER inst_paid_pay_del AFTER DELETE ON loan_pay BEGIN
  UPDATE loan_inst SET paid = (SELECT coalesce(sum(a.principal + a.interest), 0) FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = loan_inst.id AND p.reverses IS NULL AND p.reversed_by IS NULL) WHERE id IN (SELECT inst_id FROM loan_alloc WHERE pay_id = old.id);
END;
CREATE TRIGGER inst_paid_pay_ins AFTER INSERT ON loan_pay
  WHEN new.reverses IS NULL AND new.reversed_by IS NULL BEGIN
  UPDATE loan_inst SET paid = (SELECT coalesce(sum(a.principal +
    a.interest), 0) FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id
    WHERE a.inst_id = loan_inst.id AND p.reverses IS NULL
    AND p.reversed_by IS NULL)
    WHERE id IN (SELECT inst_id FROM loan_alloc WHERE pay_id = new.id);
END;
CREATE TRIGGER inst_paid_pay_upd AFTER UPDATE OF reverses, reversed_by
  ON loan_pay BEGIN
  UPDATE loan_inst SET paid = (SELECT coalesce(sum(a.principal + a.interest), 0) FROM loan_alloc a JOIN loan_pay p ON p.id = a.pay_id WHERE a.inst_id = loan_inst.id AND p.reverses IS NULL AND p.reversed_by IS NULL) WHERE id IN (SELECT inst_id FROM loan_alloc WHERE pay_id = new.id);
END;
CREATE TRIGGER outbox_answered_del AFTER DELETE ON inbox
  WHEN old.answers IS NOT NULL BEGIN
  UPDATE outbox SET answered = EXISTS (SELECT 1 FROM inbox i
    WHERE i.answers = outbox.id) WHERE id = old.answers;
END;
CREATE TRIGGER outbox_answered_ins AFTER INSERT ON inbox
  WHEN new.answers IS NOT NULL BEGIN
  UPDATE outbox SET answered = 1 WHERE id = new.answers AND answered = 0;
END;
CREATE TRIGGER outbox_answered_upd AFTER UPDATE OF answers ON inbox
  WHEN old.answers IS NOT new.answers BEGIN
  UPDATE outbox SET answered = EXISTS (SELECT 1 FROM inbox i
    WHERE i.answers = outbox.id) WHERE id IN (old.answers, new.answers);
END;
CREATE TRIGGER pay_month_del AFTER DELETE ON loan_pay
  WHEN old.reverses IS NULL AND old.reversed_by IS NULL BEGIN
  UPDATE pay_month SET amount = amount - old.amount
    WHERE (month, province, district, commune) =
    (SELECT substr(old.paid_on, 1, 7), coalesce(pe.province, ''),
    coalesce(pe.district, ''), coalesce(pe.commune, '')
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = old.loan_id);
END;
CREATE TRIGGER pay_month_ins AFTER INSERT ON loan_pay
  WHEN new.reverses IS NULL AND new.reversed_by IS NULL BEGIN
  INSERT INTO pay_month (month, province, district, commune, amount)
    SELECT substr(new.paid_on, 1, 7), coalesce(pe.province, ''),
    coalesce(pe.district, ''), coalesce(pe.commune, ''), new.amount
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = new.loan_id
    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER pay_month_person AFTER UPDATE OF province, district, commune
  ON person WHEN old.province IS NOT new.province
  OR old.district IS NOT new.district OR old.commune IS NOT new.commune BEGIN
  UPDATE pay_month SET amount = pay_month.amount - p.amount
    FROM (SELECT substr(lp.paid_on, 1, 7) AS month, sum(lp.amount) AS amount
      FROM loan l JOIN loan_pay lp ON lp.loan_id = l.id
      WHERE l.person_id = old.id AND lp.reverses IS NULL
      AND lp.reversed_by IS NULL GROUP BY 1) p
    WHERE pay_month.month = p.month
    AND pay_month.province = coalesce(old.province, '')
    AND pay_month.district = coalesce(old.district, '')
    AND pay_month.commune = coalesce(old.commune, '');
  INSERT INTO pay_month (month, province, district, commune, amount)
    SELECT substr(lp.paid_on, 1, 7), coalesce(new.province, ''),
    coalesce(new.district, ''), coalesce(new.commune, ''), sum(lp.amount)
    FROM loan l JOIN loan_pay lp ON lp.loan_id = l.id
    WHERE l.person_id = new.id AND lp.reverses IS NULL
    AND lp.reversed_by IS NULL GROUP BY 1
    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER pay_month_upd_new AFTER UPDATE OF loan_id, paid_on, amount,
  reverses, reversed_by ON loan_pay
  WHEN new.reverses IS NULL AND new.reversed_by IS NULL BEGIN
  INSERT INTO pay_month (month, province, district, commune, amount)
    SELECT substr(new.paid_on, 1, 7), coalesce(pe.province, ''),
    coalesce(pe.district, ''), coalesce(pe.commune, ''), new.amount
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = new.loan_id
    ON CONFLICT DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER pay_month_upd_old AFTER UPDATE OF loan_id, paid_on, amount,
  reverses, reversed_by ON loan_pay
  WHEN old.reverses IS NULL AND old.reversed_by IS NULL BEGIN
  UPDATE pay_month SET amount = amount - old.amount
    WHERE (month, province, district, commune) =
    (SELECT substr(old.paid_on, 1, 7), coalesce(pe.province, ''),
    coalesce(pe.district, ''), coalesce(pe.commune, '')
    FROM loan l JOIN person pe ON pe.id = l.person_id
    WHERE l.id = old.loan_id);
END;
