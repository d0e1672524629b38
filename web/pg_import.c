/*
 * pg_import.c - importing a CSV file of people from the browser: the
 * upload (multipart/form-data, at most WEB_MAX_UPLOAD bytes, server.c),
 * then import_people as "shg import people" runs it, with its line
 * errors. Nothing is written unless every line is good (the POST's
 * transaction is rolled back otherwise), and a coordinator may only add
 * or change people of her area. The import is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/conf.h"
#include "core/i18n.h"
#include "core/import.h"
#include "core/person.h"
#include "groups/scope.h"
#include "web/html.h"
#include "web/page.h"

#define IMPORT_NAME "upload.csv"

static void
upload_form(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<section><p>%s</p><p class=\"muted\">%s</p>"
	    "<form method=\"post\" action=\"/import\" "
	    "enctype=\"multipart/form-data\">", _("A CSV file of people "
	    "(UTF-8, with a header row), as \"shg export people\" writes it or "
	    "a spreadsheet saves it. Nothing is imported unless every line is "
	    "good."), _("Columns: mã hồ sơ, họ tên, giới tính, năm sinh, số "
	    "điện thoại, thôn, xã, huyện, tỉnh, diện, con đường bị lừa, ngày "
	    "trở về, đồng ý nhận tin nhắn, ghi chú (or their English names)."));
	page_csrf(x);
	html_printf(b, "<label for=\"file\">%s</label><input id=\"file\" "
	    "name=\"file\" type=\"file\" accept=\".csv,text/csv\" required>",
	    _("File"));
	page_field_error(x, "file");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Import"));
}

int
page_import_form(struct web_ctx *x)
{
	page_begin(x, _("Import people"));
	upload_form(x);
	page_end(x);
	return 0;
}

static int
in_scope(struct db *db, int64_t person_id, void *arg)
{
	return scope_person(db, arg, person_id);
}

/* The lines the import reported, one per list item. */
static void
report_lines(struct web_ctx *x, const char *text)
{
	struct buf *b = &x->rs->body;
	const char *nl;

	html_raw(b, "<ul class=\"list\" id=\"import-errors\">");
	while (text && *text) {
		nl = strchr(text, '\n');
		struct buf line = { 0 };
		buf_addn(&line, text, nl ? (size_t)(nl - text) : strlen(text));
		html_printf(b, "<li class=\"err\">%s</li>", line.s ? line.s : "");
		buf_free(&line);
		text = nl ? nl + 1 : NULL;
	}
	html_raw(b, "</ul>");
}

/* The outcome: counts after success, else the reason and the lines. */
static void
outcome(struct web_ctx *x, int rc, const struct import_counts *c,
    const char *lines)
{
	char msg[300];

	if (rc == 0) {
		snprintf(msg, sizeof msg, _("Imported: %1$d added, %2$d updated, "
		    "%3$d unchanged."), c->added, c->updated, c->unchanged);
		page_note(x, "ok", msg);
	} else if (c->bad) {
		snprintf(msg, sizeof msg, ngettext("%d line is wrong: nothing was "
		    "imported. Correct it and upload the file again.", "%d lines "
		    "are wrong: nothing was imported. Correct them and upload the "
		    "file again.", (unsigned long)c->bad), c->bad);
		page_note(x, "err", msg);
	} else {
		page_note(x, "err", x->errmsg[0] ? x->errmsg : _("The file could "
		    "not be imported."));
	}
	if (lines && *lines)
		report_lines(x, lines);
}

int
page_import(struct web_ctx *x)
{
	const struct conf *cf = x->conf;
	struct person_prefixes pp = { cf->case_prefix, cf->nprefixes,
		cf->prefix_district, cf->prefix_code };
	struct import_opts o = { .case_prefix = cf->case_prefix,
		.prefixes = &pp, .allowed = in_scope,
		.allowed_arg = &x->acct };
	struct import_counts c = { 0 };
	char *lines = NULL;
	size_t len = 0;
	int rc = -1;

	if (!x->a.nerr && (o.report = open_memstream(&lines, &len))) {
		o.data = x->a.upload;
		o.len = strlen(x->a.upload);
		rc = import_people(x->db, x->a.upload_name && *x->a.upload_name ?
		    x->a.upload_name : IMPORT_NAME, &o, &c);
		fclose(o.report);
	}
	if (rc == 0)
		db_audit(x->db, "import", 0, "people");
	x->rs->status = rc == 0 ? 200 : 400;
	page_begin(x, _("Import people"));
	outcome(x, rc, &c, lines);
	upload_form(x);
	page_end(x);
	free(lines);
	return rc;
}
