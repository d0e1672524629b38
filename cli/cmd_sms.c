/*
 * sms and inbox commands: queue, list and cancel messages, put test
 * replies into the dummy modem, show the gateway's state and what
 * arrived.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/audit.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/person.h"
#include "core/phone.h"
#include "core/table.h"
#include "core/text.h"
#include "core/util.h"
#include "groups/group.h"
#include "sms/dummy.h"
#include "sms/inbox.h"
#include "sms/outbox.h"
#include "sms/service.h"
#include "sms/smstext.h"
#include "sms/status.h"

/* A code and what it is called for people. */
struct label {
	const char *code, *label;
};

/* TRANSLATORS: the kinds of message in the outbox. */
static const struct label kind_labels[] = {
	{ "meeting", N_("meeting reminder") },
	{ "loan", N_("loan reminder") },
	{ "checkin", N_("check-in") },
	{ "alert", N_("urgent alert") },
	{ "manual", N_("written by hand") },
	{ "reply", N_("automatic reply") },
	{ NULL, NULL },
};

/* TRANSLATORS: delivery reports of a sent message. */
static const struct label delivery_labels[] = {
	{ "delivered", N_("delivered to the phone") },
	{ "pending", N_("network still trying") },
	{ "failed", N_("not delivered") },
	{ NULL, NULL },
};

/* TRANSLATORS: what a reply was taken for (inbox meaning). */
static const struct label meaning_labels[] = {
	{ "free-text", N_("free text") },
	{ "well", N_("all is well") },
	{ "needs-help", N_("needs help") },
	{ "will-attend", N_("will attend") },
	{ "cannot-attend", N_("cannot attend") },
	{ "opt-out", N_("stopped SMS") },
	{ "opt-in", N_("asked for SMS again") },
	{ NULL, NULL },
};

/* The code as people read it: its label in Vietnamese; English output
 * and CSV keep the code (scripts and tests read it). */
static const char *
label_show(const struct shg *shg, const struct label *l, const char *code)
{
	if (shg->csv || !i18n_vi() || !code)
		return code;
	for (; l->code; l++)
		if (!strcmp(l->code, code))
			return _(l->label);
	return code;
}

/* Headers translated for table_new. align has one character per column,
 * '>' for a right-aligned one (it may be shorter than hdr). Free with
 * heads_free. */
static char **
heads_show(const char *const *hdr, const char *align)
{
	size_t n = 0;
	char **out;

	while (hdr[n])
		n++;
	out = xcalloc(n + 1, sizeof *out);
	for (size_t i = 0; i < n; i++) {
		const char *h = _(hdr[i]);
		int right = i < strlen(align) && align[i] == '>';
		out[i] = xmalloc(strlen(h) + 2);
		sprintf(out[i], "%s%s", right ? ">" : "", h);
	}
	return out;
}

static void
heads_free(char **h)
{
	for (size_t i = 0; h[i]; i++)
		free(h[i]);
	free(h);
}

/* A typed number, or a case code, to a recipient and a person (0: none).
 * A number that belongs to someone is treated as that person, so their
 * consent applies. */
static int
find_recipient(struct shg *shg, const char *who, char *phone, size_t size,
    int64_t *person_id)
{
	struct person p;
	char notice[160];

	*person_id = 0;
	phone[0] = '\0';
	if (who[0] == '+' || (who[0] >= '0' && who[0] <= '9')) {
		if (phone_normalize(who, phone, size, notice, sizeof notice) < 0)
			return error("recipient: %s", notice);
		*person_id = person_by_phone(shg->db, phone);
		return 0;
	}
	if (person_get(shg->db, who, &p) < 0)
		return -1;
	*person_id = p.id;
	person_free(&p);
	return 0;
}

