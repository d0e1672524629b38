/*
 * pg_followup.c - the whole follow-up list for a coordinator: filters
 * (reason, group, commune, organiser), pages of 50 rows, closing a help
 * request with a note, and the CSV download the CLI's --csv writes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/followup.h"
#include "core/i18n.h"
#include "core/table.h"
#include "groups/group.h"
#include "groups/scope.h"
#include "reports/followlist.h"
#include "web/cache.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pg_coord.h"

#define ROWS_PER_PAGE 50

/* What the list reads (reports/followlist.h: of the outbox, the sent
 * check-ins only) and the scope (groups/scope.h), for the cache. */
#define FOLLOWUP_TABLES "[\"person\",\"help_case\",\"outbox_checkin\"," \
	"\"inbox\"," \
	"\"grp\",\"membership\",\"meeting\",\"attendance\",\"loan\"," \
	"\"loan_plan\",\"loan_inst\",\"loan_pay\",\"loan_alloc\"," \
	"\"loan_waive\",\"visit\",\"visit_plan\",\"account_group\"]"

int
coord_failed(struct web_ctx *x)
{
	page_status(x, 500, _("The database failed; try again."));
	return -1;
}

int
coord_people(struct web_ctx *x, const char *commune, int64_t **ids, int *n)
{
	int all;

	if (scope_people(x->db, &x->acct, date_today(), commune, ids, n,
	    &all) < 0)
		return coord_failed(x);
	if (all) {
		free(*ids);
		*ids = NULL;
	}
	return 0;
}

void
coord_arg(struct buf *b, const char *key, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!value || !*value)
		return;
	buf_addf(b, "&%s=", key);
	for (const unsigned char *s = (const unsigned char *)value; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-_.~", *s))
			buf_addc(b, (char)*s);
		else
			buf_addf(b, "%%%c%c", hex[*s >> 4], hex[*s & 15]);
}

void
coord_cache_key(struct buf *b, const char *page, const struct web_ctx *x)
{
	buf_addf(b, "%s %lld %d", page, (long long)x->acct.id,
	    (int)x->acct.role);
	coord_arg(b, "p", x->acct.province);
	coord_arg(b, "d", x->acct.district);
}

/* Keep of ids only those also in keep (both ascending). */
static void
intersect(int64_t *ids, int *n, const int64_t *keep, int nkeep)
{
	int k = 0;

	for (int i = 0; i < *n; i++)
		if (scope_has(keep, nkeep, ids[i]))
			ids[k++] = ids[i];
	*n = k;
}

/* The list the filters ask for, within the account's scope. */
static int
compute(struct web_ctx *x, struct followlist *list)
{
	struct followlist_params p = { .today = date_today(), .now = clock_now(),
		.checkin_answer_days = x->conf->checkin_answer_days,
		.organiser = x->a.organiser };
	int64_t *ids = NULL, *members = NULL;
	int n = 0, nm = 0, rc;

	if (coord_people(x, x->a.commune, &ids, &n) < 0)
		return -1;
	if (x->a.group && followlist_members(x->db, &x->a.group, 1, p.today,
	    &members, &nm) < 0) {
		free(ids);
		return coord_failed(x);
	}
	if (x->a.group && ids)
		intersect(members, &nm, ids, n);
	p.people = x->a.group ? members : ids;
	p.npeople = x->a.group ? nm : n;
	rc = followlist_build(x->db, x->conf, &p, list);
	free(ids);
	free(members);
	return rc < 0 ? coord_failed(x) : 0;
}

/* What is kept for an account and its filters: the list, and the groups
 * of its scope for the filter (a province's 2,500, read by name). */
struct kept {
	struct followlist list;
	int64_t *groups;
	int ngroups;
};

static void
kept_free(void *v)
{
	struct kept *k = v;

	followlist_free(&k->list);
	free(k->groups);
	free(k);
}

static void *
kept_build(void *arg)
{
	struct web_ctx *x = arg;
	struct kept *k = xcalloc(1, sizeof *k);

	if (compute(x, &k->list) == 0) {
		if (scope_groups(x->db, &x->acct, &k->groups, &k->ngroups) == 0)
			return k;
		coord_failed(x);
	}
	kept_free(k);
	return NULL;
}

/* The list of the account and the filters, from the cache (cache.h): a
 * province's list takes seconds to build. A group outside the scope is
 * refused (403). The list, or NULL answered; cache_release(*held) after
 * rendering. */
static const struct kept *
build(struct web_ctx *x, struct cache_slot **held)
{
	const struct kept *k;
	struct buf key = { 0 };
	int rc;

	*held = NULL;
	if (x->a.group && (rc = scope_group(x->db, &x->acct, x->a.group)) != 1) {
		if (rc < 0)
			return coord_failed(x), NULL;
		db_audit(x->db, "group", x->a.group, "denied");
		page_status(x, 403, _("You may not see this page."));
		return NULL;
	}
	coord_cache_key(&key, "followup", x);
	buf_addf(&key, "&g=%lld", (long long)x->a.group);
	coord_arg(&key, "c", x->a.commune);
	coord_arg(&key, "o", x->a.organiser);
	k = cache_get(x->db, key.s, FOLLOWUP_TABLES, date_today(), kept_build,
	    kept_free, x, held);
	buf_free(&key);
	return k;
}

