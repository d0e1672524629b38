/*
 * pg_loan.c - the loan review of the account's scope (arrears, PAR30,
 * repayment rate by source and by group), a loan's page (terms, state,
 * schedule, payments) and the forms that change a loan: repayment,
 * reversal, rescheduling and write-off.
 *
 * Each change is asked twice. The first POST (no "confirm") makes the
 * change inside the request's transaction, reads the loan as it would
 * then stand, shows that, and returns -1 so that web.c rolls the
 * transaction back: the preview is computed by the very code that
 * writes, and nothing is kept. The second POST, with confirm=1 and the
 * same fields, makes it for good.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/funding.h"
#include "core/i18n.h"
#include "core/person.h"
#include "groups/loan.h"
#include "groups/scope.h"
#include "web/cache.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pg_coord.h"

static const char *
status_label(enum loan_status s)
{
	static const char *const labels[] = {
		[LOAN_NOT_DISBURSED] = N_("not disbursed"),
		[LOAN_CURRENT] = N_("current"),
		[LOAN_ARREARS] = N_("in arrears"),
		[LOAN_REPAID] = N_("repaid"),
		[LOAN_RESCHEDULED] = N_("rescheduled"),
		[LOAN_WRITTEN_OFF] = N_("written off"),
	};
	return _(labels[s]);
}

static const char *
source_label(const char *code, char *buf, size_t size)
{
	if (!code || !strcmp(code, "(none)"))
		return _("(none)");
	return funding_label(code, buf, size);
}

/* --- the review --- */

static void
totals(struct web_ctx *x, const struct loan_portfolio *p)
{
	struct buf *b = &x->rs->body;
	char m[48], r[32];

	html_printf(b, "<section><h2>%s</h2><dl>", _("Portfolio"));
	html_printf(b, "<dt>%s</dt><dd>%d</dd>", _("Loans outstanding"), p->loans);
	html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Principal outstanding"),
	    money_show(p->outstanding, m, sizeof m));
	html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("At risk (over 30 days late)"),
	    money_show(p->at_risk, m, sizeof m));
	html_printf(b, "<dt>%s</dt><dd id=\"par30\">%s</dd>",
	    _("Portfolio at risk (PAR30)"),
	    percent_show(loan_par30_bp(p), r, sizeof r));
	html_printf(b, "<dt>%s</dt><dd id=\"rate\">%s</dd></dl></section>",
	    _("Repayment rate (last 30 days)"), p->due ? percent_show(
	    loan_rate_bp(p), r, sizeof r) : "-");
}

/* The review of a scope at a day: what the page shows, kept in the cache
 * (cache.h), since a province's takes seconds. */
struct review {
	struct web_ctx *x;
	int at;
	struct loan_portfolio *all, *source, *group;
	int nall, nsource, ngroup;
	struct loan_arrear *arr;
	int narr;
};

#define SLICES_SHOWN 50

/* What the review reads (groups/loan.h) and the scope (groups/scope.h),
 * for the cache. */
#define LOANS_TABLES "[\"person\",\"grp\",\"membership\",\"loan\"," \
	"\"loan_plan\",\"loan_inst\",\"loan_pay\",\"loan_alloc\"," \
	"\"loan_waive\",\"visit\",\"account_group\"]"

static int
by_risk(const void *a, const void *b)
{
	const struct loan_portfolio *x = a, *y = b;

	if (x->at_risk != y->at_risk)
		return x->at_risk < y->at_risk ? 1 : -1;
	return strcmp(x->key, y->key);
}

static void
review_free(void *v)
{
	struct review *r = v;

	loan_portfolio_free(r->all, r->nall);
	loan_portfolio_free(r->source, r->nsource);
	loan_portfolio_free(r->group, r->ngroup);
	loan_arrears_free(r->arr, r->narr);
	free(r);
}

static void *
review_build(void *arg)
{
	static const enum loan_slice by[3] = { LOAN_BY_ALL, LOAN_BY_SOURCE,
		LOAN_BY_GROUP };
	struct review *r = xcalloc(1, sizeof *r), *in = arg;
	struct web_ctx *x = in->x;
	struct loan_portfolio *p[3];
	int64_t *ids;
	int n, np[3], at = in->at, rc;

	r->at = at;

	if (coord_people(x, NULL, &ids, &n) < 0) {
		free(r);
		return NULL;
	}
	rc = loan_portfolios_among(x->db, by, 3, at, at - 29, at, ids, n, p,
	    np);
	r->all = p[0];
	r->nall = np[0];
	r->source = p[1];
	r->nsource = np[1];
	r->group = p[2];
	r->ngroup = np[2];
	if (rc == 0)
		rc = loan_arrears_among(x->db, at, ids, n, &r->arr, &r->narr);
	free(ids);
	if (rc == 0 && r->ngroup > SLICES_SHOWN)
		qsort(r->group, (size_t)r->ngroup, sizeof *r->group, by_risk);
	if (rc == 0)
		return r;
	review_free(r);
	coord_failed(x);
	return NULL;
}

