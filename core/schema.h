/*
 * schema.h - the ground floor's tables (people, needs, support, visits,
 * help cases, accounts, the audit trail) as parts of the numbered
 * migrations; how migrations are made and where a new one goes: core/db.h.
 */
#ifndef SHG_SCHEMA_H
#define SHG_SCHEMA_H

#include "core/db.h"

extern const struct db_schema core_schema;

#endif
