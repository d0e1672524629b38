/*
 * SMS forms: the parser (pure), then who may, recording through the
 * modules' own functions, undo and the reply.
 */
#include "sms/forms.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "core/clock.h"
#include "core/i18n.h"
#include "core/log.h"
#include "core/phone.h"
#include "core/text.h"
#include "core/util.h"
#include "core/visit.h"
#include "groups/group.h"
#include "groups/loan.h"
#include "groups/scope.h"
#include "sms/outbox.h"
#include "sms/smstext.h"

/* ---- the parser ---- */

/* The words of a text, as written and folded (no diacritics, lowercase,
 * a final ':' or '.' dropped). */
struct words {
	char **orig, **fold;
	int n;
};

static void
words_split(const char *text, struct words *w)
{
	const char *p = text;
	size_t len;

	memset(w, 0, sizeof *w);
	for (;;) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		for (len = 0; p[len] && !isspace((unsigned char)p[len]); len++)
			;
		w->orig = xrealloc(w->orig, (size_t)(w->n + 1) * sizeof *w->orig);
		w->fold = xrealloc(w->fold, (size_t)(w->n + 1) * sizeof *w->fold);
		w->orig[w->n] = xstrndup(p, len);
		w->fold[w->n] = text_fold(w->orig[w->n]);
		len = strlen(w->fold[w->n]);
		while (len > 1 && strchr(":.", w->fold[w->n][len - 1]))
			w->fold[w->n][--len] = '\0';
		w->n++;
		p += strlen(w->orig[w->n - 1]);
	}
}

static void
words_free(struct words *w)
{
	for (int i = 0; i < w->n; i++) {
		free(w->orig[i]);
		free(w->fold[i]);
	}
	free(w->orig);
	free(w->fold);
}

/* Words from..n-1 as written, joined by spaces; NULL when none. */
static char *
words_join(const struct words *w, int from)
{
	struct buf b = { 0 };

	if (from >= w->n)
		return NULL;
	for (int i = from; i < w->n; i++)
		buf_addf(&b, "%s%s", i > from ? " " : "", w->orig[i]);
	return buf_detach(&b);
}

static const struct {
	const char *word;
	enum form_kind kind;
} kinds[] = {
	{ "hop", FORM_HOP }, { "tra", FORM_TRA }, { "tham", FORM_THAM },
	{ "huy", FORM_HUY }, { "hd", FORM_HD }, { "huongdan", FORM_HD },
};

static const struct {
	const char *word;
	enum att_status status;
} sections[] = {
	{ "co", ATT_PRESENT }, { "vang", ATT_ABSENT }, { "phep", ATT_EXCUSED },
	{ "tre", ATT_LATE }, { "muon", ATT_LATE },
};

enum form_kind
forms_kind(const char *text)
{
	struct words w;
	enum form_kind k = FORM_NONE;

	words_split(text ? text : "", &w);
	for (size_t i = 0; w.n && i < NELEM(kinds); i++)
		if (str_eq(w.fold[0], kinds[i].word))
			k = kinds[i].kind;
	words_free(&w);
	return k;
}

static int
section(const char *fold)
{
	for (size_t i = 0; i < NELEM(sections); i++)
		if (str_eq(fold, sections[i].word))
			return (int)sections[i].status;
	return -1;
}

static int
set_err(struct form *f, enum form_error e, const char *bad)
{
	f->err = e;
	free(f->bad);
	f->bad = bad ? xstrdup(bad) : NULL;
	return -1;
}

static int
is_date(const char *fold)
{
	return isdigit((unsigned char)fold[0]) && strchr(fold, '/');
}

/* dd/mm or dd/mm/yyyy as of today. Without the year: this year's day,
 * or last year's when this year's is more than 31 days ahead ("28/12"
 * in January); a day up to 31 days ahead is refused as in the future. */
static int
parse_date(struct form *f, const char *orig, const char *fold, int today)
{
	int d, m, y = 0, ty, tm, td, n = 0;
	char tail;

	if (sscanf(fold, "%2d/%2d%n", &d, &m, &n) != 2 ||
	    (fold[n] && (sscanf(fold + n, "/%4d%c", &y, &tail) != 1)))
		return set_err(f, FORM_ERR_DATE, orig);
	date_to_ymd(today, &ty, &tm, &td);
	if (y && y < 100)
		y += 2000;
	if (!date_valid_ymd(y ? y : ty, m, d) && !(!y &&
	    date_valid_ymd(ty - 1, m, d)))
		return set_err(f, FORM_ERR_DATE, orig);
	if (y) {
		f->day = date_from_ymd(y, m, d);
	} else {
		f->day = date_valid_ymd(ty, m, d) ? date_from_ymd(ty, m, d) :
		    DATE_NONE;
		/* A day just ahead is a slip, not last year's meeting. */
		if (f->day != DATE_NONE && f->day > today &&
		    f->day <= today + 31)
			return set_err(f, FORM_ERR_FUTURE, orig);
		if (f->day == DATE_NONE || f->day > today)
			f->day = date_from_ymd(ty - 1, m, d);
	}
	if (f->day > today)
		return set_err(f, FORM_ERR_FUTURE, orig);
	f->day_text = xstrdup(orig);
	return 0;
}

/* A member as written: a number or a case code (letters, digits, '-'). */
static int
member_ok(const char *fold)
{
	int digit = 0;

	for (const char *p = fold; *p; p++) {
		if (isdigit((unsigned char)*p))
			digit = 1;
		else if (!isalpha((unsigned char)*p) && *p != '-')
			return 0;
	}
	return digit;
}

