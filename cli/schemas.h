/*
 * schemas.h - the program's database schema: every module that owns
 * tables, handed to the database layer in a fixed order (core/db.h).
 * shg, the tests and the benchmarks call schemas_use() before opening a
 * database.
 */
#ifndef SHG_SCHEMAS_H
#define SHG_SCHEMAS_H

void schemas_use(void);

#endif
