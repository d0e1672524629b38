/*
 * report_bench - time of handling one delivery report (outbox_report)
 * against a history of N sent messages, and of the lookup the report
 * made before the outbox_part index, on the same database.
 *
 * usage: report_bench DB [N [REPORTS]]   (defaults 400000 and 2000)
 *
 * DB is created (it must not exist): N sent single- and two-part
 * messages to 20,000 numbers over a year, each part with a message
 * reference (TP-MR) that wraps at 256.  Then REPORTS reports about
 * parts of the last days, each timed alone with its commit; prints the
 * median and the 95th percentile in milliseconds, and those of the
 * lookup before migration 12 (outbox_sent) on OLD_SAMPLES of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/schemas.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/log.h"
#include "sms/outbox.h"

#define T_END 1795400000	/* the last message goes out then */
#define OLD_SAMPLES 30

static double
ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
stats(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("  %-44s median %7.3f ms, 95%% %7.3f ms\n", what, v[n / 2],
	    v[n * 95 / 100]);
}

/* The history: message i to number i % 20000, every 79 seconds back
 * from T_END; one in four has two parts. */
static const char fill[] =
"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
"WHERE i < ?1) "
"INSERT INTO outbox (recipient, kind, text, coding, parts, concat_ref, "
"not_before, next_try, queued_at, state, sent_at, tpmr, parts_done) "
"SELECT '+849' || (10000000 + i % 20000), 'meeting', 'x', 'gsm7', "
"1 + (i % 4 = 0), 0, 0, 0, 0, 'sent', ?2 - (?1 - i) * 79, "
"(i * 7 + 1) % 256, 1 + (i % 4 = 0) FROM n";
static const char fill_parts[] =
"INSERT INTO outbox_part (outbox_id, seq, recipient, tpmr, sent_at) "
"SELECT id, 1, recipient, (tpmr + 255) % 256, sent_at FROM outbox "
"WHERE parts = 2 UNION ALL "
"SELECT id, parts, recipient, tpmr, sent_at FROM outbox";
static const char old_lookup[] =
"SELECT id FROM outbox WHERE recipient = ?1 AND tpmr = ?2 AND "
"state = 'sent' ORDER BY sent_at DESC, id DESC LIMIT 1";
static const char pick[] =
"SELECT recipient, tpmr FROM outbox WHERE id = ?1";

int
main(int argc, char **argv)
{
	struct db *db;
	sqlite3_stmt *st;
	int n = argc > 2 ? atoi(argv[2]) : 400000;
	int k = argc > 3 ? atoi(argv[3]) : 2000, i, matched = 0;
	double *with = calloc((size_t)k, sizeof *with);
	double *old = calloc((size_t)k, sizeof *old);
	double t;
	int64_t dummy;

	if (argc < 2 || n < 1000 || k < 10 || !with || !old) {
		fprintf(stderr, "usage: report_bench DB [N [REPORTS]]\n");
		return 2;
	}
	clock_set(T_END + 60);
	/* the modules' migrations, as the service opens its database */
	schemas_use();
	if (db_open(argv[1], &db) < 0)
		return 1;
	t = ms_now();
	if (db_begin(db) < 0 || db_run(db, fill, "ii", (int64_t)n,
	    (int64_t)T_END) < 0 || db_exec(db, fill_parts) < 0 ||
	    db_commit(db) < 0)
		return 1;
	printf("report_bench: %d sent messages written in %.0f ms\n", n,
	    ms_now() - t);
	srand(7);
	for (i = 0; i < k; i++) {
		/* A part among the last 5,000 messages (4.5 days). */
		int64_t id = n - rand() % 5000;
		char to[32];
		int mr;

		if (!(st = db_prepare(db, pick)) || db_bind(db, st, "i", id) < 0 ||
		    db_step(db, st) != SQLITE_ROW)
			return 1;
		snprintf(to, sizeof to, "%s", db_col_text(st, 0));
		mr = (int)db_col_int(st, 1);
		db_reset(st);
		/* The old lookup walks the history: a few are enough. */
		if (i < OLD_SAMPLES) {
			t = ms_now();
			if (db_int(db, &dummy, 0, old_lookup, "td", to, mr) < 0)
				return 1;
			old[i] = ms_now() - t;
		}
		t = ms_now();
		int rc = outbox_report(db, to, mr, i % 10 ? "delivered" :
		    "failed", "phone busy (TP-Status 0x61)", clock_now());
		with[i] = ms_now() - t;
		if (rc < 0)
			return 1;
		matched += rc;
	}
	printf("report_bench: %d reports, %d matched\n", k, matched);
	stats("outbox_report (lookup, update, commit)", with, k);
	stats("lookup before migration 12 (outbox_sent)", old,
	    k < OLD_SAMPLES ? k : OLD_SAMPLES);
	db_close(db);
	free(with);
	free(old);
	return matched == k ? 0 : 1;
}
