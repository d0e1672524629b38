/*
 * pg_person.c - a member's page (audited: it shows a name and a phone),
 * logging a visit, marking a reply read, closing a help request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/followup.h"
#include "core/i18n.h"
#include "core/need.h"
#include "core/person.h"
#include "core/support.h"
#include "core/visit.h"
#include "groups/grant.h"
#include "groups/loan.h"
#include "groups/scope.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/replies.h"
#include "web/html.h"
#include "web/page.h"

struct choice {
	const char *code, *label;
};

static const struct choice visit_kinds[] = {
	{ "home", N_("home visit") }, { "phone", N_("phone call") },
	{ "meeting", N_("at the group meeting") }, { NULL, NULL },
};
static const struct choice situations[] = {
	{ "stable", N_("stable") }, { "needs-support", N_("needs support") },
	{ "at-risk", N_("at risk") }, { "not-reached", N_("not reached") },
	{ NULL, NULL },
};

/* Codes of other modules, as the pages say them. */
static const struct choice need_states[] = {
	{ "identified", N_("identified") }, { "referred", N_("referred") },
	{ "met", N_("met") }, { NULL, NULL },
};
static const struct choice sms_states[] = {
	{ "queued", N_("queued") }, { "sending", N_("sending") },
	{ "sent", N_("sent") }, { "failed", N_("failed") },
	{ "expired", N_("expired") }, { "cancelled", N_("cancelled") },
	{ NULL, NULL },
};

static const char *
choice_label(const struct choice *c, const char *code)
{
	for (; c->code; c++)
		if (code && !strcmp(c->code, code))
			return _(c->label);
	return code ? code : "";
}

static int
need_row(const struct need *n, void *arg)
{
	struct web_ctx *x = arg;
	char d[16];

	html_printf(&x->rs->body, "<li>%s <span class=\"tag\">%s</span> "
	    "<span class=\"muted\">%s</span></li>",
	    _(need_kind_label(n->kind)), choice_label(need_states, n->status),
	    date_show(n->identified_on, d));
	return 0;
}

static int
support_row(const struct support *s, void *arg)
{
	struct web_ctx *x = arg;
	char d[16], m[40];

	html_printf(&x->rs->body, "<li>%s &middot; %s <span class=\"muted\">"
	    "%s</span></li>", _(support_type_label(s->type)),
	    money_show(s->value, m, sizeof m), date_show(s->day, d));
	return 0;
}

static int
visit_row(const struct visit *v, void *arg)
{
	struct web_ctx *x = arg;
	char d[16];

	html_printf(&x->rs->body, "<li>%s &middot; %s &middot; <strong>%s"
	    "</strong>", date_show(v->day, d), choice_label(visit_kinds, v->kind),
	    choice_label(situations, v->situation));
	if (v->notes)
		html_printf(&x->rs->body, "<br><span class=\"muted\">%s</span>",
		    v->notes);
	html_raw(&x->rs->body, "</li>");
	return 0;
}

static void
loan_line(struct web_ctx *x, int64_t id)
{
	struct buf *b = &x->rs->body;
	struct loan_state s;
	struct loan l;
	char m1[40], m2[40], d[16];

	if (loan_get(x->db, id, &l) < 0)
		return;
	if (loan_state_at(x->db, id, date_today(), &s) == 0) {
		html_printf(b, "<li>%s %lld &middot; %s %s", _("Loan"),
		    (long long)id, _("outstanding"),
		    money_show(s.outstanding, m1, sizeof m1));
		if (s.next_due_day != DATE_NONE)
			html_printf(b, "<br>%s %s: %s", _("next due"),
			    date_show(s.next_due_day, d),
			    money_show(s.next_due, m2, sizeof m2));
		if (s.overdue > 0)
			html_printf(b, "<br><span class=\"err\">%s %s</span>",
			    _("overdue"), money_show(s.overdue, m2, sizeof m2));
		html_raw(b, "</li>");
	}
	loan_free(&l);
}

