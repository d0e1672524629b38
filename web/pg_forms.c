/*
 * pg_forms.c - the SMS forms sent from organisers' phones (sms/forms.h):
 * an organiser sees her own, a coordinator those of her area, each with
 * its outcome, the reply and a link to what it recorded. Forms hold
 * codes; no code is turned into a name here.
 */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/util.h"
#include "groups/group.h"
#include "sms/forms.h"
#include "web/html.h"
#include "web/page.h"

static const char *const outcomes[] = { "recorded", "refused", "undone",
	"duplicate", "limited", "answered" };

/* The link to what the form recorded, or its description alone. */
static void
recorded(struct web_ctx *x, const struct forms_item *it)
{
	struct buf *b = &x->rs->body;
	char what[200];

	forms_recorded_show(it, what, sizeof what);
	if (!*what)
		return;
	if (str_eq(it->entity, "meeting") && it->group_id)
		html_printf(b, "<br><a href=\"/group?group=%lld\">%s</a>",
		    (long long)it->group_id, what);
	else if (str_eq(it->entity, "loan_pay") && it->loan_id)
		html_printf(b, "<br><a href=\"/loan?loan=%lld\">%s</a>",
		    (long long)it->loan_id, what);
	else if (it->person_id)
		html_printf(b, "<br><a href=\"/person?person=%lld\">%s</a>",
		    (long long)it->person_id, what);
	else
		html_printf(b, "<br>%s", what);
}

static int
form_item(const struct forms_item *it, void *arg)
{
	struct web_ctx *x = arg;
	struct buf *b = &x->rs->body;
	char when[32], kind[8];
	size_t i;

	for (i = 0; it->kind[i] && i < sizeof kind - 1; i++)
		kind[i] = (char)(it->kind[i] >= 'a' && it->kind[i] <= 'z' ?
		    it->kind[i] - 'a' + 'A' : it->kind[i]);
	kind[i] = '\0';
	html_printf(b, "<li data-form=\"%lld\"><strong>%s</strong> <span "
	    "class=\"tag outcome-%s\">%s</span> <span class=\"muted\">%s "
	    "&middot; %s</span><br><code>%s</code>", (long long)it->id,
	    str_eq(it->kind, "unknown") ? "?" : kind, it->outcome,
	    forms_outcome_show(it->outcome),
	    page_time(it->received_at, when, sizeof when), it->account,
	    it->text);
	recorded(x, it);
	if (it->reply)
		html_printf(b, "<br><span class=\"muted\">%s: %s</span>",
		    _("Reply"), it->reply);
	html_raw(b, "</li>");
	return 0;
}

/* The filter form: outcome and since. */
static void
filters(struct web_ctx *x, const char *action)
{
	struct buf *b = &x->rs->body;
	char d[16];

	html_printf(b, "<form method=\"get\" action=\"%s\"><section>", action);
	if (x->a.group)
		html_printf(b, "<input type=\"hidden\" name=\"group\" "
		    "value=\"%lld\">", (long long)x->a.group);
	html_printf(b, "<label for=\"outcome\">%s</label><select id=\"outcome\" "
	    "name=\"outcome\"><option value=\"\">%s</option>", _("Outcome"),
	    _("all"));
	for (size_t i = 0; i < NELEM(outcomes); i++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>", outcomes[i],
		    str_eq(x->a.outcome, outcomes[i]) ? " selected" : "",
		    forms_outcome_show(outcomes[i]));
	html_raw(b, "</select>");
	page_field_error(x, "outcome");
	html_printf(b, "<label for=\"since\">%s</label><input type=\"date\" "
	    "id=\"since\" name=\"since\" value=\"%s\">", _("Received since"),
	    x->a.date != DATE_NONE ? date_format(x->a.date, d) : "");
	page_field_error(x, "since");
	html_printf(b, "<button type=\"submit\">%s</button></section></form>",
	    _("Show"));
}

static void
title(struct web_ctx *x, char *buf, size_t size)
{
	struct group g;

	snprintf(buf, size, "%s", _("SMS forms"));
	if (x->a.group && group_get_id(x->db, x->a.group, &g) == 0) {
		/* TRANSLATORS: %s is a group's name. */
		snprintf(buf, size, _("SMS forms of %s"), g.name);
		group_free(&g);
	}
}

int
page_forms(struct web_ctx *x)
{
	struct forms_filter f = { .scope = &x->acct, .group_id = x->a.group,
		.limit = 200 };
	char t[200];
	size_t start;
	int rc;

	if (x->a.outcome && *x->a.outcome && !forms_outcome_valid(x->a.outcome))
		route_error(&x->a, "outcome", _("\"%s\" is not an outcome"),
		    x->a.outcome);
	if (x->a.nerr)
		x->rs->status = 400;
	title(x, t, sizeof t);
	page_begin(x, t);
	html_printf(&x->rs->body, "<p class=\"muted\">%s</p>", _("HOP group "
	    "dd/mm CO 1 2 VANG 3 PHEP 4 TRE 5 ND topic | TRA loan amount dd/mm "
	    "| THAM number ON/CAN note | HUY: undo the last form"));
	filters(x, x->a.group ? "/forms/group" : "/forms");
	html_raw(&x->rs->body, "<section><ul class=\"list\" id=\"forms\">");
	start = x->rs->body.len;
	rc = 0;
	if (!x->a.nerr) {
		f.outcome = x->a.outcome && *x->a.outcome ? x->a.outcome : NULL;
		f.since = x->a.date != DATE_NONE ? time_from_local(x->a.date, 0) :
		    0;
		rc = forms_each(x->db, &f, form_item, x);
	}
	page_list_end(x, start);
	page_end(x);
	if (rc < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	return 0;
}
