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
#include "core/log.h"
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
	char a[16], b[16];

	fputs("<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">"
	    "<title>Summary report</title><style>", out);
	fputs(style, out);
	fprintf(out, "</style></head><body>\n<h1>Summary report %s to %s</h1>\n",
	    date_format(s->from, a), date_format(s->to, b));
	fputs("<p>Place: ", out);
	if (!s->place.province && !s->place.district && !s->place.commune)
		fputs("all", out);
	if (s->place.province)
		fputs("province ", out), esc(out, s->place.province), fputs(" ", out);
	if (s->place.district)
		fputs("district ", out), esc(out, s->place.district), fputs(" ", out);
	if (s->place.commune)
		fputs("commune ", out), esc(out, s->place.commune);
	fputs("</p>\n", out);
}

static void
html_section(const struct summary_section *sec, FILE *out)
{
	char buf[32];

	fputs("<h2>", out);
	esc(out, sec->title);
	fputs("</h2>\n<table><tr><th>", out);
	esc(out, sec->item_head);
	fputs("</th>", out);
	for (int i = 0; i < sec->ncols; i++) {
		fputs("<th class=\"n\">", out);
		esc(out, sec->cols[i].name);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (int r = 0; r < sec->nrows; r++) {
		fputs("<tr><td>", out);
		esc(out, sec->rows[r].item);
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
		esc(out, sec->note);
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

static void
chart_bar(FILE *out, const struct chart *c, int i, int64_t max)
{
	double slot = (double)(CHART_W - 2 * CHART_PAD) / c->n;
	double bh = max > 0 && c->values[i] > 0 ?
	    (double)c->values[i] / (double)max * (CHART_H - 2 * CHART_PAD) : 0;
	double x = CHART_PAD + slot * i, y = CHART_H - CHART_PAD - bh;
	char buf[32];

	fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
	    "fill=\"#4a7ab5\"/>", x + slot * 0.15, y, slot * 0.7, bh);
	/* Narrow slots: every other label one line lower, so that long
	 * labels and amounts do not run into each other. */
	int stagger = slot < 90 && i % 2 ? 12 : 0;

	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
	    x + slot / 2, y - 3 - stagger);
	esc(out, summary_format(c->values[i], c->unit, 0, buf));
	fprintf(out, "</text><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
	    x + slot / 2, CHART_H - CHART_PAD + 14 + stagger);
	esc(out, c->labels[i]);
	fputs("</text>\n", out);
}

static void
chart(FILE *out, const struct chart *c)
{
	int64_t max = 0;

	fputs("<h2>", out);
	esc(out, c->title);
	fprintf(out, "</h2>\n<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">\n",
	    CHART_W, CHART_H, CHART_W, CHART_H);
	for (int i = 0; i < c->n; i++)
		if (c->values[i] != SUMMARY_NA && c->values[i] > max)
			max = c->values[i];
	fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#333\"/>\n", CHART_PAD, CHART_H - CHART_PAD,
	    CHART_W - CHART_PAD, CHART_H - CHART_PAD);
	for (int i = 0; i < c->n; i++)
		chart_bar(out, c, i, max);
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
	c = (struct chart){ "Loan repayments by month (đồng)", n, lp, pay,
	    SUMMARY_MONEY };
	chart(out, &c);
	c = (struct chart){ "Attendance by month", n, lp, att, SUMMARY_BP };
	chart(out, &c);
}

/* People in follow-up at the end, by category (the "total" row left out). */
static void
chart_people(const struct summary *s, FILE *out)
{
	const struct summary_section *sec = summary_section(s, "people");
	const char *lp[SUMMARY_MAX_CHART];
	int64_t v[SUMMARY_MAX_CHART];
	struct chart c = { "People in follow-up by category", 0, lp, v,
	    SUMMARY_COUNT };

	for (int i = 0; sec && i < sec->nrows && c.n < SUMMARY_MAX_CHART; i++) {
		if (!strcmp(sec->rows[i].item, "total"))
			continue;
		lp[c.n] = sec->rows[i].item;
		v[c.n++] = sec->rows[i].v[1];
	}
	if (c.n)
		chart(out, &c);
}

int
summary_write_html(const struct summary *s, const char *path)
{
	FILE *out = fopen(path, "w");
	int bad;

	if (!out)
		return error("%s: %s", path, strerror(errno));
	html_head(s, out);
	chart_people(s, out);
	charts_months(s, out);
	for (int i = 0; i < s->nsec; i++)
		html_section(&s->sec[i], out);
	fputs("<p class=\"note\">Counts only: this report holds no names and no "
	    "phone numbers.</p>\n</body></html>\n", out);
	bad = ferror(out);
	if (fclose(out) != 0 || bad)
		return error("%s: could not write the report", path);
	return 0;
}