static int
add_members(struct form *f, const char *fold, enum att_status s)
{
	char *copy = xstrdup(fold), *save = NULL, *tok;
	int rc = 0;

	for (tok = strtok_r(copy, ",;", &save); tok && !rc;
	    tok = strtok_r(NULL, ",;", &save)) {
		if (!member_ok(tok)) {
			rc = set_err(f, FORM_ERR_MEMBER, tok);
			break;
		}
		f->att = xrealloc(f->att, (size_t)(f->natt + 1) * sizeof *f->att);
		f->att[f->natt].who = xstrdup(tok);
		f->att[f->natt++].status = s;
	}
	free(copy);
	return rc;
}

/* The group is words 1..group_words when known (a name holding a
 * section word: "Mai Vàng", "Hoa Cỏ"), else up to the first date or
 * section word. */
static int
parse_hop(struct form *f, const struct words *w, int today, int group_words)
{
	struct buf b = { 0 };
	int i = 1, cur = -1;

	for (; i < w->n && (group_words > 0 ? i <= group_words :
	    !is_date(w->fold[i]) && section(w->fold[i]) < 0 &&
	    !str_eq(w->fold[i], "nd")); i++)
		buf_addf(&b, "%s%s", i > 1 ? " " : "", w->orig[i]);
	if (i == 1)
		return set_err(f, FORM_ERR_NO_GROUP, NULL);
	f->target = buf_detach(&b);
	if (i < w->n && is_date(w->fold[i])) {
		if (parse_date(f, w->orig[i], w->fold[i], today) < 0)
			return -1;
		i++;
	}
	for (; i < w->n; i++) {
		int s = section(w->fold[i]);
		if (s >= 0) {
			cur = s;
		} else if (str_eq(w->fold[i], "nd")) {
			f->note = words_join(w, i + 1);
			break;
		} else if (cur < 0) {
			return set_err(f, FORM_ERR_NO_SECTION, w->orig[i]);
		} else if (add_members(f, w->fold[i], (enum att_status)cur) < 0) {
			return -1;
		}
	}
	if (!f->natt)
		return set_err(f, FORM_ERR_NO_ATTENDANCE, NULL);
	return 0;
}

int
forms_amount(const char *s, int64_t *out)
{
	static const struct {
		const char *suffix;
		int64_t mult;
	} units[] = {
		{ "trieu", 1000000 }, { "tr", 1000000 }, { "k", 1000 },
		{ "nghin", 1000 }, { "ngan", 1000 },
	};
	char *f = text_fold(s), *end;
	size_t len = strlen(f), sl;
	int64_t mult = 0, whole = 0, frac = 0, scale = 1;
	int rc = -1;

	for (size_t i = 0; i < NELEM(units) && !mult; i++) {
		sl = strlen(units[i].suffix);
		if (len > sl && !strcmp(f + len - sl, units[i].suffix)) {
			mult = units[i].mult;
			f[len - sl] = '\0';
		}
	}
	if (!mult) {
		rc = parse_money(f, out) == 0 && *out > 0 &&
		    *out <= 1000000000000LL ? 0 : -1;
		goto out;
	}
	/* With a unit: digits, then at most one decimal mark. */
	end = f + strcspn(f, ".,");
	if (end == f || end - f > 6 || strspn(f, "0123456789") !=
	    (size_t)(end - f))
		goto out;
	whole = strtoll(f, NULL, 10);
	if (*end) {
		const char *d = end + 1;
		size_t nd = strlen(d);
		if (!nd || nd > 6 || strspn(d, "0123456789") != nd)
			goto out;
		frac = strtoll(d, NULL, 10);
		while (nd--)
			scale *= 10;
	}
	if ((frac * mult) % scale)
		goto out;
	*out = whole * mult + frac * mult / scale;
	rc = *out > 0 && *out <= 1000000000000LL ? 0 : -1;
out:
	free(f);
	return rc;
}

static int
parse_loan(const char *fold, int64_t *id)
{
	if (*fold == 'l' || *fold == '#')
		fold++;
	return parse_int64(fold, 1, INT64_MAX, id);
}

static int
parse_tra(struct form *f, const struct words *w, int today)
{
	char *amount;
	int i = 3, rc;

	if (w->n < 2)
		return set_err(f, FORM_ERR_NO_LOAN, NULL);
	f->target = xstrdup(w->orig[1]);
	if (parse_loan(w->fold[1], &f->loan_id) < 0)
		return set_err(f, FORM_ERR_LOAN, w->orig[1]);
	if (w->n < 3)
		return set_err(f, FORM_ERR_NO_AMOUNT, NULL);
	/* "1,5 tr": a unit written apart. */
	if (w->n > 3 && strspn(w->fold[3], "abcdefghijklmnopqrstuvwxyz") ==
	    strlen(w->fold[3]) && !str_eq(w->fold[3], "d")) {
		if (asprintf(&amount, "%s%s", w->orig[2], w->orig[3]) < 0)
			abort();
		i = 4;
	} else {
		amount = xstrdup(w->orig[2]);
	}
	rc = forms_amount(amount, &f->amount);
	if (rc < 0)
		set_err(f, FORM_ERR_AMOUNT, amount);
	free(amount);
	if (rc < 0)
		return -1;
	if (i < w->n && is_date(w->fold[i])) {
		if (parse_date(f, w->orig[i], w->fold[i], today) < 0)
			return -1;
		i++;
	}
	if (i < w->n)
		return set_err(f, FORM_ERR_EXTRA, w->orig[i]);
	return 0;
}

static int
parse_tham(struct form *f, const struct words *w)
{
	int i = 3;

	if (w->n < 2)
		return set_err(f, FORM_ERR_NO_MEMBER, NULL);
	if (!member_ok(w->fold[1]))
		return set_err(f, FORM_ERR_MEMBER, w->orig[1]);
	f->target = xstrdup(w->fold[1]);
	if (w->n < 3)
		return set_err(f, FORM_ERR_SITUATION, NULL);
	if (str_eq(w->fold[2], "on")) {
		f->stable = 1;
		if (i < w->n && str_eq(w->fold[i], "dinh"))
			i++;
	} else if (str_eq(w->fold[2], "can")) {
		if (i + 1 < w->n && str_eq(w->fold[i], "ho") &&
		    str_eq(w->fold[i + 1], "tro"))
			i += 2;
	} else {
		return set_err(f, FORM_ERR_SITUATION, w->orig[2]);
	}
	f->note = words_join(w, i);
	return 0;
}

