/*
 * pg_report.c - the periodic summary report for coordinators: the HTML
 * report of reports/html.c (tables and charts) inside the site's frame,
 * the CSV of each table, and a print layout (the report's own page).
 *
 * The area is the account's (groups/scope.h, scope_area): a province
 * coordinator may choose a district of her province, a district
 * coordinator sees her district; any other area is 403, audited. The
 * period defaults to this year up to today.
 *
 * A year's report reads hundreds of thousands of rows (seconds on a
 * province), so the report is kept in the server's cache (web/cache.h)
 * for its period, area and language, with its page's HTML, and shown
 * again while no table it may read has changed (the change counters of
 * web/schema.c; an audit row or a session touch is not a change).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/util.h"
#include "groups/scope.h"
#include "reports/summary.h"
#include "web/cache.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pg_coord.h"

/* The period and area asked for, checked. 0, or -1 answered (400, 403). */
static int
report_args(struct web_ctx *x, struct summary_place *pl, int *from, int *to)
{
	int y, m, d, rc;

	memset(pl, 0, sizeof *pl);
	if (x->a.nerr) {
		page_status(x, 400, x->a.err[0].msg);
		return -1;
	}
	*to = x->a.period_to != DATE_NONE ? x->a.period_to : date_today();
	date_to_ymd(*to, &y, &m, &d);
	*from = x->a.period_from != DATE_NONE ? x->a.period_from : date_from_ymd(y, 1, 1);
	if (*from > *to) {
		page_status(x, 400, _("The period starts after it ends."));
		return -1;
	}
	pl->province = x->a.province;
	pl->district = x->a.district;
	rc = scope_area(x->db, &x->acct, &pl->province, &pl->district);
	if (rc < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	if (rc == 0) {
		db_audit(x->db, "report", 0, "denied");
		page_status(x, 403, _("You may not see the figures of this area."));
		return -1;
	}
	return 0;
}

/* A report kept in the cache (cache.h) for a period, an area and a
 * language, shared by the server's threads: a province's year takes
 * seconds to build. Its page's HTML part is kept too. */
struct kept {
	struct summary s;
	char *province, *district;      /* s.place points here */
	char *html;                     /* summary_print_html(part 1) */
	size_t len;
};

struct ask {
	struct web_ctx *x;
	int from, to;
	struct summary_place pl;
};

static void
kept_free(void *v)
{
	struct kept *k = v;

	summary_free(&k->s);
	free(k->province);
	free(k->district);
	free(k->html);
	free(k);
}

static void *
kept_build(void *arg)
{
	const struct ask *a = arg;
	struct kept *k = xcalloc(1, sizeof *k);
	struct summary_place pl;
	FILE *f;
	int rc;

	k->province = a->pl.province ? xstrdup(a->pl.province) : NULL;
	k->district = a->pl.district ? xstrdup(a->pl.district) : NULL;
	pl = (struct summary_place){ k->province, k->district, NULL };
	rc = summary_build(a->x->db, a->x->conf, a->from, a->to, &pl, &k->s);
	if (rc == 0 && (f = open_memstream(&k->html, &k->len))) {
		rc = summary_print_html(&k->s, f, 1);
		if (fclose(f) != 0)
			rc = -1;
	} else if (rc == 0) {
		rc = -1;
	}
	if (rc == 0)
		return k;
	page_status(a->x, 500, a->x->errmsg[0] ? a->x->errmsg :
	    _("The report could not be made."));
	kept_free(k);
	return NULL;
}

/* The report asked for, into *out, from the cache; cache_release(*held)
 * once the page is made. -1 answered. It reads every table counted
 * (web/schema.c); audit rows and sessions do not make it stale. */
static int
build(struct web_ctx *x, const struct kept **out, struct cache_slot **held)
{
	struct ask a = { .x = x };
	struct buf key = { 0 };

	*held = NULL;
	if (report_args(x, &a.pl, &a.from, &a.to) < 0)
		return -1;
	buf_addf(&key, "report %d %d %s", a.from, a.to, i18n_lang());
	coord_arg(&key, "p", a.pl.province);
	coord_arg(&key, "d", a.pl.district);
	*out = cache_get(x->db, key.s, NULL, date_today(), kept_build,
	    kept_free, &a, held);
	buf_free(&key);
	return *out ? 0 : -1;
}

/* What the report's own writers put into a FILE, appended to the page. */
static int
capture(struct web_ctx *x, const struct summary *s,
    int (*fn)(const struct summary *, FILE *, const void *), const void *arg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f)
		return -1;
	rc = fn(s, f, arg);
	if (fclose(f) != 0)
		rc = -1;
	if (rc == 0)
		buf_addn(&x->rs->body, text, len);
	free(text);
	return rc;
}

static int
html_part(const struct summary *s, FILE *f, const void *arg)
{
	return summary_print_html(s, f, *(const int *)arg);
}

static int
csv_section(const struct summary *s, FILE *f, const void *arg)
{
	return summary_print_csv_section(s, arg, f);
}

/* Append s percent-encoded for a query (all but unreserved bytes). */
static void
url_add(struct buf *q, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			buf_addc(q, (char)c);
		else
			buf_addf(q, "%%%02X", c);
	}
}

