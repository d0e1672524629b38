/*
 * pass - time scheduler passes (sms/scheduler.h, the service's
 * before_send hook) on a database at a fixed time: the first pass of the
 * day, which queues what is due, then repeated passes as the service
 * runs them every few seconds (meetings looked at again, loans and
 * check-ins already done for the day).
 *
 * usage: pass [--discard] DB "YYYY-MM-DD HH:MM" [REPEATS]
 * Prints: first <ms> <queued> <CPU ms>, then one "again <ms> <queued>
 * <CPU ms>" line per repeat (wall time, then the process's CPU time: on a
 * loaded machine the second says more).
 * The database is changed (the first pass queues messages): run it on a
 * copy, or with --discard: the passes' writes then stay in the
 * write-ahead log (no checkpoint, none at close), which is removed at
 * the end, so the database file is left as it was and the next run's
 * first pass is a first pass again (a large database need not be copied
 * for each run). DB must be in WAL mode with no -wal file left.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/schemas.h"
#include "config/conf.h"
#include "core/clock.h"
#include "core/crypt.h"
#include "core/db.h"
#include "core/log.h"
#include "core/util.h"
#include "sms/scheduler.h"

static double
ms_since(clockid_t clock, const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 +
	    (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static int
parse_now(const char *s, time_t *now)
{
	char day[16];
	int d, minutes;

	if (strlen(s) != 16)
		return -1;
	snprintf(day, sizeof day, "%.10s", s);
	if (date_parse(day, &d) < 0 || time_of_day_parse(s + 11, &minutes) < 0)
		return -1;
	*now = time_from_local(d, minutes);
	return 0;
}

static int
timed_pass(struct scheduler *s, struct db *db, const struct conf *c,
    time_t now, const char *label)
{
	struct scheduler_stats st;
	struct timespec t0, c0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	if (scheduler_run(s, db, c, now, &st) < 0)
		return -1;
	printf("%s %.1f %d %.1f\n", label, ms_since(CLOCK_MONOTONIC, &t0),
	    st.reminders + st.notices + st.loans + st.checkins,
	    ms_since(CLOCK_PROCESS_CPUTIME_ID, &c0));
	return 0;
}

/* The -wal or -shm file of path in buf. */
static const char *
side_file(char *buf, size_t size, const char *path, const char *suffix)
{
	snprintf(buf, size, "%s%s", path, suffix);
	return buf;
}

/* Keep every write of this connection in the write-ahead log. */
static int
keep_in_wal(struct db *db, const char *path)
{
	char wal[4200];
	struct stat sb;

	if (stat(side_file(wal, sizeof wal, path, "-wal"), &sb) == 0 &&
	    sb.st_size > 0) {
		fprintf(stderr, "pass: %s exists: checkpoint it first\n", wal);
		return -1;
	}
	if (sqlite3_db_config(db_sqlite(db), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
	    1, NULL) != SQLITE_OK || db_exec(db, "PRAGMA wal_autocheckpoint = 0") <
	    0) {
		fprintf(stderr, "pass: cannot keep the writes in the log\n");
		return -1;
	}
	return 0;
}

static void
discard_wal(const char *path)
{
	char buf[4200];

	unlink(side_file(buf, sizeof buf, path, "-wal"));
	unlink(side_file(buf, sizeof buf, path, "-shm"));
}

int
main(int argc, char **argv)
{
	struct scheduler *s;
	struct conf c;
	struct db *db;
	time_t now;
	int repeats = 3, rc = 0, discard = 0;

	if (argc > 1 && !strcmp(argv[1], "--discard")) {
		discard = 1;
		argc--;
		argv++;
	}
	if (argc < 3 || (argc > 3 && parse_int(argv[3], 0, 100, &repeats) < 0)) {
		fprintf(stderr, "usage: [SHG_KEY=KEY_FILE] pass [--discard] DB "
		    "\"YYYY-MM-DD HH:MM\" [REPEATS]\n");
		return 2;
	}
	log_init(0, LOG_LEVEL_ERROR);
	conf_defaults(&c);
	if (clock_set_timezone(c.timezone) < 0 || parse_now(argv[2], &now) < 0)
		return 2;
	clock_set(now);
	/* As the service runs it (sms/service.c). */
	schemas_use();
	/* the database's key (core/crypt.h), as shg.conf names it */
	if (getenv("SHG_KEY") && crypt_key_load(getenv("SHG_KEY")) < 0)
		return 1;
	if (db_open_existing(argv[1], &db) < 0 ||
	    db_exec(db, "PRAGMA synchronous = FULL") < 0 ||
	    db_exec(db, "PRAGMA wal_autocheckpoint = 0") < 0 ||
	    (discard && keep_in_wal(db, argv[1]) < 0))
		return 1;
	s = scheduler_new();
	if (timed_pass(s, db, &c, now, "first") < 0)
		rc = 1;
	for (int i = 0; i < repeats && rc == 0; i++)
		if (timed_pass(s, db, &c, now + 10 * (i + 1), "again") < 0)
			rc = 1;
	scheduler_free(s);
	db_close(db);
	if (discard)
		discard_wal(argv[1]);
	conf_free(&c);
	return rc;
}
