/*
 * pg_registry.c - the people registry for coordinators: search, a
 * person's record with needs and supports, register, edit and close.
 *
 * Names and phones are shown only to a role that may see them
 * (scope_names); every page that shows a person's record, and every
 * list that shows names, is audited. Changes go through the modules'
 * own checks (person_validate, need_*, support_add), so the web refuses
 * what "shg person add/edit", "need" and "support add" refuse, with
 * their messages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/need.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/support.h"
#include "core/table.h"
#include "core/util.h"
#include "groups/scope.h"
#include "web/html.h"
#include "web/page.h"

#define REGISTRY_ROWS 50

static const char *const genders[] = {
	N_("gender|female"), N_("gender|male"), N_("gender|other"), NULL,
};
static const char *const routes[] = {
	N_("route|labour-export"), N_("route|tourism"), N_("route|marriage"),
	N_("route|other"), NULL,
};
static const char *const reasons[] = {
	N_("close reason|moved"), N_("close reason|withdrew"),
	N_("close reason|deceased"), N_("close reason|other"), NULL,
};

static int
names_ok(struct web_ctx *x)
{
	return scope_names(&x->acct, x->conf->web_coordinator_names);
}

/* The code of "context|code". */
static const char *
code_of(const char *qualified)
{
	const char *bar = strchr(qualified, '|');

	return bar ? bar + 1 : qualified;
}

/* The label of code in a table of qualified codes; else code itself. */
static const char *
label_of(const char *const *t, const char *code)
{
	for (; *t; t++)
		if (str_eq(code_of(*t), code))
			return table_label(*t);
	return code ? code : "";
}

/* A <select> of qualified codes (with an empty choice when blank). */
static void
select_codes(struct web_ctx *x, const char *name, const char *label,
    const char *const *t, const char *cur, int blank)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<label for=\"%s\">%s</label><select id=\"%s\" "
	    "name=\"%s\">", name, label, name, name);
	if (blank)
		html_raw(b, "<option value=\"\"></option>");
	for (; *t; t++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>", code_of(*t),
		    str_eq(cur, code_of(*t)) ? " selected" : "", table_label(*t));
	html_raw(b, "</select>");
	page_field_error(x, name);
}

static void
input(struct web_ctx *x, const char *name, const char *label,
    const char *type, const char *val, int required)
{
	html_printf(&x->rs->body, "<label for=\"%s\">%s</label><input id=\"%s\" "
	    "name=\"%s\" type=\"%s\" value=\"%s\"%S>", name, label, name, name,
	    type, val ? val : "", required ? " required" : "");
	page_field_error(x, name);
}

static void
search_form(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<section><form method=\"get\" action=\"/registry\">"
	    "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" "
	    "type=\"search\" value=\"%s\">", names_ok(x) ? _("Case code or "
	    "name") : _("Case code"), x->a.q ? x->a.q : "");
	page_field_error(x, "q");
	html_printf(b, "<button type=\"submit\">%s</button> <a class=\"button "
	    "alt\" href=\"/registry/new\">%s</a> <a class=\"button alt\" "
	    "href=\"/import\">%s</a></form></section>", _("Search"),
	    _("Register a person"), _("Import a file"));
}

struct found {
	struct web_ctx *x;
	int n, names;
};

static int
found_row(const struct person *p, void *arg)
{
	struct found *f = arg;
	struct buf *b = &f->x->rs->body;

	int rc = scope_person(f->x->db, &f->x->acct, p->id);

	if (rc <= 0)
		return rc;      /* outside the area: not listed */
	if (f->n++ == REGISTRY_ROWS)
		return 1;
	html_printf(b, "<li><a class=\"row\" href=\"/registry/person?person="
	    "%lld\"><strong>%s</strong>", (long long)p->id, p->case_code);
	if (f->names) {
		/* on the audit trail before it is shown */
		if (db_audit_detail(f->x->db, "person", p->id, "list", "name") < 0)
			return -1;
		html_printf(b, " &middot; %s", p->full_name);
	}
	html_printf(b, "<br><span class=\"muted\">%s &middot; %s</span>",
	    p->commune ? p->commune : p->district ? p->district : "",
	    person_category_label(p->category) ? person_category_label(
	    p->category) : p->category);
	if (str_eq(p->status, "closed"))
		html_printf(b, " <span class=\"tag\">%s</span>",
		    table_label(N_("person status|closed")));
	html_raw(b, "</a></li>");
	return 0;
}

/* GET /registry: the search and its first REGISTRY_ROWS people of the
 * account's scope (their own place or their group's), by case code.
 * Names shown are audited ("list"). */