int
forms_parse(const char *text, int today, struct form *f)
{
	return forms_parse_hop(text, 0, today, f);
}

int
forms_parse_hop(const char *text, int group_words, int today, struct form *f)
{
	struct words w;
	int rc = -1;

	memset(f, 0, sizeof *f);
	f->day = DATE_NONE;
	words_split(text ? text : "", &w);
	f->kind = forms_kind(text);
	switch (f->kind) {
	case FORM_NONE:
		set_err(f, FORM_ERR_KEYWORD, w.n ? w.orig[0] : "");
		break;
	case FORM_HOP:
		rc = parse_hop(f, &w, today, group_words);
		break;
	case FORM_TRA:
		rc = parse_tra(f, &w, today);
		break;
	case FORM_THAM:
		rc = parse_tham(f, &w);
		break;
	case FORM_HUY:
		rc = w.n > 1 ? set_err(f, FORM_ERR_EXTRA, w.orig[1]) : 0;
		break;
	case FORM_HD:
		rc = 0;
		break;
	}
	words_free(&w);
	return rc;
}

void
form_free(struct form *f)
{
	for (int i = 0; i < f->natt; i++)
		free(f->att[i].who);
	free(f->att);
	free(f->target);
	free(f->day_text);
	free(f->note);
	free(f->bad);
	memset(f, 0, sizeof *f);
}

/* ---- handling ---- */

static const char *const kind_names[] = {
	[FORM_NONE] = "unknown", [FORM_HOP] = "hop", [FORM_TRA] = "tra",
	[FORM_THAM] = "tham", [FORM_HUY] = "huy", [FORM_HD] = "hd",
};

static const char *const outcome_names[] = {
	[FORM_RECORDED] = "recorded", [FORM_REFUSED] = "refused",
	[FORM_UNDONE] = "undone", [FORM_DUPLICATE] = "duplicate",
	[FORM_LIMITED] = "limited", [FORM_ANSWERED] = "answered",
};

/* TRANSLATORS: what became of an SMS form (shg forms, the web). */
static const char *const outcome_labels[] = {
	[FORM_RECORDED] = N_("recorded"), [FORM_REFUSED] = N_("refused"),
	[FORM_UNDONE] = N_("undone"), [FORM_DUPLICATE] = N_("repeated delivery"),
	[FORM_LIMITED] = N_("over the hourly limit"),
	[FORM_ANSWERED] = N_("answered"),
};

const char *
forms_outcome_name(enum form_outcome o)
{
	return outcome_names[o];
}

int
forms_outcome_valid(const char *s)
{
	for (size_t i = 0; s && i < NELEM(outcome_names); i++)
		if (str_eq(s, outcome_names[i]))
			return 1;
	return 0;
}

const char *
forms_outcome_show(const char *code)
{
	for (size_t i = 0; code && i18n_vi() && i < NELEM(outcome_names); i++)
		if (str_eq(code, outcome_names[i]))
			return _(outcome_labels[i]);
	return code;
}

int
forms_account(struct db *db, const char *sender, int64_t *account_id)
{
	*account_id = 0;
	if (str_empty(sender))
		return 0;
	return db_int(db, account_id, 0, "SELECT id FROM account WHERE "
	    "phone = ?1 AND disabled = 0 ORDER BY id LIMIT 1", "t", sender);
}

/* One form being handled. */
struct fctx {
	struct db *db;
	const struct conf *conf;
	time_t now;
	int today;
	int64_t inbox_id;
	const char *sender, *text;
	struct account a;
	struct form f;
	enum form_outcome outcome;
	const char *entity;     /* what it recorded, for HUY */
	int64_t entity_id, group_id;
	int day;
	char *reply;
};

/* The reply, from a catalogue message looked up in Vietnamese whatever
 * the language in effect: the replies go to Vietnamese phones. The
 * arguments are formatted by the caller without the language (numbers,
 * dd/mm). */
static void reply_set(struct fctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
reply_set(struct fctx *c, const char *fmt, ...)
{
	char *prev = xstrdup(i18n_lang());
	va_list ap;

	i18n_set("vi");
	free(c->reply);
	va_start(ap, fmt);
	if (vasprintf(&c->reply, gettext(fmt), ap) < 0)
		abort();
	va_end(ap);
	i18n_set(prev);
	free(prev);
}

static char *
ddmm(int day, char *buf)
{
	int y, m, d;

	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, 8, "%02d/%02d", d, m);
	return buf;
}

static char *
dong(int64_t v, char *buf, size_t size)
{
	char n[40];

	snprintf(buf, size, "%s đ", money_format(v, n, sizeof n));
	return buf;
}

static int
queue(struct fctx *c)
{
	int mode = smstext_mode_parse(c->conf->sms_coding);
	char subject[40], day[16], masked[32];
	struct outbox_msg m = { .recipient = c->sender, .kind = "reply",
		.subject = subject, .occasion = date_format(c->today, day),
		.text = c->reply, .max_parts = c->conf->sms_max_parts,
		.forbidden = c->conf->forbidden_words,
		.nforbidden = c->conf->nforbidden_words,
		.mode = mode < 0 ? SMS_MODE_AUTO : (enum sms_coding_mode)mode };
	int64_t id;

	snprintf(subject, sizeof subject, "form:%lld", (long long)c->inbox_id);
	if (outbox_enqueue(c->db, &m, &id) < 0)
		log_warnx("reply to the form in message %lld to %s not queued",
		    (long long)c->inbox_id, phone_mask(c->sender, masked,
		    sizeof masked));
	return 0;
}

