#include "tests/testutil.h"

#include <sys/stat.h>

#include "core/clock.h"
#include "core/csvio.h"
#include "core/db.h"
#include "core/log.h"

static int
parse(const char *s, struct csvio_file *f)
{
	return csvio_parse("t.csv", s, strlen(s), f);
}

static void
test_quotes_and_lines(void **state)
{
	struct csvio_file f;
	const char *s = "name,notes,phone\n"
	    "\"Lò, Thị A\",\"says \"\"hi\"\"\",0912345678\n"
	    "B,\"two\nlines\",0912345679\n"
	    "C,\"three\r\nline\r\nnote\",\n"
	    "D,x,y\n";

	(void)state;
	assert_int_equal(parse(s, &f), 0);
	assert_int_equal(f.header.ncells, 3);
	assert_int_equal(f.header.line, 1);
	assert_int_equal(f.nrows, 4);
	assert_string_equal(f.rows[0].cells[0], "Lò, Thị A");
	assert_string_equal(f.rows[0].cells[1], "says \"hi\"");
	assert_int_equal(f.rows[0].line, 2);
	assert_string_equal(f.rows[1].cells[1], "two\nlines");
	assert_int_equal(f.rows[1].line, 3);
	assert_string_equal(f.rows[2].cells[1], "three\r\nline\r\nnote");
	assert_string_equal(f.rows[2].cells[2], "");
	assert_int_equal(f.rows[2].line, 5);
	assert_int_equal(f.rows[3].line, 8);
	csvio_free(&f);
}

static void
test_bom_blank_lines_crlf(void **state)
{
	struct csvio_file f;
	const char *s = "\xEF\xBB\xBF" "\r\n" "name,phone\r\n\r\n"
	    "A,1\r\n,\r\n  ,  \r\n" "B,2\r\n\r\n";

	(void)state;
	assert_int_equal(parse(s, &f), 0);
	assert_string_equal(f.header.cells[0], "name");
	assert_int_equal(f.header.line, 2);
	assert_int_equal(f.nrows, 2);
	assert_string_equal(f.rows[0].cells[0], "A");
	assert_int_equal(f.rows[0].line, 4);
	assert_string_equal(f.rows[1].cells[0], "B");
	assert_int_equal(f.rows[1].line, 7);
	csvio_free(&f);
}

static void
test_semicolons_and_last_line(void **state)
{
	struct csvio_file f;

	(void)state;
	assert_int_equal(parse("name;born\rA, B;1990\rC;\"1,2\"", &f), 0);
	assert_int_equal(f.nrows, 2);
	assert_string_equal(f.rows[0].cells[0], "A, B");
	assert_int_equal(f.rows[0].line, 2);
	assert_string_equal(f.rows[1].cells[1], "1,2");
	assert_int_equal(f.rows[1].line, 3);
	csvio_free(&f);
}

static void
test_windows1258_refused(void **state)
{
	struct csvio_file f;
	char msg[512];

	(void)state;
	log_capture(msg, sizeof msg);
	/* "Nguyễn" in Windows-1258: e, combining tilde 0xDE, then n. */
	assert_int_equal(parse("name,phone\nAn,1\nNguye\xDEn,2\n", &f), -1);
	log_capture(NULL, 0);
	assert_non_null(strstr(msg, "t.csv:3: the file is not UTF-8"));
	assert_non_null(strstr(msg, "CSV UTF-8 (Comma delimited)"));
	assert_non_null(strstr(msg, "iconv -f WINDOWS-1258 -t UTF-8"));
	csvio_free(&f);
}

static void
test_bad_files(void **state)
{
	struct csvio_file f;
	char msg[512];

	(void)state;
	log_capture(msg, sizeof msg);
	assert_int_equal(parse("name,notes\nA,\"open\nB,c\n", &f), -1);
	assert_non_null(strstr(msg, "t.csv:2: a quoted cell is not closed"));
	csvio_free(&f);
	assert_int_equal(parse("name,notes\nA,\"x\"\nB,Lò \"Bé\"\n", &f), -1);
	assert_non_null(strstr(msg, "t.csv:3: a '\"' inside a cell"));
	csvio_free(&f);
	assert_int_equal(parse("\xEF\xBB\xBF\n\n", &f), -1);
	assert_non_null(strstr(msg, "t.csv: the file is empty"));
	csvio_free(&f);
	assert_int_equal(parse("a,b\n1,\0002\n", &f), 0);  /* stops at NUL */
	csvio_free(&f);
	assert_int_equal(csvio_parse("t.csv", "a,b\n1,\0002\n", 9, &f), -1);
	assert_non_null(strstr(msg, "t.csv:2: the file is not UTF-8"));
	csvio_free(&f);
	assert_int_equal(csvio_read("/nonexistent/x.csv", &f), -1);
	assert_non_null(strstr(msg, "/nonexistent/x.csv: No such file"));
	log_capture(NULL, 0);
	csvio_free(&f);
}

