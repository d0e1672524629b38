#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "core/clock.h"

static char msg[512];

struct fx {
	char *dir;
	char path[600];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	clock_set(time_from_local(date_from_ymd(2026, 11, 23), 9 * 60));
	f->dir = test_tmpdir();
	snprintf(f->path, sizeof f->path, "%s/shg.db", f->dir);
	msg[0] = '\0';
	log_capture(msg, sizeof msg);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	log_capture(NULL, 0);
	test_rmdir(f->dir);
	free(f);
	return 0;
}

/* Run SQL on a file directly through SQLite, bypassing db.c. */
static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *h;

	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
}

static long long
table_exists(struct db *db, const char *name)
{
	sqlite3_stmt *st;
	long long n = 0;

	sqlite3_prepare_v2(db_sqlite(db), "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name = ?", -1, &st, NULL);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Every "CREATE TABLE name" in every migration must exist; a table
 * rebuilt as NAME_new took the name NAME. */
static void
test_migrate_from_empty(void **state)
{
	struct fx *f = *state;
	struct db *db;
	int n = db_schema_latest(), tables = 0;
	char name[64], *m;

	assert_int_equal(db_open(f->path, &db), 0);
	assert_int_equal(db_schema_version(db), db_schema_latest());
	assert_true(n >= 11);
	for (int v = 1; v <= n; v++) {
		assert_non_null(m = db_migration_sql(v));
		for (const char *p = strstr(m, "CREATE TABLE "); p;
		    p = strstr(p + 1, "CREATE TABLE ")) {
			assert_int_equal(sscanf(p + 13, "%63[a-z_0-9]", name), 1);
			if (strlen(name) > 4 && !strcmp(name + strlen(name) - 4,
			    "_new"))
				name[strlen(name) - 4] = '\0';
			assert_int_equal(table_exists(db, name), 1);
			tables++;
		}
		free(m);
	}
	assert_null(db_migration_sql(n + 1));
	/* a migration is its modules' parts in their fixed order */
	assert_non_null(m = db_migration_sql(6));
	assert_true(strstr(m, "visit_day") < strstr(m, "loan_pay_day"));
	assert_true(strstr(m, "loan_pay_day") < strstr(m, "outbox_sent"));
	assert_non_null(strstr(m, "visit_day"));
	free(m);
	assert_true(tables >= 10);
	for (const char *const *t = (const char *const[]){ "audit", "case_seq",
	    "person", "need", "support", "grp", "membership", NULL }; *t; t++)
		assert_int_equal(table_exists(db, *t), 1);
	db_close(db);
	/* opening again changes nothing */
	assert_int_equal(db_open_existing(f->path, &db), 0);
	assert_int_equal(db_schema_version(db), n);
	db_close(db);
}

/*
 * A fresh database has exactly the schema of tests/data/schema.sql: every
 * table, index and view, as SQLite keeps it (ALTERs folded in), sorted by
 * kind and name. Any change a migration did not mean fails here. After
 * adding a migration, the database's schema is written to
 * build/schema.sql: review it and copy it over tests/data/schema.sql.
 */
#define SCHEMA_REF "tests/data/schema.sql"
#define SCHEMA_NEW "build/schema.sql"

static void
test_schema_matches_reference(void **state)
{
	struct fx *f = *state;
	struct db *db;
	sqlite3_stmt *st;
	char *ref, *got = NULL;
	size_t gotlen = 0;
	FILE *fp, *mem;
	long len;

	fp = fopen(SCHEMA_REF, "r");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	rewind(fp);
	ref = calloc(1, (size_t)len + 1);
	assert_int_equal(fread(ref, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);

	assert_int_equal(db_open(f->path, &db), 0);
	mem = open_memstream(&got, &gotlen);
	assert_int_equal(sqlite3_prepare_v2(db_sqlite(db), "SELECT sql FROM "
	    "sqlite_master WHERE sql IS NOT NULL ORDER BY type, name", -1, &st,
	    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(mem, "%s;\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	fclose(mem);
	db_close(db);
	if (strcmp(ref, got) != 0 && (fp = fopen(SCHEMA_NEW, "w"))) {
		fputs(got, fp);
		fclose(fp);
		fprintf(stderr, "schema differs from %s: see %s\n", SCHEMA_REF,
		    SCHEMA_NEW);
	}
	assert_string_equal(got, ref);
	free(ref);
	free(got);
}

static void
test_upgrade_keeps_data(void **state)
{
	struct fx *f = *state;
	char *m1 = db_migration_sql(1);
	struct db *db;
	int n = db_schema_latest();

	raw_exec(f->path, m1);
	free(m1);
	raw_exec(f->path, "PRAGMA user_version = 1; INSERT INTO person "
	    "(case_code, full_name, name_fold, gender, category, created_at, "
	    "updated_at) VALUES ('X-2026-0001', 'Hoa', 'hoa', 'female', "
	    "'at-risk', 0, 0)");
	assert_int_equal(db_open(f->path, &db), 0);
	assert_int_equal(db_schema_version(db), n);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "case_code = 'X-2026-0001'"), 1);
	assert_int_equal(table_exists(db, "membership"), 1);
	db_close(db);
}

static void
test_failed_migration_rolls_back(void **state)
{
	struct fx *f = *state;
	char *m1 = db_migration_sql(1);
	struct db *db;
	sqlite3 *h;
	sqlite3_stmt *st;

	raw_exec(f->path, m1);
	free(m1);
	/* a table in the way of migration 2 */
	raw_exec(f->path, "PRAGMA user_version = 1; CREATE TABLE grp (x)");
	assert_int_equal(db_open(f->path, &db), -1);
	assert_null(db);
	assert_non_null(strstr(msg, "migration 2 failed"));
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	sqlite3_prepare_v2(h, "SELECT (SELECT user_version FROM "
	    "pragma_user_version), (SELECT count(*) FROM sqlite_master WHERE "
	    "name = 'membership')", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void
test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	struct db *db;
	char sql[64], want[700];

	assert_int_equal(db_open(f->path, &db), 0);
	db_close(db);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d",
	    db_schema_latest() + 1);
	raw_exec(f->path, sql);
	assert_int_equal(db_open(f->path, &db), -1);
	assert_null(db);
	snprintf(want, sizeof want, "%s: database schema version %d is newer "
	    "than this program knows (%d): upgrade shg", f->path,
	    db_schema_latest() + 1, db_schema_latest());
	assert_string_equal(msg, want);
	assert_int_equal(db_open_existing(f->path, &db), -1);
}

static void
test_missing_file(void **state)
{
	struct fx *f = *state;
	struct db *db;
	char want[700];

	assert_int_equal(db_open_existing(f->path, &db), -1);
	snprintf(want, sizeof want, "%s: no database here (run \"shg init\" "
	    "first)", f->path);
	assert_string_equal(msg, want);
	assert_int_equal(access(f->path, F_OK), -1);
}

/*
 * In a setgid folder a new database, and the WAL SQLite makes beside it,
 * are group-writable (0660) whatever the umask, so that the web
 * interface's user of that group can write; elsewhere 0600, even under
 * umask 0. An existing database keeps its mode.
 */
static void
test_mode_in_shared_folder(void **state)
{
	struct fx *f = *state;
	char shared[700], path[720], wal[730];
	struct stat sb;
	struct db *db;
	mode_t old;

	snprintf(shared, sizeof shared, "%s/shared", f->dir);
	snprintf(path, sizeof path, "%s/shg.db", shared);
	snprintf(wal, sizeof wal, "%s-wal", path);
	assert_int_equal(mkdir(shared, 0770), 0);
	assert_int_equal(chmod(shared, 02770), 0);
	old = umask(022);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(db_run(db, "INSERT INTO case_seq VALUES ('X', 2026, 1)",
	    ""), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0660);
	db_close(db);
	/* an existing file is left as it is */
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(db_open(path, &db), 0);
	db_close(db);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* a plain folder: 0600 */
	assert_int_equal(db_open(f->path, &db), 0);
	db_close(db);
	umask(old);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
}

static void
test_mode_wal_foreign_keys(void **state)
{
	struct fx *f = *state;
	struct db *db;
	struct stat sb;
	sqlite3_stmt *st;
	mode_t old = umask(0);

	assert_int_equal(db_open(f->path, &db), 0);
	umask(old);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(test_count(db, "PRAGMA foreign_keys"), 1);
	sqlite3_prepare_v2(db_sqlite(db), "PRAGMA journal_mode", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	/* a need of nobody breaks the foreign key */
	assert_int_equal(db_run(db, "INSERT INTO need (person_id, kind, status, "
	    "identified_on) VALUES (42, 'medical', 'identified', '2026-01-01')",
	    ""), -1);
	assert_non_null(strstr(msg, "database constraint"));
	assert_non_null(strstr(msg, "FOREIGN KEY"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM need"), 0);
	db_close(db);
}

static const char insert_person[] = "INSERT INTO person (case_code, "
    "full_name, name_fold, gender, category, returned_on, guardian_id, "
    "created_at, updated_at) VALUES (?, 'A', 'a', 'female', 'at-risk', ?, ?, "
    "0, 0)";

static void
test_bind_and_query(void **state)
{
	struct fx *f = *state;
	struct db *db;
	int64_t v;
	sqlite3_stmt *st;

	assert_int_equal(db_open(f->path, &db), 0);
	assert_int_equal(db_run(db, insert_person, "tDZ", "C-1",
	    date_from_ymd(2026, 2, 28), (int64_t)0), 0);
	assert_int_equal(db_run(db, insert_person, "tDZ", "C-2", DATE_NONE,
	    db_last_id(db)), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "case_code = 'C-1' AND returned_on = '2026-02-28' AND guardian_id "
	    "IS NULL"), 1);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person WHERE "
	    "case_code = 'C-2' AND returned_on IS NULL AND guardian_id = 1"), 1);
	assert_int_equal(db_int(db, &v, -7, "SELECT id FROM person WHERE "
	    "case_code = ?", "t", "none"), 0);
	assert_int_equal(v, -7);
	assert_int_equal(db_int(db, &v, -7, "SELECT id FROM person WHERE "
	    "case_code = ?", "t", "C-2"), 0);
	assert_int_equal(v, 2);
	/* the same static text gives the same cached statement */
	st = db_prepare(db, insert_person);
	assert_ptr_equal(st, db_prepare(db, insert_person));
	assert_null(db_prepare(db, "SELECT x FROM nowhere"));
	assert_non_null(strstr(msg, "no such table"));
	st = db_prepare(db, "SELECT returned_on FROM person ORDER BY id");
	assert_int_equal(db_step(db, st), SQLITE_ROW);
	assert_int_equal(db_col_date(st, 0), date_from_ymd(2026, 2, 28));
	assert_int_equal(db_step(db, st), SQLITE_ROW);
	assert_int_equal(db_col_date(st, 0), DATE_NONE);
	assert_true(db_col_null(st, 0));
	db_reset(st);
	db_close(db);
}

static void
test_rollback(void **state)
{
	struct fx *f = *state;
	struct db *db;

	assert_int_equal(db_open(f->path, &db), 0);
	assert_int_equal(db_begin(db), 0);
	assert_true(db_in_transaction(db));
	assert_int_equal(db_run(db, insert_person, "tDZ", "R-1", DATE_NONE,
	    (int64_t)0), 0);
	assert_int_equal(db_audit(db, "person", db_last_id(db), "add"), 0);
	/* the second insert breaks UNIQUE(case_code): the caller rolls back */
	assert_int_equal(db_run(db, insert_person, "tDZ", "R-1", DATE_NONE,
	    (int64_t)0), -1);
	assert_non_null(strstr(msg, "UNIQUE"));
	db_rollback(db);
	assert_false(db_in_transaction(db));
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit"), 0);
	/* committed work stays */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(db_run(db, insert_person, "tDZ", "R-2", DATE_NONE,
	    (int64_t)0), 0);
	assert_int_equal(db_commit(db), 0);
	db_rollback(db);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), 1);
	db_close(db);
}

static void
test_audit_rows(void **state)
{
	struct fx *f = *state;
	struct db *db;
	sqlite3_stmt *st;

	assert_int_equal(db_open(f->path, &db), 0);
	db_set_actor(db, "Chị Lan", "person edit");
	assert_int_equal(db_audit(db, "person", 12, "edit"), 0);
	db_set_actor(db, "", "need add");
	assert_int_equal(db_audit(db, "need", 3, "add"), 0);
	st = db_prepare(db, "SELECT at, actor, command, entity, entity_id, "
	    "action FROM audit ORDER BY id");
	assert_int_equal(db_step(db, st), SQLITE_ROW);
	assert_int_equal(db_col_int(st, 0), (int64_t)clock_now());
	assert_string_equal(db_col_text(st, 1), "Chị Lan");
	assert_string_equal(db_col_text(st, 2), "person edit");
	assert_string_equal(db_col_text(st, 3), "person");
	assert_int_equal(db_col_int(st, 4), 12);
	assert_string_equal(db_col_text(st, 5), "edit");
	assert_int_equal(db_step(db, st), SQLITE_ROW);
	assert_string_equal(db_col_text(st, 1), "unknown");
	assert_string_equal(db_col_text(st, 2), "need add");
	assert_int_equal(db_step(db, st), SQLITE_DONE);
	db_reset(st);
	db_close(db);
}

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A child process holding the write lock for ms milliseconds; returns
 * once it holds it. */
static pid_t
hold_lock(const char *path, int ms)
{
	int fds[2];
	char c;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db;
		if (db_open(path, &db) < 0 || db_begin(db) < 0 ||
		    write(fds[1], "x", 1) != 1)
			_exit(2);
		usleep((useconds_t)ms * 1000);
		_exit(db_commit(db) < 0 ? 3 : 0);
	}
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	close(fds[1]);
	return pid;
}