static int
cmd_sms_send(struct shg *shg, int argc, char **argv)
{
	struct outbox_msg m = { 0 };
	char *pos[2], phone[64];
	int npos, rc;
	int64_t id;
	struct outbox_row r;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 2, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 2)
		return cli_usage_error(shg, "give a number or case code, and "
		    "the text");
	if (find_recipient(shg, pos[0], phone, sizeof phone,
	    &m.person_id) < 0)
		return -1;
	m.recipient = phone[0] ? phone : NULL;
	m.kind = "manual";
	m.text = pos[1];
	m.mode = (enum sms_coding_mode)smstext_mode_parse(shg->conf.sms_coding);
	m.max_parts = shg->conf.sms_max_parts;
	m.forbidden = shg->conf.forbidden_words;
	m.nforbidden = shg->conf.nforbidden_words;
	if (outbox_enqueue(shg->db, &m, &id) < 0 || outbox_get(shg->db, id,
	    &r) < 0)
		return -1;
	printf(ngettext("queued message %lld (%d part, %s)\n",
	    "queued message %lld (%d parts, %s)\n", (unsigned long)r.parts),
	    (long long)id, r.parts, r.coding);
	outbox_row_free(&r);
	return 0;
}

/* A time for people: "23/11/2026 09:00" in Vietnamese; CSV and English
 * "2026-11-23 09:00". */
static void
time_cell(struct table *t, const struct shg *shg, time_t when, int null)
{
	char buf[32], day[16];
	int days, min;

	if (null) {
		table_cell(t, "");
	} else if (shg->csv) {
		table_cell(t, time_format_local(when, buf, sizeof buf));
	} else {
		time_to_local(when, &days, &min);
		table_cellf(t, "%s %02d:%02d", date_show(days, day), min / 60,
		    min % 60);
	}
}

/* A moment as people read it: "23/11/2026 09:00" in Vietnamese. */
static char *
time_show(time_t when, char *buf, size_t size)
{
	char day[16];
	int days, min;

	time_to_local(when, &days, &min);
	snprintf(buf, size, "%s %02d:%02d", date_show(days, day), min / 60,
	    min % 60);
	return buf;
}

/* Who a message is for or from: the case code, else the number (masked
 * unless names are asked for). */
static void
who_cell(struct table *t, const char *code, const char *phone, int names)
{
	char masked[32];

	if (names)
		table_cellf(t, "%s%s%s", code ? code : "", code ? " " : "",
		    phone);
	else
		table_cell(t, code ? code : phone_mask(phone, masked,
		    sizeof masked));
}

struct outbox_ctx {
	struct table *t;
	const struct shg *shg;
	int names;
	struct cli_ids seen;    /* with names: the people shown */
};

static int
outbox_line(const struct outbox_item *m, void *arg)
{
	struct outbox_ctx *x = arg;
	struct table *t = x->t;

	table_cell_int(t, m->id);
	who_cell(t, m->case_code, m->recipient, x->names);
	table_cell(t, label_show(x->shg, kind_labels, m->kind));
	table_cell(t, x->shg->csv ? m->state : outbox_state_show(m->state));
	table_cell_int(t, m->parts);
	table_cell(t, m->coding);
	table_cell_int(t, m->attempts);
	time_cell(t, x->shg, m->queued_at, 0);
	time_cell(t, x->shg, m->sent_at, m->sent_at == 0);
	table_cell(t, label_show(x->shg, delivery_labels, m->delivery));
	table_cell(t, m->last_error);
	if (x->names) {
		table_cell(t, m->text);
		cli_ids_add(&x->seen, m->person_id);
	}
	return 0;
}

static int
cmd_sms_outbox(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: columns of the outbox: when it was queued, when
	 * sent; "to" is the recipient; "tries" how often it was tried. */
	static const char *const hdr[] = { N_("id"), N_("to"), N_("kind"),
		N_("state"), N_("parts"), N_("coding"), N_("tries"),
		N_("queued"), N_("sent"), N_("delivery"), N_("error"),
		N_("text"), NULL };
	const char *state = NULL, *limitv = NULL;
	int names = 0, limit = 100, npos, rc;
	struct opt opts[] = { { "state", &state, NULL },
		{ "limit", &limitv, NULL }, { "names", NULL, &names },
		{ NULL, NULL, NULL } };
	struct outbox_ctx x;
	char *pos[1], **heads;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (state && !outbox_state_valid(state))
		return error("--state: \"%s\" is not a state (queued, sending, "
		    "sent, failed, expired, cancelled)", state);
	if (cli_int("--limit", limitv, 1, 1000000, &limit) < 0 ||
	    (names && cli_names_allowed(shg) < 0))
		return -1;
	heads = heads_show(hdr, ">   > >");
	if (!names) {           /* the texts only with --names */
		free(heads[11]);
		heads[11] = NULL;
	}
	x = (struct outbox_ctx){ table_new((const char *const *)heads,
		shg->csv), shg, names, { NULL, 0 } };
	rc = outbox_each(shg->db, state, limit, outbox_line, &x);
	/* the numbers are printed only once their reading is on record */
	if (rc >= 0 && names && audit_read(shg->db, x.seen.ids, x.seen.n,
	    "phone,sms") < 0)
		rc = -1;
	free(x.seen.ids);
	if (rc >= 0)
		table_print(x.t, stdout);
	else
		table_free(x.t);
	heads_free(heads);
	return rc < 0 ? -1 : 0;
}

