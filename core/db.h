/*
 * db.h - the SQLite database: opening, migrations, statements, audit.
 *
 * One file, opened with foreign keys on, WAL, a busy timeout and mode 0600.
 * The schema is created and upgraded by numbered migrations recorded in
 * PRAGMA user_version; a database newer than this program is refused.
 *
 * All SQL is static text. db_prepare() caches statements by the address of
 * that text, so call it with string literals or static arrays only: a
 * statement is borrowed until db_reset(), and the same SQL text must not be
 * used twice at once (no nesting of one query inside itself).
 */
#ifndef SHG_DB_H
#define SHG_DB_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

struct db;

/*
 * Migrations. Each module that owns tables declares its parts of the
 * numbered migrations beside its code (core/schema.c, groups/schema.c,
 * sms/schema.c): a struct db_schema listing (version, sql) parts. The
 * program hands the modules, lowest floor first, to db_use_schema()
 * (cli/schemas.c) before opening a database. Migration N is the parts
 * numbered N of every module, in that order, run in one transaction that
 * also sets user_version to N; a database at version N-1 gets it when
 * opened.
 *
 * A new migration: add a part numbered one past the newest (see
 * db_schema_latest) to the schema file of the module that owns the table,
 * at the end of its parts[]; a migration that touches tables of several
 * modules gets one part in each. Released parts are never edited: a
 * change is a new migration. tests/test_db.c compares a fresh database
 * with tests/data/schema.sql, which a new migration updates.
 */
struct db_part {
	int version;            /* the migration it belongs to, from 1 */
	const char *sql;        /* static SQL, several statements */
};
struct db_schema {
	const char *module;     /* for messages: "core", "groups", "sms" */
	const struct db_part *parts;    /* ascending versions */
	int n;
	/* Static UPDATEs that (re-)encrypt the module's sealed columns and
	 * recompute its blind indexes with crypt_reseal, crypt_prev and
	 * crypt_blind (core/crypt.h), NULL-terminated; NULL for none. */
	const char *const *reseal;
};
/* The modules whose tables make the schema, in the order their parts of
 * one migration run; kept by reference (static data). */
void db_use_schema(const struct db_schema *const *mods, int n);
/* Run every module's reseal statements (inside the caller's
 * transaction). 0 or -1. */
int db_reseal(struct db *db);
/* Migration v's SQL, its modules' parts joined in order; the caller frees
 * it. NULL (with a message) when there is no such migration. */
char *db_migration_sql(int v);

/* A day number meaning "no date" (stored as NULL). */
#define DATE_NONE INT_MIN

/* Open (and create when missing) the database at path, then migrate it to
 * the newest schema. Returns 0, or -1 with a message (e.g. the file is a
 * newer schema than this program knows). */
int db_open(const char *path, struct db **out);
/* Open without creating: -1 with a message naming the path when the file
 * does not exist ("run shg init"). */
int db_open_existing(const char *path, struct db **out);
void db_close(struct db *db);

/*
 * Waiting for another writer. SQLite lets one connection write at a time;
 * a statement or db_begin() meeting another's write lock waits for it up
 * to seconds (DB_WAIT_DEFAULT after opening: what the service uses), and
 * after one second of waiting writes "waiting for another shg command to
 * finish…" once to notice (NULL: nothing). When the wait runs out the
 * call fails with a message saying the database is busy and for how long.
 * A command run by hand waits DB_WAIT_CLI: an import or a backup is let
 * finish.
 */
#define DB_WAIT_DEFAULT 5
#define DB_WAIT_CLI 300
void db_set_wait(struct db *db, int seconds, FILE *notice);
/* Let SQLite read the database file through a memory map of up to mb
 * megabytes instead of copying each page it reads into its own cache: a
 * report reading much of a province's 700 MB spends half its time in
 * those copies otherwise. For commands that end in seconds; the pages
 * mapped count in the process's resident size. 0 or -1 after error(). */