int
page_registry(struct web_ctx *x)
{
	struct person_filter f = { 0 };
	struct found fd = { x, 0, names_ok(x) };
	struct buf *b = &x->rs->body;
	size_t start;
	int rc;

	if (fd.names)
		f.any = x->a.q;
	else
		f.code = x->a.q;
	page_begin(x, _("People registry"));
	search_form(x);
	html_printf(b, "<section><h2>%s</h2><ul class=\"list\">", _("People"));
	start = b->len;
	if (fd.names && db_begin(x->db) < 0) {
		page_status(x, 503, _("The database is busy; try again."));
		return -1;
	}
	rc = person_each(x->db, &f, found_row, &fd);
	if (fd.names && rc < 0)
		db_rollback(x->db);
	else if (fd.names && db_commit(x->db) < 0)
		rc = -1;
	if (rc < 0)
		return page_not_loaded(x);
	page_list_end(x, start);
	if (fd.n > REGISTRY_ROWS)
		page_note(x, "ok", _("Only the first 50 are shown: search to find "
		    "the others."));
	page_end(x);
	return 0;
}

/* The category and where the person lives (the parts given). */
static void
place_line(struct web_ctx *x, const struct person *p)
{
	struct buf *b = &x->rs->body;
	const char *parts[] = { p->village, p->commune, p->district,
		p->province };
	int n = 0;

	html_printf(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", _("Category"),
	    person_category_label(p->category) ? person_category_label(
	    p->category) : p->category, _("Place"));
	for (size_t i = 0; i < NELEM(parts); i++)
		if (!str_empty(parts[i]))
			html_printf(b, "%S%s", n++ ? ", " : "", parts[i]);
	html_raw(b, "</dd>");
}

/* The record: what every coordinator sees, and the name and phone for a
 * role that may. */
static void
record(struct web_ctx *x, const struct person *p)
{
	struct buf *b = &x->rs->body;
	char d[16];

	html_printf(b, "<section><dl><dt>%s</dt><dd>%s</dd>", _("Case code"),
	    p->case_code);
	if (names_ok(x))
		html_printf(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		    _("Name"), p->full_name, _("Phone"), p->phone ? p->phone :
		    "");
	place_line(x, p);
	if (str_eq(p->status, "closed"))
		html_printf(b, "<dt>%s</dt><dd>%s &middot; %s</dd>", _("Closed"),
		    date_show(p->closed_on, d), label_of(reasons,
		    p->close_reason));
	html_printf(b, "</dl><p><a class=\"button alt\" href=\"/registry/edit?"
	    "person=%lld\">%s</a></p></section>", (long long)p->id,
	    _("Edit"));
}

static int
need_item(const struct need *n, void *arg)
{
	struct web_ctx *x = arg;
	char d[16];

	html_printf(&x->rs->body, "<li>%s <span class=\"tag\">%s</span> "
	    "<span class=\"muted\">%s%S%s</span></li>", need_kind_label(n->kind),
	    need_status_label(n->status), date_show(n->identified_on, d),
	    n->referred_to ? " &rarr; " : "", n->referred_to ? n->referred_to :
	    "");
	return 0;
}

static void
need_form(struct web_ctx *x, int64_t id)
{
	static const char *const steps[] = { N_("need step|identify"),
		N_("need step|refer"), N_("need step|met"), NULL };
	struct buf *b = &x->rs->body;
	char iso[11];

	html_raw(b, "<form method=\"post\" action=\"/registry/need\">");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%lld\">"
	    "<label for=\"need-kind\">%s</label><select id=\"need-kind\" "
	    "name=\"kind\">", (long long)id, _("Need"));
	for (const struct need_kind *k = need_kinds; k->code; k++)
		html_printf(b, "<option value=\"%s\">%s</option>", k->code,
		    need_kind_label(k->code));
	html_raw(b, "</select>");
	page_field_error(x, "kind");
	select_codes(x, "type", _("Step"), steps, x->a.type, 0);
	input(x, "date", _("Date"), "date", date_format(date_today(), iso), 1);
	input(x, "org", _("Referred to (for a referral)"), "text", x->a.org, 0);
	html_printf(b, "<button type=\"submit\">%s</button></form>",
	    _("Save the need"));
}

static int
support_item(const struct support *s, void *arg)
{
	struct web_ctx *x = arg;
	char d[16], m[40], src[64];

	html_printf(&x->rs->body, "<li>%s &middot; %s <span class=\"muted\">"
	    "%s &middot; %s</span></li>", support_type_label(s->type),
	    money_show(s->value, m, sizeof m), date_show(s->day, d),
	    funding_label(s->source, src, sizeof src));
	return 0;
}