/* A write meeting another's lock waits for it (it used to fail after 5 s
 * with "database is locked"), saying once after a second that it waits. */
static void
test_write_waits_for_another(void **state)
{
	struct fx *f = *state;
	struct db *db;
	FILE *notice = tmpfile();
	char said[256] = "";
	long long t0;
	int status;
	pid_t pid;

	assert_int_equal(db_open(f->path, &db), 0);
	db_set_wait(db, 20, notice);
	pid = hold_lock(f->path, 6500);
	t0 = now_ms();
	assert_int_equal(db_begin(db), 0);
	assert_true(now_ms() - t0 >= 6000);
	assert_int_equal(db_run(db, insert_person, "tDZ", "W-1", DATE_NONE, (int64_t)0), 0);
	assert_int_equal(db_commit(db), 0);
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	rewind(notice);
	assert_non_null(fgets(said, sizeof said, notice));
	assert_string_equal(said, "waiting for another shg command to finish…\n");
	assert_null(fgets(said, sizeof said, notice));
	fclose(notice);
	db_close(db);
}

/* When the other writer holds on past the limit: a clear message. */
static void
test_wait_gives_up_clearly(void **state)
{
	struct fx *f = *state;
	struct db *db;
	long long t0, took;
	int status;
	pid_t pid;

	assert_int_equal(db_open(f->path, &db), 0);
	db_set_wait(db, 2, NULL);
	pid = hold_lock(f->path, 6000);
	t0 = now_ms();
	assert_int_equal(db_begin(db), -1);
	took = now_ms() - t0;
	assert_true(took >= 2000 && took < 3500);
	assert_string_equal(msg, "the database is busy: another shg command (an "
	    "import, a backup or the service) has been writing for 2 seconds; "
	    "try again when it has finished");
	msg[0] = '\0';
	assert_int_equal(db_run(db, insert_person, "tDZ", "W-2", DATE_NONE, (int64_t)0), -1);
	assert_non_null(strstr(msg, "the database is busy"));
	waitpid(pid, &status, 0);
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(db_run(db, insert_person, "tDZ", "W-2", DATE_NONE, (int64_t)0), 0);
	db_close(db);
}

int
main(void)
{
	schemas_use();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_from_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_matches_reference, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_upgrade_keeps_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_migration_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_wal_foreign_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mode_in_shared_folder, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bind_and_query, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_waits_for_another, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wait_gives_up_clearly, setup,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
