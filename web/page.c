/*
 * page.c - the frame of every page and the style sheet, compiled in.
 */
#include "web/page.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "groups/lunar.h"
#include "web/html.h"

/* Phone first (360 px), large touch targets, no external assets; print
 * drops navigation and forms' buttons. */
static const char style_css[] =
"*{box-sizing:border-box}\n"
"body{margin:0;font:17px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
"'Noto Sans',sans-serif;color:#1d1d1f;background:#f4f1ec}\n"
"header{background:#7a1f3d;color:#fff;padding:.5rem .75rem}\n"
"header .brand{font-weight:700;font-size:1.05rem}\n"
".who{color:#f3dbe3;font-size:.9rem}\n"
"nav{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.4rem}\n"
"nav a,nav button{color:#fff;background:rgba(255,255,255,.15);border:0;font:inherit;font-size:.95rem;"
"border-radius:6px;padding:.5rem .6rem;text-decoration:none;"
"min-height:44px;display:inline-flex;align-items:center;cursor:pointer}\n"
"nav form{margin:0}nav button{margin:0}\n"
"main{max-width:720px;margin:0 auto;padding:.75rem}\n"
"h1{font-size:1.35rem;margin:.4rem 0 .8rem}\n"
"h2{font-size:1.1rem;margin:1.2rem 0 .5rem;color:#7a1f3d}\n"
"section>h2:first-child{margin-top:0}\n"
"section,.card{background:#fff;border-radius:10px;padding:.75rem;"
"margin:0 0 .8rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}\n"
"ul.list{list-style:none;margin:0;padding:0}\n"
"ul.list li{padding:.6rem 0;border-bottom:1px solid #eee}\n"
"ul.list li:last-child{border-bottom:0}\n"
"a{color:#0b57a4}\n"
"a.row{display:block;text-decoration:none;color:inherit;min-height:44px}\n"
".muted{color:#666;font-size:.92rem}\n"
".tag{display:inline-block;background:#f7e3ea;color:#7a1f3d;"
"border-radius:4px;padding:0 .4rem;font-size:.85rem}\n"
"label{display:block;font-weight:600;margin:.7rem 0 .25rem}\n"
"input,select,textarea{width:100%;font:inherit;padding:.6rem;"
"border:1px solid #bbb;border-radius:6px;min-height:44px;background:#fff}\n"
"textarea{min-height:6rem}\n"
"button,.button{display:inline-block;font:inherit;font-weight:600;"
"color:#fff;background:#7a1f3d;border:0;border-radius:8px;"
"padding:.7rem 1.1rem;min-height:48px;margin-top:.8rem;"
"text-decoration:none;cursor:pointer}\n"
".button.alt,button.alt{background:#fff;color:#7a1f3d;"
"border:2px solid #7a1f3d}\n"
".err{color:#a40000;font-weight:600;margin:.25rem 0}\n"
".note{border-radius:8px;padding:.6rem .75rem;margin:0 0 .8rem}\n"
".note.ok{background:#e4f4e6;color:#145a1f}\n"
".note.err{background:#fde8e8;color:#a40000}\n"
"fieldset{border:0;padding:.5rem 0;margin:0;border-bottom:1px solid #eee}\n"
"fieldset legend{font-weight:600;padding:0}\n"
".att{display:flex;flex-wrap:wrap;gap:.3rem;margin-top:.3rem}\n"
".att label{font-weight:400;margin:0;display:flex;align-items:center;"
"gap:.3rem;border:1px solid #ccc;border-radius:6px;padding:.45rem .6rem;"
"min-height:44px;flex:1 1 40%}\n"
".att input{width:auto;min-height:0}\n"
"dl{margin:0}dt{font-weight:600;margin-top:.4rem}dd{margin:0 0 .2rem}\n"
"table{border-collapse:collapse;width:100%}\n"
"td,th{text-align:left;padding:.35rem .3rem;border-bottom:1px solid #eee;"
"vertical-align:top}\n"
".login{max-width:360px;margin:2rem auto}\n"
".report{background:#fff;border-radius:10px;padding:.75rem;overflow-x:auto}\n"
".report table{display:block;overflow-x:auto;font-size:.9rem;margin:.4rem 0}\n"
".report td.n,.report th.n{text-align:right;white-space:nowrap}\n"
".report svg{max-width:100%;height:auto}.report .note{color:#555}\n"
".wide{overflow-x:auto}.wide td{white-space:normal;min-width:4rem}\n"
"@media print{header,nav,form,button,.button,.downloads{display:none!important}"
"body{background:#fff;font-size:12pt}section,.card{box-shadow:none;"
"border:1px solid #ccc;break-inside:avoid}a{color:inherit;"
"text-decoration:none}}\n";

int
page_style(struct web_ctx *x)
{
	x->rs->type = "text/css; charset=utf-8";
	x->rs->cache = 1;
	buf_add(&x->rs->body, style_css);
	return 0;
}

