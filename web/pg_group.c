/*
 * pg_group.c - the account's groups, a group's page, and recording a
 * meeting's attendance.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "groups/group.h"
#include "groups/meeting.h"
#include "groups/schedule.h"
#include "groups/scope.h"
#include "web/html.h"
#include "web/page.h"

static int
db_failed(struct web_ctx *x)
{
	page_status(x, 500, _("The database failed; try again."));
	return -1;
}

int
page_groups(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;
	struct group g;
	int64_t *ids;
	int n, count;

	if (scope_groups(x->db, &x->acct, &ids, &n) < 0)
		return db_failed(x);
	page_begin(x, _("My groups"));
	if (!n)
		page_note(x, "ok", _("No groups are given to this account yet."));
	html_raw(b, "<section><ul class=\"list\">");
	for (int i = 0; i < n; i++) {
		if (group_get_id(x->db, ids[i], &g) < 0)
			continue;
		count = group_member_count(x->db, g.id, date_today());
		html_printf(b, "<li><a class=\"row\" href=\"/group?group=%lld\">"
		    "<strong>%s</strong><br><span class=\"muted\">%s &middot; ",
		    (long long)g.id, g.name, g.commune ? g.commune : "");
		html_printf(b, ngettext("%d member", "%d members",
		    (unsigned long)(count > 0 ? count : 0)), count);
		html_raw(b, "</span></a></li>");
		group_free(&g);
	}
	html_raw(b, "</ul></section>");
	page_end(x);
	free(ids);
	return 0;
}

struct member_ids {
	int64_t *ids;
	size_t n;
};

static int
member_id(const struct membership *m, void *arg)
{
	struct member_ids *v = arg;

	v->ids = xrealloc(v->ids, (v->n + 1) * sizeof *v->ids);
	v->ids[v->n++] = m->person_id;
	return 0;
}

/* The members' names were shown: one read each on the audit trail. */
static void
audit_members(struct web_ctx *x, int64_t group_id, int day)
{
	struct member_ids v = { NULL, 0 };

	if (group_members_each(x->db, group_id, day, member_id, &v) == 0)
		audit_read(x->db, v.ids, v.n, "name");
	free(v.ids);
}

static int
member_row(const struct membership *m, void *arg)
{
	struct web_ctx *x = arg;

	html_printf(&x->rs->body, "<li><a class=\"row\" href=\"/person?"
	    "person=%lld\"><strong>%s</strong> &middot; %s</a></li>",
	    (long long)m->person_id, m->full_name, m->case_code);
	return 0;
}