/* 1 when the reason filter keeps it. */
static int
wanted(const struct web_ctx *x, const struct followlist_item *it)
{
	return !x->a.reason || (int)it->reason == x->a.reason - 1;
}

static void
filter_query(struct web_ctx *x, struct buf *q)
{
	if (x->a.reason)
		buf_addf(q, "&reason=%d", x->a.reason);
	if (x->a.group)
		buf_addf(q, "&group=%lld", (long long)x->a.group);
	coord_arg(q, "commune", x->a.commune);
	coord_arg(q, "organiser", x->a.organiser);
}

static void
reason_select(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<label for=\"reason\">%s</label><select id=\"reason\" "
	    "name=\"reason\"><option value=\"\">%s</option>", _("Reason"),
	    _("All reasons"));
	for (int r = FOLLOWLIST_HELP; r <= FOLLOWLIST_VISIT; r++)
		html_printf(b, "<option value=\"%d\"%S>%s</option>", r + 1,
		    x->a.reason == r + 1 ? " selected" : "",
		    followlist_reason_label((enum followlist_reason)r));
	html_raw(b, "</select>");
}

#define GROUPS_IN_SELECT 100

/* The groups of the scope to choose from; a province's thousands make a
 * list no one can use on a phone, so beyond 100 the group's number is
 * typed (the group's page links here with it). */
static int
group_select(struct web_ctx *x, const int64_t *ids, int n)
{
	struct buf *b = &x->rs->body;
	struct group g;

	if (n > GROUPS_IN_SELECT) {
		html_printf(b, "<label for=\"group\">%s</label><input id=\"group\" "
		    "name=\"group\" inputmode=\"numeric\" value=\"", _("Group "
		    "number"));
		if (x->a.group)
			html_printf(b, "%lld", (long long)x->a.group);
		html_raw(b, "\">");
		page_field_error(x, "group");
		return 0;
	}
	html_printf(b, "<label for=\"group\">%s</label><select id=\"group\" "
	    "name=\"group\"><option value=\"\">%s</option>", _("Group"),
	    _("All groups"));
	for (int i = 0; i < n; i++) {
		if (group_get_id(x->db, ids[i], &g) < 0)
			continue;
		html_printf(b, "<option value=\"%lld\"%S>%s</option>",
		    (long long)g.id, g.id == x->a.group ? " selected" : "", g.name);
		group_free(&g);
	}
	html_raw(b, "</select>");
	return 0;
}

static int
filters(struct web_ctx *x, const struct kept *k)
{
	struct buf *b = &x->rs->body;

	html_raw(b, "<section><form method=\"get\" action=\"/followup\">");
	reason_select(x);
	if (group_select(x, k->groups, k->ngroups) < 0)
		return -1;
	html_printf(b, "<label for=\"commune\">%s</label><input id=\"commune\" "
	    "name=\"commune\" maxlength=\"200\" value=\"%s\">", _("Commune"),
	    x->a.commune ? x->a.commune : "");
	page_field_error(x, "commune");
	html_printf(b, "<label for=\"organiser\">%s</label><input "
	    "id=\"organiser\" name=\"organiser\" maxlength=\"200\" value=\"%s\">",
	    _("Organiser"), x->a.organiser ? x->a.organiser : "");
	page_field_error(x, "organiser");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Filter"));
	return 0;
}

/* A help request can be closed from the list; the other reasons end by
 * themselves (a reply, a meeting attended, a repayment, a visit). */
static void
close_form(struct web_ctx *x, const struct followlist_item *it)
{
	struct buf *b = &x->rs->body;

	html_raw(b, "<form method=\"post\" action=\"/followup/done\">");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"person\" value=\"%lld\">"
	    "<label for=\"note-%lld\">%s</label><input id=\"note-%lld\" "
	    "name=\"note\" required maxlength=\"200\"><button type=\"submit\" "
	    "class=\"alt\">%s</button></form>", (long long)it->person_id,
	    (long long)it->person_id, _("What was done"),
	    (long long)it->person_id, _("Close the request"));
}

static void
row(struct web_ctx *x, const struct followlist_item *it)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<li><a class=\"row\" href=\"/person?person=%lld\">"
	    "<strong>%s</strong> &middot; %s", (long long)it->person_id,
	    it->case_code, followlist_reason_label(it->reason));
	if (it->detail)
		html_printf(b, " (%s)", it->detail);
	html_raw(b, "<br><span class=\"muted\">");
	if (it->group)
		html_printf(b, "%s &middot; ", it->group);
	if (it->organiser)
		html_printf(b, "%s &middot; ", it->organiser);
	html_printf(b, ngettext("waiting %d day", "waiting %d days",
	    (unsigned long)it->days), it->days);
	html_raw(b, "</span></a>");
	if (it->reason == FOLLOWLIST_HELP)
		close_form(x, it);
	html_raw(b, "</li>");
}