/* The portfolio by source or by group, one line each (a table is too
 * wide for a phone); of many groups, the 50 with the most at risk. */
static void
slice(struct web_ctx *x, enum loan_slice by, const struct loan_portfolio *p,
    int np)
{
	struct buf *b = &x->rs->body;
	char m[48], r[32], r2[32], lb[128];

	html_printf(b, "<section><h2>%s</h2>", by == LOAN_BY_SOURCE ?
	    _("By source") : _("By group"));
	if (np > SLICES_SHOWN) {
		html_raw(b, "<p class=\"muted\">");
		html_printf(b, ngettext("%d group; the %d with the most principal "
		    "at risk first", "%d groups; the %d with the most principal "
		    "at risk first", (unsigned long)np), np, SLICES_SHOWN);
		html_raw(b, "</p>");
		np = SLICES_SHOWN;
	}
	html_raw(b, "<ul class=\"list\">");
	for (int i = 0; i < np; i++) {
		html_printf(b, "<li><strong>%s</strong><br><span class=\"muted\">",
		    by == LOAN_BY_SOURCE ? source_label(p[i].key, lb, sizeof lb) :
		    strcmp(p[i].key, "(none)") ? p[i].key : _("(none)"));
		/* TRANSLATORS: loans outstanding, principal outstanding, PAR30,
		 * repayment rate of one source or group */
		html_printf(b, ngettext("%d loan, %s outstanding, PAR30 %s, "
		    "repayment rate %s", "%d loans, %s outstanding, PAR30 %s, "
		    "repayment rate %s", (unsigned long)p[i].loans), p[i].loans,
		    money_show(p[i].outstanding, m, sizeof m),
		    percent_show(loan_par30_bp(&p[i]), r, sizeof r),
		    p[i].due ? percent_show(loan_rate_bp(&p[i]), r2, sizeof r2) :
		    "-");
		html_raw(b, "</span></li>");
	}
	if (!np)
		html_printf(b, "<li class=\"muted\">%s</li>", _("None."));
	html_raw(b, "</ul></section>");
}

#define ARREARS_PER_PAGE 50

/* The loans in arrears, most overdue first, 50 a page. */
static void
arrears(struct web_ctx *x, const struct loan_arrear *a, int na)
{
	struct buf *b = &x->rs->body;
	int page = x->a.pageno ? x->a.pageno : 1;
	int pages = na ? (na + ARREARS_PER_PAGE - 1) / ARREARS_PER_PAGE : 1;
	char m[48], m2[48];

	if (page > pages)
		page = pages;
	html_printf(b, "<section id=\"arrears\"><h2>%s</h2><p>", _("Arrears"));
	html_printf(b, ngettext("%d loan in arrears", "%d loans in arrears",
	    (unsigned long)na), na);
	html_raw(b, "</p><ul class=\"list\">");
	for (int i = (page - 1) * ARREARS_PER_PAGE;
	    i < na && i < page * ARREARS_PER_PAGE; i++) {
		html_printf(b, "<li><a class=\"row\" href=\"/loan?loan=%lld\">"
		    "<strong>L%lld</strong> &middot; %s &middot; %s<br>"
		    "<span class=\"muted\">", (long long)a[i].loan_id,
		    (long long)a[i].loan_id, a[i].case_code,
		    a[i].group_name ? a[i].group_name : "");
		/* TRANSLATORS: days late, amount overdue, principal outstanding */
		html_printf(b, ngettext("%d day late, %s overdue, %s outstanding",
		    "%d days late, %s overdue, %s outstanding",
		    (unsigned long)a[i].days_overdue), a[i].days_overdue,
		    money_show(a[i].overdue, m, sizeof m),
		    money_show(a[i].outstanding_principal, m2, sizeof m2));
		html_raw(b, "</span></a></li>");
	}
	if (!na)
		html_printf(b, "<li class=\"muted\">%s</li>", _("No loan is in "
		    "arrears."));
	html_raw(b, "</ul><p>");
	if (page > 1)
		html_printf(b, "<a class=\"button alt\" href=\"/loans?page=%d"
		    "#arrears\">%s</a> ", page - 1, _("Previous"));
	html_printf(b, _("Page %d of %d"), page, pages);
	if (page < pages)
		html_printf(b, " <a class=\"button alt\" href=\"/loans?page=%d"
		    "#arrears\">%s</a>", page + 1, _("Next"));
	html_raw(b, "</p></section>");
}

