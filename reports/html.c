/*
 * html.c - the summary report as one self-contained HTML page: inline
 * CSS, the section tables and three inline-SVG bar charts (repayments by
 * month, attendance by month, people in follow-up by category). Nothing
 * is fetched from anywhere, so the page opens offline and prints as it
 * shows. Part of the summary module (summary.h).
 */
#include "reports/summary.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "core/util.h"
#include "reports/summary_int.h"

#define CHART_W 640
#define CHART_H 220
#define CHART_PAD 40

static const char style[] =
    "body{font-family:sans-serif;margin:2em;color:#222}"
    "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}"
    "table{border-collapse:collapse;margin:.4em 0}"
    "td,th{border:1px solid #bbb;padding:.2em .6em}"
    "td.n,th.n{text-align:right}th{background:#eee}"
    ".note{font-size:.9em;color:#555}"
    "svg{display:block;margin:.6em 0}svg text{font-size:11px}"
    "@media print{body{margin:0}h2{page-break-after:avoid}}";

/* Text with &, <, >, " and ' escaped. */
static void
esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out);
		}
	}
}

static void
html_head(const struct summary *s, FILE *out)
{
	char a[16], b[16], line[500], place[400];

	fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><title>", i18n_lang());
	esc(out, _("Summary report"));
	fputs("</title><style>", out);
	fputs(style, out);
	fputs("</style></head><body>\n<h1>", out);
	/* TRANSLATORS: the heading of the HTML report: the period. */
	snprintf(line, sizeof line, _("Summary report %s to %s"),
	    date_show(s->from, a), date_show(s->to, b));
	esc(out, line);
	fputs("</h1>\n<p>", out);
	snprintf(line, sizeof line, _("Place: %s"),
	    summary_place_text(s, place, sizeof place));
	esc(out, line);
	fputs("</p>\n", out);
}

static void
html_section(const struct summary_section *sec, FILE *out)
{
	char buf[SUMMARY_BUF];

	fputs("<h2>", out);
	esc(out, _(sec->title));
	fputs("</h2>\n<table><tr><th>", out);
	esc(out, _(sec->item_head));
	fputs("</th>", out);
	for (int i = 0; i < sec->ncols; i++) {
		fputs("<th class=\"n\">", out);
		esc(out, summary_col_show(&sec->cols[i]));
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (int r = 0; r < sec->nrows; r++) {
		fputs("<tr><td>", out);
		esc(out, summary_item_show(&sec->rows[r]));
		fputs("</td>", out);
		for (int i = 0; i < sec->ncols; i++) {
			fputs("<td class=\"n\">", out);
			esc(out, summary_format(sec->rows[r].v[i],
			    summary_unit_of(sec, &sec->rows[r], i), 0, buf));
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
	if (sec->note) {
		fputs("<p class=\"note\">", out);
		esc(out, _(sec->note));
		fputs("</p>\n", out);
	}
}

/* One bar chart: n bars with labels and values (value shown as text
 * above each bar; unit formats it). */
struct chart {
	const char *title;
	int n;
	const char *const *labels;
	const int64_t *values;
	enum summary_unit unit;
};

/* One line of a bar's label, under the one before. */
static void
label_line(FILE *out, const char *line, double x, int i)
{
	if (!out)
		return;
	fprintf(out, "<tspan x=\"%.1f\" dy=\"%d\">", x, i ? 12 : 0);
	esc(out, line);
	fputs("</tspan>", out);
}

/* The words of label in lines of at most width columns, written as
 * tspans at x when out is not NULL. Returns the number of lines. */
static int
label_wrap(FILE *out, const char *label, size_t width, double x)
{
	char line[256] = "", word[256];
	const char *p = label;
	size_t len;
	int n = 0;

	while (*p) {
		len = strcspn(p, " ");
		snprintf(word, sizeof word, "%.*s", (int)len, p);
		p += len;
		p += strspn(p, " ");
		if (line[0] && text_width(line) + 1 + text_width(word) > width) {
			label_line(out, line, x, n++);
			line[0] = '\0';
		}
		len = strlen(line);
		if (snprintf(line + len, sizeof line - len, "%s%s",
		    len ? " " : "", word) >= (int)(sizeof line - len))
			break;          /* a label longer than any chart */
	}
	if (line[0])
		label_line(out, line, x, n++);
	return n;
}

static double
chart_slot(const struct chart *c)
{
	return (double)(CHART_W - 2 * CHART_PAD) / c->n;
}

/* Columns of label text that fit under one bar (about 6 px each). */
static size_t
chart_label_width(const struct chart *c)
{
	size_t w = (size_t)(chart_slot(c) / 6);
	return w < 6 ? 6 : w;
}

/* Bar i; lines: the most lines a label of the chart takes. */
static void
chart_bar(FILE *out, const struct chart *c, int i, int64_t max, int lines)
{
	double slot = chart_slot(c);
	double bh = max > 0 && c->values[i] > 0 ?
	    (double)c->values[i] / (double)max * (CHART_H - 2 * CHART_PAD) : 0;
	double x = CHART_PAD + slot * i, y = CHART_H - CHART_PAD - bh;
	char buf[SUMMARY_BUF];

	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
	    "fill=\"#4a7ab5\"/>", x + slot * 0.15, y, slot * 0.7, bh);
	/* Narrow slots with one-line labels: every other label one line
	 * lower, so that labels and amounts do not run into each other. */
	int stagger = lines == 1 && slot < 90 && i % 2 ? 12 : 0;

	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
	    x + slot / 2, y - 3 - stagger);
	esc(out, summary_format(c->values[i], c->unit, 0, buf));
	fprintf(out, "</text><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
	    x + slot / 2, CHART_H - CHART_PAD + 14 + stagger);
	label_wrap(out, c->labels[i], chart_label_width(c), x + slot / 2);
	fputs("</text>\n", out);
}

static void
chart(FILE *out, const struct chart *c)
{
	int64_t max = 0;
	int lines = 1, n, h;

	for (int i = 0; i < c->n; i++)
		if ((n = label_wrap(NULL, c->labels[i], chart_label_width(c),
		    0)) > lines)
			lines = n;
	h = CHART_H + (lines - 1) * 12;
	fputs("<h2>", out);
	esc(out, _(c->title));
	fprintf(out, "</h2>\n<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\">\n", CHART_W, h, CHART_W, h);
	for (int i = 0; i < c->n; i++)
		if (c->values[i] != SUMMARY_NA && c->values[i] > max)
			max = c->values[i];
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#333\"/>\n", CHART_PAD, CHART_H - CHART_PAD,
	    CHART_W - CHART_PAD, CHART_H - CHART_PAD);
	for (int i = 0; i < c->n; i++)
		chart_bar(out, c, i, max, lines);
	fputs("</svg>\n", out);
}