/* "from=...&amp;to=...&amp;district=..." of the report shown, for an
 * href (nothing in it needs escaping but the ampersands). */
static void
query(const struct summary *s, char *buf, size_t size)
{
	char a[11], b[11];
	struct buf q = { 0 };

	buf_addf(&q, "from=%s&amp;to=%s", date_format(s->from, a),
	    date_format(s->to, b));
	if (s->place.province) {
		buf_add(&q, "&amp;province=");
		url_add(&q, s->place.province);
	}
	if (s->place.district) {
		buf_add(&q, "&amp;district=");
		url_add(&q, s->place.district);
	}
	snprintf(buf, size, "%s", q.s);
	buf_free(&q);
}

static void
area_form(struct web_ctx *x, const struct summary *s)
{
	struct buf *b = &x->rs->body;
	char a[11], c[11], **ds = NULL;
	int n = 0;

	html_printf(b, "<section><form method=\"get\" action=\"/report\">"
	    "<label for=\"from\">%s</label><input id=\"from\" name=\"from\" "
	    "type=\"date\" value=\"%s\"><label for=\"to\">%s</label><input "
	    "id=\"to\" name=\"to\" type=\"date\" value=\"%s\">", _("From"),
	    date_format(s->from, a), _("To"), date_format(s->to, c));
	if (!x->acct.district && scope_districts(x->db, &x->acct, &ds, &n) == 0) {
		html_printf(b, "<label for=\"district\">%s</label><select "
		    "id=\"district\" name=\"district\"><option value=\"\">%s"
		    "</option>", _("District"), _("All districts"));
		for (int i = 0; i < n; i++) {
			html_printf(b, "<option value=\"%s\"%S>%s</option>", ds[i],
			    str_eq(ds[i], s->place.district) ? " selected" : "",
			    ds[i]);
			free(ds[i]);
		}
		free(ds);
		html_raw(b, "</select>");
	}
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Show"));
}

static void
downloads(struct web_ctx *x, const struct summary *s)
{
	struct buf *b = &x->rs->body;
	char q[600];

	query(s, q, sizeof q);
	html_printf(b, "<section class=\"downloads\"><h2>%s</h2><ul class=\"list\">"
	    "<li><a href=\"/report/print?%S\">%s</a></li>"
	    "<li><a href=\"/report.csv?%S\">%s</a></li>", _("Download"), q,
	    _("Print layout"), q, _("CSV of every table"));
	for (int i = 0; i < s->nsec; i++)
		html_printf(b, "<li><a href=\"/report.csv?%S&amp;section=%s\">"
		    "%s</a></li>", q, s->sec[i].name, _(s->sec[i].title));
	html_raw(b, "</ul></section>");
}

/* GET /report */
int
page_report(struct web_ctx *x)
{
	const struct kept *k;
	const struct summary *s;
	struct cache_slot *held;
	char a[16], b[16], title[200];

	if (build(x, &k, &held) < 0)
		return -1;
	s = &k->s;
	/* TRANSLATORS: the heading of the HTML report: the period. */
	snprintf(title, sizeof title, _("Summary report %s to %s"),
	    date_show(s->from, a), date_show(s->to, b));
	page_begin(x, title);
	if (s->place.province || s->place.district)
		html_printf(&x->rs->body, "<p>%s %s</p>", s->place.district ?
		    s->place.district : "", s->place.province ?
		    s->place.province : "");
	area_form(x, s);
	downloads(x, s);
	buf_addn(&x->rs->body, k->html, k->len);
	cache_release(held);
	page_end(x);
	return 0;
}

/* GET /report/print: the report's own page, with its print style. */
int
page_report_print(struct web_ctx *x)
{
	const struct kept *k;
	struct cache_slot *held;
	int part = 0, rc;

	if (build(x, &k, &held) < 0)
		return -1;
	rc = capture(x, &k->s, html_part, &part);
	cache_release(held);
	if (rc < 0)
		page_status(x, 500, _("The report could not be made."));
	else
		x->rs->inline_style = 1;
	return rc;
}

/* GET /report.csv[?section=NAME]: as "shg report --csv" writes it. */
int
page_report_csv(struct web_ctx *x)
{
	const struct kept *k;
	struct cache_slot *held;
	char disp[48];
	int rc;

	if (build(x, &k, &held) < 0)
		return -1;
	if (x->a.section && !summary_section(&k->s, x->a.section)) {
		cache_release(held);
		page_status(x, 404, _("The report has no such table."));
		return -1;
	}
	buf_add(&x->rs->body, "\xef\xbb\xbf");  /* Excel reads UTF-8 then */
	rc = capture(x, &k->s, csv_section, x->a.section);
	cache_release(held);
	if (rc < 0) {
		page_status(x, 500, _("The report could not be made."));
		return -1;
	}
	x->rs->type = "text/csv; charset=utf-8";
	snprintf(disp, sizeof disp, "report-%s.csv",
	    x->a.section ? x->a.section : "all");
	snprintf(x->rs->filename, sizeof x->rs->filename, "%s", disp);
	return 0;
}