static void
next_meetings(struct web_ctx *x, const struct group *g)
{
	struct buf *b = &x->rs->body;
	struct sched_occ *o;
	enum sched_end end;
	size_t n;
	char d[64], t[8], iso[11];

	html_printf(b, "<section><h2>%s</h2>", _("Next meetings"));
	if (schedule_next(x->db, x->conf, g, date_today(), 3, &o, &n,
	    &end) < 0 ||
	    n == 0) {
		html_printf(b, "<p class=\"muted\">%s</p></section>",
		    _("No meetings scheduled."));
		return;
	}
	html_raw(b, "<ul class=\"list\">");
	for (size_t i = 0; i < n; i++) {
		html_printf(b, "<li>%s, %s %s", weekday_name(date_weekday(
		    o[i].day)), page_date_lunar(o[i].day, d, sizeof d),
		    page_hhmm(o[i].start_min, t, sizeof t));
		if (o[i].state == SCHED_CANCELLED)
			html_printf(b, " <span class=\"tag\">%s</span> %s",
			    _("cancelled"), o[i].reason);
		else if (o[i].state == SCHED_MOVED)
			html_printf(b, " <span class=\"tag\">%s</span> %s",
			    _("moved"), o[i].reason);
		if (o[i].state != SCHED_CANCELLED)
			html_printf(b, "<br><a href=\"/meeting/change?group=%lld&amp;"
			    "date=%s\">%s</a>", (long long)g->id,
			    date_format(o[i].day, iso), _("Move or cancel"));
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul></section>");
	free(o);
}

static int
held_row(const struct meeting_info *m, void *arg)
{
	struct web_ctx *x = arg;
	char d[64];

	html_printf(&x->rs->body, "<li>%s &middot; ",
	    page_date_lunar(m->day, d, sizeof d));
	/* TRANSLATORS: attendance counts of a meeting */
	html_printf(&x->rs->body, _("present %d, late %d, excused %d, "
	    "absent %d"), m->c.n[ATT_PRESENT], m->c.n[ATT_LATE],
	    m->c.n[ATT_EXCUSED], m->c.n[ATT_ABSENT]);
	if (m->topic)
		html_printf(&x->rs->body, "<br><span class=\"muted\">%s</span>",
		    m->topic);
	html_raw(&x->rs->body, "</li>");
	return 0;
}

static void
group_body(struct web_ctx *x, const struct group *g)
{
	struct buf *b = &x->rs->body;
	int today = date_today();
	size_t start;

	if (x->a.saved)
		page_note(x, "ok", _("Saved."));
	html_printf(b, "<p class=\"muted\">%s%S%s</p>", g->place ? g->place : "",
	    g->place && g->commune ? " &middot; " : "",
	    g->commune ? g->commune : "");
	html_printf(b, "<p><a class=\"button\" href=\"/meeting?group=%lld\">%s"
	    "</a> <a class=\"button alt\" href=\"/sms/group?group=%lld\">%s</a></p>",
	    (long long)g->id, _("Record a meeting"), (long long)g->id,
	    _("SMS to the group"));
	next_meetings(x, g);
	html_printf(b, "<section><h2>%s</h2><ul class=\"list\">", _("Members"));
	start = b->len;
	group_members_each(x->db, g->id, today, member_row, x);
	audit_members(x, g->id, today);
	page_list_end(x, start);
	html_printf(b, "<section><h2>%s</h2><ul class=\"list\">",
	    _("Meetings held (last 90 days)"));
	start = b->len;
	meeting_each(x->db, g->id, today - 90, today, held_row, x);
	page_list_end(x, start);
}

int
page_group(struct web_ctx *x)
{
	struct group g;

	if (group_get_id(x->db, x->a.group, &g) < 0)
		return page_not_loaded(x);
	db_audit(x->db, "group", g.id, "view");
	page_begin(x, g.name);
	group_body(x, &g);
	page_end(x);
	group_free(&g);
	return 0;
}

/* The day a meeting form starts with: the last scheduled meeting in the
 * past month up to today, else today. */
static int
default_day(struct web_ctx *x, const struct group *g)
{
	struct sched_occ *o;
	int today = date_today(), day = today;
	size_t n;

	if (schedule_occurrences(x->db, x->conf, g, today - 31, today, &o,
	    &n) < 0)
		return today;
	for (size_t i = 0; i < n; i++)
		if (o[i].state != SCHED_CANCELLED && o[i].day <= today)
			day = o[i].day;         /* ordered by day: the last wins */
	free(o);
	return day;
}

/* The status the form shows for a member: what was sent, else present. */
static enum att_status
given_status(const struct web_args *a, int64_t person_id)
{
	for (size_t i = 0; i < a->natt; i++)
		if (a->att[i].person_id == person_id)
			return a->att[i].status;
	return ATT_PRESENT;
}

static int
att_field(const struct membership *m, void *arg)
{
	static const char *const labels[ATT_N] = { N_("present"), N_("late"),
		N_("excused"), N_("absent") };
	struct web_ctx *x = arg;
	struct buf *b = &x->rs->body;
	enum att_status cur = given_status(&x->a, m->person_id);

	html_printf(b, "<fieldset><legend>%s <span class=\"muted\">%s</span>"
	    "</legend><div class=\"att\">", m->full_name, m->case_code);
	for (int s = 0; s < ATT_N; s++)
		html_printf(b, "<label><input type=\"radio\" name=\"att.%lld\" "
		    "value=\"%s\"%S> %s</label>", (long long)m->person_id,
		    meeting_status_name((enum att_status)s),
		    s == (int)cur ? " checked" : "", _(labels[s]));
	html_raw(b, "</div></fieldset>");
	return 0;
}

static void
meeting_form(struct web_ctx *x, const struct group *g, int day)
{
	struct buf *b = &x->rs->body;
	char iso[11];

	page_begin(x, _("Record a meeting"));
	html_printf(b, "<p><strong>%s</strong></p>", g->name);
	page_field_error(x, "");
	html_raw(b, "<form method=\"post\" action=\"/meeting\"><section>");
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"group\" value=\"%lld\">"
	    "<label for=\"date\">%s</label><input id=\"date\" name=\"date\" "
	    "type=\"date\" required value=\"%s\">", (long long)g->id,
	    _("Date"), day != DATE_NONE ? date_format(day, iso) : "");
	page_field_error(x, "date");
	html_printf(b, "<label for=\"topic\">%s</label><input id=\"topic\" "
	    "name=\"topic\" maxlength=\"200\" value=\"%s\">", _("Topic"),
	    x->a.topic ? x->a.topic : "");
	page_field_error(x, "topic");
	html_printf(b, "</section><section><h2>%s</h2>", _("Attendance"));
	group_members_each(x->db, g->id, day != DATE_NONE ? day : date_today(),
	    att_field, x);
	audit_members(x, g->id, day != DATE_NONE ? day : date_today());
	html_printf(b, "<button type=\"submit\">%s</button></section></form>",
	    _("Save attendance"));
	page_end(x);
}

