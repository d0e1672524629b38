/*
 * pg_gateway.c - the SMS gateway for coordinators and admins (route
 * permission PERM_COORD): the outbox (state, tries, error), the inbox,
 * the modem's status and the templates in use.
 *
 * Message texts and whole numbers are shown only for people within the
 * account's scope (groups/scope.h); other rows show a masked number and
 * no text. An admin sees everything. A page that showed a number or a
 * text of a person is audited once per view ("outbox" or "inbox", "view").
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/i18n.h"
#include "core/phone.h"
#include "core/util.h"
#include "groups/scope.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/status.h"
#include "web/html.h"
#include "web/page.h"

#define GATEWAY_ROWS 100

static void
subnav(struct web_ctx *x)
{
	html_printf(&x->rs->body, "<p class=\"tabs\"><a href=\"/sms/outbox\">"
	    "%s</a> &middot; <a href=\"/sms/inbox\">%s</a> &middot; <a "
	    "href=\"/sms/modem\">%s</a> &middot; <a href=\"/forms\">%s</a></p>",
	    _("Outbox"), _("Inbox"), _("Modem"), _("SMS forms"));
}

/* 1 when the account may read the texts and numbers of person_id (0:
 * a raw number, an admin's only), 0 not, -1 on error. */
static int
may_read(struct web_ctx *x, int64_t person_id)
{
	if (x->acct.role == ROLE_ADMIN)
		return 1;
	return person_id ? scope_person(x->db, &x->acct, person_id) : 0;
}

/* Who: the case code and the number when readable, else the masked
 * number (and the case code within scope only). */
static void
who(struct web_ctx *x, const char *code, const char *phone, int readable)
{
	char masked[32];

	if (readable)
		html_printf(&x->rs->body, "%s %s", code ? code : "",
		    phone ? phone : "");
	else
		html_printf(&x->rs->body, "%s", phone ? phone_mask(phone, masked,
		    sizeof masked) : "");
}

/* TRANSLATORS: the kinds of message in the outbox. */
static const struct { const char *code, *label; } kinds[] = {
	{ "meeting", N_("meeting reminder") },
	{ "loan", N_("loan reminder") },
	{ "checkin", N_("check-in") },
	{ "alert", N_("urgent alert") },
	{ "manual", N_("written by hand") },
	{ "reply", N_("automatic reply") },
};

static const char *
kind_show(const char *code)
{
	for (size_t i = 0; i < NELEM(kinds); i++)
		if (str_eq(code, kinds[i].code))
			return _(kinds[i].label);
	return code;
}

struct rows {
	struct web_ctx *x;
	int shown;              /* rows with a number or a text shown */
};

static int
outbox_tr(const struct outbox_item *m, void *arg)
{
	struct rows *r = arg;
	struct web_ctx *x = r->x;
	struct buf *b = &x->rs->body;
	char q[32], s[32];
	int ok = may_read(x, m->person_id);

	if (ok < 0)
		return -1;
	r->shown += ok;
	html_printf(b, "<tr data-id=\"%lld\" data-state=\"%s\"><td>%lld</td>"
	    "<td>", (long long)m->id, m->state, (long long)m->id);
	who(x, m->case_code, m->recipient, ok);
	html_printf(b, "</td><td>%s</td><td>%s</td><td>%d</td><td>%s</td>"
	    "<td>%s</td><td>%s</td><td>", kind_show(m->kind),
	    outbox_state_show(m->state), m->attempts,
	    m->last_error ? m->last_error : "",
	    page_time(m->queued_at, q, sizeof q),
	    m->sent_at ? page_time(m->sent_at, s, sizeof s) : "");
	if (ok)
		html_printf(b, "%s", m->text);
	else
		html_printf(b, "<span class=\"muted\">%s</span>",
		    _("(outside your area)"));
	html_raw(b, "</td></tr>");
	return 0;
}

static void
state_filter(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<form method=\"get\" action=\"/sms/outbox\"><label "
	    "for=\"state\">%s</label><select id=\"state\" name=\"state\">"
	    "<option value=\"\">%s</option>", _("State"), _("all"));
	for (int i = 0; i < SMS_STATUS_NSTATES; i++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>",
		    sms_status_states[i], str_eq(x->a.state,
		    sms_status_states[i]) ? " selected" : "",
		    outbox_state_show(sms_status_states[i]));
	html_raw(b, "</select>");
	page_field_error(x, "state");
	html_printf(b, "<button type=\"submit\">%s</button></form>", _("Show"));
}

