#include "tests/testutil.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "core/backup.h"
#include "core/clock.h"
#include "core/person.h"

static void
add_person(struct db *db, int i)
{
	struct person p = { 0 };
	char name[64];

	snprintf(name, sizeof name, "Người %d", i);
	p.full_name = name;
	p.gender = "female";
	p.category = "at-risk";
	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	if (db_begin(db) < 0 || person_add(db, &p, "BK") < 0 || db_commit(db) < 0)
		_exit(3);
	free(p.case_code);
}

/* A separate process adding people one transaction at a time until it is
 * killed; it writes one byte to fd after its first commit. */
static pid_t
start_writer(const char *path, int fd)
{
	pid_t pid = fork();
	struct db *db;

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	if (db_open(path, &db) < 0)
		_exit(2);
	db_set_actor(db, "writer", "test");
	for (int i = 0;; i++) {
		add_person(db, 100000 + i);
		if (i == 0 && write(fd, "x", 1) != 1)
			_exit(4);
	}
}

static long long
count_in(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long n = -1;

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return n;
}

static void
test_backup_while_writing(void **state)
{
	struct test_db *t = test_db_new();
	struct backup_info info;
	char copy[700], live[700], wal[710], c;
	struct stat sb;
	int fds[2], status;
	pid_t pid;
	long long people, adds;
	sqlite3 *h;
	sqlite3_stmt *st;

	(void)state;
	clock_set(time_from_local(date_from_ymd(2026, 11, 23), 9 * 60));
	snprintf(live, sizeof live, "%s", db_path(t->db));
	for (int i = 0; i < 1500; i++)
		add_person(t->db, i);
	assert_int_equal(pipe(fds), 0);
	pid = start_writer(live, fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	snprintf(copy, sizeof copy, "%s/copy.db", t->dir);
	for (int round = 0; round < 5; round++)
		assert_int_equal(backup_run(t->db, copy, &info), 0);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));
	close(fds[0]);
	close(fds[1]);

	/* One self-contained file in rollback-journal mode. */
	snprintf(wal, sizeof wal, "%s-wal", copy);
	assert_int_equal(access(wal, F_OK), -1);
	assert_int_equal(stat(copy, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(info.bytes, sb.st_size);
	assert_int_equal(info.schema, db_schema_latest());
	assert_true(info.pages > 10);
	assert_int_equal(sqlite3_open_v2(copy, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	sqlite3_close(h);
	/* One moment: every person has the audit row of its transaction. */
	people = count_in(copy, "SELECT count(*) FROM person");
	adds = count_in(copy, "SELECT count(*) FROM audit WHERE action = 'add'");
	assert_true(people > 1500);
	assert_int_equal(people, adds);
	assert_true(count_in(live, "SELECT count(*) FROM person") >= people);
	test_db_close(t);
}

static void
test_backup_failures_leave_nothing(void **state)
{
	struct test_db *t = test_db_new();
	struct backup_info info;
	char path[700], cmd[800];

	(void)state;
	snprintf(path, sizeof path, "%s/no/such/dir/copy.db", t->dir);
	assert_int_equal(backup_run(t->db, path, &info), -1);
	snprintf(path, sizeof path, "%s/copy.db", t->dir);
	assert_int_equal(db_begin(t->db), 0);
	assert_int_equal(backup_run(t->db, path, &info), -1);
	db_rollback(t->db);
	snprintf(cmd, sizeof cmd, "test -z \"$(ls '%s' | grep copy)\"", t->dir);
	assert_int_equal(system(cmd), 0);
	test_db_close(t);
}

static int steps;

static void
die_on_third_step(void)
{
	if (++steps == 3)
		raise(SIGKILL);
}

/* A backup killed half-way leaves a hidden ".NAME.partial-PID", never a
 * file that looks like a backup; the next backup removes it, but not the
 * partial copy of a process that still runs. */
static void
test_killed_backup_cleaned_up(void **state)
{
	struct test_db *t = test_db_new();
	struct backup_info info;
	char live[700], copy[700], partial[760], alive[760];
	struct stat sb;
	int status, fd;
	pid_t pid;

	(void)state;
	clock_set(time_from_local(date_from_ymd(2026, 11, 23), 9 * 60));
	snprintf(live, sizeof live, "%s", db_path(t->db));
	snprintf(copy, sizeof copy, "%s/copy.db", t->dir);
	for (int i = 0; i < 1500; i++)
		add_person(t->db, i);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct db *db;
		if (db_open(live, &db) < 0)
			_exit(2);
		backup_step_hook = die_on_third_step;
		backup_run(db, copy, &info);
		_exit(5);
	}
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));
	snprintf(partial, sizeof partial, "%s/.copy.db.partial-%ld", t->dir,
	    (long)pid);
	assert_int_equal(stat(partial, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(access(copy, F_OK), -1);

	/* A partial copy of a running process (our parent) is left alone. */
	snprintf(alive, sizeof alive, "%s/.copy.db.partial-%ld", t->dir,
	    (long)getppid());
	fd = open(alive, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);

	assert_int_equal(backup_run(t->db, copy, &info), 0);
	assert_int_equal(access(partial, F_OK), -1);
	assert_int_equal(access(alive, F_OK), 0);
	assert_int_equal(count_in(copy, "SELECT count(*) FROM person"), 1500);
	unlink(alive);
	test_db_close(t);
}

int
main(void)
{
	schemas_use();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backup_while_writing),
		cmocka_unit_test(test_backup_failures_leave_nothing),
		cmocka_unit_test(test_killed_backup_cleaned_up),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
