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
#include "core/i18n.h"
#include "core/table.h"
#include "core/util.h"
#include "reports/summary_int.h"

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

	if (snprintf(buf, SUMMARY_BUF, "%s%" PRId64 "%c%0*" PRId64 "%s",
	    v < 0 ? "-" : "", a / scale, mark, digits, a % scale,
	    suffix) >= SUMMARY_BUF)
		buf[SUMMARY_BUF - 1] = '\0';
	return buf;
}

/* Tenths of an hour for people: "3.5 h", "3,5 giờ". */
static const char *
hours_show(int64_t v, char *buf)
{
	char n[SUMMARY_BUF];

	fixed(v, 10, decimal_mark(), "", n);
	/* TRANSLATORS: a duration in hours, "36,0 h". */
	snprintf(buf, SUMMARY_BUF, _("%s h"), n);
	return buf;
}

/* Text as i18n.h shows it in the language in effect ("1,500,000 đ",
 * "92.50%"; "1.500.000 đ", "92,50 %"); CSV plain numbers with '.'. */
const char *
summary_format(int64_t v, enum summary_unit unit, int csv, char *buf)
{
	if (v == SUMMARY_NA)
		return csv ? "" : "-";
	switch (unit) {
	case SUMMARY_MONEY:
		if (!csv)
			return money_show(v, buf, SUMMARY_BUF);
		break;
	case SUMMARY_BP:
		if (!csv)
			return percent_show(v, buf, SUMMARY_BUF);
		return fixed(v, 100, '.', "", buf);
	case SUMMARY_HOURS:
		return csv ? fixed(v, 10, '.', "", buf) : hours_show(v, buf);
	default:
		break;
	}
	snprintf(buf, SUMMARY_BUF, "%" PRId64, v);
	return buf;
}

/* Add one place of the filter ("province Lào Cai") to the list in buf. */
static void
place_add(char *buf, size_t size, const char *part)
{
	size_t len = strlen(buf);

	snprintf(buf + len, size - len, "%s%s", len ? ", " : "", part);
}

char *
summary_place_text(const struct summary *s, char *buf, size_t size)
{
	char part[200];

	buf[0] = '\0';
	if (s->place.province) {
		/* TRANSLATORS: the place a report is for. */
		snprintf(part, sizeof part, _("province %s"), s->place.province);
		place_add(buf, size, part);
	}
	if (s->place.district) {
		snprintf(part, sizeof part, _("district %s"), s->place.district);
		place_add(buf, size, part);
	}
	if (s->place.commune) {
		snprintf(part, sizeof part, _("commune %s"), s->place.commune);
		place_add(buf, size, part);
	}
	if (!buf[0])
		/* TRANSLATORS: a report for every place ("Place: all"). */
		snprintf(buf, size, "%s", _("all"));
	return buf;
}

static void
print_section(const struct summary_section *sec, FILE *out)
{
	char *heads[SUMMARY_COLS + 2] = { 0 };
	char buf[SUMMARY_BUF];
	struct table *t;

	heads[0] = xstrdup(_(sec->item_head));
	for (int i = 0; i < sec->ncols; i++) {
		const char *name = summary_col_show(&sec->cols[i]);
		heads[i + 1] = xmalloc(strlen(name) + 2);
		sprintf(heads[i + 1], ">%s", name);
	}
	t = table_new((const char *const *)heads, 0);
	for (int r = 0; r < sec->nrows; r++) {
		const struct summary_row *row = &sec->rows[r];
		table_cell(t, summary_item_show(row));
		for (int i = 0; i < sec->ncols; i++)
			table_cell(t, summary_format(row->v[i],
			    summary_unit_of(sec, row, i), 0, buf));
	}
	fprintf(out, "\n%s\n", _(sec->title));
	table_print(t, out);
	if (sec->note)
		fprintf(out, "(%s)\n", _(sec->note));
	for (int i = 0; heads[i]; i++)
		free(heads[i]);
}

int
summary_print_text(const struct summary *s, FILE *out)
{
	char a[16], b[16], place[400];

	fprintf(out, _("Summary report %s to %s\n"), date_show(s->from, a),
	    date_show(s->to, b));
	fprintf(out, _("Place: %s\n"), summary_place_text(s, place,
	    sizeof place));
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
	return summary_print_csv_section(s, NULL, out);
}

int
summary_print_csv_section(const struct summary *s, const char *section,
    FILE *out)
{
	char buf[SUMMARY_BUF];

	/* TRANSLATORS: the header of the report's CSV: section, item,
	 * measure, value (the lines below keep English codes). */
	csv_line(out, _("section"), _("item"), _("measure"), _("value"));
	for (int i = 0; i < s->nsec; i++) {
		const struct summary_section *sec = &s->sec[i];
		if (section && strcmp(section, sec->name))
			continue;
		for (int r = 0; r < sec->nrows; r++)
			for (int c = 0; c < sec->ncols; c++)
				csv_line(out, sec->name, sec->rows[r].item,
				    sec->cols[c].name, summary_format(
				    sec->rows[r].v[c], summary_unit_of(sec,
				    &sec->rows[r], c), 1, buf));
	}
	return ferror(out) ? -1 : 0;
}