int
page_meeting_form(struct web_ctx *x)
{
	struct group g;
	int day;

	if (group_get_id(x->db, x->a.group, &g) < 0)
		return page_not_loaded(x);
	day = x->a.date != DATE_NONE ? x->a.date : default_day(x, &g);
	if (x->a.nerr)
		x->rs->status = 400;
	meeting_form(x, &g, day);
	group_free(&g);
	return 0;
}

int
page_meeting_record(struct web_ctx *x)
{
	struct meeting_result res = { 0 };
	struct group g;
	char loc[64];
	int rc = 0;

	if (group_get_id(x->db, x->a.group, &g) < 0)
		return page_not_loaded(x);
	if (!x->a.nerr && meeting_record(x->db, x->conf, &g, x->a.date,
	    x->a.topic, x->a.att, x->a.natt, &res) < 0) {
		route_error(&x->a, "", "%s", x->errmsg);
		rc = -1;
	}
	if (x->a.nerr) {
		x->rs->status = 400;
		meeting_form(x, &g, x->a.date);
	} else {
		snprintf(loc, sizeof loc, "/group?group=%lld&saved=1",
		    (long long)g.id);
		page_redirect(x, loc);
	}
	free(res.defaulted);
	group_free(&g);
	return rc;
}

/* Moving or cancelling the meeting of x->a.date, each with a reason. */
static void
change_form(struct web_ctx *x, const struct group *g)
{
	struct buf *b = &x->rs->body;
	char d[64], iso[11];

	page_begin(x, _("Move or cancel a meeting"));
	html_printf(b, "<p><strong>%s</strong><br>%s</p>", g->name,
	    page_date_lunar(x->a.date, d, sizeof d));
	page_field_error(x, "");
	html_printf(b, "<section><h2>%s</h2><form method=\"post\" "
	    "action=\"/meeting/move\">", _("Move"));
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"group\" value=\"%lld\">"
	    "<input type=\"hidden\" name=\"date\" value=\"%s\">"
	    "<label for=\"next\">%s</label><input id=\"next\" name=\"next\" "
	    "type=\"date\" required>", (long long)g->id,
	    date_format(x->a.date, iso), _("New date"));
	page_field_error(x, "next");
	html_printf(b, "<label for=\"move-note\">%s</label><input "
	    "id=\"move-note\" name=\"note\" required maxlength=\"200\">"
	    "<button type=\"submit\">%s</button></form></section>",
	    _("Reason"), _("Move the meeting"));
	html_printf(b, "<section><h2>%s</h2><form method=\"post\" "
	    "action=\"/meeting/cancel\">", _("Cancel"));
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"group\" value=\"%lld\">"
	    "<input type=\"hidden\" name=\"date\" value=\"%s\">"
	    "<label for=\"cancel-note\">%s</label><input id=\"cancel-note\" "
	    "name=\"note\" required maxlength=\"200\"><button type=\"submit\" "
	    "class=\"alt\">%s</button></form></section>", (long long)g->id,
	    iso, _("Reason"), _("Cancel the meeting"));
	page_field_error(x, "note");
	page_end(x);
}

int
page_change_form(struct web_ctx *x)
{
	struct group g;

	if (x->a.nerr) {
		page_status(x, 400, x->a.err[0].msg);
		return 0;
	}
	if (group_get_id(x->db, x->a.group, &g) < 0)
		return page_not_loaded(x);
	change_form(x, &g);
	group_free(&g);
	return 0;
}

/* Move (move = 1) or cancel the meeting; back to the group's page. */
static int
change(struct web_ctx *x, int move)
{
	struct group g;
	char loc[64];
	int rc;

	if (group_get_id(x->db, x->a.group, &g) < 0)
		return page_not_loaded(x);
	if (x->a.nerr)
		rc = -1;
	else if (move)
		rc = schedule_move(x->db, x->conf, &g, x->a.date, x->a.next, -1,
		    x->a.note);
	else
		rc = schedule_cancel(x->db, x->conf, &g, x->a.date, x->a.note);
	if (rc < 0) {
		if (!x->a.nerr)
			route_error(&x->a, "", "%s", x->errmsg);
		x->rs->status = 400;
		if (x->a.date != DATE_NONE)
			change_form(x, &g);
		else
			page_status(x, 400, x->a.err[0].msg);
	} else {
		snprintf(loc, sizeof loc, "/group?group=%lld&saved=1",
		    (long long)g.id);
		page_redirect(x, loc);
	}
	group_free(&g);
	return rc;
}

int
page_meeting_move(struct web_ctx *x)
{
	return change(x, 1);
}

int
page_meeting_cancel(struct web_ctx *x)
{
	return change(x, 0);
}