static void
loans(struct web_ctx *x, int64_t person_id)
{
	int64_t *ids;
	int n;
	size_t start;

	html_printf(&x->rs->body, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Loans"));
	start = x->rs->body.len;
	if (loan_ids_of_person(x->db, person_id, &ids, &n) == 0) {
		for (int i = 0; i < n; i++)
			loan_line(x, ids[i]);
		free(ids);
	}
	page_list_end(x, start);
}

/* One in-kind grant: what and how many, when received, the herd today
 * and the pass-on obligation, if it has one. */
static void
grant_line(struct web_ctx *x, int64_t id, int today)
{
	struct buf *b = &x->rs->body;
	struct grant_oblig o;
	struct grant g;
	int herd, found;
	char d[16];

	if (grant_get(x->db, id, &g) < 0)
		return;
	/* TRANSLATORS: an in-kind grant on a member's page: how many, kind
	 * of animal or goods, date received */
	html_raw(b, "<li>");
	html_printf(b, _("%d %s, received %s"), g.count,
	    g.what ? g.what : _(g.kind), date_show(g.day, d));
	if (grant_herd(x->db, id, today, &herd) == 0)
		html_printf(b, "<br>%s: <strong>%d</strong>", _("Herd now"), herd);
	if (grant_oblig_of(x->db, id, today, &o, &found) == 0 && found) {
		html_raw(b, "<br>");
		/* TRANSLATORS: a grant's pass-on obligation: how many
		 * offspring passed on so far, how many owed, the due date */
		html_printf(b, _("Pass on: %d of %d by %s"), o.passed, o.count,
		    date_show(o.due_day, d));
		if (o.to_code[0])
			html_printf(b, " &rarr; %s", o.to_code);
		if (o.days_late > 0)
			html_printf(b, " <span class=\"err\">%s</span>",
			    _("overdue"));
	}
	html_raw(b, "</li>");
	grant_free(&g);
}

static void
grants(struct web_ctx *x, int64_t person_id)
{
	int64_t *ids;
	int n, today = date_today();
	size_t start;

	html_printf(&x->rs->body, "<section id=\"grants\"><h2>%s</h2>"
	    "<ul class=\"list\">", _("In-kind grants"));
	start = x->rs->body.len;
	if (grant_ids_of_person(x->db, person_id, &ids, &n) == 0) {
		for (int i = 0; i < n; i++)
			grant_line(x, ids[i], today);
		free(ids);
	}
	page_list_end(x, start);
}

static int
sent_row(const struct outbox_item *m, void *arg)
{
	struct web_ctx *x = arg;
	char when[32];

	html_printf(&x->rs->body, "<li>&rarr; <span class=\"muted\">%s &middot; "
	    "%s</span><br>%s</li>", page_time(m->queued_at, when,
	    sizeof when), choice_label(sms_states, m->state), m->text);
	return 0;
}

static int
received_row(const struct inbox_item *m, void *arg)
{
	struct web_ctx *x = arg;
	struct buf *b = &x->rs->body;
	char when[32];

	html_printf(b, "<li>&larr; <span class=\"muted\">%s</span><br>%s",
	    page_time(m->received_at, when, sizeof when), m->text);
	if (!m->read) {
		html_raw(b, "<form method=\"post\" action=\"/reply/read\">");
		page_csrf(x);
		html_printf(b, "<input type=\"hidden\" name=\"id\" "
		    "value=\"%lld\"><label for=\"note%lld\">%s</label>"
		    "<input id=\"note%lld\" name=\"note\" required maxlength=\"200\">"
		    "<button type=\"submit\" class=\"alt\">%s</button></form>",
		    (long long)m->id, (long long)m->id, _("What was done"),
		    (long long)m->id, _("Mark read"));
	}
	html_raw(b, "</li>");
	return 0;
}

static void
sms_history(struct web_ctx *x, int64_t person_id)
{
	struct inbox_filter f = { .person_id = person_id, .limit = 20 };
	size_t start;

	html_printf(&x->rs->body, "<section id=\"sms\"><h2>%s</h2>"
	    "<p><a class=\"button alt\" href=\"/sms/person?person=%lld\">%s</a></p>"
	    "<ul class=\"list\">", _("SMS"), (long long)person_id,
	    _("Send an SMS"));
	start = x->rs->body.len;
	inbox_each(x->db, &f, received_row, x);
	outbox_each_person(x->db, person_id, 20, sent_row, x);
	page_list_end(x, start);
}

static void
help_case(struct web_ctx *x, int64_t person_id)
{
	struct buf *b = &x->rs->body;
	int64_t case_id = 0;

	if (followup_open_case(x->db, person_id, &case_id) < 0 || !case_id)
		return;
	html_printf(b, "<section><h2>%s</h2><form method=\"post\" "
	    "action=\"/followup/close\">", _("Open help request"));
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%lld\">"
	    "<label for=\"close-note\">%s</label><input id=\"close-note\" "
	    "name=\"note\" required maxlength=\"200\">", (long long)person_id,
	    _("What was done"));
	page_field_error(x, "note");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Close the request"));
}

static void
select_field(struct web_ctx *x, const char *name, const char *label,
    const struct choice *c, const char *cur)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<label for=\"%s\">%s</label><select id=\"%s\" "
	    "name=\"%s\">", name, label, name, name);
	for (; c->code; c++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>", c->code,
		    cur && !strcmp(cur, c->code) ? " selected" : "", _(c->label));
	html_raw(b, "</select>");
	page_field_error(x, name);
}