/* The form's row and its audit. */
static int
store(struct fctx *c)
{
	static const char sql[] = "INSERT INTO sms_form (id, inbox_id, "
	    "account_id, sender, sender_hash, text, text_hash, kind, outcome, "
	    "entity, entity_id, group_id, day, reply, received_at) SELECT n, "
	    "?1, ?2, crypt_seal(?3, 'sms_form.sender', n), crypt_blind(?3), "
	    "crypt_seal(?4, 'sms_form.text', n), crypt_blind(?4), ?5, ?6, ?7, "
	    "?8, ?9, ?10, crypt_seal(?11, 'sms_form.reply', n), ?12 FROM "
	    "(SELECT coalesce((SELECT max(id) FROM sms_form), 0) + 1 AS n)";

	/* A repeated or over-limit form was not parsed: its keyword still
	 * says what it was. */
	enum form_kind kind = c->f.kind ? c->f.kind : forms_kind(c->text);

	if (db_run(c->db, sql, "iitttttZZDti", c->inbox_id, c->a.id, c->sender,
	    c->text, kind_names[kind], outcome_names[c->outcome],
	    c->entity, c->entity_id, c->group_id, c->day, c->reply,
	    (int64_t)c->now) < 0)
		return -1;
	return db_audit(c->db, "sms_form", db_last_id(c->db),
	    outcome_names[c->outcome]);
}

/* The reply naming the wrong part of a form that did not parse. */
static void
parse_error(struct fctx *c)
{
	const char *bad = c->f.bad ? c->f.bad : "";

	switch (c->f.err) {
	case FORM_OK:
	case FORM_ERR_KEYWORD:
		reply_set(c, N_("\"%s\" is not a form: send HD for the forms."), bad);
		break;
	case FORM_ERR_NO_GROUP:
		reply_set(c, N_("HOP: the group is missing: HOP group dd/mm CO 1 2 VANG 3 PHEP 4."));
		break;
	case FORM_ERR_DATE:
		reply_set(c, N_("The date \"%s\" is wrong: write dd/mm."), bad);
		break;
	case FORM_ERR_FUTURE:
		reply_set(c, N_("The date \"%s\" is in the future."), bad);
		break;
	case FORM_ERR_MEMBER:
		reply_set(c, N_("\"%s\" is not a member number."), bad);
		break;
	case FORM_ERR_NO_SECTION:
		reply_set(c, N_("HOP: \"%s\" must come after CO, VANG, PHEP, TRE or ND."), bad);
		break;
	case FORM_ERR_NO_ATTENDANCE:
		reply_set(c, N_("HOP: the attendance is missing: CO 1 2 VANG 3 PHEP 4."));
		break;
	case FORM_ERR_NO_LOAN:
		reply_set(c, N_("TRA: the loan is missing: TRA loan amount dd/mm."));
		break;
	case FORM_ERR_LOAN:
		reply_set(c, N_("TRA: \"%s\" is not a loan number."), bad);
		break;
	case FORM_ERR_NO_AMOUNT:
		reply_set(c, N_("TRA: the amount is missing: TRA loan amount dd/mm."));
		break;
	case FORM_ERR_AMOUNT:
		reply_set(c, N_("TRA: the amount \"%s\" is wrong: write 1078000, 1078k or 1,5tr."), bad);
		break;
	case FORM_ERR_NO_MEMBER:
		reply_set(c, N_("THAM: the member is missing: THAM number ON|CAN note."));
		break;
	case FORM_ERR_SITUATION:
		if (c->f.bad)
			reply_set(c, N_("THAM: \"%s\" is not ON (stable) or CAN (needs support)."), bad);
		else
			reply_set(c, N_("THAM: the situation is missing: ON (stable) or CAN (needs support)."));
		break;
	case FORM_ERR_EXTRA:
		reply_set(c, N_("\"%s\" is more than the form takes: send HD for the forms."), bad);
		break;
	}
}

/* ---- who may ---- */

struct member {
	int64_t person_id;
	char *code;
};

struct members {
	struct member *v;
	int n;
};

static int
member_add(const struct membership *m, void *arg)
{
	struct members *ms = arg;

	for (int i = 0; i < ms->n; i++)
		if (ms->v[i].person_id == m->person_id)
			return 0;
	ms->v = xrealloc(ms->v, (size_t)(ms->n + 1) * sizeof *ms->v);
	ms->v[ms->n].person_id = m->person_id;
	ms->v[ms->n++].code = text_fold(m->case_code);
	return 0;
}

static void
members_free(struct members *ms)
{
	for (int i = 0; i < ms->n; i++)
		free(ms->v[i].code);
	free(ms->v);
	memset(ms, 0, sizeof *ms);
}

/* 1 when code (folded) is written as who: itself, or its last number. */
static int
code_is(const char *code, const char *who)
{
	const char *last = strrchr(code, '-');
	int64_t a, b;

	if (str_eq(code, who))
		return 1;
	last = last ? last + 1 : code;
	return strspn(who, "0123456789") == strlen(who) &&
	    parse_int64(last, 0, INT64_MAX, &a) == 0 &&
	    parse_int64(who, 0, INT64_MAX, &b) == 0 && a == b;
}

/* The member written who: 1 with *id, 0 none, 2 more than one. */
static int
member_find(const struct members *ms, const char *who, int64_t *id)
{
	int found = 0;

	for (int i = 0; i < ms->n; i++)
		if (code_is(ms->v[i].code, who)) {
			*id = ms->v[i].person_id;
			found++;
		}
	return found > 1 ? 2 : found;
}