#define DB_MMAP_COMMAND_MB 4096
int db_set_mmap_mb(struct db *db, int mb);
sqlite3 *db_sqlite(struct db *db);
const char *db_path(struct db *db);

/* The schema version this program writes, and the file's. */
int db_schema_latest(void);
int db_schema_version(struct db *db);

/* Prepare (or fetch from the cache) a statement for static SQL. NULL with
 * a message on error. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql);
/* Bind parameters from 1 in order. Types: 'i' int64_t, 'd' int,
 * 'Z' int64_t and 'z' int that bind NULL when 0 (optional ids, unknown
 * years), 't' const char * (NULL binds NULL), 'D' a day number bound as
 * "YYYY-MM-DD" (DATE_NONE binds NULL), 'n' NULL (no argument). */
int db_bind(struct db *db, sqlite3_stmt *st, const char *types, ...);
/* Step: SQLITE_ROW, SQLITE_DONE, or -1 with a message (statement reset). */
int db_step(struct db *db, sqlite3_stmt *st);
/* Reset a statement and clear its bindings so it can be used again. */
void db_reset(sqlite3_stmt *st);
/* Prepare, bind, step once to completion and reset: for INSERT/UPDATE.
 * Returns 0 or -1. */
int db_run(struct db *db, const char *sql, const char *types, ...);
/* Run a query that yields one integer (first column of the first row);
 * *out = dflt when there is no row. Returns 0 or -1. */
int db_int(struct db *db, int64_t *out, int64_t dflt, const char *sql,
    const char *types, ...);
/* A number that differs from the one before whenever the database may
 * have changed in between: a commit by another connection (PRAGMA
 * data_version) or a change made through db itself. For caches of
 * derived figures. -1 on a database error. */
int64_t db_version(struct db *db);
/* Execute static SQL without parameters (several statements allowed). */
int db_exec(struct db *db, const char *sql);

/* Column helpers. db_col_date parses "YYYY-MM-DD" (DATE_NONE for NULL). */
const char *db_col_text(sqlite3_stmt *st, int col);    /* NULL for NULL */
char *db_col_dup(sqlite3_stmt *st, int col);  /* a copy, caller frees; NULL */
int db_col_date(sqlite3_stmt *st, int col);
int64_t db_col_int(sqlite3_stmt *st, int col);
int db_col_null(sqlite3_stmt *st, int col);

int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* A private working copy: copy the whole of db as it stands (one read
 * transaction: other connections go on writing meanwhile) into a new
 * file at path (mode 0600, replaced if it exists) and open it. The copy
 * is a scratch database: it is not synced to disk. Close it with
 * db_close and remove it with db_remove_files. */
int db_copy(struct db *db, const char *path, struct db **out);
/* Remove path and its -wal and -shm files (those that exist). */
void db_remove_files(const char *path);

/* Transactions. db_begin takes the write lock at once (BEGIN IMMEDIATE).
 * db_commit logs (debug) how long the lock was held. */
int db_begin(struct db *db);
int db_commit(struct db *db);
void db_rollback(struct db *db);
int db_in_transaction(struct db *db);

/* Who is acting and through which command; stamped on audit rows. The
 * strings are copied. */
void db_set_actor(struct db *db, const char *actor, const char *command);
/* The account acting (core/account.h), stamped on audit rows as
 * account_id; 0 for none (the command line, the service). */
void db_set_account(struct db *db, int64_t account_id);
/* The actor, command and account set last (borrowed until the next
 * db_set_actor), so that a caller acting for someone else can restore
 * them. */
const char *db_actor(struct db *db);
const char *db_command(struct db *db);
int64_t db_account(struct db *db);
/* Record a change to one record ("person", 12, "add"). Returns 0 or -1. */
int db_audit(struct db *db, const char *entity, int64_t id, const char *action);
/* The same with a detail: what a read showed, an export held, an erasure's
 * reason (NULL: none). Reading the trail: core/audit.h. */
int db_audit_detail(struct db *db, const char *entity, int64_t id,
    const char *action, const char *detail);

#endif