static int
cmd_sms_cancel(struct shg *shg, int argc, char **argv)
{
	char *pos[1];
	int npos, rc;
	int64_t id;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 1, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error(shg, "which message? give its id");
	if (parse_int64(pos[0], 1, INT64_MAX, &id) < 0)
		return error("\"%s\" is not a message id", pos[0]);
	if (outbox_cancel(shg->db, id) < 0)
		return -1;
	printf(_("cancelled message %lld\n"), (long long)id);
	return 0;
}

/* Split text into n pieces of about equal length in characters. */
static char **
split_chars(const char *text, int n)
{
	char **out = xcalloc((size_t)n, sizeof *out);
	size_t chars = 0, len = strlen(text), start = 0, i = 0;

	for (size_t k = 0; k < len; k++)
		chars += ((unsigned char)text[k] & 0xc0) != 0x80;
	for (int p = 0; p < n; p++) {
		size_t want = chars * (size_t)(p + 1) / (size_t)n, seen = 0;
		for (i = 0; i < len; i++)
			if (((unsigned char)text[i] & 0xc0) != 0x80 && seen++ == want)
				break;
		out[p] = xstrndup(text + start, i - start);
		start = i;
	}
	return out;
}

static int
inject(struct shg *shg, const char *from, const char *text, int parts)
{
	int ucs2 = smstext_gsm_units(text) < 0, rc, ref;
	time_t now = clock_now();
	char **piece;
	int order[MODEM_MAX_PARTS];

	if (parts <= 1)
		return dummy_inject(shg->conf.modem_device, from, text, ucs2,
		    now) < 0 ? -1 : 0;
	piece = split_chars(text, parts);
	for (int i = 0; i < parts; i++)
		order[i] = i + 1;
	/* Vary the reference with what the modem holds, so that two messages
	 * injected at the same (test) time are not taken for one. */
	ref = (int)((now + dummy_inbox_count(shg->conf.modem_device)) & 255);
	rc = dummy_inject_parts(shg->conf.modem_device, from,
	    (const char *const *)piece, parts, ref, ucs2, order, parts, now);
	for (int i = 0; i < parts; i++)
		free(piece[i]);
	free(piece);
	return rc < 0 ? -1 : 0;
}

static int
cmd_sms_inject(struct shg *shg, int argc, char **argv)
{
	const char *partsv = NULL;
	struct opt opts[] = { { "parts", &partsv, NULL }, { NULL, NULL, NULL } };
	char *pos[2], from[64], notice[160];
	int npos, rc, parts = 1;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 2, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (npos != 2)
		return cli_usage_error(shg, "give the sender's number and the "
		    "text");
	if (!str_eq(shg->conf.modem_model, "dummy"))
		return error("sms inject works with the dummy modem only "
		    "(modem.model is \"%s\")", shg->conf.modem_model);
	if (cli_int("--parts", partsv, 1, 10, &parts) < 0)
		return -1;
	if (phone_normalize(pos[0], from, sizeof from, notice,
	    sizeof notice) < 0)
		return error("sender: %s", notice);
	if (dummy_prepare(shg->conf.modem_device) < 0 ||
	    inject(shg, from, pos[1], parts) < 0)
		return -1;
	printf(_("injected a message from %s into %s\n"),
	    phone_mask(from, notice, sizeof notice), shg->conf.modem_device);
	return 0;
}

