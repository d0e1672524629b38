/*
 * web.c - one request: route, session, CSRF, scope, then the page.
 */
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/log.h"
#include "core/text.h"
#include "groups/grant.h"
#include "groups/loan.h"
#include "groups/scope.h"
#include "sms/inbox.h"
#include "web/page.h"
#include "web/route.h"

/* The account of the session cookie, if it is live. */
static int
load_session(struct web_ctx *x)
{
	int rc;

	if (!x->rq->token || !*x->rq->token)
		return 0;
	rc = session_check(x->db, x->rq->token, x->w->idle_minutes, &x->acct,
	    x->csrf);
	if (rc < 0)
		return -1;
	x->signed_in = rc == 0;
	return 0;
}

/* Refuse a record outside the account's scope: 403 and an audit row,
 * the same answer whether the record exists or not. */
static int
deny(struct web_ctx *x, const char *entity, int64_t id)
{
	db_audit(x->db, entity, id, "denied");
	page_status(x, 403, _("You may not see this page."));
	return -1;
}

static int
sender_of(const struct inbox_item *m, void *arg)
{
	*(int64_t *)arg = m->person_id;
	return 0;
}

/* The borrower of x->a.loan or the recipient of x->a.grant into
 * x->a.person (0 when there is no such record: the answer is 403, so the
 * module's "not found" is kept out of the log). */
static int
owner_of(struct web_ctx *x, int grant)
{
	struct loan l;
	struct grant g;
	char msg[256];
	int rc;

	x->a.person = 0;
	if (grant ? !x->a.grant : !x->a.loan)
		return 0;
	log_capture(msg, sizeof msg);
	rc = grant ? grant_get(x->db, x->a.grant, &g) :
	    loan_get(x->db, x->a.loan, &l);
	log_capture(NULL, 0);
	if (rc == 0) {
		x->a.person = grant ? g.person_id : l.person_id;
		if (grant)
			grant_free(&g);
		else
			loan_free(&l);
	}
	return 0;
}

/* The record the route is about, as an entity and an id; for a received
 * message, the person who sent it goes into x->a.person, and so do the
 * borrower of a loan and the recipient of a grant. */
static int
route_record(struct web_ctx *x, const char **entity, int64_t *id)
{
	struct inbox_filter f = { .id = x->a.id, .limit = 1 };

	switch (x->route->perm) {
	case PERM_GROUP:
		*entity = "group";
		*id = x->a.group;
		return 0;
	case PERM_PERSON:
	case PERM_COORD_PERSON:
		*entity = "person";
		*id = x->a.person;
		return 0;
	case PERM_REPLY:
		*entity = "inbox";
		*id = x->a.id;
		x->a.person = 0;
		return x->a.id ? inbox_each(x->db, &f, sender_of, &x->a.person) : 0;
	case PERM_LOAN:
		*entity = "loan";
		*id = x->a.loan;
		return owner_of(x, 0);
	case PERM_GRANT:
		*entity = "grant";
		*id = x->a.grant;
		return owner_of(x, 1);
	default:
		*entity = NULL;
		*id = 0;
		return 0;
	}
}

