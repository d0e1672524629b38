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
"  created_at INTEGER NOT NULL\n"
");\n"
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
"CREATE INDEX membership_person ON membership(person_id);\n";

/* 3: loans, in-kind grants and follow-up visits. */
static const char v3_livelihood[] =
"-- loans, grants, visits\n";

/* 4: the SMS outbox and inbox. */
static const char v4_sms[] =
"-- sms\n";

static const char *const migrations[] = {
	v1_core,
	v2_groups,
	v3_livelihood,
	v4_sms,
};

const char *const *
schema_migrations(int *n)
{
	*n = (int)NELEM(migrations);
	return migrations;
}