/* The labels of `sms status` besides the states. */
static const char *const status_labels[] = {
	/* TRANSLATORS: labels of `shg sms status`, printed in one column. */
	N_("modem"), N_("signal"), N_("sim"), N_("last error"),
	N_("waiting parts"), N_("since"), N_("network"), N_("balance"),
	N_("sent today"), N_("failed today"), N_("its queue"), N_("pace"),
	N_("set aside"), N_("last send"), N_("failures today"), NULL,
};

/* The column the values of `sms status` start in: the widest label, at
 * least 14. */
static size_t
status_width(void)
{
	size_t w = 14, n;

	for (int i = 0; status_labels[i]; i++)
		if ((n = text_width(_(status_labels[i]))) > w)
			w = n;
	for (int i = 0; i < SMS_STATUS_NSTATES; i++)
		if ((n = text_width(outbox_state_show(sms_status_states[i]))) > w)
			w = n;
	return w;
}

/* "label    value", the label translated already, padded by display
 * width. */
static void
status_line(const char *label, const char *v)
{
	size_t w = status_width(), n = text_width(label);

	printf("%s%*s %s\n", label, (int)(w > n ? w - n : 0), "", v);
}

/* "dd/mm/yyyy HH:MM" (in the language in effect) of t. */
static char *
when_show(time_t t, char *buf, size_t size)
{
	char day[16];
	int days, min;

	time_to_local(t, &days, &min);
	snprintf(buf, size, "%s %02d:%02d", date_show(days, day), min / 60,
	    min % 60);
	return buf;
}

/* The first line of a modem: its state, and its name when there are
 * several. */
static void
modem_headline(const struct service_modem_info *m, int several)
{
	char buf[200], when[32];

	when_show(m->updated, when, sizeof when);
	if (several && m->connected)
		/* TRANSLATORS: a modem's name and state in `sms status`. */
		snprintf(buf, sizeof buf, _("%s: connected (as of %s)"), m->name,
		    when);
	else if (several)
		snprintf(buf, sizeof buf, _("%s: not connected (as of %s)"),
		    m->name, when);
	else if (m->connected)
		snprintf(buf, sizeof buf, _("connected (as of %s)"), when);
	else
		snprintf(buf, sizeof buf, _("not connected (as of %s)"), when);
	status_line(_("modem"), buf);
}

/* Signal, network, balance and SIM of a modem, those it said. */
static void
modem_health_lines(const struct service_modem_info *m)
{
	char buf[200], when[32], money[32];

	if (m->connected && m->since) {
		when_show(m->since, when, sizeof when);
		status_line(_("since"), when);
	}
	if (m->signal >= 0) {
		/* TRANSLATORS: signal strength in percent. */
		snprintf(buf, sizeof buf, _("%d%%"), m->signal);
		status_line(_("signal"), buf);
	}
	if (m->network[0])
		status_line(_("network"), m->network);
	if (m->balance >= 0) {
		/* TRANSLATORS: prepaid balance and when it was read. */
		snprintf(buf, sizeof buf, _("%s (read %s)"),
		    money_show(m->balance, money, sizeof money),
		    when_show(m->balance_at, when, sizeof when));
		status_line(_("balance"), buf);
		if (m->balance_low)
			printf("%s\n", _("warning: the balance is low; top up "
			    "the SIM"));
	}
	if (m->sim_size > 0) {
		/* TRANSLATORS: messages stored on the SIM card. */
		snprintf(buf, sizeof buf, _("%d of %d messages"), m->sim_used,
		    m->sim_size);
		status_line(_("sim"), buf);
		if (modem_sim_nearly_full(m->sim_used, m->sim_size))
			printf("%s\n", _("warning: the SIM is nearly full; the "
			    "network holds new SMS once it is full"));
	}
}

/* The pace it learned, and the operator's cap when there is one. */
static void
modem_pace_line(const struct service_modem_info *m)
{
	char buf[128];

	if (!m->pace && !m->cap)
		return;
	if (m->pace && m->cap)
		/* TRANSLATORS: SMS parts a minute a modem sends (learned from
		 * its send times), then the cap set in the configuration. */
		snprintf(buf, sizeof buf, _("%d parts a minute (cap %d)"),
		    m->pace, m->cap);
	else if (m->pace)
		snprintf(buf, sizeof buf, _("%d parts a minute"), m->pace);
	else
		snprintf(buf, sizeof buf, _("cap %d parts a minute"), m->cap);
	status_line(_("pace"), buf);
}