int
page_loans(struct web_ctx *x)
{
	struct review in = { .x = x };
	const struct review *r;
	struct cache_slot *held;
	struct buf key = { 0 };
	char d[16];

	in.at = x->a.date != DATE_NONE ? x->a.date : date_today();
	coord_cache_key(&key, "loans", x);
	buf_addf(&key, "&at=%d", in.at);
	r = cache_get(x->db, key.s, LOANS_TABLES, date_today(), review_build,
	    review_free, &in, &held);
	buf_free(&key);
	if (!r)
		return -1;
	page_begin(x, _("Loan review"));
	html_printf(&x->rs->body, "<p class=\"muted\">%s</p>",
	    date_show(r->at, d));
	totals(x, &r->all[0]);
	slice(x, LOAN_BY_SOURCE, r->source, r->nsource);
	slice(x, LOAN_BY_GROUP, r->group, r->ngroup);
	arrears(x, r->arr, r->narr);
	cache_release(held);
	page_end(x);
	return 0;
}

/* --- one loan --- */

static void
terms(struct web_ctx *x, const struct loan *l)
{
	struct buf *b = &x->rs->body;
	struct person p;
	char m[48], d[16], r[48], lb[128];

	html_raw(b, "<section><dl>");
	if (person_get_id(x->db, l->person_id, &p) == 0) {
		html_printf(b, "<dt>%s</dt><dd><a href=\"/person?person=%lld\">%s"
		    "</a></dd>", _("Borrower"), (long long)p.id, p.case_code);
		person_free(&p);
	}
	html_printf(b, "<dt>%s</dt><dd>%s</dd>", _("Source"),
	    source_label(l->source, lb, sizeof lb));
	/* TRANSLATORS: principal, date disbursed */
	html_printf(b, "<dt>%s</dt><dd>", _("Disbursed"));
	html_printf(b, _("%s on %s"), money_show(l->terms.principal, m,
	    sizeof m), date_show(l->terms.disbursed_day, d));
	html_printf(b, "</dd><dt>%s</dt><dd>%s, ", _("Terms"),
	    loancalc_format_rate(l->terms.rate_ppm, l->terms.rate_unit, r,
	    sizeof r));
	html_printf(b, ngettext("%d month", "%d months",
	    (unsigned long)l->terms.term_months), l->terms.term_months);
	html_raw(b, "</dd></dl></section>");
}

static void
state(struct web_ctx *x, const char *title, const struct loan_state *s)
{
	struct buf *b = &x->rs->body;
	char m[48], d[16];

	html_printf(b, "<section><h2>%s</h2><dl><dt>%s</dt><dd class=\"status\">"
	    "%s", title, _("Status"), status_label(s->status));
	if (s->status == LOAN_ARREARS) {
		html_raw(b, " &middot; ");
		html_printf(b, ngettext("%d day late", "%d days late",
		    (unsigned long)s->days_overdue), s->days_overdue);
	}
	html_printf(b, "</dd><dt>%s</dt><dd>%s</dd>", _("Paid"),
	    money_show(s->paid, m, sizeof m));
	html_printf(b, "<dt>%s</dt><dd class=\"outstanding\">%s</dd>",
	    _("Principal outstanding"), money_show(s->outstanding_principal, m,
	    sizeof m));
	html_printf(b, "<dt>%s</dt><dd class=\"to-repay\">%s</dd>", _("To repay "
	    "(principal + interest)"), money_show(s->outstanding, m, sizeof m));
	if (s->next_due_day != DATE_NONE)
		html_printf(b, "<dt>%s</dt><dd>%s: %s</dd>", _("Next due"),
		    date_show(s->next_due_day, d), money_show(s->next_due, m,
		    sizeof m));
	html_raw(b, "</dl></section>");
}

/* The installments; open_only: only those with something left. Amounts
 * without the currency, which the heading says, so that the table fits a
 * phone. */
