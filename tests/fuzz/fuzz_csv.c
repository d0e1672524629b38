/*
 * fuzz_csv.c - reading CSV for imports (core/csvio.h): csvio_parse on any
 * bytes, naming columns from the header, and a round trip of the rows
 * through the writer used for exports.
 *
 * Properties: records start on ascending lines within the file; every
 * cell is valid UTF-8; column indexes are in range and distinct; rows
 * written with csvio_out read back as the same cells.
 */
#include "tests/fuzz/fuzz.h"

#include <unistd.h>

#include "core/csvio.h"
#include "core/text.h"

static const struct csvio_col cols[] = {
	{ "case_code", 0 }, { "name", 1 }, { "ho_ten", 1 }, { "phone", 2 },
	{ "so_dien_thoai", 2 }, { "notes", 3 }, { "stt", -1 }, { NULL, 0 },
};

static int
count_lines(const uint8_t *data, size_t size)
{
	int n = 1;

	for (size_t i = 0; i < size; i++)
		if (data[i] == '\r' || (data[i] == '\n' && (i == 0 ||
		    data[i - 1] != '\r')))
			n++;
	return n;
}

static void
check_row(const struct csvio_row *r, int prev_line, int lines)
{
	fuzz_check(r->line > prev_line && r->line <= lines);
	fuzz_check(r->ncells >= 1 && r->cells);
	for (int i = 0; i < r->ncells; i++)
		fuzz_check(text_valid_utf8(r->cells[i], strlen(r->cells[i])));
}

static void
check_columns(const struct csvio_file *f)
{
	int where[4];

	if (csvio_columns(f, cols, 4, where) < 0)
		return;
	for (int i = 0; i < 4; i++) {
		fuzz_check(where[i] >= -1 && where[i] < f->header.ncells);
		for (int k = 0; where[i] >= 0 && k < i; k++)
			fuzz_check(where[k] != where[i]);
	}
}

/* Cell i of row r, "" past its end. */
static const char *
cell(const struct csvio_row *r, int i)
{
	return i < r->ncells ? r->cells[i] : "";
}

#define MAX_COLS 64

/* Write the rows under a plain header as wide as the widest row and read
 * them back. */
static void
round_trip(const struct csvio_file *f)
{
	char path[64], names[MAX_COLS][8];
	const char *header[MAX_COLS + 1];
	struct csvio_out w;
	struct csvio_file g;
	int ncols = 1;

	for (int r = 0; r < f->nrows; r++)
		if (f->rows[r].ncells > ncols)
			ncols = f->rows[r].ncells;
	if (ncols > MAX_COLS)
		return;
	for (int i = 0; i < ncols; i++) {
		snprintf(names[i], sizeof names[i], "c%d", i + 1);
		header[i] = names[i];
	}
	header[ncols] = NULL;
	snprintf(path, sizeof path, "/dev/shm/shg-fuzz-csv-%d.csv", (int)getpid());
	fuzz_check(csvio_out_open(&w, path, header) == 0);
	for (int r = 0; r < f->nrows; r++)
		for (int i = 0; i < ncols; i++)
			csvio_out_cell(&w, cell(&f->rows[r], i));
	fuzz_check(csvio_out_close(&w) == 0);
	fuzz_check(csvio_read(path, &g) == 0 && unlink(path) == 0);
	fuzz_check(g.header.ncells == ncols && g.nrows == f->nrows);
	for (int r = 0; r < f->nrows; r++)
		for (int i = 0; i < ncols; i++)
			fuzz_check(strcmp(cell(&g.rows[r], i),
			    cell(&f->rows[r], i)) == 0);
	csvio_free(&g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvio_file f;
	int lines = count_lines(data, size), prev;

	fuzz_quiet();
	if (csvio_parse("fuzz.csv", (const char *)data, size, &f) == 0) {
		check_row(&f.header, 0, lines);
		prev = f.header.line;
		for (int i = 0; i < f.nrows; i++) {
			check_row(&f.rows[i], prev, lines);
			prev = f.rows[i].line;
		}
		for (int i = 0; i < f.header.ncells; i++)
			free(csvio_fold_name(f.header.cells[i]));
		check_columns(&f);
		round_trip(&f);
	}
	csvio_free(&f);
	return 0;
}
