#include "tests/testutil.h"

#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/csvio.h"
#include "core/import.h"
#include "core/person.h"

struct fx {
	struct test_db *t;
	char path[600];
	char *report;
	size_t report_len;
	FILE *rep;
};

static int
setup(void **state)
{
	struct fx *x = calloc(1, sizeof *x);

	clock_set(time_from_local(date_from_ymd(2026, 11, 23), 9 * 60));
	x->t = test_db_new();
	snprintf(x->path, sizeof x->path, "%s/people.csv", x->t->dir);
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *x = *state;

	if (x->rep)
		fclose(x->rep);
	free(x->report);
	test_db_close(x->t);
	free(x);
	return 0;
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Import x->path in a transaction that is committed on success and rolled
 * back on failure, as the CLI does. The report is in x->report. */
static int
run(struct fx *x, int skip_bad, int new_codes, struct import_counts *c)
{
	struct import_opts o = { .skip_bad = skip_bad, .new_codes = new_codes,
		.case_prefix = "LC" };
	int rc;

	if (x->rep)
		fclose(x->rep);
	free(x->report);
	x->report = NULL;
	x->rep = open_memstream(&x->report, &x->report_len);
	o.report = x->rep;
	assert_int_equal(db_begin(x->t->db), 0);
	rc = import_people(x->t->db, x->path, &o, c);
	if (rc == 0)
		assert_int_equal(db_commit(x->t->db), 0);
	else
		db_rollback(x->t->db);
	fflush(x->rep);
	return rc;
}

static const char good[] =
    "\xEF\xBB\xBF" "STT,Họ tên,Giới tính,Năm sinh,Số điện thoại,Xã,Huyện,"
    "Tỉnh,Category,Consent\r\n"
    "1,Lò Thị Mai,nữ,1998,0912 345 678,Bản Lầu,Mường Khương,Lào Cai,"
    "returned-official,có\r\n"
    "2,Vàng A Sử,Nam,2001,,Pha Long,Mường Khương,Lào Cai,at-risk,không\r\n"
    "3,\"Giàng, Thị Dợ\",f,,01628 123 456,,,,Returned-Self,\r\n";

static void
test_add_then_reimport(void **state)
{
	struct fx *x = *state;
	struct import_counts c;
	struct person p;
	struct db *db = x->t->db;

	write_file(x->path, good);
	assert_int_equal(run(x, 0, 0, &c), 0);
	assert_int_equal(c.added, 3);
	assert_int_equal(c.bad, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), 3);
	assert_int_equal(person_get(db, "LC-2026-0001", &p), 0);
	assert_string_equal(p.full_name, "Lò Thị Mai");
	assert_string_equal(p.gender, "female");
	assert_string_equal(p.phone, "+84912345678");
	assert_int_equal(p.birth_year, 1998);
	assert_string_equal(p.commune, "Bản Lầu");
	assert_int_equal(p.sms_consent, 1);
	person_free(&p);
	assert_int_equal(person_get(db, "LC-2026-0003", &p), 0);
	assert_string_equal(p.full_name, "Giàng, Thị Dợ");
	assert_string_equal(p.category, "returned-self");
	assert_string_equal(p.phone, "+84328123456");
	person_free(&p);
	assert_non_null(strstr(x->report, "people.csv:4: note: converted old "
	    "prefix"));
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'add'"), 3);

	/* The same file again: nothing new, nothing changed. */
	assert_int_equal(run(x, 0, 0, &c), 0);
	assert_int_equal(c.added, 0);
	assert_int_equal(c.unchanged, 3);
	assert_int_equal(c.updated, 0);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), 3);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person'"), 3);
}

static void
test_update_by_code_and_by_name(void **state)
{
	struct fx *x = *state;
	struct import_counts c;
	struct person p;
	struct db *db = x->t->db;

	write_file(x->path, good);
	assert_int_equal(run(x, 0, 0, &c), 0);
	/* By case code: a changed commune; empty cells change nothing. By
	 * name without diacritics and the phone typed another way: born. */
	write_file(x->path, "case_code,name,commune,born,phone,notes\n"
	    "lc-2026-0003,,Tả Ngải Chồ,,,\n"
	    ",LO THI MAI,,1997,+84-912-345-678,\n"
	    ",Vàng A Sử,,,,found by name: neither has a phone\n");
	assert_int_equal(run(x, 0, 0, &c), 0);
	assert_int_equal(c.added, 0);
	assert_int_equal(c.updated, 3);
	assert_int_equal(test_count(db, "SELECT count(*) FROM person"), 3);
	assert_int_equal(person_get(db, "LC-2026-0003", &p), 0);
	assert_string_equal(p.commune, "Tả Ngải Chồ");
	assert_string_equal(p.full_name, "Giàng, Thị Dợ");
	person_free(&p);
	assert_int_equal(person_get(db, "LC-2026-0002", &p), 0);
	assert_string_equal(p.notes, "found by name: neither has a phone");
	person_free(&p);
	assert_int_equal(person_get(db, "LC-2026-0001", &p), 0);
	assert_int_equal(p.birth_year, 1997);
	assert_string_equal(p.commune, "Bản Lầu");
	assert_string_equal(p.full_name, "Lò Thị Mai");    /* found by name */
	person_free(&p);
	assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE "
	    "action = 'edit'"), 3);
}