static void
visit_form(struct web_ctx *x, int64_t person_id)
{
	struct buf *b = &x->rs->body;
	char iso[11];
	int day = x->a.date != DATE_NONE ? x->a.date : date_today();

	html_printf(b, "<section id=\"visit\"><h2>%s</h2>", _("Log a visit"));
	page_field_error(x, "");
	html_raw(b, "<form method=\"post\" action=\"/visit\">");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%lld\">"
	    "<label for=\"date\">%s</label><input id=\"date\" name=\"date\" "
	    "type=\"date\" required value=\"%s\">", (long long)person_id,
	    _("Date"), date_format(day, iso));
	page_field_error(x, "date");
	select_field(x, "kind", _("How"), visit_kinds, x->a.kind);
	select_field(x, "situation", _("Situation"), situations, x->a.situation);
	html_printf(b, "<label for=\"needs\">%s</label><input id=\"needs\" "
	    "name=\"needs\" maxlength=\"200\" value=\"%s\">", _("Needs found "
	    "(separated by commas)"), x->a.needs ? x->a.needs : "");
	page_field_error(x, "needs");
	html_printf(b, "<label for=\"notes\">%s</label><textarea id=\"notes\" "
	    "name=\"notes\" maxlength=\"2000\">%s</textarea>", _("Notes"),
	    x->a.notes ? x->a.notes : "");
	page_field_error(x, "notes");
	html_printf(b, "<label for=\"next\">%s</label><input id=\"next\" "
	    "name=\"next\" type=\"date\">", _("Next visit (optional)"));
	page_field_error(x, "next");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Save the visit"));
}

static void
person_body(struct web_ctx *x, const struct person *p)
{
	struct buf *b = &x->rs->body;
	struct need_filter nf = { .person_id = p->id };
	struct support_filter sf = { .person_id = p->id, .from = DATE_NONE,
		.to = DATE_NONE };
	size_t start;

	if (x->a.saved)
		page_note(x, "ok", _("Saved."));
	html_printf(b, "<section><dl><dt>%s</dt><dd>%s</dd>", _("Case code"),
	    p->case_code);
	if (scope_names(&x->acct, x->conf->web_coordinator_names)) {
		html_printf(b, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>", _("Name"),
		    p->full_name, _("Phone"));
		if (p->phone)
			html_printf(b, "<a href=\"tel:%s\">%s</a>", p->phone,
			    p->phone);
		html_raw(b, "</dd>");
	}
	html_raw(b, "</dl></section>");
	help_case(x, p->id);
	html_printf(b, "<section><h2>%s</h2><ul class=\"list\">", _("Needs"));
	start = b->len;
	need_each(x->db, &nf, need_row, x);
	page_list_end(x, start);
	html_printf(b, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Support received"));
	start = b->len;
	support_each(x->db, &sf, support_row, x);
	page_list_end(x, start);
	html_printf(b, "<section><h2>%s</h2><ul class=\"list\">", _("Visits"));
	start = b->len;
	visit_each(x->db, p->id, DATE_NONE, DATE_NONE, visit_row, x);
	page_list_end(x, start);
	loans(x, p->id);
	grants(x, p->id);
	sms_history(x, p->id);
	visit_form(x, p->id);
}

/* The member's page; status is 200, or 400 when a form came back with
 * errors. */
static int
render_person(struct web_ctx *x, int status)
{
	struct person p;

	if (person_get_id(x->db, x->a.person, &p) < 0)
		return page_not_loaded(x);
	if (db_audit_detail(x->db, "person", p.id, "view", "name,phone") < 0) {
		person_free(&p);
		return page_not_loaded(x);
	}
	x->rs->status = status;
	buf_reset(&x->rs->body);
	page_begin(x, p.case_code);
	person_body(x, &p);
	page_end(x);
	person_free(&p);
	return 0;
}

int
page_person(struct web_ctx *x)
{
	return render_person(x, 200);
}

/* After a change: back to the member's page, which says it was saved. */
static int
saved(struct web_ctx *x)
{
	char loc[64];

	snprintf(loc, sizeof loc, "/person?person=%lld&saved=1",
	    (long long)x->a.person);
	page_redirect(x, loc);
	return 0;
}

/* A form that failed: the page again with the message beside the form. */
static int
failed(struct web_ctx *x, const char *field)
{
	if (!x->a.nerr)
		route_error(&x->a, field, "%s", x->errmsg);
	render_person(x, 400);
	return -1;
}

int
page_visit(struct web_ctx *x)
{
	struct visit v = { .person_id = x->a.person, .day = x->a.date,
		.visitor = (char *)x->acct.name, .kind = (char *)x->a.kind,
		.situation = (char *)x->a.situation,
		.needs = (char *)x->a.needs, .notes = (char *)x->a.notes,
		.next_day = x->a.next };

	if (x->a.nerr || visit_log(x->db, &v) < 0)
		return failed(x, "");
	return saved(x);
}

/* The scope check (route.h, PERM_REPLY) found the sender: x->a.person. */
int
page_reply_read(struct web_ctx *x)
{
	if (x->a.nerr || replies_ack(x->db, x->a.id, x->acct.name, x->a.note,
	    clock_now()) < 0)
		return failed(x, "");
	return saved(x);
}

int
page_followup_close(struct web_ctx *x)
{
	if (x->a.nerr || followup_close(x->db, x->a.person, x->acct.name,
	    x->a.note, clock_now()) < 0)
		return failed(x, "note");
	return saved(x);
}
