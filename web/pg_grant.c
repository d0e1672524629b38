/*
 * pg_grant.c - in-kind grants of the account's scope with their herd,
 * a grant's events, recording an event and a pass-on, the pass-on
 * obligations owed with days late; and the visits due and overdue by
 * organiser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/person.h"
#include "core/visit.h"
#include "groups/grant.h"
#include "groups/scope.h"
#include "reports/followlist.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pg_coord.h"

/* TRANSLATORS: kinds of in-kind grants */
static const char *const kinds[] = { "sow", N_("sow"), "piglet", N_("piglet"),
	"cow", N_("cow"), "buffalo", N_("buffalo"), "goat", N_("goat"),
	"chicken", N_("chicken"), "duck", N_("duck"), "other", N_("other"),
	"died", N_("died"), "sold", N_("sold"), "born", N_("born"),
	"vaccinated", N_("vaccinated"), "lost", N_("lost"),
	"passed", N_("passed"), NULL };

/* The label of a grant kind or event kind code. */
static const char *
label(const char *code)
{
	for (int i = 0; code && kinds[i]; i += 2)
		if (!strcmp(kinds[i], code))
			return _(kinds[i + 1]);
	return code ? code : "";
}

struct list_ctx {
	struct web_ctx *x;
	const int64_t *ids;
	int n, shown;
};

static int
grant_row(const struct grant_item *g, void *arg)
{
	struct list_ctx *c = arg;
	char d[16];

	if (c->ids && !scope_has(c->ids, c->n, g->person_id))
		return 0;
	c->shown++;
	html_printf(&c->x->rs->body, "<li><a class=\"row\" href=\"/grant?"
	    "grant=%lld\"><strong>G%lld</strong> &middot; %s &middot; %s<br>"
	    "<span class=\"muted\">%s &middot; ", (long long)g->id,
	    (long long)g->id, g->case_code, label(g->kind),
	    date_show(g->day, d));
	/* TRANSLATORS: animals (or units) a grant has now */
	html_printf(&c->x->rs->body, ngettext("herd %d", "herd %d",
	    (unsigned long)g->herd), g->herd);
	html_raw(&c->x->rs->body, "</span></a></li>");
	return 0;
}

/* Obligations with something still owed, of grants in the scope. */
static int
obligations(struct web_ctx *x, const int64_t *ids, int n, int64_t grant_id)
{
	struct buf *b = &x->rs->body;
	struct grant_oblig *o;
	char d[16];
	int no, shown = 0;

	if (grant_obligations(x->db, date_today(), 1, &o, &no) < 0) {
		free(o);
		return -1;
	}
	html_printf(b, "<section id=\"obligations\"><h2>%s</h2><ul "
	    "class=\"list\">", _("Pass-on obligations owed"));
	for (int i = 0; i < no; i++) {
		if ((ids && !scope_has(ids, n, o[i].person_id)) ||
		    (grant_id && o[i].grant_id != grant_id))
			continue;
		shown++;
		html_printf(b, "<li><a class=\"row\" href=\"/grant?grant=%lld\">"
		    "<strong>G%lld</strong> &middot; %s &rarr; %s<br><span "
		    "class=\"muted\">", (long long)o[i].grant_id,
		    (long long)o[i].grant_id, o[i].owes_code, o[i].to_code[0] ?
		    o[i].to_code : _("(not chosen)"));
		/* TRANSLATORS: offspring passed on of those owed, the due date */
		html_printf(b, _("%d of %d %s passed on, due %s"), o[i].passed,
		    o[i].count, label(o[i].kind), date_show(o[i].due_day, d));
		if (o[i].days_late > 0) {
			html_raw(b, " &middot; <span class=\"tag\">");
			html_printf(b, ngettext("%d day late", "%d days late",
			    (unsigned long)o[i].days_late), o[i].days_late);
			html_raw(b, "</span>");
		}
		html_raw(b, "</span></a></li>");
	}
	if (!shown)
		html_printf(b, "<li class=\"muted\">%s</li>", _("None."));
	html_raw(b, "</ul></section>");
	free(o);
	return 0;
}