/* Every bad row is listed with its physical line; nothing is kept. */
static const char bad[] =
    "name,gender,category,phone,born,notes\n"
    "Lò Thị Mai,female,at-risk,0912345678,1998,\"a note\non two lines\"\n"
    "Bad Phone,female,at-risk,0912 34,,\n"
    "Too Few,female,at-risk\n"
    "\n"
    "Lo Thi Mai,female,at-risk,0912.345.678,,\n"
    "Bad Born,male,at-risk,,19x8,\n"
    "No Category,male,,,,\n"
    "Good Two,male,suspected,,,\n";

static void
test_all_or_nothing(void **state)
{
	struct fx *x = *state;
	struct import_counts c;

	/* The final message is on stderr: the import captures the row
	 * messages itself, so the test cannot capture around it. */
	write_file(x->path, bad);
	assert_int_equal(run(x, 0, 0, &c), -1);
	assert_int_equal(c.bad, 6);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM person"), 0);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM audit"), 0);
	assert_non_null(strstr(x->report,
	    "people.csv:4: phone: \"0912 34\" has too few digits"));
	assert_non_null(strstr(x->report,
	    "people.csv:5: 3 cells, but the header has 6 columns"));
	assert_non_null(strstr(x->report, "people.csv:7: same person as line 2"));
	assert_non_null(strstr(x->report,
	    "people.csv:8: born: \"19x8\" is not a year"));
	assert_non_null(strstr(x->report, "people.csv:9: category: \"\" is not "
	    "one of"));
	assert_non_null(strstr(x->report,
	    "people.csv:10: category suspected needs a route"));
	assert_null(strstr(x->report, "people.csv:2:"));
}

static void
test_skip_bad_writes_bad_file(void **state)
{
	struct fx *x = *state;
	struct import_counts c;
	struct csvio_file f;
	char bad_path[700];

	write_file(x->path, bad);
	assert_int_equal(run(x, 1, 0, &c), 0);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.bad, 6);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM person"), 1);
	snprintf(bad_path, sizeof bad_path, "%s/people.bad.csv", x->t->dir);
	assert_non_null(strstr(x->report, "6 bad rows written to"));
	assert_int_equal(csvio_read(bad_path, &f), 0);
	assert_int_equal(f.header.ncells, 7);
	assert_string_equal(f.header.cells[6], "error");
	assert_int_equal(f.nrows, 6);
	assert_string_equal(f.rows[0].cells[0], "Bad Phone");
	assert_string_equal(f.rows[0].cells[3], "0912 34");
	assert_string_equal(f.rows[0].cells[6], "phone: \"0912 34\" has too few "
	    "digits");
	assert_string_equal(f.rows[1].cells[0], "Too Few");
	assert_string_equal(f.rows[1].cells[4], "");
	assert_string_equal(f.rows[2].cells[6], "same person as line 2");
	assert_string_equal(f.rows[5].cells[0], "Good Two");
	csvio_free(&f);

	/* The corrected bad file imports on top without duplicates. */
	write_file(x->path, "name,gender,category,phone,route\n"
	    "Lò Thị Mai,female,at-risk,0912345678,\n"
	    "Good Two,male,suspected,,labour-export\n");
	assert_int_equal(run(x, 0, 0, &c), 0);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.unchanged, 1);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM person"), 2);
}

static void
test_case_codes(void **state)
{
	struct fx *x = *state;
	struct import_counts c;

	write_file(x->path, "case_code,name,gender,category\n"
	    "XY-2020-0001,An,female,at-risk\n");
	assert_int_equal(run(x, 0, 0, &c), -1);
	assert_non_null(strstr(x->report, "people.csv:2: case_code: "
	    "\"XY-2020-0001\" is not in this database"));
	/* Another database's codes: new codes here, then matched by name. */
	assert_int_equal(run(x, 0, 1, &c), 0);
	assert_int_equal(c.added, 1);
	assert_int_equal(run(x, 0, 1, &c), 0);
	assert_int_equal(c.unchanged, 1);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM person "
	    "WHERE case_code = 'LC-2026-0001'"), 1);
}