static void
support_form(struct web_ctx *x, int64_t id)
{
	struct buf *b = &x->rs->body;
	char iso[11];

	html_raw(b, "<form method=\"post\" action=\"/registry/support\">");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%lld\">"
	    "<label for=\"support-type\">%s</label><select id=\"support-type\" "
	    "name=\"type\">", (long long)id, _("Support"));
	for (const struct support_type *t = support_types; t->code; t++)
		html_printf(b, "<option value=\"%s\">%s</option>", t->code,
		    support_type_label(t->code));
	html_raw(b, "</select>");
	input(x, "date", _("Date"), "date", date_format(date_today(), iso), 1);
	input(x, "value", _("Value (đồng)"), "text", x->a.value, 1);
	input(x, "source", _("Funding source (state, wu, vbsp, ngo:NAME)"),
	    "text", x->a.source, 1);
	input(x, "notes", _("Notes"), "text", x->a.notes, 0);
	html_printf(b, "<button type=\"submit\">%s</button></form>",
	    _("Record the support"));
}

static void
close_form(struct web_ctx *x, const struct person *p)
{
	struct buf *b = &x->rs->body;
	char iso[11];

	if (!str_eq(p->status, "active"))
		return;
	html_printf(b, "<section id=\"close\"><h2>%s</h2><form method=\"post\" "
	    "action=\"/registry/close\">", _("Close the record"));
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%lld\">",
	    (long long)p->id);
	select_codes(x, "reason", _("Reason"), reasons, x->a.close_reason, 0);
	input(x, "date", _("Date"), "date", date_format(date_today(), iso), 1);
	input(x, "note", _("Note"), "text", x->a.note, 0);
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Close the record"));
}

static void
person_sections(struct web_ctx *x, const struct person *p)
{
	struct buf *b = &x->rs->body;
	struct need_filter nf = { .person_id = p->id };
	struct support_filter sf = { .person_id = p->id, .from = DATE_NONE,
		.to = DATE_NONE };
	size_t start;

	if (x->a.saved)
		page_note(x, "ok", _("Saved."));
	page_field_error(x, "");
	record(x, p);
	html_printf(b, "<section id=\"needs\"><h2>%s</h2><ul class=\"list\">",
	    _("Needs"));
	start = b->len;
	need_each(x->db, &nf, need_item, x);
	if (b->len == start)
		html_printf(b, "<li class=\"muted\">%s</li>", _("None yet."));
	html_raw(b, "</ul>");
	need_form(x, p->id);
	html_printf(b, "</section><section id=\"supports\"><h2>%s</h2>"
	    "<ul class=\"list\">", _("Support received"));
	start = b->len;
	support_each(x->db, &sf, support_item, x);
	if (b->len == start)
		html_printf(b, "<li class=\"muted\">%s</li>", _("None yet."));
	html_raw(b, "</ul>");
	support_form(x, p->id);
	html_raw(b, "</section>");
	close_form(x, p);
}

/* A person's registry page, audited; status 200, or 400 after a form
 * came back with errors (the page again with the message). */
static int
render_record(struct web_ctx *x, int status)
{
	struct person p;

	if (person_get_id(x->db, x->a.person, &p) < 0)
		return page_not_loaded(x);
	if (db_audit(x->db, "person", p.id, "view") < 0) {
		person_free(&p);
		return page_not_loaded(x);
	}
	x->rs->status = status;
	buf_reset(&x->rs->body);
	page_begin(x, p.case_code);
	person_sections(x, &p);
	page_end(x);
	person_free(&p);
	return status == 200 ? 0 : -1;
}

int
page_registry_person(struct web_ctx *x)
{
	return render_record(x, 200);
}

/* The form of a person; p NULL for a new one. The name and phone only
 * where the role may see them (or for a new person, whose name the
 * coordinator gives). */
