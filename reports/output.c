/*
 * output.c - the summary report as aligned text and as CSV. Part of the
 * summary module (summary.h).
 */
#include "reports/summary.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/table.h"
#include "core/util.h"

enum summary_unit
summary_unit_of(const struct summary_section *sec, const struct summary_row *row,
    int col)
{
	enum summary_unit u = sec->cols[col].unit;
	return u == SUMMARY_ROW ? row->unit : u;
}

/* v in hundredths (or tenths when scale is 10) with a decimal mark. */
static const char *
fixed(int64_t v, int scale, char mark, const char *suffix, char *buf)
{
	int64_t a = v < 0 ? -v : v;
	int digits = scale == 100 ? 2 : 1;

	if (snprintf(buf, 32, "%s%" PRId64 "%c%0*" PRId64 "%s", v < 0 ? "-" : "",
	    a / scale, mark, digits, a % scale, suffix) >= 32)
		buf[31] = '\0';
	return buf;
}

const char *
summary_format(int64_t v, enum summary_unit unit, int csv, char *buf)
{
	if (v == SUMMARY_NA)
		return csv ? "" : "-";
	switch (unit) {
	case SUMMARY_MONEY:
		if (!csv)
			return money_format(v, buf, 32);
		break;
	case SUMMARY_BP:
		return fixed(v, 100, csv ? '.' : ',', csv ? "" : "%", buf);
	case SUMMARY_HOURS:
		return fixed(v, 10, csv ? '.' : ',', csv ? "" : " h", buf);
	default:
		break;
	}
	snprintf(buf, 32, "%" PRId64, v);
	return buf;
}

/* "Place: province X, district Y" or "Place: all". */
static void
print_place(const struct summary *s, FILE *out)
{
	const char *sep = "";

	fputs("Place:", out);
	if (s->place.province)
		fprintf(out, "%s province %s", sep, s->place.province), sep = ",";
	if (s->place.district)
		fprintf(out, "%s district %s", sep, s->place.district), sep = ",";
	if (s->place.commune)
		fprintf(out, "%s commune %s", sep, s->place.commune), sep = ",";
	fputs(*sep ? "\n" : " all\n", out);
}

static void
print_section(const struct summary_section *sec, FILE *out)
{
	char *heads[SUMMARY_COLS + 2] = { 0 };
	char buf[32];
	struct table *t;

	heads[0] = xstrdup(sec->item_head);
	for (int i = 0; i < sec->ncols; i++) {
		heads[i + 1] = xmalloc(strlen(sec->cols[i].name) + 2);
		sprintf(heads[i + 1], ">%s", sec->cols[i].name);
	}
	t = table_new((const char *const *)heads, 0);
	for (int r = 0; r < sec->nrows; r++) {
		const struct summary_row *row = &sec->rows[r];
		table_cell(t, row->item);
		for (int i = 0; i < sec->ncols; i++)
			table_cell(t, summary_format(row->v[i],
			    summary_unit_of(sec, row, i), 0, buf));
	}
	fprintf(out, "\n%s\n", sec->title);
	table_print(t, out);
	if (sec->note)
		fprintf(out, "(%s)\n", sec->note);
	for (int i = 0; heads[i]; i++)
		free(heads[i]);
}

int
summary_print_text(const struct summary *s, FILE *out)
{
	char a[16], b[16];

	fprintf(out, "Summary report %s to %s\n", date_format(s->from, a),
	    date_format(s->to, b));
	print_place(s, out);
	for (int i = 0; i < s->nsec; i++)
		print_section(&s->sec[i], out);
	return ferror(out) ? -1 : 0;
}

static void
csv_line(FILE *out, const char *a, const char *b, const char *c,
    const char *d)
{
	csv_field(out, a);
	fputc(',', out);
	csv_field(out, b);
	fputc(',', out);
	csv_field(out, c);
	fputc(',', out);
	csv_field(out, d);
	fputs("\r\n", out);
}

int
summary_print_csv(const struct summary *s, FILE *out)
{
	char buf[32];

	csv_line(out, "section", "item", "measure", "value");
	for (int i = 0; i < s->nsec; i++) {
		const struct summary_section *sec = &s->sec[i];
		for (int r = 0; r < sec->nrows; r++)
			for (int c = 0; c < sec->ncols; c++)
				csv_line(out, sec->name, sec->rows[r].item,
				    sec->cols[c].name, summary_format(
				    sec->rows[r].v[c], summary_unit_of(sec,
				    &sec->rows[r], c), 1, buf));
	}
	return ferror(out) ? -1 : 0;
}
