/*
 * pg_today.c - "Today": this week's meetings of the account's groups,
 * its people on the follow-up list, and replies no one has read.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "groups/group.h"
#include "groups/schedule.h"
#include "groups/scope.h"
#include "reports/followlist.h"
#include "sms/inbox.h"
#include "sms/notice.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pages.h"

/* A meeting of the week, with its group's name. */
struct week_item {
	struct sched_occ o;
	char name[128];
};

struct week {
	struct week_item *v;
	size_t n;
};

static int
by_day(const void *a, const void *b)
{
	const struct week_item *x = a, *y = b;

	if (x->o.day != y->o.day)
		return x->o.day < y->o.day ? -1 : 1;
	return x->o.start_min - y->o.start_min;
}

/* The occurrences of one group from today to today + 6. */
static int
add_group(struct web_ctx *x, int64_t id, int today, struct week *wk)
{
	struct sched_occ *o;
	struct group g;
	size_t n;

	if (group_get_id(x->db, id, &g) < 0)
		return -1;
	if (schedule_occurrences(x->db, x->conf, &g, today, today + 6, &o,
	    &n) < 0) {
		group_free(&g);
		return -1;
	}
	wk->v = xrealloc(wk->v, (wk->n + n + 1) * sizeof *wk->v);
	for (size_t i = 0; i < n; i++) {
		wk->v[wk->n].o = o[i];
		snprintf(wk->v[wk->n++].name, sizeof wk->v[0].name, "%s", g.name);
	}
	free(o);
	group_free(&g);
	return 0;
}

static void
week_item(struct web_ctx *x, const struct week_item *it, int today)
{
	struct buf *b = &x->rs->body;
	char d[64], t[8], iso[11];

	html_printf(b, "<li><a class=\"row\" href=\"/group?group=%lld\">"
	    "<strong>%s</strong><br>%s, %s %s", (long long)it->o.group_id,
	    it->name, weekday_name(date_weekday(it->o.day)),
	    page_date_lunar(it->o.day, d, sizeof d),
	    page_hhmm(it->o.start_min, t, sizeof t));
	if (it->o.state == SCHED_CANCELLED)
		html_printf(b, " <span class=\"tag\">%s</span>", _("cancelled"));
	else if (it->o.state == SCHED_MOVED)
		html_printf(b, " <span class=\"tag\">%s</span>", _("moved"));
	html_raw(b, "</a>");
	if (it->o.day == today && it->o.state != SCHED_CANCELLED)
		html_printf(b, "<a class=\"button\" href=\"/meeting?group=%lld&amp;"
		    "date=%s\">%s</a>", (long long)it->o.group_id,
		    date_format(it->o.day, iso), _("Record attendance"));
	html_raw(b, "</li>");
}

static int
meetings(struct web_ctx *x, const int64_t *ids, int nids, int today)
{
	struct week wk = { 0 };
	struct buf *b = &x->rs->body;

	for (int i = 0; i < nids; i++)
		if (add_group(x, ids[i], today, &wk) < 0) {
			free(wk.v);
			return -1;
		}
	if (wk.n)
		qsort(wk.v, wk.n, sizeof *wk.v, by_day);
	html_printf(b, "<section><h2>%s</h2>", _("Meetings this week"));
	if (!wk.n)
		html_printf(b, "<p class=\"muted\">%s</p>", _("No meetings "
		    "this week."));
	else
		html_raw(b, "<ul class=\"list\">");
	for (size_t i = 0; i < wk.n; i++)
		week_item(x, &wk.v[i], today);
	html_raw(b, wk.n ? "</ul></section>" : "</section>");
	free(wk.v);
	return 0;
}

static const char *
reason_label(enum followlist_reason r)
{
	static const char *const labels[] = {
		[FOLLOWLIST_HELP] = N_("asked for help"),
		[FOLLOWLIST_CHECKIN] = N_("check-in unanswered"),
		[FOLLOWLIST_MISSED] = N_("missed meetings in a row"),
		[FOLLOWLIST_ARREARS] = N_("loan in arrears"),
		[FOLLOWLIST_VISIT] = N_("visit overdue"),
	};
	return _(labels[r]);
}

/*
 * The follow-up list of the account: for an organiser only her groups'
 * members are read (the list of the whole province takes far longer);
 * for the others the whole list, which the page filters by scope.
 */
static int
followups_build(struct web_ctx *x, const int64_t *ids, int nids,
    struct followlist *list)
{
	struct followlist_params p = { .today = date_today(),
		.now = clock_now(),
		.checkin_answer_days = x->conf->checkin_answer_days };
	int64_t *people = NULL;
	int rc;

	if (x->acct.role == ROLE_ORGANISER && followlist_members(x->db, ids,
	    nids, p.today, &people, &p.npeople) < 0)
		return -1;
	p.people = people;
	rc = followlist_build(x->db, x->conf, &p, list);
	free(people);
	return rc;
}

