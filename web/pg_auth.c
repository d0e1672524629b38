/*
 * pg_auth.c - signing in and out. "/" is the login form for a visitor
 * without a session and the Today page for an account.
 */
#include <stdio.h>
#include <string.h>

#include "core/account.h"
#include "core/i18n.h"
#include "web/html.h"
#include "web/page.h"
#include "web/pages.h"

static void
login_form(struct web_ctx *x, const char *msg)
{
	struct buf *b = &x->rs->body;

	page_begin(x, _("Sign in"));
	html_raw(b, "<section class=\"login\">");
	if (msg)
		page_note(x, "err", msg);
	html_printf(b, "<form method=\"post\" action=\"/login\">"
	    "<label for=\"name\">%s</label>"
	    "<input id=\"name\" name=\"name\" autocomplete=\"username\" "
	    "autocapitalize=\"none\" required value=\"%s\">",
	    _("User name"), x->a.name ? x->a.name : "");
	page_field_error(x, "name");
	html_printf(b, "<label for=\"password\">%s</label>"
	    "<input id=\"password\" name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required>", _("Password"));
	page_field_error(x, "password");
	html_printf(b, "<button type=\"submit\">%s</button></form></section>",
	    _("Sign in"));
	page_end(x);
}

int
page_home(struct web_ctx *x)
{
	if (!x->signed_in) {
		login_form(x, NULL);
		return 0;
	}
	return page_today(x);
}

/* Why a login failed, for the person at the keyboard. A wrong name and a
 * wrong password read the same. */
static const char *
login_message(enum login_result r)
{
	switch (r) {
	case LOGIN_LOCKED:
		return _("This account is locked after too many failed "
		    "attempts: ask an administrator to unlock it.");
	case LOGIN_DISABLED:
		return _("This account is disabled.");
	case LOGIN_SLOW_DOWN:
		return _("Too many attempts: wait a moment and try again.");
	case LOGIN_ERROR:
		return _("The database failed; try again.");
	default:
		return _("Wrong user name or password.");
	}
}

int
page_login(struct web_ctx *x)
{
	char token[ACCOUNT_TOKEN_HEX], csrf[ACCOUNT_TOKEN_HEX];
	struct account acct;
	enum login_result r;

	if (x->a.nerr) {
		x->rs->status = 400;
		login_form(x, NULL);
		return 0;
	}
	/* account_login audits a success: under the name that signed in */
	db_set_actor(x->db, x->a.name, "web");
	r = account_login(x->db, x->a.name, x->a.password, x->rq->addr, &acct);
	if (r != LOGIN_OK) {
		/* Kept (status 0): the failure count must be committed. */
		x->rs->status = r == LOGIN_SLOW_DOWN ? 429 : 401;
		login_form(x, login_message(r));
		return 0;
	}
	if (session_start(x->db, acct.id, token, csrf) < 0) {
		account_free(&acct);
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	account_free(&acct);
	snprintf(x->rs->cookie, sizeof x->rs->cookie, "%s=%s; Path=/; "
	    "HttpOnly; SameSite=Strict%s", WEB_COOKIE, token,
	    x->w->tls ? "; Secure" : "");
	page_redirect(x, "/");
	return 0;
}

int
page_logout(struct web_ctx *x)
{
	if (session_end(x->db, x->rq->token) < 0) {
		page_status(x, 500, _("The database failed; try again."));
		return -1;
	}
	snprintf(x->rs->cookie, sizeof x->rs->cookie, "%s=; Path=/; "
	    "Max-Age=0; HttpOnly; SameSite=Strict%s", WEB_COOKIE,
	    x->w->tls ? "; Secure" : "");
	page_redirect(x, "/");
	return 0;
}