static void
show_modem(const struct service_modem_info *m, int several)
{
	char buf[32];

	if (!m->known) {
		if (several)
			printf("%s\n", m->name);
		status_line(_("modem"), _("unknown (the service has not run)"));
		return;
	}
	modem_headline(m, several);
	modem_health_lines(m);
	modem_pace_line(m);
	snprintf(buf, sizeof buf, "%lld", (long long)m->sent);
	status_line(_("sent today"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)m->failed);
	status_line(_("failed today"), buf);
	snprintf(buf, sizeof buf, "%lld", (long long)m->queued);
	/* TRANSLATORS: queued messages this modem is the first choice for. */
	status_line(_("its queue"), buf);
	/* TRANSLATORS: the modem's last error: none. */
	status_line(_("last error"), m->last_error[0] ? m->last_error :
	    _("none"));
	if (m->problem[0])
		/* TRANSLATORS: %s: what is wrong with the modem. */
		printf(_("attention: %s\n"), _(service_problem_label(m->problem)));
}

static int
show_modem_state(struct shg *shg)
{
	struct service_modem_info m;
	int n = service_nmodems(&shg->conf);
	time_t today = time_from_local(date_today(), 0);

	for (int i = 0; i < n; i++) {
		if (service_modem_info(shg->db, &shg->conf, i, today, &m) < 0)
			return -1;
		show_modem(&m, n > 1);
	}
	return 0;
}

static void
status_count(const char *label, int64_t n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", (long long)n);
	status_line(label, buf);
}

