/*
 * testutil.h - shared fixtures for the cmocka test programs.
 */
#ifndef SHG_TESTUTIL_H
#define SHG_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* A fresh temporary directory; caller frees the path. Removed with
 * test_rmdir(). */
static inline char *
test_tmpdir(void)
{
	char *p = strdup("/tmp/shg-test-XXXXXX");
	if (!p || !mkdtemp(p))
		abort();
	return p;
}

static inline void
test_rmdir(char *path)
{
	char cmd[600];
	if (!path)
		return;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
	free(path);
}

#endif

#include "cli/schemas.h"
#include "core/crypt.h"
#include "core/db.h"
#include "core/log.h"
#include "tests/clearviews.h"

/* The key the tests' databases are sealed with (core/crypt.h). */
static inline void
test_key_use(void)
{
	static const unsigned char key[CRYPT_KEY_BYTES] = "0123456789abcdef0123456789abcde";

	crypt_key_set(key);
}

/* A fresh database for one test: a temporary file (WAL, like production)
 * inside its own folder. Close with test_db_close. */
struct test_db {
	char *dir;
	struct db *db;
};

static inline struct test_db *
test_db_new(void)
{
	struct test_db *t = calloc(1, sizeof *t);
	char path[600];

	if (!t)
		abort();
	t->dir = test_tmpdir();
	snprintf(path, sizeof path, "%s/test.db", t->dir);
	schemas_use();
	test_key_use();
	if (db_open(path, &t->db) < 0 || sqlite3_exec(db_sqlite(t->db),
	    CLEAR_VIEWS("_clear"), NULL, NULL, NULL) != SQLITE_OK)
		abort();
	db_set_actor(t->db, "tester", "test");
	return t;
}

static inline void
test_db_close(struct test_db *t)
{
	if (!t)
		return;
	db_close(t->db);
	test_rmdir(t->dir);
	free(t);
}

/* A count from the database, for assertions. */
static inline long long
test_count(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db_sqlite(db), sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#include "core/clock.h"
#include "core/person.h"

/* A day number, shorter to write in assertions. */
static inline int
test_day(int y, int m, int d)
{
	return date_from_ymd(y, m, d);
}

/*
 * The usual fixture: the clock at 2026-11-23 09:00 local, a fresh
 * database (*state, a struct test_db), and error() messages captured in
 * test_msg so that tests can assert them.
 */
static char test_msg[512];

static inline int
test_setup(void **state)
{
	clock_set(time_from_local(test_day(2026, 11, 23), 9 * 60));
	*state = test_db_new();
	test_msg[0] = '\0';
	log_capture(test_msg, sizeof test_msg);
	return 0;
}

static inline int
test_teardown(void **state)
{
	log_capture(NULL, 0);
	test_db_close(*state);
	return 0;
}

static inline struct db *
test_db(void **state)
{
	return ((struct test_db *)*state)->db;
}

/* A person with what the registry requires (a woman, the given
 * category, no dates). Set more fields, then test_person_save. */
static inline void
test_person_init(struct person *p, const char *name, const char *category)
{
	memset(p, 0, sizeof *p);
	p->full_name = strdup(name);
	p->gender = strdup("female");
	p->category = strdup(category);
	p->returned_on = p->consent_on = p->closed_on = DATE_NONE;
}

/* Add p with case-code prefix, free it and return its id. */
static inline int64_t
test_person_save(struct db *db, struct person *p, const char *prefix)
{
	int64_t id;

	assert_int_equal(person_add(db, p, prefix), 0);
	id = p->id;
	person_free(p);
	return id;
}
