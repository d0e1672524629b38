/*
 * groups/schema.h - the tables of groups/ (groups, membership, schedules,
 * meetings, attendance, loans, in-kind grants) as parts of the numbered
 * migrations (core/db.h).
 */
#ifndef SHG_GROUPS_SCHEMA_H
#define SHG_GROUPS_SCHEMA_H

#include "core/db.h"

extern const struct db_schema groups_schema;

#endif