static void
squeeze(char *s)
{
	char *o = s;

	for (; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = '\0';
}

/* The group of the account's scope named name (ignoring case, diacritics
 * and spaces): 1 with *g, 0 when none. */
static int
group_find(struct fctx *c, const char *name, struct group *g)
{
	char *want = text_fold(name), *have;
	int64_t *ids = NULL;
	int n = 0, found = 0;

	squeeze(want);
	if (scope_groups(c->db, &c->a, &ids, &n) < 0) {
		free(want);
		return -1;
	}
	for (int i = 0; i < n && !found; i++) {
		if (group_get_id(c->db, ids[i], g) < 0) {
			found = -1;
			break;
		}
		have = text_fold(g->name);
		squeeze(have);
		if (str_eq(have, want) && str_eq(g->status, "active"))
			found = 1;
		else
			group_free(g);
		free(have);
	}
	free(ids);
	free(want);
	return found;
}

/* ---- recording ---- */

static int
savepoint(struct fctx *c)
{
	return db_exec(c->db, "SAVEPOINT form");
}

/* Keep (ok) or undo what the module wrote since savepoint. */
static int
savepoint_end(struct fctx *c, int ok)
{
	if (!ok && db_exec(c->db, "ROLLBACK TO form") < 0)
		return -1;
	return db_exec(c->db, "RELEASE form");
}

/* Attendance as person ids: 0, or 1 with the reply set. */
static int
attendance(struct fctx *c, const struct group *g, const struct members *ms,
    struct meeting_att *att)
{
	for (int i = 0; i < c->f.natt; i++) {
		int rc = member_find(ms, c->f.att[i].who, &att[i].person_id);
		if (rc == 0) {
			reply_set(c, N_("The group %s has no member %s."), g->name,
			    c->f.att[i].who);
			return 1;
		}
		if (rc == 2) {
			reply_set(c, N_("More than one member has the number %s: write the whole code."),
			    c->f.att[i].who);
			return 1;
		}
		att[i].status = c->f.att[i].status;
		for (int j = 0; j < i; j++)
			if (att[j].person_id == att[i].person_id) {
				reply_set(c, N_("The member %s is written twice."),
				    c->f.att[i].who);
				return 1;
			}
	}
	return 0;
}

static int
hop_record(struct fctx *c, struct group *g, struct meeting_att *att)
{
	struct meeting_result res = { 0 };
	struct att_counts k = { { 0 } };
	char d[8];
	int rc;

	if (savepoint(c) < 0)
		return -1;
	rc = meeting_record(c->db, c->conf, g, c->day, c->f.note, att,
	    (size_t)c->f.natt, &res);
	if (savepoint_end(c, rc == 0) < 0) {
		free(res.defaulted);
		return -1;
	}
	if (rc < 0) {
		reply_set(c, N_("The meeting of %s on %s could not be recorded; nothing was recorded."),
		    g->name, ddmm(c->day, d));
		return 0;
	}
	for (int i = 0; i < c->f.natt; i++)
		k.n[att[i].status]++;
	k.n[ATT_ABSENT] += (int)res.ndefaulted;
	free(res.defaulted);
	c->outcome = FORM_RECORDED;
	c->entity = "meeting";
	c->entity_id = res.meeting_id;
	if (k.n[ATT_LATE])
		reply_set(c, N_("Recorded the meeting of group %s on %s: %d present, %d late, %d absent, %d excused."),
		    g->name, ddmm(c->day, d), k.n[ATT_PRESENT], k.n[ATT_LATE],
		    k.n[ATT_ABSENT], k.n[ATT_EXCUSED]);
	else
		reply_set(c, N_("Recorded the meeting of group %s on %s: %d present, %d absent, %d excused."),
		    g->name, ddmm(c->day, d), k.n[ATT_PRESENT],
		    k.n[ATT_ABSENT], k.n[ATT_EXCUSED]);
	return 0;
}

static int
hop(struct fctx *c)
{
	struct members ms = { 0 };
	struct meeting_att *att = NULL;
	struct group g;
	char d[8];
	int64_t held;
	int rc, ret = -1;

	if ((rc = group_find(c, c->f.target, &g)) <= 0) {
		if (rc == 0)
			reply_set(c, N_("No group \"%s\" among your groups."),
			    c->f.target);
		return rc;
	}
	c->group_id = g.id;
	c->day = c->f.day != DATE_NONE ? c->f.day : c->today;
	if (db_int(c->db, &held, 0, "SELECT count(*) FROM meeting WHERE "
	    "group_id = ?1 AND held_on = ?2", "iD", g.id, c->day) < 0)
		goto out;
	if (held) {
		reply_set(c, N_("The meeting of group %s on %s is already recorded; send HUY first to correct it."),
		    g.name, ddmm(c->day, d));
		ret = 0;
		goto out;
	}
	if (group_members_each(c->db, g.id, c->day, member_add, &ms) < 0)
		goto out;
	att = xcalloc((size_t)c->f.natt, sizeof *att);
	if (attendance(c, &g, &ms, att)) {
		ret = 0;
		goto out;
	}
	ret = hop_record(c, &g, att);
out:
	free(att);
	members_free(&ms);
	group_free(&g);
	return ret;
}

/* Is loan id within the account's scope? 1 yes, 0 no or none. */
static int
loan_in_scope(struct fctx *c, int64_t id)
{
	static const char sql[] = "SELECT person_id, coalesce(group_id, 0) "
	    "FROM loan WHERE id = ?1";
	sqlite3_stmt *st;
	int64_t person = 0, group = 0;
	int rc;

	if (!(st = db_prepare(c->db, sql)) || db_bind(c->db, st, "i", id) < 0)
		return -1;
	if ((rc = db_step(c->db, st)) == SQLITE_ROW) {
		person = db_col_int(st, 0);
		group = db_col_int(st, 1);
	}
	db_reset(st);
	if (rc < 0)
		return -1;
	if (!person)
		return 0;
	if ((rc = scope_person(c->db, &c->a, person)) != 0)
		return rc;
	return group ? scope_group(c->db, &c->a, group) : 0;
}

static int
tra(struct fctx *c)
{
	struct loan_state s;
	char d[8], amount[48], left[48];
	int64_t pay;
	int rc;

	if ((rc = loan_in_scope(c, c->f.loan_id)) <= 0) {
		if (rc == 0)
			reply_set(c, N_("No loan %s among your members' loans."),
			    c->f.target);
		return rc;
	}
	c->day = c->f.day != DATE_NONE ? c->f.day : c->today;
	if (loan_state_at(c->db, c->f.loan_id, c->day, &s) < 0)
		return -1;
	dong(c->f.amount, amount, sizeof amount);
	if (s.status == LOAN_NOT_DISBURSED || s.status == LOAN_WRITTEN_OFF ||
	    s.status == LOAN_REPAID) {
		reply_set(c, N_("The loan %s takes no repayment on %s; nothing was recorded."),
		    c->f.target, ddmm(c->day, d));
		return 0;
	}
	if (c->f.amount > s.outstanding) {
		reply_set(c, N_("The amount %s is more than the %s still owed on loan %s."),
		    amount, dong(s.outstanding, left, sizeof left), c->f.target);
		return 0;
	}
	if (savepoint(c) < 0)
		return -1;
	rc = loan_repay(c->db, c->f.loan_id, c->f.amount, c->day, "SMS", &pay);
	if (savepoint_end(c, rc == 0) < 0)
		return -1;
	if (rc < 0) {
		reply_set(c, N_("The repayment to loan %s could not be recorded; nothing was recorded."),
		    c->f.target);
		return 0;
	}
	c->outcome = FORM_RECORDED;
	c->entity = "loan_pay";
	c->entity_id = pay;
	reply_set(c, N_("Recorded a repayment of %s to loan %s on %s; %s still owed."),
	    amount, c->f.target, ddmm(c->day, d),
	    dong(s.outstanding - c->f.amount, left, sizeof left));
	return 0;
}

/* The members of every group of the account's scope, today. */
static int
scope_members(struct fctx *c, struct members *ms)
{
	int64_t *ids = NULL;
	int n = 0, rc = 0;

	if (scope_groups(c->db, &c->a, &ids, &n) < 0)
		return -1;
	for (int i = 0; i < n && !rc; i++)
		rc = group_members_each(c->db, ids[i], c->today, member_add, ms);
	free(ids);
	return rc < 0 ? -1 : 0;
}

static int
tham(struct fctx *c)
{
	struct members ms = { 0 };
	struct visit v = { 0 };
	char d[8];
	int rc;

	if (scope_members(c, &ms) < 0) {
		members_free(&ms);
		return -1;
	}
	rc = member_find(&ms, c->f.target, &v.person_id);
	members_free(&ms);
	if (rc != 1) {
		if (rc == 0)
			reply_set(c, N_("No member %s among your groups."), c->f.target);
		else
			reply_set(c, N_("More than one member has the number %s: write the whole code."),
			    c->f.target);
		return 0;
	}
	v.day = c->day = c->today;
	v.visitor = c->a.name;
	v.kind = "home";
	v.situation = c->f.stable ? "stable" : "needs-support";
	v.notes = c->f.note;
	v.next_day = DATE_NONE;
	if (savepoint(c) < 0)
		return -1;
	rc = visit_log(c->db, &v);
	if (savepoint_end(c, rc == 0) < 0)
		return -1;
	if (rc < 0) {
		reply_set(c, N_("The visit could not be recorded; nothing was recorded."));
		return 0;
	}
	c->outcome = FORM_RECORDED;
	c->entity = "visit";
	c->entity_id = v.id;
	if (c->f.stable)
		reply_set(c, N_("Recorded a visit on %s: stable."), ddmm(c->day, d));
	else
		reply_set(c, N_("Recorded a visit on %s: needs support."),
		    ddmm(c->day, d));
	return 0;
}

/* The account's last recorded form of the last 24 hours. */
struct last_form {
	int64_t id, entity_id, group_id;
	char entity[16];
	int day;
};

static int
last_form(struct fctx *c, struct last_form *l)
{
	static const char sql[] = "SELECT id, entity, entity_id, "
	    "coalesce(group_id, 0), day FROM sms_form WHERE account_id = ?1 "
	    "AND outcome = 'recorded' AND entity IS NOT NULL AND "
	    "received_at > ?2 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	memset(l, 0, sizeof *l);
	if (!(st = db_prepare(c->db, sql)) || db_bind(c->db, st, "ii",
	    c->a.id, (int64_t)c->now - FORMS_UNDO_SECONDS) < 0)
		return -1;
	if ((rc = db_step(c->db, st)) == SQLITE_ROW) {
		l->id = db_col_int(st, 0);
		snprintf(l->entity, sizeof l->entity, "%s", db_col_text(st, 1));
		l->entity_id = db_col_int(st, 2);
		l->group_id = db_col_int(st, 3);
		l->day = db_col_date(st, 4);
	}
	db_reset(st);
	return rc < 0 ? -1 : rc == SQLITE_ROW;
}

static int
undo_visit(struct fctx *c, int64_t id)
{
	if (db_run(c->db, "DELETE FROM visit WHERE id = ?1", "i", id) < 0)
		return -1;
	return db_audit(c->db, "visit", id, "delete");
}

static int
huy(struct fctx *c)
{
	struct last_form l;
	struct group g;
	char d[8];
	int rc;

	if ((rc = last_form(c, &l)) <= 0) {
		if (rc == 0)
			reply_set(c, N_("No form of yours from the last 24 hours to undo; nothing changed."));
		return rc;
	}
	if (str_eq(l.entity, "meeting")) {
		if (group_get_id(c->db, l.group_id, &g) < 0)
			return -1;
		rc = meeting_delete(c->db, l.group_id, l.day);
		reply_set(c, N_("Undone: the meeting of group %s on %s."), g.name,
		    ddmm(l.day, d));
		group_free(&g);
	} else if (str_eq(l.entity, "loan_pay")) {
		rc = loan_reverse(c->db, l.entity_id, c->today, "HUY (SMS)",
		    NULL);
		reply_set(c, N_("Undone: the repayment recorded on %s."),
		    ddmm(l.day, d));
	} else {
		rc = undo_visit(c, l.entity_id);
		reply_set(c, N_("Undone: the visit recorded on %s."),
		    ddmm(l.day, d));
	}
	if (rc < 0 || db_run(c->db, "UPDATE sms_form SET outcome = 'undone', "
	    "undone_at = ?2 WHERE id = ?1", "ii", l.id, (int64_t)c->now) < 0 ||
	    db_audit(c->db, "sms_form", l.id, "undone") < 0)
		return -1;
	c->outcome = FORM_UNDONE;
	return 0;
}

/* How many words after HOP name a group of the account's scope (its
 * name folded, without spaces, equals them joined): the most, 0 when
 * none does or on error (the parse then decides alone). */
static int
hop_group_words(struct fctx *c)
{
	struct words w;
	struct group g;
	struct buf joined = { 0 };
	int64_t *ids = NULL;
	int n = 0, best = 0;

	words_split(c->text, &w);
	if (w.n < 2 || scope_groups(c->db, &c->a, &ids, &n) < 0)
		n = 0;
	for (int i = 0; i < n; i++) {
		char *have;

		if (group_get_id(c->db, ids[i], &g) < 0)
			break;
		have = text_fold(g.name);
		squeeze(have);
		buf_reset(&joined);
		for (int k = 1; k < w.n && k <= 12; k++) {
			buf_add(&joined, w.fold[k]);
			if (str_eq(joined.s, have) && k > best)
				best = k;
		}
		free(have);
		group_free(&g);
	}
	buf_free(&joined);
	free(ids);
	words_free(&w);
	return best;
}

static int
apply(struct fctx *c)
{
	int gw = 0;

	c->outcome = FORM_REFUSED;
	if (forms_kind(c->text) == FORM_HOP)
		gw = hop_group_words(c);
	if (forms_parse_hop(c->text, gw, c->today, &c->f) < 0) {
		parse_error(c);
		return 0;
	}
	switch (c->f.kind) {
	case FORM_HOP:
		return hop(c);
	case FORM_TRA:
		return tra(c);
	case FORM_THAM:
		return tham(c);
	case FORM_HUY:
		return huy(c);
	case FORM_HD:
	case FORM_NONE:
		break;
	}
	c->outcome = FORM_ANSWERED;
	reply_set(c, N_("HOP group dd/mm CO 1 2 VANG 3 PHEP 4 TRE 5 ND topic | TRA loan amount dd/mm | THAM number ON/CAN note | HUY: undo the last form"));
	return 0;
}

/* Duplicate delivery or over the hourly limit: 1 with c->outcome set
 * (and the limit's reply, once an hour), 0 to go on. */
static int
gate(struct fctx *c)
{
	int64_t n, told;
	char masked[32];

	if (db_int(c->db, &n, 0, "SELECT count(*) FROM sms_form WHERE "
	    "sender_hash = crypt_blind(?1) AND text_hash = crypt_blind(?2) AND "
	    "received_at > ?3 AND outcome NOT IN ('duplicate','limited')",
	    "tti", c->sender, c->text,
	    (int64_t)c->now - 3600) < 0)
		return -1;
	if (n) {
		c->outcome = FORM_DUPLICATE;
		log_info("message %lld repeats a form of the last hour: not "
		    "applied again", (long long)c->inbox_id);
		return 1;
	}
	if (db_int(c->db, &n, 0, "SELECT count(*) FROM sms_form WHERE "
	    "account_id = ?1 AND received_at > ?2 AND outcome <> 'limited'",
	    "ii", c->a.id, (int64_t)c->now - 3600) < 0 ||
	    db_int(c->db, &told, 0, "SELECT count(*) FROM sms_form WHERE "
	    "account_id = ?1 AND received_at > ?2 AND outcome = 'limited'",
	    "ii", c->a.id, (int64_t)c->now - 3600) < 0)
		return -1;
	if (n < FORMS_PER_HOUR)
		return 0;
	c->outcome = FORM_LIMITED;
	if (!told) {
		log_warnx("more than %d forms in an hour from %s: not applied",
		    FORMS_PER_HOUR, phone_mask(c->sender, masked, sizeof masked));
		reply_set(c, N_("More than %d forms in an hour: this one was not recorded; send it again later."),
		    FORMS_PER_HOUR);
	}
	return 1;
}

int
forms_handle(struct db *db, const struct conf *conf, int64_t inbox_id,
    const char *sender, const char *text, int64_t account_id, time_t now,
    enum form_outcome *outcome)
{
	struct fctx c = { .db = db, .conf = conf, .now = now,
		.inbox_id = inbox_id, .sender = sender, .text = text,
		.day = DATE_NONE };
	char *actor = xstrdup(db_actor(db)), *command = xstrdup(db_command(db));
	int64_t prev_account = db_account(db);
	int min, rc;

	time_to_local(now, &c.today, &min);
	if (account_get_id(db, account_id, &c.a) < 0) {
		free(actor);
		free(command);
		return -1;
	}
	db_set_actor(db, c.a.name, "sms");
	db_set_account(db, c.a.id);
	if ((rc = gate(&c)) == 0)
		rc = apply(&c);
	if (rc >= 0 && c.reply)
		rc = queue(&c);
	if (rc >= 0)
		rc = store(&c);
	db_set_actor(db, actor, command);
	db_set_account(db, prev_account);
	if (outcome)
		*outcome = c.outcome;
	free(actor);
	free(command);
	free(c.reply);
	form_free(&c.f);
	account_free(&c.a);
	return rc < 0 ? -1 : 0;
}

/* ---- the list ---- */

/* The forms matching the filter and the scope (forms.h): ?5 is the
 * scope's role (0: none), ?6 its account, ?7 and ?8 its district and
 * province. A form's group is the meeting's, else the repaid loan's; its
 * person the borrower or the person visited. */
static const char list_sql[] =
    "SELECT f.id, f.inbox_id, f.account_id, a.name, f.kind, f.outcome, "
    "crypt_open(f.text, 'sms_form.text', f.id), "
    "crypt_open(f.reply, 'sms_form.reply', f.id), f.received_at, "
    "coalesce(f.undone_at, 0), f.entity, "
    "coalesce(f.entity_id, 0), coalesce(g.id, 0), g.name, f.day, "
    "coalesce(l.id, 0), coalesce(p.id, 0), p.case_code "
    "FROM sms_form f JOIN account a ON a.id = f.account_id "
    "LEFT JOIN loan_pay lp ON f.entity = 'loan_pay' AND lp.id = f.entity_id "
    "LEFT JOIN loan l ON l.id = lp.loan_id "
    "LEFT JOIN visit v ON f.entity = 'visit' AND v.id = f.entity_id "
    "LEFT JOIN person p ON p.id = coalesce(l.person_id, v.person_id) "
    "LEFT JOIN grp g ON g.id = coalesce(f.group_id, l.group_id) "
    "WHERE (?1 = 0 OR f.received_at >= ?1) "
    "AND (?2 = 0 OR f.account_id = ?2) "
    "AND (?3 = 0 OR g.id = ?3) "
    "AND (?4 IS NULL OR f.outcome = ?4) "
    "AND (?5 = 0 OR ?5 = 3 OR f.account_id = ?6 OR (?5 = 2 AND ("
    "  (g.id IS NOT NULL AND (g.district = ?7 OR g.province = ?8)) "
    "  OR (g.id IS NULL AND p.id IS NOT NULL AND (p.district = ?7 OR "
    "    p.province = ?8 OR EXISTS (SELECT 1 FROM membership m JOIN grp mg "
    "    ON mg.id = m.group_id WHERE m.person_id = p.id AND "
    "    (mg.district = ?7 OR mg.province = ?8)))) "
    "  OR (g.id IS NULL AND p.id IS NULL AND EXISTS (SELECT 1 FROM "
    "    account_group ag JOIN grp ag2 ON ag2.id = ag.group_id WHERE "
    "    ag.account_id = f.account_id AND (ag2.district = ?7 OR "
    "    ag2.province = ?8)))))) "
    "ORDER BY f.id DESC LIMIT ?9";

static void
item_read(sqlite3_stmt *st, struct forms_item *it)
{
	it->id = db_col_int(st, 0);
	it->inbox_id = db_col_int(st, 1);
	it->account_id = db_col_int(st, 2);
	it->account = db_col_text(st, 3);
	it->kind = db_col_text(st, 4);
	it->outcome = db_col_text(st, 5);
	it->text = db_col_text(st, 6);
	it->reply = db_col_text(st, 7);
	it->received_at = (time_t)db_col_int(st, 8);
	it->undone_at = (time_t)db_col_int(st, 9);
	it->entity = db_col_text(st, 10);
	it->entity_id = db_col_int(st, 11);
	it->group_id = db_col_int(st, 12);
	it->group = db_col_text(st, 13);
	it->day = db_col_date(st, 14);
	it->loan_id = db_col_int(st, 15);
	it->person_id = db_col_int(st, 16);
	it->case_code = db_col_text(st, 17);
}

int
forms_each(struct db *db, const struct forms_filter *f,
    int (*fn)(const struct forms_item *it, void *arg), void *arg)
{
	const struct account *a = f->scope;
	struct forms_item it;
	sqlite3_stmt *st;
	int rc, stop = 0;

	if (!(st = db_prepare(db, list_sql)) || db_bind(db, st, "iiitdittd",
	    (int64_t)f->since, f->account_id, f->group_id, f->outcome,
	    a ? (int)a->role : 0, a ? a->id : 0,
	    a && !str_empty(a->district) ? a->district : NULL,
	    a && !str_empty(a->province) ? a->province : NULL,
	    f->limit > 0 ? f->limit : 100) < 0)
		return -1;
	while (!stop && (rc = db_step(db, st)) == SQLITE_ROW) {
		item_read(st, &it);
		stop = fn(&it, arg);
	}
	db_reset(st);
	if (stop)
		return stop;
	return rc < 0 ? -1 : 0;
}

char *
forms_recorded_show(const struct forms_item *it, char *buf, size_t size)
{
	char d[16];

	buf[0] = '\0';
	if (str_eq(it->entity, "meeting") && it->group && it->day != DATE_NONE)
		/* TRANSLATORS: what a form recorded: a group's name, a date. */
		snprintf(buf, size, _("meeting of %s on %s"), it->group,
		    date_show(it->day, d));
	else if (str_eq(it->entity, "loan_pay") && it->loan_id)
		/* TRANSLATORS: a loan's number, then the borrower's case code. */
		snprintf(buf, size, _("repayment to loan %lld (%s)"),
		    (long long)it->loan_id, it->case_code ? it->case_code : "");
	else if (str_eq(it->entity, "visit") && it->case_code)
		/* TRANSLATORS: %s is the case code of the person visited. */
		snprintf(buf, size, _("visit to %s"), it->case_code);
	else if (str_eq(it->entity, "visit"))
		snprintf(buf, size, "%s", _("a visit (deleted)"));
	return buf;
}