static int
followups(struct web_ctx *x, const int64_t *ids, int nids)
{
	struct followlist list = { 0 };
	struct buf *b = &x->rs->body;
	int shown = 0, rc = 0;

	if (followups_build(x, ids, nids, &list) < 0) {
		followlist_free(&list);
		return -1;
	}
	html_printf(b, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Members to follow up"));
	for (int i = 0; i < list.n && rc >= 0; i++) {
		const struct followlist_item *it = &list.items[i];
		if ((rc = scope_person(x->db, &x->acct, it->person_id)) != 1)
			continue;
		shown++;
		html_printf(b, "<li><a class=\"row\" href=\"/person?person=%lld\">"
		    "<strong>%s</strong> &middot; %s<br><span class=\"muted\">",
		    (long long)it->person_id, it->case_code,
		    reason_label(it->reason));
		html_printf(b, ngettext("waiting %d day", "waiting %d days",
		    (unsigned long)it->days), it->days);
		html_raw(b, "</span></a></li>");
	}
	html_raw(b, "</ul>");
	if (!shown)
		html_printf(b, "<p class=\"muted\">%s</p>", _("No one needs "
		    "following up."));
	html_raw(b, "</section>");
	followlist_free(&list);
	return rc < 0 ? -1 : 0;
}

static int
reply_row(const struct inbox_item *m, void *arg)
{
	struct web_ctx *x = arg;
	char when[32];
	int rc;

	if (!m->person_id)
		return 0;
	if ((rc = scope_person(x->db, &x->acct, m->person_id)) != 1)
		return rc < 0 ? -1 : 0;
	html_printf(&x->rs->body, "<li><a class=\"row\" href=\"/person?"
	    "person=%lld#sms\"><strong>%s</strong> <span class=\"muted\">%s"
	    "</span><br>%s</a></li>", (long long)m->person_id, m->case_code,
	    page_time(m->received_at, when, sizeof when), m->text);
	return 0;
}

static int
replies(struct web_ctx *x)
{
	struct inbox_filter f = { .unread = 1, .limit = 500 };
	size_t start;
	int rc;

	html_printf(&x->rs->body, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Unread replies"));
	start = x->rs->body.len;
	rc = inbox_each(x->db, &f, reply_row, x);
	page_list_end(x, start);
	return rc < 0 ? -1 : 0;
}

/* For an admin: the modems' problems, each with a button to mark it
 * seen. */
static int
modems(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;
	struct notice *v;
	char buf[300], when[32];
	int n;

	if (x->acct.role != ROLE_ADMIN)
		return 0;
	if (notice_list(x->db, &v, &n) < 0)
		return -1;
	html_printf(b, "<section id=\"modems\"><h2>%s</h2>", _("Modems"));
	if (!n)
		html_printf(b, "<p class=\"muted\">%s</p>", _("The modems need "
		    "nothing."));
	else
		html_raw(b, "<ul class=\"list\">");
	for (int i = 0; i < n; i++) {
		html_printf(b, "<li><span class=\"row\"><strong>%s</strong><br>"
		    "<span class=\"muted\">%s</span></span><form method=\"post\" "
		    "action=\"/modem/seen\">", notice_describe(&v[i], buf,
		    sizeof buf), page_time(v[i].since, when, sizeof when));
		page_csrf(x);
		html_printf(b, "<input type=\"hidden\" name=\"id\" value=\""
		    "%lld\"><button type=\"submit\">%s</button></form></li>",
		    (long long)v[i].id, _("Mark seen"));
	}
	html_raw(b, n ? "</ul></section>" : "</section>");
	free(v);
	return 0;
}

int
page_today_notice_seen(struct web_ctx *x)
{
	if (!x->a.nerr && notice_seen(x->db, x->a.id, x->acct.name,
	    clock_now()) == 0) {
		page_redirect(x, "/#modems");
		return 0;
	}
	page_status(x, 400, x->a.nerr ? _("No such modem problem.") :
	    x->errmsg);
	return -1;
}

int
page_today(struct web_ctx *x)
{
	int64_t *ids;
	int n, rc;
	char d[64];

	if (scope_groups(x->db, &x->acct, &ids, &n) < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	page_begin(x, _("Today"));
	html_printf(&x->rs->body, "<p class=\"muted\">%s, %s</p>",
	    weekday_name(date_weekday(date_today())),
	    page_date_lunar(date_today(), d, sizeof d));
	rc = meetings(x, ids, n, date_today());
	if (rc == 0)
		rc = followups(x, ids, n);
	if (rc == 0)
		rc = replies(x);
	if (rc == 0)
		rc = modems(x);
	free(ids);
	if (rc < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	page_end(x);
	return 0;
}
