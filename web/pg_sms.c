/*
 * pg_sms.c - an SMS to one member or to a whole group: the text is
 * checked for words that would reveal why someone is in the programme,
 * its parts and coding are shown, and only a confirmed text is queued in
 * the outbox (the service sends it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/person.h"
#include "groups/group.h"
#include "sms/outbox.h"
#include "sms/smstext.h"
#include "web/html.h"
#include "web/page.h"

/* Who the message is for: a person or a group, with its title. */
struct target {
	const char *action;     /* "/sms/person" or "/sms/group" */
	const char *field;      /* "person" or "group" */
	int64_t id;
	char title[160];
};

static int
target(struct web_ctx *x, struct target *t)
{
	struct person p;
	struct group g;

	if (x->a.person) {
		if (person_get_id(x->db, x->a.person, &p) < 0)
			return -1;
		/* the page shows her name: on the audit trail first */
		if (audit_read(x->db, &p.id, 1, "name") < 0) {
			person_free(&p);
			return -1;
		}
		*t = (struct target){ "/sms/person", "person", p.id, "" };
		snprintf(t->title, sizeof t->title, "%s (%s)", p.full_name,
		    p.case_code);
		person_free(&p);
		return 0;
	}
	if (group_get_id(x->db, x->a.group, &g) < 0)
		return -1;
	*t = (struct target){ "/sms/group", "group", g.id, "" };
	/* TRANSLATORS: %s is a group's name */
	snprintf(t->title, sizeof t->title, _("every member of %s"), g.name);
	group_free(&g);
	return 0;
}

static void
sms_form(struct web_ctx *x, const struct target *t)
{
	struct buf *b = &x->rs->body;

	page_begin(x, _("Send an SMS"));
	html_printf(b, "<p>%s: <strong>%s</strong></p>", _("To"), t->title);
	page_field_error(x, "");
	html_printf(b, "<form method=\"post\" action=\"%s\"><section>",
	    t->action);
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"%lld\">"
	    "<label for=\"text\">%s</label><textarea id=\"text\" name=\"text\" "
	    "required maxlength=\"2000\">%s</textarea>", t->field,
	    (long long)t->id, _("Text"), x->a.text ? x->a.text : "");
	page_field_error(x, "text");
	html_printf(b, "<p class=\"muted\">%s</p><button type=\"submit\">%s"
	    "</button></section></form>", _("A phone is often shared with the "
	    "family: never write why the person is in the programme."),
	    _("Check the text"));
	page_end(x);
}

int
page_sms_form(struct web_ctx *x)
{
	struct target t;

	if (target(x, &t) < 0)
		return page_not_loaded(x);
	sms_form(x, &t);
	return 0;
}

/* The privacy check and the plan of the text; a form error when either
 * refuses it. */
static int
check_text(struct web_ctx *x, struct sms_plan *plan)
{
	const char *w = conf_forbidden_word(x->conf, x->a.text);

	if (w) {
		route_error(&x->a, "text", _("the text contains \"%s\", which "
		    "would reveal why a person is in the programme"), w);
		return -1;
	}
	if (smstext_plan(x->a.text, (enum sms_coding_mode)smstext_mode_parse(
	    x->conf->sms_coding), x->conf->sms_max_parts, plan) < 0) {
		route_error(&x->a, "text", "%s", x->errmsg);
		return -1;
	}
	return 0;
}

static void
preview(struct web_ctx *x, const struct target *t, const struct sms_plan *p)
{
	struct buf *b = &x->rs->body;

	page_begin(x, _("Send an SMS"));
	html_printf(b, "<p>%s: <strong>%s</strong></p><section><p>", _("To"),
	    t->title);
	html_printf(b, ngettext("%d SMS part", "%d SMS parts",
	    (unsigned long)p->parts), p->parts);
	html_printf(b, " &middot; %s</p><p class=\"card\">%s</p></section>",
	    p->coding == SMS_CODING_UCS2 ? _("Unicode (with diacritics)") :
	    _("GSM (without diacritics)"), p->text);
	html_printf(b, "<form method=\"post\" action=\"%s\">", t->action);
	page_csrf(x);
	html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"%lld\">"
	    "<input type=\"hidden\" name=\"text\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"confirm\" value=\"1\">"
	    "<button type=\"submit\">%s</button> <a class=\"button alt\" "
	    "href=\"%s?%s=%lld\">%s</a></form>", t->field, (long long)t->id,
	    x->a.text, _("Send"), t->action, t->field, (long long)t->id,
	    _("Change the text"));
	page_end(x);
}

static int
queue_one(struct web_ctx *x, int64_t person_id)
{
	struct outbox_msg m = { .person_id = person_id, .kind = "manual",
		.text = x->a.text, .max_parts = x->conf->sms_max_parts,
		.mode = (enum sms_coding_mode)smstext_mode_parse(
		    x->conf->sms_coding) };
	int64_t id;

	return outbox_enqueue(x->db, &m, &id);
}

struct group_send {
	struct web_ctx *x;
	int queued, skipped, failed;
};

/* A member who has agreed to SMS and has a phone gets the message. */
static int
queue_member(const struct membership *mb, void *arg)
{
	struct group_send *s = arg;
	struct person p;
	int ok;

	if (person_get_id(s->x->db, mb->person_id, &p) < 0)
		return s->failed = 1, 1;
	ok = p.sms_consent && p.phone && !strcmp(p.status, "active");
	person_free(&p);
	if (!ok)
		return s->skipped++, 0;
	if (queue_one(s->x, mb->person_id) < 0)
		return s->failed = 1, 1;
	s->queued++;
	return 0;
}

static int
queue(struct web_ctx *x, const struct target *t, char *msg, size_t size)
{
	struct group_send s = { x, 0, 0, 0 };
	size_t n;

	if (x->a.person) {
		if (queue_one(x, x->a.person) < 0)
			return -1;
		snprintf(msg, size, "%s", _("The SMS is queued; the service "
		    "sends it."));
		return 0;
	}
	group_members_each(x->db, t->id, date_today(), queue_member, &s);
	if (s.failed)
		return -1;
	snprintf(msg, size, ngettext("%d SMS queued.", "%d SMS queued.",
	    (unsigned long)s.queued), s.queued);
	if (!s.skipped)
		return 0;
	n = strlen(msg);
	snprintf(msg + n, size - n, " ");
	n++;
	snprintf(msg + n, size - n, ngettext("%d member has no phone or did "
	    "not agree to SMS.", "%d members have no phone or did not agree "
	    "to SMS.", (unsigned long)s.skipped), s.skipped);
	return 0;
}

int
page_sms_send(struct web_ctx *x)
{
	struct sms_plan plan = { 0 };
	struct target t;
	char msg[256];
	int rc = 0;

	if (target(x, &t) < 0)
		return page_not_loaded(x);
	if (x->a.nerr || check_text(x, &plan) < 0) {
		x->rs->status = 400;
		sms_form(x, &t);
	} else if (!x->a.confirm) {
		preview(x, &t, &plan);
	} else if (queue(x, &t, msg, sizeof msg) < 0) {
		route_error(&x->a, "", "%s", x->errmsg);
		x->rs->status = 400;
		sms_form(x, &t);
		rc = -1;
	} else {
		page_begin(x, _("Send an SMS"));
		page_note(x, "ok", msg);
		html_printf(&x->rs->body, "<p><a class=\"button alt\" href=\"/"
		    "%s?%s=%lld\">%s</a></p>", t.field, t.field, (long long)t.id,
		    _("Back"));
		page_end(x);
	}
	smstext_plan_free(&plan);
	return rc;
}
