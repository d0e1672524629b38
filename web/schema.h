/*
 * web/schema.h - what the web server keeps in the database for itself:
 * change counters that tell its cache (web/cache.h) which tables changed,
 * as parts of the numbered migrations (core/db.h).
 */
#ifndef SHG_WEB_SCHEMA_H
#define SHG_WEB_SCHEMA_H

#include "core/db.h"

extern const struct db_schema web_schema;

#endif