static void
person_form(struct web_ctx *x, const struct person *p, const char *action)
{
	const struct web_args *a = &x->a;
	struct buf *b = &x->rs->body;
	char born[8] = "", iso[11] = "";
	int names = !p || names_ok(x);

	if (p && p->birth_year)
		snprintf(born, sizeof born, "%d", p->birth_year);
	if (p && p->returned_on != DATE_NONE)
		date_format(p->returned_on, iso);
	page_field_error(x, "");
	html_printf(b, "<section><form method=\"post\" action=\"%s\">", action);
	page_csrf(x);
	if (p)
		html_printf(b, "<input type=\"hidden\" name=\"person\" "
		    "value=\"%lld\">", (long long)p->id);
	if (names) {
		input(x, "name", _("Full name"), "text", a->name ? a->name : p ?
		    p->full_name : NULL, !p);
		input(x, "phone", _("Phone"), "tel", a->phone ? a->phone : p ?
		    p->phone : NULL, 0);
	}
	select_codes(x, "gender", _("Gender"), genders, a->gender ? a->gender :
	    p ? p->gender : NULL, 0);
	input(x, "born", _("Year of birth"), "text", a->born ? a->born : born, 0);
	html_printf(b, "<label for=\"category\">%s</label><select id=\"category\" "
	    "name=\"category\">", _("Category"));
	for (const struct person_category *c = person_categories; c->code; c++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>", c->code,
		    str_eq(a->category ? a->category : p ? p->category : NULL,
		    c->code) ? " selected" : "", person_category_label(c->code));
	html_raw(b, "</select>");
	page_field_error(x, "category");
	select_codes(x, "route", _("Route (for a suspected victim)"), routes,
	    a->proute ? a->proute : p ? p->route : NULL, 1);
	input(x, "village", _("Village"), "text", a->village ? a->village : p ?
	    p->village : NULL, 0);
	input(x, "commune", _("Commune"), "text", a->commune ? a->commune : p ?
	    p->commune : NULL, 0);
	input(x, "district", _("District"), "text", a->district ? a->district :
	    p ? p->district : x->acct.district, 0);
	input(x, "province", _("Province"), "text", a->province ? a->province :
	    p ? p->province : x->acct.province, 0);
	input(x, "returned", _("Returned on"), "date", iso, 0);
	html_printf(b, "<label for=\"consent\">%s</label><select id=\"consent\" "
	    "name=\"consent\"><option value=\"no\">%s</option><option "
	    "value=\"yes\"%S>%s</option></select>", _("Agrees to receive SMS"),
	    _("no"), p && p->sms_consent ? " selected" : "", _("yes"));
	input(x, "notes", _("Notes"), "text", a->notes ? a->notes : p ?
	    p->notes : NULL, 0);
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Save"));
}

int
page_registry_new(struct web_ctx *x)
{
	page_begin(x, _("Register a person"));
	person_form(x, NULL, "/registry/new");
	page_end(x);
	return 0;
}

/* A text field given (not NULL) replaces *dst; "" clears it. */
static void
set_str(char **dst, const char *v)
{
	if (!v)
		return;
	free(*dst);
	*dst = *v ? xstrdup(v) : NULL;
}

/* The form's fields onto p; form errors for the bad ones. */
static void
apply_form(struct web_ctx *x, struct person *p)
{
	struct web_args *a = &x->a;
	char e164[32], notice[160];

	set_str(&p->full_name, a->name);
	set_str(&p->gender, a->gender);
	set_str(&p->village, a->village);
	set_str(&p->commune, a->commune);
	set_str(&p->district, a->district);
	set_str(&p->province, a->province);
	set_str(&p->category, a->category);
	set_str(&p->route, a->proute);
	set_str(&p->notes, a->notes);
	if (a->born && *a->born && parse_int(a->born, 1900, 2200,
	    &p->birth_year) < 0)
		route_error(a, "born", _("\"%s\" is not a whole number from %d "
		    "to %d"), a->born, 1900, 2200);
	else if (a->born && !*a->born)
		p->birth_year = 0;
	if (a->returned != DATE_NONE)
		p->returned_on = a->returned;
	if (a->consent && (str_eq(a->consent, "yes") != p->sms_consent)) {
		p->sms_consent = str_eq(a->consent, "yes");
		p->consent_on = date_today();
	}
	if (a->phone && *a->phone && phone_normalize(a->phone, e164,
	    sizeof e164, notice, sizeof notice) < 0)
		route_error(a, "phone", "%s", notice);
	else if (a->phone)
		set_str(&p->phone, *a->phone ? e164 : "");
}

/* After a change the person must still be in the account's area. */
static int
still_in_scope(struct web_ctx *x, int64_t id)
{
	int rc = scope_person(x->db, &x->acct, id);

	if (rc == 0)
		route_error(&x->a, "district", _("this district and province are "
		    "outside your area"));
	return rc == 1 ? 0 : -1;
}