static int
schedule(struct web_ctx *x, int64_t loan_id, int open_only)
{
	struct buf *b = &x->rs->body;
	struct loan_inst *in;
	char d[16], m1[48], m2[48], m3[48];
	int n, shown = 0;

	if (loan_installments(x->db, loan_id, LOAN_DAY_MAX, &in, &n) < 0)
		return -1;
	html_printf(b, "<section><h2>%s</h2><table><tr><th>%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th></tr>", open_only ? _("Installments left") :
	    _("Schedule"), _("Due"), _("Principal (đ)"), _("Interest (đ)"),
	    _("Left (đ)"));
	for (int i = 0; i < n; i++) {
		int64_t left = in[i].principal + in[i].interest -
		    in[i].principal_paid - in[i].interest_paid;
		if (open_only && left <= 0)
			continue;
		shown++;
		html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "</tr>", date_show(in[i].due_day, d), money_format(
		    in[i].principal, m1, sizeof m1), money_format(in[i].interest,
		    m2, sizeof m2), money_format(left, m3, sizeof m3));
	}
	if (!shown)
		html_printf(b, "<tr><td colspan=\"4\" class=\"muted\">%s</td></tr>",
		    _("None."));
	html_raw(b, "</table></section>");
	free(in);
	return 0;
}

/* Field errors show beside the form that was sent only. */
static void
field_error(struct web_ctx *x, const char *action, const char *field)
{
	if (!strcmp(x->route->path, action))
		page_field_error(x, field);
}

static void
reverse_form(struct web_ctx *x, const struct loan *l, const struct loan_pay *p)
{
	struct buf *b = &x->rs->body;

	html_raw(b, "<form method=\"post\" action=\"/loan/reverse\">");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"loan\" value=\"%lld\">"
	    "<input type=\"hidden\" name=\"pay\" value=\"%lld\">"
	    "<label for=\"rev-%lld\">%s</label><input id=\"rev-%lld\" "
	    "name=\"note\" required maxlength=\"200\"><button class=\"alt\" "
	    "type=\"submit\">%s</button></form>", (long long)l->id,
	    (long long)p->id, (long long)p->id, _("Why it was wrong"),
	    (long long)p->id, _("Reverse"));
	if (x->a.pay == p->id)
		field_error(x, "/loan/reverse", "note");
}

static int
payments(struct web_ctx *x, const struct loan *l)
{
	struct buf *b = &x->rs->body;
	struct loan_pay *p;
	char d[16], m[48];
	int n;

	if (loan_pays(x->db, l->id, &p, &n) < 0)
		return -1;
	html_printf(b, "<section id=\"payments\"><h2>%s</h2><ul class=\"list\">",
	    _("Payments"));
	for (int i = 0; i < n; i++) {
		html_printf(b, "<li><strong>%s</strong> &middot; %s",
		    date_show(p[i].day, d), money_show(p[i].amount, m, sizeof m));
		if (p[i].reverses)
			html_printf(b, " <span class=\"tag\">%s</span>",
			    _("reversal"));
		else if (p[i].reversed_by)
			html_printf(b, " <span class=\"tag\">%s</span>",
			    _("reversed"));
		if (p[i].note)
			html_printf(b, "<br><span class=\"muted\">%s</span>",
			    p[i].note);
		if (!p[i].reverses && !p[i].reversed_by)
			reverse_form(x, l, &p[i]);
		html_raw(b, "</li>");
	}
	if (!n)
		html_printf(b, "<li class=\"muted\">%s</li>", _("None yet."));
	html_raw(b, "</ul></section>");
	loan_pays_free(p, n);
	return 0;
}

/* The value a field is shown with after a refused form: what was sent. */
static const char *
sent(struct web_ctx *x, const char *action, const char *name)
{
	if (strcmp(x->route->path, action))
		return "";
	for (int i = 0; i < x->rq->nkv; i++)
		if (!strcmp(x->rq->kv[i].key, name))
			return x->rq->kv[i].val;
	return "";
}

static void
form_head(struct web_ctx *x, const struct loan *l, const char *id,
    const char *title, const char *action)
{
	struct buf *b = &x->rs->body;
	char iso[11];

	html_printf(b, "<section id=\"%s\"><h2>%s</h2>", id, title);
	if (!strcmp(x->route->path, action))
		page_field_error(x, "");
	html_printf(b, "<form method=\"post\" action=\"%s\">", action);
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"loan\" value=\"%lld\">"
	    "<label for=\"%s-date\">%s</label><input id=\"%s-date\" name=\"date\" "
	    "type=\"date\" value=\"%s\">", (long long)l->id, id, _("Date"), id,
	    *sent(x, action, "date") ? sent(x, action, "date") :
	    date_format(date_today(), iso));
	field_error(x, action, "date");
}