/* SMS forms for everyone; the SMS pages for coordinators and admins. */
static void
nav_sms(struct web_ctx *x)
{
	html_printf(&x->rs->body, "<a href=\"/forms\">%s</a>",
	    _("SMS forms"));
	if (x->acct.role != ROLE_ORGANISER)
		html_printf(&x->rs->body, "<a href=\"/sms/outbox\">%s</a>",
		    _("SMS"));
}

static void
nav(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<nav><a href=\"/\">%s</a><a href=\"/groups\">%s</a>",
	    _("Today"), _("My groups"));
	if (x->acct.role == ROLE_COORDINATOR || x->acct.role == ROLE_ADMIN)
		html_printf(b, "<a href=\"/registry\">%s</a><a href=\"/report\">"
		    "%s</a>", _("People"), _("Reports"));
	if (x->acct.role != ROLE_ORGANISER)
		html_printf(b, "<a href=\"/followup\">%s</a><a href=\"/loans\">%s"
		    "</a><a href=\"/grants\">%s</a><a href=\"/visits\">%s</a>",
		    _("Follow-up"), _("Loans"), _("Grants"), _("Visits"));
	nav_sms(x);
	if (x->acct.role == ROLE_ADMIN)
		html_printf(b, "<a href=\"/admin/accounts\">%s</a>",
		    _("Administration"));
	html_raw(b, "<form method=\"post\" action=\"/logout\">");
	page_csrf(x);
	html_printf(b, "<button type=\"submit\">%s</button></form></nav>",
	    _("Sign out"));
}

void
page_begin(struct web_ctx *x, const char *title)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width,initial-scale=1\">"
	    "<title>%s - shg</title><link rel=\"stylesheet\" "
	    "href=\"/style.css\"></head><body><header><div class=\"brand\">"
	    "%s</div>", i18n_lang(), title, _("Self-help groups"));
	if (x->signed_in) {
		html_printf(b, "<div class=\"who\">"
		    "%s</div>", x->acct.name);
		nav(x);
	}
	html_printf(b, "</header><main><h1>%s</h1>", title);
}

void
page_end(struct web_ctx *x)
{
	html_raw(&x->rs->body, "</main></body></html>\n");
}

void
page_status(struct web_ctx *x, int status, const char *msg)
{
	static const struct { int status; const char *title; } titles[] = {
		{ 400, N_("Bad request") }, { 403, N_("Forbidden") },
		{ 404, N_("Not found") }, { 405, N_("Method not allowed") },
		{ 500, N_("Error") }, { 503, N_("Busy") },
	};
	const char *title = N_("Error");

	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (titles[i].status == status)
			title = titles[i].title;
	buf_reset(&x->rs->body);
	x->rs->status = status;
	x->rs->type = "text/html; charset=utf-8";
	page_begin(x, _(title));
	page_note(x, "err", msg);
	html_printf(&x->rs->body, "<p><a class=\"button alt\" href=\"/\">%s"
	    "</a></p>", _("Back to Today"));
	page_end(x);
}

int
page_not_loaded(struct web_ctx *x)
{
	page_status(x, 404, x->errmsg[0] ? x->errmsg : _("There is no such "
	    "page."));
	return -1;
}

void
page_redirect(struct web_ctx *x, const char *location)
{
	x->rs->status = 303;
	snprintf(x->rs->location, sizeof x->rs->location, "%s", location);
}

void
page_csrf(struct web_ctx *x)
{
	html_printf(&x->rs->body, "<input type=\"hidden\" name=\"csrf\" "
	    "value=\"%s\">", x->csrf);
}

void
page_field_error(struct web_ctx *x, const char *field)
{
	const char *m = route_field_error(&x->a, field);

	if (m)
		html_printf(&x->rs->body, "<p class=\"err\" role=\"alert\">%s"
		    "</p>", m);
}

void
page_note(struct web_ctx *x, const char *kind, const char *msg)
{
	html_printf(&x->rs->body, "<p class=\"note %s\" role=\"status\">%s</p>",
	    kind, msg);
}

void
page_list_end(struct web_ctx *x, size_t start)
{
	if (x->rs->body.len == start)
		html_printf(&x->rs->body, "<li class=\"muted\">%s</li>",
		    _("None yet."));
	html_raw(&x->rs->body, "</ul></section>");
}

char *
page_date_lunar(int day, char *buf, size_t size)
{
	struct lunar_date ld;
	char d[16], l[24];

	date_show(day, d);
	if (lunar_from_solar(day, &ld) < 0) {
		snprintf(buf, size, "%s", d);
		return buf;
	}
	lunar_format(&ld, l, sizeof l);
	/* TRANSLATORS: a solar date, then the lunar date (15/8) */
	snprintf(buf, size, _("%s (lunar %s)"), d, l);
	return buf;
}

char *
page_time(time_t t, char *buf, size_t size)
{
	char d[16], hm[8];
	int day, min;

	time_to_local(t, &day, &min);
	snprintf(buf, size, "%s %s", date_show(day, d),
	    page_hhmm(min, hm, sizeof hm));
	return buf;
}

char *
page_hhmm(int minutes, char *buf, size_t size)
{
	snprintf(buf, size, "%02d:%02d", minutes / 60 % 24, minutes % 60);
	return buf;
}
