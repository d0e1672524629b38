/*
 * pass - time scheduler passes (sms/scheduler.h, the service's
 * before_send hook) on a database at a fixed time: the first pass of the
 * day, which queues what is due, then repeated passes as the service
 * runs them every few seconds (meetings looked at again, loans and
 * check-ins already done for the day).
 *
 * usage: pass DB "YYYY-MM-DD HH:MM" [REPEATS]
 * Prints: first <ms> <queued> <CPU ms>, then one "again <ms> <queued>
 * <CPU ms>" line per repeat (wall time, then the process's CPU time: on a
 * loaded machine the second says more).
 * The database is changed (the first pass queues messages): run it on a
 * copy.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/schemas.h"
#include "config/conf.h"
#include "core/clock.h"
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

int
main(int argc, char **argv)
{
	struct scheduler *s;
	struct conf c;
	struct db *db;
	time_t now;
	int repeats = 3, rc = 0;

	if (argc < 3 || (argc > 3 && parse_int(argv[3], 0, 100, &repeats) < 0)) {
		fprintf(stderr, "usage: pass DB \"YYYY-MM-DD HH:MM\" [REPEATS]\n");
		return 2;
	}
	log_init(0, LOG_LEVEL_ERROR);
	conf_defaults(&c);
	if (clock_set_timezone(c.timezone) < 0 || parse_now(argv[2], &now) < 0)
		return 2;
	clock_set(now);
	/* As the service runs it (sms/service.c). */
	schemas_use();
	if (db_open_existing(argv[1], &db) < 0 ||
	    db_exec(db, "PRAGMA synchronous = FULL") < 0 ||
	    db_exec(db, "PRAGMA wal_autocheckpoint = 0") < 0)
		return 1;
	s = scheduler_new();
	if (timed_pass(s, db, &c, now, "first") < 0)
		rc = 1;
	for (int i = 0; i < repeats && rc == 0; i++)
		if (timed_pass(s, db, &c, now + 10 * (i + 1), "again") < 0)
			rc = 1;
	scheduler_free(s);
	db_close(db);
	conf_free(&c);
	return rc;
}