/* "Page 2 of 7" with the links around it. */
static void
pager(struct web_ctx *x, int page, int pages, const char *query)
{
	struct buf *b = &x->rs->body;

	html_raw(b, "<p class=\"pager\">");
	if (page > 1)
		html_printf(b, "<a class=\"button alt\" href=\"/followup?page=%d%S\">"
		    "%s</a> ", page - 1, query, _("Previous"));
	html_printf(b, _("Page %d of %d"), page, pages);
	if (page < pages)
		html_printf(b, " <a class=\"button alt\" href=\"/followup?page=%d%S\">"
		    "%s</a>", page + 1, query, _("Next"));
	html_raw(b, "</p>");
}

static void
list_body(struct web_ctx *x, const struct followlist *list)
{
	struct buf *b = &x->rs->body, q = { 0 }, qh = { 0 };
	int total = 0, page = x->a.pageno ? x->a.pageno : 1, pages, k = 0;

	for (int i = 0; i < list->n; i++)
		total += wanted(x, &list->items[i]);
	pages = total ? (total + ROWS_PER_PAGE - 1) / ROWS_PER_PAGE : 1;
	if (page > pages)
		page = pages;
	filter_query(x, &q);
	html_esc(&qh, q.s ? q.s : "");
	html_printf(b, "<section><p>");
	html_printf(b, ngettext("%d person to follow up", "%d people to follow "
	    "up", (unsigned long)total), total);
	html_printf(b, " &middot; <a href=\"/followup.csv?x=1%S\">%s</a></p>"
	    "<ul class=\"list\">", qh.s ? qh.s : "", _("Download CSV"));
	for (int i = 0; i < list->n; i++) {
		if (!wanted(x, &list->items[i]))
			continue;
		if (k >= (page - 1) * ROWS_PER_PAGE && k < page * ROWS_PER_PAGE)
			row(x, &list->items[i]);
		k++;
	}
	if (!total)
		html_printf(b, "<li class=\"muted\">%s</li>", _("No one needs "
		    "following up."));
	html_raw(b, "</ul>");
	pager(x, page, pages, qh.s ? qh.s : "");
	html_raw(b, "</section>");
	buf_free(&q);
	buf_free(&qh);
}

int
page_followup(struct web_ctx *x)
{
	const struct kept *k;
	struct cache_slot *held;

	if (!(k = build(x, &held)))
		return -1;
	if (x->a.nerr)
		x->rs->status = 400;
	page_begin(x, _("Follow-up"));
	if (x->a.saved)
		page_note(x, "ok", _("Saved."));
	page_field_error(x, "");
	if (filters(x, k) < 0) {
		cache_release(held);
		return coord_failed(x);
	}
	list_body(x, &k->list);
	cache_release(held);
	page_end(x);
	return 0;
}

/* The rows as "shg followup --csv" writes them (same columns, cells that
 * a spreadsheet would take for a formula neutralised). */
int
page_followup_csv(struct web_ctx *x)
{
	static const char *const hdr[] = { N_("case"), N_("reason"),
		N_("detail"), N_("group"), N_("organiser"), N_(">days"), NULL };
	const struct followlist *list;
	const struct kept *k;
	struct cache_slot *held;
	struct table *t;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	if (!(k = build(x, &held)))
		return -1;
	list = &k->list;
	t = table_new(hdr, 1);
	for (int i = 0; i < list->n; i++) {
		const struct followlist_item *it = &list->items[i];
		if (!wanted(x, it))
			continue;
		table_cell(t, it->case_code);
		table_cell(t, followlist_reason_name(it->reason));
		table_cell(t, it->detail ? it->detail : "");
		table_cell(t, it->group ? it->group : "");
		table_cell(t, it->organiser ? it->organiser : "");
		table_cell_int(t, it->days);
	}
	cache_release(held);
	if (!(f = open_memstream(&out, &len))) {
		table_free(t);
		return coord_failed(x);
	}
	table_print(t, f);
	fclose(f);
	x->rs->type = "text/csv; charset=utf-8";
	snprintf(x->rs->filename, sizeof x->rs->filename, "followup.csv");
	buf_addn(&x->rs->body, out, len);
	free(out);
	return 0;
}

int
page_followup_done(struct web_ctx *x)
{
	const struct kept *k;
	struct cache_slot *held;

	if (!x->a.nerr && followup_close(x->db, x->a.person, x->acct.name,
	    x->a.note, clock_now()) == 0) {
		page_redirect(x, "/followup?saved=1");
		return 0;
	}
	if (!x->a.nerr)
		route_error(&x->a, "", "%s", x->errmsg);
	else if (route_field_error(&x->a, "note"))
		route_error(&x->a, "", _("Say what was done before closing the "
		    "request."));
	if ((k = build(x, &held))) {
		x->rs->status = 400;
		page_begin(x, _("Follow-up"));
		page_field_error(x, "");
		if (filters(x, k) == 0)
			list_body(x, &k->list);
		cache_release(held);
		page_end(x);
	}
	return -1;
}