static void
text_field(struct web_ctx *x, const char *form, const char *action,
    const char *name, const char *label, int required)
{
	html_printf(&x->rs->body, "<label for=\"%s-%s\">%s</label><input "
	    "id=\"%s-%s\" name=\"%s\" maxlength=\"200\"%S value=\"%s\">", form,
	    name, label, form, name, name, required ? " required" : "",
	    sent(x, action, name));
	field_error(x, action, name);
}

static void
form_end(struct web_ctx *x, const char *button)
{
	html_printf(&x->rs->body, "<button type=\"submit\">%s</button></form>"
	    "</section>", button);
}

static void
change_forms(struct web_ctx *x, const struct loan *l)
{
	form_head(x, l, "repay", _("Record a repayment"), "/loan/repay");
	text_field(x, "repay", "/loan/repay", "amount", _("Amount (đồng)"), 1);
	text_field(x, "repay", "/loan/repay", "note", _("Note"), 0);
	form_end(x, _("Continue"));
	form_head(x, l, "reschedule", _("Reschedule"), "/loan/reschedule");
	text_field(x, "reschedule", "/loan/reschedule", "num",
	    _("New term (months)"), 1);
	text_field(x, "reschedule", "/loan/reschedule", "rate",
	    _("Interest rate (empty: unchanged), e.g. 0.65%/month"), 0);
	text_field(x, "reschedule", "/loan/reschedule", "note", _("Reason"), 1);
	form_end(x, _("Continue"));
	form_head(x, l, "writeoff", _("Write off"), "/loan/writeoff");
	text_field(x, "writeoff", "/loan/writeoff", "note", _("Reason"), 1);
	form_end(x, _("Continue"));
}

/* The loan's page; status 400 when a form of it was refused. */
static int
loan_body(struct web_ctx *x, const struct loan *l)
{
	struct loan_state s;
	char title[64];

	if (loan_state_at(x->db, l->id, date_today(), &s) < 0)
		return -1;
	snprintf(title, sizeof title, _("Loan L%lld"), (long long)l->id);
	page_begin(x, title);
	if (x->a.saved)
		page_note(x, "ok", _("Saved."));
	terms(x, l);
	state(x, _("Today"), &s);
	if (schedule(x, l->id, 0) < 0 || payments(x, l) < 0)
		return -1;
	if (s.status != LOAN_REPAID && s.status != LOAN_WRITTEN_OFF)
		change_forms(x, l);
	page_end(x);
	return 0;
}

int
page_loan(struct web_ctx *x)
{
	struct loan l;
	int rc;

	if (loan_get(x->db, x->a.loan, &l) < 0)
		return page_not_loaded(x);
	db_audit(x->db, "loan", l.id, "view");
	rc = loan_body(x, &l);
	loan_free(&l);
	return rc < 0 ? coord_failed(x) : 0;
}

/* --- changes, each previewed first --- */

typedef int (*loan_change_fn)(struct web_ctx *x, const struct loan *l);

/* The fields of the form sent, again, with confirm=1. */
static void
confirm_form(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<form method=\"post\" action=\"%s\">", x->route->path);
	page_csrf(x);
	for (const struct web_param *p = x->route->params; p->name; p++)
		for (int i = 0; i < x->rq->nkv; i++)
			if (!strcmp(x->rq->kv[i].key, p->name) &&
			    strcmp(p->name, "csrf") && strcmp(p->name, "confirm"))
				html_printf(b, "<input type=\"hidden\" name=\"%s\" "
				    "value=\"%s\">", p->name, x->rq->kv[i].val);
	html_printf(b, "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
	    "<button type=\"submit\" name=\"ok\">%s</button> <a class=\"button "
	    "alt\" href=\"/loan?loan=%lld\">%s</a></form>", _("Confirm"),
	    (long long)x->a.loan, _("Back"));
}

/* What the change would do: the loan before and after, the installments
 * left after. */