/* Repayments and attendance by month. */
static void
charts_months(const struct summary *s, FILE *out)
{
	char labels[SUMMARY_MAX_CHART][8];
	const char *lp[SUMMARY_MAX_CHART];
	int64_t pay[SUMMARY_MAX_CHART], att[SUMMARY_MAX_CHART];
	int n = s->nmonths < SUMMARY_MAX_CHART ? s->nmonths : SUMMARY_MAX_CHART;
	int first = s->nmonths - n;     /* the last months when too many */
	struct chart c;

	for (int i = 0; i < n; i++) {
		const struct summary_month *m = &s->months[first + i];
		snprintf(labels[i], sizeof labels[i], "%02d/%02d", m->month,
		    m->year % 100);
		lp[i] = labels[i];
		pay[i] = m->repaid;
		att[i] = m->recorded ? (m->attended * 10000 + m->recorded / 2) /
		    m->recorded : SUMMARY_NA;
	}
	if (n == 0)
		return;
	c = (struct chart){ N_("Loan repayments by month (đồng)"), n, lp,
	    pay, SUMMARY_MONEY };
	chart(out, &c);
	c = (struct chart){ N_("Attendance by month"), n, lp, att,
	    SUMMARY_BP };
	chart(out, &c);
}

/* People in follow-up at the end, by category (the "total" row left out). */
static void
chart_people(const struct summary *s, FILE *out)
{
	const struct summary_section *sec = summary_section(s, "people");
	const char *lp[SUMMARY_MAX_CHART];
	int64_t v[SUMMARY_MAX_CHART];
	struct chart c = { N_("People in follow-up by category"), 0, lp, v,
	    SUMMARY_COUNT };

	for (int i = 0; sec && i < sec->nrows && c.n < SUMMARY_MAX_CHART; i++) {
		if (!strcmp(sec->rows[i].item, "total"))
			continue;
		lp[c.n] = summary_item_show(&sec->rows[i]);
		v[c.n++] = sec->rows[i].v[1];
	}
	if (c.n)
		chart(out, &c);
}

/* The charts, the tables and the closing note. */
static void
html_body(const struct summary *s, FILE *out)
{
	chart_people(s, out);
	charts_months(s, out);
	for (int i = 0; i < s->nsec; i++)
		html_section(&s->sec[i], out);
	fputs("<p class=\"note\">", out);
	esc(out, _("Counts only: this report holds no names and no phone "
	    "numbers."));
	fputs("</p>\n", out);
}

int
summary_print_html(const struct summary *s, FILE *out, int part)
{
	if (part) {
		fputs("<div class=\"report\">", out);
		html_body(s, out);
		fputs("</div>\n", out);
	} else {
		html_head(s, out);
		html_body(s, out);
		fputs("</body></html>\n", out);
	}
	return ferror(out) ? -1 : 0;
}

const char *
summary_html_style(void)
{
	return style;
}

int
summary_write_html(const struct summary *s, const char *path)
{
	FILE *out = file_create_private(path);
	int bad;

	if (!out)
		return error("%s: %s", path, strerror(errno));
	bad = summary_print_html(s, out, 0);
	if (fclose(out) != 0 || bad)
		return error("%s: could not write the report", path);
	return 0;
}
