#include "core/csvio.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/table.h"
#include "core/text.h"
#include "core/util.h"

#define UTF8_ADVICE "save it as \"CSV UTF-8 (Comma delimited)\" in Excel " \
	"(or \"Text CSV\" with character set Unicode (UTF-8) in LibreOffice), " \
	"or convert it with iconv -f WINDOWS-1258 -t UTF-8"

/* The parse in progress. */
struct reader {
	struct csvio_file *f;
	struct csvio_row cur;
	int cap_cells, cap_rows;
	int line, start_line, after_end;
};

static void
row_free(struct csvio_row *r)
{
	for (int i = 0; i < r->ncells; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

void
csvio_free(struct csvio_file *f)
{
	row_free(&f->header);
	for (int i = 0; i < f->nrows; i++)
		row_free(&f->rows[i]);
	free(f->rows);
	free(f->path);
	memset(f, 0, sizeof *f);
}

static void
on_cell(void *s, size_t len, void *arg)
{
	struct reader *r = arg;

	if (r->cur.ncells == r->cap_cells) {
		r->cap_cells = r->cap_cells ? r->cap_cells * 2 : 16;
		r->cur.cells = xrealloc(r->cur.cells,
		    (size_t)r->cap_cells * sizeof *r->cur.cells);
	}
	/* A leading apostrophe kept a formula-like value as text (see
	 * csv_field in table.h): drop it. */
	if (s && len > 1 && ((const char *)s)[0] == '\'') {
		char *rest = xstrndup((const char *)s + 1, len - 1);
		if (csv_formula_like(rest)) {
			r->cur.cells[r->cur.ncells++] = rest;
			return;
		}
		free(rest);
	}
	r->cur.cells[r->cur.ncells++] = xstrndup(s ? s : "", len);
}

static int
row_blank(const struct csvio_row *row)
{
	for (int i = 0; i < row->ncells; i++)
		if (row->cells[i][strspn(row->cells[i], " \t")])
			return 0;
	return 1;
}

/* A record ended: keep it as the header or a row unless it is blank. */
static void
on_row(int term, void *arg)
{
	struct reader *r = arg;
	struct csvio_file *f = r->f;

	(void)term;
	r->cur.line = r->start_line;
	r->after_end = 1;
	r->cap_cells = 0;
	if (row_blank(&r->cur)) {
		row_free(&r->cur);
		return;
	}
	if (!f->header.cells) {
		f->header = r->cur;
	} else {
		if (f->nrows == r->cap_rows) {
			r->cap_rows = r->cap_rows ? r->cap_rows * 2 : 64;
			f->rows = xrealloc(f->rows,
			    (size_t)r->cap_rows * sizeof *f->rows);
		}
		f->rows[f->nrows++] = r->cur;
	}
	memset(&r->cur, 0, sizeof r->cur);
}

/* The delimiter the first line uses most: ',', ';' or tab. */
static unsigned char
guess_delim(const char *s, size_t len)
{
	size_t comma = 0, semi = 0, tab = 0;
	int quoted = 0;

	for (size_t i = 0; i < len && (quoted || (s[i] != '\n' && s[i] != '\r'));
	    i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == ',')
			comma++;
		else if (!quoted && s[i] == ';')
			semi++;
		else if (!quoted && s[i] == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	return tab > comma ? '\t' : ',';
}

/* Refuse NUL bytes and invalid UTF-8, naming the first bad line. */
static int
check_text(const char *name, const char *s, size_t len)
{
	size_t start = 0;
	int line = 1;

	if (text_valid_utf8(s, len) && !memchr(s, '\0', len))
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\n')
			continue;
		if (!text_valid_utf8(s + start, i - start) ||
		    memchr(s + start, '\0', i - start))
			break;
		start = i + 1;
		line++;
	}
	return error("%s:%d: the file is not UTF-8 text (from Excel in "
	    "Windows-1258?): %s", name, line, UTF8_ADVICE);
}

/* Feed one byte at a time so that every record knows its first line. */
static int
feed(struct csv_parser *p, struct reader *r, const char *name,
    const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (r->after_end && !strchr(" \t\r\n", c)) {
			r->start_line = r->line;
			r->after_end = 0;
		}
		if (csv_parse(p, &c, 1, on_cell, on_row, r) != 1)
			return error("%s:%d: a '\"' inside a cell that is not "
			    "quoted, or text after a closing quote (quote the "
			    "whole cell and double the quotes in it)", name,
			    r->line);
		if (c == '\r' || (c == '\n' && (i == 0 || s[i - 1] != '\r')))
			r->line++;
	}
	return 0;
}

int
csvio_parse(const char *name, const char *data, size_t len,
    struct csvio_file *out)
{
	struct csv_parser p;
	struct reader r = { .f = out, .line = 1, .start_line = 1, .after_end = 1 };
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->path = xstrdup(name);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, len -= 3;
	if (check_text(name, data, len) < 0)
		return -1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return error("%s: out of memory", name);
	csv_set_delim(&p, guess_delim(data, len));
	if (feed(&p, &r, name, data, len) < 0)
		rc = -1;
	else if (csv_fini(&p, on_cell, on_row, &r) != 0)
		rc = error("%s:%d: a quoted cell is not closed (a '\"' is "
		    "missing)", name, r.start_line);
	csv_free(&p);
	row_free(&r.cur);
	if (rc == 0 && !out->header.cells)
		rc = error("%s: the file is empty (a header row naming the "
		    "columns is needed)", name);
	return rc;
}

int
csvio_read(const char *path, struct csvio_file *out)
{
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;
	FILE *fp;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(fp = fopen(path, "rb")))
		return error("%s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_addn(&b, chunk, n);
	if (ferror(fp)) {
		rc = error("%s: %s", path, strerror(errno));
	} else {
		rc = csvio_parse(path, b.s ? b.s : "", b.len, out);
	}
	fclose(fp);
	buf_free(&b);
	return rc;
}

char *
csvio_fold_name(const char *s)
{
	char *copy = xstrdup(s), *fold = text_fold(str_trim(copy));

	for (char *q = fold; *q; q++)
		if (*q == ' ' || *q == '-')
			*q = '_';
	free(copy);
	return fold;
}

static const struct csvio_col *
col_find(const struct csvio_col *cols, const char *folded)
{
	for (; cols->name; cols++)
		if (!strcmp(cols->name, folded))
			return cols;
	return NULL;
}

int
csvio_columns(const struct csvio_file *f, const struct csvio_col *cols,
    int nids, int *where)
{
	const struct csvio_row *h = &f->header;
	int rc = 0;

	for (int i = 0; i < nids; i++)
		where[i] = -1;
	for (int i = 0; i < h->ncells && rc == 0; i++) {
		char *name = csvio_fold_name(h->cells[i]);
		const struct csvio_col *c = name[0] ? col_find(cols, name) : NULL;

		if (name[0] && !c)
			rc = error("%s:%d: unknown column \"%s\"", f->path, h->line,
			    h->cells[i]);
		else if (c && c->id >= 0 && where[c->id] >= 0)
			rc = error("%s:%d: column \"%s\" is given twice", f->path,
			    h->line, h->cells[i]);
		else if (c && c->id >= 0)
			where[c->id] = i;
		free(name);
	}
	return rc;
}

int
csvio_out_open(struct csvio_out *w, const char *path,
    const char *const *header)
{
	int fd;

	memset(w, 0, sizeof *w);
	w->path = xstrdup(path);
	w->tmp = xmalloc(strlen(path) + 16);
	sprintf(w->tmp, "%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(w->tmp)) < 0 || fchmod(fd, 0600) < 0 ||
	    !(w->f = fdopen(fd, "wb"))) {
		error("%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd), unlink(w->tmp);
		free(w->path), free(w->tmp);
		memset(w, 0, sizeof *w);
		return -1;
	}
	fputs("\xEF\xBB\xBF", w->f);
	while (header[w->ncols])
		w->ncols++;
	for (int i = 0; i < w->ncols; i++)
		csvio_out_cell(w, header[i]);
	w->rows = 0;
	return 0;
}

void
csvio_out_cell(struct csvio_out *w, const char *s)
{
	if (w->col > 0)
		fputc(',', w->f);
	csv_field(w->f, s ? s : "");
	if (++w->col == w->ncols) {
		fputs("\r\n", w->f);
		w->col = 0;
		w->rows++;
	}
}

void
csvio_out_int(struct csvio_out *w, long long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	csvio_out_cell(w, buf);
}

void
csvio_out_date(struct csvio_out *w, int day)
{
	char buf[16];

	csvio_out_cell(w, day == DATE_NONE ? NULL : date_format(day, buf));
}

static void
out_release(struct csvio_out *w)
{
	free(w->path);
	free(w->tmp);
	memset(w, 0, sizeof *w);
}

int
csvio_out_close(struct csvio_out *w)
{
	int bad = ferror(w->f) || fflush(w->f) != 0 || fsync(fileno(w->f)) != 0;

	if (fclose(w->f) != 0)
		bad = 1;
	if (bad || rename(w->tmp, w->path) < 0) {
		error("%s: %s", w->path, strerror(errno));
		unlink(w->tmp);
		out_release(w);
		return -1;
	}
	out_release(w);
	return 0;
}

void
csvio_out_abort(struct csvio_out *w)
{
	if (!w->f)
		return;
	fclose(w->f);
	unlink(w->tmp);
	out_release(w);
}

void
csvio_progress_start(struct csvio_progress *p, const char *label, long total)
{
	memset(p, 0, sizeof *p);
	p->label = label;
	p->total = total;
	p->shown = -1;
	p->on = total >= CSVIO_PROGRESS_MIN && isatty(STDERR_FILENO);
}

void
csvio_progress_step(struct csvio_progress *p)
{
	char bar[31];
	int pct, fill;

	p->done++;
	if (!p->on)
		return;
	pct = (int)(p->done * 100 / (p->total > 0 ? p->total : 1));
	if (pct > 100)
		pct = 100;
	if (pct == p->shown)
		return;
	p->shown = pct;
	fill = pct * 30 / 100;
	memset(bar, '#', (size_t)fill);
	memset(bar + fill, ' ', (size_t)(30 - fill));
	bar[30] = '\0';
	fprintf(stderr, "\r%s [%s] %3d%%", p->label, bar, pct);
	fflush(stderr);
}

void
csvio_progress_end(struct csvio_progress *p)
{
	if (p->on && p->shown >= 0)
		fprintf(stderr, "\r%*s\r", (int)strlen(p->label) + 38, "");
	p->on = 0;
}

int
csvio_export_start(struct db *db, struct csvio_export *x, const char *path,
    const struct csvio_head *head, int flags, const char *count_sql)
{
	const char **header;
	size_t n = 0;
	int64_t count;
	int rc;

	while (head[n].en)
		n++;
	header = xcalloc(n + 1, sizeof *header);
	n = 0;
	for (; head->en; head++)
		if (!head->personal || (flags & CSVIO_NAMES))
			header[n++] = (flags & CSVIO_VI) ? head->vi : head->en;
	rc = db_int(db, &count, 0, count_sql, "") < 0 ||
	    csvio_out_open(&x->w, path, header) < 0 ? -1 : 0;
	free(header);
	if (rc == 0)
		/* TRANSLATORS: the label of the progress bar of an export. */
		csvio_progress_start(&x->pr, _("exporting"), (long)count);
	return rc;
}

int
csvio_export_finish(struct csvio_export *x, int rc, long *rows)
{
	csvio_progress_end(&x->pr);
	*rows = x->w.rows;
	if (rc != 0) {
		csvio_out_abort(&x->w);
		return -1;
	}
	return csvio_out_close(&x->w);
}