static int
preview(struct web_ctx *x, const struct loan *l, const char *what,
    const struct loan_state *before)
{
	struct loan_state after;
	char title[64];

	if (loan_state_at(x->db, l->id, date_today(), &after) < 0)
		return -1;
	snprintf(title, sizeof title, _("Loan L%lld"), (long long)l->id);
	page_begin(x, title);
	page_note(x, "ok", what);
	html_printf(&x->rs->body, "<p>%s</p>", _("Check the effect below, "
	    "then confirm. Nothing is saved until you do."));
	state(x, _("Now"), before);
	state(x, _("After this change"), &after);
	if (schedule(x, l->id, 1) < 0)
		return -1;
	html_raw(&x->rs->body, "<section>");
	confirm_form(x);
	html_raw(&x->rs->body, "</section>");
	page_end(x);
	return 0;
}

/* Refused: the loan's page again with the errors beside the form. */
static int
refused(struct web_ctx *x, const struct loan *l)
{
	if (!x->a.nerr)
		route_error(&x->a, "", "%s", x->errmsg[0] ? x->errmsg :
		    _("This change was refused."));
	buf_reset(&x->rs->body);
	db_rollback(x->db);
	db_begin(x->db);
	x->rs->status = 400;
	if (loan_body(x, l) < 0)
		return coord_failed(x);
	return -1;
}

static int
loan_change(struct web_ctx *x, loan_change_fn fn, const char *what)
{
	struct loan_state before;
	struct loan l;
	char loc[64];
	int rc = -1;

	if (loan_get(x->db, x->a.loan, &l) < 0)
		return page_not_loaded(x);
	if (x->a.date == DATE_NONE)
		x->a.date = date_today();
	if (loan_state_at(x->db, l.id, date_today(), &before) < 0)
		rc = coord_failed(x);
	else if (x->a.nerr || fn(x, &l) < 0)
		rc = refused(x, &l);
	else if (x->a.confirm) {
		snprintf(loc, sizeof loc, "/loan?loan=%lld&saved=1",
		    (long long)l.id);
		page_redirect(x, loc);
		rc = 0;
	} else if (preview(x, &l, what, &before) < 0)
		rc = coord_failed(x);
	loan_free(&l);
	return rc;
}

static int
repay(struct web_ctx *x, const struct loan *l)
{
	return loan_repay(x->db, l->id, x->a.amount, x->a.date, x->a.note, NULL);
}

int
page_loan_repay(struct web_ctx *x)
{
	char m[48], what[160];

	snprintf(what, sizeof what, _("Repayment of %s"), money_show(
	    x->a.amount, m, sizeof m));
	return loan_change(x, repay, what);
}

/* The repayment must be one of this loan's. */
static int
reverse(struct web_ctx *x, const struct loan *l)
{
	struct loan_pay *p;
	int n, found = 0;

	if (loan_pays(x->db, l->id, &p, &n) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		found |= p[i].id == x->a.pay;
	loan_pays_free(p, n);
	if (!found) {
		route_error(&x->a, "", _("This repayment is not one of this "
		    "loan's."));
		return -1;
	}
	return loan_reverse(x->db, x->a.pay, x->a.date, x->a.note, NULL);
}

int
page_loan_reverse(struct web_ctx *x)
{
	return loan_change(x, reverse, _("Reversal of a wrong repayment"));
}

/* New term and, when given, rate; the rest of the current plan stays. */
static int
reschedule(struct web_ctx *x, const struct loan *l)
{
	struct loancalc_terms t;

	if (loan_current_terms(x->db, l->id, &t) < 0)
		return -1;
	t.grace_months = 0;
	t.term_months = x->a.num;
	t.disbursed_day = x->a.date;
	if (x->a.rate && loancalc_parse_rate(x->a.rate, &t.rate_ppm,
	    &t.rate_unit) < 0) {
		route_error(&x->a, "rate", "%s", x->errmsg);
		return -1;
	}
	return loan_reschedule(x->db, l->id, &t, x->a.note);
}

int
page_loan_reschedule(struct web_ctx *x)
{
	char what[160];

	snprintf(what, sizeof what, ngettext("Reschedule over %d month",
	    "Reschedule over %d months", (unsigned long)x->a.num), x->a.num);
	return loan_change(x, reschedule, what);
}

static int
writeoff(struct web_ctx *x, const struct loan *l)
{
	return loan_writeoff(x->db, l->id, x->a.date, x->a.note);
}

int
page_loan_writeoff(struct web_ctx *x)
{
	return loan_change(x, writeoff, _("Write-off of what is left"));
}