int
page_grants(struct web_ctx *x)
{
	struct list_ctx c = { x, NULL, 0, 0 };
	int64_t *ids;
	int rc;

	if (coord_people(x, NULL, &ids, &c.n) < 0)
		return -1;
	c.ids = ids;
	page_begin(x, _("In-kind grants"));
	rc = obligations(x, ids, c.n, 0);
	html_printf(&x->rs->body, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Grants"));
	if (rc == 0)
		rc = grant_list(x->db, 0, NULL, grant_row, &c);
	if (!c.shown)
		html_printf(&x->rs->body, "<li class=\"muted\">%s</li>",
		    _("None yet."));
	html_raw(&x->rs->body, "</ul></section>");
	free(ids);
	if (rc < 0)
		return coord_failed(x);
	page_end(x);
	return 0;
}

static int
event_row(const struct grant_event *e, void *arg)
{
	struct web_ctx *x = arg;
	struct buf *b = &x->rs->body;
	char d[16], m[48];

	html_printf(b, "<li><strong>%s</strong> &middot; %s &middot; %d",
	    date_show(e->day, d), label(e->kind), e->count);
	if (e->price >= 0)
		html_printf(b, " &middot; %s", money_show(e->price, m, sizeof m));
	if (e->cause || e->notes)
		html_printf(b, "<br><span class=\"muted\">%s</span>",
		    e->cause ? e->cause : e->notes);
	html_raw(b, "</li>");
	return 0;
}

static void
head(struct web_ctx *x, const struct grant *g, int herd)
{
	struct buf *b = &x->rs->body;
	struct person p;
	char d[16], m[48], lb[128];

	html_raw(b, "<section><dl>");
	if (person_get_id(x->db, g->person_id, &p) == 0) {
		html_printf(b, "<dt>%s</dt><dd><a href=\"/person?person=%lld\">%s"
		    "</a></dd>", _("Recipient"), (long long)p.id, p.case_code);
		person_free(&p);
	}
	html_printf(b, "<dt>%s</dt><dd>%s%S%s</dd>", _("Kind"), label(g->kind),
	    g->what ? ": " : "", g->what ? g->what : "");
	/* TRANSLATORS: how many, date given, value of one */
	html_printf(b, "<dt>%s</dt><dd>", _("Given"));
	html_printf(b, _("%d on %s, %s each"), g->count, date_show(g->day, d),
	    money_show(g->unit_value, m, sizeof m));
	html_printf(b, "</dd><dt>%s</dt><dd>%s</dd>", _("Source"),
	    funding_label(g->source, lb, sizeof lb));
	if (g->parent_id)
		html_printf(b, "<dt>%s</dt><dd><a href=\"/grant?grant=%lld\">G%lld"
		    "</a></dd>", _("Passed on from"), (long long)g->parent_id,
		    (long long)g->parent_id);
	if (g->notes && *g->notes)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Notes"), g->notes);
	html_printf(b, "<dt>%s</dt><dd id=\"herd\">%d</dd></dl></section>",
	    _("Herd now"), herd);
}

static void
field(struct web_ctx *x, const char *action, const char *name,
    const char *label_text, const char *type)
{
	const char *v = "";

	if (!strcmp(x->route->path, action))
		for (int i = 0; i < x->rq->nkv; i++)
			if (!strcmp(x->rq->kv[i].key, name))
				v = x->rq->kv[i].val;
	html_printf(&x->rs->body, "<label for=\"%s%s\">%s</label><input "
	    "id=\"%s%s\" name=\"%s\" type=\"%s\" maxlength=\"200\" value=\"%s\">",
	    action, name, label_text, action, name, name, type, v);
	if (!strcmp(x->route->path, action))
		page_field_error(x, name);
}

static void
event_form(struct web_ctx *x, const struct grant *g)
{
	static const char *const ev[] = { "born", "died", "sold",
		"vaccinated", "lost" };
	struct buf *b = &x->rs->body;

	html_printf(b, "<section id=\"event\"><h2>%s</h2>", _("Record an event"));
	if (!strcmp(x->route->path, "/grant/event"))
		page_field_error(x, "");
	html_raw(b, "<form method=\"post\" action=\"/grant/event\">");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"grant\" value=\"%lld\">"
	    "<label for=\"ev-kind\">%s</label><select id=\"ev-kind\" "
	    "name=\"kind\">", (long long)g->id, _("What happened"));
	for (size_t i = 0; i < sizeof ev / sizeof ev[0]; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", ev[i],
		    label(ev[i]));
	html_raw(b, "</select>");
	field(x, "/grant/event", "num", _("How many"), "text");
	field(x, "/grant/event", "date", _("Date"), "date");
	field(x, "/grant/event", "amount", _("Price of a sale (đồng)"), "text");
	field(x, "/grant/event", "cause", _("Cause of a death or loss"), "text");
	field(x, "/grant/event", "note", _("Note"), "text");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Save"));
}