/* A person form that failed: again, with the messages, as 400. */
static int
form_again(struct web_ctx *x, const struct person *p, const char *title,
    const char *action)
{
	if (!x->a.nerr)
		route_error(&x->a, "", "%s", x->errmsg);
	x->rs->status = 400;
	buf_reset(&x->rs->body);
	page_begin(x, title);
	person_form(x, p, action);
	page_end(x);
	return -1;
}

static int
to_record(struct web_ctx *x, int64_t id)
{
	char loc[64];

	snprintf(loc, sizeof loc, "/registry/person?person=%lld&saved=1",
	    (long long)id);
	page_redirect(x, loc);
	return 0;
}

int
page_registry_add(struct web_ctx *x)
{
	const struct conf *c = x->conf;
	struct person_prefixes pp = { c->case_prefix, c->nprefixes,
		c->prefix_district, c->prefix_code };
	struct person p = { 0 };
	int rc;

	p.returned_on = p.consent_on = p.closed_on = DATE_NONE;
	apply_form(x, &p);
	if (!x->a.name || !*x->a.name)
		route_error(&x->a, "name", _("required"));
	rc = x->a.nerr || person_add_coded(x->db, &p, &pp) < 0 ||
	    still_in_scope(x, p.id) < 0 ? -1 : 0;
	if (rc == 0)
		rc = to_record(x, p.id);
	else
		form_again(x, NULL, _("Register a person"), "/registry/new");
	person_free(&p);
	return rc;
}

int
page_registry_edit_form(struct web_ctx *x)
{
	struct person p;

	if (person_get_id(x->db, x->a.person, &p) < 0)
		return page_not_loaded(x);
	if (names_ok(x) && db_audit(x->db, "person", p.id, "view") < 0) {
		person_free(&p);
		return page_not_loaded(x);
	}
	page_begin(x, p.case_code);
	person_form(x, &p, "/registry/edit");
	page_end(x);
	person_free(&p);
	return 0;
}

int
page_registry_edit(struct web_ctx *x)
{
	struct person p;
	int rc;

	if (person_get_id(x->db, x->a.person, &p) < 0)
		return page_not_loaded(x);
	if (!names_ok(x))
		x->a.name = x->a.phone = NULL;  /* not shown: not changed */
	apply_form(x, &p);
	rc = x->a.nerr || person_update(x->db, &p) < 0 ||
	    still_in_scope(x, p.id) < 0 ? -1 : 0;
	if (rc == 0)
		rc = to_record(x, p.id);
	else
		form_again(x, &p, p.case_code, "/registry/edit");
	person_free(&p);
	return rc;
}

/* POST /registry/need: type is identify, refer or met. */
int
page_registry_need(struct web_ctx *x)
{
	const struct web_args *a = &x->a;
	int rc;

	if (a->nerr)
		return render_record(x, 400);
	if (!strcmp(a->type, "identify"))
		rc = need_add(x->db, a->person, a->kind, a->date, a->notes);
	else if (!strcmp(a->type, "refer"))
		rc = need_refer(x->db, a->person, a->kind, a->org ? a->org : "",
		    a->date);
	else if (!strcmp(a->type, "met"))
		rc = need_meet(x->db, a->person, a->kind, a->date);
	else
		rc = error("\"%s\" is not identify, refer or met", a->type);
	if (rc < 0) {
		route_error(&x->a, "", "%s", x->errmsg);
		return render_record(x, 400);
	}
	return to_record(x, a->person);
}

int
page_registry_support(struct web_ctx *x)
{
	struct support s = { .person_id = x->a.person, .day = x->a.date,
		.notes = x->a.notes };
	char src[FUNDING_MAX];

	if (x->a.nerr)
		return render_record(x, 400);
	if (parse_money(x->a.value, &s.value) < 0) {
		route_error(&x->a, "", _("\"%s\" is not an amount of đồng (e.g. "
		    "1500000 or 1.500.000)"), x->a.value);
		return render_record(x, 400);
	}
	if (support_type_parse(_("type"), x->a.type, &s.type) < 0 ||
	    funding_parse(_("source"), x->a.source, src, sizeof src) < 0 ||
	    (s.source = src, support_add(x->db, &s)) < 0) {
		route_error(&x->a, "", "%s", x->errmsg);
		return render_record(x, 400);
	}
	return to_record(x, x->a.person);
}

int
page_registry_close(struct web_ctx *x)
{
	if (x->a.nerr || person_close(x->db, x->a.person, x->a.date,
	    x->a.close_reason, x->a.note) < 0) {
		if (!x->a.nerr)
			route_error(&x->a, "", "%s", x->errmsg);
		return render_record(x, 400);
	}
	return to_record(x, x->a.person);
}
