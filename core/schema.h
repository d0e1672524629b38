/*
 * schema.h - the numbered migrations that build the database.
 *
 * Migration N (1-based) brings a database from user_version N-1 to N. A
 * migration is never edited once released: a change is a new migration.
 */
#ifndef SHG_SCHEMA_H
#define SHG_SCHEMA_H

/* The migrations, in order; *n receives how many there are. */
const char *const *schema_migrations(int *n);

#endif