static void
test_file_errors(void **state)
{
	struct fx *x = *state;
	struct import_counts c;
	char msg[512];

	log_capture(msg, sizeof msg);
	write_file(x->path, "name,phnoe\nA,1\n");
	assert_int_equal(run(x, 0, 0, &c), -1);
	assert_non_null(strstr(msg, "unknown column \"phnoe\""));
	write_file(x->path, "name,gender\nNguy\xD2n,n\xF7\n");
	assert_int_equal(run(x, 1, 0, &c), -1);
	assert_non_null(strstr(msg, "people.csv:2: the file is not UTF-8"));
	assert_non_null(strstr(msg, "iconv -f WINDOWS-1258 -t UTF-8"));
	log_capture(NULL, 0);
}

/* A staged import, as the CLI runs it: no transaction held by the
 * caller; wait_s is how long the write pass may wait for the lock. */
static int
run_staged(struct fx *x, int skip_bad, int wait_s, struct import_counts *c)
{
	struct import_opts o = { .skip_bad = skip_bad, .case_prefix = "LC",
		.staged = 1 };
	int rc;

	if (x->rep)
		fclose(x->rep);
	free(x->report);
	x->report = NULL;
	x->rep = open_memstream(&x->report, &x->report_len);
	o.report = x->rep;
	db_set_wait(x->t->db, wait_s, NULL);
	rc = import_people(x->t->db, x->path, &o, c);
	assert_false(db_in_transaction(x->t->db));
	fflush(x->rep);
	return rc;
}

/* No file the scratch copy left beside the database. */
static int
leftovers(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".import-") != NULL;
	closedir(d);
	return n;
}

/* The rows are checked without the write lock: while another connection
 * holds it, a file with bad rows is refused at once with its lines; a
 * good file waits for the lock (here: gives up after a second, storing
 * nothing), and is stored once the lock is free. */
static void
test_staged_checks_without_the_lock(void **state)
{
	struct fx *x = *state;
	struct import_counts c;
	sqlite3 *other;

	assert_int_equal(sqlite3_open(db_path(x->t->db), &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	write_file(x->path, bad);
	assert_int_equal(run_staged(x, 0, 1, &c), -1);
	assert_int_equal(c.bad, 6);
	assert_non_null(strstr(x->report,
	    "people.csv:4: phone: \"0912 34\" has too few digits"));
	assert_non_null(strstr(x->report, "people.csv:7: same person as line 2"));

	/* ("the database is busy" goes to stderr: the import captures the
	 * row messages itself.) */
	write_file(x->path, good);
	assert_int_equal(run_staged(x, 0, 1, &c), -1);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM person"), 0);

	assert_int_equal(run_staged(x, 0, 1, &c), 0);
	assert_int_equal(c.added, 3);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM person"), 3);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM audit WHERE "
	    "entity = 'person' AND action = 'add'"), 3);
	assert_non_null(strstr(x->report, "people.csv:4: note: converted old "
	    "prefix"));
	assert_int_equal(run_staged(x, 0, 1, &c), 0);
	assert_int_equal(c.unchanged, 3);
	assert_int_equal(leftovers(x->t->dir), 0);
}

/* Staged with skip_bad: the good rows are stored, the bad ones listed;
 * a scratch copy an earlier, killed import left is removed. */
static void
test_staged_skip_bad(void **state)
{
	struct fx *x = *state;
	struct import_counts c;

	char stale[700];
	pid_t pid = fork();

	/* A scratch copy left by an import that was killed: removed. */
	if (pid == 0)
		_exit(0);
	assert_true(pid > 0);
	waitpid(pid, NULL, 0);
	snprintf(stale, sizeof stale, "%s.import-%ld", db_path(x->t->db),
	    (long)pid);
	write_file(stale, "personal data");
	write_file(x->path, bad);
	assert_int_equal(run_staged(x, 1, 1, &c), 0);
	assert_int_equal(c.added, 1);
	assert_int_equal(c.bad, 6);
	assert_int_equal(test_count(x->t->db, "SELECT count(*) FROM person"), 1);
	assert_int_equal(leftovers(x->t->dir), 0);
}

static void
test_bad_path(void **state)
{
	char *p;

	(void)state;
	p = import_bad_path("/x/people.CSV");
	assert_string_equal(p, "/x/people.bad.csv");
	free(p);
	p = import_bad_path("list.txt");
	assert_string_equal(p, "list.txt.bad.csv");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_then_reimport, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_update_by_code_and_by_name,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_staged_checks_without_the_lock,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_staged_skip_bad, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_skip_bad_writes_bad_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_errors, setup, teardown),
		cmocka_unit_test(test_bad_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