enum { C_NAME, C_PHONE, C_COMMUNE, C_N };
static const struct csvio_col cols[] = {
	{ "name", C_NAME }, { "ho_ten", C_NAME }, { "phone", C_PHONE },
	{ "so_dien_thoai", C_PHONE }, { "xa", C_COMMUNE }, { "stt", -1 },
	{ NULL, 0 },
};

static void
test_columns(void **state)
{
	struct csvio_file f;
	int where[C_N];
	char msg[512];

	(void)state;
	assert_int_equal(parse("STT, Họ tên ,Số Điện Thoại,,Xã\n1,A,2,,x\n", &f),
	    0);
	assert_int_equal(csvio_columns(&f, cols, C_N, where), 0);
	assert_int_equal(where[C_NAME], 1);
	assert_int_equal(where[C_PHONE], 2);
	assert_int_equal(where[C_COMMUNE], 4);
	csvio_free(&f);
	log_capture(msg, sizeof msg);
	assert_int_equal(parse("name,phnoe\n", &f), 0);
	assert_int_equal(csvio_columns(&f, cols, C_N, where), -1);
	assert_non_null(strstr(msg, "t.csv:1: unknown column \"phnoe\""));
	csvio_free(&f);
	assert_int_equal(parse("Name,họ tên\n", &f), 0);
	assert_int_equal(csvio_columns(&f, cols, C_N, where), -1);
	assert_non_null(strstr(msg, "column \"họ tên\" is given twice"));
	log_capture(NULL, 0);
	csvio_free(&f);
}

