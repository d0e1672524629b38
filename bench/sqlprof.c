/*
 * sqlprof - which statements a command spends its time in: a library
 * preloaded into shg (or any program linked with the shared SQLite) that
 * profiles every statement of every connection it opens, and at exit
 * writes the statements to the file named by SQLPROF, the slowest first:
 * total ms, runs, the SQL on one line.
 *
 * usage: SQLPROF=FILE LD_PRELOAD=build/bench/sqlprof.so shg ...
 * (built by bench/national.sh).
 * For the benchmarks only: it reads nothing of the data, only the SQL.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stmt_time {
	char *sql;
	unsigned long long ns;
	unsigned long runs;
};

static struct stmt_time *times;
static size_t ntimes, cap;

static int
on_profile(unsigned type, void *ctx, void *p, void *x)
{
	const char *sql = sqlite3_sql((sqlite3_stmt *)p);
	size_t i;

	(void)ctx;
	if (type != SQLITE_TRACE_PROFILE || !sql)
		return 0;
	for (i = 0; i < ntimes && strcmp(times[i].sql, sql); i++)
		;
	if (i == ntimes) {
		if (ntimes == cap) {
			struct stmt_time *t = realloc(times, (cap ? cap * 2 : 64) *
			    sizeof *t);
			if (!t)
				return 0;
			times = t;
			cap = cap ? cap * 2 : 64;
		}
		if (!(times[i].sql = strdup(sql)))
			return 0;
		times[i].ns = 0;
		times[i].runs = 0;
		ntimes++;
	}
	times[i].ns += *(sqlite3_uint64 *)x;
	times[i].runs++;
	return 0;
}

int
sqlite3_open_v2(const char *path, sqlite3 **db, int flags, const char *vfs)
{
	static int (*real)(const char *, sqlite3 **, int, const char *);
	int rc;

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "sqlite3_open_v2");
	if (!real)
		return SQLITE_ERROR;
	rc = real(path, db, flags, vfs);
	if (rc == SQLITE_OK)
		sqlite3_trace_v2(*db, SQLITE_TRACE_PROFILE, on_profile, NULL);
	return rc;
}

static int
by_time(const void *a, const void *b)
{
	const struct stmt_time *x = a, *y = b;

	return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

__attribute__((destructor)) static void
report(void)
{
	const char *path = getenv("SQLPROF");
	FILE *f;

	if (!path || !ntimes || !(f = fopen(path, "a")))
		return;
	qsort(times, ntimes, sizeof *times, by_time);
	for (size_t i = 0; i < ntimes; i++) {
		for (char *c = times[i].sql; *c; c++)
			if (*c == '\n' || *c == '\t' || *c == '\r')
				*c = ' ';
		fprintf(f, "%10.1f %6lu %s\n", times[i].ns / 1e6, times[i].runs,
		    times[i].sql);
	}
	fclose(f);
}
