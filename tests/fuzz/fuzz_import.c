/*
 * fuzz_import.c - the import of people from CSV (core/import.h) into a
 * real database, each input in a transaction that is rolled back.
 *
 * Input: one flag byte (bit 0: skip bad rows, bit 1: new case codes),
 * then the file.
 * Properties: a successful import accounts for every record of the file
 * (added, unchanged, updated or bad; no bad ones without skip_bad), and
 * every phone it stored is E.164.
 */
#include "tests/fuzz/fuzz.h"

#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/crypt.h"
#include "core/csvio.h"
#include "cli/schemas.h"
#include "core/db.h"
#include "core/import.h"

static struct db *db;
static FILE *report;
static char dir[64], csv_path[96], db_file[96];

static void
remove_files(void)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static void
open_once(void)
{
	snprintf(dir, sizeof dir, "/dev/shm/shg-fuzz-import-%d", (int)getpid());
	snprintf(csv_path, sizeof csv_path, "%s/people.csv", dir);
	snprintf(db_file, sizeof db_file, "%s/shg.db", dir);
	remove_files();
	schemas_use();
	/* names and phones are sealed as in production (core/crypt.h) */
	crypt_key_set((const unsigned char *)"fuzz key: 32 bytes, not secret!");
	if (mkdir(dir, 0700) < 0 || db_open(db_file, &db) < 0 ||
	    !(report = fopen("/dev/null", "w")))
		abort();
	db_set_actor(db, "fuzz", "import");
	clock_set(time_from_local(date_from_ymd(2026, 11, 23), 9 * 60));
	atexit(remove_files);
}

static void
write_file(const uint8_t *data, size_t size)
{
	FILE *f = fopen(csv_path, "wb");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

static int64_t
count(const char *sql)
{
	int64_t n = -1;

	fuzz_check(db_int(db, &n, -1, sql, "") == 0);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct import_opts o = { .case_prefix = "LC", .report = NULL };
	struct import_counts c;
	struct csvio_file f;
	uint8_t flags = size ? data[0] : 0;

	if (!db)
		open_once();
	fuzz_quiet();
	data += size ? 1 : 0;
	size -= size ? 1 : 0;
	o.skip_bad = flags & 1;
	o.new_codes = (flags & 2) != 0;
	o.report = report;
	write_file(data, size);
	fuzz_check(db_begin(db) == 0);
	if (import_people(db, csv_path, &o, &c) == 0) {
		fuzz_quiet();
		fuzz_check(csvio_read(csv_path, &f) == 0);
		fuzz_check(c.added + c.unchanged + c.updated + c.bad == f.nrows);
		fuzz_check(o.skip_bad || c.bad == 0);
		fuzz_check(count("SELECT count(*) FROM person WHERE phone IS NOT "
		    "NULL AND phone NOT GLOB '+84[0-9]*'") == 0);
		fuzz_check(count("SELECT count(*) FROM person") == c.added);
		csvio_free(&f);
	}
	fuzz_quiet();
	db_rollback(db);
	return 0;
}