/* The scope check of the route. 0 to go on, -1 answered. */
static int
check_scope(struct web_ctx *x)
{
	const char *entity;
	int64_t id;
	int rc;

	if ((x->route->perm == PERM_COORD || x->route->perm ==
	    PERM_COORD_PERSON) && x->acct.role != ROLE_COORDINATOR &&
	    x->acct.role != ROLE_ADMIN) {
		page_status(x, 403, _("This page is for coordinators and "
		    "administrators."));
		return -1;
	}
	if (route_record(x, &entity, &id) < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	if (!entity)
		return 0;
	if (id == 0) {
		page_status(x, 400, _("This address lacks the record it is "
		    "about."));
		return -1;
	}
	if (x->route->perm == PERM_GROUP)
		rc = scope_group(x->db, &x->acct, id);
	else
		rc = x->a.person ? scope_person(x->db, &x->acct, x->a.person) : 0;
	if (rc < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	return rc == 1 ? 0 : deny(x, entity, id);
}

/* Session, CSRF and scope, in this order. 0 to run the page. */
static int
check_route(struct web_ctx *x)
{
	if (load_session(x) < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	if (x->signed_in)
		account_act(x->db, &x->acct, "web");
	if (x->route->perm == PERM_PUBLIC)
		return 0;
	if (!x->signed_in) {
		if (!strcmp(x->rq->method, "GET"))
			return page_redirect(x, "/"), -1;
		page_status(x, 403, _("Your session has ended: sign in again."));
		return -1;
	}
	if (x->route->csrf && !session_csrf_ok(x->csrf, x->a.csrf)) {
		page_status(x, 403, _("This form is out of date or did not come "
		    "from shg: open the page again."));
		return -1;
	}
	if ((x->route->perm == PERM_ADMIN && x->acct.role != ROLE_ADMIN) ||
	    (x->route->perm == PERM_COORD && x->acct.role == ROLE_ORGANISER))
		return deny(x, "page", 0);
	return check_scope(x);
}

/* Run the page; a POST runs in one transaction, kept only when the page
 * succeeded without form errors. */
static void
run_page(struct web_ctx *x)
{
	int post = !strcmp(x->rq->method, "POST"), rc;

	if (post && db_begin(x->db) < 0) {
		page_status(x, 503, _("The database is busy; try again."));
		return;
	}
	log_capture(x->errmsg, sizeof x->errmsg);
	rc = x->route->fn(x);
	log_capture(NULL, 0);
	if (!post)
		return;
	if (rc == 0 && x->a.nerr == 0 && db_commit(x->db) == 0)
		return;
	db_rollback(x->db);
}

void
web_handle(struct web *w, const struct web_req *rq, struct web_resp *rs)
{
	struct web_ctx x = { .w = w, .db = w->db, .conf = w->conf, .rq = rq,
		.rs = rs };
	int status;

	rs->status = 200;
	rs->type = "text/html; charset=utf-8";
	if (!(x.route = route_find(rq->method, rq->path, &status))) {
		page_status(&x, status, status == 404 ? _("There is no such "
		    "page.") : _("This page does not take that method."));
		return;
	}
	route_parse(x.route, rq, &x.a);
	if (check_route(&x) == 0)
		run_page(&x);
	db_set_actor(w->db, "web", "web");
	db_set_account(w->db, 0);
	route_args_free(&x.a);
	if (x.signed_in)
		account_free(&x.acct);
}

void
web_resp_free(struct web_resp *rs)
{
	buf_free(&rs->body);
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode s[0..len) (+ is a space, %XX a byte) into a new string. */
static char *
url_decode(const char *s, size_t len)
{
	char *out = xmalloc(len + 1), *o = out;
	int hi, lo;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] != '%') {
			*o++ = s[i];
		} else if (i + 2 < len && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			*o++ = (char)(hi * 16 + lo);
			i += 2;
		} else {
			free(out);
			return NULL;
		}
	}
	*o = '\0';
	if (memchr(out, '\0', (size_t)(o - out)) ||
	    !text_valid_utf8(out, (size_t)(o - out))) {
		free(out);
		return NULL;
	}
	return out;
}

int
web_form_parse(const char *s, size_t len, struct web_kv **kv, int *n)
{
	const char *end = s + len, *amp, *eq;
	char *k, *v;

	while (s < end) {
		amp = memchr(s, '&', (size_t)(end - s));
		if (!amp)
			amp = end;
		eq = memchr(s, '=', (size_t)(amp - s));
		if (!eq)
			eq = amp;
		if (amp > s) {
			k = url_decode(s, (size_t)(eq - s));
			v = url_decode(eq < amp ? eq + 1 : amp,
			    eq < amp ? (size_t)(amp - eq - 1) : 0);
			if (!k || !v) {
				free(k);
				free(v);
				return -1;
			}
			*kv = xrealloc(*kv, (size_t)(*n + 1) * sizeof **kv);
			(*kv)[*n].key = k;
			(*kv)[(*n)++].val = v;
		}
		s = amp + 1;
	}
	return 0;
}

void
web_kv_free(struct web_kv *kv, int n)
{
	for (int i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].val);
	}
	free(kv);
}
