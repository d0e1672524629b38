#include "core/table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/util.h"

struct table {
	int ncols, csv;
	const char *const *headers;
	char **cells;
	size_t ncells, cap;
};

const char *
table_label(const char *qualified)
{
	const char *t = _(qualified), *bar;

	if (strcmp(t, qualified))
		return t;
	bar = strchr(qualified, '|');
	return bar ? bar + 1 : qualified;
}

struct table *
table_new(const char *const *headers, int csv)
{
	struct table *t = xcalloc(1, sizeof *t);

	t->headers = headers;
	t->csv = csv;
	while (headers[t->ncols])
		t->ncols++;
	return t;
}

void
table_cell(struct table *t, const char *s)
{
	if (t->ncells == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = xrealloc(t->cells, t->cap * sizeof *t->cells);
	}
	t->cells[t->ncells++] = xstrdup(s ? s : "");
}

void
table_cellf(struct table *t, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	table_cell(t, b.s ? b.s : "");
	buf_free(&b);
}

void
table_cell_int(struct table *t, int64_t v)
{
	table_cellf(t, "%lld", (long long)v);
}

/* Text shows 1.500.000 (1.500.000 đ in Vietnamese); CSV keeps plain
 * digits so spreadsheets read a number. */
void
table_cell_money(struct table *t, int64_t v)
{
	char buf[48];

	if (t->csv)
		table_cell_int(t, v);
	else
		table_cell(t, money_show(v, buf, sizeof buf));
}

/* Text shows the date of the language (dd/mm/yyyy in Vietnamese); CSV
 * keeps YYYY-MM-DD for scripts. */
void
table_cell_date(struct table *t, int day)
{
	char buf[16];

	if (day == DATE_NONE)
		table_cell(t, "");
	else
		table_cell(t, t->csv ? date_format(day, buf) : date_show(day, buf));
}

int
table_rows(const struct table *t)
{
	return (int)(t->ncells / (size_t)t->ncols);
}

/* Quoted when it holds a delimiter, quote or line end, or starts or ends
 * with a space or tab (which readers such as libcsv trim from unquoted
 * cells). A cell a spreadsheet would take for a formula gets a leading
 * apostrophe, which csvio drops again when it reads the file. */
/* A plain number ("-1500000", "-2,5") or a phone number ("+84 912 345
 * 678") after its sign: digits with at most spaces, '.' and ',' between
 * them. Anything else after '+' or '-' ("-2+3", "+1+cmd|calc") is a
 * formula to a spreadsheet. */
static int
signed_number(const char *s)
{
	if (!(*s >= '0' && *s <= '9'))
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == ' ' || *s == '.' ||
		    *s == ','))
			return 0;
	return s[-1] >= '0' && s[-1] <= '9';
}

int
csv_formula_like(const char *s)
{
	switch (s[0]) {
	case '=': case '@': case '\t': case '\r':
		return 1;
	case '+': case '-':
		return !signed_number(s + 1);
	default:
		return 0;
	}
}

void
csv_field(FILE *out, const char *s)
{
	size_t len = strlen(s);
	int quote = strpbrk(s, ",\"\r\n") || (len > 0 && (s[0] == ' ' ||
	    s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t'));

	if (quote)
		fputc('"', out);
	/* A spreadsheet would run "=..." as a formula: keep it text. */
	if (csv_formula_like(s))
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	if (quote)
		fputc('"', out);
}

/* The header as shown: translated, without the '>' of a right-aligned
 * column (whether or not the translation kept it). */
static const char *
header_text(const char *h)
{
	const char *s = table_label(h);

	return s[0] == '>' ? s + 1 : s;
}

static void
print_csv(struct table *t, FILE *out)
{
	for (int c = 0; c < t->ncols; c++) {
		if (c)
			fputc(',', out);
		csv_field(out, header_text(t->headers[c]));
	}
	fputs("\r\n", out);
	for (size_t i = 0; i < t->ncells; i++) {
		csv_field(out, t->cells[i]);
		fputs((i + 1) % (size_t)t->ncols ? "," : "\r\n", out);
	}
}

static void
print_cell(FILE *out, const char *s, size_t width, int right, int last)
{
	size_t w = text_width(s);

	if (right)
		for (size_t k = w; k < width; k++)
			fputc(' ', out);
	fputs(s, out);
	if (!right && !last)
		for (size_t k = w; k < width; k++)
			fputc(' ', out);
	fputs(last ? "\n" : "  ", out);
}

static void
print_text(struct table *t, FILE *out)
{
	size_t *width = xcalloc((size_t)t->ncols, sizeof *width);
	int c;

	for (c = 0; c < t->ncols; c++)
		width[c] = text_width(header_text(t->headers[c]));
	for (size_t i = 0; i < t->ncells; i++) {
		size_t w = text_width(t->cells[i]);
		c = (int)(i % (size_t)t->ncols);
		if (w > width[c])
			width[c] = w;
	}
	for (c = 0; c < t->ncols; c++)
		print_cell(out, header_text(t->headers[c]), width[c],
		    t->headers[c][0] == '>', c == t->ncols - 1);
	for (size_t i = 0; i < t->ncells; i++) {
		c = (int)(i % (size_t)t->ncols);
		print_cell(out, t->cells[i], width[c], t->headers[c][0] == '>',
		    c == t->ncols - 1);
	}
	if (t->ncells == 0)
		/* TRANSLATORS: what a table with no rows shows. */
		fputs(_("(none)\n"), out);
	free(width);
}

void
table_print(struct table *t, FILE *out)
{
	/* Complete a partial last row so that nothing is dropped. */
	while (t->ncells % (size_t)t->ncols)
		table_cell(t, "");
	if (t->csv)
		print_csv(t, out);
	else
		print_text(t, out);
	table_free(t);
}

void
table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}