static int
cmd_sms_status(struct shg *shg, int argc, char **argv)
{
	struct sms_status s;
	char *pos[1], buf[32];
	int npos, rc;

	if ((rc = cli_parse(shg, argc, argv, NULL, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (sms_status_get(shg->db, clock_now(), &s) < 0)
		return -1;
	if (show_modem_state(shg) < 0) {
		sms_status_free(&s);
		return -1;
	}
	for (int i = 0; i < SMS_STATUS_NSTATES; i++)
		status_count(outbox_state_show(sms_status_states[i]), s.count[i]);
	status_count(_("waiting parts"), s.waiting_parts);
	/* TRANSLATORS: messages the modem could not decode, kept aside. */
	status_count(_("set aside"), s.set_aside);
	/* TRANSLATORS: when the last message was sent; none yet. */
	status_line(_("last send"), s.last_sent ? time_show(s.last_sent, buf,
	    sizeof buf) : _("none yet"));
	/* TRANSLATORS: messages whose last try today failed. */
	status_count(_("failures today"), s.failures_today);
	sms_status_free(&s);
	return 0;
}

struct inbox_ctx {
	struct table *t;
	const struct shg *shg;
	int names;
	struct cli_ids seen;    /* with names: the people shown */
};

static int
inbox_row(const struct inbox_item *m, void *arg)
{
	struct inbox_ctx *x = arg;

	table_cell_int(x->t, m->id);
	time_cell(x->t, x->shg, m->received_at, 0);
	who_cell(x->t, m->case_code, m->sender, x->names);
	if (x->names)
		cli_ids_add(&x->seen, m->person_id);
	/* TRANSLATORS: a message of which some parts never came. */
	table_cell(x->t, m->complete ? "" : x->shg->csv ? "incomplete" :
	    _("incomplete"));
	table_cell(x->t, m->text);
	table_cell(x->t, m->meaning ? label_show(x->shg, meaning_labels,
	    m->meaning) : "");
	/* TRANSLATORS: a message no one has read yet. */
	table_cell(x->t, m->read ? "" : x->shg->csv ? "unread" : _("unread"));
	return 0;
}

/* --person and --group to ids (0: not given). */
static int
inbox_filters(struct shg *shg, const char *person, const char *group,
    int64_t *person_id, int64_t *group_id)
{
	struct person p;
	struct group g;

	*person_id = *group_id = 0;
	if (person) {
		if (person_get(shg->db, person, &p) < 0)
			return -1;
		*person_id = p.id;
		person_free(&p);
	}
	if (group) {
		if (group_get(shg->db, group, &g) < 0)
			return -1;
		*group_id = g.id;
		group_free(&g);
	}
	return 0;
}

static int
cmd_inbox(struct shg *shg, int argc, char **argv)
{
	/* TRANSLATORS: columns of the inbox: when it came, the sender, a
	 * note ("incomplete"), what the reply was taken for, read or not. */
	static const char *const hdr[] = { N_("id"), N_("received"),
		N_("from"), N_("note"), N_("text"), N_("meaning"), N_("read"),
		NULL };
	const char *limitv = NULL, *person = NULL, *group = NULL;
	int names = 0, unread = 0, limit = 50, npos, rc;
	struct opt opts[] = { { "limit", &limitv, NULL },
		{ "names", NULL, &names }, { "unread", NULL, &unread },
		{ "person", &person, NULL }, { "group", &group, NULL },
		{ NULL, NULL, NULL } };
	struct inbox_filter f = { 0 };
	struct inbox_ctx x;
	char *pos[1], **heads;

	if ((rc = cli_parse(shg, argc, argv, opts, pos, 0, &npos)) != 0)
		return rc == 1 ? 0 : rc;
	if (cli_int("--limit", limitv, 1, 1000000, &limit) < 0 ||
	    (names && cli_names_allowed(shg) < 0) ||
	    inbox_filters(shg, person, group, &f.person_id, &f.group_id) < 0)
		return -1;
	f.unread = unread;
	f.limit = limit;
	heads = heads_show(hdr, ">");
	x = (struct inbox_ctx){ table_new((const char *const *)heads, shg->csv),
		shg, names, { NULL, 0 } };
	rc = inbox_each(shg->db, &f, inbox_row, &x);
	if (rc >= 0 && names && audit_read(shg->db, x.seen.ids, x.seen.n,
	    "phone,sms") < 0)
		rc = -1;
	free(x.seen.ids);
	if (rc >= 0)
		table_print(x.t, stdout);
	else
		table_free(x.t);
	heads_free(heads);
	return rc < 0 ? -1 : 0;
}

#define INBOX_USAGE \
	"[--unread] [--person CODE] [--group NAME] [--limit N] [--names]"
#define INBOX_HELP N_( \
	"List received messages, newest first\n" \
	"The sender shows as a case code, or a masked number when unknown;\n" \
	"meaning is what the reply was taken for (well, needs-help,\n" \
	"will-attend, cannot-attend, opt-out, opt-in, unclear: 1 or 2 while\n" \
	"a check-in and a meeting reminder were both open, free-text).\n" \
	"  --unread        only messages no one has read yet (shg inbox ack)\n" \
	"  --person CODE   only from this person\n" \
	"  --group NAME    only from (past or present) members of this group\n" \
	"  --limit N       at most N messages (default 50)\n" \
	"  --names         show whole numbers")

const struct cmd sms_cmds[] = {
	{ "sms send", cmd_sms_send, CMD_WRITE, "NUMBER|CASECODE TEXT",
	  N_("Queue an SMS to a number or a person\n"
	  "The text is planned now: coding per the person or sms.coding, and\n"
	  "refused when it needs more than sms.max_parts parts.  A person must\n"
	  "have agreed to receive SMS (--consent yes).") },
	{ "sms outbox", cmd_sms_outbox, CMD_DB,
	  "[--state S] [--limit N] [--names]",
	  N_("List queued and sent messages, newest first\n"
	  "  --state S   only queued, sending, sent, failed, expired or cancelled\n"
	  "  --limit N   at most N messages (default 100)\n"
	  "  --names     show whole numbers and the texts") },
	{ "sms cancel", cmd_sms_cancel, CMD_WRITE, "ID",
	  N_("Cancel a queued message") },
	{ "sms inject", cmd_sms_inject, 0, "NUMBER TEXT [--parts N]",
	  N_("Put an incoming SMS into the dummy modem, for demos and tests\n"
	  "  --parts N   send it as a concatenated message of N parts") },
	{ "sms status", cmd_sms_status, CMD_DB, "",
	  N_("Show the modem's state, the queue and the last error") },
	{ "inbox", cmd_inbox, CMD_DB, INBOX_USAGE, INBOX_HELP },
	{ "inbox list", cmd_inbox, CMD_DB, INBOX_USAGE, INBOX_HELP },
	{ NULL, NULL, 0, NULL, NULL },
};