static void
test_write_read_back(void **state)
{
	static const char *const hdr[] = { "name", "notes", "born", "day", NULL };
	char *dir = test_tmpdir(), path[600];
	struct csvio_out w;
	struct csvio_file f;
	struct stat sb;
	FILE *fp;
	char head[4] = { 0 };

	(void)state;
	snprintf(path, sizeof path, "%s/out.csv", dir);
	assert_int_equal(csvio_out_open(&w, path, hdr), 0);
	csvio_out_cell(&w, "Đỗ, \"Bé\"");
	csvio_out_cell(&w, "a\nb");
	csvio_out_int(&w, 1990);
	csvio_out_date(&w, date_from_ymd(2026, 3, 5));
	csvio_out_cell(&w, " lead");
	csvio_out_cell(&w, NULL);
	csvio_out_cell(&w, "");
	csvio_out_date(&w, DATE_NONE);
	assert_int_equal(access(path, F_OK), -1);       /* not there yet */
	assert_int_equal(csvio_out_close(&w), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	fp = fopen(path, "rb");
	assert_int_equal(fread(head, 1, 3, fp), 3);
	fclose(fp);
	assert_memory_equal(head, "\xEF\xBB\xBF", 3);
	assert_int_equal(csvio_read(path, &f), 0);
	assert_int_equal(f.nrows, 2);
	assert_string_equal(f.rows[0].cells[0], "Đỗ, \"Bé\"");
	assert_string_equal(f.rows[0].cells[1], "a\nb");
	assert_string_equal(f.rows[0].cells[2], "1990");
	assert_string_equal(f.rows[0].cells[3], "2026-03-05");
	assert_string_equal(f.rows[1].cells[0], " lead");
	assert_int_equal(f.rows[1].line, 4);
	csvio_free(&f);
	test_rmdir(dir);
}

/* Found by fuzzing: a cell starting or ending with a tab was written
 * unquoted, and read back without the tab. */
static void
test_tab_edges_read_back(void **state)
{
	static const char *const hdr[] = { "a", "b", "c", NULL };
	char *dir = test_tmpdir(), path[600];
	struct csvio_out w;
	struct csvio_file f;

	(void)state;
	snprintf(path, sizeof path, "%s/tab.csv", dir);
	assert_int_equal(csvio_out_open(&w, path, hdr), 0);
	csvio_out_cell(&w, "\tAlies");
	csvio_out_cell(&w, "x\t");
	csvio_out_cell(&w, "in\tside");
	assert_int_equal(csvio_out_close(&w), 0);
	assert_int_equal(csvio_read(path, &f), 0);
	assert_int_equal(f.nrows, 1);
	assert_string_equal(f.rows[0].cells[0], "\tAlies");
	assert_string_equal(f.rows[0].cells[1], "x\t");
	assert_string_equal(f.rows[0].cells[2], "in\tside");
	csvio_free(&f);
	test_rmdir(dir);
}

/* Values a spreadsheet would run as formulas are written as text (a
 * leading apostrophe) and read back unchanged; phone numbers and
 * negative numbers are left alone. */
static void
test_formula_cells_kept_as_text(void **state)
{
	static const char *const hdr[] = { "a", "b", "c", "d", "e", "f", "g",
	    "h", "i", "j", NULL };
	char *dir = test_tmpdir(), path[600], raw[512];
	struct csvio_out w;
	struct csvio_file f;
	FILE *in;
	size_t n;

	(void)state;
	snprintf(path, sizeof path, "%s/f.csv", dir);
	assert_int_equal(csvio_out_open(&w, path, hdr), 0);
	csvio_out_cell(&w, "=HYPERLINK(\"http://x\",\"y\")");
	csvio_out_cell(&w, "@SUM(A1)");
	csvio_out_cell(&w, "+84912345678");
	csvio_out_cell(&w, "-5");
	csvio_out_cell(&w, "-cmd");
	csvio_out_cell(&w, "+1+cmd|calc");
	csvio_out_cell(&w, "-2+3");
	csvio_out_cell(&w, "\t=1+1");
	csvio_out_cell(&w, "-1.500.000");
	csvio_out_cell(&w, "+84 912 345 678");
	assert_int_equal(csvio_out_close(&w), 0);
	in = fopen(path, "r");
	n = fread(raw, 1, sizeof raw - 1, in);
	raw[n] = '\0';
	fclose(in);
	assert_non_null(strstr(raw, "\"'=HYPERLINK("));
	assert_non_null(strstr(raw, ",'@SUM(A1),+84912345678,-5,'-cmd,"
	    "'+1+cmd|calc,'-2+3,\"'\t=1+1\",-1.500.000,+84 912 345 678\r\n"));
	assert_int_equal(csvio_read(path, &f), 0);
	assert_string_equal(f.rows[0].cells[0], "=HYPERLINK(\"http://x\",\"y\")");
	assert_string_equal(f.rows[0].cells[1], "@SUM(A1)");
	assert_string_equal(f.rows[0].cells[2], "+84912345678");
	assert_string_equal(f.rows[0].cells[3], "-5");
	assert_string_equal(f.rows[0].cells[4], "-cmd");
	assert_string_equal(f.rows[0].cells[5], "+1+cmd|calc");
	assert_string_equal(f.rows[0].cells[6], "-2+3");
	assert_string_equal(f.rows[0].cells[7], "\t=1+1");
	assert_string_equal(f.rows[0].cells[8], "-1.500.000");
	assert_string_equal(f.rows[0].cells[9], "+84 912 345 678");
	csvio_free(&f);
	test_rmdir(dir);
}

static void
test_abort_leaves_nothing(void **state)
{
	static const char *const hdr[] = { "a", NULL };
	char *dir = test_tmpdir(), path[600], cmd[700];
	struct csvio_out w;

	(void)state;
	snprintf(path, sizeof path, "%s/x.csv", dir);
	assert_int_equal(csvio_out_open(&w, path, hdr), 0);
	csvio_out_cell(&w, "1");
	csvio_out_abort(&w);
	snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", dir);
	assert_int_equal(system(cmd), 0);
	test_rmdir(dir);
}

static void
test_progress_quiet(void **state)
{
	struct csvio_progress p;

	(void)state;
	csvio_progress_start(&p, "exporting", CSVIO_PROGRESS_MIN - 1);
	assert_int_equal(p.on, 0);
	csvio_progress_step(&p);
	assert_int_equal(p.done, 1);
	csvio_progress_end(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes_and_lines),
		cmocka_unit_test(test_bom_blank_lines_crlf),
		cmocka_unit_test(test_semicolons_and_last_line),
		cmocka_unit_test(test_windows1258_refused),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_tab_edges_read_back),
		cmocka_unit_test(test_formula_cells_kept_as_text),
		cmocka_unit_test(test_abort_leaves_nothing),
		cmocka_unit_test(test_progress_quiet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