static void
passon_form(struct web_ctx *x, const struct grant *g)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<section id=\"passon\"><h2>%s</h2>", _("Record a "
	    "pass-on"));
	if (!strcmp(x->route->path, "/grant/passon"))
		page_field_error(x, "");
	html_raw(b, "<form method=\"post\" action=\"/grant/passon\">");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"grant\" value=\"%lld\">",
	    (long long)g->id);
	field(x, "/grant/passon", "to", _("To (case code)"), "text");
	field(x, "/grant/passon", "num", _("How many"), "text");
	field(x, "/grant/passon", "date", _("Date"), "date");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Save"));
}

static int
grant_body(struct web_ctx *x, const struct grant *g)
{
	char title[64];
	int herd;

	if (grant_herd(x->db, g->id, date_today(), &herd) < 0)
		return -1;
	snprintf(title, sizeof title, _("Grant G%lld"), (long long)g->id);
	page_begin(x, title);
	if (x->a.saved)
		page_note(x, "ok", _("Saved."));
	head(x, g, herd);
	html_printf(&x->rs->body, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Events"));
	if (grant_events(x->db, g->id, event_row, x) < 0)
		return -1;
	html_raw(&x->rs->body, "</ul></section>");
	if (obligations(x, NULL, 0, g->id) < 0)
		return -1;
	event_form(x, g);
	passon_form(x, g);
	page_end(x);
	return 0;
}

int
page_grant(struct web_ctx *x)
{
	struct grant g;
	int rc;

	if (grant_get(x->db, x->a.grant, &g) < 0)
		return page_not_loaded(x);
	db_audit(x->db, "grant", g.id, "view");
	rc = grant_body(x, &g);
	grant_free(&g);
	return rc < 0 ? coord_failed(x) : 0;
}

/* After a change: back to the grant, or its page with the errors. */
static int
grant_done(struct web_ctx *x, int rc)
{
	struct grant g;
	char loc[64];

	if (rc == 0 && !x->a.nerr) {
		snprintf(loc, sizeof loc, "/grant?grant=%lld&saved=1",
		    (long long)x->a.grant);
		page_redirect(x, loc);
		return 0;
	}
	if (!x->a.nerr)
		route_error(&x->a, "", "%s", x->errmsg);
	db_rollback(x->db);
	db_begin(x->db);
	x->rs->status = 400;
	if (grant_get(x->db, x->a.grant, &g) < 0)
		return page_not_loaded(x);
	if (grant_body(x, &g) < 0)
		coord_failed(x);
	grant_free(&g);
	return -1;
}

int
page_grant_event(struct web_ctx *x)
{
	struct grant_event e = { .grant_id = x->a.grant, .kind = (char *)x->a.kind,
		.count = x->a.num, .cause = (char *)x->a.cause,
		.notes = (char *)x->a.note, .price = x->a.amount ? x->a.amount : -1,
		.day = x->a.date != DATE_NONE ? x->a.date : date_today() };

	if (x->a.nerr)
		return grant_done(x, -1);
	if (x->a.kind && !strcmp(x->a.kind, "passed")) {
		route_error(&x->a, "kind", _("record a pass-on with its own form"));
		return grant_done(x, -1);
	}
	return grant_done(x, grant_event_add(x->db, &e));
}

/* The recipient must be someone the account may see. */
int
page_grant_passon(struct web_ctx *x)
{
	struct person p;
	int64_t nid;
	int rc;

	if (x->a.nerr)
		return grant_done(x, -1);
	if (person_get(x->db, x->a.to, &p) < 0) {
		route_error(&x->a, "to", "%s", x->errmsg);
		return grant_done(x, -1);
	}
	rc = scope_person(x->db, &x->acct, p.id);
	if (rc == 1)
		rc = grant_passon(x->db, x->a.grant, p.id, x->a.num,
		    x->a.date != DATE_NONE ? x->a.date : date_today(), NULL, -1,
		    &nid);
	else if (rc == 0) {
		route_error(&x->a, "to", _("%s is not in your area"), x->a.to);
		rc = -1;
	}
	person_free(&p);
	return grant_done(x, rc);
}

/* --- visits --- */

static void
plan_of(const struct conf *c, struct visit_plan *p)
{
	p->nsteps = 0;
	for (int i = 0; i < c->nvisit_plan && i < VISIT_MAX_STEPS; i++) {
		p->steps[i].until_months = c->visit_plan[i].until_months;
		p->steps[i].every_days = c->visit_plan[i].every_days;
		p->nsteps++;
	}
}

static int
by_organiser(const void *a, const void *b)
{
	const struct visit_due *x = a, *y = b;
	int c = strcmp(x->organiser ? x->organiser : "",
	    y->organiser ? y->organiser : "");

	return c ? c : y->days_late - x->days_late;
}

static void
due_row(struct web_ctx *x, const struct visit_due *d)
{
	struct buf *b = &x->rs->body;
	char day[16];

	html_printf(b, "<li><a class=\"row\" href=\"/person?person=%lld#visit\">"
	    "<strong>%s</strong><br><span class=\"muted\">", (long long)d->person_id,
	    d->case_code);
	/* TRANSLATORS: the day a visit is due */
	html_printf(b, _("due %s"), date_show(d->due_day, day));
	if (d->days_late > 0) {
		html_raw(b, " &middot; <span class=\"tag\">");
		html_printf(b, ngettext("%d day late", "%d days late",
		    (unsigned long)d->days_late), d->days_late);
		html_raw(b, "</span>");
	}
	html_printf(b, "</span></a><a class=\"button alt\" href=\"/person?"
	    "person=%lld#visit\">%s</a></li>", (long long)d->person_id,
	    _("Log a visit"));
}

/* Visits due in the next 7 days and overdue, one section per organiser. */
int
page_visits(struct web_ctx *x)
{
	struct followlist_params fp = { 0 };
	struct visit_plan plan;
	struct visit_due *d;
	const char *prev = NULL;
	int64_t *ids;
	char *json;
	int n, nd, rc;

	if (coord_people(x, NULL, &ids, &n) < 0)
		return -1;
	fp.people = ids;
	fp.npeople = n;
	json = followlist_people_json(&fp);
	plan_of(x->conf, &plan);
	rc = followlist_visits_due_among(x->db, &plan, x->a.organiser, json,
	    date_today(), 7, &d, &nd);
	free(json);
	free(ids);
	if (rc < 0)
		return coord_failed(x);
	if (nd > 1)
		qsort(d, (size_t)nd, sizeof *d, by_organiser);
	page_begin(x, _("Visits due"));
	html_printf(&x->rs->body, "<section><form method=\"get\" "
	    "action=\"/visits\"><label for=\"organiser\">%s</label><input "
	    "id=\"organiser\" name=\"organiser\" maxlength=\"200\" "
	    "value=\"%s\"><button type=\"submit\">%s</button></form></section>",
	    _("Organiser"), x->a.organiser ? x->a.organiser : "", _("Filter"));
	for (int i = 0; i < nd; i++) {
		const char *o = d[i].organiser ? d[i].organiser : "";
		if (!prev || strcmp(prev, o))
			html_printf(&x->rs->body, "%S<section><h2>%s</h2><ul "
			    "class=\"list\">", prev ? "</ul></section>" : "",
			    *o ? o : _("No organiser"));
		prev = o;
		due_row(x, &d[i]);
	}
	if (prev)
		html_raw(&x->rs->body, "</ul></section>");
	else
		page_note(x, "ok", _("No visit is due this week."));
	visit_due_free(d, nd);
	page_end(x);
	return 0;
}
