/*
 * pg_audit.c - the audit trail for administrators: filtered by account,
 * person (case code), command and days, 50 rows a page, and the same
 * rows as a CSV download. Rows name people by case code only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/table.h"
#include "core/util.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pages.h"

#define AUDIT_PAGE 50
#define AUDIT_CSV_MAX 100000

static void
filter_from_args(const struct web_ctx *x, struct audit_filter *f)
{
	memset(f, 0, sizeof *f);
	f->actor = str_empty(x->a.account) ? NULL : x->a.account;
	f->person = str_empty(x->a.code) ? NULL : x->a.code;
	f->command = str_empty(x->a.command) ? NULL : x->a.command;
	f->from = x->a.from_day;
	f->to = x->a.to_day;
}

/* name=value with the value percent-encoded, after "&" unless first. */
static void
query_add(struct buf *q, const char *name, const char *val)
{
	static const char hex[] = "0123456789ABCDEF";

	if (q->len)
		buf_addc(q, '&');
	buf_add(q, name);
	buf_addc(q, '=');
	for (const unsigned char *p = (const unsigned char *)(val ? val : "");
	    *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			buf_addc(q, (char)*p);
		else {
			buf_addc(q, '%');
			buf_addc(q, hex[*p >> 4]);
			buf_addc(q, hex[*p & 15]);
		}
	}
}

/* The query of the filter, for the paging and CSV links (html_printf
 * escapes it again as an attribute). */
static void
filter_query(const struct web_ctx *x, struct buf *q)
{
	char d[16];

	query_add(q, "account", x->a.account);
	query_add(q, "code", x->a.code);
	query_add(q, "command", x->a.command);
	if (x->a.from_day != DATE_NONE)
		query_add(q, "from", date_format(x->a.from_day, d));
	if (x->a.to_day != DATE_NONE)
		query_add(q, "to", date_format(x->a.to_day, d));
}

static void
text_field(struct buf *b, const char *name, const char *label,
    const char *val, const char *type)
{
	html_printf(b, "<label for=\"%s\">%s</label><input id=\"%s\" name=\"%s\" "
	    "type=\"%s\" maxlength=\"200\" value=\"%s\">", name, label, name,
	    name, type, val ? val : "");
}

static void
filter_form(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;
	char from[16] = "", to[16] = "";

	if (x->a.from_day != DATE_NONE)
		date_format(x->a.from_day, from);
	if (x->a.to_day != DATE_NONE)
		date_format(x->a.to_day, to);
	html_raw(b, "<section><form method=\"get\" action=\"/admin/audit\">");
	text_field(b, "account", _("Account (who)"), x->a.account, "text");
	text_field(b, "code", _("Person (case code)"), x->a.code, "text");
	text_field(b, "command", _("Command (e.g. web, person show)"),
	    x->a.command, "text");
	text_field(b, "from", _("From"), from, "date");
	/* TRANSLATORS: the last day of the audit trail's filter. */
	text_field(b, "to", _("Until"), to, "date");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Filter"));
}

static int
html_row(const struct audit_row *r, void *arg)
{
	struct web_ctx *x = arg;
	char when[32], id[24] = "";

	if (r->entity_id)
		snprintf(id, sizeof id, "%lld", (long long)r->entity_id);
	/* a list, not a table: it reads on a phone */
	html_printf(&x->rs->body, "<li><strong>%s · %s</strong> <span "
	    "class=\"tag\">%s</span><br>%s · %s %s · %s<br><span class=\"muted\">"
	    "%s</span></li>", page_time(r->at, when, sizeof when), r->actor,
	    r->case_code ? r->case_code : "", r->command, r->entity, id,
	    r->action, r->detail ? r->detail : "");
	return 0;
}

static void
pager(struct web_ctx *x, int64_t page, int64_t total)
{
	struct buf q = { 0 };
	int64_t pages = (total + AUDIT_PAGE - 1) / AUDIT_PAGE;

	filter_query(x, &q);
	html_raw(&x->rs->body, "<p>");
	/* TRANSLATORS: page N of M, then the number of rows. */
	html_printf(&x->rs->body, _("Page %lld of %lld (%lld rows)"),
	    (long long)page, (long long)(pages ? pages : 1), (long long)total);
	if (page > 1)
		html_printf(&x->rs->body, " · <a href=\"/admin/audit?%s&page=%lld\">"
		    "%s</a>", q.s, (long long)(page - 1), _("Newer"));
	if (page < pages)
		html_printf(&x->rs->body, " · <a href=\"/admin/audit?%s&page=%lld\">"
		    "%s</a>", q.s, (long long)(page + 1), _("Older"));
	html_printf(&x->rs->body, " · <a href=\"/admin/audit.csv?%s\">%s</a></p>",
	    q.s, _("Download CSV"));
	buf_free(&q);
}

static int
fail_filter(struct web_ctx *x)
{
	page_status(x, 400, x->a.nerr ? x->a.err[0].msg : x->errmsg);
	return -1;
}

int
page_admin_audit(struct web_ctx *x)
{
	struct audit_filter f;
	int64_t total, page = x->a.page ? x->a.page : 1;
	size_t start;

	filter_from_args(x, &f);
	if (x->a.nerr || audit_count(x->db, &f, &total) < 0)
		return fail_filter(x);
	f.limit = AUDIT_PAGE;
	f.offset = (int)((page - 1) * AUDIT_PAGE);
	page_begin(x, _("Audit trail"));
	page_admin_nav(x);
	filter_form(x);
	pager(x, page, total);
	html_printf(&x->rs->body, "<section><h2>%s</h2><ul class=\"list\" "
	    "id=\"audit\">", _("When, who, command, record, action"));
	start = x->rs->body.len;
	if (audit_each(x->db, &f, html_row, x) < 0)
		return page_not_loaded(x);
	page_list_end(x, start);
	page_end(x);
	return 0;
}

static int
csv_row(const struct audit_row *r, void *arg)
{
	FILE *f = arg;
	char when[32], id[24] = "";
	const char *cells[] = { time_format_local(r->at, when, sizeof when),
		r->actor, r->command, r->entity, id, r->case_code, r->action,
		r->detail };

	if (r->entity_id)
		snprintf(id, sizeof id, "%lld", (long long)r->entity_id);
	for (size_t i = 0; i < NELEM(cells); i++) {
		if (i)
			fputc(',', f);
		csv_field(f, cells[i] ? cells[i] : "");
	}
	fputs("\r\n", f);
	return 0;
}

int
page_admin_audit_csv(struct web_ctx *x)
{
	struct audit_filter f;
	char *data = NULL;
	size_t len = 0;
	FILE *mem;
	int rc;

	filter_from_args(x, &f);
	f.limit = AUDIT_CSV_MAX;
	if (x->a.nerr)
		return fail_filter(x);
	if (!(mem = open_memstream(&data, &len)))
		return page_not_loaded(x);
	fputs("when,who,command,record,id,case,action,detail\r\n", mem);
	rc = audit_each(x->db, &f, csv_row, mem);
	fclose(mem);
	if (rc < 0) {
		free(data);
		return fail_filter(x);
	}
	x->rs->type = "text/csv; charset=utf-8";
	snprintf(x->rs->filename, sizeof x->rs->filename, "audit.csv");
	buf_addn(&x->rs->body, data, len);
	free(data);
	return 0;
}