/* Close the table; audit a view that showed numbers or texts. */
static int
table_end(struct web_ctx *x, const struct rows *r, const char *entity,
    int rc)
{
	html_raw(&x->rs->body, "</tbody></table></div></section>");
	if (rc >= 0 && r->shown && db_audit(x->db, entity, 0, "view") < 0)
		rc = -1;
	if (rc < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	page_end(x);
	return 0;
}

int
page_sms_outbox(struct web_ctx *x)
{
	struct rows r = { x, 0 };
	const char *state = x->a.state && *x->a.state ? x->a.state : NULL;
	int rc = 0;

	if (state && !outbox_state_valid(state)) {
		route_error(&x->a, "state", _("\"%s\" is not a state"), state);
		x->rs->status = 400;
	}
	page_begin(x, _("Outbox"));
	subnav(x);
	html_raw(&x->rs->body, "<section>");
	state_filter(x);
	html_printf(&x->rs->body, "<div class=\"wide\"><table id=\"outbox\">"
	    "<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s"
	    "</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
	    "<tbody>", _("No."), _("To"), _("Kind"), _("State"), _("Tries"),
	    _("Error"), _("Queued"), _("Sent"), _("Text"));
	if (!x->a.nerr)
		rc = outbox_each(x->db, state, GATEWAY_ROWS, outbox_tr, &r);
	return table_end(x, &r, "outbox", rc);
}

/* TRANSLATORS: what a reply was taken for (inbox meaning). */
static const struct { const char *code, *label; } meanings[] = {
	{ "free-text", N_("free text") },
	{ "well", N_("all is well") },
	{ "needs-help", N_("needs help") },
	{ "will-attend", N_("will attend") },
	{ "cannot-attend", N_("cannot attend") },
	{ "opt-out", N_("stopped SMS") },
	{ "opt-in", N_("asked for SMS again") },
	{ "form", N_("SMS form") },
};

static const char *
meaning_show(const char *code)
{
	for (size_t i = 0; code && i < NELEM(meanings); i++)
		if (str_eq(code, meanings[i].code))
			return _(meanings[i].label);
	return code ? code : "";
}

static int
inbox_tr(const struct inbox_item *m, void *arg)
{
	struct rows *r = arg;
	struct web_ctx *x = r->x;
	struct buf *b = &x->rs->body;
	char t[32];
	int ok = may_read(x, m->person_id);

	if (ok < 0)
		return -1;
	r->shown += ok;
	html_printf(b, "<tr data-id=\"%lld\"><td>%lld</td><td>%s</td><td>",
	    (long long)m->id, (long long)m->id,
	    page_time(m->received_at, t, sizeof t));
	who(x, m->case_code, m->sender, ok);
	html_printf(b, "</td><td>%s</td><td>", meaning_show(m->meaning));
	if (ok)
		html_printf(b, "%s", m->text);
	else
		html_printf(b, "<span class=\"muted\">%s</span>",
		    _("(outside your area)"));
	html_printf(b, "%s</td><td>%s</td></tr>", m->complete ? "" :
	    _(" (incomplete)"), m->read ? _("read") : _("unread"));
	return 0;
}

int
page_sms_inbox(struct web_ctx *x)
{
	struct inbox_filter f = { .limit = GATEWAY_ROWS };
	struct rows r = { x, 0 };
	int rc;

	page_begin(x, _("Inbox"));
	subnav(x);
	html_printf(&x->rs->body, "<section><div class=\"wide\"><table "
	    "id=\"inbox\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s"
	    "</th><th>%s</th><th>%s</th></tr></thead><tbody>", _("No."),
	    _("Received"), _("Sender"), _("Meaning"), _("Text"), _("Read"));
	rc = inbox_each(x->db, &f, inbox_tr, &r);
	return table_end(x, &r, "inbox", rc);
}

/* One line of the status list. */
static void
dl_row(struct web_ctx *x, const char *id, const char *label,
    const char *value)
{
	html_printf(&x->rs->body, "<dt>%s</dt><dd id=\"%s\">%s</dd>", label, id,
	    value);
}

static void
dl_count(struct web_ctx *x, const char *id, const char *label, int64_t n)
{
	char v[32];

	snprintf(v, sizeof v, "%lld", (long long)n);
	dl_row(x, id, label, v);
}

static void
modem_rows(struct web_ctx *x, const struct sms_modem_info *m)
{
	char when[32], v[160];

	if (!m->known) {
		dl_row(x, "connected", _("Modem"), _("unknown (the service has "
		    "not run)"));
		return;
	}
	page_time(m->updated_at, when, sizeof when);
	snprintf(v, sizeof v, m->connected ? _("connected (as of %s)") :
	    _("not connected (as of %s)"), when);
	dl_row(x, "connected", _("Modem"), v);
	if (m->signal >= 0)
		snprintf(v, sizeof v, "%d %%", m->signal);
	else
		snprintf(v, sizeof v, "%s", _("unknown"));
	dl_row(x, "signal", _("Signal"), v);
	if (m->sim_size > 0) {
		snprintf(v, sizeof v, _("%lld of %lld messages"),
		    (long long)m->sim_used, (long long)m->sim_size);
		dl_row(x, "sim", _("SIM"), v);
	}
	dl_row(x, "last-error", _("Last error"), m->last_error ?
	    m->last_error : _("none"));
}

static void
status_rows(struct web_ctx *x, const struct sms_status *s)
{
	char t[32];

	html_printf(&x->rs->body, "<section><h2>%s</h2><dl>", _("Modem"));
	modem_rows(x, &s->modem);
	dl_row(x, "last-send", _("Last send"), s->last_sent ?
	    page_time(s->last_sent, t, sizeof t) : _("none yet"));
	dl_count(x, "queue", _("Queue length"), s->queue);
	dl_count(x, "failures-today", _("Failures today"), s->failures_today);
	html_printf(&x->rs->body, "</dl></section><section><h2>%s</h2><dl>",
	    _("Messages"));
	for (int i = 0; i < SMS_STATUS_NSTATES; i++)
		dl_count(x, sms_status_states[i],
		    outbox_state_show(sms_status_states[i]), s->count[i]);
	dl_count(x, "waiting-parts", _("Parts waiting for the rest"),
	    s->waiting_parts);
	dl_count(x, "set-aside", _("Set aside (could not be read)"),
	    s->set_aside);
	html_raw(&x->rs->body, "</dl></section>");
}

/* The templates the service uses, by setting. */
static const struct {
	const char *key, *label;
	size_t off;
} templates[] = {
	{ "templates.meeting", N_("meeting reminder"), offsetof(struct conf, tpl_meeting) },
	{ "templates.meeting_today", N_("meeting today"), offsetof(struct conf, tpl_meeting_today) },
	{ "templates.meeting_moved", N_("meeting moved"), offsetof(struct conf, tpl_meeting_moved) },
	{ "templates.meeting_cancelled", N_("meeting cancelled"), offsetof(struct conf, tpl_meeting_cancelled) },
	{ "templates.loan_due", N_("repayment due"), offsetof(struct conf, tpl_loan_due) },
	{ "templates.loan_overdue", N_("repayment overdue"), offsetof(struct conf, tpl_loan_overdue) },
	{ "templates.checkin", N_("check-in"), offsetof(struct conf, tpl_checkin) },
	{ "templates.alert", N_("urgent alert"), offsetof(struct conf, tpl_alert) },
	{ "templates.optout", N_("reply to stop"), offsetof(struct conf, tpl_optout) },
	{ "templates.optin", N_("reply to start again"), offsetof(struct conf, tpl_optin) },
	{ "templates.unknown", N_("reply to an unknown number"), offsetof(struct conf, tpl_unknown) },
};

static void
template_rows(struct web_ctx *x)
{
	struct buf *b = &x->rs->body;

	html_printf(b, "<section><h2>%s</h2><ul class=\"list\" id=\"templates"
	    "\">", _("Templates in use"));
	for (size_t i = 0; i < NELEM(templates); i++) {
		const char *t = *(char *const *)((const char *)x->conf +
		    templates[i].off);
		html_printf(b, "<li><strong>%s</strong> <span class=\"muted\">"
		    "%s</span><br>%s</li>", _(templates[i].label),
		    templates[i].key, t ? t : "");
	}
	html_raw(b, "</ul></section>");
}

int
page_sms_modem(struct web_ctx *x)
{
	struct sms_status s;

	if (sms_status_get(x->db, clock_now(), &s) < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	page_begin(x, _("Modem"));
	subnav(x);
	status_rows(x, &s);
	template_rows(x);
	page_end(x);
	sms_status_free(&s);
	return 0;
}
