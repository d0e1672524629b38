/*
 * csvio.h - CSV files as spreadsheets write them: reading through libcsv
 * with the physical line of every record, naming columns from the header
 * row, writing files that Excel and LibreOffice open as UTF-8, and a
 * progress bar for long runs.
 *
 * Reading accepts UTF-8 with or without a byte order mark, CRLF, LF or CR
 * line ends, quoted fields with embedded delimiters, quotes and newlines,
 * and a comma, semicolon or tab delimiter (whichever the header line has
 * most of: Excel in Vietnamese settings writes semicolons). Blank lines
 * and rows whose cells are all empty are skipped. A file that is not valid
 * UTF-8 is refused with advice on saving it as UTF-8.
 *
 * Functions return 0 or -1 after one error() message naming the file (and
 * line when there is one).
 */
#ifndef SHG_CSVIO_H
#define SHG_CSVIO_H

#include <stdio.h>

/* One record: its cells (NUL-terminated, owned by the file) and the line
 * of the file it starts on, counting the newlines inside quoted cells. */
struct csvio_row {
	int line;
	int ncells;
	char **cells;
};

/* A whole file: the header row and the records after it. */
struct csvio_file {
	char *path;
	struct csvio_row header;
	int nrows;
	struct csvio_row *rows;
};

/* Read path into out (freed with csvio_free, also after an error). -1 when
 * the file cannot be read, is not UTF-8, has a quoting error or has no
 * header row. */
int csvio_read(const char *path, struct csvio_file *out);
/* The same from memory; name is used in messages. */
int csvio_parse(const char *name, const char *data, size_t len,
    struct csvio_file *out);
void csvio_free(struct csvio_file *f);

/*
 * Columns. A header cell names a column when, folded (diacritics removed,
 * lower case, surrounding spaces trimmed, inner spaces and '-' as '_'), it
 * equals a name in the table: "Số điện thoại" matches "so_dien_thoai",
 * "Case Code" matches "case_code". Entries with id -1 name columns that are
 * accepted and ignored ("stt", the row number spreadsheets carry).
 */
struct csvio_col {
	const char *name;       /* folded form */
	int id;                 /* 0 .. nids-1, or -1: ignored */
};

/* Fill where[id] with the header index of each column id (or -1 when the
 * file lacks it) for the NULL-name-terminated table cols. Empty header
 * cells are ignored. -1 for an unknown or repeated column. */
int csvio_columns(const struct csvio_file *f, const struct csvio_col *cols,
    int nids, int *where);
/* The folded form of a header cell (as described above). Caller frees. */
char *csvio_fold_name(const char *s);

/*
 * Writing. The file is written beside path under a temporary name with
 * mode 0600 (exports hold personal data) and renamed over path by
 * csvio_out_close, so a failed export leaves no half-written file. It
 * starts with a UTF-8 byte order mark (Excel needs it to show Vietnamese
 * letters), ends lines with CRLF and quotes cells only when needed.
 */
struct csvio_out {
	FILE *f;
	char *path, *tmp;
	int ncols, col;
	long rows;
};

/* Create the file and write the header (NULL-terminated). */
int csvio_out_open(struct csvio_out *w, const char *path,
    const char *const *header);
/* Add a cell (NULL: empty); a row ends after ncols cells. */
void csvio_out_cell(struct csvio_out *w, const char *s);
void csvio_out_int(struct csvio_out *w, long long v);
/* A day number as YYYY-MM-DD; DATE_NONE gives an empty cell. */
void csvio_out_date(struct csvio_out *w, int day);
/* Flush, sync and rename into place. -1 (file removed) on a write error. */
int csvio_out_close(struct csvio_out *w);
/* Give up: remove the temporary file. */
void csvio_out_abort(struct csvio_out *w);

/*
 * Progress on stderr for runs of at least CSVIO_PROGRESS_MIN rows, only
 * when stderr is a terminal: "importing people [#####     ] 50%". Redrawn
 * when the percentage changes; the line is cleared at the end.
 */
struct db;

#define CSVIO_PROGRESS_MIN 200

struct csvio_progress {
	const char *label;
	long total, done;
	int on, shown;
};

void csvio_progress_start(struct csvio_progress *p, const char *label,
    long total);
void csvio_progress_step(struct csvio_progress *p);
void csvio_progress_end(struct csvio_progress *p);

/*
 * An export: a file being written with a progress bar over the rows that
 * count_sql (static SQL giving one number) finds. csvio_export_finish
 * takes the result of writing the rows (rc): 0 renames the file into
 * place, anything else removes it; *rows receives how many were written.
 */
struct csvio_export {
	struct csvio_out w;
	struct csvio_progress pr;
};

/* A column of an export: its header in English and in Vietnamese (the
 * Vietnamese one folds to a name the import of that kind accepts, so a
 * file exported in either language imports again), and whether it holds
 * personal details (written only with CSVIO_NAMES). Tables end with an
 * entry whose en is NULL. */
struct csvio_head {
	const char *en, *vi;
	int personal;
};

enum csvio_export_flags {
	CSVIO_NAMES = 1,        /* include the personal columns */
	CSVIO_VI = 2,           /* Vietnamese headers */
};

/* Start writing path with the headers of head chosen by flags. */
int csvio_export_start(struct db *db, struct csvio_export *x,
    const char *path, const struct csvio_head *head, int flags,
    const char *count_sql);
int csvio_export_finish(struct csvio_export *x, int rc, long *rows);

#endif
